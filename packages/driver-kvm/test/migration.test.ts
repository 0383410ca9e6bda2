/**
 * Live migration, save/restore and managed save on real QEMU (TCG) with the
 * tiny test guest, between two `qemu:///embed` roots on this machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, truncateSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection, PolyvisorError, type Connection, type Domain, type MigrationProgress } from '@polyvisor/core';
import { kvmDriver, type KvmConnection } from '../src/index.js';
import { ensureGuest, guestDomainXml, killQemusMentioning, qemuPidsMentioning, repoRoot, waitForMarker } from './fixtures/guest.js';

const base = mkdtempSync(join(tmpdir(), 'pv-mig-'));
const rootA = join(base, 'A');
const rootB = join(base, 'B');
const open = (root: string) => openConnection(`qemu:///embed?root=${root}`, { drivers: [kvmDriver], driverOptions: { autostart: false } });
const serial = (name: string) => join(base, `${name}.serial.log`);

async function agentRun(conn: Connection, dom: Domain, script: string): Promise<string> {
  const agent = await conn.driverConnection<KvmConnection>().domains.guestAgent({ name: dom.name, uuid: dom.uuid }, { signal: AbortSignal.timeout(30_000) });
  try {
    const r = await agent.run('/bin/busybox', ['sh', '-c', script]);
    return r.stdout ?? '';
  } finally {
    await agent.close();
  }
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    if (!(err instanceof PolyvisorError)) throw err;
    return err.code;
  }
}

describe('KVM migration and save/restore (real QEMU, TCG)', { timeout: 180_000 }, () => {
  let A: Connection;
  let B: Connection;
  beforeAll(async () => {
    ensureGuest();
    A = await open(rootA);
    B = await open(rootB);
  }, 600_000);
  afterAll(async () => {
    await A?.close();
    await B?.close();
    killQemusMentioning(base);
    rmSync(base, { recursive: true, force: true });
  });

  it('live-migrates a running guest A→B over TCP and back over a unix socket; the guest keeps its memory', async () => {
    const name = 'mig-vm';
    const dom = await A.domains.define(guestDomainXml(name, { serialLog: serial(name) }));
    await dom.start();
    await waitForMarker(serial(name));
    const bootId = (await agentRun(A, dom, 'cat /proc/sys/kernel/random/boot_id')).trim();
    await agentRun(A, dom, 'echo before-migration > /tmp/marker');
    const phases: string[] = [];
    let last: MigrationProgress | undefined;
    const t0 = Date.now();
    const onB = await dom.migrate(B, { persistent: true, undefineSource: true, onProgress: (p) => { phases.push(p.phase); last = p; } });
    const wall = Date.now() - t0;
    expect(onB.state).toBe('running');
    expect(phases[0]).toBe('begin');
    expect(phases).toContain('prepare');
    expect(phases.at(-1)).toBe('completed');
    expect(last!.totalTimeMs).toBeGreaterThan(0);
    expect(last!.downtimeMs).toBeGreaterThanOrEqual(0);
    console.log(`migration A→B: QEMU total ${last!.totalTimeMs} ms, downtime ${last!.downtimeMs} ms, wall ${wall} ms`);
    // Same guest: same boot id, and the file written before the switch is still in its RAM-backed /tmp.
    expect((await agentRun(B, onB, 'cat /proc/sys/kernel/random/boot_id')).trim()).toBe(bootId);
    expect(await agentRun(B, onB, 'cat /tmp/marker')).toBe('before-migration\n');
    expect(await code(A.domains.lookup(name))).toBe('NO_DOMAIN');
    expect(qemuPidsMentioning(rootA)).toEqual([]);
    expect((await B.domains.lookup(name)).persistent).toBe(true);

    // Back again over a unix socket the destination listens on.
    const back = await onB.migrate(A, { uri: `unix:${join(base, 'mig.sock')}` });
    expect(back.state).toBe('running');
    expect((await agentRun(A, back, 'cat /proc/sys/kernel/random/boot_id')).trim()).toBe(bootId);
    expect(back.persistent).toBe(false);
    const stillB = await B.domains.lookup(name);
    expect(stillB.state).toBe('shutoff');
    await back.destroy();
    await stillB.undefine();
  });

  it('aborting mid-migration leaves the guest running on the source and nothing on the destination', async () => {
    const name = 'abort-vm';
    const dom = await A.domains.define(guestDomainXml(name, { serialLog: serial(name) }));
    await dom.start();
    await waitForMarker(serial(name));
    const ac = new AbortController();
    const p = dom.migrate(B, { bandwidthMiBs: 1, signal: ac.signal, onProgress: (x) => x.phase === 'active' && (x.transferredBytes ?? 0) > 0 && ac.abort() });
    expect(await code(p)).toBe('ABORTED');
    await dom.refresh();
    expect(dom.state).toBe('running');
    expect(await agentRun(A, dom, 'echo alive')).toBe('alive\n');
    expect(await code(B.domains.lookup(name))).toBe('NO_DOMAIN');
    expect(qemuPidsMentioning(join(rootB, 'run'))).toEqual([]);
    await dom.destroy();
    await dom.undefine();
  });

  it('a destination that refuses the definition leaves the source untouched', async () => {
    const name = 'refuse-vm';
    const dom = await A.domains.define(guestDomainXml(name, { serialLog: serial(name) }));
    // B already has a different domain of the same name.
    const clash = await B.domains.define(guestDomainXml(name, { serialLog: serial(`${name}-b`) }));
    await dom.start();
    expect(await code(dom.migrate(B))).toBe('DUPLICATE');
    await dom.refresh();
    expect(dom.state).toBe('running');
    expect((await B.domains.lookup(name)).uuid).toBe(clash.uuid);
    expect(qemuPidsMentioning(join(rootB, 'run'))).toEqual([]);
    await dom.destroy();
    await dom.undefine();
    await clash.undefine();
  });

  it('after the migrating manager is SIGKILLed, the next manager finds exactly one running copy', async () => {
    const name = 'crash-mig-vm';
    const dom = await A.domains.define(guestDomainXml(name, { serialLog: serial(name) }));
    await dom.start();
    await waitForMarker(serial(name));
    await A.close(); // hand the source monitor to the other manager
    await B.close();
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures/manager.ts'), rootA, 'migrate', name, rootB], {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: repoRoot,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'packages/driver-kvm/tsconfig.json') },
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!/progress [1-9]/.test(out) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    expect(out).toMatch(/progress [1-9]/);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    A = await open(rootA);
    B = await open(rootB);
    // Give the orphaned source QEMU a moment to notice its destination is gone.
    const until = Date.now() + 30_000;
    let running: string[] = [];
    while (Date.now() < until) {
      const a = (await A.domains.list({ active: true })).filter((d) => d.name === name && d.state === 'running').map(() => 'A');
      const b = (await B.domains.list({ active: true })).filter((d) => d.name === name && d.state === 'running').map(() => 'B');
      running = [...a, ...b];
      if (running.length === 1 && qemuPidsMentioning(base).length === 1) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(running).toHaveLength(1);
    expect(qemuPidsMentioning(base)).toHaveLength(1);
    const survivor = running[0] === 'A' ? await A.domains.lookup(name) : await B.domains.lookup(name);
    expect(await agentRun(running[0] === 'A' ? A : B, survivor, 'echo alive')).toBe('alive\n');
    await survivor.destroy();
    await (await A.domains.lookup(name)).undefine();
  });

  it('saves to a file and restores with the same guest state; bad files start nothing', async () => {
    const name = 'save-vm';
    const dom = await A.domains.define(guestDomainXml(name, { serialLog: serial(name) }));
    await dom.start();
    await waitForMarker(serial(name));
    const bootId = (await agentRun(A, dom, 'cat /proc/sys/kernel/random/boot_id')).trim();
    const events: string[] = [];
    const stop = A.onEvent((e) => e.kind === 'domain' && events.push(`${e.type}/${e.detail}`), { domain: name });
    const file = join(base, 'save-vm.img');
    const t0 = Date.now();
    await dom.save(file);
    console.log(`save: ${Date.now() - t0} ms, ${statSync(file).size} bytes`);
    expect(dom.state).toBe('shutoff');
    expect(qemuPidsMentioning(join(rootA, 'run', 'qemu', name))).toEqual([]);
    const t1 = Date.now();
    const restored = await A.domains.restore(file);
    console.log(`restore: ${Date.now() - t1} ms`);
    expect(restored.state).toBe('running');
    expect((await agentRun(A, restored, 'cat /proc/sys/kernel/random/boot_id')).trim()).toBe(bootId);
    stop();
    expect(events).toEqual(['stopped/saved', 'started/restored']);
    await restored.destroy();

    // Truncated stream: QEMU fails to load it; nothing is left running.
    const cut = join(base, 'cut.img');
    writeFileSync(cut, readFileSync(file).subarray(0, Math.floor(statSync(file).size / 2)));
    expect(await code(A.domains.restore(cut))).toBe('HYPERVISOR_ERROR');
    expect(qemuPidsMentioning(join(rootA, 'run', 'qemu', name))).toEqual([]);
    expect((await A.domains.lookup(name)).state).toBe('shutoff');
    // Not a save file at all.
    const junk = join(base, 'junk.img');
    writeFileSync(junk, 'hello');
    expect(await code(A.domains.restore(junk))).toBe('INVALID_ARG');
    truncateSync(cut, 10);
    expect(await code(A.domains.restore(cut))).toBe('INVALID_ARG');
    expect(await code(A.domains.restore(join(base, 'missing.img')))).toBe('INVALID_ARG');
    await (await A.domains.lookup(name)).undefine();
  });

  it('the CLI migrates, saves and restores (virsh syntax)', async () => {
    const { runCli } = await import('../../cli/src/index.js');
    const { testDriver } = await import('@polyvisor/core');
    const cli = async (...argv: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(argv, { drivers: [testDriver, kvmDriver], env: {}, io: { stdout: (s) => (out += s), stderr: (s) => (err += s) } });
      return { code, out, err };
    };
    const name = 'cli-mig-vm';
    await A.domains.define(guestDomainXml(name, { serialLog: serial(name) }));
    const uriA = `qemu:///embed?root=${rootA}`;
    const uriB = `qemu:///embed?root=${rootB}`;
    expect((await cli('-c', uriA, 'start', name)).code).toBe(0);
    await waitForMarker(serial(name));
    const m = await cli('-c', uriA, 'migrate', name, uriB, '--persistent', '--undefinesource', '--max-downtime', '300');
    expect(m.err).toBe('');
    expect(m.out).toMatch(new RegExp(`Domain '${name}' migrated to qemu:///embed\\?root=.*: total time \\d+ ms, downtime \\d+ ms`));
    const file = join(base, 'cli-save.img');
    expect((await cli('-c', uriB, 'save', name, file)).out).toBe(`Domain '${name}' saved to ${file}\n`);
    expect((await cli('-c', uriB, 'restore', file)).out).toBe(`Domain '${name}' restored from ${file}\n`);
    expect((await cli('-c', uriB, 'domstate', name)).out).toBe('running\n');
    expect((await cli('-c', uriB, 'destroy', name)).code).toBe(0);
    expect((await cli('-c', uriB, 'undefine', name)).code).toBe(0);
  });

  it('managed save: the next start restores the guest, then the image is gone', async () => {
    const name = 'msave-vm';
    const dom = await A.domains.define(guestDomainXml(name, { serialLog: serial(name) }));
    await dom.start();
    await waitForMarker(serial(name));
    const bootId = (await agentRun(A, dom, 'cat /proc/sys/kernel/random/boot_id')).trim();
    await dom.managedSave();
    expect(dom.state).toBe('shutoff');
    expect(await dom.hasManagedSave()).toBe(true);
    await dom.start();
    expect(dom.state).toBe('running');
    expect(dom.reason).toBe('restored');
    expect((await agentRun(A, dom, 'cat /proc/sys/kernel/random/boot_id')).trim()).toBe(bootId);
    expect(await dom.hasManagedSave()).toBe(false);
    await dom.destroy();
    // Removing the image makes the next start a fresh boot.
    await dom.start();
    await dom.managedSave();
    await dom.removeManagedSave();
    await dom.start();
    expect(dom.reason).toBe('booted');
    await dom.destroy();
    await dom.undefine();
    expect(existsSync(join(rootA, 'etc', 'qemu', 'data'))).toBe(true);
  });
});
