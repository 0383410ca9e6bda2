/**
 * Durable state on disk for host services: private directories, atomic
 * writes (temp file + fsync + rename) and lock files that two processes
 * cannot both hold. Same scheme as the KVM driver's state store.
 * @module
 */
import { open, rename, unlink, mkdir, readFile, chmod, rm } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ErrorCode, PolyvisorError, delay } from '@polyvisor/core';
import { pidAlive } from './process.js';

/** Creates a directory (and parents) and forces its mode to 0700. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

/**
 * Writes `data` to `path` atomically: a temp file in the same directory is
 * written, fsync'd and renamed over the target, then the directory is
 * fsync'd. A crash leaves either the old or the new content, never a mix.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
  const dh = await open(dirname(path), constants.O_RDONLY).catch(() => undefined);
  if (dh) {
    await dh.sync().catch(() => undefined);
    await dh.close();
  }
}

/** Reads a UTF-8 file, or returns undefined when it does not exist. */
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

/** A held lock; release it with {@link FileLock.release}. */
export interface FileLock {
  /** Lock file path. */
  readonly path: string;
  /** Releases the lock (idempotent). */
  release(): Promise<void>;
}

/**
 * Takes an exclusive lock file (`O_CREAT|O_EXCL`, containing our pid). A
 * lock left by a dead process is broken. Waits up to `waitMs` for a live
 * holder, then fails with `RESOURCE_BUSY` naming the holder.
 */
export async function acquireLock(path: string, options: { waitMs?: number; what?: string; signal?: AbortSignal; driver?: string } = {}): Promise<FileLock> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  const errOpts = options.driver ? { driver: options.driver } : {};
  for (;;) {
    try {
      const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      let released = false;
      return {
        path,
        async release() {
          if (released) return;
          released = true;
          await rm(path, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number((await readFileIfExists(path))?.trim());
    if (!Number.isInteger(holder) || holder <= 0 || !pidAlive(holder)) {
      // Stale (holder died) or half-written: break it atomically by renaming first.
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
      throw new PolyvisorError(ErrorCode.RESOURCE_BUSY, `${options.what ?? path} is locked by process ${holder}`, errOpts);
    }
    await delay(20, options.signal);
  }
}
