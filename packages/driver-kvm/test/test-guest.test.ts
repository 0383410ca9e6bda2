/**
 * Smoke test of the tiny test guest built by scripts/test-guest/build.sh:
 * boots it with real QEMU (TCG unless POLYVISOR_TEST_ACCEL says otherwise),
 * waits for the console ready marker, talks raw QMP and raw QGA over their
 * unix sockets, then checks that an ACPI `system_powerdown` makes QEMU exit
 * by itself. Deliberately independent of the driver's own QMP/QGA clients.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(here, '../../..');
const BUILD_SCRIPT = path.join(REPO_ROOT, 'scripts/test-guest/build.sh');
const GUEST_DIR = path.join(process.env.POLYVISOR_CACHE_DIR ?? path.join(REPO_ROOT, '.cache'), 'test-guest');
const KERNEL = path.join(GUEST_DIR, 'vmlinuz');
const INITRD = path.join(GUEST_DIR, 'initrd.img');
const QEMU = process.env.POLYVISOR_QEMU ?? 'qemu-system-x86_64';
/** KVM here is nested software virtualisation (kvm_pvm) and unusable: default to TCG. */
const ACCEL = process.env.POLYVISOR_TEST_ACCEL ?? 'tcg';
const READY_MARKER = 'POLYVISOR-GUEST-READY';
const BOOT_TIMEOUT_MS = 90_000;
const POWERDOWN_EXIT_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type Json = Record<string, unknown>;

/** Newline-delimited JSON over a unix socket; `skipToFF` drops bytes up to a 0xFF sentinel (QGA sync). */
class JsonLines {
  private buf = Buffer.alloc(0);
  private lines: Json[] = [];
  private waiters: Array<() => void> = [];
  private closed = false;
  private skipToFF = false;
  readonly events: Json[] = [];

  private constructor(private readonly sock: Socket) {
    sock.on('data', (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      this.parse();
    });
    sock.on('close', () => {
      this.closed = true;
      this.wake();
    });
    sock.on('error', () => undefined);
  }

