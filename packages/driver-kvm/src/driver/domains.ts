/**
 * Domain lifecycle on real QEMU: definitions on disk, QEMU processes that
 * outlive the manager, QMP attachment, re-attachment after a restart, and
 * QMP events mapped to polyvisor lifecycle events.
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile, rm, stat, chmod, rename as fsRename } from 'node:fs/promises';
import { existsSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import {
  ErrorCode, PolyvisorError, HypervisorError, domainEvent, delay, formatDomainXml, parseDomainXml, applyDomainMetadata, readDomainMetadata,
  type CallContext, type DomainDriver, type DomainRef, type DomainSpec, type DomainRecord, type DomainInfo, type DomainListFilter,
  type DomainState, type DomainStateReason, type DomainStats, type MigrateOptions, type MigrationProgress, type PolyvisorEvent, type DomainEventDetails, type DomainEventType, type MetadataType, type ShutdownMode,
} from '@polyvisor/core';
import { QmpClient } from '../qmp/client.js';
import { GuestAgentClient } from '../qga/client.js';
import { acquireLock, ensurePrivateDir, pidAlive, readFileIfExists, removeIfExists, writeFileAtomic, type FileLock } from './store.js';
import { ProcStatReader, processCmdline, hostNetDev, spawnDetached, terminate, waitForPidExit } from './process.js';
import { readStatus, statusPath, writeStatus, type DomainStatus } from './status.js';
import { feedIncoming, readSaveHeader, runOutgoingMigration, saveToFile, startIncoming, waitIncoming, type SaveHeader } from './migration.js';
import type { KvmPaths } from './paths.js';
import type { DomainAccess } from './access.js';
import * as consoleMod from './console.js';
import * as hotplugMod from './hotplug.js';
import * as snapshotMod from './snapshots.js';

const DRIVER = 'kvm';

/** The runtime paths QEMU gets for one domain. */
export interface RuntimePaths {
  /** Per-domain runtime directory (0700). */
  domainDir: string;
  /** QMP socket. */
  qmpPath: string;
  /** Guest agent socket (for a `org.qemu.guest_agent.0` channel without a path). */
  qgaPath: string;
  /** Pidfile. */
  pidPath: string;
  /** Log file. */
  logPath: string;
}

/** What the lifecycle needs to turn a spec into a QEMU command line. */
export interface ArgvRenderer {
  /** The emulator binary for a spec (its `<emulator>` or the default). */
  emulator(spec: DomainSpec): string;
  /** Renders argv (without the binary); must start paused (`-S`) and put QMP on `paths.qmpPath`. */
  render(spec: DomainSpec, ctx: { id: number; accel: 'kvm' | 'tcg'; paths: RuntimePaths; signal: AbortSignal; incoming?: string }): Promise<string[]>;
}

/** Options of {@link KvmDomains}. */
export interface KvmDomainsOptions {
  /** State directories. */
  paths: KvmPaths;
  /** Event sink. */
  publish: (ev: PolyvisorEvent) => void;
  /** Command-line renderer. */
  argv: ArgvRenderer;
  /** Picks the accelerator for a domain type. */
  accelFor: (type: string) => 'kvm' | 'tcg';
  /** Read-only connection. */
  readOnly?: boolean;
  /** Host networking for `<interface type='network'|'bridge'|'ethernet'>` (taps); absent: those types are refused. */
  net?: InterfaceHost;
  /** Run QEMU inside this network namespace (`ip netns exec`), so its taps live there. */
  netns?: string;
  /** Resolves `<disk type='volume'>` through the storage pools (absent: such disks are refused). */
  volumes?: (pool: string, volume: string) => Promise<{ type: 'file' | 'block'; path: string; format: string }>;
}

/** What the lifecycle needs from host networking to give a guest NIC a tap. */
export interface InterfaceHost {
  /** Creates `tapName` on the bridge of network `network` (which must be active). */
  attachToNetwork(network: string, tapName: string, mac: string | undefined, signal: AbortSignal): Promise<void>;
  /** Creates `tapName` on an existing host bridge. */
  attachToBridge(bridge: string, tapName: string, mac: string | undefined, signal: AbortSignal): Promise<void>;
  /** Creates a tap attached to nothing (`type='ethernet'`). */
  createTap(tapName: string, mac: string | undefined, signal: AbortSignal): Promise<void>;
  /** Removes a tap (no error when gone). */
  removeTap(tapName: string): Promise<void>;
}

interface Attachment {
  status: DomainStatus;
  qmp?: QmpClient;
  /** Another process holds the monitor. */
  foreign: boolean;
  unsubs: Array<() => void>;
  /** Set while we stop QEMU on purpose: the reason to record. */
  stopping?: { reason: DomainStateReason; detail: DomainEventDetails['stopped'] };
  sawShutdown?: 'guest' | 'host';
  fakeReboot?: boolean;
  suppressResume?: boolean;
  /** An outgoing migration or save is running: its STOP is reported as suspended/migrated by the migration code. */
  migrating?: boolean;
  exited: Promise<void>;
  markExited: () => void;
  /**
   * The balloon's current size in KiB, kept by `BALLOON_CHANGE` events (as
   * libvirt does) so getInfo needs no monitor round trip; undefined until
   * the first query.
   */
  balloonKiB?: number;
  /** CPU times of this QEMU through a kept /proc descriptor (created on first use). */
  procStat?: ProcStatReader;
  /** `query-cpus-fast` as of a live definition (thread ids change only with vCPU hotplug). */
  vcpuCache?: { liveXml: string; cpus: Array<{ 'cpu-index': number; 'thread-id': number }> };
}

/** The CPU times of an attachment's QEMU (zeros when gone). */
function cpuTimesOf(att: Attachment): { user: number; system: number } {
  if (att.procStat?.pid !== att.status.pid) {
    att.procStat?.close();
    att.procStat = new ProcStatReader(att.status.pid);
  }
  return att.procStat.read();
}

/** A definition file as last read: its signature and parsed content (absent: unparsable). */
interface DefFile {
  sig: string;
  /** Its timestamps were too recent to trust: re-read next time regardless of the signature. */
  racy: boolean;
  spec?: DomainSpec;
}

/** Timestamps younger than this (ns) may hide a second change (coarse file system clocks). */
const RACY_NS = 50_000_000n;

/** A stat's identity: inode, size and change times (ns). */
function statSig(st: BigIntStats | undefined): string {
  return st ? `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` : 'none';
}

interface Entry {
  name: string;
  uuid: string;
  persistentDef?: DomainSpec;
  autostart: boolean;
}


/** Runs a QMP command on an attachment, with the caller's signal. */
async function qmpRun(att: Attachment, name: string, args: Record<string, unknown> | undefined, ctx: CallContext): Promise<unknown> {
  if (!att.qmp) throw new PolyvisorError(ErrorCode.RESOURCE_BUSY, `domain "${att.status.name}": its monitor is held by another process`, { driver: DRIVER });
  return att.qmp.execute(name, args, { signal: ctx.signal });
}

/**
 * The KVM domain sub-driver. One instance per connection; state that must
 * survive the process lives on disk under the connection's paths.
 */
export class KvmDomains implements DomainDriver {
  private readonly attached = new Map<string, Attachment>();
  private readonly lastStop = new Map<string, DomainStateReason>();
  private closed = false;
  private defsCache: { key: string; racy: boolean; files: Map<string, DefFile>; entries: Map<string, Entry> } | undefined;
  private defsDirty = false;
  private runKey: string | undefined;

  /** Creates the sub-driver; call {@link KvmDomains.init} before use. */
  constructor(private readonly o: KvmDomainsOptions) {}

  private get paths(): KvmPaths {
    return this.o.paths;
  }

  /** Creates the state directories and re-attaches to running domains. */
  async init(signal: AbortSignal): Promise<void> {
    for (const d of [this.paths.configDir, this.paths.autostartDir, this.paths.runDir, join(this.paths.runDir, 'locks'), this.paths.logDir, this.paths.cacheDir]) await ensurePrivateDir(d);
    for (const f of await readdir(this.paths.runDir)) {
      if (!f.endsWith('.status.json')) continue;
      const st = await readStatus(join(this.paths.runDir, f));
      if (st) await this.reattach(st, signal).catch(() => undefined);
    }
  }

  /** Detaches from every QEMU (they keep running). */
  async close(): Promise<void> {
    this.closed = true;
    for (const att of this.attached.values()) {
      for (const u of att.unsubs) u();
      att.procStat?.close();
      await att.qmp?.close().catch(() => undefined);
    }
    this.attached.clear();
  }

  // ------------------------------------------------------------ disk state

  private configPath(name: string): string {
    return join(this.paths.configDir, `${name}.xml`);
  }

  private readonly liveCache = new WeakMap<Attachment, { xml: string; spec: DomainSpec }>();

  /** The parsed live definition of an attachment (cached per XML text; treat as read-only). */
  private liveOf(att: Attachment): DomainSpec {
    const c = this.liveCache.get(att);
    if (c && c.xml === att.status.liveXml) return c.spec;
    const spec = parseDomainXml(att.status.liveXml);
    this.liveCache.set(att, { xml: att.status.liveXml, spec });
    return spec;
  }

  /**
   * Marks the cached definitions as stale after a change this process made:
   * the next read re-lists the directories and re-parses only the files
   * whose signature changed.
   */
  private invalidate(): void {
    this.defsDirty = true;
  }

  /**
   * Writes a persistent definition (atomically) and keeps the parsed copy in
   * the cache under the file's new signature, so the next read re-lists the
   * directory but does not re-parse what we just wrote.
   */
  private async writeDefinition(spec: DomainSpec): Promise<void> {
    const file = `${spec.name}.xml`;
    const path = this.configPath(spec.name);
    await writeFileAtomic(path, formatDomainXml(spec, { inactive: true }));
    this.invalidate();
    // Trusted although just written: writers of this file hold the domain's
    // lock, which we still hold, and the next writer's rename gives the file
    // a new inode and change time.
    const st = await stat(path, { bigint: true }).catch(() => undefined);
    if (st && this.defsCache) this.defsCache.files.set(file, { sig: statSig(st), racy: false, spec: structuredClone(spec) });
  }

