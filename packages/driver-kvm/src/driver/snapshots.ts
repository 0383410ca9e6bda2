/**
 * Domain snapshots on real QEMU, libvirt style.
 *
 * - **Internal** (the default): the disks' state goes into their qcow2
 *   images. A running domain is snapshotted with the QMP `snapshot-save`
 *   job (QEMU ≥ 6.0; memory included, stored in the first disk), a shut-off
 *   one with `qemu-img snapshot -c` per disk. Revert uses `snapshot-load`
 *   (starting the domain paused first when the snapshot was taken running,
 *   like libvirt) or `qemu-img snapshot -a`; delete uses `snapshot-delete`
 *   or `qemu-img snapshot -d`.
 * - **External disk-only** (`diskOnly`, or `<disk snapshot='external'>`):
 *   every disk gets a new qcow2 overlay backed by its current image
 *   (`qemu-img create -b` when shut off; `blockdev-create` + `blockdev-add`
 *   + a `blockdev-snapshot` transaction while running), and the live and
 *   persistent definitions switch to the overlays. Reverting to an external
 *   snapshot is not supported (libvirt limits it too); listing and deleting
 *   the metadata work.
 *
 * Metadata lives under the domain's data directory: one
 * `snapshots/<name>.xml` per snapshot (`<domainsnapshot>` with the domain
 * definition at that time, the parent, creation time and state), plus
 * `snapshots/index.json` with the current snapshot and the creation order.
 * Every file is written atomically; a lock file serialises changes.
 * @module
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join } from 'node:path';
import {
  ErrorCode, HypervisorError, PolyvisorError, formatDomainSnapshotXml, parseDomainSnapshotXml, validateName,
  type CallContext, type DiskSpec, type DomainSnapshotSpec, type DomainSpec, type SnapshotDisk, type SnapshotInfo,
} from '@polyvisor/core';
import type { QmpClient } from '../qmp/client.js';
import { GuestAgentClient } from '../qga/client.js';
import type { DomainAccess, RunningDomain } from './access.js';
import { acquireLock, ensurePrivateDir, readFileIfExists, writeFileAtomic, type FileLock } from './store.js';

const DRIVER = 'kvm';

/**
 * Lifecycle steps a revert may need that only the domain sub-driver can do.
 * Each returns a fresh {@link DomainAccess} of the domain afterwards.
 */
export interface SnapshotLifecycle {
  /** Starts the (shut-off, persistent) domain, paused when `paused`. */
  start(paused: boolean): Promise<DomainAccess>;
  /** Stops the running domain at once (like `destroy`). */
  destroy(): Promise<DomainAccess>;
}

/** Options of {@link createSnapshot} (as in `DomainDriver.createSnapshot`). */
export interface CreateSnapshotOptions {
  /** External disk-only snapshot (overlays, no memory). */
  diskOnly?: boolean;
  /** Freeze the guest's filesystems through the guest agent meanwhile (disk-only, running). */
  quiesce?: boolean;
}

/** Options of {@link revertToSnapshot}. */
export interface RevertSnapshotOptions {
  /** End paused. */
  paused?: boolean;
  /** End running. */
  running?: boolean;
}

/** Options of {@link deleteSnapshot}. */
export interface DeleteSnapshotOptions {
  /** Delete the descendants too. */
  children?: boolean;
}

interface Index {
  version: 1;
  current?: string;
  order: string[];
}

interface Store {
  dir: string;
  acc: DomainAccess;
}

interface Loaded {
  snaps: Map<string, DomainSnapshotSpec>;
  order: string[];
  current: string | undefined;
}

// ------------------------------------------------------------------ errors

function fail(code: ErrorCode, acc: { name: string }, op: string, message: string, cause?: unknown): PolyvisorError {
  return new PolyvisorError(code, `domain "${acc.name}": ${message}`, { driver: DRIVER, operation: op, ...(cause ? { cause } : {}) });
}

function notFound(acc: { name: string }, op: string, name: string): PolyvisorError {
  return fail(ErrorCode.INVALID_ARG, acc, op, `snapshot not found: no domain snapshot with matching name '${name}'`);
}

// ------------------------------------------------------------------ metadata store

