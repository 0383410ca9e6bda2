/**
 * GuestAgentClient (and QmpClient) against the REAL qemu-ga inside the tiny
 * test guest (`.cache/test-guest/`, built by `scripts/test-guest/build.sh`),
 * booted under TCG. The guest files are required: when they are missing the
 * test FAILS and says how to build them, unless POLYVISOR_SKIP_GUEST_TESTS=1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, isPolyvisorError } from '@polyvisor/core';
import { GuestAgentClient, QmpClient } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(here, '../../..');
const GUEST_DIR = path.join(process.env.POLYVISOR_CACHE_DIR ?? path.join(REPO_ROOT, '.cache'), 'test-guest');
const KERNEL = path.join(GUEST_DIR, 'vmlinuz');
const INITRD = path.join(GUEST_DIR, 'initrd.img');
const QEMU = process.env.POLYVISOR_QEMU ?? 'qemu-system-x86_64';
/** KVM here is nested software virtualisation and unusable (see FACTS.md): TCG unless told otherwise. */
const ACCEL = process.env.POLYVISOR_TEST_ACCEL ?? 'tcg';
const SKIP = process.env.POLYVISOR_SKIP_GUEST_TESTS === '1';
const AGENT_WAIT_MS = 90_000;

interface Guest {
  proc: ChildProcess;
  dir: string;
  qmpPath: string;
  qgaPath: string;
  serialLog: string;
  exited: Promise<void>;
  stderr: () => string;
}

const guests = new Set<Guest>();
const clients = new Set<{ close(): Promise<void> }>();

async function stopGuest(g: Guest): Promise<void> {
  guests.delete(g);
  if (g.proc.exitCode === null && g.proc.signalCode === null) g.proc.kill('SIGKILL');
  await g.exited;
  await rm(g.dir, { recursive: true, force: true });
}

const cleanup = async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  clients.clear();
  for (const g of [...guests]) await stopGuest(g);
};
afterEach(cleanup);
afterAll(cleanup);
process.once('exit', () => {
  for (const g of guests) g.proc.kill('SIGKILL');
});

