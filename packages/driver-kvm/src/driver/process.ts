/**
 * Spawning and stopping QEMU processes. QEMU runs in its own session,
 * detached from the Node process, so it outlives the manager; exits are
 * detected through `/proc` (a zombie counts as exited: PID 1 here reaps
 * orphans only every second or two).
 * @module
 */
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { closeSync, openSync, readSync } from 'node:fs';
import { ErrorCode, PolyvisorError, delay } from '@polyvisor/core';
import { pidAlive } from './store.js';

/** A spawned QEMU. */
export interface SpawnedProcess {
  /** Process id. */
  pid: number;
  /** Resolves when the process exits (only known while we are its parent). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `binary argv...` detached (own session), stdout/stderr appended to `logPath` (0600). */
export async function spawnDetached(binary: string, argv: string[], options: { logPath: string; env?: NodeJS.ProcessEnv; cwd?: string }): Promise<SpawnedProcess> {
  const log = await open(options.logPath, 'a', 0o600);
  try {
    const child = spawn(binary, argv, { detached: true, stdio: ['ignore', log.fd, log.fd], env: options.env ?? process.env, ...(options.cwd ? { cwd: options.cwd } : {}) });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', () => resolve({ code: -1, signal: null }));
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err) => reject(new PolyvisorError(ErrorCode.SYSTEM_ERROR, `cannot run ${binary}: ${err.message}`, { driver: 'kvm', cause: err })));
    });
    child.unref();
    return { pid: child.pid!, exited };
  } finally {
    await log.close();
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

/** Stops a process: SIGTERM, then (unless `graceful`) SIGKILL after `termWaitMs`. Resolves once it is gone. */
export async function terminate(pid: number, options: { graceful?: boolean; termWaitMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  if (!pidAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (await waitForPidExit(pid, options.termWaitMs ?? 10_000, options.signal)) return;
  if (options.graceful) throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `process ${pid} did not exit after SIGTERM`, { driver: 'kvm' });
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  if (!(await waitForPidExit(pid, 10_000, options.signal))) throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `process ${pid} did not exit after SIGKILL`, { driver: 'kvm' });
}

/**
 * Reads a /proc file with as few system calls as possible: /proc reports a
 * size of 0, so `readFile` would stat and read twice; one large read usually
 * returns everything (the loop handles larger files).
 */
async function readProcFile(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    for (;;) {
      const buf = Buffer.allocUnsafe(chunks.length === 0 ? 4096 : 65536);
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      // /proc files are generated in page-sized pieces: a short read of a one-page file is the whole file.
      if (chunks.length === 1 && bytesRead < 3072) break;
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** utime and stime fields of a /proc/PID/stat line, in ns (USER_HZ = 100 on Linux). */
function parseProcStat(text: string): { user: number; system: number } {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { user: Math.round((Number(fields[11]) * 1e9) / 100), system: Math.round((Number(fields[12]) * 1e9) / 100) };
}

/**
 * Reads one process's CPU times through a `/proc/PID/stat` descriptor kept
 * open for the life of the attachment: each read is one `pread` at offset 0,
 * which procfs answers from memory (no disk I/O can be involved, so the read
 * is synchronous, like `process.kill(pid, 0)`). The descriptor is bound to
 * that process: after it exits, reads fail (zeros) instead of reaching a
 * reused pid.
 */
export class ProcStatReader {
  private fd: number | undefined;
  private readonly buf = Buffer.allocUnsafe(1024);

  /** Reads `pid`'s stat; the descriptor is opened on first use. */
  constructor(readonly pid: number) {}

  /** User and system CPU time in ns (zeros when the process is gone). */
  read(): { user: number; system: number } {
    try {
      this.fd ??= openSync(`/proc/${this.pid}/stat`, 'r');
      const n = readSync(this.fd, this.buf, 0, this.buf.length, 0);
      return parseProcStat(this.buf.toString('latin1', 0, n));
    } catch {
      return { user: 0, system: 0 };
    }
  }

  /** Closes the descriptor (idempotent). */
  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
    this.fd = undefined;
  }
}

/** User and system CPU time of a process in nanoseconds, from /proc (zeros when unavailable). */
export async function processCpuTimes(pid: number): Promise<{ user: number; system: number }> {
  try {
    return parseProcStat(await readProcFile(`/proc/${pid}/stat`));
  } catch {
    return { user: 0, system: 0 };
  }
}

/** CPU time (user+system) of a process in nanoseconds, from /proc; 0 when unavailable. */
export async function processCpuTimeNs(pid: number): Promise<number> {
  const t = await processCpuTimes(pid);
  return t.user + t.system;
}

/** Host network interface counters from /proc/net/dev, by interface name. */
export async function hostNetDev(): Promise<Map<string, { rxBytes: number; rxPackets: number; rxErrs: number; rxDrop: number; txBytes: number; txPackets: number; txErrs: number; txDrop: number }>> {
  const out = new Map<string, { rxBytes: number; rxPackets: number; rxErrs: number; rxDrop: number; txBytes: number; txPackets: number; txErrs: number; txDrop: number }>();
  let text = '';
  try {
    text = await readProcFile('/proc/net/dev');
  } catch {
    return out;
  }
  for (const line of text.split('\n').slice(2)) {
    const m = /^\s*([^:]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const f = m[2]!.trim().split(/\s+/).map(Number);
    out.set(m[1]!, { rxBytes: f[0]!, rxPackets: f[1]!, rxErrs: f[2]!, rxDrop: f[3]!, txBytes: f[8]!, txPackets: f[9]!, txErrs: f[10]!, txDrop: f[11]! });
  }
  return out;
}

/** The command line of a process (NUL-separated argv), or undefined when gone. */
export async function processCmdline(pid: number): Promise<string[] | undefined> {
  try {
    const fh = await open(`/proc/${pid}/cmdline`, 'r');
    const buf = await fh.readFile();
    await fh.close();
    return buf.toString('utf8').split('\0').filter((s) => s !== '');
  } catch {
    return undefined;
  }
}
