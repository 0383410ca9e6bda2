/**
 * The public API: `openConnection(uri)` → {@link Connection}, with domain,
 * network, storage pool/volume handles. Every driver call goes through
 * {@link Connection} dispatch, which validates input, applies timeouts and
 * cancellation, and reports a missing driver method as `UNSUPPORTED`.
 * @module
 */
import type { Duplex } from 'node:stream';
import { ErrorCode, PolyvisorError, UnsupportedError, isAborted } from './errors.js';
import { EventHub, type EventSubscription, type SubscribeOptions, type PolyvisorEvent, type EventFilter } from './events.js';
import { runWithDeadline, type CallContext, type CallOptions } from './options.js';
import { parseUri, type ParsedUri } from './uri.js';
import { normalizeUuid, validateName } from './names.js';
import type {
  Driver, DriverConnection, DomainDriver, NetworkDriver, StorageDriver, HostDriver, DomainRef, NetworkRef, PoolRef, VolumeRef, NativeFormat, MetadataScope,
} from './driver.js';
import type {
  DhcpLease, TransferProgress, SnapshotInfo, MigrateOptions, MigrationProgress, GraphicsInfo, DomainInfo, DomainListFilter, DomainRecord, DomainStats, DomainState, DomainStateReason, HostCapabilities, MetadataType, NetworkInfo, NetworkListFilter,
  NodeInfo, ShutdownMode, StoragePoolInfo, StoragePoolListFilter, StorageVolumeInfo,
} from './types.js';
import { DomainSpecSchema, type DomainSpec } from './model/domain.js';
import { NetworkSpecSchema, type NetworkSpec } from './model/network.js';
import { StoragePoolSpecSchema, StorageVolumeSpecSchema, type StoragePoolSpec, type StorageVolumeSpec } from './model/storage.js';
import { formatDomainXml, parseDomainXml } from './xml/domain.js';
import { DomainSnapshotSpecSchema, type DomainSnapshotSpec } from './model/snapshot.js';
import { formatDomainSnapshotXml, parseDomainSnapshotXml } from './xml/snapshot.js';
import { parseDeviceXml } from './xml/device.js';
import { formatNetworkXml, parseNetworkXml } from './xml/network.js';
import { formatStoragePoolXml, formatStorageVolumeXml, parseStoragePoolXml, parseStorageVolumeXml } from './xml/storage.js';

/** Default timeouts (ms) per kind of operation; each call can override with `timeoutMs`. */
export const DEFAULT_TIMEOUTS = {
  /** Open / close a connection. */
  connect: 30_000,
  /** Lookups, listings, info and XML. */
  query: 30_000,
  /** Define, undefine, metadata, autostart. */
  config: 30_000,
  /** Start, create. */
  start: 120_000,
  /** Shutdown and reboot requests (and waiting for shutoff with `wait`). */
  shutdown: 300_000,
  /** Destroy, suspend, resume, reset. */
  control: 60_000,
  /** Storage volume create/resize/wipe and pool build/delete. */
  storage: 600_000,
} as const;

const registry = new Map<string, Driver>();

/** Registers a driver globally, so `openConnection` can find it without `drivers`. Returns a function that unregisters it. */
export function registerDriver(driver: Driver): () => void {
  for (const s of driver.schemes) registry.set(s, driver);
  return () => {
    for (const s of driver.schemes) if (registry.get(s) === driver) registry.delete(s);
  };
}

/** The drivers registered with {@link registerDriver}. */
export function registeredDrivers(): Driver[] {
  return [...new Set(registry.values())];
}

/** Options of {@link openConnection}. */
export interface OpenOptions extends CallOptions {
  /** Drivers to choose from (checked before registered ones). */
  drivers?: readonly Driver[];
  /** Open read-only. */
  readOnly?: boolean;
  /** Driver-specific options. */
  driverOptions?: Record<string, unknown>;
}

/**
 * Opens a connection. The URI's driver name picks the driver among
 * `options.drivers` and the registered ones; an unknown one fails with
 * `NO_DRIVER` naming the known schemes.
 *
 * @example
 * ```ts
 * const conn = await openConnection('test:///default', { drivers: [testDriver] });
 * for (const d of await conn.domains.list()) console.log(d.name, d.state);
 * ```
 */
export async function openConnection(uri: string, options: OpenOptions = {}): Promise<Connection> {
  const parsed = parseUri(uri);
  const candidates = [...(options.drivers ?? []), ...registeredDrivers()];
  const driver = candidates.find((d) => d.schemes.includes(parsed.driver) && (parsed.transport === undefined || parsed.transport === 'unix' || (d.transports ?? []).includes(parsed.transport)))
    ?? candidates.find((d) => parsed.transport !== undefined && (d.transports ?? []).includes(parsed.transport) && d.schemes.includes('*'));
  if (!driver) {
    const known = [...new Set(candidates.flatMap((d) => [...d.schemes, ...(d.transports ?? []).map((t) => `*+${t}`)]))];
    throw new PolyvisorError(ErrorCode.NO_DRIVER, `no driver for URI '${uri}' (scheme '${parsed.driver}${parsed.transport ? `+${parsed.transport}` : ''}'); known schemes: ${known.length ? known.join(', ') : 'none (pass drivers to openConnection)'}`);
  }
  const dc = await runWithDeadline(options, DEFAULT_TIMEOUTS.connect, { driver: driver.name, operation: 'connection.open' }, (ctx) =>
    driver.open(parsed, {
      signal: ctx.signal,
      ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
      ...(options.driverOptions !== undefined ? { driverOptions: options.driverOptions } : {}),
    }),
  ).catch((err: unknown) => {
    throw wrapError(err, driver.name, 'connection.open');
  });
  return new Connection(driver, dc, parsed);
}

