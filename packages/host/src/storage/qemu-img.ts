/**
 * `qemu-img` wrappers: argv arrays only (never a shell string), absolute
 * paths only (so a name like `json:{...}` or `nbd:...` can never be read as
 * a protocol), `--output=json` for everything that is parsed.
 * @module
 */
import { isAbsolute } from 'node:path';
import { ErrorCode } from '@polyvisor/core';
import { run, storageError } from './util.js';

/** Preallocation modes of `qemu-img create` (`-o preallocation=`). */
export type Preallocation = 'off' | 'metadata' | 'falloc' | 'full';

/** One image of `qemu-img info --output=json` (the fields the driver reads). */
export interface QemuImgInfo {
  /** File name as given. */
  filename: string;
  /** Detected or given format. */
  format: string;
  /** Virtual size in bytes. */
  'virtual-size': number;
  /** Bytes allocated on the host. */
  'actual-size'?: number;
  /** Cluster size (qcow2 and friends). */
  'cluster-size'?: number;
  /** Backing file as written in the image. */
  'backing-filename'?: string;
  /** Backing file resolved against the image's directory. */
  'full-backing-filename'?: string;
  /** Backing file format as written in the image. */
  'backing-filename-format'?: string;
  /** Format-specific data (`compat`, `lazy-refcounts`, `extended-l2` for qcow2). */
  'format-specific'?: { type: string; data?: Record<string, unknown> };
}

/** Options of {@link qemuImgCreate}. */
export interface QemuImgCreateOptions {
  /** Image format (`raw`, `qcow2`, ...). */
  format: string;
  /** Virtual size in bytes (may be omitted with a backing file). */
  size?: number;
  /** Preallocation mode. */
  preallocation?: Preallocation;
  /** qcow2 cluster size in bytes. */
  clusterSize?: number;
  /** qcow2 lazy refcounts. */
  lazyRefcounts?: boolean;
  /** qcow2 extended L2 entries. */
  extendedL2?: boolean;
  /** qcow2 compatibility level (`0.10` or `1.1`). */
  compat?: string;
  /** Backing file (absolute path) for an overlay. */
  backingFile?: string;
  /** Backing file format. */
  backingFormat?: string;
  /** btrfs: no copy-on-write. */
  nocow?: boolean;
}

const OPT_SAFE = /^[A-Za-z0-9._-]+$/;

function requireAbsolute(path: string, operation?: string): void {
  if (!isAbsolute(path)) throw storageError(ErrorCode.INVALID_ARG, `qemu-img needs an absolute path, got '${path}'`, operation);
}

/** Builds the `-o` option string for qemu-img create/convert (values are checked, never user text). */
export function qemuImgOptions(o: Omit<QemuImgCreateOptions, 'format' | 'size' | 'backingFile' | 'backingFormat'>, format: string): string[] {
  const opts: string[] = [];
  if (o.preallocation && o.preallocation !== 'off') opts.push(`preallocation=${o.preallocation}`);
  if (format === 'qcow2') {
    if (o.clusterSize) opts.push(`cluster_size=${o.clusterSize}`);
    if (o.compat) opts.push(`compat=${o.compat}`);
    if (o.lazyRefcounts) opts.push('lazy_refcounts=on');
    if (o.extendedL2) opts.push('extended_l2=on');
  }
  if (o.nocow) opts.push('nocow=on');
  for (const x of opts) if (!OPT_SAFE.test(x.split('=')[1]!)) throw storageError(ErrorCode.INVALID_ARG, `invalid qemu-img option value in '${x}'`);
  return opts.length ? ['-o', opts.join(',')] : [];
}

/** `qemu-img create`: a new image at `path` (absolute). */
export async function qemuImgCreate(path: string, o: QemuImgCreateOptions, signal?: AbortSignal, operation?: string): Promise<void> {
  requireAbsolute(path, operation);
  const argv = ['qemu-img', 'create', '-q', '-f', o.format, ...qemuImgOptions(o, o.format)];
  if (o.backingFile !== undefined) {
    requireAbsolute(o.backingFile, operation);
    argv.push('-b', o.backingFile);
    if (o.backingFormat) argv.push('-F', o.backingFormat);
  }
  argv.push(path);
  if (o.size !== undefined) argv.push(String(o.size));
  await run(argv, { ...(signal ? { signal } : {}), ...(operation ? { operation } : {}) });
}

/** `qemu-img convert`: a full, independent copy of `src` (backing chain flattened) as `dst`. */
export async function qemuImgConvert(src: string, srcFormat: string | undefined, dst: string, o: QemuImgCreateOptions, signal?: AbortSignal, operation?: string): Promise<void> {
  requireAbsolute(src, operation);
  requireAbsolute(dst, operation);
  const argv = ['qemu-img', 'convert', '-q', ...(srcFormat ? ['-f', srcFormat] : []), '-O', o.format, ...qemuImgOptions(o, o.format), src, dst];
  await run(argv, { ...(signal ? { signal } : {}), ...(operation ? { operation } : {}) });
}

/** `qemu-img resize` to `size` bytes (`shrink` allows making it smaller). */
export async function qemuImgResize(path: string, format: string, size: number, shrink: boolean, signal?: AbortSignal, operation?: string): Promise<void> {
  requireAbsolute(path, operation);
  const argv = ['qemu-img', 'resize', '-q', '-f', format, ...(shrink ? ['--shrink'] : []), path, String(size)];
  await run(argv, { ...(signal ? { signal } : {}), ...(operation ? { operation } : {}) });
}

/**
 * `qemu-img info --output=json` (with `--backing-chain`: the image and every
 * backing image, top first). `format` skips probing when known.
 */
export async function qemuImgInfo(path: string, opts: { format?: string; backingChain?: boolean; signal?: AbortSignal; operation?: string } = {}): Promise<QemuImgInfo[]> {
  requireAbsolute(path, opts.operation);
  const argv = ['qemu-img', 'info', '--output=json', '-U', ...(opts.backingChain ? ['--backing-chain'] : []), ...(opts.format ? ['-f', opts.format] : []), path];
  const { stdout } = await run(argv, { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.operation ? { operation: opts.operation } : {}) });
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (err) {
    throw storageError(ErrorCode.OPERATION_FAILED, `cannot parse qemu-img info output for '${path}'`, opts.operation, err);
  }
  return (Array.isArray(parsed) ? parsed : [parsed]) as QemuImgInfo[];
}
