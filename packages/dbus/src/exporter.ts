/**
 * Exports one polyvisor connection on the bus: its `org.libvirt.Connect`
 * object and a child object per domain, network, storage pool, volume and
 * snapshot, kept in step with the hypervisor through core's events (and a
 * re-sync on every `List*` call), and turns core events into libvirt-dbus
 * signals.
 * @module
 */
import type * as dbus from 'dbus-next';
import type { Connection, DomainRecord, PolyvisorEvent, StorageVolume } from '@polyvisor/core';
import { NETWORK_EVENT, STORAGE_POOL_EVENT, domainEventCodes } from './codes.js';
import type { InterfaceSpec, ServiceInterfaceClass } from './interfaces.js';
import { ConnectObject, DomainObject, NetworkObject, PoolObject, SnapshotObject, VolumeObject, type ObjectBackend, type ObjectHost } from './objects.js';
import { domainPath, domainSnapshotPath, encodeUuid, networkPath, storagePoolPath, storageVolPath } from './paths.js';

/** Shared state of the service that every exporter uses. */
export interface ExportContext {
  /** The bus connection. */
  readonly bus: dbus.MessageBus;
  /** Interface specs by name. */
  readonly specs: Map<string, InterfaceSpec>;
  /** Generated classes by interface name. */
  readonly classes: Map<string, ServiceInterfaceClass>;
  /** Every exported object of every connection, by path. */
  readonly registry: Map<string, ObjectBackend>;
  /** Reports background failures (event handling, re-syncs). */
  readonly log: (msg: string, err?: unknown) => void;
}

/** The objects of one connection on the bus. */
export class ConnectionExporter implements ObjectHost {
  /** The connection object. */
  readonly connect: ConnectObject;
  private readonly objects = new Map<string, ObjectBackend>();
  private readonly pending = new Map<string, Promise<string>>();
  private unsubscribe: (() => void) | undefined;
  private closed = false;

  /** Creates the exporter; call {@link ConnectionExporter.start} to export. */
  constructor(
    private readonly ctx: ExportContext,
    /** The polyvisor connection. */
    readonly conn: Connection,
    /** Path of the `org.libvirt.Connect` object. */
    readonly path: string,
    /** Version numbers reported by the `Connect` properties. */
    readonly settings: { libVersion: number; hypervisorVersion: number },
  ) {
    this.connect = new ConnectObject(this);
  }

  /** {@inheritDoc ObjectHost.classFor} */
  classFor(name: string): ServiceInterfaceClass {
    const c = this.ctx.classes.get(name);
    if (!c) throw new Error(`no interface class for ${name}`);
    return c;
  }

  /** {@inheritDoc ObjectHost.specFor} */
  specFor(name: string): InterfaceSpec {
    const s = this.ctx.specs.get(name);
    if (!s) throw new Error(`no interface spec for ${name}`);
    return s;
  }

  /** Exports the connection object and every current child object, and starts following events. */
  async start(): Promise<void> {
    await this.connect.refresh();
    this.add(this.connect);
    try {
      this.unsubscribe = this.conn.onEvent((ev) => this.onEvent(ev));
    } catch (err) {
      this.ctx.log(`${this.conn.uri}: no events from this driver; objects are re-synced on List* calls`, err);
    }
    const has = this.conn.capabilities();
    if (has.has('domains.list')) await this.syncDomains((await this.conn.domains.list()).map((d) => d.toJSON()));
    if (has.has('networks.list')) await this.syncNetworks();
    if (has.has('storage.listPools')) await this.syncPools();
  }

  /** Stops following events and unexports every object. */
  stop(): void {
    this.closed = true;
    this.unsubscribe?.();
    for (const path of [...this.objects.keys()]) this.drop(path);
  }

  /** Paths of the objects currently exported for this connection. */
  paths(): string[] {
    return [...this.objects.keys()];
  }

  private add(b: ObjectBackend): void {
    if (this.objects.has(b.path) || this.closed) return;
    this.ctx.bus.export(b.path, b.iface);
    b.exported = true;
    this.objects.set(b.path, b);
    this.ctx.registry.set(b.path, b);
  }

