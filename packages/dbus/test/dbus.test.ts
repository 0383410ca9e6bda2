import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dbus from 'dbus-next';
import { Command } from 'commander';
import { openConnection, testDriver, type Connection } from '@polyvisor/core';
import {
  DOMAIN_EVENT, NETWORK_EVENT, STORAGE_POOL_EVENT, decodeUuid, domainPath, encodeUuid, escapeString, loadInterfaceSpecs, parseInterfaceXml, registerDbusVerb, startDbusService,
  storageVolPath, systemPolicy, unescapeString, type DbusService,
} from '../src/index.js';

const TEST_UUID = '6695eb01-f6a4-8304-79aa-97f2502e193f';
const TEST_PATH = '/org/libvirt/Test/domain/_6695eb01_f6a4_8304_79aa_97f2502e193f';
const VM_UUID = '3c2a2f4e-0d2b-4e8a-9f55-6a1f7c9d0b11';
const VM_XML = `<domain type='test'><name>dbus-vm</name><uuid>${VM_UUID}</uuid><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`;

let dir = '';
let daemonPid = 0;
let address = '';
let conn: Connection | undefined;
let svc: DbusService | undefined;
let client: dbus.MessageBus | undefined;

type Iface = dbus.ClientInterface;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(fn: () => T | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(20);
  }
}

/** Runs dbus-send (asynchronously: the service answers from this very process). */
function dbusSend(path: string, method: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile('dbus-send', [`--bus=${address}`, '--print-reply', '--reply-timeout=10000', '--dest=org.libvirt', path, method, ...args], { timeout: 15000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: String(stdout), err: String(stderr) });
    });
  });
}

async function iface(path: string, name: string): Promise<Iface> {
  return (await client!.getProxyObject('org.libvirt', path)).getInterface(name);
}

async function prop(path: string, ifaceName: string, name: string): Promise<unknown> {
  const p = await iface(path, 'org.freedesktop.DBus.Properties');
  return ((await p.Get(ifaceName, name)) as dbus.Variant).value;
}

async function dbusError(p: Promise<unknown>): Promise<{ type: string; text: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { type?: string; text?: string; message?: string };
    return { type: e.type ?? 'none', text: e.text ?? e.message ?? '' };
  }
  throw new Error('expected a D-Bus error');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pv-dbus-'));
  const conf = join(dir, 'bus.conf');
  writeFileSync(conf, `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${join(dir, 'bus')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`);
  const r = spawnSync('dbus-daemon', [`--config-file=${conf}`, '--print-address=1', '--print-pid=1', '--fork'], { encoding: 'utf8', timeout: 10000 });
  if (r.status !== 0) throw new Error(`dbus-daemon failed: ${r.stderr}`);
  const [addr, pid] = r.stdout.trim().split('\n');
  address = addr!.trim();
  daemonPid = Number(pid);
  conn = await openConnection('test:///default', { drivers: [testDriver] });
  svc = await startDbusService({ bus: { address }, connections: [conn], maxStringBytes: 1 << 20 });
  client = dbus.sessionBus({ busAddress: address });
}, 30000);

