/**
 * The driver conformance suite. Every driver (test, kvm, xen, remote) runs
 * it with a factory, so the same contract holds everywhere:
 *
 * ```ts
 * import { describeDriverConformance } from '@polyvisor/core/testing';
 * describeDriverConformance({ name: 'test', open: () => openConnection('test:///default', { drivers: [testDriver] }), domainXml: (n) => `...` });
 * ```
 * @module
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection, Domain } from '../connection.js';
import { ErrorCode, PolyvisorError, isNotFound } from '../errors.js';
import type { PolyvisorEvent } from '../events.js';

/** What a driver gives the conformance suite. */
export interface DriverConformanceOptions {
  /** Suite name (driver name). */
  name: string;
  /** Opens a fresh connection. */
  open(): Promise<Connection>;
  /** Domain XML for a guest named `name` that this driver can define and boot. */
  domainXml(name: string): string;
  /** Network XML for a network named `name` (only used when the driver has networks). */
  networkXml?(name: string): string;
  /** Storage pool XML for a pool named `name` (only used when the driver has storage). */
  poolXml?(name: string): string;
  /** Resolves once a started guest can react to an ACPI power-button press (real guests must boot first). */
  waitUntilReady?(conn: Connection, domain: Domain): Promise<void>;
  /** Feature sections to skip although the driver has the methods (e.g. KVM snapshots need qcow2 disks the generic domain lacks; they are tested in the driver's own suite). */
  skip?: Array<'saveRestore' | 'snapshots' | 'hotplug'>;
  /**
   * A fresh directory for save images on the hypervisor's host, and its
   * removal (default: a local temp dir, right when the hypervisor runs on
   * this machine; a remote host such as `xen+ssh://` needs one on its side).
   */
  saveDir?(): Promise<{ path: string; remove(): Promise<void> }>;
  /** Per-test timeout in ms (real hypervisors need more). */
  timeoutMs?: number;
  /** Prefix for object names the suite creates (default `pvconf`). */
  prefix?: string;
}

async function expectCode(p: Promise<unknown>, code: string): Promise<PolyvisorError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(PolyvisorError);
    expect((err as PolyvisorError).code).toBe(code);
    return err as PolyvisorError;
  }
  throw new Error(`expected a PolyvisorError with code ${code}, but the call succeeded`);
}

async function collectUntil(conn: Connection, domainName: string, pred: (evs: PolyvisorEvent[]) => boolean, action: () => Promise<void>, timeoutMs = 10_000): Promise<PolyvisorEvent[]> {
  const sub = conn.events({ domain: domainName, signal: AbortSignal.timeout(timeoutMs) });
  const got: PolyvisorEvent[] = [];
  const reader = (async () => {
    for await (const ev of sub) {
      got.push(ev);
      if (pred(got)) break;
    }
  })();
  // Observe a failure at once (no unhandled rejection while `action` is still running), report it after.
  const outcome = reader.then(
    () => undefined,
    (err: unknown) => err,
  );
  try {
    await action();
  } catch (err) {
    sub.close();
    throw err;
  }
  const failure = await outcome;
  if (failure !== undefined) throw new Error(`events seen before failure: ${got.map((e) => `${e.type}/${'detail' in e ? e.detail : ''}`).join(', ')}: ${String(failure)}`);
  return got;
}

