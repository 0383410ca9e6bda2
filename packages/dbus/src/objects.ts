/**
 * The objects behind the exported D-Bus interfaces: one backend per
 * connection (`org.libvirt.Connect`) and per domain, network, storage pool,
 * storage volume and domain snapshot, each mapping libvirt-dbus methods and
 * properties onto core's {@link Connection} API.
 * @module
 */
import { hostname as osHostname } from 'node:os';
import * as dbus from 'dbus-next';
import {
  el, isNotFound, isUnsupported, serializeXml, type Connection, type Domain, type DomainRecord, type DomainStats, type HostCapabilities, type MetadataScope, type Network, type ShutdownMode,
  type SnapshotInfo, type StoragePool, type StorageVolume, type XmlElement,
} from '@polyvisor/core';
import { FLAGS, METADATA_TYPE, STORAGE_POOL_STATE, STORAGE_VOL_TYPE, domainStateCodes } from './codes.js';
import { checkFlags, libvirtError, toDBusError, unsupported } from './errors.js';
import type { InterfaceBackend, InterfaceSpec, ServiceInterface, ServiceInterfaceClass } from './interfaces.js';
import { domainPath, domainSnapshotPath, networkPath, storagePoolPath, storageVolPath } from './paths.js';

/** What the objects of one connection need from the exporter that owns them. */
export interface ObjectHost {
  /** The polyvisor connection. */
  readonly conn: Connection;
  /** Path of the connection's `org.libvirt.Connect` object. */
  readonly path: string;
  /** Generated interface class by interface name. */
  classFor(name: string): ServiceInterfaceClass;
  /** Interface spec by name. */
  specFor(name: string): InterfaceSpec;
  /** Exports (if needed) the object of a domain; resolves to its path. */
  ensureDomain(uuid: string): Promise<string>;
  /** Exports (if needed) the object of a network; resolves to its path. */
  ensureNetwork(uuid: string): Promise<string>;
  /** Exports (if needed) the object of a storage pool; resolves to its path. */
  ensurePool(uuid: string): Promise<string>;
  /** Exports (if needed) the object of a storage volume; resolves to its path. */
  ensureVolume(poolUuid: string, name: string, key: string): Promise<string>;
  /** Exports (if needed) the object of a domain snapshot; resolves to its path. */
  ensureSnapshot(domainUuid: string, name: string): Promise<string>;
  /** Makes the exported domains exactly `records` (exports new ones, drops vanished ones). */
  syncDomains(records: DomainRecord[]): Promise<void>;
  /** Re-lists networks and syncs their objects. */
  syncNetworks(): Promise<void>;
  /** Re-lists pools and syncs their objects. */
  syncPools(): Promise<void>;
  /** Re-lists a pool's volumes and syncs their objects (drops them all when the pool is inactive or gone). */
  syncVolumes(poolUuid: string): Promise<void>;
  /** Re-lists a domain's snapshots and syncs their objects. */
  syncSnapshots(domainUuid: string): Promise<void>;
  /** Refreshes (or exports, or drops) the object of a domain after a change. */
  touchDomain(uuid: string): Promise<void>;
  /** Unexports the object at `path` (and its dependants). */
  remove(path: string): void;
  /** Options in force. */
  readonly settings: { libVersion: number; hypervisorVersion: number };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (...args: any[]) => Promise<unknown>;
type Props = Record<string, unknown>;

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  return a === b;
}

/** Converts a D-Bus 64-bit value to a safe JS number (throws `org.libvirt.Error` past 2^53). */
export function toSafeNumber(v: bigint | number, what: string): number {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (!Number.isSafeInteger(n) || (typeof v === 'bigint' && BigInt(n) !== v)) throw libvirtError(`${what} ${String(v)} is out of range`);
  return n;
}

const u64 = (n: number) => BigInt(Math.max(0, Math.trunc(n)));

/**
 * Base of every exported object: caches property values (D-Bus property
 * reads are answered after a refresh), emits `PropertiesChanged` when a
 * refresh sees a change, and maps errors to `org.libvirt.Error`.
 */
export abstract class ObjectBackend implements InterfaceBackend {
  /** Cached property values. */
  props: Props = {};
  /** The generated dbus-next interface serving this object. */
  readonly iface: ServiceInterface;
  /** The interface spec. */
  readonly spec: InterfaceSpec;
  /** True once exported on the bus. */
  exported = false;
  private seq = 0;
  private loaded = false;
  /** Method implementations by D-Bus member name; missing ones answer "not supported". */
  protected abstract readonly handlers: Record<string, Handler>;

  /** Creates the backend for interface `ifaceName` at `path`. */
  constructor(
    /** The owning exporter. */
    readonly host: ObjectHost,
    /** Object path. */
    readonly path: string,
    ifaceName: string,
  ) {
    this.spec = host.specFor(ifaceName);
    this.iface = new (host.classFor(ifaceName))(this);
  }

  /** Reads fresh property values; `undefined` when the object no longer exists. */
  protected abstract load(): Promise<Props | undefined>;

  /** Writes a writable property. */
  async setProperty(name: string, _value: unknown): Promise<void> {
    throw unsupported(`${this.spec.name}.${name}`);
  }

  /** Refreshes the cached properties (emitting `PropertiesChanged` for changes); false when the object is gone. */
  async refresh(): Promise<boolean> {
    const mine = ++this.seq;
    const fresh = await this.load();
    if (mine !== this.seq) return fresh !== undefined;
    if (!fresh) return false;
    const changed: Props = {};
    for (const [k, v] of Object.entries(fresh)) {
      const p = this.spec.properties.get(k);
      if (!p || p.emitsChanged === 'const') continue;
      if (this.loaded && !same(this.props[k], v)) changed[k] = v;
    }
    this.props = fresh;
    this.loaded = true;
    if (this.exported && Object.keys(changed).length) dbus.interface.Interface.emitPropertiesChanged(this.iface, changed, []);
    return true;
  }

