/**
 * dnsmasq configuration for a virtual network, mirroring libvirt's
 * `networkDnsmasqConfContents` (same options, same order), and parsing of
 * dnsmasq's lease file into core's {@link DhcpLease}.
 * @module
 */
import { join } from 'node:path';
import { ErrorCode, PolyvisorError, type DhcpLease, type NetworkDhcpLease, type NetworkIp, type NetworkSpec } from '@polyvisor/core';
import { formatIp, ipFamily, ipPrefix, parseIp, prefixToNetmask, ptrDomain, rangeSize, inSubnet } from '../util/ip.js';

/** libvirt's dnsmasq state directory, the default for the hosts file paths. */
export const LIBVIRT_DNSMASQ_DIR = '/var/lib/libvirt/dnsmasq';

/** Options of {@link networkDnsmasqConfig}. */
export interface DnsmasqConfigOptions {
  /** Directory of the `.hostsfile` / `.addnhosts` files (default libvirt's `/var/lib/libvirt/dnsmasq`). */
  paths?: string;
  /** Base name of those files (default the network name). */
  fileStem?: string;
  /** Adds `pid-file=` (libvirt does when it runs dnsmasq). */
  pidFile?: string;
  /**
   * Adds `dhcp-leasefile=`: dnsmasq keeps its leases there. libvirt instead
   * uses `--leasefile-ro` plus its leases helper; a plain lease file is what
   * polyvisor reads back in {@link parseDnsmasqLeases}.
   */
  leaseFile?: string;
  /** Bridge name when the spec has none (the spec's `<bridge name>` wins). */
  bridge?: string;
  /**
   * Put the static DHCP hosts (`dhcp-host=`) and DNS hosts (`host-record=`)
   * in the config itself instead of naming `dhcp-hostsfile=` /
   * `addn-hosts=` files. dnsmasq reads its config as root but those files
   * only after dropping privileges (to `nobody`), so they would have to sit
   * in a world-readable directory; polyvisor's run directory is private
   * (0700), hence its runtime uses this. libvirt's layout is the default.
   */
  inlineHosts?: boolean;
}

/** Output of {@link networkDnsmasqConfig}: the config and the two side files it names. */
export interface DnsmasqConfig {
  /** The `--conf-file` contents. */
  config: string;
  /** The `dhcp-hostsfile` contents (static DHCP hosts, one per line; may be empty). */
  hostsFile: string;
  /** The `addn-hosts` contents (`<dns><host>` entries, hosts(5) format; may be empty). */
  addnHosts: string;
  /** Path of the DHCP hosts file named in the config. */
  hostsFilePath: string;
  /** Path of the additional hosts file named in the config. */
  addnHostsPath: string;
  /** True when the network needs dnsmasq at all (libvirt's `networkStartDhcpDaemon` test). */
  needed: boolean;
}

function fail(spec: NetworkSpec, msg: string): PolyvisorError {
  return new PolyvisorError(ErrorCode.INVALID_ARG, `network "${spec.name}": ${msg}`, { driver: 'host' });
}

/** dnsmasq lease time text (`10m`, `2h`, `infinite`) of a `<lease>`; libvirt's default unit is minutes. */
export function dnsmasqLeaseTime(lease: NetworkDhcpLease | undefined): string | undefined {
  if (!lease) return undefined;
  if (lease.expiry === 0) return 'infinite';
  return `${lease.expiry}${(lease.unit ?? 'minutes')[0]}`;
}

function hasDhcp(ip: NetworkIp): boolean {
  return (ip.dhcp?.ranges?.length ?? 0) > 0 || (ip.dhcp?.hosts?.length ?? 0) > 0;
}

/** True when the network runs a DHCP server on some address. */
export function networkHasDhcp(spec: NetworkSpec): boolean {
  return (spec.ips ?? []).some(hasDhcp);
}

function dhcpHostLine(host: NonNullable<NonNullable<NetworkIp['dhcp']>['hosts']>[number], ipv6: boolean): string | undefined {
  if (!host.ip) return undefined;
  const ip = formatIp(parseIp(host.ip));
  let line: string | undefined;
  if (ipv6) {
    if (host.name && host.id) line = `id:${host.id},${host.name},[${ip}]`;
    else if (host.name) line = `${host.name},[${ip}]`;
    else if (host.id) line = `id:${host.id},[${ip}]`;
  } else if (host.name && host.mac) line = `${host.mac},${ip},${host.name}`;
  else if (host.name) line = `${host.name},${ip}`;
  else if (host.mac) line = `${host.mac},${ip}`;
  if (line === undefined) return undefined;
  const lt = dnsmasqLeaseTime(host.lease);
  return lt ? `${line},${lt}` : line;
}

