/**
 * HostStorage on the real host: qemu-img images in temporary directories
 * (always removed), loop devices, mounts and LVM where this machine allows
 * them — when it does not, the test prints and asserts the precise reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  ErrorCode,
  PolyvisorError,
  parseStoragePoolXml,
  parseStorageVolumeXml,
  type PolyvisorEvent,
  type PoolRef,
  type StoragePoolSpec,
  type StorageVolumeSpec,
  type TransferProgress,
  type VolumeRef,
} from '@polyvisor/core';
import { HostStorage, createVolumeDiskResolver, deviceMapperProblem, isMountPoint } from '../src/storage/index.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

let root: string;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pv-storage-'));
});

afterAll(async () => {
  for (const c of cleanups.reverse()) {
    try {
      await c();
    } catch {
      /* keep cleaning */
    }
  }
  // Never leave a mount below the temp dir behind, then remove everything.
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').map((l) => l.split(' ')[4]).filter((m): m is string => !!m && m.startsWith(root));
  for (const m of mounts.reverse()) {
    try {
      execFileSync('umount', ['-l', m]);
    } catch {
      /* ignore */
    }
  }
  await rm(root, { recursive: true, force: true });
});

/** Expects a PolyvisorError with `code` (and a message matching `msg`). */
async function expectCode(p: Promise<unknown>, code: string, msg?: RegExp): Promise<PolyvisorError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PolyvisorError);
    const pe = e as PolyvisorError;
    if (pe.code !== code) throw new Error(`expected ${code}, got ${pe.code}: ${pe.message}`);
    if (msg) expect(pe.message).toMatch(msg);
    return pe;
  }
  throw new Error(`expected ${code}, but the call succeeded`);
}

interface Env {
  dir: string;
  configDir: string;
  runDir: string;
  events: PolyvisorEvent[];
  make(opts?: { readOnly?: boolean }): HostStorage;
}

async function env(name: string): Promise<Env> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  const events: PolyvisorEvent[] = [];
  const configDir = join(dir, 'etc');
  const runDir = join(dir, 'run');
  return { dir, configDir, runDir, events, make: (o = {}) => new HostStorage({ configDir, runDir, publish: (e) => events.push(e), ...o }) };
}

function dirPoolXml(name: string, path: string, extra = ''): StoragePoolSpec {
  return parseStoragePoolXml(`<pool type='dir'><name>${name}</name><target><path>${path}</path>${extra}</target></pool>`);
}

function volXml(xml: string): StorageVolumeSpec {
  return parseStorageVolumeXml(xml, { type: 'dir' });
}

function vref(pool: PoolRef, name: string): VolumeRef {
  return { pool, name, key: '' };
}

async function sha256File(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

async function streamHash(s: NodeJS.ReadableStream): Promise<{ hash: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const c of s as AsyncIterable<Buffer>) {
    h.update(c);
    bytes += c.length;
  }
  return { hash: h.digest('hex'), bytes };
}

/** Deterministic pseudo-random data: a 1 MiB block from a seed, each copy stamped with its index. */
function patternStream(total: number, seed: string): { stream: Readable; hash: () => string } {
  const base = Buffer.alloc(MiB);
  let block = createHash('sha256').update(seed).digest();
  for (let o = 0; o < MiB; o += 32) {
    block.copy(base, o);
    block = createHash('sha256').update(block).digest();
  }
  const h = createHash('sha256');
  let sent = 0;
  let i = 0;
  const stream = new Readable({
    highWaterMark: 4 * MiB,
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(MiB, total - sent);
      const chunk = Buffer.from(base.subarray(0, n));
      chunk.writeBigUInt64LE(BigInt(i++), 0);
      h.update(chunk);
      sent += n;
      this.push(chunk);
    },
  });
  return { stream, hash: () => h.digest('hex') };
}

async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}

// ---------------------------------------------------------------------------

