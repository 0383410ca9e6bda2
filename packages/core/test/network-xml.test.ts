import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  canonicalXml,
  ErrorCode,
  formatNetworkXml,
  NetworkSpecSchema,
  parseNetworkXml,
  parseXmlDocument,
  PolyvisorError,
  serializeXml,
  XmlError,
  xmlEqual,
  type NetworkSpec,
  type XmlElement,
} from '../src/index.js';

const NAT = `<network>
  <name>default</name>
  <uuid>81FF0D90-C91E-6742-64DA-4A736EDB9A9B</uuid>
  <bridge name="virbr0"/>
  <forward mode="nat" dev="eth1"/>
  <mac address='52:54:00:E6:A2:C9'/>
  <ip address="192.168.122.1" netmask="255.255.255.0">
    <dhcp>
      <range start="192.168.122.2" end="192.168.122.254"/>
      <host mac="00:16:3E:77:E2:ED" name="a.example.com" ip="192.168.122.10"/>
    </dhcp>
  </ip>
  <ip family="ipv6" address="2001:DB8:AC10:FE01:0:0:0:1" prefix="64"/>
</network>`;

const NAT_EXPECTED = `<network>
  <name>default</name>
  <uuid>81ff0d90-c91e-6742-64da-4a736edb9a9b</uuid>
  <forward dev='eth1' mode='nat'>
    <interface dev='eth1'/>
  </forward>
  <bridge name='virbr0' stp='on' delay='0'/>
  <mac address='52:54:00:e6:a2:c9'/>
  <ip address='192.168.122.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='192.168.122.2' end='192.168.122.254'/>
      <host mac='00:16:3E:77:E2:ED' name='a.example.com' ip='192.168.122.10'/>
    </dhcp>
  </ip>
  <ip family='ipv6' address='2001:db8:ac10:fe01::1' prefix='64'/>
</network>
`;

const VEPA = `<network trustGuestRxFilters="no">
  <name>vepa-net</name>
  <uuid>81ff0d90-c91e-6742-64da-4a736edb9a8b</uuid>
  <forward mode="vepa">
    <interface dev="eth1"/>
    <interface dev="eth2"/>
  </forward>
  <virtualport type="802.1Qbg">
    <parameters managerid="0x0b" typeid="1193047" typeidversion="2"/>
  </virtualport>
  <portgroup name="bob" default="yes">
    <vlan><tag id="42" nativeMode="untagged"/></vlan>
    <virtualport type="802.1Qbg">
      <parameters typeid="2193047" typeidversion="3"/>
    </virtualport>
    <bandwidth><inbound average="1000" peak="2000" burst="1024"/></bandwidth>
  </portgroup>
</network>`;

const HOSTDEV_PF = `<network>
  <name>hostdev</name>
  <uuid>81ff0d90-c91e-6742-64da-4a736edb9a9b</uuid>
  <forward mode='hostdev' managed='yes'>
    <driver name='vfio' model='vfio-pci-igb'/>
    <pf dev='eth2'/>
  </forward>
</network>`;

const ROUTED = `<network ipv6='no' connections='3'>
  <name>local</name>
  <title>Routed</title>
  <forward mode='route' dev='eth1'/>
  <bridge name='virbr1' zone='myzone' stp='off' delay='2' macTableManager='libvirt'/>
  <mtu size='9000'/>
  <domain name='example.com' localOnly='yes'/>
  <dns forwardPlainNames='no'>
    <forwarder addr='8.8.8.8'/>
    <forwarder domain='example.com' addr='192.168.1.1'/>
    <txt name='example' value='example value'/>
    <srv service='name' protocol='tcp' domain='test' target='.' port='1024' priority='10' weight='0'/>
    <host ip='192.168.122.2'><hostname>a</hostname><hostname>b</hostname></host>
  </dns>
  <bandwidth><inbound average='1000'/><outbound average='2000'/></bandwidth>
  <port isolated='yes'/>
  <ip address='192.168.122.1' prefix='24' localPtr='yes'>
    <tftp root='/srv/tftp'/>
    <dhcp>
      <range start='192.168.122.2' end='192.168.122.254'><lease expiry='1' unit='hours'/></range>
      <bootp file='pxelinux.0' server='192.168.122.1'/>
    </dhcp>
  </ip>
  <route address='10.0.0.0' prefix='8' gateway='192.168.122.3' metric='2'/>
</network>`;

