/**
 * Domain (virtual machine) model: zod schemas mirroring libvirt's domain XML.
 *
 * Every object that maps an XML element carries an optional `extra` field
 * ({@link XmlExtras}) holding the attributes and child elements the model does
 * not know, so a parse → format round trip never drops content. Sizes are
 * integers in KiB unless stated otherwise; booleans map libvirt's yes/no or
 * on/off attributes (the formatter writes the spelling libvirt uses).
 * @module
 */
import { z } from 'zod';
import { extraField, NameSchema, UuidSchema } from './common.js';
import { RawXmlElementSchema, XmlExtrasSchema } from '../xml/mapping.js';

const uint = z.number().int().nonnegative();
const posInt = z.number().int().positive();

// ---------------------------------------------------------------------------
// Shared device parts

/** zod: a device `<address>` (generic: `type` plus its other attributes verbatim, e.g. PCI `domain`/`bus`/`slot`/`function`). */
export const DeviceAddressSchema = z.object({
  /** Address type (`pci`, `drive`, `usb`, `virtio-serial`, `ccw`, `isa`, ...); absent inside a hostdev `<source>`. */
  type: z.string().min(1).optional(),
  /** The remaining attributes, verbatim (hexadecimal spellings are kept). */
  attrs: z.record(z.string(), z.string()).optional(),
  ...extraField,
});
/** A device address. */
export type DeviceAddress = z.infer<typeof DeviceAddressSchema>;

/** zod: a device `<alias name=.../>`. */
export const DeviceAliasSchema = z.object({
  /** Alias name (user aliases start with `ua-`). */
  name: z.string().min(1),
  ...extraField,
});
/** A device alias. */
export type DeviceAlias = z.infer<typeof DeviceAliasSchema>;

/** zod: a per-device `<boot order=.../>`. */
export const DeviceBootSchema = z.object({
  /** Boot order (1 = first). */
  order: posInt,
  /** s390 load parameter. */
  loadparm: z.string().optional(),
  ...extraField,
});
/** A per-device boot order. */
export type DeviceBoot = z.infer<typeof DeviceBootSchema>;

/** Fields common to devices: boot order, alias and guest address (formatted in this order, last in the device). */
const deviceInfo = {
  /** Per-device boot order (disks, interfaces, hostdevs, redirdevs). */
  boot: DeviceBootSchema.optional(),
  /** Device alias. */
  alias: DeviceAliasSchema.optional(),
  /** Guest bus address. */
  address: DeviceAddressSchema.optional(),
};

// ---------------------------------------------------------------------------
// Memory, vCPU

/** zod: `<maxMemory slots=...>` (memory hotplug limit). */
export const MaxMemorySchema = z.object({
  /** Maximum hotpluggable memory in KiB. */
  size: uint,
  /** Number of memory slots. */
  slots: uint.optional(),
  ...extraField,
});

/** zod: one `<hugepages><page/>` entry. */
export const HugepageSchema = z.object({
  /** Page size in KiB. */
  size: uint.optional(),
  /** Guest NUMA nodes using this page size. */
  nodeset: z.string().optional(),
  ...extraField,
});

/** zod: `<memoryBacking>`. */
export const MemoryBackingSchema = z.object({
  /** Huge pages (`<hugepages>`); an empty page list means default huge pages. */
  hugepages: z.object({ pages: z.array(HugepageSchema).default([]), ...extraField }).optional(),
  /** `<nosharepages/>` (disable KSM). */
  nosharepages: z.boolean().optional(),
  /** `<locked/>` (lock memory in host RAM). */
  locked: z.boolean().optional(),
  /** `<source type=.../>`. */
  source: z.object({ type: z.enum(['file', 'anonymous', 'memfd']), ...extraField }).optional(),
  /** `<access mode=.../>`. */
  access: z.object({ mode: z.enum(['shared', 'private']), ...extraField }).optional(),
  /** `<allocation mode=... threads=.../>`. */
  allocation: z.object({ mode: z.enum(['immediate', 'ondemand']).optional(), threads: uint.optional(), ...extraField }).optional(),
  /** `<discard/>`. */
  discard: z.boolean().optional(),
  ...extraField,
});
/** Memory backing options. */
export type MemoryBacking = z.infer<typeof MemoryBackingSchema>;

