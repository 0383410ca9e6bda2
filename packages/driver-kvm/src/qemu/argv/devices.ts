/**
 * Controllers and the remaining devices: inputs, audio, graphics, video,
 * sound, watchdogs, USB redirection, host devices, balloon, RNG, panic.
 * @module
 */
import type { ControllerSpec, DomainSpec, XmlElement } from '@polyvisor/core';

type GraphicsSpec = NonNullable<DomainSpec['devices']>['graphics'][number];
type HostdevSpec = NonNullable<DomainSpec['devices']>['hostdevs'][number];
import { child, extraDevices, int, nodeAddress } from '../xmlx.js';
import { acpiIndex, aliasOf, esc, json, virtioOptions, type Ctx } from './common.js';
import { chrSourceOf, renderChardev, type FdSets } from './chardev.js';

const USB_DRIVERS: Record<string, string> = {
  'piix3-uhci': 'piix3-usb-uhci',
  'piix4-uhci': 'piix4-usb-uhci',
  ehci: 'usb-ehci',
  'ich9-ehci1': 'ich9-usb-ehci1',
  'ich9-uhci1': 'ich9-usb-uhci1',
  'ich9-uhci2': 'ich9-usb-uhci2',
  'ich9-uhci3': 'ich9-usb-uhci3',
  'vt82c686b-uhci': 'vt82c686b-usb-uhci',
  'pci-ohci': 'pci-ohci',
  'nec-xhci': 'nec-usb-xhci',
  'qemu-xhci': 'qemu-xhci',
};

const SCSI_DRIVERS: Record<string, string> = {
  lsilogic: 'lsi',
  lsisas1078: 'megasas',
  lsisas1068: 'mptsas1068',
  vmpvscsi: 'pvscsi',
  'virtio-scsi': 'virtio-scsi-pci',
  'virtio-transitional': 'virtio-scsi-pci-transitional',
  'virtio-non-transitional': 'virtio-scsi-pci-non-transitional',
  am53c974: 'am53c974',
  dc390: 'dc390',
};

const PCI_DRIVERS: Record<string, string> = {
  'pci-bridge': 'pci-bridge',
  'dmi-to-pci-bridge': 'i82801b11-bridge',
  'pcie-root-port': 'pcie-root-port',
  'pcie-switch-upstream-port': 'x3130-upstream',
  'pcie-switch-downstream-port': 'xio3130-downstream',
  'pci-expander-bus': 'pxb',
  'pcie-expander-bus': 'pxb-pcie',
  'pcie-to-pci-bridge': 'pcie-pci-bridge',
};

function usbId(c: ControllerSpec): string {
  return aliasOf(c, (c.index ?? 0) === 0 ? 'usb' : `usb${c.index}`);
}

function renderController(ctx: Ctx, c: ControllerSpec): void {
  const idx = c.index ?? 0;
  switch (c.type) {
    case 'pci': {
      if (c.model === 'pci-root' || c.model === 'pcie-root') return;
      const modelName = (c.extra?.children?.find((x) => x.node.name === 'model')?.node.attrs.name as string | undefined) ?? PCI_DRIVERS[c.model ?? ''];
      if (!modelName) ctx.unsupported(`PCI controller model '${c.model}' is not supported`);
      const o: Record<string, unknown> = { driver: modelName };
      const t = c.target ?? {};
      if (c.model === 'pcie-root-port' || c.model === 'pcie-switch-downstream-port') {
        o.port = t.port;
        o.chassis = t.chassis;
      } else if (c.model === 'pci-bridge') o.chassis_nr = t.chassisNr;
      else if (c.model === 'pci-expander-bus' || c.model === 'pcie-expander-bus') o.bus_nr = t.busNr;
      const memReserve = t.extra?.attrs?.memReserve;
      if (memReserve !== undefined) o['mem-reserve'] = Number(memReserve) * 1024;
      o.id = aliasOf(c, `pci.${idx}`);
      const numa = t.extra?.children?.find((x) => x.node.name === 'node')?.node;
      if (numa) o.numa_node = Number(numa.children.filter((x): x is string => typeof x === 'string').join('').trim());
      if (t.hotplug === false) o.hotplug = false;
      Object.assign(o, ctx.pciProps(c.address));
      ctx.device(o);
      return;
    }
    case 'usb': {
      if (c.model === 'none') return;
      const drv = USB_DRIVERS[c.model ?? ''];
      if (!drv) ctx.unsupported(`USB controller model '${c.model}' is not supported`);
      const o: Record<string, unknown> = { driver: drv };
      if (c.model && /^ich9-uhci/.test(c.model)) {
        const master = ctx.p.spec.devices!.controllers.find((x) => x.type === 'usb' && x.index === c.index && x.model === 'ich9-ehci1');
        o.masterbus = `${usbId(master ?? c)}.0`;
        o.firstport = c.model === 'ich9-uhci1' ? 0 : c.model === 'ich9-uhci2' ? 2 : 4;
      }
      if ((c.model === 'qemu-xhci' || c.model === 'nec-xhci') && c.ports) {
        o.p2 = c.ports;
        o.p3 = c.ports;
      }
      if (!(c.model && /^ich9-uhci/.test(c.model))) o.id = usbId(c);
      Object.assign(o, ctx.pciProps(c.address));
      ctx.device(o);
      return;
    }
    case 'scsi': {
      if (c.model === 'ibmvscsi') {
        ctx.device({ driver: 'spapr-vscsi', id: `scsi${idx}`, reg: int(c.address?.attrs?.reg) ?? 0x2000 });
        return;
      }
      const drv = SCSI_DRIVERS[c.model ?? ''];
      if (!drv) ctx.unsupported(`SCSI controller model '${c.model}' is not supported`);
      const o: Record<string, unknown> = { driver: drv };
      const da = c.driver?.extra?.attrs ?? {};
      if (c.driver?.iothread) o.iothread = `iothread${c.driver.iothread}`;
      const vo = virtioOptions(da);
      delete vo.ioeventfd;
      delete vo.event_idx;
      Object.assign(o, vo);
      o.id = `scsi${idx}`;
      if (c.driver?.queues) o.num_queues = c.driver.queues;
      if (da.cmd_per_lun !== undefined) o.cmd_per_lun = Number(da.cmd_per_lun);
      if (da.max_sectors !== undefined) o.max_sectors = Number(da.max_sectors);
      if (da.ioeventfd !== undefined) o.ioeventfd = da.ioeventfd === 'on';
      Object.assign(o, ctx.pciProps(c.address));
      ctx.device(o);
      return;
    }
    case 'ide':
      if (idx === 0 && ctx.p.i440fx) return;
      return ctx.unsupported(`IDE controller ${idx} is not supported on this machine`);
    case 'sata':
      if (idx === 0 && ctx.p.q35) return;
      ctx.device({ driver: 'ahci', id: `sata${idx}`, ...ctx.pciProps(c.address) });
      return;
    case 'fdc':
      return;
    case 'virtio-serial': {
      const drv = c.model === 'virtio-transitional' ? 'virtio-serial-pci-transitional' : c.model === 'virtio-non-transitional' ? 'virtio-serial-pci-non-transitional' : 'virtio-serial-pci';
      const o: Record<string, unknown> = { driver: drv, ...virtioOptions(c.driver?.extra?.attrs), id: `virtio-serial${idx}` };
      if (c.ports !== undefined) o.max_ports = c.ports;
      if (c.vectors !== undefined) o.vectors = c.vectors;
      Object.assign(o, ctx.pciProps(c.address));
      ctx.device(o);
      return;
    }
    case 'ccid':
      ctx.device({ driver: 'usb-ccid', id: aliasOf(c, `ccid${idx}`), ...usbProps(ctx, c.address) });
      return;
    default:
      ctx.unsupported(`controller type '${c.type}' is not supported`);
  }
}

