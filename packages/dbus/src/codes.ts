/**
 * libvirt's numeric enum and flag values, as they travel over libvirt-dbus
 * (event codes, state/reason codes, `flags` arguments).
 * @module
 */
import type { DomainEvent, DomainState, DomainStateReason, NetworkEventType, StoragePoolEventType, StoragePoolState, StorageVolumeInfo } from '@polyvisor/core';

/** `virDomainEventType`: the `event` argument of `DomainEvent`. */
export const DOMAIN_EVENT = {
  defined: 0, undefined: 1, started: 2, suspended: 3, resumed: 4, stopped: 5, shutdown: 6, pmsuspended: 7, crashed: 8,
} as const;

/** `virDomainEvent*DetailType`: the `detail` argument of `DomainEvent`, per event type. */
export const DOMAIN_EVENT_DETAIL: Record<keyof typeof DOMAIN_EVENT, Record<string, number>> = {
  defined: { added: 0, updated: 1, renamed: 2, 'from-snapshot': 3 },
  undefined: { removed: 0, renamed: 1 },
  started: { booted: 0, migrated: 1, restored: 2, 'from-snapshot': 3, wakeup: 4 },
  suspended: { paused: 0, migrated: 1, ioerror: 2, watchdog: 3, restored: 4, 'from-snapshot': 5, 'api-error': 6, postcopy: 7, 'postcopy-failed': 8 },
  resumed: { unpaused: 0, migrated: 1, 'from-snapshot': 2, postcopy: 3, 'postcopy-failed': 4 },
  stopped: { shutdown: 0, destroyed: 1, crashed: 2, migrated: 3, saved: 4, failed: 5, 'from-snapshot': 6 },
  shutdown: { finished: 0, guest: 1, host: 2 },
  pmsuspended: { memory: 0, disk: 1 },
  crashed: { panicked: 0, crashloaded: 1 },
};

/**
 * libvirt's `(event, detail)` pair for a polyvisor domain event, or
 * `undefined` for events that are not lifecycle events in libvirt
 * (reboot, device-added/removed, migrated).
 */
export function domainEventCodes(ev: DomainEvent): [number, number] | undefined {
  if (!(ev.type in DOMAIN_EVENT)) return undefined;
  const type = ev.type as keyof typeof DOMAIN_EVENT;
  return [DOMAIN_EVENT[type], DOMAIN_EVENT_DETAIL[type][ev.detail] ?? 0];
}

/** `virNetworkEventLifecycleType`: the `event` argument of `NetworkEvent`. */
export const NETWORK_EVENT: Record<NetworkEventType, number> = { defined: 0, undefined: 1, started: 2, stopped: 3 };

/** `virStoragePoolEventLifecycleType`: the `event` argument of `StoragePoolEvent` (the detail is always 0). */
export const STORAGE_POOL_EVENT: Record<StoragePoolEventType, number> = { defined: 0, undefined: 1, started: 2, stopped: 3, created: 4, deleted: 5 };

/** `virDomainState`. */
export const DOMAIN_STATE: Record<DomainState, number> = { nostate: 0, running: 1, blocked: 2, paused: 3, shutdown: 4, shutoff: 5, crashed: 6, pmsuspended: 7 };

const REASONS: Record<DomainState, readonly string[]> = {
  nostate: ['unknown'],
  running: ['unknown', 'booted', 'migrated', 'restored', 'from-snapshot', 'unpaused', 'migration-canceled', 'save-canceled', 'wakeup', 'crashed', 'postcopy', 'postcopy-failed'],
  blocked: ['unknown'],
  paused: ['unknown', 'user', 'migration', 'save', 'dump', 'ioerror', 'watchdog', 'from-snapshot', 'shutting-down', 'snapshot', 'crashed', 'starting-up', 'postcopy', 'postcopy-failed', 'api-error'],
  shutdown: ['unknown', 'user'],
  shutoff: ['unknown', 'shutdown', 'destroyed', 'crashed', 'migrated', 'saved', 'failed', 'from-snapshot', 'daemon'],
  crashed: ['unknown', 'panicked'],
  pmsuspended: ['unknown'],
};

/** libvirt's numeric `(state, reason)` for a domain state and reason (`virDomain<State>Reason`). */
export function domainStateCodes(state: DomainState, reason: DomainStateReason): [number, number] {
  const r = REASONS[state].indexOf(reason);
  return [DOMAIN_STATE[state], r < 0 ? 0 : r];
}

/** `virStoragePoolState`. */
export const STORAGE_POOL_STATE: Record<StoragePoolState, number> = { inactive: 0, building: 1, running: 2, degraded: 3, inaccessible: 4 };

/** `virStorageVolType`. */
export const STORAGE_VOL_TYPE: Record<StorageVolumeInfo['type'], number> = { file: 0, block: 1, dir: 2, network: 3, netdir: 4, ploop: 5 };

