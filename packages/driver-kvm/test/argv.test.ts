import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, parseDomainXml, PolyvisorError } from '@polyvisor/core';
import { buildQemuArgv, formatArgsFile, parseArgsFile, tokenizeShell } from '../src/qemu/argv.js';
import { loadLibvirtCapsXml, type QemuCaps } from '../src/qemu/caps.js';
import { applyQemuDefaults } from '../src/qemu/defaults.js';
import { BUILTIN_QEMU_72_CAPS, createQemuArgvFormat } from '../src/qemu/native.js';

const CAPS_FILE = join(__dirname, '../../../../shared/peer-data/libvirt/qemucapabilitiesdata/caps_10.0.0_x86_64.xml');

/** QEMU 10.0 caps from the peer data when present, else the built-in 7.2 record with the flags the goldens need. */
function caps(): QemuCaps {
  try {
    return loadLibvirtCapsXml(readFileSync(CAPS_FILE, 'utf8'));
  } catch {
    return { ...BUILTIN_QEMU_72_CAPS, flags: new Set([...BUILTIN_QEMU_72_CAPS.flags, 'virtio-pci-non-transitional', 'pcie-pci-bridge', 'seccomp-sandbox']) };
  }
}

const Q35_DOMAIN = `<domain type='kvm'>
  <name>web1</name>
  <uuid>6f3b2c1a-9d4e-4b7a-8c2d-1e5f6a7b8c9d</uuid>
  <memory unit='MiB'>2048</memory>
  <vcpu>4</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
    <kernel>/boot/vmlinuz</kernel>
    <initrd>/boot/initrd.img</initrd>
    <cmdline>console=ttyS0 root=/dev/vda</cmdline>
  </os>
  <features><acpi/><apic/></features>
  <cpu><topology sockets='1' cores='2' threads='2'/></cpu>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/images/web1.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='user'>
      <mac address='52:54:00:12:34:56'/>
      <model type='virtio'/>
    </interface>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <channel type='unix'>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
    </channel>
    <input type='tablet' bus='usb'/>
    <graphics type='vnc' port='5901' listen='127.0.0.1'/>
    <watchdog model='i6300esb' action='reset'/>
    <memballoon model='virtio'/>
    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
  </devices>
</domain>
`;

