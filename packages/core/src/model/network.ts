/**
 * Virtual network model: zod schemas mirroring libvirt's network XML
 * (`<network>`, see https://libvirt.org/formatnetwork.html).
 *
 * Every object that maps an XML element carries an optional `extra` field
 * holding the attributes and child elements the model does not know, so they
 * survive a parse → format round trip. IP addresses are kept in libvirt's
 * canonical text form (as `inet_ntop` prints them), MAC addresses of the
 * bridge in lower case.
 * @module
 */
import { z } from 'zod';
import { extraField, NameSchema, UuidSchema } from './common.js';
import { RawXmlElementSchema } from '../xml/mapping.js';

/** Forward modes of a libvirt network (`<forward mode=...>`). */
export const NETWORK_FORWARD_MODES = ['nat', 'route', 'open', 'bridge', 'private', 'vepa', 'passthrough', 'hostdev'] as const;

/** zod: a forward mode. */
export const NetworkForwardModeSchema = z.enum(NETWORK_FORWARD_MODES);

/** A forward mode. */
export type NetworkForwardMode = z.infer<typeof NetworkForwardModeSchema>;

/** zod: `<bridge>`: the host bridge backing the network and its STP settings. */
export const NetworkBridgeSchema = z.object({
  /** Bridge device name (`virbr0`). */
  name: z.string().optional(),
  /** firewalld zone the bridge is put in. */
  zone: z.string().optional(),
  /** Spanning tree protocol; libvirt defaults to on for nat/route/open/isolated networks. */
  stp: z.boolean().optional(),
  /** STP forward delay in seconds (default 0). */
  delay: z.number().int().nonnegative().optional(),
  /** Who manages the bridge's MAC table. */
  macTableManager: z.enum(['kernel', 'libvirt']).optional(),
  ...extraField,
});

/** zod: `<mtu size=...>`. */
export const NetworkMtuSchema = z.object({
  /** MTU in bytes. */
  size: z.number().int().nonnegative(),
  ...extraField,
});

/** zod: `<mac address=...>`: the bridge's MAC address. */
export const NetworkMacSchema = z.object({
  /** MAC address, lower case `xx:xx:xx:xx:xx:xx`. */
  address: z.string(),
  ...extraField,
});

/** zod: `<domain>`: the DNS domain of the DHCP clients. */
export const NetworkDomainSchema = z.object({
  /** Domain name. */
  name: z.string(),
  /** Answer queries for this domain locally only (never forward them). */
  localOnly: z.boolean().optional(),
  /** Register the domain with the host's resolver. */
  register: z.boolean().optional(),
  ...extraField,
});

/** zod: `<nat><address start end/></nat>`: SNAT address range. */
export const NetworkNatAddressSchema = z.object({
  /** First IPv4 address. */
  start: z.string(),
  /** Last IPv4 address. */
  end: z.string(),
  ...extraField,
});

/** zod: `<nat><port start end/></nat>`: SNAT port range. */
export const NetworkNatPortSchema = z.object({
  /** First port. */
  start: z.number().int().nonnegative(),
  /** Last port. */
  end: z.number().int().nonnegative(),
  ...extraField,
});

/** zod: `<forward><nat>`: NAT settings of a nat network. */
export const NetworkNatSchema = z.object({
  /** Also NAT IPv6 traffic. */
  ipv6: z.boolean().optional(),
  /** SNAT address range. */
  address: NetworkNatAddressSchema.optional(),
  /** SNAT port range. */
  port: NetworkNatPortSchema.optional(),
  ...extraField,
});

/** zod: `<forward><interface dev/>`: one physical device of the forward pool. */
export const NetworkForwardInterfaceSchema = z.object({
  /** Host network device name. */
  dev: z.string(),
  /** Number of guest connections using it (runtime state; not written in inactive XML). */
  connections: z.number().int().nonnegative().optional(),
  ...extraField,
});

/** zod: `<forward><address type='pci' .../>`: one PCI device (VF) of a hostdev pool. */
export const NetworkForwardPciAddressSchema = z.object({
  /** Address type (only PCI is supported). */
  type: z.literal('pci'),
  /** PCI domain. */
  domain: z.number().int().nonnegative(),
  /** PCI bus. */
  bus: z.number().int().nonnegative(),
  /** PCI slot. */
  slot: z.number().int().nonnegative(),
  /** PCI function. */
  function: z.number().int().nonnegative(),
  /** Number of guest connections using it (runtime state). */
  connections: z.number().int().nonnegative().optional(),
  ...extraField,
});

/** zod: `<forward><pf dev/>`: the SR-IOV physical function whose VFs form the pool. */
export const NetworkForwardPfSchema = z.object({
  /** PF network device name. */
  dev: z.string(),
  ...extraField,
});

