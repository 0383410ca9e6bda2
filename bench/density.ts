/**
 * Density: 25, 50, 100 running test guests (96 MiB, TCG) under one polyvisor
 * process and under one libvirtd. At each step: manager RSS per guest
 * (polyvisor: `process.memoryUsage().rss` delta after GC; libvirtd:
 * `/proc/PID/status` VmRSS delta), list + bulk-stats latency, start
 * throughput with 4 starts in flight, and the time until the `started`
 * lifecycle event of every guest arrived; at the end, the time to destroy
 * them all and receive every `stopped` event.
 *
 *   npx tsx --tsconfig packages/driver-kvm/tsconfig.json bench/density.ts
 *   BENCH_QUICK=1 …   (steps 10, 25; no waiting for boot)
 *
 * "Running" means QEMU was started and `cont` done (the start call
 * returned); the guests then boot concurrently. Before measuring a step the
 * benchmark waits (bounded) for the guests' boot marker, so list/stats are
 * measured against booted guests where possible; the report gives how many
 * had booted. MemAvailable is checked before each step; the run stops early
 * (and says so) when the next step would not fit.
 *
 * Env: BENCH_QUICK=1, BENCH_DENSITY_STEPS (e.g. "25,50,100"), BENCH_BOOT_WAIT_S.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openConnection, type Connection, type Domain } from '@polyvisor/core';
import { kvmDriver } from '../packages/driver-kvm/src/index.js';
import { ensureGuest, guestDomainXml, killQemusMentioning } from '../packages/driver-kvm/test/fixtures/guest.js';
import { LibvirtHelper, LibvirtInstance, ensureLibvirtPackages, libvirtVersion } from './lib/libvirt.js';
import { writeResults, type DensityPoint, type DensitySection, type TargetResult } from './lib/report.js';
import { fmtMs, memAvailableMiB, pool, sleep, summarize } from './lib/stats.js';

const QUICK = process.env.BENCH_QUICK === '1';
const STEPS = (process.env.BENCH_DENSITY_STEPS ?? (QUICK ? '10,25' : '25,50,100')).split(',').map(Number);
/** Upper bound on waiting for a step's guests to boot (the wait ends as soon as all have). */
const BOOT_WAIT_S = Number(process.env.BENCH_BOOT_WAIT_S ?? (QUICK ? 0 : 300));
const GUEST_MIB = 96;
/** What one more running TCG guest costs the host (guest RAM + QEMU + TCG code cache), conservatively. */
const PER_GUEST_MIB = GUEST_MIB + 100;
const RESERVE_MIB = 1536;
const CONC = 4;
const SAMPLES = 5;
const log = (s: string) => console.log(`[density] ${s}`);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const settledRss = async (): Promise<number> => {
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(20);
  }
  return process.memoryUsage().rss;
};
/** What the JS side holds after GC: V8 heap in use plus external memory and array buffers, bytes. */
const heapBytes = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};

const MARKER = 'POLYVISOR-GUEST-READY';

/** Counts serial logs holding the marker, waiting up to `timeoutS`. */
async function waitBooted(serials: string[], timeoutS: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const deadline = performance.now() + timeoutS * 1000;
  let pending = [...serials];
  for (;;) {
    const rest: string[] = [];
    for (const p of pending) if (!(await readFile(p, 'utf8').catch(() => '')).includes(MARKER)) rest.push(p);
    pending = rest;
    if (!pending.length || performance.now() >= deadline) return serials.length - pending.length;
    await sleep(250);
  }
}

/** Upper bound on waiting, after the boots, for the host's run queue to drain. */
const SETTLE_S = Number(process.env.BENCH_SETTLE_S ?? (QUICK ? 0 : 90));

/** Runnable threads right now (/proc/loadavg's fourth field, minus this reader). */
async function runnableNow(): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const f = (await readFile('/proc/loadavg', 'utf8')).split(' ')[3] ?? '0/0';
  return Math.max(0, Number(f.split('/')[0]) - 1);
}

/**
 * After the boots, waits (up to `timeoutS`) until the run queue is short —
 * at most three runnable threads per core in three samples in a row — so
 * list/stats latency is measured against idle guests rather than against
 * the scheduler's backlog of a boot storm. Returns the last sample.
 */
