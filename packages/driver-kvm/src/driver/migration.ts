/**
 * Moving guest state with QEMU's migration stream: live migration between
 * two QEMUs, and save/restore, which are migrations to and from a file that
 * starts with a polyvisor header holding the domain definition.
 * @module
 */
import { createServer, connect, type Server } from 'node:net';
import { open, rename, rm } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ErrorCode, HypervisorError, PolyvisorError, AbortError, delay, type MigrateOptions, type MigrationProgress } from '@polyvisor/core';
import type { QmpClient } from '../qmp/client.js';

const DRIVER = 'kvm';

/** What `query-migrate` returns (the parts we read). */
interface QueryMigrate {
  status?: string;
  'total-time'?: number;
  'expected-downtime'?: number;
  downtime?: number;
  'error-desc'?: string;
  ram?: { transferred?: number; remaining?: number; total?: number; 'dirty-pages-rate'?: number; 'dirty-sync-count'?: number };
  'socket-address'?: Array<{ type: string; host?: string; port?: string; path?: string }>;
}

/** Maps `query-migrate` to polyvisor's progress record. */
export function migrationProgress(q: QueryMigrate, elapsedMs: number): MigrationProgress {
  const phase = (['setup', 'active', 'device', 'postcopy-active', 'completed', 'failed', 'cancelled'] as const).find((p) => p === q.status) ?? 'active';
  const p: MigrationProgress = { phase, elapsedMs };
  if (q.ram?.transferred !== undefined) p.transferredBytes = q.ram.transferred;
  if (q.ram?.remaining !== undefined) p.remainingBytes = q.ram.remaining;
  if (q.ram?.total !== undefined) p.totalBytes = q.ram.total;
  if (q.ram?.['dirty-pages-rate'] !== undefined) p.dirtyPagesRate = q.ram['dirty-pages-rate'];
  if (q.ram?.['dirty-sync-count'] !== undefined) p.iteration = q.ram['dirty-sync-count'];
  if (q['expected-downtime'] !== undefined) p.expectedDowntimeMs = q['expected-downtime'];
  if (q.downtime !== undefined) p.downtimeMs = q.downtime;
  if (q['total-time'] !== undefined) p.totalTimeMs = q['total-time'];
  return p;
}

/** Sets migration capabilities and parameters from polyvisor's options. */
export async function configureMigration(qmp: QmpClient, opts: MigrateOptions, signal: AbortSignal): Promise<void> {
  const caps: Array<{ capability: string; state: boolean }> = [
    { capability: 'events', state: true },
    { capability: 'auto-converge', state: opts.autoConverge === true },
    { capability: 'postcopy-ram', state: opts.postcopy === true },
  ];
  await qmp.execute('migrate-set-capabilities', { capabilities: caps }, { signal });
  const params: Record<string, unknown> = {};
  // 0 means "unlimited" to QEMU 7.2, whose default caps migration at 32 MiB/s.
  params['max-bandwidth'] = opts.bandwidthMiBs !== undefined ? Math.round(opts.bandwidthMiBs * 1024 * 1024) : 0;
  if (opts.maxDowntimeMs !== undefined) params['downtime-limit'] = opts.maxDowntimeMs;
  if (opts.compressed) {
    await qmp.execute('migrate-set-capabilities', { capabilities: [{ capability: 'compress', state: true }] }, { signal });
  }
  await qmp.execute('migrate-set-parameters', params, { signal });
}

/**
 * Runs an outgoing migration to `uri` and waits until it completes. On
 * abort it cancels (`migrate_cancel`) and rejects with `ABORTED`; on
 * failure it rejects with QEMU's error text. QEMU leaves the source paused
 * ("postmigrate") on success and running on failure.
 */
