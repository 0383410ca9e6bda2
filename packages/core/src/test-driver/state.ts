/**
 * In-memory hypervisor state behind the `test` driver. Every operation
 * follows libvirt's state machine and emits the same events a real
 * hypervisor would; a failed call leaves the state untouched (checks come
 * before any mutation).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode, PolyvisorError } from '../errors.js';
import { domainEvent, type DomainEventDetails, type DomainEventType, type PolyvisorEvent } from '../events.js';
import type { DomainRef, NetworkRef, PoolRef, VolumeRef } from '../driver.js';
import type { DomainSpec } from '../model/domain.js';
import type { DomainSnapshotSpec } from '../model/snapshot.js';
import type { NetworkSpec } from '../model/network.js';
import type { StoragePoolSpec, StorageVolumeSpec } from '../model/storage.js';
import type {
  DhcpLease, SnapshotInfo, DomainInfo, DomainListFilter, DomainRecord, DomainStats, DomainState, DomainStateReason, MetadataType, NetworkInfo, NetworkListFilter, NodeInfo,
  StoragePoolInfo, StoragePoolListFilter, StoragePoolState, StorageVolumeInfo,
} from '../types.js';
import { applyDomainMetadata, readDomainMetadata } from '../model/metadata.js';
import { DEFAULT_POOL_CAPACITY } from './defaults.js';

const DRIVER = 'test';

interface TDomain {
  uuid: string;
  name: string;
  persistentDef?: DomainSpec;
  liveDef?: DomainSpec;
  state: DomainState;
  reason: DomainStateReason;
  id: number;
  autostart: boolean;
  cpuTimeNs: number;
  runningSince?: bigint;
}

interface TNetwork {
  uuid: string;
  name: string;
  persistentDef?: NetworkSpec;
  liveDef?: NetworkSpec;
  active: boolean;
  autostart: boolean;
}

interface TVolume {
  spec: StorageVolumeSpec;
  key: string;
  path: string;
  capacity: number;
  allocation: number;
}

interface TPool {
  uuid: string;
  name: string;
  persistentDef?: StoragePoolSpec;
  liveDef?: StoragePoolSpec;
  state: StoragePoolState;
  autostart: boolean;
  capacity: number;
  volumes: Map<string, TVolume>;
}

const clone = <T>(v: T): T => structuredClone(v);

function err(code: (typeof ErrorCode)[keyof typeof ErrorCode], message: string, operation?: string): PolyvisorError {
  return new PolyvisorError(code, message, { driver: DRIVER, ...(operation ? { operation } : {}) });
}

/** The whole in-memory hypervisor of one `test:///` connection (or the shared `test:///default`). */
export class TestState {
  private readonly domains = new Map<string, TDomain>();
  private readonly networks = new Map<string, TNetwork>();
  private readonly pools = new Map<string, TPool>();
  private nextId = 1;
  private readonly listeners = new Set<(ev: PolyvisorEvent) => void>();

  /** Creates an empty state with the given host facts. */
  constructor(readonly nodeInfo: NodeInfo) {}

  // ------------------------------------------------------------ events

  /** Registers an event listener; returns the unsubscribe function. */
  subscribe(fn: (ev: PolyvisorEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(ev: PolyvisorEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(ev);
      } catch {
        // A listener's failure must not break the hypervisor.
      }
    }
  }

  private domEvent<T extends DomainEventType>(d: { name: string; uuid: string }, type: T, detail: DomainEventDetails[T]): void {
    this.emit(domainEvent(type, detail, d));
  }

  // ------------------------------------------------------------ domains

  private record(d: TDomain): DomainRecord {
    return { name: d.name, uuid: d.uuid, id: d.id, state: d.state, reason: d.reason, persistent: d.persistentDef !== undefined, autostart: d.autostart };
  }

  private active(d: TDomain): boolean {
    return d.id >= 0;
  }

  private getDomain(ref: DomainRef): TDomain {
    const d = this.domains.get(ref.uuid);
    if (!d) throw err(ErrorCode.NO_DOMAIN, `domain "${ref.name}": no domain with matching uuid '${ref.uuid}'`);
    return d;
  }

  private findDomainByName(name: string): TDomain | undefined {
    for (const d of this.domains.values()) if (d.name === name) return d;
    return undefined;
  }

  /** Lists domains matching a filter. */
  listDomains(filter: DomainListFilter): DomainRecord[] {
    const out: DomainRecord[] = [];
    for (const d of this.domains.values()) {
      const r = this.record(d);
      if (filter.active !== undefined && this.active(d) !== filter.active) continue;
      if (filter.persistent !== undefined && r.persistent !== filter.persistent) continue;
      if (filter.autostart !== undefined && r.autostart !== filter.autostart) continue;
      if (filter.states && !filter.states.includes(r.state)) continue;
      out.push(r);
    }
    // Active domains by id, then inactive ones by name, as `virsh list --all` shows them.
    return out.sort((a, b) => (a.id >= 0 && b.id >= 0 ? a.id - b.id : a.id >= 0 ? -1 : b.id >= 0 ? 1 : a.name.localeCompare(b.name)));
  }

  /** Looks a domain up by name. */
  lookupDomainByName(name: string): DomainRecord {
    const d = this.findDomainByName(name);
    if (!d) throw err(ErrorCode.NO_DOMAIN, `domain not found: no domain with matching name '${name}'`);
    return this.record(d);
  }

  /** Looks a domain up by UUID. */
  lookupDomainByUuid(uuid: string): DomainRecord {
    const d = this.domains.get(uuid);
    if (!d) throw err(ErrorCode.NO_DOMAIN, `domain not found: no domain with matching uuid '${uuid}'`);
    return this.record(d);
  }

  /** Looks an active domain up by id. */
  lookupDomainById(id: number): DomainRecord {
    for (const d of this.domains.values()) if (d.id === id) return this.record(d);
    throw err(ErrorCode.NO_DOMAIN, `domain not found: no domain with matching id ${id}`);
  }

  /** Current record of a domain. */
  domainRecord(ref: DomainRef): DomainRecord {
    return this.record(this.getDomain(ref));
  }

