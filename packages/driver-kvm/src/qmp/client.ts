/**
 * The QMP client: typed commands over a QEMU monitor socket, many in flight at
 * once and correlated by `id`, per-command default timeouts, typed events with
 * a queue per listener, and a run-state machine guarding every method (after
 * Python's `qemu.qmp` and go-qemu's four-method transport contract).
 *
 * ```ts
 * const qmp = await QmpClient.connect({ path: '/run/polyvisor/kvm/web1/qmp.sock' });
 * const { status } = await qmp.command('query-status');
 * for await (const ev of qmp.events({ names: ['SHUTDOWN'] })) console.log(ev.data.reason);
 * ```
 * @module
 */
import { AbortError, ErrorCode, HypervisorError, PolyvisorError, TimeoutError, createQueuedSubscription, runWithDeadline, type CallOptions } from '@polyvisor/core';
import type { CommandInfo, QmpCommandArgs, QmpCommandName, QmpCommandReturn, QmpEventName, QmpEvents, VersionInfo } from './generated/qapi.js';
import { qmpCommandTimeout, type QmpTimeoutTable } from './timeouts.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, JsonLineTransport, describeTarget, validateSocketTarget, type SocketTarget, type TransportCloseInfo } from './transport.js';

/**
 * Run state of a {@link QmpClient}: `connecting` (dialling, greeting,
 * negotiating), `idle` (connected, nothing in flight), `running` (connected,
 * commands in flight), `disconnecting` (closing), `closed` (no connection).
 */
export type QmpClientState = 'connecting' | 'idle' | 'running' | 'disconnecting' | 'closed';

/** The greeting QEMU sends when a client connects to a QMP monitor. */
export interface QmpGreeting {
  /** QEMU version and distribution package string. */
  version: VersionInfo;
  /** Capabilities the server offers (QEMU 7.2 offers `oob`). */
  capabilities: string[];
}

/** Why a monitor connection ended (see {@link QmpClient.closed}). */
export type QmpCloseInfo = TransportCloseInfo;

/** Options of {@link QmpClient.connect}. */
export interface QmpConnectOptions extends CallOptions {
  /** Per-command timeout overrides, merged over {@link QMP_COMMAND_TIMEOUTS}. */
  timeouts?: QmpTimeoutTable;
  /** Driver name that prefixes error messages (default `kvm`). */
  driverName?: string;
  /** Negotiate out-of-band execution when the server offers it (default true). */
  oob?: boolean;
}

/** Options of {@link QmpClient.reconnect}. */
export interface QmpReconnectOptions extends CallOptions {
  /** Negotiate out-of-band execution when offered (default: as at connect). */
  oob?: boolean;
}

/** Options of one QMP command. */
export interface QmpCallOptions extends CallOptions {
  /**
   * Send as `exec-oob` (out-of-band; needs `oob` negotiated and a command
   * that allows it, e.g. `migrate-pause`).
   */
  oob?: boolean;
}

/**
 * The rest parameters of {@link QmpClient.command} for command `K`: `args`
 * is optional when the command takes none or only optional members.
 */
export type QmpCommandParams<K extends QmpCommandName> = [QmpCommandArgs<K>] extends [void]
  ? [args?: Record<string, never>, options?: QmpCallOptions]
  : {} extends QmpCommandArgs<K>
    ? [args?: QmpCommandArgs<K>, options?: QmpCallOptions]
    : [args: QmpCommandArgs<K>, options?: QmpCallOptions];

/** When QEMU emitted an event, as seconds and microseconds since the epoch. */
export interface QmpTimestamp {
  /** Seconds since the epoch. */
  seconds: number;
  /** Microseconds within the second. */
  microseconds: number;
}

/** Data of event `K`; `undefined` for events that carry none (e.g. `STOP`). */
export type QmpEventData<K extends QmpEventName> = [QmpEvents[K]] extends [void] ? undefined : QmpEvents[K];

/** A QMP event named `K`; a union of one member per name when `K` is a union, so `ev.event` narrows `ev.data`. */
export type QmpEventOf<K extends QmpEventName> = K extends QmpEventName
  ? {
      /** Event name. */
      event: K;
      /** Event data. */
      data: QmpEventData<K>;
      /** When QEMU emitted it. */
      timestamp: QmpTimestamp;
    }
  : never;

