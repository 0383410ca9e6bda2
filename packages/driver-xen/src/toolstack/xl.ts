/**
 * A typed wrapper around Xen's `xl` toolstack front-end, run through an
 * {@link XlRunner} (locally or over SSH): every subcommand the driver needs,
 * JSON/table output parsed, exit status + stderr mapped to core's typed
 * errors, and a timeout per command.
 * @module
 */
import { ErrorCode, HypervisorError, PolyvisorError, TimeoutError } from '@polyvisor/core';
import { abortError, delay, raceSignal, type RunOptions, type RunResult, type RunnerProcess, type XlRunner } from './runner.js';

const DRIVER = 'xen';

/** Default per-command timeouts in ms (TCG-emulated hosts are slow: generous). */
export const DEFAULT_XL_TIMEOUTS = {
  /** `xl list`, `xl info`, `xl vcpu-list`, `xl domid`. */
  query: 60_000,
  /** `xl create`, `xl -N create`. */
  create: 180_000,
  /** `xl shutdown`/`reboot` without waiting. */
  signal: 60_000,
  /** `xl shutdown -w`. */
  shutdownWait: 180_000,
  /** `xl destroy`. */
  destroy: 120_000,
  /** `xl pause`/`unpause`/`vcpu-set`/`mem-set`. */
  control: 60_000,
  /** `xl save`/`restore`. */
  saveRestore: 300_000,
  /** `xl migrate`. */
  migrate: 600_000,
  /** `xl block-*`/`network-*`. */
  device: 120_000,
} as const;

/** How long a killable xl command (see `Xl.migrate`) gets to end after SIGTERM before SIGKILL, in ms. */
export const XL_TERM_GRACE_MS = 10_000;

/** How long a cancelled `xl migrate` that is past the hand-over gets to finish before its stream is cut all the same, in ms. */
const HANDOVER_WAIT_MS = 60_000;

/** Names of the timeout classes of {@link DEFAULT_XL_TIMEOUTS}. */
export type XlTimeoutClass = keyof typeof DEFAULT_XL_TIMEOUTS;

/** Options of {@link Xl}. */
export interface XlOptions {
  /** The `xl` binary on the target (default `xl`). */
  xl?: string;
  /** Directory for temporary config files on the target (default `/tmp`). */
  tmpDir?: string;
  /** Overrides of {@link DEFAULT_XL_TIMEOUTS}. */
  timeouts?: Partial<Record<XlTimeoutClass, number>>;
  /** How long a killed xl process gets to end before the next step (default {@link XL_TERM_GRACE_MS}). */
  termGraceMs?: number;
}

/** Per-call options of {@link Xl} methods. */
export interface XlCallOptions {
  /** Aborts the command. */
  signal?: AbortSignal;
  /** Overrides the command's default timeout (ms). */
  timeoutMs?: number;
}

/** One row of `xl list -v`. */
export interface XlListEntry {
  /** Domain name. */
  name: string;
  /** Domain id. */
  domid: number;
  /** Current memory in MiB. */
  memMiB: number;
  /** Online vCPUs. */
  vcpus: number;
  /** The six state flags, e.g. `r-----` (running, blocked, paused, shutdown, crashed, dying). */
  flags: string;
  /** CPU time in seconds. */
  cpuTimeSec: number;
  /** UUID (`xl list -v` only). */
  uuid?: string;
  /** Shutdown reason code (`xl list -v` only), when shut down. */
  reasonCode?: number;
}

/** One element of `xl list -l`: a domain id and its `libxl_domain_config` JSON. */
export interface XlLongEntry {
  /** Domain id. */
  domid: number;
  /** The libxl_domain_config (JSON object). */
  config: Record<string, unknown>;
}

/** Output of `xl info`, key → value (strings as printed). */
export type XlInfo = Record<string, string>;

/** One row of `xl vcpu-list`. */
export interface XlVcpu {
  /** Domain name. */
  name: string;
  /** Domain id. */
  domid: number;
  /** vCPU number. */
  vcpu: number;
  /** Physical CPU, or -1. */
  cpu: number;
  /** State letters (`r`, `b`, `p`, `-b-`, ...). */
  state: string;
  /** CPU time in seconds. */
  timeSec: number;
}