async function waitQuiet(timeoutS: number): Promise<number> {
  const limit = 3 * (await import('node:os')).cpus().length;
  const deadline = performance.now() + timeoutS * 1000;
  let calm = 0;
  let last = await runnableNow();
  while (performance.now() < deadline) {
    last = await runnableNow();
    calm = last <= limit ? calm + 1 : 0;
    if (calm >= 3) break;
    await sleep(500);
  }
  return last;
}

/** True when `more` guests fit into MemAvailable with a reserve; otherwise the reason. */
async function fits(more: number): Promise<string | undefined> {
  const avail = await memAvailableMiB();
  const need = more * PER_GUEST_MIB + RESERVE_MIB;
  return avail >= need ? undefined : `MemAvailable ${avail} MiB < ${need} MiB needed for ${more} more guests (${PER_GUEST_MIB} MiB each + ${RESERVE_MIB} MiB reserve)`;
}

interface SideResult {
  points: Map<number, DensityPoint>;
  teardown?: { callsMs: number; allEventsMs: number };
  stoppedEarly?: string;
}

async function runPolyvisor(base: string): Promise<SideResult> {
  const root = join(base, 'pv');
  const conn: Connection = await openConnection(`qemu:///embed?root=${root}`, { drivers: [kvmDriver], driverOptions: { autostart: false } });
  const res: SideResult = { points: new Map() };
  const startedAt = new Map<string, number>();
  const stoppedAt = new Map<string, number>();
  conn.onEvent((ev) => {
    if (ev.kind !== 'domain') return;
    if (ev.type === 'started') startedAt.set(ev.domain.name, performance.now());
    if (ev.type === 'stopped') stoppedAt.set(ev.domain.name, performance.now());
  });
  const doms: Domain[] = [];
  const serials: string[] = [];
  try {
    // Warm-up: one define/start/destroy/undefine so code paths are compiled before the baseline.
    const w = await conn.domains.define(guestDomainXml('dens-warm', { serialLog: join(base, 'pv-warm.serial'), memoryMiB: GUEST_MIB }));
    await w.start();
    await w.destroy();
    await w.undefine();
    await conn.domains.list();
    const rss0 = await settledRss();
    for (const n of STEPS) {
      try {
        await polyvisorStep(n);
      } catch (err) {
        res.stoppedEarly = `polyvisor failed at ${n} guests: ${(err as Error).message}`;
        log(res.stoppedEarly);
        break;
      }
      if (res.stoppedEarly) break;
    }
    async function polyvisorStep(n: number): Promise<void> {
      const more = n - doms.length;
      const why = await fits(more);
      if (why) {
        res.stoppedEarly = `polyvisor stopped before ${n} guests: ${why}`;
        return;
      }
      const batch: Domain[] = [];
      for (let i = doms.length; i < n; i++) {
        const serial = join(base, `pv-${i}.serial`);
        serials.push(serial);
        batch.push(await conn.domains.define(guestDomainXml(`dens-pv-${String(i).padStart(3, '0')}`, { serialLog: serial, memoryMiB: GUEST_MIB })));
      }
      const returned = new Map<string, number>();
      const t0 = performance.now();
      await pool(batch, CONC, async (d) => {
        await d.start();
        returned.set(d.name, performance.now());
      });
      const callsMs = performance.now() - t0;
      while (batch.some((d) => !startedAt.has(d.name)) && performance.now() - t0 < callsMs + 30_000) await sleep(1);
      const evAll = Math.max(...batch.map((d) => startedAt.get(d.name) ?? Infinity)) - t0;
      const lag = Math.max(...batch.map((d) => (startedAt.get(d.name) ?? Infinity) - returned.get(d.name)!));
      doms.push(...batch);
      const booted = await waitBooted(serials, BOOT_WAIT_S);
      const runnable = await waitQuiet(SETTLE_S);
      const rss = await settledRss();
      const heapAfterGc = heapBytes();
      for (let i = 0; i < 2; i++) await conn.domains.getAllStats();
      const ls: number[] = [];
      let partial = 0;
      for (let i = 0; i < SAMPLES; i++) {
        const t = performance.now();
        const st = await conn.domains.getAllStats();
        ls.push(performance.now() - t);
        if (st.length !== n) throw new Error(`bulk stats returned ${st.length} of ${n}`);
        partial = Math.max(partial, st.filter((x) => !x.vcpus).length);
      }
      const p: DensityPoint = {
        running: n, rssDeltaKiB: (rss - rss0) / 1024, rssPerGuestKiB: (rss - rss0) / 1024 / n, rssKiB: rss / 1024, heapKiB: heapAfterGc / 1024, listStats: summarize(ls),
        startPerSec: batch.length / (callsMs / 1000), startedEventsMs: evAll, maxEventLagMs: lag, booted, load1: loadavg()[0]!, runnable,
      };
      if (partial) p.partialStats = partial;
      res.points.set(n, p);
      log(`polyvisor ${n}:${partial ? ` (${partial} answered partially)` : ''} RSS/guest ${p.rssPerGuestKiB.toFixed(0)} KiB, list+stats ${fmtMs(p.listStats.median)}, ${p.startPerSec.toFixed(1)} starts/s, all started events ${fmtMs(evAll)}, booted ${booted}/${n}, load ${p.load1?.toFixed(1)}`);
    }
    const t0 = performance.now();
    await pool(doms, 16, (d) => d.destroy().catch(() => undefined));
    const callsMs = performance.now() - t0;
    while (doms.some((d) => !stoppedAt.has(d.name)) && performance.now() - t0 < callsMs + 30_000) await sleep(1);
    res.teardown = { callsMs, allEventsMs: Math.max(...doms.map((d) => stoppedAt.get(d.name) ?? Infinity)) - t0 };
    for (const d of doms) await d.undefine().catch(() => undefined);
  } finally {
    for (const d of await conn.domains.list({ active: true }).catch(() => [] as Domain[])) await d.destroy().catch(() => undefined);
    await conn.close({ timeoutMs: 120_000 }).catch((err: unknown) => log(`polyvisor close: ${(err as Error).message}`));
    killQemusMentioning(root);
  }
  return res;
}