  /** {@inheritDoc InterfaceBackend.get} */
  get(property: string): unknown {
    return this.props[property];
  }

  /** {@inheritDoc InterfaceBackend.call} */
  async call(member: string, args: unknown[]): Promise<unknown> {
    const h = this.handlers[member];
    if (!h) throw unsupported(`${this.spec.name.replace('org.libvirt.', '')}.${member}`);
    try {
      return await h(...args);
    } catch (err) {
      throw toDBusError(err);
    }
  }

  /** Refreshes after a change; unexports the object when it is gone. */
  protected async after(): Promise<void> {
    const exists = await this.refresh().catch(() => true);
    if (!exists) this.host.remove(this.path);
  }
}

function scopeOf(flags: number): MetadataScope {
  const s: MetadataScope = {};
  if (flags & FLAGS.impact.LIVE) s.live = true;
  if (flags & FLAGS.impact.CONFIG) s.config = true;
  return s;
}

function shutdownMode(flags: number, fn: string): ShutdownMode | undefined {
  checkFlags(flags, 31, fn);
  const f = FLAGS.shutdown;
  if (flags & f.ACPI_POWER_BTN) return 'acpi';
  if (flags & f.GUEST_AGENT) return 'agent';
  if (flags & f.INITCTL) return 'initctl';
  if (flags & f.SIGNAL) return 'signal';
  if (flags & f.PARAVIRT) return 'paravirt';
  return undefined;
}

const SCHEDULERS: Record<string, [string, number]> = { test: ['fair', 1], kvm: ['posix', 0], xen: ['credit', 0] };

/** Domain stats as libvirt typed parameters (`state.state`, `cpu.time`, `balloon.current`, `vcpu.N.state`, `block.N.rd.bytes`, `net.N.rx.bytes`, ...). */
export function domainStatsParams(st: DomainStats, mask: number): Record<string, dbus.Variant> {
  const want = (bit: number) => mask === 0 || (mask & bit) !== 0;
  const p: Record<string, dbus.Variant> = {};
  const T = FLAGS.statsTypes;
  const t = (k: string, v: number | undefined) => {
    if (v !== undefined && Number.isFinite(v)) p[k] = new dbus.Variant('t', u64(v));
  };
  if (want(T.STATE)) {
    const [s, r] = domainStateCodes(st.state.state, st.state.reason);
    p['state.state'] = new dbus.Variant('i', s);
    p['state.reason'] = new dbus.Variant('i', r);
  }
  if (want(T.CPU_TOTAL) && st.cpu) {
    t('cpu.time', st.cpu.time);
    t('cpu.user', st.cpu.user);
    t('cpu.system', st.cpu.system);
  }
  if (want(T.BALLOON) && st.balloon) for (const [k, v] of Object.entries(st.balloon)) t(`balloon.${k}`, v);
  if (want(T.VCPU) && st.vcpus) {
    p['vcpu.current'] = new dbus.Variant('u', st.vcpus.length);
    p['vcpu.maximum'] = new dbus.Variant('u', st.vcpus.length);
    for (const v of st.vcpus) p[`vcpu.${v.id}.state`] = new dbus.Variant('i', v.state === 'offline' ? 0 : v.state === 'blocked' ? 2 : 1);
  }
  if (want(T.INTERFACE) && st.net) {
    p['net.count'] = new dbus.Variant('u', st.net.length);
    st.net.forEach((n, i) => {
      p[`net.${i}.name`] = new dbus.Variant('s', n.name);
      t(`net.${i}.rx.bytes`, n.rxBytes);
      t(`net.${i}.rx.pkts`, n.rxPackets);
      t(`net.${i}.rx.errs`, n.rxErrs);
      t(`net.${i}.rx.drop`, n.rxDrop);
      t(`net.${i}.tx.bytes`, n.txBytes);
      t(`net.${i}.tx.pkts`, n.txPackets);
      t(`net.${i}.tx.errs`, n.txErrs);
      t(`net.${i}.tx.drop`, n.txDrop);
    });
  }
  if (want(T.BLOCK) && st.block) {
    p['block.count'] = new dbus.Variant('u', st.block.length);
    st.block.forEach((b, i) => {
      p[`block.${i}.name`] = new dbus.Variant('s', b.name);
      if (b.path) p[`block.${i}.path`] = new dbus.Variant('s', b.path);
      t(`block.${i}.rd.reqs`, b.rdReqs);
      t(`block.${i}.rd.bytes`, b.rdBytes);
      t(`block.${i}.rd.times`, b.rdTimeNs);
      t(`block.${i}.wr.reqs`, b.wrReqs);
      t(`block.${i}.wr.bytes`, b.wrBytes);
      t(`block.${i}.wr.times`, b.wrTimeNs);
      t(`block.${i}.fl.reqs`, b.flReqs);
    });
  }
  return p;
}

async function statsOf(d: Domain): Promise<DomainStats> {
  try {
    return await d.getStats();
  } catch (err) {
    if (isNotFound(err)) throw err;
    return { name: d.name, uuid: d.uuid, state: { state: d.state, reason: d.reason } };
  }
}