/** zod: `<vcpu>`. */
export const VcpuSchema = z.object({
  /** Maximum number of vCPUs. */
  count: posInt,
  /** vCPUs online at boot. */
  current: posInt.optional(),
  /** Placement policy. */
  placement: z.enum(['static', 'auto']).optional(),
  /** Host CPU set (libvirt bitmap syntax, e.g. `1-4,^3,6`). */
  cpuset: z.string().optional(),
  ...extraField,
});

// ---------------------------------------------------------------------------
// OS

/** Boot devices of `<os><boot dev=.../>`. */
export const BootDevices = ['fd', 'cdrom', 'hd', 'network'] as const;

/** zod: `<os><loader>`. */
export const LoaderSchema = z.object({
  /** Firmware image path (element text). */
  path: z.string().optional(),
  /** Read-only image. */
  readonly: z.boolean().optional(),
  /** Loader type. */
  type: z.enum(['rom', 'pflash']).optional(),
  /** Secure boot required. */
  secure: z.boolean().optional(),
  /** Stateless firmware (no NVRAM). */
  stateless: z.boolean().optional(),
  /** Image format. */
  format: z.enum(['raw', 'qcow2']).optional(),
  ...extraField,
});

/** zod: `<os><nvram>`. */
export const NvramSchema = z.object({
  /** NVRAM file path (element text). */
  path: z.string().optional(),
  /** Template the NVRAM is created from. */
  template: z.string().optional(),
  /** Format of the NVRAM file. */
  format: z.enum(['raw', 'qcow2']).optional(),
  /** Format of the template. */
  templateFormat: z.enum(['raw', 'qcow2']).optional(),
  ...extraField,
});

/** zod: `<os>`. */
export const OsSchema = z.object({
  /** OS type (`hvm`, `linux` for Xen PV, `xen`, `exe`, ...). */
  type: z.string().default('hvm'),
  /** Guest architecture. */
  arch: z.string().optional(),
  /** Machine type (`pc`, `q35`, `pc-q35-10.0`, ...). */
  machine: z.string().optional(),
  /** Unknown attributes/children of `<type>`. */
  typeExtra: XmlExtrasSchema.optional(),
  /** Firmware auto-selection (`<os firmware=...>`). */
  firmware: z.enum(['bios', 'efi']).optional(),
  /** Firmware feature requirements (`<firmware><feature enabled name/></firmware>`). */
  firmwareFeatures: z
    .object({
      features: z.array(z.object({ name: z.string().min(1), enabled: z.boolean(), ...extraField })).default([]),
      ...extraField,
    })
    .optional(),
  /** Firmware loader. */
  loader: LoaderSchema.optional(),
  /** UEFI variable store. */
  nvram: NvramSchema.optional(),
  /** Direct kernel boot: kernel path. */
  kernel: z.string().optional(),
  /** Direct kernel boot: initrd path. */
  initrd: z.string().optional(),
  /** Direct kernel boot: command line. */
  cmdline: z.string().optional(),
  /** Device tree blob path. */
  dtb: z.string().optional(),
  /** Boot device order (`<boot dev=.../>`). */
  boot: z.array(z.object({ dev: z.enum(BootDevices), ...extraField })).default([]),
  /** Interactive boot menu. */
  bootmenu: z.object({ enable: z.boolean(), timeout: z.number().int().min(0).max(65535).optional(), ...extraField }).optional(),
  /** SMBIOS source. */
  smbios: z.object({ mode: z.enum(['emulate', 'host', 'sysinfo']), ...extraField }).optional(),
  /** BIOS options. */
  bios: z.object({ useserial: z.boolean().optional(), rebootTimeout: z.number().int().optional(), ...extraField }).optional(),
  ...extraField,
});
/** Guest OS boot configuration. */
export type OsSpec = z.infer<typeof OsSchema>;

// ---------------------------------------------------------------------------
// Features, CPU, clock, power management

/** zod: a simple hypervisor feature (`<acpi/>`, `<pmu state='off'/>`, ...): present, optionally with a state. */
export const FeatureToggleSchema = z.object({
  /** The `state` attribute (on/off), when written. */
  state: z.boolean().optional(),
  ...extraField,
});
/** A simple feature toggle. */
export type FeatureToggle = z.infer<typeof FeatureToggleSchema>;

