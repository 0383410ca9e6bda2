/**
 * QmpClient against a real QEMU (`qemu-system-x86_64 -machine none`), plus two
 * replayed exchanges recorded from QEMU 7.2 for what real QEMU cannot be made
 * to do on demand (an event before the negotiation reply, odd chunking).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode, PolyvisorError } from '@polyvisor/core';
import { JsonLineTransport, QmpClient, qmpCommandTimeout, qmpErrorClass, type QmpEvent } from '../src/index.js';

const QEMU = 'qemu-system-x86_64';

interface Qemu {
  proc: ChildProcess;
  dir: string;
  sock: string;
  exited: Promise<void>;
  stderr: () => string;
}

const live = new Set<Qemu>();
const clients = new Set<QmpClient>();
const servers = new Set<net.Server>();
const dirs = new Set<string>();
const accepted = new Set<net.Socket>();

async function makeDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o700);
  return dir;
}

/** Spawns QEMU with a QMP unix socket in its own 0700 directory and waits for the socket. */
async function startQemu(extra: string[] = []): Promise<Qemu> {
  const dir = await makeDir('pv-qmp-');
  const sock = join(dir, 'qmp.sock');
  const argv = ['-machine', 'none', '-nodefaults', '-display', 'none', '-S', '-qmp', `unix:${sock},server=on,wait=off`, ...extra];
  const proc = spawn(QEMU, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const q: Qemu = { proc, dir, sock, exited, stderr: () => err };
  live.add(q);
  const deadline = Date.now() + 10_000;
  while (!existsSync(sock)) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`QEMU exited early: ${err}`);
    if (Date.now() > deadline) throw new Error(`QEMU socket did not appear: ${err}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return q;
}

async function stopQemu(q: Qemu): Promise<void> {
  live.delete(q);
  if (q.proc.exitCode === null && q.proc.signalCode === null) {
    q.proc.kill('SIGCONT');
    q.proc.kill('SIGKILL');
  }
  await q.exited;
  await rm(q.dir, { recursive: true, force: true });
}

/**
 * Connects, retrying while QEMU has bound its socket but not yet called
 * listen() (ECONNREFUSED): a short window at start-up that widens under load.
 */
async function connectTo(target: Parameters<typeof QmpClient.connect>[0], options: Parameters<typeof QmpClient.connect>[1] = {}): Promise<QmpClient> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      const c = await QmpClient.connect(target, options);
      clients.add(c);
      return c;
    } catch (err) {
      const refused = err instanceof PolyvisorError && err.code === ErrorCode.CONNECT_FAILED && err.detail?.errno === 'ECONNREFUSED';
      if (!refused || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

const connect = (q: Qemu, options: Parameters<typeof QmpClient.connect>[1] = {}) => connectTo({ path: q.sock }, options);

const cleanup = async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  clients.clear();
  for (const s of servers) {
    s.close();
  }
  for (const s of accepted) s.destroy();
  accepted.clear();
  servers.clear();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  dirs.clear();
  for (const q of [...live]) await stopQemu(q);
  vi.restoreAllMocks();
};
afterEach(cleanup);
afterAll(cleanup);
// A crashed runner must not leave QEMUs behind.
process.once('exit', () => {
  for (const q of live) q.proc.kill('SIGKILL');
});

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

describe('QmpClient against real QEMU', () => {
  it('types commands, arguments and events (checked by tsc)', () => {
    const typeOnly = (c: QmpClient) => {
      // @ts-expect-error device_del needs { id }
      void c.command('device_del');
      // @ts-expect-error not a command of the schema
      void c.command('no-such-command');
      // @ts-expect-error wrong argument type
      void c.command('device_del', { id: 1 });
      void c.command('query-status').then((s) => s.running satisfies boolean);
      void c.command('query-block', undefined, { timeoutMs: 5 });
      c.on('SHUTDOWN', (ev) => ev.data.reason satisfies string);
      void (async () => {
        for await (const ev of c.events({ names: ['DEVICE_DELETED', 'STOP'] })) {
          if (ev.event === 'DEVICE_DELETED') void (ev.data.path satisfies string);
          // @ts-expect-error not among the names asked for
          if (ev.event === 'SHUTDOWN') break;
        }
      });
    };
    expect(typeof typeOnly).toBe('function');
  });

  it('reads the greeting, negotiates oob and lists the commands', async () => {
    const q = await startQemu();
    const c = await connect(q);
    expect(c.state).toBe('idle');
    expect(c.greeting.version.qemu.major).toBeGreaterThanOrEqual(7);
    expect(c.greeting.version.package).toEqual(expect.any(String));
    expect(c.greeting.capabilities).toContain('oob');
    expect(c.oobEnabled).toBe(true);
    expect(c.hasCommand('query-status')).toBe(true);
    expect(c.commands.size).toBeGreaterThan(100);
    const v = await c.command('query-version');
    expect(v.qemu).toEqual(c.greeting.version.qemu);
  });

  it('can skip oob negotiation', async () => {
    const q = await startQemu();
    const c = await connect(q, { oob: false });
    expect(c.oobEnabled).toBe(false);
    await expectCode(c.command('query-status', undefined, { oob: true }), ErrorCode.UNSUPPORTED);
  });

  it('returns typed query-status results', async () => {
    const q = await startQemu();
    const c = await connect(q);
    const st = await c.command('query-status');
    expect(st).toMatchObject({ status: 'prelaunch', running: false });
    await c.command('cont');
    const st2 = await c.command('query-status');
    expect(st2.status).toBe('running');
    expect(st2.running).toBe(true);
  });

  it('correlates 500 pipelined commands by id', async () => {
    const q = await startQemu();
    const c = await connect(q);
    const calls: Array<Promise<unknown>> = [];
    for (let i = 0; i < 500; i++) {
      if (i % 3 === 0) calls.push(c.command('query-status').then((r) => ['status', r]));
      else if (i % 3 === 1) calls.push(c.command('query-version').then((r) => ['version', r]));
      else calls.push(c.command('qom-get', { path: '/machine', property: 'type' }).then((r) => ['qom', r]));
    }
    expect(c.inFlight).toBe(500);
    expect(c.state).toBe('running');
    const results = (await Promise.all(calls)) as Array<[string, unknown]>;
    results.forEach(([kind, r], i) => {
      if (i % 3 === 0) expect([kind, r]).toEqual(['status', expect.objectContaining({ status: 'prelaunch' })]);
      else if (i % 3 === 1) expect([kind, r]).toEqual(['version', expect.objectContaining({ qemu: expect.any(Object) })]);
      else expect([kind, r]).toEqual(['qom', 'none-machine']);
    });
    expect(c.inFlight).toBe(0);
    expect(c.state).toBe('idle');
  });

  it('keeps the QMP error class, description and what was sent', async () => {
    const q = await startQemu();
    const c = await connect(q);
    const err = await expectCode(c.command('device_del', { id: 'nope' }), ErrorCode.HYPERVISOR_ERROR);
    // QEMU 7.2 answers DeviceNotFound here.
    expect(err.detail).toEqual({ class: 'DeviceNotFound', desc: "Device 'nope' not found", command: 'device_del', args: { id: 'nope' } });
    expect(qmpErrorClass(err)).toBe('DeviceNotFound');
    expect(err.message).toMatch(/^\[kvm\] QMP command "device_del" failed \(DeviceNotFound\)/);
    expect(err.operation).toBe('qmp.device_del');
    // The connection is still usable afterwards.
    expect((await c.command('query-status')).status).toBe('prelaunch');
  });

  it('rejects a typed command QEMU lacks with UNSUPPORTED before sending anything', async () => {
    const q = await startQemu();
    const c = await connect(q);
    // query-audiodevs is in the 10.0 schema (since 8.0) but not in QEMU 7.2.
    const candidates = ['query-audiodevs', 'query-cryptodev', 'query-migrationthreads'] as const;
    const missing = candidates.find((n) => !c.hasCommand(n));
    expect(missing, `QEMU ${JSON.stringify(c.greeting.version.qemu)} has all of ${candidates.join(', ')}`).toBeDefined();
    const write = vi.spyOn(JsonLineTransport.prototype, 'write');
    const err = await expectCode(c.command(missing!), ErrorCode.UNSUPPORTED);
    expect(err.message).toContain(missing!);
    expect(err.detail).toEqual({ command: missing });
    expect(write).not.toHaveBeenCalled();
    expect(c.inFlight).toBe(0);
  });

  it('runs untyped commands through execute()', async () => {
    const q = await startQemu(['-name', 'pv-test']);
    const c = await connect(q);
    expect(await c.execute('query-name')).toEqual({ name: 'pv-test' });
    const err = await expectCode(c.execute('no-such-command'), ErrorCode.HYPERVISOR_ERROR);
    expect(err.detail).toMatchObject({ class: 'CommandNotFound', command: 'no-such-command' });
    // oob on a command that does not allow it: QEMU says so, class kept.
    const oob = await expectCode(c.execute('query-status', undefined, { oob: true }), ErrorCode.HYPERVISOR_ERROR);
    expect(oob.detail).toMatchObject({ class: 'GenericError', desc: expect.stringContaining('OOB') });
  });

  it('times out and aborts single calls, ignoring their late replies', async () => {
    const q = await startQemu();
    const c = await connect(q);
    q.proc.kill('SIGSTOP'); // QEMU cannot answer while stopped
    try {
      const t0 = Date.now();
      const err = await expectCode(c.command('query-status', undefined, { timeoutMs: 150 }), ErrorCode.TIMEOUT);
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(err.detail).toMatchObject({ command: 'query-status', timeoutMs: 150 });
      const ac = new AbortController();
      const p = c.command('query-version', undefined, { signal: ac.signal });
      setTimeout(() => ac.abort(), 50);
      await expectCode(p, ErrorCode.ABORTED);
      await expectCode(c.command('query-status', undefined, { signal: AbortSignal.abort() }), ErrorCode.ABORTED);
      expect(c.inFlight).toBe(0);
      expect(c.state).toBe('idle');
    } finally {
      q.proc.kill('SIGCONT');
    }
    // The two late replies arrive now and are dropped; new calls get their own.
    const [st, name] = await Promise.all([c.command('query-status'), c.execute('query-name')]);
    expect(st.status).toBe('prelaunch');
    expect(name).toEqual({});
  });

  it('applies per-command default timeouts from the table, overridable', async () => {
    expect(qmpCommandTimeout('query-status')).toBe(5_000);
    expect(qmpCommandTimeout('device_add')).toBe(30_000);
    expect(qmpCommandTimeout('migrate')).toBeGreaterThan(qmpCommandTimeout('device_add'));
    expect(qmpCommandTimeout('snapshot-save')).toBeGreaterThan(qmpCommandTimeout('migrate'));
    expect(qmpCommandTimeout('x-unknown-thing', { default: 7 })).toBe(7);
    const q = await startQemu();
    const c = await connect(q, { timeouts: { 'query-status': 100 } });
    q.proc.kill('SIGSTOP');
    try {
      await expectCode(c.command('query-status'), ErrorCode.TIMEOUT);
    } finally {
      q.proc.kill('SIGCONT');
    }
  });

  it('delivers events to several listeners, each with its own queue', async () => {
    const q = await startQemu();
    const c = await connect(q);
    const a = c.events();
    const b = c.events({ names: ['STOP', 'RESUME', 'SHUTDOWN'] });
    const onlyStop = c.events({ names: ['STOP'] });
    const seenByOn: string[] = [];
    const off = c.on('STOP', (ev) => seenByOn.push(ev.event));
    const all: QmpEvent[] = [];
    c.on('*', (ev) => all.push(ev));

    await c.command('cont');
    await c.command('stop');
    // Listener a drains as events come; b only later: both see the same.
    const a1 = await a.next();
    const a2 = await a.next();
    expect([a1.value?.event, a2.value?.event]).toEqual(['RESUME', 'STOP']);
    expect(a2.value?.timestamp.seconds).toBeGreaterThan(0);
    expect(seenByOn).toEqual(['STOP']);
    off();
    const stopEv = await onlyStop.next();
    expect(stopEv.value?.event).toBe('STOP');

    await c.command('cont');
    await c.command('stop');
    expect(seenByOn).toEqual(['STOP']); // unsubscribed

    const shutdown = c.events({ names: ['SHUTDOWN'] });
    const closed = c.closed;
    await c.command('quit');
    const sd = await shutdown.next();
    expect(sd.value?.event).toBe('SHUTDOWN');
    expect(sd.value?.data).toEqual({ guest: false, reason: 'host-qmp-quit' });
    const info = await closed;
    expect(info.by).toBe('peer');
    expect(c.state).toBe('closed');

    const fromB: string[] = [];
    for (let i = 0; i < 5; i++) fromB.push((await b.next()).value!.event);
    expect(fromB).toEqual(['RESUME', 'STOP', 'RESUME', 'STOP', 'SHUTDOWN']);
    expect(all.map((e) => e.event)).toEqual(['RESUME', 'STOP', 'RESUME', 'STOP', 'SHUTDOWN']);
    // for-await with break unsubscribes.
    let n = 0;
    for await (const ev of a) {
      expect(ev.event).toMatch(/RESUME|STOP|SHUTDOWN/);
      if (++n === 2) break;
    }
    expect((await a.next()).done).toBe(true);
    await expectCode(c.command('query-status'), ErrorCode.CONNECTION_CLOSED);
  });

  it('rejects pending calls at once when QEMU is killed with SIGKILL', async () => {
    const q = await startQemu();
    const c = await connect(q);
    // Some commands answered, some pipelined, one certainly in flight (QEMU stopped).
    const burst = Array.from({ length: 200 }, () => c.command('query-status').then(() => 'ok', (e: PolyvisorError) => e.code));
    await Promise.all(burst.slice(0, 1));
    q.proc.kill('SIGSTOP');
    const stuck = c.command('query-status', undefined, { timeoutMs: 60_000 });
    const t0 = Date.now();
    q.proc.kill('SIGKILL');
    const err = await expectCode(stuck, ErrorCode.CONNECTION_CLOSED);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(err.detail).toMatchObject({ command: 'query-status', monitorClosed: true });
    expect(err.message).toContain('closed while "query-status" was pending');
    const info = await c.closed;
    expect(['peer', 'error']).toContain(info.by);
    const outcomes = await Promise.all(burst);
    expect(outcomes.every((o) => o === 'ok' || o === ErrorCode.CONNECTION_CLOSED)).toBe(true);
    expect(c.state).toBe('closed');
    expect(c.inFlight).toBe(0);
    await expectCode(c.command('query-status'), ErrorCode.CONNECTION_CLOSED);
    await expectCode(c.execute('query-status'), ErrorCode.CONNECTION_CLOSED);
  });

  it('reconnects to the same monitor and keeps event listeners', async () => {
    const q = await startQemu();
    const c = await connect(q);
    const sub = c.events({ names: ['RESUME', 'STOP'] });
    const seen: string[] = [];
    c.on('RESUME', (ev) => seen.push(ev.event));
    // QEMU 7.2's monitor serves one client at a time: a second one gets no greeting.
    await expectCode(QmpClient.connect({ path: q.sock }, { timeoutMs: 300 }), ErrorCode.TIMEOUT);
    const firstClosed = c.closed;
    await c.reconnect();
    expect((await firstClosed).by).toBe('local');
    expect(c.state).toBe('idle');
    expect(c.greeting.version.qemu.major).toBeGreaterThanOrEqual(7);
    await c.command('cont');
    await c.command('stop');
    expect((await sub.next()).value?.event).toBe('RESUME');
    expect((await sub.next()).value?.event).toBe('STOP');
    expect(seen).toEqual(['RESUME']);

    // After QEMU is gone, reconnect fails with a typed error; listeners stay for a later one.
    await stopQemu(q);
    await c.closed;
    await expectCode(c.reconnect({ timeoutMs: 1000 }), ErrorCode.CONNECT_FAILED);
    expect(c.state).toBe('closed');
  });

  it('close() is final: pending calls reject, subscriptions end', async () => {
    const q = await startQemu();
    const c = await connect(q);
    const sub = c.events();
    const waiting = sub.next();
    q.proc.kill('SIGSTOP');
    const pending = c.command('query-status');
    await c.close();
    q.proc.kill('SIGCONT');
    await expectCode(pending, ErrorCode.CONNECTION_CLOSED);
    expect((await waiting).done).toBe(true);
    expect(c.state).toBe('closed');
    await expectCode(c.command('query-status'), ErrorCode.CONNECTION_CLOSED);
    await expectCode(c.reconnect(), ErrorCode.CONNECTION_CLOSED);
    expect(() => c.events()).toThrow(PolyvisorError);
  });

  it('reports connect failures with typed errors', async () => {
    const dir = await makeDir('pv-qmp-');
    try {
      await expectCode(QmpClient.connect({ path: join(dir, 'missing.sock') }), ErrorCode.CONNECT_FAILED);
      await expectCode(QmpClient.connect({ path: 'relative.sock' }), ErrorCode.INVALID_ARG);
      await expectCode(QmpClient.connect({ path: `/${'x'.repeat(120)}` }), ErrorCode.INVALID_ARG);
      await expectCode(QmpClient.connect({ host: '127.0.0.1', port: 0 }), ErrorCode.INVALID_ARG);
      await expectCode(QmpClient.connect({ path: join(dir, 'missing.sock') }, { signal: AbortSignal.abort() }), ErrorCode.ABORTED);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('speaks QMP over TCP too', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const q = await startQemu(['-qmp', `tcp:127.0.0.1:${port},server=on,wait=off`]);
    const c = await connectTo({ host: '127.0.0.1', port });
    expect((await c.command('query-status')).status).toBe('prelaunch');
    await c.close();
    await stopQemu(q);
  });
});

// -----------------------------------------------------------------------------
// Replayed exchanges: the bytes below were recorded from QEMU 7.2.22; the fake
// only substitutes the request ids, as QEMU echoes them.

const GREETING = '{"QMP": {"version": {"qemu": {"micro": 22, "minor": 2, "major": 7}, "package": "Debian 1:7.2+dfsg-7+deb12u18+b3"}, "capabilities": ["oob"]}}\r\n';
const RESUME_EVENT = '{"timestamp": {"seconds": 1795685155, "microseconds": 354044}, "event": "RESUME"}\r\n';
const COMMANDS = ['query-status', 'query-commands', 'qmp_capabilities', 'device_del', 'cont', 'stop', 'quit'];
const reply = (ret: string, id: unknown) => `{"return": ${ret}, "id": ${JSON.stringify(id)}}\r\n`;

/** A scripted monitor that replays recorded QEMU output; `script` maps a request to the bytes to send back, as chunks. */
async function replayMonitor(script: (req: { execute: string; id: unknown }, sock: net.Socket) => Array<string | Buffer>, greetingChunks: Array<string | Buffer>): Promise<string> {
  const dir = await makeDir('pv-qmp-replay-');
  dirs.add(dir);
  const path = join(dir, 'qmp.sock');
  const server = net.createServer((sock) => {
    accepted.add(sock);
    let buf = '';
    const send = async (chunks: Array<string | Buffer>) => {
      for (const ch of chunks) {
        sock.write(ch);
        await new Promise((r) => setTimeout(r, 2)); // separate reads on the client side
      }
    };
    let chain = send(greetingChunks);
    sock.on('data', (d) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const req = JSON.parse(buf.slice(0, i)) as { execute: string; id: unknown };
        buf = buf.slice(i + 1);
        chain = chain.then(() => send(script(req, sock)));
      }
    });
    sock.on('error', () => undefined);
  });
  servers.add(server);
  await new Promise<void>((r) => server.listen(path, r));
  await chmod(path, 0o600);
  return path;
}

describe('QmpClient protocol edge cases (replayed exchange)', () => {
  it('queues an event that arrives before the qmp_capabilities reply (replayed exchange)', async () => {
    const path = await replayMonitor((req) => {
      if (req.execute === 'qmp_capabilities') return [RESUME_EVENT + reply('{}', req.id)];
      if (req.execute === 'query-commands') return [reply(JSON.stringify(COMMANDS.map((name) => ({ name }))), req.id)];
      if (req.execute === 'query-status') return [reply('{"status": "running", "singlestep": false, "running": true}', req.id)];
      return [];
    }, [GREETING]);
    const c = await QmpClient.connect({ path });
    clients.add(c);
    // Registered right after connect resolves: the early event is still delivered.
    const got: string[] = [];
    c.on('*', (ev) => got.push(ev.event));
    expect(c.oobEnabled).toBe(true);
    expect(c.commands).toEqual(new Set(COMMANDS));
    expect((await c.command('query-status')).running).toBe(true);
    expect(got).toEqual(['RESUME']);
  });

  it('reassembles replies split across chunks and splits merged ones (replayed exchange)', async () => {
    const desc = "Device 'dísk-é' not found"; // multi-byte UTF-8, cut mid-character below
    const held: unknown[] = [];
    const path = await replayMonitor(
      (req) => {
        if (req.execute === 'qmp_capabilities') return [reply('{}', req.id)];
        if (req.execute === 'query-commands') {
          const body = Buffer.from(reply(JSON.stringify(COMMANDS.map((name) => ({ name }))), req.id));
          return [body.subarray(0, 7), body.subarray(7, 30), body.subarray(30)];
        }
        if (req.execute === 'device_del') {
          const err = Buffer.from(`{"id": ${JSON.stringify(req.id)}, "error": {"class": "DeviceNotFound", "desc": ${JSON.stringify(desc)}}}\r\n`);
          const cut = err.indexOf(Buffer.from('í')) + 1; // inside the 2-byte sequence
          return [err.subarray(0, cut), err.subarray(cut)];
        }
        if (req.execute === 'query-status') {
          held.push(req.id);
          if (held.length < 2) return [];
          const ids = held.splice(0);
          const st = (running: boolean) => `{"status": "${running ? 'running' : 'paused'}", "singlestep": false, "running": ${running}}`;
          // Reverse order, with an event between, all in one write.
          return [reply(st(true), ids[1]) + RESUME_EVENT + reply(st(false), ids[0])];
        }
        return [];
      },
      // The greeting one byte at a time.
      [...Buffer.from(GREETING)].map((b) => Buffer.of(b)),
    );
    const c = await QmpClient.connect({ path });
    clients.add(c);
    expect(c.greeting.version.qemu).toEqual({ major: 7, minor: 2, micro: 22 });
    const err = await expectCode(c.command('device_del', { id: 'dísk-é' }), ErrorCode.HYPERVISOR_ERROR);
    expect(err.detail?.desc).toBe(desc);
    // Two replies and an event merged into one chunk, answered out of order.
    const events: string[] = [];
    c.on('RESUME', (ev) => events.push(ev.event));
    const statusA = c.command('query-status');
    const statusB = c.command('query-status');
    expect(c.inFlight).toBe(2);
    expect((await Promise.all([statusA, statusB])).map((s) => s.status)).toEqual(['paused', 'running']);
    expect(events).toEqual(['RESUME']);
  });
});