describe('dir pools: lifecycle, persistence, events', () => {
  it('define → build → start → autostart → destroy → delete → undefine, with the test driver semantics', async () => {
    const e = await env('lifecycle');
    const s = e.make();
    const target = join(e.dir, 'pool1');
    const info = await s.definePool(dirPoolXml('pool1', target, '<permissions><mode>0750</mode></permissions>'));
    expect(info).toMatchObject({ name: 'pool1', state: 'inactive', persistent: true, autostart: false, capacity: 0 });
    const ref = { name: info.name, uuid: info.uuid };

    // Persistent XML: 0600 in a 0700 directory, libvirt format, round-trips.
    const cfg = join(e.configDir, 'pool1.xml');
    expect((await stat(cfg)).mode & 0o777).toBe(0o600);
    expect((await stat(e.configDir)).mode & 0o777).toBe(0o700);
    expect((await stat(e.runDir)).mode & 0o777).toBe(0o700);
    expect(parseStoragePoolXml(await readFile(cfg, 'utf8'))).toMatchObject({ name: 'pool1', uuid: info.uuid, type: 'dir', target: { path: target } });

    // Not built yet: start fails, state unchanged.
    await expectCode(s.startPool(ref), ErrorCode.OPERATION_FAILED, /cannot open directory/);
    expect((await s.getPoolInfo(ref)).state).toBe('inactive');

    await s.buildPool(ref);
    expect((await stat(target)).mode & 0o777).toBe(0o750);
    await s.startPool(ref);
    await expectCode(s.startPool(ref), ErrorCode.OPERATION_INVALID, /storage pool "pool1": storage pool is already active/);
    await expectCode(s.buildPool(ref), ErrorCode.OPERATION_INVALID, /already active/);
    await expectCode(s.undefinePool(ref), ErrorCode.OPERATION_INVALID, /still active/);
    await expectCode(s.deletePool(ref), ErrorCode.OPERATION_INVALID, /still active/);
    const running = await s.getPoolInfo(ref);
    expect(running.state).toBe('running');
    expect(running.capacity).toBeGreaterThan(0);
    expect(running.available).toBeLessThanOrEqual(running.capacity);
    expect(running.allocation + running.available).toBeLessThanOrEqual(running.capacity);
    expect(existsSync(join(e.runDir, 'pool1.xml'))).toBe(true);
    expect((await s.getPoolSpec(ref)).capacity).toBe(running.capacity);
    expect((await s.getPoolSpec(ref, { inactive: true })).capacity).toBeUndefined();

    await s.setPoolAutostart(ref, true);
    expect(existsSync(join(e.configDir, 'autostart', 'pool1'))).toBe(true);
    expect(await s.listPools({ autostart: true })).toHaveLength(1);
    expect(await s.listPools({ active: false })).toHaveLength(0);

    // Redefine while running: persistent definition changes, the live one does not.
    await s.definePool({ ...dirPoolXml('pool1', target), uuid: ref.uuid });
    expect((await s.getPoolSpec(ref, { inactive: true })).target?.permissions).toBeUndefined();
    expect((await s.getPoolSpec(ref)).target?.permissions?.mode).toBe(0o750);

    // A conflicting name/uuid is refused.
    await expectCode(s.definePool({ ...dirPoolXml('pool1', target), uuid: '11111111-2222-3333-4444-555555555555' }), ErrorCode.DUPLICATE, /already exists with uuid/);
    await expectCode(s.definePool(dirPoolXml('other', target)), ErrorCode.OPERATION_FAILED, /storage source conflict with pool 'pool1'/);

    await s.destroyPool(ref);
    await expectCode(s.destroyPool(ref), ErrorCode.OPERATION_INVALID, /not active/);
    await expectCode(s.listVolumes(ref), ErrorCode.OPERATION_INVALID, /storage pool "pool1": storage pool is not active/);
    expect(existsSync(join(e.runDir, 'pool1.xml'))).toBe(false);
    await s.deletePool(ref);
    expect(existsSync(target)).toBe(false);
    await s.undefinePool(ref);
    expect(existsSync(cfg)).toBe(false);
    expect(existsSync(join(e.configDir, 'autostart', 'pool1'))).toBe(false);
    await expectCode(s.lookupPoolByName('pool1'), ErrorCode.NO_STORAGE_POOL, /no storage pool with matching name 'pool1'/);
    await expectCode(s.getPoolInfo(ref), ErrorCode.NO_STORAGE_POOL);

    expect(e.events.map((ev) => (ev.kind === 'storage-pool' ? `${ev.type}:${ev.pool.name}` : '?'))).toEqual([
      'defined:pool1', 'created:pool1', 'started:pool1', 'defined:pool1', 'stopped:pool1', 'deleted:pool1', 'undefined:pool1',
    ]);
  });

  it('transient pools (createPool) live only while active', async () => {
    const e = await env('transient');
    const s = e.make();
    await mkdir(join(e.dir, 't'));
    const info = await s.createPool(dirPoolXml('tpool', join(e.dir, 't')));
    expect(info).toMatchObject({ state: 'running', persistent: false });
    const ref = { name: 'tpool', uuid: info.uuid };
    await expectCode(s.undefinePool(ref), ErrorCode.OPERATION_INVALID, /cannot undefine transient storage pool/);
    await expectCode(s.setPoolAutostart(ref, true), ErrorCode.OPERATION_INVALID, /cannot set autostart for transient storage pool/);
    expect(existsSync(join(e.configDir, 'tpool.xml'))).toBe(false);
    expect(existsSync(join(e.runDir, 'tpool.xml'))).toBe(true);
    await s.destroyPool(ref);
    expect(await s.listPools()).toEqual([]);
    expect(e.events.map((ev) => ev.type)).toEqual(['started', 'stopped']);
  });

  it('read-only instances refuse every change', async () => {
    const e = await env('readonly');
    const s = e.make({ readOnly: true });
    await expectCode(s.definePool(dirPoolXml('ro', join(e.dir, 'ro'))), ErrorCode.OPERATION_INVALID, /read only access/);
    expect(existsSync(e.configDir)).toBe(false);
  });
});

