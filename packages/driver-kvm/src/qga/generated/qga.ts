// This file is generated from the QAPI schema of QEMU 10.0.13 (qga/qapi-schema.json).
// DO NOT EDIT. Regenerate with: pnpm --filter @polyvisor/driver-kvm run gen:qapi
/**
 * TypeScript bindings for the QEMU guest agent protocol, generated from QEMU 10.0.13's
 * QAPI schema: one type per QAPI type, the {@link QgaCommands} and
 * {@link QgaEvents} maps, and the runtime name lists.
 *
 * Integer types (`int64`, `uint64`, `size`) map to `number`; values above
 * 2^53 lose precision in `JSON.parse`. Definitions and members that are
 * conditional on the QEMU build are emitted, with the condition in their TSDoc.
 * @module
 */

/** Version of the QAPI schema these bindings were generated from. */
export const QGA_SCHEMA_VERSION = '10.0.13';

/** Built-in QAPI type `QType`: the JSON type of a value as QEMU names it. */
export type QType = 'none' | 'qnull' | 'qnum' | 'qstring' | 'qdict' | 'qlist' | 'qbool';

// --------------------------------------------------------------------------
// qapi-schema.json

/**
 * Arguments of the `guest-sync-delimited` command.
 *
 * Echo back a unique integer value, and prepend to response a leading sentinel byte (0xFF) the
 * client can check scan for.
 */
export interface GuestSyncDelimitedArguments {
  /** randomly generated 64-bit integer */
  id: number;
}

/**
 * Arguments of the `guest-sync` command.
 *
 * Echo back a unique integer value
 */
export interface GuestSyncArguments {
  /** randomly generated 64-bit integer */
  id: number;
}

/**
 * Arguments of the `guest-set-time` command.
 *
 * Set guest time.
 */
export interface GuestSetTimeArguments {
  /** time of nanoseconds, relative to the Epoch of 1970-01-01 in UTC. */
  time?: number;
}

/**
 * Information about guest agent commands.
 *
 * Since: 1.1.0
 *
 * QAPI struct `GuestAgentCommandInfo` (qapi-schema.json).
 */
export interface GuestAgentCommandInfo {
  /** name of the command */
  name: string;
  /** whether command is currently enabled by guest admin */
  enabled: boolean;
  /** whether command returns a response on success (since 1.7) */
  'success-response': boolean;
}

/**
 * Information about guest agent.
 *
 * Since: 0.15.0
 *
 * QAPI struct `GuestAgentInfo` (qapi-schema.json).
 */
export interface GuestAgentInfo {
  /** guest agent version */
  version: string;
  /** Information about guest agent commands */
  supported_commands: GuestAgentCommandInfo[];
}

/**
 * Arguments of the `guest-shutdown` command.
 *
 * Initiate guest-activated shutdown.  Note: this is an asynchronous shutdown request, with no
 * guarantee of successful shutdown.
 */
export interface GuestShutdownArguments {
  /** "halt", "powerdown" (default), or "reboot" */
  mode?: string;
}

/**
 * Arguments of the `guest-file-open` command.
 *
 * Open a file in the guest and retrieve a file handle for it
 */
export interface GuestFileOpenArguments {
  /** Full path to the file in the guest to open. */
  path: string;
  /** open mode, as per fopen(), "r" is the default. */
  mode?: string;
}

/**
 * Arguments of the `guest-file-close` command.
 *
 * Close an open file in the guest
 */
export interface GuestFileCloseArguments {
  /** filehandle returned by guest-file-open */
  handle: number;
}

/**
 * Result of guest agent file-read operation
 *
 * Since: 0.15.0
 *
 * QAPI struct `GuestFileRead` (qapi-schema.json).
 */
export interface GuestFileRead {
  /** number of bytes read (note: count is *before* base64-encoding is applied) */
  count: number;
  /** base64-encoded bytes read */
  'buf-b64': string;
  /** whether EOF was encountered during read operation. */
  eof: boolean;
}

/**
 * Arguments of the `guest-file-read` command.
 *
 * Read from an open file in the guest.  Data will be base64-encoded. As this command is just for
 * limited, ad-hoc debugging, such as log file access, the number of bytes to read is limited to 48
 * MB.
 */
export interface GuestFileReadArguments {
  /** filehandle returned by guest-file-open */
  handle: number;
  /** maximum number of bytes to read (default is 4KB, maximum is 48MB) */
  count?: number;
}

/**
 * Result of guest agent file-write operation
 *
 * Since: 0.15.0
 *
 * QAPI struct `GuestFileWrite` (qapi-schema.json).
 */
export interface GuestFileWrite {
  /**
   * number of bytes written (note: count is actual bytes written, after base64-decoding of
   * provided buffer)
   */
  count: number;
  /** whether EOF was encountered during write operation. */
  eof: boolean;
}

/**
 * Arguments of the `guest-file-write` command.
 *
 * Write to an open file in the guest.
 */
export interface GuestFileWriteArguments {
  /** filehandle returned by guest-file-open */
  handle: number;
  /** base64-encoded string representing data to be written */
  'buf-b64': string;
  /**
   * bytes to write (actual bytes, after base64-decode), default is all content in buf-b64 buffer
   * after base64 decoding
   */
  count?: number;
}

/**
 * Result of guest agent file-seek operation
 *
 * Since: 0.15.0
 *
 * QAPI struct `GuestFileSeek` (qapi-schema.json).
 */
export interface GuestFileSeek {
  /** current file position */
  position: number;
  /** whether EOF was encountered during file seek */
  eof: boolean;
}

/**
 * Symbolic names for use in `guest-file-seek`
 *
 * Since: 2.6
 *
 * QAPI enum `QGASeek` (qapi-schema.json).
 */
export type QGASeek = 'set' | 'cur' | 'end';

/**
 * Controls the meaning of offset to `guest-file-seek`.
 *
 * - `value`: number — Integral value (0 for set, 1 for cur, 2 for end), available for historical
 *   reasons, and might differ from the host's or guest's SEEK_* values (since: 0.15)
 * - `name`: QGASeek — Symbolic name, and preferred interface
 *
 * Since: 2.6
 *
 * QAPI alternate `GuestFileWhence` (qapi-schema.json).
 */
export type GuestFileWhence = number | QGASeek;

/**
 * Arguments of the `guest-file-seek` command.
 *
 * Seek to a position in the file, as with fseek(), and return the current file position afterward.
 * Also encapsulates ftell()'s functionality, with offset=0 and whence=1.
 */
