import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode, PolyvisorError, XmlError } from '../src/errors.js';
import { StoragePoolSpecSchema, StorageVolumeSpecSchema, type StoragePoolSpec, type StorageVolumeSpec } from '../src/model/storage.js';
import { xmlDiff } from '../src/xml/compare.js';
import type { XmlElement, XmlNode } from '../src/xml/node.js';
import { parseXmlDocument } from '../src/xml/parse.js';
import { serializeXml } from '../src/xml/serialize.js';
import { formatStoragePoolXml, formatStorageVolumeXml, parseStoragePoolXml, parseStorageVolumeXml } from '../src/xml/storage.js';

/** Asserts that two XML documents are equal as trees (whitespace and attribute order ignored). */
function expectSameXml(actual: string, expected: string): void {
  expect(xmlDiff(parseXmlDocument(actual), parseXmlDocument(expected))).toBeUndefined();
}

/** Runs `fn` and returns the error it throws (failing the test when it does not throw). */
function errorOf(fn: () => unknown): PolyvisorError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PolyvisorError);
    return err as PolyvisorError;
  }
  throw new Error('expected an error');
}

function xmlErrorPath(fn: () => unknown): string {
  const err = errorOf(fn);
  expect(err.code).toBe(ErrorCode.XML_ERROR);
  expect(err).toBeInstanceOf(XmlError);
  return (err as XmlError).path;
}

const DIR_POOL = `<pool type='dir'>
  <name>virtimages</name>
  <uuid>70A7EB15-6C34-EE9C-BF57-69E8E5FF3FB2</uuid>
  <capacity>100</capacity>
  <allocation>50</allocation>
  <available>50</available>
  <source>
  </source>
  <target>
    <path>///var/////lib/libvirt/images//</path>
    <permissions>
      <mode>0700</mode>
      <owner>-1</owner>
      <group>-1</group>
      <label>some_label_t</label>
    </permissions>
  </target>
</pool>`;

const DIR_POOL_OUT = `<pool type='dir'>
  <name>virtimages</name>
  <uuid>70a7eb15-6c34-ee9c-bf57-69e8e5ff3fb2</uuid>
  <capacity unit='bytes'>0</capacity>
  <allocation unit='bytes'>0</allocation>
  <available unit='bytes'>0</available>
  <source>
  </source>
  <target>
    <path>/var/lib/libvirt/images</path>
    <permissions>
      <mode>0700</mode>
      <label>some_label_t</label>
    </permissions>
  </target>
</pool>`;

const QCOW2_VOL = `<volume>
  <name>OtherDemo.img</name>
  <key>/var/lib/libvirt/images/OtherDemo.img</key>
  <source>
  </source>
  <capacity unit="G">5</capacity>
  <allocation>294912</allocation>
  <target>
    <path>/var/lib/libvirt/images/OtherDemo.img</path>
    <format type='qcow2'/>
    <permissions>
      <mode>0644</mode>
      <owner>0</owner>
      <group>0</group>
      <label>unconfined_u:object_r:virt_image_t:s0</label>
    </permissions>
    <encryption format='luks'>
      <secret type='passphrase' uuid='f52a81b2-424e-490c-823d-6bd4235bc572'/>
      <cipher name='serpent' size='256' mode='cbc' hash='sha256'/>
      <ivgen name='plain64' hash='sha256'/>
    </encryption>
    <clusterSize unit='KiB'>128</clusterSize>
    <features>
      <lazy_refcounts/>
    </features>
  </target>
  <backingStore>
    <format type='raw'/>
    <path>/dev/null</path>
    <permissions>
      <mode>0644</mode>
      <owner>0</owner>
      <group>0</group>
    </permissions>
  </backingStore>
</volume>`;

const QCOW2_VOL_OUT = `<volume type='file'>
  <name>OtherDemo.img</name>
  <key>/var/lib/libvirt/images/OtherDemo.img</key>
  <capacity unit='bytes'>5368709120</capacity>
  <allocation unit='bytes'>294912</allocation>
  <target>
    <path>/var/lib/libvirt/images/OtherDemo.img</path>
    <format type='qcow2'/>
    <permissions>
      <mode>0644</mode>
      <owner>0</owner>
      <group>0</group>
      <label>unconfined_u:object_r:virt_image_t:s0</label>
    </permissions>
    <encryption format='luks'>
      <secret type='passphrase' uuid='f52a81b2-424e-490c-823d-6bd4235bc572'/>
      <cipher name='serpent' size='256' mode='cbc' hash='sha256'/>
      <ivgen name='plain64' hash='sha256'/>
    </encryption>
    <compat>1.1</compat>
    <clusterSize unit='B'>131072</clusterSize>
    <features>
      <lazy_refcounts/>
    </features>
  </target>
  <backingStore>
    <path>/dev/null</path>
    <format type='raw'/>
    <permissions>
      <mode>0644</mode>
      <owner>0</owner>
      <group>0</group>
    </permissions>
  </backingStore>
</volume>`;

function vol(body: string, attrs = ''): string {
  return `<volume${attrs}><name>v</name><capacity>1</capacity>${body}</volume>`;
}

function pool(type: string, body: string): string {
  return `<pool type='${type}'><name>p</name>${body}</pool>`;
}

