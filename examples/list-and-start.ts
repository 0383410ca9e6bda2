/**
 * List every domain, then start the inactive ones.
 *
 *   pnpm tsx examples/list-and-start.ts [URI]
 *
 * URI defaults to $POLYVISOR_DEFAULT_URI or test:///default.
 */
import { openConnection, testDriver, isOperationInvalid } from '@polyvisor/core';

const uri = process.argv[2] ?? process.env.POLYVISOR_DEFAULT_URI ?? 'test:///default';
const conn = await openConnection(uri, { drivers: [testDriver], timeoutMs: 10_000 });
try {
  // Make sure there is something to start on a fresh test:///default.
  if (uri === 'test:///default') {
    await conn.domains.define(`<domain type='test'>
  <name>demo-vm</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os><type>hvm</type></os>
</domain>`);
  }
  const domains = await conn.domains.list();
  for (const d of domains) console.log(`${d.id >= 0 ? String(d.id).padStart(3) : '  -'}  ${d.name.padEnd(20)} ${d.state}`);
  for (const d of domains.filter((x) => !x.active)) {
    try {
      await d.start({ timeoutMs: 60_000 });
      const info = await d.getInfo();
      console.log(`started ${d.name}: id ${d.id}, ${info.vcpus} vCPU(s), ${info.memory} KiB`);
    } catch (err) {
      if (isOperationInvalid(err)) console.log(`skipped ${d.name}: ${(err as Error).message}`);
      else throw err;
    }
  }
} finally {
  await conn.close();
}
