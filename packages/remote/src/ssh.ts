/**
 * The SSH transport of the remote driver: connects with ssh2 (key file or
 * SSH agent, never a password), verifies the host key against known_hosts,
 * and runs the agent command whose stdin/stdout carry the protocol.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import { ErrorCode, PolyvisorError, formatUri, type ParsedUri } from '@polyvisor/core';
import { checkHostKey, hostMatches, knownHostName, parseKnownHosts, keyTypeOfBlob } from './knownhosts.js';
import type { RemoteTransport } from './driver.js';

/** URI query parameters the remote driver consumes itself (not forwarded to the far URI), after libvirt's. */
export const SSH_URI_PARAMS: readonly string[] = [
  'keyfile', 'known_hosts', 'no_verify', 'command', 'name', 'keepalive_interval', 'keepalive_count', 'connect_timeout', 'known_hosts_verify', 'sshauth', 'no_tty', 'mode', 'socket', 'netcat', 'proxy',
];

/** Everything needed to open the SSH transport. */
export interface SshTransportOptions {
  /** Host name or address. */
  host: string;
  /** TCP port. */
  port: number;
  /** User name. */
  username: string;
  /** Private key (OpenSSH or PEM), when authenticating with a key file. */
  privateKey?: Buffer;
  /** Where the key came from, for messages. */
  keySource?: string;
  /** SSH agent socket path (from `SSH_AUTH_SOCK`). */
  agent?: string;
  /** known_hosts file to check the host key against. */
  knownHostsFile: string;
  /** False with `?no_verify=1`: accept any host key. */
  verify: boolean;
  /** The remote command (run by the remote user's shell). */
  command: string;
  /** Keepalive interval in ms (0: off). */
  keepaliveIntervalMs: number;
  /** Unanswered keepalives before the connection counts as dead. */
  keepaliveCountMax: number;
  /** TCP + SSH handshake timeout in ms. */
  readyTimeoutMs: number;
}

/** Quotes `s` as one word for a POSIX shell (single quotes). */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The URI the agent opens on the far side: driver, path and the query without the SSH parameters (or `?name=`). */
export function farUri(uri: ParsedUri): string {
  if (uri.params.name) return uri.params.name;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(uri.params)) if (!SSH_URI_PARAMS.includes(k)) params[k] = v;
  return formatUri({ driver: uri.driver, path: uri.path, params });
}

/** The default remote command: `polyvisor agent --stdio --connect 'FAR-URI'`. */
export function defaultAgentCommand(uri: ParsedUri): string {
  return `polyvisor agent --stdio --connect ${shellQuote(farUri(uri))}`;
}

const expandHome = (p: string): string => (p === '~' ? homedir() : p.startsWith('~/') ? join(homedir(), p.slice(2)) : p);

const bool = (v: string | undefined): boolean => v !== undefined && v !== '0' && v.toLowerCase() !== 'false' && v.toLowerCase() !== 'no';

function fail(message: string, uri: ParsedUri, cause?: unknown): PolyvisorError {
  return new PolyvisorError(ErrorCode.CONNECT_FAILED, message, { driver: 'remote', operation: 'connection.open', detail: { host: uri.host ?? 'localhost', ...(uri.port ? { port: uri.port } : {}) }, ...(cause !== undefined ? { cause } : {}) });
}

function num(uri: ParsedUri, name: string, def: number): number {
  const v = uri.params[name];
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new PolyvisorError(ErrorCode.INVALID_URI, `invalid ${name} '${v}' in '${uri.uri}'`, { driver: 'remote' });
  return n;
}

