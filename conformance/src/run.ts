/**
 * `pnpm conformance [--data DIR] [--details] [--only NAME]`: runs every corpus
 * check against the peer data and prints `<corpus>: <pass>/<total>` lines.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readManifest, type CaseResult } from './framework.js';
import { checks } from './corpora/index.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    details: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
  },
});

const dataDir = resolve(values.data ?? resolve(process.cwd(), '../shared/peer-data'));
if (!existsSync(dataDir)) {
  console.log(`conformance: peer data not found at ${dataDir}; skipping (pass --data DIR)`);
  process.exit(0);
}

const summary: Record<string, { pass: number; total: number; failures: CaseResult[] }> = {};
let hadError = false;
for (const check of checks) {
  if (values.only && !values.only.includes(check.name)) continue;
  if (!existsSync(resolve(dataDir, check.manifest))) {
    console.log(`${check.name}: skipped (no ${check.manifest})`);
    continue;
  }
  try {
    const manifest = await readManifest(dataDir, check.manifest);
    const results = await check.run(dataDir, manifest);
    const pass = results.filter((r) => r.pass).length;
    summary[check.name] = { pass, total: results.length, failures: results.filter((r) => !r.pass) };
    console.log(`${check.name}: ${pass}/${results.length}`);
    if (values.details) {
      for (const f of results.filter((r) => !r.pass)) console.log(`  FAIL ${f.name}${f.feature ? ` [${f.feature}]` : ''}: ${f.detail ?? ''}`);
    }
    const features = new Map<string, number>();
    for (const f of results) if (!f.pass && f.feature) features.set(f.feature, (features.get(f.feature) ?? 0) + 1);
    if (features.size) {
      const top = [...features.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
      console.log(`  failures by feature: ${top.map(([k, v]) => `${k}=${v}`).join(', ')}`);
    }
  } catch (err) {
    hadError = true;
    console.log(`${check.name}: error: ${err instanceof Error ? err.stack : String(err)}`);
  }
}
if (values.json) console.log(JSON.stringify(Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, { pass: v.pass, total: v.total }]))));
process.exit(hadError ? 1 : 0);
