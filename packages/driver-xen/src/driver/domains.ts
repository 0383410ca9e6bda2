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
  ErrorCode, PolyvisorError, domainEvent, delay, formatDomainXml, parseDomainXml,
  type CallContext, type DomainDriver, type DomainRef, type DomainSpec, type DomainRecord, type DomainInfo, type DomainListFilter,
  type DomainState, type DomainStateReason, type DomainStats, type PolyvisorEvent, type DomainEventDetails, type MetadataScope, type ShutdownMode,
} from '@polyvisor/core';
import { domainToXlConfig, type ToXlOptions } from '../xlcfg/from-domain.js';
import { formatXlConfig } from '../xlcfg/syntax.js';
import type { Xl, XlListEntry } from '../toolstack/xl.js';
import { ensurePrivateDir, readFileIfExists, removeIfExists, writeFileAtomic, type XenDomainStatus, type XenPaths } from './store.js';

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

/** Renders the xl.cfg text `xl create` gets for a spec. */
export function renderXlCfg(spec: DomainSpec, opts: ToXlOptions = {}): string {
  return formatXlConfig(domainToXlConfig(spec, opts));
}

/** The Xen domain sub-driver. */
export class XenDomains implements DomainDriver {
  /** Last observed state per UUID of active domains we track (the event poller diffs against it). */
  private readonly seen = new Map<string, { domid: number; state: DomainState; name: string }>();
  private readonly lastStop = new Map<string, DomainStateReason>();
  private readonly locks = new Map<string, Promise<unknown>>();
  /** UUIDs whose stop we caused, with the reason to report. */
  private readonly stopping = new Map<string, DomainEventDetails['stopped']>();
  private pollTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private subscribers = 0;

