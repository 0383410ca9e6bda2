/**
 * `logical` pools: an LVM volume group through the lvm2 tools
 * (pvcreate/vgcreate to build, vgchange to start/stop, lvcreate/lvremove/
 * lvresize for volumes, `vgs`/`lvs --reportformat json` to refresh).
 * Logical volumes need the kernel's device-mapper; when it is missing the
 * volume operations fail with an `OPERATION_FAILED` that says so.
 * @module
 */
import { closeSync, openSync, readFileSync } from 'node:fs';
import { lstat, realpath, type FileHandle } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { ErrorCode, PolyvisorError, type StoragePoolSpec, type StorageVolumeSpec } from '@polyvisor/core';
import type { BackendCall, BackendCreateVolumeOptions, BuildPoolOptions, PoolBackend, PoolSizes, VolumeRecord } from './backend.js';
import { openNoFollow, zeroFill } from './file-backend.js';
import { qemuImgConvert } from './qemu-img.js';
import { isInside, run, storageError, validateStorageName } from './util.js';

const SAFE_VG = /^[A-Za-z0-9+_][A-Za-z0-9+_.-]*$/;

/** Why device-mapper cannot be used on this host, or undefined when it can. */
export function deviceMapperProblem(): string | undefined {
  let misc = '';
  try {
    misc = readFileSync('/proc/misc', 'utf8');
  } catch {
    /* no procfs: rely on the open below */
  }
  const inKernel = /\bdevice-mapper\b/.test(misc);
  try {
    closeSync(openSync('/dev/mapper/control', 'r'));
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '/dev/mapper/control does not exist' : `opening /dev/mapper/control fails with ${code}`;
    return `device-mapper is not available on this host (${inKernel ? '' : "the kernel has no device-mapper: 'device-mapper' missing from /proc/misc; "}${why})`;
  }
}

interface LvsRow {
  lv_name: string;
  lv_uuid: string;
  lv_size: string;
  lv_path?: string;
  lv_attr?: string;
}

function vgName(spec: StoragePoolSpec): string {
  return spec.source?.name ?? spec.name;
}

function lvSizeArg(bytes: number): string {
  return `${Math.ceil(bytes / 1024)}k`;
}

function withDmHint(err: unknown, what: string, operation: string): PolyvisorError {
  const dm = deviceMapperProblem();
  const detail = err instanceof Error ? err.message.replace(/^\[storage\] /, '') : String(err);
  return storageError(ErrorCode.OPERATION_FAILED, `${what}: ${dm ? `${dm}: ` : ''}${detail}`, operation, err);
}

/** The backend of `logical` (LVM) pools. */
export class LogicalBackend implements PoolBackend {
  /** Pool type served. */
  readonly type = 'logical' as const;

  /** Checks what this pool type needs in a definition (`INVALID_ARG`). */
  validate(spec: StoragePoolSpec, operation: string): void {
    const where = `storage pool "${spec.name}"`;
    const vg = vgName(spec);
    if (!SAFE_VG.test(vg)) throw storageError(ErrorCode.INVALID_ARG, `${where}: invalid volume group name '${vg}'`, operation);
    for (const d of spec.source?.devices ?? []) {
      if (!isAbsolute(d.path)) throw storageError(ErrorCode.INVALID_ARG, `${where}: source device '${d.path}' must be an absolute path`, operation);
    }
    const f = spec.source?.format ?? 'lvm2';
    if (f !== 'lvm2' && f !== 'unknown') throw storageError(ErrorCode.INVALID_ARG, `${where}: unknown logical pool format '${f}'`, operation);
  }