/**
 * Any QMP event. Events the generated schema does not know (older or vendor
 * QEMU) are delivered too, with their name and data as sent.
 */
export type QmpEvent = QmpEventOf<QmpEventName>;

/** Filter and options of {@link QmpClient.events}. */
export interface QmpEventFilter<K extends QmpEventName = QmpEventName> {
  /** Event names to receive (default: all). */
  names?: readonly K[];
  /** Ends the iteration (the pending `next()` rejects with `ABORTED`) when aborted. */
  signal?: AbortSignal;
  /** Queue bound; the oldest events are dropped past it (default 10000). */
  maxQueue?: number;
}

/** An async-iterable event subscription with its own queue; breaking out of `for await` unsubscribes. */
export interface QmpEventSubscription<E> extends AsyncIterableIterator<E> {
  /** Events dropped because the queue was full. */
  readonly dropped: number;
  /** Ends the subscription; pending `next()` calls resolve as done. */
  close(): void;
}

/** Reads the QMP error class (`GenericError`, `DeviceNotFound`, ...) kept on a {@link HypervisorError}. */
export function qmpErrorClass(err: unknown): string | undefined {
  if (err instanceof PolyvisorError && err.code === ErrorCode.HYPERVISOR_ERROR) {
    const c = err.detail?.class;
    return typeof c === 'string' ? c : undefined;
  }
  return undefined;
}

interface Pending {
  command: string;
  args: unknown;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  timer: NodeJS.Timeout | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

type RawMessage = Record<string, unknown>;

/** One monitor connection; a reconnect makes a new one. */
class Session {
  transport: JsonLineTransport | undefined;
  readonly pending = new Map<number, Pending>();
  /** Events received while negotiating; delivered once connected. */
  early: RawMessage[] | undefined = [];
  greeting: QmpGreeting | undefined;
  commands: ReadonlySet<string> = new Set();
  oob = false;
  closeInfo: QmpCloseInfo | undefined;
  readonly closed: Promise<QmpCloseInfo>;
  readonly greeted: Promise<QmpGreeting>;
  resolveClosed!: (info: QmpCloseInfo) => void;
  resolveGreeting!: (g: QmpGreeting) => void;
  rejectGreeting!: (e: unknown) => void;
  constructor() {
    this.closed = new Promise((r) => (this.resolveClosed = r));
    this.greeted = new Promise((res, rej) => {
      this.resolveGreeting = res;
      this.rejectGreeting = rej;
    });
    this.greeted.catch(() => undefined);
  }
}

type Listener = (ev: QmpEvent) => void;

const VOID_ARGS = undefined;

/**
 * A client of one QEMU QMP monitor. Create it with {@link QmpClient.connect};
 * every method checks the run state first and rejects with
 * `CONNECTION_CLOSED` once the connection is gone.
 */
export class QmpClient {
  /** The socket this client dials (and re-dials on {@link reconnect}). */
  readonly target: SocketTarget;
  /** Driver name that prefixes error messages. */
  readonly driverName: string;

  private session: Session;
  private runState: QmpClientState = 'connecting';
  private disposed = false;
  private nextId = 1;
  private readonly timeouts: QmpTimeoutTable | undefined;
  private readonly timeoutCache = new Map<string, number>();
  private readonly listeners = new Set<Listener>();
  private readonly subscriptions = new Set<() => void>();
  private wantOob: boolean;

  private constructor(target: SocketTarget, options: QmpConnectOptions) {
    this.target = target;
    this.driverName = options.driverName ?? 'kvm';
    this.timeouts = options.timeouts;
    this.wantOob = options.oob ?? true;
    this.session = new Session();
  }

  /**
   * Connects to a QMP monitor: reads the greeting, negotiates
   * `qmp_capabilities` (with `oob` when offered and wanted) and reads
   * `query-commands`. Rejects with `INVALID_ARG` (bad target),
   * `CONNECT_FAILED` (socket or handshake failure), `TIMEOUT` (default 10 s
   * for the whole handshake) or `ABORTED`.
   */
  static async connect(target: SocketTarget, options: QmpConnectOptions = {}): Promise<QmpClient> {
    validateSocketTarget(target, options.driverName ?? 'kvm');
    const client = new QmpClient(target, options);
    await client.open(options);
    return client;
  }