export interface GuestFileSeekArguments {
  /** filehandle returned by guest-file-open */
  handle: number;
  /** bytes to skip over in the file stream */
  offset: number;
  /** Symbolic or numeric code for interpreting offset */
  whence: GuestFileWhence;
}

/**
 * Arguments of the `guest-file-flush` command.
 *
 * Write file changes buffered in userspace to disk/kernel buffers
 */
export interface GuestFileFlushArguments {
  /** filehandle returned by guest-file-open */
  handle: number;
}

/**
 * An enumeration of filesystem freeze states
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_FSFREEZE`.
 *
 * Since: 0.15.0
 *
 * QAPI enum `GuestFsfreezeStatus` (qapi-schema.json).
 */
export type GuestFsfreezeStatus = 'thawed' | 'frozen';

/**
 * Arguments of the `guest-fsfreeze-freeze-list` command.
 *
 * Sync and freeze specified guest filesystems.  See also `guest-fsfreeze-freeze`.
 */
export interface GuestFsfreezeFreezeListArguments {
  /**
   * an array of mountpoints of filesystems to be frozen. If omitted, every mounted filesystem is
   * frozen.  Invalid mount points are ignored.
   */
  mountpoints?: string[];
}

/**
 * `GuestFilesystemTrimResult` (struct).
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_FSTRIM`.
 *
 * Since: 2.4
 *
 * QAPI struct `GuestFilesystemTrimResult` (qapi-schema.json).
 */
export interface GuestFilesystemTrimResult {
  /** path that was trimmed */
  path: string;
  /** bytes trimmed for this path */
  trimmed?: number;
  /** reported effective minimum for this path */
  minimum?: number;
  /** an error message when trim failed */
  error?: string;
}

/**
 * `GuestFilesystemTrimResponse` (struct).
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_FSTRIM`.
 *
 * Since: 2.4
 *
 * QAPI struct `GuestFilesystemTrimResponse` (qapi-schema.json).
 */
export interface GuestFilesystemTrimResponse {
  /** list of `GuestFilesystemTrimResult` per path that was trimmed */
  paths: GuestFilesystemTrimResult[];
}

/**
 * Arguments of the `guest-fstrim` command.
 *
 * Discard (or "trim") blocks which are not in use by the filesystem.
 */
export interface GuestFstrimArguments {
  /**
   * Minimum contiguous free range to discard, in bytes.  Free ranges smaller than this may be
   * ignored (this is a hint and the guest may not respect it).  By increasing this value, the
   * fstrim operation will complete more quickly for filesystems with badly fragmented free space,
   * although not all blocks will be discarded.  The default value is zero, meaning "discard every
   * free block".
   */
  minimum?: number;
}

/**
 * An enumeration of supported IP address types
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || HAVE_GETIFADDRS`.
 *
 * Since: 1.1
 *
 * QAPI enum `GuestIpAddressType` (qapi-schema.json).
 */
export type GuestIpAddressType = 'ipv4' | 'ipv6';

/**
 * `GuestIpAddress` (struct).
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || HAVE_GETIFADDRS`.
 *
 * Since: 1.1
 *
 * QAPI struct `GuestIpAddress` (qapi-schema.json).
 */
export interface GuestIpAddress {
  /** IP address */
  'ip-address': string;
  /** Type of `ip-address` (e.g. ipv4, ipv6) */
  'ip-address-type': GuestIpAddressType;
  /** Network prefix length of `ip-address` */
  prefix: number;
}

/**
 * `GuestNetworkInterfaceStat` (struct).
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || HAVE_GETIFADDRS`.
 *
 * Since: 2.11
 *
 * QAPI struct `GuestNetworkInterfaceStat` (qapi-schema.json).
 */
export interface GuestNetworkInterfaceStat {
  /** total bytes received */
  'rx-bytes': number;
  /** total packets received */
  'rx-packets': number;
  /** bad packets received */
  'rx-errs': number;
  /** receiver dropped packets */
  'rx-dropped': number;
  /** total bytes transmitted */
  'tx-bytes': number;
  /** total packets transmitted */
  'tx-packets': number;
  /** packet transmit problems */
  'tx-errs': number;
  /** dropped packets transmitted */
  'tx-dropped': number;
}

/**
 * `GuestNetworkInterface` (struct).
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || HAVE_GETIFADDRS`.
 *
 * Since: 1.1
 *
 * QAPI struct `GuestNetworkInterface` (qapi-schema.json).
 */
export interface GuestNetworkInterface {
  /** The name of interface for which info are being delivered */
  name: string;
  /** Hardware address of `name` */
  'hardware-address'?: string;
  /** List of addresses assigned to `name` */
  'ip-addresses'?: GuestIpAddress[];
  /** various statistic counters related to `name` (since 2.11) */
  statistics?: GuestNetworkInterfaceStat;
}

/**
 * `GuestLogicalProcessor` (struct).
 *
 * Only present when the QEMU build has `CONFIG_LINUX || CONFIG_WIN32`.
 *
 * Since: 1.5
 *
 * QAPI struct `GuestLogicalProcessor` (qapi-schema.json).
 */
export interface GuestLogicalProcessor {
  /** Arbitrary guest-specific unique identifier of the VCPU. */
  'logical-id': number;
  /** Whether the VCPU is enabled. */
  online: boolean;
  /**
   * Whether offlining the VCPU is possible.  This member is always filled in by the guest agent
   * when the structure is returned, and always ignored on input (hence it can be omitted then).
   */
  'can-offline'?: boolean;
}

/**
 * Arguments of the `guest-set-vcpus` command.
 *
 * Attempt to reconfigure (currently: enable/disable) logical processors inside the guest.
 */
export interface GuestSetVcpusArguments {
  /**
   * The logical processors to be reconfigured.  This list is processed node by node in order.  In
   * each node `logical-id` is used to look up the guest VCPU, for which `online` specifies the
   * requested state.  The set of distinct `logical-id`'s is only required to be a subset of the
   * guest-supported identifiers. There's no restriction on list length or on repeating the same
   * `logical-id` (with possibly different `online` field).  Preferably the input list should
   * describe a modified subset of `guest-get-vcpus`' return value.
   */
  vcpus: GuestLogicalProcessor[];
}

/**
 * An enumeration of bus type of disks
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_LINUX`.
 *
 * Since: 2.2; 'Unknown' and all entries below since 2.4
 *
 * QAPI enum `GuestDiskBusType` (qapi-schema.json).
 */
