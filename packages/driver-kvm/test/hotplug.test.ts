/**
 * Hotplug on real QEMU (TCG) with the tiny test guest: disks (qcow2 / raw,
 * pc and q35), NICs (user networking), vCPUs, cdrom media, live vs config
 * semantics, unplug timeouts and errors. The guest agent proves what the
 * guest sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection, PolyvisorError, type Connection, type Domain, type PolyvisorEvent } from '@polyvisor/core';
import { kvmDriver, type KvmConnection } from '../src/index.js';
import { ensureGuest, guestDomainXml, killQemusMentioning, waitForMarker } from './fixtures/guest.js';

const root = mkdtempSync(join(tmpdir(), 'pv-hotplug-'));
const serial = (name: string) => join(root, `${name}.serial.log`);
const uri = `qemu:///embed?root=${root}`;
let conn: Connection;
const timings: Record<string, number> = {};

beforeAll(async () => {
  ensureGuest();
  conn = await openConnection(uri, { drivers: [kvmDriver], driverOptions: { autostart: false } });
}, 600_000);

afterAll(async () => {
  try {
    for (const d of await conn.domains.list().catch(() => [] as Domain[])) {
      if (d.state !== 'shutoff') await d.destroy().catch(() => undefined);
      await d.undefine().catch(() => undefined);
    }
    await conn.close();
  } finally {
    killQemusMentioning(root);
    rmSync(root, { recursive: true, force: true });
    console.log('hotplug timings (ms):', JSON.stringify(timings));
  }
});

const kvm = () => conn.driverConnection<KvmConnection>().domains;
const ref = (d: Domain) => ({ name: d.name, uuid: d.uuid });

/** Runs a shell command in the guest through the guest agent; returns stdout. */
async function sh(dom: Domain, cmd: string): Promise<string> {
  const agent = await kvm().guestAgent(ref(dom), { signal: AbortSignal.timeout(20_000) });
  try {
    const r = await agent.run('/bin/busybox', ['sh', '-c', cmd]);
    return r.stdout ?? '';
  } finally {
    await agent.close();
  }
}

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await fn();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function qemuImg(file: string, format: 'qcow2' | 'raw', size = '16M'): string {
  const r = spawnSync('qemu-img', ['create', '-q', '-f', format, file, size], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`qemu-img: ${r.stderr}`);
  return file;
}

async function timed<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timings[key] = Math.round(performance.now() - t0);
  }
}

async function caught(p: Promise<unknown>): Promise<PolyvisorError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(PolyvisorError);
  return e as PolyvisorError;
}

const partitions = (dom: Domain) => sh(dom, 'cat /proc/partitions');
const diskXml = (file: string, dev: string, fmt: 'qcow2' | 'raw') => `<disk type='file' device='disk'><driver name='qemu' type='${fmt}'/><source file='${file}'/><target dev='${dev}' bus='virtio'/></disk>`;
const targetXml = (dev: string) => `<disk type='file' device='disk'><target dev='${dev}' bus='virtio'/></disk>`;

/** Virtio disks the guest sees (it names them in probe order, whatever the target in the XML). */
const vdisks = async (dom: Domain) => (await partitions(dom)).split('\n').map((l) => l.trim().split(/\s+/)[3]).filter((n): n is string => !!n && /^vd[a-z]+$/.test(n));

/** Boots the test guest with a cold-plugged `vda` (so a hot-plugged disk is `vdb` in the guest too) and `<vcpu current='1'>2</vcpu>`. */
async function boot(name: string, opts: { machine: string; extraDevices?: string }): Promise<Domain> {
  const vda = qemuImg(join(root, `${name}-vda.raw`), 'raw', '1M');
  const devices = `\n    ${diskXml(vda, 'vda', 'raw')}${opts.extraDevices ?? ''}`;
  const xml = guestDomainXml(name, { serialLog: serial(name), machine: opts.machine, extraDevices: devices }).replace('<vcpu>1</vcpu>', "<vcpu current='1'>2</vcpu>");
  const dom = await conn.domains.define(xml);
  await timed(`boot-${opts.machine}`, async () => {
    await dom.start();
    await waitForMarker(serial(name));
  });
  return dom;
}