export async function runOutgoingMigration(qmp: QmpClient, uri: string, opts: MigrateOptions, signal: AbortSignal, onProgress?: (p: MigrationProgress) => void): Promise<MigrationProgress> {
  const t0 = Date.now();
  await configureMigration(qmp, opts, signal);
  await qmp.execute('migrate', { uri }, { signal });
  let cancelled = false;
  for (;;) {
    if (signal.aborted && !cancelled) {
      cancelled = true;
      await qmp.execute('migrate_cancel').catch(() => undefined);
    }
    const q = (await qmp.execute('query-migrate')) as QueryMigrate;
    const p = migrationProgress(q, Date.now() - t0);
    if (q.status === 'completed') {
      // QEMU 7.2 can report zero times in the first completed reply: ask again until they appear (briefly).
      let q2 = q;
      for (let i = 0; i < 20 && !q2['total-time']; i++) {
        await delay(5);
        q2 = (await qmp.execute('query-migrate')) as QueryMigrate;
      }
      return migrationProgress(q2, Date.now() - t0);
    }
    if (q.status === 'failed') throw new HypervisorError(`migration failed: ${q['error-desc'] ?? 'unknown error'}`, { driver: DRIVER, operation: 'domains.migrate', detail: { status: q.status } });
    if (q.status === 'cancelled' || (cancelled && q.status !== 'cancelling')) {
      throw signal.reason instanceof PolyvisorError ? signal.reason : new AbortError('migration cancelled', { driver: DRIVER, operation: 'domains.migrate' });
    }
    onProgress?.(p);
    await delay(15);
  }
}

/**
 * Where an incoming migration listens when the caller names no URI: every
 * IPv4 address of the destination host, on a port QEMU picks. A wildcard is
 * needed because the driver cannot know from where the source connects (the
 * same host, or another host reached through the remote driver); libvirt
 * listens on a wildcard address too.
 */
export const DEFAULT_INCOMING_URI = 'tcp:0.0.0.0:0';

