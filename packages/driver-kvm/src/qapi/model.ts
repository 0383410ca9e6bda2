/**
 * The typed model of a QAPI schema, as produced by {@link readQapiSchema}.
 *
 * The shapes follow QEMU's `docs/devel/qapi-code-gen.rst`: six kinds of
 * definition (enum, struct, union, alternate, command, event), members with
 * an optional `*` marker, `if` conditions and `features`.
 * @module
 */

/**
 * A build-time condition (`'if'`): a config symbol, or a combination with
 * `all` / `any` / `not`. Conditional entities exist only in builds where the
 * condition holds.
 */
export type QapiCondition = string | { all: QapiCondition[] } | { any: QapiCondition[] } | { not: QapiCondition };

/** A feature flag on a definition, member or enum value (`deprecated`, `unstable`, ...). */
export interface QapiFeature {
  /** Feature name. */
  name: string;
  /** Condition under which the feature is present. */
  if?: QapiCondition;
  /** Description from the `Features:` section of the doc comment. */
  doc?: string;
}

/** A reference to a type: a named (built-in or defined) type, or an array `['T']` of one. */
export interface QapiTypeRef {
  /** The named type, or the element type when {@link QapiTypeRef.array} is true. */
  name: string;
  /** True for an array type `['name']`. */
  array: boolean;
}

/** Where something was defined: the file (as given / resolved) and 1-based line. */
export interface QapiLocation {
  /** Absolute path of the file. */
  file: string;
  /** 1-based line. */
  line: number;
}

/** A struct member, command argument, event datum or inline union base member. */
export interface QapiMember {
  /** Member name without the `*` marker. */
  name: string;
  /** Member type. */
  type: QapiTypeRef;
  /** True when the name carried the `*` marker. */
  optional: boolean;
  /** Member features (e.g. `deprecated`). */
  features: QapiFeature[];
  /** Condition under which the member exists. */
  if?: QapiCondition;
  /** Description from the `@name:` paragraph of the definition's doc comment. */
  doc?: string;
}

/** An enumeration value. */
export interface QapiEnumValue {
  /** Value name as seen on the wire. */
  name: string;
  /** Value features. */
  features: QapiFeature[];
  /** Condition under which the value exists. */
  if?: QapiCondition;
  /** Description from the doc comment. */
  doc?: string;
}

/** A union branch or alternate alternative. */
export interface QapiBranch {
  /** Branch name: a discriminator value (union) or a free name (alternate). */
  name: string;
  /** Branch type. */
  type: QapiTypeRef;
  /** Condition under which the branch exists. */
  if?: QapiCondition;
  /** Description from the doc comment, if any. */
  doc?: string;
}

/** A tagged section of a doc comment (`Since:`, `Returns:`, `Errors:`, `TODO:`, ...). */
export interface QapiDocSection {
  /** Tag without the colon, e.g. `Since`. */
  tag: string;
  /** Section text, de-indented. */
  text: string;
}

/** The parsed `##` documentation block attached to a definition. */
export interface QapiDoc {
  /** The documented symbol (`@SYMBOL:` line). */
  symbol: string;
  /** Free text before the member descriptions, paragraphs separated by blank lines. */
  body: string;
  /** Member / argument / value / branch descriptions, by name. */
  members: Record<string, string>;
  /** Feature descriptions, by name. */
  features: Record<string, string>;
  /** Tagged sections and free text after the member descriptions, in order. */
  sections: QapiDocSection[];
  /** Text of the `Since:` section, when present. */
  since?: string;
}

/** What every definition carries. */
export interface QapiDefinitionBase {
  /** Definition name. */
  name: string;
  /** Module (schema file) path relative to the root file's directory, e.g. `run-state.json`. */
  module: string;
  /** Where the definition starts. */
  location: QapiLocation;
  /** Condition under which the definition exists. */
  if?: QapiCondition;
  /** Definition features. */
  features: QapiFeature[];
  /** Documentation block, when the definition has one. */
  doc?: QapiDoc;
}

/** `{ 'enum': ... }` */
export interface QapiEnum extends QapiDefinitionBase {
  /** Meta-type. */
  kind: 'enum';
  /** Values in schema order. */
  values: QapiEnumValue[];
  /** C prefix override (`'prefix'`); irrelevant on the wire. */
  prefix?: string;
}

/** `{ 'struct': ... }` */
export interface QapiStruct extends QapiDefinitionBase {
  /** Meta-type. */
  kind: 'struct';
  /** Name of the base struct whose members come first. */
  base?: string;
  /** Own members in schema order (without the base's). */
  members: QapiMember[];
}

/** A union's base: a named struct or an inline members object. */
export type QapiUnionBase = { kind: 'named'; name: string } | { kind: 'inline'; members: QapiMember[] };

/** `{ 'union': ... }`: a flat union with a discriminator taken from the base. */
export interface QapiUnion extends QapiDefinitionBase {
  /** Meta-type. */
  kind: 'union';
  /** The common members. */
  base: QapiUnionBase;
  /** Name of the enum-typed base member selecting the branch. */
  discriminator: string;
  /** Branches by discriminator value; absent values mean an empty branch. */
  branches: QapiBranch[];
}

/** `{ 'alternate': ... }`: a choice between types told apart by their JSON shape. */
export interface QapiAlternate extends QapiDefinitionBase {
  /** Meta-type. */
  kind: 'alternate';
  /** Alternatives in schema order. */
  branches: QapiBranch[];
}

/** Arguments of a command or data of an event: a named complex type or inline members. */
export type QapiArguments = { kind: 'named'; name: string } | { kind: 'inline'; members: QapiMember[] };