/** Asserts that `fn` throws a PolyvisorError with the given code (and path prefix, when given). */
function expectError(fn: () => unknown, code: string, path?: string): PolyvisorError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected an error').toBeInstanceOf(PolyvisorError);
  const err = caught as PolyvisorError;
  expect(err.code).toBe(code);
  if (path !== undefined) {
    expect(err).toBeInstanceOf(XmlError);
    expect((err as XmlError).path).toBe(path);
  }
  return err;
}

describe('parseNetworkXml / formatNetworkXml', () => {
  it('formats a NAT network with libvirt normalisation', () => {
    const spec = parseNetworkXml(NAT);
    expect(spec.name).toBe('default');
    expect(spec.uuid).toBe('81ff0d90-c91e-6742-64da-4a736edb9a9b');
    expect(spec.forward).toMatchObject({ mode: 'nat', dev: 'eth1', interfaces: [{ dev: 'eth1' }] });
    expect(spec.mac?.address).toBe('52:54:00:e6:a2:c9');
    expect(spec.ips?.[1]?.address).toBe('2001:db8:ac10:fe01::1');
    expect(formatNetworkXml(spec)).toBe(NAT_EXPECTED);
  });

  it('round-trips to a fixed point and yields schema-valid specs', () => {
    for (const xml of [NAT, VEPA, HOSTDEV_PF, ROUTED]) {
      const spec = parseNetworkXml(xml);
      expect(() => NetworkSpecSchema.parse(spec)).not.toThrow();
      const once = formatNetworkXml(spec);
      const again = parseNetworkXml(once);
      // the first format makes libvirt's defaults explicit; from then on the spec is stable
      expect(parseNetworkXml(formatNetworkXml(again))).toEqual(again);
      expect(formatNetworkXml(again)).toBe(once);
    }
  });

  it('keeps routed-network details and writes them in libvirt order', () => {
    const out = formatNetworkXml(parseNetworkXml(ROUTED));
    const root = parseXmlDocument(out);
    expect(root.children.filter((c): c is XmlElement => typeof c !== 'string').map((c) => c.name)).toEqual([
      'name', 'uuid', 'title', 'forward', 'bridge', 'mtu', 'domain', 'dns', 'bandwidth', 'port', 'ip', 'route',
    ].filter((n) => n !== 'uuid'));
    expect(root.attrs).toEqual({ connections: '3' });
    expect(out).toContain("<bridge name='virbr1' zone='myzone' stp='off' delay='2' macTableManager='libvirt'/>");
    expect(out).toContain("<srv service='name' protocol='tcp' domain='test' target='.' port='1024' priority='10'/>");
    expect(out).toContain("<lease expiry='1' unit='hours'/>");
    expect(out).toContain("<ip address='192.168.122.1' prefix='24' localPtr='yes'>");
    // runtime state is left out of the inactive form
    expect(formatNetworkXml(parseNetworkXml(ROUTED), { inactive: true })).not.toContain('connections');
  });

  it('normalises virtualport numbers, vlan trunking and hostdev pools', () => {
    const out = formatNetworkXml(parseNetworkXml(VEPA));
    expect(out).toContain("<forward dev='eth1' mode='vepa'>");
    expect(out).toContain("<parameters managerid='11' typeid='1193047' typeidversion='2'/>");
    expect(out).toContain("<tag id='42' nativeMode='untagged'/>");
    const hostdev = formatNetworkXml(parseNetworkXml(HOSTDEV_PF), { inactive: true });
    expect(xmlEqual(hostdev, HOSTDEV_PF)).toBe(true);
    const pci = parseNetworkXml(`<network><name>p</name><forward mode='passthrough'><address type='pci' domain='0' bus='3' slot='0x1f' function='7'/></forward></network>`);
    expect(formatNetworkXml(pci)).toContain("<address type='pci' domain='0x0000' bus='0x03' slot='0x1f' function='0x7'/>");
  });

  it('applies the default forward mode and bridge defaults, and drops ipv6=no', () => {
    const spec = parseNetworkXml(`<network ipv6='no'><name>n</name><forward/><ip address='10.0.0.1'/></network>`);
    expect(spec.forward?.mode).toBe('nat');
    expect(spec.ipv6).toBeUndefined();
    const out = formatNetworkXml(spec);
    expect(out).toContain("<forward mode='nat'/>");
    expect(out).toContain("<bridge stp='on' delay='0'/>");
    expect(out.startsWith('<network>')).toBe(true);
  });

  it('formats a hand-built spec', () => {
    const spec: NetworkSpec = {
      name: 'isolated',
      bridge: { name: 'virbr9' },
      ips: [{ address: '10.1.0.1', prefix: 24, dhcp: { ranges: [{ start: '10.1.0.10', end: '10.1.0.20', lease: { expiry: 0 } }] } }],
      dnsmasqOptions: ['foo=bar'],
    };
    const out = formatNetworkXml(spec);
    expect(out).toContain("xmlns:dnsmasq='http://libvirt.org/schemas/network/dnsmasq/1.0'");
    expect(out).toContain("<lease expiry='0'/>");
    expect(out).toContain("<dnsmasq:option value='foo=bar'/>");
    expect(parseNetworkXml(out)).toMatchObject({ name: 'isolated', dnsmasqOptions: ['foo=bar'] });
  });
});

