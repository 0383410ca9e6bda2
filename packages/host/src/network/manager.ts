/**
 * `HostNetworks`: libvirt-style virtual networks on a Linux host, behind
 * core's {@link NetworkDriver} contract. Same state machine, events and
 * error codes/messages as the in-memory test driver; the state lives on
 * disk so that a new manager process re-attaches to running networks:
 *
 * - `configDir/<name>.xml`: persistent definitions (inactive XML, 0600,
 *   written atomically); `configDir/autostart/<name>.xml`: autostart markers;
 * - `runDir/<name>.json`: status of an active network (live XML, what was
 *   created on the host, dnsmasq pid); `runDir/dnsmasq/`: dnsmasq config,
 *   hosts files, pid file, lease file and log;
 * - `runDir/networks.lock`: lock file serialising mutations across processes.
 *
 * All kernel work goes through a {@link CommandRunner} (`ip -json`, `nft -f -`,
 * `sysctl`, `tc`, `dnsmasq`), never a shell.
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, symlink, lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ErrorCode, PolyvisorError, formatNetworkXml, normalizeUuid, parseNetworkXml, validateName, delay,
  type CallContext, type DhcpLease, type NetworkDriver, type NetworkEventType, type NetworkInfo, type NetworkListFilter, type NetworkRef, type NetworkSpec,
  type PolyvisorEvent,
} from '@polyvisor/core';
import { acquireLock, ensurePrivateDir, readFileIfExists, removeIfExists, writeFileAtomic } from '../util/fs.js';
import { pidAlive, processCmdline, terminate } from '../util/process.js';
import { hostRunner, type CommandRunner } from '../util/runner.js';
import { formatIp, ipFamily, ipNetworkCidr, ipPrefix, parseIp } from '../util/ip.js';
import { networkDnsmasqConfig, parseDnsmasqLeases } from './dnsmasq.js';
import { DEFAULT_NFT_TABLE, firewallComment, networkFirewallRules, nftBaseScript, nftDeleteScript, nftRulesScript, type NftFamily } from './firewall.js';
import { attachTap, detachTap, getLink, listLinks, validateIfname, type AttachTapOptions } from './kernel.js';

/** Options of the {@link HostNetworks} constructor. */
export interface HostNetworksOptions {
  /** Directory of persistent definitions (created 0700). */
  configDir: string;
  /** Directory of runtime status (created 0700). */
  runDir: string;
  /** Receives `defined` / `undefined` / `started` / `stopped` events. */
  publish: (ev: PolyvisorEvent) => void;
  /** Where host commands run (default: the host itself). */
  runner?: CommandRunner;
  /** Refuse every mutating call with `OPERATION_INVALID`. */
  readOnly?: boolean;
  /** dnsmasq binary (default `dnsmasq`, from `PATH`). */
  dnsmasqBinary?: string;
  /** nftables table name, in both `ip` and `ip6` families (default `polyvisor`). */
  nftTable?: string;
  /** Driver name used in error messages (default `network`). */
  driverName?: string;
}

/** Status file of an active network (`runDir/<name>.json`). */
interface NetStatus {
  version: 1;
  uuid: string;
  name: string;
  /** Live definition (XML). */
  liveXml: string;
  /** Whether start created the bridge (and destroy must delete it). */
  createdBridge: boolean;
  /** nftables families where rules were added. */
  firewall: NftFamily[];
  /** dnsmasq pid, when one runs. */
  dnsmasqPid?: number;
  /** ms since the epoch. */
  startedAt: number;
}

interface NetObj {
  uuid: string;
  name: string;
  persistentDef?: NetworkSpec;
  liveDef?: NetworkSpec;
  active: boolean;
  autostart: boolean;
  status?: NetStatus;
}

/** Forward modes for which start builds a bridge with addresses (libvirt's "virtual" networks). */
const VIRTUAL_MODES = new Set<string | undefined>([undefined, 'nat', 'route', 'open']);

const clone = <T>(v: T): T => structuredClone(v);

/** Random locally administered MAC in QEMU/libvirt's `52:54:00` range. */
export function generateNetworkMac(): string {
  const b = randomBytes(3);
  return `52:54:00:${[...b].map((x) => x.toString(16).padStart(2, '0')).join(':')}`;
}

