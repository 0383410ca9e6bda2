/**
 * The QEMU guest agent client. It talks to `qemu-ga` inside the guest through
 * the host side of a virtio-serial port (a QEMU `-chardev socket`).
 *
 * The agent answers one request at a time and old agents do not echo ids, so
 * requests are serialised and matched in order. Whenever the stream may be
 * out of step (first use, after a timeout or abort, after a reply nobody
 * waited for), the client re-synchronises with `guest-sync-delimited` as the
 * QGA documentation prescribes: send a `0xFF` byte (flushes the agent's
 * parser), send the sync with a random id, discard everything received up to
 * the `0xFF` that precedes the agent's reply, and check the echoed id.
 *
 * ```ts
 * const qga = await GuestAgentClient.connect({ path: '/run/polyvisor/kvm/web1/qga.sock' });
 * const { stdout } = await qga.run('/bin/uname', ['-r']);
 * ```
 * @module
 */
import { randomInt } from 'node:crypto';
import { AbortError, ErrorCode, HypervisorError, PolyvisorError, TimeoutError, delay, runWithDeadline, type CallOptions } from '@polyvisor/core';
import type {
  GuestAgentInfo,
  GuestExec,
  GuestExecCaptureOutput,
  GuestExecStatus,
  GuestFsfreezeStatus,
  GuestNetworkInterface,
  GuestOSInfo,
  QgaCommandArgs,
  QgaCommandName,
  QgaCommandReturn,
} from './generated/qga.js';
import { QGA_COMMAND_META } from './generated/qga.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, JsonLineTransport, QGA_DELIMITER, describeTarget, validateSocketTarget, type SocketTarget, type TransportCloseInfo } from '../qmp/transport.js';

/** Run state of a {@link GuestAgentClient} (same states as the QMP client). */
export type GuestAgentClientState = 'connecting' | 'idle' | 'running' | 'disconnecting' | 'closed';

/** Timeout overrides in milliseconds by guest agent command name; `default` for the rest. */
export type QgaTimeoutTable = { readonly [K in QgaCommandName]?: number } & {
  /** Timeout of commands without an entry. */
  readonly default?: number;
};

/** Timeout of guest agent commands without an entry in {@link QGA_COMMAND_TIMEOUTS} (30 s). */
export const DEFAULT_QGA_TIMEOUT_MS = 30_000;

/**
 * Built-in per-command timeouts of the guest agent, in milliseconds. For
 * commands that send no reply on success (`guest-shutdown`, `guest-suspend-*`)
 * the value is how long to wait for an error reply before taking silence as
 * success.
 */
export const QGA_COMMAND_TIMEOUTS: Readonly<Partial<Record<QgaCommandName, number>>> = Object.freeze({
  'guest-sync-delimited': 5_000,
  'guest-sync': 5_000,
  'guest-ping': 5_000,
  'guest-info': 5_000,
  'guest-get-time': 5_000,
  'guest-set-time': 10_000,
  'guest-get-osinfo': 10_000,
  'guest-network-get-interfaces': 10_000,
  'guest-exec': 10_000,
  'guest-exec-status': 10_000,
  'guest-fsfreeze-status': 5_000,
  'guest-fsfreeze-freeze': 120_000,
  'guest-fsfreeze-freeze-list': 120_000,
  'guest-fsfreeze-thaw': 60_000,
  'guest-fstrim': 600_000,
  'guest-shutdown': 3_000,
  'guest-suspend-disk': 3_000,
  'guest-suspend-ram': 3_000,
  'guest-suspend-hybrid': 3_000,
} satisfies Partial<Record<QgaCommandName, number>>);

/** Options of {@link GuestAgentClient.connect}. */
export interface GuestAgentConnectOptions extends CallOptions {
  /** Driver name that prefixes error messages (default `kvm`). */
  driverName?: string;
  /** Per-command timeout overrides, merged over {@link QGA_COMMAND_TIMEOUTS}. */
  timeouts?: QgaTimeoutTable;
}

