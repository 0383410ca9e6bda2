/**
 * Generates `generated/types.ts` from the libxl IDL: TypeScript types of the
 * JSON form of `libxl_domain_config` and every type it references, plus the
 * runtime {@link LibxlSchema} (field lists with IDL defaults) used by the
 * semantic compare. Pure: the script in `scripts/` does the file I/O.
 * @module
 */
import { createHash } from 'node:crypto';
import { idlTypeName, parseIdl, reachableTypes, type IdlBuiltin, type IdlEnumeration, type IdlField, type IdlStruct, type IdlType } from './idl.js';
import type { LibxlFieldDesc, LibxlTypeDesc } from './schema.js';

/**
 * Values of the C constants the IDL uses as `init_val` (they live in
 * `libxl.h`, not in the IDL). `~0` constants are written as the unsigned
 * value of the field's width by {@link initValue}.
 */
const C_CONSTANTS: Record<string, number | 'all-ones'> = {
  LIBXL_MEMKB_DEFAULT: 'all-ones',
  LIBXL_INVALID_GFN: 'all-ones',
  LIBXL_MAX_GRANT_DEFAULT: 'all-ones',
  LIBXL_NR_SPIS_DEFAULT: 'all-ones',
  LIBXL_ALTP2M_COUNT_DEFAULT: 'all-ones',
  '~0U': 'all-ones',
  LIBXL_TIMER_MODE_DEFAULT: -1,
  LIBXL_SCHED_PARAM_VCPU_INDEX_DEFAULT: -1,
  LIBXL_DOMAIN_SCHED_PARAM_WEIGHT_DEFAULT: -1,
  LIBXL_DOMAIN_SCHED_PARAM_CAP_DEFAULT: -1,
  LIBXL_DOMAIN_SCHED_PARAM_PERIOD_DEFAULT: -1,
  LIBXL_DOMAIN_SCHED_PARAM_SLICE_DEFAULT: -1,
  LIBXL_DOMAIN_SCHED_PARAM_LATENCY_DEFAULT: -1,
  LIBXL_DOMAIN_SCHED_PARAM_EXTRATIME_DEFAULT: -1,
  LIBXL_DOMAIN_SCHED_PARAM_BUDGET_DEFAULT: -1,
};

/** Options of {@link generateLibxlTypes}. */
export interface GenerateOptions {
  /** Version of the IDL source, recorded in the header (e.g. `Xen 4.23-dev (c447b7308b13)`). */
  version: string;
  /** Root type (default `libxl_domain_config`). */
  root?: string;
}

