/**
 * Live migration between two Xen hosts (`pnpm test:xen`): the run's host
 * (booted by the global setup with the listening end of a peer link) and a
 * second host booted here onto that link. Both dom0s run from the same image;
 * `xl migrate DOM 10.99.0.2` on the first reaches the second's `xl
 * migrate-receive` over SSH on the link, as between two real Xen machines.
 * Each manager connection drives its host over `xen+ssh://`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection, type Connection } from '@polyvisor/core';
import { sshRunner, xenDriver, type XlRunner } from '../src/index.js';
import { bootXenHost, type XenHost } from './fixtures/xen-host.js';
import { guestShell, guestXml, hostRunner, onHost, waitForGuestReady, xenHost } from './fixtures/xen-guest.js';

const T = { timeoutMs: 300_000 };
const log = (m: string) => console.log(`[xen-hosts] ${m}`);
const B_ADDR = '10.99.0.2';

describe('Xen live migration between two hosts (QEMU/TCG, SSH between the dom0s)', () => {
  const a = xenHost();
  let b: XenHost | undefined;
  let connA: Connection;
  let connB: Connection;
  let runnerA: XlRunner;
  let runnerB: XlRunner;
  const dirs: string[] = [];

  beforeAll(async () => {
    if (!a.peer) throw new Error('the run host was booted without a peer link (scripts/xen-host/global-setup.ts)');
    b = await bootXenHost({ log, peer: { listen: false, port: a.peer.port, address: `${B_ADDR}/24` } });
    log(`second host booted in ${b.bootMs} ms`);
    const open = async (uri: string) => {
      const stateDir = mkdtempSync(join(tmpdir(), 'pv-xen-hosts-'));
      dirs.push(stateDir);
      return openConnection(uri, { drivers: [xenDriver], driverOptions: { stateDir }, timeoutMs: 300_000 });
    };
    connA = await open(a.uri);
    connB = await open(b.uri);
    runnerA = hostRunner();
    runnerB = sshRunner({ host: '127.0.0.1', port: b.port, keyfile: b.keyfile, knownHosts: b.knownHosts });
  }, 900_000);

  afterAll(async () => {
    await connA?.close();
    await connB?.close();
    await runnerA?.close();
    await runnerB?.close();
    await b?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('the dom0s reach each other as root over SSH on the peer link (what xl migrate needs)', async () => {
    expect((await onHost(runnerA, ['ssh', '-o', 'BatchMode=yes', B_ADDR, 'cat', '/proc/sys/kernel/random/boot_id'])).trim()).toBe((await onHost(runnerB, ['cat', '/proc/sys/kernel/random/boot_id'])).trim());
  });

  it('live-migrates a running PV guest to the other host (xl migrate over SSH): running there with its state, gone here, definition moved', async () => {
    const name = `xh-${process.pid}`;
    // 96 MiB (64 is too small for the test guest's kernel + initramfs): the emulated link carries about 2.5 MB/s.
    const dom = await connA.domains.define(guestXml(name, { memMiB: 96, extra: '<title>travelling guest</title>' }), T);
    await dom.start(T);
    await waitForGuestReady(runnerA, name);
    // State to find on the far side: a file in the guest's RAM-backed root.
    expect(await guestShell(dom, 'echo here-$((6*7)) > /tmp/mark; cat /tmp/mark')).toBe('here-42');
    const phases: string[] = [];
    const t0 = Date.now();
    const moved = await dom.migrate(connB, { uri: B_ADDR, persistent: true, undefineSource: true, onProgress: (p) => phases.push(p.phase), ...T });
    log(`migrate A → B: ${Date.now() - t0} ms (${phases.join(' → ')})`);
    expect(moved.name).toBe(name);
    expect(moved.state).toBe('running');
    expect(moved.reason).toBe('migrated');
    expect(moved.persistent).toBe(true);
    const listed = async (r: XlRunner) => (await onHost(r, ['xl', 'list'])).split('\n').filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}--`));
    expect(await listed(runnerA)).toEqual([]);
    expect(await listed(runnerB)).toHaveLength(1);
    expect(await guestShell(moved, 'cat /tmp/mark')).toBe('here-42');
    expect(await moved.getXML({ inactive: true, ...T })).toContain('<title>travelling guest</title>');
    await expect(connA.domains.lookupByName(name, T)).rejects.toMatchObject({ code: 'NO_DOMAIN' });
    await moved.destroy(T);
    await moved.undefine(T);
  });
});
