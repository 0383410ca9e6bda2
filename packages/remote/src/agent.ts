/**
 * The agent: serves one local driver connection over a byte transport
 * (stdin/stdout under `polyvisor agent --stdio`, run by the remote driver
 * through SSH). It just calls the local driver, so it refuses whatever the
 * local driver refuses; it forwards events, honours cancels and carries
 * streams (consoles, volume transfers) as stream messages.
 * @module
 */
import { ErrorCode, PolyvisorError, UnsupportedError, AbortError, type DriverConnection, type CallContext } from '@polyvisor/core';
import { Channel, type EncodeScope } from './channel.js';
import {
  PROTOCOL_VERSION, RemoteProtocolError, SUB_DRIVERS, SUPPORTED_PROTOCOL_VERSIONS, errorToWire, negotiateVersion, type Message, type ServerInfo, type SubDriverName,
} from './protocol.js';

/** The local connection an agent serves. */
export interface AgentLocalConnection {
  /** Name of the local driver (`test`, `kvm`, ...). */
  driver: string;
  /** The local driver connection. */
  connection: DriverConnection;
}

/** Options of {@link serveAgent}. */
export interface ServeAgentOptions {
  /** Frames from the client (e.g. `process.stdin`). */
  input: NodeJS.ReadableStream;
  /** Frames to the client (e.g. `process.stdout`). */
  output: NodeJS.WritableStream;
  /** Opens the local connection once the client said hello (with the client's read-only wish). Errors are reported to the client, typed. */
  open(options: { readOnly: boolean; signal: AbortSignal }): Promise<AgentLocalConnection>;
  /** Frame size limit. */
  maxFrameBytes?: number;
  /** Agent software name for the hello (e.g. `polyvisor-cli 0.1.0`). */
  software?: string;
  /** Diagnostics sink (e.g. stderr); never stdout. */
  log?: (line: string) => void;
  /** How long to wait for the client's hello (default 30 s). */
  helloTimeoutMs?: number;
  /** How long closing the local connection may take (default 30 s). */
  closeTimeoutMs?: number;
}

/** How an agent session ended. */
export interface AgentSessionResult {
  /** True when the client simply went away (end of input); false on a protocol error. */
  clean: boolean;
  /** Why the channel closed. */
  reason: PolyvisorError;
}

/** The methods an object implements (own and inherited, like core's `capabilities()`). */
export function listMethods(obj: object | undefined): string[] {
  if (!obj) return [];
  const names = new Set<string>();
  for (let p: object | null = obj; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const k of Object.getOwnPropertyNames(p)) if (k !== 'constructor' && typeof (obj as Record<string, unknown>)[k] === 'function') names.add(k);
  }
  return [...names].sort();
}

/**
 * A running agent session. Created by {@link serveAgent}; `done` settles
 * when the channel closes (it never rejects: every failure is reported in
 * the result, so a bad client cannot crash the agent).
 */
export class AgentSession {
  /** Resolves when the session ended and the local connection is closed. */
  readonly done: Promise<AgentSessionResult>;
  private readonly channel: Channel;
  private local: AgentLocalConnection | undefined;
  private methods: Partial<Record<SubDriverName, Set<string>>> = {};
  private state: 'hello' | 'opening' | 'ready' | 'closed' = 'hello';
  private readonly inflight = new Map<number, AbortController>();
  private unsubscribe: (() => void) | undefined;
  private readonly openAbort = new AbortController();
  private helloTimer: NodeJS.Timeout | undefined;
  private finish!: (r: AgentSessionResult) => void;

  /** @internal Use {@link serveAgent}. */
  constructor(private readonly opts: ServeAgentOptions) {
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.channel = new Channel(
      { input: opts.input, output: opts.output },
      {
        side: 'agent',
        ...(opts.maxFrameBytes !== undefined ? { maxFrameBytes: opts.maxFrameBytes } : {}),
        onMessage: (msg) => this.onMessage(msg),
        onClose: (reason) => void this.onClose(reason),
      },
    );
    this.helloTimer = setTimeout(() => this.channel.close(new RemoteProtocolError(`no hello from the client within ${opts.helloTimeoutMs ?? 30_000} ms`, 'timeout'), true), opts.helloTimeoutMs ?? 30_000);
    this.helloTimer.unref?.();
  }

  /** Closes the session (as if the client went away). */
  close(): void {
    this.channel.close(new PolyvisorError(ErrorCode.CONNECTION_CLOSED, 'agent shut down', { driver: 'remote' }), true);
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }

  private onMessage(msg: Message): void {
    if (this.state === 'hello') {
      if (msg.t !== 'hello' || !msg.versions) throw new RemoteProtocolError(`expected hello, got '${msg.t}'`, 'sequence');
      if (this.helloTimer) clearTimeout(this.helloTimer);
      const version = negotiateVersion(msg.versions);
      if (version === undefined) {
        throw new RemoteProtocolError(`no common protocol version (client speaks ${msg.versions.join(', ')}; agent speaks ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`, 'version');
      }
      this.state = 'opening';
      void this.openLocal(version, msg.readOnly === true);
      return;
    }
    if (this.state !== 'ready') throw new RemoteProtocolError(`unexpected '${msg.t}' before the session is ready`, 'sequence');
    switch (msg.t) {
      case 'call':
        return this.onCall(msg);
      case 'cancel':
        this.inflight.get(msg.id)?.abort(new AbortError('operation cancelled by the remote client', { driver: 'remote' }));
        return;
      case 'subscribe':
        return this.subscribe();
      case 'unsubscribe':
        this.unsubscribe?.();
        this.unsubscribe = undefined;
        return;
      default:
        throw new RemoteProtocolError(`unexpected '${msg.t}' message from a client`, 'sequence');
    }
  }

