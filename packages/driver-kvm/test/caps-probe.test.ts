/**
 * QMP capability probing: libvirt's recorded QEMU 10.0.0 probe replayed
 * through a fake QMP server and compared with libvirt's own summary
 * (`caps_10.0.0_x86_64.xml`), then the real local QEMU.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPolyvisorError } from '@polyvisor/core';
import {
  capsFromQmpReplies,
  kvmUsable,
  loadLibvirtCapsXml,
  probeCapsOverQmp,
  probeQemuCaps,
  probeQemuCapsQmp,
  qmpReplyKey,
  QmpReplyError,
  type QemuAccel,
  type QemuCaps,
} from '../src/qemu/index.js';
import { QmpClient } from '../src/qmp/client.js';
import { QMP_COMMAND_META, QMP_COMMAND_NAMES } from '../src/qmp/generated/qapi.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const DATA = path.resolve(repo, '../shared/peer-data/libvirt/qemucapabilitiesdata');
const REPLIES = path.join(DATA, 'caps_10.0.0_x86_64.replies');
const CAPS_XML = path.join(DATA, 'caps_10.0.0_x86_64.xml');
const QEMU = '/usr/bin/qemu-system-x86_64';

// ---------------------------------------------------------------------------
// The recording and a fake QMP server serving it

interface Exchange {
  command: string;
  args?: Record<string, unknown>;
  reply: { return?: unknown; error?: { class: string; desc: string } };
}

function readRecording(text: string): Exchange[] {
  const msgs = text
    .split(/\n\s*\n/)
    .filter((c) => c.trim() !== '')
    .map((c) => JSON.parse(c) as Record<string, unknown>);
  const out: Exchange[] = [];
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i]!;
    if (typeof m.execute !== 'string') continue;
    const reply = msgs[i + 1] as Exchange['reply'] | undefined;
    if (!reply || (!('return' in reply) && !('error' in reply))) throw new Error(`command ${m.execute} has no reply`);
    out.push({ command: m.execute, ...(m.arguments ? { args: m.arguments as Record<string, unknown> } : {}), reply });
    i++;
  }
  return out;
}

/** Serves recorded replies by command + arguments, in recorded order when a command repeats. */
class FakeQmpServer {
  readonly asked: string[] = [];
  readonly unanswered: string[] = [];
  private server: Server | undefined;
  private readonly queues = new Map<string, Exchange['reply'][]>();
  private readonly used = new Map<string, number>();
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly exchanges: Exchange[],
    private readonly greeting: object,
    private readonly commandNames: string[],
  ) {
    for (const e of exchanges) {
      const k = qmpReplyKey(e.command, e.args);
      if (!this.queues.has(k)) this.queues.set(k, []);
      this.queues.get(k)!.push(e.reply);
    }
  }

  listen(sock: string): Promise<void> {
    this.server = createServer((s) => this.serve(s));
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(sock, () => resolve());
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private serve(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
    s.write(JSON.stringify(this.greeting) + '\n');
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) s.write(JSON.stringify(this.answer(JSON.parse(line) as Record<string, unknown>)) + '\n');
      }
    });
  }

  private answer(msg: Record<string, unknown>): object {
    const id = msg.id;
    const command = (msg.execute ?? msg['exec-oob']) as string;
    const args = msg.arguments as Record<string, unknown> | undefined;
    // Negotiation and the client's own command list are not part of libvirt's recording.
    if (command === 'qmp_capabilities') return { return: {}, id };
    if (command === 'query-commands') return { return: this.commandNames.map((name) => ({ name })), id };
    const key = qmpReplyKey(command, args);
    this.asked.push(key);
    const q = this.queues.get(key);
    if (!q) {
      this.unanswered.push(key);
      return { error: { class: 'CommandNotFound', desc: `not in the recording: ${key}` }, id };
    }
    const n = this.used.get(key) ?? 0;
    this.used.set(key, n + 1);
    return { ...q[Math.min(n, q.length - 1)], id };
  }
}

