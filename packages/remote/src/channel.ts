/**
 * One end of a remote-protocol channel over a byte transport (SSH channel,
 * stdio, an in-process pipe): framing, validation, the stream multiplexer
 * and the encoding of values that are not plain JSON (byte buffers, Node
 * streams, callbacks). Shared by the client driver and the agent.
 * @module
 */
import { Duplex, Readable, Transform } from 'node:stream';
import { ErrorCode, PolyvisorError } from '@polyvisor/core';
import {
  FrameDecoder, MAX_FRAME_BYTES, RemoteProtocolError, STREAM_CHUNK_BYTES, STREAM_WINDOW_BYTES, decodeFrameBody, encodeFrame, errorFromWire, errorToWire,
  type Message,
} from './protocol.js';

/** The byte transport a {@link Channel} runs over. */
export interface ChannelTransport {
  /** Bytes from the peer. */
  input: NodeJS.ReadableStream;
  /** Bytes to the peer. */
  output: NodeJS.WritableStream;
}

/** Options of a {@link Channel}. */
export interface ChannelOptions {
  /** Which end this is; names stream ids (`c1`, `a1`). */
  side: 'client' | 'agent';
  /** Frame size limit (default {@link MAX_FRAME_BYTES}). */
  maxFrameBytes?: number;
  /** Called with each validated message other than `stream` ones. */
  onMessage(msg: Message): void;
  /** Called once when the channel closes, with why. */
  onClose(reason: PolyvisorError): void;
  /** Whether closing ends `output` (default true). */
  endOutputOnClose?: boolean;
}

/** Tracks what encoding a value registered: callbacks (by id) and streams (by sid). */
export interface EncodeScope {
  /** Callback ids registered while encoding. */
  callbacks: number[];
  /** Stream ids opened while encoding. */
  streams: string[];
}

/** How decoded callbacks reach the peer. */
export interface DecodeScope {
  /** Invoked when a decoded function argument is called. */
  invokeCallback?(cb: number, args: unknown[]): void;
  /** Stream ids found while decoding. */
  streams?: string[];
}

interface StreamEntry {
  sid: string;
  origin: boolean;
  mode: 'readable' | 'duplex';
  obj: Readable | Duplex | NodeJS.ReadableStream;
  /** Bytes sent and not yet acknowledged. */
  outstanding: number;
  /** Received bytes whose ack waits for the consumer to read. */
  unacked: number;
  paused: boolean;
  waitingWrite?: (() => void) | undefined;
  sentEnd: boolean;
  gotEnd: boolean;
  cleanup?: () => void;
  onRelease: Array<() => void>;
}

type Tagged = { $pv: string; [k: string]: unknown };

/** True for Node readable streams (and anything stream-like with `on`/`pipe`/`read`). */
export function isReadableLike(v: unknown): v is NodeJS.ReadableStream {
  if (v instanceof Readable) return true;
  return v !== null && typeof v === 'object' && typeof (v as { on?: unknown }).on === 'function' && typeof (v as { pipe?: unknown }).pipe === 'function' && typeof (v as { read?: unknown }).read === 'function';
}

/**
 * One end of a channel. Writes frames with {@link Channel.send}, hands
 * validated messages to `onMessage`, runs the byte-stream multiplexer
 * itself, and closes (once) on a malformed frame, a transport error or end.
 */
export class Channel {
  private readonly decoder: FrameDecoder;
  private readonly maxFrame: number;
  private readonly streams = new Map<string, StreamEntry>();
  private nextSid = 0;
  private nextCb = 0;
  private readonly callbacks = new Map<number, (...args: unknown[]) => unknown>();
  private closedReason: PolyvisorError | undefined;
  private readonly detach: () => void;

