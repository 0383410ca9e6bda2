/**
 * Results files of the side-by-side benchmarks: `bench/results/<date>.json`
 * (both benchmarks merge their section into it), `<date>.md` with tables,
 * `<date>.svg` (ratio per operation, density curves, drawn by hand) and
 * `latest.md` (a copy of the newest report).
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtMs, type Summary } from './stats.js';

/** Where results go. */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** One compared operation. */
export interface OpResult {
  /** Stable id (`define`, `start-call`, ...). */
  id: string;
  /** Human label. */
  label: string;
  /** polyvisor's samples (ms). */
  polyvisor: Summary;
  /** The baseline's samples (ms): libvirt, or a raw QMP client. */
  baseline?: Summary;
  /** What the baseline is. */
  baselineName?: 'libvirt' | 'raw QMP';
  /** Median ratio polyvisor / baseline. */
  ratio?: number;
  /** Target on the ratio (polyvisor/baseline ≤ this), if any. */
  targetRatio?: number;
  /** Extra reference (e.g. libvirt for the QMP round trip). */
  extra?: { name: string; summary: Summary; ratio: number };
  /** Free-form remark. */
  note?: string;
}

/** One checked target. */
export interface TargetResult {
  /** What is checked. */
  label: string;
  /** The target as text. */
  target: string;
  /** The measured value as text. */
  value: string;
  /** true = met, false = missed, null = not measured. */
  met: boolean | null;
  /** Why (for misses) or how it was measured. */
  note?: string;
}

/** The section `bench/libvirt-compare.ts` writes. */
export interface CompareSection {
  /** When it ran. */
  finishedAt: string;
  /** Measured pairs per operation (after the warm-up). */
  pairs: number;
  /** Compared operations. */
  ops: OpResult[];
  /** Pipelined QMP throughput, commands/s. */
  throughput?: { polyvisor: number; raw: number; replay?: number; total: number; batch: number };
  /** Migration details. */
  migration?: { polyvisorWall: Summary; rawWall: Summary; qemuTotal: Summary; overheadMs: number };
  /** Targets. */
  targets: TargetResult[];
  /** Remarks printed under the table. */
  notes: string[];
  /** Total run time of the script. */
  wallSeconds: number;
}

/** Per-manager numbers at one density step. */
export interface DensityPoint {
  /** Guests running at this step. */
  running: number;
  /** Manager RSS increase since the baseline, KiB. */
  rssDeltaKiB: number;
  /** RSS increase per running guest, KiB. */
  rssPerGuestKiB: number;
  /** Manager RSS at this step (after GC for polyvisor), KiB. */
  rssKiB?: number;
  /** polyvisor only: V8 heap used + external + array buffers after GC, KiB. */
  heapKiB?: number;
  /** Domains whose monitor did not answer in time in some bulk-stats sample (state and CPU only). */
  partialStats?: number;
  /** list + bulk stats of every running guest, ms. */
  listStats: Summary;
  /** Guests started per second for this step's batch (concurrency 4). */
  startPerSec: number;
  /** Time from the batch's first start call to the last `started` event received, ms. */
  startedEventsMs: number;
  /** Longest delay between a start call returning and its `started` event, ms. */
  maxEventLagMs?: number;
  /** Guests of the batch that printed the boot marker before measuring. */
  booted?: number;
  /** 1-minute load average when measuring. */
  load1?: number;
  /** Runnable threads on the host when list/stats were measured (after waiting for the run queue to drain). */
  runnable?: number;
}

/** The section `bench/density.ts` writes. */
export interface DensitySection {
  /** When it ran. */
  finishedAt: string;
  /** Steps planned. */
  steps: number[];
  /** Guest memory, MiB. */
  guestMiB: number;
  /** Results per step per manager. */
  points: Array<{ n: number; polyvisor?: DensityPoint; libvirt?: DensityPoint }>;
  /** Time to tear all guests down and receive every `stopped` event, ms. */
  teardown?: { polyvisor?: { callsMs: number; allEventsMs: number }; libvirt?: { callsMs: number; allEventsMs: number } };
  /** Why it stopped before the last step, if it did. */
  stoppedEarly?: string;
  /** Targets. */
  targets: TargetResult[];
  /** Remarks. */
  notes: string[];
  /** Total run time of the script. */
  wallSeconds: number;
}

/** The merged results file of one day. */
export interface ResultsFile {
  /** ISO date (YYYY-MM-DD). */
  date: string;
  /** The machine. */
  host: { cpus: number; cpuModel: string; memGiB: number; kernel: string; node: string; qemu: string; libvirt: string; quick: boolean };
  /** Side-by-side operations. */
  compare?: CompareSection;
  /** Density. */
  density?: DensitySection;
}