async function runLibvirt(base: string, lv: LibvirtInstance): Promise<SideResult> {
  const h = await LibvirtHelper.open(lv.uri);
  const res: SideResult = { points: new Map() };
  let running = 0;
  const serials: string[] = [];
  const names: string[] = [];
  try {
    await h.call('capabilities');
    const warmSerial = join(base, 'lv-warm.serial');
    await h.call('define', { xml: guestDomainXml('dens-warm', { serialLog: warmSerial, memoryMiB: GUEST_MIB }) });
    await h.call('start', { name: 'dens-warm' });
    await h.call('destroy', { name: 'dens-warm' });
    await h.call('undefine', { name: 'dens-warm' });
    await h.call('list');
    await sleep(500);
    const rss0 = lv.rssKiB();
    for (const n of STEPS) {
      try {
        if (!(await libvirtStep(n))) break;
      } catch (err) {
        res.stoppedEarly = `libvirt failed at ${n} guests: ${(err as Error).message}`;
        log(res.stoppedEarly);
        break;
      }
    }
    async function libvirtStep(n: number): Promise<boolean> {
      const why = await fits(n - running);
      if (why) {
        res.stoppedEarly = `libvirt stopped before ${n} guests: ${why}`;
        return false;
      }
      const batch: string[] = [];
      for (let i = running; i < n; i++) {
        const serial = join(base, `lv-${i}.serial`);
        const name = `dens-lv-${String(i).padStart(3, '0')}`;
        serials.push(serial);
        batch.push(name);
        await h.call('define', { xml: guestDomainXml(name, { serialLog: serial, memoryMiB: GUEST_MIB }) });
      }
      const r = await h.call<{ callsMs: number; allEventsMs: number; missingEvents: number; maxEventLagMs: number | null }>('start_many', { names: batch, concurrency: CONC });
      names.push(...batch);
      running = n;
      const booted = await waitBooted(serials, BOOT_WAIT_S);
      const runnable = await waitQuiet(SETTLE_S);
      await sleep(200);
      const rss = lv.rssKiB();
      for (let i = 0; i < 2; i++) await h.call('bulk_stats');
      const ls: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const x = await h.call<number>('bulk_stats');
        if (x.result !== n) throw new Error(`libvirt bulk stats returned ${x.result} of ${n}`);
        ls.push(x.ms);
      }
      const p: DensityPoint = {
        running: n, rssDeltaKiB: rss - rss0, rssPerGuestKiB: (rss - rss0) / n, rssKiB: rss, listStats: summarize(ls),
        startPerSec: batch.length / (r.result.callsMs / 1000), startedEventsMs: r.result.allEventsMs, ...(r.result.maxEventLagMs !== null ? { maxEventLagMs: r.result.maxEventLagMs } : {}), booted, load1: loadavg()[0]!, runnable,
      };
      res.points.set(n, p);
      log(`libvirtd ${n}: RSS/guest ${p.rssPerGuestKiB.toFixed(0)} KiB, list+stats ${fmtMs(p.listStats.median)}, ${p.startPerSec.toFixed(1)} starts/s, all started events ${fmtMs(p.startedEventsMs)}, booted ${booted}/${n}, load ${p.load1?.toFixed(1)}`);
      return true;
    }
    const t = await h.call<{ callsMs: number; allEventsMs: number }>('destroy_many', { names, concurrency: 16 });
    res.teardown = { callsMs: t.result.callsMs, allEventsMs: t.result.allEventsMs };
  } finally {
    await h.call('cleanup').catch(() => undefined);
    await h.close();
  }
  return res;
}