function wrapError(err: unknown, driver: string, operation: string): PolyvisorError {
  if (err instanceof PolyvisorError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new PolyvisorError(ErrorCode.INTERNAL, `${operation} failed: ${msg}`, { driver, operation, cause: err });
}

type Subs = { domains: DomainDriver; networks: NetworkDriver; storage: StorageDriver; host: HostDriver };
type Fn = (...args: never[]) => unknown;

/** The operations a connection's driver implements, as `sub.method` names (e.g. `domains.start`). */
export interface ConnectionCapabilities {
  /** Driver name. */
  driver: string;
  /** Supported operations, e.g. `domains.start`, `storage.createVolume`. */
  operations: string[];
  /** True when the driver delivers events. */
  events: boolean;
  /** Native formats for `domainXmlToNative` / `domainXmlFromNative`. */
  nativeFormats: string[];
  /** True when `op` (e.g. `domains.start`) is supported. */
  has(op: string): boolean;
}

/** Input accepted where a definition is expected: XML text or a spec object. */
export type DefinitionInput<T> = string | T;

/**
 * A connection to one hypervisor through one driver. Obtain with
 * {@link openConnection}; release with {@link Connection.close}.
 */
export class Connection {
  /** Domain (VM) operations. */
  readonly domains: DomainCollection;
  /** Virtual network operations. */
  readonly networks: NetworkCollection;
  /** Storage pool (and volume) operations. */
  readonly storagePools: StoragePoolCollection;
  /** Host information. */
  readonly host: HostApi;
  private readonly hub = new EventHub();
  private stopEvents: (() => void) | undefined;
  private closed = false;

  /** @internal Use {@link openConnection}. */
  constructor(
    /** The driver serving this connection. */
    readonly driver: Driver,
    private readonly dc: DriverConnection,
    /** The parsed URI. */
    readonly parsedUri: ParsedUri,
  ) {
    this.domains = new DomainCollection(this);
    this.networks = new NetworkCollection(this);
    this.storagePools = new StoragePoolCollection(this);
    this.host = new HostApi(this);
  }

  /** Canonical URI of this connection. */
  get uri(): string {
    return this.dc.uri;
  }

  /** Name of the driver (`test`, `kvm`, `xen`, ...). */
  get driverName(): string {
    return this.driver.name;
  }

  /**
   * The driver's own connection object, for driver-specific extensions (like
   * libvirt-qemu's API next to libvirt's): e.g. the KVM driver's QMP monitor
   * and guest agent access. Code using it is tied to that driver.
   */
  driverConnection<T extends DriverConnection = DriverConnection>(): T {
    this.ensureOpen('connection.driverConnection');
    return this.dc as T;
  }

  /** False once closed. */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Which operations this connection supports, so callers can branch before calling. */
  capabilities(): ConnectionCapabilities {
    const ops: string[] = [];
    for (const sub of ['domains', 'networks', 'storage', 'host'] as const) {
      const obj = this.dc[sub] as Record<string, unknown> | undefined;
      if (!obj) continue;
      const names = new Set<string>();
      for (let p: object | null = obj; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
        for (const k of Object.getOwnPropertyNames(p)) if (k !== 'constructor' && typeof obj[k] === 'function') names.add(k);
      }
      for (const k of [...names].sort()) ops.push(`${sub}.${k}`);
    }
    const set = new Set(ops);
    return {
      driver: this.driver.name,
      operations: ops,
      events: this.dc.events !== undefined,
      nativeFormats: (this.driver.nativeFormats ?? []).map((f) => f.name),
      has: (op: string) => set.has(op),
    };
  }

  /**
   * Subscribes to events as an async iterable with its own queue; breaking
   * out of the `for await` loop unsubscribes.
   *
   * @example
   * ```ts
   * for await (const ev of conn.events({ types: ['started', 'stopped'] })) console.log(ev.type, ev.kind);
   * ```
   */
  events(options: SubscribeOptions = {}): EventSubscription {
    this.ensureOpen('events');
    if (!this.dc.events) throw new UnsupportedError(this.driver.name, 'events');
    this.ensureEventSource();
    return this.hub.subscribe(options);
  }

  /** Registers a callback for events; returns the unsubscribe function. */
  onEvent(listener: (ev: PolyvisorEvent) => void, filter: EventFilter = {}): () => void {
    this.ensureOpen('events');
    if (!this.dc.events) throw new UnsupportedError(this.driver.name, 'events');
    this.ensureEventSource();
    return this.hub.listen(listener, filter);
  }

  private ensureEventSource(): void {
    if (!this.stopEvents && this.dc.events) this.stopEvents = this.dc.events.subscribe((ev) => this.hub.publish(ev));
  }

  /** Converts domain XML to a native format the driver offers (e.g. `qemu-argv`). */
  async domainXmlToNative(format: string, xml: string, options: CallOptions = {}): Promise<string> {
    const f = this.nativeFormat(format, 'toNative');
    const spec = parseDomainXml(xml);
    return this.run('domains.xmlToNative', options, DEFAULT_TIMEOUTS.query, async () => f.toNative!(spec));
  }

  /** Converts a native configuration into domain XML. */
  async domainXmlFromNative(format: string, text: string, options: CallOptions = {}): Promise<string> {
    const f = this.nativeFormat(format, 'fromNative');
    return this.run('domains.xmlFromNative', options, DEFAULT_TIMEOUTS.query, async () => formatDomainXml(await f.fromNative!(text)));
  }

  private nativeFormat(format: string, dir: 'toNative' | 'fromNative'): NativeFormat {
    const formats = this.driver.nativeFormats ?? [];
    const f = formats.find((x) => x.name === format && x[dir]);
    if (!f) {
      const have = formats.filter((x) => x[dir]).map((x) => x.name);
      throw new PolyvisorError(ErrorCode.UNSUPPORTED, `native format '${format}' is not supported${have.length ? ` (supported: ${have.join(', ')})` : ''}`, { driver: this.driver.name, operation: `domains.${dir}` });
    }
    return f;
  }

  /** Closes the connection; further calls fail with `CONNECTION_CLOSED`. Idempotent. */
  async close(options: CallOptions = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopEvents?.();
    this.stopEvents = undefined;
    await runWithDeadline(options, DEFAULT_TIMEOUTS.connect, { driver: this.driver.name, operation: 'connection.close' }, (ctx) => this.dc.close(ctx));
  }

  /** Supports `await using conn = await openConnection(...)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private ensureOpen(operation: string): void {
    if (this.closed) throw new PolyvisorError(ErrorCode.CONNECTION_CLOSED, `connection to ${this.dc.uri} is closed`, { driver: this.driver.name, operation });
  }

  /** @internal Runs `fn` under the call's deadline with driver-tagged errors. */
  async run<R>(operation: string, options: CallOptions | undefined, defaultMs: number, fn: (ctx: CallContext) => Promise<R>): Promise<R> {
    this.ensureOpen(operation);
    try {
      return await runWithDeadline(options, defaultMs, { driver: this.driver.name, operation }, fn);
    } catch (err) {
      throw wrapError(err, this.driver.name, operation);
    }
  }

  /**
   * @internal The one dispatch point: finds `sub.method` on the driver or
   * throws `UNSUPPORTED`, then runs it under the call's deadline.
   */
  async call<S extends keyof Subs, K extends keyof Subs[S], R>(
    sub: S,
    method: K,
    options: CallOptions | undefined,
    defaultMs: number,
    invoke: (impl: NonNullable<Subs[S][K]>, ctx: CallContext) => Promise<R>,
  ): Promise<R> {
    const operation = `${sub}.${String(method)}`;
    this.ensureOpen(operation);
    const subObj = this.dc[sub] as Record<string, unknown> | undefined;
    const impl = subObj?.[method as string];
    if (typeof impl !== 'function') throw new UnsupportedError(this.driver.name, operation);
    const bound = (impl as Fn).bind(subObj) as unknown as NonNullable<Subs[S][K]>;
    return this.run(operation, options, defaultMs, (ctx) => invoke(bound, ctx));
  }

  /** @internal */
  has(sub: keyof Subs, method: string): boolean {
    const subObj = this.dc[sub] as Record<string, unknown> | undefined;
    return typeof subObj?.[method] === 'function';
  }
}

function toSpec<T>(input: DefinitionInput<T>, parseXml: (xml: string) => T, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, kind: string): T {
  if (typeof input === 'string') return parseXml(input);
  if (input === null || typeof input !== 'object') throw new PolyvisorError(ErrorCode.INVALID_ARG, `${kind} definition must be XML text or a spec object`);
  const r = schema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid ${kind} spec at ${i.path.map(String).join('.') || '(root)'}: ${i.message}`, { detail: { issues: r.error.issues } });
  }
  return r.data;
}

function checkUuid(uuid: string): string {
  return normalizeUuid(uuid);
}

// ---------------------------------------------------------------- domains

/** Options of {@link DomainCollection.list}. */
export interface DomainListOptions extends CallOptions, DomainListFilter {}

/** Domain operations of a connection. */
export class DomainCollection {
  /** @internal */
  constructor(private readonly conn: Connection) {}

  /** Lists domains (all by default; filter with `active`, `persistent`, `autostart`, `states`). */
  async list(options: DomainListOptions = {}): Promise<Domain[]> {
    const { signal, timeoutMs, ...filter } = options;
    const recs = await this.conn.call('domains', 'list', { signal, timeoutMs }, DEFAULT_TIMEOUTS.query, (f, ctx) => f(filter, ctx));
    return recs.map((r) => new Domain(this.conn, r));
  }

  /** Looks a domain up by name, UUID or numeric id (throws `NO_DOMAIN`). */
  async lookup(key: string | number, options: CallOptions = {}): Promise<Domain> {
    if (typeof key === 'number') return this.lookupById(key, options);
    if (/^[0-9]+$/.test(key) && this.conn.has('domains', 'lookupById')) {
      try {
        return await this.lookupById(Number(key), options);
      } catch (err) {
        if (!(err instanceof PolyvisorError && err.code === ErrorCode.NO_DOMAIN)) throw err;
      }
    }
    if (/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(key)) {
      try {
        return await this.lookupByUuid(key, options);
      } catch (err) {
        if (!(err instanceof PolyvisorError && err.code === ErrorCode.NO_DOMAIN)) throw err;
      }
    }
    return this.lookupByName(key, options);
  }

  /** Looks a domain up by name. */
  async lookupByName(name: string, options: CallOptions = {}): Promise<Domain> {
    validateName(name, 'domain');
    const r = await this.conn.call('domains', 'lookupByName', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(name, ctx));
    return new Domain(this.conn, r);
  }

  /** Looks a domain up by UUID. */
  async lookupByUuid(uuid: string, options: CallOptions = {}): Promise<Domain> {
    const u = checkUuid(uuid);
    const r = await this.conn.call('domains', 'lookupByUuid', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(u, ctx));
    return new Domain(this.conn, r);
  }

  /** Looks an active domain up by runtime id. */
  async lookupById(id: number, options: CallOptions = {}): Promise<Domain> {
    if (!Number.isInteger(id) || id < 0) throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid domain id ${id}`);
    const r = await this.conn.call('domains', 'lookupById', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(id, ctx));
    return new Domain(this.conn, r);
  }

  /** Bulk statistics of every domain matching the filter (active ones by default), like `virConnectGetAllDomainStats`. */
  async getAllStats(options: DomainListOptions = {}): Promise<DomainStats[]> {
    const { signal, timeoutMs, ...filter } = options;
    if (this.conn.has('domains', 'getAllStats')) {
      return this.conn.call('domains', 'getAllStats', { signal, timeoutMs }, DEFAULT_TIMEOUTS.query, (f, ctx) => f({ active: true, ...filter }, ctx));
    }
    const doms = await this.list({ active: true, ...options });
    return Promise.all(doms.map((d) => d.getStats({ signal, timeoutMs })));
  }

  /** Restores a domain from a file written by {@link Domain.save}. */
  async restore(path: string, options: CallOptions & { paused?: boolean; xml?: string } = {}): Promise<Domain> {
    const { signal, timeoutMs, ...opts } = options;
    const r = await this.conn.call('domains', 'restore', { signal, timeoutMs }, DEFAULT_TIMEOUTS.storage, (f, ctx) => f(path, opts, ctx));
    return new Domain(this.conn, r);
  }

  /** Defines a persistent domain from XML or a spec (updates it when the name and UUID match). */
  async define(definition: DefinitionInput<DomainSpec>, options: CallOptions = {}): Promise<Domain> {
    const spec = toSpec(definition, parseDomainXml, DomainSpecSchema, 'domain');
    validateName(spec.name, 'domain');
    const r = await this.conn.call('domains', 'define', options, DEFAULT_TIMEOUTS.config, (f, ctx) => f(spec, ctx));
    return new Domain(this.conn, r);
  }

  /** Creates and starts a transient domain (gone once it stops). */
  async createTransient(definition: DefinitionInput<DomainSpec>, options: CallOptions & { paused?: boolean } = {}): Promise<Domain> {
    const spec = toSpec(definition, parseDomainXml, DomainSpecSchema, 'domain');
    validateName(spec.name, 'domain');
    const r = await this.conn.call('domains', 'createTransient', options, DEFAULT_TIMEOUTS.start, (f, ctx) => f(spec, { paused: options.paused === true }, ctx));
    return new Domain(this.conn, r);
  }
}