describe('parse errors', () => {
  const cases: Array<[string, string, string, string]> = [
    ['missing name', '<network><uuid>81ff0d90-c91e-6742-64da-4a736edb9a9b</uuid></network>', ErrorCode.XML_ERROR, '/network'],
    ['name with slash', '<network><name>a/b</name></network>', ErrorCode.XML_ERROR, '/network/name[1]'],
    ['malformed uuid', '<network><name>n</name><uuid>not-a-uuid</uuid></network>', ErrorCode.XML_ERROR, '/network/uuid[1]'],
    ['forward dev on an open network', "<network><name>o</name><forward mode='open' dev='eth0'/><ip address='192.168.1.1' prefix='24'/></network>", ErrorCode.XML_ERROR, '/network/forward[1]/@dev'],
    ['nat without an ip', "<network><name>n</name><forward mode='nat'/></network>", ErrorCode.XML_ERROR, '/network/forward[1]'],
    ['bad ip address', "<network><name>n</name><ip address='192.168.1.300'/></network>", ErrorCode.XML_ERROR, '/network/ip[1]/@address'],
    ['ipv6 address in ipv4 family', "<network><name>n</name><ip family='ipv4' address='::1'/></network>", ErrorCode.XML_ERROR, '/network/ip[1]/@address'],
    ['dhcp range outside the network', "<network><name>n</name><ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.1.2' end='10.0.1.9'/></dhcp></ip></network>", ErrorCode.XML_ERROR, '/network/ip[1]/dhcp[1]/range[1]'],
    ['multicast bridge mac', "<network><name>n</name><mac address='01:00:5e:00:00:01'/></network>", ErrorCode.XML_ERROR, '/network/mac[1]/@address'],
    ['duplicate forward interface', "<network><name>p</name><forward mode='passthrough'><interface dev='eth1'/><interface dev='eth1'/></forward></network>", ErrorCode.XML_ERROR, '/network/forward[1]/interface[2]/@dev'],
    ['duplicate pci address', "<network><name>h</name><forward mode='hostdev'><address type='pci' bus='3'/><address type='pci' bus='0x03'/></forward></network>", ErrorCode.XML_ERROR, '/network/forward[1]/address[2]'],
    ['unknown forward mode', "<network><name>n</name><forward mode='warp'/></network>", ErrorCode.XML_ERROR, '/network/forward[1]/@mode'],
    ['dns disabled with records', "<network><name>n</name><dns enable='no'><txt name='a' value='b'/></dns></network>", ErrorCode.XML_ERROR, '/network/dns[1]'],
    ['vlan tag too large', "<network><name>n</name><vlan><tag id='4096'/></vlan></network>", ErrorCode.XML_ERROR, '/network/vlan[1]/tag[1]/@id'],
    ['bridge name in vepa mode', "<network><name>n</name><forward mode='vepa'/><bridge name='br0'/></network>", ErrorCode.XML_ERROR, '/network/bridge[1]/@name'],
    ['unreachable route gateway', "<network><name>n</name><ip address='10.0.0.1' prefix='24'/><route address='10.1.0.0' prefix='16' gateway='10.9.0.1'/></network>", ErrorCode.XML_ERROR, '/network/route[1]/@gateway'],
    ['short lease', "<network><name>n</name><ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.2' end='10.0.0.3'><lease expiry='1'/></range></dhcp></ip></network>", ErrorCode.XML_ERROR, '/network/ip[1]/dhcp[1]/range[1]/lease[1]/@expiry'],
    ['wrong root element', '<domain><name>n</name></domain>', ErrorCode.XML_ERROR, '/domain'],
    ['malformed XML', '<network><name>n</name>', ErrorCode.XML_ERROR, ''],
  ];
  for (const [label, xml, code, path] of cases) {
    it(`rejects ${label}`, () => {
      const err = expectError(() => parseNetworkXml(xml), code, path);
      expect(err.message.length).toBeGreaterThan(0);
    });
  }
});

