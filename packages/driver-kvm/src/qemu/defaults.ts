/**
 * libvirt's QEMU post-parse defaults, applied to a {@link DomainSpec} for a
 * given {@link QemuCaps}: machine type, implicit controllers (PCI root,
 * USB, IDE/SATA, per-disk controllers, virtio-serial), default device models,
 * the default memballoon / audio / video, drive, virtio-serial, USB and PCI
 * addresses. The command line depends on all of them.
 * @module
 */
import { ErrorCode, PolyvisorError, type ChrDeviceSpec, type ControllerSpec, type DeviceAddress, type DiskSpec, type DomainSpec } from '@polyvisor/core';
import { defaultMachine, hasCap, type QemuAccel, type QemuCaps } from './caps.js';
import { controllerConnectFlags, F, PciAddressSet, busFor, type PciAddr } from './pci.js';
import { child, extraDevices, int, nodeAddress, setNodeAddress, type ExtraDevice } from './xmlx.js';

/** A domain with QEMU defaults applied, plus derived facts the renderer needs. */
export interface PreparedDomain {
  /** The defaulted spec (a copy; the input is not modified). */
  spec: DomainSpec;
  /** Capabilities used. */
  caps: QemuCaps;
  /** Accelerator (`kvm` for `<domain type='kvm'>`, else `tcg`). */
  accel: QemuAccel;
  /** Machine type as given (aliases are kept, like libvirt with current caps). */
  machine: string;
  /** q35 machine family. */
  q35: boolean;
  /** i440fx (`pc`) machine family. */
  i440fx: boolean;
  /** Parsed as a newly defined domain (libvirt's ABI-update mode). */
  abiUpdate?: boolean;
}

/** Options of {@link applyQemuDefaults}. */
export interface QemuDefaultsOptions {
  /** Parse as a newly defined domain (libvirt's ABI-update mode). */
  abiUpdate?: boolean;
}

const ctrlTypeOrder = ['pci', 'usb', 'scsi', 'ide', 'sata', 'fdc', 'virtio-serial', 'ccid', 'xenbus', 'isa', 'nvme'];

function fail(msg: string): never {
  throw new PolyvisorError(ErrorCode.UNSUPPORTED, msg, { driver: 'kvm' });
}

/** Disk index from its target name (`hda` → 0, `sdb` → 1, `vdaa` → 26). */
export function diskNameIndex(dev: string): number {
  const m = /^(?:hd|sd|vd|xvd|fd|ubd)([a-z]+)$/.exec(dev);
  if (!m) return 0;
  let idx = 0;
  for (const ch of m[1]!) idx = idx * 26 + (ch.charCodeAt(0) - 96);
  return idx - 1;
}

function defaultDiskBus(d: DiskSpec): DiskSpec['target']['bus'] {
  const dev = d.target.dev;
  if (dev.startsWith('hd')) return 'ide';
  if (dev.startsWith('sd')) return 'scsi';
  if (dev.startsWith('vd')) return 'virtio';
  if (dev.startsWith('fd')) return 'fdc';
  if (dev.startsWith('xvd')) return 'xen';
  if (dev.startsWith('ubd')) return 'uml';
  return d.device === 'floppy' ? 'fdc' : 'ide';
}

function driveAddr(controller: number, bus: number, target: number, unit: number): DeviceAddress {
  return { type: 'drive', attrs: { controller: String(controller), bus: String(bus), target: String(target), unit: String(unit) } };
}

function pciAttrs(a: PciAddr): DeviceAddress {
  const attrs: Record<string, string> = {
    domain: '0x0000',
    bus: `0x${a.bus.toString(16).padStart(2, '0')}`,
    slot: `0x${a.slot.toString(16).padStart(2, '0')}`,
    function: `0x${a.fn.toString(16)}`,
  };
  if (a.multi) attrs.multifunction = 'on';
  return { type: 'pci', attrs };
}

/** Reads a PCI address from a device address, if it is one. */
export function pciOf(addr: DeviceAddress | undefined): PciAddr | undefined {
  if (!addr || addr.type !== 'pci' || !addr.attrs) return undefined;
  const a = addr.attrs;
  if (a.slot === undefined && a.bus === undefined) return undefined;
  return { bus: int(a.bus) ?? 0, slot: int(a.slot) ?? 0, fn: int(a.function) ?? 0, multi: a.multifunction === 'on' };
}

function defaultUsbModel(p: PreparedDomain): string {
  if (p.q35) return hasCap(p.caps, 'qemu-xhci') ? 'qemu-xhci' : 'ich9-ehci1';
  return 'piix3-uhci';
}

function nextIndex(ctrls: ControllerSpec[], type: string): number {
  let i = 0;
  while (ctrls.some((c) => c.type === type && c.index === i)) i++;
  return i;
}

function ensureController(spec: DomainSpec, type: ControllerSpec['type'], index: number, model?: string): ControllerSpec {
  const ctrls = spec.devices!.controllers;
  const found = ctrls.find((c) => c.type === type && (c.index ?? 0) === index);
  if (found) return found;
  const c: ControllerSpec = { type, index };
  if (model) c.model = model;
  ctrls.push(c);
  return c;
}

