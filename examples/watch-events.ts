/**
 * Print lifecycle events while another task drives a domain through its
 * states. Events arrive through an async iterable; breaking out of the loop
 * unsubscribes.
 *
 *   pnpm tsx examples/watch-events.ts
 */
import { openConnection, testDriver } from '@polyvisor/core';

const conn = await openConnection('test:///default', { drivers: [testDriver] });
const events = conn.events({ kinds: ['domain'], signal: AbortSignal.timeout(10_000) });

const watcher = (async () => {
  for await (const ev of events) {
    if (ev.kind !== 'domain') continue;
    console.log(`${new Date(ev.timestamp).toISOString()}  ${ev.domain.name}: ${ev.type} (${ev.detail})`);
    if (ev.type === 'undefined') break;
  }
})();

const dom = await conn.domains.define(`<domain type='test'><name>watched</name><memory unit='MiB'>128</memory><os><type>hvm</type></os></domain>`);
await dom.start();
await dom.suspend();
await dom.resume();
await dom.shutdown({ wait: true });
await dom.undefine();

await watcher;
await conn.close();
