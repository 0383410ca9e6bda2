/**
 * Guests on virtual networks: the KVM driver gives `<interface
 * type='network'>` a tap on the network's bridge; the host package's dnsmasq
 * hands out the lease. Everything runs inside a network namespace this test
 * creates (QEMU, bridges, dnsmasq, nftables) and always deletes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection, type Connection, type Domain } from '@polyvisor/core';
import { kvmDriver, type KvmConnection } from '../src/index.js';
import { ensureGuest, guestDomainXml, killQemusMentioning, waitForMarker } from './fixtures/guest.js';

const root = mkdtempSync(join(tmpdir(), 'pv-knet-'));
const ns = `pvknet${process.pid}`;
const serial = (n: string) => join(root, `${n}.serial`);
const nsRun = (...argv: string[]) => execFileSync('ip', ['netns', 'exec', ns, ...argv], { encoding: 'utf8' });

async function agentRun(conn: Connection, dom: Domain, script: string): Promise<{ code: number; out: string }> {
  const a = await conn.driverConnection<KvmConnection>().domains.guestAgent({ name: dom.name, uuid: dom.uuid }, { signal: AbortSignal.timeout(30_000) });
  try {
    const r = await a.run('/bin/busybox', ['sh', '-c', script]);
    return { code: r.exitcode ?? -1, out: r.stdout ?? '' };
  } finally {
    await a.close();
  }
}

describe('guests on virtual networks (real QEMU, dnsmasq, nftables in a netns)', { timeout: 180_000 }, () => {
  let conn: Connection;
  beforeAll(async () => {
    ensureGuest();
    execFileSync('ip', ['netns', 'add', ns]);
    nsRun('ip', 'link', 'set', 'lo', 'up');
    // An address "outside" the virtual networks, on the namespace's own side: NAT guests reach it, isolated ones not.
    nsRun('ip', 'link', 'add', 'outside0', 'type', 'veth', 'peer', 'name', 'outside1');
    nsRun('ip', 'link', 'set', 'outside1', 'up');
    nsRun('ip', 'addr', 'add', '10.99.99.1/32', 'dev', 'outside0');
    nsRun('ip', 'link', 'set', 'outside0', 'up');
    conn = await openConnection(`qemu:///embed?root=${root}`, { drivers: [kvmDriver], driverOptions: { autostart: false, netns: ns } });
  }, 600_000);
  afterAll(async () => {
    await conn?.close();
    killQemusMentioning(root);
    spawnSync('pkill', ['-f', `${root}/run/network`]);
    spawnSync('ip', ['netns', 'del', ns]);
    rmSync(root, { recursive: true, force: true });
  });

  async function bootOn(network: string, name: string): Promise<Domain> {
    const dom = await conn.domains.define(guestDomainXml(name, {
      serialLog: serial(name),
      cmdlineExtra: 'pv.ip=dhcp',
      extraDevices: `\n    <interface type='network'><source network='${network}'/><model type='virtio'/></interface>`,
    }));
    await dom.start();
    await waitForMarker(serial(name), 90_000);
    return dom;
  }

  it('a guest on a NAT network gets a DHCP lease from our dnsmasq, reaches the bridge and the outside', async () => {
    const net = await conn.networks.define(`<network><name>natnet</name><forward mode='nat'/><ip address='192.168.150.1' netmask='255.255.255.0'><dhcp><range start='192.168.150.10' end='192.168.150.20'/></dhcp></ip></network>`);
    await net.start();
    const dom = await bootOn('natnet', 'nat-guest');
    try {
      const xml = await dom.getXML();
      const mac = /<mac address='([^']+)'/.exec(xml)![1]!;
      expect(xml).toMatch(/<target dev='vnet\d+n0'\/>/);
      const leases = await net.getDhcpLeases({ mac });
      expect(leases).toHaveLength(1);
      expect(leases[0]!.ipaddr).toMatch(/^192\.168\.150\.(1\d|20)$/);
      const ifs = await conn.driverConnection<KvmConnection>().domains.guestAgent({ name: dom.name, uuid: dom.uuid }, { signal: AbortSignal.timeout(20_000) });
      const list = await ifs.networkGetInterfaces();
      await ifs.close();
      const eth = list.find((i) => i['hardware-address'] === mac);
      expect(eth?.['ip-addresses']?.map((a) => a['ip-address'])).toContain(leases[0]!.ipaddr);
      expect((await agentRun(conn, dom, 'ping -c 1 -W 2 192.168.150.1')).code).toBe(0);
      expect((await agentRun(conn, dom, 'ping -c 1 -W 2 10.99.99.1')).code).toBe(0);
      // Hot-plug a second NIC on the same network: it gets its own tap on the bridge, and loses it on unplug.
      const nic2 = `<interface type='network'><mac address='52:54:00:aa:bb:02'/><source network='natnet'/><model type='virtio'/></interface>`;
      await dom.attachDevice(nic2);
      const live2 = await dom.getXML();
      const tap2 = /<mac address='52:54:00:aa:bb:02'\/>[\s\S]*?<target dev='(vnet[^']+)'\/>/.exec(live2)![1]!;
      expect(JSON.parse(nsRun('ip', '-json', 'link', 'show', 'dev', tap2))[0].master).toBe((await net.getInfo()).bridge);
      const deadline = Date.now() + 20_000;
      let seen = '';
      while (Date.now() < deadline && !(seen = (await agentRun(conn, dom, 'cat /sys/class/net/*/address')).out).includes('52:54:00:aa:bb:02')) await new Promise((r) => setTimeout(r, 200));
      expect(seen).toContain('52:54:00:aa:bb:02');
      await dom.detachDevice(nic2);
      expect(spawnSync('ip', ['netns', 'exec', ns, 'ip', 'link', 'show', 'dev', tap2]).status).not.toBe(0);
      // The tap is on the bridge, and goes away with the guest.
      const tap = /<target dev='(vnet[^']+)'/.exec(xml)![1]!;
      expect(JSON.parse(nsRun('ip', '-json', 'link', 'show', 'dev', tap))[0].master).toBe((await net.getInfo()).bridge);
      await dom.destroy();
      expect(spawnSync('ip', ['netns', 'exec', ns, 'ip', 'link', 'show', 'dev', tap]).status).not.toBe(0);
    } finally {
      await dom.refresh().then(() => (dom.active ? dom.destroy() : undefined)).catch(() => undefined);
      await dom.undefine().catch(() => undefined);
      await net.destroy().catch(() => undefined);
      await net.undefine().catch(() => undefined);
    }
  });

  it('a guest on an isolated network gets a lease but no route out', async () => {
    const net = await conn.networks.define(`<network><name>isonet</name><ip address='192.168.151.1' netmask='255.255.255.0'><dhcp><range start='192.168.151.10' end='192.168.151.20'/></dhcp></ip></network>`);
    await net.start();
    const dom = await bootOn('isonet', 'iso-guest');
    try {
      const mac = /<mac address='([^']+)'/.exec(await dom.getXML())![1]!;
      expect(await net.getDhcpLeases({ mac })).toHaveLength(1);
      expect((await agentRun(conn, dom, 'ping -c 1 -W 2 192.168.151.1')).code).toBe(0);
      expect((await agentRun(conn, dom, 'ip route')).out).not.toMatch(/^default/m);
      expect((await agentRun(conn, dom, 'ping -c 1 -W 2 10.99.99.1')).code).not.toBe(0);
    } finally {
      await dom.destroy().catch(() => undefined);
      await dom.undefine().catch(() => undefined);
      await net.destroy().catch(() => undefined);
      await net.undefine().catch(() => undefined);
    }
  });

  it('refuses a network interface whose network is not active, leaving no tap and no QEMU', async () => {
    await conn.networks.define(`<network><name>downnet</name><ip address='192.168.152.1' netmask='255.255.255.0'/></network>`);
    const dom = await conn.domains.define(guestDomainXml('down-guest', { serialLog: serial('down-guest'), extraDevices: `\n    <interface type='network'><source network='downnet'/><model type='virtio'/></interface>` }));
    const err = await dom.start().catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('OPERATION_INVALID');
    expect((err as Error).message).toContain("network 'downnet' is not active");
    expect(nsRun('ip', '-json', 'link').includes('vnet')).toBe(false);
    await dom.undefine();
    await (await conn.networks.lookup('downnet')).undefine();
  });
});
