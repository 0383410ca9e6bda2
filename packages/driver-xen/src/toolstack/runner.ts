/**
 * How the Xen driver runs toolstack commands (`xl`, `sh`): one interface,
 * {@link XlRunner}, with two transports — a local one (`child_process.spawn`
 * with argv arrays, no shell) and an SSH one (ssh2, key authentication, host
 * key checked against a known_hosts file; the remote side is a shell, so every
 * argv word is single-quoted).
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { AbortError, ErrorCode, PolyvisorError, TimeoutError } from '@polyvisor/core';

const DRIVER = 'xen';

/** Options of one {@link XlRunner.run} call. */
export interface RunOptions {
  /** Bytes written to the command's stdin (then stdin is closed). */
  input?: string | Buffer;
  /**
   * Kills the command and what it started (SIGTERM to its process group,
   * SIGKILL 2 s later) and rejects with `ABORTED` once it has ended (SSH: or after a 5 s grace,
   * when the channel is closed from our side).
   */
  signal?: AbortSignal;
  /** Kills the command after this many ms and rejects with `TIMEOUT` (0 / absent: no limit). */
  timeoutMs?: number;
}

/** What a finished command left behind. A non-zero `code` is not an error at this level. */
export interface RunResult {
  /** Standard output (UTF-8). */
  stdout: string;
  /** Standard error (UTF-8). */
  stderr: string;
  /** Exit status; 128+N when killed by signal N (SSH: as the remote reports it), -1 when unknown. */
  code: number;
}

/** Options of {@link XlRunner.spawn}. */
export interface SpawnOptions {
  /** Aborts the start: a process already started by then is ended (its group) and the call rejects with `ABORTED`. Once started, end it with {@link RunnerProcess.kill}. */
  signal?: AbortSignal;
  /** Start timeout in ms (SSH: connect + exec). */
  timeoutMs?: number;
  /**
   * SSH only: run the command on a pseudo-terminal, so that closing the
   * channel hangs the remote process up (interactive consoles). Ignored by
   * the local transport, whose processes are killed directly.
   */
  pty?: boolean;
}

/** A long-running command started by {@link XlRunner.spawn}, with its standard streams. */
export interface RunnerProcess {
  /** Its standard input. */
  readonly stdin: Writable;
  /** Its standard output. */
  readonly stdout: Readable;
  /** Its standard error (SSH with a pty: empty, stderr arrives on stdout). */
  readonly stderr: Readable;
  /**
   * Resolves with the exit status once the process has ended and its output
   * is closed (128+N for signal N, -1 when unknown).
   */
  readonly exited: Promise<number>;
  /**
   * Resolves with the exit status as soon as the process itself has exited,
   * even while processes it started still hold its output open (SSH: the
   * server's `exit-status`/`exit-signal`). Never later than {@link RunnerProcess.exited}.
   */
  readonly status: Promise<number>;
  /** Ends the process and what it started: SIGTERM to its process group, SIGKILL 2 s later (SSH: then the channel is closed). Idempotent. */
  kill(): void;
}

