/**
 * DomainSpec → `libxl_domain_config` (JSON form), the way libvirt's libxl
 * driver builds it (`libxlBuildDomainConfig` in `src/libxl/libxl_conf.c`):
 * create info, build info (PV/PVH/HVM, memory, vCPUs, boot, firmware,
 * features, timers, display, serial ports, USB input, cpuid, vNUMA), disks,
 * NICs, framebuffers and keyboards, PCI and USB passthrough, USB controllers,
 * channels and lifecycle actions. Pure: host facts (port allocation, shadow
 * memory, NUMA nodes, nested virtualisation) come from {@link LibxlBuildOptions}.
 * @module
 */
import { domainSpecToXmlElement, ErrorCode, PolyvisorError, type DomainSpec, type XmlElement } from '@polyvisor/core';
import { at, attr, child, intAttr, kib, kids, numaDistance, parseBitmap, text } from '../xml-util.js';
import { chrToXl, translateCpuFeature } from '../xlcfg/from-domain.js';
import { applyCpuidSetting, type LibxlCpuidLeaf } from './cpuid.js';
import type {
  LibxlDefbool,
  LibxlDeviceChannel,
  LibxlDeviceDisk,
  LibxlDeviceNic,
  LibxlDevicePci,
  LibxlDeviceUsbctrl,
  LibxlDeviceUsbdev,
  LibxlDeviceVfb,
  LibxlDeviceVkb,
  LibxlDomainBuildInfo,
  LibxlDomainConfig,
  LibxlDomainCreateInfo,
  LibxlVnodeInfo,
} from './generated/types.js';

/** Host-dependent inputs of {@link buildLibxlDomainConfig}. */
export interface LibxlBuildOptions {
  /** Shadow memory in KiB for (max memory KiB, vCPUs); default libxl's formula `4 * (256 * vcpus + 2 * MiB)`. */
  shadowMemkb?: (maxMemkb: number, vcpus: number) => number;
  /** Picks a VNC/SPICE port for `autoport` graphics (default: leaves the port unset, display 0). */
  allocatePort?: () => number;
  /** Number of host NUMA nodes; when there are more vNUMA cells, all are placed on node 0. Default: unknown (cell i on node i). */
  hostNumaNodes?: number;
  /** Driver setting `nested_hvm` (libxl.conf). Default false. */
  nestedHvm?: boolean;
  /** Host hardware virtualisation CPU feature (`vmx`/`svm`), if any. Default `vmx`. */
  hostHwVirt?: 'vmx' | 'svm' | null;
  /** PV bootloader used when neither a bootloader nor a kernel is given (`LIBXL_BOOTLOADER_PATH`). Default `pygrub`. */
  bootloaderPath?: string;
  /** libxl firmware directory (`LIBXL_FIRMWARE_DIR`); `<os firmware='efi'>` uses `<dir>/ovmf.bin`. Default `/usr/lib/xen/boot`. */
  firmwareDir?: string;
  /** Directory for channel sockets without a path (`/var/lib/libvirt/libxl/channel/target`). */
  channelDir?: string;
  /** Resolves `<interface type='network'>` to its bridge. */
  networkBridge?: (network: string) => string | undefined;
}

function unsupported(msg: string): PolyvisorError {
  return new PolyvisorError(ErrorCode.INVALID_ARG, msg, { driver: 'xen' });
}

const defbool = (b: boolean): LibxlDefbool => (b ? 'True' : 'False');

const LIFECYCLE: Record<string, string> = {
  destroy: 'destroy',
  restart: 'restart',
  'rename-restart': 'restart_rename',
  preserve: 'preserve',
  'coredump-destroy': 'coredump_destroy',
  'coredump-restart': 'coredump_restart',
};

/** Hyper-V enlightenments (`<hyperv>` children) → libxl viridian enlightenment numbers. */
const VIRIDIAN: Record<string, number> = { frequencies: 1, tlbflush: 4, vapic: 5, synic: 7, stimer: 8, ipi: 9 };
/** Enlightenments libvirt always enables with `<hyperv>`: base, time_ref_count, reference_tsc, crash_ctl. */
const VIRIDIAN_BASE = [0, 2, 3, 6];

