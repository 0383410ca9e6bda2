/**
 * The remote protocol: versioned, length-framed JSON-RPC carrying the whole
 * {@link DriverConnection} contract between the remote driver (client) and
 * `polyvisor agent --stdio` (agent), like libvirt's remote protocol but in
 * JSON.
 *
 * A frame is a 4-byte big-endian length followed by that many bytes of UTF-8
 * JSON; frames larger than {@link MAX_FRAME_BYTES} are refused. Every
 * message is validated with zod on arrival; a malformed one closes the
 * channel with a {@link RemoteProtocolError}.
 *
 * Messages (field `t`):
 * - `hello`: version negotiation. The client sends `{versions, readOnly}`,
 *   the agent answers `{version, server}` naming the far driver and the
 *   methods it implements.
 * - `call` `{id, sub, method, args}` → `result` `{id, value}` or `error`
 *   `{id, error}`; `cancel` `{id}` aborts the far side's `CallContext`.
 * - `subscribe` / `unsubscribe` and `event` `{event}` pushes.
 * - `callback` `{id, cb, args}`: the agent invoking a function argument
 *   (e.g. `onProgress`) passed by the client.
 * - `stream` `{sid, op}` with `op` one of `open`, `data` (base64), `end`,
 *   `error`, `close`, `ack` (flow control): byte streams (consoles, volume
 *   upload/download) multiplexed on the one channel.
 * - `error` without `id`: a fatal channel error, sent before closing.
 * @module
 */
import { z } from 'zod';
import { ErrorCode, PolyvisorError, type PolyvisorEvent } from '@polyvisor/core';

/** The protocol version this implementation prefers. */
export const PROTOCOL_VERSION = 1;

/** Every protocol version this implementation speaks. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1];

/** Largest frame accepted or sent (16 MiB), length header excluded. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** Largest payload of one stream `data` message (before base64). */
export const STREAM_CHUNK_BYTES = 256 * 1024;

/** Bytes a stream sender may have in flight before waiting for `ack`s. */
export const STREAM_WINDOW_BYTES = 2 * 1024 * 1024;

/** The sub-drivers a call may address. */
export const SUB_DRIVERS = ['domains', 'networks', 'storage', 'host'] as const;

/** One of {@link SUB_DRIVERS}. */
export type SubDriverName = (typeof SUB_DRIVERS)[number];

/**
 * A broken channel: malformed or oversize frame, protocol violation,
 * version mismatch. Its code is `CONNECT_FAILED` (the connection cannot be
 * used any more); `detail.reason` says why.
 */
export class RemoteProtocolError extends PolyvisorError {
  /** Creates a protocol error; `reason` is a short machine-readable tag (`oversize`, `malformed`, `version`, ...). */
  constructor(message: string, reason: string, options: { cause?: unknown } = {}) {
    super(ErrorCode.CONNECT_FAILED, `remote protocol error: ${message}`, { driver: 'remote', detail: { reason }, ...(options.cause !== undefined ? { cause: options.cause } : {}) });
    this.name = 'RemoteProtocolError';
  }
}

/** A {@link PolyvisorError} as it travels on the wire. */
export interface WireError {
  /** Error code ({@link ErrorCode}). */
  code: string;
  /** Message without the `[driver] ` prefix. */
  message: string;
  /** Driver that raised it. */
  driver?: string;
  /** Operation that failed. */
  operation?: string;
  /** Structured detail (JSON). */
  detail?: Record<string, unknown>;
  /** The original error class name (`PolyvisorError`, `XmlError`, ...). */
  name?: string;
}

const CODES = new Set<string>(Object.values(ErrorCode));