export type GuestDiskBusType =
  | 'ide'
  | 'fdc'
  | 'scsi'
  | 'virtio'
  | 'xen'
  | 'usb'
  | 'uml'
  | 'sata'
  | 'sd'
  | 'unknown'
  | 'ieee1394'
  | 'ssa'
  | 'fibre'
  | 'raid'
  | 'iscsi'
  | 'sas'
  | 'mmc'
  | 'virtual'
  | 'file-backed-virtual'
  | 'nvme';

/**
 * `GuestPCIAddress` (struct).
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_LINUX`.
 *
 * Since: 2.2
 *
 * QAPI struct `GuestPCIAddress` (qapi-schema.json).
 */
export interface GuestPCIAddress {
  /** domain id */
  domain: number;
  /** bus id */
  bus: number;
  /** slot id */
  slot: number;
  /** function id */
  function: number;
}

/**
 * `GuestCCWAddress` (struct).
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_LINUX`.
 *
 * Since: 6.0
 *
 * QAPI struct `GuestCCWAddress` (qapi-schema.json).
 */
export interface GuestCCWAddress {
  /** channel subsystem image id */
  cssid: number;
  /** subchannel set id */
  ssid: number;
  /** subchannel number */
  subchno: number;
  /** device number */
  devno: number;
}

/**
 * `GuestDiskAddress` (struct).
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_LINUX`.
 *
 * Since: 2.2
 *
 * QAPI struct `GuestDiskAddress` (qapi-schema.json).
 */
export interface GuestDiskAddress {
  /** controller's PCI address (fields are set to -1 if invalid) */
  'pci-controller': GuestPCIAddress;
  /** bus type */
  'bus-type': GuestDiskBusType;
  /** bus id */
  bus: number;
  /** target id */
  target: number;
  /** unit id */
  unit: number;
  /** serial number (since: 3.1) */
  serial?: string;
  /** device node (POSIX) or device UNC (Windows) (since: 3.1) */
  dev?: string;
  /** CCW address on s390x (since: 6.0) */
  'ccw-address'?: GuestCCWAddress;
}

/**
 * NVMe smart information, based on NVMe specification, section <SMART / Health Information (Log
 * Identifier 02h)>
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_LIBUDEV`.
 *
 * Since: 7.1
 *
 * QAPI struct `GuestNVMeSmart` (qapi-schema.json).
 */
export interface GuestNVMeSmart {
  'critical-warning': number;
  temperature: number;
  'available-spare': number;
  'available-spare-threshold': number;
  'percentage-used': number;
  'data-units-read-lo': number;
  'data-units-read-hi': number;
  'data-units-written-lo': number;
  'data-units-written-hi': number;
  'host-read-commands-lo': number;
  'host-read-commands-hi': number;
  'host-write-commands-lo': number;
  'host-write-commands-hi': number;
  'controller-busy-time-lo': number;
  'controller-busy-time-hi': number;
  'power-cycles-lo': number;
  'power-cycles-hi': number;
  'power-on-hours-lo': number;
  'power-on-hours-hi': number;
  'unsafe-shutdowns-lo': number;
  'unsafe-shutdowns-hi': number;
  'media-errors-lo': number;
  'media-errors-hi': number;
  'number-of-error-log-entries-lo': number;
  'number-of-error-log-entries-hi': number;
}

/** Common members of {@link GuestDiskSmart}. */
export interface GuestDiskSmartBase {
  /** disk bus type */
  type: GuestDiskBusType;
}

/**
 * Disk type related smart information.
 *
 * Discriminated by `type` (`GuestDiskBusType`).
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_LIBUDEV`.
 *
 * Since: 7.1
 *
 * QAPI union `GuestDiskSmart` (qapi-schema.json).
 */
export type GuestDiskSmart =
  | (GuestDiskSmartBase & { type: 'ide' })
  | (GuestDiskSmartBase & { type: 'fdc' })
  | (GuestDiskSmartBase & { type: 'scsi' })
  | (GuestDiskSmartBase & { type: 'virtio' })
  | (GuestDiskSmartBase & { type: 'xen' })
  | (GuestDiskSmartBase & { type: 'usb' })
  | (GuestDiskSmartBase & { type: 'uml' })
  | (GuestDiskSmartBase & { type: 'sata' })
  | (GuestDiskSmartBase & { type: 'sd' })
  | (GuestDiskSmartBase & { type: 'unknown' })
  | (GuestDiskSmartBase & { type: 'ieee1394' })
  | (GuestDiskSmartBase & { type: 'ssa' })
  | (GuestDiskSmartBase & { type: 'fibre' })
  | (GuestDiskSmartBase & { type: 'raid' })
  | (GuestDiskSmartBase & { type: 'iscsi' })
  | (GuestDiskSmartBase & { type: 'sas' })
  | (GuestDiskSmartBase & { type: 'mmc' })
  | (GuestDiskSmartBase & { type: 'virtual' })
  | (GuestDiskSmartBase & { type: 'file-backed-virtual' })
  | (GuestDiskSmartBase & { type: 'nvme' } & GuestNVMeSmart);

/**
 * `GuestDiskInfo` (struct).
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_LIBUDEV`.
 *
 * Since: 5.2
 *
 * QAPI struct `GuestDiskInfo` (qapi-schema.json).
 */
export interface GuestDiskInfo {
  /** device node (Linux) or device UNC (Windows) */
  name: string;
  /** whether this is a partition or disk */
  partition: boolean;
  /**
   * list of device dependencies; e.g. for LVs of the LVM this will hold the list of PVs, for LUKS
   * encrypted volume this will contain the disk where the volume is placed.  (Linux)
   */
  dependencies?: string[];
  /** disk address information (only for non-virtual devices) */
  address?: GuestDiskAddress;
  /** optional alias assigned to the disk, on Linux this is a name assigned by device mapper */
  alias?: string;
  /** disk smart information (Since 7.1) */
  smart?: GuestDiskSmart;
}

/**
 * `GuestFilesystemInfo` (struct).
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_LINUX`.
 *
 * Since: 2.2
 *
 * QAPI struct `GuestFilesystemInfo` (qapi-schema.json).
 */
export interface GuestFilesystemInfo {
  /** disk name */
  name: string;
  /** mount point path */
  mountpoint: string;
  /** file system type string */
  type: string;
  /** file system used bytes (since 3.0) */
  'used-bytes'?: number;
  /** filesystem capacity in bytes for unprivileged users (since 3.0) */
  'total-bytes'?: number;
  /** filesystem capacity in bytes for privileged users (since 9.1) */
  'total-bytes-privileged'?: number;
  /**
   * an array of disk hardware information that the volume lies on, which may be empty if the disk
   * type is not supported
   */
  disk: GuestDiskAddress[];
}