/** Options of {@link Domain.shutdown}. */
export interface ShutdownOptions extends CallOptions {
  /** How to ask the guest (`acpi` power button, `agent`, ...); driver default when omitted. */
  mode?: ShutdownMode;
  /** Resolve only once the domain is shut off (bounded by `timeoutMs`). */
  wait?: boolean;
}

/** Options of {@link Domain.getXML}. */
export interface GetXmlOptions extends CallOptions {
  /** Return the persistent (next-boot) definition instead of the live one. */
  inactive?: boolean;
}

/**
 * A handle on one domain. Handles are cheap; `name`, `state` and friends are
 * a snapshot from the last lookup or refresh. Operations follow libvirt's
 * state machine: starting a running domain throws `OPERATION_INVALID`.
 */
export class Domain {
  private rec: DomainRecord;

  /** @internal */
  constructor(
    private readonly conn: Connection,
    record: DomainRecord,
  ) {
    this.rec = { ...record };
  }

  /** Name (as of the last refresh). */
  get name(): string {
    return this.rec.name;
  }
  /** UUID (stable). */
  get uuid(): string {
    return this.rec.uuid;
  }
  /** Runtime id, or -1 when inactive (as of the last refresh). */
  get id(): number {
    return this.rec.id;
  }
  /** State (as of the last refresh). */
  get state(): DomainState {
    return this.rec.state;
  }
  /** State reason (as of the last refresh). */
  get reason(): DomainStateReason {
    return this.rec.reason;
  }
  /** Whether it has a persistent definition (as of the last refresh). */
  get persistent(): boolean {
    return this.rec.persistent;
  }
  /** Whether it autostarts (as of the last refresh). */
  get autostart(): boolean {
    return this.rec.autostart;
  }
  /** True when running, paused or otherwise active (as of the last refresh). */
  get active(): boolean {
    return this.rec.id >= 0;
  }
  /** A plain copy of the record. */
  toJSON(): DomainRecord {
    return { ...this.rec };
  }

