/**
 * File-based pools: `dir` (a directory), `fs` (a block device or image file
 * mounted on the target directory) and `netfs` (an NFS/CIFS/GlusterFS export
 * mounted on it). Volumes are image files handled through `qemu-img`.
 * @module
 */
import { constants } from 'node:fs';
import { chmod, chown, link, lstat, mkdir, open, readdir, readFile, realpath, rename, rm, rmdir, statfs, unlink, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { ErrorCode, PolyvisorError, StoragePoolFsFormats, StoragePoolNetfsFormats, type StoragePoolSpec, type StorageVolumeSpec } from '@polyvisor/core';
import type { BackendCall, BackendCreateVolumeOptions, BuildPoolOptions, PoolBackend, PoolSizes, VolumeRecord } from './backend.js';
import { qemuImgConvert, qemuImgCreate, qemuImgInfo, qemuImgResize, type QemuImgCreateOptions, type QemuImgInfo } from './qemu-img.js';
import { confinedVolumePath, findExecutable, lstatNoSymlink, run, storageError, syncDir } from './util.js';

/** Formats `qemu-img` can create for file volumes (plus `dir` for directories). */
export const CREATABLE_VOLUME_FORMATS = ['raw', 'qcow2', 'qed', 'vmdk', 'vdi', 'vpc', 'dir'] as const;

const ZERO_CHUNK = 4 * 1024 * 1024;
const MOUNT_TIMEOUT_MS = 60_000;
const SAFE_HOST = /^[A-Za-z0-9][A-Za-z0-9._:-]*$|^\[[0-9A-Fa-f:.]+\]$/;
const SAFE_MOUNT_OPT = /^[A-Za-z0-9_][A-Za-z0-9_.=:/@+-]*$/;

/** Decodes the octal escapes (`\040`) of /proc/self/mountinfo. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** True when `path` (resolved) is a mount point of this mount namespace. */
export async function isMountPoint(path: string): Promise<boolean> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    return false;
  }
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  return text.split('\n').some((l) => l.split(' ')[4] !== undefined && unescapeMount(l.split(' ')[4]!) === real);
}

function targetOf(spec: StoragePoolSpec, operation: string): string {
  const p = spec.target?.path;
  if (!p) throw storageError(ErrorCode.INVALID_ARG, `storage pool "${spec.name}": missing storage pool target path`, operation);
  if (!isAbsolute(p)) throw storageError(ErrorCode.INVALID_ARG, `storage pool "${spec.name}": target path '${p}' must be absolute`, operation);
  return p;
}

function sourceFormat(spec: StoragePoolSpec): string {
  const f = spec.source?.format ?? 'auto';
  if (spec.type === 'netfs' && f === 'auto') return 'nfs';
  return f;
}

/** The mount source string of a netfs pool (`host:/dir`, `//host/share`). */
export function netfsSource(spec: StoragePoolSpec): string {
  const host = spec.source?.hosts?.[0]?.name ?? '';
  const dir = spec.source?.dir ?? '';
  return sourceFormat(spec) === 'cifs' ? `//${host}/${dir.replace(/^\/+/, '')}` : `${host}:${dir}`;
}

function statToSpecExtras(st: import('node:fs').Stats): Pick<NonNullable<StorageVolumeSpec['target']>, 'permissions' | 'timestamps'> {
  const ts = (ms: number, ns?: bigint) => (ns !== undefined ? `${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}` : (ms / 1000).toFixed(9));
  return {
    permissions: { mode: st.mode & 0o777, owner: st.uid, group: st.gid },
    timestamps: { atime: ts(st.atimeMs), mtime: ts(st.mtimeMs), ctime: ts(st.ctimeMs), btime: ts(st.birthtimeMs) },
  };
}

