/**
 * GuestAgentClient framing against a replayed exchange. The replies below
 * were recorded from qemu-ga 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3) on a
 * unix-listen socket; the fake agent only substitutes the values it must echo
 * (the sync id, the exec pid). The real agent in a booted guest is exercised
 * by qga-real.test.ts.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, PolyvisorError } from '@polyvisor/core';
import { GuestAgentClient } from '../src/index.js';

// ---- recorded from qemu-ga 7.2.22 -------------------------------------------
/** What qemu-ga answers to a lone 0xFF (its parser reports the stray byte). */
const STRAY_FF = `{"error": {"class": "GenericError", "desc": "JSON parse error, stray '\\uFFFD'"}}\n`;
/** qemu-ga's delimited sync reply: 0xFF, then the echoed id. */
const syncReply = (id: unknown) => Buffer.concat([Buffer.of(0xff), Buffer.from(`{"return": ${JSON.stringify(id)}}\n`)]);
const R_PING = '{"return": {}}\n';
const R_INFO =
  '{"return": {"version": "7.2.22", "supported_commands": [{"enabled": true, "name": "guest-get-osinfo", "success-response": true}, {"enabled": true, "name": "guest-exec", "success-response": true}, {"enabled": true, "name": "guest-exec-status", "success-response": true}, {"enabled": false, "name": "guest-shutdown", "success-response": false}, {"enabled": true, "name": "guest-ping", "success-response": true}, {"enabled": true, "name": "guest-sync-delimited", "success-response": true}]}}\n';
const R_OSINFO =
  '{"return": {"name": "Debian GNU/Linux", "kernel-release": "6.18.44-fc-v509", "version": "12 (bookworm)", "pretty-name": "Debian GNU/Linux 12 (bookworm)", "version-id": "12", "kernel-version": "#1 SMP PREEMPT_DYNAMIC @0", "machine": "x86_64", "id": "debian"}}\n';
const R_NET =
  '{"return": [{"name": "lo", "ip-addresses": [{"ip-address-type": "ipv4", "ip-address": "127.0.0.1", "prefix": 8}, {"ip-address-type": "ipv6", "ip-address": "::1", "prefix": 128}], "statistics": {"tx-packets": 59, "tx-errs": 0, "rx-bytes": 18571, "rx-dropped": 0, "rx-packets": 59, "rx-errs": 0, "tx-bytes": 18571, "tx-dropped": 0}, "hardware-address": "00:00:00:00:00:00"}, {"name": "eth0", "ip-addresses": [{"ip-address-type": "ipv4", "ip-address": "192.0.2.2", "prefix": 24}], "hardware-address": "02:fc:00:00:00:01"}]}\n';
const R_TIME = '{"return": 1795685557366837000}\n';
const R_FSFREEZE_STATUS = '{"return": "thawed"}\n';
const rExec = (pid: number) => `{"return": {"pid": ${pid}}}\n`;
/** `/bin/echo héllo`, as exec-status reported it. */
const R_EXEC_STATUS_DONE = '{"return": {"exitcode": 0, "out-data": "aMOpbGxvCg==", "out-truncated": false, "exited": true}}\n';
const R_EXEC_STATUS_RUNNING = '{"return": {"exited": false}}\n';
const R_BAD_PID = '{"error": {"class": "GenericError", "desc": "Invalid parameter \'pid\'"}}\n';
const R_NOT_FOUND = '{"error": {"class": "CommandNotFound", "desc": "The command guest-nope has not been found"}}\n';
const R_SHUTDOWN_DISABLED = '{"error": {"class": "CommandNotFound", "desc": "Command guest-shutdown has been disabled"}}\n';
// -----------------------------------------------------------------------------

interface Request {
  execute: string;
  arguments?: Record<string, unknown>;
}

interface FakeAgent {
  path: string;
  /** Every request received, in order (`0xFF` bytes appear as `'<FF>'`). */
  log: string[];
  /** Sockets accepted so far. */
  sockets: net.Socket[];
}

type Script = (req: Request, sock: net.Socket, agent: FakeAgent) => Array<string | Buffer> | 'silent' | 'close';

const servers = new Set<net.Server>();
const clients = new Set<GuestAgentClient>();
const dirs = new Set<string>();
const accepted = new Set<net.Socket>();
const cleanup = async () => {
  for (const c of clients) await c.close();
  clients.clear();
  for (const s of servers) {
    s.close();
  }
  for (const s of accepted) s.destroy();
  accepted.clear();
  servers.clear();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  dirs.clear();
};
afterEach(cleanup);
afterAll(cleanup);

/**
 * A fake agent replaying recorded qemu-ga replies: parses the client's
 * bytes as qemu-ga does (a 0xFF is a stray byte answered with a parse
 * error), answers `guest-sync-delimited` with `0xFF` + the echoed id, and
 * asks `script` for everything else. `stale` is sent on accept, before any
 * request: leftovers of an earlier conversation.
 */
