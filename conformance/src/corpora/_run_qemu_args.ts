import { readManifest } from '../framework.js';
import { qemuArgsChecks } from './qemu-args.js';
const dataDir = '/work/shared/peer-data';
const details = process.argv.includes('--details');
const only = process.argv.find((a) => a.startsWith('--case='))?.slice(7);
for (const check of qemuArgsChecks) {
  const m = await readManifest(dataDir, check.manifest);
  const res = await check.run(dataDir, m);
  const pass = res.filter((r) => r.pass).length;
  console.log(`${check.name}: ${pass}/${res.length}`);
  const feats = new Map<string, number>();
  for (const r of res) if (!r.pass) feats.set(r.feature ?? '?', (feats.get(r.feature ?? '?') ?? 0) + 1);
  console.log([...feats.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v}`).join(', '));
  if (details) for (const r of res) if (!r.pass && (!only || r.name.includes(only))) console.log(`FAIL ${r.name} [${r.feature}] ${r.detail}`);
}
