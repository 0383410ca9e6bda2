/**
 * Core's driver conformance suite against the Xen driver on the real Xen
 * 4.17 host booted by the global setup (QEMU/TCG), over
 * `xen+ssh://root@127.0.0.1:PORT/system` — the path a remote Xen host uses.
 *
 * Suite options used, and why:
 * - `waitUntilReady`: a real guest must boot before it can honour a PV
 *   shutdown request; waits for the guest's ready marker in its console log.
 * - `saveDir`: save images are written by `xl save` on the Xen host, so the
 *   directory must exist there, not on the machine running the tests.
 * - no `networkXml` / `poolXml`: the Xen driver has no network or storage
 *   sub-driver (the suite then checks they report UNSUPPORTED).
 * - no `skip`: save/restore/managed save and config hotplug run for real.
 */
import { afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection } from '@polyvisor/core';
import { describeDriverConformance } from '@polyvisor/core/testing';
import { xenDriver, type XlRunner } from '../src/index.js';
import { guestXml, hostRunner, onHost, waitForGuestReady, xenHost } from './fixtures/xen-guest.js';

// Created on first use, not at module load: listing the tests (`vitest list`) must leave nothing behind.
let stateDir: string | undefined;
const state = () => (stateDir ??= mkdtempSync(join(tmpdir(), 'polyvisor-xen-conf-')));
let runner: XlRunner | undefined;
const host = () => (runner ??= hostRunner());
let saveDirs = 0;

afterAll(async () => {
  await runner?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describeDriverConformance({
  name: 'xen (real Xen 4.17 under QEMU/TCG, over SSH)',
  open: () => openConnection(xenHost().uri, { drivers: [xenDriver], driverOptions: { stateDir: state(), autostart: false }, timeoutMs: 300_000 }),
  domainXml: (name) => guestXml(name),
  waitUntilReady: (_conn, dom) => waitForGuestReady(host(), dom.name),
  saveDir: async () => {
    // On dom0's disk (/var/tmp), not its RAM-backed /tmp: an image is as big as the guest's memory.
    const path = `/var/tmp/pvconf-save-${process.pid}-${++saveDirs}`;
    await onHost(host(), ['mkdir', '-p', path]);
    return { path, remove: async () => void (await onHost(host(), ['rm', '-rf', '--', path])) };
  },
  timeoutMs: 300_000,
  prefix: 'xc',
});
