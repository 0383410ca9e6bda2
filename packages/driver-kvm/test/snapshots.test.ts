/**
 * Domain snapshots on real QEMU (TCG) with the tiny test guest and qcow2
 * disks: internal snapshots of a running domain (snapshot-save/-load/-delete
 * jobs) proven by guest state, the snapshot tree, shut-off snapshots through
 * qemu-img, external disk-only overlays while running and shut off, and the
 * error cases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection, PolyvisorError, type Connection, type Domain } from '@polyvisor/core';
import { kvmDriver, type GuestAgentClient, type KvmConnection } from '../src/index.js';
import { ensureGuest, guestDomainXml, killQemusMentioning, waitForMarker } from './fixtures/guest.js';

const root = mkdtempSync(join(tmpdir(), 'pv-snap-'));
const serial = (name: string) => join(root, `${name}.serial.log`);
const uri = `qemu:///embed?root=${root}`;
const timings: Record<string, number[]> = {};

function qemuImg(...args: string[]): string {
  return execFileSync('qemu-img', args, { encoding: 'utf8' });
}

function makeDisk(file: string, fmt: 'qcow2' | 'raw' = 'qcow2', size = '16M'): string {
  const p = join(root, file);
  qemuImg('create', '-q', '-f', fmt, p, size);
  return p;
}

function diskXml(path: string, dev: string, fmt = 'qcow2'): string {
  return `\n    <disk type='file' device='disk'><driver name='qemu' type='${fmt}'/><source file='${path}'/><target dev='${dev}' bus='virtio'/></disk>`;
}

/** Tags of the internal snapshots in an image (`-U`: the image may be in use). */
function imageTags(path: string): string[] {
  const out = qemuImg('snapshot', '-U', '-l', path);
  return out.split('\n').slice(2).map((l) => l.trim().split(/\s+/)[1]).filter((x): x is string => !!x);
}

async function timed<T>(what: string, f: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const r = await f();
  (timings[what] ??= []).push(Math.round(performance.now() - t));
  return r;
}

async function expectError(p: Promise<unknown>, code: string, text?: RegExp): Promise<PolyvisorError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(PolyvisorError);
  expect((err as PolyvisorError).code).toBe(code);
  if (text) expect((err as PolyvisorError).message).toMatch(text);
  return err as PolyvisorError;
}

