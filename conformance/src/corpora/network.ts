import { canonicalXml, formatNetworkXml, isPolyvisorError, parseNetworkXml, parseXmlDocument, xmlDiff } from '@polyvisor/core';
import { readCorpusFile, type CaseResult, type CorpusCheck, type Manifest } from '../framework.js';

/** Short feature tag for a failure: the element named in an XML diff or error path. */
function featureOf(detail: string): string | undefined {
  const m = /\/network(?:\[\d+\])?\/([A-Za-z:]+)/.exec(detail);
  return m?.[1];
}

async function runCase(dataDir: string, c: Manifest['cases'][number]): Promise<CaseResult> {
  const input = await readCorpusFile(dataDir, 'libvirt', 'networkxml2xmlin', String(c.input));
  // `success` cases must format to the expected file; every other expectation (`parse-error`, ...) must be rejected.
  const expectError = c.expect !== 'success';
  const flags = Array.isArray(c.formatFlags) ? (c.formatFlags as unknown[]).map(String) : [];
  let actual: string;
  try {
    actual = formatNetworkXml(parseNetworkXml(input), { inactive: flags.includes('VIR_NETWORK_XML_INACTIVE') });
  } catch (err) {
    if (expectError && isPolyvisorError(err)) return { name: c.name, pass: true };
    const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { name: c.name, pass: false, detail: expectError ? `unexpected non-polyvisor error: ${detail}` : detail, feature: featureOf(detail) ?? 'parse' };
  }
  if (expectError) return { name: c.name, pass: false, detail: 'expected a parse error, but the XML was accepted', feature: 'accepted-invalid' };
  const expected = await readCorpusFile(dataDir, 'libvirt', 'networkxml2xmlout', String(c.expected));
  const a = parseXmlDocument(actual);
  const e = parseXmlDocument(expected);
  if (canonicalXml(a) === canonicalXml(e)) return { name: c.name, pass: true };
  const diff = xmlDiff(a, e) ?? 'documents differ';
  return { name: c.name, pass: false, detail: `actual vs expected: ${diff}`, feature: featureOf(diff) ?? 'diff' };
}

/** Corpus checks for the network model. */
export const networkChecks: CorpusCheck[] = [
  {
    name: 'networkxml2xml',
    manifest: 'libvirt/manifests/networkxml2xml.cases.json',
    async run(dataDir: string, manifest: Manifest): Promise<CaseResult[]> {
      const results: CaseResult[] = [];
      for (const c of manifest.cases) {
        try {
          results.push(await runCase(dataDir, c));
        } catch (err) {
          results.push({ name: c.name, pass: false, detail: `harness error: ${err instanceof Error ? err.message : String(err)}`, feature: 'harness' });
        }
      }
      return results;
    },
  },
];
