import { PolyvisorError, ErrorCode } from '../errors.js';

const UNIT_FACTORS: Record<string, bigint> = {
  b: 1n, byte: 1n, bytes: 1n,
  k: 1024n, kib: 1024n, kb: 1000n,
  m: 1024n ** 2n, mib: 1024n ** 2n, mb: 1000n ** 2n,
  g: 1024n ** 3n, gib: 1024n ** 3n, gb: 1000n ** 3n,
  t: 1024n ** 4n, tib: 1024n ** 4n, tb: 1000n ** 4n,
  p: 1024n ** 5n, pib: 1024n ** 5n, pb: 1000n ** 5n,
  e: 1024n ** 6n, eib: 1024n ** 6n, eb: 1000n ** 6n,
};

/** True when `unit` is one of libvirt's scaled-integer units (`KiB`, `MB`, `bytes`, `G`, ...). */
export function isKnownUnit(unit: string): boolean {
  return UNIT_FACTORS[unit.toLowerCase()] !== undefined;
}

/**
 * Converts a libvirt scaled integer (`value` in `unit`, default
 * `defaultUnit`) to a count of `toUnit` (default bytes), rounding up as
 * libvirt does for memory. Throws `INVALID_ARG` for an unknown unit or a
 * value that is not a non-negative integer.
 */
export function scaleToUnit(value: string | number, unit: string | undefined, defaultUnit = 'bytes', toUnit = 'bytes'): number {
  const u = (unit ?? defaultUnit).toLowerCase();
  const f = UNIT_FACTORS[u];
  if (f === undefined) throw new PolyvisorError(ErrorCode.INVALID_ARG, `unknown unit '${unit}'`);
  const t = UNIT_FACTORS[toUnit.toLowerCase()];
  if (t === undefined) throw new PolyvisorError(ErrorCode.INVALID_ARG, `unknown unit '${toUnit}'`);
  const s = String(value).trim();
  if (!/^[0-9]+$/.test(s)) throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid scaled integer '${value}'`);
  const bytes = BigInt(s) * f;
  const out = (bytes + t - 1n) / t;
  if (out > BigInt(Number.MAX_SAFE_INTEGER)) throw new PolyvisorError(ErrorCode.INVALID_ARG, `value ${value} ${unit ?? defaultUnit} is too large`);
  return Number(out);
}