function usbProps(ctx: Ctx, addr: { type?: string; attrs?: Record<string, string> } | undefined): Record<string, unknown> {
  return ctx.usbProps(addr);
}

/** Controllers in libvirt's type order. */
export function renderControllers(ctx: Ctx): void {
  for (const c of ctx.p.spec.devices!.controllers) {
    if (c.type !== 'pci' || (c.model !== 'pci-root' && c.model !== 'pcie-root')) continue;
    const hole = c.extra?.children?.find((x) => x.node.name === 'pcihole64')?.node;
    if (hole) {
      const txt = hole.children.filter((x): x is string => typeof x === 'string').join('').trim();
      const unit = hole.attrs.unit ?? 'KiB';
      const mult: Record<string, number> = { KiB: 1, K: 1, MiB: 1024, M: 1024, GiB: 1024 * 1024, G: 1024 * 1024 };
      const kib = Number(txt) * (mult[unit] ?? 1);
      ctx.add('-global', `${ctx.p.q35 ? 'q35-pcihost' : 'i440FX-pcihost'}.pci-hole64-size=${kib}K`);
    }
    if (c.target?.hotplug !== undefined && !ctx.p.q35) ctx.add('-global', `PIIX4_PM.acpi-root-pci-hotplug=${c.target.hotplug ? 'on' : 'off'}`);
  }
  const order = ['pci', 'usb', 'scsi', 'ide', 'sata', 'fdc', 'virtio-serial', 'ccid'];
  const ctrls = ctx.p.spec.devices!.controllers;
  for (const t of order) for (const c of ctrls) if (c.type === t && c.type !== 'ccid') renderController(ctx, c);
  for (const c of ctrls) if (!order.includes(c.type)) renderController(ctx, c);
}

/** CCID controllers (after the USB hubs). */
export function renderCcidControllers(ctx: Ctx): void {
  for (const c of ctx.p.spec.devices!.controllers) if (c.type === 'ccid') renderController(ctx, c);
}

/** USB hubs. */
export function renderHubs(ctx: Ctx): void {
  extraDevices(ctx.p.spec, 'hub').forEach((h, i) => {
    if (h.node.attrs.type !== 'usb') ctx.unsupported(`hub type '${h.node.attrs.type}' is not supported`);
    ctx.device({ driver: 'usb-hub', id: `hub${i}`, ...usbProps(ctx, nodeAddress(h.node)) });
  });
}

/** Smartcards on the CCID bus: emulated (host NSS database / certificates) or passed through a chardev. */
export function renderSmartcards(ctx: Ctx, fds: FdSets): void {
  extraDevices(ctx.p.spec, 'smartcard').forEach((sc, i) => {
    const n = sc.node;
    const id = `smartcard${i}`;
    const a = nodeAddress(n)?.attrs ?? {};
    const ccid = ctx.p.spec.devices!.controllers.find((c) => c.type === 'ccid' && (c.index ?? 0) === Number(a.controller ?? 0));
    const bus = `${aliasOf(ccid, `ccid${a.controller ?? '0'}`)}.0`;
    switch (n.attrs.mode) {
      case 'host':
        ctx.device({ driver: 'ccid-card-emulated', backend: 'nss-emulated', id, bus });
        return;
      case 'host-certificates': {
        const kids = n.children.filter((c): c is XmlElement => typeof c !== 'string');
        const txt = (e: XmlElement): string => e.children.filter((c): c is string => typeof c === 'string').join('').trim();
        const o: Record<string, unknown> = { driver: 'ccid-card-emulated', backend: 'certificates' };
        kids.filter((k) => k.name === 'certificate').forEach((c, j) => (o[`cert${j + 1}`] = txt(c)));
        const db = kids.find((k) => k.name === 'database');
        o.db = db ? txt(db) : '/etc/pki/nssdb';
        o.id = id;
        o.bus = bus;
        ctx.device(o);
        return;
      }
      case 'passthrough': {
        const src = child(n, 'source');
        const proto = child(n, 'protocol')?.attrs.type;
        renderChardev(ctx, fds, { type: n.attrs.type ?? 'pty', sources: chrSourceOf(src), protocol: proto ? { type: proto } : undefined } as never, `char${id}`, id);
        ctx.device({ driver: 'ccid-card-passthru', chardev: `char${id}`, id, bus });
        return;
      }
      default:
        ctx.unsupported(`smartcard mode '${n.attrs.mode}' is not supported`);
    }
  });
}