// ---------------------------------------------------------------------------
// Which flags the renderer checks (read from its sources, so new checks are covered)

function rendererFlags(): string[] {
  const dir = path.join(repo, 'packages/driver-kvm/src/qemu');
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.ts')) files.push(path.join(d, e.name));
    }
  };
  walk(dir);
  const flags = new Set<string>();
  const re = /(?:\bhasCap\(\s*[\w.]+\s*,\s*|\.cap\(\s*)(['"`])([^'"`]+)\1/g;
  for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(re)) flags.add(m[2]!);
  return [...flags].sort();
}

/**
 * Flags libvirt 11.3 reports for QEMU 10.0.0 that cannot be derived from the
 * QMP replies the way libvirt derives them, each with the reason. Nothing the
 * renderer checks may be listed here. Empty: every flag libvirt reports for
 * this recording is derived from it.
 */
const LIBVIRT_ONLY_ALLOWED: Record<string, string> = {};

/** Flags we derive that libvirt 11.3 does not report for this recording, with the reason. Empty as well. */
const OURS_ONLY_ALLOWED: Record<string, string> = {};

function machineView(caps: QemuCaps, accel: QemuAccel) {
  return caps.machines[accel].map((m) => ({ ...m })).sort((a, b) => a.name.localeCompare(b.name));
}

// ---------------------------------------------------------------------------

describe('QMP capability probe (replayed exchange)', () => {
  let exchanges: Exchange[];
  let libvirt: QemuCaps;
  let ours: QemuCaps;
  let server: FakeQmpServer;
  let dir: string;
  let schemaCommands: string[];

  beforeAll(async () => {
    exchanges = readRecording(await readFile(REPLIES, 'utf8'));
    libvirt = loadLibvirtCapsXml(await readFile(CAPS_XML, 'utf8'));
    const schema = exchanges.find((e) => e.command === 'query-qmp-schema')!.reply.return as Array<{ name: string; 'meta-type': string }>;
    schemaCommands = schema.filter((e) => e['meta-type'] === 'command').map((e) => e.name);
    const version = exchanges.find((e) => e.command === 'query-version')!.reply.return as object;
    // The recording starts at qmp_capabilities, so it has no greeting: use a QEMU 10.0 one.
    server = new FakeQmpServer(exchanges, { QMP: { version, capabilities: ['oob'] } }, schemaCommands);
    dir = await mkdtemp(path.join(tmpdir(), 'pv-capsreplay-'));
    const sock = path.join(dir, 'qmp.sock');
    await server.listen(sock);
    // libvirt probed twice: KVM first (the whole sequence), then TCG only (libvirt-1.. again).
    const kvmMon = await QmpClient.connect({ path: sock });
    const tcgMon = await QmpClient.connect({ path: sock });
    try {
      ours = await probeCapsOverQmp(kvmMon, { accelClients: { tcg: tcgMon } });
    } finally {
      await kvmMon.close();
      await tcgMon.close();
    }
  });

  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('asks only what libvirt asked', () => {
    expect(server.unanswered).toEqual([]);
    expect(server.asked.length).toBeGreaterThan(30);
  });

  it('has the same version, package and arch', () => {
    expect(ours.version).toBe(10_000_000);
    expect(ours.version).toBe(libvirt.version);
    expect(ours.package).toBe(libvirt.package);
    expect(ours.arch).toBe(libvirt.arch);
  });

  it.each(['kvm', 'tcg'] as const)('has the same %s machine types (names, default, aliases, limits)', (accel) => {
    const a = machineView(ours, accel);
    const b = machineView(libvirt, accel);
    expect(a.map((m) => m.name)).toEqual(b.map((m) => m.name));
    expect(a.filter((m) => m.isDefault).map((m) => m.name)).toEqual(['pc-i440fx-10.0']);
    expect(ours.machines[accel][0]!.name).toBe(libvirt.machines[accel][0]!.name);
    expect(Object.fromEntries(a.filter((m) => m.alias).map((m) => [m.alias, m.name]))).toEqual(Object.fromEntries(b.filter((m) => m.alias).map((m) => [m.alias, m.name])));
    expect(a).toEqual(b);
  });

  it.each(['kvm', 'tcg'] as const)('has the same %s CPU models (names, usability, blockers)', (accel) => {
    expect(ours.cpuModels[accel].map((c) => c.name)).toEqual(libvirt.cpuModels[accel].map((c) => c.name));
    expect(ours.cpuModels[accel]).toEqual(libvirt.cpuModels[accel]);
  });

  it('finds the host CPU expansions and Hyper-V enlightenments', () => {
    expect(ours.hostCpu.kvm?.model).toBe(libvirt.hostCpu.kvm?.model);
    expect(ours.hostCpu.tcg?.model).toBe(libvirt.hostCpu.tcg?.model);
    expect(Object.keys(ours.hostCpu.kvm!.props).sort()).toEqual(Object.keys(libvirt.hostCpu.kvm!.props).sort());
    expect(ours.hypervCaps).toEqual(libvirt.hypervCaps);
  });

  it('derives the capability flags libvirt derives', () => {
    const onlyLibvirt = [...libvirt.flags].filter((f) => !ours.flags.has(f)).sort();
    const onlyOurs = [...ours.flags].filter((f) => !libvirt.flags.has(f)).sort();
    const agree = [...libvirt.flags].filter((f) => ours.flags.has(f)).length;
    const checked = rendererFlags();
    console.log(
      `flags: libvirt ${libvirt.flags.size}, ours ${ours.flags.size}, agree ${agree}; only libvirt: [${onlyLibvirt.join(' ')}]; only ours: [${onlyOurs.join(' ')}]; ` +
        `renderer checks ${checked.length}: ${checked.map((f) => `${f}=${ours.flags.has(f) === libvirt.flags.has(f) ? 'agree' : 'DIFFER'}`).join(' ')}`,
    );
    expect(checked.length).toBeGreaterThan(0);
    for (const f of checked) {
      expect(Object.keys(LIBVIRT_ONLY_ALLOWED)).not.toContain(f);
      expect(ours.flags.has(f), `renderer flag ${f}`).toBe(libvirt.flags.has(f));
    }
    expect(onlyLibvirt).toEqual(Object.keys(LIBVIRT_ONLY_ALLOWED).sort());
    expect(onlyOurs).toEqual(Object.keys(OURS_ONLY_ALLOWED).sort());
  });

  it('gives the same record when the recording is fed to capsFromQmpReplies directly', () => {
    // The recording as a replies map: the first pass plainly keyed, the second (TCG) pass prefixed.
    const replies = new Map<string, unknown>();
    let sessions = 0;
    for (const e of exchanges) {
      if (e.command === 'qmp_capabilities') {
        sessions++;
        continue;
      }
      const pass: QemuAccel | undefined = sessions > 1 ? 'tcg' : undefined;
      const v = e.reply.error ? new QmpReplyError(e.reply.error.class, e.reply.error.desc) : e.reply.return;
      replies.set(qmpReplyKey(e.command, e.args, pass), v);
    }
    const direct = capsFromQmpReplies(replies);
    expect([...direct.flags].sort()).toEqual([...ours.flags].sort());
    expect(direct.machines).toEqual(ours.machines);
    expect(direct.cpuModels).toEqual(ours.cpuModels);
    expect(direct.hostCpu).toEqual(ours.hostCpu);
  });

  it('agrees with the generated QMP command list (minus target-conditional commands)', () => {
    const generated = new Set<string>(QMP_COMMAND_NAMES);
    expect(schemaCommands.filter((c) => !generated.has(c))).toEqual([]);
    const recorded = new Set(schemaCommands);
    const missing = QMP_COMMAND_NAMES.filter((c) => !recorded.has(c));
    for (const c of missing) expect(QMP_COMMAND_META[c].if, c).toMatch(/TARGET_(?!I386\b)|CONFIG_WIN32/);
    expect(missing.length).toBeLessThan(10);
  });
});

// ---------------------------------------------------------------------------

/** Pids of our own children whose command line mentions `needle`. */
function childrenMentioning(needle: string): number[] {
  const out: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      if (Number(/PPid:\s*(\d+)/.exec(status)?.[1]) !== process.pid) continue;
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(needle)) out.push(Number(p));
    } catch {
      /* gone */
    }
  }
  return out;
}

