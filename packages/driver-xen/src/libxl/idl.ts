/**
 * Reader of the libxl type IDL (`libxl_types.idl`, Xen's `tools/libs/light`).
 *
 * The IDL is a Python program restricted to assignments of `idl.Type`
 * instances (see Xen's `idl.txt`). We do not run Python: a small tokenizer and
 * expression parser read the subset the IDL uses (calls with positional and
 * keyword arguments, tuples, lists, dicts, strings, integers, `True`/`False`/
 * `None`) and an evaluator builds the type graph the way `idl.py` does
 * (`Enumeration`, `Struct`, `KeyedUnion`, `Array`, `Builtin`, `UInt`, plus the
 * predefined builtins `integer`, `string`, `bool`, `uint8`..`uint64`, ...).
 * @module
 */
import { ErrorCode, PolyvisorError } from '@polyvisor/core';

// ---------------------------------------------------------------------------
// Model

/** One value of an {@link IdlEnumeration}. */
export interface IdlEnumValue {
  /** Value name as written in the IDL (e.g. `HVM`). */
  name: string;
  /** JSON spelling: the name lower-cased (libxl `*_to_string`). */
  json: string;
  /** Integer value. */
  value: number;
}

/** A field of an aggregate. */
export interface IdlField {
  /** Field name (the JSON key). */
  name: string;
  /** Field type. */
  type: IdlType;
  /** Per-field `init_val` (C expression), overriding the type's. */
  initVal?: string;
  /** Name of the field that deprecates this one (`deprecated_by`). */
  deprecatedBy?: string;
  /** `const` flag. */
  const?: boolean;
}

/** Predefined and `Builtin(...)` types (defbool, bitmap, uuid, string, integer, ...). */
export interface IdlBuiltin {
  /** Discriminator. */
  kind: 'builtin';
  /** Type name without namespace (e.g. `defbool`, `string`, `uint32`). */
  name: string;
  /** Namespace (`libxl_` or empty for C builtins). */
  namespace: string;
  /** JSON representation class from `json_parse_type` (e.g. `JSON_STRING`). */
  jsonType?: string;
  /** `init_val` C expression. */
  initVal?: string;
  /** Integer width for `UInt` types. */
  width?: number;
  /** Signed integer (for `integer`, `devid`). */
  signed?: boolean;
  /** Every keyword argument given in the IDL, verbatim. */
  props: Record<string, IdlValue>;
}

/** An `Enumeration(...)`. */
export interface IdlEnumeration {
  /** Discriminator. */
  kind: 'enum';
  /** Name without namespace. */
  name: string;
  /** Namespace. */
  namespace: string;
  /** Values in declaration order. */
  values: IdlEnumValue[];
  /** `init_val` C expression. */
  initVal?: string;
  /** Every keyword argument, verbatim. */
  props: Record<string, IdlValue>;
}

/** A `Struct(...)` (named or anonymous). */
export interface IdlStruct {
  /** Discriminator. */
  kind: 'struct';
  /** Name without namespace; `undefined` for an anonymous struct. */
  name?: string;
  /** Namespace. */
  namespace: string;
  /** Fields in order. */
  fields: IdlField[];
  /** `dir` (`DIR_IN`, `DIR_OUT`, `DIR_BOTH`). */
  dir?: string;
  /** Every keyword argument, verbatim. */
  props: Record<string, IdlValue>;
}

/** A `KeyedUnion(None, keyvar_type, keyvar_name, [...])` member. */
export interface IdlKeyedUnion {
  /** Discriminator. */
  kind: 'keyed-union';
  /** Enumeration of the key. */
  keyType: IdlEnumeration;
  /** Name of the key field added to the containing struct (e.g. `type`). */
  keyVar: string;
  /** Members: enum value name (lower case) → struct (or `undefined` for an empty member). */
  members: Array<{ name: string; type?: IdlType }>;
  /** `keyvar_init_val` C expression. */
  keyInitVal?: string;
}