/** `{ 'command': ... }` */
export interface QapiCommand extends QapiDefinitionBase {
  /** Meta-type. */
  kind: 'command';
  /** Arguments; absent when the command takes none. */
  data?: QapiArguments;
  /** True when the arguments are a named type passed whole (`'boxed': true`). */
  boxed: boolean;
  /** Return type; absent means an empty object. */
  returns?: QapiTypeRef;
  /** False when the command sends no success response (`'success-response': false`). */
  successResponse: boolean;
  /** False when no marshaller is generated (`'gen': false`). */
  gen: boolean;
  /** True when the command may run out-of-band (`'allow-oob': true`). */
  allowOob: boolean;
  /** True when the command is available before the machine is built. */
  allowPreconfig: boolean;
  /** True when the handler runs in a coroutine. */
  coroutine: boolean;
}

/** `{ 'event': ... }` */
export interface QapiEvent extends QapiDefinitionBase {
  /** Meta-type. */
  kind: 'event';
  /** Event data; absent when the event carries none. */
  data?: QapiArguments;
  /** True when the data is a named type passed whole (`'boxed': true`). */
  boxed: boolean;
}

/** Any definition. */
export type QapiDefinition = QapiEnum | QapiStruct | QapiUnion | QapiAlternate | QapiCommand | QapiEvent;

/** Any type definition (what a type reference can name, besides built-ins). */
export type QapiTypeDefinition = QapiEnum | QapiStruct | QapiUnion | QapiAlternate;

/** The pragmas of a schema (`{ 'pragma': ... }`), merged over all modules. */
export interface QapiPragmas {
  /** Whether documentation is required. */
  docRequired: boolean;
  /** Commands allowed to use `_` in their name. */
  commandNameExceptions: string[];
  /** Commands allowed to return a non-object. */
  commandReturnsExceptions: string[];
  /** Definitions whose members need not be documented. */
  documentationExceptions: string[];
  /** Types whose member names may use upper case or `_`. */
  memberNameExceptions: string[];
}

/** One schema file. */
export interface QapiModule {
  /** Path relative to the root file's directory (`qapi-schema.json`, `run-state.json`). */
  name: string;
  /** Absolute path. */
  file: string;
  /** Modules this one includes, as relative names, in order (also repeated includes). */
  includes: string[];
  /** The first `= Heading` of the module's free-form doc blocks, if any. */
  heading?: string;
}

/** A whole schema: the root file plus everything it includes. */
export interface QapiSchema {
  /** Version of the program the schema describes (from a `VERSION` file), if known. */
  version?: string;
  /** Absolute path of the root file. */
  rootFile: string;
  /** Modules in first-inclusion order, root first. */
  modules: QapiModule[];
  /** Merged pragmas. */
  pragmas: QapiPragmas;
  /** Every definition in schema (source) order. */
  definitions: QapiDefinition[];
  /** Enum definitions, in schema order. */
  enums: QapiEnum[];
  /** Struct definitions, in schema order. */
  structs: QapiStruct[];
  /** Union definitions, in schema order. */
  unions: QapiUnion[];
  /** Alternate definitions, in schema order. */
  alternates: QapiAlternate[];
  /** Command definitions, in schema order. */
  commands: QapiCommand[];
  /** Event definitions, in schema order. */
  events: QapiEvent[];
}

/** The built-in type names of the QAPI language. */
export const QAPI_BUILTIN_TYPES = [
  'str',
  'number',
  'int',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'size',
  'bool',
  'null',
  'any',
  'QType',
] as const;

/** A built-in type name. */
export type QapiBuiltinType = (typeof QAPI_BUILTIN_TYPES)[number];

const BUILTINS: ReadonlySet<string> = new Set(QAPI_BUILTIN_TYPES);

/** True when `name` is a built-in type of the QAPI language. */
export function isQapiBuiltinType(name: string): name is QapiBuiltinType {
  return BUILTINS.has(name);
}

/** The values of the built-in `QType` enum (a JSON value's type, as QEMU names it). */
export const QAPI_QTYPE_VALUES = ['none', 'qnull', 'qnum', 'qstring', 'qdict', 'qlist', 'qbool'] as const;

/** Finds a definition by name (types, commands and events share one namespace). */
export function findQapiDefinition(schema: QapiSchema, name: string): QapiDefinition | undefined {
  return schema.definitions.find((d) => d.name === name);
}

/**
 * The full member list of a struct or union base, base members first, the way
 * they appear on the wire. Throws when `name` does not name a struct.
 */
export function qapiStructMembers(schema: QapiSchema, name: string): QapiMember[] {
  const def = findQapiDefinition(schema, name);
  if (def?.kind !== 'struct') throw new Error(`QAPI: ${name} is not a struct`);
  return [...(def.base ? qapiStructMembers(schema, def.base) : []), ...def.members];
}

/** The common (base) members of a union, in wire order. */
export function qapiUnionBaseMembers(schema: QapiSchema, union: QapiUnion): QapiMember[] {
  return union.base.kind === 'inline' ? union.base.members : qapiStructMembers(schema, union.base.name);
}

/** Renders a condition the way QEMU's generated C `#if` would read, e.g. `defined(CONFIG_A) && !defined(CONFIG_B)`. */
export function formatQapiCondition(cond: QapiCondition): string {
  const sub = (c: QapiCondition): string => (typeof c === 'string' || 'not' in c ? formatQapiCondition(c) : `(${formatQapiCondition(c)})`);
  if (typeof cond === 'string') return cond;
  if ('not' in cond) return `!${sub(cond.not)}`;
  if ('all' in cond) return cond.all.map(sub).join(' && ');
  return cond.any.map(sub).join(' || ');
}
