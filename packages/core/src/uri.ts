/**
 * Connection URIs, parsed with libvirt's rules:
 * `driver[+transport]://[user@][host][:port]/path[?query]`.
 * @module
 */
import { ErrorCode, PolyvisorError } from './errors.js';

/** Transports a URI may name after `+`, as in libvirt. */
export const URI_TRANSPORTS = ['unix', 'ssh', 'libssh', 'libssh2', 'tls', 'tcp', 'ext'] as const;

/** A transport named in a URI. */
export type UriTransport = (typeof URI_TRANSPORTS)[number];

/** A parsed connection URI. */
export interface ParsedUri {
  /** The URI as given. */
  readonly uri: string;
  /** Driver part of the scheme (`qemu` in `qemu+ssh`). */
  readonly driver: string;
  /** Transport part of the scheme, when present (`ssh` in `qemu+ssh`). */
  readonly transport?: UriTransport;
  /** User name, when present. */
  readonly user?: string;
  /** Host name or address (IPv6 without brackets); undefined for a local URI. */
  readonly host?: string;
  /** TCP port, when present. */
  readonly port?: number;
  /** Path, e.g. `/system`, `/session`, `/default`, `/abs/file.xml`; `/` when empty. */
  readonly path: string;
  /** Query parameters (`?keyfile=...&no_verify=1`), decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** True when the URI names no host (the hypervisor is on this machine). */
  readonly local: boolean;
}

function bad(uri: string, why: string): PolyvisorError {
  return new PolyvisorError(ErrorCode.INVALID_URI, `invalid URI '${uri}': ${why}`);
}

/**
 * Parses a connection URI. Accepts `qemu:///system`, `qemu:///session`,
 * `qemu:///embed?root=/dir`, `test:///default`, `test:///abs/file.xml`,
 * `xen:///system`, `qemu+ssh://user@host:2222/system?keyfile=...` and the
 * like. Throws `INVALID_URI` for anything else.
 */
export function parseUri(uri: string): ParsedUri {
  if (typeof uri !== 'string' || uri.trim() === '') throw bad(String(uri), 'empty URI');
  if (/[\s\u0000-\u001f]/.test(uri)) throw bad(uri, 'contains whitespace or control characters');
  const m = /^([A-Za-z][A-Za-z0-9_-]*)(?:\+([A-Za-z0-9-]+))?:\/\/(.*)$/.exec(uri);
  if (!m) throw bad(uri, "expected 'driver[+transport]://[user@][host][:port]/path'");
  const driver = m[1]!.toLowerCase();
  const transportRaw = m[2]?.toLowerCase();
  if (transportRaw !== undefined && !(URI_TRANSPORTS as readonly string[]).includes(transportRaw)) {
    throw bad(uri, `unknown transport '${transportRaw}' (expected one of ${URI_TRANSPORTS.join(', ')})`);
  }
  let rest = m[3]!;
  let query = '';
  const qi = rest.indexOf('?');
  if (qi >= 0) {
    query = rest.slice(qi + 1);
    rest = rest.slice(0, qi);
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const slash = rest.indexOf('/');
  const authority = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash) : '/';

  let user: string | undefined;
  let hostPort = authority;
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    user = decode(uri, authority.slice(0, at));
    if (user === '') throw bad(uri, 'empty user name');
    hostPort = authority.slice(at + 1);
  }
  let host: string | undefined;
  let port: number | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) throw bad(uri, 'unterminated IPv6 address');
    host = hostPort.slice(1, close);
    if (!/^[0-9a-fA-F:.]+(%[\w.]+)?$/.test(host)) throw bad(uri, `invalid IPv6 address '${host}'`);
    const after = hostPort.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) throw bad(uri, 'garbage after IPv6 address');
      port = parsePort(uri, after.slice(1));
    }
  } else if (hostPort !== '') {
    const colon = hostPort.lastIndexOf(':');
    if (colon >= 0) {
      port = parsePort(uri, hostPort.slice(colon + 1));
      hostPort = hostPort.slice(0, colon);
    }
    if (hostPort !== '' && !/^[A-Za-z0-9._~%-]+$/.test(hostPort)) throw bad(uri, `invalid host '${hostPort}'`);
    host = hostPort === '' ? undefined : decode(uri, hostPort);
  }
  if (user !== undefined && host === undefined) throw bad(uri, 'a user name needs a host');

  const params: Record<string, string> = {};
  if (query !== '') {
    for (const part of query.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const k = decode(uri, eq >= 0 ? part.slice(0, eq) : part);
      const v = eq >= 0 ? decode(uri, part.slice(eq + 1)) : '';
      if (k === '') throw bad(uri, 'empty query parameter name');
      params[k] = v;
    }
  }
  const parsed: ParsedUri = {
    uri,
    driver,
    path: decode(uri, path),
    params,
    local: host === undefined,
    ...(transportRaw !== undefined ? { transport: transportRaw as UriTransport } : {}),
    ...(user !== undefined ? { user } : {}),
    ...(host !== undefined ? { host } : {}),
    ...(port !== undefined ? { port } : {}),
  };
  return parsed;
}

function parsePort(uri: string, s: string): number {
  if (!/^[0-9]{1,5}$/.test(s)) throw bad(uri, `invalid port '${s}'`);
  const n = Number(s);
  if (n < 1 || n > 65535) throw bad(uri, `port ${n} out of range`);
  return n;
}

function decode(uri: string, s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw bad(uri, `invalid percent-encoding in '${s}'`);
  }
}

/** Formats a parsed URI back to text (normalised: lower-case scheme, params in insertion order). */
export function formatUri(u: Omit<ParsedUri, 'uri' | 'local'>): string {
  const scheme = u.transport ? `${u.driver}+${u.transport}` : u.driver;
  let auth = '';
  if (u.host !== undefined) {
    const host = u.host.includes(':') ? `[${u.host}]` : u.host;
    auth = `${u.user !== undefined ? `${encodeURIComponent(u.user)}@` : ''}${host}${u.port !== undefined ? `:${u.port}` : ''}`;
  }
  const q = Object.entries(u.params ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return `${scheme}://${auth}${u.path}${q ? `?${q}` : ''}`;
}