describe('unknown content', () => {
  const XML = `<network xmlns:ext="urn:example:ext" ext:flag="1" color="blue">
  <name>keep</name>
  <ext:before>first</ext:before>
  <bridge name="virbr5" future="yes">
    <knob level="3"/>
  </bridge>
  <forward mode="nat"/>
  <ip address="10.5.0.1" netmask="255.255.255.0" zone="z">
    <dhcp>
      <range start="10.5.0.2" end="10.5.0.9" hint="h"/>
      <policy name="p"/>
    </dhcp>
  </ip>
  <gadget kind="x"><part/></gadget>
  <metadata><app:data xmlns:app="urn:app">payload</app:data><plain/></metadata>
</network>`;

  it('keeps unknown elements and attributes, at their position', () => {
    const spec = parseNetworkXml(XML);
    expect(spec.extra?.attrs).toEqual({ 'xmlns:ext': 'urn:example:ext', 'ext:flag': '1', color: 'blue' });
    expect(spec.bridge?.extra?.attrs).toEqual({ future: 'yes' });
    expect(spec.ips?.[0]?.extra?.attrs).toEqual({ zone: 'z' });
    expect(spec.ips?.[0]?.dhcp?.ranges?.[0]?.extra?.attrs).toEqual({ hint: 'h' });
    const out = parseXmlDocument(formatNetworkXml(spec));
    const names = out.children.filter((c): c is XmlElement => typeof c !== 'string').map((c) => c.name);
    expect(names).toEqual(['name', 'ext:before', 'uuid', 'metadata', 'forward', 'bridge', 'ip', 'gadget'].filter((n) => n !== 'uuid'));
    const bridge = out.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'bridge')!;
    expect(bridge.attrs).toEqual({ name: 'virbr5', stp: 'on', delay: '0', future: 'yes' });
    expect(canonicalXml(bridge)).toContain('<knob level="3">');
    const formatted = formatNetworkXml(spec);
    expect(formatted).toContain("<policy name='p'/>");
    expect(formatted).toContain("<gadget kind='x'>");
    expect(formatted).toContain("<range start='10.5.0.2' end='10.5.0.9' hint='h'/>");
    // metadata keeps namespaced children only, as libvirt does
    expect(formatted).toContain("<app:data xmlns:app='urn:app'>payload</app:data>");
    expect(formatted).not.toContain('<plain');
    // and a second round trip is stable
    expect(formatNetworkXml(parseNetworkXml(formatted))).toBe(formatted);
  });

  it('moves namespace declarations from the root to the elements that use them', () => {
    const spec = parseNetworkXml(`<network xmlns:m="urn:m" xmlns:x="urn:x"><name>n</name><metadata><m:info/></metadata><x:thing/></network>`);
    const out = formatNetworkXml(spec);
    expect(out).toContain("<metadata xmlns:m='urn:m'>");
    expect(out).toContain("<x:thing xmlns:x='urn:x'/>");
    expect(out.split('\n')[0]).toBe('<network>');
  });

  it('recognises dnsmasq options by namespace, whatever the prefix', () => {
    const spec = parseNetworkXml(`<network xmlns:d="http://libvirt.org/schemas/network/dnsmasq/1.0"><name>n</name><d:options><d:option value="a=b"/></d:options></network>`);
    expect(spec.dnsmasqOptions).toEqual(['a=b']);
    expect(spec.extra).toBeUndefined();
    expect(formatNetworkXml(spec)).toContain("<dnsmasq:options>\n    <dnsmasq:option value='a=b'/>\n  </dnsmasq:options>");
  });
});