/** Arguments of the `guest-set-user-password` command. */
export interface GuestSetUserPasswordArguments {
  /** the user account whose password to change */
  username: string;
  /** the new password entry string, base64 encoded */
  password: string;
  /** true if password is already crypt()d, false if raw */
  crypted: boolean;
}

/**
 * `GuestMemoryBlock` (struct).
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * Since: 2.3
 *
 * QAPI struct `GuestMemoryBlock` (qapi-schema.json).
 */
export interface GuestMemoryBlock {
  /** Arbitrary guest-specific unique identifier of the MEMORY BLOCK. */
  'phys-index': number;
  /** Whether the MEMORY BLOCK is enabled in guest. */
  online: boolean;
  /**
   * Whether offlining the MEMORY BLOCK is possible.  This member is always filled in by the guest
   * agent when the structure is returned, and always ignored on input (hence it can be omitted
   * then).
   */
  'can-offline'?: boolean;
}

/**
 * An enumeration of memory block operation result.
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * Since: 2.3
 *
 * QAPI enum `GuestMemoryBlockResponseType` (qapi-schema.json).
 */
export type GuestMemoryBlockResponseType = 'success' | 'not-found' | 'operation-not-supported' | 'operation-failed';

/**
 * `GuestMemoryBlockResponse` (struct).
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * Since: 2.3
 *
 * QAPI struct `GuestMemoryBlockResponse` (qapi-schema.json).
 */
export interface GuestMemoryBlockResponse {
  /** same with the 'phys-index' member of `GuestMemoryBlock`. */
  'phys-index': number;
  /** the result of memory block operation. */
  response: GuestMemoryBlockResponseType;
  /**
   * the error number.  When memory block operation fails, we assign the value of 'errno' to this
   * member, it indicates what goes wrong.  When the operation succeeds, it will be omitted.
   */
  'error-code'?: number;
}

/**
 * Arguments of the `guest-set-memory-blocks` command.
 *
 * Attempt to reconfigure (currently: enable/disable) state of memory blocks inside the guest.
 */
export interface GuestSetMemoryBlocksArguments {
  /**
   * The memory blocks to be reconfigured.  This list is processed node by node in order.  In each
   * node `phys-index` is used to look up the guest MEMORY BLOCK, for which `online` specifies the
   * requested state.  The set of distinct `phys-index`'s is only required to be a subset of the
   * guest-supported identifiers.  There's no restriction on list length or on repeating the same
   * `phys-index` (with possibly different `online` field).  Preferably the input list should
   * describe a modified subset of `guest-get-memory-blocks`' return value.
   */
  'mem-blks': GuestMemoryBlock[];
}

/**
 * `GuestMemoryBlockInfo` (struct).
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * Since: 2.3
 *
 * QAPI struct `GuestMemoryBlockInfo` (qapi-schema.json).
 */
export interface GuestMemoryBlockInfo {
  /**
   * the size (in bytes) of the guest memory blocks, which are the minimal units of memory block
   * online/offline operations (also called Logical Memory Hotplug).
   */
  size: number;
}

/**
 * `GuestExecStatus` (struct).
 *
 * Since: 2.5
 *
 * QAPI struct `GuestExecStatus` (qapi-schema.json).
 */
export interface GuestExecStatus {
  /** true if process has already terminated. */
  exited: boolean;
  /** process exit code if it was normally terminated. */
  exitcode?: number;
  /**
   * signal number (linux) or unhandled exception code (windows) if the process was abnormally
   * terminated.
   */
  signal?: number;
  /**
   * base64-encoded stdout of the process.  This field will only be populated after the process
   * exits.
   */
  'out-data'?: string;
  /**
   * base64-encoded stderr of the process.  Note: `out-data` and `err-data` are present only if
   * 'capture-output' was specified for 'guest-exec'.  This field will only be populated after the
   * process exits.
   */
  'err-data'?: string;
  /** true if stdout was not fully captured due to size limitation. */
  'out-truncated'?: boolean;
  /** true if stderr was not fully captured due to size limitation. */
  'err-truncated'?: boolean;
}

/**
 * Arguments of the `guest-exec-status` command.
 *
 * Check status of process associated with PID retrieved via guest-exec.  Reap the process and
 * associated metadata if it has exited.
 */
export interface GuestExecStatusArguments {
  /** pid returned from guest-exec */
  pid: number;
}

/**
 * `GuestExec` (struct).
 *
 * Since: 2.5
 *
 * QAPI struct `GuestExec` (qapi-schema.json).
 */
export interface GuestExec {
  /** pid of child process in guest OS */
  pid: number;
}

/**
 * An enumeration of guest-exec capture modes.
 *
 * - `merged`: Only present when the QEMU build has `!CONFIG_WIN32`.
 *
 * Since: 8.0
 *
 * QAPI enum `GuestExecCaptureOutputMode` (qapi-schema.json).
 */
export type GuestExecCaptureOutputMode = 'none' | 'stdout' | 'stderr' | 'separated' | 'merged';

/**
 * Controls what guest-exec output gets captures.
 *
 * - `flag`: boolean — captures both stdout and stderr if true.  Equivalent to
 *   GuestExecCaptureOutputMode::all.  (since 2.5)
 * - `mode`: GuestExecCaptureOutputMode — capture mode; preferred interface
 *
 * Since: 8.0
 *
 * QAPI alternate `GuestExecCaptureOutput` (qapi-schema.json).
 */
export type GuestExecCaptureOutput = boolean | GuestExecCaptureOutputMode;

/**
 * Arguments of the `guest-exec` command.
 *
 * Execute a command in the guest
 */
export interface GuestExecArguments {
  /** path or executable name to execute */
  path: string;
  /** argument list to pass to executable */
  arg?: string[];
  /** environment variables to pass to executable */
  env?: string[];
  /** data to be passed to process stdin (base64 encoded) */
  'input-data'?: string;
  /** bool flag to enable capture of stdout/stderr of running process.  Defaults to false. */
  'capture-output'?: GuestExecCaptureOutput;
}

/**
 * `GuestHostName` (struct).
 *
 * Since: 2.10
 *
 * QAPI struct `GuestHostName` (qapi-schema.json).
 */
export interface GuestHostName {
  /** Fully qualified domain name of the guest OS */
  'host-name': string;
}