describe('hotplug on pc (i440fx, ACPI PCI hotplug)', { timeout: 120_000 }, () => {
  let dom: Domain;
  const events: PolyvisorEvent[] = [];
  let stop: () => void;
  beforeAll(async () => {
    dom = await boot('hp-pc', { machine: 'pc', extraDevices: "\n    <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>" });
    stop = conn.onEvent((e) => events.push(e), { domain: 'hp-pc' });
  }, 120_000);
  afterAll(() => stop?.());

  it('hot-plugs a qcow2 disk the guest sees, and unplugs it (live only)', async () => {
    const img = qemuImg(join(root, 'pc-vdb.qcow2'), 'qcow2');
    const inactiveBefore = await dom.getXML({ inactive: true });
    expect(await partitions(dom)).not.toMatch(/\bvdb\b/);

    await timed('disk-attach', () => dom.attachDevice(diskXml(img, 'vdb', 'qcow2')));
    await timed('disk-visible-in-guest', () => until('vdb in the guest', () => partitions(dom), (p) => /\bvdb\b/.test(p)));
    const live = await dom.getXML();
    expect(live).toMatch(/<disk type='file' device='disk'>\s*<driver name='qemu' type='qcow2'\/>\s*<source file='[^']*pc-vdb\.qcow2'\/>\s*<target dev='vdb' bus='virtio'\/>\s*<alias name='virtio-disk1'\/>\s*<address type='pci' domain='0x0000' bus='0x00' slot='0x[0-9a-f]+' function='0x0'\/>/);
    expect(await dom.getXML({ inactive: true })).toBe(inactiveBefore);
    expect(events).toContainEqual(expect.objectContaining({ type: 'device-added', device: 'virtio-disk1' }));
    // Node names like the renderer's cold plug: libvirt-N-format on libvirt-N-storage.
    const qmp = await kvm().monitor(ref(dom));
    const blocks = (await qmp.execute('query-block')) as Array<{ qdev?: string; inserted?: { 'node-name': string; file: string } }>;
    const b = blocks.find((x) => x.qdev?.includes('virtio-disk1'));
    expect(b?.inserted?.['node-name']).toMatch(/^libvirt-\d+-format$/);
    expect(b?.inserted?.file).toBe(img);

    // The same target again: refused before QEMU is touched.
    expect((await caught(dom.attachDevice(diskXml(img, 'vdb', 'qcow2')))).code).toBe('OPERATION_INVALID');

    const removed = events.length;
    await timed('disk-detach', () => dom.detachDevice(targetXml('vdb')));
    expect(await partitions(dom)).not.toMatch(/\bvdb\b/);
    expect(await dom.getXML()).not.toContain("dev='vdb'");
    expect(await dom.getXML({ inactive: true })).toBe(inactiveBefore);
    expect(events.slice(removed)).toContainEqual(expect.objectContaining({ type: 'device-removed', device: 'virtio-disk1' }));
    const nodes = (await qmp.execute('query-named-block-nodes', { flat: true })) as Array<{ 'node-name': string; file: string }>;
    expect(nodes.filter((n) => n.file === img)).toEqual([]);

    const e = await caught(dom.detachDevice(targetXml('vdb')));
    expect(e.code).toBe('INVALID_ARG');
    expect(e.message).toMatch(/no device matching disk with target 'vdb'/);
  });

  it('changes only the persistent definition with config, and only the live one with live', async () => {
    const img = qemuImg(join(root, 'pc-vdc.raw'), 'raw');
    await dom.attachDevice(diskXml(img, 'vdc', 'raw'), { config: true });
    expect(await dom.getXML({ inactive: true })).toContain("<target dev='vdc' bus='virtio'/>");
    expect(await dom.getXML()).not.toContain("dev='vdc'");
    expect(await vdisks(dom)).toEqual(['vda']);
    expect((await caught(dom.attachDevice(diskXml(img, 'vdc', 'raw'), { config: true }))).code).toBe('OPERATION_INVALID');
    // Live detach of a config-only disk: nothing matches in the live definition.
    expect((await caught(dom.detachDevice(targetXml('vdc'), { live: true }))).code).toBe('INVALID_ARG');
    // Both at once.
    const img2 = qemuImg(join(root, 'pc-vdd.raw'), 'raw');
    expect(await vdisks(dom)).toEqual(['vda']);
    await dom.attachDevice(diskXml(img2, 'vdd', 'raw'), { live: true, config: true });
    await until('a second disk in the guest', () => vdisks(dom), (v) => v.length === 2);
    expect(await dom.getXML()).toContain("<target dev='vdd' bus='virtio'/>");
    expect(await dom.getXML({ inactive: true })).toContain("<target dev='vdd' bus='virtio'/>");
    await dom.detachDevice(targetXml('vdd'), { live: true, config: true });
    expect(await vdisks(dom)).toEqual(['vda']);
    expect(await dom.getXML({ inactive: true })).not.toContain("dev='vdd'");
    await dom.detachDevice(targetXml('vdc'), { config: true });
    expect(await dom.getXML({ inactive: true })).not.toContain("dev='vdc'");
  });

  it('hot-plugs a user-networking NIC the guest sees, and unplugs it by MAC', async () => {
    const before = (await sh(dom, 'ls /sys/class/net')).split(/\s+/).filter(Boolean);
    expect(before.filter((n) => n.startsWith('eth'))).toEqual([]);
    const nic = "<interface type='user'><mac address='52:54:00:12:34:56'/><model type='virtio'/></interface>";
    await timed('nic-attach', () => dom.attachDevice(nic));
    const after = await timed('nic-visible-in-guest', () => until('a new eth in the guest', () => sh(dom, 'ls /sys/class/net'), (s) => /\beth\d+\b/.test(s)));
    const eth = /\b(eth\d+)\b/.exec(after)![1]!;
    expect((await sh(dom, `cat /sys/class/net/${eth}/address`)).trim()).toBe('52:54:00:12:34:56');
    expect(await dom.getXML()).toMatch(/<interface type='user'>\s*<mac address='52:54:00:12:34:56'\/>\s*<model type='virtio'\/>\s*<alias name='net0'\/>\s*<address type='pci'/);
    expect(await dom.getXML({ inactive: true })).not.toContain('52:54:00:12:34:56');
    expect((await caught(dom.attachDevice(nic))).code).toBe('OPERATION_INVALID');
    // TAP-backed types go through the connection's virtual networks (network.test.ts plugs one for real); an
    // undefined network is refused before anything is created.
    const e = await caught(dom.attachDevice("<interface type='network'><source network='nonesuch'/><model type='virtio'/></interface>"));
    expect(e.code).toBe('OPERATION_INVALID');
    expect(e.message).toMatch(/network 'nonesuch' is not defined/);

    await timed('nic-detach', () => dom.detachDevice("<interface type='user'><mac address='52:54:00:12:34:56'/></interface>"));
    await until('the eth to go away', () => sh(dom, 'ls /sys/class/net'), (s) => !s.includes(eth));
    expect(await dom.getXML()).not.toContain('52:54:00:12:34:56');
    expect((await caught(dom.detachDevice("<interface type='user'><mac address='52:54:00:12:34:56'/></interface>"))).code).toBe('INVALID_ARG');
  });

  it('hot-plugs a vCPU (query-hotpluggable-cpus + device_add); unplug only where QEMU survives it', async () => {
    expect((await sh(dom, 'cat /sys/devices/system/cpu/online')).trim()).toBe('0');
    expect((await dom.getStats()).vcpus).toHaveLength(1); // caches the vCPU thread ids
    await timed('vcpu-plug', () => dom.setVcpus(2));
    expect((await dom.getInfo()).vcpus).toBe(2);
    // The cached thread ids follow the plug: both vCPUs, each with its own thread.
    const vcpus = (await dom.getStats()).vcpus!;
    expect(vcpus.map((v) => v.id)).toEqual([0, 1]);
    expect(new Set(vcpus.map((v) => v.threadId)).size).toBe(2);
    expect(await dom.getXML()).toMatch(/<vcpu[^>]*>2<\/vcpu>/);
    expect(await dom.getXML()).not.toMatch(/<vcpu[^>]*current=/);
    expect(await dom.getXML({ inactive: true })).toMatch(/<vcpu[^>]*current='1'[^>]*>2<\/vcpu>/);
    // The guest has no udev to online it: present at once, online once asked.
    await until('cpu1 present in the guest', () => sh(dom, 'cat /sys/devices/system/cpu/present'), (s) => s.trim() === '0-1');
    await sh(dom, 'echo 1 > /sys/devices/system/cpu/cpu1/online');
    expect((await sh(dom, 'cat /sys/devices/system/cpu/online')).trim()).toBe('0-1');
    const over = await caught(dom.setVcpus(3));
    expect(over.code).toBe('INVALID_ARG');
    expect(over.message).toMatch(/requested vcpus is greater than max allowable vcpus for the live domain: 3 > 2/);
    // Unplug works in QEMU 7.2 under TCG (DEVICE_DELETED arrives), but corrupts QEMU's heap: the next
    // device_add aborts QEMU ("malloc(): unsorted double linked list corrupted"). So it is refused there.
    const qmp = await kvm().monitor(ref(dom));
    const v = qmp.greeting.version.qemu;
    if (v.major < 8) {
      const e = await caught(dom.setVcpus(1));
      expect(e.code).toBe('UNSUPPORTED');
      expect(e.message).toContain(`domain "hp-pc": vCPU hot-unplug is refused under TCG on QEMU ${v.major}.${v.minor}.${v.micro}: it corrupts QEMU's heap (the next hotplug aborts QEMU); use KVM or a newer QEMU`);
      expect((await dom.getInfo()).vcpus).toBe(2);
    } else {
      await timed('vcpu-unplug', () => dom.setVcpus(1));
      expect((await sh(dom, 'cat /sys/devices/system/cpu/online')).trim()).toBe('0');
      expect((await dom.getInfo()).vcpus).toBe(1);
    }
  });

  it('changes and ejects cdrom media through updateDevice', async () => {
    const iso = join(root, 'media.iso');
    writeFileSync(iso, Buffer.alloc(2048 * 16, 0x41));
    const qmp = await kvm().monitor(ref(dom));
    const cd = async () => ((await qmp.execute('query-block')) as Array<{ qdev?: string; tray_open?: boolean; inserted?: { file: string; ro: boolean } }>).find((b) => b.qdev === 'ide0-1-0');
    expect((await cd())?.inserted).toBeUndefined();
    await timed('cdrom-insert', () => dom.updateDevice(`<disk type='file' device='cdrom'><source file='${iso}'/><target dev='hdc' bus='ide'/><readonly/></disk>`));
    expect((await cd())?.inserted).toMatchObject({ file: iso, ro: true });
    expect((await cd())?.tray_open).toBe(false);
    expect(await dom.getXML()).toMatch(/<disk type='file' device='cdrom'>\s*<driver name='qemu' type='raw'\/>\s*<source file='[^']*media\.iso'\/>\s*<target dev='hdc' bus='ide'\/>/);
    expect(await dom.getXML({ inactive: true })).not.toContain('media.iso');
    await dom.updateDevice("<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>");
    expect((await cd())?.inserted).toBeUndefined();
    expect(await dom.getXML()).not.toContain('media.iso');
    // A plain disk has no media to change; a missing one does not match.
    const plain = await caught(dom.updateDevice(targetXml('vda')));
    expect(plain.code).toBe('UNSUPPORTED');
    expect(plain.message).toMatch(/only the media of cdrom and floppy devices can be changed/);
    expect((await caught(dom.updateDevice(targetXml('vdz')))).code).toBe('INVALID_ARG');
  });

  it('keeps QMP error classes, and refuses device kinds and buses it cannot hot-plug', async () => {
    const e = await caught(dom.attachDevice(diskXml(join(root, 'missing.qcow2'), 'vde', 'qcow2')));
    expect(e.code).toBe('HYPERVISOR_ERROR');
    expect(e.detail?.class).toBe('GenericError');
    expect(e.message).toMatch(/missing\.qcow2/);
    expect(await dom.getXML()).not.toContain("dev='vde'");
    expect((await caught(dom.attachDevice("<controller type='scsi' model='virtio-scsi'/>"))).code).toBe('UNSUPPORTED');
    const ide = await caught(dom.attachDevice(`<disk type='file' device='disk'><source file='${qemuImg(join(root, 'hdd.raw'), 'raw')}'/><target dev='hdb' bus='ide'/></disk>`));
    expect(ide.code).toBe('UNSUPPORTED');
    expect(ide.message).toMatch(/disk bus 'ide' cannot be hotplugged/);
  });

  it('fails with TIMEOUT when the guest does not release the device, and finishes when it does', async () => {
    const img = qemuImg(join(root, 'pc-vdf.raw'), 'raw');
    await dom.attachDevice(diskXml(img, 'vdf', 'raw'));
    await until('vdf in the guest', () => vdisks(dom), (v) => v.length === 2);
    await dom.suspend();
    process.env.POLYVISOR_UNPLUG_TIMEOUT_MS = '1000';
    try {
      const e = await caught(dom.detachDevice(targetXml('vdf')));
      expect(e.code).toBe('TIMEOUT');
      expect(e.message).toMatch(/did not release it within 1000 ms/);
    } finally {
      delete process.env.POLYVISOR_UNPLUG_TIMEOUT_MS;
    }
    expect(await dom.getXML()).toContain("dev='vdf'");
    await dom.resume();
    // The guest now handles the request; DEVICE_DELETED finishes the removal.
    await until('vdf to leave the live XML', () => dom.getXML(), (x) => !x.includes("dev='vdf'"));
    await until('vdf to leave the guest', () => vdisks(dom), (v) => v.length === 1);
  });

  it('attaches to the persistent definition by default when the domain is not running', async () => {
    await dom.destroy();
    const img = qemuImg(join(root, 'off-vdb.raw'), 'raw');
    await dom.attachDevice(diskXml(img, 'vdb', 'raw'));
    expect(await dom.getXML({ inactive: true })).toContain("<target dev='vdb' bus='virtio'/>");
    expect((await caught(dom.attachDevice(diskXml(img, 'vdc', 'raw'), { live: true }))).code).toBe('OPERATION_INVALID');
    expect((await caught(dom.setVcpus(2, { live: true }))).code).toBe('OPERATION_INVALID');
    await dom.setVcpus(2);
    expect(await dom.getXML({ inactive: true })).toMatch(/<vcpu[^>]*>2<\/vcpu>/);
    await dom.detachDevice(targetXml('vdb'));
    expect(await dom.getXML({ inactive: true })).not.toContain("dev='vdb'");
  });
});