/**
 * The rest parameters of {@link GuestAgentClient.command} for command `K`:
 * `args` is optional when the command takes none or only optional members.
 */
export type QgaCommandParams<K extends QgaCommandName> = [QgaCommandArgs<K>] extends [void]
  ? [args?: Record<string, never>, options?: CallOptions]
  : {} extends QgaCommandArgs<K>
    ? [args?: QgaCommandArgs<K>, options?: CallOptions]
    : [args: QgaCommandArgs<K>, options?: CallOptions];

/** Options of {@link GuestAgentClient.exec}. */
export interface GuestExecOptions extends CallOptions {
  /** Capture stdout/stderr (`true`: separately; default true). */
  captureOutput?: GuestExecCaptureOutput;
  /** Data written to the process's stdin (base64-encoded for the wire by the client). */
  inputData?: string | Uint8Array;
  /** Environment, as `NAME=value` strings. */
  env?: string[];
}

/** Options of {@link GuestAgentClient.run}. */
export interface GuestRunOptions extends CallOptions {
  /** Data written to the process's stdin. */
  inputData?: string | Uint8Array;
  /** Environment, as `NAME=value` strings. */
  env?: string[];
  /** Delay between two `guest-exec-status` polls in milliseconds (default 20, doubling up to 500). */
  pollIntervalMs?: number;
}

/** Outcome of {@link GuestAgentClient.run}. */
export interface GuestRunResult {
  /** PID of the process in the guest. */
  pid: number;
  /** Exit code, when the process exited normally. */
  exitcode?: number;
  /** Signal number, when a signal killed the process. */
  signal?: number;
  /** Standard output, decoded as UTF-8. */
  stdout: string;
  /** Standard error, decoded as UTF-8. */
  stderr: string;
  /** True when the agent truncated stdout. */
  stdoutTruncated: boolean;
  /** True when the agent truncated stderr. */
  stderrTruncated: boolean;
}

/** `guest-shutdown` modes. */
export type GuestShutdownMode = 'powerdown' | 'halt' | 'reboot';

interface InFlight {
  command: string;
  args: unknown;
  /** Set for a sync request: the id the agent must echo. */
  syncId: number | undefined;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  /** For commands without a success response: the socket closing means success. */
  noReply: boolean;
}

/**
 * A client of one QEMU guest agent. Create it with
 * {@link GuestAgentClient.connect}, which connects and synchronises.
 */
export class GuestAgentClient {
  /** The socket this client is connected to. */
  readonly target: SocketTarget;
  /** Driver name that prefixes error messages. */
  readonly driverName: string;
  /** Resolves with the reason once the socket has closed. Never rejects. */
  readonly closed: Promise<TransportCloseInfo>;

  private transport!: JsonLineTransport;
  private runState: GuestAgentClientState = 'connecting';
  private readonly timeouts: QgaTimeoutTable | undefined;
  private current: InFlight | undefined;
  private needsSync = true;
  private lock: Promise<void> = Promise.resolve();
  private closeInfo: TransportCloseInfo | undefined;
  private resolveClosed!: (info: TransportCloseInfo) => void;
  private queued = 0;

  private constructor(target: SocketTarget, options: GuestAgentConnectOptions) {
    this.target = target;
    this.driverName = options.driverName ?? 'kvm';
    this.timeouts = options.timeouts;
    this.closed = new Promise((r) => (this.resolveClosed = r));
  }

