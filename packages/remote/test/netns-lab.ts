/**
 * A throw-away lab of test hosts for the remote driver: each host is a
 * network namespace with its own sshd (Debian's openssh-server, generated
 * host key, one authorized client key) and its own polyvisor state root.
 *
 * Topology (every address on a random private /24 `10.214.N.0/24`):
 *
 * ```
 *   this namespace               pvsw-ID (switch)            pvh-ID-a / pvh-ID-b
 *   veth 10.214.N.254  <-->  [ bridge br0 ] <--> veth 10.214.N.1 (host a)
 *                                            <--> veth 10.214.N.2 (host b)
 * ```
 *
 * Hosts reach each other directly over the bridge (live migration streams
 * go host to host), and the test process reaches every sshd through its own
 * veth. Nothing is routed beyond the namespaces the lab creates. Processes
 * started by sshd (the agent, and the QEMUs the agent launches) inherit the
 * host's namespace. `teardown()` kills every process in the namespaces,
 * deletes them and the temp dir; it is safe after a partial setup and never
 * throws.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { repoRoot } from './ssh-host.js';
import { NamespaceSshd } from './sshd.js';

const sh = (cmd: string, args: string[]): string => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const trySh = (cmd: string, args: string[]): void => {
  try {
    sh(cmd, args);
  } catch {
    /* already gone */
  }
};

