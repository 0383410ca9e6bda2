/**
 * The `test` driver: an in-memory hypervisor like libvirt's
 * `test:///default`, for tests, demos and as the reference for the driver
 * contract.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { hostname } from 'node:os';
import { ErrorCode, PolyvisorError } from '../errors.js';
import type { Driver, DriverConnection, DomainDriver, NetworkDriver, StorageDriver, HostDriver, EventDriver, NativeFormat } from '../driver.js';
import type { ParsedUri } from '../uri.js';
import type { DomainState, HostCapabilities, NodeInfo } from '../types.js';
import { DomainSpecSchema, type DomainSpec } from '../model/domain.js';
import type { StorageVolumeSpec } from '../model/storage.js';
import { parseXmlDocument } from '../xml/parse.js';
import { serializeXml } from '../xml/serialize.js';
import { childElements, textOf, type XmlElement } from '../xml/node.js';
import { parseDomainXml } from '../xml/domain.js';
import { parseDeviceXml, DEVICE_LISTS } from '../xml/device.js';
import { writeFileAtomic } from '../util/fs.js';
import { parseNetworkXml } from '../xml/network.js';
import { parseStoragePoolXml, parseStorageVolumeXml } from '../xml/storage.js';
import { TestState } from './state.js';
import { DEFAULT_DOMAIN_XML, DEFAULT_NETWORK_XML, DEFAULT_NODE_INFO, DEFAULT_POOL_XML } from './defaults.js';

/** Namespace of libvirt's test-driver runtime elements (`<test:runstate>`, `<test:transient/>`). */
export const TEST_NAMESPACE = 'http://libvirt.org/schemas/domain/test';

const RUNSTATES: DomainState[] = ['nostate', 'running', 'blocked', 'paused', 'shutdown', 'shutoff', 'crashed', 'pmsuspended'];

let shared: { state: TestState; refs: number } | undefined;

/** Builds the state `test:///default` starts with. */
export function createDefaultTestState(): TestState {
  const s = new TestState({ ...DEFAULT_NODE_INFO });
  s.loadDomain(parseDomainXml(DEFAULT_DOMAIN_XML), 'running', false);
  s.loadNetwork(parseNetworkXml(DEFAULT_NETWORK_XML), true);
  s.loadPool(parseStoragePoolXml(DEFAULT_POOL_XML), true, []);
  return s;
}

function nodeError(file: string, msg: string, cause?: unknown): PolyvisorError {
  return new PolyvisorError(ErrorCode.CONNECT_FAILED, `cannot load test node file '${file}': ${msg}`, { driver: 'test', operation: 'connection.open', ...(cause !== undefined ? { cause } : {}) });
}

async function resolveFileRef(el: XmlElement, baseDir: string, file: string): Promise<XmlElement> {
  const ref = el.attrs.file;
  if (ref === undefined) return el;
  const path = isAbsolute(ref) ? ref : resolve(baseDir, ref);
  try {
    return parseXmlDocument(await readFile(path, 'utf8'), path);
  } catch (err) {
    if (err instanceof PolyvisorError) throw err;
    throw nodeError(file, `cannot read '${path}': ${(err as Error).message}`, err);
  }
}

function testPrefix(el: XmlElement): string | undefined {
  for (const [k, v] of Object.entries(el.attrs)) if (k.startsWith('xmlns:') && v === TEST_NAMESPACE) return k.slice(6);
  return undefined;
}

/**
 * Loads a libvirt-style `<node>` file (host `<cpu>`/`<memory>`, `<domain>`,
 * `<network>`, `<pool>` with nested `<volume>`s; `file=` references resolved
 * relative to the node file). Domains run unless `<test:runstate>` says
 * otherwise, as in libvirt.
 */
