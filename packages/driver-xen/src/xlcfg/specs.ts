/**
 * The device mini-languages of xl.cfg: `disk=` (xl-disk-configuration(5)),
 * `vif=` (xl-network-configuration(5)) and `pci=` (xl-pci-configuration(5)).
 * Pure parsers; errors are typed `INVALID_ARG`.
 * @module
 */
import { ErrorCode, PolyvisorError } from '@polyvisor/core';

/** A parsed `DISKSPEC`. */
export interface XlDiskSpec {
  /** Image path or device (absent: empty cdrom). */
  target?: string;
  /** Image format (`raw`, `qcow`, `qcow2`, `vhd`, `qed`). */
  format?: string;
  /** Guest device name (`xvda`, `hda`, `sdb`, ...). */
  vdev?: string;
  /** Access: `ro` or `rw` (defaults to `ro` for a cdrom, `rw` otherwise). */
  access: 'ro' | 'rw';
  /** Device type (`disk` or `cdrom`). */
  devtype: 'disk' | 'cdrom';
  /** Backend type (`phy`, `qdisk`, `tap`, `standalone`). */
  backendtype?: string;
  /** Backend domain name (`backend=`). */
  backend?: string;
  /** Hotplug script (`script=`, or the `iscsi:`/`nbd:`... prefixes). */
  script?: string;
  /** `direct-io-safe` flag. */
  directIoSafe?: boolean;
  /** `discard`/`no-discard`. */
  discard?: boolean;
  /** `trusted`/`untrusted`. */
  trusted?: boolean;
  /** Other `key=value` settings, verbatim. */
  other: Record<string, string>;
}

function invalid(what: string, spec: string, why: string): PolyvisorError {
  return new PolyvisorError(ErrorCode.INVALID_ARG, `invalid ${what} '${spec}': ${why}`, { driver: 'xen' });
}

const FORMATS = ['raw', 'qcow', 'qcow2', 'vhd', 'qed', 'empty'];
const IGNORED_PREFIXES = ['tapdisk', 'tap2', 'tap', 'aio', 'ioemu', 'file', 'phy'];
const SCRIPT_PREFIXES = ['iscsi', 'nbd', 'enbd', 'drbd'];

/** Strips the deprecated `fmt:`/`script:`/`phy:`-style prefixes of a target (xl-disk-configuration, "Deprecated"). */
function stripPrefixes(target: string, d: XlDiskSpec): string {
  let t = target;
  for (;;) {
    const m = /^([a-z0-9]+):/.exec(t);
    if (!m) return t;
    const p = m[1]!;
    if (FORMATS.includes(p) && p !== 'empty') d.format = p;
    else if (SCRIPT_PREFIXES.includes(p)) d.script = `block-${p}`;
    else if (!IGNORED_PREFIXES.includes(p)) return t;
    t = t.slice(m[0].length);
  }
}

/**
 * Parses one `DISKSPEC` as `xlu_disk_parse` does: comma-separated
 * `key=value` pairs, flags and positional parameters (target, format, vdev,
 * access); `target=` consumes the rest of the string; the deprecated
 * `[fmt:]target,vdev[:devtype],access` syntax and prefixes are accepted.
 */
