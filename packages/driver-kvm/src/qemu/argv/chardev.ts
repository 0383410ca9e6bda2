/**
 * Character devices: `-chardev` backends and the serial / parallel /
 * channel / console front ends.
 * @module
 */
import type { ChrDeviceSpec } from '@polyvisor/core';
import { int } from '../xmlx.js';
import { esc, type Ctx } from './common.js';

/** Fd-passing state (`-add-fd`), shared by every chardev of one command line. */
export class FdSets {
  private nextSet = 0;
  private nextFd = 1750;

  private nextTpmFd = 1730;

  /** Emits `-add-fd` for a TPM device file (passthrough) and returns its `/dev/fdset/N` path. */
  addTpm(ctx: Ctx, opaque: string): string {
    const set = this.nextSet++;
    const fd = this.nextTpmFd++;
    ctx.add('-add-fd', `set=${set},fd=${fd},opaque=${opaque}`);
    return `/dev/fdset/${set}`;
  }

  /** Emits `-add-fd` for a file opened by the caller and returns its `/dev/fdset/N` path. */
  add(ctx: Ctx, opaque: string): string {
    const set = this.nextSet++;
    const fd = this.nextFd++;
    ctx.add('-add-fd', `set=${set},fd=${fd},opaque=${opaque}`);
    return `/dev/fdset/${set}`;
  }
}

/**
 * Renders the `-chardev` backend of `chr` with id `id` (`charserial0`).
 * `alias` is the device alias used in fd opaque names (`serial0`).
 */
export function renderChardev(ctx: Ctx, fds: FdSets, chr: ChrDeviceSpec, id: string, alias: string): void {
  const src = chr.sources[0] ?? {};
  let log = '';
  const logFile = (): void => {
    if (chr.log) {
      const p = fds.add(ctx, `${alias}-log`);
      log = `,logfile=${p},logappend=on`;
    }
  };
  switch (chr.type) {
    case 'null':
    case 'vc':
    case 'pty':
    case 'stdio': {
      logFile();
      ctx.add('-chardev', `${chr.type},id=${id}${log}`);
      return;
    }
    case 'dev': {
      logFile();
      const kind = alias.startsWith('parallel') ? 'parallel' : 'serial';
      ctx.add('-chardev', `${kind},id=${id},path=${esc(src.path ?? '')}${log}`);
      return;
    }
    case 'file': {
      const p = fds.add(ctx, `${alias}-source`);
      logFile();
      ctx.add('-chardev', `file,id=${id},path=${p},append=on${log}`);
      return;
    }
    case 'pipe': {
      logFile();
      ctx.add('-chardev', `pipe,id=${id},path=${esc(src.path ?? '')}${log}`);
      return;
    }
    case 'unix': {
      logFile();
      const reconnect = chr.sources[0]?.extra?.children?.find((c) => c.node.name === 'reconnect')?.node;
      let rc = '';
      if (reconnect) rc = `,reconnect-ms=${reconnect.attrs.enabled === 'yes' ? (int(reconnect.attrs.timeout) ?? 0) * 1000 : 0}`;
      if (src.mode === 'connect') ctx.add('-chardev', `socket,id=${id},path=${esc(src.path ?? '')}${rc}${log}`);
      else ctx.add('-chardev', `socket,id=${id},fd=${ctx.listenFd},server=on,wait=off${log}`);
      return;
    }
    case 'tcp': {
      logFile();
      const telnet = chr.protocol?.type === 'telnet' ? ',telnet=on' : '';
      const server = src.mode === 'bind' ? ',server=on,wait=off' : '';
      const reconnect = src.extra?.children?.find((c) => c.node.name === 'reconnect')?.node;
      let rc = '';
      if (reconnect) rc = `,reconnect-ms=${reconnect.attrs.enabled === 'yes' ? (int(reconnect.attrs.timeout) ?? 0) * 1000 : 0}`;
      if (src.tls) ctx.unsupported(`chardev ${alias}: TLS is not supported`);
      ctx.add('-chardev', `socket,id=${id},host=${esc(src.host ?? '')},port=${src.service ?? ''}${telnet}${server}${rc}${log}`);
      return;
    }
    case 'udp': {
      logFile();
      const connect = chr.sources.find((s) => s.mode === 'connect') ?? chr.sources[0] ?? {};
      const bind = chr.sources.find((s) => s.mode === 'bind');
      ctx.add('-chardev', `udp,id=${id},host=${esc(connect.host ?? '')},port=${connect.service ?? ''},localaddr=${esc(bind?.host ?? '')},localport=${bind?.service ?? '0'}${log}`);
      return;
    }
    case 'spicevmc': {
      const name = alias.startsWith('redir') ? 'usbredir' : alias.startsWith('smartcard') ? 'smartcard' : 'vdagent';
      ctx.add('-chardev', `spicevmc,id=${id},name=${name}`);
      return;
    }
    case 'spiceport': {
      ctx.add('-chardev', `spiceport,id=${id},name=${esc(src.channel ?? '')}`);
      return;
    }
    case 'dbus': {
      const name = src.channel ?? (alias.startsWith('redir') ? 'org.qemu.usbredir' : undefined);
      if (!name) ctx.invalid(`chardev ${alias}: a D-Bus channel name is required`);
      ctx.add('-chardev', `dbus,id=${id},name=${esc(name)}`);
      return;
    }
    case 'qemu-vdagent': {
      const kids = (src.extra?.children ?? []).map((c) => c.node);
      const parts = [`qemu-vdagent,id=${id},name=vdagent`];
      const clip = kids.find((k) => k.name === 'clipboard')?.attrs.copypaste;
      if (clip) parts.push(`clipboard=${clip === 'yes' ? 'on' : 'off'}`);
      const mouse = kids.find((k) => k.name === 'mouse')?.attrs.mode;
      if (mouse) parts.push(`mouse=${mouse === 'client' ? 'on' : 'off'}`);
      ctx.add('-chardev', parts.join(','));
      return;
    }
    case 'nmdm':
    default:
      ctx.unsupported(`character device type '${chr.type}' is not supported`);
  }
}