/**
 * Memory per managed guest as the marginal cost between the first and the
 * last step ((RSS(last) − RSS(first)) / (last − first)): the fixed cost of
 * the process, the warm-up and the JIT cancel out, which a delta against the
 * idle baseline divided by N does not (Node's RSS can even shrink below the
 * baseline when the warm-up heap is returned). The V8 heap slope is given
 * too; it is what the driver's per-domain state costs.
 */
function rssTarget(points: Array<{ n: number; polyvisor?: DensityPoint; libvirt?: DensityPoint }>): TargetResult {
  const label = 'manager RSS per managed guest';
  const target = '< 200 KiB';
  const slope = (side: 'polyvisor' | 'libvirt', key: 'rssKiB' | 'heapKiB'): { kib: number; from: number; to: number } | undefined => {
    const ps = points.filter((p) => p[side]?.[key] !== undefined);
    if (ps.length < 2) return undefined;
    const a = ps[0]!;
    const b = ps.at(-1)!;
    return { kib: (b[side]![key]! - a[side]![key]!) / (b.n - a.n), from: a.n, to: b.n };
  };
  const pv = slope('polyvisor', 'rssKiB');
  if (!pv) return { label, target, value: 'not measured (needs two steps)', met: null };
  const heap = slope('polyvisor', 'heapKiB');
  const lv = slope('libvirt', 'rssKiB');
  const value = `${pv.kib.toFixed(0)} KiB RSS (V8 heap ${heap ? heap.kib.toFixed(0) : '—'} KiB) per guest from ${pv.from} to ${pv.to}; libvirtd ${lv ? `${lv.kib.toFixed(0)} KiB` : '—'}`;
  if (pv.kib > 0) return { label, target, value, met: pv.kib < 200 };
  return { label, target, value, met: heap ? heap.kib < 200 : null, note: 'RSS did not grow between the steps (below Node\'s RSS noise); judged on the heap slope' };
}

