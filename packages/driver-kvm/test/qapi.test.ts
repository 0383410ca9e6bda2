import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPolyvisorError } from '@polyvisor/core';
import { generateQapiBindings, OUTPUTS, PACKAGE_DIR } from '../scripts/gen-qapi.js';
import {
  findQapiDefinition,
  qapiStructMembers,
  qapiUnionBaseMembers,
  QapiSchemaError,
  readQapiSchema,
  type QapiArguments,
  type QapiMember,
  type QapiSchema,
} from '../src/index.js';
import { QMP_COMMAND_META, QMP_COMMAND_NAMES, QMP_EVENT_NAMES, QMP_SCHEMA_VERSION, type QmpCommands, type QmpEvents } from '../src/qmp/generated/qapi.js';
import type * as Qmp from '../src/qmp/generated/qapi.js';
import { QGA_COMMAND_NAMES } from '../src/qga/generated/qga.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const QAPI_DIR = path.resolve(here, '../../../../shared/peer-data/qemu-qapi');
const REPLIES = path.resolve(here, '../../../../shared/peer-data/libvirt/qemucapabilitiesdata/caps_10.0.0_x86_64.replies');

/** Counts top-level `{ 'meta': ...` expressions the plain-text way (a grep), independent of the reader. */
async function grepCount(files: string[], meta: string): Promise<number> {
  let n = 0;
  const re = new RegExp(`^\\{\\s*'${meta}'\\s*:`, 'gm');
  for (const f of files) n += ((await readFile(f, 'utf8')).match(re) ?? []).length;
  return n;
}

let qmp: QapiSchema;
let qga: QapiSchema;
let tmp: string;

