/**
 * The remote driver over real SSH: sshd in a throw-away network namespace
 * (see ssh-host.ts), the repo's CLI agent as the remote command.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { ErrorCode, PolyvisorError, openConnection, testDriver, type Connection, type PolyvisorEvent } from '@polyvisor/core';
import { describeDriverConformance } from '@polyvisor/core/testing';
import { remoteDriver, RemoteDriverConnection } from '../src/driver.js';
import { SshTestHost, sshHostUnavailable } from './ssh-host.js';

// sshd comes from Debian's openssh-server, which .ci/run installs: a missing sshd is a failure, not a skip,
// unless the caller opts out explicitly.
const unavailable = sshHostUnavailable();
const why = process.env.POLYVISOR_SKIP_SSH_TESTS === '1' ? unavailable : undefined;
if (unavailable && !why) {
  describe('remote driver over SSH: prerequisites', () => {
    it('has sshd and ssh-keygen (install openssh-server openssh-client)', () => {
      throw new Error(`cannot run the SSH tests: ${unavailable}`);
    });
  });
}

const domainXml = (name: string) => `<domain type='test'><name>${name}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>`;

describe.skipIf(unavailable !== undefined)('remote driver over SSH (sshd in a network namespace)', { timeout: 60_000 }, () => {
  let host: SshTestHost;
  const conns: Connection[] = [];
  const open = async (uri: string, extra: { readOnly?: boolean } = {}) => {
    const c = await openConnection(uri, { drivers: [testDriver, remoteDriver], ...extra });
    conns.push(c);
    return c;
  };
  const failure = async (p: Promise<unknown>): Promise<PolyvisorError> => {
    const e = await p.then(
      () => new Error('expected a failure'),
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(PolyvisorError);
    return e as PolyvisorError;
  };

  beforeAll(async () => {
    host = await SshTestHost.start();
  }, 60_000);

  afterAll(async () => {
    for (const c of conns.splice(0)) await c.close().catch(() => undefined);
    if (!host) return;
    host.teardown();
    // Everything is gone: no process in the namespace, no namespace, no veth, no temp dir.
    expect(host.nsExists()).toBe(false);
    expect(existsSync(host.dir)).toBe(false);
    expect(() => execFileSync('ip', ['link', 'show', host.vethHost], { stdio: 'ignore' })).toThrow();
  }, 30_000);

  it('lists, defines, starts and shuts down with events over SSH', async () => {
    const c = await open(host.uri('/default'));
    expect(c.driverName).toBe('remote');
    const dc = c.driverConnection<RemoteDriverConnection>();
    expect(dc.server).toMatchObject({ driver: 'test', uri: 'test:///default', events: true, software: 'polyvisor-cli' });
    expect((await c.domains.list()).map((d) => `${d.name}:${d.state}`)).toEqual(['test:running']);
    const events: PolyvisorEvent[] = [];
    c.onEvent((ev) => events.push(ev), { domain: 'pvssh-life' });
    const d = await c.domains.define(domainXml('pvssh-life'));
    expect(d.state).toBe('shutoff');
    await d.start();
    expect(d.state).toBe('running');
    expect((await d.getInfo()).vcpus).toBe(1);
    await d.shutdown({ wait: true });
    expect(d.state).toBe('shutoff');
    await d.undefine();
    await expect.poll(() => events.map((e) => `${e.type}/${'detail' in e ? e.detail : ''}`)).toEqual(['defined/added', 'started/booted', 'shutdown/finished', 'stopped/shutdown', 'undefined/removed']);
    expect(await c.host.hostname()).toBeTruthy();
    expect((await failure(c.domains.lookupByName('pvssh-missing'))).code).toBe(ErrorCode.NO_DOMAIN);
    expect((await failure(c.domains.lookupByName('test').then((x) => x.openConsole()))).code).toBe(ErrorCode.UNSUPPORTED);
  });

  it('opens read-only on the far side when asked', async () => {
    const c = await open(host.uri('/default'), { readOnly: true });
    const e = await failure(c.domains.define(domainXml('pvssh-ro')));
    expect(e.code).toBe(ErrorCode.OPERATION_INVALID);
  });

  it('refuses a wrong or unknown host key with CONNECT_FAILED (and accepts it with no_verify=1)', async () => {
    const wrong = await failure(open(host.uri('/default', { knownHosts: host.wrongKnownHosts })));
    expect(wrong.code).toBe(ErrorCode.CONNECT_FAILED);
    expect(wrong.message).toMatch(/host key verification failed: the ssh-ed25519 key of \[10\.213\.[0-9.]+\]:2222 does not match .* line 1 \(possible man-in-the-middle/);
    const unknown = await failure(open(host.uri('/default', { knownHosts: host.emptyKnownHosts })));
    expect(unknown.code).toBe(ErrorCode.CONNECT_FAILED);
    expect(unknown.message).toMatch(/is not in .*known_hosts\.empty.*no_verify=1/);
    const c = await open(host.uri('/default', { knownHosts: host.emptyKnownHosts, extra: { no_verify: '1' } }));
    expect((await c.domains.list()).length).toBeGreaterThan(0);
  });

  it('reports a missing agent command and bad credentials clearly', async () => {
    // The default command needs `polyvisor` on the far PATH, which this host lacks.
    const e = await failure(open(host.uri('/default', { command: null })));
    expect(e.code).toBe(ErrorCode.CONNECT_FAILED);
    // Depending on which the client sees first (the exit status or the channel closing), the message names
    // one or the other; either way it carries the far shell's own complaint.
    expect(e.message).toMatch(/exited with status 127|closed the connection before its hello/);
    expect(e.message).toMatch(/polyvisor: (command )?not found/);
    const bad = await failure(open(host.uri('/default').replace(/keyfile=[^&]+/, `keyfile=${encodeURIComponent(`${host.dir}/other_host_key`)}`)));
    expect(bad.code).toBe(ErrorCode.CONNECT_FAILED);
    expect(bad.message).toMatch(/authentication failed/);
    const pw = await failure(open(`${host.uri('/default')}&password=x`));
    expect(pw.code).toBe(ErrorCode.INVALID_URI);
    // The far side's own typed errors come through.
    const far = await failure(open(host.uri('relative-path-is-invalid'.replace(/^/, '/'), { command: host.agentCommand('test://relative') })));
    expect(far.code).toBe(ErrorCode.INVALID_URI);
  });

  it('killing the sshd session mid-call rejects pending calls with CONNECT_FAILED; new connections and reconnect() work', async () => {
    const c = await open(host.uri('/default'));
    const dc = c.driverConnection<RemoteDriverConnection>();
    await c.domains.list();
    // Freeze the agent so a call stays pending, then kill the per-connection sshd processes.
    const before = new Set(host.pidsMatching('agent'));
    expect(before.size).toBeGreaterThan(0);
    for (const p of before) process.kill(p, 'SIGSTOP');
    const pending = c.domains.list({ timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    for (const p of host.sessionPids()) process.kill(p, 'SIGKILL');
    const e = await failure(pending);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(e.code).toBe(ErrorCode.CONNECT_FAILED);
    expect(e.message).toMatch(/lost/);
    for (const p of before) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    expect((await failure(c.domains.list())).code).toBe(ErrorCode.CONNECT_FAILED);
    // sshd's listener is untouched: a fresh connection works, and so does reconnect().
    const c2 = await open(host.uri('/default'));
    expect((await c2.domains.list()).length).toBe(1);
    await dc.reconnect();
    expect((await c.domains.list()).map((d) => d.name)).toEqual(['test']);
  });

  it('a dead link is noticed by keepalives: pending calls reject, and connecting works again once the link is back', async () => {
    const c = await open(host.uri('/default', { extra: { keepalive_interval: '1', keepalive_count: '2' } }));
    await c.domains.list();
    const agents = new Set(host.pidsMatching('agent'));
    execFileSync('ip', ['link', 'set', host.vethHost, 'down']);
    try {
      const e = await failure(c.domains.list({ timeoutMs: 30_000 }));
      expect(e.code).toBe(ErrorCode.CONNECT_FAILED);
      expect(e.message).toMatch(/lost/i);
    } finally {
      execFileSync('ip', ['link', 'set', host.vethHost, 'up']);
    }
    for (const p of agents) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    await expect.poll(async () => {
      const c2 = await openConnection(host.uri('/default'), { drivers: [remoteDriver], timeoutMs: 10_000 }).catch(() => undefined);
      if (!c2) return false;
      conns.push(c2);
      return (await c2.domains.list()).length === 1;
    }, { timeout: 20_000, interval: 500 }).toBe(true);
  });

  describe('core conformance suite over SSH', () => {
    describeDriverConformance({
      name: 'remote over SSH (netns sshd) → test:///default',
      open: () => openConnection(host.uri('/default'), { drivers: [remoteDriver] }),
      domainXml,
      networkXml: (n) => `<network><name>${n}</name><bridge name='virbr-${n.slice(-6)}'/><ip address='192.168.251.1' netmask='255.255.255.0'/></network>`,
      poolXml: (n) => `<pool type='dir'><name>${n}</name><target><path>/var/tmp/${n}</path></target></pool>`,
      prefix: 'pvssh',
      timeoutMs: 60_000,
    });
  });
});