/** zod: `<features>`; features not listed here (hyperv, kvm, smm, ioapic, ...) are kept in `extra`. */
export const FeaturesSchema = z.object({
  /** ACPI. */
  acpi: FeatureToggleSchema.optional(),
  /** APIC (with optional `eoi`). */
  apic: FeatureToggleSchema.extend({ eoi: z.boolean().optional() }).optional(),
  /** PAE. */
  pae: FeatureToggleSchema.optional(),
  /** Hardware-assisted paging. */
  hap: FeatureToggleSchema.optional(),
  /** Performance monitoring unit. */
  pmu: FeatureToggleSchema.optional(),
  /** VMware IO port. */
  vmport: FeatureToggleSchema.optional(),
  ...extraField,
});
/** Hypervisor features. */
export type Features = z.infer<typeof FeaturesSchema>;

/** zod: one guest NUMA cell (`<cpu><numa><cell>`). */
export const NumaCellSchema = z.object({
  /** Cell id. */
  id: uint.optional(),
  /** Guest vCPUs of the cell. */
  cpus: z.string().optional(),
  /** Memory of the cell in KiB. */
  memory: uint,
  /** Memory access mode. */
  memAccess: z.enum(['shared', 'private']).optional(),
  /** Discard memory on exit. */
  discard: z.boolean().optional(),
  ...extraField,
});

/** zod: `<cpu>`. */
export const CpuSchema = z.object({
  /** CPU mode. */
  mode: z.enum(['custom', 'host-model', 'host-passthrough', 'maximum']).optional(),
  /** Match policy (custom mode). */
  match: z.enum(['minimum', 'exact', 'strict']).optional(),
  /** Check level. */
  check: z.enum(['none', 'partial', 'full']).optional(),
  /** Migratable (host-passthrough/maximum). */
  migratable: z.boolean().optional(),
  /** CPU model. */
  model: z.object({ name: z.string().optional(), fallback: z.enum(['allow', 'forbid']).optional(), vendorId: z.string().optional(), ...extraField }).optional(),
  /** CPU vendor. */
  vendor: z.string().optional(),
  /** Topology. */
  topology: z
    .object({ sockets: posInt, dies: posInt.optional(), clusters: posInt.optional(), cores: posInt, threads: posInt, ...extraField })
    .optional(),
  /** Feature list. */
  features: z
    .array(z.object({ policy: z.enum(['force', 'require', 'optional', 'disable', 'forbid']).optional(), name: z.string().min(1), ...extraField }))
    .default([]),
  /** Guest NUMA topology. */
  numa: z.object({ cells: z.array(NumaCellSchema).default([]), ...extraField }).optional(),
  ...extraField,
});
/** Guest CPU definition. */
export type CpuSpec = z.infer<typeof CpuSchema>;

/** zod: one `<clock><timer>`. */
export const TimerSchema = z.object({
  /** Timer name. */
  name: z.enum(['platform', 'pit', 'rtc', 'hpet', 'tsc', 'kvmclock', 'hypervclock', 'armvtimer']),
  /** Whether the timer is exposed. */
  present: z.boolean().optional(),
  /** Tick policy. */
  tickpolicy: z.enum(['delay', 'catchup', 'merge', 'discard']).optional(),
  /** Time source tracked. */
  track: z.enum(['boot', 'guest', 'wall', 'realtime']).optional(),
  /** Frequency in Hz (tsc). */
  frequency: uint.optional(),
  /** Mode (tsc). */
  mode: z.enum(['auto', 'native', 'emulate', 'paravirt', 'smpsafe']).optional(),
  ...extraField,
});

/** zod: `<clock>`. */
export const ClockSchema = z.object({
  /** Offset policy. */
  offset: z.enum(['utc', 'localtime', 'timezone', 'variable', 'absolute']),
  /** Time zone (offset=timezone). */
  timezone: z.string().optional(),
  /** Adjustment in seconds or `reset` (offset=utc/localtime/variable). */
  adjustment: z.string().optional(),
  /** Basis (offset=variable). */
  basis: z.enum(['utc', 'localtime']).optional(),
  /** Start time in seconds since the epoch (offset=absolute). */
  start: uint.optional(),
  /** Timers. */
  timers: z.array(TimerSchema).default([]),
  ...extraField,
});

/** Lifecycle actions of `<on_poweroff>`, `<on_reboot>`, `<on_crash>`. */
export const LifecycleActions = ['destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy', 'coredump-restart'] as const;
/** zod: a lifecycle action. */
export const LifecycleActionSchema = z.enum(LifecycleActions);

