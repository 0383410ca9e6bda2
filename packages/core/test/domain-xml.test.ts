import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PolyvisorError, XmlError } from '../src/errors.js';
import { DomainSpecSchema } from '../src/model/domain.js';
import { formatDomainXml, parseDomainXml } from '../src/xml/domain.js';
import { canonicalXml, parseXmlDocument } from '../src/xml/index.js';

const BASE = `<domain type='kvm'>
  <name>vm1</name>
  <uuid>1ccfd97d-5eb4-478a-bbe6-88d254c16db7</uuid>
  <memory unit='KiB'>1048576</memory>
  <currentMemory unit='KiB'>524288</currentMemory>
  <vcpu placement='static' current='1'>2</vcpu>
  <os firmware='efi'>
    <type arch='x86_64' machine='q35'>hvm</type>
    <firmware>
      <feature enabled='yes' name='secure-boot'/>
    </firmware>
    <boot dev='hd'/>
    <boot dev='cdrom'/>
    <bootmenu enable='yes' timeout='3000'/>
  </os>
  <features>
    <acpi/>
    <apic/>
    <pmu state='off'/>
  </features>
  <cpu mode='custom' match='exact' check='none'>
    <model fallback='forbid'>qemu64</model>
    <topology sockets='1' dies='1' clusters='1' cores='2' threads='1'/>
    <feature policy='require' name='vmx'/>
  </cpu>
  <clock offset='utc'>
    <timer name='rtc' tickpolicy='catchup'/>
  </clock>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='none' discard='unmap'/>
      <source file='/var/lib/images/vm1.qcow2'/>
      <target dev='vda' bus='virtio'/>
      <boot order='1'/>
      <address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>
    </disk>
    <controller type='pci' index='0' model='pcie-root'/>
    <controller type='pci' index='1' model='pcie-root-port'>
      <model name='pcie-root-port'/>
      <target chassis='1' port='0x10'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0' multifunction='on'/>
    </controller>
    <interface type='network'>
      <mac address='52:54:00:11:22:33'/>
      <source network='default'/>
      <model type='virtio'/>
      <link state='up'/>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
    </interface>
    <serial type='pty'>
      <target type='isa-serial' port='0'>
        <model name='isa-serial'/>
      </target>
    </serial>
    <console type='pty'>
      <target type='serial' port='0'/>
    </console>
    <channel type='unix'>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
      <address type='virtio-serial' controller='0' bus='0' port='1'/>
    </channel>
    <input type='tablet' bus='usb'/>
    <graphics type='vnc' port='-1' autoport='yes'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <audio id='1' type='none'/>
    <video>
      <model type='virtio' heads='1' primary='yes'/>
    </video>
    <watchdog model='i6300esb' action='reset'/>
    <memballoon model='virtio' autodeflate='on'>
      <stats period='10'/>
    </memballoon>
    <rng model='virtio'>
      <backend model='random'>/dev/urandom</backend>
    </rng>
  </devices>
</domain>
`;

function canon(xml: string): string {
  return canonicalXml(parseXmlDocument(xml));
}

function minimal(body: string, devices = ''): string {
  return `<domain type='qemu'><name>t</name>${body}<devices>${devices}</devices></domain>`;
}

