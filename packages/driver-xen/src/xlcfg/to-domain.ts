/**
 * xl.cfg (and legacy xm/xend) settings → DomainSpec, following libvirt's
 * `xenParseXL`/`xenParseXM` (`xen_xl.c`, `xen_xm.c`, `xen_common.c`) and the
 * post-parse defaults libvirt's libxl driver applies (implicit xenbus/IDE
 * controllers, drive addresses, PS/2 or Xen input devices, the default video
 * card, the Xen balloon, the serial console). The domain is built as libvirt
 * XML in libvirt's element order and read with core's parser, so parts the
 * model keeps in `extra` (bootloader, interface script, ...) land in place.
 * @module
 */
import { domainSpecFromXmlElement, ErrorCode, PolyvisorError, type DomainSpec, type XmlElement } from '@polyvisor/core';
import { formatBitmap, mk, mkText, parseBitmap } from '../xml-util.js';
import { parseDiskSpec, parsePciSpec, parseVifSpec } from './specs.js';
import { translateCpuFeature, type XenCfgDialect } from './from-domain.js';
import type { XlConfig, XlValue } from './syntax.js';

/** Options of {@link xlConfigToDomain}. */
export interface FromXlOptions {
  /** libxl firmware directory (`LIBXL_FIRMWARE_DIR`), used for the default OVMF path. Default `/usr/lib/xen/boot`. */
  firmwareDir?: string;
  /** Default HVM loader from the host capabilities. Default `/usr/lib/xen/boot/hvmloader`. */
  hvmLoader?: string;
  /** Guest architecture recorded in `<type arch>`. Default `x86_64`. */
  arch?: string;
  /** Generates a UUID when the config has none (default: `crypto.randomUUID`). */
  uuid?: () => string;
}

function bad(msg: string): PolyvisorError {
  return new PolyvisorError(ErrorCode.INVALID_ARG, msg, { driver: 'xen' });
}

class Reader {
  constructor(private readonly cfg: XlConfig) {}
  raw(k: string): XlValue | undefined {
    return this.cfg.get(k);
  }
  str(k: string): string | undefined {
    const v = this.cfg.get(k);
    if (v === undefined) return undefined;
    if (Array.isArray(v)) throw bad(`config value ${k} was malformed`);
    return String(v);
  }
  bool(k: string, def: number): number {
    const v = this.cfg.get(k);
    if (v === undefined) return def;
    if (typeof v === 'number') return v ? 1 : 0;
    if (typeof v === 'string') return v === '1' ? 1 : 0;
    throw bad(`config value ${k} was malformed`);
  }
  ulong(k: string, def: number): number {
    const v = this.cfg.get(k);
    if (v === undefined) return def;
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
    throw bad(`config value ${k} was malformed`);
  }
  list(k: string): string[] | undefined {
    const v = this.cfg.get(k);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) return undefined;
    return v.filter((x): x is string => typeof x === 'string');
  }
}

/** Parses a xend character device string (`xenParseSxprChar`) into a `<serial>`-like element of the given name. */
function chrFromXl(value: string, name: string, targetAttrs: Record<string, string | number>): XmlElement {
  let type: string;
  let rest = value;
  if (value.startsWith('/')) {
    type = 'dev';
  } else {
    const colon = value.indexOf(':');
    const prefix = colon >= 0 ? value.slice(0, colon) : value;
    rest = colon >= 0 ? value.slice(colon + 1) : '';
    if (prefix.startsWith('telnet')) type = 'telnet';
    else if (['null', 'vc', 'pty', 'dev', 'file', 'pipe', 'stdio', 'udp', 'tcp', 'unix'].includes(prefix)) type = prefix;
    else throw bad(`unknown chr device type '${prefix}'`);
  }
  const kids: XmlElement[] = [];
  let xmlType = type;
  switch (type) {
    case 'dev':
      kids.push(mk('source', { path: value }));
      break;
    case 'file':
    case 'pipe':
      kids.push(mk('source', { path: rest }));
      break;
    case 'tcp':
    case 'telnet': {
      xmlType = 'tcp';
      const c = rest.indexOf(':');
      if (c < 0) throw bad('malformed char device string');
      const host = c > 0 ? rest.slice(0, c) : undefined;
      const after = rest.slice(c + 1);
      const comma = after.indexOf(',');
      const service = comma >= 0 ? after.slice(0, comma) : after;
      const listen = comma >= 0 && after.slice(comma).includes(',server');
      kids.push(mk('source', { mode: listen ? 'bind' : 'connect', host, service }));
      kids.push(mk('protocol', { type: type === 'telnet' ? 'telnet' : 'raw' }));
      break;
    }
    case 'udp': {
      const c = rest.indexOf(':');
      if (c < 0) throw bad('malformed char device string');
      const chost = c > 0 ? rest.slice(0, c) : undefined;
      const at = rest.indexOf('@', c);
      let cservice: string;
      let bhost: string | undefined;
      let bservice: string | undefined;
      if (at >= 0) {
        cservice = rest.slice(c + 1, at);
        const c3 = rest.indexOf(':', at);
        if (c3 < 0) throw bad('malformed char device string');
        bhost = c3 > at + 1 ? rest.slice(at + 1, c3) : undefined;
        bservice = rest.slice(c3 + 1);
      } else cservice = rest.slice(c + 1);
      if (bhost || bservice) kids.push(mk('source', { mode: 'bind', host: bhost, service: bservice }));
      kids.push(mk('source', { mode: 'connect', host: chost, service: cservice }));
      break;
    }
    case 'unix': {
      const comma = rest.indexOf(',');
      const path = comma >= 0 ? rest.slice(0, comma) : rest;
      const listen = comma >= 0 && rest.slice(comma).includes(',server');
      kids.push(mk('source', { mode: listen ? 'bind' : 'connect', path }));
      break;
    }
    default:
      break;
  }
  kids.push(mk('target', targetAttrs));
  return mk(name, { type: xmlType }, kids);
}

