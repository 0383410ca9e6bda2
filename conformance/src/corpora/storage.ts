/**
 * Storage corpora: libvirt's storagepoolxml2xml / storagevolxml2xml
 * round-trips and the storage pool / volume schema-validation sets.
 * @module
 */
import {
  formatStoragePoolXml,
  formatStorageVolumeXml,
  isPolyvisorError,
  parseStoragePoolXml,
  parseStorageVolumeXml,
  parseXmlDocument,
  xmlDiff,
  type StoragePoolSpec,
  type StorageVolumeParseOptions,
} from '@polyvisor/core';
import { readCorpusFile, type CaseResult, type CorpusCheck, type Manifest } from '../framework.js';

type ManifestCase = Manifest['cases'][number];

function errorText(err: unknown): string {
  if (isPolyvisorError(err)) return `${err.code}: ${err.message}`;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Compares our formatted XML with the expected file as XML trees (whitespace and attribute order ignored). */
function compare(name: string, ours: string, expected: string, feature: string): CaseResult {
  const diff = xmlDiff(parseXmlDocument(ours), parseXmlDocument(expected));
  return diff === undefined ? { name, pass: true } : { name, pass: false, detail: diff, feature };
}

/** Runs one round-trip case, turning any exception into a failed result. */
async function runCase(name: string, feature: string, fn: () => Promise<CaseResult>): Promise<CaseResult> {
  try {
    return await fn();
  } catch (err) {
    return { name, pass: false, detail: errorText(err), feature };
  }
}

const poolXml2Xml: CorpusCheck = {
  name: 'storagepoolxml2xml',
  manifest: 'libvirt/manifests/storagepoolxml2xml.cases.json',
  async run(dataDir, manifest) {
    const results: CaseResult[] = [];
    for (const c of manifest.cases) {
      const input = c.input as string | undefined;
      const expected = c.expected as string | undefined;
      if (!input || !expected) continue;
      results.push(
        await runCase(c.name, 'pool', async () => {
          const spec = parseStoragePoolXml(await readCorpusFile(dataDir, 'libvirt', 'storagepoolxml2xmlin', input));
          const ours = formatStoragePoolXml(spec);
          return compare(c.name, ours, await readCorpusFile(dataDir, 'libvirt', 'storagepoolxml2xmlout', expected), `pool-${spec.type}`);
        }),
      );
    }
    return results;
  },
};

/** The parent pool of a volume case: the pool file when present here, else just its type. */
async function volumePool(dataDir: string, c: ManifestCase): Promise<StoragePoolSpec | { type: string }> {
  if (c.poolFileInThisSubset === true && typeof c.pool === 'string') {
    return parseStoragePoolXml(await readCorpusFile(dataDir, 'libvirt', c.pool));
  }
  if (typeof c.poolType !== 'string') throw new Error(`case ${c.name}: no pool type`);
  return { type: c.poolType };
}

function volumeParseOptions(c: ManifestCase): StorageVolumeParseOptions {
  const flags = Array.isArray(c.parseFlags) ? (c.parseFlags as string[]) : [];
  return {
    noCapacity: flags.includes('VIR_VOL_XML_PARSE_NO_CAPACITY'),
    optCapacity: flags.includes('VIR_VOL_XML_PARSE_OPT_CAPACITY'),
  };
}

const volXml2Xml: CorpusCheck = {
  name: 'storagevolxml2xml',
  manifest: 'libvirt/manifests/storagevolxml2xml.cases.json',
  async run(dataDir, manifest) {
    const results: CaseResult[] = [];
    for (const c of manifest.cases) {
      const input = c.input as string | undefined;
      const expected = c.expected as string | undefined;
      // Entries without input/expected are files upstream's conversion test does not run.
      if (!input || !expected) continue;
      results.push(
        await runCase(c.name, `vol-in-${String(c.poolType ?? 'pool')}`, async () => {
          const pool = await volumePool(dataDir, c);
          const spec = parseStorageVolumeXml(await readCorpusFile(dataDir, 'libvirt', 'storagevolxml2xmlin', input), pool, volumeParseOptions(c));
          const ours = formatStorageVolumeXml(spec, pool);
          return compare(c.name, ours, await readCorpusFile(dataDir, 'libvirt', 'storagevolxml2xmlout', expected), `vol-in-${pool.type}`);
        }),
      );
    }
    return results;
  },
};

/** Whether a schema-data case is expected to be valid (manifest field, else the `-invalid.` naming rule). */
function expectValid(c: ManifestCase, file: string): boolean {
  if (typeof c.expectValid === 'boolean') return c.expectValid;
  return !file.includes('-invalid.');
}

function schemaCheck(name: string, dir: string, parse: (xml: string) => unknown): CorpusCheck {
  return {
    name,
    manifest: `libvirt/manifests/${name}.cases.json`,
    async run(dataDir, manifest) {
      const results: CaseResult[] = [];
      for (const c of manifest.cases) {
        const file = (c.file as string | undefined) ?? `${c.name}.xml`;
        const valid = expectValid(c, file);
        let error: unknown;
        try {
          parse(await readCorpusFile(dataDir, 'libvirt', dir, file));
        } catch (err) {
          error = err;
        }
        if (valid) {
          results.push(error === undefined ? { name: c.name, pass: true } : { name: c.name, pass: false, detail: `valid document rejected: ${errorText(error)}`, feature: 'valid' });
        } else if (error === undefined) {
          results.push({ name: c.name, pass: false, detail: 'invalid document accepted', feature: 'invalid' });
        } else if (!isPolyvisorError(error)) {
          results.push({ name: c.name, pass: false, detail: `rejected with a non-polyvisor error: ${errorText(error)}`, feature: 'invalid' });
        } else {
          results.push({ name: c.name, pass: true });
        }
      }
      return results;
    },
  };
}

/** Corpus checks for the storage model. */
export const storageChecks: CorpusCheck[] = [
  poolXml2Xml,
  volXml2Xml,
  schemaCheck('storagepoolschemadata', 'storagepoolschemadata', (xml) => parseStoragePoolXml(xml)),
  // Schema documents carry no parent pool: file volumes, as in a directory pool.
  schemaCheck('storagevolschemadata', 'storagevolschemadata', (xml) => parseStorageVolumeXml(xml, { type: 'dir' })),
];