/** zod: `<pm>`. */
export const PmSchema = z.object({
  /** `<suspend-to-mem enabled=...>`. */
  suspendToMem: z.boolean().optional(),
  /** `<suspend-to-disk enabled=...>`. */
  suspendToDisk: z.boolean().optional(),
  ...extraField,
});

// ---------------------------------------------------------------------------
// Devices

/** zod: one disk source host (`<source><host .../>`). */
export const DiskHostSchema = z.object({
  /** Host name or address. */
  name: z.string().optional(),
  /** Port. */
  port: uint.optional(),
  /** Transport. */
  transport: z.enum(['tcp', 'unix', 'rdma']).optional(),
  /** Unix socket path (transport=unix). */
  socket: z.string().optional(),
  ...extraField,
});

/** Disk source types. */
export const DiskTypes = ['file', 'block', 'dir', 'network', 'volume', 'nvme', 'vhostuser', 'vhostvdpa'] as const;
/** Network disk protocols. */
export const DiskProtocols = ['nbd', 'rbd', 'sheepdog', 'gluster', 'iscsi', 'http', 'https', 'ftp', 'ftps', 'tftp', 'ssh', 'vxhs', 'nfs'] as const;

/** zod: disk `<source>`. */
export const DiskSourceSchema = z.object({
  /** Image path (type=file). */
  file: z.string().optional(),
  /** Block device (type=block). */
  dev: z.string().optional(),
  /** Directory (type=dir). */
  dir: z.string().optional(),
  /** Network protocol (type=network). */
  protocol: z.enum(DiskProtocols).optional(),
  /** Image/export/volume name (type=network). */
  name: z.string().optional(),
  /** Hosts (type=network). */
  hosts: z.array(DiskHostSchema).default([]),
  /** Storage pool (type=volume). */
  pool: z.string().optional(),
  /** Storage volume (type=volume). */
  volume: z.string().optional(),
  /** iSCSI volume access mode (type=volume). */
  mode: z.enum(['host', 'direct']).optional(),
  /** What to do when the source is missing. */
  startupPolicy: z.enum(['mandatory', 'requisite', 'optional']).optional(),
  ...extraField,
});

/** Disk buses. */
export const DiskBuses = ['ide', 'fdc', 'scsi', 'virtio', 'xen', 'usb', 'uml', 'sata', 'sd', 'none'] as const;

/** zod: `<disk>`. */
export const DiskSchema = z.object({
  /** Source type. */
  type: z.enum(DiskTypes),
  /** Guest device kind. */
  device: z.enum(['disk', 'cdrom', 'floppy', 'lun']).default('disk'),
  /** Virtio model variant. */
  model: z.enum(['virtio', 'virtio-transitional', 'virtio-non-transitional']).optional(),
  /** Raw I/O (lun). */
  rawio: z.boolean().optional(),
  /** SG_IO filtering (lun). */
  sgio: z.enum(['filtered', 'unfiltered']).optional(),
  /** Snapshot default. */
  snapshot: z.enum(['no', 'internal', 'external', 'manual']).optional(),
  /** Hypervisor driver options. */
  driver: z
    .object({
      name: z.string().optional(),
      type: z.string().optional(),
      cache: z.enum(['default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe']).optional(),
      io: z.enum(['native', 'threads', 'io_uring']).optional(),
      discard: z.enum(['unmap', 'ignore']).optional(),
      detectZeroes: z.enum(['off', 'on', 'unmap']).optional(),
      iothread: posInt.optional(),
      errorPolicy: z.enum(['stop', 'report', 'ignore', 'enospace']).optional(),
      ...extraField,
    })
    .optional(),
  /** Source (absent for an empty removable drive). */
  source: DiskSourceSchema.optional(),
  /** Guest target. */
  target: z.object({
    dev: z.string().min(1),
    bus: z.enum(DiskBuses).optional(),
    tray: z.enum(['open', 'closed']).optional(),
    removable: z.boolean().optional(),
    rotationRate: uint.optional(),
    ...extraField,
  }),
  /** Read-only. */
  readonly: z.boolean().optional(),
  /** Shared between domains. */
  shareable: z.boolean().optional(),
  /** Changes are discarded on shutdown. */
  transient: z.object({ shareBacking: z.boolean().optional(), ...extraField }).optional(),
  /** Serial number exposed to the guest. */
  serial: z.string().optional(),
  /** World Wide Name. */
  wwn: z.string().optional(),
  /** SCSI vendor string. */
  vendor: z.string().optional(),
  /** SCSI product string. */
  product: z.string().optional(),
  ...deviceInfo,
  ...extraField,
});
/** A disk device. */
export type DiskSpec = z.infer<typeof DiskSchema>;

