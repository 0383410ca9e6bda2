import { mkdtempSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection, PolyvisorError } from '@polyvisor/core';
import { kvmDriver, type KvmConnection } from '../src/index.js';
import { guestDomainXml, killQemusMentioning, waitForMarker } from './fixtures/guest.js';
const root = mkdtempSync(join(tmpdir(), 'pv-hpdbg-'));
const conn = await openConnection(`qemu:///embed?root=${root}`, { drivers: [kvmDriver], driverOptions: { autostart: false } });
const name = 'dbg';
const ser = join(root, 's.log');
const dom = await conn.domains.define(guestDomainXml(name, { serialLog: ser, machine: 'pc', extraDevices: "\n    <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>" }).replace('<vcpu>1</vcpu>', "<vcpu current='1'>2</vcpu>"));
await dom.start(); await waitForMarker(ser);
const k = conn.driverConnection<KvmConnection>().domains;
const ref = { name: dom.name, uuid: dom.uuid };
const sh = async (c: string) => { const a = await k.guestAgent(ref, { signal: AbortSignal.timeout(20000) }); try { return (await a.run('/bin/busybox', ['sh', '-c', c])).stdout; } finally { await a.close(); } };
const qmp = await k.monitor(ref);
qmp.on('*', (e) => console.log('EVENT', JSON.stringify(e)));
try {
  const mode = process.argv[2];
  if (mode === 'cpu') {
    console.log(JSON.stringify(await qmp.execute('query-hotpluggable-cpus')));
    await dom.setVcpus(2);
    await new Promise((r) => setTimeout(r, 1000));
    console.log(await sh('cat /sys/devices/system/cpu/present /sys/devices/system/cpu/online; ls /sys/devices/system/cpu/'));
    await sh('echo 1 > /sys/devices/system/cpu/cpu1/online');
    console.log(await sh('cat /sys/devices/system/cpu/online'));
    process.env.POLYVISOR_UNPLUG_TIMEOUT_MS = '5000';
    if (process.argv[3] === 'unplug') await dom.setVcpus(1).catch((e) => console.log('ERR', e.message));
    console.log(await sh('cat /sys/devices/system/cpu/present /sys/devices/system/cpu/online; dmesg | tail -5'));
    spawnSync('qemu-img', ['create', '-f', 'raw', join(root, 'f.raw'), '1M']);
    await dom.attachDevice(`<disk type='file' device='disk'><source file='${join(root, 'f.raw')}'/><target dev='vdf' bus='virtio'/></disk>`).catch((e) => console.log('ERR', e.message));
    await new Promise((r) => setTimeout(r, 2000));
    console.log(await sh('cat /proc/partitions'));
  } else if (mode === 'ide') {
    spawnSync('qemu-img', ['create', '-f', 'raw', join(root, 'h.raw'), '1M']);
    await dom.attachDevice(`<disk type='file' device='disk'><source file='${join(root, 'h.raw')}'/><target dev='hdb' bus='ide'/></disk>`).catch((e: PolyvisorError) => console.log('ERR', e.code, e.message));
  } else if (mode === 'pause') {
    spawnSync('qemu-img', ['create', '-f', 'raw', join(root, 'f.raw'), '1M']);
    await dom.attachDevice(`<disk type='file' device='disk'><source file='${join(root, 'f.raw')}'/><target dev='vdf' bus='virtio'/></disk>`);
    await new Promise((r) => setTimeout(r, 1000));
    console.log(await sh('cat /proc/partitions'));
    await dom.suspend();
    process.env.POLYVISOR_UNPLUG_TIMEOUT_MS = '1000';
    await dom.detachDevice(`<disk type='file' device='disk'><target dev='vdf' bus='virtio'/></disk>`).catch((e: PolyvisorError) => console.log('ERR', e.code, e.message));
    await dom.resume();
    await new Promise((r) => setTimeout(r, 3000));
    console.log(await sh('cat /proc/partitions'));
    console.log(await dom.getXML());
  }
} finally {
  console.log('LOG', spawnSync('sh', ['-c', `cat $(find ${root} -name '*.log' | grep -v s.log)`], { encoding: 'utf8' }).stdout.slice(-1500));
  await dom.destroy().catch(() => undefined);
  await conn.close();
  killQemusMentioning(root);
}