/** Works out the SSH options for a URI (reads the key file). Throws `INVALID_URI` / `CONNECT_FAILED`. */
export async function sshOptionsFromUri(uri: ParsedUri, env: Record<string, string | undefined> = process.env): Promise<SshTransportOptions> {
  for (const k of ['password', 'passwd', 'pass']) {
    if (k in uri.params) throw new PolyvisorError(ErrorCode.INVALID_URI, `passwords are not accepted in URIs; use ?keyfile= or an SSH agent (SSH_AUTH_SOCK)`, { driver: 'remote' });
  }
  const host = uri.host ?? 'localhost';
  const port = uri.port ?? 22;
  const username = uri.user ?? env.USER ?? userInfo().username;
  let privateKey: Buffer | undefined;
  let keySource: string | undefined;
  const keyfile = uri.params.keyfile;
  if (keyfile !== undefined) {
    keySource = expandHome(keyfile);
    try {
      privateKey = await readFile(keySource);
    } catch (err) {
      throw fail(`cannot read key file '${keySource}': ${(err as Error).message}`, uri, err);
    }
  }
  const agent = env.SSH_AUTH_SOCK || undefined;
  if (!privateKey && !agent) {
    for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
      const p = join(homedir(), '.ssh', name);
      if (existsSync(p)) {
        keySource = p;
        privateKey = await readFile(p).catch(() => undefined);
        if (privateKey) break;
      }
    }
  }
  if (!privateKey && !agent) throw fail(`no SSH credentials for ${username}@${host}: give ?keyfile=PATH or run an SSH agent (SSH_AUTH_SOCK); passwords are not supported`, uri);
  return {
    host,
    port,
    username,
    ...(privateKey ? { privateKey } : {}),
    ...(keySource ? { keySource } : {}),
    ...(agent ? { agent } : {}),
    knownHostsFile: expandHome(uri.params.known_hosts ?? join(homedir(), '.ssh', 'known_hosts')),
    verify: !bool(uri.params.no_verify),
    command: uri.params.command ?? defaultAgentCommand(uri),
    keepaliveIntervalMs: num(uri, 'keepalive_interval', 5) * 1000,
    keepaliveCountMax: num(uri, 'keepalive_count', 5),
    readyTimeoutMs: num(uri, 'connect_timeout', 20) * 1000,
  };
}

const HOSTKEY_ALGOS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/**
 * Opens the SSH connection, checks the host key, runs the agent command and
 * returns its stdin/stdout as a transport. Every failure is `CONNECT_FAILED`
 * with a message naming the host and the cause.
 */
