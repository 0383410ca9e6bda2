/**
 * Domain lifecycle on Xen through `xl`: definitions persisted by us (xl keeps
 * none), start = `xl create` of the rendered xl.cfg, state from `xl list -v`,
 * status files for the domains we started (so a restarted manager re-attaches
 * to them), and lifecycle events from our own operations plus a poller.
 *
 * Events: while anyone is subscribed, `xl list -v` is polled every
 * `pollIntervalMs` (default {@link DEFAULT_POLL_INTERVAL_MS} = 1000 ms);
 * state changes of our domains (gone, paused, resumed, new domid after a
 * guest reboot) become events. Changes made through this driver are reported
 * at once by the operation itself, not by the poller.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  AbortError, ErrorCode, PolyvisorError, domainEvent, delay, formatDomainXml, parseDomainXml, parseDeviceXml, applyDomainMetadata, readDomainMetadata, validateName,
  type CallContext, type DomainDriver, type DomainRef, type DomainSpec, type DomainRecord, type DomainInfo, type DomainListFilter,
  type DomainState, type DomainStateReason, type DomainStats, type PolyvisorEvent, type DomainEventDetails, type MetadataScope, type ShutdownMode,
  type MetadataType, type DiskSpec, type InterfaceSpec, type MigrateOptions, type MigrationProgress,
} from '@polyvisor/core';
import type { Duplex } from 'node:stream';
import { domainToXlConfig, type ToXlOptions } from '../xlcfg/from-domain.js';
import { formatXlConfig } from '../xlcfg/syntax.js';
import type { Xl, XlListEntry } from '../toolstack/xl.js';
import { ensurePrivateDir, readFileIfExists, removeIfExists, writeFileAtomic, type XenDomainStatus, type XenPaths, type XenSavedImage } from './store.js';
import { devicesOf, diskAttachSpec, vifAttachSettings, findDiskIndex, findInterfaceIndex, randomXenMac } from './devices.js';
import { consoleDuplex } from './console.js';
import { DomainWatcher } from './watch.js';
import { shellQuote } from '../toolstack/runner.js';

const DRIVER = 'xen';

/** Default interval of the `xl list` poller behind events, in ms. */
export const DEFAULT_POLL_INTERVAL_MS = 1000;

/** Options of {@link XenDomains}. */
export interface XenDomainsOptions {
  /** The toolstack. */
  xl: Xl;
  /** State directories (on the manager's disk). */
  paths: XenPaths;
  /** Event sink. */
  publish: (ev: PolyvisorEvent) => void;
  /** Read-only connection. */
  readOnly?: boolean;
  /** Options for rendering xl.cfg (network → bridge resolution). */
  xlcfg?: ToXlOptions;
  /** Poll interval of the event poller (ms). */
  pollIntervalMs?: number;
  /**
   * Watch `@releaseDomain` / `@introduceDomain` with `xenstore-watch` on the
   * Xen host while anyone is subscribed (default true): domain deaths and
   * creations are then seen at once, and the poller only has to catch pauses
   * and resumes done outside this driver. When the watcher cannot run (no
   * `xenstore-watch`, a runner without `spawn`) the poller alone remains.
   */
  xenstoreWatch?: boolean;
  /** Directory on the Xen host for managed save images (default {@link DEFAULT_HOST_SAVE_DIR}). */
  hostSaveDir?: string;
}

/** Where managed save images live on the Xen host (like libvirt's `/var/lib/libvirt/libxl/save`). */
export const DEFAULT_HOST_SAVE_DIR = '/var/lib/polyvisor/xen/save';

/** One attach/detach in progress (see `XenDomains.changeDevice`). */
interface DeviceChange {
  /** Copy of the live definition, when the change applies live. */
  live: DomainSpec | undefined;
  /** Copy of the persistent definition, when the change applies to it. */
  cfg: DomainSpec | undefined;
  /** The domain's id for xl. */
  dom: string;
  signal: AbortSignal | undefined;
  /** An error of the operation about this domain. */
  fail(code: ErrorCode, msg: string): PolyvisorError;
  /** Stores the changed definitions; a live change is announced for `device`. */
  commit(device: string): Promise<void>;
}

/** Per-kind attach or detach handlers. */
interface DeviceHandlers {
  disk(d: DiskSpec, c: DeviceChange): Promise<void>;
  interface(n: InterfaceSpec, c: DeviceChange): Promise<void>;
}

interface Entry {
  name: string;
  uuid: string;
  def?: DomainSpec;
  autostart: boolean;
  status?: XenDomainStatus;
}

/** Maps `xl list` state flags (`rbpscd`) to a polyvisor state. */
export function stateFromFlags(flags: string): DomainState {
  if (flags.includes('c')) return 'crashed';
  if (flags.includes('s') || flags.includes('d')) return 'shutdown';
  if (flags.includes('p')) return 'paused';
  return 'running'; // r, b and ------ (idle) are all "running" to libvirt
}

/** xl's `vga=` for a `<video>` model type (HVM), as libxl's `vga.kind`. */
const XL_VGA: Record<string, string> = { vga: 'stdvga', xen: 'stdvga', cirrus: 'cirrus', qxl: 'qxl', none: 'none' };

/**
 * Renders the xl.cfg text `xl create` gets for a spec.
 *
 * That is the `xen-xl` native format (which matches libvirt's xl.cfg
 * converter line for line) plus, for HVM guests, the emulated display, which
 * libvirt's converter leaves to xl's defaults (a Cirrus VGA) but its libxl
 * driver, and our `libxl_domain_config` renderer, take from the definition:
 * the first `<video>` model as `vga=` and `videoram=`, and with no `<video>`
 * (or model `none`) no display at all (`vga="none"`, `nographic=1`).
 */
export function renderXlCfg(spec: DomainSpec, opts: ToXlOptions = {}): string {
  const cfg = domainToXlConfig(spec, opts);
  if (cfg.get('builder') === 'hvm' || cfg.get('type') === 'hvm') {
    const model = spec.devices?.videos[0]?.model;
    const vga = XL_VGA[model?.type ?? 'none'];
    if (vga && !cfg.has('vga')) {
      cfg.set('vga', vga);
      if (vga === 'none') {
        cfg.set('nographic', 1);
        if (!cfg.has('vnc')) cfg.set('vnc', 0);
        if (!cfg.has('sdl')) cfg.set('sdl', 0);
      } else if (model?.vram) cfg.set('videoram', Math.floor(model.vram / 1024));
    }
  }
  return formatXlConfig(cfg);
}

/** How long a restarted domain may stay paused (xl building it) before that counts as a real pause. */
const RESTART_BUILD_MS = 15_000;

/**
 * Checks the host a migration goes to: xl puts it into the shell command it
 * runs (`ssh HOST xl migrate-receive`), so only a host name, an address
 * (IPv6 too) or `user@host` gets through, never one that starts with `-`
 * (an ssh option). Returns it; throws `INVALID_ARG` otherwise.
 */
function migrationHost(host: string, operation: string): string {
  if (host.length > 255 || !/^(?:[A-Za-z0-9_][A-Za-z0-9._-]*@)?[A-Za-z0-9][A-Za-z0-9._:%-]*$/.test(host)) {
    throw new PolyvisorError(ErrorCode.INVALID_ARG, `not a migration host name or address: '${host}'`, { driver: DRIVER, operation });
  }
  return host;
}

/** The Xen domain sub-driver. */
export class XenDomains implements DomainDriver {
  /** Last observed state per UUID of active domains we track (the event poller diffs against it). */
  private readonly seen = new Map<string, { domid: number; state: DomainState; name: string }>();
  private readonly lastStop = new Map<string, DomainStateReason>();
  private readonly locks = new Map<string, Promise<unknown>>();
  /** UUIDs whose stop we caused, with the reason to report. */
  private readonly stopping = new Map<string, DomainEventDetails['stopped']>();
  /** Why each active domain runs (booted, restored, migrated), for its record. */
  private readonly runReason = new Map<string, DomainStateReason>();
  /** Bumped by every operation on a domain: a poll that read `xl list` before it must not report on it. */
  private readonly generation = new Map<string, number>();
  /** Restarted domains first seen paused (xl still building them), by UUID: since when. */
  private readonly restartPaused = new Map<string, number>();
  /** Domains asked to reboot (by UUID): until the new domain appears (or `until`), a missing row is not a stop. */
  private readonly rebooting = new Map<string, { domid: number; until: number }>();
  /** Incoming migrations prepared here, by name. */
  private readonly incoming = new Map<string, { spec: DomainSpec; source?: XenMigrationCookie; before: Set<number> }>();
  /** Outgoing migrations in flight (by UUID): the `xl migrate` process's abort controller. */
  private readonly migrations = new Map<string, AbortController>();
  private pollTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private pollAgain = false;
  private subscribers = 0;
  private readonly watcher: DomainWatcher | undefined;

  /** Creates the sub-driver; call {@link XenDomains.init} before use. */
  constructor(private readonly o: XenDomainsOptions) {
    if (o.xenstoreWatch !== false && o.xl.runner.spawn) {
      this.watcher = new DomainWatcher({ runner: o.xl.runner, onFire: () => void this.pollOnce() });
    }
  }