/** zod: `<forward><driver>`: the PCI passthrough driver of a hostdev network. */
export const NetworkForwardDriverSchema = z.object({
  /** Backend driver name. */
  name: z.enum(['kvm', 'vfio', 'xen']).optional(),
  /** Variant driver model, e.g. `vfio-pci-igb`. */
  model: z.string().optional(),
  ...extraField,
});

/** zod: `<forward>`: how traffic leaves the network. */
export const NetworkForwardSchema = z.object({
  /** Forward mode (libvirt's default when `<forward>` has no mode is `nat`). */
  mode: NetworkForwardModeSchema,
  /**
   * Forward device (`<forward dev>`). libvirt treats it as the first entry of
   * {@link NetworkForward.interfaces}; the formatter writes it from there.
   */
  dev: z.string().optional(),
  /** For hostdev networks: whether libvirt detaches/reattaches the devices. */
  managed: z.boolean().optional(),
  /** PCI passthrough driver (hostdev). */
  driver: NetworkForwardDriverSchema.optional(),
  /** NAT settings (mode `nat` only). */
  nat: NetworkNatSchema.optional(),
  /** Pool of network devices (`<interface dev>`), first one being `dev`. */
  interfaces: z.array(NetworkForwardInterfaceSchema).optional(),
  /** Pool of PCI devices (`<address type='pci'>`). */
  addresses: z.array(NetworkForwardPciAddressSchema).optional(),
  /** SR-IOV physical function. */
  pf: NetworkForwardPfSchema.optional(),
  ...extraField,
});

/** zod: `<lease expiry unit>`: DHCP lease time (`expiry` 0 means infinite). */
export const NetworkDhcpLeaseSchema = z.object({
  /** Lease time, 0 for infinite. */
  expiry: z.number().int().nonnegative(),
  /** Unit of `expiry` (libvirt default: minutes). */
  unit: z.enum(['seconds', 'minutes', 'hours']).optional(),
  ...extraField,
});

/** zod: `<dhcp><range start end>`. */
export const NetworkDhcpRangeSchema = z.object({
  /** First address handed out. */
  start: z.string(),
  /** Last address handed out. */
  end: z.string(),
  /** Lease time for this range. */
  lease: NetworkDhcpLeaseSchema.optional(),
  ...extraField,
});

/** zod: `<dhcp><host>`: a static DHCP reservation. */
export const NetworkDhcpHostSchema = z.object({
  /** Client MAC (IPv4 only), kept as written. */
  mac: z.string().optional(),
  /** Client DUID (IPv6). */
  id: z.string().optional(),
  /** Host name. */
  name: z.string().optional(),
  /** Reserved address. */
  ip: z.string().optional(),
  /** Lease time for this host. */
  lease: NetworkDhcpLeaseSchema.optional(),
  ...extraField,
});

/** zod: `<dhcp><bootp file server>`: PXE boot settings (IPv4 only). */
export const NetworkDhcpBootpSchema = z.object({
  /** Boot file name. */
  file: z.string(),
  /** TFTP server address (default: the network's own address). */
  server: z.string().optional(),
  ...extraField,
});

/** zod: `<dhcp>`. */
export const NetworkDhcpSchema = z.object({
  /** Dynamic ranges. */
  ranges: z.array(NetworkDhcpRangeSchema).optional(),
  /** Static reservations. */
  hosts: z.array(NetworkDhcpHostSchema).optional(),
  /** PXE boot settings. */
  bootp: NetworkDhcpBootpSchema.optional(),
  ...extraField,
});

/** zod: `<tftp root>`: built-in TFTP server (IPv4 only). */
export const NetworkTftpSchema = z.object({
  /** Directory served. */
  root: z.string(),
  ...extraField,
});

/** zod: `<ip>`: an address of the network's bridge, with its DHCP settings. */
export const NetworkIpSchema = z.object({
  /** Address family as written (`ipv4`/`ipv6`); libvirt keeps it only when given. */
  family: z.enum(['ipv4', 'ipv6']).optional(),
  /** The host's address on the network. */
  address: z.string(),
  /** IPv4 netmask (alternative to `prefix`). */
  netmask: z.string().optional(),
  /** Prefix length. */
  prefix: z.number().int().nonnegative().optional(),
  /** Answer reverse lookups for this subnet locally. */
  localPtr: z.boolean().optional(),
  /** TFTP server. */
  tftp: NetworkTftpSchema.optional(),
  /** DHCP server. */
  dhcp: NetworkDhcpSchema.optional(),
  ...extraField,
});

/** zod: `<route>`: a static route added on the host via a gateway on this network. */
export const NetworkRouteSchema = z.object({
  /** Address family as written. */
  family: z.enum(['ipv4', 'ipv6']).optional(),
  /** Destination network address. */
  address: z.string(),
  /** IPv4 netmask of the destination. */
  netmask: z.string().optional(),
  /** Prefix length of the destination. */
  prefix: z.number().int().nonnegative().optional(),
  /** Gateway, reachable through one of the network's `<ip>`s. */
  gateway: z.string(),
  /** Route metric (> 0). */
  metric: z.number().int().positive().optional(),
  ...extraField,
});

