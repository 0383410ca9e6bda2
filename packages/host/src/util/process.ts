/**
 * Process liveness checks through `/proc` (a zombie counts as exited) and
 * signal-based termination, for daemons the host services supervise
 * (dnsmasq) that outlive the manager process.
 * @module
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ErrorCode, PolyvisorError, delay } from '@polyvisor/core';

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

/** True when a process with this pid exists and is not a zombie. */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return procState(pid) !== 'Z';
}

/** The command line of a process (argv), or undefined when gone. */
export async function processCmdline(pid: number): Promise<string[] | undefined> {
  try {
    const buf = await readFile(`/proc/${pid}/cmdline`);
    return buf.toString('utf8').split('\0').filter((s) => s !== '');
  } catch {
    return undefined;
  }
}

/** Waits until `pid` is gone (or a zombie). Returns false on timeout. */
export async function waitForPidExit(pid: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pidAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await delay(15, signal);
  }
  return true;
}

/** Stops a process: SIGTERM, then SIGKILL after `termWaitMs`. Resolves once it is gone. */
export async function terminate(pid: number, options: { termWaitMs?: number; signal?: AbortSignal; driver?: string } = {}): Promise<void> {
  if (!pidAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (await waitForPidExit(pid, options.termWaitMs ?? 5_000, options.signal)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  if (!(await waitForPidExit(pid, 5_000, options.signal))) {
    throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `process ${pid} did not exit after SIGKILL`, options.driver ? { driver: options.driver } : {});
  }
}
