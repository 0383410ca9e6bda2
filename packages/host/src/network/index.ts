/**
 * Virtual networks on a Linux host: {@link HostNetworks} (core's
 * `NetworkDriver` over bridges, nftables and dnsmasq), the pure generators
 * of the dnsmasq configuration and firewall rules, and the tap helpers the
 * hypervisor drivers use for `<interface type='network'>`.
 * @module
 */
export * from './manager.js';
export * from './dnsmasq.js';
export * from './firewall.js';
export * from './kernel.js';
export * from '../util/runner.js';
export { parseIp, formatIp, ipPrefix, ipNetworkCidr, ptrDomain, netmaskToPrefix, prefixToNetmask, rangeSize, type IpAddress } from '../util/ip.js';