/**
 * Virtual networks on a Linux host (bridge, addresses, nftables, dnsmasq),
 * implementing core's {@link NetworkDriver}. Construct one per state
 * directory pair; state is loaded (and running networks re-attached) on the
 * first call.
 */
export class HostNetworks implements NetworkDriver {
  /** The runner used for every host command. */
  readonly runner: CommandRunner;
  private readonly opts: HostNetworksOptions;
  private readonly driver: string;
  private readonly table: string;
  private readonly networks = new Map<string, NetObj>();
  private loaded?: Promise<void>;
  private queue: Promise<unknown> = Promise.resolve();

  /** Creates the manager; nothing is read or touched until the first call. */
  constructor(options: HostNetworksOptions) {
    this.opts = options;
    this.runner = options.runner ?? hostRunner;
    this.driver = options.driverName ?? 'network';
    this.table = options.nftTable ?? DEFAULT_NFT_TABLE;
  }

  // ------------------------------------------------------------ helpers

  private err(code: ErrorCode, message: string, operation?: string, cause?: unknown): PolyvisorError {
    return new PolyvisorError(code, message, { driver: this.driver, ...(operation ? { operation } : {}), ...(cause !== undefined ? { cause } : {}) });
  }

  private get autostartDir(): string {
    return join(this.opts.configDir, 'autostart');
  }

  private get dnsmasqDir(): string {
    return join(this.opts.runDir, 'dnsmasq');
  }

  private configPath(name: string): string {
    return join(this.opts.configDir, `${name}.xml`);
  }

  private autostartPath(name: string): string {
    return join(this.autostartDir, `${name}.xml`);
  }

  private statusPath(name: string): string {
    return join(this.opts.runDir, `${name}.json`);
  }

  private dnsmasqFile(name: string, ext: string): string {
    return join(this.dnsmasqDir, `${name}.${ext}`);
  }

  private checkWritable(): void {
    if (this.opts.readOnly) throw this.err(ErrorCode.OPERATION_INVALID, 'operation forbidden: read only access');
  }

  private publish(n: { name: string; uuid: string }, type: NetworkEventType): void {
    try {
      this.opts.publish({ kind: 'network', type, network: { name: n.name, uuid: n.uuid }, timestamp: Date.now() });
    } catch {
      /* a listener's failure is not ours */
    }
  }

  private liveOrPersistent(n: NetObj): NetworkSpec | undefined {
    return (n.active ? n.liveDef : n.persistentDef) ?? n.persistentDef ?? n.liveDef;
  }

  private netInfo(n: NetObj): NetworkInfo {
    const bridge = this.liveOrPersistent(n)?.bridge?.name;
    return { name: n.name, uuid: n.uuid, active: n.active, persistent: n.persistentDef !== undefined, autostart: n.autostart, ...(bridge ? { bridge } : {}) };
  }

  private getNetwork(ref: NetworkRef): NetObj {
    const n = this.networks.get(ref.uuid);
    if (!n) throw this.err(ErrorCode.NO_NETWORK, `network "${ref.name}": no network with matching uuid '${ref.uuid}'`);
    return n;
  }

  private findByName(name: string): NetObj | undefined {
    for (const n of this.networks.values()) if (n.name === name) return n;
    return undefined;
  }