/** Controller types. */
export const ControllerTypes = ['ide', 'fdc', 'scsi', 'sata', 'virtio-serial', 'ccid', 'usb', 'pci', 'xenbus', 'isa', 'nvme'] as const;

/** Known controller models per type (libvirt enums). */
export const ControllerModels: Partial<Record<(typeof ControllerTypes)[number], readonly string[]>> = {
  usb: ['piix3-uhci', 'piix4-uhci', 'ehci', 'ich9-ehci1', 'ich9-uhci1', 'ich9-uhci2', 'ich9-uhci3', 'vt82c686b-uhci', 'pci-ohci', 'nec-xhci', 'qusb1', 'qusb2', 'qemu-xhci', 'none'],
  pci: ['pci-root', 'pcie-root', 'pci-bridge', 'dmi-to-pci-bridge', 'pcie-root-port', 'pcie-switch-upstream-port', 'pcie-switch-downstream-port', 'pci-expander-bus', 'pcie-expander-bus', 'pcie-to-pci-bridge'],
  scsi: ['auto', 'buslogic', 'lsilogic', 'lsisas1068', 'vmpvscsi', 'ibmvscsi', 'virtio-scsi', 'lsisas1078', 'virtio-transitional', 'virtio-non-transitional', 'ncr53c90', 'am53c974', 'dc390'],
  ide: ['piix3', 'piix4', 'ich6'],
  'virtio-serial': ['virtio', 'virtio-transitional', 'virtio-non-transitional'],
  isa: [],
};

/** zod: `<controller>`. */
export const ControllerSchema = z.object({
  /** Controller type. */
  type: z.enum(ControllerTypes),
  /** Index (unique per type). */
  index: uint.optional(),
  /** Model (see {@link ControllerModels}). */
  model: z.string().optional(),
  /** Ports (usb, virtio-serial). */
  ports: uint.optional(),
  /** MSI vectors (virtio-serial). */
  vectors: uint.optional(),
  /** Xen bus grant frames. */
  maxGrantFrames: uint.optional(),
  /** PCI controller target options (`<target chassisNr chassis port busNr index hotplug/>`). */
  target: z
    .object({
      chassisNr: uint.optional(),
      chassis: uint.optional(),
      port: uint.optional(),
      busNr: uint.optional(),
      index: uint.optional(),
      hotplug: z.boolean().optional(),
      ...extraField,
    })
    .optional(),
  /** Driver options (`queues`, `iothread`, ...). */
  driver: z.object({ queues: posInt.optional(), iothread: posInt.optional(), ...extraField }).optional(),
  ...deviceInfo,
  ...extraField,
});
/** A controller. */
export type ControllerSpec = z.infer<typeof ControllerSchema>;

/** Interface types. */
export const InterfaceTypes = ['user', 'ethernet', 'vhostuser', 'server', 'client', 'mcast', 'network', 'bridge', 'internal', 'direct', 'hostdev', 'udp', 'vdpa', 'null', 'vds'] as const;

/** zod: `<interface>`. */
export const InterfaceSchema = z.object({
  /** Connection type. */
  type: z.enum(InterfaceTypes),
  /** Trust guest RX filters (direct). */
  trustGuestRxFilters: z.boolean().optional(),
  /** MAC address. */
  mac: z.object({ address: z.string().regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/), type: z.enum(['generated', 'static']).optional(), check: z.boolean().optional(), ...extraField }).optional(),
  /** Source (attributes depend on `type`). */
  source: z
    .object({
      network: z.string().optional(),
      portgroup: z.string().optional(),
      portid: z.string().optional(),
      bridge: z.string().optional(),
      dev: z.string().optional(),
      mode: z.string().optional(),
      type: z.string().optional(),
      path: z.string().optional(),
      address: z.string().optional(),
      port: uint.optional(),
      ...extraField,
    })
    .optional(),
  /** Host-side device. */
  target: z.object({ dev: z.string().optional(), managed: z.boolean().optional(), ...extraField }).optional(),
  /** Guest NIC model. */
  model: z.object({ type: z.string().min(1), ...extraField }).optional(),
  /** Driver options. */
  driver: z
    .object({
      name: z.enum(['qemu', 'vhost', 'kvm', 'vfio', 'xen']).optional(),
      queues: uint.optional(),
      txmode: z.enum(['iothread', 'timer']).optional(),
      rxQueueSize: uint.optional(),
      txQueueSize: uint.optional(),
      ...extraField,
    })
    .optional(),
  /** Link state. */
  link: z.object({ state: z.enum(['up', 'down']), ...extraField }).optional(),
  /** MTU. */
  mtu: z.object({ size: uint, ...extraField }).optional(),
  ...deviceInfo,
  ...extraField,
});
/** A network interface. */
export type InterfaceSpec = z.infer<typeof InterfaceSchema>;

