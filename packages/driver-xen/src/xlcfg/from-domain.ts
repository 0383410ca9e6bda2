/**
 * DomainSpec → xl.cfg settings, following libvirt's `xenFormatXL`
 * (`src/libxl/xen_xl.c` + `xen_common.c`): common settings first (name,
 * memory, vCPUs, features, clock, actions, emulator, framebuffer, vifs, PCI,
 * character devices, sound), then the xl-only ones (OS/boot, cpuid, vNUMA,
 * xenbus limits, disks, SPICE, USB, channels, device-model arguments).
 * @module
 */
import { domainSpecToXmlElement, ErrorCode, PolyvisorError, type DomainSpec, type XmlElement } from '@polyvisor/core';
import { at, attr, child, formatBitmap, intAttr, kib, kids, numaDistance, parseBitmap, text } from '../xml-util.js';
import type { XlConfig, XlValue } from './syntax.js';

/** Options of {@link domainToXlConfig}. */
export interface ToXlOptions {
  /** Resolves `<interface type='network'>` to a bridge name (there is no network driver in the pure half). */
  networkBridge?: (network: string) => string | undefined;
}

/** Default hotplug script for bridged vifs (libvirt `DEFAULT_VIF_SCRIPT`). */
const DEFAULT_VIF_SCRIPT = 'vif-bridge';

function unsupported(msg: string): PolyvisorError {
  return new PolyvisorError(ErrorCode.INVALID_ARG, msg, { driver: 'xen' });
}

/** Translation of CPU feature names between libvirt and libxl's cpuid names (`xenTranslateCPUFeature`). */
const CPU_FEATURE_NAMES: Array<[string, string]> = [
  ['cx16', 'cmpxchg16'],
  ['cid', 'cntxid'],
  ['ds_cpl', 'dscpl'],
  ['pclmuldq', 'pclmulqdq'],
  ['pni', 'sse3'],
  ['ht', 'htt'],
  ['pn', 'psn'],
  ['clflush', 'clfsh'],
  ['sep', 'sysenter'],
  ['cx8', 'cmpxchg8'],
  ['nodeid_msr', 'nodeid'],
  ['cr8legacy', 'altmovcr8'],
  ['lahf_lm', 'lahfsahf'],
  ['cmp_legacy', 'cmplegacy'],
  ['fxsr_opt', 'ffxsr'],
  ['pdpe1gb', 'page1gb'],
  ['spec-ctrl', 'ibrsb'],
];

/** Translates a CPU feature name libvirt → libxl (`toLibxl`) or libxl → libvirt. */
export function translateCpuFeature(name: string, toLibxl: boolean): string {
  for (const [lv, lx] of CPU_FEATURE_NAMES) {
    if (toLibxl && lv === name) return lx;
    if (!toLibxl && lx === name) return lv;
  }
  return name;
}

/** Character device → xl/xend string (`xenFormatSxprChr`). */
export function chrToXl(chr: XmlElement): string {
  const type = attr(chr, 'type') ?? 'pty';
  const srcs = kids(chr, 'source');
  const src = srcs[0];
  switch (type) {
    case 'null':
    case 'stdio':
    case 'vc':
    case 'pty':
      return type;
    case 'file':
    case 'pipe':
      return `${type}:${attr(src, 'path') ?? ''}`;
    case 'dev':
      return attr(src, 'path') ?? '';
    case 'tcp': {
      const proto = attr(child(chr, 'protocol'), 'type') ?? 'raw';
      const listen = attr(src, 'mode') === 'bind';
      return `${proto === 'raw' ? 'tcp' : 'telnet'}:${attr(src, 'host') ?? ''}:${attr(src, 'service') ?? ''}${listen ? ',server,nowait' : ''}`;
    }
    case 'udp': {
      const connect = srcs.find((s) => attr(s, 'mode') === 'connect') ?? srcs.find((s) => attr(s, 'mode') !== 'bind');
      const bind = srcs.find((s) => attr(s, 'mode') === 'bind');
      return `udp:${attr(connect, 'host') ?? ''}:${attr(connect, 'service') ?? ''}@${attr(bind, 'host') ?? ''}:${attr(bind, 'service') ?? ''}`;
    }
    case 'unix':
      return `unix:${attr(src, 'path') ?? ''}${attr(src, 'mode') === 'bind' ? ',server,nowait' : ''}`;
    default:
      throw unsupported(`unsupported chr device type '${type}'`);
  }
}

