/**
 * QMP round-trip benchmark: QmpClient against a minimal raw-socket client on
 * the same real QEMU (`-machine none`, two QMP monitors, one per client).
 *
 *   npx tsx --tsconfig packages/driver-kvm/tsconfig.json bench/qmp-roundtrip.ts
 *
 * 1. Latency: `query-status` round trips, alternating QmpClient / raw, N each;
 *    reports medians and p90 and the median ratio (target ≤ 1.15×).
 * 2. Throughput: TOTAL commands pipelined in batches of BATCH in flight;
 *    reports commands/s for both clients (target ≥ 20k/s for QmpClient).
 *
 * Env: BENCH_N (2000), BENCH_TOTAL (20000), BENCH_BATCH (1000), BENCH_OOB (1: negotiate oob, as the client does by default).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QmpClient } from '../packages/driver-kvm/src/index.js';

const N = Number(process.env.BENCH_N ?? 2000);
const TOTAL = Number(process.env.BENCH_TOTAL ?? 20_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const OOB = (process.env.BENCH_OOB ?? '1') === '1';

/** The smallest useful QMP client: one line out, replies matched by id. */
class RawQmp {
  private buf = '';
  private nextId = 1;
  private readonly waiting = new Map<number, (v: unknown) => void>();
  private greeted!: () => void;
  readonly ready = new Promise<void>((r) => (this.greeted = r));
  constructor(private readonly sock: net.Socket) {
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      this.buf += d;
      let i: number;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        const m = JSON.parse(line) as { id?: number; return?: unknown; QMP?: unknown };
        if (m.QMP) this.greeted();
        else if (typeof m.id === 'number') {
          const w = this.waiting.get(m.id);
          this.waiting.delete(m.id);
          w?.(m.return);
        }
      }
    });
  }
  static async connect(path: string): Promise<RawQmp> {
    const sock = net.createConnection(path);
    await new Promise<void>((r, j) => sock.once('connect', r).once('error', j));
    const c = new RawQmp(sock);
    await c.ready;
    await c.run('qmp_capabilities', OOB ? { enable: ['oob'] } : undefined);
    return c;
  }
  run(execute: string, args?: object): Promise<unknown> {
    const id = this.nextId++;
    this.sock.write(JSON.stringify(args ? { execute, arguments: args, id } : { execute, id }) + '\n');
    return new Promise((r) => this.waiting.set(id, r));
  }
  close(): void {
    this.sock.destroy();
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

/** CPU time (user+system) of a process, in ms, from /proc/PID/stat. */
function procCpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks (USER_HZ = 100)
}

interface Throughput {
  /** Commands per second. */
  rate: number;
  /** Node CPU per command, µs. */
  nodeUs: number;
  /** QEMU CPU per command, µs. */
  qemuUs: number;
}

async function throughput(qemuPid: number, run: () => Promise<unknown>): Promise<Throughput> {
  const c0 = process.cpuUsage();
  const q0 = procCpuMs(qemuPid);
  const t0 = performance.now();
  for (let done = 0; done < TOTAL; done += BATCH) {
    const batch: Array<Promise<unknown>> = [];
    for (let i = 0; i < Math.min(BATCH, TOTAL - done); i++) batch.push(run());
    await Promise.all(batch);
  }
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { rate: TOTAL / (wall / 1000), nodeUs: ((c.user + c.system) / TOTAL), qemuUs: ((procCpuMs(qemuPid) - q0) * 1000) / TOTAL };
}

/** QEMU's own ceiling: pre-serialised lines written in one go, replies only counted (no JSON parsing). */
async function ceiling(qemuPid: number, path: string): Promise<Throughput> {
  const sock = net.createConnection(path);
  await new Promise<void>((r, j) => sock.once('connect', r).once('error', j));
  let lines = 0;
  let want = 0;
  let wake: (() => void) | undefined;
  sock.on('data', (d: Buffer) => {
    for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++;
    if (wake && lines >= want) wake();
  });
  const until = (n: number) =>
    new Promise<void>((r) => {
      want = n;
      wake = r;
      if (lines >= n) r();
    });
  await until(1); // greeting
  sock.write(JSON.stringify({ execute: 'qmp_capabilities', arguments: OOB ? { enable: ['oob'] } : {} }) + '\n');
  await until(2);
  const line = '{"execute":"query-status"}\n';
  const c0 = process.cpuUsage();
  const q0 = procCpuMs(qemuPid);
  const t0 = performance.now();
  for (let done = 0; done < TOTAL; done += BATCH) {
    sock.write(line.repeat(Math.min(BATCH, TOTAL - done)));
    await until(2 + Math.min(done + BATCH, TOTAL));
  }
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  sock.destroy();
  return { rate: TOTAL / (wall / 1000), nodeUs: (c.user + c.system) / TOTAL, qemuUs: ((procCpuMs(qemuPid) - q0) * 1000) / TOTAL };
}

/**
 * A replayed monitor in a child process: sends QEMU 7.2's recorded greeting and
 * answers every request at once with its recorded reply (id substituted). Lets
 * the client's own throughput be measured without QEMU's per-command cost.
 */