interface DiskInfo {
  el: XmlElement;
  dev: string;
  bus: string;
}

function diskBus(vdev: string, hvm: boolean): string {
  if (vdev.startsWith('xvd') || !hvm) return 'xen';
  if (vdev.startsWith('sd')) return 'scsi';
  return 'ide';
}

/** Parses an RBD colon string (`rbd:pool/image:key=value:...`, `\` escapes) into a `<source>`. */
function rbdSource(str: string): XmlElement {
  const body = str.slice(4);
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\' && i + 1 < body.length) {
      cur += body[i + 1];
      i++;
    } else if (ch === ':') {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const hosts: XmlElement[] = [];
  let config: string | undefined;
  // Re-split keeping escapes for mon_host (its ';' separators and ':' ports are escaped).
  const rawParts = body.split(/(?<!\\):/);
  for (const rp of rawParts.slice(1)) {
    if (rp.startsWith('mon_host=')) {
      for (const h of rp.slice(9).split(/\\;/)) {
        const m = /^(\[.*\]|[^\\]*)(?:\\:(\d+))?$/.exec(h);
        if (m) hosts.push(mk('host', { name: m[1]!.replace(/^\[|\]$/g, '').replace(/\\:/g, ':'), port: m[2] }));
      }
    } else if (rp.startsWith('conf=')) config = rp.slice(5);
  }
  return mk('source', { protocol: 'rbd', name: parts[0] }, [...hosts, config ? mk('config', { file: config }) : undefined]);
}

function xlDisk(spec: string, hvm: boolean): DiskInfo {
  const d = parseDiskSpec(spec);
  const vdev = d.vdev!;
  let type = 'file';
  let driver: string | undefined;
  let format: string | undefined;
  let src = d.target;
  let source: XmlElement | undefined;
  if (src?.startsWith('rbd:')) {
    type = 'network';
    source = rbdSource(src.replace(/\\\\/g, '\\'));
    src = undefined;
  }
  if (d.devtype === 'cdrom') {
    driver = 'qemu';
    type = 'file';
    // xenParseXLDisk leaves an empty cdrom without format; the libxl post-parse then defaults it to raw.
    format = 'raw';
  } else {
    format = d.format === 'qcow' || d.format === 'qcow2' || d.format === 'vhd' || d.format === 'qed' ? d.format : d.format === 'empty' ? undefined : 'raw';
    const bt = d.backendtype;
    if (bt === undefined || bt === 'qdisk') driver = 'qemu';
    else if (bt === 'tap') driver = 'tap';
    else if (bt === 'phy') {
      driver = 'phy';
      type = 'block';
    } else throw bad(`disk backend not supported: ${bt}`);
  }
  if (src !== undefined && !source) source = mk('source', type === 'block' ? { dev: src } : { file: src });
  const bus = diskBus(vdev, hvm);
  const el = mk('disk', { type, device: d.devtype }, [mk('driver', { name: driver, type: format }), source, mk('target', { dev: vdev, bus }), d.access === 'ro' ? mk('readonly') : undefined]);
  return { el, dev: vdev, bus };
}