/** Disk `<driver>`/`<source>` → the xl DISKSPEC string (`xenFormatXLDisk`). */
function diskToXl(disk: XmlElement): string {
  const drv = child(disk, 'driver');
  const format = attr(drv, 'type');
  const driver = attr(drv, 'name');
  const fmt = format === 'vhd' ? 'xvhd' : format && ['raw', 'qcow', 'qcow2', 'qed'].includes(format) ? format : 'raw';
  let s = `format=${fmt},vdev=${attr(child(disk, 'target'), 'dev') ?? ''},access=`;
  s += child(disk, 'readonly') ? 'ro' : child(disk, 'shareable') ? '!' : 'rw';
  if (child(disk, 'transient')) throw unsupported('transient disks not supported yet');
  if (driver) {
    const bt = driver === 'qemu' || driver === 'file' ? 'qdisk' : driver === 'tap' ? 'tap' : driver === 'phy' ? 'phy' : undefined;
    s += `,backendtype=${bt ?? ''}`;
  }
  if (attr(disk, 'device') === 'cdrom') s += ',devtype=cdrom';
  const src = child(disk, 'source');
  const type = attr(disk, 'type');
  let target: string | undefined;
  if (type === 'network') {
    if (attr(src, 'protocol') !== 'rbd') throw unsupported(`Unsupported network block protocol '${attr(src, 'protocol')}'`);
    const name = attr(src, 'name') ?? '';
    if (name.includes(':')) throw unsupported(`':' not allowed in RBD source volume name '${name}'`);
    target = `rbd:${name}:auth_supported=none`;
    const hosts = kids(src, 'host');
    if (hosts.length) {
      target += ':mon_host=';
      target += hosts
        .map((h) => {
          const n = attr(h, 'name') ?? '';
          return (n.includes(':') ? `[${n.replace(/:/g, '\\:')}]` : n) + (attr(h, 'port') ? `\\\\:${attr(h, 'port')}` : '');
        })
        .join('\\\\;');
    }
  } else if (src) {
    target = attr(src, 'file') ?? attr(src, 'dev') ?? attr(src, 'dir');
  }
  if (target) s += `,target=${target}`;
  return s;
}

function vifToXl(net: XmlElement, hvm: boolean, vifTypename: string, opts: ToXlOptions): string {
  let s = `mac=${attr(child(net, 'mac'), 'address') ?? ''}`;
  const type = attr(net, 'type');
  const script = attr(child(net, 'script'), 'path');
  const ips = kids(net, 'ip').map((ip) => attr(ip, 'address') ?? '');
  switch (type) {
    case 'bridge': {
      s += `,bridge=${attr(child(net, 'source'), 'bridge') ?? ''}`;
      let sc = script;
      if (attr(child(net, 'virtualport'), 'type') === 'openvswitch') {
        sc ??= 'vif-openvswitch';
        const vlan = child(net, 'vlan');
        const tags = kids(vlan, 'tag').map((t) => attr(t, 'id') ?? '');
        if (tags.length) s += attr(vlan, 'trunk') === 'yes' ? tags.map((t) => `:${t}`).join('') : `.${tags[0]}`;
      }
      if (ips.length) s += `,ip=${ips.join(' ')}`;
      s += `,script=${sc ?? DEFAULT_VIF_SCRIPT}`;
      break;
    }
    case 'ethernet':
      if (script) s += `,script=${script}`;
      if (ips.length) s += `,ip=${ips.join(' ')}`;
      break;
    case 'network': {
      const name = attr(child(net, 'source'), 'network') ?? '';
      const br = opts.networkBridge?.(name);
      if (!br) throw new PolyvisorError(ErrorCode.NO_NETWORK, `network ${name} is not known to the xl formatter (pass networkBridge)`, { driver: 'xen' });
      s += `,bridge=${br},script=${DEFAULT_VIF_SCRIPT}`;
      break;
    }
    default:
      throw unsupported(`Unsupported net type '${type}'`);
  }
  const model = attr(child(net, 'model'), 'type');
  if (model) s += !hvm ? `,model=${model}` : model === 'netfront' ? `,type=${vifTypename}` : `,model=${model}`;
  const ifname = attr(child(net, 'target'), 'dev');
  if (ifname) s += `,vifname=${ifname}`;
  const avg = attr(child(child(net, 'bandwidth'), 'outbound'), 'average');
  if (avg && Number(avg) > 0) s += `,rate=${avg}KB/s`;
  return s;
}