afterAll(async () => {
  try {
    client?.disconnect();
  } catch {
    /* ignore */
  }
  await svc?.close().catch(() => undefined);
  await conn?.close().catch(() => undefined);
  if (daemonPid > 0) {
    try {
      process.kill(daemonPid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('object paths (libvirt-dbus naming)', () => {
  it('derives paths like libvirt-dbus', () => {
    expect(svc!.connectPaths).toEqual(['/org/libvirt/Test']);
    expect(domainPath('/org/libvirt/Test', TEST_UUID)).toBe(TEST_PATH);
    expect(encodeUuid(TEST_UUID)).toBe('_6695eb01_f6a4_8304_79aa_97f2502e193f');
    expect(decodeUuid('_6695eb01_f6a4_8304_79aa_97f2502e193f')).toBe(TEST_UUID);
    expect(escapeString('/default-pool/v 1.img')).toBe('_2fdefault_2dpool_2fv_201_2eimg');
    expect(unescapeString('_2fdefault_2dpool_2fv_201_2eimg')).toBe('/default-pool/v 1.img');
    expect(storageVolPath('/org/libvirt/QEMU', '/var/lib/x.qcow2')).toBe('/org/libvirt/QEMU/storagevol/_2fvar_2flib_2fx_2eqcow2');
    expect(svc!.objectPaths()).toEqual(expect.arrayContaining([
      '/org/libvirt/Test', TEST_PATH, '/org/libvirt/Test/network/_dd8fe884_6c02_601e_7551_cca97df1c5df', '/org/libvirt/Test/storagepool/_dfe224cb_28fb_8dd0_c4b2_64eb3f0f4566',
    ]));
  });
});

describe('org.libvirt.Connect over dbus-next', () => {
  it('lists and looks up domains with libvirt flags', async () => {
    const c = await iface('/org/libvirt/Test', 'org.libvirt.Connect');
    expect(await c.ListDomains(0)).toEqual([TEST_PATH]);
    expect(await c.ListDomains(1)).toEqual([TEST_PATH]); // ACTIVE
    expect(await c.ListDomains(2)).toEqual([]); // INACTIVE
    expect(await c.ListDomains(16)).toEqual([TEST_PATH]); // RUNNING
    expect(await c.ListDomains(64)).toEqual([]); // SHUTOFF
    expect(await c.DomainLookupByName('test')).toBe(TEST_PATH);
    expect(await c.DomainLookupByUUID(TEST_UUID)).toBe(TEST_PATH);
    expect(await c.DomainLookupByID(1)).toBe(TEST_PATH);
    const e = await dbusError(c.DomainLookupByName('no-such-domain'));
    expect(e.type).toBe('org.libvirt.Error');
    expect(e.text).toMatch(/no-such-domain/);
  });

  it('has the Connect properties', async () => {
    const p = await iface('/org/libvirt/Test', 'org.freedesktop.DBus.Properties');
    const all = (await p.GetAll('org.libvirt.Connect')) as Record<string, dbus.Variant>;
    expect(Object.keys(all).sort()).toEqual(['Encrypted', 'Hostname', 'LibVersion', 'Secure', 'Version']);
    expect(all.Version!.value).toBe(2n);
    expect(typeof all.Hostname!.value).toBe('string');
    const c = await iface('/org/libvirt/Test', 'org.libvirt.Connect');
    expect(await c.GetCapabilities()).toMatch(/<capabilities>[\s\S]*<os_type>hvm<\/os_type>/);
    expect(((await c.NodeGetCPUMap(0)) as boolean[]).length).toBe(16);
    expect(await c.NodeGetMemoryStats(-1, 0)).toEqual({ total: 3145728n });
  });

  it('serves domain properties, state, XML and stats', async () => {
    const d = await iface(TEST_PATH, 'org.libvirt.Domain');
    expect(await prop(TEST_PATH, 'org.libvirt.Domain', 'Name')).toBe('test');
    expect(await prop(TEST_PATH, 'org.libvirt.Domain', 'UUID')).toBe(TEST_UUID);
    expect(await prop(TEST_PATH, 'org.libvirt.Domain', 'Id')).toBe(1);
    expect(await prop(TEST_PATH, 'org.libvirt.Domain', 'Active')).toBe(true);
    expect(await prop(TEST_PATH, 'org.libvirt.Domain', 'OSType')).toBe('hvm');
    expect(await d.GetState(0)).toEqual([1, 1]); // running, booted
    const xml = (await d.GetXMLDesc(0)) as string;
    expect(xml).toMatch(/<name>test<\/name>/);
    expect(xml).toMatch(new RegExp(TEST_UUID));
    const stats = (await d.GetStats(0, 0)) as Record<string, dbus.Variant>;
    expect(stats['state.state']!.value).toBe(1);
    expect(await d.GetVcpus(0)).toBe(2);
    const c = await iface('/org/libvirt/Test', 'org.libvirt.Connect');
    const all = (await c.GetAllDomainStats(1, 0)) as Array<[string, Record<string, dbus.Variant>]>;
    expect(all.map((r) => r[0])).toEqual(['test']);
    expect(all[0]![1]['state.state']!.value).toBe(1);
  });

  it('runs the lifecycle with DomainEvent signals (libvirt codes) and PropertiesChanged', async () => {
    const c = await iface('/org/libvirt/Test', 'org.libvirt.Connect');
    const events: Array<[string, number, number]> = [];
    const onEvent = (p: string, e: number, det: number) => events.push([p, e, det]);
    c.on('DomainEvent', onEvent);
    await sleep(200); // let the match rule reach the bus
    const vmPath = domainPath('/org/libvirt/Test', VM_UUID);
    try {
      expect(await c.DomainDefineXML(VM_XML)).toBe(vmPath);
      await waitFor(() => events.find((e) => e[0] === vmPath && e[1] === DOMAIN_EVENT.defined && e[2] === 0));
      expect(await prop(vmPath, 'org.libvirt.Domain', 'Active')).toBe(false);
      expect(await prop(vmPath, 'org.libvirt.Domain', 'Id')).toBe(0xffffffff);
      expect(await prop(vmPath, 'org.libvirt.Domain', 'Persistent')).toBe(true);
      expect(await c.ListDomains(2)).toEqual([vmPath]);

      const props = await iface(vmPath, 'org.freedesktop.DBus.Properties');
      const changes: Array<Record<string, dbus.Variant>> = [];
      props.on('PropertiesChanged', (_i: string, changed: Record<string, dbus.Variant>) => changes.push(changed));
      await sleep(200);

      const d = await iface(vmPath, 'org.libvirt.Domain');
      await d.Create(0);
      await waitFor(() => events.find((e) => e[0] === vmPath && e[1] === DOMAIN_EVENT.started && e[2] === 0));
      expect(await prop(vmPath, 'org.libvirt.Domain', 'Active')).toBe(true);
      await waitFor(() => changes.find((ch) => ch.Active?.value === true));
      expect(await d.GetState(0)).toEqual([1, 1]);

      await d.Suspend();
      await waitFor(() => events.find((e) => e[0] === vmPath && e[1] === DOMAIN_EVENT.suspended && e[2] === 0));
      expect(await d.GetState(0)).toEqual([3, 1]); // paused, user
      await d.Resume();
      await waitFor(() => events.find((e) => e[0] === vmPath && e[1] === DOMAIN_EVENT.resumed && e[2] === 0));

      await d.Shutdown(0);
      await waitFor(() => events.find((e) => e[0] === vmPath && e[1] === DOMAIN_EVENT.stopped && e[2] === 0)); // stopped, shutdown
      expect(await d.GetState(0)).toEqual([5, 1]); // shutoff, shutdown
      await waitFor(() => changes.find((ch) => ch.Active?.value === false));

      await d.Create(1); // START_PAUSED
      expect(await d.GetState(0)).toEqual([3, 1]);
      await d.Destroy(0);
      await waitFor(() => events.find((e) => e[0] === vmPath && e[1] === DOMAIN_EVENT.stopped && e[2] === 1)); // stopped, destroyed

      const pp = await iface(vmPath, 'org.freedesktop.DBus.Properties');
      await pp.Set('org.libvirt.Domain', 'Autostart', new dbus.Variant('b', true));
      expect(await prop(vmPath, 'org.libvirt.Domain', 'Autostart')).toBe(true);
      expect(await c.ListDomains(1024)).toEqual([vmPath]); // AUTOSTART
      const ro = await dbusError(pp.Set('org.libvirt.Domain', 'Name', new dbus.Variant('s', 'x')));
      expect(ro.type).toBe('org.freedesktop.DBus.Error.PropertyReadOnly');

      await d.Undefine(0);
      await waitFor(() => events.find((e) => e[0] === vmPath && e[1] === DOMAIN_EVENT.undefined && e[2] === 0));
      await waitFor(() => !svc!.objectPaths().includes(vmPath));
      const gone = await dbusError(d.GetState(0));
      expect(gone.type).toBe('org.freedesktop.DBus.Error.UnknownObject');
    } finally {
      c.removeListener('DomainEvent', onEvent);
    }
  });

  it('creates transient domains with DomainCreateXML', async () => {
    const c = await iface('/org/libvirt/Test', 'org.libvirt.Connect');
    const path = (await c.DomainCreateXML(VM_XML.replace('dbus-vm', 'dbus-transient').replace(VM_UUID, '11111111-2222-3333-4444-555555555555'), 0)) as string;
    expect(path).toBe('/org/libvirt/Test/domain/_11111111_2222_3333_4444_555555555555');
    expect(await prop(path, 'org.libvirt.Domain', 'Persistent')).toBe(false);
    expect(await c.ListDomains(8)).toEqual([path]); // TRANSIENT
    await (await iface(path, 'org.libvirt.Domain')).Destroy(0);
    await waitFor(() => !svc!.objectPaths().includes(path));
  });

  it('serves networks with NetworkEvent signals', async () => {
    const c = await iface('/org/libvirt/Test', 'org.libvirt.Connect');
    const nets = (await c.ListNetworks(0)) as string[];
    const def = '/org/libvirt/Test/network/_dd8fe884_6c02_601e_7551_cca97df1c5df';
    expect(nets).toEqual([def]);
    expect(await c.NetworkLookupByName('default')).toBe(def);
    expect(await prop(def, 'org.libvirt.Network', 'Name')).toBe('default');
    expect(await prop(def, 'org.libvirt.Network', 'Active')).toBe(true);
    const events: Array<[string, number]> = [];
    const on = (p: string, e: number) => events.push([p, e]);
    c.on('NetworkEvent', on);
    await sleep(200);
    try {
      const path = (await c.NetworkDefineXML(`<network><name>dbus-net</name><uuid>aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee</uuid><bridge name='dbusbr0'/></network>`)) as string;
      expect(path).toBe('/org/libvirt/Test/network/_aaaaaaaa_bbbb_cccc_dddd_eeeeeeeeeeee');
      await waitFor(() => events.find((e) => e[0] === path && e[1] === NETWORK_EVENT.defined));
      const n = await iface(path, 'org.libvirt.Network');
      await n.Create();
      await waitFor(() => events.find((e) => e[0] === path && e[1] === NETWORK_EVENT.started));
      expect(await c.ListNetworks(2)).toEqual(expect.arrayContaining([def, path])); // ACTIVE
      expect((await n.GetXMLDesc(0)) as string).toMatch(/dbusbr0/);
      await n.Destroy();
      await n.Undefine();
      await waitFor(() => events.find((e) => e[0] === path && e[1] === NETWORK_EVENT.undefined));
      await waitFor(() => !svc!.objectPaths().includes(path));
    } finally {
      c.removeListener('NetworkEvent', on);
    }
  });

  it('serves storage pools and volumes', async () => {
    const c = await iface('/org/libvirt/Test', 'org.libvirt.Connect');
    const poolPath = '/org/libvirt/Test/storagepool/_dfe224cb_28fb_8dd0_c4b2_64eb3f0f4566';
    expect(await c.ListStoragePools(0)).toEqual([poolPath]);
    expect(await c.ListStoragePools(64)).toEqual([poolPath]); // type dir
    expect(await c.ListStoragePools(128)).toEqual([]); // type fs
    expect(await c.StoragePoolLookupByName('default-pool')).toBe(poolPath);
    const p = await iface(poolPath, 'org.libvirt.StoragePool');
    const info = (await p.GetInfo()) as [number, bigint, bigint, bigint];
    expect(info[0]).toBe(2); // running
    expect(info[1]).toBe(100n * 1024n ** 3n);
    const volPath = (await p.StorageVolCreateXML(`<volume><name>d1.img</name><capacity unit='MiB'>10</capacity></volume>`, 0)) as string;
    expect(volPath.startsWith('/org/libvirt/Test/storagevol/')).toBe(true);
    const key = (await prop(volPath, 'org.libvirt.StorageVol', 'Key')) as string;
    expect(volPath).toBe(storageVolPath('/org/libvirt/Test', key));
    expect(await prop(volPath, 'org.libvirt.StorageVol', 'Name')).toBe('d1.img');
    expect(await p.ListStorageVolumes(0)).toEqual([volPath]);
    expect(await p.StorageVolLookupByName('d1.img')).toBe(volPath);
    expect(await c.StorageVolLookupByKey(key)).toBe(volPath);
    const v = await iface(volPath, 'org.libvirt.StorageVol');
    expect(await v.GetInfo(0)).toEqual([0, 10n * 1024n * 1024n, expect.any(BigInt)]);
    await v.Resize(20n * 1024n * 1024n, 0);
    expect(((await v.GetInfo(0)) as [number, bigint])[1]).toBe(20n * 1024n * 1024n);
    expect((await v.GetXMLDesc(0)) as string).toMatch(/<name>d1.img<\/name>/);
    await v.Delete(0);
    expect(await p.ListStorageVolumes(0)).toEqual([]);
    expect(svc!.objectPaths()).not.toContain(volPath);

    const events: Array<[string, number, number]> = [];
    const on = (path: string, e: number, d: number) => events.push([path, e, d]);
    c.on('StoragePoolEvent', on);
    await sleep(200);
    try {
      const path = (await c.StoragePoolDefineXML(`<pool type='dir'><name>dbus-pool</name><uuid>12345678-1234-1234-1234-123456789abc</uuid><target><path>/dbus-pool</path></target></pool>`, 0)) as string;
      expect(path).toBe('/org/libvirt/Test/storagepool/_12345678_1234_1234_1234_123456789abc');
      await waitFor(() => events.find((e) => e[0] === path && e[1] === STORAGE_POOL_EVENT.defined && e[2] === 0));
      await (await iface(path, 'org.libvirt.StoragePool')).Create(0);
      await waitFor(() => events.find((e) => e[0] === path && e[1] === STORAGE_POOL_EVENT.started));
      await (await iface(path, 'org.libvirt.StoragePool')).Destroy();
      await (await iface(path, 'org.libvirt.StoragePool')).Undefine();
      await waitFor(() => events.find((e) => e[0] === path && e[1] === STORAGE_POOL_EVENT.undefined));
    } finally {
      c.removeListener('StoragePoolEvent', on);
    }
  });
});

describe('introspection', () => {
  it('matches the interface files', async () => {
    const specs = loadInterfaceSpecs();
    for (const [path, name] of [['/org/libvirt/Test', 'org.libvirt.Connect'], [TEST_PATH, 'org.libvirt.Domain'], ['/org/libvirt/Test/network/_dd8fe884_6c02_601e_7551_cca97df1c5df', 'org.libvirt.Network'], ['/org/libvirt/Test/storagepool/_dfe224cb_28fb_8dd0_c4b2_64eb3f0f4566', 'org.libvirt.StoragePool']] as const) {
      const r = await dbusSend(path, 'org.freedesktop.DBus.Introspectable.Introspect');
      expect(r.code, r.err).toBe(0);
      const xml = r.out.slice(r.out.indexOf('"') + 1, r.out.lastIndexOf('"'));
      const served = parseInterfaceXml(xml).find((s) => s.name === name)!;
      const want = specs.get(name)!;
      expect([...served.methods.keys()]).toEqual([...want.methods.keys()]);
      for (const m of want.methods.values()) {
        const got = served.methods.get(m.name)!;
        expect([got.inSignature, got.outSignature, got.in.map((a) => a.name)], `${name}.${m.name}`).toEqual([m.inSignature, m.outSignature, m.in.map((a) => a.name)]);
      }
      expect([...served.signals.values()].map((s) => `${s.name}(${s.signature})`)).toEqual([...want.signals.values()].map((s) => `${s.name}(${s.signature})`));
      expect([...served.properties.values()].map((p) => `${p.name}:${p.type}:${p.access}`)).toEqual([...want.properties.values()].map((p) => `${p.name}:${p.type}:${p.access}`));
    }
    const conn = await dbusSend('/org/libvirt/Test', 'org.freedesktop.DBus.Introspectable.Introspect');
    expect(conn.out).toContain('<method name="ListDomains">');
    expect(conn.out).toContain('<arg name="flags" type="u" direction="in"/>');
    expect(conn.out).toContain('<signal name="DomainEvent">');
    expect(conn.out).toMatch(/<node name="domain"\/>/);
  });
});

describe('dbus-send command line', () => {
  it('lists, looks up and reads XML and properties', async () => {
    const list = await dbusSend('/org/libvirt/Test', 'org.libvirt.Connect.ListDomains', 'uint32:0');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toContain(`object path "${TEST_PATH}"`);
    const look = await dbusSend('/org/libvirt/Test', 'org.libvirt.Connect.DomainLookupByName', 'string:test');
    expect(look.out).toContain(`object path "${TEST_PATH}"`);
    const xml = await dbusSend(TEST_PATH, 'org.libvirt.Domain.GetXMLDesc', 'uint32:0');
    expect(xml.out).toContain('<name>test</name>');
    const name = await dbusSend(TEST_PATH, 'org.freedesktop.DBus.Properties.Get', 'string:org.libvirt.Domain', 'string:Name');
    expect(name.out).toMatch(/variant\s+string "test"/);
    const state = await dbusSend(TEST_PATH, 'org.libvirt.Domain.GetState', 'uint32:0');
    expect(state.out).toMatch(/struct \{\s*int32 1\s*int32 1\s*\}/);
    const pools = await dbusSend('/org/libvirt/Test', 'org.libvirt.Connect.ListStoragePools', 'uint32:0');
    expect(pools.out).toContain('storagepool/_dfe224cb_28fb_8dd0_c4b2_64eb3f0f4566');
  });

  it('defines, starts, destroys and undefines a domain', async () => {
    const xmlFile = VM_XML.replace('dbus-vm', 'cli-vm').replace(VM_UUID, '99999999-8888-7777-6666-555555555555');
    const path = '/org/libvirt/Test/domain/_99999999_8888_7777_6666_555555555555';
    const def = await dbusSend('/org/libvirt/Test', 'org.libvirt.Connect.DomainDefineXML', `string:${xmlFile}`);
    expect(def.out, def.err).toContain(`object path "${path}"`);
    expect((await dbusSend(path, 'org.libvirt.Domain.Create', 'uint32:0')).code).toBe(0);
    expect((await dbusSend(path, 'org.libvirt.Domain.GetState', 'uint32:0')).out).toMatch(/int32 1\s*int32 1/);
    expect((await dbusSend(path, 'org.libvirt.Domain.Destroy', 'uint32:0')).code).toBe(0);
    expect((await dbusSend(path, 'org.libvirt.Domain.Undefine', 'uint32:0')).code).toBe(0);
    const gone = await dbusSend(path, 'org.libvirt.Domain.GetState', 'uint32:0');
    expect(gone.code).not.toBe(0);
    expect(gone.err).toContain('org.freedesktop.DBus.Error.UnknownObject');
  });

  it('reports errors and keeps answering', async () => {
    const unknownMethod = await dbusSend('/org/libvirt/Test', 'org.libvirt.Connect.NoSuchMethod');
    expect(unknownMethod.err).toContain('org.freedesktop.DBus.Error.UnknownMethod');
    const unknownPath = await dbusSend('/org/libvirt/Test/domain/_00000000_0000_0000_0000_000000000000', 'org.libvirt.Domain.GetState', 'uint32:0');
    expect(unknownPath.err).toContain('org.freedesktop.DBus.Error.UnknownObject');
    const badXml = await dbusSend('/org/libvirt/Test', 'org.libvirt.Connect.DomainDefineXML', 'string:<domain><name>broken');
    expect(badXml.err).toContain('org.libvirt.Error');
    const wrongSig = await dbusSend('/org/libvirt/Test', 'org.libvirt.Connect.ListDomains', 'string:x');
    expect(wrongSig.err).toContain('org.freedesktop.DBus.Error.InvalidArgs');
    const badFlags = await dbusSend(TEST_PATH, 'org.libvirt.Domain.GetXMLDesc', 'uint32:4096');
    expect(badFlags.err).toMatch(/org\.libvirt\.Error: unsupported flags \(0x1000\)/);
    const unsupported = await dbusSend(TEST_PATH, 'org.libvirt.Domain.InjectNMI', 'uint32:0');
    expect(unsupported.err).toMatch(/org\.libvirt\.Error: this function is not supported/);
    const ok = await dbusSend('/org/libvirt/Test', 'org.libvirt.Connect.ListDomains', 'uint32:0');
    expect(ok.out).toContain(TEST_PATH);
  });
});

describe('robustness (dbus-next client)', () => {
  it('rejects bad input with D-Bus errors and keeps serving', async () => {
    const c = await iface('/org/libvirt/Test', 'org.libvirt.Connect');
    expect((await dbusError(c.DomainDefineXML('not xml at all'))).type).toBe('org.libvirt.Error');
    expect((await dbusError(c.DomainDefineXML(`<domain type='test'><name>a/b</name><memory>1</memory></domain>`))).type).toBe('org.libvirt.Error');
    expect((await dbusError(c.DomainLookupByUUID('not-a-uuid'))).type).toBe('org.libvirt.Error');
    expect((await dbusError(c.DomainLookupByID(-5))).type).toBe('org.libvirt.Error');
    const huge = `<domain type='test'><name>${'x'.repeat(2 << 20)}</name></domain>`;
    expect((await dbusError(c.DomainDefineXML(huge))).type).toBe('org.freedesktop.DBus.Error.LimitsExceeded');
    // Raw messages: wrong signature, no interface, unknown interface.
    const call = (m: Partial<dbus.Message>) => client!.call(new dbus.Message({ destination: 'org.libvirt', path: '/org/libvirt/Test', ...m } as dbus.MessageLike));
    expect((await dbusError(call({ interface: 'org.libvirt.Connect', member: 'DomainLookupByName', signature: 'u', body: [7] }))).type).toBe('org.freedesktop.DBus.Error.InvalidArgs');
    const noIface = await call({ member: 'ListDomains', signature: 'u', body: [0] });
    expect(noIface?.body[0]).toEqual([TEST_PATH]);
    expect((await dbusError(call({ interface: 'org.example.Nope', member: 'X' }))).type).toBe('org.freedesktop.DBus.Error.UnknownInterface');
    expect(await c.ListDomains(0)).toEqual([TEST_PATH]);
  });
});

describe('CLI verb', () => {
  it('registerDbusVerb serves a URI on the given bus until --timeout', async () => {
    const program = new Command('polyvisor').option('-c, --connect <uri>').exitOverride();
    const lines: string[] = [];
    registerDbusVerb(program, { drivers: async () => [testDriver], out: (s) => lines.push(s), defaultUri: () => 'test:///default' });
    const run = program.parseAsync(['dbus-service', '--address', address, '--name', 'org.polyvisor.CliTest', '--connect', 'test:///default', '--timeout', '3'], { from: 'user' });
    const dbusIface = (await client!.getProxyObject('org.freedesktop.DBus', '/org/freedesktop/DBus')).getInterface('org.freedesktop.DBus');
    await waitFor(() => lines.length > 0);
    expect(lines[0]).toMatch(/serving org\.polyvisor\.CliTest .*\/org\/libvirt\/Test/);
    expect(await dbusIface.NameHasOwner('org.polyvisor.CliTest')).toBe(true);
    const other = (await client!.getProxyObject('org.polyvisor.CliTest', '/org/libvirt/Test')).getInterface('org.libvirt.Connect');
    expect(await other.ListDomains(0)).toEqual([TEST_PATH]);
    await run;
    expect(lines.at(-1)).toBe('D-Bus service stopped');
    expect(await dbusIface.NameHasOwner('org.polyvisor.CliTest')).toBe(false);
  }, 20000);
});

describe('system bus policy (share/org.libvirt.conf)', () => {
  const canDropPrivileges = process.getuid?.() === 0 && spawnSync('runuser', ['-u', 'nobody', '--', 'true']).status === 0;
  if (!canDropPrivileges) {
    it('can run dbus-send as nobody (needs root and runuser from util-linux)', () => {
      throw new Error('cannot test the bus policy: runuser as nobody is not possible here');
    });
  }
  it.skipIf(!canDropPrivileges)('lets root and the configured group call, and denies everyone else', async () => {
    const pdir = mkdtempSync(join(tmpdir(), 'pv-dbus-policy-'));
    chmodSync(pdir, 0o755);
    const policy = join(pdir, 'org.libvirt.conf');
    const conf = join(pdir, 'bus.conf');
    let pid = 0;
    let psvc: DbusService | undefined;
    try {
      writeFileSync(policy, systemPolicy({ group: 'polyvisor-nobody-is-not-in-it' }));
      writeFileSync(conf, `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${join(pdir, 'bus')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow user="*"/><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
  <include>${policy}</include>
</busconfig>
`);
      const r = spawnSync('dbus-daemon', [`--config-file=${conf}`, '--print-address=1', '--print-pid=1', '--fork'], { encoding: 'utf8', timeout: 10000 });
      expect(r.status, r.stderr).toBe(0);
      const [addr, p] = r.stdout.trim().split('\n');
      pid = Number(p);
      psvc = await startDbusService({ bus: { address: addr!.trim() }, connections: [conn!] });
      const send = (user: string | undefined) =>
        new Promise<{ code: number; out: string; err: string }>((resolve) => {
          const argv = [`--bus=${addr!.trim()}`, '--print-reply', '--dest=org.libvirt', '/org/libvirt/Test', 'org.libvirt.Connect.ListDomains', 'uint32:0'];
          const [cmd, args] = user ? ['runuser', ['-u', user, '--', 'dbus-send', ...argv]] as const : ['dbus-send', argv] as const;
          execFile(cmd, [...args], { timeout: 15000 }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, out: String(stdout), err: String(stderr) }));
        });
      const asRoot = await send(undefined);
      expect(asRoot.out, asRoot.err).toContain(TEST_PATH);
      const denied = await send('nobody');
      expect(denied.code).toBe(1);
      expect(denied.err).toContain('org.freedesktop.DBus.Error.AccessDenied');
      // Put nobody's group in the policy and reload the bus configuration.
      writeFileSync(policy, systemPolicy({ group: 'nogroup' }));
      const reload = spawnSync('dbus-send', [`--bus=${addr!.trim()}`, '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.ReloadConfig'], { encoding: 'utf8', timeout: 10000 });
      expect(reload.status, reload.stderr).toBe(0);
      const allowed = await send('nobody');
      expect(allowed.out, allowed.err).toContain(TEST_PATH);
    } finally {
      await psvc?.close().catch(() => undefined);
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          /* gone */
        }
      }
      rmSync(pdir, { recursive: true, force: true });
    }
  }, 30000);
});