describe('kvm snapshots (real QEMU, TCG)', { timeout: 180_000 }, () => {
  let conn: Connection;
  const domains: Domain[] = [];

  beforeAll(async () => {
    ensureGuest();
    conn = await openConnection(uri, { drivers: [kvmDriver], driverOptions: { autostart: false } });
  }, 600_000);

  afterAll(async () => {
    for (const d of domains) {
      await d.destroy().catch(() => undefined);
      await d.undefine().catch(() => undefined);
    }
    await conn?.close().catch(() => undefined);
    killQemusMentioning(root);
    rmSync(root, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log('snapshot timings (ms):', JSON.stringify(timings));
  });

  async function define(name: string, disks: string): Promise<Domain> {
    const dom = await conn.domains.define(guestDomainXml(name, { serialLog: serial(name), extraDevices: disks }));
    domains.push(dom);
    return dom;
  }

  async function boot(dom: Domain): Promise<void> {
    await dom.start();
    await waitForMarker(serial(dom.name));
  }

  async function agent(dom: Domain): Promise<GuestAgentClient> {
    return conn.driverConnection<KvmConnection>().domains.guestAgent({ name: dom.name, uuid: dom.uuid }, { signal: AbortSignal.timeout(20_000) });
  }

  async function guestSh(dom: Domain, script: string): Promise<string> {
    const a = await agent(dom);
    try {
      const r = await a.run('/bin/busybox', ['sh', '-c', script], { timeoutMs: 20_000 });
      expect(r.exitcode).toBe(0);
      return r.stdout;
    } finally {
      await a.close();
    }
  }

  async function finish(dom: Domain): Promise<void> {
    await dom.destroy().catch(() => undefined);
    await dom.undefine().catch(() => undefined);
    domains.splice(domains.indexOf(dom), 1);
  }

  it('takes an internal snapshot of a running domain and revert really restores guest state', async () => {
    const disk = makeDisk('int.qcow2');
    const dom = await define('snap-int', diskXml(disk, 'vda'));
    try {
      await boot(dom);
      await guestSh(dom, 'echo before > /tmp/marker');
      const s1 = await timed('snapshot-save', () => dom.createSnapshot({ name: 's1', description: 'first' }));
      expect(s1).toMatchObject({ name: 's1', state: 'running', current: true, kind: 'internal' });
      expect(s1.parent).toBeUndefined();
      expect(Math.abs(s1.creationTime - Date.now() / 1000)).toBeLessThan(60);
      expect(imageTags(disk)).toEqual(['s1']);
      await dom.refresh();
      expect(dom.state).toBe('running');

      const xml = await dom.getSnapshotXML('s1');
      expect(xml).toContain('<name>s1</name>');
      expect(xml).toContain('<description>first</description>');
      expect(xml).toContain('<state>running</state>');
      expect(xml).toContain("<memory snapshot='internal'/>");
      expect(xml).toMatch(/<disk name='vda' snapshot='internal'\/>/);
      expect(xml).toMatch(/<domain type='qemu'>[\s\S]*<name>snap-int<\/name>/);
      // Metadata is on disk under the domain's data directory, written atomically (no temp files left).
      const metaDir = join(root, 'etc', 'qemu', 'data', dom.uuid, 'snapshots');
      expect(readdirSync(metaDir).filter((f) => !f.startsWith('.')).sort()).toEqual(['index.json', 's1.xml']);
      expect(JSON.parse(readFileSync(join(metaDir, 'index.json'), 'utf8'))).toMatchObject({ current: 's1', order: ['s1'] });

      await guestSh(dom, 'echo after > /tmp/marker');
      expect(await guestSh(dom, 'cat /tmp/marker')).toBe('after\n');
      await timed('snapshot-load', () => dom.revertToSnapshot('s1'));
      expect(dom.state).toBe('running');
      expect(await guestSh(dom, 'cat /tmp/marker')).toBe('before\n');

      // Revert forcing the paused state.
      await dom.revertToSnapshot('s1', { paused: true });
      expect(dom.state).toBe('paused');
      await dom.resume();
      expect(await guestSh(dom, 'cat /tmp/marker')).toBe('before\n');

      // Shut off, then revert to the running snapshot: the domain is started paused and loaded (libvirt's way).
      await guestSh(dom, 'echo gone > /tmp/marker');
      await dom.destroy();
      expect(dom.state).toBe('shutoff');
      await dom.revertToSnapshot('s1');
      expect(dom.state).toBe('running');
      expect(await guestSh(dom, 'cat /tmp/marker')).toBe('before\n');

      // Delete while running (snapshot-delete job).
      await dom.createSnapshot({ name: 's2' });
      expect(imageTags(disk)).toEqual(['s1', 's2']);
      await timed('snapshot-delete', () => dom.deleteSnapshot('s2'));
      expect(imageTags(disk)).toEqual(['s1']);
      expect((await dom.currentSnapshot())?.name).toBe('s1');

      // A failing load (tag removed behind our back) reports QEMU's job error and does not leave the domain running.
      await dom.destroy();
      qemuImg('snapshot', '-d', 's1', disk);
      await expectError(dom.revertToSnapshot('s1'), 'HYPERVISOR_ERROR', /snapshot-load failed: .*s1/);
      await dom.refresh();
      expect(dom.state).toBe('shutoff');
      await dom.deleteSnapshot('s1');
      expect(await dom.listSnapshots()).toEqual([]);
      expect(imageTags(disk)).toEqual([]);
    } finally {
      await finish(dom);
    }
  });

  it('keeps a snapshot tree (parent, current), re-parents on delete and deletes with children', async () => {
    const disk = makeDisk('tree.qcow2');
    const dom = await define('snap-tree', diskXml(disk, 'vda'));
    try {
      await boot(dom);
      await timed('snapshot-save', () => dom.createSnapshot({ name: 'a' }));
      await timed('snapshot-save', () => dom.createSnapshot({ name: 'b' }));
      await timed('snapshot-save', () => dom.createSnapshot({ name: 'c' }));
      await timed('snapshot-load', () => dom.revertToSnapshot('a'));
      expect((await dom.currentSnapshot())?.name).toBe('a');
      await dom.suspend();
      const d = await dom.createSnapshot({ name: 'd' });
      expect(d).toMatchObject({ parent: 'a', state: 'paused', current: true });
      await dom.resume();
      const tree = (await dom.listSnapshots()).map((s) => [s.name, s.parent ?? null, s.current]);
      expect(tree).toEqual([
        ['a', null, false],
        ['b', 'a', false],
        ['c', 'b', false],
        ['d', 'a', true],
      ]);
      expect(imageTags(disk)).toEqual(['a', 'b', 'c', 'd']);
      // Reverting to a snapshot taken paused leaves the domain paused.
      await dom.revertToSnapshot('d');
      expect(dom.state).toBe('paused');
      await dom.revertToSnapshot('d', { running: true });
      expect(dom.state).toBe('running');

      // Deleting b re-parents c to a.
      await timed('snapshot-delete', () => dom.deleteSnapshot('b'));
      expect((await dom.listSnapshots()).map((s) => [s.name, s.parent ?? null])).toEqual([
        ['a', null],
        ['c', 'a'],
        ['d', 'a'],
      ]);
      expect(await dom.getSnapshotXML('c')).toMatch(/<parent>\s*<name>a<\/name>\s*<\/parent>/);
      expect(imageTags(disk)).toEqual(['a', 'c', 'd']);

      // Deleting a with its children removes everything, including the current one.
      await dom.deleteSnapshot('a', { children: true });
      expect(await dom.listSnapshots()).toEqual([]);
      expect(await dom.currentSnapshot()).toBeUndefined();
      expect(imageTags(disk)).toEqual([]);
    } finally {
      await finish(dom);
    }
  });

  it('snapshots a shut-off domain with qemu-img and reverts its disks', async () => {
    const disk = makeDisk('off.qcow2');
    const dom = await define('snap-off', diskXml(disk, 'vda'));
    try {
      execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0xaa 0 64k', disk]);
      const s = await dom.createSnapshot({ name: 'clean' });
      expect(s).toMatchObject({ name: 'clean', state: 'shutoff', kind: 'internal', current: true });
      expect(await dom.getSnapshotXML('clean')).toContain("<memory snapshot='no'/>");
      expect(imageTags(disk)).toEqual(['clean']);
      execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0xbb 0 64k', disk]);
      await dom.createSnapshot({ name: 'dirty' });
      await dom.revertToSnapshot('clean');
      expect(dom.state).toBe('shutoff');
      // qemu-io exits 0 either way; a pattern mismatch prints "Pattern verification failed".
      expect(execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'read -P 0xaa 0 64k', disk], { encoding: 'utf8' })).not.toMatch(/fail/i);
      expect((await dom.currentSnapshot())?.name).toBe('clean');
      // Revert to a shut-off snapshot and start it (running flag).
      await dom.revertToSnapshot('dirty', { running: true });
      expect(dom.state).toBe('running');
      await waitForMarker(serial(dom.name));
      // Reverting a running domain to a shut-off snapshot stops it first.
      await dom.revertToSnapshot('clean');
      expect(dom.state).toBe('shutoff');
      expect(execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'read -P 0xaa 0 64k', disk], { encoding: 'utf8' })).not.toMatch(/fail/i);
      await dom.deleteSnapshot('dirty');
      await dom.deleteSnapshot('clean');
      expect(imageTags(disk)).toEqual([]);
    } finally {
      await finish(dom);
    }
  });

  it('takes external disk-only snapshots (running: blockdev-create + blockdev-snapshot; shut off: qemu-img create)', async () => {
    const disk = makeDisk('ext.qcow2');
    const dom = await define('snap-ext', diskXml(disk, 'vda'));
    try {
      await boot(dom);
      const overlay = join(root, 'ext.e1');
      const e1 = await timed('external-running', () => dom.createSnapshot({ name: 'e1' }, { diskOnly: true }));
      expect(e1).toMatchObject({ name: 'e1', state: 'disk-snapshot', kind: 'external', current: true });
      expect(existsSync(overlay)).toBe(true);
      const chain = JSON.parse(qemuImg('info', '-U', '--output=json', '--backing-chain', overlay)) as Array<{ filename: string; format: string; 'backing-filename'?: string }>;
      expect(chain.map((c) => [c.filename, c.format])).toEqual([[overlay, 'qcow2'], [disk, 'qcow2']]);
      expect(await dom.getXML()).toContain(`<source file='${overlay}'/>`);
      expect(await dom.getXML({ inactive: true })).toContain(`<source file='${overlay}'/>`);
      const xml = await dom.getSnapshotXML('e1');
      expect(xml).toMatch(new RegExp(`<disk name='vda' snapshot='external'>\\s*<driver type='qcow2'/>\\s*<source file='${overlay}'/>`));
      expect(xml).toContain("<memory snapshot='no'/>");
      // QEMU now writes into the overlay; the guest keeps working.
      expect(await guestSh(dom, 'echo ok')).toBe('ok\n');
      const blocks = (await conn.driverConnection<KvmConnection>().domains.monitor({ name: dom.name, uuid: dom.uuid }).then((q) => q.execute('query-block'))) as Array<{ inserted?: { file: string } }>;
      expect(blocks.some((b) => b.inserted?.file === overlay)).toBe(true);

      // User-chosen overlay file through <disks>.
      const overlay2 = join(root, 'ext-second.qcow2');
      // (quiesced: the guest agent freezes and thaws the guest's filesystems around the switch).
      await dom.createSnapshot(`<domainsnapshot><name>e2</name><disks><disk name='vda' snapshot='external'><source file='${overlay2}'/></disk></disks></domainsnapshot>`, { quiesce: true });
      expect(await dom.getXML()).toContain(`<source file='${overlay2}'/>`);
      expect((JSON.parse(qemuImg('info', '-U', '--output=json', '--backing-chain', overlay2)) as unknown[]).length).toBe(3);

      await expectError(dom.revertToSnapshot('e1'), 'UNSUPPORTED', /external/);
      // Metadata-only delete: the overlays stay in use.
      await dom.deleteSnapshot('e1');
      expect((await dom.listSnapshots()).map((s) => [s.name, s.parent ?? null])).toEqual([['e2', null]]);
      expect(existsSync(overlay)).toBe(true);

      // Shut off: qemu-img create -b, then the domain boots from the three-image chain.
      await dom.destroy();
      const e3 = await dom.createSnapshot({ name: 'e3' }, { diskOnly: true });
      expect(e3).toMatchObject({ state: 'shutoff', kind: 'external', parent: 'e2' });
      const overlay3 = join(root, 'ext-second.e3');
      expect((JSON.parse(qemuImg('info', '--output=json', '--backing-chain', overlay3)) as Array<{ filename: string }>).map((c) => c.filename)).toEqual([overlay3, overlay2, overlay, disk]);
      expect(await dom.getXML({ inactive: true })).toContain(`<source file='${overlay3}'/>`);
      await boot(dom);
      expect(await dom.getXML()).toContain(`<source file='${overlay3}'/>`);
    } finally {
      await finish(dom);
    }
  });

  it('rejects raw disks, duplicate names, unknown and invalid names', async () => {
    const good = makeDisk('err.qcow2');
    const raw = makeDisk('err.raw', 'raw');
    const dom = await define('snap-err', diskXml(good, 'vda') + diskXml(raw, 'vdb', 'raw'));
    try {
      const e = await expectError(dom.createSnapshot({ name: 'x' }), 'OPERATION_INVALID', /vdb/);
      expect(e.message).toMatch(/raw/);
      expect(await dom.listSnapshots()).toEqual([]);
      expect(imageTags(good)).toEqual([]);
      // The raw disk can be left out of the snapshot.
      await dom.createSnapshot(`<domainsnapshot><name>only-vda</name><disks><disk name='vdb' snapshot='no'/></disks></domainsnapshot>`);
      expect(imageTags(good)).toEqual(['only-vda']);
      await expectError(dom.createSnapshot({ name: 'only-vda' }), 'DUPLICATE', /already exists/);
      await expectError(dom.revertToSnapshot('nope'), 'INVALID_ARG', /snapshot not found/);
      await expectError(dom.deleteSnapshot('nope'), 'INVALID_ARG', /snapshot not found/);
      await expectError(dom.getSnapshotXML('nope'), 'INVALID_ARG', /snapshot not found/);
      await expectError(dom.createSnapshot({ name: '.hidden' }), 'INVALID_ARG');
      await expectError(dom.createSnapshot({ name: 'a/b' }), 'INVALID_ARG');
      await expectError(dom.createSnapshot({ name: 'y', disks: [{ name: 'vdz' }] }), 'INVALID_ARG', /vdz/);
      await expectError(dom.createSnapshot({ name: 'q' }, { quiesce: true }), 'OPERATION_INVALID', /quiesce/);
      await dom.deleteSnapshot('only-vda');
      expect(imageTags(good)).toEqual([]);
    } finally {
      await finish(dom);
    }
  });
});