describe('storage pool XML', () => {
  it('parses and normalises a directory pool like libvirt', () => {
    const spec = parseStoragePoolXml(DIR_POOL);
    expect(spec.type).toBe('dir');
    expect(spec.uuid).toBe('70a7eb15-6c34-ee9c-bf57-69e8e5ff3fb2');
    expect(spec.target?.path).toBe('/var/lib/libvirt/images');
    expect(spec.target?.permissions).toEqual({ mode: 0o700, label: 'some_label_t' });
    // Run-time sizes are not read back from XML.
    expect(spec.capacity).toBeUndefined();
    expect(StoragePoolSpecSchema.safeParse(spec).success).toBe(true);
    expectSameXml(formatStoragePoolXml(spec), DIR_POOL_OUT);
  });

  it('round-trips: parse(format(spec)) gives the same spec and format is stable', () => {
    const spec = parseStoragePoolXml(DIR_POOL);
    const once = formatStoragePoolXml(spec);
    expect(parseStoragePoolXml(once)).toEqual(spec);
    expect(formatStoragePoolXml(parseStoragePoolXml(once))).toBe(once);
  });

  it('writes libvirt element order and single-quoted attributes', () => {
    const out = formatStoragePoolXml(
      parseStoragePoolXml(`<pool type='netfs'><target><path>/mnt</path></target><source><format type='nfs'/><dir path='/export//'/><host name='h' port='2049'/><protocol ver='4.1'/></source><name>n</name></pool>`),
    );
    expect(out).toBe(
      [
        "<pool type='netfs'>",
        '  <name>n</name>',
        "  <capacity unit='bytes'>0</capacity>",
        "  <allocation unit='bytes'>0</allocation>",
        "  <available unit='bytes'>0</available>",
        '  <source>',
        "    <host name='h' port='2049'/>",
        "    <dir path='/export'/>",
        "    <format type='nfs'/>",
        "    <protocol ver='4.1'/>",
        '  </source>',
        '  <target>',
        '    <path>/mnt</path>',
        '  </target>',
        '</pool>',
        '',
      ].join('\n'),
    );
  });

  it('cleans paths like virFileSanitizePath', () => {
    const path = (p: string) => parseStoragePoolXml(pool('dir', `<target><path>${p}</path></target>`)).target?.path;
    expect(path('///var/////lib//')).toBe('/var/lib');
    expect(path('//server/share/')).toBe('//server/share');
    expect(path('/')).toBe('/');
    expect(path('relative//dir/')).toBe('relative/dir');
  });

  it('applies the per-type defaults libvirt applies', () => {
    const logical = parseStoragePoolXml(`<pool type='logical'><name>HostVG</name><source><device path='/dev/sdb1'/></source><target><path>/ignored</path></target></pool>`);
    expect(logical.source?.name).toBe('HostVG');
    expect(logical.source?.format).toBe('lvm2');
    expect(logical.target?.path).toBe('/dev/HostVG');

    const noname = parseStoragePoolXml(`<pool type='logical'><source><name>zily</name></source></pool>`);
    expect(noname.name).toBe('zily');

    const zfs = parseStoragePoolXml(`<pool type='zfs'><name>z</name><source><name>tank</name></source></pool>`);
    expect(zfs.target?.path).toBe('/dev/zvol/tank');

    const gluster = parseStoragePoolXml(`<pool type='gluster'><name>g</name><source><host name='h'/></source><target><path>/x</path></target></pool>`);
    expect(gluster.source?.dir).toBe('/');
    expect(gluster.source?.name).toBe('g');
    // Network pools have no target.
    expect(gluster.target).toBeUndefined();
    expect(formatStoragePoolXml(gluster)).not.toContain('<target>');

    const disk = parseStoragePoolXml(pool('disk', `<source><device path='/dev/sda'><freeExtent start='1' end='2'/></device></source><target><path>/dev</path></target>`));
    expect(disk.source?.format).toBe('unknown');
    expect(disk.source?.devices).toEqual([{ path: '/dev/sda' }]);

    const scsi = parseStoragePoolXml(pool('scsi', `<source><adapter name='host0'/></source><target><path>/dev/disk/by-path</path></target>`));
    expect(scsi.source?.adapter).toEqual({ type: 'scsi_host', name: 'host0' });
    expect(formatStoragePoolXml(scsi)).toContain("<adapter type='scsi_host' name='host0'/>");
  });

  it('drops -1 and 4294967295 owner/group, keeps 0, reads owner as decimal and mode as octal', () => {
    const perms = (body: string) => parseStoragePoolXml(pool('dir', `<target><path>/p</path><permissions>${body}</permissions></target>`)).target?.permissions;
    expect(perms('<owner>-1</owner><group>4294967295</group>')).toEqual({});
    expect(perms('<owner>0744</owner><group>0</group><mode>0</mode>')).toEqual({ owner: 744, group: 0, mode: 0 });
    const out = formatStoragePoolXml(parseStoragePoolXml(pool('dir', `<target><path>/p</path><permissions><mode>0</mode><owner>-1</owner></permissions></target>`)));
    expect(out).toContain('<mode>00</mode>');
    expect(out).not.toContain('<owner>');
    // All-default permissions are not written at all.
    expect(formatStoragePoolXml(parseStoragePoolXml(pool('dir', `<target><path>/p</path><permissions><owner>-1</owner></permissions></target>`)))).not.toContain('permissions');
  });

  it('formats run-time values unless inactive', () => {
    const spec: StoragePoolSpec = {
      ...parseStoragePoolXml(pool('disk', `<source><device path='/dev/sda'/></source><target><path>/dev</path></target>`)),
      capacity: 1000,
      allocation: 600,
      available: 400,
    };
    spec.source!.devices![0]!.freeExtents = [{ start: 10, end: 20 }];
    const live = formatStoragePoolXml(spec);
    expect(live).toContain("<capacity unit='bytes'>1000</capacity>");
    expect(live).toContain("<freeExtent start='10' end='20'/>");
    const inactive = formatStoragePoolXml(spec, { inactive: true });
    expect(inactive).toContain("<capacity unit='bytes'>0</capacity>");
    expect(inactive).not.toContain('freeExtent');
  });

  it('keeps auth, initiator, vendor/product, adapter, refresh and features', () => {
    const xml = `<pool type='iscsi'><name>i</name>
      <source><host name='h'/><device path='iqn.x'/><initiator><iqn name='iqn.init'/></initiator>
        <auth type='chap' username='admin'><secret usage='libvirtiscsi'/></auth>
        <vendor name='v'/><product name='p'/></source>
      <target><path>/dev/disk/by-path</path></target></pool>`;
    const spec = parseStoragePoolXml(xml);
    expect(spec.source?.auth).toEqual({ type: 'chap', username: 'admin', secret: { usage: 'libvirtiscsi' } });
    expect(spec.source?.initiator).toEqual({ iqn: 'iqn.init' });
    expectSameXml(
      formatStoragePoolXml(spec),
      `<pool type='iscsi'><name>i</name><capacity unit='bytes'>0</capacity><allocation unit='bytes'>0</allocation><available unit='bytes'>0</available>
      <source><host name='h'/><device path='iqn.x'/><initiator><iqn name='iqn.init'/></initiator>
        <auth type='chap' username='admin'><secret usage='libvirtiscsi'/></auth>
        <vendor name='v'/><product name='p'/></source>
      <target><path>/dev/disk/by-path</path></target></pool>`,
    );

    const fc = parseStoragePoolXml(pool('scsi', `<source><adapter type='fc_host' parent='scsi_host5' managed='yes' wwnn='20000000c9831b4b' wwpn='10000000c9831b4b'/></source><target><path>/dev</path></target>`));
    expect(fc.source?.adapter).toMatchObject({ type: 'fc_host', managed: true, parent: 'scsi_host5' });

    const pa = parseStoragePoolXml(pool('scsi', `<source><adapter type='scsi_host'><parentaddr unique_id='1'><address domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/></parentaddr></adapter></source><target><path>/dev</path></target>`));
    expect(formatStoragePoolXml(pa)).toContain("<address domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/>");

    const cow = parseStoragePoolXml(pool('dir', `<features><cow state='no'/></features><target><path>/p</path></target><refresh><volume allocation='capacity'/></refresh>`));
    expect(cow.features).toEqual({ cow: false });
    expect(cow.refresh).toEqual({ volume: { allocation: 'capacity' } });
    expect(formatStoragePoolXml(cow)).toMatch(/<features>\s*<cow state='no'\/>\s*<\/features>[\s\S]*<refresh>\s*<volume allocation='capacity'\/>/);
  });

  it('maps the fs and rbd namespaces (any prefix), written with libvirt prefixes', () => {
    const fsPool = parseStoragePoolXml(
      `<pool type='netfs' xmlns:m='http://libvirt.org/schemas/storagepool/fs/1.0'><name>n</name><source><host name='h'/><dir path='/x'/></source><target><path>/mnt</path></target><m:mount_opts><m:option name='sync'/><m:option name='lazytime'/></m:mount_opts></pool>`,
    );
    expect(fsPool.mountOpts?.options.map((o) => o.name)).toEqual(['sync', 'lazytime']);
    expect(fsPool.extra).toBeUndefined();
    const out = formatStoragePoolXml(fsPool);
    expect(out).toContain("xmlns:fs='http://libvirt.org/schemas/storagepool/fs/1.0'");
    expect(out).toContain("<fs:option name='lazytime'/>");
    expect(parseStoragePoolXml(out)).toEqual(fsPool);

    const rbd = parseStoragePoolXml(
      `<pool type='rbd' xmlns:rbd='http://libvirt.org/schemas/storagepool/rbd/1.0'><name>c</name><source><name>rbd</name><host name='mon'/></source><rbd:config_opts><rbd:option name='client_mount_timeout' value='45'/></rbd:config_opts></pool>`,
    );
    expect(rbd.rbdConfigOpts?.options).toEqual([{ name: 'client_mount_timeout', value: '45' }]);
    expect(parseStoragePoolXml(formatStoragePoolXml(rbd))).toEqual(rbd);
  });

  it('preserves unknown elements and attributes at their position', () => {
    const xml = `<pool type='dir' vendor:x='1' xmlns:vendor='urn:v'>
      <name>p</name>
      <vendor:meta><vendor:k v='1'>text</vendor:k></vendor:meta>
      <source frob='yes'><weird/></source>
      <target extra='1'><path>/p</path><permissions foo='bar'><mode>0755</mode><acl>x</acl></permissions><later/></target>
      <trailer/>
    </pool>`;
    const spec = parseStoragePoolXml(xml);
    expect(spec.extra?.attrs).toEqual({ 'vendor:x': '1', 'xmlns:vendor': 'urn:v' });
    expect(spec.extra?.children?.map((c) => [c.after, c.node.name])).toEqual([
      ['name', 'vendor:meta'],
      ['target', 'trailer'],
    ]);
    const out = parseXmlDocument(formatStoragePoolXml(spec));
    const names = out.children.filter((c): c is XmlElement => typeof c !== 'string').map((c) => c.name);
    expect(names).toEqual(['name', 'vendor:meta', 'capacity', 'allocation', 'available', 'source', 'target', 'trailer']);
    expect(out.attrs['vendor:x']).toBe('1');
    const src = out.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'source')!;
    expect(src.attrs.frob).toBe('yes');
    expect(src.children.some((c) => typeof c !== 'string' && c.name === 'weird')).toBe(true);
    const text = formatStoragePoolXml(spec);
    expect(text).toContain("<vendor:k v='1'>text</vendor:k>");
    expect(text).toMatch(/<permissions foo='bar'>\s*<mode>0755<\/mode>\s*<acl>x<\/acl>/);
    expect(text).toMatch(/<\/permissions>\s*<later\/>\s*<\/target>/);
    // Stable on a second round trip.
    expect(formatStoragePoolXml(parseStoragePoolXml(text))).toBe(text);
  });

  describe('rejects what libvirt rejects, with a code and a path', () => {
    it('malformed XML and wrong root', () => {
      expect(errorOf(() => parseStoragePoolXml('<pool type="dir">')).code).toBe(ErrorCode.XML_ERROR);
      expect(errorOf(() => parseStoragePoolXml('')).code).toBe(ErrorCode.XML_ERROR);
      expect(xmlErrorPath(() => parseStoragePoolXml('<volume/>'))).toBe('/volume');
    });

    it('pool type, name and uuid', () => {
      expect(xmlErrorPath(() => parseStoragePoolXml(`<pool><name>p</name></pool>`))).toBe('/pool/@type');
      expect(xmlErrorPath(() => parseStoragePoolXml(`<pool type='floppy'><name>p</name></pool>`))).toBe('/pool/@type');
      expect(xmlErrorPath(() => parseStoragePoolXml(`<pool type='dir'><target><path>/p</path></target></pool>`))).toBe('/pool/name');
      expect(xmlErrorPath(() => parseStoragePoolXml(`<pool type='dir'><name>a/b</name><target><path>/p</path></target></pool>`))).toBe('/pool/name');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('dir', `<uuid>not-a-uuid</uuid><target><path>/p</path></target>`)))).toBe('/pool/uuid');
    });

    it('missing mandatory source parts and target path', () => {
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('dir', `<source/>`)))).toBe('/pool/target/path');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('netfs', `<source><dir path='/x'/></source><target><path>/m</path></target>`)))).toBe('/pool/source/host');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('netfs', `<source><host name='h'/></source><target><path>/m</path></target>`)))).toBe('/pool/source/dir');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('disk', `<target><path>/dev</path></target>`)))).toBe('/pool/source/device');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('rbd', `<source><host name='h'/></source>`)))).toBe('/pool/source/name');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('iscsi-direct', `<source><host name='h'/><device path='d'/></source>`)))).toBe('/pool/source/initiator');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('scsi', `<target><path>/dev</path></target>`)))).toBe('/pool/source/adapter');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('netfs', `<source><host/><dir path='/x'/></source><target><path>/m</path></target>`)))).toBe('/pool/source/host[1]/@name');
    });

    it('bad values', () => {
      const t = `<target><path>/p</path></target>`;
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('dir', `<target><path>/p</path><permissions><mode>0800</mode></permissions></target>`)))).toBe('/pool/target/permissions/mode');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('dir', `<target><path>/p</path><permissions><owner>abc</owner></permissions></target>`)))).toBe('/pool/target/permissions/owner');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('dir', `<target><path>/p</path><permissions><group>-2</group></permissions></target>`)))).toBe('/pool/target/permissions/group');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('logical', `<features><cow state='yes'/></features><source><device path='/d'/></source>`)))).toBe('/pool/features/cow');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('dir', `<features><cow state='maybe'/></features>${t}`)))).toBe('/pool/features/cow/@state');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('fs', `<source><device path='/d'/><format type='ntfs'/></source>${t}`)))).toBe('/pool/source/format/@type');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('netfs', `<source><host name='h'/><dir path='/x'/><format type='cifs'/><protocol ver='3'/></source>${t}`)))).toBe('/pool/source/protocol/@ver');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('netfs', `<source><host name='h' port='x'/><dir path='/x'/></source>${t}`)))).toBe('/pool/source/host[1]/@port');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('dir', `<refresh><volume allocation='all'/></refresh>${t}`)))).toBe('/pool/refresh/volume/@allocation');
      expect(xmlErrorPath(() => parseStoragePoolXml(pool('disk', `<source><device path='/d' part_separator='sometimes'/></source>${t}`)))).toBe('/pool/source/device[1]/@part_separator');
    });

    it('auth and adapters', () => {
      const src = (inner: string) => pool('iscsi', `<source><host name='h'/><device path='d'/>${inner}</source><target><path>/p</path></target>`);
      expect(xmlErrorPath(() => parseStoragePoolXml(src(`<auth username='u'><secret usage='x'/></auth>`)))).toBe('/pool/source/auth/@type');
      expect(xmlErrorPath(() => parseStoragePoolXml(src(`<auth type='chap'><secret usage='x'/></auth>`)))).toBe('/pool/source/auth/@username');
      expect(xmlErrorPath(() => parseStoragePoolXml(src(`<auth type='chap' username='u'/>`)))).toBe('/pool/source/auth');
      expect(xmlErrorPath(() => parseStoragePoolXml(src(`<auth type='chap' username='u'><secret usage='x' uuid='2ec115d7-3a88-3ceb-bc12-0ac909a6fd87'/></auth>`)))).toBe('/pool/source/auth/secret/@usage');
      expect(xmlErrorPath(() => parseStoragePoolXml(src(`<auth type='chap' username='u'><secret/></auth>`)))).toBe('/pool/source/auth/secret');
      const scsi = (adapter: string) => pool('scsi', `<source>${adapter}</source><target><path>/p</path></target>`);
      expect(xmlErrorPath(() => parseStoragePoolXml(scsi(`<adapter type='fc_host' wwnn='123' wwpn='10000000c9831b4b'/>`)))).toBe('/pool/source/adapter/@wwnn');
      expect(xmlErrorPath(() => parseStoragePoolXml(scsi(`<adapter type='fc_host' wwpn='10000000c9831b4b'/>`)))).toBe('/pool/source/adapter');
      expect(xmlErrorPath(() => parseStoragePoolXml(scsi(`<adapter name='host0' wwnn='20000000c9831b4b'/>`)))).toBe('/pool/source/adapter/@wwnn');
      expect(xmlErrorPath(() => parseStoragePoolXml(scsi(`<adapter type='default' name='host0'/>`)))).toBe('/pool/source/adapter/@type');
      expect(xmlErrorPath(() => parseStoragePoolXml(scsi(`<adapter type='scsi_host'><parentaddr unique_id='1'/></adapter>`)))).toBe('/pool/source/adapter/parentaddr');
    });
  });

  it('rejects invalid specs when formatting with INVALID_ARG', () => {
    const bad = { type: 'dir', name: '' } as unknown as StoragePoolSpec;
    expect(errorOf(() => formatStoragePoolXml(bad)).code).toBe(ErrorCode.INVALID_ARG);
    const badType = { type: 'tape', name: 'x' } as unknown as StoragePoolSpec;
    expect(errorOf(() => formatStoragePoolXml(badType)).code).toBe(ErrorCode.INVALID_ARG);
  });
});