function featureOn(features: XmlElement | undefined, name: string): boolean | undefined {
  const f = child(features, name);
  if (!f) return undefined;
  return attr(f, 'state') !== 'off';
}

function makeDisk(disk: XmlElement): LibxlDeviceDisk {
  const drv = child(disk, 'driver');
  const driver = attr(drv, 'name');
  const format = attr(drv, 'type') ?? 'raw';
  const type = attr(disk, 'type');
  const src = child(disk, 'source');
  const x: LibxlDeviceDisk = {};
  if (type === 'network') {
    if (driver !== undefined && driver !== 'qemu') throw unsupported("only the 'qemu' driver can be used with network disks");
    if (attr(src, 'protocol') !== 'rbd') throw unsupported(`Unsupported network block protocol '${attr(src, 'protocol')}'`);
    const name = attr(src, 'name') ?? '';
    if (name.includes(':')) throw unsupported(`':' not allowed in RBD source volume name '${name}'`);
    let s = `rbd:${name}:auth_supported=none`;
    const hosts = kids(src, 'host');
    if (hosts.length) s += `:mon_host=${hosts.map((h) => (attr(h, 'name')!.includes(':') ? `[${attr(h, 'name')!.replace(/:/g, '\\:')}]` : attr(h, 'name')) + (attr(h, 'port') ? `\\:${attr(h, 'port')}` : '')).join('\\;')}`;
    x.pdev_path = s;
  } else {
    const p = attr(src, 'file') ?? attr(src, 'dev') ?? attr(src, 'dir');
    if (p !== undefined) x.pdev_path = p;
  }
  x.vdev = attr(child(disk, 'target'), 'dev') ?? '';
  const fmts: Record<string, 'qcow' | 'qcow2' | 'vhd' | 'raw' | 'qed'> = { qcow: 'qcow', qcow2: 'qcow2', vhd: 'vhd', raw: 'raw', qed: 'qed' };
  const bad = (): PolyvisorError => unsupported(`libxenlight does not support disk format ${format} with disk driver ${driver}`);
  if (driver === 'tap' || driver === 'tap2') {
    const f = fmts[format];
    if (!f) throw bad();
    x.format = f;
    x.backend = f === 'vhd' || f === 'raw' ? 'tap' : 'qdisk';
  } else if (driver === 'qemu') {
    const f = fmts[format];
    if (!f) throw bad();
    x.format = f;
    x.backend = 'qdisk';
  } else if (driver === 'file' || driver === 'phy') {
    if (format !== 'raw') throw bad();
    x.format = 'raw';
    x.backend = driver === 'file' ? 'qdisk' : 'phy';
  } else if (driver === undefined) {
    x.format = 'raw';
    x.backend = 'unknown';
  } else throw unsupported(`libxenlight does not support disk driver ${driver}`);
  x.removable = 1;
  // libvirt's post-parse makes every cdrom read-only. Zero values are libxl defaults and, like libxl, left out.
  const cdrom = attr(disk, 'device') === 'cdrom';
  if (!child(disk, 'readonly') && !cdrom) x.readwrite = 1;
  if (cdrom) x.is_cdrom = 1;
  const discard = attr(drv, 'discard');
  if (x.readwrite && discard === 'unmap') x.discard_enable = 'True';
  else if (x.readwrite && discard === 'ignore') x.discard_enable = 'False';
  if (x.is_cdrom && x.pdev_path === undefined) x.format = 'empty';
  if (child(disk, 'transient')) throw unsupported('libxenlight does not support transient disks');
  const dom = attr(child(disk, 'backenddomain'), 'name');
  if (dom) x.backend_domname = dom;
  return x;
}

