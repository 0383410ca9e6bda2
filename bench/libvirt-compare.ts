/**
 * polyvisor side by side with libvirt on the tiny test guest (TCG):
 * lifecycle operations, queries, list of 100 definitions, bulk stats, one
 * QMP round trip, pipelined QMP throughput and live-migration orchestration.
 *
 *   npx tsx --tsconfig packages/driver-kvm/tsconfig.json bench/libvirt-compare.ts
 *   BENCH_QUICK=1 …   (fewer pairs and guests; ~1.5 min)
 *
 * polyvisor runs in this process (KVM driver, `qemu:///embed`); libvirt is a
 * private libvirtd 9.0 ({@link LibvirtInstance}: own netns, own state dirs,
 * removed afterwards) driven from one long-lived python-libvirt process, which
 * times each call in-process. Operations alternate polyvisor / libvirt
 * (A B A B …) after a warm-up pair. Migration compares polyvisor with a raw
 * QMP script doing the same steps (its orchestration overhead), not libvirt.
 *
 * Env: BENCH_QUICK=1, BENCH_PAIRS (7; quick 3), BENCH_STATS_N (10; quick 4).
 * Writes bench/results/<date>.{json,md,svg} and latest.md.
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection, type Connection, type Domain, type MigrationProgress } from '@polyvisor/core';
import { kvmDriver, QmpClient, type KvmConnection } from '../packages/driver-kvm/src/index.js';
import { ensureGuest, guestDomainXml, killQemusMentioning } from '../packages/driver-kvm/test/fixtures/guest.js';
import { LibvirtHelper, LibvirtInstance, ensureLibvirtPackages, libvirtVersion } from './lib/libvirt.js';
import { RawQmp, rawMigrate, spawnRawGuest, waitSocket, type RawGuest } from './lib/rawqmp.js';
import { writeResults, type CompareSection, type OpResult, type TargetResult } from './lib/report.js';
import { fmtMs, sleep, summarize, type Summary } from './lib/stats.js';

const QUICK = process.env.BENCH_QUICK === '1';
const PAIRS = Number(process.env.BENCH_PAIRS ?? (QUICK ? 3 : 7));
const STATS_N = Number(process.env.BENCH_STATS_N ?? (QUICK ? 4 : 10));
const LIST_N = 100;
const SMALL_REPS = 10; // samples of a cheap query per pair
const MARKER = 'POLYVISOR-GUEST-READY';
const log = (s: string) => console.log(`[libvirt-compare] ${s}`);

/** Polls a serial log every 10 ms for the ready marker (the python side polls the same way). */
async function waitMarker(path: string, timeoutMs = 120_000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (existsSync(path) && readFileSync(path, 'utf8').includes(MARKER)) return true;
    await sleep(10);
  }
  return false;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Samples per operation and side. */
