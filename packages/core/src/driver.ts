/**
 * The driver contract. A driver is `{ name, schemes, open }`; the connection
 * it opens is a bundle of optional sub-drivers whose methods are all
 * optional: core's Connection dispatches in one place and reports
 * `UNSUPPORTED` for a missing one (libvirt's design).
 * @module
 */
import type { CallContext } from './options.js';
import type { ParsedUri } from './uri.js';
import type { DomainSpec } from './model/domain.js';
import type { NetworkSpec } from './model/network.js';
import type { StoragePoolSpec, StorageVolumeSpec } from './model/storage.js';
import type { DomainSnapshotSpec } from './model/snapshot.js';
import type { PolyvisorEvent } from './events.js';
import type {
  DhcpLease, TransferProgress, SnapshotInfo, MigrateOptions, MigrationProgress, GraphicsInfo, DomainInfo, DomainListFilter, DomainRecord, DomainStats, HostCapabilities, MetadataType, NetworkInfo, NetworkListFilter, NodeInfo,
  ShutdownMode, StoragePoolInfo, StoragePoolListFilter, StorageVolumeInfo,
} from './types.js';

/** Identifies a domain to a driver: the UUID is authoritative, the name is for messages. */
export interface DomainRef {
  /** UUID. */
  uuid: string;
  /** Name at lookup time. */
  name: string;
}

/** Identifies a network to a driver. */
export interface NetworkRef {
  /** UUID. */
  uuid: string;
  /** Name. */
  name: string;
}

/** Identifies a storage pool to a driver. */
export interface PoolRef {
  /** UUID. */
  uuid: string;
  /** Name. */
  name: string;
}

/** Identifies a storage volume to a driver. */
export interface VolumeRef {
  /** Parent pool. */
  pool: PoolRef;
  /** Volume name. */
  name: string;
  /** Volume key. */
  key: string;
}

/** Options passed to {@link Driver.open}. */
export interface DriverOpenOptions {
  /** Fires on abort or timeout of the open. */
  signal: AbortSignal;
  /** Open read-only (mutating calls fail with `OPERATION_INVALID`). */
  readOnly?: boolean;
  /** Driver-specific options given to `openConnection`. */
  driverOptions?: Record<string, unknown>;
}

/** Metadata access flags: which definition to read or change. */
export interface MetadataScope {
  /** The running definition. */
  live?: boolean;
  /** The persistent definition. */
  config?: boolean;
}