/** Whether a chardev is a virtio-serial port (virtio channel or virtio console). */
function isVirtioSerialPort(c: ChrDeviceSpec, kind: 'channel' | 'console'): boolean {
  return c.target?.type === 'virtio' && (kind === 'console' || c.target?.type === 'virtio');
}

/**
 * Applies libvirt's QEMU post-parse defaults and address assignment.
 * @throws PolyvisorError `UNSUPPORTED` for configurations libvirt rejects and this renderer does not model.
 */
export function applyQemuDefaults(input: DomainSpec, caps: QemuCaps, opts: QemuDefaultsOptions = {}): PreparedDomain {
  const spec: DomainSpec = structuredClone(input);
  const accel: QemuAccel = spec.type === 'kvm' ? 'kvm' : 'tcg';
  if (!spec.os.arch) spec.os.arch = caps.arch;
  if (!spec.os.machine) {
    const dm = defaultMachine(caps, accel);
    spec.os.machine = dm?.alias ?? dm?.name ?? 'pc';
  }
  const machine = spec.os.machine;
  // qemuDomainAlignMemorySizes: guest RAM is a multiple of 1 MiB on x86.
  const align = (k: number): number => Math.ceil(k / 1024) * 1024;
  for (const cell of spec.cpu?.numa?.cells ?? []) cell.memory = align(cell.memory);
  const numaTotal = (spec.cpu?.numa?.cells ?? []).reduce((a, c) => a + c.memory, 0);
  spec.memory = numaTotal > 0 ? numaTotal : align(spec.memory);
  const q35 = /(^|-)q35/.test(machine);
  const i440fx = machine === 'pc' || /^pc-(i440fx-)?\d/.test(machine) || /^pc-i440fx/.test(machine);
  const p: PreparedDomain = { spec, caps, accel, machine, q35, i440fx, abiUpdate: opts.abiUpdate === true };
  if (!spec.devices) spec.devices = { disks: [], controllers: [], interfaces: [], serials: [], parallels: [], consoles: [], channels: [], inputs: [], tpms: [], graphics: [], sounds: [], videos: [], hostdevs: [], watchdogs: [], rngs: [], panics: [] };
  const dev = spec.devices;
  if (spec.os.type === 'hvm' && spec.os.boot.length === 0 && !spec.os.kernel && !dev.disks.some((d) => d.boot) && !dev.interfaces.some((n) => n.boot) && !dev.hostdevs.some((h) => h.boot)) {
    spec.os.boot = [{ dev: 'hd' }];
  }

  // --- disks
  for (const d of dev.disks) {
    if (!d.target.bus) d.target.bus = defaultDiskBus(d);
    if (d.source && d.type !== 'network' && (!d.driver || !d.driver.type)) d.driver = { ...(d.driver ?? {}), name: d.driver?.name ?? 'qemu', type: 'raw' };
    if (d.type === 'network' && d.source && (!d.driver || !d.driver.type)) d.driver = { ...(d.driver ?? {}), name: d.driver?.name ?? 'qemu', type: 'raw' };
    if (!d.address || (d.address.type === 'drive' && !d.address.attrs)) {
      const idx = diskNameIndex(d.target.dev);
      switch (d.target.bus) {
        case 'ide':
          d.address = driveAddr(Math.floor(idx / 4), Math.floor((idx % 4) / 2), 0, idx % 2);
          break;
        case 'sata':
          d.address = driveAddr(Math.floor(idx / 6), 0, 0, idx % 6);
          break;
        case 'fdc':
          d.address = driveAddr(0, 0, 0, idx);
          break;
        case 'scsi': {
          d.address = driveAddr(Math.floor(idx / 7), 0, 0, idx % 7);
          break;
        }
        default:
          break;
      }
    }
  }
  // virDomainDiskInsert: the parser keeps disks grouped by bus, ordered by target index within a bus.
  const sorted: DiskSpec[] = [];
  for (const d of dev.disks) {
    let at = -1;
    for (let i = sorted.length - 1; i >= 0; i--) {
      const o = sorted[i]!;
      if (o.target.bus !== d.target.bus) continue;
      if (diskNameIndex(o.target.dev) > diskNameIndex(d.target.dev)) at = i;
      else if (at === -1) at = i + 1;
    }
    if (at === -1) sorted.push(d);
    else sorted.splice(at, 0, d);
  }
  dev.disks = sorted;

  // --- controllers
  const ctrls = dev.controllers;
  for (const c of ctrls) if (c.index === undefined) c.index = nextIndex(ctrls, c.type);
  if (q35) ensureController(spec, 'pci', 0, 'pcie-root');
  else if (i440fx || /^isapc|^microvm/.test(machine) === false) ensureController(spec, 'pci', 0, 'pci-root');
  // Gaps in the PCI controller indexes are filled with default bridges / root ports.
  const maxPci = Math.max(-1, ...ctrls.filter((c) => c.type === 'pci').map((c) => c.index ?? 0));
  for (let i = 1; i < maxPci; i++) if (!ctrls.some((c) => c.type === 'pci' && c.index === i)) ctrls.push({ type: 'pci', index: i, model: q35 ? 'pcie-root-port' : 'pci-bridge' });
  const usbNone = ctrls.some((c) => c.type === 'usb' && c.model === 'none');
  // An implicit USB controller gets the machine's preferred model; an explicit one without a
  // model keeps the legacy PIIX3 UHCI on existing (non ABI-update) definitions.
  if ((q35 || i440fx) && !ctrls.some((c) => c.type === 'usb')) ensureController(spec, 'usb', 0, defaultUsbModel(p));
  for (const c of ctrls) if (c.type === 'usb' && !c.model) c.model = q35 && !opts.abiUpdate ? 'piix3-uhci' : defaultUsbModel(p);
  if (i440fx) ensureController(spec, 'ide', 0);
  if (q35) ensureController(spec, 'sata', 0);
  for (const d of dev.disks) {
    const ctl = int(d.address?.attrs?.controller) ?? 0;
    if (d.target.bus === 'ide') ensureController(spec, 'ide', ctl);
    else if (d.target.bus === 'scsi') ensureController(spec, 'scsi', ctl);
    else if (d.target.bus === 'sata') ensureController(spec, 'sata', ctl);
    else if (d.target.bus === 'fdc') ensureController(spec, 'fdc', ctl);
  }
  for (const h of dev.hostdevs) {
    if (h.type === 'scsi' && h.address?.type === 'drive') ensureController(spec, 'scsi', int(h.address.attrs?.controller) ?? 0);
  }
  for (const c of ctrls) {
    if (c.type === 'scsi' && !c.model) c.model = hasCap(caps, 'lsi') ? 'lsilogic' : 'virtio-scsi';
  }
  const vsNeeded = [...dev.channels.map((c) => ({ c, k: 'channel' as const })), ...dev.consoles.map((c) => ({ c, k: 'console' as const }))].filter(({ c, k }) => isVirtioSerialPort(c, k));
  for (const { c } of vsNeeded) ensureController(spec, 'virtio-serial', int(c.address?.attrs?.controller) ?? 0);
  if (extraDevices(spec, 'smartcard').length) ensureController(spec, 'ccid', 0);
  if (usbNone) for (const c of ctrls) if (c.type === 'usb' && c.model !== 'none') void c;
  sortControllers(ctrls);

  // --- nets
  for (const n of dev.interfaces) if (!n.model && n.type !== 'hostdev') n.model = { type: n.type === 'vhostuser' ? 'virtio' : 'rtl8139' };

  // --- chardevs: console ↔ serial
  for (const s of dev.serials) {
    if (!s.target) s.target = {};
    if (!s.target.type) s.target.type = 'isa-serial';
  }
  let serialPort = 0;
  for (const s of dev.serials) {
    if (s.target!.port === undefined) s.target!.port = serialPort;
    serialPort = (s.target!.port ?? 0) + 1;
  }
  // virDomainDefAddConsoleCompat: the first console always mirrors the first serial port.
  const firstConsoleType = dev.consoles[0]?.target?.type ?? (dev.consoles[0] ? 'serial' : undefined);
  if (dev.serials.length > 0 && firstConsoleType !== undefined && firstConsoleType !== 'serial') {
    dev.consoles.unshift({ ...structuredClone(dev.serials[0]!), target: { type: 'serial', port: dev.serials[0]!.target?.port ?? 0 } });
  }
  for (let i = 0; i < dev.consoles.length; i++) {
    const c = dev.consoles[i]!;
    if (!c.target) c.target = {};
    if (!c.target.type) c.target.type = 'serial';
    if (i === 0 && c.target.type === 'serial' && dev.serials.length === 0) {
      dev.serials.push({ ...structuredClone(c), target: { type: 'isa-serial', port: 0 } });
    }
  }

  // --- virtio-serial ports
  const used = new Map<string, Set<number>>();
  const key = (ctl: number, _bus: number): string => `${ctl}`;
  for (const { c } of vsNeeded) {
    const a = c.address?.attrs;
    if (c.address?.type === 'virtio-serial' && a?.port !== undefined) {
      const k = key(int(a.controller) ?? 0, int(a.bus) ?? 0);
      if (!used.has(k)) used.set(k, new Set());
      used.get(k)!.add(int(a.port) ?? 0);
    }
  }
  // virtio-serial channel ports: 1..ports-1 of the requested controller, spilling over to the next ones.
  // Virtio consoles keep no address unless they have one (QEMU places them itself).
  const vsCtrls = ctrls.filter((c) => c.type === 'virtio-serial').sort((x, y) => (x.index ?? 0) - (y.index ?? 0));
  const assignPort = (c: ChrDeviceSpec): void => {
    const a = c.address?.attrs ?? {};
    if (c.address?.type === 'virtio-serial' && a.port !== undefined) return;
    const want = int(a.controller) ?? 0;
    for (const vc of vsCtrls) {
      const ctl = vc.index ?? 0;
      if (ctl < want) continue;
      const k = key(ctl, 0);
      if (!used.has(k)) used.set(k, new Set());
      const set = used.get(k)!;
      const max = vc.ports ?? 31;
      let port = 1;
      while (set.has(port)) port++;
      if (port >= max) continue;
      set.add(port);
      c.address = { type: 'virtio-serial', attrs: { controller: String(ctl), bus: '0', port: String(port) } };
      return;
    }
  };
  for (const c of dev.channels) if (c.target?.type === 'virtio') assignPort(c);

  // --- video
  if (dev.graphics.length > 0 && dev.videos.length === 0) dev.videos.push({ model: { type: 'default' } });
  // virDomainDefPostParseVideo: the primary video device comes first.
  const prim = dev.videos.findIndex((v) => v.model?.primary === true);
  if (prim > 0) dev.videos.unshift(...dev.videos.splice(prim, 1));
  for (let i = 0; i < dev.videos.length; i++) {
    const v = dev.videos[i]!;
    if (!v.model) v.model = { type: 'default' };
    if (v.model.type === 'default') v.model.type = hasCap(caps, 'cirrus-vga') && !q35 ? 'cirrus' : 'vga';
    const t = v.model.type;
    if (t === 'cirrus' || t === 'vga' || t === 'vmvga') v.model.vram ??= 16384;
    if (t === 'vga' || t === 'vmvga') v.model.vgamem ??= 16384;
    if (t === 'qxl') {
      v.model.vram ??= 65536;
      v.model.ram ??= 65536;
      v.model.vgamem ??= 16384;
      if (i === 0) v.model.vram64 ??= undefined;
    }
    if (t !== 'none') v.model.heads ??= 1;
    if (i === 0 && v.model.primary === undefined && t !== 'none') v.model.primary = true;
  }

  // qemuDomainDefEnableDefaultFeatures (new domains): an Intel IOMMU serving more than 255 vCPUs needs
  // interrupt remapping with extended interrupt mode.
  const iommu = extraDevices(spec, 'iommu')[0]?.node;
  if (opts.abiUpdate && iommu?.attrs.model === 'intel' && spec.vcpu.count > 255) {
    let drv = child(iommu, 'driver');
    if (!drv) {
      drv = { name: 'driver', attrs: {}, children: [] };
      iommu.children.push(drv);
    }
    drv.attrs.intremap ??= 'on';
    drv.attrs.eim ??= 'on';
  }

  // --- memballoon, audio
  if (!dev.memballoon) dev.memballoon = { model: 'virtio' };
  const audios = extraDevices(spec, 'audio');
  // qemuDomainDefAddDefaultAudioBackend: headless domains, domains with sound cards and VNC / SPICE displays get one.
  const wantsAudio = dev.graphics.length === 0 || dev.sounds.length > 0 || dev.graphics.some((g) => g.type === 'vnc' || g.type === 'spice');
  if (audios.length === 0 && wantsAudio) {
    const g = dev.graphics[0];
    const type = g?.type === 'spice' ? 'spice' : g?.type === 'sdl' ? 'sdl' : g?.type === 'dbus' ? 'dbus' : 'none';
    const node = { name: 'audio', attrs: { id: '1', type }, children: [] };
    dev.extra = { ...(dev.extra ?? {}), children: [...(dev.extra?.children ?? []), { after: 'sound', node }] };
  }

  // --- USB addresses
  assignUsbAddresses(p);
  // --- PCI addresses
  assignPciAddresses(p);
  return p;
}

