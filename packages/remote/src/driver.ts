/**
 * The remote driver: `DRIVER+ssh://[user@]host[:port]/path?query` opens
 * `DRIVER:///path?query` on the far host through `polyvisor agent --stdio`
 * run over SSH, and proxies the whole driver contract to it (libvirt's
 * remote driver). The sub-drivers expose exactly the methods the far driver
 * implements, so `capabilities()` and `UNSUPPORTED` behave as locally.
 * @module
 */
import {
  AbortError, ErrorCode, PolyvisorError, type CallContext, type Driver, type DriverConnection, type DriverOpenOptions, type DomainDriver, type EventDriver, type HostDriver,
  type NetworkDriver, type ParsedUri, type PolyvisorEvent, type StorageDriver,
} from '@polyvisor/core';
import { Channel, type ChannelTransport, type EncodeScope } from './channel.js';
import {
  PROTOCOL_VERSION, RemoteProtocolError, SUB_DRIVERS, SUPPORTED_PROTOCOL_VERSIONS, errorFromWire, type Message, type ServerInfo, type SubDriverName,
} from './protocol.js';
import { openSshTransport, sshOptionsFromUri } from './ssh.js';

/** A connected byte transport to an agent. */
export interface RemoteTransport extends ChannelTransport {
  /** Where it goes (`user@host:port`), for messages. */
  label?: string;
  /** Tears the transport down. */
  close(): Promise<void> | void;
  /** Registers a listener for the transport dying; returns the function that removes it. */
  onClosed?(listener: (err?: Error) => void): () => void;
  /** Diagnostics after a failure (remote exit status, stderr tail). */
  describeFailure?(): Promise<string>;
}

/** Opens a fresh transport (used for the first connection and for {@link RemoteDriverConnection.reconnect}). */
export type RemoteTransportFactory = (signal: AbortSignal) => Promise<RemoteTransport>;

/** Options of {@link RemoteDriverConnection.open}. */
export interface RemoteConnectionOptions {
  /** The URI this connection reports (the one given to `openConnection`). */
  uri: string;
  /** Opens the transport. */
  connect: RemoteTransportFactory;
  /** Aborts the open. */
  signal: AbortSignal;
  /** Ask the agent to open the far connection read-only. */
  readOnly?: boolean;
  /** Frame size limit. */
  maxFrameBytes?: number;
  /**
   * How other hosts reach the far host (the SSH host name or address). Used
   * to turn a wildcard migration listener reported by the far driver's
   * `migratePrepare` into an address a source host can connect to; see
   * {@link rewriteMigrationUri}.
   */
  migrationHost?: string;
}

/** Matches a `tcp:` migration URI on a wildcard address (`0.0.0.0`, `::`, `[::]`); group 1 is the port. */
const WILDCARD_TCP = /^tcp:(?:0\.0\.0\.0|\[::\]|::):(\d+)$/;

/**
 * The remote side of host-to-host migration. A destination driver that
 * listens for the migration stream on a wildcard address reports either the
 * wildcard URI itself (`tcp:0.0.0.0:PORT`, `tcp:[::]:PORT`) or a URI for a
 * source on its own host plus the wildcard listener as `listenUri` (the KVM
 * driver: `{uri: 'tcp:127.0.0.1:PORT', listenUri: 'tcp:0.0.0.0:PORT'}`).
 * Neither is usable by a source on another host, so the remote driver, which
 * knows how that host is reached (its SSH host), rewrites the result's `uri`
 * to `tcp:HOST:PORT`. Anything else (an explicit `uri` the caller chose, a
 * unix socket, a driver that does not migrate over TCP) passes unchanged.
 */
export function rewriteMigrationUri<T>(result: T, host: string | undefined): T {
  if (!host || result === null || typeof result !== 'object') return result;
  const r = result as { uri?: unknown; listenUri?: unknown };
  const listener = typeof r.listenUri === 'string' ? r.listenUri : r.uri;
  if (typeof listener !== 'string') return result;
  const m = WILDCARD_TCP.exec(listener);
  if (!m) return result;
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return { ...result, uri: `tcp:${h}:${m[1]}` };
}