/** Filesystem passthrough: 9p (`-fsdev` + `virtio-9p-pci`), virtiofs (`vhost-user-fs-pci`) and MTP (`usb-mtp`). */
export function renderFilesystems(ctx: Ctx): void {
  extraDevices(ctx.p.spec, 'filesystem').forEach((f, i) => {
    const n = f.node;
    const alias = `fs${i}`;
    const type = n.attrs.type ?? 'mount';
    if (type !== 'mount') ctx.unsupported(`filesystem type '${type}' is not supported`);
    const drv = child(n, 'driver');
    const dtype = drv?.attrs.type ?? 'path';
    const src = child(n, 'source');
    const tag = child(n, 'target')?.attrs.dir ?? '';
    const readonly = !!child(n, 'readonly');
    const addr = nodeAddress(n);
    switch (dtype) {
      case 'path':
      case 'handle': {
        const parts = [dtype === 'handle' ? 'handle' : 'local'];
        if (dtype === 'path') parts.push(`security_model=${n.attrs.accessmode ?? 'passthrough'}`);
        if (n.attrs.multidevs) parts.push(`multidevs=${n.attrs.multidevs}`);
        if (drv?.attrs.wrpolicy === 'immediate') parts.push('writeout=immediate');
        if (n.attrs.fmode) parts.push(`fmode=${n.attrs.fmode}`);
        if (n.attrs.dmode) parts.push(`dmode=${n.attrs.dmode}`);
        parts.push(`id=fsdev-${alias}`, `path=${esc(src?.attrs.dir ?? '')}`);
        if (readonly) parts.push('readonly=on');
        ctx.add('-fsdev', parts.join(','));
        const model = n.attrs.model;
        const dev = model === 'virtio-transitional' ? 'virtio-9p-pci-transitional' : model === 'virtio-non-transitional' ? 'virtio-9p-pci-non-transitional' : 'virtio-9p-pci';
        ctx.device({ driver: dev, ...virtioOptions(drv?.attrs), id: alias, fsdev: `fsdev-${alias}`, mount_tag: tag, ...ctx.pciProps(addr) });
        return;
      }
      case 'virtiofs': {
        const sock = src?.attrs.socket ?? `${ctx.domainLibDir}/${alias}-fs.sock`;
        ctx.add('-chardev', `socket,id=chr-vu-${alias},path=${esc(sock)}`);
        const o: Record<string, unknown> = { driver: 'vhost-user-fs-pci', ...virtioOptions(drv?.attrs), id: alias, chardev: `chr-vu-${alias}` };
        if (drv?.attrs.queue) o['queue-size'] = Number(drv.attrs.queue);
        o.tag = tag;
        const boot = child(n, 'boot')?.attrs.order;
        if (boot !== undefined) o.bootindex = Number(boot);
        ctx.device({ ...o, ...ctx.pciProps(addr) });
        return;
      }
      case 'mtp':
        ctx.device({ driver: 'usb-mtp', id: alias, rootdir: src?.attrs.dir, desc: tag, readonly, ...usbProps(ctx, addr) });
        return;
      default:
        ctx.unsupported(`filesystem driver '${dtype}' is not supported`);
    }
  });
}

/** TPMs: `-tpmdev` backends (passthrough via pre-opened fds, swtpm emulator / external socket) and the front end. */
export function renderTpms(ctx: Ctx, fds: FdSets): void {
  ctx.p.spec.devices!.tpms.forEach((t, i) => {
    const alias = `tpm${i}`;
    const kids = (t.backend.extra?.children ?? []).map((c) => c.node);
    switch (t.backend.type) {
      case 'passthrough': {
        const path = fds.addTpm(ctx, `${alias}-tpm`);
        const cancel = fds.addTpm(ctx, `${alias}-cancel`);
        void kids;
        ctx.add('-tpmdev', `passthrough,id=tpm-${alias},path=${path},cancel-path=${cancel}`);
        break;
      }
      case 'emulator':
      case 'external': {
        const src = kids.find((k) => k.name === 'source');
        const sock = t.backend.type === 'external' ? src?.attrs.path : (ctx.opts.tpmSocket ?? (() => '/dev/test'))(alias);
        if (!sock) ctx.invalid(`TPM ${alias}: no socket path`);
        ctx.add('-chardev', `socket,id=chrtpm,path=${esc(sock)}`);
        ctx.add('-tpmdev', `emulator,id=tpm-${alias},chardev=chrtpm`);
        break;
      }
    }
    const model = t.model ?? 'tpm-tis';
    if (model !== 'tpm-tis' && model !== 'tpm-crb') ctx.unsupported(`TPM model '${model}' is not supported`);
    ctx.device({ driver: model, tpmdev: `tpm-${alias}`, id: alias });
  });
}

