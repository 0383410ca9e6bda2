/**
 * Run a PV guest on a Xen host through polyvisor: define it, start it, watch
 * its console until it has booted, pause and resume it, live-migrate it (to
 * the same host: xl supports that, and it needs no second machine), shut it
 * down and undefine it. The same script drives a local Xen (`xen:///system`,
 * run as root in dom0) or a remote one over SSH; only the URI changes.
 *
 *   pnpm tsx examples/xen-guest.ts URI KERNEL [INITRD]
 *
 * URI     e.g. `xen+ssh://root@xenhost/system?keyfile=/root/.ssh/id_ed25519`
 * KERNEL  path of a PV-capable kernel on the Xen host (INITRD likewise)
 *
 * Environment: `READY` is a regular expression, matched against all the
 * console text read so far, that marks the end of the guest's boot (default:
 * a login prompt or a shell prompt at the end of the text, or the marker
 * polyvisor's tiny test guest prints); `BOOT_TIMEOUT_MS` bounds the wait
 * (default 180000).
 */
import { openConnection, type Domain } from '@polyvisor/core';
import { xenDriver } from '@polyvisor/driver-xen';

const [uri, kernel, initrd] = process.argv.slice(2);
if (!uri || !kernel) {
  console.error('usage: xen-guest.ts URI KERNEL [INITRD]');
  process.exit(2);
}
const ready = new RegExp(process.env.READY ?? 'login: ?$|[#$] $|POLYVISOR-GUEST-READY');
const bootTimeoutMs = Number(process.env.BOOT_TIMEOUT_MS ?? 180_000);
const name = `pv-example-${process.pid}`;
const log = (s: string) => console.log(`[xen-example] ${s}`);

/** Reads the guest's console until `ready` matches; echoes what it reads. */
async function waitForBoot(dom: Domain): Promise<void> {
  const console_ = await dom.openConsole({ signal: AbortSignal.timeout(60_000) });
  let text = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${ready} on the console within ${bootTimeoutMs} ms`)), bootTimeoutMs);
      console_.on('data', (b: Buffer) => {
        text += b.toString('utf8');
        for (const line of b.toString('utf8').split(/\r?\n/)) if (line.trim()) log(`console: ${line.trim()}`);
        if (ready.test(text)) {
          clearTimeout(timer);
          resolve();
        }
      });
      console_.once('error', reject);
      console_.once('close', () => reject(new Error('the console closed before the guest was up')));
      // Some guests only print a prompt when asked: a newline costs nothing.
      console_.write('\n');
    });
  } finally {
    console_.destroy();
  }
}

const conn = await openConnection(uri, { drivers: [xenDriver] });
const dest = await openConnection(uri, { drivers: [xenDriver] });
let dom: Domain | undefined;
try {
  const node = await conn.host.info();
  log(`host ${await conn.host.hostname()}: ${node.cpus} CPUs, ${Math.round(node.memory / 1024)} MiB`);
  conn.onEvent((ev) => ev.kind === 'domain' && log(`event: ${ev.type} (${ev.detail})`));
  dom = await conn.domains.define(`<domain type='xen'>
  <name>${name}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='xenpv'>linux</type>
    <kernel>${kernel}</kernel>${initrd ? `\n    <initrd>${initrd}</initrd>` : ''}
    <cmdline>console=hvc0 quiet</cmdline>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <console type='pty'><target type='xen' port='0'/></console>
  </devices>
</domain>`);
  const t0 = Date.now();
  await dom.start();
  log(`started (xl create) in ${Date.now() - t0} ms: domid ${dom.id}`);
  await waitForBoot(dom);
  log(`booted after ${Date.now() - t0} ms`);
  await dom.suspend();
  log(`paused: ${(await dom.getState()).state}`);
  await dom.resume();
  log(`info: ${JSON.stringify(await dom.getInfo())}`);
  const t1 = Date.now();
  const moved = await dom.migrate(dest, { persistent: true, onProgress: (p) => log(`migration: ${p.phase}`) });
  log(`migrated in ${Date.now() - t1} ms: domid ${dom.id} → ${moved.id}, ${moved.state}`);
  dom = moved;
  await dom.shutdown({ wait: true, timeoutMs: 60_000 }).catch(async (err: Error) => {
    log(`shutdown did not finish (${err.message}): destroying`);
    await dom!.destroy();
  });
  log(`after shutdown: ${dom.state} (${dom.reason})`);
  await dom.undefine();
  dom = undefined;
  log('undefined: done');
} finally {
  // Whatever failed above, leave nothing behind on the host.
  if (dom) {
    await dom.destroy().catch(() => undefined);
    await dom.undefine().catch(() => undefined);
  }
  await dest.close();
  await conn.close();
}
