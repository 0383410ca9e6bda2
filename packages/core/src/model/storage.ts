/**
 * Storage model: zod schemas mirroring libvirt's storage pool (`<pool>`) and
 * storage volume (`<volume>`) XML.
 *
 * Every object that maps an XML element carries an optional `extra` field
 * ({@link XmlExtras}) holding the attributes and child elements the model does
 * not know, so a parse → format round trip never drops unknown content. All
 * sizes are integers in bytes. Fields libvirt only ever reports at run time
 * (pool capacity/allocation/available, free extents, volume timestamps,
 * physical size, volume source extents) are filled in by drivers; the XML
 * parser ignores them as libvirt does.
 * @module
 */
import { z } from 'zod';
import { extraField, NameSchema, UuidSchema } from './common.js';

const uint = z.number().int().nonnegative();

// ---------------------------------------------------------------------------
// Enumerations

/** Storage pool types (libvirt `virStoragePoolType`). */
export const StoragePoolTypes = [
  'dir',
  'fs',
  'netfs',
  'logical',
  'disk',
  'iscsi',
  'iscsi-direct',
  'scsi',
  'mpath',
  'rbd',
  'sheepdog',
  'gluster',
  'zfs',
  'vstorage',
] as const;
/** zod: a storage pool type. */
export const StoragePoolTypeSchema = z.enum(StoragePoolTypes);
/** A storage pool type. */
export type StoragePoolType = z.infer<typeof StoragePoolTypeSchema>;

/** Storage volume types (libvirt `virStorageVolType`). */
export const StorageVolumeTypes = ['file', 'block', 'dir', 'network', 'netdir', 'ploop'] as const;
/** zod: a storage volume type. */
export const StorageVolumeTypeSchema = z.enum(StorageVolumeTypes);
/** A storage volume type. */
export type StorageVolumeType = z.infer<typeof StorageVolumeTypeSchema>;

/** Source formats of `fs` pools (the first is the default). */
export const StoragePoolFsFormats = ['auto', 'ext2', 'ext3', 'ext4', 'ufs', 'iso9660', 'udf', 'gfs', 'gfs2', 'vfat', 'hfs+', 'xfs', 'ocfs2', 'vmfs'] as const;
/** Source formats of `netfs` pools (the first is the default). */
export const StoragePoolNetfsFormats = ['auto', 'nfs', 'glusterfs', 'cifs'] as const;
/** Source formats (partition table types) of `disk` pools (the first is the default). */
export const StoragePoolDiskFormats = ['unknown', 'dos', 'dvh', 'gpt', 'mac', 'bsd', 'pc98', 'sun', 'lvm2'] as const;
/** Source formats of `logical` pools (the default is `lvm2`). */
export const StoragePoolLogicalFormats = ['unknown', 'lvm2'] as const;

/** Image formats of file-backed volumes (libvirt `virStorageFileFormat`, without `none`). */
export const StorageVolumeFileFormats = ['raw', 'dir', 'bochs', 'cloop', 'dmg', 'iso', 'vpc', 'vdi', 'fat', 'vhd', 'ploop', 'cow', 'qcow', 'qcow2', 'qed', 'vmdk'] as const;
/** Partition types of volumes in `disk` pools (the first is the default). */
export const StorageVolumeDiskFormats = ['none', 'linux', 'fat16', 'fat32', 'linux-swap', 'linux-lvm', 'linux-raid', 'extended'] as const;

/** Volume encryption formats. */
export const StorageVolumeEncryptionFormats = ['default', 'qcow', 'luks', 'luks2', 'luks-any'] as const;

// ---------------------------------------------------------------------------
// Shared parts

/** zod: `<permissions>` of a pool target, volume target or backing store. */
export const StoragePermissionsSchema = z.object({
  /** File mode bits (0..0o777); written in octal. */
  mode: z.number().int().min(0).max(0o777).optional(),
  /** Owner uid (absent: inherit; libvirt's `-1`). */
  owner: uint.optional(),
  /** Group gid (absent: inherit; libvirt's `-1`). */
  group: uint.optional(),
  /** Security (SELinux) label. */
  label: z.string().optional(),
  ...extraField,
});
/** Ownership and mode of a pool target or volume. */
export type StoragePermissions = z.infer<typeof StoragePermissionsSchema>;