class Samples {
  readonly pv = new Map<string, number[]>();
  readonly lv = new Map<string, number[]>();
  add(side: 'pv' | 'lv', op: string, ms: number): void {
    const m = side === 'pv' ? this.pv : this.lv;
    m.set(op, [...(m.get(op) ?? []), ms]);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  ensureGuest();
  const installed = ensureLibvirtPackages(log);
  const version = libvirtVersion();
  log(`${version} (${installed}); ${PAIRS} pairs${QUICK ? ' (quick)' : ''}`);
  const base = mkdtempSync(join(tmpdir(), 'pv-bench-cmp-'));
  const cleanups: Array<() => void | Promise<void>> = [];
  let lv: LibvirtInstance | undefined;
  const hardCleanup = () => {
    killQemusMentioning(base);
    lv?.stop();
    rmSync(base, { recursive: true, force: true });
  };
  process.once('exit', hardCleanup);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));

  const notes: string[] = [];
  const s = new Samples();
  let conn: Connection | undefined;
  let helper: LibvirtHelper | undefined;
  const section: CompareSection = { finishedAt: '', pairs: PAIRS, ops: [], targets: [], notes, wallSeconds: 0 };
  try {
    let t0 = performance.now();
    lv = await LibvirtInstance.start();
    log(`libvirtd up in ${fmtMs(performance.now() - t0)} (netns ${lv.netns}, ${lv.dir})`);
    t0 = performance.now();
    helper = await LibvirtHelper.open(lv.uri);
    const probe = await helper.call('capabilities');
    notes.push(`libvirt's first connection + capability probe took ${fmtMs(performance.now() - t0)} (${fmtMs(probe.ms)} for getCapabilities); not counted.`);
    conn = await openConnection(`qemu:///embed?root=${join(base, 'pv')}`, { drivers: [kvmDriver], driverOptions: { autostart: false } });
    const h = helper;
    const c = conn;

    // ---------------------------------------------------------------- lifecycle, pairs A B A B …
    const pvCycle = async (tag: string, record: boolean) => {
      const name = `cmp-pv-${tag}`;
      const serial = join(base, `${name}.serial`);
      const add = (op: string, ms: number) => record && s.add('pv', op, ms);
      let dom!: Domain;
      add('define', await timed(async () => (dom = await c.domains.define(guestDomainXml(name, { serialLog: serial })))));
      const ts = performance.now();
      await dom.start();
      add('start-call', performance.now() - ts);
      if (!(await waitMarker(serial))) throw new Error(`${name} did not boot`);
      add('start-ready', performance.now() - ts);
      for (let k = 0; k < SMALL_REPS; k++) add('lookup-info', await timed(async () => (await c.domains.lookup(name)).getInfo()));
      for (let k = 0; k < SMALL_REPS; k++) add('getxml', await timed(() => dom.getXML()));
      add('shutdown', await timed(() => dom.shutdown({ wait: true, timeoutMs: 60_000 })));
      await dom.start();
      await sleep(300);
      add('destroy', await timed(() => dom.destroy()));
      add('undefine', await timed(() => dom.undefine()));
    };
    const lvCycle = async (tag: string, record: boolean) => {
      const name = `cmp-lv-${tag}`;
      const serial = join(base, `${name}.serial`);
      const add = (op: string, ms: number) => record && s.add('lv', op, ms);
      add('define', (await h.call('define', { xml: guestDomainXml(name, { serialLog: serial }) })).ms);
      const st = (await h.call<{ call: number; ready: number | null }>('start', { name, serial, marker: MARKER })).result;
      if (st.ready === null) throw new Error(`${name} did not boot under libvirt`);
      add('start-call', st.call);
      add('start-ready', st.ready);
      for (let k = 0; k < SMALL_REPS; k++) add('lookup-info', (await h.call('lookup_info', { name })).ms);
      for (let k = 0; k < SMALL_REPS; k++) add('getxml', (await h.call('getxml', { name })).ms);
      add('shutdown', (await h.call('shutdown_wait', { name })).ms);
      await h.call('start', { name });
      await sleep(300);
      add('destroy', (await h.call('destroy', { name })).ms);
      add('undefine', (await h.call('undefine', { name })).ms);
    };
    log('lifecycle: warm-up pair');
    await pvCycle('warm', false);
    await lvCycle('warm', false);
    for (let i = 0; i < PAIRS; i++) {
      await pvCycle(String(i), true);
      await lvCycle(String(i), true);
      log(`lifecycle pair ${i + 1}/${PAIRS}: start-call pv ${fmtMs(s.pv.get('start-call')!.at(-1)!)} / lv ${fmtMs(s.lv.get('start-call')!.at(-1)!)}, destroy pv ${fmtMs(s.pv.get('destroy')!.at(-1)!)} / lv ${fmtMs(s.lv.get('destroy')!.at(-1)!)}`);
    }

    // ---------------------------------------------------------------- list of 100 defined domains
    log(`list: defining ${LIST_N} domains on each side`);
    const listXml = (side: string, i: number) => guestDomainXml(`list-${side}-${String(i).padStart(3, '0')}`, { serialLog: join(base, `list-${side}-${i}.serial`) });
    const pvListDoms: Domain[] = [];
    for (let i = 0; i < LIST_N; i++) pvListDoms.push(await c.domains.define(listXml('pv', i)));
    await h.call('define_many', { xmls: Array.from({ length: LIST_N }, (_, i) => listXml('lv', i)) });
    for (let w = 0; w < 3; w++) {
      await c.domains.list();
      await h.call('list');
    }
    for (let i = 0; i < PAIRS * 5; i++) {
      const pv = await timed(async () => {
        const l = await c.domains.list();
        if (l.length !== LIST_N) throw new Error(`polyvisor listed ${l.length}`);
      });
      s.add('pv', 'list100', pv);
      const r = await h.call<number>('list');
      if (r.result !== LIST_N) throw new Error(`libvirt listed ${r.result}`);
      s.add('lv', 'list100', r.ms);
    }
    for (const d of pvListDoms) await d.undefine();
    await h.call('cleanup');

    // ---------------------------------------------------------------- bulk stats of N running + QMP via libvirt / driver
    log(`bulk stats: starting ${STATS_N} guests on each side`);
    const pvStats: Domain[] = [];
    const serials: string[] = [];
    for (let i = 0; i < STATS_N; i++) {
      const serial = join(base, `stat-pv-${i}.serial`);
      const d = await c.domains.define(guestDomainXml(`stat-pv-${i}`, { serialLog: serial }));
      await d.start();
      pvStats.push(d);
      serials.push(serial);
    }
    const lvSerials: string[] = [];
    for (let i = 0; i < STATS_N; i++) {
      const serial = join(base, `stat-lv-${i}.serial`);
      await h.call('define', { xml: guestDomainXml(`stat-lv-${i}`, { serialLog: serial }) });
      await h.call('start', { name: `stat-lv-${i}` });
      lvSerials.push(serial);
    }
    const booted = await h.call<{ ready: number }>('wait_markers', { serials: [...serials, ...lvSerials], timeout: QUICK ? 60 : 120 });
    notes.push(`Bulk stats: ${STATS_N} running guests per side (${booted.result.ready}/${2 * STATS_N} booted to the ready marker before measuring).`);
    for (let w = 0; w < 3; w++) {
      await c.domains.getAllStats();
      await h.call('bulk_stats');
    }
    for (let i = 0; i < PAIRS * 5; i++) {
      s.add('pv', 'bulkstats', await timed(async () => {
        const st = await c.domains.getAllStats();
        if (st.length !== STATS_N) throw new Error(`polyvisor stats for ${st.length}`);
      }));
      s.add('lv', 'bulkstats', (await h.call('bulk_stats')).ms);
    }
    // QMP through the layers: libvirt's qemuMonitorCommand (client → libvirtd → QEMU) and the driver's own monitor.
    const lvQmp = (await h.call<number[]>('qmp', { name: 'stat-lv-0', n: 100 })).result; // warm-up
    void lvQmp;
    const lvQmpSamples = (await h.call<number[]>('qmp', { name: 'stat-lv-0', n: 1000 })).result;
    const mon = await c.driverConnection<KvmConnection>().domains.monitor({ name: pvStats[0]!.name, uuid: pvStats[0]!.uuid });
    const pvMonSamples: number[] = [];
    for (let i = 0; i < 1100; i++) {
      const t = await timed(() => mon.execute('query-status'));
      if (i >= 100) pvMonSamples.push(t);
    }
    for (const d of pvStats) await d.destroy();
    for (const d of pvStats) await d.undefine();
    await h.call('cleanup');

    // ---------------------------------------------------------------- QMP round trip: QmpClient vs raw socket, same QEMU
    log('QMP round trip and pipelined throughput');
    const qmpRes = await qmpBench(base);
    const qmpOp: OpResult = {
      id: 'qmp-rtt',
      label: 'QMP round trip (query-status)',
      polyvisor: qmpRes.client,
      baseline: qmpRes.raw,
      baselineName: 'raw QMP',
      ratio: qmpRes.client.median / qmpRes.raw.median,
      targetRatio: 1.15,
      extra: { name: 'libvirt qemuMonitorCommand', summary: summarize(lvQmpSamples), ratio: qmpRes.client.median / summarize(lvQmpSamples).median },
    };
    notes.push(`QMP round trip: QmpClient and the raw client each own one monitor of the same QEMU (\`-machine none\`, 2 monitors), ${qmpRes.client.n} alternating samples each. The driver's own monitor on a running test guest: median ${fmtMs(summarize(pvMonSamples).median)}; libvirt \`qemuMonitorCommand\` on a running guest, timed inside python: median ${fmtMs(summarize(lvQmpSamples).median)}.`);

    // ---------------------------------------------------------------- migration: polyvisor vs the same steps by hand
    log('migration');
    const mig = await migrationBench(base, QUICK ? 3 : PAIRS);

    // ---------------------------------------------------------------- results
    const op = (id: string, label: string, target?: number, note?: string): OpResult => {
      const pv = summarize(s.pv.get(id)!);
      const lb = summarize(s.lv.get(id)!);
      return { id, label, polyvisor: pv, baseline: lb, baselineName: 'libvirt', ratio: pv.median / lb.median, ...(target !== undefined ? { targetRatio: target } : {}), ...(note ? { note } : {}) };
    };
    section.ops = [
      op('define', 'define', 0.5),
      op('start-call', 'start (call returns)', 0.5),
      op('start-ready', 'start → guest ready marker'),
      op('lookup-info', 'lookup + getInfo (running)', 0.5),
      op('getxml', 'getXML (running)'),
      op('shutdown', 'ACPI shutdown → shut off'),
      op('destroy', 'destroy', 0.5),
      op('undefine', 'undefine'),
      op('list100', `list ${LIST_N} defined domains`, 0.5),
      op('bulkstats', `list + bulk stats, ${STATS_N} running`),
      qmpOp,
      { id: 'migration', label: 'live migration (wall)', polyvisor: mig.pvWall, baseline: mig.rawWall, baselineName: 'raw QMP', ratio: mig.pvWall.median / mig.rawWall.median },
    ];
    section.throughput = { polyvisor: qmpRes.tputClient, raw: qmpRes.tputRaw, replay: qmpRes.tputReplay, total: 20_000, batch: 1000 };
    section.migration = { polyvisorWall: mig.pvWall, rawWall: mig.rawWall, qemuTotal: mig.qemuTotal, overheadMs: mig.pvWall.median - mig.rawWall.median };
    const byId = (id: string) => section.ops.find((o) => o.id === id)!;
    const ratioTarget = (id: string, label: string): TargetResult => {
      const o = byId(id);
      return { label, target: `≤ ${o.targetRatio}× ${o.baselineName}`, value: `${o.ratio!.toFixed(3)}× (${fmtMs(o.polyvisor.median)} vs ${fmtMs(o.baseline!.median)})`, met: o.ratio! <= o.targetRatio! };
    };
    section.targets = [
      ratioTarget('qmp-rtt', 'QMP round trip vs raw socket'),
      { label: 'pipelined QMP throughput against QEMU 7.2', target: '≥ 20,000 cmds/s', value: `${Math.round(qmpRes.tputClient).toLocaleString('en')} cmds/s (raw client ${Math.round(qmpRes.tputRaw).toLocaleString('en')})`, met: qmpRes.tputClient >= 20_000, note: qmpRes.tputRaw < 20_000 ? 'the raw client is as slow: QEMU\'s monitor is the bottleneck' : '' },
      { label: 'pipelined QMP throughput, client capacity', target: '≥ 20,000 cmds/s', value: `${Math.round(qmpRes.tputReplay).toLocaleString('en')} cmds/s`, met: qmpRes.tputReplay >= 20_000, note: 'against a replayed monitor process (no QEMU)' },
      ratioTarget('start-call', 'start (call returns)'),
      ratioTarget('destroy', 'destroy'),
      ratioTarget('define', 'define'),
      ratioTarget('lookup-info', 'lookup + getInfo'),
      ratioTarget('list100', `list of ${LIST_N} defined`),
      { label: 'migration orchestration overhead', target: '≤ 50 ms over raw QMP', value: `${fmtMs(section.migration.overheadMs)} (${fmtMs(mig.pvWall.median)} vs ${fmtMs(mig.rawWall.median)})`, met: section.migration.overheadMs <= 50 },
    ];
    notes.push('Migration: polyvisor `dom.migrate()` between two `qemu:///embed` connections vs a raw QMP script doing the same steps (spawn destination with `-incoming defer`, `migrate-incoming tcp:127.0.0.1:0`, `migrate`, poll `query-migrate` every 15 ms, `cont`, `quit`); libvirt migration was not measured (it needs two libvirtds).');
    notes.push('libvirt runs with `user = "root"`, no security driver, no cgroups and no per-domain mount namespace (qemu.conf), which makes its start cheaper than a stock install; polyvisor uses none of these either.');
  } finally {
    for (const f of cleanups.reverse()) await f();
    if (conn) {
      for (const d of await conn.domains.list().catch(() => [] as Domain[])) {
        if (d.active) await d.destroy().catch(() => undefined);
        if (d.persistent) await d.undefine().catch(() => undefined);
      }
      await conn.close().catch(() => undefined);
    }
    if (helper) {
      await helper.call('cleanup').catch(() => undefined);
      await helper.close();
    }
    hardCleanup();
  }
  notes.push(`Load average at the end of the run: ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) on ${cpus().length} cores.`);
  section.finishedAt = new Date().toISOString();
  section.wallSeconds = (performance.now() - started) / 1000;
  const files = writeResults({ compare: section }, { quick: QUICK, libvirt: version });
  console.log(`\nside by side (median; ratio = polyvisor / baseline):`);
  for (const o of section.ops) console.log(`  ${o.label.padEnd(34)} polyvisor ${fmtMs(o.polyvisor.median).padStart(9)}  ${(o.baselineName ?? '').padEnd(8)} ${fmtMs(o.baseline?.median ?? NaN).padStart(9)}  ratio ${o.ratio?.toFixed(3) ?? '—'}${o.targetRatio !== undefined ? `  (target ≤ ${o.targetRatio}) ${o.ratio! <= o.targetRatio ? 'OK' : 'MISSED'}` : ''}`);
  console.log('targets:');
  for (const t of section.targets) console.log(`  ${t.met ? 'met   ' : 'MISSED'} ${t.label}: ${t.value} (want ${t.target})`);
  console.log(`wrote ${files.join(', ')}`);
}