/**
 * `GuestUser` (struct).
 *
 * Only present when the QEMU build has `CONFIG_WIN32 || HAVE_UTMPX`.
 *
 * Since: 2.10
 *
 * QAPI struct `GuestUser` (qapi-schema.json).
 */
export interface GuestUser {
  /** Username */
  user: string;
  /**
   * Time of login of this user on the computer.  If multiple instances of the user are logged in,
   * the earliest login time is reported.  The value is in fractional seconds since epoch time.
   */
  'login-time': number;
  /** Logon domain (windows only) */
  domain?: string;
}

/**
 * `GuestTimezone` (struct).
 *
 * Since: 2.10
 *
 * QAPI struct `GuestTimezone` (qapi-schema.json).
 */
export interface GuestTimezone {
  /**
   * Timezone name.  These values may differ depending on guest/OS and should only be used for
   * informational purposes.
   */
  zone?: string;
  /**
   * Offset to UTC in seconds, negative numbers for time zones west of GMT, positive numbers for
   * east
   */
  offset: number;
}

/**
 * `GuestOSInfo` (struct).
 *
 * Since: 2.10
 *
 * QAPI struct `GuestOSInfo` (qapi-schema.json).
 */
export interface GuestOSInfo {
  /**
   * - POSIX: release field returned by uname(2)
   * - Windows: build number of the OS
   */
  'kernel-release'?: string;
  /**
   * - POSIX: version field returned by uname(2)
   * - Windows: version number of the OS
   */
  'kernel-version'?: string;
  /**
   * - POSIX: machine field returned by uname(2)
   * - Windows: one of x86, x86_64, arm, ia64
   */
  machine?: string;
  /**
   * - POSIX: as defined by os-release(5)
   * - Windows: contains string "mswindows"
   */
  id?: string;
  /**
   * - POSIX: as defined by os-release(5)
   * - Windows: contains string "Microsoft Windows"
   */
  name?: string;
  /**
   * - POSIX: as defined by os-release(5)
   * - Windows: product name, e.g. "Microsoft Windows 10 Enterprise"
   */
  'pretty-name'?: string;
  /**
   * - POSIX: as defined by os-release(5)
   * - Windows: long version string, e.g. "Microsoft Windows Server 2008"
   */
  version?: string;
  /**
   * - POSIX: as defined by os-release(5)
   * - Windows: short version identifier, e.g. "7" or "20012r2"
   */
  'version-id'?: string;
  /**
   * - POSIX: as defined by os-release(5)
   * - Windows: contains string "server" or "client"
   */
  variant?: string;
  /**
   * - POSIX: as defined by os-release(5)
   * - Windows: contains string "server" or "client"
   */
  'variant-id'?: string;
}

/**
 * `GuestDeviceType` (enum).
 *
 * Only present when the QEMU build has `CONFIG_WIN32`.
 *
 * QAPI enum `GuestDeviceType` (qapi-schema.json).
 */
export type GuestDeviceType = 'pci';

/**
 * `GuestDeviceIdPCI` (struct).
 *
 * Only present when the QEMU build has `CONFIG_WIN32`.
 *
 * Since: 5.2
 *
 * QAPI struct `GuestDeviceIdPCI` (qapi-schema.json).
 */
export interface GuestDeviceIdPCI {
  /** vendor ID */
  'vendor-id': number;
  /** device ID */
  'device-id': number;
}

/** Common members of {@link GuestDeviceId}. */
export interface GuestDeviceIdBase {
  /** device type */
  type: GuestDeviceType;
}

/**
 * Id of the device
 *
 * Discriminated by `type` (`GuestDeviceType`).
 *
 * Only present when the QEMU build has `CONFIG_WIN32`.
 *
 * Since: 5.2
 *
 * QAPI union `GuestDeviceId` (qapi-schema.json).
 */
export type GuestDeviceId =
  | (GuestDeviceIdBase & { type: 'pci' } & GuestDeviceIdPCI);

/**
 * `GuestDeviceInfo` (struct).
 *
 * Only present when the QEMU build has `CONFIG_WIN32`.
 *
 * Since: 5.2
 *
 * QAPI struct `GuestDeviceInfo` (qapi-schema.json).
 */
export interface GuestDeviceInfo {
  /** name of the associated driver */
  'driver-name': string;
  /** driver release date, in nanoseconds since the epoch */
  'driver-date'?: number;
  /** driver version */
  'driver-version'?: string;
  /** device ID */
  id?: GuestDeviceId;
}

/**
 * `GuestAuthorizedKeys` (struct).
 *
 * Since: 5.2
 *
 * QAPI struct `GuestAuthorizedKeys` (qapi-schema.json).
 */
export interface GuestAuthorizedKeys {
  /** public keys (in OpenSSH/sshd(8) authorized_keys format) */
  keys: string[];
}

/**
 * Arguments of the `guest-ssh-get-authorized-keys` command.
 *
 * Return the public keys from user .ssh/authorized_keys on Unix systems (not implemented for other
 * systems).
 */
export interface GuestSshGetAuthorizedKeysArguments {
  /** the user account to add the authorized keys */
  username: string;
}

/**
 * Arguments of the `guest-ssh-add-authorized-keys` command.
 *
 * Append public keys to user .ssh/authorized_keys on Unix systems (not implemented for other
 * systems).
 */
export interface GuestSshAddAuthorizedKeysArguments {
  /** the user account to add the authorized keys */
  username: string;
  /** the public keys to add (in OpenSSH/sshd(8) authorized_keys format) */
  keys: string[];
  /** ignore the existing content, set it with the given keys only */
  reset?: boolean;
}

/**
 * Arguments of the `guest-ssh-remove-authorized-keys` command.
 *
 * Remove public keys from the user .ssh/authorized_keys on Unix systems (not implemented for other
 * systems). It's not an error if the key is already missing.
 */
export interface GuestSshRemoveAuthorizedKeysArguments {
  /** the user account to remove the authorized keys */
  username: string;
  /** the public keys to remove (in OpenSSH/sshd(8) authorized_keys format) */
  keys: string[];
}

/**
 * `GuestDiskStats` (struct).
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * Since: 7.1
 *
 * QAPI struct `GuestDiskStats` (qapi-schema.json).
 */