/** Input devices (PS/2 ones are built in). */
export function renderInputs(ctx: Ctx): void {
  ctx.p.spec.devices!.inputs.forEach((inp, i) => {
    const id = `input${i}`;
    if (inp.bus === 'usb') {
      const drv = inp.type === 'tablet' ? 'usb-tablet' : inp.type === 'mouse' ? 'usb-mouse' : inp.type === 'keyboard' ? 'usb-kbd' : undefined;
      if (!drv) ctx.unsupported(`USB input type '${inp.type}' is not supported`);
      ctx.device({ driver: drv, id, ...usbProps(ctx, inp.address) });
    } else if (inp.type === 'evdev') {
      const src = inp.extra?.children?.find((c) => c.node.name === 'source')?.node.attrs ?? {};
      ctx.add('-object', json({ 'qom-type': 'input-linux', id, evdev: src.dev, repeat: src.repeat !== undefined ? src.repeat === 'on' : undefined, grab_all: src.grab === 'all' ? true : undefined, 'grab-toggle': src.grabToggle }));
    } else if (inp.bus === 'virtio' && inp.type === 'passthrough') {
      const src = inp.extra?.children?.find((c) => c.node.name === 'source')?.node.attrs ?? {};
      const suffix = inp.model === 'virtio-transitional' ? '-pci-transitional' : inp.model === 'virtio-non-transitional' ? '-pci-non-transitional' : '-pci';
      ctx.device({ driver: `virtio-input-host${suffix}`, ...virtioOptions(inp.extra?.children?.find((c) => c.node.name === 'driver')?.node.attrs), id, evdev: src.evdev, ...ctx.pciProps(inp.address) });
    } else if (inp.bus === 'virtio') {
      const base = inp.type === 'tablet' ? 'virtio-tablet' : inp.type === 'mouse' ? 'virtio-mouse' : inp.type === 'keyboard' ? 'virtio-keyboard' : undefined;
      if (!base) ctx.unsupported(`virtio input type '${inp.type}' is not supported`);
      const suffix = inp.model === 'virtio-transitional' ? '-pci-transitional' : inp.model === 'virtio-non-transitional' ? '-pci-non-transitional' : '-pci';
      ctx.device({ driver: `${base}${suffix}`, ...virtioOptions(inp.extra?.children?.find((c) => c.node.name === 'driver')?.node.attrs), id, ...ctx.pciProps(inp.address) });
    } else if (inp.bus === 'ps2' || inp.bus === undefined) {
      // built into the i8042 controller
    } else ctx.unsupported(`input bus '${inp.bus}' is not supported`);
  });
}

const AUDIO_DRIVERS: Record<string, string> = { none: 'none', spice: 'spice', sdl: 'sdl', oss: 'oss', pulseaudio: 'pa', alsa: 'alsa', coreaudio: 'coreaudio', jack: 'jack', file: 'wav', dbus: 'dbus', pipewire: 'pipewire' };

function audioStream(type: string, e: XmlElement | undefined): Record<string, unknown> | undefined {
  if (!e) return undefined;
  const a = e.attrs;
  const o: Record<string, unknown> = {};
  const yes = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : v === 'yes');
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  o['mixing-engine'] = yes(a.mixingEngine);
  o['fixed-settings'] = yes(a.fixedSettings);
  o.voices = num(a.voices);
  o['buffer-length'] = num(a.bufferLength);
  const st = child(e, 'settings');
  if (st) {
    o.frequency = num(st.attrs.frequency);
    o.channels = num(st.attrs.channels);
    o.format = st.attrs.format;
  }
  switch (type) {
    case 'alsa':
      o.dev = a.dev;
      break;
    case 'coreaudio':
      o['buffer-count'] = num(a.bufferCount);
      break;
    case 'jack':
      o['server-name'] = a.serverName;
      o['client-name'] = a.clientName;
      o['connect-ports'] = a.connectPorts;
      o['exact-name'] = yes(a.exactName);
      break;
    case 'oss':
      o.dev = a.dev;
      o['buffer-count'] = num(a.bufferCount);
      o['try-poll'] = yes(a.tryPoll);
      break;
    case 'pulseaudio':
    case 'pipewire':
      o.name = a.name;
      o['stream-name'] = a.streamName;
      o.latency = num(a.latency);
      break;
    case 'sdl':
      o['buffer-count'] = num(a.bufferCount);
      break;
  }
  return o;
}

/** `-audiodev` backends. */
export function renderAudio(ctx: Ctx): void {
  for (const a of extraDevices(ctx.p.spec, 'audio')) {
    const at = a.node.attrs;
    const type = at.type ?? 'none';
    const id = `audio${at.id ?? '1'}`;
    const drv = AUDIO_DRIVERS[type];
    if (!drv) ctx.unsupported(`audio type '${type}' is not supported`);
    const o: Record<string, unknown> = { id, driver: drv };
    if (at.timerPeriod !== undefined) o['timer-period'] = Number(at.timerPeriod);
    if (type === 'pulseaudio' && at.serverName) o.server = at.serverName;
    if (type === 'file' && at.path) o.path = at.path;
    o.in = audioStream(type, child(a.node, 'input'));
    o.out = audioStream(type, child(a.node, 'output'));
    if (type === 'oss') {
      if (at.tryMMap !== undefined) o['try-mmap'] = at.tryMMap === 'yes';
      if (at.exclusive !== undefined) o.exclusive = at.exclusive === 'yes';
      if (at.dspPolicy !== undefined) o['dsp-policy'] = Number(at.dspPolicy);
    }
    ctx.add('-audiodev', json(o));
  }
}

/** Environment variables audio backends take their settings from (`SDL_AUDIODRIVER`, `PIPEWIRE_RUNTIME_DIR`). */
export function audioEnv(ctx: Ctx): Record<string, string> {
  const env: Record<string, string> = {};
  for (const a of extraDevices(ctx.p.spec, 'audio')) {
    if (a.node.attrs.type === 'sdl' && a.node.attrs.driver) env.SDL_AUDIODRIVER = a.node.attrs.driver;
    if (a.node.attrs.type === 'pipewire' && a.node.attrs.runtimeDir) env.PIPEWIRE_RUNTIME_DIR = a.node.attrs.runtimeDir;
  }
  return env;
}

/** The `-audiodev` id a display uses: its own `<audio id>`, else the first backend. */
function graphicsAudio(ctx: Ctx, g: { extra?: { children?: Array<{ node: XmlElement }> } }): string | undefined {
  const own = g.extra?.children?.find((c) => c.node.name === 'audio')?.node.attrs.id;
  if (own) return `audio${own}`;
  const audio = extraDevices(ctx.p.spec, 'audio')[0];
  return audio ? `audio${audio.node.attrs.id ?? '1'}` : undefined;
}

/** Environment variables of SDL displays (`XAUTHORITY`, `DISPLAY`). */
export function graphicsEnv(ctx: Ctx): Record<string, string> {
  const env: Record<string, string> = {};
  for (const g of ctx.p.spec.devices!.graphics) {
    if (g.type !== 'sdl') continue;
    const a = g.extra?.attrs ?? {};
    if (a.xauth) env.XAUTHORITY = a.xauth;
    if (a.display) env.DISPLAY = a.display;
  }
  return env;
}