/** Formats a QEMU `tcp:` migration URI, bracketing IPv6 addresses. */
export function tcpMigrationUri(host: string, port: string | number): string {
  return `tcp:${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/** Matches a `tcp:` URI on a wildcard address (`0.0.0.0`, `::`, `[::]`); group 1 is the port. */
export const WILDCARD_TCP_URI = /^tcp:(?:0\.0\.0\.0|\[::\]|::):(\d+)$/;

/**
 * What `migratePrepare` reports for the URI QEMU listens on: `uri` is what a
 * source on the same host connects to (a wildcard listener becomes the
 * loopback address, `tcp:127.0.0.1:PORT` / `tcp:[::1]:PORT`); `listenUri`,
 * present only for a wildcard listener, is the listener itself
 * (`tcp:0.0.0.0:PORT`). A caller that knows how the source reaches this host
 * (the remote driver: its SSH host) replaces the wildcard with that address;
 * everyone else uses `uri` as is.
 */
export function incomingUris(listening: string): { uri: string; listenUri?: string } {
  const m = WILDCARD_TCP_URI.exec(listening);
  if (!m) return { uri: listening };
  return { uri: tcpMigrationUri(listening.startsWith('tcp:0.') ? '127.0.0.1' : '::1', m[1]!), listenUri: listening };
}

/**
 * Starts listening for an incoming stream on `uri` (default
 * {@link DEFAULT_INCOMING_URI}); returns where the source should send it, as
 * {@link incomingUris} describes (with the port QEMU chose for port 0).
 */
export async function startIncoming(qmp: QmpClient, uri: string | undefined, signal: AbortSignal): Promise<{ uri: string; listenUri?: string }> {
  const listen = uri ?? DEFAULT_INCOMING_URI;
  await qmp.execute('migrate-set-capabilities', { capabilities: [{ capability: 'events', state: true }] }, { signal });
  await qmp.execute('migrate-incoming', { uri: listen }, { signal });
  if (!/^tcp:.*:0$/.test(listen)) return incomingUris(listen);
  // Port 0: QEMU picked one; it reports it in query-migrate.
  for (let i = 0; i < 100; i++) {
    const q = (await qmp.execute('query-migrate', undefined, { signal })) as QueryMigrate;
    const a = q['socket-address']?.find((x) => x.type === 'inet' && x.port && x.port !== '0');
    if (a) return incomingUris(tcpMigrationUri(a.host ?? '0.0.0.0', a.port!));
    await delay(10, signal);
  }
  throw new HypervisorError('QEMU did not report the incoming migration port', { driver: DRIVER });
}

/** Waits until an incoming migration/restore completed (status `completed`), or QEMU failed. */
export async function waitIncoming(qmp: QmpClient, signal: AbortSignal): Promise<void> {
  for (;;) {
    const q = (await qmp.execute('query-migrate', undefined, { signal })) as QueryMigrate;
    if (q.status === 'completed') return;
    if (q.status === 'failed') throw new HypervisorError(`incoming migration failed: ${q['error-desc'] ?? 'unknown error'}`, { driver: DRIVER });
    const st = (await qmp.execute('query-status', undefined, { signal })) as { status: string };
    if (st.status !== 'inmigrate' && st.status !== 'prelaunch' && q.status === undefined) return;
    await delay(20, signal);
  }
}

/** First line of a polyvisor save file. */
export const SAVE_MAGIC = 'PolyvisorQemuSave1\n';

/** The JSON header of a save file. */
export interface SaveHeader {
  /** Domain XML (live definition) to recreate the domain with. */
  xml: string;
  /** Whether the domain was running (resume after restore). */
  running: boolean;
  /** When it was saved (ms since epoch). */
  savedAt: number;
}

/**
 * Saves the running guest into `path`: QEMU migrates into a unix socket we
 * serve; we write header + stream to a temp file and rename it into place
 * only once QEMU reported completion, so a failure leaves no partial file.
 */
export async function saveToFile(qmp: QmpClient, sockPath: string, path: string, header: SaveHeader, signal: AbortSignal): Promise<MigrationProgress> {
  const tmp = `${path}.partial-${process.pid}`;
  const out = createWriteStream(tmp, { mode: 0o600 });
  const head = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(head.length);
  out.write(SAVE_MAGIC);
  out.write(len);
  out.write(head);
  await rm(sockPath, { force: true });
  const server: Server = createServer();
  const received = new Promise<void>((resolve, reject) => {
    server.once('connection', (sock) => {
      sock.pipe(out);
      out.once('finish', resolve);
      sock.once('error', reject);
    });
  });
  server.listen(sockPath);
  await once(server, 'listening');
  try {
    const result = await runOutgoingMigration(qmp, `unix:${sockPath}`, { live: false }, signal);
    await received;
    const fh = await open(tmp, 'r+');
    await fh.sync();
    await fh.close();
    await rename(tmp, path);
    return result;
  } catch (err) {
    out.destroy();
    await rm(tmp, { force: true });
    throw err;
  } finally {
    server.close();
    await rm(sockPath, { force: true });
  }
}

/** Reads and checks the header of a save file. Throws `INVALID_ARG` for anything that is not a complete polyvisor save file header. */
export async function readSaveHeader(path: string): Promise<{ header: SaveHeader; offset: number }> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw new PolyvisorError(ErrorCode.INVALID_ARG, `cannot open save file '${path}': ${(err as Error).message}`, { driver: DRIVER, cause: err });
  }
  try {
    const magic = Buffer.alloc(SAVE_MAGIC.length + 4);
    const { bytesRead } = await fh.read(magic, 0, magic.length, 0);
    if (bytesRead < magic.length || magic.subarray(0, SAVE_MAGIC.length).toString() !== SAVE_MAGIC) throw new PolyvisorError(ErrorCode.INVALID_ARG, `'${path}' is not a polyvisor save file`, { driver: DRIVER });
    const n = magic.readUInt32BE(SAVE_MAGIC.length);
    if (n > 16 * 1024 * 1024) throw new PolyvisorError(ErrorCode.INVALID_ARG, `save file '${path}' has a corrupt header`, { driver: DRIVER });
    const buf = Buffer.alloc(n);
    const r = await fh.read(buf, 0, n, magic.length);
    if (r.bytesRead < n) throw new PolyvisorError(ErrorCode.INVALID_ARG, `save file '${path}' is truncated`, { driver: DRIVER });
    let header: SaveHeader;
    try {
      header = JSON.parse(buf.toString('utf8')) as SaveHeader;
    } catch {
      throw new PolyvisorError(ErrorCode.INVALID_ARG, `save file '${path}' has a corrupt header`, { driver: DRIVER });
    }
    if (typeof header.xml !== 'string') throw new PolyvisorError(ErrorCode.INVALID_ARG, `save file '${path}' has no domain definition`, { driver: DRIVER });
    const st = await fh.stat();
    if (st.size <= magic.length + n) throw new PolyvisorError(ErrorCode.INVALID_ARG, `save file '${path}' holds no guest state`, { driver: DRIVER });
    return { header, offset: magic.length + n };
  } finally {
    await fh.close();
  }
}

/** Feeds the guest state of a save file into an incoming QEMU listening on `sockPath`. */
export async function feedIncoming(sockPath: string, path: string, offset: number, signal: AbortSignal): Promise<void> {
  const sock = connect(sockPath);
  await once(sock, 'connect');
  const src = createReadStream(path, { start: offset });
  const onAbort = () => {
    src.destroy();
    sock.destroy();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      src.once('error', reject);
      sock.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? resolve() : reject(e)));
      src.pipe(sock);
      sock.once('finish', resolve);
      sock.once('close', () => resolve());
    });
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
