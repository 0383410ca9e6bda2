/**
 * Runtime records shared by the API and the driver contract.
 * @module
 */

/** Domain states, as libvirt's `virDomainState`. */
export type DomainState = 'nostate' | 'running' | 'blocked' | 'paused' | 'shutdown' | 'shutoff' | 'crashed' | 'pmsuspended';

/** Why a domain is in its state, as libvirt's `virDomain*Reason` (lower-case, dashes). */
export type DomainStateReason =
  | 'unknown'
  | 'booted' | 'migrated' | 'restored' | 'from-snapshot' | 'unpaused' | 'migration-canceled' | 'save-canceled' | 'wakeup' | 'crashed' | 'postcopy'
  | 'user' | 'migration' | 'save' | 'dump' | 'ioerror' | 'watchdog' | 'shutting-down' | 'snapshot' | 'starting-up' | 'postcopy-failed' | 'api-error'
  | 'shutdown' | 'destroyed' | 'saved' | 'failed' | 'daemon'
  | 'panicked';

/** A domain as listed or looked up. */
export interface DomainRecord {
  /** Name. */
  name: string;
  /** UUID. */
  uuid: string;
  /** Runtime id while active, else -1. */
  id: number;
  /** Current state. */
  state: DomainState;
  /** Reason for the state. */
  reason: DomainStateReason;
  /** True when the domain has a persistent definition. */
  persistent: boolean;
  /** True when the domain starts when the host (driver) starts. */
  autostart: boolean;
}

/** Domain information, like `virDomainGetInfo` plus the state reason. */
export interface DomainInfo {
  /** Current state. */
  state: DomainState;
  /** Reason for the state. */
  reason: DomainStateReason;
  /** Maximum memory in KiB. */
  maxMemory: number;
  /** Current memory in KiB. */
  memory: number;
  /** Number of virtual CPUs. */
  vcpus: number;
  /** CPU time used, in nanoseconds. */
  cpuTime: number;
}

/** Filters for listing domains (like `virConnectListAllDomains` flags); all given must hold. */
export interface DomainListFilter {
  /** true: only running/paused ones; false: only inactive ones. */
  active?: boolean;
  /** true: only persistent; false: only transient. */
  persistent?: boolean;
  /** true: only autostart; false: only non-autostart. */
  autostart?: boolean;
  /** Only domains in one of these states. */
  states?: DomainState[];
}

/** Network information. */
export interface NetworkInfo {
  /** Name. */
  name: string;
  /** UUID. */
  uuid: string;
  /** True when running. */
  active: boolean;
  /** True when defined persistently. */
  persistent: boolean;
  /** True when it starts with the host. */
  autostart: boolean;
  /** Bridge device name, when it has one. */
  bridge?: string;
}

/** Filters for listing networks. */
export interface NetworkListFilter {
  /** true: only active; false: only inactive. */
  active?: boolean;
  /** true: only persistent; false: only transient. */
  persistent?: boolean;
  /** true: only autostart; false: only non-autostart. */
  autostart?: boolean;
}

/** Storage pool states, as libvirt's `virStoragePoolState`. */
export type StoragePoolState = 'inactive' | 'building' | 'running' | 'degraded' | 'inaccessible';

/** Storage pool information (sizes in bytes). */
export interface StoragePoolInfo {
  /** Name. */
  name: string;
  /** UUID. */
  uuid: string;
  /** State. */
  state: StoragePoolState;
  /** True when defined persistently. */
  persistent: boolean;
  /** True when it starts with the host. */
  autostart: boolean;
  /** Total capacity in bytes. */
  capacity: number;
  /** Allocated bytes. */
  allocation: number;
  /** Free bytes. */
  available: number;
}

/** Filters for listing storage pools. */
export interface StoragePoolListFilter {
  /** true: only active; false: only inactive. */
  active?: boolean;
  /** true: only persistent; false: only transient. */
  persistent?: boolean;
  /** true: only autostart; false: only non-autostart. */
  autostart?: boolean;
}

/** Storage volume information (sizes in bytes). */
export interface StorageVolumeInfo {
  /** Name. */
  name: string;
  /** Unique key (usually the path). */
  key: string;
  /** Path on the host. */
  path: string;
  /** Volume type, as libvirt's `virStorageVolType`. */
  type: 'file' | 'block' | 'dir' | 'network' | 'netdir' | 'ploop';
  /** Capacity in bytes. */
  capacity: number;
  /** Allocation in bytes. */
  allocation: number;
}

/** Host information, like `virNodeGetInfo`. */
export interface NodeInfo {
  /** CPU model / architecture string. */
  model: string;
  /** Memory in KiB. */
  memory: number;
  /** Active CPUs. */
  cpus: number;
  /** Expected CPU frequency in MHz. */
  mhz: number;
  /** NUMA nodes. */
  nodes: number;
  /** Sockets per node. */
  sockets: number;
  /** Cores per socket. */
  cores: number;
  /** Threads per core. */
  threads: number;
}

/** One guest type the host can run (libvirt capabilities `<guest>`). */
export interface GuestCapability {
  /** OS type (`hvm`, `xen`, `linux`, `exe`). */
  osType: string;
  /** Guest architecture. */
  arch: string;
  /** Word size in bits. */
  wordsize?: number;
  /** Emulator binary, when there is one. */
  emulator?: string;
  /** Machine types. */
  machines?: string[];
  /** Domain types (`qemu`, `kvm`, `xen`, `test`). */
  domainTypes: string[];
}