  /** Current run state. */
  get state(): QmpClientState {
    return this.runState;
  }

  /** The greeting of the current (or last) connection. */
  get greeting(): QmpGreeting {
    const g = this.session.greeting;
    if (!g) throw this.closedError('greeting');
    return g;
  }

  /** Names of the commands the connected QEMU offers (from `query-commands`). */
  get commands(): ReadonlySet<string> {
    return this.session.commands;
  }

  /** True when out-of-band execution was negotiated on the current connection. */
  get oobEnabled(): boolean {
    return this.session.oob;
  }

  /** Number of commands in flight. */
  get inFlight(): number {
    return this.session.pending.size;
  }

  /**
   * Resolves with the reason when the current monitor connection ends (QEMU
   * exited, the socket broke, or {@link close}); after a {@link reconnect} it
   * is the new connection's promise. Never rejects.
   */
  get closed(): Promise<QmpCloseInfo> {
    return this.session.closed;
  }

  /** True when the connected QEMU offers command `name`. */
  hasCommand(name: string): boolean {
    return this.session.commands.has(name);
  }

  /**
   * Runs a typed QMP command and resolves with its typed result. Rejects
   * before sending anything with `UNSUPPORTED` when QEMU lacks the command;
   * with a {@link HypervisorError} (`detail.class`, `desc`, `command`, `args`)
   * when QEMU answers an error; `TIMEOUT`/`ABORTED` per `options` (default
   * timeout from the per-command table); `CONNECTION_CLOSED` when the monitor
   * closes first. A reply that arrives after a timeout or abort is ignored.
   */
  command<K extends QmpCommandName>(name: K, ...params: QmpCommandParams<K>): Promise<QmpCommandReturn<K>> {
    const [args, options] = params as [object | undefined, QmpCallOptions | undefined];
    const blocked = this.checkUsable(name);
    if (blocked) return Promise.reject(blocked);
    if (!this.session.commands.has(name)) {
      const version = this.session.greeting?.version.qemu;
      return Promise.reject(
        new PolyvisorError(ErrorCode.UNSUPPORTED, `QMP command "${name}" is not supported by this QEMU${version ? ` (${version.major}.${version.minor}.${version.micro})` : ''}`, {
          driver: this.driverName,
          operation: `qmp.${name}`,
          detail: { command: name },
        }),
      );
    }
    return this.send(this.session, name, args, options) as Promise<QmpCommandReturn<K>>;
  }

  /**
   * Runs any QMP command by name, without the `query-commands` check: the
   * untyped escape hatch for vendor or newer commands. Errors as {@link command}.
   */
  execute<T = unknown>(name: string, args?: object, options?: QmpCallOptions): Promise<T> {
    const blocked = this.checkUsable(name);
    if (blocked) return Promise.reject(blocked);
    return this.send(this.session, name, args, options) as Promise<T>;
  }

  /**
   * Subscribes to events; each subscription has its own queue. With `names`,
   * only those events are queued and the item type narrows to them.
   * Subscriptions survive {@link reconnect}; they end on {@link close}, on
   * `filter.signal`, or when the loop is left.
   */
  events<K extends QmpEventName = QmpEventName>(filter: QmpEventFilter<K> = {}): QmpEventSubscription<QmpEventOf<K>> {
    if (this.disposed) throw this.closedError('events');
    const names = filter.names ? new Set<string>(filter.names) : undefined;
    let end: (() => void) | undefined;
    // core's queued subscription: own bounded queue, abort through the signal, unsubscribe on loop exit.
    const sub = createQueuedSubscription<QmpEventOf<K>>(
      (push) => {
        const listener: Listener = (ev) => {
          if (!names || names.has(ev.event)) push(ev as QmpEventOf<K>);
        };
        this.listeners.add(listener);
        return () => {
          this.listeners.delete(listener);
          if (end) this.subscriptions.delete(end);
        };
      },
      { ...(filter.signal ? { signal: filter.signal } : {}), maxQueue: filter.maxQueue ?? 10_000 },
    );
    end = () => sub.close();
    this.subscriptions.add(end);
    return sub;
  }