/** Today's ISO date. */
export function isoDate(): string {
  return new Date().toISOString().slice(0, 10);
}

function hostInfo(quick: boolean, libvirt: string): ResultsFile['host'] {
  const q = spawnSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memGiB: Math.round(totalmem() / 2 ** 30), kernel: release(), node: process.version, qemu: q.trim(), libvirt, quick };
}

/**
 * Merges `section` into today's results file and regenerates the markdown
 * report, the SVG chart and `latest.md`. Returns the paths written.
 */
export function writeResults(part: { compare?: CompareSection; density?: DensitySection }, opts: { quick: boolean; libvirt: string }): string[] {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const date = isoDate();
  const jsonPath = join(RESULTS_DIR, `${date}.json`);
  let file: ResultsFile = { date, host: hostInfo(opts.quick, opts.libvirt) };
  if (existsSync(jsonPath)) {
    try {
      file = { ...(JSON.parse(readFileSync(jsonPath, 'utf8')) as ResultsFile), host: file.host };
    } catch {
      /* a corrupt file is replaced */
    }
  }
  if (part.compare) file.compare = part.compare;
  if (part.density) file.density = part.density;
  writeFileSync(jsonPath, `${JSON.stringify(file, null, 2)}\n`);
  const svgPath = join(RESULTS_DIR, `${date}.svg`);
  writeFileSync(svgPath, renderSvg(file));
  const mdPath = join(RESULTS_DIR, `${date}.md`);
  writeFileSync(mdPath, renderMarkdown(file));
  const latest = join(RESULTS_DIR, 'latest.md');
  copyFileSync(mdPath, latest);
  return [jsonPath, mdPath, svgPath, latest];
}

const r2 = (x: number) => (x >= 10 ? x.toFixed(1) : x.toFixed(2));
const sumCell = (s?: Summary) => (s ? `${fmtMs(s.median)} (${fmtMs(s.min)} – ${fmtMs(s.max)})` : '—');
const metCell = (m: boolean | null) => (m === null ? '— not measured' : m ? '✅ met' : '❌ missed');

