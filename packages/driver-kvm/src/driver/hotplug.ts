/**
 * Device and vCPU hotplug on a running QEMU, after libvirt's
 * `qemu_hotplug.c`: `attachDevice` / `detachDevice` / `updateDevice` /
 * `setVcpus` with libvirt's `live` / `config` semantics.
 *
 * Hot-plugged devices look exactly like cold-plugged ones: the PCI address
 * comes from the same address assignment ({@link applyQemuDefaults}) run over
 * the live definition, and the `blockdev-add` / `netdev_add` / `device_add`
 * arguments are the very JSON objects the command-line renderer emits
 * ({@link renderOneDisk}, {@link renderOneNet}), with node names
 * `libvirt-<n>-storage` / `libvirt-<n>-format` and device ids
 * (`virtio-disk1`, `net1`, ...) that become the device aliases in the live
 * XML.
 *
 * Unplug is asynchronous in QEMU: `device_del` asks the guest, which
 * releases the device later (`DEVICE_DELETED`). The call waits up to
 * {@link unplugTimeoutMs}; when the guest has not released the device by
 * then it fails with `TIMEOUT`, the device stays in the live XML, and the
 * removal is finished whenever the guest does release it.
 * @module
 */
import { randomBytes } from 'node:crypto';
import {
  ErrorCode, PolyvisorError, TimeoutError, domainEvent, parseDeviceXml,
  type CallContext, type DevicesSpec, type DiskSpec, type DomainSpec, type InterfaceSpec, type MetadataScope,
} from '@polyvisor/core';
import { applyQemuDefaults, pciOf, type PreparedDomain } from '../qemu/defaults.js';
import { Ctx } from '../qemu/argv/common.js';
import { renderOneDisk } from '../qemu/argv/disk.js';
import { renderOneNet } from '../qemu/argv/net.js';
import type { QemuCaps } from '../qemu/caps.js';
import { qmpErrorClass, type QmpClient } from '../qmp/client.js';
import { DEFAULT_EMULATOR, qemuCapsFor } from './argv-renderer.js';
import type { DomainAccess, RunningDomain } from './access.js';

const DRIVER = 'kvm';

/**
 * Opens a domain's {@link DomainAccess}; with `needRunning` it fails with
 * `OPERATION_INVALID` unless the domain runs (or `RESOURCE_BUSY` when another
 * process holds its monitor). The driver passes a closure over its `access()`.
 */
export type AccessOpener = (needRunning: boolean) => Promise<DomainAccess>;

/** After a device has left the QOM tree, how long an unplug waits for its own `DEVICE_DELETED` (ms). */
const OWN_EVENT_GRACE_MS = 1000;

/** Default time to wait for the guest to release an unplugged device (`DEVICE_DELETED`). */
export const DEFAULT_UNPLUG_TIMEOUT_MS = 10_000;

/**
 * How long an unplug waits for `DEVICE_DELETED`: `POLYVISOR_UNPLUG_TIMEOUT_MS`
 * from the environment when set to a positive number, else
 * {@link DEFAULT_UNPLUG_TIMEOUT_MS}. Read at every call.
 */
export function unplugTimeoutMs(): number {
  const v = Number(process.env.POLYVISOR_UNPLUG_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_UNPLUG_TIMEOUT_MS;
}

// ---------------------------------------------------------------------------
// Plumbing

/** The definitions one call changes. */
interface Targets {
  acc: DomainAccess;
  /** Set when the live definition changes. */
  live?: RunningDomain;
  /** The persistent definition changes. */
  config: boolean;
}

function err(code: ErrorCode, acc: { name: string }, op: string, msg: string): PolyvisorError {
  return new PolyvisorError(code, `domain "${acc.name}": ${msg}`, { driver: DRIVER, operation: op });
}

/** libvirt's flag semantics: `live` / `config` / neither = live when running, else config. */
async function resolveTargets(open: AccessOpener, scope: MetadataScope, op: string): Promise<Targets> {
  let acc: DomainAccess;
  if (scope.config && !scope.live) acc = await open(false);
  else {
    try {
      acc = await open(true);
    } catch (e) {
      // Not running: without explicit `live`, the call is about the persistent definition.
      if (scope.live || !(e instanceof PolyvisorError) || e.code !== ErrorCode.OPERATION_INVALID) throw e;
      acc = await open(false);
    }
  }
  const live = scope.live === true || (!scope.config && acc.running !== undefined);
  const config = scope.config === true || (!scope.live && acc.running === undefined);
  if (live && !acc.running) throw err(ErrorCode.OPERATION_INVALID, acc, op, 'domain is not running');
  if (config && !acc.persistentSpec()) throw err(ErrorCode.OPERATION_INVALID, acc, op, 'cannot change persistent config of a transient domain');
  return { acc, ...(live ? { live: acc.running! } : {}), config };
}

const queues = new Map<string, Promise<unknown>>();

/** Runs hotplug operations of one domain one at a time (slot and node-name choices must not race). */
async function serialized<T>(uuid: string, fn: () => Promise<T>): Promise<T> {
  const prev = queues.get(uuid) ?? Promise.resolve();
  const run = prev.catch(() => undefined).then(fn);
  const tail = run.catch(() => undefined);
  queues.set(uuid, tail);
  try {
    return await run;
  } finally {
    if (queues.get(uuid) === tail) queues.delete(uuid);
  }
}

function devicesOf(spec: DomainSpec): DevicesSpec {
  if (!spec.devices) spec.devices = { disks: [], controllers: [], interfaces: [], serials: [], parallels: [], consoles: [], channels: [], inputs: [], tpms: [], graphics: [], sounds: [], videos: [], hostdevs: [], watchdogs: [], rngs: [], panics: [] };
  return spec.devices;
}

async function capsOf(acc: DomainAccess, running: RunningDomain, signal: AbortSignal): Promise<QemuCaps> {
  return qemuCapsFor(running.status.emulator || running.liveSpec().devices?.emulator || DEFAULT_EMULATOR, acc.paths.cacheDir, signal);
}

/** Runs a renderer function on a scratch context and returns its options as (option, JSON object) pairs. */
function renderArgs(p: PreparedDomain, fn: (ctx: Ctx) => void): Array<[string, Record<string, unknown>]> {
  const ctx = new Ctx(p, {});
  fn(ctx);
  const out: Array<[string, Record<string, unknown>]> = [];
  for (let i = 0; i + 1 < ctx.argv.length; i += 2) out.push([ctx.argv[i]!, JSON.parse(ctx.argv[i + 1]!) as Record<string, unknown>]);
  return out;
}

/** The QEMU device id of each disk of a prepared domain (its alias when it has one), by target. */
function diskIds(p: PreparedDomain): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of p.spec.devices!.disks) {
    let id = d.alias?.name;
    if (!id) {
      try {
        id = renderArgs(p, (c) => renderOneDisk(c, d, 1)).find((a) => a[0] === '-device')?.[1].id as string | undefined;
      } catch {
        id = undefined; // a disk the renderer cannot express has no id to remember
      }
    }
    if (id) out.set(d.target.dev, id);
  }
  return out;
}