  /** Starts reading `transport.input`. */
  constructor(
    private readonly transport: ChannelTransport,
    private readonly opts: ChannelOptions,
  ) {
    this.maxFrame = opts.maxFrameBytes ?? MAX_FRAME_BYTES;
    this.decoder = new FrameDecoder(this.maxFrame);
    const onData = (chunk: Buffer | string) => this.onData(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    const onEnd = () => this.close(new PolyvisorError(ErrorCode.CONNECT_FAILED, 'connection closed by the peer', { driver: 'remote' }));
    const onError = (err: Error) => this.close(new PolyvisorError(ErrorCode.CONNECT_FAILED, `connection failed: ${err.message}`, { driver: 'remote', cause: err }));
    const onOutError = (err: Error) => this.close(new PolyvisorError(ErrorCode.CONNECT_FAILED, `cannot write to the peer: ${err.message}`, { driver: 'remote', cause: err }));
    const input = transport.input;
    const output = transport.output;
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('close', onEnd);
    input.on('error', onError);
    output.on('error', onOutError);
    output.on('close', onEnd);
    this.detach = () => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('close', onEnd);
      input.removeListener('error', onError);
      output.removeListener('close', onEnd);
      // Keep a no-op error listener: late transport errors must not crash the process.
      output.removeListener('error', onOutError);
      output.on('error', () => undefined);
      input.on('error', () => undefined);
    };
  }

  /** True once closed. */
  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /** Why the channel closed, once it has. */
  get closeReason(): PolyvisorError | undefined {
    return this.closedReason;
  }

  /** Sends a message; false when the channel is closed. An oversize message closes the channel. */
  send(msg: Message): boolean {
    if (this.closedReason) return false;
    let frame: Buffer;
    try {
      frame = encodeFrame(msg, this.maxFrame);
    } catch (err) {
      if (msg.t === 'result' || msg.t === 'error') {
        // Report a too-large reply as the call's error instead of breaking the channel.
        const e = err as PolyvisorError;
        return this.send({ t: 'error', id: msg.id, error: errorToWire(new PolyvisorError(ErrorCode.OPERATION_FAILED, e.message, { driver: 'remote' })) });
      }
      throw err;
    }
    try {
      this.transport.output.write(frame);
    } catch (err) {
      this.close(new PolyvisorError(ErrorCode.CONNECT_FAILED, `cannot write to the peer: ${(err as Error).message}`, { driver: 'remote', cause: err }));
      return false;
    }
    return true;
  }

  /** Closes the channel (idempotent): sends `reason` as a fatal error when `notifyPeer`, destroys open streams, ends the output and calls `onClose`. */
  close(reason: PolyvisorError, notifyPeer = false): void {
    if (this.closedReason) return;
    if (notifyPeer) this.send({ t: 'error', error: errorToWire(reason) });
    this.closedReason = reason;
    this.detach();
    for (const e of [...this.streams.values()]) this.dropStream(e, reason);
    this.callbacks.clear();
    if (this.opts.endOutputOnClose !== false) {
      try {
        this.transport.output.end();
      } catch {
        /* already gone */
      }
    }
    this.opts.onClose(reason);
  }

  private onData(chunk: Buffer): void {
    if (this.closedReason) return;
    let bodies: Buffer[];
    try {
      bodies = this.decoder.push(chunk);
    } catch (err) {
      this.close(err as PolyvisorError, true);
      return;
    }
    for (const body of bodies) {
      if (this.closedReason) return;
      let msg: Message;
      try {
        msg = decodeFrameBody(body);
      } catch (err) {
        this.close(err as PolyvisorError, true);
        return;
      }
      try {
        if (msg.t === 'stream') this.onStream(msg);
        else this.opts.onMessage(msg);
      } catch (err) {
        const e = err instanceof PolyvisorError ? err : new RemoteProtocolError(`failed to handle a '${msg.t}' message: ${(err as Error).message}`, 'internal', { cause: err });
        this.close(e, true);
        return;
      }
    }
  }

  // ---------------------------------------------------------------- values