  /**
   * Every persistent definition, by UUID. Definitions are parsed once and
   * kept with their file signature (inode, size, mtime). A read costs two
   * parallel directory stats; when a directory changed (or this process
   * wrote to it), the directory is re-listed and only files whose signature
   * changed are re-read. Timestamps newer than {@link RACY_NS} are not
   * trusted (a second change within the file system's timestamp granularity
   * would not move them: git's "racy clean" problem), so such entries are
   * re-checked on the next read.
   */
  private async definitions(runDirToo: boolean): Promise<{ entries: Map<string, Entry>; runKey?: string }> {
    const now = BigInt(Date.now()) * 1_000_000n;
    const recent = (st: BigIntStats | undefined) => st !== undefined && (st.mtimeNs >= now - RACY_NS || st.ctimeNs >= now - RACY_NS);
    const [c, a, r] = await Promise.all([
      stat(this.paths.configDir, { bigint: true }).catch(() => undefined),
      stat(this.paths.autostartDir, { bigint: true }).catch(() => undefined),
      runDirToo ? stat(this.paths.runDir, { bigint: true }).catch(() => undefined) : undefined,
    ]);
    const key = `${statSig(c)}|${statSig(a)}`;
    // A run directory changed within the racy window is re-scanned next time too.
    const runKey = runDirToo ? (recent(r) ? `racy:${now}` : statSig(r)) : undefined;
    const prev = this.defsCache;
    if (prev && prev.key === key && !prev.racy && !this.defsDirty) return { entries: prev.entries, ...(runKey !== undefined ? { runKey } : {}) };
    this.defsDirty = false;
    const [names, autos] = await Promise.all([
      readdir(this.paths.configDir).catch(() => [] as string[]),
      readdir(this.paths.autostartDir).catch(() => [] as string[]),
    ]);
    const autostart = new Set(autos);
    let racy = recent(c) || recent(a);
    const files = new Map<string, DefFile>();
    await Promise.all(
      names
        .filter((f) => f.endsWith('.xml') && !f.startsWith('.'))
        .map(async (f) => {
          const path = join(this.paths.configDir, f);
          const st = await stat(path, { bigint: true }).catch(() => undefined);
          if (!st) return;
          const sig = statSig(st);
          const fileRacy = recent(st);
          if (fileRacy) racy = true;
          const old = prev?.files.get(f);
          if (old && old.sig === sig && !old.racy) {
            files.set(f, old);
            return;
          }
          const text = await readFileIfExists(path);
          if (text === undefined) return;
          let spec: DomainSpec | undefined;
          try {
            spec = parseDomainXml(text);
          } catch {
            spec = undefined; // A corrupt definition is skipped, not fatal (libvirt logs and moves on).
          }
          files.set(f, { sig, racy: fileRacy, ...(spec?.uuid ? { spec } : {}) });
        }),
    );
    const entries = new Map<string, Entry>();
    for (const f of [...files.keys()].sort()) {
      const spec = files.get(f)!.spec;
      if (spec?.uuid) entries.set(spec.uuid, { name: spec.name, uuid: spec.uuid, persistentDef: spec, autostart: autostart.has(spec.name) });
    }
    this.defsCache = { key, racy, files, entries };
    return { entries, ...(runKey !== undefined ? { runKey } : {}) };
  }

  /**
   * Every domain this connection can see: the persistent definitions (see
   * {@link KvmDomains.definitions}) plus running domains, which appear
   * through their status files (scanned only when the runtime directory
   * changed).
   */
  private async loadEntries(): Promise<Map<string, Entry>> {
    const defs = await this.definitions(true);
    const out = new Map(defs.entries);
    // Running domains started elsewhere (or before us) appear through their status files.
    const runKey = defs.runKey;
    if (runKey !== this.runKey) {
      this.runKey = runKey;
      const attachedNames = new Set([...this.attached.values()].map((a) => `${a.status.name}.status.json`));
      for (const f of await readdir(this.paths.runDir).catch(() => [] as string[])) {
        if (!f.endsWith('.status.json') || attachedNames.has(f)) continue;
        const st = await readStatus(join(this.paths.runDir, f));
        if (st && !this.attached.has(st.uuid)) {
          await this.reattach(st, AbortSignal.timeout(5000)).catch(() => undefined);
        }
      }
    }
    for (const att of [...this.attached.values()]) {
      if (!att.foreign && att.status.pid && !pidAlive(att.status.pid)) {
        // QEMU is gone and its exit is being processed: wait for it, so nobody reads a half-dead domain.
        await Promise.race([att.exited, delay(5000)]);
        if (!this.attached.has(att.status.uuid)) continue;
      }
      if (att.foreign) {
        // Another manager owns it and keeps its status file current.
        const st = await readStatus(statusPath(this.paths.runDir, att.status.name));
        if (st && st.uuid === att.status.uuid) att.status = st;
      }
      if (att.foreign && !pidAlive(att.status.pid)) {
        // The other manager's QEMU is gone; it (or the next re-attach) cleans its files.
        this.detach(att.status.uuid);
        const st = await readStatus(statusPath(this.paths.runDir, att.status.name));
        if (st) await this.reattach(st, AbortSignal.timeout(5000)).catch(() => undefined);
        continue;
      }
      if (!out.has(att.status.uuid)) out.set(att.status.uuid, { name: att.status.name, uuid: att.status.uuid, autostart: false });
    }
    return out;
  }

  private record(e: Entry): DomainRecord {
    const att = this.attached.get(e.uuid);
    const name = att?.status.name ?? e.name;
    if (att) return { name, uuid: e.uuid, id: att.status.id, state: att.status.state, reason: att.status.reason, persistent: e.persistentDef !== undefined, autostart: e.autostart };
    return { name, uuid: e.uuid, id: -1, state: 'shutoff', reason: this.lastStop.get(e.uuid) ?? 'unknown', persistent: true, autostart: e.autostart };
  }

  private async entry(ref: DomainRef): Promise<Entry> {
    const all = await this.loadEntries();
    const e = all.get(ref.uuid);
    if (!e) throw new PolyvisorError(ErrorCode.NO_DOMAIN, `domain "${ref.name}": no domain with matching uuid '${ref.uuid}'`, { driver: DRIVER });
    return e;
  }