/**
 * Generates the dnsmasq configuration of a network, in the format and
 * order of libvirt's `networkDnsmasqConfContents` with a fully featured
 * dnsmasq (`bind-dynamic`, DHCPv6, RA). Pure: file paths come from
 * `opts`. Throws `INVALID_ARG` for what libvirt refuses (two IPv4 or two
 * IPv6 addresses with DHCP, a PTR zone for an odd prefix, an SRV record
 * without service/protocol).
 *
 * The leading `##` comment differs from libvirt's (it names polyvisor); the
 * options are the same. `leaseFile` adds `dhcp-leasefile=`, which libvirt
 * never writes (it uses its leases helper).
 */
export function networkDnsmasqConfig(spec: NetworkSpec, opts: DnsmasqConfigOptions = {}): DnsmasqConfig {
  const dir = opts.paths ?? LIBVIRT_DNSMASQ_DIR;
  const stem = opts.fileStem ?? spec.name;
  const hostsFilePath = join(dir, `${stem}.hostsfile`);
  const addnHostsPath = join(dir, `${stem}.addnhosts`);
  const bridge = spec.bridge?.name ?? opts.bridge;
  if (!bridge) throw fail(spec, 'network has no bridge name');
  const dns = spec.dns ?? {};
  const wantDNS = dns.enable !== false;
  const ips = spec.ips ?? [];
  const out: string[] = [
    '##WARNING:  THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE LIKELY TO BE',
    '##OVERWRITTEN AND LOST.  It is written by polyvisor each time network',
    `##    ${spec.name}`,
    '## starts; change the network definition instead.',
    '##',
    '## dnsmasq conf file created by polyvisor',
    'strict-order',
  ];
  if (!wantDNS) out.push('port=0');
  if (wantDNS && dns.forwarders && dns.forwarders.length > 0) {
    let noResolv = false;
    for (const f of dns.forwarders) {
      let line = 'server=';
      if (f.domain) line += `/${f.domain}/`;
      if (f.addr) {
        line += formatIp(parseIp(f.addr));
        if (!f.domain) noResolv = true;
      } else {
        line += '#';
      }
      out.push(line);
    }
    if (noResolv) out.push('no-resolv');
  }
  if (spec.domain) {
    if (spec.domain.localOnly === true) out.push(`local=/${spec.domain.name}/`);
    out.push(`domain=${spec.domain.name}`, 'expand-hosts');
  }
  if (wantDNS) {
    for (const ip of ips) {
      if (ip.localPtr !== true) continue;
      out.push(`local=/${ptrDomain(ip.address, ipPrefix(ip))}/`);
    }
  }
  if (wantDNS && dns.forwardPlainNames === false) out.push('domain-needed', 'local=//');
  if (opts.pidFile) out.push(`pid-file=${opts.pidFile}`);
  if (opts.leaseFile) out.push(`dhcp-leasefile=${opts.leaseFile}`);
  out.push('except-interface=lo', 'bind-dynamic', `interface=${bridge}`);
  if (!spec.forward) out.push('dhcp-option=3', 'no-resolv', 'ra-param=*,0,0');
  if (wantDNS) {
    for (const t of dns.txts ?? []) out.push(`txt-record=${t.name},${t.value}`);
    for (const s of dns.srvs ?? []) {
      if (!s.service || !s.protocol) throw fail(spec, "missing required 'service' or 'protocol' attribute in SRV record");
      let line = `srv-host=_${s.service}._${s.protocol}`;
      if (s.domain) line += `.${s.domain}`;
      if (s.target && s.target !== '.') {
        line += `,${s.target}`;
        const port = s.port ?? 0;
        const prio = s.priority ?? 0;
        const weight = s.weight ?? 0;
        if (port || prio || weight) line += `,${port || 1}`;
        if (prio || weight) line += `,${prio}`;
        if (weight) line += `,${weight}`;
      }
      out.push(line);
    }
  }
  let ipv4def: NetworkIp | undefined;
  let ipv6def: NetworkIp | undefined;
  for (const ip of ips) {
    if (!hasDhcp(ip)) continue;
    if (ipFamily(ip) === 4) {
      if (ipv4def) throw fail(spec, 'for IPv4, multiple DHCP definitions cannot be specified');
      ipv4def = ip;
    } else {
      if (ipv6def) throw fail(spec, 'for IPv6, multiple DHCP definitions cannot be specified');
      ipv6def = ip;
    }
  }
  const hostLines: string[] = [];
  let nbleases = 0;
  let tftpDone = false;
  for (const ipdef of [ipv4def, ipv6def]) {
    if (!ipdef) continue;
    const v6 = ipFamily(ipdef) === 6;
    const prefix = ipPrefix(ipdef);
    const ranges = ipdef.dhcp?.ranges ?? [];
    for (const r of ranges) {
      const s = formatIp(parseIp(r.start));
      const e = formatIp(parseIp(r.end));
      let line = v6 ? `dhcp-range=${s},${e},${prefix}` : `dhcp-range=${s},${e},${formatIp(prefixToNetmask(prefix, 4))}`;
      const lt = dnsmasqLeaseTime(r.lease);
      if (lt) line += `,${lt}`;
      out.push(line);
      nbleases += rangeSize(s, e);
    }
    if (ranges.length === 0 && (ipdef.dhcp?.hosts?.length ?? 0) > 0) {
      out.push(`dhcp-range=${formatIp(parseIp(ipdef.address))},static${v6 ? `,${prefix}` : ''}`);
    }
    for (const h of ipdef.dhcp?.hosts ?? []) {
      const line = dhcpHostLine(h, v6);
      if (line) hostLines.push(line);
    }
    if (!v6) {
      out.push('dhcp-no-override', 'dhcp-authoritative');
      if (ipdef.tftp) {
        out.push('enable-tftp', `tftp-root=${ipdef.tftp.root}`);
        tftpDone = true;
      }
      const bootp = ipdef.dhcp?.bootp;
      if (bootp) out.push(bootp.server ? `dhcp-boot=${bootp.file},,${formatIp(parseIp(bootp.server))}` : `dhcp-boot=${bootp.file}`);
    }
  }
  if (!tftpDone) {
    // libvirt 11 serves TFTP from an IPv4 address even without DHCP on it.
    const t = ips.find((ip) => ipFamily(ip) === 4 && ip.tftp);
    if (t?.tftp) out.push('enable-tftp', `tftp-root=${t.tftp.root}`);
  }
  if (nbleases > 0) out.push(`dhcp-lease-max=${nbleases}`);
  const addn: string[] = [];
  for (const h of dns.hosts ?? []) {
    if (h.hostnames.length === 0) continue;
    addn.push(`${formatIp(parseIp(h.ip))}\t${h.hostnames.join('\t')}`);
  }
  if (opts.inlineHosts) {
    for (const l of hostLines) out.push(`dhcp-host=${l}`);
    if (wantDNS) for (const h of dns.hosts ?? []) if (h.hostnames.length) out.push(`host-record=${h.hostnames.join(',')},${formatIp(parseIp(h.ip))}`);
  } else {
    if (ipv4def || ipv6def) out.push(`dhcp-hostsfile=${hostsFilePath}`);
    if (wantDNS) out.push(`addn-hosts=${addnHostsPath}`);
  }
  if (spec.mtu && spec.mtu.size > 0) out.push(`dhcp-option=option:mtu,${spec.mtu.size}`);
  if (ipv6def) {
    out.push('enable-ra');
  } else {
    for (const ip of ips) if (ipFamily(ip) === 6 && !hasDhcp(ip)) out.push(`dhcp-range=${formatIp(parseIp(ip.address))},ra-only`);
  }
  for (const o of spec.dnsmasqOptions ?? []) out.push(o);
  const needed = ips.length > 0 && (ipv4def !== undefined || ipv6def !== undefined || dns.enable !== false);
  return {
    config: `${out.join('\n')}\n`,
    hostsFile: hostLines.length ? `${hostLines.join('\n')}\n` : '',
    addnHosts: addn.length ? `${addn.join('\n')}\n` : '',
    hostsFilePath,
    addnHostsPath,
    needed,
  };
}