export interface GuestDiskStats {
  /** sectors read */
  'read-sectors'?: number;
  /** reads completed successfully */
  'read-ios'?: number;
  /** read requests merged */
  'read-merges'?: number;
  /** sectors written */
  'write-sectors'?: number;
  /** writes completed */
  'write-ios'?: number;
  /** write requests merged */
  'write-merges'?: number;
  /** sectors discarded */
  'discard-sectors'?: number;
  /** discards completed successfully */
  'discard-ios'?: number;
  /** discard requests merged */
  'discard-merges'?: number;
  /** flush requests completed successfully */
  'flush-ios'?: number;
  /** time spent reading(ms) */
  'read-ticks'?: number;
  /** time spent writing(ms) */
  'write-ticks'?: number;
  /** time spent discarding(ms) */
  'discard-ticks'?: number;
  /** time spent flushing(ms) */
  'flush-ticks'?: number;
  /** number of I/Os currently in flight */
  'ios-pgr'?: number;
  /** time spent doing I/Os (ms) */
  'total-ticks'?: number;
  /** weighted time spent doing I/Os since the last update of this field(ms) */
  'weight-ticks'?: number;
}

/**
 * `GuestDiskStatsInfo` (struct).
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * QAPI struct `GuestDiskStatsInfo` (qapi-schema.json).
 */
export interface GuestDiskStatsInfo {
  /** disk name */
  name: string;
  /** major device number of disk */
  major: number;
  /** minor device number of disk */
  minor: number;
  /** I/O statistics */
  stats: GuestDiskStats;
}

/**
 * Guest operating systems supporting CPU statistics
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * Since: 7.1
 *
 * QAPI enum `GuestCpuStatsType` (qapi-schema.json).
 */
export type GuestCpuStatsType = 'linux';

/**
 * CPU statistics of Linux
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * Since: 7.1
 *
 * QAPI struct `GuestLinuxCpuStats` (qapi-schema.json).
 */
export interface GuestLinuxCpuStats {
  /** CPU index in guest OS */
  cpu: number;
  /** Time spent in user mode */
  user: number;
  /** Time spent in user mode with low priority (nice) */
  nice: number;
  /** Time spent in system mode */
  system: number;
  /** Time spent in the idle task */
  idle: number;
  /** Time waiting for I/O to complete (since Linux 2.5.41) */
  iowait?: number;
  /** Time servicing interrupts (since Linux 2.6.0-test4) */
  irq?: number;
  /** Time servicing softirqs (since Linux 2.6.0-test4) */
  softirq?: number;
  /** Stolen time by host (since Linux 2.6.11) */
  steal?: number;
  /**
   * ime spent running a virtual CPU for guest operating systems under the  control of the Linux
   * kernel (since Linux 2.6.24)
   */
  guest?: number;
  /** Time spent running a niced guest (since Linux 2.6.33) */
  guestnice?: number;
}

/** Common members of {@link GuestCpuStats}. */
export interface GuestCpuStatsBase {
  /** guest operating system */
  type: GuestCpuStatsType;
}

/**
 * Get statistics of each CPU in millisecond.
 *
 * Discriminated by `type` (`GuestCpuStatsType`).
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * Since: 7.1
 *
 * QAPI union `GuestCpuStats` (qapi-schema.json).
 */
export type GuestCpuStats =
  | (GuestCpuStatsBase & { type: 'linux' } & GuestLinuxCpuStats);

/**
 * Statistics about process load information
 *
 * Only present when the QEMU build has `CONFIG_GETLOADAVG`.
 *
 * Since: 10.0
 *
 * QAPI struct `GuestLoadAverage` (qapi-schema.json).
 */
export interface GuestLoadAverage {
  /** 1-minute load avage */
  load1m: number;
  /** 5-minute load avage */
  load5m: number;
  /** 15-minute load avage */
  load15m: number;
}

/**
 * Route information, currently, only linux supported.
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * Since: 9.1
 *
 * QAPI struct `GuestNetworkRoute` (qapi-schema.json).
 */
export interface GuestNetworkRoute {
  /** The destination network or host's egress network interface in the routing table */
  iface: string;
  /** The IP address of the target network or host, The final destination of the packet */
  destination: string;
  /** Route metric */
  metric: number;
  /** The IP address of the next hop router */
  gateway?: string;
  /** Subnet Mask (IPv4 only) */
  mask?: string;
  /** Initial round-trip delay (not for windows, IPv4 only) */
  irtt?: number;
  /** Route flags (not for windows) */
  flags?: number;
  /** The route's reference count (not for windows) */
  refcnt?: number;
  /** Route usage count (not for windows) */
  use?: number;
  /** TCP window size, used for flow control (not for windows, IPv4 only) */
  window?: number;
  /** Data link layer maximum packet size (not for windows) */
  mtu?: number;
  /** Destination prefix length (for IPv6) */
  desprefixlen?: string;
  /** Source IP address (for IPv6) */
  source?: string;
  /** Source prefix length (for IPv6) */
  srcprefixlen?: string;
  /** Next hop IP address (for IPv6) */
  nexthop?: string;
  /** IP version (4 or 6) */
  version: number;
}

// --------------------------------------------------------------------------
// Command and event maps

/**
 * Every QEMU guest agent command by wire name: `args` is the `arguments` object (`void` when the
 * command takes none), `returns` the `return` value.
 *
 * Boxed commands take their (union) type as the whole arguments object.
 */