  private writable(op: string): void {
    if (this.o.readOnly) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, 'operation forbidden: read only access', { driver: DRIVER, operation: op });
  }

  private emit<T extends DomainEventType>(d: { name: string; uuid: string }, type: T, detail: DomainEventDetails[T]): void {
    this.o.publish(domainEvent(type, detail, d));
  }

  /**
   * Lock files live in their own directory, so taking one does not change
   * the runtime directory whose mtime tells us about other managers' domains.
   */
  private lockPath(name: string): string {
    return join(this.paths.runDir, 'locks', `${name}.lock`);
  }

  private lock(name: string, signal: AbortSignal): Promise<FileLock> {
    return acquireLock(this.lockPath(name), { waitMs: 60_000, what: `domain "${name}"`, signal });
  }

  private async nextId(signal: AbortSignal): Promise<number> {
    const l = await acquireLock(join(this.paths.runDir, 'locks', 'next-id'), { waitMs: 10_000, what: 'domain id counter', signal });
    try {
      const p = join(this.paths.runDir, 'next-id');
      const n = Number((await readFileIfExists(p))?.trim() ?? '1') || 1;
      await writeFileAtomic(p, `${n + 1}\n`);
      return n;
    } finally {
      await l.release();
    }
  }

  // ------------------------------------------------------------ queries

  /** Lists domains. */
  async list(filter: DomainListFilter): Promise<DomainRecord[]> {
    return this.filterRecords([...(await this.loadEntries()).values()].map((e) => this.record(e)), filter);
  }

  private filterRecords(recs: DomainRecord[], filter: DomainListFilter): DomainRecord[] {
    return recs
      .filter((r) => (filter.active === undefined || (r.id >= 0) === filter.active) && (filter.persistent === undefined || r.persistent === filter.persistent) && (filter.autostart === undefined || r.autostart === filter.autostart) && (!filter.states || filter.states.includes(r.state)))
      .sort((a, b) => (a.id >= 0 && b.id >= 0 ? a.id - b.id : a.id >= 0 ? -1 : b.id >= 0 ? 1 : a.name.localeCompare(b.name)));
  }

  /** Looks up by name. */
  async lookupByName(name: string): Promise<DomainRecord> {
    for (const e of (await this.loadEntries()).values()) if ((this.attached.get(e.uuid)?.status.name ?? e.name) === name) return this.record(e);
    throw new PolyvisorError(ErrorCode.NO_DOMAIN, `domain not found: no domain with matching name '${name}'`, { driver: DRIVER });
  }

  /** Looks up by UUID. */
  async lookupByUuid(uuid: string): Promise<DomainRecord> {
    const e = (await this.loadEntries()).get(uuid);
    if (!e) throw new PolyvisorError(ErrorCode.NO_DOMAIN, `domain not found: no domain with matching uuid '${uuid}'`, { driver: DRIVER });
    return this.record(e);
  }

  /** Looks up by runtime id. */
  async lookupById(id: number): Promise<DomainRecord> {
    for (const e of (await this.loadEntries()).values()) {
      const r = this.record(e);
      if (r.id === id) return r;
    }
    throw new PolyvisorError(ErrorCode.NO_DOMAIN, `domain not found: no domain with matching id ${id}`, { driver: DRIVER });
  }

  /** Current record. */
  async getRecord(ref: DomainRef): Promise<DomainRecord> {
    return this.record(await this.entry(ref));
  }

  // ------------------------------------------------------------ definitions

  private async checkConflicts(spec: DomainSpec, all: Map<string, Entry>, op: string): Promise<Entry | undefined> {
    const name = (e: Entry) => this.attached.get(e.uuid)?.status.name ?? e.name;
    const byName = [...all.values()].find((e) => name(e) === spec.name);
    const byUuid = spec.uuid ? all.get(spec.uuid) : undefined;
    if (byName && spec.uuid && byName.uuid !== spec.uuid) throw new PolyvisorError(ErrorCode.DUPLICATE, `domain "${spec.name}": domain '${spec.name}' already exists with uuid ${byName.uuid}`, { driver: DRIVER, operation: op });
    if (byUuid && name(byUuid) !== spec.name) {
      if (this.attached.has(byUuid.uuid)) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${name(byUuid)}": domain '${name(byUuid)}' is already active`, { driver: DRIVER, operation: op });
      throw new PolyvisorError(ErrorCode.DUPLICATE, `domain "${spec.name}": domain '${name(byUuid)}' is already defined with uuid ${byUuid.uuid}`, { driver: DRIVER, operation: op });
    }
    return byName ?? byUuid;
  }

  private validateForKvm(spec: DomainSpec, op: string): void {
    if (!['kvm', 'qemu'].includes(spec.type)) {
      throw new PolyvisorError(ErrorCode.INVALID_ARG, `domain "${spec.name}": unsupported domain type '${spec.type}' (the QEMU driver runs type 'kvm' or 'qemu')`, { driver: DRIVER, operation: op });
    }
  }

  /** Defines or updates a persistent domain. */
  async define(input: DomainSpec, ctx: CallContext): Promise<DomainRecord> {
    this.writable('domains.define');
    const spec = structuredClone(input);
    this.validateForKvm(spec, 'domains.define');
    fillMacs(spec);
    const l = await this.lock(spec.name, ctx.signal);
    try {
      const all = await this.loadEntries();
      const existing = await this.checkConflicts(spec, all, 'domains.define');
      spec.uuid = existing?.uuid ?? spec.uuid ?? randomUUID();
      await this.writeDefinition(spec);
      this.emit({ name: spec.name, uuid: spec.uuid }, 'defined', existing?.persistentDef ? 'updated' : 'added');
      const e: Entry = { name: spec.name, uuid: spec.uuid, persistentDef: spec, autostart: existing?.autostart ?? false };
      return this.record(e);
    } finally {
      await l.release();
    }
  }

  /** Removes the persistent definition. */
  async undefine(ref: DomainRef, _opts: { keepNvram?: boolean }, ctx: CallContext): Promise<void> {
    this.writable('domains.undefine');
    const e = await this.entry(ref);
    const name = this.attached.get(e.uuid)?.status.name ?? e.name;
    if (!e.persistentDef) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${name}": cannot undefine transient domain`, { driver: DRIVER, operation: 'domains.undefine' });
    const l = await this.lock(name, ctx.signal);
    try {
      // Both at once: a marker left without its definition is ignored (markers are read per definition).
      await Promise.all([removeIfExists(join(this.paths.autostartDir, name)), removeIfExists(this.configPath(name))]);
      this.invalidate();
      this.emit({ name, uuid: e.uuid }, 'undefined', 'removed');
    } finally {
      await l.release();
    }
  }

  /** Persistent or live definition. */
  async getSpec(ref: DomainRef, opts: { inactive?: boolean }): Promise<DomainSpec> {
    const e = await this.entry(ref);
    const att = this.attached.get(e.uuid);
    if (att && !opts.inactive) return structuredClone(this.liveOf(att));
    if (e.persistentDef) return structuredClone(e.persistentDef);
    return parseDomainXml(att!.status.liveXml);
  }

  /**
   * The definition as XML in one call: the live one (with the runtime id)
   * formatted once per change of the live definition, or the persistent one.
   */
  async getXml(ref: DomainRef, opts: { inactive?: boolean }): Promise<string> {
    const e = await this.entry(ref);
    const att = this.attached.get(e.uuid);
    if (att && !opts.inactive) {
      const c = this.liveXmlCache.get(att);
      if (c && c.liveXml === att.status.liveXml && c.id === att.status.id) return c.text;
      const text = formatDomainXml(this.liveOf(att), { id: att.status.id });
      this.liveXmlCache.set(att, { liveXml: att.status.liveXml, id: att.status.id, text });
      return text;
    }
    return formatDomainXml(e.persistentDef ?? this.liveOf(att!), opts.inactive ? { inactive: true } : {});
  }

  private readonly liveXmlCache = new WeakMap<Attachment, { liveXml: string; id: number; text: string }>();

  /** Sets autostart (a marker file, like libvirt's autostart symlink). */
  async setAutostart(ref: DomainRef, autostart: boolean): Promise<void> {
    this.writable('domains.setAutostart');
    const e = await this.entry(ref);
    if (!e.persistentDef) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${e.name}": cannot set autostart for transient domain`, { driver: DRIVER, operation: 'domains.setAutostart' });
    const marker = join(this.paths.autostartDir, e.name);
    if (autostart) await writeFileAtomic(marker, `${e.uuid}\n`);
    else await removeIfExists(marker);
    this.invalidate();
  }

  /** Renames an inactive persistent domain. */
  async rename(ref: DomainRef, newName: string, ctx: CallContext): Promise<DomainRecord> {
    this.writable('domains.rename');
    const e = await this.entry(ref);
    if (this.attached.has(e.uuid)) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${e.name}": cannot rename active domain`, { driver: DRIVER, operation: 'domains.rename' });
    if (!e.persistentDef) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${e.name}": cannot rename a transient domain`, { driver: DRIVER, operation: 'domains.rename' });
    if (newName === e.name) return this.record(e);
    const l1 = await this.lock(e.name, ctx.signal);
    const l2 = await this.lock(newName, ctx.signal);
    try {
      const all = await this.loadEntries();
      if ([...all.values()].some((x) => x.name === newName)) throw new PolyvisorError(ErrorCode.DUPLICATE, `domain "${e.name}": domain with name '${newName}' already exists`, { driver: DRIVER, operation: 'domains.rename' });
      const spec = { ...e.persistentDef, name: newName };
      await this.writeDefinition(spec);
      await rm(this.configPath(e.name), { force: true });
      if (e.autostart) await fsRename(join(this.paths.autostartDir, e.name), join(this.paths.autostartDir, newName)).catch(() => undefined);
      this.invalidate();
      this.emit({ name: e.name, uuid: e.uuid }, 'undefined', 'renamed');
      this.emit({ name: newName, uuid: e.uuid }, 'defined', 'renamed');
      return this.record({ ...e, name: newName, persistentDef: spec });
    } finally {
      await l2.release();
      await l1.release();
    }
  }

  private scopeTargets(e: Entry, att: Attachment | undefined, scope: { live?: boolean; config?: boolean }, op: string): { live: boolean; config: boolean } {
    let live = scope.live === true;
    let config = scope.config === true;
    if (!live && !config) {
      if (att) live = true;
      else config = true;
    }
    if (live && !att) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${e.name}": domain is not running`, { driver: DRIVER, operation: op });
    if (config && !e.persistentDef) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${e.name}": cannot change persistent config of a transient domain`, { driver: DRIVER, operation: op });
    return { live, config };
  }

  private async updateDefs(e: Entry, att: Attachment | undefined, t: { live: boolean; config: boolean }, change: (s: DomainSpec) => void): Promise<void> {
    const liveSpec = t.live ? parseDomainXml(att!.status.liveXml) : undefined;
    const cfgSpec = t.config ? structuredClone(e.persistentDef!) : undefined;
    if (liveSpec) change(liveSpec);
    if (cfgSpec) change(cfgSpec);
    if (cfgSpec) {
      await this.writeDefinition(cfgSpec);
      this.invalidate();
    }
    if (liveSpec && att) {
      att.status.liveXml = formatDomainXml(liveSpec);
      await writeStatus(this.paths.runDir, att.status);
    }
  }

  /** Sets title/description/metadata element. */
  async setMetadata(ref: DomainRef, type: MetadataType, value: string | null, opts: { uri?: string; key?: string; live?: boolean; config?: boolean }): Promise<void> {
    this.writable('domains.setMetadata');
    const e = await this.entry(ref);
    const att = this.attached.get(e.uuid);
    const t = this.scopeTargets(e, att, opts, 'domains.setMetadata');
    try {
      await this.updateDefs(e, att, t, (s) => applyDomainMetadata(s, type, value, opts));
    } catch (err) {
      if (err instanceof PolyvisorError && !err.driver) throw new PolyvisorError(err.code, `domain "${e.name}": ${err.message}`, { driver: DRIVER, operation: 'domains.setMetadata', cause: err });
      throw err;
    }
  }

  /** Reads title/description/metadata element. */
  async getMetadata(ref: DomainRef, type: MetadataType, opts: { uri?: string; live?: boolean; config?: boolean }): Promise<string> {
    const e = await this.entry(ref);
    const att = this.attached.get(e.uuid);
    const t = this.scopeTargets(e, att, opts, 'domains.getMetadata');
    const spec = t.live ? parseDomainXml(att!.status.liveXml) : e.persistentDef!;
    try {
      return readDomainMetadata(spec, type, opts);
    } catch (err) {
      if (err instanceof PolyvisorError) throw new PolyvisorError(err.code, `domain "${e.name}": ${err.message}`, { driver: DRIVER, operation: 'domains.getMetadata' });
      throw err;
    }
  }

  // ------------------------------------------------------------ lifecycle

  private requireAttached(e: Entry, op: string): Attachment {
    const att = this.attached.get(e.uuid);
    if (!att) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${e.name}": domain is not running`, { driver: DRIVER, operation: op });
    return att;
  }

  /** Starts a defined domain. */
  async start(ref: DomainRef, opts: { paused?: boolean }, ctx: CallContext): Promise<void> {
    this.writable('domains.start');
    const e = await this.entry(ref);
    const l = await this.lock(e.name, ctx.signal);
    try {
      // Re-read under the lock: another manager may have started it meanwhile.
      const fresh = await this.entry(ref);
      if (this.attached.has(fresh.uuid)) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${fresh.name}": domain is already running`, { driver: DRIVER, operation: 'domains.start' });
      if (!fresh.persistentDef) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${fresh.name}": domain is not defined`, { driver: DRIVER, operation: 'domains.start' });
      const managed = await this.managedSavePath(fresh);
      if (existsSync(managed)) {
        // libvirt semantics: a managed save image is restored by start, then removed.
        const { header, offset } = await readSaveHeader(managed);
        const spec = parseDomainXml(header.xml);
        spec.uuid = fresh.uuid;
        await this.restoreLocked(spec, managed, offset, header.running && opts.paused !== true, ctx);
        await removeIfExists(managed);
        return;
      }
      await this.launch(fresh.persistentDef, opts.paused === true, ctx);
    } finally {
      await l.release();
    }
  }

  /** Creates and starts a transient domain. */
  async createTransient(input: DomainSpec, opts: { paused?: boolean }, ctx: CallContext): Promise<DomainRecord> {
    this.writable('domains.createTransient');
    const spec = structuredClone(input);
    this.validateForKvm(spec, 'domains.createTransient');
    const l = await this.lock(spec.name, ctx.signal);
    try {
      const all = await this.loadEntries();
      const existing = await this.checkConflicts(spec, all, 'domains.createTransient');
      if (existing && this.attached.has(existing.uuid)) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${spec.name}": domain '${spec.name}' is already active`, { driver: DRIVER, operation: 'domains.createTransient' });
      spec.uuid = existing?.uuid ?? spec.uuid ?? randomUUID();
      await this.launch(spec, opts.paused === true, ctx);
      return this.record(existing ?? { name: spec.name, uuid: spec.uuid, autostart: false });
    } finally {
      await l.release();
    }
  }

  private runtimePaths(name: string): RuntimePaths {
    const domainDir = join(this.paths.runDir, name);
    return { domainDir, qmpPath: join(domainDir, 'qmp.sock'), qgaPath: join(domainDir, 'qga.sock'), pidPath: join(domainDir, 'qemu.pid'), logPath: join(this.paths.logDir, `${name}.log`) };
  }

  /** Host-side checks before spawning (the second validation phase). */
  private async checkHost(spec: DomainSpec): Promise<void> {
    for (const [i, d] of (spec.devices?.disks ?? []).entries()) {
      const file = d.source?.file;
      if (d.type === 'file' && file) {
        try {
          await stat(file);
        } catch {
          if (d.source?.startupPolicy === 'optional' || (d.device === 'cdrom' && d.source?.startupPolicy !== 'mandatory')) continue;
          throw new PolyvisorError(ErrorCode.INVALID_ARG, `domain "${spec.name}": cannot access storage file '${file}' of disk ${d.target?.dev ?? i + 1}: no such file`, { driver: DRIVER, operation: 'domains.start' });
        }
      }
    }
    for (const k of [spec.os.kernel, spec.os.initrd]) {
      if (k && !existsSync(k)) throw new PolyvisorError(ErrorCode.INVALID_ARG, `domain "${spec.name}": cannot access '${k}': no such file`, { driver: DRIVER, operation: 'domains.start' });
    }
  }

  /** Starts QEMU for `spec`: booting (then `cont` unless paused), or waiting for an incoming migration/restore stream. */
  private async launch(spec: DomainSpec, paused: boolean, ctx: CallContext, mode: 'boot' | 'incoming' = 'boot'): Promise<Attachment> {
    const rp = this.runtimePaths(spec.name);
    await rm(rp.domainDir, { recursive: true, force: true });
    await ensurePrivateDir(rp.domainDir);
    const accel = this.o.accelFor(spec.type);
    const id = await this.nextId(ctx.signal);
    const liveSpec = structuredClone(spec);
    // Runtime paths the definition leaves to the driver (libvirt fills the same into the live XML).
    for (const ch of liveSpec.devices?.channels ?? []) {
      if (ch.type === 'unix' && ch.target?.name === 'org.qemu.guest_agent.0' && !ch.sources.some((x) => x.path)) ch.sources = [{ mode: 'bind', path: rp.qgaPath }];
    }
    fillMacs(liveSpec);
    const resolved = await this.resolveVolumes(liveSpec);
    await this.checkHost(resolved);
    const taps = await this.createTaps(liveSpec, id, ctx.signal);
    for (const [i, n] of (liveSpec.devices?.interfaces ?? []).entries()) if (n.target?.dev && resolved.devices?.interfaces[i]) resolved.devices.interfaces[i]!.target = { ...n.target };
    let argv: string[];
    try {
      // VNC autoport / socket: chosen now and kept in the live XML (the render copy has the port fixed).
      const renderSpec = await consoleMod.prepareGraphics(liveSpec, rp.domainDir, resolved);
      argv = await this.o.argv.render(renderSpec, { id, accel, paths: rp, signal: ctx.signal, ...(mode === 'incoming' ? { incoming: 'defer' } : {}) });
    } catch (err) {
      await this.removeTaps(taps);
      throw err;
    }
    const emulator = this.o.argv.emulator(spec);
    const status: DomainStatus = {
      version: 1, name: spec.name, uuid: spec.uuid!, id, pid: 0, phase: 'starting', state: 'paused', reason: 'starting-up',
      liveXml: formatDomainXml(liveSpec), domainDir: rp.domainDir, qmpPath: rp.qmpPath, pidPath: rp.pidPath, logPath: rp.logPath,
      accel, startedAt: Date.now(), emulator,
      ...(agentSocket(liveSpec) ? { qgaPath: agentSocket(liveSpec)! } : {}),
      ...(taps.length ? { taps } : {}),
    };
    // The status goes down first, so a manager killed right after the spawn finds the QEMU through its pidfile.
    await writeStatus(this.paths.runDir, status);
    const logStart = await stat(rp.logPath).then((s) => s.size).catch(() => 0);
    let pid = 0;
    try {
      const proc = this.o.netns
        ? await spawnDetached('ip', ['netns', 'exec', this.o.netns, emulator, ...argv], { logPath: rp.logPath })
        : await spawnDetached(emulator, argv, { logPath: rp.logPath });
      pid = proc.pid;
      status.pid = pid;
      await writeStatus(this.paths.runDir, status);
      const qmp = await this.waitForMonitor(rp.qmpPath, proc.exited, ctx.signal, async () => `QEMU exited during startup: ${await readLogTail(rp.logPath, logStart)}`);
      await chmod(rp.qmpPath, 0o600).catch(() => undefined);
      if (status.qgaPath) await chmod(status.qgaPath, 0o600).catch(() => undefined);
      const att = this.attach(status, qmp);
      // pty chardevs: QEMU picked /dev/pts/N; the live XML shows it, as libvirt's does.
      if (await consoleMod.recordChardevPaths(qmp, liveSpec, ctx.signal)) status.liveXml = formatDomainXml(liveSpec);
      // on_reboot=destroy: a guest reboot becomes a power-off (QEMU then stops under -no-shutdown and we quit it).
      if (liveSpec.onReboot === 'destroy') await qmp.execute('set-action', { reboot: 'shutdown' }, { signal: ctx.signal });
      if (mode === 'incoming') {
        status.phase = 'incoming';
        status.reason = 'migration';
        await writeStatus(this.paths.runDir, status);
        this.lastStop.delete(status.uuid);
        return att;
      }
      att.suppressResume = true;
      if (!paused) await qmp.execute('cont', undefined, { signal: ctx.signal });
      att.suppressResume = false;
      status.phase = 'running';
      status.state = paused ? 'paused' : 'running';
      status.reason = paused ? 'user' : 'booted';
      await writeStatus(this.paths.runDir, status);
      this.lastStop.delete(status.uuid);
      this.emit(status, 'started', 'booted');
      if (paused) this.emit(status, 'suspended', 'paused');
      return att;
    } catch (err) {
      const att = this.attached.get(status.uuid);
      if (att) att.stopping = { reason: 'failed', detail: 'failed' };
      if (pid) await terminate(pid, { termWaitMs: 3000 }).catch(() => undefined);
      await this.cleanupRuntime(status);
      this.detach(status.uuid);
      if (err instanceof PolyvisorError) throw err;
      throw new HypervisorError(`domain "${spec.name}": ${(err as Error).message}`, { driver: DRIVER, operation: 'domains.start', cause: err });
    }
  }

  private async waitForMonitor(path: string, exited: Promise<unknown> | undefined, signal: AbortSignal, why: () => Promise<string>): Promise<QmpClient> {
    let gone = false;
    void exited?.then(() => (gone = true));
    for (;;) {
      if (gone) throw new HypervisorError(await why(), { driver: DRIVER, operation: 'domains.start' });
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new PolyvisorError(ErrorCode.ABORTED, 'start aborted', { driver: DRIVER });
      if (existsSync(path)) {
        try {
          return await QmpClient.connect({ path }, { signal, timeoutMs: 10_000, driverName: DRIVER });
        } catch (err) {
          if (gone) continue;
          if (err instanceof PolyvisorError && (err.code === ErrorCode.TIMEOUT || err.code === ErrorCode.ABORTED)) throw err;
        }
      }
      await delay(10, signal);
    }
  }

  private attach(status: DomainStatus, qmp: QmpClient | undefined): Attachment {
    let markExited!: () => void;
    const exited = new Promise<void>((r) => (markExited = r));
    const att: Attachment = { status, foreign: qmp === undefined, unsubs: [], exited, markExited, ...(qmp ? { qmp } : {}) };
    this.attached.set(status.uuid, att);
    if (!qmp) return att;
    const ref = () => ({ name: att.status.name, uuid: att.status.uuid });
    const setState = (state: DomainState, reason: DomainStateReason) => {
      att.status.state = state;
      att.status.reason = reason;
      void writeStatus(this.paths.runDir, att.status).catch(() => undefined);
    };
    att.unsubs.push(
      qmp.on('STOP', () => {
        if (att.stopping || att.sawShutdown || att.migrating || att.status.phase !== 'running') return;
        if (att.status.state !== 'paused') {
          setState('paused', 'user');
          this.emit(ref(), 'suspended', 'paused');
        }
      }),
      qmp.on('RESUME', () => {
        if (att.suppressResume || att.status.phase !== 'running') return;
        if (att.migrating) {
          // A failed outgoing migration resumes the source by itself.
          att.migrating = false;
          setState('running', 'migration-canceled');
          return;
        }
        if (att.status.state !== 'running') {
          setState('running', 'unpaused');
          this.emit(ref(), 'resumed', 'unpaused');
        }
      }),
      qmp.on('SHUTDOWN', (ev) => {
        const data = (ev.data ?? {}) as { guest?: boolean };
        if (att.stopping || att.sawShutdown) return; // our own SIGTERM/quit also raises SHUTDOWN
        att.sawShutdown = data.guest ? 'guest' : 'host';
        // QEMU runs with -no-shutdown (as under libvirt): it stops and waits for us to decide.
        const spec = this.liveOf(att);
        const action = att.fakeReboot ? 'restart' : (spec.onPoweroff ?? 'destroy');
        if (att.fakeReboot || action === 'restart' || action === 'rename-restart') {
          att.fakeReboot = false;
          void (async () => {
            await qmp.execute('system_reset');
            await qmp.execute('cont');
            att.sawShutdown = undefined;
            this.emit(ref(), 'reboot', data.guest ? 'guest' : 'host');
          })().catch(() => undefined);
          return;
        }
        setState('shutdown', 'user');
        this.emit(ref(), 'shutdown', data.guest ? 'guest' : 'host');
        if (action !== 'preserve') {
          att.stopping = { reason: 'shutdown', detail: 'shutdown' };
          void qmp.execute('quit').catch(() => undefined);
        }
      }),
      qmp.on('RESET', (ev) => {
        const data = (ev.data ?? {}) as { guest?: boolean };
        if (att.fakeReboot) return;
        this.emit(ref(), 'reboot', data.guest ? 'guest' : 'host');
      }),
      qmp.on('GUEST_PANICKED', () => {
        setState('crashed', 'panicked');
        this.emit(ref(), 'crashed', 'panicked');
        const action = this.liveOf(att).onCrash ?? 'destroy';
        if (action === 'destroy' || action === 'coredump-destroy') {
          att.stopping = { reason: 'crashed', detail: 'crashed' };
          void qmp.execute('quit').catch(() => undefined);
        } else if (action === 'restart' || action === 'coredump-restart' || action === 'rename-restart') {
          void (async () => {
            await qmp.execute('system_reset');
            await qmp.execute('cont');
            setState('running', 'crashed');
          })().catch(() => undefined);
        }
      }),
      qmp.on('BALLOON_CHANGE', (ev) => {
        const actual = (ev.data as { actual?: number } | undefined)?.actual;
        if (typeof actual === 'number' && actual > 0) att.balloonKiB = Math.round(actual / 1024);
      }),
      qmp.on('DEVICE_DELETED', (ev) => {
        const data = (ev.data ?? {}) as { device?: string };
        this.o.publish(domainEvent('device-removed', 'device', ref(), data.device ? { device: data.device } : {}));
      }),
    );
    void qmp.closed.then(() => this.onMonitorClosed(att));
    return att;
  }

  private detach(uuid: string): void {
    const att = this.attached.get(uuid);
    if (!att) return;
    for (const u of att.unsubs) u();
    att.procStat?.close();
    this.attached.delete(uuid);
  }

  /** A copy of `spec` whose `<disk type='volume'>` disks point at the volumes' files or block devices. */
  private async resolveVolumes(spec: DomainSpec): Promise<DomainSpec> {
    const out = structuredClone(spec);
    for (const d of out.devices?.disks ?? []) {
      if (d.type !== 'volume') continue;
      const pool = d.source?.pool;
      const vol = d.source?.volume;
      if (!pool || !vol) throw new PolyvisorError(ErrorCode.INVALID_ARG, `domain "${spec.name}": volume disk ${d.target.dev} needs a source pool and volume`, { driver: DRIVER, operation: 'domains.start' });
      if (!this.o.volumes) throw new PolyvisorError(ErrorCode.UNSUPPORTED, `domain "${spec.name}": volume disks need storage pools, which this connection does not have`, { driver: DRIVER, operation: 'domains.start' });
      const r = await this.o.volumes(pool, vol);
      d.type = r.type;
      d.source = r.type === 'block' ? { dev: r.path, hosts: [] } : { file: r.path, hosts: [] };
      d.driver = { ...(d.driver ?? {}), name: d.driver?.name ?? 'qemu', type: d.driver?.type ?? r.format } as typeof d.driver;
    }
    return out;
  }

  /** Gives every tap-backed NIC a tap (named `vnet<id>n<index>` unless the definition names one). */
  private async createTaps(spec: DomainSpec, id: number, signal: AbortSignal): Promise<string[]> {
    const made: string[] = [];
    try {
      for (const [i, n] of (spec.devices?.interfaces ?? []).entries()) {
        if (n.type !== 'network' && n.type !== 'bridge' && n.type !== 'ethernet') continue;
        const tap = n.target?.dev && !/^(vnet|macvtap|vif)/.test(n.target.dev) ? n.target.dev : `vnet${id}n${i}`;
        await this.createTapFor(spec.name, n, i, tap, signal);
        made.push(tap);
        n.target = { ...(n.target ?? {}), dev: tap };
      }
    } catch (err) {
      await this.removeTaps(made);
      throw err;
    }
    return made;
  }

  /** Creates one NIC's tap: on a virtual network's bridge, an existing host bridge, or alone (`ethernet`). */
  private async createTapFor(domain: string, n: NonNullable<DomainSpec['devices']>['interfaces'][number], i: number, tap: string, signal: AbortSignal): Promise<void> {
    if (!this.o.net) throw new PolyvisorError(ErrorCode.UNSUPPORTED, `domain "${domain}": interface type '${n.type}' needs host networking, which this connection does not have`, { driver: DRIVER, operation: 'domains.start' });
    const mac = n.mac?.address;
    if (n.type === 'network') {
      const net = n.source?.network;
      if (!net) throw new PolyvisorError(ErrorCode.INVALID_ARG, `domain "${domain}": interface ${i} has no source network`, { driver: DRIVER });
      await this.o.net.attachToNetwork(net, tap, mac, signal);
    } else if (n.type === 'bridge') {
      const br = n.source?.bridge;
      if (!br) throw new PolyvisorError(ErrorCode.INVALID_ARG, `domain "${domain}": interface ${i} has no source bridge`, { driver: DRIVER });
      await this.o.net.attachToBridge(br, tap, mac, signal);
    } else {
      await this.o.net.createTap(tap, mac, signal);
    }
  }

  private async removeTaps(taps: string[]): Promise<void> {
    for (const t of taps) await this.o.net?.removeTap(t).catch(() => undefined);
  }

  private async cleanupRuntime(status: DomainStatus): Promise<void> {
    if (status.taps?.length) await this.removeTaps(status.taps);
    await rm(statusPath(this.paths.runDir, status.name), { force: true });
    await rm(status.domainDir, { recursive: true, force: true });
  }

  /** QEMU's monitor went away: QEMU exited (or was killed). Record why and clean up. */
  private async onMonitorClosed(att: Attachment): Promise<void> {
    if (this.closed || this.attached.get(att.status.uuid) !== att) return;
    // The socket closes a moment before the process is gone; wait so no one sees a half-dead domain.
    await waitForPidExit(att.status.pid, 5000).catch(() => undefined);
    if (this.attached.get(att.status.uuid) !== att) return;
    let reason: DomainStateReason;
    let detail: DomainEventDetails['stopped'];
    if (att.stopping) ({ reason, detail } = att.stopping);
    else if (att.sawShutdown) ({ reason, detail } = { reason: 'shutdown', detail: 'shutdown' });
    else ({ reason, detail } = { reason: 'crashed', detail: 'crashed' });
    // Order matters: record the reason and remove the files before forgetting the attachment, so a concurrent
    // listing never mistakes the leftover status file for a QEMU that vanished.
    this.lastStop.set(att.status.uuid, reason);
    await this.cleanupRuntime(att.status).catch(() => undefined);
    this.detach(att.status.uuid);
    if (att.status.phase === 'running' || reason !== 'failed') this.emit(att.status, 'stopped', detail);
    att.markExited();
  }

  /** Re-attaches to a QEMU left running by an earlier manager. */
  private async reattach(st: DomainStatus, signal: AbortSignal): Promise<void> {
    if (this.attached.has(st.uuid)) return;
    let lock: FileLock;
    try {
      lock = await acquireLock(this.lockPath(st.name), { what: `domain "${st.name}"` });
    } catch {
      // Someone (maybe this process) is starting or stopping it right now: look, don't touch.
      if (st.pid && pidAlive(st.pid)) this.attach(st, undefined);
      return;
    }
    try {
      const fresh = await readStatus(statusPath(this.paths.runDir, st.name));
      if (fresh && fresh.uuid === st.uuid) await this.reattachLocked(fresh, signal);
    } finally {
      await lock.release();
    }
  }

  private async reattachLocked(st: DomainStatus, signal: AbortSignal): Promise<void> {
    let pid = st.pid;
    if (!pid) pid = Number((await readFileIfExists(st.pidPath))?.trim() ?? 0);
    const cmd = pid ? await processCmdline(pid) : undefined;
    const ours = cmd !== undefined && cmd.includes(st.qmpPath.includes(',') ? st.qmpPath.replace(/,/g, ',,') : st.qmpPath) || (cmd ?? []).some((a) => a.includes(st.qmpPath));
    if (!pid || !pidAlive(pid) || !ours) {
      // QEMU is gone (or the pid was reused): the domain is shut off.
      await this.cleanupRuntime(st);
      if (!this.lastStop.has(st.uuid)) this.lastStop.set(st.uuid, 'unknown');
      return;
    }
    st.pid = pid;
    let qmp: QmpClient | undefined;
    // Mid-start, the starter died holding nothing: QEMU may still be creating its monitor, so keep trying.
    // Otherwise a live manager may hold the monitor (QEMU serves one client at a time): give up sooner.
    const deadline = Date.now() + (st.phase === 'starting' ? 15_000 : 3000);
    while (!qmp && Date.now() < deadline && pidAlive(pid)) {
      try {
        qmp = await QmpClient.connect({ path: st.qmpPath }, { signal, timeoutMs: Math.max(500, deadline - Date.now()), driverName: DRIVER });
      } catch {
        await delay(50, signal);
      }
    }
    if (st.phase === 'incoming') {
      // An incoming migration or restore whose manager died: the source (or the save file) still has the guest.
      await qmp?.close().catch(() => undefined);
      await terminate(pid, { termWaitMs: 3000 }).catch(() => undefined);
      await this.cleanupRuntime(st);
      return;
    }
    const att = this.attach(st, qmp);
    if (!qmp) return;
    const rs = (await qmp.execute('query-status')) as { status: string; running: boolean };
    if (rs.status === 'postmigrate' && st.phase === 'running') {
      // The manager died after sending this guest away. If the destination committed (its copy runs), this one is
      // stale; otherwise the destination copy is discarded on its side, and this one resumes: one running copy.
      const dest = st.migration?.destRunDir && st.migration.destName ? await readStatus(statusPath(st.migration.destRunDir, st.migration.destName)) : undefined;
      if (dest && dest.phase === 'running' && dest.uuid === st.uuid && pidAlive(dest.pid)) {
        att.stopping = { reason: 'migrated', detail: 'migrated' };
        await qmp.execute('quit').catch(() => undefined);
        return;
      }
      await qmp.execute('cont');
      delete st.migration;
      st.state = 'running';
      st.reason = 'migration-canceled';
      await writeStatus(this.paths.runDir, st);
      return;
    }
    if (st.phase === 'starting') {
      // The manager died mid-start: finish the start rather than lose the guest.
      att.suppressResume = true;
      if (rs.status === 'prelaunch' || rs.status === 'paused') await qmp.execute('cont');
      att.suppressResume = false;
      st.phase = 'running';
      st.state = 'running';
      st.reason = 'booted';
      this.emit(st, 'started', 'booted');
    } else if (rs.status === 'shutdown') {
      // The guest powered off while no manager was attached (QEMU waits under -no-shutdown).
      st.state = 'shutdown';
      st.reason = 'user';
      att.sawShutdown = 'guest';
      if ((parseDomainXml(st.liveXml).onPoweroff ?? 'destroy') !== 'preserve') {
        att.stopping = { reason: 'shutdown', detail: 'shutdown' };
        await qmp.execute('quit').catch(() => undefined);
      }
    } else if (rs.running) {
      st.state = 'running';
      if (st.reason === 'user' || st.reason === 'starting-up') st.reason = 'unpaused';
    } else {
      st.state = rs.status === 'guest-panicked' ? 'crashed' : 'paused';
      st.reason = rs.status === 'guest-panicked' ? 'panicked' : st.reason === 'booted' ? 'user' : st.reason;
    }
    await writeStatus(this.paths.runDir, st);
  }

  /** Asks the guest to power off (ACPI, or through the guest agent). */
  async shutdown(ref: DomainRef, opts: { mode?: ShutdownMode; wait?: boolean }, ctx: CallContext): Promise<void> {
    this.writable('domains.shutdown');
    const e = await this.entry(ref);
    const att = this.requireAttached(e, 'domains.shutdown');
    const mode = opts.mode ?? 'default';
    if (mode === 'agent') {
      await this.agent(att, ctx).then((a) => a.shutdown('powerdown', { signal: ctx.signal }));
    } else if (mode === 'default' || mode === 'acpi') {
      await qmpRun(att, 'system_powerdown', undefined, ctx);
    } else if (mode === 'signal') {
      att.stopping = { reason: 'shutdown', detail: 'shutdown' };
      process.kill(att.status.pid, 'SIGTERM');
    } else {
      throw new PolyvisorError(ErrorCode.INVALID_ARG, `domain "${e.name}": shutdown mode '${mode}' is not supported by the QEMU driver`, { driver: DRIVER, operation: 'domains.shutdown' });
    }
    if (opts.wait) await this.waitStopped(att, ctx);
  }

  private async waitStopped(att: Attachment, ctx: CallContext): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(ctx.signal.reason);
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      void att.exited.then(() => {
        ctx.signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  /** Reboots: ACPI power-off that QEMU turns into a reset (libvirt's "fake reboot"), or through the agent. */
  async reboot(ref: DomainRef, opts: { mode?: ShutdownMode }, ctx: CallContext): Promise<void> {
    this.writable('domains.reboot');
    const e = await this.entry(ref);
    const att = this.requireAttached(e, 'domains.reboot');
    if (opts.mode === 'agent') {
      await this.agent(att, ctx).then((a) => a.shutdown('reboot', { signal: ctx.signal }));
      return;
    }
    att.fakeReboot = true;
    await qmpRun(att, 'system_powerdown', undefined, ctx);
  }

  /** Hardware reset. */
  async reset(ref: DomainRef, ctx: CallContext): Promise<void> {
    this.writable('domains.reset');
    const att = this.requireAttached(await this.entry(ref), 'domains.reset');
    await qmpRun(att, 'system_reset', undefined, ctx);
  }

  /** Stops QEMU at once: SIGTERM, then SIGKILL unless graceful. */
  async destroy(ref: DomainRef, opts: { graceful?: boolean }, ctx: CallContext): Promise<void> {
    this.writable('domains.destroy');
    const e = await this.entry(ref);
    const att = this.requireAttached(e, 'domains.destroy');
    att.stopping = { reason: 'destroyed', detail: 'destroyed' };
    try {
      await terminate(att.status.pid, { graceful: opts.graceful === true, termWaitMs: 5000, signal: ctx.signal });
    } catch (err) {
      att.stopping = undefined;
      throw err;
    }
    if (att.qmp) {
      await this.waitStopped(att, ctx);
    } else {
      // Held by another manager: it will see the exit too; we clean what we can see.
      this.detach(e.uuid);
      this.lastStop.set(e.uuid, 'destroyed');
    }
  }

  /** Pauses vCPUs. */
  async suspend(ref: DomainRef, ctx: CallContext): Promise<void> {
    this.writable('domains.suspend');
    const e = await this.entry(ref);
    const att = this.requireAttached(e, 'domains.suspend');
    if (att.status.state === 'paused') throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${e.name}": domain is already paused`, { driver: DRIVER, operation: 'domains.suspend' });
    await qmpRun(att, 'stop', undefined, ctx);
    await this.settle(att, 'paused', ctx);
  }

  /** Resumes vCPUs. */
  async resume(ref: DomainRef, ctx: CallContext): Promise<void> {
    this.writable('domains.resume');
    const e = await this.entry(ref);
    const att = this.requireAttached(e, 'domains.resume');
    if (att.status.state !== 'paused') throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${e.name}": domain is not paused`, { driver: DRIVER, operation: 'domains.resume' });
    await qmpRun(att, 'cont', undefined, ctx);
    await this.settle(att, 'running', ctx);
  }

  /** Waits until the STOP/RESUME event has updated the state (QEMU sends it before the reply, but be safe). */
  private async settle(att: Attachment, want: DomainState, ctx: CallContext): Promise<void> {
    for (let i = 0; i < 200 && att.status.state !== want; i++) await delay(5, ctx.signal);
    if (att.status.state !== want) {
      att.status.state = want;
      att.status.reason = want === 'paused' ? 'user' : 'unpaused';
      await writeStatus(this.paths.runDir, att.status);
    }
  }

  /** State, memory, vCPUs and CPU time (from /proc). */
  async getInfo(ref: DomainRef): Promise<DomainInfo> {
    const e = await this.entry(ref);
    const att = this.attached.get(e.uuid);
    const spec = att ? this.liveOf(att) : e.persistentDef!;
    let memory = spec.currentMemory ?? spec.memory;
    const cpu = att ? cpuTimesOf(att) : { user: 0, system: 0 };
    if (att?.qmp && spec.devices?.memballoon?.model !== 'none') {
      // Asked once; BALLOON_CHANGE events keep it current afterwards.
      if (att.balloonKiB === undefined) {
        const b = (await att.qmp.execute('query-balloon').catch(() => undefined)) as { actual?: number } | undefined;
        if (b?.actual && att.balloonKiB === undefined) att.balloonKiB = Math.round(b.actual / 1024);
      }
      if (att.balloonKiB !== undefined) memory = att.balloonKiB;
    }
    return {
      state: att ? att.status.state : 'shutoff',
      reason: att ? att.status.reason : (this.lastStop.get(e.uuid) ?? 'unknown'),
      maxMemory: spec.memory,
      memory,
      vcpus: spec.vcpu.current ?? spec.vcpu.count,
      cpuTime: cpu.user + cpu.system,
    };
  }

  /** Bulk statistics from QEMU (`query-blockstats`, `query-cpus-fast`; the balloon from its events) and the host (`/proc`). */
  async getStats(ref: DomainRef, ctx: CallContext): Promise<DomainStats> {
    const e = await this.entry(ref);
    const att = this.attached.get(e.uuid);
    return this.statsOf(e, att, att?.qmp && this.liveOf(att).devices?.interfaces?.length ? hostNetDev() : undefined, ctx);
  }

  /**
   * Bulk statistics of every matching domain in one pass: the domain list
   * and `/proc/net/dev` are read once, and every QEMU is asked concurrently.
   */
  async getAllStats(filter: DomainListFilter, ctx: CallContext): Promise<DomainStats[]> {
    const all = await this.loadEntries();
    const recs = this.filterRecords([...all.values()].map((e) => this.record(e)), filter);
    let net: ReturnType<typeof hostNetDev> | undefined;
    const netOnce = () => (net ??= hostNetDev());
    return Promise.all(
      recs.map((r) => {
        const e = all.get(r.uuid)!;
        const att = this.attached.get(e.uuid);
        // One derived signal per domain: its QMP calls listen on it, not all on the caller's.
        return this.statsOf(e, att, att?.qmp && this.liveOf(att).devices?.interfaces?.length ? netOnce() : undefined, { signal: AbortSignal.any([ctx.signal]) }, true);
      }),
    );
  }

  /**
   * One domain's statistics. `lenient` (bulk stats, like libvirt without
   * `ENFORCE_STATS`): groups the monitor cannot answer — QEMU stopping or
   * too busy to reply in time — are left out instead of failing the call.
   */
  private async statsOf(e: Entry, att: Attachment | undefined, netDev: ReturnType<typeof hostNetDev> | undefined, ctx: CallContext, lenient = false): Promise<DomainStats> {
    const stats: DomainStats = { name: att?.status.name ?? e.name, uuid: e.uuid, state: { state: att?.status.state ?? 'shutoff', reason: att?.status.reason ?? this.lastStop.get(e.uuid) ?? 'unknown' } };
    if (!att) return stats;
    const spec = this.liveOf(att);
    const setCpu = () => {
      const times = cpuTimesOf(att);
      stats.cpu = { time: times.user + times.system, user: times.user, system: times.system };
    };
    if (!att.qmp) {
      setCpu();
      return stats;
    }
    const q = att.qmp;
    // Only what changes is asked for, as libvirt does: the balloon comes from
    // its events, vCPU thread ids are cached until the live definition
    // changes (vCPU hotplug), and a domain without disks has no block stats.
    const cachedCpus = att.vcpuCache?.liveXml === att.status.liveXml ? att.vcpuCache.cpus : undefined;
    const liveXml = att.status.liveXml;
    type BlockStat = { device: string; qdev?: string; stats: Record<string, number> };
    const monitor = Promise.all([
      spec.devices?.memballoon?.model === 'none' || att.balloonKiB !== undefined ? undefined : (q.execute('query-balloon', undefined, { signal: ctx.signal }).catch(() => undefined) as Promise<{ actual: number } | undefined>),
      cachedCpus ?? (q.execute('query-cpus-fast', undefined, { signal: ctx.signal }) as Promise<Array<{ 'cpu-index': number; 'thread-id': number }>>).then((cpus) => {
        att.vcpuCache = { liveXml, cpus };
        return cpus;
      }),
      spec.devices?.disks?.length ? (q.execute('query-blockstats', undefined, { signal: ctx.signal }) as Promise<BlockStat[]>) : ([] as BlockStat[]),
    ]);
    let answers: Awaited<typeof monitor>;
    try {
      answers = await monitor;
      setCpu();
    } catch (err) {
      if (!lenient || ctx.signal.aborted || !(err instanceof PolyvisorError)) throw err;
      setCpu();
      const now = this.record(e);
      return { ...stats, state: { state: now.state, reason: now.reason } };
    }
    const [balloon, cpus, blocks] = answers;
    if (balloon?.actual && att.balloonKiB === undefined) att.balloonKiB = Math.round(balloon.actual / 1024);
    stats.balloon = { current: att.balloonKiB ?? spec.currentMemory ?? spec.memory, maximum: spec.memory };
    stats.vcpus = cpus.map((c) => ({ id: c['cpu-index'], threadId: c['thread-id'], state: att.status.state === 'running' ? 'running' : 'offline' }));
    // QEMU lists block backends in device order; pair them with the disks that have a medium.
    const disks = (spec.devices?.disks ?? []).filter((d) => d.source?.file || d.source?.dev || d.source?.name);
    const attachedBlocks = blocks.filter((b) => b.qdev);
    stats.block = attachedBlocks.map((b, i) => {
      const d = disks[i];
      return {
        name: d?.target.dev ?? b.qdev!.replace(/^\/machine\/peripheral\//, '').replace(/\/.*$/, ''),
        ...(d?.source?.file ? { path: d.source.file } : d?.source?.dev ? { path: d.source.dev } : {}),
        rdBytes: b.stats.rd_bytes ?? 0, wrBytes: b.stats.wr_bytes ?? 0, rdReqs: b.stats.rd_operations ?? 0, wrReqs: b.stats.wr_operations ?? 0,
        flReqs: b.stats.flush_operations ?? 0, rdTimeNs: b.stats.rd_total_time_ns ?? 0, wrTimeNs: b.stats.wr_total_time_ns ?? 0,
      };
    });
    const host = netDev ? await netDev : new Map<string, never>();
    stats.net = (spec.devices?.interfaces ?? []).flatMap((n) => {
      const dev = n.target?.dev;
      const h = dev ? host.get(dev) : undefined;
      if (!dev || !h) return [];
      // Host receive is guest transmit: swap, as libvirt does for tap devices.
      return [{ name: dev, rxBytes: h.txBytes, rxPackets: h.txPackets, rxErrs: h.txErrs, rxDrop: h.txDrop, txBytes: h.rxBytes, txPackets: h.rxPackets, txErrs: h.rxErrs, txDrop: h.rxDrop }];
    });
    return stats;
  }

  /** Sets the balloon target (live) and/or currentMemory (config), in KiB. */
  async setMemory(ref: DomainRef, kib: number, scope: { live?: boolean; config?: boolean }, ctx: CallContext): Promise<void> {
    this.writable('domains.setMemory');
    const e = await this.entry(ref);
    const att = this.attached.get(e.uuid);
    const t = this.scopeTargets(e, att, scope, 'domains.setMemory');
    const max = t.live ? parseDomainXml(att!.status.liveXml).memory : e.persistentDef!.memory;
    if (kib > max) throw new PolyvisorError(ErrorCode.INVALID_ARG, `domain "${e.name}": cannot set memory higher than max memory (${max} KiB)`, { driver: DRIVER, operation: 'domains.setMemory' });
    if (t.live) await qmpRun(att!, 'balloon', { value: kib * 1024 }, ctx);
    await this.updateDefs(e, att, t, (s) => (s.currentMemory = kib));
  }

  // ------------------------------------------------------------ hotplug (driver/hotplug.ts)

  /** Hot-plugs a device live and/or into the persistent definition (see `hotplug.ts`). */
  async attachDevice(ref: DomainRef, xml: string, scope: { live?: boolean; config?: boolean }, ctx: CallContext): Promise<void> {
    this.writable('domains.attachDevice');
    await hotplugMod.attachDevice((run) => this.access(ref, 'domains.attachDevice', run), xml, scope, ctx);
  }

  /** Hot-unplugs a device (waits for the guest to release it; see `hotplug.ts`). */
  async detachDevice(ref: DomainRef, xml: string, scope: { live?: boolean; config?: boolean }, ctx: CallContext): Promise<void> {
    this.writable('domains.detachDevice');
    await hotplugMod.detachDevice((run) => this.access(ref, 'domains.detachDevice', run), xml, scope, ctx);
  }

  /** Changes a device in place: cdrom media, link state (see `hotplug.ts`). */
  async updateDevice(ref: DomainRef, xml: string, scope: { live?: boolean; config?: boolean }, ctx: CallContext): Promise<void> {
    this.writable('domains.updateDevice');
    await hotplugMod.updateDevice((run) => this.access(ref, 'domains.updateDevice', run), xml, scope, ctx);
  }

  /** Changes the number of active vCPUs through vCPU hotplug (see `hotplug.ts`). */
  async setVcpus(ref: DomainRef, count: number, scope: { live?: boolean; config?: boolean }, ctx: CallContext): Promise<void> {
    this.writable('domains.setVcpus');
    await hotplugMod.setVcpus((run) => this.access(ref, 'domains.setVcpus', run), count, scope, ctx);
  }

  private async agent(att: Attachment, ctx: CallContext): Promise<GuestAgentClient> {
    if (!att.status.qgaPath) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${att.status.name}": QEMU guest agent is not configured`, { driver: DRIVER });
    return GuestAgentClient.connect({ path: att.status.qgaPath }, { signal: ctx.signal, timeoutMs: 10_000 });
  }

  // ------------------------------------------------------------ migration, save and restore

  /** The live definition without the paths this connection filled in (the other side fills its own). */
  private portableSpec(att: Attachment): DomainSpec {
    const spec = parseDomainXml(att.status.liveXml);
    for (const ch of spec.devices?.channels ?? []) {
      if (ch.type === 'unix' && ch.target?.name === 'org.qemu.guest_agent.0' && ch.sources.some((x) => x.path === att.status.qgaPath)) ch.sources = [];
    }
    return spec;
  }

  private runningAttachment(e: Entry, op: string): Attachment & { qmp: QmpClient } {
    const att = this.requireAttached(e, op);
    if (!att.qmp) throw new PolyvisorError(ErrorCode.RESOURCE_BUSY, `domain "${e.name}": its monitor is held by another process`, { driver: DRIVER, operation: op });
    return att as Attachment & { qmp: QmpClient };
  }

  /** Migration step 1 (source): the definition to recreate on the destination. */
  async migrateBegin(ref: DomainRef): Promise<{ xml: string }> {
    const att = this.runningAttachment(await this.entry(ref), 'domains.migrate');
    if (att.status.phase !== 'running') throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${att.status.name}": domain is not ready for migration`, { driver: DRIVER, operation: 'domains.migrate' });
    return { xml: formatDomainXml(this.portableSpec(att)) };
  }

  /**
   * Migration step 2 (destination): start QEMU waiting for the stream; returns where to send it.
   * Without `opts.uri` QEMU listens on `tcp:0.0.0.0:0` (every IPv4 address) and the result's
   * `uri` is the loopback form for a source on this host, with `listenUri` naming the wildcard
   * listener so that a caller knowing this host's address (the remote driver) can rewrite it
   * (see `incomingUris` in migration.ts).
   */
  async migratePrepare(xml: string, opts: MigrateOptions & { cookie?: unknown }, ctx: CallContext): Promise<{ uri: string; listenUri?: string; cookie: unknown }> {
    this.writable('domains.migrate');
    const spec = parseDomainXml(xml);
    this.validateForKvm(spec, 'domains.migrate');
    const l = await this.lock(spec.name, ctx.signal);
    try {
      const all = await this.loadEntries();
      const existing = await this.checkConflicts(spec, all, 'domains.migrate');
      if (existing && this.attached.has(existing.uuid)) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${spec.name}": domain is already active on the destination`, { driver: DRIVER, operation: 'domains.migrate' });
      const att = await this.launch(spec, true, ctx, 'incoming');
      try {
        // No URI: listen on every address (tcp:0.0.0.0:0); see startIncoming.
        const where = await startIncoming(att.qmp!, opts.uri, ctx.signal);
        return { ...where, cookie: { runDir: this.paths.runDir, name: spec.name } };
      } catch (err) {
        await this.discardIncoming(att);
        throw err;
      }
    } finally {
      await l.release();
    }
  }

  private async discardIncoming(att: Attachment): Promise<void> {
    att.stopping = { reason: 'failed', detail: 'failed' };
    await terminate(att.status.pid, { termWaitMs: 3000 }).catch(() => undefined);
    await Promise.race([att.exited, delay(5000)]);
    await this.cleanupRuntime(att.status);
    this.detach(att.status.uuid);
  }

  /** Migration step 3 (source): send the guest; resolves when QEMU completed (source left paused). */
  async migratePerform(ref: DomainRef, uri: string, opts: MigrateOptions & { cookie?: unknown }, ctx: CallContext): Promise<MigrationProgress> {
    this.writable('domains.migrate');
    const att = this.runningAttachment(await this.entry(ref), 'domains.migrate');
    const cookie = (opts.cookie ?? {}) as { runDir?: string; name?: string };
    att.status.migration = { phase: 'performing', ...(cookie.runDir ? { destRunDir: cookie.runDir } : {}), ...(cookie.name ? { destName: cookie.name } : {}) };
    await writeStatus(this.paths.runDir, att.status);
    att.migrating = true;
    try {
      const result = await runOutgoingMigration(att.qmp, uri, opts, ctx.signal, opts.onProgress);
      att.status.migration.phase = 'completed';
      att.status.state = 'paused';
      att.status.reason = 'migration';
      await writeStatus(this.paths.runDir, att.status);
      this.emit(att.status, 'suspended', 'migrated');
      return result;
    } catch (err) {
      att.migrating = false;
      delete att.status.migration;
      await writeStatus(this.paths.runDir, att.status);
      throw err;
    }
  }

  /** Migration step 4 (destination): resume the incoming guest (success) or discard it. */
  async migrateFinish(name: string, opts: MigrateOptions & { success: boolean }, ctx: CallContext): Promise<DomainRecord | undefined> {
    const att = [...this.attached.values()].find((a) => a.status.name === name && a.status.phase === 'incoming');
    if (!att?.qmp) {
      if (!opts.success) return undefined;
      throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `domain "${name}": no incoming migration to finish`, { driver: DRIVER, operation: 'domains.migrate' });
    }
    if (!opts.success) {
      await this.discardIncoming(att);
      return undefined;
    }
    try {
      await waitIncoming(att.qmp, ctx.signal);
      att.suppressResume = true;
      await att.qmp.execute('cont', undefined, { signal: ctx.signal });
      att.suppressResume = false;
    } catch (err) {
      await this.discardIncoming(att);
      throw err;
    }
    att.status.phase = 'running';
    att.status.state = 'running';
    att.status.reason = 'migrated';
    await writeStatus(this.paths.runDir, att.status);
    if (opts.persistent) {
      await writeFileAtomic(this.configPath(name), formatDomainXml(parseDomainXml(att.status.liveXml), { inactive: true }));
      this.invalidate();
    }
    this.emit(att.status, 'started', 'migrated');
    this.emit(att.status, 'resumed', 'migrated');
    return this.lookupByUuid(att.status.uuid);
  }

  /** Migration step 5 (source): stop the sent-away guest (success), or resume it. */
  async migrateConfirm(ref: DomainRef, opts: MigrateOptions & { success: boolean }, ctx: CallContext): Promise<void> {
    const e = await this.entry(ref);
    const att = this.attached.get(e.uuid);
    if (!att?.qmp) return;
    if (opts.success) {
      att.stopping = { reason: 'migrated', detail: 'migrated' };
      await att.qmp.execute('quit').catch(() => undefined);
      await this.waitStopped(att, ctx);
      if (opts.undefineSource && e.persistentDef) {
        await removeIfExists(join(this.paths.autostartDir, e.name));
        await removeIfExists(this.configPath(e.name));
        this.invalidate();
        this.emit(e, 'undefined', 'removed');
      }
      return;
    }
    att.migrating = false;
    const rs = (await att.qmp.execute('query-status', undefined, { signal: ctx.signal })) as { status: string };
    if (rs.status === 'postmigrate' || (att.status.migration && rs.status === 'paused')) {
      att.suppressResume = true;
      await att.qmp.execute('cont', undefined, { signal: ctx.signal });
      att.suppressResume = false;
      this.emit(att.status, 'resumed', 'migrated');
    }
    delete att.status.migration;
    att.status.state = 'running';
    att.status.reason = 'migration-canceled';
    await writeStatus(this.paths.runDir, att.status);
  }

  /** Cancels an outgoing migration. */
  async migrateCancel(ref: DomainRef, ctx: CallContext): Promise<void> {
    const att = this.runningAttachment(await this.entry(ref), 'domains.migrateCancel');
    await att.qmp.execute('migrate_cancel', undefined, { signal: ctx.signal });
  }

  /** Saves the guest to `path` (header with the definition + QEMU's stream) and stops it. */
  async save(ref: DomainRef, path: string, opts: { paused?: boolean; xml?: string }, ctx: CallContext): Promise<void> {
    this.writable('domains.save');
    if (!path.startsWith('/')) throw new PolyvisorError(ErrorCode.INVALID_ARG, `save path must be absolute: '${path}'`, { driver: DRIVER, operation: 'domains.save' });
    const e = await this.entry(ref);
    const att = this.runningAttachment(e, 'domains.save');
    const xml = opts.xml ?? formatDomainXml(this.portableSpec(att));
    const header: SaveHeader = { xml, running: att.status.state === 'running' && opts.paused !== true, savedAt: Date.now() };
    att.migrating = true;
    try {
      await saveToFile(att.qmp, join(att.status.domainDir, 'save.sock'), path, header, ctx.signal);
    } catch (err) {
      att.migrating = false;
      // QEMU resumes the guest itself when the migration fails.
      throw err;
    }
    att.stopping = { reason: 'saved', detail: 'saved' };
    await att.qmp.execute('quit').catch(() => undefined);
    await this.waitStopped(att, ctx);
  }

  /** Restores a domain from a save file; nothing is left running when the file is bad. */
  async restore(path: string, opts: { paused?: boolean; xml?: string }, ctx: CallContext): Promise<DomainRecord> {
    this.writable('domains.restore');
    const { header, offset } = await readSaveHeader(path);
    const spec = parseDomainXml(opts.xml ?? header.xml);
    this.validateForKvm(spec, 'domains.restore');
    const l = await this.lock(spec.name, ctx.signal);
    try {
      return await this.restoreLocked(spec, path, offset, header.running && opts.paused !== true, ctx);
    } finally {
      await l.release();
    }
  }

  private async restoreLocked(spec: DomainSpec, path: string, offset: number, running: boolean, ctx: CallContext): Promise<DomainRecord> {
    const all = await this.loadEntries();
    const existing = await this.checkConflicts(spec, all, 'domains.restore');
    if (existing && this.attached.has(existing.uuid)) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${spec.name}": domain is already active`, { driver: DRIVER, operation: 'domains.restore' });
    if (existing) spec.uuid = existing.uuid;
    const att = await this.launch(spec, true, ctx, 'incoming');
    try {
      const sock = join(att.status.domainDir, 'restore.sock');
      await startIncoming(att.qmp!, `unix:${sock}`, ctx.signal);
      await feedIncoming(sock, path, offset, ctx.signal);
      await waitIncoming(att.qmp!, ctx.signal);
      if (running) {
        att.suppressResume = true;
        await att.qmp!.execute('cont', undefined, { signal: ctx.signal });
        att.suppressResume = false;
      }
    } catch (err) {
      await this.discardIncoming(att);
      if (err instanceof PolyvisorError && err.code === ErrorCode.ABORTED) throw err;
      throw new HypervisorError(`domain "${spec.name}": cannot restore from '${path}': ${(err as Error).message}`, { driver: DRIVER, operation: 'domains.restore', cause: err });
    }
    att.status.phase = 'running';
    att.status.state = running ? 'running' : 'paused';
    att.status.reason = running ? 'restored' : 'user';
    await writeStatus(this.paths.runDir, att.status);
    this.emit(att.status, 'started', 'restored');
    if (!running) this.emit(att.status, 'suspended', 'restored');
    return this.lookupByUuid(att.status.uuid);
  }

  private async managedSavePath(e: Entry): Promise<string> {
    const d = join(this.paths.configDir, 'data', e.uuid);
    await ensurePrivateDir(d);
    return join(d, 'managed.save');
  }

  /** Saves to the managed location; the next start restores from it. */
  async managedSave(ref: DomainRef, opts: { paused?: boolean }, ctx: CallContext): Promise<void> {
    const e = await this.entry(ref);
    if (!e.persistentDef) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${e.name}": cannot do managed save for transient domain`, { driver: DRIVER, operation: 'domains.managedSave' });
    await this.save(ref, await this.managedSavePath(e), opts, ctx);
  }

  /** True when a managed save image exists. */
  async hasManagedSave(ref: DomainRef): Promise<boolean> {
    return existsSync(await this.managedSavePath(await this.entry(ref)));
  }

  /** Removes the managed save image. */
  async removeManagedSave(ref: DomainRef): Promise<void> {
    this.writable('domains.removeManagedSave');
    await removeIfExists(await this.managedSavePath(await this.entry(ref)));
  }

  /** @internal The view feature modules (hotplug, snapshots, console, ...) work through. */
  async access(ref: DomainRef, op: string, needRunning = false): Promise<DomainAccess> {
    const e = await this.entry(ref);
    const att = this.attached.get(e.uuid);
    if (needRunning && !att) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${e.name}": domain is not running`, { driver: DRIVER, operation: op });
    if (att && !att.qmp && needRunning) throw new PolyvisorError(ErrorCode.RESOURCE_BUSY, `domain "${e.name}": its monitor is held by another process`, { driver: DRIVER, operation: op });
    const name = att?.status.name ?? e.name;
    const acc: DomainAccess = {
      name,
      uuid: e.uuid,
      paths: this.paths,
      persistentSpec: () => (e.persistentDef ? structuredClone(e.persistentDef) : undefined),
      updatePersistent: async (change) => {
        if (!e.persistentDef) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain "${name}": cannot change persistent config of a transient domain`, { driver: DRIVER, operation: op });
        const spec = structuredClone(e.persistentDef);
        change(spec);
        await writeFileAtomic(this.configPath(name), formatDomainXml(spec, { inactive: true }));
        e.persistentDef = spec;
        this.invalidate();
      },
      publish: (ev) => this.o.publish(ev),
      dataDir: async () => {
        const d = join(this.paths.configDir, 'data', e.uuid);
        await ensurePrivateDir(d);
        return d;
      },
    };
    if (att?.qmp && this.o.net) {
      const a = att;
      acc.taps = {
        create: async (iface, index, signal) => {
          iface.mac ??= { address: randomMac() };
          const tap = `vnet${a.status.id}n${index}`;
          await this.createTapFor(name, iface, index, tap, signal);
          a.status.taps = [...(a.status.taps ?? []), tap];
          await writeStatus(this.paths.runDir, a.status);
          return tap;
        },
        remove: async (tap) => {
          await this.removeTaps([tap]);
          a.status.taps = (a.status.taps ?? []).filter((t) => t !== tap);
          await writeStatus(this.paths.runDir, a.status);
        },
      };
    }
    if (att?.qmp) {
      const a = att;
      acc.running = {
        qmp: a.qmp!,
        get status() {
          return a.status;
        },
        liveSpec: () => parseDomainXml(a.status.liveXml),
        updateLive: async (change) => {
          const spec = parseDomainXml(a.status.liveXml);
          change(spec);
          a.status.liveXml = formatDomainXml(spec);
          await writeStatus(this.paths.runDir, a.status);
        },
      };
    }
    return acc;
  }

  /** Takes a snapshot (internal, or external disk-only); see `snapshots.ts`. */
  async createSnapshot(ref: DomainRef, spec: import('@polyvisor/core').DomainSnapshotSpec, opts: { diskOnly?: boolean; quiesce?: boolean }, ctx: CallContext): Promise<import('@polyvisor/core').SnapshotInfo> {
    this.writable('domains.createSnapshot');
    return snapshotMod.createSnapshot(await this.access(ref, 'domains.createSnapshot'), spec, opts, ctx);
  }

  /** Lists snapshots in creation order. */
  async listSnapshots(ref: DomainRef, _ctx: CallContext): Promise<import('@polyvisor/core').SnapshotInfo[]> {
    return snapshotMod.listSnapshots(await this.access(ref, 'domains.listSnapshots'));
  }

  /** A snapshot's definition. */
  async getSnapshotSpec(ref: DomainRef, name: string, _ctx: CallContext): Promise<import('@polyvisor/core').DomainSnapshotSpec> {
    return snapshotMod.getSnapshotSpec(await this.access(ref, 'domains.getSnapshotSpec'), name);
  }

  /** Reverts to a snapshot (starting or destroying the domain as the snapshot's state needs). */
  async revertToSnapshot(ref: DomainRef, name: string, opts: { paused?: boolean; running?: boolean }, ctx: CallContext): Promise<void> {
    const op = 'domains.revertToSnapshot';
    this.writable(op);
    await snapshotMod.revertToSnapshot(await this.access(ref, op), name, opts, ctx, {
      start: async (paused) => {
        await this.start(ref, { paused }, ctx);
        return this.access(ref, op);
      },
      destroy: async () => {
        await this.destroy(ref, {}, ctx);
        return this.access(ref, op);
      },
    });
  }

  /** Deletes a snapshot (with `children`, its descendants too). */
  async deleteSnapshot(ref: DomainRef, name: string, opts: { children?: boolean }, ctx: CallContext): Promise<void> {
    this.writable('domains.deleteSnapshot');
    await snapshotMod.deleteSnapshot(await this.access(ref, 'domains.deleteSnapshot'), name, opts, ctx);
  }

  /** Opens a console of a running domain as a byte stream (see `console.ts`). */
  async openConsole(ref: DomainRef, opts: { devname?: string }, ctx: CallContext): Promise<import('node:stream').Duplex> {
    this.writable('domains.openConsole');
    return consoleMod.openDomainConsole(await this.access(ref, 'domains.openConsole', true), opts, ctx);
  }

  /** How a running domain's graphics consoles are reached (see `console.ts`). */
  async getGraphics(ref: DomainRef, ctx: CallContext): Promise<import('@polyvisor/core').GraphicsInfo[]> {
    return consoleMod.domainGraphics(await this.access(ref, 'domains.getGraphics', true), ctx);
  }

  /** A screenshot of a running domain's display (see `console.ts`). */
  async screenshot(ref: DomainRef, opts: { screen?: number }, ctx: CallContext): Promise<{ mimeType: string; data: Buffer }> {
    this.writable('domains.screenshot');
    return consoleMod.takeScreenshot(await this.access(ref, 'domains.screenshot', true), opts, ctx);
  }

  /** A connected guest-agent client for a running domain (caller closes it). */
  async guestAgent(ref: DomainRef, ctx: CallContext): Promise<GuestAgentClient> {
    const att = this.requireAttached(await this.entry(ref), 'domains.guestAgent');
    return this.agent(att, ctx);
  }

  /** The QMP client of a running domain this connection manages. */
  async monitor(ref: DomainRef): Promise<QmpClient> {
    const att = this.requireAttached(await this.entry(ref), 'domains.monitor');
    if (!att.qmp) throw new PolyvisorError(ErrorCode.RESOURCE_BUSY, `domain "${att.status.name}": its monitor is held by another process`, { driver: DRIVER });
    return att.qmp;
  }

  /** Starts the domains marked autostart that are not running. */
  async autostart(ctx: CallContext): Promise<string[]> {
    const started: string[] = [];
    for (const e of (await this.loadEntries()).values()) {
      if (e.autostart && !this.attached.has(e.uuid)) {
        await this.start({ name: e.name, uuid: e.uuid }, {}, ctx);
        started.push(e.name);
      }
    }
    return started;
  }
}

function agentSocket(spec: DomainSpec): string | undefined {
  const ch = (spec.devices?.channels ?? []).find((c) => c.type === 'unix' && c.target?.name === 'org.qemu.guest_agent.0');
  return ch?.sources.find((x) => x.path)?.path;
}

async function readLogTail(path: string, from: number): Promise<string> {
  try {
    const buf = await readFile(path);
    const text = buf.subarray(from).toString('utf8').trim();
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    return lines.slice(-5).join('; ') || 'no output';
  } catch {
    return 'no log';
  }
}


/** Gives every NIC without a MAC one, as libvirt does when it parses a definition. */
function fillMacs(spec: DomainSpec): void {
  for (const n of spec.devices?.interfaces ?? []) n.mac ??= { address: randomMac() };
}

/** A random MAC in QEMU/libvirt's `52:54:00` range. */
function randomMac(): string {
  const b = randomBytes(3);
  return `52:54:00:${[...b].map((x) => x.toString(16).padStart(2, '0')).join(':')}`;
}