interface Pending {
  resolve(v: unknown): void;
  reject(err: unknown): void;
  scope: EncodeScope;
  operation: string;
}

const isCtx = (v: unknown): v is CallContext => v !== null && typeof v === 'object' && typeof (v as { signal?: { aborted?: unknown } }).signal?.aborted === 'boolean';

function abortReason(signal: AbortSignal, operation: string): PolyvisorError {
  const r: unknown = signal.reason;
  if (r instanceof PolyvisorError) return r;
  return new AbortError(`${operation} aborted`, { driver: 'remote', operation, cause: r });
}

/** One transport connection with its channel, pending calls and the agent's hello. */
class Session {
  readonly channel: Channel;
  server: ServerInfo | undefined;
  version = 0;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private helloWaiter: { resolve(): void; reject(err: unknown): void } | undefined;
  private fatal: PolyvisorError | undefined;

  constructor(
    readonly transport: RemoteTransport,
    private readonly owner: RemoteDriverConnection,
    maxFrameBytes: number | undefined,
  ) {
    this.channel = new Channel(transport, {
      side: 'client',
      ...(maxFrameBytes !== undefined ? { maxFrameBytes } : {}),
      onMessage: (m) => this.onMessage(m),
      onClose: (r) => this.onClose(r),
    });
    transport.onClosed?.((err) => {
      this.channel.close(new PolyvisorError(ErrorCode.CONNECT_FAILED, `connection to ${transport.label ?? 'the agent'} lost${err ? `: ${err.message}` : ''}`, { driver: 'remote', ...(err ? { cause: err } : {}) }));
    });
  }