/** Domain sub-driver. Every method is optional. */
export interface DomainDriver {
  /** Lists domains matching `filter`. */
  list?(filter: DomainListFilter, ctx: CallContext): Promise<DomainRecord[]>;
  /** Looks a domain up by name (throws `NO_DOMAIN`). */
  lookupByName?(name: string, ctx: CallContext): Promise<DomainRecord>;
  /** Looks a domain up by UUID (throws `NO_DOMAIN`). */
  lookupByUuid?(uuid: string, ctx: CallContext): Promise<DomainRecord>;
  /** Looks an active domain up by runtime id (throws `NO_DOMAIN`). */
  lookupById?(id: number, ctx: CallContext): Promise<DomainRecord>;
  /** Defines (or updates) a persistent domain. */
  define?(spec: DomainSpec, ctx: CallContext): Promise<DomainRecord>;
  /** Creates and starts a transient domain. */
  createTransient?(spec: DomainSpec, opts: { paused?: boolean }, ctx: CallContext): Promise<DomainRecord>;
  /** Starts a defined domain. */
  start?(ref: DomainRef, opts: { paused?: boolean }, ctx: CallContext): Promise<void>;
  /** Asks the guest to shut down; with `wait`, resolves once it is off. */
  shutdown?(ref: DomainRef, opts: { mode?: ShutdownMode; wait?: boolean }, ctx: CallContext): Promise<void>;
  /** Asks the guest to reboot. */
  reboot?(ref: DomainRef, opts: { mode?: ShutdownMode }, ctx: CallContext): Promise<void>;
  /** Resets the virtual hardware at once. */
  reset?(ref: DomainRef, ctx: CallContext): Promise<void>;
  /** Stops the domain at once (`graceful`: no SIGKILL fallback). */
  destroy?(ref: DomainRef, opts: { graceful?: boolean }, ctx: CallContext): Promise<void>;
  /** Pauses the vCPUs. */
  suspend?(ref: DomainRef, ctx: CallContext): Promise<void>;
  /** Resumes paused vCPUs. */
  resume?(ref: DomainRef, ctx: CallContext): Promise<void>;
  /** Removes the persistent definition. */
  undefine?(ref: DomainRef, opts: { keepNvram?: boolean }, ctx: CallContext): Promise<void>;
  /** Returns the current record (name, state, persistence). */
  getRecord?(ref: DomainRef, ctx: CallContext): Promise<DomainRecord>;
  /** Returns state, memory, vCPUs and CPU time. */
  getInfo?(ref: DomainRef, ctx: CallContext): Promise<DomainInfo>;
  /** Returns the live definition, or the persistent one with `inactive`. */
  getSpec?(ref: DomainRef, opts: { inactive?: boolean }, ctx: CallContext): Promise<DomainSpec>;
  /**
   * The definition as libvirt XML (live with `<domain id=…>` while running,
   * or persistent with `inactive`). Optional: without it the connection
   * formats {@link DomainDriver.getSpec}'s result itself.
   */
  getXml?(ref: DomainRef, opts: { inactive?: boolean }, ctx: CallContext): Promise<string>;
  /** Sets whether the domain starts with the host. */
  setAutostart?(ref: DomainRef, autostart: boolean, ctx: CallContext): Promise<void>;
  /** Renames an inactive persistent domain. */
  rename?(ref: DomainRef, newName: string, ctx: CallContext): Promise<DomainRecord>;
  /** Sets (or with `null` removes) title, description or a namespaced metadata element. */
  setMetadata?(ref: DomainRef, type: MetadataType, value: string | null, opts: { uri?: string; key?: string } & MetadataScope, ctx: CallContext): Promise<void>;
  /** Reads title, description or a namespaced metadata element (as XML text); throws `NO_DOMAIN_METADATA`-like `INVALID_ARG` when absent. */
  getMetadata?(ref: DomainRef, type: MetadataType, opts: { uri?: string } & MetadataScope, ctx: CallContext): Promise<string>;
  /** Bulk statistics (CPU, balloon, vCPUs, block and network counters). */
  getStats?(ref: DomainRef, ctx: CallContext): Promise<DomainStats>;
  /**
   * Bulk statistics of every domain matching `filter` in one call (like
   * `virConnectGetAllDomainStats`): lets a driver read shared sources once
   * and query its domains concurrently. Optional: without it, the connection
   * lists and calls {@link DomainDriver.getStats} per domain.
   */
  getAllStats?(filter: DomainListFilter, ctx: CallContext): Promise<DomainStats[]>;
  /** Changes current memory (balloon), in KiB. */
  setMemory?(ref: DomainRef, kib: number, opts: MetadataScope, ctx: CallContext): Promise<void>;
  /** Changes the number of active vCPUs. */
  setVcpus?(ref: DomainRef, count: number, opts: MetadataScope, ctx: CallContext): Promise<void>;

  /** Hot-plugs a device (device XML) live and/or into the persistent definition. */
  attachDevice?(ref: DomainRef, deviceXml: string, opts: MetadataScope, ctx: CallContext): Promise<void>;
  /** Hot-unplugs a device (matched like libvirt: by target/alias/MAC/address). */
  detachDevice?(ref: DomainRef, deviceXml: string, opts: MetadataScope, ctx: CallContext): Promise<void>;
  /** Changes a device in place (e.g. cdrom media, link state). */
  updateDevice?(ref: DomainRef, deviceXml: string, opts: MetadataScope, ctx: CallContext): Promise<void>;