/** An `Array(elem_type, "num_x")`. */
export interface IdlArray {
  /** Discriminator. */
  kind: 'array';
  /** Element type. */
  elem: IdlType;
  /** Name of the length field. */
  lenVar: string;
}

/** Any IDL type. */
export type IdlType = IdlBuiltin | IdlEnumeration | IdlStruct | IdlKeyedUnion | IdlArray;

/** A value of the Python subset (evaluated). */
export type IdlValue = string | number | boolean | null | IdlValue[] | { [k: string]: IdlValue } | IdlType | IdlTuple;

/** A Python tuple (kept apart from lists for clarity). */
export interface IdlTuple {
  /** Discriminator. */
  kind: 'tuple';
  /** Items. */
  items: IdlValue[];
}

/** The result of reading one IDL file. */
export interface IdlModule {
  /** Named types by their IDL variable name (e.g. `libxl_domain_config`). */
  types: Map<string, IdlType>;
  /** Declaration order of the variable names. */
  order: string[];
}

// ---------------------------------------------------------------------------
// Tokenizer

type Tok =
  | { t: 'name'; v: string; line: number }
  | { t: 'str'; v: string; line: number }
  | { t: 'num'; v: number; line: number }
  | { t: 'op'; v: string; line: number }
  | { t: 'nl'; line: number }
  | { t: 'eof'; line: number };

function idlError(message: string, line: number, file: string): PolyvisorError {
  return new PolyvisorError(ErrorCode.INVALID_ARG, `${file}:${line}: ${message}`, { driver: 'xen', detail: { line, file } });
}

function tokenize(src: string, file: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let line = 1;
  let depth = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      if (depth === 0) out.push({ t: 'nl', line });
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const q = c;
      let s = '';
      i++;
      while (i < src.length && src[i] !== q) {
        if (src[i] === '\n') throw idlError('unterminated string', line, file);
        if (src[i] === '\\' && i + 1 < src.length) {
          const e = src[i + 1]!;
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
          continue;
        }
        s += src[i];
        i++;
      }
      if (i >= src.length) throw idlError('unterminated string', line, file);
      i++;
      out.push({ t: 'str', v: s, line });
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^(0[xX][0-9a-fA-F]+|[0-9]+)/.exec(src.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]), line });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'name', v: m[0], line });
      i += m[0].length;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    if ('()[]{},:=-.'.includes(c)) {
      out.push({ t: 'op', v: c, line });
      i++;
      continue;
    }
    throw idlError(`unexpected character '${c}'`, line, file);
  }
  out.push({ t: 'nl', line });
  out.push({ t: 'eof', line });
  return out;
}

// ---------------------------------------------------------------------------
// Parser (expressions → AST)

type Expr =
  | { e: 'name'; v: string; line: number }
  | { e: 'lit'; v: string | number; line: number }
  | { e: 'call'; fn: string; args: Expr[]; kwargs: Array<[string, Expr]>; line: number }
  | { e: 'tuple'; items: Expr[]; line: number }
  | { e: 'list'; items: Expr[]; line: number }
  | { e: 'dict'; items: Array<[Expr, Expr]>; line: number };

type Stmt = { s: 'assign'; name: string; value: Expr; line: number } | { s: 'expr'; value: Expr; line: number };

