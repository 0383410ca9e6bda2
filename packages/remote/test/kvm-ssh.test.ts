/**
 * The KVM driver over SSH, and live migration between two remote hosts.
 *
 * Two test hosts are network namespaces on one private link (netns-lab.ts),
 * each with its own sshd and polyvisor state root; the client reaches them
 * with `qemu+ssh://root@ADDR/embed?root=...`, and the agent, started by the
 * host's sshd, runs QEMU inside that host's namespace. The real test guest
 * (scripts/test-guest) boots on host A and migrates to host B with the
 * stream going directly from A's QEMU to B's; its shell on the serial
 * console, reached through the remote console stream, proves it is the same
 * running guest afterwards (same boot id, a file in its RAM-backed /tmp), and
 * the serial log shows a single boot.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Duplex } from 'node:stream';
import { ErrorCode, PolyvisorError, openConnection, type Connection, type Domain, type MigrationProgress, type PolyvisorEvent } from '@polyvisor/core';
import { remoteDriver, RemoteDriverConnection, rewriteMigrationUri } from '../src/driver.js';
import { describeDriverConformance } from '@polyvisor/core/testing';
import { sshHostUnavailable } from './ssh-host.js';
import { NetnsLab, type LabHost } from './netns-lab.js';
import { ensureGuest, guestDomainXml, killQemusMentioning, qemuPidsMentioning, waitForMarker } from '../../driver-kvm/test/fixtures/guest.js';

const unavailable = sshHostUnavailable() ?? (existsSync('/usr/bin/qemu-system-x86_64') ? undefined : 'qemu-system-x86_64 missing');
if (unavailable && process.env.POLYVISOR_SKIP_SSH_TESTS !== '1') {
  describe('KVM over SSH: prerequisites', () => {
    it('has sshd, ssh-keygen, ip netns and QEMU', () => {
      throw new Error(`cannot run the KVM-over-SSH tests: ${unavailable}`);
    });
  });
}

const READY = 'POLYVISOR-GUEST-READY';

/** The test guest with its shell on a pty serial console whose output is also logged to `serialLog` (appended, so both hosts' QEMUs write one log). */
function consoleGuestXml(name: string, serialLog: string): string {
  const xml = guestDomainXml(name, { serialLog });
  const file = `<serial type='file'><source path='${serialLog}'/><target port='0'/></serial>`;
  if (!xml.includes(file)) throw new Error('guestDomainXml changed its serial device');
  return xml.replace(file, `<serial type='pty'><log file='${serialLog}' append='on'/><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>`);
}