/** The prepared form of a disk, by target (the defaults reorder disks like libvirt's parser). */
function preparedDisk(p: PreparedDomain, dev: string): DiskSpec {
  return p.spec.devices!.disks.find((d) => d.target.dev === dev)!;
}

/** The QEMU device id of each interface (`net<i>` by position at start, or its alias). */
function netIds(spec: DomainSpec): string[] {
  return (spec.devices?.interfaces ?? []).map((n, i) => n.alias?.name ?? `net${i}`);
}

/**
 * Writes the aliases of disks and interfaces into a live definition (libvirt's
 * live XML always has them), so devices keep their QEMU ids once the device
 * lists change. `p` is the prepared form of the same live definition.
 */
function fillAliases(live: DomainSpec, p: PreparedDomain): void {
  const dev = devicesOf(live);
  const ids = diskIds(p);
  for (const d of dev.disks) {
    const id = ids.get(d.target.dev);
    if (!d.alias && id) d.alias = { name: id };
  }
  const nids = netIds(live);
  dev.interfaces.forEach((n, i) => {
    if (!n.alias) n.alias = { name: nids[i]! };
  });
}

function pciControllers(p: PreparedDomain): number {
  return p.spec.devices!.controllers.filter((c) => c.type === 'pci').length;
}

/**
 * Prepares the live definition with one more device: returns the prepared
 * current definition and the new device with its defaults and address.
 */
function prepareWith<T>(acc: DomainAccess, op: string, live: DomainSpec, caps: QemuCaps, push: (d: DevicesSpec) => void, pick: (d: DevicesSpec) => T): { p0: PreparedDomain; p1: PreparedDomain; dev: T } {
  const p0 = applyQemuDefaults(live, caps);
  // Everything in p0 has an address now, so the second pass places only the new device.
  const full = structuredClone(p0.spec);
  push(devicesOf(full));
  let p1: PreparedDomain;
  try {
    p1 = applyQemuDefaults(full, caps);
  } catch (e) {
    if (e instanceof PolyvisorError && /no free PCI slot/.test(e.message)) throw noSlot(acc, op, p0);
    throw e;
  }
  // The address assignment grows the bus set when nothing is free; controllers cannot be hot-plugged here.
  if (pciControllers(p1) > pciControllers(p0)) throw noSlot(acc, op, p0);
  return { p0, p1, dev: pick(p1.spec.devices!) };
}

function noSlot(acc: DomainAccess, op: string, p0: PreparedDomain): PolyvisorError {
  const hint = p0.q35 ? ": add a spare <controller type='pci' model='pcie-root-port'/> to the definition" : '';
  return err(ErrorCode.OPERATION_FAILED, acc, op, `no free hotpluggable PCI slot for the device${hint}`);
}

/** Ids of the devices under `/machine/peripheral` (devices with an id). */
async function peripheralIds(qmp: QmpClient, signal: AbortSignal): Promise<Set<string>> {
  const l = (await qmp.execute('qom-list', { path: '/machine/peripheral' }, { signal })) as Array<{ name: string; type: string }>;
  return new Set(l.filter((x) => x.type.startsWith('child<')).map((x) => x.name));
}

interface BlockInfo {
  device: string;
  qdev?: string;
  inserted?: { 'node-name'?: string; file?: string };
}