function glOf(g: { extra?: { children?: Array<{ node: XmlElement }> } }): XmlElement | undefined {
  return g.extra?.children?.find((c) => c.node.name === 'gl')?.node;
}

/** `-vnc` / `-spice` / `-display`. */
export function renderGraphics(ctx: Ctx): void {
  const renderNode = ctx.opts.renderNode ?? '/dev/dri/foo';
  for (const g of ctx.p.spec.devices!.graphics) {
    const ea = g.extra?.attrs ?? {};
    switch (g.type) {
      case 'vnc': {
        if (g.passwd || g.keymap || g.extra?.children?.some((c) => c.node.name !== 'audio') || Object.keys(ea).some((k) => !['powerControl', 'socket', 'sharePolicy'].includes(k))) ctx.unsupported('VNC options (password, keymap, ...) are not supported');
        const l = g.listens[0];
        // A socket under a per-domain directory was generated by a previous run; it is dropped.
        const userSocket = ea.socket && !/\/domain-[^/]+\/[^/]+$/.test(ea.socket) ? ea.socket : undefined;
        let addr: string;
        if (userSocket) addr = `vnc=unix:${userSocket}`;
        else if (l?.type === 'socket') addr = `vnc=unix:${l.socket ?? `${ctx.domainLibDir}/vnc.sock`}`;
        else if (l?.type === 'none') addr = 'none';
        else {
          if (l?.type === 'network') ctx.unsupported('VNC listening on a virtual network address is not supported');
          const host = l?.address ?? g.listen ?? '127.0.0.1';
          const auto = g.autoport || g.port === undefined || g.port === -1;
          // Automatic ports are allocated by the caller before rendering (libvirt's harness hands out 5900 first).
          const port = (auto ? (ctx.opts.vncPort ?? 5900) : g.port!) - 5900;
          addr = `${host.includes(':') ? `[${host}]` : host}:${port}`;
        }
        const parts = [addr];
        if (g.websocket !== undefined && g.websocket !== -1) parts.push(`websocket=${g.websocket}`);
        if (ea.sharePolicy) parts.push(`share=${ea.sharePolicy}`);
        if (ea.powerControl === 'yes') parts.push('power-control=on');
        const audioId = graphicsAudio(ctx, g);
        if (audioId) parts.push(`audiodev=${audioId}`);
        ctx.add('-vnc', parts.join(','));
        break;
      }
      case 'spice':
        renderSpice(ctx, g, renderNode);
        break;
      case 'sdl': {
        if (ea.fullscreen === 'yes') ctx.add('-full-screen');
        const gl = glOf(g);
        ctx.add('-display', gl?.attrs.enable === 'yes' ? 'sdl,gl=on' : 'sdl');
        break;
      }
      case 'egl-headless': {
        const gl = glOf(g);
        ctx.add('-display', `egl-headless,rendernode=${gl?.attrs.rendernode ?? renderNode}`);
        break;
      }
      case 'dbus': {
        const parts = ['dbus'];
        if (ea.p2p === 'yes') parts.push('p2p=on');
        else parts.push(`addr=${ea.address ?? `unix:path=${ctx.opts.runDir ?? '/var/run/libvirt/qemu'}/dbus/${ctx.domainId}-${ctx.p.spec.name}-dbus.sock`}`);
        const gl = glOf(g);
        if (gl?.attrs.enable === 'yes') {
          parts.push('gl=on');
          parts.push(`rendernode=${gl.attrs.rendernode ?? renderNode}`);
        }
        const own = g.extra?.children?.find((c) => c.node.name === 'audio')?.node.attrs.id;
        if (own) parts.push(`audiodev=audio${own}`);
        ctx.add('-display', parts.join(','));
        break;
      }
      case 'rdp':
        // served by an external qemu-rdp process over the D-Bus display, nothing on the command line
        if (!ctx.p.spec.devices!.graphics.some((x) => x.type === 'dbus')) ctx.unsupported(`graphics type 'rdp' needs a D-Bus display`);
        break;
      default:
        ctx.unsupported(`graphics type '${g.type}' is not supported`);
    }
  }
}

function renderSpice(ctx: Ctx, g: GraphicsSpec, renderNode: string): void {
  const ea = g.extra?.attrs ?? {};
  const kids = (g.extra?.children ?? []).map((c) => c.node);
  const l = g.listens[0];
  const parts: string[] = [];
  if (l?.type === 'socket') {
    parts.push('unix=on', `addr=${l.socket ?? `${ctx.domainLibDir}/spice.sock`}`);
  } else {
    const auto = g.autoport === true || g.port === -1;
    const port = auto ? (ctx.opts.spicePort ?? 5901) : g.port ?? 0;
    parts.push(`port=${port}`);
    if (g.tlsPort !== undefined && g.tlsPort > 0) ctx.unsupported('SPICE TLS is not supported');
    const hasAddr = l?.type === 'address' || g.listen !== undefined;
    if (hasAddr && l?.type !== 'none') parts.push(`addr=${l?.address ?? g.listen ?? '127.0.0.1'}`);
    if (l?.type === 'network') ctx.unsupported('SPICE listening on a virtual network address is not supported');
  }
  if (g.passwd) ctx.unsupported('SPICE passwords are not supported');
  const mouse = kids.find((k) => k.name === 'mouse')?.attrs.mode;
  if (mouse === 'client') parts.push('agent-mouse=on');
  else if (mouse === 'server') parts.push('agent-mouse=off');
  for (const k of kids) if (k.name === 'channel') ctx.unsupported('SPICE channel security modes need TLS');
  const img = kids.find((k) => k.name === 'image')?.attrs.compression;
  if (img) parts.push(`image-compression=${img}`);
  const jpeg = kids.find((k) => k.name === 'jpeg')?.attrs.compression;
  if (jpeg) parts.push(`jpeg-wan-compression=${jpeg}`);
  const zlib = kids.find((k) => k.name === 'zlib')?.attrs.compression;
  if (zlib) parts.push(`zlib-glz-wan-compression=${zlib}`);
  const pb = kids.find((k) => k.name === 'playback')?.attrs.compression;
  if (pb) parts.push(`playback-compression=${pb === 'on' ? 'on' : 'off'}`);
  const sv = kids.find((k) => k.name === 'streaming')?.attrs.mode;
  if (sv) parts.push(`streaming-video=${sv}`);
  if (kids.find((k) => k.name === 'clipboard')?.attrs.copypaste === 'no') parts.push('disable-copy-paste=on');
  if (kids.find((k) => k.name === 'filetransfer')?.attrs.enable === 'no') parts.push('disable-agent-file-xfer=on');
  const gl = kids.find((k) => k.name === 'gl');
  if (gl?.attrs.enable === 'yes') {
    parts.push('gl=on');
    parts.push(`rendernode=${gl.attrs.rendernode ?? renderNode}`);
  }
  void ea;
  parts.push('seamless-migration=on');
  ctx.add('-spice', parts.join(','));
}