  private get ref(): DomainRef {
    return { uuid: this.rec.uuid, name: this.rec.name };
  }

  /** Re-reads name, state and flags from the driver. */
  async refresh(options: CallOptions = {}): Promise<this> {
    const ref = this.ref;
    this.rec = this.conn.has('domains', 'getRecord')
      ? await this.conn.call('domains', 'getRecord', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, ctx))
      : await this.conn.call('domains', 'lookupByUuid', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref.uuid, ctx));
    return this;
  }

  private async after(options: CallOptions): Promise<void> {
    try {
      await this.refresh(options);
    } catch (err) {
      // A transient domain disappears when it stops.
      if (err instanceof PolyvisorError && err.code === ErrorCode.NO_DOMAIN) {
        this.rec = { ...this.rec, id: -1, state: 'shutoff' };
        return;
      }
      throw err;
    }
  }

  /** Starts the (defined, inactive) domain; `paused` leaves vCPUs stopped. */
  async start(options: CallOptions & { paused?: boolean } = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('domains', 'start', options, DEFAULT_TIMEOUTS.start, (f, ctx) => f(ref, { paused: options.paused === true }, ctx));
    await this.after(options);
  }

  /** Asks the guest to shut down (ACPI by default). With `wait`, resolves once it is shut off. */
  async shutdown(options: ShutdownOptions = {}): Promise<void> {
    const ref = this.ref;
    const opts: { mode?: ShutdownMode; wait?: boolean } = { wait: options.wait === true };
    if (options.mode) opts.mode = options.mode;
    await this.conn.call('domains', 'shutdown', options, DEFAULT_TIMEOUTS.shutdown, (f, ctx) => f(ref, opts, ctx));
    await this.after(options);
  }

  /** Asks the guest to reboot. */
  async reboot(options: CallOptions & { mode?: ShutdownMode } = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('domains', 'reboot', options, DEFAULT_TIMEOUTS.shutdown, (f, ctx) => f(ref, options.mode ? { mode: options.mode } : {}, ctx));
    await this.after(options);
  }

  /** Resets the virtual hardware at once (like pressing reset). */
  async reset(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('domains', 'reset', options, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, ctx));
    await this.after(options);
  }

  /** Stops the domain at once (power cord pulled). `graceful` avoids SIGKILL. */
  async destroy(options: CallOptions & { graceful?: boolean } = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('domains', 'destroy', options, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, { graceful: options.graceful === true }, ctx));
    await this.after(options);
  }

  /** Pauses the vCPUs. */
  async suspend(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('domains', 'suspend', options, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, ctx));
    await this.after(options);
  }

  /** Resumes paused vCPUs. */
  async resume(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('domains', 'resume', options, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, ctx));
    await this.after(options);
  }

  /** Removes the persistent definition; a running domain keeps running as transient. */
  async undefine(options: CallOptions & { keepNvram?: boolean } = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('domains', 'undefine', options, DEFAULT_TIMEOUTS.config, (f, ctx) => f(ref, { keepNvram: options.keepNvram === true }, ctx));
    await this.after(options);
  }

  /** State, memory, vCPUs and CPU time (like `virDomainGetInfo`). */
  async getInfo(options: CallOptions = {}): Promise<DomainInfo> {
    const ref = this.ref;
    return this.conn.call('domains', 'getInfo', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, ctx));
  }

  /** Current state and reason. */
  async getState(options: CallOptions = {}): Promise<{ state: DomainState; reason: DomainStateReason }> {
    await this.refresh(options);
    return { state: this.rec.state, reason: this.rec.reason };
  }

  /** The definition as a spec (live, or persistent with `inactive`). */
  async getSpec(options: GetXmlOptions = {}): Promise<DomainSpec> {
    const ref = this.ref;
    return this.conn.call('domains', 'getSpec', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, { inactive: options.inactive === true }, ctx));
  }

  /** The definition as libvirt domain XML (live, or persistent with `inactive`). */
  async getXML(options: GetXmlOptions = {}): Promise<string> {
    if (this.conn.has('domains', 'getXml')) {
      const ref = this.ref;
      return this.conn.call('domains', 'getXml', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, { inactive: options.inactive === true }, ctx));
    }
    const spec = await this.getSpec(options);
    if (options.inactive) return formatDomainXml(spec, { inactive: true });
    await this.refresh(options);
    return formatDomainXml(spec, this.rec.id >= 0 ? { id: this.rec.id } : {});
  }

  /** Sets whether the domain starts with the host. */
  async setAutostart(autostart: boolean, options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('domains', 'setAutostart', options, DEFAULT_TIMEOUTS.config, (f, ctx) => f(ref, autostart, ctx));
    await this.after(options);
  }

  /** Renames the (inactive, persistent) domain. */
  async rename(newName: string, options: CallOptions = {}): Promise<void> {
    validateName(newName, 'domain');
    const ref = this.ref;
    this.rec = await this.conn.call('domains', 'rename', options, DEFAULT_TIMEOUTS.config, (f, ctx) => f(ref, newName, ctx));
  }

  /**
   * Sets the title, the description, or (type `element`) a metadata element
   * in namespace `uri` with prefix `key`; `null` removes it. Applies to the
   * live definition when active, else the persistent one, unless `live`/`config` say otherwise.
   */
  async setMetadata(type: MetadataType, value: string | null, options: CallOptions & MetadataScope & { uri?: string; key?: string } = {}): Promise<void> {
    if (type === 'element' && (!options.uri || (value !== null && !options.key))) throw new PolyvisorError(ErrorCode.INVALID_ARG, "metadata of type 'element' needs a namespace uri and a key");
    const ref = this.ref;
    const { signal, timeoutMs, ...rest } = options;
    await this.conn.call('domains', 'setMetadata', { signal, timeoutMs }, DEFAULT_TIMEOUTS.config, (f, ctx) => f(ref, type, value, rest, ctx));
  }

  /** Reads the title, description, or the metadata element in namespace `uri`. */
  async getMetadata(type: MetadataType, options: CallOptions & MetadataScope & { uri?: string } = {}): Promise<string> {
    if (type === 'element' && !options.uri) throw new PolyvisorError(ErrorCode.INVALID_ARG, "metadata of type 'element' needs a namespace uri");
    const ref = this.ref;
    const { signal, timeoutMs, ...rest } = options;
    return this.conn.call('domains', 'getMetadata', { signal, timeoutMs }, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, type, rest, ctx));
  }

  /**
   * Live-migrates this domain to another connection (same driver) and
   * returns its handle there. The protocol follows libvirt's: begin (source)
   * → prepare (destination starts an incoming guest) → perform (source sends
   * its state) → finish (destination resumes it) → confirm (source stops and
   * cleans up). Any failure or abort leaves the guest running on the source
   * and nothing behind on the destination.
   */
  async migrate(dest: Connection, options: MigrateOptions & CallOptions = {}): Promise<Domain> {
    const { signal, timeoutMs, ...opts } = options;
    if (dest.driverName !== this.conn.driverName) {
      throw new PolyvisorError(ErrorCode.UNSUPPORTED, `cannot migrate from a ${this.conn.driverName} connection to a ${dest.driverName} connection`, { driver: this.conn.driverName, operation: 'domains.migrate' });
    }
    const ref = this.ref;
    const call = { signal, timeoutMs: timeoutMs ?? 3_600_000 };
    const migrateOpts: MigrateOptions = { live: true, ...opts };
    const progress = (p: MigrationProgress) => {
      try {
        opts.onProgress?.(p);
      } catch {
        /* a failing progress callback must not break the migration */
      }
    };
    const t0 = Date.now();
    progress({ phase: 'begin', elapsedMs: 0 });
    const begin = await this.conn.call('domains', 'migrateBegin', call, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, migrateOpts, ctx));
    progress({ phase: 'prepare', elapsedMs: Date.now() - t0 });
    const prep = await dest.call('domains', 'migratePrepare', call, DEFAULT_TIMEOUTS.start, (f, ctx) => f(begin.xml, { ...migrateOpts, cookie: begin.cookie }, ctx));
    const name = this.rec.name;
    let result: MigrationProgress;
    try {
      result = await this.conn.call('domains', 'migratePerform', call, 3_600_000, (f, ctx) => f(ref, prep.uri, { ...migrateOpts, onProgress: progress, cookie: prep.cookie }, ctx));
    } catch (err) {
      await dest.call('domains', 'migrateFinish', {}, DEFAULT_TIMEOUTS.control, (f, ctx) => f(name, { ...migrateOpts, success: false }, ctx)).catch(() => undefined);
      await this.conn.call('domains', 'migrateConfirm', {}, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, { ...migrateOpts, success: false }, ctx)).catch(() => undefined);
      progress({ phase: isAborted(err) ? 'cancelled' : 'failed', elapsedMs: Date.now() - t0 });
      throw err;
    }
    progress({ phase: 'finish', elapsedMs: Date.now() - t0 });
    let rec: DomainRecord | undefined;
    try {
      rec = await dest.call('domains', 'migrateFinish', {}, DEFAULT_TIMEOUTS.start, (f, ctx) => f(name, { ...migrateOpts, success: true }, ctx));
    } catch (err) {
      await this.conn.call('domains', 'migrateConfirm', {}, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, { ...migrateOpts, success: false }, ctx)).catch(() => undefined);
      throw err;
    }
    progress({ phase: 'confirm', elapsedMs: Date.now() - t0 });
    await this.conn.call('domains', 'migrateConfirm', {}, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, { ...migrateOpts, success: true }, ctx));
    progress({ ...result, phase: 'completed', elapsedMs: Date.now() - t0 });
    await this.after({});
    if (!rec) throw new PolyvisorError(ErrorCode.INTERNAL, 'migration finished without a destination domain', { driver: dest.driverName, operation: 'domains.migrate' });
    return new Domain(dest, rec);
  }

  /** Aborts this domain's outgoing migration. */
  async migrateCancel(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('domains', 'migrateCancel', options, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, ctx));
  }

  /** Saves memory and device state to `path` (with the definition inside) and stops the domain. */
  async save(path: string, options: CallOptions & { paused?: boolean; xml?: string } = {}): Promise<void> {
    const ref = this.ref;
    const { signal, timeoutMs, ...opts } = options;
    await this.conn.call('domains', 'save', { signal, timeoutMs }, DEFAULT_TIMEOUTS.storage, (f, ctx) => f(ref, path, opts, ctx));
    await this.after({ signal, timeoutMs });
  }

  /** Saves to the driver-managed location and stops; the next `start()` restores it (libvirt's managed save). */
  async managedSave(options: CallOptions & { paused?: boolean } = {}): Promise<void> {
    const ref = this.ref;
    const { signal, timeoutMs, ...opts } = options;
    await this.conn.call('domains', 'managedSave', { signal, timeoutMs }, DEFAULT_TIMEOUTS.storage, (f, ctx) => f(ref, opts, ctx));
    await this.after({ signal, timeoutMs });
  }

  /** True when a managed save image exists. */
  async hasManagedSave(options: CallOptions = {}): Promise<boolean> {
    const ref = this.ref;
    return this.conn.call('domains', 'hasManagedSave', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, ctx));
  }

  /** Discards the managed save image (the next start boots afresh). */
  async removeManagedSave(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('domains', 'removeManagedSave', options, DEFAULT_TIMEOUTS.config, (f, ctx) => f(ref, ctx));
  }

  /** Takes a snapshot from `<domainsnapshot>` XML or a spec (`{}` for defaults). */
  async createSnapshot(definition: DefinitionInput<DomainSnapshotSpec> = {}, options: CallOptions & { diskOnly?: boolean; quiesce?: boolean } = {}): Promise<SnapshotInfo> {
    const spec = toSpec(definition, parseDomainSnapshotXml, DomainSnapshotSpecSchema, 'domain snapshot');
    if (spec.name !== undefined) validateName(spec.name, 'snapshot');
    const ref = this.ref;
    const { signal, timeoutMs, ...opts } = options;
    return this.conn.call('domains', 'createSnapshot', { signal, timeoutMs }, DEFAULT_TIMEOUTS.storage, (f, ctx) => f(ref, spec, opts, ctx));
  }

  /** Lists snapshots (creation order). */
  async listSnapshots(options: CallOptions = {}): Promise<SnapshotInfo[]> {
    const ref = this.ref;
    return this.conn.call('domains', 'listSnapshots', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, ctx));
  }

  /** The current snapshot, if any. */
  async currentSnapshot(options: CallOptions = {}): Promise<SnapshotInfo | undefined> {
    return (await this.listSnapshots(options)).find((s) => s.current);
  }

  /** A snapshot's `<domainsnapshot>` XML. */
  async getSnapshotXML(name: string, options: CallOptions = {}): Promise<string> {
    const ref = this.ref;
    return formatDomainSnapshotXml(await this.conn.call('domains', 'getSnapshotSpec', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, name, ctx)));
  }

  /** Reverts to a snapshot. */
  async revertToSnapshot(name: string, options: CallOptions & { paused?: boolean; running?: boolean } = {}): Promise<void> {
    const ref = this.ref;
    const { signal, timeoutMs, ...opts } = options;
    await this.conn.call('domains', 'revertToSnapshot', { signal, timeoutMs }, DEFAULT_TIMEOUTS.storage, (f, ctx) => f(ref, name, opts, ctx));
    await this.after({ signal, timeoutMs });
  }

  /** Deletes a snapshot (with `children`, its descendants too). */
  async deleteSnapshot(name: string, options: CallOptions & { children?: boolean } = {}): Promise<void> {
    const ref = this.ref;
    const { signal, timeoutMs, ...opts } = options;
    await this.conn.call('domains', 'deleteSnapshot', { signal, timeoutMs }, DEFAULT_TIMEOUTS.storage, (f, ctx) => f(ref, name, opts, ctx));
  }

  /** Hot-plugs a device from device XML (`live` and/or `config`; default: live when running, else config). */
  async attachDevice(deviceXml: string, options: CallOptions & MetadataScope = {}): Promise<void> {
    parseDeviceXml(deviceXml);
    const ref = this.ref;
    const { signal, timeoutMs, ...scope } = options;
    await this.conn.call('domains', 'attachDevice', { signal, timeoutMs }, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, deviceXml, scope, ctx));
  }

  /** Hot-unplugs a device (waits for the guest to release it). */
  async detachDevice(deviceXml: string, options: CallOptions & MetadataScope = {}): Promise<void> {
    parseDeviceXml(deviceXml);
    const ref = this.ref;
    const { signal, timeoutMs, ...scope } = options;
    await this.conn.call('domains', 'detachDevice', { signal, timeoutMs }, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, deviceXml, scope, ctx));
  }

  /** Changes a device in place (cdrom media, link state, ...). */
  async updateDevice(deviceXml: string, options: CallOptions & MetadataScope = {}): Promise<void> {
    parseDeviceXml(deviceXml);
    const ref = this.ref;
    const { signal, timeoutMs, ...scope } = options;
    await this.conn.call('domains', 'updateDevice', { signal, timeoutMs }, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, deviceXml, scope, ctx));
  }

  /** Changes the number of active vCPUs. */
  async setVcpus(count: number, options: CallOptions & MetadataScope = {}): Promise<void> {
    if (!Number.isInteger(count) || count < 1) throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid vCPU count ${count}`);
    const ref = this.ref;
    const { signal, timeoutMs, ...scope } = options;
    await this.conn.call('domains', 'setVcpus', { signal, timeoutMs }, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, count, scope, ctx));
  }

  /** Opens the serial console as a Duplex byte stream (like `virsh console`). */
  async openConsole(options: CallOptions & { devname?: string } = {}): Promise<Duplex> {
    const ref = this.ref;
    const { signal, timeoutMs, ...opts } = options;
    return this.conn.call('domains', 'openConsole', { signal, timeoutMs }, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, opts, ctx));
  }

  /** How to reach the graphics consoles (like `virsh domdisplay`). */
  async getGraphics(options: CallOptions = {}): Promise<GraphicsInfo[]> {
    const ref = this.ref;
    return this.conn.call('domains', 'getGraphics', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, ctx));
  }

  /** A screenshot of the primary display (PPM or PNG bytes). */
  async screenshot(options: CallOptions & { screen?: number } = {}): Promise<{ mimeType: string; data: Buffer }> {
    const ref = this.ref;
    const { signal, timeoutMs, ...opts } = options;
    return this.conn.call('domains', 'screenshot', { signal, timeoutMs }, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, opts, ctx));
  }

  /** Bulk statistics: CPU time, balloon, vCPUs, block and network counters (like `virsh domstats`). */
  async getStats(options: CallOptions = {}): Promise<DomainStats> {
    const ref = this.ref;
    return this.conn.call('domains', 'getStats', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, ctx));
  }

  /** Sets current memory (balloon target), in KiB. */
  async setMemory(kib: number, options: CallOptions & MetadataScope = {}): Promise<void> {
    if (!Number.isInteger(kib) || kib <= 0) throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid memory size ${kib} KiB`);
    const ref = this.ref;
    const { signal, timeoutMs, ...scope } = options;
    await this.conn.call('domains', 'setMemory', { signal, timeoutMs }, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, kib, scope, ctx));
  }
}

