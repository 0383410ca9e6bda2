/**
 * Serial consoles, graphics (VNC) endpoints and screenshots of running QEMU
 * domains, as libvirt's `virDomainOpenConsole`, `virsh domdisplay` and
 * `virDomainScreenshot` provide them.
 *
 * - Consoles: a `pty` chardev is opened through the pseudo-terminal QEMU
 *   reports (`query-chardev`), a `unix` chardev in bind mode by connecting to
 *   its socket. One open console per device and process (libvirt's rule);
 *   closing it leaves the guest alone.
 * - VNC: {@link prepareGraphics} picks a free port ≥ 5900 for `autoport`
 *   displays (and a socket path for `<listen type='socket'/>`) before QEMU
 *   starts, and records them in the live definition.
 * - Screenshots: QMP `screendump` (PNG when QEMU offers it, else PPM) into a
 *   private temporary file of the domain's runtime directory.
 * @module
 */
import { open as fsOpen, constants as fsConstants } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { createServer, connect as netConnect, type Socket } from 'node:net';
import { ReadStream as TtyReadStream } from 'node:tty';
import { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  ErrorCode, HypervisorError, PolyvisorError,
  type CallContext, type ChrDeviceSpec, type DomainSpec, type GraphicsInfo,
} from '@polyvisor/core';
import type { QmpClient } from '../qmp/client.js';
import type { DomainAccess, RunningDomain } from './access.js';

const DRIVER = 'kvm';

/** First TCP port handed out to automatic VNC displays (display `:0`). */
export const VNC_PORT_MIN = 5900;
/** Last TCP port handed out to automatic VNC displays. */
export const VNC_PORT_MAX = 65535;

// ------------------------------------------------------------------ devices

/** A character device a console can be opened on. */
export interface ConsoleDevice {
  /** The device name callers use (`serial0`, `console1`, `channel0`, `parallel0`, or a `ua-` user alias). */
  devname: string;
  /** The QEMU chardev id (`charserial0`); a `<console>` of target type serial shares the first serial's. */
  chardevId: string;
  /** The definition of the character device whose backend is used. */
  chr: ChrDeviceSpec;
}

type ChrKind = 'serial' | 'console' | 'parallel' | 'channel';

function chrList(spec: DomainSpec, kind: ChrKind): ChrDeviceSpec[] {
  const d = spec.devices;
  return (kind === 'serial' ? d?.serials : kind === 'console' ? d?.consoles : kind === 'parallel' ? d?.parallels : d?.channels) ?? [];
}

/** The device a `<console>` really uses: one of target type serial is the first serial port (as in libvirt). */
function consoleBackend(spec: DomainSpec, i: number): { chardevId: string; chr: ChrDeviceSpec } {
  const c = chrList(spec, 'console')[i]!;
  const serial0 = spec.devices?.serials[0];
  if ((c.target?.type ?? 'serial') === 'serial' && serial0) return { chardevId: 'charserial0', chr: serial0 };
  return { chardevId: `charconsole${i}`, chr: c };
}

/**
 * Resolves `devname` (libvirt's rules): without a name the first `<console>`,
 * else the first `<serial>`; with a name, the console, serial, parallel or
 * channel device with that alias (`serial0`, `console0`, ... or a user alias).
 * Throws `OPERATION_INVALID` when the domain has no console at all and
 * `INVALID_ARG` when no device has the name.
 */
export function resolveConsoleDevice(spec: DomainSpec, devname?: string): ConsoleDevice {
  if (devname === undefined || devname === '') {
    if (chrList(spec, 'console').length) return { devname: 'console0', ...consoleBackend(spec, 0) };
    const s = chrList(spec, 'serial')[0];
    if (s) return { devname: 'serial0', chardevId: 'charserial0', chr: s };
    throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${spec.name}": the domain has no console or serial device`, { driver: DRIVER, operation: 'domains.openConsole' });
  }
  for (const kind of ['console', 'serial', 'parallel', 'channel'] as const) {
    const list = chrList(spec, kind);
    for (let i = 0; i < list.length; i++) {
      const alias = `${kind}${i}`;
      if (devname !== alias && devname !== list[i]!.alias?.name) continue;
      if (kind === 'console') return { devname, ...consoleBackend(spec, i) };
      return { devname, chardevId: `char${alias}`, chr: list[i]! };
    }
  }
  throw new PolyvisorError(ErrorCode.INVALID_ARG, `domain "${spec.name}": cannot find character device ${devname}`, { driver: DRIVER, operation: 'domains.openConsole' });
}

