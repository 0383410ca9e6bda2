/**
 * Volume upload/download as Node streams over an already opened (O_NOFOLLOW)
 * file handle, with progress callbacks. The bytes moved are the file's
 * bytes, as in libvirt: for a qcow2 volume that is the qcow2 file itself,
 * not the guest-visible disk content.
 * @module
 */
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileHandle } from 'node:fs/promises';
import { ErrorCode, type TransferProgress } from '@polyvisor/core';
import { storageError } from './util.js';

/** Options of {@link uploadToHandle} and {@link downloadFromHandle}. */
export interface TransferOptions {
  /** First byte of the volume to write/read. */
  offset?: number;
  /** At most this many bytes (0 or absent: to the end / all the source gives). */
  length?: number;
  /** Called after every chunk with the running total. */
  onProgress?: (p: TransferProgress) => void;
}

function checkRange(offset: number, length: number | undefined, size: number, block: boolean, operation: string): void {
  if (!Number.isSafeInteger(offset) || offset < 0) throw storageError(ErrorCode.INVALID_ARG, `invalid offset ${offset}`, operation);
  if (length !== undefined && (!Number.isSafeInteger(length) || length < 0)) throw storageError(ErrorCode.INVALID_ARG, `invalid length ${length}`, operation);
  if (offset > size) throw storageError(ErrorCode.INVALID_ARG, `offset ${offset} is beyond the end of the volume (${size} bytes)`, operation);
  if (block && length && offset + length > size) throw storageError(ErrorCode.INVALID_ARG, `range ${offset}+${length} is beyond the end of the volume (${size} bytes)`, operation);
}

/**
 * Streams `source` into `fh` at `offset` (writev-batched), failing with
 * `INVALID_ARG` when the source yields more than `length` bytes. Closes `fh`.
 * Resolves once the data is on disk (fsync).
 */
export async function uploadToHandle(fh: FileHandle, size: number, block: boolean, source: NodeJS.ReadableStream, opts: TransferOptions, signal: AbortSignal, operation: string): Promise<number> {
  const offset = opts.offset ?? 0;
  const limit = opts.length ? opts.length : undefined;
  try {
    checkRange(offset, limit, size, block, operation);
    let pos = offset;
    let done = 0;
    const report = (n: number) => {
      done += n;
      opts.onProgress?.({ bytes: done, ...(limit !== undefined ? { total: limit } : {}) });
    };
    const check = (n: number): Error | undefined => {
      if (limit !== undefined && done + n > limit) return storageError(ErrorCode.INVALID_ARG, `upload source has more data than the requested length of ${limit} bytes`, operation);
      if (block && pos + n > size) return storageError(ErrorCode.INVALID_ARG, `upload would write past the end of the block volume (${size} bytes)`, operation);
      return undefined;
    };
    const sink = new Writable({
      highWaterMark: 8 * 1024 * 1024,
      write(chunk: Buffer, _enc, cb) {
        const e = check(chunk.length);
        if (e) return cb(e);
        fh.write(chunk, 0, chunk.length, pos).then(({ bytesWritten }) => {
          pos += bytesWritten;
          report(bytesWritten);
          cb();
        }, cb);
      },
      writev(chunks, cb) {
        const bufs = chunks.map((c) => c.chunk as Buffer);
        const n = bufs.reduce((s, b) => s + b.length, 0);
        const e = check(n);
        if (e) return cb(e);
        fh.writev(bufs, pos).then(({ bytesWritten }) => {
          pos += bytesWritten;
          report(bytesWritten);
          cb();
        }, cb);
      },
    });
    await pipeline(source as Readable, sink, { signal });
    await fh.sync();
    return done;
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/**
 * A readable stream of `fh`'s bytes from `offset` (at most `length`), with
 * progress reported as the consumer pulls data. The handle is closed when the
 * stream ends or is destroyed.
 */
export function downloadFromHandle(fh: FileHandle, size: number, block: boolean, opts: TransferOptions, operation: string): Readable {
  const offset = opts.offset ?? 0;
  try {
    checkRange(offset, opts.length || undefined, size, block, operation);
  } catch (err) {
    void fh.close().catch(() => undefined);
    throw err;
  }
  const total = Math.max(0, opts.length ? Math.min(opts.length, size - offset) : size - offset);
  let done = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      done += chunk.length;
      opts.onProgress?.({ bytes: done, total });
      cb(null, chunk);
    },
  });
  if (total === 0) {
    void fh.close().catch(() => undefined);
    counter.end();
    return counter;
  }
  const rs = fh.createReadStream({ start: offset, end: offset + total - 1, highWaterMark: 1024 * 1024, autoClose: true });
  rs.on('error', (e) => counter.destroy(e));
  counter.on('close', () => {
    if (!rs.destroyed) rs.destroy();
  });
  rs.pipe(counter);
  return counter;
}