// ---------------------------------------------------------------- networks

/** Network operations of a connection. */
export class NetworkCollection {
  /** @internal */
  constructor(private readonly conn: Connection) {}

  /** Lists networks. */
  async list(options: CallOptions & NetworkListFilter = {}): Promise<Network[]> {
    const { signal, timeoutMs, ...filter } = options;
    const infos = await this.conn.call('networks', 'list', { signal, timeoutMs }, DEFAULT_TIMEOUTS.query, (f, ctx) => f(filter, ctx));
    return infos.map((i) => new Network(this.conn, i));
  }

  /** Looks a network up by name or UUID (throws `NO_NETWORK`). */
  async lookup(key: string, options: CallOptions = {}): Promise<Network> {
    if (/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(key)) {
      try {
        const u = checkUuid(key);
        return new Network(this.conn, await this.conn.call('networks', 'lookupByUuid', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(u, ctx)));
      } catch (err) {
        if (!(err instanceof PolyvisorError && err.code === ErrorCode.NO_NETWORK)) throw err;
      }
    }
    validateName(key, 'network');
    return new Network(this.conn, await this.conn.call('networks', 'lookupByName', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(key, ctx)));
  }

  /** Defines a persistent network from XML or a spec. */
  async define(definition: DefinitionInput<NetworkSpec>, options: CallOptions = {}): Promise<Network> {
    const spec = toSpec(definition, parseNetworkXml, NetworkSpecSchema, 'network');
    validateName(spec.name, 'network');
    return new Network(this.conn, await this.conn.call('networks', 'define', options, DEFAULT_TIMEOUTS.config, (f, ctx) => f(spec, ctx)));
  }

