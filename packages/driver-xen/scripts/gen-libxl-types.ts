/**
 * Regenerates src/libxl/generated/types.ts from Xen's libxl_types.idl.
 *   pnpm --filter @polyvisor/driver-xen gen:libxl [--idl PATH] [--version TEXT] [--out PATH]
 * Defaults: the IDL in ../shared/peer-data/xen (Xen 4.23-dev, commit c447b7308b13).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateLibxlTypes } from '../src/libxl/codegen.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    idl: { type: 'string', default: resolve(here, '../../../../shared/peer-data/xen/libxl_types.idl') },
    version: { type: 'string', default: 'Xen 4.23-dev (xen-project/xen commit c447b7308b13)' },
    out: { type: 'string', default: resolve(here, '../src/libxl/generated/types.ts') },
  },
});

const text = generateLibxlTypes(readFileSync(values.idl!, 'utf8'), { version: values.version! });
mkdirSync(dirname(values.out!), { recursive: true });
writeFileSync(values.out!, text);
console.log(`wrote ${values.out} (${text.length} bytes)`);