  /** True while the xenstore watches deliver domain creations and deaths (else only the poller runs). */
  get watching(): boolean {
    return this.watcher !== undefined && this.watcher.available && this.subscribers > 0;
  }

  /** Waits until the xenstore watches are armed (true) or found unavailable (false); for tests and callers that need prompt events. */
  async watchReady(): Promise<boolean> {
    if (!this.watcher || this.subscribers === 0) return false;
    return this.watcher.start();
  }

  /** Creates the state directories and re-attaches to running domains we started (status files ∩ `xl list`). */
  async init(signal: AbortSignal): Promise<void> {
    for (const d of [this.o.paths.configDir, this.o.paths.autostartDir, this.o.paths.runDir]) await ensurePrivateDir(d);
    const live = await this.o.xl.list(undefined, { signal });
    const byUuid = new Map(live.filter((e) => e.uuid).map((e) => [e.uuid!, e]));
    for (const st of await this.readStatuses()) {
      const e = byUuid.get(st.uuid);
      if (!e) {
        // It stopped while no manager watched: drop the stale status.
        await removeIfExists(this.statusPath(st.name));
        this.lastStop.set(st.uuid, 'shutdown');
        continue;
      }
      this.seen.set(st.uuid, { domid: e.domid, state: stateFromFlags(e.flags), name: st.name });
      this.runReason.set(st.uuid, st.reason ?? 'booted');
    }
  }

  /** Stops the poller and the xenstore watches. Domains keep running. */
  async close(): Promise<void> {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.subscribers = 0;
    this.watcher?.stop();
    for (const ac of this.migrations.values()) ac.abort();
  }

  // ------------------------------------------------------------ files

  private configPath(name: string): string {
    return join(this.o.paths.configDir, `${name}.xml`);
  }

  private statusPath(name: string): string {
    return join(this.o.paths.runDir, `${name}.status.json`);
  }

  private async readStatuses(): Promise<XenDomainStatus[]> {
    const out: XenDomainStatus[] = [];
    for (const f of await readdir(this.o.paths.runDir).catch(() => [] as string[])) {
      if (!f.endsWith('.status.json')) continue;
      const text = await readFileIfExists(join(this.o.paths.runDir, f));
      if (!text) continue;
      try {
        const s = JSON.parse(text) as XenDomainStatus;
        if (s.version === 1 && typeof s.uuid === 'string') out.push(s);
      } catch {
        /* corrupt status file: ignored */
      }
    }
    return out;
  }

  private async entries(): Promise<Map<string, Entry>> {
    const out = new Map<string, Entry>();
    for (const f of await readdir(this.o.paths.configDir).catch(() => [] as string[])) {
      if (!f.endsWith('.xml') || f.startsWith('.')) continue;
      const text = await readFileIfExists(join(this.o.paths.configDir, f));
      if (!text) continue;
      let spec: DomainSpec;
      try {
        spec = parseDomainXml(text);
      } catch {
        continue;
      }
      if (!spec.uuid) continue;
      out.set(spec.uuid, { name: spec.name, uuid: spec.uuid, def: spec, autostart: existsSync(join(this.o.paths.autostartDir, spec.name)) });
    }
    for (const st of await this.readStatuses()) {
      const e = out.get(st.uuid);
      if (e) e.status = st;
      else out.set(st.uuid, { name: st.name, uuid: st.uuid, autostart: false, status: st });
    }
    return out;
  }

  private async find(ref: { uuid?: string; name?: string }): Promise<Entry> {
    const all = await this.entries();
    const e = (ref.uuid ? all.get(ref.uuid) : undefined) ?? [...all.values()].find((x) => x.name === ref.name);
    if (!e) throw new PolyvisorError(ErrorCode.NO_DOMAIN, `no domain '${ref.name ?? ref.uuid}'`, { driver: DRIVER });
    return e;
  }

  /** The `xl list` row of an entry, or undefined when it is not running. */
  private async liveRow(e: Entry, ctx: CallContext): Promise<XlListEntry | undefined> {
    const rows = await this.o.xl.list(undefined, { signal: ctx.signal });
    return rows.find((r) => r.uuid === e.uuid) ?? (e.status ? rows.find((r) => r.name === e.name && r.uuid === undefined) : undefined);
  }

  private async serial<T>(uuid: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(uuid) ?? Promise.resolve();
    this.bump(uuid);
    const next = prev.catch(() => undefined).then(fn);
    this.locks.set(uuid, next);
    try {
      return await next;
    } finally {
      this.bump(uuid);
      if (this.locks.get(uuid) === next) this.locks.delete(uuid);
    }
  }

  private bump(uuid: string): void {
    this.generation.set(uuid, (this.generation.get(uuid) ?? 0) + 1);
  }

