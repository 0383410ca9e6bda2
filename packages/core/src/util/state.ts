/**
 * Durable state helpers every driver and host service shares: atomic writes
 * (temp file + fsync + rename + directory fsync), private directories, and
 * lock files two processes cannot both hold.
 * @module
 */
import { open, rename, unlink, mkdir, readFile, readlink, symlink, chmod, rm } from 'node:fs/promises';
import { constants, readFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ErrorCode, PolyvisorError } from '../errors.js';
import { delay } from '../options.js';
import { durableWriter } from './durable-writer.js';

/** Creates a directory (and parents) with mode 0700. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

/** fsyncs a directory so a rename inside it is durable (best effort). */
export async function syncDir(dir: string): Promise<void> {
  const dh = await open(dir, constants.O_RDONLY).catch(() => undefined);
  if (!dh) return;
  try {
    await dh.sync();
  } catch {
    /* some filesystems refuse fsync on directories */
  } finally {
    await dh.close();
  }
}

/**
 * Writes `data` to `path` atomically: a temp file in the same directory is
 * written, fsync'd and renamed over the target, then the directory is
 * fsync'd. A crash leaves either the old or the new content, never a mix.
 * Small payloads run the sequence in one job on a writer thread, without
 * blocking the event loop (see `durable-writer.ts`).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // The whole sequence as one job on the writer thread (see durable-writer.ts); else step by step.
  const viaWorker = durableWriter.write(path, tmp, data, mode);
  if (viaWorker) return viaWorker;
  const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await syncDir(dirname(path));
}

/** Reads a file as UTF-8, or returns undefined when it does not exist. */
export async function readFileIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Removes a file if present. */
export async function removeIfExists(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** The one-letter state of `/proc/PID/stat` (`R`, `S`, `Z`, ...), or undefined when gone. */
export function procState(pid: number): string | undefined {
  try {
    // Synchronous on purpose: /proc reads never block, and callers poll.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    return text.slice(close + 2, close + 3);
  } catch {
    return undefined;
  }
}

/** True when a process with this pid exists and is not a zombie (PID 1 here reaps late, so a zombie counts as gone). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return procState(pid) !== 'Z';
}

/** The pid a lock names (undefined when the lock is gone, NaN when unreadable). */
async function lockHolder(path: string): Promise<number | undefined> {
  try {
    return Number((await readlink(path)).trim());
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code !== 'EINVAL') return NaN;
  }
  const text = await readFileIfExists(path).catch(() => '');
  return text === undefined ? undefined : Number(text.trim());
}

/** A held lock; release it with {@link FileLock.release}. */
export interface FileLock {
  /** Lock file path. */
  readonly path: string;
  /** Releases the lock (idempotent). */
  release(): Promise<void>;
}

/** Options of {@link acquireLock}. */
export interface AcquireLockOptions {
  /** How long to wait for a live holder (default: not at all). */
  waitMs?: number;
  /** What is locked, for the error message (default: the path). */
  what?: string;
  /** Aborts the wait. */
  signal?: AbortSignal;
  /** Driver name for the error. */
  driver?: string;
}

/**
 * Takes an exclusive lock: a symbolic link at `path` whose target is our pid,
 * created with one atomic `symlink(2)` (it fails with `EEXIST` when held, and
 * never follows anything), so taking and releasing cost one system call each.
 * A lock left by a dead process is broken (atomically: renamed away first).
 * A live holder — this process included — is waited for up to `waitMs`, then
 * the call fails with `RESOURCE_BUSY` naming it. Regular lock files holding a
 * pid (older layouts) are honoured the same way.
 */
export async function acquireLock(path: string, options: AcquireLockOptions = {}): Promise<FileLock> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  const errOpts = options.driver ? { driver: options.driver } : {};
  for (;;) {
    try {
      await symlink(String(process.pid), path);
      let released = false;
      return {
        path,
        async release() {
          if (released) return;
          released = true;
          await unlink(path).catch((err: NodeJS.ErrnoException) => {
            if (err.code !== 'ENOENT') throw err;
          });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await lockHolder(path);
    if (holder === undefined) continue; // released meanwhile
    if (!Number.isInteger(holder) || holder <= 0 || !pidAlive(holder)) {
      const stale = `${path}.stale.${process.pid}.${randomBytes(2).toString('hex')}`;
      try {
        await rename(path, stale);
        await rm(stale, { force: true });
      } catch {
        /* someone else broke it first */
      }
      continue;
    }
    if (Date.now() >= deadline) {
      throw new PolyvisorError(ErrorCode.RESOURCE_BUSY, `${options.what ?? path} is locked by ${holder === process.pid ? 'this process' : `process ${holder}`}`, errOpts);
    }
    await delay(20, options.signal);
  }
}