  /** Defines or updates a persistent domain. */
  defineDomain(input: DomainSpec): DomainRecord {
    const spec = clone(input);
    const byName = this.findDomainByName(spec.name);
    const byUuid = spec.uuid ? this.domains.get(spec.uuid) : undefined;
    if (byName && spec.uuid && byName.uuid !== spec.uuid) {
      throw err(ErrorCode.DUPLICATE, `domain "${spec.name}": domain '${spec.name}' already exists with uuid ${byName.uuid}`, 'domains.define');
    }
    if (byUuid && byUuid.name !== spec.name) {
      if (this.active(byUuid)) throw err(ErrorCode.OPERATION_INVALID, `domain "${byUuid.name}": domain '${byUuid.name}' is already active`, 'domains.define');
      throw err(ErrorCode.DUPLICATE, `domain "${spec.name}": domain '${byUuid.name}' is already defined with uuid ${byUuid.uuid}`, 'domains.define');
    }
    const existing = byName ?? byUuid;
    if (existing) {
      spec.uuid = existing.uuid;
      existing.persistentDef = spec;
      if (!this.active(existing)) existing.liveDef = undefined;
      this.domEvent(existing, 'defined', 'updated');
      return this.record(existing);
    }
    spec.uuid ??= randomUUID();
    const d: TDomain = { uuid: spec.uuid, name: spec.name, persistentDef: spec, state: 'shutoff', reason: 'unknown', id: -1, autostart: false, cpuTimeNs: 0 };
    this.domains.set(d.uuid, d);
    this.domEvent(d, 'defined', 'added');
    return this.record(d);
  }

  /** Creates and starts a transient domain. */
  createTransientDomain(input: DomainSpec, paused: boolean): DomainRecord {
    const spec = clone(input);
    const byName = this.findDomainByName(spec.name);
    const byUuid = spec.uuid ? this.domains.get(spec.uuid) : undefined;
    const existing = byName ?? byUuid;
    if (existing) {
      if (this.active(existing)) throw err(ErrorCode.OPERATION_INVALID, `domain "${existing.name}": domain '${existing.name}' is already active`, 'domains.createTransient');
      if ((spec.uuid && existing.uuid !== spec.uuid) || existing.name !== spec.name) {
        throw err(ErrorCode.DUPLICATE, `domain "${spec.name}": domain '${existing.name}' already exists with uuid ${existing.uuid}`, 'domains.createTransient');
      }
      spec.uuid = existing.uuid;
      existing.liveDef = spec;
      this.bootDomain(existing, paused);
      return this.record(existing);
    }
    spec.uuid ??= randomUUID();
    const d: TDomain = { uuid: spec.uuid, name: spec.name, liveDef: spec, state: 'shutoff', reason: 'unknown', id: -1, autostart: false, cpuTimeNs: 0 };
    this.domains.set(d.uuid, d);
    this.bootDomain(d, paused);
    return this.record(d);
  }

  private bootDomain(d: TDomain, paused: boolean): void {
    d.liveDef ??= clone(d.persistentDef!);
    d.id = this.nextId++;
    d.state = 'running';
    d.reason = 'booted';
    d.cpuTimeNs = 0;
    d.runningSince = process.hrtime.bigint();
    this.domEvent(d, 'started', 'booted');
    if (paused) {
      this.accountCpu(d);
      d.state = 'paused';
      d.reason = 'user';
      this.domEvent(d, 'suspended', 'paused');
    }
  }

  private accountCpu(d: TDomain): void {
    if (d.runningSince !== undefined) {
      d.cpuTimeNs += Number(process.hrtime.bigint() - d.runningSince);
      d.runningSince = undefined;
    }
  }

  private stopDomain(d: TDomain, reason: DomainStateReason, detail: DomainEventDetails['stopped']): void {
    this.accountCpu(d);
    d.id = -1;
    d.state = 'shutoff';
    d.reason = reason;
    d.liveDef = undefined;
    this.domEvent(d, 'stopped', detail);
    if (!d.persistentDef) this.domains.delete(d.uuid);
  }

  private requireActive(d: TDomain, op: string): void {
    if (!this.active(d)) throw err(ErrorCode.OPERATION_INVALID, `domain "${d.name}": domain is not running`, op);
  }

  /** Starts an inactive persistent domain. */
  startDomain(ref: DomainRef, paused: boolean): void {
    const d = this.getDomain(ref);
    if (this.active(d)) throw err(ErrorCode.OPERATION_INVALID, `domain "${d.name}": domain is already running`, 'domains.start');
    const managed = this.takeManagedSave(d.uuid);
    if (managed) {
      this.restoreImage({ magic: 'polyvisor-test-save-1', xml: managed.spec, running: managed.running && !paused });
      return;
    }
    this.bootDomain(d, paused);
  }

  /** Shuts a domain down (the test guest obeys at once), honouring `on_poweroff`. */
  shutdownDomain(ref: DomainRef): void {
    const d = this.getDomain(ref);
    this.requireActive(d, 'domains.shutdown');
    this.domEvent(d, 'shutdown', 'finished');
    const action = d.liveDef?.onPoweroff ?? 'destroy';
    if (action === 'restart' || action === 'rename-restart') {
      this.accountCpu(d);
      d.state = 'running';
      d.reason = 'booted';
      d.runningSince = process.hrtime.bigint();
      this.domEvent(d, 'stopped', 'shutdown');
      this.domEvent(d, 'started', 'booted');
      return;
    }
    if (action === 'preserve') {
      this.accountCpu(d);
      d.state = 'shutdown';
      d.reason = 'user';
      return;
    }
    this.stopDomain(d, 'shutdown', 'shutdown');
  }

  /** Reboots a domain, honouring `on_reboot`. */
  rebootDomain(ref: DomainRef): void {
    const d = this.getDomain(ref);
    this.requireActive(d, 'domains.reboot');
    this.domEvent(d, 'reboot', 'host');
    const action = d.liveDef?.onReboot ?? 'restart';
    if (action === 'destroy') {
      this.domEvent(d, 'shutdown', 'finished');
      this.stopDomain(d, 'shutdown', 'shutdown');
      return;
    }
    if (d.state === 'paused') return;
    d.state = 'running';
    d.reason = 'booted';
  }

  /** Resets a domain's virtual hardware. */
  resetDomain(ref: DomainRef): void {
    const d = this.getDomain(ref);
    this.requireActive(d, 'domains.reset');
    this.domEvent(d, 'reboot', 'host');
  }

  /** Destroys (powers off) a domain. */
  destroyDomain(ref: DomainRef): void {
    const d = this.getDomain(ref);
    this.requireActive(d, 'domains.destroy');
    this.stopDomain(d, 'destroyed', 'destroyed');
  }

  /** Pauses a running domain. */
  suspendDomain(ref: DomainRef): void {
    const d = this.getDomain(ref);
    this.requireActive(d, 'domains.suspend');
    if (d.state === 'paused') throw err(ErrorCode.OPERATION_INVALID, `domain "${d.name}": domain is already paused`, 'domains.suspend');
    this.accountCpu(d);
    d.state = 'paused';
    d.reason = 'user';
    this.domEvent(d, 'suspended', 'paused');
  }