interface ChardevInfo {
  label: string;
  filename: string;
}

/**
 * Records runtime chardev paths in a live definition, as libvirt does: every
 * `pty` serial, parallel, channel and console gets `<source path='/dev/pts/N'/>`
 * from `query-chardev` (a `<console>` of target type serial mirrors the first
 * serial). Returns true when the definition changed; false also when QEMU
 * could not be asked (the paths are informational: consoles ask QEMU again).
 */
export async function recordChardevPaths(qmp: QmpClient, spec: DomainSpec, signal?: AbortSignal): Promise<boolean> {
  const all = [...chrList(spec, 'serial'), ...chrList(spec, 'parallel'), ...chrList(spec, 'channel'), ...chrList(spec, 'console')];
  if (!all.some((c) => c.type === 'pty')) return false;
  let infos: ChardevInfo[];
  try {
    infos = (await qmp.execute('query-chardev', undefined, signal ? { signal } : undefined)) as ChardevInfo[];
  } catch (err) {
    if (signal?.aborted) throw err;
    return false; // cosmetic: the live XML just lacks the pty path (openConsole asks QEMU itself)
  }
  const ptyOf = (id: string): string | undefined => {
    const f = infos.find((x) => x.label === id)?.filename;
    return f?.startsWith('pty:') ? f.slice(4) : undefined;
  };
  let changed = false;
  const set = (c: ChrDeviceSpec, path: string | undefined) => {
    if (c.type !== 'pty' || !path || c.sources[0]?.path === path) return;
    c.sources = [{ ...(c.sources[0] ?? {}), path }];
    changed = true;
  };
  for (const kind of ['serial', 'parallel', 'channel'] as const) chrList(spec, kind).forEach((c, i) => set(c, ptyOf(`char${kind}${i}`)));
  chrList(spec, 'console').forEach((c, i) => set(c, ptyOf(consoleBackend(spec, i).chardevId)));
  return changed;
}

// ------------------------------------------------------------------ consoles

/** Consoles open in this process: `domainDir|pid|chardev`. */
const openConsoles = new Set<string>();

/**
 * A console byte stream over a pty or socket. Closing it (or `end()`) closes
 * only our side: QEMU keeps the chardev and the guest keeps running. The
 * stream ends when QEMU goes away (the pty hangs up, the socket closes).
 */
class ConsoleStream extends Duplex {
  private released = false;

  constructor(
    private readonly inner: Socket,
    private readonly onRelease: () => void,
  ) {
    super({ allowHalfOpen: false });
    inner.on('data', (d: Buffer) => {
      if (!this.push(d)) inner.pause();
    });
    inner.on('end', () => this.push(null));
    inner.on('error', (err: NodeJS.ErrnoException) => {
      // A pty whose master went away (QEMU exited) reads EIO: that is the end of the console, not a failure.
      if (err.code === 'EIO' || err.code === 'ECONNRESET' || err.code === 'EPIPE') this.push(null);
      else this.destroy(err);
    });
    inner.on('close', () => {
      this.release();
      this.push(null);
    });
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.inner.destroyed) return cb(new PolyvisorError(ErrorCode.CONNECTION_CLOSED, 'the console is closed', { driver: DRIVER }));
    this.inner.write(chunk, (err) => cb(err ?? null));
  }

  override _final(cb: (err?: Error | null) => void): void {
    cb();
    setImmediate(() => this.destroy());
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.inner.destroy();
    this.release();
    cb(err);
  }
}

function openFd(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) => fsOpen(path, flags, (err, fd) => (err ? reject(err) : resolve(fd))));
}