/** Turns any thrown value into a {@link WireError} (non-polyvisor errors become `INTERNAL`). Duck-typed, so errors from another copy of core still keep their code. */
export function errorToWire(err: unknown): WireError {
  if (err !== null && typeof err === 'object' && typeof (err as { code?: unknown }).code === 'string' && CODES.has((err as { code: string }).code) && typeof (err as { message?: unknown }).message === 'string') {
    const e = err as { code: string; message: string; driver?: unknown; operation?: unknown; detail?: unknown; name?: unknown };
    const driver = typeof e.driver === 'string' ? e.driver : undefined;
    const prefix = driver !== undefined ? `[${driver}] ` : '';
    const w: WireError = { code: e.code, message: prefix && e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message };
    if (driver !== undefined) w.driver = driver;
    if (typeof e.operation === 'string') w.operation = e.operation;
    if (e.detail !== null && typeof e.detail === 'object') {
      try {
        w.detail = JSON.parse(JSON.stringify(e.detail)) as Record<string, unknown>;
      } catch {
        /* not JSON: dropped */
      }
    }
    if (typeof e.name === 'string') w.name = e.name;
    return w;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: ErrorCode.INTERNAL, message, name: err instanceof Error ? err.name : 'Error' };
}

/** Rebuilds a {@link PolyvisorError} from a {@link WireError}. */
export function errorFromWire(w: WireError): PolyvisorError {
  const code = (CODES.has(w.code) ? w.code : ErrorCode.INTERNAL) as ErrorCode;
  const err = new PolyvisorError(code, w.message, {
    ...(w.driver !== undefined ? { driver: w.driver } : {}),
    ...(w.operation !== undefined ? { operation: w.operation } : {}),
    ...(w.detail !== undefined ? { detail: w.detail } : {}),
  });
  if (w.name !== undefined && w.name !== 'Error') err.name = w.name;
  return err;
}

const WireErrorSchema = z.object({
  code: z.string().max(64),
  message: z.string(),
  driver: z.string().optional(),
  operation: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
  name: z.string().optional(),
});

/** What the agent tells the client about the far connection in its `hello`. */
export interface ServerInfo {
  /** Name of the driver serving the far connection (`test`, `kvm`, ...). */
  driver: string;
  /** Canonical URI of the far connection (`test:///default`). */
  uri: string;
  /** The methods of each sub-driver the far driver implements. */
  methods: Partial<Record<SubDriverName, string[]>>;
  /** True when the far driver delivers events. */
  events: boolean;
  /** Agent software name and version, for messages. */
  software?: string;
}

const METHOD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const Id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Sid = z.string().regex(/^[ca][0-9]{1,15}$/);

const ServerInfoSchema = z.object({
  driver: z.string().max(64),
  uri: z.string().max(4096),
  methods: z.partialRecord(z.enum(SUB_DRIVERS), z.array(z.string().regex(METHOD_NAME)).max(512)),
  events: z.boolean(),
  software: z.string().max(256).optional(),
});

const EventSchema = z.looseObject({
  kind: z.enum(['domain', 'network', 'storage-pool']),
  type: z.string().max(64),
  timestamp: z.number(),
});

/** Zod schema of every message; {@link Message} is its type. */
export const MessageSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('hello'),
    versions: z.array(z.number().int().positive()).min(1).max(64).optional(),
    readOnly: z.boolean().optional(),
    version: z.number().int().positive().optional(),
    server: ServerInfoSchema.optional(),
  }),
  z.object({ t: z.literal('call'), id: Id, sub: z.enum(SUB_DRIVERS), method: z.string().regex(METHOD_NAME), args: z.array(z.unknown()).max(64) }),
  z.object({ t: z.literal('result'), id: Id, value: z.unknown() }),
  z.object({ t: z.literal('error'), id: Id.optional(), error: WireErrorSchema }),
  z.object({ t: z.literal('cancel'), id: Id }),
  z.object({ t: z.literal('callback'), id: Id, cb: Id, args: z.array(z.unknown()).max(64) }),
  z.object({ t: z.literal('subscribe') }),
  z.object({ t: z.literal('unsubscribe') }),
  z.object({ t: z.literal('event'), event: EventSchema }),
  z.object({
    t: z.literal('stream'),
    sid: Sid,
    op: z.enum(['open', 'data', 'end', 'error', 'close', 'ack']),
    mode: z.enum(['readable', 'duplex']).optional(),
    data: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).optional(),
    bytes: z.number().int().nonnegative().optional(),
    error: WireErrorSchema.optional(),
  }),
]);