function pascal(cname: string): string {
  return cname
    .replace(/^libxl_+/, 'libxl_')
    .split('_')
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

function intWidth(t: IdlBuiltin): { width: number; signed: boolean } {
  if (t.name === 'integer') return { width: 32, signed: true };
  if (t.name === 'devid') return { width: 32, signed: true };
  if (t.name === 'domid') return { width: 32, signed: false };
  return { width: t.width ?? 32, signed: t.signed === true };
}

function isIntBuiltin(t: IdlBuiltin): boolean {
  return t.jsonType === 'JSON_INTEGER' || t.width !== undefined || ['integer', 'devid', 'domid', 'size_t'].includes(t.name);
}

function initValue(expr: string | undefined, t: IdlType): unknown {
  if (expr === undefined) return undefined;
  const trimmed = expr.trim();
  if (t.kind === 'enum') {
    const prefix = `${t.namespace}${t.name}_`.toUpperCase();
    const key = trimmed.toUpperCase().startsWith(prefix) ? trimmed.slice(prefix.length).toLowerCase() : undefined;
    if (key !== undefined && t.values.some((v) => v.json === key)) return key;
    const c = C_CONSTANTS[trimmed];
    if (typeof c === 'number') return t.values.find((v) => v.value === c)?.json ?? null;
    return null;
  }
  const c = C_CONSTANTS[trimmed];
  if (t.kind === 'builtin' && isIntBuiltin(t)) {
    const { width, signed } = intWidth(t);
    if (c === 'all-ones') return signed ? -1 : width >= 53 ? 2 ** width - 1 : 2 ** width - 1;
    if (typeof c === 'number') return c;
    if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  }
  return trimmed;
}

function enumDefault(t: IdlEnumeration): string | null {
  if (t.initVal !== undefined) return initValue(t.initVal, t) as string | null;
  return t.values.find((v) => v.value === 0)?.json ?? null;
}

function builtinDesc(t: IdlBuiltin): LibxlTypeDesc {
  if (t.name === 'bool') return { k: 'bool' };
  if (t.name === 'string') return { k: 'string' };
  if (t.name === 'defbool') return { k: 'defbool' };
  if (isIntBuiltin(t) && t.namespace === '') return { k: 'int', def: (initValue(t.initVal, t) as number | undefined) ?? 0 };
  if (t.name === 'devid' || t.name === 'domid') return { k: 'int', def: (initValue(t.initVal, t) as number | undefined) ?? 0 };
  const defaults: Record<string, unknown> = {
    uuid: '00000000-0000-0000-0000-000000000000',
    mac: '00:00:00:00:00:00',
    bitmap: [],
    string_list: [],
    key_value_list: {},
    cpuid_policy_list: [],
    hwcap: [],
  };
  return { k: 'builtin', name: t.name, json: t.jsonType ?? 'JSON_ANY', def: defaults[t.name] ?? null };
}

function desc(t: IdlType): LibxlTypeDesc {
  switch (t.kind) {
    case 'builtin':
      return builtinDesc(t);
    case 'enum':
      return { k: 'enum', name: idlTypeName(t)!, def: enumDefault(t) };
    case 'struct':
      return t.name === undefined ? { k: 'anon', fields: t.fields.map(fieldDesc) } : { k: 'struct', name: idlTypeName(t)! };
    case 'array':
      return { k: 'array', elem: desc(t.elem) };
    case 'keyed-union': {
      const members: Record<string, LibxlTypeDesc | null> = {};
      for (const m of t.members) members[m.name] = m.type ? desc(m.type) : null;
      return { k: 'union', key: idlTypeName(t.keyType)!, members };
    }
  }
}

function fieldDesc(f: IdlField): LibxlFieldDesc {
  const type = desc(f.type);
  const out: LibxlFieldDesc = { name: f.type.kind === 'keyed-union' ? f.type.keyVar : f.name, type };
  if (f.initVal !== undefined) out.def = initValue(f.initVal, f.type);
  return out;
}

function tsType(t: IdlType, indent: string): string {
  switch (t.kind) {
    case 'builtin': {
      if (t.name === 'bool') return 'boolean';
      if (t.name === 'string') return 'string';
      if (t.name === 'defbool') return 'LibxlDefbool';
      if (isIntBuiltin(t)) return 'number';
      if (t.name === 'uuid' || t.name === 'mac' || t.name === 'ev_link') return 'string';
      if (t.name === 'bitmap' || t.name === 'hwcap') return 'number[]';
      if (t.name === 'string_list') return 'string[]';
      if (t.name === 'key_value_list') return 'Record<string, string>';
      if (t.name === 'ms_vm_genid') return 'number[]';
      return 'unknown';
    }
    case 'enum':
      return pascal(idlTypeName(t)!);
    case 'struct':
      return t.name !== undefined ? pascal(idlTypeName(t)!) : `{\n${structBody(t, `${indent}  `)}${indent}}`;
    case 'array':
      return `Array<${tsType(t.elem, indent)}>`;
    case 'keyed-union':
      return 'never';
  }
}

function structBody(s: IdlStruct, indent: string): string {
  let out = '';
  for (const f of s.fields) {
    if (f.type.kind === 'keyed-union') {
      const u = f.type;
      for (const m of u.members) {
        out += `${indent}/** Union member selected by \`${u.keyVar}\` = \`${m.name}\`. */\n`;
        out += `${indent}'${u.keyVar}.${m.name}'?: ${m.type ? tsType(m.type, indent) : 'Record<string, never>'};\n`;
      }
      continue;
    }
    const notes: string[] = [];
    if (f.initVal !== undefined) notes.push(`default \`${f.initVal}\``);
    if (f.deprecatedBy) notes.push(`deprecated by \`${f.deprecatedBy}\``);
    out += `${indent}/** IDL field \`${f.name}\`${notes.length ? ` (${notes.join(', ')})` : ''}. */\n`;
    out += `${indent}${/^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name) ? f.name : `'${f.name}'`}?: ${tsType(f.type, indent)};\n`;
  }
  return out;
}

/** SHA-256 (hex) of the IDL text, recorded in the generated header. */
export function idlDigest(source: string): string {
  return createHash('sha256').update(source).digest('hex');
}

/**
 * Generates the text of `generated/types.ts` from the IDL source. The output
 * is deterministic, so a test can regenerate it and compare.
 */
export function generateLibxlTypes(idlSource: string, opts: GenerateOptions): string {
  const mod = parseIdl(idlSource);
  const rootName = opts.root ?? 'libxl_domain_config';
  const root = mod.types.get(rootName);
  if (!root) throw new Error(`IDL has no type ${rootName}`);
  const types = reachableTypes(root);
  const lines: string[] = [];
  lines.push('// GENERATED by packages/driver-xen/scripts/gen-libxl-types.ts — do not edit.');
  lines.push(`// Source: Xen libxl_types.idl, ${opts.version}`);
  lines.push(`// IDL sha256: ${idlDigest(idlSource)}`);
  lines.push('/* eslint-disable */');
  lines.push('/**');
  lines.push(` * JSON shapes of \`${rootName}\` and every type it references, generated from the libxl IDL`);
  lines.push(' * (keyed unions as `"<key>.<member>"`, enums as lower-case strings), and the runtime schema');
  lines.push(' * with IDL defaults used for semantic comparison.');
  lines.push(' * @module');
  lines.push(' */');
  lines.push("import type { LibxlSchema } from '../schema.js';");
  lines.push('');
  lines.push(`/** Version of the libxl IDL these types were generated from. */`);
  lines.push(`export const LIBXL_IDL_VERSION = ${JSON.stringify(opts.version)};`);
  lines.push('');
  lines.push('/** libxl_defbool in JSON. */');
  lines.push(`export type LibxlDefbool = 'True' | 'False' | '<default>';`);
  lines.push('');
  const schemaStructs: Record<string, LibxlFieldDesc[]> = {};
  const schemaEnums: Record<string, string[]> = {};
  for (const t of types) {
    const cname = idlTypeName(t)!;
    if (t.kind === 'enum') {
      schemaEnums[cname] = t.values.map((v) => v.json);
      lines.push(`/** Enumeration \`${cname}\`. */`);
      lines.push(`export type ${pascal(cname)} = ${t.values.map((v) => `'${v.json}'`).join(' | ')};`);
      lines.push('');
    } else if (t.kind === 'struct') {
      schemaStructs[cname] = t.fields.map(fieldDesc);
      lines.push(`/** Struct \`${cname}\`${t.dir ? ` (${t.dir})` : ''}. */`);
      lines.push(`export interface ${pascal(cname)} {`);
      lines.push(structBody(t, '  ').replace(/\n$/, ''));
      lines.push('}');
      lines.push('');
    }
  }
  lines.push('/** Runtime schema: struct fields (with IDL defaults) and enum values. */');
  lines.push(`export const LIBXL_SCHEMA: LibxlSchema = ${JSON.stringify({ structs: schemaStructs, enums: schemaEnums }, null, 1)};`);
  lines.push('');
  return lines.join('\n');
}
