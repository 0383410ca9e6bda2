/**
 * Generates the committed QMP and guest-agent bindings from QEMU's QAPI schema:
 *
 * - `src/qmp/generated/qapi.ts` from `qapi/qapi-schema.json`
 * - `src/qga/generated/qga.ts` from `qga/qapi-schema.json`
 *
 * Usage (from the repository root):
 *
 *     pnpm --filter @polyvisor/driver-kvm run gen:qapi [-- --qapi-dir DIR] [--out-dir DIR]
 *
 * `--qapi-dir` (or `POLYVISOR_QEMU_QAPI_DIR`) is the QEMU tree holding `VERSION`,
 * `qapi/` and `qga/`; it defaults to the shared peer data. `--out-dir` replaces
 * the package directory as the root the two output paths are written under
 * (the staleness test uses a temporary directory).
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { emitQapiBindings } from '../src/qapi/emit.js';
import { readQapiSchema } from '../src/qapi/reader.js';

/** The package directory (`packages/driver-kvm`). */
export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Default QEMU QAPI tree: the shared peer data next to the repository. */
export const DEFAULT_QAPI_DIR = path.resolve(PACKAGE_DIR, '../../../shared/peer-data/qemu-qapi');

/** Output paths relative to the output root. */
export const OUTPUTS = {
  qmp: 'src/qmp/generated/qapi.ts',
  qga: 'src/qga/generated/qga.ts',
} as const;

const REGENERATE = 'pnpm --filter @polyvisor/driver-kvm run gen:qapi';

/** Options for {@link generateQapiBindings}. */
export interface GenerateOptions {
  /** QEMU tree with `VERSION`, `qapi/qapi-schema.json` and `qga/qapi-schema.json`. */
  qapiDir?: string;
  /** Root under which {@link OUTPUTS} are written; defaults to the package directory. */
  outDir?: string;
}

/** Generates both files in memory: output path (relative to the output root) → text. */
export async function renderQapiBindings(qapiDir = DEFAULT_QAPI_DIR): Promise<Record<string, string>> {
  const qmp = await readQapiSchema(path.join(qapiDir, 'qapi/qapi-schema.json'));
  const qga = await readQapiSchema(path.join(qapiDir, 'qga/qapi-schema.json'));
  return {
    [OUTPUTS.qmp]: emitQapiBindings(qmp, { prefix: 'Qmp', protocol: 'QMP', source: 'qapi/qapi-schema.json', regenerate: REGENERATE }),
    [OUTPUTS.qga]: emitQapiBindings(qga, { prefix: 'Qga', protocol: 'QEMU guest agent', source: 'qga/qapi-schema.json', regenerate: REGENERATE }),
  };
}

/** Generates and writes both files; returns the absolute paths written. */
export async function generateQapiBindings(options: GenerateOptions = {}): Promise<string[]> {
  const outDir = options.outDir ?? PACKAGE_DIR;
  const files = await renderQapiBindings(options.qapiDir);
  const written: string[] = [];
  for (const [rel, text] of Object.entries(files)) {
    const target = path.join(outDir, rel);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
    written.push(target);
  }
  return written;
}

function parseArgs(argv: string[]): GenerateOptions {
  const options: GenerateOptions = {};
  const env = process.env.POLYVISOR_QEMU_QAPI_DIR;
  if (env) options.qapiDir = path.resolve(env);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return path.resolve(v);
    };
    if (arg === '--qapi-dir') options.qapiDir = value();
    else if (arg === '--out-dir') options.outDir = value();
    else if (arg === '--') continue;
    else throw new Error(`unknown argument ${arg} (expected --qapi-dir DIR, --out-dir DIR)`);
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  generateQapiBindings(parseArgs(process.argv.slice(2))).then(
    (files) => {
      for (const f of files) console.log(`wrote ${path.relative(process.cwd(), f)}`);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