/** Parses the table of `xl list` / `xl list -v`. */
export function parseXlList(text: string): XlListEntry[] {
  const out: XlListEntry[] = [];
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = lines[0] ?? '';
  if (!/^Name\s+ID\s+Mem/.test(header)) return out;
  const verbose = /UUID/.test(header);
  for (const line of lines.slice(1)) {
    // The name may contain spaces in theory; xl pads it to a column, so parse from the right.
    const m = /^(.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+([rbpscd-]{6})\s+([\d.]+)(?:\s+([0-9a-f-]{36})\s+(-|\d+))?/.exec(line);
    if (!m) continue;
    const e: XlListEntry = { name: m[1]!.trim(), domid: Number(m[2]), memMiB: Number(m[3]), vcpus: Number(m[4]), flags: m[5]!, cpuTimeSec: Number(m[6]) };
    if (verbose && m[7]) e.uuid = m[7];
    if (verbose && m[8] && m[8] !== '-') e.reasonCode = Number(m[8]);
    out.push(e);
  }
  return out;
}

/** Parses `key : value` lines (`xl info`). */
export function parseXlInfo(text: string): XlInfo {
  const out: XlInfo = {};
  let last: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s*:\s?(.*)$/.exec(line);
    if (m) {
      last = m[1]!;
      out[last] = m[2]!.trim();
    } else if (last && line.startsWith(' ') && line.trim() !== '') {
      out[last] = `${out[last]} ${line.trim()}`; // continuation lines
    }
  }
  return out;
}

/** Parses `xl vcpu-list`. */
export function parseXlVcpuList(text: string): XlVcpu[] {
  const out: XlVcpu[] = [];
  for (const line of text.split('\n').slice(1)) {
    const m = /^(.*?)\s+(\d+)\s+(\d+)\s+(\d+|-)\s+(\S+)\s+([\d.]+)/.exec(line);
    if (!m) continue;
    out.push({ name: m[1]!.trim(), domid: Number(m[2]), vcpu: Number(m[3]), cpu: m[4] === '-' ? -1 : Number(m[4]), state: m[5]!, timeSec: Number(m[6]) });
  }
  return out;
}

