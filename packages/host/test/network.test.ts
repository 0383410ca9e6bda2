/**
 * HostNetworks tests. Pure tests for the generators; every kernel test runs
 * in a network namespace it creates (`pvtest-<random>`) and always deletes,
 * never on the host's own interfaces.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNetworkXml, type NetworkSpec, type PolyvisorEvent } from '@polyvisor/core';
import {
  HostNetworks, attachTap, detachTap, firewallRuleArgv, netnsRunner, networkDnsmasqConfig, networkFirewallRules, nftRulesScript, parseDnsmasqLeases,
  ptrDomain, type CommandRunner,
} from '../src/network/index.js';
import { pidAlive } from '../src/util/process.js';

const canNetns = process.getuid?.() === 0 && spawnSync('ip', ['netns', 'list']).status === 0;
const haveDnsmasq = spawnSync('dnsmasq', ['--version']).status === 0;
const haveNft = spawnSync('nft', ['--version']).status === 0;
const haveBusybox = spawnSync('busybox', ['--help']).status === 0 || spawnSync('busybox', []).status === 0;
// Kernel tests need root, iproute2 netns, dnsmasq and nft (.ci/run installs them). A missing one is a
// failure with the reason, not a silent skip, unless POLYVISOR_SKIP_NETNS_TESTS=1 opts out.
const missing = [!canNetns && 'root + ip netns', !haveDnsmasq && 'dnsmasq', !haveNft && 'nft'].filter(Boolean).join(', ');
const kernelIt = missing === '' ? it : it.skip;
if (missing !== '' && process.env.POLYVISOR_SKIP_NETNS_TESTS !== '1') {
  describe('host network prerequisites', () => {
    it(`has ${missing} (install iproute2 dnsmasq-base nftables; run as root)`, () => {
      throw new Error(`cannot run the network namespace tests: missing ${missing}`);
    });
  });
}

const NAT_XML = (name: string, br: string, net = '192.168.150') => `
<network>
  <name>${name}</name>
  <forward mode='nat'/>
  <bridge name='${br}' stp='on' delay='0'/>
  <domain name='pv.test'/>
  <ip address='${net}.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='${net}.100' end='${net}.150'/>
      <host mac='52:54:00:aa:bb:cc' name='fixed' ip='${net}.10'/>
    </dhcp>
  </ip>
  <ip family='ipv6' address='fd00:150::1' prefix='64'/>
</network>`;

// ---------------------------------------------------------------- pure

describe('networkDnsmasqConfig', () => {
  it('produces libvirt-style options for a NAT network', () => {
    const spec = parseNetworkXml(NAT_XML('default', 'virbr9'));
    const out = networkDnsmasqConfig(spec, { paths: '/run/x', pidFile: '/run/x/default.pid', leaseFile: '/run/x/default.leases' });
    const lines = out.config.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines).toEqual([
      'strict-order',
      'domain=pv.test',
      'expand-hosts',
      'pid-file=/run/x/default.pid',
      'dhcp-leasefile=/run/x/default.leases',
      'except-interface=lo',
      'bind-dynamic',
      'interface=virbr9',
      'dhcp-range=192.168.150.100,192.168.150.150,255.255.255.0',
      'dhcp-no-override',
      'dhcp-authoritative',
      'dhcp-lease-max=51',
      'dhcp-hostsfile=/run/x/default.hostsfile',
      'addn-hosts=/run/x/default.addnhosts',
      'dhcp-range=fd00:150::1,ra-only',
    ]);
    expect(out.hostsFile).toBe('52:54:00:aa:bb:cc,192.168.150.10,fixed\n');
    expect(out.needed).toBe(true);
  });

  it('isolated networks get no default route and no upstream DNS; DNS off gives port=0', () => {
    const spec = parseNetworkXml(`<network><name>iso</name><bridge name='br-iso'/><dns enable='no'/>
      <ip address='10.9.0.1' prefix='24'><dhcp><range start='10.9.0.2' end='10.9.0.9'><lease expiry='2' unit='hours'/></range></dhcp></ip></network>`);
    const c = networkDnsmasqConfig(spec).config;
    expect(c).toContain('\nport=0\n');
    expect(c).toContain('\ndhcp-option=3\nno-resolv\nra-param=*,0,0\n');
    expect(c).toContain('dhcp-range=10.9.0.2,10.9.0.9,255.255.255.0,2h\n');
    expect(c).not.toContain('addn-hosts=');
    expect(c).toContain('dhcp-hostsfile=/var/lib/libvirt/dnsmasq/iso.hostsfile');
  });

  it('rejects two IPv4 DHCP definitions and computes PTR zones', () => {
    const spec = parseNetworkXml(`<network><name>two</name><bridge name='b'/>
      <ip address='10.1.0.1' prefix='24'><dhcp><range start='10.1.0.2' end='10.1.0.3'/></dhcp></ip>
      <ip address='10.2.0.1' prefix='24'><dhcp><range start='10.2.0.2' end='10.2.0.3'/></dhcp></ip></network>`);
    expect(() => networkDnsmasqConfig(spec)).toThrow(/multiple DHCP/);
    expect(ptrDomain('192.168.122.1', 24)).toBe('122.168.192.in-addr.arpa');
    expect(ptrDomain('2001:db8:ac10:fe01::1', 64)).toBe('1.0.e.f.0.1.c.a.8.b.d.0.1.0.0.2.ip6.arpa');
    expect(() => ptrDomain('10.0.0.1', 20)).toThrow(/cannot be automatically created/);
  });

  it('parses dnsmasq lease files', () => {
    const spec = parseNetworkXml(NAT_XML('default', 'virbr9'));
    const leases = parseDnsmasqLeases(
      '1700000000 52:54:00:AA:BB:01 192.168.150.101 guest1 01:52:54:00:aa:bb:01\n0 52:54:00:aa:bb:02 192.168.150.102 * *\nduid 00:01:00:01\n1700000001 1234 fd00:150::55 g6 00:04:aa\n',
      spec,
      'virbr9',
    );
    expect(leases).toEqual([
      { iface: 'virbr9', expiryTime: 1700000000000, type: 'ipv4', ipaddr: '192.168.150.101', prefix: 24, mac: '52:54:00:aa:bb:01', hostname: 'guest1', clientId: '01:52:54:00:aa:bb:01' },
      { iface: 'virbr9', expiryTime: 0, type: 'ipv4', ipaddr: '192.168.150.102', prefix: 24, mac: '52:54:00:aa:bb:02' },
      { iface: 'virbr9', expiryTime: 1700000001000, type: 'ipv6', ipaddr: 'fd00:150::55', prefix: 64, iaid: '1234', hostname: 'g6', clientId: '00:04:aa' },
    ]);
  });
});

describe('networkFirewallRules', () => {
  it('NAT: reject/cross rules, then allow and masquerade per address', () => {
    const spec = parseNetworkXml(`<network><name>n</name><forward mode='nat' dev='eth0'/><bridge name='virbr0'/>
      <ip address='192.168.122.1' netmask='255.255.255.0'/></network>`);
    const argv = networkFirewallRules(spec).rules.map((r) => firewallRuleArgv(r).slice(4).join(' '));
    expect(argv).toEqual([
      'ip polyvisor guest_output iif virbr0 counter reject',
      'ip polyvisor guest_input oif virbr0 counter reject',
      'ip polyvisor guest_cross iif virbr0 oif virbr0 counter accept',
      'ip polyvisor guest_output ip saddr 192.168.122.0/24 iif virbr0 oifname eth0 counter accept',
      'ip polyvisor guest_input iifname eth0 oif virbr0 ip daddr 192.168.122.0/24 ct state related,established counter accept',
      "ip polyvisor guest_nat ip saddr 192.168.122.0/24 ip daddr != 192.168.122.0/24 oifname eth0 counter masquerade",
      'ip polyvisor guest_nat meta l4proto udp ip saddr 192.168.122.0/24 ip daddr != 192.168.122.0/24 oifname eth0 counter masquerade to :1024-65535',
      'ip polyvisor guest_nat meta l4proto tcp ip saddr 192.168.122.0/24 ip daddr != 192.168.122.0/24 oifname eth0 counter masquerade to :1024-65535',
      'ip polyvisor guest_nat oifname eth0 ip saddr 192.168.122.0/24 ip daddr 255.255.255.255/32 counter return',
      'ip polyvisor guest_nat oifname eth0 ip saddr 192.168.122.0/24 ip daddr 224.0.0.0/24 counter return',
    ]);
    const script = nftRulesScript(networkFirewallRules(spec).rules.slice(0, 1), 'polyvisor:x');
    expect(script).toBe('insert rule ip polyvisor guest_output iif "virbr0" counter reject comment "polyvisor:x"\n');
  });

  it('open and bridge networks get no rules; isolated only reject/cross', () => {
    const open = parseNetworkXml(`<network><name>o</name><forward mode='open'/><bridge name='b0'/><ip address='10.0.0.1' prefix='24'/></network>`);
    expect(networkFirewallRules(open).rules).toEqual([]);
    const br = parseNetworkXml(`<network><name>b</name><forward mode='bridge'/><bridge name='br0'/></network>`);
    expect(networkFirewallRules(br).rules).toEqual([]);
    const iso = parseNetworkXml(`<network><name>i</name><bridge name='b1'/><ip address='10.0.0.1' prefix='24'/></network>`);
    expect(networkFirewallRules(iso).rules.map((r) => r.expr.at(-1))).toEqual(['reject', 'reject', 'accept']);
  });
});

// ---------------------------------------------------------------- manager without a kernel

/** A runner that answers `ip -json link show` with no links and fails everything else. */
function fakeRunner(): CommandRunner {
  return {
    prefix: [],
    async run(argv) {
      if (argv[0] === 'ip' && argv.includes('link') && argv.includes('show')) return { code: 0, stdout: '[]', stderr: '' };
      throw new Error(`unexpected command ${argv.join(' ')}`);
    },
  };
}