// ---------------------------------------------------------------------------
// Property tests: arbitrary and mutated XML only ever yields a spec or a PolyvisorError.
// ---------------------------------------------------------------------------

const NAT_FULL = `<network xmlns:m="urn:m">
  <name>full</name>
  <forward mode='nat' dev='eth1'>
    <nat ipv6='yes'><address start='10.20.30.40' end='10.20.30.44'/><port start='60000' end='65432'/></nat>
    <interface dev='eth1'/>
  </forward>
  <metadata><m:x a='1'/></metadata>
  <virtualport type='openvswitch'><parameters interfaceid='09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f' profileid='p'/></virtualport>
  <ip family='ipv6' address='2001:db8::1' prefix='64'>
    <dhcp>
      <range start='2001:db8::10' end='2001:db8::ff'/>
      <host id='0:3:0:1:0:16:3e:11:22:33' name='peter' ip='2001:db8::20'><lease expiry='600' unit='seconds'/></host>
    </dhcp>
  </ip>
  <route family='ipv6' address='2001:db9::' prefix='32' gateway='2001:db8::2'/>
</network>`;
const SEEDS = [NAT, VEPA, HOSTDEV_PF, ROUTED, NAT_FULL, `<network xmlns:dnsmasq="http://libvirt.org/schemas/network/dnsmasq/1.0"><name>d</name><dnsmasq:options><dnsmasq:option value="x"/></dnsmasq:options></network>`];
const SEED_TREES = SEEDS.map((s) => parseXmlDocument(s));

const VALUES = ['', 'yes', 'no', 'on', 'off', '0', '1', '-1', '7', '0x10', '010', '255', '256', '4095', '4096', '65535', '65536', '4294967296', '99999999999999999999', '1.2.3.4', '10.0.0', '0.0.0.0', '255.255.255.255', '::', '::1', '2001:db8::1', 'ffff::ffff:1.2.3.4', '1::2::3', '52:54:00:AA:BB:CC', '01:00:00:00:00:00', 'eth0', 'nat', 'route', 'open', 'bridge', 'private', 'vepa', 'passthrough', 'hostdev', 'none', 'pci', 'ipv4', 'ipv6', 'kernel', 'libvirt', 'default', 'minutes', 'seconds', 'hours', 'tagged', 'untagged', '802.1Qbg', '802.1Qbh', 'openvswitch', 'midonet', '81ff0d90-c91e-6742-64da-4a736edb9a9b', 'a/b', 'a b,c', '__proto__', 'constructor'];
const NAMES = ['network', 'name', 'uuid', 'title', 'description', 'metadata', 'forward', 'bridge', 'mtu', 'mac', 'domain', 'dns', 'vlan', 'tag', 'bandwidth', 'inbound', 'outbound', 'port', 'ip', 'dhcp', 'range', 'host', 'lease', 'bootp', 'tftp', 'route', 'virtualport', 'parameters', 'portgroup', 'interface', 'address', 'pf', 'nat', 'driver', 'forwarder', 'txt', 'srv', 'hostname', 'dnsmasq:options', 'dnsmasq:option', 'x:unknown', '__proto__'];
const ATTRS = ['name', 'mode', 'dev', 'address', 'netmask', 'prefix', 'family', 'start', 'end', 'mac', 'ip', 'id', 'stp', 'delay', 'zone', 'macTableManager', 'size', 'enable', 'forwardPlainNames', 'localOnly', 'register', 'ipv6', 'trustGuestRxFilters', 'connections', 'managed', 'type', 'domain', 'bus', 'slot', 'function', 'expiry', 'unit', 'file', 'server', 'root', 'gateway', 'metric', 'trunk', 'nativeMode', 'average', 'peak', 'burst', 'floor', 'classID', 'isolated', 'default', 'service', 'protocol', 'target', 'weight', 'priority', 'value', 'managerid', 'typeid', 'profileid', 'instanceid', 'interfaceid', 'localPtr', 'xmlns:x', 'xmlns:dnsmasq', '__proto__'];

