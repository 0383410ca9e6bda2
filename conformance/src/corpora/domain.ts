/**
 * Domain XML corpora: qemuxmlconfdata round trips (x86_64, latest caps),
 * qemuxmlconfdata parse errors, and domainschemadata validity.
 */
import { join } from 'node:path';
import { access } from 'node:fs/promises';
import { canonicalXml, formatDomainXml, parseDomainXml, parseXmlDocument, PolyvisorError, xmlDiff } from '@polyvisor/core';
import { readCorpusFile, type CaseResult, type CorpusCheck, type Manifest } from '../framework.js';

const LATEST_X86 = /\.x86_64-latest(\.abi-update)?\.(xml|err)$/;

function isX86Latest(c: Record<string, unknown>): boolean {
  return c.arch === 'x86_64' && c.capsVersion === 'latest' && !c.capsVariant;
}

function firstElementName(diff: string): string {
  // "/domain/devices[17]/disk[2]/@type: ..." → deepest element name
  const path = diff.split(':')[0] ?? '';
  const parts = path.split('/').filter((p) => p && !p.startsWith('@'));
  const last = parts[parts.length - 1] ?? 'domain';
  return last.replace(/\[\d+\]$/, '');
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

async function roundTrip(dataDir: string, dir: string, file: string): Promise<Omit<CaseResult, 'name'>> {
  const text = await readCorpusFile(dataDir, dir, file);
  let out: string;
  try {
    out = formatDomainXml(parseDomainXml(text), { inactive: true });
  } catch (e) {
    const path = e instanceof PolyvisorError && typeof e.detail?.path === 'string' ? e.detail.path : '';
    return { pass: false, detail: errorText(e), feature: `error:${firstElementName(path + ':') || 'domain'}` };
  }
  const expected = parseXmlDocument(text);
  const actual = parseXmlDocument(out);
  if (canonicalXml(expected) === canonicalXml(actual)) return { pass: true };
  const diff = xmlDiff(expected, actual) ?? 'differs';
  return { pass: false, detail: diff, feature: firstElementName(diff) };
}

const roundTripCheck: CorpusCheck = {
  name: 'qemuxmlconfdata-xml',
  manifest: 'libvirt/manifests/qemuxmlconfdata.cases.json',
  async run(dataDir: string, manifest: Manifest): Promise<CaseResult[]> {
    const dir = join('libvirt', manifest.directories[0] ?? 'qemuxmlconfdata');
    const out: CaseResult[] = [];
    for (const c of manifest.cases) {
      const file = typeof c.xmlOutFile === 'string' ? c.xmlOutFile : undefined;
      if (!file || !isX86Latest(c) || !LATEST_X86.test(file)) continue;
      out.push({ name: c.name, ...(await roundTrip(dataDir, dir, file)) });
    }
    return out;
  },
};

const parseErrorCheck: CorpusCheck = {
  name: 'qemuxmlconfdata-parse-errors',
  manifest: 'libvirt/manifests/qemuxmlconfdata.cases.json',
  async run(dataDir: string, manifest: Manifest): Promise<CaseResult[]> {
    const dir = join('libvirt', manifest.directories[0] ?? 'qemuxmlconfdata');
    const out: CaseResult[] = [];
    for (const c of manifest.cases) {
      if (c.expect !== 'parse-error' || !isX86Latest(c)) continue;
      const input = typeof c.input === 'string' ? c.input : `${c.name}.xml`;
      let expected = '';
      if (typeof c.errFile === 'string') expected = (await readCorpusFile(dataDir, dir, c.errFile).catch(() => '')).trim();
      const path = join(dataDir, dir, input);
      const exists = await access(path).then(
        () => true,
        () => false,
      );
      if (!exists) {
        // The harness runs this case with FLAG_ALLOW_MISSING_INPUT: failing to read the input is the expected error.
        out.push({ name: c.name, pass: true, detail: 'input file missing (expected failure)' });
        continue;
      }
      const text = await readCorpusFile(dataDir, dir, input);
      try {
        parseDomainXml(text);
        out.push({ name: c.name, pass: false, detail: `parsed without error; libvirt says: ${expected}`, feature: 'accepted-invalid' });
      } catch (e) {
        if (e instanceof PolyvisorError) out.push({ name: c.name, pass: true, detail: e.message });
        else out.push({ name: c.name, pass: false, detail: `non-PolyvisorError: ${errorText(e)}`, feature: 'wrong-error-type' });
      }
    }
    return out;
  },
};

const schemaCheck: CorpusCheck = {
  name: 'domainschemadata',
  manifest: 'libvirt/manifests/domainschemadata.cases.json',
  async run(dataDir: string, manifest: Manifest): Promise<CaseResult[]> {
    const dir = join('libvirt', manifest.directories[0] ?? 'domainschemadata');
    const out: CaseResult[] = [];
    for (const c of manifest.cases) {
      const file = typeof c.file === 'string' ? c.file : `${c.name}.xml`;
      const shouldFail = file.includes('-invalid.') || c.expectValid === false;
      const text = await readCorpusFile(dataDir, dir, file);
      let err: unknown;
      try {
        parseDomainXml(text);
      } catch (e) {
        err = e;
      }
      if (err !== undefined && !(err instanceof PolyvisorError)) {
        out.push({ name: c.name, pass: false, detail: `non-PolyvisorError: ${errorText(err)}`, feature: 'wrong-error-type' });
      } else if (shouldFail) {
        out.push({ name: c.name, pass: err !== undefined, detail: err ? (err as Error).message : 'accepted an invalid document', feature: err ? undefined : 'accepted-invalid' });
      } else {
        out.push({ name: c.name, pass: err === undefined, detail: err ? (err as Error).message : undefined, feature: err ? 'rejected-valid' : undefined });
      }
    }
    return out;
  },
};

/** Corpus checks for the domain model. */
export const domainChecks: CorpusCheck[] = [roundTripCheck, parseErrorCheck, schemaCheck];