  async hello(readOnly: boolean, signal: AbortSignal): Promise<void> {
    const wait = new Promise<void>((resolve, reject) => (this.helloWaiter = { resolve, reject }));
    const onAbort = () => this.helloWaiter?.reject(abortReason(signal, 'connection.open'));
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (signal.aborted) throw abortReason(signal, 'connection.open');
      this.channel.send({ t: 'hello', versions: [...SUPPORTED_PROTOCOL_VERSIONS], readOnly });
      await wait;
    } catch (err) {
      const detail = this.fatal ? '' : await this.transport.describeFailure?.().catch(() => '');
      this.channel.close(err instanceof PolyvisorError ? err : new PolyvisorError(ErrorCode.CONNECT_FAILED, String(err), { driver: 'remote' }));
      await Promise.resolve(this.transport.close()).catch(() => undefined);
      if (err instanceof PolyvisorError && detail && err.code === ErrorCode.CONNECT_FAILED && !this.fatal) {
        throw new PolyvisorError(ErrorCode.CONNECT_FAILED, `${err.message.replace(/^\[remote\] /, '')} (${detail})`, { driver: 'remote', operation: 'connection.open', cause: err, ...(err.detail ? { detail: err.detail } : {}) });
      }
      throw err;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private onMessage(msg: Message): void {
    if (this.helloWaiter && !this.server) {
      if (msg.t === 'error' && msg.id === undefined) {
        // The agent refused (e.g. the far driver failed to open): keep its typed error.
        this.fatal = errorFromWire(msg.error);
        this.helloWaiter.reject(this.fatal);
        return;
      }
      if (msg.t !== 'hello' || msg.version === undefined || !msg.server) throw new RemoteProtocolError(`expected the agent's hello, got '${msg.t}'`, 'sequence');
      if (!SUPPORTED_PROTOCOL_VERSIONS.includes(msg.version)) throw new RemoteProtocolError(`agent chose unsupported protocol version ${msg.version}`, 'version');
      this.version = msg.version;
      this.server = msg.server;
      this.helloWaiter.resolve();
      return;
    }
    switch (msg.t) {
      case 'result': {
        const p = this.pending.get(msg.id);
        if (!p) return; // cancelled meanwhile
        this.pending.delete(msg.id);
        const streams: string[] = [];
        let value: unknown;
        try {
          value = this.channel.decodeValue(msg.value, { streams });
        } catch (err) {
          p.reject(err);
          throw err;
        }
        this.channel.whenStreamsDone(streams, () => this.channel.releaseCallbacks(p.scope.callbacks));
        p.resolve(value);
        return;
      }
      case 'error': {
        if (msg.id === undefined) {
          this.fatal = errorFromWire(msg.error);
          return; // the agent closes next; pending calls are rejected then
        }
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        this.channel.releaseCallbacks(p.scope.callbacks);
        this.channel.abortStreams(p.scope.streams, errorFromWire(msg.error));
        p.reject(errorFromWire(msg.error));
        return;
      }
      case 'event':
        this.owner.publish(msg.event);
        return;
      case 'callback':
        this.channel.runCallback(msg.cb, this.channel.decodeValue(msg.args, {}) as unknown[]);
        return;
      default:
        throw new RemoteProtocolError(`unexpected '${msg.t}' message from the agent`, 'sequence');
    }
  }

  private onClose(reason: PolyvisorError): void {
    const cause = this.fatal ?? reason;
    const what = this.server ? `connection to ${this.transport.label ?? 'the agent'} lost` : `the agent on ${this.transport.label ?? 'the far side'} closed the connection before its hello`;
    const lost = reason.code === ErrorCode.CONNECTION_CLOSED
      ? reason
      : new PolyvisorError(ErrorCode.CONNECT_FAILED, `${what}: ${cause.message.replace(/^\[[a-z-]+\] /, '')}`, { driver: 'remote', cause, detail: { code: cause.code, ...(cause.detail ? { cause: cause.detail } : {}) } });
    this.helloWaiter?.reject(this.fatal ?? lost);
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new PolyvisorError(lost.code, lost.message.replace(/^\[remote\] /, ''), { driver: 'remote', operation: p.operation, cause: lost, ...(lost.detail ? { detail: lost.detail } : {}) }));
    }
    void Promise.resolve(this.transport.close()).catch(() => undefined);
    if (this.server) this.owner.sessionClosed(this, lost);
  }

  call(sub: SubDriverName, method: string, args: unknown[], ctx: CallContext): Promise<unknown> {
    const operation = `${sub}.${method}`;
    if (ctx.signal.aborted) return Promise.reject(abortReason(ctx.signal, operation));
    if (this.channel.closed) return Promise.reject(this.owner.notConnected(operation));
    const id = ++this.nextId;
    const scope: EncodeScope = { callbacks: [], streams: [] };
    const encoded = this.channel.encodeValue(args, scope) as unknown[];
    return new Promise<unknown>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.channel.send({ t: 'cancel', id });
        this.channel.releaseCallbacks(scope.callbacks);
        reject(abortReason(ctx.signal, operation));
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const off = () => ctx.signal.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (v) => {
          off();
          resolve(v);
        },
        reject: (e) => {
          off();
          reject(e);
        },
        scope,
        operation,
      });
      this.channel.send({ t: 'call', id, sub, method, args: encoded });
    });
  }

  subscribe(on: boolean): void {
    if (!this.channel.closed) this.channel.send({ t: on ? 'subscribe' : 'unsubscribe' });
  }
}

/**
 * A connection to a driver on another host through the agent. Besides the
 * {@link DriverConnection} contract it offers {@link RemoteDriverConnection.reconnect}
 * (reach it with `conn.driverConnection<RemoteDriverConnection>()`).
 */
export class RemoteDriverConnection implements DriverConnection {
  private session: Session | undefined;
  private subs: Partial<Record<SubDriverName, Record<string, (...a: unknown[]) => Promise<unknown>>>> = {};
  private eventDriver: EventDriver | undefined;
  private readonly listeners = new Set<(ev: PolyvisorEvent) => void>();
  private readonly disconnectListeners = new Set<(err: PolyvisorError) => void>();
  private lostReason: PolyvisorError | undefined;
  private closed = false;

  private constructor(private readonly opts: RemoteConnectionOptions) {}