/** Runs `script` in the guest's console shell (retrying while it boots) and returns what it printed between two markers. */
async function consoleRun(dom: Domain, script: string, timeoutMs = 60_000): Promise<string> {
  const s: Duplex = await dom.openConsole();
  let buf = '';
  s.on('data', (d: Buffer) => (buf += d.toString('latin1')));
  s.on('error', () => undefined);
  const tag = `pv${Math.random().toString(36).slice(2, 8)}`;
  // The echoed command line shows `<<${tag}` + `>>`, never the joined form the guest prints.
  const re = new RegExp(`<<${tag}>>([\\s\\S]*?)<</${tag}>>`);
  const deadline = Date.now() + timeoutMs;
  let next = 0;
  try {
    for (;;) {
      const m = re.exec(buf);
      if (m) return m[1]!.replace(/\r/g, '').trim();
      if (Date.now() > deadline) throw new Error(`no answer from the guest console; it said: ${JSON.stringify(buf.slice(-500))}`);
      if (Date.now() >= next) {
        s.write(`echo "<<${tag}"">>"; ${script}; echo "<</${tag}"">>"\n`);
        next = Date.now() + 3000;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    s.destroy();
  }
}

async function failure(p: Promise<unknown>): Promise<PolyvisorError> {
  const e = await p.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PolyvisorError);
  return e as PolyvisorError;
}

/** QEMU processes running inside a lab host's namespace. */
const qemusIn = (h: LabHost) => h.pidsMatching('qemu-system');

describe('migration URI rewriting (pure)', () => {
  it('replaces a wildcard listener with the SSH host and leaves everything else alone', () => {
    expect(rewriteMigrationUri({ uri: 'tcp:127.0.0.1:4444', listenUri: 'tcp:0.0.0.0:4444', cookie: 1 }, '10.0.0.2')).toEqual({ uri: 'tcp:10.0.0.2:4444', listenUri: 'tcp:0.0.0.0:4444', cookie: 1 });
    expect(rewriteMigrationUri({ uri: 'tcp:0.0.0.0:5' }, 'host.example')).toEqual({ uri: 'tcp:host.example:5' });
    expect(rewriteMigrationUri({ uri: 'tcp:[::]:5' }, 'fd00::2')).toEqual({ uri: 'tcp:[fd00::2]:5' });
    expect(rewriteMigrationUri({ uri: 'tcp:192.168.1.9:5' }, 'h')).toEqual({ uri: 'tcp:192.168.1.9:5' });
    expect(rewriteMigrationUri({ uri: 'unix:/run/x.sock' }, 'h')).toEqual({ uri: 'unix:/run/x.sock' });
    expect(rewriteMigrationUri({ uri: 'tcp:0.0.0.0:5' }, undefined)).toEqual({ uri: 'tcp:0.0.0.0:5' });
  });
});

describe.skipIf(unavailable !== undefined)('KVM driver over SSH: two namespace hosts, host-to-host live migration', { timeout: 240_000 }, () => {
  let lab: NetnsLab;
  let A: LabHost;
  let B: LabHost;
  let serialLog: string;
  const conns: Connection[] = [];
  const name = 'pvssh-mig';
  const open = async (h: LabHost) => {
    const c = await openConnection(h.uri(), { drivers: [remoteDriver], timeoutMs: 60_000 });
    conns.push(c);
    return c;
  };
  let connA: Connection;
  let connB: Connection;
  let onB: Domain | undefined;

  beforeAll(async () => {
    ensureGuest();
    lab = new NetnsLab();
    try {
      [A, B] = (await lab.setup(['a', 'b'])) as [LabHost, LabHost];
    } catch (err) {
      lab.teardown();
      throw err;
    }
    serialLog = join(lab.dir, `${name}.serial.log`);
  }, 600_000);

  afterAll(async () => {
    for (const c of conns.splice(0)) await c.close().catch(() => undefined);
    if (!lab) return;
    killQemusMentioning(lab.dir);
    lab.teardown();
    // Everything is gone: QEMUs, sshds and agents, namespaces, veths, temp dir.
    expect(qemuPidsMentioning(lab.dir)).toEqual([]);
    expect(lab.anyNamespaceLeft()).toBe(false);
    expect(existsSync(lab.dir)).toBe(false);
    expect(() => execFileSync('ip', ['link', 'show', lab.vethHost], { stdio: 'ignore' })).toThrow();
  }, 60_000);

  it('defines and starts the real test guest on host A over SSH, and talks to its console', async () => {
    connA = await open(A);
    connB = await open(B);
    expect(connA.driverConnection<RemoteDriverConnection>().server).toMatchObject({ driver: 'kvm', uri: A.kvmUri });
    expect(connB.driverConnection<RemoteDriverConnection>().server).toMatchObject({ driver: 'kvm', uri: B.kvmUri });
    const events: string[] = [];
    connA.onEvent((e: PolyvisorEvent) => e.kind === 'domain' && events.push(`${e.type}/${e.detail}`), { domain: name });
    const dom = await connA.domains.define(consoleGuestXml(name, serialLog));
    await dom.start();
    expect(dom.state).toBe('running');
    await waitForMarker(serialLog, 90_000, READY);
    // QEMU runs inside host A's namespace, started by the agent that A's sshd ran.
    expect(qemusIn(A)).toHaveLength(1);
    expect(qemusIn(B)).toEqual([]);
    expect(await consoleRun(dom, 'echo before-migration > /tmp/marker; cat /tmp/marker')).toBe('before-migration');
    await expect.poll(() => events).toEqual(expect.arrayContaining(['defined/added', 'started/booted']));
  });

  it('live-migrates the guest from host A to host B, directly host to host; it keeps running with the same memory', async () => {
    const dom = await connA.domains.lookup(name);
    const bootId = await consoleRun(dom, 'cat /proc/sys/kernel/random/boot_id');
    expect(bootId).toMatch(/^[0-9a-f-]{36}$/);
    const eventsB: string[] = [];
    connB.onEvent((e: PolyvisorEvent) => e.kind === 'domain' && eventsB.push(`${e.type}/${e.detail}`), { domain: name });
    // Record what the destination's prepare step hands to the source (core looks the method up per call).
    const domainsB = connB.driverConnection<RemoteDriverConnection>().domains as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const prepare = domainsB.migratePrepare!;
    let prepared: { uri?: string; listenUri?: string } | undefined;
    domainsB.migratePrepare = async (...a: unknown[]) => (prepared = (await prepare(...a)) as typeof prepared);
    const phases: string[] = [];
    let last: MigrationProgress | undefined;
    const t0 = Date.now();
    onB = await dom.migrate(connB, { onProgress: (p) => (phases.push(p.phase), (last = p)) });
    const wall = Date.now() - t0;
    domainsB.migratePrepare = prepare;
    // B's QEMU listened on every address; the source was told B's SSH address (A's loopback has nothing).
    expect(prepared?.listenUri).toMatch(/^tcp:0\.0\.0\.0:\d+$/);
    expect(prepared?.uri).toBe(`tcp:${B.addr}:${prepared!.listenUri!.split(':')[2]}`);
    expect(onB.state).toBe('running');
    expect(phases[0]).toBe('begin');
    expect(phases).toContain('active');
    expect(phases.at(-1)).toBe('completed');
    expect(last!.totalTimeMs).toBeGreaterThan(0);
    console.log(`host A → host B over SSH: QEMU total ${last!.totalTimeMs} ms, downtime ${last!.downtimeMs} ms, transferred ${last!.transferredBytes} bytes, wall ${wall} ms`);
    // The guest now lives in B's namespace; A's QEMU is gone.
    await expect.poll(() => qemusIn(A), { timeout: 10_000 }).toEqual([]);
    expect(qemusIn(B)).toHaveLength(1);
    expect((await connA.domains.lookup(name)).state).toBe('shutoff');
    // Same running guest: same boot id, the file written before the switch is still in its RAM-backed /tmp,
    // the serial log (appended by both QEMUs) shows one boot, and its CPU time keeps growing.
    expect(await consoleRun(onB, 'cat /proc/sys/kernel/random/boot_id')).toBe(bootId);
    expect(await consoleRun(onB, 'cat /tmp/marker')).toBe('before-migration');
    expect(readFileSync(serialLog, 'utf8').split(READY).length - 1).toBe(1);
    const c1 = (await onB.getInfo()).cpuTime;
    // An idle guest burns little CPU and /proc counts in 10 ms ticks: give it a few seconds to move.
    await expect.poll(async () => (await onB!.getInfo()).cpuTime, { timeout: 15_000, interval: 250 }).toBeGreaterThan(c1);
    await expect.poll(() => eventsB).toEqual(expect.arrayContaining(['started/migrated', 'resumed/migrated']));
  });

  it('cutting the SSH link mid-call rejects with CONNECT_FAILED; the guest keeps running on host B and reconnecting reattaches it', async () => {
    expect(onB).toBeDefined();
    const dcB = connB.driverConnection<RemoteDriverConnection>();
    const qemu = qemusIn(B);
    expect(qemu).toHaveLength(1);
    const c0 = (await onB!.getInfo()).cpuTime;
    // Freeze B's agent so a KVM call stays pending, then kill the per-connection sshd processes.
    const agents = B.pidsMatching('agent --stdio');
    expect(agents.length).toBeGreaterThan(0);
    for (const p of agents) process.kill(p, 'SIGSTOP');
    const pending = onB!.getInfo({ timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    for (const p of B.sessionPids()) process.kill(p, 'SIGKILL');
    const e = await failure(pending);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(e.code).toBe(ErrorCode.CONNECT_FAILED);
    expect(e.message).toMatch(/lost/);
    expect((await failure(onB!.refresh())).code).toBe(ErrorCode.CONNECT_FAILED);
    for (const p of agents) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    // The guest is unharmed: same QEMU, still in B's namespace.
    expect(qemusIn(B)).toEqual(qemu);
    // Reconnect: a new agent reattaches the running guest.
    await dcB.reconnect();
    await onB!.refresh();
    expect(onB!.state).toBe('running');
    await expect.poll(async () => (await onB!.getInfo()).cpuTime, { timeout: 15_000, interval: 250 }).toBeGreaterThan(c0);
    expect(await consoleRun(onB!, 'cat /tmp/marker')).toBe('before-migration');
    expect(readFileSync(serialLog, 'utf8').split(READY).length - 1).toBe(1);
    // Clean up through the remote connections.
    await onB!.destroy();
    await expect.poll(() => qemusIn(B), { timeout: 10_000 }).toEqual([]);
    await (await connA.domains.lookup(name)).undefine();
  });

  it('uploads and downloads a storage volume over SSH with progress', async () => {
    const c = await open(A);
    const pool = await c.storagePools.define(`<pool type='dir'><name>sshpool</name><target><path>${lab.dir}/sshpool</path></target></pool>`);
    await pool.build();
    await pool.start();
    const vol = await pool.createVolume(`<volume><name>blob.raw</name><capacity unit='MiB'>4</capacity><target><format type='raw'/></target></volume>`);
    try {
      const data = randomBytes(3 * 1024 * 1024 + 5);
      const progress: number[] = [];
      await vol.upload(Readable.from([data]), { onProgress: (p) => progress.push(p.bytes) });
      expect(progress.at(-1)).toBe(data.length);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      // The far host's file (same filesystem here) holds the bytes.
      expect(readFileSync(vol.path).subarray(0, data.length).equals(data)).toBe(true);
      const chunks: Buffer[] = [];
      for await (const ch of await vol.download({ length: data.length })) chunks.push(Buffer.from(ch as Uint8Array));
      expect(Buffer.concat(chunks).equals(data)).toBe(true);
    } finally {
      await vol.delete().catch(() => undefined);
      await pool.destroy().catch(() => undefined);
      await pool.undefine().catch(() => undefined);
    }
  });

  // Core's driver conformance suite, against the KVM driver on host A, over SSH.
  const confSerial = (n: string) => join(lab.dir, `${n.replace(/[^\w.-]/g, '_')}.conf.serial`);
  describeDriverConformance({
    name: 'kvm over SSH (real QEMU inside a namespace host)',
    open: () => openConnection(A.uri(), { drivers: [remoteDriver], timeoutMs: 60_000 }),
    domainXml: (n) => guestDomainXml(n, { serialLog: confSerial(n) }),
    waitUntilReady: (_c, d) => waitForMarker(confSerial(d.name)),
    networkXml: (n) => {
      const k = Math.floor(Math.random() * 200) + 1;
      return `<network><name>${n}</name><forward mode='nat'/><ip address='10.78.${k}.1' netmask='255.255.255.0'><dhcp><range start='10.78.${k}.2' end='10.78.${k}.9'/></dhcp></ip></network>`;
    },
    poolXml: (n) => `<pool type='dir'><name>${n}</name><target><path>${lab.dir}/pools/${n}</path></target></pool>`,
    timeoutMs: 120_000,
    prefix: 'ks',
    skip: ['snapshots'],
  });
});