  /** `pvcreate` on each source device, then `vgcreate`. */
  async build(spec: StoragePoolSpec, opts: BuildPoolOptions, c: BackendCall): Promise<void> {
    const devs = (spec.source?.devices ?? []).map((d) => d.path);
    const where = `storage pool "${spec.name}"`;
    if (!devs.length) throw storageError(ErrorCode.INVALID_ARG, `${where}: building a logical pool needs at least one source device`, c.operation);
    for (const d of devs) {
      const st = await lstat(d).catch(() => undefined);
      if (!st) throw storageError(ErrorCode.OPERATION_FAILED, `${where}: source device '${d}' does not exist`, c.operation);
      if (opts.noOverwrite) {
        const found = await run(['blkid', '-p', '-o', 'value', '-s', 'TYPE', d], { signal: c.signal }).then((r) => r.stdout.trim(), () => '');
        if (found) throw storageError(ErrorCode.OPERATION_INVALID, `${where}: device '${d}' already contains a '${found}' signature; build with overwrite to replace it`, c.operation);
      }
    }
    const created: string[] = [];
    try {
      for (const d of devs) {
        // Without overwrite pvcreate refuses (non-interactively) to wipe existing signatures.
        await run(['pvcreate', ...(opts.overwrite ? ['-ff', '--yes'] : []), d], { signal: c.signal, operation: c.operation });
        created.push(d);
      }
      await run(['vgcreate', vgName(spec), ...devs], { signal: c.signal, operation: c.operation });
    } catch (err) {
      for (const d of created) await run(['pvremove', d]).catch(() => undefined);
      throw err;
    }
  }

  /** `vgchange -aly`. */
  async start(spec: StoragePoolSpec, c: BackendCall): Promise<void> {
    try {
      await run(['vgchange', '-aly', vgName(spec)], { signal: c.signal, operation: c.operation });
    } catch (err) {
      throw withDmHint(err, `storage pool "${spec.name}": cannot activate volume group '${vgName(spec)}'`, c.operation);
    }
  }

  /** `vgchange -aln`. */
  async stop(spec: StoragePoolSpec, c: BackendCall): Promise<void> {
    await run(['vgchange', '-aln', vgName(spec)], { signal: c.signal, operation: c.operation });
  }

  /** `vgremove -f`, then `pvremove` of each source device. */
  async remove(spec: StoragePoolSpec, c: BackendCall): Promise<void> {
    await run(['vgremove', '-f', vgName(spec)], { signal: c.signal, operation: c.operation });
    for (const d of spec.source?.devices ?? []) await run(['pvremove', d.path], { signal: c.signal, operation: c.operation });
  }

  /** True when an active pool is still usable (manager restart). */
  async isActive(spec: StoragePoolSpec): Promise<boolean> {
    return run(['vgs', vgName(spec)]).then(() => true, () => false);
  }

  /** Sizes from `vgs --reportformat json`. */
  async sizes(spec: StoragePoolSpec, c: BackendCall): Promise<PoolSizes> {
    const { stdout } = await run(['vgs', '--reportformat', 'json', '--units', 'b', '--nosuffix', '-o', 'vg_size,vg_free', vgName(spec)], { signal: c.signal, operation: c.operation });
    const row = (JSON.parse(stdout) as { report: Array<{ vg: Array<{ vg_size: string; vg_free: string }> }> }).report[0]?.vg[0];
    if (!row) throw storageError(ErrorCode.OPERATION_FAILED, `storage pool "${spec.name}": volume group '${vgName(spec)}' not found`, c.operation);
    const capacity = Number(row.vg_size);
    const available = Number(row.vg_free);
    return { capacity, allocation: capacity - available, available };
  }

  private toRecord(spec: StoragePoolSpec, r: LvsRow): VolumeRecord {
    const path = r.lv_path || `/dev/${vgName(spec)}/${r.lv_name}`;
    const size = Number(r.lv_size);
    const vspec: StorageVolumeSpec = { type: 'block', name: r.lv_name, key: r.lv_uuid, capacity: size, allocation: size, target: { path } };
    return { spec: vspec, format: 'raw', info: { name: r.lv_name, key: r.lv_uuid, path, type: 'block', capacity: size, allocation: size } };
  }

  /** Logical volumes from `lvs --reportformat json`. */
  async listVolumes(spec: StoragePoolSpec, c: BackendCall): Promise<VolumeRecord[]> {
    const { stdout } = await run(['lvs', '--reportformat', 'json', '--units', 'b', '--nosuffix', '-o', 'lv_name,lv_uuid,lv_size,lv_path,lv_attr', vgName(spec)], { signal: c.signal, operation: c.operation });
    const rows = (JSON.parse(stdout) as { report: Array<{ lv: LvsRow[] }> }).report[0]?.lv ?? [];
    return rows.filter((r) => !r.lv_name.startsWith('[')).map((r) => this.toRecord(spec, r)).sort((a, b) => a.info.name.localeCompare(b.info.name));
  }

