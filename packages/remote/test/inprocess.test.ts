import { describe, it, expect, afterEach } from 'vitest';
import { Readable } from 'node:stream';
import { ErrorCode, PolyvisorError, openConnection, testDriver, type Connection, type PolyvisorEvent } from '@polyvisor/core';
import { describeDriverConformance } from '@polyvisor/core/testing';
import { remoteDriver, driver, RemoteDriverConnection } from '../src/driver.js';
import type { AgentSession } from '../src/agent.js';
import { inProcessTransport, openLocalTest, openLocalWithExtras, pipePair, type ExtrasLog } from './helpers.js';
import { serveAgent } from '../src/agent.js';

const domainXml = (name: string) => `<domain type='test'><name>${name}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>`;

// The whole contract through the protocol, client and agent in this process over pipes (no SSH).
describeDriverConformance({
  name: 'remote (in-process pipe, no SSH) → test:///default',
  open: () => openConnection('test+ssh://in-process/default', { drivers: [remoteDriver], driverOptions: { transport: inProcessTransport() } }),
  domainXml,
  networkXml: (n) => `<network><name>${n}</name><bridge name='virbr-${n.slice(-6)}'/><ip address='192.168.250.1' netmask='255.255.255.0'/></network>`,
  poolXml: (n) => `<pool type='dir'><name>${n}</name><target><path>/var/tmp/${n}</path></target></pool>`,
  prefix: 'pvrem',
});