  /**
   * Connects to the agent's socket and synchronises with
   * `guest-sync-delimited`. Rejects with `INVALID_ARG`, `CONNECT_FAILED`,
   * `TIMEOUT` (default 10 s for socket and sync together; an agent that is not
   * running yet never answers) or `ABORTED`.
   */
  static async connect(target: SocketTarget, options: GuestAgentConnectOptions = {}): Promise<GuestAgentClient> {
    const driver = options.driverName ?? 'kvm';
    validateSocketTarget(target, driver);
    const client = new GuestAgentClient(target, options);
    const errorOptions = { driver, operation: 'qga.connect', detail: { target: describeTarget(target) } };
    try {
      await runWithDeadline(options, DEFAULT_CONNECT_TIMEOUT_MS, errorOptions, async ({ signal }) => {
        client.transport = await JsonLineTransport.connect(
          target,
          {
            onMessage: (m) => client.onMessage(m),
            onInvalidLine: (line, err) => client.onInvalidLine(line, err),
            onClose: (info) => client.onClose(info),
          },
          { signal, timeoutMs: 0, driverName: driver },
        );
        client.runState = 'running';
        await client.exclusive(() => client.doSync(signal, 0));
      });
    } catch (err) {
      client.transport?.close('connect failed');
      client.runState = 'closed';
      throw err;
    }
    if (client.closeInfo) throw client.closedError('qga.connect');
    client.runState = 'idle';
    return client;
  }

  /** Current run state. */
  get state(): GuestAgentClientState {
    return this.runState;
  }

  /**
   * Re-synchronises with `guest-sync-delimited` (done automatically before the
   * first command and after any timeout or abort). Rejects with `TIMEOUT` when
   * the agent does not answer (default 5 s).
   */
  sync(options?: CallOptions): Promise<void> {
    const blocked = this.checkUsable('guest-sync-delimited');
    if (blocked) return Promise.reject(blocked);
    const timeoutMs = options?.timeoutMs ?? this.timeoutFor('guest-sync-delimited');
    return runWithDeadline(options, timeoutMs, this.errorOptions('guest-sync-delimited'), ({ signal }) => this.exclusive(() => this.doSync(signal, 0)));
  }

  /**
   * Runs a typed guest agent command. Rejects with a {@link HypervisorError}
   * (`detail.class`, `desc`, `command`, `args`) when the agent answers an
   * error, `TIMEOUT`/`ABORTED` per `options` (default from
   * {@link QGA_COMMAND_TIMEOUTS}), `CONNECTION_CLOSED` when the socket closes.
   * For commands without a success response (`guest-shutdown`,
   * `guest-suspend-*`) it resolves `{}` when no error arrives within the
   * timeout or the socket closes, as QEMU documents.
   */
  command<K extends QgaCommandName>(name: K, ...params: QgaCommandParams<K>): Promise<QgaCommandReturn<K>> {
    const [args, options] = params as unknown as [object | undefined, CallOptions | undefined];
    return this.execute(name, args, options);
  }

  /** Runs any guest agent command by name (untyped escape hatch). Errors as {@link command}. */
  execute<T = unknown>(name: string, args?: object, options?: CallOptions): Promise<T> {
    const blocked = this.checkUsable(name);
    if (blocked) return Promise.reject(blocked);
    const meta = (QGA_COMMAND_META as Record<string, { successResponse: boolean } | undefined>)[name];
    const noReply = meta !== undefined && !meta.successResponse;
    const timeoutMs = options?.timeoutMs ?? this.timeoutFor(name);
    if (noReply) {
      // The timeout is the time to wait for an error; silence is success.
      return runWithDeadline({ signal: options?.signal }, 0, this.errorOptions(name), ({ signal }) =>
        this.exclusive(async () => {
          await this.syncIfNeeded(signal);
          return this.roundTrip(name, args, signal, { noReply: true, graceMs: timeoutMs });
        }),
      ) as Promise<T>;
    }
    return runWithDeadline(options, timeoutMs, this.errorOptions(name, args), ({ signal }) =>
      this.exclusive(async () => {
        await this.syncIfNeeded(signal);
        return this.roundTrip(name, args, signal, { noReply: false, graceMs: 0 });
      }),
    ) as Promise<T>;
  }

  /** `guest-ping`: resolves when the agent answers. */
  async ping(options?: CallOptions): Promise<void> {
    await this.command('guest-ping', undefined, options);
  }

  /** `guest-info`: agent version and the commands it supports. */
  info(options?: CallOptions): Promise<GuestAgentInfo> {
    return this.command('guest-info', undefined, options);
  }

  /** `guest-get-osinfo`: the guest OS's kernel and distribution. */
  getOsInfo(options?: CallOptions): Promise<GuestOSInfo> {
    return this.command('guest-get-osinfo', undefined, options);
  }

