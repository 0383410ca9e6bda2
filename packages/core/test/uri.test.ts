import { describe, expect, it } from 'vitest';
import { parseUri, formatUri, PolyvisorError } from '@polyvisor/core';

describe('parseUri', () => {
  it('parses local URIs', () => {
    expect(parseUri('qemu:///system')).toMatchObject({ driver: 'qemu', path: '/system', local: true, params: {} });
    expect(parseUri('qemu:///session').path).toBe('/session');
    expect(parseUri('xen:///system')).toMatchObject({ driver: 'xen', path: '/system' });
    expect(parseUri('test:///default')).toMatchObject({ driver: 'test', path: '/default', local: true });
    expect(parseUri('test:///abs/file.xml').path).toBe('/abs/file.xml');
    const embed = parseUri('qemu:///embed?root=/tmp/pv%20root');
    expect(embed.path).toBe('/embed');
    expect(embed.params).toEqual({ root: '/tmp/pv root' });
    expect(embed.host).toBeUndefined();
  });

  it('parses remote URIs with transport, user, host, port and query', () => {
    const u = parseUri('qemu+ssh://alice@host.example:2222/system?keyfile=/home/a/.ssh/id&no_verify=1');
    expect(u).toMatchObject({ driver: 'qemu', transport: 'ssh', user: 'alice', host: 'host.example', port: 2222, path: '/system', local: false });
    expect(u.params).toEqual({ keyfile: '/home/a/.ssh/id', no_verify: '1' });
    expect(parseUri('qemu+tcp://[::1]:16509/system')).toMatchObject({ host: '::1', port: 16509, transport: 'tcp' });
    expect(parseUri('QEMU+SSH://h/system')).toMatchObject({ driver: 'qemu', transport: 'ssh' });
    expect(parseUri('qemu://host/system').host).toBe('host');
    expect(parseUri('qemu://host/system').transport).toBeUndefined();
    expect(parseUri('qemu+unix:///system').transport).toBe('unix');
  });

  it.each([
    ['', 'empty'],
    ['qemu', 'expected'],
    ['qemu:/system', 'expected'],
    ['://x/y', 'expected'],
    ['qemu+carrier-pigeon://h/system', 'unknown transport'],
    ['qemu://host:99999/system', 'out of range'],
    ['qemu://host:abc/system', 'invalid port'],
    ['qemu://user@/system', 'needs a host'],
    ['qemu://[::1/system', 'unterminated'],
    ['qemu:///sys tem', 'whitespace'],
    ['qemu://ho st/system', 'whitespace'],
    ['qemu:///system?x=%zz', 'percent-encoding'],
  ])('rejects %j with INVALID_URI', (uri, why) => {
    try {
      parseUri(uri);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PolyvisorError);
      expect((err as PolyvisorError).code).toBe('INVALID_URI');
      expect((err as Error).message).toContain(why);
    }
  });

  it('formats back', () => {
    const u = parseUri('qemu+ssh://alice@[::1]:2222/system?keyfile=%2Fk');
    expect(formatUri(u)).toBe('qemu+ssh://alice@[::1]:2222/system?keyfile=%2Fk');
    expect(formatUri(parseUri('test:///default'))).toBe('test:///default');
  });
});
