import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ErrorCode, PolyvisorError } from '@polyvisor/core';
import { generateLibxlTypes, LIBXL_IDL_VERSION, LIBXL_SCHEMA, normalizeLibxlJson, parseIdl, reachableTypes } from '../src/index.js';

const IDL_PATH = new URL('../../../../shared/peer-data/xen/libxl_types.idl', import.meta.url).pathname;
const GENERATED = new URL('../src/libxl/generated/types.ts', import.meta.url).pathname;
let idl: string | undefined;
try {
  idl = readFileSync(IDL_PATH, 'utf8');
} catch {
  idl = undefined;
}

describe.skipIf(idl === undefined)('libxl IDL reader', () => {
  const mod = parseIdl(idl!);

  it('reads every named type with its kind', () => {
    const kinds = { enum: 0, struct: 0, builtin: 0 } as Record<string, number>;
    for (const t of mod.types.values()) kinds[t.kind] = (kinds[t.kind] ?? 0) + 1;
    expect(mod.types.size).toBe(mod.order.length);
    // Counts for Xen 4.23-dev (c447b7308b13): 14 Builtin/UInt, 44 Enumeration, 65 Struct.
    expect(mod.types.size).toBe(123);
    expect(kinds).toEqual({ builtin: 14, enum: 44, struct: 65 });
  });

  it('reads enumerations with values and init_val', () => {
    const dt = mod.types.get('libxl_domain_type')!;
    expect(dt.kind).toBe('enum');
    if (dt.kind !== 'enum') return;
    expect(dt.values.map((v) => [v.json, v.value])).toEqual([['invalid', -1], ['hvm', 1], ['pv', 2], ['pvh', 3]]);
    expect(dt.initVal).toBe('LIBXL_DOMAIN_TYPE_INVALID');
    const gic = mod.types.get('libxl_gic_version')!;
    expect(gic.kind === 'enum' && gic.values.map((v) => v.value)).toEqual([0, 0x20, 0x30]);
  });

  it('reads structs, keyed unions, arrays and builtins', () => {
    const bi = mod.types.get('libxl_domain_build_info')!;
    if (bi.kind !== 'struct') throw new Error('not a struct');
    const u = bi.fields.find((f) => f.name === 'u')!;
    expect(u.type.kind).toBe('keyed-union');
    if (u.type.kind === 'keyed-union') {
      expect(u.type.keyVar).toBe('type');
      expect(u.type.members.map((m) => m.name)).toEqual(['hvm', 'pv', 'pvh', 'invalid']);
    }
    const vnuma = bi.fields.find((f) => f.name === 'vnuma_nodes')!;
    expect(vnuma.type.kind === 'array' && vnuma.type.lenVar).toBe('num_vnuma_nodes');
    const grant = bi.fields.find((f) => f.name === 'max_grant_frames')!;
    expect(grant.initVal).toBe('LIBXL_MAX_GRANT_DEFAULT');
    const defbool = mod.types.get('libxl_defbool')!;
    expect(defbool.kind === 'builtin' && defbool.jsonType).toBe('JSON_STRING');
    const devid = mod.types.get('libxl_devid')!;
    expect(devid.kind === 'builtin' && devid.initVal).toBe('-1');
    expect(reachableTypes(mod.types.get('libxl_domain_config')!).length).toBeGreaterThan(50);
  });

  it('reports syntax errors with file and line as INVALID_ARG', () => {
    const bad = 'namespace("libxl_")\n\nfoo = Enumeration("foo", [\n    (0, "A"),\n    (1 "B"),\n])\n';
    try {
      parseIdl(bad, 'bad.idl');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PolyvisorError);
      expect((e as PolyvisorError).code).toBe(ErrorCode.INVALID_ARG);
      expect((e as PolyvisorError).message).toMatch(/bad\.idl:5/);
    }
    expect(() => parseIdl('x = Mystery("y")\n')).toThrow(/unknown constructor/);
  });

  it('keeps the committed generated types up to date', () => {
    const dir = mkdtempSync(join(tmpdir(), 'libxl-gen-'));
    try {
      const out = join(dir, 'types.ts');
      writeFileSync(out, generateLibxlTypes(idl!, { version: LIBXL_IDL_VERSION }));
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(GENERATED, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('normalises default-valued fields away using IDL defaults', () => {
    const a = normalizeLibxlJson(LIBXL_SCHEMA, 'libxl_domain_config', {
      c_info: { type: 'hvm', name: 'x', hap: '<default>' },
      b_info: { sched_params: {}, max_grant_frames: 4294967295, 'type.hvm': { rdm: {}, pae: 'True' }, arch_arm: {} },
      vfbs: [{ devid: -1 }],
      nics: [],
      on_poweroff: 'destroy',
    });
    expect(a).toEqual({ c_info: { type: 'hvm', name: 'x' }, b_info: { 'type.hvm': { pae: 'True' } }, vfbs: [{}] });
  });
});