async function fakeAgent(script: Script, stale: Array<string | Buffer> = [], syncScript?: (id: unknown, n: number) => Array<string | Buffer> | 'silent'): Promise<FakeAgent> {
  const dir = await mkdtemp(join(tmpdir(), 'pv-qga-replay-'));
  await chmod(dir, 0o700);
  dirs.add(dir);
  const path = join(dir, 'qga.sock');
  const agent: FakeAgent = { path, log: [], sockets: [] };
  let syncs = 0;
  const server = net.createServer((sock) => {
    agent.sockets.push(sock);
    accepted.add(sock);
    sock.on('error', () => undefined);
    for (const s of stale) sock.write(s);
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const ff = buf.indexOf(0xff);
        const nl = buf.indexOf(0x0a);
        if (ff >= 0 && (nl < 0 || ff < nl)) {
          agent.log.push('<FF>');
          buf = buf.subarray(ff + 1);
          sock.write(STRAY_FF);
          continue;
        }
        if (nl < 0) break;
        const line = buf.subarray(0, nl).toString();
        buf = buf.subarray(nl + 1);
        const req = JSON.parse(line) as Request;
        agent.log.push(req.execute);
        if (req.execute === 'guest-sync-delimited') {
          const out = syncScript ? syncScript(req.arguments?.id, syncs++) : [syncReply(req.arguments?.id)];
          if (out !== 'silent') for (const o of out) sock.write(o);
          continue;
        }
        const out = script(req, sock, agent);
        if (out === 'close') sock.destroy();
        else if (out !== 'silent') for (const o of out) sock.write(o);
      }
    });
  });
  servers.add(server);
  await new Promise<void>((r) => server.listen(path, r));
  await chmod(path, 0o600);
  return agent;
}

const standard: Script = (req) => {
  switch (req.execute) {
    case 'guest-ping':
      return [R_PING];
    case 'guest-info':
      return [R_INFO];
    case 'guest-get-osinfo':
      return [R_OSINFO];
    case 'guest-network-get-interfaces':
      return [R_NET];
    case 'guest-get-time':
      return [R_TIME];
    case 'guest-fsfreeze-status':
      return [R_FSFREEZE_STATUS];
    case 'guest-exec':
      return [rExec(22818)];
    case 'guest-exec-status':
      return [req.arguments?.pid === 22818 ? R_EXEC_STATUS_DONE : R_BAD_PID];
    default:
      return [R_NOT_FOUND.replace('guest-nope', req.execute)];
  }
};

async function open(agent: FakeAgent, options: Parameters<typeof GuestAgentClient.connect>[1] = {}): Promise<GuestAgentClient> {
  const c = await GuestAgentClient.connect({ path: agent.path }, options);
  clients.add(c);
  return c;
}