  /** Resumes a paused domain. */
  resumeDomain(ref: DomainRef): void {
    const d = this.getDomain(ref);
    this.requireActive(d, 'domains.resume');
    if (d.state !== 'paused') throw err(ErrorCode.OPERATION_INVALID, `domain "${d.name}": domain is not paused`, 'domains.resume');
    d.state = 'running';
    d.reason = 'unpaused';
    d.runningSince = process.hrtime.bigint();
    this.domEvent(d, 'resumed', 'unpaused');
  }

  /** Removes a domain's persistent definition. */
  undefineDomain(ref: DomainRef): void {
    const d = this.getDomain(ref);
    if (!d.persistentDef) throw err(ErrorCode.OPERATION_INVALID, `domain "${d.name}": cannot undefine transient domain`, 'domains.undefine');
    d.persistentDef = undefined;
    d.autostart = false;
    this.domEvent(d, 'undefined', 'removed');
    if (!this.active(d)) this.domains.delete(d.uuid);
  }

  /** State, memory, vCPUs, CPU time. */
  domainInfo(ref: DomainRef): DomainInfo {
    const d = this.getDomain(ref);
    const def = (this.active(d) ? d.liveDef : d.persistentDef) ?? d.liveDef ?? d.persistentDef!;
    let cpu = d.cpuTimeNs;
    if (d.runningSince !== undefined) cpu += Number(process.hrtime.bigint() - d.runningSince);
    return {
      state: d.state,
      reason: d.reason,
      maxMemory: def.memory,
      memory: def.currentMemory ?? def.memory,
      vcpus: def.vcpu.current ?? def.vcpu.count,
      cpuTime: this.active(d) ? cpu : 0,
    };
  }

  /** Bulk statistics (the test guest's disks and NICs never move a byte). */
  domainStats(ref: DomainRef): DomainStats {
    const d = this.getDomain(ref);
    const info = this.domainInfo(ref);
    const def = (this.active(d) ? d.liveDef : d.persistentDef)!;
    const stats: DomainStats = { name: d.name, uuid: d.uuid, state: { state: d.state, reason: d.reason } };
    if (!this.active(d)) return stats;
    stats.cpu = { time: info.cpuTime };
    stats.balloon = { current: info.memory, maximum: info.maxMemory };
    stats.vcpus = Array.from({ length: info.vcpus }, (_, id) => ({ id, state: d.state === 'running' ? 'running' : 'offline' }));
    stats.block = (def.devices?.disks ?? []).map((k) => ({ name: k.target.dev, ...(k.source?.file ? { path: k.source.file } : {}), rdBytes: 0, wrBytes: 0, rdReqs: 0, wrReqs: 0 }));
    stats.net = (def.devices?.interfaces ?? []).map((n, i) => ({ name: n.target?.dev ?? `vnet${i}`, rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 }));
    return stats;
  }

  /** Live or persistent definition. */
  domainSpec(ref: DomainRef, inactive: boolean): DomainSpec {
    const d = this.getDomain(ref);
    const def = inactive ? (d.persistentDef ?? d.liveDef) : this.active(d) ? d.liveDef : d.persistentDef;
    return clone(def!);
  }

  /** Sets autostart. */
  setDomainAutostart(ref: DomainRef, autostart: boolean): void {
    const d = this.getDomain(ref);
    if (!d.persistentDef) throw err(ErrorCode.OPERATION_INVALID, `domain "${d.name}": cannot set autostart for transient domain`, 'domains.setAutostart');
    d.autostart = autostart;
  }

  /** Renames an inactive persistent domain. */
  renameDomain(ref: DomainRef, newName: string): DomainRecord {
    const d = this.getDomain(ref);
    if (this.active(d)) throw err(ErrorCode.OPERATION_INVALID, `domain "${d.name}": cannot rename active domain`, 'domains.rename');
    if (!d.persistentDef) throw err(ErrorCode.OPERATION_INVALID, `domain "${d.name}": cannot rename a transient domain`, 'domains.rename');
    if (newName === d.name) return this.record(d);
    if (this.findDomainByName(newName)) throw err(ErrorCode.DUPLICATE, `domain "${d.name}": domain with name '${newName}' already exists`, 'domains.rename');
    const old = { name: d.name, uuid: d.uuid };
    d.name = newName;
    d.persistentDef.name = newName;
    this.domEvent(old, 'undefined', 'renamed');
    this.domEvent(d, 'defined', 'renamed');
    return this.record(d);
  }

  private metadataTargets(d: TDomain, scope: { live?: boolean; config?: boolean }, op: string): DomainSpec[] {
    let live = scope.live === true;
    let config = scope.config === true;
    if (!live && !config) {
      if (this.active(d)) live = true;
      else config = true;
    }
    if (live && !this.active(d)) throw err(ErrorCode.OPERATION_INVALID, `domain "${d.name}": domain is not running`, op);
    if (config && !d.persistentDef) throw err(ErrorCode.OPERATION_INVALID, `domain "${d.name}": cannot change persistent config of a transient domain`, op);
    const out: DomainSpec[] = [];
    if (live) out.push(d.liveDef!);
    if (config) out.push(d.persistentDef!);
    return out;
  }

  /** Sets or removes title, description or a namespaced metadata element. */
  setDomainMetadata(ref: DomainRef, type: MetadataType, value: string | null, opts: { uri?: string; key?: string; live?: boolean; config?: boolean }): void {
    const d = this.getDomain(ref);
    const targets = this.metadataTargets(d, opts, 'domains.setMetadata');
    // Validate on copies first so a failure changes nothing.
    const updated = targets.map((t) => {
      const copy = clone(t);
      try {
        applyDomainMetadata(copy, type, value, opts);
      } catch (e) {
        if (e instanceof PolyvisorError) throw err(e.code, `domain "${d.name}": ${e.message}`, 'domains.setMetadata');
        throw e;
      }
      return copy;
    });
    targets.forEach((t, i) => {
      for (const k of Object.keys(t) as Array<keyof DomainSpec>) delete t[k];
      Object.assign(t, updated[i]);
    });
  }

  /** Reads title, description or a namespaced metadata element. */
  getDomainMetadata(ref: DomainRef, type: MetadataType, opts: { uri?: string; live?: boolean; config?: boolean }): string {
    const d = this.getDomain(ref);
    const def = this.metadataTargets(d, { live: opts.live, config: opts.config }, 'domains.getMetadata')[0]!;
    try {
      return readDomainMetadata(def, type, opts);
    } catch (e) {
      if (e instanceof PolyvisorError) throw err(e.code, `domain "${d.name}": ${e.message}`, 'domains.getMetadata');
      throw e;
    }
  }

  // ------------------------------------------------------------ save / restore / snapshots

