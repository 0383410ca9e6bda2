/**
 * Live migration of the tiny test guest between two `qemu:///embed` roots
 * on this machine (TCP on 127.0.0.1): QEMU's own total time and downtime,
 * and polyvisor's orchestration overhead (our wall time minus QEMU's
 * migration time), measured in the same run.
 *
 *   npx tsx --tsconfig packages/driver-kvm/tsconfig.json bench/migration.ts [N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection, type Domain, type MigrationProgress } from '@polyvisor/core';
import { kvmDriver } from '../packages/driver-kvm/src/index.js';
import { guestDomainXml, waitForMarker, killQemusMentioning } from '../packages/driver-kvm/test/fixtures/guest.js';

const N = Number(process.argv[2] ?? 6);
const base = mkdtempSync(join(tmpdir(), 'pv-bench-mig-'));
const open = (r: string) => openConnection(`qemu:///embed?root=${join(base, r)}`, { drivers: [kvmDriver], driverOptions: { autostart: false } });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const A = await open('A');
const B = await open('B');
const total: number[] = [];
const down: number[] = [];
const wall: number[] = [];
try {
  let dom: Domain = await A.domains.createTransient(guestDomainXml('bench-mig', { serialLog: join(base, 'serial.log') }));
  await waitForMarker(join(base, 'serial.log'));
  for (let i = 0; i < N; i++) {
    const [, dest] = i % 2 === 0 ? [A, B] : [B, A];
    let last: MigrationProgress | undefined;
    const t0 = performance.now();
    dom = await dom.migrate(dest, { onProgress: (p) => (last = p) });
    wall.push(performance.now() - t0);
    total.push(last?.totalTimeMs ?? 0);
    down.push(last?.downtimeMs ?? 0);
  }
  await dom.destroy();
} finally {
  await A.close();
  await B.close();
  killQemusMentioning(base);
  rmSync(base, { recursive: true, force: true });
}
console.log(`migration benchmark: tiny test guest (128 MiB, TCG), TCP on 127.0.0.1, N=${N} (medians)`);
console.log(`QEMU total time ${median(total)} ms   downtime ${median(down)} ms   polyvisor wall time ${median(wall).toFixed(0)} ms   orchestration overhead ${(median(wall) - median(total)).toFixed(0)} ms`);
