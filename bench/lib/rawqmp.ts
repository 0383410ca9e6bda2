/**
 * The baselines polyvisor is compared with when libvirt is not the right
 * one: a minimal raw-socket QMP client and raw QEMU guests spawned from the
 * driver's own command-line renderer and driven by hand.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { parseDomainXml, parseUri } from '@polyvisor/core';
import { defaultArgvRenderer, kvmPathsFor } from '../../packages/driver-kvm/src/index.js';
import { sleep } from './stats.js';

/** The smallest useful QMP client: one JSON line out, replies matched by id, events ignored. */
export class RawQmp {
  private buf = '';
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private greeted!: () => void;
  private readonly ready = new Promise<void>((r) => (this.greeted = r));

  private constructor(private readonly sock: net.Socket) {
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      this.buf += d;
      let i: number;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        const m = JSON.parse(line) as { id?: number; return?: unknown; error?: { desc?: string }; QMP?: unknown };
        if (m.QMP) this.greeted();
        else if (typeof m.id === 'number') {
          const w = this.waiting.get(m.id);
          this.waiting.delete(m.id);
          if (m.error) w?.reject(new Error(m.error.desc ?? 'QMP error'));
          else w?.resolve(m.return);
        }
      }
    });
    sock.on('close', () => {
      for (const w of this.waiting.values()) w.reject(new Error('QMP socket closed'));
      this.waiting.clear();
    });
    sock.on('error', () => undefined);
  }

  /** Connects, reads the greeting and negotiates capabilities (`oob` when asked). */
  static async connect(path: string, oob = false): Promise<RawQmp> {
    const sock = net.createConnection(path);
    await new Promise<void>((r, j) => sock.once('connect', r).once('error', j));
    const c = new RawQmp(sock);
    await c.ready;
    await c.run('qmp_capabilities', oob ? { enable: ['oob'] } : undefined);
    return c;
  }

  /** Sends one command; resolves with its `return`. */
  run(execute: string, args?: object): Promise<unknown> {
    const id = this.nextId++;
    this.sock.write(`${JSON.stringify(args ? { execute, arguments: args, id } : { execute, id })}\n`);
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  /** Closes the socket. */
  close(): void {
    this.sock.destroy();
  }
}

/** Waits until a unix socket exists and accepts a connection. */
export async function waitSocket(path: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(path)) {
      const ok = await new Promise<boolean>((res) => {
        const s = net.connect(path, () => {
          s.destroy();
          res(true);
        });
        s.on('error', () => res(false));
      });
      if (ok) return;
    }
    if (Date.now() > deadline) throw new Error(`socket ${path} did not appear`);
    await sleep(2);
  }
}

/** A QEMU spawned by hand from the driver's renderer. */
export interface RawGuest {
  /** The process. */
  child: ChildProcess;
  /** Its QMP client (after the socket appeared). */
  qmp: RawQmp;
  /** Runtime directory. */
  dir: string;
  /** Resolves when the process exited. */
  exited: Promise<void>;
}

let rawIds = 5000;

/**
 * Spawns QEMU for domain XML `xml` with the driver's default renderer (so the
 * command line is the one polyvisor would use), in `dir`, optionally waiting
 * for an incoming migration (`-incoming defer`), and connects to its monitor.
 * Starts paused (`-S`); the caller sends `cont`.
 */
export async function spawnRawGuest(xml: string, root: string, dir: string, opts: { incoming?: boolean } = {}): Promise<RawGuest> {
  const renderer = defaultArgvRenderer(kvmPathsFor(parseUri(`qemu:///embed?root=${root}`)));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const spec = { ...parseDomainXml(xml), uuid: '00000000-0000-4000-8000-00000000abcd' };
  const paths = { domainDir: dir, qmpPath: join(dir, 'qmp.sock'), qgaPath: join(dir, 'qga.sock'), pidPath: join(dir, 'qemu.pid'), logPath: join(dir, 'log') };
  for (const ch of spec.devices?.channels ?? []) ch.sources = [{ mode: 'bind', path: paths.qgaPath }];
  const argv = await renderer.render(spec, { id: rawIds++, accel: 'tcg', paths, signal: AbortSignal.timeout(30_000), ...(opts.incoming ? { incoming: 'defer' } : {}) });
  const child = spawn(renderer.emulator(spec), argv, { stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await waitSocket(paths.qmpPath);
  const qmp = await RawQmp.connect(paths.qmpPath);
  return { child, qmp, dir, exited };
}

interface QueryMigrate {
  status?: string;
  'total-time'?: number;
  'socket-address'?: Array<{ type: string; host?: string; port?: string }>;
}

/**
 * Live-migrates a running raw guest the way the driver does, step by step
 * over QMP: spawn the destination with `-incoming defer`, enable events,
 * `migrate-incoming tcp:127.0.0.1:0` and read the port, set capabilities and
 * unlimited bandwidth on the source, `migrate`, poll `query-migrate` every
 * 15 ms until completed, wait for the destination to complete, `cont` it,
 * `quit` the source and wait for its exit. Returns the new guest.
 */
export async function rawMigrate(src: RawGuest, xml: string, root: string, destDir: string): Promise<{ dest: RawGuest; qemuTotalMs: number }> {
  const dest = await spawnRawGuest(xml, root, destDir, { incoming: true });
  await dest.qmp.run('migrate-set-capabilities', { capabilities: [{ capability: 'events', state: true }] });
  await dest.qmp.run('migrate-incoming', { uri: 'tcp:127.0.0.1:0' });
  let uri = '';
  for (let i = 0; i < 100 && !uri; i++) {
    const q = (await dest.qmp.run('query-migrate')) as QueryMigrate;
    const a = q['socket-address']?.find((x) => x.type === 'inet' && x.port && x.port !== '0');
    if (a) uri = `tcp:${a.host}:${a.port}`;
    else await sleep(10);
  }
  if (!uri) throw new Error('destination did not report its port');
  await src.qmp.run('migrate-set-capabilities', { capabilities: [{ capability: 'events', state: true }, { capability: 'auto-converge', state: false }, { capability: 'postcopy-ram', state: false }] });
  await src.qmp.run('migrate-set-parameters', { 'max-bandwidth': 0 });
  await src.qmp.run('migrate', { uri });
  let total = 0;
  for (;;) {
    const q = (await src.qmp.run('query-migrate')) as QueryMigrate;
    if (q.status === 'completed') {
      total = q['total-time'] ?? 0;
      break;
    }
    if (q.status === 'failed' || q.status === 'cancelled') throw new Error(`raw migration ${q.status}`);
    await sleep(15);
  }
  for (;;) {
    const q = (await dest.qmp.run('query-migrate')) as QueryMigrate;
    if (q.status === 'completed') break;
    if (q.status === 'failed') throw new Error('raw incoming migration failed');
    await sleep(20);
  }
  await dest.qmp.run('cont');
  await src.qmp.run('quit').catch(() => undefined);
  await src.exited;
  src.qmp.close();
  return { dest, qemuTotalMs: total };
}
