/**
 * One OpenSSH server inside a network namespace, for the SSH test hosts
 * (ssh-host.ts: one host; netns-lab.ts: several on a link): key-only root
 * login against one authorized_keys file, its config and pid file in the
 * host's directory, its log kept for failure messages.
 *
 * Sessions get their own `HOME` (`DIR/home`, via sshd's `SetEnv`), as root
 * on a separate machine would: the far shell then never reads this machine's
 * `/root/.bashrc`. On the CI image that file runs `pyenv rehash`, which waits
 * up to 60 s on a lock file; a test that kills a command while its shell is
 * still starting (which the kill tests do on purpose) can leave that lock
 * behind, and every later SSH session then stalled past the tests' timeouts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

/** Where and how {@link NamespaceSshd} listens. */
export interface NamespaceSshdOptions {
  /** Network namespace to run in. */
  ns: string;
  /** Address to listen on (inside the namespace). */
  addr: string;
  /** Port. */
  port: number;
  /** Directory with `host_key`; `sshd_config` and `sshd.pid` are written there. */
  dir: string;
  /** The authorized_keys file. */
  authorizedKeys: string;
  /** Names this sshd in error messages (e.g. `sshd of host a`). */
  label: string;
}

/** An sshd in a network namespace (see the module description). */
export class NamespaceSshd {
  private child: ChildProcess | undefined;
  private logText = '';

  /** Describes the server; {@link NamespaceSshd.start} starts it. */
  constructor(private readonly o: NamespaceSshdOptions) {}

  /** Writes the config and starts sshd in the foreground (`-D -e`), logging to {@link NamespaceSshd.log}. */
  start(): void {
    const { dir } = this.o;
    mkdirSync(join(dir, 'home'), { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'sshd_config'), [
      `Port ${this.o.port}`,
      `ListenAddress ${this.o.addr}`,
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${this.o.authorizedKeys}`,
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PrintMotd no',
      'ClientAliveInterval 2',
      'ClientAliveCountMax 2',
      'MaxStartups 50',
      'LogLevel VERBOSE',
      `SetEnv HOME=${join(dir, 'home')}`,
      '',
    ].join('\n'));
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege-separation directory
    this.child = spawn('ip', ['netns', 'exec', this.o.ns, '/usr/sbin/sshd', '-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => {
      this.logText = (this.logText + d.toString()).slice(-20_000);
    });
  }

  /** Resolves once sshd accepts TCP connections; rejects with its log when it exits or the time runs out. */
  async waitListening(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ok = await new Promise<boolean>((r) => {
        const s = connect({ host: this.o.addr, port: this.o.port });
        s.once('connect', () => {
          s.destroy();
          r(true);
        });
        s.once('error', () => r(false));
      });
      if (ok) return;
      const code = this.child?.exitCode;
      if (code !== null && code !== undefined) throw new Error(`${this.o.label} exited with ${code}: ${this.logText}`);
      if (Date.now() > deadline) throw new Error(`${this.o.label} did not listen on ${this.o.addr}:${this.o.port}: ${this.logText}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The tail of sshd's log. */
  get log(): string {
    return this.logText;
  }

  /** The listener's pid while it runs. */
  get pid(): number | undefined {
    return this.child?.pid && this.child.exitCode === null ? this.child.pid : undefined;
  }

  /** Of `pids` (the namespace's processes), the per-connection sshd processes: everything sshd-ish but the listener. */
  sessionPids(pids: number[]): number[] {
    const main = this.child?.pid;
    return pids.filter((p) => {
      if (p === main) return false;
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      } catch {
        return false;
      }
      return /^sshd|sshd-session|sshd-auth|sshd:/.test(cmd.replace(/\0/g, ' ').replace(/^\/usr\/(s?bin|lib\/openssh)\//, ''));
    });
  }
}
