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
import { existsSync } from 'node:fs';
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

async function throughput(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  for (let done = 0; done < TOTAL; done += BATCH) {
    const batch: Array<Promise<unknown>> = [];
    for (let i = 0; i < Math.min(BATCH, TOTAL - done); i++) batch.push(run());
    await Promise.all(batch);
  }
  return TOTAL / ((performance.now() - t0) / 1000);
}

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
    const rc: number[] = [];
    const rr: number[] = [];
    for (let i = 0; i < rounds; i++) {
      rc.push(await throughput(() => client.command('query-status')));
      rr.push(await throughput(() => raw.run('query-status')));
    }
    const best = (xs: number[]) => Math.max(...xs);
    console.log(`\npipelined query-status, ${TOTAL} commands in batches of ${BATCH} in flight (best of ${rounds}):`);
    console.log(`  QmpClient  ${Math.round(best(rc)).toLocaleString('en')} cmds/s  (runs: ${rc.map((x) => Math.round(x)).join(', ')})  (target ≥ 20,000) ${best(rc) >= 20_000 ? 'OK' : 'MISSED'}`);
    console.log(`  raw socket ${Math.round(best(rr)).toLocaleString('en')} cmds/s  (runs: ${rr.map((x) => Math.round(x)).join(', ')})`);

    raw.close();
    await client.close();
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