  /** Connects the transport and says hello; rejects with `CONNECT_FAILED` (or the far side's typed error). */
  static async open(opts: RemoteConnectionOptions): Promise<RemoteDriverConnection> {
    const c = new RemoteDriverConnection(opts);
    await c.connect(opts.signal);
    return c;
  }

  /** The URI given to `openConnection`. */
  get uri(): string {
    return this.opts.uri;
  }

  /** What the agent reported: far driver, far URI, methods, events. */
  get server(): ServerInfo {
    return this.session!.server!;
  }

  /** The negotiated protocol version. */
  get protocolVersion(): number {
    return this.session?.version ?? PROTOCOL_VERSION;
  }

  /** True while the transport is up. */
  get connected(): boolean {
    return this.session !== undefined && !this.session.channel.closed && !this.closed;
  }

  /** Domain operations the far driver implements. */
  get domains(): DomainDriver | undefined {
    return this.subs.domains as DomainDriver | undefined;
  }
  /** Network operations the far driver implements. */
  get networks(): NetworkDriver | undefined {
    return this.subs.networks as NetworkDriver | undefined;
  }
  /** Storage operations the far driver implements. */
  get storage(): StorageDriver | undefined {
    return this.subs.storage as StorageDriver | undefined;
  }
  /** Host operations the far driver implements. */
  get host(): HostDriver | undefined {
    return this.subs.host as HostDriver | undefined;
  }
  /** Events, when the far driver delivers them; subscriptions survive {@link RemoteDriverConnection.reconnect}. */
  get events(): EventDriver | undefined {
    return this.eventDriver;
  }