const Q35_ARGV = [
      '/usr/bin/qemu-system-x86_64',
      '-name',
      'guest=web1,debug-threads=on',
      '-S',
      '-object',
      '{"qom-type":"secret","id":"masterKey0","format":"raw","file":"/var/lib/libvirt/qemu/domain--1-web1/master-key.aes"}',
      '-machine',
      'q35,usb=off,dump-guest-core=off,memory-backend=pc.ram,acpi=on',
      '-accel',
      'kvm',
      '-cpu',
      'qemu64',
      '-m',
      'size=2097152k',
      '-object',
      '{"qom-type":"memory-backend-ram","id":"pc.ram","size":2147483648}',
      '-overcommit',
      'mem-lock=off',
      '-smp',
      '4,sockets=1,dies=1,clusters=1,cores=2,threads=2',
      '-uuid',
      '6f3b2c1a-9d4e-4b7a-8c2d-1e5f6a7b8c9d',
      '-no-user-config',
      '-nodefaults',
      '-chardev',
      'socket,id=charmonitor,fd=1729,server=on,wait=off',
      '-mon',
      'chardev=charmonitor,id=monitor,mode=control',
      '-rtc',
      'base=utc',
      '-no-shutdown',
      '-boot',
      'strict=on',
      '-kernel',
      '/boot/vmlinuz',
      '-initrd',
      '/boot/initrd.img',
      '-append',
      'console=ttyS0 root=/dev/vda',
      '-device',
      '{"driver":"pcie-root-port","port":16,"chassis":1,"id":"pci.1","bus":"pcie.0","multifunction":true,"addr":"0x2"}',
      '-device',
      '{"driver":"pcie-root-port","port":17,"chassis":2,"id":"pci.2","bus":"pcie.0","addr":"0x2.0x1"}',
      '-device',
      '{"driver":"pcie-root-port","port":18,"chassis":3,"id":"pci.3","bus":"pcie.0","addr":"0x2.0x2"}',
      '-device',
      '{"driver":"pcie-root-port","port":19,"chassis":4,"id":"pci.4","bus":"pcie.0","addr":"0x2.0x3"}',
      '-device',
      '{"driver":"pcie-root-port","port":20,"chassis":5,"id":"pci.5","bus":"pcie.0","addr":"0x2.0x4"}',
      '-device',
      '{"driver":"pcie-root-port","port":21,"chassis":6,"id":"pci.6","bus":"pcie.0","addr":"0x2.0x5"}',
      '-device',
      '{"driver":"pcie-root-port","port":22,"chassis":7,"id":"pci.7","bus":"pcie.0","addr":"0x2.0x6"}',
      '-device',
      '{"driver":"pcie-pci-bridge","id":"pci.8","bus":"pci.7","addr":"0x0"}',
      '-device',
      '{"driver":"pcie-root-port","port":23,"chassis":9,"id":"pci.9","bus":"pcie.0","addr":"0x2.0x7"}',
      '-device',
      '{"driver":"qemu-xhci","id":"usb","bus":"pci.2","addr":"0x0"}',
      '-device',
      '{"driver":"virtio-serial-pci","id":"virtio-serial0","bus":"pci.3","addr":"0x0"}',
      '-blockdev',
      '{"driver":"file","filename":"/var/lib/images/web1.qcow2","node-name":"libvirt-1-storage","auto-read-only":true,"discard":"unmap"}',
      '-blockdev',
      '{"node-name":"libvirt-1-format","read-only":false,"driver":"qcow2","file":"libvirt-1-storage"}',
      '-device',
      '{"driver":"virtio-blk-pci","bus":"pci.4","addr":"0x0","drive":"libvirt-1-format","id":"virtio-disk0"}',
      '-netdev',
      '{"type":"user","id":"hostnet0"}',
      '-device',
      '{"driver":"virtio-net-pci","netdev":"hostnet0","id":"net0","mac":"52:54:00:12:34:56","bus":"pci.1","addr":"0x0"}',
      '-chardev',
      'pty,id=charserial0',
      '-device',
      '{"driver":"isa-serial","chardev":"charserial0","id":"serial0","index":0}',
      '-chardev',
      'socket,id=charchannel0,fd=1729,server=on,wait=off',
      '-device',
      '{"driver":"virtserialport","bus":"virtio-serial0.0","nr":1,"chardev":"charchannel0","id":"channel0","name":"org.qemu.guest_agent.0"}',
      '-device',
      '{"driver":"usb-tablet","id":"input0","bus":"usb.0","port":"1"}',
      '-audiodev',
      '{"id":"audio1","driver":"none"}',
      '-vnc',
      '127.0.0.1:1,audiodev=audio1',
      '-device',
      '{"driver":"VGA","id":"video0","vgamem_mb":16,"bus":"pcie.0","addr":"0x1"}',
      '-device',
      '{"driver":"i6300esb","id":"watchdog0","bus":"pci.8","addr":"0x1"}',
      '-global',
      'ICH9-LPC.noreboot=off',
      '-watchdog-action',
      'reset',
      '-device',
      '{"driver":"virtio-balloon-pci","id":"balloon0","bus":"pci.5","addr":"0x0"}',
      '-object',
      '{"qom-type":"rng-random","id":"objrng0","filename":"/dev/urandom"}',
      '-device',
      '{"driver":"virtio-rng-pci","rng":"objrng0","id":"rng0","bus":"pci.6","addr":"0x0"}',
      '-sandbox',
      'on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny',
      '-msg',
      'timestamp=on',
];

