/**
 * `xen:///system` (xl on this machine) and
 * `xen+ssh://user@host[:port]/system?keyfile=...&known_hosts=...` (xl on a
 * remote Xen host over SSH): the Xen driver's connection and its
 * {@link Driver} object.
 * @module
 */
import {
  EventHub, ErrorCode, PolyvisorError, type CallContext, type Driver, type DriverConnection, type DriverOpenOptions, type HostCapabilities, type HostDriver, type NodeInfo,
  type ParsedUri, type PolyvisorEvent, type EventDriver, type GuestCapability,
} from '@polyvisor/core';
import { xenNativeFormats } from '../native.js';
import { localRunner, sshRunner, type XlRunner } from '../toolstack/runner.js';
import { Xl, type XlInfo, type XlOptions } from '../toolstack/xl.js';
import { XenDomains } from './domains.js';
import { xenPathsFor, type XenPaths } from './store.js';
import type { ToXlOptions } from '../xlcfg/from-domain.js';

const DRIVER = 'xen';

/** Options a caller can pass as `openConnection(uri, { driverOptions })`. */
export interface XenDriverOptions {
  /** A ready runner (overrides the one the URI implies; tests pass a replay runner here). */
  runner?: XlRunner;
  /** State directory on the manager (definitions, status files). Default: see `xenPathsFor`. */
  stateDir?: string;
  /** `xl` options (binary, temp dir on the target, per-command timeouts). */
  xl?: XlOptions;
  /** Poll interval of the event poller, ms (default 1000). */
  pollIntervalMs?: number;
  /** Watch domain creation/death with `xenstore-watch` while subscribed (default true; see `XenDomainsOptions.xenstoreWatch`). */
  xenstoreWatch?: boolean;
  /** Directory on the Xen host for managed save images (default `/var/lib/polyvisor/xen/save`). */
  hostSaveDir?: string;
  /** xl.cfg rendering options (network → bridge). */
  xlcfg?: ToXlOptions;
  /** Start autostart domains when the connection opens (default true). */
  autostart?: boolean;
  /** Environment (`HOME`, `XDG_CONFIG_HOME`, `POLYVISOR_SYSTEM_ROOT`); default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** The runner a URI implies: local for `xen:///system`, SSH for `xen+ssh://` (or a host). */
export function runnerForUri(uri: ParsedUri): XlRunner {
  if (uri.local && uri.transport === undefined) return localRunner();
  if (uri.transport !== undefined && uri.transport !== 'ssh') {
    throw new PolyvisorError(ErrorCode.INVALID_URI, `the Xen driver serves xen:///system and xen+ssh:// URIs, not '${uri.driver}+${uri.transport}'`, { driver: DRIVER });
  }
  if (!uri.host) throw new PolyvisorError(ErrorCode.INVALID_URI, `xen+ssh needs a host: '${uri.uri}'`, { driver: DRIVER });
  const p = uri.params;
  return sshRunner({
    host: uri.host,
    ...(uri.port !== undefined ? { port: uri.port } : {}),
    user: uri.user ?? 'root',
    ...(p.keyfile ? { keyfile: p.keyfile } : {}),
    ...(p.known_hosts ? { knownHosts: p.known_hosts } : {}),
    ...(p.no_verify === '1' ? { noVerify: true } : {}),
  });
}

/** Node info from `xl info`. */
export function nodeInfoFromXl(info: XlInfo): NodeInfo {
  const n = (k: string, d = 0): number => {
    const v = Number(info[k]);
    return Number.isFinite(v) ? v : d;
  };
  const cpus = n('nr_cpus', 1);
  const nodes = n('nr_nodes', 1) || 1;
  const cores = n('cores_per_socket', 1) || 1;
  const threads = n('threads_per_core', 1) || 1;
  return {
    model: info.machine ?? 'x86_64',
    memory: n('total_memory') * 1024,
    cpus,
    mhz: Math.round(n('cpu_mhz')),
    nodes,
    sockets: Math.max(1, Math.floor(cpus / (nodes * cores * threads))),
    cores,
    threads,
  };
}

/** Host capabilities from `xl info` (`xen_caps` → guest types, like libvirt's libxl driver). */
export function capabilitiesFromXl(info: XlInfo, paths: XenPaths): HostCapabilities {
  const guests: GuestCapability[] = [];
  let hvm = false;
  for (const cap of (info.xen_caps ?? '').split(/\s+/).filter(Boolean)) {
    const m = /^(xen|hvm)-[\d.]+-(x86_64|x86_32p?|arm64|aarch64)$/.exec(cap);
    if (!m) continue;
    const arch = m[2] === 'x86_64' ? 'x86_64' : m[2]!.startsWith('x86_32') ? 'i686' : 'aarch64';
    const osType = m[1] === 'xen' ? 'xen' : 'hvm';
    if (osType === 'hvm') hvm = true;
    if (guests.some((g) => g.osType === osType && g.arch === arch)) continue;
    guests.push({ osType, arch, wordsize: arch === 'i686' ? 32 : 64, ...(osType === 'hvm' ? { machines: ['xenfv'] } : { machines: ['xenpv'] }), domainTypes: ['xen'] });
  }
  if (hvm) guests.push({ osType: 'xenpvh', arch: 'x86_64', wordsize: 64, machines: ['xenpvh'], domainTypes: ['xen'] });
  return {
    host: {
      arch: info.machine === 'x86_64' ? 'x86_64' : (info.machine ?? 'x86_64'),
      xen: { version: info.xen_version ?? `${info.xen_major ?? '?'}.${info.xen_minor ?? '?'}${info.xen_extra ?? ''}`, scheduler: info.xen_scheduler, commandline: info.xen_commandline, virtCaps: info.virt_caps },
      hostname: info.host,
      stateDir: paths.configDir,
    },
    guests,
  };
}

/** A connection of the Xen driver. */
export class XenConnection implements DriverConnection {
  /** Canonical URI. */
  readonly uri: string;
  /** The toolstack wrapper. */
  readonly xl: Xl;
  /** Domain operations. */
  readonly domains: XenDomains;
  /** Host information (from `xl info`). */
  readonly host: HostDriver;
  /** Event source (see {@link XenDomains} for the polling). */
  readonly events: EventDriver;
  /** State directories on the manager. */
  readonly paths: XenPaths;
  private readonly hub = new EventHub();