  /** `guest-network-get-interfaces`: the guest's interfaces and addresses. */
  networkGetInterfaces(options?: CallOptions): Promise<GuestNetworkInterface[]> {
    return this.command('guest-network-get-interfaces', undefined, options);
  }

  /** `guest-get-time`: guest time in nanoseconds since the epoch. */
  getTime(options?: CallOptions): Promise<number> {
    return this.command('guest-get-time', undefined, options);
  }

  /**
   * `guest-set-time`: sets the guest clock to `timeNs` (nanoseconds since the
   * epoch), or, without it, from the guest's hardware clock.
   */
  async setTime(timeNs?: number, options?: CallOptions): Promise<void> {
    await this.command('guest-set-time', timeNs === undefined ? {} : { time: timeNs }, options);
  }

  /** `guest-fsfreeze-status`: `frozen` or `thawed`. */
  fsfreezeStatus(options?: CallOptions): Promise<GuestFsfreezeStatus> {
    return this.command('guest-fsfreeze-status', undefined, options);
  }

  /** `guest-fsfreeze-freeze`: freezes every guest file system; resolves with how many were frozen. */
  fsfreezeFreeze(options?: CallOptions): Promise<number> {
    return this.command('guest-fsfreeze-freeze', undefined, options);
  }

  /** `guest-fsfreeze-thaw`: thaws the guest file systems; resolves with how many were thawed. */
  fsfreezeThaw(options?: CallOptions): Promise<number> {
    return this.command('guest-fsfreeze-thaw', undefined, options);
  }

  /** `guest-exec`: starts `path` with `args` in the guest; resolves with its PID. Output is captured by default. */
  exec(path: string, args: readonly string[] = [], options: GuestExecOptions = {}): Promise<GuestExec> {
    const { captureOutput = true, inputData, env, ...call } = options;
    return this.command(
      'guest-exec',
      {
        path,
        arg: [...args],
        ...(env ? { env } : {}),
        ...(inputData !== undefined ? { 'input-data': Buffer.from(inputData).toString('base64') } : {}),
        'capture-output': captureOutput,
      },
      call,
    );
  }

  /** `guest-exec-status`: state of a process started by {@link exec}; output is base64 and reported once, when it exited. */
  execStatus(pid: number, options?: CallOptions): Promise<GuestExecStatus> {
    return this.command('guest-exec-status', { pid }, options);
  }

  /**
   * Runs `path` with `args` in the guest and waits for it to exit, polling
   * `guest-exec-status`; resolves with the exit status and the decoded
   * output. `timeoutMs` (default 60 s) covers the whole run.
   */
  run(path: string, args: readonly string[] = [], options: GuestRunOptions = {}): Promise<GuestRunResult> {
    const { inputData, env, pollIntervalMs = 20 } = options;
    return runWithDeadline(options, 60_000, this.errorOptions('guest-exec', { path, arg: args }), async ({ signal }) => {
      const { pid } = await this.exec(path, args, { captureOutput: true, inputData, env, signal, timeoutMs: 0 });
      let wait = pollIntervalMs;
      for (;;) {
        const st = await this.execStatus(pid, { signal, timeoutMs: 0 });
        if (st.exited) {
          const decode = (b64: string | undefined) => (b64 ? Buffer.from(b64, 'base64').toString('utf8') : '');
          return {
            pid,
            ...(st.exitcode !== undefined ? { exitcode: st.exitcode } : {}),
            ...(st.signal !== undefined ? { signal: st.signal } : {}),
            stdout: decode(st['out-data']),
            stderr: decode(st['err-data']),
            stdoutTruncated: st['out-truncated'] === true,
            stderrTruncated: st['err-truncated'] === true,
          };
        }
        await delay(wait, signal);
        wait = Math.min(wait * 2, Math.max(500, pollIntervalMs));
      }
    });
  }