export function parseDiskSpec(spec: string): XlDiskSpec {
  const d: XlDiskSpec = { access: 'rw', devtype: 'disk', other: {} };
  let access: string | undefined;
  const positional: Array<'target' | 'format' | 'vdev' | 'access'> = ['target', 'format', 'vdev', 'access'];
  let pos = 0;
  let rest = spec;
  const setPos = (name: 'target' | 'format' | 'vdev' | 'access', v: string): void => {
    if (v === '') return;
    if (name === 'target') d.target = v;
    else if (name === 'format') d.format = v;
    else if (name === 'vdev') d.vdev = v;
    else access = v;
  };
  const pieces: string[] = [];
  while (rest.length > 0 || pieces.length === 0) {
    const trimmed = rest.replace(/^\s+/, '');
    if (trimmed.startsWith('target=')) {
      pieces.push(trimmed);
      break;
    }
    const c = trimmed.indexOf(',');
    if (c < 0) {
      pieces.push(trimmed);
      break;
    }
    pieces.push(trimmed.slice(0, c));
    rest = trimmed.slice(c + 1);
    if (rest === '') {
      pieces.push('');
      break;
    }
  }
  // Deprecated syntax: "[fmt:]target,vdev[:devtype],access" — the second positional is a vdev, not a format.
  const legacy = pieces.length === 3 && pieces.every((p) => !p.includes('=')) && pieces[1]!.trim() !== '' && !FORMATS.includes(pieces[1]!.trim());
  if (legacy) {
    const [tgt, vdev, acc] = pieces.map((p) => p.trim()) as [string, string, string];
    if (tgt !== '') d.target = stripPrefixes(tgt, d);
    const [v, devtype] = vdev.split(':');
    d.vdev = v;
    if (devtype === 'cdrom') d.devtype = 'cdrom';
    access = acc;
  } else {
    for (const raw of pieces) {
      const p = raw.replace(/^\s+/, '');
      const eq = p.indexOf('=');
      if (eq > 0 && /^[a-z][a-z0-9_-]*$/i.test(p.slice(0, eq))) {
        const k = p.slice(0, eq);
        const v = p.slice(eq + 1);
        switch (k) {
          case 'target':
            d.target = v === '' ? undefined : v;
            break;
          case 'format':
          case 'vdev':
          case 'access':
            setPos(k, v);
            break;
          case 'devtype':
            if (v !== 'cdrom' && v !== 'disk') throw invalid('disk spec', spec, `unknown devtype '${v}'`);
            d.devtype = v;
            break;
          case 'backendtype':
            d.backendtype = v;
            break;
          case 'backend':
            d.backend = v;
            break;
          case 'script':
            d.script = v;
            break;
          default:
            d.other[k] = v;
        }
        continue;
      }
      if (p === 'cdrom') {
        d.devtype = 'cdrom';
        continue;
      }
      if (p === 'direct-io-safe') {
        d.directIoSafe = true;
        continue;
      }
      if (p === 'discard' || p === 'no-discard') {
        d.discard = p === 'discard';
        continue;
      }
      if (p === 'trusted' || p === 'untrusted') {
        d.trusted = p === 'trusted';
        continue;
      }
      if (pos >= positional.length && p.trim() === '') continue;
      if (pos >= positional.length) throw invalid('disk spec', spec, `too many positional parameters at '${p}'`);
      const name = positional[pos++]!;
      setPos(name, name === 'target' ? stripPrefixes(p, d) : p.trim());
    }
  }
  if (d.format !== undefined && !FORMATS.includes(d.format)) throw invalid('disk spec', spec, `unknown format '${d.format}'`);
  if (access === undefined) d.access = d.devtype === 'cdrom' ? 'ro' : 'rw';
  else if (access === 'r' || access === 'ro') d.access = 'ro';
  else if (access === 'w' || access === 'rw' || access === 'w!' || access === '!') d.access = 'rw';
  else throw invalid('disk spec', spec, `unknown access '${access}'`);
  if (!d.vdev) throw invalid('disk spec', spec, 'no vdev specified');
  return d;
}

/** A parsed `vif=` entry: its `key=value` settings in order. */
export type XlVifSpec = Record<string, string>;

/** Parses a `NET_SPEC_STRING` (`key=value` pairs separated by commas; whitespace before keys ignored). */
export function parseVifSpec(spec: string): XlVifSpec {
  const out: XlVifSpec = {};
  if (spec.trim() === '') return out;
  for (const part of spec.split(',')) {
    const p = part.replace(/^\s+/, '');
    const eq = p.indexOf('=');
    if (eq <= 0) throw invalid('vif spec', spec, `'${p}' is not key=value`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** A parsed `pci=` entry (`[DDDD:]BB:DD.F[@VSLOT][,key=value...]`). */
export interface XlPciSpec {
  /** PCI domain (segment). */
  domain: number;
  /** Bus. */
  bus: number;
  /** Slot (device). */
  slot: number;
  /** Function. */
  func: number;
  /** Virtual slot (`@VSLOT`). */
  vslot?: number;
  /** Options (`permissive`, `msitranslate`, `seize`, `power_mgmt`, `rdm_policy`, ...). */
  options: Record<string, string>;
}

/** Parses a `PCI_SPEC_STRING` (BDF form). */
export function parsePciSpec(spec: string): XlPciSpec {
  const [bdfPart, ...opts] = spec.split(',');
  const m = /^\s*(?:([0-9a-fA-F]{1,4}):)?([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})\.([0-7*])(?:@([0-9a-fA-F]{1,2}))?\s*$/.exec(bdfPart ?? '');
  if (!m) throw invalid('pci spec', spec, 'expected [DDDD:]BB:DD.F');
  const out: XlPciSpec = {
    domain: m[1] ? Number.parseInt(m[1], 16) : 0,
    bus: Number.parseInt(m[2]!, 16),
    slot: Number.parseInt(m[3]!, 16),
    func: m[4] === '*' ? 0 : Number.parseInt(m[4]!, 16),
    options: {},
  };
  if (m[5]) out.vslot = Number.parseInt(m[5], 16);
  for (const o of opts) {
    const eq = o.indexOf('=');
    if (eq <= 0) throw invalid('pci spec', spec, `'${o}' is not key=value`);
    out.options[o.slice(0, eq).trim()] = o.slice(eq + 1).trim();
  }
  return out;
}
