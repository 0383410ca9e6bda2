/**
 * A small line-oriented JSON transport over a unix socket (or TCP): the wire
 * layer under the QMP client and the guest-agent client. One JSON object per
 * line in both directions; replies split across chunks or merged into one
 * chunk are reassembled on newline boundaries, and lines are decoded only when
 * complete, so a multi-byte character cut in two by the kernel is safe.
 *
 * The guest agent's `guest-sync-delimited` handshake needs byte-level control:
 * {@link JsonLineTransport.discardUntilDelimiter} drops everything received up
 * to the next `0xFF` byte (a byte that never occurs in UTF-8 JSON).
 * @module
 */
import net from 'node:net';
import { isAbsolute } from 'node:path';
import { ErrorCode, PolyvisorError, runWithDeadline, type CallOptions } from '@polyvisor/core';

/** Where a monitor or agent listens: a unix socket path, or a TCP host and port. */
export type SocketTarget = { path: string } | { host: string; port: number };

/** Why a transport closed. */
export interface TransportCloseInfo {
  /**
   * Who ended it: `local` (our `close()`), `peer` (the other end closed, e.g.
   * QEMU exited), `error` (a socket error such as `ECONNRESET`), `protocol`
   * (the peer sent something that is not line-delimited JSON).
   */
  by: 'local' | 'peer' | 'error' | 'protocol';
  /** Human-readable reason. */
  message: string;
  /** The underlying error, if any. */
  error?: Error;
}

/** Callbacks of a transport; they run synchronously as data arrives. */
export interface TransportHandlers {
  /** Called with every complete, parsed JSON line. */
  onMessage(message: unknown): void;
  /**
   * Called with a line that is not valid JSON. When absent, such a line
   * closes the transport with `by: 'protocol'`.
   */
  onInvalidLine?(line: string, error: Error): void;
  /** Called once when the transport has closed, after `closed` settles. */
  onClose?(info: TransportCloseInfo): void;
}

/** Options of {@link JsonLineTransport.connect}. */
export interface TransportConnectOptions extends CallOptions {
  /** Driver name used to prefix error messages (default `kvm`). */
  driverName?: string;
  /** Longest accepted line in bytes; a longer one closes the transport (default 64 MiB). */
  maxLineBytes?: number;
}

/** Default timeout of {@link JsonLineTransport.connect}, in milliseconds. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
const NEWLINE = 0x0a;
/** The guest agent's sync delimiter byte. */
export const QGA_DELIMITER = 0xff;
// sun_path is 108 bytes including the terminating NUL.
const MAX_UNIX_PATH_BYTES = 107;

/**
 * Checks a unix socket path: absolute, no NUL byte (no Linux abstract
 * sockets), and short enough for `sun_path` (107 bytes). Throws an
 * `INVALID_ARG` {@link PolyvisorError} otherwise.
 */
export function validateSocketPath(path: string, driverName = 'kvm'): void {
  const fail = (why: string): never => {
    throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid socket path ${JSON.stringify(path)}: ${why}`, { driver: driverName, detail: { path } });
  };
  if (typeof path !== 'string' || path.length === 0) fail('empty');
  if (path.includes('\0')) fail('contains a NUL byte');
  if (!isAbsolute(path)) fail('must be absolute');
  if (Buffer.byteLength(path) > MAX_UNIX_PATH_BYTES) fail(`longer than ${MAX_UNIX_PATH_BYTES} bytes (the unix socket limit)`);
}

/** Checks a {@link SocketTarget}; throws `INVALID_ARG` when it is malformed. */
export function validateSocketTarget(target: SocketTarget, driverName = 'kvm'): void {
  if (target && 'path' in target) return validateSocketPath(target.path, driverName);
  if (target && 'host' in target && typeof target.host === 'string' && target.host.length > 0 && Number.isInteger(target.port) && target.port > 0 && target.port < 65536) return;
  throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid socket target ${JSON.stringify(target)}: need { path } or { host, port }`, { driver: driverName });
}

/** Describes a target for messages: the path, or `host:port`. */
export function describeTarget(target: SocketTarget): string {
  return 'path' in target ? target.path : `${target.host}:${target.port}`;
}

/**
 * One connected socket speaking line-delimited JSON. Writes issued in the
 * same tick are coalesced into one `writev`.
 */
export class JsonLineTransport {
  /** Resolves once, when the socket has closed, with the reason. Never rejects. */
  readonly closed: Promise<TransportCloseInfo>;
  /** The target this transport is connected to. */
  readonly target: SocketTarget;

  private readonly socket: net.Socket;
  private readonly handlers: TransportHandlers;
  private readonly maxLineBytes: number;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private discarding = false;
  private closeInfo: TransportCloseInfo | undefined;
  private resolveClosed!: (info: TransportCloseInfo) => void;
  private corked = false;
  private processing = false;
  private pendingClose: TransportCloseInfo | undefined;

  private constructor(socket: net.Socket, target: SocketTarget, handlers: TransportHandlers, maxLineBytes: number) {
    this.socket = socket;
    this.target = target;
    this.handlers = handlers;
    this.maxLineBytes = maxLineBytes;
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    socket.setNoDelay?.(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => {
      this.pendingClose ??= { by: 'peer', message: 'connection closed by peer' };
      socket.destroy();
    });
    socket.on('error', (error: Error) => {
      this.pendingClose ??= { by: 'error', message: `socket error: ${error.message}`, error };
    });
    socket.on('close', () => this.finish(this.pendingClose ?? { by: 'peer', message: 'connection closed by peer' }));
  }

