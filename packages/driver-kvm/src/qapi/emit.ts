/**
 * Turns a {@link QapiSchema} into TypeScript bindings: one type per QAPI
 * type, a command map, an event map, and runtime name lists.
 *
 * Pure and deterministic (schema in, text out), so the committed output can
 * be checked for staleness by regenerating it. `scripts/gen-qapi.ts` writes
 * the files.
 * @module
 */
import { firstParagraph } from './doc.js';
import {
  QAPI_QTYPE_VALUES,
  formatQapiCondition,
  isQapiBuiltinType,
  qapiUnionBaseMembers,
  type QapiArguments,
  type QapiCondition,
  type QapiDefinition,
  type QapiFeature,
  type QapiMember,
  type QapiSchema,
  type QapiTypeRef,
} from './model.js';

/** Options for {@link emitQapiBindings}. */
export interface EmitQapiOptions {
  /** Prefix of the generated map types and constants: `Qmp` gives `QmpCommands`, `QMP_COMMAND_NAMES`. */
  prefix: string;
  /** Protocol name used in TSDoc, e.g. `QMP` or `QEMU guest agent`. */
  protocol: string;
  /** Root schema file as shown in the header (relative, for determinism), e.g. `qapi/qapi-schema.json`. */
  source: string;
  /** Command that regenerates the file, shown in the header. */
  regenerate: string;
}

const BUILTIN_TS: Record<string, string> = {
  str: 'string',
  number: 'number',
  int: 'number',
  int8: 'number',
  int16: 'number',
  int32: 'number',
  int64: 'number',
  uint8: 'number',
  uint16: 'number',
  uint32: 'number',
  uint64: 'number',
  size: 'number',
  bool: 'boolean',
  null: 'null',
  any: 'unknown',
  QType: 'QType',
};

/** A TypeScript identifier for a QAPI type name. */
function typeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_$]/g, '_');
}

/** `query-status` → `QueryStatus`, `BLOCK_JOB_COMPLETED` → `BlockJobCompleted`. */
function pascal(name: string): string {
  return name
    .split(/[-_.]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase())
    .join('');
}

/** A property key: bare when it is an identifier, quoted otherwise. */
function propKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : `'${name}'`;
}

function tsType(ref: QapiTypeRef): string {
  const base = isQapiBuiltinType(ref.name) ? BUILTIN_TS[ref.name] : typeName(ref.name);
  return ref.array ? `${base}[]` : base;
}