// ---------------------------------------------------------------------------
// USB

function usbPortsOf(model: string | undefined, ports: number | undefined): number {
  if (ports) return ports;
  switch (model) {
    case 'piix3-uhci':
    case 'piix4-uhci':
    case 'vt82c686b-uhci':
    case 'ich9-uhci1':
    case 'ich9-uhci2':
    case 'ich9-uhci3':
      return 2;
    case 'pci-ohci':
      return 3;
    case 'ehci':
    case 'ich9-ehci1':
      return 6;
    case 'nec-xhci':
    case 'qemu-xhci':
      return 4;
    default:
      return 0;
  }
}

interface UsbDev {
  get(): DeviceAddress | undefined;
  set(a: DeviceAddress): void;
  hub?: boolean;
}

function usbDevices(p: PreparedDomain): UsbDev[] {
  const dev = p.spec.devices!;
  const out: UsbDev[] = [];
  const fromNode = (x: ExtraDevice, hub = false): UsbDev => ({ get: () => nodeAddress(x.node), set: (a) => setNodeAddress(x.node, a), hub });
  // libvirt's virDomainUSBDeviceDefForeach order: hubs, inputs, sounds, disks, hostdevs, redirdevs, smartcards? (nets), chr
  for (const h of extraDevices(p.spec, 'hub')) if (h.node.attrs.type === 'usb') out.push(fromNode(h, true));
  for (const c of dev.controllers) if (c.type === 'ccid') out.push({ get: () => c.address, set: (a) => (c.address = a) });
  for (const i of dev.inputs) if (i.bus === 'usb') out.push({ get: () => i.address, set: (a) => (i.address = a) });
  for (const s of dev.sounds) if (s.model === 'usb') out.push({ get: () => s.address, set: (a) => (s.address = a) });
  for (const d of dev.disks) if (d.target.bus === 'usb') out.push({ get: () => d.address, set: (a) => (d.address = a) });
  for (const h of dev.hostdevs) if (h.type === 'usb') out.push({ get: () => h.address, set: (a) => (h.address = a) });
  for (const r of extraDevices(p.spec, 'redirdev')) if (r.node.attrs.bus === 'usb') out.push(fromNode(r));
  for (const f of extraDevices(p.spec, 'filesystem')) if (child(f.node, 'driver')?.attrs.type === 'mtp') out.push(fromNode(f));
  for (const s of dev.serials) if (s.target?.type === 'usb-serial') out.push({ get: () => s.address, set: (a) => (s.address = a) });
  for (const n of dev.interfaces) if (n.model?.type === 'usb-net') out.push({ get: () => n.address, set: (a) => (n.address = a) });
  return out;
}