/** What the host and driver can do (libvirt `virConnectGetCapabilities`). */
export interface HostCapabilities {
  /** Host facts. */
  host: {
    /** Host UUID. */
    uuid?: string;
    /** Host architecture. */
    arch: string;
    /** Extra facts a driver reports (e.g. KVM usability). */
    [key: string]: unknown;
  };
  /** Guest types. */
  guests: GuestCapability[];
}

/** Metadata types, as libvirt's `virDomainMetadataType`. */
export type MetadataType = 'description' | 'title' | 'element';

/** How to shut a domain down. */
export type ShutdownMode = 'default' | 'acpi' | 'agent' | 'signal' | 'initctl' | 'paravirt';

/** Bulk statistics of one domain, like `virDomainListGetStats` (sizes in bytes unless noted). */
export interface DomainStats {
  /** Domain name. */
  name: string;
  /** Domain UUID. */
  uuid: string;
  /** State and reason. */
  state: { state: DomainState; reason: DomainStateReason };
  /** CPU time in nanoseconds (total, user, system). */
  cpu?: { time: number; user?: number; system?: number };
  /** Balloon: current and maximum memory in KiB, plus guest-reported figures when available. */
  balloon?: { current: number; maximum: number; [stat: string]: number };
  /** Per-vCPU information. */
  vcpus?: Array<{ id: number; threadId?: number; state?: string }>;
  /** Per-disk I/O counters. */
  block?: Array<{ name: string; path?: string; rdBytes: number; wrBytes: number; rdReqs: number; wrReqs: number; flReqs?: number; rdTimeNs?: number; wrTimeNs?: number }>;
  /** Per-interface traffic counters (host side). */
  net?: Array<{ name: string; rxBytes: number; rxPackets: number; txBytes: number; txPackets: number; rxErrs?: number; txErrs?: number; rxDrop?: number; txDrop?: number }>;
}

/** A DHCP lease handed out on a virtual network (like `virNetworkDHCPLease`). */
export interface DhcpLease {
  /** Bridge / interface name. */
  iface: string;
  /** Expiry time, ms since the epoch (0 for infinite). */
  expiryTime: number;
  /** `ipv4` or `ipv6`. */
  type: 'ipv4' | 'ipv6';
  /** Client MAC address. */
  mac?: string;
  /** IAID (IPv6). */
  iaid?: string;
  /** Leased address. */
  ipaddr: string;
  /** Prefix length. */
  prefix: number;
  /** Client host name. */
  hostname?: string;
  /** Client id. */
  clientId?: string;
}

/** Progress of a long data transfer (volume upload/download/clone/wipe). */
export interface TransferProgress {
  /** Bytes done so far. */
  bytes: number;
  /** Total bytes expected, when known. */
  total?: number;
}

/** A snapshot as listed (like `virDomainSnapshotPtr` plus its main facts). */
export interface SnapshotInfo {
  /** Snapshot name. */
  name: string;
  /** Parent snapshot name. */
  parent?: string;
  /** Creation time, seconds since the epoch. */
  creationTime: number;
  /** Domain state when taken. */
  state: string;
  /** True for the current snapshot. */
  current: boolean;
  /** `internal` (in the qcow2 images, with memory when taken running) or `external` (disk overlays). */
  kind: 'internal' | 'external';
}

/** Migration phases reported through progress callbacks and events. */
export type MigrationPhase = 'begin' | 'prepare' | 'setup' | 'active' | 'device' | 'postcopy-active' | 'completed' | 'finish' | 'confirm' | 'failed' | 'cancelled';

/** Migration progress (from `query-migrate`), like `virDomainJobInfo`. */
export interface MigrationProgress {
  /** Current phase. */
  phase: MigrationPhase;
  /** Elapsed milliseconds. */
  elapsedMs: number;
  /** Bytes transferred. */
  transferredBytes?: number;
  /** Bytes remaining. */
  remainingBytes?: number;
  /** Total bytes (guest RAM). */
  totalBytes?: number;
  /** Dirty page rate, pages per second. */
  dirtyPagesRate?: number;
  /** RAM iteration count. */
  iteration?: number;
  /** Expected downtime in ms. */
  expectedDowntimeMs?: number;
  /** Final downtime in ms (when completed). */
  downtimeMs?: number;
  /** Final total time in ms (when completed). */
  totalTimeMs?: number;
}

/** Options of a live migration (`virDomainMigrate3` parameters). */
export interface MigrateOptions {
  /** Keep the guest running during the transfer (default true). */
  live?: boolean;
  /** Define the domain persistently on the destination. */
  persistent?: boolean;
  /** Undefine it on the source after success. */
  undefineSource?: boolean;
  /** Bandwidth cap in MiB/s. */
  bandwidthMiBs?: number;
  /** Maximum tolerable downtime in ms. */
  maxDowntimeMs?: number;
  /** Allow switching to post-copy. */
  postcopy?: boolean;
  /** Throttle vCPUs when the guest dirties memory too fast. */
  autoConverge?: boolean;
  /** Compress pages (multifd zlib where available). */
  compressed?: boolean;
  /** Transport: `tcp:HOST[:PORT]` or `unix:PATH` (default: TCP on the destination's chosen address). */
  uri?: string;
  /** Called with progress while migrating. */
  onProgress?: (p: MigrationProgress) => void;
}

/** How a graphics console can be reached (like `virsh domdisplay`). */
export interface GraphicsInfo {
  /** `vnc`, `spice`, ... */
  type: string;
  /** Listen address, when on TCP. */
  host?: string;
  /** TCP port, when on TCP. */
  port?: number;
  /** Unix socket path, when on a socket. */
  socket?: string;
  /** URI form, e.g. `vnc://127.0.0.1:5900`. */
  uri: string;
}
