import { describe, expect, it } from 'vitest';
import { runWithDeadline, delay, validateName, normalizeUuid, scaleToUnit, isTimeout, isAborted } from '@polyvisor/core';

describe('runWithDeadline', () => {
  it('times out with TIMEOUT and aborts the inner signal', async () => {
    let inner: AbortSignal | undefined;
    const p = runWithDeadline({ timeoutMs: 20 }, 1000, { driver: 'x', operation: 'op.slow' }, async (ctx) => {
      inner = ctx.signal;
      await new Promise(() => undefined);
    });
    const err = await p.catch((e: unknown) => e);
    expect(isTimeout(err)).toBe(true);
    expect((err as Error).message).toBe('[x] op.slow timed out after 20 ms');
    expect(inner?.aborted).toBe(true);
  });

  it('rejects at once with ABORTED when the caller aborts', async () => {
    const ac = new AbortController();
    const p = runWithDeadline({ signal: ac.signal }, 0, { operation: 'op' }, () => delay(10_000));
    ac.abort();
    expect(isAborted(await p.catch((e: unknown) => e))).toBe(true);
    const pre = AbortController.prototype.abort.call.bind(AbortController.prototype.abort);
    expect(pre).toBeDefined();
  });

  it('passes results through', async () => {
    await expect(runWithDeadline({}, 100, {}, async () => 42)).resolves.toBe(42);
  });
});

describe('validateName', () => {
  it.each(['', '.', '..', '.hidden', 'a/b', '../x', 'x\u0000y', 'tab\there', 'x'.repeat(201)])('rejects %j', (n) => {
    expect(() => validateName(n, 'domain')).toThrowError(expect.objectContaining({ code: 'INVALID_ARG' }));
  });
  it.each(['web1', 'a.b', 'with space', 'ünïcode', 'x'.repeat(200)])('accepts %j', (n) => {
    expect(validateName(n)).toBe(n);
  });
});

describe('normalizeUuid / scaleToUnit', () => {
  it('normalises UUIDs', () => {
    expect(normalizeUuid('6695EB01F6A4830479AA97F2502E193F')).toBe('6695eb01-f6a4-8304-79aa-97f2502e193f');
    expect(() => normalizeUuid('nope')).toThrowError(expect.objectContaining({ code: 'INVALID_ARG' }));
  });
  it('scales units like libvirt', () => {
    expect(scaleToUnit('1', 'GiB', 'KiB', 'KiB')).toBe(1048576);
    expect(scaleToUnit('1', 'GB', 'KiB', 'KiB')).toBe(976563);
    expect(scaleToUnit('512', undefined, 'KiB', 'KiB')).toBe(512);
    expect(scaleToUnit('3', 'bytes', 'bytes', 'bytes')).toBe(3);
    expect(() => scaleToUnit('1', 'parsecs')).toThrowError(expect.objectContaining({ code: 'INVALID_ARG' }));
    expect(() => scaleToUnit('-1', 'KiB')).toThrowError(expect.objectContaining({ code: 'INVALID_ARG' }));
  });
});
