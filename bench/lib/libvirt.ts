/**
 * A private libvirt 9.0 for the side-by-side benchmarks: installs the Debian
 * packages when missing, runs its own `virtlogd` + `libvirtd` inside a
 * private network namespace and a private mount namespace whose
 * `/etc/libvirt`, `/run/libvirt`, `/var/lib/libvirt`, `/var/cache/libvirt`
 * and `/var/log/libvirt` are bind mounts of a temporary directory (a root
 * libvirtd has those paths compiled in; only its sockets can be moved by
 * `libvirtd.conf`), and drives it through one long-lived python-libvirt
 * helper process ({@link LibvirtHelper}).
 *
 * Nothing is left behind: {@link LibvirtInstance.stop} kills every process
 * of the private mount namespace (daemons and the QEMUs they spawned), then
 * deletes the network namespace and the directory.
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The system python (python3-libvirt is installed for it, not for pyenv shims). */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const PACKAGES = ['libvirt-daemon-system', 'libvirt-clients', 'python3-libvirt'];

function run(argv: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): { status: number | null; out: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 600_000 });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/**
 * Installs libvirt's daemon, client and python bindings with apt-get when
 * they are missing. Returns what it did (for the report).
 */
export function ensureLibvirtPackages(log: (s: string) => void = console.log): string {
  const missing = PACKAGES.filter((p) => !/Status: install ok installed/.test(run(['dpkg-query', '-s', p]).out));
  const py = run([SYSTEM_PYTHON, '-c', 'import libvirt, libvirt_qemu']).status === 0;
  if (missing.length === 0 && py) return 'already installed';
  log(`installing ${missing.join(', ') || 'python3-libvirt'} with apt-get (one-time)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const upd = run(['apt-get', 'update', '-qq'], { env });
  if (upd.status !== 0) throw new Error(`apt-get update failed: ${upd.out.slice(-1000)}`);
  const inst = run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], { env });
  if (inst.status !== 0) throw new Error(`apt-get install failed: ${inst.out.slice(-1000)}`);
  return `installed ${PACKAGES.join(' ')}`;
}

/** The libvirt version string of the installed daemon. */
export function libvirtVersion(): string {
  return run(['libvirtd', '--version']).out.trim();
}

/** Mount points a privileged libvirtd uses, each backed by a sub-directory of the instance's directory. */
const BIND = [
  ['etc', '/etc/libvirt'],
  ['run', '/run/libvirt'],
  ['lib', '/var/lib/libvirt'],
  ['cache', '/var/cache/libvirt'],
  ['log', '/var/log/libvirt'],
] as const;

/** Runs in the private namespaces: bind mounts, virtlogd (daemon), then exec libvirtd (foreground, so its pid is ours). */
const LAUNCH_SCRIPT = `set -e
T="$1"
for m in etc:/etc/libvirt run:/run/libvirt lib:/var/lib/libvirt cache:/var/cache/libvirt log:/var/log/libvirt; do
  src="$T/\${m%%:*}"; dst="\${m#*:}"
  mkdir -p "$dst"
  mount --bind "$src" "$dst"
done
virtlogd -d -f /etc/libvirt/virtlogd.conf -p "$T/virtlogd.pid"
exec libvirtd -f /etc/libvirt/libvirtd.conf -p "$T/libvirtd.pid"
`;

/** A running private libvirtd. */
export class LibvirtInstance {
  /** Connection URI for python/virsh. */
  readonly uri: string;
  private daemon: ChildProcess | undefined;
  private mntNs: string | undefined;
  private stopped = false;

  private constructor(
    /** The temporary directory holding everything (sockets, state, logs). */
    readonly dir: string,
    /** The network namespace the daemons (and their QEMUs) run in. */
    readonly netns: string,
  ) {
    this.uri = `qemu:///system?socket=${dir}/libvirt-sock`;
  }

  /** Pid of libvirtd (for /proc/PID/status VmRSS). */
  get pid(): number {
    return this.daemon?.pid ?? 0;
  }

  /** Writes the configuration and starts virtlogd + libvirtd; resolves once the socket accepts connections. */
  static async start(): Promise<LibvirtInstance> {
    const dir = mkdtempSync(join(tmpdir(), 'pv-bench-libvirt-'));
    const inst = new LibvirtInstance(dir, `pvbench-${process.pid}`);
    try {
      await inst.launch();
    } catch (err) {
      inst.stop();
      throw err;
    }
    return inst;
  }

  private async launch(): Promise<void> {
    const d = this.dir;
    for (const [sub] of BIND) mkdirSync(join(d, sub), { recursive: true, mode: 0o700 });
    mkdirSync(join(d, 'etc/qemu/networks/autostart'), { recursive: true });
    writeFileSync(join(d, 'etc/libvirtd.conf'), [
      `unix_sock_dir = "${d}"`,
      'unix_sock_rw_perms = "0700"',
      'auth_unix_ro = "none"',
      'auth_unix_rw = "none"',
      'max_workers = 20',
      `log_outputs = "3:file:${d}/libvirtd.log"`,
      '',
    ].join('\n'));
    writeFileSync(join(d, 'etc/virtlogd.conf'), `log_outputs = "3:file:${d}/virtlogd.log"\n`);
    // user = "root": /dev/kvm is root-only here, which otherwise makes libvirt re-probe QEMU at every start.
    // No security driver, cgroups or per-domain mount namespaces: polyvisor uses none of them either.
    writeFileSync(join(d, 'etc/qemu.conf'), [
      'user = "root"',
      'group = "root"',
      'dynamic_ownership = 0',
      'remember_owner = 0',
      'security_driver = "none"',
      'namespaces = [ ]',
      'cgroup_controllers = [ ]',
      'stdio_handler = "logd"',
      '',
    ].join('\n'));
    // Drivers that would touch the host or start things on their own get empty configs.
    writeFileSync(join(d, 'etc/libvirt.conf'), '');
    const add = run(['ip', 'netns', 'add', this.netns]);
    if (add.status !== 0) throw new Error(`ip netns add ${this.netns}: ${add.out}`);
    run(['ip', '-n', this.netns, 'link', 'set', 'lo', 'up']);
    this.daemon = spawn('ip', ['netns', 'exec', this.netns, 'unshare', '--mount', '--propagation', 'private', 'sh', '-c', LAUNCH_SCRIPT, 'sh', d], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' },
    });
    let stderr = '';
    this.daemon.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const sock = join(d, 'libvirt-sock');
    const deadline = Date.now() + 30_000;
    while (!existsSync(sock)) {
      if (this.daemon.exitCode !== null) throw new Error(`libvirtd exited (${this.daemon.exitCode}): ${stderr}${this.tail('libvirtd.log')}`);
      if (Date.now() > deadline) throw new Error(`libvirtd did not create ${sock}: ${stderr}${this.tail('libvirtd.log')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    this.mntNs = nsOf(this.daemon.pid!, 'mnt');
    process.once('exit', () => this.stop());
  }

  private tail(f: string): string {
    try {
      return readFileSync(join(this.dir, f), 'utf8').slice(-1500);
    } catch {
      return '';
    }
  }

  /** Resident set size of libvirtd in KiB (VmRSS). */
  rssKiB(): number {
    return vmRssKiB(this.pid);
  }

  /** Pids of the QEMUs this libvirtd runs. */
  qemuPids(): number[] {
    return this.mntNs ? pidsInNs(this.mntNs).filter((p) => comm(p).startsWith('qemu')) : [];
  }

  /** Kills daemons and QEMUs (everything in the private mount namespace), deletes the netns and the directory. Idempotent, synchronous. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    const kill = (pid: number) => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    if (this.mntNs) for (const p of pidsInNs(this.mntNs)) if (p !== process.pid) kill(p);
    if (this.daemon?.pid) kill(this.daemon.pid);
    for (const f of ['virtlogd.pid', 'libvirtd.pid']) {
      const p = Number(readFileIfAny(join(this.dir, f)).trim());
      if (p > 1) kill(p);
    }
    // QEMU processes hold the netns open; wait until they are gone (or zombies) before deleting it.
    const deadline = Date.now() + 5000;
    while (this.mntNs && pidsInNs(this.mntNs).length > 0 && Date.now() < deadline) spawnSync('sleep', ['0.05']);
    run(['ip', 'netns', 'delete', this.netns]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function readFileIfAny(p: string): string {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}

function nsOf(pid: number, ns: string): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/${ns}`);
  } catch {
    return undefined;
  }
}