async function bootGuest(): Promise<Guest> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pv-qga-real-'));
  await chmod(dir, 0o700);
  const qmpPath = path.join(dir, 'qmp.sock');
  const qgaPath = path.join(dir, 'qga.sock');
  const serialLog = path.join(dir, 'serial.log');
  const argv = [
    '-accel', ACCEL,
    '-machine', 'q35,acpi=on',
    '-m', '128',
    '-smp', '1',
    '-nodefaults',
    '-nographic',
    '-no-user-config',
    '-kernel', KERNEL,
    '-initrd', INITRD,
    '-append', 'console=ttyS0 quiet cryptomgr.notests init_on_free=1',
    '-serial', `file:${serialLog}`,
    '-qmp', `unix:${qmpPath},server=on,wait=off`,
    '-chardev', `socket,id=qga0,path=${qgaPath},server=on,wait=off`,
    '-device', 'virtio-serial-pci,id=vser0',
    '-device', 'virtserialport,bus=vser0.0,chardev=qga0,name=org.qemu.guest_agent.0',
  ];
  const proc = spawn(QEMU, argv, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const g: Guest = { proc, dir, qmpPath, qgaPath, serialLog, exited, stderr: () => err };
  guests.add(g);
  const deadline = Date.now() + 10_000;
  while (!existsSync(qmpPath) || !existsSync(qgaPath)) {
    if (proc.exitCode !== null) throw new Error(`QEMU exited at start: ${err}`);
    if (Date.now() > deadline) throw new Error(`QEMU sockets did not appear: ${err}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return g;
}

const refused = (err: unknown) => isPolyvisorError(err, ErrorCode.CONNECT_FAILED) && err.detail?.errno === 'ECONNREFUSED';

/** Retries `fn` while QEMU has bound a socket but not yet listens on it (ECONNREFUSED). */
async function whileRefused<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!refused(err) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

const serial = (g: Guest) => readFile(g.serialLog, 'utf8').catch(() => '');

/**
 * Connects to the agent, retrying while the guest boots: until qemu-ga opens
 * its port nothing answers the sync, and each attempt times out.
 */
async function connectAgent(g: Guest): Promise<GuestAgentClient> {
  const deadline = Date.now() + AGENT_WAIT_MS;
  for (;;) {
    try {
      const c = await GuestAgentClient.connect({ path: g.qgaPath }, { timeoutMs: 3_000 });
      clients.add(c);
      return c;
    } catch (err) {
      if (!(isPolyvisorError(err, ErrorCode.TIMEOUT) || refused(err)) || Date.now() > deadline) {
        throw new Error(`guest agent did not answer: ${(err as Error).message}\nserial:\n${await serial(g)}\nstderr:\n${g.stderr()}`);
      }
    }
  }
}

describe('GuestAgentClient against the real guest agent', () => {
  it('has the test guest built', () => {
    if (SKIP) return;
    const missing = [KERNEL, INITRD].filter((f) => !existsSync(f));
    expect(missing, `test guest missing (${missing.join(', ')}): run scripts/test-guest/build.sh, or set POLYVISOR_SKIP_GUEST_TESTS=1`).toEqual([]);
  });

  it.skipIf(SKIP)(
    'boots the guest and talks to qemu-ga: ping, info, osinfo, interfaces, exec, shutdown',
    async () => {
      if (!existsSync(KERNEL) || !existsSync(INITRD)) throw new Error('test guest missing: run scripts/test-guest/build.sh (or set POLYVISOR_SKIP_GUEST_TESTS=1)');
      const g = await bootGuest();
      const qmp = await whileRefused(() => QmpClient.connect({ path: g.qmpPath }));
      clients.add(qmp);
      expect((await qmp.command('query-status')).status).toBe('running');

      const t0 = performance.now();
      const qga = await connectAgent(g);
      console.log(`qga-real: agent synced ${(performance.now() - t0).toFixed(0)} ms after QMP connect`);
      expect(qga.state).toBe('idle');

      await qga.ping();
      const info = await qga.info();
      expect(info.version).toMatch(/^\d+\.\d+/);
      const names = new Set(info.supported_commands.map((c) => c.name));
      for (const n of ['guest-ping', 'guest-exec', 'guest-exec-status', 'guest-get-osinfo', 'guest-shutdown']) expect(names).toContain(n);

      const os = await qga.getOsInfo();
      expect(os.machine).toBe('x86_64');
      const manifest = await readFile(path.join(GUEST_DIR, 'manifest.txt'), 'utf8').catch(() => '');
      const release = /kernel-release: (\S+)/.exec(manifest)?.[1];
      if (release) expect(os['kernel-release']).toBe(release);

      const ifs = await qga.networkGetInterfaces();
      const lo = ifs.find((i) => i.name === 'lo');
      expect(lo?.['ip-addresses']).toContainEqual(expect.objectContaining({ 'ip-address': '127.0.0.1', 'ip-address-type': 'ipv4' }));

      const guestNs = await qga.getTime();
      expect(Math.abs(guestNs / 1e6 - Date.now())).toBeLessThan(120_000);

      const uname = await qga.run('/bin/uname', ['-r']);
      expect(uname.exitcode).toBe(0);
      expect(uname.stdout.trim()).toBe(os['kernel-release']);
      const sh = await qga.run('/bin/sh', ['-c', 'cat; echo err >&2; exit 7'], { inputData: 'héllo from host' });
      expect(sh).toMatchObject({ exitcode: 7, stdout: 'héllo from host', stderr: 'err\n' });
      const { pid } = await qga.exec('/bin/sleep', ['0']);
      expect(pid).toBeGreaterThan(1);

      const missing = await qga.execute('guest-no-such-command').catch((e: unknown) => e);
      expect(isPolyvisorError(missing, ErrorCode.HYPERVISOR_ERROR)).toBe(true);

      // guest-shutdown sends no reply: success is the guest going away.
      const shutdown = qmp.events({ names: ['SHUTDOWN'] });
      await qga.shutdown('powerdown', { timeoutMs: 5_000 });
      const ev = await shutdown.next();
      expect(ev.value?.data.guest).toBe(true);
      const closed = await qmp.closed;
      expect(closed.by).toBe('peer');
      await g.exited;
    },
    AGENT_WAIT_MS + 60_000,
  );
});