function makeNic(net: XmlElement, osType: string, devid: number, opts: LibxlBuildOptions): LibxlDeviceNic {
  const type = attr(net, 'type');
  const script = attr(child(net, 'script'), 'path');
  if (script && type !== 'bridge' && type !== 'ethernet') throw unsupported('specifying a script is only supported with interface types bridge and ethernet');
  const x: LibxlDeviceNic = { devid };
  const mac = attr(child(net, 'mac'), 'address');
  if (mac) x.mac = mac.toLowerCase();
  const model = attr(child(net, 'model'), 'type');
  if (model) {
    if ((osType === 'linux' || osType === 'xen' || osType === 'xenpvh') && model !== 'netfront') throw unsupported("only model 'netfront' is supported for Xen PV(H) domains");
    x.model = model;
    x.nictype = model === 'netfront' ? 'vif' : 'vif_ioemu';
  } else x.nictype = osType === 'hvm' ? 'vif_ioemu' : 'vif';
  const ifname = attr(child(net, 'target'), 'dev');
  if (ifname) x.ifname = ifname;
  const ips = kids(net, 'ip').map((i) => attr(i, 'address') ?? '');
  switch (type) {
    case 'bridge': {
      let br = attr(child(net, 'source'), 'bridge') ?? '';
      let sc = script;
      if (attr(child(net, 'virtualport'), 'type') === 'openvswitch') {
        sc ??= 'vif-openvswitch';
        const vlan = child(net, 'vlan');
        const tags = kids(vlan, 'tag').map((t) => attr(t, 'id'));
        if (tags.length) br += attr(vlan, 'trunk') === 'yes' ? tags.map((t) => `:${t}`).join('') : `.${tags[0]}`;
      }
      x.bridge = br;
      if (sc) x.script = sc;
      if (ips.length) x.ip = ips.join(' ');
      break;
    }
    case 'ethernet':
      if (script) x.script = script;
      if (ips.length) x.ip = ips.join(' ');
      break;
    case 'network': {
      const name = attr(child(net, 'source'), 'network') ?? '';
      const br = opts.networkBridge?.(name);
      if (!br) throw new PolyvisorError(ErrorCode.NO_NETWORK, `network '${name}' cannot be resolved to a bridge`, { driver: 'xen' });
      x.bridge = br;
      if (ips.length) x.ip = ips.join(' ');
      break;
    }
    default:
      throw unsupported(`unsupported interface type ${type}`);
  }
  const dom = attr(child(net, 'backenddomain'), 'name');
  if (dom) x.backend_domname = dom;
  const avg = Number(attr(child(child(net, 'bandwidth'), 'outbound'), 'average') ?? '0');
  if (avg > 0) {
    x.rate_bytes_per_interval = Math.floor((avg * 1024 * 50000) / 1000000);
    x.rate_interval_usecs = 50000;
  }
  return x;
}

function listenAddress(g: XmlElement): string | undefined {
  const l = kids(g, 'listen').find((x) => attr(x, 'type') === 'address');
  return attr(l, 'address') ?? attr(g, 'listen');
}

function makeVfb(g: XmlElement, opts: LibxlBuildOptions): LibxlDeviceVfb {
  const x: LibxlDeviceVfb = { devid: -1 };
  const type = attr(g, 'type');
  if (type === 'sdl') {
    x.sdl = { enable: 'True', opengl: 'False' };
    if (attr(g, 'display')) x.sdl.display = attr(g, 'display')!;
    if (attr(g, 'xauth')) x.sdl.xauthority = attr(g, 'xauth')!;
    x.vnc = { enable: 'False' };
  } else if (type === 'vnc') {
    x.vnc = { enable: 'True', findunused: 'False' };
    x.sdl = { enable: 'False' };
    let port = Number(attr(g, 'port') ?? '-1');
    if (attr(g, 'autoport') === 'yes' || port < 0) port = opts.allocatePort?.() ?? 5900;
    if (port - 5900 !== 0) x.vnc.display = port - 5900;
    const l = listenAddress(g);
    if (l) x.vnc.listen = l;
    if (attr(g, 'passwd')) x.vnc.passwd = attr(g, 'passwd')!;
    if (attr(g, 'keymap')) x.keymap = attr(g, 'keymap')!;
  }
  return x;
}

function pciOf(address: XmlElement | undefined): LibxlDevicePci {
  const p: LibxlDevicePci = {};
  const set = (k: 'domain' | 'bus' | 'dev' | 'func', v: number | undefined): void => {
    if (v) p[k] = v;
  };
  set('domain', intAttr(address, 'domain'));
  set('bus', intAttr(address, 'bus'));
  set('dev', intAttr(address, 'slot'));
  set('func', intAttr(address, 'function'));
  return p;
}

/** Builds the `libxl_domain_config` JSON for a domain. Throws `INVALID_ARG` for what libxl cannot express. */
export function buildLibxlDomainConfig(spec: DomainSpec, opts: LibxlBuildOptions = {}): LibxlDomainConfig {
  return buildLibxlDomainConfigFromXml(domainSpecToXmlElement(spec, { inactive: true }), opts);
}