/** Character device backend types. */
export const ChrTypes = ['null', 'vc', 'pty', 'dev', 'file', 'pipe', 'stdio', 'udp', 'tcp', 'unix', 'spicevmc', 'spiceport', 'nmdm', 'qemu-vdagent', 'dbus'] as const;

/** zod: one character device `<source>`. */
export const ChrSourceSchema = z.object({
  /** Mode (`bind`/`connect`) for tcp/udp/unix. */
  mode: z.enum(['bind', 'connect']).optional(),
  /** Path (file, dev, pipe, unix, pty). */
  path: z.string().optional(),
  /** Host (tcp/udp). */
  host: z.string().optional(),
  /** Service/port (tcp/udp). */
  service: z.string().optional(),
  /** Append to file. */
  append: z.boolean().optional(),
  /** Channel (spiceport). */
  channel: z.string().optional(),
  /** TLS (tcp). */
  tls: z.boolean().optional(),
  ...extraField,
});

/** zod: a character device (`<serial>`, `<console>`, `<parallel>`, `<channel>`). */
export const ChrDeviceSchema = z.object({
  /** Backend type. */
  type: z.enum(ChrTypes),
  /** Sources (udp has a bind and a connect source). */
  sources: z.array(ChrSourceSchema).default([]),
  /** Wire protocol (tcp). */
  protocol: z.object({ type: z.enum(['raw', 'telnet', 'telnets', 'tls']), ...extraField }).optional(),
  /** Output log. */
  log: z.object({ file: z.string().min(1), append: z.boolean().optional(), ...extraField }).optional(),
  /** Guest side. */
  target: z
    .object({
      type: z.string().optional(),
      port: uint.optional(),
      name: z.string().optional(),
      address: z.string().optional(),
      state: z.enum(['connected', 'disconnected']).optional(),
      ...extraField,
    })
    .optional(),
  ...deviceInfo,
  ...extraField,
});
/** A character device. */
export type ChrDeviceSpec = z.infer<typeof ChrDeviceSchema>;

/** zod: `<input>`. */
export const InputSchema = z.object({
  /** Input type. */
  type: z.enum(['mouse', 'tablet', 'keyboard', 'passthrough', 'evdev']),
  /** Bus. */
  bus: z.enum(['ps2', 'usb', 'xen', 'parallels', 'virtio', 'none']).optional(),
  /** Virtio model variant. */
  model: z.enum(['virtio', 'virtio-transitional', 'virtio-non-transitional']).optional(),
  ...deviceInfo,
  ...extraField,
});

/** zod: `<tpm>`. */
export const TpmSchema = z.object({
  /** TPM model. */
  model: z.enum(['tpm-tis', 'tpm-crb', 'tpm-spapr', 'spapr-tpm-proxy']).optional(),
  /** Backend. */
  backend: z.object({ type: z.enum(['passthrough', 'emulator', 'external']), version: z.enum(['1.2', '2.0']).optional(), ...extraField }),
  ...deviceInfo,
  ...extraField,
});

/** zod: one graphics `<listen>`. */
export const GraphicsListenSchema = z.object({
  /** Listen type. */
  type: z.enum(['address', 'network', 'socket', 'none']),
  /** Address (type=address). */
  address: z.string().optional(),
  /** Network name (type=network). */
  network: z.string().optional(),
  /** Socket path (type=socket). */
  socket: z.string().optional(),
  ...extraField,
});