/** Applies `virConnectListAllDomainsFlags` to domain records (snapshot/managed-save filters query the driver). */
export async function filterDomains(conn: Connection, recs: DomainRecord[], flags: number): Promise<DomainRecord[]> {
  const F = FLAGS.listDomains;
  const pair = (yes: number, no: number, v: boolean) => ((flags & yes) && (flags & no)) || (!(flags & yes) && !(flags & no)) || (flags & yes ? v : !v);
  const stateBits = flags & (F.RUNNING | F.PAUSED | F.SHUTOFF | F.OTHER);
  const out: DomainRecord[] = [];
  for (const r of recs) {
    const active = r.id >= 0;
    if (!pair(F.ACTIVE, F.INACTIVE, active)) continue;
    if (!pair(F.PERSISTENT, F.TRANSIENT, r.persistent)) continue;
    if (!pair(F.AUTOSTART, F.NO_AUTOSTART, r.autostart)) continue;
    if (stateBits) {
      const bit = r.state === 'running' ? F.RUNNING : r.state === 'paused' ? F.PAUSED : r.state === 'shutoff' ? F.SHUTOFF : F.OTHER;
      if (!(stateBits & bit)) continue;
    }
    if (flags & (F.MANAGEDSAVE | F.NO_MANAGEDSAVE)) {
      const has = await conn.domains.lookupByUuid(r.uuid).then((d) => d.hasManagedSave()).catch(() => false);
      if (!pair(F.MANAGEDSAVE, F.NO_MANAGEDSAVE, has)) continue;
    }
    if (flags & (F.HAS_SNAPSHOT | F.NO_SNAPSHOT)) {
      const has = await conn.domains.lookupByUuid(r.uuid).then(async (d) => (await d.listSnapshots()).length > 0).catch(() => false);
      if (!pair(F.HAS_SNAPSHOT, F.NO_SNAPSHOT, has)) continue;
    }
    if (!pair(F.HAS_CHECKPOINT, F.NO_CHECKPOINT, false)) continue;
    out.push(r);
  }
  return out;
}

function activeFilter(flags: number, yesBit: number, noBit: number): boolean | undefined {
  const y = (flags & yesBit) !== 0;
  const n = (flags & noBit) !== 0;
  return y === n ? undefined : y;
}

/** The `org.libvirt.Domain` object of one domain. */
export class DomainObject extends ObjectBackend {
  /** Creates the object of domain `uuid`. */
  constructor(
    host: ObjectHost,
    /** Domain UUID. */
    readonly uuid: string,
  ) {
    super(host, domainPath(host.path, uuid), 'org.libvirt.Domain');
  }

  private dom(): Promise<Domain> {
    return this.host.conn.domains.lookupByUuid(this.uuid);
  }

