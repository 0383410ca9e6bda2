/**
 * Domain creation and death as they happen: `xenstore-watch @introduceDomain`
 * and `xenstore-watch @releaseDomain`, two long-running processes on the Xen
 * host started through the toolstack runner (local or SSH). xenstored fires
 * these special watches whenever a domain is introduced or released; each
 * fire prints the watch path on a line. A fire carries no domain id, so the
 * listener re-reads `xl list` — the watcher only says *when*.
 *
 * xenstored fires every watch once when it is registered: that first line is
 * the "watch is armed" signal ({@link DomainWatcher.ready}), not an event.
 * A watcher process that dies is restarted after a back-off; when it cannot
 * be started at all (no `xenstore-watch`, a runner without `spawn`) the
 * watcher reports itself unavailable and the caller's poller is all there is.
 * @module
 */
import type { RunnerProcess, XlRunner } from '../toolstack/runner.js';

/** The xenstore special watches for domain creation and release. */
export const DOMAIN_WATCH_PATHS = ['@introduceDomain', '@releaseDomain'] as const;

/** Options of {@link DomainWatcher}. */
export interface DomainWatcherOptions {
  /** Runs `xenstore-watch` on the Xen host. */
  runner: XlRunner;
  /** Called on every fire after the first (with the watch path). */
  onFire: (path: string) => void;
  /** The `xenstore-watch` binary (default `xenstore-watch`). */
  binary?: string;
  /** Delay before restarting a watcher process that ended, ms (default 2000). */
  restartDelayMs?: number;
}

/** Runs the two domain watches while started. */
export class DomainWatcher {
  private procs: RunnerProcess[] = [];
  private running = false;
  private starting: Promise<boolean> | undefined;
  private failures = 0;
  private timers = new Set<NodeJS.Timeout>();
  /** False once starting failed for good (the caller falls back to polling alone). */
  available = true;

  /** Creates a stopped watcher. */
  constructor(private readonly o: DomainWatcherOptions) {}

  /**
   * Starts both watches; resolves true once both are armed, false when they
   * cannot run here (then {@link DomainWatcher.available} is false).
   */
  start(): Promise<boolean> {
    if (this.running) return this.starting ?? Promise.resolve(true);
    this.running = true;
    this.starting = (async () => {
      if (!this.o.runner.spawn) {
        this.available = false;
        return false;
      }
      const armed = await Promise.all(DOMAIN_WATCH_PATHS.map((p) => this.spawnOne(p)));
      if (armed.some((a) => !a)) {
        this.available = false;
        this.stop();
        return false;
      }
      return true;
    })();
    return this.starting;
  }

  /** Ends the watcher processes. */
  stop(): void {
    this.running = false;
    this.starting = undefined;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const p of this.procs.splice(0)) p.kill();
  }

  /** Starts one `xenstore-watch PATH`; resolves true once its first (arming) line arrived. */
  private async spawnOne(path: string): Promise<boolean> {
    let proc: RunnerProcess;
    try {
      // On a pty over SSH, so that closing the channel hangs the remote watcher up (sshd here refuses signal requests).
      proc = await this.o.runner.spawn!([this.o.binary ?? 'xenstore-watch', path], { timeoutMs: 60_000, pty: true });
    } catch {
      return false;
    }
    if (!this.running) {
      proc.kill();
      return false;
    }
    this.procs.push(proc);
    proc.stderr.resume();
    let buf = '';
    let armed = false;
    let onArmed!: (ok: boolean) => void;
    const armedP = new Promise<boolean>((r) => (onArmed = r));
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line === '') continue;
        if (!armed) {
          armed = true;
          this.failures = 0;
          onArmed(true);
        } else this.o.onFire(line);
      }
    });
    void proc.exited.then((code) => {
      this.procs = this.procs.filter((p) => p !== proc);
      if (!armed) {
        onArmed(false);
        return;
      }
      if (!this.running) return;
      // It died while in use (connection dropped, xenstored restarted): a fire may have been missed.
      this.o.onFire(path);
      void code;
      this.failures++;
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (this.running) void this.spawnOne(path);
      }, Math.min(30_000, (this.o.restartDelayMs ?? 2000) * this.failures));
      t.unref?.();
      this.timers.add(t);
    });
    const timer = setTimeout(() => onArmed(false), 60_000);
    timer.unref?.();
    const ok = await armedP;
    clearTimeout(timer);
    if (!ok) proc.kill();
    return ok;
  }
}
