/**
 * Xen corpora: libxlxml2domconfigdata (domain XML → libxl_domain_config JSON,
 * compared semantically with the IDL defaults), xlconfigdata (xl.cfg ⇄ XML
 * in the manifest's directions) and xmconfigdata (legacy xm config → XML).
 */
import { join } from 'node:path';
import { formatDomainXml, parseDomainXml, parseXmlDocument, xmlDiff, canonicalXml } from '@polyvisor/core';
import { readCorpusFile, type CaseResult, type CorpusCheck, type Manifest } from '../framework.js';
import { buildLibxlDomainConfig, type LibxlBuildOptions } from '../../../packages/driver-xen/src/libxl/config.js';
import { LIBXL_SCHEMA } from '../../../packages/driver-xen/src/libxl/generated/types.js';
import { jsonDiff, normalizeLibxlJson } from '../../../packages/driver-xen/src/libxl/schema.js';
import { domainToXlConfig } from '../../../packages/driver-xen/src/xlcfg/from-domain.js';
import { formatXlValue, parseXlConfig, type XlConfig, type XlValue } from '../../../packages/driver-xen/src/xlcfg/syntax.js';
import { xlConfigToDomain, type FromXlOptions } from '../../../packages/driver-xen/src/xlcfg/to-domain.js';

/** The libxl firmware directory substituted for `/LIBXL_FIRMWARE_DIR` (replaceVars). */
const FIRMWARE_DIR = '/usr/lib/xen/boot';

/**
 * libxlxml2domconfigtest's harness: libxl_get_required_shadow_memory is mocked
 * to 1234 KiB, VNC ports come from 5900–6000, nested HVM is allowed on a
 * VMX-capable host CPU.
 */
const LIBXL_HARNESS: LibxlBuildOptions = {
  shadowMemkb: () => 1234,
  allocatePort: () => 5900,
  nestedHvm: true,
  hostHwVirt: 'vmx',
  firmwareDir: FIRMWARE_DIR,
};

/** libxl feature macros a modern libxl (Xen ≥ 4.19) defines. */
const MODERN_LIBXL = new Set([
  'LIBXL_HAVE_BUILDINFO_NESTED_HVM',
  'LIBXL_HAVE_BUILDINFO_GRANT_LIMITS',
  'LIBXL_HAVE_BUILDINFO_HVM_VIRIDIAN_ENABLE_DISABLE',
  'LIBXL_HAVE_BUILDINFO_APIC',
  'LIBXL_HAVE_BUILDINFO_KERNEL',
  'LIBXL_HAVE_BUILDINFO_SERIAL_LIST',
  'LIBXL_HAVE_BUILDINFO_BOOTLOADER',
  'LIBXL_HAVE_DEVICE_DISK_SPECIFICATION',
  'LIBXL_HAVE_CREATEINFO_PASSTHROUGH',
]);