  /** Re-reads one volume (`NO_STORAGE_VOL` when gone). */
  async refreshVolume(spec: StoragePoolSpec, name: string, c: BackendCall): Promise<VolumeRecord> {
    const rec = (await this.listVolumes(spec, c)).find((v) => v.info.name === name);
    if (!rec) throw storageError(ErrorCode.NO_STORAGE_VOL, `storage volume "${name}": no storage vol with matching name '${name}' in pool '${spec.name}'`, c.operation);
    return rec;
  }

  /** `lvcreate` (then `qemu-img convert` into it when cloning). */
  async createVolume(spec: StoragePoolSpec, vol: StorageVolumeSpec, opts: BackendCreateVolumeOptions, c: BackendCall): Promise<void> {
    validateStorageName(vol.name, 'storage volume', c.operation);
    const where = `storage volume "${vol.name}"`;
    if (vol.backingStore) throw storageError(ErrorCode.UNSUPPORTED, `${where}: LVM snapshots (backing store) are not supported by this driver`, c.operation);
    if (vol.target?.format !== undefined && vol.target.format !== 'raw') throw storageError(ErrorCode.INVALID_ARG, `${where}: logical volumes have no image format`, c.operation);
    const capacity = vol.capacity ?? opts.from?.info.capacity;
    if (capacity === undefined) throw storageError(ErrorCode.INVALID_ARG, `${where}: missing capacity`, c.operation);
    try {
      await run(['lvcreate', '--yes', '--name', vol.name, '-L', lvSizeArg(capacity), vgName(spec)], { signal: c.signal, operation: c.operation });
    } catch (err) {
      throw withDmHint(err, `${where}: cannot create logical volume in volume group '${vgName(spec)}'`, c.operation);
    }
    if (opts.from) {
      const rec = await this.refreshVolume(spec, vol.name, c);
      try {
        await qemuImgConvert(opts.from.info.path, opts.from.format, rec.info.path, { format: 'raw' }, c.signal, c.operation);
      } catch (err) {
        await run(['lvremove', '-f', `${vgName(spec)}/${vol.name}`]).catch(() => undefined);
        throw err;
      }
    }
  }

  /** `lvremove -f`. */
  async deleteVolume(spec: StoragePoolSpec, vol: VolumeRecord, c: BackendCall): Promise<void> {
    await run(['lvremove', '-f', `${vgName(spec)}/${vol.info.name}`], { signal: c.signal, operation: c.operation });
  }

  /** `lvresize`. */
  async resizeVolume(spec: StoragePoolSpec, vol: VolumeRecord, capacity: number, _shrink: boolean, c: BackendCall): Promise<void> {
    await run(['lvresize', '-f', '-L', lvSizeArg(capacity), `${vgName(spec)}/${vol.info.name}`], { signal: c.signal, operation: c.operation });
  }

  private async blockPath(spec: StoragePoolSpec, vol: VolumeRecord, c: BackendCall): Promise<string> {
    // /dev/VG/LV is a udev symlink to /dev/dm-N: resolve it once, require a block device under /dev, and open that with O_NOFOLLOW.
    const real = await realpath(vol.info.path);
    const st = await lstat(real);
    if (!isInside('/dev', real) || !st.isBlockDevice()) throw storageError(ErrorCode.OPERATION_INVALID, `storage volume "${vol.info.name}": '${vol.info.path}' does not resolve to a block device under /dev`, c.operation);
    return real;
  }

  /** Zero-fills a volume, keeping its format. */
  async wipeVolume(spec: StoragePoolSpec, vol: VolumeRecord, c: BackendCall): Promise<void> {
    const { fh } = await openNoFollow(await this.blockPath(spec, vol, c), true, c.operation);
    try {
      await zeroFill(fh, vol.info.capacity, c.signal);
    } finally {
      await fh.close();
    }
  }

  /** Opens the volume's raw bytes without following symlinks. */
  async openVolume(spec: StoragePoolSpec, vol: VolumeRecord, write: boolean, c: BackendCall): Promise<{ fh: FileHandle; size: number }> {
    const { fh } = await openNoFollow(await this.blockPath(spec, vol, c), write, c.operation);
    return { fh, size: vol.info.capacity };
  }
}