describe('storage volume XML', () => {
  it('parses, scales units and formats like libvirt', () => {
    const spec = parseStorageVolumeXml(QCOW2_VOL, { type: 'dir' });
    expect(spec.capacity).toBe(5 * 1024 ** 3);
    expect(spec.allocation).toBe(294912);
    expect(spec.target?.clusterSize).toBe(131072);
    expect(spec.target?.compat).toBe('1.1');
    expect(spec.target?.features).toEqual({ lazyRefcounts: true });
    expect(spec.backingStore).toEqual({ path: '/dev/null', format: 'raw', permissions: { mode: 0o644, owner: 0, group: 0 } });
    expect(StorageVolumeSpecSchema.safeParse(spec).success).toBe(true);
    expectSameXml(formatStorageVolumeXml(spec, { type: 'dir' }), QCOW2_VOL_OUT);
    const once = formatStorageVolumeXml(spec, { type: 'dir' });
    expect(parseStorageVolumeXml(once, { type: 'dir' })).toEqual(spec);
    expect(formatStorageVolumeXml(parseStorageVolumeXml(once, { type: 'dir' }), { type: 'dir' })).toBe(once);
  });

  it('scales every libvirt unit to bytes', () => {
    const cap = (value: string, unit?: string) =>
      parseStorageVolumeXml(`<volume><name>v</name><capacity${unit === undefined ? '' : ` unit='${unit}'`}>${value}</capacity></volume>`, { type: 'dir' }).capacity;
    expect(cap('10')).toBe(10);
    expect(cap('10', 'bytes')).toBe(10);
    expect(cap('10', 'B')).toBe(10);
    expect(cap('1', 'KiB')).toBe(1024);
    expect(cap('1', 'k')).toBe(1024);
    expect(cap('1', 'KB')).toBe(1000);
    expect(cap('5', 'G')).toBe(5368709120);
    expect(cap('10', 'GB')).toBe(10_000_000_000);
    expect(cap('1', 'TiB')).toBe(1099511627776);
    expect(cap('2', 'MiB')).toBe(2097152);
    expect(formatStorageVolumeXml(parseStorageVolumeXml(vol('', ''), { type: 'dir' }), { type: 'dir' })).toContain("<capacity unit='bytes'>1</capacity>");
  });

  it('applies pool-dependent formats and defaults', () => {
    const body = `<target><path>/x</path></target>`;
    const inDir = parseStorageVolumeXml(vol(body), { type: 'dir' });
    expect(inDir.target?.format).toBe('raw');
    expect(inDir.type).toBe('file');
    const out = formatStorageVolumeXml(inDir, { type: 'dir' });
    expect(out).toContain("<volume type='file'>");
    expect(out).toContain("<format type='raw'/>");
    // allocation defaults to capacity
    expect(out).toContain("<allocation unit='bytes'>1</allocation>");

    const inDisk = parseStorageVolumeXml(vol(`<target><path>/dev/sda1</path><format type='none'/></target>`, ` type='block'`), { type: 'disk' });
    expect(inDisk.target?.format).toBe('none');
    expect(parseStorageVolumeXml(vol(body), { type: 'disk' }).target?.format).toBe('none');

    const inLogical = parseStorageVolumeXml(vol(`<target><path>/dev/vg/lv</path><format type='qcow2'/></target>`), { type: 'logical' });
    expect(inLogical.target?.format).toBeUndefined();
    expect(formatStorageVolumeXml(inLogical, { type: 'logical' })).not.toContain('<format');

    // A pool spec works as context too.
    const poolSpec = parseStoragePoolXml(DIR_POOL);
    expect(parseStorageVolumeXml(vol(body), poolSpec).target?.format).toBe('raw');
  });

  it('does not read run-time data back but formats it when the driver fills it in', () => {
    const spec = parseStorageVolumeXml(
      vol(`<physical unit='G'>5</physical><source><device path='/dev/sda'><extent start='0' end='10'/></device></source><target><path>/x</path><timestamps><atime>1.5</atime></timestamps></target>`),
      { type: 'logical' },
    );
    expect(spec.physical).toBeUndefined();
    expect(spec.source).toBeUndefined();
    expect(spec.target?.timestamps).toBeUndefined();
    const filled: StorageVolumeSpec = {
      ...spec,
      physical: 4096,
      source: { extents: [{ path: '/dev/sda', start: 0, end: 10 }, { path: '/dev/sda', start: 20, end: 30 }, { path: '/dev/sdb', start: 0, end: 5 }] },
      target: { ...spec.target, timestamps: { atime: '1341933637.273190990', mtime: '1341930622' } },
    };
    const out = formatStorageVolumeXml(filled, { type: 'logical' });
    expect(out).toContain("<physical unit='bytes'>4096</physical>");
    expect(out.match(/<device /g)?.length).toBe(2);
    expect(out).toContain('<atime>1341933637.273190990</atime>');
  });

  it('preserves unknown content in volumes', () => {
    const xml = `<volume type='file' foo='bar'><name>v</name><capacity>1</capacity><x-first/>
      <target><path>/p</path><format type='qcow2'/><mystery a='1'/><encryption format='luks' z='1'><secret type='passphrase' usage='u' q='2'/></encryption></target>
      <backingStore><path>/b</path><hint/></backingStore><tail>t</tail></volume>`;
    const spec = parseStorageVolumeXml(xml, { type: 'dir' });
    const out = formatStorageVolumeXml(spec, { type: 'dir' });
    expect(out).toContain("foo='bar'");
    expect(out).toMatch(/<capacity unit='bytes'>1<\/capacity>\s*<x-first\/>/);
    expect(out).toMatch(/<format type='qcow2'\/>\s*<mystery a='1'\/>/);
    expect(out).toContain("<encryption format='luks' z='1'>");
    expect(out).toContain("<secret type='passphrase' usage='u' q='2'/>");
    expect(out).toMatch(/<path>\/b<\/path>\s*<hint\/>[\s\S]*<\/backingStore>\s*<tail>t<\/tail>/);
    expect(formatStorageVolumeXml(parseStorageVolumeXml(out, { type: 'dir' }), { type: 'dir' })).toBe(out);
  });

  describe('rejects what libvirt rejects', () => {
    const d = { type: 'dir' };
    it('structure', () => {
      expect(xmlErrorPath(() => parseStorageVolumeXml('<pool/>', d))).toBe('/pool');
      expect(xmlErrorPath(() => parseStorageVolumeXml('<volume><capacity>1</capacity></volume>', d))).toBe('/volume/name');
      expect(xmlErrorPath(() => parseStorageVolumeXml('<volume><name>v</name></volume>', d))).toBe('/volume/capacity');
      expect(xmlErrorPath(() => parseStorageVolumeXml(vol('', ` type='tape'`), d))).toBe('/volume/@type');
      expect(errorOf(() => parseStorageVolumeXml(vol(''), { type: 'tape' })).code).toBe(ErrorCode.INVALID_ARG);
    });

    it('capacity rules and options', () => {
      expect(parseStorageVolumeXml('<volume><name>v</name></volume>', d, { noCapacity: true }).capacity).toBeUndefined();
      expect(xmlErrorPath(() => parseStorageVolumeXml('<volume><name>v</name></volume>', d, { optCapacity: true }))).toBe('/volume/capacity');
      expect(parseStorageVolumeXml('<volume><name>v</name><backingStore><path>/b</path></backingStore></volume>', d, { optCapacity: true }).backingStore?.path).toBe('/b');
      expect(xmlErrorPath(() => parseStorageVolumeXml(`<volume><name>v</name><capacity unit='parsecs'>1</capacity></volume>`, d))).toBe('/volume/capacity/@unit');
      expect(xmlErrorPath(() => parseStorageVolumeXml(`<volume><name>v</name><capacity>-1</capacity></volume>`, d))).toBe('/volume/capacity');
      expect(xmlErrorPath(() => parseStorageVolumeXml(`<volume><name>v</name><capacity>1</capacity><allocation>x</allocation></volume>`, d))).toBe('/volume/allocation');
      expect(xmlErrorPath(() => parseStorageVolumeXml(vol(`<target><clusterSize unit='KiB'>abc</clusterSize></target>`), d))).toBe('/volume/target/clusterSize');
    });

    it('formats, compat, features, encryption', () => {
      expect(xmlErrorPath(() => parseStorageVolumeXml(vol(`<target><format type='none'/></target>`), d))).toBe('/volume/target/format/@type');
      expect(xmlErrorPath(() => parseStorageVolumeXml(vol(`<target><format type='qcow2'/></target>`), { type: 'disk' }))).toBe('/volume/target/format/@type');
      expect(xmlErrorPath(() => parseStorageVolumeXml(vol(`<backingStore><path>/b</path><format type='bogus'/></backingStore>`), d))).toBe('/volume/backingStore/format/@type');
      expect(xmlErrorPath(() => parseStorageVolumeXml(vol(`<target><compat>1.1.1</compat></target>`), d))).toBe('/volume/target/compat');
      expect(xmlErrorPath(() => parseStorageVolumeXml(vol(`<target><features><zstd/></features></target>`), d))).toBe('/volume/target/features/zstd[1]');
      expect(xmlErrorPath(() => parseStorageVolumeXml(vol(`<target><encryption/></target>`), d))).toBe('/volume/target/encryption/@format');
      expect(xmlErrorPath(() => parseStorageVolumeXml(vol(`<target><encryption format='rot13'/></target>`), d))).toBe('/volume/target/encryption/@format');
      expect(xmlErrorPath(() => parseStorageVolumeXml(vol(`<target><encryption format='luks'><secret type='key' usage='u'/></encryption></target>`), d))).toBe(
        '/volume/target/encryption/secret[1]/@type',
      );
      expect(xmlErrorPath(() => parseStorageVolumeXml(vol(`<target><encryption format='luks'><ivgen name='plain64'/></encryption></target>`), d))).toBe('/volume/target/encryption/ivgen');
      expect(xmlErrorPath(() => parseStorageVolumeXml(vol(`<target><encryption format='luks'><cipher name='aes'/></encryption></target>`), d))).toBe('/volume/target/encryption/cipher/@size');
      expect(xmlErrorPath(() => parseStorageVolumeXml(vol(`<target><permissions><mode>rwx</mode></permissions></target>`), d))).toBe('/volume/target/permissions/mode');
    });
  });
});

