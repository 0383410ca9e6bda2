/**
 * Integration suite against a real Xen 4.17 booted under QEMU (TCG):
 * `pnpm test:xen`. Not part of the default `pnpm test` (file suffix). The
 * host is booted once for the run by scripts/xen-host/global-setup.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection, parseDomainXml, type Connection } from '@polyvisor/core';
import { xenDriver } from '../src/index.js';
import { GUEST_DIR, hostRunner, onHost, xenHost } from './fixtures/xen-guest.js';
import { selfCheck } from './fixtures/self-check.js';

const T = { timeoutMs: 300_000 };
const REPO = join(__dirname, '../../..');

/**
 * Runs a TypeScript entry point through tsx as a process of its own; its exit
 * code and output. `configHome` (XDG_CONFIG_HOME) takes the definitions a
 * `xen+ssh://` connection keeps on the manager's side.
 */
function tsxProcess(args: string[], configHome: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const c = spawn(process.execPath, [join(REPO, 'node_modules/tsx/dist/cli.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XDG_CONFIG_HOME: configHome } });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    c.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    c.once('error', rej);
    c.once('close', (code) => res({ code, stdout, stderr }));
  });
}
const log = (m: string) => console.log(`[xen-real] ${m}`);

/** A 128 MiB busybox PV guest (the test guest's kernel + initramfs, inside dom0). */
function guestXml(name: string, uuid?: string): string {
  return `<domain type='xen'>
  <name>${name}</name>${uuid ? `\n  <uuid>${uuid}</uuid>` : ''}
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='xenpv'>linux</type>
    <kernel>/var/lib/polyvisor-guest/vmlinuz</kernel>
    <initrd>/var/lib/polyvisor-guest/initrd.img</initrd>
    <cmdline>console=hvc0 quiet cryptomgr.notests</cmdline>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <interface type='bridge'>
      <mac address='00:16:3e:5a:00:01'/>
      <source bridge='xenbr0'/>
    </interface>
    <console type='pty'><target type='xen' port='0'/></console>
  </devices>
</domain>`;
}

describe('Xen driver on real Xen (QEMU/TCG)', () => {
  let conn: Connection;
  let stateDir: string;
  const host = xenHost();

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'polyvisor-xen-state-'));
    const t0 = Date.now();
    conn = await openConnection(host.uri, { drivers: [xenDriver], driverOptions: { stateDir, pollIntervalMs: 1000 }, timeoutMs: 300_000 });
    log(`openConnection: ${Date.now() - t0} ms`);
  });

  afterAll(async () => {
    await conn?.close().catch(() => undefined);
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('reports host info and capabilities from xl info', async () => {
    const info = await conn.host.info(T);
    expect(info.cpus).toBe(2);
    expect(info.memory).toBeGreaterThan(900 * 1024);
    const caps = await conn.host.capabilities(T);
    expect(caps.guests.map((g) => g.osType)).toContain('xen');
    expect((caps.host.xen as { version: string }).version).toMatch(/^4\.17/);
    expect(await conn.host.hostname(T)).toBe('xen-host');
  });

  it('defines, starts, lists, shuts down, destroys and undefines a PV guest', async () => {
    const dom = await conn.domains.define(guestXml('pvtest1'), T);
    expect(dom.toJSON().state).toBe('shutoff');
    const events: string[] = [];
    const stopEvents = conn.onEvent((ev) => events.push(`${ev.type}/${'detail' in ev ? ev.detail : ''}`), { domain: 'pvtest1' });

    let t0 = Date.now();
    await dom.start(T);
    log(`start (xl create, 128 MiB PV): ${Date.now() - t0} ms`);
    const listed = await conn.domains.list(T);
    expect(listed.map((d) => d.name)).toContain('pvtest1');
    const info = await dom.getInfo(T);
    expect(info.state).toBe('running');
    expect(info.memory).toBe(128 * 1024);
    expect(info.vcpus).toBe(1);
    expect((await dom.refresh(T)).toJSON().id).toBeGreaterThan(0);

    // Let the guest's kernel come up far enough to honour a PV shutdown request.
    await new Promise((r) => setTimeout(r, 20_000));
    t0 = Date.now();
    await dom.shutdown({ wait: true, timeoutMs: 300_000 });
    log(`shutdown --wait: ${Date.now() - t0} ms`);
    expect((await dom.getState(T)).state).toBe('shutoff');

    await dom.start(T);
    t0 = Date.now();
    await dom.destroy(T);
    log(`destroy: ${Date.now() - t0} ms`);
    expect((await dom.getState(T)).state).toBe('shutoff');
    await dom.undefine(T);
    expect((await conn.domains.list(T)).map((d) => d.name)).not.toContain('pvtest1');
    stopEvents();
    log(`events: ${events.join(', ')}`);
    expect(events).toContain('started/booted');
    expect(events).toContain('stopped/destroyed');
  });

  it('self-check: xl -N create of our xl.cfg equals our libxl JSON renderer', async () => {
    const spec = parseDomainXml(guestXml('pvcheck', '0b4b1f4e-6a7c-4f7e-9a43-2f3c9b1e5d01'));
    expect(spec.os.type).toBe('linux');
    const runner = hostRunner();
    try {
      log(`self-check known differences: ${(await selfCheck(runner, spec)).join('; ')}`);
    } finally {
      await runner.close();
    }
  });

  it('the polyvisor CLI (as a process) drives the same host: list, domxml-to-native xen-xl / xen-libxl-json, domxml-from-native', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polyvisor-xen-cli-'));
    const cli = (...args: string[]) => tsxProcess(['--tsconfig', join(REPO, 'packages/cli/tsconfig.json'), join(REPO, 'packages/cli/src/bin.ts'), '-c', host.uri, ...args], dir);
    try {
      writeFileSync(join(dir, 'pv.xml'), guestXml('clipv', '3e1c2b7a-0d4f-4a8b-9c2e-6f5a4b3c2d1e'));
      const list = await cli('list', '--all');
      expect(list.stderr).toBe('');
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/^ Id +Name +State\n/);
      const cfg = await cli('domxml-to-native', 'xen-xl', join(dir, 'pv.xml'));
      expect(cfg.code).toBe(0);
      expect(cfg.stdout).toContain('name = "clipv"');
      expect(cfg.stdout).toContain('kernel = "/var/lib/polyvisor-guest/vmlinuz"');
      const json = await cli('domxml-to-native', 'xen-libxl-json', join(dir, 'pv.xml'));
      expect(json.code).toBe(0);
      expect((JSON.parse(json.stdout) as { c_info: { name: string; type: string } }).c_info).toMatchObject({ name: 'clipv', type: 'pv' });
      writeFileSync(join(dir, 'pv.cfg'), cfg.stdout);
      const back = await cli('domxml-from-native', 'xen-xl', join(dir, 'pv.cfg'));
      expect(back.code).toBe(0);
      expect(back.stdout).toContain('<name>clipv</name>');
      expect(back.stdout).toContain('<uuid>3e1c2b7a-0d4f-4a8b-9c2e-6f5a4b3c2d1e</uuid>');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('examples/xen-guest.ts (as a process, on the built packages) runs its tour on this host and leaves nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polyvisor-xen-example-'));
    const runner = hostRunner();
    const domains = async () => (await onHost(runner, ['xl', 'list'])).split('\n').slice(1).map((l) => l.split(/\s+/)[0]).filter(Boolean).sort();
    try {
      const before = await domains();
      const t0 = Date.now();
      const r = await tsxProcess([join(REPO, 'examples/xen-guest.ts'), host.uri, `${GUEST_DIR}/vmlinuz`, `${GUEST_DIR}/initrd.img`], dir);
      log(`examples/xen-guest.ts: ${Date.now() - t0} ms, exit ${r.code}`);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      for (const step of [/started \(xl create\) in \d+ ms: domid \d+/, /booted after/, /paused: paused/, /migrated in \d+ ms: domid \d+ → \d+, running/, /after shutdown: shutoff/, /undefined: done/]) {
        expect(r.stdout).toMatch(step);
      }
      expect(await domains()).toEqual(before);
    } finally {
      await runner.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
