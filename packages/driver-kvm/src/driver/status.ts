/**
 * The runtime status file of a running domain (libvirt keeps the same in
 * `/run/libvirt/qemu/<name>.xml`): enough for another process to re-attach.
 * @module
 */
import { join } from 'node:path';
import type { DomainState, DomainStateReason } from '@polyvisor/core';
import { readFileIfExists, writeFileAtomic } from './store.js';

/** Contents of `<runDir>/<name>.status.json`. */
export interface DomainStatus {
  /** Format version. */
  version: 1;
  /** Domain name. */
  name: string;
  /** Domain UUID. */
  uuid: string;
  /** Runtime id. */
  id: number;
  /** QEMU pid (0 until spawned). */
  pid: number;
  /** `starting` until `cont` succeeded (or the paused start finished), then `running`; `incoming` while waiting for a migration stream or restore. */
  phase: 'starting' | 'running' | 'incoming';
  /** Outgoing migration in progress or completed (source side), for recovery after a manager crash. */
  migration?: { phase: 'performing' | 'completed'; destRunDir?: string; destName?: string };
  /** Last known state. */
  state: DomainState;
  /** Last known reason. */
  reason: DomainStateReason;
  /** The live definition (libvirt XML). */
  liveXml: string;
  /** Per-domain runtime directory (sockets, pidfile). */
  domainDir: string;
  /** QMP socket path. */
  qmpPath: string;
  /** Guest agent socket path, when the domain has the channel. */
  qgaPath?: string;
  /** QEMU pidfile. */
  pidPath: string;
  /** QEMU log file. */
  logPath: string;
  /** Accelerator in use. */
  accel: 'kvm' | 'tcg';
  /** When QEMU was started (ms since epoch). */
  startedAt: number;
  /** Emulator binary. */
  emulator: string;
  /** Tap devices created for this run (removed when it stops). */
  taps?: string[];
}

/** Path of a domain's status file. */
export function statusPath(runDir: string, name: string): string {
  return join(runDir, `${name}.status.json`);
}

/** Reads a status file; undefined when absent; throws on corrupt JSON only if `strict`. */
export async function readStatus(path: string): Promise<DomainStatus | undefined> {
  const text = await readFileIfExists(path);
  if (text === undefined) return undefined;
  try {
    const s = JSON.parse(text) as DomainStatus;
    if (s.version !== 1 || typeof s.uuid !== 'string' || typeof s.name !== 'string') return undefined;
    return s;
  } catch {
    return undefined;
  }
}

/** Writes a status file atomically (0600). */
export async function writeStatus(runDir: string, status: DomainStatus): Promise<void> {
  await writeFileAtomic(statusPath(runDir, status.name), `${JSON.stringify(status, null, 2)}\n`);
}
