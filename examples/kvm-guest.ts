/**
 * Boot a real QEMU guest through polyvisor, talk to its guest agent, and
 * power it off with ACPI. Everything lives under a throw-away
 * `qemu:///embed?root=...` directory. Needs `qemu-system-x86_64` and the tiny
 * test guest (`bash scripts/test-guest/build.sh`).
 *
 *   pnpm tsx examples/kvm-guest.ts [KERNEL INITRD]
 */
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openConnection } from '@polyvisor/core';
import { kvmDriver, type KvmConnection } from '@polyvisor/driver-kvm';

const guestDir = resolve(process.env.POLYVISOR_CACHE_DIR ?? resolve(import.meta.dirname, '../.cache'), 'test-guest');
const kernel = process.argv[2] ?? join(guestDir, 'vmlinuz');
const initrd = process.argv[3] ?? join(guestDir, 'initrd.img');
const root = mkdtempSync(join(tmpdir(), 'polyvisor-demo-'));
const serial = join(root, 'console.log');
const log = (s: string) => console.log(`[kvm-demo] ${s}`);

const conn = await openConnection(`qemu:///embed?root=${root}`, { drivers: [kvmDriver] });
try {
  log(`KVM usable here: ${JSON.stringify((await conn.host.capabilities()).host.kvm)}`);
  conn.onEvent((ev) => ev.kind === 'domain' && log(`event: ${ev.type} (${ev.detail})`));
  const dom = await conn.domains.define(`<domain type='kvm'>
  <name>demo-guest</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>${kernel}</kernel>
    <initrd>${initrd}</initrd>
    <cmdline>console=ttyS0 quiet cryptomgr.notests init_on_free=1</cmdline>
  </os>
  <features><acpi/></features>
  <devices>
    <serial type='file'><source path='${serial}'/><target port='0'/></serial>
    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
    <memballoon model='virtio'/>
  </devices>
</domain>`);
  const t0 = Date.now();
  await dom.start();
  log(`started in ${Date.now() - t0} ms: id ${dom.id}, state ${dom.state}`);
  while (!(existsSync(serial) && readFileSync(serial, 'utf8').includes('POLYVISOR-GUEST-READY'))) await new Promise((r) => setTimeout(r, 50));
  log(`guest booted after ${Date.now() - t0} ms`);
  const agent = await conn.driverConnection<KvmConnection>().domains.guestAgent({ name: dom.name, uuid: dom.uuid }, { signal: AbortSignal.timeout(20_000) });
  const os = await agent.getOsInfo();
  log(`guest agent says: ${os['pretty-name'] ?? os.name ?? 'Linux'} kernel ${os['kernel-release']}`);
  const r = await agent.run('/bin/busybox', ['uname', '-a']);
  log(`uname in the guest: ${r.stdout?.trim()}`);
  await agent.close();
  log(`info: ${JSON.stringify(await dom.getInfo())}`);
  await dom.shutdown({ wait: true, timeoutMs: 30_000 });
  log(`after ACPI shutdown: ${dom.state} (${dom.reason})`);
  await dom.undefine();
} finally {
  await conn.close();
  rmSync(root, { recursive: true, force: true });
}