/** Flag values of the libvirt calls behind the D-Bus methods. */
export const FLAGS = {
  /** `virConnectListAllDomainsFlags` (also the filter part of `virConnectGetAllDomainStatsFlags`). */
  listDomains: {
    ACTIVE: 1, INACTIVE: 2, PERSISTENT: 4, TRANSIENT: 8, RUNNING: 16, PAUSED: 32, SHUTOFF: 64, OTHER: 128,
    MANAGEDSAVE: 256, NO_MANAGEDSAVE: 512, AUTOSTART: 1024, NO_AUTOSTART: 2048, HAS_SNAPSHOT: 4096, NO_SNAPSHOT: 8192, HAS_CHECKPOINT: 16384, NO_CHECKPOINT: 32768,
  },
  /** `virConnectGetAllDomainStatsFlags` beyond the list filters. */
  allDomainStats: { NOWAIT: 1 << 29, BACKING: 1 << 30, ENFORCE_STATS: 2 ** 31 },
  /** `virDomainStatsTypes` (the `stats` argument of GetStats / GetAllDomainStats). */
  statsTypes: { STATE: 1, CPU_TOTAL: 2, BALLOON: 4, VCPU: 8, INTERFACE: 16, BLOCK: 32 },
  /** `virConnectListAllNetworksFlags`. */
  listNetworks: { INACTIVE: 1, ACTIVE: 2, PERSISTENT: 4, TRANSIENT: 8, AUTOSTART: 16, NO_AUTOSTART: 32 },
  /** `virConnectListAllStoragePoolsFlags` (pool-type bits start at 64). */
  listStoragePools: { INACTIVE: 1, ACTIVE: 2, PERSISTENT: 4, TRANSIENT: 8, AUTOSTART: 16, NO_AUTOSTART: 32 },
  /** Pool-type bits of `virConnectListAllStoragePoolsFlags`, by pool type. */
  storagePoolTypes: {
    dir: 64, fs: 128, netfs: 256, logical: 512, disk: 1024, iscsi: 2048, scsi: 4096, mpath: 8192, rbd: 16384, sheepdog: 32768, gluster: 65536, zfs: 131072, vstorage: 262144, 'iscsi-direct': 524288,
  } as Record<string, number>,
  /** `virDomainXMLFlags`. */
  domainXml: { SECURE: 1, INACTIVE: 2, UPDATE_CPU: 4, MIGRATABLE: 8 },
  /** `virDomainCreateFlags`. */
  domainCreate: { START_PAUSED: 1, START_AUTODESTROY: 2, BYPASS_CACHE: 4, FORCE_BOOT: 8, VALIDATE: 16, RESET_NVRAM: 32 },
  /** `virDomainShutdownFlagValues` / `virDomainRebootFlagValues`. */
  shutdown: { ACPI_POWER_BTN: 1, GUEST_AGENT: 2, INITCTL: 4, SIGNAL: 8, PARAVIRT: 16 },
  /** `virDomainDestroyFlagsValues`. */
  destroy: { GRACEFUL: 1, REMOVE_LOGS: 2 },
  /** `virDomainUndefineFlagsValues`. */
  undefine: { MANAGED_SAVE: 1, SNAPSHOTS_METADATA: 2, NVRAM: 4, KEEP_NVRAM: 8, CHECKPOINTS_METADATA: 16, TPM: 32, KEEP_TPM: 64 },
  /** `virDomainModificationImpact` (+ `VIR_DOMAIN_MEM_MAXIMUM` / `VIR_DOMAIN_VCPU_MAXIMUM` = 4). */
  impact: { LIVE: 1, CONFIG: 2, MAXIMUM: 4 },
  /** `virDomainSaveRestoreFlags`. */
  saveRestore: { BYPASS_CACHE: 1, RUNNING: 2, PAUSED: 4, RESET_NVRAM: 8 },
  /** `virDomainSnapshotCreateFlags`. */
  snapshotCreate: { REDEFINE: 1, CURRENT: 2, NO_METADATA: 4, HALT: 8, DISK_ONLY: 16, REUSE_EXT: 32, QUIESCE: 64, ATOMIC: 128, LIVE: 256, VALIDATE: 512 },
  /** `virDomainSnapshotRevertFlags`. */
  snapshotRevert: { RUNNING: 1, PAUSED: 2, FORCE: 4, RESET_NVRAM: 8 },
  /** `virDomainSnapshotDeleteFlags`. */
  snapshotDelete: { CHILDREN: 1, METADATA_ONLY: 2, CHILDREN_ONLY: 4 },
  /** `virDomainSnapshotListFlags` (only the descendant/root bits are honoured). */
  snapshotList: { DESCENDANTS: 1, ROOTS: 1, LEAVES: 4, NO_LEAVES: 8, METADATA: 2, NO_METADATA: 16, INACTIVE: 32, ACTIVE: 64, DISK_ONLY: 128, INTERNAL: 256, EXTERNAL: 512, TOPOLOGICAL: 1024 },
  /** `virNetworkXMLFlags` / `virStorageXMLFlags`. */
  xmlInactive: { INACTIVE: 1 },
  /** `virStoragePoolBuildFlags`. */
  poolBuild: { REPAIR: 1, RESIZE: 2, NO_OVERWRITE: 4, OVERWRITE: 8 },
  /** `virStoragePoolCreateFlags`. */
  poolCreate: { WITH_BUILD: 1, WITH_BUILD_OVERWRITE: 2, WITH_BUILD_NO_OVERWRITE: 4 },
  /** `virStorageVolCreateFlags`. */
  volCreate: { PREALLOC_METADATA: 1, REFLINK: 2, VALIDATE: 4 },
  /** `virStorageVolDeleteFlags`. */
  volDelete: { ZEROED: 1, WITH_SNAPSHOTS: 2 },
  /** `virStorageVolResizeFlags`. */
  volResize: { ALLOCATE: 1, DELTA: 2, SHRINK: 4 },
} as const;

/** `virDomainMetadataType`. */
export const METADATA_TYPE = ['description', 'title', 'element'] as const;