function hex(n: number, w: number): string {
  return n.toString(16).padStart(w, '0');
}

/** Which dialect to write: `xl` (xl.cfg) or the legacy `xm` (xend) one. */
export type XenCfgDialect = 'xl' | 'xm';

/**
 * Renders a domain as xl.cfg settings (an ordered map; format it with
 * `formatXlConfig`). Throws `INVALID_ARG` for configurations xl cannot
 * express (timers other than tsc/hpet, transient disks, ...).
 */
export function domainToXlConfig(spec: DomainSpec, opts: ToXlOptions = {}, dialect: XenCfgDialect = 'xl'): XlConfig {
  return domainXmlToXlConfig(domainSpecToXmlElement(spec, { inactive: true }), opts, dialect);
}

/** Same as {@link domainToXlConfig}, from the domain's XML tree. */
export function domainXmlToXlConfig(dom: XmlElement, opts: ToXlOptions = {}, dialect: XenCfgDialect = 'xl'): XlConfig {
  const c: XlConfig = new Map();
  const set = (k: string, v: XlValue): void => void c.set(k, v);
  const os = child(dom, 'os');
  const osType = text(os, 'type') ?? 'linux';
  const hvm = osType === 'hvm';
  const devices = child(dom, 'devices');
  const features = child(dom, 'features');
  const on = (name: string): boolean => {
    const f = child(features, name);
    return f !== undefined && attr(f, 'state') !== 'off';
  };

  set('name', text(dom, 'name') ?? '');
  const uuid = text(dom, 'uuid');
  if (uuid) set('uuid', uuid);
  const mem = kib(child(dom, 'memory')) ?? 0;
  const cur = kib(child(dom, 'currentMemory')) ?? mem;
  set('maxmem', Math.ceil(mem / 1024));
  set('memory', Math.ceil(cur / 1024));

  const vcpu = child(dom, 'vcpu');
  const maxv = Number(text(vcpu) ?? '1');
  const curv = intAttr(vcpu, 'current') ?? maxv;
  if (curv < maxv) set('maxvcpus', maxv);
  set('vcpus', curv);
  const cpuset = attr(vcpu, 'cpuset');
  if (cpuset) set('cpus', formatBitmap(parseBitmap(cpuset)));

  // Hypervisor features.
  const xenFeat = child(features, 'xen');
  if (hvm) {
    set('pae', on('pae') ? 1 : 0);
    set('acpi', on('acpi') ? 1 : 0);
    set('apic', on('apic') ? 1 : 0);
    if (attr(child(features, 'hap'), 'state') === 'off') set('hap', 0);
    set('viridian', on('viridian') ? 1 : 0);
  } else if (xenFeat && attr(xenFeat, 'state') !== 'off' && attr(child(xenFeat, 'e820_host'), 'state') === 'on') {
    set('e820_host', 1);
  }
  const pt = child(xenFeat, 'passthrough');
  if (xenFeat && pt && attr(pt, 'state') === 'on') set('passthrough', attr(pt, 'mode') ?? 'enabled');
  const clock = child(dom, 'clock');
  for (const t of kids(clock, 'timer')) {
    const name = attr(t, 'name');
    if (name === 'tsc') {
      const mode = attr(t, 'mode');
      const m = mode === 'native' ? 'native' : mode === 'paravirt' ? 'native_paravirt' : mode === 'emulate' ? 'always_emulate' : 'default';
      set('tsc_mode', m);
    } else if (name === 'hpet') {
      if (!hvm) throw unsupported(`unsupported timer type (name) '${name}'`);
      set('hpet', attr(t, 'present') === 'no' ? 0 : 1);
    } else {
      throw unsupported(`unsupported timer type (name) '${name}'`);
    }
  }

  // Clock offset.
  const offset = attr(clock, 'offset') ?? 'utc';
  let localtime = 0;
  if (hvm) {
    let rtc = 0;
    if (offset === 'variable') {
      localtime = attr(clock, 'basis') === 'localtime' ? 1 : 0;
      rtc = Number(attr(clock, 'adjustment') ?? '0');
    } else if (offset === 'utc' || offset === 'localtime') {
      if (attr(clock, 'adjustment') === 'reset') throw unsupported("unsupported clock adjustment='reset'");
      localtime = offset === 'localtime' ? 1 : 0;
    } else throw unsupported(`unsupported clock offset='${offset}'`);
    set('rtc_timeoffset', rtc);
  } else {
    if (offset === 'utc') localtime = 0;
    else if (offset === 'localtime') localtime = 1;
    else throw unsupported(`unsupported clock offset='${offset}'`);
  }
  set('localtime', localtime);

  set('on_poweroff', text(dom, 'on_poweroff') ?? 'destroy');
  set('on_reboot', text(dom, 'on_reboot') ?? 'restart');
  set('on_crash', text(dom, 'on_crash') ?? 'destroy');

  const emulator = text(devices, 'emulator');
  if (emulator) set('device_model_override', emulator);

  // Framebuffer.
  const graphics = kids(devices, 'graphics');
  const g0 = graphics[0];
  const listenOf = (g: XmlElement | undefined): string | undefined => attr(kids(g, 'listen').find((l) => attr(l, 'type') === 'address'), 'address') ?? attr(g, 'listen');
  if (graphics.length === 1 && g0 && attr(g0, 'type') !== 'spice') {
    const isSdl = attr(g0, 'type') === 'sdl';
    const autoport = attr(g0, 'autoport') === 'yes';
    const port = Number(attr(g0, 'port') ?? '-1');
    if (hvm) {
      if (isSdl) {
        set('sdl', 1);
        set('vnc', 0);
        if (attr(g0, 'display')) set('display', attr(g0, 'display')!);
        if (attr(g0, 'xauth')) set('xauthority', attr(g0, 'xauth')!);
      } else {
        set('sdl', 0);
        set('vnc', 1);
        set('vncunused', autoport ? 1 : 0);
        if (!autoport) set('vncdisplay', port - 5900);
        const l = listenOf(g0);
        if (l) set('vnclisten', l);
        if (attr(g0, 'passwd')) set('vncpasswd', attr(g0, 'passwd')!);
        if (attr(g0, 'keymap')) set('keymap', attr(g0, 'keymap')!);
      }
    } else {
      let v: string;
      if (isSdl) {
        v = 'type=sdl';
        if (attr(g0, 'display')) v += `,display=${attr(g0, 'display')}`;
        if (attr(g0, 'xauth')) v += `,xauthority=${attr(g0, 'xauth')}`;
      } else {
        v = `type=vnc,vncunused=${autoport ? 1 : 0}`;
        if (!autoport) v += `,vncdisplay=${port - 5900}`;
        const l = listenOf(g0);
        if (l) v += `,vnclisten=${l}`;
        if (attr(g0, 'passwd')) v += `,vncpasswd=${attr(g0, 'passwd')}`;
        if (attr(g0, 'keymap')) v += `,keymap=${attr(g0, 'keymap')}`;
      }
      set('vfb', [v]);
    }
  }

  // Network interfaces.
  const vifs = kids(devices, 'interface').map((n) => vifToXl(n, hvm, dialect === 'xl' ? 'vif' : 'netfront', opts));
  if (vifs.length) set('vif', vifs);

  // PCI passthrough.
  const hostdevs = kids(devices, 'hostdev').filter((h) => attr(h, 'mode') !== 'capabilities');
  const pcis = hostdevs
    .filter((h) => attr(h, 'type') === 'pci')
    .map((h) => {
      const src = child(h, 'source');
      const a = child(src, 'address');
      const wf = attr(src, 'writeFiltering');
      return `${hex(intAttr(a, 'domain') ?? 0, 4)}:${hex(intAttr(a, 'bus') ?? 0, 2)}:${hex(intAttr(a, 'slot') ?? 0, 2)}.${hex(intAttr(a, 'function') ?? 0, 1)}${wf === 'yes' ? ',permissive=0' : wf === 'no' ? ',permissive=1' : ''}`;
    });
  if (pcis.length) set('pci', pcis);

  // Character devices.
  if (hvm) {
    const par = kids(devices, 'parallel')[0];
    set('parallel', par ? chrToXl(par) : 'none');
    const serials = kids(devices, 'serial');
    const portOf = (s: XmlElement): number => intAttr(child(s, 'target'), 'port') ?? 0;
    if (serials.length === 1 && portOf(serials[0]!) === 0) set('serial', chrToXl(serials[0]!));
    else if (serials.length) {
      if (dialect === 'xm') throw unsupported('Multiple serial devices are not supported by xen-xm');
      const max = Math.max(...serials.map(portOf));
      const list: string[] = [];
      for (let p = 0; p <= max; p++) {
        const s = serials.find((x) => portOf(x) === p);
        list.push(s ? chrToXl(s) : 'none');
      }
      set('serial', list);
    } else set('serial', 'none');
    const sounds = kids(devices, 'sound').map((s) => attr(s, 'model') ?? '');
    if (sounds.length) set('soundhw', sounds.join(','));
  }

  if (dialect === 'xm') return c;

  // xl: OS.
  const loader = child(os, 'loader');
  if (hvm) {
    set('builder', 'hvm');
    if (loader && attr(loader, 'type') === 'pflash') {
      set('bios', 'ovmf');
      const p = text(loader);
      if (p) set('bios_path_override', p);
    }
    const acpiTable = text(at(os, 'acpi'), 'table');
    if (acpiTable) set('acpi_firmware', acpiTable);
    if (text(os, 'kernel')) set('kernel', text(os, 'kernel')!);
    if (text(os, 'initrd')) set('ramdisk', text(os, 'initrd')!);
    if (text(os, 'cmdline')) set('cmdline', text(os, 'cmdline')!);
    const boots = kids(os, 'boot').map((b) => ({ fd: 'a', cdrom: 'd', network: 'n' })[attr(b, 'dev') ?? ''] ?? 'c');
    set('boot', boots.length ? boots.join('') : 'c');
    const cpu = child(dom, 'cpu');
    if (cpu && attr(cpu, 'mode') === 'host-passthrough') {
      const off = kids(cpu, 'feature').some((f) => ['disable', 'forbid'].includes(attr(f, 'policy') ?? '') && ['vmx', 'svm'].includes(attr(f, 'name') ?? ''));
      set('nestedhvm', off ? 0 : 1);
    }
  } else {
    if (osType === 'xenpvh') set('type', 'pvh');
    if (text(dom, 'bootloader')) set('bootloader', text(dom, 'bootloader')!);
    if (text(dom, 'bootloader_args')) set('bootargs', text(dom, 'bootloader_args')!);
    if (text(os, 'kernel')) set('kernel', text(os, 'kernel')!);
    if (text(os, 'initrd')) set('ramdisk', text(os, 'initrd')!);
    if (text(os, 'cmdline')) set('cmdline', text(os, 'cmdline')!);
  }

  // cpuid.
  const cpu = child(dom, 'cpu');
  if (cpu && attr(cpu, 'mode') === 'host-passthrough') {
    const pairs = ['host'];
    for (const f of kids(cpu, 'feature')) {
      const name = translateCpuFeature(attr(f, 'name') ?? '', true);
      if (name === 'vmx' || name === 'svm') continue;
      const pol = attr(f, 'policy') ?? 'require';
      pairs.push(`${name}=${pol === 'force' || pol === 'require' ? '1' : pol === 'optional' ? 'x' : '0'}`);
    }
    if (pairs.length > 1) set('cpuid', pairs.join(','));
  }

  // vNUMA.
  const cells = kids(at(cpu, 'numa'), 'cell');
  if (cells.length) {
    set(
      'vnuma',
      cells.map((cell, i) => {
        const d = cells.map((_, j) => numaDistance(cells, i, j));
        return [`pnode=${i}`, `size=${Math.floor((kib(cell, 'memory') ?? 0) / 1024)}`, `vcpus=${formatBitmap(parseBitmap(attr(cell, 'cpus') ?? ''))}`, `vdistances=${d.join(',')}`];
      }),
    );
  }

  // xenbus limits.
  for (const ctl of kids(devices, 'controller').filter((x) => attr(x, 'type') === 'xenbus')) {
    const ev = intAttr(ctl, 'maxEventChannels');
    if (ev && ev > 0) set('max_event_channels', ev);
    const gf = intAttr(ctl, 'maxGrantFrames');
    if (gf && gf > 0) set('max_grant_frames', gf);
  }

  const disks = kids(devices, 'disk')
    .filter((d) => attr(d, 'device') !== 'floppy')
    .map(diskToXl);
  if (disks.length) set('disk', disks);

  // SPICE.
  if (hvm && g0 && attr(g0, 'type') === 'spice') {
    set('sdl', 0);
    set('vnc', 0);
    set('spice', 1);
    const l = listenOf(g0);
    if (l) set('spicehost', l);
    set('spiceport', Number(attr(g0, 'port') ?? '0'));
    set('spicetls_port', Number(attr(g0, 'tlsPort') ?? '0'));
    if (attr(g0, 'passwd')) {
      set('spicedisable_ticketing', 0);
      set('spicepasswd', attr(g0, 'passwd')!);
    } else set('spicedisable_ticketing', 1);
    const mouse = attr(child(g0, 'mouse'), 'mode');
    if (mouse === 'server') set('spiceagent_mouse', 0);
    else if (mouse === 'client') {
      set('spiceagent_mouse', 1);
      set('spicevdagent', 1);
    }
    if (attr(child(g0, 'clipboard'), 'copypaste') === 'yes') {
      set('spice_clipboard_sharing', 1);
      set('spicevdagent', 1);
    }
  }

  // USB input devices.
  if (hvm) {
    const usb: string[] = [];
    for (const inp of kids(devices, 'input')) {
      if (attr(inp, 'bus') !== 'usb') continue;
      set('usb', 1);
      const t = attr(inp, 'type');
      if (t === 'mouse' || t === 'tablet') usb.push(t);
      else if (t === 'keyboard') usb.push('keyboard');
    }
    if (usb.length === 1) set('usbdevice', usb[0]!);
    else if (usb.length > 1) set('usbdevice', usb);
  }

  const usbdevs = hostdevs
    .filter((h) => attr(h, 'type') === 'usb')
    .map((h) => {
      const a = child(child(h, 'source'), 'address');
      return `hostbus=${(intAttr(a, 'bus') ?? 0).toString(16)},hostaddr=${(intAttr(a, 'device') ?? 0).toString(16)}`;
    });
  if (usbdevs.length) set('usbdev', usbdevs);

  const usbctrls = kids(devices, 'controller')
    .filter((x) => attr(x, 'type') === 'usb')
    .map((x) => {
      let s = '';
      const model = attr(x, 'model');
      if (model === 'qusb1') s += 'type=qusb,version=1,';
      else if (model === 'qusb2') s += 'type=qusb,version=2,';
      else if (model) throw unsupported(`unsupported usb controller model '${model}'`);
      const ports = intAttr(x, 'ports');
      if (ports !== undefined) s += `ports=${ports.toString(16)}`;
      return s;
    });
  if (usbctrls.length) set('usbctrl', usbctrls);

  const channels = kids(devices, 'channel')
    .filter((ch) => attr(child(ch, 'target'), 'type') === 'xen')
    .map((ch) => {
      const t = attr(ch, 'type');
      let s = 'connection=';
      if (t === 'pty') s += 'pty,';
      else if (t === 'unix') {
        s += 'socket,';
        const p = attr(child(ch, 'source'), 'path');
        if (p) s += `path=${p},`;
      } else throw unsupported(`unsupported channel type '${t}'`);
      return `${s}name=${attr(child(ch, 'target'), 'name') ?? ''}`;
    });
  if (channels.length) set('channel', channels);

  const args = kids(child(dom, 'xen:commandline'), 'xen:arg').map((a) => attr(a, 'value') ?? '');
  if (args.length) set('device_model_args', args);
  return c;
}