describe('volumes in a dir pool (qemu-img)', () => {
  let s: HostStorage;
  let ref: PoolRef;
  let target: string;
  let e: Env;

  beforeAll(async () => {
    e = await env('volumes');
    s = e.make();
    target = join(e.dir, 'images');
    const info = await s.definePool(dirPoolXml('images', target));
    ref = { name: 'images', uuid: info.uuid };
    await s.buildPool(ref);
    await s.startPool(ref);
  });

  it('creates raw and qcow2 volumes with their options and reports them', async () => {
    const raw = await s.createVolume(ref, volXml(`<volume><name>disk.raw</name><capacity unit='MiB'>16</capacity><allocation>0</allocation></volume>`));
    expect(raw).toMatchObject({ name: 'disk.raw', type: 'file', path: join(target, 'disk.raw'), key: join(target, 'disk.raw'), capacity: 16 * MiB });
    expect(raw.allocation).toBeLessThan(MiB); // sparse
    expect((await stat(raw.path)).mode & 0o777).toBe(0o600);

    const q = await s.createVolume(
      ref,
      volXml(`<volume><name>disk.qcow2</name><capacity unit='G'>1</capacity>
        <target><format type='qcow2'/><permissions><mode>0640</mode></permissions><compat>1.1</compat>
        <clusterSize unit='KiB'>128</clusterSize><features><lazy_refcounts/></features></target></volume>`),
      { preallocation: 'metadata' },
    );
    expect(q.capacity).toBe(GiB);
    expect((await stat(q.path)).mode & 0o777).toBe(0o640);
    const spec = await s.getVolumeSpec(vref(ref, 'disk.qcow2'));
    expect(spec.target).toMatchObject({ format: 'qcow2', compat: '1.1', clusterSize: 128 * 1024, features: { lazyRefcounts: true }, permissions: { mode: 0o640 } });
    const qi = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', q.path], { encoding: 'utf8' })) as { format: string; 'cluster-size': number };
    expect(qi).toMatchObject({ format: 'qcow2', 'cluster-size': 128 * 1024 });
    const plain = await s.createVolume(ref, { name: 'plain.qcow2', capacity: GiB, target: { format: 'qcow2', clusterSize: 128 * 1024 } });
    expect(q.allocation).toBeGreaterThan(plain.allocation); // metadata preallocation
    await s.deleteVolume(vref(ref, 'plain.qcow2'));

    const full = await s.createVolume(ref, volXml(`<volume><name>full.raw</name><capacity unit='MiB'>8</capacity><allocation unit='MiB'>8</allocation></volume>`));
    expect(full.allocation).toBeGreaterThanOrEqual(8 * MiB); // allocation = capacity → falloc
    const falloc = await s.createVolume(ref, volXml(`<volume><name>fal.qcow2</name><capacity unit='MiB'>4</capacity><target><format type='qcow2'/></target></volume>`), { preallocation: 'falloc' });
    expect(falloc.allocation).toBeGreaterThanOrEqual(4 * MiB);
    const fullPre = await s.createVolume(ref, volXml(`<volume><name>fullpre.raw</name><capacity unit='MiB'>2</capacity></volume>`), { preallocation: 'full' });
    expect(fullPre.allocation).toBeGreaterThanOrEqual(2 * MiB);

    const names = (await s.listVolumes(ref)).map((v) => v.name);
    expect(names).toEqual(['disk.qcow2', 'disk.raw', 'fal.qcow2', 'full.raw', 'fullpre.raw']);
    expect((await s.lookupVolumeByPath(q.path)).volume.name).toBe('disk.qcow2');
    await expectCode(s.lookupVolumeByPath(join(target, 'nope')), ErrorCode.NO_STORAGE_VOL, /no storage vol with matching path/);
    expect((await s.getPoolInfo(ref)).allocation).toBeGreaterThan(0);
    await expect(createVolumeDiskResolver(s)('images', 'disk.qcow2')).resolves.toEqual({ type: 'file', path: q.path, format: 'qcow2' });
    await expectCode(s.resolveVolumeDisk('images', 'missing'), ErrorCode.NO_STORAGE_VOL);
  });

  it('resizes, refusing to shrink below the allocation unless asked', async () => {
    const v = vref(ref, 'full.raw');
    await s.resizeVolume(v, 32 * MiB);
    expect((await s.getVolumeInfo(v)).capacity).toBe(32 * MiB);
    const before = await s.getVolumeInfo(v);
    await expectCode(s.resizeVolume(v, 4 * MiB), ErrorCode.INVALID_ARG, /can't shrink capacity below current allocation/);
    expect(await s.getVolumeInfo(v)).toEqual(before);
    await s.resizeVolume(v, 4 * MiB, undefined, { shrink: true });
    expect((await s.getVolumeInfo(v)).capacity).toBe(4 * MiB);
    // qcow2 grows through qemu-img resize too.
    await s.resizeVolume(vref(ref, 'disk.qcow2'), 2 * GiB);
    expect((await s.getVolumeInfo(vref(ref, 'disk.qcow2'))).capacity).toBe(2 * GiB);
  });

  it('clones with qemu-img convert and builds a qcow2 overlay on a backing file', async () => {
    const src = vref(ref, 'disk.raw');
    const data = patternStream(3 * MiB, 'clone');
    await s.uploadVolume(src, data.stream, {});
    const srcInfo = await s.getVolumeInfo(src);

    const copy = await s.createVolume(ref, volXml(`<volume><name>copy.raw</name><capacity unit='MiB'>16</capacity></volume>`), { from: src });
    expect(copy.capacity).toBe(srcInfo.capacity);
    expect(await sha256File(copy.path)).toBe(await sha256File(srcInfo.path));

    const asQcow = await s.createVolume(ref, volXml(`<volume><name>copy.qcow2</name><capacity unit='MiB'>32</capacity><target><format type='qcow2'/></target></volume>`), { from: src });
    expect(asQcow.capacity).toBe(32 * MiB);
    expect((await s.getVolumeSpec(vref(ref, 'copy.qcow2'))).target?.format).toBe('qcow2');
    // Guest-visible content is identical to the source's first 16 MiB.
    const flat = join(e.dir, 'flat.raw');
    execFileSync('qemu-img', ['convert', '-f', 'qcow2', '-O', 'raw', asQcow.path, flat]);
    await truncate(flat, 16 * MiB);
    expect(await sha256File(flat)).toBe(await sha256File(srcInfo.path));
    await unlink(flat);

    await expectCode(
      s.createVolume(ref, volXml(`<volume><name>small.raw</name><capacity unit='MiB'>1</capacity></volume>`), { from: src }),
      ErrorCode.INVALID_ARG,
      /smaller than the source volume/,
    );

    const overlay = await s.createVolume(
      ref,
      parseStorageVolumeXml(`<volume><name>overlay.qcow2</name><target><format type='qcow2'/></target><backingStore><path>${srcInfo.path}</path><format type='raw'/></backingStore></volume>`, { type: 'dir' }, { optCapacity: true }),
      { from: src },
    );
    expect(overlay.capacity).toBe(srcInfo.capacity);
    expect(overlay.allocation).toBeLessThan(MiB);
    const ospec = await s.getVolumeSpec(vref(ref, 'overlay.qcow2'));
    expect(ospec.backingStore).toEqual({ path: srcInfo.path, format: 'raw' });
    const chain = await s.getVolumeBackingChain(vref(ref, 'overlay.qcow2'));
    expect(chain.map((c) => [c.path, c.format])).toEqual([[overlay.path, 'qcow2'], [srcInfo.path, 'raw']]);
    expect(chain[0]!.backingPath).toBe(srcInfo.path);

    // A second-level overlay: a chain of three.
    await s.createVolume(ref, parseStorageVolumeXml(`<volume><name>top.qcow2</name><target><format type='qcow2'/></target><backingStore><path>${overlay.path}</path><format type='qcow2'/></backingStore></volume>`, { type: 'dir' }, { optCapacity: true }));
    expect((await s.getVolumeBackingChain(vref(ref, 'top.qcow2'))).map((c) => c.format)).toEqual(['qcow2', 'qcow2', 'raw']);
  });

  it('wipes raw (zeros) and qcow2 (same format, empty) volumes', async () => {
    const v = vref(ref, 'copy.raw');
    const before = await s.getVolumeInfo(v);
    await s.wipeVolume(v);
    const after = await s.getVolumeInfo(v);
    expect(after.capacity).toBe(before.capacity);
    const buf = await readFile(after.path);
    expect(buf.length).toBe(before.capacity);
    expect(buf.every((b) => b === 0)).toBe(true);

    // Fully allocated raw: zeros written in place.
    const d = vref(ref, 'fullpre.raw');
    await s.uploadVolume(d, Readable.from([Buffer.alloc(MiB, 0xab)]));
    await s.wipeVolume(d);
    expect((await readFile(join(target, 'fullpre.raw'))).every((b) => b === 0)).toBe(true);

    const o = vref(ref, 'overlay.qcow2');
    const cap = (await s.getVolumeInfo(o)).capacity;
    await s.wipeVolume(o);
    const spec = await s.getVolumeSpec(o);
    expect(spec.target?.format).toBe('qcow2');
    expect(spec.capacity).toBe(cap);
    expect(spec.backingStore).toBeUndefined();
    const flat = join(e.dir, 'wiped.raw');
    execFileSync('qemu-img', ['convert', '-f', 'qcow2', '-O', 'raw', join(target, 'overlay.qcow2'), flat]);
    expect((await readFile(flat)).every((b) => b === 0)).toBe(true);
    await unlink(flat);
  });

  it('deletes volumes; duplicates and bad specs fail with nothing on disk changed', async () => {
    const snapshot = async () => Promise.all((await listing(target)).map(async (n) => `${n}:${(await lstat(join(target, n))).mtimeMs}`));
    const before = await snapshot();
    const rawHash = await sha256File(join(target, 'disk.raw'));
    await expectCode(s.createVolume(ref, volXml(`<volume><name>disk.raw</name><capacity>1</capacity></volume>`)), ErrorCode.DUPLICATE, /storage vol 'disk.raw' already exists in pool 'images'/);
    // Also when the file appeared behind the driver's back.
    await writeFile(join(target, 'stray.img'), 'x');
    await expectCode(s.createVolume(ref, volXml(`<volume><name>stray.img</name><capacity>1</capacity></volume>`)), ErrorCode.DUPLICATE);
    expect(await readFile(join(target, 'stray.img'), 'utf8')).toBe('x');
    await unlink(join(target, 'stray.img'));
    await expectCode(s.createVolume(ref, volXml(`<volume><name>x.bochs</name><capacity>1</capacity><target><format type='bochs'/></target></volume>`)), ErrorCode.INVALID_ARG, /cannot create volumes of format 'bochs'/);
    await expectCode(s.createVolume(ref, { name: 'neg', capacity: -5 } as StorageVolumeSpec), ErrorCode.INVALID_ARG, /invalid storage volume spec: capacity/);
    await expectCode(s.createVolume(ref, { name: 'nocap', target: { format: 'raw' } }), ErrorCode.INVALID_ARG, /missing capacity/);
    await expectCode(s.createVolume(ref, volXml(`<volume><name>r</name><capacity>1024</capacity><target><format type='raw'/><clusterSize>65536</clusterSize></target></volume>`)), ErrorCode.INVALID_ARG, /only to qcow2/);
    await expectCode(s.createVolume(ref, volXml(`<volume><name>bs</name><capacity>1024</capacity><target><format type='qcow2'/></target><backingStore><path>${join(target, 'absent')}</path></backingStore></volume>`)), ErrorCode.INVALID_ARG, /does not exist/);
    // qemu-img itself refusing: its message is kept.
    await expectCode(s.createVolume(ref, { name: 'huge.qcow2', capacity: 2 ** 52, target: { format: 'qcow2' } }), ErrorCode.OPERATION_FAILED, /qemu-img failed \(exit status 1\): .*too large/);
    // XML-level errors are typed too.
    expect(() => volXml(`<volume><name>u</name><capacity unit='parsecs'>1</capacity></volume>`)).toThrowError(expect.objectContaining({ code: ErrorCode.XML_ERROR }));
    expect(() => volXml(`<volume><name>u</name><capacity>-1</capacity></volume>`)).toThrowError(expect.objectContaining({ code: ErrorCode.XML_ERROR }));
    expect(() => parseStoragePoolXml(`<pool type='dir'><name>x</name>`)).toThrowError(expect.objectContaining({ code: ErrorCode.XML_ERROR }));
    expect(() => parseStoragePoolXml(`<pool type='weird'><name>x</name></pool>`)).toThrowError(expect.objectContaining({ code: ErrorCode.XML_ERROR }));
    expect(await snapshot()).toEqual(before);
    expect(await sha256File(join(target, 'disk.raw'))).toBe(rawHash);
    expect((await readdir(target)).filter((n) => n.startsWith('.'))).toEqual([]); // no temp files left

    await s.deleteVolume(vref(ref, 'top.qcow2'));
    expect(existsSync(join(target, 'top.qcow2'))).toBe(false);
    await expectCode(s.lookupVolume(ref, 'top.qcow2'), ErrorCode.NO_STORAGE_VOL, /no storage vol with matching name 'top.qcow2' in pool 'images'/);
    await expectCode(s.deleteVolume(vref(ref, 'top.qcow2')), ErrorCode.NO_STORAGE_VOL);

    // Refresh picks up files created and removed behind the driver's back, probing formats with qemu-img.
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', join(target, 'outside-made.qcow2'), '1M']);
    await unlink(join(target, 'copy.qcow2'));
    await s.refreshPool(ref);
    const names = (await s.listVolumes(ref)).map((v) => v.name);
    expect(names).toContain('outside-made.qcow2');
    expect(names).not.toContain('copy.qcow2');
    expect((await s.getVolumeSpec(vref(ref, 'outside-made.qcow2'))).target?.format).toBe('qcow2');
  });

  it('refuses names that could escape the pool directory, changing nothing', async () => {
    const parent = await listing(e.dir);
    const inside = await listing(target);
    for (const bad of ['../escape', '..', '.', 'a/b', '/etc/passwd', '.hidden', '', 'nul\u0000byte', '../../../../tmp/x']) {
      await expectCode(s.createVolume(ref, { name: bad, capacity: MiB, target: { format: 'raw' } }), ErrorCode.INVALID_ARG);
      await expectCode(s.uploadVolume(vref(ref, bad), Readable.from([Buffer.from('evil')])), ErrorCode.NO_STORAGE_VOL);
      await expectCode(s.deleteVolume(vref(ref, bad)), ErrorCode.NO_STORAGE_VOL);
    }
    for (const bad of ['../p', 'a/b', '.p', '..']) {
      await expectCode(s.definePool({ type: 'dir', name: bad, target: { path: join(e.dir, 'x') } }), ErrorCode.INVALID_ARG);
    }
    await expectCode(s.definePool({ type: 'dir', name: 'rel', target: { path: 'relative/dir' } }), ErrorCode.INVALID_ARG, /must be absolute/);
    await expectCode(s.definePool({ type: 'iscsi', name: 'isc', source: { hosts: [{ name: 'h' }], devices: [{ path: 'iqn.x' }] }, target: { path: '/dev/disk/by-path' } }), ErrorCode.UNSUPPORTED, /storage pool type 'iscsi' is not supported/);
    expect(await listing(e.dir)).toEqual(parent);
    expect(await listing(target)).toEqual(inside);
    expect(await listing(e.configDir)).toEqual(['autostart', 'images.xml']);
  });

  it('never follows a planted symlink out of the pool', async () => {
    const outside = join(e.dir, 'outside');
    await mkdir(outside, { recursive: true });
    const secret = join(outside, 'secret');
    await writeFile(secret, 'top secret');
    await symlink(secret, join(target, 'evil'));
    await symlink(outside, join(target, 'evildir'));

    // Refresh does not list symlinks as volumes.
    await s.refreshPool(ref);
    const names = (await s.listVolumes(ref)).map((v) => v.name);
    expect(names).not.toContain('evil');
    expect(names).not.toContain('evildir');
    await expectCode(s.lookupVolume(ref, 'evil'), ErrorCode.NO_STORAGE_VOL);
    await expectCode(s.createVolume(ref, { name: 'evil', capacity: MiB, target: { format: 'raw' } }), ErrorCode.OPERATION_INVALID, /symbolic link/);
    await expectCode(s.uploadVolume(vref(ref, 'evil'), Readable.from([Buffer.from('pwned')])), ErrorCode.NO_STORAGE_VOL);

    // A known volume swapped for a symlink behind the driver's back (a race): every operation refuses it.
    await s.createVolume(ref, { name: 'victim', capacity: MiB, target: { format: 'raw' } });
    await unlink(join(target, 'victim'));
    await symlink(secret, join(target, 'victim'));
    const v = vref(ref, 'victim');
    await expectCode(s.uploadVolume(v, Readable.from([Buffer.from('pwned')])), ErrorCode.OPERATION_INVALID, /symbolic link/);
    await expectCode(s.downloadVolume(v), ErrorCode.OPERATION_INVALID, /symbolic link/);
    await expectCode(s.wipeVolume(v), ErrorCode.OPERATION_INVALID, /symbolic link/);
    await expectCode(s.resizeVolume(v, 2 * MiB), ErrorCode.OPERATION_INVALID, /symbolic link/);
    await s.refreshPool(ref);
    expect((await s.listVolumes(ref)).map((x) => x.name)).not.toContain('victim'); // symlinks are never volumes
    await expectCode(s.deleteVolume(v), ErrorCode.NO_STORAGE_VOL);
    expect(await readFile(secret, 'utf8')).toBe('top secret');
    expect((await lstat(join(target, 'victim'))).isSymbolicLink()).toBe(true);

    // A symlinked pool target is fine (resolved once), but nothing escapes it.
    const linkTarget = join(e.dir, 'linkpool');
    await symlink(target, linkTarget);
    expect((await readdir(outside)).sort()).toEqual(['secret']);
    await unlink(join(target, 'evil'));
    await unlink(join(target, 'evildir'));
    await unlink(join(target, 'victim'));
    await unlink(linkTarget);
  });

  it('uploads and downloads 1 GiB byte-identically with monotonic progress', async () => {
    const v = vref(ref, 'big.raw');
    await s.createVolume(ref, { name: 'big.raw', capacity: GiB, target: { format: 'raw' } });
    const t0 = Date.now();
    const up: TransferProgress[] = [];
    const data = patternStream(GiB, 'polyvisor');
    await s.uploadVolume(v, data.stream, { length: GiB, onProgress: (p) => up.push(p) });
    const sent = data.hash();
    const t1 = Date.now();
    const down: TransferProgress[] = [];
    const stream = await s.downloadVolume(v, { onProgress: (p) => down.push(p) });
    // In use while the download runs.
    await expectCode(s.deleteVolume(v), ErrorCode.OPERATION_INVALID, /still in use/);
    const got = await streamHash(stream);
    const t2 = Date.now();
    expect(got.bytes).toBe(GiB);
    expect(got.hash).toBe(sent);
    for (const list of [up, down]) {
      expect(list.length).toBeGreaterThan(10);
      for (let i = 1; i < list.length; i++) expect(list[i]!.bytes).toBeGreaterThan(list[i - 1]!.bytes);
      expect(list.at(-1)).toEqual({ bytes: GiB, total: GiB });
    }
    // Ranged transfers: offset/length.
    const part = await streamHash(await s.downloadVolume(v, { offset: 5 * MiB + 7, length: 1000 }));
    const whole = await readFile(join(target, 'big.raw'));
    expect(part.hash).toBe(createHash('sha256').update(whole.subarray(5 * MiB + 7, 5 * MiB + 1007)).digest('hex'));
    await s.uploadVolume(v, Readable.from([Buffer.from('hello')]), { offset: 10 });
    const head = Buffer.alloc(16);
    const fh = await (await import('node:fs/promises')).open(join(target, 'big.raw'), 'r');
    await fh.read(head, 0, 16, 0);
    await fh.close();
    expect(head.subarray(10, 15).toString()).toBe('hello');
    await expectCode(s.uploadVolume(v, Readable.from([Buffer.alloc(100)]), { length: 10 }), ErrorCode.INVALID_ARG, /more data than the requested length/);
    await expectCode(s.uploadVolume(v, Readable.from([Buffer.alloc(1)]), { offset: 2 * GiB }), ErrorCode.INVALID_ARG, /beyond the end/);
    console.log(`1 GiB upload ${t1 - t0} ms, download+hash ${t2 - t1} ms`);
    await s.deleteVolume(v);
  }, 120_000);

  it('a restarted manager (new instance, same dirs) sees the same pools and volumes', async () => {
    await s.setPoolAutostart(ref, true);
    await mkdir(join(e.dir, 'tmp-t'));
    const tinfo = await s.createPool(dirPoolXml('transient', join(e.dir, 'tmp-t')));
    // Pool sizes come from statfs of a live filesystem: compare everything else.
    const ident = (l: Array<{ name: string; uuid: string; state: string; persistent: boolean; autostart: boolean }>) => l.map(({ name, uuid, state, persistent, autostart }) => ({ name, uuid, state, persistent, autostart }));
    const before = { pools: ident(await s.listPools()), vols: await s.listVolumes(ref) };
    // A stale lock left by a crashed process is broken.
    await writeFile(join(e.runDir, 'storage.lock'), '999999999\n');
    const s2 = e.make();
    expect(ident(await s2.listPools())).toEqual(before.pools);
    expect(before.pools.map((p) => `${p.name}:${p.state}:${p.persistent}`)).toEqual(['images:running:true', 'transient:running:false']);
    expect(await s2.listVolumes(ref)).toEqual(before.vols);
    expect((await s2.getVolumeSpec(vref(ref, 'disk.qcow2'))).target?.format).toBe('qcow2');
    await s2.createVolume(ref, { name: 'after-restart', capacity: MiB, target: { format: 'raw' } });
    // Leftovers of a creation interrupted by a crash are swept on refresh (only ours, only when their process is gone).
    await writeFile(join(target, '.pv-999999999-0123456789ab.tmp'), 'partial');
    await writeFile(join(target, `.pv-${process.pid}-0123456789ab.tmp`), 'in flight');
    await s2.refreshPool(ref);
    expect((await readdir(target)).filter((n) => n.startsWith('.pv-'))).toEqual([`.pv-${process.pid}-0123456789ab.tmp`]);
    await unlink(join(target, `.pv-${process.pid}-0123456789ab.tmp`));
    expect(existsSync(join(e.runDir, 'storage.lock'))).toBe(false);
    // A pool whose storage vanished while the manager was down comes back inactive.
    await s2.destroyPool({ name: 'transient', uuid: tinfo.uuid });
    const e2 = await env('restart-vanish');
    const a = e2.make();
    await mkdir(join(e2.dir, 'gone'));
    const g = await a.definePool(dirPoolXml('gone', join(e2.dir, 'gone')));
    await a.startPool(g);
    await rm(join(e2.dir, 'gone'), { recursive: true });
    const b = e2.make();
    expect((await b.getPoolInfo(g)).state).toBe('inactive');
    expect(existsSync(join(e2.runDir, 'gone.xml'))).toBe(false);
    // Autostart on load.
    await mkdir(join(e2.dir, 'gone'));
    await b.setPoolAutostart(g, true);
    const c = new HostStorage({ configDir: e2.configDir, runDir: e2.runDir, publish: () => undefined, autostart: true });
    expect((await c.getPoolInfo(g)).state).toBe('running');
  });
});

// ---------------------------------------------------------------------------
// Pools that need the kernel: loop devices, mounts, device-mapper, NFS.

function hostProbe(): { loop?: string; mount?: string } {
  const out: { loop?: string; mount?: string } = {};
  if (process.getuid?.() !== 0) return { loop: 'not running as root', mount: 'not running as root' };
  if (!existsSync('/dev/loop-control')) out.loop = 'no /dev/loop-control (loop driver missing)';
  const fs = readFileSync('/proc/filesystems', 'utf8');
  if (!/\bext4\b/.test(fs)) out.mount = 'the kernel has no ext4 support';
  return out;
}

describe('fs pool on a loop-mounted image', () => {
  it('builds (mkfs), mounts, holds volumes, unmounts, and survives a restart', async () => {
    const probe = hostProbe();
    if (probe.loop || probe.mount) {
      const reason = probe.loop ?? probe.mount!;
      console.log(`fs pool test NOT RUN on this host: ${reason}`);
      expect(reason).toMatch(/root|loop|ext4/);
      return;
    }
    const e = await env('fspool');
    const img = join(e.dir, 'fs.img');
    await writeFile(img, '');
    await truncate(img, 64 * MiB);
    const target = join(e.dir, 'mnt');
    const s = e.make();
    const info = await s.definePool(parseStoragePoolXml(`<pool type='fs'><name>fsp</name><source><device path='${img}'/><format type='ext4'/></source><target><path>${target}</path></target></pool>`));
    const ref = { name: 'fsp', uuid: info.uuid };
    cleanups.push(async () => {
      if (await isMountPoint(target)) execFileSync('umount', [target]);
    });
    await s.buildPool(ref, undefined, { overwrite: true });
    expect(execFileSync('blkid', ['-o', 'value', '-s', 'TYPE', img], { encoding: 'utf8' }).trim()).toBe('ext4');
    await expectCode(s.buildPool(ref, undefined, { noOverwrite: true }), ErrorCode.OPERATION_INVALID, /already contains a 'ext4' filesystem/);
    await s.startPool(ref);
    expect(await isMountPoint(target)).toBe(true);
    const pi = await s.getPoolInfo(ref);
    expect(pi.capacity).toBeGreaterThan(40 * MiB);
    expect(pi.capacity).toBeLessThanOrEqual(64 * MiB);
    await s.createVolume(ref, { name: 'in-fs.qcow2', capacity: 100 * MiB, target: { format: 'qcow2' } });
    await expectCode(s.createVolume(ref, { name: 'too-big.raw', capacity: 200 * MiB, target: { format: 'raw' } }, { preallocation: 'falloc' }), ErrorCode.OPERATION_FAILED, /not enough free space/);
    expect((await s.listVolumes(ref)).map((v) => v.name)).toContain('in-fs.qcow2');
    // Restart while mounted: still active with its volumes.
    const s2 = e.make();
    expect((await s2.getPoolInfo(ref)).state).toBe('running');
    expect((await s2.listVolumes(ref)).map((v) => v.name)).toContain('in-fs.qcow2');
    await s2.destroyPool(ref);
    expect(await isMountPoint(target)).toBe(false);
    expect(existsSync(join(target, 'in-fs.qcow2'))).toBe(false);
    await s2.startPool(ref);
    expect(existsSync(join(target, 'in-fs.qcow2'))).toBe(true);
    await s2.destroyPool(ref);
    await s2.deletePool(ref);
    expect(existsSync(target)).toBe(false);
    await s2.undefinePool(ref);
  });
});

describe('logical pool on loop devices', () => {
  it('builds a volume group on a loop device; LVs where device-mapper exists, else the exact reason', async () => {
    const probe = hostProbe();
    if (probe.loop) {
      console.log(`logical pool test NOT RUN on this host: ${probe.loop}`);
      expect(probe.loop).toMatch(/root|loop/);
      return;
    }
    for (const tool of ['pvcreate', 'vgcreate', 'lvcreate', 'vgs', 'lvs']) {
      if (!['/usr/sbin', '/sbin', '/usr/bin'].some((d) => existsSync(join(d, tool)))) {
        console.log(`logical pool test NOT RUN on this host: lvm2 tool '${tool}' is not installed`);
        expect(tool).toBeTruthy();
        return;
      }
    }
    const e = await env('lvm');
    const img = join(e.dir, 'pv.img');
    await writeFile(img, '');
    await truncate(img, 64 * MiB);
    let dev: string;
    try {
      dev = execFileSync('losetup', ['-f', '--show', img], { encoding: 'utf8' }).trim();
    } catch (err) {
      const reason = `losetup failed: ${(err as Error).message}`;
      console.log(`logical pool test NOT RUN on this host: ${reason}`);
      expect(reason).toMatch(/losetup/);
      return;
    }
    const vg = `pvtest${process.pid}`;
    cleanups.push(() => {
      for (const argv of [['vgremove', '-f', vg], ['pvremove', dev], ['losetup', '-d', dev]]) {
        try {
          execFileSync(argv[0]!, argv.slice(1), { stdio: 'ignore', env: { ...process.env, LVM_SUPPRESS_FD_WARNINGS: '1' } });
        } catch {
          /* already gone */
        }
      }
    });
    const s = e.make();
    const info = await s.definePool(parseStoragePoolXml(`<pool type='logical'><name>lvpool</name><source><device path='${dev}'/><name>${vg}</name><format type='lvm2'/></source><target><path>/dev/${vg}</path></target></pool>`));
    const ref = { name: 'lvpool', uuid: info.uuid };
    await s.buildPool(ref);
    await s.startPool(ref);
    const pi = await s.getPoolInfo(ref);
    expect(pi.state).toBe('running');
    expect(pi.capacity).toBeGreaterThan(56 * MiB); // 64 MiB minus LVM metadata, in whole extents
    expect(pi.available).toBe(pi.capacity);
    expect(await s.listVolumes(ref)).toEqual([]);

    const dm = deviceMapperProblem();
    if (dm) {
      console.log(`logical volumes NOT CREATABLE on this host: ${dm}`);
      const err = await expectCode(s.createVolume(ref, { name: 'lv1', capacity: 8 * MiB }), ErrorCode.OPERATION_FAILED, /device-mapper is not available on this host/);
      expect(err.message).toMatch(/lvcreate failed/);
      if (!/\bdevice-mapper\b/.test(readFileSync('/proc/misc', 'utf8'))) expect(err.message).toMatch(/'device-mapper' missing from \/proc\/misc/);
      await s.refreshPool(ref);
      expect(await s.listVolumes(ref)).toEqual([]); // nothing half-created
    } else {
      const lv = await s.createVolume(ref, { name: 'lv1', capacity: 8 * MiB });
      expect(lv).toMatchObject({ name: 'lv1', type: 'block', capacity: 8 * MiB });
      const data = patternStream(4 * MiB, 'lvm');
      await s.uploadVolume(vref(ref, 'lv1'), data.stream);
      const got = await streamHash(await s.downloadVolume(vref(ref, 'lv1'), { length: 4 * MiB }));
      expect(got.hash).toBe(data.hash());
      await s.resizeVolume(vref(ref, 'lv1'), 16 * MiB);
      expect((await s.getVolumeInfo(vref(ref, 'lv1'))).capacity).toBe(16 * MiB);
      await expect(s.resolveVolumeDisk('lvpool', 'lv1')).resolves.toMatchObject({ type: 'block', format: 'raw' });
      await s.deleteVolume(vref(ref, 'lv1'));
      expect(await s.listVolumes(ref)).toEqual([]);
    }
    // Restart sees the active VG.
    expect((await e.make().getPoolInfo(ref)).state).toBe('running');
    await s.destroyPool(ref);
    await s.deletePool(ref);
    expect(execFileSync('pvs', ['--reportformat', 'json'], { encoding: 'utf8', env: { ...process.env, LVM_SUPPRESS_FD_WARNINGS: '1' } })).not.toContain(dev);
    await s.undefinePool(ref);
  });
});

describe('netfs pool', () => {
  it('is defined and validated, and start fails clearly when NFS cannot be mounted here', async () => {
    const e = await env('netfs');
    const s = e.make();
    const target = join(e.dir, 'nfs');
    const spec = parseStoragePoolXml(`<pool type='netfs'><name>nfs</name><source><host name='127.0.0.1'/><dir path='/export/none'/><format type='nfs'/></source><target><path>${target}</path></target></pool>`);
    const info = await s.definePool(spec);
    const ref = { name: 'nfs', uuid: info.uuid };
    expect((await s.getPoolSpec(ref)).source).toMatchObject({ hosts: [{ name: '127.0.0.1' }], dir: '/export/none', format: 'nfs' });
    expect(() => parseStoragePoolXml(`<pool type='netfs'><name>n2</name><source><dir path='/x'/></source><target><path>/mnt/x</path></target></pool>`)).toThrowError(/missing storage pool source host name/);
    await expectCode(s.definePool({ ...spec, name: 'n3', uuid: undefined, target: { path: join(e.dir, 'n3') }, source: { hosts: [{ name: '-oexec' }], dir: '/x', format: 'nfs' } }), ErrorCode.INVALID_ARG, /invalid source host name/);
    await expectCode(s.definePool({ ...spec, name: 'n4', uuid: undefined, target: { path: join(e.dir, 'n4') }, source: { hosts: [{ name: 'h' }], format: 'nfs' } }), ErrorCode.INVALID_ARG, /missing storage pool source path/);
    await expectCode(s.definePool({ ...spec, name: 'n5', uuid: undefined, target: { path: join(e.dir, 'n5') }, source: { hosts: [{ name: 'h' }], dir: '/x', format: 'smb' } }), ErrorCode.INVALID_ARG, /unknown network filesystem format 'smb'/);
    await s.buildPool(ref);
    const t0 = Date.now();
    const err = await expectCode(s.startPool(ref), ErrorCode.OPERATION_FAILED, /storage pool "nfs": cannot mount (nfs export )?'127\.0\.0\.1:\/export\/none'/);
    console.log(`netfs start failed as expected (${Date.now() - t0} ms): ${err.message}`);
    const nfsKernel = /\bnfs\b/.test(readFileSync('/proc/filesystems', 'utf8'));
    const helper = ['/sbin/mount.nfs', '/usr/sbin/mount.nfs'].some((p) => existsSync(p));
    if (!nfsKernel) expect(err.message).toMatch(/the kernel has no 'nfs' support/);
    if (!helper) expect(err.message).toMatch(/mount helper 'mount\.nfs' is not installed/);
    expect((await s.getPoolInfo(ref)).state).toBe('inactive');
    expect(existsSync(join(e.runDir, 'nfs.xml'))).toBe(false);
    expect(await isMountPoint(target)).toBe(false);
    expect(e.events.map((ev) => ev.type)).toEqual(['defined', 'created']);
  });
});