function assignUsbAddresses(p: PreparedDomain): void {
  const ctrls = p.spec.devices!.controllers.filter((c) => c.type === 'usb' && c.model !== 'none');
  if (!ctrls.length) return;
  // bus index → used ports (top level only; hubs extend with "p.q" paths)
  const buses = new Map<number, { ports: number; used: Set<string>; hubs: Map<string, { ports: number; used: Set<number> }> }>();
  for (const c of ctrls) {
    const idx = c.index ?? 0;
    if (c.model && /^ich9-uhci/.test(c.model)) continue;
    buses.set(idx, { ports: usbPortsOf(c.model, c.ports), used: new Set(), hubs: new Map() });
  }
  const devs = usbDevices(p);
  for (const d of devs) {
    const a = d.get();
    if (a?.type === 'usb' && a.attrs?.port) {
      const b = buses.get(int(a.attrs.bus) ?? 0);
      if (b) b.used.add(a.attrs.port);
      if (d.hub && b) b.hubs.set(a.attrs.port, { ports: 8, used: new Set() });
    }
  }
  for (const d of devs) {
    const a = d.get();
    if (a && a.type !== 'usb') continue;
    if (a?.attrs?.port) continue;
    let assigned: DeviceAddress | undefined;
    for (const [busIdx, b] of buses) {
      if (a?.attrs?.bus !== undefined && (int(a.attrs.bus) ?? 0) !== busIdx) continue;
      for (let port = 1; port <= b.ports && !assigned; port++) {
        const ps = String(port);
        if (b.hubs.has(ps)) continue;
        if (!b.used.has(ps)) {
          b.used.add(ps);
          if (d.hub) b.hubs.set(ps, { ports: 8, used: new Set() });
          assigned = { type: 'usb', attrs: { bus: String(busIdx), port: ps } };
          break;
        }
      }
      for (const [hp, hub] of b.hubs) {
        if (assigned) break;
        for (let q = 1; q <= hub.ports; q++) {
          if (!hub.used.has(q)) {
            hub.used.add(q);
            assigned = { type: 'usb', attrs: { bus: String(busIdx), port: `${hp}.${q}` } };
            break;
          }
        }
      }
      if (assigned) break;
    }
    if (assigned) d.set(assigned);
  }
}