describe('hotplug on q35 (PCIe root ports)', { timeout: 120_000 }, () => {
  let dom: Domain;
  beforeAll(async () => {
    // No explicit controllers: like libvirt, the address assignment leaves one spare pcie-root-port.
    dom = await boot('hp-q35', { machine: 'q35' });
  }, 120_000);

  it('hot-plugs a raw disk into the spare root port, reports when none is left, and reuses the port', async () => {
    const vdb = qemuImg(join(root, 'q35-vdb.raw'), 'raw');
    const vdc = qemuImg(join(root, 'q35-vdc.raw'), 'raw');
    await timed('q35-disk-attach', () => dom.attachDevice(diskXml(vdb, 'vdb', 'raw')));
    await timed('q35-disk-visible-in-guest', () => until('vdb in the guest', () => partitions(dom), (p) => /\bvdb\b/.test(p)));
    // A raw image without options: one storage node, as in the cold-plug renderer.
    const qmp = await kvm().monitor(ref(dom));
    const blocks = (await qmp.execute('query-block')) as Array<{ qdev?: string; inserted?: { 'node-name': string } }>;
    expect(blocks.find((x) => x.qdev?.includes('virtio-disk1'))?.inserted?.['node-name']).toMatch(/^libvirt-\d+-storage$/);
    const live = await dom.getXML();
    const port = /<target dev='vdb' bus='virtio'\/>\s*<alias name='virtio-disk1'\/>\s*<address type='pci' domain='0x0000' bus='(0x[0-9a-f]+)' slot='0x00'/.exec(live)?.[1];
    expect(port).toBeDefined();
    expect(port).not.toBe('0x00');

    const e = await caught(dom.attachDevice(diskXml(vdc, 'vdc', 'raw')));
    expect(e.code).toBe('OPERATION_FAILED');
    expect(e.message).toMatch(/no free hotpluggable PCI slot.*pcie-root-port/);

    await timed('q35-disk-detach', () => dom.detachDevice(targetXml('vdb')));
    expect(await partitions(dom)).not.toMatch(/\bvdb\b/);
    await dom.attachDevice(diskXml(vdc, 'vdc', 'raw'));
    await until('the new disk in the guest', () => vdisks(dom), (v) => v.length === 2);
    expect(await dom.getXML()).toMatch(new RegExp(`<target dev='vdc' bus='virtio'/>\\s*<alias name='virtio-disk2'/>\\s*<address type='pci' domain='0x0000' bus='${port}' slot='0x00'`));
    await dom.detachDevice(targetXml('vdc'));
    expect(await vdisks(dom)).toEqual(['vda']);
    await dom.destroy();
  });
});