/**
 * Parses dnsmasq's lease file (`dhcp-leasefile`): IPv4 lines
 * `EXPIRY MAC IP HOSTNAME CLIENTID`, a `duid SERVERDUID` line, then IPv6
 * lines `EXPIRY IAID IP HOSTNAME CLIENTDUID` (`*` means absent). The prefix
 * comes from the network's `<ip>` containing the address (else 24/64).
 * Expiry is converted to ms since the epoch (0 stays "infinite").
 */
export function parseDnsmasqLeases(text: string, spec: Pick<NetworkSpec, 'ips'>, iface: string): DhcpLease[] {
  const leases: DhcpLease[] = [];
  let inV6 = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const f = line.split(/\s+/);
    if (f[0] === 'duid') {
      inV6 = true;
      continue;
    }
    if (f.length < 4) continue;
    const expiry = Number(f[0]);
    if (!Number.isFinite(expiry)) continue;
    const addr = f[2]!;
    const v6 = inV6 || addr.includes(':');
    let prefix = v6 ? 64 : 24;
    for (const ip of spec.ips ?? []) {
      try {
        const p = ipPrefix(ip);
        if ((ipFamily(ip) === 6) === v6 && inSubnet(addr, ip.address, p)) {
          prefix = p;
          break;
        }
      } catch {
        /* ignore malformed <ip> */
      }
    }
    const lease: DhcpLease = { iface, expiryTime: expiry * 1000, type: v6 ? 'ipv6' : 'ipv4', ipaddr: addr, prefix };
    if (f[3] && f[3] !== '*') lease.hostname = f[3];
    if (v6) {
      lease.iaid = f[1]!;
      if (f[4] && f[4] !== '*') lease.clientId = f[4];
    } else {
      lease.mac = f[1]!.toLowerCase();
      if (f[4] && f[4] !== '*') lease.clientId = f[4];
    }
    leases.push(lease);
  }
  return leases;
}
