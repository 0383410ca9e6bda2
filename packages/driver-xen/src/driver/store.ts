/**
 * Durable state of the Xen driver on the manager's disk: atomic writes
 * (temp file + fsync + rename), private directories, and where a connection
 * keeps its files.
 *
 * Where definitions live: **on the machine running the manager**, under the
 * connection's state directory — for `xen:///system` that is the Xen host
 * itself (`/var/lib/polyvisor/xen`, like libvirt's `/etc/libvirt/libxl`);
 * for `xen+ssh://` it is a per-target directory on the manager
 * (`$XDG_CONFIG_HOME/polyvisor/xen/<user@host:port>`) unless the
 * `stateDir` driver option names another. xl itself keeps no definitions.
 * @module
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DomainStateReason, ParsedUri } from '@polyvisor/core';

/** The directories of one Xen connection. */
export interface XenPaths {
  /** Persistent definitions (`<name>.xml`). */
  configDir: string;
  /** Autostart markers (`autostart/<name>`). */
  autostartDir: string;
  /** Status files of domains this driver started (`<name>.status.json`). */
  runDir: string;
  /** Records of save images this driver wrote (`<uuid>.json`: the image path on the Xen host and the live definition). */
  savedDir: string;
}

/** Resolves the state directories of a connection (see the module comment). */
export function xenPathsFor(uri: ParsedUri, stateDir: string | undefined, env: NodeJS.ProcessEnv = process.env): XenPaths {
  let root: string;
  if (stateDir) root = resolve(stateDir);
  else if (uri.local) root = `${env.POLYVISOR_SYSTEM_ROOT ?? ''}/var/lib/polyvisor/xen`;
  else {
    const config = env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), '.config');
    const id = `${uri.user ?? 'root'}@${uri.host ?? 'localhost'}:${uri.port ?? 22}`.replace(/[^A-Za-z0-9@:._-]/g, '_');
    root = join(config, 'polyvisor', 'xen', id);
  }
  return { configDir: join(root, 'domains'), autostartDir: join(root, 'domains', 'autostart'), runDir: join(root, 'run'), savedDir: join(root, 'saved') };
}

export { ensurePrivateDir, writeFileAtomic, readFileIfExists, removeIfExists } from '@polyvisor/core';

/** Contents of `<runDir>/<name>.status.json`: a domain this driver started. */
export interface XenDomainStatus {
  /** Format version. */
  version: 1;
  /** Domain name. */
  name: string;
  /** Domain UUID. */
  uuid: string;
  /** Xen domain id at start (it changes across a guest reboot with `on_reboot=restart`). */
  domid: number;
  /** The live definition (domain XML). */
  liveXml: string;
  /** The xl.cfg it was created from. */
  xlcfg: string;
  /** When it was started (ms since the epoch). */
  startedAt: number;
  /** Why it runs (`booted`, `restored`, `migrated`); absent in files of older versions (= `booted`). */
  reason?: DomainStateReason;
}

/** Contents of `<savedDir>/<uuid>.json`: a save image this driver wrote, so a restore gets our definition back. */
export interface XenSavedImage {
  /** Format version. */
  version: 1;
  /** Domain UUID (also inside the image). */
  uuid: string;
  /** Domain name at save time. */
  name: string;
  /** Path of the image on the Xen host. */
  path: string;
  /** The live definition at save time (domain XML). */
  liveXml: string;
  /** When it was saved (ms since the epoch). */
  savedAt: number;
  /** Saved with `paused`: a restore leaves the domain paused. */
  paused?: boolean;
}