  private managedSaves = new Map<string, { spec: DomainSpec; running: boolean }>();
  private snapshots = new Map<string, Array<{ spec: DomainSnapshotSpec; state: DomainState; def: DomainSpec; current: boolean }>>();

  /** The record written by {@link TestState.saveDomain}: the definition and the run state (the test hypervisor has no memory to keep). */
  saveImage(ref: DomainRef, paused: boolean): { magic: string; xml: DomainSpec; running: boolean } {
    const d = this.getDomain(ref);
    this.requireActive(d, 'domains.save');
    return { magic: 'polyvisor-test-save-1', xml: clone(d.liveDef!), running: d.state === 'running' && !paused };
  }

  /** Stops a domain after its state was saved. */
  stopSaved(ref: DomainRef): void {
    const d = this.getDomain(ref);
    this.stopDomain(d, 'saved', 'saved');
  }

  /** Starts a domain from a save image. */
  restoreImage(image: { magic?: string; xml?: DomainSpec; running?: boolean }): DomainRecord {
    if (image.magic !== 'polyvisor-test-save-1' || !image.xml) throw err(ErrorCode.INVALID_ARG, 'not a test driver save image', 'domains.restore');
    const spec = clone(image.xml);
    const byName = this.findDomainByName(spec.name);
    if (byName && this.active(byName)) throw err(ErrorCode.OPERATION_INVALID, `domain "${spec.name}": domain is already active`, 'domains.restore');
    if (byName && spec.uuid && byName.uuid !== spec.uuid) throw err(ErrorCode.DUPLICATE, `domain "${spec.name}": domain '${spec.name}' already exists with uuid ${byName.uuid}`, 'domains.restore');
    let d = byName ?? (spec.uuid ? this.domains.get(spec.uuid) : undefined);
    if (!d) {
      spec.uuid ??= randomUUID();
      d = { uuid: spec.uuid, name: spec.name, state: 'shutoff', reason: 'unknown', id: -1, autostart: false, cpuTimeNs: 0 };
      this.domains.set(d.uuid, d);
    }
    d.liveDef = spec;
    d.id = this.nextId++;
    d.state = image.running ? 'running' : 'paused';
    d.reason = image.running ? 'restored' : 'user';
    d.cpuTimeNs = 0;
    d.runningSince = image.running ? process.hrtime.bigint() : undefined;
    this.domEvent(d, 'started', 'restored');
    if (!image.running) this.domEvent(d, 'suspended', 'restored');
    return this.record(d);
  }

  /** Managed save: keep the image in memory; the next start restores it. */
  managedSaveDomain(ref: DomainRef, paused: boolean): void {
    const d = this.getDomain(ref);
    if (!d.persistentDef) throw err(ErrorCode.OPERATION_INVALID, `domain "${d.name}": cannot do managed save for transient domain`, 'domains.managedSave');
    const img = this.saveImage(ref, paused);
    this.stopSaved(ref);
    this.managedSaves.set(d.uuid, { spec: img.xml, running: img.running });
  }

  /** True when a managed save image exists. */
  hasManagedSave(ref: DomainRef): boolean {
    return this.managedSaves.has(this.getDomain(ref).uuid);
  }

  /** Drops the managed save image. */
  removeManagedSave(ref: DomainRef): void {
    this.managedSaves.delete(this.getDomain(ref).uuid);
  }

  /** Takes the managed save image if any (used by start). */
  takeManagedSave(uuid: string): { spec: DomainSpec; running: boolean } | undefined {
    const m = this.managedSaves.get(uuid);
    this.managedSaves.delete(uuid);
    return m;
  }

  private snapList(d: TDomain): Array<{ spec: DomainSnapshotSpec; state: DomainState; def: DomainSpec; current: boolean }> {
    let l = this.snapshots.get(d.uuid);
    if (!l) this.snapshots.set(d.uuid, (l = []));
    return l;
  }

  /** Takes a snapshot of the definition and run state. */
  createSnapshot(ref: DomainRef, input: DomainSnapshotSpec): SnapshotInfo {
    const d = this.getDomain(ref);
    const list = this.snapList(d);
    const name = input.name ?? String(Math.floor(Date.now() / 1000));
    if (list.some((x) => x.spec.name === name)) throw err(ErrorCode.DUPLICATE, `domain "${d.name}": snapshot '${name}' already exists`, 'domains.createSnapshot');
    const current = list.find((x) => x.current);
    const def = clone((this.active(d) ? d.liveDef : d.persistentDef)!);
    const spec: DomainSnapshotSpec = { ...clone(input), name, state: d.state === 'shutoff' ? 'shutoff' : d.state === 'paused' ? 'paused' : 'running', creationTime: Math.floor(Date.now() / 1000), domain: def, memory: { snapshot: this.active(d) ? 'internal' : 'no' } };
    if (current) spec.parent = current.spec.name;
    for (const x of list) x.current = false;
    list.push({ spec, state: d.state, def, current: true });
    return this.snapInfo(list[list.length - 1]!);
  }

  private snapInfo(x: { spec: DomainSnapshotSpec; current: boolean }): SnapshotInfo {
    return { name: x.spec.name!, ...(x.spec.parent ? { parent: x.spec.parent } : {}), creationTime: x.spec.creationTime ?? 0, state: x.spec.state ?? 'shutoff', current: x.current, kind: 'internal' };
  }

  /** Lists snapshots. */
  listSnapshots(ref: DomainRef): SnapshotInfo[] {
    return this.snapList(this.getDomain(ref)).map((x) => this.snapInfo(x));
  }

  private findSnapshot(d: TDomain, name: string, op: string) {
    const x = this.snapList(d).find((s) => s.spec.name === name);
    if (!x) throw err(ErrorCode.INVALID_ARG, `domain "${d.name}": snapshot not found: no domain snapshot with matching name '${name}'`, op);
    return x;
  }

  /** A snapshot's definition. */
  snapshotSpec(ref: DomainRef, name: string): DomainSnapshotSpec {
    const d = this.getDomain(ref);
    return clone(this.findSnapshot(d, name, 'domains.getSnapshotSpec').spec);
  }

