import { describe, it, expect } from 'vitest';
import { PassThrough } from 'node:stream';
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode, PolyvisorError } from '@polyvisor/core';
import {
  FrameDecoder, MAX_FRAME_BYTES, RemoteProtocolError, decodeFrameBody, encodeFrame, errorFromWire, errorToWire, negotiateVersion, parseMessage, type Message,
} from '../src/protocol.js';
import { Channel } from '../src/channel.js';
import { serveAgent } from '../src/agent.js';
import { checkHostKey, hostMatches, parseKnownHosts } from '../src/knownhosts.js';
import { farUri, shellQuote } from '../src/ssh.js';
import { parseUri } from '@polyvisor/core';
import { openLocalTest } from './helpers.js';
import { createHmac } from 'node:crypto';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const msgs: Message[] = [
  { t: 'hello', versions: [1] },
  { t: 'call', id: 1, sub: 'domains', method: 'list', args: [{}] },
  { t: 'result', id: 1, value: [{ name: 'ünïcødé ✓', n: 3 }] },
  { t: 'stream', sid: 'a1', op: 'data', data: Buffer.alloc(70_000, 7).toString('base64') },
  { t: 'cancel', id: 9 },
];

function readFrames(out: PassThrough): Message[] {
  const d = new FrameDecoder();
  const got: Message[] = [];
  let c: Buffer | null;
  while ((c = out.read() as Buffer | null) !== null) for (const b of d.push(c)) got.push(decodeFrameBody(b));
  return got;
}

describe('framing', () => {
  it('decodes frames whatever the chunking (split and merged)', () => {
    const all = Buffer.concat(msgs.map((m) => encodeFrame(m)));
    // One chunk holding every frame.
    expect(new FrameDecoder().push(all).map(decodeFrameBody)).toEqual(msgs);
    // Byte by byte.
    const d1 = new FrameDecoder();
    const got1: Message[] = [];
    for (let i = 0; i < all.length; i++) got1.push(...d1.push(all.subarray(i, i + 1)).map(decodeFrameBody));
    expect(got1).toEqual(msgs);
    // Random splits, including inside the length header.
    for (let round = 0; round < 20; round++) {
      const d = new FrameDecoder();
      const got: Message[] = [];
      let off = 0;
      while (off < all.length) {
        const n = 1 + Math.floor(Math.random() * 9000);
        got.push(...d.push(all.subarray(off, off + n)).map(decodeFrameBody));
        off += n;
      }
      expect(got).toEqual(msgs);
      expect(d.pendingBytes).toBe(0);
    }
  });

  it('refuses an oversize frame from its header, before buffering it, and never sends one', () => {
    const d = new FrameDecoder(1024);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(1025, 0);
    let err: unknown;
    try {
      d.push(head);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RemoteProtocolError);
    expect((err as PolyvisorError).code).toBe(ErrorCode.CONNECT_FAILED);
    expect((err as PolyvisorError).detail).toEqual({ reason: 'oversize' });
    expect(() => encodeFrame({ t: 'result', id: 1, value: 'x'.repeat(2000) }, 1024)).toThrow(/exceeds the limit/);
    head.writeUInt32BE(MAX_FRAME_BYTES + 1, 0);
    expect(() => new FrameDecoder().push(head)).toThrow(RemoteProtocolError);
  });

  it('validates messages with zod', () => {
    expect(() => parseMessage({ t: 'call', id: -1, sub: 'domains', method: 'list', args: [] })).toThrow(/invalid message at id/);
    expect(() => parseMessage({ t: 'call', id: 1, sub: 'kernel', method: 'list', args: [] })).toThrow(RemoteProtocolError);
    expect(() => parseMessage({ t: 'call', id: 1, sub: 'domains', method: '__proto__', args: [] })).toThrow(RemoteProtocolError);
    expect(() => parseMessage({ t: 'nope' })).toThrow(RemoteProtocolError);
    expect(() => decodeFrameBody(Buffer.from('{not json'))).toThrow(/not valid JSON/);
    expect(parseMessage({ t: 'event', event: { kind: 'domain', type: 'started', detail: 'booted', domain: { name: 'a', uuid: 'u' }, timestamp: 1 } })).toMatchObject({ t: 'event' });
  });

  it('round-trips typed errors and negotiates versions', () => {
    const e = new PolyvisorError(ErrorCode.NO_DOMAIN, "domain 'x' not found", { driver: 'test', operation: 'domains.lookupByName', detail: { name: 'x' } });
    const back = errorFromWire(JSON.parse(JSON.stringify(errorToWire(e))));
    expect(back).toBeInstanceOf(PolyvisorError);
    expect(back).toMatchObject({ code: 'NO_DOMAIN', driver: 'test', operation: 'domains.lookupByName', detail: { name: 'x' }, message: "[test] domain 'x' not found" });
    expect(errorToWire(new TypeError('boom'))).toMatchObject({ code: 'INTERNAL', message: 'boom' });
    expect(negotiateVersion([1, 2, 3])).toBe(1);
    expect(negotiateVersion([2, 3])).toBeUndefined();
  });

  it('encodes buffers, undefined, non-finite numbers and $pv-looking objects losslessly', () => {
    const a = new PassThrough();
    const b = new PassThrough();
    const ch = new Channel({ input: a, output: b }, { side: 'client', onMessage: () => undefined, onClose: () => undefined });
    const v = { buf: Buffer.from([0, 1, 255]), list: [1, undefined, Infinity, null], tricky: { $pv: 'stream', sid: 'a1' }, big: 10n };
    const wire = JSON.parse(JSON.stringify(ch.encodeValue(v, { callbacks: [], streams: [] })));
    expect(ch.decodeValue(wire, {})).toEqual(v);
    expect(() => ch.decodeValue({ $pv: 'stream', sid: 'a77' }, {})).toThrow(/unknown stream/);
    ch.close(new PolyvisorError(ErrorCode.CONNECTION_CLOSED, 'done'));
  });
});