export interface QgaCommands {
  /**
   * Echo back a unique integer value, and prepend to response a leading sentinel byte (0xFF) the
   * client can check scan for.
   */
  'guest-sync-delimited': { args: GuestSyncDelimitedArguments; returns: number };
  /** Echo back a unique integer value */
  'guest-sync': { args: GuestSyncArguments; returns: number };
  /** Ping the guest agent, a non-error return implies success */
  'guest-ping': { args: void; returns: Record<string, never> };
  /** Get the information about guest's System Time relative to the Epoch of 1970-01-01 in UTC. */
  'guest-get-time': { args: void; returns: number };
  /** Set guest time. */
  'guest-set-time': { args: GuestSetTimeArguments; returns: Record<string, never> };
  /** Get some information about the guest agent. */
  'guest-info': { args: void; returns: GuestAgentInfo };
  /**
   * Initiate guest-activated shutdown.  Note: this is an asynchronous shutdown request, with no
   * guarantee of successful shutdown.
   *
   * Sends no success response.
   */
  'guest-shutdown': { args: GuestShutdownArguments; returns: Record<string, never> };
  /** Open a file in the guest and retrieve a file handle for it */
  'guest-file-open': { args: GuestFileOpenArguments; returns: number };
  /** Close an open file in the guest */
  'guest-file-close': { args: GuestFileCloseArguments; returns: Record<string, never> };
  /**
   * Read from an open file in the guest.  Data will be base64-encoded. As this command is just for
   * limited, ad-hoc debugging, such as log file access, the number of bytes to read is limited to
   * 48 MB.
   */
  'guest-file-read': { args: GuestFileReadArguments; returns: GuestFileRead };
  /** Write to an open file in the guest. */
  'guest-file-write': { args: GuestFileWriteArguments; returns: GuestFileWrite };
  /**
   * Seek to a position in the file, as with fseek(), and return the current file position
   * afterward.  Also encapsulates ftell()'s functionality, with offset=0 and whence=1.
   */
  'guest-file-seek': { args: GuestFileSeekArguments; returns: GuestFileSeek };
  /** Write file changes buffered in userspace to disk/kernel buffers */
  'guest-file-flush': { args: GuestFileFlushArguments; returns: Record<string, never> };
  /**
   * Get guest fsfreeze state.
   *
   * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_FSFREEZE`.
   */
  'guest-fsfreeze-status': { args: void; returns: GuestFsfreezeStatus };
  /**
   * Sync and freeze all freezable, local guest filesystems.  If this command succeeded, you may
   * call `guest-fsfreeze-thaw` later to unfreeze.
   *
   * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_FSFREEZE`.
   */
  'guest-fsfreeze-freeze': { args: void; returns: number };
  /**
   * Sync and freeze specified guest filesystems.  See also `guest-fsfreeze-freeze`.
   *
   * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_FSFREEZE`.
   */
  'guest-fsfreeze-freeze-list': { args: GuestFsfreezeFreezeListArguments; returns: number };
  /**
   * Unfreeze all frozen guest filesystems
   *
   * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_FSFREEZE`.
   */
  'guest-fsfreeze-thaw': { args: void; returns: number };
  /**
   * Discard (or "trim") blocks which are not in use by the filesystem.
   *
   * Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_FSTRIM`.
   */
  'guest-fstrim': { args: GuestFstrimArguments; returns: GuestFilesystemTrimResponse };
  /**
   * Suspend guest to disk.
   *
   * Only present when the QEMU build has `CONFIG_LINUX || CONFIG_WIN32`.
   *
   * Sends no success response.
   */
  'guest-suspend-disk': { args: void; returns: Record<string, never> };
  /**
   * Suspend guest to ram.
   *
   * Only present when the QEMU build has `CONFIG_LINUX || CONFIG_WIN32`.
   *
   * Sends no success response.
   */
  'guest-suspend-ram': { args: void; returns: Record<string, never> };
  /**
   * Save guest state to disk and suspend to ram.
   *
   * Only present when the QEMU build has `CONFIG_LINUX`.
   *
   * Sends no success response.
   */
  'guest-suspend-hybrid': { args: void; returns: Record<string, never> };
  /**
   * Get list of guest IP addresses, MAC addresses and netmasks.
   *
   * Only present when the QEMU build has `CONFIG_WIN32 || HAVE_GETIFADDRS`.
   */
  'guest-network-get-interfaces': { args: void; returns: GuestNetworkInterface[] };
  /**
   * Retrieve the list of the guest's logical processors.
   *
   * Only present when the QEMU build has `CONFIG_LINUX || CONFIG_WIN32`.
   */
  'guest-get-vcpus': { args: void; returns: GuestLogicalProcessor[] };
  /**
   * Attempt to reconfigure (currently: enable/disable) logical processors inside the guest.
   *
   * Only present when the QEMU build has `CONFIG_LINUX`.
   */
  'guest-set-vcpus': { args: GuestSetVcpusArguments; returns: number };
  /** Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_LIBUDEV`. */
  'guest-get-disks': { args: void; returns: GuestDiskInfo[] };
  /** Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_LINUX`. */
  'guest-get-fsinfo': { args: void; returns: GuestFilesystemInfo[] };
  /** Only present when the QEMU build has `CONFIG_WIN32 || CONFIG_LINUX || CONFIG_FREEBSD`. */
  'guest-set-user-password': { args: GuestSetUserPasswordArguments; returns: Record<string, never> };
  /**
   * Retrieve the list of the guest's memory blocks.
   *
   * Only present when the QEMU build has `CONFIG_LINUX`.
   */
  'guest-get-memory-blocks': { args: void; returns: GuestMemoryBlock[] };
  /**
   * Attempt to reconfigure (currently: enable/disable) state of memory blocks inside the guest.
   *
   * Only present when the QEMU build has `CONFIG_LINUX`.
   */
  'guest-set-memory-blocks': { args: GuestSetMemoryBlocksArguments; returns: GuestMemoryBlockResponse[] };
  /**
   * Get information relating to guest memory blocks.
   *
   * Only present when the QEMU build has `CONFIG_LINUX`.
   */
  'guest-get-memory-block-info': { args: void; returns: GuestMemoryBlockInfo };
  /**
   * Check status of process associated with PID retrieved via guest-exec.  Reap the process and
   * associated metadata if it has exited.
   */
  'guest-exec-status': { args: GuestExecStatusArguments; returns: GuestExecStatus };
  /** Execute a command in the guest */
  'guest-exec': { args: GuestExecArguments; returns: GuestExec };
  /** Return a name for the machine. */
  'guest-get-host-name': { args: void; returns: GuestHostName };
  /**
   * Retrieves a list of currently active users on the VM.
   *
   * Only present when the QEMU build has `CONFIG_WIN32 || HAVE_UTMPX`.
   */
  'guest-get-users': { args: void; returns: GuestUser[] };
  /** Retrieves the timezone information from the guest. */
  'guest-get-timezone': { args: void; returns: GuestTimezone };
  /** Retrieve guest operating system information */
  'guest-get-osinfo': { args: void; returns: GuestOSInfo };
  /**
   * Retrieve information about device drivers in Windows guest
   *
   * Only present when the QEMU build has `CONFIG_WIN32`.
   */
  'guest-get-devices': { args: void; returns: GuestDeviceInfo[] };
  /**
   * Return the public keys from user .ssh/authorized_keys on Unix systems (not implemented for
   * other systems).
   */
  'guest-ssh-get-authorized-keys': { args: GuestSshGetAuthorizedKeysArguments; returns: GuestAuthorizedKeys };
  /**
   * Append public keys to user .ssh/authorized_keys on Unix systems (not implemented for other
   * systems).
   */
  'guest-ssh-add-authorized-keys': { args: GuestSshAddAuthorizedKeysArguments; returns: Record<string, never> };
  /**
   * Remove public keys from the user .ssh/authorized_keys on Unix systems (not implemented for
   * other systems). It's not an error if the key is already missing.
   */
  'guest-ssh-remove-authorized-keys': { args: GuestSshRemoveAuthorizedKeysArguments; returns: Record<string, never> };
  /**
   * Retrieve information about disk stats.
   *
   * Only present when the QEMU build has `CONFIG_LINUX`.
   */
  'guest-get-diskstats': { args: void; returns: GuestDiskStatsInfo[] };
  /**
   * Retrieve information about CPU stats.
   *
   * Only present when the QEMU build has `CONFIG_LINUX`.
   */
  'guest-get-cpustats': { args: void; returns: GuestCpuStats[] };
  /**
   * Retrieve CPU process load information
   *
   * Only present when the QEMU build has `CONFIG_GETLOADAVG`.
   */
  'guest-get-load': { args: void; returns: GuestLoadAverage };
  /**
   * Retrieve information about route of network. Returns: List of route info of guest.
   *
   * Only present when the QEMU build has `CONFIG_LINUX`.
   */
  'guest-network-get-route': { args: void; returns: GuestNetworkRoute[] };
}