async function main(): Promise<void> {
  const started = performance.now();
  ensureGuest();
  const installed = ensureLibvirtPackages(log);
  const version = libvirtVersion();
  log(`${version} (${installed}); steps ${STEPS.join(', ')}, ${GUEST_MIB} MiB guests, boot wait ≤ ${BOOT_WAIT_S} s${QUICK ? ' (quick)' : ''}`);
  const base = mkdtempSync(join(tmpdir(), 'pv-bench-dens-'));
  let lv: LibvirtInstance | undefined;
  const hardCleanup = () => {
    killQemusMentioning(base);
    lv?.stop();
    rmSync(base, { recursive: true, force: true });
  };
  process.once('exit', hardCleanup);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));
  let pv: SideResult;
  let lr: SideResult;
  try {
    // One manager at a time: both sets at 100 guests would not fit next to each other.
    pv = await runPolyvisor(base);
    lv = await LibvirtInstance.start();
    lr = await runLibvirt(base, lv);
  } finally {
    hardCleanup();
  }
  const points = STEPS.filter((n) => pv.points.has(n) || lr.points.has(n)).map((n) => ({ n, ...(pv.points.has(n) ? { polyvisor: pv.points.get(n)! } : {}), ...(lr.points.has(n) ? { libvirt: lr.points.get(n)! } : {}) }));
  const top = points.at(-1);
  const at100 = points.find((p) => p.n === 100)?.polyvisor;
  const targets: TargetResult[] = [
    at100
      ? { label: 'list + bulk stats of 100 running guests', target: '< 50 ms', value: `${fmtMs(at100.listStats.median)} (libvirt ${fmtMs(points.find((p) => p.n === 100)?.libvirt?.listStats.median ?? NaN)})`, met: at100.listStats.median < 50 }
      : { label: 'list + bulk stats of 100 running guests', target: '< 50 ms', value: top?.polyvisor ? `${fmtMs(top.polyvisor.listStats.median)} at ${top.n}` : 'not measured', met: null, note: 'the run did not reach 100 guests' },
    rssTarget(points),
  ];
  const notes = [
    `"Running" = the start call returned (QEMU started, \`cont\` done); guests then boot concurrently under TCG on ${(await import('node:os')).cpus().length} cores. ${BOOT_WAIT_S > 0 ? `Each step waits up to ${BOOT_WAIT_S} s for the boot marker before measuring RSS and list/stats ("booted" column).` : 'Quick run: no waiting for boot; list/stats are measured while guests boot.'}`,
    'Start throughput = guests of the step\'s batch / wall time of the batch with 4 start calls in flight. "all `started` events" = from the first start call to the last `started` lifecycle event received (polyvisor: `conn.onEvent`; libvirt: python event loop thread).',
    'polyvisor RSS = `process.memoryUsage().rss` after forced GC; libvirtd RSS = VmRSS. The table\'s "RSS / guest" is the delta against the baseline after a warm-up guest divided by N; the target uses the marginal cost between the first and last step (fixed costs cancel out). The polyvisor process also runs the benchmark (tsx), which is in the baseline.',
  ];
  const section: DensitySection = {
    finishedAt: new Date().toISOString(), steps: STEPS, guestMiB: GUEST_MIB, points,
    teardown: { ...(pv.teardown ? { polyvisor: pv.teardown } : {}), ...(lr.teardown ? { libvirt: lr.teardown } : {}) },
    ...(pv.stoppedEarly || lr.stoppedEarly ? { stoppedEarly: [pv.stoppedEarly, lr.stoppedEarly].filter(Boolean).join('; ') } : {}),
    targets, notes, wallSeconds: (performance.now() - started) / 1000,
  };
  const files = writeResults({ density: section }, { quick: QUICK, libvirt: version });
  console.log('\ndensity (polyvisor | libvirtd):');
  for (const p of points) {
    const f = (x?: DensityPoint) => (x ? `RSS/guest ${x.rssPerGuestKiB.toFixed(0).padStart(5)} KiB  list+stats ${fmtMs(x.listStats.median).padStart(9)}  ${x.startPerSec.toFixed(1).padStart(5)} starts/s  events ${fmtMs(x.startedEventsMs)}` : '—');
    console.log(`  ${String(p.n).padStart(3)}: ${f(p.polyvisor)}  |  ${f(p.libvirt)}`);
  }
  if (section.stoppedEarly) console.log(`  stopped early: ${section.stoppedEarly}`);
  for (const t of targets) console.log(`  ${t.met === null ? 'n/a   ' : t.met ? 'met   ' : 'MISSED'} ${t.label}: ${t.value} (want ${t.target})`);
  console.log(`wrote ${files.join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