/** zod: `<dns><forwarder>`: an upstream DNS server, optionally for one domain. */
export const NetworkDnsForwarderSchema = z.object({
  /** Upstream server address. */
  addr: z.string().optional(),
  /** Domain the forwarder is used for. */
  domain: z.string().optional(),
  ...extraField,
});

/** zod: `<dns><txt name value>`. */
export const NetworkDnsTxtSchema = z.object({
  /** Record name. */
  name: z.string(),
  /** Record value. */
  value: z.string(),
  ...extraField,
});

/** zod: `<dns><srv>`. */
export const NetworkDnsSrvSchema = z.object({
  /** Service name. */
  service: z.string(),
  /** Protocol (`tcp`, `udp`, ...). */
  protocol: z.string(),
  /** Domain. */
  domain: z.string().optional(),
  /** Target host. */
  target: z.string().optional(),
  /** Port (1-65535). */
  port: z.number().int().nonnegative().optional(),
  /** Priority (0-65535). */
  priority: z.number().int().nonnegative().optional(),
  /** Weight (0-65535). */
  weight: z.number().int().nonnegative().optional(),
  ...extraField,
});

/** zod: `<dns><host ip><hostname>...`. */
export const NetworkDnsHostSchema = z.object({
  /** Address. */
  ip: z.string(),
  /** Host names resolving to `ip`. */
  hostnames: z.array(z.string()),
  ...extraField,
});

/** zod: `<dns>`: the network's DNS server settings. */
export const NetworkDnsSchema = z.object({
  /** Whether the DNS server runs at all. */
  enable: z.boolean().optional(),
  /** Forward unqualified names upstream. */
  forwardPlainNames: z.boolean().optional(),
  /** Upstream servers. */
  forwarders: z.array(NetworkDnsForwarderSchema).optional(),
  /** TXT records. */
  txts: z.array(NetworkDnsTxtSchema).optional(),
  /** SRV records. */
  srvs: z.array(NetworkDnsSrvSchema).optional(),
  /** Host records. */
  hosts: z.array(NetworkDnsHostSchema).optional(),
  ...extraField,
});

/** zod: `<vlan><tag id nativeMode>`. */
export const NetworkVlanTagSchema = z.object({
  /** VLAN id (0-4095). */
  id: z.number().int().min(0).max(4095),
  /** Native VLAN mode of this tag. */
  nativeMode: z.enum(['tagged', 'untagged']).optional(),
  ...extraField,
});

/** zod: `<vlan>`. */
export const NetworkVlanSchema = z.object({
  /** Trunk mode (always on with more than one tag). */
  trunk: z.boolean().optional(),
  /** Tags. */
  tags: z.array(NetworkVlanTagSchema).min(1),
  ...extraField,
});

/** zod: `<inbound>`/`<outbound>` of `<bandwidth>`: rates in KiB/s, burst in KiB. */
export const NetworkBandwidthRateSchema = z.object({
  /** Average rate. */
  average: z.number().int().nonnegative().optional(),
  /** Peak rate. */
  peak: z.number().int().nonnegative().optional(),
  /** Guaranteed minimum (inbound, on interfaces only). */
  floor: z.number().int().nonnegative().optional(),
  /** Burst size. */
  burst: z.number().int().nonnegative().optional(),
  ...extraField,
});

/** zod: `<bandwidth>`: QoS limits. */
export const NetworkBandwidthSchema = z.object({
  /** Traffic towards the guests. */
  inbound: NetworkBandwidthRateSchema.optional(),
  /** Traffic from the guests. */
  outbound: NetworkBandwidthRateSchema.optional(),
  ...extraField,
});

/** zod: `<virtualport><parameters>`. */
export const NetworkVirtualPortParametersSchema = z.object({
  /** 802.1Qbg VSI manager id (0-255). */
  managerid: z.number().int().nonnegative().optional(),
  /** 802.1Qbg VSI type id (0-0xffffff). */
  typeid: z.number().int().nonnegative().optional(),
  /** 802.1Qbg VSI type version (0-255). */
  typeidversion: z.number().int().nonnegative().optional(),
  /** 802.1Qbg VSI instance UUID. */
  instanceid: z.string().optional(),
  /** Open vSwitch interface UUID. */
  interfaceid: z.string().optional(),
  /** 802.1Qbh / Open vSwitch port profile name. */
  profileid: z.string().optional(),
  ...extraField,
});