class Parser {
  private p = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly file: string,
  ) {}

  private peek(): Tok {
    return this.toks[this.p]!;
  }
  private next(): Tok {
    return this.toks[this.p++]!;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === v;
  }
  private expectOp(v: string): void {
    const t = this.next();
    if (t.t !== 'op' || t.v !== v) throw idlError(`expected '${v}'`, t.line, this.file);
  }

  statements(): Stmt[] {
    const out: Stmt[] = [];
    for (;;) {
      const t = this.peek();
      if (t.t === 'eof') return out;
      if (t.t === 'nl') {
        this.p++;
        continue;
      }
      const n1 = this.toks[this.p + 1];
      if (t.t === 'name' && n1 && n1.t === 'op' && n1.v === '=') {
        this.p += 2;
        out.push({ s: 'assign', name: t.v, value: this.expr(), line: t.line });
      } else {
        out.push({ s: 'expr', value: this.expr(), line: t.line });
      }
      const end = this.next();
      if (end.t !== 'nl') throw idlError('expected end of statement', end.line, this.file);
    }
  }

  expr(): Expr {
    const t = this.next();
    if (t.t === 'str') {
      let v = t.v;
      // Adjacent string literals concatenate.
      while (this.peek().t === 'str') v += (this.next() as { v: string }).v;
      return { e: 'lit', v, line: t.line };
    }
    if (t.t === 'num') return { e: 'lit', v: t.v, line: t.line };
    if (t.t === 'op' && t.v === '-') {
      const n = this.next();
      if (n.t !== 'num') throw idlError('expected a number after -', n.line, this.file);
      return { e: 'lit', v: -n.v, line: t.line };
    }
    if (t.t === 'name') {
      let name = t.v;
      while (this.isOp('.')) {
        this.p++;
        const a = this.next();
        if (a.t !== 'name') throw idlError('expected attribute name', a.line, this.file);
        name += `.${a.v}`;
      }
      if (this.isOp('(')) {
        this.p++;
        const args: Expr[] = [];
        const kwargs: Array<[string, Expr]> = [];
        while (!this.isOp(')')) {
          const k = this.peek();
          const k1 = this.toks[this.p + 1];
          if (k.t === 'name' && k1 && k1.t === 'op' && k1.v === '=') {
            this.p += 2;
            kwargs.push([k.v, this.expr()]);
          } else {
            if (kwargs.length) throw idlError('positional argument after keyword argument', k.line, this.file);
            args.push(this.expr());
          }
          if (!this.isOp(')')) this.expectOp(',');
        }
        this.p++;
        return { e: 'call', fn: name, args, kwargs, line: t.line };
      }
      return { e: 'name', v: name, line: t.line };
    }
    if (t.t === 'op' && t.v === '(') {
      const items: Expr[] = [];
      let comma = false;
      while (!this.isOp(')')) {
        items.push(this.expr());
        if (!this.isOp(')')) {
          this.expectOp(',');
          comma = true;
        }
      }
      this.p++;
      if (items.length === 1 && !comma) return items[0]!;
      return { e: 'tuple', items, line: t.line };
    }
    if (t.t === 'op' && t.v === '[') {
      const items: Expr[] = [];
      while (!this.isOp(']')) {
        items.push(this.expr());
        if (!this.isOp(']')) this.expectOp(',');
      }
      this.p++;
      return { e: 'list', items, line: t.line };
    }
    if (t.t === 'op' && t.v === '{') {
      const items: Array<[Expr, Expr]> = [];
      while (!this.isOp('}')) {
        const k = this.expr();
        this.expectOp(':');
        items.push([k, this.expr()]);
        if (!this.isOp('}')) this.expectOp(',');
      }
      this.p++;
      return { e: 'dict', items, line: t.line };
    }
    throw idlError(`unexpected token ${t.t === 'op' ? `'${t.v}'` : t.t}`, t.line, this.file);
  }
}

// ---------------------------------------------------------------------------
// Evaluator

function isType(v: unknown): v is IdlType {
  return typeof v === 'object' && v !== null && 'kind' in v && (v as { kind: string }).kind !== 'tuple' && !Array.isArray(v);
}

function builtin(name: string, props: Partial<IdlBuiltin> = {}): IdlBuiltin {
  return { kind: 'builtin', name, namespace: '', props: {}, ...props };
}

/** The builtin types `idl.py` predefines. */
function predefined(): Map<string, IdlValue> {
  const m = new Map<string, IdlValue>();
  m.set('void', builtin('void'));
  m.set('bool', builtin('bool', { jsonType: 'JSON_BOOL' }));
  m.set('size_t', builtin('size_t', { jsonType: 'JSON_INTEGER' }));
  m.set('integer', builtin('integer', { jsonType: 'JSON_INTEGER', signed: true, width: 24 }));
  m.set('string', builtin('string', { jsonType: 'JSON_STRING' }));
  for (const w of [8, 16, 32, 64]) m.set(`uint${w}`, builtin(`uint${w}`, { jsonType: 'JSON_INTEGER', width: w }));
  for (const k of ['PASS_BY_VALUE', 'PASS_BY_REFERENCE', 'DIR_NONE', 'DIR_IN', 'DIR_OUT', 'DIR_BOTH']) m.set(k, k);
  m.set('True', true);
  m.set('False', false);
  m.set('None', null);
  return m;
}