  /** Creates the sub-driver; call {@link XenDomains.init} before use. */
  constructor(private readonly o: XenDomainsOptions) {}

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
    }
  }

  /** Stops the poller. Domains keep running. */
  async close(): Promise<void> {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.subscribers = 0;
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
    const next = prev.catch(() => undefined).then(fn);
    this.locks.set(uuid, next);
    try {
      return await next;
    } finally {
      if (this.locks.get(uuid) === next) this.locks.delete(uuid);
    }
  }

  private writable(): void {
    if (this.o.readOnly) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, 'connection is read-only', { driver: DRIVER });
  }

  private emit<T extends keyof DomainEventDetails>(type: T, detail: DomainEventDetails[T], e: { name: string; uuid: string }): void {
    this.o.publish(domainEvent(type, detail, { name: e.name, uuid: e.uuid }));
  }

  /** Records the new observed state and publishes the transition's events. */
  private observe(e: { name: string; uuid: string }, row: XlListEntry | undefined, cause?: { stopped?: DomainEventDetails['stopped'] }): void {
    const before = this.seen.get(e.uuid);
    if (!row) {
      if (!before) return;
      this.seen.delete(e.uuid);
      const why = cause?.stopped ?? this.stopping.get(e.uuid) ?? (before.state === 'crashed' ? 'crashed' : 'shutdown');
      this.stopping.delete(e.uuid);
      this.lastStop.set(e.uuid, why === 'destroyed' ? 'destroyed' : why === 'crashed' ? 'crashed' : why === 'saved' ? 'saved' : 'shutdown');
      if (why === 'shutdown') this.emit('shutdown', 'finished', e);
      this.emit('stopped', why, e);
      void removeIfExists(this.statusPath(e.name)).catch(() => undefined);
      return;
    }
    const state = stateFromFlags(row.flags);
    this.seen.set(e.uuid, { domid: row.domid, state, name: e.name });
    if (!before) return;
    if (before.domid !== row.domid) this.emit('reboot', 'guest', e);
    if (before.state !== 'paused' && state === 'paused') this.emit('suspended', 'paused', e);
    if (before.state === 'paused' && state === 'running') this.emit('resumed', 'unpaused', e);
    if (before.state !== 'crashed' && state === 'crashed') this.emit('crashed', 'panicked', e);
  }

  // ------------------------------------------------------------ events

  /** Starts polling `xl list` for as long as there are subscribers; returns the function that stops it. */
  watch(): () => void {
    this.subscribers++;
    if (this.subscribers === 1) this.schedulePoll();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.subscribers--;
      if (this.subscribers === 0 && this.pollTimer) {
        clearTimeout(this.pollTimer);
        this.pollTimer = undefined;
      }
    };
  }

  private schedulePoll(): void {
    if (this.subscribers === 0) return;
    this.pollTimer = setTimeout(() => void this.pollOnce().finally(() => this.schedulePoll()), this.o.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
    this.pollTimer.unref?.();
  }

  /** One poll: diffs `xl list -v` against the last observed states (exposed for tests). */
  async pollOnce(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const rows = await this.o.xl.list(undefined, { signal: AbortSignal.timeout(60_000) });
      for (const [uuid, s] of [...this.seen]) {
        if (this.locks.has(uuid)) continue; // an operation in flight reports its own events
        this.observe({ name: s.name, uuid }, rows.find((r) => r.uuid === uuid));
      }
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
    const reason: DomainStateReason = row ? (state === 'paused' ? 'user' : state === 'running' ? 'booted' : state === 'crashed' ? 'crashed' : 'user') : (this.lastStop.get(e.uuid) ?? 'unknown');
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

  // ------------------------------------------------------------ lifecycle

  private async startSpec(spec: DomainSpec & { uuid: string }, paused: boolean, ctx: CallContext): Promise<void> {
    const cfg = renderXlCfg(spec, this.o.xlcfg ?? {});
    await this.o.xl.create(cfg, { signal: ctx.signal, paused });
    const rows = await this.o.xl.list(undefined, { signal: ctx.signal });
    const row = rows.find((r) => r.uuid === spec.uuid) ?? rows.find((r) => r.name === spec.name);
    if (!row) throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `xl create of '${spec.name}' succeeded but the domain is not in xl list`, { driver: DRIVER });
    const status: XenDomainStatus = { version: 1, name: spec.name, uuid: spec.uuid, domid: row.domid, liveXml: formatDomainXml(spec), xlcfg: cfg, startedAt: Date.now() };
    await writeFileAtomic(this.statusPath(spec.name), `${JSON.stringify(status, null, 2)}\n`);
    this.seen.set(spec.uuid, { domid: row.domid, state: stateFromFlags(row.flags), name: spec.name });
    this.lastStop.delete(spec.uuid);
    this.emit('started', 'booted', { name: spec.name, uuid: spec.uuid });
    if (paused) this.emit('suspended', 'paused', { name: spec.name, uuid: spec.uuid });
  }

  /** Starts a defined domain: `xl create` of its rendered xl.cfg. */
  async start(ref: DomainRef, opts: { paused?: boolean }, ctx: CallContext): Promise<void> {
    this.writable();
    const e = await this.find(ref);
    await this.serial(e.uuid, async () => {
      if (!e.def) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}' has no definition`, { driver: DRIVER });
      if (await this.liveRow(e, ctx)) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}' is already running`, { driver: DRIVER });
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
          this.observe(e, now && now.domid !== row.domid ? now : undefined, { stopped: 'shutdown' });
          return;
        }
        await delay(250, ctx.signal);
      }
    });
  }

  /** `xl reboot`. */
  async reboot(ref: DomainRef, opts: { mode?: ShutdownMode }, ctx: CallContext): Promise<void> {
    this.writable();
    const { row } = await this.active(ref, ctx);
    await this.o.xl.reboot(String(row.domid), { signal: ctx.signal, acpiFallback: opts.mode === 'acpi' });
  }

  /** `xl destroy`. */
  async destroy(ref: DomainRef, _opts: { graceful?: boolean }, ctx: CallContext): Promise<void> {
    this.writable();
    const { e, row } = await this.active(ref, ctx);
    await this.serial(e.uuid, async () => {
      this.stopping.set(e.uuid, 'destroyed');
      await this.o.xl.destroy(String(row.domid), { signal: ctx.signal });
      if (!this.seen.has(e.uuid)) this.seen.set(e.uuid, { domid: row.domid, state: 'running', name: e.name });
      this.observe(e, undefined, { stopped: 'destroyed' });
    });
  }

  /** `xl pause`. */
  async suspend(ref: DomainRef, ctx: CallContext): Promise<void> {
    this.writable();
    const { e, row } = await this.active(ref, ctx);
    await this.serial(e.uuid, async () => {
      await this.o.xl.pause(String(row.domid), { signal: ctx.signal });
      this.observe(e, { ...row, flags: '--p---' });
    });
  }

  /** `xl unpause`. */
  async resume(ref: DomainRef, ctx: CallContext): Promise<void> {
    this.writable();
    const { e, row } = await this.active(ref, ctx);
    await this.serial(e.uuid, async () => {
      await this.o.xl.unpause(String(row.domid), { signal: ctx.signal });
      this.observe(e, { ...row, flags: '-b----' });
    });
  }

  /** State, memory, vCPUs and CPU time (from `xl list -v` while running). */
  async getInfo(ref: DomainRef, ctx: CallContext): Promise<DomainInfo> {
    const e = await this.find(ref);
    const row = await this.liveRow(e, ctx);
    const spec = e.status ? parseDomainXml(e.status.liveXml) : e.def;
    const maxMemory = spec?.memory ?? 0;
    const rec = await this.recordOf(e, ctx, row ? [row] : []);
    if (!row) return { state: rec.state, reason: rec.reason, maxMemory, memory: spec?.currentMemory ?? maxMemory, vcpus: spec?.vcpu.current ?? spec?.vcpu.count ?? 0, cpuTime: 0 };
    return { state: rec.state, reason: rec.reason, maxMemory, memory: row.memMiB * 1024, vcpus: row.vcpus, cpuTime: Math.round(row.cpuTimeSec * 1e9) };
  }

  /** Bulk statistics from `xl list -v` and `xl vcpu-list`. */
  async getStats(ref: DomainRef, ctx: CallContext): Promise<DomainStats> {
    const e = await this.find(ref);
    const info = await this.getInfo(ref, ctx);
    const stats: DomainStats = { name: e.name, uuid: e.uuid, state: { state: info.state, reason: info.reason }, cpu: { time: info.cpuTime }, balloon: { current: info.memory, maximum: info.maxMemory } };
    const row = await this.liveRow(e, ctx);
    if (row) {
      const vcpus = await this.o.xl.vcpuList(String(row.domid), { signal: ctx.signal }).catch(() => []);
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
    const live = opts.live ?? (row !== undefined && !opts.config);
    if (live) {
      if (!row) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}' is not running`, { driver: DRIVER });
      await this.o.xl.memSet(String(row.domid), kib, { signal: ctx.signal });
    }
    if (opts.config || (!live && !opts.live)) {
      if (!e.def) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}' is not persistent`, { driver: DRIVER });
      if (kib > e.def.memory) throw new PolyvisorError(ErrorCode.INVALID_ARG, `memory ${kib} KiB exceeds the maximum ${e.def.memory} KiB`, { driver: DRIVER });
      await writeFileAtomic(this.configPath(e.name), formatDomainXml({ ...e.def, currentMemory: kib }, { inactive: true }));
    }
  }

  /** `xl vcpu-set` (live) and/or the definition's vCPU count (config). */
  async setVcpus(ref: DomainRef, count: number, opts: MetadataScope, ctx: CallContext): Promise<void> {
    this.writable();
    const e = await this.find(ref);
    const row = await this.liveRow(e, ctx);
    const live = opts.live ?? (row !== undefined && !opts.config);
    if (live) {
      if (!row) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}' is not running`, { driver: DRIVER });
      await this.o.xl.vcpuSet(String(row.domid), count, { signal: ctx.signal });
    }
    if (opts.config || (!live && !opts.live)) {
      if (!e.def) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `domain '${e.name}' is not persistent`, { driver: DRIVER });
      const max = Math.max(e.def.vcpu.count, count);
      await writeFileAtomic(this.configPath(e.name), formatDomainXml({ ...e.def, vcpu: { ...e.def.vcpu, count: max, current: count } }, { inactive: true }));
    }
  }

  /** `xl save DOM FILE` (FILE is a path on the Xen host); the domain stops. */
  async save(ref: DomainRef, path: string, opts: { paused?: boolean }, ctx: CallContext): Promise<void> {
    this.writable();
    const { e, row } = await this.active(ref, ctx);
    void opts;
    await this.serial(e.uuid, async () => {
      this.stopping.set(e.uuid, 'saved');
      await this.o.xl.save(String(row.domid), path, { signal: ctx.signal });
      if (!this.seen.has(e.uuid)) this.seen.set(e.uuid, { domid: row.domid, state: 'running', name: e.name });
      this.observe(e, undefined, { stopped: 'saved' });
    });
  }

  /** `xl restore FILE`; the restored domain must be one of ours (same UUID as a definition). */
  async restore(path: string, opts: { paused?: boolean }, ctx: CallContext): Promise<DomainRecord> {
    this.writable();
    const before = new Set((await this.o.xl.list(undefined, { signal: ctx.signal })).map((r) => r.domid));
    await this.o.xl.restore(path, { signal: ctx.signal, paused: opts.paused === true });
    const rows = await this.o.xl.list(undefined, { signal: ctx.signal });
    const row = rows.find((r) => !before.has(r.domid));
    if (!row?.uuid) throw new PolyvisorError(ErrorCode.OPERATION_FAILED, 'xl restore succeeded but no new domain appeared', { driver: DRIVER });
    const all = await this.entries();
    const e = all.get(row.uuid) ?? { name: row.name, uuid: row.uuid, autostart: false };
    const spec = e.def ?? e.status ? (e.def ?? parseDomainXml(e.status!.liveXml)) : undefined;
    if (spec) {
      const status: XenDomainStatus = { version: 1, name: e.name, uuid: e.uuid, domid: row.domid, liveXml: formatDomainXml({ ...spec, uuid: e.uuid }), xlcfg: renderXlCfg({ ...spec, uuid: e.uuid }, this.o.xlcfg ?? {}), startedAt: Date.now() };
      await writeFileAtomic(this.statusPath(e.name), `${JSON.stringify(status, null, 2)}\n`);
    }
    this.seen.set(e.uuid, { domid: row.domid, state: stateFromFlags(row.flags), name: e.name });
    this.emit('started', 'restored', e);
    if (opts.paused) this.emit('suspended', 'restored', e);
    return this.recordOf({ ...e, ...(spec && !('def' in e && e.def) ? {} : {}) }, ctx, rows);
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
