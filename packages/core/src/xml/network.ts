/**
 * libvirt network XML ⇄ {@link NetworkSpec}.
 *
 * Parsing follows libvirt's `virNetworkDefParseXML` (src/conf/network_conf.c):
 * the same inputs are rejected (with an {@link XmlError} naming the offending
 * element), and the same normalisation is applied (addresses in canonical
 * form, bridge MAC in lower case, `<forward dev>` becoming the first pool
 * interface, `ipv6='no'` dropped, ...). Formatting follows
 * `virNetworkDefFormatBuf`: fixed element order and the defaults libvirt
 * writes (e.g. `<bridge stp='on' delay='0'/>` on nat/route/open/isolated
 * networks). Elements and attributes the model does not know are kept in
 * `extra` and written back at their original position.
 * @module
 */
import { PolyvisorError, XmlError } from '../errors.js';
import type {
  NetworkBandwidth,
  NetworkDhcp,
  NetworkDhcpLease,
  NetworkDns,
  NetworkForward,
  NetworkForwardMode,
  NetworkIp,
  NetworkPortGroup,
  NetworkRoute,
  NetworkSpec,
  NetworkVirtualPort,
  NetworkVlan,
} from '../model/network.js';
import { NETWORK_FORWARD_MODES } from '../model/network.js';
import { ElementReader, ElementWriter, type XmlExtras } from './mapping.js';
import { cloneElement, type XmlElement, type XmlNode } from './node.js';
import { parseXmlDocument } from './parse.js';
import { serializeXml } from './serialize.js';

/** XML namespace of libvirt's dnsmasq network extension (`<dnsmasq:options>`). */
export const DNSMASQ_NAMESPACE_URI = 'http://libvirt.org/schemas/network/dnsmasq/1.0';

/** Options for {@link formatNetworkXml} / {@link networkSpecToXmlElement}. */
export interface NetworkFormatOptions {
  /** Format the persistent (inactive) form: runtime state such as connection counts is left out. */
  inactive?: boolean;
}

// ---------------------------------------------------------------------------
// IP addresses (libvirt's virSocketAddr*: getaddrinfo(AI_NUMERICHOST) parsing,
// inet_ntop formatting).
// ---------------------------------------------------------------------------

/** A parsed IPv4 or IPv6 address. */
interface IpAddr {
  family: 4 | 6;
  bytes: number[];
}

function parseIpv4(s: string): number[] | undefined {
  // inet_aton semantics (what glibc's numeric getaddrinfo accepts): 1-4 parts,
  // each decimal, octal (leading 0) or hex (0x); the last part fills the rest.
  if (s === '' || !/^[0-9a-fA-FxX.]+$/.test(s)) return undefined;
  const parts = s.split('.');
  if (parts.length > 4) return undefined;
  const vals: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]+$/.test(p)) v = parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) v = parseInt(p, 10);
    else return undefined;
    if (!Number.isFinite(v)) return undefined;
    vals.push(v);
  }
  const n = vals.length;
  for (let i = 0; i < n - 1; i++) if (vals[i]! > 255) return undefined;
  const last = vals[n - 1]!;
  const lastBytes = 5 - n; // bytes the last part fills
  if (last > 2 ** (8 * lastBytes) - 1) return undefined;
  const out = vals.slice(0, n - 1);
  for (let i = lastBytes - 1; i >= 0; i--) out.push(Math.floor(last / 2 ** (8 * i)) % 256);
  return out;
}

function parseIpv4Strict(s: string): number[] | undefined {
  // inet_pton4: exactly four decimal octets, no leading zeros.
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    out.push(v);
  }
  return out;
}

function parseIpv6(s: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const dbl = s.indexOf('::');
  if (dbl !== -1 && s.indexOf('::', dbl + 1) !== -1) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    const words: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4Strict(g);
        if (!v4) return undefined;
        words.push(v4[0]! * 256 + v4[1]!, v4[2]! * 256 + v4[3]!);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      words.push(parseInt(g, 16));
    }
    return words;
  };
  let words: number[];
  if (dbl === -1) {
    const w = parseGroups(s);
    if (!w || w.length !== 8) return undefined;
    words = w;
  } else {
    const head = parseGroups(s.slice(0, dbl));
    const tailStr = s.slice(dbl + 2);
    const tail = parseGroups(tailStr);
    if (!head || !tail) return undefined;
    // an embedded IPv4 address may only end the address
    if (s.slice(0, dbl).includes('.')) return undefined;
    if (head.length + tail.length > 7) return undefined;
    words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const bytes: number[] = [];
  for (const w of words) bytes.push(w >> 8, w & 0xff);
  return bytes;
}

/** Parses a numeric IPv4 or IPv6 address as libvirt does; undefined when invalid. */
function parseIp(s: string): IpAddr | undefined {
  const v4 = parseIpv4(s);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = parseIpv6(s);
  if (v6) return { family: 6, bytes: v6 };
  return undefined;
}

/** Formats an address as `inet_ntop` does (canonical, lower-case, `::` compression). */
function formatIp(a: IpAddr): string {
  const b = a.bytes;
  if (a.family === 4) return b.join('.');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(b[i]! * 256 + b[i + 1]!);
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase === -1) {
        curBase = i;
        curLen = 1;
      } else curLen++;
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
    } else curBase = -1;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
      break;
    }
    out += words[i]!.toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ':';
  return out;
}

/** Canonical text of an address, or the input unchanged when it does not parse. */
function canonIp(s: string): string {
  const a = parseIp(s);
  return a ? formatIp(a) : s;
}

function addrEqual(a: IpAddr, b: IpAddr): boolean {
  return a.family === b.family && a.bytes.every((x, i) => x === b.bytes[i]);
}

function maskByPrefix(a: IpAddr, prefix: number): IpAddr | undefined {
  const bits = a.family === 4 ? 32 : 128;
  if (prefix < 0 || prefix > bits) return undefined;
  const bytes = a.bytes.map((x, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return x & ((0xff << (8 - keep)) & 0xff);
  });
  return { family: a.family, bytes };
}

function maskBy(a: IpAddr, mask: IpAddr): IpAddr | undefined {
  if (a.family !== mask.family) return undefined;
  return { family: a.family, bytes: a.bytes.map((x, i) => x & mask.bytes[i]!) };
}

/** Number of leading one bits of a netmask, or -1 when it is not contiguous. */
function netmaskBits(mask: IpAddr): number {
  let n = 0;
  let seenZero = false;
  for (const byte of mask.bytes) {
    for (let bit = 7; bit >= 0; bit--) {
      const one = (byte >> bit) & 1;
      if (one) {
        if (seenZero) return -1;
        n++;
      } else seenZero = true;
    }
  }
  return n;
}

/** libvirt's virSocketAddrGetIPPrefix: explicit prefix, netmask bits, or the classful default. */
function ipPrefixOf(address: IpAddr | undefined, netmask: IpAddr | undefined, prefix: number | undefined): number {
  if (prefix !== undefined && prefix > 0) return prefix;
  if (netmask) return netmaskBits(netmask);
  if (address?.family === 4) {
    if (address.bytes.every((x) => x === 0)) return 0;
    const octet = address.bytes[0]!;
    if ((octet & 0x80) === 0) return 8;
    if ((octet & 0xc0) === 0x80) return 16;
    if ((octet & 0xe0) === 0xc0) return 24;
    return -1;
  }
  if (address?.family === 6) return address.bytes.every((x) => x === 0) ? 0 : 64;
  return 0;
}

/** libvirt's virSocketAddrGetRange checks; returns an error message or undefined when the range is fine. */
function checkRange(start: IpAddr, end: IpAddr, network?: IpAddr, prefix = 0): string | undefined {
  const s = formatIp(start);
  const e = formatIp(end);
  if (start.family !== end.family) return `mismatch of address family in range ${s} - ${e}`;
  if (network) {
    const n = formatIp(network);
    if (start.family !== network.family) return `mismatch of address family in range ${s} - ${e} for network ${n}`;
    const netaddr = maskByPrefix(network, prefix);
    if (!netaddr) return `bad prefix ${prefix} for network ${n} when checking range ${s} - ${e}`;
    const ms = maskByPrefix(start, prefix)!;
    const me = maskByPrefix(end, prefix)!;
    if (!addrEqual(ms, netaddr) || !addrEqual(me, netaddr)) return `range ${s} - ${e} is not entirely within network ${n}/${prefix}`;
    if (start.family === 4) {
      const broadcast: IpAddr = {
        family: 4,
        bytes: network.bytes.map((x, i) => {
          const keep = Math.max(0, Math.min(8, prefix - i * 8));
          return (x | (0xff >> keep)) & 0xff;
        }),
      };
      if (addrEqual(start, netaddr)) return `start of range ${s} - ${e} in network ${n}/${prefix} is the network address`;
      if (addrEqual(end, broadcast)) return `end of range ${s} - ${e} in network ${n}/${prefix} is the broadcast address`;
    }
  }
  const b1 = start.bytes;
  const b2 = end.bytes;
  let size: number;
  if (start.family === 4) {
    if (b1[0] !== b2[0] || b1[1] !== b2[1]) return `range ${s} - ${e} is too large (> 65535)`;
    size = (b2[2]! - b1[2]!) * 256 + (b2[3]! - b1[3]!);
  } else {
    for (let i = 0; i < 14; i++) if (b1[i] !== b2[i]) return `range ${s} - ${e} is too large (> 65535)`;
    size = (b2[14]! * 256 + b2[15]!) - (b1[14]! * 256 + b1[15]!);
  }
  if (size < 0) return `range ${s} - ${e} is reversed`;
  return undefined;
}

