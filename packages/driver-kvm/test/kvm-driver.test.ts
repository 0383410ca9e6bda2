/**
 * The KVM driver on real QEMU (TCG) booting the tiny test guest: the core
 * conformance suite, plus supervision cases (re-attach after the manager is
 * SIGKILLed, QEMU killed from outside, racing managers, bad input).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection, PolyvisorError, type Connection, type PolyvisorEvent } from '@polyvisor/core';
import { describeDriverConformance } from '@polyvisor/core/testing';
import { kvmDriver, type KvmConnection } from '../src/index.js';
import { ensureGuest, guestDomainXml, killQemusMentioning, qemuPidsMentioning, repoRoot, waitForMarker } from './fixtures/guest.js';

const root = mkdtempSync(join(tmpdir(), 'pv-kvm-'));
const serial = (name: string) => join(root, `${name}.serial.log`);
const uri = `qemu:///embed?root=${root}`;
const open = () => openConnection(uri, { drivers: [kvmDriver], driverOptions: { autostart: false } });

// The conformance suite also creates networks: it runs in a network namespace of its own (QEMU, bridges,
// dnsmasq and nftables all live there) and under its own root.
const netns = `pvkvm${process.pid}`;
const confRoot = join(root, 'conf');
const openConf = () => openConnection(`qemu:///embed?root=${confRoot}`, { drivers: [kvmDriver], driverOptions: { autostart: false, netns } });

beforeAll(() => {
  ensureGuest();
  execFileSync('ip', ['netns', 'add', netns]);
  execFileSync('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', 'lo', 'up']);
}, 600_000);
afterAll(() => {
  killQemusMentioning(root);
  spawnSync('pkill', ['-f', `${confRoot}/run/network`]);
  spawnSync('ip', ['netns', 'del', netns]);
  rmSync(root, { recursive: true, force: true });
});

describeDriverConformance({
  name: 'kvm (real QEMU, TCG)',
  open: openConf,
  networkXml: (name) => {
    const n = Math.floor(Math.random() * 200) + 1;
    return `<network><name>${name}</name><forward mode='nat'/><ip address='10.77.${n}.1' netmask='255.255.255.0'><dhcp><range start='10.77.${n}.2' end='10.77.${n}.9'/></dhcp></ip></network>`;
  },
  poolXml: (name) => `<pool type='dir'><name>${name}</name><target><path>${confRoot}/pools/${name}</path></target></pool>`,
  domainXml: (name) => guestDomainXml(name, { serialLog: serial(name.replace(/[^\w.-]/g, '_')) }),
  waitUntilReady: (_conn, dom) => waitForMarker(serial(dom.name)),
  timeoutMs: 90_000,
  prefix: 'kc',
  // Internal snapshots need qcow2 disks, which the generic domain lacks: they run against real guests in
  // snapshots.test.ts (hotplug into the persistent definition runs here; live hotplug in hotplug.test.ts).
  skip: ['snapshots'],
});

function manager(action: string, name: string, arg?: string): { child: ChildProcess; output: Promise<string>; soFar: () => string } {
  // `node --import tsx` keeps the manager in one process, so SIGKILL really kills it (the tsx CLI would fork a child).
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures/manager.ts'), root, action, name, ...(arg ? [arg] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: repoRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'packages/driver-kvm/tsconfig.json') },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const output = new Promise<string>((resolve) => child.on('exit', () => resolve(out.trim())));
  return { child, output, soFar: () => out };
}

async function until(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('kvm driver supervision (real QEMU, TCG)', { timeout: 120_000 }, () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await open();
  });
  afterAll(async () => {
    await conn?.close();
  });

  it('boots the guest, answers through the real guest agent and powers off on ACPI', async () => {
    const name = 'agent-vm';
    const dom = await conn.domains.define(guestDomainXml(name, { serialLog: serial(name) }));
    const events: PolyvisorEvent[] = [];
    const stop = conn.onEvent((e) => events.push(e), { domain: name });
    await dom.start();
    await waitForMarker(serial(name));
    const agent = await conn.driverConnection<KvmConnection>().domains.guestAgent({ name: dom.name, uuid: dom.uuid }, { signal: AbortSignal.timeout(20_000) });
    try {
      await agent.ping();
      const info = await agent.info();
      expect(info.version).toMatch(/^\d+\.\d+/);
      const os = await agent.getOsInfo();
      expect(os['kernel-release']).toMatch(/cloud-amd64/);
      const ifs = await agent.networkGetInterfaces();
      expect(ifs.map((i) => i.name)).toContain('lo');
      const r = await agent.run('/bin/busybox', ['echo', 'hello from the guest']);
      expect(r.exitcode).toBe(0);
      expect(r.stdout).toBe('hello from the guest\n');
    } finally {
      await agent.close();
    }
    const live = await dom.getXML();
    expect(live).toContain(`id='${dom.id}'`);
    expect(live).toMatch(/<source mode='bind' path='[^']*qga\.sock'\/>/);
    await dom.shutdown({ wait: true, timeoutMs: 30_000 });
    expect(dom.state).toBe('shutoff');
    expect((await dom.getInfo()).reason).toBe('shutdown');
    stop();
    expect(events.map((e) => `${e.type}/${'detail' in e ? e.detail : ''}`)).toEqual(['started/booted', 'shutdown/guest', 'stopped/shutdown']);
    expect(qemuPidsMentioning(join(root, 'run', 'qemu', name))).toEqual([]);
    await dom.undefine();
  });

  it('reboots (ACPI turned into a reset), resets, balloons, reports stats and shuts down through the agent', async () => {
    const name = 'ops-vm';
    const dom = await conn.domains.define(guestDomainXml(name, { serialLog: serial(name) }));
    await dom.start();
    await waitForMarker(serial(name));
    const events: string[] = [];
    const stop = conn.onEvent((e) => e.kind === 'domain' && events.push(`${e.type}/${e.detail}`), { domain: name });
    // Reboot: the guest powers off on ACPI, QEMU stops, and the driver resets and resumes it.
    const before = readFileSync(serial(name), 'utf8').split('POLYVISOR-GUEST-READY').length;
    await dom.reboot();
    await until(() => readFileSync(serial(name), 'utf8').split('POLYVISOR-GUEST-READY').length > before, 60_000, 'the guest to boot again');
    await dom.refresh();
    expect(dom.state).toBe('running');
    expect(events).toContain('reboot/guest');
    // Hardware reset.
    const n2 = readFileSync(serial(name), 'utf8').split('POLYVISOR-GUEST-READY').length;
    await dom.reset();
    await until(() => readFileSync(serial(name), 'utf8').split('POLYVISOR-GUEST-READY').length > n2, 60_000, 'the guest to boot after reset');
    // Balloon to 100 MiB (FACTS: 64 MiB starves the agent) and read it back.
    await dom.setMemory(100 * 1024);
    const deadline = Date.now() + 20_000;
    let mem = 0;
    while (Date.now() < deadline && (mem = (await dom.getInfo()).memory) !== 100 * 1024) await new Promise((r) => setTimeout(r, 100));
    expect(mem).toBe(100 * 1024);
    expect(await dom.getXML()).toMatch(/<currentMemory unit='KiB'>102400<\/currentMemory>/);
    expect(await dom.getXML({ inactive: true })).toMatch(/<currentMemory unit='KiB'>131072<\/currentMemory>|<memory unit='KiB'>131072<\/memory>/);
    const st = await dom.getStats();
    expect(st.cpu!.time).toBeGreaterThan(0);
    expect(st.balloon).toEqual({ current: 100 * 1024, maximum: 128 * 1024 });
    expect(st.vcpus).toHaveLength(1);
    expect(st.vcpus![0]!.threadId).toBeGreaterThan(0);
    // One driver call for all (virConnectGetAllDomainStats): same content as the per-domain call.
    const bulk = (await conn.domains.getAllStats()).find((x) => x.name === name)!;
    expect(bulk.state.state).toBe('running');
    expect(bulk.cpu!.time).toBeGreaterThanOrEqual(st.cpu!.time);
    expect(bulk.balloon).toEqual(st.balloon);
    expect(bulk.vcpus).toEqual(st.vcpus);
    expect(bulk.block!.map((b) => b.name)).toEqual(st.block!.map((b) => b.name));
    expect((await conn.domains.getAllStats({ active: false })).map((x) => x.name)).not.toContain(name);
    // Shutdown through the guest agent.
    await dom.shutdown({ mode: 'agent', wait: true, timeoutMs: 60_000 });
    expect(dom.state).toBe('shutoff');
    stop();
    expect(events.slice(-2)).toEqual(['shutdown/guest', 'stopped/shutdown']);
    await dom.undefine();
  });

  it("boots a guest whose disk is a storage pool volume (<disk type='volume'>)", async () => {
    const pool = await conn.storagePools.define(`<pool type='dir'><name>vols</name><target><path>${root}/vols</path></target></pool>`);
    await pool.build();
    await pool.start();
    const vol = await pool.createVolume(`<volume><name>data.qcow2</name><capacity unit='MiB'>16</capacity><target><format type='qcow2'/></target></volume>`);
    const disk = (v: string) => `\n    <disk type='volume' device='disk'><driver name='qemu' type='qcow2'/><source pool='vols' volume='${v}'/><target dev='vda' bus='virtio'/></disk>`;
    const name = 'vol-vm';
    const dom = await conn.domains.define(guestDomainXml(name, { serialLog: serial(name), extraDevices: disk('data.qcow2') }));
    try {
      await dom.start();
      // The live XML keeps the pool/volume form; QEMU got the volume's file.
      expect(await dom.getXML()).toContain("<source pool='vols' volume='data.qcow2'/>");
      const pid = Number(readFileSync(join(root, 'run/qemu', name, 'qemu.pid'), 'utf8'));
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toContain(vol.path);
      await waitForMarker(serial(name));
      const agent = await conn.driverConnection<KvmConnection>().domains.guestAgent({ name: dom.name, uuid: dom.uuid }, { signal: AbortSignal.timeout(20_000) });
      try {
        expect((await agent.run('/bin/busybox', ['cat', '/proc/partitions'])).stdout).toMatch(/\bvda\b/);
      } finally {
        await agent.close();
      }
      await dom.destroy();
      // A volume that does not exist: a typed error and no QEMU.
      const bad = await conn.domains.define(guestDomainXml('vol-bad-vm', { serialLog: serial('vol-bad-vm'), extraDevices: disk('missing.qcow2') }));
      const e = (await bad.start().catch((x: unknown) => x)) as PolyvisorError;
      expect(e.code).toBe('NO_STORAGE_VOL');
      expect(qemuPidsMentioning(join(root, 'run', 'qemu', 'vol-bad-vm'))).toEqual([]);
      await bad.undefine();
    } finally {
      await dom.refresh().then(() => (dom.active ? dom.destroy() : undefined)).catch(() => undefined);
      await dom.undefine().catch(() => undefined);
      await vol.delete().catch(() => undefined);
      await pool.destroy().catch(() => undefined);
      await pool.undefine().catch(() => undefined);
    }
  });

  it('reports QEMU killed from outside as a crash and shuts the domain off', async () => {
    const name = 'killed-vm';
    const dom = await conn.domains.define(guestDomainXml(name, { serialLog: serial(name) }));
    await dom.start();
    const pid = Number(readFileSync(join(root, 'run/qemu', name, 'qemu.pid'), 'utf8'));
    const sub = conn.events({ domain: name, types: ['stopped'], signal: AbortSignal.timeout(20_000) });
    process.kill(pid, 'SIGKILL');
    const ev = (await sub.next()).value as PolyvisorEvent;
    sub.close();
    expect(ev).toMatchObject({ kind: 'domain', type: 'stopped', detail: 'crashed' });
    await dom.refresh();
    expect(dom.state).toBe('shutoff');
    expect(dom.reason).toBe('crashed');
    expect(existsSync(join(root, 'run/qemu', `${name}.status.json`))).toBe(false);
    await dom.undefine();
  });

  it('bulk stats leave out the groups of a QEMU whose monitor does not answer (SIGSTOPped); per-domain stats time out', async () => {
    const names = ['stats-ok-vm', 'stats-frozen-vm'];
    const doms = [];
    for (const n of names) {
      const d = await conn.domains.define(guestDomainXml(n, { serialLog: serial(n) }));
      await d.start();
      doms.push(d);
    }
    const pid = Number(readFileSync(join(root, 'run/qemu', names[1]!, 'qemu.pid'), 'utf8'));
    process.kill(pid, 'SIGSTOP');
    try {
      const all = await conn.domains.getAllStats({ timeoutMs: 30_000 });
      const ok = all.find((s) => s.name === names[0])!;
      const frozen = all.find((s) => s.name === names[1])!;
      expect(ok.vcpus).toHaveLength(1);
      expect(ok.balloon).toBeDefined();
      // The frozen one: state and host-side CPU time only, no monitor groups.
      expect(frozen.state.state).toBe('running');
      expect(frozen.cpu).toBeDefined();
      expect(frozen.vcpus).toBeUndefined();
      expect(frozen.block).toBeUndefined();
      const err = (await doms[1]!.getStats().catch((e: unknown) => e)) as PolyvisorError;
      expect(err).toBeInstanceOf(PolyvisorError);
      expect(err.code).toBe('TIMEOUT');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // Once it runs again, its monitor answers as before.
    expect((await doms[1]!.getStats()).vcpus).toHaveLength(1);
    for (const d of doms) {
      await d.destroy();
      await d.undefine();
    }
  });

  it('rejects a disk that does not exist before QEMU runs, and reports QEMU start errors in its own words', async () => {
    const name = 'bad-disk-vm';
    const xml = guestDomainXml(name, { serialLog: serial(name), extraDevices: `\n    <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${root}/missing.img'/><target dev='vda' bus='virtio'/></disk>` });
    const dom = await conn.domains.define(xml);
    const err = (await dom.start().catch((e: unknown) => e)) as PolyvisorError;
    expect(err).toBeInstanceOf(PolyvisorError);
    expect(err.code).toBe('INVALID_ARG');
    expect(err.message).toContain(`${root}/missing.img`);
    expect(qemuPidsMentioning(join(root, 'run', 'qemu', name))).toEqual([]);
    await dom.undefine();

    // A machine type this QEMU does not have: QEMU itself refuses, and says why.
    const bad = await conn.domains.define(guestDomainXml('bad-machine-vm', { serialLog: serial('bad-machine-vm'), machine: 'pc-i440fx-99.0' }));
    const err2 = (await bad.start().catch((e: unknown) => e)) as PolyvisorError;
    expect(err2.code).toBe('HYPERVISOR_ERROR');
    expect(err2.message).toMatch(/unsupported machine type|pc-i440fx-99\.0/);
    expect(qemuPidsMentioning(join(root, 'run', 'qemu', 'bad-machine-vm'))).toEqual([]);
    await bad.refresh();
    expect(bad.state).toBe('shutoff');
    await bad.undefine();
  });

  it('re-attaches after the managing process is SIGKILLed mid-start, and finishes the start', async () => {
    const name = 'midstart-vm';
    const xmlFile = join(root, `${name}.xml`);
    writeFileSync(xmlFile, guestDomainXml(name, { serialLog: serial(name) }));
    await conn.domains.define(readFileSync(xmlFile, 'utf8'));
    const m = manager('start', name);
    const pidfile = join(root, 'run/qemu', name, 'qemu.pid');
    await until(() => existsSync(pidfile) && readFileSync(pidfile, 'utf8').trim() !== '', 30_000, 'QEMU pidfile');
    // QEMU writes its pidfile before it creates the monitor, so the manager cannot have sent `cont` yet.
    m.child.kill('SIGKILL');
    await m.output;
    // The manager died before it resumed the vCPUs: the status file says so, and parses.
    const status = JSON.parse(readFileSync(join(root, 'run/qemu', `${name}.status.json`), 'utf8')) as { phase: string };
    expect(status.phase).toBe('starting');
    const c2 = await open();
    try {
      const dom = await c2.domains.lookup(name);
      expect(dom.state).toBe('running');
      await waitForMarker(serial(name));
      await dom.destroy();
      expect(qemuPidsMentioning(join(root, 'run', 'qemu', name))).toEqual([]);
      await dom.undefine();
    } finally {
      await c2.close();
    }
  });

  it('re-attaches after the managing process is SIGKILLed mid-shutdown; no guest lost, no corrupt state', async () => {
    const name = 'midshut-vm';
    const dom = await conn.domains.define(guestDomainXml(name, { serialLog: serial(name) }));
    await dom.start();
    await waitForMarker(serial(name));
    await conn.close(); // hand the monitor to the other manager
    const m = manager('shutdown', name);
    await until(() => m.soFar().includes('sent') || m.child.exitCode !== null, 60_000, 'the other manager to send the power-off');
    expect(m.soFar()).toContain('sent');
    m.child.kill('SIGKILL');
    await m.output;
    const statusFile = join(root, 'run/qemu', `${name}.status.json`);
    if (existsSync(statusFile)) JSON.parse(readFileSync(statusFile, 'utf8')); // parses: not half-written
    conn = await open();
    const d2 = await conn.domains.lookup(name);
    // Either the guest already powered off, or it is finishing: both end shut off, with no QEMU left.
    await until(() => qemuPidsMentioning(join(root, 'run', 'qemu', name)).length === 0, 30_000, 'QEMU to exit');
    await d2.refresh();
    expect(d2.state).toBe('shutoff');
    await d2.undefine();
    expect(readdirSync(join(root, 'run/qemu')).filter((f) => f.startsWith(name))).toEqual([]);
  });

  it('lets only one of two racing managers start a domain', async () => {
    const name = 'race-vm';
    await conn.domains.define(guestDomainXml(name, { serialLog: serial(name) }));
    const a = manager('start', name);
    const b = manager('start', name);
    const outs = [await a.output, await b.output].sort();
    expect(outs[0]).toMatch(/^error OPERATION_INVALID .*already running|^error RESOURCE_BUSY/);
    expect(outs[1]).toBe('ok');
    expect(qemuPidsMentioning(join(root, 'run', 'qemu', name))).toHaveLength(1);
    const dom = await conn.domains.lookup(name);
    expect(dom.state).toBe('running');
    await dom.destroy();
    await dom.undefine();
  });
});