function str(v: IdlValue | undefined): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

class Evaluator {
  namespace = 'libxl_';
  readonly env = predefined();
  readonly module: IdlModule = { types: new Map(), order: [] };
  constructor(private readonly file: string) {}

  run(stmts: Stmt[]): IdlModule {
    for (const st of stmts) {
      const v = this.eval(st.value);
      if (st.s === 'assign') {
        this.env.set(st.name, v);
        if (isType(v)) {
          this.module.types.set(st.name, v);
          this.module.order.push(st.name);
        }
      }
    }
    return this.module;
  }

  private kw(call: Extract<Expr, { e: 'call' }>): Record<string, IdlValue> {
    const out: Record<string, IdlValue> = {};
    for (const [k, v] of call.kwargs) out[k] = this.eval(v);
    return out;
  }

  private typeArg(v: IdlValue, line: number): IdlType {
    if (!isType(v)) throw idlError('expected a type', line, this.file);
    return v;
  }

  private fields(list: IdlValue, line: number): IdlField[] {
    if (!Array.isArray(list)) throw idlError('expected a field list', line, this.file);
    const out: IdlField[] = [];
    for (const f of list) {
      const items = typeof f === 'object' && f !== null && 'kind' in f && f.kind === 'tuple' ? (f as IdlTuple).items : undefined;
      if (!items || items.length < 2) throw idlError('expected a (name, type[, props]) tuple', line, this.file);
      const name = str(items[0]);
      if (name === undefined) throw idlError('field name must be a string', line, this.file);
      const type = this.typeArg(items[1]!, line);
      const props = (items[2] ?? {}) as Record<string, IdlValue>;
      const field: IdlField = { name, type };
      if (str(props.init_val) !== undefined) field.initVal = str(props.init_val);
      if (str(props.deprecated_by) !== undefined) field.deprecatedBy = str(props.deprecated_by);
      if (props.const === true) field.const = true;
      out.push(field);
    }
    return out;
  }

  eval(x: Expr): IdlValue {
    switch (x.e) {
      case 'lit':
        return x.v;
      case 'name': {
        if (!this.env.has(x.v)) throw idlError(`undefined name '${x.v}'`, x.line, this.file);
        return this.env.get(x.v)!;
      }
      case 'tuple':
        return { kind: 'tuple', items: x.items.map((i) => this.eval(i)) };
      case 'list':
        return x.items.map((i) => this.eval(i));
      case 'dict': {
        const o: Record<string, IdlValue> = {};
        for (const [k, v] of x.items) o[String(this.eval(k))] = this.eval(v);
        return o;
      }
      case 'call':
        return this.call(x);
    }
  }

