/**
 * What feature modules (hotplug, snapshots, console, save/restore,
 * migration) get to see of one domain: its definitions, and while it runs,
 * its QMP monitor and runtime files. They change definitions only through
 * these methods, so the on-disk state stays consistent.
 * @module
 */
import type { DomainSpec, InterfaceSpec, PolyvisorEvent } from '@polyvisor/core';
import type { QmpClient } from '../qmp/client.js';
import type { DomainStatus } from './status.js';
import type { KvmPaths } from './paths.js';

/** A running domain as a feature module sees it. */
export interface RunningDomain {
  /** The QMP monitor (owned by the driver: do not close it). */
  qmp: QmpClient;
  /** The runtime status (read-only; use the methods to change it). */
  readonly status: DomainStatus;
  /** The live definition. */
  liveSpec(): DomainSpec;
  /** Changes the live definition and persists it in the status file. */
  updateLive(change: (spec: DomainSpec) => void): Promise<void>;
}

/** One domain, running or not. */
export interface DomainAccess {
  /** Name. */
  name: string;
  /** UUID. */
  uuid: string;
  /** The connection's state directories. */
  paths: KvmPaths;
  /** The persistent definition (undefined for transient domains). */
  persistentSpec(): DomainSpec | undefined;
  /** Changes the persistent definition (written atomically). */
  updatePersistent(change: (spec: DomainSpec) => void): Promise<void>;
  /** The running side, when active and managed by this connection. */
  running?: RunningDomain;
  /** Publishes an event for this connection's subscribers. */
  publish(ev: PolyvisorEvent): void;
  /** A per-domain directory for durable driver data (snapshots metadata, managed save), created 0700. */
  dataDir(): Promise<string>;
  /** Tap devices for hot-plugged `network`/`bridge`/`ethernet` NICs (present when the connection has host networking). */
  taps?: {
    /** Creates the tap for `iface` (the `index`-th NIC; assigns a MAC if missing) and returns its name. */
    create(iface: InterfaceSpec, index: number, signal: AbortSignal): Promise<string>;
    /** Removes a tap created by `create`. */
    remove(tap: string): Promise<void>;
  };
}