/** Legacy xm disk syntax (`xenParseXMDisk`): `[drv:[subtype:]]src,dev[:cdrom|:floppy],mode`. */
function xmDisk(spec: string, hvm: boolean): DiskInfo | undefined {
  const parts = spec.split(',');
  if (parts.length < 2) throw bad(`malformed disk entry '${spec}'`);
  let src = parts[0]!.trim();
  let dev = parts[1]!.trim();
  const mode = (parts[2] ?? '').trim();
  if (dev.startsWith('ioemu:')) dev = dev.slice(6);
  let driver: string | undefined;
  let format: string | undefined;
  if (src !== '') {
    const c = src.indexOf(':');
    if (c >= 0 && !src.startsWith('/')) {
      driver = src.slice(0, c);
      src = src.slice(c + 1);
      if (driver === 'tap' || driver === 'tap2') {
        const c2 = src.indexOf(':');
        if (c2 >= 0) {
          const sub = src.slice(0, c2);
          src = src.slice(c2 + 1);
          format = sub === 'aio' ? 'raw' : sub;
        }
      }
    }
  }
  driver ??= 'phy';
  format ??= 'raw';
  let device = 'disk';
  const dc = dev.indexOf(':');
  if (dc >= 0) {
    const kind = dev.slice(dc + 1);
    dev = dev.slice(0, dc);
    if (kind === 'cdrom') device = 'cdrom';
    else if (kind === 'floppy') device = 'floppy';
  }
  const type = driver === 'phy' ? 'block' : 'file';
  const bus = dev.startsWith('xvd') || !hvm ? 'xen' : dev.startsWith('sd') ? 'scsi' : 'ide';
  const ro = mode === 'r' || mode === 'ro';
  const shared = mode === 'w!' || mode === '!';
  const el = mk('disk', { type, device }, [
    mk('driver', { name: driver, type: format }),
    src !== '' ? mk('source', type === 'block' ? { dev: src } : { file: src }) : undefined,
    mk('target', { dev, bus }),
    ro ? mk('readonly') : undefined,
    shared ? mk('shareable') : undefined,
  ]);
  return { el, dev, bus };
}

/** Index of a disk name (`hda` → 0, `xvdb` → 1, `sdaa` → 26). */
function diskIndex(dev: string): number {
  const m = /^(?:hd|sd|vd|xvd|ubd)([a-z]+)/.exec(dev);
  if (!m) return 0;
  let idx = 0;
  for (const ch of m[1]!) idx = idx * 26 + (ch.charCodeAt(0) - 96);
  return idx - 1;
}

function vifFromXl(spec: string, vifTypename: string): XmlElement {
  const kv = parseVifSpec(spec);
  const { mac, bridge, script, model, type, vifname, ip, rate } = kv;
  const isBridge = bridge !== undefined || script === 'vif-bridge' || script === 'vif-vnic';
  const kidsOut: Array<XmlElement | undefined> = [];
  kidsOut.push(mac ? mk('mac', { address: mac.toLowerCase() }) : undefined);
  let vlan: XmlElement | undefined;
  let vport: XmlElement | undefined;
  if (isBridge && bridge !== undefined) {
    let brname = bridge;
    const dot = bridge.indexOf('.');
    const colon = bridge.indexOf(':');
    if (dot >= 0) {
      brname = bridge.slice(0, dot);
      vlan = mk('vlan', {}, [mk('tag', { id: Number(bridge.slice(dot + 1)) })]);
      vport = mk('virtualport', { type: 'openvswitch' });
    } else if (colon >= 0) {
      const [b, ...tags] = bridge.split(':');
      brname = b!;
      vlan = mk('vlan', { trunk: 'yes' }, tags.map((t) => mk('tag', { id: Number(t) })));
      vport = mk('virtualport', { type: 'openvswitch' });
    }
    kidsOut.push(mk('source', { bridge: brname }));
  }
  let bandwidth: XmlElement | undefined;
  if (rate) {
    const r = rate.split('@')[0]!;
    const m = /^([0-9]+)([GMK]?)([Bb])\/s$/.exec(r);
    if (!m) throw bad(`Invalid rate '${rate}' specified`);
    let n = Number(m[1]);
    if (m[2] === 'G') n *= 1024 * 1024;
    else if (m[2] === 'M') n *= 1024;
    if (m[3] === 'b') n = Math.floor(n / 8);
    bandwidth = mk('bandwidth', {}, [mk('outbound', { average: n })]);
  }
  // libvirt's order: mac, source, bandwidth, vlan, virtualport, ip, script, target, model.
  kidsOut.push(bandwidth, vlan, vport);
  for (const a of (ip ?? '').split(' ').filter(Boolean)) kidsOut.push(mk('ip', { address: a, family: a.includes(':') ? 'ipv6' : 'ipv4' }));
  if (script) kidsOut.push(mk('script', { path: script }));
  if (vifname) kidsOut.push(mk('target', { dev: vifname }));
  if (model) kidsOut.push(mk('model', { type: model }));
  else if (type === vifTypename) kidsOut.push(mk('model', { type: 'netfront' }));
  return mk('interface', { type: isBridge ? 'bridge' : 'ethernet' }, kidsOut);
}