/** zod: `<graphics>`. */
export const GraphicsSchema = z.object({
  /** Display type. */
  type: z.enum(['sdl', 'vnc', 'rdp', 'desktop', 'spice', 'egl-headless', 'dbus']),
  /** TCP port (-1: automatic). */
  port: z.number().int().min(-1).optional(),
  /** TLS port (spice). */
  tlsPort: z.number().int().min(-1).optional(),
  /** Automatic port allocation. */
  autoport: z.boolean().optional(),
  /** Websocket port (vnc). */
  websocket: z.number().int().min(-1).optional(),
  /** Legacy listen address attribute. */
  listen: z.string().optional(),
  /** Password. */
  passwd: z.string().optional(),
  /** Keyboard map. */
  keymap: z.string().optional(),
  /** Listen definitions. */
  listens: z.array(GraphicsListenSchema).default([]),
  ...extraField,
});

/** zod: `<sound>`. */
export const SoundSchema = z.object({
  /** Sound card model. */
  model: z.enum(['sb16', 'es1370', 'pcspk', 'ac97', 'ich6', 'ich9', 'usb', 'ich7', 'virtio']),
  ...deviceInfo,
  ...extraField,
});

/** zod: `<video>`. */
export const VideoSchema = z.object({
  /** Video model. */
  model: z
    .object({
      type: z.enum(['default', 'vga', 'cirrus', 'vmvga', 'xen', 'vbox', 'qxl', 'parallels', 'virtio', 'gop', 'none', 'bochs', 'ramfb']),
      vram: uint.optional(),
      vram64: uint.optional(),
      ram: uint.optional(),
      vgamem: uint.optional(),
      heads: posInt.optional(),
      primary: z.boolean().optional(),
      ...extraField,
    })
    .optional(),
  ...deviceInfo,
  ...extraField,
});

/** zod: `<hostdev>` (basics; the source's children beyond `<address>` stay in `extra`). */
export const HostdevSchema = z.object({
  /** Mode. */
  mode: z.enum(['subsystem', 'capabilities']),
  /** Type. */
  type: z.enum(['usb', 'pci', 'scsi', 'scsi_host', 'mdev', 'storage', 'misc', 'net']),
  /** Detach from the host automatically. */
  managed: z.boolean().optional(),
  /** Model (mdev). */
  model: z.string().optional(),
  /** Source. */
  source: z.object({ address: DeviceAddressSchema.optional(), ...extraField }).optional(),
  /** Read-only (scsi). */
  readonly: z.boolean().optional(),
  /** Shareable (scsi). */
  shareable: z.boolean().optional(),
  ...deviceInfo,
  ...extraField,
});

/** zod: `<watchdog>`. */
export const WatchdogSchema = z.object({
  /** Model. */
  model: z.enum(['i6300esb', 'ib700', 'diag288', 'itco']),
  /** Action on expiry. */
  action: z.enum(['reset', 'shutdown', 'poweroff', 'pause', 'dump', 'none', 'inject-nmi']).optional(),
  ...deviceInfo,
  ...extraField,
});

/** zod: `<memballoon>`. */
export const MemballoonSchema = z.object({
  /** Model. */
  model: z.enum(['virtio', 'xen', 'none', 'virtio-transitional', 'virtio-non-transitional']),
  /** Deflate on OOM. */
  autodeflate: z.boolean().optional(),
  /** Free page reporting. */
  freePageReporting: z.boolean().optional(),
  /** Statistics polling period in seconds. */
  stats: z.object({ period: uint, ...extraField }).optional(),
  ...deviceInfo,
  ...extraField,
});

/** zod: `<rng>`. */
export const RngSchema = z.object({
  /** Model. */
  model: z.enum(['virtio', 'virtio-transitional', 'virtio-non-transitional']),
  /** Rate limit. */
  rate: z.object({ bytes: uint, period: uint.optional(), ...extraField }).optional(),
  /** Backend: `random` (path in `path`), `egd` (a character device of type `type`, its source/protocol kept in `extra`) or `builtin`. */
  backend: z.object({ model: z.enum(['random', 'egd', 'builtin']), path: z.string().optional(), type: z.enum(ChrTypes).optional(), ...extraField }),
  ...deviceInfo,
  ...extraField,
});

/** zod: `<panic>`. */
export const PanicSchema = z.object({
  /** Model. */
  model: z.enum(['isa', 'pseries', 'hyperv', 's390', 'pvpanic', 'pvpanic-pci']).optional(),
  ...deviceInfo,
  ...extraField,
});