  protected async load(): Promise<Props | undefined> {
    let d: Domain;
    try {
      d = await this.dom();
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    let osType = (this.props.OSType as string | undefined) ?? '';
    try {
      osType = (await d.getSpec()).os.type;
    } catch {
      /* keep the last known value */
    }
    return {
      Active: d.active, Autostart: d.autostart, Id: d.id >= 0 ? d.id : 0xffffffff, Name: d.name, OSType: osType, Persistent: d.persistent,
      SchedulerType: SCHEDULERS[this.host.conn.driverName] ?? ['', 0], Updated: false, UUID: d.uuid,
    };
  }

  /** Writes `Autostart`. */
  override async setProperty(name: string, value: unknown): Promise<void> {
    if (name !== 'Autostart') return super.setProperty(name, value);
    await (await this.dom()).setAutostart(value === true);
    await this.after();
  }

  private run(fn: (d: Domain) => Promise<unknown>): Promise<void> {
    return this.dom().then(fn).then(() => this.after());
  }

  protected readonly handlers: Record<string, Handler> = {
    Create: async (flags: number) => {
      const F = FLAGS.domainCreate;
      checkFlags(flags, F.START_PAUSED | F.BYPASS_CACHE | F.FORCE_BOOT | F.VALIDATE, 'virDomainCreateWithFlags');
      await this.run(async (d) => {
        if (flags & F.FORCE_BOOT) {
          const has = await d.hasManagedSave().catch(() => false);
          if (has) await d.removeManagedSave();
        }
        await d.start({ paused: (flags & F.START_PAUSED) !== 0 });
      });
    },
    Destroy: async (flags: number) => {
      checkFlags(flags, FLAGS.destroy.GRACEFUL, 'virDomainDestroyFlags');
      await this.run((d) => d.destroy({ graceful: (flags & FLAGS.destroy.GRACEFUL) !== 0 }));
    },
    Shutdown: async (flags: number) => {
      const mode = shutdownMode(flags, 'virDomainShutdownFlags');
      await this.run((d) => d.shutdown(mode ? { mode } : {}));
    },
    Reboot: async (flags: number) => {
      const mode = shutdownMode(flags, 'virDomainReboot');
      await this.run((d) => d.reboot(mode ? { mode } : {}));
    },
    Reset: async (flags: number) => {
      checkFlags(flags, 0, 'virDomainReset');
      await this.run((d) => d.reset());
    },
    Suspend: async () => this.run((d) => d.suspend()),
    Resume: async () => this.run((d) => d.resume()),
    Undefine: async (flags: number) => {
      const F = FLAGS.undefine;
      checkFlags(flags, F.MANAGED_SAVE | F.SNAPSHOTS_METADATA | F.NVRAM | F.KEEP_NVRAM | F.CHECKPOINTS_METADATA | F.TPM | F.KEEP_TPM, 'virDomainUndefineFlags');
      await this.run(async (d) => {
        const has = await d.hasManagedSave().catch(() => false);
        if (has) {
          if (!(flags & F.MANAGED_SAVE)) throw libvirtError('Requested operation is not valid: Refusing to undefine while domain managed save image exists');
          await d.removeManagedSave();
        }
        await d.undefine({ keepNvram: (flags & F.KEEP_NVRAM) !== 0 });
      });
    },
    GetXMLDesc: async (flags: number) => {
      const F = FLAGS.domainXml;
      checkFlags(flags, F.SECURE | F.INACTIVE | F.UPDATE_CPU | F.MIGRATABLE, 'virDomainGetXMLDesc');
      return (await this.dom()).getXML({ inactive: (flags & (F.INACTIVE | F.MIGRATABLE)) !== 0 });
    },
    GetState: async (flags: number) => {
      checkFlags(flags, 0, 'virDomainGetState');
      const st = await (await this.dom()).getState();
      return domainStateCodes(st.state, st.reason);
    },
    GetStats: async (stats: number, _flags: number) => domainStatsParams(await statsOf(await this.dom()), stats),
    GetVcpus: async (flags: number) => {
      checkFlags(flags, FLAGS.impact.LIVE | FLAGS.impact.CONFIG | FLAGS.impact.MAXIMUM, 'virDomainGetVcpusFlags');
      const d = await this.dom();
      if (flags & FLAGS.impact.MAXIMUM || flags & FLAGS.impact.CONFIG || !d.active) {
        const spec = await d.getSpec({ inactive: (flags & FLAGS.impact.CONFIG) !== 0 });
        const v = spec.vcpu as { count: number; current?: number };
        return flags & FLAGS.impact.MAXIMUM ? v.count : v.current ?? v.count;
      }
      return (await d.getInfo()).vcpus;
    },
    SetVcpus: async (vcpus: number, flags: number) => {
      checkFlags(flags, FLAGS.impact.LIVE | FLAGS.impact.CONFIG, 'virDomainSetVcpusFlags');
      await this.run((d) => d.setVcpus(vcpus, scopeOf(flags)));
    },
    SetMemory: async (memory: bigint, flags: number) => {
      checkFlags(flags, FLAGS.impact.LIVE | FLAGS.impact.CONFIG, 'virDomainSetMemoryFlags');
      const kib = toSafeNumber(memory, 'memory');
      await this.run((d) => d.setMemory(kib, scopeOf(flags)));
    },
    AttachDevice: async (xml: string, flags: number) => {
      checkFlags(flags, FLAGS.impact.LIVE | FLAGS.impact.CONFIG, 'virDomainAttachDeviceFlags');
      await this.run((d) => d.attachDevice(xml, scopeOf(flags)));
    },
    DetachDevice: async (xml: string, flags: number) => {
      checkFlags(flags, FLAGS.impact.LIVE | FLAGS.impact.CONFIG, 'virDomainDetachDeviceFlags');
      await this.run((d) => d.detachDevice(xml, scopeOf(flags)));
    },
    UpdateDevice: async (xml: string, flags: number) => {
      checkFlags(flags, FLAGS.impact.LIVE | FLAGS.impact.CONFIG | 4, 'virDomainUpdateDeviceFlags');
      await this.run((d) => d.updateDevice(xml, scopeOf(flags)));
    },
    GetMetadata: async (type: number, uri: string, flags: number) => {
      checkFlags(flags, FLAGS.impact.LIVE | FLAGS.impact.CONFIG, 'virDomainGetMetadata');
      const t = METADATA_TYPE[type];
      if (!t) throw libvirtError(`invalid argument: unknown metadata type '${type}'`);
      return (await this.dom()).getMetadata(t, { ...scopeOf(flags), ...(uri ? { uri } : {}) });
    },
    SetMetadata: async (type: number, metadata: string, key: string, uri: string, flags: number) => {
      checkFlags(flags, FLAGS.impact.LIVE | FLAGS.impact.CONFIG, 'virDomainSetMetadata');
      const t = METADATA_TYPE[type];
      if (!t) throw libvirtError(`invalid argument: unknown metadata type '${type}'`);
      await this.run((d) => d.setMetadata(t, metadata === '' ? null : metadata, { ...scopeOf(flags), ...(uri ? { uri } : {}), ...(key ? { key } : {}) }));
    },
    Rename: async (name: string, flags: number) => {
      checkFlags(flags, 0, 'virDomainRename');
      await this.run((d) => d.rename(name));
    },
    Save: async (to: string, xml: string, flags: number) => {
      const F = FLAGS.saveRestore;
      checkFlags(flags, F.BYPASS_CACHE | F.RUNNING | F.PAUSED, 'virDomainSaveFlags');
      await this.run((d) => d.save(to, { paused: (flags & F.PAUSED) !== 0, ...(xml ? { xml } : {}) }));
    },
    ManagedSave: async (flags: number) => {
      const F = FLAGS.saveRestore;
      checkFlags(flags, F.BYPASS_CACHE | F.RUNNING | F.PAUSED, 'virDomainManagedSave');
      await this.run((d) => d.managedSave({ paused: (flags & F.PAUSED) !== 0 }));
    },
    ManagedSaveRemove: async (flags: number) => {
      checkFlags(flags, 0, 'virDomainManagedSaveRemove');
      await this.run((d) => d.removeManagedSave());
    },
    HasManagedSaveImage: async (flags: number) => {
      checkFlags(flags, 0, 'virDomainHasManagedSaveImage');
      return (await this.dom()).hasManagedSave();
    },
    SnapshotCreateXML: async (xml: string, flags: number) => {
      const F = FLAGS.snapshotCreate;
      checkFlags(flags, F.HALT | F.DISK_ONLY | F.QUIESCE | F.ATOMIC | F.LIVE | F.VALIDATE, 'virDomainSnapshotCreateXML');
      const d = await this.dom();
      const snap = await d.createSnapshot(xml, { diskOnly: (flags & F.DISK_ONLY) !== 0, quiesce: (flags & F.QUIESCE) !== 0 });
      if (flags & F.HALT && d.active) await d.destroy();
      await this.after();
      await this.host.syncSnapshots(this.uuid);
      return this.host.ensureSnapshot(this.uuid, snap.name);
    },
    SnapshotLookupByName: async (name: string, flags: number) => {
      checkFlags(flags, 0, 'virDomainSnapshotLookupByName');
      const snaps = await (await this.dom()).listSnapshots();
      if (!snaps.some((s) => s.name === name)) throw libvirtError(`Domain snapshot not found: no domain snapshot with matching name '${name}'`);
      return this.host.ensureSnapshot(this.uuid, name);
    },
    SnapshotCurrent: async (flags: number) => {
      checkFlags(flags, 0, 'virDomainSnapshotCurrent');
      const cur = await (await this.dom()).currentSnapshot();
      if (!cur) throw libvirtError(`Domain snapshot not found: the domain does not have a current snapshot`);
      return this.host.ensureSnapshot(this.uuid, cur.name);
    },
    ListDomainSnapshots: async (flags: number) => {
      const snaps = filterSnapshots(await (await this.dom()).listSnapshots(), flags, 'virDomainListAllSnapshots');
      await this.host.syncSnapshots(this.uuid);
      return Promise.all(snaps.map((s) => this.host.ensureSnapshot(this.uuid, s.name)));
    },
  };
}

function filterSnapshots(snaps: SnapshotInfo[], flags: number, fn: string): SnapshotInfo[] {
  const F = FLAGS.snapshotList;
  checkFlags(flags, 2047, fn);
  const hasChild = (s: SnapshotInfo) => snaps.some((c) => c.parent === s.name);
  return snaps.filter((s) => {
    if (flags & F.ROOTS && s.parent) return false;
    if (flags & F.LEAVES && !(flags & F.NO_LEAVES) && hasChild(s)) return false;
    if (flags & F.NO_LEAVES && !(flags & F.LEAVES) && !hasChild(s)) return false;
    if (flags & F.NO_METADATA && !(flags & F.METADATA)) return false;
    const stateBits = flags & (F.INACTIVE | F.ACTIVE | F.DISK_ONLY);
    if (stateBits) {
      const bit = s.state === 'disk-snapshot' ? F.DISK_ONLY : s.state === 'shutoff' ? F.INACTIVE : F.ACTIVE;
      if (!(stateBits & bit)) return false;
    }
    const kindBits = flags & (F.INTERNAL | F.EXTERNAL);
    if (kindBits && !(kindBits & (s.kind === 'internal' ? F.INTERNAL : F.EXTERNAL))) return false;
    return true;
  });
}

/** The `org.libvirt.DomainSnapshot` object of one snapshot. */
export class SnapshotObject extends ObjectBackend {
  /** Creates the object of snapshot `name` of domain `domainUuid`. */
  constructor(
    host: ObjectHost,
    /** UUID of the domain. */
    readonly domainUuid: string,
    /** Snapshot name. */
    readonly name: string,
  ) {
    super(host, domainSnapshotPath(host.path, domainUuid, name), 'org.libvirt.DomainSnapshot');
  }