/** Builds a volume record from qemu-img info and lstat. */
function fileRecord(name: string, path: string, st: import('node:fs').Stats, info: QemuImgInfo | undefined): VolumeRecord {
  if (st.isDirectory()) {
    const alloc = st.blocks * 512;
    const spec: StorageVolumeSpec = { type: 'dir', name, key: path, capacity: alloc, allocation: alloc, target: { path, format: 'dir', ...statToSpecExtras(st) } };
    return { spec, format: 'dir', info: { name, key: path, path, type: 'dir', capacity: alloc, allocation: alloc } };
  }
  const format = info?.format ?? 'raw';
  const capacity = info?.['virtual-size'] ?? st.size;
  const allocation = st.blocks * 512;
  const target: NonNullable<StorageVolumeSpec['target']> = { path, format, ...statToSpecExtras(st) };
  const data = info?.['format-specific']?.data;
  if (format === 'qcow2') {
    if (typeof data?.compat === 'string') target.compat = data.compat;
    if (info?.['cluster-size']) target.clusterSize = info['cluster-size'];
    if (data?.['lazy-refcounts'] === true || data?.['extended-l2'] === true) {
      target.features = { ...(data['lazy-refcounts'] === true ? { lazyRefcounts: true } : {}), ...(data['extended-l2'] === true ? { extendedL2: true } : {}) };
    }
  }
  const spec: StorageVolumeSpec = { type: 'file', name, key: path, capacity, allocation, physical: st.size, target };
  const backing = info?.['full-backing-filename'] ?? info?.['backing-filename'];
  if (backing) spec.backingStore = { path: backing, ...(info?.['backing-filename-format'] ? { format: info['backing-filename-format'] } : {}) };
  return { spec, format, info: { name, key: path, path, type: 'file', capacity, allocation } };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Opens a path for raw byte access, refusing symlinks (`O_NOFOLLOW`) and anything but a regular file or block device. */
export async function openNoFollow(path: string, write: boolean, operation: string): Promise<{ fh: FileHandle; size: number; block: boolean }> {
  let fh: FileHandle;
  try {
    fh = await open(path, (write ? constants.O_RDWR : constants.O_RDONLY) | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw storageError(ErrorCode.OPERATION_INVALID, `refusing to open '${path}': it is a symbolic link`, operation, err);
    if (code === 'ENOENT') throw storageError(ErrorCode.NO_STORAGE_VOL, `no storage vol at path '${path}'`, operation, err);
    throw storageError(ErrorCode.SYSTEM_ERROR, `cannot open '${path}': ${(err as Error).message}`, operation, err);
  }
  const st = await fh.stat();
  if (!st.isFile() && !st.isBlockDevice()) {
    await fh.close();
    throw storageError(ErrorCode.OPERATION_INVALID, `refusing to open '${path}': not a regular file or block device`, operation);
  }
  return { fh, size: st.size, block: st.isBlockDevice() };
}

/** Writes zeros over `[0, size)` of an open file. */
export async function zeroFill(fh: FileHandle, size: number, signal: AbortSignal): Promise<void> {
  const zeros = Buffer.alloc(Math.min(ZERO_CHUNK, Math.max(size, 1)));
  for (let pos = 0; pos < size; ) {
    if (signal.aborted) throw storageError(ErrorCode.ABORTED, 'wipe aborted');
    const n = Math.min(zeros.length, size - pos);
    const { bytesWritten } = await fh.write(zeros, 0, n, pos);
    pos += bytesWritten;
  }
  await fh.sync();
}

/** Validates the creation options of a file volume; returns the qemu-img format. */
function checkVolumeSpec(vol: StorageVolumeSpec, from: VolumeRecord | undefined, operation: string): string {
  const format = vol.target?.format ?? 'raw';
  const where = `storage volume "${vol.name}"`;
  if (!(CREATABLE_VOLUME_FORMATS as readonly string[]).includes(format)) {
    throw storageError(ErrorCode.INVALID_ARG, `${where}: cannot create volumes of format '${format}' (supported: ${CREATABLE_VOLUME_FORMATS.join(', ')})`, operation);
  }
  if (vol.target?.encryption) throw storageError(ErrorCode.UNSUPPORTED, `${where}: encrypted volumes are not supported by this driver`, operation);
  const t = vol.target ?? {};
  if (format !== 'qcow2' && (t.clusterSize !== undefined || t.compat !== undefined || t.features !== undefined)) {
    throw storageError(ErrorCode.INVALID_ARG, `${where}: clusterSize, compat and features apply only to qcow2 volumes`, operation);
  }
  if (t.compat !== undefined && t.compat !== '0.10' && t.compat !== '1.1') throw storageError(ErrorCode.INVALID_ARG, `${where}: unsupported qcow2 compat '${t.compat}' (0.10 or 1.1)`, operation);
  if (t.compat === '0.10' && (t.features?.lazyRefcounts || t.features?.extendedL2)) throw storageError(ErrorCode.INVALID_ARG, `${where}: qcow2 features need compat 1.1`, operation);
  if (t.clusterSize !== undefined && (t.clusterSize < 512 || t.clusterSize > 2 * 1024 * 1024 || (t.clusterSize & (t.clusterSize - 1)) !== 0)) {
    throw storageError(ErrorCode.INVALID_ARG, `${where}: qcow2 cluster size must be a power of two between 512 B and 2 MiB`, operation);
  }
  if (vol.backingStore && format !== 'qcow2' && format !== 'qed') throw storageError(ErrorCode.INVALID_ARG, `${where}: a backing store needs a qcow2 or qed volume, not '${format}'`, operation);
  if (vol.backingStore && !isAbsolute(vol.backingStore.path)) throw storageError(ErrorCode.INVALID_ARG, `${where}: backing store path '${vol.backingStore.path}' must be absolute`, operation);
  if (vol.capacity === undefined && !from && !vol.backingStore) throw storageError(ErrorCode.INVALID_ARG, `${where}: missing capacity`, operation);
  if (from && vol.capacity !== undefined && !vol.backingStore && vol.capacity < from.info.capacity) {
    throw storageError(ErrorCode.INVALID_ARG, `${where}: capacity ${vol.capacity} is smaller than the source volume's ${from.info.capacity}`, operation);
  }
  if (from && from.format === 'dir') throw storageError(ErrorCode.INVALID_ARG, `${where}: cannot clone a directory volume`, operation);
  return format;
}

/** The backend of `dir`, `fs` and `netfs` pools. */
export class FileBackend implements PoolBackend {
  /** Creates the backend of one pool type. */
  constructor(readonly type: 'dir' | 'fs' | 'netfs') {}

  /** Checks the target path, mount options and (fs) source device / (netfs) host, dir and format. */
  validate(spec: StoragePoolSpec, operation: string): void {
    const where = `storage pool "${spec.name}"`;
    targetOf(spec, operation);
    for (const o of spec.mountOpts?.options ?? []) {
      if (!SAFE_MOUNT_OPT.test(o.name)) throw storageError(ErrorCode.INVALID_ARG, `${where}: invalid mount option '${o.name}'`, operation);
    }
    if (this.type === 'fs') {
      const dev = spec.source?.devices?.[0]?.path;
      if (!dev) throw storageError(ErrorCode.INVALID_ARG, `${where}: missing storage pool source device name`, operation);
      if (!isAbsolute(dev)) throw storageError(ErrorCode.INVALID_ARG, `${where}: source device '${dev}' must be an absolute path`, operation);
      const f = spec.source?.format ?? 'auto';
      if (!(StoragePoolFsFormats as readonly string[]).includes(f)) throw storageError(ErrorCode.INVALID_ARG, `${where}: unknown filesystem format '${f}'`, operation);
    }
    if (this.type === 'netfs') {
      const host = spec.source?.hosts?.[0]?.name;
      if (!host) throw storageError(ErrorCode.INVALID_ARG, `${where}: missing storage pool source host name`, operation);
      if (!SAFE_HOST.test(host)) throw storageError(ErrorCode.INVALID_ARG, `${where}: invalid source host name '${host}'`, operation);
      const dir = spec.source?.dir;
      if (dir === undefined) throw storageError(ErrorCode.INVALID_ARG, `${where}: missing storage pool source path`, operation);
      if (!isAbsolute(dir) && sourceFormat(spec) !== 'cifs') throw storageError(ErrorCode.INVALID_ARG, `${where}: source dir '${dir}' must be absolute`, operation);
      const f = spec.source?.format ?? 'auto';
      if (!(StoragePoolNetfsFormats as readonly string[]).includes(f)) throw storageError(ErrorCode.INVALID_ARG, `${where}: unknown network filesystem format '${f}'`, operation);
    }
  }

  /** Creates the target directory with the target permissions; for `fs` with `overwrite`/`noOverwrite` also runs mkfs on the source. */
  async build(spec: StoragePoolSpec, opts: BuildPoolOptions, c: BackendCall): Promise<void> {
    const target = targetOf(spec, c.operation);
    if (opts.overwrite && opts.noOverwrite) throw storageError(ErrorCode.INVALID_ARG, `storage pool "${spec.name}": overwrite and noOverwrite are mutually exclusive`, c.operation);
    const perms = spec.target?.permissions;
    const st = await lstat(target).catch(() => undefined);
    if (st && !st.isDirectory()) throw storageError(ErrorCode.OPERATION_FAILED, `storage pool "${spec.name}": target '${target}' exists and is not a directory`, c.operation);
    // libvirt's default pool directory mode is 0711; an existing directory gets the asked-for permissions.
    await mkdir(target, { recursive: true, mode: perms?.mode ?? 0o711 });
    if (perms?.mode !== undefined || !st) await chmod(target, perms?.mode ?? 0o711);
    if (perms?.owner !== undefined || perms?.group !== undefined) await chown(target, perms.owner ?? -1, perms.group ?? -1);
    if (this.type === 'fs' && (opts.overwrite || opts.noOverwrite)) await this.mkfs(spec, opts, c);
  }

  private async mkfs(spec: StoragePoolSpec, opts: BuildPoolOptions, c: BackendCall): Promise<void> {
    const dev = spec.source!.devices![0]!.path;
    const where = `storage pool "${spec.name}"`;
    const st = await lstat(dev).catch(() => undefined);
    if (!st || (!st.isBlockDevice() && !st.isFile())) throw storageError(ErrorCode.OPERATION_FAILED, `${where}: source device '${dev}' is not a block device or image file`, c.operation);
    if (opts.noOverwrite) {
      const found = await run(['blkid', '-p', '-o', 'value', '-s', 'TYPE', dev], { signal: c.signal }).then((r) => r.stdout.trim(), () => '');
      if (found) throw storageError(ErrorCode.OPERATION_INVALID, `${where}: device '${dev}' already contains a '${found}' filesystem; build with overwrite to replace it`, c.operation);
    }
    let fmt = spec.source?.format ?? 'auto';
    if (fmt === 'auto') fmt = 'ext4';
    const argv = /^ext[234]$/.test(fmt) ? [`mkfs.${fmt}`, '-F', '-q', dev] : fmt === 'xfs' ? ['mkfs.xfs', '-f', '-q', dev] : fmt === 'vfat' ? ['mkfs.vfat', dev] : ['mkfs', '-t', fmt, dev];
    await run(argv, { signal: c.signal, operation: c.operation });
  }

  /** `dir`: checks the target directory; `fs`/`netfs`: mounts the source on it (NFS prerequisites are checked first). */
  async start(spec: StoragePoolSpec, c: BackendCall): Promise<void> {
    const target = targetOf(spec, c.operation);
    const where = `storage pool "${spec.name}"`;
    const st = await lstat(target).catch(() => undefined);
    // A symlinked target is accepted (libvirt does): everything below resolves it once with realpath.
    const dirOk = st?.isDirectory() || (st?.isSymbolicLink() && (await realpath(target).then((r) => lstat(r)).then((s) => s.isDirectory(), () => false)));
    if (!dirOk) throw storageError(ErrorCode.OPERATION_FAILED, `${where}: cannot open directory '${target}': No such file or directory (build the pool first)`, c.operation);
    if (this.type === 'dir') return;
    if (await isMountPoint(target)) return;
    const options = (spec.mountOpts?.options ?? []).map((o) => o.name);
    let source: string;
    let fstype: string | undefined = sourceFormat(spec);
    if (this.type === 'fs') {
      source = spec.source!.devices![0]!.path;
      const sst = await lstat(source).catch(() => undefined);
      if (!sst) throw storageError(ErrorCode.OPERATION_FAILED, `${where}: source device '${source}' does not exist`, c.operation);
      if (sst.isFile()) options.push('loop');
      if (fstype === 'auto') fstype = undefined;
    } else {
      source = netfsSource(spec);
      const helper = `mount.${fstype}`;
      const problems: string[] = [];
      const fsList = await readFile('/proc/filesystems', 'utf8').catch(() => '');
      const kernelFs = fstype === 'glusterfs' ? 'fuse' : fstype;
      if (!fsList.split('\n').some((l) => l.trim().split(/\s+/).pop() === kernelFs)) problems.push(`the kernel has no '${kernelFs}' support ('${kernelFs}' missing from /proc/filesystems)`);
      if (!(await findExecutable(helper))) problems.push(`mount helper '${helper}' is not installed`);
      if (problems.length) throw storageError(ErrorCode.OPERATION_FAILED, `${where}: cannot mount ${fstype} export '${source}' on '${target}': ${problems.join('; ')}`, c.operation);
    }
    const argv = ['mount', ...(fstype ? ['-t', fstype] : []), ...(options.length ? ['-o', options.join(',')] : []), '--', source, target];
    try {
      await run(argv, { signal: c.signal, timeoutMs: MOUNT_TIMEOUT_MS, operation: c.operation });
    } catch (err) {
      const detail = err instanceof Error ? err.message.replace(/^\[storage\] /, '') : String(err);
      throw storageError(ErrorCode.OPERATION_FAILED, `${where}: cannot mount '${source}' on '${target}': ${detail}`, c.operation, err);
    }
  }

  /** Unmounts an `fs`/`netfs` target (nothing for `dir`). */
  async stop(spec: StoragePoolSpec, c: BackendCall): Promise<void> {
    if (this.type === 'dir') return;
    const target = targetOf(spec, c.operation);
    if (!(await isMountPoint(target))) return;
    await run(['umount', '--', target], { signal: c.signal, timeoutMs: MOUNT_TIMEOUT_MS, operation: c.operation });
  }

  /** Removes the (empty) target directory. */
  async remove(spec: StoragePoolSpec, c: BackendCall): Promise<void> {
    const target = targetOf(spec, c.operation);
    try {
      await rmdir(target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      throw storageError(ErrorCode.OPERATION_FAILED, `storage pool "${spec.name}": cannot remove directory '${target}': ${code === 'ENOTEMPTY' ? 'Directory not empty' : (err as Error).message}`, c.operation, err);
    }
  }

  /** True when an active pool is still usable (manager restart). */
  async isActive(spec: StoragePoolSpec): Promise<boolean> {
    const target = spec.target?.path;
    if (!target) return false;
    const ok = await realpath(target).then((r) => lstat(r)).then((s) => s.isDirectory(), () => false);
    if (!ok) return false;
    return this.type === 'dir' ? true : isMountPoint(target);
  }

  /** Sizes from `statfs` of the target. */
  async sizes(spec: StoragePoolSpec, c: BackendCall): Promise<PoolSizes> {
    const s = await statfs(targetOf(spec, c.operation));
    const capacity = s.blocks * s.bsize;
    return { capacity, allocation: (s.blocks - s.bfree) * s.bsize, available: s.bavail * s.bsize };
  }

  private async record(dir: string, name: string, c: BackendCall): Promise<VolumeRecord | undefined> {
    const path = join(dir, name);
    const st = await lstat(path).catch(() => undefined);
    if (!st || st.isSymbolicLink()) return undefined;
    if (st.isDirectory()) return fileRecord(name, path, st, undefined);
    if (!st.isFile()) return undefined;
    const info = await qemuImgInfo(path, { signal: c.signal, operation: c.operation }).then((i) => i[0], () => undefined);
    return fileRecord(name, path, st, info);
  }

  /** Scans the target directory (hidden entries and symlinks are skipped), probing formats with qemu-img. */
  async listVolumes(spec: StoragePoolSpec, c: BackendCall): Promise<VolumeRecord[]> {
    const dir = await realpath(targetOf(spec, c.operation));
    // Hidden entries (our temp files among them) and symlinks are never volumes.
    const all = await readdir(dir);
    // Temp files of a creation interrupted by a crash (their creator is gone) are removed.
    for (const n of all) {
      const m = /^\.pv-(\d+)-[0-9a-f]{12}\.tmp$/.exec(n);
      if (m && !processAlive(Number(m[1]))) await rm(join(dir, n), { force: true }).catch(() => undefined);
    }
    const names = all.filter((n) => !n.startsWith('.')).sort();
    const recs = await mapLimit(names, 8, (n) => this.record(dir, n, c));
    return recs.filter((r): r is VolumeRecord => r !== undefined);
  }

  /** Re-reads one volume (`NO_STORAGE_VOL` when gone). */
  async refreshVolume(spec: StoragePoolSpec, name: string, c: BackendCall): Promise<VolumeRecord> {
    const path = await confinedVolumePath(targetOf(spec, c.operation), name, c.operation);
    await lstatNoSymlink(path, c.operation);
    const rec = await this.record(await realpath(targetOf(spec, c.operation)), name, c);
    if (!rec) throw storageError(ErrorCode.NO_STORAGE_VOL, `storage volume "${name}": no storage vol with matching name '${name}' in pool '${spec.name}'`, c.operation);
    return rec;
  }

  /** Creates a volume; nothing is left behind on failure. */
  async createVolume(spec: StoragePoolSpec, vol: StorageVolumeSpec, opts: BackendCreateVolumeOptions, c: BackendCall): Promise<void> {
    const op = c.operation;
    const format = checkVolumeSpec(vol, opts.from, op);
    const dir = targetOf(spec, op);
    const path = await confinedVolumePath(dir, vol.name, op);
    if (await lstatNoSymlink(path, op)) throw storageError(ErrorCode.DUPLICATE, `storage volume "${vol.name}": storage vol '${vol.name}' already exists in pool '${spec.name}'`, op);
    const mode = vol.target?.permissions?.mode ?? 0o600;
    const owner = vol.target?.permissions?.owner;
    const group = vol.target?.permissions?.group;
    if (format === 'dir') {
      await mkdir(path, { mode: vol.target?.permissions?.mode ?? 0o755 });
      if (owner !== undefined || group !== undefined) await chown(path, owner ?? -1, group ?? -1);
      return;
    }
    let backingFormat: string | undefined;
    if (vol.backingStore) {
      const bst = await lstat(vol.backingStore.path).catch(() => undefined);
      if (!bst || !(bst.isFile() || bst.isBlockDevice())) throw storageError(ErrorCode.INVALID_ARG, `storage volume "${vol.name}": backing store '${vol.backingStore.path}' does not exist or is not a file or block device`, op);
      backingFormat = vol.backingStore.format ?? (opts.from && opts.from.info.path === vol.backingStore.path ? opts.from.format : (await qemuImgInfo(vol.backingStore.path, { signal: c.signal, operation: op }))[0]?.format);
    }
    const t = vol.target ?? {};
    const o: QemuImgCreateOptions = {
      format,
      preallocation: opts.preallocation,
      ...(t.clusterSize !== undefined ? { clusterSize: t.clusterSize } : {}),
      ...(t.compat !== undefined ? { compat: t.compat } : {}),
      ...(t.features?.lazyRefcounts ? { lazyRefcounts: true } : {}),
      ...(t.features?.extendedL2 ? { extendedL2: true } : {}),
      ...(t.nocow ? { nocow: true } : {}),
    };
    // Build under a hidden temp name, then link() it in place: link never
    // replaces an existing entry, so a racing creator cannot be clobbered, and
    // a failure leaves nothing behind.
    const tmp = join(await realpath(dir), `.pv-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    try {
      if (vol.backingStore) {
        await qemuImgCreate(tmp, { ...o, preallocation: 'off', ...(vol.capacity !== undefined ? { size: vol.capacity } : {}), backingFile: vol.backingStore.path, ...(backingFormat ? { backingFormat } : {}) }, c.signal, op);
      } else if (opts.from) {
        await qemuImgConvert(opts.from.info.path, opts.from.format, tmp, o, c.signal, op);
        if (vol.capacity !== undefined && vol.capacity > opts.from.info.capacity) await qemuImgResize(tmp, format, vol.capacity, false, c.signal, op);
      } else {
        await qemuImgCreate(tmp, { ...o, size: vol.capacity! }, c.signal, op);
      }
      await chmod(tmp, mode);
      if (owner !== undefined || group !== undefined) await chown(tmp, owner ?? -1, group ?? -1);
      try {
        await link(tmp, path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw storageError(ErrorCode.DUPLICATE, `storage volume "${vol.name}": storage vol '${vol.name}' already exists in pool '${spec.name}'`, op, err);
        throw err;
      }
    } finally {
      await rm(tmp, { force: true }).catch(() => undefined);
    }
    await syncDir(dir);
  }

  /** Deletes a volume. */
  async deleteVolume(spec: StoragePoolSpec, vol: VolumeRecord, c: BackendCall): Promise<void> {
    const path = await confinedVolumePath(targetOf(spec, c.operation), vol.info.name, c.operation);
    const st = await lstatNoSymlink(path, c.operation);
    if (!st) throw storageError(ErrorCode.NO_STORAGE_VOL, `storage volume "${vol.info.name}": no storage vol with matching name '${vol.info.name}' in pool '${spec.name}'`, c.operation);
    try {
      if (st.isDirectory()) await rmdir(path);
      else await unlink(path);
    } catch (err) {
      throw storageError(ErrorCode.OPERATION_FAILED, `storage volume "${vol.info.name}": cannot remove '${path}': ${(err as Error).message}`, c.operation, err);
    }
    await syncDir(targetOf(spec, c.operation));
  }

  /** Resizes a volume. */
  async resizeVolume(spec: StoragePoolSpec, vol: VolumeRecord, capacity: number, shrink: boolean, c: BackendCall): Promise<void> {
    const path = await confinedVolumePath(targetOf(spec, c.operation), vol.info.name, c.operation);
    await lstatNoSymlink(path, c.operation);
    if (vol.format === 'dir') throw storageError(ErrorCode.OPERATION_INVALID, `storage volume "${vol.info.name}": cannot resize a directory volume`, c.operation);
    await qemuImgResize(path, vol.format, capacity, shrink, c.signal, c.operation);
  }

  /** Zero-fills a volume, keeping its format. */
  async wipeVolume(spec: StoragePoolSpec, vol: VolumeRecord, c: BackendCall): Promise<void> {
    const op = c.operation;
    const dir = targetOf(spec, op);
    const path = await confinedVolumePath(dir, vol.info.name, op);
    await lstatNoSymlink(path, op);
    if (vol.format === 'dir') throw storageError(ErrorCode.OPERATION_INVALID, `storage volume "${vol.info.name}": cannot wipe a directory volume`, op);
    if (vol.format === 'raw') {
      const { fh, size } = await openNoFollow(path, true, op);
      try {
        const st = await fh.stat();
        if (st.blocks * 512 < st.size) {
          // Sparse file: as libvirt, zero it by truncating to 0 and back (reads as zeros, stays sparse).
          await fh.truncate(0);
          await fh.truncate(size);
          await fh.sync();
        } else {
          await zeroFill(fh, size, c.signal);
        }
      } finally {
        await fh.close();
      }
      return;
    }
    // Other formats: a zero-filled image of the same format, size and options,
    // built aside and renamed over the old one (the data reads as zeros, so
    // no backing file is kept).
    const st = await lstat(path);
    const t = vol.spec.target ?? {};
    const tmp = join(await realpath(dir), `.pv-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    try {
      await qemuImgCreate(
        tmp,
        {
          format: vol.format,
          size: vol.info.capacity,
          ...(t.clusterSize !== undefined ? { clusterSize: t.clusterSize } : {}),
          ...(t.compat !== undefined ? { compat: t.compat } : {}),
          ...(t.features?.lazyRefcounts ? { lazyRefcounts: true } : {}),
          ...(t.features?.extendedL2 ? { extendedL2: true } : {}),
        },
        c.signal,
        op,
      );
      await chmod(tmp, st.mode & 0o7777);
      await chown(tmp, st.uid, st.gid);
      await rename(tmp, path);
    } finally {
      await rm(tmp, { force: true }).catch(() => undefined);
    }
    await syncDir(dir);
  }

  /** Opens the volume's raw bytes without following symlinks. */
  async openVolume(spec: StoragePoolSpec, vol: VolumeRecord, write: boolean, c: BackendCall): Promise<{ fh: FileHandle; size: number }> {
    const path = await confinedVolumePath(targetOf(spec, c.operation), vol.info.name, c.operation);
    const { fh, size } = await openNoFollow(path, write, c.operation);
    return { fh, size };
  }
}

/** Re-throws anything that is not a PolyvisorError as `SYSTEM_ERROR`. */
export function asStorageError(err: unknown, operation: string, what: string): PolyvisorError {
  if (err instanceof PolyvisorError) return err;
  return storageError(ErrorCode.SYSTEM_ERROR, `${what}: ${(err as Error)?.message ?? String(err)}`, operation, err);
}