  /**
   * Calls `callback` for every event named `name` (`'*'`: every event).
   * Returns the unsubscribe function. Survives {@link reconnect}. An exception
   * thrown by the callback is re-thrown asynchronously, like an
   * EventEmitter listener's, and does not stop delivery to other listeners.
   */
  on<K extends QmpEventName>(name: K, callback: (event: QmpEventOf<K>) => void): () => void;
  /** Calls `callback` for every event. */
  on(name: '*', callback: (event: QmpEvent) => void): () => void;
  /** Implementation of the overloads above. */
  on(name: string, callback: (event: never) => void): () => void {
    if (this.disposed) throw this.closedError('on');
    const cb = callback as (ev: QmpEvent) => void;
    const listener: Listener = name === '*' ? cb : (ev) => {
      if (ev.event === name) cb(ev);
    };
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Closes the current connection (pending commands reject with
   * `CONNECTION_CLOSED`) and dials the same target again, with a fresh
   * greeting, negotiation and command list. Event listeners and
   * subscriptions are kept. Rejects like {@link connect}; after a failure the
   * state is `closed` and `reconnect` may be tried again.
   */
  async reconnect(options: QmpReconnectOptions = {}): Promise<void> {
    if (this.disposed) throw this.closedError('reconnect');
    if (this.runState === 'connecting' || this.runState === 'disconnecting') {
      throw new PolyvisorError(ErrorCode.OPERATION_INVALID, `cannot reconnect while ${this.runState}`, { driver: this.driverName, operation: 'qmp.reconnect' });
    }
    if (options.oob !== undefined) this.wantOob = options.oob;
    const old = this.session;
    if (old.transport && !old.closeInfo) {
      this.runState = 'disconnecting';
      old.transport.close('closed for reconnect');
      await old.closed;
    }
    if (this.disposed) throw this.closedError('reconnect');
    await this.open(options);
  }

  /**
   * Closes the connection for good: pending commands reject with
   * `CONNECTION_CLOSED`, event subscriptions end, and every later call
   * rejects. Resolves once the socket is closed. Idempotent.
   */
  async close(): Promise<void> {
    this.disposed = true;
    for (const end of [...this.subscriptions]) end();
    this.listeners.clear();
    const s = this.session;
    if (s.transport && !s.closeInfo) {
      this.runState = 'disconnecting';
      s.transport.close();
      await s.closed;
    }
    this.runState = 'closed';
  }

  // ---------------------------------------------------------------------------

  private async open(options: CallOptions & { oob?: boolean }): Promise<void> {
    const session = new Session();
    this.session = session;
    this.runState = 'connecting';
    const where = describeTarget(this.target);
    const errorOptions = { driver: this.driverName, operation: 'qmp.connect', detail: { target: where } };
    try {
      await runWithDeadline(options, DEFAULT_CONNECT_TIMEOUT_MS, errorOptions, async ({ signal }) => {
        const transport = await JsonLineTransport.connect(
          this.target,
          {
            onMessage: (m) => this.onMessage(session, m),
            onClose: (info) => this.onClose(session, info),
          },
          { signal, timeoutMs: 0, driverName: this.driverName },
        );
        session.transport = transport;
        if (signal.aborted || this.disposed) throw signal.reason ?? this.closedError('connect');
        const greeting = await session.greeted;
        const offered = greeting.capabilities;
        const enable = this.wantOob && offered.includes('oob') ? ['oob'] : [];
        await this.send(session, 'qmp_capabilities', enable.length ? { enable } : VOID_ARGS, { signal, timeoutMs: 0 });
        session.oob = enable.includes('oob');
        const list = (await this.send(session, 'query-commands', VOID_ARGS, { signal, timeoutMs: 0 })) as CommandInfo[];
        session.commands = new Set(list.map((c) => c.name));
      });
    } catch (err) {
      session.transport?.close('connect failed');
      if (!session.transport) this.finishSession(session, { by: 'error', message: `connect failed: ${(err as Error).message}`, error: err as Error });
      else await session.closed;
      this.runState = 'closed';
      if (this.disposed) throw this.closedError('qmp.connect');
      if (err instanceof PolyvisorError && err.code !== ErrorCode.HYPERVISOR_ERROR && err.code !== ErrorCode.CONNECTION_CLOSED) throw err;
      throw new PolyvisorError(ErrorCode.CONNECT_FAILED, `QMP handshake with ${where} failed: ${(err as Error).message}`, { ...errorOptions, cause: err });
    }
    if (this.disposed) {
      // close() was called while the handshake ran.
      session.transport?.close();
      await session.closed;
      this.runState = 'closed';
      throw this.closedError('qmp.connect');
    }
    if (session.closeInfo) {
      this.runState = 'closed';
      throw new PolyvisorError(ErrorCode.CONNECT_FAILED, `QMP monitor ${where} closed right after the handshake: ${session.closeInfo.message}`, errorOptions);
    }
    this.runState = 'idle';
    // Delivered on the next turn, so listeners added right after `connect()`
    // resolves still get them; later events queue behind them meanwhile.
    setImmediate(() => {
      const early = session.early ?? [];
      session.early = undefined;
      if (session === this.session) for (const m of early) this.emit(m);
    });
  }

  private checkUsable(name: string): PolyvisorError | undefined {
    switch (this.runState) {
      case 'idle':
      case 'running':
        return undefined;
      case 'closed':
      case 'disconnecting':
        return this.closedError(`qmp.${name}`);
      default:
        return new PolyvisorError(ErrorCode.OPERATION_INVALID, `QMP command "${name}" cannot run while the client is ${this.runState}`, {
          driver: this.driverName,
          operation: `qmp.${name}`,
          detail: { state: this.runState },
        });
    }
  }

  private closedError(operation: string): PolyvisorError {
    const why = this.disposed ? 'the client was closed' : (this.session.closeInfo?.message ?? 'not connected');
    return new PolyvisorError(ErrorCode.CONNECTION_CLOSED, `QMP connection to ${describeTarget(this.target)} is closed (${why})`, {
      driver: this.driverName,
      operation,
      detail: { reason: why },
    });
  }

  private timeoutFor(command: string): number {
    let ms = this.timeoutCache.get(command);
    if (ms === undefined) {
      ms = qmpCommandTimeout(command, this.timeouts);
      this.timeoutCache.set(command, ms);
    }
    return ms;
  }

  private send(session: Session, command: string, args: object | undefined, options: QmpCallOptions | undefined): Promise<unknown> {
    const transport = session.transport;
    const operation = `qmp.${command}`;
    if (!transport || session.closeInfo) return Promise.reject(this.closedError(operation));
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(this.abortError(command, args, signal));
    if (options?.oob && !session.oob) {
      return Promise.reject(
        new PolyvisorError(ErrorCode.UNSUPPORTED, `out-of-band execution of "${command}" needs the oob capability, which was not negotiated`, {
          driver: this.driverName,
          operation,
          detail: { command },
        }),
      );
    }
    const timeoutMs = options?.timeoutMs ?? this.timeoutFor(command);
    const id = this.nextId++;
    const message: RawMessage = options?.oob ? { 'exec-oob': command } : { execute: command };
    if (args !== undefined) message.arguments = args;
    message.id = id;
    let line: string;
    try {
      line = JSON.stringify(message) + '\n';
    } catch (err) {
      return Promise.reject(
        new PolyvisorError(ErrorCode.INVALID_ARG, `arguments of QMP command "${command}" cannot be serialised: ${(err as Error).message}`, { driver: this.driverName, operation, cause: err }),
      );
    }
    return new Promise((resolve, reject) => {
      const p: Pending = { command, args, resolve, reject, timer: undefined, signal, onAbort: undefined };
      session.pending.set(id, p);
      if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
        p.timer = setTimeout(() => {
          if (this.drop(session, id)) {
            reject(new TimeoutError(`QMP command "${command}" timed out after ${timeoutMs} ms`, { driver: this.driverName, operation, detail: { command, args, timeoutMs } }));
          }
        }, timeoutMs);
        p.timer.unref?.();
      }
      if (signal) {
        p.onAbort = () => {
          if (this.drop(session, id)) reject(this.abortError(command, args, signal));
        };
        signal.addEventListener('abort', p.onAbort, { once: true });
      }
      try {
        transport.write(line);
      } catch (err) {
        this.drop(session, id);
        reject(err instanceof PolyvisorError ? this.closedError(operation) : err);
        return;
      }
      if (session === this.session && this.runState === 'idle') this.runState = 'running';
    });
  }