  /**
   * `guest-shutdown`: asks the guest to power down, halt or reboot. The agent
   * sends no reply on success, so this resolves when the socket closes or no
   * error arrives within `timeoutMs` (default 3 s); an error reply rejects.
   * Confirm the effect through QMP (`SHUTDOWN` event or QEMU exiting).
   */
  async shutdown(mode: GuestShutdownMode = 'powerdown', options?: CallOptions): Promise<void> {
    await this.command('guest-shutdown', { mode }, options);
  }

  /** Closes the socket; a request in flight rejects with `CONNECTION_CLOSED`. Idempotent. */
  async close(): Promise<void> {
    if (this.transport && !this.closeInfo) {
      this.runState = 'disconnecting';
      this.transport.close();
      await this.closed;
    }
    this.runState = 'closed';
  }

  // ---------------------------------------------------------------------------

  private timeoutFor(command: string): number {
    const t = this.timeouts as Record<string, number | undefined> | undefined;
    return t?.[command] ?? (QGA_COMMAND_TIMEOUTS as Record<string, number | undefined>)[command] ?? t?.default ?? DEFAULT_QGA_TIMEOUT_MS;
  }

  private errorOptions(command: string, args?: unknown) {
    return { driver: this.driverName, operation: `qga.${command}`, detail: { command, ...(args !== undefined ? { args } : {}) } };
  }

  private checkUsable(name: string): PolyvisorError | undefined {
    if (this.runState === 'idle' || this.runState === 'running') return undefined;
    if (this.runState === 'closed' || this.runState === 'disconnecting') return this.closedError(`qga.${name}`);
    return new PolyvisorError(ErrorCode.OPERATION_INVALID, `guest agent command "${name}" cannot run while the client is ${this.runState}`, {
      driver: this.driverName,
      operation: `qga.${name}`,
    });
  }

  private closedError(operation: string): PolyvisorError {
    const why = this.closeInfo?.message ?? 'closed';
    return new PolyvisorError(ErrorCode.CONNECTION_CLOSED, `guest agent connection to ${describeTarget(this.target)} is closed (${why})`, {
      driver: this.driverName,
      operation,
      detail: { reason: why },
    });
  }