describe('remote driver over an in-process pipe', () => {
  const conns: Connection[] = [];
  afterEach(async () => {
    for (const c of conns.splice(0)) await c.close().catch(() => undefined);
  });
  const open = async (extras?: ExtrasLog, sessions: AgentSession[] = [], transports: Array<ReturnType<typeof pipePair>['client']> = [], readOnly = false) => {
    const c = await openConnection('test+ssh://in-process/default', {
      drivers: [testDriver, remoteDriver],
      readOnly,
      driverOptions: { transport: inProcessTransport(extras ? (o) => openLocalWithExtras(extras, o) : openLocalTest, sessions, transports) },
    });
    conns.push(c);
    return c;
  };

  it('is picked for DRIVER+ssh URIs and exports `driver` for the CLI loader', async () => {
    expect(driver).toBe(remoteDriver);
    const c = await open();
    expect(c.driverName).toBe('remote');
    expect(c.uri).toBe('test+ssh://in-process/default');
    const dc = c.driverConnection<RemoteDriverConnection>();
    expect(dc.server).toMatchObject({ driver: 'test', uri: 'test:///default', events: true });
    expect(dc.protocolVersion).toBe(1);
  });

  it('reports exactly the far driver\'s methods, so capabilities and UNSUPPORTED work as locally', async () => {
    const c = await open();
    const local = await openConnection('test:///default', { drivers: [testDriver] });
    try {
      expect(c.capabilities().operations).toEqual(local.capabilities().operations);
      expect(c.capabilities().events).toBe(true);
      const d = await c.domains.lookupByName('test');
      const err = await d.openConsole().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PolyvisorError);
      expect((err as PolyvisorError).code).toBe(ErrorCode.UNSUPPORTED);
    } finally {
      await local.close();
    }
  });

  it('rebuilds far errors as typed PolyvisorErrors and honours read-only', async () => {
    const c = await open(undefined, [], [], true);
    const err = (await c.domains.lookupByName('nope-nope').catch((e: unknown) => e)) as PolyvisorError;
    expect(err).toBeInstanceOf(PolyvisorError);
    expect(err.code).toBe(ErrorCode.NO_DOMAIN);
    const ro = (await c.domains.define(domainXml('pvrem-ro')).catch((e: unknown) => e)) as PolyvisorError;
    expect(ro.code).toBe(ErrorCode.OPERATION_INVALID);
    expect(ro.message).toMatch(/read only/);
  });

  it('a failing far open reaches the client as its typed error', async () => {
    const err = (await openConnection('test+ssh://in-process/relative', {
      drivers: [remoteDriver],
      driverOptions: {
        transport: inProcessTransport(async (o) => {
          const conn = await openConnection('test://relative', { drivers: [testDriver], signal: o.signal });
          return { driver: 'test', connection: conn.driverConnection() };
        }),
      },
    }).catch((e: unknown) => e)) as PolyvisorError;
    expect(err).toBeInstanceOf(PolyvisorError);
    expect(err.code).toBe(ErrorCode.INVALID_URI);
  });

  it('carries a console Duplex both ways', async () => {
    const log: ExtrasLog = { cancelled: [], volumes: new Map() };
    const c = await open(log);
    const d = await c.domains.lookupByName('test');
    const con = await d.openConsole();
    const got: Buffer[] = [];
    con.on('data', (b: Buffer) => got.push(b));
    con.write('hello ');
    con.write('console');
    await new Promise((r) => setTimeout(r, 50));
    expect(Buffer.concat(got).toString()).toBe('HELLO CONSOLE');
    con.write('quit');
    await new Promise<void>((r) => con.once('end', () => r()));
    con.end();
    const bad = (await (await c.domains.define(domainXml('no-console'))).openConsole().catch((e: unknown) => e)) as PolyvisorError;
    expect(bad.code).toBe(ErrorCode.OPERATION_INVALID);
    await (await c.domains.lookupByName('no-console')).undefine();
  });

  it('uploads and downloads volumes as streams with flow control and progress callbacks', async () => {
    const log: ExtrasLog = { cancelled: [], volumes: new Map() };
    const c = await open(log);
    const pool = await c.storagePools.lookup('default-pool');
    const vol = await pool.createVolume(`<volume><name>pvrem-up.img</name><capacity unit='MiB'>8</capacity></volume>`);
    try {
      const data = Buffer.alloc(6 * 1024 * 1024);
      for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
      const up: number[] = [];
      await vol.upload(Readable.from((function* () {
        for (let i = 0; i < data.length; i += 64 * 1024) yield data.subarray(i, i + 64 * 1024);
      })()), { onProgress: (p) => up.push(p.bytes) });
      expect(log.volumes.get('pvrem-up.img')?.equals(data)).toBe(true);
      expect(up.at(-1)).toBe(data.length);
      const down: number[] = [];
      const s = await vol.download({ onProgress: (p) => down.push(p.bytes) });
      const chunks: Buffer[] = [];
      for await (const ch of s as AsyncIterable<Buffer>) {
        chunks.push(ch);
        await new Promise((r) => setImmediate(r)); // a slow reader: the window must hold the sender back
      }
      expect(Buffer.concat(chunks).equals(data)).toBe(true);
      expect(down.at(-1)).toBe(data.length);
    } finally {
      await vol.delete();
    }
  });

  it('an AbortSignal on the client aborts the far side\'s CallContext', async () => {
    const log: ExtrasLog = { cancelled: [], volumes: new Map() };
    const c = await open(log);
    const d = await c.domains.define(domainXml('pvrem-cancel'));
    try {
      const ac = new AbortController();
      const p = d.shutdown({ wait: true, signal: ac.signal });
      await new Promise((r) => setTimeout(r, 30));
      ac.abort();
      const err = (await p.catch((e: unknown) => e)) as PolyvisorError;
      expect(err.code).toBe(ErrorCode.ABORTED);
      await expect.poll(() => log.cancelled).toEqual(['pvrem-cancel']);
      const t = (await d.shutdown({ wait: true, timeoutMs: 50 }).catch((e: unknown) => e)) as PolyvisorError;
      expect(t.code).toBe(ErrorCode.TIMEOUT);
      await expect.poll(() => log.cancelled.length).toBe(2);
    } finally {
      await d.undefine();
    }
  });

  it('a lost transport rejects pending calls at once with CONNECT_FAILED; reconnect renews event subscriptions', async () => {
    const log: ExtrasLog = { cancelled: [], volumes: new Map() };
    const sessions: AgentSession[] = [];
    const transports: Array<ReturnType<typeof pipePair>['client']> = [];
    // test:///default lives while someone holds it (as in libvirt): keep it across the reconnect.
    const keep = await openConnection('test:///default', { drivers: [testDriver] });
    conns.push(keep);
    const c = await open(log, sessions, transports);
    const dc = c.driverConnection<RemoteDriverConnection>();
    const events: PolyvisorEvent[] = [];
    c.onEvent((ev) => events.push(ev), { domain: 'pvrem-lost' });
    const lost: PolyvisorError[] = [];
    dc.onDisconnect((e) => lost.push(e));
    const d = await c.domains.define(domainXml('pvrem-lost'));
    await expect.poll(() => events.map((e) => e.type)).toEqual(['defined']);
    const pending = d.shutdown({ wait: true, timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 30));
    const t0 = Date.now();
    transports[0]!.destroy();
    const err = (await pending.catch((e: unknown) => e)) as PolyvisorError;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(err).toBeInstanceOf(PolyvisorError);
    expect(err.code).toBe(ErrorCode.CONNECT_FAILED);
    expect(err.message).toMatch(/lost/);
    expect(lost).toHaveLength(1);
    expect(dc.connected).toBe(false);
    const again = (await c.domains.list().catch((e: unknown) => e)) as PolyvisorError;
    expect(again.code).toBe(ErrorCode.CONNECT_FAILED);
    expect(again.message).toMatch(/reconnect/);
    // The agent noticed too: the in-flight call was aborted and the session ended.
    await expect.poll(() => log.cancelled).toEqual(['pvrem-lost']);
    const r0 = await sessions[0]!.done;
    expect(r0.clean).toBe(true);

    await dc.reconnect();
    expect(dc.connected).toBe(true);
    await d.start();
    await d.destroy();
    await expect.poll(() => events.map((e) => e.type)).toEqual(['defined', 'started', 'stopped']);
    await d.undefine();
  });

  it('survives a malicious agent: garbage from the far side closes the channel with a typed error', async () => {
    const p = pipePair();
    const opening = openConnection('test+ssh://evil/default', { drivers: [remoteDriver], driverOptions: { transport: async () => p.client } });
    p.agent.output.write('SSH-2.0-OpenSSH_9.2\r\n');
    const err = (await opening.catch((e: unknown) => e)) as PolyvisorError;
    expect(err.code).toBe(ErrorCode.CONNECT_FAILED);
    expect(err.message).toMatch(/exceeds the limit/);
  });

  it('agent sessions end cleanly when the client closes', async () => {
    const sessions: AgentSession[] = [];
    const c = await open(undefined, sessions);
    await c.domains.list();
    await c.close();
    const r = await sessions[0]!.done;
    expect(r.clean).toBe(true);
  });

  it('serveAgent can be closed from the agent side; the client sees CONNECT_FAILED', async () => {
    const p = pipePair();
    const s = serveAgent({ input: p.agent.input, output: p.agent.output, open: openLocalTest });
    const c = await openConnection('test+ssh://x/default', { drivers: [remoteDriver], driverOptions: { transport: async () => p.client } });
    conns.push(c);
    s.close();
    await s.done;
    const err = (await c.domains.list().catch((e: unknown) => e)) as PolyvisorError;
    expect(err.code).toBe(ErrorCode.CONNECT_FAILED);
    expect(err.message).toMatch(/agent shut down/);
  });
});
