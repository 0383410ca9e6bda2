import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openConnection, testDriver, type Connection } from '@polyvisor/core';
import { runCli } from '../src/index.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { drivers: [testDriver], env: {}, io: { stdout: (s) => (out += s), stderr: (s) => (err += s) } });
  return { code, out, err };
}

const root = resolve(__dirname, '../../..');

describe('polyvisor CLI (in-process, test:///default)', () => {
  let dir: string;
  // test:///default lives as long as one connection holds it (as in libvirt), so
  // successive CLI invocations in this process share one hypervisor state.
  let holder: Connection;
  beforeAll(async () => {
    holder = await openConnection('test:///default', { drivers: [testDriver] });
    dir = mkdtempSync(join(tmpdir(), 'pv-cli-'));
    writeFileSync(join(dir, 'dom.xml'), `<domain type='test'><name>cli-vm</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`);
    writeFileSync(join(dir, 'net.xml'), `<network><name>cli-net</name><bridge name='clibr0'/><ip address='10.77.0.1' netmask='255.255.255.0'/></network>`);
    writeFileSync(join(dir, 'pool.xml'), `<pool type='dir'><name>cli-pool</name><target><path>/cli-pool</path></target></pool>`);
    writeFileSync(join(dir, 'vol.xml'), `<volume><name>v.qcow2</name><capacity unit='MiB'>10</capacity><target><format type='qcow2'/></target></volume>`);
    writeFileSync(join(dir, 'bad.xml'), `<domain type='test'><name>x</name>`);
  });
  afterAll(async () => {
    await holder.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists domains like virsh', async () => {
    const r = await cli('list', '--all');
    expect(r.code).toBe(0);
    expect(r.out).toBe(' Id   Name   State\n----------------------\n 1    test   running\n');
    const j = await cli('list', '--all', '--json');
    expect(JSON.parse(j.out)).toEqual([{ name: 'test', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f', id: 1, state: 'running', reason: 'booted', persistent: true, autostart: false }]);
  });

  it('shows dominfo, domstate and dumpxml', async () => {
    const info = await cli('dominfo', 'test');
    expect(info.out).toContain('Name:           test');
    expect(info.out).toContain('Max memory:     8388608 KiB');
    expect(info.out).toContain('Autostart:      disable');
    expect(JSON.parse((await cli('dominfo', 'test', '--json')).out)).toMatchObject({ name: 'test', vcpus: 2, osType: 'hvm' });
    expect((await cli('domstate', 'test', '--reason')).out).toBe('running (booted)\n');
    const xml = (await cli('dumpxml', 'test')).out;
    expect(xml).toMatch(/^<domain type='test' id='1'>/);
    expect(xml).toContain('<uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>');
  });

  it('runs a domain lifecycle from files', async () => {
    expect((await cli('define', join(dir, 'dom.xml'))).out).toBe(`Domain 'cli-vm' defined from ${join(dir, 'dom.xml')}\n`);
    expect((await cli('start', 'cli-vm')).out).toBe("Domain 'cli-vm' started\n");
    const again = await cli('start', 'cli-vm');
    expect(again.code).toBe(1);
    expect(again.err).toBe('error: [test] domain "cli-vm": domain is already running\n');
    for (const v of ['suspend', 'resume', 'reboot', 'destroy']) expect((await cli(v, 'cli-vm')).code).toBe(0);
    expect((await cli('autostart', 'cli-vm')).out).toBe("Domain 'cli-vm' marked as autostarted\n");
    expect((await cli('list', '--all', '--autostart', '--name')).out).toBe('cli-vm\n');
    expect((await cli('desc', 'cli-vm', '--title', 'hello')).code).toBe(0);
    expect((await cli('desc', 'cli-vm', '--title')).out).toBe('hello\n');
    expect((await cli('undefine', 'cli-vm')).out).toBe("Domain 'cli-vm' has been undefined\n");
    const gone = await cli('dominfo', 'cli-vm');
    expect(gone.code).toBe(1);
    expect(gone.err).toMatch(/^error: .*no domain with matching name 'cli-vm'\n$/);
  });

  it('reports bad input in one line with a non-zero exit', async () => {
    const bad = await cli('define', join(dir, 'bad.xml'));
    expect(bad.code).toBe(1);
    expect(bad.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(bad.err).toMatch(/^error: .*malformed XML/);
    const missing = await cli('define', join(dir, 'nope.xml'));
    expect(missing.err).toMatch(/^error: failed to read file/);
    const uri = await cli('-c', 'bogus:///x', 'list');
    expect(uri.err).toMatch(/^error: no driver for URI 'bogus:\/\/\/x'/);
    const verb = await cli('frobnicate');
    expect(verb.code).not.toBe(0);
    expect(verb.err).toContain("unknown command 'frobnicate'");
  });

  it('manages networks, pools and volumes', async () => {
    expect((await cli('net-list')).out).toContain(' default ');
    expect((await cli('net-define', join(dir, 'net.xml'))).code).toBe(0);
    expect((await cli('net-start', 'cli-net')).out).toBe('Network cli-net started\n');
    expect(JSON.parse((await cli('net-info', 'cli-net', '--json')).out)).toMatchObject({ name: 'cli-net', active: true, bridge: 'clibr0' });
    expect((await cli('net-dumpxml', 'cli-net')).out).toContain("<bridge name='clibr0'");
    expect((await cli('net-destroy', 'cli-net')).code).toBe(0);
    // The test driver makes up one lease per running NIC on a network, as libvirt's does.
    const leases = JSON.parse((await cli('net-dhcp-leases', 'default', '--json')).out) as Array<{ mac: string; ipaddr: string; hostname: string }>;
    expect(leases).toEqual([expect.objectContaining({ mac: 'aa:bb:cc:dd:ee:ff', ipaddr: '192.168.122.2', hostname: 'test' })]);
    expect((await cli('net-dhcp-leases', 'default')).out).toContain('aa:bb:cc:dd:ee:ff');
    expect((await cli('net-undefine', 'cli-net')).code).toBe(0);
    expect((await cli('pool-define', join(dir, 'pool.xml'))).code).toBe(0);
    expect((await cli('pool-start', 'cli-pool')).code).toBe(0);
    expect((await cli('vol-create', 'cli-pool', join(dir, 'vol.xml'))).out).toBe(`Vol v.qcow2 created from ${join(dir, 'vol.xml')}\n`);
    expect(JSON.parse((await cli('vol-list', 'cli-pool', '--json')).out)).toEqual([{ name: 'v.qcow2', key: '/cli-pool/v.qcow2', path: '/cli-pool/v.qcow2', type: 'file', capacity: 10485760, allocation: 10485760 }]);
    expect((await cli('vol-info', '/cli-pool/v.qcow2')).out).toContain('Capacity:       10.00 MiB');
    expect((await cli('vol-dumpxml', 'v.qcow2', '--pool', 'cli-pool')).out).toContain('<name>v.qcow2</name>');
    expect((await cli('vol-delete', 'v.qcow2', '--pool', 'cli-pool')).code).toBe(0);
    expect((await cli('pool-info', 'cli-pool')).out).toContain('State:          running');
    expect((await cli('pool-destroy', 'cli-pool')).code).toBe(0);
    expect((await cli('pool-undefine', 'cli-pool')).code).toBe(0);
  });

  it('prints bulk domain statistics', async () => {
    const r = await cli('domstats', 'test');
    expect(r.out).toContain("Domain: 'test'");
    expect(r.out).toContain('  state.state=running');
    expect(r.out).toContain('  block.0.name=vda');
    const all = JSON.parse((await cli('domstats', '--json')).out) as Array<{ name: string; balloon: { current: number } }>;
    expect(all.map((x) => x.name)).toEqual(['test']);
    expect(all[0]!.balloon.current).toBe(2097152);
  });

  it('prints nodeinfo and capabilities', async () => {
    expect((await cli('nodeinfo')).out).toContain('CPU(s):             16');
    expect(JSON.parse((await cli('capabilities', '--json')).out).operations).toContain('domains.start');
  });

  it('converts domain XML to a native format', async () => {
    const r = await cli('domxml-to-native', 'polyvisor-json', join(dir, 'dom.xml'));
    expect(JSON.parse(r.out)).toMatchObject({ name: 'cli-vm', memory: 65536 });
    const bad = await cli('domxml-to-native', 'qemu-argv', join(dir, 'dom.xml'));
    expect(bad.err).toMatch(/native format 'qemu-argv' is not supported \(supported: polyvisor-json\)/);
  });

  it('waits for events with a timeout', async () => {
    const p = cli('event', '--loop', '--timeout', '1');
    setTimeout(() => void cli('destroy', 'test').then(() => cli('start', 'test')), 100);
    const r = await p;
    expect(r.code).toBe(0);
    expect(r.out).toBe("event 'lifecycle' for domain 'test': Stopped Destroyed\nevent 'lifecycle' for domain 'test': Started Booted\nevents received: 2\n");
  });
});

describe('polyvisor CLI (as a process)', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', join(root, 'packages/cli/tsconfig.json'), join(root, 'packages/cli/src/bin.ts'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 60_000,
    });

  it('honours POLYVISOR_DEFAULT_URI and exits non-zero on errors', () => {
    const ok = run(['list', '--all']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(' 1    test   running');
    const bad = run(['list'], { POLYVISOR_DEFAULT_URI: 'xen+carrier:///system' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain("unknown transport 'carrier'");
  });

  it('loads every driver package it lists (a package missing from its dependencies would be silently skipped)', () => {
    // No Xen toolstack on this machine: the Xen driver is found and says why it cannot open.
    const xen = run(['-c', 'xen:///system', 'list']);
    expect(xen.status).toBe(1);
    expect(xen.stderr).not.toContain('no driver for URI');
    expect(xen.stderr).toMatch(/^error: \[xen\] /);
    const unknown = run(['-c', 'bogus:///system', 'list']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/known schemes: test, qemu, xen, /);
  });
});