describe('agent robustness (in-process)', () => {
  const garbage: Array<[string, Buffer]> = [
    ['HTTP request (length header far over the limit)', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
    ['a frame that is not JSON', Buffer.concat([Buffer.from([0, 0, 0, 5]), Buffer.from('{{{{{')])],
    ['JSON that is not a message', encodeFrame({ t: 'hello', versions: 'one' } as unknown as Message)],
    ['a call before hello', encodeFrame({ t: 'call', id: 1, sub: 'domains', method: 'list', args: [{}] })],
    ['a hello with no common version', encodeFrame({ t: 'hello', versions: [99] })],
  ];
  for (const [what, bytes] of garbage) {
    it(`closes the channel with a typed error on ${what}, without crashing`, async () => {
      const input = new PassThrough();
      const output = new PassThrough();
      let opened = 0;
      const session = serveAgent({ input, output, open: async (o) => (opened++, openLocalTest(o)) });
      input.write(bytes);
      const r = await session.done;
      expect(r.clean).toBe(false);
      expect(r.reason).toBeInstanceOf(RemoteProtocolError);
      expect(r.reason.code).toBe(ErrorCode.CONNECT_FAILED);
      expect(opened).toBe(0);
      // The agent told the peer why, then ended its output.
      const frames = readFrames(output);
      expect(frames.at(-1)).toMatchObject({ t: 'error', error: { code: 'CONNECT_FAILED' } });
      expect(output.writableEnded).toBe(true);
    });
  }

  it('a hello then garbage: the session closes, the local connection is closed, nothing throws', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let closed = 0;
    const session = serveAgent({
      input,
      output,
      open: async (o) => {
        const l = await openLocalTest(o);
        const close = l.connection.close.bind(l.connection);
        return { ...l, connection: Object.assign(Object.create(l.connection) as typeof l.connection, { close: async (ctx: never) => (closed++, close(ctx)) }) };
      },
    });
    input.write(encodeFrame({ t: 'hello', versions: [1] }));
    await new Promise((r) => setTimeout(r, 50));
    input.write(Buffer.from([0, 0, 0, 2, 0x7b, 0x7d])); // "{}": no `t`
    const r = await session.done;
    expect(r.clean).toBe(false);
    expect(closed).toBe(1);
    expect(readFrames(output).map((f) => f.t)).toEqual(['hello', 'error']);
  });

  it('the CLI agent process exits with status 1 and a one-line error on garbage (no crash, no stack)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${repo}/packages/cli/src/bin.ts`, 'agent', '--stdio', '--connect', 'test:///default'], {
      env: { ...process.env, TSX_TSCONFIG_PATH: `${repo}/packages/remote/tsconfig.json` },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stdin.write('SSH-2.0-garbage\r\n');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(stderr).toMatch(/error: \[remote\] remote protocol error: incoming frame of \d+ bytes exceeds the limit/);
    expect(stderr).not.toMatch(/\n\s+at /);
    const frames = new FrameDecoder().push(Buffer.concat(out)).map(decodeFrameBody);
    expect(frames).toEqual([expect.objectContaining({ t: 'error', error: expect.objectContaining({ code: 'CONNECT_FAILED' }) })]);
  }, 30_000);
});