/** Quotes one word for the remote shell. */
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Pids of every process in a namespace. */
function nsPids(ns: string): number[] {
  try {
    return sh('ip', ['netns', 'pids', ns]).split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** One host of a {@link NetnsLab}. */
export class LabHost {
  /** Namespace name. */
  readonly ns: string;
  /** The host's address on the lab link (sshd listens here). */
  readonly addr: string;
  /** sshd port. */
  readonly port = 22;
  /** Its directory: sshd config and host key, and the polyvisor state root below. */
  readonly dir: string;
  /** Its polyvisor state root (`qemu:///embed?root=...`). */
  readonly root: string;
  /** Its veth end inside the namespace. */
  readonly veth: string;
  private readonly sshd: NamespaceSshd;

  /** @internal Created by {@link NetnsLab.setup}. */
  constructor(
    /** Short name (`a`, `b`). */
    readonly name: string,
    private readonly lab: NetnsLab,
    index: number,
  ) {
    this.ns = `pvh-${lab.id}-${name}`;
    this.addr = `${lab.subnet}.${index + 1}`;
    this.dir = join(lab.dir, `host-${name}`);
    this.root = join(this.dir, 'root');
    this.veth = `pvl${lab.id}${name}`;
    this.sshd = new NamespaceSshd({ ns: this.ns, addr: this.addr, port: this.port, dir: this.dir, authorizedKeys: lab.authorizedKeys, label: `sshd of host ${name}` });
  }

  /** @internal Starts sshd in the namespace (its host key already in {@link LabHost.dir}). */
  startSshd(): void {
    mkdirSync(this.root, { recursive: true });
    this.sshd.start();
  }

  /** @internal Resolves once sshd accepts connections. */
  async waitListening(timeoutMs = 15_000): Promise<void> {
    await this.sshd.waitListening(timeoutMs);
  }

  /** The tail of sshd's log, for failure messages. */
  get log(): string {
    return this.sshd.log;
  }

  /** The far URI of this host's KVM driver: its own embed root. */
  get kvmUri(): string {
    return `qemu:///embed?root=${this.root}`;
  }

  /** The shell command that runs the repo's CLI agent on this host (quoted for the remote shell). */
  agentCommand(farUri: string): string {
    const env = { TSX_TSCONFIG_PATH: join(repoRoot, 'packages/remote/tsconfig.json') };
    return `cd ${q(repoRoot)} && exec env ${Object.entries(env).map(([k, v]) => `${k}=${q(v)}`).join(' ')} ${q(process.execPath)} --import tsx ${q(join(repoRoot, 'packages/cli/src/bin.ts'))} agent --stdio --connect ${q(farUri)}`;
  }

  /**
   * `qemu+ssh://root@ADDR/embed?root=...&keyfile=...&known_hosts=...&command=...`:
   * this host's KVM driver on its own state root, through its sshd.
   */
  uri(extra: Record<string, string> = {}): string {
    const params: Record<string, string> = { root: this.root, keyfile: this.lab.clientKey, known_hosts: this.lab.knownHosts, command: this.agentCommand(this.kvmUri), ...extra };
    const qs = Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    return `qemu+ssh://root@${this.addr}/embed?${qs}`;
  }

  /** Pids of every process inside the namespace. */
  pids(): number[] {
    return nsPids(this.ns);
  }

  /** Pids in the namespace whose command line contains `needle`. */
  pidsMatching(needle: string): number[] {
    return this.pids().filter((p) => cmdline(p).includes(needle));
  }

  /** The per-connection sshd processes (everything sshd-ish except the listener). */
  sessionPids(): number[] {
    return this.sshd.sessionPids(this.pids());
  }

  /** @internal The listener's pid, when it still runs. */
  get sshdPid(): number | undefined {
    return this.sshd.pid;
  }
}

/** Two (or more) SSH test hosts as network namespaces on one private link; see the module description. */
export class NetnsLab {
  /** Random id in every name this lab creates. */
  readonly id = randomBytes(3).toString('hex');
  /** The first three octets of the lab's /24. */
  readonly subnet = `10.214.${1 + (randomBytes(1)[0]! % 250)}`;
  /** Temp dir holding everything on disk. */
  readonly dir = mkdtempSync(join(tmpdir(), 'pvlab-'));
  /** The switch namespace holding the bridge. */
  readonly switchNs = `pvsw-${this.id}`;
  /** This namespace's veth onto the lab link. */
  readonly vethHost = `pvl${this.id}r`;
  /** This namespace's address on the lab link. */
  readonly hostAddr = `${this.subnet}.254`;
  /** Client private key (authorized on every host). */
  readonly clientKey = join(this.dir, 'client_key');
  /** Authorized keys file shared by every host. */
  readonly authorizedKeys = join(this.dir, 'authorized_keys');
  /** known_hosts with every host's key. */
  readonly knownHosts = join(this.dir, 'known_hosts');
  /** The hosts, in the order given to {@link NetnsLab.setup}. */
  readonly hosts: LabHost[] = [];
  private readonly namespaces: string[] = [];
  private links: string[] = [];

  /** Creates the namespaces, the link, keys and sshds; resolves once every sshd accepts connections. */
  async setup(names: string[] = ['a', 'b']): Promise<LabHost[]> {
    const keygen = (f: string) => sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'pvlab-test', '-f', f]);
    const pub = (f: string) => readFileSync(`${f}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    keygen(this.clientKey);
    writeFileSync(this.authorizedKeys, readFileSync(`${this.clientKey}.pub`));

    const addNs = (ns: string) => {
      sh('ip', ['netns', 'add', ns]);
      this.namespaces.push(ns);
      sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    };
    addNs(this.switchNs);
    sh('ip', ['-n', this.switchNs, 'link', 'add', 'br0', 'type', 'bridge']);
    sh('ip', ['-n', this.switchNs, 'link', 'set', 'br0', 'up']);
    // Plugs `end` (already in namespace `ns`, or here when ns is undefined) into the bridge through a veth pair.
    const plug = (end: string, ns: string | undefined, addr: string) => {
      const port = `${end}s`;
      sh('ip', ['link', 'add', end, 'type', 'veth', 'peer', 'name', port]);
      this.links.push(end);
      sh('ip', ['link', 'set', port, 'netns', this.switchNs]);
      sh('ip', ['-n', this.switchNs, 'link', 'set', port, 'master', 'br0']);
      sh('ip', ['-n', this.switchNs, 'link', 'set', port, 'up']);
      const nsArgs = ns ? ['-n', ns] : [];
      if (ns) sh('ip', ['link', 'set', end, 'netns', ns]);
      sh('ip', [...nsArgs, 'addr', 'add', `${addr}/24`, 'dev', end]);
      sh('ip', [...nsArgs, 'link', 'set', end, 'up']);
    };
    plug(this.vethHost, undefined, this.hostAddr);

    const lines: string[] = ['# generated by netns-lab.ts'];
    names.forEach((n, i) => {
      const h = new LabHost(n, this, i);
      this.hosts.push(h);
      mkdirSync(h.dir, { recursive: true });
      keygen(join(h.dir, 'host_key'));
      lines.push(`${h.addr} ${pub(join(h.dir, 'host_key'))}`);
      addNs(h.ns);
      plug(h.veth, h.ns, h.addr);
      h.startSshd();
    });
    writeFileSync(this.knownHosts, `${lines.join('\n')}\n`);
    await Promise.all(this.hosts.map((h) => h.waitListening()));
    return this.hosts;
  }

  /** Kills every process in the lab's namespaces, deletes them, the veths and the temp dir. Idempotent; never throws. */
  teardown(): void {
    for (let round = 0; round < 5; round++) {
      const pids = this.namespaces.flatMap(nsPids);
      for (const h of this.hosts) if (h.sshdPid) pids.push(h.sshdPid);
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
    for (const l of this.links.splice(0)) if (existsSync(`/sys/class/net/${l}`)) trySh('ip', ['link', 'del', l]);
    for (const ns of this.namespaces.splice(0).reverse()) trySh('ip', ['netns', 'del', ns]);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** True when any namespace of the lab still exists (for the teardown check). */
  anyNamespaceLeft(): boolean {
    return [this.switchNs, ...this.hosts.map((h) => h.ns)].some((ns) => existsSync(`/run/netns/${ns}`));
  }
}
