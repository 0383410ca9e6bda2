/**
 * A throw-away SSH test host: a network namespace joined to this one by a
 * veth pair on a private /30, running its own `sshd` with generated keys.
 * Traffic stays between this machine's namespaces. `teardown()` removes
 * everything (processes, namespace, temp dir) and is safe to call after a
 * partial setup.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { NamespaceSshd } from './sshd.js';

/** Repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Why the SSH tests cannot run here, or undefined when they can. */
export function sshHostUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (network namespaces need it)';
  if (!existsSync('/usr/sbin/sshd')) return '/usr/sbin/sshd missing (apt-get install openssh-server)';
  if (!existsSync('/usr/bin/ssh-keygen')) return 'ssh-keygen missing (apt-get install openssh-client)';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
  } catch {
    return 'ip netns unusable';
  }
  return undefined;
}

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** Quotes one word for the remote shell. */
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A running SSH test host. */
export class SshTestHost {
  /** Namespace name. */
  readonly ns = `pvremote-${randomBytes(3).toString('hex')}`;
  /** Host-side veth. */
  readonly vethHost: string;
  private readonly vethNs: string;
  /** Address of the host side. */
  readonly hostAddr: string;
  /** Address of sshd inside the namespace. */
  readonly addr: string;
  /** sshd port. */
  readonly port = 2222;
  /** Temp dir with keys and configs. */
  readonly dir = mkdtempSync(join(tmpdir(), 'pvremote-'));
  /** Client private key. */
  readonly clientKey = join(this.dir, 'client_key');
  /** known_hosts with the right host key. */
  readonly knownHosts = join(this.dir, 'known_hosts');
  /** known_hosts with a wrong key for the host. */
  readonly wrongKnownHosts = join(this.dir, 'known_hosts.wrong');
  /** An empty known_hosts. */
  readonly emptyKnownHosts = join(this.dir, 'known_hosts.empty');
  private readonly sshd: NamespaceSshd;
  private created = { ns: false, veth: false };

  constructor() {
    const r = randomBytes(3).toString('hex');
    this.vethHost = `pvr${r}h`;
    this.vethNs = `pvr${r}n`;
    const x = 1 + randomBytes(1)[0]! % 250;
    const y = 4 * (randomBytes(1)[0]! % 60);
    this.hostAddr = `10.213.${x}.${y + 1}`;
    this.addr = `10.213.${x}.${y + 2}`;
    this.sshd = new NamespaceSshd({ ns: this.ns, addr: this.addr, port: this.port, dir: this.dir, authorizedKeys: join(this.dir, 'authorized_keys'), label: 'sshd' });
  }

  /** A new host, set up; a setup that fails partway is torn down before the error is rethrown. */
  static async start(): Promise<SshTestHost> {
    const host = new SshTestHost();
    try {
      await host.setup();
    } catch (err) {
      host.teardown();
      throw err;
    }
    return host;
  }

  /** Creates the namespace, keys, config, and starts sshd; resolves once it accepts connections. */
  async setup(): Promise<void> {
    const keygen = (f: string) => sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'pvremote-test', '-f', f]);
    keygen(join(this.dir, 'host_key'));
    keygen(join(this.dir, 'other_host_key'));
    keygen(this.clientKey);
    writeFileSync(join(this.dir, 'authorized_keys'), readFileSync(`${this.clientKey}.pub`));
    const pub = (f: string) => readFileSync(`${f}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    const name = `[${this.addr}]:${this.port}`;
    writeFileSync(this.knownHosts, `# generated\n${name} ${pub(join(this.dir, 'host_key'))}\n`);
    writeFileSync(this.wrongKnownHosts, `${name} ${pub(join(this.dir, 'other_host_key'))}\n`);
    writeFileSync(this.emptyKnownHosts, '');

    sh('ip', ['netns', 'add', this.ns]);
    this.created.ns = true;
    sh('ip', ['link', 'add', this.vethHost, 'type', 'veth', 'peer', 'name', this.vethNs]);
    this.created.veth = true;
    sh('ip', ['link', 'set', this.vethNs, 'netns', this.ns]);
    sh('ip', ['addr', 'add', `${this.hostAddr}/30`, 'dev', this.vethHost]);
    sh('ip', ['link', 'set', this.vethHost, 'up']);
    sh('ip', ['-n', this.ns, 'addr', 'add', `${this.addr}/30`, 'dev', this.vethNs]);
    sh('ip', ['-n', this.ns, 'link', 'set', this.vethNs, 'up']);
    sh('ip', ['-n', this.ns, 'link', 'set', 'lo', 'up']);
    this.sshd.start();
    await this.sshd.waitListening();
  }

  /** The tail of sshd's log, for failure messages. */
  get log(): string {
    return this.sshd.log;
  }

  /** The shell command that runs the repo's CLI agent on the far side (quoted for the remote shell). */
  agentCommand(farUri: string, extraEnv: Record<string, string> = {}): string {
    const env = { TSX_TSCONFIG_PATH: join(repoRoot, 'packages/remote/tsconfig.json'), ...extraEnv };
    return `cd ${q(repoRoot)} && exec env ${Object.entries(env).map(([k, v]) => `${k}=${q(v)}`).join(' ')} ${q(process.execPath)} --import tsx ${q(join(repoRoot, 'packages/cli/src/bin.ts'))} agent --stdio --connect ${q(farUri)}`;
  }

  /** A `DRIVER+ssh://` URI to this host. */
  uri(path: string, opts: { knownHosts?: string; command?: string | null; extra?: Record<string, string>; driver?: string } = {}): string {
    const params: Record<string, string> = { keyfile: this.clientKey, known_hosts: opts.knownHosts ?? this.knownHosts, ...(opts.extra ?? {}) };
    if (opts.command !== null) params.command = opts.command ?? this.agentCommand(`${opts.driver ?? 'test'}://${path}`);
    const qs = Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    return `${opts.driver ?? 'test'}+ssh://root@${this.addr}:${this.port}${path}?${qs}`;
  }

  /** Pids of every process inside the namespace. */
  pids(): number[] {
    try {
      return sh('ip', ['netns', 'pids', this.ns]).split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  }

  /** Pids in the namespace whose command line contains `needle`. */
  pidsMatching(needle: string): number[] {
    return this.pids().filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(needle);
      } catch {
        return false;
      }
    });
  }

  /** The per-connection sshd processes (everything sshd-ish except the listener we started). */
  sessionPids(): number[] {
    return this.sshd.sessionPids(this.pids());
  }

  /** Kills every process in the namespace, the namespace and the temp dir. Idempotent; never throws. */
  teardown(): void {
    for (let round = 0; round < 3; round++) {
      const pids = this.pids();
      if (this.sshd.pid) pids.push(this.sshd.pid);
      if (!pids.length) break;
      for (const p of pids) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      execFileSync('sleep', ['0.1']);
    }
    if (this.created.veth) {
      try {
        sh('ip', ['link', 'del', this.vethHost]);
      } catch {
        /* went with the namespace */
      }
    }
    if (this.created.ns) {
      try {
        sh('ip', ['netns', 'del', this.ns]);
      } catch {
        /* already gone */
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** True when the namespace still exists (for the teardown test). */
  nsExists(): boolean {
    return existsSync(`/run/netns/${this.ns}`);
  }
}
