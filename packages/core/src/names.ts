import { ErrorCode, PolyvisorError } from './errors.js';

/** Longest object name accepted (bytes), like libvirt's practical limit for file-backed names. */
export const MAX_NAME_LENGTH = 200;

/**
 * Validates an object name (domain, network, pool, volume) before any driver
 * sees it: non-empty, at most {@link MAX_NAME_LENGTH} bytes, no `/`, no NUL
 * or control characters, no leading `.` (so `.`/`..` and hidden files are
 * impossible). Throws `INVALID_ARG`.
 */
export function validateName(name: unknown, kind = 'object'): string {
  if (typeof name !== 'string' || name.length === 0) throw new PolyvisorError(ErrorCode.INVALID_ARG, `${kind} name must be a non-empty string`);
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_LENGTH) throw new PolyvisorError(ErrorCode.INVALID_ARG, `${kind} name '${name.slice(0, 32)}…' is longer than ${MAX_NAME_LENGTH} bytes`);
  if (name.includes('/')) throw new PolyvisorError(ErrorCode.INVALID_ARG, `${kind} name '${name}' must not contain '/'`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new PolyvisorError(ErrorCode.INVALID_ARG, `${kind} name must not contain NUL or control characters`);
  if (name.startsWith('.')) throw new PolyvisorError(ErrorCode.INVALID_ARG, `${kind} name '${name}' must not start with '.'`);
  return name;
}

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Normalises a UUID to lower-case 8-4-4-4-12 form (libvirt accepts it with or without dashes); throws `INVALID_ARG`. */
export function normalizeUuid(uuid: string): string {
  const s = uuid.trim();
  if (!UUID_RE.test(s)) {
    // libvirt also accepts dashes/spaces between any byte pairs.
    const hex = s.replace(/[-\s]/g, '');
    if (!/^[0-9a-f]{32}$/i.test(hex)) throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid UUID '${uuid}'`);
    return formatUuidHex(hex);
  }
  return formatUuidHex(s.replace(/-/g, ''));
}

function formatUuidHex(hex: string): string {
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
