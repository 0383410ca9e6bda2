/**
 * The production {@link ArgvRenderer}: capabilities probed from the QEMU
 * binary (cached per binary on disk, keyed by its size and mtime, like
 * libvirt's capability cache), then the pure libvirt-compatible renderer.
 * @module
 */
import { stat, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { ErrorCode, PolyvisorError, type DomainSpec } from '@polyvisor/core';
import { buildQemuArgv } from '../qemu/argv.js';
import { probeQemuCaps, type QemuCaps } from '../qemu/caps.js';
import { probeQemuCapsQmp } from '../qemu/probe.js';
import { ensurePrivateDir, writeFileAtomic } from './store.js';
import type { ArgvRenderer } from './domains.js';
import type { KvmPaths } from './paths.js';

/** Default emulator when a definition names none. */
export const DEFAULT_EMULATOR = '/usr/bin/qemu-system-x86_64';

/**
 * Version of the on-disk capability cache format; a cache file with another
 * (or no) version is re-probed. 2: caps probed over QMP (help-output probe
 * only as a fallback).
 */
const CACHE_VERSION = 2;

interface CacheFile {
  /** {@link CACHE_VERSION} at the time of writing. */
  cacheVersion: number;
  binary: string;
  size: number;
  mtimeMs: number;
  /** How the caps were obtained. */
  probe: 'qmp' | 'help';
  /** Why the QMP probe failed, when `probe` is `help`. */
  qmpError?: string;
  caps: Omit<QemuCaps, 'flags'> & { flags: string[] };
}

const memory = new Map<string, { key: string; caps: Promise<QemuCaps> }>();

/**
 * Capabilities of a QEMU binary: from memory, the on-disk cache (keyed by the
 * binary's size and mtime, and {@link CACHE_VERSION}), or a fresh probe over
 * QMP ({@link probeQemuCapsQmp}). When the QMP probe fails (other than by
 * abort) the help-output probe ({@link probeQemuCaps}) is used instead and the
 * QMP failure is kept in the cache file (`probe: 'help'`, `qmpError`).
 */
export async function qemuCapsFor(binary: string, cacheDir: string, signal?: AbortSignal): Promise<QemuCaps> {
  let st;
  try {
    st = await stat(binary);
  } catch {
    throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `emulator '${binary}' not found (install qemu-system-x86)`, { driver: 'kvm' });
  }
  const key = `${st.size}:${st.mtimeMs}`;
  const hit = memory.get(binary);
  if (hit && hit.key === key) return hit.caps;
  const file = join(cacheDir, 'capabilities', `${createHash('sha256').update(binary).digest('hex').slice(0, 16)}.json`);
  const caps = (async () => {
    try {
      const c = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
      if (c.cacheVersion === CACHE_VERSION && c.binary === binary && c.size === st.size && c.mtimeMs === st.mtimeMs) return { ...c.caps, flags: new Set(c.caps.flags) } as QemuCaps;
    } catch {
      /* no or bad cache: probe */
    }
    let probed: QemuCaps;
    let how: Pick<CacheFile, 'probe' | 'qmpError'>;
    try {
      probed = await probeQemuCapsQmp(binary, signal ? { signal } : {});
      how = { probe: 'qmp' };
    } catch (err) {
      if (signal?.aborted) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      try {
        probed = await probeQemuCaps(binary, signal ? { signal } : {});
      } catch (helpErr) {
        throw new PolyvisorError(ErrorCode.OPERATION_FAILED, `cannot probe '${binary}': over QMP: ${reason}; from its help output: ${(helpErr as Error).message}`, { driver: 'kvm', cause: helpErr });
      }
      how = { probe: 'help', qmpError: reason };
    }
    await ensurePrivateDir(join(cacheDir, 'capabilities'));
    const out: CacheFile = { cacheVersion: CACHE_VERSION, binary, size: st.size, mtimeMs: st.mtimeMs, ...how, caps: { ...probed, flags: [...probed.flags] } };
    await writeFileAtomic(file, JSON.stringify(out));
    return probed;
  })();
  memory.set(binary, { key, caps });
  caps.catch(() => memory.delete(binary));
  return caps;
}

/** The renderer the driver uses unless told otherwise. */
export function defaultArgvRenderer(paths: KvmPaths): ArgvRenderer {
  return {
    emulator: (spec: DomainSpec) => spec.devices?.emulator ?? DEFAULT_EMULATOR,
    async render(spec, ctx) {
      const binary = spec.devices?.emulator ?? DEFAULT_EMULATOR;
      const caps = await qemuCapsFor(binary, paths.cacheDir, ctx.signal);
      const cmd = buildQemuArgv(spec, caps, {
        domainId: ctx.id,
        libDir: ctx.paths.domainDir,
        runDir: ctx.paths.domainDir,
        channelDir: ctx.paths.domainDir,
        monitorPath: ctx.paths.qmpPath,
        startPaused: true,
        accel: ctx.accel,
        ...(ctx.incoming ? { incoming: ctx.incoming } : {}),
      });
      const argv = materializeFds(cmd.argv.slice(1), spec);
      await writeSecrets(argv);
      return [...argv, '-pidfile', ctx.paths.pidPath];
    },
  };
}