  private async openLocal(version: number, readOnly: boolean): Promise<void> {
    try {
      const local = await this.opts.open({ readOnly, signal: this.openAbort.signal });
      if (this.channel.closed) {
        await local.connection.close({ signal: AbortSignal.timeout(this.opts.closeTimeoutMs ?? 30_000) }).catch(() => undefined);
        return;
      }
      this.local = local;
      const methods: ServerInfo['methods'] = {};
      for (const sub of SUB_DRIVERS) {
        const names = listMethods(local.connection[sub]);
        if (local.connection[sub]) {
          methods[sub] = names;
          this.methods[sub] = new Set(names);
        }
      }
      const server: ServerInfo = { driver: local.driver, uri: local.connection.uri, methods, events: local.connection.events !== undefined, ...(this.opts.software ? { software: this.opts.software } : {}) };
      this.state = 'ready';
      this.channel.send({ t: 'hello', version, server });
      this.log(`serving ${server.uri} (driver ${server.driver}, protocol ${version})`);
    } catch (err) {
      // The local open failed: tell the client why (typed), then close.
      const e = err instanceof PolyvisorError ? err : new PolyvisorError(ErrorCode.CONNECT_FAILED, `cannot open the local connection: ${(err as Error)?.message ?? String(err)}`, { driver: 'remote', cause: err });
      const wire = errorToWire(err);
      this.channel.send({ t: 'error', error: wire.code === ErrorCode.INTERNAL ? errorToWire(e) : wire });
      this.channel.close(e);
    }
  }

  private subscribe(): void {
    const ev = this.local?.connection.events;
    if (!ev || this.unsubscribe) return;
    this.unsubscribe = ev.subscribe((event) => {
      this.channel.send({ t: 'event', event });
    });
  }

  private onCall(msg: Extract<Message, { t: 'call' }>): void {
    const { id, sub, method } = msg;
    if (this.inflight.has(id)) throw new RemoteProtocolError(`call id ${id} is already in flight`, 'sequence');
    const local = this.local!;
    const subObj = local.connection[sub] as Record<string, unknown> | undefined;
    const fn = subObj?.[method];
    if (!this.methods[sub]?.has(method) || typeof fn !== 'function') {
      this.channel.send({ t: 'error', id, error: errorToWire(new UnsupportedError(local.driver, `${sub}.${method}`)) });
      return;
    }
    const ac = new AbortController();
    this.inflight.set(id, ac);
    const args = this.channel.decodeValue(msg.args, { invokeCallback: (cb, cbArgs) => this.invokeCallback(id, cb, cbArgs) }) as unknown[];
    const ctx: CallContext = { signal: ac.signal };
    Promise.resolve()
      .then(() => (fn as (...a: unknown[]) => Promise<unknown>).apply(subObj, [...args, ctx]))
      .then(
        (value) => {
          if (!this.inflight.delete(id) || this.channel.closed) return;
          const scope: EncodeScope = { callbacks: [], streams: [] };
          let encoded: unknown;
          try {
            encoded = this.channel.encodeValue(value, scope);
          } catch (err) {
            this.channel.send({ t: 'error', id, error: errorToWire(err) });
            return;
          }
          this.channel.send({ t: 'result', id, value: encoded });
        },
        (err: unknown) => {
          if (!this.inflight.delete(id) || this.channel.closed) return;
          this.channel.send({ t: 'error', id, error: errorToWire(err) });
        },
      )
      .catch((err: unknown) => this.log(`failed to answer call ${id}: ${String(err)}`));
  }

  private invokeCallback(id: number, cb: number, args: unknown[]): void {
    if (this.channel.closed) return;
    try {
      this.channel.send({ t: 'callback', id, cb, args: this.channel.encodeValue(args, { callbacks: [], streams: [] }) as unknown[] });
    } catch (err) {
      this.log(`cannot forward a callback: ${String(err)}`);
    }
  }

  private async onClose(reason: PolyvisorError): Promise<void> {
    if (this.state === 'closed') return;
    const wasReady = this.state === 'ready';
    this.state = 'closed';
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.openAbort.abort(reason);
    for (const ac of this.inflight.values()) ac.abort(new AbortError('the remote client went away', { driver: 'remote' }));
    this.inflight.clear();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    const clean = !(reason instanceof RemoteProtocolError) && (wasReady || reason.code === ErrorCode.CONNECT_FAILED);
    if (!clean) this.log(`closing: ${reason.message}`);
    const input = this.opts.input as NodeJS.ReadableStream & { destroy?: () => void };
    try {
      input.pause();
      input.destroy?.();
    } catch {
      /* ignore */
    }
    try {
      await this.local?.connection.close({ signal: AbortSignal.timeout(this.opts.closeTimeoutMs ?? 30_000) });
    } catch (err) {
      this.log(`closing the local connection failed: ${String(err)}`);
    }
    this.finish({ clean, reason });
  }
}

/**
 * Serves a local driver connection over `input`/`output` until the client
 * goes away. The returned session's `done` never rejects.
 *
 * @example
 * ```ts
 * const session = serveAgent({
 *   input: process.stdin, output: process.stdout,
 *   open: async ({ readOnly }) => {
 *     const conn = await openConnection('test:///default', { drivers: [testDriver], readOnly });
 *     return { driver: conn.driverName, connection: conn.driverConnection() };
 *   },
 * });
 * await session.done;
 * ```
 */
export function serveAgent(options: ServeAgentOptions): AgentSession {
  return new AgentSession(options);
}

/** The protocol version agents built from this package prefer. */
export const AGENT_PROTOCOL_VERSION = PROTOCOL_VERSION;