/** The markdown report. */
export function renderMarkdown(f: ResultsFile): string {
  const L: string[] = [];
  L.push(`# polyvisor vs libvirt — ${f.date}`, '');
  L.push(`Host: ${f.host.cpus} × ${f.host.cpuModel}, ${f.host.memGiB} GiB, Linux ${f.host.kernel}, Node ${f.host.node}, ${f.host.qemu}, ${f.host.libvirt}.${f.host.quick ? ' **Quick run (`BENCH_QUICK=1`): fewer pairs/steps.**' : ''}`);
  L.push('', 'Tiny test guest (TCG, `type=\'qemu\'`, kernel + initrd from `.cache/test-guest`, serial to a file, guest-agent channel); polyvisor = KVM driver on `qemu:///embed`, libvirt = a private libvirtd 9.0 (`qemu:///system?socket=…`) driven from one long-lived python-libvirt process; every time is measured in-process around the API call.', '');
  L.push(`![ratio per operation and density curves](${f.date}.svg)`, '');
  const targets = [...(f.compare?.targets ?? []), ...(f.density?.targets ?? [])];
  if (targets.length) {
    L.push('## Targets', '', '| target | wanted | measured | result | note |', '|---|---|---|---|---|');
    for (const t of targets) L.push(`| ${t.label} | ${t.target} | ${t.value} | ${metCell(t.met)} | ${t.note ?? ''} |`);
    L.push('');
  }
  const c = f.compare;
  if (c) {
    L.push(`## Operations side by side (${c.pairs} alternating pairs after a warm-up; median (min – max))`, '');
    L.push('| operation | polyvisor | baseline | baseline time | ratio (median) | target |', '|---|---|---|---|---|---|');
    for (const o of c.ops) {
      L.push(`| ${o.label} | ${sumCell(o.polyvisor)} | ${o.baselineName ?? '—'} | ${sumCell(o.baseline)} | ${o.ratio !== undefined ? `${r2(o.ratio)}×` : '—'} | ${o.targetRatio !== undefined ? `≤ ${o.targetRatio}× ${o.ratio !== undefined && o.ratio <= o.targetRatio ? '✅' : '❌'}` : ''} |`);
      if (o.extra) L.push(`| ↳ vs ${o.extra.name} | | ${o.extra.name} | ${sumCell(o.extra.summary)} | ${r2(o.extra.ratio)}× | |`);
    }
    L.push('');
    if (c.throughput) L.push(`Pipelined \`query-status\` (${c.throughput.total} commands, ${c.throughput.batch} in flight): QmpClient ${Math.round(c.throughput.polyvisor).toLocaleString('en')} cmds/s, raw socket client ${Math.round(c.throughput.raw).toLocaleString('en')} cmds/s (both against QEMU 7.2)${c.throughput.replay ? `; QmpClient against a replayed monitor process (no QEMU): ${Math.round(c.throughput.replay).toLocaleString('en')} cmds/s` : ''}.`, '');
    if (c.migration) L.push(`Live migration (TCP on 127.0.0.1, test guest): polyvisor wall ${fmtMs(c.migration.polyvisorWall.median)}, raw QMP script ${fmtMs(c.migration.rawWall.median)}, QEMU's own total time ${fmtMs(c.migration.qemuTotal.median)} → orchestration overhead ${fmtMs(c.migration.overheadMs)} (medians).`, '');
    for (const n of c.notes) L.push(`- ${n}`);
    L.push('', `libvirt-compare wall time: ${c.wallSeconds.toFixed(0)} s.`, '');
  }
  const d = f.density;
  if (d) {
    L.push(`## Density (${d.guestMiB} MiB TCG guests, one manager process)`, '');
    L.push('| running | manager | RSS Δ | RSS / guest | list + bulk stats (median, min – max) | start throughput (conc. 4) | all `started` events | booted | load1 (runnable) |', '|---|---|---|---|---|---|---|---|---|');
    for (const p of d.points) {
      for (const [who, x] of [['polyvisor', p.polyvisor], ['libvirtd', p.libvirt]] as const) {
        if (!x) continue;
        L.push(`| ${p.n} | ${who} | ${(x.rssDeltaKiB / 1024).toFixed(1)} MiB | ${x.rssPerGuestKiB.toFixed(0)} KiB | ${sumCell(x.listStats)} | ${x.startPerSec.toFixed(1)} /s | ${fmtMs(x.startedEventsMs)}${x.maxEventLagMs !== undefined ? ` (max lag ${x.maxEventLagMs.toFixed(1)} ms)` : ''} | ${x.booted ?? '—'} / ${p.n}${x.partialStats ? ` (${x.partialStats} partial stats)` : ''} | ${x.load1?.toFixed(1) ?? '—'}${x.runnable !== undefined ? ` (${x.runnable})` : ''} |`);
      }
    }
    L.push('');
    if (d.teardown) {
      for (const [who, t] of [['polyvisor', d.teardown.polyvisor], ['libvirtd', d.teardown.libvirt]] as const) {
        if (t) L.push(`- Teardown (${who}): destroy calls ${fmtMs(t.callsMs)}, every \`stopped\` event after ${fmtMs(t.allEventsMs)}.`);
      }
    }
    if (d.stoppedEarly) L.push(`- **Stopped early:** ${d.stoppedEarly}`);
    for (const n of d.notes) L.push(`- ${n}`);
    L.push('', `density wall time: ${d.wallSeconds.toFixed(0)} s.`, '');
  }
  return `${L.join('\n')}\n`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The SVG chart: ratio per operation (log scale) and, when present, density curves. */
export function renderSvg(f: ResultsFile): string {
  const parts: string[] = [];
  const W = 980;
  let y0 = 10;
  const ops = (f.compare?.ops ?? []).filter((o) => o.ratio !== undefined && o.ratio > 0);
  if (ops.length) {
    const rowH = 22;
    const left = 300;
    const plotW = W - left - 90;
    const h = 40 + ops.length * rowH + 30;
    const lo = Math.min(0.01, ...ops.map((o) => o.ratio! / 1.5));
    const hi = Math.max(4, ...ops.map((o) => o.ratio! * 1.5));
    const x = (v: number) => left + ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotW;
    parts.push(`<text x="10" y="${y0 + 18}" font-size="15" font-weight="bold">Median ratio polyvisor / baseline (log scale; left of 1 = polyvisor faster)</text>`);
    const top = y0 + 32;
    const bottom = top + ops.length * rowH;
    for (const t of [0.01, 0.03, 0.1, 0.3, 0.5, 1, 2, 3, 10, 30].filter((t) => t >= lo && t <= hi)) {
      parts.push(`<line x1="${x(t)}" y1="${top}" x2="${x(t)}" y2="${bottom}" stroke="${t === 1 ? '#333' : t === 0.5 ? '#2a7' : '#ddd'}" stroke-width="${t === 1 || t === 0.5 ? 1.5 : 1}"${t === 0.5 ? ' stroke-dasharray="4 3"' : ''}/>`);
      parts.push(`<text x="${x(t)}" y="${bottom + 14}" font-size="11" text-anchor="middle">${t}×</text>`);
    }
    ops.forEach((o, i) => {
      const yy = top + i * rowH;
      const ok = o.targetRatio === undefined ? undefined : o.ratio! <= o.targetRatio;
      const color = ok === undefined ? '#69c' : ok ? '#3a8' : '#e84';
      const x1 = x(Math.min(1, o.ratio!));
      const x2 = x(Math.max(1, o.ratio!));
      parts.push(`<text x="${left - 8}" y="${yy + 15}" font-size="12" text-anchor="end">${esc(o.label)} <tspan fill="#888">vs ${esc(o.baselineName ?? '')}</tspan></text>`);
      parts.push(`<rect x="${x1}" y="${yy + 4}" width="${Math.max(1, x2 - x1)}" height="${rowH - 8}" fill="${color}"/>`);
      parts.push(`<text x="${x2 + 4}" y="${yy + 15}" font-size="11">${r2(o.ratio!)}×${o.targetRatio !== undefined ? ` (target ≤ ${o.targetRatio}×)` : ''}</text>`);
    });
    y0 += h;
  }
  const pts = f.density?.points ?? [];
  if (pts.length) {
    const panel = (title: string, px: number, get: (p: DensityPoint) => number, unit: string) => {
      const pw = W / 3 - 40;
      const ph = 200;
      const top = y0 + 30;
      const series = [
        { name: 'polyvisor', color: '#3a8', data: pts.filter((p) => p.polyvisor).map((p) => [p.n, get(p.polyvisor!)] as const) },
        { name: 'libvirtd', color: '#36c', data: pts.filter((p) => p.libvirt).map((p) => [p.n, get(p.libvirt!)] as const) },
      ];
      const all = series.flatMap((s) => s.data);
      const maxX = Math.max(...all.map((d) => d[0]), 1);
      const maxY = Math.max(...all.map((d) => d[1]), 1e-9) * 1.15;
      const X = (v: number) => px + 45 + (v / maxX) * (pw - 55);
      const Y = (v: number) => top + ph - (v / maxY) * ph;
      parts.push(`<text x="${px + 10}" y="${y0 + 18}" font-size="13" font-weight="bold">${esc(title)}</text>`);
      parts.push(`<line x1="${X(0)}" y1="${Y(0)}" x2="${X(maxX)}" y2="${Y(0)}" stroke="#333"/><line x1="${X(0)}" y1="${Y(0)}" x2="${X(0)}" y2="${top}" stroke="#333"/>`);
      for (let k = 0; k <= 4; k++) {
        const v = (maxY / 4) * k;
        parts.push(`<text x="${X(0) - 4}" y="${Y(v) + 4}" font-size="10" text-anchor="end">${v >= 100 ? v.toFixed(0) : v.toFixed(1)}</text>`);
      }
      for (const n of [...new Set(all.map((d) => d[0]))]) parts.push(`<text x="${X(n)}" y="${Y(0) + 14}" font-size="10" text-anchor="middle">${n}</text>`);
      parts.push(`<text x="${X(maxX / 2)}" y="${Y(0) + 28}" font-size="10" text-anchor="middle">running guests (${esc(unit)})</text>`);
      series.forEach((s, si) => {
        if (!s.data.length) return;
        parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${s.data.map((d) => `${X(d[0]).toFixed(1)},${Y(d[1]).toFixed(1)}`).join(' ')}"/>`);
        for (const d of s.data) parts.push(`<circle cx="${X(d[0]).toFixed(1)}" cy="${Y(d[1]).toFixed(1)}" r="3" fill="${s.color}"/>`);
        parts.push(`<text x="${px + 60 + si * 90}" y="${top + 8}" font-size="11" fill="${s.color}">■ ${s.name}</text>`);
      });
    };
    panel('Manager RSS per guest (KiB)', 0, (p) => p.rssPerGuestKiB, 'KiB/guest');
    panel('list + bulk stats (ms, median)', W / 3, (p) => p.listStats.median, 'ms');
    panel('start throughput (guests/s, conc. 4)', (2 * W) / 3, (p) => p.startPerSec, 'guests/s');
    y0 += 270;
  }
  if (!parts.length) parts.push('<text x="10" y="30" font-size="14">no results</text>');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y0 + 10}" viewBox="0 0 ${W} ${y0 + 10}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`;
}
