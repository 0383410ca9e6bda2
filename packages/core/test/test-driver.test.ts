import { describe, expect, it, afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection, registerDriver, testDriver, PolyvisorError, isNotFound, type Driver, type Connection } from '@polyvisor/core';
import { describeDriverConformance } from '@polyvisor/core/testing';

const domainXml = (name: string) => `<domain type='test'>
  <name>${name}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type>hvm</type></os>
  <devices><disk type='file' device='disk'><source file='/images/${encodeURIComponent(name)}.img'/><target dev='vda' bus='virtio'/></disk></devices>
</domain>`;

describeDriverConformance({
  name: 'test',
  open: () => openConnection('test:///default', { drivers: [testDriver] }),
  domainXml,
  networkXml: (name) => `<network><name>${name}</name><bridge name='br${Math.abs(hash(name)) % 100000}'/><forward mode='nat'/><ip address='10.9.0.1' netmask='255.255.255.0'/></network>`,
  poolXml: (name) => `<pool type='dir'><name>${name}</name><target><path>/pools/${name}</path></target></pool>`,
});

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    expect(err).toBeInstanceOf(PolyvisorError);
    return (err as PolyvisorError).code;
  }
}

describe('test:///default', () => {
  const conns: Connection[] = [];
  const open = async (uri = 'test:///default', readOnly = false) => {
    const c = await openConnection(uri, { drivers: [testDriver], readOnly });
    conns.push(c);
    return c;
  };
  afterEach(async () => {
    for (const c of conns.splice(0)) await c.close();
  });

  it("starts with libvirt's default objects", async () => {
    const c = await open();
    const [dom] = await c.domains.list();
    expect(dom).toBeDefined();
    expect(dom!.toJSON()).toMatchObject({ name: 'test', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f', state: 'running', persistent: true, id: 1 });
    const info = await dom!.getInfo();
    expect(info).toMatchObject({ state: 'running', maxMemory: 8388608, memory: 2097152, vcpus: 2 });
    const nets = await c.networks.list();
    expect(nets.map((n) => [n.name, n.active, n.bridge])).toEqual([['default', true, 'virbr0']]);
    const pools = await c.storagePools.list();
    expect(pools.map((p) => [p.name, p.state])).toEqual([['default-pool', 'running']]);
    expect((await pools[0]!.getInfo()).capacity).toBe(100 * 1024 ** 3);
    expect(await c.host.info()).toMatchObject({ cpus: 16, mhz: 1400, nodes: 2, sockets: 2, cores: 2, threads: 2 });
    expect((await c.host.capabilities()).guests.length).toBeGreaterThan(0);
    expect(await dom!.getXML()).toMatch(/^<domain type='test' id='1'>/);
  });

  it('is shared by the connections of a process, with events crossing them', async () => {
    const a = await open();
    const b = await open();
    const sub = b.events({ domain: 'shared-one', signal: AbortSignal.timeout(5000) });
    const d = await a.domains.define(domainXml('shared-one'));
    expect((await b.domains.lookup('shared-one')).uuid).toBe(d.uuid);
    const first = await sub.next();
    expect(first.value).toMatchObject({ kind: 'domain', type: 'defined', detail: 'added' });
    sub.close();
    await d.undefine();
  });

  it('refuses changes on a read-only connection', async () => {
    const c = await open('test:///default', true);
    expect(await code(c.domains.define(domainXml('ro')))).toBe('OPERATION_INVALID');
    expect((await c.domains.list()).length).toBeGreaterThan(0);
  });

  it('leaves state unchanged after a failed call', async () => {
    const c = await open();
    const before = JSON.stringify((await c.domains.list()).map((d) => d.toJSON()));
    expect(await code(c.domains.define('<domain type="test"><name>x</name><memory unit="parsecs">1</memory></domain>'))).toMatch(/XML_ERROR|INVALID_ARG/);
    expect(await code(c.domains.define('<domain'))).toBe('XML_ERROR');
    expect(await code(c.domains.define({ type: 'test', name: '', memory: 1 } as never))).toBe('INVALID_ARG');
    expect(await code(c.domains.define({ type: 'test', name: 'ok', memory: -5 } as never))).toBe('INVALID_ARG');
    const test = await c.domains.lookup('test');
    expect(await code(test.start())).toBe('OPERATION_INVALID');
    expect(await code(test.rename('renamed'))).toBe('OPERATION_INVALID');
    expect(JSON.stringify((await c.domains.list()).map((d) => d.toJSON()))).toBe(before);
  });

  it('looks domains up by id, uuid and name through lookup()', async () => {
    const c = await open();
    expect((await c.domains.lookup(1)).name).toBe('test');
    expect((await c.domains.lookup('1')).name).toBe('test');
    expect((await c.domains.lookup('6695eb01f6a4830479aa97f2502e193f')).name).toBe('test');
    const err = await c.domains.lookup('nope').catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
    expect((err as Error).message).toBe("[test] domain not found: no domain with matching name 'nope'");
  });

  it('applies on_poweroff and on_reboot', async () => {
    const c = await open();
    const d = await c.domains.define(domainXml('lifecycle-actions').replace('</os>', '</os>\n  <on_poweroff>restart</on_poweroff>\n  <on_reboot>destroy</on_reboot>'));
    try {
      await d.start();
      await d.shutdown();
      expect(d.state).toBe('running');
      await d.reboot();
      expect(d.state).toBe('shutoff');
    } finally {
      await d.undefine();
    }
  });

  it('accounts storage allocation and refuses overcommit', async () => {
    const c = await open();
    const pool = await c.storagePools.lookup('default-pool');
    const v = await pool.createVolume(`<volume><name>big.img</name><capacity unit='GiB'>60</capacity><allocation unit='GiB'>60</allocation></volume>`);
    try {
      expect((await pool.getInfo()).allocation).toBe(60 * 1024 ** 3);
      expect(await code(pool.createVolume(`<volume><name>big2.img</name><capacity unit='GiB'>60</capacity><allocation unit='GiB'>60</allocation></volume>`))).toBe('OPERATION_FAILED');
      expect((await c.storagePools.lookupVolumeByPath('/default-pool/big.img')).name).toBe('big.img');
      await v.resize(61 * 1024 ** 3);
      expect((await v.getInfo()).capacity).toBe(61 * 1024 ** 3);
      expect(await v.getXML()).toContain('<name>big.img</name>');
    } finally {
      await v.delete();
    }
  });

  it('loads a libvirt <node> file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pv-node-'));
    try {
      writeFileSync(join(dir, 'extra-dom.xml'), domainXml('from-file'));
      const node = join(dir, 'node.xml');
      writeFileSync(node, `<node>
  <cpu><mhz>6000</mhz><model>i986</model><active>50</active><nodes>4</nodes><sockets>4</sockets><cores>4</cores><threads>2</threads></cpu>
  <memory>8192000</memory>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test'>
    <name>fv0</name><uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid><memory>261072</memory><os><type>hvm</type></os>
    <test:runstate>5</test:runstate>
  </domain>
  <domain type='test'><name>fv1</name><memory>131072</memory><os><type>hvm</type></os></domain>
  <domain file='extra-dom.xml'/>
  <network><name>private</name><bridge name='br9'/><ip address='10.1.1.1' netmask='255.255.255.0'/></network>
  <pool type='dir'><name>p1</name><target><path>/p1</path></target>
    <volume><name>v1.img</name><capacity unit='MiB'>5</capacity></volume>
  </pool>
</node>`);
      const c = await open(`test://${node}`);
      expect(c.uri).toBe(`test://${node}`);
      const doms = Object.fromEntries((await c.domains.list()).map((d) => [d.name, d.state]));
      expect(doms).toEqual({ fv0: 'shutoff', fv1: 'running', 'from-file': 'running' });
      expect(await c.host.info()).toMatchObject({ model: 'i986', mhz: 6000, cpus: 50, memory: 8192000 });
      expect((await c.networks.lookup('private')).active).toBe(true);
      const vols = await (await c.storagePools.lookup('p1')).listVolumes();
      expect(vols.map((v) => [v.name, v.path])).toEqual([['v1.img', '/p1/v1.img']]);
      // A node file connection is private: test:///default does not see it.
      const def = await open();
      expect(await code(def.domains.lookup('fv1'))).toBe('NO_DOMAIN');
      expect(await code(open(`test://${join(dir, 'missing.xml')}`))).toBe('CONNECT_FAILED');
      writeFileSync(join(dir, 'bad.xml'), '<nodes/>');
      expect(await code(open(`test://${join(dir, 'bad.xml')}`))).toBe('CONNECT_FAILED');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad test URIs', async () => {
    expect(await code(open('test://host/default'))).toBe('INVALID_URI');
    expect(await code(open('test:///'))).toBe('INVALID_URI');
    expect(await code(open('test:///relative'.replace('/relative', 'relative')))).toBe('INVALID_URI');
  });

  it('converts to and from its native format', async () => {
    const c = await open();
    const json = await c.domainXmlToNative('polyvisor-json', domainXml('native'));
    expect(JSON.parse(json)).toMatchObject({ name: 'native', memory: 131072 });
    const xml = await c.domainXmlFromNative('polyvisor-json', json);
    expect(xml).toContain('<name>native</name>');
    expect(await code(c.domainXmlToNative('qemu-argv', domainXml('n')))).toBe('UNSUPPORTED');
    expect(await code(c.domainXmlFromNative('polyvisor-json', '{"name": 3}'))).toBe('INVALID_ARG');
  });
});

