/**
 * Small host helpers of the storage driver: durable files (atomic writes,
 * lock files), argv-only command execution and path confinement checks.
 * Equivalents of driver-kvm's store helpers, which this package cannot
 * import.
 * @module
 */
import { execFile } from 'node:child_process';
import { lstat, realpath, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { ErrorCode, PolyvisorError, validateName, syncDir, acquireLock as coreAcquireLock, type FileLock } from '@polyvisor/core';

/** Driver name used in storage error messages (`[storage] ...`). */
export const STORAGE_DRIVER = 'storage';

/** Builds a storage {@link PolyvisorError} (`[storage] message`). */
export function storageError(code: ErrorCode, message: string, operation?: string, cause?: unknown, detail?: Record<string, unknown>): PolyvisorError {
  return new PolyvisorError(code, message, {
    driver: STORAGE_DRIVER,
    ...(operation ? { operation } : {}),
    ...(cause !== undefined ? { cause } : {}),
    ...(detail ? { detail } : {}),
  });
}

export { ensurePrivateDir, writeFileAtomic, syncDir, readFileIfExists } from '@polyvisor/core';

/** Removes a file if present, and makes the removal durable. */
export async function removeIfExists(path: string): Promise<void> {
  await rm(path, { force: true });
  await syncDir(dirname(path));
}

/** A held lock file; release it with `release()`. */
export type StorageLock = FileLock;

/** Takes an exclusive lock file (core's {@link coreAcquireLock}), failing with the storage driver's `RESOURCE_BUSY`. */
export function acquireLock(path: string, options: { waitMs?: number; what?: string; signal?: AbortSignal } = {}): Promise<StorageLock> {
  return coreAcquireLock(path, { ...options, driver: STORAGE_DRIVER });
}

/** Result of {@link run}. */
export interface RunResult {
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/** Options of {@link run}. */
export interface RunOptions {
  /** Kills the child (SIGKILL) when it fires. */
  signal?: AbortSignal;
  /** Kills the child after this many ms. */
  timeoutMs?: number;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Operation name for errors. */
  operation?: string;
}

/** A failed host command: the argv, exit status and stderr are in `detail`. */
export function commandError(argv: readonly string[], err: unknown, stderr: string, operation?: string): PolyvisorError {
  const e = err as NodeJS.ErrnoException & { code?: unknown; killed?: boolean; signal?: string | null };
  const why = e.code === 'ENOENT' ? 'command not found' : e.killed || e.signal ? `killed by ${e.signal ?? 'signal'}` : `exit status ${String(e.code)}`;
  const msg = stderr.trim().split('\n').filter((l) => !/^File descriptor \d+ .* leaked/.test(l)).join('; ');
  return storageError(ErrorCode.OPERATION_FAILED, `${argv[0]} failed (${why})${msg ? `: ${msg}` : ''}`, operation, err, { argv: [...argv], stderr });
}

/**
 * Runs a host command from an argv array (never through a shell) and
 * returns its output; a non-zero exit becomes `OPERATION_FAILED` carrying
 * the argv and stderr.
 */
export function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(storageError(ErrorCode.ABORTED, `${argv[0]} aborted`, options.operation));
      return;
    }
    execFile(
      argv[0]!,
      argv.slice(1),
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, LC_ALL: 'C', LVM_SUPPRESS_FD_WARNINGS: '1', ...options.env },
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const } : {}),
      },
      (err, stdout, stderr) => {
        if (err) reject(commandError(argv, err, stderr ?? '', options.operation));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** Finds an executable in the usual system directories (and `PATH`); undefined when absent. */
export async function findExecutable(name: string): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const d of dirs) {
    const p = join(d, name);
    try {
      const st = await lstat(p).catch(() => undefined);
      if (st && (st.isFile() || st.isSymbolicLink())) return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/**
 * Validates a pool or volume name so it can be used as one path component:
 * non-empty, no `/`, no leading `.` (so `.`, `..` and hidden temp files are
 * impossible), no control characters. Throws `INVALID_ARG`.
 */
export function validateStorageName(name: unknown, kind: 'storage pool' | 'storage volume', operation?: string): string {
  try {
    validateName(name, kind);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw storageError(ErrorCode.INVALID_ARG, msg, operation, err);
  }
  return name as string;
}

/** True when `child` is `parent` itself or lies below it (both absolute, already resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Resolves the path of volume `name` inside a pool directory, proving it
 * cannot escape: the name is validated, the pool directory is resolved with
 * `realpath`, and the real path of the volume's parent must be the pool
 * directory. Returns the confined path (not following a final symlink).
 */
export async function confinedVolumePath(poolDir: string, name: string, operation?: string): Promise<string> {
  validateStorageName(name, 'storage volume', operation);
  let real: string;
  try {
    real = await realpath(poolDir);
  } catch (err) {
    throw storageError(ErrorCode.OPERATION_FAILED, `cannot resolve storage pool directory '${poolDir}': ${(err as Error).message}`, operation, err);
  }
  const path = join(real, name);
  const parent = await realpath(dirname(path));
  if (parent !== real || !isInside(real, path) || basename(path) !== name) {
    throw storageError(ErrorCode.INVALID_ARG, `storage volume '${name}' would resolve outside of pool directory '${real}'`, operation);
  }
  return path;
}

/**
 * lstat()s a path and refuses symbolic links (`OPERATION_INVALID`); returns
 * undefined when the path does not exist.
 */
export async function lstatNoSymlink(path: string, operation?: string): Promise<import('node:fs').Stats | undefined> {
  let st;
  try {
    st = await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (st.isSymbolicLink()) throw storageError(ErrorCode.OPERATION_INVALID, `refusing to operate on '${path}': it is a symbolic link`, operation);
  return st;
}