  static connect(socketPath: string): Promise<JsonLines> {
    return new Promise((resolve, reject) => {
      const sock = createConnection(socketPath);
      sock.once('connect', () => resolve(new JsonLines(sock)));
      sock.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private parse(): void {
    if (this.skipToFF) {
      const ff = this.buf.indexOf(0xff);
      if (ff < 0) {
        this.buf = Buffer.alloc(0);
        return;
      }
      this.buf = this.buf.subarray(ff + 1);
      this.skipToFF = false;
    }
    let nl: number;
    while ((nl = this.buf.indexOf(0x0a)) >= 0) {
      const line = this.buf.subarray(0, nl).toString('utf8').trim();
      this.buf = this.buf.subarray(nl + 1);
      if (!line) continue;
      const msg = JSON.parse(line) as Json;
      if ('event' in msg) this.events.push(msg);
      else this.lines.push(msg);
    }
    this.wake();
  }

  write(data: string | Buffer): void {
    this.sock.write(data);
  }

  /** Next non-event message. */
  async next(ms: number, what: string): Promise<Json> {
    const deadline = Date.now() + ms;
    for (;;) {
      const msg = this.lines.shift();
      if (msg) return msg;
      if (this.closed) throw new Error(`socket closed while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await withTimeout(new Promise<void>((r) => this.waiters.push(r)), left, what).catch(() => undefined);
    }
  }

  async waitEvent(name: string, ms: number): Promise<Json> {
    const deadline = Date.now() + ms;
    for (;;) {
      const ev = this.events.find((e) => e.event === name);
      if (ev) return ev;
      if (this.closed) throw new Error(`socket closed while waiting for event ${name}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${ms} ms waiting for event ${name}`);
      await withTimeout(new Promise<void>((r) => this.waiters.push(r)), left, name).catch(() => undefined);
    }
  }

  async execute(command: string, args?: Json, ms = 10_000): Promise<unknown> {
    this.write(JSON.stringify(args ? { execute: command, arguments: args } : { execute: command }) + '\n');
    const reply = await this.next(ms, command);
    if ('error' in reply) throw new Error(`${command}: ${JSON.stringify(reply.error)}`);
    return reply.return;
  }

  /** QGA: guest-sync-delimited with a 0xFF sentinel, so stale output and parser state are discarded. */
  async qgaSync(ms: number): Promise<void> {
    const id = Math.floor(Math.random() * 2 ** 31);
    this.lines = [];
    this.skipToFF = true;
    this.buf = Buffer.alloc(0);
    this.write(Buffer.concat([Buffer.from([0xff]), Buffer.from(JSON.stringify({ execute: 'guest-sync-delimited', arguments: { id } }) + '\n')]));
    const reply = await this.next(ms, 'guest-sync-delimited');
    if (reply.return !== id) throw new Error(`guest-sync-delimited: unexpected reply ${JSON.stringify(reply)}`);
  }

  close(): void {
    this.sock.destroy();
  }
}

interface Guest {
  dir: string;
  proc: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  startedAt: number;
  serialLog: string;
  qmpPath: string;
  qgaPath: string;
  stderr: () => string;
  clients: JsonLines[];
}

const guests = new Set<Guest>();
// Last resort if the worker dies without running the hooks: no QEMU left behind.
process.once('exit', () => {
  for (const g of guests) g.proc.kill('SIGKILL');
});

async function startGuest(opts: { append?: string; extraArgs?: string[] } = {}): Promise<Guest> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pv-test-guest-'));
  await chmod(dir, 0o700);
  const serialLog = path.join(dir, 'serial.log');
  const qmpPath = path.join(dir, 'qmp.sock');
  const qgaPath = path.join(dir, 'qga.sock');
  const args = [
    '-accel', ACCEL,
    '-machine', 'q35,acpi=on',
    '-m', '128',
    '-smp', '1',
    '-nodefaults',
    '-nographic',
    '-no-user-config',
    '-kernel', KERNEL,
    '-initrd', INITRD,
    '-append', ['console=ttyS0 quiet cryptomgr.notests init_on_free=1', opts.append].filter(Boolean).join(' '),
    '-serial', `file:${serialLog}`,
    '-qmp', `unix:${qmpPath},server=on,wait=off`,
    '-chardev', `socket,id=qga0,path=${qgaPath},server=on,wait=off`,
    '-device', 'virtio-serial-pci,id=vser0',
    '-device', 'virtserialport,bus=vser0.0,chardev=qga0,name=org.qemu.guest_agent.0',
    ...(opts.extraArgs ?? []),
  ];
  const startedAt = performance.now();
  const proc = spawn(QEMU, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    proc.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() }));
    proc.once('error', (err) => {
      stderr += String(err);
      resolve({ code: null, signal: null, at: performance.now() });
    });
  });
  const guest: Guest = { dir, proc, exited, startedAt, serialLog, qmpPath, qgaPath, stderr: () => stderr, clients: [] };
  guests.add(guest);
  return guest;
}

async function stopGuest(g: Guest): Promise<void> {
  for (const c of g.clients) c.close();
  if (g.proc.exitCode === null && g.proc.signalCode === null) {
    g.proc.kill('SIGKILL');
    await withTimeout(g.exited, 10_000, 'QEMU to die after SIGKILL').catch(() => undefined);
  }
  await rm(g.dir, { recursive: true, force: true });
  guests.delete(g);
}

async function readSerial(g: Guest): Promise<string> {
  return existsSync(g.serialLog) ? readFile(g.serialLog, 'latin1') : '';
}

/** Resolves with ms from spawn to the ready marker on the serial console. */
async function waitReady(g: Guest): Promise<number> {
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  let dead = false;
  void g.exited.then(() => {
    dead = true;
  });
  for (;;) {
    if ((await readSerial(g)).includes(READY_MARKER)) return performance.now() - g.startedAt;
    if (dead) throw new Error(`QEMU exited before the guest was ready\nstderr: ${g.stderr()}\nserial:\n${await readSerial(g)}`);
    if (Date.now() > deadline) throw new Error(`no ${READY_MARKER} within ${BOOT_TIMEOUT_MS} ms\nserial:\n${await readSerial(g)}`);
    await sleep(25);
  }
}

async function connect(g: Guest, socketPath: string): Promise<JsonLines> {
  const c = await JsonLines.connect(socketPath);
  g.clients.push(c);
  return c;
}

async function qmpConnect(g: Guest): Promise<JsonLines> {
  const qmp = await connect(g, g.qmpPath);
  const greeting = await qmp.next(5_000, 'QMP greeting');
  expect(greeting).toHaveProperty('QMP.version.qemu');
  expect(await qmp.execute('qmp_capabilities')).toEqual({});
  return qmp;
}

async function qgaConnect(g: Guest): Promise<JsonLines> {
  const qga = await connect(g, g.qgaPath);
  // The agent is up once the marker is printed; still allow a few sync attempts.
  let lastErr: unknown;
  for (let i = 0; i < 5; i++) {
    try {
      await qga.qgaSync(3_000);
      return qga;
    } catch (err) {
      lastErr = err;
    }
  }
  throw lastErr;
}

/** Reads the guest's own "polyvisor: up N.NNs" line (kernel uptime when init was done). */
function guestUptime(serial: string): number | undefined {
  const m = /polyvisor: up ([0-9.]+)s/.exec(serial);
  return m ? Number(m[1]) : undefined;
}

beforeAll(() => {
  // Fast (no-op) when the guest is up to date; builds it from .debs otherwise.
  const t0 = performance.now();
  const r = spawnSync('bash', [BUILD_SCRIPT], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${BUILD_SCRIPT} failed (${r.status ?? r.signal}):\n${r.stderr}\n${r.stdout}`);
  console.log(`test guest: build.sh took ${(performance.now() - t0).toFixed(0)} ms`);
  expect(existsSync(KERNEL) && existsSync(INITRD)).toBe(true);
  const q = spawnSync(QEMU, ['--version'], { encoding: 'utf8' });
  if (q.status !== 0) throw new Error(`${QEMU} is not runnable (install qemu-system-x86): ${q.error ?? q.stderr}`);
}, 660_000);

afterEach(async () => {
  for (const g of [...guests]) await stopGuest(g);
});

afterAll(async () => {
  for (const g of [...guests]) await stopGuest(g);
});

describe('test guest (real QEMU, TCG)', () => {
  it('boots to the ready marker, answers QMP and QGA, and powers off on system_powerdown', async () => {
    const g = await startGuest();
    const bootMs = await waitReady(g);
    const serial = await readSerial(g);
    console.log(`test guest: spawn -> ${READY_MARKER} ${bootMs.toFixed(0)} ms (guest uptime ${guestUptime(serial)} s)`);

    const qmp = await qmpConnect(g);
    expect(await qmp.execute('query-status')).toMatchObject({ status: 'running', running: true });

    const qga = await qgaConnect(g);
    expect(await qga.execute('guest-ping')).toEqual({});
    const info = (await qga.execute('guest-info')) as { version: string; supported_commands: Array<{ name: string; enabled: boolean }> };
    expect(info.version).toMatch(/^\d+\.\d+/);
    const names = info.supported_commands.filter((c) => c.enabled).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['guest-ping', 'guest-network-get-interfaces', 'guest-shutdown']));
    const os = (await qga.execute('guest-get-osinfo')) as { 'kernel-release'?: string; id?: string };
    expect(os['kernel-release']).toMatch(/cloud-amd64$/);
    expect(os.id).toBe('polyvisor-test-guest');

    const t0 = performance.now();
    expect(await qmp.execute('system_powerdown')).toEqual({});
    const shutdown = await qmp.waitEvent('SHUTDOWN', POWERDOWN_EXIT_MS);
    const shutdownMs = performance.now() - t0;
    expect(shutdown.data).toMatchObject({ guest: true, reason: 'guest-shutdown' });
    const exit = await withTimeout(g.exited, POWERDOWN_EXIT_MS, 'QEMU to exit after system_powerdown');
    const exitMs = exit.at - t0;
    console.log(`test guest: system_powerdown -> SHUTDOWN ${shutdownMs.toFixed(0)} ms, -> QEMU exit ${exitMs.toFixed(0)} ms`);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(await readSerial(g)).toContain('power button, powering off');
  }, 180_000);

  it('gets 10.0.2.15 on eth0 from QEMU user-mode DHCP (pv.ip=dhcp)', async () => {
    const g = await startGuest({
      append: 'pv.ip=dhcp',
      // romfile= : no iPXE option ROM, which only slows the boot under TCG.
      extraArgs: ['-netdev', 'user,id=n0,restrict=on', '-device', 'virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56,romfile='],
    });
    const bootMs = await waitReady(g);
    console.log(`test guest (dhcp): spawn -> ${READY_MARKER} ${bootMs.toFixed(0)} ms`);

    const qga = await qgaConnect(g);
    type Iface = { name: string; 'hardware-address'?: string; 'ip-addresses'?: Array<{ 'ip-address-type': string; 'ip-address': string; prefix: number }> };
    let eth0: Iface | undefined;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ifaces = (await qga.execute('guest-network-get-interfaces')) as Iface[];
      eth0 = ifaces.find((i) => i.name === 'eth0');
      if (eth0?.['ip-addresses']?.some((a) => a['ip-address-type'] === 'ipv4') || Date.now() > deadline) break;
      await sleep(200);
    }
    expect(eth0?.['hardware-address']).toBe('52:54:00:12:34:56');
    expect(eth0?.['ip-addresses']).toEqual(expect.arrayContaining([{ 'ip-address-type': 'ipv4', 'ip-address': '10.0.2.15', prefix: 24 }]));
    expect(await readSerial(g)).toContain('polyvisor: dhcp bound eth0 10.0.2.15/24');
  }, 180_000);
});