/**
 * Every QEMU guest agent event by name, mapped to its `data` (`void` when the event carries none).
 */
export type QgaEvents = Record<never, never>;

/** Name of a QEMU guest agent command. */
export type QgaCommandName = keyof QgaCommands;

/** Name of a QEMU guest agent event. */
export type QgaEventName = keyof QgaEvents;

/** Arguments of command `K`. */
export type QgaCommandArgs<K extends QgaCommandName> = QgaCommands[K]['args'];

/** Return value of command `K`. */
export type QgaCommandReturn<K extends QgaCommandName> = QgaCommands[K]['returns'];

/** Every QEMU guest agent command name, in schema order. */
export const QGA_COMMAND_NAMES = [
  'guest-sync-delimited',
  'guest-sync',
  'guest-ping',
  'guest-get-time',
  'guest-set-time',
  'guest-info',
  'guest-shutdown',
  'guest-file-open',
  'guest-file-close',
  'guest-file-read',
  'guest-file-write',
  'guest-file-seek',
  'guest-file-flush',
  'guest-fsfreeze-status',
  'guest-fsfreeze-freeze',
  'guest-fsfreeze-freeze-list',
  'guest-fsfreeze-thaw',
  'guest-fstrim',
  'guest-suspend-disk',
  'guest-suspend-ram',
  'guest-suspend-hybrid',
  'guest-network-get-interfaces',
  'guest-get-vcpus',
  'guest-set-vcpus',
  'guest-get-disks',
  'guest-get-fsinfo',
  'guest-set-user-password',
  'guest-get-memory-blocks',
  'guest-set-memory-blocks',
  'guest-get-memory-block-info',
  'guest-exec-status',
  'guest-exec',
  'guest-get-host-name',
  'guest-get-users',
  'guest-get-timezone',
  'guest-get-osinfo',
  'guest-get-devices',
  'guest-ssh-get-authorized-keys',
  'guest-ssh-add-authorized-keys',
  'guest-ssh-remove-authorized-keys',
  'guest-get-diskstats',
  'guest-get-cpustats',
  'guest-get-load',
  'guest-network-get-route',
] as const satisfies readonly QgaCommandName[];

/** Every QEMU guest agent event name, in schema order. */
export const QGA_EVENT_NAMES = [] as const satisfies readonly QgaEventName[];

/** Static facts about a QEMU guest agent command from its schema definition. */
export interface QgaCommandMeta {
  /** May run out-of-band (`exec-oob`). */
  readonly allowOob: boolean;
  /** Available before the machine is built (`--preconfig`). */
  readonly allowPreconfig: boolean;
  /** False when the command sends no success response. */
  readonly successResponse: boolean;
  /** Feature names (`deprecated`, `unstable`, ...). */
  readonly features: readonly string[];
  /** Build condition, when the command is conditional. */
  readonly if?: string;
}

/** Static facts about every QEMU guest agent command. */
export const QGA_COMMAND_META: { readonly [K in QgaCommandName]: QgaCommandMeta } = {
  'guest-sync-delimited': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-sync': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-ping': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-get-time': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-set-time': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-info': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-shutdown': { allowOob: false, allowPreconfig: false, successResponse: false, features: [] },
  'guest-file-open': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-file-close': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-file-read': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-file-write': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-file-seek': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-file-flush': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-fsfreeze-status': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_WIN32 || CONFIG_FSFREEZE' },
  'guest-fsfreeze-freeze': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_WIN32 || CONFIG_FSFREEZE' },
  'guest-fsfreeze-freeze-list': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_WIN32 || CONFIG_FSFREEZE' },
  'guest-fsfreeze-thaw': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_WIN32 || CONFIG_FSFREEZE' },
  'guest-fstrim': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_WIN32 || CONFIG_FSTRIM' },
  'guest-suspend-disk': { allowOob: false, allowPreconfig: false, successResponse: false, features: [], if: 'CONFIG_LINUX || CONFIG_WIN32' },
  'guest-suspend-ram': { allowOob: false, allowPreconfig: false, successResponse: false, features: [], if: 'CONFIG_LINUX || CONFIG_WIN32' },
  'guest-suspend-hybrid': { allowOob: false, allowPreconfig: false, successResponse: false, features: [], if: 'CONFIG_LINUX' },
  'guest-network-get-interfaces': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_WIN32 || HAVE_GETIFADDRS' },
  'guest-get-vcpus': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_LINUX || CONFIG_WIN32' },
  'guest-set-vcpus': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_LINUX' },
  'guest-get-disks': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_WIN32 || CONFIG_LIBUDEV' },
  'guest-get-fsinfo': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_WIN32 || CONFIG_LINUX' },
  'guest-set-user-password': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_WIN32 || CONFIG_LINUX || CONFIG_FREEBSD' },
  'guest-get-memory-blocks': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_LINUX' },
  'guest-set-memory-blocks': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_LINUX' },
  'guest-get-memory-block-info': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_LINUX' },
  'guest-exec-status': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-exec': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-get-host-name': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-get-users': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_WIN32 || HAVE_UTMPX' },
  'guest-get-timezone': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-get-osinfo': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-get-devices': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_WIN32' },
  'guest-ssh-get-authorized-keys': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-ssh-add-authorized-keys': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-ssh-remove-authorized-keys': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'guest-get-diskstats': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_LINUX' },
  'guest-get-cpustats': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_LINUX' },
  'guest-get-load': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_GETLOADAVG' },
  'guest-network-get-route': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_LINUX' },
};