/**
 * zod: `<devices>`. Device kinds not modelled here (filesystem, smartcard,
 * audio, redirdev, hub, shmem, memory, iommu, vsock, crypto, lease, ...) are
 * kept verbatim in `extra` at their position.
 */
export const DevicesSchema = z.object({
  /** Emulator binary. */
  emulator: z.string().optional(),
  /** Disks. */
  disks: z.array(DiskSchema).default([]),
  /** Controllers. */
  controllers: z.array(ControllerSchema).default([]),
  /** Network interfaces. */
  interfaces: z.array(InterfaceSchema).default([]),
  /** Serial ports. */
  serials: z.array(ChrDeviceSchema).default([]),
  /** Parallel ports. */
  parallels: z.array(ChrDeviceSchema).default([]),
  /** Consoles. */
  consoles: z.array(ChrDeviceSchema).default([]),
  /** Channels. */
  channels: z.array(ChrDeviceSchema).default([]),
  /** Input devices. */
  inputs: z.array(InputSchema).default([]),
  /** TPMs. */
  tpms: z.array(TpmSchema).default([]),
  /** Graphics. */
  graphics: z.array(GraphicsSchema).default([]),
  /** Sound cards. */
  sounds: z.array(SoundSchema).default([]),
  /** Video adapters. */
  videos: z.array(VideoSchema).default([]),
  /** Host devices. */
  hostdevs: z.array(HostdevSchema).default([]),
  /** Watchdogs. */
  watchdogs: z.array(WatchdogSchema).default([]),
  /** Memory balloon. */
  memballoon: MemballoonSchema.optional(),
  /** Random number generators. */
  rngs: z.array(RngSchema).default([]),
  /** Panic devices. */
  panics: z.array(PanicSchema).default([]),
  ...extraField,
});
/** The device list of a domain. */
export type DevicesSpec = z.infer<typeof DevicesSchema>;

/** Hypervisor types accepted in `<domain type=...>`. */
export const DomainTypes = ['none', 'qemu', 'kqemu', 'kvm', 'xen', 'lxc', 'uml', 'openvz', 'test', 'vmware', 'hyperv', 'vbox', 'phyp', 'parallels', 'bhyve', 'vz', 'hvf'] as const;

/** zod schema of a domain definition (libvirt `<domain>`). Memory sizes are in KiB. */
export const DomainSpecSchema = z.object({
  /** Hypervisor type attribute (`kvm`, `qemu`, `xen`, `test`, ...). */
  type: z.string().min(1),
  /** Domain name. */
  name: NameSchema,
  /** Domain UUID; generated on define when absent. */
  uuid: UuidSchema.optional(),
  /** Short title. */
  title: z.string().optional(),
  /** Free-text description. */
  description: z.string().optional(),
  /** `<metadata>` element kept verbatim (namespaced application data). */
  metadata: RawXmlElementSchema.optional(),
  /** Memory hotplug limit (`<maxMemory>`). */
  maxMemory: MaxMemorySchema.optional(),
  /** Maximum memory at boot, in KiB (`<memory>`). */
  memory: z.number().int().nonnegative(),
  /** Include guest memory in core dumps (`<memory dumpCore=...>`). */
  memoryDumpCore: z.boolean().optional(),
  /** Current (balloon) memory in KiB (`<currentMemory>`); defaults to `memory`. */
  currentMemory: z.number().int().nonnegative().optional(),
  /** Memory backing. */
  memoryBacking: MemoryBackingSchema.optional(),
  /** Virtual CPUs. */
  vcpu: VcpuSchema.default({ count: 1 }),
  /** Guest OS boot configuration. */
  os: OsSchema.default({ type: 'hvm', boot: [] }),
  /** Hypervisor features. */
  features: FeaturesSchema.optional(),
  /** Guest CPU. */
  cpu: CpuSchema.optional(),
  /** Clock. */
  clock: ClockSchema.optional(),
  /** Action on guest power-off. */
  onPoweroff: LifecycleActionSchema.optional(),
  /** Action on guest reboot. */
  onReboot: LifecycleActionSchema.optional(),
  /** Action on guest crash. */
  onCrash: LifecycleActionSchema.optional(),
  /** Power management. */
  pm: PmSchema.optional(),
  /** Devices. */
  devices: DevicesSchema.optional(),
  ...extraField,
});

/** A domain definition. */
export type DomainSpec = z.infer<typeof DomainSpecSchema>;