describe('openConnection dispatch', () => {
  it('names the known schemes for an unknown one', async () => {
    const err = (await openConnection('nope:///system', { drivers: [testDriver] }).catch((e: unknown) => e)) as PolyvisorError;
    expect(err.code).toBe('NO_DRIVER');
    expect(err.message).toContain('known schemes: test');
  });

  it('reports UNSUPPORTED, naming driver and operation, for a missing method', async () => {
    const bare: Driver = {
      name: 'bare',
      schemes: ['bare'],
      async open(uri) {
        return { uri: uri.uri, domains: { list: async () => [] }, async close() {} };
      },
    };
    const c = await openConnection('bare:///x', { drivers: [bare] });
    expect(c.capabilities().operations).toEqual(['domains.list']);
    expect(await c.domains.list()).toEqual([]);
    const err = (await c.domains.lookup('x').catch((e: unknown) => e)) as PolyvisorError;
    expect(err.code).toBe('UNSUPPORTED');
    expect(err.message).toBe('[bare] operation domains.lookupByName is not supported by this driver');
    expect(await code(c.networks.list())).toBe('UNSUPPORTED');
    expect(() => c.events()).toThrowError(expect.objectContaining({ code: 'UNSUPPORTED' }));
    await c.close();
  });

  it('uses registered drivers and wraps foreign errors', async () => {
    const flaky: Driver = {
      name: 'flaky',
      schemes: ['flaky'],
      async open(uri) {
        return { uri: uri.uri, host: { info: async () => { throw new TypeError('boom'); } }, async close() {} };
      },
    };
    const unregister = registerDriver(flaky);
    try {
      const c = await openConnection('flaky:///');
      const err = (await c.host.info().catch((e: unknown) => e)) as PolyvisorError;
      expect(err).toBeInstanceOf(PolyvisorError);
      expect(err.code).toBe('INTERNAL');
      expect(err.message).toBe('[flaky] host.info failed: boom');
      expect(err.cause).toBeInstanceOf(TypeError);
      await c.close();
    } finally {
      unregister();
    }
    expect(await code(openConnection('flaky:///'))).toBe('NO_DRIVER');
  });

  it('times out a hanging driver call', async () => {
    const slow: Driver = {
      name: 'slow',
      schemes: ['slow'],
      async open(uri) {
        return { uri: uri.uri, domains: { list: () => new Promise(() => undefined) }, async close() {} };
      },
    };
    const c = await openConnection('slow:///', { drivers: [slow] });
    const t0 = Date.now();
    expect(await code(c.domains.list({ timeoutMs: 50 }))).toBe('TIMEOUT');
    expect(Date.now() - t0).toBeLessThan(2000);
    await c.close();
  });
});