/** Evaluates an `onlyIf` condition (`defined(X)`, `!(...)`, `&&`, `||`) for a modern libxl. */
function evalCondition(expr: string): boolean {
  const js = expr.replace(/defined\(\s*([A-Z0-9_]+)\s*\)/g, (_, m: string) => (MODERN_LIBXL.has(m) ? 'true' : 'false'));
  if (!/^[\s()!&|truefals]*$/.test(js)) throw new Error(`unsupported onlyIf condition: ${expr}`);
  return Function(`"use strict"; return (${js});`)() as boolean;
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function elementOf(diff: string): string {
  const path = diff.split(':')[0] ?? '';
  const parts = path.split('/').filter((p) => p && !p.startsWith('@'));
  return (parts[parts.length - 1] ?? 'domain').replace(/\[\d+\]$/, '');
}

function xmlCompare(expectedText: string, actualText: string): Omit<CaseResult, 'name'> {
  const expected = parseXmlDocument(expectedText);
  const actual = parseXmlDocument(actualText);
  if (canonicalXml(expected) === canonicalXml(actual)) return { pass: true };
  const d = xmlDiff(expected, actual) ?? 'differs';
  return { pass: false, detail: d, feature: `xml:${elementOf(d)}` };
}

function normValue(v: XlValue): string {
  if (Array.isArray(v)) return `[${v.map(normValue).join(',')}]`;
  return String(v).replace(/\s+/g, ' ').trim();
}

/** Compares two xl configs as key → value maps (quoting, numbers-vs-strings and whitespace normalised). */
function cfgCompare(expected: XlConfig, actual: XlConfig): Omit<CaseResult, 'name'> {
  for (const k of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(k);
    const a = actual.get(k);
    if (e === undefined || a === undefined || normValue(e) !== normValue(a)) {
      return { pass: false, detail: `${k}: ${e === undefined ? '(absent)' : formatXlValue(e)} vs ${a === undefined ? '(absent)' : formatXlValue(a)}`, feature: `cfg:${k}` };
    }
  }
  return { pass: true };
}

function replaceVars(text: string, c: Record<string, unknown>): string {
  return c.replaceVars ? text.split('/LIBXL_FIRMWARE_DIR').join(FIRMWARE_DIR) : text;
}

const FROM_XL: FromXlOptions = { firmwareDir: FIRMWARE_DIR };

const libxlCheck: CorpusCheck = {
  name: 'libxlxml2domconfigdata',
  manifest: 'libvirt/manifests/libxlxml2domconfigdata.cases.json',
  async run(dataDir: string, manifest: Manifest): Promise<CaseResult[]> {
    const dir = join('libvirt', manifest.directories[0] ?? 'libxlxml2domconfigdata');
    const out: CaseResult[] = [];
    for (const c of manifest.cases) {
      const onlyIf = Array.isArray(c.onlyIf) ? (c.onlyIf as string[]) : [];
      if (!onlyIf.every(evalCondition)) continue;
      const input = typeof c.input === 'string' ? c.input : `${c.name}.xml`;
      const expectedFile = typeof c.expected === 'string' ? c.expected : `${c.name}.json`;
      try {
        const xml = await readCorpusFile(dataDir, dir, input);
        const expected = JSON.parse(await readCorpusFile(dataDir, dir, expectedFile)) as unknown;
        const actual = buildLibxlDomainConfig(parseDomainXml(xml), LIBXL_HARNESS);
        const e = normalizeLibxlJson(LIBXL_SCHEMA, 'libxl_domain_config', expected);
        const a = normalizeLibxlJson(LIBXL_SCHEMA, 'libxl_domain_config', JSON.parse(JSON.stringify(actual)));
        const d = jsonDiff(e, a);
        out.push(d ? { name: c.name, pass: false, detail: d, feature: `json:${(d.split(':')[0] ?? '').replace(/\[\d+\]/g, '').split('.').slice(0, 3).join('.')}` } : { name: c.name, pass: true });
      } catch (e) {
        out.push({ name: c.name, pass: false, detail: errorText(e), feature: 'error' });
      }
    }
    return out;
  },
};

function cfgXmlCheck(name: string, manifestPath: string, dialect: 'xl' | 'xm', allowedDirections: readonly string[]): CorpusCheck {
  return {
    name,
    manifest: manifestPath,
    async run(dataDir: string, manifest: Manifest): Promise<CaseResult[]> {
      const dir = join('libvirt', manifest.directories[0] ?? name);
      const out: CaseResult[] = [];
      const seen = new Set<string>();
      for (const c of manifest.cases) {
        if (c.upstreamTest === null || typeof c.xml !== 'string' || typeof c.cfg !== 'string') continue;
        const directions = (Array.isArray(c.directions) ? (c.directions as string[]) : ['xml2cfg', 'cfg2xml']).filter((d) => allowedDirections.includes(d));
        for (const direction of directions) {
          const caseName = `${c.name}:${direction}`;
          // The manifest lists a few cases twice; run each (case, direction) once.
          if (seen.has(caseName)) continue;
          seen.add(caseName);
          try {
            const xml = replaceVars(await readCorpusFile(dataDir, dir, c.xml), c);
            const cfgText = replaceVars(await readCorpusFile(dataDir, dir, c.cfg), c);
            if (direction === 'xml2cfg') {
              const actual = domainToXlConfig(parseDomainXml(xml), {}, dialect);
              out.push({ name: caseName, ...cfgCompare(parseXlConfig(cfgText), actual) });
            } else {
              const spec = xlConfigToDomain(parseXlConfig(cfgText), FROM_XL, dialect);
              out.push({ name: caseName, ...xmlCompare(xml, formatDomainXml(spec, { inactive: true })) });
            }
          } catch (e) {
            out.push({ name: caseName, pass: false, detail: errorText(e), feature: `error:${direction}` });
          }
        }
      }
      return out;
    },
  };
}

/** Corpus checks for the Xen driver's pure half. */
export const xenChecks: CorpusCheck[] = [
  libxlCheck,
  cfgXmlCheck('xlconfigdata', 'libvirt/manifests/xlconfigdata.cases.json', 'xl', ['xml2cfg', 'cfg2xml']),
  cfgXmlCheck('xmconfigdata', 'libvirt/manifests/xmconfigdata.cases.json', 'xm', ['cfg2xml']),
];