const REPLAY_MONITOR = `
const net = require('node:net');
const GREETING = '{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7+deb12u18+b3"}, "capabilities": ["oob"]}}\\r\\n';
const server = net.createServer((s) => {
  s.write(GREETING);
  let buf = '';
  s.setEncoding('utf8');
  s.on('data', (d) => {
    buf += d;
    let out = '';
    let i;
    while ((i = buf.indexOf('\\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const id = /"id":(\\d+)/.exec(line)?.[1];
      const cmd = /"execute":"([^"]+)"/.exec(line)?.[1];
      const ret = cmd === 'query-commands' ? '[{"name": "query-status"}, {"name": "qmp_capabilities"}, {"name": "query-commands"}]'
        : cmd === 'query-status' ? '{"status": "prelaunch", "singlestep": false, "running": false}' : '{}';
      out += '{"return": ' + ret + (id ? ', "id": ' + id : '') + '}\\r\\n';
    }
    if (out) s.write(out);
  });
  s.on('error', () => {});
});
server.listen(process.argv[1], () => process.send('ready'));
`;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'pv-bench-'));
  await chmod(dir, 0o700);
  const a = join(dir, 'a.sock');
  const b = join(dir, 'b.sock');
  const qemu = spawn(
    'qemu-system-x86_64',
    ['-machine', 'none', '-nodefaults', '-display', 'none', '-S', '-qmp', `unix:${a},server=on,wait=off`, '-qmp', `unix:${b},server=on,wait=off`],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const kill = () => qemu.kill('SIGKILL');
  process.once('exit', kill);
  try {
    const deadline = Date.now() + 10_000;
    while (!existsSync(a) || !existsSync(b)) {
      if (Date.now() > deadline || qemu.exitCode !== null) throw new Error('QEMU did not start');
      await new Promise((r) => setTimeout(r, 10));
    }
    const client = await QmpClient.connect({ path: a }, { oob: OOB });
    const raw = await RawQmp.connect(b);
    console.log(`QEMU ${JSON.stringify(client.greeting.version.qemu)}, oob negotiated: ${client.oobEnabled}, node ${process.version}`);

    // Warm-up (JIT, socket buffers).
    for (let i = 0; i < 300; i++) {
      await client.command('query-status');
      await raw.run('query-status');
    }

    const tc: number[] = [];
    const tr: number[] = [];
    for (let i = 0; i < N; i++) {
      // Alternate which goes first so neither always follows the other.
      const order = i % 2 === 0;
      for (const which of order ? ['c', 'r'] : ['r', 'c']) {
        const t0 = performance.now();
        if (which === 'c') await client.command('query-status');
        else await raw.run('query-status');
        (which === 'c' ? tc : tr).push(performance.now() - t0);
      }
    }
    const mc = pct(tc, 50);
    const mr = pct(tr, 50);
    console.log(`\nquery-status round trip, N=${N} each (alternating):`);
    console.log(`  QmpClient  median ${us(mc)}  p90 ${us(pct(tc, 90))}  p99 ${us(pct(tc, 99))}`);
    console.log(`  raw socket median ${us(mr)}  p90 ${us(pct(tr, 90))}  p99 ${us(pct(tr, 99))}`);
    console.log(`  ratio (median) ${(mc / mr).toFixed(3)}×  (target ≤ 1.15×) ${mc / mr <= 1.15 ? 'OK' : 'MISSED'}`);

    const rounds = 3;
    const rc: Throughput[] = [];
    const rr: Throughput[] = [];
    for (let i = 0; i < rounds; i++) {
      rc.push(await throughput(qemu.pid!, () => client.command('query-status')));
      rr.push(await throughput(qemu.pid!, () => raw.run('query-status')));
    }
    // The ceiling needs a monitor of its own: QEMU 7.2 serves one client per monitor.
    raw.close();
    await new Promise((r) => setTimeout(r, 50));
    const top = await ceiling(qemu.pid!, b);
    const best = (xs: Throughput[]) => xs.reduce((m, x) => (x.rate > m.rate ? x : m));
    const fmt = (t: Throughput) => `${Math.round(t.rate).toLocaleString('en')} cmds/s  (node CPU ${t.nodeUs.toFixed(1)} µs/cmd, QEMU CPU ${t.qemuUs.toFixed(1)} µs/cmd)`;
    console.log(`\npipelined query-status, ${TOTAL} commands in batches of ${BATCH} in flight (best of ${rounds}):`);
    console.log(`  QmpClient  ${fmt(best(rc))}  runs: ${rc.map((x) => Math.round(x.rate)).join(', ')}  (target ≥ 20,000) ${best(rc).rate >= 20_000 ? 'OK' : 'MISSED'}`);
    console.log(`  raw socket ${fmt(best(rr))}  runs: ${rr.map((x) => Math.round(x.rate)).join(', ')}`);
    console.log(`  QEMU ceiling (pre-serialised blast, replies not parsed) ${fmt(top)}`);

    await client.close();

    // The client's own capacity, against a replayed monitor in another process.
    const fakePath = join(dir, 'replay.sock');
    const fake = spawn(process.execPath, ['-e', REPLAY_MONITOR, fakePath], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    try {
      await new Promise((r, j) => fake.once('message', r).once('exit', j));
      const fc = await QmpClient.connect({ path: fakePath });
      const fr: Throughput[] = [];
      for (let i = 0; i < rounds; i++) fr.push(await throughput(fake.pid!, () => fc.command('query-status')));
      const f = best(fr);
      console.log(`  QmpClient vs replayed monitor (no QEMU) ${Math.round(f.rate).toLocaleString('en')} cmds/s  (node CPU ${f.nodeUs.toFixed(1)} µs/cmd, replay process ${f.qemuUs.toFixed(1)} µs/cmd)`);
      await fc.close();
    } finally {
      fake.kill('SIGKILL');
    }
  } finally {
    kill();
    await new Promise((r) => (qemu.exitCode !== null || qemu.signalCode !== null ? r(undefined) : qemu.once('exit', r)));
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