describe('known_hosts and URIs', () => {
  const blob = (type: string, body: string) => {
    const t = Buffer.from(type);
    const h = Buffer.alloc(4);
    h.writeUInt32BE(t.length);
    return Buffer.concat([h, t, Buffer.from(body)]);
  };
  const k1 = blob('ssh-ed25519', 'one');
  const k2 = blob('ssh-ed25519', 'two');
  const salt = Buffer.from('0123456789abcdefghij');
  const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[10.0.0.2]:2222').digest('base64')}`;
  const text = [
    '# comment',
    `host1,10.0.0.1 ssh-ed25519 ${k1.toString('base64')}`,
    `${hashed} ssh-ed25519 ${k2.toString('base64')} comment`,
    `*.example.org,!bad.example.org ssh-ed25519 ${k1.toString('base64')}`,
    `@revoked * ssh-ed25519 ${blob('ssh-ed25519', 'evil').toString('base64')}`,
    'garbage line',
  ].join('\n');
  const entries = parseKnownHosts(text);

  it('matches plain, hashed, [host]:port, wildcard and negated entries', () => {
    expect(entries).toHaveLength(4);
    expect(checkHostKey(entries, 'host1', 22, k1)).toEqual({ status: 'ok', line: 2 });
    expect(checkHostKey(entries, '10.0.0.1', 22, k2)).toEqual({ status: 'mismatch', lines: [2] });
    expect(checkHostKey(entries, '10.0.0.1', 2222, k1)).toEqual({ status: 'unknown' });
    expect(checkHostKey(entries, '10.0.0.2', 2222, k2)).toEqual({ status: 'ok', line: 3 });
    expect(checkHostKey(entries, 'a.example.org', 22, k1).status).toBe('ok');
    expect(hostMatches('*.example.org,!bad.example.org', 'bad.example.org', 22)).toBe(false);
    expect(checkHostKey(entries, 'host1', 22, blob('ssh-ed25519', 'evil')).status).toBe('revoked');
  });

  it('builds the far URI without the SSH parameters and quotes for the remote shell', () => {
    expect(farUri(parseUri("qemu+ssh://root@h:2222/embed?root=/var/x%20y&keyfile=/k&known_hosts=/kh&no_verify=1&command=nc"))).toBe('qemu:///embed?root=%2Fvar%2Fx%20y');
    expect(farUri(parseUri('test+ssh://h/default?name=test%3A%2F%2F%2Fother'))).toBe('test:///other');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('test:///default')).toBe('test:///default');
    expect(shellQuote('a b;rm -rf /')).toBe(`'a b;rm -rf /'`);
  });
});