/** Video adapters. */
export function renderVideos(ctx: Ctx): void {
  ctx.p.spec.devices!.videos.forEach((v, i) => {
    const m = v.model!;
    const primary = i === 0;
    const id = `video${i}`;
    const o: Record<string, unknown> = {};
    const mk = (m.extra?.children ?? []).map((c) => c.node);
    const vk = (v.extra?.children ?? []).map((c) => c.node);
    const accel = mk.find((k) => k.name === 'acceleration');
    const res = mk.find((k) => k.name === 'resolution');
    const drv = vk.find((k) => k.name === 'driver');
    const acpi = vk.find((k) => k.name === 'acpi');
    for (const k of [...mk, ...vk]) if (!['acceleration', 'resolution', 'driver', 'acpi'].includes(k.name)) ctx.unsupported(`video <${k.name}> is not supported`);
    const resolution = (): void => {
      if (res) {
        o.xres = Number(res.attrs.x);
        o.yres = Number(res.attrs.y);
      }
    };
    switch (m.type) {
      case 'none':
        return;
      case 'cirrus':
        o.driver = 'cirrus-vga';
        o.id = id;
        break;
      case 'vga':
        o.driver = 'VGA';
        o.id = id;
        if (m.vgamem) o.vgamem_mb = m.vgamem / 1024;
        resolution();
        break;
      case 'vmvga':
        o.driver = 'vmware-svga';
        o.id = id;
        if (m.vgamem) o.vgamem_mb = m.vgamem / 1024;
        break;
      case 'bochs':
        o.driver = 'bochs-display';
        o.id = id;
        if (m.vram) o.vgamem = m.vram * 1024;
        resolution();
        break;
      case 'qxl':
        o.driver = primary ? 'qxl-vga' : 'qxl';
        o.id = id;
        o.max_outputs = m.heads ?? 1;
        if (m.ram) o.ram_size = m.ram * 1024;
        if (m.vram) o.vram_size = m.vram * 1024;
        o.vram64_size_mb = (m.vram64 ?? 0) / 1024;
        if (m.vgamem) o.vgamem_mb = m.vgamem / 1024;
        resolution();
        break;
      case 'virtio': {
        const vhostUser = drv?.attrs.name === 'vhostuser';
        const gl = accel?.attrs.accel3d === 'yes';
        if (vhostUser) {
          ctx.add('-chardev', `socket,id=chr-vu-${id},fd=${ctx.opts.fds?.vhostUserGpu?.[i] ?? ctx.listenFd}`);
          o.driver = primary ? 'vhost-user-vga' : 'vhost-user-gpu-pci';
        } else o.driver = primary ? (gl ? 'virtio-vga-gl' : 'virtio-vga') : gl ? 'virtio-gpu-gl-pci' : 'virtio-gpu-pci';
        // the VGA-compatible variants are not virtio-pci transports: no virtio options
        if (!primary) Object.assign(o, virtioOptions(drv?.attrs));
        o.id = id;
        o.max_outputs = m.heads ?? 1;
        if (vhostUser) o.chardev = `chr-vu-${id}`;
        const blob = m.extra?.attrs?.blob;
        if (blob !== undefined) o.blob = blob === 'on';
        resolution();
        break;
      }
      case 'ramfb':
        ctx.device({ driver: 'ramfb', id });
        return;
      default:
        ctx.unsupported(`video model '${m.type}' is not supported`);
    }
    Object.assign(o, ctx.pciProps(v.address));
    if (acpi?.attrs.index) o['acpi-index'] = Number(acpi.attrs.index);
    ctx.device(o);
  });
}

/** Sound cards and HDA codecs. */
export function renderSounds(ctx: Ctx): void {
  const audio = extraDevices(ctx.p.spec, 'audio')[0];
  const audioId = audio ? `audio${audio.node.attrs.id ?? '1'}` : undefined;
  ctx.p.spec.devices!.sounds.forEach((s, i) => {
    const id = `sound${i}`;
    const kids = (s.extra?.children ?? []).map((c) => c.node);
    if (kids.some((k) => k.name !== 'codec')) ctx.unsupported('sound audio selection is not supported');
    switch (s.model) {
      case 'ich6':
      case 'ich9': {
        ctx.device({ driver: s.model === 'ich6' ? 'intel-hda' : 'ich9-intel-hda', id, ...ctx.pciProps(s.address) });
        const codecs = kids.length ? kids.map((k) => k.attrs.type ?? 'duplex') : ['duplex'];
        codecs.forEach((c, cad) => ctx.device({ driver: `hda-${c}`, id: `${id}-codec${cad}`, bus: `${id}.0`, cad, audiodev: audioId }));
        return;
      }
      case 'ac97':
        ctx.device({ driver: 'AC97', id, audiodev: audioId, ...ctx.pciProps(s.address) });
        return;
      case 'es1370':
        ctx.device({ driver: 'ES1370', id, audiodev: audioId, ...ctx.pciProps(s.address) });
        return;
      case 'pcspk':
        // the PC speaker is part of the machine (-machine pcspk-audiodev=)
        return;
      case 'sb16':
        ctx.device({ driver: 'sb16', id, audiodev: audioId });
        return;
      case 'usb':
        ctx.device({ driver: 'usb-audio', id, audiodev: audioId, multi: s.extra?.attrs?.multichannel !== undefined ? s.extra.attrs.multichannel === 'yes' : undefined, ...usbProps(ctx, s.address) });
        return;
      default:
        ctx.unsupported(`sound model '${s.model}' is not supported`);
    }
  });
}

