/**
 * {@link HostStorage}: core's `StorageDriver` on a real Linux host. Pools of
 * type `dir`, `fs`, `netfs` and `logical`; volumes through `qemu-img` and
 * lvm2. The state machine, error codes and messages are the test driver's
 * (core `TestState`), so code written against `test:///` behaves the same
 * here; definitions persist as libvirt XML, runtime state survives a
 * restart of the managing process.
 *
 * On disk:
 * - `configDir/<pool>.xml`: persistent definitions (atomic temp+rename, 0600; dir 0700);
 * - `configDir/autostart/<pool>`: autostart markers;
 * - `runDir/<pool>.xml`: live definitions of active pools (a restarted
 *   manager sees them as active after checking they still are);
 * - `runDir/storage.lock`: lock file held while state changes.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ErrorCode,
  PolyvisorError,
  StoragePoolSpecSchema,
  StorageVolumeSpecSchema,
  formatStoragePoolXml,
  parseStoragePoolXml,
  type CallContext,
  type PolyvisorEvent,
  type PoolRef,
  type StorageDriver,
  type StoragePoolEventType,
  type StoragePoolInfo,
  type StoragePoolListFilter,
  type StoragePoolSpec,
  type StoragePoolState,
  type StorageVolumeInfo,
  type StorageVolumeSpec,
  type TransferProgress,
  type VolumeRef,
} from '@polyvisor/core';
import type { BackendCall, BuildPoolOptions, PoolBackend, PoolSizes, VolumeRecord } from './backend.js';
import { FileBackend, asStorageError } from './file-backend.js';
import { LogicalBackend } from './logical-backend.js';
import { qemuImgInfo, type Preallocation } from './qemu-img.js';
import { downloadFromHandle, uploadToHandle } from './transfer.js';
import { acquireLock, ensurePrivateDir, readFileIfExists, removeIfExists, storageError, validateStorageName, writeFileAtomic } from './util.js';

/** Options of the {@link HostStorage} constructor. */
export interface HostStorageOptions {
  /** Directory of persistent pool definitions (created 0700). */
  configDir: string;
  /** Directory of runtime state (created 0700). */
  runDir: string;
  /** Receives storage-pool lifecycle events. */
  publish: (ev: PolyvisorEvent) => void;
  /** Refuse every mutating call with `OPERATION_INVALID`. */
  readOnly?: boolean;
  /** Start the pools marked autostart when the state is first loaded (default false). */
  autostart?: boolean;
  /** How long to wait for another process's state lock (default 30 s). */
  lockWaitMs?: number;
}

/** Extra options of {@link HostStorage.createVolume} beyond core's contract. */
export interface HostCreateVolumeOptions {
  /** Volume to copy (or to use as backing file when the spec has a `<backingStore>`). */
  from?: VolumeRef;
  /**
   * Preallocation. Default: `falloc` when the spec's allocation is at least
   * its capacity, else `off` (sparse).
   */
  preallocation?: Preallocation;
}

/** Extra options of {@link HostStorage.resizeVolume}. */
export interface HostResizeVolumeOptions {
  /** Allow shrinking below the current allocation (data beyond the new end is lost). */
  shrink?: boolean;
}

/** What a `<disk type='volume'>` resolves to (see {@link HostStorage.resolveVolumeDisk}). */
export interface VolumeDiskSource {
  /** Disk source type to use. */
  type: 'file' | 'block';
  /** Host path. */
  path: string;
  /** Image format (`raw`, `qcow2`, ...). */
  format: string;
}

/** One image of a volume's backing chain (see {@link HostStorage.getVolumeBackingChain}). */
export interface BackingChainEntry {
  /** Image path. */
  path: string;
  /** Image format. */
  format: string;
  /** Virtual size in bytes. */
  capacity: number;
  /** Host bytes allocated, when known. */
  allocation?: number;
  /** The next image's path, when there is one. */
  backingPath?: string;
}

interface HPool {
  uuid: string;
  name: string;
  persistentDef?: StoragePoolSpec;
  liveDef?: StoragePoolSpec;
  state: StoragePoolState;
  autostart: boolean;
  sizes: PoolSizes;
  volumes: Map<string, VolumeRecord>;
}

const clone = <T>(v: T): T => structuredClone(v);
const ZERO_SIZES: PoolSizes = { capacity: 0, allocation: 0, available: 0 };
const SUPPORTED_TYPES = ['dir', 'fs', 'netfs', 'logical'] as const;

function err(code: ErrorCode, message: string, operation?: string): PolyvisorError {
  return storageError(code, message, operation);
}

function defaultCtx(): CallContext {
  return { signal: new AbortController().signal };
}

/**
 * Storage pools and volumes on the local host, implementing core's
 * {@link StorageDriver}. Create one per state directory; a second instance
 * on the same directories (a restarted manager) sees the same pools and
 * volumes. Mutations are serialized in-process and across processes (lock
 * file); volume transfers run concurrently.
 */