// ---------------------------------------------------------------------------
// libvirt corpus (when the peer data is available)

const dataDir = resolve(__dirname, '../../../../shared/peer-data/libvirt');
const haveData = existsSync(join(dataDir, 'storagepoolxml2xmlin'));

describe.skipIf(!haveData)('libvirt storage corpus', () => {
  const poolFiles = haveData ? readdirSync(join(dataDir, 'storagepoolxml2xmlin')).filter((f) => f.endsWith('.xml')) : [];

  it.each(poolFiles)('pool %s matches storagepoolxml2xmlout and is stable', (file) => {
    const spec = parseStoragePoolXml(readFileSync(join(dataDir, 'storagepoolxml2xmlin', file), 'utf8'));
    const out = formatStoragePoolXml(spec);
    const expectedPath = join(dataDir, 'storagepoolxml2xmlout', file);
    if (existsSync(expectedPath)) expectSameXml(out, readFileSync(expectedPath, 'utf8'));
    expect(parseStoragePoolXml(out)).toEqual(spec);
  });

  it('rejects the invalid pool schema document', () => {
    const dir = join(dataDir, 'storagepoolschemadata');
    for (const f of readdirSync(dir)) {
      const xml = readFileSync(join(dir, f), 'utf8');
      if (f.includes('-invalid.')) expect(errorOf(() => parseStoragePoolXml(xml)).code).toBe(ErrorCode.XML_ERROR);
      else expect(() => parseStoragePoolXml(xml)).not.toThrow();
    }
  });
});