/**
 * Builds libvirt domain XML (as a tree) from xl.cfg settings, including the
 * post-parse defaults libvirt adds. `dialect` selects xl or the legacy xm
 * disk/vif syntax.
 */
export function xlConfigToDomainXml(cfg: XlConfig, opts: FromXlOptions = {}, dialect: XenCfgDialect = 'xl'): XmlElement {
  const r = new Reader(cfg);
  const firmwareDir = opts.firmwareDir ?? '/usr/lib/xen/boot';
  const name = r.str('name');
  if (name === undefined) throw bad('config value name was missing');
  const uuid = r.str('uuid') ?? (opts.uuid ?? (() => globalThis.crypto.randomUUID()))();

  // General meta.
  let osType = 'linux';
  const typeStr = dialect === 'xl' ? r.str('type') : undefined;
  if (typeStr !== undefined) {
    if (typeStr === 'pv') osType = 'linux';
    else if (typeStr === 'pvh') osType = 'xenpvh';
    else if (typeStr === 'hvm') osType = 'hvm';
    else throw bad(`type ${typeStr} is not supported`);
  } else if ((r.str('builder') ?? 'linux') === 'hvm') osType = 'hvm';
  const hvm = osType === 'hvm';
  const machine = hvm ? 'xenfv' : osType === 'xenpvh' ? 'xenpvh' : 'xenpv';

  // Memory (MiB).
  const curMem = r.ulong('memory', 64 * 2);
  const maxMem = r.ulong('maxmem', curMem);

  // Lifecycle.
  const actions = ['destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy', 'coredump-restart'];
  const action = (k: string, def: string): string => {
    const v = r.str(k) ?? def;
    if (!actions.includes(v)) throw bad(`unexpected value ${v} for ${k}`);
    return v;
  };
  const onPoweroff = action('on_poweroff', 'destroy');
  const onReboot = action('on_reboot', 'restart');
  const onCrash = action('on_crash', 'restart');

  // vCPUs.
  const vcpus = r.ulong('vcpus', 1);
  let maxVcpus = cfg.has('maxvcpus') ? r.ulong('maxvcpus', 0) : vcpus;
  const cpus = r.str('cpus');

  // Features & timers.
  const timers: XmlElement[] = [];
  const tsc = r.str('tsc_mode');
  if (tsc !== undefined) {
    const mode = tsc === 'always_emulate' ? 'emulate' : tsc === 'native' ? 'native' : tsc === 'native_paravirt' ? 'paravirt' : 'auto';
    timers.push(mk('timer', { name: 'tsc', present: 'yes', mode }));
  }
  const feats: XmlElement[] = [];
  let xenFeature: XmlElement | undefined;
  const passthrough = r.str('passthrough');
  if (hvm) {
    if (r.bool('pae', 1)) feats.push(mk('pae'));
    if (r.bool('acpi', 1)) feats.push(mk('acpi'));
    if (r.bool('apic', 1)) feats.push(mk('apic'));
    if (!r.bool('hap', 1)) feats.push(mk('hap', { state: 'off' }));
    if (r.bool('viridian', 0)) feats.push(mk('viridian'));
    const hpet = r.bool('hpet', -1);
    if (cfg.has('hpet')) timers.push(mk('timer', { name: 'hpet', present: hpet ? 'yes' : 'no' }));
  } else if (r.bool('e820_host', 0)) {
    xenFeature = mk('xen', {}, [mk('e820_host', { state: 'on' })]);
  }
  if (passthrough !== undefined) {
    const on = passthrough !== 'disabled';
    const mode = passthrough === 'sync_pt' || passthrough === 'share_pt' ? passthrough : undefined;
    xenFeature = mk('xen', {}, [...(xenFeature?.children ?? []), mk('passthrough', { state: on ? 'on' : 'off', mode })]);
  }
  if (xenFeature) feats.push(xenFeature);
  // libvirt's <features> order.
  const featOrder = ['acpi', 'apic', 'pae', 'hap', 'viridian', 'xen'];
  feats.sort((a, b) => featOrder.indexOf(a.name) - featOrder.indexOf(b.name));

  // Clock.
  const localtime = r.bool('localtime', 0);
  let clock: XmlElement;
  if (hvm) {
    const rtc = r.ulong('rtc_timeoffset', 0);
    clock = mk('clock', { offset: 'variable', adjustment: rtc, basis: localtime ? 'localtime' : 'utc' }, timers);
  } else {
    clock = mk('clock', { offset: localtime ? 'localtime' : 'utc', adjustment: 'reset' }, timers);
  }

  const emulator = r.str('device_model_override');

  // Interfaces.
  const nets = (r.list('vif') ?? []).map((v) => vifFromXl(v, dialect === 'xl' ? 'vif' : 'netfront'));

  // PCI.
  const hostdevs: XmlElement[] = [];
  const pciVal = r.raw('pci');
  const pciList = Array.isArray(pciVal) ? pciVal.filter((x): x is string => typeof x === 'string') : typeof pciVal === 'string' ? [pciVal] : [];
  for (const p of pciList) {
    const s = parsePciSpec(p);
    const perm = s.options.permissive;
    const wf = perm === undefined ? undefined : Number(perm) ? 'no' : 'yes';
    const h2 = (n: number, w: number): string => `0x${n.toString(16).padStart(w, '0')}`;
    hostdevs.push(
      mk('hostdev', { mode: 'subsystem', type: 'pci', managed: 'no' }, [mk('source', { writeFiltering: wf }, [mk('address', { domain: h2(s.domain, 4), bus: h2(s.bus, 2), slot: h2(s.slot, 2), function: h2(s.func, 1) })])]),
    );
  }

  // Sound.
  const sounds: XmlElement[] = [];
  const soundhw = hvm ? r.str('soundhw') : undefined;
  if (soundhw) {
    const models = soundhw === 'all' ? ['sb16', 'es1370'] : soundhw.split(',');
    for (const m of models) sounds.push(mk('sound', { model: m === 'hda' ? 'ich6' : m }));
  }

  // Framebuffer.
  let graphics: XmlElement | undefined;
  // virDomainGraphicsListenAppendAddress always appends an address listen, with or without an address.
  const listenEls = (addr: string | undefined): XmlElement[] => [mk('listen', { type: 'address', address: addr })];
  if (hvm) {
    if (r.bool('vnc', 0)) {
      const autoport = r.bool('vncunused', 1);
      const port = autoport ? -1 : r.ulong('vncdisplay', 0) + 5900;
      const listen = r.str('vnclisten');
      graphics = mk('graphics', { type: 'vnc', port, autoport: autoport ? 'yes' : 'no', listen, passwd: r.str('vncpasswd'), keymap: r.str('keymap') }, listenEls(listen));
    } else if (r.bool('sdl', 0)) {
      graphics = mk('graphics', { type: 'sdl', display: r.str('display'), xauth: r.str('xauthority') });
    }
  } else {
    const vfb = r.list('vfb');
    if (vfb && vfb.length) {
      const kv: Record<string, string> = {};
      for (const p of vfb[0]!.split(',')) {
        const eq = p.indexOf('=');
        if (eq < 0) break;
        kv[p.slice(0, eq).trim()] = p.slice(eq + 1);
      }
      if ((vfb[0] ?? '').includes('type=sdl')) graphics = mk('graphics', { type: 'sdl', display: kv.display, xauth: kv.xauthority });
      else {
        const autoport = kv.vncunused === '1';
        const port = kv.vncdisplay !== undefined ? Number(kv.vncdisplay) + 5900 : autoport ? -1 : undefined;
        graphics = mk('graphics', { type: 'vnc', port: port ?? 0, autoport: autoport ? 'yes' : 'no', listen: kv.vnclisten, passwd: kv.vncpasswd, keymap: kv.keymap }, listenEls(kv.vnclisten));
      }
    }
  }

  // Character devices.
  const serials: XmlElement[] = [];
  const parallels: XmlElement[] = [];
  const consoles: XmlElement[] = [];
  if (hvm) {
    const par = r.str('parallel');
    if (par && par !== 'none') parallels.push(chrFromXl(par, 'parallel', { port: 0 }));
    const sv = r.raw('serial');
    if (Array.isArray(sv)) {
      if (dialect === 'xm') throw bad('Multiple serial devices are not supported by xen-xm');
      sv.forEach((s, i) => {
        if (typeof s === 'string' && s !== 'none') serials.push(chrFromXl(s, 'serial', { port: i }));
      });
    } else if (typeof sv === 'string' && sv !== 'none') serials.push(chrFromXl(sv, 'serial', { port: 0 }));
  } else {
    consoles.push(mk('console', { type: 'pty' }, [mk('target', { type: 'xen', port: 0 })]));
  }

  // OS.
  const osKids: Array<XmlElement | undefined> = [mkText('type', hvm ? 'hvm' : osType, { arch: opts.arch ?? 'x86_64', machine })];
  let bootloader: string | undefined;
  let bootargs: string | undefined;
  const cmdline = ((): string | undefined => {
    const c = r.str('cmdline');
    const root = r.str('root');
    const extra = r.str('extra');
    if (c !== undefined) return c;
    if (root !== undefined && extra !== undefined) return `root=${root} ${extra}`;
    if (root !== undefined) return `root=${root}`;
    return extra;
  })();
  let cpuEl: XmlElement | undefined;
  const cpuFeatures: XmlElement[] = [];
  let cpuPassthrough = false;
  if (hvm) {
    const bios = dialect === 'xl' ? r.str('bios') : undefined;
    if (bios === 'ovmf') {
      osKids.push(mkText('loader', r.str('bios_path_override') ?? `${firmwareDir}/ovmf.bin`, { readonly: 'yes', type: 'pflash', format: 'raw' }));
    } else {
      const loader = (dialect === 'xm' ? r.str('kernel') : undefined) ?? opts.hvmLoader ?? '/usr/lib/xen/boot/hvmloader';
      osKids.push(mkText('loader', loader, { type: 'rom', format: 'raw' }));
    }
    // xm: an HVM guest's "kernel" is its firmware loader (hvmloader), not a kernel to boot directly.
    if (dialect === 'xl') {
      if (r.str('kernel')) osKids.push(mkText('kernel', r.str('kernel')!));
      if (r.str('ramdisk')) osKids.push(mkText('initrd', r.str('ramdisk')!));
      if (cmdline !== undefined) osKids.push(mkText('cmdline', cmdline));
    }
    const acpiFw = dialect === 'xl' ? r.str('acpi_firmware') : undefined;
    if (acpiFw) osKids.push(mk('acpi', {}, [mkText('table', acpiFw, { type: 'slic' })]));
    const boot = r.str('boot') ?? 'c';
    for (const ch of boot.slice(0, 4)) osKids.push(mk('boot', { dev: ch === 'a' ? 'fd' : ch === 'd' ? 'cdrom' : ch === 'n' ? 'network' : 'hd' }));
    if (dialect === 'xl' && cfg.has('nestedhvm')) {
      cpuPassthrough = true;
      if (!r.bool('nestedhvm', -1)) cpuFeatures.push(mk('feature', { policy: 'disable', name: 'vmx' }));
    }
  } else {
    bootloader = r.str('bootloader');
    bootargs = r.str('bootargs');
    if (r.str('kernel')) osKids.push(mkText('kernel', r.str('kernel')!));
    if (r.str('ramdisk')) osKids.push(mkText('initrd', r.str('ramdisk')!));
    if (cmdline !== undefined) osKids.push(mkText('cmdline', cmdline));
  }

  // vNUMA.
  let numa: XmlElement | undefined;
  const vnuma = dialect === 'xl' ? r.raw('vnuma') : undefined;
  if (Array.isArray(vnuma)) {
    const nodes = vnuma.filter((n): n is XlValue[] => Array.isArray(n));
    let nvcpus = 0;
    const cells = nodes.map((node, idx) => {
      let pnode = -1;
      let size = 0;
      let vc: string | undefined;
      let dist: number[] | undefined;
      for (const item of node) {
        const s = String(item);
        const eq = s.lastIndexOf('=');
        if (eq < 0) throw bad(`vnuma vnode invalid format '${s}'`);
        const data = s.slice(eq + 1);
        if (s.startsWith('pnode')) pnode = Number(data);
        else if (s.startsWith('size')) size = Number(data);
        else if (s.startsWith('vcpus')) {
          vc = data;
          nvcpus += parseBitmap(data).length;
        } else if (s.startsWith('vdistances')) {
          dist = data.split(',').map(Number);
          if (dist.length !== nodes.length) throw bad(`vnuma pnode ${pnode} configured '${s}' (count ${dist.length}) doesn't fit the number of specified vnodes ${nodes.length}`);
        } else throw bad(`Invalid vnuma configuration for vnode ${idx}`);
      }
      if (pnode < 0 || vc === undefined || size === 0) throw bad(`Incomplete vnuma configuration for vnode ${idx}`);
      return mk('cell', { id: idx, cpus: formatBitmap(parseBitmap(vc)), memory: size * 1024, unit: 'KiB' }, [dist ? mk('distances', {}, dist.map((v, j) => mk('sibling', { id: j, value: v }))) : undefined]);
    });
    if (maxVcpus === 0) maxVcpus = nvcpus;
    if (maxVcpus < nvcpus) throw bad(`vnuma configuration contains ${nvcpus} vcpus, which is greater than ${maxVcpus} maxvcpus`);
    numa = mk('numa', {}, cells);
  }

  // cpuid.
  const cpuid = dialect === 'xl' ? r.str('cpuid') : undefined;
  if (cpuid) {
    const pairs = cpuid.split(',');
    if (pairs[0] !== 'host') throw bad(`cpuid starting with ${pairs[0]} is not supported, only libxl format is`);
    cpuPassthrough = true;
    for (const p of pairs.slice(1)) {
      const [k, v] = p.split('=');
      if (!k || v === undefined) throw bad(`Invalid libxl cpuid key=value element: ${p}`);
      const policy = v === '1' ? 'force' : v === '0' ? 'disable' : ['x', 'k', 's'].includes(v) ? 'optional' : undefined;
      if (!policy) throw bad(`Invalid libxl cpuid value: ${p}`);
      cpuFeatures.push(mk('feature', { policy, name: translateCpuFeature(k, false) }));
    }
  }
  if (cpuPassthrough || numa) cpuEl = mk('cpu', { mode: cpuPassthrough ? 'host-passthrough' : undefined }, [...cpuFeatures, numa]);

  // Disks.
  const disks: DiskInfo[] = [];
  for (const d of r.list('disk') ?? []) {
    const info = dialect === 'xl' ? xlDisk(d, hvm) : xmDisk(d, hvm);
    if (info) disks.push(info);
  }

  // SPICE (xl, HVM).
  if (dialect === 'xl' && hvm && r.bool('spice', 0)) {
    const host = r.str('spicehost');
    const tls = r.ulong('spicetls_port', 0);
    const port = r.ulong('spiceport', 0);
    const autoport = !tls && !port;
    const passwd = r.bool('spicedisable_ticketing', 0) ? undefined : r.str('spicepasswd');
    if (!r.bool('spicedisable_ticketing', 0) && passwd === undefined) throw bad('config value spicepasswd was missing');
    const mouse = r.bool('spiceagent_mouse', 0) ? 'client' : 'server';
    const clip = r.bool('spice_clipboard_sharing', 0) ? 'yes' : 'no';
    graphics = mk('graphics', { type: 'spice', port: autoport ? -1 : port, tlsPort: autoport ? -1 : tls, autoport: autoport ? 'yes' : 'no', listen: host, passwd }, [
      ...listenEls(host),
      mk('mouse', { mode: mouse }),
      mk('clipboard', { copypaste: clip }),
    ]);
  }

  // Inputs.
  const inputs: XmlElement[] = [];
  if (hvm) {
    const uv = r.raw('usbdevice');
    const list = Array.isArray(uv) ? uv : uv !== undefined ? [uv] : [];
    for (const u of list) {
      if (typeof u !== 'string') throw bad('config value usbdevice was malformed');
      if (u === 'tablet' || u === 'mouse' || u === 'keyboard') inputs.push(mk('input', { type: u, bus: 'usb' }));
    }
  }

  // USB host devices and controllers, channels (xl).
  const controllers: XmlElement[] = [];
  const channels: XmlElement[] = [];
  if (dialect === 'xl') {
    for (const u of r.list('usbdev') ?? []) {
      const kv = Object.fromEntries(u.split(',').map((p) => p.trim().split('=') as [string, string]));
      if (kv.hostbus === undefined || kv.hostaddr === undefined) continue;
      hostdevs.push(mk('hostdev', { mode: 'subsystem', type: 'usb', managed: 'no' }, [mk('source', {}, [mk('address', { bus: Number.parseInt(kv.hostbus, 16), device: Number.parseInt(kv.hostaddr, 16) })])]));
    }
    for (const u of r.list('usbctrl') ?? []) {
      const kv = Object.fromEntries(u.split(',').map((p) => p.trim().split('=') as [string, string]));
      if (kv.type !== undefined && !kv.type.startsWith('qusb')) continue;
      const version = kv.version !== undefined ? Number.parseInt(kv.version, 16) : 2;
      const ports = kv.ports !== undefined ? Number.parseInt(kv.ports, 16) : 8;
      controllers.push(mk('controller', { type: 'usb', index: controllers.length, model: version === 1 ? 'qusb1' : 'qusb2', ports }));
    }
    for (const ch of r.list('channel') ?? []) {
      const kv: Record<string, string> = {};
      for (const p of ch.split(',')) {
        const eq = p.indexOf('=');
        if (eq < 0) continue;
        const k = p.slice(0, eq).trim();
        if (k === 'connection' || kv[k] === undefined) kv[k] = p.slice(eq + 1);
      }
      const conn = kv.connection ?? '';
      let chEl: XmlElement;
      if (conn.startsWith('socket')) chEl = mk('channel', { type: 'unix' }, [mk('source', { mode: 'bind', path: kv.path }), mk('target', { type: 'xen', name: kv.name })]);
      else if (conn.startsWith('pty')) chEl = mk('channel', { type: 'pty' }, [mk('target', { type: 'xen', name: kv.name })]);
      else throw bad(`unsupported channel connection '${conn}'`);
      channels.push(chEl);
    }
  }

  // xenbus limits.
  const maxEvt = dialect === 'xl' ? r.ulong('max_event_channels', 0) : 0;
  const maxGnt = dialect === 'xl' ? r.ulong('max_grant_frames', 0) : 0;

  // Device model arguments (xen namespace).
  const dmArgs = dialect === 'xl' ? (r.list('device_model_args') ?? []) : [];

  // ---- post-parse defaults ----
  if (hvm && serials.length) {
    const s0 = serials[0]!;
    consoles.push(mk(
      'console',
      { type: s0.attrs.type },
      s0.children.map((c) => (typeof c !== 'string' && c.name === 'target' ? mk('target', { type: 'serial', port: 0 }) : c)),
    ));
  }
  const ctrls: XmlElement[] = [mk('controller', { type: 'xenbus', index: 0, maxEventChannels: maxEvt || undefined, maxGrantFrames: maxGnt || undefined })];
  if (disks.some((d) => d.bus === 'ide')) ctrls.push(mk('controller', { type: 'ide', index: 0 }));
  ctrls.push(...controllers);
  for (const d of disks) {
    if (d.bus !== 'ide' && d.bus !== 'scsi') continue;
    const idx = diskIndex(d.dev);
    const addr = d.bus === 'ide' ? { type: 'drive', controller: Math.floor(idx / 4), bus: Math.floor((idx % 4) / 2), target: 0, unit: idx % 2 } : { type: 'drive', controller: Math.floor(idx / 7), bus: 0, target: 0, unit: idx % 7 };
    d.el.children.push(mk('address', addr));
  }
  const inputBus = hvm ? 'ps2' : 'xen';
  const allInputs = [...inputs];
  // xenDomainDefAddImplicitInputDevice: a mouse and a keyboard on the PS/2 (HVM) or Xen (PV) bus.
  if (!allInputs.some((i) => i.attrs.type === 'mouse' && i.attrs.bus === inputBus)) allInputs.push(mk('input', { type: 'mouse', bus: inputBus }));
  if (!allInputs.some((i) => i.attrs.type === 'keyboard' && i.attrs.bus === inputBus)) allInputs.push(mk('input', { type: 'keyboard', bus: inputBus }));
  const videos: XmlElement[] = [];
  if (graphics) {
    videos.push(mk('video', {}, [mk('model', hvm ? { type: 'cirrus', vram: 8192, heads: 1, primary: 'yes' } : { type: 'xen', vram: 4096, heads: 1, primary: 'yes' })]));
  }

  const devices = mk('devices', {}, [
    emulator ? mkText('emulator', emulator) : undefined,
    ...disks.map((d) => d.el),
    ...ctrls,
    ...nets,
    ...serials,
    ...parallels,
    ...consoles,
    ...channels,
    ...allInputs,
    graphics,
    ...sounds,
    ...videos,
    ...hostdevs,
    mk('memballoon', { model: 'xen' }),
  ]);

  const root = mk('domain', { type: 'xen', ...(dmArgs.length ? { 'xmlns:xen': 'http://libvirt.org/schemas/domain/xen/1.0' } : {}) }, [
    mkText('name', name),
    mkText('uuid', uuid),
    mkText('memory', String(maxMem * 1024), { unit: 'KiB' }),
    mkText('currentMemory', String(curMem * 1024), { unit: 'KiB' }),
    mkText('vcpu', String(maxVcpus), { placement: 'static', current: vcpus < maxVcpus ? vcpus : undefined, cpuset: cpus ? formatBitmap(parseBitmap(cpus)) : undefined }),
    bootloader !== undefined ? mkText('bootloader', bootloader) : undefined,
    bootargs !== undefined ? mkText('bootloader_args', bootargs) : undefined,
    mk('os', {}, osKids),
    feats.length ? mk('features', {}, feats) : undefined,
    cpuEl,
    clock,
    mkText('on_poweroff', onPoweroff),
    mkText('on_reboot', onReboot),
    mkText('on_crash', onCrash),
    devices,
    dmArgs.length ? mk('xen:commandline', {}, dmArgs.map((a) => mk('xen:arg', { value: a }))) : undefined,
  ]);
  return root;
}

/** Parses xl.cfg settings into a DomainSpec (see {@link xlConfigToDomainXml}). */
export function xlConfigToDomain(cfg: XlConfig, opts: FromXlOptions = {}, dialect: XenCfgDialect = 'xl'): DomainSpec {
  return domainSpecFromXmlElement(xlConfigToDomainXml(cfg, opts, dialect));
}