function errorOf(fn: () => unknown): PolyvisorError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolyvisorError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('domain XML round trip', () => {
  it('parses typed fields', () => {
    const s = parseDomainXml(BASE);
    expect(s.type).toBe('kvm');
    expect(s.memory).toBe(1048576);
    expect(s.currentMemory).toBe(524288);
    expect(s.vcpu).toMatchObject({ count: 2, current: 1, placement: 'static' });
    expect(s.os).toMatchObject({ type: 'hvm', arch: 'x86_64', machine: 'q35', firmware: 'efi', boot: [{ dev: 'hd' }, { dev: 'cdrom' }], bootmenu: { enable: true, timeout: 3000 } });
    expect(s.os.firmwareFeatures?.features).toEqual([{ name: 'secure-boot', enabled: true }]);
    expect(s.features?.pmu).toEqual({ state: false });
    expect(s.cpu?.topology).toMatchObject({ sockets: 1, cores: 2, threads: 1 });
    const d = s.devices!;
    expect(d.disks[0]).toMatchObject({ type: 'file', device: 'disk', driver: { type: 'qcow2', cache: 'none' }, target: { dev: 'vda', bus: 'virtio' }, boot: { order: 1 } });
    expect(d.disks[0]!.address).toEqual({ type: 'pci', attrs: { domain: '0x0000', bus: '0x04', slot: '0x00', function: '0x0' } });
    expect(d.controllers[1]!.target).toMatchObject({ chassis: 1, port: 16 });
    expect(d.interfaces[0]).toMatchObject({ type: 'network', mac: { address: '52:54:00:11:22:33' }, source: { network: 'default' }, model: { type: 'virtio' }, link: { state: 'up' } });
    expect(d.channels[0]!.target).toMatchObject({ type: 'virtio', name: 'org.qemu.guest_agent.0' });
    expect(d.graphics[0]).toMatchObject({ type: 'vnc', port: -1, autoport: true, listens: [{ type: 'address', address: '127.0.0.1' }] });
    expect(d.memballoon).toMatchObject({ model: 'virtio', autodeflate: true, stats: { period: 10 } });
    expect(d.rngs[0]!.backend).toMatchObject({ model: 'random', path: '/dev/urandom' });
  });

  it('formats back to the same document', () => {
    const out = formatDomainXml(parseDomainXml(BASE), { inactive: true });
    expect(canon(out)).toBe(canon(BASE));
    // and is stable
    expect(formatDomainXml(parseDomainXml(out))).toBe(out);
  });

  it('writes the runtime id only when not inactive', () => {
    const s = parseDomainXml(BASE);
    expect(formatDomainXml(s, { id: 7 })).toContain(`<domain type='kvm' id='7'>`);
    expect(formatDomainXml(s, { id: 7, inactive: true })).toContain(`<domain type='kvm'>`);
  });

  it('converts memory units to KiB', () => {
    const s = parseDomainXml(minimal(`<memory unit='GiB'>1</memory><currentMemory unit='MiB'>512</currentMemory>`));
    expect(s.memory).toBe(1048576);
    expect(s.currentMemory).toBe(524288);
    expect(parseDomainXml(minimal(`<memory>2048</memory>`)).memory).toBe(2048);
    expect(parseDomainXml(minimal(`<memory unit='bytes'>1025</memory>`)).memory).toBe(2);
    expect(formatDomainXml(parseDomainXml(minimal(`<memory unit='GiB'>1</memory>`)))).toContain(`<memory unit='KiB'>1048576</memory>`);
  });

  it('keeps unknown elements and attributes in position', () => {
    const xml = BASE.replace(`<disk type='file' device='disk'>`, `<disk type='file' device='disk' frobnicate='7'>`)
      .replace(`<target dev='vda' bus='virtio'/>`, `<target dev='vda' bus='virtio'/>\n      <mystery level='3'/>`)
      .replace(`<audio id='1' type='none'/>`, `<audio id='1' type='none'/>\n    <gizmo kind='x'><part/></gizmo>`);
    const spec = parseDomainXml(xml);
    expect(spec.devices!.disks[0]!.extra?.attrs).toEqual({ frobnicate: '7' });
    const out = formatDomainXml(spec);
    expect(canon(out)).toBe(canon(xml));
    const devs = parseXmlDocument(out).children.find((c) => typeof c !== 'string' && c.name === 'devices');
    const names = (devs as { children: Array<{ name: string }> }).children.map((c) => c.name);
    expect(names.indexOf('gizmo')).toBe(names.indexOf('audio') + 1);
    const disk = (devs as { children: Array<{ name: string; children: Array<{ name: string }> }> }).children.find((c) => c.name === 'disk')!;
    expect(disk.children.map((c) => c.name)).toEqual(['driver', 'source', 'target', 'mystery', 'boot', 'address']);
  });

  it('formats a spec built in code, in libvirt order', () => {
    const spec = DomainSpecSchema.parse({
      type: 'kvm',
      name: 'coded',
      memory: 2048,
      vcpu: { count: 1 },
      os: { type: 'hvm', boot: [{ dev: 'network' }] },
      devices: { disks: [{ type: 'file', target: { dev: 'vda', bus: 'virtio' }, source: { file: '/x.img' } }], interfaces: [{ type: 'user' }], memballoon: { model: 'none' } },
    });
    const out = formatDomainXml(spec);
    expect(out).toContain(`<currentMemory unit='KiB'>2048</currentMemory>`);
    expect(out.indexOf('<disk')).toBeLessThan(out.indexOf('<interface'));
    expect(out.indexOf('<interface')).toBeLessThan(out.indexOf('<memballoon'));
    expect(parseDomainXml(out).devices!.disks[0]!.source!.file).toBe('/x.img');
  });
});