// ---------------------------------------------------------------------------
// Property tests: random and mutated documents only ever yield a spec or a PolyvisorError.

const POOL_SEEDS = [
  DIR_POOL,
  `<pool type='netfs' xmlns:fs='http://libvirt.org/schemas/storagepool/fs/1.0'><name>n</name><uuid>7641d5a8-af11-f730-a34e-0a7dfcede71f</uuid><source><host name='h' port='1'/><dir path='/x'/><format type='nfs'/><protocol ver='3'/></source><target><path>/mnt</path><permissions><mode>0700</mode><owner>0</owner></permissions></target><fs:mount_opts><fs:option name='sync'/></fs:mount_opts></pool>`,
  `<pool type='iscsi'><name>i</name><source><host name='h'/><device path='d'/><initiator><iqn name='q'/></initiator><auth type='chap' username='u'><secret uuid='2ec115d7-3a88-3ceb-bc12-0ac909a6fd87'/></auth><vendor name='v'/></source><target><path>/dev/disk/by-path</path></target></pool>`,
  `<pool type='scsi'><name>s</name><source><adapter type='fc_host' parent='scsi_host5' managed='yes' wwnn='20000000c9831b4b' wwpn='10000000c9831b4b'/></source><target><path>/dev</path></target></pool>`,
  `<pool type='scsi'><name>s</name><source><adapter type='scsi_host'><parentaddr unique_id='1'><address domain='0' bus='0' slot='1' function='2'/></parentaddr></adapter></source><target><path>/dev</path></target></pool>`,
  `<pool type='rbd' xmlns:rbd='http://libvirt.org/schemas/storagepool/rbd/1.0'><name>c</name><source><name>rbd</name><host name='m' port='6789'/><auth username='admin' type='ceph'><secret usage='ceph'/></auth></source><refresh><volume allocation='capacity'/></refresh><rbd:config_opts><rbd:option name='a' value='b'/></rbd:config_opts></pool>`,
  `<pool type='logical'><source><name>vg</name><device path='/dev/sdb1'/><format type='lvm2'/></source><features><cow state='yes'/></features></pool>`,
  `<pool type='disk'><name>d</name><source><device path='/dev/sda' part_separator='no'><freeExtent start='1' end='2'/></device><format type='gpt'/></source><target><path>/dev</path></target></pool>`,
  `<pool type='iscsi-direct'><name>x</name><source><host name='h'/><device path='t'/><initiator><iqn name='i'/></initiator></source></pool>`,
];
const VOL_SEEDS = [QCOW2_VOL, vol(`<target><path>/x</path></target>`), `<volume type='block'><name>Swap</name><key>k</key><source><device path='/dev/sda2'><extent start='1' end='2'/></device></source><capacity>2080374784</capacity><target><path>/dev/HostVG/Swap</path><permissions><mode>0660</mode><owner>0</owner><group>6</group></permissions></target></volume>`];
const POOL_CONTEXTS = ['dir', 'disk', 'logical', 'rbd', 'gluster'];