/** zod: `<virtualport>`: the virtual port profile guests' interfaces use. */
export const NetworkVirtualPortSchema = z.object({
  /** Profile type. */
  type: z.enum(['802.1Qbg', '802.1Qbh', 'openvswitch', 'midonet']).optional(),
  /** Parameters. */
  parameters: NetworkVirtualPortParametersSchema.optional(),
  ...extraField,
});

/** zod: `<portgroup>`: a named set of per-interface settings. */
export const NetworkPortGroupSchema = z.object({
  /** Port group name. */
  name: z.string().min(1),
  /** Used by interfaces that name no port group. */
  default: z.boolean().optional(),
  /** Trust guest RX filter changes. */
  trustGuestRxFilters: z.boolean().optional(),
  /** VLAN settings. */
  vlan: NetworkVlanSchema.optional(),
  /** Virtual port profile. */
  virtualport: NetworkVirtualPortSchema.optional(),
  /** QoS. */
  bandwidth: NetworkBandwidthSchema.optional(),
  ...extraField,
});

/** zod: `<port isolated>`: default port options. */
export const NetworkPortSchema = z.object({
  /** Isolate guest ports from each other. */
  isolated: z.boolean().optional(),
  ...extraField,
});

/** zod schema of a virtual network definition (libvirt `<network>`). */
export const NetworkSpecSchema = z.object({
  /** Network name. */
  name: NameSchema,
  /** Network UUID; generated on define when absent. */
  uuid: UuidSchema.optional(),
  /** Short title (single line). */
  title: z.string().optional(),
  /** Free-text description. */
  description: z.string().optional(),
  /** `<metadata>` element kept verbatim (namespaced application data). */
  metadata: RawXmlElementSchema.optional(),
  /** Number of guest interfaces connected (runtime state; not written in inactive XML). */
  connections: z.number().int().nonnegative().optional(),
  /** `ipv6='yes'`: enable IPv6 between guests even without an IPv6 address on the host. */
  ipv6: z.boolean().optional(),
  /** Trust guest RX filter changes. */
  trustGuestRxFilters: z.boolean().optional(),
  /** How traffic leaves the network; absent for an isolated network. */
  forward: NetworkForwardSchema.optional(),
  /** Host bridge. */
  bridge: NetworkBridgeSchema.optional(),
  /** Bridge MTU. */
  mtu: NetworkMtuSchema.optional(),
  /** Bridge MAC address. */
  mac: NetworkMacSchema.optional(),
  /** DNS domain. */
  domain: NetworkDomainSchema.optional(),
  /** DNS server settings. */
  dns: NetworkDnsSchema.optional(),
  /** VLAN settings. */
  vlan: NetworkVlanSchema.optional(),
  /** QoS for the whole network. */
  bandwidth: NetworkBandwidthSchema.optional(),
  /** Default port options. */
  port: NetworkPortSchema.optional(),
  /** Host addresses on the network (with DHCP). */
  ips: z.array(NetworkIpSchema).optional(),
  /** Static routes. */
  routes: z.array(NetworkRouteSchema).optional(),
  /** Virtual port profile. */
  virtualport: NetworkVirtualPortSchema.optional(),
  /** Port groups. */
  portgroups: z.array(NetworkPortGroupSchema).optional(),
  /** Extra dnsmasq options (`<dnsmasq:options>` namespace). */
  dnsmasqOptions: z.array(z.string()).optional(),
  ...extraField,
});

/** A virtual network definition. */
export type NetworkSpec = z.infer<typeof NetworkSpecSchema>;
/** `<forward>` of a network. */
export type NetworkForward = z.infer<typeof NetworkForwardSchema>;
/** `<ip>` of a network. */
export type NetworkIp = z.infer<typeof NetworkIpSchema>;
/** `<dhcp>` of an `<ip>`. */
export type NetworkDhcp = z.infer<typeof NetworkDhcpSchema>;
/** `<dns>` of a network. */
export type NetworkDns = z.infer<typeof NetworkDnsSchema>;
/** `<bridge>` of a network. */
export type NetworkBridge = z.infer<typeof NetworkBridgeSchema>;
/** `<route>` of a network. */
export type NetworkRoute = z.infer<typeof NetworkRouteSchema>;
/** `<vlan>` of a network or port group. */
export type NetworkVlan = z.infer<typeof NetworkVlanSchema>;
/** `<bandwidth>` of a network or port group. */
export type NetworkBandwidth = z.infer<typeof NetworkBandwidthSchema>;
/** `<virtualport>` of a network or port group. */
export type NetworkVirtualPort = z.infer<typeof NetworkVirtualPortSchema>;
/** `<portgroup>` of a network. */
export type NetworkPortGroup = z.infer<typeof NetworkPortGroupSchema>;
/** `<lease>` of a DHCP range or host. */
export type NetworkDhcpLease = z.infer<typeof NetworkDhcpLeaseSchema>;