/** A protocol message (see the module description). */
export type Message =
  | { t: 'hello'; versions?: number[]; readOnly?: boolean; version?: number; server?: ServerInfo }
  | { t: 'call'; id: number; sub: SubDriverName; method: string; args: unknown[] }
  | { t: 'result'; id: number; value: unknown }
  | { t: 'error'; id?: number; error: WireError }
  | { t: 'cancel'; id: number }
  | { t: 'callback'; id: number; cb: number; args: unknown[] }
  | { t: 'subscribe' }
  | { t: 'unsubscribe' }
  | { t: 'event'; event: PolyvisorEvent }
  | { t: 'stream'; sid: string; op: 'open' | 'data' | 'end' | 'error' | 'close' | 'ack'; mode?: 'readable' | 'duplex'; data?: string; bytes?: number; error?: WireError };

/** Validates a decoded JSON value as a {@link Message}; throws {@link RemoteProtocolError} (`malformed`). */
export function parseMessage(value: unknown): Message {
  const r = MessageSchema.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new RemoteProtocolError(`invalid message${i ? ` at ${i.path.map(String).join('.') || '(root)'}: ${i.message}` : ''}`, 'malformed');
  }
  return r.data as Message;
}

/** Encodes a message as one frame (length header + JSON); throws {@link RemoteProtocolError} (`oversize`) past `maxBytes`. */
export function encodeFrame(msg: Message, maxBytes = MAX_FRAME_BYTES): Buffer {
  const body = Buffer.from(JSON.stringify(msg), 'utf8');
  if (body.length > maxBytes) throw new RemoteProtocolError(`frame of ${body.length} bytes exceeds the limit of ${maxBytes} bytes`, 'oversize');
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

/**
 * Splits a byte stream into frames, whatever the chunking: a frame may
 * arrive in many chunks and a chunk may hold many frames. An oversize length
 * header is refused before its body is buffered.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private need = -1;

  /** Creates a decoder refusing frames over `maxBytes`. */
  constructor(private readonly maxBytes = MAX_FRAME_BYTES) {}

  /** Bytes held waiting for the rest of a frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /** Feeds a chunk; returns the complete frame bodies it finished (UTF-8 JSON text, not yet parsed). Throws {@link RemoteProtocolError}. */
  push(chunk: Buffer): Buffer[] {
    if (chunk.length) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const out: Buffer[] = [];
    for (;;) {
      if (this.need < 0) {
        if (this.buffered < 4) break;
        const head = this.take(4);
        const len = head.readUInt32BE(0);
        if (len > this.maxBytes) throw new RemoteProtocolError(`incoming frame of ${len} bytes exceeds the limit of ${this.maxBytes} bytes`, 'oversize');
        this.need = len;
      }
      if (this.buffered < this.need) break;
      out.push(this.take(this.need));
      this.need = -1;
    }
    return out;
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    const part = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return part;
  }
}

/** Parses a frame body into a validated message; throws {@link RemoteProtocolError} (`malformed`). */
export function decodeFrameBody(body: Buffer): Message {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new RemoteProtocolError(`frame is not valid JSON: ${(err as Error).message}`, 'malformed', { cause: err });
  }
  return parseMessage(value);
}

/** Picks the highest version both sides speak, or undefined. */
export function negotiateVersion(offered: readonly number[], supported: readonly number[] = SUPPORTED_PROTOCOL_VERSIONS): number | undefined {
  const common = offered.filter((v) => supported.includes(v));
  return common.length ? Math.max(...common) : undefined;
}