function connectUnix(path: string, signal: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = netConnect({ path });
    const onAbort = () => {
      s.destroy();
      reject(signal.reason instanceof Error ? signal.reason : new PolyvisorError(ErrorCode.ABORTED, 'console open aborted', { driver: DRIVER }));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    s.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(s);
    });
    s.once('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      reject(err);
    });
  });
}

/**
 * Opens the console `opts.devname` (default: the first console, else the first
 * serial) of a running domain as a byte stream, like `virDomainOpenConsole`.
 * `pty` devices are opened through the pseudo-terminal QEMU allocated
 * (`O_RDWR|O_NOCTTY`; QEMU leaves it in raw mode), `unix` devices in bind mode
 * by connecting to their socket. Errors: `OPERATION_INVALID` for devices that
 * cannot be used interactively (`file`, `null`, QEMU as a socket client, ...),
 * `RESOURCE_BUSY` when this process already has the device open,
 * `INVALID_ARG` for an unknown `devname`, `OPERATION_FAILED` when the pty or
 * socket cannot be opened.
 */
export async function openDomainConsole(acc: DomainAccess, opts: { devname?: string }, ctx: CallContext): Promise<Duplex> {
  const run = requireRunning(acc, 'domains.openConsole');
  const spec = run.liveSpec();
  const dev = resolveConsoleDevice(spec, opts.devname);
  const op = 'domains.openConsole';
  const what = `domain "${acc.name}": character device ${dev.devname}`;
  const chr = dev.chr;
  const src = chr.sources[0];
  if (chr.type === 'file') {
    throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `${what} writes to the file '${src?.path ?? ''}' and cannot be opened interactively (use <serial type='pty'> or a unix socket)`, { driver: DRIVER, operation: op });
  }
  if (chr.type === 'unix' && src?.mode === 'connect') {
    throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `${what} connects to the socket '${src.path ?? ''}' as a client and cannot be opened as a console`, { driver: DRIVER, operation: op });
  }
  if (chr.type !== 'pty' && chr.type !== 'unix') {
    throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `${what} is of type '${chr.type}', not a pty or unix socket, and cannot be opened as a console`, { driver: DRIVER, operation: op });
  }
  const key = `${run.status.domainDir}|${run.status.pid}|${dev.chardevId}`;
  if (openConsoles.has(key)) {
    throw new PolyvisorError(ErrorCode.RESOURCE_BUSY, `${what}: an active console session exists for this device`, { driver: DRIVER, operation: op });
  }
  openConsoles.add(key);
  const release = () => openConsoles.delete(key);
  try {
    let inner: Socket;
    if (chr.type === 'pty') {
      const infos = (await run.qmp.execute('query-chardev', undefined, { signal: ctx.signal })) as ChardevInfo[];
      const filename = infos.find((x) => x.label === dev.chardevId)?.filename;
      if (!filename?.startsWith('pty:')) throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `${what}: QEMU reports no pseudo-terminal for chardev '${dev.chardevId}'`, { driver: DRIVER, operation: op });
      const path = filename.slice(4);
      let fd: number;
      try {
        fd = await openFd(path, fsConstants.O_RDWR | fsConstants.O_NOCTTY);
      } catch (err) {
        throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `${what}: cannot open '${path}': ${(err as Error).message}`, { driver: DRIVER, operation: op, cause: err });
      }
      // A tty.ReadStream is a libuv tty handle: non-blocking reads and writes on the pty, closed with the stream.
      inner = new TtyReadStream(fd);
    } else {
      const path = src?.path;
      if (!path) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `${what} has no socket path`, { driver: DRIVER, operation: op });
      try {
        inner = await connectUnix(path, ctx.signal);
      } catch (err) {
        if (err instanceof PolyvisorError) throw err;
        throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `${what}: cannot connect to '${path}': ${(err as Error).message}`, { driver: DRIVER, operation: op, cause: err });
      }
    }
    return new ConsoleStream(inner, release);
  } catch (err) {
    release();
    throw err;
  }
}

function requireRunning(acc: DomainAccess, op: string): RunningDomain {
  if (!acc.running) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${acc.name}": domain is not running`, { driver: DRIVER, operation: op });
  return acc.running;
}