/** QmpClient vs a raw client, each on its own monitor of one QEMU; then pipelined throughput. */
async function qmpBench(base: string): Promise<{ client: Summary; raw: Summary; tputClient: number; tputRaw: number; tputReplay: number }> {
  const dir = join(base, 'qmp');
  const a = join(dir, 'a.sock');
  const b = join(dir, 'b.sock');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const qemu = spawn('qemu-system-x86_64', ['-machine', 'none', '-nodefaults', '-display', 'none', '-S', '-qmp', `unix:${a},server=on,wait=off`, '-qmp', `unix:${b},server=on,wait=off`], { stdio: 'ignore' });
  try {
    await waitSocket(a);
    await waitSocket(b);
    const client = await QmpClient.connect({ path: a });
    const raw = await RawQmp.connect(b, client.oobEnabled);
    for (let i = 0; i < 500; i++) {
      await client.command('query-status');
      await raw.run('query-status');
    }
    const tc: number[] = [];
    const tr: number[] = [];
    for (let i = 0; i < 2000; i++) {
      tc.push(await timed(() => client.command('query-status')));
      tr.push(await timed(() => raw.run('query-status')));
    }
    const tput = async (run: () => Promise<unknown>) => {
      const TOTAL = 20_000;
      const BATCH = 1000;
      const t0 = performance.now();
      for (let done = 0; done < TOTAL; done += BATCH) await Promise.all(Array.from({ length: BATCH }, run));
      return TOTAL / ((performance.now() - t0) / 1000);
    };
    let bc = 0;
    let br = 0;
    for (let i = 0; i < 3; i++) {
      bc = Math.max(bc, await tput(() => client.command('query-status')));
      br = Math.max(br, await tput(() => raw.run('query-status')));
    }
    await client.close();
    raw.close();
    // The client's own capacity: a replayed monitor in another process answers at once (no QEMU cost).
    const fakePath = join(dir, 'replay.sock');
    const fake = spawn(process.execPath, ['-e', REPLAY_MONITOR, fakePath], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let replay = 0;
    try {
      await new Promise((r, j) => fake.once('message', r).once('exit', j));
      const fc = await QmpClient.connect({ path: fakePath });
      for (let i = 0; i < 3; i++) replay = Math.max(replay, await tput(() => fc.command('query-status')));
      await fc.close();
    } finally {
      fake.kill('SIGKILL');
    }
    return { client: summarize(tc), raw: summarize(tr), tputClient: bc, tputRaw: br, tputReplay: replay };
  } finally {
    qemu.kill('SIGKILL');
  }
}

/** A monitor that replays QEMU 7.2's greeting and answers every command at once (as in bench/qmp-roundtrip.ts). */
const REPLAY_MONITOR = `
const net = require('node:net');
const GREETING = '{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": ""}, "capabilities": ["oob"]}}\\r\\n';
net.createServer((s) => {
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
}).listen(process.argv[1], () => process.send('ready'));
`;

/** polyvisor `migrate()` between two embed roots vs {@link rawMigrate}, alternating, after one warm-up each. */
async function migrationBench(base: string, n: number): Promise<{ pvWall: Summary; rawWall: Summary; qemuTotal: Summary }> {
  const open = (r: string) => openConnection(`qemu:///embed?root=${join(base, r)}`, { drivers: [kvmDriver], driverOptions: { autostart: false } });
  const A = await open('migA');
  const B = await open('migB');
  const pvWall: number[] = [];
  const rawWall: number[] = [];
  const qemuTotal: number[] = [];
  let raw: RawGuest | undefined;
  try {
    const pvSerial = join(base, 'mig-pv.serial');
    let dom = await A.domains.createTransient(guestDomainXml('mig-pv', { serialLog: pvSerial }));
    const rawSerial = join(base, 'mig-raw.serial');
    const rawXml = guestDomainXml('mig-raw', { serialLog: rawSerial });
    raw = await spawnRawGuest(rawXml, join(base, 'rawroot'), join(base, 'raw-0'));
    await raw.qmp.run('cont');
    if (!(await waitMarker(pvSerial)) || !(await waitMarker(rawSerial))) throw new Error('migration guests did not boot');
    for (let i = 0; i <= n; i++) {
      const dest = i % 2 === 0 ? B : A;
      let last: MigrationProgress | undefined;
      const t0 = performance.now();
      dom = await dom.migrate(dest, { onProgress: (p) => (last = p) });
      const pv = performance.now() - t0;
      const t1 = performance.now();
      const r = await rawMigrate(raw, rawXml, join(base, 'rawroot'), join(base, `raw-${i + 1}`));
      const rw = performance.now() - t1;
      raw = r.dest;
      if (i === 0) continue; // warm-up
      pvWall.push(pv);
      rawWall.push(rw);
      qemuTotal.push(last?.totalTimeMs ?? 0);
      log(`migration ${i}/${n}: polyvisor ${fmtMs(pv)} (QEMU ${last?.totalTimeMs ?? '?'} ms), raw QMP ${fmtMs(rw)}`);
    }
    await dom.destroy();
  } finally {
    raw?.child.kill('SIGKILL');
    await A.close();
    await B.close();
  }
  return { pvWall: summarize(pvWall), rawWall: summarize(rawWall), qemuTotal: summarize(qemuTotal) };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