describe('buildQemuArgv', () => {
  it('renders a q35 guest with the common devices (golden)', () => {
    const r = buildQemuArgv(parseDomainXml(Q35_DOMAIN), caps());
    expect(r.argv).toEqual(Q35_ARGV);
    expect(r.env).toEqual({
      LC_ALL: 'C',
      PATH: '/bin',
      HOME: '/var/lib/libvirt/qemu/domain--1-web1',
      USER: 'test',
      LOGNAME: 'test',
      XDG_DATA_HOME: '/var/lib/libvirt/qemu/domain--1-web1/.local/share',
      XDG_CACHE_HOME: '/var/lib/libvirt/qemu/domain--1-web1/.cache',
      XDG_CONFIG_HOME: '/var/lib/libvirt/qemu/domain--1-web1/.config',
    });
  });

  it('returns plain argv words without shell quoting', () => {
    const r = buildQemuArgv(parseDomainXml(Q35_DOMAIN), caps());
    expect(r.argv.every((a) => typeof a === 'string')).toBe(true);
    expect(r.argv).toContain('console=ttyS0 root=/dev/vda');
    expect(r.argv.some((a) => a.startsWith("'"))).toBe(false);
    const dev = r.argv[r.argv.indexOf('-device') + 1]!;
    expect(() => JSON.parse(dev)).not.toThrow();
  });

  it('renders a minimal i440fx guest like libvirt', () => {
    const xml = `<domain type='qemu'><name>guest</name><uuid>1ccfd97d-5eb4-478a-bbe6-88d254c16db7</uuid><memory>4194304</memory><vcpu>4</vcpu>
      <os><type arch='x86_64' machine='pc'>hvm</type></os><devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>`;
    const r = buildQemuArgv(parseDomainXml(xml), caps());
    const i = r.argv.indexOf('-machine');
    expect(r.argv[i + 1]).toBe('pc,usb=off,dump-guest-core=off,memory-backend=pc.ram,acpi=off');
    expect(r.argv).toContain('{"driver":"piix3-usb-uhci","id":"usb","bus":"pci.0","addr":"0x1.0x2"}');
    expect(r.argv).toContain('{"driver":"virtio-balloon-pci","id":"balloon0","bus":"pci.0","addr":"0x2"}');
    expect(r.argv.slice(-2)).toEqual(['-msg', 'timestamp=on']);
  });

  it('honours renderer options', () => {
    const r = buildQemuArgv(parseDomainXml(Q35_DOMAIN), caps(), { domainId: 7, libDir: '/var/lib/polyvisor/kvm', startPaused: false, monitorPath: '/run/m.sock' });
    expect(r.argv).not.toContain('-S');
    expect(r.env.HOME).toBe('/var/lib/polyvisor/kvm/domain-7-web1');
    expect(r.argv).toContain('socket,id=charmonitor,path=/run/m.sock,server=on,wait=off');
  });

  it('does not modify the input spec', () => {
    const spec = parseDomainXml(Q35_DOMAIN);
    const before = JSON.stringify(spec);
    applyQemuDefaults(spec, caps());
    buildQemuArgv(spec, caps());
    expect(JSON.stringify(spec)).toBe(before);
  });

  it('rejects unsupported configurations with PolyvisorError UNSUPPORTED', () => {
    const xen = Q35_DOMAIN.replace("<domain type='kvm'>", "<domain type='xen'>");
    expect(() => buildQemuArgv(parseDomainXml(xen), caps())).toThrow(PolyvisorError);
    try {
      buildQemuArgv(parseDomainXml(xen), caps());
    } catch (e) {
      expect((e as PolyvisorError).code).toBe(ErrorCode.UNSUPPORTED);
      expect((e as Error).message).toContain('[kvm]');
    }
    const spice = Q35_DOMAIN.replace("<graphics type='vnc' port='5901' listen='127.0.0.1'/>", "<graphics type='rdp'/>");
    expect(() => buildQemuArgv(parseDomainXml(spice), caps())).toThrow(/graphics type 'rdp'/);
  });
});

describe('.args files', () => {
  it('formats and parses back (round trip)', () => {
    const r = buildQemuArgv(parseDomainXml(Q35_DOMAIN), caps());
    const text = formatArgsFile(r);
    expect(text).toContain(`-device '{"driver":"pcie-root-port"`);
    expect(text).toContain(" \\\n-msg timestamp=on\n");
    expect(text.startsWith('LC_ALL=C \\\nPATH=/bin \\\n')).toBe(true);
    const back = parseArgsFile(text);
    expect(back.argv).toEqual(r.argv);
    expect(back.env).toEqual(r.env);
  });

  it('tokenises with POSIX shell quoting', () => {
    expect(tokenizeShell(`a 'b c' "d \\"e\\"" f\\ g \\\nh 'it'\\''s'`)).toEqual(['a', 'b c', 'd "e"', 'f g', 'h', "it's"]);
    expect(() => tokenizeShell("'open")).toThrow(PolyvisorError);
  });

  it('quotes words that need it', () => {
    const text = formatArgsFile({ env: { HOME: '/h' }, argv: ['/usr/bin/qemu', '-append', "a b'c", '-S'] });
    expect(text).toBe(`HOME=/h \\\n/usr/bin/qemu \\\n-append 'a b'\\''c' \\\n-S\n`);
    expect(parseArgsFile(text).argv).toEqual(['/usr/bin/qemu', '-append', "a b'c", '-S']);
  });
});

describe('qemu-argv native format', () => {
  it('renders with a caps file given by option', () => {
    const fmt = createQemuArgvFormat({ caps: caps() });
    expect(fmt.name).toBe('qemu-argv');
    const text = fmt.toNative!(parseDomainXml(Q35_DOMAIN)) as string;
    expect(parseArgsFile(text).argv).toEqual(Q35_ARGV);
  });

  it('falls back to the built-in QEMU 7.2 caps', () => {
    const fmt = createQemuArgvFormat({ env: {} });
    const text = fmt.toNative!(parseDomainXml(Q35_DOMAIN)) as string;
    expect(text).toContain('-machine q35,');
  });
});

