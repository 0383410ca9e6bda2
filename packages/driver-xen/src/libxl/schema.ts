/**
 * Runtime description of libxl types (generated from the IDL into
 * `generated/types.ts`) and the semantic JSON comparison built on it.
 *
 * libxl's JSON generator omits fields that hold their default value, and
 * upstream's tests compare configs after a parse → generate round trip
 * through libxl. {@link normalizeLibxlJson} reproduces that: it drops every
 * field equal to its IDL default (`init_val`, or C zero-initialisation), every
 * empty array, and every struct that is empty after normalising.
 * @module
 */

/** Runtime descriptor of one libxl type, as recorded by the generator. */
export type LibxlTypeDesc =
  | { k: 'bool' }
  | { k: 'int'; def: number }
  | { k: 'string' }
  | { k: 'defbool' }
  | { k: 'enum'; name: string; def: string | null }
  | { k: 'struct'; name: string }
  | { k: 'anon'; fields: LibxlFieldDesc[] }
  | { k: 'array'; elem: LibxlTypeDesc }
  | { k: 'union'; key: string; members: Record<string, LibxlTypeDesc | null> }
  | { k: 'builtin'; name: string; json: string; def: unknown };

/** Runtime descriptor of one struct field. */
export interface LibxlFieldDesc {
  /** JSON key (for a keyed union: the key variable name, e.g. `type`). */
  name: string;
  /** Field type. */
  type: LibxlTypeDesc;
  /** Default JSON value when it differs from the type's (per-field `init_val`). */
  def?: unknown;
}

/** The tables the generator emits: named structs and enums. */
export interface LibxlSchema {
  /** Struct name (e.g. `libxl_domain_config`) → its fields. */
  structs: Record<string, LibxlFieldDesc[]>;
  /** Enum name → JSON value spellings in declaration order. */
  enums: Record<string, string[]>;
}

type Json = unknown;

function isObj(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeDefault(t: LibxlTypeDesc): Json {
  switch (t.k) {
    case 'bool':
      return false;
    case 'int':
      return t.def;
    case 'defbool':
      return '<default>';
    case 'enum':
      return t.def;
    case 'builtin':
      return t.def;
    default:
      return undefined;
  }
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

function isEmpty(v: Json): boolean {
  return v === undefined || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);
}

function normalizeFields(schema: LibxlSchema, value: Record<string, Json>, fields: LibxlFieldDesc[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  const byName = new Map(fields.map((f) => [f.name, f]));
  const unions = fields.filter((f) => f.type.k === 'union');
  for (const [key, v] of Object.entries(value)) {
    const f = byName.get(key);
    if (f && f.type.k !== 'union') {
      const n = normalizeValue(schema, v, f.type);
      const def = f.def !== undefined ? f.def : typeDefault(f.type);
      if (n === undefined || n === null || deepEqual(n, def)) continue;
      if (f.type.k !== 'int' && f.type.k !== 'bool' && isEmpty(n)) continue;
      out[key] = n;
      continue;
    }
    const dot = key.indexOf('.');
    const u = dot > 0 ? unions.find((x) => x.name === key.slice(0, dot)) : undefined;
    if (u && u.type.k === 'union') {
      const member = u.type.members[key.slice(dot + 1)];
      // The union key carries the discriminator, so it is kept even when its body is empty.
      out[key] = member ? (normalizeValue(schema, v, member) ?? {}) : {};
      continue;
    }
    out[key] = v;
  }
  return out;
}

function normalizeValue(schema: LibxlSchema, v: Json, t: LibxlTypeDesc): Json {
  switch (t.k) {
    case 'struct': {
      const fields = schema.structs[t.name];
      return isObj(v) && fields ? normalizeFields(schema, v, fields) : v;
    }
    case 'anon':
      return isObj(v) ? normalizeFields(schema, v, t.fields) : v;
    case 'array':
      return Array.isArray(v) ? v.map((x) => normalizeValue(schema, x, t.elem)) : v;
    case 'enum':
      return typeof v === 'string' ? v.toLowerCase() : v;
    default:
      return v;
  }
}

/**
 * Normalises a JSON value of the named libxl struct (e.g.
 * `libxl_domain_config`) so that absent and default-valued fields compare
 * equal: default-valued fields, empty arrays and structs that end up empty are
 * removed; keyed-union members are kept.
 */
export function normalizeLibxlJson(schema: LibxlSchema, typeName: string, value: unknown): unknown {
  return normalizeValue(schema, value, { k: 'struct', name: typeName });
}

/**
 * Describes the first difference between two normalised JSON values as a
 * dotted path and the two values, or returns `undefined` when equal.
 */
export function jsonDiff(a: unknown, b: unknown, path = ''): string | undefined {
  if (deepEqual(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path || '.'}: array length ${a.length} vs ${b.length} (${JSON.stringify(a).slice(0, 120)} vs ${JSON.stringify(b).slice(0, 120)})`;
    for (let i = 0; i < a.length; i++) {
      const d = jsonDiff(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  if (isObj(a) && isObj(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = jsonDiff(a[k], b[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
  }
  return `${path || '.'}: ${JSON.stringify(a)?.slice(0, 160)} vs ${JSON.stringify(b)?.slice(0, 160)}`;
}