  /** Opens the guest's serial console (or the named console/serial device) as a byte stream. */
  openConsole?(ref: DomainRef, opts: { devname?: string }, ctx: CallContext): Promise<import('node:stream').Duplex>;
  /** How to reach the domain's graphics consoles. */
  getGraphics?(ref: DomainRef, ctx: CallContext): Promise<GraphicsInfo[]>;
  /** A screenshot of the primary display. */
  screenshot?(ref: DomainRef, opts: { screen?: number }, ctx: CallContext): Promise<{ mimeType: string; data: Buffer }>;

  /** Saves memory and device state to `path` and stops the domain. */
  save?(ref: DomainRef, path: string, opts: { paused?: boolean; xml?: string }, ctx: CallContext): Promise<void>;
  /** Restores a domain from a save file. */
  restore?(path: string, opts: { paused?: boolean; xml?: string }, ctx: CallContext): Promise<DomainRecord>;
  /** Saves to the driver-managed location; the next start restores from it. */
  managedSave?(ref: DomainRef, opts: { paused?: boolean }, ctx: CallContext): Promise<void>;
  /** True when a managed save image exists. */
  hasManagedSave?(ref: DomainRef, ctx: CallContext): Promise<boolean>;
  /** Removes the managed save image. */
  removeManagedSave?(ref: DomainRef, ctx: CallContext): Promise<void>;

  /** Takes a snapshot. */
  createSnapshot?(ref: DomainRef, spec: DomainSnapshotSpec, opts: { diskOnly?: boolean; quiesce?: boolean }, ctx: CallContext): Promise<SnapshotInfo>;
  /** Lists snapshots. */
  listSnapshots?(ref: DomainRef, ctx: CallContext): Promise<SnapshotInfo[]>;
  /** A snapshot's definition. */
  getSnapshotSpec?(ref: DomainRef, name: string, ctx: CallContext): Promise<DomainSnapshotSpec>;
  /** Reverts to a snapshot (`paused`/`running` force the resulting state). */
  revertToSnapshot?(ref: DomainRef, name: string, opts: { paused?: boolean; running?: boolean }, ctx: CallContext): Promise<void>;
  /** Deletes a snapshot (and with `children`, its descendants). */
  deleteSnapshot?(ref: DomainRef, name: string, opts: { children?: boolean }, ctx: CallContext): Promise<void>;

  /** Migration, source side, step 1: the live definition to recreate on the destination. */
  migrateBegin?(ref: DomainRef, opts: MigrateOptions, ctx: CallContext): Promise<{ xml: string; cookie?: unknown }>;
  /** Migration, destination side, step 2: start an incoming QEMU; returns where to send the stream. */
  migratePrepare?(xml: string, opts: MigrateOptions & { cookie?: unknown }, ctx: CallContext): Promise<{ uri: string; cookie?: unknown }>;
  /** Migration, source side, step 3: send the state; resolves when the transfer completed (source left paused). */
  migratePerform?(ref: DomainRef, uri: string, opts: MigrateOptions & { cookie?: unknown }, ctx: CallContext): Promise<MigrationProgress>;
  /** Migration, destination side, step 4: resume (success) or discard (failure) the incoming domain. */
  migrateFinish?(name: string, opts: MigrateOptions & { success: boolean; cookie?: unknown }, ctx: CallContext): Promise<DomainRecord | undefined>;
  /** Migration, source side, step 5: stop and clean up (success), or resume (failure). */
  migrateConfirm?(ref: DomainRef, opts: MigrateOptions & { success: boolean }, ctx: CallContext): Promise<void>;
  /** Aborts a running outgoing migration. */
  migrateCancel?(ref: DomainRef, ctx: CallContext): Promise<void>;
}

