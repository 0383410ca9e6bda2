/**
 * IPv4/IPv6 address arithmetic for network setup: parsing to a bigint,
 * canonical formatting (as `inet_ntop` prints), prefixes, netmasks, network
 * addresses, range sizes and reverse-DNS (PTR) zones.
 * @module
 */
import { ErrorCode, PolyvisorError } from '@polyvisor/core';

/** A parsed address. */
export interface IpAddress {
  /** 4 or 6. */
  family: 4 | 6;
  /** The address as an unsigned integer (32 or 128 bits). */
  value: bigint;
}

function bad(s: string): PolyvisorError {
  return new PolyvisorError(ErrorCode.INVALID_ARG, `invalid IP address '${s}'`, { driver: 'host' });
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  let text = s;
  let tail: bigint[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.') && lastColon >= 0) {
    const v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    text = `${text.slice(0, lastColon + 1)}X`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): bigint[] | undefined => {
    if (h === '') return [];
    const out: bigint[] = [];
    for (const g of h.split(':')) {
      if (g === 'X') {
        out.push(...tail);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(parseInt(g, 16)));
    }
    return out;
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !rest) return undefined;
  let groups: bigint[];
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length;
    if (fill < 1) return undefined;
    groups = [...head, ...new Array<bigint>(fill).fill(0n), ...rest];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parses an IPv4 (dotted quad) or IPv6 address; throws `INVALID_ARG`. */
export function parseIp(s: string): IpAddress {
  if (s.includes(':')) {
    const v = parseV6(s);
    if (v === undefined) throw bad(s);
    return { family: 6, value: v };
  }
  const v = parseV4(s);
  if (v === undefined) throw bad(s);
  return { family: 4, value: v };
}

/** Formats an address canonically (RFC 5952: lower case, longest zero run as `::`). */
export function formatIp(a: IpAddress): string {
  if (a.family === 4) return [24n, 16n, 8n, 0n].map((sh) => String((a.value >> sh) & 0xffn)).join('.');
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((a.value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Number of bits of a family's addresses. */
export function familyBits(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

/** The netmask of `prefix` bits as an address. */
export function prefixToNetmask(prefix: number, family: 4 | 6): IpAddress {
  const bits = BigInt(familyBits(family));
  const all = (1n << bits) - 1n;
  return { family, value: (all << (bits - BigInt(prefix))) & all };
}

/** The prefix length of a contiguous netmask (`255.255.255.0` → 24); throws `INVALID_ARG` when not contiguous. */
export function netmaskToPrefix(mask: string): number {
  const m = parseIp(mask);
  const bits = familyBits(m.family);
  let n = 0;
  for (let i = bits - 1; i >= 0 && ((m.value >> BigInt(i)) & 1n) === 1n; i--) n++;
  if (prefixToNetmask(n, m.family).value !== m.value) throw new PolyvisorError(ErrorCode.INVALID_ARG, `netmask '${mask}' is not contiguous`, { driver: 'host' });
  return n;
}

/** The network address of `addr/prefix`. */
export function networkAddress(addr: IpAddress, prefix: number): IpAddress {
  return { family: addr.family, value: addr.value & prefixToNetmask(prefix, addr.family).value };
}

/**
 * The prefix of an `<ip>`-like element: `prefix`, else derived from
 * `netmask`, else libvirt's default (IPv4 class A/B/C, IPv6 64).
 */
export function ipPrefix(ip: { address: string; prefix?: number; netmask?: string }): number {
  if (ip.prefix !== undefined) return ip.prefix;
  if (ip.netmask) return netmaskToPrefix(ip.netmask);
  const a = parseIp(ip.address);
  if (a.family === 6) return 64;
  const first = Number(a.value >> 24n);
  if (first < 128) return 8;
  if (first < 192) return 16;
  if (first < 224) return 24;
  return 32;
}

/** `network/prefix` text of an `<ip>`-like element (`192.168.122.0/24`, `2001:db8::/64`). */
export function ipNetworkCidr(ip: { address: string; prefix?: number; netmask?: string }): string {
  const prefix = ipPrefix(ip);
  return `${formatIp(networkAddress(parseIp(ip.address), prefix))}/${prefix}`;
}

/** Number of addresses from `start` to `end` inclusive (0 when reversed or of different families). */
export function rangeSize(start: string, end: string): number {
  const s = parseIp(start);
  const e = parseIp(end);
  if (s.family !== e.family || e.value < s.value) return 0;
  return Number(e.value - s.value + 1n);
}

/** True when `addr` lies inside `net/prefix`. */
export function inSubnet(addr: string, net: string, prefix: number): boolean {
  const a = parseIp(addr);
  const n = parseIp(net);
  return a.family === n.family && networkAddress(a, prefix).value === networkAddress(n, prefix).value;
}

/**
 * The reverse-DNS zone of `addr/prefix` (`122.168.192.in-addr.arpa`,
 * nibbles + `ip6.arpa`). The prefix must be a multiple of 8 (IPv4) or 4
 * (IPv6); throws `INVALID_ARG` otherwise.
 */
export function ptrDomain(addr: string, prefix: number): string {
  const a = parseIp(addr);
  const unit = a.family === 4 ? 8 : 4;
  if (prefix % unit !== 0 || prefix === 0) {
    throw new PolyvisorError(ErrorCode.INVALID_ARG, `PTR domain for ${a.family === 4 ? 'IPv4' : 'IPv6'} network with prefix ${prefix} cannot be automatically created`, { driver: 'host' });
  }
  const bits = familyBits(a.family);
  const parts: string[] = [];
  for (let i = 0; i < prefix / unit; i++) {
    const shift = BigInt(bits - (i + 1) * unit);
    const v = (a.value >> shift) & ((1n << BigInt(unit)) - 1n);
    parts.push(a.family === 4 ? String(v) : v.toString(16));
  }
  return `${parts.reverse().join('.')}.${a.family === 4 ? 'in-addr' : 'ip6'}.arpa`;
}

/** Family of an `<ip>`-like element (from `family`, else from the address text). */
export function ipFamily(ip: { address: string; family?: 'ipv4' | 'ipv6' }): 4 | 6 {
  if (ip.family === 'ipv6') return 6;
  if (ip.family === 'ipv4') return 4;
  return ip.address.includes(':') ? 6 : 4;
}