  /** Runs `fn` after every earlier mutation, holding the cross-process lock, on freshly reloaded state. */
  private async mutate<T>(ctx: CallContext | undefined, fn: () => Promise<T>): Promise<T> {
    this.checkWritable();
    await this.ensureLoaded();
    const run = async (): Promise<T> => {
      await ensurePrivateDir(this.opts.runDir);
      const lock = await acquireLock(join(this.opts.runDir, 'networks.lock'), { waitMs: 30_000, what: 'network state', driver: this.driver, ...(ctx?.signal ? { signal: ctx.signal } : {}) });
      try {
        await this.reload();
        return await fn();
      } finally {
        await lock.release();
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private ensureLoaded(): Promise<void> {
    this.loaded ??= (async () => {
      await ensurePrivateDir(this.opts.configDir);
      await ensurePrivateDir(this.opts.runDir);
      await this.reload();
      await this.reattach();
    })().catch((err: unknown) => {
      this.loaded = undefined;
      throw err;
    });
    return this.loaded;
  }

  /** Re-reads definitions, autostart markers and status files from disk. */
  private async reload(): Promise<void> {
    const fresh = new Map<string, NetObj>();
    const entries = await readdir(this.opts.configDir).catch(() => [] as string[]);
    for (const f of entries) {
      if (!f.endsWith('.xml') || f.startsWith('.')) continue;
      try {
        const spec = parseNetworkXml(await readFile(join(this.opts.configDir, f), 'utf8'));
        if (!spec.uuid) continue;
        const uuid = normalizeUuid(spec.uuid);
        spec.uuid = uuid;
        const autostart = await lstat(this.autostartPath(spec.name)).then(() => true, () => false);
        fresh.set(uuid, { uuid, name: spec.name, persistentDef: spec, active: false, autostart });
      } catch {
        /* an unreadable definition is skipped, as libvirt does */
      }
    }
    const runs = await readdir(this.opts.runDir).catch(() => [] as string[]);
    for (const f of runs) {
      if (!f.endsWith('.json') || f.startsWith('.')) continue;
      try {
        const status = JSON.parse(await readFile(join(this.opts.runDir, f), 'utf8')) as NetStatus;
        if (status.version !== 1) continue;
        const live = parseNetworkXml(status.liveXml);
        live.uuid = status.uuid;
        const n = fresh.get(status.uuid) ?? { uuid: status.uuid, name: status.name, active: false, autostart: false };
        n.liveDef = live;
        n.active = true;
        n.status = status;
        fresh.set(status.uuid, n);
      } catch {
        /* corrupt status: ignored */
      }
    }
    this.networks.clear();
    for (const [k, v] of fresh) this.networks.set(k, v);
  }

  /**
   * After a (re)start of the manager: every network whose status says
   * active is checked against the host. A missing bridge marks it inactive
   * (and cleans up what is left); a dead dnsmasq is restarted.
   */
  private async reattach(): Promise<void> {
    for (const n of [...this.networks.values()]) {
      if (!n.active || !n.status || !n.liveDef) continue;
      const spec = n.liveDef;
      const bridge = spec.bridge?.name;
      const mode = spec.forward?.mode;
      const needsBridge = VIRTUAL_MODES.has(mode) || (mode === 'bridge' && bridge !== undefined);
      const exists = bridge ? (await getLink(bridge, this.runner).catch(() => undefined)) !== undefined : false;
      if (needsBridge && !exists) {
        await this.teardown(n, n.status).catch(() => undefined);
        await this.clearStatus(n);
        continue;
      }
      if (VIRTUAL_MODES.has(mode)) {
        const pid = n.status.dnsmasqPid;
        const alive = pid !== undefined && (await this.isOurDnsmasq(pid, n.name));
        const cfg = networkDnsmasqConfig(spec, this.dnsmasqOptions(n.name));
        if (!alive && cfg.needed) {
          try {
            const newPid = await this.startDnsmasq(spec);
            n.status.dnsmasqPid = newPid;
            await writeFileAtomic(this.statusPath(n.name), JSON.stringify(n.status, null, 2));
          } catch {
            /* leave the network up without DHCP/DNS; a destroy + start fixes it */
          }
        }
      }
    }
  }

  private async clearStatus(n: NetObj): Promise<void> {
    await removeIfExists(this.statusPath(n.name));
    for (const ext of ['conf', 'pid']) await removeIfExists(this.dnsmasqFile(n.name, ext));
    n.active = false;
    n.liveDef = undefined;
    n.status = undefined;
    if (!n.persistentDef) this.networks.delete(n.uuid);
  }

  private async isOurDnsmasq(pid: number, name: string): Promise<boolean> {
    if (!pidAlive(pid)) return false;
    const argv = await processCmdline(pid);
    return argv !== undefined && argv.some((a) => a.includes('dnsmasq')) && argv.some((a) => a.includes(this.dnsmasqFile(name, 'conf')));
  }

  // ------------------------------------------------------------ validation

  private validateSpec(spec: NetworkSpec, op: string): void {
    try {
      validateName(spec.name, 'network');
      if (spec.uuid) spec.uuid = normalizeUuid(spec.uuid);
      if (spec.bridge?.name) validateIfname(spec.bridge.name, 'bridge');
      for (const ip of spec.ips ?? []) {
        parseIp(ip.address);
        ipPrefix(ip);
      }
    } catch (err) {
      if (err instanceof PolyvisorError) throw this.err(err.code, `network "${String(spec.name)}": ${err.message.replace(/^\[[^\]]+\] /, '')}`, op, err);
      throw err;
    }
    if (spec.forward?.mode === 'bridge' && !spec.bridge?.name && !spec.forward.dev && !spec.forward.interfaces?.length) {
      throw this.err(ErrorCode.INVALID_ARG, `network "${spec.name}": forward mode 'bridge' needs a <bridge name> or a forward device`, op);
    }
  }

  private checkConflicts(spec: NetworkSpec, op: string): NetObj | undefined {
    const byName = this.findByName(spec.name);
    const byUuid = spec.uuid ? this.networks.get(spec.uuid) : undefined;
    if (byName && spec.uuid && byName.uuid !== spec.uuid) throw this.err(ErrorCode.DUPLICATE, `network "${spec.name}": network '${spec.name}' already exists with uuid ${byName.uuid}`, op);
    if (byUuid && byUuid.name !== spec.name) throw this.err(ErrorCode.DUPLICATE, `network "${spec.name}": network '${byUuid.name}' is already defined with uuid ${byUuid.uuid}`, op);
    const bridge = spec.bridge?.name;
    if (bridge) {
      for (const n of this.networks.values()) {
        if (n === (byName ?? byUuid)) continue;
        if (this.netInfo(n).bridge === bridge) throw this.err(ErrorCode.DUPLICATE, `network "${spec.name}": bridge name '${bridge}' already in use by network '${n.name}'`, op);
      }
    }
    return byName ?? byUuid;
  }

  /** Fills in what libvirt assigns on define: bridge name (`virbrN`) and MAC for virtual networks. */
  private async assignDefaults(spec: NetworkSpec, existing: NetObj | undefined): Promise<void> {
    if (!VIRTUAL_MODES.has(spec.forward?.mode)) return;
    const prev = existing ? this.liveOrPersistent(existing) : undefined;
    if (!spec.bridge?.name) {
      let name = prev?.bridge?.name;
      if (!name) {
        const used = new Set<string>();
        for (const n of this.networks.values()) {
          const b = this.netInfo(n).bridge;
          if (b) used.add(b);
        }
        for (const l of await listLinks(this.runner).catch(() => [])) used.add(l.ifname);
        let i = 0;
        while (used.has(`virbr${i}`)) i++;
        name = `virbr${i}`;
      }
      spec.bridge = { ...(spec.bridge ?? {}), name };
    }
    if (!spec.mac) spec.mac = { address: prev?.mac?.address ?? generateNetworkMac() };
  }

  private async writeConfig(spec: NetworkSpec): Promise<void> {
    await ensurePrivateDir(this.opts.configDir);
    await writeFileAtomic(this.configPath(spec.name), formatNetworkXml(spec, { inactive: true }));
  }

  // ------------------------------------------------------------ NetworkDriver

  /** Lists networks (sorted by name). */
  async list(filter: NetworkListFilter = {}, _ctx?: CallContext): Promise<NetworkInfo[]> {
    await this.ensureLoaded();
    return [...this.networks.values()]
      .map((n) => this.netInfo(n))
      .filter((i) => (filter.active === undefined || i.active === filter.active) && (filter.persistent === undefined || i.persistent === filter.persistent) && (filter.autostart === undefined || i.autostart === filter.autostart))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Looks a network up by name (`NO_NETWORK`). */
  async lookupByName(name: string, _ctx?: CallContext): Promise<NetworkInfo> {
    await this.ensureLoaded();
    const n = this.findByName(name);
    if (!n) throw this.err(ErrorCode.NO_NETWORK, `network not found: no network with matching name '${name}'`);
    return this.netInfo(n);
  }

  /** Looks a network up by UUID (`NO_NETWORK`). */
  async lookupByUuid(uuid: string, _ctx?: CallContext): Promise<NetworkInfo> {
    await this.ensureLoaded();
    let key = uuid;
    try {
      key = normalizeUuid(uuid);
    } catch {
      /* reported as not found below */
    }
    const n = this.networks.get(key);
    if (!n) throw this.err(ErrorCode.NO_NETWORK, `network not found: no network with matching uuid '${uuid}'`);
    return this.netInfo(n);
  }

  /** Defines (or updates) a persistent network; generates UUID, bridge name and MAC when absent. */
  async define(input: NetworkSpec, ctx?: CallContext): Promise<NetworkInfo> {
    return this.mutate(ctx, async () => {
      const spec = clone(input);
      this.validateSpec(spec, 'networks.define');
      const existing = this.checkConflicts(spec, 'networks.define');
      await this.assignDefaults(spec, existing);
      this.checkConflicts(spec, 'networks.define');
      if (existing) {
        spec.uuid = existing.uuid;
        await this.writeConfig(spec);
        existing.persistentDef = spec;
        this.publish(existing, 'defined');
        return this.netInfo(existing);
      }
      spec.uuid ??= randomUUID();
      await this.writeConfig(spec);
      const n: NetObj = { uuid: spec.uuid, name: spec.name, persistentDef: spec, active: false, autostart: false };
      this.networks.set(n.uuid, n);
      this.publish(n, 'defined');
      return this.netInfo(n);
    });
  }

  /** Creates and starts a transient network. */
  async createTransient(input: NetworkSpec, ctx?: CallContext): Promise<NetworkInfo> {
    return this.mutate(ctx, async () => {
      const spec = clone(input);
      this.validateSpec(spec, 'networks.createTransient');
      const existing = this.checkConflicts(spec, 'networks.createTransient');
      if (existing?.active) throw this.err(ErrorCode.OPERATION_INVALID, `network "${existing.name}": network is already active`, 'networks.createTransient');
      await this.assignDefaults(spec, existing);
      this.checkConflicts(spec, 'networks.createTransient');
      spec.uuid = existing?.uuid ?? spec.uuid ?? randomUUID();
      const n: NetObj = existing ?? { uuid: spec.uuid, name: spec.name, active: false, autostart: false };
      await this.bringUp(n, spec, 'networks.createTransient', ctx?.signal);
      if (!existing) this.networks.set(n.uuid, n);
      this.publish(n, 'started');
      return this.netInfo(n);
    });
  }

  /** Starts a defined network. */
  async start(ref: NetworkRef, ctx?: CallContext): Promise<void> {
    await this.mutate(ctx, async () => {
      const n = this.getNetwork(ref);
      if (n.active) throw this.err(ErrorCode.OPERATION_INVALID, `network "${n.name}": network is already active`, 'networks.start');
      await this.bringUp(n, clone(n.persistentDef!), 'networks.start', ctx?.signal);
      this.publish(n, 'started');
    });
  }

  /** Stops a network: dnsmasq, firewall rules and the bridge it created go away. */
  async destroy(ref: NetworkRef, ctx?: CallContext): Promise<void> {
    await this.mutate(ctx, async () => {
      const n = this.getNetwork(ref);
      if (!n.active) throw this.err(ErrorCode.OPERATION_INVALID, `network "${n.name}": network is not active`, 'networks.destroy');
      if (n.status) await this.teardown(n, n.status);
      const wasTransient = !n.persistentDef;
      await this.clearStatus(n);
      if (wasTransient) await removeIfExists(this.dnsmasqFile(n.name, 'leases'));
      this.publish(n, 'stopped');
    });
  }

  /** Removes the persistent definition (an active network becomes transient). */
  async undefine(ref: NetworkRef, ctx?: CallContext): Promise<void> {
    await this.mutate(ctx, async () => {
      const n = this.getNetwork(ref);
      if (!n.persistentDef) throw this.err(ErrorCode.OPERATION_INVALID, `network "${n.name}": cannot undefine transient network`, 'networks.undefine');
      await removeIfExists(this.autostartPath(n.name));
      await removeIfExists(this.configPath(n.name));
      n.persistentDef = undefined;
      n.autostart = false;
      this.publish(n, 'undefined');
      if (!n.active) {
        this.networks.delete(n.uuid);
        await removeIfExists(this.dnsmasqFile(n.name, 'leases'));
      }
    });
  }

  /** Current info. */
  async getInfo(ref: NetworkRef, _ctx?: CallContext): Promise<NetworkInfo> {
    await this.ensureLoaded();
    return this.netInfo(this.getNetwork(ref));
  }

  /** Live definition, or the persistent one with `inactive`. */
  async getSpec(ref: NetworkRef, opts: { inactive?: boolean } = {}, _ctx?: CallContext): Promise<NetworkSpec> {
    await this.ensureLoaded();
    const n = this.getNetwork(ref);
    const def = opts.inactive ? (n.persistentDef ?? n.liveDef) : n.active ? n.liveDef : n.persistentDef;
    return clone(def!);
  }

  /** Sets autostart (persistent networks only). */
  async setAutostart(ref: NetworkRef, autostart: boolean, ctx?: CallContext): Promise<void> {
    await this.mutate(ctx, async () => {
      const n = this.getNetwork(ref);
      if (!n.persistentDef) throw this.err(ErrorCode.OPERATION_INVALID, `network "${n.name}": cannot set autostart for transient network`, 'networks.setAutostart');
      if (autostart) {
        await ensurePrivateDir(this.autostartDir);
        await removeIfExists(this.autostartPath(n.name));
        await symlink(this.configPath(n.name), this.autostartPath(n.name));
      } else {
        await removeIfExists(this.autostartPath(n.name));
      }
      n.autostart = autostart;
    });
  }

  /** DHCP leases handed out by the network's dnsmasq (optionally of one MAC). */
  async getDhcpLeases(ref: NetworkRef, opts: { mac?: string } = {}, _ctx?: CallContext): Promise<DhcpLease[]> {
    await this.ensureLoaded();
    const n = this.getNetwork(ref);
    const spec = this.liveOrPersistent(n);
    if (!n.active || !spec) return [];
    const text = await readFileIfExists(this.dnsmasqFile(n.name, 'leases'));
    if (!text) return [];
    const now = Date.now();
    const want = opts.mac?.toLowerCase();
    return parseDnsmasqLeases(text, spec, spec.bridge?.name ?? '')
      .filter((l) => l.expiryTime === 0 || l.expiryTime > now)
      .filter((l) => want === undefined || l.mac === want);
  }

  // ------------------------------------------------------------ extras

  /** Starts every inactive network marked autostart; returns the names that failed. */
  async autostartAll(ctx?: CallContext): Promise<Array<{ name: string; error: unknown }>> {
    await this.ensureLoaded();
    const failed: Array<{ name: string; error: unknown }> = [];
    for (const info of await this.list({ autostart: true, active: false })) {
      try {
        await this.start(info, ctx);
      } catch (error) {
        failed.push({ name: info.name, error });
      }
    }
    return failed;
  }

  /**
   * Creates a tap for a guest interface on the active network `network`
   * (name) and enslaves it to its bridge; see {@link attachTap}.
   */
  async attachTap(opts: Omit<AttachTapOptions, 'network' | 'runner'> & { network: string }): Promise<void> {
    const info = await this.lookupByName(opts.network);
    if (!info.active) throw this.err(ErrorCode.OPERATION_INVALID, `network "${info.name}": network is not active`, 'networks.attachTap');
    await attachTap({ ...opts, network: info, runner: this.runner });
  }

  /** Removes a tap made by {@link HostNetworks.attachTap}. */
  async detachTap(tapName: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
    await detachTap(tapName, { ...opts, runner: this.runner });
  }

  /** Paths of a network's dnsmasq files (config, pid, leases, log), for diagnostics. */
  dnsmasqPaths(name: string): { config: string; pidFile: string; leaseFile: string; log: string } {
    return { config: this.dnsmasqFile(name, 'conf'), pidFile: this.dnsmasqFile(name, 'pid'), leaseFile: this.dnsmasqFile(name, 'leases'), log: this.dnsmasqFile(name, 'log') };
  }

  // ------------------------------------------------------------ bring up / tear down

  private dnsmasqOptions(name: string) {
    return { paths: this.dnsmasqDir, fileStem: name, pidFile: this.dnsmasqFile(name, 'pid'), leaseFile: this.dnsmasqFile(name, 'leases'), inlineHosts: true };
  }

  private async sysctl(key: string, value: string): Promise<void> {
    await this.runner.run(['sysctl', '-q', '-w', `${key}=${value}`], { check: false });
  }

  private async bringUp(n: NetObj, spec: NetworkSpec, op: string, signal?: AbortSignal): Promise<void> {
    const status: NetStatus = { version: 1, uuid: n.uuid, name: n.name, liveXml: formatNetworkXml(spec), createdBridge: false, firewall: [], startedAt: Date.now() };
    const mode = spec.forward?.mode;
    const s = signal ? { signal } : {};
    try {
      if (VIRTUAL_MODES.has(mode)) {
        await this.bringUpVirtual(n, spec, status, s);
      } else if (mode === 'bridge' && spec.bridge?.name) {
        const link = await getLink(spec.bridge.name, this.runner, signal);
        if (!link) throw this.err(ErrorCode.OPERATION_FAILED, `network "${n.name}": bridge '${spec.bridge.name}' does not exist`, op);
      }
      // Other modes (macvtap bridge/private/vepa/passthrough, hostdev) need no host setup until a guest connects.
      await writeFileAtomic(this.statusPath(n.name), JSON.stringify(status, null, 2));
    } catch (err) {
      await this.teardown(n, status).catch(() => undefined);
      await removeIfExists(this.statusPath(n.name));
      if (err instanceof PolyvisorError) {
        if (err.driver === this.driver) throw err;
        throw this.err(err.code === ErrorCode.ABORTED || err.code === ErrorCode.TIMEOUT ? err.code : ErrorCode.OPERATION_FAILED, `network "${n.name}": failed to start: ${err.message}`, op, err);
      }
      throw this.err(ErrorCode.OPERATION_FAILED, `network "${n.name}": failed to start: ${err instanceof Error ? err.message : String(err)}`, op, err);
    }
    n.liveDef = spec;
    n.active = true;
    n.status = status;
  }

  private async bringUpVirtual(n: NetObj, spec: NetworkSpec, status: NetStatus, s: { signal?: AbortSignal }): Promise<void> {
    const r = this.runner;
    const br = spec.bridge!.name!;
    if (await getLink(br, r, s.signal)) throw this.err(ErrorCode.OPERATION_FAILED, `network "${n.name}": bridge device '${br}' already exists`);
    const fwdDelay = spec.bridge?.delay ?? 0;
    await r.run(['ip', 'link', 'add', 'name', br, ...(spec.mac ? ['address', spec.mac.address] : []), 'type', 'bridge', 'forward_delay', String(fwdDelay * 100), 'stp_state', '0'], s);
    status.createdBridge = true;
    if (spec.bridge?.stp !== false) await r.run(['ip', 'link', 'set', 'dev', br, 'type', 'bridge', 'stp_state', '1'], s);
    if (spec.mtu?.size) await r.run(['ip', 'link', 'set', 'dev', br, 'mtu', String(spec.mtu.size)], s);
    const ips = spec.ips ?? [];
    const has6 = ips.some((ip) => ipFamily(ip) === 6);
    if (has6) {
      await this.sysctl(`net/ipv6/conf/${br}/disable_ipv6`, '0');
      await this.sysctl(`net/ipv6/conf/${br}/accept_ra`, '0');
      await this.sysctl(`net/ipv6/conf/${br}/autoconf`, '0');
    } else if (spec.ipv6 !== true) {
      await this.sysctl(`net/ipv6/conf/${br}/disable_ipv6`, '1');
    }
    for (const ip of ips) {
      const addr = `${formatIp(parseIp(ip.address))}/${ipPrefix(ip)}`;
      if (ipFamily(ip) === 6) await r.run(['ip', '-6', 'addr', 'add', addr, 'dev', br, 'nodad'], s);
      else await r.run(['ip', '-4', 'addr', 'add', addr, 'broadcast', '+', 'dev', br], s);
    }
    await r.run(['ip', 'link', 'set', 'dev', br, 'up'], s);
    for (const route of spec.routes ?? []) {
      const fam = route.family === 'ipv6' || route.address.includes(':') ? '-6' : '-4';
      await r.run(['ip', fam, 'route', 'add', ipNetworkCidr(route), 'via', route.gateway, 'dev', br, ...(route.metric ? ['metric', String(route.metric)] : [])], s);
    }
    const mode = spec.forward?.mode;
    if (mode === 'nat' || mode === 'route') {
      if (ips.some((ip) => ipFamily(ip) === 4)) await this.sysctl('net/ipv4/ip_forward', '1');
      if (has6) await this.sysctl('net/ipv6/conf/all/forwarding', '1');
    }
    const plan = networkFirewallRules(spec);
    if (plan.rules.length) {
      const families = [...new Set(plan.rules.map((x) => x.family))];
      for (const f of families) await r.run(['nft', '-f', '-'], { ...s, input: nftBaseScript(f, this.table) });
      status.firewall = families;
      await r.run(['nft', '-f', '-'], { ...s, input: nftRulesScript(plan.rules, firewallComment(n.uuid), this.table) });
      // libvirt's DHCP checksum fix; needs act_csum, so best effort (undone when it cannot be completed).
      if (networkHasIpv4Dhcp(spec)) {
        const q = await r.run(plan.tc[1]!, { check: false });
        if (q.code === 0) {
          const f = await r.run(plan.tc[2]!, { check: false });
          if (f.code !== 0) await r.run(['tc', 'qdisc', 'del', 'dev', br, 'root', 'handle', '1:'], { check: false });
        }
      }
    }
    const cfg = networkDnsmasqConfig(spec, this.dnsmasqOptions(n.name));
    if (cfg.needed) status.dnsmasqPid = await this.startDnsmasq(spec);
  }

  private async startDnsmasq(spec: NetworkSpec): Promise<number> {
    const name = spec.name;
    const cfg = networkDnsmasqConfig(spec, this.dnsmasqOptions(name));
    await ensurePrivateDir(this.dnsmasqDir);
    const confPath = this.dnsmasqFile(name, 'conf');
    await writeFileAtomic(confPath, cfg.config, 0o600);
    const pidFile = this.dnsmasqFile(name, 'pid');
    await removeIfExists(pidFile);
    // dnsmasq daemonises; its parent exits once the child has written the pid file.
    await this.runner.run([this.opts.dnsmasqBinary ?? 'dnsmasq', `--conf-file=${confPath}`, `--log-facility=${this.dnsmasqFile(name, 'log')}`]);
    for (let i = 0; i < 100; i++) {
      const pid = Number((await readFileIfExists(pidFile))?.trim());
      if (Number.isInteger(pid) && pid > 0) return pid;
      await delay(20);
    }
    throw this.err(ErrorCode.OPERATION_FAILED, `network "${name}": dnsmasq did not write its pid file ${pidFile}`);
  }

  /** Undoes what start did, as far as `status` records it (best effort per step, first error rethrown). */
  private async teardown(n: NetObj, status: NetStatus): Promise<void> {
    const errors: unknown[] = [];
    const step = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (err) {
        errors.push(err);
      }
    };
    const pid = status.dnsmasqPid;
    if (pid !== undefined) await step(async () => ((await this.isOurDnsmasq(pid, n.name)) ? terminate(pid, { driver: this.driver }) : undefined));
    for (const f of status.firewall) {
      await step(async () => {
        const list = await this.runner.run(['nft', '-j', '-a', 'list', 'table', f, this.table], { check: false });
        if (list.code !== 0) return;
        const script = nftDeleteScript(list.stdout, firewallComment(n.uuid));
        if (script) await this.runner.run(['nft', '-f', '-'], { input: script });
      });
    }
    const spec = status.liveXml ? parseNetworkXml(status.liveXml) : (n.liveDef ?? n.persistentDef);
    const br = spec?.bridge?.name;
    if (status.createdBridge && br) {
      await step(async () => {
        if (await getLink(br, this.runner)) await this.runner.run(['ip', 'link', 'del', 'dev', br]);
      });
    }
    if (errors.length) throw errors[0];
  }
}

function networkHasIpv4Dhcp(spec: NetworkSpec): boolean {
  return (spec.ips ?? []).some((ip) => ipFamily(ip) === 4 && ((ip.dhcp?.ranges?.length ?? 0) > 0 || (ip.dhcp?.hosts?.length ?? 0) > 0));
}