/** zod: a secret reference (`<secret uuid=.../>` or `<secret usage=.../>`): exactly one of `uuid` or `usage`. */
export const StorageSecretRefSchema = z.object({
  /** Secret type attribute (`passphrase` in volume encryption; `iscsi`/`ceph` in pool auth). */
  type: z.string().optional(),
  /** Secret UUID. */
  uuid: UuidSchema.optional(),
  /** Secret usage name. */
  usage: z.string().optional(),
  ...extraField,
});
/** A reference to a libvirt secret. */
export type StorageSecretRef = z.infer<typeof StorageSecretRefSchema>;

// ---------------------------------------------------------------------------
// Pool

/** zod: a pool source `<host name port/>`. */
export const StoragePoolHostSchema = z.object({
  /** Host name or address. */
  name: z.string().min(1),
  /** Port (0 or absent: the protocol default). */
  port: z.number().int().optional(),
  ...extraField,
});
/** A pool source host. */
export type StoragePoolHost = z.infer<typeof StoragePoolHostSchema>;

/** zod: a free extent on a pool source device (run-time data, formatted only). */
export const StoragePoolFreeExtentSchema = z.object({
  /** First byte. */
  start: uint,
  /** End byte (exclusive). */
  end: uint,
});

/** zod: a pool source `<device path part_separator/>`. */
export const StoragePoolDeviceSchema = z.object({
  /** Device path (or iSCSI target IQN). */
  path: z.string().min(1),
  /** Whether partition names need a `p` separator (disk pools on multipath devices). */
  partSeparator: z.boolean().optional(),
  /** Free extents reported by a disk pool at run time. */
  freeExtents: z.array(StoragePoolFreeExtentSchema).optional(),
  ...extraField,
});
/** A pool source device. */
export type StoragePoolDevice = z.infer<typeof StoragePoolDeviceSchema>;

/** zod: the PCI address of a `scsi_host` adapter's parent (`<parentaddr><address .../></parentaddr>`). */
export const StoragePoolAdapterParentAddrSchema = z.object({
  /** `unique_id` of the SCSI host. */
  uniqueId: uint,
  /** PCI address. */
  address: z.object({
    /** PCI domain. */
    domain: uint,
    /** PCI bus. */
    bus: uint,
    /** PCI slot. */
    slot: uint,
    /** PCI function. */
    function: uint,
    ...extraField,
  }),
  ...extraField,
});

/** zod: a SCSI pool `<adapter>` (`scsi_host` by name or parent address, or an NPIV `fc_host`). */
export const StoragePoolAdapterSchema = z.object({
  /** Adapter type. */
  type: z.enum(['scsi_host', 'fc_host']),
  /** SCSI host name, e.g. `host0` (scsi_host). */
  name: z.string().optional(),
  /** Parent PCI address (scsi_host, instead of `name`). */
  parentAddr: StoragePoolAdapterParentAddrSchema.optional(),
  /** Parent SCSI host (fc_host). */
  parent: z.string().optional(),
  /** Parent WWNN (fc_host). */
  parentWwnn: z.string().optional(),
  /** Parent WWPN (fc_host). */
  parentWwpn: z.string().optional(),
  /** Parent fabric WWN (fc_host). */
  parentFabricWwn: z.string().optional(),
  /** Whether libvirt manages (creates/destroys) the vHBA (fc_host). */
  managed: z.boolean().optional(),
  /** World wide node name (fc_host). */
  wwnn: z.string().optional(),
  /** World wide port name (fc_host). */
  wwpn: z.string().optional(),
  ...extraField,
});
/** A SCSI pool adapter. */
export type StoragePoolAdapter = z.infer<typeof StoragePoolAdapterSchema>;

/** zod: pool source `<auth type username><secret/></auth>` (iSCSI CHAP or Ceph). */
export const StoragePoolAuthSchema = z.object({
  /** Authentication type. */
  type: z.enum(['chap', 'ceph']),
  /** User name. */
  username: z.string().min(1),
  /** The secret holding the password/key. */
  secret: StorageSecretRefSchema,
  ...extraField,
});
/** Pool source authentication. */
export type StoragePoolAuth = z.infer<typeof StoragePoolAuthSchema>;