/** Network sub-driver. Every method is optional. */
export interface NetworkDriver {
  /** Lists networks. */
  list?(filter: NetworkListFilter, ctx: CallContext): Promise<NetworkInfo[]>;
  /** Looks up by name (throws `NO_NETWORK`). */
  lookupByName?(name: string, ctx: CallContext): Promise<NetworkInfo>;
  /** Looks up by UUID (throws `NO_NETWORK`). */
  lookupByUuid?(uuid: string, ctx: CallContext): Promise<NetworkInfo>;
  /** Defines (or updates) a persistent network. */
  define?(spec: NetworkSpec, ctx: CallContext): Promise<NetworkInfo>;
  /** Creates and starts a transient network. */
  createTransient?(spec: NetworkSpec, ctx: CallContext): Promise<NetworkInfo>;
  /** Starts a network. */
  start?(ref: NetworkRef, ctx: CallContext): Promise<void>;
  /** Stops a network. */
  destroy?(ref: NetworkRef, ctx: CallContext): Promise<void>;
  /** Removes the persistent definition. */
  undefine?(ref: NetworkRef, ctx: CallContext): Promise<void>;
  /** Current info. */
  getInfo?(ref: NetworkRef, ctx: CallContext): Promise<NetworkInfo>;
  /** Live or (with `inactive`) persistent definition. */
  getSpec?(ref: NetworkRef, opts: { inactive?: boolean }, ctx: CallContext): Promise<NetworkSpec>;
  /** Sets autostart. */
  setAutostart?(ref: NetworkRef, autostart: boolean, ctx: CallContext): Promise<void>;
  /** DHCP leases, optionally only those of one MAC address. */
  getDhcpLeases?(ref: NetworkRef, opts: { mac?: string }, ctx: CallContext): Promise<DhcpLease[]>;
}

/** Storage sub-driver (pools and volumes). Every method is optional. */
export interface StorageDriver {
  /** Lists pools. */
  listPools?(filter: StoragePoolListFilter, ctx: CallContext): Promise<StoragePoolInfo[]>;
  /** Looks up a pool by name (throws `NO_STORAGE_POOL`). */
  lookupPoolByName?(name: string, ctx: CallContext): Promise<StoragePoolInfo>;
  /** Looks up a pool by UUID (throws `NO_STORAGE_POOL`). */
  lookupPoolByUuid?(uuid: string, ctx: CallContext): Promise<StoragePoolInfo>;
  /** Defines (or updates) a persistent pool. */
  definePool?(spec: StoragePoolSpec, ctx: CallContext): Promise<StoragePoolInfo>;
  /** Creates and starts a transient pool. */
  createPool?(spec: StoragePoolSpec, ctx: CallContext): Promise<StoragePoolInfo>;
  /** Builds the pool's underlying storage (mkdir, mkfs, ...). */
  buildPool?(ref: PoolRef, ctx: CallContext): Promise<void>;
  /** Starts a pool. */
  startPool?(ref: PoolRef, ctx: CallContext): Promise<void>;
  /** Stops a pool. */
  destroyPool?(ref: PoolRef, ctx: CallContext): Promise<void>;
  /** Deletes the pool's underlying storage. */
  deletePool?(ref: PoolRef, ctx: CallContext): Promise<void>;
  /** Removes the persistent definition. */
  undefinePool?(ref: PoolRef, ctx: CallContext): Promise<void>;
  /** Rescans volumes and sizes. */
  refreshPool?(ref: PoolRef, ctx: CallContext): Promise<void>;
  /** Current info. */
  getPoolInfo?(ref: PoolRef, ctx: CallContext): Promise<StoragePoolInfo>;
  /** Live or persistent definition. */
  getPoolSpec?(ref: PoolRef, opts: { inactive?: boolean }, ctx: CallContext): Promise<StoragePoolSpec>;
  /** Sets autostart. */
  setPoolAutostart?(ref: PoolRef, autostart: boolean, ctx: CallContext): Promise<void>;
  /** Lists a pool's volumes. */
  listVolumes?(ref: PoolRef, ctx: CallContext): Promise<StorageVolumeInfo[]>;
  /** Looks up a volume in a pool by name (throws `NO_STORAGE_VOL`). */
  lookupVolume?(ref: PoolRef, name: string, ctx: CallContext): Promise<StorageVolumeInfo>;
  /** Looks up a volume by path across pools; returns it with its pool. */
  lookupVolumeByPath?(path: string, ctx: CallContext): Promise<{ pool: StoragePoolInfo; volume: StorageVolumeInfo }>;
  /** Creates a volume (optionally cloning `from`). */
  createVolume?(ref: PoolRef, spec: StorageVolumeSpec, opts: { from?: VolumeRef }, ctx: CallContext): Promise<StorageVolumeInfo>;
  /** Deletes a volume. */
  deleteVolume?(ref: VolumeRef, ctx: CallContext): Promise<void>;
  /** Current volume info. */
  getVolumeInfo?(ref: VolumeRef, ctx: CallContext): Promise<StorageVolumeInfo>;
  /** Volume definition. */
  getVolumeSpec?(ref: VolumeRef, ctx: CallContext): Promise<StorageVolumeSpec>;
  /** Resizes a volume to `capacity` bytes. */
  resizeVolume?(ref: VolumeRef, capacity: number, ctx: CallContext): Promise<void>;
  /** Overwrites a volume's data with zeros. */
  wipeVolume?(ref: VolumeRef, ctx: CallContext): Promise<void>;
  /** Writes `source` into the volume (at `offset`, at most `length` bytes), reporting progress. */
  uploadVolume?(ref: VolumeRef, source: NodeJS.ReadableStream, opts: { offset?: number; length?: number; onProgress?: (p: TransferProgress) => void }, ctx: CallContext): Promise<void>;
  /** Reads the volume's data (from `offset`, at most `length` bytes) as a stream, reporting progress. */
  downloadVolume?(ref: VolumeRef, opts: { offset?: number; length?: number; onProgress?: (p: TransferProgress) => void }, ctx: CallContext): Promise<NodeJS.ReadableStream>;
}