  /** Encodes a value for the wire: buffers as base64, streams as stream ids (sending `open`), functions as callback ids. */
  encodeValue(v: unknown, scope: EncodeScope, depth = 0): unknown {
    if (depth > 64) throw new PolyvisorError(ErrorCode.INVALID_ARG, 'value nested too deeply for the remote protocol', { driver: 'remote' });
    if (v === undefined) return { $pv: 'undefined' };
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') return Number.isFinite(v) ? v : { $pv: 'number', v: String(v) };
    if (typeof v === 'bigint') return { $pv: 'bigint', v: v.toString() };
    if (typeof v === 'function') {
      const id = ++this.nextCb;
      this.callbacks.set(id, v as (...args: unknown[]) => unknown);
      scope.callbacks.push(id);
      return { $pv: 'fn', id };
    }
    if (typeof v !== 'object') throw new PolyvisorError(ErrorCode.INVALID_ARG, `cannot send a ${typeof v} over the remote protocol`, { driver: 'remote' });
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { $pv: 'bytes', b64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
    if (v instanceof Date) return { $pv: 'date', v: v.toISOString() };
    if (v instanceof Duplex || isReadableLike(v)) {
      // A two-way byte stream (console socket) stays two-way; a Transform/PassThrough is a data source.
      const sid = this.openStream(v as Readable | Duplex, v instanceof Duplex && !(v instanceof Transform) && v.writable ? 'duplex' : 'readable');
      scope.streams.push(sid);
      return { $pv: 'stream', sid };
    }
    if (Array.isArray(v)) return v.map((x) => this.encodeValue(x, scope, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = this.encodeValue(x, scope, depth + 1);
    return '$pv' in out ? { $pv: 'object', v: out } : out;
  }

  /** Decodes a value from the wire (inverse of {@link Channel.encodeValue}). */
  decodeValue(v: unknown, scope: DecodeScope, depth = 0): unknown {
    if (depth > 64) throw new RemoteProtocolError('value nested too deeply', 'malformed');
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => this.decodeValue(x, scope, depth + 1));
    const o = v as Tagged;
    if (typeof o.$pv === 'string') {
      switch (o.$pv) {
        case 'undefined':
          return undefined;
        case 'number':
          return Number(o.v);
        case 'bigint':
          if (typeof o.v !== 'string' || !/^-?[0-9]+$/.test(o.v)) break;
          return BigInt(o.v);
        case 'bytes':
          if (typeof o.b64 !== 'string') break;
          return Buffer.from(o.b64, 'base64');
        case 'date':
          if (typeof o.v !== 'string') break;
          return new Date(o.v);
        case 'fn': {
          if (typeof o.id !== 'number') break;
          const id = o.id;
          return (...args: unknown[]) => scope.invokeCallback?.(id, args);
        }
        case 'stream': {
          if (typeof o.sid !== 'string') break;
          const e = this.streams.get(o.sid);
          if (!e || e.origin) throw new RemoteProtocolError(`reference to unknown stream '${o.sid}'`, 'malformed');
          scope.streams?.push(o.sid);
          return e.obj;
        }
        case 'object': {
          if (o.v === null || typeof o.v !== 'object' || Array.isArray(o.v)) break;
          const out: Record<string, unknown> = {};
          for (const [k, x] of Object.entries(o.v as Record<string, unknown>)) out[k] = this.decodeValue(x, scope, depth + 1);
          return out;
        }
        default:
      }
      throw new RemoteProtocolError(`invalid tagged value '${o.$pv}'`, 'malformed');
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = this.decodeValue(x, scope, depth + 1);
    return out;
  }

  /** Runs a callback registered by {@link Channel.encodeValue} (errors from it are swallowed: a progress callback must not break the channel). */
  runCallback(cb: number, args: unknown[]): void {
    const fn = this.callbacks.get(cb);
    if (!fn) return;
    try {
      const r = fn(...args);
      if (r instanceof Promise) r.catch(() => undefined);
    } catch {
      /* the caller's callback failed; ignored */
    }
  }

  /** Forgets callbacks registered by an encode once the call no longer needs them. */
  releaseCallbacks(ids: readonly number[]): void {
    for (const id of ids) this.callbacks.delete(id);
  }

  /** Runs `fn` once every stream in `sids` is finished (at once when none is open). */
  whenStreamsDone(sids: readonly string[], fn: () => void): void {
    const open = sids.map((s) => this.streams.get(s)).filter((e): e is StreamEntry => e !== undefined);
    if (!open.length) return fn();
    let left = open.length;
    for (const e of open) e.onRelease.push(() => --left === 0 && fn());
  }

  /** Destroys the streams in `sids` (a call whose result will never be delivered). */
  abortStreams(sids: readonly string[], reason: PolyvisorError): void {
    for (const sid of sids) {
      const e = this.streams.get(sid);
      if (e) {
        this.send({ t: 'stream', sid, op: 'close' });
        this.dropStream(e, reason);
      }
    }
  }

  // ---------------------------------------------------------------- streams

  private openStream(obj: Readable | Duplex, mode: 'readable' | 'duplex'): string {
    const sid = `${this.opts.side === 'client' ? 'c' : 'a'}${++this.nextSid}`;
    const e: StreamEntry = { sid, origin: true, mode, obj, outstanding: 0, unacked: 0, paused: false, sentEnd: false, gotEnd: mode === 'readable', onRelease: [] };
    this.streams.set(sid, e);
    this.send({ t: 'stream', sid, op: 'open', mode });
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      this.sendData(e, buf);
      if (e.outstanding > STREAM_WINDOW_BYTES && !e.paused) {
        e.paused = true;
        obj.pause();
      }
    };
    const onEnd = () => {
      if (e.sentEnd) return;
      e.sentEnd = true;
      this.send({ t: 'stream', sid, op: 'end' });
      this.maybeRelease(e);
    };
    const onError = (err: Error) => {
      if (!this.streams.has(sid)) return;
      this.send({ t: 'stream', sid, op: 'error', error: errorToWire(err) });
      this.releaseStream(e);
    };
    const onClose = () => {
      if (!this.streams.has(sid)) return;
      if (!e.sentEnd) {
        this.send({ t: 'stream', sid, op: 'close' });
        this.releaseStream(e);
      }
    };
    // Defer flowing until the message naming this stream went out.
    queueMicrotask(() => {
      if (!this.streams.has(sid)) return;
      obj.on('data', onData);
    });
    obj.on('end', onEnd);
    obj.on('error', onError);
    obj.on('close', onClose);
    e.cleanup = () => {
      obj.removeListener('data', onData);
      obj.removeListener('end', onEnd);
      obj.removeListener('error', onError);
      obj.removeListener('close', onClose);
    };
    return sid;
  }

  private sendData(e: StreamEntry, buf: Buffer): void {
    for (let off = 0; off < buf.length; off += STREAM_CHUNK_BYTES) {
      const part = buf.subarray(off, off + STREAM_CHUNK_BYTES);
      e.outstanding += part.length;
      this.send({ t: 'stream', sid: e.sid, op: 'data', data: part.toString('base64') });
    }
  }

  private ack(e: StreamEntry, bytes: number): void {
    if (bytes > 0 && this.streams.has(e.sid)) this.send({ t: 'stream', sid: e.sid, op: 'ack', bytes });
  }

  private createProxy(sid: string, mode: 'readable' | 'duplex'): void {
    if (this.streams.has(sid) || sid.startsWith(this.opts.side === 'client' ? 'c' : 'a')) throw new RemoteProtocolError(`stream '${sid}' opened twice or with our own id`, 'malformed');
    // eslint-disable-next-line prefer-const
    let e: StreamEntry;
    const read = () => {
      if (e.unacked > 0) {
        const n = e.unacked;
        e.unacked = 0;
        this.ack(e, n);
      }
    };
    const destroy = (err: Error | null, cb: (err: Error | null) => void) => {
      if (this.streams.has(sid)) {
        this.send(err ? { t: 'stream', sid, op: 'error', error: errorToWire(err) } : { t: 'stream', sid, op: 'close' });
        this.releaseStream(e);
      }
      cb(err);
    };
    const obj = mode === 'duplex'
      ? new Duplex({
          read,
          write: (chunk: Buffer, _enc, cb) => {
            if (!this.streams.has(sid)) return cb(this.closedReason ?? new PolyvisorError(ErrorCode.OPERATION_FAILED, 'remote stream closed', { driver: 'remote' }));
            this.sendData(e, chunk);
            if (e.outstanding > STREAM_WINDOW_BYTES) e.waitingWrite = () => cb();
            else cb();
          },
          final: (cb) => {
            if (this.streams.has(sid) && !e.sentEnd) {
              e.sentEnd = true;
              this.send({ t: 'stream', sid, op: 'end' });
            }
            cb();
            this.maybeRelease(e);
          },
          destroy,
        })
      : new Readable({ read, destroy });
    e = { sid, origin: false, mode, obj, outstanding: 0, unacked: 0, paused: false, sentEnd: mode === 'readable', gotEnd: false, onRelease: [] };
    this.streams.set(sid, e);
  }

  private onStream(msg: Extract<Message, { t: 'stream' }>): void {
    if (msg.op === 'open') {
      this.createProxy(msg.sid, msg.mode ?? 'readable');
      return;
    }
    const e = this.streams.get(msg.sid);
    if (!e) return; // late message for a stream already gone
    switch (msg.op) {
      case 'data': {
        const buf = Buffer.from(msg.data ?? '', 'base64');
        if (e.gotEnd) throw new RemoteProtocolError(`data after end on stream '${e.sid}'`, 'malformed');
        if (e.origin) {
          const w = e.obj as Duplex;
          if (e.mode !== 'duplex' || typeof w.write !== 'function') throw new RemoteProtocolError(`data sent to read-only stream '${e.sid}'`, 'malformed');
          if (!w.destroyed) w.write(buf, () => this.ack(e, buf.length));
        } else {
          const r = e.obj as Readable;
          if (r.destroyed) return;
          if (r.push(buf)) this.ack(e, buf.length);
          else e.unacked += buf.length;
        }
        return;
      }
      case 'end':
        e.gotEnd = true;
        if (e.origin) (e.obj as Duplex).end?.();
        else (e.obj as Readable).push(null);
        this.maybeRelease(e);
        return;
      case 'ack':
        e.outstanding = Math.max(0, e.outstanding - (msg.bytes ?? 0));
        if (e.outstanding <= STREAM_WINDOW_BYTES) {
          if (e.paused) {
            e.paused = false;
            e.obj.resume();
          }
          const w = e.waitingWrite;
          e.waitingWrite = undefined;
          w?.();
        }
        return;
      case 'error':
      case 'close': {
        const err = msg.error ? errorFromWire(msg.error) : undefined;
        this.releaseStream(e);
        const o = e.obj as Readable;
        if (typeof o.destroy === 'function' && !o.destroyed) o.destroy(err);
        return;
      }
      default:
    }
  }

  private maybeRelease(e: StreamEntry): void {
    if (e.sentEnd && e.gotEnd) this.releaseStream(e);
  }

  private releaseStream(e: StreamEntry): void {
    if (!this.streams.delete(e.sid)) return;
    e.cleanup?.();
    const w = e.waitingWrite;
    e.waitingWrite = undefined;
    w?.();
    for (const f of e.onRelease.splice(0)) f();
  }

  private dropStream(e: StreamEntry, reason: PolyvisorError): void {
    this.releaseStream(e);
    const o = e.obj as Readable;
    if (typeof o.destroy === 'function' && !o.destroyed) {
      // Keep the stream from throwing an unhandled 'error' if nobody listens.
      if (o.listenerCount('error') === 0) o.on('error', () => undefined);
      o.destroy(reason);
    }
  }
}