const NAMES = ['name', 'uuid', 'source', 'target', 'path', 'permissions', 'mode', 'owner', 'group', 'label', 'host', 'device', 'dir', 'format', 'adapter', 'auth', 'secret', 'initiator', 'iqn', 'capacity', 'allocation', 'features', 'cow', 'refresh', 'volume', 'encryption', 'cipher', 'ivgen', 'compat', 'clusterSize', 'lazy_refcounts', 'backingStore', 'parentaddr', 'address', 'fs:mount_opts', 'fs:option', 'protocol', 'unknown'];
const ATTRS = ['type', 'name', 'path', 'port', 'unit', 'state', 'allocation', 'uuid', 'usage', 'username', 'format', 'size', 'wwnn', 'wwpn', 'parent', 'managed', 'unique_id', 'part_separator', 'ver', 'value', 'domain', 'xmlns:fs', 'x'];
const VALUES = ['', '0', '1', '-1', '4294967295', 'yes', 'no', 'dir', 'disk', 'qcow2', 'raw', 'none', 'luks', 'G', 'KiB', 'bogus', '/a//b/', 'a/b', '0x10', '99999999999999999999', '20000000c9831b4b', '2ec115d7-3a88-3ceb-bc12-0ac909a6fd87', 'http://libvirt.org/schemas/storagepool/fs/1.0', 'chap', 'ceph', 'passphrase', 'capacity', 'fc_host', 'scsi_host', '1.1', '0777', '<&>'];