describe('buildQemuArgv: firmware, memory backing, storage', () => {
  const base = (extraOs: string, devices = '', top = '', osAttr = '', machine = 'pc-q35-9.0') => `<domain type='kvm'>
  <name>fw1</name>
  <uuid>6f3b2c1a-9d4e-4b7a-8c2d-1e5f6a7b8c9e</uuid>
  <memory unit='MiB'>1024</memory>
  ${top}
  <os${osAttr}>
    <type arch='x86_64' machine='${machine}'>hvm</type>
    ${extraOs}
  </os>
  <features><acpi/></features>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    ${devices}
  </devices>
</domain>`;
  const opt = (argv: string[], name: string): string[] => argv.flatMap((a, i) => (a === name ? [argv[i + 1]!] : []));

  it('auto-selects UEFI firmware from descriptors and renders the pflash pair', async () => {
    const { mergeFirmwareDirs } = await import('../src/qemu/firmware.js');
    const desc = (file: string, features: string[], machines = ['pc-q35-*']) =>
      JSON.stringify({ 'interface-types': ['uefi'], mapping: { device: 'flash', mode: 'split', executable: { filename: file, format: 'raw' }, 'nvram-template': { filename: `${file}.vars`, format: 'raw' } }, targets: [{ architecture: 'x86_64', machines }], features });
    const firmware = mergeFirmwareDirs([
      [
        { name: '10-sb.json', text: desc('/fw/CODE.secboot.fd', ['secure-boot', 'requires-smm']) },
        { name: '20-plain.json', text: desc('/fw/CODE.fd', [], ['pc-i440fx-*', 'pc-q35-*']) },
      ],
      [{ name: '10-sb.json', text: '' }], // masked by a higher-priority directory
    ]);
    const r = buildQemuArgv(parseDomainXml(base('', '', '', " firmware='efi'")), caps(), { firmware });
    expect(opt(r.argv, '-blockdev')[0]).toContain('"filename":"/fw/CODE.fd"');
    expect(opt(r.argv, '-blockdev')[2]).toContain('"filename":"/var/lib/libvirt/qemu/nvram/fw1_VARS.fd"');
    expect(opt(r.argv, '-machine')[0]).toContain('pflash0=libvirt-pflash0-format,pflash1=libvirt-pflash1-storage');
    const sb = mergeFirmwareDirs([[{ name: '10-sb.json', text: desc('/fw/CODE.secboot.fd', ['secure-boot', 'requires-smm']) }]]);
    const r2 = buildQemuArgv(parseDomainXml(base('', '', '', " firmware='efi'")), caps(), { firmware: sb });
    expect(opt(r2.argv, '-machine')[0]).toContain('smm=on');
    expect(opt(r2.argv, '-global')).toContain('driver=cfi.pflash01,property=secure,value=on');
  });

  it('backs guest RAM with huge pages and shared memory', () => {
    const r = buildQemuArgv(parseDomainXml(base('', '', "<memoryBacking><hugepages/><access mode='shared'/></memoryBacking>")), caps());
    const ram = JSON.parse(opt(r.argv, '-object').find((o) => o.includes('"pc.ram"'))!) as Record<string, unknown>;
    expect(ram).toMatchObject({ 'qom-type': 'memory-backend-file', 'mem-path': '/dev/hugepages2M/libvirt/qemu/-1-fw1', share: true, prealloc: true, size: 1073741824 });
  });

  it('renders network disks with encrypted secrets', () => {
    const disk = `<disk type='network' device='disk'><driver name='qemu' type='raw'/>
      <source protocol='iscsi' name='iqn.2024-01.org.example:t/1'><host name='example.org' port='3260'/><auth username='u'><secret type='iscsi' usage='x'/></auth></source>
      <target dev='vda' bus='virtio'/></disk>`;
    const r = buildQemuArgv(parseDomainXml(base('', disk)), caps(), { lookupSecret: () => 'AQCVn5hO6HzFAhAAq0NCv8jtJcIcE+HOBlMQ1A' });
    const secret = JSON.parse(opt(r.argv, '-object').find((o) => o.includes('auth-secret0'))!) as Record<string, unknown>;
    expect(secret.data).toBe('9eao5F8qtkGt+seB1HYivWIxbtwUu6MQtg1zpj/oDtUsPr1q8wBYM91uEHCn6j/1');
    expect(opt(r.argv, '-blockdev')[0]).toBe('{"driver":"iscsi","portal":"example.org:3260","target":"iqn.2024-01.org.example:t","lun":1,"transport":"tcp","user":"u","password-secret":"libvirt-1-storage-auth-secret0","node-name":"libvirt-1-storage","read-only":false}');
  });
});