/** Renders serials, parallels, channels and consoles in libvirt's order. */
export function renderCharDevices(ctx: Ctx, fds: FdSets): void {
  const dev = ctx.p.spec.devices!;
  dev.serials.forEach((s, i) => {
    const alias = `serial${i}`;
    renderChardev(ctx, fds, s, `char${alias}`, alias);
    const t = s.target?.type ?? 'isa-serial';
    const model = (s.target?.extra?.children?.find((c) => c.node.name === 'model')?.node.attrs.name as string | undefined) ?? t;
    switch (t) {
      case 'isa-serial':
        ctx.device({ driver: 'isa-serial', chardev: `char${alias}`, id: alias, index: s.target?.port ?? i });
        break;
      case 'usb-serial':
        ctx.device({ driver: 'usb-serial', chardev: `char${alias}`, id: alias, ...ctx.usbProps(s.address) });
        break;
      case 'pci-serial':
        ctx.device({ driver: 'pci-serial', chardev: `char${alias}`, id: alias, ...ctx.pciProps(s.address) });
        break;
      case 'isa-debug':
        ctx.device({ driver: 'isa-debugcon', chardev: `char${alias}`, id: alias, iobase: 0x402 });
        break;
      default:
        ctx.unsupported(`serial target type '${t}' (${model}) is not supported`);
    }
  });
  dev.parallels.forEach((pa, i) => {
    const alias = `parallel${i}`;
    renderChardev(ctx, fds, pa, `char${alias}`, alias);
    ctx.device({ driver: 'isa-parallel', chardev: `char${alias}`, id: alias });
  });
  dev.channels.forEach((c, i) => {
    const alias = `channel${i}`;
    const t = c.target?.type;
    if (t === 'guestfwd') {
      // a user-mode network that forwards guest connections to the chardev
      renderChardev(ctx, fds, c, `char${alias}`, alias);
      const tgt = c.target as { address?: string; port?: number; extra?: { attrs?: Record<string, string> } };
      const addr = tgt.address ?? tgt.extra?.attrs?.address ?? '';
      const port = tgt.port ?? tgt.extra?.attrs?.port ?? '';
      ctx.add('-netdev', JSON.stringify({ type: 'user', guestfwd: [{ str: `tcp:${addr}:${port}-chardev:char${alias}` }], id: alias }));
      return;
    }
    if (t !== 'virtio') ctx.unsupported(`channel target type '${t ?? ''}' is not supported`);
    renderChardev(ctx, fds, c, `char${alias}`, alias);
    const a = c.address?.attrs ?? {};
    const o: Record<string, unknown> = { driver: 'virtserialport', bus: `virtio-serial${a.controller ?? '0'}.${a.bus ?? '0'}`, nr: int(a.port) ?? 1, chardev: `char${alias}`, id: alias };
    if (c.target?.name) o.name = c.target.name;
    else if (c.type === 'spicevmc') o.name = 'com.redhat.spice.0';
    ctx.device(o);
  });
  dev.consoles.forEach((c, i) => {
    const t = c.target?.type ?? 'serial';
    if (t === 'serial') return; // alias of the first serial port
    const alias = `console${i}`;
    if (t === 'virtio') {
      renderChardev(ctx, fds, c, `char${alias}`, alias);
      const a = c.address?.attrs ?? {};
      const port = int(a.port) ?? 0;
      ctx.device({ driver: 'virtconsole', ...(port ? { bus: `virtio-serial${a.controller ?? '0'}.${a.bus ?? '0'}`, nr: port } : {}), chardev: `char${alias}`, id: alias });
      return;
    }
    ctx.unsupported(`console target type '${t}' is not supported`);
  });
}

/** A chardev source built from a raw `<source>` element (redirdev, smartcard, RNG EGD backends). */
export function chrSourceOf(src: import('@polyvisor/core').XmlElement | undefined): ChrDeviceSpec['sources'] {
  if (!src) return [];
  const a = src.attrs;
  const kids = src.children.filter((c): c is import('@polyvisor/core').XmlElement => typeof c !== 'string').map((node) => ({ node }));
  return [{ mode: a.mode as 'bind' | 'connect' | undefined, host: a.host, service: a.service, path: a.path, channel: a.channel, ...(a.tls !== undefined ? { tls: a.tls === 'yes' } : {}), ...(kids.length ? { extra: { children: kids } } : {}) }] as ChrDeviceSpec['sources'];
}