/** Watchdogs and `-watchdog-action`. */
export function renderWatchdogs(ctx: Ctx): void {
  const wds = ctx.p.spec.devices!.watchdogs;
  let action: string | undefined;
  wds.forEach((w, i) => {
    const id = `watchdog${i}`;
    if (w.model === 'i6300esb') ctx.device({ driver: 'i6300esb', id, ...ctx.pciProps(w.address) });
    else if (w.model === 'ib700') ctx.device({ driver: 'ib700', id });
    else if (w.model === 'itco') {
      if (!ctx.p.q35) ctx.unsupported('the iTCO watchdog needs a q35 machine');
    } else ctx.unsupported(`watchdog model '${w.model}' is not supported`);
    action ??= w.action ?? 'reset';
  });
  if (ctx.p.q35) {
    ctx.add('-global', 'ICH9-LPC.noreboot=off');
    action ??= 'reset';
  }
  if (action) ctx.add('-watchdog-action', action === 'dump' ? 'pause' : action);
}

/** USB redirection. */
export function renderRedirdevs(ctx: Ctx, fds: FdSets): void {
  extraDevices(ctx.p.spec, 'redirdev').forEach((r, i) => {
    const id = `redir${i}`;
    if (r.node.attrs.bus !== 'usb') ctx.unsupported(`redirdev bus '${r.node.attrs.bus}' is not supported`);
    const type = r.node.attrs.type as 'spicevmc' | 'tcp' | 'unix' | 'dbus';
    const src = child(r.node, 'source');
    renderChardev(ctx, fds, { type, sources: chrSourceOf(src), protocol: child(r.node, 'protocol') ? { type: child(r.node, 'protocol')!.attrs.type } : undefined } as never, `char${id}`, id);
    const o: Record<string, unknown> = { driver: 'usb-redir', chardev: `char${id}`, id };
    const filter = redirFilter(ctx);
    if (filter) o.filter = filter;
    const boot = child(r.node, 'boot')?.attrs.order;
    if (boot !== undefined) o.bootindex = Number(boot);
    ctx.device({ ...o, ...usbProps(ctx, nodeAddress(r.node)) });
  });
}

/** The `usb-redir` filter rules of `<redirfilter>` (`class:vendor:product:version:allow|...`). */
function redirFilter(ctx: Ctx): string | undefined {
  const rf = ctx.p.spec.devices!.extra?.children?.find((c) => c.node.name === 'redirfilter')?.node;
  if (!rf) return undefined;
  const rules = rf.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === 'usbdev').map((u) => {
    const a = u.attrs;
    let version = '-1';
    if (a.version !== undefined && a.version !== '-1') {
      const [maj = '0', min = '0'] = a.version.split('.');
      version = `0x${maj.padStart(2, '0')}${min.padEnd(2, '0')}`;
    }
    return `${a.class ?? '-1'}:${a.vendor ?? '-1'}:${a.product ?? '-1'}:${version}:${a.allow === 'yes' ? 1 : 0}`;
  });
  return rules.join('|');
}

/** Host device assignment: PCI (`vfio-pci`), mediated devices, USB (`usb-host`) and vhost-scsi. */
export function renderHostdevs(ctx: Ctx, bootIndex: Map<object, number>): void {
  // <interface type='hostdev'> devices are host devices too (listed first, as libvirt adds them while parsing the interfaces)
  const netHostdevs: HostdevSpec[] = [];
  for (const n of ctx.p.spec.devices!.interfaces) {
    if (n.type !== 'hostdev') continue;
    const a = n.source?.extra?.children?.find((c) => c.node.name === 'address')?.node;
    if (a?.attrs.type && a.attrs.type !== 'pci') ctx.unsupported(`hostdev interface with a '${a.attrs.type}' source is not supported`);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(a?.attrs ?? {})) if (k !== 'type') attrs[k] = v;
    const h: HostdevSpec = { mode: 'subsystem', type: 'pci', source: { address: { attrs } }, address: n.address };
    const team = n.extra?.children?.find((c) => c.node.name === 'teaming')?.node;
    if (team) h.extra = { children: [{ node: team }] } as HostdevSpec['extra'];
    const b = bootIndex.get(n);
    if (b !== undefined) bootIndex.set(h, b);
    netHostdevs.push(h);
  }
  [...netHostdevs, ...ctx.p.spec.devices!.hostdevs].forEach((h, i) => {
    if (h.mode !== 'subsystem') ctx.unsupported(`hostdev mode '${h.mode}' is not supported`);
    const id = h.alias?.name?.startsWith('ua-') ? h.alias.name : `hostdev${i}`;
    const boot = bootIndex.get(h);
    const kids = (h.extra?.children ?? []).map((c) => c.node);
    const ea = h.extra?.attrs ?? {};
    const a = h.source?.address?.attrs ?? {};
    const rom = kids.find((k) => k.name === 'rom');
    const romProps = (o: Record<string, unknown>): void => {
      if (!rom) return;
      if (rom.attrs.enabled === 'no') o.romfile = '';
      else {
        if (rom.attrs.bar !== undefined) o.rombar = rom.attrs.bar === 'on' ? 1 : 0;
        if (rom.attrs.file !== undefined) o.romfile = rom.attrs.file;
      }
    };
    for (const k of kids) if (!['driver', 'rom', 'source', 'teaming'].includes(k.name)) ctx.unsupported(`hostdev <${k.name}> is not supported`);
    const team = kids.find((k) => k.name === 'teaming');
    const failover = team?.attrs.type === 'transient' && team.attrs.persistent ? { failover_pair_id: team.attrs.persistent } : {};
    switch (h.type) {
      case 'pci': {
        if (h.address?.type === 'unassigned') return;
        const hex = (v: string | undefined, w: number): string => (int(v) ?? 0).toString(16).padStart(w, '0');
        const host = `${hex(a.domain, 4)}:${hex(a.bus, 2)}:${hex(a.slot, 2)}.${hex(a.function, 1)}`;
        const o: Record<string, unknown> = { driver: 'vfio-pci', host, id, ...failover };
        if (boot !== undefined) o.bootindex = boot;
        Object.assign(o, ctx.pciProps(h.address), acpiIndex(h));
        romProps(o);
        ctx.device(o);
        return;
      }
      case 'mdev': {
        if ((h.model ?? 'vfio-pci') !== 'vfio-pci') ctx.unsupported(`mdev model '${h.model}' is not supported`);
        const ramfb = ea.ramfb === 'on';
        const o: Record<string, unknown> = { driver: ramfb ? 'vfio-pci-nohotplug' : 'vfio-pci', id, sysfsdev: `/sys/bus/mdev/devices/${a.uuid}`, display: ea.display ?? 'off' };
        if (ramfb) o.ramfb = true;
        if (boot !== undefined) o.bootindex = boot;
        Object.assign(o, ctx.pciProps(h.address));
        ctx.device(o);
        return;
      }
      case 'usb': {
        if (a.bus === undefined || a.device === undefined) ctx.unsupported('USB hostdevs selected by vendor/product need a host device lookup');
        const o: Record<string, unknown> = { driver: 'usb-host', hostdevice: `/dev/bus/usb/${String(int(a.bus)).padStart(3, '0')}/${String(int(a.device)).padStart(3, '0')}`, id };
        if (boot !== undefined) o.bootindex = boot;
        Object.assign(o, usbProps(ctx, h.address));
        ctx.device(o);
        return;
      }
      case 'scsi_host': {
        const src = kids.find((k) => k.name === 'source');
        const wwpn = src?.attrs.wwpn ?? h.source?.extra?.attrs?.wwpn;
        const model = h.model === 'virtio-transitional' ? 'vhost-scsi-pci-transitional' : h.model === 'virtio-non-transitional' ? 'vhost-scsi-pci-non-transitional' : 'vhost-scsi-pci';
        const o: Record<string, unknown> = { driver: model, wwpn, vhostfd: String(ctx.opts.fds?.vhostScsi?.[i] ?? 3), id };
        if (boot !== undefined) o.bootindex = boot;
        Object.assign(o, ctx.pciProps(h.address));
        ctx.device(o);
        return;
      }
      default:
        ctx.unsupported(`hostdev type '${h.type}' is not supported`);
    }
  });
}