export async function openSshTransport(uri: ParsedUri, o: SshTransportOptions, signal: AbortSignal): Promise<RemoteTransport> {
  const where = `${o.username}@${o.host}:${o.port}`;
  let knownText = '';
  if (o.verify) {
    try {
      knownText = await readFile(o.knownHostsFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw fail(`cannot read known_hosts '${o.knownHostsFile}': ${(err as Error).message}`, uri, err);
    }
  }
  const known = parseKnownHosts(knownText);
  let verifyFailure: string | undefined;
  const client = new ssh2.Client();
  const knownTypes = [...new Set(known.filter((e) => !e.marker && hostMatches(e.hosts, o.host, o.port)).map((e) => e.keyType))].flatMap((t) => HOSTKEY_ALGOS[t] ?? []);

  const cfg: ConnectConfig = {
    host: o.host,
    port: o.port,
    username: o.username,
    ...(o.privateKey ? { privateKey: o.privateKey } : {}),
    ...(o.agent ? { agent: o.agent } : {}),
    readyTimeout: o.readyTimeoutMs,
    keepaliveInterval: o.keepaliveIntervalMs,
    keepaliveCountMax: o.keepaliveCountMax,
    tryKeyboard: false,
    // Like OpenSSH: prefer the host key types known_hosts has for this host.
    ...(o.verify && knownTypes.length ? { algorithms: { serverHostKey: [...new Set([...knownTypes, ...Object.values(HOSTKEY_ALGOS).flat()])] as NonNullable<NonNullable<ConnectConfig['algorithms']>['serverHostKey']> } } : {}),
    hostVerifier: (key: Buffer) => {
      if (!o.verify) return true;
      const r = checkHostKey(known, o.host, o.port, key);
      if (r.status === 'ok') return true;
      const name = knownHostName(o.host, o.port);
      const type = keyTypeOfBlob(key) ?? 'unknown';
      if (r.status === 'unknown') {
        verifyFailure = `host key verification failed: ${name} is not in ${o.knownHostsFile} (its ${type} key is unknown); add it (e.g. ssh-keyscan -p ${o.port} ${o.host} >> ${o.knownHostsFile}) after checking its fingerprint, or pass ?no_verify=1`;
      } else if (r.status === 'mismatch') {
        verifyFailure = `host key verification failed: the ${type} key of ${name} does not match ${o.knownHostsFile} line ${r.lines.join(', ')} (possible man-in-the-middle attack, or the host was reinstalled)`;
      } else {
        verifyFailure = `host key verification failed: the key of ${name} is marked @revoked in ${o.knownHostsFile} line ${r.line}`;
      }
      return false;
    },
  };

  const stderrTail: string[] = [];
  let exit: { code?: number | null; signal?: string | undefined } | undefined;
  let closedErr: Error | undefined;
  const closeListeners = new Set<(err?: Error) => void>();
  let closed = false;
  const exited = new Promise<void>((resolve) => client.once('close', () => resolve()));

  const channel = await new Promise<ClientChannel>((resolve, reject) => {
    const onAbort = () => {
      client.destroy();
      reject(signal.reason instanceof Error ? signal.reason : fail(`connecting to ${where} aborted`, uri));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (err?: PolyvisorError, ch?: ClientChannel) => {
      signal.removeEventListener('abort', onAbort);
      client.removeListener('error', onError);
      if (err) {
        client.destroy();
        reject(err);
      } else resolve(ch!);
    };
    const onError = (err: Error & { level?: string }) => {
      if (verifyFailure) return done(fail(verifyFailure, uri, err));
      if (err.level === 'client-authentication') return done(fail(`SSH authentication failed for ${where} (${o.keySource ? `key ${o.keySource}` : ''}${o.keySource && o.agent ? ' and ' : ''}${o.agent ? 'SSH agent' : ''} tried; passwords are not supported)`, uri, err));
      if (err.level === 'client-timeout') return done(fail(`timed out connecting to ${where}`, uri, err));
      const m = /encrypted|passphrase/i.test(err.message) ? `${err.message} (use an SSH agent for passphrase-protected keys)` : err.message;
      done(fail(`cannot connect to ${where}: ${m}`, uri, err));
    };
    client.on('error', onError);
    client.once('ready', () => {
      client.exec(o.command, (err, ch) => {
        if (err) return done(fail(`cannot run the agent command on ${where}: ${err.message}`, uri, err));
        done(undefined, ch);
      });
    });
    try {
      client.connect(cfg);
    } catch (err) {
      done(fail(`cannot connect to ${where}: ${(err as Error).message}`, uri, err));
    }
  });

  channel.stderr.on('data', (d: Buffer) => {
    stderrTail.push(d.toString('utf8'));
    while (stderrTail.join('').length > 4096 && stderrTail.length > 1) stderrTail.shift();
  });
  channel.on('exit', (code: number | null, sig?: string) => {
    exit = { code, signal: sig };
  });
  const fireClose = (err?: Error) => {
    if (closed) return;
    closed = true;
    closedErr = err;
    for (const l of closeListeners) l(err);
  };
  client.on('error', (err: Error) => fireClose(err));
  client.on('close', () => fireClose(closedErr));
  channel.on('close', () => fireClose());

  return {
    input: channel,
    output: channel,
    label: where,
    close: async () => {
      try {
        channel.end();
      } catch {
        /* gone */
      }
      client.end();
      const t = setTimeout(() => client.destroy(), 2000);
      t.unref?.();
      await exited;
      clearTimeout(t);
    },
    onClosed: (l) => {
      closeListeners.add(l);
      return () => closeListeners.delete(l);
    },
    describeFailure: async () => {
      await Promise.race([exited, new Promise((r) => setTimeout(r, 1000).unref?.())]);
      const parts: string[] = [];
      if (closedErr) parts.push(`SSH: ${closedErr.message}`);
      if (exit) parts.push(exit.signal ? `remote command killed by signal ${exit.signal}` : `remote command exited with status ${exit.code}`);
      const err = stderrTail.join('').trim();
      if (err) parts.push(`remote stderr: ${err.split('\n').slice(-5).join(' | ')}`);
      return parts.join('; ');
    },
  };
}