  /** Removes a pending entry and its timer/abort hooks; false when it was already gone. */
  private drop(session: Session, id: number): Pending | undefined {
    const p = session.pending.get(id);
    if (!p) return undefined;
    session.pending.delete(id);
    if (p.timer) clearTimeout(p.timer);
    if (p.onAbort) p.signal!.removeEventListener('abort', p.onAbort);
    if (session.pending.size === 0 && session === this.session && this.runState === 'running') this.runState = 'idle';
    return p;
  }

  private abortError(command: string, args: unknown, signal: AbortSignal): PolyvisorError {
    const r: unknown = signal.reason;
    if (r instanceof TimeoutError || r instanceof AbortError) return r;
    return new AbortError(`QMP command "${command}" aborted`, { driver: this.driverName, operation: `qmp.${command}`, cause: r, detail: { command, args } });
  }

  private onMessage(session: Session, msg: unknown): void {
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as RawMessage;
    if (typeof m.event === 'string') {
      if (session !== this.session) return;
      if (session.early) session.early.push(m);
      else this.emit(m);
      return;
    }
    const id = m.id;
    if (typeof id === 'number') {
      const p = this.drop(session, id);
      if (!p) return; // timed out, aborted, or not ours
      if ('error' in m) p.reject(this.qmpError(p, m.error));
      else p.resolve(m.return);
      return;
    }
    if ('QMP' in m && !session.greeting) {
      const g = m.QMP as { version?: VersionInfo; capabilities?: unknown };
      if (!g || typeof g !== 'object' || !g.version?.qemu) {
        session.rejectGreeting(new PolyvisorError(ErrorCode.CONNECT_FAILED, 'malformed QMP greeting', { driver: this.driverName, detail: { greeting: m } }));
        return;
      }
      session.greeting = { version: g.version, capabilities: Array.isArray(g.capabilities) ? g.capabilities.filter((c): c is string => typeof c === 'string') : [] };
      session.resolveGreeting(session.greeting);
    }
    // Anything else (an error without id answers unparsable input) has no caller to tell.
  }