  private dom(): Promise<Domain> {
    return this.host.conn.domains.lookupByUuid(this.domainUuid);
  }

  private async info(): Promise<{ d: Domain; all: SnapshotInfo[]; me: SnapshotInfo }> {
    const d = await this.dom();
    const all = await d.listSnapshots();
    const me = all.find((s) => s.name === this.name);
    if (!me) throw libvirtError(`Domain snapshot not found: no domain snapshot with matching name '${this.name}'`);
    return { d, all, me };
  }

  protected async load(): Promise<Props | undefined> {
    try {
      await this.info();
      return {};
    } catch (err) {
      if (isNotFound(err) || (err instanceof dbus.DBusError && err.text.startsWith('Domain snapshot not found'))) return undefined;
      throw err;
    }
  }

  protected readonly handlers: Record<string, Handler> = {
    Delete: async (flags: number) => {
      checkFlags(flags, FLAGS.snapshotDelete.CHILDREN, 'virDomainSnapshotDelete');
      const { d } = await this.info();
      await d.deleteSnapshot(this.name, { children: (flags & FLAGS.snapshotDelete.CHILDREN) !== 0 });
      await this.host.syncSnapshots(this.domainUuid);
    },
    GetParent: async (flags: number) => {
      checkFlags(flags, 0, 'virDomainSnapshotGetParent');
      const { me } = await this.info();
      if (!me.parent) throw libvirtError(`Domain snapshot not found: snapshot '${this.name}' does not have a parent`);
      return this.host.ensureSnapshot(this.domainUuid, me.parent);
    },
    GetXMLDesc: async (flags: number) => {
      checkFlags(flags, 1, 'virDomainSnapshotGetXMLDesc');
      return (await this.dom()).getSnapshotXML(this.name);
    },
    IsCurrent: async (flags: number) => {
      checkFlags(flags, 0, 'virDomainSnapshotIsCurrent');
      return (await this.info()).me.current;
    },
    ListChildren: async (flags: number) => {
      const { all } = await this.info();
      const direct = (flags & FLAGS.snapshotList.DESCENDANTS) === 0;
      const out: SnapshotInfo[] = [];
      const walk = (parent: string) => {
        for (const s of all) {
          if (s.parent !== parent) continue;
          out.push(s);
          if (!direct) walk(s.name);
        }
      };
      walk(this.name);
      const keep = new Set(filterSnapshots(all, flags & ~FLAGS.snapshotList.DESCENDANTS, 'virDomainSnapshotListAllChildren').map((s) => s.name));
      return Promise.all(out.filter((s) => keep.has(s.name)).map((s) => this.host.ensureSnapshot(this.domainUuid, s.name)));
    },
    Revert: async (flags: number) => {
      const F = FLAGS.snapshotRevert;
      checkFlags(flags, F.RUNNING | F.PAUSED | F.FORCE, 'virDomainRevertToSnapshot');
      const { d } = await this.info();
      await d.revertToSnapshot(this.name, { ...(flags & F.RUNNING ? { running: true } : {}), ...(flags & F.PAUSED ? { paused: true } : {}) });
      await this.host.touchDomain(this.domainUuid);
    },
  };
}

/** The `org.libvirt.Network` object of one network. */
export class NetworkObject extends ObjectBackend {
  /** Creates the object of network `uuid`. */
  constructor(
    host: ObjectHost,
    /** Network UUID. */
    readonly uuid: string,
  ) {
    super(host, networkPath(host.path, uuid), 'org.libvirt.Network');
  }

  private net(): Promise<Network> {
    return this.host.conn.networks.lookup(this.uuid);
  }