  private writable(): void {
    if (this.o.readOnly) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, 'connection is read-only', { driver: DRIVER });
  }

  private emit<T extends keyof DomainEventDetails>(type: T, detail: DomainEventDetails[T], e: { name: string; uuid: string }): void {
    this.o.publish(domainEvent(type, detail, { name: e.name, uuid: e.uuid }));
  }

  /**
   * Records the new observed state and publishes the transition's events. A
   * domain that is gone has its status file removed before this resolves.
   */
  private async observe(e: { name: string; uuid: string }, row: XlListEntry | undefined, cause?: { stopped?: DomainEventDetails['stopped'] }): Promise<void> {
    const before = this.seen.get(e.uuid);
    if (!row) {
      if (!before) return;
      this.seen.delete(e.uuid);
      this.runReason.delete(e.uuid);
      const why = cause?.stopped ?? this.stopping.get(e.uuid) ?? (before.state === 'crashed' ? 'crashed' : 'shutdown');
      this.stopping.delete(e.uuid);
      this.lastStop.set(e.uuid, why === 'destroyed' ? 'destroyed' : why === 'crashed' ? 'crashed' : why === 'saved' ? 'saved' : why === 'migrated' ? 'migrated' : 'shutdown');
      await removeIfExists(this.statusPath(before.name)).catch(() => undefined);
      if (why === 'shutdown') this.emit('shutdown', 'finished', e);
      this.emit('stopped', why, e);
      return;
    }
    const state = stateFromFlags(row.flags);
    if (before && before.domid !== row.domid && state === 'paused') {
      // xl builds the restarted domain paused and unpauses it once its devices are up: until then
      // (bounded, in case someone really paused it) the reboot is not reported, so whoever reacts
      // to the event finds the domain running.
      const since = this.restartPaused.get(e.uuid) ?? Date.now();
      this.restartPaused.set(e.uuid, since);
      if (Date.now() - since < RESTART_BUILD_MS) return;
    }
    this.restartPaused.delete(e.uuid);
    this.seen.set(e.uuid, { domid: row.domid, state, name: e.name });
    if (!before) return;
    if (before.domid !== row.domid) {
      // A guest reboot (on_reboot=restart): xl created the domain again under a new domid.
      const text = await readFileIfExists(this.statusPath(e.name));
      if (text) {
        const st = JSON.parse(text) as XenDomainStatus;
        if (st.uuid === e.uuid) await writeFileAtomic(this.statusPath(e.name), `${JSON.stringify({ ...st, domid: row.domid }, null, 2)}\n`);
      }
      this.emit('reboot', 'guest', e);
    }
    if (before.state !== 'paused' && state === 'paused') this.emit('suspended', 'paused', e);
    if (before.state === 'paused' && state === 'running') this.emit('resumed', 'unpaused', e);
    if (before.state !== 'crashed' && state === 'crashed') this.emit('crashed', 'panicked', e);
  }

  // ------------------------------------------------------------ events

  /**
   * Starts the event sources for as long as there are subscribers: the
   * xenstore watches (when available) and the `xl list` poller; returns the
   * function that stops them.
   */
  watch(): () => void {
    this.subscribers++;
    if (this.subscribers === 1) {
      this.schedulePoll();
      if (this.watcher) void this.watcher.start();
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.subscribers--;
      if (this.subscribers === 0) {
        if (this.pollTimer) clearTimeout(this.pollTimer);
        this.pollTimer = undefined;
        this.watcher?.stop();
      }
    };
  }

  private schedulePoll(): void {
    if (this.subscribers === 0) return;
    this.pollTimer = setTimeout(() => void this.pollOnce().finally(() => this.schedulePoll()), this.o.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
    this.pollTimer.unref?.();
  }

  /**
   * One poll: diffs `xl list -v` against the last observed states (also run
   * on every xenstore watch fire; exposed for tests). A poll asked for while
   * one runs runs again right after it.
   */
  async pollOnce(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    try {
      do {
        this.pollAgain = false;
        const gens = new Map([...this.seen.keys()].map((u) => [u, this.generation.get(u) ?? 0]));
        const rows = await this.o.xl.list(undefined, { signal: AbortSignal.timeout(60_000) });
        for (const [uuid, s] of [...this.seen]) {
          // An operation in flight (or one that ran while `xl list` did) reports its own events.
          if (this.locks.has(uuid) || this.migrations.has(uuid) || gens.get(uuid) !== (this.generation.get(uuid) ?? 0)) continue;
          const row = rows.find((r) => r.uuid === uuid && !r.name.endsWith('--incoming'));
          const rb = this.rebooting.get(uuid);
          if (rb) {
            // xl destroys the domain and creates it again: no row for a while is the reboot, not a
            // stop. Until a new domid shows, the old domain may still be listed (its guest still
            // shutting down): the reboot is still to come, so keep waiting for it.
            if (!row && Date.now() < rb.until) continue;
            if (!row || row.domid !== rb.domid || Date.now() >= rb.until) this.rebooting.delete(uuid);
          }
          await this.observe({ name: s.name, uuid }, row);
        }
      } while (this.pollAgain && this.subscribers > 0);
    } catch {
      /* transient: the next poll retries */
    } finally {
      this.polling = false;
    }
  }

  // ------------------------------------------------------------ records

  private async recordOf(e: Entry, ctx: CallContext, rows?: XlListEntry[]): Promise<DomainRecord> {
    const row = rows ? rows.find((r) => r.uuid === e.uuid) : await this.liveRow(e, ctx);
    if (row && !this.seen.has(e.uuid)) this.seen.set(e.uuid, { domid: row.domid, state: stateFromFlags(row.flags), name: e.name });
    const state: DomainState = row ? stateFromFlags(row.flags) : 'shutoff';
    const reason: DomainStateReason = row ? (state === 'paused' ? 'user' : state === 'running' ? (this.runReason.get(e.uuid) ?? 'booted') : state === 'crashed' ? 'crashed' : 'user') : (this.lastStop.get(e.uuid) ?? 'unknown');
    return { name: e.name, uuid: e.uuid, id: row ? row.domid : -1, state, reason, persistent: e.def !== undefined, autostart: e.autostart };
  }

  /** Lists our domains (definitions and domains we started), with live state from `xl list -v`. */
  async list(filter: DomainListFilter, ctx: CallContext): Promise<DomainRecord[]> {
    const rows = await this.o.xl.list(undefined, { signal: ctx.signal });
    const out: DomainRecord[] = [];
    for (const e of (await this.entries()).values()) {
      const r = await this.recordOf(e, ctx, rows);
      if (filter.active !== undefined && (r.id >= 0) !== filter.active) continue;
      if (filter.persistent !== undefined && r.persistent !== filter.persistent) continue;
      if (filter.autostart !== undefined && r.autostart !== filter.autostart) continue;
      if (filter.states && !filter.states.includes(r.state)) continue;
      out.push(r);
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Looks a domain up by name. */
  async lookupByName(name: string, ctx: CallContext): Promise<DomainRecord> {
    return this.recordOf(await this.find({ name }), ctx);
  }

  /** Looks a domain up by UUID. */
  async lookupByUuid(uuid: string, ctx: CallContext): Promise<DomainRecord> {
    return this.recordOf(await this.find({ uuid }), ctx);
  }

  /** Looks an active domain up by Xen domid. */
  async lookupById(id: number, ctx: CallContext): Promise<DomainRecord> {
    const rows = await this.o.xl.list(undefined, { signal: ctx.signal });
    const row = rows.find((r) => r.domid === id);
    const e = row?.uuid ? (await this.entries()).get(row.uuid) : undefined;
    if (!row || !e) throw new PolyvisorError(ErrorCode.NO_DOMAIN, `no domain with id ${id}`, { driver: DRIVER });
    return this.recordOf(e, ctx, rows);
  }

  /** Current record. */
  async getRecord(ref: DomainRef, ctx: CallContext): Promise<DomainRecord> {
    return this.recordOf(await this.find(ref), ctx);
  }

  // ------------------------------------------------------------ define

  /** Defines (or updates) a persistent domain; the definition is written atomically. */
  async define(spec: DomainSpec, ctx: CallContext): Promise<DomainRecord> {
    this.writable();
    const all = await this.entries();
    const sameName = [...all.values()].find((x) => x.name === spec.name);
    if (spec.uuid && sameName && sameName.uuid !== spec.uuid) throw new PolyvisorError(ErrorCode.DUPLICATE, `domain '${spec.name}' already exists with UUID ${sameName.uuid}`, { driver: DRIVER });
    const uuid = spec.uuid ?? sameName?.uuid ?? randomUUID();
    const sameUuid = all.get(uuid);
    if (sameUuid && sameUuid.name !== spec.name && sameUuid.def) throw new PolyvisorError(ErrorCode.DUPLICATE, `UUID ${uuid} is already domain '${sameUuid.name}'`, { driver: DRIVER });
    const full: DomainSpec = { ...spec, uuid };
    renderXlCfg(full, this.o.xlcfg ?? {}); // refuse what xl cannot express now, not at start
    const existed = sameUuid?.def !== undefined;
    await writeFileAtomic(this.configPath(full.name), formatDomainXml(full, { inactive: true }));
    this.emit('defined', existed ? 'updated' : 'added', { name: full.name, uuid });
    return this.recordOf({ name: full.name, uuid, def: full, autostart: sameUuid?.autostart ?? false }, ctx);
  }

  /** Removes the persistent definition (a running domain stays, as a transient one). */
  async undefine(ref: DomainRef, _opts: { keepNvram?: boolean }, ctx: CallContext): Promise<void> {
    this.writable();
    const e = await this.find(ref);
    if (!e.def) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}' is not persistent`, { driver: DRIVER });
    void ctx;
    await removeIfExists(this.configPath(e.name));
    await removeIfExists(join(this.o.paths.autostartDir, e.name));
    this.emit('undefined', 'removed', e);
  }

  /** Marks the domain to start when a connection opens. */
  async setAutostart(ref: DomainRef, autostart: boolean, _ctx: CallContext): Promise<void> {
    this.writable();
    const e = await this.find(ref);
    if (!e.def) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `cannot set autostart of transient domain '${e.name}'`, { driver: DRIVER });
    const p = join(this.o.paths.autostartDir, e.name);
    if (autostart) await writeFileAtomic(p, `${e.uuid}\n`);
    else await removeIfExists(p);
  }

  /** Renames an inactive persistent domain. */
  async rename(ref: DomainRef, newName: string, ctx: CallContext): Promise<DomainRecord> {
    this.writable();
    validateName(newName, 'domain');
    const e = await this.find(ref);
    if (!e.def) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}': cannot rename a transient domain`, { driver: DRIVER, operation: 'domains.rename' });
    return this.serial(e.uuid, async () => {
      if (await this.liveRow(e, ctx)) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}': cannot rename an active domain`, { driver: DRIVER, operation: 'domains.rename' });
      if (newName === e.name) return this.recordOf(e, ctx);
      if ([...(await this.entries()).values()].some((x) => x.name === newName)) throw new PolyvisorError(ErrorCode.DUPLICATE, `domain '${e.name}': domain with name '${newName}' already exists`, { driver: DRIVER, operation: 'domains.rename' });
      const spec: DomainSpec = { ...e.def!, name: newName };
      await writeFileAtomic(this.configPath(newName), formatDomainXml(spec, { inactive: true }));
      await removeIfExists(this.configPath(e.name));
      if (e.autostart) {
        await writeFileAtomic(join(this.o.paths.autostartDir, newName), `${e.uuid}\n`);
        await removeIfExists(join(this.o.paths.autostartDir, e.name));
      }
      this.emit('undefined', 'renamed', e);
      this.emit('defined', 'renamed', { name: newName, uuid: e.uuid });
      return this.recordOf({ ...e, name: newName, def: spec }, ctx);
    });
  }

  /** libvirt's `live`/`config` flags: neither = the live definition when running, else the persistent one. */
  private scopeOf(e: Entry, row: XlListEntry | undefined, scope: MetadataScope, op: string): { live: boolean; config: boolean } {
    let live = scope.live === true;
    let config = scope.config === true;
    if (!live && !config) {
      if (row) live = true;
      else config = true;
    }
    if (live && !row) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}' is not running`, { driver: DRIVER, operation: op });
    if (config && !e.def) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}': cannot change the persistent config of a transient domain`, { driver: DRIVER, operation: op });
    return { live, config };
  }

  /** The live definition of a running domain (its status file; the persistent one for a domain we did not start). */
  private liveSpecOf(e: Entry): DomainSpec {
    if (e.status) return parseDomainXml(e.status.liveXml);
    if (e.def) return structuredClone(e.def);
    throw new PolyvisorError(ErrorCode.NO_DOMAIN, `no definition for '${e.name}'`, { driver: DRIVER });
  }

  /** Rewrites the live definition in the status file (creating it for a running domain we did not start). */
  private async writeLive(e: Entry, row: XlListEntry, spec: DomainSpec): Promise<void> {
    const status: XenDomainStatus = e.status
      ? { ...e.status, liveXml: formatDomainXml(spec) }
      : { version: 1, name: e.name, uuid: e.uuid, domid: row.domid, liveXml: formatDomainXml(spec), xlcfg: renderXlCfg(spec, this.o.xlcfg ?? {}), startedAt: Date.now(), reason: this.runReason.get(e.uuid) ?? 'booted' };
    await writeFileAtomic(this.statusPath(e.name), `${JSON.stringify(status, null, 2)}\n`);
    e.status = status;
  }

  private async writeDef(e: Entry, spec: DomainSpec): Promise<void> {
    await writeFileAtomic(this.configPath(e.name), formatDomainXml(spec, { inactive: true }));
    e.def = spec;
  }

  private wrapError(err: unknown, e: Entry, op: string): unknown {
    if (err instanceof PolyvisorError && !err.driver) return new PolyvisorError(err.code, `domain '${e.name}': ${err.message}`, { driver: DRIVER, operation: op, cause: err });
    return err;
  }

  /** Sets (or removes) the title, description or a metadata element of the live and/or persistent definition. */
  async setMetadata(ref: DomainRef, type: MetadataType, value: string | null, opts: { uri?: string; key?: string } & MetadataScope, ctx: CallContext): Promise<void> {
    this.writable();
    const e = await this.find(ref);
    const row = await this.liveRow(e, ctx);
    const t = this.scopeOf(e, row, opts, 'domains.setMetadata');
    await this.serial(e.uuid, async () => {
      try {
        const live = t.live ? this.liveSpecOf(e) : undefined;
        const cfg = t.config ? structuredClone(e.def!) : undefined;
        if (live) applyDomainMetadata(live, type, value, opts);
        if (cfg) applyDomainMetadata(cfg, type, value, opts);
        if (live) await this.writeLive(e, row!, live);
        if (cfg) await this.writeDef(e, cfg);
      } catch (err) {
        throw this.wrapError(err, e, 'domains.setMetadata');
      }
    });
  }

  /** Reads the title, description or a metadata element. */
  async getMetadata(ref: DomainRef, type: MetadataType, opts: { uri?: string } & MetadataScope, ctx: CallContext): Promise<string> {
    const e = await this.find(ref);
    const row = await this.liveRow(e, ctx);
    let t: { live: boolean; config: boolean };
    try {
      t = this.scopeOf(e, row, opts, 'domains.getMetadata');
    } catch (err) {
      // Reading the persistent definition of a transient domain is "not found", like a missing element.
      if (!row) throw err;
      t = { live: true, config: false };
    }
    try {
      return readDomainMetadata(t.live ? this.liveSpecOf(e) : e.def!, type, opts);
    } catch (err) {
      throw this.wrapError(err, e, 'domains.getMetadata');
    }
  }

  // ------------------------------------------------------------ devices

  /**
   * What attach and detach share: parse the device, resolve the domain and the
   * definitions the scope names, refuse kinds xl cannot hotplug, and run the
   * kind's handler serialised with the domain's other operations, on copies
   * of the live and persistent definitions; {@link DeviceChange.commit}
   * stores them (and announces a live change).
   */
  private async changeDevice(ref: DomainRef, xml: string, scope: MetadataScope, ctx: CallContext, verb: 'attach' | 'detach', handlers: DeviceHandlers): Promise<void> {
    this.writable();
    const op = `domains.${verb}Device`;
    const parsed = parseDeviceXml(xml);
    const e = await this.find(ref);
    const row = await this.liveRow(e, ctx);
    const t = this.scopeOf(e, row, scope, op);
    if (parsed.kind !== 'disk' && parsed.kind !== 'interface') throw new PolyvisorError(ErrorCode.UNSUPPORTED, `domain '${e.name}': ${verb}ing <${parsed.kind}> devices is not supported by the Xen driver`, { driver: DRIVER, operation: op });
    await this.serial(e.uuid, async () => {
      const live = t.live ? this.liveSpecOf(e) : undefined;
      const cfg = t.config ? structuredClone(e.def!) : undefined;
      const fail = (code: ErrorCode, msg: string) => new PolyvisorError(code, `domain '${e.name}': ${msg}`, { driver: DRIVER, operation: op });
      const change: DeviceChange = {
        live,
        cfg,
        dom: String(row?.domid),
        signal: ctx.signal,
        fail,
        commit: async (device) => {
          if (live) {
            await this.writeLive(e, row!, live);
            this.o.publish(domainEvent(verb === 'attach' ? 'device-added' : 'device-removed', 'device', e, { device }));
          }
          if (cfg) {
            if (verb === 'attach') renderXlCfg(cfg, this.o.xlcfg ?? {}); // still renders: refuse before storing
            await this.writeDef(e, cfg);
          }
        },
      };
      if (parsed.kind === 'disk') await handlers.disk(parsed.device as DiskSpec, change);
      else await handlers.interface(parsed.device as InterfaceSpec, change);
    });
  }

  /**
   * Hot-plugs a disk (`xl block-attach`) or an interface (`xl network-attach`)
   * and/or adds it to the persistent definition. Other device kinds are
   * `UNSUPPORTED`: xl has no hotplug for them (PCI passthrough aside).
   */
  async attachDevice(ref: DomainRef, xml: string, scope: MetadataScope, ctx: CallContext): Promise<void> {
    const xlcfg = this.o.xlcfg ?? {};
    await this.changeDevice(ref, xml, scope, ctx, 'attach', {
      disk: async (d, c) => {
        for (const s of [c.live, c.cfg]) {
          if (s && findDiskIndex(s.devices?.disks ?? [], d) >= 0) throw c.fail(ErrorCode.OPERATION_INVALID, `target ${d.target.dev} already exists`);
        }
        if (c.live) await this.o.xl.blockAttach(c.dom, diskAttachSpec(c.live, d, xlcfg), { signal: c.signal });
        for (const s of [c.live, c.cfg]) if (s) devicesOf(s).disks.push(structuredClone(d));
        await c.commit(d.target.dev);
      },
      interface: async (n, c) => {
        if (!n.mac) n.mac = { address: randomXenMac() }; // one MAC for both definitions, like libvirt
        for (const s of [c.live, c.cfg]) {
          if (s && findInterfaceIndex(s.devices?.interfaces ?? [], n) >= 0) throw c.fail(ErrorCode.OPERATION_INVALID, `an interface with MAC address ${n.mac.address} already exists`);
        }
        if (c.live) await this.o.xl.networkAttach(c.dom, vifAttachSettings(c.live, n, xlcfg), { signal: c.signal });
        for (const s of [c.live, c.cfg]) if (s) devicesOf(s).interfaces.push(structuredClone(n));
        await c.commit(n.mac.address);
      },
    });
  }

  /**
   * Hot-unplugs a disk (matched by target, `xl block-detach DOM VDEV`) or an
   * interface (matched by MAC, `xl network-detach DOM MAC`) and/or removes it
   * from the persistent definition; `INVALID_ARG` when nothing matches.
   */
  async detachDevice(ref: DomainRef, xml: string, scope: MetadataScope, ctx: CallContext): Promise<void> {
    await this.changeDevice(ref, xml, scope, ctx, 'detach', {
      disk: async (d, c) => {
        const [li, ci] = [c.live, c.cfg].map((s) => (s ? findDiskIndex(s.devices?.disks ?? [], d) : 0)) as [number, number];
        if (li < 0 || ci < 0) throw c.fail(ErrorCode.INVALID_ARG, `no device matching disk with target '${d.target.dev}'`);
        if (c.live) {
          await this.o.xl.blockDetach(c.dom, d.target.dev, { signal: c.signal });
          devicesOf(c.live).disks.splice(li, 1);
        }
        if (c.cfg) devicesOf(c.cfg).disks.splice(ci, 1);
        await c.commit(d.target.dev);
      },
      interface: async (n, c) => {
        const [li, ci] = [c.live, c.cfg].map((s) => (s ? findInterfaceIndex(s.devices?.interfaces ?? [], n) : 0)) as [number, number];
        const what = n.mac ? `MAC address ${n.mac.address}` : 'the given interface (give its MAC address)';
        if (li < 0 || ci < 0) throw c.fail(ErrorCode.INVALID_ARG, `no device matching interface with ${what}`);
        let mac = n.mac?.address ?? '';
        if (c.live) {
          mac = c.live.devices!.interfaces[li]!.mac?.address ?? '';
          if (!mac) throw c.fail(ErrorCode.OPERATION_FAILED, 'the live interface has no MAC address to detach it by');
          await this.o.xl.networkDetach(c.dom, mac, { signal: c.signal });
          devicesOf(c.live).interfaces.splice(li, 1);
        }
        if (c.cfg) devicesOf(c.cfg).interfaces.splice(ci, 1);
        await c.commit(mac);
      },
    });
  }

  // ------------------------------------------------------------ lifecycle

  private async writeStatus(spec: DomainSpec & { uuid: string }, domid: number, cfg: string, reason: DomainStateReason): Promise<void> {
    const status: XenDomainStatus = { version: 1, name: spec.name, uuid: spec.uuid, domid, liveXml: formatDomainXml(spec), xlcfg: cfg, startedAt: Date.now(), reason };
    await writeFileAtomic(this.statusPath(spec.name), `${JSON.stringify(status, null, 2)}\n`);
  }

  private async startSpec(spec: DomainSpec & { uuid: string }, paused: boolean, ctx: CallContext): Promise<void> {
    const cfg = renderXlCfg(spec, this.o.xlcfg ?? {});
    let row: XlListEntry | undefined;
    try {
      await this.o.xl.create(cfg, { signal: ctx.signal, paused });
      const rows = await this.o.xl.list(undefined, { signal: ctx.signal });
      row = rows.find((r) => r.uuid === spec.uuid) ?? rows.find((r) => r.name === spec.name);
      if (!row) throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `xl create of '${spec.name}' succeeded but the domain is not in xl list`, { driver: DRIVER });
      await this.writeStatus(spec, row.domid, cfg, 'booted');
    } catch (err) {
      // A failing xl create cleans up after itself; a killed one (abort, timeout) or a failure after it may
      // leave the domain behind, half-built or running untracked: as libvirt does on a failed start, it goes.
      const code = (err as PolyvisorError).code;
      if (row || code === ErrorCode.ABORTED || code === ErrorCode.TIMEOUT) await this.discardStarted(spec.uuid);
      throw err;
    }
    this.seen.set(spec.uuid, { domid: row.domid, state: stateFromFlags(row.flags), name: spec.name });
    this.runReason.set(spec.uuid, 'booted');
    this.lastStop.delete(spec.uuid);
    this.emit('started', 'booted', { name: spec.name, uuid: spec.uuid });
    if (paused) this.emit('suspended', 'paused', { name: spec.name, uuid: spec.uuid });
  }

  /**
   * Destroys every domain of this UUID (a start or restore that did not
   * complete) but those in `keep` (domids), on its own deadline: the call's
   * may be spent.
   */
  private async discardStarted(uuid: string, keep: ReadonlySet<number> = new Set()): Promise<void> {
    const rows = await this.o.xl.list(undefined, { signal: AbortSignal.timeout(60_000) }).catch(() => [] as XlListEntry[]);
    for (const r of rows.filter((x) => x.uuid === uuid && !keep.has(x.domid))) {
      await this.o.xl.destroy(String(r.domid), { signal: AbortSignal.timeout(120_000) }).catch(() => undefined);
    }
  }

  /** Starts a defined domain: from its managed save image when there is one (`xl restore`), else `xl create` of its rendered xl.cfg. */
  async start(ref: DomainRef, opts: { paused?: boolean }, ctx: CallContext): Promise<void> {
    this.writable();
    const e = await this.find(ref);
    await this.serial(e.uuid, async () => {
      if (!e.def) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}' has no definition`, { driver: DRIVER });
      if (await this.liveRow(e, ctx)) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}' is already running`, { driver: DRIVER });
      const managed = this.managedSavePath(e.uuid);
      if (await this.hostFileExists(managed, ctx)) {
        await this.restoreImage(managed, opts.paused === true, ctx, e.uuid);
        await this.removeHostFile(managed, ctx);
        await removeIfExists(this.savedPath(e.uuid));
        return;
      }
      await this.startSpec({ ...e.def, uuid: e.uuid }, opts.paused === true, ctx);
    });
  }

  /** Creates and starts a transient domain. */
  async createTransient(spec: DomainSpec, opts: { paused?: boolean }, ctx: CallContext): Promise<DomainRecord> {
    this.writable();
    const all = await this.entries();
    if ([...all.values()].some((x) => x.name === spec.name)) throw new PolyvisorError(ErrorCode.DUPLICATE, `domain '${spec.name}' already exists`, { driver: DRIVER });
    const uuid = spec.uuid ?? randomUUID();
    await this.serial(uuid, () => this.startSpec({ ...spec, uuid }, opts.paused === true, ctx));
    return this.lookupByUuid(uuid, ctx);
  }

  private async active(ref: DomainRef, ctx: CallContext): Promise<{ e: Entry; row: XlListEntry }> {
    const e = await this.find(ref);
    const row = await this.liveRow(e, ctx);
    if (!row) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}' is not running`, { driver: DRIVER });
    return { e, row };
  }

  /** `xl shutdown` (with `wait`: until the domain is gone, within the call's deadline). */
  async shutdown(ref: DomainRef, opts: { mode?: ShutdownMode; wait?: boolean }, ctx: CallContext): Promise<void> {
    this.writable();
    const { e, row } = await this.active(ref, ctx);
    await this.serial(e.uuid, async () => {
      this.stopping.set(e.uuid, 'shutdown');
      // xl 4.17 was seen to abort ("malloc(): corrupted top size", killed by
      // a signal) on `xl shutdown` once under heavy load: retry a crashed xl.
      for (let attempt = 1; ; attempt++) {
        try {
          await this.o.xl.shutdown(String(row.domid), { signal: ctx.signal, acpiFallback: opts.mode === 'acpi' });
          break;
        } catch (err) {
          const code = (err as PolyvisorError).detail?.exitCode;
          if (attempt >= 3 || typeof code !== 'number' || code < 128) throw err;
          await delay(2000, ctx.signal);
        }
      }
      if (!opts.wait) return;
      for (;;) {
        const now = await this.liveRow(e, ctx);
        if (!now || now.domid !== row.domid) {
          if (!this.seen.has(e.uuid)) this.seen.set(e.uuid, { domid: row.domid, state: 'running', name: e.name });
          await this.observe(e, now && now.domid !== row.domid ? now : undefined, { stopped: 'shutdown' });
          return;
        }
        await delay(250, ctx.signal);
      }
    });
  }

  /**
   * `xl reboot`: the guest reboots, and xl (with `on_reboot=restart`)
   * destroys the domain and creates it again under a new domid. Resolves
   * once the request is delivered; a `reboot` event follows when the new
   * domain appears.
   */
  async reboot(ref: DomainRef, opts: { mode?: ShutdownMode }, ctx: CallContext): Promise<void> {
    this.writable();
    const { e, row } = await this.active(ref, ctx);
    this.rebooting.set(e.uuid, { domid: row.domid, until: Date.now() + 180_000 });
    this.bump(e.uuid);
    await this.o.xl.reboot(String(row.domid), { signal: ctx.signal, acpiFallback: opts.mode === 'acpi' });
  }

  /** `xl destroy`. */
  async destroy(ref: DomainRef, _opts: { graceful?: boolean }, ctx: CallContext): Promise<void> {
    this.writable();
    const { e, row } = await this.active(ref, ctx);
    await this.serial(e.uuid, async () => {
      this.stopping.set(e.uuid, 'destroyed');
      this.rebooting.delete(e.uuid);
      await this.o.xl.destroy(String(row.domid), { signal: ctx.signal });
      if (!this.seen.has(e.uuid)) this.seen.set(e.uuid, { domid: row.domid, state: 'running', name: e.name });
      await this.observe(e, undefined, { stopped: 'destroyed' });
    });
  }

  /** `xl pause`. */
  async suspend(ref: DomainRef, ctx: CallContext): Promise<void> {
    this.writable();
    const { e, row } = await this.active(ref, ctx);
    await this.serial(e.uuid, async () => {
      if (stateFromFlags(row.flags) === 'paused') throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}' is already paused`, { driver: DRIVER });
      await this.o.xl.pause(String(row.domid), { signal: ctx.signal });
      if (!this.seen.has(e.uuid)) this.seen.set(e.uuid, { domid: row.domid, state: 'running', name: e.name });
      await this.observe(e, { ...row, flags: '--p---' });
    });
  }

  /** `xl unpause`. */
  async resume(ref: DomainRef, ctx: CallContext): Promise<void> {
    this.writable();
    const { e, row } = await this.active(ref, ctx);
    await this.serial(e.uuid, async () => {
      if (stateFromFlags(row.flags) !== 'paused') throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}' is not paused`, { driver: DRIVER });
      await this.o.xl.unpause(String(row.domid), { signal: ctx.signal });
      if (!this.seen.has(e.uuid)) this.seen.set(e.uuid, { domid: row.domid, state: 'paused', name: e.name });
      await this.observe(e, { ...row, flags: '-b----' });
    });
  }

  /** State, memory, vCPUs and CPU time (from `xl list -v` while running). */
  async getInfo(ref: DomainRef, ctx: CallContext): Promise<DomainInfo> {
    const e = await this.find(ref);
    const row = await this.liveRow(e, ctx);
    const spec = row && e.status ? parseDomainXml(e.status.liveXml) : (e.def ?? (e.status ? parseDomainXml(e.status.liveXml) : undefined));
    const maxMemory = spec?.memory ?? 0;
    const rec = await this.recordOf(e, ctx, row ? [row] : []);
    if (!row) return { state: rec.state, reason: rec.reason, maxMemory, memory: spec?.currentMemory ?? maxMemory, vcpus: spec?.vcpu.current ?? spec?.vcpu.count ?? 0, cpuTime: 0 };
    return { state: rec.state, reason: rec.reason, maxMemory, memory: row.memMiB * 1024, vcpus: row.vcpus, cpuTime: Math.round(row.cpuTimeSec * 1e9) };
  }

  /** Bulk statistics from `xl list -v` and `xl vcpu-list` (per-vCPU state and time). */
  async getStats(ref: DomainRef, ctx: CallContext): Promise<DomainStats> {
    const e = await this.find(ref);
    const info = await this.getInfo(ref, ctx);
    const stats: DomainStats = { name: e.name, uuid: e.uuid, state: { state: info.state, reason: info.reason }, cpu: { time: info.cpuTime }, balloon: { current: info.memory, maximum: info.maxMemory } };
    const row = await this.liveRow(e, ctx);
    if (row) {
      const vcpus = await this.o.xl.vcpuList(String(row.domid), { signal: ctx.signal });
      stats.vcpus = vcpus.map((v) => ({ id: v.vcpu, state: v.state }));
    }
    return stats;
  }

  /** The live definition (as started), or the persistent one with `inactive`. */
  async getSpec(ref: DomainRef, opts: { inactive?: boolean }, ctx: CallContext): Promise<DomainSpec> {
    const e = await this.find(ref);
    const running = e.status ? await this.liveRow(e, ctx) : undefined;
    if (!opts.inactive && running && e.status) return parseDomainXml(e.status.liveXml);
    if (e.def) return e.def;
    if (e.status) return parseDomainXml(e.status.liveXml);
    throw new PolyvisorError(ErrorCode.NO_DOMAIN, `no definition for '${e.name}'`, { driver: DRIVER });
  }

  /** `xl mem-set` (live) and/or the definition's current memory (config). */
  async setMemory(ref: DomainRef, kib: number, opts: MetadataScope, ctx: CallContext): Promise<void> {
    this.writable();
    const e = await this.find(ref);
    const row = await this.liveRow(e, ctx);
    const t = this.scopeOf(e, row, opts, 'domains.setMemory');
    const max = (t.live ? this.liveSpecOf(e) : e.def!).memory;
    if (kib > max) throw new PolyvisorError(ErrorCode.INVALID_ARG, `domain '${e.name}': memory ${kib} KiB exceeds the maximum ${max} KiB`, { driver: DRIVER });
    await this.serial(e.uuid, async () => {
      if (t.live) {
        await this.o.xl.memSet(String(row!.domid), kib, { signal: ctx.signal });
        await this.writeLive(e, row!, { ...this.liveSpecOf(e), currentMemory: kib });
      }
      if (t.config) await this.writeDef(e, { ...e.def!, currentMemory: kib });
    });
  }

  /** `xl vcpu-set` (live, up to the domain's maximum) and/or the definition's vCPU count (config). */
  async setVcpus(ref: DomainRef, count: number, opts: MetadataScope, ctx: CallContext): Promise<void> {
    this.writable();
    const e = await this.find(ref);
    const row = await this.liveRow(e, ctx);
    const t = this.scopeOf(e, row, opts, 'domains.setVcpus');
    if (!Number.isInteger(count) || count < 1) throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid vCPU count ${count}`, { driver: DRIVER });
    await this.serial(e.uuid, async () => {
      if (t.live) {
        const live = this.liveSpecOf(e);
        if (count > live.vcpu.count) throw new PolyvisorError(ErrorCode.INVALID_ARG, `domain '${e.name}': requested vCPUs ${count} exceed the maximum ${live.vcpu.count}`, { driver: DRIVER });
        await this.o.xl.vcpuSet(String(row!.domid), count, { signal: ctx.signal });
        await this.writeLive(e, row!, { ...live, vcpu: { ...live.vcpu, current: count } });
      }
      if (t.config) {
        const max = Math.max(e.def!.vcpu.count, count);
        await this.writeDef(e, { ...e.def!, vcpu: { ...e.def!.vcpu, count: max, current: count } });
      }
    });
  }

  // ------------------------------------------------------------ save / restore

  private savedPath(uuid: string): string {
    return join(this.o.paths.savedDir, `${uuid}.json`);
  }

  /** Path of a domain's managed save image on the Xen host. */
  managedSavePath(uuid: string): string {
    return `${this.o.hostSaveDir ?? DEFAULT_HOST_SAVE_DIR}/${uuid}.save`;
  }

  private async hostFileExists(path: string, ctx: CallContext): Promise<boolean> {
    const r = await this.o.xl.runner.run(['test', '-f', path], { ...(ctx.signal ? { signal: ctx.signal } : {}), timeoutMs: 60_000 });
    return r.code === 0;
  }

  private async removeHostFile(path: string, ctx: CallContext): Promise<void> {
    const r = await this.o.xl.runner.run(['rm', '-f', '--', path], { ...(ctx.signal ? { signal: ctx.signal } : {}), timeoutMs: 60_000 });
    if (r.code !== 0) throw new PolyvisorError(ErrorCode.SYSTEM_ERROR, `cannot remove ${path} on ${this.o.xl.runner.target}: ${r.stderr.trim()}`, { driver: DRIVER });
  }

  private async readSaved(uuid: string): Promise<XenSavedImage | undefined> {
    const text = await readFileIfExists(this.savedPath(uuid));
    if (!text) return undefined;
    try {
      const v = JSON.parse(text) as XenSavedImage;
      return v.version === 1 ? v : undefined;
    } catch {
      return undefined;
    }
  }

  /** `xl save DOM PATH` (PATH on the Xen host); our live definition is recorded so a restore gets it back. */
  private async saveTo(e: Entry, row: XlListEntry, path: string, paused: boolean, ctx: CallContext): Promise<void> {
    this.stopping.set(e.uuid, 'saved');
    const liveXml = e.status?.liveXml ?? formatDomainXml(this.liveSpecOf(e));
    try {
      await this.o.xl.save(String(row.domid), path, { signal: ctx.signal });
    } catch (err) {
      this.stopping.delete(e.uuid);
      throw err;
    }
    await ensurePrivateDir(this.o.paths.savedDir);
    const rec: XenSavedImage = { version: 1, uuid: e.uuid, name: e.name, path, liveXml, savedAt: Date.now(), ...(paused ? { paused } : {}) };
    await writeFileAtomic(this.savedPath(e.uuid), `${JSON.stringify(rec, null, 2)}\n`);
    if (!this.seen.has(e.uuid)) this.seen.set(e.uuid, { domid: row.domid, state: 'running', name: e.name });
    await this.observe(e, undefined, { stopped: 'saved' });
  }

  /** `xl save DOM FILE` (FILE is a path on the Xen host); the domain stops. With `paused`, a restore leaves it paused. */
  async save(ref: DomainRef, path: string, opts: { paused?: boolean; xml?: string }, ctx: CallContext): Promise<void> {
    this.writable();
    if (opts.xml !== undefined) throw new PolyvisorError(ErrorCode.UNSUPPORTED, 'saving with a replacement definition is not supported by the Xen driver', { driver: DRIVER, operation: 'domains.save' });
    const { e, row } = await this.active(ref, ctx);
    await this.serial(e.uuid, () => this.saveTo(e, row, path, opts.paused === true, ctx));
  }

  /**
   * `xl restore FILE` (the libxl config travels inside the image). The
   * definition the domain gets back is ours: the live definition recorded at
   * save time, else its persistent definition, else (an image saved
   * elsewhere) a minimal one from `xl list`.
   * @throws PolyvisorError `INVALID_ARG` when FILE does not exist on the Xen host.
   */
  async restore(path: string, opts: { paused?: boolean; xml?: string }, ctx: CallContext): Promise<DomainRecord> {
    this.writable();
    if (opts.xml !== undefined) throw new PolyvisorError(ErrorCode.UNSUPPORTED, 'restoring with a replacement definition is not supported by the Xen driver', { driver: DRIVER, operation: 'domains.restore' });
    const e = await this.restoreImage(path, opts.paused === true, ctx);
    return this.recordOf(e, ctx);
  }

  /** The UUID of the domain whose save record names image `path`, if any. */
  private async savedUuidFor(path: string): Promise<string | undefined> {
    const files = await readdir(this.o.paths.savedDir).catch(() => [] as string[]);
    for (const f of files.filter((x) => x.endsWith('.json'))) {
      const uuid = f.slice(0, -'.json'.length);
      if ((await this.readSaved(uuid))?.path === path) return uuid;
    }
    return undefined;
  }

  /**
   * `xl restore` of `path`. `uuid`: the domain the image holds, when known
   * (managed save; else looked up in our save records): a restore that is
   * aborted, times out or fails after `xl restore` destroys the domain of
   * that UUID it left, as a failed start does.
   */
  private async restoreImage(path: string, paused: boolean, ctx: CallContext, uuid?: string): Promise<Entry> {
    if (!(await this.hostFileExists(path, ctx))) throw new PolyvisorError(ErrorCode.INVALID_ARG, `cannot restore: no save image '${path}' on ${this.o.xl.runner.target}`, { driver: DRIVER, operation: 'domains.restore' });
    const before = new Set((await this.o.xl.list(undefined, { signal: ctx.signal })).map((r) => r.domid));
    const expected = uuid ?? (await this.savedUuidFor(path));
    try {
      return await this.adoptRestored(path, before, paused, ctx);
    } catch (err) {
      if (expected) await this.discardStarted(expected, before);
      throw err;
    }
  }

  private async adoptRestored(path: string, before: Set<number>, paused: boolean, ctx: CallContext): Promise<Entry> {
    await this.o.xl.restore(path, { signal: ctx.signal, paused });
    const rows = await this.o.xl.list(undefined, { signal: ctx.signal });
    const row = rows.find((r) => !before.has(r.domid) && r.uuid);
    if (!row?.uuid) throw new PolyvisorError(ErrorCode.OPERATION_FAILED, 'xl restore succeeded but no new domain appeared', { driver: DRIVER });
    const all = await this.entries();
    const known = all.get(row.uuid);
    const saved = await this.readSaved(row.uuid);
    let spec: DomainSpec;
    if (saved && saved.path === path && saved.paused && !paused) {
      // Saved with `paused`: the restored domain stays paused (xl restore -p was not asked for, so pause it now).
      await this.o.xl.pause(String(row.domid), { signal: ctx.signal });
      paused = true;
    }
    if (saved && saved.path === path) spec = parseDomainXml(saved.liveXml);
    else if (known?.def) spec = structuredClone(known.def);
    else if (known?.status) spec = parseDomainXml(known.status.liveXml);
    else spec = parseDomainXml(`<domain type='xen'><name>${row.name}</name><uuid>${row.uuid}</uuid><memory unit='MiB'>${row.memMiB}</memory><vcpu>${row.vcpus}</vcpu><os><type>linux</type></os></domain>`);
    const full = { ...spec, uuid: row.uuid };
    await this.writeStatus(full, row.domid, renderXlCfg(full, this.o.xlcfg ?? {}), 'restored');
    if (saved && saved.path === path) await removeIfExists(this.savedPath(row.uuid));
    const e: Entry = { name: spec.name, uuid: row.uuid, autostart: known?.autostart ?? false, ...(known?.def ? { def: known.def } : {}) };
    this.seen.set(e.uuid, { domid: row.domid, state: stateFromFlags(row.flags), name: e.name });
    this.runReason.set(e.uuid, 'restored');
    this.lastStop.delete(e.uuid);
    this.bump(e.uuid);
    this.emit('started', 'restored', e);
    if (paused) this.emit('suspended', 'restored', e);
    return (await this.entries()).get(e.uuid) ?? e;
  }

  /** Saves to the managed image on the Xen host ({@link XenDomains.managedSavePath}); the next start restores it. */
  async managedSave(ref: DomainRef, opts: { paused?: boolean }, ctx: CallContext): Promise<void> {
    this.writable();
    const { e, row } = await this.active(ref, ctx);
    if (!e.def) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}': cannot do managed save for a transient domain`, { driver: DRIVER, operation: 'domains.managedSave' });
    const dir = this.o.hostSaveDir ?? DEFAULT_HOST_SAVE_DIR;
    const mk = await this.o.xl.runner.run(['mkdir', '-p', '-m', '0700', '--', dir], { ...(ctx.signal ? { signal: ctx.signal } : {}), timeoutMs: 60_000 });
    if (mk.code !== 0) throw new PolyvisorError(ErrorCode.SYSTEM_ERROR, `cannot create ${dir} on ${this.o.xl.runner.target}: ${mk.stderr.trim()}`, { driver: DRIVER });
    await this.serial(e.uuid, () => this.saveTo(e, row, this.managedSavePath(e.uuid), opts.paused === true, ctx));
  }

  /** True when the domain has a managed save image on the Xen host. */
  async hasManagedSave(ref: DomainRef, ctx: CallContext): Promise<boolean> {
    const e = await this.find(ref);
    return this.hostFileExists(this.managedSavePath(e.uuid), ctx);
  }

  /** Removes the managed save image (the next start boots afresh). */
  async removeManagedSave(ref: DomainRef, ctx: CallContext): Promise<void> {
    this.writable();
    const e = await this.find(ref);
    await this.removeHostFile(this.managedSavePath(e.uuid), ctx);
    const saved = await this.readSaved(e.uuid);
    if (saved?.path === this.managedSavePath(e.uuid)) await removeIfExists(this.savedPath(e.uuid));
  }

  // ------------------------------------------------------------ console

  /**
   * The guest's console as a byte stream: `xl console` through the runner
   * (over SSH on a pseudo-terminal). `devname` `serial0` (or `serial`) picks
   * the emulated serial port of an HVM guest; the default is the PV console.
   */
  async openConsole(ref: DomainRef, opts: { devname?: string }, ctx: CallContext): Promise<Duplex> {
    const { e, row } = await this.active(ref, ctx);
    const runner = this.o.xl.runner;
    if (!runner.spawn) throw new PolyvisorError(ErrorCode.UNSUPPORTED, `the runner for ${runner.target} cannot run interactive commands`, { driver: DRIVER, operation: 'domains.openConsole' });
    let type: 'pv' | 'serial' | undefined;
    let num: number | undefined;
    const m = opts.devname ? /^(console|serial)(\d*)$/.exec(opts.devname) : undefined;
    if (opts.devname && !m) throw new PolyvisorError(ErrorCode.INVALID_ARG, `domain '${e.name}': unknown console device '${opts.devname}' (console0, serial0, ...)`, { driver: DRIVER, operation: 'domains.openConsole' });
    if (m) {
      type = m[1] === 'serial' ? 'serial' : 'pv';
      if (m[2]) num = Number(m[2]);
    }
    const proc = await runner.spawn(this.o.xl.consoleArgv(String(row.domid), { ...(type ? { type } : {}), ...(num !== undefined ? { num } : {}) }), { pty: true, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    return consoleDuplex(proc);
  }

  // ------------------------------------------------------------ migration

  /** Migration step 1 (source): the live definition, and the source's domid and host identity in the cookie. */
  async migrateBegin(ref: DomainRef, _opts: MigrateOptions, ctx: CallContext): Promise<{ xml: string; cookie?: unknown }> {
    const { e, row } = await this.active(ref, ctx);
    const cookie: XenMigrationCookie = { uuid: e.uuid, name: e.name, domid: row.domid, hostId: await this.hostId(ctx) };
    return { xml: formatDomainXml(this.liveSpecOf(e)), cookie };
  }

  /**
   * Migration step 2 (destination): nothing to start — `xl migrate-receive`
   * is started by the source's `xl migrate` — so this checks the domain can
   * come here and answers with where to send it: `xen-migrate://HOST?host_id=ID`
   * (HOST the destination's host name, ID its boot id, so the source can tell
   * a migration to its own host).
   */
  async migratePrepare(xml: string, opts: MigrateOptions & { cookie?: unknown }, ctx: CallContext): Promise<{ uri: string; cookie?: unknown }> {
    this.writable();
    const spec = parseDomainXml(xml);
    const src = opts.cookie as XenMigrationCookie | undefined;
    const uuid = spec.uuid ?? src?.uuid;
    if (!uuid) throw new PolyvisorError(ErrorCode.INVALID_ARG, 'the migrating domain has no UUID', { driver: DRIVER, operation: 'domains.migratePrepare' });
    const given = opts.uri === undefined ? undefined : migrationHost(opts.uri.replace(/^xen-migrate:\/\//, ''), 'domains.migratePrepare');
    const hostId = await this.hostId(ctx);
    const clash = [...(await this.entries()).values()].find((x) => x.name === spec.name && x.uuid !== uuid);
    if (clash) throw new PolyvisorError(ErrorCode.DUPLICATE, `domain '${spec.name}' already exists here with UUID ${clash.uuid}`, { driver: DRIVER, operation: 'domains.migratePrepare' });
    const rows = await this.o.xl.list(undefined, { signal: ctx.signal });
    // On another host the domain must not run here yet; on the same host the source's copy is the one migrating.
    if (rows.some((r) => r.uuid === uuid) && src?.hostId !== hostId) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${spec.name}' is already running on the destination`, { driver: DRIVER, operation: 'domains.migratePrepare' });
    this.incoming.set(spec.name, { spec: { ...spec, uuid }, ...(src ? { source: src } : {}), before: new Set(rows.filter((r) => r.uuid === uuid).map((r) => r.domid)) });
    const host = given ?? migrationHost((await this.o.xl.info({ signal: ctx.signal })).host ?? 'localhost', 'domains.migratePrepare');
    return { uri: `xen-migrate://${host}?host_id=${hostId}`, cookie: { hostId } };
  }

  /**
   * Migration step 3 (source): `xl migrate`. To its own host (the
   * destination's host id is this one's) it runs
   * `xl migrate -s '' DOM 'xl migrate-receive'` — the receiving xl started
   * directly, no SSH; to another host `xl migrate DOM HOST`, which has the
   * source's xl reach the destination over SSH (root keys between the hosts,
   * as xl requires). The domain keeps running during the transfer (xl
   * migrates live) and is gone from the source once this resolves.
   */
  async migratePerform(ref: DomainRef, uri: string, opts: MigrateOptions & { cookie?: unknown }, ctx: CallContext): Promise<MigrationProgress> {
    this.writable();
    const { e, row } = await this.active(ref, ctx);
    const m = /^xen-migrate:\/\/([^/?]+)(?:\?host_id=([\w-]+))?$/.exec(uri);
    if (!m) throw new PolyvisorError(ErrorCode.INVALID_ARG, `unsupported migration URI '${uri}' (want xen-migrate://HOST)`, { driver: DRIVER, operation: 'domains.migratePerform' });
    migrationHost(m[1]!, 'domains.migratePerform');
    const local = m[2] !== undefined && m[2] === (await this.hostId(ctx));
    const t0 = Date.now();
    const ac = new AbortController();
    const onAbort = () => ac.abort(ctx.signal?.reason);
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    this.migrations.set(e.uuid, ac);
    this.bump(e.uuid);
    try {
      opts.onProgress?.({ phase: 'active', elapsedMs: 0, totalBytes: row.memMiB * 1024 * 1024 });
      // `exec`: the receiver is the sender's own child, which a cancel ends (see Xl.migrate).
      if (local) await this.o.xl.migrate(String(row.domid), `exec ${shellQuote('xl')} ${shellQuote('migrate-receive')}`, { signal: ac.signal, sshCommand: '' });
      else await this.o.xl.migrate(String(row.domid), m[1]!, { signal: ac.signal });
    } catch (err) {
      if (!ac.signal.aborted) throw err;
      // Cancelled (migrateCancel or the caller's signal): xl was killed, and what that did depends on when.
      const outcome = await this.settleKilledMigration(e, row.domid);
      if (outcome === 'cancelled') throw ac.signal.reason instanceof PolyvisorError ? ac.signal.reason : err;
      if (outcome === 'unknown') {
        throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `migration of domain '${e.name}' was cancelled during the hand-over: the source domain ${row.domid} is still suspended (check the destination)`, { driver: DRIVER, operation: 'domains.migratePerform', cause: err });
      }
      // 'completed': too late to cancel, as a too-late migrate_cancel in QEMU.
    } finally {
      ctx.signal?.removeEventListener('abort', onAbort);
    }
    const ms = Date.now() - t0;
    return { phase: 'completed', elapsedMs: ms, totalTimeMs: ms, totalBytes: row.memMiB * 1024 * 1024, transferredBytes: row.memMiB * 1024 * 1024 };
  }

  /**
   * After the `xl migrate` moving `e` (source domid `domid`) was cancelled
   * (its stream cut, see `Xl.migrate`): waits (up to 60 s) for the two sides
   * to settle, then says what happened. The sender has ended by then
   * (`Xl.migrate` settles only once it has), so nothing moves the domain any
   * more.
   * - Source running, no copy here: `cancelled`. The sender resumed the
   *   source if it had suspended it. A half-built `--incoming` copy here (a
   *   migration to this host, whose receiver was cut off) is destroyed.
   * - Source gone: `completed`.
   * - Source suspended and a copy here under the domain's own name: the
   *   receiver had been told to run it (it renames its copy only then), so
   *   the hand-over happened: the copy is unpaused if the receiver did not
   *   live to do it, the source destroyed — the steps xl did not finish —
   *   and `completed`.
   * - Source still suspended with no copy here at the deadline: `unknown`.
   */
  private async settleKilledMigration(e: { uuid: string }, domid: number): Promise<'cancelled' | 'completed' | 'unknown'> {
    const deadline = Date.now() + 60_000;
    const t = () => ({ signal: AbortSignal.timeout(60_000) });
    for (;;) {
      const rows = (await this.o.xl.list(undefined, t()).catch(() => [] as XlListEntry[])).filter((r) => r.uuid === e.uuid);
      const src = rows.find((r) => r.domid === domid);
      const incoming = rows.filter((r) => r.domid !== domid && r.name.endsWith('--incoming'));
      const copy = rows.find((r) => r.domid !== domid && !r.name.endsWith('--incoming'));
      const srcHeld = src !== undefined && stateFromFlags(src.flags) === 'shutdown';
      if (src && !srcHeld && !copy) {
        for (const r of incoming) await this.o.xl.destroy(String(r.domid), t()).catch(() => undefined);
        return 'cancelled';
      }
      if (!src && !incoming.length) return 'completed';
      if (srcHeld && copy) {
        if (stateFromFlags(copy.flags) === 'paused') await this.o.xl.unpause(String(copy.domid), t()).catch(() => undefined);
        await this.o.xl.destroy(String(domid), t()).catch(() => undefined);
        return 'completed';
      }
      if (Date.now() > deadline) return 'unknown';
      await delay(250);
    }
  }

  /**
   * Cancels this domain's outgoing migration by ending its `xl migrate`
   * process — SIGTERM to that process alone, see `Xl.migrate` — as xl has no
   * cancel of its own: {@link XenDomains.migratePerform} then fails with
   * `ABORTED`. Measured on Xen 4.17 during the live phase: the
   * receiving `xl migrate-receive` tears the incoming domain down, and the
   * source domain keeps running. Too late (after the hand-over), the
   * migration completes instead (see `settleKilledMigration`). Without a migration in flight it does
   * nothing, as QEMU's `migrate_cancel` (the KVM driver).
   */
  async migrateCancel(ref: DomainRef, _ctx: CallContext): Promise<void> {
    const e = await this.find(ref);
    this.migrations.get(e.uuid)?.abort(new AbortError(`migration of domain '${e.name}' cancelled`, { driver: DRIVER, operation: 'domains.migratePerform' }));
  }

  /** Migration step 4 (destination): adopts the domain `xl migrate-receive` created (status file, events, definition with `persistent`). */
  async migrateFinish(name: string, opts: MigrateOptions & { success: boolean; cookie?: unknown }, ctx: CallContext): Promise<DomainRecord | undefined> {
    const inc = this.incoming.get(name);
    this.incoming.delete(name);
    if (!opts.success || !inc) return undefined;
    const uuid = inc.spec.uuid!;
    const rows = await this.o.xl.list(undefined, { signal: ctx.signal });
    const row = rows.find((r) => r.uuid === uuid && !inc.before.has(r.domid) && r.name === name);
    if (!row) throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `domain '${name}' did not arrive on ${this.o.xl.runner.target}`, { driver: DRIVER, operation: 'domains.migrateFinish' });
    const spec = { ...inc.spec, uuid };
    await this.writeStatus(spec, row.domid, renderXlCfg(spec, this.o.xlcfg ?? {}), 'migrated');
    const all = await this.entries();
    let e = all.get(uuid)!;
    if (opts.persistent && !e.def) {
      await writeFileAtomic(this.configPath(name), formatDomainXml(spec, { inactive: true }));
      this.emit('defined', 'added', { name, uuid });
      e = (await this.entries()).get(uuid)!;
    }
    this.seen.set(uuid, { domid: row.domid, state: stateFromFlags(row.flags), name });
    this.runReason.set(uuid, 'migrated');
    this.lastStop.delete(uuid);
    this.bump(uuid);
    this.emit('started', 'migrated', { name, uuid });
    return this.recordOf(e, ctx, rows);
  }

  /** Migration step 5 (source): forgets the migrated domain (stopped/migrated event, `undefineSource`); after a failure, nothing to undo (xl leaves the source running). */
  async migrateConfirm(ref: DomainRef, opts: MigrateOptions & { success: boolean }, ctx: CallContext): Promise<void> {
    const e = await this.find(ref).catch(() => undefined);
    const ac = this.migrations.get(ref.uuid);
    this.migrations.delete(ref.uuid);
    if (!ac) return;
    this.bump(ref.uuid);
    if (!opts.success || !e) return;
    const before = this.seen.get(e.uuid);
    this.seen.delete(e.uuid);
    this.runReason.delete(e.uuid);
    this.lastStop.set(e.uuid, 'migrated');
    // Same host and state directory: the destination's status file is ours too (it names the new domid).
    if (e.status && before && e.status.domid === before.domid) await removeIfExists(this.statusPath(e.name));
    this.emit('stopped', 'migrated', e);
    if (opts.undefineSource && e.def) await this.undefine(ref, {}, ctx);
  }

  private hostIdCache: string | undefined;

  /** The Xen host's boot id (`/proc/sys/kernel/random/boot_id`): tells two connections to one host apart from two hosts. */
  private async hostId(ctx: CallContext): Promise<string> {
    if (this.hostIdCache) return this.hostIdCache;
    const r = await this.o.xl.runner.run(['cat', '/proc/sys/kernel/random/boot_id'], { ...(ctx.signal ? { signal: ctx.signal } : {}), timeoutMs: 60_000 });
    if (r.code !== 0) throw new PolyvisorError(ErrorCode.SYSTEM_ERROR, `cannot read the boot id of ${this.o.xl.runner.target}: ${r.stderr.trim()}`, { driver: DRIVER });
    this.hostIdCache = r.stdout.trim();
    return this.hostIdCache;
  }

  /** Starts every autostart domain that is not running (called when a read-write connection opens). */
  async autostart(ctx: CallContext): Promise<void> {
    for (const e of (await this.entries()).values()) {
      if (!e.autostart || !e.def) continue;
      if (await this.liveRow(e, ctx)) continue;
      await this.start({ name: e.name, uuid: e.uuid }, {}, ctx).catch(() => undefined);
    }
  }
}

/** What the source puts in the migration cookie. */
interface XenMigrationCookie {
  uuid: string;
  name: string;
  domid: number;
  hostId: string;
}
