import { describe, expect, it, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { testDriver } from '@polyvisor/core';
import { kvmDriver } from '@polyvisor/driver-kvm';
import { runCli } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'pv-cli-vol-'));
const uri = `qemu:///embed?root=${dir}/root`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['-c', uri, ...argv], { drivers: [testDriver, kvmDriver], env: {}, io: { stdout: (s) => (out += s), stderr: (s) => (err += s) } });
  return { code, out, err };
}

describe('polyvisor volume verbs on real storage (qemu:///embed, qemu-img)', () => {
  it('creates, uploads, downloads, clones, resizes, wipes and deletes volumes', async () => {
    writeFileSync(join(dir, 'pool.xml'), `<pool type='dir'><name>p</name><target><path>${dir}/pool</path></target></pool>`);
    writeFileSync(join(dir, 'vol.xml'), `<volume><name>data.img</name><capacity unit='MiB'>4</capacity><target><format type='raw'/></target></volume>`);
    expect((await cli('pool-define', join(dir, 'pool.xml'))).code).toBe(0);
    expect((await cli('pool-build', 'p')).code).toBe(0);
    expect((await cli('pool-start', 'p')).out).toBe('Pool p started\n');
    expect((await cli('vol-create', 'p', join(dir, 'vol.xml'))).code).toBe(0);
    const payload = randomBytes(3 * 1024 * 1024 + 17);
    writeFileSync(join(dir, 'in.bin'), payload);
    const up = await cli('vol-upload', 'data.img', join(dir, 'in.bin'), '--pool', 'p');
    expect(up.err).toBe('');
    expect(up.out).toBe(`Uploaded ${payload.length} bytes to volume data.img\n`);
    const down = await cli('vol-download', 'data.img', join(dir, 'out.bin'), '--pool', 'p', '--length', String(payload.length));
    expect(down.err).toBe('');
    expect(readFileSync(join(dir, 'out.bin')).equals(payload)).toBe(true);
    expect((await cli('vol-clone', 'data.img', 'copy.img', '--pool', 'p')).out).toBe('Vol copy.img cloned from data.img\n');
    await cli('vol-download', 'copy.img', join(dir, 'copy.bin'), '--pool', 'p', '--length', String(payload.length));
    expect(readFileSync(join(dir, 'copy.bin')).equals(payload)).toBe(true);
    expect((await cli('vol-resize', 'copy.img', '8M', '--pool', 'p')).code).toBe(0);
    expect(JSON.parse((await cli('vol-info', 'copy.img', '--pool', 'p', '--json')).out).capacity).toBe(8 * 1024 * 1024);
    expect((await cli('vol-wipe', 'data.img', '--pool', 'p')).code).toBe(0);
    await cli('vol-download', 'data.img', join(dir, 'wiped.bin'), '--pool', 'p');
    expect(readFileSync(join(dir, 'wiped.bin')).every((b) => b === 0)).toBe(true);
    const bad = await cli('vol-upload', '../escape', join(dir, 'in.bin'), '--pool', 'p');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^error: .*storage volume name/);
    for (const v of ['data.img', 'copy.img']) expect((await cli('vol-delete', v, '--pool', 'p')).code).toBe(0);
    expect((await cli('pool-destroy', 'p')).code).toBe(0);
    expect((await cli('pool-delete', 'p')).code).toBe(0);
    expect((await cli('pool-undefine', 'p')).code).toBe(0);
  });
});