/** Runs commands, given as argv arrays, on the Xen host. */
export interface XlRunner {
  /** Where commands run, for messages (`local`, `ssh://root@host:22`). */
  readonly target: string;
  /** Runs `argv` to completion. Rejects only for transport failures, aborts and timeouts. */
  run(argv: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** Starts `argv` and hands back its streams without waiting for it (consoles, watchers); absent on replay runners. */
  spawn?(argv: readonly string[], options?: SpawnOptions): Promise<RunnerProcess>;
  /** Releases the transport (SSH: closes the connection). Idempotent. */
  close(): Promise<void>;
}

/** The error an aborted command rejects with: the signal's reason when it is one of ours, else `ABORTED` naming `what`. */
export function abortError(signal: AbortSignal, what: string): Error {
  const r: unknown = signal.reason;
  if (r instanceof PolyvisorError) return r;
  return new AbortError(`${what} aborted`, { driver: DRIVER, cause: r });
}

/** A signal that fires on `signal` or after `timeoutMs`, and the cleanup for it. */
function deadline(options: RunOptions, what: string): { signal: AbortSignal; done: () => void } {
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => ac.abort(abortError(options.signal!, what));
  if (options.signal) {
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
  }
  if (options.timeoutMs && options.timeoutMs > 0 && Number.isFinite(options.timeoutMs)) {
    timer = setTimeout(() => ac.abort(new TimeoutError(`${what} timed out after ${options.timeoutMs} ms`, { driver: DRIVER, detail: { timeoutMs: options.timeoutMs } })), options.timeoutMs);
    timer.unref?.();
  }
  return {
    signal: ac.signal,
    done: () => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Options of {@link localRunner}. */
export interface LocalRunnerOptions {
  /** Environment of the commands (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Prepended to every argv (e.g. `['sudo', '-n']`). */
  prefix?: readonly string[];
}

/** The local transport: `child_process.spawn(argv[0], argv.slice(1))`, no shell. */
export function localRunner(options: LocalRunnerOptions = {}): XlRunner {
  return {
    target: 'local',
    run(argv, runOptions = {}) {
      const full = [...(options.prefix ?? []), ...argv];
      const what = `'${full.join(' ')}'`;
      return new Promise<RunResult>((resolve, reject) => {
        if (full.length === 0) return reject(new PolyvisorError(ErrorCode.INVALID_ARG, 'empty argv', { driver: DRIVER }));
        const dl = deadline(runOptions, what);
        if (dl.signal.aborted) {
          dl.done();
          return reject(dl.signal.reason as Error);
        }
        // Its own process group (detached), so that a kill ends what it started too.
        const child = spawn(full[0]!, full.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env, detached: true });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (b: Buffer) => out.push(b));
        child.stderr.on('data', (b: Buffer) => err.push(b));
        child.stdin.on('error', () => undefined); // EPIPE when the command does not read its input
        const onAbort = () => killLocalGroup(child);
        dl.signal.addEventListener('abort', onAbort, { once: true });
        child.on('error', (e: NodeJS.ErrnoException) => {
          dl.done();
          dl.signal.removeEventListener('abort', onAbort);
          reject(new PolyvisorError(ErrorCode.SYSTEM_ERROR, `cannot run ${what}: ${e.message}`, { driver: DRIVER, cause: e, detail: { argv: full, errno: e.code } }));
        });
        child.on('close', (code, sig) => {
          dl.done();
          dl.signal.removeEventListener('abort', onAbort);
          if (dl.signal.aborted) return reject(dl.signal.reason as Error);
          const signum = sig ? (SIGNALS[sig] ?? 0) : 0;
          resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code: code ?? (signum ? 128 + signum : -1) });
        });
        if (runOptions.input !== undefined) child.stdin.end(runOptions.input);
        else child.stdin.end();
      });
    },
    async spawn(argv, spawnOptions = {}) {
      const full = [...(options.prefix ?? []), ...argv];
      if (full.length === 0) throw new PolyvisorError(ErrorCode.INVALID_ARG, 'empty argv', { driver: DRIVER });
      if (spawnOptions.signal?.aborted) throw abortError(spawnOptions.signal, `'${full.join(' ')}'`);
      const child = spawn(full[0]!, full.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env, detached: true });
      child.stdin.on('error', () => undefined);
      const exited = new Promise<number>((resolve) => {
        child.once('error', () => resolve(-1));
        child.once('close', (code, sig) => resolve(code ?? (sig ? 128 + (SIGNALS[sig] ?? 0) : -1)));
      });
      const status = new Promise<number>((resolve) => {
        child.once('error', () => resolve(-1));
        child.once('exit', (code, sig) => resolve(code ?? (sig ? 128 + (SIGNALS[sig] ?? 0) : -1)));
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', (e: NodeJS.ErrnoException) => reject(new PolyvisorError(ErrorCode.SYSTEM_ERROR, `cannot run '${full.join(' ')}': ${e.message}`, { driver: DRIVER, cause: e, detail: { argv: full, errno: e.code } })));
      });
      // Aborted while it was starting: nobody will take the process, so it is ended here.
      if (spawnOptions.signal?.aborted) {
        killLocalGroup(child);
        throw abortError(spawnOptions.signal, `'${full.join(' ')}'`);
      }
      return {
        stdin: child.stdin,
        stdout: child.stdout,
        stderr: child.stderr,
        exited,
        status,
        kill: () => killLocalGroup(child),
      };
    },
    async close() {},
  };
}