/** The `query-block` entry of the guest device with id `id`. */
async function blockOf(qmp: QmpClient, id: string, signal: AbortSignal): Promise<BlockInfo | undefined> {
  const blocks = (await qmp.execute('query-block', undefined, { signal })) as BlockInfo[];
  return blocks.find((b) => b.qdev === id || b.qdev === `/machine/peripheral/${id}` || b.qdev?.startsWith(`/machine/peripheral/${id}/`));
}

/** The node names to delete for a top node (format layer first, then its storage layer). */
function nodeChain(top: string | undefined): string[] {
  if (!top) return [];
  const m = /^libvirt-(\d+)-(format|storage)$/.exec(top);
  if (!m) return [top];
  return m[2] === 'format' ? [top, `libvirt-${m[1]}-storage`] : [top];
}

async function deleteNodes(qmp: QmpClient, nodes: string[]): Promise<void> {
  for (const n of nodes) await qmp.execute('blockdev-del', { 'node-name': n }).catch(() => undefined);
}

/** The next free block node index (libvirt keeps a per-domain counter; QEMU's node list is the truth here). */
async function nextNodeIndex(qmp: QmpClient, live: DomainSpec, signal: AbortSignal): Promise<number> {
  const nodes = (await qmp.execute('query-named-block-nodes', { flat: true }, { signal })) as Array<{ 'node-name'?: string }>;
  let max = (live.devices?.disks ?? []).filter((d) => d.source && (d.source.file || d.source.dev || d.source.dir || d.type === 'network')).length;
  for (const n of nodes) {
    const m = /^libvirt-(\d+)-/.exec(n['node-name'] ?? '');
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

/**
 * `device_del` and wait for `DEVICE_DELETED`; then `cleanup` (backends, live
 * XML). On timeout the cleanup runs later, when the guest releases the device.
 */
async function unplug(acc: DomainAccess, running: RunningDomain, id: string, op: string, signal: AbortSignal, cleanup: () => Promise<void>): Promise<void> {
  const qmp = running.qmp;
  let onDeleted!: () => void;
  const deleted = new Promise<void>((r) => (onDeleted = r));
  let checking = false;
  const unsub = qmp.on('DEVICE_DELETED', (ev) => {
    if (ev.data?.device === id) return onDeleted();
    // Some devices (x86 vCPUs in QEMU 7.2) report only their children's deletion (`.../vcpu1/lapic`):
    // the device itself is gone once it left /machine/peripheral. Others (virtio-blk-pci) report a child
    // first and then themselves: their own event is given a moment to come (it ends the wait at once), so
    // that the unplug resolves after it, as the `device-removed` event it becomes.
    if (!checking && ev.data?.path?.startsWith(`/machine/peripheral/${id}/`)) {
      checking = true;
      void (async () => {
        for (let i = 0; i < 40; i++) {
          const ids = await peripheralIds(qmp, AbortSignal.timeout(5000)).catch(() => undefined);
          if (ids && !ids.has(id)) return void setTimeout(onDeleted, OWN_EVENT_GRACE_MS);
          await new Promise((r) => setTimeout(r, 50));
        }
        checking = false;
      })();
    }
  });
  try {
    await qmp.execute('device_del', { id }, { signal });
  } catch (e) {
    unsub();
    // Already gone (released earlier, e.g. by the guest): only the bookkeeping is left.
    if (qmpErrorClass(e) === 'DeviceNotFound') return cleanup();
    throw e;
  }
  const ms = unplugTimeoutMs();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const outcome = await Promise.race([
    deleted.then(() => 'deleted' as const),
    new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms))),
    new Promise<'aborted'>((r) => {
      onAbort = () => r('aborted');
      if (signal.aborted) r('aborted');
      else signal.addEventListener('abort', onAbort, { once: true });
    }),
  ]);
  clearTimeout(timer);
  if (onAbort) signal.removeEventListener('abort', onAbort);
  if (outcome === 'deleted') {
    unsub();
    return cleanup();
  }
  // The guest has not released it yet: finish whenever it does (libvirt does the same from its event handler).
  void deleted.then(() => {
    unsub();
    return serialized(acc.uuid, cleanup);
  }).catch(() => undefined);
  void qmp.closed.then(unsub, unsub);
  if (outcome === 'aborted' && signal.reason instanceof PolyvisorError) throw signal.reason;
  throw new TimeoutError(`domain "${acc.name}": unplug of device '${id}' was requested, but the guest did not release it within ${ms} ms; it stays attached until the guest does`, { driver: DRIVER, operation: op });
}

function randomMac(): string {
  const b = randomBytes(3);
  return `52:54:00:${[...b].map((x) => x.toString(16).padStart(2, '0')).join(':')}`;
}

