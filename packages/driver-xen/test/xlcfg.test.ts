import { describe, expect, it } from 'vitest';
import { ErrorCode, PolyvisorError } from '@polyvisor/core';
import { formatXlConfig, parseDiskSpec, parsePciSpec, parseVifSpec, parseXlConfig } from '../src/index.js';

const SAMPLE = `# a guest
name = "g1"   # trailing comment
memory = 512; vcpus = 2
builder='hvm'
disk = [ 'format=raw,vdev=hda,access=rw,target=/dev/vg/g1',
         "/root/boot.iso,,hdc,cdrom", ]
vnuma = [ [ "pnode=0", "size=512" ], [ "pnode=1", "size=512" ] ]
empty = []
hex = 0x10
`;

function syntaxErrorOf(text: string): PolyvisorError {
  try {
    parseXlConfig(text);
  } catch (e) {
    return e as PolyvisorError;
  }
  throw new Error('expected a syntax error');
}

describe('xl.cfg syntax', () => {
  it('parses settings, lists, nested lists, comments and separators', () => {
    const cfg = parseXlConfig(SAMPLE);
    expect([...cfg.keys()]).toEqual(['name', 'memory', 'vcpus', 'builder', 'disk', 'vnuma', 'empty', 'hex']);
    expect(cfg.get('memory')).toBe(512);
    expect(cfg.get('builder')).toBe('hvm');
    expect(cfg.get('disk')).toEqual(['format=raw,vdev=hda,access=rw,target=/dev/vg/g1', '/root/boot.iso,,hdc,cdrom']);
    expect(cfg.get('vnuma')).toEqual([['pnode=0', 'size=512'], ['pnode=1', 'size=512']]);
    expect(cfg.get('empty')).toEqual([]);
    expect(cfg.get('hex')).toBe(16);
  });

  it('round-trips parse → format → parse', () => {
    const once = formatXlConfig(parseXlConfig(SAMPLE));
    expect(formatXlConfig(parseXlConfig(once))).toBe(once);
    expect(once).toContain('vnuma = [ [ "pnode=0", "size=512" ], [ "pnode=1", "size=512" ] ]\n');
  });

  it.each([
    ['name = "unterminated\n', 1, /unterminated string/],
    ['a = 1\nb = [ "x", "y"\n', 3, /end of file/],
    ['a = 1\n\nc "x"\n', 3, /expected '='/],
    ['a = 1\nb = [ "x" "y" ]\n', 2, /expected ',' or ']'/],
    ['a = 1 2\n', 1, /unexpected '2'/],
    ['= 3\n', 1, /setting name/],
  ])('reports %j as INVALID_ARG at line %i', (text, line, re) => {
    const e = syntaxErrorOf(text);
    expect(e).toBeInstanceOf(PolyvisorError);
    expect(e.code).toBe(ErrorCode.INVALID_ARG);
    expect(e.detail?.line).toBe(line);
    expect(e.message).toMatch(`line ${line}`);
    expect(e.message).toMatch(re);
  });
});

describe('device spec mini-languages', () => {
  it('parses DISKSPEC in keyword, positional and deprecated forms', () => {
    expect(parseDiskSpec('format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/root/a,b.iso')).toMatchObject({ format: 'raw', vdev: 'hdc', access: 'ro', devtype: 'cdrom', target: '/root/a,b.iso' });
    expect(parseDiskSpec('/dev/vg/guest-volume,,hda')).toMatchObject({ target: '/dev/vg/guest-volume', vdev: 'hda', access: 'rw', devtype: 'disk' });
    expect(parseDiskSpec('/root/image.iso,,hdc,cdrom')).toMatchObject({ vdev: 'hdc', devtype: 'cdrom', access: 'ro' });
    expect(parseDiskSpec('raw:/dev/vg/guest-volume,hda,w')).toMatchObject({ target: '/dev/vg/guest-volume', format: 'raw', vdev: 'hda', access: 'rw' });
    const empty = parseDiskSpec(',hdc:cdrom,r');
    expect(empty).toMatchObject({ vdev: 'hdc', devtype: 'cdrom', access: 'ro' });
    expect(empty.target).toBeUndefined();
    expect(() => parseDiskSpec('format=raw,target=/x')).toThrow(/no vdev/);
    expect(() => parseDiskSpec('/x,bogus,hda')).toThrow(expect.objectContaining({ code: 'INVALID_ARG' }));
  });

  it('parses vif and pci specs', () => {
    expect(parseVifSpec('mac=00:16:3e:00:00:01, bridge=xenbr0,ip=10.0.0.1 10.0.0.2')).toEqual({ mac: '00:16:3e:00:00:01', bridge: 'xenbr0', ip: '10.0.0.1 10.0.0.2' });
    expect(() => parseVifSpec('bridge')).toThrow(expect.objectContaining({ code: 'INVALID_ARG' }));
    expect(parsePciSpec('0000:02:00.0,permissive=1')).toEqual({ domain: 0, bus: 2, slot: 0, func: 0, options: { permissive: '1' } });
    expect(parsePciSpec('01:1b.2@3')).toMatchObject({ domain: 0, bus: 1, slot: 0x1b, func: 2, vslot: 3 });
    expect(() => parsePciSpec('zz')).toThrow(expect.objectContaining({ code: 'INVALID_ARG' }));
  });
});