/** How long an aborted SSH command may take to die after its SIGKILL before the channel is closed from our side. */
const KILL_GRACE_MS = 5_000;

/** How long a killed command's process group gets between SIGTERM and SIGKILL. */
const TERM_GRACE_MS = 2_000;

/** Resolves after `ms` without keeping the process alive (an unref'd timer). */
export const delay = (ms: number) =>
  new Promise<void>((r) => {
    const t = setTimeout(r, ms);
    t.unref?.();
  });

/**
 * Ends a local child and what it started: SIGTERM to its process group (it
 * leads one: spawned `detached`), SIGKILL after TERM_GRACE_MS if it is still
 * there; to the child alone when the group cannot be signalled.
 */
function killLocalGroup(child: ChildProcess): void {
  const signal = (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      child.kill(sig);
    }
  };
  signal('SIGTERM');
  const t = setTimeout(() => signal('SIGKILL'), TERM_GRACE_MS);
  t.unref?.();
  child.once('exit', () => clearTimeout(t));
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };

/**
 * Quotes one argv word for a POSIX shell: `'...'`, with each `'` written as
 * `'\''`. The SSH transport runs `argv.map(shellQuote).join(' ')` remotely.
 */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new PolyvisorError(ErrorCode.INVALID_ARG, 'argv word contains a NUL byte', { driver: DRIVER });
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Options of {@link sshRunner}. */
export interface SshRunnerOptions {
  /** Host name or address. */
  host: string;
  /** TCP port (default 22). */
  port?: number;
  /** User name (default `root`). */
  user?: string;
  /** Path of the private key file (PEM or OpenSSH format). */
  keyfile?: string;
  /** The private key itself (instead of `keyfile`). */
  privateKey?: string | Buffer;
  /** Passphrase of the private key. */
  passphrase?: string;
  /** known_hosts file the host key is checked against (default `~/.ssh/known_hosts`). */
  knownHosts?: string;
  /** Skip host key verification (like libvirt's `no_verify=1`): not for production. */
  noVerify?: boolean;
  /** Connect timeout in ms (default 60000: an emulated host under load is slow to answer). */
  readyTimeoutMs?: number;
  /** Seconds between keepalives (default 15). */
  keepaliveSec?: number;
}

/** One parsed known_hosts line's key (markers, hashed names and ports handled). */
interface KnownKey {
  patterns: string[];
  hashed?: { salt: Buffer; hash: Buffer };
  keyType: string;
  key: Buffer;
  revoked: boolean;
}

function parseKnownHosts(text: string): KnownKey[] {
  const out: KnownKey[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    let revoked = false;
    if (parts[0]!.startsWith('@')) {
      const marker = parts.shift();
      if (marker === '@revoked') revoked = true;
      else continue; // @cert-authority: not supported
    }
    if (parts.length < 3) continue;
    const [hosts, keyType, b64] = parts as [string, string, string];
    const key = Buffer.from(b64, 'base64');
    if (hosts.startsWith('|1|')) {
      const [, , salt, hash] = hosts.split('|');
      out.push({ patterns: [], hashed: { salt: Buffer.from(salt ?? '', 'base64'), hash: Buffer.from(hash ?? '', 'base64') }, keyType, key, revoked });
    } else {
      out.push({ patterns: hosts.split(','), keyType, key, revoked });
    }
  }
  return out;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

/** True when a known_hosts entry names `host` (on `port`). */
function entryMatches(e: KnownKey, host: string, port: number): boolean {
  const name = port === 22 ? host : `[${host}]:${port}`;
  if (e.hashed) {
    // Hashed names: |1|base64(salt)|base64(HMAC-SHA1(salt, name))
    const h = createHmac('sha1', e.hashed.salt).update(name).digest();
    return h.length === e.hashed.hash.length && timingSafeEqual(h, e.hashed.hash);
  }
  let hit = false;
  for (const p of e.patterns) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) hit = true;
  }
  return hit;
}