function sameMac(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** libvirt's `virDomainNetFindIdx`: by MAC, alias and PCI address, whichever the XML gives. */
function findInterface(list: InterfaceSpec[], want: InterfaceSpec, acc: DomainAccess, op: string): number {
  const wantPci = pciOf(want.address);
  const hits = list.flatMap((n, i) => {
    if (want.mac && !sameMac(n.mac?.address, want.mac.address)) return [];
    if (want.alias && n.alias?.name !== want.alias.name) return [];
    if (wantPci) {
      const have = pciOf(n.address);
      if (!have || have.bus !== wantPci.bus || have.slot !== wantPci.slot || have.fn !== wantPci.fn) return [];
    }
    return [i];
  });
  const what = want.mac ? `MAC address ${want.mac.address}` : want.alias ? `alias ${want.alias.name}` : 'the given interface';
  if (hits.length === 0) throw err(ErrorCode.INVALID_ARG, acc, op, `no device matching interface with ${what}`);
  if (hits.length > 1) throw err(ErrorCode.OPERATION_FAILED, acc, op, `multiple devices matching interface with ${what} found; give its MAC address`);
  return hits[0]!;
}

function findDisk(list: DiskSpec[], want: DiskSpec, acc: DomainAccess, op: string): number {
  const i = list.findIndex((d) => d.target.dev === want.target.dev);
  if (i < 0) throw err(ErrorCode.INVALID_ARG, acc, op, `no device matching disk with target '${want.target.dev}'`);
  return i;
}

// ---------------------------------------------------------------------------
// Disks

const HOTPLUG_DISK_BUSES = ['virtio', 'scsi', 'usb'];

async function attachDiskLive(acc: DomainAccess, running: RunningDomain, disk: DiskSpec, signal: AbortSignal): Promise<void> {
  const op = 'domains.attachDevice';
  const qmp = running.qmp;
  const live = running.liveSpec();
  if ((live.devices?.disks ?? []).some((d) => d.target.dev === disk.target.dev)) throw err(ErrorCode.OPERATION_INVALID, acc, op, `target ${disk.target.dev} already exists`);
  if (disk.type !== 'file' && disk.type !== 'block') throw err(ErrorCode.UNSUPPORTED, acc, op, `disk '${disk.target.dev}': hotplug of source type '${disk.type}' is not supported`);
  if (disk.device === 'disk' && !disk.source?.file && !disk.source?.dev) throw err(ErrorCode.INVALID_ARG, acc, op, `disk '${disk.target.dev}': a disk needs a source`);
  const caps = await capsOf(acc, running, signal);
  const { p0, p1, dev: nd } = prepareWith(acc, op, live, caps, (d) => d.disks.push(structuredClone(disk)), (d) => d.disks.find((x) => x.target.dev === disk.target.dev)!);
  const bus = nd.target.bus ?? 'none';
  if (!HOTPLUG_DISK_BUSES.includes(bus)) throw err(ErrorCode.UNSUPPORTED, acc, op, `disk bus '${bus}' cannot be hotplugged`);
  if (bus === 'scsi') {
    const ctl = Number(nd.address?.attrs?.controller ?? 0);
    const c = p0.spec.devices!.controllers.find((x) => x.type === 'scsi' && (x.index ?? 0) === ctl);
    if (!c) throw err(ErrorCode.OPERATION_FAILED, acc, op, `disk '${nd.target.dev}': no SCSI controller with index ${ctl}; the domain needs one (controllers are not hot-plugged)`);
  }
  const n = await nextNodeIndex(qmp, live, signal);
  const args = renderArgs(p1, (c) => renderOneDisk(c, nd, n));
  const blockdevs = args.filter((a) => a[0] === '-blockdev').map((a) => a[1]);
  const device = args.find((a) => a[0] === '-device')![1];
  const id = String(device.id);
  if ((await peripheralIds(qmp, signal)).has(id)) throw err(ErrorCode.OPERATION_INVALID, acc, op, `a device with id '${id}' already exists`);
  const added: string[] = [];
  try {
    for (const b of blockdevs) {
      await qmp.execute('blockdev-add', b, { signal });
      added.push(String(b['node-name']));
    }
    await qmp.execute('device_add', device, { signal });
  } catch (e) {
    await deleteNodes(qmp, added.reverse());
    throw e;
  }
  const entry: DiskSpec = { ...structuredClone(nd), alias: { name: id } };
  await running.updateLive((s) => {
    fillAliases(s, p0);
    devicesOf(s).disks.push(entry);
  });
  acc.publish(domainEvent('device-added', 'device', acc, { device: id }));
}

async function detachDiskLive(acc: DomainAccess, running: RunningDomain, want: DiskSpec, signal: AbortSignal): Promise<void> {
  const op = 'domains.detachDevice';
  const qmp = running.qmp;
  const live = running.liveSpec();
  const list = live.devices?.disks ?? [];
  const i = findDisk(list, want, acc, op);
  const caps = await capsOf(acc, running, signal);
  const p0 = applyQemuDefaults(live, caps);
  const d = preparedDisk(p0, list[i]!.target.dev);
  const bus = d.target.bus ?? 'none';
  if (!HOTPLUG_DISK_BUSES.includes(bus)) throw err(ErrorCode.UNSUPPORTED, acc, op, `disk bus '${bus}' cannot be hot-unplugged`);
  const id = diskIds(p0).get(d.target.dev);
  if (!id) throw err(ErrorCode.UNSUPPORTED, acc, op, `disk '${d.target.dev}': cannot tell its QEMU device id`);
  const nodes = nodeChain((await blockOf(qmp, id, signal))?.inserted?.['node-name']);
  const dev = d.target.dev;
  const cleanup = async (): Promise<void> => {
    await deleteNodes(qmp, nodes);
    await running.updateLive((s) => {
      fillAliases(s, p0);
      const ds = devicesOf(s).disks;
      const k = ds.findIndex((x) => x.alias?.name === id || (x.alias === undefined && x.target.dev === dev));
      if (k >= 0) ds.splice(k, 1);
    });
  };
  await unplug(acc, running, id, op, signal, cleanup);
}

async function updateDiskLive(acc: DomainAccess, running: RunningDomain, want: DiskSpec, signal: AbortSignal): Promise<void> {
  const op = 'domains.updateDevice';
  const qmp = running.qmp;
  const live = running.liveSpec();
  const list = live.devices?.disks ?? [];
  const i = findDisk(list, want, acc, op);
  const cur = list[i]!;
  if (cur.device !== 'cdrom' && cur.device !== 'floppy') throw err(ErrorCode.UNSUPPORTED, acc, op, `disk '${cur.target.dev}': only the media of cdrom and floppy devices can be changed`);
  if (want.device !== cur.device) throw err(ErrorCode.OPERATION_INVALID, acc, op, `disk '${cur.target.dev}': cannot change the device type from '${cur.device}' to '${want.device}'`);
  const caps = await capsOf(acc, running, signal);
  const p0 = applyQemuDefaults(live, caps);
  const id = diskIds(p0).get(cur.target.dev);
  if (!id) throw err(ErrorCode.UNSUPPORTED, acc, op, `disk '${cur.target.dev}': cannot tell its QEMU device id`);
  const hasSrc = !!(want.source?.file || want.source?.dev);
  // The new medium, prepared like a cold-plugged one (driver defaults, read-only for a cdrom).
  const merged: DiskSpec = { ...structuredClone(cur), type: want.type, ...(want.source ? { source: structuredClone(want.source) } : {}), ...(want.driver ? { driver: structuredClone(want.driver) } : {}) };
  if (!hasSrc) delete merged.source;
  if (!want.driver && merged.driver) delete merged.driver.type; // the old format does not carry over to a new image
  const next = structuredClone(live);
  devicesOf(next).disks[i] = merged;
  const p1 = applyQemuDefaults(next, caps);
  const nd = preparedDisk(p1, cur.target.dev);
  const oldNodes = nodeChain((await blockOf(qmp, id, signal))?.inserted?.['node-name']);
  let top: string | undefined;
  const added: string[] = [];
  if (hasSrc) {
    const n = await nextNodeIndex(qmp, live, signal);
    const blockdevs = renderArgs(p1, (c) => renderOneDisk(c, nd, n)).filter((a) => a[0] === '-blockdev').map((a) => a[1]);
    try {
      for (const b of blockdevs) {
        await qmp.execute('blockdev-add', b, { signal });
        added.push(String(b['node-name']));
      }
    } catch (e) {
      await deleteNodes(qmp, added.reverse());
      throw e;
    }
    top = added[added.length - 1];
  }
  try {
    await qmp.execute('blockdev-open-tray', { id, force: true }, { signal });
    await qmp.execute('blockdev-remove-medium', { id }, { signal });
    if (top) await qmp.execute('blockdev-insert-medium', { id, 'node-name': top }, { signal });
    await qmp.execute('blockdev-close-tray', { id }, { signal });
  } catch (e) {
    await deleteNodes(qmp, [...added].reverse());
    throw e;
  }
  await deleteNodes(qmp, oldNodes);
  await running.updateLive((s) => {
    fillAliases(s, p0);
    const ds = devicesOf(s).disks;
    const k = ds.findIndex((x) => x.alias?.name === id);
    if (k >= 0) {
      const alias = ds[k]!.alias;
      ds[k] = { ...structuredClone(nd), ...(alias ? { alias } : {}) };
    }
  });
}

// ---------------------------------------------------------------------------
// Interfaces

function checkNetType(acc: DomainAccess, n: InterfaceSpec, op: string): void {
  if (n.type === 'user') return;
  if ((n.type === 'network' || n.type === 'bridge' || n.type === 'ethernet') && acc.taps) return;
  if (n.type === 'network' || n.type === 'bridge' || n.type === 'ethernet') {
    throw err(ErrorCode.UNSUPPORTED, acc, op, `interface type '${n.type}' cannot be hot-plugged: it needs a TAP device from host network support, which this connection does not have (type 'user' works)`);
  }
  throw err(ErrorCode.UNSUPPORTED, acc, op, `interface type '${n.type}' cannot be hot-plugged`);
}

async function attachNetLive(acc: DomainAccess, running: RunningDomain, net: InterfaceSpec, signal: AbortSignal): Promise<void> {
  const op = 'domains.attachDevice';
  const qmp = running.qmp;
  checkNetType(acc, net, op);
  const live = running.liveSpec();
  const nets = live.devices?.interfaces ?? [];
  if (nets.some((n) => sameMac(n.mac?.address, net.mac?.address))) throw err(ErrorCode.OPERATION_INVALID, acc, op, `an interface with MAC address ${net.mac!.address} already exists`);
  const caps = await capsOf(acc, running, signal);
  const { p0, p1, dev: nd } = prepareWith(acc, op, live, caps, (d) => d.interfaces.push(structuredClone(net)), (d) => d.interfaces[d.interfaces.length - 1]!);
  const taken = await peripheralIds(qmp, signal);
  let idx = 0;
  for (const id of netIds(live)) {
    const m = /^net(\d+)$/.exec(id);
    if (m) idx = Math.max(idx, Number(m[1]) + 1);
  }
  while (taken.has(`net${idx}`)) idx++;
  let tap: string | undefined;
  if (nd.type === 'network' || nd.type === 'bridge' || nd.type === 'ethernet') {
    tap = await acc.taps!.create(nd, nets.length, signal);
    nd.target = { ...(nd.target ?? {}), dev: tap };
  }
  const args = renderArgs(p1, (c) => renderOneNet(c, nd, idx));
  let netdev = args.find((a) => a[0] === '-netdev')![1];
  if (tap) {
    // The renderer speaks libvirt's pre-opened-fd form; QEMU opens our persistent tap by name instead.
    netdev = { type: 'tap', ifname: tap, script: 'no', downscript: 'no', id: netdev.id };
  }
  const device = args.find((a) => a[0] === '-device')![1];
  const id = String(device.id);
  try {
    await qmp.execute('netdev_add', netdev, { signal });
    try {
      await qmp.execute('device_add', device, { signal });
    } catch (e) {
      await qmp.execute('netdev_del', { id: netdev.id }).catch(() => undefined);
      throw e;
    }
  } catch (e) {
    if (tap) await acc.taps!.remove(tap).catch(() => undefined);
    throw e;
  }
  const entry: InterfaceSpec = { ...structuredClone(nd), alias: { name: id } };
  await running.updateLive((s) => {
    fillAliases(s, p0);
    devicesOf(s).interfaces.push(entry);
  });
  acc.publish(domainEvent('device-added', 'device', acc, { device: id }));
}

async function detachNetLive(acc: DomainAccess, running: RunningDomain, want: InterfaceSpec, signal: AbortSignal): Promise<void> {
  const op = 'domains.detachDevice';
  const qmp = running.qmp;
  const live = running.liveSpec();
  const i = findInterface(live.devices?.interfaces ?? [], want, acc, op);
  const caps = await capsOf(acc, running, signal);
  const p0 = applyQemuDefaults(live, caps);
  const id = netIds(live)[i]!;
  const hostnet = `host${id}`; // the renderer pairs net<i> with hostnet<i>
  const tapName = (live.devices?.interfaces ?? [])[i]?.target?.dev;
  const cleanup = async (): Promise<void> => {
    await qmp.execute('netdev_del', { id: hostnet }).catch(() => undefined);
    if (tapName && acc.taps && running.status.taps?.includes(tapName)) await acc.taps.remove(tapName).catch(() => undefined);
    await running.updateLive((s) => {
      fillAliases(s, p0);
      const ns = devicesOf(s).interfaces;
      const k = ns.findIndex((x) => x.alias?.name === id);
      if (k >= 0) ns.splice(k, 1);
    });
  };
  await unplug(acc, running, id, op, signal, cleanup);
}

async function updateNetLive(acc: DomainAccess, running: RunningDomain, want: InterfaceSpec, signal: AbortSignal): Promise<void> {
  const op = 'domains.updateDevice';
  const live = running.liveSpec();
  const list = live.devices?.interfaces ?? [];
  const i = findInterface(list, want, acc, op);
  const cur = list[i]!;
  const changed = want.type !== cur.type || (want.model && want.model.type !== (cur.model?.type ?? 'rtl8139')) || JSON.stringify(want.source ?? {}) !== JSON.stringify(cur.source ?? {});
  if (changed) throw err(ErrorCode.UNSUPPORTED, acc, op, `interface ${cur.mac?.address ?? i}: only the link state can be changed on a running domain`);
  const up = (want.link?.state ?? 'up') === 'up';
  const id = netIds(live)[i]!;
  await running.qmp.execute('set_link', { name: id, up }, { signal });
  const caps = await capsOf(acc, running, signal);
  const p0 = applyQemuDefaults(live, caps);
  await running.updateLive((s) => {
    fillAliases(s, p0);
    const n = devicesOf(s).interfaces.find((x) => x.alias?.name === id);
    if (!n) return;
    if (up) delete n.link;
    else n.link = { state: 'down' };
  });
}

// ---------------------------------------------------------------------------
// Entry points

const SUPPORTED = ['disk', 'interface'];

/**
 * Hot-plugs a device (libvirt's `virDomainAttachDeviceFlags`): disks through
 * `blockdev-add` + `device_add`, interfaces (`type='user'`) through
 * `netdev_add` + `device_add`; with `config` into the persistent definition.
 * @throws PolyvisorError `OPERATION_INVALID` when the disk target (or the MAC) exists, `UNSUPPORTED` for device kinds, buses and interface types that cannot be hot-plugged, `OPERATION_FAILED` when no PCI slot is free, `HYPERVISOR_ERROR` (with the QMP class) when QEMU refuses.
 */
export async function attachDevice(open: AccessOpener, xml: string, scope: MetadataScope, ctx: CallContext): Promise<void> {
  const op = 'domains.attachDevice';
  const parsed = parseDeviceXml(xml);
  const t = await resolveTargets(open, scope, op);
  if (!SUPPORTED.includes(parsed.kind)) throw err(ErrorCode.UNSUPPORTED, t.acc, op, `attaching <${parsed.kind}> devices is not supported by the QEMU driver`);
  await serialized(t.acc.uuid, async () => {
    const cfg = t.config ? t.acc.persistentSpec()! : undefined;
    if (parsed.kind === 'disk') {
      const d = parsed.device as DiskSpec;
      if (cfg && (cfg.devices?.disks ?? []).some((x) => x.target.dev === d.target.dev)) throw err(ErrorCode.OPERATION_INVALID, t.acc, op, `target ${d.target.dev} already exists`);
      if (t.live) await attachDiskLive(t.acc, t.live, d, ctx.signal);
      if (cfg) await t.acc.updatePersistent((s) => void devicesOf(s).disks.push(structuredClone(d)));
    } else {
      const n = parsed.device as InterfaceSpec;
      // One generated MAC for both definitions, like libvirt.
      if (!n.mac) n.mac = { address: randomMac() };
      if (cfg && (cfg.devices?.interfaces ?? []).some((x) => sameMac(x.mac?.address, n.mac!.address))) throw err(ErrorCode.OPERATION_INVALID, t.acc, op, `an interface with MAC address ${n.mac.address} already exists`);
      if (t.live) await attachNetLive(t.acc, t.live, n, ctx.signal);
      if (cfg) await t.acc.updatePersistent((s) => void devicesOf(s).interfaces.push(structuredClone(n)));
    }
  });
}

/**
 * Hot-unplugs a device (libvirt's `virDomainDetachDeviceFlags`): disks are
 * matched by target, interfaces by MAC (or alias / PCI address); `device_del`,
 * wait for `DEVICE_DELETED`, then `blockdev-del` / `netdev_del`.
 * @throws PolyvisorError `INVALID_ARG` when nothing matches, `TIMEOUT` when the guest does not release the device in time (it stays in the live XML), `UNSUPPORTED` for kinds and buses that cannot be unplugged.
 */
export async function detachDevice(open: AccessOpener, xml: string, scope: MetadataScope, ctx: CallContext): Promise<void> {
  const op = 'domains.detachDevice';
  const parsed = parseDeviceXml(xml);
  const t = await resolveTargets(open, scope, op);
  if (!SUPPORTED.includes(parsed.kind)) throw err(ErrorCode.UNSUPPORTED, t.acc, op, `detaching <${parsed.kind}> devices is not supported by the QEMU driver`);
  await serialized(t.acc.uuid, async () => {
    const cfg = t.config ? t.acc.persistentSpec()! : undefined;
    if (parsed.kind === 'disk') {
      const d = parsed.device as DiskSpec;
      if (cfg) findDisk(cfg.devices?.disks ?? [], d, t.acc, op);
      if (t.live) await detachDiskLive(t.acc, t.live, d, ctx.signal);
      if (cfg) await t.acc.updatePersistent((s) => void devicesOf(s).disks.splice(findDisk(devicesOf(s).disks, d, t.acc, op), 1));
    } else {
      const n = parsed.device as InterfaceSpec;
      if (cfg) findInterface(cfg.devices?.interfaces ?? [], n, t.acc, op);
      if (t.live) await detachNetLive(t.acc, t.live, n, ctx.signal);
      if (cfg) await t.acc.updatePersistent((s) => void devicesOf(s).interfaces.splice(findInterface(devicesOf(s).interfaces, n, t.acc, op), 1));
    }
  });
}

/**
 * Changes a device in place (libvirt's `virDomainUpdateDeviceFlags`): cdrom /
 * floppy media (`blockdev-open-tray`, `blockdev-remove-medium`,
 * `blockdev-insert-medium`, `blockdev-close-tray`; no `<source>` ejects) and
 * interface link state (`set_link`); with `config` the persistent device is replaced.
 * @throws PolyvisorError `INVALID_ARG` when nothing matches, `UNSUPPORTED` for other changes.
 */
export async function updateDevice(open: AccessOpener, xml: string, scope: MetadataScope, ctx: CallContext): Promise<void> {
  const op = 'domains.updateDevice';
  const parsed = parseDeviceXml(xml);
  const t = await resolveTargets(open, scope, op);
  if (!SUPPORTED.includes(parsed.kind)) throw err(ErrorCode.UNSUPPORTED, t.acc, op, `updating <${parsed.kind}> devices is not supported by the QEMU driver`);
  await serialized(t.acc.uuid, async () => {
    const cfg = t.config ? t.acc.persistentSpec()! : undefined;
    if (parsed.kind === 'disk') {
      const d = parsed.device as DiskSpec;
      if (cfg) findDisk(cfg.devices?.disks ?? [], d, t.acc, op);
      if (t.live) await updateDiskLive(t.acc, t.live, d, ctx.signal);
      if (cfg) {
        await t.acc.updatePersistent((s) => {
          const ds = devicesOf(s).disks;
          ds[findDisk(ds, d, t.acc, op)] = structuredClone(d);
        });
      }
    } else {
      const n = parsed.device as InterfaceSpec;
      if (cfg) findInterface(cfg.devices?.interfaces ?? [], n, t.acc, op);
      if (t.live) await updateNetLive(t.acc, t.live, n, ctx.signal);
      if (cfg) {
        await t.acc.updatePersistent((s) => {
          const ns = devicesOf(s).interfaces;
          const k = findInterface(ns, n, t.acc, op);
          ns[k] = { ...structuredClone(n), ...(n.mac ? {} : ns[k]!.mac ? { mac: ns[k]!.mac } : {}) };
        });
      }
    }
  });
}

interface HotCpu {
  type: string;
  'vcpus-count': number;
  props: Record<string, number>;
  'qom-path'?: string;
}

const PROP_ORDER = ['node-id', 'drawer-id', 'book-id', 'socket-id', 'die-id', 'cluster-id', 'core-id', 'thread-id'];

function cpuOrder(a: HotCpu, b: HotCpu): number {
  for (const k of PROP_ORDER) {
    const d = (a.props[k] ?? 0) - (b.props[k] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Sets the number of active vCPUs (libvirt's `virDomainSetVcpusFlags`): live
 * through `query-hotpluggable-cpus` + `device_add` (ids `vcpu<N>`) or
 * `device_del` of hot-plugged vCPUs; `vcpu.current` follows. Needs
 * `<vcpu current='N'>MAX</vcpu>` with MAX above the wanted count. The guest
 * decides itself whether to online a new vCPU.
 * @throws PolyvisorError `INVALID_ARG` above the maximum, `OPERATION_INVALID` when removing vCPUs that were not hot-plugged, `HYPERVISOR_ERROR` when the machine cannot hot-plug CPUs.
 */
export async function setVcpus(open: AccessOpener, count: number, scope: MetadataScope, ctx: CallContext): Promise<void> {
  const op = 'domains.setVcpus';
  const t = await resolveTargets(open, scope, op);
  await serialized(t.acc.uuid, async () => {
    const cfg = t.config ? t.acc.persistentSpec()! : undefined;
    if (cfg && count > cfg.vcpu.count) throw err(ErrorCode.INVALID_ARG, t.acc, op, `requested vcpus is greater than max allowable vcpus for the persistent domain: ${count} > ${cfg.vcpu.count}`);
    if (t.live) await setVcpusLive(t.acc, t.live, count, ctx.signal);
    if (cfg) await t.acc.updatePersistent((s) => setCurrent(s, count));
  });
}

function setCurrent(s: DomainSpec, count: number): void {
  if (count === s.vcpu.count) delete s.vcpu.current;
  else s.vcpu.current = count;
}

async function setVcpusLive(acc: DomainAccess, running: RunningDomain, count: number, signal: AbortSignal): Promise<void> {
  const op = 'domains.setVcpus';
  const qmp = running.qmp;
  const live = running.liveSpec();
  const max = live.vcpu.count;
  if (count > max) throw err(ErrorCode.INVALID_ARG, acc, op, `requested vcpus is greater than max allowable vcpus for the live domain: ${count} > ${max}`);
  const cpus = ((await qmp.execute('query-hotpluggable-cpus', undefined, { signal })) as HotCpu[]).sort(cpuOrder);
  const online = (): number => cpus.filter((c) => c['qom-path']).reduce((a, c) => a + c['vcpus-count'], 0);
  const record = (n: number): Promise<void> => running.updateLive((s) => setCurrent(s, n));
  let cur = online();
  if (count > cur) {
    for (const [idx, c] of cpus.entries()) {
      if (cur >= count) break;
      if (c['qom-path']) continue;
      if (cur + c['vcpus-count'] > count) throw err(ErrorCode.INVALID_ARG, acc, op, `vCPUs are hot-plugged ${c['vcpus-count']} at a time; ${count} cannot be reached`);
      const id = `vcpu${idx}`;
      await qmp.execute('device_add', { driver: c.type, id, ...c.props }, { signal });
      c['qom-path'] = `/machine/peripheral/${id}`;
      cur += c['vcpus-count'];
      await record(cur);
    }
  } else if (count < cur) {
    const v = qmp.greeting.version.qemu;
    if (running.status.accel === 'tcg' && v.major < 8) {
      // Measured on 7.2.22: after a TCG vCPU unplug the next device_add aborts QEMU ("malloc(): unsorted double linked list corrupted").
      throw err(ErrorCode.UNSUPPORTED, acc, op, `vCPU hot-unplug is refused under TCG on QEMU ${v.major}.${v.minor}.${v.micro}: it corrupts QEMU's heap (the next hotplug aborts QEMU); use KVM or a newer QEMU`);
    }
    const removable = cpus.filter((c) => c['qom-path']?.startsWith('/machine/peripheral/')).reverse();
    for (const c of removable) {
      if (cur <= count) break;
      const id = c['qom-path']!.slice('/machine/peripheral/'.length);
      const size = c['vcpus-count'];
      await unplug(acc, running, id, op, signal, async () => {
        cur -= size;
        await record(cur);
      });
      delete c['qom-path'];
    }
    if (cur > count) throw err(ErrorCode.OPERATION_INVALID, acc, op, `only hot-plugged vCPUs can be unplugged: ${cur} vCPUs remain online (vCPUs present at start cannot be removed)`);
  }
  if (cur === count) await record(cur);
}
