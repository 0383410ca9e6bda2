/**
 * Conformance framework: a corpus check reads a manifest from the peer-data
 * directory and returns one result per case. The runner prints
 * `<name>: <pass>/<total>` per check.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Result of one corpus case. */
export interface CaseResult {
  /** Case name (from the manifest). */
  name: string;
  /** Whether our output matched. */
  pass: boolean;
  /** Why it failed (first difference or error message). */
  detail?: string;
  /** Feature tag used to summarise failures (optional). */
  feature?: string;
}

/** One check of one corpus (a corpus may have several, e.g. `-xml` and `-args`). */
export interface CorpusCheck {
  /** Line name printed, e.g. `networkxml2xml` or `qemuxmlconfdata-xml`. */
  name: string;
  /** Manifest file under `libvirt/manifests/` (or another path relative to the data dir). */
  manifest: string;
  /** Runs every case. `dataDir` is the peer-data root. */
  run(dataDir: string, manifest: Manifest): Promise<CaseResult[]>;
}

/** A parsed manifest (`*.cases.json`). */
export interface Manifest {
  corpus: string;
  directories: string[];
  split?: string;
  cases: Array<Record<string, unknown> & { name: string }>;
}

/** Reads and parses a manifest. */
export async function readManifest(dataDir: string, manifest: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dataDir, manifest), 'utf8')) as Manifest;
}

/** Reads a corpus file as UTF-8. */
export function readCorpusFile(dataDir: string, ...parts: string[]): Promise<string> {
  return readFile(join(dataDir, ...parts), 'utf8');
}
