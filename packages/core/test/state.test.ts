/**
 * Durable state helpers on the real file system: atomic writes (through the
 * writer thread and the async fallback for large payloads) and symlink locks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock, ErrorCode, PolyvisorError, writeFileAtomic } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'pv-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes the content with mode 0600 and leaves no temp file', async () => {
    const p = join(dir, 'a.xml');
    await writeFileAtomic(p, '<a/>\n');
    await writeFileAtomic(p, '<b/>\n');
    expect(readFileSync(p, 'utf8')).toBe('<b/>\n');
    expect(statSync(p).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps one complete version when many writes race on one file', async () => {
    const p = join(dir, 'race.json');
    const versions = Array.from({ length: 40 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(100 + i * 37) }));
    await Promise.all(versions.map((v) => writeFileAtomic(p, v)));
    expect(versions).toContain(readFileSync(p, 'utf8'));
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes large binary payloads intact (async path)', async () => {
    const p = join(dir, 'big.bin');
    const data = new Uint8Array(3 << 20).map((_, i) => (i * 31) & 0xff);
    await writeFileAtomic(p, data, 0o640);
    expect(Buffer.compare(readFileSync(p), Buffer.from(data))).toBe(0);
    expect(statSync(p).mode & 0o777).toBe(0o640);
  });

  it('fails with the system error code when the directory is missing, leaving nothing behind', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'x.xml'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    // A directory cannot be replaced by a file: the rename fails and the temp file is removed.
    mkdirSync(join(dir, 'isdir'));
    await expect(writeFileAtomic(join(dir, 'isdir'), 'x')).rejects.toMatchObject({ code: 'EISDIR' });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('acquireLock (symlink naming the holder pid)', () => {
  it('is exclusive, names this process as holder, and releases', async () => {
    const p = join(dir, 'x.lock');
    const l = await acquireLock(p, { what: 'thing x' });
    expect(lstatSync(p).isSymbolicLink()).toBe(true);
    expect(readlinkSync(p)).toBe(String(process.pid));
    const err = await acquireLock(p, { what: 'thing x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolyvisorError);
    expect((err as PolyvisorError).code).toBe(ErrorCode.RESOURCE_BUSY);
    expect((err as PolyvisorError).message).toBe('thing x is locked by this process');
    await l.release();
    await l.release(); // idempotent
    expect(() => lstatSync(p)).toThrow();
  });

  it('waits for a live holder and gets the lock once it is released', async () => {
    const p = join(dir, 'w.lock');
    const l1 = await acquireLock(p);
    const t0 = Date.now();
    setTimeout(() => void l1.release(), 150);
    const l2 = await acquireLock(p, { waitMs: 5000 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    await l2.release();
  });

  it('breaks locks left by dead processes (symlink or regular file)', async () => {
    const a = join(dir, 'dead1.lock');
    symlinkSync('999999999', a);
    await (await acquireLock(a)).release();
    const b = join(dir, 'dead2.lock');
    writeFileSync(b, '999999999\n');
    const l = await acquireLock(b);
    expect(readlinkSync(b)).toBe(String(process.pid));
    await l.release();
  });
});
