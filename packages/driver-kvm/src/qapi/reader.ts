/**
 * A reader for the QAPI schema language (QEMU's `qapi/*.json`, `qga/qapi-schema.json`).
 *
 * The language is "loosely based on JSON" (see `docs/qapi-code-gen.rst`):
 * `#` comments, `##` documentation blocks, single-quoted strings with only
 * the `\\` escape, no numbers and no `null`. A schema is a sequence of
 * top-level objects: directives (`include`, `pragma`) and definitions
 * (`enum`, `struct`, `union`, `alternate`, `command`, `event`).
 *
 * {@link readQapiSchema} tokenizes and parses every file, follows includes
 * relative to the including file, attaches doc comments, checks the shape of
 * every expression and that every type reference resolves, and returns a
 * typed {@link QapiSchema}. Errors are {@link QapiSchemaError}s naming `file:line:column`.
 * @module
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ErrorCode, PolyvisorError } from '@polyvisor/core';
import { docHeading, docSymbol, parseDefinitionDoc, type RawDocBlock } from './doc.js';
import {
  isQapiBuiltinType,
  type QapiAlternate,
  type QapiArguments,
  type QapiBranch,
  type QapiCommand,
  type QapiCondition,
  type QapiDefinition,
  type QapiDefinitionBase,
  type QapiEnum,
  type QapiEvent,
  type QapiFeature,
  type QapiMember,
  type QapiModule,
  type QapiPragmas,
  type QapiSchema,
  type QapiStruct,
  type QapiTypeRef,
  type QapiUnion,
  type QapiUnionBase,
} from './model.js';

/** A syntax or semantic error in a QAPI schema, located at `file:line:column`. */
export class QapiSchemaError extends PolyvisorError {
  /** File the error is in. */
  readonly file: string;
  /** 1-based line (0 when the file itself could not be read). */
  readonly line: number;
  /** 1-based column (0 when only the line is known). */
  readonly column: number;
  /** Creates an error at a location; the message reads `file:line:column: reason`. */
  constructor(reason: string, file: string, line: number, column = 0) {
    const where = line <= 0 ? file : column > 0 ? `${file}:${line}:${column}` : `${file}:${line}`;
    super(ErrorCode.INVALID_ARG, `${where}: ${reason}`, { driver: 'kvm', detail: { file, line, column, reason } });
    this.name = 'QapiSchemaError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

// ---------------------------------------------------------------------------
// Tokenizer

interface Pos {
  line: number;
  column: number;
}

type Token =
  | ({ kind: 'punct'; value: '{' | '}' | '[' | ']' | ':' | ',' } & Pos)
  | ({ kind: 'string'; value: string } & Pos)
  | ({ kind: 'bool'; value: boolean } & Pos)
  | ({ kind: 'doc'; block: RawDocBlock } & Pos)
  | ({ kind: 'eof' } & Pos);

/** Splits QAPI source text into tokens; comments vanish, `##` blocks become `doc` tokens. */
function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  const lines = text.split('\n');
  const lineOffsets: number[] = [];
  for (let k = 0, off = 0; k < lines.length; k++) {
    lineOffsets.push(off);
    off += lines[k].length + 1;
  }
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const col = (at: number): number => at - lineStart + 1;
  const fail = (msg: string, at: number): never => {
    throw new QapiSchemaError(msg, file, line, col(at));
  };
  const newline = (at: number): void => {
    line++;
    lineStart = at + 1;
  };

  while (i < text.length) {
    const ch = text[i];
    if (ch === '\n') {
      newline(i);
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === '#') {
      const end = text.indexOf('\n', i);
      const comment = text.slice(i, end === -1 ? text.length : end).trimEnd();
      if (!comment.startsWith('##')) {
        i = end === -1 ? text.length : end;
        continue;
      }
      if (comment !== '##') fail("junk after '##' at start of documentation comment", i);
      // A documentation block: every following line is a comment until a closing '##'.
      const startLine = line;
      const startCol = col(i);
      const body: string[] = [];
      let n = line; // 1-based index of the current line
      for (;;) {
        n++;
        const raw = lines[n - 1];
        if (raw === undefined) throw new QapiSchemaError("documentation comment must end with '##'", file, startLine, startCol);
        const t = raw.replace(/\r$/, '').trim();
        // Whitespace-only lines are skipped, as QEMU's lexer does.
        if (t === '') continue;
        if (!t.startsWith('#')) throw new QapiSchemaError("documentation comment must end with '##'", file, n, 1);
        if (t.replace(/\s+$/, '') === '##') break;
        if (t.startsWith('##')) throw new QapiSchemaError("unexpected '##' in documentation comment", file, n, 1);
        const content = raw.replace(/\r$/, '').replace(/^\s*#/, '');
        if (content !== '' && !content.startsWith(' ')) throw new QapiSchemaError("missing space after '#' in documentation comment", file, n, 2);
        body.push(content.slice(1).trimEnd());
      }
      tokens.push({ kind: 'doc', block: { lines: body, line: startLine }, line: startLine, column: startCol });
      // Continue at the end of the closing '##' line.
      line = n;
      lineStart = lineOffsets[n - 1];
      i = lineStart + lines[n - 1].length;
    } else if ('{}[]:,'.includes(ch)) {
      tokens.push({ kind: 'punct', value: ch as '{', line, column: col(i) });
      i++;
    } else if (ch === "'") {
      const startCol = col(i);
      let value = '';
      i++;
      for (;;) {
        const c = text[i];
        if (c === undefined || c === '\n') fail("missing terminating \"'\"", i);
        if (c === '\\') {
          if (text[i + 1] !== '\\') fail(`unknown escape \\${text[i + 1] ?? ''}`, i);
          value += '\\';
          i += 2;
          continue;
        }
        i++;
        if (c === "'") break;
        const code = c.charCodeAt(0);
        if (code < 32 || code >= 127) fail('funny character in string', i - 1);
        value += c;
      }
      tokens.push({ kind: 'string', value, line, column: startCol });
    } else if (text.startsWith('true', i) || text.startsWith('false', i)) {
      const value = text.startsWith('true', i);
      tokens.push({ kind: 'bool', value, line, column: col(i) });
      i += value ? 4 : 5;
    } else if (ch === '"') {
      fail('strings are single-quoted in QAPI schemas', i);
    } else {
      fail(`stray '${/[\x21-\x7e]/.test(ch) ? ch : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`}'`, i);
    }
  }
  tokens.push({ kind: 'eof', line, column: col(i) });
  return tokens;
}

// ---------------------------------------------------------------------------
// Parser: tokens → located JSON-like values

type Value =
  | ({ kind: 'string'; value: string } & Pos)
  | ({ kind: 'bool'; value: boolean } & Pos)
  | ({ kind: 'array'; items: Value[] } & Pos)
  | ({ kind: 'object'; entries: Map<string, { key: Pos; value: Value }> } & Pos);

type ObjectValue = Extract<Value, { kind: 'object' }>;

/** A top-level expression with the documentation block that precedes it. */
interface TopLevel {
  expr: ObjectValue;
  doc?: RawDocBlock;
}

function parseText(text: string, file: string): { exprs: TopLevel[]; freeDocs: RawDocBlock[] } {
  const tokens = tokenize(text, file);
  let p = 0;
  const fail = (msg: string, at: Pos): never => {
    throw new QapiSchemaError(msg, file, at.line, at.column);
  };
  // Inside expressions, doc blocks are plain comments.
  const peek = (): Token => {
    while (tokens[p].kind === 'doc') p++;
    return tokens[p];
  };
  const next = (): Token => {
    const t = peek();
    p++;
    return t;
  };
  const describe = (t: Token): string => (t.kind === 'eof' ? 'end of file' : t.kind === 'punct' ? `'${t.value}'` : t.kind === 'string' ? `string '${t.value}'` : t.kind === 'bool' ? String(t.value) : 'comment');
  const expectPunct = (v: string, what: string): Token => {
    const t = next();
    if (t.kind !== 'punct' || t.value !== v) fail(`expected ${what}, found ${describe(t)}`, t);
    return t;
  };

  const parseValue = (): Value => {
    const t = next();
    if (t.kind === 'string' || t.kind === 'bool') return t;
    if (t.kind === 'punct' && t.value === '{') return parseObjectRest(t);
    if (t.kind === 'punct' && t.value === '[') {
      const items: Value[] = [];
      let n = peek();
      if (n.kind === 'punct' && n.value === ']') {
        next();
        return { kind: 'array', items, line: t.line, column: t.column };
      }
      for (;;) {
        items.push(parseValue());
        n = next();
        if (n.kind === 'punct' && n.value === ']') break;
        if (n.kind !== 'punct' || n.value !== ',') fail(`expected ',' or ']', found ${describe(n)}`, n);
      }
      return { kind: 'array', items, line: t.line, column: t.column };
    }
    return fail(`expected value, found ${describe(t)}`, t);
  };

  const parseObjectRest = (open: Pos): ObjectValue => {
    const entries = new Map<string, { key: Pos; value: Value }>();
    let t = peek();
    if (t.kind === 'punct' && t.value === '}') {
      next();
      return { kind: 'object', entries, line: open.line, column: open.column };
    }
    for (;;) {
      const key = next();
      if (key.kind !== 'string') return fail(`expected string key, found ${describe(key)}`, key);
      expectPunct(':', "':'");
      if (entries.has(key.value)) fail(`duplicate key '${key.value}'`, key);
      entries.set(key.value, { key, value: parseValue() });
      t = next();
      if (t.kind === 'punct' && t.value === '}') break;
      if (t.kind !== 'punct' || t.value !== ',') fail(`expected ',' or '}', found ${describe(t)}`, t);
    }
    return { kind: 'object', entries, line: open.line, column: open.column };
  };

  const exprs: TopLevel[] = [];
  const freeDocs: RawDocBlock[] = [];
  let pending: RawDocBlock | undefined;
  for (;;) {
    const t = tokens[p];
    if (t.kind === 'eof') break;
    if (t.kind === 'doc') {
      p++;
      if (pending && docSymbol(pending) !== undefined) fail(`documentation for '${docSymbol(pending)}' is not followed by its definition`, { line: pending.line, column: 1 });
      if (pending) freeDocs.push(pending);
      pending = t.block;
      continue;
    }
    if (t.kind !== 'punct' || t.value !== '{') fail(`expected '{' at top level, found ${describe(t)}`, t);
    p++;
    const expr = parseObjectRest(t);
    if (pending && docSymbol(pending) === undefined) {
      freeDocs.push(pending);
      pending = undefined;
    }
    exprs.push(pending ? { expr, doc: pending } : { expr });
    pending = undefined;
  }
  if (pending) {
    if (docSymbol(pending) !== undefined) fail(`documentation for '${docSymbol(pending)}' is not followed by its definition`, { line: pending.line, column: 1 });
    freeDocs.push(pending);
  }
  return { exprs, freeDocs };
}

// ---------------------------------------------------------------------------
// Expression checking: located values → typed definitions

/** Converts and checks the expressions of one file. */
class ExprChecker {
  constructor(
    private readonly file: string,
    private readonly module: string,
  ) {}

  fail(msg: string, at: Pos): never {
    throw new QapiSchemaError(msg, this.file, at.line, at.column);
  }

  keys(obj: ObjectValue, meta: string, required: string[], optional: string[]): void {
    for (const k of required) if (!obj.entries.has(k)) this.fail(`'${meta}' expression misses key '${k}'`, obj);
    const allowed = new Set([...required, ...optional]);
    for (const [k, { key }] of obj.entries) if (!allowed.has(k)) this.fail(`'${meta}' expression has unknown key '${k}'`, key);
  }

  str(v: Value | undefined, what: string, at: Pos): string {
    if (v?.kind !== 'string') return this.fail(`${what} must be a string`, v ?? at);
    return v.value;
  }

  bool(v: Value | undefined, what: string, dflt: boolean): boolean {
    if (v === undefined) return dflt;
    if (v.kind !== 'bool') return this.fail(`${what} must be true or false`, v);
    return v.value;
  }

  obj(v: Value | undefined, what: string, at: Pos): ObjectValue {
    if (v?.kind !== 'object') return this.fail(`${what} must be an object`, v ?? at);
    return v;
  }

  arr(v: Value | undefined, what: string, at: Pos): Value[] {
    if (v?.kind !== 'array') return this.fail(`${what} must be an array`, v ?? at);
    return v.items;
  }

  name(v: Value | undefined, what: string, at: Pos): string {
    const s = this.str(v, what, at);
    if (!/^(__[A-Za-z0-9.-]+_)?[A-Za-z0-9][A-Za-z0-9_-]*$/.test(s)) this.fail(`${what} has an invalid name '${s}'`, v ?? at);
    return s;
  }

  cond(v: Value | undefined, what: string): QapiCondition | undefined {
    if (v === undefined) return undefined;
    if (v.kind === 'string') {
      if (v.value.trim() === '') this.fail(`'if' condition of ${what} must not be empty`, v);
      return v.value;
    }
    if (v.kind !== 'object') return this.fail(`'if' condition of ${what} must be a string or an object`, v);
    if (v.entries.size !== 1) this.fail(`'if' condition of ${what} must have exactly one key 'all', 'any' or 'not'`, v);
    const [[op, { value }]] = [...v.entries];
    if (op === 'not') return { not: this.cond(value, what)! };
    if (op !== 'all' && op !== 'any') return this.fail(`'if' condition of ${what} has unknown operator '${op}'`, v);
    const items = this.arr(value, `'${op}' of ${what}`, v);
    if (items.length === 0) this.fail(`'if' condition '${op}' of ${what} must not be empty`, value);
    const sub = items.map((c) => this.cond(c, what)!);
    return op === 'all' ? { all: sub } : { any: sub };
  }

  features(v: Value | undefined, what: string): QapiFeature[] {
    if (v === undefined) return [];
    return this.arr(v, `'features' of ${what}`, v).map((f) => {
      if (f.kind === 'string') return { name: this.name(f, `feature of ${what}`, f) };
      const o = this.obj(f, `feature of ${what}`, f);
      this.keys(o, `feature of ${what}`, ['name'], ['if']);
      const feature: QapiFeature = { name: this.name(o.entries.get('name')?.value, `feature of ${what}`, o) };
      const cond = this.cond(o.entries.get('if')?.value, `feature of ${what}`);
      if (cond !== undefined) feature.if = cond;
      return feature;
    });
  }

  typeRef(v: Value | undefined, what: string, at: Pos): QapiTypeRef {
    if (v?.kind === 'array') {
      if (v.items.length !== 1 || v.items[0].kind !== 'string') return this.fail(`${what}: array type must contain a single type name`, v);
      return { name: v.items[0].value, array: true };
    }
    return { name: this.str(v, `type of ${what}`, at), array: false };
  }

  members(v: ObjectValue, what: string): QapiMember[] {
    const out: QapiMember[] = [];
    for (const [rawName, { key, value }] of v.entries) {
      const optional = rawName.startsWith('*');
      const name = optional ? rawName.slice(1) : rawName;
      this.name({ kind: 'string', value: name, line: key.line, column: key.column }, `member of ${what}`, key);
      const m: QapiMember = { name, type: { name: '', array: false }, optional, features: [] };
      if (value.kind === 'object') {
        this.keys(value, `member '${name}' of ${what}`, ['type'], ['if', 'features']);
        m.type = this.typeRef(value.entries.get('type')?.value, `member '${name}' of ${what}`, value);
        const cond = this.cond(value.entries.get('if')?.value, `member '${name}' of ${what}`);
        if (cond !== undefined) m.if = cond;
        m.features = this.features(value.entries.get('features')?.value, `member '${name}' of ${what}`);
      } else {
        m.type = this.typeRef(value, `member '${name}' of ${what}`, key);
      }
      out.push(m);
    }
    return out;
  }

  branches(v: ObjectValue, what: string, allowArray: boolean): QapiBranch[] {
    const out: QapiBranch[] = [];
    for (const [name, { key, value }] of v.entries) {
      this.name({ kind: 'string', value: name, line: key.line, column: key.column }, `branch of ${what}`, key);
      const b: QapiBranch = { name, type: { name: '', array: false } };
      if (value.kind === 'object') {
        this.keys(value, `branch '${name}' of ${what}`, ['type'], ['if']);
        b.type = this.typeRef(value.entries.get('type')?.value, `branch '${name}' of ${what}`, value);
        const cond = this.cond(value.entries.get('if')?.value, `branch '${name}' of ${what}`);
        if (cond !== undefined) b.if = cond;
      } else {
        b.type = this.typeRef(value, `branch '${name}' of ${what}`, key);
      }
      if (b.type.array && !allowArray) this.fail(`branch '${name}' of ${what} cannot be an array`, value);
      out.push(b);
    }
    if (out.length === 0) this.fail(`${what} must have at least one branch`, v);
    return out;
  }

  args(v: Value | undefined, what: string, at: Pos): QapiArguments | undefined {
    if (v === undefined) return undefined;
    if (v.kind === 'string') return { kind: 'named', name: v.value };
    return { kind: 'inline', members: this.members(this.obj(v, `'data' of ${what}`, at), what) };
  }

  base(obj: ObjectValue, meta: string, name: string): QapiDefinitionBase {
    const def: QapiDefinitionBase = { name, module: this.module, location: { file: this.file, line: obj.line }, features: [] };
    const cond = this.cond(obj.entries.get('if')?.value, `${meta} '${name}'`);
    if (cond !== undefined) def.if = cond;
    def.features = this.features(obj.entries.get('features')?.value, `${meta} '${name}'`);
    return def;
  }

  definition(obj: ObjectValue): QapiDefinition {
    const e = obj.entries;
    const get = (k: string): Value | undefined => e.get(k)?.value;
    if (e.has('enum')) {
      this.keys(obj, 'enum', ['enum', 'data'], ['prefix', 'if', 'features']);
      const name = this.name(get('enum'), "'enum'", obj);
      const what = `enum '${name}'`;
      const def: QapiEnum = {
        ...this.base(obj, 'enum', name),
        kind: 'enum',
        values: this.arr(get('data'), `'data' of ${what}`, obj).map((v) => {
          if (v.kind === 'string') return { name: this.name(v, `value of ${what}`, v), features: [] };
          const o = this.obj(v, `value of ${what}`, v);
          this.keys(o, `value of ${what}`, ['name'], ['if', 'features']);
          const value = { name: this.name(o.entries.get('name')?.value, `value of ${what}`, o), features: this.features(o.entries.get('features')?.value, `value of ${what}`) };
          const cond = this.cond(o.entries.get('if')?.value, `value of ${what}`);
          return cond === undefined ? value : { ...value, if: cond };
        }),
      };
      const seen = new Set<string>();
      for (const v of def.values) {
        if (seen.has(v.name)) this.fail(`${what} has duplicate value '${v.name}'`, obj);
        seen.add(v.name);
      }
      if (e.has('prefix')) def.prefix = this.str(get('prefix'), `'prefix' of ${what}`, obj);
      return def;
    }
    if (e.has('struct')) {
      this.keys(obj, 'struct', ['struct', 'data'], ['base', 'if', 'features']);
      const name = this.name(get('struct'), "'struct'", obj);
      const def: QapiStruct = { ...this.base(obj, 'struct', name), kind: 'struct', members: this.members(this.obj(get('data'), `'data' of struct '${name}'`, obj), `struct '${name}'`) };
      if (e.has('base')) def.base = this.str(get('base'), `'base' of struct '${name}'`, obj);
      return def;
    }
    if (e.has('union')) {
      this.keys(obj, 'union', ['union', 'base', 'discriminator', 'data'], ['if', 'features']);
      const name = this.name(get('union'), "'union'", obj);
      const what = `union '${name}'`;
      const b = get('base')!;
      const base: QapiUnionBase = b.kind === 'string' ? { kind: 'named', name: b.value } : { kind: 'inline', members: this.members(this.obj(b, `'base' of ${what}`, obj), what) };
      return {
        ...this.base(obj, 'union', name),
        kind: 'union',
        base,
        discriminator: this.str(get('discriminator'), `'discriminator' of ${what}`, obj),
        branches: this.branches(this.obj(get('data'), `'data' of ${what}`, obj), what, false),
      } satisfies QapiUnion;
    }
    if (e.has('alternate')) {
      this.keys(obj, 'alternate', ['alternate', 'data'], ['if', 'features']);
      const name = this.name(get('alternate'), "'alternate'", obj);
      const what = `alternate '${name}'`;
      return { ...this.base(obj, 'alternate', name), kind: 'alternate', branches: this.branches(this.obj(get('data'), `'data' of ${what}`, obj), what, true) } satisfies QapiAlternate;
    }
    if (e.has('command')) {
      this.keys(obj, 'command', ['command'], ['data', 'boxed', 'returns', 'success-response', 'gen', 'allow-oob', 'allow-preconfig', 'coroutine', 'if', 'features']);
      const name = this.name(get('command'), "'command'", obj);
      const what = `command '${name}'`;
      const def: QapiCommand = {
        ...this.base(obj, 'command', name),
        kind: 'command',
        boxed: this.bool(get('boxed'), `'boxed' of ${what}`, false),
        successResponse: this.bool(get('success-response'), `'success-response' of ${what}`, true),
        gen: this.bool(get('gen'), `'gen' of ${what}`, true),
        allowOob: this.bool(get('allow-oob'), `'allow-oob' of ${what}`, false),
        allowPreconfig: this.bool(get('allow-preconfig'), `'allow-preconfig' of ${what}`, false),
        coroutine: this.bool(get('coroutine'), `'coroutine' of ${what}`, false),
      };
      const data = this.args(get('data'), what, obj);
      if (data) def.data = data;
      if (def.boxed && data?.kind !== 'named') this.fail(`${what} is 'boxed' and needs 'data' naming a type`, obj);
      if (e.has('returns')) def.returns = this.typeRef(get('returns'), `'returns' of ${what}`, obj);
      return def;
    }
    if (e.has('event')) {
      this.keys(obj, 'event', ['event'], ['data', 'boxed', 'if', 'features']);
      const name = this.name(get('event'), "'event'", obj);
      const what = `event '${name}'`;
      const def: QapiEvent = { ...this.base(obj, 'event', name), kind: 'event', boxed: this.bool(get('boxed'), `'boxed' of ${what}`, false) };
      const data = this.args(get('data'), what, obj);
      if (data) def.data = data;
      if (def.boxed && data?.kind !== 'named') this.fail(`${what} is 'boxed' and needs 'data' naming a type`, obj);
      return def;
    }
    return this.fail(`expression must have one of the keys 'include', 'pragma', 'enum', 'struct', 'union', 'alternate', 'command', 'event'`, obj);
  }

  pragma(obj: ObjectValue, into: QapiPragmas): void {
    this.keys(obj, 'pragma', ['pragma'], []);
    const body = this.obj(obj.entries.get('pragma')?.value, "'pragma'", obj);
    const lists: Record<string, keyof Omit<QapiPragmas, 'docRequired'>> = {
      'command-name-exceptions': 'commandNameExceptions',
      'command-returns-exceptions': 'commandReturnsExceptions',
      'documentation-exceptions': 'documentationExceptions',
      'member-name-exceptions': 'memberNameExceptions',
    };
    for (const [k, { key, value }] of body.entries) {
      if (k === 'doc-required') into.docRequired = this.bool(value, "pragma 'doc-required'", false);
      else if (k in lists) into[lists[k]].push(...this.arr(value, `pragma '${k}'`, key).map((s) => this.str(s, `element of pragma '${k}'`, s)));
      else this.fail(`unknown pragma '${k}'`, key);
    }
  }
}

// ---------------------------------------------------------------------------
// Whole-schema reading

/** Options for {@link readQapiSchema}. */
export interface ReadQapiSchemaOptions {
  /**
   * Version to record in {@link QapiSchema.version}. By default it is read
   * from a `VERSION` file next to the root file or in its parent directory
   * (QEMU keeps `VERSION` at the top of the source tree).
   */
  version?: string;
  /** Reads a file as UTF-8 text; defaults to `fs.promises.readFile`. Lets tests use in-memory schemas. */
  readFile?: (file: string) => Promise<string>;
}

const emptyPragmas = (): QapiPragmas => ({
  docRequired: false,
  commandNameExceptions: [],
  commandReturnsExceptions: [],
  documentationExceptions: [],
  memberNameExceptions: [],
});

/**
 * Reads a QAPI schema: the root file and, recursively, every file it
 * `include`s (paths relative to the including file; repeated includes are
 * no-ops). Definitions keep source order, with included definitions at
 * their first include point.
 *
 * @param rootFile - Path of the root schema file, e.g. `qemu/qapi/qapi-schema.json`.
 * @param options - Version override and file reader.
 * @returns The typed schema model.
 * @throws {@link QapiSchemaError} on a syntax error, a malformed expression,
 *   a missing include, a duplicate definition or an unresolved type, with `file:line:column`.
 */
export async function readQapiSchema(rootFile: string, options: ReadQapiSchemaOptions = {}): Promise<QapiSchema> {
  const read = options.readFile ?? ((f: string) => fsReadFile(f, 'utf8'));
  const root = path.resolve(rootFile);
  const rootDir = path.dirname(root);
  const schema: QapiSchema = {
    rootFile: root,
    modules: [],
    pragmas: emptyPragmas(),
    definitions: [],
    enums: [],
    structs: [],
    unions: [],
    alternates: [],
    commands: [],
    events: [],
  };
  const seen = new Set<string>();
  const byName = new Map<string, QapiDefinition>();

  const load = async (file: string, from?: { file: string; line: number; column: number }): Promise<void> => {
    let text: string;
    try {
      text = await read(file);
    } catch (err) {
      const reason = `cannot read ${path.relative(rootDir, file) || file}: ${(err as Error).message}`;
      if (from) throw new QapiSchemaError(reason, from.file, from.line, from.column);
      throw new QapiSchemaError(reason, file, 0);
    }
    const module: QapiModule = { name: path.relative(rootDir, file).split(path.sep).join('/'), file, includes: [] };
    schema.modules.push(module);
    const { exprs, freeDocs } = parseText(text, file);
    for (const d of freeDocs) {
      const h = docHeading(d);
      if (h && module.heading === undefined) module.heading = h;
    }
    const checker = new ExprChecker(file, module.name);
    for (const { expr, doc } of exprs) {
      const include = expr.entries.get('include');
      if (include) {
        checker.keys(expr, 'include', ['include'], []);
        const target = path.resolve(path.dirname(file), checker.str(include.value, "'include'", expr));
        module.includes.push(path.relative(rootDir, target).split(path.sep).join('/'));
        if (seen.has(target)) continue;
        seen.add(target);
        await load(target, { file, line: include.value.line, column: include.value.column });
        continue;
      }
      if (expr.entries.has('pragma')) {
        checker.pragma(expr, schema.pragmas);
        continue;
      }
      const def = checker.definition(expr);
      if (doc) {
        const parsed = parseDefinitionDoc(doc);
        if (parsed.symbol !== def.name) checker.fail(`documentation comment is for '${parsed.symbol}', not '${def.name}'`, { line: doc.line, column: 1 });
        attachDoc(def, parsed);
      }
      const prev = byName.get(def.name);
      if (prev) checker.fail(`'${def.name}' is already defined at ${prev.location.file}:${prev.location.line}`, expr);
      if (isQapiBuiltinType(def.name)) checker.fail(`'${def.name}' is a built-in type`, expr);
      byName.set(def.name, def);
      schema.definitions.push(def);
      pushByKind(schema, def);
    }
  };

  seen.add(root);
  await load(root);
  checkReferences(schema, byName);
  const version = options.version ?? (await findVersion(rootDir, read));
  if (version !== undefined) schema.version = version;
  return schema;
}

function pushByKind(schema: QapiSchema, def: QapiDefinition): void {
  switch (def.kind) {
    case 'enum':
      schema.enums.push(def);
      break;
    case 'struct':
      schema.structs.push(def);
      break;
    case 'union':
      schema.unions.push(def);
      break;
    case 'alternate':
      schema.alternates.push(def);
      break;
    case 'command':
      schema.commands.push(def);
      break;
    case 'event':
      schema.events.push(def);
      break;
  }
}

/** Copies member / value / feature descriptions of a doc block onto the definition's parts. */
function attachDoc(def: QapiDefinition, doc: QapiDefinition['doc'] & object): void {
  def.doc = doc;
  const describe = (items: { name: string; doc?: string }[]): void => {
    for (const it of items) if (doc.members[it.name] !== undefined) it.doc = doc.members[it.name];
  };
  switch (def.kind) {
    case 'enum':
      describe(def.values);
      break;
    case 'struct':
      describe(def.members);
      break;
    case 'union':
      if (def.base.kind === 'inline') describe(def.base.members);
      describe(def.branches);
      break;
    case 'alternate':
      describe(def.branches);
      break;
    case 'command':
    case 'event':
      if (def.data?.kind === 'inline') describe(def.data.members);
      break;
  }
  for (const f of def.features) if (doc.features[f.name] !== undefined) f.doc = doc.features[f.name];
}

/** Checks that every type reference resolves and that union discriminators are sound. */
function checkReferences(schema: QapiSchema, byName: Map<string, QapiDefinition>): void {
  const fail = (def: QapiDefinition, msg: string): never => {
    throw new QapiSchemaError(msg, def.location.file, def.location.line);
  };
  const type = (def: QapiDefinition, ref: QapiTypeRef, what: string): void => {
    if (isQapiBuiltinType(ref.name)) return;
    const t = byName.get(ref.name);
    if (!t) fail(def, `${what} uses unknown type '${ref.name}'`);
    else if (t.kind === 'command' || t.kind === 'event') fail(def, `${what} uses '${ref.name}', which is a ${t.kind}, not a type`);
  };
  const complex = (def: QapiDefinition, name: string, what: string, kinds: string[]): QapiDefinition => {
    const t = byName.get(name);
    if (!t || !kinds.includes(t.kind)) return fail(def, `${what} must name a ${kinds.join(' or ')} type, not '${name}'`);
    return t;
  };
  const members = (def: QapiDefinition, ms: QapiMember[]): void => {
    for (const m of ms) type(def, m.type, `member '${m.name}' of '${def.name}'`);
  };
  const structMembers = (def: QapiDefinition, name: string, depth = 0): QapiMember[] => {
    const s = complex(def, name, `base of '${def.name}'`, ['struct']) as QapiStruct;
    if (depth > 64) fail(def, `base of '${def.name}' is cyclic`);
    return [...(s.base ? structMembers(s, s.base, depth + 1) : []), ...s.members];
  };

  for (const def of schema.definitions) {
    switch (def.kind) {
      case 'enum':
        break;
      case 'struct':
        if (def.base) structMembers(def, def.base);
        members(def, def.members);
        break;
      case 'union': {
        const baseMembers = def.base.kind === 'named' ? structMembers(def, def.base.name) : def.base.members;
        if (def.base.kind === 'inline') members(def, def.base.members);
        const disc = baseMembers.find((m) => m.name === def.discriminator);
        if (!disc) fail(def, `discriminator '${def.discriminator}' of union '${def.name}' is not a member of its base`);
        else {
          const en = byName.get(disc.type.name);
          if (disc.optional || disc.type.array || en?.kind !== 'enum') fail(def, `discriminator '${def.discriminator}' of union '${def.name}' must be a mandatory enum member`);
          else for (const b of def.branches) if (!en.values.some((v) => v.name === b.name)) fail(def, `branch '${b.name}' of union '${def.name}' is not a value of enum '${en.name}'`);
        }
        for (const b of def.branches) complex(def, b.type.name, `branch '${b.name}' of '${def.name}'`, ['struct', 'union']);
        break;
      }
      case 'alternate':
        for (const b of def.branches) type(def, b.type, `alternative '${b.name}' of '${def.name}'`);
        break;
      case 'command':
      case 'event':
        if (def.data?.kind === 'inline') members(def, def.data.members);
        else if (def.data) complex(def, def.data.name, `'data' of '${def.name}'`, def.boxed ? ['struct', 'union', 'alternate'] : ['struct']);
        if (def.kind === 'command' && def.returns) type(def, def.returns, `'returns' of '${def.name}'`);
        break;
    }
  }
}

async function findVersion(rootDir: string, read: (f: string) => Promise<string>): Promise<string | undefined> {
  for (const dir of [rootDir, path.dirname(rootDir)]) {
    try {
      const v = (await read(path.join(dir, 'VERSION'))).trim();
      if (v) return v;
    } catch {
      // no VERSION here
    }
  }
  return undefined;
}