  /** Registers a listener for the transport going away; returns the function that removes it. */
  onDisconnect(listener: (err: PolyvisorError) => void): () => void {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  /**
   * Opens a new transport after the connection was lost (no-op when
   * connected). Event subscriptions are renewed; handles obtained before
   * keep working since they name objects by UUID.
   */
  async reconnect(ctx: Partial<CallContext> = {}): Promise<void> {
    if (this.closed) throw new PolyvisorError(ErrorCode.CONNECTION_CLOSED, `connection to ${this.uri} is closed`, { driver: 'remote', operation: 'connection.reconnect' });
    if (this.connected) return;
    await this.connect(ctx.signal ?? AbortSignal.timeout(30_000));
  }

  private async connect(signal: AbortSignal): Promise<void> {
    const transport = await this.opts.connect(signal);
    const s = new Session(transport, this, this.opts.maxFrameBytes);
    await s.hello(this.opts.readOnly === true, signal);
    this.session = s;
    this.lostReason = undefined;
    this.buildProxies(s.server!);
    if (this.listeners.size) s.subscribe(true);
  }

  private buildProxies(server: ServerInfo): void {
    const subs: typeof this.subs = {};
    for (const sub of SUB_DRIVERS) {
      const names = server.methods[sub];
      if (!names) continue;
      const obj: Record<string, (...a: unknown[]) => Promise<unknown>> = {};
      for (const m of names) {
        obj[m] = (...a: unknown[]) => {
          const last = a[a.length - 1];
          const ctx: CallContext = isCtx(last) ? last : { signal: new AbortController().signal };
          const args = isCtx(last) ? a.slice(0, -1) : a;
          return this.invoke(sub, m, args, ctx);
        };
      }
      subs[sub] = obj;
    }
    this.subs = subs;
    this.eventDriver = server.events
      ? {
          subscribe: (publish) => {
            this.listeners.add(publish);
            if (this.listeners.size === 1) this.session?.subscribe(true);
            return () => {
              if (this.listeners.delete(publish) && this.listeners.size === 0) this.session?.subscribe(false);
            };
          },
        }
      : undefined;
  }

  private invoke(sub: SubDriverName, method: string, args: unknown[], ctx: CallContext): Promise<unknown> {
    const s = this.session;
    if (this.closed) return Promise.reject(new PolyvisorError(ErrorCode.CONNECTION_CLOSED, `connection to ${this.uri} is closed`, { driver: 'remote', operation: `${sub}.${method}` }));
    if (!s || s.channel.closed) return Promise.reject(this.notConnected(`${sub}.${method}`));
    try {
      const p = s.call(sub, method, args, ctx);
      if (sub === 'domains' && method === 'migratePrepare') return p.then((r) => rewriteMigrationUri(r, this.opts.migrationHost));
      return p;
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** @internal */
  notConnected(operation: string): PolyvisorError {
    return new PolyvisorError(ErrorCode.CONNECT_FAILED, `not connected to ${this.uri}${this.lostReason ? ` (${this.lostReason.message.replace(/^\[remote\] /, '')})` : ''}; call reconnect() or open a new connection`, { driver: 'remote', operation });
  }

  /** @internal */
  publish(ev: PolyvisorEvent): void {
    for (const l of this.listeners) {
      try {
        l(ev);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  /** @internal */
  sessionClosed(s: Session, reason: PolyvisorError): void {
    if (s !== this.session || this.closed) return;
    this.lostReason = reason;
    for (const l of this.disconnectListeners) {
      try {
        l(reason);
      } catch {
        /* ignore */
      }
    }
  }

  /** Closes the channel (the agent then closes the far connection) and the transport. */
  async close(_ctx?: CallContext): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const s = this.session;
    if (!s) return;
    s.channel.close(new PolyvisorError(ErrorCode.CONNECTION_CLOSED, `connection to ${this.uri} is closed`, { driver: 'remote', operation: 'connection.close' }));
    await Promise.resolve(s.transport.close()).catch(() => undefined);
  }
}

/** Options the remote driver reads from `openConnection`'s `driverOptions`. */
export interface RemoteDriverOptions {
  /** Replaces the SSH transport (tests, custom tunnels): opens a transport to an agent for the URI. */
  transport?: (uri: ParsedUri, signal: AbortSignal) => Promise<RemoteTransport>;
}

/**
 * The remote driver. Serves every driver name (`schemes: ['*']`) over the
 * `ssh` transport: `openConnection('qemu+ssh://root@host/system?keyfile=~/.ssh/id_ed25519', { drivers: [remoteDriver] })`.
 *
 * URI parameters: `keyfile` (private key; else `SSH_AUTH_SOCK`'s agent, else
 * `~/.ssh/id_*`), `known_hosts` (default `~/.ssh/known_hosts`), `no_verify=1`
 * (accept unknown host keys), `command` (the remote command, default
 * `polyvisor agent --stdio --connect 'DRIVER:///path?query'`), `name` (the
 * far URI), `keepalive_interval` / `keepalive_count` (seconds / count,
 * default 5 / 5), `connect_timeout` (seconds). Passwords are refused.
 *
 * Migration: when this connection is the destination of `domain.migrate`
 * and the far driver listens for the stream on a wildcard address (the KVM
 * driver does when no `uri` option is given), the URI handed to the source
 * names the URI's host instead (see {@link rewriteMigrationUri}), so the
 * stream goes directly from the source host to this one. There is no
 * tunnelled mode (the stream through the SSH channels) yet: the source must
 * reach the destination's host name on the port QEMU picks.
 */
export const remoteDriver: Driver = {
  name: 'remote',
  schemes: ['*'],
  transports: ['ssh'],
  async open(uri: ParsedUri, options: DriverOpenOptions): Promise<DriverConnection> {
    const custom = (options.driverOptions as RemoteDriverOptions | undefined)?.transport;
    let connect: RemoteTransportFactory;
    if (custom) connect = (signal) => custom(uri, signal);
    else {
      if (uri.transport !== 'ssh') throw new PolyvisorError(ErrorCode.INVALID_URI, `the remote driver serves '+ssh' URIs, got '${uri.uri}'`, { driver: 'remote' });
      const ssh = await sshOptionsFromUri(uri);
      connect = (signal) => openSshTransport(uri, ssh, signal);
    }
    return RemoteDriverConnection.open({
      uri: uri.uri,
      connect,
      signal: options.signal,
      ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
      ...(uri.host !== undefined ? { migrationHost: uri.host } : {}),
    });
  },
};

/** The driver, under the name the CLI's driver loader looks for. */
export const driver: Driver = remoteDriver;
