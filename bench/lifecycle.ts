/**
 * Start→running and destroy through polyvisor's KVM driver vs spawning the
 * same QEMU command line by hand (raw socket QMP, SIGTERM), measured in one
 * run on the tiny test guest under TCG. Prints medians and our overhead.
 *
 *   pnpm bench            (or: npx tsx --tsconfig packages/driver-kvm/tsconfig.json bench/lifecycle.ts [N])
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection, parseDomainXml } from '@polyvisor/core';
import { kvmDriver, defaultArgvRenderer, kvmPathsFor } from '../packages/driver-kvm/src/index.js';
import { parseUri } from '@polyvisor/core';
import { guestDomainXml, ensureGuest } from '../packages/driver-kvm/test/fixtures/guest.js';

const N = Number(process.argv[2] ?? 7);
const root = mkdtempSync(join(tmpdir(), 'pv-bench-life-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A minimal QMP exchange over a raw socket: greeting, capabilities, then one command; resolves with its reply. */
function rawQmp(path: string, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect(path);
    let buf = '';
    let step = 0;
    s.on('data', (d) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = JSON.parse(buf.slice(0, nl)) as Record<string, unknown>;
        buf = buf.slice(nl + 1);
        if ('event' in line) continue;
        if (step === 0) s.write('{"execute":"qmp_capabilities"}\n');
        else if (step === 1) s.write(`{"execute":"${command}"}\n`);
        else {
          s.end();
          return resolve();
        }
        step++;
      }
    });
    s.on('error', reject);
  });
}

async function waitSocket(path: string): Promise<void> {
  for (;;) {
    if (existsSync(path)) {
      try {
        await new Promise<void>((res, rej) => {
          const s = connect(path, () => {
            s.destroy();
            res();
          });
          s.on('error', rej);
        });
        return;
      } catch {
        /* not listening yet */
      }
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

ensureGuest();
const conn = await openConnection(`qemu:///embed?root=${root}/pv`, { drivers: [kvmDriver], driverOptions: { autostart: false } });
const renderer = defaultArgvRenderer(kvmPathsFor(parseUri(`qemu:///embed?root=${root}/raw`)));
const rawStart: number[] = [];
const rawDestroy: number[] = [];
const pvStart: number[] = [];
const pvDestroy: number[] = [];
try {
  const dom = await conn.domains.define(guestDomainXml('bench-vm', { serialLog: join(root, 'pv.serial') }));
  const spec = { ...parseDomainXml(guestDomainXml('bench-raw', { serialLog: join(root, 'raw.serial') })), uuid: '00000000-0000-4000-8000-000000000001' };
  for (let i = 0; i < N; i++) {
    // Raw: the same renderer's argv, spawned and driven by hand.
    const dir = join(root, `raw${i}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const paths = { domainDir: dir, qmpPath: join(dir, 'qmp.sock'), qgaPath: join(dir, 'qga.sock'), pidPath: join(dir, 'qemu.pid'), logPath: join(dir, 'log') };
    for (const ch of spec.devices?.channels ?? []) ch.sources = [{ mode: 'bind', path: paths.qgaPath }];
    const argv = await renderer.render(spec, { id: 1000 + i, accel: 'tcg', paths, signal: AbortSignal.timeout(30_000) });
    let t0 = performance.now();
    const child = spawn('/usr/bin/qemu-system-x86_64', argv, { stdio: 'ignore' });
    await waitSocket(paths.qmpPath);
    await rawQmp(paths.qmpPath, 'cont');
    rawStart.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 300));
    t0 = performance.now();
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGTERM');
    await exited;
    rawDestroy.push(performance.now() - t0);
    rmSync(dir, { recursive: true, force: true });

    // polyvisor.
    t0 = performance.now();
    await dom.start();
    pvStart.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 300));
    t0 = performance.now();
    await dom.destroy();
    pvDestroy.push(performance.now() - t0);
  }
  await dom.undefine();
} finally {
  await conn.close();
  rmSync(root, { recursive: true, force: true });
}
const row = (what: string, pv: number[], raw: number[]) =>
  console.log(`${what.padEnd(16)} polyvisor ${median(pv).toFixed(1).padStart(7)} ms   by hand ${median(raw).toFixed(1).padStart(7)} ms   overhead ${(median(pv) - median(raw)).toFixed(1).padStart(6)} ms   ratio ${(median(pv) / median(raw)).toFixed(2)}x`);
console.log(`lifecycle benchmark: tiny test guest, TCG, N=${N} (medians, alternating runs)`);
row('start→running', pvStart, rawStart);
row('destroy', pvDestroy, rawDestroy);