describe('HostNetworks (definitions only)', () => {
  let dir: string;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('defines with generated UUID/bridge/MAC, persists 0600 XML, and enforces name/bridge rules', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pvnet-'));
    const events: PolyvisorEvent[] = [];
    const mgr = new HostNetworks({ configDir: join(dir, 'etc'), runDir: join(dir, 'run'), publish: (e) => events.push(e), runner: fakeRunner() });
    const info = await mgr.define(parseNetworkXml(`<network><name>a</name><forward mode='nat'/><ip address='10.5.0.1' prefix='24'/></network>`));
    expect(info).toMatchObject({ name: 'a', active: false, persistent: true, autostart: false, bridge: 'virbr0' });
    expect(info.uuid).toMatch(/^[0-9a-f-]{36}$/);
    const spec = await mgr.getSpec(info, { inactive: true });
    expect(spec.mac?.address).toMatch(/^52:54:00:/);
    const st = await stat(join(dir, 'etc', 'a.xml'));
    expect(st.mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'etc'))).mode & 0o777).toBe(0o700);
    expect(events.map((e) => e.type)).toEqual(['defined']);

    const b = await mgr.define(parseNetworkXml(`<network><name>b</name><ip address='10.6.0.1' prefix='24'/></network>`));
    expect(b.bridge).toBe('virbr1');
    await expect(mgr.define(parseNetworkXml(`<network><name>c</name><bridge name='virbr0'/></network>`))).rejects.toMatchObject({ code: 'DUPLICATE', message: expect.stringContaining("bridge name 'virbr0' already in use by network 'a'") });
    await expect(mgr.define({ name: 'x/y' } as NetworkSpec)).rejects.toMatchObject({ code: 'INVALID_ARG', message: expect.stringContaining("must not contain '/'") });
    await expect(mgr.define({ name: 'a', uuid: '11111111-2222-3333-4444-555555555555' })).rejects.toMatchObject({ code: 'DUPLICATE' });
    await expect(mgr.destroy(info)).rejects.toMatchObject({ code: 'OPERATION_INVALID', message: expect.stringContaining('network is not active') });
    await expect(mgr.lookupByName('nope')).rejects.toMatchObject({ code: 'NO_NETWORK' });

    await mgr.setAutostart(info, true);
    // A second manager on the same dirs sees the same state.
    const mgr2 = new HostNetworks({ configDir: join(dir, 'etc'), runDir: join(dir, 'run'), publish: () => undefined, runner: fakeRunner() });
    expect((await mgr2.list()).map((n) => [n.name, n.autostart, n.bridge])).toEqual([
      ['a', true, 'virbr0'],
      ['b', false, 'virbr1'],
    ]);
    await mgr2.undefine(b);
    await expect(mgr2.lookupByUuid(b.uuid)).rejects.toMatchObject({ code: 'NO_NETWORK' });

    const ro = new HostNetworks({ configDir: join(dir, 'etc'), runDir: join(dir, 'run'), publish: () => undefined, runner: fakeRunner(), readOnly: true });
    await expect(ro.undefine(info)).rejects.toMatchObject({ code: 'OPERATION_INVALID', message: expect.stringContaining('read only') });
    expect((await ro.list()).length).toBe(1);
  });
});