type Mutation = { op: number; at: number; name: number; attr: number; value: number };

function elements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [root];
  for (const c of root.children) if (typeof c !== 'string') out.push(...elements(c));
  return out;
}

function mutate(root: XmlElement, muts: Mutation[]): XmlElement {
  for (const m of muts) {
    const all = elements(root);
    const target = all[m.at % all.length]!;
    const name = NAMES[m.name % NAMES.length]!;
    const attr = ATTRS[m.attr % ATTRS.length]!;
    const value = VALUES[m.value % VALUES.length]!;
    const kids = target.children.filter((c): c is XmlElement => typeof c !== 'string');
    switch (m.op % 7) {
      case 0: // remove a child element
        if (kids.length) target.children.splice(target.children.indexOf(kids[m.value % kids.length]!), 1);
        break;
      case 1: // add a child element
        target.children.splice(m.value % (target.children.length + 1), 0, { name, attrs: {}, children: [] as XmlNode[] });
        break;
      case 2: // set an attribute
        target.attrs[attr] = value;
        break;
      case 3: // delete an attribute
        delete target.attrs[Object.keys(target.attrs)[m.attr % Math.max(1, Object.keys(target.attrs).length)] ?? attr];
        break;
      case 4: // replace text content
        target.children = kids.length && m.value % 2 ? target.children : [value];
        break;
      case 5: // duplicate a child
        if (kids.length) target.children.push(structuredClone(kids[m.name % kids.length]!));
        break;
      default: // rename
        if (target !== root || m.value % 5 === 0) target.name = name;
    }
  }
  return root;
}