  /** Reverts the definition and run state to a snapshot. */
  revertToSnapshot(ref: DomainRef, name: string, opts: { paused?: boolean; running?: boolean }): void {
    const d = this.getDomain(ref);
    const x = this.findSnapshot(d, name, 'domains.revertToSnapshot');
    const wantActive = x.state !== 'shutoff' || opts.running === true || opts.paused === true;
    if (this.active(d)) this.stopDomain(d, 'from-snapshot', 'from-snapshot');
    if (d.persistentDef) d.persistentDef = clone(x.def);
    if (wantActive) {
      d.liveDef = clone(x.def);
      d.id = this.nextId++;
      const paused = opts.paused === true || (x.state === 'paused' && opts.running !== true);
      d.state = paused ? 'paused' : 'running';
      d.reason = 'from-snapshot';
      d.runningSince = paused ? undefined : process.hrtime.bigint();
      this.domains.set(d.uuid, d);
      this.domEvent(d, 'started', 'from-snapshot');
      if (paused) this.domEvent(d, 'suspended', 'from-snapshot');
    }
    for (const s of this.snapList(d)) s.current = s === x;
  }

  /** Deletes a snapshot (children re-parented, or deleted with `children`). */
  deleteSnapshot(ref: DomainRef, name: string, opts: { children?: boolean }): void {
    const d = this.getDomain(ref);
    const x = this.findSnapshot(d, name, 'domains.deleteSnapshot');
    const list = this.snapList(d);
    const doomed = new Set([x.spec.name]);
    if (opts.children) {
      let grew = true;
      while (grew) {
        grew = false;
        for (const s of list) if (s.spec.parent && doomed.has(s.spec.parent) && !doomed.has(s.spec.name)) (doomed.add(s.spec.name), (grew = true));
      }
    }
    for (const s of list) if (s.spec.parent === name && !doomed.has(s.spec.name)) s.spec.parent = x.spec.parent;
    this.snapshots.set(d.uuid, list.filter((s) => !doomed.has(s.spec.name)));
  }

  /** Adds a device to the live and/or persistent definition (the test hypervisor plugs instantly). */
  attachDevice(ref: DomainRef, kind: string, list: string, device: unknown, scope: { live?: boolean; config?: boolean }): void {
    const d = this.getDomain(ref);
    const targets = this.metadataTargets(d, scope, 'domains.attachDevice');
    for (const t of targets) {
      t.devices ??= { disks: [], controllers: [], interfaces: [], serials: [], parallels: [], consoles: [], channels: [], inputs: [], tpms: [], graphics: [], sounds: [], videos: [], hostdevs: [], watchdogs: [], rngs: [], panics: [] } as never;
      const arr = (t.devices as unknown as Record<string, unknown[]>)[list]!;
      if (kind === 'disk' && arr.some((x) => (x as { target: { dev: string } }).target.dev === (device as { target: { dev: string } }).target.dev)) {
        throw err(ErrorCode.OPERATION_INVALID, `domain "${d.name}": target ${(device as { target: { dev: string } }).target.dev} already exists`, 'domains.attachDevice');
      }
      arr.push(clone(device));
    }
    if (scope.live !== false && this.active(d) && targets.includes(d.liveDef!)) this.emit(domainEvent('device-added', 'device', d));
  }

  /** Removes a device (matched by disk target, interface MAC, or equality). */
  detachDevice(ref: DomainRef, kind: string, list: string, device: unknown, scope: { live?: boolean; config?: boolean }): void {
    const d = this.getDomain(ref);
    const targets = this.metadataTargets(d, scope, 'domains.detachDevice');
    const key = (x: unknown) => (kind === 'disk' ? (x as { target: { dev: string } }).target.dev : kind === 'interface' ? ((x as { mac?: { address?: string } }).mac?.address ?? JSON.stringify(x)) : JSON.stringify(x));
    for (const t of targets) {
      const arr = ((t.devices as unknown as Record<string, unknown[]> | undefined)?.[list]) ?? [];
      const i = arr.findIndex((x) => key(x) === key(device));
      if (i < 0) throw err(ErrorCode.INVALID_ARG, `domain "${d.name}": no device matching ${kind} ${key(device)}`, 'domains.detachDevice');
      arr.splice(i, 1);
    }
    if (this.active(d) && targets.includes(d.liveDef!)) this.emit(domainEvent('device-removed', 'device', d));
  }

  /** Sets current memory (KiB). */
  setDomainMemory(ref: DomainRef, kib: number, scope: { live?: boolean; config?: boolean }): void {
    const d = this.getDomain(ref);
    const targets = this.metadataTargets(d, scope, 'domains.setMemory');
    for (const t of targets) if (kib > t.memory) throw err(ErrorCode.INVALID_ARG, `domain "${d.name}": cannot set memory higher than max memory (${t.memory} KiB)`, 'domains.setMemory');
    for (const t of targets) t.currentMemory = kib;
  }

  /** Marks a domain running from a node file (`test:runstate`). */
  loadDomain(spec: DomainSpec, state: DomainState, transient: boolean): void {
    const rec = transient ? this.createTransientDomain(spec, false) : this.defineDomain(spec);
    const d = this.domains.get(rec.uuid)!;
    if (state === 'shutoff') return;
    if (!this.active(d)) this.bootDomain(d, state === 'paused');
    if (state === 'paused' && d.state !== 'paused') this.suspendDomain(d);
  }

  // ------------------------------------------------------------ networks

  private netInfo(n: TNetwork): NetworkInfo {
    const def = (n.active ? n.liveDef : n.persistentDef) ?? n.persistentDef ?? n.liveDef;
    const bridge = (def as { bridge?: { name?: string } } | undefined)?.bridge?.name;
    return { name: n.name, uuid: n.uuid, active: n.active, persistent: n.persistentDef !== undefined, autostart: n.autostart, ...(bridge ? { bridge } : {}) };
  }

  private getNetwork(ref: NetworkRef): TNetwork {
    const n = this.networks.get(ref.uuid);
    if (!n) throw err(ErrorCode.NO_NETWORK, `network "${ref.name}": no network with matching uuid '${ref.uuid}'`);
    return n;
  }

  private findNetworkByName(name: string): TNetwork | undefined {
    for (const n of this.networks.values()) if (n.name === name) return n;
    return undefined;
  }

  private netEvent(n: { name: string; uuid: string }, type: 'defined' | 'undefined' | 'started' | 'stopped'): void {
    this.emit({ kind: 'network', type, network: { name: n.name, uuid: n.uuid }, timestamp: Date.now() });
  }