async function openStore(acc: DomainAccess): Promise<Store> {
  const dir = join(await acc.dataDir(), 'snapshots');
  await ensurePrivateDir(dir);
  return { dir, acc };
}

function lockStore(s: Store, ctx: CallContext): Promise<FileLock> {
  return acquireLock(join(s.dir, '.lock'), { waitMs: 300_000, what: `snapshots of domain "${s.acc.name}"`, signal: ctx.signal });
}

async function load(s: Store): Promise<Loaded> {
  const snaps = new Map<string, DomainSnapshotSpec>();
  for (const f of await readdir(s.dir).catch(() => [] as string[])) {
    if (!f.endsWith('.xml') || f.startsWith('.')) continue;
    const text = await readFileIfExists(join(s.dir, f));
    if (text === undefined) continue;
    try {
      const spec = parseDomainSnapshotXml(text);
      if (spec.name) snaps.set(spec.name, spec);
    } catch {
      // A corrupt metadata file is skipped (libvirt logs and moves on).
    }
  }
  let idx: Index = { version: 1, order: [] };
  const raw = await readFileIfExists(join(s.dir, 'index.json'));
  if (raw) {
    try {
      const j = JSON.parse(raw) as Partial<Index>;
      idx = { version: 1, order: Array.isArray(j.order) ? j.order.filter((n) => typeof n === 'string') : [], ...(typeof j.current === 'string' ? { current: j.current } : {}) };
    } catch {
      /* rebuilt below */
    }
  }
  const order = idx.order.filter((n) => snaps.has(n));
  const rest = [...snaps.values()].filter((x) => !order.includes(x.name!)).sort((a, b) => (a.creationTime ?? 0) - (b.creationTime ?? 0) || a.name!.localeCompare(b.name!));
  order.push(...rest.map((x) => x.name!));
  return { snaps, order, current: idx.current && snaps.has(idx.current) ? idx.current : undefined };
}

async function writeSnap(s: Store, spec: DomainSnapshotSpec): Promise<void> {
  await writeFileAtomic(join(s.dir, `${spec.name!}.xml`), formatDomainSnapshotXml(spec));
}

async function writeIndex(s: Store, l: Loaded): Promise<void> {
  const idx: Index = { version: 1, order: l.order, ...(l.current ? { current: l.current } : {}) };
  await writeFileAtomic(join(s.dir, 'index.json'), `${JSON.stringify(idx, null, 2)}\n`);
}

function kindOf(spec: DomainSnapshotSpec): SnapshotInfo['kind'] {
  return (spec.disks ?? []).some((d) => d.snapshot === 'external') ? 'external' : 'internal';
}

function info(spec: DomainSnapshotSpec, current: string | undefined): SnapshotInfo {
  return {
    name: spec.name!,
    ...(spec.parent ? { parent: spec.parent } : {}),
    creationTime: spec.creationTime ?? 0,
    state: spec.state ?? 'shutoff',
    current: spec.name === current,
    kind: kindOf(spec),
  };
}

function lookup(l: Loaded, acc: { name: string }, op: string, name: string): DomainSnapshotSpec {
  const s = l.snaps.get(name);
  if (!s) throw notFound(acc, op, name);
  return s;
}