  /**
   * Connects to `target`. Rejects with `INVALID_ARG` for a malformed target,
   * `CONNECT_FAILED` when the socket cannot be opened (no such file, refused),
   * `TIMEOUT` after `timeoutMs` (default {@link DEFAULT_CONNECT_TIMEOUT_MS}) or
   * `ABORTED` when `signal` fires.
   */
  static async connect(target: SocketTarget, handlers: TransportHandlers, options: TransportConnectOptions = {}): Promise<JsonLineTransport> {
    const driver = options.driverName ?? 'kvm';
    validateSocketTarget(target, driver);
    const where = describeTarget(target);
    return runWithDeadline(options, DEFAULT_CONNECT_TIMEOUT_MS, { driver, operation: `connect ${where}` }, ({ signal }) => {
      return new Promise<JsonLineTransport>((resolve, reject) => {
        const socket = 'path' in target ? net.createConnection({ path: target.path }) : net.createConnection({ host: target.host, port: target.port });
        const onAbort = () => socket.destroy();
        signal.addEventListener('abort', onAbort, { once: true });
        const onError = (err: NodeJS.ErrnoException) => {
          signal.removeEventListener('abort', onAbort);
          socket.destroy();
          reject(new PolyvisorError(ErrorCode.CONNECT_FAILED, `cannot connect to ${where}: ${err.message}`, { driver, cause: err, detail: { target: where, errno: err.code } }));
        };
        socket.once('error', onError);
        socket.once('connect', () => {
          signal.removeEventListener('abort', onAbort);
          socket.off('error', onError);
          if (signal.aborted) {
            socket.destroy();
            return;
          }
          resolve(new JsonLineTransport(socket, target, handlers, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES));
        });
      });
    });
  }

  /** True once the socket has closed (or `close()` was called). */
  get isClosed(): boolean {
    return this.closeInfo !== undefined || this.socket.destroyed;
  }

  /**
   * Sends one JSON value followed by a newline. Throws `CONNECTION_CLOSED`
   * when the transport is closed.
   */
  send(message: unknown): void {
    this.write(JSON.stringify(message) + '\n');
  }

  /** Sends raw bytes (e.g. the guest agent's `0xFF` flush byte). Throws `CONNECTION_CLOSED` when closed. */
  write(data: string | Uint8Array): void {
    if (this.isClosed) throw new PolyvisorError(ErrorCode.CONNECTION_CLOSED, `connection to ${describeTarget(this.target)} is closed`, { detail: { reason: this.closeInfo?.message } });
    if (!this.corked) {
      // Coalesce every write of this tick into one syscall.
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(data);
  }

  /**
   * Drops every received byte up to and including the next `0xFF`
   * ({@link QGA_DELIMITER}), including bytes already buffered, then resumes
   * line parsing. Used for the guest agent's `guest-sync-delimited`.
   */
  discardUntilDelimiter(): void {
    this.discarding = true;
    // From inside a message handler the running parse loop picks the flag up.
    if (this.buffered > 0 && !this.processing) this.process();
  }

  /** True while {@link discardUntilDelimiter} is waiting for its delimiter. */
  get isDiscarding(): boolean {
    return this.discarding;
  }

  /** Closes the socket; `closed` resolves with `by: 'local'`. Idempotent. */
  close(message = 'closed by client'): void {
    this.pendingClose ??= { by: 'local', message };
    this.socket.destroy();
  }

  private closeWith(info: TransportCloseInfo): void {
    this.pendingClose ??= info;
    this.socket.destroy();
  }

  private finish(info: TransportCloseInfo): void {
    if (this.closeInfo) return;
    this.closeInfo = info;
    this.chunks = [];
    this.buffered = 0;
    this.resolveClosed(info);
    this.handlers.onClose?.(info);
  }

  private onData(chunk: Buffer): void {
    if (this.closeInfo) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    // Middle of a long line: wait for its end instead of re-scanning it.
    if (this.chunks.length > 1 && !this.discarding && chunk.indexOf(NEWLINE) < 0) {
      if (this.buffered > this.maxLineBytes) this.closeWith({ by: 'protocol', message: `line longer than ${this.maxLineBytes} bytes` });
      return;
    }
    this.process();
  }

  private process(): void {
    this.processing = true;
    try {
      this.parse();
    } finally {
      this.processing = false;
    }
  }

  private parse(): void {
    let buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    let start = 0;
    for (;;) {
      if (this.discarding) {
        const d = buf.indexOf(QGA_DELIMITER, start);
        if (d < 0) {
          start = buf.length;
          break;
        }
        start = d + 1;
        this.discarding = false;
      }
      const nl = buf.indexOf(NEWLINE, start);
      if (nl < 0) break;
      const line = buf.toString('utf8', start, nl);
      start = nl + 1;
      this.onLine(line);
      // A handler may have closed us or switched to discard mode.
      if (this.closeInfo || this.socket.destroyed) return;
    }
    if (start >= buf.length) {
      this.chunks = [];
      this.buffered = 0;
      return;
    }
    buf = start === 0 ? buf : buf.subarray(start);
    this.chunks = [buf];
    this.buffered = buf.length;
    if (this.buffered > this.maxLineBytes) this.closeWith({ by: 'protocol', message: `line longer than ${this.maxLineBytes} bytes` });
  }

  private onLine(line: string): void {
    // QMP ends lines with CRLF; blank lines are keep-alives at most.
    let i = 0;
    while (i < line.length && (line.charCodeAt(i) <= 0x20)) i++;
    if (i === line.length) return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch (err) {
      const error = err as Error;
      if (this.handlers.onInvalidLine) this.handlers.onInvalidLine(line, error);
      else this.closeWith({ by: 'protocol', message: `invalid JSON from peer: ${error.message}`, error });
      return;
    }
    this.handlers.onMessage(message);
  }
}