/** Extracts the first complete JSON value (object or array) from text that may carry other lines around it. */
export function extractJson(text: string): unknown {
  const start = text.search(/^[[{]/m);
  if (start < 0) throw new SyntaxError('no JSON in output');
  const open = text[start]!;
  const close = open === '{' ? '}' : ']';
  // The JSON ends at the first line that is exactly the closing bracket at column 0.
  const endRe = new RegExp(`^\\${close}\\s*$`, 'm');
  const rest = text.slice(start);
  const m = endRe.exec(rest);
  const body = m ? rest.slice(0, m.index + 1) : rest;
  return JSON.parse(body);
}

/** The first meaningful line of xl's stderr (without "Parsing config from" noise). */
function stderrSummary(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^Parsing config from /.test(l) && !/^Loading new save file/.test(l) && !/^Savefile contains xl domain config/.test(l));
  const libxl = lines.find((l) => /error|fail|invalid|cannot|unable|not found|no such/i.test(l));
  return (libxl ?? lines[lines.length - 1] ?? '').slice(0, 400);
}

/**
 * Maps a failed xl command to a typed error: an unknown domain → `NO_DOMAIN`;
 * a duplicate name/UUID → `DUPLICATE`; a domain in the wrong state →
 * `OPERATION_INVALID`; anything else → `HYPERVISOR_ERROR`. The xl exit code,
 * the full stderr, the argv and the target are kept in `detail`.
 */
export function xlError(argv: readonly string[], res: RunResult, target: string, operation?: string): PolyvisorError {
  const summary = stderrSummary(res.stderr) || `exit status ${res.code}`;
  const detail = { exitCode: res.code, stderr: res.stderr, stdout: res.stdout.slice(0, 2000), argv: [...argv], target };
  const opts = { driver: DRIVER, detail, ...(operation ? { operation } : {}) };
  const cmd = argv.filter((w) => !w.startsWith('-'))[1] ?? argv[1] ?? 'xl';
  const msg = `xl ${cmd} failed (exit ${res.code}): ${summary}`;
  const all = res.stderr;
  if (/is an invalid domain identifier|invalid domain identifier|Domain .* does not exist|no such domain/i.test(all)) return new PolyvisorError(ErrorCode.NO_DOMAIN, msg, opts);
  if (/already exists|domain with (the same )?(name|uuid)/i.test(all)) return new PolyvisorError(ErrorCode.DUPLICATE, msg, opts);
  if (/already paused|not paused|is not running|domain is dying|already shut/i.test(all)) return new PolyvisorError(ErrorCode.OPERATION_INVALID, msg, opts);
  if (/command not found|No such file or directory.*xl|xl: not found/i.test(all) && res.code === 127) {
    return new PolyvisorError(ErrorCode.SYSTEM_ERROR, `xl not found on ${target}: ${summary}`, opts);
  }
  return new HypervisorError(msg, opts);
}

/**
 * Script that writes its second argument to a fresh temp file in the
 * directory given first, runs "$@" FILE, removes the file and keeps the exit
 * status — also when it is ended by SIGTERM (the runners' first signal to
 * an aborted command). The text travels as an argv word, not on stdin: OpenSSH's sshd was
 * seen to hand a session no usable stdin ("chan_shutdown_read ... Bad file
 * descriptor") when the input and its EOF arrive with the exec request.
 */
const WITH_TEMP_FILE = 'd=$1; c=$2; shift 2; f=; trap \'rm -f "$f"; exit 143\' TERM INT HUP; f=$(mktemp "$d/polyvisor-xl.XXXXXXXX") || exit 125; printf "%s" "$c" > "$f" || { rm -f "$f"; exit 125; }; "$@" "$f"; rc=$?; rm -f "$f"; exit $rc';

/** `xl shutdown`/`reboot` options. */
export interface XlShutdownOptions extends XlCallOptions {
  /** `-w`: wait until the domain has shut down. */
  wait?: boolean;
  /** `-F`: fall back to an ACPI power event for HVM guests without PV drivers. */
  acpiFallback?: boolean;
}

/**
 * `xl` over a runner. Domains are named by name, UUID or domid (anything
 * `xl` accepts as a domain identifier).
 */
export class Xl {
  private readonly xl: string;
  private readonly tmpDir: string;
  private readonly timeouts: Record<XlTimeoutClass, number>;
  private readonly termGraceMs: number;
  private listing: { p: Promise<XlListEntry[]>; epoch: number } | undefined;
  /** Bumped when a changing command starts and when it ends: a list begun before must not answer for after. */
  private epoch = 0;

  /** Wraps `runner`. */
  constructor(readonly runner: XlRunner, options: XlOptions = {}) {
    this.xl = options.xl ?? 'xl';
    this.tmpDir = options.tmpDir ?? '/tmp';
    this.timeouts = { ...DEFAULT_XL_TIMEOUTS, ...options.timeouts };
    this.termGraceMs = options.termGraceMs ?? XL_TERM_GRACE_MS;
  }

  /** Runs `xl ARGS...`, returning its result whatever the exit status. */
  async raw(args: readonly string[], cls: XlTimeoutClass, o: XlCallOptions & { input?: string } = {}): Promise<RunResult & { argv: string[] }> {
    const argv = [this.xl, ...args];
    const ro: RunOptions = { timeoutMs: o.timeoutMs ?? this.timeouts[cls] };
    if (o.signal) ro.signal = o.signal;
    if (o.input !== undefined) ro.input = o.input;
    return { ...(await this.runner.run(argv, ro)), argv };
  }

  /** Runs `xl ARGS...` and throws the mapped error on a non-zero exit. */
  async run(args: readonly string[], cls: XlTimeoutClass, o: XlCallOptions & { input?: string; operation?: string } = {}): Promise<RunResult> {
    if (cls !== 'query') {
      this.epoch++;
      try {
        return await this.runOnce(args, cls, o);
      } finally {
        this.epoch++;
      }
    }
    return this.runOnce(args, cls, o);
  }

  private async runOnce(args: readonly string[], cls: XlTimeoutClass, o: XlCallOptions & { input?: string; operation?: string }): Promise<RunResult> {
    let res = await this.raw(args, cls, o);
    // xl 4.17 under TCG occasionally dies on a signal (a heap-corruption abort was seen under load) or the
    // channel reports no status: a read-only query is safe to ask again.
    for (let attempt = 1; cls === 'query' && (res.code < 0 || res.code >= 128) && attempt < 3 && !o.signal?.aborted; attempt++) {
      await new Promise((r) => setTimeout(r, 200 * attempt));
      res = await this.raw(args, cls, o);
    }
    if (res.code !== 0) throw xlError(res.argv, res, this.runner.target, o.operation);
    return res;
  }

  /** Writes `text` to a temp file on the target, runs `xl ARGS... FILE`, removes the file. */
  private async withCfg(args: readonly string[], text: string, cls: XlTimeoutClass, o: XlCallOptions & { operation?: string }): Promise<RunResult> {
    const argv = ['sh', '-c', WITH_TEMP_FILE, 'sh', this.tmpDir, text, this.xl, ...args];
    const ro: RunOptions = { timeoutMs: o.timeoutMs ?? this.timeouts[cls] };
    if (o.signal) ro.signal = o.signal;
    this.epoch++;
    let res: RunResult;
    try {
      res = await this.runner.run(argv, ro);
    } finally {
      this.epoch++;
    }
    if (res.code === 125) throw new PolyvisorError(ErrorCode.SYSTEM_ERROR, `cannot write a temporary config file in ${this.tmpDir} on ${this.runner.target}: ${res.stderr.trim()}`, { driver: DRIVER, detail: { exitCode: res.code, stderr: res.stderr } });
    if (res.code !== 0) throw xlError([this.xl, ...args, '<cfg>'], res, this.runner.target, o.operation);
    return res;
  }

  /** `xl create [-p] CFG`: creates and starts a domain from xl.cfg text. */
  async create(cfgText: string, o: XlCallOptions & { paused?: boolean } = {}): Promise<RunResult> {
    return this.withCfg(['create', ...(o.paused ? ['-p'] : [])], cfgText, 'create', { ...o, operation: 'xl create' });
  }

  /** `xl -N create CFG`: the `libxl_domain_config` JSON xl would build from the cfg (nothing is created). */
  async createDryRun(cfgText: string, o: XlCallOptions = {}): Promise<Record<string, unknown>> {
    const res = await this.withCfg(['-N', 'create'], cfgText, 'create', { ...o, operation: 'xl -N create' });
    try {
      return extractJson(res.stdout) as Record<string, unknown>;
    } catch (err) {
      throw new HypervisorError(`xl -N create printed no JSON: ${res.stdout.slice(0, 200)}`, { driver: DRIVER, cause: err, detail: { stdout: res.stdout, stderr: res.stderr } });
    }
  }

  /**
   * `xl list -v [DOM]`: the domain table (with UUIDs). An unknown `dom` throws
   * `NO_DOMAIN`. Calls for the whole table that overlap share one `xl list`
   * (each is a process start on the host, slow under emulation); a call made
   * after another finished always runs its own.
   */
  async list(dom?: string, o: XlCallOptions = {}): Promise<XlListEntry[]> {
    if (dom === undefined && !o.signal?.aborted && o.timeoutMs === undefined) {
      if (!this.listing || this.listing.epoch !== this.epoch) {
        const p = this.run(['list', '-v'], 'query', {}).then((res) => parseXlList(res.stdout));
        const entry = { p, epoch: this.epoch };
        this.listing = entry;
        const clear = () => {
          if (this.listing === entry) this.listing = undefined;
        };
        p.then(clear, clear);
      }
      const shared = this.listing.p;
      const rows = o.signal ? await raceSignal(shared, o.signal) : await shared;
      return rows.map((r) => ({ ...r }));
    }
    const res = await this.run(['list', '-v', ...(dom !== undefined ? [dom] : [])], 'query', o);
    return parseXlList(res.stdout);
  }

  /** `xl list -l [DOM]`: domain ids and their libxl_domain_config JSON. */
  async listLong(dom?: string, o: XlCallOptions = {}): Promise<XlLongEntry[]> {
    const res = await this.run(['list', '-l', ...(dom !== undefined ? [dom] : [])], 'query', o);
    const text = res.stdout.trim();
    if (text === '') return [];
    const v = extractJson(text);
    return (Array.isArray(v) ? v : [v]) as XlLongEntry[];
  }

  /** `xl info`. */
  async info(o: XlCallOptions = {}): Promise<XlInfo> {
    return parseXlInfo((await this.run(['info'], 'query', o)).stdout);
  }

  /** `xl vcpu-list [DOM]`. */
  async vcpuList(dom?: string, o: XlCallOptions = {}): Promise<XlVcpu[]> {
    return parseXlVcpuList((await this.run(['vcpu-list', ...(dom !== undefined ? [dom] : [])], 'query', o)).stdout);
  }

  /** `xl shutdown [-w] [-F] DOM`. */
  async shutdown(dom: string, o: XlShutdownOptions = {}): Promise<void> {
    await this.run(['shutdown', ...(o.wait ? ['-w'] : []), ...(o.acpiFallback ? ['-F'] : []), dom], o.wait ? 'shutdownWait' : 'signal', o);
  }

  /** `xl reboot [-F] DOM`. */
  async reboot(dom: string, o: XlShutdownOptions = {}): Promise<void> {
    await this.run(['reboot', ...(o.acpiFallback ? ['-F'] : []), dom], 'signal', o);
  }

  /** `xl destroy DOM`. */
  async destroy(dom: string, o: XlCallOptions = {}): Promise<void> {
    await this.run(['destroy', dom], 'destroy', o);
  }

  /** `xl pause DOM`. */
  async pause(dom: string, o: XlCallOptions = {}): Promise<void> {
    await this.run(['pause', dom], 'control', o);
  }

  /** `xl unpause DOM`. */
  async unpause(dom: string, o: XlCallOptions = {}): Promise<void> {
    await this.run(['unpause', dom], 'control', o);
  }

  /** `xl save [-c] [-p] DOM FILE`: saves and (without `keepRunning`) destroys the domain. */
  async save(dom: string, file: string, o: XlCallOptions & { keepRunning?: boolean; pauseAfter?: boolean } = {}): Promise<void> {
    await this.run(['save', ...(o.keepRunning ? ['-c'] : []), ...(o.pauseAfter ? ['-p'] : []), dom, file], 'saveRestore', o);
  }

  /** `xl restore [-p] FILE` (the domain config travels inside the image). */
  async restore(file: string, o: XlCallOptions & { paused?: boolean } = {}): Promise<void> {
    await this.run(['restore', ...(o.paused ? ['-p'] : []), file], 'saveRestore', o);
  }

  /**
   * `xl migrate [-s SSHCMD] [-p] DOM HOST`. xl runs `SSHCMD HOST xl
   * migrate-receive` through `sh -c` on the Xen host (default SSHCMD `ssh`);
   * with an empty `sshCommand` it runs HOST itself as that command (a shell
   * string: quote its words), which is how a migration to the same host
   * needs no SSH (start that command with `exec`, so that the receiver is
   * the sender's child). `paused`: leave the domain paused on the
   * destination.
   *
   * xl has no cancel. An abort or a timeout cuts the migration stream, which
   * is how xl itself fails a migration: the sender's children (the transport
   * — `ssh HOST xl migrate-receive`, or the receiver itself — and its save
   * helper) get SIGTERM. The sender then resumes the source domain if it had
   * already suspended it ("Migration failed, resuming at sender") and exits;
   * a receiver on another host sees its stream end and tears its half-built
   * copy down. Past the hand-over (xl renamed the source
   * `NAME--migratedaway` and told the receiver to run its copy) cutting the
   * stream would leave the domain in xl's "undefined" state, so the sender
   * is left to finish. A sender still there after all that is ended itself
   * (SIGTERM, then SIGKILL). The call settles once the sender has exited.
   */
  async migrate(dom: string, host: string, o: XlCallOptions & { sshCommand?: string; paused?: boolean } = {}): Promise<RunResult> {
    return this.runKillable(['migrate', ...(o.sshCommand !== undefined ? ['-s', o.sshCommand] : []), ...(o.paused ? ['-p'] : []), dom, host], 'migrate', { ...o, operation: 'xl migrate' }, (proc, pid) => this.cutMigration(dom, proc, pid));
  }

  /**
   * Runs `xl ARGS...` knowing its pid, so that an abort or a timeout is
   * handled by `end` (e.g. {@link Xl.endProcess}: that xl process alone gets
   * SIGTERM, then SIGKILL), not by a signal to the whole SSH session's process group, and
   * settles only once the process has ended. `xl migrate` needs both: what
   * to signal depends on how far it got (see {@link Xl.migrate}), and what
   * the abort did to the domain can only be judged once the sender is gone.
   * The pid comes from a `sh -c 'echo $$; exec xl ...'` wrapper's first
   * output line. Runners without `spawn` (replays) fall back to
   * {@link Xl.run}.
   */
  private async runKillable(args: readonly string[], cls: XlTimeoutClass, o: XlCallOptions & { operation?: string }, end: (proc: RunnerProcess, pid: Promise<string | undefined>) => Promise<void>): Promise<RunResult> {
    const runner = this.runner;
    if (!runner.spawn) return this.run(args, cls, o);
    const argv = [this.xl, ...args];
    const what = `'${argv.join(' ')}' on ${runner.target}`;
    const timeoutMs = o.timeoutMs ?? this.timeouts[cls];
    if (o.signal?.aborted) throw abortError(o.signal, what);
    this.epoch++;
    let onAbort: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      // Not the call's signal: an abort is handled below, ending the sender alone, even while it is being started.
      const proc = await runner.spawn(['sh', '-c', 'echo "$$"; exec "$@"', 'sh', ...argv], { timeoutMs: 60_000 });
      proc.stdin.end();
      const out: Buffer[] = [];
      const errb: Buffer[] = [];
      let head: Buffer | undefined = Buffer.alloc(0);
      let gotPid!: (pid: string | undefined) => void;
      const pid = new Promise<string | undefined>((r) => (gotPid = r));
      proc.stdout.on('data', (b: Buffer) => {
        if (!head) return void out.push(b);
        head = Buffer.concat([head, b]);
        const nl = head.indexOf(0x0a);
        if (nl < 0) return;
        gotPid(head.subarray(0, nl).toString('utf8').trim());
        out.push(head.subarray(nl + 1));
        head = undefined;
      });
      proc.stdout.on('close', () => gotPid(undefined));
      proc.stderr.on('data', (b: Buffer) => errb.push(b));
      const stopped = new Promise<Error>((resolve) => {
        onAbort = () => resolve(abortError(o.signal!, what));
        // Aborted while the process was being started (it may well be running by now): end it all the same.
        if (o.signal?.aborted) onAbort();
        else if (o.signal) o.signal.addEventListener('abort', onAbort, { once: true });
        if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
          timer = setTimeout(() => resolve(new TimeoutError(`${what} timed out after ${timeoutMs} ms`, { driver: DRIVER, detail: { timeoutMs } })), timeoutMs);
          timer.unref?.();
        }
      });
      // `status`, not `exited`: the receiving xl it started holds its output open and may outlive it.
      const first = await Promise.race([proc.status.then((code) => ({ code })), stopped.then((reason) => ({ reason }))]);
      if ('reason' in first) {
        await end(proc, pid);
        throw first.reason;
      }
      // What it wrote last may still be on its way: its output closing, or a moment, whichever comes first.
      await Promise.race([proc.exited, delay(2_000)]);
      const res: RunResult = { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errb).toString('utf8'), code: first.code };
      if (res.code !== 0) throw xlError(argv, res, runner.target, o.operation);
      return res;
    } finally {
      this.epoch++;
      if (timer) clearTimeout(timer);
      if (onAbort) o.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Ends a {@link Xl.runKillable} process: TERM, then KILL, by pid; the runner's kill only when the pid never came. */
  private async endProcess(proc: RunnerProcess, pid: Promise<string | undefined>): Promise<void> {
    const w = this.watch(proc);
    const p = await Promise.race([pid, delay(this.termGraceMs).then(() => undefined)]);
    if (p !== undefined && /^\d+$/.test(p)) {
      for (const sig of ['TERM', 'KILL']) {
        if (w.ended()) return; // never signal a pid that may already name another process
        await this.runner.run(['sh', '-c', 'kill -s "$1" "$2" 2>/dev/null', 'sh', sig, p], { timeoutMs: 60_000 }).catch(() => undefined);
        if (await w.gone(this.termGraceMs)) return;
      }
    }
    proc.kill();
    await w.gone(this.termGraceMs);
  }

  /** Whether `proc` has exited, and a wait for that of at most `ms` (true when it did). */
  private watch(proc: RunnerProcess): { ended: () => boolean; gone: (ms: number) => Promise<boolean> } {
    let ended = false;
    void proc.status.then(() => (ended = true));
    return { ended: () => ended, gone: (ms) => Promise.race([proc.status.then(() => true), delay(ms).then(() => false)]) };
  }

  /** Cancels the `xl migrate` of `dom` running as `proc` (see {@link Xl.migrate}): cuts its stream, or lets a hand-over finish. */
  private async cutMigration(dom: string, proc: RunnerProcess, pid: Promise<string | undefined>): Promise<void> {
    const w = this.watch(proc);
    const p = await Promise.race([pid, delay(this.termGraceMs).then(() => undefined)]);
    if (p !== undefined && /^\d+$/.test(p) && !w.ended()) {
      const name = await this.raw(['domname', dom], 'query').then((r) => (r.code === 0 ? r.stdout.trim() : ''), () => '');
      // Past the hand-over: let it finish (a migrated domain is gone, its name with it).
      if (name.endsWith('--migratedaway') && (await w.gone(HANDOVER_WAIT_MS))) return;
      if (w.ended()) return;
      // Children of the sender only (never a pid that may have been reused: the sender is still there);
      // CONT so that a stopped child takes its TERM.
      await this.runner.run(['sh', '-c', 'pkill -TERM -P "$1"; pkill -CONT -P "$1"; true', 'sh', p], { timeoutMs: 60_000 }).catch(() => undefined);
      if (await w.gone(this.termGraceMs)) return;
    }
    await this.endProcess(proc, pid);
  }

  /** `xl vcpu-set DOM N`. */
  async vcpuSet(dom: string, count: number, o: XlCallOptions = {}): Promise<void> {
    await this.run(['vcpu-set', dom, String(count)], 'control', o);
  }

  /** `xl mem-set DOM <KiB>k`. */
  async memSet(dom: string, kib: number, o: XlCallOptions = {}): Promise<void> {
    await this.run(['mem-set', dom, `${Math.floor(kib)}k`], 'control', o);
  }

  /** `xl block-attach DOM DISKSPEC` (an xl-disk-configuration string). */
  async blockAttach(dom: string, diskSpec: string, o: XlCallOptions = {}): Promise<void> {
    await this.run(['block-attach', dom, diskSpec], 'device', o);
  }

  /** `xl block-detach DOM DEV` (virtual device name or devid). */
  async blockDetach(dom: string, dev: string, o: XlCallOptions = {}): Promise<void> {
    await this.run(['block-detach', dom, dev], 'device', o);
  }

  /** `xl network-attach DOM KEY=VALUE...` (xl-network-configuration settings). */
  async networkAttach(dom: string, settings: readonly string[], o: XlCallOptions = {}): Promise<void> {
    await this.run(['network-attach', dom, ...settings], 'device', o);
  }

  /** `xl network-detach DOM DEVID|MAC`. */
  async networkDetach(dom: string, dev: string, o: XlCallOptions = {}): Promise<void> {
    await this.run(['network-detach', dom, dev], 'device', o);
  }

  /** The argv of `xl console [-t TYPE] [-n NUM] DOM`, for a runner's interactive session. */
  consoleArgv(dom: string, o: { type?: 'pv' | 'serial'; num?: number } = {}): string[] {
    return [this.xl, 'console', ...(o.type ? ['-t', o.type] : []), ...(o.num !== undefined ? ['-n', String(o.num)] : []), dom];
  }

  /**
   * Reads what the domain's console shows for `ms` milliseconds (`xl console`
   * run with a deadline; the output collected so far is returned).
   */
  async console(dom: string, o: { ms?: number; type?: 'pv' | 'serial'; signal?: AbortSignal } = {}): Promise<string> {
    const ms = o.ms ?? 2000;
    // `timeout` ends xl console (which otherwise never exits) on the target itself.
    const argv = ['timeout', String(Math.max(1, Math.ceil(ms / 1000))), ...this.consoleArgv(dom, o.type ? { type: o.type } : {})];
    const res = await this.runner.run(argv, { timeoutMs: ms + 30_000, ...(o.signal ? { signal: o.signal } : {}) });
    if (res.code !== 0 && res.code !== 124) throw xlError(argv, res, this.runner.target, 'xl console');
    return res.stdout;
  }
}