  private drop(path: string): void {
    const b = this.objects.get(path);
    if (!b) return;
    this.objects.delete(path);
    if (this.ctx.registry.get(path) === b) this.ctx.registry.delete(path);
    b.exported = false;
    try {
      this.ctx.bus.unexport(path, b.iface);
    } catch (err) {
      this.ctx.log(`unexport ${path} failed`, err);
    }
  }

  /** {@inheritDoc ObjectHost.remove} */
  remove(path: string): void {
    const b = this.objects.get(path);
    this.drop(path);
    if (b instanceof DomainObject) {
      const prefix = `${this.path}/domainsnapshot/${encodeUuid(b.uuid)}_`;
      for (const p of [...this.objects.keys()]) if (p.startsWith(prefix)) this.drop(p);
    }
    if (b instanceof PoolObject) this.dropVolumes(b.uuid);
  }

  private dropVolumes(poolUuid: string, keep: Set<string> = new Set()): void {
    for (const [p, o] of [...this.objects]) if (o instanceof VolumeObject && o.poolUuid === poolUuid && !keep.has(p)) this.drop(p);
  }

  private ensure(path: string, make: () => ObjectBackend): Promise<string> {
    if (this.objects.has(path)) return Promise.resolve(path);
    let p = this.pending.get(path);
    if (!p) {
      p = (async () => {
        const b = make();
        if (await b.refresh()) this.add(b);
        return path;
      })().finally(() => this.pending.delete(path));
      this.pending.set(path, p);
    }
    return p;
  }

  /** {@inheritDoc ObjectHost.ensureDomain} */
  ensureDomain(uuid: string): Promise<string> {
    return this.ensure(domainPath(this.path, uuid), () => new DomainObject(this, uuid));
  }

  /** {@inheritDoc ObjectHost.ensureNetwork} */
  ensureNetwork(uuid: string): Promise<string> {
    return this.ensure(networkPath(this.path, uuid), () => new NetworkObject(this, uuid));
  }

  /** {@inheritDoc ObjectHost.ensurePool} */
  ensurePool(uuid: string): Promise<string> {
    return this.ensure(storagePoolPath(this.path, uuid), () => new PoolObject(this, uuid));
  }

  /** {@inheritDoc ObjectHost.ensureVolume} */
  ensureVolume(poolUuid: string, name: string, key: string): Promise<string> {
    return this.ensure(storageVolPath(this.path, key), () => new VolumeObject(this, poolUuid, name, key));
  }

  /** {@inheritDoc ObjectHost.ensureSnapshot} */
  ensureSnapshot(domainUuid: string, name: string): Promise<string> {
    return this.ensure(domainSnapshotPath(this.path, domainUuid, name), () => new SnapshotObject(this, domainUuid, name));
  }

  /** {@inheritDoc ObjectHost.syncDomains} */
  async syncDomains(records: DomainRecord[]): Promise<void> {
    const want = new Set(records.map((r) => domainPath(this.path, r.uuid)));
    for (const [p, o] of [...this.objects]) if (o instanceof DomainObject && !want.has(p)) this.remove(p);
    await Promise.all(records.map((r) => this.touchDomain(r.uuid)));
    if (this.conn.capabilities().has('domains.listSnapshots')) {
      await Promise.all(records.map((r) => this.syncSnapshots(r.uuid).catch((err) => this.ctx.log(`snapshots of ${r.name}`, err))));
    }
  }

  /** {@inheritDoc ObjectHost.syncNetworks} */
  async syncNetworks(): Promise<void> {
    const nets = await this.conn.networks.list();
    const want = new Set(nets.map((n) => networkPath(this.path, n.uuid)));
    for (const [p, o] of [...this.objects]) if (o instanceof NetworkObject && !want.has(p)) this.remove(p);
    await Promise.all(nets.map((n) => this.touch(networkPath(this.path, n.uuid), () => this.ensureNetwork(n.uuid))));
  }