/** zod: pool `<source>`. Which parts apply depends on the pool type. */
export const StoragePoolSourceSchema = z.object({
  /** Hosts (netfs, iscsi, rbd, sheepdog, gluster). */
  hosts: z.array(StoragePoolHostSchema).optional(),
  /** Devices (fs, logical, disk, iscsi, zfs). */
  devices: z.array(StoragePoolDeviceSchema).optional(),
  /** Source directory (netfs, gluster), cleaned like a path. */
  dir: z.string().optional(),
  /** SCSI adapter (scsi). */
  adapter: StoragePoolAdapterSchema.optional(),
  /** Source name: volume group, RBD pool, gluster volume, ZFS pool, vstorage cluster. */
  name: z.string().optional(),
  /** Source format (fs, netfs, disk, logical; see the `StoragePool*Formats` lists). */
  format: z.string().optional(),
  /** Authentication. */
  auth: StoragePoolAuthSchema.optional(),
  /** iSCSI initiator (`<initiator><iqn name=.../></initiator>`). */
  initiator: z.object({ iqn: z.string().min(1), ...extraField }).optional(),
  /** NFS protocol version (`<protocol ver=.../>`). */
  protocolVer: z.string().optional(),
  /** SCSI vendor (`<vendor name=.../>`). */
  vendor: z.string().optional(),
  /** SCSI product (`<product name=.../>`). */
  product: z.string().optional(),
  ...extraField,
});
/** A pool source. */
export type StoragePoolSource = z.infer<typeof StoragePoolSourceSchema>;

/** zod: pool `<target>`. */
export const StoragePoolTargetSchema = z.object({
  /** Target path (cleaned: duplicate and trailing slashes removed). */
  path: z.string().optional(),
  /** Ownership and mode. */
  permissions: StoragePermissionsSchema.optional(),
  ...extraField,
});
/** A pool target. */
export type StoragePoolTarget = z.infer<typeof StoragePoolTargetSchema>;

/** zod: `<fs:mount_opts>` of fs/netfs pools (namespace `http://libvirt.org/schemas/storagepool/fs/1.0`). */
export const StoragePoolMountOptsSchema = z.object({
  /** Extra mount options (`<fs:option name=.../>`). */
  options: z.array(z.object({ name: z.string().min(1), ...extraField })),
  ...extraField,
});

/** zod: `<rbd:config_opts>` of rbd pools (namespace `http://libvirt.org/schemas/storagepool/rbd/1.0`). */
export const StoragePoolRbdConfigOptsSchema = z.object({
  /** Ceph configuration options (`<rbd:option name value/>`). */
  options: z.array(z.object({ name: z.string().min(1), value: z.string(), ...extraField })),
  ...extraField,
});

/** zod schema of a storage pool definition (libvirt `<pool>`). Sizes are in bytes. */
export const StoragePoolSpecSchema = z.object({
  /** Pool type. */
  type: StoragePoolTypeSchema,
  /** Pool name (no `/`). */
  name: NameSchema,
  /** Pool UUID; generated on define when absent. */
  uuid: UuidSchema.optional(),
  /** Total capacity in bytes (run time). */
  capacity: uint.optional(),
  /** Allocated bytes (run time). */
  allocation: uint.optional(),
  /** Available bytes (run time). */
  available: uint.optional(),
  /** `<features>`: copy-on-write (`<cow state=.../>`, dir and fs pools). */
  features: z.object({ cow: z.boolean().optional(), ...extraField }).optional(),
  /** Source. */
  source: StoragePoolSourceSchema.optional(),
  /** Target (not for rbd, sheepdog, gluster, iscsi-direct). */
  target: StoragePoolTargetSchema.optional(),
  /** `<refresh><volume allocation=.../></refresh>`: how volume allocation is refreshed. */
  refresh: z
    .object({
      volume: z.object({ allocation: z.enum(['default', 'capacity']), ...extraField }),
      ...extraField,
    })
    .optional(),
  /** Extra mount options (fs, netfs). */
  mountOpts: StoragePoolMountOptsSchema.optional(),
  /** Ceph configuration options (rbd). */
  rbdConfigOpts: StoragePoolRbdConfigOptsSchema.optional(),
  ...extraField,
});
/** A storage pool definition. */
export type StoragePoolSpec = z.infer<typeof StoragePoolSpecSchema>;

// ---------------------------------------------------------------------------
// Volume

/** zod: one extent of a volume on a source device (run-time data, formatted only). */
export const StorageVolumeExtentSchema = z.object({
  /** Device path. */
  path: z.string().min(1),
  /** First byte. */
  start: uint,
  /** End byte (exclusive). */
  end: uint,
});

