/**
 * Process liveness checks through `/proc` (a zombie counts as exited) and
 * signal-based termination, for daemons the host services supervise
 * (dnsmasq) that outlive the manager process.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { ErrorCode, PolyvisorError, delay, pidAlive } from '@polyvisor/core';

export { procState, pidAlive } from '@polyvisor/core';

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