// ------------------------------------------------------------------ graphics

/** Ports handed out recently in this process (QEMU may not have bound them yet). */
const reservedPorts = new Map<number, number>();
const RESERVATION_MS = 60_000;

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * A TCP port in `[min, max]` nothing listens on at `host` and this process
 * did not hand out in the last minute (libvirt's port allocator, without its
 * cross-process state: a race with another manager is caught by QEMU failing
 * to bind).
 */
export async function allocatePort(host: string, min = VNC_PORT_MIN, max = VNC_PORT_MAX): Promise<number> {
  const now = Date.now();
  for (const [p, t] of reservedPorts) if (now - t > RESERVATION_MS) reservedPorts.delete(p);
  for (let port = min; port <= max; port++) {
    if (reservedPorts.has(port)) continue;
    reservedPorts.set(port, now);
    if (await portFree(host, port)) return port;
    reservedPorts.delete(port);
  }
  throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `no free port in ${min}-${max} on ${host}`, { driver: DRIVER });
}

type Graphics = NonNullable<DomainSpec['devices']>['graphics'][number];

function vncSocketOf(g: Graphics): string | undefined {
  const attr = g.extra?.attrs?.socket;
  if (typeof attr === 'string' && attr) return attr;
  const l = g.listens[0];
  return l?.type === 'socket' ? l.socket : undefined;
}

function vncIsAuto(g: Graphics): boolean {
  return g.autoport === true || g.port === undefined || g.port === -1;
}

/**
 * Fills the runtime parts of VNC displays into `liveSpec` before QEMU starts,
 * as libvirt does in the live XML: a free port ≥ 5900 for `autoport` (or
 * `port='-1'`) displays on TCP, plus the listen address (default
 * 127.0.0.1); a socket in `domainDir` for `<listen type='socket'/>` without a
 * path. Returns the definition to render the command line from: a copy of
 * `renderFrom` (default `liveSpec`; e.g. the live definition with volumes
 * resolved) with the live graphics, in which those ports are fixed (the
 * renderer would otherwise use display `:0`).
 */
export async function prepareGraphics(liveSpec: DomainSpec, domainDir: string, renderFrom: DomainSpec = liveSpec): Promise<DomainSpec> {
  const vncs = (liveSpec.devices?.graphics ?? []).filter((g) => g.type === 'vnc');
  if (!vncs.length) return renderFrom;
  for (const [i, g] of vncs.entries()) {
    const l = g.listens[0];
    if (l?.type === 'socket' && !l.socket && !vncSocketOf(g)) l.socket = join(domainDir, i ? `vnc${i}.sock` : 'vnc.sock');
    if (vncSocketOf(g) || l?.type === 'none' || l?.type === 'network') continue;
    const host = l?.address ?? g.listen ?? '127.0.0.1';
    if (!l) g.listens = [{ type: 'address', address: host }];
    else if (!l.address) l.address = host;
    g.listen = host;
    if (vncIsAuto(g)) {
      g.port = await allocatePort(host);
      g.autoport = true;
    }
  }
  const render = structuredClone(renderFrom);
  if (render.devices) render.devices.graphics = structuredClone(liveSpec.devices!.graphics);
  for (const g of render.devices!.graphics) if (g.type === 'vnc' && g.autoport && g.port !== undefined && g.port > 0) g.autoport = false;
  return render;
}

function hostPart(h: string): string {
  return h.includes(':') ? `[${h}]` : h;
}

/**
 * How the graphics consoles of a running domain are reached (`virsh
 * domdisplay`), from its live definition, asking QEMU (`query-vnc`) when the
 * definition lacks the port. VNC on TCP: `{ type: 'vnc', host, port, uri:
 * 'vnc://127.0.0.1:5900' }`; on a socket: `{ type: 'vnc', socket, uri:
 * 'vnc+unix:///path' }`. SPICE displays with a known port are listed too.
 */