// ---------------------------------------------------------------------------
// PCI

interface PciDev {
  /** The object whose address this entry manages. */
  obj: object;
  /** Connect flags. */
  flags: number;
  get(): DeviceAddress | undefined;
  set(a: DeviceAddress | undefined): void;
  /** Requested function (USB2 companions). */
  fn?: number;
  /** USB2 companion group key. */
  usb2?: string;
}

function isUsb2(model: string | undefined): boolean {
  return !!model && /^ich9-(e|u)hci/.test(model);
}

function sortControllers(ctrls: ControllerSpec[]): void {
  ctrls.sort((a, b) => {
    const ta = ctrlTypeOrder.indexOf(a.type);
    const tb = ctrlTypeOrder.indexOf(b.type);
    if (ta !== tb) return ta - tb;
    const d = (a.index ?? 0) - (b.index ?? 0);
    if (d !== 0 || a.type !== 'usb') return d;
    // a USB2 master (EHCI) precedes its UHCI companions
    const comp = (c: ControllerSpec): number => (c.model && /uhci/.test(c.model) && /^ich9|^vt82c686b/.test(c.model) ? 1 : 0);
    return comp(a) - comp(b);
  });
}

function assignPciAddresses(p: PreparedDomain): void {
  const { spec, caps, q35 } = p;
  const dev = spec.devices!;
  if (!dev.controllers.some((c) => c.type === 'pci')) return;
  const pciFlags = F.PCI | F.AUTO;
  const pcieFlags = q35 ? F.PCIE | F.AUTO : pciFlags;
  const virtioFlags = hasCap(caps, 'virtio-pci-non-transitional') ? pcieFlags : pciFlags;
  const vf = (model?: string): number => (model === 'virtio-transitional' ? pciFlags : virtioFlags);

  const want = (a: DeviceAddress | undefined): boolean => !a || (a.type === 'pci' && !pciOf(a));
  const entries: PciDev[] = [];
  const add = (flags: number, o: { address?: DeviceAddress }, extra: Partial<PciDev> = {}): void => {
    if (!flags) return;
    entries.push({ obj: o, flags, get: () => o.address, set: (a) => (o.address = a), ...extra });
  };
  const addNode = (flags: number, x: ExtraDevice): void => {
    entries.push({
      obj: x.node,
      flags,
      get: () => nodeAddress(x.node),
      set: (a) => {
        if (a) setNodeAddress(x.node, a);
        else x.node.children = x.node.children.filter((c) => typeof c === 'string' || c.name !== 'address');
      },
    });
  };

  // order of qemuDomainAssignDevicePCISlots
  for (const c of dev.controllers) if (c.type === 'pci' && c.model !== 'pci-root' && c.model !== 'pcie-root') add(controllerConnectFlags(c.model ?? ''), c);
  for (const fs of extraDevices(spec, 'filesystem')) {
    const drv = child(fs.node, 'driver')?.attrs.type;
    if (drv && !['path', 'handle', 'virtiofs'].includes(drv)) continue;
    addNode(fs.node.attrs.model === 'virtio-transitional' ? pciFlags : virtioFlags, fs);
  }
  for (const n of dev.interfaces) {
    if (n.type === 'hostdev' || n.model?.type === 'usb-net') continue;
    const m = n.model?.type;
    const fl = m === 'virtio' || m === 'virtio-non-transitional' ? virtioFlags : m === 'virtio-transitional' ? pciFlags : m === 'e1000e' || m === 'igb' ? pcieFlags : pciFlags;
    add(fl, n);
  }
  for (const s of dev.sounds) if (!['sb16', 'pcspk', 'usb', 'ich7'].includes(s.model)) add(pciFlags, s);
  for (const c of dev.controllers) {
    if (c.type === 'pci' || c.type === 'fdc' || c.type === 'ccid') continue;
    if (c.type === 'usb' && c.model === 'none') continue;
    if (c.type === 'ide' && (c.index ?? 0) === 0) continue;
    if (c.type === 'scsi' && c.model === 'ncr53c90') continue;
    let fl = pciFlags;
    if (c.type === 'usb') fl = c.model === 'nec-xhci' || c.model === 'qemu-xhci' ? pcieFlags : pciFlags;
    if (c.type === 'scsi') fl = c.model === 'virtio-scsi' || c.model === 'virtio-non-transitional' ? virtioFlags : c.model === 'ibmvscsi' ? 0 : pciFlags;
    if (c.type === 'virtio-serial') fl = c.model === 'virtio-transitional' ? pciFlags : virtioFlags;
    if (c.type === 'usb' && isUsb2(c.model)) {
      const fn = c.model === 'ich9-ehci1' ? 7 : c.model === 'ich9-uhci1' ? 0 : c.model === 'ich9-uhci2' ? 1 : 2;
      add(fl, c, { fn, usb2: String(c.index ?? 0) });
    } else add(fl, c);
  }
  for (const d of dev.disks) if (d.target.bus === 'virtio' && (!d.address || d.address.type === 'pci')) add(vf(d.model), d);
  for (const n of dev.interfaces) if (n.type === 'hostdev' && (!n.address || n.address.type === 'pci')) add(pcieFlags, n);
  for (const h of dev.hostdevs) {
    if (h.mode !== 'subsystem') continue;
    if (h.type === 'pci' || h.type === 'scsi_host' || (h.type === 'mdev' && (h.model ?? 'vfio-pci') === 'vfio-pci')) {
      if (h.address?.type === 'unassigned') continue;
      add(h.type === 'scsi_host' ? virtioFlags : pcieFlags, h);
    }
  }
  if (dev.memballoon && dev.memballoon.model !== 'none' && dev.memballoon.model !== 'xen') add(vf(dev.memballoon.model), dev.memballoon);
  for (const r of dev.rngs) add(vf(r.model), r);
  for (const w of dev.watchdogs) if (w.model === 'i6300esb') add(pciFlags, w);
  for (const v of dev.videos) {
    const t = v.model?.type;
    if (t === 'none' || t === 'ramfb') continue;
    add(t === 'virtio' ? virtioFlags : t === 'bochs' ? pcieFlags : pciFlags, v);
  }
  for (const sh of extraDevices(spec, 'shmem')) addNode(pciFlags, sh);
  for (const i of dev.inputs) if (i.bus === 'virtio') add(vf(i.model), i);
  for (const s of dev.serials) if (s.target?.type === 'pci-serial') add(pciFlags, s);
  for (const io of extraDevices(spec, 'iommu')) if (io.node.attrs.model === 'virtio') addNode(virtioFlags | F.INTEGRATED, io);
  for (const vs of extraDevices(spec, 'vsock')) addNode(virtioFlags, vs);
  for (const m of extraDevices(spec, 'memory')) if (m.node.attrs.model === 'virtio-pmem' || m.node.attrs.model === 'virtio-mem') addNode(virtioFlags, m);
  for (const cr of extraDevices(spec, 'crypto')) addNode(pciFlags, cr);
  for (const pa of dev.panics) if (pa.model === 'pvpanic') add(pciFlags | F.INTEGRATED, pa);

  const pciCtrls = dev.controllers.filter((c) => c.type === 'pci');
  const maxIdx = Math.max(-1, ...pciCtrls.map((c) => c.index ?? 0));
  const hasPcieRoot = pciCtrls.some((c) => c.model === 'pcie-root');
  const hasPciRoot = pciCtrls.some((c) => c.model === 'pci-root');

  const makeSet = (dry: boolean): PciAddressSet => {
    const s = new PciAddressSet(dry, hasPcieRoot, hasCap(caps, 'pcie-pci-bridge'));
    const nb = Math.max(0, ...pciCtrls.map((c) => (c.index ?? 0) + 1));
    for (let i = 0; i < nb; i++) {
      const c = pciCtrls.find((x) => (x.index ?? 0) === i);
      const model = c?.model ?? (i === 0 ? (q35 ? 'pcie-root' : 'pci-root') : hasPcieRoot ? 'pcie-root-port' : 'pci-bridge');
      s.buses.push(busFor(model, c?.target?.hotplug !== false));
    }
    const collect = (a: DeviceAddress | undefined): void => {
      const pa = pciOf(a);
      if (pa) s.reserve(pa);
    };
    for (const c of dev.controllers) {
      const pa = pciOf(c.address);
      if (!pa) continue;
      if (p.i440fx && pa.bus === 0 && pa.slot === 1 && ((c.type === 'ide' && c.index === 0 && pa.fn === 1) || (c.type === 'usb' && c.index === 0 && c.model === 'piix3-uhci' && pa.fn === 2))) continue;
      s.reserve(pa, c.type === 'pci' ? controllerConnectFlags(c.model ?? '') : 0);
    }
    for (const d of dev.disks) collect(d.address);
    for (const n of dev.interfaces) collect(n.address);
    for (const x of [...dev.sounds, ...dev.videos, ...dev.hostdevs, ...dev.watchdogs, ...dev.rngs, ...dev.inputs, ...dev.serials, ...dev.panics]) collect(x.address);
    if (dev.memballoon) collect(dev.memballoon.address);
    for (const x of extraDevices(spec)) collect(nodeAddress(x.node));
    return s;
  };

  /** libvirt's qemuDomainValidateDevicePCISlotsChipsets; returns the objects it placed. */
  const chipset = (s: PciAddressSet, usb2Found: Map<string, PciAddr>): Map<object, PciAddr> => {
    const placed = new Map<object, PciAddr>();
    if (p.i440fx) {
      for (const c of dev.controllers) {
        if (c.type === 'ide' && c.index === 0 && want(c.address)) placed.set(c, { bus: 0, slot: 1, fn: 1 });
        if (c.type === 'usb' && c.index === 0 && c.model === 'piix3-uhci' && want(c.address)) placed.set(c, { bus: 0, slot: 1, fn: 2 });
      }
      for (let fn = 0; fn < 4; fn++) s.reserve({ bus: 0, slot: 1, fn });
      const v = dev.videos[0];
      if (v && v.model?.type !== 'none' && v.model?.type !== 'ramfb' && want(v.address)) {
        let a: PciAddr;
        if (s.slotInUse(0, 2)) a = s.reserveNext(pciFlags);
        else {
          a = { bus: 0, slot: 2, fn: 0 };
          s.reserve(a);
        }
        placed.set(v, a);
      }
    }
    if (q35) {
      for (const c of dev.controllers) {
        if (c.type === 'sata' && c.index === 0 && want(c.address)) placed.set(c, { bus: 0, slot: 0x1f, fn: 2 });
        if (c.type === 'usb' && c.model === 'ich9-uhci1' && !c.address) {
          let slot = -1;
          if (!s.slotInUse(0, 0x1d)) slot = 0x1d;
          else if (!s.slotInUse(0, 0x1a)) slot = 0x1a;
          if (slot > 0) {
            s.reserve({ bus: 0, slot, fn: 0 });
            const a = { bus: 0, slot, fn: 0, multi: true };
            placed.set(c, a);
            if (!usb2Found.has(String(c.index ?? 0))) usb2Found.set(String(c.index ?? 0), a);
          }
        }
        if (c.type === 'pci' && c.model === 'dmi-to-pci-bridge' && !c.address && !s.slotInUse(0, 0x1e)) {
          s.reserve({ bus: 0, slot: 0x1e, fn: 0 });
          placed.set(c, { bus: 0, slot: 0x1e, fn: 0 });
        }
      }
      s.reserve({ bus: 0, slot: 0x1f, fn: 0 });
      s.reserve({ bus: 0, slot: 0x1f, fn: 3 });
      for (const c of dev.controllers) if (c.type === 'sata' && c.index === 0) s.reserve({ bus: 0, slot: 0x1f, fn: 2 });
      const v = dev.videos[0];
      if (v && v.model?.type !== 'none' && v.model?.type !== 'ramfb' && want(v.address)) {
        let a: PciAddr;
        if (s.slotInUse(0, 1)) a = s.reserveNext(v.model?.type === 'virtio' ? virtioFlags : pciFlags);
        else {
          a = { bus: 0, slot: 1, fn: 0 };
          s.reserve(a);
        }
        placed.set(v, a);
      }
      if (!s.slotInUse(0, 0x1b)) {
        const snd = dev.sounds.find((x) => x.model === 'ich9' && want(x.address));
        if (snd) {
          s.reserve({ bus: 0, slot: 0x1b, fn: 0 });
          placed.set(snd, { bus: 0, slot: 0x1b, fn: 0 });
        }
      }
    }
    return placed;
  };

  const runDevices = (s: PciAddressSet, placed: Map<object, PciAddr>, usb2Found: Map<string, PciAddr>, commit: boolean): void => {
    for (const c of dev.controllers) {
      if (c.type === 'usb' && isUsb2(c.model)) {
        const pa = pciOf(c.address);
        if (pa && !usb2Found.has(String(c.index ?? 0))) usb2Found.set(String(c.index ?? 0), pa);
      }
    }
    for (const e of entries) {
      if (placed.has(e.obj) || !want(e.get())) continue;
      let a: PciAddr;
      if (e.usb2 !== undefined) {
        const found = usb2Found.get(e.usb2);
        if (found) {
          a = { bus: found.bus, slot: found.slot, fn: e.fn ?? 0, multi: e.fn === 0 };
          s.reserve(a);
        } else {
          a = s.reserveNext(e.flags, e.fn ?? 0);
          a.multi = e.fn === 0;
          usb2Found.set(e.usb2, a);
        }
      } else a = s.reserveNext(e.flags);
      if (commit) e.set(pciAttrs(a));
    }
  };

  // Pass 1 (dry run): how many buses are needed.
  {
    const s = makeSet(true);
    const usb2Found = new Map<string, PciAddr>();
    const placed = chipset(s, usb2Found);
    if (hasPciRoot) {
      const full = s.buses.every((b) => b.slots.slice(b.minSlot, b.maxSlot + 1).every((x) => x !== 0));
      if (!full) s.reserveNext(F.PCI | F.AUTO);
    }
    runDevices(s, placed, usb2Found, false);
    if (maxIdx <= 0 && s.buses.length > maxIdx + 1 && hasPcieRoot) s.reserveNext(F.PCIE | F.AUTO);
    for (let i = 1; i < s.buses.length; i++) {
      if (pciCtrls.some((c) => (c.index ?? 0) === i)) continue;
      const c: ControllerSpec = { type: 'pci', index: i, model: s.buses[i]!.model };
      dev.controllers.push(c);
      pciCtrls.push(c);
      const a = s.planned.get(i) ?? s.reserveNext(controllerConnectFlags(c.model!));
      c.address = pciAttrs(a);
    }
  }
  sortControllers(dev.controllers);

  // Pass 2: the real assignment.
  const s = makeSet(false);
  const usb2Found = new Map<string, PciAddr>();
  const placed = chipset(s, usb2Found);
  for (const [o, a] of placed) (o as { address?: DeviceAddress }).address = pciAttrs(a);
  try {
    runDevices(s, placed, usb2Found, true);
  } catch {
    fail(`domain "${spec.name}": no free PCI slot for a device`);
  }
  // multifunction=on for function 0 of slots with several functions in use
  const all: Array<{ address?: DeviceAddress }> = [...dev.controllers, ...dev.disks, ...dev.interfaces, ...dev.sounds, ...dev.videos, ...dev.hostdevs, ...dev.watchdogs, ...dev.rngs, ...dev.inputs, ...dev.serials, ...dev.panics];
  if (dev.memballoon) all.push(dev.memballoon);
  for (const o of all) {
    const pa = pciOf(o.address);
    if (!pa || pa.fn !== 0 || o.address!.attrs!.multifunction) continue;
    const bus = s.buses[pa.bus];
    if (bus && (bus.slots[pa.slot] ?? 0) & ~1) o.address!.attrs!.multifunction = 'on';
  }
  // PCI controller defaults (chassis/port)
  for (const c of dev.controllers) {
    if (c.type !== 'pci') continue;
    const pa = pciOf(c.address);
    if (c.model === 'pci-bridge') c.target = { ...(c.target ?? {}), chassisNr: c.target?.chassisNr ?? c.index };
    if (c.model === 'pcie-root-port' && pa) c.target = { ...(c.target ?? {}), chassis: c.target?.chassis ?? c.index, port: c.target?.port ?? (pa.slot << 3) + pa.fn };
    if (c.model === 'pcie-switch-downstream-port' && pa) c.target = { ...(c.target ?? {}), chassis: c.target?.chassis ?? c.index, port: c.target?.port ?? pa.slot };
  }
}
