/**
 * The polyvisor tour: the same calls work on any driver; change the URI.
 *
 *   pnpm demo [URI]
 */
import { openConnection, testDriver, isNotFound } from '@polyvisor/core';

const uri = process.argv[2] ?? process.env.POLYVISOR_DEFAULT_URI ?? 'test:///default';
const conn = await openConnection(uri, { drivers: [testDriver] });
const log = (s: string) => console.log(`[demo] ${s}`);
try {
  const node = await conn.host.info();
  log(`connected to ${conn.uri} (${conn.driverName} driver): ${node.cpus} CPUs, ${node.memory} KiB`);
  log(`driver offers ${conn.capabilities().operations.length} operations`);

  const seen: string[] = [];
  const stop = conn.onEvent((ev) => seen.push(ev.kind === 'domain' ? `${ev.type}/${ev.detail}` : `${ev.kind}:${ev.type}`));

  const dom = await conn.domains.define(`<domain type='test'>
  <name>demo-web</name>
  <title>Demo web server</title>
  <memory unit='GiB'>1</memory>
  <currentMemory unit='MiB'>512</currentMemory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>
  <devices>
    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/var/lib/images/web.qcow2'/><target dev='vda' bus='virtio'/></disk>
    <interface type='network'><source network='default'/><model type='virtio'/></interface>
  </devices>
</domain>`);
  log(`defined ${dom.name} (${dom.uuid})`);
  await dom.start();
  log(`started: state=${dom.state} id=${dom.id}`);
  await dom.suspend();
  await dom.resume();
  const info = await dom.getInfo();
  log(`info: ${info.vcpus} vCPUs, ${info.memory}/${info.maxMemory} KiB`);
  await dom.shutdown({ wait: true });
  log(`after shutdown: ${dom.state} (${dom.reason})`);

  const pool = await conn.storagePools.lookup('default-pool');
  const vol = await pool.createVolume(`<volume><name>demo.qcow2</name><capacity unit='GiB'>10</capacity><target><format type='qcow2'/></target></volume>`);
  log(`created volume ${vol.path} (${(await vol.getInfo()).capacity} bytes)`);
  await vol.delete();

  await dom.undefine();
  try {
    await conn.domains.lookup('demo-web');
  } catch (err) {
    if (isNotFound(err)) log(`lookup after undefine: ${(err as Error).message}`);
  }
  stop();
  log(`events: ${seen.join(', ')}`);
} finally {
  await conn.close();
}