export async function loadTestNodeFile(file: string): Promise<TestState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw nodeError(file, (err as Error).message, err);
  }
  const root = parseXmlDocument(text, file);
  if (root.name !== 'node') throw nodeError(file, `expected root element <node>, found <${root.name}>`);
  const base = dirname(file);
  const node: NodeInfo = { ...DEFAULT_NODE_INFO };
  const cpu = childElements(root, 'cpu')[0];
  if (cpu) {
    for (const k of ['mhz', 'nodes', 'sockets', 'cores', 'threads'] as const) {
      const e = childElements(cpu, k)[0];
      if (e) node[k] = intText(file, e);
    }
    const active = childElements(cpu, 'active')[0];
    if (active) node.cpus = intText(file, active);
    else node.cpus = node.nodes * node.sockets * node.cores * node.threads;
    const model = childElements(cpu, 'model')[0];
    if (model) node.model = textOf(model).trim();
  }
  const mem = childElements(root, 'memory')[0];
  if (mem) node.memory = intText(file, mem);
  const state = new TestState(node);
  for (const raw of childElements(root, 'domain')) {
    const el = await resolveFileRef(raw, base, file);
    const prefix = testPrefix(el);
    let runstate: DomainState = 'running';
    let transient = false;
    if (prefix) {
      const rs = childElements(el, `${prefix}:runstate`)[0];
      if (rs) {
        const n = Number(textOf(rs).trim());
        const st = RUNSTATES[n];
        if (!Number.isInteger(n) || st === undefined) throw nodeError(file, `invalid domain runstate '${textOf(rs)}'`);
        runstate = st;
      }
      transient = childElements(el, `${prefix}:transient`).length > 0;
      el.children = el.children.filter((c) => typeof c === 'string' || !c.name.startsWith(`${prefix}:`));
      delete el.attrs[`xmlns:${prefix}`];
    }
    state.loadDomain(parseDomainXml(serializeXml(el)), runstate, transient && runstate !== 'shutoff');
  }
  for (const raw of childElements(root, 'network')) {
    const el = await resolveFileRef(raw, base, file);
    state.loadNetwork(parseNetworkXml(serializeXml(el)), true);
  }
  for (const raw of childElements(root, 'pool')) {
    const el = await resolveFileRef(raw, base, file);
    const volEls = childElements(el, 'volume');
    const poolEl: XmlElement = { ...el, children: el.children.filter((c) => typeof c === 'string' || c.name !== 'volume') };
    const spec = parseStoragePoolXml(serializeXml(poolEl));
    const vols: StorageVolumeSpec[] = [];
    for (const v of volEls) vols.push(parseStorageVolumeXml(serializeXml(await resolveFileRef(v, base, file)), spec));
    state.loadPool(spec, true, vols);
  }
  return state;
}

function intText(file: string, e: XmlElement): number {
  const s = textOf(e).trim();
  if (!/^[0-9]+$/.test(s)) throw nodeError(file, `<${e.name}> must be a non-negative integer, got '${s}'`);
  return Number(s);
}

class TestConnection implements DriverConnection {
  readonly domains: DomainDriver;
  readonly networks: NetworkDriver;
  readonly storage: StorageDriver;
  readonly host: HostDriver;
  readonly events: EventDriver;