  /** Lists networks. */
  listNetworks(filter: NetworkListFilter): NetworkInfo[] {
    return [...this.networks.values()]
      .map((n) => this.netInfo(n))
      .filter((i) => (filter.active === undefined || i.active === filter.active) && (filter.persistent === undefined || i.persistent === filter.persistent) && (filter.autostart === undefined || i.autostart === filter.autostart))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Looks a network up by name. */
  lookupNetworkByName(name: string): NetworkInfo {
    const n = this.findNetworkByName(name);
    if (!n) throw err(ErrorCode.NO_NETWORK, `network not found: no network with matching name '${name}'`);
    return this.netInfo(n);
  }

  /** Looks a network up by UUID. */
  lookupNetworkByUuid(uuid: string): NetworkInfo {
    const n = this.networks.get(uuid);
    if (!n) throw err(ErrorCode.NO_NETWORK, `network not found: no network with matching uuid '${uuid}'`);
    return this.netInfo(n);
  }

  private checkNetworkConflicts(spec: NetworkSpec, op: string): TNetwork | undefined {
    const byName = this.findNetworkByName(spec.name);
    const byUuid = spec.uuid ? this.networks.get(spec.uuid) : undefined;
    if (byName && spec.uuid && byName.uuid !== spec.uuid) throw err(ErrorCode.DUPLICATE, `network "${spec.name}": network '${spec.name}' already exists with uuid ${byName.uuid}`, op);
    if (byUuid && byUuid.name !== spec.name) throw err(ErrorCode.DUPLICATE, `network "${spec.name}": network '${byUuid.name}' is already defined with uuid ${byUuid.uuid}`, op);
    const bridge = (spec as { bridge?: { name?: string } }).bridge?.name;
    if (bridge) {
      for (const n of this.networks.values()) {
        if (n === (byName ?? byUuid)) continue;
        if (this.netInfo(n).bridge === bridge) throw err(ErrorCode.DUPLICATE, `network "${spec.name}": bridge name '${bridge}' already in use by network '${n.name}'`, op);
      }
    }
    return byName ?? byUuid;
  }

  /** Defines or updates a persistent network. */
  defineNetwork(input: NetworkSpec): NetworkInfo {
    const spec = clone(input);
    const existing = this.checkNetworkConflicts(spec, 'networks.define');
    if (existing) {
      spec.uuid = existing.uuid;
      existing.persistentDef = spec;
      this.netEvent(existing, 'defined');
      return this.netInfo(existing);
    }
    spec.uuid ??= randomUUID();
    const n: TNetwork = { uuid: spec.uuid, name: spec.name, persistentDef: spec, active: false, autostart: false };
    this.networks.set(n.uuid, n);
    this.netEvent(n, 'defined');
    return this.netInfo(n);
  }

  /** Creates and starts a transient network. */
  createTransientNetwork(input: NetworkSpec): NetworkInfo {
    const spec = clone(input);
    const existing = this.checkNetworkConflicts(spec, 'networks.createTransient');
    if (existing) {
      if (existing.active) throw err(ErrorCode.OPERATION_INVALID, `network "${existing.name}": network is already active`, 'networks.createTransient');
      spec.uuid = existing.uuid;
      existing.liveDef = spec;
      existing.active = true;
      this.netEvent(existing, 'started');
      return this.netInfo(existing);
    }
    spec.uuid ??= randomUUID();
    const n: TNetwork = { uuid: spec.uuid, name: spec.name, liveDef: spec, active: true, autostart: false };
    this.networks.set(n.uuid, n);
    this.netEvent(n, 'started');
    return this.netInfo(n);
  }

  /** Starts a network. */
  startNetwork(ref: NetworkRef): void {
    const n = this.getNetwork(ref);
    if (n.active) throw err(ErrorCode.OPERATION_INVALID, `network "${n.name}": network is already active`, 'networks.start');
    n.liveDef = clone(n.persistentDef!);
    n.active = true;
    this.netEvent(n, 'started');
  }

  /** Stops a network. */
  destroyNetwork(ref: NetworkRef): void {
    const n = this.getNetwork(ref);
    if (!n.active) throw err(ErrorCode.OPERATION_INVALID, `network "${n.name}": network is not active`, 'networks.destroy');
    n.active = false;
    n.liveDef = undefined;
    this.netEvent(n, 'stopped');
    if (!n.persistentDef) this.networks.delete(n.uuid);
  }

  /** Removes a network's persistent definition. */
  undefineNetwork(ref: NetworkRef): void {
    const n = this.getNetwork(ref);
    if (!n.persistentDef) throw err(ErrorCode.OPERATION_INVALID, `network "${n.name}": cannot undefine transient network`, 'networks.undefine');
    n.persistentDef = undefined;
    n.autostart = false;
    this.netEvent(n, 'undefined');
    if (!n.active) this.networks.delete(n.uuid);
  }

  /** Network info. */
  networkInfo(ref: NetworkRef): NetworkInfo {
    return this.netInfo(this.getNetwork(ref));
  }

  /** Live or persistent network definition. */
  networkSpec(ref: NetworkRef, inactive: boolean): NetworkSpec {
    const n = this.getNetwork(ref);
    const def = inactive ? (n.persistentDef ?? n.liveDef) : n.active ? n.liveDef : n.persistentDef;
    return clone(def!);
  }

  /**
   * DHCP leases on an active network: like libvirt's test driver, one made-up
   * lease per running domain NIC on it, with addresses from the first DHCP range.
   */
  networkLeases(ref: NetworkRef, mac?: string): DhcpLease[] {
    const n = this.getNetwork(ref);
    if (!n.active) throw err(ErrorCode.OPERATION_INVALID, `network "${n.name}": network is not active`, 'networks.getDhcpLeases');
    const def = n.liveDef as { ips?: Array<{ address?: string; prefix?: number; netmask?: string; dhcp?: { ranges?: Array<{ start: string }> } }>; bridge?: { name?: string } } | undefined;
    const ip = def?.ips?.find((x) => x.dhcp?.ranges?.length);
    const start = ip?.dhcp?.ranges?.[0]?.start;
    if (!ip || !start) return [];
    const base = start.split('.').map(Number);
    const prefix = ip.prefix ?? (ip.netmask ? ip.netmask.split('.').map(Number).reduce((a, o) => a + (o.toString(2).match(/1/g)?.length ?? 0), 0) : 24);
    const out: DhcpLease[] = [];
    for (const d of this.domains.values()) {
      if (!this.active(d)) continue;
      for (const nic of d.liveDef?.devices?.interfaces ?? []) {
        if (nic.type !== 'network' || nic.source?.network !== n.name || !nic.mac) continue;
        const addr = [...base.slice(0, 3), (base[3]! + out.length) % 255].join('.');
        const lease: DhcpLease = { iface: def?.bridge?.name ?? n.name, expiryTime: 0, type: 'ipv4', mac: nic.mac.address.toLowerCase(), ipaddr: addr, prefix, hostname: d.name };
        if (!mac || lease.mac === mac.toLowerCase()) out.push(lease);
      }
    }
    return out;
  }

  /** Sets network autostart. */
  setNetworkAutostart(ref: NetworkRef, autostart: boolean): void {
    const n = this.getNetwork(ref);
    if (!n.persistentDef) throw err(ErrorCode.OPERATION_INVALID, `network "${n.name}": cannot set autostart for transient network`, 'networks.setAutostart');
    n.autostart = autostart;
  }

  /** Marks a loaded network active. */
  loadNetwork(spec: NetworkSpec, active: boolean): void {
    const info = this.defineNetwork(spec);
    if (active) this.startNetwork(info);
  }

  // ------------------------------------------------------------ storage

  private poolDef(p: TPool): StoragePoolSpec {
    return ((p.state !== 'inactive' ? p.liveDef : p.persistentDef) ?? p.persistentDef ?? p.liveDef)!;
  }

  private poolInfo(p: TPool): StoragePoolInfo {
    const allocation = p.state === 'inactive' ? 0 : [...p.volumes.values()].reduce((s, v) => s + v.allocation, 0);
    const capacity = p.state === 'inactive' ? 0 : p.capacity;
    return { name: p.name, uuid: p.uuid, state: p.state, persistent: p.persistentDef !== undefined, autostart: p.autostart, capacity, allocation, available: Math.max(0, capacity - allocation) };
  }

  private getPool(ref: PoolRef): TPool {
    const p = this.pools.get(ref.uuid);
    if (!p) throw err(ErrorCode.NO_STORAGE_POOL, `storage pool "${ref.name}": no storage pool with matching uuid '${ref.uuid}'`);
    return p;
  }

  private findPoolByName(name: string): TPool | undefined {
    for (const p of this.pools.values()) if (p.name === name) return p;
    return undefined;
  }

  private poolEvent(p: { name: string; uuid: string }, type: 'defined' | 'undefined' | 'started' | 'stopped' | 'created' | 'deleted'): void {
    this.emit({ kind: 'storage-pool', type, pool: { name: p.name, uuid: p.uuid }, timestamp: Date.now() });
  }

  /** Lists pools. */
  listPools(filter: StoragePoolListFilter): StoragePoolInfo[] {
    return [...this.pools.values()]
      .map((p) => this.poolInfo(p))
      .filter((i) => (filter.active === undefined || (i.state !== 'inactive') === filter.active) && (filter.persistent === undefined || i.persistent === filter.persistent) && (filter.autostart === undefined || i.autostart === filter.autostart))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Looks a pool up by name. */
  lookupPoolByName(name: string): StoragePoolInfo {
    const p = this.findPoolByName(name);
    if (!p) throw err(ErrorCode.NO_STORAGE_POOL, `storage pool not found: no storage pool with matching name '${name}'`);
    return this.poolInfo(p);
  }

  /** Looks a pool up by UUID. */
  lookupPoolByUuid(uuid: string): StoragePoolInfo {
    const p = this.pools.get(uuid);
    if (!p) throw err(ErrorCode.NO_STORAGE_POOL, `storage pool not found: no storage pool with matching uuid '${uuid}'`);
    return this.poolInfo(p);
  }

  private checkPoolConflicts(spec: StoragePoolSpec, op: string): TPool | undefined {
    const byName = this.findPoolByName(spec.name);
    const byUuid = spec.uuid ? this.pools.get(spec.uuid) : undefined;
    if (byName && spec.uuid && byName.uuid !== spec.uuid) throw err(ErrorCode.DUPLICATE, `storage pool "${spec.name}": pool '${spec.name}' already exists with uuid ${byName.uuid}`, op);
    if (byUuid && byUuid.name !== spec.name) throw err(ErrorCode.DUPLICATE, `storage pool "${spec.name}": pool '${byUuid.name}' is already defined with uuid ${byUuid.uuid}`, op);
    return byName ?? byUuid;
  }

  /** Defines or updates a persistent pool. */
  definePool(input: StoragePoolSpec): StoragePoolInfo {
    const spec = clone(input);
    const existing = this.checkPoolConflicts(spec, 'storage.definePool');
    if (existing) {
      spec.uuid = existing.uuid;
      existing.persistentDef = spec;
      this.poolEvent(existing, 'defined');
      return this.poolInfo(existing);
    }
    spec.uuid ??= randomUUID();
    const p: TPool = { uuid: spec.uuid, name: spec.name, persistentDef: spec, state: 'inactive', autostart: false, capacity: DEFAULT_POOL_CAPACITY, volumes: new Map() };
    this.pools.set(p.uuid, p);
    this.poolEvent(p, 'defined');
    return this.poolInfo(p);
  }

  /** Creates and starts a transient pool. */
  createPool(input: StoragePoolSpec): StoragePoolInfo {
    const spec = clone(input);
    const existing = this.checkPoolConflicts(spec, 'storage.createPool');
    if (existing) {
      if (existing.state !== 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${existing.name}": storage pool is already active`, 'storage.createPool');
      spec.uuid = existing.uuid;
      existing.liveDef = spec;
      existing.state = 'running';
      this.poolEvent(existing, 'started');
      return this.poolInfo(existing);
    }
    spec.uuid ??= randomUUID();
    const p: TPool = { uuid: spec.uuid, name: spec.name, liveDef: spec, state: 'running', autostart: false, capacity: DEFAULT_POOL_CAPACITY, volumes: new Map() };
    this.pools.set(p.uuid, p);
    this.poolEvent(p, 'started');
    return this.poolInfo(p);
  }

  /** Builds a pool (a no-op on the in-memory host, but state-checked). */
  buildPool(ref: PoolRef): void {
    const p = this.getPool(ref);
    if (p.state !== 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": storage pool is already active`, 'storage.buildPool');
    this.poolEvent(p, 'created');
  }

  /** Starts a pool. */
  startPool(ref: PoolRef): void {
    const p = this.getPool(ref);
    if (p.state !== 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": storage pool is already active`, 'storage.startPool');
    p.liveDef = clone(p.persistentDef!);
    p.state = 'running';
    this.poolEvent(p, 'started');
  }

  /** Stops a pool. */
  destroyPool(ref: PoolRef): void {
    const p = this.getPool(ref);
    if (p.state === 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": storage pool is not active`, 'storage.destroyPool');
    p.state = 'inactive';
    p.liveDef = undefined;
    this.poolEvent(p, 'stopped');
    if (!p.persistentDef) this.pools.delete(p.uuid);
  }

  /** Deletes a pool's storage (pool must be inactive). */
  deletePool(ref: PoolRef): void {
    const p = this.getPool(ref);
    if (p.state !== 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": storage pool is still active`, 'storage.deletePool');
    p.volumes.clear();
    this.poolEvent(p, 'deleted');
  }

  /** Removes a pool's persistent definition. */
  undefinePool(ref: PoolRef): void {
    const p = this.getPool(ref);
    if (!p.persistentDef) throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": cannot undefine transient storage pool`, 'storage.undefinePool');
    if (p.state !== 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": storage pool is still active`, 'storage.undefinePool');
    this.pools.delete(p.uuid);
    this.poolEvent(p, 'undefined');
  }

  /** Refreshes a pool (state-checked). */
  refreshPool(ref: PoolRef): void {
    const p = this.getPool(ref);
    if (p.state === 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": storage pool is not active`, 'storage.refreshPool');
  }

  /** Pool info. */
  poolInfoOf(ref: PoolRef): StoragePoolInfo {
    return this.poolInfo(this.getPool(ref));
  }

  /** Pool definition. */
  poolSpec(ref: PoolRef, inactive: boolean): StoragePoolSpec {
    const p = this.getPool(ref);
    return clone(inactive ? (p.persistentDef ?? p.liveDef)! : this.poolDef(p));
  }

  /** Sets pool autostart. */
  setPoolAutostart(ref: PoolRef, autostart: boolean): void {
    const p = this.getPool(ref);
    if (!p.persistentDef) throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": cannot set autostart for transient storage pool`, 'storage.setPoolAutostart');
    p.autostart = autostart;
  }

  private activePool(ref: PoolRef, op: string): TPool {
    const p = this.getPool(ref);
    if (p.state === 'inactive') throw err(ErrorCode.OPERATION_INVALID, `storage pool "${p.name}": storage pool is not active`, op);
    return p;
  }

  private volInfo(v: TVolume): StorageVolumeInfo {
    const type = ((v.spec as { type?: string }).type ?? 'file') as StorageVolumeInfo['type'];
    return { name: v.spec.name, key: v.key, path: v.path, type, capacity: v.capacity, allocation: v.allocation };
  }

  private getVolume(ref: VolumeRef, op: string): { pool: TPool; vol: TVolume } {
    const p = this.activePool(ref.pool, op);
    const v = p.volumes.get(ref.name);
    if (!v) throw err(ErrorCode.NO_STORAGE_VOL, `storage volume "${ref.name}": no storage vol with matching name '${ref.name}' in pool '${p.name}'`, op);
    return { pool: p, vol: v };
  }

  /** Lists a pool's volumes. */
  listVolumes(ref: PoolRef): StorageVolumeInfo[] {
    const p = this.activePool(ref, 'storage.listVolumes');
    return [...p.volumes.values()].map((v) => this.volInfo(v)).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Looks up a volume by name. */
  lookupVolume(ref: PoolRef, name: string): StorageVolumeInfo {
    return this.volInfo(this.getVolume({ pool: ref, name, key: '' }, 'storage.lookupVolume').vol);
  }

  /** Looks up a volume by path or key across active pools. */
  lookupVolumeByPath(path: string): { pool: StoragePoolInfo; volume: StorageVolumeInfo } {
    for (const p of this.pools.values()) {
      if (p.state === 'inactive') continue;
      for (const v of p.volumes.values()) if (v.path === path || v.key === path) return { pool: this.poolInfo(p), volume: this.volInfo(v) };
    }
    throw err(ErrorCode.NO_STORAGE_VOL, `storage volume not found: no storage vol with matching path '${path}'`);
  }

  /** Creates a volume (optionally cloned from another). */
  createVolume(ref: PoolRef, input: StorageVolumeSpec, from?: VolumeRef): StorageVolumeInfo {
    const p = this.activePool(ref, 'storage.createVolume');
    const spec = clone(input) as StorageVolumeSpec & { capacity?: number; allocation?: number; key?: string; target?: { path?: string } };
    if (p.volumes.has(spec.name)) throw err(ErrorCode.DUPLICATE, `storage volume "${spec.name}": storage vol '${spec.name}' already exists in pool '${p.name}'`, 'storage.createVolume');
    let capacity = spec.capacity ?? 0;
    if (from) {
      const src = this.getVolume(from, 'storage.createVolume').vol;
      if (spec.capacity === undefined) capacity = src.capacity;
    }
    const allocation = Math.min(spec.allocation ?? capacity, capacity || (spec.allocation ?? 0));
    const info = this.poolInfo(p);
    if (allocation > info.available) throw err(ErrorCode.OPERATION_FAILED, `storage volume "${spec.name}": not enough free space in pool '${p.name}' for volume (${allocation} bytes requested, ${info.available} available)`, 'storage.createVolume');
    const poolPath = ((this.poolDef(p) as { target?: { path?: string } }).target?.path ?? `/${p.name}`).replace(/\/+$/, '');
    const path = `${poolPath}/${spec.name}`;
    spec.key = path;
    spec.target = { ...(spec.target ?? {}), path };
    spec.capacity = capacity;
    spec.allocation = allocation;
    const v: TVolume = { spec, key: path, path, capacity, allocation };
    p.volumes.set(spec.name, v);
    return this.volInfo(v);
  }

  /** Deletes a volume. */
  deleteVolume(ref: VolumeRef): void {
    const { pool, vol } = this.getVolume(ref, 'storage.deleteVolume');
    pool.volumes.delete(vol.spec.name);
  }

  /** Volume info. */
  volumeInfo(ref: VolumeRef): StorageVolumeInfo {
    return this.volInfo(this.getVolume(ref, 'storage.getVolumeInfo').vol);
  }

  /** Volume definition. */
  volumeSpec(ref: VolumeRef): StorageVolumeSpec {
    return clone(this.getVolume(ref, 'storage.getVolumeSpec').vol.spec);
  }

  /** Resizes a volume. */
  resizeVolume(ref: VolumeRef, capacity: number): void {
    const { pool, vol } = this.getVolume(ref, 'storage.resizeVolume');
    if (capacity < vol.allocation) throw err(ErrorCode.INVALID_ARG, `storage volume "${ref.name}": can't shrink capacity below current allocation`, 'storage.resizeVolume');
    const avail = this.poolInfo(pool).available;
    if (capacity - vol.capacity > avail) throw err(ErrorCode.OPERATION_FAILED, `storage volume "${ref.name}": not enough space left in storage pool`, 'storage.resizeVolume');
    vol.capacity = capacity;
    (vol.spec as { capacity?: number }).capacity = capacity;
  }

  /** Wipes a volume (state-checked). */
  wipeVolume(ref: VolumeRef): void {
    this.getVolume(ref, 'storage.wipeVolume');
  }

  /** Marks a loaded pool active. */
  loadPool(spec: StoragePoolSpec, active: boolean, volumes: StorageVolumeSpec[]): void {
    const info = this.definePool(spec);
    if (!active && volumes.length === 0) return;
    this.startPool(info);
    for (const v of volumes) this.createVolume(info, v);
    if (!active) this.destroyPool(info);
  }
}