/** Names of every descendant of `name`, children before grandchildren. */
function descendants(l: Loaded, name: string): string[] {
  const out: string[] = [];
  const queue = [name];
  while (queue.length) {
    const p = queue.shift()!;
    for (const n of l.order) {
      if (l.snaps.get(n)?.parent === p && !out.includes(n)) {
        out.push(n);
        queue.push(n);
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------ host commands

/** Runs `qemu-img` (or `$POLYVISOR_QEMU_IMG`) with an argv array; resolves with stdout. */
function qemuImg(args: string[], acc: { name: string }, op: string, ctx: CallContext): Promise<string> {
  const bin = process.env.POLYVISOR_QEMU_IMG ?? 'qemu-img';
  return new Promise((resolve, reject) => {
    execFile(bin, args, { signal: ctx.signal, maxBuffer: 16 << 20, env: { ...process.env, LC_ALL: 'C' } }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const e = err as NodeJS.ErrnoException & { code?: unknown };
      if (e.code === 'ENOENT') return reject(fail(ErrorCode.SYSTEM_ERROR, acc, op, `cannot run '${bin}': not found`, err));
      if (e.name === 'AbortError') return reject(ctx.signal.reason instanceof Error ? ctx.signal.reason : fail(ErrorCode.ABORTED, acc, op, `${bin} aborted`, err));
      const text = (stderr || stdout || e.message).toString().trim().replace(/^qemu-img: /, '');
      reject(new HypervisorError(`domain "${acc.name}": qemu-img ${args.slice(0, 2).join(' ')} failed: ${text}`, { driver: DRIVER, operation: op, cause: err, detail: { argv: [bin, ...args], stderr: text } }));
    });
  });
}

/** A QEMU identifier (job id, node name): ≤ 31 characters, starting with a letter. */
function qemuId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

interface JobStatusData {
  id: string;
  status: string;
}

/**
 * Runs a QMP command that starts a job (`snapshot-save`, `blockdev-create`,
 * ...), waits for it to conclude through `JOB_STATUS_CHANGE`, reads its
 * error from `query-jobs` and dismisses it. Rejects with the job's error text.
 */
async function runJob(qmp: QmpClient, command: string, args: Record<string, unknown>, acc: { name: string }, op: string, ctx: CallContext): Promise<void> {
  const jobId = qemuId('pvjob');
  const sub = qmp.events({ names: ['JOB_STATUS_CHANGE'], signal: ctx.signal });
  let closedWatch: (() => void) | undefined;
  const closed = new Promise<never>((_, reject) => {
    let live = true;
    closedWatch = () => (live = false);
    void qmp.closed.then(() => {
      if (live) reject(fail(ErrorCode.OPERATION_FAILED, acc, op, `QEMU exited while the ${command} job was running`));
    });
  });
  closed.catch(() => undefined);
  try {
    await qmp.execute(command, { 'job-id': jobId, ...args }, { signal: ctx.signal });
    for (;;) {
      const r = await Promise.race([sub.next(), closed]);
      if (r.done) throw fail(ErrorCode.OPERATION_FAILED, acc, op, `lost the QMP event stream while the ${command} job was running`);
      const d = r.value.data as unknown as JobStatusData;
      if (d.id === jobId && (d.status === 'concluded' || d.status === 'null')) break;
    }
  } catch (err) {
    if (ctx.signal.aborted) await qmp.execute('job-cancel', { id: jobId }).catch(() => undefined);
    throw err;
  } finally {
    closedWatch?.();
    sub.close();
  }
  const jobs = (await qmp.execute('query-jobs')) as Array<{ id: string; status: string; error?: string }>;
  const job = jobs.find((j) => j.id === jobId);
  if (job && job.status === 'concluded') await qmp.execute('job-dismiss', { id: jobId }).catch(() => undefined);
  if (job?.error) throw new HypervisorError(`domain "${acc.name}": ${command} failed: ${job.error}`, { driver: DRIVER, operation: op, detail: { command, job: jobId, error: job.error } });
}

// ------------------------------------------------------------------ disks

interface BlockInfo {
  device: string;
  qdev?: string;
  inserted?: { file: string; 'node-name'?: string; ro: boolean; drv: string; image?: { filename: string; format: string; 'virtual-size': number } };
}

/** Disks a snapshot covers: guest disks with a file source that are writable and not `snapshot='no'`. */
function snapshotDisks(def: DomainSpec, requested: SnapshotDisk[] | undefined): DiskSpec[] {
  return (def.devices?.disks ?? []).filter((d) => {
    if (d.device === 'cdrom' || d.device === 'floppy' || d.readonly) return false;
    if (!d.source?.file && !d.source?.dev && !d.source?.name) return false;
    const req = requested?.find((r) => r.name === d.target.dev || r.name === d.source?.file);
    const mode = req?.snapshot ?? d.snapshot;
    return mode !== 'no';
  });
}

function diskFmt(d: DiskSpec): string {
  return d.driver?.type ?? 'raw';
}

/** The top node name (format layer) QEMU uses for each disk, matched by image file name. */
async function topNodes(run: RunningDomain, disks: DiskSpec[], acc: { name: string }, op: string, ctx: CallContext): Promise<Array<{ disk: DiskSpec; node: string; format: string; size: number; file: string }>> {
  const blocks = ((await run.qmp.execute('query-block', undefined, { signal: ctx.signal })) as BlockInfo[]).filter((b) => b.inserted);
  const allDisks = (run.liveSpec().devices?.disks ?? []).filter((d) => d.source?.file || d.source?.dev || d.source?.name);
  const withQdev = blocks.filter((b) => b.qdev);
  return disks.map((d) => {
    const path = d.source?.file ?? d.source?.dev;
    let b = blocks.find((x) => x.inserted!.file === path || x.inserted!.image?.filename === path);
    if (!b) {
      // Fall back to device order (QEMU lists backends in the order they were created).
      const i = allDisks.findIndex((x) => x.target.dev === d.target.dev);
      b = i >= 0 ? withQdev[i] : undefined;
    }
    const node = b?.inserted?.['node-name'];
    if (!b || !node) throw fail(ErrorCode.OPERATION_FAILED, acc, op, `cannot find the block node of disk '${d.target.dev}'`);
    return { disk: d, node, format: b.inserted!.drv, size: b.inserted!.image?.['virtual-size'] ?? 0, file: path ?? b.inserted!.file };
  });
}

/** Rejects disks that cannot hold internal snapshots (like libvirt: qcow2 files only). */
function checkInternal(disks: DiskSpec[], acc: { name: string }, op: string): void {
  for (const d of disks) {
    if (d.type !== 'file' || !d.source?.file) throw fail(ErrorCode.OPERATION_INVALID, acc, op, `internal snapshot for disk ${d.target.dev} unsupported for storage type ${d.type}`);
    if (diskFmt(d) !== 'qcow2') throw fail(ErrorCode.OPERATION_INVALID, acc, op, `internal snapshot for disk ${d.target.dev} unsupported for storage type ${diskFmt(d)} (disk '${d.source.file}' is not qcow2)`);
  }
  if (disks.length === 0) throw fail(ErrorCode.OPERATION_INVALID, acc, op, 'internal snapshot needs at least one writable qcow2 disk');
}

/** libvirt's default overlay name: the image path without its extension, plus `.<snapshot>`. */
function defaultOverlay(file: string, snap: string): string {
  const ext = extname(file);
  const stem = ext && ext.length <= 8 ? file.slice(0, -ext.length) : file;
  return `${stem}.${snap}`;
}

function setDiskSource(def: DomainSpec, target: string, file: string, format: string): void {
  const d = def.devices?.disks.find((x) => x.target.dev === target);
  if (!d) return;
  d.source = { ...(d.source ?? { hosts: [] }), file };
  d.driver = { ...(d.driver ?? {}), type: format };
}

// ------------------------------------------------------------------ create

/**
 * Takes a snapshot (internal by default; external disk-only with
 * `opts.diskOnly` or `<disk snapshot='external'>`). Throws `DUPLICATE` for
 * an existing name, `OPERATION_INVALID` for disks that cannot be
 * snapshotted that way, `UNSUPPORTED` for external memory or a mix of modes.
 */
export async function createSnapshot(acc: DomainAccess, input: DomainSnapshotSpec, opts: CreateSnapshotOptions, ctx: CallContext): Promise<SnapshotInfo> {
  const op = 'domains.createSnapshot';
  const name = input.name ?? String(Math.floor(Date.now() / 1000));
  try {
    validateName(name, 'snapshot');
  } catch (err) {
    throw fail(ErrorCode.INVALID_ARG, acc, op, (err as Error).message, err);
  }
  const run = acc.running;
  const def = run ? run.liveSpec() : acc.persistentSpec();
  if (!def) throw fail(ErrorCode.OPERATION_INVALID, acc, op, 'domain has no definition');
  const requested = input.disks;
  for (const r of requested ?? []) {
    if (!(def.devices?.disks ?? []).some((d) => d.target.dev === r.name || d.source?.file === r.name)) throw fail(ErrorCode.INVALID_ARG, acc, op, `no disk named '${r.name}'`);
  }
  const external = opts.diskOnly === true || (requested ?? []).some((r) => r.snapshot === 'external');
  if (external && (requested ?? []).some((r) => r.snapshot === 'internal')) throw fail(ErrorCode.UNSUPPORTED, acc, op, 'mixing internal and external disk snapshots is not supported');
  if (input.memory && input.memory.snapshot === 'external') throw fail(ErrorCode.UNSUPPORTED, acc, op, 'external memory snapshots are not supported');
  if (external && input.memory?.snapshot === 'internal') throw fail(ErrorCode.UNSUPPORTED, acc, op, 'internal memory with external disk snapshots is not supported');
  if (opts.quiesce && !(external && run)) throw fail(ErrorCode.OPERATION_INVALID, acc, op, 'quiesce requires a disk-only snapshot of a running domain');
  const disks = snapshotDisks(def, requested);

  const s = await openStore(acc);
  const lock = await lockStore(s, ctx);
  try {
    const l = await load(s);
    if (l.snaps.has(name)) throw fail(ErrorCode.DUPLICATE, acc, op, `domain snapshot '${name}' already exists`);
    const spec: DomainSnapshotSpec = {
      name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      creationTime: Math.floor(Date.now() / 1000),
      ...(l.current ? { parent: l.current } : {}),
      domain: structuredClone(def),
      ...(input.extra ? { extra: input.extra } : {}),
    };
    if (external) {
      spec.state = run ? 'disk-snapshot' : 'shutoff';
      spec.memory = { snapshot: 'no' };
      spec.disks = await createExternal(acc, name, disks, requested, opts, ctx);
    } else {
      checkInternal(disks, acc, op);
      spec.disks = disks.map((d) => ({ name: d.target.dev, snapshot: 'internal' }));
      if (run) {
        if (!run.qmp.hasCommand('snapshot-save')) throw fail(ErrorCode.UNSUPPORTED, acc, op, 'internal snapshots of a running domain need QEMU 6.0 or later (snapshot-save)');
        spec.state = run.status.state === 'paused' ? 'paused' : 'running';
        spec.memory = { snapshot: 'internal' };
        const nodes = await topNodes(run, disks, acc, op, ctx);
        await runJob(run.qmp, 'snapshot-save', { tag: name, vmstate: nodes[0]!.node, devices: nodes.map((n) => n.node) }, acc, op, ctx);
      } else {
        spec.state = 'shutoff';
        spec.memory = { snapshot: 'no' };
        const done: string[] = [];
        try {
          for (const d of disks) {
            await qemuImg(['snapshot', '-c', name, d.source!.file!], acc, op, ctx);
            done.push(d.source!.file!);
          }
        } catch (err) {
          for (const f of done) await qemuImg(['snapshot', '-d', name, f], acc, op, { signal: AbortSignal.timeout(30_000) }).catch(() => undefined);
          throw err;
        }
      }
    }
    for (const d of def.devices?.disks ?? []) {
      if (!spec.disks.some((x) => x.name === d.target.dev)) spec.disks.push({ name: d.target.dev, snapshot: 'no' });
    }
    await writeSnap(s, spec);
    l.snaps.set(name, spec);
    l.order.push(name);
    l.current = name;
    await writeIndex(s, l);
    return info(spec, l.current);
  } finally {
    await lock.release();
  }
}

async function createExternal(acc: DomainAccess, snap: string, disks: DiskSpec[], requested: SnapshotDisk[] | undefined, opts: CreateSnapshotOptions, ctx: CallContext): Promise<SnapshotDisk[]> {
  const op = 'domains.createSnapshot';
  if (disks.length === 0) throw fail(ErrorCode.OPERATION_INVALID, acc, op, 'disk-only snapshot needs at least one writable disk');
  const plan = disks.map((d) => {
    if (d.type !== 'file' || !d.source?.file) throw fail(ErrorCode.OPERATION_INVALID, acc, op, `external snapshot for disk ${d.target.dev} unsupported for storage type ${d.type}`);
    const req = requested?.find((r) => r.name === d.target.dev || r.name === d.source?.file);
    const overlay = req?.sourceFile ?? defaultOverlay(d.source.file, snap);
    if (!isAbsolute(overlay)) throw fail(ErrorCode.INVALID_ARG, acc, op, `external snapshot file for disk ${d.target.dev} must be an absolute path: '${overlay}'`);
    if (req?.driverType && req.driverType !== 'qcow2') throw fail(ErrorCode.UNSUPPORTED, acc, op, `external snapshot format '${req.driverType}' for disk ${d.target.dev} is not supported (qcow2 only)`);
    if (existsSync(overlay)) throw fail(ErrorCode.OPERATION_INVALID, acc, op, `external snapshot file for disk ${d.target.dev} already exists: '${overlay}'`);
    if (!existsSync(dirname(overlay))) throw fail(ErrorCode.INVALID_ARG, acc, op, `directory of external snapshot file for disk ${d.target.dev} does not exist: '${overlay}'`);
    return { disk: d, base: d.source.file, format: diskFmt(d), overlay };
  });
  if (new Set(plan.map((p) => p.overlay)).size !== plan.length) throw fail(ErrorCode.INVALID_ARG, acc, op, 'two disks would share one external snapshot file');
  const created: string[] = [];
  const run = acc.running;
  try {
    if (run) {
      const nodes = await topNodes(run, disks, acc, op, ctx);
      const added: string[] = [];
      const actions: Array<{ type: 'blockdev-snapshot'; data: { node: string; overlay: string } }> = [];
      let agent: GuestAgentClient | undefined;
      try {
        for (const [i, p] of plan.entries()) {
          const n = nodes[i]!;
          const file = qemuId('pvov') + '-f';
          const fmt = file.replace(/-f$/, '-q');
          await runJob(run.qmp, 'blockdev-create', { options: { driver: 'file', filename: p.overlay, size: 0 } }, acc, op, ctx);
          created.push(p.overlay);
          await run.qmp.execute('blockdev-add', { driver: 'file', filename: p.overlay, 'node-name': file, 'auto-read-only': true, discard: 'unmap' }, { signal: ctx.signal });
          added.push(file);
          await runJob(run.qmp, 'blockdev-create', { options: { driver: 'qcow2', file, size: n.size, 'backing-file': p.base, 'backing-fmt': n.format } }, acc, op, ctx);
          await run.qmp.execute('blockdev-add', { driver: 'qcow2', 'node-name': fmt, file, backing: null, 'read-only': false }, { signal: ctx.signal });
          added.push(fmt);
          actions.push({ type: 'blockdev-snapshot', data: { node: n.node, overlay: fmt } });
        }
        if (opts.quiesce) {
          const qga = run.status.qgaPath;
          if (!qga) throw fail(ErrorCode.OPERATION_INVALID, acc, op, 'quiesce requires the QEMU guest agent channel');
          agent = await GuestAgentClient.connect({ path: qga }, { signal: ctx.signal, timeoutMs: 10_000 });
          await agent.fsfreezeFreeze({ signal: ctx.signal });
        }
        try {
          await run.qmp.execute('transaction', { actions }, { signal: ctx.signal });
        } finally {
          if (agent) {
            await agent.fsfreezeThaw().catch(() => undefined);
            await agent.close().catch(() => undefined);
          }
        }
      } catch (err) {
        // The overlays never became active: drop their nodes (top first) before the files go.
        for (const node of added.reverse()) await run.qmp.execute('blockdev-del', { 'node-name': node }).catch(() => undefined);
        throw err;
      }
      await run.updateLive((spec) => {
        for (const p of plan) setDiskSource(spec, p.disk.target.dev, p.overlay, 'qcow2');
      });
    } else {
      for (const p of plan) {
        created.push(p.overlay);
        await qemuImg(['create', '-f', 'qcow2', '-F', p.format, '-b', p.base, p.overlay], acc, op, ctx);
      }
    }
  } catch (err) {
    for (const f of created) await rm(f, { force: true }).catch(() => undefined);
    throw err;
  }
  if (acc.persistentSpec()) {
    await acc.updatePersistent((spec) => {
      for (const p of plan) {
        const d = spec.devices?.disks.find((x) => x.target.dev === p.disk.target.dev);
        // Only follow the overlay when the persistent disk is the one we snapshotted.
        if (d && d.source?.file === p.base) setDiskSource(spec, p.disk.target.dev, p.overlay, 'qcow2');
      }
    });
  }
  return plan.map((p) => ({ name: p.disk.target.dev, snapshot: 'external', driverType: 'qcow2', sourceFile: p.overlay }));
}

// ------------------------------------------------------------------ queries

/** Lists a domain's snapshots in creation order. */
export async function listSnapshots(acc: DomainAccess): Promise<SnapshotInfo[]> {
  const l = await load(await openStore(acc));
  return l.order.map((n) => info(l.snaps.get(n)!, l.current));
}

/** A snapshot's definition; `INVALID_ARG` ("snapshot not found") when unknown. */
export async function getSnapshotSpec(acc: DomainAccess, name: string): Promise<DomainSnapshotSpec> {
  const l = await load(await openStore(acc));
  return structuredClone(lookup(l, acc, 'domains.getSnapshotSpec', name));
}

// ------------------------------------------------------------------ revert

function isActiveState(state: string | undefined): boolean {
  return state === 'running' || state === 'paused' || state === 'blocked' || state === 'pmsuspended';
}

/** Points the persistent definition's disks back at the images the snapshot was taken on. */
async function restoreDiskSources(acc: DomainAccess, snap: DomainSnapshotSpec): Promise<void> {
  const old = snap.domain?.devices?.disks ?? [];
  if (!acc.persistentSpec() || old.length === 0) return;
  await acc.updatePersistent((spec) => {
    for (const d of spec.devices?.disks ?? []) {
      const o = old.find((x) => x.target.dev === d.target.dev);
      if (o?.source?.file && d.source?.file !== o.source.file) setDiskSource(spec, d.target.dev, o.source.file, diskFmt(o));
    }
  });
}

/**
 * Reverts to an internal snapshot. A snapshot taken running is loaded with
 * `snapshot-load` (the domain is started paused first when shut off); one
 * taken shut off destroys a running domain and applies `qemu-img snapshot
 * -a`. The domain ends in the snapshot's state unless `paused`/`running`
 * say otherwise. External snapshots: `UNSUPPORTED`.
 */
export async function revertToSnapshot(acc: DomainAccess, name: string, opts: RevertSnapshotOptions, ctx: CallContext, life: SnapshotLifecycle): Promise<void> {
  const op = 'domains.revertToSnapshot';
  if (opts.paused && opts.running) throw fail(ErrorCode.INVALID_ARG, acc, op, "'paused' and 'running' are mutually exclusive");
  const s = await openStore(acc);
  const lock = await lockStore(s, ctx);
  try {
    const l = await load(s);
    const snap = lookup(l, acc, op, name);
    if (kindOf(snap) === 'external') throw fail(ErrorCode.UNSUPPORTED, acc, op, `revert to external snapshot '${name}' is not supported`);
    const internal = (snap.disks ?? []).filter((d) => d.snapshot === 'internal').map((d) => d.name);
    const snapDisks = (snap.domain?.devices?.disks ?? []).filter((d) => internal.includes(d.target.dev));
    let cur = acc;
    if (isActiveState(snap.state)) {
      let started = false;
      if (!cur.running) {
        if (!cur.persistentSpec()) throw fail(ErrorCode.OPERATION_INVALID, acc, op, 'domain is not running');
        await restoreDiskSources(cur, snap);
        cur = await life.start(true);
        started = true;
      }
      try {
        const run = cur.running;
        if (!run) throw fail(ErrorCode.RESOURCE_BUSY, acc, op, 'its monitor is held by another process');
        if (!run.qmp.hasCommand('snapshot-load')) throw fail(ErrorCode.UNSUPPORTED, acc, op, 'reverting a running snapshot needs QEMU 6.0 or later (snapshot-load)');
        const live = run.liveSpec().devices?.disks ?? [];
        const disks = live.filter((d) => internal.includes(d.target.dev));
        if (disks.length === 0) throw fail(ErrorCode.OPERATION_INVALID, acc, op, `the domain has none of the disks of snapshot '${name}'`);
        const nodes = await topNodes(run, disks, acc, op, ctx);
        // Load with the vCPUs stopped, then resume only if the result should run.
        if (run.status.state === 'running') await run.qmp.execute('stop', undefined, { signal: ctx.signal });
        await runJob(run.qmp, 'snapshot-load', { tag: name, vmstate: nodes[0]!.node, devices: nodes.map((n) => n.node) }, acc, op, ctx);
        const endRunning = opts.running === true || (!opts.paused && snap.state !== 'paused');
        if (endRunning) await run.qmp.execute('cont', undefined, { signal: ctx.signal });
      } catch (err) {
        // A domain started only to load the snapshot must not stay behind half-reverted.
        if (started) await life.destroy().catch(() => undefined);
        throw err;
      }
    } else {
      if (cur.running) cur = await life.destroy();
      await restoreDiskSources(cur, snap);
      for (const d of snapDisks) {
        if (d.source?.file) await qemuImg(['snapshot', '-a', name, d.source.file], acc, op, ctx);
      }
      if (opts.running || opts.paused) await life.start(opts.paused === true);
    }
    l.current = name;
    await writeIndex(s, l);
  } finally {
    await lock.release();
  }
}

// ------------------------------------------------------------------ delete

async function deleteData(acc: DomainAccess, snap: DomainSnapshotSpec, op: string, ctx: CallContext): Promise<void> {
  if (kindOf(snap) === 'external') return; // Metadata only: the overlays stay in use.
  const name = snap.name!;
  const internal = (snap.disks ?? []).filter((d) => d.snapshot === 'internal').map((d) => d.name);
  if (internal.length === 0) return;
  const run = acc.running;
  if (run) {
    if (!run.qmp.hasCommand('snapshot-delete')) throw fail(ErrorCode.UNSUPPORTED, acc, op, 'deleting snapshots of a running domain needs QEMU 6.0 or later (snapshot-delete)');
    const disks = (run.liveSpec().devices?.disks ?? []).filter((d) => internal.includes(d.target.dev));
    if (disks.length === 0) return;
    const nodes = await topNodes(run, disks, acc, op, ctx);
    await runJob(run.qmp, 'snapshot-delete', { tag: name, devices: nodes.map((n) => n.node) }, acc, op, ctx);
    return;
  }
  for (const d of (snap.domain?.devices?.disks ?? []).filter((x) => internal.includes(x.target.dev))) {
    const file = d.source?.file;
    if (!file || !existsSync(file)) continue;
    const listing = await qemuImg(['snapshot', '-l', file], acc, op, ctx);
    const has = listing.split('\n').some((line) => line.trim().split(/\s+/)[1] === name);
    if (has) await qemuImg(['snapshot', '-d', name, file], acc, op, ctx);
  }
}

/**
 * Deletes a snapshot (with `children`, its descendants first): removes the
 * internal snapshot from the images (`snapshot-delete` job or `qemu-img
 * snapshot -d`) and its metadata. Children of a deleted snapshot are
 * re-parented to its parent; if it was current, its parent becomes current.
 */
export async function deleteSnapshot(acc: DomainAccess, name: string, opts: DeleteSnapshotOptions, ctx: CallContext): Promise<void> {
  const op = 'domains.deleteSnapshot';
  const s = await openStore(acc);
  const lock = await lockStore(s, ctx);
  try {
    const l = await load(s);
    lookup(l, acc, op, name);
    const doomed = opts.children ? [name, ...descendants(l, name)] : [name];
    // Leaves first, so a failure leaves a consistent tree behind.
    for (const n of [...doomed].reverse()) {
      const victim = l.snaps.get(n)!;
      await deleteData(acc, victim, op, ctx);
      const parent = victim.parent;
      for (const other of l.snaps.values()) {
        if (other.parent !== n || other.name === n) continue;
        if (parent) other.parent = parent;
        else delete other.parent;
        await writeSnap(s, other);
      }
      await rm(join(s.dir, `${n}.xml`), { force: true });
      l.snaps.delete(n);
      l.order = l.order.filter((x) => x !== n);
      if (l.current === n) l.current = parent;
      await writeIndex(s, l);
    }
  } finally {
    await lock.release();
  }
}

/** Where the metadata of a domain's snapshots lives (for tests and tools). */
export async function snapshotDir(acc: DomainAccess): Promise<string> {
  return (await openStore(acc)).dir;
}