type Mutation =
  | { kind: 'setAttr'; at: number; attr: string; value: string }
  | { kind: 'dropAttr'; at: number }
  | { kind: 'dropElement'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'rename'; at: number; name: string }
  | { kind: 'addChild'; at: number; name: string; attr: string; value: string }
  | { kind: 'setText'; at: number; value: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('setAttr' as const), at: fc.nat(), attr: fc.constantFrom(...ATTRS), value: fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constant('dropAttr' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dropElement' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), name: fc.constantFrom(...NAMES) }),
  fc.record({ kind: fc.constant('addChild' as const), at: fc.nat(), name: fc.constantFrom(...NAMES), attr: fc.constantFrom(...ATTRS), value: fc.constantFrom(...VALUES) }),
  fc.record({ kind: fc.constant('setText' as const), at: fc.nat(), value: fc.constantFrom(...VALUES) }),
);

function elementsOf(root: XmlElement): Array<{ node: XmlElement; parent: XmlElement | undefined }> {
  const out: Array<{ node: XmlElement; parent: XmlElement | undefined }> = [];
  const walk = (node: XmlElement, parent: XmlElement | undefined): void => {
    out.push({ node, parent });
    for (const c of node.children) if (typeof c !== 'string') walk(c, node);
  };
  walk(root, undefined);
  return out;
}

function mutate(seed: XmlElement, mutations: Mutation[]): string {
  const root = parseXmlDocument(serializeXml(seed));
  for (const m of mutations) {
    const all = elementsOf(root);
    const { node, parent } = all[m.at % all.length]!;
    switch (m.kind) {
      case 'setAttr':
        node.attrs[m.attr] = m.value;
        break;
      case 'dropAttr': {
        const keys = Object.keys(node.attrs);
        if (keys.length) delete node.attrs[keys[m.at % keys.length]!];
        break;
      }
      case 'dropElement':
        if (parent) parent.children = parent.children.filter((c) => c !== node);
        break;
      case 'duplicate':
        if (parent) parent.children.splice(parent.children.indexOf(node), 0, parseXmlDocument(serializeXml(node)));
        break;
      case 'rename':
        if (parent) node.name = m.name;
        break;
      case 'addChild':
        node.children.push({ name: m.name, attrs: { [m.attr]: m.value }, children: [] });
        break;
      case 'setText':
        node.children = [m.value];
        break;
    }
  }
  return serializeXml(root);
}

/** Parses `xml`; returns the spec, or undefined for a PolyvisorError; any other exception fails the property. */
function parseOrPolyvisorError(xml: string): NetworkSpec | undefined {
  try {
    return parseNetworkXml(xml);
  } catch (err) {
    if (err instanceof PolyvisorError) return undefined;
    throw err;
  }
}

describe('property: parsing never throws anything but a PolyvisorError', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom(...SEEDS).map((s) => s.slice(0, s.length / 2))), (s) => {
        parseOrPolyvisorError(s);
      }),
      { numRuns: 300 },
    );
  });

  it('on character-level mutations of valid networks', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('<', '>', '/', '"', "'", '=', ' ', 'a', '0', ':', '.', '&', '')), { maxLength: 4 }), (seed, edits) => {
        let s = seed;
        for (const [pos, len, ins] of edits) {
          const p = pos % (s.length + 1);
          s = s.slice(0, p) + ins + s.slice(p + (len % 3));
        }
        parseOrPolyvisorError(s);
      }),
      { numRuns: 1000 },
    );
  });

  it('on tree mutations of valid networks; accepted ones format and re-parse to a fixed point', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEED_TREES), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (seed, mutations) => {
        const xml = mutate(seed, mutations);
        const spec = parseOrPolyvisorError(xml);
        if (!spec) return;
        expect(() => NetworkSpecSchema.parse(spec)).not.toThrow();
        const out = formatNetworkXml(spec);
        const again = parseNetworkXml(out);
        expect(formatNetworkXml(again)).toBe(out);
        formatNetworkXml(spec, { inactive: true });
      }),
      { numRuns: 2000 },
    );
  });
});
