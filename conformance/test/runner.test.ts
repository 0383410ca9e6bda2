import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const peer = resolve(root, '../shared/peer-data');

function run(args: string[]) {
  return spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', join(root, 'conformance/tsconfig.json'), join(root, 'conformance/src/run.ts'), ...args], { encoding: 'utf8', cwd: root, timeout: 120_000 });
}

describe('pnpm conformance runner', () => {
  it('says so and skips when the data directory is absent', () => {
    const r = run(['--data', join(tmpdir(), 'definitely-not-here-pv')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/peer data not found at .*; skipping/);
  });

  it('works on any directory with the same layout and manifests, and reports failures on request', () => {
    if (!existsSync(peer)) throw new Error(`peer data missing at ${peer}: this test needs ../shared/peer-data`);
    const dir = mkdtempSync(join(tmpdir(), 'pv-conf-'));
    try {
      // A two-case network corpus: one real case, one whose expected output we alter.
      mkdirSync(join(dir, 'libvirt/manifests'), { recursive: true });
      cpSync(join(peer, 'libvirt/networkxml2xmlin'), join(dir, 'libvirt/networkxml2xmlin'), { recursive: true });
      cpSync(join(peer, 'libvirt/networkxml2xmlout'), join(dir, 'libvirt/networkxml2xmlout'), { recursive: true });
      const manifest = JSON.parse(readFileSync(join(peer, 'libvirt/manifests/networkxml2xml.cases.json'), 'utf8')) as { cases: Array<{ name: string; expect: string }> };
      const ok = manifest.cases.filter((c) => c.expect === 'success').slice(0, 2);
      writeFileSync(join(dir, 'libvirt/manifests/networkxml2xml.cases.json'), JSON.stringify({ ...manifest, cases: ok }));
      const victim = join(dir, 'libvirt/networkxml2xmlout', `${ok[1]!.name}.xml`);
      writeFileSync(victim, readFileSync(victim, 'utf8').replace('<name>', '<name>changed-'));
      const r = run(['--data', dir, '--details']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('networkxml2xml: 1/2');
      expect(r.stdout).toContain(`FAIL ${ok[1]!.name}`);
      expect(r.stdout).toMatch(/storagepoolxml2xml: skipped/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
