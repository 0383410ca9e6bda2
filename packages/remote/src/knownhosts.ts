/**
 * OpenSSH `known_hosts` parsing and host key checking: plain and hashed
 * (`|1|salt|hash`) host names, `[host]:port` entries, wildcards, negation,
 * `@revoked` (and `@cert-authority` lines, which are skipped).
 * @module
 */
import { createHmac } from 'node:crypto';

/** One key line of a known_hosts file. */
export interface KnownHostEntry {
  /** `@revoked` or `@cert-authority`, when present. */
  marker?: '@revoked' | '@cert-authority';
  /** The host patterns field as written (comma-separated, or one hashed name). */
  hosts: string;
  /** Key type, e.g. `ssh-ed25519`. */
  keyType: string;
  /** The key blob. */
  key: Buffer;
  /** 1-based line number, for messages. */
  line: number;
}

/** Parses known_hosts text; malformed lines are skipped (as OpenSSH does). */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (parts[0] === '@revoked' || parts[0] === '@cert-authority') marker = parts.shift() as KnownHostEntry['marker'];
    if (parts.length < 3) return;
    const [hosts, keyType, b64] = parts as [string, string, string];
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return;
    out.push({ ...(marker ? { marker } : {}), hosts, keyType, key: Buffer.from(b64, 'base64'), line: i + 1 });
  });
  return out;
}

/** The name a host is recorded under: `host`, or `[host]:port` for a port other than 22. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

/** True when the host patterns field of an entry names `host` at `port`. */
export function hostMatches(patterns: string, host: string, port: number): boolean {
  const name = knownHostName(host, port);
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    if (!salt || !hash) return false;
    const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return mac === hash;
  }
  let matched = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) matched = true;
  }
  return matched;
}

/** The key type named inside an SSH public key blob (`ssh-ed25519`, ...). */
export function keyTypeOfBlob(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const n = blob.readUInt32BE(0);
  if (n > 64 || blob.length < 4 + n) return undefined;
  return blob.subarray(4, 4 + n).toString('latin1');
}

/** Outcome of {@link checkHostKey}. */
export type HostKeyCheck =
  | { status: 'ok'; line: number }
  | { status: 'unknown' }
  | { status: 'mismatch'; lines: number[] }
  | { status: 'revoked'; line: number };

/** Checks a presented host key against known_hosts entries, as `StrictHostKeyChecking yes` would. */
export function checkHostKey(entries: readonly KnownHostEntry[], host: string, port: number, key: Buffer): HostKeyCheck {
  const mine = entries.filter((e) => e.marker !== '@cert-authority' && hostMatches(e.hosts, host, port));
  const revoked = entries.find((e) => e.marker === '@revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', line: revoked.line };
  const ok = mine.find((e) => e.marker === undefined && e.key.equals(key));
  if (ok) return { status: 'ok', line: ok.line };
  const type = keyTypeOfBlob(key);
  const sameType = mine.filter((e) => e.marker === undefined && e.keyType === type);
  if (sameType.length) return { status: 'mismatch', lines: sameType.map((e) => e.line) };
  return { status: 'unknown' };
}