export class HostStorage implements StorageDriver {
  private readonly pools = new Map<string, HPool>();
  private readonly backends = new Map<string, PoolBackend>();
  private readonly busy = new Map<string, number>();
  private loaded?: Promise<void>;
  private queue: Promise<unknown> = Promise.resolve();

  /** Creates the driver; state is loaded lazily on the first call (or {@link init}). */
  constructor(private readonly opts: HostStorageOptions) {
    for (const t of ['dir', 'fs', 'netfs'] as const) this.backends.set(t, new FileBackend(t));
    this.backends.set('logical', new LogicalBackend());
  }

  // ------------------------------------------------------------ plumbing

  /** Loads the persistent and runtime state (idempotent); starts autostart pools when asked to. */
  init(ctx: CallContext = defaultCtx()): Promise<void> {
    this.loaded ??= this.load(ctx).catch((e) => {
      this.loaded = undefined;
      throw e;
    });
    return this.loaded;
  }

  private configPath(name: string): string {
    return join(this.opts.configDir, `${name}.xml`);
  }

  private autostartPath(name: string): string {
    return join(this.opts.configDir, 'autostart', name);
  }

  private statePath(name: string): string {
    return join(this.opts.runDir, `${name}.xml`);
  }

  private async xmlFiles(dir: string): Promise<string[]> {
    try {
      return (await readdir(dir)).filter((f) => f.endsWith('.xml') && !f.startsWith('.')).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  private async load(ctx: CallContext): Promise<void> {
    if (!this.opts.readOnly) {
      await ensurePrivateDir(this.opts.configDir);
      await ensurePrivateDir(join(this.opts.configDir, 'autostart'));
      await ensurePrivateDir(this.opts.runDir);
    }
    const readSpec = async (path: string): Promise<StoragePoolSpec | undefined> => {
      const xml = await readFileIfExists(path);
      if (xml === undefined) return undefined;
      try {
        const spec = parseStoragePoolXml(xml);
        validateStorageName(spec.name, 'storage pool');
        return spec.uuid ? spec : undefined;
      } catch {
        return undefined; // A broken file is skipped, as libvirt skips it (it stays on disk for inspection).
      }
    };
    for (const f of await this.xmlFiles(this.opts.configDir)) {
      const spec = await readSpec(join(this.opts.configDir, f));
      if (!spec || `${spec.name}.xml` !== f || this.findPoolByName(spec.name) || this.pools.has(spec.uuid!)) continue;
      const autostart = (await readFileIfExists(this.autostartPath(spec.name))) !== undefined;
      this.pools.set(spec.uuid!, { uuid: spec.uuid!, name: spec.name, persistentDef: spec, state: 'inactive', autostart, sizes: ZERO_SIZES, volumes: new Map() });
    }
    for (const f of await this.xmlFiles(this.opts.runDir)) {
      const live = await readSpec(join(this.opts.runDir, f));
      if (!live || `${live.name}.xml` !== f) continue;
      let p = this.pools.get(live.uuid!);
      if (p && p.name !== live.name) continue;
      const backend = this.backends.get(live.type);
      if (!backend || !(await backend.isActive(live).catch(() => false))) {
        if (!this.opts.readOnly) await removeIfExists(this.statePath(live.name));
        continue;
      }
      if (!p) {
        p = { uuid: live.uuid!, name: live.name, state: 'inactive', autostart: false, sizes: ZERO_SIZES, volumes: new Map() };
        this.pools.set(p.uuid, p);
      }
      p.liveDef = live;
      p.state = 'running';
      try {
        await this.refresh(p, { signal: ctx.signal, operation: 'storage.init' });
      } catch {
        p.state = 'inactive';
        p.liveDef = undefined;
        p.volumes.clear();
        p.sizes = ZERO_SIZES;
        if (!p.persistentDef) this.pools.delete(p.uuid);
        if (!this.opts.readOnly) await removeIfExists(this.statePath(live.name));
      }
    }
    if (this.opts.autostart && !this.opts.readOnly) {
      for (const p of [...this.pools.values()]) {
        if (p.autostart && p.state === 'inactive' && p.persistentDef) {
          // A pool that cannot start stays inactive; the others still start.
          await this.doStart(p, { signal: ctx.signal, operation: 'storage.autostart' }).catch(() => undefined);
        }
      }
    }
  }

  private emit(p: { name: string; uuid: string }, type: StoragePoolEventType): void {
    try {
      this.opts.publish({ kind: 'storage-pool', type, pool: { name: p.name, uuid: p.uuid }, timestamp: Date.now() });
    } catch {
      // A listener's failure must not break the driver.
    }
  }

  private checkWritable(op: string): void {
    if (this.opts.readOnly) throw err(ErrorCode.OPERATION_INVALID, 'operation forbidden: read only access', op);
  }

  /** Runs a state change: read-only check, state loaded, serialized in-process and under the lock file. */
  private async mutate<T>(op: string, ctx: CallContext, fn: (c: BackendCall) => Promise<T>): Promise<T> {
    this.checkWritable(op);
    await this.init(ctx);
    const run = async (): Promise<T> => {
      const lock = await acquireLock(join(this.opts.runDir, 'storage.lock'), { waitMs: this.opts.lockWaitMs ?? 30_000, what: 'storage state', signal: ctx.signal });
      try {
        return await fn({ signal: ctx.signal, operation: op });
      } catch (e) {
        throw asStorageError(e, op, op);
      } finally {
        await lock.release();
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read<T>(op: string, ctx: CallContext, fn: (c: BackendCall) => Promise<T> | T): Promise<T> {
    await this.init(ctx);
    try {
      return await fn({ signal: ctx.signal, operation: op });
    } catch (e) {
      throw asStorageError(e, op, op);
    }
  }

  private backend(type: string, op: string): PoolBackend {
    const b = this.backends.get(type);
    if (!b) throw err(ErrorCode.UNSUPPORTED, `storage pool type '${type}' is not supported by this driver (supported: ${SUPPORTED_TYPES.join(', ')})`, op);
    return b;
  }

  private def(p: HPool): StoragePoolSpec {
    return ((p.state !== 'inactive' ? p.liveDef : p.persistentDef) ?? p.persistentDef ?? p.liveDef)!;
  }

  private info(p: HPool): StoragePoolInfo {
    const s = p.state === 'inactive' ? ZERO_SIZES : p.sizes;
    return { name: p.name, uuid: p.uuid, state: p.state, persistent: p.persistentDef !== undefined, autostart: p.autostart, capacity: s.capacity, allocation: s.allocation, available: s.available };
  }

  private getPool(ref: PoolRef): HPool {
    const p = this.pools.get(ref.uuid);
    if (!p) throw err(ErrorCode.NO_STORAGE_POOL, `storage pool "${ref.name}": no storage pool with matching uuid '${ref.uuid}'`);
    return p;
  }

  private findPoolByName(name: string): HPool | undefined {
    for (const p of this.pools.values()) if (p.name === name) return p;
    return undefined;
  }

  private activePool(ref: PoolRef, op: string): HPool {
    const p = this.getPool(ref);
    if (p.state === 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": storage pool is not active`, op);
    return p;
  }

  private async refresh(p: HPool, c: BackendCall): Promise<void> {
    const b = this.backend(this.def(p).type, c.operation);
    const spec = this.def(p);
    const [sizes, vols] = await Promise.all([b.sizes(spec, c), b.listVolumes(spec, c)]);
    p.sizes = sizes;
    p.volumes = new Map(vols.map((v) => [v.info.name, v]));
  }

  private async refreshSizes(p: HPool, c: BackendCall): Promise<void> {
    p.sizes = await this.backend(this.def(p).type, c.operation).sizes(this.def(p), c).catch(() => p.sizes);
  }

  /** Validates a pool spec (schema, name, backend needs) and returns a private copy. */
  private checkPoolSpec(input: StoragePoolSpec, op: string): StoragePoolSpec {
    const res = StoragePoolSpecSchema.safeParse(input);
    if (!res.success) {
      const issue = res.error.issues[0];
      throw err(ErrorCode.INVALID_ARG, `invalid storage pool spec: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`, op);
    }
    const spec = clone(input);
    validateStorageName(spec.name, 'storage pool', op);
    this.backend(spec.type, op).validate(spec, op);
    return spec;
  }

  private checkPoolConflicts(spec: StoragePoolSpec, op: string): HPool | undefined {
    const byName = this.findPoolByName(spec.name);
    const byUuid = spec.uuid ? this.pools.get(spec.uuid) : undefined;
    if (byName && spec.uuid && byName.uuid !== spec.uuid) throw err(ErrorCode.DUPLICATE, `storage pool "${spec.name}": pool '${spec.name}' already exists with uuid ${byName.uuid}`, op);
    if (byUuid && byUuid.name !== spec.name) throw err(ErrorCode.DUPLICATE, `storage pool "${spec.name}": pool '${byUuid.name}' is already defined with uuid ${byUuid.uuid}`, op);
    const existing = byName ?? byUuid;
    // Two pools must not share a target directory or volume group (libvirt's "storage source conflict").
    const key = (s: StoragePoolSpec) => (s.type === 'logical' ? `vg:${s.source?.name ?? s.name}` : `path:${s.target?.path ?? ''}`);
    for (const o of this.pools.values()) {
      if (o === existing) continue;
      for (const d of [o.persistentDef, o.liveDef]) {
        if (d && key(d) === key(spec)) throw err(ErrorCode.OPERATION_FAILED, `storage pool "${spec.name}": storage source conflict with pool '${o.name}'`, op);
      }
    }
    return existing;
  }

  private async writeState(p: HPool): Promise<void> {
    await writeFileAtomic(this.statePath(p.name), formatStoragePoolXml(p.liveDef!));
  }

  private async doStart(p: HPool, c: BackendCall): Promise<void> {
    const spec = clone(p.persistentDef!);
    const b = this.backend(spec.type, c.operation);
    await b.start(spec, c);
    p.liveDef = spec;
    p.state = 'running';
    try {
      await this.refresh(p, c);
      await this.writeState(p);
    } catch (e) {
      p.state = 'inactive';
      p.liveDef = undefined;
      p.volumes.clear();
      await b.stop(spec, c).catch(() => undefined);
      await removeIfExists(this.statePath(p.name)).catch(() => undefined);
      throw e;
    }
    this.emit(p, 'started');
  }

  private busyKey(p: HPool, name: string): string {
    return `${p.uuid}/${name}`;
  }

  private checkNotBusy(p: HPool, name: string, op: string): void {
    if (this.busy.get(this.busyKey(p, name))) throw err(ErrorCode.OPERATION_INVALID, `storage volume "${name}": volume '${name}' is still in use`, op);
  }

  private hold(p: HPool, name: string): () => void {
    const k = this.busyKey(p, name);
    this.busy.set(k, (this.busy.get(k) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.busy.get(k) ?? 1) - 1;
      if (n <= 0) this.busy.delete(k);
      else this.busy.set(k, n);
    };
  }

  // ------------------------------------------------------------ pools

  /** Lists pools (sorted by name). */
  async listPools(filter: StoragePoolListFilter = {}, ctx: CallContext = defaultCtx()): Promise<StoragePoolInfo[]> {
    return this.read('storage.listPools', ctx, () =>
      [...this.pools.values()]
        .map((p) => this.info(p))
        .filter((i) => (filter.active === undefined || (i.state !== 'inactive') === filter.active) && (filter.persistent === undefined || i.persistent === filter.persistent) && (filter.autostart === undefined || i.autostart === filter.autostart))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  }

  /** Looks a pool up by name (`NO_STORAGE_POOL`). */
  async lookupPoolByName(name: string, ctx: CallContext = defaultCtx()): Promise<StoragePoolInfo> {
    return this.read('storage.lookupPoolByName', ctx, () => {
      const p = this.findPoolByName(name);
      if (!p) throw err(ErrorCode.NO_STORAGE_POOL, `storage pool not found: no storage pool with matching name '${name}'`);
      return this.info(p);
    });
  }

  /** Looks a pool up by UUID (`NO_STORAGE_POOL`). */
  async lookupPoolByUuid(uuid: string, ctx: CallContext = defaultCtx()): Promise<StoragePoolInfo> {
    return this.read('storage.lookupPoolByUuid', ctx, () => {
      const p = this.pools.get(uuid.toLowerCase());
      if (!p) throw err(ErrorCode.NO_STORAGE_POOL, `storage pool not found: no storage pool with matching uuid '${uuid}'`);
      return this.info(p);
    });
  }

  /** Defines (or updates) a persistent pool: its XML is written atomically to `configDir`. */
  async definePool(input: StoragePoolSpec, ctx: CallContext = defaultCtx()): Promise<StoragePoolInfo> {
    const op = 'storage.definePool';
    return this.mutate(op, ctx, async () => {
      const spec = this.checkPoolSpec(input, op);
      const existing = this.checkPoolConflicts(spec, op);
      spec.uuid = existing?.uuid ?? spec.uuid ?? randomUUID();
      await writeFileAtomic(this.configPath(spec.name), formatStoragePoolXml(spec, { inactive: true }));
      if (existing) {
        existing.persistentDef = spec;
        this.emit(existing, 'defined');
        return this.info(existing);
      }
      const p: HPool = { uuid: spec.uuid, name: spec.name, persistentDef: spec, state: 'inactive', autostart: false, sizes: ZERO_SIZES, volumes: new Map() };
      this.pools.set(p.uuid, p);
      this.emit(p, 'defined');
      return this.info(p);
    });
  }

  /** Creates and starts a transient pool (an existing inactive persistent one gets this live definition). */
  async createPool(input: StoragePoolSpec, ctx: CallContext = defaultCtx()): Promise<StoragePoolInfo> {
    const op = 'storage.createPool';
    return this.mutate(op, ctx, async (c) => {
      const spec = this.checkPoolSpec(input, op);
      const existing = this.checkPoolConflicts(spec, op);
      if (existing && existing.state !== 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${existing.name}": storage pool is already active`, op);
      spec.uuid = existing?.uuid ?? spec.uuid ?? randomUUID();
      const b = this.backend(spec.type, op);
      await b.start(spec, c);
      const p: HPool = existing ?? { uuid: spec.uuid, name: spec.name, state: 'inactive', autostart: false, sizes: ZERO_SIZES, volumes: new Map() };
      p.liveDef = spec;
      p.state = 'running';
      try {
        await this.refresh(p, c);
        await this.writeState(p);
      } catch (e) {
        p.state = 'inactive';
        p.liveDef = undefined;
        p.volumes.clear();
        await b.stop(spec, c).catch(() => undefined);
        await removeIfExists(this.statePath(spec.name)).catch(() => undefined);
        throw e;
      }
      this.pools.set(p.uuid, p);
      this.emit(p, 'started');
      return this.info(p);
    });
  }

  /**
   * Builds an inactive pool's storage: `dir` makes the target directory with
   * the target permissions; `fs` too, plus `mkfs` of the source when
   * `overwrite` (or `noOverwrite`, which first checks the device is blank) is
   * given; `logical` runs pvcreate on each source device and vgcreate.
   */
  async buildPool(ref: PoolRef, ctx: CallContext = defaultCtx(), opts: BuildPoolOptions = {}): Promise<void> {
    const op = 'storage.buildPool';
    return this.mutate(op, ctx, async (c) => {
      const p = this.getPool(ref);
      if (p.state !== 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": storage pool is already active`, op);
      const spec = this.def(p);
      await this.backend(spec.type, op).build(spec, opts, c);
      this.emit(p, 'created');
    });
  }

  /** Starts an inactive pool (mount, vgchange, directory check), then scans its volumes. */
  async startPool(ref: PoolRef, ctx: CallContext = defaultCtx()): Promise<void> {
    const op = 'storage.startPool';
    return this.mutate(op, ctx, async (c) => {
      const p = this.getPool(ref);
      if (p.state !== 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": storage pool is already active`, op);
      await this.doStart(p, c);
    });
  }

  /** Stops a pool (umount, vgchange -an); a transient pool disappears. */
  async destroyPool(ref: PoolRef, ctx: CallContext = defaultCtx()): Promise<void> {
    const op = 'storage.destroyPool';
    return this.mutate(op, ctx, async (c) => {
      const p = this.getPool(ref);
      if (p.state === 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": storage pool is not active`, op);
      for (const k of this.busy.keys()) if (k.startsWith(`${p.uuid}/`)) throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": storage pool has volumes in use`, op);
      await this.backend(this.def(p).type, op).stop(this.def(p), c);
      await removeIfExists(this.statePath(p.name));
      p.state = 'inactive';
      p.liveDef = undefined;
      p.volumes.clear();
      p.sizes = ZERO_SIZES;
      this.emit(p, 'stopped');
      if (!p.persistentDef) this.pools.delete(p.uuid);
    });
  }

  /** Deletes an inactive pool's storage (rmdir of the target; vgremove+pvremove). */
  async deletePool(ref: PoolRef, ctx: CallContext = defaultCtx()): Promise<void> {
    const op = 'storage.deletePool';
    return this.mutate(op, ctx, async (c) => {
      const p = this.getPool(ref);
      if (p.state !== 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": storage pool is still active`, op);
      await this.backend(this.def(p).type, op).remove(this.def(p), c);
      p.volumes.clear();
      this.emit(p, 'deleted');
    });
  }

  /** Removes an inactive pool's persistent definition (and autostart marker). */
  async undefinePool(ref: PoolRef, ctx: CallContext = defaultCtx()): Promise<void> {
    const op = 'storage.undefinePool';
    return this.mutate(op, ctx, async () => {
      const p = this.getPool(ref);
      if (!p.persistentDef) throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": cannot undefine transient storage pool`, op);
      if (p.state !== 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": storage pool is still active`, op);
      await removeIfExists(this.autostartPath(p.name));
      await removeIfExists(this.configPath(p.name));
      this.pools.delete(p.uuid);
      this.emit(p, 'undefined');
    });
  }

  /** Rescans an active pool's volumes and sizes; a pool that cannot be scanned is stopped (as libvirt does). */
  async refreshPool(ref: PoolRef, ctx: CallContext = defaultCtx()): Promise<void> {
    const op = 'storage.refreshPool';
    return this.mutate(op, ctx, async (c) => {
      const p = this.activePool(ref, op);
      try {
        await this.refresh(p, c);
      } catch (e) {
        await this.backend(this.def(p).type, op).stop(this.def(p), c).catch(() => undefined);
        await removeIfExists(this.statePath(p.name)).catch(() => undefined);
        p.state = 'inactive';
        p.liveDef = undefined;
        p.volumes.clear();
        p.sizes = ZERO_SIZES;
        this.emit(p, 'stopped');
        if (!p.persistentDef) this.pools.delete(p.uuid);
        throw e;
      }
    });
  }

  /** Pool info (sizes as of the last refresh or volume change). */
  async getPoolInfo(ref: PoolRef, ctx: CallContext = defaultCtx()): Promise<StoragePoolInfo> {
    return this.read('storage.getPoolInfo', ctx, () => this.info(this.getPool(ref)));
  }

  /** Live definition with sizes, or (with `inactive`) the persistent one. */
  async getPoolSpec(ref: PoolRef, opts: { inactive?: boolean } = {}, ctx: CallContext = defaultCtx()): Promise<StoragePoolSpec> {
    return this.read('storage.getPoolSpec', ctx, () => {
      const p = this.getPool(ref);
      const spec = clone(opts.inactive ? (p.persistentDef ?? p.liveDef)! : this.def(p));
      if (!opts.inactive && p.state !== 'inactive') Object.assign(spec, p.sizes);
      return spec;
    });
  }

  /** Sets autostart (marker file in `configDir/autostart`). */
  async setPoolAutostart(ref: PoolRef, autostart: boolean, ctx: CallContext = defaultCtx()): Promise<void> {
    const op = 'storage.setPoolAutostart';
    return this.mutate(op, ctx, async () => {
      const p = this.getPool(ref);
      if (!p.persistentDef) throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": cannot set autostart for transient storage pool`, op);
      if (autostart) await writeFileAtomic(this.autostartPath(p.name), `${p.uuid}\n`);
      else await removeIfExists(this.autostartPath(p.name));
      p.autostart = autostart;
    });
  }

  // ------------------------------------------------------------ volumes

  private getVolume(ref: VolumeRef, op: string): { pool: HPool; vol: VolumeRecord } {
    const p = this.activePool(ref.pool, op);
    const v = p.volumes.get(ref.name);
    if (!v) throw err(ErrorCode.NO_STORAGE_VOL, `storage volume "${ref.name}": no storage vol with matching name '${ref.name}' in pool '${p.name}'`, op);
    return { pool: p, vol: v };
  }

  private async freshVolume(ref: VolumeRef, c: BackendCall): Promise<{ pool: HPool; vol: VolumeRecord }> {
    const { pool } = this.getVolume(ref, c.operation);
    try {
      const vol = await this.backend(this.def(pool).type, c.operation).refreshVolume(this.def(pool), ref.name, c);
      pool.volumes.set(ref.name, vol);
      return { pool, vol };
    } catch (e) {
      if (e instanceof PolyvisorError && e.code === ErrorCode.NO_STORAGE_VOL) pool.volumes.delete(ref.name);
      throw e;
    }
  }

  /** Lists an active pool's volumes (sorted by name). */
  async listVolumes(ref: PoolRef, ctx: CallContext = defaultCtx()): Promise<StorageVolumeInfo[]> {
    return this.read('storage.listVolumes', ctx, () => {
      const p = this.activePool(ref, 'storage.listVolumes');
      return [...p.volumes.values()].map((v) => clone(v.info)).sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  /** Looks a volume up by name (`NO_STORAGE_VOL`). */
  async lookupVolume(ref: PoolRef, name: string, ctx: CallContext = defaultCtx()): Promise<StorageVolumeInfo> {
    return this.read('storage.lookupVolume', ctx, () => clone(this.getVolume({ pool: ref, name, key: '' }, 'storage.lookupVolume').vol.info));
  }

  /** Looks a volume up by path or key (the path's symlinks resolved) across active pools. */
  async lookupVolumeByPath(path: string, ctx: CallContext = defaultCtx()): Promise<{ pool: StoragePoolInfo; volume: StorageVolumeInfo }> {
    return this.read('storage.lookupVolumeByPath', ctx, async () => {
      const real = await realpath(path).catch(() => path);
      for (const p of this.pools.values()) {
        if (p.state === 'inactive') continue;
        for (const v of p.volumes.values()) if (v.info.path === path || v.info.key === path || v.info.path === real) return { pool: this.info(p), volume: clone(v.info) };
      }
      throw err(ErrorCode.NO_STORAGE_VOL, `storage volume not found: no storage vol with matching path '${path}'`);
    });
  }

  /**
   * Creates a volume: raw/qcow2/... through `qemu-img create` (preallocation,
   * cluster size, lazy refcounts, compat from the spec), a full copy of
   * `from` through `qemu-img convert`, or a qcow2 overlay when the spec has a
   * `<backingStore>`. Nothing is left on disk when it fails.
   */
  async createVolume(ref: PoolRef, input: StorageVolumeSpec, opts: HostCreateVolumeOptions = {}, ctx: CallContext = defaultCtx()): Promise<StorageVolumeInfo> {
    const op = 'storage.createVolume';
    return this.mutate(op, ctx, async (c) => {
      const p = this.activePool(ref, op);
      const res = StorageVolumeSpecSchema.safeParse(input);
      if (!res.success) {
        const issue = res.error.issues[0];
        throw err(ErrorCode.INVALID_ARG, `invalid storage volume spec: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`, op);
      }
      const spec = clone(input);
      validateStorageName(spec.name, 'storage volume', op);
      if (p.volumes.has(spec.name)) throw err(ErrorCode.DUPLICATE, `storage volume "${spec.name}": storage vol '${spec.name}' already exists in pool '${p.name}'`, op);
      const from = opts.from ? (await this.freshVolume(opts.from, c)).vol : undefined;
      const capacity = spec.capacity ?? from?.info.capacity ?? 0;
      const preallocation: Preallocation = opts.preallocation ?? (spec.allocation !== undefined && capacity > 0 && spec.allocation >= capacity ? 'falloc' : 'off');
      const need = preallocation === 'off' || preallocation === 'metadata' ? 0 : capacity;
      if (this.def(p).type === 'logical') await this.refreshSizes(p, c);
      const wanted = this.def(p).type === 'logical' ? capacity : need;
      if (wanted > p.sizes.available) {
        throw err(ErrorCode.OPERATION_FAILED, `storage volume "${spec.name}": not enough free space in pool '${p.name}' for volume (${wanted} bytes requested, ${p.sizes.available} available)`, op);
      }
      const b = this.backend(this.def(p).type, op);
      await b.createVolume(this.def(p), spec, { ...(from ? { from } : {}), preallocation }, c);
      const rec = await b.refreshVolume(this.def(p), spec.name, c);
      p.volumes.set(spec.name, rec);
      await this.refreshSizes(p, c);
      return clone(rec.info);
    });
  }

  /** Deletes a volume (never through a symlink). */
  async deleteVolume(ref: VolumeRef, ctx: CallContext = defaultCtx()): Promise<void> {
    const op = 'storage.deleteVolume';
    return this.mutate(op, ctx, async (c) => {
      const { pool, vol } = this.getVolume(ref, op);
      this.checkNotBusy(pool, ref.name, op);
      await this.backend(this.def(pool).type, op).deleteVolume(this.def(pool), vol, c);
      pool.volumes.delete(ref.name);
      await this.refreshSizes(pool, c);
    });
  }

  /** Current volume info (re-read from the host). */
  async getVolumeInfo(ref: VolumeRef, ctx: CallContext = defaultCtx()): Promise<StorageVolumeInfo> {
    return this.read('storage.getVolumeInfo', ctx, async (c) => clone((await this.freshVolume(ref, c)).vol.info));
  }

  /** Volume definition (format, sizes, permissions, timestamps, qcow2 options, backing store). */
  async getVolumeSpec(ref: VolumeRef, ctx: CallContext = defaultCtx()): Promise<StorageVolumeSpec> {
    return this.read('storage.getVolumeSpec', ctx, async (c) => clone((await this.freshVolume(ref, c)).vol.spec));
  }

  /** The volume's whole backing chain, top image first (`qemu-img info --backing-chain`). */
  async getVolumeBackingChain(ref: VolumeRef, ctx: CallContext = defaultCtx()): Promise<BackingChainEntry[]> {
    const op = 'storage.getVolumeBackingChain';
    return this.read(op, ctx, async (c) => {
      const { vol } = await this.freshVolume(ref, c);
      if (vol.info.type === 'dir') return [];
      const chain = await qemuImgInfo(vol.info.path, { format: vol.format, backingChain: true, signal: c.signal, operation: op });
      return chain.map((i, n) => {
        const e: BackingChainEntry = { path: n === 0 ? vol.info.path : i.filename, format: i.format, capacity: i['virtual-size'] };
        if (i['actual-size'] !== undefined) e.allocation = i['actual-size'];
        const bp = i['full-backing-filename'] ?? i['backing-filename'];
        if (bp) e.backingPath = bp;
        return e;
      });
    });
  }

  /**
   * Resizes a volume (`qemu-img resize`, `lvresize`). Shrinking below the
   * current allocation is refused with `INVALID_ARG` unless `opts.shrink`.
   */
  async resizeVolume(ref: VolumeRef, capacity: number, ctx: CallContext = defaultCtx(), opts: HostResizeVolumeOptions = {}): Promise<void> {
    const op = 'storage.resizeVolume';
    return this.mutate(op, ctx, async (c) => {
      if (!Number.isSafeInteger(capacity) || capacity < 0) throw err(ErrorCode.INVALID_ARG, `storage volume "${ref.name}": invalid capacity ${capacity}`, op);
      const { pool, vol } = await this.freshVolume(ref, c);
      this.checkNotBusy(pool, ref.name, op);
      if (capacity < vol.info.allocation && !opts.shrink) throw err(ErrorCode.INVALID_ARG, `storage volume "${ref.name}": can't shrink capacity below current allocation`, op);
      if (this.def(pool).type === 'logical' && capacity - vol.info.capacity > pool.sizes.available) throw err(ErrorCode.OPERATION_FAILED, `storage volume "${ref.name}": not enough space left in storage pool`, op);
      if (capacity === vol.info.capacity) return;
      const b = this.backend(this.def(pool).type, op);
      await b.resizeVolume(this.def(pool), vol, capacity, capacity < vol.info.capacity, c);
      pool.volumes.set(ref.name, await b.refreshVolume(this.def(pool), ref.name, c));
      await this.refreshSizes(pool, c);
    });
  }

  /** Zero-fills a volume keeping its format (raw: zeros written, or truncated when sparse; qcow2 etc.: recreated empty). */
  async wipeVolume(ref: VolumeRef, ctx: CallContext = defaultCtx()): Promise<void> {
    const op = 'storage.wipeVolume';
    return this.mutate(op, ctx, async (c) => {
      const { pool, vol } = await this.freshVolume(ref, c);
      this.checkNotBusy(pool, ref.name, op);
      const b = this.backend(this.def(pool).type, op);
      await b.wipeVolume(this.def(pool), vol, c);
      pool.volumes.set(ref.name, await b.refreshVolume(this.def(pool), ref.name, c));
      await this.refreshSizes(pool, c);
    });
  }

  /**
   * Writes `source` into the volume's file (or block device) at `offset`,
   * at most `length` bytes (more is an `INVALID_ARG` error), reporting
   * progress after every write. The file is opened with `O_NOFOLLOW`.
   */
  async uploadVolume(ref: VolumeRef, source: NodeJS.ReadableStream, opts: { offset?: number; length?: number; onProgress?: (p: TransferProgress) => void } = {}, ctx: CallContext = defaultCtx()): Promise<void> {
    const op = 'storage.uploadVolume';
    this.checkWritable(op);
    await this.init(ctx);
    const { pool, vol } = this.getVolume(ref, op);
    this.checkNotBusy(pool, ref.name, op);
    const release = this.hold(pool, ref.name);
    try {
      const b = this.backend(this.def(pool).type, op);
      const c = { signal: ctx.signal, operation: op };
      const { fh, size } = await b.openVolume(this.def(pool), vol, true, c);
      const st = await fh.stat().catch(() => undefined);
      await uploadToHandle(fh, size, st?.isBlockDevice() ?? false, source, opts, ctx.signal, op);
      const fresh = await b.refreshVolume(this.def(pool), ref.name, c).catch(() => undefined);
      if (fresh) pool.volumes.set(ref.name, fresh);
      await this.refreshSizes(pool, c);
    } catch (e) {
      throw asStorageError(e, op, `storage volume "${ref.name}": upload failed`);
    } finally {
      release();
    }
  }

  /**
   * A stream of the volume file's bytes from `offset` (at most `length`),
   * reporting progress as it is read. The volume counts as in use (cannot
   * be deleted, wiped or resized) until the stream ends or is destroyed.
   */
  async downloadVolume(ref: VolumeRef, opts: { offset?: number; length?: number; onProgress?: (p: TransferProgress) => void } = {}, ctx: CallContext = defaultCtx()): Promise<NodeJS.ReadableStream> {
    const op = 'storage.downloadVolume';
    await this.init(ctx);
    const { pool, vol } = this.getVolume(ref, op);
    const release = this.hold(pool, ref.name);
    try {
      const { fh, size } = await this.backend(this.def(pool).type, op).openVolume(this.def(pool), vol, false, { signal: ctx.signal, operation: op });
      const st = await fh.stat().catch(() => undefined);
      const stream = downloadFromHandle(fh, size, st?.isBlockDevice() ?? false, opts, op);
      stream.once('close', release);
      stream.once('end', release);
      return stream;
    } catch (e) {
      release();
      throw asStorageError(e, op, `storage volume "${ref.name}": download failed`);
    }
  }

  // ------------------------------------------------------------ helpers for drivers

  /**
   * Resolves a `<disk type='volume'><source pool volume/>` for a hypervisor
   * driver: the volume's host path, whether to use it as a `file` or `block`
   * disk, and its format. The pool must be active (`OPERATION_INVALID`).
   */
  async resolveVolumeDisk(pool: string, volume: string, ctx: CallContext = defaultCtx()): Promise<VolumeDiskSource> {
    const op = 'storage.resolveVolumeDisk';
    return this.read(op, ctx, async (c) => {
      const p = this.findPoolByName(pool);
      if (!p) throw err(ErrorCode.NO_STORAGE_POOL, `storage pool not found: no storage pool with matching name '${pool}'`, op);
      if (p.state === 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${pool}": storage pool '${pool}' containing volume '${volume}' is not active`, op);
      const { vol } = await this.freshVolume({ pool: { name: p.name, uuid: p.uuid }, name: volume, key: '' }, c);
      if (vol.info.type === 'dir') throw err(ErrorCode.OPERATION_INVALID, `storage volume "${volume}": a directory volume cannot be used as a disk`, op);
      return { type: vol.info.type === 'block' ? 'block' : 'file', path: vol.info.path, format: vol.format };
    });
  }
}

/**
 * The `(pool, volume) → disk source` function the KVM driver uses for
 * `<disk type='volume'>`, bound to one {@link HostStorage}.
 */
export function createVolumeDiskResolver(storage: HostStorage): (pool: string, volume: string) => Promise<VolumeDiskSource> {
  return (pool, volume) => storage.resolveVolumeDisk(pool, volume);
}
