/**
 * The contract between {@link HostStorage} (state machine, persistence,
 * events) and the per pool-type backends (what actually happens on the
 * host), after libvirt's `virStorageBackend` table.
 * @module
 */
import type { FileHandle } from 'node:fs/promises';
import type { StoragePoolSpec, StoragePoolType, StorageVolumeInfo, StorageVolumeSpec } from '@polyvisor/core';
import type { Preallocation } from './qemu-img.js';

/** Pool sizes in bytes. */
export interface PoolSizes {
  /** Total capacity. */
  capacity: number;
  /** Allocated bytes. */
  allocation: number;
  /** Free bytes. */
  available: number;
}

/** A volume as a backend reports it. */
export interface VolumeRecord {
  /** Full definition (with target path, format, sizes, backing store). */
  spec: StorageVolumeSpec;
  /** Public info. */
  info: StorageVolumeInfo;
  /** Image format (`raw` for block volumes, `dir` for directories). */
  format: string;
}

/** Per-call context of a backend operation. */
export interface BackendCall {
  /** Aborts the host commands. */
  signal: AbortSignal;
  /** Public operation name, for errors. */
  operation: string;
}

/** Flags of a pool build, after libvirt's `VIR_STORAGE_POOL_BUILD_*`. */
export interface BuildPoolOptions {
  /** Format the source even if it already holds data (`mkfs`, `pvcreate -ff`). */
  overwrite?: boolean;
  /** Format the source only after checking it holds no filesystem/signature. */
  noOverwrite?: boolean;
}

/** Options of a volume creation. */
export interface BackendCreateVolumeOptions {
  /** Source volume to copy (or to use as backing file with a `<backingStore>`). */
  from?: VolumeRecord;
  /** Preallocation mode. */
  preallocation: Preallocation;
}

/** One pool type's host operations. */
export interface PoolBackend {
  /** Pool type served. */
  readonly type: StoragePoolType;
  /** Validates a definition against what this backend needs (throws `INVALID_ARG`). */
  validate(spec: StoragePoolSpec, operation: string): void;
  /** Builds the pool's storage (mkdir, mkfs, pvcreate+vgcreate). */
  build(spec: StoragePoolSpec, opts: BuildPoolOptions, c: BackendCall): Promise<void>;
  /** Makes the pool usable (mount, vgchange -ay, directory check). */
  start(spec: StoragePoolSpec, c: BackendCall): Promise<void>;
  /** Stops using the pool (umount, vgchange -an). */
  stop(spec: StoragePoolSpec, c: BackendCall): Promise<void>;
  /** Deletes the pool's storage (rmdir, vgremove+pvremove). */
  remove(spec: StoragePoolSpec, c: BackendCall): Promise<void>;
  /** True when an active pool is still usable (after a manager restart). */
  isActive(spec: StoragePoolSpec): Promise<boolean>;
  /** Current sizes. */
  sizes(spec: StoragePoolSpec, c: BackendCall): Promise<PoolSizes>;
  /** Scans all volumes. */
  listVolumes(spec: StoragePoolSpec, c: BackendCall): Promise<VolumeRecord[]>;
  /** Re-reads one volume (throws `NO_STORAGE_VOL` when gone). */
  refreshVolume(spec: StoragePoolSpec, name: string, c: BackendCall): Promise<VolumeRecord>;
  /** Creates a volume (fails with nothing left behind). */
  createVolume(spec: StoragePoolSpec, vol: StorageVolumeSpec, opts: BackendCreateVolumeOptions, c: BackendCall): Promise<void>;
  /** Deletes a volume. */
  deleteVolume(spec: StoragePoolSpec, vol: VolumeRecord, c: BackendCall): Promise<void>;
  /** Resizes a volume. */
  resizeVolume(spec: StoragePoolSpec, vol: VolumeRecord, capacity: number, shrink: boolean, c: BackendCall): Promise<void>;
  /** Zero-fills a volume, keeping its format. */
  wipeVolume(spec: StoragePoolSpec, vol: VolumeRecord, c: BackendCall): Promise<void>;
  /** Opens the volume's raw bytes (never through a symlink); `size` is its byte length. */
  openVolume(spec: StoragePoolSpec, vol: VolumeRecord, write: boolean, c: BackendCall): Promise<{ fh: FileHandle; size: number }>;
}
