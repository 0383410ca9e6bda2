/**
 * Cancellation and timeouts shared by every blocking call.
 * @module
 */
import { AbortError, TimeoutError, type PolyvisorErrorOptions } from './errors.js';

/** Options accepted by every operation that can block. */
export interface CallOptions {
  /** Aborts the operation; it rejects with an `ABORTED` error. */
  signal?: AbortSignal;
  /** Gives up after this many milliseconds with a `TIMEOUT` error (0 or Infinity: no limit). */
  timeoutMs?: number;
}

/** Context handed to driver methods: a signal that fires on abort or timeout. */
export interface CallContext {
  /** Fires when the caller aborts or the deadline passes. */
  signal: AbortSignal;
}

/** Throws an `ABORTED` error if `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, options: PolyvisorErrorOptions = {}): void {
  if (signal?.aborted) throw toAbortError(signal, options);
}

function toAbortError(signal: AbortSignal, options: PolyvisorErrorOptions): Error {
  const r: unknown = signal.reason;
  if (r instanceof TimeoutError || r instanceof AbortError) return r;
  return new AbortError(`${options.operation ?? 'operation'} aborted`, { ...options, cause: r });
}

/**
 * Runs `fn` with a signal that fires when the caller's signal aborts or
 * `timeoutMs` (else `defaultTimeoutMs`) passes, and rejects at once with a
 * typed `ABORTED`/`TIMEOUT` error, whatever `fn` is doing.
 */
export async function runWithDeadline<T>(
  options: CallOptions | undefined,
  defaultTimeoutMs: number,
  errorOptions: PolyvisorErrorOptions,
  fn: (ctx: CallContext) => Promise<T>,
): Promise<T> {
  const outer = options?.signal;
  throwIfAborted(outer, errorOptions);
  const timeoutMs = options?.timeoutMs ?? defaultTimeoutMs;
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      timer = setTimeout(() => {
        const err = new TimeoutError(`${errorOptions.operation ?? 'operation'} timed out after ${timeoutMs} ms`, errorOptions);
        ac.abort(err);
        reject(err);
      }, timeoutMs);
      timer.unref?.();
    }
    if (outer) {
      onAbort = () => {
        const err = toAbortError(outer, errorOptions);
        ac.abort(err);
        reject(err);
      };
      outer.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    return await Promise.race([fn({ signal: ac.signal }), stop]);
  } finally {
    if (timer) clearTimeout(timer);
    if (outer && onAbort) outer.removeEventListener('abort', onAbort);
    stop.catch(() => undefined);
  }
}

/** Resolves after `ms`, or rejects with `ABORTED` when `signal` fires first. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(toAbortError(signal, {}));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(toAbortError(signal!, {}));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