describe('domain XML errors', () => {
  it('requires name and memory', () => {
    const e1 = errorOf(() => parseDomainXml(`<domain type='kvm'><memory>1</memory></domain>`));
    expect(e1).toBeInstanceOf(XmlError);
    expect(e1.code).toBe('XML_ERROR');
    const e2 = errorOf(() => parseDomainXml(`<domain type='kvm'><name>x</name></domain>`));
    expect(e2.code).toBe('XML_ERROR');
    expect(e2.message).toMatch(/Memory size must be specified/);
  });

  it('rejects bad sizes and units with the element path', () => {
    const bad = [`<memory unit='furlong'>1</memory>`, `<memory>-5</memory>`, `<memory>lots</memory>`, `<memory unit='KiB'></memory>`];
    for (const m of bad) {
      const e = errorOf(() => parseDomainXml(minimal(m)));
      expect(['XML_ERROR', 'INVALID_ARG']).toContain(e.code);
      expect(String(e.detail?.path)).toMatch(/^\/domain\/memory/);
    }
  });

  it('rejects invalid UUIDs', () => {
    const e = errorOf(() => parseDomainXml(minimal(`<uuid>not-a-uuid</uuid><memory>1</memory>`)));
    expect(e.code).toBe('XML_ERROR');
    expect(e.detail?.path).toBe('/domain/uuid');
    expect(parseDomainXml(minimal(`<uuid>1CCFD97D5EB4478ABBE688D254C16DB7</uuid><memory>1</memory>`)).uuid).toBe('1ccfd97d-5eb4-478a-bbe6-88d254c16db7');
  });

  it('rejects unknown enum values in modelled attributes as INVALID_ARG with the XML path', () => {
    const e = errorOf(() => parseDomainXml(minimal(`<memory>1</memory>`, `<disk type='file' device='disk'><driver name='qemu' cache='sometimes'/><target dev='vda'/></disk>`)));
    expect(e.code).toBe('INVALID_ARG');
    expect(e.detail?.path).toBe('/domain/devices/disk[1]/driver/@cache');
    const e2 = errorOf(() => parseDomainXml(minimal(`<memory>1</memory>`, `<graphics type='hologram'/>`)));
    expect(e2.code).toBe('INVALID_ARG');
    expect(String(e2.detail?.path)).toMatch(/^\/domain\/devices\/graphics\[1\]/);
  });

  it('rejects non-numeric integers and missing disk targets', () => {
    const e = errorOf(() => parseDomainXml(minimal(`<memory>1</memory>`, `<controller type='pci' index='x'/>`)));
    expect(e.detail?.path).toBe('/domain/devices/controller[1]/@index');
    const e2 = errorOf(() => parseDomainXml(minimal(`<memory>1</memory>`, `<disk type='file'><source file='/a'/></disk>`)));
    expect(e2.detail?.path).toBe('/domain/devices/disk[1]');
  });

  it('applies libvirt consistency rules', () => {
    const dup = `<disk type='file'><target dev='vda'/></disk><disk type='file'><target dev='vda'/></disk>`;
    expect(errorOf(() => parseDomainXml(minimal(`<memory>1</memory>`, dup))).message).toMatch(/duplicated/);
    const pci = `<interface type='user'><address type='pci' domain='0x0000' bus='0x100' slot='0x01' function='0x0'/></interface>`;
    expect(errorOf(() => parseDomainXml(minimal(`<memory>1</memory>`, pci))).message).toMatch(/must be <= 0xFF/);
    const menu = `<memory>1</memory><os><type>hvm</type><bootmenu enable='yes' timeout='70000'/></os>`;
    expect(errorOf(() => parseDomainXml(minimal(menu))).detail?.path).toBe('/domain/os/bootmenu/@timeout');
  });

  it('turns zod failures of hand-built specs into INVALID_ARG', () => {
    const e = errorOf(() => formatDomainXml({ type: 'kvm', name: 'x', memory: -1 } as never));
    expect(e.code).toBe('INVALID_ARG');
    expect(e.detail?.path).toBe('memory');
  });

  it('rejects malformed XML', () => {
    expect(errorOf(() => parseDomainXml('<domain')).code).toBe('XML_ERROR');
    expect(errorOf(() => parseDomainXml('<network/>')).code).toBe('XML_ERROR');
  });
});

describe('domain XML robustness (property)', () => {
  const onlySpecOrPolyvisorError = (xml: string): void => {
    try {
      const s = parseDomainXml(xml);
      // Whatever parsed must also format and re-parse.
      parseDomainXml(formatDomainXml(s));
    } catch (e) {
      if (!(e instanceof PolyvisorError)) throw e;
    }
  };

  it('random text never throws anything but PolyvisorError', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (t) => onlySpecOrPolyvisorError(t)), { numRuns: 300 });
  });

  it('mutated domain XML never throws anything but PolyvisorError', () => {
    const tokens = ["'", '<', '>', '/', '-1', 'x', '0x', "unit='TiB'", '99999999999999999999', '', ' ', 'disk', 'yes', 'on', '&amp;', '<foo/>'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: BASE.length }), fc.nat({ max: 12 }), fc.constantFrom(...tokens)), { minLength: 1, maxLength: 4 }), (muts) => {
        let x = BASE;
        for (const [pos, del, ins] of muts) x = x.slice(0, pos) + ins + x.slice(pos + del);
        onlySpecOrPolyvisorError(x);
      }),
      { numRuns: 400 },
    );
  });

  it('attribute values replaced at random never escape as other exceptions', () => {
    const attrRe = /='([^']*)'/g;
    const spots = [...BASE.matchAll(attrRe)].map((m) => m.index!);
    fc.assert(
      fc.property(fc.constantFrom(...spots), fc.string({ maxLength: 12 }).map((v) => v.replace(/['<&]/g, '')), (at, v) => {
        const end = BASE.indexOf("'", at + 2);
        onlySpecOrPolyvisorError(BASE.slice(0, at + 2) + v + BASE.slice(end));
      }),
      { numRuns: 400 },
    );
  });
});