  protected async load(): Promise<Props | undefined> {
    try {
      const n = await this.net();
      return { Active: n.active, Autostart: n.autostart, Name: n.name, Persistent: n.persistent, UUID: n.uuid };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Writes `Autostart`. */
  override async setProperty(name: string, value: unknown): Promise<void> {
    if (name !== 'Autostart') return super.setProperty(name, value);
    await (await this.net()).setAutostart(value === true);
    await this.after();
  }

  private run(fn: (n: Network) => Promise<unknown>): Promise<void> {
    return this.net().then(fn).then(() => this.after());
  }

  protected readonly handlers: Record<string, Handler> = {
    Create: async () => this.run((n) => n.start()),
    Destroy: async () => this.run((n) => n.destroy()),
    Undefine: async () => this.run((n) => n.undefine()),
    GetXMLDesc: async (flags: number) => {
      checkFlags(flags, FLAGS.xmlInactive.INACTIVE, 'virNetworkGetXMLDesc');
      return (await this.net()).getXML({ inactive: (flags & FLAGS.xmlInactive.INACTIVE) !== 0 });
    },
    GetDHCPLeases: async (mac: string, flags: number) => {
      checkFlags(flags, 0, 'virNetworkGetDHCPLeases');
      const leases = await (await this.net()).getDhcpLeases(mac ? { mac } : {});
      return leases.map((l) => [l.iface, BigInt(Math.floor(l.expiryTime / 1000)), l.type === 'ipv6' ? 1 : 0, l.mac ?? '', l.iaid ?? '', l.ipaddr, l.prefix, l.hostname ?? '', l.clientId ?? '']);
    },
  };
}

/** The `org.libvirt.StoragePool` object of one pool. */
export class PoolObject extends ObjectBackend {
  /** Creates the object of pool `uuid`. */
  constructor(
    host: ObjectHost,
    /** Pool UUID. */
    readonly uuid: string,
  ) {
    super(host, storagePoolPath(host.path, uuid), 'org.libvirt.StoragePool');
  }

  private pool(): Promise<StoragePool> {
    return this.host.conn.storagePools.lookup(this.uuid);
  }

  protected async load(): Promise<Props | undefined> {
    try {
      const p = await this.pool();
      return { Active: p.active, Autostart: p.autostart, Name: p.name, Persistent: p.persistent, UUID: p.uuid };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Writes `Autostart`. */
  override async setProperty(name: string, value: unknown): Promise<void> {
    if (name !== 'Autostart') return super.setProperty(name, value);
    await (await this.pool()).setAutostart(value === true);
    await this.after();
  }

  private async run(fn: (p: StoragePool) => Promise<unknown>): Promise<void> {
    await fn(await this.pool());
    await this.after();
    await this.host.syncVolumes(this.uuid).catch(() => undefined);
  }

  private async volPath(v: StorageVolume): Promise<string> {
    return this.host.ensureVolume(this.uuid, v.name, v.key);
  }

  protected readonly handlers: Record<string, Handler> = {
    Build: async (flags: number) => {
      checkFlags(flags, FLAGS.poolBuild.NO_OVERWRITE | FLAGS.poolBuild.OVERWRITE, 'virStoragePoolBuild');
      await this.run((p) => p.build());
    },
    Create: async (flags: number) => {
      const F = FLAGS.poolCreate;
      checkFlags(flags, F.WITH_BUILD | F.WITH_BUILD_OVERWRITE | F.WITH_BUILD_NO_OVERWRITE, 'virStoragePoolCreate');
      await this.run(async (p) => {
        if (flags) await p.build();
        await p.start();
      });
    },
    Delete: async (flags: number) => {
      checkFlags(flags, 0, 'virStoragePoolDelete');
      await this.run((p) => p.delete());
    },
    Destroy: async () => this.run((p) => p.destroy()),
    Undefine: async () => this.run((p) => p.undefine()),
    GetInfo: async () => {
      const i = await (await this.pool()).getInfo();
      return [STORAGE_POOL_STATE[i.state], u64(i.capacity), u64(i.allocation), u64(i.available)];
    },
    GetXMLDesc: async (flags: number) => {
      checkFlags(flags, FLAGS.xmlInactive.INACTIVE, 'virStoragePoolGetXMLDesc');
      return (await this.pool()).getXML({ inactive: (flags & FLAGS.xmlInactive.INACTIVE) !== 0 });
    },
    ListStorageVolumes: async (flags: number) => {
      checkFlags(flags, 0, 'virStoragePoolListAllVolumes');
      const vols = await (await this.pool()).listVolumes();
      await this.host.syncVolumes(this.uuid);
      return Promise.all(vols.map((v) => this.volPath(v)));
    },
    Refresh: async (flags: number) => {
      checkFlags(flags, 0, 'virStoragePoolRefresh');
      await this.run((p) => p.refresh());
      this.iface.emitSignal('Refresh');
    },
    StorageVolCreateXML: async (xml: string, flags: number) => {
      checkFlags(flags, FLAGS.volCreate.PREALLOC_METADATA | FLAGS.volCreate.VALIDATE, 'virStorageVolCreateXML');
      const v = await (await this.pool()).createVolume(xml);
      return this.volPath(v);
    },
    StorageVolCreateXMLFrom: async (xml: string, key: string, flags: number) => {
      checkFlags(flags, FLAGS.volCreate.PREALLOC_METADATA | FLAGS.volCreate.REFLINK | FLAGS.volCreate.VALIDATE, 'virStorageVolCreateXMLFrom');
      const from = await findVolumeByKey(this.host.conn, key);
      const v = await (await this.pool()).createVolume(xml, { from });
      return this.volPath(v);
    },
    StorageVolLookupByName: async (name: string) => this.volPath(await (await this.pool()).lookupVolume(name)),
  };
}

/** Finds the volume with `key` in any active pool (libvirt's `virStorageVolLookupByKey`). */
export async function findVolumeByKey(conn: Connection, key: string): Promise<StorageVolume> {
  try {
    const v = await conn.storagePools.lookupVolumeByPath(key);
    if (v.key === key) return v;
  } catch {
    /* not a path key; scan the pools */
  }
  for (const p of await conn.storagePools.list({ active: true })) {
    for (const v of await p.listVolumes().catch(() => [] as StorageVolume[])) if (v.key === key) return v;
  }
  throw libvirtError(`Storage volume not found: no storage vol with matching key '${key}'`);
}

/** The `org.libvirt.StorageVol` object of one volume. */
export class VolumeObject extends ObjectBackend {
  /** Creates the object of volume `name` (key `key`) in pool `poolUuid`. */
  constructor(
    host: ObjectHost,
    /** UUID of the pool holding the volume. */
    readonly poolUuid: string,
    /** Volume name. */
    readonly name: string,
    /** Volume key. */
    readonly key: string,
  ) {
    super(host, storageVolPath(host.path, key), 'org.libvirt.StorageVol');
  }

  private async vol(): Promise<StorageVolume> {
    return (await this.host.conn.storagePools.lookup(this.poolUuid)).lookupVolume(this.name);
  }

  protected async load(): Promise<Props | undefined> {
    try {
      const v = await this.vol();
      return { Name: v.name, Key: v.key, Path: v.path };
    } catch (err) {
      if (isNotFound(err) || isUnsupported(err)) return undefined;
      if (err instanceof Error && /not active|inactive/i.test(err.message)) return undefined;
      throw err;
    }
  }

  protected readonly handlers: Record<string, Handler> = {
    Delete: async (flags: number) => {
      checkFlags(flags, 0, 'virStorageVolDelete');
      await (await this.vol()).delete();
      this.host.remove(this.path);
    },
    GetInfo: async (flags: number) => {
      checkFlags(flags, 0, 'virStorageVolGetInfoFlags');
      const i = await (await this.vol()).getInfo();
      return [STORAGE_VOL_TYPE[i.type] ?? 0, u64(i.capacity), u64(i.allocation)];
    },
    GetXMLDesc: async (flags: number) => {
      checkFlags(flags, 0, 'virStorageVolGetXMLDesc');
      return (await this.vol()).getXML();
    },
    Resize: async (capacity: bigint, flags: number) => {
      const F = FLAGS.volResize;
      checkFlags(flags, F.ALLOCATE | F.DELTA | F.SHRINK, 'virStorageVolResize');
      const v = await this.vol();
      const cur = (await v.getInfo()).capacity;
      let want = toSafeNumber(capacity, 'capacity');
      if (flags & F.DELTA) want = flags & F.SHRINK ? cur - want : cur + want;
      if (want < cur && !(flags & F.SHRINK)) throw libvirtError("invalid argument: Can't shrink capacity below current capacity unless shrink flag explicitly specified");
      if (want < 0) throw libvirtError('invalid argument: capacity cannot be negative');
      await v.resize(want);
    },
    Wipe: async (pattern: number, flags: number) => {
      checkFlags(flags, 0, 'virStorageVolWipePattern');
      if (pattern !== 0) throw libvirtError(`this function is not supported by the connection driver: wiping algorithm ${pattern}`);
      await (await this.vol()).wipe();
    },
  };
}

function capabilitiesXml(caps: HostCapabilities, cpus: number): string {
  const host: XmlElement = el('host', {}, [
    ...(caps.host.uuid ? [el('uuid', {}, [caps.host.uuid])] : []),
    el('cpu', {}, [el('arch', {}, [caps.host.arch])]),
    el('topology', {}, [el('cpus', { num: cpus })]),
  ]);
  const guests = caps.guests.map((g) =>
    el('guest', {}, [
      el('os_type', {}, [g.osType]),
      el('arch', { name: g.arch }, [
        ...(g.wordsize ? [el('wordsize', {}, [String(g.wordsize)])] : []),
        ...(g.emulator ? [el('emulator', {}, [g.emulator])] : []),
        ...(g.machines ?? []).map((m) => el('machine', {}, [m])),
        ...g.domainTypes.map((t) => el('domain', { type: t })),
      ]),
    ]),
  );
  return serializeXml(el('capabilities', {}, [host, ...guests]));
}

/** The `org.libvirt.Connect` object of one connection. */
export class ConnectObject extends ObjectBackend {
  /** Creates the connection object. */
  constructor(host: ObjectHost) {
    super(host, host.path, 'org.libvirt.Connect');
  }

  protected async load(): Promise<Props | undefined> {
    const hostname = await this.host.conn.host.hostname().catch(() => osHostname());
    return { Encrypted: false, Hostname: hostname, LibVersion: BigInt(this.host.settings.libVersion), Secure: true, Version: BigInt(this.host.settings.hypervisorVersion) };
  }

  private get conn(): Connection {
    return this.host.conn;
  }

  protected readonly handlers: Record<string, Handler> = {
    ListDomains: async (flags: number) => {
      checkFlags(flags, 65535, 'virConnectListAllDomains');
      const all = (await this.conn.domains.list()).map((d) => d.toJSON());
      await this.host.syncDomains(all);
      const keep = await filterDomains(this.conn, all, flags);
      return keep.map((r) => domainPath(this.host.path, r.uuid));
    },
    DomainLookupByID: async (id: number) => {
      if (id < 0) throw libvirtError(`Domain not found: no domain with matching id ${id}`);
      return this.host.ensureDomain((await this.conn.domains.lookupById(id)).uuid);
    },
    DomainLookupByName: async (name: string) => this.host.ensureDomain((await this.conn.domains.lookupByName(name)).uuid),
    DomainLookupByUUID: async (uuid: string) => this.host.ensureDomain((await this.conn.domains.lookupByUuid(uuid)).uuid),
    DomainDefineXML: async (xml: string) => this.host.ensureDomain((await this.conn.domains.define(xml)).uuid),
    DomainCreateXML: async (xml: string, flags: number) => {
      const F = FLAGS.domainCreate;
      checkFlags(flags, F.START_PAUSED | F.VALIDATE, 'virDomainCreateXML');
      return this.host.ensureDomain((await this.conn.domains.createTransient(xml, { paused: (flags & F.START_PAUSED) !== 0 })).uuid);
    },
    DomainRestore: async (from: string, xml: string, flags: number) => {
      const F = FLAGS.saveRestore;
      checkFlags(flags, F.BYPASS_CACHE | F.RUNNING | F.PAUSED, 'virDomainRestoreFlags');
      const d = await this.conn.domains.restore(from, { paused: (flags & F.PAUSED) !== 0, ...(xml ? { xml } : {}) });
      await this.host.ensureDomain(d.uuid);
    },
    GetAllDomainStats: async (stats: number, flags: number) => {
      const F = FLAGS.allDomainStats;
      checkFlags(flags, 255 | F.NOWAIT | F.BACKING | F.ENFORCE_STATS, 'virConnectGetAllDomainStats');
      const doms = await this.conn.domains.list();
      const recs = await filterDomains(this.conn, doms.map((d) => d.toJSON()), flags & 255);
      const keep = new Set(recs.map((r) => r.uuid));
      const out: Array<[string, Record<string, dbus.Variant>]> = [];
      for (const d of doms) if (keep.has(d.uuid)) out.push([d.name, domainStatsParams(await statsOf(d), stats)]);
      return out;
    },
    GetCapabilities: async () => capabilitiesXml(await this.conn.host.capabilities(), (await this.conn.host.info().catch(() => ({ cpus: 0 }))).cpus),
    NodeGetCPUMap: async (flags: number) => {
      checkFlags(flags, 0, 'virNodeGetCPUMap');
      const n = (await this.conn.host.info()).cpus;
      return Array.from({ length: n }, () => true);
    },
    NodeGetMemoryStats: async (cellNum: number, flags: number) => {
      checkFlags(flags, 0, 'virNodeGetMemoryStats');
      const info = await this.conn.host.info();
      if (cellNum !== -1 && (cellNum < 0 || cellNum >= info.nodes)) throw libvirtError(`invalid argument: Invalid cell number ${cellNum}`);
      const total = cellNum === -1 ? info.memory : Math.floor(info.memory / Math.max(1, info.nodes));
      return { total: u64(total) };
    },
    NodeGetSecurityModel: async () => ['', ''],
    ListNetworks: async (flags: number) => {
      const F = FLAGS.listNetworks;
      checkFlags(flags, 63, 'virConnectListAllNetworks');
      const filter: { active?: boolean; persistent?: boolean; autostart?: boolean } = {};
      const a = activeFilter(flags, F.ACTIVE, F.INACTIVE);
      const p = activeFilter(flags, F.PERSISTENT, F.TRANSIENT);
      const s = activeFilter(flags, F.AUTOSTART, F.NO_AUTOSTART);
      if (a !== undefined) filter.active = a;
      if (p !== undefined) filter.persistent = p;
      if (s !== undefined) filter.autostart = s;
      await this.host.syncNetworks();
      const nets = await this.conn.networks.list(filter);
      return Promise.all(nets.map((n) => this.host.ensureNetwork(n.uuid)));
    },
    NetworkLookupByName: async (name: string) => this.host.ensureNetwork((await this.conn.networks.lookup(name)).uuid),
    NetworkLookupByUUID: async (uuid: string) => {
      if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(uuid.trim())) throw libvirtError(`invalid argument: invalid UUID '${uuid}'`);
      return this.host.ensureNetwork((await this.conn.networks.lookup(uuid.trim())).uuid);
    },
    NetworkDefineXML: async (xml: string) => this.host.ensureNetwork((await this.conn.networks.define(xml)).uuid),
    NetworkCreateXML: async (xml: string) => this.host.ensureNetwork((await this.conn.networks.createTransient(xml)).uuid),
    ListStoragePools: async (flags: number) => {
      const F = FLAGS.listStoragePools;
      checkFlags(flags, (1 << 20) - 1, 'virConnectListAllStoragePools');
      const filter: { active?: boolean; persistent?: boolean; autostart?: boolean } = {};
      const a = activeFilter(flags, F.ACTIVE, F.INACTIVE);
      const p = activeFilter(flags, F.PERSISTENT, F.TRANSIENT);
      const s = activeFilter(flags, F.AUTOSTART, F.NO_AUTOSTART);
      if (a !== undefined) filter.active = a;
      if (p !== undefined) filter.persistent = p;
      if (s !== undefined) filter.autostart = s;
      await this.host.syncPools();
      let pools = await this.conn.storagePools.list(filter);
      const typeBits = flags & ~63;
      if (typeBits) {
        const keep: StoragePool[] = [];
        for (const pool of pools) {
          const type = (await pool.getSpec()).type;
          if ((FLAGS.storagePoolTypes[type] ?? 0) & typeBits) keep.push(pool);
        }
        pools = keep;
      }
      return Promise.all(pools.map((pool) => this.host.ensurePool(pool.uuid)));
    },
    StoragePoolLookupByName: async (name: string) => this.host.ensurePool((await this.conn.storagePools.lookup(name)).uuid),
    StoragePoolLookupByUUID: async (uuid: string) => {
      if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(uuid.trim())) throw libvirtError(`invalid argument: invalid UUID '${uuid}'`);
      return this.host.ensurePool((await this.conn.storagePools.lookup(uuid.trim())).uuid);
    },
    StoragePoolDefineXML: async (xml: string, flags: number) => {
      checkFlags(flags, 1, 'virStoragePoolDefineXML');
      return this.host.ensurePool((await this.conn.storagePools.define(xml)).uuid);
    },
    StoragePoolCreateXML: async (xml: string, flags: number) => {
      checkFlags(flags, 0, 'virStoragePoolCreateXML');
      const p = await this.conn.storagePools.createTransient(xml);
      const path = await this.host.ensurePool(p.uuid);
      await this.host.syncVolumes(p.uuid).catch(() => undefined);
      return path;
    },
    StorageVolLookupByKey: async (key: string) => {
      const v = await findVolumeByKey(this.conn, key);
      return this.host.ensureVolume(v.pool.uuid, v.name, v.key);
    },
    StorageVolLookupByPath: async (path: string) => {
      const v = await this.conn.storagePools.lookupVolumeByPath(path);
      return this.host.ensureVolume(v.pool.uuid, v.name, v.key);
    },
  };
}