  private call(x: Extract<Expr, { e: 'call' }>): IdlValue {
    const args = x.args.map((a) => this.eval(a));
    const kw = this.kw(x);
    const ns = str(kw.namespace) ?? this.namespace;
    switch (x.fn) {
      case 'namespace':
        this.namespace = str(args[0]) ?? '';
        return null;
      case 'hidden':
        return null;
      case 'Builtin': {
        const b: IdlBuiltin = { kind: 'builtin', name: str(args[0]) ?? '', namespace: ns, props: kw };
        if (str(kw.json_parse_type)) b.jsonType = str(kw.json_parse_type);
        if (str(kw.init_val) !== undefined) b.initVal = str(kw.init_val);
        if (kw.signed === true) b.signed = true;
        return b;
      }
      case 'UInt': {
        const width = Number(args[0]);
        const b: IdlBuiltin = { kind: 'builtin', name: `uint${width}`, namespace: '', width, jsonType: 'JSON_INTEGER', props: kw };
        if (str(kw.init_val) !== undefined) b.initVal = str(kw.init_val);
        return b;
      }
      case 'Enumeration': {
        const list = args[1];
        if (!Array.isArray(list)) throw idlError('Enumeration needs a value list', x.line, this.file);
        const values: IdlEnumValue[] = list.map((t) => {
          const items = (t as IdlTuple).items;
          const name = str(items?.[1]);
          if (!items || typeof items[0] !== 'number' || name === undefined) throw idlError('enumeration value must be (int, "NAME")', x.line, this.file);
          return { name, json: name.toLowerCase(), value: items[0] };
        });
        const e: IdlEnumeration = { kind: 'enum', name: str(args[0]) ?? '', namespace: ns, values, props: kw };
        if (str(kw.init_val) !== undefined) e.initVal = str(kw.init_val);
        return e;
      }
      case 'Struct': {
        const s: IdlStruct = { kind: 'struct', namespace: ns, fields: this.fields(args[1] ?? [], x.line), props: kw };
        const name = str(args[0]);
        if (name !== undefined) s.name = name;
        if (str(kw.dir)) s.dir = str(kw.dir);
        return s;
      }
      case 'KeyedUnion': {
        const keyType = this.typeArg(args[1]!, x.line);
        if (keyType.kind !== 'enum') throw idlError('KeyedUnion key must be an Enumeration', x.line, this.file);
        const list = args[3];
        if (!Array.isArray(list)) throw idlError('KeyedUnion needs a member list', x.line, this.file);
        const members = list.map((t) => {
          const items = (t as IdlTuple).items;
          const name = str(items?.[0]);
          if (!items || name === undefined) throw idlError('KeyedUnion member must be ("name", type)', x.line, this.file);
          const m: { name: string; type?: IdlType } = { name };
          if (items[1] !== null && items[1] !== undefined) m.type = this.typeArg(items[1], x.line);
          return m;
        });
        const u: IdlKeyedUnion = { kind: 'keyed-union', keyType, keyVar: str(args[2]) ?? 'type', members };
        if (str(kw.keyvar_init_val) !== undefined) u.keyInitVal = str(kw.keyvar_init_val);
        return u;
      }
      case 'Array': {
        const elem = this.typeArg(args[0]!, x.line);
        return { kind: 'array', elem, lenVar: str(args[1]) ?? '' };
      }
      default:
        throw idlError(`unknown constructor '${x.fn}'`, x.line, this.file);
    }
  }
}

/**
 * Parses libxl IDL source text (`libxl_types.idl`) into its named types.
 * Throws `INVALID_ARG` with the file and line on a syntax error or an
 * unknown name.
 */
export function parseIdl(source: string, file = 'libxl_types.idl'): IdlModule {
  const stmts = new Parser(tokenize(source, file), file).statements();
  return new Evaluator(file).run(stmts);
}

/** Full C name of a named type (`libxl_` + name), or `undefined` for anonymous ones. */
export function idlTypeName(t: IdlType): string | undefined {
  if (t.kind === 'struct') return t.name === undefined ? undefined : `${t.namespace}${t.name}`;
  if (t.kind === 'enum' || t.kind === 'builtin') return `${t.namespace}${t.name}`;
  return undefined;
}

/**
 * The named types reachable from `root` (inclusive), in dependency order
 * (a type comes after every named type it references).
 */
export function reachableTypes(root: IdlType): IdlType[] {
  const out: IdlType[] = [];
  const seen = new Set<IdlType>();
  const visit = (t: IdlType): void => {
    if (seen.has(t)) return;
    seen.add(t);
    switch (t.kind) {
      case 'struct':
        for (const f of t.fields) visit(f.type);
        break;
      case 'keyed-union':
        visit(t.keyType);
        for (const m of t.members) if (m.type) visit(m.type);
        break;
      case 'array':
        visit(t.elem);
        break;
      default:
        break;
    }
    if (idlTypeName(t) !== undefined) out.push(t);
  };
  visit(root);
  return out;
}