/** Registers the driver conformance suite with vitest. */
export function describeDriverConformance(opts: DriverConformanceOptions): void {
  const timeout = opts.timeoutMs ?? 20_000;
  const prefix = opts.prefix ?? 'pvconf';
  let counter = 0;
  const uniq = (what: string) => `${prefix}-${what}-${process.pid}-${++counter}`;

  describe(`driver conformance: ${opts.name}`, { timeout }, () => {
    let conn: Connection;
    const created: string[] = [];

    beforeAll(async () => {
      conn = await opts.open();
    }, timeout);
    afterAll(async () => {
      await conn?.close();
    }, timeout);
    afterEach(async () => {
      for (const name of created.splice(0)) {
        try {
          const d = await conn.domains.lookupByName(name);
          if (d.active) await d.destroy();
          await d.refresh().catch(() => undefined);
          if (d.persistent) await d.undefine();
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
    }, timeout);

    const define = async (what: string): Promise<Domain> => {
      const name = uniq(what);
      created.push(name);
      return conn.domains.define(opts.domainXml(name));
    };

    it('reports its capabilities and rejects calls after close', async () => {
      const caps = conn.capabilities();
      expect(caps.driver).toBe(conn.driverName);
      for (const op of ['domains.list', 'domains.define', 'domains.start', 'domains.destroy', 'domains.getInfo', 'domains.getSpec']) expect(caps.has(op)).toBe(true);
      const other = await opts.open();
      await other.close();
      await expectCode(other.domains.list(), ErrorCode.CONNECTION_CLOSED);
    });

    it('defines, looks up and undefines a domain', async () => {
      const d = await define('def');
      expect(d.persistent).toBe(true);
      expect(d.active).toBe(false);
      expect(d.state).toBe('shutoff');
      expect(d.uuid).toMatch(/^[0-9a-f-]{36}$/);
      const byName = await conn.domains.lookupByName(d.name);
      expect(byName.uuid).toBe(d.uuid);
      const byUuid = await conn.domains.lookupByUuid(d.uuid.toUpperCase());
      expect(byUuid.name).toBe(d.name);
      const inactive = await conn.domains.list({ active: false });
      expect(inactive.map((x) => x.name)).toContain(d.name);
      const xml = await d.getXML({ inactive: true });
      expect(xml).toContain(`<name>${d.name}</name>`);
      expect(xml).toContain(`<uuid>${d.uuid}</uuid>`);
      // Redefining the same XML updates in place.
      const again = await conn.domains.define(xml);
      expect(again.uuid).toBe(d.uuid);
      await d.undefine();
      await expectCode(conn.domains.lookupByName(d.name), ErrorCode.NO_DOMAIN);
    });

    it('rejects duplicates and bad names without changing state', async () => {
      const d = await define('dup');
      const before = (await conn.domains.list()).length;
      const otherUuid = opts.domainXml(d.name).replace(/<uuid>[^<]*<\/uuid>/, '').replace('</name>', '</name>\n  <uuid>00000000-1111-2222-3333-444444444444</uuid>');
      await expectCode(conn.domains.define(otherUuid), ErrorCode.DUPLICATE);
      await expectCode(conn.domains.define(opts.domainXml('../evil')), ErrorCode.INVALID_ARG);
      await expectCode(conn.domains.define(opts.domainXml('a/b')), ErrorCode.INVALID_ARG);
      await expectCode(conn.domains.define('<domain type="kvm"><name>x</name>'), ErrorCode.XML_ERROR);
      expect((await conn.domains.list()).length).toBe(before);
      await expectCode(conn.domains.lookupByName(uniq('missing')), ErrorCode.NO_DOMAIN);
    });

    it('runs the lifecycle state machine with libvirt errors', async () => {
      const d = await define('life');
      await d.start();
      expect(d.state).toBe('running');
      expect(d.id).toBeGreaterThanOrEqual(0);
      expect((await conn.domains.lookupById(d.id)).uuid).toBe(d.uuid);
      const err = await expectCode(d.start(), ErrorCode.OPERATION_INVALID);
      expect(err.message).toMatch(/already running/);
      await expectCode(d.resume(), ErrorCode.OPERATION_INVALID);
      await d.suspend();
      expect(d.state).toBe('paused');
      expect((await d.getInfo()).state).toBe('paused');
      await d.resume();
      expect(d.state).toBe('running');
      const info = await d.getInfo();
      expect(info.maxMemory).toBeGreaterThan(0);
      expect(info.memory).toBeGreaterThan(0);
      expect(info.vcpus).toBeGreaterThan(0);
      expect(info.cpuTime).toBeGreaterThanOrEqual(0);
      const live = await d.getXML();
      expect(live).toMatch(new RegExp(`<domain[^>]* id='${d.id}'`));
      await d.destroy();
      expect(d.state).toBe('shutoff');
      expect(d.id).toBe(-1);
      await expectCode(d.destroy(), ErrorCode.OPERATION_INVALID);
      await expectCode(d.suspend(), ErrorCode.OPERATION_INVALID);
    });

    it('delivers lifecycle events in order', async () => {
      const d = await define('ev');
      const evs = await collectUntil(conn, d.name, (e) => e.some((x) => x.type === 'stopped'), async () => {
        await d.start();
        await d.suspend();
        await d.resume();
        await d.destroy();
      }, timeout);
      const seq = evs.map((e) => `${e.type}/${'detail' in e ? e.detail : ''}`);
      expect(seq).toEqual(['started/booted', 'suspended/paused', 'resumed/unpaused', 'stopped/destroyed']);
      expect(evs.every((e) => e.kind === 'domain' && e.domain.uuid === d.uuid)).toBe(true);
    });

    it('shuts a guest down and waits for shutoff', async () => {
      const d = await define('shut');
      await d.start();
      await opts.waitUntilReady?.(conn, d);
      await d.shutdown({ wait: true, timeoutMs: timeout });
      expect(d.state).toBe('shutoff');
      expect((await d.getState()).reason).toBe('shutdown');
    });

    it('creates transient domains that vanish when stopped', async () => {
      const name = uniq('trans');
      created.push(name);
      const d = await conn.domains.createTransient(opts.domainXml(name));
      expect(d.persistent).toBe(false);
      expect(d.state).toBe('running');
      await expectCode(d.setAutostart(true), ErrorCode.OPERATION_INVALID);
      await expectCode(d.undefine(), ErrorCode.OPERATION_INVALID);
      await d.destroy();
      await expectCode(conn.domains.lookupByName(name), ErrorCode.NO_DOMAIN);
    });

    it('keeps a running domain as transient after undefine', async () => {
      const d = await define('undef');
      await d.start();
      await d.undefine();
      expect(d.persistent).toBe(false);
      expect(d.active).toBe(true);
      await d.destroy();
      await expectCode(conn.domains.lookupByUuid(d.uuid), ErrorCode.NO_DOMAIN);
    });

    it('sets autostart, renames and stores metadata', async () => {
      const d = await define('meta');
      await d.setAutostart(true);
      expect(d.autostart).toBe(true);
      expect((await conn.domains.list({ autostart: true })).map((x) => x.uuid)).toContain(d.uuid);
      await d.setMetadata('title', 'A title');
      await d.setMetadata('description', 'Some description');
      await d.setMetadata('element', '<app foo="bar">x</app>', { uri: 'http://example.org/app/1', key: 'app' });
      expect(await d.getMetadata('title')).toBe('A title');
      expect(await d.getMetadata('description')).toBe('Some description');
      expect(await d.getMetadata('element', { uri: 'http://example.org/app/1' })).toMatch(/<app:app[^>]*foo='bar'[^>]*>x<\/app:app>/);
      await d.setMetadata('element', null, { uri: 'http://example.org/app/1' });
      await expectCode(d.getMetadata('element', { uri: 'http://example.org/app/1' }), ErrorCode.INVALID_ARG);
      const newName = uniq('renamed');
      created.push(newName);
      await d.rename(newName);
      expect(d.name).toBe(newName);
      expect((await conn.domains.lookupByUuid(d.uuid)).name).toBe(newName);
      expect(await d.getXML({ inactive: true })).toContain('<title>A title</title>');
      await d.start();
      await expectCode(d.rename(uniq('nope')), ErrorCode.OPERATION_INVALID);
    });

    it('saves, restores and managed-saves when the driver can, else reports UNSUPPORTED', async () => {
      const d = await define('save');
      if (!conn.capabilities().has('domains.save') || opts.skip?.includes('saveRestore')) {
        if (!conn.capabilities().has('domains.save')) await expectCode(d.save('/nonexistent/x'), ErrorCode.UNSUPPORTED);
        return;
      }
      const local = opts.saveDir ? undefined : await mkdtemp(join(tmpdir(), 'pvconf-save-'));
      const sd = opts.saveDir ? await opts.saveDir() : { path: local!, remove: () => rm(local!, { recursive: true, force: true }) };
      const dir = sd.path;
      try {
        await d.start();
        await opts.waitUntilReady?.(conn, d);
        const file = join(dir, 'dom.save');
        const evs = await collectUntil(conn, d.name, (e) => e.some((x) => x.type === 'started'), async () => {
          await d.save(file);
          expect(d.state).toBe('shutoff');
          const r = await conn.domains.restore(file);
          expect(r.uuid).toBe(d.uuid);
          expect(r.state).toBe('running');
        }, timeout);
        expect(evs.map((e) => `${e.type}/${'detail' in e ? e.detail : ''}`)).toEqual(['stopped/saved', 'started/restored']);
        await expectCode(conn.domains.restore(join(dir, 'missing.save')), ErrorCode.INVALID_ARG);
        await d.refresh();
        await d.managedSave();
        expect(await d.hasManagedSave()).toBe(true);
        await d.start();
        expect(d.reason).toBe('restored');
        expect(await d.hasManagedSave()).toBe(false);
        await d.destroy();
      } finally {
        await sd.remove();
      }
    });

    it('keeps a snapshot tree when the driver has snapshots, else reports UNSUPPORTED', async () => {
      const d = await define('snap');
      if (!conn.capabilities().has('domains.createSnapshot') || opts.skip?.includes('snapshots')) {
        if (!conn.capabilities().has('domains.createSnapshot')) await expectCode(d.createSnapshot({ name: 'x' }), ErrorCode.UNSUPPORTED);
        return;
      }
      const s1 = await d.createSnapshot(`<domainsnapshot><name>s1</name><description>first</description></domainsnapshot>`);
      expect(s1).toMatchObject({ name: 's1', current: true });
      const s2 = await d.createSnapshot({ name: 's2' });
      expect(s2.parent).toBe('s1');
      expect((await d.listSnapshots()).map((x) => [x.name, x.current])).toEqual([['s1', false], ['s2', true]]);
      expect(await d.getSnapshotXML('s1')).toContain('<description>first</description>');
      await expectCode(d.createSnapshot({ name: 's1' }), ErrorCode.DUPLICATE);
      await expectCode(d.createSnapshot({ name: '../x' }), ErrorCode.INVALID_ARG);
      await d.revertToSnapshot('s1');
      expect((await d.currentSnapshot())?.name).toBe('s1');
      await d.deleteSnapshot('s1', { children: true });
      expect(await d.listSnapshots()).toEqual([]);
    });

    it('hot-plugs into the persistent definition when the driver can, else reports UNSUPPORTED', async () => {
      const d = await define('plug');
      const disk = `<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/var/tmp/pvconf-plug.img'/><target dev='vdz' bus='virtio'/></disk>`;
      if (!conn.capabilities().has('domains.attachDevice') || opts.skip?.includes('hotplug')) {
        if (!conn.capabilities().has('domains.attachDevice')) await expectCode(d.attachDevice(disk, { config: true }), ErrorCode.UNSUPPORTED);
        return;
      }
      await d.attachDevice(disk, { config: true });
      expect(await d.getXML({ inactive: true })).toContain(`<target dev='vdz' bus='virtio'/>`);
      await expectCode(d.attachDevice(disk, { config: true }), ErrorCode.OPERATION_INVALID);
      await d.detachDevice(disk, { config: true });
      expect(await d.getXML({ inactive: true })).not.toContain(`dev='vdz'`);
      await expectCode(d.detachDevice(disk, { config: true }), ErrorCode.INVALID_ARG);
      await expectCode(d.attachDevice('<disk'), ErrorCode.XML_ERROR);
    });

    it('honours AbortSignal and timeouts', async () => {
      const ac = new AbortController();
      ac.abort();
      await expectCode(conn.domains.list({ signal: ac.signal }), ErrorCode.ABORTED);
    });

    it('manages networks when the driver has them, else reports UNSUPPORTED', async () => {
      if (!conn.capabilities().has('networks.define') || !opts.networkXml) {
        await expectCode(conn.networks.list(), ErrorCode.UNSUPPORTED);
        return;
      }
      const name = uniq('net');
      const n = await conn.networks.define(opts.networkXml(name));
      try {
        expect(n.active).toBe(false);
        await n.start();
        expect(n.active).toBe(true);
        await expectCode(n.start(), ErrorCode.OPERATION_INVALID);
        expect(await n.getXML()).toContain(`<name>${name}</name>`);
        await n.destroy();
        expect(n.active).toBe(false);
      } finally {
        await n.getInfo().then((i) => (i.active ? n.destroy() : undefined)).catch(() => undefined);
        await n.undefine().catch(() => undefined);
      }
      await expectCode(conn.networks.lookup(name), ErrorCode.NO_NETWORK);
    });

    it('manages storage pools when the driver has them, else reports UNSUPPORTED', async () => {
      if (!conn.capabilities().has('storage.definePool') || !opts.poolXml) {
        await expectCode(conn.storagePools.list(), ErrorCode.UNSUPPORTED);
        return;
      }
      const name = uniq('pool');
      const p = await conn.storagePools.define(opts.poolXml(name));
      try {
        await p.build().catch((err: unknown) => {
          if (!(err instanceof PolyvisorError && err.code === ErrorCode.UNSUPPORTED)) throw err;
        });
        await p.start();
        expect(p.active).toBe(true);
        const v = await p.createVolume(`<volume><name>disk1.img</name><capacity unit='MiB'>1</capacity><target><format type='raw'/></target></volume>`);
        expect(v.name).toBe('disk1.img');
        expect((await v.getInfo()).capacity).toBe(1024 * 1024);
        expect((await p.listVolumes()).map((x) => x.name)).toContain('disk1.img');
        await expectCode(p.createVolume(`<volume><name>disk1.img</name><capacity>1</capacity></volume>`), ErrorCode.DUPLICATE);
        await v.delete();
        await expectCode(p.lookupVolume('disk1.img'), ErrorCode.NO_STORAGE_VOL);
        await p.destroy();
      } finally {
        await p.getInfo().then((i) => (i.state !== 'inactive' ? p.destroy() : undefined)).catch(() => undefined);
        await p.delete().catch(() => undefined);
        await p.undefine().catch(() => undefined);
      }
    });
  });
}
