/**
 * Host storage: libvirt-style storage pools (`dir`, `fs`, `netfs`,
 * `logical`) and volumes (through `qemu-img` and lvm2) behind core's
 * `StorageDriver` contract.
 * @module
 */
export {
  HostStorage,
  createVolumeDiskResolver,
  type HostStorageOptions,
  type HostCreateVolumeOptions,
  type HostResizeVolumeOptions,
  type VolumeDiskSource,
  type BackingChainEntry,
} from './host-storage.js';
export type { BuildPoolOptions, PoolBackend, PoolSizes, VolumeRecord, BackendCall, BackendCreateVolumeOptions } from './backend.js';
export { FileBackend, CREATABLE_VOLUME_FORMATS, isMountPoint, netfsSource, openNoFollow } from './file-backend.js';
export { LogicalBackend, deviceMapperProblem } from './logical-backend.js';
export { qemuImgCreate, qemuImgConvert, qemuImgInfo, qemuImgResize, qemuImgOptions, type Preallocation, type QemuImgInfo, type QemuImgCreateOptions } from './qemu-img.js';
export { uploadToHandle, downloadFromHandle, type TransferOptions } from './transfer.js';
export { STORAGE_DRIVER, confinedVolumePath, lstatNoSymlink, validateStorageName } from './util.js';