/** zod: volume `<timestamps>` (run-time data, formatted only), as `seconds[.nanoseconds]` strings. */
export const StorageVolumeTimestampsSchema = z.object({
  /** Access time. */
  atime: z.string().optional(),
  /** Modification time. */
  mtime: z.string().optional(),
  /** Change time. */
  ctime: z.string().optional(),
  /** Birth time. */
  btime: z.string().optional(),
});

/** zod: volume `<encryption>`. */
export const StorageVolumeEncryptionSchema = z.object({
  /** Encryption format. */
  format: z.enum(StorageVolumeEncryptionFormats),
  /** Engine (`qemu`, `librbd`). */
  engine: z.enum(['qemu', 'librbd']).optional(),
  /** Secrets (`<secret type='passphrase' uuid|usage/>`). */
  secrets: z.array(StorageSecretRefSchema).default([]),
  /** LUKS cipher (`<cipher name size mode hash/>`). */
  cipher: z.object({ name: z.string().min(1), size: uint, mode: z.string().optional(), hash: z.string().optional(), ...extraField }).optional(),
  /** LUKS IV generator (`<ivgen name hash/>`). */
  ivgen: z.object({ name: z.string().min(1), hash: z.string().optional(), ...extraField }).optional(),
  ...extraField,
});
/** Volume encryption. */
export type StorageVolumeEncryption = z.infer<typeof StorageVolumeEncryptionSchema>;

/** zod: volume `<target>`. */
export const StorageVolumeTargetSchema = z.object({
  /** Path of the volume on the host (or a network URL). */
  path: z.string().optional(),
  /** Format (file image format, disk partition type; see the `StorageVolume*Formats` lists). */
  format: z.string().optional(),
  /** Ownership and mode. */
  permissions: StoragePermissionsSchema.optional(),
  /** Timestamps (run time). */
  timestamps: StorageVolumeTimestampsSchema.optional(),
  /** Encryption. */
  encryption: StorageVolumeEncryptionSchema.optional(),
  /** qcow2 compatibility level (`0.10`, `1.1`). */
  compat: z.string().optional(),
  /** Disable copy-on-write on btrfs when creating (`<nocow/>`; libvirt does not format it). */
  nocow: z.boolean().optional(),
  /** qcow2 cluster size in bytes. */
  clusterSize: uint.optional(),
  /** qcow2 features (`<features>`; presence implies compat 1.1). */
  features: z.object({ lazyRefcounts: z.boolean().optional(), extendedL2: z.boolean().optional(), ...extraField }).optional(),
  ...extraField,
});
/** A volume target. */
export type StorageVolumeTarget = z.infer<typeof StorageVolumeTargetSchema>;

/** zod: volume `<backingStore>`. */
export const StorageVolumeBackingStoreSchema = z.object({
  /** Backing image path. */
  path: z.string().min(1),
  /** Backing image format. */
  format: z.string().optional(),
  /** Ownership and mode. */
  permissions: StoragePermissionsSchema.optional(),
  ...extraField,
});
/** A volume backing store. */
export type StorageVolumeBackingStore = z.infer<typeof StorageVolumeBackingStoreSchema>;

/** zod schema of a storage volume definition (libvirt `<volume>`). Sizes are in bytes. */
export const StorageVolumeSpecSchema = z.object({
  /** Volume type (formatted as `file` when absent). */
  type: StorageVolumeTypeSchema.optional(),
  /** Volume name. */
  name: NameSchema,
  /** Unique key (set by the pool backend). */
  key: z.string().optional(),
  /** Source extents (run time: logical and disk volumes). */
  source: z.object({ extents: z.array(StorageVolumeExtentSchema).default([]), ...extraField }).optional(),
  /** Logical size in bytes (absent only when parsed with `noCapacity`). */
  capacity: uint.optional(),
  /** Allocated bytes (absent: same as capacity). */
  allocation: uint.optional(),
  /** Physical size on disk in bytes (run time). */
  physical: uint.optional(),
  /** Target. */
  target: StorageVolumeTargetSchema.optional(),
  /** Backing store. */
  backingStore: StorageVolumeBackingStoreSchema.optional(),
  ...extraField,
});
/** A storage volume definition. */
export type StorageVolumeSpec = z.infer<typeof StorageVolumeSpecSchema>;