  constructor(
    readonly uri: string,
    s: TestState,
    private readonly readOnly: boolean,
    private readonly onClose: () => void,
  ) {
    const w = <A extends unknown[], R>(fn: (...a: A) => R) => async (...a: A): Promise<Awaited<R>> => {
      this.checkWritable();
      return fn(...a) as Awaited<R>;
    };
    const r = <A extends unknown[], R>(fn: (...a: A) => R) => async (...a: A): Promise<Awaited<R>> => fn(...a) as Awaited<R>;
    this.domains = {
      list: r((f) => s.listDomains(f)),
      lookupByName: r((n) => s.lookupDomainByName(n)),
      lookupByUuid: r((u) => s.lookupDomainByUuid(u)),
      lookupById: r((id) => s.lookupDomainById(id)),
      getRecord: r((ref) => s.domainRecord(ref)),
      define: w((spec) => s.defineDomain(spec)),
      createTransient: w((spec, o) => s.createTransientDomain(spec, o.paused === true)),
      start: w((ref, o) => s.startDomain(ref, o.paused === true)),
      shutdown: w((ref, o) => {
        if (o.mode && !['default', 'acpi', 'agent', 'signal', 'paravirt'].includes(o.mode)) {
          throw new PolyvisorError(ErrorCode.INVALID_ARG, `shutdown mode '${o.mode}' is not supported`, { driver: 'test', operation: 'domains.shutdown' });
        }
        s.shutdownDomain(ref);
      }),
      reboot: w((ref) => s.rebootDomain(ref)),
      reset: w((ref) => s.resetDomain(ref)),
      destroy: w((ref) => s.destroyDomain(ref)),
      suspend: w((ref) => s.suspendDomain(ref)),
      resume: w((ref) => s.resumeDomain(ref)),
      undefine: w((ref) => s.undefineDomain(ref)),
      getInfo: r((ref) => s.domainInfo(ref)),
      getStats: r((ref) => s.domainStats(ref)),
      getSpec: r((ref, o) => s.domainSpec(ref, o.inactive === true)),
      setAutostart: w((ref, a) => s.setDomainAutostart(ref, a)),
      rename: w((ref, n) => s.renameDomain(ref, n)),
      setMetadata: w((ref, t, v, o) => s.setDomainMetadata(ref, t, v, o)),
      getMetadata: r((ref, t, o) => s.getDomainMetadata(ref, t, o)),
      setMemory: w((ref, kib, scope) => s.setDomainMemory(ref, kib, scope)),
      save: w(async (ref, path, o) => {
        const img = s.saveImage(ref, o.paused === true);
        await writeFileAtomic(path, JSON.stringify(img));
        s.stopSaved(ref);
      }),
      restore: w(async (path) => {
        let img: unknown;
        try {
          img = JSON.parse(await readFile(path, 'utf8'));
        } catch (e) {
          throw new PolyvisorError(ErrorCode.INVALID_ARG, `cannot read save image '${path}': ${(e as Error).message}`, { driver: 'test', operation: 'domains.restore' });
        }
        const raw = img as { magic?: string; xml?: unknown; running?: boolean };
        const parsed = DomainSpecSchema.safeParse(raw.xml);
        return s.restoreImage({ ...(raw.magic !== undefined ? { magic: raw.magic } : {}), ...(parsed.success ? { xml: parsed.data } : {}), running: raw.running === true });
      }),
      managedSave: w((ref, o) => s.managedSaveDomain(ref, o.paused === true)),
      hasManagedSave: r((ref) => s.hasManagedSave(ref)),
      removeManagedSave: w((ref) => s.removeManagedSave(ref)),
      createSnapshot: w((ref, spec) => s.createSnapshot(ref, spec)),
      listSnapshots: r((ref) => s.listSnapshots(ref)),
      getSnapshotSpec: r((ref, name) => s.snapshotSpec(ref, name)),
      revertToSnapshot: w((ref, name, o) => s.revertToSnapshot(ref, name, o)),
      deleteSnapshot: w((ref, name, o) => s.deleteSnapshot(ref, name, o)),
      attachDevice: w((ref, xml, scope) => {
        const { kind, device } = parseDeviceXml(xml);
        if (kind === 'memballoon') throw new PolyvisorError(ErrorCode.OPERATION_INVALID, 'cannot hot-plug a memory balloon', { driver: 'test' });
        s.attachDevice(ref, kind, DEVICE_LISTS[kind], device, scope);
      }),
      detachDevice: w((ref, xml, scope) => {
        const { kind, device } = parseDeviceXml(xml);
        if (kind === 'memballoon') throw new PolyvisorError(ErrorCode.OPERATION_INVALID, 'cannot hot-unplug a memory balloon', { driver: 'test' });
        s.detachDevice(ref, kind, DEVICE_LISTS[kind], device, scope);
      }),
    };
    this.networks = {
      list: r((f) => s.listNetworks(f)),
      lookupByName: r((n) => s.lookupNetworkByName(n)),
      lookupByUuid: r((u) => s.lookupNetworkByUuid(u)),
      define: w((spec) => s.defineNetwork(spec)),
      createTransient: w((spec) => s.createTransientNetwork(spec)),
      start: w((ref) => s.startNetwork(ref)),
      destroy: w((ref) => s.destroyNetwork(ref)),
      undefine: w((ref) => s.undefineNetwork(ref)),
      getInfo: r((ref) => s.networkInfo(ref)),
      getSpec: r((ref, o) => s.networkSpec(ref, o.inactive === true)),
      setAutostart: w((ref, a) => s.setNetworkAutostart(ref, a)),
      getDhcpLeases: r((ref, o) => s.networkLeases(ref, o.mac)),
    };
    this.storage = {
      listPools: r((f) => s.listPools(f)),
      lookupPoolByName: r((n) => s.lookupPoolByName(n)),
      lookupPoolByUuid: r((u) => s.lookupPoolByUuid(u)),
      definePool: w((spec) => s.definePool(spec)),
      createPool: w((spec) => s.createPool(spec)),
      buildPool: w((ref) => s.buildPool(ref)),
      startPool: w((ref) => s.startPool(ref)),
      destroyPool: w((ref) => s.destroyPool(ref)),
      deletePool: w((ref) => s.deletePool(ref)),
      undefinePool: w((ref) => s.undefinePool(ref)),
      refreshPool: w((ref) => s.refreshPool(ref)),
      getPoolInfo: r((ref) => s.poolInfoOf(ref)),
      getPoolSpec: r((ref, o) => s.poolSpec(ref, o.inactive === true)),
      setPoolAutostart: w((ref, a) => s.setPoolAutostart(ref, a)),
      listVolumes: r((ref) => s.listVolumes(ref)),
      lookupVolume: r((ref, n) => s.lookupVolume(ref, n)),
      lookupVolumeByPath: r((p) => s.lookupVolumeByPath(p)),
      createVolume: w((ref, spec, o) => s.createVolume(ref, spec, o.from)),
      deleteVolume: w((ref) => s.deleteVolume(ref)),
      getVolumeInfo: r((ref) => s.volumeInfo(ref)),
      getVolumeSpec: r((ref) => s.volumeSpec(ref)),
      resizeVolume: w((ref, c) => s.resizeVolume(ref, c)),
      wipeVolume: w((ref) => s.wipeVolume(ref)),
    };
    this.host = {
      info: r(() => ({ ...s.nodeInfo })),
      capabilities: r((): HostCapabilities => ({
        host: { arch: s.nodeInfo.model === 'i686' ? 'i686' : s.nodeInfo.model, uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f', cpus: s.nodeInfo.cpus },
        guests: [
          { osType: 'hvm', arch: 'i686', wordsize: 32, domainTypes: ['test'] },
          { osType: 'hvm', arch: 'x86_64', wordsize: 64, domainTypes: ['test'] },
        ],
      })),
      hostname: r(() => hostname()),
    };
    this.events = { subscribe: (publish) => s.subscribe(publish) };
  }

  private checkWritable(): void {
    if (this.readOnly) throw new PolyvisorError(ErrorCode.OPERATION_INVALID, 'operation forbidden: read only access', { driver: 'test' });
  }

  async close(): Promise<void> {
    this.onClose();
  }
}

/** Native format of the test driver: the domain spec as JSON (the zod model, validated on the way back). */
export const polyvisorJsonFormat: NativeFormat = {
  name: 'polyvisor-json',
  description: 'polyvisor domain spec as JSON',
  toNative: (spec: DomainSpec) => `${JSON.stringify(spec, null, 2)}\n`,
  fromNative: (text: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid JSON: ${(err as Error).message}`, { cause: err });
    }
    const r = DomainSpecSchema.safeParse(raw);
    if (!r.success) {
      const i = r.error.issues[0]!;
      throw new PolyvisorError(ErrorCode.INVALID_ARG, `invalid domain spec at ${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    }
    return r.data;
  },
};

/**
 * The in-memory `test` driver. `test:///default` is shared by all
 * connections of the process (like libvirt) and starts with a running domain
 * `test`, an active network `default` and an active pool `default-pool`;
 * `test:///abs/path.xml` loads a `<node>` file into a private state.
 *
 * @example
 * ```ts
 * const conn = await openConnection('test:///default', { drivers: [testDriver] });
 * ```
 */
export const testDriver: Driver = {
  name: 'test',
  schemes: ['test'],
  nativeFormats: [polyvisorJsonFormat],
  async open(uri: ParsedUri, options): Promise<DriverConnection> {
    if (!uri.local) throw new PolyvisorError(ErrorCode.INVALID_URI, `test driver URIs are local, got host '${uri.host}' in '${uri.uri}'`, { driver: 'test' });
    if (uri.path === '/default') {
      if (!shared) shared = { state: createDefaultTestState(), refs: 0 };
      shared.refs++;
      const mine = shared;
      let closed = false;
      return new TestConnection('test:///default', mine.state, options.readOnly === true, () => {
        if (closed) return;
        closed = true;
        mine.refs--;
        if (mine.refs === 0 && shared === mine) shared = undefined;
      });
    }
    if (uri.path === '/' || !isAbsolute(uri.path)) throw new PolyvisorError(ErrorCode.INVALID_URI, `test driver URI path must be /default or an absolute file path, got '${uri.path}'`, { driver: 'test' });
    const state = await loadTestNodeFile(uri.path);
    return new TestConnection(`test://${uri.path}`, state, options.readOnly === true, () => undefined);
  },
};