if (!existsSync(QEMU)) {
  describe('QMP capability probe prerequisites', () => {
    it(`has ${QEMU} (install qemu-system-x86)`, () => {
      throw new Error(`cannot probe a real QEMU: ${QEMU} is missing`);
    });
  });
}

describe.skipIf(!existsSync(QEMU))('QMP capability probe (real QEMU 7.2)', { timeout: 60_000 }, () => {
  let parent: string;
  let caps: QemuCaps;
  let help: QemuCaps;

  beforeAll(async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'pv-capsprobe-'));
    [caps, help] = await Promise.all([probeQemuCapsQmp(QEMU, { tmpDir: parent }), probeQemuCaps(QEMU)]);
  });

  afterAll(async () => {
    if (parent) await rm(parent, { recursive: true, force: true });
  });

  it('reads version, machines and CPU models', () => {
    expect(caps.emulator).toBe(QEMU);
    expect(caps.version).toBeGreaterThanOrEqual(7_002_000);
    expect(caps.version).toBeLessThan(7_003_000);
    expect(caps.version).toBe(help.version);
    expect(caps.arch).toBe('x86_64');
    for (const accel of ['tcg', 'kvm'] as const) {
      const list = caps.machines[accel];
      const pc = list.find((m) => m.alias === 'pc');
      const q35 = list.find((m) => m.alias === 'q35');
      expect(pc?.name).toMatch(/^pc-i440fx-7\.2$/);
      expect(q35?.name).toMatch(/^pc-q35-7\.2$/);
      expect(list.filter((m) => m.isDefault)).toEqual([pc]);
      expect(list.find((m) => m.name === 'none')).toBeUndefined();
      expect(caps.cpuModels[accel].find((c) => c.name === 'qemu64')).toMatchObject({ typename: 'qemu64-x86_64-cpu' });
    }
    // Usability under KVM depends on the host CPU; TCG emulates every qemu64 feature.
    expect(caps.cpuModels.tcg.find((c) => c.name === 'qemu64')?.usable).toBe(true);
    // Same machine names as `-machine help` (which also lists `none`).
    expect(caps.machines.tcg.map((m) => m.name).sort()).toEqual(help.machines.tcg.map((m) => m.name).filter((n) => n !== 'none').sort());
  });

  it('finds the devices the help-based probe finds', async () => {
    for (const f of ['virtio-net', 'qemu-xhci', 'pcie-root-port', 'pcie-pci-bridge', 'lsi', 'cirrus-vga', 'virtio-pci-non-transitional', 'seccomp-sandbox', 'tcg']) {
      expect(caps.flags.has(f), f).toBe(true);
    }
    const kvmOk = await kvmUsable();
    expect(caps.flags.has('kvm')).toBe(kvmOk);
    const missing = [...help.flags].filter((f) => !caps.flags.has(f) && !(f === 'kvm' && !kvmOk));
    expect(missing).toEqual([]);
  });

  it('leaves no QEMU and no socket directory behind', () => {
    expect(childrenMentioning(parent)).toEqual([]);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('cleans up on abort and on a failing binary', async () => {
    const ac = new AbortController();
    const p = probeQemuCapsQmp(QEMU, { tmpDir: parent, signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    // Either the abort landed or the probe was already done.
    if (err !== undefined) expect(isPolyvisorError(err) && err.code).toBe('ABORTED');
    await expect(probeQemuCapsQmp('/bin/false', { tmpDir: parent })).rejects.toMatchObject({ code: 'OPERATION_FAILED' });
    await expect(probeQemuCapsQmp(QEMU, { tmpDir: parent, timeoutMs: 1 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(childrenMentioning(parent)).toEqual([]);
    expect(readdirSync(parent)).toEqual([]);
  });
});