  /** Creates and starts a transient network. */
  async createTransient(definition: DefinitionInput<NetworkSpec>, options: CallOptions = {}): Promise<Network> {
    const spec = toSpec(definition, parseNetworkXml, NetworkSpecSchema, 'network');
    validateName(spec.name, 'network');
    return new Network(this.conn, await this.conn.call('networks', 'createTransient', options, DEFAULT_TIMEOUTS.start, (f, ctx) => f(spec, ctx)));
  }
}

/** A handle on one virtual network. */
export class Network {
  private rec: NetworkInfo;
  /** @internal */
  constructor(
    private readonly conn: Connection,
    info: NetworkInfo,
  ) {
    this.rec = { ...info };
  }
  /** Name. */
  get name(): string {
    return this.rec.name;
  }
  /** UUID. */
  get uuid(): string {
    return this.rec.uuid;
  }
  /** Active (as of the last refresh). */
  get active(): boolean {
    return this.rec.active;
  }
  /** Persistent (as of the last refresh). */
  get persistent(): boolean {
    return this.rec.persistent;
  }
  /** Autostart (as of the last refresh). */
  get autostart(): boolean {
    return this.rec.autostart;
  }
  /** Bridge name (as of the last refresh). */
  get bridge(): string | undefined {
    return this.rec.bridge;
  }
  /** A plain copy of the info. */
  toJSON(): NetworkInfo {
    return { ...this.rec };
  }
  private get ref(): NetworkRef {
    return { uuid: this.rec.uuid, name: this.rec.name };
  }
  private async after(options: CallOptions): Promise<void> {
    try {
      await this.getInfo(options);
    } catch (err) {
      if (err instanceof PolyvisorError && err.code === ErrorCode.NO_NETWORK) {
        this.rec = { ...this.rec, active: false };
        return;
      }
      throw err;
    }
  }
  /** Current info (refreshes the handle). */
  async getInfo(options: CallOptions = {}): Promise<NetworkInfo> {
    const ref = this.ref;
    this.rec = await this.conn.call('networks', 'getInfo', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, ctx));
    return { ...this.rec };
  }
  /** Starts the network. */
  async start(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('networks', 'start', options, DEFAULT_TIMEOUTS.start, (f, ctx) => f(ref, ctx));
    await this.after(options);
  }
  /** Stops the network. */
  async destroy(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('networks', 'destroy', options, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, ctx));
    await this.after(options);
  }
  /** Removes the persistent definition. */
  async undefine(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('networks', 'undefine', options, DEFAULT_TIMEOUTS.config, (f, ctx) => f(ref, ctx));
    await this.after(options);
  }
  /** Sets autostart. */
  async setAutostart(autostart: boolean, options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('networks', 'setAutostart', options, DEFAULT_TIMEOUTS.config, (f, ctx) => f(ref, autostart, ctx));
    await this.after(options);
  }
  /** DHCP leases on this network (like `virsh net-dhcp-leases`), optionally for one MAC. */
  async getDhcpLeases(options: CallOptions & { mac?: string } = {}): Promise<DhcpLease[]> {
    const ref = this.ref;
    const { signal, timeoutMs, mac } = options;
    return this.conn.call('networks', 'getDhcpLeases', { signal, timeoutMs }, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, mac ? { mac: mac.toLowerCase() } : {}, ctx));
  }

  /** The definition as a spec. */
  async getSpec(options: GetXmlOptions = {}): Promise<NetworkSpec> {
    const ref = this.ref;
    return this.conn.call('networks', 'getSpec', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, { inactive: options.inactive === true }, ctx));
  }
  /** The definition as libvirt network XML. */
  async getXML(options: GetXmlOptions = {}): Promise<string> {
    return formatNetworkXml(await this.getSpec(options), { inactive: options.inactive === true });
  }
}