export async function domainGraphics(acc: DomainAccess, ctx: CallContext): Promise<GraphicsInfo[]> {
  const run = requireRunning(acc, 'domains.getGraphics');
  const out: GraphicsInfo[] = [];
  for (const g of run.liveSpec().devices?.graphics ?? []) {
    if (g.type !== 'vnc' && g.type !== 'spice') continue;
    const l = g.listens[0];
    const socket = g.type === 'vnc' ? vncSocketOf(g) : l?.type === 'socket' ? l.socket : undefined;
    if (socket) {
      out.push({ type: g.type, socket, uri: `${g.type}+unix://${socket}` });
      continue;
    }
    if (l?.type === 'none') continue;
    const host = l?.address ?? g.listen ?? '127.0.0.1';
    let port = g.port !== undefined && g.port > 0 ? g.port : undefined;
    if (port === undefined && g.type === 'vnc') {
      const q = (await run.qmp.execute('query-vnc', undefined, { signal: ctx.signal }).catch(() => undefined)) as { enabled?: boolean; service?: string } | undefined;
      if (q?.enabled && q.service && /^\d+$/.test(q.service)) port = Number(q.service);
    }
    if (port === undefined) continue;
    out.push({ type: g.type, host, port, uri: `${g.type}://${hostPart(host)}:${port}` });
  }
  return out;
}

// ------------------------------------------------------------------ screenshots

/** QMP clients whose QEMU turned a PNG screendump down (built without libpng). */
const noPng = new WeakSet<QmpClient>();

function offersPng(qmp: QmpClient): boolean {
  if (noPng.has(qmp)) return false;
  // `screendump` has had `format` (ppm | png) since QEMU 7.1.
  try {
    const v = qmp.greeting.version.qemu;
    return v.major > 7 || (v.major === 7 && v.minor >= 1);
  } catch {
    return false;
  }
}

/**
 * A screenshot of a running domain's display, like `virDomainScreenshot`:
 * QMP `screendump` into a temporary 0600 file of the domain's runtime
 * directory, read and deleted. PNG (`image/png`) when QEMU can write it, else
 * PPM (`image/x-portable-pixmap`). `opts.screen` selects the video device
 * (0: the primary display). Throws `OPERATION_INVALID` when the domain has no
 * video device and `INVALID_ARG` for a screen it does not have.
 */
export async function takeScreenshot(acc: DomainAccess, opts: { screen?: number }, ctx: CallContext): Promise<{ mimeType: string; data: Buffer }> {
  const op = 'domains.screenshot';
  const run = requireRunning(acc, op);
  const videos = run.liveSpec().devices?.videos ?? [];
  if (!videos.some((v) => v.model?.type !== 'none')) {
    throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${acc.name}": domain has no display (no video device to take a screenshot from)`, { driver: DRIVER, operation: op });
  }
  const screen = opts.screen ?? 0;
  if (!Number.isInteger(screen) || screen < 0 || screen >= videos.length || videos[screen]!.model?.type === 'none') {
    throw new PolyvisorError(ErrorCode.INVALID_ARG, `domain "${acc.name}": no screen with ID ${screen}`, { driver: DRIVER, operation: op });
  }
  const file = join(run.status.domainDir, `screenshot-${randomUUID()}.tmp`);
  // Created here with 0600: QEMU truncates and writes the existing file, keeping its mode.
  await (await open(file, 'wx', 0o600)).close();
  try {
    const args: Record<string, unknown> = { filename: file, ...(screen > 0 ? { device: `video${screen}` } : {}) };
    let mimeType = 'image/x-portable-pixmap';
    let done = false;
    if (offersPng(run.qmp)) {
      try {
        await run.qmp.execute('screendump', { ...args, format: 'png' }, { signal: ctx.signal });
        mimeType = 'image/png';
        done = true;
      } catch (err) {
        if (!(err instanceof HypervisorError)) throw err;
        noPng.add(run.qmp); // e.g. "Enable PNG support with libpng for screendump": fall back to PPM
      }
    }
    if (!done) await run.qmp.execute('screendump', args, { signal: ctx.signal });
    const data = await readFile(file);
    if (data.length === 0) throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `domain "${acc.name}": QEMU wrote an empty screenshot`, { driver: DRIVER, operation: op });
    return { mimeType, data };
  } finally {
    await rm(file, { force: true });
  }
}