  private qmpError(p: Pending, error: unknown): HypervisorError {
    const e = (error ?? {}) as { class?: unknown; desc?: unknown };
    const cls = typeof e.class === 'string' ? e.class : 'GenericError';
    const desc = typeof e.desc === 'string' ? e.desc : JSON.stringify(error);
    return new HypervisorError(`QMP command "${p.command}" failed (${cls}): ${desc}`, {
      driver: this.driverName,
      operation: `qmp.${p.command}`,
      detail: { class: cls, desc, command: p.command, args: p.args },
    });
  }

  private emit(m: RawMessage): void {
    const ev = { event: m.event, data: m.data, timestamp: m.timestamp } as QmpEvent;
    let failed: unknown[] | undefined;
    for (const l of this.listeners) {
      try {
        l(ev);
      } catch (err) {
        (failed ??= []).push(err);
      }
    }
    if (failed) {
      for (const err of failed) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  private onClose(session: Session, info: QmpCloseInfo): void {
    this.finishSession(session, info);
    if (session === this.session && this.runState !== 'connecting') this.runState = 'closed';
  }

  private finishSession(session: Session, info: QmpCloseInfo): void {
    if (session.closeInfo) return;
    session.closeInfo = info;
    const where = describeTarget(this.target);
    session.rejectGreeting(new PolyvisorError(ErrorCode.CONNECT_FAILED, `QMP monitor ${where} closed before its greeting: ${info.message}`, { driver: this.driverName }));
    const pending = [...session.pending.entries()];
    for (const [id] of pending) this.drop(session, id);
    for (const [, p] of pending) {
      const message =
        info.by === 'local'
          ? `QMP command "${p.command}" cancelled: ${info.message}`
          : `QMP monitor ${where} closed while "${p.command}" was pending: ${info.message}`;
      p.reject(
        new PolyvisorError(ErrorCode.CONNECTION_CLOSED, message, {
          driver: this.driverName,
          operation: `qmp.${p.command}`,
          cause: info.error,
          detail: { command: p.command, args: p.args, reason: info.message, by: info.by, monitorClosed: true },
        }),
      );
    }
    session.resolveClosed(info);
  }
}
