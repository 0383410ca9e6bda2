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
import { open, rename, unlink, mkdir, readFile, chmod } from 'node:fs/promises';
import { constants } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, basename, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ParsedUri } from '@polyvisor/core';

/** The directories of one Xen connection. */
export interface XenPaths {
  /** Persistent definitions (`<name>.xml`). */
  configDir: string;
  /** Autostart markers (`autostart/<name>`). */
  autostartDir: string;
  /** Status files of domains this driver started (`<name>.status.json`). */
  runDir: string;
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
  return { configDir: join(root, 'domains'), autostartDir: join(root, 'domains', 'autostart'), runDir: join(root, 'run') };
}

/** Creates a directory (and parents) with mode 0700. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

/** Writes `data` to `path` atomically (temp file, fsync, rename, fsync of the directory). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  const dh = await open(dirname(path), constants.O_RDONLY).catch(() => undefined);
  if (dh) {
    await dh.sync().catch(() => undefined);
    await dh.close();
  }
}

/** Reads a file, or returns undefined when it does not exist. */
export async function readFileIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Removes a file if present. */
export async function removeIfExists(path: string): Promise<void> {
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

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
}