/** Same as {@link buildLibxlDomainConfig}, from the domain's XML tree. */
export function buildLibxlDomainConfigFromXml(dom: XmlElement, opts: LibxlBuildOptions = {}): LibxlDomainConfig {
  const os = child(dom, 'os');
  const osType = text(os, 'type') ?? 'linux';
  const hvm = osType === 'hvm';
  const pvh = osType === 'xenpvh';
  const features = child(dom, 'features');
  const devices = child(dom, 'devices');
  const cfg: LibxlDomainConfig = {};

  // c_info
  const c: LibxlDomainCreateInfo = { type: hvm ? 'hvm' : pvh ? 'pvh' : 'pv' };
  if (hvm || pvh) {
    const hap = featureOn(features, 'hap');
    if (hap !== undefined) c.hap = defbool(hap);
  }
  const xen = child(features, 'xen');
  const pt = child(xen, 'passthrough');
  if (xen && attr(xen, 'state') !== 'off' && pt) {
    const mode = attr(pt, 'mode');
    c.passthrough = attr(pt, 'state') === 'off' ? 'disabled' : mode === 'sync_pt' ? 'sync_pt' : mode === 'share_pt' ? 'share_pt' : 'enabled';
  }
  c.name = text(dom, 'name') ?? '';
  const uuid = text(dom, 'uuid');
  if (uuid) c.uuid = uuid;
  cfg.c_info = c;

  // b_info (attached now so the JSON keeps libxl's key order; filled below)
  const b: LibxlDomainBuildInfo = {};
  cfg.b_info = b;
  const vcpu = child(dom, 'vcpu');
  const maxV = Number(text(vcpu) ?? '1');
  const curV = intAttr(vcpu, 'current') ?? maxV;
  b.max_vcpus = maxV;
  b.avail_vcpus = Array.from({ length: curV }, (_, i) => i);
  const cpuset = attr(vcpu, 'cpuset');
  if (cpuset) {
    // virDomainDef cpumask pins every vCPU; libvirt expresses it as per-vCPU hard affinity.
    const ids = parseBitmap(cpuset);
    b.vcpu_hard_affinity = Array.from({ length: maxV }, () => ids);
    b.numa_placement = 'False';
  }
  const clock = child(dom, 'clock');
  const offset = attr(clock, 'offset') ?? 'utc';
  if (offset === 'variable') {
    if (attr(clock, 'basis') === 'localtime') b.localtime = 'True';
    const adj = Number(attr(clock, 'adjustment') ?? '0');
    if (adj) b.rtc_timeoffset = adj >>> 0;
  } else if (offset === 'localtime') b.localtime = 'True';
  else if (offset !== 'utc') throw unsupported(`unsupported clock offset '${offset}'`);
  const hvmInfo: NonNullable<LibxlDomainBuildInfo['type.hvm']> = {};
  for (const t of kids(clock, 'timer')) {
    const name = attr(t, 'name');
    if (name === 'tsc') {
      const mode = attr(t, 'mode');
      b.tsc_mode = mode === 'native' ? 'native' : mode === 'paravirt' ? 'native_paravirt' : mode === 'emulate' ? 'always_emulate' : 'default';
    } else if (name === 'hpet') {
      if (!hvm) throw unsupported(`unsupported timer type (name) '${name}'`);
      if (attr(t, 'present') === 'yes') hvmInfo.hpet = 'True';
    } else throw unsupported(`unsupported timer type (name) '${name}'`);
  }
  const shares = text(at(dom, 'cputune'), 'shares');
  if (shares !== undefined) b.sched_params = { weight: Number(shares) };

  const roundMiB = (k: number): number => Math.ceil(k / 1024) * 1024;
  const maxMem = roundMiB(kib(child(dom, 'memory')) ?? 0);
  const curMem = roundMiB(kib(child(dom, 'currentMemory')) ?? maxMem);
  b.max_memkb = maxMem;
  b.target_memkb = curMem;

  for (const ctl of kids(devices, 'controller').filter((x) => attr(x, 'type') === 'xenbus')) {
    const ev = intAttr(ctl, 'maxEventChannels');
    if (ev && ev > 0) b.event_channels = ev;
    const gf = intAttr(ctl, 'maxGrantFrames');
    if (gf && gf > 0) b.max_grant_frames = gf;
  }

  const cpu = child(dom, 'cpu');
  if ((hvm || pvh) && cpu && attr(cpu, 'mode') === 'host-passthrough') {
    const hw = opts.hostHwVirt === undefined ? 'vmx' : opts.hostHwVirt;
    let hasHwVirt = (opts.nestedHvm ?? false) && hw !== null;
    const policy: LibxlCpuidLeaf[] = [];
    for (const f of kids(cpu, 'feature')) {
      const name = attr(f, 'name') ?? '';
      const pol = attr(f, 'policy') ?? 'require';
      const isHw = hw !== null && name === hw;
      if (pol === 'disable' || pol === 'forbid') {
        if (isHw) {
          hasHwVirt = false;
          continue;
        }
        if (!applyCpuidSetting(policy, translateCpuFeature(name, true), '0')) throw unsupported(`unsupported cpu feature '${name}'`);
      } else if (pol === 'force' || pol === 'require') {
        if (isHw) {
          hasHwVirt = true;
          continue;
        }
        if (!applyCpuidSetting(policy, translateCpuFeature(name, true), '1')) throw unsupported(`unsupported cpu feature '${name}'`);
      }
    }
    if (policy.length) b.cpuid = policy;
    b.nested_hvm = defbool(hasHwVirt);
  }

  const emulator = text(devices, 'emulator');
  const graphics = kids(devices, 'graphics');
  let videos = kids(devices, 'video');
  if (hvm) {
    const pae = featureOn(features, 'pae');
    hvmInfo.pae = defbool(pae === true);
    b.apic = defbool(featureOn(features, 'apic') === true);
    b.acpi = defbool(featureOn(features, 'acpi') === true);
    const viridian = featureOn(features, 'viridian');
    if (viridian) hvmInfo.viridian = 'True';
    const hyperv = child(features, 'hyperv');
    if (hyperv && attr(hyperv, 'mode') !== 'passthrough') {
      const en = new Set(VIRIDIAN_BASE);
      for (const h of kids(hyperv)) if (attr(h, 'state') === 'on' && VIRIDIAN[h.name] !== undefined) en.add(VIRIDIAN[h.name]!);
      hvmInfo.viridian_enable = [...en].sort((x, y) => x - y);
    }
    const slic = text(at(os, 'acpi'), 'table');
    if (slic) hvmInfo.acpi_firmware = slic;
    const sounds = kids(devices, 'sound');
    if (sounds.length) {
      const m = attr(sounds[0], 'model') ?? '';
      hvmInfo.soundhw = m === 'ich6' ? 'hda' : m;
    }
    const boots = kids(os, 'boot').map((x) => ({ fd: 'a', cdrom: 'd', network: 'n' })[attr(x, 'dev') ?? ''] ?? 'c');
    hvmInfo.boot = boots.length ? boots.join('') : 'c';
    if (text(os, 'cmdline')) b.cmdline = text(os, 'cmdline')!;
    if (text(os, 'kernel')) b.kernel = text(os, 'kernel')!;
    if (text(os, 'initrd')) b.ramdisk = text(os, 'initrd')!;
    const loader = child(os, 'loader');
    if (attr(os, 'firmware') === 'efi') {
      hvmInfo.bios = 'ovmf';
      hvmInfo.system_firmware = text(loader) || `${opts.firmwareDir ?? '/usr/lib/xen/boot'}/ovmf.bin`;
    } else if (loader && attr(loader, 'type') === 'pflash') {
      hvmInfo.bios = 'ovmf';
      const p = text(loader);
      if (p) hvmInfo.system_firmware = p;
    }
    if (loader && attr(loader, 'format') && attr(loader, 'format') !== 'raw') throw unsupported(`Unsupported loader format '${attr(loader, 'format')}'`);
    if (emulator) {
      b.device_model = emulator;
      b.device_model_version = /qemu-dm$/.test(emulator) ? 'qemu_xen_traditional' : 'qemu_xen';
    }
    let serials = kids(devices, 'serial');
    // libvirt's post-parse turns an HVM console without serial ports into serial port 0.
    const con = kids(devices, 'console')[0];
    if (!serials.length && con && ['serial', undefined].includes(attr(child(con, 'target'), 'type'))) serials = [con];
    if (serials.length === 1) hvmInfo.serial = chrSerial(serials[0]!);
    else if (serials.length > 1) hvmInfo.serial_list = serials.map(chrSerial);
    if (kids(devices, 'parallel').length) throw unsupported('Parallel devices are not supported by libxl');
    hvmInfo.vnc = { enable: 'False' };
    hvmInfo.sdl = { enable: 'False' };
    const usb: string[] = [];
    for (const inp of kids(devices, 'input')) {
      if (attr(inp, 'bus') !== 'usb') continue;
      const t = attr(inp, 'type');
      if (t === 'mouse' || t === 'tablet') usb.push(t);
      else throw unsupported('Unknown input device type');
    }
    if (usb.length) hvmInfo.usbdevice_list = usb;
    // libvirt's post-parse adds the default video card (cirrus, 8 MiB) when a display exists.
    if (!videos.length && graphics.length) videos = [{ name: 'video', attrs: {}, children: [{ name: 'model', attrs: { type: 'cirrus', vram: '8192', heads: '1', primary: 'yes' }, children: [] }] }];
  } else if (pvh) {
    if (text(os, 'cmdline')) b.cmdline = text(os, 'cmdline')!;
    if (text(os, 'kernel')) b.kernel = text(os, 'kernel')!;
    if (text(os, 'initrd')) b.ramdisk = text(os, 'initrd')!;
    const bl = text(dom, 'bootloader');
    if (bl) b.bootloader = bl;
    const bla = text(dom, 'bootloader_args');
    if (bla) b.bootloader_args = bla.split(/[ \t\n]+/).filter(Boolean);
  } else {
    const pv: NonNullable<LibxlDomainBuildInfo['type.pv']> = {};
    const bl = text(dom, 'bootloader');
    const kernel = text(os, 'kernel');
    if (bl) pv.bootloader = bl;
    else if (!kernel) pv.bootloader = opts.bootloaderPath ?? 'pygrub';
    const bla = text(dom, 'bootloader_args');
    if (bla) pv.bootloader_args = bla.split(/[ \t\n]+/).filter(Boolean);
    if (text(os, 'cmdline')) pv.cmdline = text(os, 'cmdline')!;
    if (kernel) pv.kernel = kernel;
    if (text(os, 'initrd')) pv.ramdisk = text(os, 'initrd')!;
    if (xen && attr(xen, 'state') !== 'off') {
      const e820 = attr(child(xen, 'e820_host'), 'state');
      if (e820 === 'on') pv.e820_host = 'True';
      else if (e820 === 'off') pv.e820_host = 'False';
    }
    b['type.pv'] = pv;
  }

  const balloon = child(devices, 'memballoon');
  if (balloon && attr(balloon, 'model') !== 'xen') {
    if (attr(balloon, 'model') === 'none') throw unsupported('balloon device cannot be disabled');
    throw unsupported(`unsupported balloon device model '${attr(balloon, 'model')}'`);
  }
  b.shadow_memkb = (opts.shadowMemkb ?? ((m, v) => 4 * (256 * v + 2 * Math.floor(m / 1024))))(maxMem, maxV);
  const args = kids(child(dom, 'xen:commandline'), 'xen:arg').map((a) => attr(a, 'value') ?? '');
  if (args.length) b.extra = args;

  // vNUMA
  const cells = kids(at(cpu, 'numa'), 'cell');
  if (cells.length) {
    const simulate = opts.hostNumaNodes !== undefined && cells.length > opts.hostNumaNodes;
    b.vnuma_nodes = cells.map((cell, i): LibxlVnodeInfo => {
      const cpus = attr(cell, 'cpus');
      if (!cpus) throw unsupported(`vnuma sibling ${i} missing vcpus set`);
      const node: LibxlVnodeInfo = { memkb: kib(cell, 'memory') ?? 0, distances: cells.map((_, j) => numaDistance(cells, i, j)), vcpus: parseBitmap(cpus) };
      const pnode = simulate ? 0 : i;
      if (pnode) node.pnode = pnode;
      return node;
    });
  }

  // Devices.
  cfg.disks = kids(devices, 'disk').map(makeDisk);
  const nets = kids(devices, 'interface');
  cfg.nics = nets.filter((n) => attr(n, 'type') !== 'hostdev').map((n, i) => makeNic(n, osType, i, opts));

  const vfbs = graphics.map((g) => makeVfb(g, opts));
  if (vfbs.length) {
    cfg.vfbs = vfbs;
    cfg.vkbs = vfbs.map((): LibxlDeviceVkb => ({ devid: -1 }));
  }
  if (hvm && graphics.length) {
    const spice = graphics.find((g) => attr(g, 'type') === 'spice');
    if (spice) {
      const sp: NonNullable<NonNullable<LibxlDomainBuildInfo['type.hvm']>['spice']> = { enable: 'True' };
      let port = Number(attr(spice, 'port') ?? '-1');
      if (attr(spice, 'autoport') === 'yes') port = opts.allocatePort?.() ?? 0;
      if (port > 0) sp.port = port;
      sp.host = listenAddress(spice) ?? '127.0.0.1';
      if (attr(spice, 'keymap')) hvmInfo.keymap = attr(spice, 'keymap')!;
      if (attr(spice, 'passwd')) {
        sp.passwd = attr(spice, 'passwd')!;
        sp.disable_ticketing = 'False';
      } else sp.disable_ticketing = 'True';
      sp.agent_mouse = defbool(attr(child(spice, 'mouse'), 'mode') !== 'server');
      const copy = attr(child(spice, 'clipboard'), 'copypaste') === 'yes';
      sp.vdagent = defbool(copy);
      sp.clipboard_sharing = defbool(copy);
      hvmInfo.spice = sp;
    } else {
      const v = vfbs[0]!;
      if (v.vnc?.enable === 'True') {
        hvmInfo.vnc = { enable: 'True', findunused: v.vnc.findunused ?? 'False' };
        if (v.vnc.listen) hvmInfo.vnc.listen = v.vnc.listen;
        if (v.vnc.passwd) hvmInfo.vnc.passwd = v.vnc.passwd;
        if (v.vnc.display) hvmInfo.vnc.display = v.vnc.display;
      } else if (v.sdl?.enable === 'True') {
        hvmInfo.sdl = { enable: 'True', opengl: v.sdl.opengl ?? 'False' };
        if (v.sdl.display) hvmInfo.sdl.display = v.sdl.display;
        if (v.sdl.xauthority) hvmInfo.sdl.xauthority = v.sdl.xauthority;
      }
      if (v.keymap) hvmInfo.keymap = v.keymap;
    }
  }

  const hostdevs = kids(devices, 'hostdev').filter((h) => attr(h, 'mode') !== 'capabilities');
  const pcis: LibxlDevicePci[] = [];
  for (const n of nets.filter((x) => attr(x, 'type') === 'hostdev')) pcis.push(pciOf(child(child(n, 'source'), 'address')));
  for (const h of hostdevs.filter((x) => attr(x, 'type') === 'pci')) {
    const src = child(h, 'source');
    const p = pciOf(child(src, 'address'));
    if (attr(src, 'writeFiltering') === 'no') p.permissive = true;
    pcis.push(p);
  }
  if (pcis.length) cfg.pcidevs = pcis;

  const usbHost = hostdevs.filter((x) => attr(x, 'type') === 'usb');
  const usbCtls = kids(devices, 'controller').filter((x) => attr(x, 'type') === 'usb');
  const ctrls: LibxlDeviceUsbctrl[] = usbCtls.map((x) => {
    const model = attr(x, 'model');
    if (model !== undefined && model !== 'qusb1' && model !== 'qusb2') throw unsupported('unsupported usb model');
    return { devid: intAttr(x, 'index') ?? 0, type: 'qusb', version: model === 'qusb1' ? 1 : 2, ports: intAttr(x, 'ports') ?? 8 };
  });
  if (!ctrls.length && usbHost.length) for (let i = 0; i < Math.ceil(usbHost.length / 8); i++) ctrls.push({ devid: i, type: 'qusb', version: 2, ports: 8 });
  if (ctrls.length) cfg.usbctrls = ctrls;
  const usbdevs: LibxlDeviceUsbdev[] = usbHost.map((h) => {
    const a = child(child(h, 'source'), 'address');
    const bus = intAttr(a, 'bus') ?? 0;
    const device = intAttr(a, 'device') ?? 0;
    if (!(bus > 0 && device > 0)) throw unsupported('USB host devices must be given by bus and device in the pure config builder');
    return { 'type.hostdev': { hostbus: bus, hostaddr: device } };
  });
  if (usbdevs.length) cfg.usbdevs = usbdevs;

  const channels: LibxlDeviceChannel[] = [];
  for (const ch of kids(devices, 'channel')) {
    const target = child(ch, 'target');
    if (attr(target, 'type') !== 'xen') throw unsupported('channel target type not supported');
    const name = attr(target, 'name');
    if (!name) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, 'channel target name missing', { driver: 'xen' });
    const t = attr(ch, 'type');
    if (t === 'pty') channels.push({ name, 'connection.pty': {} });
    else if (t === 'unix') {
      const path = attr(child(ch, 'source'), 'path') ?? `${opts.channelDir ?? '/var/lib/libvirt/libxl/channel/target'}/${c.name}-${name}`;
      channels.push({ name, 'connection.socket': { path } });
    } else throw unsupported('channel source type not supported');
  }
  if (channels.length) cfg.channels = channels;

  // Video (HVM only).
  if (hvm) {
    const v = videos[0];
    if (v && attr(child(v, 'model'), 'type') !== 'none') {
      const model = child(v, 'model');
      const vt = attr(model, 'type') ?? 'cirrus';
      const vram = intAttr(model, 'vram') ?? 0;
      const qemuXen = b.device_model_version !== 'qemu_xen_traditional';
      if (vt === 'vga' || vt === 'xen') {
        hvmInfo.vga = { kind: 'std' };
        if (vram < (qemuXen ? 16 : 8) * 1024) throw unsupported(`videoram must be at least ${qemuXen ? 16 : 8}MB for VGA`);
      } else if (vt === 'cirrus') {
        hvmInfo.vga = { kind: 'cirrus' };
        if (vram < (qemuXen ? 8 : 4) * 1024) throw unsupported(`videoram must be at least ${qemuXen ? 8 : 4}MB for CIRRUS`);
      } else if (vt === 'qxl') {
        hvmInfo.vga = { kind: 'qxl' };
        if (vram < 128 * 1024) throw unsupported('videoram must be at least 128MB for QXL');
      } else throw unsupported(`video type ${vt} is not supported by libxl`);
      b.video_memkb = vram;
    } else {
      hvmInfo.nographic = 'True';
      hvmInfo.vga = { kind: 'none' };
    }
    b['type.hvm'] = hvmInfo;
  }

  cfg.on_reboot = (LIFECYCLE[text(dom, 'on_reboot') ?? 'restart'] ?? 'restart') as LibxlDomainConfig['on_reboot'];
  cfg.on_poweroff = (LIFECYCLE[text(dom, 'on_poweroff') ?? 'destroy'] ?? 'destroy') as LibxlDomainConfig['on_poweroff'];
  cfg.on_crash = (LIFECYCLE[text(dom, 'on_crash') ?? 'destroy'] ?? 'destroy') as LibxlDomainConfig['on_crash'];
  return cfg;
}

/** libxl's serial string for a `<serial>` (`libxlMakeChrdevStr`; UDP defaults differ from xend's). */
function chrSerial(s: XmlElement): string {
  if (attr(s, 'type') === 'udp') {
    const srcs = kids(s, 'source');
    const connect = srcs.find((x) => attr(x, 'mode') !== 'bind');
    const bind = srcs.find((x) => attr(x, 'mode') === 'bind');
    return `udp:${attr(connect, 'host') ?? ''}:${attr(connect, 'service') ?? ''}@${attr(bind, 'host') ?? ''}:${attr(bind, 'service') ?? '0'}`;
  }
  if (attr(s, 'type') === 'tcp') {
    const src = child(s, 'source');
    const telnet = attr(child(s, 'protocol'), 'type') === 'telnet';
    return `${telnet ? 'telnet' : 'tcp'}:${attr(src, 'host') ?? ''}:${attr(src, 'service') ?? ''}${attr(src, 'mode') === 'bind' ? ',server,nowait' : ''}`;
  }
  return chrToXl(s);
}