/** Host sub-driver. */
export interface HostDriver {
  /** Node information. */
  info?(ctx: CallContext): Promise<NodeInfo>;
  /** Capabilities. */
  capabilities?(ctx: CallContext): Promise<HostCapabilities>;
  /** Host name. */
  hostname?(ctx: CallContext): Promise<string>;
}

/** Event sub-driver: pushes events into core, which fans them out. */
export interface EventDriver {
  /** Starts delivering events to `publish`; returns the function that stops it. */
  subscribe(publish: (ev: PolyvisorEvent) => void): () => void;
}

/** What {@link Driver.open} returns. */
export interface DriverConnection {
  /** Canonical URI of this connection (e.g. `test:///default`). */
  readonly uri: string;
  /** Domain operations. */
  readonly domains?: DomainDriver;
  /** Network operations. */
  readonly networks?: NetworkDriver;
  /** Storage operations. */
  readonly storage?: StorageDriver;
  /** Host operations. */
  readonly host?: HostDriver;
  /** Event source. */
  readonly events?: EventDriver;
  /** Releases the connection. */
  close(ctx: CallContext): Promise<void>;
}

/** A conversion between domain XML and a hypervisor's native configuration format. */
export interface NativeFormat {
  /** Format name as used by `domxml-to-native` (e.g. `qemu-argv`, `xen-xl`). */
  name: string;
  /** One-line description. */
  description: string;
  /** Renders a domain spec into the native format. */
  toNative?(spec: DomainSpec): string | Promise<string>;
  /** Parses the native format into a domain spec. */
  fromNative?(text: string): DomainSpec | Promise<DomainSpec>;
}

/** A hypervisor driver. Importing a driver package has no side effects; pass drivers to `openConnection` or `registerDriver`. */
export interface Driver {
  /** Driver name used in messages (`test`, `kvm`, `xen`, `remote`). */
  readonly name: string;
  /** URI driver names it serves (`qemu`, `xen`, `test`). */
  readonly schemes: readonly string[];
  /** URI transports it serves besides local ones (e.g. the remote driver serves `ssh`). */
  readonly transports?: readonly string[];
  /** Native configuration formats it converts domain XML to/from. */
  readonly nativeFormats?: readonly NativeFormat[];
  /** Opens a connection for a parsed URI. */
  open(uri: ParsedUri, options: DriverOpenOptions): Promise<DriverConnection>;
}