  /** {@inheritDoc ObjectHost.syncPools} */
  async syncPools(): Promise<void> {
    const pools = await this.conn.storagePools.list();
    const want = new Set(pools.map((p) => storagePoolPath(this.path, p.uuid)));
    for (const [p, o] of [...this.objects]) if (o instanceof PoolObject && !want.has(p)) this.remove(p);
    await Promise.all(pools.map((p) => this.touch(storagePoolPath(this.path, p.uuid), () => this.ensurePool(p.uuid))));
    await Promise.all(pools.map((p) => this.syncVolumes(p.uuid).catch((err) => this.ctx.log(`volumes of pool ${p.name}`, err))));
  }

  /** {@inheritDoc ObjectHost.syncVolumes} */
  async syncVolumes(poolUuid: string): Promise<void> {
    let vols: StorageVolume[];
    try {
      const pool = await this.conn.storagePools.lookup(poolUuid);
      vols = pool.active ? await pool.listVolumes() : [];
    } catch {
      vols = [];
    }
    this.dropVolumes(poolUuid, new Set(vols.map((v) => storageVolPath(this.path, v.key))));
    await Promise.all(vols.map((v) => this.ensureVolume(poolUuid, v.name, v.key)));
  }

  /** {@inheritDoc ObjectHost.syncSnapshots} */
  async syncSnapshots(domainUuid: string): Promise<void> {
    let names: string[];
    try {
      names = (await (await this.conn.domains.lookupByUuid(domainUuid)).listSnapshots()).map((s) => s.name);
    } catch {
      names = [];
    }
    const want = new Set(names.map((n) => domainSnapshotPath(this.path, domainUuid, n)));
    for (const [p, o] of [...this.objects]) if (o instanceof SnapshotObject && o.domainUuid === domainUuid && !want.has(p)) this.drop(p);
    await Promise.all(names.map((n) => this.ensureSnapshot(domainUuid, n)));
  }

  /** Refreshes the exported object at `path` (dropping it when gone), or exports it with `ensure`. */
  private async touch(path: string, ensure: () => Promise<string>): Promise<void> {
    await this.pending.get(path)?.catch(() => undefined);
    const o = this.objects.get(path);
    if (!o) {
      await ensure();
      return;
    }
    if (!(await o.refresh())) this.remove(path);
  }

  /** {@inheritDoc ObjectHost.touchDomain} */
  touchDomain(uuid: string): Promise<void> {
    return this.touch(domainPath(this.path, uuid), () => this.ensureDomain(uuid));
  }

  private background(what: string, p: Promise<unknown>): void {
    p.catch((err) => {
      if (!this.closed) this.ctx.log(`${this.conn.uri}: ${what}`, err);
    });
  }

  private onEvent(ev: PolyvisorEvent): void {
    if (this.closed) return;
    if (ev.kind === 'domain') {
      const path = domainPath(this.path, ev.domain.uuid);
      const codes = domainEventCodes(ev);
      if (codes) this.connect.iface.emitSignal('DomainEvent', path, codes[0], codes[1]);
      const obj = this.objects.get(path);
      if (obj) {
        if (ev.type === 'device-added') obj.iface.emitSignal('DeviceAdded', ev.device ?? '');
        else if (ev.type === 'device-removed') obj.iface.emitSignal('DeviceRemoved', ev.device ?? '');
        else if (ev.type === 'reboot') obj.iface.emitSignal('Reboot');
      }
      this.background(`domain event for ${ev.domain.name}`, this.touchDomain(ev.domain.uuid));
    } else if (ev.kind === 'network') {
      const path = networkPath(this.path, ev.network.uuid);
      this.connect.iface.emitSignal('NetworkEvent', path, NETWORK_EVENT[ev.type]);
      this.background(`network event for ${ev.network.name}`, this.touch(path, () => this.ensureNetwork(ev.network.uuid)));
    } else if (ev.kind === 'storage-pool') {
      const path = storagePoolPath(this.path, ev.pool.uuid);
      this.connect.iface.emitSignal('StoragePoolEvent', path, STORAGE_POOL_EVENT[ev.type], 0);
      const uuid = ev.pool.uuid;
      this.background(`pool event for ${ev.pool.name}`, this.touch(path, () => this.ensurePool(uuid)).then(() => this.syncVolumes(uuid)));
    }
  }
}