/** The memory balloon. */
export function renderMemballoon(ctx: Ctx): void {
  const b = ctx.p.spec.devices!.memballoon;
  if (!b || b.model === 'none') return;
  if (b.model === 'xen') ctx.unsupported('xen balloon is not supported by QEMU');
  const drv = b.model === 'virtio-transitional' ? 'virtio-balloon-pci-transitional' : b.model === 'virtio-non-transitional' ? 'virtio-balloon-pci-non-transitional' : 'virtio-balloon-pci';
  const bk = (b.extra?.children ?? []).map((c) => c.node);
  if (bk.some((k) => k.name !== 'driver')) ctx.unsupported('memballoon options are not supported');
  const o: Record<string, unknown> = { driver: drv, ...virtioOptions(bk.find((k) => k.name === 'driver')?.attrs), id: 'balloon0' };
  if (b.autodeflate !== undefined) o['deflate-on-oom'] = b.autodeflate;
  if (b.freePageReporting !== undefined) o['free-page-reporting'] = b.freePageReporting;
  Object.assign(o, ctx.pciProps(b.address));
  ctx.device(o);
}

/** Random number generators. */
export function renderRngs(ctx: Ctx, fds: FdSets): void {
  ctx.p.spec.devices!.rngs.forEach((r, i) => {
    const id = `rng${i}`;
    const obj = `obj${id}`;
    switch (r.backend.model) {
      case 'random':
        ctx.add('-object', json({ 'qom-type': 'rng-random', id: obj, filename: r.backend.path ?? '/dev/random' }));
        break;
      case 'builtin':
        ctx.add('-object', json({ 'qom-type': 'rng-builtin', id: obj }));
        break;
      case 'egd': {
        const srcs = (r.backend.extra?.children ?? []).filter((c) => c.node.name === 'source').flatMap((c) => chrSourceOf(c.node));
        const proto = r.backend.extra?.children?.find((c) => c.node.name === 'protocol')?.node.attrs.type;
        renderChardev(ctx, fds, { type: r.backend.type ?? 'pty', sources: srcs, protocol: proto ? { type: proto } : undefined } as never, `char${id}`, id);
        ctx.add('-object', json({ 'qom-type': 'rng-egd', id: obj, chardev: `char${id}` }));
        break;
      }
    }
    const drv = r.model === 'virtio-transitional' ? 'virtio-rng-pci-transitional' : r.model === 'virtio-non-transitional' ? 'virtio-rng-pci-non-transitional' : 'virtio-rng-pci';
    const rk = (r.extra?.children ?? []).map((c) => c.node);
    if (rk.some((k) => k.name !== 'driver')) ctx.unsupported('rng options are not supported');
    const o: Record<string, unknown> = { driver: drv, ...virtioOptions(rk.find((k) => k.name === 'driver')?.attrs), rng: obj, id };
    if (r.rate) {
      o['max-bytes'] = r.rate.bytes;
      o.period = r.rate.period ?? 1000;
    }
    Object.assign(o, ctx.pciProps(r.address));
    ctx.device(o);
  });
}

/** Panic devices. */
export function renderPanics(ctx: Ctx): void {
  for (const p of ctx.p.spec.devices!.panics) {
    if (p.model === 'isa' || p.model === undefined) {
      const io = p.address?.attrs?.iobase;
      ctx.device({ driver: 'pvpanic', ...(io ? { ioport: int(io) } : {}) });
    } else if (p.model === 'pvpanic') ctx.device({ driver: 'pvpanic-pci', ...ctx.pciProps(p.address) });
    else if (p.model === 'hyperv') continue;
    else ctx.unsupported(`panic model '${p.model}' is not supported`);
  }
  void esc;
}