function comm(pid: number): string {
  return readFileIfAny(`/proc/${pid}/comm`).trim();
}

/** Live (non-zombie) pids whose mount namespace is `ns`. */
function pidsInNs(ns: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const pid = Number(d);
    if (nsOf(pid, 'mnt') !== ns) continue;
    const st = readFileIfAny(`/proc/${pid}/stat`);
    if (st && st[st.lastIndexOf(')') + 2] !== 'Z') out.push(pid);
  }
  return out;
}

/** VmRSS of a process in KiB (0 when gone). */
export function vmRssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileIfAny(`/proc/${pid}/status`));
  return m ? Number(m[1]) : 0;
}

/** A reply of the python helper. */
export interface HelperReply<T = unknown> {
  /** Time of the libvirt call(s), measured inside the helper. */
  ms: number;
  /** Operation-specific result. */
  result: T;
}

/**
 * The long-lived python-libvirt process: one JSON request per line on stdin,
 * one reply per line on stdout; timings are taken inside python.
 */
export class LibvirtHelper {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: HelperReply) => void; reject: (e: Error) => void }>();
  private stderr = '';

  private constructor(private readonly proc: ChildProcess) {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = JSON.parse(line) as { id: number; ok: boolean; ms?: number; result?: unknown; error?: string };
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (!w) return;
      if (m.ok) w.resolve({ ms: m.ms ?? 0, result: m.result });
      else w.reject(new Error(`libvirt: ${m.error}`));
    });
    proc.stderr!.on('data', (b: Buffer) => (this.stderr = (this.stderr + b.toString()).slice(-4000)));
    proc.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`libvirt helper exited (${code}): ${this.stderr}`));
      this.waiting.clear();
    });
  }

  /** Starts the helper and opens `uri` in it. */
  static async open(uri: string): Promise<LibvirtHelper> {
    const proc = spawn(SYSTEM_PYTHON, ['-u', join(HERE, 'libvirt_helper.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
    const h = new LibvirtHelper(proc);
    await h.call('open', { uri });
    return h;
  }

  /** Runs one operation; rejects with libvirt's error text. */
  call<T = unknown>(op: string, args: Record<string, unknown> = {}): Promise<HelperReply<T>> {
    const id = this.nextId++;
    return new Promise<HelperReply<T>>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (r: HelperReply) => void, reject });
      this.proc.stdin!.write(`${JSON.stringify({ id, op, args })}\n`);
    });
  }

  /** Pid of the helper process. */
  get pid(): number {
    return this.proc.pid ?? 0;
  }

  /** Closes the connection and ends the process. */
  async close(): Promise<void> {
    await this.call('close').catch(() => undefined);
    this.proc.stdin!.end();
    this.proc.kill('SIGKILL');
  }
}