async function expectCode(p: Promise<unknown>, code: ErrorCode): Promise<PolyvisorError> {
  const err = await p.then(
    () => {
      throw new Error(`expected ${code}, got success`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PolyvisorError);
  expect((err as PolyvisorError).code).toBe(code);
  return err as PolyvisorError;
}

describe('GuestAgentClient sync framing (replayed exchange)', () => {
  it('sends 0xFF then guest-sync-delimited with a random id, and discards stale data up to the 0xFF (replayed exchange)', async () => {
    // Leftovers of an earlier client: a whole reply and half of another.
    const agent = await fakeAgent(standard, [R_OSINFO, '{"return": [{"name": "l']);
    const c = await open(agent);
    expect(agent.log).toEqual(['<FF>', 'guest-sync-delimited']);
    expect(c.state).toBe('idle');
    // The stale replies were not taken for the next command's.
    await c.ping();
    expect((await c.getOsInfo()).id).toBe('debian');
    expect(agent.log).toEqual(['<FF>', 'guest-sync-delimited', 'guest-ping', 'guest-get-osinfo']);
  });

  it('uses a different random id for every sync (replayed exchange)', async () => {
    const ids: unknown[] = [];
    const agent = await fakeAgent(standard, [], (id) => {
      ids.push(id);
      return [syncReply(id)];
    });
    const c = await open(agent);
    await c.sync();
    await c.sync();
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(Number.isSafeInteger(id)).toBe(true);
  });

  it('skips a delimited reply with the wrong id and waits for its own (replayed exchange)', async () => {
    const agent = await fakeAgent(standard, [], (id) => [syncReply(987654321), '{"return": {}}\n', syncReply(id)]);
    const c = await open(agent);
    await c.ping();
    expect(agent.log).toEqual(['<FF>', 'guest-sync-delimited', 'guest-ping']);
  });

  it('times out when the agent never echoes the id (replayed exchange)', async () => {
    const agent = await fakeAgent(standard, [], () => [syncReply(1)]);
    const t0 = Date.now();
    await expectCode(GuestAgentClient.connect({ path: agent.path }, { timeoutMs: 200 }), ErrorCode.TIMEOUT);
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('times out connecting to an agent that is not running yet (replayed exchange)', async () => {
    const agent = await fakeAgent(standard, [], () => 'silent');
    await expectCode(GuestAgentClient.connect({ path: agent.path }, { timeoutMs: 150 }), ErrorCode.TIMEOUT);
  });

  it('re-syncs after a timed-out command and drops its late reply (replayed exchange)', async () => {
    const agent = await fakeAgent((req, sock) => {
      if (req.execute === 'guest-get-time') {
        setTimeout(() => sock.write(R_TIME), 150); // late: after the caller gave up
        return 'silent';
      }
      return standard(req, sock, agent);
    });
    const c = await open(agent);
    await expectCode(c.getTime({ timeoutMs: 50 }), ErrorCode.TIMEOUT);
    await new Promise((r) => setTimeout(r, 200)); // the late reply has arrived by now
    expect(await c.fsfreezeStatus()).toBe('thawed');
    expect(agent.log).toEqual(['<FF>', 'guest-sync-delimited', 'guest-get-time', '<FF>', 'guest-sync-delimited', 'guest-fsfreeze-status']);
  });

  it('re-syncs after an aborted command (replayed exchange)', async () => {
    const agent = await fakeAgent((req, sock) => (req.execute === 'guest-info' ? 'silent' : standard(req, sock, agent)));
    const c = await open(agent);
    const ac = new AbortController();
    const p = c.info({ signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    await expectCode(p, ErrorCode.ABORTED);
    await c.ping();
    expect(agent.log.slice(-3)).toEqual(['<FF>', 'guest-sync-delimited', 'guest-ping']);
  });

  it('sends one request at a time and matches replies in order (replayed exchange)', async () => {
    let outstanding = 0;
    const agent = await fakeAgent((req, sock) => {
      expect(outstanding).toBe(0);
      outstanding++;
      setTimeout(() => {
        outstanding--;
        for (const o of standard(req, sock, agent) as string[]) sock.write(o);
      }, 5);
      return 'silent';
    });
    const c = await open(agent);
    const [osinfo, time, ifs, st] = await Promise.all([c.getOsInfo(), c.getTime(), c.networkGetInterfaces(), c.fsfreezeStatus()]);
    expect(osinfo['pretty-name']).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(time).toBeGreaterThan(1.7e18);
    expect(ifs.map((i) => i.name)).toEqual(['lo', 'eth0']);
    expect(ifs[0]['ip-addresses']?.[0]).toEqual({ 'ip-address-type': 'ipv4', 'ip-address': '127.0.0.1', prefix: 8 });
    expect(st).toBe('thawed');
  });
});

describe('GuestAgentClient commands (replayed exchange)', () => {
  it('maps typed methods to commands (replayed exchange)', async () => {
    const seen: Request[] = [];
    const agent = await fakeAgent((req, sock) => {
      seen.push(req);
      if (req.execute === 'guest-set-time' || req.execute === 'guest-fsfreeze-freeze' || req.execute === 'guest-fsfreeze-thaw') return [req.execute === 'guest-set-time' ? R_PING : '{"return": 1}\n'];
      return standard(req, sock, agent);
    });
    const c = await open(agent);
    const info = await c.info();
    expect(info.version).toBe('7.2.22');
    expect(info.supported_commands.find((x) => x.name === 'guest-shutdown')).toEqual({ enabled: false, name: 'guest-shutdown', 'success-response': false });
    await c.setTime(1_700_000_000_000_000_000);
    await c.setTime();
    expect(await c.fsfreezeFreeze()).toBe(1);
    expect(await c.fsfreezeThaw()).toBe(1);
    expect(seen.map((r) => [r.execute, r.arguments])).toEqual([
      ['guest-info', undefined],
      ['guest-set-time', { time: 1_700_000_000_000_000_000 }],
      ['guest-set-time', {}],
      ['guest-fsfreeze-freeze', undefined],
      ['guest-fsfreeze-thaw', undefined],
    ]);
  });

  it('runs a command with exec, polls exec-status and decodes the output (replayed exchange)', async () => {
    const seen: Request[] = [];
    let polls = 0;
    const agent = await fakeAgent((req, sock) => {
      seen.push(req);
      if (req.execute === 'guest-exec-status' && polls++ < 2) return [R_EXEC_STATUS_RUNNING];
      return standard(req, sock, agent);
    });
    const c = await open(agent);
    const r = await c.run('/bin/echo', ['héllo'], { pollIntervalMs: 5, inputData: 'hi' });
    expect(r).toEqual({ pid: 22818, exitcode: 0, stdout: 'héllo\n', stderr: '', stdoutTruncated: false, stderrTruncated: false });
    expect(seen[0]).toEqual({ execute: 'guest-exec', arguments: { path: '/bin/echo', arg: ['héllo'], 'input-data': 'aGk=', 'capture-output': true } });
    expect(seen.slice(1).map((x) => [x.execute, x.arguments])).toEqual([
      ['guest-exec-status', { pid: 22818 }],
      ['guest-exec-status', { pid: 22818 }],
      ['guest-exec-status', { pid: 22818 }],
    ]);
    expect(await c.exec('/bin/true', [], { captureOutput: false })).toEqual({ pid: 22818 });
  });

  it('turns agent errors into HypervisorErrors with class and arguments (replayed exchange)', async () => {
    const agent = await fakeAgent(standard);
    const c = await open(agent);
    const err = await expectCode(c.execStatus(999999), ErrorCode.HYPERVISOR_ERROR);
    expect(err.detail).toEqual({ class: 'GenericError', desc: "Invalid parameter 'pid'", command: 'guest-exec-status', args: { pid: 999999 } });
    expect(err.message).toMatch(/^\[kvm\] guest agent command "guest-exec-status" failed \(GenericError\)/);
    const nf = await expectCode(c.execute('guest-nope'), ErrorCode.HYPERVISOR_ERROR);
    expect(nf.detail).toMatchObject({ class: 'CommandNotFound' });
    // Errors do not desynchronise: no extra sync.
    await c.ping();
    expect(agent.log.filter((l) => l === 'guest-sync-delimited')).toHaveLength(1);
  });

  it('treats a silent guest-shutdown as success, then re-syncs (replayed exchange)', async () => {
    const agent = await fakeAgent((req, sock) => (req.execute === 'guest-shutdown' ? 'silent' : standard(req, sock, agent)));
    const c = await open(agent);
    const t0 = Date.now();
    await c.shutdown('powerdown', { timeoutMs: 150 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    await c.ping();
    expect(agent.log).toEqual(['<FF>', 'guest-sync-delimited', 'guest-shutdown', '<FF>', 'guest-sync-delimited', 'guest-ping']);
  });

  it('treats the socket closing after guest-shutdown as success (replayed exchange)', async () => {
    const agent = await fakeAgent((req, sock) => (req.execute === 'guest-shutdown' ? 'close' : standard(req, sock, agent)));
    const c = await open(agent);
    const t0 = Date.now();
    await c.shutdown('halt', { timeoutMs: 10_000 });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(c.state).toBe('closed');
    await expectCode(c.ping(), ErrorCode.CONNECTION_CLOSED);
  });

  it('rejects guest-shutdown when the agent answers an error (replayed exchange)', async () => {
    const agent = await fakeAgent((req, sock) => (req.execute === 'guest-shutdown' ? [R_SHUTDOWN_DISABLED] : standard(req, sock, agent)));
    const c = await open(agent);
    const err = await expectCode(c.shutdown('reboot'), ErrorCode.HYPERVISOR_ERROR);
    expect(err.detail).toEqual({ class: 'CommandNotFound', desc: 'Command guest-shutdown has been disabled', command: 'guest-shutdown', args: { mode: 'reboot' } });
  });

  it('rejects a pending command at once when the socket closes (replayed exchange)', async () => {
    const agent = await fakeAgent((req, sock) => (req.execute === 'guest-info' ? 'silent' : standard(req, sock, agent)));
    const c = await open(agent);
    const p = c.info({ timeoutMs: 60_000 });
    setTimeout(() => agent.sockets[0].destroy(), 20);
    const err = await expectCode(p, ErrorCode.CONNECTION_CLOSED);
    expect(err.detail).toMatchObject({ command: 'guest-info', by: 'peer' });
    expect((await c.closed).by).toBe('peer');
    await expectCode(c.getTime(), ErrorCode.CONNECTION_CLOSED);
  });

  it('rejects a reply that is not JSON and re-syncs (replayed exchange)', async () => {
    let broken = true;
    const agent = await fakeAgent((req, sock) => {
      if (req.execute === 'guest-ping' && broken) {
        broken = false;
        return ['{"return": {}\n'];
      }
      return standard(req, sock, agent);
    });
    const c = await open(agent);
    const err = await expectCode(c.ping(), ErrorCode.HYPERVISOR_ERROR);
    expect(err.message).toContain('invalid JSON');
    await c.ping();
    expect(agent.log.filter((l) => l === 'guest-sync-delimited')).toHaveLength(2);
  });

  it('validates the socket path', async () => {
    await expectCode(GuestAgentClient.connect({ path: 'qga.sock' }), ErrorCode.INVALID_ARG);
    await expectCode(GuestAgentClient.connect({ path: '/nonexistent/dir/qga.sock' }), ErrorCode.CONNECT_FAILED);
  });
});
