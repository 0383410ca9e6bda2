/**
 * The KVM driver caches parsed definitions and re-reads only files whose
 * signature changed. Two connections on one state root behave like two
 * manager processes: every change one makes must be visible to the other at
 * once, including a rewrite of the same size within the file system's
 * timestamp granularity ("racy" timestamps). No QEMU is started here.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, openConnection, PolyvisorError, type Connection } from '@polyvisor/core';
import { kvmDriver, kvmPathsFor } from '../src/index.js';
import { parseUri } from '@polyvisor/core';

const root = mkdtempSync(join(tmpdir(), 'pv-defcache-'));
const uri = `qemu:///embed?root=${root}`;
const open = () => openConnection(uri, { drivers: [kvmDriver], driverOptions: { autostart: false } });
const conns: Connection[] = [];
afterAll(async () => {
  for (const c of conns) await c.close().catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

/** A definition whose XML length does not depend on `mib` (always 6 digits of KiB). */
const xml = (name: string, mib: number) => `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='KiB'>${String(mib * 1024).padStart(6, '0')}</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
</domain>`;

describe('kvm definition cache across two managers of one state root (no QEMU)', () => {
  it('sees definitions, same-size rewrites, autostart and undefines made by the other manager at once', async () => {
    const a = await open();
    const b = await open();
    conns.push(a, b);
    expect(await a.domains.list()).toEqual([]); // warm A's cache
    await b.domains.define(xml('shared', 128));
    expect((await a.domains.list()).map((d) => d.name)).toEqual(['shared']);
    // Rewrites of identical size, back to back: A must never serve a stale copy.
    for (let i = 0; i < 30; i++) {
      const mib = 100 + (i % 2 === 0 ? 28 : 156); // 131072 / 262144 KiB alternately
      await b.domains.define(xml('shared', mib));
      const spec = await (await a.domains.lookup('shared')).getSpec({ inactive: true });
      expect(spec.memory).toBe(mib * 1024);
    }
    await (await b.domains.lookup('shared')).setAutostart(true);
    expect((await a.domains.lookup('shared')).autostart).toBe(true);
    await (await b.domains.lookup('shared')).undefine();
    await expect(a.domains.lookup('shared')).rejects.toSatisfy((e: unknown) => e instanceof PolyvisorError && e.code === ErrorCode.NO_DOMAIN);
  });

  it('skips a corrupt definition file and picks it up once it is repaired', async () => {
    const a = await open();
    conns.push(a);
    const dir = kvmPathsFor(parseUri(uri)).configDir;
    await a.domains.define(xml('good', 128));
    expect((await a.domains.list()).map((d) => d.name)).toEqual(['good']);
    writeFileSync(join(dir, 'broken.xml'), '<domain type=');
    expect((await a.domains.list()).map((d) => d.name)).toEqual(['good']);
    // Repaired the way an editor or another tool would: a new file renamed over it.
    writeFileSync(join(dir, '.broken.tmp'), xml('broken', 64).replace('<name>', "<uuid>5f4d2a1e-4a53-4c39-9d7e-0a6b2a0d3c11</uuid>\n  <name>"));
    renameSync(join(dir, '.broken.tmp'), join(dir, 'broken.xml'));
    expect((await a.domains.list()).map((d) => d.name).sort()).toEqual(['broken', 'good']);
    for (const d of await a.domains.list()) await d.undefine();
  });
});