  /** @internal Use `openConnection`. */
  constructor(uri: ParsedUri, options: DriverOpenOptions, xo: XenDriverOptions) {
    if (uri.path !== '/system' && uri.path !== '/') {
      throw new PolyvisorError(ErrorCode.INVALID_URI, `unexpected Xen URI path '${uri.path}', try xen:///system`, { driver: DRIVER });
    }
    this.uri = uri.local ? 'xen:///system' : uri.uri;
    const runner = xo.runner ?? runnerForUri(uri);
    this.xl = new Xl(runner, xo.xl ?? {});
    this.paths = xenPathsFor(uri, xo.stateDir, xo.env ?? process.env);
    const publish = (ev: PolyvisorEvent) => this.hub.publish(ev);
    this.domains = new XenDomains({
      xl: this.xl,
      paths: this.paths,
      publish,
      ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
      ...(xo.xlcfg ? { xlcfg: xo.xlcfg } : {}),
      ...(xo.pollIntervalMs !== undefined ? { pollIntervalMs: xo.pollIntervalMs } : {}),
      ...(xo.xenstoreWatch !== undefined ? { xenstoreWatch: xo.xenstoreWatch } : {}),
      ...(xo.hostSaveDir !== undefined ? { hostSaveDir: xo.hostSaveDir } : {}),
    });
    this.events = {
      subscribe: (p) => {
        const stopPoll = this.domains.watch();
        const unlisten = this.hub.listen(p);
        return () => {
          unlisten();
          stopPoll();
        };
      },
    };
    this.host = {
      info: async (ctx) => nodeInfoFromXl(await this.xl.info({ signal: ctx.signal })),
      capabilities: async (ctx) => capabilitiesFromXl(await this.xl.info({ signal: ctx.signal }), this.paths),
      hostname: async (ctx) => (await this.xl.info({ signal: ctx.signal })).host ?? 'localhost',
    };
  }

  /** @internal */
  async init(ctx: CallContext, autostart: boolean): Promise<void> {
    await this.domains.init(ctx.signal);
    if (autostart) await this.domains.autostart(ctx).catch(() => undefined);
  }

  /** Stops polling and closes the transport; domains keep running. */
  async close(): Promise<void> {
    await this.domains.close();
    await this.xl.runner.close();
  }
}

/**
 * The Xen driver (xl/libxl). Serves `xen:///system` locally and
 * `xen+ssh://user@host[:port]/system?keyfile=PATH&known_hosts=PATH` through
 * SSH:
 * ```ts
 * const conn = await openConnection('xen+ssh://root@xenhost/system?keyfile=/root/.ssh/id_ed25519', { drivers: [xenDriver] });
 * ```
 */
export const xenDriver: Driver = {
  name: DRIVER,
  schemes: ['xen'],
  transports: ['ssh'],
  nativeFormats: xenNativeFormats,
  async open(uri: ParsedUri, options: DriverOpenOptions): Promise<DriverConnection> {
    const xo = (options.driverOptions ?? {}) as XenDriverOptions;
    const conn = new XenConnection(uri, options, xo);
    try {
      await conn.init({ signal: options.signal }, xo.autostart !== false && options.readOnly !== true);
    } catch (err) {
      await conn.close().catch(() => undefined);
      if (err instanceof PolyvisorError && err.code !== ErrorCode.HYPERVISOR_ERROR) throw err;
      throw new PolyvisorError(ErrorCode.CONNECT_FAILED, `cannot open ${uri.uri}: ${(err as Error).message}`, { driver: DRIVER, cause: err });
    }
    return conn;
  },
};

/** Alias of {@link xenDriver}. */
export const driver: Driver = xenDriver;