beforeAll(async () => {
  [qmp, qga] = await Promise.all([readQapiSchema(path.join(QAPI_DIR, 'qapi/qapi-schema.json')), readQapiSchema(path.join(QAPI_DIR, 'qga/qapi-schema.json'))]);
  tmp = await mkdtemp(path.join(tmpdir(), 'polyvisor-qapi-'));
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('readQapiSchema on QEMU 10.0.13', () => {
  it('reads the version and every module', async () => {
    expect(qmp.version).toBe((await readFile(path.join(QAPI_DIR, 'VERSION'), 'utf8')).trim());
    expect(qmp.version).toBe('10.0.13');
    const files = (await readdir(path.join(QAPI_DIR, 'qapi'))).filter((f) => f.endsWith('.json')).sort();
    expect(qmp.modules.map((m) => m.name).sort()).toEqual(files);
    expect(qmp.modules).toHaveLength(43);
    expect(qmp.modules[0].name).toBe('qapi-schema.json');
    expect(qmp.modules.find((m) => m.name === 'run-state.json')?.heading).toBe('VM run state');
  });

  it('finds as many definitions as a grep over the files does', async () => {
    const files = qmp.modules.map((m) => m.file);
    const counts = {
      command: await grepCount(files, 'command'),
      event: await grepCount(files, 'event'),
      enum: await grepCount(files, 'enum'),
      struct: await grepCount(files, 'struct'),
      union: await grepCount(files, 'union'),
      alternate: await grepCount(files, 'alternate'),
    };
    expect(counts).toEqual({ command: 240, event: 56, enum: 181, struct: 468, union: 43, alternate: 6 });
    expect(qmp.commands).toHaveLength(counts.command);
    expect(qmp.events).toHaveLength(counts.event);
    expect(qmp.enums).toHaveLength(counts.enum);
    expect(qmp.structs).toHaveLength(counts.struct);
    expect(qmp.unions).toHaveLength(counts.union);
    expect(qmp.alternates).toHaveLength(counts.alternate);
    expect(qmp.definitions).toHaveLength(994);
  });

  it('reads the guest agent schema', async () => {
    const file = path.join(QAPI_DIR, 'qga/qapi-schema.json');
    expect(qga.commands).toHaveLength(await grepCount([file], 'command'));
    expect(qga.commands).toHaveLength(44);
    expect(qga.events).toHaveLength(0);
    expect(qga.version).toBe('10.0.13');
    const exec = qga.commands.find((c) => c.name === 'guest-exec');
    expect(exec?.returns).toEqual({ name: 'GuestExec', array: false });
    const sync = qga.commands.find((c) => c.name === 'guest-shutdown');
    expect(sync?.successResponse).toBe(false);
  });

  it('models query-status → StatusInfo { running: bool, status: RunState }', () => {
    const cmd = qmp.commands.find((c) => c.name === 'query-status')!;
    expect(cmd).toMatchObject({ module: 'run-state.json', returns: { name: 'StatusInfo', array: false }, allowPreconfig: true, allowOob: false, boxed: false });
    expect(cmd.data).toBeUndefined();
    expect(cmd.doc?.body).toBe('Query the run status of the VM');
    expect(cmd.doc?.since).toBe('0.14');
    const members = qapiStructMembers(qmp, 'StatusInfo');
    expect(members.map((m) => [m.name, m.type.name, m.optional])).toEqual([
      ['running', 'bool', false],
      ['status', 'RunState', false],
    ]);
    expect(members[1].doc).toBe('the virtual machine @RunState');
    const runState = findQapiDefinition(qmp, 'RunState');
    expect(runState?.kind === 'enum' && runState.values.map((v) => v.name)).toContain('running');
  });

  it('models blockdev-add as boxed over the BlockdevOptions union', () => {
    const cmd = qmp.commands.find((c) => c.name === 'blockdev-add')!;
    expect(cmd.boxed).toBe(true);
    expect(cmd.data).toEqual({ kind: 'named', name: 'BlockdevOptions' });
    const union = qmp.unions.find((u) => u.name === 'BlockdevOptions')!;
    expect(union.discriminator).toBe('driver');
    expect(union.base.kind).toBe('inline');
    expect(qapiUnionBaseMembers(qmp, union).find((m) => m.name === 'driver')?.type.name).toBe('BlockdevDriver');
    expect(union.branches.find((b) => b.name === 'qcow2')?.type.name).toBe('BlockdevOptionsQcow2');
    // A conditional branch keeps its condition.
    expect(union.branches.find((b) => b.name === 'io_uring')?.if).toBe('CONFIG_BLKIO');
  });

  it('models the migrate arguments', () => {
    const cmd = qmp.commands.find((c) => c.name === 'migrate')!;
    expect(cmd.data?.kind).toBe('inline');
    const members = (cmd.data as Extract<QapiArguments, { kind: 'inline' }>).members;
    expect(members.map((m) => ({ name: m.name, type: m.type, optional: m.optional }))).toEqual([
      { name: 'uri', type: { name: 'str', array: false }, optional: true },
      { name: 'channels', type: { name: 'MigrationChannel', array: true }, optional: true },
      { name: 'detach', type: { name: 'bool', array: false }, optional: true },
      { name: 'resume', type: { name: 'bool', array: false }, optional: true },
    ]);
  });

  it('models the SHUTDOWN event', () => {
    const ev = qmp.events.find((e) => e.name === 'SHUTDOWN')!;
    const members = (ev.data as Extract<QapiArguments, { kind: 'inline' }>).members;
    expect(members.map((m) => [m.name, m.type.name, m.optional])).toEqual([
      ['guest', 'bool', false],
      ['reason', 'ShutdownCause', false],
    ]);
    expect(members[0].doc).toMatch(/^If true, the shutdown was triggered by a guest request/);
    expect(ev.doc?.body).toMatch(/^Emitted when the virtual machine has shut down/);
  });

  it('keeps conditions, features, pragmas and enum prefixes', () => {
    const oob = qmp.commands.filter((c) => c.allowOob).map((c) => c.name);
    expect(oob).toEqual(['migrate-recover', 'migrate-pause', 'yank', 'query-yank']);
    const skeys = qmp.commands.find((c) => c.name === 'dump-skeys');
    expect(skeys?.if).toBe('TARGET_S390X');
    const topo = qmp.commands.find((c) => c.name === 'set-cpu-topology');
    expect(topo?.if).toEqual({ all: ['TARGET_S390X', 'CONFIG_KVM'] });
    const backup = qmp.commands.find((c) => c.name === 'drive-backup');
    expect(backup?.features.map((f) => f.name)).toEqual(['deprecated']);
    expect(backup?.features[0].doc).toMatch(/blockdev-backup/);
    const commit = qmp.commands.find((c) => c.name === 'block-commit')!;
    const base = (commit.data as Extract<QapiArguments, { kind: 'inline' }>).members.find((m) => m.name === 'base') as QapiMember;
    expect(base.features.map((f) => f.name)).toEqual(['deprecated']);
    expect(qmp.pragmas.docRequired).toBe(true);
    expect(qmp.pragmas.commandNameExceptions).toContain('device_add');
    expect(qmp.pragmas.commandReturnsExceptions).toContain('qom-get');
    expect(qmp.enums.filter((e) => e.prefix !== undefined).length).toBeGreaterThan(0);
  });
});

describe('readQapiSchema on hand-written schemas', () => {
  const write = async (rel: string, text: string): Promise<string> => {
    const file = path.join(tmp, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    return file;
  };

  it('resolves includes relative to the including file, once each, in order', async () => {
    const root = await write(
      'inc/root.json',
      `# comment
{ 'include': 'sub/a.json' }
{ 'include': 'b.json' }
{ 'include': 'sub/a.json' }
##
# @Root:
#
# The root struct.
#
# @a: from a (a longer description
#     on two lines)
##
{ 'struct': 'Root', 'data': { 'a': 'A', '*b': ['B'] } }
`,
    );
    await write('inc/sub/a.json', `{ 'include': '../b.json' }\n{ 'enum': 'A', 'data': [ 'x', { 'name': 'y', 'if': { 'not': 'CONFIG_Y' } } ], 'prefix': 'AA' }\n`);
    await write('inc/b.json', `{ 'pragma': { 'doc-required': false, 'command-name-exceptions': [ 'b_cmd' ] } }\n{ 'struct': 'B', 'data': {} }\n{ 'command': 'b_cmd', 'returns': 'Root' }\n`);
    const schema = await readQapiSchema(root, { version: '0.0.1' });
    expect(schema.version).toBe('0.0.1');
    expect(schema.modules.map((m) => m.name)).toEqual(['root.json', 'sub/a.json', 'b.json']);
    expect(schema.modules[0].includes).toEqual(['sub/a.json', 'b.json', 'sub/a.json']);
    expect(schema.modules[1].includes).toEqual(['b.json']);
    expect(schema.definitions.map((d) => d.name)).toEqual(['B', 'b_cmd', 'A', 'Root']);
    expect(schema.pragmas.commandNameExceptions).toEqual(['b_cmd']);
    expect(schema.enums[0]).toMatchObject({ prefix: 'AA', values: [{ name: 'x' }, { name: 'y', if: { not: 'CONFIG_Y' } }] });
    const rootDef = schema.structs.find((s) => s.name === 'Root')!;
    expect(rootDef.doc?.body).toBe('The root struct.');
    expect(rootDef.members[0].doc).toBe('from a (a longer description\non two lines)');
    expect(rootDef.members[1]).toMatchObject({ name: 'b', optional: true, type: { name: 'B', array: true } });
    expect(rootDef.location).toEqual({ file: root, line: 13 });
  });

  const expectError = async (text: string, line: number, pattern: RegExp): Promise<QapiSchemaError> => {
    const file = await write(`bad-${line}-${Math.random().toString(36).slice(2)}.json`, text);
    const err = await readQapiSchema(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(QapiSchemaError);
    const e = err as QapiSchemaError;
    expect(isPolyvisorError(e, 'INVALID_ARG')).toBe(true);
    expect(e.file).toBe(file);
    expect(e.line).toBe(line);
    expect(e.message).toContain(`${file}:${line}`);
    expect(e.message).toMatch(pattern);
    return e;
  };

  it('reports syntax errors with file:line:column', async () => {
    const e = await expectError(`{ 'enum': 'E',\n  'data': [ 'a' ] }\n{ 'struct': 'S',\n  'data': { 'x': 'int' 'y': 'str' } }\n`, 4, /expected ',' or '}'/);
    expect(e.column).toBe(24);
    await expectError(`{ 'struct': "S", 'data': {} }\n`, 1, /single-quoted/);
    await expectError(`\n\n{ 'enum': 'E', 'data': [ 'unterminated ] }\n`, 3, /missing terminating/);
    await expectError(`{ 'enum': 'E', 'data': [ 'a' ], 'data': [] }\n`, 1, /duplicate key 'data'/);
    await expectError(`{ 'enum': 'E', 'data': [ 'a' ] }\n[ 'x' ]\n`, 2, /expected '\{' at top level/);
    await expectError(`##\n# @E:\n{ 'enum': 'E', 'data': [ 'a' ] }\n`, 3, /documentation comment must end with '##'/);
  });

  it('reports semantic errors with file:line', async () => {
    await expectError(`{ 'enum': 'E', 'data': [ 'a' ] }\n\n{ 'struct': 'S',\n  'data': { 'x': 'Nope' } }\n`, 3, /unknown type 'Nope'/);
    await expectError(`{ 'struct': 'S', 'data': {}, 'bogus': true }\n`, 1, /unknown key 'bogus'/);
    await expectError(`{ 'command': 'c', 'data': { 'a': 'int' }, 'boxed': true }\n`, 1, /boxed/);
    await expectError(`{ 'struct': 'S', 'data': {} }\n{ 'enum': 'S', 'data': [] }\n`, 2, /already defined/);
    await expectError(`{ 'include': 'does-not-exist.json' }\n`, 1, /cannot read does-not-exist\.json/);
    await expectError(`##\n# @Other:\n##\n{ 'struct': 'S', 'data': {} }\n`, 1, /documentation comment is for 'Other'/);
    await expectError(
      `{ 'enum': 'K', 'data': [ 'a' ] }\n{ 'struct': 'A', 'data': {} }\n{ 'union': 'U', 'base': { 'kind': 'K' }, 'discriminator': 'type', 'data': { 'a': 'A' } }\n`,
      3,
      /discriminator 'type'/,
    );
  });
});

describe('generated bindings', () => {
  it('are up to date (regenerating gives identical text)', async () => {
    const out = path.join(tmp, 'gen');
    await generateQapiBindings({ qapiDir: QAPI_DIR, outDir: out });
    for (const rel of Object.values(OUTPUTS)) {
      const fresh = await readFile(path.join(out, rel), 'utf8');
      const committed = await readFile(path.join(PACKAGE_DIR, rel), 'utf8');
      expect(fresh === committed, `${rel} is stale: run pnpm --filter @polyvisor/driver-kvm run gen:qapi`).toBe(true);
    }
  });

  it('carry the version, every name and the command facts', async () => {
    expect(QMP_SCHEMA_VERSION).toBe('10.0.13');
    expect(QMP_COMMAND_NAMES).toEqual(qmp.commands.map((c) => c.name));
    expect(QMP_EVENT_NAMES).toEqual(qmp.events.map((e) => e.name));
    expect(QGA_COMMAND_NAMES).toEqual(qga.commands.map((c) => c.name));
    expect(QMP_COMMAND_META['migrate-recover'].allowOob).toBe(true);
    expect(QMP_COMMAND_META['query-status']).toEqual({ allowOob: false, allowPreconfig: true, successResponse: true, features: [] });
    expect(QMP_COMMAND_META['dump-skeys'].if).toBe('TARGET_S390X');
    const text = await readFile(path.join(PACKAGE_DIR, OUTPUTS.qmp), 'utf8');
    expect(text.split('\n')[0]).toContain('QEMU 10.0.13');
    expect(text).toContain('DO NOT EDIT');
    expect(text).toContain("'query-status': { args: void; returns: StatusInfo };");
    expect(text).toContain("'blockdev-add': { args: BlockdevOptions; returns: Record<string, never> };");
    expect(text).toContain('  SHUTDOWN: ShutdownEventData;');
    expect(text).toMatch(/\* @deprecated This command is deprecated\.\s+Use `blockdev-backup` instead\.\n\s+\*\/\n\s+'drive-backup'/);

    // Compile-time checks (run by tsc over test/): these lines fail to type-check if the bindings are wrong.
    const status: QmpCommands['query-status']['returns'] = { running: true, status: 'running' };
    const shutdown: QmpEvents['SHUTDOWN'] = { guest: false, reason: 'host-qmp-quit' };
    const add: QmpCommands['blockdev-add']['args'] = { driver: 'qcow2', 'node-name': 'disk0', file: { driver: 'file', filename: '/tmp/x.img' } };
    const migrate: QmpCommands['migrate']['args'] = { uri: 'tcp:127.0.0.1:4444', detach: true };
    const describeAdd = (o: Qmp.BlockdevOptions): string => (o.driver === 'file' ? o.filename : o.driver);
    // @ts-expect-error: 'flying' is not a RunState
    const bad: Qmp.StatusInfo = { running: true, status: 'flying' };
    expect([status.status, shutdown.reason, describeAdd(add), migrate.uri, bad.running]).toEqual(['running', 'host-qmp-quit', 'qcow2', 'tcp:127.0.0.1:4444', true]);
  });
});

describe('agreement with QEMU 10.0.0 x86_64 query-qmp-schema (libvirt caps replies)', () => {
  interface Introspected {
    name: string;
    'meta-type': string;
    'arg-type'?: string;
    members?: { name: string; default?: null }[];
    tag?: string;
    variants?: { case: string; type: string }[];
  }
  let entries: Map<string, Introspected>;

  beforeAll(async () => {
    const text = await readFile(REPLIES, 'utf8');
    const messages = text
      .split(/\n\s*\n/)
      .filter((chunk) => chunk.trim() !== '')
      .map((chunk) => JSON.parse(chunk) as { execute?: string; return?: unknown });
    const at = messages.findIndex((m) => m.execute === 'query-qmp-schema');
    expect(at).toBeGreaterThanOrEqual(0);
    entries = new Map((messages[at + 1].return as Introspected[]).map((e) => [e.name, e]));
  });

  const names = (meta: string): string[] => [...entries.values()].filter((e) => e['meta-type'] === meta).map((e) => e.name);

  it('has every introspected command and event in the schema model', () => {
    const commands = names('command');
    const events = names('event');
    expect(commands).toHaveLength(233);
    expect(events).toHaveLength(55);
    const ours = new Set(qmp.commands.map((c) => c.name));
    const oursEv = new Set(qmp.events.map((e) => e.name));
    expect(commands.filter((c) => !ours.has(c))).toEqual([]);
    expect(events.filter((e) => !oursEv.has(e))).toEqual([]);
  });

  it('leaves out only definitions conditional on other targets or hosts', () => {
    const built = new Set([...names('command'), ...names('event')]);
    const absent = [...qmp.commands, ...qmp.events].filter((d) => !built.has(d.name));
    expect(absent.map((d) => d.name).sort()).toEqual(
      ['CPU_POLARIZATION_CHANGE', 'dump-skeys', 'get-win32-socket', 'query-cpu-model-baseline', 'query-cpu-model-comparison', 'query-gic-capabilities', 'query-s390x-cpu-polarization', 'set-cpu-topology'].sort(),
    );
    for (const d of absent) expect(JSON.stringify(d.if)).toMatch(/TARGET_S390X|TARGET_ARM|CONFIG_WIN32/);
  });

  it('agrees on the argument / data members of every introspected command and event', () => {
    const ourMembers = (data: QapiArguments | undefined): QapiMember[] | undefined => {
      if (!data) return [];
      if (data.kind === 'inline') return data.members;
      const def = findQapiDefinition(qmp, data.name);
      if (def?.kind === 'struct') return qapiStructMembers(qmp, def.name);
      if (def?.kind === 'union') return qapiUnionBaseMembers(qmp, def);
      return undefined;
    };
    let compared = 0;
    const mismatches: string[] = [];
    for (const def of [...qmp.commands, ...qmp.events]) {
      const intro = entries.get(def.name);
      if (!intro) continue;
      const argType = entries.get(intro['arg-type'] ?? '');
      const ours = ourMembers(def.data);
      if (!argType || !ours) continue;
      compared++;
      const theirs = new Map((argType.members ?? []).map((m) => [m.name, 'default' in m]));
      for (const [name, optional] of theirs) {
        const m = ours.find((o) => o.name === name);
        if (!m) mismatches.push(`${def.name}: introspected member ${name} is not in the schema`);
        else if (m.optional !== optional) mismatches.push(`${def.name}: ${name} optional ${m.optional} vs ${optional}`);
      }
      for (const m of ours) if (m.if === undefined && !theirs.has(m.name)) mismatches.push(`${def.name}: unconditional member ${m.name} missing from the build`);
      // Boxed unions: the tag and every built variant are ours too.
      if (argType.tag !== undefined && def.data?.kind === 'named') {
        const union = qmp.unions.find((u) => u.name === (def.data as { name: string }).name)!;
        if (union.discriminator !== argType.tag) mismatches.push(`${def.name}: tag ${argType.tag} vs ${union.discriminator}`);
        const tagEnum = findQapiDefinition(qmp, qapiUnionBaseMembers(qmp, union).find((m) => m.name === union.discriminator)!.type.name);
        for (const v of argType.variants ?? []) {
          if (tagEnum?.kind !== 'enum' || !tagEnum.values.some((e) => e.name === v.case)) mismatches.push(`${def.name}: variant ${v.case} is not a value of the tag enum`);
          // Introspection lists every tag value; values without a branch get an empty object.
          const variant = entries.get(v.type);
          const empty = (variant?.members ?? []).length === 0 && variant?.variants === undefined;
          if (!empty && !union.branches.some((b) => b.name === v.case)) mismatches.push(`${def.name}: variant ${v.case} has members but no branch in the schema`);
        }
        for (const b of union.branches) if (b.if === undefined && !(argType.variants ?? []).some((v) => v.case === b.name)) mismatches.push(`${def.name}: branch ${b.name} missing from the build`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBe(288);
  });
});