  /** Runs `fn` after every earlier request has finished: the agent handles one request at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.queued++;
    if (this.runState === 'idle') this.runState = 'running';
    const run = this.lock.then(fn);
    const done = () => {
      this.queued--;
      if (this.queued === 0 && this.runState === 'running') this.runState = 'idle';
    };
    this.lock = run.then(done, done);
    return run;
  }

  private async syncIfNeeded(signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw signal.reason;
    if (this.needsSync) await this.doSync(signal, this.timeoutFor('guest-sync-delimited'));
  }

  /** `guest-sync-delimited` with a random id; runs under {@link exclusive}. */
  private async doSync(signal: AbortSignal, timeoutMs: number): Promise<void> {
    const id = randomInt(1, 2 ** 47);
    const ac = new AbortController();
    const onOuter = () => ac.abort(signal.reason);
    if (signal.aborted) onOuter();
    else signal.addEventListener('abort', onOuter, { once: true });
    const timer =
      timeoutMs > 0
        ? setTimeout(() => ac.abort(new TimeoutError(`guest agent did not answer guest-sync-delimited within ${timeoutMs} ms`, this.errorOptions('guest-sync-delimited', { id }))), timeoutMs)
        : undefined;
    try {
      // 0xFF first: makes the agent's JSON parser drop any half-received request.
      if (!this.closeInfo) this.transport.write(Uint8Array.of(QGA_DELIMITER));
      await this.roundTrip('guest-sync-delimited', { id }, ac.signal, { noReply: false, graceMs: 0, syncId: id });
    } finally {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onOuter);
    }
    this.needsSync = false;
  }

  /** Sends one request and waits for its reply; runs under {@link exclusive}. */
  private roundTrip(command: string, args: object | undefined, signal: AbortSignal, how: { noReply: boolean; graceMs: number; syncId?: number }): Promise<unknown> {
    if (this.closeInfo) return Promise.reject(this.closedError(`qga.${command}`));
    if (signal.aborted) return Promise.reject(this.abortReason(command, args, signal));
    return new Promise((resolve, reject) => {
      let grace: NodeJS.Timeout | undefined;
      const cleanup = () => {
        this.current = undefined;
        signal.removeEventListener('abort', onAbort);
        if (grace) clearTimeout(grace);
      };
      const entry: InFlight = {
        command,
        args,
        syncId: how.syncId,
        noReply: how.noReply,
        resolve: (v) => {
          cleanup();
          resolve(v);
        },
        reject: (e) => {
          cleanup();
          reject(e);
        },
      };
      const onAbort = () => {
        // The reply may still come: whatever arrives next is stale until a sync.
        this.needsSync = true;
        entry.reject(this.abortReason(command, args, signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.current = entry;
      try {
        if (how.syncId !== undefined) this.transport.discardUntilDelimiter();
        this.transport.send(args === undefined ? { execute: command } : { execute: command, arguments: args });
      } catch (err) {
        entry.reject(err instanceof PolyvisorError ? this.closedError(`qga.${command}`) : err);
        return;
      }
      if (how.noReply && how.graceMs > 0 && Number.isFinite(how.graceMs)) {
        grace = setTimeout(() => {
          // No error within the grace period: success. A late reply would be stale.
          this.needsSync = true;
          entry.resolve({});
        }, how.graceMs);
      }
    });
  }

  private abortReason(command: string, args: unknown, signal: AbortSignal): PolyvisorError {
    const r: unknown = signal.reason;
    if (r instanceof TimeoutError || r instanceof AbortError) return r;
    return new AbortError(`guest agent command "${command}" aborted`, { ...this.errorOptions(command, args), cause: r });
  }

  private onMessage(msg: unknown): void {
    const cur = this.current;
    if (!cur) {
      // Nobody asked: a late reply. Re-sync before the next request.
      this.needsSync = true;
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as Record<string, unknown>;
    if (cur.syncId !== undefined) {
      if (m.return === cur.syncId) cur.resolve(m.return);
      else this.transport.discardUntilDelimiter(); // a stale sync reply or other leftovers
      return;
    }
    if ('error' in m) {
      const e = (m.error ?? {}) as { class?: unknown; desc?: unknown };
      const cls = typeof e.class === 'string' ? e.class : 'GenericError';
      const desc = typeof e.desc === 'string' ? e.desc : JSON.stringify(m.error);
      cur.reject(
        new HypervisorError(`guest agent command "${cur.command}" failed (${cls}): ${desc}`, {
          driver: this.driverName,
          operation: `qga.${cur.command}`,
          detail: { class: cls, desc, command: cur.command, args: cur.args },
        }),
      );
    } else if ('return' in m) {
      cur.resolve(m.return);
    }
  }

  private onInvalidLine(line: string, error: Error): void {
    this.needsSync = true;
    const cur = this.current;
    if (!cur || cur.syncId !== undefined) return;
    cur.reject(
      new PolyvisorError(ErrorCode.HYPERVISOR_ERROR, `guest agent sent invalid JSON in reply to "${cur.command}": ${error.message}`, {
        driver: this.driverName,
        operation: `qga.${cur.command}`,
        cause: error,
        detail: { command: cur.command, args: cur.args, line: line.slice(0, 200) },
      }),
    );
  }

  private onClose(info: TransportCloseInfo): void {
    this.closeInfo = info;
    this.runState = 'closed';
    const cur = this.current;
    if (cur) {
      if (cur.noReply) cur.resolve({});
      else {
        const where = describeTarget(this.target);
        cur.reject(
          new PolyvisorError(ErrorCode.CONNECTION_CLOSED, info.by === 'local' ? `guest agent command "${cur.command}" cancelled: ${info.message}` : `guest agent socket ${where} closed while "${cur.command}" was pending: ${info.message}`, {
            driver: this.driverName,
            operation: `qga.${cur.command}`,
            cause: info.error,
            detail: { command: cur.command, args: cur.args, reason: info.message, by: info.by },
          }),
        );
      }
    }
    this.resolveClosed(info);
  }
}