/** Parse, and when that succeeds, format and re-parse; only PolyvisorErrors may escape. */
function checkPool(xml: string): void {
  let spec: StoragePoolSpec;
  try {
    spec = parseStoragePoolXml(xml);
  } catch (err) {
    if (!(err instanceof PolyvisorError)) throw err;
    return;
  }
  const out = formatStoragePoolXml(spec);
  expect(formatStoragePoolXml(parseStoragePoolXml(out))).toBe(out);
}

function checkVolume(xml: string, type: string): void {
  let spec: StorageVolumeSpec;
  try {
    spec = parseStorageVolumeXml(xml, { type });
  } catch (err) {
    if (!(err instanceof PolyvisorError)) throw err;
    return;
  }
  const out = formatStorageVolumeXml(spec, { type });
  expect(formatStorageVolumeXml(parseStorageVolumeXml(out, { type }), { type })).toBe(out);
}

/** Property-test iterations (raise with STORAGE_FC_RUNS for a longer search). */
const RUNS = Number(process.env.STORAGE_FC_RUNS ?? 600);

const mutationArb = fc.array(
  fc.record({ op: fc.nat(), at: fc.nat(), name: fc.nat(), attr: fc.nat(), value: fc.nat() }),
  { minLength: 1, maxLength: 6 },
);

describe('property: random and mutated XML yields a spec or a PolyvisorError', () => {
  it('mutated pool trees', () => {
    fc.assert(
      fc.property(fc.constantFrom(...POOL_SEEDS), mutationArb, (seed, muts) => {
        checkPool(serializeXml(mutate(parseXmlDocument(seed), muts)));
      }),
      { numRuns: RUNS },
    );
  });

  it('mutated volume trees in various pool contexts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VOL_SEEDS), fc.constantFrom(...POOL_CONTEXTS), mutationArb, (seed, type, muts) => {
        checkVolume(serializeXml(mutate(parseXmlDocument(seed), muts)), type);
      }),
      { numRuns: RUNS },
    );
  });

  it('raw text damage and arbitrary strings', () => {
    const damaged = fc
      .tuple(fc.constantFrom(...POOL_SEEDS, ...VOL_SEEDS), fc.nat(), fc.nat({ max: 8 }), fc.string({ maxLength: 6 }))
      .map(([seed, pos, del, ins]) => {
        const i = pos % (seed.length + 1);
        return seed.slice(0, i) + ins + seed.slice(i + del);
      });
    fc.assert(
      fc.property(fc.oneof(damaged, fc.string(), fc.constant('<pool/>'), fc.constant('<volume/>')), (xml) => {
        checkPool(xml);
        checkVolume(xml, 'dir');
      }),
      { numRuns: RUNS },
    );
  });
});
