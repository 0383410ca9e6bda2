import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDomainXml } from '@polyvisor/core';
import { buildLibxlDomainConfig, domainToXlConfig, formatXlConfig, parseXlConfig, renderXlCfg, xenLibxlJsonFormat, xenXlFormat, xlConfigToDomain } from '../src/index.js';

const golden = (f: string): string => readFileSync(new URL(`./golden/${f}`, import.meta.url), 'utf8');
const harness = { shadowMemkb: () => 1234, allocatePort: () => 5900 };

describe.each(['pv', 'hvm'])('golden %s domain', (name) => {
  const spec = parseDomainXml(golden(`${name}.xml`));

  it('renders the libxl_domain_config JSON', () => {
    expect(buildLibxlDomainConfig(spec, harness)).toEqual(JSON.parse(golden(`${name}.json`)));
  });

  it('renders the xl.cfg', () => {
    expect(formatXlConfig(domainToXlConfig(spec))).toBe(golden(`${name}.cfg`));
  });

  it('parses its own xl.cfg back to an equivalent config', () => {
    const back = xlConfigToDomain(parseXlConfig(golden(`${name}.cfg`)));
    expect(formatXlConfig(domainToXlConfig(back))).toBe(golden(`${name}.cfg`));
  });
});

describe('native formats', () => {
  it('xen-xl converts both ways and xen-libxl-json renders JSON', async () => {
    const spec = parseDomainXml(golden('hvm.xml'));
    const cfg = await xenXlFormat.toNative!(spec);
    expect(cfg).toContain('builder = "hvm"');
    const back = await xenXlFormat.fromNative!(cfg);
    expect(back.name).toBe('hvm1');
    expect(back.os.type).toBe('hvm');
    const json = JSON.parse(await xenLibxlJsonFormat.toNative!(spec)) as { c_info: { type: string } };
    expect(json.c_info.type).toBe('hvm');
  });

  it('PV guests without a bootloader or kernel default to pygrub, with a kernel they boot it directly', () => {
    const xml = (os: string): string => `<domain type='xen'><name>p</name><memory>524288</memory><os><type>linux</type>${os}</os></domain>`;
    expect(buildLibxlDomainConfig(parseDomainXml(xml(''))).b_info?.['type.pv']).toEqual({ bootloader: 'pygrub' });
    expect(buildLibxlDomainConfig(parseDomainXml(xml('<kernel>/boot/vmlinuz</kernel><cmdline>root=/dev/xvda1</cmdline>'))).b_info?.['type.pv']).toEqual({
      kernel: '/boot/vmlinuz',
      cmdline: 'root=/dev/xvda1',
    });
  });

  it('rejects what libxl cannot express with INVALID_ARG', () => {
    const xml = `<domain type='xen'><name>h</name><memory>524288</memory><os><type>hvm</type></os><clock offset='utc'><timer name='rtc'/></clock></domain>`;
    expect(() => buildLibxlDomainConfig(parseDomainXml(xml))).toThrow(expect.objectContaining({ code: 'INVALID_ARG' }));
  });

  it('the xl.cfg the driver starts an HVM guest with carries its display as libxl would get it: none without <video>, else the model', () => {
    const xml = (dev: string, type = 'hvm'): string => `<domain type='xen'><name>h</name><memory>524288</memory><os><type>${type}</type></os><devices>${dev}</devices></domain>`;
    const keys = (x: string) => Object.fromEntries(['vga', 'nographic', 'vnc', 'sdl', 'videoram'].map((k) => [k, parseXlConfig(renderXlCfg(parseDomainXml(x))).get(k)]));
    expect(keys(xml(''))).toEqual({ vga: 'none', nographic: 1, vnc: 0, sdl: 0, videoram: undefined });
    expect(keys(xml("<video><model type='none'/></video>"))).toEqual({ vga: 'none', nographic: 1, vnc: 0, sdl: 0, videoram: undefined });
    expect(keys(xml("<video><model type='vga' vram='16384'/></video>"))).toEqual({ vga: 'stdvga', nographic: undefined, vnc: undefined, sdl: undefined, videoram: 16 });
    // A VNC display keeps its settings; the video model still says which card.
    expect(keys(xml("<graphics type='vnc' autoport='yes'/><video><model type='cirrus' vram='8192'/></video>"))).toEqual({ vga: 'cirrus', nographic: undefined, vnc: 1, sdl: 0, videoram: 8 });
    expect(keys(xml('', 'linux'))).toEqual({ vga: undefined, nographic: undefined, vnc: undefined, sdl: undefined, videoram: undefined });
    // The xen-xl native format stays libvirt's converter: no display lines of its own.
    expect(formatXlConfig(domainToXlConfig(parseDomainXml(xml(''))))).not.toContain('vga');
    // And the libxl JSON agrees: model none is no display.
    expect(buildLibxlDomainConfig(parseDomainXml(xml("<video><model type='none'/></video>"))).b_info?.['type.hvm']).toMatchObject({ nographic: 'True', vga: { kind: 'none' } });
  });
});