/**
 * Checks a host key (the raw SSH wire blob ssh2 hands to `hostVerifier`)
 * against known_hosts text. Returns `ok`, `mismatch` (the host is listed with
 * other keys, or this key is revoked) or `unknown` (the host is not listed).
 */
export function checkKnownHost(knownHostsText: string, host: string, port: number, hostKey: Buffer): 'ok' | 'mismatch' | 'unknown' {
  let listed = false;
  for (const e of parseKnownHosts(knownHostsText)) {
    if (e.revoked) {
      if (e.key.equals(hostKey)) return 'mismatch';
      continue;
    }
    if (!entryMatches(e, host, port)) continue;
    listed = true;
    if (e.key.equals(hostKey)) return 'ok';
  }
  return listed ? 'mismatch' : 'unknown';
}

/**
 * The SSH transport (ssh2): one connection, opened on first use and kept,
 * one `exec` channel per command. The remote command is
 * `echo "$$"; exec ARGV` (ARGV: `argv.map(shellQuote).join(' ')`), the pid
 * line kept to end the command and its process group when the call is
 * aborted or times out (on a pty, ARGV alone: hanging up ends it). A host key not found in `knownHosts`
 * fails the connection with `CONNECT_FAILED` (unless `noVerify`).
 */
export function sshRunner(options: SshRunnerOptions): XlRunner {
  const port = options.port ?? 22;
  const user = options.user ?? 'root';
  const target = `ssh://${user}@${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  let client: Client | undefined;
  let ready: Promise<Client> | undefined;
  let closed = false;
  let hostKeyProblem: string | undefined;

  const connect = (): Promise<Client> => {
    if (closed) return Promise.reject(new PolyvisorError(ErrorCode.CONNECTION_CLOSED, `SSH connection to ${target} is closed`, { driver: DRIVER }));
    if (ready) return ready;
    let privateKey: string | Buffer | undefined = options.privateKey;
    if (privateKey === undefined && options.keyfile) {
      try {
        privateKey = readFileSync(options.keyfile);
      } catch (err) {
        return Promise.reject(new PolyvisorError(ErrorCode.CONNECT_FAILED, `cannot read SSH key ${options.keyfile}: ${(err as Error).message}`, { driver: DRIVER, cause: err }));
      }
    }
    let knownText = '';
    if (!options.noVerify) {
      const path = options.knownHosts ?? `${process.env.HOME ?? ''}/.ssh/known_hosts`;
      try {
        knownText = readFileSync(path, 'utf8');
      } catch (err) {
        return Promise.reject(new PolyvisorError(ErrorCode.CONNECT_FAILED, `cannot read known_hosts ${path}: ${(err as Error).message}`, { driver: DRIVER, cause: err }));
      }
    }
    const c = new Client();
    client = c;
    ready = new Promise<Client>((resolve, reject) => {
      const cfg: ConnectConfig = {
        host: options.host,
        port,
        username: user,
        readyTimeout: options.readyTimeoutMs ?? 60_000,
        keepaliveInterval: (options.keepaliveSec ?? 15) * 1000,
        keepaliveCountMax: 4,
        hostVerifier: (key: Buffer) => {
          if (options.noVerify) return true;
          const verdict = checkKnownHost(knownText, options.host, port, key);
          if (verdict === 'ok') return true;
          hostKeyProblem = verdict === 'unknown' ? `host key of ${options.host}:${port} is not in known_hosts` : `host key of ${options.host}:${port} does not match known_hosts (possible man-in-the-middle)`;
          return false;
        },
        ...(privateKey !== undefined ? { privateKey } : {}),
        ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
      };
      c.once('ready', () => resolve(c));
      c.once('error', (err: Error) => {
        ready = undefined;
        client = undefined;
        reject(new PolyvisorError(ErrorCode.CONNECT_FAILED, `SSH to ${target} failed: ${hostKeyProblem ?? err.message}`, { driver: DRIVER, cause: err }));
      });
      c.on('close', () => {
        if (client === c) {
          client = undefined;
          ready = undefined;
        }
      });
      c.connect(cfg);
    });
    return ready;
  };

  /**
   * Runs `kill -s SIG -- -PGID` in a channel of its own (the way to end a
   * remote command: OpenSSH's sshd refuses `signal` requests — "session
   * signalling requires privilege separation" — and a closed channel does not
   * hang up a command without a terminal). Never rejects.
   */
  const killGroup = async (c: Client, pgid: number, sig: 'KILL' | 'TERM'): Promise<void> => {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, KILL_GRACE_MS);
      t.unref?.();
      const done = () => {
        clearTimeout(t);
        resolve();
      };
      try {
        c.exec(['kill', '-s', sig, '--', `-${pgid}`].map(shellQuote).join(' '), (err, ch) => {
          if (err) return done();
          ch.resume();
          ch.stderr.resume();
          ch.once('close', done);
          ch.end();
        });
      } catch {
        done();
      }
    });
  };

  /**
   * Execs `argv` behind `echo "$$"; exec ...`: sshd starts each command as a
   * session leader (setsid), so the first stdout line is the pid of the
   * command and the id of its process group, and the rest is the command's
   * own output, passed to `out`.
   */
  const execWithPid = (c: Client, argv: readonly string[], out: (b: Buffer) => void, pty: boolean) => {
    // On a terminal the pid line would race the echo of early input: a pty session is ended by hanging it up.
    const command = pty ? argv.map(shellQuote).join(' ') : `echo "$$"; exec ${argv.map(shellQuote).join(' ')}`;
    let head: Buffer | undefined = pty ? undefined : Buffer.alloc(0);
    let gotPid!: (pid: number | undefined) => void;
    const pid = new Promise<number | undefined>((r) => (gotPid = r));
    let isClosed = false;
    let wasClosed!: () => void;
    const closed = new Promise<void>((r) => (wasClosed = r));
    const channel = new Promise<ClientChannel>((resolve, reject) => {
      const cb = (err: Error | undefined, ch: ClientChannel) => {
        if (err) return reject(new PolyvisorError(ErrorCode.CONNECT_FAILED, `SSH exec on ${target} failed: ${err.message}`, { driver: DRIVER, cause: err }));
        ch.on('data', (b: Buffer) => {
          if (!head) return out(b);
          head = Buffer.concat([head, b]);
          const nl = head.indexOf(0x0a);
          if (nl < 0) return;
          const n = Number(head.subarray(0, nl).toString('latin1').trim());
          gotPid(Number.isInteger(n) && n > 1 ? n : undefined);
          const rest = head.subarray(nl + 1);
          head = undefined;
          if (rest.length) out(rest);
        });
        ch.once('close', () => {
          isClosed = true;
          gotPid(undefined);
          wasClosed();
        });
        if (pty) gotPid(undefined);
        resolve(ch);
      };
      if (pty) c.exec(command, { pty: { term: 'vt100', cols: 200, rows: 50 } }, cb);
      else c.exec(command, cb);
    });
    return { channel, pid, closed, isClosed: () => isClosed };
  };

  /**
   * Ends a command started by `execWithPid` (`x`: its pid and channel
   * closure): SIGTERM to its process group, SIGKILL after TERM_GRACE_MS,
   * then (after a grace) the channel is closed. A command whose channel has
   * closed is left alone (its group id may already name another group). On a
   * pty the channel is closed at once: sshd then hangs the terminal up
   * (SIGHUP).
   */
  const killCommand = async (c: Client, ch: ClientChannel, x: { pid: Promise<number | undefined>; closed: Promise<void>; isClosed: () => boolean }, pty: boolean): Promise<void> => {
    if (pty) return void ch.close();
    const { closed } = x;
    const p = await Promise.race([x.pid, closed.then(() => undefined), delay(KILL_GRACE_MS).then(() => undefined)]);
    if (x.isClosed()) return;
    if (p !== undefined) {
      // TERM first, so that wrappers can remove their temp files; KILL what is left after TERM_GRACE_MS.
      await killGroup(c, p, 'TERM');
      if (!(await Promise.race([closed.then(() => true), delay(TERM_GRACE_MS).then(() => false)]))) await killGroup(c, p, 'KILL');
    }
    await Promise.race([closed, delay(KILL_GRACE_MS)]);
    ch.close();
  };

  return {
    target,
    async run(argv, runOptions = {}) {
      const what = `'${argv.join(' ')}' on ${target}`;
      const dl = deadline(runOptions, what);
      try {
        if (dl.signal.aborted) throw dl.signal.reason as Error;
        const c = await raceSignal(connect(), dl.signal);
        const out: Buffer[] = [];
        const started = execWithPid(c, argv, (b) => out.push(b), false);
        const ch = await started.channel;
        return await new Promise<RunResult>((resolve, reject) => {
          const errb: Buffer[] = [];
          let code = -1;
          let killing: Promise<void> | undefined;
          // Aborted or timed out: the command and what it started are killed; the call settles once they are gone.
          const onAbort = () => {
            killing ??= killCommand(c, ch, started, false).then(() => reject(dl.signal.reason as Error));
          };
          ch.stderr.on('data', (b: Buffer) => errb.push(b));
          ch.on('exit', (exitCode: number | null, signalName?: string) => {
            if (typeof exitCode === 'number') code = exitCode;
            else if (signalName) code = 128 + (SIGNALS[`SIG${signalName}`] ?? 0);
          });
          ch.on('close', () => {
            dl.signal.removeEventListener('abort', onAbort);
            if (dl.signal.aborted) return onAbort();
            resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errb).toString('utf8'), code });
          });
          // Aborted while the exec request was under way: kill what just started.
          if (dl.signal.aborted) onAbort();
          else dl.signal.addEventListener('abort', onAbort, { once: true });
          if (runOptions.input !== undefined) ch.end(runOptions.input);
          else ch.end();
        });
      } finally {
        dl.done();
      }
    },
    async spawn(argv, spawnOptions = {}) {
      const what = `'${argv.join(' ')}' on ${target}`;
      const dl = deadline({ ...(spawnOptions.signal ? { signal: spawnOptions.signal } : {}), timeoutMs: spawnOptions.timeoutMs ?? 60_000 }, what);
      try {
        if (dl.signal.aborted) throw dl.signal.reason as Error;
        const c = await raceSignal(connect(), dl.signal);
        // The channel is one duplex (stdout in, stdin out): give callers separate ends.
        const stdout = new PassThrough();
        const pty = spawnOptions.pty ?? false;
        const started = execWithPid(c, argv, (b) => stdout.write(b), pty);
        // Aborted while the exec request was under way: the command is ended as soon as it exists.
        started.channel.then((ch) => dl.signal.aborted && void killCommand(c, ch, started, pty), () => undefined);
        const ch = await raceSignal(started.channel, dl.signal);
        ch.once('close', () => stdout.end());
        let code = -1;
        ch.on('exit', (exitCode: number | null, signalName?: string) => {
          if (typeof exitCode === 'number') code = exitCode;
          else if (signalName) code = 128 + (SIGNALS[`SIG${signalName}`] ?? 0);
        });
        const exited = new Promise<number>((resolve) => ch.once('close', () => resolve(code)));
        const status = new Promise<number>((resolve) => {
          ch.once('exit', () => resolve(code)); // after the listener above has recorded the code
          void exited.then(resolve);
        });
        let ended = false;
        return {
          stdin: ch,
          stdout,
          stderr: ch.stderr,
          exited,
          status,
          kill: () => {
            if (ended) return;
            ended = true;
            void killCommand(c, ch, started, pty);
          },
        };
      } finally {
        dl.done();
      }
    },
    async close() {
      closed = true;
      const c = client;
      client = undefined;
      ready = undefined;
      if (!c) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 2000);
        t.unref?.();
        c.once('close', () => {
          clearTimeout(t);
          resolve();
        });
        c.end();
      });
    },
  };
}

/** Settles like `p`, or rejects with the signal's reason when it fires first. */
export function raceSignal<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}