// ---------------------------------------------------------------- storage

/** Storage pool operations of a connection. */
export class StoragePoolCollection {
  /** @internal */
  constructor(private readonly conn: Connection) {}

  /** Lists pools. */
  async list(options: CallOptions & StoragePoolListFilter = {}): Promise<StoragePool[]> {
    const { signal, timeoutMs, ...filter } = options;
    const infos = await this.conn.call('storage', 'listPools', { signal, timeoutMs }, DEFAULT_TIMEOUTS.query, (f, ctx) => f(filter, ctx));
    return infos.map((i) => new StoragePool(this.conn, i));
  }

  /** Looks a pool up by name or UUID (throws `NO_STORAGE_POOL`). */
  async lookup(key: string, options: CallOptions = {}): Promise<StoragePool> {
    if (/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(key)) {
      try {
        const u = checkUuid(key);
        return new StoragePool(this.conn, await this.conn.call('storage', 'lookupPoolByUuid', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(u, ctx)));
      } catch (err) {
        if (!(err instanceof PolyvisorError && err.code === ErrorCode.NO_STORAGE_POOL)) throw err;
      }
    }
    validateName(key, 'storage pool');
    return new StoragePool(this.conn, await this.conn.call('storage', 'lookupPoolByName', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(key, ctx)));
  }

  /** Finds the volume at `path` in any pool (throws `NO_STORAGE_VOL`). */
  async lookupVolumeByPath(path: string, options: CallOptions = {}): Promise<StorageVolume> {
    const r = await this.conn.call('storage', 'lookupVolumeByPath', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(path, ctx));
    return new StorageVolume(this.conn, new StoragePool(this.conn, r.pool), r.volume);
  }

  /** Defines a persistent pool from XML or a spec. */
  async define(definition: DefinitionInput<StoragePoolSpec>, options: CallOptions = {}): Promise<StoragePool> {
    const spec = toSpec(definition, parseStoragePoolXml, StoragePoolSpecSchema, 'storage pool');
    validateName(spec.name, 'storage pool');
    return new StoragePool(this.conn, await this.conn.call('storage', 'definePool', options, DEFAULT_TIMEOUTS.config, (f, ctx) => f(spec, ctx)));
  }

  /** Creates and starts a transient pool. */
  async createTransient(definition: DefinitionInput<StoragePoolSpec>, options: CallOptions = {}): Promise<StoragePool> {
    const spec = toSpec(definition, parseStoragePoolXml, StoragePoolSpecSchema, 'storage pool');
    validateName(spec.name, 'storage pool');
    return new StoragePool(this.conn, await this.conn.call('storage', 'createPool', options, DEFAULT_TIMEOUTS.start, (f, ctx) => f(spec, ctx)));
  }
}