type ChrSpec = NonNullable<DomainSpec['devices']>['serials'][number];

function chardevByAlias(spec: DomainSpec, alias: string): ChrSpec | undefined {
  const m = /^(serial|parallel|console|channel)(\d+)$/.exec(alias);
  if (!m) return undefined;
  const d = spec.devices;
  const list = m[1] === 'serial' ? d?.serials : m[1] === 'parallel' ? d?.parallels : m[1] === 'console' ? d?.consoles : d?.channels;
  return list?.[Number(m[2])];
}

/**
 * The renderer reproduces libvirt, which hands QEMU pre-opened file
 * descriptors (`-add-fd`, `fd=N` listening sockets). We let QEMU open the
 * files and sockets itself: each fd reference becomes the path it stands for.
 */
export function materializeFds(argv: string[], spec: DomainSpec): string[] {
  const fdsetPath = new Map<string, string>();
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-add-fd') {
      const v = argv[i + 1] ?? '';
      const set = /(?:^|,)set=(\d+)/.exec(v)?.[1];
      const opaque = /(?:^|,)opaque=([^,]+)/.exec(v)?.[1] ?? '';
      const m = /^(.*)-(source|log)$/.exec(opaque);
      const chr = m ? chardevByAlias(spec, m[1]!) : undefined;
      const path = m?.[2] === 'log' ? chr?.log?.file : chr?.sources.find((x) => x.path)?.path;
      if (set === undefined || !path) throw new PolyvisorError(ErrorCode.UNSUPPORTED, `cannot map pre-opened fd '${v}' to a path`, { driver: 'kvm' });
      fdsetPath.set(set, path);
      i++;
      continue;
    }
    out.push(a);
  }
  let nic = -1;
  return out.map((a, i) => {
    if (out[i - 1] === '-netdev' && a.startsWith('{')) {
      nic++;
      const nd = JSON.parse(a) as Record<string, unknown>;
      if (nd.type !== 'tap') return a;
      const idx = Number(String(nd.id).replace(/^hostnet/, ''));
      const n = spec.devices?.interfaces[Number.isInteger(idx) ? idx : nic];
      const ifname = n?.target?.dev;
      if (!ifname) throw new PolyvisorError(ErrorCode.UNSUPPORTED, `interface ${nic} has no tap device`, { driver: 'kvm' });
      // QEMU opens the persistent tap the driver created, by name; vhost-net only where the host has it.
      const out2: Record<string, unknown> = { type: 'tap', ifname, script: 'no', downscript: 'no' };
      if (nd.vhost && existsSync('/dev/vhost-net')) out2.vhost = true;
      out2.id = nd.id;
      return JSON.stringify(out2);
    }
    if (out[i - 1] !== '-chardev') return a;
    let v = a.replace(/path=\/dev\/fdset\/(\d+)/g, (_m, set: string) => `path=${(fdsetPath.get(set) ?? '').replace(/,/g, ',,')}`);
    v = v.replace(/logfile=\/dev\/fdset\/(\d+)/g, (_m, set: string) => `logfile=${(fdsetPath.get(set) ?? '').replace(/,/g, ',,')}`);
    const fd = /^socket,id=char([^,]+),fd=\d+/.exec(v);
    if (fd) {
      const path = chardevByAlias(spec, fd[1]!)?.sources.find((x) => x.path)?.path;
      if (!path) throw new PolyvisorError(ErrorCode.UNSUPPORTED, `chardev '${fd[1]}' needs a socket path`, { driver: 'kvm' });
      v = v.replace(/,fd=\d+/, `,path=${path.replace(/,/g, ',,')}`);
    }
    return v;
  });
}

/** Creates the files `-object secret,...,file=` points at (libvirt's per-domain master key). */
async function writeSecrets(argv: string[]): Promise<void> {
  for (let i = 0; i < argv.length - 1; i++) {
    if (argv[i] !== '-object' || !argv[i + 1]!.startsWith('{')) continue;
    const o = JSON.parse(argv[i + 1]!) as { 'qom-type'?: string; id?: string; file?: string };
    if (o['qom-type'] === 'secret' && o.id === 'masterKey0' && o.file) {
      await ensurePrivateDir(dirname(o.file));
      await writeFileAtomic(o.file, randomBytes(32));
    }
  }
}