// ---------------------------------------------------------------- kernel tests (in namespaces)

function sh(argv: string[], input?: string): string {
  return execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', ...(input !== undefined ? { input } : {}), stdio: ['pipe', 'pipe', 'pipe'] });
}

function nsExec(ns: string, argv: string[]): string {
  return sh(['ip', 'netns', 'exec', ns, ...argv]);
}

describe.runIf(canNetns)('HostNetworks in a network namespace', () => {
  const namespaces: string[] = [];
  const dirs: string[] = [];
  const pids: number[] = [];
  let ns = '';
  let runner: CommandRunner;
  let dir = '';

  const newNs = (suffix = ''): string => {
    const name = `pvtest-${randomBytes(4).toString('hex')}${suffix}`;
    sh(['ip', 'netns', 'add', name]);
    namespaces.push(name);
    sh(['ip', '-n', name, 'link', 'set', 'lo', 'up']);
    return name;
  };
  const manager = (events?: PolyvisorEvent[]) =>
    new HostNetworks({ configDir: join(dir, 'etc'), runDir: join(dir, 'run'), publish: (e) => events?.push(e), runner });

  beforeAll(async () => {
    ns = newNs();
    runner = netnsRunner(ns);
  });

  afterEach(async () => {
    // Kill dnsmasq daemons of this test (they live in the namespace's dirs).
    for (const d of dirs.splice(0)) {
      for (const f of ['n1', 'n2', 'nat', 'iso', 'rt', 'dh', 'tr'].map((n) => join(d, 'run', 'dnsmasq', `${n}.pid`))) {
        const pid = Number((await readFile(f, 'utf8').catch(() => '')).trim());
        if (pid > 0) pids.push(pid);
      }
      await rm(d, { recursive: true, force: true });
    }
    for (const pid of pids.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    // Remove the namespace's links and rules so the next test starts clean.
    if (ns) {
      for (const l of JSON.parse(nsExec(ns, ['ip', '-json', 'link', 'show'])) as Array<{ ifname: string }>) if (l.ifname !== 'lo') spawnSync('ip', ['-n', ns, 'link', 'del', l.ifname]);
      spawnSync('ip', ['netns', 'exec', ns, 'nft', 'flush', 'ruleset']);
    }
    for (const extra of namespaces.splice(1)) spawnSync('ip', ['netns', 'del', extra]);
  });

  afterAll(() => {
    for (const n of [ns, ...namespaces]) if (n) spawnSync('ip', ['netns', 'del', n]);
  });

  const newDir = async () => {
    dir = await mkdtemp(join(tmpdir(), 'pvnet-'));
    dirs.push(dir);
    return dir;
  };

  const links = () => JSON.parse(nsExec(ns, ['ip', '-json', 'addr', 'show'])) as Array<{ ifname: string; operstate: string; mtu: number; addr_info: Array<{ family: string; local: string; prefixlen: number }> }>;
  const ruleset = () => JSON.parse(nsExec(ns, ['nft', '-j', 'list', 'ruleset'])) as { nftables: Array<Record<string, any>> };
  const rulesWith = (word: string) => ruleset().nftables.filter((x) => x.rule && JSON.stringify(x.rule.expr).includes(word));

  kernelIt('NAT network: bridge with addresses, nft masquerade, dnsmasq; destroy removes them all', async () => {
    await newDir();
    const events: PolyvisorEvent[] = [];
    const mgr = manager(events);
    const info = await mgr.define(parseNetworkXml(NAT_XML('nat', 'pvbr0').replace("<forward mode='nat'/>", "<forward mode='nat'/><mtu size='1400'/>")));
    await mgr.start(info);
    expect((await mgr.getInfo(info)).active).toBe(true);
    const br = links().find((l) => l.ifname === 'pvbr0')!;
    expect(br).toBeDefined();
    expect(br.mtu).toBe(1400);
    expect(br.addr_info.map((a) => `${a.local}/${a.prefixlen}`)).toEqual(expect.arrayContaining(['192.168.150.1/24', 'fd00:150::1/64']));
    const tables = ruleset().nftables.filter((x) => x.table).map((x) => `${x.table.family} ${x.table.name}`);
    expect(tables).toEqual(expect.arrayContaining(['ip polyvisor', 'ip6 polyvisor']));
    expect(rulesWith('masquerade').length).toBeGreaterThanOrEqual(3);
    expect(nsExec(ns, ['sysctl', '-n', 'net.ipv4.ip_forward']).trim()).toBe('1');
    const pid = Number((await readFile(join(dir, 'run', 'dnsmasq', 'nat.pid'), 'utf8')).trim());
    expect(pidAlive(pid)).toBe(true);
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    expect(cmdline[0]).toMatch(/dnsmasq$/);
    expect(cmdline).toContain(`--conf-file=${join(dir, 'run', 'dnsmasq', 'nat.conf')}`);
    const conf = await readFile(join(dir, 'run', 'dnsmasq', 'nat.conf'), 'utf8');
    expect(conf).toContain('interface=pvbr0\n');
    expect(conf).toContain('dhcp-host=52:54:00:aa:bb:cc,192.168.150.10,fixed\n');
    expect(await readFile(join(dir, 'run', 'dnsmasq', 'nat.log'), 'utf8')).not.toMatch(/denied|failed|cannot/i);
    expect((await stat(join(dir, 'run'))).mode & 0o777).toBe(0o700);

    await expect(mgr.start(info)).rejects.toMatchObject({ code: 'OPERATION_INVALID', message: expect.stringContaining('network is already active') });

    await mgr.destroy(info);
    expect(links().find((l) => l.ifname === 'pvbr0')).toBeUndefined();
    expect(rulesWith('masquerade')).toEqual([]);
    expect(ruleset().nftables.filter((x) => x.rule && x.rule.comment?.startsWith('polyvisor:'))).toEqual([]);
    expect(pidAlive(pid)).toBe(false);
    expect(events.map((e) => e.type)).toEqual(['defined', 'started', 'stopped']);
  });

  kernelIt('isolated and routed networks', async () => {
    await newDir();
    const mgr = manager();
    const iso = await mgr.define(parseNetworkXml(`<network><name>iso</name><bridge name='pviso0'/>
      <ip address='10.77.0.1' prefix='24'><dhcp><range start='10.77.0.10' end='10.77.0.20'/></dhcp></ip></network>`));
    const rt = await mgr.define(parseNetworkXml(`<network><name>rt</name><forward mode='route'/><bridge name='pvrt0'/>
      <ip address='10.78.0.1' prefix='24'/><route address='10.99.0.0' prefix='24' gateway='10.78.0.254'/></network>`));
    await mgr.start(iso);
    await mgr.start(rt);
    const names = links().map((l) => l.ifname);
    expect(names).toEqual(expect.arrayContaining(['pviso0', 'pvrt0']));
    expect(rulesWith('masquerade')).toEqual([]);
    const rejects = ruleset().nftables.filter((x) => x.rule && JSON.stringify(x.rule.expr).includes('reject'));
    expect(rejects.length).toBe(4); // guest_output + guest_input for each network
    const routes = nsExec(ns, ['ip', '-json', 'route', 'show', '10.99.0.0/24']);
    expect(JSON.parse(routes)[0]).toMatchObject({ dst: '10.99.0.0/24', gateway: '10.78.0.254', dev: 'pvrt0' });
    const isoConf = await readFile(join(dir, 'run', 'dnsmasq', 'iso.conf'), 'utf8');
    expect(isoConf).toContain('dhcp-option=3\n');
    await mgr.destroy(iso);
    await mgr.destroy(rt);
    expect(links().map((l) => l.ifname)).not.toContain('pviso0');
    expect(ruleset().nftables.filter((x) => x.rule && x.rule.comment?.startsWith('polyvisor:'))).toEqual([]);
  });

  kernelIt('bridge mode uses an existing bridge and leaves it in place', async () => {
    await newDir();
    nsExec(ns, ['ip', 'link', 'add', 'hostbr0', 'type', 'bridge']);
    const mgr = manager();
    const info = await mgr.define(parseNetworkXml(`<network><name>n1</name><forward mode='bridge'/><bridge name='hostbr0'/></network>`));
    await mgr.start(info);
    expect(await mgr.getInfo(info)).toMatchObject({ active: true, bridge: 'hostbr0' });
    await mgr.destroy(info);
    expect(links().map((l) => l.ifname)).toContain('hostbr0');
    const missing = await mgr.define(parseNetworkXml(`<network><name>n2</name><forward mode='bridge'/><bridge name='nosuchbr'/></network>`));
    await expect(mgr.start(missing)).rejects.toMatchObject({ code: 'OPERATION_FAILED', message: expect.stringContaining("bridge 'nosuchbr' does not exist") });
    expect((await mgr.getInfo(missing)).active).toBe(false);
  });

  kernelIt('a new manager on the same dirs re-attaches to a running network', async () => {
    await newDir();
    const a = manager();
    const info = await a.createTransient(parseNetworkXml(NAT_XML('tr', 'pvtr0', '192.168.160')));
    const pid = Number((await readFile(join(dir, 'run', 'dnsmasq', 'tr.pid'), 'utf8')).trim());
    const b = manager();
    expect(await b.lookupByName('tr')).toMatchObject({ active: true, persistent: false, bridge: 'pvtr0', uuid: info.uuid });
    expect(pidAlive(pid)).toBe(true);
    expect((await b.getSpec(info)).ips?.[0]?.address).toBe('192.168.160.1');
    await b.destroy(info);
    expect(pidAlive(pid)).toBe(false);
    expect(links().map((l) => l.ifname)).not.toContain('pvtr0');
    await expect(b.lookupByName('tr')).rejects.toMatchObject({ code: 'NO_NETWORK' });
  });

  kernelIt('re-attach restarts a dead dnsmasq; a vanished bridge marks the network inactive', async () => {
    await newDir();
    const a = manager();
    const info = await a.define(parseNetworkXml(NAT_XML('n1', 'pvra0', '192.168.170')));
    await a.start(info);
    const pidFile = join(dir, 'run', 'dnsmasq', 'n1.pid');
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 200 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 10));
    const b = manager();
    expect((await b.getInfo(info)).active).toBe(true);
    const pid2 = Number((await readFile(pidFile, 'utf8')).trim());
    expect(pid2).not.toBe(pid);
    expect(pidAlive(pid2)).toBe(true);
    nsExec(ns, ['ip', 'link', 'del', 'pvra0']);
    const c = manager();
    expect((await c.getInfo(info)).active).toBe(false);
    expect(pidAlive(pid2)).toBe(false);
  });

  kernelIt('duplicate bridge device on start is an error and leaves nothing behind', async () => {
    await newDir();
    nsExec(ns, ['ip', 'link', 'add', 'pvdup0', 'type', 'bridge']);
    const mgr = manager();
    const info = await mgr.define(parseNetworkXml(NAT_XML('n1', 'pvdup0')));
    await expect(mgr.start(info)).rejects.toMatchObject({ code: 'OPERATION_FAILED', message: expect.stringContaining("bridge device 'pvdup0' already exists") });
    expect((await mgr.getInfo(info)).active).toBe(false);
    expect(rulesWith('masquerade')).toEqual([]);
  });

  kernelIt('attachTap/detachTap enslave a tap to the bridge', async () => {
    await newDir();
    const mgr = manager();
    const info = await mgr.createTransient(parseNetworkXml(`<network><name>n2</name><forward mode='open'/><bridge name='pvtap0'/><mtu size='1450'/><ip address='10.88.0.1' prefix='24'/></network>`));
    await attachTap({ network: info, tapName: 'vnet7', mac: '52:54:00:12:34:56', runner });
    const tap = JSON.parse(nsExec(ns, ['ip', '-json', '-details', 'link', 'show', 'vnet7']))[0];
    expect(tap).toMatchObject({ master: 'pvtap0', mtu: 1450, address: 'fe:54:00:12:34:56' });
    expect(tap.flags).toContain('UP');
    await detachTap('vnet7', { runner });
    expect(links().map((l) => l.ifname)).not.toContain('vnet7');
    await mgr.attachTap({ network: 'n2', tapName: 'vnet8' });
    await mgr.detachTap('vnet8');
    await mgr.destroy(info);
  });

  (kernelIt === it && haveBusybox ? it : it.skip)('a client in a second namespace gets a DHCP lease and pings the bridge', async () => {
    await newDir();
    const mgr = manager();
    const info = await mgr.define(parseNetworkXml(NAT_XML('dh', 'pvdh0', '192.168.180')));
    await mgr.start(info);
    const client = newNs('c');
    // veth pair: one end on the bridge (in the test namespace), the other in the client namespace.
    nsExec(ns, ['ip', 'link', 'add', 'pvv0', 'type', 'veth', 'peer', 'name', 'pvv1', 'netns', client]);
    nsExec(ns, ['ip', 'link', 'set', 'pvv0', 'master', 'pvdh0']);
    nsExec(ns, ['ip', 'link', 'set', 'pvv0', 'up']);
    const mac = '52:54:00:aa:bb:cc'; // has a static reservation (.10) in NAT_XML
    nsExec(client, ['ip', 'link', 'set', 'pvv1', 'address', mac]);
    nsExec(client, ['ip', 'link', 'set', 'pvv1', 'up']);
    const script = join(dir, 'udhcpc.sh');
    await writeFile(script, '#!/bin/sh\n[ "$1" = bound ] || [ "$1" = renew ] || exit 0\nip addr add "$ip/$mask" dev "$interface"\n');
    await chmod(script, 0o700);
    const r = spawnSync('ip', ['netns', 'exec', client, 'busybox', 'udhcpc', '-i', 'pvv1', '-n', '-q', '-f', '-t', '10', '-T', '1', '-s', script], { encoding: 'utf8', timeout: 20_000 });
    const out = `${r.stdout}${r.stderr}`;
    expect(out).toMatch(/lease of 192\.168\.180\.\d+ obtained/);
    let leases = await mgr.getDhcpLeases(info, {});
    for (let i = 0; i < 50 && leases.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      leases = await mgr.getDhcpLeases(info, {});
    }
    expect(leases).toHaveLength(1);
    expect(leases[0]).toMatchObject({ iface: 'pvdh0', type: 'ipv4', mac, prefix: 24 });
    expect(leases[0]!.ipaddr).toBe('192.168.180.10');
    expect(leases[0]!.hostname).toBe('fixed');
    expect(leases[0]!.expiryTime).toBeGreaterThan(Date.now());
    expect(await mgr.getDhcpLeases(info, { mac: '52:54:00:00:00:00' })).toEqual([]);
    const ping = nsExec(client, ['busybox', 'ping', '-c', '1', '-W', '2', '192.168.180.1']);
    expect(ping).toMatch(/1 packets received/);
    await mgr.destroy(info);
  });
});