// ---------------------------------------------------------------------------
// MAC addresses and UUIDs (virMacAddrParse, virUUIDParse)
// ---------------------------------------------------------------------------

/** Parses a MAC address as libvirt does (1-2 hex digits per byte); returns the bytes or undefined. */
function parseMac(s: string): number[] | undefined {
  const out: number[] = [];
  let pos = 0;
  for (let i = 0; i < 6; i++) {
    const m = /^[0-9a-fA-F]+/.exec(s.slice(pos));
    if (!m || m[0].length > 2) return undefined;
    out.push(parseInt(m[0], 16));
    pos += m[0].length;
    const next = s.charCodeAt(pos);
    if (i === 5) {
      if (pos >= s.length || next <= 0x20) return out;
      return undefined;
    }
    if (s[pos] !== ':') return undefined;
    pos++;
  }
  return undefined;
}

function formatMac(bytes: number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** Parses a UUID as libvirt does (dashes and spaces between byte pairs, surrounding whitespace); undefined when invalid. */
function parseUuid(s: string): string | undefined {
  let i = 0;
  while (i < s.length && /\s/.test(s[i]!)) i++;
  let hex = '';
  while (hex.length < 32) {
    const c = s[i];
    if (c === undefined) return undefined;
    if (c === '-' || c === ' ') {
      i++;
      continue;
    }
    const d = s[i + 1];
    if (!/[0-9a-fA-F]/.test(c) || d === undefined || !/[0-9a-fA-F]/.test(d)) return undefined;
    hex += c + d;
    i += 2;
  }
  if (!/^\s*$/.test(s.slice(i))) return undefined;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ---------------------------------------------------------------------------
// Namespaces
// ---------------------------------------------------------------------------

function prefixOf(qname: string): string {
  const i = qname.indexOf(':');
  return i > 0 ? qname.slice(0, i) : '';
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i > 0 ? qname.slice(i + 1) : qname;
}

/** Prefixes used in `node`'s subtree that no element of the subtree declares. */
function undeclaredPrefixes(node: XmlElement, declared: ReadonlySet<string>, out: Set<string>): void {
  const decl = new Set(declared);
  for (const k of Object.keys(node.attrs)) if (k.startsWith('xmlns:')) decl.add(k.slice(6));
  const check = (qname: string): void => {
    const p = prefixOf(qname);
    if (p && p !== 'xml' && p !== 'xmlns' && !decl.has(p)) out.add(p);
  };
  check(node.name);
  for (const k of Object.keys(node.attrs)) if (k !== 'xmlns' && !k.startsWith('xmlns:')) check(k);
  for (const c of node.children) if (typeof c !== 'string') undeclaredPrefixes(c, decl, out);
}

/**
 * Moves the root's `xmlns:prefix` declarations onto the top-level children
 * that use them (as libxml does when libvirt copies `<metadata>`), so every
 * element kept verbatim is self-contained. Mutates `root`.
 */
function localizeRootNamespaces(root: XmlElement): void {
  const rootDecls = new Map<string, string>();
  for (const [k, v] of Object.entries(root.attrs)) if (k.startsWith('xmlns:')) rootDecls.set(k.slice(6), v);
  if (rootDecls.size === 0) return;
  const selfUse = new Set<string>();
  for (const k of [root.name, ...Object.keys(root.attrs)]) {
    const p = prefixOf(k);
    if (p && p !== 'xmlns') selfUse.add(p);
  }
  for (const p of rootDecls.keys()) if (!selfUse.has(p)) delete root.attrs[`xmlns:${p}`];
  for (const c of root.children) {
    if (typeof c === 'string') continue;
    const used = new Set<string>();
    undeclaredPrefixes(c, new Set(), used);
    for (const p of used) {
      const uri = rootDecls.get(p);
      if (uri !== undefined && !(`xmlns:${p}` in c.attrs)) c.attrs[`xmlns:${p}`] = uri;
    }
  }
}

/** Namespace URI of `node` given its ancestors (innermost first); undefined when unqualified. */
function namespaceOf(node: XmlElement, ancestors: XmlElement[]): string | undefined {
  const p = prefixOf(node.name);
  const key = p ? `xmlns:${p}` : 'xmlns';
  for (const e of [node, ...ancestors]) {
    const v = e.attrs[key];
    if (v !== undefined) return v === '' ? undefined : v;
  }
  return undefined;
}

/** libvirt's virXMLNodeSanitizeNamespaces on a copy of `<metadata>`: drops unqualified children and duplicate namespaces. */
function sanitizeMetadata(meta: XmlElement, root: XmlElement): XmlElement {
  const copy = cloneElement(meta);
  const seen = new Set<string>();
  const kids: XmlNode[] = [];
  for (const c of copy.children) {
    if (typeof c === 'string') continue;
    const ns = namespaceOf(c, [copy, root]);
    if (ns === undefined || seen.has(ns)) continue;
    seen.add(ns);
    kids.push(c);
  }
  copy.children = kids;
  return copy;
}

// ---------------------------------------------------------------------------
// Reading helpers with libvirt's semantics
// ---------------------------------------------------------------------------

/** Raises an {@link XmlError} located at `r` (or its attribute `attr`). */
function fail(r: ElementReader, message: string, attr?: string): never {
  return r.fail(message, attr);
}

/** XPath `string(./@name)`: undefined when absent or empty. */
function xstr(r: ElementReader, name: string): string | undefined {
  const v = r.attr(name);
  return v === undefined || v === '' ? undefined : v;
}

/** `virXMLPropTristateBool`: yes/no, anything else is an error. */
function tristate(r: ElementReader, name: string): boolean | undefined {
  const v = r.attr(name);
  if (v === undefined) return undefined;
  if (v === 'yes') return true;
  if (v === 'no') return false;
  fail(r, `invalid value '${v}' for attribute '${name}' in element '${r.name}' (expected yes or no)`, name);
}

/** Parses an unsigned integer with strtoul-like bases (10, or 0 = auto-detect hex/octal). */
function parseUnsigned(v: string, base: 10 | 0, max: number): number | undefined {
  let n: number;
  if (base === 10 || !/^0/.test(v)) {
    if (!/^[0-9]+$/.test(v)) return undefined;
    n = Number(v);
  } else if (/^0[xX][0-9a-fA-F]+$/.test(v)) n = parseInt(v.slice(2), 16);
  else if (/^0[0-7]*$/.test(v)) n = parseInt(v, 8);
  else return undefined;
  if (!Number.isSafeInteger(n) || n > max) return undefined;
  return n;
}

const UINT_MAX = 0xffffffff;
const ULLONG_MAX = Number.MAX_SAFE_INTEGER;

/** `virXMLPropUInt`/`virXMLPropULongLong`: undefined when absent, error when not a valid number. */
function uintProp(r: ElementReader, name: string, base: 10 | 0 = 10, max = UINT_MAX): number | undefined {
  const v = r.attr(name);
  if (v === undefined) return undefined;
  const n = parseUnsigned(v, base, max);
  if (n === undefined) fail(r, `invalid value '${v}' for attribute '${name}' in element '${r.name}': expected a non-negative integer`, name);
  return n;
}

/** `virXPathUInt("string(./@name)")`: undefined when absent/empty, `null` when invalid. */
function xpathUint(r: ElementReader, name: string): number | undefined | null {
  const v = xstr(r, name);
  if (v === undefined) return undefined;
  return parseUnsigned(v, 10, UINT_MAX) ?? null;
}

/** The XPath string value of an element: all descendant text. */
function stringValue(node: XmlElement): string {
  let s = '';
  for (const c of node.children) s += typeof c === 'string' ? c : stringValue(c);
  return s;
}

/** First child named `name`; every child of that name is consumed (libvirt reads `name[1]` and ignores the rest). */
function first(r: ElementReader, name: string): ElementReader | undefined {
  return r.children(name)[0];
}

/** Removes keys whose value is undefined (so specs stay compact). */
function prune<T extends object>(obj: T): T {
  for (const k of Object.keys(obj) as Array<keyof T>) if (obj[k] === undefined) delete obj[k];
  return obj;
}

/** Attaches the reader's unconsumed content as `extra`. */
function withExtra<T extends object>(obj: T, r: ElementReader): T & { extra?: XmlExtras } {
  const out = obj as T & { extra?: XmlExtras };
  const x = r.extras();
  if (x) out.extra = x;
  return prune(out);
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

function parseLease(r: ElementReader): NetworkDhcpLease | undefined {
  const expiry = uintProp(r, 'expiry', 0, ULLONG_MAX);
  if (expiry === undefined) return undefined;
  const unitStr = r.attr('unit');
  let unit: NetworkDhcpLease['unit'] = 'minutes';
  if (unitStr !== undefined) {
    if (unitStr !== 'seconds' && unitStr !== 'minutes' && unitStr !== 'hours') fail(r, `invalid lease unit '${unitStr}' (expected seconds, minutes or hours)`, 'unit');
    unit = unitStr;
  }
  if (expiry > 0 && ((unit === 'seconds' && expiry < 120) || (unit === 'minutes' && expiry < 2))) fail(r, 'the minimum lease time should be greater than 2 minutes', 'expiry');
  return withExtra({ expiry, unit }, r);
}

function parseDhcp(r: ElementReader, net: string, address: IpAddr, prefix: number): NetworkDhcp {
  const ranges: NonNullable<NetworkDhcp['ranges']> = [];
  for (const rr of r.children('range')) {
    const startStr = rr.attr('start');
    if (startStr === undefined) fail(rr, `missing 'start' attribute in dhcp range for network '${net}'`, 'start');
    const start = parseIp(startStr);
    if (!start) fail(rr, `cannot parse address '${startStr}'`, 'start');
    const endStr = rr.attr('end');
    if (endStr === undefined) fail(rr, `missing 'end' attribute in dhcp range for network '${net}'`, 'end');
    const end = parseIp(endStr);
    if (!end) fail(rr, `cannot parse address '${endStr}'`, 'end');
    const err = checkRange(start, end, address, prefix);
    if (err) fail(rr, err);
    const leaseR = first(rr, 'lease');
    const lease = leaseR ? parseLease(leaseR) : undefined;
    ranges.push(withExtra({ start: formatIp(start), end: formatIp(end), lease }, rr));
  }
  const hosts: NonNullable<NetworkDhcp['hosts']> = [];
  for (const hr of r.children('host')) {
    const mac = hr.attr('mac');
    if (mac !== undefined) {
      if (address.family === 6) fail(hr, `invalid to specify MAC address '${mac}' in network '${net}' IPv6 static host definition`, 'mac');
      const bytes = parseMac(mac);
      if (!bytes) fail(hr, `cannot parse MAC address '${mac}' in network '${net}'`, 'mac');
      if (bytes[0]! & 1) fail(hr, `expected unicast mac address, found multicast '${mac}' in network '${net}'`, 'mac');
    }
    const id = hr.attr('id');
    if (id !== undefined) {
      const bad = /[^0-9a-fA-F:]/.exec(id);
      if (bad) fail(hr, `invalid character '${bad[0]}' in id '${id}' of network '${net}'`, 'id');
    }
    const name = hr.attr('name');
    if (name !== undefined && !/^[A-Za-z0-9]/.test(name)) fail(hr, `cannot use host name '${name}' in network '${net}'`, 'name');
    const ipStr = hr.attr('ip');
    let ip: IpAddr | undefined;
    if (ipStr !== undefined) {
      ip = parseIp(ipStr);
      if (!ip) fail(hr, `invalid IP address in static host definition for network '${net}'`, 'ip');
    }
    if (address.family === 6) {
      if (id === undefined && name === undefined) fail(hr, `static host definition in IPv6 network '${net}' must have id or name attribute`);
    } else if (mac === undefined && name === undefined) fail(hr, `static host definition in IPv4 network '${net}' must have mac or name attribute`);
    if (!ip) fail(hr, `missing IP address in static host definition for network '${net}'`, 'ip');
    const leaseR = first(hr, 'lease');
    const lease = leaseR ? parseLease(leaseR) : undefined;
    hosts.push(withExtra({ mac, id, name, ip: formatIp(ip), lease }, hr));
  }
  let bootp: NetworkDhcp['bootp'];
  const br = first(r, 'bootp');
  if (br && address.family === 4) {
    const server = br.attr('server');
    const file = br.attr('file');
    if (file === undefined) fail(br, `missing required attribute 'file' in element 'bootp'`, 'file');
    let serverAddr: IpAddr | undefined;
    if (server !== undefined) {
      serverAddr = parseIp(server);
      if (!serverAddr) fail(br, `cannot parse address '${server}'`, 'server');
    }
    bootp = withExtra({ file, server: serverAddr ? formatIp(serverAddr) : undefined }, br);
  }
  return withExtra({ ranges: ranges.length ? ranges : undefined, hosts: hosts.length ? hosts : undefined, bootp }, r);
}

function parseIpElement(r: ElementReader, net: string): { ip: NetworkIp; addr: IpAddr; prefix: number } {
  const family = xstr(r, 'family');
  const addressStr = xstr(r, 'address');
  if (addressStr === undefined) fail(r, `missing required address attribute in network '${net}'`, 'address');
  const address = parseIp(addressStr);
  if (!address) fail(r, `invalid address '${addressStr}' in network '${net}'`, 'address');
  const netmaskStr = xstr(r, 'netmask');
  let netmask: IpAddr | undefined;
  if (netmaskStr !== undefined) {
    netmask = parseIp(netmaskStr);
    if (!netmask) fail(r, `invalid netmask '${netmaskStr}' in network '${net}'`, 'netmask');
  }
  const prefix = uintProp(r, 'prefix');
  const localPtr = tristate(r, 'localPtr');
  if (family === undefined || family === 'ipv4') {
    if (address.family !== 4) fail(r, `${family ?? 'no'} family specified for non-IPv4 address '${addressStr}' in network '${net}'`, 'address');
    if (netmask) {
      if (netmask.family !== 4) fail(r, `invalid netmask '${netmaskStr}' for address '${addressStr}' in network '${net}' (both must be IPv4)`, 'netmask');
      if (prefix !== undefined && prefix > 0) fail(r, `network '${net}' IP address cannot have both a prefix and a netmask`, 'prefix');
    } else if (prefix !== undefined && prefix > 32) fail(r, `invalid IPv4 prefix '${prefix}' in network '${net}'`, 'prefix');
  } else if (family === 'ipv6') {
    if (address.family !== 6) fail(r, `family 'ipv6' specified for non-IPv6 address '${addressStr}' in network '${net}'`, 'address');
    if (netmask) fail(r, `netmask not allowed for IPv6 address '${addressStr}' in network '${net}'`, 'netmask');
    if (prefix !== undefined && prefix > 128) fail(r, `invalid IPv6 prefix '${prefix}' in network '${net}'`, 'prefix');
  } else fail(r, `unrecognized family '${family}' in network '${net}'`, 'family');
  const effPrefix = ipPrefixOf(address, netmask, prefix);
  const dhcpR = first(r, 'dhcp');
  const dhcp = dhcpR ? parseDhcp(dhcpR, net, address, effPrefix) : undefined;
  const tftps = r.children('tftp');
  let tftp: NetworkIp['tftp'];
  if (tftps.length) {
    if (address.family !== 4) fail(tftps[0]!, `unsupported <tftp> element in an IPv6 element in network '${net}'`);
    const root = xstr(tftps[0]!, 'root');
    if (root !== undefined) tftp = withExtra({ root }, tftps[0]!);
  }
  const ip = withExtra(
    {
      family: family as NetworkIp['family'],
      address: formatIp(address),
      netmask: netmask ? formatIp(netmask) : undefined,
      prefix: prefix !== undefined && prefix > 0 ? prefix : undefined,
      localPtr,
      tftp,
      dhcp,
    },
    r,
  );
  return { ip, addr: address, prefix: effPrefix };
}

function parseRoute(r: ElementReader, net: string): { route: NetworkRoute; gateway: IpAddr } {
  const what = net;
  const family = r.attr('family');
  const addressStr = r.attr('address');
  const netmaskStr = r.attr('netmask');
  const gatewayStr = r.attr('gateway');
  const prefix = uintProp(r, 'prefix');
  const metric = uintProp(r, 'metric');
  if (metric === 0) fail(r, `invalid value '0' for attribute 'metric' in element 'route': expected a positive integer`, 'metric');
  if (addressStr === undefined) fail(r, `${what}: missing required address attribute in route definition`, 'address');
  if (gatewayStr === undefined) fail(r, `${what}: missing required gateway attribute in route definition`, 'gateway');
  const address = parseIp(addressStr);
  if (!address) fail(r, `${what}: bad network address '${addressStr}' in route definition`, 'address');
  const gateway = parseIp(gatewayStr);
  if (!gateway) fail(r, `${what}: bad gateway address '${gatewayStr}' in route definition`, 'gateway');
  let netmask: IpAddr | undefined;
  if (family === undefined || family === 'ipv4') {
    if (address.family !== 4) fail(r, `${what}: ${family === undefined ? 'no' : 'IPv4'} family specified for non-IPv4 address '${addressStr}' in route definition`, 'address');
    if (gateway.family !== 4) fail(r, `${what}: ${family === undefined ? 'no' : 'IPv4'} family specified for non-IPv4 gateway '${gatewayStr}' in route definition`, 'gateway');
    if (netmaskStr !== undefined) {
      netmask = parseIp(netmaskStr);
      if (!netmask) fail(r, `${what}: bad netmask address '${netmaskStr}' in route definition`, 'netmask');
      if (netmask.family !== 4) fail(r, `${what}: invalid netmask '${netmaskStr}' for address '${addressStr}' (both must be IPv4)`, 'netmask');
      if (prefix !== undefined) fail(r, `${what}: route definition cannot have both a prefix and a netmask`, 'prefix');
    }
    if (prefix !== undefined && prefix > 32) fail(r, `${what}: invalid prefix ${prefix} specified in route definition, must be 0 - 32`, 'prefix');
  } else if (family === 'ipv6') {
    if (address.family !== 6) fail(r, `${what}: ipv6 family specified for non-IPv6 address '${addressStr}' in route definition`, 'address');
    if (netmaskStr !== undefined) fail(r, `${what}: specifying netmask invalid for IPv6 address '${addressStr}' in route definition`, 'netmask');
    if (gateway.family !== 6) fail(r, `${what}: ipv6 specified for non-IPv6 gateway address '${gatewayStr}' in route definition`, 'gateway');
    if (prefix !== undefined && prefix > 128) fail(r, `${what}: invalid prefix ${prefix} specified in route definition, must be 0 - 128`, 'prefix');
  } else fail(r, `${what}: unrecognized family '${family}' in route definition`, 'family');
  const masked = netmask ? maskBy(address, netmask) : maskByPrefix(address, prefix ?? 0);
  if (!masked) fail(r, `${what}: error converting address '${addressStr}' to a network address in route definition`, 'address');
  if (!addrEqual(masked, address)) fail(r, `${what}: address '${addressStr}' in route definition is not a network address`, 'address');
  const route = withExtra(
    {
      family: family as NetworkRoute['family'],
      address: formatIp(address),
      netmask: netmask ? formatIp(netmask) : undefined,
      prefix,
      gateway: formatIp(gateway),
      metric,
    },
    r,
  );
  return { route, gateway };
}

const PROTOCOL_CHARS = /^[A-Za-z0-9\-+/]*$/;
const SERVICE_CHARS = /^[A-Za-z0-9_\-+/*]*$/;
const DNS_RECORD_LENGTH_SRV = 512 - 30;

function parseDns(r: ElementReader, net: string): NetworkDns {
  const enable = tristate(r, 'enable');
  const forwardPlainNames = tristate(r, 'forwardPlainNames');
  const forwarders: NonNullable<NetworkDns['forwarders']> = [];
  for (const fr of r.children('forwarder')) {
    const addrStr = fr.attr('addr');
    let addr: IpAddr | undefined;
    if (addrStr !== undefined) {
      addr = parseIp(addrStr);
      if (!addr) fail(fr, `invalid forwarder IP address '${addrStr}' in network '${net}'`, 'addr');
    }
    const domain = fr.attr('domain');
    if (addrStr === undefined && domain === undefined) fail(fr, 'invalid forwarder element, must contain at least one of addr or domain');
    forwarders.push(withExtra({ addr: addr ? formatIp(addr) : undefined, domain }, fr));
  }
  const hosts: NonNullable<NetworkDns['hosts']> = [];
  for (const hr of r.children('host')) {
    const hostnames: string[] = [];
    for (const hn of hr.children('hostname')) {
      const v = stringValue(hn.node);
      if (v === '') fail(hn, `missing hostname in network '${net}' DNS HOST record`);
      hostnames.push(v);
    }
    if (hostnames.length === 0) fail(hr, `missing hostname in network '${net}' DNS HOST record`);
    const ipStr = hr.attr('ip');
    if (ipStr === undefined) fail(hr, `missing IP address in network '${net}' DNS HOST record`, 'ip');
    const ip = parseIp(ipStr);
    if (!ip) fail(hr, `invalid IP address in network '${net}' DNS HOST record`, 'ip');
    hosts.push(withExtra({ ip: formatIp(ip), hostnames }, hr));
  }
  const srvs: NonNullable<NetworkDns['srvs']> = [];
  for (const sr of r.children('srv')) {
    const service = sr.attr('service');
    if (service === undefined) fail(sr, `missing required service attribute in DNS SRV record of network '${net}'`, 'service');
    if (service.length > DNS_RECORD_LENGTH_SRV) fail(sr, `service attribute '${service}' in network '${net}' is too long, limit is ${DNS_RECORD_LENGTH_SRV} bytes`, 'service');
    if (!SERVICE_CHARS.test(service)) fail(sr, `invalid character in service attribute '${service}' in DNS SRV record of network '${net}'`, 'service');
    const protocol = sr.attr('protocol');
    if (protocol === undefined) fail(sr, `missing required protocol attribute in DNS SRV record '${service}' of network '${net}'`, 'protocol');
    if (!PROTOCOL_CHARS.test(protocol)) fail(sr, `invalid character in protocol attribute '${protocol}' in DNS SRV record of network '${net}'`, 'protocol');
    const domain = sr.attr('domain');
    const target = sr.attr('target');
    const num = (attr: 'port' | 'priority' | 'weight', min: number): number | undefined => {
      const v = xpathUint(sr, attr);
      if (v !== undefined && v !== null && target === undefined) fail(sr, `DNS SRV ${attr} attribute not permitted without target for service '${service}' in network '${net}'`, attr);
      if (v === null || (v !== undefined && (v < min || v > 65535))) fail(sr, `invalid DNS SRV ${attr} attribute for service '${service}' in network '${net}'`, attr);
      return v;
    };
    const port = num('port', 1);
    const priority = num('priority', 0);
    const weight = num('weight', 0);
    srvs.push(withExtra({ service, protocol, domain, target, port, priority, weight }, sr));
  }
  const txts: NonNullable<NetworkDns['txts']> = [];
  for (const tr of r.children('txt')) {
    const name = tr.attr('name');
    if (name === undefined) fail(tr, `missing required name attribute in DNS TXT record of network ${net}`, 'name');
    if (/[ ,]/.test(name)) fail(tr, `prohibited character in DNS TXT record name '${name}' of network ${net}`, 'name');
    const value = tr.attr('value');
    if (value === undefined) fail(tr, `missing required value attribute in DNS TXT record named '${name}' of network ${net}`, 'value');
    txts.push(withExtra({ name, value }, tr));
  }
  if (enable === false && (forwarders.length || hosts.length || srvs.length || txts.length)) fail(r, `extra data in disabled network '${net}'`);
  return withExtra(
    {
      enable,
      forwardPlainNames,
      forwarders: forwarders.length ? forwarders : undefined,
      txts: txts.length ? txts : undefined,
      srvs: srvs.length ? srvs : undefined,
      hosts: hosts.length ? hosts : undefined,
    },
    r,
  );
}

function parseVlan(r: ElementReader): NetworkVlan {
  const tagRs = r.children('tag');
  if (tagRs.length === 0) fail(r, "missing tag id - each <vlan> must have at least one <tag id='n'/> subelement");
  let nativeMode: 'tagged' | 'untagged' | undefined;
  let nativeIndex = -1;
  const ids: number[] = [];
  const extras: Array<XmlExtras | undefined> = [];
  for (const tr of tagRs) {
    const idStr = xstr(tr, 'id');
    const id = idStr === undefined ? undefined : parseUnsigned(idStr, 10, Number.MAX_SAFE_INTEGER);
    if (id === undefined) fail(tr, 'missing or invalid vlan tag id attribute', 'id');
    if (id > 4095) fail(tr, `vlan tag id ${id} too large (maximum 4095)`, 'id');
    const nm = xstr(tr, 'nativeMode');
    if (nm !== undefined) {
      if (nativeMode !== undefined) fail(tr, 'duplicate native vlan setting', 'nativeMode');
      if (nm !== 'tagged' && nm !== 'untagged') fail(tr, `invalid "nativeMode='${nm}'" in vlan <tag> element`, 'nativeMode');
      nativeMode = nm;
      nativeIndex = ids.length;
    }
    ids.push(id);
    extras.push(tr.extras());
  }
  let trunk = ids.length > 1;
  const trunkStr = xstr(r, 'trunk');
  if (trunkStr !== undefined) {
    trunk = trunkStr.toLowerCase() === 'yes';
    if (!trunk) {
      if (ids.length > 1) fail(r, `invalid "trunk='${trunkStr}'" in <vlan> - trunk='yes' is required for more than one vlan tag`, 'trunk');
      if (nativeMode !== undefined) fail(r, `invalid configuration in <vlan> - "trunk='no'" is not allowed with a native vlan id`, 'trunk');
      if (trunkStr.toLowerCase() !== 'no') fail(r, `invalid "trunk='${trunkStr}'" in <vlan> - must be yes or no`, 'trunk');
    }
  }
  // libvirt marks every tag whose id equals the native one; with duplicate ids that output
  // would not parse again, so only the tag that declared the native mode carries it.
  const tags = ids.map((id, i) => prune({ id, nativeMode: i === nativeIndex ? nativeMode : undefined, extra: extras[i] }));
  return withExtra({ trunk: trunk || undefined, tags }, r);
}

function parseBandwidth(r: ElementReader): NetworkBandwidth | undefined {
  const classId = uintProp(r, 'classID');
  if (classId !== undefined) fail(r, 'classID attribute not supported on <bandwidth> in this usage context', 'classID');
  const rate = (rr: ElementReader, allowFloor: boolean): NonNullable<NetworkBandwidth['inbound']> => {
    const average = uintProp(rr, 'average', 10, ULLONG_MAX);
    const peak = uintProp(rr, 'peak', 10, ULLONG_MAX);
    const burst = uintProp(rr, 'burst', 10, ULLONG_MAX);
    const floor = uintProp(rr, 'floor', 10, ULLONG_MAX);
    if (average === undefined && floor === undefined) fail(rr, 'missing mandatory average or floor attributes');
    if ((peak !== undefined || burst !== undefined) && average === undefined) fail(rr, "'peak' and 'burst' require 'average' attribute");
    if (floor !== undefined && !allowFloor) fail(rr, 'floor attribute is not supported for this config', 'floor');
    return withExtra({ average, peak, floor, burst }, rr);
  };
  const inR = first(r, 'inbound');
  const outR = first(r, 'outbound');
  const inbound = inR ? rate(inR, false) : undefined;
  const outbound = outR ? rate(outR, false) : undefined;
  const bw = withExtra({ inbound, outbound }, r);
  return inbound || outbound || bw.extra ? bw : undefined;
}

const VPORT_TYPES = ['802.1Qbg', '802.1Qbh', 'openvswitch', 'midonet'] as const;

function parseVirtualPort(r: ElementReader, requireType: boolean): NetworkVirtualPort {
  const typeStr = r.attr('type');
  let type: NetworkVirtualPort['type'];
  if (typeStr !== undefined) {
    if (!(VPORT_TYPES as readonly string[]).includes(typeStr)) fail(r, `unknown virtualport type ${typeStr}`, 'type');
    type = typeStr as NetworkVirtualPort['type'];
  }
  if (type === undefined && requireType) fail(r, 'missing required virtualport type', 'type');
  let parameters: NetworkVirtualPort['parameters'];
  const pr = first(r, 'parameters');
  if (pr) {
    const num = (attr: string, max: number): number | undefined => {
      const v = pr.attr(attr);
      if (v === undefined) return undefined;
      const n = parseUnsigned(v, 0, UINT_MAX);
      if (n === undefined) fail(pr, `cannot parse value of ${attr} parameter`, attr);
      if (n > max) fail(pr, `value of ${attr} out of range`, attr);
      return n;
    };
    const uuid = (attr: string): string | undefined => {
      const v = pr.attr(attr);
      if (v === undefined) return undefined;
      const u = parseUuid(v);
      if (!u) fail(pr, `cannot parse ${attr} parameter as a uuid`, attr);
      return u;
    };
    const managerid = num('managerid', 0xff);
    const typeid = num('typeid', 0xffffff);
    const typeidversion = num('typeidversion', 0xff);
    const instanceid = uuid('instanceid');
    let profileid = pr.attr('profileid');
    if (profileid !== undefined && Buffer.byteLength(profileid, 'utf8') >= 40) fail(pr, 'profileid parameter too long', 'profileid');
    if (profileid === '') profileid = undefined;
    const interfaceid = uuid('interfaceid');
    parameters = withExtra({ managerid, typeid, typeidversion, instanceid, interfaceid, profileid }, pr);
  }
  const p = parameters ?? {};
  const notAllowed: Record<string, Array<keyof typeof p>> = {
    '802.1Qbg': ['profileid', 'interfaceid'],
    '802.1Qbh': ['managerid', 'typeid', 'typeidversion', 'instanceid', 'interfaceid'],
    openvswitch: ['managerid', 'typeid', 'typeidversion', 'instanceid'],
    midonet: ['managerid', 'typeid', 'typeidversion', 'instanceid', 'profileid'],
  };
  if (type) for (const k of notAllowed[type] ?? []) if (p[k] !== undefined) fail(r, `extra ${String(k)} attribute specified for <virtualport type='${type}'>`);
  return withExtra({ type, parameters }, r);
}

function parsePortGroup(r: ElementReader): NetworkPortGroup {
  const name = xstr(r, 'name');
  if (name === undefined) fail(r, 'missing required name attribute in portgroup', 'name');
  const def = xstr(r, 'default');
  const trustGuestRxFilters = tristate(r, 'trustGuestRxFilters');
  const vpR = first(r, 'virtualport');
  const virtualport = vpR ? parseVirtualPort(vpR, false) : undefined;
  const bwR = first(r, 'bandwidth');
  const bandwidth = bwR ? parseBandwidth(bwR) : undefined;
  const vlanR = first(r, 'vlan');
  const vlan = vlanR ? parseVlan(vlanR) : undefined;
  return withExtra({ name, default: def !== undefined && def.toLowerCase() === 'yes' ? true : undefined, trustGuestRxFilters, vlan, virtualport, bandwidth }, r);
}

interface ParsedForward {
  forward: NetworkForward | undefined;
  mode: NetworkForwardMode | 'none';
  nifs: number;
  npfs: number;
}

function parseForward(r: ElementReader, net: string): ParsedForward {
  const modeStr = xstr(r, 'mode');
  let mode: NetworkForwardMode | 'none' = 'nat';
  if (modeStr !== undefined) {
    if (modeStr !== 'none' && !(NETWORK_FORWARD_MODES as readonly string[]).includes(modeStr)) fail(r, `unknown forwarding type '${modeStr}'`, 'mode');
    mode = modeStr as NetworkForwardMode | 'none';
  }
  const managedStr = xstr(r, 'managed');
  const managed = managedStr === undefined ? undefined : managedStr.toLowerCase() === 'yes';
  let driver: NetworkForward['driver'];
  const dr = first(r, 'driver');
  if (dr) {
    const nameStr = dr.attr('name');
    if (nameStr !== undefined && nameStr !== 'kvm' && nameStr !== 'vfio' && nameStr !== 'xen') fail(dr, `unknown forward <driver name='${nameStr}'/> in network ${net}`, 'name');
    const model = dr.attr('model');
    driver = withExtra({ name: nameStr as 'kvm' | 'vfio' | 'xen' | undefined, model }, dr);
    if (driver.name === undefined && driver.model === undefined && !driver.extra) driver = undefined;
  }
  const ifRs = r.children('interface');
  const addrRs = r.children('address');
  const pfRs = r.children('pf');
  const natRs = r.children('nat');
  let nat: NetworkForward['nat'];
  if (natRs.length > 1) fail(natRs[1]!, `only one <nat> element is allowed in <forward> of network ${net}`);
  if (natRs.length === 1) nat = parseNat(natRs[0]!, net, mode);
  const dev = xstr(r, 'dev');
  if (dev !== undefined && (addrRs.length || pfRs.length)) fail(r, `the <forward> 'dev' attribute cannot be used when <address> or <pf> sub-elements are present in network ${net}`, 'dev');
  const interfaces: NonNullable<NetworkForward['interfaces']> = [];
  const addresses: NonNullable<NetworkForward['addresses']> = [];
  let pf: NetworkForward['pf'];
  if (ifRs.length || dev !== undefined) {
    if (dev !== undefined) interfaces.push({ dev });
    ifRs.forEach((ir, i) => {
      const devi = ir.attr('dev');
      if (devi === undefined) fail(ir, `missing required dev attribute in <forward> <interface> element of network ${net}`, 'dev');
      const connStr = ir.attr('connections');
      const connections = connStr === undefined ? undefined : parseUnsigned(connStr, 10, UINT_MAX);
      if (i === 0 && dev !== undefined) {
        if (devi !== dev) fail(ir, `<forward dev='${dev}'> must match first <interface dev='${devi}'/> in network ${net}`, 'dev');
        interfaces[0] = withExtra({ dev, connections }, ir);
        return;
      }
      if (interfaces.some((x) => x.dev === devi)) fail(ir, `interface '${devi}' can only be listed once in network ${net}`, 'dev');
      interfaces.push(withExtra({ dev: devi, connections }, ir));
    });
  } else if (addrRs.length) {
    for (const ar of addrRs) {
      const type = ar.attr('type');
      if (type === undefined) fail(ar, `missing address type in network ${net}`, 'type');
      if (type !== 'pci') {
        if (type === 'none' || type === 'netdev') fail(ar, `unsupported address type '${type}' in network ${net}`, 'type');
        fail(ar, `unknown address type '${type}' in network ${net}`, 'type');
      }
      const num = (attr: string): number => {
        const v = ar.attr(attr);
        if (v === undefined) return 0;
        const n = parseUnsigned(v, 0, UINT_MAX);
        if (n === undefined) fail(ar, `invalid value '${v}' for attribute '${attr}' in element 'address'`, attr);
        return n;
      };
      const domain = num('domain');
      const bus = num('bus');
      const slot = num('slot');
      const fn = num('function');
      const multi = ar.attr('multifunction');
      if (multi !== undefined && multi !== 'on' && multi !== 'off') fail(ar, `invalid value '${multi}' for attribute 'multifunction' in element 'address'`, 'multifunction');
      if (domain || bus || slot) {
        if (bus > 0xff) fail(ar, `invalid PCI address bus='0x${bus.toString(16)}', must be <= 0xFF`, 'bus');
        if (slot > 0x1f) fail(ar, `invalid PCI address slot='0x${slot.toString(16)}', must be <= 0x1F`, 'slot');
        if (fn > 7) fail(ar, `invalid PCI address function=0x${fn.toString(16)}, must be <= 7`, 'function');
      }
      if (first(ar, 'zpci')) fail(ar, `zPCI addresses are not supported in network ${net}`);
      if (addresses.some((a) => a.domain === domain && a.bus === bus && a.slot === slot && a.function === fn)) {
        fail(ar, `PCI device '${domain.toString(16).padStart(4, '0')}:${bus.toString(16).padStart(2, '0')}:${slot.toString(16).padStart(2, '0')}.${fn.toString(16)}' can only be listed once in network ${net}`);
      }
      const connStr = ar.attr('connections');
      const connections = connStr === undefined ? undefined : parseUnsigned(connStr, 10, UINT_MAX);
      addresses.push(withExtra({ type: 'pci' as const, domain, bus, slot, function: fn, connections }, ar));
    }
  } else if (pfRs.length > 1) {
    fail(pfRs[1]!, `only one <pf> element is allowed in <forward> of network ${net}`);
  } else if (pfRs.length === 1) {
    const pr = pfRs[0]!;
    const pdev = pr.attr('dev');
    if (pdev === undefined) fail(pr, `missing required dev attribute in <pf> element of network '${net}'`, 'dev');
    pf = withExtra({ dev: pdev }, pr);
  }
  const nifs = interfaces.length + addresses.length;
  const npfs = pf ? 1 : 0;
  if (mode === 'none') return { forward: undefined, mode, nifs, npfs };
  const forward = withExtra(
    {
      mode,
      dev: !pf && interfaces.length ? interfaces[0]!.dev : undefined,
      managed,
      driver,
      nat,
      interfaces: interfaces.length ? interfaces : undefined,
      addresses: addresses.length ? addresses : undefined,
      pf,
    },
    r,
  );
  return { forward, mode, nifs, npfs };
}

function parseNat(r: ElementReader, net: string, mode: string): NonNullable<NetworkForward['nat']> {
  if (mode !== 'nat') fail(r, `the <nat> element can only be used when <forward> 'mode' is 'nat' in network ${net}`);
  const ipv6 = tristate(r, 'ipv6');
  const addrRs = r.children('address');
  let address: NonNullable<NetworkForward['nat']>['address'];
  if (addrRs.length > 1) fail(addrRs[1]!, `only one <address> element is allowed in <nat> in <forward> in network ${net}`);
  if (addrRs.length === 1) {
    const ar = addrRs[0]!;
    const startStr = ar.attr('start');
    if (startStr === undefined) fail(ar, `missing 'start' attribute in <address> element in <nat> in <forward> in network ${net}`, 'start');
    const endStr = ar.attr('end');
    if (endStr === undefined) fail(ar, `missing 'end' attribute in <address> element in <nat> in <forward> in network ${net}`, 'end');
    const start = parseIp(startStr);
    if (!start || start.family !== 4) fail(ar, `bad ipv4 start address '${startStr}' in <nat> in <forward> in network '${net}'`, 'start');
    const end = parseIp(endStr);
    if (!end || end.family !== 4) fail(ar, `bad ipv4 end address '${endStr}' in <nat> in <forward> in network '${net}'`, 'end');
    const err = checkRange(start, end);
    if (err) fail(ar, err);
    address = withExtra({ start: formatIp(start), end: formatIp(end) }, ar);
  }
  const portRs = r.children('port');
  let port: NonNullable<NetworkForward['nat']>['port'];
  if (portRs.length > 1) fail(portRs[1]!, `only one <port> element is allowed in <nat> in <forward> in network ${net}`);
  if (portRs.length === 1) {
    const pr = portRs[0]!;
    const start = xpathUint(pr, 'start');
    if (start === undefined || start === null || start > 65535) fail(pr, `missing or invalid 'start' attribute in <port> in <nat> in <forward> in network ${net}`, 'start');
    const end = xpathUint(pr, 'end');
    if (end === undefined || end === null || end > 65535 || end < start) fail(pr, `missing or invalid 'end' attribute in <port> in <nat> in <forward> in network ${net}`, 'end');
    port = withExtra({ start, end }, pr);
  }
  return withExtra({ ipv6, address, port }, r);
}

/**
 * Converts a parsed `<network>` element into a {@link NetworkSpec}, applying
 * libvirt's checks and normalisation. Throws {@link XmlError} (code
 * `XML_ERROR`) naming the offending element when libvirt would reject the
 * definition.
 */
export function networkSpecFromXmlElement(node: XmlElement): NetworkSpec {
  if (node.name !== 'network') throw new XmlError(`expected a <network> root element, found <${node.name}>`, `/${node.name}`);
  const rootNode = cloneElement(node);
  localizeRootNamespaces(rootNode);
  const r = new ElementReader(rootNode, '/network');

  // name, uuid, title, description
  const nameR = first(r, 'name');
  const name = nameR ? stringValue(nameR.node) : '';
  if (name === '') fail((nameR ?? r), 'missing network name');
  if (name.includes('/')) fail(nameR!, `name '${name}' contains illegal character '/'`);
  const uuidR = first(r, 'uuid');
  let uuid: string | undefined;
  if (uuidR) {
    const text = stringValue(uuidR.node);
    if (text !== '') {
      uuid = parseUuid(text);
      if (!uuid) fail(uuidR, `malformed uuid element '${text}'`);
    }
  }
  const titleR = first(r, 'title');
  const title = titleR ? stringValue(titleR.node) || undefined : undefined;
  if (title !== undefined && title.includes('\n')) fail(titleR!, "network title can't contain newlines");
  const descR = first(r, 'description');
  const description = descR ? stringValue(descR.node) || undefined : undefined;

  // root attributes
  const ipv6Str = xstr(r, 'ipv6');
  if (ipv6Str !== undefined && ipv6Str !== 'yes' && ipv6Str !== 'no') fail(r, `invalid ipv6 setting '${ipv6Str}' in network '${name}'`, 'ipv6');
  const trustGuestRxFilters = tristate(r, 'trustGuestRxFilters');
  const connStr = r.attr('connections');
  const connections = connStr === undefined ? undefined : parseUnsigned(connStr, 10, UINT_MAX);

  // <domain>
  let domain: NetworkSpec['domain'];
  const domR = first(r, 'domain');
  if (domR) {
    const dname = domR.attr('name');
    const localOnly = tristate(domR, 'localOnly');
    const register = tristate(domR, 'register');
    if (dname !== undefined) domain = withExtra({ name: dname, localOnly, register }, domR);
  }

  const bwR = first(r, 'bandwidth');
  const bandwidth = bwR ? parseBandwidth(bwR) : undefined;
  const vlanR = first(r, 'vlan');
  const vlan = vlanR ? parseVlan(vlanR) : undefined;
  let port: NetworkSpec['port'];
  const portR = first(r, 'port');
  if (portR) {
    const isolated = tristate(portR, 'isolated');
    port = withExtra({ isolated }, portR);
    if (port.isolated === undefined && !port.extra) port = undefined;
  }

  // <bridge>
  let bridge: NetworkSpec['bridge'];
  let stpGiven = false;
  const brR = first(r, 'bridge');
  if (brR) {
    const bname = xstr(brR, 'name');
    const zone = xstr(brR, 'zone');
    const stpStr = xstr(brR, 'stp');
    stpGiven = stpStr !== undefined;
    const delayStr = xstr(brR, 'delay');
    let delay: number | undefined;
    if (delayStr !== undefined) {
      delay = parseUnsigned(delayStr, 10, Number.MAX_SAFE_INTEGER);
      if (delay === undefined) fail(brR, `invalid delay value in network '${name}'`, 'delay');
    }
    const mtm = xstr(brR, 'macTableManager');
    if (mtm !== undefined && mtm !== 'kernel' && mtm !== 'libvirt') fail(brR, `invalid macTableManager setting '${mtm}' in network '${name}'`, 'macTableManager');
    bridge = withExtra({ name: bname, zone, stp: stpStr === undefined ? undefined : stpStr !== 'off', delay, macTableManager: mtm as 'kernel' | 'libvirt' | undefined }, brR);
  }

  // <mac>
  let mac: NetworkSpec['mac'];
  const macR = first(r, 'mac');
  if (macR) {
    const addr = xstr(macR, 'address');
    if (addr !== undefined) {
      const bytes = parseMac(addr);
      if (!bytes) fail(macR, `invalid bridge mac address '${addr}' in network '${name}'`, 'address');
      if (bytes[0]! & 1) fail(macR, `invalid multicast bridge mac address '${addr}' in network '${name}'`, 'address');
      mac = withExtra({ address: formatMac(bytes) }, macR);
    }
  }

  // <mtu>
  let mtu: NetworkSpec['mtu'];
  const mtuR = first(r, 'mtu');
  if (mtuR) {
    const sizeStr = xstr(mtuR, 'size');
    if (sizeStr !== undefined) {
      const size = parseUnsigned(sizeStr, 10, UINT_MAX);
      if (size === undefined) fail(mtuR, `invalid mtu size '${sizeStr}' in network '${name}'`, 'size');
      if (size > 0) mtu = withExtra({ size }, mtuR);
    }
  }

  const dnsR = first(r, 'dns');
  const dns = dnsR ? parseDns(dnsR, name) : undefined;
  const vpR = first(r, 'virtualport');
  const virtualport = vpR ? parseVirtualPort(vpR, true) : undefined;
  const portgroups = r.children('portgroup').map((pg) => parsePortGroup(pg));

  // <ip>, <route>
  const ipInfos = r.children('ip').map((ir) => parseIpElement(ir, name));
  const routeRs = r.children('route');
  const routeInfos = routeRs.map((rr) => parseRoute(rr, name));
  routeInfos.forEach(({ gateway }, i) => {
    const reachable = ipInfos.some(({ addr, prefix }) => {
      if (addr.family !== gateway.family) return false;
      const a = maskByPrefix(addr, prefix);
      const g = maskByPrefix(gateway, prefix);
      return a !== undefined && g !== undefined && addrEqual(a, g);
    });
    if (!reachable) fail(routeRs[i]!, `unreachable static route gateway '${formatIp(gateway)}' specified for network '${name}'`, 'gateway');
  });

  // <forward> and the checks tied to the forward mode
  const fwdR = first(r, 'forward');
  const fwd: ParsedForward = fwdR ? parseForward(fwdR, name) : { forward: undefined, mode: 'none', nifs: 0, npfs: 0 };
  const mode = fwd.mode;
  const at = fwdR ?? r;
  switch (mode) {
    case 'none':
      break;
    case 'route':
    case 'nat':
    case 'open':
      if (ipInfos.length === 0) fail(at, `${mode} forwarding requested, but no IP address provided for network '${name}'`);
      if (fwd.nifs > 1) fail(at, `multiple forwarding interfaces specified for network '${name}', only one is supported`);
      if (mode === 'open' && fwd.nifs) fail(at, `forward dev not allowed for network '${name}' with forward mode='${mode}'`, 'dev');
      break;
    default: {
      if (mode !== 'bridge') {
        if (bridge?.name !== undefined) fail(brR!, `bridge name not allowed in ${mode} mode (network '${name}')`, 'name');
        if (bridge?.zone !== undefined) fail(brR!, `bridge zone not allowed in ${mode} mode (network '${name}')`, 'zone');
        if (bridge?.macTableManager !== undefined) fail(brR!, `bridge macTableManager setting not allowed in ${mode} mode (network '${name}')`, 'macTableManager');
      }
      if (bridge?.delay || stpGiven || bridge?.zone !== undefined) fail(brR!, `bridge delay/stp/zone options only allowed in route, nat, and isolated mode, not in ${mode} (network '${name}')`);
      if (bridge?.name !== undefined && (fwd.nifs || fwd.npfs)) fail(at, `a network with forward mode='${mode}' can specify a bridge name or a forward dev, but not both (network '${name}')`);
    }
  }
  if (mtu && !['none', 'nat', 'route', 'open'].includes(mode)) fail(mtuR!, `mtu size only allowed in open, route, nat, and isolated mode, not in ${mode} (network '${name}')`);

  // <metadata>
  const metaR = first(r, 'metadata');
  const metadata = metaR ? sanitizeMetadata(metaR.node, rootNode) : undefined;

  // <dnsmasq:options> (matched by namespace URI, whatever the prefix)
  const dnsmasqOptions: string[] = [];
  const optCounts = new Map<string, number>();
  for (const c of rootNode.children) {
    if (typeof c === 'string') continue;
    if (localName(c.name) !== 'options' || namespaceOf(c, [rootNode]) !== DNSMASQ_NAMESPACE_URI) continue;
    const n = (optCounts.get(c.name) ?? 0) + 1;
    optCounts.set(c.name, n);
    const optsR = new ElementReader(c, `/network/${c.name}[${n}]`);
    r.consume(optsR);
    let i = 0;
    for (const o of c.children) {
      if (typeof o === 'string' || localName(o.name) !== 'option' || namespaceOf(o, [c, rootNode]) !== DNSMASQ_NAMESPACE_URI) continue;
      i++;
      const value = o.attrs.value;
      if (value === undefined) throw new XmlError('no dnsmasq options value specified', `${optsR.path}/${o.name}[${i}]/@value`);
      dnsmasqOptions.push(value);
    }
  }
  if ('xmlns:dnsmasq' in rootNode.attrs && rootNode.attrs['xmlns:dnsmasq'] === DNSMASQ_NAMESPACE_URI) r.attr('xmlns:dnsmasq');

  return withExtra(
    {
      name,
      uuid,
      title,
      description,
      metadata,
      connections,
      ipv6: ipv6Str === 'yes' ? true : undefined,
      trustGuestRxFilters,
      forward: fwd.forward,
      bridge,
      mtu,
      mac,
      domain,
      dns,
      vlan,
      bandwidth,
      port,
      ips: ipInfos.length ? ipInfos.map((x) => x.ip) : undefined,
      routes: routeInfos.length ? routeInfos.map((x) => x.route) : undefined,
      virtualport,
      portgroups: portgroups.length ? portgroups : undefined,
      dnsmasqOptions: dnsmasqOptions.length ? dnsmasqOptions : undefined,
    } as NetworkSpec,
    r,
  );
}

/**
 * Parses libvirt network XML into a {@link NetworkSpec}. Throws an
 * {@link XmlError} (a {@link PolyvisorError} with code `XML_ERROR`) for
 * malformed XML or a definition libvirt would reject; the error's `path`
 * names the offending element or attribute.
 */
export function parseNetworkXml(xml: string): NetworkSpec {
  let root: XmlElement;
  try {
    root = parseXmlDocument(xml, 'network XML');
  } catch (err) {
    // xml2js can throw its own errors synchronously for some truncated documents.
    if (err instanceof PolyvisorError) throw err;
    throw new XmlError(`network XML: malformed XML: ${err instanceof Error ? err.message.split('\n').join('; ') : String(err)}`, '', { cause: err });
  }
  try {
    return networkSpecFromXmlElement(root);
  } catch (err) {
    if (err instanceof PolyvisorError) throw err;
    throw new XmlError(`network XML: ${err instanceof Error ? err.message : String(err)}`, '/network', { cause: err });
  }
}

// ---------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------

function yesNo(v: boolean | undefined): string | undefined {
  return v === undefined ? undefined : v ? 'yes' : 'no';
}

function leaseElement(lease: NetworkDhcpLease): XmlElement {
  const w = new ElementWriter('lease').attr('expiry', lease.expiry);
  if (lease.expiry !== 0) w.attr('unit', lease.unit ?? 'minutes');
  return w.build(lease.extra);
}

function dhcpElement(dhcp: NetworkDhcp): XmlElement | undefined {
  const ranges = dhcp.ranges ?? [];
  const hosts = dhcp.hosts ?? [];
  if (!ranges.length && !hosts.length && !dhcp.extra) return undefined;
  const w = new ElementWriter('dhcp');
  for (const rg of ranges) {
    const rw = new ElementWriter('range').attr('start', canonIp(rg.start)).attr('end', canonIp(rg.end));
    if (rg.lease) rw.child(leaseElement(rg.lease));
    w.child(rw.build(rg.extra));
  }
  for (const h of hosts) {
    const hw = new ElementWriter('host').attr('mac', h.mac).attr('id', h.id).attr('name', h.name).attr('ip', h.ip === undefined ? undefined : canonIp(h.ip));
    if (h.lease) hw.child(leaseElement(h.lease));
    w.child(hw.build(h.extra));
  }
  if (dhcp.bootp) {
    w.child(new ElementWriter('bootp').attr('file', dhcp.bootp.file).attr('server', dhcp.bootp.server === undefined ? undefined : canonIp(dhcp.bootp.server)).build(dhcp.bootp.extra));
  }
  return w.build(dhcp.extra);
}

function ipElement(ip: NetworkIp): XmlElement {
  const w = new ElementWriter('ip')
    .attr('family', ip.family)
    .attr('address', canonIp(ip.address))
    .attr('netmask', ip.netmask === undefined ? undefined : canonIp(ip.netmask))
    .attr('prefix', ip.prefix !== undefined && ip.prefix > 0 ? ip.prefix : undefined)
    .attr('localPtr', yesNo(ip.localPtr));
  if (ip.tftp) w.child(new ElementWriter('tftp').attr('root', ip.tftp.root).build(ip.tftp.extra));
  if (ip.dhcp) w.child(dhcpElement(ip.dhcp));
  return w.build(ip.extra);
}

function routeElement(rt: NetworkRoute): XmlElement {
  return new ElementWriter('route')
    .attr('family', rt.family)
    .attr('address', canonIp(rt.address))
    .attr('netmask', rt.netmask === undefined ? undefined : canonIp(rt.netmask))
    .attr('prefix', rt.prefix)
    .attr('gateway', canonIp(rt.gateway))
    .attr('metric', rt.metric !== undefined && rt.metric > 0 ? rt.metric : undefined)
    .build(rt.extra);
}

function dnsElement(dns: NetworkDns): XmlElement | undefined {
  const fwds = dns.forwarders ?? [];
  const txts = dns.txts ?? [];
  const srvs = dns.srvs ?? [];
  const hosts = dns.hosts ?? [];
  if (dns.enable === undefined && dns.forwardPlainNames === undefined && !fwds.length && !txts.length && !srvs.length && !hosts.length && !dns.extra) return undefined;
  const w = new ElementWriter('dns').attr('enable', yesNo(dns.enable)).attr('forwardPlainNames', yesNo(dns.forwardPlainNames));
  for (const f of fwds) w.child(new ElementWriter('forwarder').attr('domain', f.domain).attr('addr', f.addr === undefined ? undefined : canonIp(f.addr)).build(f.extra));
  for (const t of txts) w.child(new ElementWriter('txt').attr('name', t.name).attr('value', t.value).build(t.extra));
  for (const s of srvs) {
    w.child(
      new ElementWriter('srv')
        .attr('service', s.service)
        .attr('protocol', s.protocol)
        .attr('domain', s.domain)
        .attr('target', s.target)
        .attr('port', s.port || undefined)
        .attr('priority', s.priority || undefined)
        .attr('weight', s.weight || undefined)
        .build(s.extra),
    );
  }
  for (const h of hosts) {
    const hw = new ElementWriter('host').attr('ip', canonIp(h.ip));
    for (const n of h.hostnames) hw.textChild('hostname', n);
    w.child(hw.build(h.extra));
  }
  return w.build(dns.extra);
}

function vlanElement(vlan: NetworkVlan): XmlElement | undefined {
  if (!vlan.tags.length) return undefined;
  const w = new ElementWriter('vlan').attr('trunk', vlan.trunk || vlan.tags.length > 1 ? 'yes' : undefined);
  for (const t of vlan.tags) w.child(new ElementWriter('tag').attr('id', t.id).attr('nativeMode', t.nativeMode).build(t.extra));
  return w.build(vlan.extra);
}

function bandwidthElement(bw: NetworkBandwidth): XmlElement | undefined {
  // libvirt writes a rate only when it has an average or a floor; a <bandwidth> left
  // empty that way is omitted (libvirt would write an empty element that parses to nothing).
  const written = (rate: NetworkBandwidth['inbound']): boolean => !!rate && !!(rate.average || rate.floor);
  if (!written(bw.inbound) && !written(bw.outbound) && !bw.extra) return undefined;
  const w = new ElementWriter('bandwidth');
  for (const [tag, rate] of [['inbound', bw.inbound], ['outbound', bw.outbound]] as const) {
    if (!rate || !written(rate)) continue;
    w.child(
      new ElementWriter(tag)
        .attr('average', rate.average || undefined)
        .attr('peak', rate.peak || undefined)
        .attr('floor', rate.floor || undefined)
        .attr('burst', rate.burst || undefined)
        .build(rate.extra),
    );
  }
  return w.build(bw.extra);
}

function formatUuidParam(v: string): string {
  return parseUuid(v) ?? v;
}

function virtualPortElement(vp: NetworkVirtualPort): XmlElement | undefined {
  const p = vp.parameters;
  const type = vp.type;
  const has = p && (p.managerid !== undefined || p.typeid !== undefined || p.typeidversion !== undefined || p.instanceid !== undefined || (p.profileid !== undefined && p.profileid !== '') || p.interfaceid !== undefined || p.extra);
  if (!type && !has && !vp.extra) return undefined;
  const w = new ElementWriter('virtualport').attr('type', type);
  if (has && p) {
    const qbg = type === '802.1Qbg' || type === undefined;
    const pw = new ElementWriter('parameters');
    if (qbg) pw.attr('managerid', p.managerid).attr('typeid', p.typeid).attr('typeidversion', p.typeidversion).attr('instanceid', p.instanceid === undefined ? undefined : formatUuidParam(p.instanceid));
    if (type === 'openvswitch' || type === 'midonet' || type === undefined) pw.attr('interfaceid', p.interfaceid === undefined ? undefined : formatUuidParam(p.interfaceid));
    if (type === 'openvswitch' || type === '802.1Qbh' || type === undefined) pw.attr('profileid', p.profileid || undefined);
    w.child(pw.build(p.extra));
  }
  return w.build(vp.extra);
}

function portGroupElement(pg: NetworkPortGroup): XmlElement {
  const w = new ElementWriter('portgroup').attr('name', pg.name).attr('default', pg.default ? 'yes' : undefined).attr('trustGuestRxFilters', yesNo(pg.trustGuestRxFilters));
  if (pg.vlan) w.child(vlanElement(pg.vlan));
  if (pg.virtualport) w.child(virtualPortElement(pg.virtualport));
  if (pg.bandwidth) w.child(bandwidthElement(pg.bandwidth));
  return w.build(pg.extra);
}

function hex(n: number, width: number): string {
  return `0x${n.toString(16).padStart(width, '0')}`;
}

function forwardElement(fwd: NetworkForward, inactive: boolean): XmlElement {
  const pf = fwd.pf;
  const ifs = fwd.interfaces?.length ? fwd.interfaces : fwd.dev !== undefined ? [{ dev: fwd.dev }] : [];
  const addrs = fwd.addresses ?? [];
  const w = new ElementWriter('forward').attr('dev', !pf && ifs.length ? ifs[0]!.dev : undefined).attr('mode', fwd.mode);
  if (fwd.mode === 'hostdev') w.attr('managed', fwd.managed ? 'yes' : 'no');
  if (fwd.driver && (fwd.driver.name || fwd.driver.model || fwd.driver.extra)) w.child(new ElementWriter('driver').attr('name', fwd.driver.name).attr('model', fwd.driver.model).build(fwd.driver.extra));
  const nat = fwd.nat;
  if (fwd.mode === 'nat' && nat) {
    const hasPort = nat.port && (nat.port.start || nat.port.end);
    if (nat.address || hasPort || nat.ipv6 !== undefined || nat.extra) {
      const nw = new ElementWriter('nat').attr('ipv6', yesNo(nat.ipv6));
      if (nat.address) nw.child(new ElementWriter('address').attr('start', canonIp(nat.address.start)).attr('end', canonIp(nat.address.end)).build(nat.address.extra));
      if (nat.port && hasPort) nw.child(new ElementWriter('port').attr('start', nat.port.start).attr('end', nat.port.end || undefined).build(nat.port.extra));
      w.child(nw.build(nat.extra));
    }
  }
  if (pf) w.child(new ElementWriter('pf').attr('dev', pf.dev).build(pf.extra));
  if (!pf || !inactive) {
    for (const i of ifs) {
      const conn = 'connections' in i ? i.connections : undefined;
      w.child(new ElementWriter('interface').attr('dev', i.dev).attr('connections', !inactive && conn ? conn : undefined).build('extra' in i ? i.extra : undefined));
    }
    for (const a of addrs) {
      w.child(new ElementWriter('address').attr('type', 'pci').attr('domain', hex(a.domain, 4)).attr('bus', hex(a.bus, 2)).attr('slot', hex(a.slot, 2)).attr('function', `0x${a.function}`).build(a.extra));
    }
  }
  return w.build(fwd.extra);
}

/**
 * Builds the `<network>` element for a {@link NetworkSpec} in libvirt's
 * element order and with the defaults libvirt writes (see
 * `virNetworkDefFormatBuf`), merging back unknown content kept in `extra`.
 */
export function networkSpecToXmlElement(spec: NetworkSpec, opts: NetworkFormatOptions = {}): XmlElement {
  const inactive = opts.inactive ?? false;
  const options = spec.dnsmasqOptions ?? [];
  const w = new ElementWriter('network');
  if (options.length) w.attr('xmlns:dnsmasq', DNSMASQ_NAMESPACE_URI);
  if (!inactive && spec.connections) w.attr('connections', spec.connections);
  if (spec.ipv6) w.attr('ipv6', 'yes');
  w.attr('trustGuestRxFilters', yesNo(spec.trustGuestRxFilters));
  w.textChild('name', spec.name);
  w.textChild('uuid', spec.uuid);
  if (spec.title) w.textChild('title', spec.title);
  if (spec.description) w.textChild('description', spec.description);
  if (spec.metadata) w.child({ ...cloneElement(spec.metadata), name: 'metadata' });
  const mode = spec.forward?.mode;
  if (spec.forward) w.child(forwardElement(spec.forward, inactive));
  const hasBridge = mode === undefined || mode === 'nat' || mode === 'route' || mode === 'open';
  const br = spec.bridge;
  if (hasBridge || br?.name !== undefined || br?.macTableManager !== undefined || br?.extra) {
    const bw = new ElementWriter('bridge').attr('name', br?.name).attr('zone', br?.zone);
    if (hasBridge) bw.attr('stp', br?.stp === false ? 'off' : 'on').attr('delay', br?.delay ?? 0);
    bw.attr('macTableManager', br?.macTableManager);
    w.child(bw.build(br?.extra));
  }
  if (spec.mtu && (spec.mtu.size > 0 || spec.mtu.extra)) w.child(new ElementWriter('mtu').attr('size', spec.mtu.size).build(spec.mtu.extra));
  if (spec.mac) {
    const bytes = parseMac(spec.mac.address);
    w.child(new ElementWriter('mac').attr('address', bytes ? formatMac(bytes) : spec.mac.address.toLowerCase()).build(spec.mac.extra));
  }
  if (spec.domain) w.child(new ElementWriter('domain').attr('name', spec.domain.name).attr('localOnly', yesNo(spec.domain.localOnly)).attr('register', yesNo(spec.domain.register)).build(spec.domain.extra));
  if (spec.dns) w.child(dnsElement(spec.dns));
  if (spec.vlan) w.child(vlanElement(spec.vlan));
  if (spec.bandwidth) w.child(bandwidthElement(spec.bandwidth));
  if (spec.port && (spec.port.isolated !== undefined || spec.port.extra)) w.child(new ElementWriter('port').attr('isolated', yesNo(spec.port.isolated)).build(spec.port.extra));
  for (const ip of spec.ips ?? []) w.child(ipElement(ip));
  for (const rt of spec.routes ?? []) w.child(routeElement(rt));
  if (spec.virtualport) w.child(virtualPortElement(spec.virtualport));
  for (const pg of spec.portgroups ?? []) w.child(portGroupElement(pg));
  if (options.length) {
    const ow = new ElementWriter('dnsmasq:options');
    for (const v of options) ow.child(new ElementWriter('dnsmasq:option').attr('value', v));
    w.child(ow);
  }
  return w.build(spec.extra);
}

/**
 * Formats a {@link NetworkSpec} as libvirt network XML, normalised the way
 * libvirt formats it. With `inactive`, runtime-only state (connection
 * counts, the VF list of a PF-backed pool) is left out.
 */
export function formatNetworkXml(spec: NetworkSpec, opts: NetworkFormatOptions = {}): string {
  return serializeXml(networkSpecToXmlElement(spec, opts));
}