/** A handle on one storage pool. */
export class StoragePool {
  private rec: StoragePoolInfo;
  /** @internal */
  constructor(
    private readonly conn: Connection,
    info: StoragePoolInfo,
  ) {
    this.rec = { ...info };
  }
  /** Name. */
  get name(): string {
    return this.rec.name;
  }
  /** UUID. */
  get uuid(): string {
    return this.rec.uuid;
  }
  /** State (as of the last refresh). */
  get state(): StoragePoolInfo['state'] {
    return this.rec.state;
  }
  /** True when running (as of the last refresh). */
  get active(): boolean {
    return this.rec.state !== 'inactive';
  }
  /** Persistent (as of the last refresh). */
  get persistent(): boolean {
    return this.rec.persistent;
  }
  /** Autostart (as of the last refresh). */
  get autostart(): boolean {
    return this.rec.autostart;
  }
  /** A plain copy of the info. */
  toJSON(): StoragePoolInfo {
    return { ...this.rec };
  }
  /** @internal */
  get ref(): PoolRef {
    return { uuid: this.rec.uuid, name: this.rec.name };
  }
  private async after(options: CallOptions): Promise<void> {
    try {
      await this.getInfo(options);
    } catch (err) {
      if (err instanceof PolyvisorError && err.code === ErrorCode.NO_STORAGE_POOL) {
        this.rec = { ...this.rec, state: 'inactive' };
        return;
      }
      throw err;
    }
  }
  /** Current info (refreshes the handle). */
  async getInfo(options: CallOptions = {}): Promise<StoragePoolInfo> {
    const ref = this.ref;
    this.rec = await this.conn.call('storage', 'getPoolInfo', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, ctx));
    return { ...this.rec };
  }
  /** Builds the underlying storage. */
  async build(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('storage', 'buildPool', options, DEFAULT_TIMEOUTS.storage, (f, ctx) => f(ref, ctx));
  }
  /** Starts the pool. */
  async start(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('storage', 'startPool', options, DEFAULT_TIMEOUTS.start, (f, ctx) => f(ref, ctx));
    await this.after(options);
  }
  /** Stops the pool. */
  async destroy(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('storage', 'destroyPool', options, DEFAULT_TIMEOUTS.control, (f, ctx) => f(ref, ctx));
    await this.after(options);
  }
  /** Deletes the underlying storage (pool must be inactive). */
  async delete(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('storage', 'deletePool', options, DEFAULT_TIMEOUTS.storage, (f, ctx) => f(ref, ctx));
  }
  /** Removes the persistent definition. */
  async undefine(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('storage', 'undefinePool', options, DEFAULT_TIMEOUTS.config, (f, ctx) => f(ref, ctx));
    await this.after(options);
  }
  /** Rescans volumes and sizes. */
  async refresh(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('storage', 'refreshPool', options, DEFAULT_TIMEOUTS.storage, (f, ctx) => f(ref, ctx));
    await this.after(options);
  }
  /** Sets autostart. */
  async setAutostart(autostart: boolean, options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('storage', 'setPoolAutostart', options, DEFAULT_TIMEOUTS.config, (f, ctx) => f(ref, autostart, ctx));
    await this.after(options);
  }
  /** The definition as a spec. */
  async getSpec(options: GetXmlOptions = {}): Promise<StoragePoolSpec> {
    const ref = this.ref;
    return this.conn.call('storage', 'getPoolSpec', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, { inactive: options.inactive === true }, ctx));
  }
  /** The definition as libvirt storage pool XML. */
  async getXML(options: GetXmlOptions = {}): Promise<string> {
    return formatStoragePoolXml(await this.getSpec(options), { inactive: options.inactive === true });
  }
  /** Lists the pool's volumes. */
  async listVolumes(options: CallOptions = {}): Promise<StorageVolume[]> {
    const ref = this.ref;
    const vols = await this.conn.call('storage', 'listVolumes', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, ctx));
    return vols.map((v) => new StorageVolume(this.conn, this, v));
  }
  /** Looks up a volume by name (throws `NO_STORAGE_VOL`). */
  async lookupVolume(name: string, options: CallOptions = {}): Promise<StorageVolume> {
    validateName(name, 'storage volume');
    const ref = this.ref;
    return new StorageVolume(this.conn, this, await this.conn.call('storage', 'lookupVolume', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, name, ctx)));
  }
  /** Creates a volume from XML or a spec; `from` clones an existing volume's data. */
  async createVolume(definition: DefinitionInput<StorageVolumeSpec>, options: CallOptions & { from?: StorageVolume } = {}): Promise<StorageVolume> {
    const spec = typeof definition === 'string'
      ? parseStorageVolumeXml(definition, { type: (await this.getSpec(options)).type })
      : toSpec(definition, (x) => parseStorageVolumeXml(x, { type: 'dir' }), StorageVolumeSpecSchema, 'storage volume');
    validateName(spec.name, 'storage volume');
    const ref = this.ref;
    const from = options.from?.ref;
    return new StorageVolume(this.conn, this, await this.conn.call('storage', 'createVolume', options, DEFAULT_TIMEOUTS.storage, (f, ctx) => f(ref, spec, from ? { from } : {}, ctx)));
  }
}

/** A handle on one storage volume. */
export class StorageVolume {
  private rec: StorageVolumeInfo;
  /** @internal */
  constructor(
    private readonly conn: Connection,
    /** The parent pool. */
    readonly pool: StoragePool,
    info: StorageVolumeInfo,
  ) {
    this.rec = { ...info };
  }
  /** Name. */
  get name(): string {
    return this.rec.name;
  }
  /** Key. */
  get key(): string {
    return this.rec.key;
  }
  /** Path. */
  get path(): string {
    return this.rec.path;
  }
  /** A plain copy of the info. */
  toJSON(): StorageVolumeInfo {
    return { ...this.rec };
  }
  /** @internal */
  get ref(): VolumeRef {
    return { pool: this.pool.ref, name: this.rec.name, key: this.rec.key };
  }
  /** Current info (refreshes the handle). */
  async getInfo(options: CallOptions = {}): Promise<StorageVolumeInfo> {
    const ref = this.ref;
    this.rec = await this.conn.call('storage', 'getVolumeInfo', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, ctx));
    return { ...this.rec };
  }
  /** The definition as a spec. */
  async getSpec(options: CallOptions = {}): Promise<StorageVolumeSpec> {
    const ref = this.ref;
    return this.conn.call('storage', 'getVolumeSpec', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, ctx));
  }
  /** The definition as libvirt storage volume XML. */
  async getXML(options: CallOptions = {}): Promise<string> {
    return formatStorageVolumeXml(await this.getSpec(options));
  }
  /** Deletes the volume. */
  async delete(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('storage', 'deleteVolume', options, DEFAULT_TIMEOUTS.storage, (f, ctx) => f(ref, ctx));
  }
  /** Resizes to `capacity` bytes. */
  async resize(capacity: number, options: CallOptions = {}): Promise<void> {
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid capacity ${capacity}`);
    const ref = this.ref;
    await this.conn.call('storage', 'resizeVolume', options, DEFAULT_TIMEOUTS.storage, (f, ctx) => f(ref, capacity, ctx));
    await this.getInfo(options);
  }
  /** Overwrites the data with zeros. */
  async wipe(options: CallOptions = {}): Promise<void> {
    const ref = this.ref;
    await this.conn.call('storage', 'wipeVolume', options, DEFAULT_TIMEOUTS.storage, (f, ctx) => f(ref, ctx));
  }

  /** Writes a stream into the volume (like `virsh vol-upload`), with progress callbacks. */
  async upload(source: NodeJS.ReadableStream, options: CallOptions & { offset?: number; length?: number; onProgress?: (p: TransferProgress) => void } = {}): Promise<void> {
    const ref = this.ref;
    const { signal, timeoutMs, ...opts } = options;
    await this.conn.call('storage', 'uploadVolume', { signal, timeoutMs }, DEFAULT_TIMEOUTS.storage, (f, ctx) => f(ref, source, opts, ctx));
    await this.getInfo({ signal, timeoutMs });
  }

  /**
   * Reads the volume as a stream (like `virsh vol-download`). The call's
   * timeout covers opening it; abort the signal to stop the transfer.
   */
  async download(options: CallOptions & { offset?: number; length?: number; onProgress?: (p: TransferProgress) => void } = {}): Promise<NodeJS.ReadableStream> {
    const ref = this.ref;
    const { signal, timeoutMs, ...opts } = options;
    return this.conn.call('storage', 'downloadVolume', { signal, timeoutMs }, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ref, { ...opts }, { signal: signal ?? ctx.signal }));
  }
}

// ---------------------------------------------------------------- host

/** Host-level queries of a connection. */
export class HostApi {
  /** @internal */
  constructor(private readonly conn: Connection) {}
  /** Node information (like `virsh nodeinfo`). */
  async info(options: CallOptions = {}): Promise<NodeInfo> {
    return this.conn.call('host', 'info', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ctx));
  }
  /** Host and guest capabilities (like `virsh capabilities`). */
  async capabilities(options: CallOptions = {}): Promise<HostCapabilities> {
    return this.conn.call('host', 'capabilities', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ctx));
  }
  /** Host name. */
  async hostname(options: CallOptions = {}): Promise<string> {
    return this.conn.call('host', 'hostname', options, DEFAULT_TIMEOUTS.query, (f, ctx) => f(ctx));
  }
}