/** Makes doc text safe and readable inside a TSDoc comment. */
function docText(text: string): string {
  return text
    .replace(/\*\//g, '*\\/')
    .replace(/``([^`]+)``/g, '`$1`')
    .replace(/(^|[^\w`])@([A-Za-z_](?:[\w.-]*\w)?)/g, '$1`$2`');
}

/** Notes for conditions and special features, one per line. */
function notes(cond: QapiCondition | undefined, features: QapiFeature[]): string[] {
  const out: string[] = [];
  if (cond !== undefined) out.push(`Only present when the QEMU build has \`${formatQapiCondition(cond)}\`.`);
  for (const f of features) {
    const why = f.doc ? ` ${firstParagraph(f.doc)}` : '';
    if (f.name === 'deprecated') out.push(`@deprecated${why ? docText(why) : ' Deprecated in the QAPI schema.'}`);
    else if (f.name === 'unstable') out.push(`**Unstable** (feature \`unstable\`): may change incompatibly or be withdrawn.${docText(why)}`);
    else out.push(`Feature \`${f.name}\`${f.if !== undefined ? ` (when \`${formatQapiCondition(f.if)}\`)` : ''}.${docText(why)}`);
  }
  return out;
}

/** Greedy word wrap; continuation lines of a `- ` list item are indented to match. */
function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const hang = line.startsWith('- ') ? '  ' : '';
  const out: string[] = [];
  let cur = '';
  for (const word of line.split(' ')) {
    if (cur && (cur + ' ' + word).length > width) {
      out.push(cur);
      cur = hang + word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) out.push(cur);
  return out;
}

/** Renders a TSDoc block from paragraphs (empty ones dropped); '' when there is nothing to say. */
function tsdoc(indent: string, paragraphs: string[]): string {
  const paras = paragraphs.filter((p) => p.trim() !== '');
  if (paras.length === 0) return '';
  if (paras.length === 1 && !paras[0].includes('\n') && paras[0].length + indent.length < 92) return `${indent}/** ${paras[0]} */\n`;
  const lines: string[] = [];
  paras.forEach((p, i) => {
    if (i > 0) lines.push('');
    for (const l of p.split('\n')) lines.push(...wrap(l, 96 - indent.length));
  });
  return `${indent}/**\n${lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)).join('\n')}\n${indent} */\n`;
}

function defDoc(def: QapiDefinition, extra: string[] = []): string {
  const summary = docText(firstParagraph(def.doc?.body)) || `\`${def.name}\` (${def.kind}).`;
  const since = def.doc?.since ? `Since: ${firstParagraph(def.doc.since)}` : '';
  return tsdoc('', [summary, ...extra, ...notes(def.if, def.features), since, `QAPI ${def.kind} \`${def.name}\` (${def.module}).`]);
}

function emitMembers(members: QapiMember[], indent: string): string {
  return members
    .map((m) => {
      const doc = tsdoc(indent, [docText(firstParagraph(m.doc)), ...notes(m.if, m.features)]);
      return `${doc}${indent}${propKey(m.name)}${m.optional ? '?' : ''}: ${tsType(m.type)};\n`;
    })
    .join('');
}

/** Emits TypeScript bindings for a schema (see the module doc). Throws if generated names would clash. */
export function emitQapiBindings(schema: QapiSchema, options: EmitQapiOptions): string {
  const { prefix } = options;
  const upper = prefix.toUpperCase();
  const taken = new Set(['QType', ...schema.definitions.filter((d) => d.kind !== 'command' && d.kind !== 'event').map((d) => typeName(d.name))]);
  const fresh = (name: string, owner: string): string => {
    if (taken.has(name)) throw new Error(`QAPI bindings: generated name ${name} for ${owner} clashes with a schema type`);
    taken.add(name);
    return name;
  };
  const out: string[] = [];
  const version = schema.version ?? 'unknown';

  out.push(`// This file is generated from the QAPI schema of QEMU ${version} (${options.source}).
// DO NOT EDIT. Regenerate with: ${options.regenerate}
/**
 * TypeScript bindings for the ${options.protocol} protocol, generated from QEMU ${version}'s
 * QAPI schema: one type per QAPI type, the {@link ${prefix}Commands} and
 * {@link ${prefix}Events} maps, and the runtime name lists.
 *
 * Integer types (\`int64\`, \`uint64\`, \`size\`) map to \`number\`; values above
 * 2^53 lose precision in \`JSON.parse\`. Definitions and members that are
 * conditional on the QEMU build are emitted, with the condition in their TSDoc.
 * @module
 */

/** Version of the QAPI schema these bindings were generated from. */
export const ${upper}_SCHEMA_VERSION = '${version}';

/** Built-in QAPI type \`QType\`: the JSON type of a value as QEMU names it. */
export type QType = ${QAPI_QTYPE_VALUES.map((v) => `'${v}'`).join(' | ')};
`);

  let module = '';
  const argsNames = new Map<string, string>();
  for (const def of schema.definitions) {
    if (def.module !== module) {
      module = def.module;
      const heading = schema.modules.find((m) => m.name === module)?.heading;
      out.push(`\n// ${'-'.repeat(74)}\n// ${module}${heading ? `: ${heading}` : ''}\n`);
    }
    out.push('\n');
    switch (def.kind) {
      case 'enum': {
        const special = def.values.filter((v) => v.if !== undefined || v.features.length > 0);
        const valueNotes = special.map((v) => `- \`${v.name}\`: ${notes(v.if, v.features).map((n) => n.replace(/^@deprecated ?/, 'deprecated. ')).join(' ')}`);
        out.push(defDoc(def, valueNotes.length ? [valueNotes.join('\n')] : []));
        const values = def.values.map((v) => `'${v.name}'`);
        const body = values.length === 0 ? ' never' : values.join(' | ').length > 90 ? `\n  | ${values.join('\n  | ')}` : ` ${values.join(' | ')}`;
        out.push(`export type ${typeName(def.name)} =${body};\n`);
        break;
      }
      case 'struct': {
        out.push(defDoc(def));
        const ext = def.base ? ` extends ${typeName(def.base)}` : '';
        out.push(`export interface ${typeName(def.name)}${ext} {\n${emitMembers(def.members, '  ')}}\n`);
        break;
      }
      case 'union': {
        let base: string;
        if (def.base.kind === 'named') base = typeName(def.base.name);
        else {
          base = fresh(`${typeName(def.name)}Base`, `the base of union ${def.name}`);
          out.push(tsdoc('', [`Common members of {@link ${typeName(def.name)}}.`]));
          out.push(`export interface ${base} {\n${emitMembers(def.base.members, '  ')}}\n\n`);
        }
        const discMember = qapiUnionBaseMembers(schema, def).find((m) => m.name === def.discriminator)!;
        const discEnum = schema.enums.find((e) => e.name === discMember.type.name)!;
        const byValue = new Map(def.branches.map((b) => [b.name, b]));
        const key = propKey(def.discriminator);
        const variants = discEnum.values.map((v) => {
          const b = byValue.get(v.name);
          const cond = b?.if ?? v.if;
          const comment = cond !== undefined ? ` // if ${formatQapiCondition(cond)}` : '';
          return `  | (${base} & { ${key}: '${v.name}' }${b ? ` & ${tsType(b.type)}` : ''})${comment}`;
        });
        out.push(defDoc(def, [`Discriminated by \`${def.discriminator}\` (\`${discEnum.name}\`).`]));
        out.push(`export type ${typeName(def.name)} =\n${variants.join('\n')};\n`);
        break;
      }
      case 'alternate': {
        out.push(defDoc(def, [def.branches.map((b) => `- \`${b.name}\`: ${tsType(b.type)}${b.doc ? ` — ${docText(firstParagraph(b.doc))}` : ''}`).join('\n')]));
        out.push(`export type ${typeName(def.name)} = ${def.branches.map((b) => tsType(b.type)).join(' | ')};\n`);
        break;
      }
      case 'command':
      case 'event': {
        if (def.data?.kind !== 'inline') {
          out.pop(); // nothing to declare; drop the blank line
          break;
        }
        const name = fresh(def.kind === 'command' ? `${pascal(def.name)}Arguments` : `${pascal(def.name)}EventData`, `${def.kind} ${def.name}`);
        argsNames.set(def.name, name);
        const what = def.kind === 'command' ? `Arguments of the \`${def.name}\` command.` : `Data of the \`${def.name}\` event.`;
        out.push(tsdoc('', [what, docText(firstParagraph(def.doc?.body))]));
        out.push(`export interface ${name} {\n${emitMembers(def.data.members, '  ')}}\n`);
        break;
      }
    }
  }

  const argType = (d: { name: string; data?: QapiArguments }): string => (d.data === undefined ? 'void' : d.data.kind === 'named' ? typeName(d.data.name) : argsNames.get(d.name)!);

  // The command map.
  out.push(`\n// ${'-'.repeat(74)}\n// Command and event maps\n\n`);
  out.push(
    tsdoc('', [
      `Every ${options.protocol} command by wire name: \`args\` is the \`arguments\` object (\`void\` when the command takes none), \`returns\` the \`return\` value.`,
      'Boxed commands take their (union) type as the whole arguments object.',
    ]),
  );
  out.push(`export interface ${prefix}Commands {\n`);
  for (const c of schema.commands) {
    const doc = tsdoc('  ', [docText(firstParagraph(c.doc?.body)), ...notes(c.if, c.features), c.successResponse ? '' : 'Sends no success response.']);
    const returns = c.returns ? tsType(c.returns) : 'Record<string, never>';
    out.push(`${doc}  '${c.name}': { args: ${argType(c)}; returns: ${returns} };\n`);
  }
  out.push('}\n\n');

  out.push(tsdoc('', [`Every ${options.protocol} event by name, mapped to its \`data\` (\`void\` when the event carries none).`]));
  if (schema.events.length === 0) out.push(`export type ${prefix}Events = Record<never, never>;\n\n`);
  else {
    out.push(`export interface ${prefix}Events {\n`);
    for (const e of schema.events) {
      const doc = tsdoc('  ', [docText(firstParagraph(e.doc?.body)), ...notes(e.if, e.features)]);
      out.push(`${doc}  ${propKey(e.name)}: ${argType(e)};\n`);
    }
    out.push('}\n\n');
  }

  out.push(`/** Name of a ${options.protocol} command. */\nexport type ${prefix}CommandName = keyof ${prefix}Commands;\n\n`);
  out.push(`/** Name of a ${options.protocol} event. */\nexport type ${prefix}EventName = keyof ${prefix}Events;\n\n`);
  out.push(`/** Arguments of command \`K\`. */\nexport type ${prefix}CommandArgs<K extends ${prefix}CommandName> = ${prefix}Commands[K]['args'];\n\n`);
  out.push(`/** Return value of command \`K\`. */\nexport type ${prefix}CommandReturn<K extends ${prefix}CommandName> = ${prefix}Commands[K]['returns'];\n\n`);

  const list = (names: string[]): string => (names.length ? `[\n${names.map((n) => `  '${n}',\n`).join('')}]` : '[]');
  out.push(`/** Every ${options.protocol} command name, in schema order. */\nexport const ${upper}_COMMAND_NAMES = ${list(schema.commands.map((c) => c.name))} as const satisfies readonly ${prefix}CommandName[];\n\n`);
  out.push(`/** Every ${options.protocol} event name, in schema order. */\nexport const ${upper}_EVENT_NAMES = ${list(schema.events.map((e) => e.name))} as const satisfies readonly ${prefix}EventName[];\n\n`);

  out.push(`/** Static facts about a ${options.protocol} command from its schema definition. */
export interface ${prefix}CommandMeta {
  /** May run out-of-band (\`exec-oob\`). */
  readonly allowOob: boolean;
  /** Available before the machine is built (\`--preconfig\`). */
  readonly allowPreconfig: boolean;
  /** False when the command sends no success response. */
  readonly successResponse: boolean;
  /** Feature names (\`deprecated\`, \`unstable\`, ...). */
  readonly features: readonly string[];
  /** Build condition, when the command is conditional. */
  readonly if?: string;
}

`);
  out.push(`/** Static facts about every ${options.protocol} command. */\nexport const ${upper}_COMMAND_META: { readonly [K in ${prefix}CommandName]: ${prefix}CommandMeta } = {\n`);
  for (const c of schema.commands) {
    const fields = [`allowOob: ${c.allowOob}`, `allowPreconfig: ${c.allowPreconfig}`, `successResponse: ${c.successResponse}`, `features: [${c.features.map((f) => `'${f.name}'`).join(', ')}]`];
    if (c.if !== undefined) fields.push(`if: '${formatQapiCondition(c.if)}'`);
    out.push(`  '${c.name}': { ${fields.join(', ')} },\n`);
  }
  out.push('};\n');
  return out.join('');
}
