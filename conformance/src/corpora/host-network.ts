/**
 * Corpus checks for `@polyvisor/host` networking: our dnsmasq config and
 * nftables rules against libvirt's `networkxml2confdata` and
 * `networkxml2firewalldata`.
 *
 * What "equal" means here:
 * - confdata: the `.conf` files are compared as sets of lines after dropping
 *   `#` comments and blank lines (our header comment names polyvisor).
 *   File paths are libvirt's (`paths` option = `/var/lib/libvirt/dnsmasq`);
 *   the expected paths of `nat-network-name-with-quotes` spell the name
 *   XML-escaped (`&quot;`), which the check reproduces via `fileStem`. The
 *   `.hostsfile`, when present, must match as a line set too.
 * - firewalldata: the expected `-linux.nftables` file is split into
 *   commands (lines ending in `\` continue), shell-unquoted and tokenised;
 *   `base.nftables` is stripped from its front. Our plan is rendered with
 *   libvirt's table name (`libvirt_network`) as `tc ...` argv plus
 *   `nft -ae insert rule ...` argv, and the two command sequences must be
 *   equal token for token, in order (the order matters: every rule is
 *   inserted at its chain's head). The base chains are not compared: we
 *   create our own table with the same chains (`nftBaseScript`).
 */
import { isPolyvisorError, parseNetworkXml } from '@polyvisor/core';
import { readCorpusFile, type CaseResult, type CorpusCheck, type Manifest } from '../framework.js';
import { networkDnsmasqConfig, LIBVIRT_DNSMASQ_DIR } from '../../../packages/host/src/network/dnsmasq.js';
import { firewallRuleArgv, networkFirewallRules } from '../../../packages/host/src/network/firewall.js';

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

function lineSet(text: string): string[] {
  return [...new Set(text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')))].sort();
}

function setDiff(actual: string[], expected: string[]): string | undefined {
  const a = new Set(actual);
  const e = new Set(expected);
  const missing = expected.filter((l) => !a.has(l));
  const extra = actual.filter((l) => !e.has(l));
  if (!missing.length && !extra.length) return undefined;
  return `${missing.length ? `missing ${JSON.stringify(missing.slice(0, 4))}` : ''}${missing.length && extra.length ? '; ' : ''}${extra.length ? `extra ${JSON.stringify(extra.slice(0, 4))}` : ''}`;
}

function featureOf(lines: string[]): string | undefined {
  return lines[0]?.split('=')[0];
}

async function confCase(dataDir: string, c: Manifest['cases'][number]): Promise<CaseResult> {
  const spec = parseNetworkXml(await readCorpusFile(dataDir, 'libvirt', 'networkxml2confdata', String(c.input)));
  let out;
  try {
    out = networkDnsmasqConfig(spec, { paths: LIBVIRT_DNSMASQ_DIR, fileStem: xmlEscape(spec.name) });
  } catch (err) {
    return { name: c.name, pass: false, detail: isPolyvisorError(err) ? err.message : String(err), feature: 'error' };
  }
  const expected = await readCorpusFile(dataDir, 'libvirt', 'networkxml2confdata', String(c.expected));
  const d = setDiff(lineSet(out.config), lineSet(expected));
  if (d) {
    const a = lineSet(out.config);
    const e = lineSet(expected);
    return { name: c.name, pass: false, detail: `conf: ${d}`, feature: featureOf(e.filter((l) => !a.includes(l))) ?? featureOf(a.filter((l) => !e.includes(l))) ?? 'conf' };
  }
  if (typeof c.expectedHostsfile === 'string') {
    const hosts = await readCorpusFile(dataDir, 'libvirt', 'networkxml2confdata', c.expectedHostsfile);
    const hd = setDiff(lineSet(out.hostsFile), lineSet(hosts));
    if (hd) return { name: c.name, pass: false, detail: `hostsfile: ${hd}`, feature: 'hostsfile' };
  }
  return { name: c.name, pass: true };
}

/** Splits a libvirt firewall test file into commands (argv arrays), undoing the shell quoting. */
export function parseCommandFile(text: string): string[][] {
  const cmds: string[][] = [];
  let cur = '';
  for (const line of text.split('\n')) {
    if (line.endsWith('\\')) {
      cur += `${line.slice(0, -1)} `;
      continue;
    }
    cur += line;
    if (cur.trim()) cmds.push(tokenize(cur));
    cur = '';
  }
  if (cur.trim()) cmds.push(tokenize(cur));
  return cmds;
}

function tokenize(s: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

async function firewallCase(dataDir: string, c: Manifest['cases'][number]): Promise<CaseResult> {
  const files = c.expected as { nftables?: string };
  const prefixes = c.commonPrefix as { nftables?: string } | undefined;
  if (!files.nftables) return { name: c.name, pass: false, detail: 'no nftables expectation', feature: 'harness' };
  const spec = parseNetworkXml(await readCorpusFile(dataDir, 'libvirt', 'networkxml2firewalldata', String(c.input)));
  let expected = parseCommandFile(await readCorpusFile(dataDir, 'libvirt', 'networkxml2firewalldata', files.nftables));
  if (prefixes?.nftables) {
    const base = parseCommandFile(await readCorpusFile(dataDir, 'libvirt', 'networkxml2firewalldata', prefixes.nftables));
    const head = expected.slice(0, base.length);
    if (JSON.stringify(head) === JSON.stringify(base)) expected = expected.slice(base.length);
  }
  const plan = networkFirewallRules(spec);
  const actual = [...plan.tc, ...plan.rules.map((r) => firewallRuleArgv(r, 'libvirt_network'))];
  // libvirt writes `-ae insert` on one line; tokenising splits it the same way as our argv.
  const a = actual.map((x) => x.join(' '));
  const e = expected.map((x) => x.join(' '));
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) {
      return { name: c.name, pass: false, detail: `command ${i + 1}: actual ${JSON.stringify(a[i] ?? '(none)')} vs expected ${JSON.stringify(e[i] ?? '(none)')}`, feature: (e[i] ?? a[i] ?? '').split(' ').slice(6, 7)[0] ?? 'order' };
    }
  }
  return { name: c.name, pass: true };
}

function runAll(fn: (dataDir: string, c: Manifest['cases'][number]) => Promise<CaseResult>) {
  return async (dataDir: string, manifest: Manifest): Promise<CaseResult[]> => {
    const results: CaseResult[] = [];
    for (const c of manifest.cases) {
      try {
        results.push(await fn(dataDir, c));
      } catch (err) {
        results.push({ name: c.name, pass: false, detail: `harness error: ${err instanceof Error ? err.message : String(err)}`, feature: 'harness' });
      }
    }
    return results;
  };
}

/** Corpus checks for host networking (dnsmasq config, firewall rules). */
export const hostNetworkChecks: CorpusCheck[] = [
  { name: 'networkxml2confdata', manifest: 'libvirt/manifests/networkxml2confdata.cases.json', run: runAll(confCase) },
  { name: 'networkxml2firewalldata', manifest: 'libvirt/manifests/networkxml2firewalldata.cases.json', run: runAll(firewallCase) },
];
