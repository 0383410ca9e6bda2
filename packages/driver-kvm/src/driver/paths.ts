/**
 * Where a QEMU connection keeps its state, per URI (libvirt's layout):
 * `qemu:///system` → /var/lib/polyvisor/qemu + /run/polyvisor/qemu;
 * `qemu:///session` → XDG config/runtime dirs; `qemu:///embed?root=DIR` →
 * everything under DIR.
 * @module
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ErrorCode, PolyvisorError, type ParsedUri } from '@polyvisor/core';

/** The directories of one QEMU connection. */
export interface KvmPaths {
  /** `system`, `session` or `embed`. */
  mode: 'system' | 'session' | 'embed';
  /** Persistent domain definitions (`<name>.xml`) and `autostart/`. */
  configDir: string;
  /** Autostart markers. */
  autostartDir: string;
  /** Runtime state: one directory per running domain, status files, locks. */
  runDir: string;
  /** QEMU log files. */
  logDir: string;
  /** Capability cache. */
  cacheDir: string;
  /** The canonical URI. */
  uri: string;
}

/** Resolves the state directories for a `qemu://` URI; throws `INVALID_URI` for other paths. */
export function kvmPathsFor(uri: ParsedUri, env: NodeJS.ProcessEnv = process.env): KvmPaths {
  if (!uri.local) throw new PolyvisorError(ErrorCode.INVALID_URI, `remote QEMU URIs need a remote transport driver: '${uri.uri}'`, { driver: 'kvm' });
  const make = (mode: KvmPaths['mode'], config: string, run: string, log: string, cache: string, canonical: string): KvmPaths => ({
    mode,
    configDir: join(config, 'qemu'),
    autostartDir: join(config, 'qemu', 'autostart'),
    runDir: join(run, 'qemu'),
    logDir: join(log, 'qemu'),
    cacheDir: join(cache, 'qemu'),
    uri: canonical,
  });
  if (uri.path === '/system') {
    const root = env.POLYVISOR_SYSTEM_ROOT ?? '';
    return make('system', `${root}/var/lib/polyvisor`, `${root}/run/polyvisor`, `${root}/var/log/polyvisor`, `${root}/var/cache/polyvisor`, 'qemu:///system');
  }
  if (uri.path === '/session') {
    const home = env.HOME ?? homedir();
    const config = env.XDG_CONFIG_HOME ?? join(home, '.config');
    const runtime = env.XDG_RUNTIME_DIR ?? join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'polyvisor-run');
    const cache = env.XDG_CACHE_HOME ?? join(home, '.cache');
    return make('session', join(config, 'polyvisor'), join(runtime, 'polyvisor'), join(cache, 'polyvisor', 'log'), join(cache, 'polyvisor'), 'qemu:///session');
  }
  if (uri.path === '/embed') {
    const root = uri.params.root;
    if (!root || !isAbsolute(root)) throw new PolyvisorError(ErrorCode.INVALID_URI, `qemu:///embed needs an absolute root, e.g. qemu:///embed?root=/var/tmp/pv (got '${root ?? ''}')`, { driver: 'kvm' });
    const r = resolve(root);
    if (r === '/') throw new PolyvisorError(ErrorCode.INVALID_URI, 'qemu:///embed root must not be /', { driver: 'kvm' });
    return make('embed', join(r, 'etc'), join(r, 'run'), join(r, 'log'), join(r, 'cache'), `qemu:///embed?root=${encodeURIComponent(r).replace(/%2F/g, '/')}`);
  }
  throw new PolyvisorError(ErrorCode.INVALID_URI, `unexpected QEMU URI path '${uri.path}', try qemu:///system, qemu:///session or qemu:///embed?root=DIR`, { driver: 'kvm' });
}
