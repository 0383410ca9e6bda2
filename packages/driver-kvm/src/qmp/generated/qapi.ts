// This file is generated from the QAPI schema of QEMU 10.0.13 (qapi/qapi-schema.json).
// DO NOT EDIT. Regenerate with: pnpm --filter @polyvisor/driver-kvm run gen:qapi
/**
 * TypeScript bindings for the QMP protocol, generated from QEMU 10.0.13's
 * QAPI schema: one type per QAPI type, the {@link QmpCommands} and
 * {@link QmpEvents} maps, and the runtime name lists.
 *
 * Integer types (`int64`, `uint64`, `size`) map to `number`; values above
 * 2^53 lose precision in `JSON.parse`. Definitions and members that are
 * conditional on the QEMU build are emitted, with the condition in their TSDoc.
 * @module
 */

/** Version of the QAPI schema these bindings were generated from. */
export const QMP_SCHEMA_VERSION = '10.0.13';

/** Built-in QAPI type `QType`: the JSON type of a value as QEMU names it. */
export type QType = 'none' | 'qnull' | 'qnum' | 'qstring' | 'qdict' | 'qlist' | 'qbool';

// --------------------------------------------------------------------------
// error.json: QMP errors

/**
 * QEMU error classes
 *
 * Since: 1.2
 *
 * QAPI enum `QapiErrorClass` (error.json).
 */
export type QapiErrorClass =
  | 'GenericError'
  | 'CommandNotFound'
  | 'DeviceNotActive'
  | 'DeviceNotFound'
  | 'KVMMissingCap';

// --------------------------------------------------------------------------
// common.json: Common data types

/**
 * An enumeration of the I/O operation types
 *
 * Since: 2.1
 *
 * QAPI enum `IoOperationType` (common.json).
 */
export type IoOperationType = 'read' | 'write';

/**
 * An enumeration of three options: on, off, and auto
 *
 * Since: 2.2
 *
 * QAPI enum `OnOffAuto` (common.json).
 */
export type OnOffAuto = 'auto' | 'on' | 'off';

/**
 * An enumeration of three values: on, off, and split
 *
 * Since: 2.6
 *
 * QAPI enum `OnOffSplit` (common.json).
 */
export type OnOffSplit = 'on' | 'off' | 'split';

/**
 * This is a string value or the explicit lack of a string (null pointer in C).  Intended for cases
 * when 'optional absent' already has a different meaning.
 *
 * - `s`: string — the string value
 * - `n`: null — no string value
 *
 * Since: 2.10
 *
 * QAPI alternate `StrOrNull` (common.json).
 */
export type StrOrNull = string | null;

/**
 * An enumeration of options for specifying a PCI BAR
 *
 * Since: 2.12
 *
 * QAPI enum `OffAutoPCIBAR` (common.json).
 */
export type OffAutoPCIBAR = 'off' | 'auto' | 'bar0' | 'bar1' | 'bar2' | 'bar3' | 'bar4' | 'bar5';

/**
 * An enumeration of PCIe link speeds in units of GT/s
 *
 * Since: 4.0
 *
 * QAPI enum `PCIELinkSpeed` (common.json).
 */
export type PCIELinkSpeed = '2_5' | '5' | '8' | '16' | '32' | '64';

/**
 * An enumeration of PCIe link width
 *
 * Since: 4.0
 *
 * QAPI enum `PCIELinkWidth` (common.json).
 */
export type PCIELinkWidth = '1' | '2' | '4' | '8' | '12' | '16' | '32';

/**
 * Host memory policy types
 *
 * Since: 2.1
 *
 * QAPI enum `HostMemPolicy` (common.json).
 */
export type HostMemPolicy = 'default' | 'preferred' | 'bind' | 'interleave';

/**
 * Indicates whether a netfilter is attached to a netdev's transmit queue or receive queue or both.
 *
 * Since: 2.5
 *
 * QAPI enum `NetFilterDirection` (common.json).
 */
export type NetFilterDirection = 'all' | 'rx' | 'tx';

/**
 * Key combinations to toggle input-linux between host and guest.
 *
 * Since: 4.0
 *
 * QAPI enum `GrabToggleKeys` (common.json).
 */
export type GrabToggleKeys = 'ctrl-ctrl' | 'alt-alt' | 'shift-shift' | 'meta-meta' | 'scrolllock' | 'ctrl-scrolllock';

/**
 * `HumanReadableText` (struct).
 *
 * Since: 6.2
 *
 * QAPI struct `HumanReadableText` (common.json).
 */
export interface HumanReadableText {
  /** Formatted output intended for humans. */
  'human-readable-text': string;
}

/**
 * `EndianMode` (enum).
 *
 * Since: 10.0
 *
 * QAPI enum `EndianMode` (common.json).
 */
export type EndianMode = 'unspecified' | 'little' | 'big';

// --------------------------------------------------------------------------
// sockets.json: Socket data types

/**
 * The network address family
 *
 * Since: 2.1
 *
 * QAPI enum `NetworkAddressFamily` (sockets.json).
 */
export type NetworkAddressFamily = 'ipv4' | 'ipv6' | 'unix' | 'vsock' | 'unknown';

/**
 * `InetSocketAddressBase` (struct).
 *
 * QAPI struct `InetSocketAddressBase` (sockets.json).
 */
export interface InetSocketAddressBase {
  /** host part of the address */
  host: string;
  /** port part of the address */
  port: string;
}

/**
 * Captures a socket address or address range in the Internet namespace.
 *
 * Since: 1.3
 *
 * QAPI struct `InetSocketAddress` (sockets.json).
 */
export interface InetSocketAddress extends InetSocketAddressBase {
  /**
   * true if the host/port are guaranteed to be numeric, false if name resolution should be
   * attempted.  Defaults to false. (Since 2.9)
   */
  numeric?: boolean;
  /** If present, this is range of possible addresses, with port between `port` and `to`. */
  to?: number;
  /** whether to accept IPv4 addresses, default try both IPv4 and IPv6 */
  ipv4?: boolean;
  /** whether to accept IPv6 addresses, default try both IPv4 and IPv6 */
  ipv6?: boolean;
  /**
   * enable keep-alive when connecting to this socket.  Not supported for passive sockets.  (Since
   * 4.2)
   */
  'keep-alive'?: boolean;
  /**
   * enable multi-path TCP.  (Since 6.1)
   *
   * Only present when the QEMU build has `HAVE_IPPROTO_MPTCP`.
   */
  mptcp?: boolean;
}

/**
 * Captures a socket address in the local ("Unix socket") namespace.
 *
 * Since: 1.3
 *
 * QAPI struct `UnixSocketAddress` (sockets.json).
 */
export interface UnixSocketAddress {
  /** filesystem path to use */
  path: string;
  /**
   * if true, this is a Linux abstract socket address.  `path` will be prefixed by a null byte, and
   * optionally padded with null bytes.  Defaults to false.  (Since 5.1)
   *
   * Only present when the QEMU build has `CONFIG_LINUX`.
   */
  abstract?: boolean;
  /**
   * if false, pad an abstract socket address with enough null bytes to make it fill struct
   * sockaddr_un member sun_path. Defaults to true.  (Since 5.1)
   *
   * Only present when the QEMU build has `CONFIG_LINUX`.
   */
  tight?: boolean;
}

/**
 * Captures a socket address in the vsock namespace.
 *
 * Since: 2.8
 *
 * QAPI struct `VsockSocketAddress` (sockets.json).
 */
export interface VsockSocketAddress {
  /** unique host identifier */
  cid: string;
  /** port */
  port: string;
}

/**
 * A file descriptor name or number.
 *
 * Since: 1.2
 *
 * QAPI struct `FdSocketAddress` (sockets.json).
 */
export interface FdSocketAddress {
  /**
   * decimal is for file descriptor number, otherwise it's a file descriptor name.  Named file
   * descriptors are permitted in monitor commands, in combination with the 'getfd' command.
   * Decimal file descriptors are permitted at startup or other contexts where no monitor context
   * is active.
   */
  str: string;
}

/**
 * `InetSocketAddressWrapper` (struct).
 *
 * Since: 1.3
 *
 * QAPI struct `InetSocketAddressWrapper` (sockets.json).
 */
export interface InetSocketAddressWrapper {
  /** internet domain socket address */
  data: InetSocketAddress;
}

/**
 * `UnixSocketAddressWrapper` (struct).
 *
 * Since: 1.3
 *
 * QAPI struct `UnixSocketAddressWrapper` (sockets.json).
 */
export interface UnixSocketAddressWrapper {
  /** UNIX domain socket address */
  data: UnixSocketAddress;
}

/**
 * `VsockSocketAddressWrapper` (struct).
 *
 * Since: 2.8
 *
 * QAPI struct `VsockSocketAddressWrapper` (sockets.json).
 */
export interface VsockSocketAddressWrapper {
  /** VSOCK domain socket address */
  data: VsockSocketAddress;
}

/**
 * `FdSocketAddressWrapper` (struct).
 *
 * Since: 1.3
 *
 * QAPI struct `FdSocketAddressWrapper` (sockets.json).
 */
export interface FdSocketAddressWrapper {
  /** file descriptor name or number */
  data: FdSocketAddress;
}

/** Common members of {@link SocketAddressLegacy}. */
export interface SocketAddressLegacyBase {
  /** Transport type */
  type: SocketAddressType;
}

/**
 * Captures the address of a socket, which could also be a named file descriptor
 *
 * Discriminated by `type` (`SocketAddressType`).
 *
 * Since: 1.3
 *
 * QAPI union `SocketAddressLegacy` (sockets.json).
 */
export type SocketAddressLegacy =
  | (SocketAddressLegacyBase & { type: 'inet' } & InetSocketAddressWrapper)
  | (SocketAddressLegacyBase & { type: 'unix' } & UnixSocketAddressWrapper)
  | (SocketAddressLegacyBase & { type: 'vsock' } & VsockSocketAddressWrapper)
  | (SocketAddressLegacyBase & { type: 'fd' } & FdSocketAddressWrapper);

/**
 * Available SocketAddress types
 *
 * Since: 2.9
 *
 * QAPI enum `SocketAddressType` (sockets.json).
 */
export type SocketAddressType = 'inet' | 'unix' | 'vsock' | 'fd';

/** Common members of {@link SocketAddress}. */
export interface SocketAddressBase {
  /** Transport type */
  type: SocketAddressType;
}

/**
 * Captures the address of a socket, which could also be a socket file descriptor
 *
 * Discriminated by `type` (`SocketAddressType`).
 *
 * Since: 2.9
 *
 * QAPI union `SocketAddress` (sockets.json).
 */
export type SocketAddress =
  | (SocketAddressBase & { type: 'inet' } & InetSocketAddress)
  | (SocketAddressBase & { type: 'unix' } & UnixSocketAddress)
  | (SocketAddressBase & { type: 'vsock' } & VsockSocketAddress)
  | (SocketAddressBase & { type: 'fd' } & FdSocketAddress);

// --------------------------------------------------------------------------
// run-state.json: VM run state

/**
 * An enumeration of VM run states.
 *
 * QAPI enum `RunState` (run-state.json).
 */
export type RunState =
  | 'debug'
  | 'inmigrate'
  | 'internal-error'
  | 'io-error'
  | 'paused'
  | 'postmigrate'
  | 'prelaunch'
  | 'finish-migrate'
  | 'restore-vm'
  | 'running'
  | 'save-vm'
  | 'shutdown'
  | 'suspended'
  | 'watchdog'
  | 'guest-panicked'
  | 'colo';

/**
 * An enumeration of reasons for a Shutdown.
 *
 * QAPI enum `ShutdownCause` (run-state.json).
 */
export type ShutdownCause =
  | 'none'
  | 'host-error'
  | 'host-qmp-quit'
  | 'host-qmp-system-reset'
  | 'host-signal'
  | 'host-ui'
  | 'guest-shutdown'
  | 'guest-reset'
  | 'guest-panic'
  | 'subsystem-reset'
  | 'snapshot-load';

/**
 * Information about VM run state
 *
 * Since: 0.14
 *
 * QAPI struct `StatusInfo` (run-state.json).
 */
export interface StatusInfo {
  /** true if all VCPUs are runnable, false if not runnable */
  running: boolean;
  /** the virtual machine `RunState` */
  status: RunState;
}

/**
 * Data of the `SHUTDOWN` event.
 *
 * Emitted when the virtual machine has shut down, indicating that qemu is about to exit.
 */
export interface ShutdownEventData {
  /**
   * If true, the shutdown was triggered by a guest request (such as a guest-initiated ACPI
   * shutdown request or other hardware-specific action) rather than a host request (such as
   * sending qemu a SIGINT).  (since 2.10)
   */
  guest: boolean;
  /** The `ShutdownCause` which resulted in the SHUTDOWN. (since 4.0) */
  reason: ShutdownCause;
}

/**
 * Data of the `RESET` event.
 *
 * Emitted when the virtual machine is reset
 */
export interface ResetEventData {
  /**
   * If true, the reset was triggered by a guest request (such as a guest-initiated ACPI reboot
   * request or other hardware-specific action) rather than a host request (such as the QMP command
   * system_reset).  (since 2.10)
   */
  guest: boolean;
  /** The `ShutdownCause` of the RESET.  (since 4.0) */
  reason: ShutdownCause;
}

/**
 * Data of the `WATCHDOG` event.
 *
 * Emitted when the watchdog device's timer is expired
 */
export interface WatchdogEventData {
  /** action that has been taken */
  action: WatchdogAction;
}

/**
 * An enumeration of the actions taken when the watchdog device's timer is expired
 *
 * Since: 2.1
 *
 * QAPI enum `WatchdogAction` (run-state.json).
 */
export type WatchdogAction = 'reset' | 'shutdown' | 'poweroff' | 'pause' | 'debug' | 'none' | 'inject-nmi';

/**
 * Possible QEMU actions upon guest reboot
 *
 * Since: 6.0
 *
 * QAPI enum `RebootAction` (run-state.json).
 */
export type RebootAction = 'reset' | 'shutdown';

/**
 * Possible QEMU actions upon guest shutdown
 *
 * Since: 6.0
 *
 * QAPI enum `ShutdownAction` (run-state.json).
 */
export type ShutdownAction = 'poweroff' | 'pause';

/**
 * `PanicAction` (enum).
 *
 * Since: 6.0
 *
 * QAPI enum `PanicAction` (run-state.json).
 */
export type PanicAction = 'pause' | 'shutdown' | 'exit-failure' | 'none';

/**
 * Arguments of the `watchdog-set-action` command.
 *
 * Set watchdog action.
 */
export interface WatchdogSetActionArguments {
  /** `WatchdogAction` action taken when watchdog timer expires. */
  action: WatchdogAction;
}

/**
 * Arguments of the `set-action` command.
 *
 * Set the actions that will be taken by the emulator in response to guest events.
 */
export interface SetActionArguments {
  /** `RebootAction` action taken on guest reboot. */
  reboot?: RebootAction;
  /** `ShutdownAction` action taken on guest shutdown. */
  shutdown?: ShutdownAction;
  /** `PanicAction` action taken on guest panic. */
  panic?: PanicAction;
  /** `WatchdogAction` action taken when watchdog timer expires. */
  watchdog?: WatchdogAction;
}

/**
 * Data of the `GUEST_PANICKED` event.
 *
 * Emitted when guest OS panic is detected
 */
export interface GuestPanickedEventData {
  /** action that has been taken, currently always "pause" */
  action: GuestPanicAction;
  /** information about a panic (since 2.9) */
  info?: GuestPanicInformation;
}

/**
 * Data of the `GUEST_CRASHLOADED` event.
 *
 * Emitted when guest OS crash loaded is detected
 */
export interface GuestCrashloadedEventData {
  /** action that has been taken, currently always "run" */
  action: GuestPanicAction;
  /** information about a panic */
  info?: GuestPanicInformation;
}

/**
 * An enumeration of the actions taken when guest OS panic is detected
 *
 * Since: 2.1
 *
 * QAPI enum `GuestPanicAction` (run-state.json).
 */
export type GuestPanicAction = 'pause' | 'poweroff' | 'run';

/**
 * An enumeration of the guest panic information types
 *
 * Since: 2.9
 *
 * QAPI enum `GuestPanicInformationType` (run-state.json).
 */
export type GuestPanicInformationType = 'hyper-v' | 's390';

/** Common members of {@link GuestPanicInformation}. */
export interface GuestPanicInformationBase {
  /** Crash type that defines the hypervisor specific information */
  type: GuestPanicInformationType;
}

/**
 * Information about a guest panic
 *
 * Discriminated by `type` (`GuestPanicInformationType`).
 *
 * Since: 2.9
 *
 * QAPI union `GuestPanicInformation` (run-state.json).
 */
export type GuestPanicInformation =
  | (GuestPanicInformationBase & { type: 'hyper-v' } & GuestPanicInformationHyperV)
  | (GuestPanicInformationBase & { type: 's390' } & GuestPanicInformationS390);

/**
 * Hyper-V specific guest panic information (HV crash MSRs)
 *
 * Since: 2.9
 *
 * QAPI struct `GuestPanicInformationHyperV` (run-state.json).
 */
export interface GuestPanicInformationHyperV {
  /** for Windows, STOP code for the guest crash.  For Linux, an error code. */
  arg1: number;
  /**
   * for Windows, first argument of the STOP.  For Linux, the guest OS ID, which has the kernel
   * version in bits 16-47 and 0x8100 in bits 48-63.
   */
  arg2: number;
  /** for Windows, second argument of the STOP.  For Linux, the program counter of the guest. */
  arg3: number;
  /**
   * for Windows, third argument of the STOP.  For Linux, the RAX register (x86) or the stack
   * pointer (aarch64) of the guest.
   */
  arg4: number;
  /** for Windows, fourth argument of the STOP.  For x86 Linux, the stack pointer of the guest. */
  arg5: number;
}

/**
 * Reason why the CPU is in a crashed state.
 *
 * Since: 2.12
 *
 * QAPI enum `S390CrashReason` (run-state.json).
 */
export type S390CrashReason = 'unknown' | 'disabled-wait' | 'extint-loop' | 'pgmint-loop' | 'opint-loop';

/**
 * S390 specific guest panic information (PSW)
 *
 * Since: 2.12
 *
 * QAPI struct `GuestPanicInformationS390` (run-state.json).
 */
export interface GuestPanicInformationS390 {
  /** core id of the CPU that crashed */
  core: number;
  /** control fields of guest PSW */
  'psw-mask': number;
  /** guest instruction address */
  'psw-addr': number;
  /** guest crash reason */
  reason: S390CrashReason;
}

/**
 * Data of the `MEMORY_FAILURE` event.
 *
 * Emitted when a memory failure occurs on host side.
 */
export interface MemoryFailureEventData {
  /** recipient is defined as `MemoryFailureRecipient`. */
  recipient: MemoryFailureRecipient;
  /** action that has been taken. */
  action: MemoryFailureAction;
  /** flags for MemoryFailureAction. */
  flags: MemoryFailureFlags;
}

/**
 * Hardware memory failure occurs, handled by recipient.
 *
 * Since: 5.2
 *
 * QAPI enum `MemoryFailureRecipient` (run-state.json).
 */
export type MemoryFailureRecipient = 'hypervisor' | 'guest';

/**
 * Actions taken by QEMU in response to a hardware memory failure.
 *
 * Since: 5.2
 *
 * QAPI enum `MemoryFailureAction` (run-state.json).
 */
export type MemoryFailureAction = 'ignore' | 'inject' | 'fatal' | 'reset';

/**
 * Additional information on memory failures.
 *
 * Since: 5.2
 *
 * QAPI struct `MemoryFailureFlags` (run-state.json).
 */
export interface MemoryFailureFlags {
  /**
   * whether a memory failure event is action-required or action-optional (e.g. a failure during
   * memory scrub).
   */
  'action-required': boolean;
  /** whether the failure occurred while the previous failure was still in progress. */
  recursive: boolean;
}

/**
 * An enumeration of the options specified when enabling notify VM exit
 *
 * Since: 7.2
 *
 * QAPI enum `NotifyVmexitOption` (run-state.json).
 */
export type NotifyVmexitOption = 'run' | 'internal-error' | 'disable';

// --------------------------------------------------------------------------
// crypto.json: Cryptography

/**
 * The type of network endpoint that will be using the credentials. Most types of credential
 * require different setup / structures depending on whether they will be used in a server versus a
 * client.
 *
 * Since: 2.5
 *
 * QAPI enum `QCryptoTLSCredsEndpoint` (crypto.json).
 */
export type QCryptoTLSCredsEndpoint = 'client' | 'server';

/**
 * The data format that the secret is provided in
 *
 * Since: 2.6
 *
 * QAPI enum `QCryptoSecretFormat` (crypto.json).
 */
export type QCryptoSecretFormat = 'raw' | 'base64';

/**
 * The supported algorithms for computing content digests
 *
 * Since: 2.6
 *
 * QAPI enum `QCryptoHashAlgo` (crypto.json).
 */
export type QCryptoHashAlgo = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'ripemd160' | 'sm3';

/**
 * The supported algorithms for content encryption ciphers
 *
 * Since: 2.6
 *
 * QAPI enum `QCryptoCipherAlgo` (crypto.json).
 */
export type QCryptoCipherAlgo =
  | 'aes-128'
  | 'aes-192'
  | 'aes-256'
  | 'des'
  | '3des'
  | 'cast5-128'
  | 'serpent-128'
  | 'serpent-192'
  | 'serpent-256'
  | 'twofish-128'
  | 'twofish-192'
  | 'twofish-256'
  | 'sm4';

/**
 * The supported modes for content encryption ciphers
 *
 * Since: 2.6
 *
 * QAPI enum `QCryptoCipherMode` (crypto.json).
 */
export type QCryptoCipherMode = 'ecb' | 'cbc' | 'xts' | 'ctr';

/**
 * The supported algorithms for generating initialization vectors for full disk encryption.  The
 * 'plain' generator should not be used for disks with sector numbers larger than 2^32, except
 * where compatibility with pre-existing Linux dm-crypt volumes is required.
 *
 * Since: 2.6
 *
 * QAPI enum `QCryptoIVGenAlgo` (crypto.json).
 */
export type QCryptoIVGenAlgo = 'plain' | 'plain64' | 'essiv';

/**
 * The supported full disk encryption formats
 *
 * Since: 2.6
 *
 * QAPI enum `QCryptoBlockFormat` (crypto.json).
 */
export type QCryptoBlockFormat = 'qcow' | 'luks';

/**
 * The common options that apply to all full disk encryption formats
 *
 * Since: 2.6
 *
 * QAPI struct `QCryptoBlockOptionsBase` (crypto.json).
 */
export interface QCryptoBlockOptionsBase {
  /** the encryption format */
  format: QCryptoBlockFormat;
}

/**
 * The options that apply to QCow/QCow2 AES-CBC encryption format
 *
 * Since: 2.6
 *
 * QAPI struct `QCryptoBlockOptionsQCow` (crypto.json).
 */
export interface QCryptoBlockOptionsQCow {
  /**
   * the ID of a QCryptoSecret object providing the decryption key.  Mandatory except when probing
   * image for metadata only.
   */
  'key-secret'?: string;
}

/**
 * The options that apply to LUKS encryption format
 *
 * Since: 2.6
 *
 * QAPI struct `QCryptoBlockOptionsLUKS` (crypto.json).
 */
export interface QCryptoBlockOptionsLUKS {
  /**
   * the ID of a QCryptoSecret object providing the decryption key.  Mandatory except when probing
   * image for metadata only.
   */
  'key-secret'?: string;
}

/**
 * The options that apply to LUKS encryption format initialization
 *
 * Since: 2.6
 *
 * QAPI struct `QCryptoBlockCreateOptionsLUKS` (crypto.json).
 */
export interface QCryptoBlockCreateOptionsLUKS extends QCryptoBlockOptionsLUKS {
  /** the cipher algorithm for data encryption Currently defaults to 'aes-256'. */
  'cipher-alg'?: QCryptoCipherAlgo;
  /** the cipher mode for data encryption Currently defaults to 'xts' */
  'cipher-mode'?: QCryptoCipherMode;
  /** the initialization vector generator Currently defaults to 'plain64' */
  'ivgen-alg'?: QCryptoIVGenAlgo;
  /** the initialization vector generator hash Currently defaults to 'sha256' */
  'ivgen-hash-alg'?: QCryptoHashAlgo;
  /** the master key hash algorithm Currently defaults to 'sha256' */
  'hash-alg'?: QCryptoHashAlgo;
  /**
   * number of milliseconds to spend in PBKDF passphrase processing.  Currently defaults to 2000. 
   * (since 2.8)
   */
  'iter-time'?: number;
}

/**
 * The options that are available for all encryption formats when opening an existing volume
 *
 * Discriminated by `format` (`QCryptoBlockFormat`).
 *
 * Since: 2.6
 *
 * QAPI union `QCryptoBlockOpenOptions` (crypto.json).
 */
export type QCryptoBlockOpenOptions =
  | (QCryptoBlockOptionsBase & { format: 'qcow' } & QCryptoBlockOptionsQCow)
  | (QCryptoBlockOptionsBase & { format: 'luks' } & QCryptoBlockOptionsLUKS);

/**
 * The options that are available for all encryption formats when initializing a new volume
 *
 * Discriminated by `format` (`QCryptoBlockFormat`).
 *
 * Since: 2.6
 *
 * QAPI union `QCryptoBlockCreateOptions` (crypto.json).
 */
export type QCryptoBlockCreateOptions =
  | (QCryptoBlockOptionsBase & { format: 'qcow' } & QCryptoBlockOptionsQCow)
  | (QCryptoBlockOptionsBase & { format: 'luks' } & QCryptoBlockCreateOptionsLUKS);

/**
 * The common information that applies to all full disk encryption formats
 *
 * Since: 2.7
 *
 * QAPI struct `QCryptoBlockInfoBase` (crypto.json).
 */
export interface QCryptoBlockInfoBase {
  /** the encryption format */
  format: QCryptoBlockFormat;
}

/**
 * Information about the LUKS block encryption key slot options
 *
 * Since: 2.7
 *
 * QAPI struct `QCryptoBlockInfoLUKSSlot` (crypto.json).
 */
export interface QCryptoBlockInfoLUKSSlot {
  /** whether the key slot is currently in use */
  active: boolean;
  /** number of PBKDF2 iterations for key material */
  iters?: number;
  /** number of stripes for splitting key material */
  stripes?: number;
  /** offset to the key material in bytes */
  'key-offset': number;
}

/**
 * Information about the LUKS block encryption options
 *
 * Since: 2.7
 *
 * QAPI struct `QCryptoBlockInfoLUKS` (crypto.json).
 */
export interface QCryptoBlockInfoLUKS {
  /** the cipher algorithm for data encryption */
  'cipher-alg': QCryptoCipherAlgo;
  /** the cipher mode for data encryption */
  'cipher-mode': QCryptoCipherMode;
  /** the initialization vector generator */
  'ivgen-alg': QCryptoIVGenAlgo;
  /** the initialization vector generator hash */
  'ivgen-hash-alg'?: QCryptoHashAlgo;
  /** the master key hash algorithm */
  'hash-alg': QCryptoHashAlgo;
  /** whether the LUKS header is detached (Since 9.0) */
  'detached-header': boolean;
  /** offset to the payload data in bytes */
  'payload-offset': number;
  /** number of PBKDF2 iterations for key material */
  'master-key-iters': number;
  /** unique identifier for the volume */
  uuid: string;
  /** information about each key slot */
  slots: QCryptoBlockInfoLUKSSlot[];
}

/**
 * Information about the block encryption options
 *
 * Discriminated by `format` (`QCryptoBlockFormat`).
 *
 * Since: 2.7
 *
 * QAPI union `QCryptoBlockInfo` (crypto.json).
 */
export type QCryptoBlockInfo =
  | (QCryptoBlockInfoBase & { format: 'qcow' })
  | (QCryptoBlockInfoBase & { format: 'luks' } & QCryptoBlockInfoLUKS);

/**
 * Defines state of keyslots that are affected by the update
 *
 * Since: 5.1
 *
 * QAPI enum `QCryptoBlockLUKSKeyslotState` (crypto.json).
 */
export type QCryptoBlockLUKSKeyslotState = 'active' | 'inactive';

/**
 * This struct defines the update parameters that activate/de-activate set of keyslots
 *
 * Since: 5.1
 *
 * QAPI struct `QCryptoBlockAmendOptionsLUKS` (crypto.json).
 */
export interface QCryptoBlockAmendOptionsLUKS {
  /** the desired state of the keyslots */
  state: QCryptoBlockLUKSKeyslotState;
  /**
   * The ID of a QCryptoSecret object providing the password to be written into added active
   * keyslots
   */
  'new-secret'?: string;
  /**
   * Optional (for deactivation only) If given will deactivate all keyslots that match password
   * located in QCryptoSecret with this ID
   */
  'old-secret'?: string;
  /**
   * Optional.  ID of the keyslot to activate/deactivate.  For keyslot activation, keyslot should
   * not be active already (this is unsafe to update an active keyslot), but possible if 'force'
   * parameter is given.  If keyslot is not given, first free keyslot will be written.
   */
  keyslot?: number;
  /**
   * Optional (for activation only) Number of milliseconds to spend in PBKDF passphrase processing
   * for the newly activated keyslot.  Currently defaults to 2000.
   */
  'iter-time'?: number;
  /**
   * Optional.  The ID of a QCryptoSecret object providing the password to use to retrieve current
   * master key.  Defaults to the same secret that was used to open the image
   */
  secret?: string;
}

/**
 * The options that are available for all encryption formats when amending encryption settings
 *
 * Discriminated by `format` (`QCryptoBlockFormat`).
 *
 * Since: 5.1
 *
 * QAPI union `QCryptoBlockAmendOptions` (crypto.json).
 */
export type QCryptoBlockAmendOptions =
  | (QCryptoBlockOptionsBase & { format: 'qcow' })
  | (QCryptoBlockOptionsBase & { format: 'luks' } & QCryptoBlockAmendOptionsLUKS);

/**
 * Properties for objects of classes derived from secret-common.
 *
 * Since: 2.6
 *
 * QAPI struct `SecretCommonProperties` (crypto.json).
 */
export interface SecretCommonProperties {
  /** the data format that the secret is provided in (default: raw) */
  format?: QCryptoSecretFormat;
  /**
   * the name of another secret that should be used to decrypt the provided data.  If not present,
   * the data is assumed to be unencrypted.
   */
  keyid?: string;
  /**
   * the random initialization vector used for encryption of this particular secret.  Should be a
   * base64 encrypted string of the 16-byte IV.  Mandatory if `keyid` is given.  Ignored if `keyid`
   * is absent.
   */
  iv?: string;
}

/**
 * Properties for secret objects.
 *
 * Since: 2.6
 *
 * QAPI struct `SecretProperties` (crypto.json).
 */
export interface SecretProperties extends SecretCommonProperties {
  /** the associated with the secret from */
  data?: string;
  /** the filename to load the data associated with the secret from */
  file?: string;
}

/**
 * Properties for secret_keyring objects.
 *
 * Only present when the QEMU build has `CONFIG_SECRET_KEYRING`.
 *
 * Since: 5.1
 *
 * QAPI struct `SecretKeyringProperties` (crypto.json).
 */
export interface SecretKeyringProperties extends SecretCommonProperties {
  /** serial number that identifies a key to get from the kernel */
  serial: number;
}

/**
 * Properties for objects of classes derived from tls-creds.
 *
 * Since: 2.5
 *
 * QAPI struct `TlsCredsProperties` (crypto.json).
 */
export interface TlsCredsProperties {
  /**
   * if true the peer credentials will be verified once the handshake is completed.  This is a
   * no-op for anonymous credentials.  (default: true)
   */
  'verify-peer'?: boolean;
  /** the path of the directory that contains the credential files */
  dir?: string;
  /**
   * whether the QEMU network backend that uses the credentials will be acting as a client or as a
   * server (default: client)
   */
  endpoint?: QCryptoTLSCredsEndpoint;
  /**
   * a gnutls priority string as described at
   * https://gnutls.org/manual/html_node/Priority-Strings.html
   */
  priority?: string;
}

/**
 * Properties for tls-creds-anon objects.
 *
 * Since: 2.5
 *
 * QAPI struct `TlsCredsAnonProperties` (crypto.json).
 */
export interface TlsCredsAnonProperties extends TlsCredsProperties {
}

/**
 * Properties for tls-creds-psk objects.
 *
 * Since: 3.0
 *
 * QAPI struct `TlsCredsPskProperties` (crypto.json).
 */
export interface TlsCredsPskProperties extends TlsCredsProperties {
  /**
   * the username which will be sent to the server.  For clients only.  If absent, "qemu" is sent
   * and the property will read back as an empty string.
   */
  username?: string;
}

/**
 * Properties for tls-creds-x509 objects.
 *
 * Since: 2.5
 *
 * QAPI struct `TlsCredsX509Properties` (crypto.json).
 */
export interface TlsCredsX509Properties extends TlsCredsProperties {
  /** if true, perform some sanity checks before using the credentials (default: true) */
  'sanity-check'?: boolean;
  /**
   * For the server-key.pem and client-key.pem files which contain sensitive private keys, it is
   * possible to use an encrypted version by providing the `passwordid` parameter.  This provides
   * the ID of a previously created secret object containing the password for decryption.
   */
  passwordid?: string;
}

/**
 * The supported algorithms for asymmetric encryption ciphers
 *
 * Since: 7.1
 *
 * QAPI enum `QCryptoAkCipherAlgo` (crypto.json).
 */
export type QCryptoAkCipherAlgo = 'rsa';

/**
 * The type of asymmetric keys.
 *
 * Since: 7.1
 *
 * QAPI enum `QCryptoAkCipherKeyType` (crypto.json).
 */
export type QCryptoAkCipherKeyType = 'public' | 'private';

/**
 * The padding algorithm for RSA.
 *
 * Since: 7.1
 *
 * QAPI enum `QCryptoRSAPaddingAlgo` (crypto.json).
 */
export type QCryptoRSAPaddingAlgo = 'raw' | 'pkcs1';

/**
 * Specific parameters for RSA algorithm.
 *
 * Since: 7.1
 *
 * QAPI struct `QCryptoAkCipherOptionsRSA` (crypto.json).
 */
export interface QCryptoAkCipherOptionsRSA {
  /** QCryptoHashAlgo */
  'hash-alg': QCryptoHashAlgo;
  /** QCryptoRSAPaddingAlgo */
  'padding-alg': QCryptoRSAPaddingAlgo;
}

/** Common members of {@link QCryptoAkCipherOptions}. */
export interface QCryptoAkCipherOptionsBase {
  /** encryption cipher algorithm */
  alg: QCryptoAkCipherAlgo;
}

/**
 * The options that are available for all asymmetric key algorithms when creating a new
 * QCryptoAkCipher.
 *
 * Discriminated by `alg` (`QCryptoAkCipherAlgo`).
 *
 * Since: 7.1
 *
 * QAPI union `QCryptoAkCipherOptions` (crypto.json).
 */
export type QCryptoAkCipherOptions =
  | (QCryptoAkCipherOptionsBase & { alg: 'rsa' } & QCryptoAkCipherOptionsRSA);

// --------------------------------------------------------------------------
// job.json: Background jobs

/**
 * Type of a background job.
 *
 * Since: 1.7
 *
 * QAPI enum `JobType` (job.json).
 */
export type JobType =
  | 'commit'
  | 'stream'
  | 'mirror'
  | 'backup'
  | 'create'
  | 'amend'
  | 'snapshot-load'
  | 'snapshot-save'
  | 'snapshot-delete';

/**
 * Indicates the present state of a given job in its lifetime.
 *
 * Since: 2.12
 *
 * QAPI enum `JobStatus` (job.json).
 */
export type JobStatus =
  | 'undefined'
  | 'created'
  | 'running'
  | 'paused'
  | 'ready'
  | 'standby'
  | 'waiting'
  | 'pending'
  | 'aborting'
  | 'concluded'
  | 'null';

/**
 * Represents command verbs that can be applied to a job.
 *
 * Since: 2.12
 *
 * QAPI enum `JobVerb` (job.json).
 */
export type JobVerb =
  | 'cancel'
  | 'pause'
  | 'resume'
  | 'set-speed'
  | 'complete'
  | 'dismiss'
  | 'finalize'
  | 'change';

/**
 * Data of the `JOB_STATUS_CHANGE` event.
 *
 * Emitted when a job transitions to a different status.
 */
export interface JobStatusChangeEventData {
  /** The job identifier */
  id: string;
  /** The new job status */
  status: JobStatus;
}

/**
 * Arguments of the `job-pause` command.
 *
 * Pause an active job.
 */
export interface JobPauseArguments {
  /** The job identifier. */
  id: string;
}

/**
 * Arguments of the `job-resume` command.
 *
 * Resume a paused job.
 */
export interface JobResumeArguments {
  /** The job identifier. */
  id: string;
}

/**
 * Arguments of the `job-cancel` command.
 *
 * Instruct an active background job to cancel at the next opportunity. This command returns
 * immediately after marking the active job for cancellation.
 */
export interface JobCancelArguments {
  /** The job identifier. */
  id: string;
}

/**
 * Arguments of the `job-complete` command.
 *
 * Manually trigger completion of an active job in the READY state.
 */
export interface JobCompleteArguments {
  /** The job identifier. */
  id: string;
}

/**
 * Arguments of the `job-dismiss` command.
 *
 * Deletes a job that is in the CONCLUDED state.  This command only needs to be run explicitly for
 * jobs that don't have automatic dismiss enabled.
 */
export interface JobDismissArguments {
  /** The job identifier. */
  id: string;
}

/**
 * Arguments of the `job-finalize` command.
 *
 * Instructs all jobs in a transaction (or a single job if it is not part of any transaction) to
 * finalize any graph changes and do any necessary cleanup.  This command requires that all
 * involved jobs are in the PENDING state.
 */
export interface JobFinalizeArguments {
  /**
   * The identifier of any job in the transaction, or of a job that is not part of any transaction.
   */
  id: string;
}

/**
 * Information about a job.
 *
 * Since: 3.0
 *
 * QAPI struct `JobInfo` (job.json).
 */
export interface JobInfo {
  /** The job identifier */
  id: string;
  /** The kind of job that is being performed */
  type: JobType;
  /** Current job state/status */
  status: JobStatus;
  /**
   * Progress made until now.  The unit is arbitrary and the value can only meaningfully be used
   * for the ratio of `current-progress` to `total-progress`.  The value is monotonically
   * increasing.
   */
  'current-progress': number;
  /**
   * Estimated `current-progress` value at the completion of the job.  This value can arbitrarily
   * change while the job is running, in both directions.
   */
  'total-progress': number;
  /**
   * If this field is present, the job failed; if it is still missing in the CONCLUDED state, this
   * indicates successful completion.
   */
  error?: string;
}

// --------------------------------------------------------------------------
// block-core.json: Block core (VM unrelated)

/**
 * `SnapshotInfo` (struct).
 *
 * Since: 1.3
 *
 * QAPI struct `SnapshotInfo` (block-core.json).
 */
export interface SnapshotInfo {
  /** unique snapshot id */
  id: string;
  /** user chosen name */
  name: string;
  /** size of the VM state */
  'vm-state-size': number;
  /** UTC date of the snapshot in seconds */
  'date-sec': number;
  /** fractional part in nano seconds to be used with date-sec */
  'date-nsec': number;
  /** VM clock relative to boot in seconds */
  'vm-clock-sec': number;
  /** fractional part in nano seconds to be used with vm-clock-sec */
  'vm-clock-nsec': number;
  /**
   * Current instruction count.  Appears when execution record/replay is enabled.  Used for
   * "time-traveling" to match the moment in the recorded execution with the snapshots.  This
   * counter may be obtained through `query-replay` command (since 5.2)
   */
  icount?: number;
}

/**
 * `ImageInfoSpecificQCow2EncryptionBase` (struct).
 *
 * Since: 2.10
 *
 * QAPI struct `ImageInfoSpecificQCow2EncryptionBase` (block-core.json).
 */
export interface ImageInfoSpecificQCow2EncryptionBase {
  /** The encryption format */
  format: BlockdevQcow2EncryptionFormat;
}

/**
 * `ImageInfoSpecificQCow2Encryption` (union).
 *
 * Discriminated by `format` (`BlockdevQcow2EncryptionFormat`).
 *
 * Since: 2.10
 *
 * QAPI union `ImageInfoSpecificQCow2Encryption` (block-core.json).
 */
export type ImageInfoSpecificQCow2Encryption =
  | (ImageInfoSpecificQCow2EncryptionBase & { format: 'aes' })
  | (ImageInfoSpecificQCow2EncryptionBase & { format: 'luks' } & QCryptoBlockInfoLUKS);

/**
 * `ImageInfoSpecificQCow2` (struct).
 *
 * Since: 1.7
 *
 * QAPI struct `ImageInfoSpecificQCow2` (block-core.json).
 */
export interface ImageInfoSpecificQCow2 {
  /** compatibility level */
  compat: string;
  /**
   * the filename of the external data file that is stored in the image and used as a default for
   * opening the image (since: 4.0)
   */
  'data-file'?: string;
  /**
   * True if the external data file must stay valid as a standalone (read-only) raw image without
   * looking at qcow2 metadata (since: 4.0)
   */
  'data-file-raw'?: boolean;
  /** true if the image has extended L2 entries; only valid for compat >= 1.1 (since 5.2) */
  'extended-l2'?: boolean;
  /** on or off; only valid for compat >= 1.1 */
  'lazy-refcounts'?: boolean;
  /** true if the image has been marked corrupt; only valid for compat >= 1.1 (since 2.2) */
  corrupt?: boolean;
  /** width of a refcount entry in bits (since 2.3) */
  'refcount-bits': number;
  /** details about encryption parameters; only set if image is encrypted (since 2.10) */
  encrypt?: ImageInfoSpecificQCow2Encryption;
  /** A list of qcow2 bitmap details (since 4.0) */
  bitmaps?: Qcow2BitmapInfo[];
  /** the image cluster compression method (since 5.1) */
  'compression-type': Qcow2CompressionType;
}

/**
 * `ImageInfoSpecificVmdk` (struct).
 *
 * Since: 1.7
 *
 * QAPI struct `ImageInfoSpecificVmdk` (block-core.json).
 */
export interface ImageInfoSpecificVmdk {
  /** The create type of VMDK image */
  'create-type': string;
  /** Content id of image */
  cid: number;
  /** Parent VMDK image's cid */
  'parent-cid': number;
  /** List of extent files */
  extents: VmdkExtentInfo[];
}

/**
 * Information about a VMDK extent file
 *
 * Since: 8.0
 *
 * QAPI struct `VmdkExtentInfo` (block-core.json).
 */
export interface VmdkExtentInfo {
  /** Name of the extent file */
  filename: string;
  /** Extent type (e.g. FLAT or SPARSE) */
  format: string;
  /** Number of bytes covered by this extent */
  'virtual-size': number;
  /** Cluster size in bytes (for non-flat extents) */
  'cluster-size'?: number;
  /** Whether this extent contains compressed data */
  compressed?: boolean;
}

/**
 * `ImageInfoSpecificRbd` (struct).
 *
 * Since: 6.1
 *
 * QAPI struct `ImageInfoSpecificRbd` (block-core.json).
 */
export interface ImageInfoSpecificRbd {
  /**
   * Image encryption format. If encryption is enabled for the image (see encrypted in
   * BlockNodeInfo), this is the actual format in which the image is accessed. If encryption is not
   * enabled, this is the result of probing when the image was opened, to give a suggestion which
   * encryption format could be enabled. Note that probing results can be changed by the guest by
   * writing a (possibly partial) encryption format header to the image, so don't treat this
   * information as trusted if the guest is not trusted.
   */
  'encryption-format'?: RbdImageEncryptionFormat;
}

/**
 * `ImageInfoSpecificFile` (struct).
 *
 * Since: 8.0
 *
 * QAPI struct `ImageInfoSpecificFile` (block-core.json).
 */
export interface ImageInfoSpecificFile {
  /** Extent size hint (if available) */
  'extent-size-hint'?: number;
}

/**
 * `ImageInfoSpecificKind` (enum).
 *
 * Since: 1.7
 *
 * QAPI enum `ImageInfoSpecificKind` (block-core.json).
 */
export type ImageInfoSpecificKind = 'qcow2' | 'vmdk' | 'luks' | 'rbd' | 'file';

/**
 * `ImageInfoSpecificQCow2Wrapper` (struct).
 *
 * Since: 1.7
 *
 * QAPI struct `ImageInfoSpecificQCow2Wrapper` (block-core.json).
 */
export interface ImageInfoSpecificQCow2Wrapper {
  /** image information specific to QCOW2 */
  data: ImageInfoSpecificQCow2;
}

/**
 * `ImageInfoSpecificVmdkWrapper` (struct).
 *
 * Since: 6.1
 *
 * QAPI struct `ImageInfoSpecificVmdkWrapper` (block-core.json).
 */
export interface ImageInfoSpecificVmdkWrapper {
  /** image information specific to VMDK */
  data: ImageInfoSpecificVmdk;
}

/**
 * `ImageInfoSpecificLUKSWrapper` (struct).
 *
 * Since: 2.7
 *
 * QAPI struct `ImageInfoSpecificLUKSWrapper` (block-core.json).
 */
export interface ImageInfoSpecificLUKSWrapper {
  /** image information specific to LUKS */
  data: QCryptoBlockInfoLUKS;
}

/**
 * `ImageInfoSpecificRbdWrapper` (struct).
 *
 * Since: 6.1
 *
 * QAPI struct `ImageInfoSpecificRbdWrapper` (block-core.json).
 */
export interface ImageInfoSpecificRbdWrapper {
  /** image information specific to RBD */
  data: ImageInfoSpecificRbd;
}

/**
 * `ImageInfoSpecificFileWrapper` (struct).
 *
 * Since: 8.0
 *
 * QAPI struct `ImageInfoSpecificFileWrapper` (block-core.json).
 */
export interface ImageInfoSpecificFileWrapper {
  /** image information specific to files */
  data: ImageInfoSpecificFile;
}

/** Common members of {@link ImageInfoSpecific}. */
export interface ImageInfoSpecificBase {
  /** block driver name */
  type: ImageInfoSpecificKind;
}

/**
 * A discriminated record of image format specific information structures.
 *
 * Discriminated by `type` (`ImageInfoSpecificKind`).
 *
 * Since: 1.7
 *
 * QAPI union `ImageInfoSpecific` (block-core.json).
 */
export type ImageInfoSpecific =
  | (ImageInfoSpecificBase & { type: 'qcow2' } & ImageInfoSpecificQCow2Wrapper)
  | (ImageInfoSpecificBase & { type: 'vmdk' } & ImageInfoSpecificVmdkWrapper)
  | (ImageInfoSpecificBase & { type: 'luks' } & ImageInfoSpecificLUKSWrapper)
  | (ImageInfoSpecificBase & { type: 'rbd' } & ImageInfoSpecificRbdWrapper)
  | (ImageInfoSpecificBase & { type: 'file' } & ImageInfoSpecificFileWrapper);

/**
 * Information about a QEMU image file
 *
 * Since: 8.0
 *
 * QAPI struct `BlockNodeInfo` (block-core.json).
 */
export interface BlockNodeInfo {
  /** name of the image file */
  filename: string;
  /** format of the image file */
  format: string;
  /** true if image is not cleanly closed */
  'dirty-flag'?: boolean;
  /** actual size on disk in bytes of the image */
  'actual-size'?: number;
  /** maximum capacity in bytes of the image */
  'virtual-size': number;
  /** size of a cluster in bytes */
  'cluster-size'?: number;
  /** true if the image is encrypted */
  encrypted?: boolean;
  /** true if the image is compressed (Since 1.7) */
  compressed?: boolean;
  /** name of the backing file */
  'backing-filename'?: string;
  /** full path of the backing file */
  'full-backing-filename'?: string;
  /** the format of the backing file */
  'backing-filename-format'?: string;
  /** list of VM snapshots */
  snapshots?: SnapshotInfo[];
  /** structure supplying additional format-specific information (since 1.7) */
  'format-specific'?: ImageInfoSpecific;
}

/**
 * Information about a QEMU image file, and potentially its backing image
 *
 * Since: 1.3
 *
 * QAPI struct `ImageInfo` (block-core.json).
 */
export interface ImageInfo extends BlockNodeInfo {
  /** info of the backing image */
  'backing-image'?: ImageInfo;
}

/**
 * Information about all nodes in the block graph starting at some node, annotated with information
 * about that node in relation to its parent.
 *
 * Since: 8.0
 *
 * QAPI struct `BlockChildInfo` (block-core.json).
 */
export interface BlockChildInfo {
  /**
   * Child name of the root node in the BlockGraphInfo struct, in its role as the child of some
   * undescribed parent node
   */
  name: string;
  /** Block graph information starting at this node */
  info: BlockGraphInfo;
}

/**
 * Information about all nodes in a block (sub)graph in the form of BlockNodeInfo data.  The base
 * BlockNodeInfo struct contains the information for the (sub)graph's root node.
 *
 * Since: 8.0
 *
 * QAPI struct `BlockGraphInfo` (block-core.json).
 */
export interface BlockGraphInfo extends BlockNodeInfo {
  /** Array of links to this node's child nodes' information */
  children: BlockChildInfo[];
}

/**
 * Information about a QEMU image file check
 *
 * Since: 1.4
 *
 * QAPI struct `ImageCheck` (block-core.json).
 */
export interface ImageCheck {
  /** name of the image file checked */
  filename: string;
  /** format of the image file checked */
  format: string;
  /** number of unexpected errors occurred during check */
  'check-errors': number;
  /**
   * offset (in bytes) where the image ends, this field is present if the driver for the image
   * format supports it
   */
  'image-end-offset'?: number;
  /** number of corruptions found during the check if any */
  corruptions?: number;
  /** number of leaks found during the check if any */
  leaks?: number;
  /** number of corruptions fixed during the check if any */
  'corruptions-fixed'?: number;
  /** number of leaks fixed during the check if any */
  'leaks-fixed'?: number;
  /**
   * total number of clusters, this field is present if the driver for the image format supports it
   */
  'total-clusters'?: number;
  /**
   * total number of allocated clusters, this field is present if the driver for the image format
   * supports it
   */
  'allocated-clusters'?: number;
  /**
   * total number of fragmented clusters, this field is present if the driver for the image format
   * supports it
   */
  'fragmented-clusters'?: number;
  /**
   * total number of compressed clusters, this field is present if the driver for the image format
   * supports it
   */
  'compressed-clusters'?: number;
}

/**
 * Mapping information from a virtual block range to a host file range
 *
 * Since: 2.6
 *
 * QAPI struct `MapEntry` (block-core.json).
 */
export interface MapEntry {
  /** virtual (guest) offset of the first byte described by this entry */
  start: number;
  /** the number of bytes of the mapped virtual range */
  length: number;
  /**
   * reading the image will actually read data from a file (in particular, if `offset` is present
   * this means that the sectors are not simply preallocated, but contain actual data in raw
   * format)
   */
  data: boolean;
  /** whether the virtual blocks read as zeroes */
  zero: boolean;
  /** true if the data is stored compressed (since 8.2) */
  compressed: boolean;
  /**
   * number of layers (0 = top image, 1 = top image's backing file, ..., n - 1 = bottom image
   * (where n is the number of images in the chain)) before reaching one for which the range is
   * allocated
   */
  depth: number;
  /**
   * true if this layer provides the data, false if adding a backing layer could impact this region
   * (since 6.1)
   */
  present: boolean;
  /**
   * if present, the image file stores the data for this range in raw format at the given (host)
   * offset
   */
  offset?: number;
  /** filename that is referred to by `offset` */
  filename?: string;
}

/**
 * Cache mode information for a block device
 *
 * Since: 2.3
 *
 * QAPI struct `BlockdevCacheInfo` (block-core.json).
 */
export interface BlockdevCacheInfo {
  /** true if writeback mode is enabled */
  writeback: boolean;
  /** true if the host page cache is bypassed (O_DIRECT) */
  direct: boolean;
  /** true if flush requests are ignored for the device */
  'no-flush': boolean;
}

/**
 * Information about the backing device for a block device.
 *
 * Since: 0.14
 *
 * QAPI struct `BlockDeviceInfo` (block-core.json).
 */
export interface BlockDeviceInfo {
  /** the filename of the backing device */
  file: string;
  /** the name of the block driver node (Since 2.0) */
  'node-name'?: string;
  /** true if the backing device was open read-only */
  ro: boolean;
  /**
   * the name of the block format used to open the backing device. As of 0.14 this can be:
   * 'blkdebug', 'bochs', 'cloop', 'cow', 'dmg', 'file', 'file', 'ftp', 'ftps', 'host_cdrom',
   * 'host_device', 'http', 'https', 'luks', 'nbd', 'parallels', 'qcow', 'qcow2', 'raw', 'vdi',
   * 'vmdk', 'vpc', 'vvfat' 2.2: 'archipelago' added, 'cow' dropped 2.3: 'host_floppy' deprecated
   * 2.5: 'host_floppy' dropped 2.6: 'luks' added 2.8: 'replication' added, 'tftp' dropped 2.9:
   * 'archipelago' dropped
   */
  drv: string;
  /** the name of the backing file (for copy-on-write) */
  backing_file?: string;
  /** number of files in the backing file chain (since: 1.2) */
  backing_file_depth: number;
  /**
   * true if the backend is active; typical cases for inactive backends are on the migration source
   * instance after migration completes and on the destination before it completes. (since: 10.0)
   */
  active: boolean;
  /** true if the backing device is encrypted */
  encrypted: boolean;
  /** detect and optimize zero writes (Since 2.1) */
  detect_zeroes: BlockdevDetectZeroesOptions;
  /** total throughput limit in bytes per second is specified */
  bps: number;
  /** read throughput limit in bytes per second is specified */
  bps_rd: number;
  /** write throughput limit in bytes per second is specified */
  bps_wr: number;
  /** total I/O operations per second is specified */
  iops: number;
  /** read I/O operations per second is specified */
  iops_rd: number;
  /** write I/O operations per second is specified */
  iops_wr: number;
  /** the info of image used (since: 1.6) */
  image: ImageInfo;
  /** total throughput limit during bursts, in bytes (Since 1.7) */
  bps_max?: number;
  /** read throughput limit during bursts, in bytes (Since 1.7) */
  bps_rd_max?: number;
  /** write throughput limit during bursts, in bytes (Since 1.7) */
  bps_wr_max?: number;
  /** total I/O operations per second during bursts, in bytes (Since 1.7) */
  iops_max?: number;
  /** read I/O operations per second during bursts, in bytes (Since 1.7) */
  iops_rd_max?: number;
  /** write I/O operations per second during bursts, in bytes (Since 1.7) */
  iops_wr_max?: number;
  /** maximum length of the `bps_max` burst period, in seconds.  (Since 2.6) */
  bps_max_length?: number;
  /** maximum length of the `bps_rd_max` burst period, in seconds.  (Since 2.6) */
  bps_rd_max_length?: number;
  /** maximum length of the `bps_wr_max` burst period, in seconds.  (Since 2.6) */
  bps_wr_max_length?: number;
  /** maximum length of the `iops` burst period, in seconds.  (Since 2.6) */
  iops_max_length?: number;
  /** maximum length of the `iops_rd_max` burst period, in seconds.  (Since 2.6) */
  iops_rd_max_length?: number;
  /** maximum length of the `iops_wr_max` burst period, in seconds.  (Since 2.6) */
  iops_wr_max_length?: number;
  /** an I/O size in bytes (Since 1.7) */
  iops_size?: number;
  /** throttle group name (Since 2.4) */
  group?: string;
  /** the cache mode used for the block device (since: 2.3) */
  cache: BlockdevCacheInfo;
  /** configured write threshold for the device.  0 if disabled.  (Since 2.3) */
  write_threshold: number;
  /**
   * dirty bitmaps information (only present if node has one or more dirty bitmaps) (Since 4.2)
   */
  'dirty-bitmaps'?: BlockDirtyInfo[];
}

/**
 * An enumeration of block device I/O status.
 *
 * Since: 1.0
 *
 * QAPI enum `BlockDeviceIoStatus` (block-core.json).
 */
export type BlockDeviceIoStatus = 'ok' | 'failed' | 'nospace';

/**
 * Block dirty bitmap information.
 *
 * Since: 1.3
 *
 * QAPI struct `BlockDirtyInfo` (block-core.json).
 */
export interface BlockDirtyInfo {
  /** the name of the dirty bitmap (Since 2.4) */
  name?: string;
  /** number of dirty bytes according to the dirty bitmap */
  count: number;
  /** granularity of the dirty bitmap in bytes (since 1.4) */
  granularity: number;
  /** true if the bitmap is recording new writes from the guest.  (since 4.0) */
  recording: boolean;
  /**
   * true if the bitmap is in-use by some operation (NBD or jobs) and cannot be modified via QMP or
   * used by another operation. (since 4.0)
   */
  busy: boolean;
  /**
   * true if the bitmap was stored on disk, is scheduled to be stored on disk, or both.  (since
   * 4.0)
   */
  persistent: boolean;
  /**
   * true if this is a persistent bitmap that was improperly stored.  Implies `persistent` to be
   * true; `recording` and `busy` to be false.  This bitmap cannot be used.  To remove it, use
   * `block-dirty-bitmap-remove`.  (Since 4.0)
   */
  inconsistent?: boolean;
}

/**
 * An enumeration of flags that a bitmap can report to the user.
 *
 * Since: 4.0
 *
 * QAPI enum `Qcow2BitmapInfoFlags` (block-core.json).
 */
export type Qcow2BitmapInfoFlags = 'in-use' | 'auto';

/**
 * Qcow2 bitmap information.
 *
 * Since: 4.0
 *
 * QAPI struct `Qcow2BitmapInfo` (block-core.json).
 */
export interface Qcow2BitmapInfo {
  /** the name of the bitmap */
  name: string;
  /** granularity of the bitmap in bytes */
  granularity: number;
  /** flags of the bitmap */
  flags: Qcow2BitmapInfoFlags[];
}

/**
 * Block latency histogram.
 *
 * Since: 4.0
 *
 * QAPI struct `BlockLatencyHistogramInfo` (block-core.json).
 */
export interface BlockLatencyHistogramInfo {
  /**
   * list of interval boundary values in nanoseconds, all greater than zero and in ascending order.
   * For example, the list [10, 50, 100] produces the following histogram intervals: [0, 10), [10,
   * 50), [50, 100), [100, +inf).
   */
  boundaries: number[];
  /**
   * list of io request counts corresponding to histogram intervals, one more element than
   * `boundaries` has.  For the example above, `bins` may be something like [3, 1, 5, 2], and
   * corresponding histogram looks like::
   */
  bins: number[];
}

/**
 * Block device information.  This structure describes a virtual device and the backing device
 * associated with it.
 *
 * Since: 0.14
 *
 * QAPI struct `BlockInfo` (block-core.json).
 */
export interface BlockInfo {
  /** The device name associated with the virtual device. */
  device: string;
  /** The qdev ID, or if no ID is assigned, the QOM path of the block device.  (since 2.10) */
  qdev?: string;
  /**
   * This field is returned only for compatibility reasons, it should not be used (always returns
   * 'unknown')
   */
  type: string;
  /** True if the device supports removable media. */
  removable: boolean;
  /** True if the guest has locked this device from having its media removed */
  locked: boolean;
  /** `BlockDeviceInfo` describing the device if media is present */
  inserted?: BlockDeviceInfo;
  /** True if the device's tray is open (only present if it has a tray) */
  tray_open?: boolean;
  /**
   * `BlockDeviceIoStatus`.  Only present if the device supports it and the VM is configured to
   * stop on errors (supported device models: virtio-blk, IDE, SCSI except scsi-generic)
   */
  'io-status'?: BlockDeviceIoStatus;
}

/**
 * Image file size calculation information.  This structure describes the size requirements for
 * creating a new image file.
 *
 * Since: 2.10
 *
 * QAPI struct `BlockMeasureInfo` (block-core.json).
 */
export interface BlockMeasureInfo {
  /**
   * Size required for a new image file, in bytes, when copying just allocated guest-visible
   * contents.
   */
  required: number;
  /**
   * Image file size, in bytes, once data has been written to all sectors, when copying just
   * guest-visible contents.
   */
  'fully-allocated': number;
  /**
   * Additional size required if all the top-level bitmap metadata in the source image were to be
   * copied to the destination, present only when source and destination both support persistent
   * bitmaps.  (since 5.1)
   */
  bitmaps?: number;
}

/**
 * Statistics of a block device during a given interval of time.
 *
 * Since: 2.5
 *
 * QAPI struct `BlockDeviceTimedStats` (block-core.json).
 */
export interface BlockDeviceTimedStats {
  /** Interval used for calculating the statistics, in seconds. */
  interval_length: number;
  /** Minimum latency of read operations in the defined interval, in nanoseconds. */
  min_rd_latency_ns: number;
  /** Maximum latency of read operations in the defined interval, in nanoseconds. */
  max_rd_latency_ns: number;
  /** Average latency of read operations in the defined interval, in nanoseconds. */
  avg_rd_latency_ns: number;
  /** Minimum latency of write operations in the defined interval, in nanoseconds. */
  min_wr_latency_ns: number;
  /** Maximum latency of write operations in the defined interval, in nanoseconds. */
  max_wr_latency_ns: number;
  /** Average latency of write operations in the defined interval, in nanoseconds. */
  avg_wr_latency_ns: number;
  /**
   * Minimum latency of zone append operations in the defined interval, in nanoseconds (since 8.1)
   */
  min_zone_append_latency_ns: number;
  /**
   * Maximum latency of zone append operations in the defined interval, in nanoseconds (since 8.1)
   */
  max_zone_append_latency_ns: number;
  /**
   * Average latency of zone append operations in the defined interval, in nanoseconds (since 8.1)
   */
  avg_zone_append_latency_ns: number;
  /** Minimum latency of flush operations in the defined interval, in nanoseconds. */
  min_flush_latency_ns: number;
  /** Maximum latency of flush operations in the defined interval, in nanoseconds. */
  max_flush_latency_ns: number;
  /** Average latency of flush operations in the defined interval, in nanoseconds. */
  avg_flush_latency_ns: number;
  /** Average number of pending read operations in the defined interval. */
  avg_rd_queue_depth: number;
  /** Average number of pending write operations in the defined interval. */
  avg_wr_queue_depth: number;
  /** Average number of pending zone append operations in the defined interval (since 8.1). */
  avg_zone_append_queue_depth: number;
}

/**
 * Statistics of a virtual block device or a block backing device.
 *
 * Since: 0.14
 *
 * QAPI struct `BlockDeviceStats` (block-core.json).
 */
export interface BlockDeviceStats {
  /** The number of bytes read by the device. */
  rd_bytes: number;
  /** The number of bytes written by the device. */
  wr_bytes: number;
  /** The number of bytes appended by the zoned devices (since 8.1) */
  zone_append_bytes: number;
  /** The number of bytes unmapped by the device (Since 4.2) */
  unmap_bytes: number;
  /** The number of read operations performed by the device. */
  rd_operations: number;
  /** The number of write operations performed by the device. */
  wr_operations: number;
  /** The number of zone append operations performed by the zoned devices (since 8.1) */
  zone_append_operations: number;
  /** The number of cache flush operations performed by the device (since 0.15) */
  flush_operations: number;
  /** The number of unmap operations performed by the device (Since 4.2) */
  unmap_operations: number;
  /** Total time spent on reads in nanoseconds (since 0.15). */
  rd_total_time_ns: number;
  /** Total time spent on writes in nanoseconds (since 0.15). */
  wr_total_time_ns: number;
  /** Total time spent on zone append writes in nanoseconds (since 8.1) */
  zone_append_total_time_ns: number;
  /** Total time spent on cache flushes in nanoseconds (since 0.15). */
  flush_total_time_ns: number;
  /** Total time spent on unmap operations in nanoseconds (Since 4.2) */
  unmap_total_time_ns: number;
  /**
   * The offset after the greatest byte written to the device.  The intended use of this
   * information is for growable sparse files (like qcow2) that are used on top of a physical
   * device.
   */
  wr_highest_offset: number;
  /** Number of read requests that have been merged into another request (Since 2.3). */
  rd_merged: number;
  /** Number of write requests that have been merged into another request (Since 2.3). */
  wr_merged: number;
  /** Number of zone append requests that have been merged into another request (since 8.1) */
  zone_append_merged: number;
  /** Number of unmap requests that have been merged into another request (Since 4.2) */
  unmap_merged: number;
  /**
   * Time since the last I/O operation, in nanoseconds. If the field is absent it means that there
   * haven't been any operations yet (Since 2.5).
   */
  idle_time_ns?: number;
  /** The number of failed read operations performed by the device (Since 2.5) */
  failed_rd_operations: number;
  /** The number of failed write operations performed by the device (Since 2.5) */
  failed_wr_operations: number;
  /**
   * The number of failed zone append write operations performed by the zoned devices (since 8.1)
   */
  failed_zone_append_operations: number;
  /** The number of failed flush operations performed by the device (Since 2.5) */
  failed_flush_operations: number;
  /** The number of failed unmap operations performed by the device (Since 4.2) */
  failed_unmap_operations: number;
  /** The number of invalid read operations performed by the device (Since 2.5) */
  invalid_rd_operations: number;
  /** The number of invalid write operations performed by the device (Since 2.5) */
  invalid_wr_operations: number;
  /** The number of invalid zone append operations performed by the zoned device (since 8.1) */
  invalid_zone_append_operations: number;
  /** The number of invalid flush operations performed by the device (Since 2.5) */
  invalid_flush_operations: number;
  /** The number of invalid unmap operations performed by the device (Since 4.2) */
  invalid_unmap_operations: number;
  /** Whether invalid operations are included in the last access statistics (Since 2.5) */
  account_invalid: boolean;
  /**
   * Whether failed operations are included in the latency and last access statistics (Since 2.5)
   */
  account_failed: boolean;
  /** Statistics specific to the set of previously defined intervals of time (Since 2.5) */
  timed_stats: BlockDeviceTimedStats[];
  /** `BlockLatencyHistogramInfo`.  (Since 4.0) */
  rd_latency_histogram?: BlockLatencyHistogramInfo;
  /** `BlockLatencyHistogramInfo`.  (Since 4.0) */
  wr_latency_histogram?: BlockLatencyHistogramInfo;
  /** `BlockLatencyHistogramInfo`. (since 8.1) */
  zone_append_latency_histogram?: BlockLatencyHistogramInfo;
  /** `BlockLatencyHistogramInfo`.  (Since 4.0) */
  flush_latency_histogram?: BlockLatencyHistogramInfo;
}

/**
 * File driver statistics
 *
 * Since: 4.2
 *
 * QAPI struct `BlockStatsSpecificFile` (block-core.json).
 */
export interface BlockStatsSpecificFile {
  /** The number of successful discard operations performed by the driver. */
  'discard-nb-ok': number;
  /** The number of failed discard operations performed by the driver. */
  'discard-nb-failed': number;
  /** The number of bytes discarded by the driver. */
  'discard-bytes-ok': number;
}

/**
 * NVMe driver statistics
 *
 * Since: 5.2
 *
 * QAPI struct `BlockStatsSpecificNvme` (block-core.json).
 */
export interface BlockStatsSpecificNvme {
  /** The number of completion errors. */
  'completion-errors': number;
  /** The number of aligned accesses performed by the driver. */
  'aligned-accesses': number;
  /** The number of unaligned accesses performed by the driver. */
  'unaligned-accesses': number;
}

/** Common members of {@link BlockStatsSpecific}. */
export interface BlockStatsSpecificBase {
  /** block driver name */
  driver: BlockdevDriver;
}

/**
 * Block driver specific statistics
 *
 * Discriminated by `driver` (`BlockdevDriver`).
 *
 * Since: 4.2
 *
 * QAPI union `BlockStatsSpecific` (block-core.json).
 */
export type BlockStatsSpecific =
  | (BlockStatsSpecificBase & { driver: 'blkdebug' })
  | (BlockStatsSpecificBase & { driver: 'blklogwrites' })
  | (BlockStatsSpecificBase & { driver: 'blkreplay' })
  | (BlockStatsSpecificBase & { driver: 'blkverify' })
  | (BlockStatsSpecificBase & { driver: 'bochs' })
  | (BlockStatsSpecificBase & { driver: 'cloop' })
  | (BlockStatsSpecificBase & { driver: 'compress' })
  | (BlockStatsSpecificBase & { driver: 'copy-before-write' })
  | (BlockStatsSpecificBase & { driver: 'copy-on-read' })
  | (BlockStatsSpecificBase & { driver: 'dmg' })
  | (BlockStatsSpecificBase & { driver: 'file' } & BlockStatsSpecificFile)
  | (BlockStatsSpecificBase & { driver: 'snapshot-access' })
  | (BlockStatsSpecificBase & { driver: 'ftp' })
  | (BlockStatsSpecificBase & { driver: 'ftps' })
  | (BlockStatsSpecificBase & { driver: 'gluster' })
  | (BlockStatsSpecificBase & { driver: 'host_cdrom' }) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockStatsSpecificBase & { driver: 'host_device' } & BlockStatsSpecificFile) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockStatsSpecificBase & { driver: 'http' })
  | (BlockStatsSpecificBase & { driver: 'https' })
  | (BlockStatsSpecificBase & { driver: 'io_uring' }) // if CONFIG_BLKIO
  | (BlockStatsSpecificBase & { driver: 'iscsi' })
  | (BlockStatsSpecificBase & { driver: 'luks' })
  | (BlockStatsSpecificBase & { driver: 'nbd' })
  | (BlockStatsSpecificBase & { driver: 'nfs' })
  | (BlockStatsSpecificBase & { driver: 'null-aio' })
  | (BlockStatsSpecificBase & { driver: 'null-co' })
  | (BlockStatsSpecificBase & { driver: 'nvme' } & BlockStatsSpecificNvme)
  | (BlockStatsSpecificBase & { driver: 'nvme-io_uring' }) // if CONFIG_BLKIO
  | (BlockStatsSpecificBase & { driver: 'parallels' })
  | (BlockStatsSpecificBase & { driver: 'preallocate' })
  | (BlockStatsSpecificBase & { driver: 'qcow' })
  | (BlockStatsSpecificBase & { driver: 'qcow2' })
  | (BlockStatsSpecificBase & { driver: 'qed' })
  | (BlockStatsSpecificBase & { driver: 'quorum' })
  | (BlockStatsSpecificBase & { driver: 'raw' })
  | (BlockStatsSpecificBase & { driver: 'rbd' })
  | (BlockStatsSpecificBase & { driver: 'replication' }) // if CONFIG_REPLICATION
  | (BlockStatsSpecificBase & { driver: 'ssh' })
  | (BlockStatsSpecificBase & { driver: 'throttle' })
  | (BlockStatsSpecificBase & { driver: 'vdi' })
  | (BlockStatsSpecificBase & { driver: 'vhdx' })
  | (BlockStatsSpecificBase & { driver: 'virtio-blk-vfio-pci' }) // if CONFIG_BLKIO
  | (BlockStatsSpecificBase & { driver: 'virtio-blk-vhost-user' }) // if CONFIG_BLKIO
  | (BlockStatsSpecificBase & { driver: 'virtio-blk-vhost-vdpa' }) // if CONFIG_BLKIO
  | (BlockStatsSpecificBase & { driver: 'vmdk' })
  | (BlockStatsSpecificBase & { driver: 'vpc' })
  | (BlockStatsSpecificBase & { driver: 'vvfat' });

/**
 * Statistics of a virtual block device or a block backing device.
 *
 * Since: 0.14
 *
 * QAPI struct `BlockStats` (block-core.json).
 */
export interface BlockStats {
  /**
   * If the stats are for a virtual block device, the name corresponding to the virtual block
   * device.
   */
  device?: string;
  /** The qdev ID, or if no ID is assigned, the QOM path of the block device.  (since 3.0) */
  qdev?: string;
  /** The node name of the device.  (Since 2.3) */
  'node-name'?: string;
  /** A `BlockDeviceStats` for the device. */
  stats: BlockDeviceStats;
  /** Optional driver-specific stats.  (Since 4.2) */
  'driver-specific'?: BlockStatsSpecific;
  /**
   * This describes the file block device if it has one. Contains recursively the statistics of the
   * underlying protocol (e.g. the host file for a qcow2 image).  If there is no underlying
   * protocol, this field is omitted
   */
  parent?: BlockStats;
  /** This describes the backing block device if it has one. (Since 2.0) */
  backing?: BlockStats;
}

/**
 * Arguments of the `query-blockstats` command.
 *
 * Query the `BlockStats` for all virtual block devices.
 */
export interface QueryBlockstatsArguments {
  /**
   * If true, the command will query all the block nodes that have a node name, in a list which
   * will include "parent" information, but not "backing".  If false or omitted, the behavior is as
   * before - query all the device backends, recursively including their "parent" and "backing". 
   * Filter nodes that were created implicitly are skipped over in this mode.  (Since 2.3)
   */
  'query-nodes'?: boolean;
}

/**
 * An enumeration of possible behaviors for errors on I/O operations. The exact meaning depends on
 * whether the I/O was initiated by a guest or by a block job
 *
 * Since: 1.3
 *
 * QAPI enum `BlockdevOnError` (block-core.json).
 */
export type BlockdevOnError = 'report' | 'ignore' | 'enospc' | 'stop' | 'auto';

/**
 * An enumeration of possible behaviors for the initial synchronization phase of storage mirroring.
 *
 * Since: 1.3
 *
 * QAPI enum `MirrorSyncMode` (block-core.json).
 */
export type MirrorSyncMode = 'top' | 'full' | 'none' | 'incremental' | 'bitmap';

/**
 * An enumeration of possible behaviors for the synchronization of a bitmap when used for data copy
 * operations.
 *
 * Since: 4.2
 *
 * QAPI enum `BitmapSyncMode` (block-core.json).
 */
export type BitmapSyncMode = 'on-success' | 'never' | 'always';

/**
 * An enumeration whose values tell the mirror block job when to trigger writes to the target.
 *
 * Since: 3.0
 *
 * QAPI enum `MirrorCopyMode` (block-core.json).
 */
export type MirrorCopyMode = 'background' | 'write-blocking';

/**
 * Information specific to mirror block jobs.
 *
 * Since: 8.2
 *
 * QAPI struct `BlockJobInfoMirror` (block-core.json).
 */
export interface BlockJobInfoMirror {
  /**
   * Whether the source is actively synced to the target, i.e. same data and new writes are done
   * synchronously to both.
   */
  'actively-synced': boolean;
}

/** Common members of {@link BlockJobInfo}. */
export interface BlockJobInfoBase {
  /** the job type ('stream' for image streaming) */
  type: JobType;
  /**
   * The job identifier.  Originally the device name but other values are allowed since QEMU 2.7
   */
  device: string;
  /**
   * Estimated `offset` value at the completion of the job.  This value can arbitrarily change
   * while the job is running, in both directions.
   */
  len: number;
  /**
   * Progress made until now.  The unit is arbitrary and the value can only meaningfully be used
   * for the ratio of `offset` to `len`.  The value is monotonically increasing.
   */
  offset: number;
  /** false if the job is known to be in a quiescent state, with no pending I/O.  (Since 1.3) */
  busy: boolean;
  /**
   * whether the job is paused or, if `busy` is true, will pause itself as soon as possible. 
   * (Since 1.3)
   */
  paused: boolean;
  /** the rate limit, bytes per second */
  speed: number;
  /** the status of the job (since 1.3) */
  'io-status': BlockDeviceIoStatus;
  /** true if the job may be completed (since 2.2) */
  ready: boolean;
  /** Current job state/status (since 2.12) */
  status: JobStatus;
  /** Job will finalize itself when PENDING, moving to the CONCLUDED state.  (since 2.12) */
  'auto-finalize': boolean;
  /**
   * Job will dismiss itself when CONCLUDED, moving to the NULL state and disappearing from the
   * query list.  (since 2.12)
   */
  'auto-dismiss': boolean;
  /**
   * Error information if the job did not complete successfully. Not set if the job completed
   * successfully.  (since 2.12.1)
   */
  error?: string;
}

/**
 * Information about a long-running block device operation.
 *
 * Discriminated by `type` (`JobType`).
 *
 * Since: 1.1
 *
 * QAPI union `BlockJobInfo` (block-core.json).
 */
export type BlockJobInfo =
  | (BlockJobInfoBase & { type: 'commit' })
  | (BlockJobInfoBase & { type: 'stream' })
  | (BlockJobInfoBase & { type: 'mirror' } & BlockJobInfoMirror)
  | (BlockJobInfoBase & { type: 'backup' })
  | (BlockJobInfoBase & { type: 'create' })
  | (BlockJobInfoBase & { type: 'amend' })
  | (BlockJobInfoBase & { type: 'snapshot-load' })
  | (BlockJobInfoBase & { type: 'snapshot-save' })
  | (BlockJobInfoBase & { type: 'snapshot-delete' });

/**
 * Arguments of the `block_resize` command.
 *
 * Resize a block image while a guest is running.
 */
export interface BlockResizeArguments {
  /** the name of the device to get the image resized */
  device?: string;
  /** graph node name to get the image resized (Since 2.0) */
  'node-name'?: string;
  /** new image size in bytes */
  size: number;
}

/**
 * An enumeration that tells QEMU how to set the backing file path in a new image file.
 *
 * Since: 1.1
 *
 * QAPI enum `NewImageMode` (block-core.json).
 */
export type NewImageMode = 'existing' | 'absolute-paths';

/**
 * Either `device` or `node-name` must be set but not both.
 *
 * QAPI struct `BlockdevSnapshotSync` (block-core.json).
 */
export interface BlockdevSnapshotSync {
  /** the name of the device to take a snapshot of. */
  device?: string;
  /** graph node name to generate the snapshot from (Since 2.0) */
  'node-name'?: string;
  /**
   * the target of the new overlay image.  If the file exists, or if it is a device, the overlay
   * will be created in the existing file/device.  Otherwise, a new file will be created.
   */
  'snapshot-file': string;
  /** the graph node name of the new image (Since 2.0) */
  'snapshot-node-name'?: string;
  /** the format of the overlay image, default is 'qcow2'. */
  format?: string;
  /** whether and how QEMU should create a new image, default is 'absolute-paths'. */
  mode?: NewImageMode;
}

/**
 * `BlockdevSnapshot` (struct).
 *
 * Since: 2.5
 *
 * QAPI struct `BlockdevSnapshot` (block-core.json).
 */
export interface BlockdevSnapshot {
  /** device or node name that will have a snapshot taken. */
  node: string;
  /**
   * reference to the existing block device that will become the overlay of `node`, as part of
   * taking the snapshot.  It must not have a current backing file (this can be achieved by passing
   * "backing": null to blockdev-add).
   */
  overlay: string;
}

/**
 * Optional parameters for backup.  These parameters don't affect functionality, but may
 * significantly affect performance.
 *
 * Since: 6.0
 *
 * QAPI struct `BackupPerf` (block-core.json).
 */
export interface BackupPerf {
  /** Use copy offloading.  Default false. */
  'use-copy-range'?: boolean;
  /**
   * Maximum number of parallel requests for the sustained background copying process.  Doesn't
   * influence copy-before-write operations.  Default 64.
   */
  'max-workers'?: number;
  /**
   * Maximum request length for the sustained background copying process.  Doesn't influence
   * copy-before-write operations.  0 means unlimited.  If max-chunk is non-zero then it should not
   * be less than job cluster size which is calculated as maximum of target image cluster size and
   * 64k.  Default 0.
   */
  'max-chunk'?: number;
  /**
   * Minimum size of blocks used by copy-before-write and background copy operations.  Has to be a
   * power of 2.  No effect if smaller than the maximum of the target's cluster size and 64 KiB. 
   * Default 0.  (Since 9.2)
   */
  'min-cluster-size'?: number;
}

/**
 * `BackupCommon` (struct).
 *
 * Since: 4.2
 *
 * QAPI struct `BackupCommon` (block-core.json).
 */
export interface BackupCommon {
  /**
   * identifier for the newly-created block job.  If omitted, the device name will be used.  (Since
   * 2.7)
   */
  'job-id'?: string;
  /** the device name or node-name of a root node which should be copied. */
  device: string;
  /**
   * what parts of the disk image should be copied to the destination (all the disk, only the
   * sectors allocated in the topmost image, from a dirty bitmap, or only new I/O).
   */
  sync: MirrorSyncMode;
  /** the maximum speed, in bytes per second.  The default is 0, for unlimited. */
  speed?: number;
  /**
   * The name of a dirty bitmap to use.  Must be present if sync is "bitmap" or "incremental".  Can
   * be present if sync is "full" or "top".  Must not be present otherwise. (Since 2.4
   * (drive-backup), 3.1 (blockdev-backup))
   */
  bitmap?: string;
  /**
   * Specifies the type of data the bitmap should contain after the operation concludes.  Must be
   * present if a bitmap was provided, Must NOT be present otherwise.  (Since 4.2)
   */
  'bitmap-mode'?: BitmapSyncMode;
  /** true to compress data, if the target format supports it. (default: false) (since 2.8) */
  compress?: boolean;
  /**
   * the action to take on an error on the source, default 'report'.  'stop' and 'enospc' can only
   * be used if the block device supports io-status (see BlockInfo).
   */
  'on-source-error'?: BlockdevOnError;
  /**
   * the action to take on an error on the target, default 'report' (no limitations, since this
   * applies to a different block device than `device`).
   */
  'on-target-error'?: BlockdevOnError;
  /**
   * When false, this job will wait in a PENDING state after it has finished its work, waiting for
   * `block-job-finalize` before making any block graph changes.  When true, this job will
   * automatically perform its abort or commit actions.  Defaults to true.  (Since 2.12)
   */
  'auto-finalize'?: boolean;
  /**
   * When false, this job will wait in a CONCLUDED state after it has completely ceased all work,
   * and awaits `block-job-dismiss`.  When true, this job will automatically disappear from the
   * query list without user intervention. Defaults to true.  (Since 2.12)
   */
  'auto-dismiss'?: boolean;
  /**
   * the node name that should be assigned to the filter driver that the backup job inserts into
   * the graph above node specified by `drive`.  If this option is not given, a node name is
   * autogenerated.  (Since: 4.2)
   */
  'filter-node-name'?: string;
  /** Discard blocks on source which have already been copied to the target.  (Since 9.1) */
  'discard-source'?: boolean;
  /**
   * Performance options.  (Since 6.0)
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn.
   */
  'x-perf'?: BackupPerf;
}

/**
 * `DriveBackup` (struct).
 *
 * Since: 1.6
 *
 * QAPI struct `DriveBackup` (block-core.json).
 */
export interface DriveBackup extends BackupCommon {
  /**
   * the target of the new image.  If the file exists, or if it is a device, the existing
   * file/device will be used as the new destination.  If it does not exist, a new file will be
   * created.
   */
  target: string;
  /**
   * the format of the new destination, default is to probe if `mode` is 'existing', else the
   * format of the source
   */
  format?: string;
  /** whether and how QEMU should create a new image, default is 'absolute-paths'. */
  mode?: NewImageMode;
}

/**
 * `BlockdevBackup` (struct).
 *
 * Since: 2.3
 *
 * QAPI struct `BlockdevBackup` (block-core.json).
 */
export interface BlockdevBackup extends BackupCommon {
  /** the device name or node-name of the backup target node. */
  target: string;
}

/**
 * Arguments of the `change-backing-file` command.
 *
 * Change the backing file in the image file metadata.  This does not cause QEMU to reopen the
 * image file to reparse the backing filename (it may, however, perform a reopen to change
 * permissions from r/o -> r/w -> r/o, if needed).  The new backing file string is written into the
 * image file metadata, and the QEMU internal strings are updated.
 */
export interface ChangeBackingFileArguments {
  /** The device name or node-name of the root node that owns image-node-name. */
  device: string;
  /**
   * The name of the block driver state node of the image to modify.  The "device" argument is used
   * to verify "image-node-name" is in the chain described by "device".
   */
  'image-node-name': string;
  /**
   * The string to write as the backing file.  This string is not validated, so care should be
   * taken when specifying the string or the image chain may not be able to be reopened again.
   */
  'backing-file': string;
}

/**
 * Arguments of the `block-commit` command.
 *
 * Live commit of data from overlay image nodes into backing nodes - i.e., writes data between
 * 'top' and 'base' into 'base'.
 */
export interface BlockCommitArguments {
  /**
   * identifier for the newly-created block job.  If omitted, the device name will be used.  (Since
   * 2.7)
   */
  'job-id'?: string;
  /** the device name or node-name of a root node */
  device: string;
  /**
   * The node name of the backing image to write data into. If not specified, this is the deepest
   * backing image. (since: 3.1)
   */
  'base-node'?: string;
  /**
   * Same as `base-node`, except that it is a file name rather than a node name.  This must be the
   * exact filename string that was used to open the node; other strings, even if addressing the
   * same file, are not accepted
   *
   * @deprecated Deprecated in the QAPI schema.
   */
  base?: string;
  /**
   * The node name of the backing image within the image chain which contains the topmost data to
   * be committed down.  If not specified, this is the active layer.  (since: 3.1)
   */
  'top-node'?: string;
  /**
   * Same as `top-node`, except that it is a file name rather than a node name.  This must be the
   * exact filename string that was used to open the node; other strings, even if addressing the
   * same file, are not accepted
   *
   * @deprecated Deprecated in the QAPI schema.
   */
  top?: string;
  /**
   * The backing file string to write into the overlay image of 'top'.  If 'top' does not have an
   * overlay image, or if 'top' is in use by a writer, specifying a backing file string is an
   * error.
   */
  'backing-file'?: string;
  /**
   * If true, replace any protocol mentioned in the 'backing file format' with 'raw', rather than
   * storing the protocol name as the backing format.  Can be used even when no image header will
   * be updated (default false; since 9.0).
   */
  'backing-mask-protocol'?: boolean;
  /** the maximum speed, in bytes per second */
  speed?: number;
  /**
   * the action to take on an error.  'ignore' means that the request should be retried.  (default:
   * report; Since: 5.0)
   */
  'on-error'?: BlockdevOnError;
  /**
   * the node name that should be assigned to the filter driver that the commit job inserts into
   * the graph above `top`.  If this option is not given, a node name is autogenerated.  (Since:
   * 2.9)
   */
  'filter-node-name'?: string;
  /**
   * When false, this job will wait in a PENDING state after it has finished its work, waiting for
   * `block-job-finalize` before making any block graph changes.  When true, this job will
   * automatically perform its abort or commit actions.  Defaults to true.  (Since 3.1)
   */
  'auto-finalize'?: boolean;
  /**
   * When false, this job will wait in a CONCLUDED state after it has completely ceased all work,
   * and awaits `block-job-dismiss`.  When true, this job will automatically disappear from the
   * query list without user intervention. Defaults to true.  (Since 3.1)
   */
  'auto-dismiss'?: boolean;
}

/**
 * Arguments of the `query-named-block-nodes` command.
 *
 * Get the named block driver list
 */
export interface QueryNamedBlockNodesArguments {
  /**
   * Omit the nested data about backing image ("backing-image" key) if true.  Default is false
   * (Since 5.0)
   */
  flat?: boolean;
}

/**
 * `XDbgBlockGraphNodeType` (enum).
 *
 * Since: 4.0
 *
 * QAPI enum `XDbgBlockGraphNodeType` (block-core.json).
 */
export type XDbgBlockGraphNodeType = 'block-backend' | 'block-job' | 'block-driver';

/**
 * `XDbgBlockGraphNode` (struct).
 *
 * Since: 4.0
 *
 * QAPI struct `XDbgBlockGraphNode` (block-core.json).
 */
export interface XDbgBlockGraphNode {
  /**
   * Block graph node identifier.  This `id` is generated only for x-debug-query-block-graph and
   * does not relate to any other identifiers in Qemu.
   */
  id: number;
  /** Type of graph node.  Can be one of block-backend, block-job or block-driver-state. */
  type: XDbgBlockGraphNodeType;
  /**
   * Human readable name of the node.  Corresponds to node-name for block-driver-state nodes; is
   * not guaranteed to be unique in the whole graph (with block-jobs and block-backends).
   */
  name: string;
}

/**
 * Enum of base block permissions.
 *
 * Since: 4.0
 *
 * QAPI enum `BlockPermission` (block-core.json).
 */
export type BlockPermission = 'consistent-read' | 'write' | 'write-unchanged' | 'resize';

/**
 * Block Graph edge description for x-debug-query-block-graph.
 *
 * Since: 4.0
 *
 * QAPI struct `XDbgBlockGraphEdge` (block-core.json).
 */
export interface XDbgBlockGraphEdge {
  /** parent id */
  parent: number;
  /** child id */
  child: number;
  /** name of the relation (examples are 'file' and 'backing') */
  name: string;
  /** granted permissions for the parent operating on the child */
  perm: BlockPermission[];
  /**
   * permissions that can still be granted to other users of the child while it is still attached
   * to this parent
   */
  'shared-perm': BlockPermission[];
}

/**
 * Block Graph - list of nodes and list of edges.
 *
 * Since: 4.0
 *
 * QAPI struct `XDbgBlockGraph` (block-core.json).
 */
export interface XDbgBlockGraph {
  nodes: XDbgBlockGraphNode[];
  edges: XDbgBlockGraphEdge[];
}

/**
 * A set of parameters describing drive mirror setup.
 *
 * Since: 1.3
 *
 * QAPI struct `DriveMirror` (block-core.json).
 */
export interface DriveMirror {
  /**
   * identifier for the newly-created block job.  If omitted, the device name will be used.  (Since
   * 2.7)
   */
  'job-id'?: string;
  /** the device name or node-name of a root node whose writes should be mirrored. */
  device: string;
  /**
   * the target of the new image.  If the file exists, or if it is a device, the existing
   * file/device will be used as the new destination.  If it does not exist, a new file will be
   * created.
   */
  target: string;
  /**
   * the format of the new destination, default is to probe if `mode` is 'existing', else the
   * format of the source
   */
  format?: string;
  /** the new block driver state node name in the graph (Since 2.1) */
  'node-name'?: string;
  /**
   * with sync=full graph node name to be replaced by the new image when a whole image copy is
   * done.  This can be used to repair broken Quorum files.  By default, `device` is replaced,
   * although implicitly created filters on it are kept.  (Since 2.1)
   */
  replaces?: string;
  /**
   * what parts of the disk image should be copied to the destination (all the disk, only the
   * sectors allocated in the topmost image, or only new I/O).
   */
  sync: MirrorSyncMode;
  /** whether and how QEMU should create a new image, default is 'absolute-paths'. */
  mode?: NewImageMode;
  /** the maximum speed, in bytes per second */
  speed?: number;
  /**
   * granularity of the dirty bitmap, default is 64K if the image format doesn't have clusters, 4K
   * if the clusters are smaller than that, else the cluster size.  Must be a power of 2 between
   * 512 and 64M (since 1.4).
   */
  granularity?: number;
  /** maximum amount of data in flight from source to target (since 1.4). */
  'buf-size'?: number;
  /**
   * the action to take on an error on the source, default 'report'.  'stop' and 'enospc' can only
   * be used if the block device supports io-status (see BlockInfo).
   */
  'on-source-error'?: BlockdevOnError;
  /**
   * the action to take on an error on the target, default 'report' (no limitations, since this
   * applies to a different block device than `device`).
   */
  'on-target-error'?: BlockdevOnError;
  /**
   * Whether to try to unmap target sectors where source has only zero.  If true, and target
   * unallocated sectors will read as zero, target image sectors will be unmapped; otherwise,
   * zeroes will be written.  Both will result in identical contents. Default is true.  (Since 2.4)
   */
  unmap?: boolean;
  /** when to copy data to the destination; defaults to 'background' (Since: 3.0) */
  'copy-mode'?: MirrorCopyMode;
  /**
   * When false, this job will wait in a PENDING state after it has finished its work, waiting for
   * `block-job-finalize` before making any block graph changes.  When true, this job will
   * automatically perform its abort or commit actions.  Defaults to true.  (Since 3.1)
   */
  'auto-finalize'?: boolean;
  /**
   * When false, this job will wait in a CONCLUDED state after it has completely ceased all work,
   * and awaits `block-job-dismiss`.  When true, this job will automatically disappear from the
   * query list without user intervention. Defaults to true.  (Since 3.1)
   */
  'auto-dismiss'?: boolean;
}

/**
 * `BlockDirtyBitmap` (struct).
 *
 * Since: 2.4
 *
 * QAPI struct `BlockDirtyBitmap` (block-core.json).
 */
export interface BlockDirtyBitmap {
  /** name of device/node which the bitmap is tracking */
  node: string;
  /** name of the dirty bitmap */
  name: string;
}

/**
 * `BlockDirtyBitmapAdd` (struct).
 *
 * Since: 2.4
 *
 * QAPI struct `BlockDirtyBitmapAdd` (block-core.json).
 */
export interface BlockDirtyBitmapAdd {
  /** name of device/node which the bitmap is tracking */
  node: string;
  /** name of the dirty bitmap (must be less than 1024 bytes) */
  name: string;
  /** the bitmap granularity, default is 64k for block-dirty-bitmap-add */
  granularity?: number;
  /**
   * the bitmap is persistent, i.e. it will be saved to the corresponding block device image file
   * on its close.  For now only Qcow2 disks support persistent bitmaps.  Default is false for
   * block-dirty-bitmap-add.  (Since: 2.10)
   */
  persistent?: boolean;
  /**
   * the bitmap is created in the disabled state, which means that it will not track drive changes.
   * The bitmap may be enabled with block-dirty-bitmap-enable.  Default is false.  (Since: 4.0)
   */
  disabled?: boolean;
}

/**
 * `BlockDirtyBitmapOrStr` (alternate).
 *
 * - `local`: string — name of the bitmap, attached to the same node as target bitmap.
 * - `external`: BlockDirtyBitmap — bitmap with specified node
 *
 * Since: 4.1
 *
 * QAPI alternate `BlockDirtyBitmapOrStr` (block-core.json).
 */
export type BlockDirtyBitmapOrStr = string | BlockDirtyBitmap;

/**
 * `BlockDirtyBitmapMerge` (struct).
 *
 * Since: 4.0
 *
 * QAPI struct `BlockDirtyBitmapMerge` (block-core.json).
 */
export interface BlockDirtyBitmapMerge {
  /** name of device/node which the `target` bitmap is tracking */
  node: string;
  /** name of the destination dirty bitmap */
  target: string;
  /**
   * name(s) of the source dirty bitmap(s) at `node` and/or fully specified BlockDirtyBitmap
   * elements.  The latter are supported since 4.1.
   */
  bitmaps: BlockDirtyBitmapOrStr[];
}

/**
 * SHA256 hash of dirty bitmap data
 *
 * Since: 2.10
 *
 * QAPI struct `BlockDirtyBitmapSha256` (block-core.json).
 */
export interface BlockDirtyBitmapSha256 {
  /** ASCII representation of SHA256 bitmap hash */
  sha256: string;
}

/**
 * Arguments of the `blockdev-mirror` command.
 *
 * Start mirroring a block device's writes to a new destination.
 */
export interface BlockdevMirrorArguments {
  /**
   * identifier for the newly-created block job.  If omitted, the device name will be used.  (Since
   * 2.7)
   */
  'job-id'?: string;
  /** The device name or node-name of a root node whose writes should be mirrored. */
  device: string;
  /** the id or node-name of the block device to mirror to.  This mustn't be attached to guest. */
  target: string;
  /**
   * with sync=full graph node name to be replaced by the new image when a whole image copy is
   * done.  This can be used to repair broken Quorum files.  By default, `device` is replaced,
   * although implicitly created filters on it are kept.
   */
  replaces?: string;
  /**
   * what parts of the disk image should be copied to the destination (all the disk, only the
   * sectors allocated in the topmost image, or only new I/O).
   */
  sync: MirrorSyncMode;
  /** the maximum speed, in bytes per second */
  speed?: number;
  /**
   * granularity of the dirty bitmap, default is 64K if the image format doesn't have clusters, 4K
   * if the clusters are smaller than that, else the cluster size.  Must be a power of 2 between
   * 512 and 64M
   */
  granularity?: number;
  /** maximum amount of data in flight from source to target */
  'buf-size'?: number;
  /**
   * the action to take on an error on the source, default 'report'.  'stop' and 'enospc' can only
   * be used if the block device supports io-status (see BlockInfo).
   */
  'on-source-error'?: BlockdevOnError;
  /**
   * the action to take on an error on the target, default 'report' (no limitations, since this
   * applies to a different block device than `device`).
   */
  'on-target-error'?: BlockdevOnError;
  /**
   * the node name that should be assigned to the filter driver that the mirror job inserts into
   * the graph above `device`.  If this option is not given, a node name is autogenerated.  (Since:
   * 2.9)
   */
  'filter-node-name'?: string;
  /** when to copy data to the destination; defaults to 'background' (Since: 3.0) */
  'copy-mode'?: MirrorCopyMode;
  /**
   * When false, this job will wait in a PENDING state after it has finished its work, waiting for
   * `block-job-finalize` before making any block graph changes.  When true, this job will
   * automatically perform its abort or commit actions.  Defaults to true.  (Since 3.1)
   */
  'auto-finalize'?: boolean;
  /**
   * When false, this job will wait in a CONCLUDED state after it has completely ceased all work,
   * and awaits `block-job-dismiss`.  When true, this job will automatically disappear from the
   * query list without user intervention. Defaults to true.  (Since 3.1)
   */
  'auto-dismiss'?: boolean;
}

/**
 * A set of parameters describing block throttling.
 *
 * Since: 1.1
 *
 * QAPI struct `BlockIOThrottle` (block-core.json).
 */
export interface BlockIOThrottle {
  /**
   * Block device name
   *
   * @deprecated Deprecated in the QAPI schema.
   */
  device?: string;
  /** The name or QOM path of the guest device (since: 2.8) */
  id?: string;
  /** total throughput limit in bytes per second */
  bps: number;
  /** read throughput limit in bytes per second */
  bps_rd: number;
  /** write throughput limit in bytes per second */
  bps_wr: number;
  /** total I/O operations per second */
  iops: number;
  /** read I/O operations per second */
  iops_rd: number;
  /** write I/O operations per second */
  iops_wr: number;
  /** total throughput limit during bursts, in bytes (Since 1.7) */
  bps_max?: number;
  /** read throughput limit during bursts, in bytes (Since 1.7) */
  bps_rd_max?: number;
  /** write throughput limit during bursts, in bytes (Since 1.7) */
  bps_wr_max?: number;
  /** total I/O operations per second during bursts, in bytes (Since 1.7) */
  iops_max?: number;
  /** read I/O operations per second during bursts, in bytes (Since 1.7) */
  iops_rd_max?: number;
  /** write I/O operations per second during bursts, in bytes (Since 1.7) */
  iops_wr_max?: number;
  /**
   * maximum length of the `bps_max` burst period, in seconds.  It must only be set if `bps_max` is
   * set as well. Defaults to 1.  (Since 2.6)
   */
  bps_max_length?: number;
  /**
   * maximum length of the `bps_rd_max` burst period, in seconds.  It must only be set if
   * `bps_rd_max` is set as well. Defaults to 1.  (Since 2.6)
   */
  bps_rd_max_length?: number;
  /**
   * maximum length of the `bps_wr_max` burst period, in seconds.  It must only be set if
   * `bps_wr_max` is set as well. Defaults to 1.  (Since 2.6)
   */
  bps_wr_max_length?: number;
  /**
   * maximum length of the `iops` burst period, in seconds.  It must only be set if `iops_max` is
   * set as well. Defaults to 1.  (Since 2.6)
   */
  iops_max_length?: number;
  /**
   * maximum length of the `iops_rd_max` burst period, in seconds.  It must only be set if
   * `iops_rd_max` is set as well.  Defaults to 1.  (Since 2.6)
   */
  iops_rd_max_length?: number;
  /**
   * maximum length of the `iops_wr_max` burst period, in seconds.  It must only be set if
   * `iops_wr_max` is set as well.  Defaults to 1.  (Since 2.6)
   */
  iops_wr_max_length?: number;
  /** an I/O size in bytes (Since 1.7) */
  iops_size?: number;
  /** throttle group name (Since 2.4) */
  group?: string;
}

/**
 * Limit parameters for throttling.  Since some limit combinations are illegal, limits should
 * always be set in one transaction.  All fields are optional.  When setting limits, if a field is
 * missing the current value is not changed.
 *
 * Since: 2.11
 *
 * QAPI struct `ThrottleLimits` (block-core.json).
 */
export interface ThrottleLimits {
  /** limit total I/O operations per second */
  'iops-total'?: number;
  /** I/O operations burst */
  'iops-total-max'?: number;
  /**
   * length of the iops-total-max burst period, in seconds It must only be set if `iops-total-max`
   * is set as well.
   */
  'iops-total-max-length'?: number;
  /** limit read operations per second */
  'iops-read'?: number;
  /** I/O operations read burst */
  'iops-read-max'?: number;
  /**
   * length of the iops-read-max burst period, in seconds It must only be set if `iops-read-max` is
   * set as well.
   */
  'iops-read-max-length'?: number;
  /** limit write operations per second */
  'iops-write'?: number;
  /** I/O operations write burst */
  'iops-write-max'?: number;
  /**
   * length of the iops-write-max burst period, in seconds It must only be set if `iops-write-max`
   * is set as well.
   */
  'iops-write-max-length'?: number;
  /** limit total bytes per second */
  'bps-total'?: number;
  /** total bytes burst */
  'bps-total-max'?: number;
  /**
   * length of the bps-total-max burst period, in seconds.  It must only be set if `bps-total-max`
   * is set as well.
   */
  'bps-total-max-length'?: number;
  /** limit read bytes per second */
  'bps-read'?: number;
  /** total bytes read burst */
  'bps-read-max'?: number;
  /**
   * length of the bps-read-max burst period, in seconds It must only be set if `bps-read-max` is
   * set as well.
   */
  'bps-read-max-length'?: number;
  /** limit write bytes per second */
  'bps-write'?: number;
  /** total bytes write burst */
  'bps-write-max'?: number;
  /**
   * length of the bps-write-max burst period, in seconds It must only be set if `bps-write-max` is
   * set as well.
   */
  'bps-write-max-length'?: number;
  /** when limiting by iops max size of an I/O in bytes */
  'iops-size'?: number;
}

/**
 * Properties for throttle-group objects.
 *
 * Since: 2.11
 *
 * QAPI struct `ThrottleGroupProperties` (block-core.json).
 */
export interface ThrottleGroupProperties {
  /** limits to apply for this throttle group */
  limits?: ThrottleLimits;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-iops-total'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-iops-total-max'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-iops-total-max-length'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-iops-read'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-iops-read-max'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-iops-read-max-length'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-iops-write'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-iops-write-max'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-iops-write-max-length'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-bps-total'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-bps-total-max'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-bps-total-max-length'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-bps-read'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-bps-read-max'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-bps-read-max-length'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-bps-write'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-bps-write-max'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-bps-write-max-length'?: number;
  /** **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. */
  'x-iops-size'?: number;
}

/**
 * Arguments of the `block-stream` command.
 *
 * Copy data from a backing file into a block device.
 */
export interface BlockStreamArguments {
  /**
   * identifier for the newly-created block job.  If omitted, the device name will be used.  (Since
   * 2.7)
   */
  'job-id'?: string;
  /** the device or node name of the top image */
  device: string;
  /** the common backing file name.  It cannot be set if `base-node` or `bottom` is also set. */
  base?: string;
  /**
   * the node name of the backing file.  It cannot be set if `base` or `bottom` is also set. 
   * (Since 2.8)
   */
  'base-node'?: string;
  /** The backing file string to write into the top image. This filename is not validated. */
  'backing-file'?: string;
  /**
   * If true, replace any protocol mentioned in the 'backing file format' with 'raw', rather than
   * storing the protocol name as the backing format.  Can be used even when no image header will
   * be updated (default false; since 9.0).
   */
  'backing-mask-protocol'?: boolean;
  /**
   * the last node in the chain that should be streamed into top.  It cannot be set if `base` or
   * `base-node` is also set.  It cannot be filter node.  (Since 6.0)
   */
  bottom?: string;
  /** the maximum speed, in bytes per second */
  speed?: number;
  /**
   * the action to take on an error (default report).  'stop' and 'enospc' can only be used if the
   * block device supports io-status (see BlockInfo).  (Since 1.3)
   */
  'on-error'?: BlockdevOnError;
  /**
   * the node name that should be assigned to the filter driver that the stream job inserts into
   * the graph above `device`.  If this option is not given, a node name is autogenerated.  (Since:
   * 6.0)
   */
  'filter-node-name'?: string;
  /**
   * When false, this job will wait in a PENDING state after it has finished its work, waiting for
   * `block-job-finalize` before making any block graph changes.  When true, this job will
   * automatically perform its abort or commit actions.  Defaults to true.  (Since 3.1)
   */
  'auto-finalize'?: boolean;
  /**
   * When false, this job will wait in a CONCLUDED state after it has completely ceased all work,
   * and awaits `block-job-dismiss`.  When true, this job will automatically disappear from the
   * query list without user intervention. Defaults to true.  (Since 3.1)
   */
  'auto-dismiss'?: boolean;
}

/**
 * Arguments of the `block-job-set-speed` command.
 *
 * Set maximum speed for a background block operation.
 */
export interface BlockJobSetSpeedArguments {
  /**
   * The job identifier.  This used to be a device name (hence the name of the parameter), but
   * since QEMU 2.7 it can have other values.
   */
  device: string;
  /** the maximum speed, in bytes per second, or 0 for unlimited. Defaults to 0. */
  speed: number;
}

/**
 * Arguments of the `block-job-cancel` command.
 *
 * Stop an active background block operation.
 */
export interface BlockJobCancelArguments {
  /**
   * The job identifier.  This used to be a device name (hence the name of the parameter), but
   * since QEMU 2.7 it can have other values.
   */
  device: string;
  /**
   * If true, and the job has already emitted the event BLOCK_JOB_READY, abandon the job
   * immediately (even if it is paused) instead of waiting for the destination to complete its
   * final synchronization (since 1.3)
   */
  force?: boolean;
}

/**
 * Arguments of the `block-job-pause` command.
 *
 * Pause an active background block operation.
 */
export interface BlockJobPauseArguments {
  /**
   * The job identifier.  This used to be a device name (hence the name of the parameter), but
   * since QEMU 2.7 it can have other values.
   */
  device: string;
}

/**
 * Arguments of the `block-job-resume` command.
 *
 * Resume an active background block operation.
 */
export interface BlockJobResumeArguments {
  /**
   * The job identifier.  This used to be a device name (hence the name of the parameter), but
   * since QEMU 2.7 it can have other values.
   */
  device: string;
}

/**
 * Arguments of the `block-job-complete` command.
 *
 * Manually trigger completion of an active background block operation. This is supported for drive
 * mirroring, where it also switches the device to write to the target path only.  The ability to
 * complete is signaled with a BLOCK_JOB_READY event.
 */
export interface BlockJobCompleteArguments {
  /**
   * The job identifier.  This used to be a device name (hence the name of the parameter), but
   * since QEMU 2.7 it can have other values.
   */
  device: string;
}

/**
 * Arguments of the `block-job-dismiss` command.
 *
 * For jobs that have already concluded, remove them from the block-job-query list.  This command
 * only needs to be run for jobs which were started with QEMU 2.12+ job lifetime management
 * semantics.
 */
export interface BlockJobDismissArguments {
  /** The job identifier. */
  id: string;
}

/**
 * Arguments of the `block-job-finalize` command.
 *
 * Once a job that has manual=true reaches the pending state, it can be instructed to finalize any
 * graph changes and do any necessary cleanup via this command.  For jobs in a transaction,
 * instructing one job to finalize will force ALL jobs in the transaction to finalize, so it is
 * only necessary to instruct a single member job to finalize.
 */
export interface BlockJobFinalizeArguments {
  /** The job identifier. */
  id: string;
}

/**
 * `BlockJobChangeOptionsMirror` (struct).
 *
 * Since: 8.2
 *
 * QAPI struct `BlockJobChangeOptionsMirror` (block-core.json).
 */
export interface BlockJobChangeOptionsMirror {
  /**
   * Switch to this copy mode.  Currently, only the switch from 'background' to 'write-blocking' is
   * implemented.
   */
  'copy-mode': MirrorCopyMode;
}

/** Common members of {@link BlockJobChangeOptions}. */
export interface BlockJobChangeOptionsBase {
  /** The job identifier */
  id: string;
  /** The job type */
  type: JobType;
}

/**
 * Block job options that can be changed after job creation.
 *
 * Discriminated by `type` (`JobType`).
 *
 * Since: 8.2
 *
 * QAPI union `BlockJobChangeOptions` (block-core.json).
 */
export type BlockJobChangeOptions =
  | (BlockJobChangeOptionsBase & { type: 'commit' })
  | (BlockJobChangeOptionsBase & { type: 'stream' })
  | (BlockJobChangeOptionsBase & { type: 'mirror' } & BlockJobChangeOptionsMirror)
  | (BlockJobChangeOptionsBase & { type: 'backup' })
  | (BlockJobChangeOptionsBase & { type: 'create' })
  | (BlockJobChangeOptionsBase & { type: 'amend' })
  | (BlockJobChangeOptionsBase & { type: 'snapshot-load' })
  | (BlockJobChangeOptionsBase & { type: 'snapshot-save' })
  | (BlockJobChangeOptionsBase & { type: 'snapshot-delete' });

/**
 * Determines how to handle discard requests.
 *
 * Since: 2.9
 *
 * QAPI enum `BlockdevDiscardOptions` (block-core.json).
 */
export type BlockdevDiscardOptions = 'ignore' | 'unmap';

/**
 * Describes the operation mode for the automatic conversion of plain zero writes by the OS to
 * driver specific optimized zero write commands.
 *
 * Since: 2.1
 *
 * QAPI enum `BlockdevDetectZeroesOptions` (block-core.json).
 */
export type BlockdevDetectZeroesOptions = 'off' | 'on' | 'unmap';

/**
 * Selects the AIO backend to handle I/O requests
 *
 * - `io_uring`: Only present when the QEMU build has `CONFIG_LINUX_IO_URING`.
 *
 * Since: 2.9
 *
 * QAPI enum `BlockdevAioOptions` (block-core.json).
 */
export type BlockdevAioOptions = 'threads' | 'native' | 'io_uring';

/**
 * Includes cache-related options for block devices
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevCacheOptions` (block-core.json).
 */
export interface BlockdevCacheOptions {
  /** enables use of O_DIRECT (bypass the host page cache; default: false) */
  direct?: boolean;
  /** ignore any flush requests for the device (default: false) */
  'no-flush'?: boolean;
}

/**
 * Drivers that are supported in block device operations.
 *
 * - `gluster`: deprecated. Deprecated in the QAPI schema.
 * - `host_cdrom`: Only present when the QEMU build has `HAVE_HOST_BLOCK_DEVICE`.
 * - `host_device`: Only present when the QEMU build has `HAVE_HOST_BLOCK_DEVICE`.
 * - `io_uring`: Only present when the QEMU build has `CONFIG_BLKIO`.
 * - `nvme-io_uring`: Only present when the QEMU build has `CONFIG_BLKIO`.
 * - `replication`: Only present when the QEMU build has `CONFIG_REPLICATION`.
 * - `virtio-blk-vfio-pci`: Only present when the QEMU build has `CONFIG_BLKIO`.
 * - `virtio-blk-vhost-user`: Only present when the QEMU build has `CONFIG_BLKIO`.
 * - `virtio-blk-vhost-vdpa`: Only present when the QEMU build has `CONFIG_BLKIO`.
 *
 * Since: 2.9
 *
 * QAPI enum `BlockdevDriver` (block-core.json).
 */
export type BlockdevDriver =
  | 'blkdebug'
  | 'blklogwrites'
  | 'blkreplay'
  | 'blkverify'
  | 'bochs'
  | 'cloop'
  | 'compress'
  | 'copy-before-write'
  | 'copy-on-read'
  | 'dmg'
  | 'file'
  | 'snapshot-access'
  | 'ftp'
  | 'ftps'
  | 'gluster'
  | 'host_cdrom'
  | 'host_device'
  | 'http'
  | 'https'
  | 'io_uring'
  | 'iscsi'
  | 'luks'
  | 'nbd'
  | 'nfs'
  | 'null-aio'
  | 'null-co'
  | 'nvme'
  | 'nvme-io_uring'
  | 'parallels'
  | 'preallocate'
  | 'qcow'
  | 'qcow2'
  | 'qed'
  | 'quorum'
  | 'raw'
  | 'rbd'
  | 'replication'
  | 'ssh'
  | 'throttle'
  | 'vdi'
  | 'vhdx'
  | 'virtio-blk-vfio-pci'
  | 'virtio-blk-vhost-user'
  | 'virtio-blk-vhost-vdpa'
  | 'vmdk'
  | 'vpc'
  | 'vvfat';

/**
 * Driver specific block device options for the file backend.
 *
 * Feature `dynamic-auto-read-only` (when `CONFIG_POSIX`). If present, enabled auto-read-only means
 * that the driver will open the image read-only at first, dynamically reopen the image file
 * read-write when the first writer is attached to the node and reopen read-only when the last
 * writer is detached.  This allows giving QEMU write permissions only on demand when an operation
 * actually needs write access.
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsFile` (block-core.json).
 */
export interface BlockdevOptionsFile {
  /** path to the image file */
  filename: string;
  /**
   * the id for the object that will handle persistent reservations for this device (default: none,
   * forward the commands via SG_IO; since 2.11)
   */
  'pr-manager'?: string;
  /**
   * whether to enable file locking.  If set to 'auto', only enable when Open File Descriptor (OFD)
   * locking API is available (default: auto, since 2.10)
   */
  locking?: OnOffAuto;
  /** AIO backend (default: threads) (since: 2.8) */
  aio?: BlockdevAioOptions;
  /**
   * maximum number of requests to batch together into a single submission in the AIO backend.  The
   * smallest value between this and the aio-max-batch value of the IOThread object is chosen.  0
   * means that the AIO backend will handle it automatically.  (default: 0, since 6.2)
   */
  'aio-max-batch'?: number;
  /**
   * invalidate page cache during live migration.  This prevents stale data on the migration
   * destination with cache.direct=off.  Currently only supported on Linux hosts. (default: on,
   * since: 4.0)
   *
   * Only present when the QEMU build has `CONFIG_LINUX`.
   */
  'drop-cache'?: boolean;
  /**
   * whether to check that page cache was dropped on live migration.  May cause noticeable delays
   * if the image file is large, do not use in production.  (default: off) (since: 3.0)
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn.
   */
  'x-check-cache-dropped'?: boolean;
}

/**
 * Driver specific block device options for the null backend.
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsNull` (block-core.json).
 */
export interface BlockdevOptionsNull {
  /** size of the device in bytes. */
  size?: number;
  /**
   * emulated latency (in nanoseconds) in processing requests.  Default to zero which completes
   * requests immediately. (Since 2.4)
   */
  'latency-ns'?: number;
  /**
   * if true, reads from the device produce zeroes; if false, the buffer is left unchanged.
   * (default: false; since: 4.1)
   */
  'read-zeroes'?: boolean;
}

/**
 * Driver specific block device options for the NVMe backend.
 *
 * Since: 2.12
 *
 * QAPI struct `BlockdevOptionsNVMe` (block-core.json).
 */
export interface BlockdevOptionsNVMe {
  /** PCI controller address of the NVMe device in format hhhh:bb:ss.f (host:bus:slot.function) */
  device: string;
  /** namespace number of the device, starting from 1. */
  namespace: number;
}

/**
 * Driver specific block device options for the vvfat protocol.
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsVVFAT` (block-core.json).
 */
export interface BlockdevOptionsVVFAT {
  /** directory to be exported as FAT image */
  dir: string;
  /** FAT type: 12, 16 or 32 */
  'fat-type'?: number;
  /** whether to export a floppy image (true) or partitioned hard disk (false; default) */
  floppy?: boolean;
  /**
   * set the volume label, limited to 11 bytes.  FAT16 and FAT32 traditionally have some
   * restrictions on labels, which are ignored by most operating systems.  Defaults to "QEMU
   * VVFAT". (since 2.4)
   */
  label?: string;
  /** whether to allow write operations (default: false) */
  rw?: boolean;
}

/**
 * Driver specific block device options for image format that have no option besides their data
 * source.
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsGenericFormat` (block-core.json).
 */
export interface BlockdevOptionsGenericFormat {
  /** reference to or definition of the data source block device */
  file: BlockdevRef;
}

/**
 * Driver specific block device options for LUKS.
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsLUKS` (block-core.json).
 */
export interface BlockdevOptionsLUKS extends BlockdevOptionsGenericFormat {
  /**
   * the ID of a QCryptoSecret object providing the decryption key (since 2.6).  Mandatory except
   * when doing a metadata-only probe of the image.
   */
  'key-secret'?: string;
  /** block device holding a detached LUKS header.  (since 9.0) */
  header?: BlockdevRef;
}

/**
 * Driver specific block device options for image format that have no option besides their data
 * source and an optional backing file.
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsGenericCOWFormat` (block-core.json).
 */
export interface BlockdevOptionsGenericCOWFormat extends BlockdevOptionsGenericFormat {
  /**
   * reference to or definition of the backing file block device, null disables the backing file
   * entirely.  Defaults to the backing file stored the image file.
   */
  backing?: BlockdevRefOrNull;
}

/**
 * General overlap check modes.
 *
 * Since: 2.9
 *
 * QAPI enum `Qcow2OverlapCheckMode` (block-core.json).
 */
export type Qcow2OverlapCheckMode = 'none' | 'constant' | 'cached' | 'all';

/**
 * Structure of flags for each metadata structure.  Setting a field to 'true' makes QEMU guard that
 * Qcow2 format structure against unintended overwriting.  See Qcow2 format specification for
 * detailed information on these structures.  The default value is chosen according to the template
 * given.
 *
 * Since: 2.9
 *
 * QAPI struct `Qcow2OverlapCheckFlags` (block-core.json).
 */
export interface Qcow2OverlapCheckFlags {
  /**
   * Specifies a template mode which can be adjusted using the other flags, defaults to 'cached'
   */
  template?: Qcow2OverlapCheckMode;
  /** Qcow2 format header */
  'main-header'?: boolean;
  /** Qcow2 active L1 table */
  'active-l1'?: boolean;
  /** Qcow2 active L2 table */
  'active-l2'?: boolean;
  /** Qcow2 refcount table */
  'refcount-table'?: boolean;
  /** Qcow2 refcount blocks */
  'refcount-block'?: boolean;
  /** Qcow2 snapshot table */
  'snapshot-table'?: boolean;
  /** Qcow2 inactive L1 tables */
  'inactive-l1'?: boolean;
  /** Qcow2 inactive L2 tables */
  'inactive-l2'?: boolean;
  /** Qcow2 bitmap directory (since 3.0) */
  'bitmap-directory'?: boolean;
}

/**
 * Specifies which metadata structures should be guarded against unintended overwriting.
 *
 * - `flags`: Qcow2OverlapCheckFlags — set of flags for separate specification of each metadata
 *   structure type
 * - `mode`: Qcow2OverlapCheckMode — named mode which chooses a specific set of flags
 *
 * Since: 2.9
 *
 * QAPI alternate `Qcow2OverlapChecks` (block-core.json).
 */
export type Qcow2OverlapChecks = Qcow2OverlapCheckFlags | Qcow2OverlapCheckMode;

/**
 * `BlockdevQcowEncryptionFormat` (enum).
 *
 * Since: 2.10
 *
 * QAPI enum `BlockdevQcowEncryptionFormat` (block-core.json).
 */
export type BlockdevQcowEncryptionFormat = 'aes';

/** Common members of {@link BlockdevQcowEncryption}. */
export interface BlockdevQcowEncryptionBase {
  /** encryption format */
  format: BlockdevQcowEncryptionFormat;
}

/**
 * `BlockdevQcowEncryption` (union).
 *
 * Discriminated by `format` (`BlockdevQcowEncryptionFormat`).
 *
 * Since: 2.10
 *
 * QAPI union `BlockdevQcowEncryption` (block-core.json).
 */
export type BlockdevQcowEncryption =
  | (BlockdevQcowEncryptionBase & { format: 'aes' } & QCryptoBlockOptionsQCow);

/**
 * Driver specific block device options for qcow.
 *
 * Since: 2.10
 *
 * QAPI struct `BlockdevOptionsQcow` (block-core.json).
 */
export interface BlockdevOptionsQcow extends BlockdevOptionsGenericCOWFormat {
  /**
   * Image decryption options.  Mandatory for encrypted images, except when doing a metadata-only
   * probe of the image.
   */
  encrypt?: BlockdevQcowEncryption;
}

/**
 * `BlockdevQcow2EncryptionFormat` (enum).
 *
 * Since: 2.10
 *
 * QAPI enum `BlockdevQcow2EncryptionFormat` (block-core.json).
 */
export type BlockdevQcow2EncryptionFormat = 'aes' | 'luks';

/** Common members of {@link BlockdevQcow2Encryption}. */
export interface BlockdevQcow2EncryptionBase {
  /** encryption format */
  format: BlockdevQcow2EncryptionFormat;
}

/**
 * `BlockdevQcow2Encryption` (union).
 *
 * Discriminated by `format` (`BlockdevQcow2EncryptionFormat`).
 *
 * Since: 2.10
 *
 * QAPI union `BlockdevQcow2Encryption` (block-core.json).
 */
export type BlockdevQcow2Encryption =
  | (BlockdevQcow2EncryptionBase & { format: 'aes' } & QCryptoBlockOptionsQCow)
  | (BlockdevQcow2EncryptionBase & { format: 'luks' } & QCryptoBlockOptionsLUKS);

/**
 * Filter driver intended to be inserted between format and protocol node and do preallocation in
 * protocol node on write.
 *
 * Since: 6.0
 *
 * QAPI struct `BlockdevOptionsPreallocate` (block-core.json).
 */
export interface BlockdevOptionsPreallocate extends BlockdevOptionsGenericFormat {
  /** on preallocation, align file length to this number, default 1048576 (1M) */
  'prealloc-align'?: number;
  /** how much to preallocate, default 134217728 (128M) */
  'prealloc-size'?: number;
}

/**
 * Driver specific block device options for qcow2.
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsQcow2` (block-core.json).
 */
export interface BlockdevOptionsQcow2 extends BlockdevOptionsGenericCOWFormat {
  /** whether to enable the lazy refcounts feature (default is taken from the image file) */
  'lazy-refcounts'?: boolean;
  /** whether discard requests to the qcow2 device should be forwarded to the data source */
  'pass-discard-request'?: boolean;
  /**
   * whether discard requests for the data source should be issued when a snapshot operation (e.g.
   * deleting a snapshot) frees clusters in the qcow2 file
   */
  'pass-discard-snapshot'?: boolean;
  /**
   * whether discard requests for the data source should be issued on other occasions where a
   * cluster gets freed
   */
  'pass-discard-other'?: boolean;
  /**
   * when enabled, data clusters will remain preallocated when they are no longer used, e.g.
   * because they are discarded or converted to zero clusters.  As usual, whether the old data is
   * discarded or kept on the protocol level (i.e. in the image file) depends on the setting of the
   * pass-discard-request option.  Keeping the clusters preallocated prevents qcow2 fragmentation
   * that would otherwise be caused by freeing and re-allocating them later.  Besides potential
   * performance degradation, such fragmentation can lead to increased allocation of clusters past
   * the end of the image file, resulting in image files whose file length can grow much larger
   * than their guest disk size would suggest.  If image file length is of concern (e.g. when
   * storing qcow2 images directly on block devices), you should consider enabling this option. 
   * (since 8.1)
   */
  'discard-no-unref'?: boolean;
  /** which overlap checks to perform for writes to the image, defaults to 'cached' (since 2.2) */
  'overlap-check'?: Qcow2OverlapChecks;
  /** the maximum total size of the L2 table and refcount block caches in bytes (since 2.2) */
  'cache-size'?: number;
  /** the maximum size of the L2 table cache in bytes (since 2.2) */
  'l2-cache-size'?: number;
  /**
   * the size of each entry in the L2 cache in bytes.  It must be a power of two between 512 and
   * the cluster size.  The default value is the cluster size (since 2.12)
   */
  'l2-cache-entry-size'?: number;
  /** the maximum size of the refcount block cache in bytes (since 2.2) */
  'refcount-cache-size'?: number;
  /**
   * clean unused entries in the L2 and refcount caches.  The interval is in seconds.  The default
   * value is 600 on supporting platforms, and 0 on other platforms.  0 disables this feature. 
   * (since 2.5)
   */
  'cache-clean-interval'?: number;
  /**
   * Image decryption options.  Mandatory for encrypted images, except when doing a metadata-only
   * probe of the image.  (since 2.10)
   */
  encrypt?: BlockdevQcow2Encryption;
  /**
   * reference to or definition of the external data file. This may only be specified for images
   * that require an external data file.  If it is not specified for such an image, the data file
   * name is loaded from the image file.  (since 4.0)
   */
  'data-file'?: BlockdevRef;
}

/**
 * `SshHostKeyCheckMode` (enum).
 *
 * Since: 2.12
 *
 * QAPI enum `SshHostKeyCheckMode` (block-core.json).
 */
export type SshHostKeyCheckMode = 'none' | 'hash' | 'known_hosts';

/**
 * `SshHostKeyCheckHashType` (enum).
 *
 * Since: 2.12
 *
 * QAPI enum `SshHostKeyCheckHashType` (block-core.json).
 */
export type SshHostKeyCheckHashType = 'md5' | 'sha1' | 'sha256';

/**
 * `SshHostKeyHash` (struct).
 *
 * Since: 2.12
 *
 * QAPI struct `SshHostKeyHash` (block-core.json).
 */
export interface SshHostKeyHash {
  /** The hash algorithm used for the hash */
  type: SshHostKeyCheckHashType;
  /** The expected hash value */
  hash: string;
}

/** Common members of {@link SshHostKeyCheck}. */
export interface SshHostKeyCheckBase {
  /** How to check the host key */
  mode: SshHostKeyCheckMode;
}

/**
 * `SshHostKeyCheck` (union).
 *
 * Discriminated by `mode` (`SshHostKeyCheckMode`).
 *
 * Since: 2.12
 *
 * QAPI union `SshHostKeyCheck` (block-core.json).
 */
export type SshHostKeyCheck =
  | (SshHostKeyCheckBase & { mode: 'none' })
  | (SshHostKeyCheckBase & { mode: 'hash' } & SshHostKeyHash)
  | (SshHostKeyCheckBase & { mode: 'known_hosts' });

/**
 * `BlockdevOptionsSsh` (struct).
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsSsh` (block-core.json).
 */
export interface BlockdevOptionsSsh {
  /** host address */
  server: InetSocketAddress;
  /** path to the image on the host */
  path: string;
  /** user as which to connect, defaults to current local user name */
  user?: string;
  /** Defines how and what to check the host key against (default: known_hosts) */
  'host-key-check'?: SshHostKeyCheck;
}

/**
 * Trigger events supported by blkdebug.
 *
 * Since: 2.9
 *
 * QAPI enum `BlkdebugEvent` (block-core.json).
 */
export type BlkdebugEvent =
  | 'l1_update'
  | 'l1_grow_alloc_table'
  | 'l1_grow_write_table'
  | 'l1_grow_activate_table'
  | 'l2_load'
  | 'l2_update'
  | 'l2_update_compressed'
  | 'l2_alloc_cow_read'
  | 'l2_alloc_write'
  | 'read_aio'
  | 'read_backing_aio'
  | 'read_compressed'
  | 'write_aio'
  | 'write_compressed'
  | 'vmstate_load'
  | 'vmstate_save'
  | 'cow_read'
  | 'cow_write'
  | 'reftable_load'
  | 'reftable_grow'
  | 'reftable_update'
  | 'refblock_load'
  | 'refblock_update'
  | 'refblock_update_part'
  | 'refblock_alloc'
  | 'refblock_alloc_hookup'
  | 'refblock_alloc_write'
  | 'refblock_alloc_write_blocks'
  | 'refblock_alloc_write_table'
  | 'refblock_alloc_switch_table'
  | 'cluster_alloc'
  | 'cluster_alloc_bytes'
  | 'cluster_free'
  | 'flush_to_os'
  | 'flush_to_disk'
  | 'pwritev_rmw_head'
  | 'pwritev_rmw_after_head'
  | 'pwritev_rmw_tail'
  | 'pwritev_rmw_after_tail'
  | 'pwritev'
  | 'pwritev_zero'
  | 'pwritev_done'
  | 'empty_image_prepare'
  | 'l1_shrink_write_table'
  | 'l1_shrink_free_l2_clusters'
  | 'cor_write'
  | 'cluster_alloc_space'
  | 'none';

/**
 * Kinds of I/O that blkdebug can inject errors in.
 *
 * Since: 4.1
 *
 * QAPI enum `BlkdebugIOType` (block-core.json).
 */
export type BlkdebugIOType = 'read' | 'write' | 'write-zeroes' | 'discard' | 'flush' | 'block-status';

/**
 * Describes a single error injection for blkdebug.
 *
 * Since: 2.9
 *
 * QAPI struct `BlkdebugInjectErrorOptions` (block-core.json).
 */
export interface BlkdebugInjectErrorOptions {
  /** trigger event */
  event: BlkdebugEvent;
  /**
   * the state identifier blkdebug needs to be in to actually trigger the event; defaults to "any"
   */
  state?: number;
  /**
   * the type of I/O operations on which this error should be injected; defaults to "all read,
   * write, write-zeroes, discard, and flush operations" (since: 4.1)
   */
  iotype?: BlkdebugIOType;
  /** error identifier (errno) to be returned; defaults to EIO */
  errno?: number;
  /** request delay before completion in nanoseconds (default: 0, since: 11.1) */
  'delay-ns'?: number;
  /**
   * specifies the sector index which has to be affected in order to actually trigger the event;
   * defaults to "any sector"
   */
  sector?: number;
  /** disables further events after this one has been triggered; defaults to false */
  once?: boolean;
  /** fail immediately; defaults to false */
  immediately?: boolean;
}

/**
 * Describes a single state-change event for blkdebug.
 *
 * Since: 2.9
 *
 * QAPI struct `BlkdebugSetStateOptions` (block-core.json).
 */
export interface BlkdebugSetStateOptions {
  /** trigger event */
  event: BlkdebugEvent;
  /** the current state identifier blkdebug needs to be in; defaults to "any" */
  state?: number;
  /** the state identifier blkdebug is supposed to assume if this event is triggered */
  new_state: number;
}

/**
 * Driver specific block device options for blkdebug.
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsBlkdebug` (block-core.json).
 */
export interface BlockdevOptionsBlkdebug {
  /** underlying raw block device (or image file) */
  image: BlockdevRef;
  /** filename of the configuration file */
  config?: string;
  /** required alignment for requests in bytes, must be positive power of 2, or 0 for default */
  align?: number;
  /**
   * maximum size for I/O transfers in bytes, must be positive multiple of `align` and of the
   * underlying file's request alignment (but need not be a power of 2), or 0 for default (since
   * 2.10)
   */
  'max-transfer'?: number;
  /**
   * preferred alignment for write zero requests in bytes, must be positive multiple of `align` and
   * of the underlying file's request alignment (but need not be a power of 2), or 0 for default
   * (since 2.10)
   */
  'opt-write-zero'?: number;
  /**
   * maximum size for write zero requests in bytes, must be positive multiple of `align`, of
   * `opt-write-zero`, and of the underlying file's request alignment (but need not be a power of
   * 2), or 0 for default (since 2.10)
   */
  'max-write-zero'?: number;
  /**
   * preferred alignment for discard requests in bytes, must be positive multiple of `align` and of
   * the underlying file's request alignment (but need not be a power of 2), or 0 for default
   * (since 2.10)
   */
  'opt-discard'?: number;
  /**
   * maximum size for discard requests in bytes, must be positive multiple of `align`, of
   * `opt-discard`, and of the underlying file's request alignment (but need not be a power of 2),
   * or 0 for default (since 2.10)
   */
  'max-discard'?: number;
  /** array of error injection descriptions */
  'inject-error'?: BlkdebugInjectErrorOptions[];
  /** array of state-change descriptions */
  'set-state'?: BlkdebugSetStateOptions[];
  /**
   * Permissions to take on `image` in addition to what is necessary anyway (which depends on how
   * the blkdebug node is used).  Defaults to none.  (since 5.0)
   */
  'take-child-perms'?: BlockPermission[];
  /**
   * Permissions not to share on `image` in addition to what cannot be shared anyway (which depends
   * on how the blkdebug node is used).  Defaults to none.  (since 5.0)
   */
  'unshare-child-perms'?: BlockPermission[];
}

/**
 * Driver specific block device options for blklogwrites.
 *
 * Since: 3.0
 *
 * QAPI struct `BlockdevOptionsBlklogwrites` (block-core.json).
 */
export interface BlockdevOptionsBlklogwrites {
  /** block device */
  file: BlockdevRef;
  /** block device used to log writes to `file` */
  log: BlockdevRef;
  /**
   * sector size used in logging writes to `file`, determines granularity of offsets and sizes of
   * writes (default: 512)
   */
  'log-sector-size'?: number;
  /** append to an existing log (default: false) */
  'log-append'?: boolean;
  /**
   * interval of write requests after which the log super block is updated to disk (default: 4096)
   */
  'log-super-update-interval'?: number;
}

/**
 * Driver specific block device options for blkverify.
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsBlkverify` (block-core.json).
 */
export interface BlockdevOptionsBlkverify {
  /** block device to be tested */
  test: BlockdevRef;
  /** raw image used for verification */
  raw: BlockdevRef;
}

/**
 * Driver specific block device options for blkreplay.
 *
 * Since: 4.2
 *
 * QAPI struct `BlockdevOptionsBlkreplay` (block-core.json).
 */
export interface BlockdevOptionsBlkreplay {
  /** disk image which should be controlled with blkreplay */
  image: BlockdevRef;
}

/**
 * An enumeration of quorum read patterns.
 *
 * Since: 2.9
 *
 * QAPI enum `QuorumReadPattern` (block-core.json).
 */
export type QuorumReadPattern = 'quorum' | 'fifo';

/**
 * Driver specific block device options for Quorum
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsQuorum` (block-core.json).
 */
export interface BlockdevOptionsQuorum {
  /** true if the driver must print content mismatch set to false by default */
  blkverify?: boolean;
  /** the children block devices to use */
  children: BlockdevRef[];
  /** the vote limit under which a read will fail */
  'vote-threshold': number;
  /** rewrite corrupted data when quorum is reached (Since 2.1) */
  'rewrite-corrupted'?: boolean;
  /** choose read pattern and set to quorum by default (Since 2.2) */
  'read-pattern'?: QuorumReadPattern;
}

/**
 * Driver specific block device options for Gluster
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsGluster` (block-core.json).
 */
export interface BlockdevOptionsGluster {
  /** name of gluster volume where VM image resides */
  volume: string;
  /** absolute path to image file in gluster volume */
  path: string;
  /** gluster servers description */
  server: SocketAddress[];
  /** libgfapi log level (default '4' which is Error) (Since 2.8) */
  debug?: number;
  /** libgfapi log file (default /dev/stderr) (Since 2.8) */
  logfile?: string;
}

/**
 * Driver specific block device options for the io_uring backend.
 *
 * Only present when the QEMU build has `CONFIG_BLKIO`.
 *
 * Since: 7.2
 *
 * QAPI struct `BlockdevOptionsIoUring` (block-core.json).
 */
export interface BlockdevOptionsIoUring {
  /** path to the image file */
  filename: string;
}

/**
 * Driver specific block device options for the nvme-io_uring backend.
 *
 * Only present when the QEMU build has `CONFIG_BLKIO`.
 *
 * Since: 7.2
 *
 * QAPI struct `BlockdevOptionsNvmeIoUring` (block-core.json).
 */
export interface BlockdevOptionsNvmeIoUring {
  /** path to the NVMe namespace's character device (e.g. /dev/ng0n1). */
  path: string;
}

/**
 * Driver specific block device options for the virtio-blk-vfio-pci backend.
 *
 * Only present when the QEMU build has `CONFIG_BLKIO`.
 *
 * Since: 7.2
 *
 * QAPI struct `BlockdevOptionsVirtioBlkVfioPci` (block-core.json).
 */
export interface BlockdevOptionsVirtioBlkVfioPci {
  /** path to the PCI device's sysfs directory (e.g. /sys/bus/pci/devices/0000:00:01.0). */
  path: string;
}

/**
 * Driver specific block device options for the virtio-blk-vhost-user backend.
 *
 * Only present when the QEMU build has `CONFIG_BLKIO`.
 *
 * Since: 7.2
 *
 * QAPI struct `BlockdevOptionsVirtioBlkVhostUser` (block-core.json).
 */
export interface BlockdevOptionsVirtioBlkVhostUser {
  /** path to the vhost-user UNIX domain socket. */
  path: string;
}

/**
 * Driver specific block device options for the virtio-blk-vhost-vdpa backend.
 *
 * Only present when the QEMU build has `CONFIG_BLKIO`.
 *
 * Feature `fdset` (when `CONFIG_BLKIO_VHOST_VDPA_FD`). Member `path` supports the special
 * "/dev/fdset/N" path (since 8.1)
 *
 * Since: 7.2
 *
 * QAPI struct `BlockdevOptionsVirtioBlkVhostVdpa` (block-core.json).
 */
export interface BlockdevOptionsVirtioBlkVhostVdpa {
  /** path to the vhost-vdpa character device. */
  path: string;
}

/**
 * An enumeration of libiscsi transport types
 *
 * Since: 2.9
 *
 * QAPI enum `IscsiTransport` (block-core.json).
 */
export type IscsiTransport = 'tcp' | 'iser';

/**
 * An enumeration of header digests supported by libiscsi
 *
 * Since: 2.9
 *
 * QAPI enum `IscsiHeaderDigest` (block-core.json).
 */
export type IscsiHeaderDigest = 'crc32c' | 'none' | 'crc32c-none' | 'none-crc32c';

/**
 * Driver specific block device options for iscsi
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsIscsi` (block-core.json).
 */
export interface BlockdevOptionsIscsi {
  /** The iscsi transport type */
  transport: IscsiTransport;
  /** The address of the iscsi portal */
  portal: string;
  /** The target iqn name */
  target: string;
  /** LUN to connect to.  Defaults to 0. */
  lun?: number;
  /** User name to log in with.  If omitted, no CHAP authentication is performed. */
  user?: string;
  /**
   * The ID of a QCryptoSecret object providing the password for the login.  This option is
   * required if `user` is specified.
   */
  'password-secret'?: string;
  /**
   * The iqn name we want to identify to the target as. If this option is not specified, an
   * initiator name is generated automatically.
   */
  'initiator-name'?: string;
  /** The desired header digest.  Defaults to none-crc32c. */
  'header-digest'?: IscsiHeaderDigest;
  /**
   * Timeout in seconds after which a request will timeout.  0 means no timeout and is the default.
   */
  timeout?: number;
}

/**
 * `RbdAuthMode` (enum).
 *
 * Since: 3.0
 *
 * QAPI enum `RbdAuthMode` (block-core.json).
 */
export type RbdAuthMode = 'cephx' | 'none';

/**
 * `RbdImageEncryptionFormat` (enum).
 *
 * Since: 6.1
 *
 * QAPI enum `RbdImageEncryptionFormat` (block-core.json).
 */
export type RbdImageEncryptionFormat = 'luks' | 'luks2' | 'luks-any';

/**
 * `RbdEncryptionOptionsLUKSBase` (struct).
 *
 * Since: 6.1
 *
 * QAPI struct `RbdEncryptionOptionsLUKSBase` (block-core.json).
 */
export interface RbdEncryptionOptionsLUKSBase {
  /** ID of a QCryptoSecret object providing a passphrase for unlocking the encryption */
  'key-secret': string;
}

/**
 * `RbdEncryptionCreateOptionsLUKSBase` (struct).
 *
 * Since: 6.1
 *
 * QAPI struct `RbdEncryptionCreateOptionsLUKSBase` (block-core.json).
 */
export interface RbdEncryptionCreateOptionsLUKSBase extends RbdEncryptionOptionsLUKSBase {
  /** The encryption algorithm */
  'cipher-alg'?: QCryptoCipherAlgo;
}

/**
 * `RbdEncryptionOptionsLUKS` (struct).
 *
 * Since: 6.1
 *
 * QAPI struct `RbdEncryptionOptionsLUKS` (block-core.json).
 */
export interface RbdEncryptionOptionsLUKS extends RbdEncryptionOptionsLUKSBase {
}

/**
 * `RbdEncryptionOptionsLUKS2` (struct).
 *
 * Since: 6.1
 *
 * QAPI struct `RbdEncryptionOptionsLUKS2` (block-core.json).
 */
export interface RbdEncryptionOptionsLUKS2 extends RbdEncryptionOptionsLUKSBase {
}

/**
 * `RbdEncryptionOptionsLUKSAny` (struct).
 *
 * Since: 8.0
 *
 * QAPI struct `RbdEncryptionOptionsLUKSAny` (block-core.json).
 */
export interface RbdEncryptionOptionsLUKSAny extends RbdEncryptionOptionsLUKSBase {
}

/**
 * `RbdEncryptionCreateOptionsLUKS` (struct).
 *
 * Since: 6.1
 *
 * QAPI struct `RbdEncryptionCreateOptionsLUKS` (block-core.json).
 */
export interface RbdEncryptionCreateOptionsLUKS extends RbdEncryptionCreateOptionsLUKSBase {
}

/**
 * `RbdEncryptionCreateOptionsLUKS2` (struct).
 *
 * Since: 6.1
 *
 * QAPI struct `RbdEncryptionCreateOptionsLUKS2` (block-core.json).
 */
export interface RbdEncryptionCreateOptionsLUKS2 extends RbdEncryptionCreateOptionsLUKSBase {
}

/** Common members of {@link RbdEncryptionOptions}. */
export interface RbdEncryptionOptionsBase {
  /** Encryption format. */
  format: RbdImageEncryptionFormat;
  /**
   * Parent image encryption options (for cloned images).  Can be left unspecified if this cloned
   * image is encrypted using the same format and secret as its parent image (i.e. not explicitly
   * formatted) or if its parent image is not encrypted.  (Since 8.0)
   */
  parent?: RbdEncryptionOptions;
}

/**
 * `RbdEncryptionOptions` (union).
 *
 * Discriminated by `format` (`RbdImageEncryptionFormat`).
 *
 * Since: 6.1
 *
 * QAPI union `RbdEncryptionOptions` (block-core.json).
 */
export type RbdEncryptionOptions =
  | (RbdEncryptionOptionsBase & { format: 'luks' } & RbdEncryptionOptionsLUKS)
  | (RbdEncryptionOptionsBase & { format: 'luks2' } & RbdEncryptionOptionsLUKS2)
  | (RbdEncryptionOptionsBase & { format: 'luks-any' } & RbdEncryptionOptionsLUKSAny);

/** Common members of {@link RbdEncryptionCreateOptions}. */
export interface RbdEncryptionCreateOptionsBase {
  /** Encryption format. */
  format: RbdImageEncryptionFormat;
}

/**
 * `RbdEncryptionCreateOptions` (union).
 *
 * Discriminated by `format` (`RbdImageEncryptionFormat`).
 *
 * Since: 6.1
 *
 * QAPI union `RbdEncryptionCreateOptions` (block-core.json).
 */
export type RbdEncryptionCreateOptions =
  | (RbdEncryptionCreateOptionsBase & { format: 'luks' } & RbdEncryptionCreateOptionsLUKS)
  | (RbdEncryptionCreateOptionsBase & { format: 'luks2' } & RbdEncryptionCreateOptionsLUKS2)
  | (RbdEncryptionCreateOptionsBase & { format: 'luks-any' });

/**
 * `BlockdevOptionsRbd` (struct).
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsRbd` (block-core.json).
 */
export interface BlockdevOptionsRbd {
  /** Ceph pool name. */
  pool: string;
  /** Rados namespace name in the Ceph pool.  (Since 5.0) */
  namespace?: string;
  /** Image name in the Ceph pool. */
  image: string;
  /**
   * path to Ceph configuration file.  Values in the configuration file will be overridden by
   * options specified via QAPI.
   */
  conf?: string;
  /** Ceph snapshot name. */
  snapshot?: string;
  /** Image encryption options.  (Since 6.1) */
  encrypt?: RbdEncryptionOptions;
  /** Ceph id name. */
  user?: string;
  /**
   * Acceptable authentication modes.  This maps to Ceph configuration option
   * "auth_client_required".  (Since 3.0)
   */
  'auth-client-required'?: RbdAuthMode[];
  /**
   * ID of a QCryptoSecret object providing a key for cephx authentication.  This maps to Ceph
   * configuration option "key". (Since 3.0)
   */
  'key-secret'?: string;
  /** Monitor host address and port.  This maps to the "mon_host" Ceph option. */
  server?: InetSocketAddressBase[];
}

/**
 * An enumeration of replication modes.
 *
 * Only present when the QEMU build has `CONFIG_REPLICATION`.
 *
 * Since: 2.9
 *
 * QAPI enum `ReplicationMode` (block-core.json).
 */
export type ReplicationMode = 'primary' | 'secondary';

/**
 * Driver specific block device options for replication
 *
 * Only present when the QEMU build has `CONFIG_REPLICATION`.
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsReplication` (block-core.json).
 */
export interface BlockdevOptionsReplication extends BlockdevOptionsGenericFormat {
  /** the replication mode */
  mode: ReplicationMode;
  /**
   * In secondary mode, node name or device ID of the root node who owns the replication node
   * chain.  Must not be given in primary mode.
   */
  'top-id'?: string;
}

/**
 * An enumeration of NFS transport types
 *
 * Since: 2.9
 *
 * QAPI enum `NFSTransport` (block-core.json).
 */
export type NFSTransport = 'inet';

/**
 * Captures the address of the socket
 *
 * Since: 2.9
 *
 * QAPI struct `NFSServer` (block-core.json).
 */
export interface NFSServer {
  /** transport type used for NFS (only TCP supported) */
  type: NFSTransport;
  /** host address for NFS server */
  host: string;
}

/**
 * Driver specific block device option for NFS
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsNfs` (block-core.json).
 */
export interface BlockdevOptionsNfs {
  /** host address */
  server: NFSServer;
  /** path of the image on the host */
  path: string;
  /**
   * UID value to use when talking to the server (defaults to 65534 on Windows and getuid() on
   * unix)
   */
  user?: number;
  /**
   * GID value to use when talking to the server (defaults to 65534 on Windows and getgid() in
   * unix)
   */
  group?: number;
  /** number of SYNs during the session establishment (defaults to libnfs default) */
  'tcp-syn-count'?: number;
  /** set the readahead size in bytes (defaults to libnfs default) */
  'readahead-size'?: number;
  /** set the pagecache size in bytes (defaults to libnfs default) */
  'page-cache-size'?: number;
  /** set the NFS debug level (max 2) (defaults to libnfs default) */
  debug?: number;
}

/**
 * Driver specific block device options shared by all protocols supported by the curl backend.
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsCurlBase` (block-core.json).
 */
export interface BlockdevOptionsCurlBase {
  /** URL of the image file */
  url: string;
  /** Size of the read-ahead cache; must be a multiple of 512 (defaults to 256 kB) */
  readahead?: number;
  /** Timeout for connections, in seconds (defaults to 5) */
  timeout?: number;
  /** Username for authentication (defaults to none) */
  username?: string;
  /**
   * ID of a QCryptoSecret object providing a password for authentication (defaults to no password)
   */
  'password-secret'?: string;
  /** Username for proxy authentication (defaults to none) */
  'proxy-username'?: string;
  /**
   * ID of a QCryptoSecret object providing a password for proxy authentication (defaults to no
   * password)
   */
  'proxy-password-secret'?: string;
}

/**
 * Driver specific block device options for HTTP connections over the curl backend.  URLs must
 * start with "http://".
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsCurlHttp` (block-core.json).
 */
export interface BlockdevOptionsCurlHttp extends BlockdevOptionsCurlBase {
  /**
   * List of cookies to set; format is "name1=content1; name2=content2;" as explained by
   * CURLOPT_COOKIE(3).  Defaults to no cookies.
   */
  cookie?: string;
  /**
   * ID of a QCryptoSecret object providing the cookie data in a secure way.  See `cookie` for the
   * format.  (since 2.10)
   */
  'cookie-secret'?: string;
}

/**
 * Driver specific block device options for HTTPS connections over the curl backend.  URLs must
 * start with "https://".
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsCurlHttps` (block-core.json).
 */
export interface BlockdevOptionsCurlHttps extends BlockdevOptionsCurlBase {
  /**
   * List of cookies to set; format is "name1=content1; name2=content2;" as explained by
   * CURLOPT_COOKIE(3).  Defaults to no cookies.
   */
  cookie?: string;
  /** Whether to verify the SSL certificate's validity (defaults to true) */
  sslverify?: boolean;
  /**
   * ID of a QCryptoSecret object providing the cookie data in a secure way.  See `cookie` for the
   * format.  (since 2.10)
   */
  'cookie-secret'?: string;
}

/**
 * Driver specific block device options for FTP connections over the curl backend.  URLs must start
 * with "ftp://".
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsCurlFtp` (block-core.json).
 */
export interface BlockdevOptionsCurlFtp extends BlockdevOptionsCurlBase {
}

/**
 * Driver specific block device options for FTPS connections over the curl backend.  URLs must
 * start with "ftps://".
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsCurlFtps` (block-core.json).
 */
export interface BlockdevOptionsCurlFtps extends BlockdevOptionsCurlBase {
  /** Whether to verify the SSL certificate's validity (defaults to true) */
  sslverify?: boolean;
}

/**
 * Driver specific block device options for NBD.
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsNbd` (block-core.json).
 */
export interface BlockdevOptionsNbd {
  /** NBD server address */
  server: SocketAddress;
  /** export name */
  export?: string;
  /** TLS credentials ID */
  'tls-creds'?: string;
  /** TLS hostname override for certificate validation (Since 7.0) */
  'tls-hostname'?: string;
  /**
   * A metadata context name such as "qemu:dirty-bitmap:NAME" or "qemu:allocation-depth" to query
   * in place of the traditional "base:allocation" block status (see NBD_OPT_LIST_META_CONTEXT in
   * the NBD protocol; and yes, naming this option x-context would have made more sense) (since
   * 3.0)
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn.
   */
  'x-dirty-bitmap'?: string;
  /**
   * On an unexpected disconnect, the nbd client tries to connect again until succeeding or
   * encountering a serious error.  During the first `reconnect-delay` seconds, all requests are
   * paused and will be rerun on a successful reconnect.  After that time, any delayed requests and
   * all future requests before a successful reconnect will immediately fail.  Default 0 (Since
   * 4.2)
   */
  'reconnect-delay'?: number;
  /**
   * In seconds.  If zero, the nbd driver tries the connection only once, and fails to open if the
   * connection fails. If non-zero, the nbd driver will repeat connection attempts until successful
   * or until `open-timeout` seconds have elapsed. Default 0 (Since 7.0)
   */
  'open-timeout'?: number;
}

/**
 * Driver specific block device options for the raw driver.
 *
 * Since: 2.9
 *
 * QAPI struct `BlockdevOptionsRaw` (block-core.json).
 */
export interface BlockdevOptionsRaw extends BlockdevOptionsGenericFormat {
  /** position where the block device starts */
  offset?: number;
  /** the assumed size of the device */
  size?: number;
}

/**
 * Driver specific block device options for the throttle driver
 *
 * Since: 2.11
 *
 * QAPI struct `BlockdevOptionsThrottle` (block-core.json).
 */
export interface BlockdevOptionsThrottle {
  /** the name of the throttle-group object to use.  It must already exist. */
  'throttle-group': string;
  /** reference to or definition of the data source block device */
  file: BlockdevRef;
}

/**
 * Driver specific block device options for the copy-on-read driver.
 *
 * Since: 6.0
 *
 * QAPI struct `BlockdevOptionsCor` (block-core.json).
 */
export interface BlockdevOptionsCor extends BlockdevOptionsGenericFormat {
  /**
   * The name of a non-filter node (allocation-bearing layer) that limits the COR operations in the
   * backing chain (inclusive), so that no data below this node will be copied by this filter. If
   * option is absent, the limit is not applied, so that data from all backing layers may be
   * copied.
   */
  bottom?: string;
}

/**
 * An enumeration of possible behaviors for copy-before-write operation failures.
 *
 * Since: 7.1
 *
 * QAPI enum `OnCbwError` (block-core.json).
 */
export type OnCbwError = 'break-guest-write' | 'break-snapshot';

/**
 * Driver specific block device options for the copy-before-write driver, which does so called
 * copy-before-write operations: when data is written to the filter, the filter first reads
 * corresponding blocks from its file child and copies them to `target` child.  After successfully
 * copying, the write request is propagated to file child. If copying fails, the original write
 * request is failed too and no data is written to file child.
 *
 * Since: 6.2
 *
 * QAPI struct `BlockdevOptionsCbw` (block-core.json).
 */
export interface BlockdevOptionsCbw extends BlockdevOptionsGenericFormat {
  /** The target for copy-before-write operations. */
  target: BlockdevRef;
  /**
   * If specified, copy-before-write filter will do copy-before-write operations only for dirty
   * regions of the bitmap.  Bitmap size must be equal to length of file and target child of the
   * filter.  Note also, that bitmap is used only to initialize internal bitmap of the process, so
   * further modifications (or removing) of specified bitmap doesn't influence the filter.  (Since
   * 7.0)
   */
  bitmap?: BlockDirtyBitmap;
  /**
   * Behavior on failure of copy-before-write operation. Default is `break-guest-write`.  (Since
   * 7.1)
   */
  'on-cbw-error'?: OnCbwError;
  /**
   * Zero means no limit.  Non-zero sets the timeout in seconds for copy-before-write operation. 
   * When a timeout occurs, the respective copy-before-write operation will fail, and the
   * `on-cbw-error` parameter will decide how this failure is handled. Default 0.  (Since 7.1)
   */
  'cbw-timeout'?: number;
  /**
   * Minimum size of blocks used by copy-before-write operations.  Has to be a power of 2.  No
   * effect if smaller than the maximum of the target's cluster size and 64 KiB.  Default 0. (Since
   * 9.2)
   */
  'min-cluster-size'?: number;
}

/** Common members of {@link BlockdevOptions}. */
export interface BlockdevOptionsBase {
  /** block driver name */
  driver: BlockdevDriver;
  /**
   * the node name of the new node (Since 2.0).  This option is required on the top level of
   * blockdev-add.  Valid node names start with an alphabetic character and may contain only
   * alphanumeric characters, '-', '.' and '_'.  Their maximum length is 31 characters.
   */
  'node-name'?: string;
  /** discard-related options (default: ignore) */
  discard?: BlockdevDiscardOptions;
  /** cache-related options */
  cache?: BlockdevCacheOptions;
  /**
   * whether the block node should be activated (default: true). Having inactive block nodes is
   * useful primarily for migration because it allows opening an image on the destination while the
   * source is still holding locks for it. (Since 10.0)
   */
  active?: boolean;
  /**
   * whether the block device should be read-only (default: false).  Note that some block drivers
   * support only read-only access, either generally or in certain configurations.  In this case,
   * the default value does not work and the option must be specified explicitly.
   */
  'read-only'?: boolean;
  /**
   * if true and `read-only` is false, QEMU may automatically decide not to open the image
   * read-write as requested, but fall back to read-only instead (and switch between the modes
   * later), e.g. depending on whether the image file is writable or whether a writing user is
   * attached to the node (default: false, since 3.1)
   */
  'auto-read-only'?: boolean;
  /** force share all permission on added nodes.  Requires read-only=true.  (Since 2.10) */
  'force-share'?: boolean;
  /** detect and optimize zero writes (Since 2.1) (default: off) */
  'detect-zeroes'?: BlockdevDetectZeroesOptions;
}

/**
 * Options for creating a block device.  Many options are available for all block devices,
 * independent of the block driver:
 *
 * Discriminated by `driver` (`BlockdevDriver`).
 *
 * Since: 2.9
 *
 * QAPI union `BlockdevOptions` (block-core.json).
 */
export type BlockdevOptions =
  | (BlockdevOptionsBase & { driver: 'blkdebug' } & BlockdevOptionsBlkdebug)
  | (BlockdevOptionsBase & { driver: 'blklogwrites' } & BlockdevOptionsBlklogwrites)
  | (BlockdevOptionsBase & { driver: 'blkreplay' } & BlockdevOptionsBlkreplay)
  | (BlockdevOptionsBase & { driver: 'blkverify' } & BlockdevOptionsBlkverify)
  | (BlockdevOptionsBase & { driver: 'bochs' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'cloop' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'compress' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'copy-before-write' } & BlockdevOptionsCbw)
  | (BlockdevOptionsBase & { driver: 'copy-on-read' } & BlockdevOptionsCor)
  | (BlockdevOptionsBase & { driver: 'dmg' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'file' } & BlockdevOptionsFile)
  | (BlockdevOptionsBase & { driver: 'snapshot-access' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'ftp' } & BlockdevOptionsCurlFtp)
  | (BlockdevOptionsBase & { driver: 'ftps' } & BlockdevOptionsCurlFtps)
  | (BlockdevOptionsBase & { driver: 'gluster' } & BlockdevOptionsGluster)
  | (BlockdevOptionsBase & { driver: 'host_cdrom' } & BlockdevOptionsFile) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockdevOptionsBase & { driver: 'host_device' } & BlockdevOptionsFile) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockdevOptionsBase & { driver: 'http' } & BlockdevOptionsCurlHttp)
  | (BlockdevOptionsBase & { driver: 'https' } & BlockdevOptionsCurlHttps)
  | (BlockdevOptionsBase & { driver: 'io_uring' } & BlockdevOptionsIoUring) // if CONFIG_BLKIO
  | (BlockdevOptionsBase & { driver: 'iscsi' } & BlockdevOptionsIscsi)
  | (BlockdevOptionsBase & { driver: 'luks' } & BlockdevOptionsLUKS)
  | (BlockdevOptionsBase & { driver: 'nbd' } & BlockdevOptionsNbd)
  | (BlockdevOptionsBase & { driver: 'nfs' } & BlockdevOptionsNfs)
  | (BlockdevOptionsBase & { driver: 'null-aio' } & BlockdevOptionsNull)
  | (BlockdevOptionsBase & { driver: 'null-co' } & BlockdevOptionsNull)
  | (BlockdevOptionsBase & { driver: 'nvme' } & BlockdevOptionsNVMe)
  | (BlockdevOptionsBase & { driver: 'nvme-io_uring' } & BlockdevOptionsNvmeIoUring) // if CONFIG_BLKIO
  | (BlockdevOptionsBase & { driver: 'parallels' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'preallocate' } & BlockdevOptionsPreallocate)
  | (BlockdevOptionsBase & { driver: 'qcow' } & BlockdevOptionsQcow)
  | (BlockdevOptionsBase & { driver: 'qcow2' } & BlockdevOptionsQcow2)
  | (BlockdevOptionsBase & { driver: 'qed' } & BlockdevOptionsGenericCOWFormat)
  | (BlockdevOptionsBase & { driver: 'quorum' } & BlockdevOptionsQuorum)
  | (BlockdevOptionsBase & { driver: 'raw' } & BlockdevOptionsRaw)
  | (BlockdevOptionsBase & { driver: 'rbd' } & BlockdevOptionsRbd)
  | (BlockdevOptionsBase & { driver: 'replication' } & BlockdevOptionsReplication) // if CONFIG_REPLICATION
  | (BlockdevOptionsBase & { driver: 'ssh' } & BlockdevOptionsSsh)
  | (BlockdevOptionsBase & { driver: 'throttle' } & BlockdevOptionsThrottle)
  | (BlockdevOptionsBase & { driver: 'vdi' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'vhdx' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'virtio-blk-vfio-pci' } & BlockdevOptionsVirtioBlkVfioPci) // if CONFIG_BLKIO
  | (BlockdevOptionsBase & { driver: 'virtio-blk-vhost-user' } & BlockdevOptionsVirtioBlkVhostUser) // if CONFIG_BLKIO
  | (BlockdevOptionsBase & { driver: 'virtio-blk-vhost-vdpa' } & BlockdevOptionsVirtioBlkVhostVdpa) // if CONFIG_BLKIO
  | (BlockdevOptionsBase & { driver: 'vmdk' } & BlockdevOptionsGenericCOWFormat)
  | (BlockdevOptionsBase & { driver: 'vpc' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'vvfat' } & BlockdevOptionsVVFAT);

/**
 * Reference to a block device.
 *
 * - `definition`: BlockdevOptions — defines a new block device inline
 * - `reference`: string — references the ID of an existing block device
 *
 * Since: 2.9
 *
 * QAPI alternate `BlockdevRef` (block-core.json).
 */
export type BlockdevRef = BlockdevOptions | string;

/**
 * Reference to a block device.
 *
 * - `definition`: BlockdevOptions — defines a new block device inline
 * - `reference`: string — references the ID of an existing block device.  An empty string means
 *   that no block device should be referenced. Deprecated; use null instead.
 * - `null`: null — No block device should be referenced (since 2.10)
 *
 * Since: 2.9
 *
 * QAPI alternate `BlockdevRefOrNull` (block-core.json).
 */
export type BlockdevRefOrNull = BlockdevOptions | string | null;

/**
 * Arguments of the `blockdev-reopen` command.
 *
 * Reopens one or more block devices using the given set of options. Any option not specified will
 * be reset to its default value regardless of its previous status.  If an option cannot be changed
 * or a particular driver does not support reopening then the command will return an error.  All
 * devices in the list are reopened in one transaction, so if one of them fails then the whole
 * transaction is cancelled.
 */
export interface BlockdevReopenArguments {
  options: BlockdevOptions[];
}

/**
 * Arguments of the `blockdev-del` command.
 *
 * Deletes a block device that has been added using blockdev-add.  The command will fail if the
 * node is attached to a device or is otherwise being used.
 */
export interface BlockdevDelArguments {
  /** Name of the graph node to delete. */
  'node-name': string;
}

/**
 * Arguments of the `blockdev-set-active` command.
 *
 * Activate or inactivate a block device. Use this to manage the handover of block devices on
 * migration with qemu-storage-daemon.
 */
export interface BlockdevSetActiveArguments {
  /**
   * Name of the graph node to activate or inactivate. By default, all nodes are affected by the
   * operation.
   */
  'node-name'?: string;
  /**
   * true if the nodes should be active when the command returns success, false if they should be
   * inactive.
   */
  active: boolean;
}

/**
 * Driver specific image creation options for file.
 *
 * Since: 2.12
 *
 * QAPI struct `BlockdevCreateOptionsFile` (block-core.json).
 */
export interface BlockdevCreateOptionsFile {
  /** Filename for the new image file */
  filename: string;
  /** Size of the virtual disk in bytes */
  size: number;
  /**
   * Preallocation mode for the new image (default: off; allowed values: off, falloc (if
   * CONFIG_POSIX_FALLOCATE), full (if CONFIG_POSIX))
   */
  preallocation?: PreallocMode;
  /** Turn off copy-on-write (valid only on btrfs; default: off) */
  nocow?: boolean;
  /**
   * Extent size hint to add to the image file; 0 for not adding an extent size hint (default: 1
   * MB, since 5.1)
   */
  'extent-size-hint'?: number;
}

/**
 * Driver specific image creation options for gluster.
 *
 * Since: 2.12
 *
 * QAPI struct `BlockdevCreateOptionsGluster` (block-core.json).
 */
export interface BlockdevCreateOptionsGluster {
  /** Where to store the new image file */
  location: BlockdevOptionsGluster;
  /** Size of the virtual disk in bytes */
  size: number;
  /**
   * Preallocation mode for the new image (default: off; allowed values: off, falloc (if
   * CONFIG_GLUSTERFS_FALLOCATE), full (if CONFIG_GLUSTERFS_ZEROFILL))
   */
  preallocation?: PreallocMode;
}

/**
 * Driver specific image creation options for LUKS.
 *
 * Since: 2.12
 *
 * QAPI struct `BlockdevCreateOptionsLUKS` (block-core.json).
 */
export interface BlockdevCreateOptionsLUKS extends QCryptoBlockCreateOptionsLUKS {
  /**
   * Node to create the image format on, mandatory except when 'preallocation' is not requested
   */
  file?: BlockdevRef;
  /** Block device holding a detached LUKS header.  (since 9.0) */
  header?: BlockdevRef;
  /** Size of the virtual disk in bytes */
  size: number;
  /**
   * Preallocation mode for the new image (since: 4.2) (default: off; allowed values: off,
   * metadata, falloc, full)
   */
  preallocation?: PreallocMode;
}

/**
 * Driver specific image creation options for NFS.
 *
 * Since: 2.12
 *
 * QAPI struct `BlockdevCreateOptionsNfs` (block-core.json).
 */
export interface BlockdevCreateOptionsNfs {
  /** Where to store the new image file */
  location: BlockdevOptionsNfs;
  /** Size of the virtual disk in bytes */
  size: number;
}

/**
 * Driver specific image creation options for parallels.
 *
 * Since: 2.12
 *
 * QAPI struct `BlockdevCreateOptionsParallels` (block-core.json).
 */
export interface BlockdevCreateOptionsParallels {
  /** Node to create the image format on */
  file: BlockdevRef;
  /** Size of the virtual disk in bytes */
  size: number;
  /** Cluster size in bytes (default: 1 MB) */
  'cluster-size'?: number;
}

/**
 * Driver specific image creation options for qcow.
 *
 * Since: 2.12
 *
 * QAPI struct `BlockdevCreateOptionsQcow` (block-core.json).
 */
export interface BlockdevCreateOptionsQcow {
  /** Node to create the image format on */
  file: BlockdevRef;
  /** Size of the virtual disk in bytes */
  size: number;
  /** File name of the backing file if a backing file should be used */
  'backing-file'?: string;
  /** Encryption options if the image should be encrypted */
  encrypt?: QCryptoBlockCreateOptions;
}

/**
 * `BlockdevQcow2Version` (enum).
 *
 * Since: 2.12
 *
 * QAPI enum `BlockdevQcow2Version` (block-core.json).
 */
export type BlockdevQcow2Version = 'v2' | 'v3';

/**
 * Compression type used in qcow2 image file
 *
 * - `zstd`: Only present when the QEMU build has `CONFIG_ZSTD`.
 *
 * Since: 5.1
 *
 * QAPI enum `Qcow2CompressionType` (block-core.json).
 */
export type Qcow2CompressionType = 'zlib' | 'zstd';

/**
 * Driver specific image creation options for qcow2.
 *
 * Since: 2.12
 *
 * QAPI struct `BlockdevCreateOptionsQcow2` (block-core.json).
 */
export interface BlockdevCreateOptionsQcow2 {
  /** Node to create the image format on */
  file: BlockdevRef;
  /**
   * Node to use as an external data file in which all guest data is stored so that only metadata
   * remains in the qcow2 file (since: 4.0)
   */
  'data-file'?: BlockdevRef;
  /**
   * True if the external data file must stay valid as a standalone (read-only) raw image without
   * looking at qcow2 metadata (default: false; since: 4.0)
   */
  'data-file-raw'?: boolean;
  /** True to make the image have extended L2 entries (default: false; since 5.2) */
  'extended-l2'?: boolean;
  /** Size of the virtual disk in bytes */
  size: number;
  /** Compatibility level (default: v3) */
  version?: BlockdevQcow2Version;
  /** File name of the backing file if a backing file should be used */
  'backing-file'?: string;
  /** Name of the block driver to use for the backing file */
  'backing-fmt'?: BlockdevDriver;
  /** Encryption options if the image should be encrypted */
  encrypt?: QCryptoBlockCreateOptions;
  /** qcow2 cluster size in bytes (default: 65536) */
  'cluster-size'?: number;
  /**
   * Preallocation mode for the new image (default: off; allowed values: off, falloc, full,
   * metadata)
   */
  preallocation?: PreallocMode;
  /** True if refcounts may be updated lazily (default: off) */
  'lazy-refcounts'?: boolean;
  /** Width of reference counts in bits (default: 16) */
  'refcount-bits'?: number;
  /** The image cluster compression method (default: zlib, since 5.1) */
  'compression-type'?: Qcow2CompressionType;
}

/**
 * Driver specific image creation options for qed.
 *
 * Since: 2.12
 *
 * QAPI struct `BlockdevCreateOptionsQed` (block-core.json).
 */
export interface BlockdevCreateOptionsQed {
  /** Node to create the image format on */
  file: BlockdevRef;
  /** Size of the virtual disk in bytes */
  size: number;
  /** File name of the backing file if a backing file should be used */
  'backing-file'?: string;
  /** Name of the block driver to use for the backing file */
  'backing-fmt'?: BlockdevDriver;
  /** Cluster size in bytes (default: 65536) */
  'cluster-size'?: number;
  /** L1/L2 table size (in clusters) */
  'table-size'?: number;
}

/**
 * Driver specific image creation options for rbd/Ceph.
 *
 * Since: 2.12
 *
 * QAPI struct `BlockdevCreateOptionsRbd` (block-core.json).
 */
export interface BlockdevCreateOptionsRbd {
  /** Where to store the new image file.  This location cannot point to a snapshot. */
  location: BlockdevOptionsRbd;
  /** Size of the virtual disk in bytes */
  size: number;
  /** RBD object size */
  'cluster-size'?: number;
  /** Image encryption options.  (Since 6.1) */
  encrypt?: RbdEncryptionCreateOptions;
}

/**
 * Subformat options for VMDK images
 *
 * Since: 4.0
 *
 * QAPI enum `BlockdevVmdkSubformat` (block-core.json).
 */
export type BlockdevVmdkSubformat =
  | 'monolithicSparse'
  | 'monolithicFlat'
  | 'twoGbMaxExtentSparse'
  | 'twoGbMaxExtentFlat'
  | 'streamOptimized';

/**
 * Adapter type info for VMDK images
 *
 * Since: 4.0
 *
 * QAPI enum `BlockdevVmdkAdapterType` (block-core.json).
 */
export type BlockdevVmdkAdapterType = 'ide' | 'buslogic' | 'lsilogic' | 'legacyESX';

/**
 * Driver specific image creation options for VMDK.
 *
 * Since: 4.0
 *
 * QAPI struct `BlockdevCreateOptionsVmdk` (block-core.json).
 */
export interface BlockdevCreateOptionsVmdk {
  /**
   * Where to store the new image file.  This refers to the image file for monolithcSparse and
   * streamOptimized format, or the descriptor file for other formats.
   */
  file: BlockdevRef;
  /** Size of the virtual disk in bytes */
  size: number;
  /**
   * Where to store the data extents.  Required for monolithcFlat, twoGbMaxExtentSparse and
   * twoGbMaxExtentFlat formats.  For monolithicFlat, only one entry is required; for
   * twoGbMaxExtent* formats, the number of entries required is calculated as extent_number =
   * virtual_size / 2GB.  Providing more extents than will be used is an error.
   */
  extents?: BlockdevRef[];
  /** The subformat of the VMDK image.  Default: "monolithicSparse". */
  subformat?: BlockdevVmdkSubformat;
  /** The path of backing file.  Default: no backing file is used. */
  'backing-file'?: string;
  /** The adapter type used to fill in the descriptor. Default: ide. */
  'adapter-type'?: BlockdevVmdkAdapterType;
  /** Hardware version.  The meaningful options are "4" or "6".  Default: "4". */
  hwversion?: string;
  /** VMware guest tools version.  Default: "2147483647" (Since 6.2) */
  toolsversion?: string;
  /** Whether to enable zeroed-grain feature for sparse subformats.  Default: false. */
  'zeroed-grain'?: boolean;
}

/**
 * Driver specific image creation options for SSH.
 *
 * Since: 2.12
 *
 * QAPI struct `BlockdevCreateOptionsSsh` (block-core.json).
 */
export interface BlockdevCreateOptionsSsh {
  /** Where to store the new image file */
  location: BlockdevOptionsSsh;
  /** Size of the virtual disk in bytes */
  size: number;
}

/**
 * Driver specific image creation options for VDI.
 *
 * Since: 2.12
 *
 * QAPI struct `BlockdevCreateOptionsVdi` (block-core.json).
 */
export interface BlockdevCreateOptionsVdi {
  /** Node to create the image format on */
  file: BlockdevRef;
  /** Size of the virtual disk in bytes */
  size: number;
  /** Preallocation mode for the new image (default: off; allowed values: off, metadata) */
  preallocation?: PreallocMode;
}

/**
 * `BlockdevVhdxSubformat` (enum).
 *
 * Since: 2.12
 *
 * QAPI enum `BlockdevVhdxSubformat` (block-core.json).
 */
export type BlockdevVhdxSubformat = 'dynamic' | 'fixed';

/**
 * Driver specific image creation options for vhdx.
 *
 * Since: 2.12
 *
 * QAPI struct `BlockdevCreateOptionsVhdx` (block-core.json).
 */
export interface BlockdevCreateOptionsVhdx {
  /** Node to create the image format on */
  file: BlockdevRef;
  /** Size of the virtual disk in bytes */
  size: number;
  /** Log size in bytes, must be a multiple of 1 MB (default: 1 MB) */
  'log-size'?: number;
  /**
   * Block size in bytes, must be a multiple of 1 MB and not larger than 256 MB (default:
   * automatically choose a block size depending on the image size)
   */
  'block-size'?: number;
  /** vhdx subformat (default: dynamic) */
  subformat?: BlockdevVhdxSubformat;
  /**
   * Force use of payload blocks of type 'ZERO'. Non-standard, but default.  Do not set to 'off'
   * when using 'qemu-img convert' with subformat=dynamic.
   */
  'block-state-zero'?: boolean;
}

/**
 * `BlockdevVpcSubformat` (enum).
 *
 * Since: 2.12
 *
 * QAPI enum `BlockdevVpcSubformat` (block-core.json).
 */
export type BlockdevVpcSubformat = 'dynamic' | 'fixed';

/**
 * Driver specific image creation options for vpc (VHD).
 *
 * Since: 2.12
 *
 * QAPI struct `BlockdevCreateOptionsVpc` (block-core.json).
 */
export interface BlockdevCreateOptionsVpc {
  /** Node to create the image format on */
  file: BlockdevRef;
  /** Size of the virtual disk in bytes */
  size: number;
  /** vhdx subformat (default: dynamic) */
  subformat?: BlockdevVpcSubformat;
  /**
   * Force use of the exact byte size instead of rounding to the next size that can be represented
   * in CHS geometry (default: false)
   */
  'force-size'?: boolean;
}

/** Common members of {@link BlockdevCreateOptions}. */
export interface BlockdevCreateOptionsBase {
  /** block driver to create the image format */
  driver: BlockdevDriver;
}

/**
 * Options for creating an image format on a given node.
 *
 * Discriminated by `driver` (`BlockdevDriver`).
 *
 * Since: 2.12
 *
 * QAPI union `BlockdevCreateOptions` (block-core.json).
 */
export type BlockdevCreateOptions =
  | (BlockdevCreateOptionsBase & { driver: 'blkdebug' })
  | (BlockdevCreateOptionsBase & { driver: 'blklogwrites' })
  | (BlockdevCreateOptionsBase & { driver: 'blkreplay' })
  | (BlockdevCreateOptionsBase & { driver: 'blkverify' })
  | (BlockdevCreateOptionsBase & { driver: 'bochs' })
  | (BlockdevCreateOptionsBase & { driver: 'cloop' })
  | (BlockdevCreateOptionsBase & { driver: 'compress' })
  | (BlockdevCreateOptionsBase & { driver: 'copy-before-write' })
  | (BlockdevCreateOptionsBase & { driver: 'copy-on-read' })
  | (BlockdevCreateOptionsBase & { driver: 'dmg' })
  | (BlockdevCreateOptionsBase & { driver: 'file' } & BlockdevCreateOptionsFile)
  | (BlockdevCreateOptionsBase & { driver: 'snapshot-access' })
  | (BlockdevCreateOptionsBase & { driver: 'ftp' })
  | (BlockdevCreateOptionsBase & { driver: 'ftps' })
  | (BlockdevCreateOptionsBase & { driver: 'gluster' } & BlockdevCreateOptionsGluster)
  | (BlockdevCreateOptionsBase & { driver: 'host_cdrom' }) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockdevCreateOptionsBase & { driver: 'host_device' }) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockdevCreateOptionsBase & { driver: 'http' })
  | (BlockdevCreateOptionsBase & { driver: 'https' })
  | (BlockdevCreateOptionsBase & { driver: 'io_uring' }) // if CONFIG_BLKIO
  | (BlockdevCreateOptionsBase & { driver: 'iscsi' })
  | (BlockdevCreateOptionsBase & { driver: 'luks' } & BlockdevCreateOptionsLUKS)
  | (BlockdevCreateOptionsBase & { driver: 'nbd' })
  | (BlockdevCreateOptionsBase & { driver: 'nfs' } & BlockdevCreateOptionsNfs)
  | (BlockdevCreateOptionsBase & { driver: 'null-aio' })
  | (BlockdevCreateOptionsBase & { driver: 'null-co' })
  | (BlockdevCreateOptionsBase & { driver: 'nvme' })
  | (BlockdevCreateOptionsBase & { driver: 'nvme-io_uring' }) // if CONFIG_BLKIO
  | (BlockdevCreateOptionsBase & { driver: 'parallels' } & BlockdevCreateOptionsParallels)
  | (BlockdevCreateOptionsBase & { driver: 'preallocate' })
  | (BlockdevCreateOptionsBase & { driver: 'qcow' } & BlockdevCreateOptionsQcow)
  | (BlockdevCreateOptionsBase & { driver: 'qcow2' } & BlockdevCreateOptionsQcow2)
  | (BlockdevCreateOptionsBase & { driver: 'qed' } & BlockdevCreateOptionsQed)
  | (BlockdevCreateOptionsBase & { driver: 'quorum' })
  | (BlockdevCreateOptionsBase & { driver: 'raw' })
  | (BlockdevCreateOptionsBase & { driver: 'rbd' } & BlockdevCreateOptionsRbd)
  | (BlockdevCreateOptionsBase & { driver: 'replication' }) // if CONFIG_REPLICATION
  | (BlockdevCreateOptionsBase & { driver: 'ssh' } & BlockdevCreateOptionsSsh)
  | (BlockdevCreateOptionsBase & { driver: 'throttle' })
  | (BlockdevCreateOptionsBase & { driver: 'vdi' } & BlockdevCreateOptionsVdi)
  | (BlockdevCreateOptionsBase & { driver: 'vhdx' } & BlockdevCreateOptionsVhdx)
  | (BlockdevCreateOptionsBase & { driver: 'virtio-blk-vfio-pci' }) // if CONFIG_BLKIO
  | (BlockdevCreateOptionsBase & { driver: 'virtio-blk-vhost-user' }) // if CONFIG_BLKIO
  | (BlockdevCreateOptionsBase & { driver: 'virtio-blk-vhost-vdpa' }) // if CONFIG_BLKIO
  | (BlockdevCreateOptionsBase & { driver: 'vmdk' } & BlockdevCreateOptionsVmdk)
  | (BlockdevCreateOptionsBase & { driver: 'vpc' } & BlockdevCreateOptionsVpc)
  | (BlockdevCreateOptionsBase & { driver: 'vvfat' });

/**
 * Arguments of the `blockdev-create` command.
 *
 * Starts a job to create an image format on a given node.  The job is automatically finalized, but
 * a manual job-dismiss is required.
 */
export interface BlockdevCreateArguments {
  /** Identifier for the newly created job. */
  'job-id': string;
  /** Options for the image creation. */
  options: BlockdevCreateOptions;
}

/**
 * Driver specific image amend options for LUKS.
 *
 * Since: 5.1
 *
 * QAPI struct `BlockdevAmendOptionsLUKS` (block-core.json).
 */
export interface BlockdevAmendOptionsLUKS extends QCryptoBlockAmendOptionsLUKS {
}

/**
 * Driver specific image amend options for qcow2.  For now, only encryption options can be amended
 *
 * Since: 5.1
 *
 * QAPI struct `BlockdevAmendOptionsQcow2` (block-core.json).
 */
export interface BlockdevAmendOptionsQcow2 {
  /** Encryption options to be amended */
  encrypt?: QCryptoBlockAmendOptions;
}

/** Common members of {@link BlockdevAmendOptions}. */
export interface BlockdevAmendOptionsBase {
  /** Block driver of the node to amend. */
  driver: BlockdevDriver;
}

/**
 * Options for amending an image format
 *
 * Discriminated by `driver` (`BlockdevDriver`).
 *
 * Since: 5.1
 *
 * QAPI union `BlockdevAmendOptions` (block-core.json).
 */
export type BlockdevAmendOptions =
  | (BlockdevAmendOptionsBase & { driver: 'blkdebug' })
  | (BlockdevAmendOptionsBase & { driver: 'blklogwrites' })
  | (BlockdevAmendOptionsBase & { driver: 'blkreplay' })
  | (BlockdevAmendOptionsBase & { driver: 'blkverify' })
  | (BlockdevAmendOptionsBase & { driver: 'bochs' })
  | (BlockdevAmendOptionsBase & { driver: 'cloop' })
  | (BlockdevAmendOptionsBase & { driver: 'compress' })
  | (BlockdevAmendOptionsBase & { driver: 'copy-before-write' })
  | (BlockdevAmendOptionsBase & { driver: 'copy-on-read' })
  | (BlockdevAmendOptionsBase & { driver: 'dmg' })
  | (BlockdevAmendOptionsBase & { driver: 'file' })
  | (BlockdevAmendOptionsBase & { driver: 'snapshot-access' })
  | (BlockdevAmendOptionsBase & { driver: 'ftp' })
  | (BlockdevAmendOptionsBase & { driver: 'ftps' })
  | (BlockdevAmendOptionsBase & { driver: 'gluster' })
  | (BlockdevAmendOptionsBase & { driver: 'host_cdrom' }) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockdevAmendOptionsBase & { driver: 'host_device' }) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockdevAmendOptionsBase & { driver: 'http' })
  | (BlockdevAmendOptionsBase & { driver: 'https' })
  | (BlockdevAmendOptionsBase & { driver: 'io_uring' }) // if CONFIG_BLKIO
  | (BlockdevAmendOptionsBase & { driver: 'iscsi' })
  | (BlockdevAmendOptionsBase & { driver: 'luks' } & BlockdevAmendOptionsLUKS)
  | (BlockdevAmendOptionsBase & { driver: 'nbd' })
  | (BlockdevAmendOptionsBase & { driver: 'nfs' })
  | (BlockdevAmendOptionsBase & { driver: 'null-aio' })
  | (BlockdevAmendOptionsBase & { driver: 'null-co' })
  | (BlockdevAmendOptionsBase & { driver: 'nvme' })
  | (BlockdevAmendOptionsBase & { driver: 'nvme-io_uring' }) // if CONFIG_BLKIO
  | (BlockdevAmendOptionsBase & { driver: 'parallels' })
  | (BlockdevAmendOptionsBase & { driver: 'preallocate' })
  | (BlockdevAmendOptionsBase & { driver: 'qcow' })
  | (BlockdevAmendOptionsBase & { driver: 'qcow2' } & BlockdevAmendOptionsQcow2)
  | (BlockdevAmendOptionsBase & { driver: 'qed' })
  | (BlockdevAmendOptionsBase & { driver: 'quorum' })
  | (BlockdevAmendOptionsBase & { driver: 'raw' })
  | (BlockdevAmendOptionsBase & { driver: 'rbd' })
  | (BlockdevAmendOptionsBase & { driver: 'replication' }) // if CONFIG_REPLICATION
  | (BlockdevAmendOptionsBase & { driver: 'ssh' })
  | (BlockdevAmendOptionsBase & { driver: 'throttle' })
  | (BlockdevAmendOptionsBase & { driver: 'vdi' })
  | (BlockdevAmendOptionsBase & { driver: 'vhdx' })
  | (BlockdevAmendOptionsBase & { driver: 'virtio-blk-vfio-pci' }) // if CONFIG_BLKIO
  | (BlockdevAmendOptionsBase & { driver: 'virtio-blk-vhost-user' }) // if CONFIG_BLKIO
  | (BlockdevAmendOptionsBase & { driver: 'virtio-blk-vhost-vdpa' }) // if CONFIG_BLKIO
  | (BlockdevAmendOptionsBase & { driver: 'vmdk' })
  | (BlockdevAmendOptionsBase & { driver: 'vpc' })
  | (BlockdevAmendOptionsBase & { driver: 'vvfat' });

/**
 * Arguments of the `x-blockdev-amend` command.
 *
 * Starts a job to amend format specific options of an existing open block device The job is
 * automatically finalized, but a manual job-dismiss is required.
 */
export interface XBlockdevAmendArguments {
  /** Identifier for the newly created job. */
  'job-id': string;
  /** Name of the block node to work on */
  'node-name': string;
  /** Options (driver specific) */
  options: BlockdevAmendOptions;
  /**
   * Allow unsafe operations, format specific For luks that allows erase of the last active keyslot
   * (permanent loss of data), and replacement of an active keyslot (possible loss of data if IO
   * error happens)
   */
  force?: boolean;
}

/**
 * An enumeration of action that has been taken when a DISK I/O occurs
 *
 * Since: 2.1
 *
 * QAPI enum `BlockErrorAction` (block-core.json).
 */
export type BlockErrorAction = 'ignore' | 'report' | 'stop';

/**
 * Data of the `BLOCK_IMAGE_CORRUPTED` event.
 *
 * Emitted when a disk image is being marked corrupt.  The image can be identified by its device or
 * node name.  The 'device' field is always present for compatibility reasons, but it can be empty
 * ("") if the image does not have a device name associated.
 */
export interface BlockImageCorruptedEventData {
  /**
   * device name.  This is always present for compatibility reasons, but it can be empty ("") if
   * the image does not have a device name associated.
   */
  device: string;
  /** node name (Since: 2.4) */
  'node-name'?: string;
  /**
   * informative message for human consumption, such as the kind of corruption being detected.  It
   * should not be parsed by machine as it is not guaranteed to be stable
   */
  msg: string;
  /**
   * if the corruption resulted from an image access, this is the host's access offset into the
   * image
   */
  offset?: number;
  /** if the corruption resulted from an image access, this is the access size */
  size?: number;
  /**
   * if set, the image is marked corrupt and therefore unusable after this event and must be
   * repaired (Since 2.2; before, every BLOCK_IMAGE_CORRUPTED event was fatal)
   */
  fatal: boolean;
}

/**
 * Data of the `BLOCK_IO_ERROR` event.
 *
 * Emitted when a disk I/O error occurs
 */
export interface BlockIoErrorEventData {
  /** path to the device object in the QOM tree (since 9.2) */
  'qom-path': string;
  /**
   * device name.  This is always present for compatibility reasons, but it can be empty ("") if
   * the image does not have a device name associated.
   */
  device: string;
  /**
   * node name.  Note that errors may be reported for the root node that is directly attached to a
   * guest device rather than for the node where the error occurred.  The node name is not present
   * if the drive is empty.  (Since: 2.8)
   */
  'node-name'?: string;
  /** I/O operation */
  operation: IoOperationType;
  /** action that has been taken */
  action: BlockErrorAction;
  /**
   * true if I/O error was caused due to a no-space condition. This key is only present if
   * query-block's io-status is present, please see query-block documentation for more information
   * (since: 2.2)
   */
  nospace?: boolean;
  /**
   * human readable string describing the error cause.  (This field is a debugging aid for humans,
   * it should not be parsed by applications) (since: 2.2)
   */
  reason: string;
}

/**
 * Data of the `BLOCK_JOB_COMPLETED` event.
 *
 * Emitted when a block job has completed
 */
export interface BlockJobCompletedEventData {
  /** job type */
  type: JobType;
  /**
   * The job identifier.  Originally the device name but other values are allowed since QEMU 2.7
   */
  device: string;
  /** maximum progress value */
  len: number;
  /**
   * current progress value.  On success this is equal to len. On failure this is less than len
   */
  offset: number;
  /** rate limit, bytes per second */
  speed: number;
  /**
   * error message.  Only present on failure.  This field contains a human-readable error message. 
   * There are no semantics other than that streaming has failed and clients should not try to
   * interpret the error string
   */
  error?: string;
}

/**
 * Data of the `BLOCK_JOB_CANCELLED` event.
 *
 * Emitted when a block job has been cancelled
 */
export interface BlockJobCancelledEventData {
  /** job type */
  type: JobType;
  /**
   * The job identifier.  Originally the device name but other values are allowed since QEMU 2.7
   */
  device: string;
  /** maximum progress value */
  len: number;
  /**
   * current progress value.  On success this is equal to len. On failure this is less than len
   */
  offset: number;
  /** rate limit, bytes per second */
  speed: number;
}

/**
 * Data of the `BLOCK_JOB_ERROR` event.
 *
 * Emitted when a block job encounters an error
 */
export interface BlockJobErrorEventData {
  /**
   * The job identifier.  Originally the device name but other values are allowed since QEMU 2.7
   */
  device: string;
  /** I/O operation */
  operation: IoOperationType;
  /** action that has been taken */
  action: BlockErrorAction;
}

/**
 * Data of the `BLOCK_JOB_READY` event.
 *
 * Emitted when a block job is ready to complete
 */
export interface BlockJobReadyEventData {
  /** job type */
  type: JobType;
  /**
   * The job identifier.  Originally the device name but other values are allowed since QEMU 2.7
   */
  device: string;
  /** maximum progress value */
  len: number;
  /**
   * current progress value.  On success this is equal to len. On failure this is less than len
   */
  offset: number;
  /** rate limit, bytes per second */
  speed: number;
}

/**
 * Data of the `BLOCK_JOB_PENDING` event.
 *
 * Emitted when a block job is awaiting explicit authorization to finalize graph changes via
 * `block-job-finalize`.  If this job is part of a transaction, it will not emit this event until
 * the transaction has converged first.
 */
export interface BlockJobPendingEventData {
  /** job type */
  type: JobType;
  /** The job identifier. */
  id: string;
}

/**
 * Preallocation mode of QEMU image file
 *
 * Since: 2.2
 *
 * QAPI enum `PreallocMode` (block-core.json).
 */
export type PreallocMode = 'off' | 'metadata' | 'falloc' | 'full';

/**
 * Data of the `BLOCK_WRITE_THRESHOLD` event.
 *
 * Emitted when writes on block device reaches or exceeds the configured write threshold.  For
 * thin-provisioned devices, this means the device should be extended to avoid pausing for disk
 * exhaustion.  The event is one shot.  Once triggered, it needs to be re-registered with another
 * block-set-write-threshold command.
 */
export interface BlockWriteThresholdEventData {
  /** graph node name on which the threshold was exceeded. */
  'node-name': string;
  /** amount of data which exceeded the threshold, in bytes. */
  'amount-exceeded': number;
  /** last configured threshold, in bytes. */
  'write-threshold': number;
}

/**
 * Arguments of the `block-set-write-threshold` command.
 *
 * Change the write threshold for a block drive.  An event will be delivered if a write to this
 * block drive crosses the configured threshold.  The threshold is an offset, thus must be
 * non-negative. Default is no write threshold.  Setting the threshold to zero disables it.
 */
export interface BlockSetWriteThresholdArguments {
  /** graph node name on which the threshold must be set. */
  'node-name': string;
  /** configured threshold for the block device, bytes. Use 0 to disable the threshold. */
  'write-threshold': number;
}

/**
 * Arguments of the `x-blockdev-change` command.
 *
 * Dynamically reconfigure the block driver state graph.
 */
export interface XBlockdevChangeArguments {
  /** the id or name of the parent node. */
  parent: string;
  /** the name of a child to be deleted.  Mutually exclusive with `node`. */
  child?: string;
  /** the name of the node to be added.  Mutually exclusive with `child`. */
  node?: string;
}

/**
 * Arguments of the `x-blockdev-set-iothread` command.
 *
 * Move `node` and its children into the `iothread`.  If `iothread` is null then move `node` and
 * its children into the main loop.
 */
export interface XBlockdevSetIothreadArguments {
  /** the name of the block driver node */
  'node-name': string;
  /** the name of the IOThread object or null for the main loop */
  iothread: StrOrNull;
  /** true if the node and its children should be moved when a BlockBackend is already attached */
  force?: boolean;
}

/**
 * An enumeration of the quorum operation types
 *
 * Since: 2.6
 *
 * QAPI enum `QuorumOpType` (block-core.json).
 */
export type QuorumOpType = 'read' | 'write' | 'flush';

/**
 * Data of the `QUORUM_FAILURE` event.
 *
 * Emitted by the Quorum block driver if it fails to establish a quorum
 */
export interface QuorumFailureEventData {
  /** device name if defined else node name */
  reference: string;
  /** number of the first sector of the failed read operation */
  'sector-num': number;
  /** failed read operation sector count */
  'sectors-count': number;
}

/**
 * Data of the `QUORUM_REPORT_BAD` event.
 *
 * Emitted to report a corruption of a Quorum file
 */
export interface QuorumReportBadEventData {
  /** quorum operation type (Since 2.6) */
  type: QuorumOpType;
  /**
   * error message.  Only present on failure.  This field contains a human-readable error message. 
   * There are no semantics other than that the block layer reported an error and clients should
   * not try to interpret the error string.
   */
  error?: string;
  /** the graph node name of the block driver state */
  'node-name': string;
  /** number of the first sector of the failed read operation */
  'sector-num': number;
  /** failed read operation sector count */
  'sectors-count': number;
}

/**
 * `BlockdevSnapshotInternal` (struct).
 *
 * Since: 1.7
 *
 * QAPI struct `BlockdevSnapshotInternal` (block-core.json).
 */
export interface BlockdevSnapshotInternal {
  /** the device name or node-name of a root node to generate the snapshot from */
  device: string;
  /** the name of the internal snapshot to be created */
  name: string;
}

/**
 * Arguments of the `blockdev-snapshot-delete-internal-sync` command.
 *
 * Synchronously delete an internal snapshot of a block device, when the format of the image used
 * support it.  The snapshot is identified by name or id or both.  One of the name or id is
 * required.  Return SnapshotInfo for the successfully deleted snapshot.
 */
export interface BlockdevSnapshotDeleteInternalSyncArguments {
  /** the device name or node-name of a root node to delete the snapshot from */
  device: string;
  /** optional the snapshot's ID to be deleted */
  id?: string;
  /** optional the snapshot's name to be deleted */
  name?: string;
}

/**
 * Not used by QMP; hack to let us use BlockGraphInfoList internally
 *
 * Since: 8.0
 *
 * QAPI struct `DummyBlockCoreForceArrays` (block-core.json).
 */
export interface DummyBlockCoreForceArrays {
  'unused-block-graph-info': BlockGraphInfo[];
}

// --------------------------------------------------------------------------
// block.json: Block devices

/**
 * Policy that BIOS should use to interpret cylinder/head/sector addresses.  Note that Bochs BIOS
 * and SeaBIOS will not actually translate logical CHS to physical; instead, they will use logical
 * block addressing.
 *
 * Since: 2.0
 *
 * QAPI enum `BiosAtaTranslation` (block.json).
 */
export type BiosAtaTranslation = 'auto' | 'none' | 'lba' | 'large' | 'rechs';

/**
 * Type of Floppy drive to be emulated by the Floppy Disk Controller.
 *
 * Since: 2.6
 *
 * QAPI enum `FloppyDriveType` (block.json).
 */
export type FloppyDriveType = '144' | '288' | '120' | 'none' | 'auto';

/**
 * Information about a persistent reservation manager
 *
 * Since: 3.0
 *
 * QAPI struct `PRManagerInfo` (block.json).
 */
export interface PRManagerInfo {
  /** the identifier of the persistent reservation manager */
  id: string;
  /**
   * true if the persistent reservation manager is connected to the underlying storage or helper
   */
  connected: boolean;
}

/**
 * Arguments of the `eject` command.
 *
 * Ejects the medium from a removable drive.
 */
export interface EjectArguments {
  /**
   * Block device name
   *
   * @deprecated Deprecated in the QAPI schema.
   */
  device?: string;
  /** The name or QOM path of the guest device (since: 2.8) */
  id?: string;
  /**
   * If true, eject regardless of whether the drive is locked. If not specified, the default value
   * is false.
   */
  force?: boolean;
}

/**
 * Arguments of the `blockdev-open-tray` command.
 *
 * Opens a block device's tray.  If there is a block driver state tree inserted as a medium, it
 * will become inaccessible to the guest (but it will remain associated to the block device, so
 * closing the tray will make it accessible again).
 */
export interface BlockdevOpenTrayArguments {
  /**
   * Block device name
   *
   * @deprecated Deprecated in the QAPI schema.
   */
  device?: string;
  /** The name or QOM path of the guest device (since: 2.8) */
  id?: string;
  /**
   * if false (the default), an eject request will be sent to the guest if it has locked the tray
   * (and the tray will not be opened immediately); if true, the tray will be opened regardless of
   * whether it is locked
   */
  force?: boolean;
}

/**
 * Arguments of the `blockdev-close-tray` command.
 *
 * Closes a block device's tray.  If there is a block driver state tree associated with the block
 * device (which is currently ejected), that tree will be loaded as the medium.
 */
export interface BlockdevCloseTrayArguments {
  /**
   * Block device name
   *
   * @deprecated Deprecated in the QAPI schema.
   */
  device?: string;
  /** The name or QOM path of the guest device (since: 2.8) */
  id?: string;
}

/**
 * Arguments of the `blockdev-remove-medium` command.
 *
 * Removes a medium (a block driver state tree) from a block device. That block device's tray must
 * currently be open (unless there is no attached guest device).
 */
export interface BlockdevRemoveMediumArguments {
  /** The name or QOM path of the guest device */
  id: string;
}

/**
 * Arguments of the `blockdev-insert-medium` command.
 *
 * Inserts a medium (a block driver state tree) into a block device. That block device's tray must
 * currently be open (unless there is no attached guest device) and there must be no medium
 * inserted already.
 */
export interface BlockdevInsertMediumArguments {
  /** The name or QOM path of the guest device */
  id: string;
  /** name of a node in the block driver state graph */
  'node-name': string;
}

/**
 * Specifies the new read-only mode of a block device subject to the `blockdev-change-medium`
 * command.
 *
 * Since: 2.3
 *
 * QAPI enum `BlockdevChangeReadOnlyMode` (block.json).
 */
export type BlockdevChangeReadOnlyMode = 'retain' | 'read-only' | 'read-write';

/**
 * Arguments of the `blockdev-change-medium` command.
 *
 * Changes the medium inserted into a block device by ejecting the current medium and loading a new
 * image file which is inserted as the new medium (this command combines blockdev-open-tray,
 * blockdev-remove-medium, blockdev-insert-medium and blockdev-close-tray).
 */
export interface BlockdevChangeMediumArguments {
  /**
   * Block device name
   *
   * @deprecated Deprecated in the QAPI schema.
   */
  device?: string;
  /** The name or QOM path of the guest device (since: 2.8) */
  id?: string;
  /** filename of the new image to be loaded */
  filename: string;
  /** format to open the new image with (defaults to the probed format) */
  format?: string;
  /**
   * if false (the default), an eject request through blockdev-open-tray will be sent to the guest
   * if it has locked the tray (and the tray will not be opened immediately); if true, the tray
   * will be opened regardless of whether it is locked. (since 7.1)
   */
  force?: boolean;
  /** change the read-only mode of the device; defaults to 'retain' */
  'read-only-mode'?: BlockdevChangeReadOnlyMode;
}

/**
 * Data of the `DEVICE_TRAY_MOVED` event.
 *
 * Emitted whenever the tray of a removable device is moved by the guest or by HMP/QMP commands
 */
export interface DeviceTrayMovedEventData {
  /**
   * Block device name.  This is always present for compatibility reasons, but it can be empty ("")
   * if the image does not have a device name associated.
   */
  device: string;
  /** The name or QOM path of the guest device (since 2.8) */
  id: string;
  /** true if the tray has been opened or false if it has been closed */
  'tray-open': boolean;
}

/**
 * Data of the `PR_MANAGER_STATUS_CHANGED` event.
 *
 * Emitted whenever the connected status of a persistent reservation manager changes.
 */
export interface PrManagerStatusChangedEventData {
  /** The id of the PR manager object */
  id: string;
  /** true if the PR manager is connected to a backend */
  connected: boolean;
}

/**
 * Arguments of the `block-latency-histogram-set` command.
 *
 * Manage read, write and flush latency histograms for the device.
 */
export interface BlockLatencyHistogramSetArguments {
  /** The name or QOM path of the guest device. */
  id: string;
  /**
   * list of interval boundary values (see description in BlockLatencyHistogramInfo definition). 
   * If specified, all latency histograms are removed, and empty ones created for all io types with
   * intervals corresponding to `boundaries` (except for io types, for which specific boundaries
   * are set through the following parameters).
   */
  boundaries?: number[];
  /**
   * list of interval boundary values for read latency histogram.  If specified, old read latency
   * histogram is removed, and empty one created with intervals corresponding to `boundaries-read`.
   * The parameter has higher priority then `boundaries`.
   */
  'boundaries-read'?: number[];
  /** list of interval boundary values for write latency histogram. */
  'boundaries-write'?: number[];
  /** list of interval boundary values for zone append write latency histogram. */
  'boundaries-zap'?: number[];
  /** list of interval boundary values for flush latency histogram. */
  'boundaries-flush'?: number[];
}

// --------------------------------------------------------------------------
// block-export.json: Block device exports

/**
 * `NbdServerOptionsBase` (struct).
 *
 * QAPI struct `NbdServerOptionsBase` (block-export.json).
 */
export interface NbdServerOptionsBase {
  /**
   * Time limit, in seconds, at which a client that has not completed the negotiation handshake
   * will be disconnected, or 0 for no limit (since 10.0; default: 10).
   */
  'handshake-max-seconds'?: number;
  /** ID of the TLS credentials object (since 2.6). */
  'tls-creds'?: string;
  /**
   * ID of the QAuthZ authorization object used to validate the client's x509 distinguished name. 
   * This object is is only resolved at time of use, so can be deleted and recreated on the fly
   * while the NBD server is active.  If missing, it will default to denying access (since 4.0).
   */
  'tls-authz'?: string;
  /**
   * The maximum number of connections to allow at the same time, 0 for unlimited.  Setting this to
   * 1 also stops the server from advertising multiple client support (since 5.2; default: 100).
   */
  'max-connections'?: number;
}

/**
 * Keep this type consistent with the NbdServerOptionsLegacy type.  The only intended difference is
 * using SocketAddress instead of SocketAddressLegacy.
 *
 * QAPI struct `NbdServerOptions` (block-export.json).
 */
export interface NbdServerOptions extends NbdServerOptionsBase {
  /** Address on which to listen (since 4.2). */
  addr: SocketAddress;
}

/**
 * Keep this type consistent with the NbdServerOptions type.  The only intended difference is using
 * SocketAddressLegacy instead of SocketAddress.
 *
 * QAPI struct `NbdServerOptionsLegacy` (block-export.json).
 */
export interface NbdServerOptionsLegacy extends NbdServerOptionsBase {
  /** Address on which to listen (since 1.3). */
  addr: SocketAddressLegacy;
}

/**
 * An NBD block export (common options shared between nbd-server-add and the NBD branch of
 * block-export-add).
 *
 * Since: 5.0
 *
 * QAPI struct `BlockExportOptionsNbdBase` (block-export.json).
 */
export interface BlockExportOptionsNbdBase {
  /**
   * Export name.  If unspecified, the `device` parameter is used as the export name.  (Since 2.12)
   */
  name?: string;
  /** Free-form description of the export, up to 4096 bytes. (Since 5.0) */
  description?: string;
}

/**
 * An NBD block export (distinct options used in the NBD branch of block-export-add).
 *
 * Since: 5.2
 *
 * QAPI struct `BlockExportOptionsNbd` (block-export.json).
 */
export interface BlockExportOptionsNbd extends BlockExportOptionsNbdBase {
  /**
   * Also export each of the named dirty bitmaps reachable from `device`, so the NBD client can use
   * NBD_OPT_SET_META_CONTEXT with the metadata context name "qemu:dirty-bitmap:BITMAP" to inspect
   * each bitmap.  Since 7.1 bitmap may be specified by node/name pair.
   */
  bitmaps?: BlockDirtyBitmapOrStr[];
  /**
   * Also export the allocation depth map for `device`, so the NBD client can use
   * NBD_OPT_SET_META_CONTEXT with the metadata context name "qemu:allocation-depth" to inspect
   * allocation details.  (since 5.2)
   */
  'allocation-depth'?: boolean;
}

/**
 * A vhost-user-blk block export.
 *
 * Since: 5.2
 *
 * QAPI struct `BlockExportOptionsVhostUserBlk` (block-export.json).
 */
export interface BlockExportOptionsVhostUserBlk {
  /**
   * The vhost-user socket on which to listen.  Both 'unix' and 'fd' SocketAddress types are
   * supported.  Passed fds must be UNIX domain sockets.
   */
  addr: SocketAddress;
  /** Logical block size in bytes.  Defaults to 512 bytes. */
  'logical-block-size'?: number;
  /** Number of request virtqueues.  Must be greater than 0. Defaults to 1. */
  'num-queues'?: number;
}

/**
 * Possible allow_other modes for FUSE exports.
 *
 * Since: 6.1
 *
 * QAPI enum `FuseExportAllowOther` (block-export.json).
 */
export type FuseExportAllowOther = 'off' | 'on' | 'auto';

/**
 * Options for exporting a block graph node on some (file) mountpoint as a raw image.
 *
 * Only present when the QEMU build has `CONFIG_FUSE`.
 *
 * Since: 6.0
 *
 * QAPI struct `BlockExportOptionsFuse` (block-export.json).
 */
export interface BlockExportOptionsFuse {
  /**
   * Path on which to export the block device via FUSE. This must point to an existing regular
   * file.
   */
  mountpoint: string;
  /** Whether writes beyond the EOF should grow the block node accordingly.  (default: false) */
  growable?: boolean;
  /**
   * If this is off, only qemu's user is allowed access to this export.  That cannot be changed
   * even with chmod or chown. Enabling this option will allow other users access to the export
   * with the FUSE mount option "allow_other".  Note that using allow_other as a non-root user
   * requires user_allow_other to be enabled in the global fuse.conf configuration file.  In auto
   * mode (the default), the FUSE export driver will first attempt to mount the export with
   * allow_other, and if that fails, try again without.  (since 6.1; default: auto)
   */
  'allow-other'?: FuseExportAllowOther;
}

/**
 * A vduse-blk block export.
 *
 * Since: 7.1
 *
 * QAPI struct `BlockExportOptionsVduseBlk` (block-export.json).
 */
export interface BlockExportOptionsVduseBlk {
  /** the name of VDUSE device (must be unique across the host). */
  name: string;
  /** the number of virtqueues.  Defaults to 1. */
  'num-queues'?: number;
  /** the size of virtqueue.  Defaults to 256. */
  'queue-size'?: number;
  /**
   * Logical block size in bytes.  Range [512, PAGE_SIZE] and must be power of 2.  Defaults to 512
   * bytes.
   */
  'logical-block-size'?: number;
  /** the serial number of virtio block device.  Defaults to empty string. */
  serial?: string;
}

/**
 * An NBD block export, per legacy nbd-server-add command.
 *
 * Since: 5.0
 *
 * QAPI struct `NbdServerAddOptions` (block-export.json).
 */
export interface NbdServerAddOptions extends BlockExportOptionsNbdBase {
  /** The device name or node name of the node to be exported */
  device: string;
  /**
   * Whether clients should be able to write to the device via the NBD connection (default false).
   */
  writable?: boolean;
  /**
   * Also export a single dirty bitmap reachable from `device`, so the NBD client can use
   * NBD_OPT_SET_META_CONTEXT with the metadata context name "qemu:dirty-bitmap:BITMAP" to inspect
   * the bitmap (since 4.0).
   */
  bitmap?: string;
}

/**
 * Mode for removing a block export.
 *
 * Since: 2.12
 *
 * QAPI enum `BlockExportRemoveMode` (block-export.json).
 */
export type BlockExportRemoveMode = 'safe' | 'hard';

/**
 * Arguments of the `nbd-server-remove` command.
 *
 * Remove NBD export by name.
 */
export interface NbdServerRemoveArguments {
  /** Block export id. */
  name: string;
  /** Mode of command operation.  See `BlockExportRemoveMode` description.  Default is 'safe'. */
  mode?: BlockExportRemoveMode;
}

/**
 * An enumeration of block export types
 *
 * - `vhost-user-blk`: Only present when the QEMU build has `CONFIG_VHOST_USER_BLK_SERVER`.
 * - `fuse`: Only present when the QEMU build has `CONFIG_FUSE`.
 * - `vduse-blk`: Only present when the QEMU build has `CONFIG_VDUSE_BLK_EXPORT`.
 *
 * Since: 4.2
 *
 * QAPI enum `BlockExportType` (block-export.json).
 */
export type BlockExportType = 'nbd' | 'vhost-user-blk' | 'fuse' | 'vduse-blk';

/** Common members of {@link BlockExportOptions}. */
export interface BlockExportOptionsBase {
  /** Block export type */
  type: BlockExportType;
  /** A unique identifier for the block export (across all export types) */
  id: string;
  /**
   * True prevents the block node from being moved to another thread while the export is active. 
   * If true and `iothread` is given, export creation fails if the block node cannot be moved to
   * the iothread.  The default is false. (since: 5.2)
   */
  'fixed-iothread'?: boolean;
  /**
   * The name of the iothread object where the export will run.  The default is to use the thread
   * currently associated with the block node.  (since: 5.2)
   */
  iothread?: string;
  /** The node name of the block node to be exported (since: 5.2) */
  'node-name': string;
  /** True if clients should be able to write to the export (default false) */
  writable?: boolean;
  /**
   * If true, caches are flushed after every write request to the export before completion is
   * signalled.  (since: 5.2; default: false)
   */
  writethrough?: boolean;
  /**
   * If true, the export allows the exported node to be inactive. If it is created for an inactive
   * block node, the node remains inactive. If the export type doesn't support running on an
   * inactive node, an error is returned. If false, inactive block nodes are automatically
   * activated before creating the export and trying to inactivate them later fails. (since: 10.0;
   * default: false)
   */
  'allow-inactive'?: boolean;
}

/**
 * Describes a block export, i.e. how single node should be exported on an external interface.
 *
 * Discriminated by `type` (`BlockExportType`).
 *
 * Since: 4.2
 *
 * QAPI union `BlockExportOptions` (block-export.json).
 */
export type BlockExportOptions =
  | (BlockExportOptionsBase & { type: 'nbd' } & BlockExportOptionsNbd)
  | (BlockExportOptionsBase & { type: 'vhost-user-blk' } & BlockExportOptionsVhostUserBlk) // if CONFIG_VHOST_USER_BLK_SERVER
  | (BlockExportOptionsBase & { type: 'fuse' } & BlockExportOptionsFuse) // if CONFIG_FUSE
  | (BlockExportOptionsBase & { type: 'vduse-blk' } & BlockExportOptionsVduseBlk) // if CONFIG_VDUSE_BLK_EXPORT;

/**
 * Arguments of the `block-export-del` command.
 *
 * Request to remove a block export.  This drops the user's reference to the export, but the export
 * may still stay around after this command returns until the shutdown of the export has completed.
 */
export interface BlockExportDelArguments {
  /** Block export id. */
  id: string;
  /** Mode of command operation.  See `BlockExportRemoveMode` description.  Default is 'safe'. */
  mode?: BlockExportRemoveMode;
}

/**
 * Data of the `BLOCK_EXPORT_DELETED` event.
 *
 * Emitted when a block export is removed and its id can be reused.
 */
export interface BlockExportDeletedEventData {
  /** Block export id. */
  id: string;
}

/**
 * Information about a single block export.
 *
 * Since: 5.2
 *
 * QAPI struct `BlockExportInfo` (block-export.json).
 */
export interface BlockExportInfo {
  /** The unique identifier for the block export */
  id: string;
  /** The block export type */
  type: BlockExportType;
  /** The node name of the block node that is exported */
  'node-name': string;
  /**
   * True if the export is shutting down (e.g. after a block-export-del command, but before the
   * shutdown has completed)
   */
  'shutting-down': boolean;
}

// --------------------------------------------------------------------------
// char.json: Character devices

/**
 * Information about a character device.
 *
 * Since: 0.14
 *
 * QAPI struct `ChardevInfo` (char.json).
 */
export interface ChardevInfo {
  /** the label of the character device */
  label: string;
  /** the filename of the character device */
  filename: string;
  /**
   * shows whether the frontend device attached to this backend (e.g. with the chardev=... option)
   * is in open or closed state (since 2.1)
   */
  'frontend-open': boolean;
}

/**
 * Information about a character device backend
 *
 * Since: 2.0
 *
 * QAPI struct `ChardevBackendInfo` (char.json).
 */
export interface ChardevBackendInfo {
  /** The backend name */
  name: string;
}

/**
 * An enumeration of data format.
 *
 * Since: 1.4
 *
 * QAPI enum `DataFormat` (char.json).
 */
export type DataFormat = 'utf8' | 'base64';

/**
 * Arguments of the `ringbuf-write` command.
 *
 * Write to a ring buffer character device.
 */
export interface RingbufWriteArguments {
  /** the ring buffer character device name */
  device: string;
  /** data to write */
  data: string;
  /** data encoding (default 'utf8'). */
  format?: DataFormat;
}

/**
 * Arguments of the `ringbuf-read` command.
 *
 * Read from a ring buffer character device.
 */
export interface RingbufReadArguments {
  /** the ring buffer character device name */
  device: string;
  /** how many bytes to read at most */
  size: number;
  /** data encoding (default 'utf8'). */
  format?: DataFormat;
}

/**
 * Configuration shared across all chardev backends
 *
 * Since: 2.6
 *
 * QAPI struct `ChardevCommon` (char.json).
 */
export interface ChardevCommon {
  /** The name of a logfile to save output */
  logfile?: string;
  /** true to append instead of truncate (default to false to truncate) */
  logappend?: boolean;
}

/**
 * Configuration info for file chardevs.
 *
 * Since: 1.4
 *
 * QAPI struct `ChardevFile` (char.json).
 */
export interface ChardevFile extends ChardevCommon {
  /** The name of the input file */
  in?: string;
  /** The name of the output file */
  out: string;
  /** Open the file in append mode (default false to truncate) (Since 2.6) */
  append?: boolean;
}

/**
 * Configuration info for device and pipe chardevs.
 *
 * Since: 1.4
 *
 * QAPI struct `ChardevHostdev` (char.json).
 */
export interface ChardevHostdev extends ChardevCommon {
  /** The name of the special file for the device, i.e. /dev/ttyS0 on Unix or COM1: on Windows */
  device: string;
}

/**
 * Configuration info for (stream) socket chardevs.
 *
 * Since: 1.4
 *
 * QAPI struct `ChardevSocket` (char.json).
 */
export interface ChardevSocket extends ChardevCommon {
  /** socket address to listen on (server=true) or connect to (server=false) */
  addr: SocketAddressLegacy;
  /** the ID of the TLS credentials object (since 2.6) */
  'tls-creds'?: string;
  /**
   * the ID of the QAuthZ authorization object against which the client's x509 distinguished name
   * will be validated.  This object is only resolved at time of use, so can be deleted and
   * recreated on the fly while the chardev server is active.  If missing, it will default to
   * denying access (since 4.0)
   */
  'tls-authz'?: string;
  /** create server socket (default: true) */
  server?: boolean;
  /**
   * wait for incoming connection on server sockets (default: false).  Silently ignored with
   * server: false.  This use is deprecated.
   */
  wait?: boolean;
  /** set TCP_NODELAY socket option (default: false) */
  nodelay?: boolean;
  /** enable telnet protocol on server sockets (default: false) */
  telnet?: boolean;
  /** enable tn3270 protocol on server sockets (default: false) (Since: 2.10) */
  tn3270?: boolean;
  /** enable websocket protocol on server sockets (default: false) (Since: 3.1) */
  websocket?: boolean;
  /**
   * For a client socket, if a socket is disconnected, then attempt a reconnect after the given
   * number of seconds.  Setting this to zero disables this function.  The use of this member is
   * deprecated, use `reconnect-ms` instead. (default: 0) (Since: 2.2)
   *
   * @deprecated Deprecated in the QAPI schema.
   */
  reconnect?: number;
  /**
   * For a client socket, if a socket is disconnected, then attempt a reconnect after the given
   * number of milliseconds. Setting this to zero disables this function.  This member is mutually
   * exclusive with `reconnect`. (default: 0) (Since: 9.2)
   */
  'reconnect-ms'?: number;
}

/**
 * Configuration info for datagram socket chardevs.
 *
 * Since: 1.5
 *
 * QAPI struct `ChardevUdp` (char.json).
 */
export interface ChardevUdp extends ChardevCommon {
  /** remote address */
  remote: SocketAddressLegacy;
  /** local address */
  local?: SocketAddressLegacy;
}

/**
 * Configuration info for mux chardevs.
 *
 * Since: 1.5
 *
 * QAPI struct `ChardevMux` (char.json).
 */
export interface ChardevMux extends ChardevCommon {
  /** name of the base chardev. */
  chardev: string;
}

/**
 * Configuration info for hub chardevs.
 *
 * Since: 10.0
 *
 * QAPI struct `ChardevHub` (char.json).
 */
export interface ChardevHub extends ChardevCommon {
  /** IDs to be added to this hub (maximum 4 devices). */
  chardevs: string[];
}

/**
 * Configuration info for stdio chardevs.
 *
 * Since: 1.5
 *
 * QAPI struct `ChardevStdio` (char.json).
 */
export interface ChardevStdio extends ChardevCommon {
  /** Allow signals (such as SIGINT triggered by ^C) be delivered to qemu.  Default: true. */
  signal?: boolean;
}

/**
 * Configuration info for spice vm channel chardevs.
 *
 * Only present when the QEMU build has `CONFIG_SPICE`.
 *
 * Since: 1.5
 *
 * QAPI struct `ChardevSpiceChannel` (char.json).
 */
export interface ChardevSpiceChannel extends ChardevCommon {
  /** kind of channel (for example vdagent). */
  type: string;
}

/**
 * Configuration info for spice port chardevs.
 *
 * Only present when the QEMU build has `CONFIG_SPICE`.
 *
 * Since: 1.5
 *
 * QAPI struct `ChardevSpicePort` (char.json).
 */
export interface ChardevSpicePort extends ChardevCommon {
  /** name of the channel (see docs/spice-port-fqdn.txt) */
  fqdn: string;
}

/**
 * Configuration info for DBus chardevs.
 *
 * Only present when the QEMU build has `CONFIG_DBUS_DISPLAY`.
 *
 * Since: 7.0
 *
 * QAPI struct `ChardevDBus` (char.json).
 */
export interface ChardevDBus extends ChardevCommon {
  /** name of the channel (following docs/spice-port-fqdn.txt) */
  name: string;
}

/**
 * Configuration info for virtual console chardevs.
 *
 * Since: 1.5
 *
 * QAPI struct `ChardevVC` (char.json).
 */
export interface ChardevVC extends ChardevCommon {
  /** console width, in pixels */
  width?: number;
  /** console height, in pixels */
  height?: number;
  /** console width, in chars */
  cols?: number;
  /** console height, in chars */
  rows?: number;
}

/**
 * Configuration info for ring buffer chardevs.
 *
 * Since: 1.5
 *
 * QAPI struct `ChardevRingbuf` (char.json).
 */
export interface ChardevRingbuf extends ChardevCommon {
  /** ring buffer size, must be power of two, default is 65536 */
  size?: number;
}

/**
 * Configuration info for qemu vdagent implementation.
 *
 * Only present when the QEMU build has `CONFIG_SPICE_PROTOCOL`.
 *
 * Since: 6.1
 *
 * QAPI struct `ChardevQemuVDAgent` (char.json).
 */
export interface ChardevQemuVDAgent extends ChardevCommon {
  /** enable/disable mouse, default is enabled. */
  mouse?: boolean;
  /** enable/disable clipboard, default is disabled. */
  clipboard?: boolean;
}

/**
 * Configuration info for pty implementation.
 *
 * Since: 9.2
 *
 * QAPI struct `ChardevPty` (char.json).
 */
export interface ChardevPty extends ChardevCommon {
  /** optional path to create a symbolic link that points to the allocated PTY */
  path?: string;
}

/**
 * `ChardevBackendKind` (enum).
 *
 * - `serial`: Only present when the QEMU build has `HAVE_CHARDEV_SERIAL`.
 * - `parallel`: Only present when the QEMU build has `HAVE_CHARDEV_PARALLEL`.
 * - `braille`: Only present when the QEMU build has `CONFIG_BRLAPI`.
 * - `console`: Only present when the QEMU build has `CONFIG_WIN32`.
 * - `spicevmc`: Only present when the QEMU build has `CONFIG_SPICE`.
 * - `spiceport`: Only present when the QEMU build has `CONFIG_SPICE`.
 * - `qemu-vdagent`: Only present when the QEMU build has `CONFIG_SPICE_PROTOCOL`.
 * - `dbus`: Only present when the QEMU build has `CONFIG_DBUS_DISPLAY`.
 * - `memory`: deprecated. Deprecated in the QAPI schema.
 *
 * Since: 1.4
 *
 * QAPI enum `ChardevBackendKind` (char.json).
 */
export type ChardevBackendKind =
  | 'file'
  | 'serial'
  | 'parallel'
  | 'pipe'
  | 'socket'
  | 'udp'
  | 'pty'
  | 'null'
  | 'mux'
  | 'hub'
  | 'msmouse'
  | 'wctablet'
  | 'braille'
  | 'testdev'
  | 'stdio'
  | 'console'
  | 'spicevmc'
  | 'spiceport'
  | 'qemu-vdagent'
  | 'dbus'
  | 'vc'
  | 'ringbuf'
  | 'memory';

/**
 * `ChardevFileWrapper` (struct).
 *
 * Since: 1.4
 *
 * QAPI struct `ChardevFileWrapper` (char.json).
 */
export interface ChardevFileWrapper {
  /** Configuration info for file chardevs */
  data: ChardevFile;
}

/**
 * `ChardevHostdevWrapper` (struct).
 *
 * Since: 1.4
 *
 * QAPI struct `ChardevHostdevWrapper` (char.json).
 */
export interface ChardevHostdevWrapper {
  /** Configuration info for device and pipe chardevs */
  data: ChardevHostdev;
}

/**
 * `ChardevSocketWrapper` (struct).
 *
 * Since: 1.4
 *
 * QAPI struct `ChardevSocketWrapper` (char.json).
 */
export interface ChardevSocketWrapper {
  /** Configuration info for (stream) socket chardevs */
  data: ChardevSocket;
}

/**
 * `ChardevUdpWrapper` (struct).
 *
 * Since: 1.5
 *
 * QAPI struct `ChardevUdpWrapper` (char.json).
 */
export interface ChardevUdpWrapper {
  /** Configuration info for datagram socket chardevs */
  data: ChardevUdp;
}

/**
 * `ChardevCommonWrapper` (struct).
 *
 * Since: 2.6
 *
 * QAPI struct `ChardevCommonWrapper` (char.json).
 */
export interface ChardevCommonWrapper {
  /** Configuration shared across all chardev backends */
  data: ChardevCommon;
}

/**
 * `ChardevMuxWrapper` (struct).
 *
 * Since: 1.5
 *
 * QAPI struct `ChardevMuxWrapper` (char.json).
 */
export interface ChardevMuxWrapper {
  /** Configuration info for mux chardevs */
  data: ChardevMux;
}

/**
 * `ChardevHubWrapper` (struct).
 *
 * Since: 10.0
 *
 * QAPI struct `ChardevHubWrapper` (char.json).
 */
export interface ChardevHubWrapper {
  /** Configuration info for hub chardevs */
  data: ChardevHub;
}

/**
 * `ChardevStdioWrapper` (struct).
 *
 * Since: 1.5
 *
 * QAPI struct `ChardevStdioWrapper` (char.json).
 */
export interface ChardevStdioWrapper {
  /** Configuration info for stdio chardevs */
  data: ChardevStdio;
}

/**
 * `ChardevSpiceChannelWrapper` (struct).
 *
 * Only present when the QEMU build has `CONFIG_SPICE`.
 *
 * Since: 1.5
 *
 * QAPI struct `ChardevSpiceChannelWrapper` (char.json).
 */
export interface ChardevSpiceChannelWrapper {
  /** Configuration info for spice vm channel chardevs */
  data: ChardevSpiceChannel;
}

/**
 * `ChardevSpicePortWrapper` (struct).
 *
 * Only present when the QEMU build has `CONFIG_SPICE`.
 *
 * Since: 1.5
 *
 * QAPI struct `ChardevSpicePortWrapper` (char.json).
 */
export interface ChardevSpicePortWrapper {
  /** Configuration info for spice port chardevs */
  data: ChardevSpicePort;
}

/**
 * `ChardevQemuVDAgentWrapper` (struct).
 *
 * Only present when the QEMU build has `CONFIG_SPICE_PROTOCOL`.
 *
 * Since: 6.1
 *
 * QAPI struct `ChardevQemuVDAgentWrapper` (char.json).
 */
export interface ChardevQemuVDAgentWrapper {
  /** Configuration info for qemu vdagent implementation */
  data: ChardevQemuVDAgent;
}

/**
 * `ChardevDBusWrapper` (struct).
 *
 * Only present when the QEMU build has `CONFIG_DBUS_DISPLAY`.
 *
 * Since: 7.0
 *
 * QAPI struct `ChardevDBusWrapper` (char.json).
 */
export interface ChardevDBusWrapper {
  /** Configuration info for DBus chardevs */
  data: ChardevDBus;
}

/**
 * `ChardevVCWrapper` (struct).
 *
 * Since: 1.5
 *
 * QAPI struct `ChardevVCWrapper` (char.json).
 */
export interface ChardevVCWrapper {
  /** Configuration info for virtual console chardevs */
  data: ChardevVC;
}

/**
 * `ChardevRingbufWrapper` (struct).
 *
 * Since: 1.5
 *
 * QAPI struct `ChardevRingbufWrapper` (char.json).
 */
export interface ChardevRingbufWrapper {
  /** Configuration info for ring buffer chardevs */
  data: ChardevRingbuf;
}

/**
 * `ChardevPtyWrapper` (struct).
 *
 * Since: 9.2
 *
 * QAPI struct `ChardevPtyWrapper` (char.json).
 */
export interface ChardevPtyWrapper {
  /** Configuration info for pty chardevs */
  data: ChardevPty;
}

/** Common members of {@link ChardevBackend}. */
export interface ChardevBackendBase {
  /** backend type */
  type: ChardevBackendKind;
}

/**
 * Configuration info for the new chardev backend.
 *
 * Discriminated by `type` (`ChardevBackendKind`).
 *
 * Since: 1.4
 *
 * QAPI union `ChardevBackend` (char.json).
 */
export type ChardevBackend =
  | (ChardevBackendBase & { type: 'file' } & ChardevFileWrapper)
  | (ChardevBackendBase & { type: 'serial' } & ChardevHostdevWrapper) // if HAVE_CHARDEV_SERIAL
  | (ChardevBackendBase & { type: 'parallel' } & ChardevHostdevWrapper) // if HAVE_CHARDEV_PARALLEL
  | (ChardevBackendBase & { type: 'pipe' } & ChardevHostdevWrapper)
  | (ChardevBackendBase & { type: 'socket' } & ChardevSocketWrapper)
  | (ChardevBackendBase & { type: 'udp' } & ChardevUdpWrapper)
  | (ChardevBackendBase & { type: 'pty' } & ChardevPtyWrapper)
  | (ChardevBackendBase & { type: 'null' } & ChardevCommonWrapper)
  | (ChardevBackendBase & { type: 'mux' } & ChardevMuxWrapper)
  | (ChardevBackendBase & { type: 'hub' } & ChardevHubWrapper)
  | (ChardevBackendBase & { type: 'msmouse' } & ChardevCommonWrapper)
  | (ChardevBackendBase & { type: 'wctablet' } & ChardevCommonWrapper)
  | (ChardevBackendBase & { type: 'braille' } & ChardevCommonWrapper) // if CONFIG_BRLAPI
  | (ChardevBackendBase & { type: 'testdev' } & ChardevCommonWrapper)
  | (ChardevBackendBase & { type: 'stdio' } & ChardevStdioWrapper)
  | (ChardevBackendBase & { type: 'console' } & ChardevCommonWrapper) // if CONFIG_WIN32
  | (ChardevBackendBase & { type: 'spicevmc' } & ChardevSpiceChannelWrapper) // if CONFIG_SPICE
  | (ChardevBackendBase & { type: 'spiceport' } & ChardevSpicePortWrapper) // if CONFIG_SPICE
  | (ChardevBackendBase & { type: 'qemu-vdagent' } & ChardevQemuVDAgentWrapper) // if CONFIG_SPICE_PROTOCOL
  | (ChardevBackendBase & { type: 'dbus' } & ChardevDBusWrapper) // if CONFIG_DBUS_DISPLAY
  | (ChardevBackendBase & { type: 'vc' } & ChardevVCWrapper)
  | (ChardevBackendBase & { type: 'ringbuf' } & ChardevRingbufWrapper)
  | (ChardevBackendBase & { type: 'memory' } & ChardevRingbufWrapper);

/**
 * Return info about the chardev backend just created.
 *
 * Since: 1.4
 *
 * QAPI struct `ChardevReturn` (char.json).
 */
export interface ChardevReturn {
  /**
   * name of the slave pseudoterminal device, present if and only if a chardev of type 'pty' was
   * created
   */
  pty?: string;
}

/**
 * Arguments of the `chardev-add` command.
 *
 * Add a character device backend
 */
export interface ChardevAddArguments {
  /** the chardev's ID, must be unique */
  id: string;
  /** backend type and parameters */
  backend: ChardevBackend;
}

/**
 * Arguments of the `chardev-change` command.
 *
 * Change a character device backend
 */
export interface ChardevChangeArguments {
  /** the chardev's ID, must exist */
  id: string;
  /** new backend type and parameters */
  backend: ChardevBackend;
}

/**
 * Arguments of the `chardev-remove` command.
 *
 * Remove a character device backend
 */
export interface ChardevRemoveArguments {
  /** the chardev's ID, must exist and not be in use */
  id: string;
}

/**
 * Arguments of the `chardev-send-break` command.
 *
 * Send a break to a character device
 */
export interface ChardevSendBreakArguments {
  /** the chardev's ID, must exist */
  id: string;
}

/**
 * Data of the `VSERPORT_CHANGE` event.
 *
 * Emitted when the guest opens or closes a virtio-serial port.
 */
export interface VserportChangeEventData {
  /** device identifier of the virtio-serial port */
  id: string;
  /** true if the guest has opened the virtio-serial port */
  open: boolean;
}

// --------------------------------------------------------------------------
// dump.json: Dump guest memory

/**
 * An enumeration of guest-memory-dump's format.
 *
 * Since: 2.0
 *
 * QAPI enum `DumpGuestMemoryFormat` (dump.json).
 */
export type DumpGuestMemoryFormat =
  | 'elf'
  | 'kdump-zlib'
  | 'kdump-lzo'
  | 'kdump-snappy'
  | 'kdump-raw-zlib'
  | 'kdump-raw-lzo'
  | 'kdump-raw-snappy'
  | 'win-dmp';

/**
 * Arguments of the `dump-guest-memory` command.
 *
 * Dump guest's memory to vmcore.  It is a synchronous operation that can take very long depending
 * on the amount of guest memory.
 */
export interface DumpGuestMemoryArguments {
  /**
   * if true, do paging to get guest's memory mapping.  This allows using gdb to process the core
   * file.
   */
  paging: boolean;
  /** the filename or file descriptor of the vmcore.  The supported protocols are: */
  protocol: string;
  /**
   * if true, QMP will return immediately rather than waiting for the dump to finish.  The user can
   * track progress using "query-dump".  (since 2.6).
   */
  detach?: boolean;
  /** if specified, the starting physical address. */
  begin?: number;
  /**
   * if specified, the memory size, in bytes.  If you don't want to dump all guest's memory, please
   * specify the start `begin` and `length`
   */
  length?: number;
  /**
   * if specified, the format of guest memory dump.  But non-elf format is conflict with paging and
   * filter, ie.  `paging`, `begin` and `length` is not allowed to be specified with non-elf
   * `format` at the same time (since 2.0)
   */
  format?: DumpGuestMemoryFormat;
}

/**
 * Describe the status of a long-running background guest memory dump.
 *
 * Since: 2.6
 *
 * QAPI enum `DumpStatus` (dump.json).
 */
export type DumpStatus = 'none' | 'active' | 'completed' | 'failed';

/**
 * The result format for 'query-dump'.
 *
 * Since: 2.6
 *
 * QAPI struct `DumpQueryResult` (dump.json).
 */
export interface DumpQueryResult {
  /** enum of `DumpStatus`, which shows current dump status */
  status: DumpStatus;
  /** bytes written in latest dump (uncompressed) */
  completed: number;
  /** total bytes to be written in latest dump (uncompressed) */
  total: number;
}

/**
 * Data of the `DUMP_COMPLETED` event.
 *
 * Emitted when background dump has completed
 */
export interface DumpCompletedEventData {
  /** final dump status */
  result: DumpQueryResult;
  /**
   * human-readable error string that provides hint on why dump failed.  Only presents on failure. 
   * The user should not try to interpret the error string.
   */
  error?: string;
}

/**
 * `DumpGuestMemoryCapability` (struct).
 *
 * Since: 2.0
 *
 * QAPI struct `DumpGuestMemoryCapability` (dump.json).
 */
export interface DumpGuestMemoryCapability {
  /** the available formats for dump-guest-memory */
  formats: DumpGuestMemoryFormat[];
}

// --------------------------------------------------------------------------
// net.json: Net devices

/**
 * Arguments of the `set_link` command.
 *
 * Sets the link status of a virtual network adapter.
 */
export interface SetLinkArguments {
  /** the device name of the virtual network adapter */
  name: string;
  /** true to set the link status to be up */
  up: boolean;
}

/**
 * Arguments of the `netdev_del` command.
 *
 * Remove a network backend.
 */
export interface NetdevDelArguments {
  /** the name of the network backend to remove */
  id: string;
}

/**
 * Create a new Network Interface Card.
 *
 * Since: 1.2
 *
 * QAPI struct `NetLegacyNicOptions` (net.json).
 */
export interface NetLegacyNicOptions {
  /** id of -netdev to connect to */
  netdev?: string;
  /** MAC address */
  macaddr?: string;
  /** device model (e1000, rtl8139, virtio etc.) */
  model?: string;
  /** PCI device address */
  addr?: string;
  /** number of MSI-x vectors, 0 to disable MSI-X */
  vectors?: number;
}

/**
 * A fat type wrapping 'str', to be embedded in lists.
 *
 * Since: 1.2
 *
 * QAPI struct `String` (net.json).
 */
export interface String {
  str: string;
}

/**
 * Use the user mode network stack which requires no administrator privilege to run.
 *
 * Since: 1.2
 *
 * QAPI struct `NetdevUserOptions` (net.json).
 */
export interface NetdevUserOptions {
  /** client hostname reported by the builtin DHCP server */
  hostname?: string;
  /** isolate the guest from the host */
  restrict?: boolean;
  /** whether to support IPv4, default true for enabled (since 2.6) */
  ipv4?: boolean;
  /** whether to support IPv6, default true for enabled (since 2.6) */
  ipv6?: boolean;
  /** legacy parameter, use net= instead */
  ip?: string;
  /**
   * IP network address that the guest will see, in the form addr[/netmask] The netmask is
   * optional, and can be either in the form a.b.c.d or as a number of valid top-most bits. 
   * Default is 10.0.2.0/24.
   */
  net?: string;
  /** guest-visible address of the host */
  host?: string;
  /** root directory of the built-in TFTP server */
  tftp?: string;
  /** BOOTP filename, for use with tftp= */
  bootfile?: string;
  /** the first of the 16 IPs the built-in DHCP server can assign */
  dhcpstart?: string;
  /** guest-visible address of the virtual nameserver */
  dns?: string;
  /** list of DNS suffixes to search, passed as DHCP option to the guest */
  dnssearch?: String[];
  /** guest-visible domain name of the virtual nameserver (since 3.0) */
  domainname?: string;
  /**
   * IPv6 network prefix (default is fec0::) (since 2.6). The network prefix is given in the usual
   * hexadecimal IPv6 address notation.
   */
  'ipv6-prefix'?: string;
  /** IPv6 network prefix length (default is 64) (since 2.6) */
  'ipv6-prefixlen'?: number;
  /** guest-visible IPv6 address of the host (since 2.6) */
  'ipv6-host'?: string;
  /** guest-visible IPv6 address of the virtual nameserver (since 2.6) */
  'ipv6-dns'?: string;
  /** root directory of the built-in SMB server */
  smb?: string;
  /** IP address of the built-in SMB server */
  smbserver?: string;
  /** redirect incoming TCP or UDP host connections to guest endpoints */
  hostfwd?: String[];
  /** forward guest TCP connections */
  guestfwd?: String[];
  /** RFC2132 "TFTP server name" string (Since 3.1) */
  'tftp-server-name'?: string;
}

/**
 * Used to configure a host TAP network interface backend.
 *
 * Since: 1.2
 *
 * QAPI struct `NetdevTapOptions` (net.json).
 */
export interface NetdevTapOptions {
  /** interface name */
  ifname?: string;
  /** file descriptor of an already opened tap */
  fd?: string;
  /** multiple file descriptors of already opened multiqueue capable tap */
  fds?: string;
  /** script to initialize the interface */
  script?: string;
  /** script to shut down the interface */
  downscript?: string;
  /** bridge name (since 2.8) */
  br?: string;
  /** command to execute to configure bridge */
  helper?: string;
  /** send buffer limit.  Understands [TGMKkb] suffixes. */
  sndbuf?: number;
  /** enable the IFF_VNET_HDR flag on the tap interface */
  vnet_hdr?: boolean;
  /** enable vhost-net network accelerator */
  vhost?: boolean;
  /** file descriptor of an already opened vhost net device */
  vhostfd?: string;
  /** file descriptors of multiple already opened vhost net devices */
  vhostfds?: string;
  /** vhost on for non-MSIX virtio guests */
  vhostforce?: boolean;
  /** number of queues to be created for multiqueue capable tap */
  queues?: number;
  /** maximum number of microseconds that could be spent on busy polling for tap (since 2.7) */
  'poll-us'?: number;
}

/**
 * Socket netdevs are used to establish a network connection to another QEMU virtual machine via a
 * TCP socket.
 *
 * Since: 1.2
 *
 * QAPI struct `NetdevSocketOptions` (net.json).
 */
export interface NetdevSocketOptions {
  /** file descriptor of an already opened socket */
  fd?: string;
  /** port number, and optional hostname, to listen on */
  listen?: string;
  /** port number, and optional hostname, to connect to */
  connect?: string;
  /** UDP multicast address and port number */
  mcast?: string;
  /** source address and port for multicast and udp packets */
  localaddr?: string;
  /** UDP unicast address and port number */
  udp?: string;
}

/**
 * Configure an Ethernet over L2TPv3 tunnel.
 *
 * Since: 2.1
 *
 * QAPI struct `NetdevL2TPv3Options` (net.json).
 */
export interface NetdevL2TPv3Options {
  /** source address */
  src: string;
  /** destination address */
  dst: string;
  /** source port - mandatory for udp, optional for ip */
  srcport?: string;
  /** destination port - mandatory for udp, optional for ip */
  dstport?: string;
  /** force the use of ipv6 */
  ipv6?: boolean;
  /** use the udp version of l2tpv3 encapsulation */
  udp?: boolean;
  /** use 64 bit cookies */
  cookie64?: boolean;
  /** have sequence counter */
  counter?: boolean;
  /**
   * pin sequence counter to zero - workaround for buggy implementations or networks with packet
   * reorder
   */
  pincounter?: boolean;
  /** 32 or 64 bit transmit cookie */
  txcookie?: number;
  /** 32 or 64 bit receive cookie */
  rxcookie?: number;
  /** 32 bit transmit session */
  txsession: number;
  /** 32 bit receive session - if not specified set to the same value as transmit */
  rxsession?: number;
  /**
   * additional offset - allows the insertion of additional application-specific data before the
   * packet payload
   */
  offset?: number;
}

/**
 * Connect to a vde switch running on the host.
 *
 * Since: 1.2
 *
 * QAPI struct `NetdevVdeOptions` (net.json).
 */
export interface NetdevVdeOptions {
  /** socket path */
  sock?: string;
  /** port number */
  port?: number;
  /** group owner of socket */
  group?: string;
  /** permissions for socket */
  mode?: number;
}

/**
 * Connect a host TAP network interface to a host bridge device.
 *
 * Since: 1.2
 *
 * QAPI struct `NetdevBridgeOptions` (net.json).
 */
export interface NetdevBridgeOptions {
  /** bridge name */
  br?: string;
  /** command to execute to configure bridge */
  helper?: string;
}

/**
 * Connect two or more net clients through a software hub.
 *
 * Since: 1.2
 *
 * QAPI struct `NetdevHubPortOptions` (net.json).
 */
export interface NetdevHubPortOptions {
  /** hub identifier number */
  hubid: number;
  /** used to connect hub to a netdev instead of a device (since 2.12) */
  netdev?: string;
}

/**
 * Connect a client to a netmap-enabled NIC or to a VALE switch port
 *
 * Since: 2.0
 *
 * QAPI struct `NetdevNetmapOptions` (net.json).
 */
export interface NetdevNetmapOptions {
  /**
   * Either the name of an existing network interface supported by netmap, or the name of a VALE
   * port (created on the fly).  A VALE port name is in the form 'valeXXX:YYY', where XXX and YYY
   * are non-negative integers.  XXX identifies a switch and YYY identifies a port of the switch. 
   * VALE ports having the same XXX are therefore connected to the same switch.
   */
  ifname: string;
  /** path of the netmap device (default: '/dev/netmap'). */
  devname?: string;
}

/**
 * Attach mode for a default XDP program
 *
 * Only present when the QEMU build has `CONFIG_AF_XDP`.
 *
 * Since: 8.2
 *
 * QAPI enum `AFXDPMode` (net.json).
 */
export type AFXDPMode = 'native' | 'skb';

/**
 * AF_XDP network backend
 *
 * Only present when the QEMU build has `CONFIG_AF_XDP`.
 *
 * Since: 8.2
 *
 * QAPI struct `NetdevAFXDPOptions` (net.json).
 */
export interface NetdevAFXDPOptions {
  /** The name of an existing network interface. */
  ifname: string;
  /**
   * Attach mode for a default XDP program.  If not specified, then 'native' will be tried first,
   * then 'skb'.
   */
  mode?: AFXDPMode;
  /** Force XDP copy mode even if device supports zero-copy. (default: false) */
  'force-copy'?: boolean;
  /** number of queues to be used for multiqueue interfaces (default: 1). */
  queues?: number;
  /** Use `queues` starting from this queue number (default: 0). */
  'start-queue'?: number;
  /**
   * Don't load a default XDP program, use one already loaded to the interface (default: false). 
   * Requires `sock-fds`.
   */
  inhibit?: boolean;
  /**
   * A colon (:) separated list of file descriptors for already open but not bound AF_XDP sockets
   * in the queue order. One fd per queue.  These descriptors should already be added into XDP
   * socket map for corresponding queues.  Requires `inhibit`.
   */
  'sock-fds'?: string;
}

/**
 * Vhost-user network backend
 *
 * Since: 2.1
 *
 * QAPI struct `NetdevVhostUserOptions` (net.json).
 */
export interface NetdevVhostUserOptions {
  /** name of a unix socket chardev */
  chardev: string;
  /** vhost on for non-MSIX virtio guests (default: false). */
  vhostforce?: boolean;
  /** number of queues to be created for multiqueue vhost-user (default: 1) (Since 2.5) */
  queues?: number;
}

/**
 * Vhost-vdpa network backend
 *
 * Since: 5.1
 *
 * QAPI struct `NetdevVhostVDPAOptions` (net.json).
 */
export interface NetdevVhostVDPAOptions {
  /** path of vhost-vdpa device (default:'/dev/vhost-vdpa-0') */
  vhostdev?: string;
  /** file descriptor of an already opened vhost vdpa device */
  vhostfd?: string;
  /** number of queues to be created for multiqueue vhost-vdpa (default: 1) */
  queues?: number;
  /**
   * Start device with (experimental) shadow virtqueue.  (Since 7.1) (default: false)
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn.
   */
  'x-svq'?: boolean;
}

/**
 * vmnet (host mode) network backend.
 *
 * Only present when the QEMU build has `CONFIG_VMNET`.
 *
 * Since: 7.1
 *
 * QAPI struct `NetdevVmnetHostOptions` (net.json).
 */
export interface NetdevVmnetHostOptions {
  /**
   * The starting IPv4 address to use for the interface. Must be in the private IP range (RFC
   * 1918).  Must be specified along with `end-address` and `subnet-mask`.  This address is used as
   * the gateway address.  The subsequent address up to and including end-address are placed in the
   * DHCP pool.
   */
  'start-address'?: string;
  /**
   * The DHCP IPv4 range end address to use for the interface.  Must be in the private IP range
   * (RFC 1918).  Must be specified along with `start-address` and `subnet-mask`.
   */
  'end-address'?: string;
  /**
   * The IPv4 subnet mask to use on the interface.  Must be specified along with `start-address`
   * and `subnet-mask`.
   */
  'subnet-mask'?: string;
  /**
   * Enable isolation for this interface.  Interface isolation ensures that vmnet interface is not
   * able to communicate with any other vmnet interfaces.  Only communication with host is allowed.
   * Requires at least macOS Big Sur 11.0.
   */
  isolated?: boolean;
  /**
   * The identifier (UUID) to uniquely identify the isolated network vmnet interface should be
   * added to.  If set, no DHCP service is provided for this interface and network communication is
   * allowed only with other interfaces added to this network identified by the UUID.  Requires at
   * least macOS Big Sur 11.0.
   */
  'net-uuid'?: string;
}

/**
 * vmnet (shared mode) network backend.
 *
 * Only present when the QEMU build has `CONFIG_VMNET`.
 *
 * Since: 7.1
 *
 * QAPI struct `NetdevVmnetSharedOptions` (net.json).
 */
export interface NetdevVmnetSharedOptions {
  /**
   * The starting IPv4 address to use for the interface. Must be in the private IP range (RFC
   * 1918).  Must be specified along with `end-address` and `subnet-mask`.  This address is used as
   * the gateway address.  The subsequent address up to and including end-address are placed in the
   * DHCP pool.
   */
  'start-address'?: string;
  /**
   * The DHCP IPv4 range end address to use for the interface.  Must be in the private IP range
   * (RFC 1918).  Must be specified along with `start-address` and `subnet-mask`.
   */
  'end-address'?: string;
  /**
   * The IPv4 subnet mask to use on the interface.  Must be specified along with `start-address`
   * and `subnet-mask`.
   */
  'subnet-mask'?: string;
  /**
   * Enable isolation for this interface.  Interface isolation ensures that vmnet interface is not
   * able to communicate with any other vmnet interfaces.  Only communication with host is allowed.
   * Requires at least macOS Big Sur 11.0.
   */
  isolated?: boolean;
  /**
   * The IPv6 prefix to use into guest network.  Must be a unique local address i.e. start with
   * fd00::/8 and have length of 64.
   */
  'nat66-prefix'?: string;
}

/**
 * vmnet (bridged mode) network backend.
 *
 * Only present when the QEMU build has `CONFIG_VMNET`.
 *
 * Since: 7.1
 *
 * QAPI struct `NetdevVmnetBridgedOptions` (net.json).
 */
export interface NetdevVmnetBridgedOptions {
  /** The name of the physical interface to be bridged. */
  ifname: string;
  /**
   * Enable isolation for this interface.  Interface isolation ensures that vmnet interface is not
   * able to communicate with any other vmnet interfaces.  Only communication with host is allowed.
   * Requires at least macOS Big Sur 11.0.
   */
  isolated?: boolean;
}

/**
 * Configuration info for stream socket netdev
 *
 * Since: 7.2
 *
 * QAPI struct `NetdevStreamOptions` (net.json).
 */
export interface NetdevStreamOptions {
  /** socket address to listen on (server=true) or connect to (server=false) */
  addr: SocketAddress;
  /** create server socket (default: false) */
  server?: boolean;
  /**
   * For a client socket, if a socket is disconnected, then attempt a reconnect after the given
   * number of seconds.  Setting this to zero disables this function.  (default: 0) (since 8.0)
   *
   * @deprecated Deprecated in the QAPI schema.
   */
  reconnect?: number;
  /**
   * For a client socket, if a socket is disconnected, then attempt a reconnect after the given
   * number of milliseconds.  Setting this to zero disables this function.  This member is mutually
   * exclusive with `reconnect`.  (default: 0) (Since: 9.2)
   */
  'reconnect-ms'?: number;
}

/**
 * Configuration info for datagram socket netdev.
 *
 * Since: 7.2
 *
 * QAPI struct `NetdevDgramOptions` (net.json).
 */
export interface NetdevDgramOptions {
  /** local address */
  local?: SocketAddress;
  /** remote address */
  remote?: SocketAddress;
}

/**
 * Available netdev drivers.
 *
 * - `af-xdp`: Only present when the QEMU build has `CONFIG_AF_XDP`.
 * - `vmnet-host`: Only present when the QEMU build has `CONFIG_VMNET`.
 * - `vmnet-shared`: Only present when the QEMU build has `CONFIG_VMNET`.
 * - `vmnet-bridged`: Only present when the QEMU build has `CONFIG_VMNET`.
 *
 * Since: 2.7
 *
 * QAPI enum `NetClientDriver` (net.json).
 */
export type NetClientDriver =
  | 'none'
  | 'nic'
  | 'user'
  | 'tap'
  | 'l2tpv3'
  | 'socket'
  | 'stream'
  | 'dgram'
  | 'vde'
  | 'bridge'
  | 'hubport'
  | 'netmap'
  | 'vhost-user'
  | 'vhost-vdpa'
  | 'af-xdp'
  | 'vmnet-host'
  | 'vmnet-shared'
  | 'vmnet-bridged';

/** Common members of {@link Netdev}. */
export interface NetdevBase {
  /** identifier for monitor commands. */
  id: string;
  /** Specify the driver used for interpreting remaining arguments. */
  type: NetClientDriver;
}

/**
 * Captures the configuration of a network device.
 *
 * Discriminated by `type` (`NetClientDriver`).
 *
 * Since: 1.2
 *
 * QAPI union `Netdev` (net.json).
 */
export type Netdev =
  | (NetdevBase & { type: 'none' })
  | (NetdevBase & { type: 'nic' } & NetLegacyNicOptions)
  | (NetdevBase & { type: 'user' } & NetdevUserOptions)
  | (NetdevBase & { type: 'tap' } & NetdevTapOptions)
  | (NetdevBase & { type: 'l2tpv3' } & NetdevL2TPv3Options)
  | (NetdevBase & { type: 'socket' } & NetdevSocketOptions)
  | (NetdevBase & { type: 'stream' } & NetdevStreamOptions)
  | (NetdevBase & { type: 'dgram' } & NetdevDgramOptions)
  | (NetdevBase & { type: 'vde' } & NetdevVdeOptions)
  | (NetdevBase & { type: 'bridge' } & NetdevBridgeOptions)
  | (NetdevBase & { type: 'hubport' } & NetdevHubPortOptions)
  | (NetdevBase & { type: 'netmap' } & NetdevNetmapOptions)
  | (NetdevBase & { type: 'vhost-user' } & NetdevVhostUserOptions)
  | (NetdevBase & { type: 'vhost-vdpa' } & NetdevVhostVDPAOptions)
  | (NetdevBase & { type: 'af-xdp' } & NetdevAFXDPOptions) // if CONFIG_AF_XDP
  | (NetdevBase & { type: 'vmnet-host' } & NetdevVmnetHostOptions) // if CONFIG_VMNET
  | (NetdevBase & { type: 'vmnet-shared' } & NetdevVmnetSharedOptions) // if CONFIG_VMNET
  | (NetdevBase & { type: 'vmnet-bridged' } & NetdevVmnetBridgedOptions) // if CONFIG_VMNET;

/**
 * Packets receiving state
 *
 * Since: 1.6
 *
 * QAPI enum `RxState` (net.json).
 */
export type RxState = 'normal' | 'none' | 'all';

/**
 * Rx-filter information for a NIC.
 *
 * Since: 1.6
 *
 * QAPI struct `RxFilterInfo` (net.json).
 */
export interface RxFilterInfo {
  /** net client name */
  name: string;
  /** whether promiscuous mode is enabled */
  promiscuous: boolean;
  /** multicast receive state */
  multicast: RxState;
  /** unicast receive state */
  unicast: RxState;
  /** vlan receive state (Since 2.0) */
  vlan: RxState;
  /** whether to receive broadcast */
  'broadcast-allowed': boolean;
  /** multicast table is overflowed or not */
  'multicast-overflow': boolean;
  /** unicast table is overflowed or not */
  'unicast-overflow': boolean;
  /** the main macaddr string */
  'main-mac': string;
  /** a list of active vlan id */
  'vlan-table': number[];
  /** a list of unicast macaddr string */
  'unicast-table': string[];
  /** a list of multicast macaddr string */
  'multicast-table': string[];
}

/**
 * Arguments of the `query-rx-filter` command.
 *
 * Return rx-filter information for all NICs (or for the given NIC).
 */
export interface QueryRxFilterArguments {
  /** net client name */
  name?: string;
}

/**
 * Data of the `NIC_RX_FILTER_CHANGED` event.
 *
 * Emitted once until the 'query-rx-filter' command is executed, the first event will always be
 * emitted
 */
export interface NicRxFilterChangedEventData {
  /** net client name */
  name?: string;
  /** device path */
  path: string;
}

/**
 * Parameters for self-announce timers
 *
 * Since: 4.0
 *
 * QAPI struct `AnnounceParameters` (net.json).
 */
export interface AnnounceParameters {
  /** Initial delay (in ms) before sending the first GARP/RARP announcement */
  initial: number;
  /** Maximum delay (in ms) between GARP/RARP announcement packets */
  max: number;
  /** Number of self-announcement attempts */
  rounds: number;
  /** Delay increase (in ms) after each self-announcement attempt */
  step: number;
  /**
   * An optional list of interface names, which restricts the announcement to the listed
   * interfaces.  (Since 4.1)
   */
  interfaces?: string[];
  /**
   * A name to be used to identify an instance of announce-timers and to allow it to modified
   * later.  Not for use as part of the migration parameters.  (Since 4.1)
   */
  id?: string;
}

/**
 * Data of the `FAILOVER_NEGOTIATED` event.
 *
 * Emitted when VIRTIO_NET_F_STANDBY was enabled during feature negotiation.  Failover primary
 * devices which were hidden (not hotplugged when requested) before will now be hotplugged by the
 * virtio-net standby device.
 */
export interface FailoverNegotiatedEventData {
  /** QEMU device id of the unplugged device */
  'device-id': string;
}

/**
 * Data of the `NETDEV_STREAM_CONNECTED` event.
 *
 * Emitted when the netdev stream backend is connected
 */
export interface NetdevStreamConnectedEventData {
  /** QEMU netdev id that is connected */
  'netdev-id': string;
  /** The destination address */
  addr: SocketAddress;
}

/**
 * Data of the `NETDEV_STREAM_DISCONNECTED` event.
 *
 * Emitted when the netdev stream backend is disconnected
 */
export interface NetdevStreamDisconnectedEventData {
  /** QEMU netdev id that is disconnected */
  'netdev-id': string;
}

/**
 * Data of the `NETDEV_VHOST_USER_CONNECTED` event.
 *
 * Emitted when the vhost-user chardev is connected
 */
export interface NetdevVhostUserConnectedEventData {
  /** QEMU netdev id that is connected */
  'netdev-id': string;
  /** The character device id used by the QEMU netdev */
  'chardev-id': string;
}

/**
 * Data of the `NETDEV_VHOST_USER_DISCONNECTED` event.
 *
 * Emitted when the vhost-user chardev is disconnected
 */
export interface NetdevVhostUserDisconnectedEventData {
  /** QEMU netdev id that is disconnected */
  'netdev-id': string;
}

// --------------------------------------------------------------------------
// ebpf.json: eBPF Objects

/**
 * An eBPF ELF object.
 *
 * Only present when the QEMU build has `CONFIG_EBPF`.
 *
 * Since: 9.0
 *
 * QAPI struct `EbpfObject` (ebpf.json).
 */
export interface EbpfObject {
  /** the eBPF object encoded in base64 */
  object: string;
}

/**
 * The eBPF programs that can be gotten with request-ebpf.
 *
 * Only present when the QEMU build has `CONFIG_EBPF`.
 *
 * Since: 9.0
 *
 * QAPI enum `EbpfProgramID` (ebpf.json).
 */
export type EbpfProgramID = 'rss';

/**
 * Arguments of the `request-ebpf` command.
 *
 * Retrieve an eBPF object that can be loaded with libbpf.  Management applications (e.g. libvirt)
 * may load it and pass file descriptors to QEMU, so they can run running QEMU without BPF
 * capabilities.
 */
export interface RequestEbpfArguments {
  /** The ID of the program to return. */
  id: EbpfProgramID;
}

// --------------------------------------------------------------------------
// rocker.json: Rocker switch device

/**
 * Rocker switch information.
 *
 * Since: 2.4
 *
 * QAPI struct `RockerSwitch` (rocker.json).
 */
export interface RockerSwitch {
  /** switch name */
  name: string;
  /** switch ID */
  id: number;
  /** number of front-panel ports */
  ports: number;
}

/**
 * Arguments of the `query-rocker` command.
 *
 * Return rocker switch information.
 */
export interface QueryRockerArguments {
  /** switch name */
  name: string;
}

/**
 * An enumeration of port duplex states.
 *
 * Since: 2.4
 *
 * QAPI enum `RockerPortDuplex` (rocker.json).
 */
export type RockerPortDuplex = 'half' | 'full';

/**
 * An enumeration of port autoneg states.
 *
 * Since: 2.4
 *
 * QAPI enum `RockerPortAutoneg` (rocker.json).
 */
export type RockerPortAutoneg = 'off' | 'on';

/**
 * Rocker switch port information.
 *
 * Since: 2.4
 *
 * QAPI struct `RockerPort` (rocker.json).
 */
export interface RockerPort {
  /** port name */
  name: string;
  /** port is enabled for I/O */
  enabled: boolean;
  /** physical link is UP on port */
  'link-up': boolean;
  /** port link speed in Mbps */
  speed: number;
  /** port link duplex */
  duplex: RockerPortDuplex;
  /** port link autoneg */
  autoneg: RockerPortAutoneg;
}

/**
 * Arguments of the `query-rocker-ports` command.
 *
 * Return rocker switch port information.
 */
export interface QueryRockerPortsArguments {
  /** port name */
  name: string;
}

/**
 * Rocker switch OF-DPA flow key
 *
 * Since: 2.4
 *
 * QAPI struct `RockerOfDpaFlowKey` (rocker.json).
 */
export interface RockerOfDpaFlowKey {
  /** key priority, 0 being lowest priority */
  priority: number;
  /** flow table ID */
  'tbl-id': number;
  /** physical input port */
  'in-pport'?: number;
  /** tunnel ID */
  'tunnel-id'?: number;
  /** VLAN ID */
  'vlan-id'?: number;
  /** Ethernet header type */
  'eth-type'?: number;
  /** Ethernet header source MAC address */
  'eth-src'?: string;
  /** Ethernet header destination MAC address */
  'eth-dst'?: string;
  /** IP Header protocol field */
  'ip-proto'?: number;
  /** IP header TOS field */
  'ip-tos'?: number;
  /** IP header destination address */
  'ip-dst'?: string;
}

/**
 * Rocker switch OF-DPA flow mask
 *
 * Since: 2.4
 *
 * QAPI struct `RockerOfDpaFlowMask` (rocker.json).
 */
export interface RockerOfDpaFlowMask {
  /** physical input port */
  'in-pport'?: number;
  /** tunnel ID */
  'tunnel-id'?: number;
  /** VLAN ID */
  'vlan-id'?: number;
  /** Ethernet header source MAC address */
  'eth-src'?: string;
  /** Ethernet header destination MAC address */
  'eth-dst'?: string;
  /** IP Header protocol field */
  'ip-proto'?: number;
  /** IP header TOS field */
  'ip-tos'?: number;
}

/**
 * Rocker switch OF-DPA flow action
 *
 * Since: 2.4
 *
 * QAPI struct `RockerOfDpaFlowAction` (rocker.json).
 */
export interface RockerOfDpaFlowAction {
  /** next table ID */
  'goto-tbl'?: number;
  /** group ID */
  'group-id'?: number;
  /** tunnel logical port ID */
  'tunnel-lport'?: number;
  /** VLAN ID */
  'vlan-id'?: number;
  /** new VLAN ID */
  'new-vlan-id'?: number;
  /** physical output port */
  'out-pport'?: number;
}

/**
 * Rocker switch OF-DPA flow
 *
 * Since: 2.4
 *
 * QAPI struct `RockerOfDpaFlow` (rocker.json).
 */
export interface RockerOfDpaFlow {
  /** flow unique cookie ID */
  cookie: number;
  /** count of matches (hits) on flow */
  hits: number;
  /** flow key */
  key: RockerOfDpaFlowKey;
  /** flow mask */
  mask: RockerOfDpaFlowMask;
  /** flow action */
  action: RockerOfDpaFlowAction;
}

/**
 * Arguments of the `query-rocker-of-dpa-flows` command.
 *
 * Return rocker OF-DPA flow information.
 */
export interface QueryRockerOfDpaFlowsArguments {
  /** switch name */
  name: string;
  /** flow table ID.  If tbl-id is not specified, returns flow information for all tables. */
  'tbl-id'?: number;
}

/**
 * Rocker switch OF-DPA group
 *
 * Since: 2.4
 *
 * QAPI struct `RockerOfDpaGroup` (rocker.json).
 */
export interface RockerOfDpaGroup {
  /** group unique ID */
  id: number;
  /** group type */
  type: number;
  /** VLAN ID */
  'vlan-id'?: number;
  /** physical port number */
  pport?: number;
  /** group index, unique with group type */
  index?: number;
  /** output physical port number */
  'out-pport'?: number;
  /** next group ID */
  'group-id'?: number;
  /** VLAN ID to set */
  'set-vlan-id'?: number;
  /** pop VLAN headr from packet */
  'pop-vlan'?: number;
  /** list of next group IDs */
  'group-ids'?: number[];
  /** set source MAC address in Ethernet header */
  'set-eth-src'?: string;
  /** set destination MAC address in Ethernet header */
  'set-eth-dst'?: string;
  /** perform TTL check */
  'ttl-check'?: number;
}

/**
 * Arguments of the `query-rocker-of-dpa-groups` command.
 *
 * Return rocker OF-DPA group information.
 */
export interface QueryRockerOfDpaGroupsArguments {
  /** switch name */
  name: string;
  /** group type.  If type is not specified, returns group information for all group types. */
  type?: number;
}

// --------------------------------------------------------------------------
// tpm.json: TPM (trusted platform module) devices

/**
 * An enumeration of TPM models
 *
 * Only present when the QEMU build has `CONFIG_TPM`.
 *
 * Since: 1.5
 *
 * QAPI enum `TpmModel` (tpm.json).
 */
export type TpmModel = 'tpm-tis' | 'tpm-crb' | 'tpm-spapr';

/**
 * An enumeration of TPM types
 *
 * Only present when the QEMU build has `CONFIG_TPM`.
 *
 * Since: 1.5
 *
 * QAPI enum `TpmType` (tpm.json).
 */
export type TpmType = 'passthrough' | 'emulator';

/**
 * Information about the TPM passthrough type
 *
 * Only present when the QEMU build has `CONFIG_TPM`.
 *
 * Since: 1.5
 *
 * QAPI struct `TPMPassthroughOptions` (tpm.json).
 */
export interface TPMPassthroughOptions {
  /** string describing the path used for accessing the TPM device */
  path?: string;
  /**
   * string showing the TPM's sysfs cancel file for cancellation of TPM commands while they are
   * executing
   */
  'cancel-path'?: string;
}

/**
 * Information about the TPM emulator type
 *
 * Only present when the QEMU build has `CONFIG_TPM`.
 *
 * Since: 2.11
 *
 * QAPI struct `TPMEmulatorOptions` (tpm.json).
 */
export interface TPMEmulatorOptions {
  /** Name of a unix socket chardev */
  chardev: string;
}

/**
 * `TPMPassthroughOptionsWrapper` (struct).
 *
 * Only present when the QEMU build has `CONFIG_TPM`.
 *
 * Since: 1.5
 *
 * QAPI struct `TPMPassthroughOptionsWrapper` (tpm.json).
 */
export interface TPMPassthroughOptionsWrapper {
  /** Information about the TPM passthrough type */
  data: TPMPassthroughOptions;
}

/**
 * `TPMEmulatorOptionsWrapper` (struct).
 *
 * Only present when the QEMU build has `CONFIG_TPM`.
 *
 * Since: 2.11
 *
 * QAPI struct `TPMEmulatorOptionsWrapper` (tpm.json).
 */
export interface TPMEmulatorOptionsWrapper {
  /** Information about the TPM emulator type */
  data: TPMEmulatorOptions;
}

/** Common members of {@link TpmTypeOptions}. */
export interface TpmTypeOptionsBase {
  /**
   * - 'passthrough' The configuration options for the TPM passthrough type
   * - 'emulator' The configuration options for TPM emulator backend type
   */
  type: TpmType;
}

/**
 * A union referencing different TPM backend types' configuration options
 *
 * Discriminated by `type` (`TpmType`).
 *
 * Only present when the QEMU build has `CONFIG_TPM`.
 *
 * Since: 1.5
 *
 * QAPI union `TpmTypeOptions` (tpm.json).
 */
export type TpmTypeOptions =
  | (TpmTypeOptionsBase & { type: 'passthrough' } & TPMPassthroughOptionsWrapper)
  | (TpmTypeOptionsBase & { type: 'emulator' } & TPMEmulatorOptionsWrapper);

/**
 * Information about the TPM
 *
 * Only present when the QEMU build has `CONFIG_TPM`.
 *
 * Since: 1.5
 *
 * QAPI struct `TPMInfo` (tpm.json).
 */
export interface TPMInfo {
  /** The Id of the TPM */
  id: string;
  /** The TPM frontend model */
  model: TpmModel;
  /** The TPM (backend) type configuration options */
  options: TpmTypeOptions;
}

// --------------------------------------------------------------------------
// ui.json: Remote desktop

/**
 * Display protocols which support changing password options.
 *
 * Since: 7.0
 *
 * QAPI enum `DisplayProtocol` (ui.json).
 */
export type DisplayProtocol = 'vnc' | 'spice';

/**
 * An action to take on changing a password on a connection with active clients.
 *
 * Since: 7.0
 *
 * QAPI enum `SetPasswordAction` (ui.json).
 */
export type SetPasswordAction = 'keep' | 'fail' | 'disconnect';

/** Common members of {@link SetPasswordOptions}. */
export interface SetPasswordOptionsBase {
  /**
   * - 'vnc' to modify the VNC server password
   * - 'spice' to modify the Spice server password
   */
  protocol: DisplayProtocol;
  /** the new password */
  password: string;
  /**
   * How to handle existing clients when changing the password.  If nothing is specified, defaults
   * to 'keep'.  For VNC, only 'keep' is currently implemented.
   */
  connected?: SetPasswordAction;
}

/**
 * Options for set_password.
 *
 * Discriminated by `protocol` (`DisplayProtocol`).
 *
 * Since: 7.0
 *
 * QAPI union `SetPasswordOptions` (ui.json).
 */
export type SetPasswordOptions =
  | (SetPasswordOptionsBase & { protocol: 'vnc' } & SetPasswordOptionsVnc)
  | (SetPasswordOptionsBase & { protocol: 'spice' });

/**
 * Options for set_password specific to the VNC protocol.
 *
 * Since: 7.0
 *
 * QAPI struct `SetPasswordOptionsVnc` (ui.json).
 */
export interface SetPasswordOptionsVnc {
  /** The id of the display where the password should be changed.  Defaults to the first. */
  display?: string;
}

/** Common members of {@link ExpirePasswordOptions}. */
export interface ExpirePasswordOptionsBase {
  /**
   * - 'vnc' to modify the VNC server expiration
   * - 'spice' to modify the Spice server expiration
   */
  protocol: DisplayProtocol;
  /** when to expire the password. */
  time: string;
}

/**
 * General options for expire_password.
 *
 * Discriminated by `protocol` (`DisplayProtocol`).
 *
 * Since: 7.0
 *
 * QAPI union `ExpirePasswordOptions` (ui.json).
 */
export type ExpirePasswordOptions =
  | (ExpirePasswordOptionsBase & { protocol: 'vnc' } & ExpirePasswordOptionsVnc)
  | (ExpirePasswordOptionsBase & { protocol: 'spice' });

/**
 * Options for expire_password specific to the VNC protocol.
 *
 * Since: 7.0
 *
 * QAPI struct `ExpirePasswordOptionsVnc` (ui.json).
 */
export interface ExpirePasswordOptionsVnc {
  /** The id of the display where the expiration should be changed.  Defaults to the first. */
  display?: string;
}

/**
 * Supported image format types.
 *
 * Since: 7.1
 *
 * QAPI enum `ImageFormat` (ui.json).
 */
export type ImageFormat = 'ppm' | 'png';

/**
 * Arguments of the `screendump` command.
 *
 * Capture the contents of a screen and write it to a file.
 */
export interface ScreendumpArguments {
  /** the path of a new file to store the image */
  filename: string;
  /**
   * ID of the display device that should be dumped.  If this parameter is missing, the primary
   * display will be used.  (Since 2.12)
   */
  device?: string;
  /**
   * head to use in case the device supports multiple heads.  If this parameter is missing, head #0
   * will be used.  Also note that the head can only be specified in conjunction with the device
   * ID.  (Since 2.12)
   */
  head?: number;
  /** image format for screendump.  (default: ppm) (Since 7.1) */
  format?: ImageFormat;
}

/**
 * The basic information for SPICE network connection
 *
 * Only present when the QEMU build has `CONFIG_SPICE`.
 *
 * Since: 2.1
 *
 * QAPI struct `SpiceBasicInfo` (ui.json).
 */
export interface SpiceBasicInfo {
  /** IP address */
  host: string;
  /** port number */
  port: string;
  /** address family */
  family: NetworkAddressFamily;
}

/**
 * Information about a SPICE server
 *
 * Only present when the QEMU build has `CONFIG_SPICE`.
 *
 * Since: 2.1
 *
 * QAPI struct `SpiceServerInfo` (ui.json).
 */
export interface SpiceServerInfo extends SpiceBasicInfo {
  /** authentication method */
  auth?: string;
}

/**
 * Information about a SPICE client channel.
 *
 * Only present when the QEMU build has `CONFIG_SPICE`.
 *
 * Since: 0.14
 *
 * QAPI struct `SpiceChannel` (ui.json).
 */
export interface SpiceChannel extends SpiceBasicInfo {
  /**
   * SPICE connection id number.  All channels with the same id belong to the same SPICE session.
   */
  'connection-id': number;
  /**
   * SPICE channel type number.  "1" is the main control channel, filter for this one if you want
   * to track spice sessions only
   */
  'channel-type': number;
  /**
   * SPICE channel ID number.  Usually "0", might be different when multiple channels of the same
   * type exist, such as multiple display channels in a multihead setup
   */
  'channel-id': number;
  /** true if the channel is encrypted, false otherwise. */
  tls: boolean;
}

/**
 * An enumeration of Spice mouse states.
 *
 * Only present when the QEMU build has `CONFIG_SPICE`.
 *
 * Since: 1.1
 *
 * QAPI enum `SpiceQueryMouseMode` (ui.json).
 */
export type SpiceQueryMouseMode = 'client' | 'server' | 'unknown';

/**
 * Information about the SPICE session.
 *
 * Only present when the QEMU build has `CONFIG_SPICE`.
 *
 * Since: 0.14
 *
 * QAPI struct `SpiceInfo` (ui.json).
 */
export interface SpiceInfo {
  /** true if the SPICE server is enabled, false otherwise */
  enabled: boolean;
  /**
   * true if the last guest migration completed and spice migration had completed as well, false
   * otherwise (since 1.4)
   */
  migrated: boolean;
  /**
   * The hostname the SPICE server is bound to.  This depends on the name resolution on the host
   * and may be an IP address.
   */
  host?: string;
  /** The SPICE server's port number. */
  port?: number;
  /** The SPICE server's TLS port number. */
  'tls-port'?: number;
  /** the current authentication type used by the server */
  auth?: string;
  /** SPICE server version. */
  'compiled-version'?: string;
  /**
   * The mode in which the mouse cursor is displayed currently.  Can be determined by the client or
   * the server, or unknown if spice server doesn't provide this information. (since: 1.1)
   */
  'mouse-mode': SpiceQueryMouseMode;
  /** a list of `SpiceChannel` for each active spice channel */
  channels?: SpiceChannel[];
}

/**
 * Data of the `SPICE_CONNECTED` event.
 *
 * Emitted when a SPICE client establishes a connection
 */
export interface SpiceConnectedEventData {
  /** server information */
  server: SpiceBasicInfo;
  /** client information */
  client: SpiceBasicInfo;
}

/**
 * Data of the `SPICE_INITIALIZED` event.
 *
 * Emitted after initial handshake and authentication takes place (if any) and the SPICE channel is
 * up and running
 */
export interface SpiceInitializedEventData {
  /** server information */
  server: SpiceServerInfo;
  /** client information */
  client: SpiceChannel;
}

/**
 * Data of the `SPICE_DISCONNECTED` event.
 *
 * Emitted when the SPICE connection is closed
 */
export interface SpiceDisconnectedEventData {
  /** server information */
  server: SpiceBasicInfo;
  /** client information */
  client: SpiceBasicInfo;
}

/**
 * The basic information for vnc network connection
 *
 * Only present when the QEMU build has `CONFIG_VNC`.
 *
 * Since: 2.1
 *
 * QAPI struct `VncBasicInfo` (ui.json).
 */
export interface VncBasicInfo {
  /** IP address */
  host: string;
  /**
   * The service name of the vnc port.  This may depend on the host system's service database so
   * symbolic names should not be relied on.
   */
  service: string;
  /** address family */
  family: NetworkAddressFamily;
  /** true in case the socket is a websocket (since 2.3). */
  websocket: boolean;
}

/**
 * The network connection information for server
 *
 * Only present when the QEMU build has `CONFIG_VNC`.
 *
 * Since: 2.1
 *
 * QAPI struct `VncServerInfo` (ui.json).
 */
export interface VncServerInfo extends VncBasicInfo {
  /** authentication method used for the plain (non-websocket) VNC server */
  auth?: string;
}

/**
 * Information about a connected VNC client.
 *
 * Only present when the QEMU build has `CONFIG_VNC`.
 *
 * Since: 0.14
 *
 * QAPI struct `VncClientInfo` (ui.json).
 */
export interface VncClientInfo extends VncBasicInfo {
  /** If x509 authentication is in use, the Distinguished Name of the client. */
  x509_dname?: string;
  /** If SASL authentication is in use, the SASL username used for authentication. */
  sasl_username?: string;
}

/**
 * Information about the VNC session.
 *
 * Only present when the QEMU build has `CONFIG_VNC`.
 *
 * Since: 0.14
 *
 * QAPI struct `VncInfo` (ui.json).
 */
export interface VncInfo {
  /** true if the VNC server is enabled, false otherwise */
  enabled: boolean;
  /**
   * The hostname the VNC server is bound to.  This depends on the name resolution on the host and
   * may be an IP address.
   */
  host?: string;
  /**
   * - 'ipv6' if the host is listening for IPv6 connections
   * - 'ipv4' if the host is listening for IPv4 connections
   * - 'unix' if the host is listening on a unix domain socket
   * - 'unknown' otherwise
   */
  family?: NetworkAddressFamily;
  /**
   * The service name of the server's port.  This may depends on the host system's service database
   * so symbolic names should not be relied on.
   */
  service?: string;
  /** the current authentication type used by the server */
  auth?: string;
  /** a list of `VncClientInfo` of all currently connected clients */
  clients?: VncClientInfo[];
}

/**
 * vnc primary authentication method.
 *
 * Only present when the QEMU build has `CONFIG_VNC`.
 *
 * Since: 2.3
 *
 * QAPI enum `VncPrimaryAuth` (ui.json).
 */
export type VncPrimaryAuth = 'none' | 'vnc' | 'ra2' | 'ra2ne' | 'tight' | 'ultra' | 'tls' | 'vencrypt' | 'sasl';

/**
 * vnc sub authentication method with vencrypt.
 *
 * Only present when the QEMU build has `CONFIG_VNC`.
 *
 * Since: 2.3
 *
 * QAPI enum `VncVencryptSubAuth` (ui.json).
 */
export type VncVencryptSubAuth =
  | 'plain'
  | 'tls-none'
  | 'x509-none'
  | 'tls-vnc'
  | 'x509-vnc'
  | 'tls-plain'
  | 'x509-plain'
  | 'tls-sasl'
  | 'x509-sasl';

/**
 * The network connection information for server
 *
 * Only present when the QEMU build has `CONFIG_VNC`.
 *
 * Since: 2.9
 *
 * QAPI struct `VncServerInfo2` (ui.json).
 */
export interface VncServerInfo2 extends VncBasicInfo {
  /** The current authentication type used by the servers */
  auth: VncPrimaryAuth;
  /**
   * The vencrypt sub authentication type used by the servers, only specified in case auth ==
   * vencrypt.
   */
  vencrypt?: VncVencryptSubAuth;
}

/**
 * Information about a vnc server
 *
 * Only present when the QEMU build has `CONFIG_VNC`.
 *
 * Since: 2.3
 *
 * QAPI struct `VncInfo2` (ui.json).
 */
export interface VncInfo2 {
  /** vnc server name. */
  id: string;
  /**
   * A list of `VncBasincInfo` describing all listening sockets. The list can be empty (in case the
   * vnc server is disabled).  It also may have multiple entries: normal + websocket, possibly also
   * ipv4 + ipv6 in the future.
   */
  server: VncServerInfo2[];
  /**
   * A list of `VncClientInfo` of all currently connected clients.  The list can be empty, for
   * obvious reasons.
   */
  clients: VncClientInfo[];
  /** The current authentication type used by the non-websockets servers */
  auth: VncPrimaryAuth;
  /**
   * The vencrypt authentication type used by the servers, only specified in case auth == vencrypt.
   */
  vencrypt?: VncVencryptSubAuth;
  /** The display device the vnc server is linked to. */
  display?: string;
}

/**
 * Arguments of the `change-vnc-password` command.
 *
 * Change the VNC server password.
 */
export interface ChangeVncPasswordArguments {
  /** the new password to use with VNC authentication */
  password: string;
}

/**
 * Data of the `VNC_CONNECTED` event.
 *
 * Emitted when a VNC client establishes a connection
 */
export interface VncConnectedEventData {
  /** server information */
  server: VncServerInfo;
  /** client information */
  client: VncBasicInfo;
}

/**
 * Data of the `VNC_INITIALIZED` event.
 *
 * Emitted after authentication takes place (if any) and the VNC session is made active
 */
export interface VncInitializedEventData {
  /** server information */
  server: VncServerInfo;
  /** client information */
  client: VncClientInfo;
}

/**
 * Data of the `VNC_DISCONNECTED` event.
 *
 * Emitted when the connection is closed
 */
export interface VncDisconnectedEventData {
  /** server information */
  server: VncServerInfo;
  /** client information */
  client: VncClientInfo;
}

/**
 * Information about a mouse device.
 *
 * Since: 0.14
 *
 * QAPI struct `MouseInfo` (ui.json).
 */
export interface MouseInfo {
  /** the name of the mouse device */
  name: string;
  /** the index of the mouse device */
  index: number;
  /** true if this device is currently receiving mouse events */
  current: boolean;
  /** true if this device supports absolute coordinates as input */
  absolute: boolean;
}

/**
 * An enumeration of key name.
 *
 * Since: 1.3
 *
 * QAPI enum `QKeyCode` (ui.json).
 */
export type QKeyCode =
  | 'unmapped'
  | 'shift'
  | 'shift_r'
  | 'alt'
  | 'alt_r'
  | 'ctrl'
  | 'ctrl_r'
  | 'menu'
  | 'esc'
  | '1'
  | '2'
  | '3'
  | '4'
  | '5'
  | '6'
  | '7'
  | '8'
  | '9'
  | '0'
  | 'minus'
  | 'equal'
  | 'backspace'
  | 'tab'
  | 'q'
  | 'w'
  | 'e'
  | 'r'
  | 't'
  | 'y'
  | 'u'
  | 'i'
  | 'o'
  | 'p'
  | 'bracket_left'
  | 'bracket_right'
  | 'ret'
  | 'a'
  | 's'
  | 'd'
  | 'f'
  | 'g'
  | 'h'
  | 'j'
  | 'k'
  | 'l'
  | 'semicolon'
  | 'apostrophe'
  | 'grave_accent'
  | 'backslash'
  | 'z'
  | 'x'
  | 'c'
  | 'v'
  | 'b'
  | 'n'
  | 'm'
  | 'comma'
  | 'dot'
  | 'slash'
  | 'asterisk'
  | 'spc'
  | 'caps_lock'
  | 'f1'
  | 'f2'
  | 'f3'
  | 'f4'
  | 'f5'
  | 'f6'
  | 'f7'
  | 'f8'
  | 'f9'
  | 'f10'
  | 'num_lock'
  | 'scroll_lock'
  | 'kp_divide'
  | 'kp_multiply'
  | 'kp_subtract'
  | 'kp_add'
  | 'kp_enter'
  | 'kp_decimal'
  | 'sysrq'
  | 'kp_0'
  | 'kp_1'
  | 'kp_2'
  | 'kp_3'
  | 'kp_4'
  | 'kp_5'
  | 'kp_6'
  | 'kp_7'
  | 'kp_8'
  | 'kp_9'
  | 'less'
  | 'f11'
  | 'f12'
  | 'print'
  | 'home'
  | 'pgup'
  | 'pgdn'
  | 'end'
  | 'left'
  | 'up'
  | 'down'
  | 'right'
  | 'insert'
  | 'delete'
  | 'stop'
  | 'again'
  | 'props'
  | 'undo'
  | 'front'
  | 'copy'
  | 'open'
  | 'paste'
  | 'find'
  | 'cut'
  | 'lf'
  | 'help'
  | 'meta_l'
  | 'meta_r'
  | 'compose'
  | 'pause'
  | 'ro'
  | 'hiragana'
  | 'henkan'
  | 'yen'
  | 'muhenkan'
  | 'katakanahiragana'
  | 'kp_comma'
  | 'kp_equals'
  | 'power'
  | 'sleep'
  | 'wake'
  | 'audionext'
  | 'audioprev'
  | 'audiostop'
  | 'audioplay'
  | 'audiomute'
  | 'volumeup'
  | 'volumedown'
  | 'mediaselect'
  | 'mail'
  | 'calculator'
  | 'computer'
  | 'ac_home'
  | 'ac_back'
  | 'ac_forward'
  | 'ac_refresh'
  | 'ac_bookmarks'
  | 'lang1'
  | 'lang2'
  | 'f13'
  | 'f14'
  | 'f15'
  | 'f16'
  | 'f17'
  | 'f18'
  | 'f19'
  | 'f20'
  | 'f21'
  | 'f22'
  | 'f23'
  | 'f24';

/**
 * `KeyValueKind` (enum).
 *
 * Since: 1.3
 *
 * QAPI enum `KeyValueKind` (ui.json).
 */
export type KeyValueKind = 'number' | 'qcode';

/**
 * `IntWrapper` (struct).
 *
 * Since: 1.3
 *
 * QAPI struct `IntWrapper` (ui.json).
 */
export interface IntWrapper {
  /** a numeric key code */
  data: number;
}

/**
 * `QKeyCodeWrapper` (struct).
 *
 * Since: 1.3
 *
 * QAPI struct `QKeyCodeWrapper` (ui.json).
 */
export interface QKeyCodeWrapper {
  /** An enumeration of key name */
  data: QKeyCode;
}

/** Common members of {@link KeyValue}. */
export interface KeyValueBase {
  /** key encoding */
  type: KeyValueKind;
}

/**
 * Represents a keyboard key.
 *
 * Discriminated by `type` (`KeyValueKind`).
 *
 * Since: 1.3
 *
 * QAPI union `KeyValue` (ui.json).
 */
export type KeyValue =
  | (KeyValueBase & { type: 'number' } & IntWrapper)
  | (KeyValueBase & { type: 'qcode' } & QKeyCodeWrapper);

/**
 * Arguments of the `send-key` command.
 *
 * Send keys to guest.
 */
export interface SendKeyArguments {
  /**
   * An array of `KeyValue` elements.  All `KeyValues` in this array are simultaneously sent to the
   * guest.  A `KeyValue.number` value is sent directly to the guest, while `KeyValue.qcode` must
   * be a valid `QKeyCode` value
   */
  keys: KeyValue[];
  /** time to delay key up events, milliseconds.  Defaults to 100 */
  'hold-time'?: number;
}

/**
 * Button of a pointer input device (mouse, tablet).
 *
 * Since: 2.0
 *
 * QAPI enum `InputButton` (ui.json).
 */
export type InputButton =
  | 'left'
  | 'middle'
  | 'right'
  | 'wheel-up'
  | 'wheel-down'
  | 'side'
  | 'extra'
  | 'wheel-left'
  | 'wheel-right'
  | 'touch';

/**
 * Position axis of a pointer input device (mouse, tablet).
 *
 * Since: 2.0
 *
 * QAPI enum `InputAxis` (ui.json).
 */
export type InputAxis = 'x' | 'y';

/**
 * Type of a multi-touch event.
 *
 * Since: 8.1
 *
 * QAPI enum `InputMultiTouchType` (ui.json).
 */
export type InputMultiTouchType = 'begin' | 'update' | 'end' | 'cancel' | 'data';

/**
 * Keyboard input event.
 *
 * Since: 2.0
 *
 * QAPI struct `InputKeyEvent` (ui.json).
 */
export interface InputKeyEvent {
  /** Which key this event is for. */
  key: KeyValue;
  /** True for key-down and false for key-up events. */
  down: boolean;
}

/**
 * Pointer button input event.
 *
 * Since: 2.0
 *
 * QAPI struct `InputBtnEvent` (ui.json).
 */
export interface InputBtnEvent {
  /** Which button this event is for. */
  button: InputButton;
  /** True for key-down and false for key-up events. */
  down: boolean;
}

/**
 * Pointer motion input event.
 *
 * Since: 2.0
 *
 * QAPI struct `InputMoveEvent` (ui.json).
 */
export interface InputMoveEvent {
  /** Which axis is referenced by `value`. */
  axis: InputAxis;
  /** Pointer position.  For absolute coordinates the valid range is 0 to 0x7fff. */
  value: number;
}

/**
 * MultiTouch input event.
 *
 * Since: 8.1
 *
 * QAPI struct `InputMultiTouchEvent` (ui.json).
 */
export interface InputMultiTouchEvent {
  /** The type of multi-touch event. */
  type: InputMultiTouchType;
  /** Which slot has generated the event. */
  slot: number;
  /** ID to correlate this event with previously generated events. */
  'tracking-id': number;
  /** Which axis is referenced by `value`. */
  axis: InputAxis;
  /** Contact position. */
  value: number;
}

/**
 * `InputEventKind` (enum).
 *
 * Since: 2.0
 *
 * QAPI enum `InputEventKind` (ui.json).
 */
export type InputEventKind = 'key' | 'btn' | 'rel' | 'abs' | 'mtt';

/**
 * `InputKeyEventWrapper` (struct).
 *
 * Since: 2.0
 *
 * QAPI struct `InputKeyEventWrapper` (ui.json).
 */
export interface InputKeyEventWrapper {
  /** Keyboard input event */
  data: InputKeyEvent;
}

/**
 * `InputBtnEventWrapper` (struct).
 *
 * Since: 2.0
 *
 * QAPI struct `InputBtnEventWrapper` (ui.json).
 */
export interface InputBtnEventWrapper {
  /** Pointer button input event */
  data: InputBtnEvent;
}

/**
 * `InputMoveEventWrapper` (struct).
 *
 * Since: 2.0
 *
 * QAPI struct `InputMoveEventWrapper` (ui.json).
 */
export interface InputMoveEventWrapper {
  /** Pointer motion input event */
  data: InputMoveEvent;
}

/**
 * `InputMultiTouchEventWrapper` (struct).
 *
 * Since: 8.1
 *
 * QAPI struct `InputMultiTouchEventWrapper` (ui.json).
 */
export interface InputMultiTouchEventWrapper {
  /** MultiTouch input event */
  data: InputMultiTouchEvent;
}

/** Common members of {@link InputEvent}. */
export interface InputEventBase {
  /** the type of input event */
  type: InputEventKind;
}

/**
 * Input event union.
 *
 * Discriminated by `type` (`InputEventKind`).
 *
 * Since: 2.0
 *
 * QAPI union `InputEvent` (ui.json).
 */
export type InputEvent =
  | (InputEventBase & { type: 'key' } & InputKeyEventWrapper)
  | (InputEventBase & { type: 'btn' } & InputBtnEventWrapper)
  | (InputEventBase & { type: 'rel' } & InputMoveEventWrapper)
  | (InputEventBase & { type: 'abs' } & InputMoveEventWrapper)
  | (InputEventBase & { type: 'mtt' } & InputMultiTouchEventWrapper);

/**
 * Arguments of the `input-send-event` command.
 *
 * Send input event(s) to guest.
 */
export interface InputSendEventArguments {
  /** display device to send event(s) to. */
  device?: string;
  /** head to send event(s) to, in case the display device supports multiple scanouts. */
  head?: number;
  /** List of InputEvent union. */
  events: InputEvent[];
}

/**
 * GTK display options.
 *
 * Since: 2.12
 *
 * QAPI struct `DisplayGTK` (ui.json).
 */
export interface DisplayGTK {
  /** Grab keyboard input on mouse hover. */
  'grab-on-hover'?: boolean;
  /**
   * Zoom guest display to fit into the host window.  When turned off the host window will be
   * resized instead.  In case the display device can notify the guest on window resizes
   * (virtio-gpu) this will default to "on", assuming the guest will resize the display to match
   * the window size then.  Otherwise it defaults to "off".  (Since 3.1)
   */
  'zoom-to-fit'?: boolean;
  /**
   * Display the tab bar for switching between the various graphical interfaces (e.g. VGA and
   * virtual console character devices) by default.  (Since 7.1)
   */
  'show-tabs'?: boolean;
  /** Display the main window menubar.  Defaults to "on". (Since 8.0) */
  'show-menubar'?: boolean;
}

/**
 * EGL headless display options.
 *
 * Since: 3.1
 *
 * QAPI struct `DisplayEGLHeadless` (ui.json).
 */
export interface DisplayEGLHeadless {
  /** Which DRM render node should be used.  Default is the first available node on the host. */
  rendernode?: string;
}

/**
 * DBus display options.
 *
 * Since: 7.0
 *
 * QAPI struct `DisplayDBus` (ui.json).
 */
export interface DisplayDBus {
  /** Which DRM render node should be used.  Default is the first available node on the host. */
  rendernode?: string;
  /** The D-Bus bus address (default to the session bus). */
  addr?: string;
  /** Whether to use peer-to-peer connections (accepted through `add_client`). */
  p2p?: boolean;
  /** Use the specified DBus audiodev to export audio. */
  audiodev?: string;
}

/**
 * Display OpenGL mode.
 *
 * Since: 3.0
 *
 * QAPI enum `DisplayGLMode` (ui.json).
 */
export type DisplayGLMode = 'off' | 'on' | 'core' | 'es';

/**
 * Curses display options.
 *
 * Since: 4.0
 *
 * QAPI struct `DisplayCurses` (ui.json).
 */
export interface DisplayCurses {
  /** Font charset used by guest (default: CP437). */
  charset?: string;
}

/**
 * Cocoa display options.
 *
 * Since: 7.0
 *
 * QAPI struct `DisplayCocoa` (ui.json).
 */
export interface DisplayCocoa {
  /**
   * Enable/disable forwarding of left command key to guest.  Allows command-tab window switching
   * on the host without sending this key to the guest when "off".  Defaults to "on"
   */
  'left-command-key'?: boolean;
  /**
   * Capture all key presses, including system combos.  This requires accessibility permissions,
   * since it performs a global grab on key events.  (default: off)  See
   * https://support.apple.com/en-in/guide/mac-help/mh32356/mac
   */
  'full-grab'?: boolean;
  /**
   * Swap the Option and Command keys so that their key codes match their position on non-Mac
   * keyboards and you can use Meta/Super and Alt where you expect them.  (default: off)
   */
  'swap-opt-cmd'?: boolean;
  /**
   * Zoom guest display to fit into the host window.  When turned off the host window will be
   * resized instead.  Defaults to "off".  (Since 8.2)
   */
  'zoom-to-fit'?: boolean;
  /**
   * Apply interpolation to smooth output when zoom-to-fit is enabled.  Defaults to "off".  (Since
   * 9.0)
   */
  'zoom-interpolation'?: boolean;
}

/**
 * Set of modifier keys that need to be held for shortcut key actions.
 *
 * Since: 7.1
 *
 * QAPI enum `HotKeyMod` (ui.json).
 */
export type HotKeyMod = 'lctrl-lalt' | 'lshift-lctrl-lalt' | 'rctrl';

/**
 * SDL2 display options.
 *
 * Since: 7.1
 *
 * QAPI struct `DisplaySDL` (ui.json).
 */
export interface DisplaySDL {
  /** Modifier keys that should be pressed together with the "G" key to release the mouse grab. */
  'grab-mod'?: HotKeyMod;
}

/**
 * Display (user interface) type.
 *
 * - `gtk`: Only present when the QEMU build has `CONFIG_GTK`.
 * - `sdl`: Only present when the QEMU build has `CONFIG_SDL`.
 * - `egl-headless`: Only present when the QEMU build has `CONFIG_OPENGL`.
 * - `curses`: Only present when the QEMU build has `CONFIG_CURSES`.
 * - `cocoa`: Only present when the QEMU build has `CONFIG_COCOA`.
 * - `spice-app`: Only present when the QEMU build has `CONFIG_SPICE`.
 * - `dbus`: Only present when the QEMU build has `CONFIG_DBUS_DISPLAY`.
 *
 * Since: 2.12
 *
 * QAPI enum `DisplayType` (ui.json).
 */
export type DisplayType =
  | 'default'
  | 'none'
  | 'gtk'
  | 'sdl'
  | 'egl-headless'
  | 'curses'
  | 'cocoa'
  | 'spice-app'
  | 'dbus';

/** Common members of {@link DisplayOptions}. */
export interface DisplayOptionsBase {
  /** Which DisplayType qemu should use. */
  type: DisplayType;
  /** Start user interface in fullscreen mode (default: off). */
  'full-screen'?: boolean;
  /** Allow to quit qemu with window close button (default: on). */
  'window-close'?: boolean;
  /** Force showing the mouse cursor (default: off). (since: 5.0) */
  'show-cursor'?: boolean;
  /** Enable OpenGL support (default: off). */
  gl?: DisplayGLMode;
}

/**
 * Display (user interface) options.
 *
 * Discriminated by `type` (`DisplayType`).
 *
 * Since: 2.12
 *
 * QAPI union `DisplayOptions` (ui.json).
 */
export type DisplayOptions =
  | (DisplayOptionsBase & { type: 'default' })
  | (DisplayOptionsBase & { type: 'none' })
  | (DisplayOptionsBase & { type: 'gtk' } & DisplayGTK) // if CONFIG_GTK
  | (DisplayOptionsBase & { type: 'sdl' } & DisplaySDL) // if CONFIG_SDL
  | (DisplayOptionsBase & { type: 'egl-headless' } & DisplayEGLHeadless) // if CONFIG_OPENGL
  | (DisplayOptionsBase & { type: 'curses' } & DisplayCurses) // if CONFIG_CURSES
  | (DisplayOptionsBase & { type: 'cocoa' } & DisplayCocoa) // if CONFIG_COCOA
  | (DisplayOptionsBase & { type: 'spice-app' }) // if CONFIG_SPICE
  | (DisplayOptionsBase & { type: 'dbus' } & DisplayDBus) // if CONFIG_DBUS_DISPLAY;

/**
 * Available DisplayReload types.
 *
 * Since: 6.0
 *
 * QAPI enum `DisplayReloadType` (ui.json).
 */
export type DisplayReloadType = 'vnc';

/**
 * Specify the VNC reload options.
 *
 * Since: 6.0
 *
 * QAPI struct `DisplayReloadOptionsVNC` (ui.json).
 */
export interface DisplayReloadOptionsVNC {
  /** reload tls certs or not. */
  'tls-certs'?: boolean;
}

/** Common members of {@link DisplayReloadOptions}. */
export interface DisplayReloadOptionsBase {
  /** Specify the display type. */
  type: DisplayReloadType;
}

/**
 * Options of the display configuration reload.
 *
 * Discriminated by `type` (`DisplayReloadType`).
 *
 * Since: 6.0
 *
 * QAPI union `DisplayReloadOptions` (ui.json).
 */
export type DisplayReloadOptions =
  | (DisplayReloadOptionsBase & { type: 'vnc' } & DisplayReloadOptionsVNC);

/**
 * Available DisplayUpdate types.
 *
 * Since: 7.1
 *
 * QAPI enum `DisplayUpdateType` (ui.json).
 */
export type DisplayUpdateType = 'vnc';

/**
 * Specify the VNC reload options.
 *
 * Since: 7.1
 *
 * QAPI struct `DisplayUpdateOptionsVNC` (ui.json).
 */
export interface DisplayUpdateOptionsVNC {
  /**
   * If specified, change set of addresses to listen for connections.  Addresses configured for
   * websockets are not touched.
   */
  addresses?: SocketAddress[];
}

/** Common members of {@link DisplayUpdateOptions}. */
export interface DisplayUpdateOptionsBase {
  /** Specify the display type. */
  type: DisplayUpdateType;
}

/**
 * Options of the display configuration reload.
 *
 * Discriminated by `type` (`DisplayUpdateType`).
 *
 * Since: 7.1
 *
 * QAPI union `DisplayUpdateOptions` (ui.json).
 */
export type DisplayUpdateOptions =
  | (DisplayUpdateOptionsBase & { type: 'vnc' } & DisplayUpdateOptionsVNC);

/**
 * Arguments of the `client_migrate_info` command.
 *
 * Set migration information for remote display.  This makes the server ask the client to
 * automatically reconnect using the new parameters once migration finished successfully.  Only
 * implemented for SPICE.
 */
export interface ClientMigrateInfoArguments {
  /** must be "spice" */
  protocol: string;
  /** migration target hostname */
  hostname: string;
  /** spice tcp port for plaintext channels */
  port?: number;
  /** spice tcp port for tls-secured channels */
  'tls-port'?: number;
  /** server certificate subject */
  'cert-subject'?: string;
}

// --------------------------------------------------------------------------
// authz.json: User authorization

/**
 * The authorization policy result
 *
 * Since: 4.0
 *
 * QAPI enum `QAuthZListPolicy` (authz.json).
 */
export type QAuthZListPolicy = 'deny' | 'allow';

/**
 * The authorization policy match format
 *
 * Since: 4.0
 *
 * QAPI enum `QAuthZListFormat` (authz.json).
 */
export type QAuthZListFormat = 'exact' | 'glob';

/**
 * A single authorization rule.
 *
 * Since: 4.0
 *
 * QAPI struct `QAuthZListRule` (authz.json).
 */
export interface QAuthZListRule {
  /** a string or glob to match against a user identity */
  match: string;
  /** the result to return if `match` evaluates to true */
  policy: QAuthZListPolicy;
  /** the format of the `match` rule (default 'exact') */
  format?: QAuthZListFormat;
}

/**
 * Properties for authz-list objects.
 *
 * Since: 4.0
 *
 * QAPI struct `AuthZListProperties` (authz.json).
 */
export interface AuthZListProperties {
  /** Default policy to apply when no rule matches (default: deny) */
  policy?: QAuthZListPolicy;
  /** Authorization rules based on matching user */
  rules?: QAuthZListRule[];
}

/**
 * Properties for authz-listfile objects.
 *
 * Since: 4.0
 *
 * QAPI struct `AuthZListFileProperties` (authz.json).
 */
export interface AuthZListFileProperties {
  /**
   * File name to load the configuration from.  The file must contain valid JSON for
   * AuthZListProperties.
   */
  filename: string;
  /**
   * If true, inotify is used to monitor the file, automatically reloading changes.  If an error
   * occurs during reloading, all authorizations will fail until the file is next successfully
   * loaded.  (default: true if the binary was built with CONFIG_INOTIFY1, false otherwise)
   */
  refresh?: boolean;
}

/**
 * Properties for authz-pam objects.
 *
 * Since: 4.0
 *
 * QAPI struct `AuthZPAMProperties` (authz.json).
 */
export interface AuthZPAMProperties {
  /** PAM service name to use for authorization */
  service: string;
}

/**
 * Properties for authz-simple objects.
 *
 * Since: 4.0
 *
 * QAPI struct `AuthZSimpleProperties` (authz.json).
 */
export interface AuthZSimpleProperties {
  /**
   * Identifies the allowed user.  Its format depends on the network service that authorization
   * object is associated with. For authorizing based on TLS x509 certificates, the identity must
   * be the x509 distinguished name.
   */
  identity: string;
}

// --------------------------------------------------------------------------
// migration.json: Migration

/**
 * Detailed migration status.
 *
 * Since: 0.14
 *
 * QAPI struct `MigrationStats` (migration.json).
 */
export interface MigrationStats {
  /** amount of bytes already transferred to the target VM */
  transferred: number;
  /** amount of bytes remaining to be transferred to the target VM */
  remaining: number;
  /** total amount of bytes involved in the migration process */
  total: number;
  /** number of duplicate (zero) pages (since 1.2) */
  duplicate: number;
  /** number of normal pages (since 1.2) */
  normal: number;
  /** number of normal bytes sent (since 1.2) */
  'normal-bytes': number;
  /** number of pages dirtied by second by the guest (since 1.3) */
  'dirty-pages-rate': number;
  /** throughput in megabits/sec.  (since 1.6) */
  mbps: number;
  /** number of times that dirty ram was synchronized (since 2.1) */
  'dirty-sync-count': number;
  /** The number of page requests received from the destination (since 2.7) */
  'postcopy-requests': number;
  /** The number of bytes per page for the various page-based statistics (since 2.10) */
  'page-size': number;
  /** The number of bytes sent through multifd (since 3.0) */
  'multifd-bytes': number;
  /** the number of memory pages transferred per second (Since 4.0) */
  'pages-per-second': number;
  /** The number of bytes sent in the pre-copy phase (since 7.0). */
  'precopy-bytes': number;
  /** The number of bytes sent while the guest is paused (since 7.0). */
  'downtime-bytes': number;
  /** The number of bytes sent during the post-copy phase (since 7.0). */
  'postcopy-bytes': number;
  /**
   * Number of times dirty RAM synchronization could not avoid copying dirty pages.  This is
   * between 0 and `dirty-sync-count` * `multifd-channels`.  (since 7.1)
   */
  'dirty-sync-missed-zero-copy': number;
}

/**
 * Detailed XBZRLE migration cache statistics
 *
 * Since: 1.2
 *
 * QAPI struct `XBZRLECacheStats` (migration.json).
 */
export interface XBZRLECacheStats {
  /** XBZRLE cache size */
  'cache-size': number;
  /** amount of bytes already transferred to the target VM */
  bytes: number;
  /** amount of pages transferred to the target VM */
  pages: number;
  /** number of cache miss */
  'cache-miss': number;
  /** rate of cache miss (since 2.1) */
  'cache-miss-rate': number;
  /** rate of encoded bytes (since 5.1) */
  'encoding-rate': number;
  /** number of overflows */
  overflow: number;
}

/**
 * Detailed migration compression statistics
 *
 * Since: 3.1
 *
 * QAPI struct `CompressionStats` (migration.json).
 */
export interface CompressionStats {
  /** amount of pages compressed and transferred to the target VM */
  pages: number;
  /** count of times that no free thread was available to compress data */
  busy: number;
  /** rate of thread busy */
  'busy-rate': number;
  /** amount of bytes after compression */
  'compressed-size': number;
  /** rate of compressed size */
  'compression-rate': number;
}

/**
 * An enumeration of migration status.
 *
 * Since: 2.3
 *
 * QAPI enum `MigrationStatus` (migration.json).
 */
export type MigrationStatus =
  | 'none'
  | 'setup'
  | 'cancelling'
  | 'cancelled'
  | 'active'
  | 'postcopy-active'
  | 'postcopy-paused'
  | 'postcopy-recover-setup'
  | 'postcopy-recover'
  | 'completed'
  | 'failed'
  | 'colo'
  | 'pre-switchover'
  | 'device'
  | 'wait-unplug';

/**
 * Detailed VFIO devices migration statistics
 *
 * Since: 5.2
 *
 * QAPI struct `VfioStats` (migration.json).
 */
export interface VfioStats {
  /** amount of bytes transferred to the target VM by VFIO devices */
  transferred: number;
}

/**
 * Information about current migration process.
 *
 * Since: 0.14
 *
 * QAPI struct `MigrationInfo` (migration.json).
 */
export interface MigrationInfo {
  /**
   * `MigrationStatus` describing the current migration status. If this field is not returned, no
   * migration process has been initiated
   */
  status?: MigrationStatus;
  /**
   * `MigrationStats` containing detailed migration status, only returned if status is 'active' or
   * 'completed'(since 1.2)
   */
  ram?: MigrationStats;
  /**
   * `VfioStats` containing detailed VFIO devices migration statistics, only returned if VFIO
   * device is present, migration is supported by all VFIO devices and status is 'active' or
   * 'completed' (since 5.2)
   */
  vfio?: VfioStats;
  /**
   * `XBZRLECacheStats` containing detailed XBZRLE migration statistics, only returned if XBZRLE
   * feature is on and status is 'active' or 'completed' (since 1.2)
   */
  'xbzrle-cache'?: XBZRLECacheStats;
  /**
   * total amount of milliseconds since migration started. If migration has ended, it returns the
   * total migration time. (since 1.2)
   */
  'total-time'?: number;
  /**
   * only present while migration is active expected downtime in milliseconds for the guest in last
   * walk of the dirty bitmap.  (since 1.3)
   */
  'expected-downtime'?: number;
  /**
   * only present when migration finishes correctly total downtime in milliseconds for the guest. 
   * (since 1.3)
   */
  downtime?: number;
  /**
   * amount of setup time in milliseconds *before* the iterations begin but *after* the QMP command
   * is issued.  This is designed to provide an accounting of any activities (such as RDMA pinning)
   * which may be expensive, but do not actually occur during the iterative migration rounds
   * themselves.  (since 1.6)
   */
  'setup-time'?: number;
  /**
   * percentage of time guest cpus are being throttled during auto-converge.  This is only present
   * when auto-converge has started throttling guest cpus.  (Since 2.7)
   */
  'cpu-throttle-percentage'?: number;
  /**
   * the human readable error description string.  Clients should not attempt to parse the error
   * strings.  (Since 2.7)
   */
  'error-desc'?: string;
  /**
   * A list of reasons an outgoing migration is blocked.  Present and non-empty when migration is
   * blocked. (since 6.0)
   */
  'blocked-reasons'?: string[];
  /**
   * total time when all vCPU were blocked during postcopy live migration.  This is only present
   * when the postcopy-blocktime migration capability is enabled.  (Since 3.0)
   */
  'postcopy-blocktime'?: number;
  /**
   * list of the postcopy blocktime per vCPU. This is only present when the postcopy-blocktime
   * migration capability is enabled.  (Since 3.0)
   */
  'postcopy-vcpu-blocktime'?: number[];
  /** Only used for tcp, to know what the real port is (Since 4.0) */
  'socket-address'?: SocketAddress[];
  /**
   * Maximum throttle time (in microseconds) of virtual CPUs each dirty ring full round, which
   * shows how MigrationCapability dirty-limit affects the guest during live migration.  (Since
   * 8.1)
   */
  'dirty-limit-throttle-time-per-round'?: number;
  /**
   * Estimated average dirty ring full time (in microseconds) for each dirty ring full round.  The
   * value equals the dirty ring memory size divided by the average dirty page rate of the virtual
   * CPU, which can be used to observe the average memory load of the virtual CPU indirectly.  Note
   * that zero means guest doesn't dirty memory.  (Since 8.1)
   */
  'dirty-limit-ring-full-time'?: number;
}

/**
 * Migration capabilities enumeration
 *
 * - `zero-blocks`: deprecated. Deprecated in the QAPI schema.
 * - `x-colo`: **Unstable** (feature `unstable`): may change incompatibly or be withdrawn.
 * - `x-ignore-shared`: **Unstable** (feature `unstable`): may change incompatibly or be withdrawn.
 *
 * Since: 1.2
 *
 * QAPI enum `MigrationCapability` (migration.json).
 */
export type MigrationCapability =
  | 'xbzrle'
  | 'rdma-pin-all'
  | 'auto-converge'
  | 'zero-blocks'
  | 'events'
  | 'postcopy-ram'
  | 'x-colo'
  | 'release-ram'
  | 'return-path'
  | 'pause-before-switchover'
  | 'multifd'
  | 'dirty-bitmaps'
  | 'postcopy-blocktime'
  | 'late-block-activate'
  | 'x-ignore-shared'
  | 'validate-uuid'
  | 'background-snapshot'
  | 'zero-copy-send'
  | 'postcopy-preempt'
  | 'switchover-ack'
  | 'dirty-limit'
  | 'mapped-ram';

/**
 * Migration capability information
 *
 * Since: 1.2
 *
 * QAPI struct `MigrationCapabilityStatus` (migration.json).
 */
export interface MigrationCapabilityStatus {
  /** capability enum */
  capability: MigrationCapability;
  /** capability state bool */
  state: boolean;
}

/**
 * Arguments of the `migrate-set-capabilities` command.
 *
 * Enable/Disable the following migration capabilities (like xbzrle)
 */
export interface MigrateSetCapabilitiesArguments {
  /** json array of capability modifications to make */
  capabilities: MigrationCapabilityStatus[];
}

/**
 * An enumeration of multifd compression methods.
 *
 * - `zstd`: Only present when the QEMU build has `CONFIG_ZSTD`.
 * - `qatzip`: Only present when the QEMU build has `CONFIG_QATZIP`.
 * - `qpl`: Only present when the QEMU build has `CONFIG_QPL`.
 * - `uadk`: Only present when the QEMU build has `CONFIG_UADK`.
 *
 * Since: 5.0
 *
 * QAPI enum `MultiFDCompression` (migration.json).
 */
export type MultiFDCompression = 'none' | 'zlib' | 'zstd' | 'qatzip' | 'qpl' | 'uadk';

/**
 * `MigMode` (enum).
 *
 * QAPI enum `MigMode` (migration.json).
 */
export type MigMode = 'normal' | 'cpr-reboot' | 'cpr-transfer';

/**
 * `ZeroPageDetection` (enum).
 *
 * Since: 9.0
 *
 * QAPI enum `ZeroPageDetection` (migration.json).
 */
export type ZeroPageDetection = 'none' | 'legacy' | 'multifd';

/**
 * `BitmapMigrationBitmapAliasTransform` (struct).
 *
 * Since: 6.0
 *
 * QAPI struct `BitmapMigrationBitmapAliasTransform` (migration.json).
 */
export interface BitmapMigrationBitmapAliasTransform {
  /** If present, the bitmap will be made persistent or transient depending on this parameter. */
  persistent?: boolean;
}

/**
 * `BitmapMigrationBitmapAlias` (struct).
 *
 * Since: 5.2
 *
 * QAPI struct `BitmapMigrationBitmapAlias` (migration.json).
 */
export interface BitmapMigrationBitmapAlias {
  /** The name of the bitmap. */
  name: string;
  /** An alias name for migration (for example the bitmap name on the opposite site). */
  alias: string;
  /** Allows the modification of the migrated bitmap.  (since 6.0) */
  transform?: BitmapMigrationBitmapAliasTransform;
}

/**
 * Maps a block node name and the bitmaps it has to aliases for dirty bitmap migration.
 *
 * Since: 5.2
 *
 * QAPI struct `BitmapMigrationNodeAlias` (migration.json).
 */
export interface BitmapMigrationNodeAlias {
  /** A block node name. */
  'node-name': string;
  /** An alias block node name for migration (for example the node name on the opposite site). */
  alias: string;
  /** Mappings for the bitmaps on this node. */
  bitmaps: BitmapMigrationBitmapAlias[];
}

/**
 * Migration parameters enumeration
 *
 * - `x-checkpoint-delay`: **Unstable** (feature `unstable`): may change incompatibly or be
 *   withdrawn.
 * - `x-vcpu-dirty-limit-period`: **Unstable** (feature `unstable`): may change incompatibly or be
 *   withdrawn.
 *
 * Since: 2.4
 *
 * QAPI enum `MigrationParameter` (migration.json).
 */
export type MigrationParameter =
  | 'announce-initial'
  | 'announce-max'
  | 'announce-rounds'
  | 'announce-step'
  | 'throttle-trigger-threshold'
  | 'cpu-throttle-initial'
  | 'cpu-throttle-increment'
  | 'cpu-throttle-tailslow'
  | 'tls-creds'
  | 'tls-hostname'
  | 'tls-authz'
  | 'max-bandwidth'
  | 'avail-switchover-bandwidth'
  | 'downtime-limit'
  | 'x-checkpoint-delay'
  | 'multifd-channels'
  | 'xbzrle-cache-size'
  | 'max-postcopy-bandwidth'
  | 'max-cpu-throttle'
  | 'multifd-compression'
  | 'multifd-zlib-level'
  | 'multifd-zstd-level'
  | 'multifd-qatzip-level'
  | 'block-bitmap-mapping'
  | 'x-vcpu-dirty-limit-period'
  | 'vcpu-dirty-limit'
  | 'mode'
  | 'zero-page-detection'
  | 'direct-io';

/**
 * `MigrateSetParameters` (struct).
 *
 * Since: 2.4
 *
 * QAPI struct `MigrateSetParameters` (migration.json).
 */
export interface MigrateSetParameters {
  /** Initial delay (in milliseconds) before sending the first announce (Since 4.0) */
  'announce-initial'?: number;
  /** Maximum delay (in milliseconds) between packets in the announcement (Since 4.0) */
  'announce-max'?: number;
  /** Number of self-announce packets sent after migration (Since 4.0) */
  'announce-rounds'?: number;
  /**
   * Increase in delay (in milliseconds) between subsequent packets in the announcement (Since 4.0)
   */
  'announce-step'?: number;
  /**
   * The ratio of bytes_dirty_period and bytes_xfer_period to trigger throttling.  It is expressed
   * as percentage.  The default value is 50.  (Since 5.0)
   */
  'throttle-trigger-threshold'?: number;
  /**
   * Initial percentage of time guest cpus are throttled when migration auto-converge is activated.
   * The default value is 20.  (Since 2.7)
   */
  'cpu-throttle-initial'?: number;
  /**
   * throttle percentage increase each time auto-converge detects that migration is not making
   * progress. The default value is 10.  (Since 2.7)
   */
  'cpu-throttle-increment'?: number;
  /**
   * Make CPU throttling slower at tail stage At the tail stage of throttling, the Guest is very
   * sensitive to CPU percentage while the `cpu-throttle` -increment is excessive usually at tail
   * stage.  If this parameter is true, we will compute the ideal CPU percentage used by the Guest,
   * which may exactly make the dirty rate match the dirty rate threshold. Then we will choose a
   * smaller throttle increment between the one specified by `cpu-throttle-increment` and the one
   * generated by ideal CPU percentage.  Therefore, it is compatible to traditional throttling,
   * meanwhile the throttle increment won't be excessive at tail stage.  The default value is
   * false.  (Since 5.1)
   */
  'cpu-throttle-tailslow'?: boolean;
  /**
   * ID of the 'tls-creds' object that provides credentials for establishing a TLS connection over
   * the migration data channel.  On the outgoing side of the migration, the credentials must be
   * for a 'client' endpoint, while for the incoming side the credentials must be for a 'server'
   * endpoint.  Setting this to a non-empty string enables TLS for all migrations.  An empty string
   * means that QEMU will use plain text mode for migration, rather than TLS.  This is the default.
   * (Since 2.7)
   */
  'tls-creds'?: StrOrNull;
  /**
   * migration target's hostname for validating the server's x509 certificate identity.  If empty,
   * QEMU will use the hostname from the migration URI, if any.  A non-empty value is required when
   * using x509 based TLS credentials and the migration URI does not include a hostname, such as
   * fd: or exec: based migration.  (Since 2.7)
   */
  'tls-hostname'?: StrOrNull;
  /**
   * ID of the 'authz' object subclass that provides access control checking of the TLS x509
   * certificate distinguished name. This object is only resolved at time of use, so can be deleted
   * and recreated on the fly while the migration server is active. If missing, it will default to
   * denying access (Since 4.0)
   */
  'tls-authz'?: StrOrNull;
  /** maximum speed for migration, in bytes per second. (Since 2.8) */
  'max-bandwidth'?: number;
  /**
   * to set the available bandwidth that migration can use during switchover phase.  NOTE!  This
   * does not limit the bandwidth during switchover, but only for calculations when making
   * decisions to switchover.  By default, this value is zero, which means QEMU will estimate the
   * bandwidth automatically.  This can be set when the estimated value is not accurate, while the
   * user is able to guarantee such bandwidth is available when switching over.  When specified
   * correctly, this can make the switchover decision much more accurate. (Since 8.2)
   */
  'avail-switchover-bandwidth'?: number;
  /**
   * set maximum tolerated downtime for migration. maximum downtime in milliseconds (Since 2.8)
   */
  'downtime-limit'?: number;
  /**
   * The delay time (in ms) between two COLO checkpoints in periodic mode.  (Since 2.8)
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn.
   */
  'x-checkpoint-delay'?: number;
  /**
   * Number of channels used to migrate data in parallel.  This is the same number that the number
   * of sockets used for migration.  The default value is 2 (since 4.0)
   */
  'multifd-channels'?: number;
  /**
   * cache size to be used by XBZRLE migration.  It needs to be a multiple of the target page size
   * and a power of 2 (Since 2.11)
   */
  'xbzrle-cache-size'?: number;
  /**
   * Background transfer bandwidth during postcopy.  Defaults to 0 (unlimited).  In bytes per
   * second. (Since 3.0)
   */
  'max-postcopy-bandwidth'?: number;
  /** maximum cpu throttle percentage.  Defaults to 99. (Since 3.1) */
  'max-cpu-throttle'?: number;
  /** Which compression method to use.  Defaults to none.  (Since 5.0) */
  'multifd-compression'?: MultiFDCompression;
  /**
   * Set the compression level to be used in live migration, the compression level is an integer
   * between 0 and 9, where 0 means no compression, 1 means the best compression speed, and 9 means
   * best compression ratio which will consume more CPU.  Defaults to 1.  (Since 5.0)
   */
  'multifd-zlib-level'?: number;
  /**
   * Set the compression level to be used in live migration. The level is an integer between 1 and
   * 9, where 1 means the best compression speed, and 9 means the best compression ratio which will
   * consume more CPU. Defaults to 1.  (Since 9.2)
   */
  'multifd-qatzip-level'?: number;
  /**
   * Set the compression level to be used in live migration, the compression level is an integer
   * between 0 and 20, where 0 means no compression, 1 means the best compression speed, and 20
   * means best compression ratio which will consume more CPU.  Defaults to 1.  (Since 5.0)
   */
  'multifd-zstd-level'?: number;
  /**
   * Maps block nodes and bitmaps on them to aliases for the purpose of dirty bitmap migration. 
   * Such aliases may for example be the corresponding names on the opposite site. The mapping must
   * be one-to-one, but not necessarily complete: On the source, unmapped bitmaps and all bitmaps
   * on unmapped nodes will be ignored.  On the destination, encountering an unmapped alias in the
   * incoming migration stream will result in a report, and all further bitmap migration data will
   * then be discarded. Note that the destination does not know about bitmaps it does not receive,
   * so there is no limitation or requirement regarding the number of bitmaps received, or how they
   * are named, or on which nodes they are placed.  By default (when this parameter has never been
   * set), bitmap names are mapped to themselves. Nodes are mapped to their block device name if
   * there is one, and to their node name otherwise.  (Since 5.2)
   */
  'block-bitmap-mapping'?: BitmapMigrationNodeAlias[];
  /**
   * Periodic time (in milliseconds) of dirty limit during live migration.  Should be in the range
   * 1 to 1000ms.  Defaults to 1000ms.  (Since 8.1)
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn.
   */
  'x-vcpu-dirty-limit-period'?: number;
  /** Dirtyrate limit (MB/s) during live migration. Defaults to 1.  (Since 8.1) */
  'vcpu-dirty-limit'?: number;
  /** Migration mode.  See description in `MigMode`.  Default is 'normal'.  (Since 8.2) */
  mode?: MigMode;
  /**
   * Whether and how to detect zero pages. See description in `ZeroPageDetection`.  Default is
   * 'multifd'. (since 9.0)
   */
  'zero-page-detection'?: ZeroPageDetection;
  /**
   * Open migration files with O_DIRECT when possible.  This only has effect if the `mapped-ram`
   * capability is enabled. (Since 9.1)
   */
  'direct-io'?: boolean;
}

/**
 * The optional members aren't actually optional.
 *
 * Since: 2.4
 *
 * QAPI struct `MigrationParameters` (migration.json).
 */
export interface MigrationParameters {
  /** Initial delay (in milliseconds) before sending the first announce (Since 4.0) */
  'announce-initial'?: number;
  /** Maximum delay (in milliseconds) between packets in the announcement (Since 4.0) */
  'announce-max'?: number;
  /** Number of self-announce packets sent after migration (Since 4.0) */
  'announce-rounds'?: number;
  /**
   * Increase in delay (in milliseconds) between subsequent packets in the announcement (Since 4.0)
   */
  'announce-step'?: number;
  /**
   * The ratio of bytes_dirty_period and bytes_xfer_period to trigger throttling.  It is expressed
   * as percentage.  The default value is 50.  (Since 5.0)
   */
  'throttle-trigger-threshold'?: number;
  /**
   * Initial percentage of time guest cpus are throttled when migration auto-converge is activated.
   * (Since 2.7)
   */
  'cpu-throttle-initial'?: number;
  /**
   * throttle percentage increase each time auto-converge detects that migration is not making
   * progress. (Since 2.7)
   */
  'cpu-throttle-increment'?: number;
  /**
   * Make CPU throttling slower at tail stage At the tail stage of throttling, the Guest is very
   * sensitive to CPU percentage while the `cpu-throttle` -increment is excessive usually at tail
   * stage.  If this parameter is true, we will compute the ideal CPU percentage used by the Guest,
   * which may exactly make the dirty rate match the dirty rate threshold. Then we will choose a
   * smaller throttle increment between the one specified by `cpu-throttle-increment` and the one
   * generated by ideal CPU percentage.  Therefore, it is compatible to traditional throttling,
   * meanwhile the throttle increment won't be excessive at tail stage.  The default value is
   * false.  (Since 5.1)
   */
  'cpu-throttle-tailslow'?: boolean;
  /**
   * ID of the 'tls-creds' object that provides credentials for establishing a TLS connection over
   * the migration data channel.  On the outgoing side of the migration, the credentials must be
   * for a 'client' endpoint, while for the incoming side the credentials must be for a 'server'
   * endpoint.  An empty string means that QEMU will use plain text mode for migration, rather than
   * TLS.  (Since 2.7)
   */
  'tls-creds'?: string;
  /**
   * migration target's hostname for validating the server's x509 certificate identity.  If empty,
   * QEMU will use the hostname from the migration URI, if any.  (Since 2.7)
   */
  'tls-hostname'?: string;
  /**
   * ID of the 'authz' object subclass that provides access control checking of the TLS x509
   * certificate distinguished name. (Since 4.0)
   */
  'tls-authz'?: string;
  /** maximum speed for migration, in bytes per second. (Since 2.8) */
  'max-bandwidth'?: number;
  /**
   * to set the available bandwidth that migration can use during switchover phase.  NOTE!  This
   * does not limit the bandwidth during switchover, but only for calculations when making
   * decisions to switchover.  By default, this value is zero, which means QEMU will estimate the
   * bandwidth automatically.  This can be set when the estimated value is not accurate, while the
   * user is able to guarantee such bandwidth is available when switching over.  When specified
   * correctly, this can make the switchover decision much more accurate. (Since 8.2)
   */
  'avail-switchover-bandwidth'?: number;
  /**
   * set maximum tolerated downtime for migration. maximum downtime in milliseconds (Since 2.8)
   */
  'downtime-limit'?: number;
  /**
   * the delay time between two COLO checkpoints. (Since 2.8)
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn.
   */
  'x-checkpoint-delay'?: number;
  /**
   * Number of channels used to migrate data in parallel.  This is the same number that the number
   * of sockets used for migration.  The default value is 2 (since 4.0)
   */
  'multifd-channels'?: number;
  /**
   * cache size to be used by XBZRLE migration.  It needs to be a multiple of the target page size
   * and a power of 2 (Since 2.11)
   */
  'xbzrle-cache-size'?: number;
  /**
   * Background transfer bandwidth during postcopy.  Defaults to 0 (unlimited).  In bytes per
   * second. (Since 3.0)
   */
  'max-postcopy-bandwidth'?: number;
  /** maximum cpu throttle percentage.  Defaults to 99. (Since 3.1) */
  'max-cpu-throttle'?: number;
  /** Which compression method to use.  Defaults to none.  (Since 5.0) */
  'multifd-compression'?: MultiFDCompression;
  /**
   * Set the compression level to be used in live migration, the compression level is an integer
   * between 0 and 9, where 0 means no compression, 1 means the best compression speed, and 9 means
   * best compression ratio which will consume more CPU.  Defaults to 1.  (Since 5.0)
   */
  'multifd-zlib-level'?: number;
  /**
   * Set the compression level to be used in live migration. The level is an integer between 1 and
   * 9, where 1 means the best compression speed, and 9 means the best compression ratio which will
   * consume more CPU. Defaults to 1.  (Since 9.2)
   */
  'multifd-qatzip-level'?: number;
  /**
   * Set the compression level to be used in live migration, the compression level is an integer
   * between 0 and 20, where 0 means no compression, 1 means the best compression speed, and 20
   * means best compression ratio which will consume more CPU.  Defaults to 1.  (Since 5.0)
   */
  'multifd-zstd-level'?: number;
  /**
   * Maps block nodes and bitmaps on them to aliases for the purpose of dirty bitmap migration. 
   * Such aliases may for example be the corresponding names on the opposite site. The mapping must
   * be one-to-one, but not necessarily complete: On the source, unmapped bitmaps and all bitmaps
   * on unmapped nodes will be ignored.  On the destination, encountering an unmapped alias in the
   * incoming migration stream will result in a report, and all further bitmap migration data will
   * then be discarded. Note that the destination does not know about bitmaps it does not receive,
   * so there is no limitation or requirement regarding the number of bitmaps received, or how they
   * are named, or on which nodes they are placed.  By default (when this parameter has never been
   * set), bitmap names are mapped to themselves. Nodes are mapped to their block device name if
   * there is one, and to their node name otherwise.  (Since 5.2)
   */
  'block-bitmap-mapping'?: BitmapMigrationNodeAlias[];
  /**
   * Periodic time (in milliseconds) of dirty limit during live migration.  Should be in the range
   * 1 to 1000ms.  Defaults to 1000ms.  (Since 8.1)
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn.
   */
  'x-vcpu-dirty-limit-period'?: number;
  /** Dirtyrate limit (MB/s) during live migration. Defaults to 1.  (Since 8.1) */
  'vcpu-dirty-limit'?: number;
  /** Migration mode.  See description in `MigMode`.  Default is 'normal'.  (Since 8.2) */
  mode?: MigMode;
  /**
   * Whether and how to detect zero pages. See description in `ZeroPageDetection`.  Default is
   * 'multifd'. (since 9.0)
   */
  'zero-page-detection'?: ZeroPageDetection;
  /**
   * Open migration files with O_DIRECT when possible.  This only has effect if the `mapped-ram`
   * capability is enabled. (Since 9.1)
   */
  'direct-io'?: boolean;
}

/**
 * Data of the `MIGRATION` event.
 *
 * Emitted when a migration event happens
 */
export interface MigrationEventData {
  /** `MigrationStatus` describing the current migration status. */
  status: MigrationStatus;
}

/**
 * Data of the `MIGRATION_PASS` event.
 *
 * Emitted from the source side of a migration at the start of each pass (when it syncs the dirty
 * bitmap)
 */
export interface MigrationPassEventData {
  /** An incrementing count (starting at 1 on the first pass) */
  pass: number;
}

/**
 * The message transmission between Primary side and Secondary side.
 *
 * Since: 2.8
 *
 * QAPI enum `COLOMessage` (migration.json).
 */
export type COLOMessage =
  | 'checkpoint-ready'
  | 'checkpoint-request'
  | 'checkpoint-reply'
  | 'vmstate-send'
  | 'vmstate-size'
  | 'vmstate-received'
  | 'vmstate-loaded';

/**
 * The COLO current mode.
 *
 * Since: 2.8
 *
 * QAPI enum `COLOMode` (migration.json).
 */
export type COLOMode = 'none' | 'primary' | 'secondary';

/**
 * An enumeration of COLO failover status
 *
 * Since: 2.8
 *
 * QAPI enum `FailoverStatus` (migration.json).
 */
export type FailoverStatus = 'none' | 'require' | 'active' | 'completed' | 'relaunch';

/**
 * Data of the `COLO_EXIT` event.
 *
 * Emitted when VM finishes COLO mode due to some errors happening or at the request of users.
 */
export interface ColoExitEventData {
  /** report COLO mode when COLO exited. */
  mode: COLOMode;
  /** describes the reason for the COLO exit. */
  reason: COLOExitReason;
}

/**
 * The reason for a COLO exit.
 *
 * Since: 3.1
 *
 * QAPI enum `COLOExitReason` (migration.json).
 */
export type COLOExitReason = 'none' | 'request' | 'error' | 'processing';

/**
 * Arguments of the `migrate-continue` command.
 *
 * Continue migration when it's in a paused state.
 */
export interface MigrateContinueArguments {
  /** The state the migration is currently expected to be in */
  state: MigrationStatus;
}

/**
 * The migration stream transport mechanisms.
 *
 * Since: 8.2
 *
 * QAPI enum `MigrationAddressType` (migration.json).
 */
export type MigrationAddressType = 'socket' | 'exec' | 'rdma' | 'file';

/**
 * `FileMigrationArgs` (struct).
 *
 * Since: 8.2
 *
 * QAPI struct `FileMigrationArgs` (migration.json).
 */
export interface FileMigrationArgs {
  /** The file to receive the migration stream */
  filename: string;
  /** The file offset where the migration stream will start */
  offset: number;
}

/**
 * `MigrationExecCommand` (struct).
 *
 * Since: 8.2
 *
 * QAPI struct `MigrationExecCommand` (migration.json).
 */
export interface MigrationExecCommand {
  /** command (list head) and arguments to execute. */
  args: string[];
}

/** Common members of {@link MigrationAddress}. */
export interface MigrationAddressBase {
  /** The migration stream transport mechanism */
  transport: MigrationAddressType;
}

/**
 * Migration endpoint configuration.
 *
 * Discriminated by `transport` (`MigrationAddressType`).
 *
 * Since: 8.2
 *
 * QAPI union `MigrationAddress` (migration.json).
 */
export type MigrationAddress =
  | (MigrationAddressBase & { transport: 'socket' } & SocketAddress)
  | (MigrationAddressBase & { transport: 'exec' } & MigrationExecCommand)
  | (MigrationAddressBase & { transport: 'rdma' } & InetSocketAddress)
  | (MigrationAddressBase & { transport: 'file' } & FileMigrationArgs);

/**
 * The migration channel-type request options.
 *
 * Since: 8.1
 *
 * QAPI enum `MigrationChannelType` (migration.json).
 */
export type MigrationChannelType = 'main' | 'cpr';

/**
 * Migration stream channel parameters.
 *
 * Since: 8.1
 *
 * QAPI struct `MigrationChannel` (migration.json).
 */
export interface MigrationChannel {
  /** Channel type for transferring packet information. */
  'channel-type': MigrationChannelType;
  /** Migration endpoint configuration on destination interface. */
  addr: MigrationAddress;
}

/**
 * Arguments of the `migrate` command.
 *
 * Migrates the current running guest to another Virtual Machine.
 */
export interface MigrateArguments {
  /** the Uniform Resource Identifier of the destination VM */
  uri?: string;
  /**
   * list of migration stream channels with each stream in the list connected to a destination
   * interface endpoint.
   */
  channels?: MigrationChannel[];
  /** this argument exists only for compatibility reasons and is ignored by QEMU */
  detach?: boolean;
  /** resume one paused migration, default "off".  (since 3.0) */
  resume?: boolean;
}

/**
 * Arguments of the `migrate-incoming` command.
 *
 * Start an incoming migration, the qemu must have been started with -incoming defer
 */
export interface MigrateIncomingArguments {
  /** The Uniform Resource Identifier identifying the source or address to listen on */
  uri?: string;
  /**
   * list of migration stream channels with each stream in the list connected to a destination
   * interface endpoint.
   */
  channels?: MigrationChannel[];
  /**
   * Exit on incoming migration failure.  Default true. When set to false, the failure triggers a
   * MIGRATION event, and error details could be retrieved with query-migrate. (since 9.1)
   */
  'exit-on-error'?: boolean;
}

/**
 * Arguments of the `xen-save-devices-state` command.
 *
 * Save the state of all devices to file.  The RAM and the block devices of the VM are not saved by
 * this command.
 */
export interface XenSaveDevicesStateArguments {
  /**
   * the file to save the state of the devices to as binary data.  See xen-save-devices-state.txt
   * for a description of the binary format.
   */
  filename: string;
  /**
   * Optional argument to ask QEMU to treat this command as part of a live migration.  Default to
   * true.  (since 2.11)
   */
  live?: boolean;
}

/**
 * Arguments of the `xen-set-global-dirty-log` command.
 *
 * Enable or disable the global dirty log mode.
 */
export interface XenSetGlobalDirtyLogArguments {
  /** true to enable, false to disable. */
  enable: boolean;
}

/**
 * Arguments of the `xen-load-devices-state` command.
 *
 * Load the state of all devices from file.  The RAM and the block devices of the VM are not loaded
 * by this command.
 */
export interface XenLoadDevicesStateArguments {
  /**
   * the file to load the state of the devices from as binary data.  See xen-save-devices-state.txt
   * for a description of the binary format.
   */
  filename: string;
}

/**
 * Arguments of the `xen-set-replication` command.
 *
 * Enable or disable replication.
 */
export interface XenSetReplicationArguments {
  /** true to enable, false to disable. */
  enable: boolean;
  /** true for primary or false for secondary. */
  primary: boolean;
  /**
   * true to do failover, false to stop.  Cannot be specified if 'enable' is true.  Default value
   * is false.
   */
  failover?: boolean;
}

/**
 * The result format for 'query-xen-replication-status'.
 *
 * Only present when the QEMU build has `CONFIG_REPLICATION`.
 *
 * Since: 2.9
 *
 * QAPI struct `ReplicationStatus` (migration.json).
 */
export interface ReplicationStatus {
  /** true if an error happened, false if replication is normal. */
  error: boolean;
  /** the human readable error description string, when `error` is 'true'. */
  desc?: string;
}

/**
 * The result format for 'query-colo-status'.
 *
 * Only present when the QEMU build has `CONFIG_REPLICATION`.
 *
 * Since: 3.1
 *
 * QAPI struct `COLOStatus` (migration.json).
 */
export interface COLOStatus {
  /** COLO running mode.  If COLO is running, this field will return 'primary' or 'secondary'. */
  mode: COLOMode;
  /**
   * COLO last running mode.  If COLO is running, this field will return same like mode field,
   * after failover we can use this field to get last colo mode.  (since 4.0)
   */
  'last-mode': COLOMode;
  /** describes the reason for the COLO exit. */
  reason: COLOExitReason;
}

/**
 * Arguments of the `migrate-recover` command.
 *
 * Provide a recovery migration stream URI.
 */
export interface MigrateRecoverArguments {
  /** the URI to be used for the recovery of migration stream. */
  uri: string;
}

/**
 * Data of the `UNPLUG_PRIMARY` event.
 *
 * Emitted from source side of a migration when migration state is WAIT_UNPLUG.  Device was
 * unplugged by guest operating system. Device resources in QEMU are kept on standby to be able to
 * re-plug it in case of migration failure.
 */
export interface UnplugPrimaryEventData {
  /** QEMU device id of the unplugged device */
  'device-id': string;
}

/**
 * Dirty rate of vcpu.
 *
 * Since: 6.2
 *
 * QAPI struct `DirtyRateVcpu` (migration.json).
 */
export interface DirtyRateVcpu {
  /** vcpu index. */
  id: number;
  /** dirty rate. */
  'dirty-rate': number;
}

/**
 * Dirty page rate measurement status.
 *
 * Since: 5.2
 *
 * QAPI enum `DirtyRateStatus` (migration.json).
 */
export type DirtyRateStatus = 'unstarted' | 'measuring' | 'measured';

/**
 * Method used to measure dirty page rate.  Differences between available methods are explained in
 * `calc-dirty-rate`.
 *
 * Since: 6.2
 *
 * QAPI enum `DirtyRateMeasureMode` (migration.json).
 */
export type DirtyRateMeasureMode = 'page-sampling' | 'dirty-ring' | 'dirty-bitmap';

/**
 * Specifies unit in which time-related value is specified.
 *
 * Since: 8.2
 *
 * QAPI enum `TimeUnit` (migration.json).
 */
export type TimeUnit = 'second' | 'millisecond';

/**
 * Information about measured dirty page rate.
 *
 * Since: 5.2
 *
 * QAPI struct `DirtyRateInfo` (migration.json).
 */
export interface DirtyRateInfo {
  /**
   * an estimate of the dirty page rate of the VM in units of MiB/s.  Value is present only when
   * `status` is 'measured'.
   */
  'dirty-rate'?: number;
  /** current status of dirty page rate measurements */
  status: DirtyRateStatus;
  /** start time in units of second for calculation */
  'start-time': number;
  /**
   * time period for which dirty page rate was measured, expressed and rounded down to
   * `calc-time-unit`.
   */
  'calc-time': number;
  /** time unit of `calc-time`  (Since 8.2) */
  'calc-time-unit': TimeUnit;
  /**
   * number of sampled pages per GiB of guest memory. Valid only in page-sampling mode (Since 6.1)
   */
  'sample-pages': number;
  /** mode that was used to measure dirty page rate (Since 6.2) */
  mode: DirtyRateMeasureMode;
  /** dirty rate for each vCPU if dirty-ring mode was specified (Since 6.2) */
  'vcpu-dirty-rate'?: DirtyRateVcpu[];
}

/**
 * Arguments of the `calc-dirty-rate` command.
 *
 * Start measuring dirty page rate of the VM.  Results can be retrieved with `query-dirty-rate`
 * after measurements are completed.
 */
export interface CalcDirtyRateArguments {
  /**
   * time period for which dirty page rate is calculated.  By default it is specified in seconds,
   * but the unit can be set explicitly with `calc-time-unit`.  Note that larger `calc-time` values
   * will typically result in smaller dirty page rates because page dirtying is a one-time event. 
   * Once some page is counted as dirty during `calc-time` period, further writes to this page will
   * not increase dirty page rate anymore.
   */
  'calc-time': number;
  /** time unit in which `calc-time` is specified.  By default it is seconds.  (Since 8.2) */
  'calc-time-unit'?: TimeUnit;
  /**
   * number of sampled pages per each GiB of guest memory. Default value is 512.  For 4KiB guest
   * pages this corresponds to sampling ratio of 0.2%.  This argument is used only in page sampling
   * mode.  (Since 6.1)
   */
  'sample-pages'?: number;
  /**
   * mechanism for tracking dirty pages.  Default value is 'page-sampling'.  Others are
   * 'dirty-bitmap' and 'dirty-ring'. (Since 6.1)
   */
  mode?: DirtyRateMeasureMode;
}

/**
 * Arguments of the `query-dirty-rate` command.
 *
 * Query results of the most recent invocation of `calc-dirty-rate`.
 */
export interface QueryDirtyRateArguments {
  /**
   * time unit in which to report calculation time. By default it is reported in seconds.  (Since
   * 8.2)
   */
  'calc-time-unit'?: TimeUnit;
}

/**
 * Dirty page rate limit information of a virtual CPU.
 *
 * Since: 7.1
 *
 * QAPI struct `DirtyLimitInfo` (migration.json).
 */
export interface DirtyLimitInfo {
  /** index of a virtual CPU. */
  'cpu-index': number;
  /** upper limit of dirty page rate (MB/s) for a virtual CPU, 0 means unlimited. */
  'limit-rate': number;
  /** current dirty page rate (MB/s) for a virtual CPU. */
  'current-rate': number;
}

/**
 * Arguments of the `set-vcpu-dirty-limit` command.
 *
 * Set the upper limit of dirty page rate for virtual CPUs.
 */
export interface SetVcpuDirtyLimitArguments {
  /** index of a virtual CPU, default is all. */
  'cpu-index'?: number;
  /** upper limit of dirty page rate (MB/s) for virtual CPUs. */
  'dirty-rate': number;
}

/**
 * Arguments of the `cancel-vcpu-dirty-limit` command.
 *
 * Cancel the upper limit of dirty page rate for virtual CPUs.
 */
export interface CancelVcpuDirtyLimitArguments {
  /** index of a virtual CPU, default is all. */
  'cpu-index'?: number;
}

/**
 * Information about migrationthreads
 *
 * Since: 7.2
 *
 * QAPI struct `MigrationThreadInfo` (migration.json).
 */
export interface MigrationThreadInfo {
  /** the name of migration thread */
  name: string;
  /** ID of the underlying host thread */
  'thread-id': number;
}

/**
 * Arguments of the `snapshot-save` command.
 *
 * Save a VM snapshot
 */
export interface SnapshotSaveArguments {
  /** identifier for the newly created job */
  'job-id': string;
  /** name of the snapshot to create */
  tag: string;
  /** block device node name to save vmstate to */
  vmstate: string;
  /** list of block device node names to save a snapshot to */
  devices: string[];
}

/**
 * Arguments of the `snapshot-load` command.
 *
 * Load a VM snapshot
 */
export interface SnapshotLoadArguments {
  /** identifier for the newly created job */
  'job-id': string;
  /** name of the snapshot to load. */
  tag: string;
  /** block device node name to load vmstate from */
  vmstate: string;
  /** list of block device node names to load a snapshot from */
  devices: string[];
}

/**
 * Arguments of the `snapshot-delete` command.
 *
 * Delete a VM snapshot
 */
export interface SnapshotDeleteArguments {
  /** identifier for the newly created job */
  'job-id': string;
  /** name of the snapshot to delete. */
  tag: string;
  /** list of block device node names to delete a snapshot from */
  devices: string[];
}

// --------------------------------------------------------------------------
// transaction.json: Transactions

/**
 * This action can be used to test transaction failure.
 *
 * Since: 1.6
 *
 * QAPI struct `Abort` (transaction.json).
 */
export interface Abort {
}

/**
 * An enumeration of Transactional completion modes.
 *
 * Since: 2.5
 *
 * QAPI enum `ActionCompletionMode` (transaction.json).
 */
export type ActionCompletionMode = 'individual' | 'grouped';

/**
 * `TransactionActionKind` (enum).
 *
 * - `drive-backup`: deprecated. Deprecated in the QAPI schema.
 *
 * Since: 1.1
 *
 * QAPI enum `TransactionActionKind` (transaction.json).
 */
export type TransactionActionKind =
  | 'abort'
  | 'block-dirty-bitmap-add'
  | 'block-dirty-bitmap-remove'
  | 'block-dirty-bitmap-clear'
  | 'block-dirty-bitmap-enable'
  | 'block-dirty-bitmap-disable'
  | 'block-dirty-bitmap-merge'
  | 'blockdev-backup'
  | 'blockdev-snapshot'
  | 'blockdev-snapshot-internal-sync'
  | 'blockdev-snapshot-sync'
  | 'drive-backup';

/**
 * `AbortWrapper` (struct).
 *
 * Since: 1.6
 *
 * QAPI struct `AbortWrapper` (transaction.json).
 */
export interface AbortWrapper {
  data: Abort;
}

/**
 * `BlockDirtyBitmapAddWrapper` (struct).
 *
 * Since: 2.5
 *
 * QAPI struct `BlockDirtyBitmapAddWrapper` (transaction.json).
 */
export interface BlockDirtyBitmapAddWrapper {
  data: BlockDirtyBitmapAdd;
}

/**
 * `BlockDirtyBitmapWrapper` (struct).
 *
 * Since: 2.5
 *
 * QAPI struct `BlockDirtyBitmapWrapper` (transaction.json).
 */
export interface BlockDirtyBitmapWrapper {
  data: BlockDirtyBitmap;
}

/**
 * `BlockDirtyBitmapMergeWrapper` (struct).
 *
 * Since: 4.0
 *
 * QAPI struct `BlockDirtyBitmapMergeWrapper` (transaction.json).
 */
export interface BlockDirtyBitmapMergeWrapper {
  data: BlockDirtyBitmapMerge;
}

/**
 * `BlockdevBackupWrapper` (struct).
 *
 * Since: 2.3
 *
 * QAPI struct `BlockdevBackupWrapper` (transaction.json).
 */
export interface BlockdevBackupWrapper {
  data: BlockdevBackup;
}

/**
 * `BlockdevSnapshotWrapper` (struct).
 *
 * Since: 2.5
 *
 * QAPI struct `BlockdevSnapshotWrapper` (transaction.json).
 */
export interface BlockdevSnapshotWrapper {
  data: BlockdevSnapshot;
}

/**
 * `BlockdevSnapshotInternalWrapper` (struct).
 *
 * Since: 1.7
 *
 * QAPI struct `BlockdevSnapshotInternalWrapper` (transaction.json).
 */
export interface BlockdevSnapshotInternalWrapper {
  data: BlockdevSnapshotInternal;
}

/**
 * `BlockdevSnapshotSyncWrapper` (struct).
 *
 * Since: 1.1
 *
 * QAPI struct `BlockdevSnapshotSyncWrapper` (transaction.json).
 */
export interface BlockdevSnapshotSyncWrapper {
  data: BlockdevSnapshotSync;
}

/**
 * `DriveBackupWrapper` (struct).
 *
 * Since: 1.6
 *
 * QAPI struct `DriveBackupWrapper` (transaction.json).
 */
export interface DriveBackupWrapper {
  data: DriveBackup;
}

/** Common members of {@link TransactionAction}. */
export interface TransactionActionBase {
  /** the operation to be performed */
  type: TransactionActionKind;
}

/**
 * A discriminated record of operations that can be performed with `transaction`.
 *
 * Discriminated by `type` (`TransactionActionKind`).
 *
 * Since: 1.1
 *
 * QAPI union `TransactionAction` (transaction.json).
 */
export type TransactionAction =
  | (TransactionActionBase & { type: 'abort' } & AbortWrapper)
  | (TransactionActionBase & { type: 'block-dirty-bitmap-add' } & BlockDirtyBitmapAddWrapper)
  | (TransactionActionBase & { type: 'block-dirty-bitmap-remove' } & BlockDirtyBitmapWrapper)
  | (TransactionActionBase & { type: 'block-dirty-bitmap-clear' } & BlockDirtyBitmapWrapper)
  | (TransactionActionBase & { type: 'block-dirty-bitmap-enable' } & BlockDirtyBitmapWrapper)
  | (TransactionActionBase & { type: 'block-dirty-bitmap-disable' } & BlockDirtyBitmapWrapper)
  | (TransactionActionBase & { type: 'block-dirty-bitmap-merge' } & BlockDirtyBitmapMergeWrapper)
  | (TransactionActionBase & { type: 'blockdev-backup' } & BlockdevBackupWrapper)
  | (TransactionActionBase & { type: 'blockdev-snapshot' } & BlockdevSnapshotWrapper)
  | (TransactionActionBase & { type: 'blockdev-snapshot-internal-sync' } & BlockdevSnapshotInternalWrapper)
  | (TransactionActionBase & { type: 'blockdev-snapshot-sync' } & BlockdevSnapshotSyncWrapper)
  | (TransactionActionBase & { type: 'drive-backup' } & DriveBackupWrapper);

/**
 * Optional arguments to modify the behavior of a Transaction.
 *
 * Since: 2.5
 *
 * QAPI struct `TransactionProperties` (transaction.json).
 */
export interface TransactionProperties {
  /**
   * Controls how jobs launched asynchronously by Actions will complete or fail as a group.  See
   * `ActionCompletionMode` for details.
   */
  'completion-mode'?: ActionCompletionMode;
}

/**
 * Arguments of the `transaction` command.
 *
 * Executes a number of transactionable QMP commands atomically.  If any operation fails, then the
 * entire set of actions will be abandoned and the appropriate error returned.
 */
export interface TransactionArguments {
  /** List of `TransactionAction`; information needed for the respective operations. */
  actions: TransactionAction[];
  /**
   * structure of additional options to control the execution of the transaction.  See
   * `TransactionProperties` for additional detail.
   */
  properties?: TransactionProperties;
}

// --------------------------------------------------------------------------
// trace.json: Tracing

/**
 * State of a tracing event.
 *
 * Since: 2.2
 *
 * QAPI enum `TraceEventState` (trace.json).
 */
export type TraceEventState = 'unavailable' | 'disabled' | 'enabled';

/**
 * Information of a tracing event.
 *
 * Since: 2.2
 *
 * QAPI struct `TraceEventInfo` (trace.json).
 */
export interface TraceEventInfo {
  /** Event name. */
  name: string;
  /** Tracing state. */
  state: TraceEventState;
}

/**
 * Arguments of the `trace-event-get-state` command.
 *
 * Query the state of events.
 */
export interface TraceEventGetStateArguments {
  /** Event name pattern (case-sensitive glob). */
  name: string;
}

/**
 * Arguments of the `trace-event-set-state` command.
 *
 * Set the dynamic tracing state of events.
 */
export interface TraceEventSetStateArguments {
  /** Event name pattern (case-sensitive glob). */
  name: string;
  /** Whether to enable tracing. */
  enable: boolean;
  /** Do not match unavailable events with `name`. */
  'ignore-unavailable'?: boolean;
}

// --------------------------------------------------------------------------
// compat.json: Compatibility policy

/**
 * Policy for handling "funny" input.
 *
 * Since: 6.0
 *
 * QAPI enum `CompatPolicyInput` (compat.json).
 */
export type CompatPolicyInput = 'accept' | 'reject' | 'crash';

/**
 * Policy for handling "funny" output.
 *
 * Since: 6.0
 *
 * QAPI enum `CompatPolicyOutput` (compat.json).
 */
export type CompatPolicyOutput = 'accept' | 'hide';

/**
 * Policy for handling deprecated management interfaces.
 *
 * Since: 6.0
 *
 * QAPI struct `CompatPolicy` (compat.json).
 */
export interface CompatPolicy {
  /** how to handle deprecated input (default 'accept') */
  'deprecated-input'?: CompatPolicyInput;
  /** how to handle deprecated output (default 'accept') */
  'deprecated-output'?: CompatPolicyOutput;
  /** how to handle unstable input (default 'accept') (since 6.2) */
  'unstable-input'?: CompatPolicyInput;
  /** how to handle unstable output (default 'accept') (since 6.2) */
  'unstable-output'?: CompatPolicyOutput;
}

// --------------------------------------------------------------------------
// control.json: QMP monitor control

/**
 * Arguments of the `qmp_capabilities` command.
 *
 * Enable QMP capabilities.
 */
export interface QmpCapabilitiesArguments {
  /**
   * An optional list of QMPCapability values to enable.  The client must not enable any capability
   * that is not mentioned in the QMP greeting message.  If the field is not provided, it means no
   * QMP capabilities will be enabled.  (since 2.12)
   */
  enable?: QMPCapability[];
}

/**
 * Enumeration of capabilities to be advertised during initial client connection, used for agreeing
 * on particular QMP extension behaviors.
 *
 * Since: 2.12
 *
 * QAPI enum `QMPCapability` (control.json).
 */
export type QMPCapability = 'oob';

/**
 * A three-part version number.
 *
 * Since: 2.4
 *
 * QAPI struct `VersionTriple` (control.json).
 */
export interface VersionTriple {
  /** The major version number. */
  major: number;
  /** The minor version number. */
  minor: number;
  /** The micro version number. */
  micro: number;
}

/**
 * A description of QEMU's version.
 *
 * Since: 0.14
 *
 * QAPI struct `VersionInfo` (control.json).
 */
export interface VersionInfo {
  /**
   * The version of QEMU.  By current convention, a micro version of 50 signifies a development
   * branch.  A micro version greater than or equal to 90 signifies a release candidate for the
   * next minor version.  A micro version of less than 50 signifies a stable release.
   */
  qemu: VersionTriple;
  /**
   * QEMU will always set this field to an empty string. Downstream versions of QEMU should set
   * this to a non-empty string.  The exact format depends on the downstream however it highly
   * recommended that a unique name is used.
   */
  package: string;
}

/**
 * Information about a QMP command
 *
 * Since: 0.14
 *
 * QAPI struct `CommandInfo` (control.json).
 */
export interface CommandInfo {
  /** The command name */
  name: string;
}

/**
 * An enumeration of monitor modes.
 *
 * Since: 5.0
 *
 * QAPI enum `MonitorMode` (control.json).
 */
export type MonitorMode = 'readline' | 'control';

/**
 * Options to be used for adding a new monitor.
 *
 * Since: 5.0
 *
 * QAPI struct `MonitorOptions` (control.json).
 */
export interface MonitorOptions {
  /** Name of the monitor */
  id?: string;
  /**
   * Selects the monitor mode (default: readline in the system emulator, control in
   * qemu-storage-daemon)
   */
  mode?: MonitorMode;
  /** Enables pretty printing (QMP only) */
  pretty?: boolean;
  /** Name of a character device to expose the monitor on */
  chardev: string;
}

// --------------------------------------------------------------------------
// introspect.json: QMP introspection

/**
 * This is a `SchemaInfo`'s meta type, i.e. the kind of entity it describes.
 *
 * Since: 2.5
 *
 * QAPI enum `SchemaMetaType` (introspect.json).
 */
export type SchemaMetaType = 'builtin' | 'enum' | 'array' | 'object' | 'alternate' | 'command' | 'event';

/** Common members of {@link SchemaInfo}. */
export interface SchemaInfoBase {
  /**
   * the entity's name, inherited from `base`.  The SchemaInfo is always referenced by this name. 
   * Commands and events have the name defined in the QAPI schema.  Unlike command and event names,
   * type names are not part of the wire ABI.  Consequently, type names are meaningless strings
   * here, although they are still guaranteed unique regardless of `meta-type`.
   */
  name: string;
  /** the entity's meta type, inherited from `base`. */
  'meta-type': SchemaMetaType;
  /**
   * names of features associated with the entity, in no particular order.  (since 4.1 for object
   * types, 4.2 for commands, 5.0 for the rest)
   */
  features?: string[];
}

/**
 * `SchemaInfo` (union).
 *
 * Discriminated by `meta-type` (`SchemaMetaType`).
 *
 * Since: 2.5
 *
 * QAPI union `SchemaInfo` (introspect.json).
 */
export type SchemaInfo =
  | (SchemaInfoBase & { 'meta-type': 'builtin' } & SchemaInfoBuiltin)
  | (SchemaInfoBase & { 'meta-type': 'enum' } & SchemaInfoEnum)
  | (SchemaInfoBase & { 'meta-type': 'array' } & SchemaInfoArray)
  | (SchemaInfoBase & { 'meta-type': 'object' } & SchemaInfoObject)
  | (SchemaInfoBase & { 'meta-type': 'alternate' } & SchemaInfoAlternate)
  | (SchemaInfoBase & { 'meta-type': 'command' } & SchemaInfoCommand)
  | (SchemaInfoBase & { 'meta-type': 'event' } & SchemaInfoEvent);

/**
 * Additional SchemaInfo members for meta-type 'builtin'.
 *
 * Since: 2.5
 *
 * QAPI struct `SchemaInfoBuiltin` (introspect.json).
 */
export interface SchemaInfoBuiltin {
  /** the JSON type used for this type on the wire. */
  'json-type': JSONType;
}

/**
 * The four primitive and two structured types according to RFC 8259 section 1, plus 'int' (split
 * off 'number'), plus the obvious top type 'value'.
 *
 * Since: 2.5
 *
 * QAPI enum `JSONType` (introspect.json).
 */
export type JSONType = 'string' | 'number' | 'int' | 'boolean' | 'null' | 'object' | 'array' | 'value';

/**
 * Additional SchemaInfo members for meta-type 'enum'.
 *
 * Since: 2.5
 *
 * QAPI struct `SchemaInfoEnum` (introspect.json).
 */
export interface SchemaInfoEnum {
  /** the enum type's members, in no particular order (since 6.2). */
  members: SchemaInfoEnumMember[];
  /**
   * the enumeration type's member names, in no particular order.  Redundant with `members`.  Just
   * for backward compatibility.
   *
   * @deprecated Deprecated in the QAPI schema.
   */
  values: string[];
}

/**
 * An object member.
 *
 * Since: 6.2
 *
 * QAPI struct `SchemaInfoEnumMember` (introspect.json).
 */
export interface SchemaInfoEnumMember {
  /** the member's name, as defined in the QAPI schema. */
  name: string;
  /** names of features associated with the member, in no particular order. */
  features?: string[];
}

/**
 * Additional SchemaInfo members for meta-type 'array'.
 *
 * Since: 2.5
 *
 * QAPI struct `SchemaInfoArray` (introspect.json).
 */
export interface SchemaInfoArray {
  /** the array type's element type. */
  'element-type': string;
}

/**
 * Additional SchemaInfo members for meta-type 'object'.
 *
 * Since: 2.5
 *
 * QAPI struct `SchemaInfoObject` (introspect.json).
 */
export interface SchemaInfoObject {
  /** the object type's (non-variant) members, in no particular order. */
  members: SchemaInfoObjectMember[];
  /**
   * the name of the member serving as type tag.  An element of `members` with this name must
   * exist.
   */
  tag?: string;
  /**
   * variant members, i.e. additional members that depend on the type tag's value.  Present exactly
   * when `tag` is present. The variants are in no particular order, and may even differ from the
   * order of the values of the enum type of the `tag`.
   */
  variants?: SchemaInfoObjectVariant[];
}

/**
 * An object member.
 *
 * Since: 2.5
 *
 * QAPI struct `SchemaInfoObjectMember` (introspect.json).
 */
export interface SchemaInfoObjectMember {
  /** the member's name, as defined in the QAPI schema. */
  name: string;
  /** the name of the member's type. */
  type: string;
  /**
   * default when used as command parameter.  If absent, the parameter is mandatory.  If present,
   * the value must be null. The parameter is optional, and behavior when it's missing is not
   * specified here.  Future extension: if present and non-null, the parameter is optional, and
   * defaults to this value.
   */
  default?: unknown;
  /** names of features associated with the member, in no particular order.  (since 5.0) */
  features?: string[];
}

/**
 * The variant members for a value of the type tag.
 *
 * Since: 2.5
 *
 * QAPI struct `SchemaInfoObjectVariant` (introspect.json).
 */
export interface SchemaInfoObjectVariant {
  /** a value of the type tag. */
  case: string;
  /**
   * the name of the object type that provides the variant members when the type tag has value
   * `case`.
   */
  type: string;
}

/**
 * Additional SchemaInfo members for meta-type 'alternate'.
 *
 * Since: 2.5
 *
 * QAPI struct `SchemaInfoAlternate` (introspect.json).
 */
export interface SchemaInfoAlternate {
  /**
   * the alternate type's members, in no particular order.  The members' wire encoding is distinct,
   * see :doc:`/devel/qapi-code-gen` section Alternate types.
   */
  members: SchemaInfoAlternateMember[];
}

/**
 * An alternate member.
 *
 * Since: 2.5
 *
 * QAPI struct `SchemaInfoAlternateMember` (introspect.json).
 */
export interface SchemaInfoAlternateMember {
  /** the name of the member's type. */
  type: string;
}

/**
 * Additional SchemaInfo members for meta-type 'command'.
 *
 * Since: 2.5
 *
 * QAPI struct `SchemaInfoCommand` (introspect.json).
 */
export interface SchemaInfoCommand {
  /** the name of the object type that provides the command's parameters. */
  'arg-type': string;
  /** the name of the command's result type. */
  'ret-type': string;
  /** whether the command allows out-of-band execution, defaults to false (Since: 2.12) */
  'allow-oob'?: boolean;
}

/**
 * Additional SchemaInfo members for meta-type 'event'.
 *
 * Since: 2.5
 *
 * QAPI struct `SchemaInfoEvent` (introspect.json).
 */
export interface SchemaInfoEvent {
  /** the name of the object type that provides the event's parameters. */
  'arg-type': string;
}

// --------------------------------------------------------------------------
// qom.json: QEMU Object Model (QOM)

/**
 * `ObjectPropertyInfo` (struct).
 *
 * Since: 1.2
 *
 * QAPI struct `ObjectPropertyInfo` (qom.json).
 */
export interface ObjectPropertyInfo {
  /** the name of the property */
  name: string;
  /** the type of the property.  This will typically come in one of four forms: */
  type: string;
  /** if specified, the description of the property. */
  description?: string;
  /** the default value, if any (since 5.0) */
  'default-value'?: unknown;
}

/**
 * Arguments of the `qom-list` command.
 *
 * This command will list any properties of a object given a path in the object model.
 */
export interface QomListArguments {
  /** the path within the object model.  See `qom-get` for a description of this parameter. */
  path: string;
}

/**
 * Arguments of the `qom-get` command.
 *
 * This command will get a property from a object model path and return the value.
 */
export interface QomGetArguments {
  /**
   * The path within the object model.  There are two forms of supported paths--absolute and
   * partial paths.
   */
  path: string;
  /** The property name to read */
  property: string;
}

/**
 * Arguments of the `qom-set` command.
 *
 * This command will set a property from a object model path.
 */
export interface QomSetArguments {
  /** see `qom-get` for a description of this parameter */
  path: string;
  /** the property name to set */
  property: string;
  /**
   * a value who's type is appropriate for the property type. See `qom-get` for a description of
   * type mapping.
   */
  value: unknown;
}

/**
 * This structure describes a search result from `qom-list-types`
 *
 * Since: 1.1
 *
 * QAPI struct `ObjectTypeInfo` (qom.json).
 */
export interface ObjectTypeInfo {
  /** the type name found in the search */
  name: string;
  /** the type is abstract and can't be directly instantiated. Omitted if false.  (since 2.10) */
  abstract?: boolean;
  /** Name of parent type, if any (since 2.10) */
  parent?: string;
}

/**
 * Arguments of the `qom-list-types` command.
 *
 * This command will return a list of types given search parameters
 */
export interface QomListTypesArguments {
  /** if specified, only return types that implement this type name */
  implements?: string;
  /** if true, include abstract types in the results */
  abstract?: boolean;
}

/**
 * Arguments of the `qom-list-properties` command.
 *
 * List properties associated with a QOM object.
 */
export interface QomListPropertiesArguments {
  /** the type name of an object */
  typename: string;
}

/**
 * Properties for can-host-socketcan objects.
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * Since: 2.12
 *
 * QAPI struct `CanHostSocketcanProperties` (qom.json).
 */
export interface CanHostSocketcanProperties {
  /** interface name of the host system CAN bus to connect to */
  if: string;
  /** object ID of the can-bus object to connect to the host interface */
  canbus: string;
}

/**
 * Properties for colo-compare objects.
 *
 * Since: 2.8
 *
 * QAPI struct `ColoCompareProperties` (qom.json).
 */
export interface ColoCompareProperties {
  /**
   * name of the character device backend to use for the primary input (incoming packets are
   * redirected to `outdev`)
   */
  primary_in: string;
  /**
   * name of the character device backend to use for secondary input (incoming packets are only
   * compared to the input on `primary_in` and then dropped)
   */
  secondary_in: string;
  /** name of the character device backend to use for output */
  outdev: string;
  /** name of the iothread to run in */
  iothread: string;
  /**
   * name of the character device backend to be used to communicate with the remote colo-frame
   * (only for Xen COLO)
   */
  notify_dev?: string;
  /**
   * the maximum time to hold a packet from `primary_in` for comparison with an incoming packet on
   * `secondary_in` in milliseconds (default: 3000)
   */
  compare_timeout?: number;
  /**
   * the interval at which colo-compare checks whether packets from `primary` have timed out, in
   * milliseconds (default: 3000)
   */
  expired_scan_cycle?: number;
  /**
   * the maximum number of packets to keep in the queue for comparing with incoming packets from
   * `secondary_in`.  If the queue is full and additional packets are received, the additional
   * packets are dropped.  (default: 1024)
   */
  max_queue_size?: number;
  /** if true, vnet header support is enabled (default: false) */
  vnet_hdr_support?: boolean;
}

/**
 * Properties for cryptodev-backend and cryptodev-backend-builtin objects.
 *
 * Since: 2.8
 *
 * QAPI struct `CryptodevBackendProperties` (qom.json).
 */
export interface CryptodevBackendProperties {
  /**
   * the number of queues for the cryptodev backend.  Ignored for cryptodev-backend and must be 1
   * for cryptodev-backend-builtin.  (default: 1)
   */
  queues?: number;
  /** limit total bytes per second (Since 8.0) */
  'throttle-bps'?: number;
  /** limit total operations per second (Since 8.0) */
  'throttle-ops'?: number;
}

/**
 * Properties for cryptodev-vhost-user objects.
 *
 * Only present when the QEMU build has `CONFIG_VHOST_CRYPTO`.
 *
 * Since: 2.12
 *
 * QAPI struct `CryptodevVhostUserProperties` (qom.json).
 */
export interface CryptodevVhostUserProperties extends CryptodevBackendProperties {
  /** the name of a Unix domain socket character device that connects to the vhost-user server */
  chardev: string;
}

/**
 * Properties for dbus-vmstate objects.
 *
 * Since: 5.0
 *
 * QAPI struct `DBusVMStateProperties` (qom.json).
 */
export interface DBusVMStateProperties {
  /** the name of the DBus bus to connect to */
  addr: string;
  /**
   * a comma separated list of DBus IDs of helpers whose data should be included in the VM state on
   * migration
   */
  'id-list'?: string;
}

/**
 * Indicates where to insert a netfilter relative to a given other filter.
 *
 * Since: 5.0
 *
 * QAPI enum `NetfilterInsert` (qom.json).
 */
export type NetfilterInsert = 'before' | 'behind';

/**
 * Properties for objects of classes derived from netfilter.
 *
 * Since: 2.5
 *
 * QAPI struct `NetfilterProperties` (qom.json).
 */
export interface NetfilterProperties {
  /** id of the network device backend to filter */
  netdev: string;
  /** indicates which queue(s) to filter (default: all) */
  queue?: NetFilterDirection;
  /** indicates whether the filter is enabled ("on") or disabled ("off") (default: "on") */
  status?: string;
  /**
   * specifies where the filter should be inserted in the filter list.  "head" means the filter is
   * inserted at the head of the filter list, before any existing filters.  "tail" means the filter
   * is inserted at the tail of the filter list, behind any existing filters (default).  "id=<id>"
   * means the filter is inserted before or behind the filter specified by <id>, depending on the
   * `insert` property.  (default: "tail")
   */
  position?: string;
  /**
   * where to insert the filter relative to the filter given in `position`.  Ignored if `position`
   * is "head" or "tail". (default: behind)
   */
  insert?: NetfilterInsert;
}

/**
 * Properties for filter-buffer objects.
 *
 * Since: 2.5
 *
 * QAPI struct `FilterBufferProperties` (qom.json).
 */
export interface FilterBufferProperties extends NetfilterProperties {
  /**
   * a non-zero interval in microseconds.  All packets arriving in the given interval are delayed
   * until the end of the interval.
   */
  interval: number;
}

/**
 * Properties for filter-dump objects.
 *
 * Since: 2.5
 *
 * QAPI struct `FilterDumpProperties` (qom.json).
 */
export interface FilterDumpProperties extends NetfilterProperties {
  /** the filename where the dumped packets should be stored */
  file: string;
  /** maximum number of bytes in a packet that are stored (default: 65536) */
  maxlen?: number;
}

/**
 * Properties for filter-mirror objects.
 *
 * Since: 2.6
 *
 * QAPI struct `FilterMirrorProperties` (qom.json).
 */
export interface FilterMirrorProperties extends NetfilterProperties {
  /** the name of a character device backend to which all incoming packets are mirrored */
  outdev: string;
  /** if true, vnet header support is enabled (default: false) */
  vnet_hdr_support?: boolean;
}

/**
 * Properties for filter-redirector objects.
 *
 * Since: 2.6
 *
 * QAPI struct `FilterRedirectorProperties` (qom.json).
 */
export interface FilterRedirectorProperties extends NetfilterProperties {
  /**
   * the name of a character device backend from which packets are received and redirected to the
   * filtered network device
   */
  indev?: string;
  /** the name of a character device backend to which all incoming packets are redirected */
  outdev?: string;
  /** if true, vnet header support is enabled (default: false) */
  vnet_hdr_support?: boolean;
}

/**
 * Properties for filter-rewriter objects.
 *
 * Since: 2.8
 *
 * QAPI struct `FilterRewriterProperties` (qom.json).
 */
export interface FilterRewriterProperties extends NetfilterProperties {
  /** if true, vnet header support is enabled (default: false) */
  vnet_hdr_support?: boolean;
}

/**
 * Properties for input-barrier objects.
 *
 * Since: 4.2
 *
 * QAPI struct `InputBarrierProperties` (qom.json).
 */
export interface InputBarrierProperties {
  /** the screen name as declared in the screens section of barrier.conf */
  name: string;
  /** hostname of the Barrier server (default: "localhost") */
  server?: string;
  /** TCP port of the Barrier server (default: "24800") */
  port?: string;
  /** x coordinate of the leftmost pixel on the guest screen (default: "0") */
  'x-origin'?: string;
  /** y coordinate of the topmost pixel on the guest screen (default: "0") */
  'y-origin'?: string;
  /** the width of secondary screen in pixels (default: "1920") */
  width?: string;
  /** the height of secondary screen in pixels (default: "1080") */
  height?: string;
}

/**
 * Properties for input-linux objects.
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * Since: 2.6
 *
 * QAPI struct `InputLinuxProperties` (qom.json).
 */
export interface InputLinuxProperties {
  /** the path of the host evdev device to use */
  evdev: string;
  /**
   * if true, grab is toggled for all devices (e.g. both keyboard and mouse) instead of just one
   * device (default: false)
   */
  grab_all?: boolean;
  /** enables auto-repeat events (default: false) */
  repeat?: boolean;
  /** the key or key combination that toggles device grab (default: ctrl-ctrl) */
  'grab-toggle'?: GrabToggleKeys;
}

/**
 * Common properties for event loops
 *
 * Since: 7.1
 *
 * QAPI struct `EventLoopBaseProperties` (qom.json).
 */
export interface EventLoopBaseProperties {
  /**
   * maximum number of requests in a batch for the AIO engine, 0 means that the engine will use its
   * default. (default: 0)
   */
  'aio-max-batch'?: number;
  /** minimum number of threads reserved in the thread pool (default:0) */
  'thread-pool-min'?: number;
  /** maximum number of threads the thread pool can contain (default:64) */
  'thread-pool-max'?: number;
}

/**
 * Properties for iothread objects.
 *
 * Since: 2.0
 *
 * QAPI struct `IothreadProperties` (qom.json).
 */
export interface IothreadProperties extends EventLoopBaseProperties {
  /**
   * the maximum number of nanoseconds to busy wait for events.  0 means polling is disabled
   * (default: 32768 on POSIX hosts, 0 otherwise)
   */
  'poll-max-ns'?: number;
  /**
   * the multiplier used to increase the polling time when the algorithm detects it is missing
   * events due to not polling long enough.  0 selects a default behaviour (default: 0)
   */
  'poll-grow'?: number;
  /**
   * the divisor used to decrease the polling time when the algorithm detects it is spending too
   * long polling without encountering events.  0 selects a default behaviour (default: 0)
   */
  'poll-shrink'?: number;
}

/**
 * Properties for the main-loop object.
 *
 * Since: 7.1
 *
 * QAPI struct `MainLoopProperties` (qom.json).
 */
export interface MainLoopProperties extends EventLoopBaseProperties {
}

/**
 * Properties for objects of classes derived from memory-backend.
 *
 * Since: 2.1
 *
 * QAPI struct `MemoryBackendProperties` (qom.json).
 */
export interface MemoryBackendProperties {
  /** if true, include the memory in core dumps (default depends on the machine type) */
  dump?: boolean;
  /** the list of NUMA host nodes to bind the memory to */
  'host-nodes'?: number[];
  /** if true, mark the memory as mergeable (default depends on the machine type) */
  merge?: boolean;
  /** the NUMA policy (default: 'default') */
  policy?: HostMemPolicy;
  /** if true, preallocate memory (default: false) */
  prealloc?: boolean;
  /** number of CPU threads to use for prealloc (default: 1) */
  'prealloc-threads'?: number;
  /** thread context to use for creation of preallocation threads (default: none) (since 7.2) */
  'prealloc-context'?: string;
  /**
   * if false, the memory is private to QEMU; if true, it is shared (default false for backends
   * memory-backend-file and memory-backend-ram, true for backends memory-backend-epc,
   * memory-backend-memfd, and memory-backend-shm)
   */
  share?: boolean;
  /** if true, reserve swap space (or huge pages) if applicable (default: true) (since 6.1) */
  reserve?: boolean;
  /** size of the memory region in bytes */
  size: number;
  /**
   * if true, the canonical path is used for ramblock-id.  Disable this for 4.0 machine types or
   * older to allow migration with newer QEMU versions. (default: false generally, but true for
   * machine types <= 4.0)
   */
  'x-use-canonical-path-for-ramblock-id'?: boolean;
}

/**
 * Properties for memory-backend-file objects.
 *
 * Since: 2.1
 *
 * QAPI struct `MemoryBackendFileProperties` (qom.json).
 */
export interface MemoryBackendFileProperties extends MemoryBackendProperties {
  /**
   * the base address alignment when QEMU mmap(2)s `mem-path`. Some backend stores specified by
   * `mem-path` require an alignment different than the default one used by QEMU, e.g. the device
   * DAX /dev/dax0.0 requires 2M alignment rather than 4K.  In such cases, users can specify the
   * required alignment via this option. 0 selects a default alignment (currently the page size).
   * (default: 0)
   */
  align?: number;
  /**
   * the offset into the target file that the region starts at. You can use this option to back
   * multiple regions with a single file.  Must be a multiple of the page size. (default: 0) (since
   * 8.1)
   */
  offset?: number;
  /**
   * if true, the file contents can be destroyed when QEMU exits, to avoid unnecessarily flushing
   * data to the backing file. Note that `discard-data` is only an optimization, and QEMU might not
   * discard file contents if it aborts unexpectedly or is terminated using SIGKILL.  (default:
   * false)
   */
  'discard-data'?: boolean;
  /** the path to either a shared memory or huge page filesystem mount */
  'mem-path': string;
  /**
   * specifies whether the backing file specified by `mem-path` is in host persistent memory that
   * can be accessed using the SNIA NVM programming model (e.g. Intel NVDIMM).
   *
   * Only present when the QEMU build has `CONFIG_LIBPMEM`.
   */
  pmem?: boolean;
  /**
   * if true, the backing file is opened read-only; if false, it is opened read-write.  (default:
   * false)
   */
  readonly?: boolean;
  /**
   * whether to create Read Only Memory (ROM) that cannot be modified by the VM.  Any write
   * attempts to such ROM will be denied.  Most use cases want writable RAM instead of ROM.
   * However, selected use cases, like R/O NVDIMMs, can benefit from ROM.  If set to 'on', create
   * ROM; if set to 'off', create writable RAM; if set to 'auto', the value of the `readonly`
   * property is used.  This property is primarily helpful when we want to have proper RAM in
   * configurations that would traditionally create ROM before this property was introduced: VM
   * templating, where we want to open a file readonly (`readonly` set to true) and mark the memory
   * to be private for QEMU (`share` set to false).  For this use case, we need writable RAM
   * instead of ROM, and want to set this property to 'off'.  (default: auto, since 8.2)
   */
  rom?: OnOffAuto;
}

/**
 * Properties for memory-backend-memfd objects.
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * Since: 2.12
 *
 * QAPI struct `MemoryBackendMemfdProperties` (qom.json).
 */
export interface MemoryBackendMemfdProperties extends MemoryBackendProperties {
  /** if true, the file to be created resides in the hugetlbfs filesystem (default: false) */
  hugetlb?: boolean;
  /**
   * the hugetlb page size on systems that support multiple hugetlb page sizes (it must be a power
   * of 2 value supported by the system).  0 selects a default page size.  This option is ignored
   * if `hugetlb` is false.  (default: 0)
   */
  hugetlbsize?: number;
  /**
   * if true, create a sealed-file, which will block further resizing of the memory (default: true)
   */
  seal?: boolean;
}

/**
 * Properties for memory-backend-shm objects.
 *
 * Only present when the QEMU build has `CONFIG_POSIX`.
 *
 * Since: 9.1
 *
 * QAPI struct `MemoryBackendShmProperties` (qom.json).
 */
export interface MemoryBackendShmProperties extends MemoryBackendProperties {
}

/**
 * Properties for memory-backend-epc objects.
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * Since: 6.2
 *
 * QAPI struct `MemoryBackendEpcProperties` (qom.json).
 */
export interface MemoryBackendEpcProperties extends MemoryBackendProperties {
}

/**
 * Properties for pr-manager-helper objects.
 *
 * Only present when the QEMU build has `CONFIG_LINUX`.
 *
 * Since: 2.11
 *
 * QAPI struct `PrManagerHelperProperties` (qom.json).
 */
export interface PrManagerHelperProperties {
  /** the path to a Unix domain socket for connecting to the external helper */
  path: string;
}

/**
 * Properties for qtest objects.
 *
 * Since: 6.0
 *
 * QAPI struct `QtestProperties` (qom.json).
 */
export interface QtestProperties {
  /** the chardev to be used to receive qtest commands on. */
  chardev: string;
  /** the path to a log file */
  log?: string;
}

/**
 * Properties for x-remote-object objects.
 *
 * Since: 6.0
 *
 * QAPI struct `RemoteObjectProperties` (qom.json).
 */
export interface RemoteObjectProperties {
  /** file descriptor name previously passed via 'getfd' command */
  fd: string;
  /** the id of the device to be associated with the file descriptor */
  devid: string;
}

/**
 * Properties for x-vfio-user-server objects.
 *
 * Since: 7.1
 *
 * QAPI struct `VfioUserServerProperties` (qom.json).
 */
export interface VfioUserServerProperties {
  /** socket to be used by the libvfio-user library */
  socket: SocketAddress;
  /** the ID of the device to be emulated at the server */
  device: string;
}

/**
 * Properties for iommufd objects.
 *
 * Since: 9.0
 *
 * QAPI struct `IOMMUFDProperties` (qom.json).
 */
export interface IOMMUFDProperties {
  /**
   * file descriptor name previously passed via 'getfd' command, which represents a pre-opened
   * /dev/iommu.  This allows the iommufd object to be shared across several subsystems (VFIO,
   * VDPA, ...), and the file descriptor to be shared with other process, e.g. DPDK.  (default:
   * QEMU opens /dev/iommu by itself)
   */
  fd?: string;
}

/**
 * Properties for acpi-generic-initiator objects.
 *
 * Since: 9.0
 *
 * QAPI struct `AcpiGenericInitiatorProperties` (qom.json).
 */
export interface AcpiGenericInitiatorProperties {
  /** PCI device ID to be associated with the node */
  'pci-dev': string;
  /** NUMA node associated with the PCI device */
  node: number;
}

/**
 * Properties for acpi-generic-port objects.
 *
 * Since: 9.2
 *
 * QAPI struct `AcpiGenericPortProperties` (qom.json).
 */
export interface AcpiGenericPortProperties {
  /**
   * QOM path of the PCI bus of the hostbridge associated with this SRAT Generic Port Affinity
   * Structure.  This is the same as the bus parameter for the root ports attached to this host
   * bridge.  The resulting SRAT Generic Port Affinity Structure will refer to the ACPI object in
   * DSDT that represents the host bridge (e.g.  ACPI0016 for CXL host bridges).  See ACPI 6.5
   * Section 5.2.16.7 for more information.
   */
  'pci-bus': string;
  /**
   * Similar to a NUMA node ID, but instead of providing a reference point used for defining NUMA
   * distances and access characteristics to memory or from an initiator (e.g. CPU), this node
   * defines the boundary point between non-discoverable system buses which must be described by
   * firmware, and a discoverable bus.  NUMA distances and access characteristics are defined to
   * and from that point.  For system software to establish full initiator to target
   * characteristics this information must be combined with information retrieved from the
   * discoverable part of the path.  An example would use CDAT (see UEFI.org) information read from
   * devices and switches in conjunction with link characteristics read from PCIe Configuration
   * space. To get the full path latency from CPU to CXL attached DRAM CXL device:  Add the latency
   * from CPU to Generic Port (from HMAT indexed via the the node ID in this SRAT structure) to
   * that for CXL bus links, the latency across intermediate switches and from the EP port to the
   * actual memory.  Bandwidth is more complex as there may be interleaving across multiple devices
   * and shared links in the path.
   */
  node: number;
}

/**
 * Properties for objects of classes derived from rng.
 *
 * Since: 1.3
 *
 * QAPI struct `RngProperties` (qom.json).
 */
export interface RngProperties {
  /**
   * if true, the device is opened immediately when applying this option and will probably fail
   * when processing the next option.  Don't use; only provided for compatibility. (default: false)
   *
   * @deprecated Deprecated in the QAPI schema.
   */
  opened?: boolean;
}

/**
 * Properties for rng-egd objects.
 *
 * Since: 1.3
 *
 * QAPI struct `RngEgdProperties` (qom.json).
 */
export interface RngEgdProperties extends RngProperties {
  /** the name of a character device backend that provides the connection to the RNG daemon */
  chardev: string;
}

/**
 * Properties for rng-random objects.
 *
 * Only present when the QEMU build has `CONFIG_POSIX`.
 *
 * Since: 1.3
 *
 * QAPI struct `RngRandomProperties` (qom.json).
 */
export interface RngRandomProperties extends RngProperties {
  /** the filename of the device on the host to obtain entropy from (default: "/dev/urandom") */
  filename?: string;
}

/**
 * Properties common to objects that are derivatives of sev-common.
 *
 * Since: 9.1
 *
 * QAPI struct `SevCommonProperties` (qom.json).
 */
export interface SevCommonProperties {
  /** SEV device to use (default: "/dev/sev") */
  'sev-device'?: string;
  /** C-bit location in page table entry (default: 0) */
  cbitpos?: number;
  /** number of bits in physical addresses that become unavailable when SEV is enabled */
  'reduced-phys-bits': number;
  /**
   * if true, add hashes of kernel/initrd/cmdline to a designated guest firmware page for measured
   * boot with -kernel (default: false) (since 6.2)
   */
  'kernel-hashes'?: boolean;
}

/**
 * Properties for sev-guest objects.
 *
 * Since: 2.12
 *
 * QAPI struct `SevGuestProperties` (qom.json).
 */
export interface SevGuestProperties extends SevCommonProperties {
  /** guest owners DH certificate (encoded with base64) */
  'dh-cert-file'?: string;
  /** guest owners session parameters (encoded with base64) */
  'session-file'?: string;
  /** SEV policy value (default: 0x1) */
  policy?: number;
  /** SEV firmware handle (default: 0) */
  handle?: number;
  /**
   * Use legacy KVM_SEV_INIT KVM interface for creating the VM.  The newer KVM_SEV_INIT2 interface,
   * from Linux >= 6.10, syncs additional vCPU state when initializing the VMSA structures, which
   * will result in a different guest measurement. Set this to 'on' to force compatibility with
   * older QEMU or kernel versions that rely on legacy KVM_SEV_INIT behavior.  'auto' will behave
   * identically to 'on', but will automatically switch to using KVM_SEV_INIT2 if the user
   * specifies any additional options that require it.  If set to 'off', QEMU will require
   * KVM_SEV_INIT2 unconditionally. (default: off) (since 9.1)
   */
  'legacy-vm-type'?: OnOffAuto;
}

/**
 * Properties for sev-snp-guest objects.  Most of these are direct arguments for the KVM_SNP_*
 * interfaces documented in the Linux kernel source under
 * Documentation/arch/x86/amd-memory-encryption.rst, which are in turn closely coupled with the
 * SNP_INIT/SNP_LAUNCH_* firmware commands documented in the SEV-SNP Firmware ABI Specification
 * (Rev 0.9).
 *
 * Since: 9.1
 *
 * QAPI struct `SevSnpGuestProperties` (qom.json).
 */
export interface SevSnpGuestProperties extends SevCommonProperties {
  /**
   * the 'POLICY' parameter to the SNP_LAUNCH_START command, as defined in the SEV-SNP firmware ABI
   * (default: 0x30000)
   */
  policy?: number;
  /**
   * 16-byte, base64-encoded blob to report hypervisor-defined workarounds, corresponding to the
   * 'GOSVW' parameter of the SNP_LAUNCH_START command defined in the SEV-SNP firmware ABI
   * (default: all-zero)
   */
  'guest-visible-workarounds'?: string;
  /**
   * 96-byte, base64-encoded blob to provide the 'ID Block' structure for the SNP_LAUNCH_FINISH
   * command defined in the SEV-SNP firmware ABI (default: all-zero)
   */
  'id-block'?: string;
  /**
   * 4096-byte, base64-encoded blob to provide the 'ID Authentication Information Structure' for
   * the SNP_LAUNCH_FINISH command defined in the SEV-SNP firmware ABI (default: all-zero)
   */
  'id-auth'?: string;
  /**
   * true if 'id-auth' blob contains the 'AUTHOR_KEY' field defined SEV-SNP firmware ABI (default:
   * false)
   */
  'author-key-enabled'?: boolean;
  /**
   * 32-byte, base64-encoded, user-defined blob to provide to the guest, as documented for the
   * 'HOST_DATA' parameter of the SNP_LAUNCH_FINISH command in the SEV-SNP firmware ABI (default:
   * all-zero)
   */
  'host-data'?: string;
  /**
   * Guests are by default allowed to choose between VLEK (Versioned Loaded Endorsement Key) or
   * VCEK (Versioned Chip Endorsement Key) when requesting attestation reports from firmware.  Set
   * this to true to disable the use of VCEK. (default: false) (since: 9.1)
   */
  'vcek-disabled'?: boolean;
}

/**
 * Properties for thread context objects.
 *
 * Since: 7.2
 *
 * QAPI struct `ThreadContextProperties` (qom.json).
 */
export interface ThreadContextProperties {
  /**
   * the list of host CPU numbers used as CPU affinity for all threads created in the thread
   * context (default: QEMU main thread CPU affinity)
   */
  'cpu-affinity'?: number[];
  /**
   * the list of host node numbers that will be resolved to a list of host CPU numbers used as CPU
   * affinity.  This is a shortcut for specifying the list of host CPU numbers belonging to the
   * host nodes manually by setting `cpu-affinity`. (default: QEMU main thread affinity)
   */
  'node-affinity'?: number[];
}

/**
 * `ObjectType` (enum).
 *
 * - `can-host-socketcan`: Only present when the QEMU build has `CONFIG_LINUX`.
 * - `cryptodev-vhost-user`: Only present when the QEMU build has `CONFIG_VHOST_CRYPTO`.
 * - `input-linux`: Only present when the QEMU build has `CONFIG_LINUX`.
 * - `memory-backend-epc`: Only present when the QEMU build has `CONFIG_LINUX`.
 * - `memory-backend-memfd`: Only present when the QEMU build has `CONFIG_LINUX`.
 * - `memory-backend-shm`: Only present when the QEMU build has `CONFIG_POSIX`.
 * - `pr-manager-helper`: Only present when the QEMU build has `CONFIG_LINUX`.
 * - `rng-random`: Only present when the QEMU build has `CONFIG_POSIX`.
 * - `secret_keyring`: Only present when the QEMU build has `CONFIG_SECRET_KEYRING`.
 * - `x-remote-object`: **Unstable** (feature `unstable`): may change incompatibly or be withdrawn.
 * - `x-vfio-user-server`: **Unstable** (feature `unstable`): may change incompatibly or be
 *   withdrawn.
 *
 * Since: 6.0
 *
 * QAPI enum `ObjectType` (qom.json).
 */
export type ObjectType =
  | 'acpi-generic-initiator'
  | 'acpi-generic-port'
  | 'authz-list'
  | 'authz-listfile'
  | 'authz-pam'
  | 'authz-simple'
  | 'can-bus'
  | 'can-host-socketcan'
  | 'colo-compare'
  | 'cryptodev-backend'
  | 'cryptodev-backend-builtin'
  | 'cryptodev-backend-lkcf'
  | 'cryptodev-vhost-user'
  | 'dbus-vmstate'
  | 'filter-buffer'
  | 'filter-dump'
  | 'filter-mirror'
  | 'filter-redirector'
  | 'filter-replay'
  | 'filter-rewriter'
  | 'input-barrier'
  | 'input-linux'
  | 'iommufd'
  | 'iothread'
  | 'main-loop'
  | 'memory-backend-epc'
  | 'memory-backend-file'
  | 'memory-backend-memfd'
  | 'memory-backend-ram'
  | 'memory-backend-shm'
  | 'pef-guest'
  | 'pr-manager-helper'
  | 'qtest'
  | 'rng-builtin'
  | 'rng-egd'
  | 'rng-random'
  | 'secret'
  | 'secret_keyring'
  | 'sev-guest'
  | 'sev-snp-guest'
  | 'thread-context'
  | 's390-pv-guest'
  | 'throttle-group'
  | 'tls-creds-anon'
  | 'tls-creds-psk'
  | 'tls-creds-x509'
  | 'tls-cipher-suites'
  | 'x-remote-object'
  | 'x-vfio-user-server';

/** Common members of {@link ObjectOptions}. */
export interface ObjectOptionsBase {
  /** the class name for the object to be created */
  'qom-type': ObjectType;
  /** the name of the new object */
  id: string;
}

/**
 * Describes the options of a user creatable QOM object.
 *
 * Discriminated by `qom-type` (`ObjectType`).
 *
 * Since: 6.0
 *
 * QAPI union `ObjectOptions` (qom.json).
 */
export type ObjectOptions =
  | (ObjectOptionsBase & { 'qom-type': 'acpi-generic-initiator' } & AcpiGenericInitiatorProperties)
  | (ObjectOptionsBase & { 'qom-type': 'acpi-generic-port' } & AcpiGenericPortProperties)
  | (ObjectOptionsBase & { 'qom-type': 'authz-list' } & AuthZListProperties)
  | (ObjectOptionsBase & { 'qom-type': 'authz-listfile' } & AuthZListFileProperties)
  | (ObjectOptionsBase & { 'qom-type': 'authz-pam' } & AuthZPAMProperties)
  | (ObjectOptionsBase & { 'qom-type': 'authz-simple' } & AuthZSimpleProperties)
  | (ObjectOptionsBase & { 'qom-type': 'can-bus' })
  | (ObjectOptionsBase & { 'qom-type': 'can-host-socketcan' } & CanHostSocketcanProperties) // if CONFIG_LINUX
  | (ObjectOptionsBase & { 'qom-type': 'colo-compare' } & ColoCompareProperties)
  | (ObjectOptionsBase & { 'qom-type': 'cryptodev-backend' } & CryptodevBackendProperties)
  | (ObjectOptionsBase & { 'qom-type': 'cryptodev-backend-builtin' } & CryptodevBackendProperties)
  | (ObjectOptionsBase & { 'qom-type': 'cryptodev-backend-lkcf' } & CryptodevBackendProperties)
  | (ObjectOptionsBase & { 'qom-type': 'cryptodev-vhost-user' } & CryptodevVhostUserProperties) // if CONFIG_VHOST_CRYPTO
  | (ObjectOptionsBase & { 'qom-type': 'dbus-vmstate' } & DBusVMStateProperties)
  | (ObjectOptionsBase & { 'qom-type': 'filter-buffer' } & FilterBufferProperties)
  | (ObjectOptionsBase & { 'qom-type': 'filter-dump' } & FilterDumpProperties)
  | (ObjectOptionsBase & { 'qom-type': 'filter-mirror' } & FilterMirrorProperties)
  | (ObjectOptionsBase & { 'qom-type': 'filter-redirector' } & FilterRedirectorProperties)
  | (ObjectOptionsBase & { 'qom-type': 'filter-replay' } & NetfilterProperties)
  | (ObjectOptionsBase & { 'qom-type': 'filter-rewriter' } & FilterRewriterProperties)
  | (ObjectOptionsBase & { 'qom-type': 'input-barrier' } & InputBarrierProperties)
  | (ObjectOptionsBase & { 'qom-type': 'input-linux' } & InputLinuxProperties) // if CONFIG_LINUX
  | (ObjectOptionsBase & { 'qom-type': 'iommufd' } & IOMMUFDProperties)
  | (ObjectOptionsBase & { 'qom-type': 'iothread' } & IothreadProperties)
  | (ObjectOptionsBase & { 'qom-type': 'main-loop' } & MainLoopProperties)
  | (ObjectOptionsBase & { 'qom-type': 'memory-backend-epc' } & MemoryBackendEpcProperties) // if CONFIG_LINUX
  | (ObjectOptionsBase & { 'qom-type': 'memory-backend-file' } & MemoryBackendFileProperties)
  | (ObjectOptionsBase & { 'qom-type': 'memory-backend-memfd' } & MemoryBackendMemfdProperties) // if CONFIG_LINUX
  | (ObjectOptionsBase & { 'qom-type': 'memory-backend-ram' } & MemoryBackendProperties)
  | (ObjectOptionsBase & { 'qom-type': 'memory-backend-shm' } & MemoryBackendShmProperties) // if CONFIG_POSIX
  | (ObjectOptionsBase & { 'qom-type': 'pef-guest' })
  | (ObjectOptionsBase & { 'qom-type': 'pr-manager-helper' } & PrManagerHelperProperties) // if CONFIG_LINUX
  | (ObjectOptionsBase & { 'qom-type': 'qtest' } & QtestProperties)
  | (ObjectOptionsBase & { 'qom-type': 'rng-builtin' } & RngProperties)
  | (ObjectOptionsBase & { 'qom-type': 'rng-egd' } & RngEgdProperties)
  | (ObjectOptionsBase & { 'qom-type': 'rng-random' } & RngRandomProperties) // if CONFIG_POSIX
  | (ObjectOptionsBase & { 'qom-type': 'secret' } & SecretProperties)
  | (ObjectOptionsBase & { 'qom-type': 'secret_keyring' } & SecretKeyringProperties) // if CONFIG_SECRET_KEYRING
  | (ObjectOptionsBase & { 'qom-type': 'sev-guest' } & SevGuestProperties)
  | (ObjectOptionsBase & { 'qom-type': 'sev-snp-guest' } & SevSnpGuestProperties)
  | (ObjectOptionsBase & { 'qom-type': 'thread-context' } & ThreadContextProperties)
  | (ObjectOptionsBase & { 'qom-type': 's390-pv-guest' })
  | (ObjectOptionsBase & { 'qom-type': 'throttle-group' } & ThrottleGroupProperties)
  | (ObjectOptionsBase & { 'qom-type': 'tls-creds-anon' } & TlsCredsAnonProperties)
  | (ObjectOptionsBase & { 'qom-type': 'tls-creds-psk' } & TlsCredsPskProperties)
  | (ObjectOptionsBase & { 'qom-type': 'tls-creds-x509' } & TlsCredsX509Properties)
  | (ObjectOptionsBase & { 'qom-type': 'tls-cipher-suites' } & TlsCredsProperties)
  | (ObjectOptionsBase & { 'qom-type': 'x-remote-object' } & RemoteObjectProperties)
  | (ObjectOptionsBase & { 'qom-type': 'x-vfio-user-server' } & VfioUserServerProperties);

/**
 * Arguments of the `object-del` command.
 *
 * Remove a QOM object.
 */
export interface ObjectDelArguments {
  /** the name of the QOM object to remove */
  id: string;
}

// --------------------------------------------------------------------------
// qdev.json: Device infrastructure (qdev)

/**
 * Arguments of the `device-list-properties` command.
 *
 * List properties associated with a device.
 */
export interface DeviceListPropertiesArguments {
  /** the type name of a device */
  typename: string;
}

/**
 * Arguments of the `device_add` command.
 *
 * Add a device.
 */
export interface DeviceAddArguments {
  /** the name of the new device's driver */
  driver: string;
  /** the device's parent bus (device tree path) */
  bus?: string;
  /** the device's ID, must be unique */
  id?: string;
}

/**
 * Arguments of the `device_del` command.
 *
 * Remove a device from a guest
 */
export interface DeviceDelArguments {
  /** the device's ID or QOM path */
  id: string;
}

/**
 * Data of the `DEVICE_DELETED` event.
 *
 * Emitted whenever the device removal completion is acknowledged by the guest.  At this point,
 * it's safe to reuse the specified device ID.  Device removal can be initiated by the guest or by
 * HMP/QMP commands.
 */
export interface DeviceDeletedEventData {
  /** the device's ID if it has one */
  device?: string;
  /** the device's QOM path */
  path: string;
}

/**
 * Data of the `DEVICE_UNPLUG_GUEST_ERROR` event.
 *
 * Emitted when a device hot unplug fails due to a guest reported error.
 */
export interface DeviceUnplugGuestErrorEventData {
  /** the device's ID if it has one */
  device?: string;
  /** the device's QOM path */
  path: string;
}

/**
 * Arguments of the `device-sync-config` command.
 *
 * Synchronize device configuration from host to guest part.  First, copy the configuration from
 * the host part (backend) to the guest part (frontend).  Then notify guest software that device
 * configuration changed.
 */
export interface DeviceSyncConfigArguments {
  /** the device's ID or QOM path */
  id: string;
}

// --------------------------------------------------------------------------
// machine-common.json: Common machine types

/**
 * An enumeration of CPU entitlements that can be assumed by a virtual S390 CPU
 *
 * Since: 8.2
 *
 * QAPI enum `S390CpuEntitlement` (machine-common.json).
 */
export type S390CpuEntitlement = 'auto' | 'low' | 'medium' | 'high';

/**
 * An enumeration of CPU topology levels.
 *
 * Since: 9.2
 *
 * QAPI enum `CpuTopologyLevel` (machine-common.json).
 */
export type CpuTopologyLevel =
  | 'thread'
  | 'core'
  | 'module'
  | 'cluster'
  | 'die'
  | 'socket'
  | 'book'
  | 'drawer'
  | 'default';

/**
 * Caches a system may have.  The enumeration value here is the combination of cache level and
 * cache type.
 *
 * Since: 9.2
 *
 * QAPI enum `CacheLevelAndType` (machine-common.json).
 */
export type CacheLevelAndType = 'l1d' | 'l1i' | 'l2' | 'l3';

/**
 * Cache information for SMP system.
 *
 * Since: 9.2
 *
 * QAPI struct `SmpCacheProperties` (machine-common.json).
 */
export interface SmpCacheProperties {
  /** Cache name, which is the combination of cache level and cache type. */
  cache: CacheLevelAndType;
  /**
   * Cache topology level.  It accepts the CPU topology enumeration as the parameter, i.e., CPUs in
   * the same topology container share the same cache.
   */
  topology: CpuTopologyLevel;
}

/**
 * List wrapper of SmpCacheProperties.
 *
 * QAPI struct `SmpCachePropertiesWrapper` (machine-common.json).
 */
export interface SmpCachePropertiesWrapper {
  /** the list of SmpCacheProperties. */
  caches: SmpCacheProperties[];
}

// --------------------------------------------------------------------------
// machine.json: Machines

/**
 * The comprehensive enumeration of QEMU system emulation ("softmmu") targets.  Run "./configure
 * --help" in the project root directory, and look for the \*-softmmu targets near the
 * "--target-list" option. The individual target constants are not documented here, for the time
 * being.
 *
 * Since: 3.0
 *
 * QAPI enum `SysEmuTarget` (machine.json).
 */
export type SysEmuTarget =
  | 'aarch64'
  | 'alpha'
  | 'arm'
  | 'avr'
  | 'hppa'
  | 'i386'
  | 'loongarch64'
  | 'm68k'
  | 'microblaze'
  | 'microblazeel'
  | 'mips'
  | 'mips64'
  | 'mips64el'
  | 'mipsel'
  | 'or1k'
  | 'ppc'
  | 'ppc64'
  | 'riscv32'
  | 'riscv64'
  | 'rx'
  | 's390x'
  | 'sh4'
  | 'sh4eb'
  | 'sparc'
  | 'sparc64'
  | 'tricore'
  | 'x86_64'
  | 'xtensa'
  | 'xtensaeb';

/**
 * An enumeration of cpu states that can be assumed by a virtual S390 CPU
 *
 * Since: 2.12
 *
 * QAPI enum `S390CpuState` (machine.json).
 */
export type S390CpuState = 'uninitialized' | 'stopped' | 'check-stop' | 'operating' | 'load';

/**
 * Additional information about a virtual S390 CPU
 *
 * Since: 2.12
 *
 * QAPI struct `CpuInfoS390` (machine.json).
 */
export interface CpuInfoS390 {
  /** the virtual CPU's state */
  'cpu-state': S390CpuState;
  /** the virtual CPU's dedication (since 8.2) */
  dedicated?: boolean;
  /** the virtual CPU's entitlement (since 8.2) */
  entitlement?: S390CpuEntitlement;
}

/** Common members of {@link CpuInfoFast}. */
export interface CpuInfoFastBase {
  /** index of the virtual CPU */
  'cpu-index': number;
  /** path to the CPU object in the QOM tree */
  'qom-path': string;
  /** ID of the underlying host thread */
  'thread-id': number;
  /** properties associated with a virtual CPU, e.g. the socket id */
  props?: CpuInstanceProperties;
  /**
   * the QEMU system emulation target, which determines which additional fields will be listed
   * (since 3.0)
   */
  target: SysEmuTarget;
}

/**
 * Information about a virtual CPU
 *
 * Discriminated by `target` (`SysEmuTarget`).
 *
 * Since: 2.12
 *
 * QAPI union `CpuInfoFast` (machine.json).
 */
export type CpuInfoFast =
  | (CpuInfoFastBase & { target: 'aarch64' })
  | (CpuInfoFastBase & { target: 'alpha' })
  | (CpuInfoFastBase & { target: 'arm' })
  | (CpuInfoFastBase & { target: 'avr' })
  | (CpuInfoFastBase & { target: 'hppa' })
  | (CpuInfoFastBase & { target: 'i386' })
  | (CpuInfoFastBase & { target: 'loongarch64' })
  | (CpuInfoFastBase & { target: 'm68k' })
  | (CpuInfoFastBase & { target: 'microblaze' })
  | (CpuInfoFastBase & { target: 'microblazeel' })
  | (CpuInfoFastBase & { target: 'mips' })
  | (CpuInfoFastBase & { target: 'mips64' })
  | (CpuInfoFastBase & { target: 'mips64el' })
  | (CpuInfoFastBase & { target: 'mipsel' })
  | (CpuInfoFastBase & { target: 'or1k' })
  | (CpuInfoFastBase & { target: 'ppc' })
  | (CpuInfoFastBase & { target: 'ppc64' })
  | (CpuInfoFastBase & { target: 'riscv32' })
  | (CpuInfoFastBase & { target: 'riscv64' })
  | (CpuInfoFastBase & { target: 'rx' })
  | (CpuInfoFastBase & { target: 's390x' } & CpuInfoS390)
  | (CpuInfoFastBase & { target: 'sh4' })
  | (CpuInfoFastBase & { target: 'sh4eb' })
  | (CpuInfoFastBase & { target: 'sparc' })
  | (CpuInfoFastBase & { target: 'sparc64' })
  | (CpuInfoFastBase & { target: 'tricore' })
  | (CpuInfoFastBase & { target: 'x86_64' })
  | (CpuInfoFastBase & { target: 'xtensa' })
  | (CpuInfoFastBase & { target: 'xtensaeb' });

/**
 * Property default values specific to a machine type, for use by scripts/compare-machine-types.
 *
 * Since: 9.1
 *
 * QAPI struct `CompatProperty` (machine.json).
 */
export interface CompatProperty {
  /** name of the QOM type to which the default applies */
  'qom-type': string;
  /** name of its property to which the default applies */
  property: string;
  /**
   * the default value (machine-specific default can overwrite the "default" default, to avoid this
   * use -machine none)
   */
  value: string;
}

/**
 * Information describing a machine.
 *
 * Since: 1.2
 *
 * QAPI struct `MachineInfo` (machine.json).
 */
export interface MachineInfo {
  /** the name of the machine */
  name: string;
  /** an alias for the machine name */
  alias?: string;
  /** whether the machine is default */
  'is-default'?: boolean;
  /** maximum number of CPUs supported by the machine type (since 1.5) */
  'cpu-max': number;
  /** cpu hotplug via -device is supported (since 2.7) */
  'hotpluggable-cpus': boolean;
  /**
   * true if '-numa node,mem' option is supported by the machine type and false otherwise (since
   * 4.1)
   */
  'numa-mem-supported': boolean;
  /**
   * if true, the machine type is deprecated and may be removed in future versions of QEMU
   * according to the QEMU deprecation policy (since 4.1)
   */
  deprecated: boolean;
  /** default CPU model typename if none is requested via the -cpu argument.  (since 4.2) */
  'default-cpu-type'?: string;
  /** the default ID of initial RAM memory backend (since 5.2) */
  'default-ram-id'?: string;
  /** machine type supports ACPI (since 8.0) */
  acpi: boolean;
  /**
   * The machine type's compatibility properties.  Only present when query-machines argument
   * `compat-props` is true. (since 9.1)
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn.
   */
  'compat-props'?: CompatProperty[];
}

/**
 * Arguments of the `query-machines` command.
 *
 * Return a list of supported machines
 */
export interface QueryMachinesArguments {
  /**
   * if true, also return compatibility properties. (default: false) (since 9.1)
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn.
   */
  'compat-props'?: boolean;
}

/**
 * Information describing the running machine parameters.
 *
 * Since: 4.0
 *
 * QAPI struct `CurrentMachineParams` (machine.json).
 */
export interface CurrentMachineParams {
  /** true if the machine supports wake up from suspend */
  'wakeup-suspend-support': boolean;
}

/**
 * Information describing the QEMU target.
 *
 * Since: 1.2
 *
 * QAPI struct `TargetInfo` (machine.json).
 */
export interface TargetInfo {
  /** the target architecture */
  arch: SysEmuTarget;
}

/**
 * Guest UUID information (Universally Unique Identifier).
 *
 * Since: 0.14
 *
 * QAPI struct `UuidInfo` (machine.json).
 */
export interface UuidInfo {
  /** the UUID of the guest */
  UUID: string;
}

/**
 * GUID information.
 *
 * Since: 2.9
 *
 * QAPI struct `GuidInfo` (machine.json).
 */
export interface GuidInfo {
  /** the globally unique identifier */
  guid: string;
}

/**
 * Policy for handling lost ticks in timer devices.  Ticks end up getting lost when, for example,
 * the guest is paused.
 *
 * Since: 2.0
 *
 * QAPI enum `LostTickPolicy` (machine.json).
 */
export type LostTickPolicy = 'discard' | 'delay' | 'slew';

/**
 * Information about support for KVM acceleration
 *
 * Since: 0.14
 *
 * QAPI struct `KvmInfo` (machine.json).
 */
export interface KvmInfo {
  /** true if KVM acceleration is active */
  enabled: boolean;
  /** true if KVM acceleration is built into this executable */
  present: boolean;
}

/**
 * `NumaOptionsType` (enum).
 *
 * Since: 2.1
 *
 * QAPI enum `NumaOptionsType` (machine.json).
 */
export type NumaOptionsType = 'node' | 'dist' | 'cpu' | 'hmat-lb' | 'hmat-cache';

/** Common members of {@link NumaOptions}. */
export interface NumaOptionsBase {
  /** NUMA option type */
  type: NumaOptionsType;
}

/**
 * A discriminated record of NUMA options.  (for OptsVisitor)
 *
 * Discriminated by `type` (`NumaOptionsType`).
 *
 * Since: 2.1
 *
 * QAPI union `NumaOptions` (machine.json).
 */
export type NumaOptions =
  | (NumaOptionsBase & { type: 'node' } & NumaNodeOptions)
  | (NumaOptionsBase & { type: 'dist' } & NumaDistOptions)
  | (NumaOptionsBase & { type: 'cpu' } & NumaCpuOptions)
  | (NumaOptionsBase & { type: 'hmat-lb' } & NumaHmatLBOptions)
  | (NumaOptionsBase & { type: 'hmat-cache' } & NumaHmatCacheOptions);

/**
 * Create a guest NUMA node.  (for OptsVisitor)
 *
 * Since: 2.1
 *
 * QAPI struct `NumaNodeOptions` (machine.json).
 */
export interface NumaNodeOptions {
  /** NUMA node ID (increase by 1 from 0 if omitted) */
  nodeid?: number;
  /** VCPUs belonging to this node (assign VCPUS round-robin if omitted) */
  cpus?: number[];
  /**
   * memory size of this node; mutually exclusive with `memdev`. Equally divide total memory among
   * nodes if both `mem` and `memdev` are omitted.
   */
  mem?: number;
  /** memory backend object.  If specified for one node, it must be specified for all nodes. */
  memdev?: string;
  /**
   * defined in ACPI 6.3 Chapter 5.2.27.3 Table 5-145, points to the nodeid which has the memory
   * controller responsible for this NUMA node.  This field provides additional information as to
   * the initiator node that is closest (as in directly attached) to this node, and therefore has
   * the best performance (since 5.0)
   */
  initiator?: number;
}

/**
 * Set the distance between 2 NUMA nodes.
 *
 * Since: 2.10
 *
 * QAPI struct `NumaDistOptions` (machine.json).
 */
export interface NumaDistOptions {
  /** source NUMA node. */
  src: number;
  /** destination NUMA node. */
  dst: number;
  /**
   * NUMA distance from source node to destination node.  When a node is unreachable from another
   * node, set the distance between them to 255.
   */
  val: number;
}

/**
 * Create a CXL Fixed Memory Window
 *
 * Since: 7.1
 *
 * QAPI struct `CXLFixedMemoryWindowOptions` (machine.json).
 */
export interface CXLFixedMemoryWindowOptions {
  /** Size of the Fixed Memory Window in bytes.  Must be a multiple of 256MiB. */
  size: number;
  /**
   * Number of contiguous bytes for which accesses will go to a given interleave target.  Accepted
   * values [256, 512, 1k, 2k, 4k, 8k, 16k]
   */
  'interleave-granularity'?: number;
  /** Target root bridge IDs from -device ...,id=<ID> for each root bridge. */
  targets: string[];
}

/**
 * List of CXL Fixed Memory Windows.
 *
 * Since: 7.1
 *
 * QAPI struct `CXLFMWProperties` (machine.json).
 */
export interface CXLFMWProperties {
  /** List of CXLFixedMemoryWindowOptions */
  'cxl-fmw': CXLFixedMemoryWindowOptions[];
}

/**
 * A X86 32-bit register
 *
 * Since: 1.5
 *
 * QAPI enum `X86CPURegister32` (machine.json).
 */
export type X86CPURegister32 = 'EAX' | 'EBX' | 'ECX' | 'EDX' | 'ESP' | 'EBP' | 'ESI' | 'EDI';

/**
 * Information about a X86 CPU feature word
 *
 * Since: 1.5
 *
 * QAPI struct `X86CPUFeatureWordInfo` (machine.json).
 */
export interface X86CPUFeatureWordInfo {
  /** Input EAX value for CPUID instruction for that feature word */
  'cpuid-input-eax': number;
  /** Input ECX value for CPUID instruction for that feature word */
  'cpuid-input-ecx'?: number;
  /** Output register containing the feature bits */
  'cpuid-register': X86CPURegister32;
  /** value of output register, containing the feature bits */
  features: number;
}

/**
 * Not used by QMP; hack to let us use X86CPUFeatureWordInfoList internally
 *
 * Since: 2.5
 *
 * QAPI struct `DummyForceArrays` (machine.json).
 */
export interface DummyForceArrays {
  unused: X86CPUFeatureWordInfo[];
}

/**
 * Option "-numa cpu" overrides default cpu to node mapping.  It accepts the same set of cpu
 * properties as returned by query-hotpluggable-cpus[].props, where node-id could be used to
 * override default node mapping.
 *
 * Since: 2.10
 *
 * QAPI struct `NumaCpuOptions` (machine.json).
 */
export interface NumaCpuOptions extends CpuInstanceProperties {
}

/**
 * The memory hierarchy in the System Locality Latency and Bandwidth Information Structure of HMAT
 * (Heterogeneous Memory Attribute Table)
 *
 * Since: 5.0
 *
 * QAPI enum `HmatLBMemoryHierarchy` (machine.json).
 */
export type HmatLBMemoryHierarchy = 'memory' | 'first-level' | 'second-level' | 'third-level';

/**
 * Data type in the System Locality Latency and Bandwidth Information Structure of HMAT
 * (Heterogeneous Memory Attribute Table)
 *
 * Since: 5.0
 *
 * QAPI enum `HmatLBDataType` (machine.json).
 */
export type HmatLBDataType =
  | 'access-latency'
  | 'read-latency'
  | 'write-latency'
  | 'access-bandwidth'
  | 'read-bandwidth'
  | 'write-bandwidth';

/**
 * Set the system locality latency and bandwidth information between Initiator and Target proximity
 * Domains.
 *
 * Since: 5.0
 *
 * QAPI struct `NumaHmatLBOptions` (machine.json).
 */
export interface NumaHmatLBOptions {
  /** the Initiator Proximity Domain. */
  initiator: number;
  /** the Target Proximity Domain. */
  target: number;
  /** the Memory Hierarchy.  Indicates the performance of memory or side cache. */
  hierarchy: HmatLBMemoryHierarchy;
  /** presents the type of data, access/read/write latency or hit latency. */
  'data-type': HmatLBDataType;
  /**
   * the value of latency from `initiator` to `target` proximity domain, the latency unit is
   * "ns(nanosecond)".
   */
  latency?: number;
  /**
   * the value of bandwidth between `initiator` and `target` proximity domain, the bandwidth unit
   * is "Bytes per second".
   */
  bandwidth?: number;
}

/**
 * Cache associativity in the Memory Side Cache Information Structure of HMAT
 *
 * Since: 5.0
 *
 * QAPI enum `HmatCacheAssociativity` (machine.json).
 */
export type HmatCacheAssociativity = 'none' | 'direct' | 'complex';

/**
 * Cache write policy in the Memory Side Cache Information Structure of HMAT
 *
 * Since: 5.0
 *
 * QAPI enum `HmatCacheWritePolicy` (machine.json).
 */
export type HmatCacheWritePolicy = 'none' | 'write-back' | 'write-through';

/**
 * Set the memory side cache information for a given memory domain.
 *
 * Since: 5.0
 *
 * QAPI struct `NumaHmatCacheOptions` (machine.json).
 */
export interface NumaHmatCacheOptions {
  /** the memory proximity domain to which the memory belongs. */
  'node-id': number;
  /** the size of memory side cache in bytes. */
  size: number;
  /** the cache level described in this structure. */
  level: number;
  /** the cache associativity, none/direct-mapped/complex(complex cache indexing). */
  associativity: HmatCacheAssociativity;
  /** the write policy, none/write-back/write-through. */
  policy: HmatCacheWritePolicy;
  /** the cache Line size in bytes. */
  line: number;
}

/**
 * Arguments of the `memsave` command.
 *
 * Save a portion of guest memory to a file.
 */
export interface MemsaveArguments {
  /** the virtual address of the guest to start from */
  val: number;
  /** the size of memory region to save */
  size: number;
  /** the file to save the memory to as binary data */
  filename: string;
  /**
   * the index of the virtual CPU to use for translating the virtual address (defaults to CPU 0)
   */
  'cpu-index'?: number;
}

/**
 * Arguments of the `pmemsave` command.
 *
 * Save a portion of guest physical memory to a file.
 */
export interface PmemsaveArguments {
  /** the physical address of the guest to start from */
  val: number;
  /** the size of memory region to save */
  size: number;
  /** the file to save the memory to as binary data */
  filename: string;
}

/**
 * Information about memory backend
 *
 * Since: 2.1
 *
 * QAPI struct `Memdev` (machine.json).
 */
export interface Memdev {
  /** backend's ID if backend has 'id' property (since 2.9) */
  id?: string;
  /** memory backend size */
  size: number;
  /** whether memory merge support is enabled */
  merge: boolean;
  /** whether memory backend's memory is included in a core dump */
  dump: boolean;
  /** whether memory was preallocated */
  prealloc: boolean;
  /** whether memory is private to QEMU or shared (since 6.1) */
  share: boolean;
  /**
   * whether swap space (or huge pages) was reserved if applicable.  This corresponds to the user
   * configuration and not the actual behavior implemented in the OS to perform the reservation. 
   * For example, Linux will never reserve swap space for shared file mappings.  (since 6.1)
   */
  reserve?: boolean;
  /** host nodes for its memory policy */
  'host-nodes': number[];
  /** memory policy of memory backend */
  policy: HostMemPolicy;
}

/**
 * Properties identifying a CPU.
 *
 * Since: 2.7
 *
 * QAPI struct `CpuInstanceProperties` (machine.json).
 */
export interface CpuInstanceProperties {
  /** NUMA node ID the CPU belongs to */
  'node-id'?: number;
  /** drawer number within CPU topology the CPU belongs to (since 8.2) */
  'drawer-id'?: number;
  /** book number within parent container the CPU belongs to (since 8.2) */
  'book-id'?: number;
  /** socket number within parent container the CPU belongs to */
  'socket-id'?: number;
  /** die number within the parent container the CPU belongs to (since 4.1) */
  'die-id'?: number;
  /** cluster number within the parent container the CPU belongs to (since 7.1) */
  'cluster-id'?: number;
  /** module number within the parent container the CPU belongs to (since 9.1) */
  'module-id'?: number;
  /** core number within the parent container the CPU belongs to */
  'core-id'?: number;
  /** thread number within the core the CPU  belongs to */
  'thread-id'?: number;
}

/**
 * `HotpluggableCPU` (struct).
 *
 * Since: 2.7
 *
 * QAPI struct `HotpluggableCPU` (machine.json).
 */
export interface HotpluggableCPU {
  /** CPU object type for usage with device_add command */
  type: string;
  /** number of logical VCPU threads `HotpluggableCPU` provides */
  'vcpus-count': number;
  /** list of properties to pass for hotplugging a CPU with device_add */
  props: CpuInstanceProperties;
  /** link to existing CPU object if CPU is present or omitted if CPU is not present. */
  'qom-path'?: string;
}

/**
 * Arguments of the `balloon` command.
 *
 * Request the balloon driver to change its balloon size.
 */
export interface BalloonArguments {
  /**
   * the target logical size of the VM in bytes.  We can deduce the size of the balloon using this
   * formula:
   */
  value: number;
}

/**
 * Information about the guest balloon device.
 *
 * Since: 0.14
 *
 * QAPI struct `BalloonInfo` (machine.json).
 */
export interface BalloonInfo {
  /**
   * the logical size of the VM in bytes Formula used: logical_vm_size = vm_ram_size - balloon_size
   */
  actual: number;
}

/**
 * Data of the `BALLOON_CHANGE` event.
 *
 * Emitted when the guest changes the actual BALLOON level.  This value is equivalent to the
 * `actual` field return by the 'query-balloon' command
 */
export interface BalloonChangeEventData {
  /**
   * the logical size of the VM in bytes Formula used: logical_vm_size = vm_ram_size - balloon_size
   */
  actual: number;
}

/**
 * hv-balloon guest-provided memory status information.
 *
 * Since: 8.2
 *
 * QAPI struct `HvBalloonInfo` (machine.json).
 */
export interface HvBalloonInfo {
  /**
   * the amount of memory in use inside the guest plus the amount of the memory unusable inside the
   * guest (ballooned out, offline, etc.)
   */
  committed: number;
  /** the amount of the memory inside the guest available for new allocations ("free") */
  available: number;
}

/**
 * Actual memory information in bytes.
 *
 * Since: 2.11
 *
 * QAPI struct `MemoryInfo` (machine.json).
 */
export interface MemoryInfo {
  /** size of "base" memory specified with command line option -m. */
  'base-memory': number;
  /**
   * size of memory that can be hot-unplugged.  This field is omitted if target doesn't support
   * memory hotplug (i.e. CONFIG_MEM_DEVICE not defined at build time).
   */
  'plugged-memory'?: number;
}

/**
 * PCDIMMDevice state information
 *
 * Since: 2.1
 *
 * QAPI struct `PCDIMMDeviceInfo` (machine.json).
 */
export interface PCDIMMDeviceInfo {
  /** device's ID */
  id?: string;
  /** physical address, where device is mapped */
  addr: number;
  /** size of memory that the device provides */
  size: number;
  /** slot number at which device is plugged in */
  slot: number;
  /** NUMA node number where device is plugged in */
  node: number;
  /** memory backend linked with device */
  memdev: string;
  /** true if device was hotplugged */
  hotplugged: boolean;
  /** true if device if could be added/removed while machine is running */
  hotpluggable: boolean;
}

/**
 * VirtioPMEM state information
 *
 * Since: 4.1
 *
 * QAPI struct `VirtioPMEMDeviceInfo` (machine.json).
 */
export interface VirtioPMEMDeviceInfo {
  /** device's ID */
  id?: string;
  /** physical address in memory, where device is mapped */
  memaddr: number;
  /** size of memory that the device provides */
  size: number;
  /** memory backend linked with device */
  memdev: string;
}

/**
 * VirtioMEMDevice state information
 *
 * Since: 5.1
 *
 * QAPI struct `VirtioMEMDeviceInfo` (machine.json).
 */
export interface VirtioMEMDeviceInfo {
  /** device's ID */
  id?: string;
  /** physical address in memory, where device is mapped */
  memaddr: number;
  /** the user requested size of the device */
  'requested-size': number;
  /** the (current) size of memory that the device provides */
  size: number;
  /** the maximum size of memory that the device can provide */
  'max-size': number;
  /** the block size of memory that the device provides */
  'block-size': number;
  /** NUMA node number where device is assigned to */
  node: number;
  /** memory backend linked with the region */
  memdev: string;
}

/**
 * Sgx EPC state information
 *
 * Since: 6.2
 *
 * QAPI struct `SgxEPCDeviceInfo` (machine.json).
 */
export interface SgxEPCDeviceInfo {
  /** device's ID */
  id?: string;
  /** physical address in memory, where device is mapped */
  memaddr: number;
  /** size of memory that the device provides */
  size: number;
  /** the numa node (Since: 7.0) */
  node: number;
  /** memory backend linked with device */
  memdev: string;
}

/**
 * hv-balloon provided memory state information
 *
 * Since: 8.2
 *
 * QAPI struct `HvBalloonDeviceInfo` (machine.json).
 */
export interface HvBalloonDeviceInfo {
  /** device's ID */
  id?: string;
  /** physical address in memory, where device is mapped */
  memaddr?: number;
  /** the maximum size of memory that the device can provide */
  'max-size': number;
  /** memory backend linked with device */
  memdev?: string;
}

/**
 * `MemoryDeviceInfoKind` (enum).
 *
 * Since: 2.1
 *
 * QAPI enum `MemoryDeviceInfoKind` (machine.json).
 */
export type MemoryDeviceInfoKind = 'dimm' | 'nvdimm' | 'virtio-pmem' | 'virtio-mem' | 'sgx-epc' | 'hv-balloon';

/**
 * `PCDIMMDeviceInfoWrapper` (struct).
 *
 * Since: 2.1
 *
 * QAPI struct `PCDIMMDeviceInfoWrapper` (machine.json).
 */
export interface PCDIMMDeviceInfoWrapper {
  /** PCDIMMDevice state information */
  data: PCDIMMDeviceInfo;
}

/**
 * `VirtioPMEMDeviceInfoWrapper` (struct).
 *
 * Since: 2.1
 *
 * QAPI struct `VirtioPMEMDeviceInfoWrapper` (machine.json).
 */
export interface VirtioPMEMDeviceInfoWrapper {
  /** VirtioPMEM state information */
  data: VirtioPMEMDeviceInfo;
}

/**
 * `VirtioMEMDeviceInfoWrapper` (struct).
 *
 * Since: 2.1
 *
 * QAPI struct `VirtioMEMDeviceInfoWrapper` (machine.json).
 */
export interface VirtioMEMDeviceInfoWrapper {
  /** VirtioMEMDevice state information */
  data: VirtioMEMDeviceInfo;
}

/**
 * `SgxEPCDeviceInfoWrapper` (struct).
 *
 * Since: 6.2
 *
 * QAPI struct `SgxEPCDeviceInfoWrapper` (machine.json).
 */
export interface SgxEPCDeviceInfoWrapper {
  /** Sgx EPC state information */
  data: SgxEPCDeviceInfo;
}

/**
 * `HvBalloonDeviceInfoWrapper` (struct).
 *
 * Since: 8.2
 *
 * QAPI struct `HvBalloonDeviceInfoWrapper` (machine.json).
 */
export interface HvBalloonDeviceInfoWrapper {
  /** hv-balloon provided memory state information */
  data: HvBalloonDeviceInfo;
}

/** Common members of {@link MemoryDeviceInfo}. */
export interface MemoryDeviceInfoBase {
  /** memory device type */
  type: MemoryDeviceInfoKind;
}

/**
 * Union containing information about a memory device
 *
 * Discriminated by `type` (`MemoryDeviceInfoKind`).
 *
 * Since: 2.1
 *
 * QAPI union `MemoryDeviceInfo` (machine.json).
 */
export type MemoryDeviceInfo =
  | (MemoryDeviceInfoBase & { type: 'dimm' } & PCDIMMDeviceInfoWrapper)
  | (MemoryDeviceInfoBase & { type: 'nvdimm' } & PCDIMMDeviceInfoWrapper)
  | (MemoryDeviceInfoBase & { type: 'virtio-pmem' } & VirtioPMEMDeviceInfoWrapper)
  | (MemoryDeviceInfoBase & { type: 'virtio-mem' } & VirtioMEMDeviceInfoWrapper)
  | (MemoryDeviceInfoBase & { type: 'sgx-epc' } & SgxEPCDeviceInfoWrapper)
  | (MemoryDeviceInfoBase & { type: 'hv-balloon' } & HvBalloonDeviceInfoWrapper);

/**
 * Sgx EPC cmdline information
 *
 * Since: 6.2
 *
 * QAPI struct `SgxEPC` (machine.json).
 */
export interface SgxEPC {
  /** memory backend linked with device */
  memdev: string;
  /** the numa node (Since: 7.0) */
  node: number;
}

/**
 * SGX properties of machine types.
 *
 * Since: 6.2
 *
 * QAPI struct `SgxEPCProperties` (machine.json).
 */
export interface SgxEPCProperties {
  /** list of ids of memory-backend-epc objects. */
  'sgx-epc': SgxEPC[];
}

/**
 * Data of the `MEMORY_DEVICE_SIZE_CHANGE` event.
 *
 * Emitted when the size of a memory device changes.  Only emitted for memory devices that can
 * actually change the size (e.g., virtio-mem due to guest action).
 */
export interface MemoryDeviceSizeChangeEventData {
  /** device's ID */
  id?: string;
  /** the new size of memory that the device provides */
  size: number;
  /** path to the device object in the QOM tree (since 6.2) */
  'qom-path': string;
}

/**
 * Schema for virtual machine boot configuration.
 *
 * Since: 7.1
 *
 * QAPI struct `BootConfiguration` (machine.json).
 */
export interface BootConfiguration {
  /** Boot order (a=floppy, c=hard disk, d=CD-ROM, n=network) */
  order?: string;
  /** Boot order to apply on first boot */
  once?: string;
  /** Whether to show a boot menu */
  menu?: boolean;
  /** The name of the file to be passed to the firmware as logo picture, if `menu` is true. */
  splash?: string;
  /** How long to show the logo picture, in milliseconds */
  'splash-time'?: number;
  /** Timeout before guest reboots after boot fails */
  'reboot-timeout'?: number;
  /** Whether to attempt booting from devices not included in the boot order */
  strict?: boolean;
}

/**
 * Schema for CPU topology configuration.  A missing value lets QEMU figure out a suitable value
 * based on the ones that are provided.
 *
 * Since: 6.1
 *
 * QAPI struct `SMPConfiguration` (machine.json).
 */
export interface SMPConfiguration {
  /** number of virtual CPUs in the virtual machine */
  cpus?: number;
  /** number of drawers in the CPU topology (since 8.2) */
  drawers?: number;
  /** number of books in the CPU topology (since 8.2) */
  books?: number;
  /** number of sockets per parent container */
  sockets?: number;
  /** number of dies per parent container */
  dies?: number;
  /** number of clusters per parent container (since 7.0) */
  clusters?: number;
  /** number of modules per parent container (since 9.1) */
  modules?: number;
  /** number of cores per parent container */
  cores?: number;
  /** number of threads per core */
  threads?: number;
  /** maximum number of hotpluggable virtual CPUs in the virtual machine */
  maxcpus?: number;
}

/**
 * `SmbiosEntryPointType` (enum).
 *
 * Since: 7.0
 *
 * QAPI enum `SmbiosEntryPointType` (machine.json).
 */
export type SmbiosEntryPointType = '32' | '64' | 'auto';

/**
 * Schema for memory size configuration.
 *
 * Since: 7.1
 *
 * QAPI struct `MemorySizeConfiguration` (machine.json).
 */
export interface MemorySizeConfiguration {
  /** memory size in bytes */
  size?: number;
  /** maximum hotpluggable memory size in bytes */
  'max-size'?: number;
  /** number of available memory slots for hotplug */
  slots?: number;
}

/**
 * Arguments of the `dumpdtb` command.
 *
 * Save the FDT in dtb format.
 */
export interface DumpdtbArguments {
  /** name of the dtb file to be created */
  filename: string;
}

// --------------------------------------------------------------------------
// machine-target.json

/**
 * Virtual CPU model.
 *
 * Since: 2.8
 *
 * QAPI struct `CpuModelInfo` (machine-target.json).
 */
export interface CpuModelInfo {
  /** the name of the CPU definition the model is based on */
  name: string;
  /** a dictionary of QOM properties to be applied */
  props?: unknown;
}

/**
 * An enumeration of CPU model expansion types.
 *
 * Since: 2.8
 *
 * QAPI enum `CpuModelExpansionType` (machine-target.json).
 */
export type CpuModelExpansionType = 'static' | 'full';

/**
 * An enumeration of CPU model comparison results.  The result is usually calculated using e.g. CPU
 * features or CPU generations.
 *
 * Since: 2.8
 *
 * QAPI enum `CpuModelCompareResult` (machine-target.json).
 */
export type CpuModelCompareResult = 'incompatible' | 'identical' | 'superset' | 'subset';

/**
 * The result of a CPU model baseline.
 *
 * Only present when the QEMU build has `TARGET_S390X`.
 *
 * Since: 2.8
 *
 * QAPI struct `CpuModelBaselineInfo` (machine-target.json).
 */
export interface CpuModelBaselineInfo {
  /** the baselined CpuModelInfo. */
  model: CpuModelInfo;
}

/**
 * The result of a CPU model comparison.
 *
 * Only present when the QEMU build has `TARGET_S390X`.
 *
 * Since: 2.8
 *
 * QAPI struct `CpuModelCompareInfo` (machine-target.json).
 */
export interface CpuModelCompareInfo {
  /** The result of the compare operation. */
  result: CpuModelCompareResult;
  /** List of properties that led to the comparison result not being identical. */
  'responsible-properties': string[];
}

/**
 * Arguments of the `query-cpu-model-comparison` command.
 *
 * Compares two CPU models, `modela` and `modelb`, returning how they compare in a specific
 * configuration.  The results indicates how both models compare regarding runnability.  This
 * result can be used by tooling to make decisions if a certain CPU model will run in a certain
 * configuration or if a compatible CPU model has to be created by baselining.
 */
export interface QueryCpuModelComparisonArguments {
  /**
   * description of the first CPU model to compare, referred to as "model A" in
   * CpuModelCompareResult
   */
  modela: CpuModelInfo;
  /**
   * description of the second CPU model to compare, referred to as "model B" in
   * CpuModelCompareResult
   */
  modelb: CpuModelInfo;
}

/**
 * Arguments of the `query-cpu-model-baseline` command.
 *
 * Baseline two CPU models, `modela` and `modelb`, creating a compatible third model.  The created
 * model will always be a static, migration-safe CPU model (see "static" CPU model expansion for
 * details).
 */
export interface QueryCpuModelBaselineArguments {
  /** description of the first CPU model to baseline */
  modela: CpuModelInfo;
  /** description of the second CPU model to baseline */
  modelb: CpuModelInfo;
}

/**
 * The result of a cpu model expansion.
 *
 * Only present when the QEMU build has `TARGET_S390X || TARGET_I386 || TARGET_ARM ||
 * TARGET_LOONGARCH64 || TARGET_RISCV`.
 *
 * Since: 2.8
 *
 * QAPI struct `CpuModelExpansionInfo` (machine-target.json).
 */
export interface CpuModelExpansionInfo {
  /** the expanded CpuModelInfo. */
  model: CpuModelInfo;
  /**
   * a list of properties that are flagged as deprecated by the CPU vendor.  The list depends on
   * the CpuModelExpansionType: "static" properties are a subset of the enabled-properties for the
   * expanded model; "full" properties are a set of properties that are deprecated across all
   * models for the architecture.  (since: 9.1).
   *
   * Only present when the QEMU build has `TARGET_S390X`.
   */
  'deprecated-props': string[];
}

/**
 * Arguments of the `query-cpu-model-expansion` command.
 *
 * Expands a given CPU model, `model`, (or a combination of CPU model + additional options) to
 * different granularities, specified by `type`, allowing tooling to get an understanding what a
 * specific CPU model looks like in QEMU under a certain configuration.
 */
export interface QueryCpuModelExpansionArguments {
  /** expansion type, specifying how to expand the CPU model */
  type: CpuModelExpansionType;
  /** description of the CPU model to expand */
  model: CpuModelInfo;
}

/**
 * Virtual CPU definition.
 *
 * Only present when the QEMU build has `TARGET_PPC || TARGET_ARM || TARGET_I386 || TARGET_S390X ||
 * TARGET_MIPS || TARGET_LOONGARCH64 || TARGET_RISCV`.
 *
 * Since: 1.2
 *
 * QAPI struct `CpuDefinitionInfo` (machine-target.json).
 */
export interface CpuDefinitionInfo {
  /** the name of the CPU definition */
  name: string;
  /**
   * whether a CPU definition can be safely used for migration in combination with a QEMU
   * compatibility machine when migrating between different QEMU versions and between hosts with
   * different sets of (hardware or software) capabilities.  If not provided, information is not
   * available and callers should not assume the CPU definition to be migration-safe.  (since 2.8)
   */
  'migration-safe'?: boolean;
  /**
   * whether a CPU definition is static and will not change depending on QEMU version, machine
   * type, machine options and accelerator options.  A static model is always migration-safe.
   * (since 2.8)
   */
  static: boolean;
  /**
   * List of properties that prevent the CPU model from running in the current host.  (since 2.8)
   */
  'unavailable-features'?: string[];
  /**
   * Type name that can be used as argument to `device-list-properties`, to introspect properties
   * configurable using -cpu or -global.  (since 2.9)
   */
  typename: string;
  /**
   * Name of CPU model this model is an alias for.  The target of the CPU model alias may change
   * depending on the machine type. Management software is supposed to translate CPU model aliases
   * in the VM configuration, because aliases may stop being migration-safe in the future (since
   * 4.1)
   */
  'alias-of'?: string;
  /**
   * If true, this CPU model is deprecated and may be removed in in some future version of QEMU
   * according to the QEMU deprecation policy.  (since 5.2)
   */
  deprecated: boolean;
}

/**
 * An enumeration of CPU polarization that can be assumed by a virtual S390 CPU
 *
 * Only present when the QEMU build has `TARGET_S390X`.
 *
 * Since: 8.2
 *
 * QAPI enum `S390CpuPolarization` (machine-target.json).
 */
export type S390CpuPolarization = 'horizontal' | 'vertical';

/**
 * Arguments of the `set-cpu-topology` command.
 *
 * Modify the topology by moving the CPU inside the topology tree, or by changing a modifier
 * attribute of a CPU.  Absent values will not be modified.
 */
export interface SetCpuTopologyArguments {
  /** the vCPU ID to be moved */
  'core-id': number;
  /** destination socket to move the vCPU to */
  'socket-id'?: number;
  /** destination book to move the vCPU to */
  'book-id'?: number;
  /** destination drawer to move the vCPU to */
  'drawer-id'?: number;
  /** entitlement to set */
  entitlement?: S390CpuEntitlement;
  /** whether the provisioning of real to virtual CPU is dedicated */
  dedicated?: boolean;
}

/**
 * Data of the `CPU_POLARIZATION_CHANGE` event.
 *
 * Emitted when the guest asks to change the polarization.
 */
export interface CpuPolarizationChangeEventData {
  /** polarization specified by the guest */
  polarization: S390CpuPolarization;
}

/**
 * The result of a CPU polarization query.
 *
 * Only present when the QEMU build has `TARGET_S390X && CONFIG_KVM`.
 *
 * Since: 8.2
 *
 * QAPI struct `CpuPolarizationInfo` (machine-target.json).
 */
export interface CpuPolarizationInfo {
  /** the CPU polarization */
  polarization: S390CpuPolarization;
}

// --------------------------------------------------------------------------
// replay.json: Record/replay

/**
 * Mode of the replay subsystem.
 *
 * Since: 2.5
 *
 * QAPI enum `ReplayMode` (replay.json).
 */
export type ReplayMode = 'none' | 'record' | 'play';

/**
 * Record/replay information.
 *
 * Since: 5.2
 *
 * QAPI struct `ReplayInfo` (replay.json).
 */
export interface ReplayInfo {
  /** current mode. */
  mode: ReplayMode;
  /**
   * name of the record/replay log file.  It is present only in record or replay modes, when the
   * log is recorded or replayed.
   */
  filename?: string;
  /** current number of executed instructions. */
  icount: number;
}

/**
 * Arguments of the `replay-break` command.
 *
 * Set replay breakpoint at instruction count `icount`.  Execution stops when the specified
 * instruction is reached.  There can be at most one breakpoint.  When breakpoint is set, any prior
 * one is removed.  The breakpoint may be set only in replay mode and only "in the future", i.e. at
 * instruction counts greater than the current one.  The current instruction count can be observed
 * with `query-replay`.
 */
export interface ReplayBreakArguments {
  /** instruction count to stop at */
  icount: number;
}

/**
 * Arguments of the `replay-seek` command.
 *
 * Automatically proceed to the instruction count `icount`, when replaying the execution.  The
 * command automatically loads nearest snapshot and replays the execution to find the desired
 * instruction. When there is no preceding snapshot or the execution is not replayed, then the
 * command fails.  Instruction count can be obtained with the `query-replay` command.
 */
export interface ReplaySeekArguments {
  /** target instruction count */
  icount: number;
}

// --------------------------------------------------------------------------
// yank.json: Yank feature

/**
 * An enumeration of yank instance types.  See `YankInstance` for more information.
 *
 * Since: 6.0
 *
 * QAPI enum `YankInstanceType` (yank.json).
 */
export type YankInstanceType = 'block-node' | 'chardev' | 'migration';

/**
 * Specifies which block graph node to yank.  See `YankInstance` for more information.
 *
 * Since: 6.0
 *
 * QAPI struct `YankInstanceBlockNode` (yank.json).
 */
export interface YankInstanceBlockNode {
  /** the name of the block graph node */
  'node-name': string;
}

/**
 * Specifies which character device to yank.  See `YankInstance` for more information.
 *
 * Since: 6.0
 *
 * QAPI struct `YankInstanceChardev` (yank.json).
 */
export interface YankInstanceChardev {
  /** the chardev's ID */
  id: string;
}

/** Common members of {@link YankInstance}. */
export interface YankInstanceBase {
  /** yank instance type */
  type: YankInstanceType;
}

/**
 * A yank instance can be yanked with the `yank` qmp command to recover from a hanging QEMU.
 *
 * Discriminated by `type` (`YankInstanceType`).
 *
 * Since: 6.0
 *
 * QAPI union `YankInstance` (yank.json).
 */
export type YankInstance =
  | (YankInstanceBase & { type: 'block-node' } & YankInstanceBlockNode)
  | (YankInstanceBase & { type: 'chardev' } & YankInstanceChardev)
  | (YankInstanceBase & { type: 'migration' });

/**
 * Arguments of the `yank` command.
 *
 * Try to recover from hanging QEMU by yanking the specified instances. See `YankInstance` for more
 * information.
 */
export interface YankArguments {
  /** the instances to be yanked */
  instances: YankInstance[];
}

// --------------------------------------------------------------------------
// misc.json: Miscellanea

/**
 * Arguments of the `add_client` command.
 *
 * Allow client connections for VNC, Spice and socket based character devices to be passed in to
 * QEMU via SCM_RIGHTS.
 */
export interface AddClientArguments {
  /**
   * protocol name.  Valid names are "vnc", "spice", "`dbus-display`" or the name of a character
   * device (e.g. from -chardev id=XXXX)
   */
  protocol: string;
  /** file descriptor name previously passed via 'getfd' command */
  fdname: string;
  /** whether to skip authentication.  Only applies to "vnc" and "spice" protocols */
  skipauth?: boolean;
  /** whether to perform TLS.  Only applies to the "spice" protocol */
  tls?: boolean;
}

/**
 * Guest name information.
 *
 * Since: 0.14
 *
 * QAPI struct `NameInfo` (misc.json).
 */
export interface NameInfo {
  /** The name of the guest */
  name?: string;
}

/**
 * Information about an iothread
 *
 * Since: 2.0
 *
 * QAPI struct `IOThreadInfo` (misc.json).
 */
export interface IOThreadInfo {
  /** the identifier of the iothread */
  id: string;
  /** ID of the underlying host thread */
  'thread-id': number;
  /** maximum polling time in ns, 0 means polling is disabled (since 2.9) */
  'poll-max-ns': number;
  /** how many ns will be added to polling time, 0 means that it's not configured (since 2.9) */
  'poll-grow': number;
  /**
   * how many ns will be removed from polling time, 0 means that it's not configured (since 2.9)
   */
  'poll-shrink': number;
  /**
   * maximum number of requests in a batch for the AIO engine, 0 means that the engine will use its
   * default (since 6.1)
   */
  'aio-max-batch': number;
}

/**
 * Arguments of the `human-monitor-command` command.
 *
 * Execute a command on the human monitor and return the output.
 */
export interface HumanMonitorCommandArguments {
  /** the command to execute in the human monitor */
  'command-line': string;
  /** The CPU to use for commands that require an implicit CPU */
  'cpu-index'?: number;
}

/**
 * Arguments of the `getfd` command.
 *
 * Receive a file descriptor via SCM rights and assign it a name
 */
export interface GetfdArguments {
  /** file descriptor name */
  fdname: string;
}

/**
 * Arguments of the `get-win32-socket` command.
 *
 * Add a socket that was duplicated to QEMU process with WSADuplicateSocketW() via WSASocket() &
 * WSAPROTOCOL_INFOW structure and assign it a name (the SOCKET is associated with a CRT file
 * descriptor)
 */
export interface GetWin32SocketArguments {
  /** the WSAPROTOCOL_INFOW structure (encoded in base64) */
  info: string;
  /** file descriptor name */
  fdname: string;
}

/**
 * Arguments of the `closefd` command.
 *
 * Close a file descriptor previously passed via SCM rights
 */
export interface ClosefdArguments {
  /** file descriptor name */
  fdname: string;
}

/**
 * Information about a file descriptor that was added to an fd set.
 *
 * Since: 1.2
 *
 * QAPI struct `AddfdInfo` (misc.json).
 */
export interface AddfdInfo {
  /** The ID of the fd set that `fd` was added to. */
  'fdset-id': number;
  /** The file descriptor that was received via SCM rights and added to the fd set. */
  fd: number;
}

/**
 * Arguments of the `add-fd` command.
 *
 * Add a file descriptor, that was passed via SCM rights, to an fd set.
 */
export interface AddFdArguments {
  /** The ID of the fd set to add the file descriptor to. */
  'fdset-id'?: number;
  /** A free-form string that can be used to describe the fd. */
  opaque?: string;
}

/**
 * Arguments of the `remove-fd` command.
 *
 * Remove a file descriptor from an fd set.
 */
export interface RemoveFdArguments {
  /** The ID of the fd set that the file descriptor belongs to. */
  'fdset-id': number;
  /** The file descriptor that is to be removed. */
  fd?: number;
}

/**
 * Information about a file descriptor that belongs to an fd set.
 *
 * Since: 1.2
 *
 * QAPI struct `FdsetFdInfo` (misc.json).
 */
export interface FdsetFdInfo {
  /** The file descriptor value. */
  fd: number;
  /** A free-form string that can be used to describe the fd. */
  opaque?: string;
}

/**
 * Information about an fd set.
 *
 * Since: 1.2
 *
 * QAPI struct `FdsetInfo` (misc.json).
 */
export interface FdsetInfo {
  /** The ID of the fd set. */
  'fdset-id': number;
  /** A list of file descriptors that belong to this fd set. */
  fds: FdsetFdInfo[];
}

/**
 * Possible types for an option parameter.
 *
 * Since: 1.5
 *
 * QAPI enum `CommandLineParameterType` (misc.json).
 */
export type CommandLineParameterType = 'string' | 'boolean' | 'number' | 'size';

/**
 * Details about a single parameter of a command line option.
 *
 * Since: 1.5
 *
 * QAPI struct `CommandLineParameterInfo` (misc.json).
 */
export interface CommandLineParameterInfo {
  /** parameter name */
  name: string;
  /** parameter `CommandLineParameterType` */
  type: CommandLineParameterType;
  /** human readable text string, not suitable for parsing. */
  help?: string;
  /** default value string (since 2.1) */
  default?: string;
}

/**
 * Details about a command line option, including its list of parameter details
 *
 * Since: 1.5
 *
 * QAPI struct `CommandLineOptionInfo` (misc.json).
 */
export interface CommandLineOptionInfo {
  /** option name */
  option: string;
  /** an array of `CommandLineParameterInfo` */
  parameters: CommandLineParameterInfo[];
}

/**
 * Arguments of the `query-command-line-options` command.
 *
 * Query command line option schema.
 */
export interface QueryCommandLineOptionsArguments {
  /** option name */
  option?: string;
}

/**
 * Data of the `RTC_CHANGE` event.
 *
 * Emitted when the guest changes the RTC time.
 */
export interface RtcChangeEventData {
  /**
   * offset in seconds between base RTC clock (as specified by -rtc base), and new RTC clock value
   */
  offset: number;
  /** path to the RTC object in the QOM tree */
  'qom-path': string;
}

/**
 * Data of the `VFU_CLIENT_HANGUP` event.
 *
 * Emitted when the client of a TYPE_VFIO_USER_SERVER closes the communication channel
 */
export interface VfuClientHangupEventData {
  /**
   * ID of the TYPE_VFIO_USER_SERVER object.  It is the last component of `vfu-qom-path` referenced
   * below
   */
  'vfu-id': string;
  /** path to the TYPE_VFIO_USER_SERVER object in the QOM tree */
  'vfu-qom-path': string;
  /** ID of attached PCI device */
  'dev-id': string;
  /** path to attached PCI device in the QOM tree */
  'dev-qom-path': string;
}

// --------------------------------------------------------------------------
// misc-target.json

/**
 * An enumeration of SEV state information used during `query-sev`.
 *
 * Only present when the QEMU build has `TARGET_I386`.
 *
 * Since: 2.12
 *
 * QAPI enum `SevState` (misc-target.json).
 */
export type SevState =
  | 'uninit'
  | 'launch-update'
  | 'launch-secret'
  | 'running'
  | 'send-update'
  | 'receive-update';

/**
 * An enumeration indicating the type of SEV guest being run.
 *
 * Only present when the QEMU build has `TARGET_I386`.
 *
 * Since: 6.2
 *
 * QAPI enum `SevGuestType` (misc-target.json).
 */
export type SevGuestType = 'sev' | 'sev-snp';

/**
 * Information specific to legacy SEV/SEV-ES guests.
 *
 * Only present when the QEMU build has `TARGET_I386`.
 *
 * Since: 2.12
 *
 * QAPI struct `SevGuestInfo` (misc-target.json).
 */
export interface SevGuestInfo {
  /** SEV policy value */
  policy: number;
  /** SEV firmware handle */
  handle: number;
}

/**
 * Information specific to SEV-SNP guests.
 *
 * Only present when the QEMU build has `TARGET_I386`.
 *
 * Since: 9.1
 *
 * QAPI struct `SevSnpGuestInfo` (misc-target.json).
 */
export interface SevSnpGuestInfo {
  /** SEV-SNP policy value */
  'snp-policy': number;
}

/** Common members of {@link SevInfo}. */
export interface SevInfoBase {
  /** true if SEV is active */
  enabled: boolean;
  /** SEV API major version */
  'api-major': number;
  /** SEV API minor version */
  'api-minor': number;
  /** SEV FW build id */
  'build-id': number;
  /** SEV guest state */
  state: SevState;
  /** Type of SEV guest being run */
  'sev-type': SevGuestType;
}

/**
 * Information about Secure Encrypted Virtualization (SEV) support
 *
 * Discriminated by `sev-type` (`SevGuestType`).
 *
 * Only present when the QEMU build has `TARGET_I386`.
 *
 * Since: 2.12
 *
 * QAPI union `SevInfo` (misc-target.json).
 */
export type SevInfo =
  | (SevInfoBase & { 'sev-type': 'sev' } & SevGuestInfo)
  | (SevInfoBase & { 'sev-type': 'sev-snp' } & SevSnpGuestInfo);

/**
 * SEV Guest Launch measurement information
 *
 * Only present when the QEMU build has `TARGET_I386`.
 *
 * Since: 2.12
 *
 * QAPI struct `SevLaunchMeasureInfo` (misc-target.json).
 */
export interface SevLaunchMeasureInfo {
  /** the measurement value encoded in base64 */
  data: string;
}

/**
 * The struct describes capability for a Secure Encrypted Virtualization feature.
 *
 * Only present when the QEMU build has `TARGET_I386`.
 *
 * Since: 2.12
 *
 * QAPI struct `SevCapability` (misc-target.json).
 */
export interface SevCapability {
  /** Platform Diffie-Hellman key (base64 encoded) */
  pdh: string;
  /** PDH certificate chain (base64 encoded) */
  'cert-chain': string;
  /** Unique ID of CPU0 (base64 encoded) (since 7.1) */
  'cpu0-id': string;
  /** C-bit location in page table entry */
  cbitpos: number;
  /** Number of physical Address bit reduction when SEV is enabled */
  'reduced-phys-bits': number;
}

/**
 * Arguments of the `sev-inject-launch-secret` command.
 *
 * This command injects a secret blob into memory of SEV guest.
 */
export interface SevInjectLaunchSecretArguments {
  /** the launch secret packet header encoded in base64 */
  'packet-header': string;
  /** the launch secret data to be injected encoded in base64 */
  secret: string;
  /** the guest physical address where secret will be injected. */
  gpa?: number;
}

/**
 * The struct describes attestation report for a Secure Encrypted Virtualization feature.
 *
 * Only present when the QEMU build has `TARGET_I386`.
 *
 * Since: 6.1
 *
 * QAPI struct `SevAttestationReport` (misc-target.json).
 */
export interface SevAttestationReport {
  /** guest attestation report (base64 encoded) */
  data: string;
}

/**
 * Arguments of the `query-sev-attestation-report` command.
 *
 * This command is used to get the SEV attestation report, and is supported on AMD X86 platforms
 * only.
 */
export interface QuerySevAttestationReportArguments {
  /** a random 16 bytes value encoded in base64 (it will be included in report) */
  mnonce: string;
}

/**
 * Arguments of the `dump-skeys` command.
 *
 * Dump guest's storage keys
 */
export interface DumpSkeysArguments {
  /** the path to the file to dump to */
  filename: string;
}

/**
 * The struct describes capability for a specific GIC (Generic Interrupt Controller) version. 
 * These bits are not only decided by QEMU/KVM software version, but also decided by the hardware
 * that the program is running upon.
 *
 * Only present when the QEMU build has `TARGET_ARM`.
 *
 * Since: 2.6
 *
 * QAPI struct `GICCapability` (misc-target.json).
 */
export interface GICCapability {
  /** version of GIC to be described.  Currently, only 2 and 3 are supported. */
  version: number;
  /** whether current QEMU/hardware supports emulated GIC device in user space. */
  emulated: boolean;
  /** whether current QEMU/hardware supports hardware accelerated GIC device in kernel. */
  kernel: boolean;
}

/**
 * Information about intel SGX EPC section info
 *
 * Since: 7.0
 *
 * QAPI struct `SGXEPCSection` (misc-target.json).
 */
export interface SGXEPCSection {
  /** the numa node */
  node: number;
  /** the size of EPC section */
  size: number;
}

/**
 * Information about intel Safe Guard eXtension (SGX) support
 *
 * Only present when the QEMU build has `TARGET_I386`.
 *
 * Since: 6.2
 *
 * QAPI struct `SGXInfo` (misc-target.json).
 */
export interface SGXInfo {
  /** true if SGX is supported */
  sgx: boolean;
  /** true if SGX1 is supported */
  sgx1: boolean;
  /** true if SGX2 is supported */
  sgx2: boolean;
  /** true if FLC is supported */
  flc: boolean;
  /** The EPC sections info for guest (Since: 7.0) */
  sections: SGXEPCSection[];
}

/**
 * An enumeration of Xen event channel port types.
 *
 * Only present when the QEMU build has `TARGET_I386`.
 *
 * Since: 8.0
 *
 * QAPI enum `EvtchnPortType` (misc-target.json).
 */
export type EvtchnPortType = 'closed' | 'unbound' | 'interdomain' | 'pirq' | 'virq' | 'ipi';

/**
 * Information about a Xen event channel port
 *
 * Only present when the QEMU build has `TARGET_I386`.
 *
 * Since: 8.0
 *
 * QAPI struct `EvtchnInfo` (misc-target.json).
 */
export interface EvtchnInfo {
  /** the port number */
  port: number;
  /** target vCPU for this port */
  vcpu: number;
  /** the port type */
  type: EvtchnPortType;
  /** remote domain for interdomain ports */
  'remote-domain': string;
  /** remote port ID, or virq/pirq number */
  target: number;
  /** port is currently active pending delivery */
  pending: boolean;
  /** port is masked */
  masked: boolean;
}

/**
 * Arguments of the `xen-event-inject` command.
 *
 * Inject a Xen event channel port (interrupt) to the guest.
 */
export interface XenEventInjectArguments {
  /** The port number */
  port: number;
}

// --------------------------------------------------------------------------
// audio.json: Audio

/**
 * General audio backend options that are used for both playback and recording.
 *
 * Since: 4.0
 *
 * QAPI struct `AudiodevPerDirectionOptions` (audio.json).
 */
export interface AudiodevPerDirectionOptions {
  /**
   * use QEMU's mixing engine to mix all streams inside QEMU and convert audio formats when not
   * supported by the backend.  When set to off, fixed-settings must be also off (default on, since
   * 4.2)
   */
  'mixing-engine'?: boolean;
  /**
   * use fixed settings for host input/output.  When off, frequency, channels and format must not
   * be specified (default true)
   */
  'fixed-settings'?: boolean;
  /** frequency to use when using fixed settings (default 44100) */
  frequency?: number;
  /** number of channels when using fixed settings (default 2) */
  channels?: number;
  /** number of voices to use (default 1) */
  voices?: number;
  /** sample format to use when using fixed settings (default s16) */
  format?: AudioFormat;
  /** the buffer length in microseconds */
  'buffer-length'?: number;
}

/**
 * Generic driver-specific options.
 *
 * Since: 4.0
 *
 * QAPI struct `AudiodevGenericOptions` (audio.json).
 */
export interface AudiodevGenericOptions {
  /** options of the capture stream */
  in?: AudiodevPerDirectionOptions;
  /** options of the playback stream */
  out?: AudiodevPerDirectionOptions;
}

/**
 * Options of the D-Bus audio backend.
 *
 * Since: 10.0
 *
 * QAPI struct `AudiodevDBusOptions` (audio.json).
 */
export interface AudiodevDBusOptions {
  /** options of the capture stream */
  in?: AudiodevPerDirectionOptions;
  /** options of the playback stream */
  out?: AudiodevPerDirectionOptions;
  /** set the number of samples per read/write calls (default to 480, 10ms at 48kHz). */
  nsamples?: number;
}

/**
 * Options of the ALSA backend that are used for both playback and recording.
 *
 * Since: 4.0
 *
 * QAPI struct `AudiodevAlsaPerDirectionOptions` (audio.json).
 */
export interface AudiodevAlsaPerDirectionOptions extends AudiodevPerDirectionOptions {
  /** the name of the ALSA device to use (default 'default') */
  dev?: string;
  /** the period length in microseconds */
  'period-length'?: number;
  /** attempt to use poll mode, falling back to non-polling access on failure (default true) */
  'try-poll'?: boolean;
}

/**
 * Options of the ALSA audio backend.
 *
 * Since: 4.0
 *
 * QAPI struct `AudiodevAlsaOptions` (audio.json).
 */
export interface AudiodevAlsaOptions {
  /** options of the capture stream */
  in?: AudiodevAlsaPerDirectionOptions;
  /** options of the playback stream */
  out?: AudiodevAlsaPerDirectionOptions;
  /** set the threshold (in microseconds) when playback starts */
  threshold?: number;
}

/**
 * Options of the sndio audio backend.
 *
 * Since: 7.2
 *
 * QAPI struct `AudiodevSndioOptions` (audio.json).
 */
export interface AudiodevSndioOptions {
  /** options of the capture stream */
  in?: AudiodevPerDirectionOptions;
  /** options of the playback stream */
  out?: AudiodevPerDirectionOptions;
  /** the name of the sndio device to use (default 'default') */
  dev?: string;
  /** play buffer size (in microseconds) */
  latency?: number;
}

/**
 * Options of the Core Audio backend that are used for both playback and recording.
 *
 * Since: 4.0
 *
 * QAPI struct `AudiodevCoreaudioPerDirectionOptions` (audio.json).
 */
export interface AudiodevCoreaudioPerDirectionOptions extends AudiodevPerDirectionOptions {
  /** number of buffers */
  'buffer-count'?: number;
}

/**
 * Options of the coreaudio audio backend.
 *
 * Since: 4.0
 *
 * QAPI struct `AudiodevCoreaudioOptions` (audio.json).
 */
export interface AudiodevCoreaudioOptions {
  /** options of the capture stream */
  in?: AudiodevCoreaudioPerDirectionOptions;
  /** options of the playback stream */
  out?: AudiodevCoreaudioPerDirectionOptions;
}

/**
 * Options of the DirectSound audio backend.
 *
 * Since: 4.0
 *
 * QAPI struct `AudiodevDsoundOptions` (audio.json).
 */
export interface AudiodevDsoundOptions {
  /** options of the capture stream */
  in?: AudiodevPerDirectionOptions;
  /** options of the playback stream */
  out?: AudiodevPerDirectionOptions;
  /** add extra latency to playback in microseconds (default 10000) */
  latency?: number;
}

/**
 * Options of the JACK backend that are used for both playback and recording.
 *
 * Since: 5.1
 *
 * QAPI struct `AudiodevJackPerDirectionOptions` (audio.json).
 */
export interface AudiodevJackPerDirectionOptions extends AudiodevPerDirectionOptions {
  /**
   * select from among several possible concurrent server instances (default: environment variable
   * $JACK_DEFAULT_SERVER if set, else "default")
   */
  'server-name'?: string;
  /**
   * the client name to use.  The server will modify this name to create a unique variant, if
   * needed unless `exact-name` is true (default: the guest's name)
   */
  'client-name'?: string;
  /**
   * if set, a regular expression of JACK client port name(s) to monitor for and automatically
   * connect to
   */
  'connect-ports'?: string;
  /** start a jack server process if one is not already present (default: false) */
  'start-server'?: boolean;
  /**
   * use the exact name requested otherwise JACK automatically generates a unique one, if needed
   * (default: false)
   */
  'exact-name'?: boolean;
}

/**
 * Options of the JACK audio backend.
 *
 * Since: 5.1
 *
 * QAPI struct `AudiodevJackOptions` (audio.json).
 */
export interface AudiodevJackOptions {
  /** options of the capture stream */
  in?: AudiodevJackPerDirectionOptions;
  /** options of the playback stream */
  out?: AudiodevJackPerDirectionOptions;
}

/**
 * Options of the OSS backend that are used for both playback and recording.
 *
 * Since: 4.0
 *
 * QAPI struct `AudiodevOssPerDirectionOptions` (audio.json).
 */
export interface AudiodevOssPerDirectionOptions extends AudiodevPerDirectionOptions {
  /** file name of the OSS device (default '/dev/dsp') */
  dev?: string;
  /** number of buffers */
  'buffer-count'?: number;
  /** attempt to use poll mode, falling back to non-polling access on failure (default true) */
  'try-poll'?: boolean;
}

/**
 * Options of the OSS audio backend.
 *
 * Since: 4.0
 *
 * QAPI struct `AudiodevOssOptions` (audio.json).
 */
export interface AudiodevOssOptions {
  /** options of the capture stream */
  in?: AudiodevOssPerDirectionOptions;
  /** options of the playback stream */
  out?: AudiodevOssPerDirectionOptions;
  /**
   * try using memory-mapped access, falling back to non-memory-mapped access on failure (default
   * true)
   */
  'try-mmap'?: boolean;
  /** open device in exclusive mode (vmix won't work) (default false) */
  exclusive?: boolean;
  /**
   * set the timing policy of the device (between 0 and 10, where smaller number means smaller
   * latency but higher CPU usage) or -1 to use fragment mode (option ignored on some platforms)
   * (default 5)
   */
  'dsp-policy'?: number;
}

/**
 * Options of the Pulseaudio backend that are used for both playback and recording.
 *
 * Since: 4.0
 *
 * QAPI struct `AudiodevPaPerDirectionOptions` (audio.json).
 */
export interface AudiodevPaPerDirectionOptions extends AudiodevPerDirectionOptions {
  /** name of the sink/source to use */
  name?: string;
  /**
   * name of the PulseAudio stream created by qemu.  Can be used to identify the stream in
   * PulseAudio when you create multiple PulseAudio devices or run multiple qemu instances
   * (default: audiodev's id, since 4.2)
   */
  'stream-name'?: string;
  /** latency you want PulseAudio to achieve in microseconds (default 15000) */
  latency?: number;
}

/**
 * Options of the PulseAudio audio backend.
 *
 * Since: 4.0
 *
 * QAPI struct `AudiodevPaOptions` (audio.json).
 */
export interface AudiodevPaOptions {
  /** options of the capture stream */
  in?: AudiodevPaPerDirectionOptions;
  /** options of the playback stream */
  out?: AudiodevPaPerDirectionOptions;
  /** PulseAudio server address (default: let PulseAudio choose) */
  server?: string;
}

/**
 * Options of the PipeWire backend that are used for both playback and recording.
 *
 * Since: 8.1
 *
 * QAPI struct `AudiodevPipewirePerDirectionOptions` (audio.json).
 */
export interface AudiodevPipewirePerDirectionOptions extends AudiodevPerDirectionOptions {
  /** name of the sink/source to use */
  name?: string;
  /**
   * name of the PipeWire stream created by qemu.  Can be used to identify the stream in PipeWire
   * when you create multiple PipeWire devices or run multiple qemu instances (default: audiodev's
   * id)
   */
  'stream-name'?: string;
  /** latency you want PipeWire to achieve in microseconds (default 46000) */
  latency?: number;
}

/**
 * Options of the PipeWire audio backend.
 *
 * Since: 8.1
 *
 * QAPI struct `AudiodevPipewireOptions` (audio.json).
 */
export interface AudiodevPipewireOptions {
  /** options of the capture stream */
  in?: AudiodevPipewirePerDirectionOptions;
  /** options of the playback stream */
  out?: AudiodevPipewirePerDirectionOptions;
}

/**
 * Options of the SDL audio backend that are used for both playback and recording.
 *
 * Since: 6.0
 *
 * QAPI struct `AudiodevSdlPerDirectionOptions` (audio.json).
 */
export interface AudiodevSdlPerDirectionOptions extends AudiodevPerDirectionOptions {
  /** number of buffers (default 4) */
  'buffer-count'?: number;
}

/**
 * Options of the SDL audio backend.
 *
 * Since: 6.0
 *
 * QAPI struct `AudiodevSdlOptions` (audio.json).
 */
export interface AudiodevSdlOptions {
  /** options of the recording stream */
  in?: AudiodevSdlPerDirectionOptions;
  /** options of the playback stream */
  out?: AudiodevSdlPerDirectionOptions;
}

/**
 * Options of the wav audio backend.
 *
 * Since: 4.0
 *
 * QAPI struct `AudiodevWavOptions` (audio.json).
 */
export interface AudiodevWavOptions {
  /** options of the capture stream */
  in?: AudiodevPerDirectionOptions;
  /** options of the playback stream */
  out?: AudiodevPerDirectionOptions;
  /** name of the wav file to record (default 'qemu.wav') */
  path?: string;
}

/**
 * An enumeration of possible audio formats.
 *
 * Since: 4.0
 *
 * QAPI enum `AudioFormat` (audio.json).
 */
export type AudioFormat = 'u8' | 's8' | 'u16' | 's16' | 'u32' | 's32' | 'f32';

/**
 * An enumeration of possible audio backend drivers.
 *
 * - `alsa`: Only present when the QEMU build has `CONFIG_AUDIO_ALSA`.
 * - `coreaudio`: Only present when the QEMU build has `CONFIG_AUDIO_COREAUDIO`.
 * - `dbus`: Only present when the QEMU build has `CONFIG_DBUS_DISPLAY`.
 * - `dsound`: Only present when the QEMU build has `CONFIG_AUDIO_DSOUND`.
 * - `jack`: Only present when the QEMU build has `CONFIG_AUDIO_JACK`.
 * - `oss`: Only present when the QEMU build has `CONFIG_AUDIO_OSS`.
 * - `pa`: Only present when the QEMU build has `CONFIG_AUDIO_PA`.
 * - `pipewire`: Only present when the QEMU build has `CONFIG_AUDIO_PIPEWIRE`.
 * - `sdl`: Only present when the QEMU build has `CONFIG_AUDIO_SDL`.
 * - `sndio`: Only present when the QEMU build has `CONFIG_AUDIO_SNDIO`.
 * - `spice`: Only present when the QEMU build has `CONFIG_SPICE`.
 *
 * Since: 4.0
 *
 * QAPI enum `AudiodevDriver` (audio.json).
 */
export type AudiodevDriver =
  | 'none'
  | 'alsa'
  | 'coreaudio'
  | 'dbus'
  | 'dsound'
  | 'jack'
  | 'oss'
  | 'pa'
  | 'pipewire'
  | 'sdl'
  | 'sndio'
  | 'spice'
  | 'wav';

/** Common members of {@link Audiodev}. */
export interface AudiodevBase {
  /** identifier of the backend */
  id: string;
  /** the backend driver to use */
  driver: AudiodevDriver;
  /** timer period (in microseconds, 0: use lowest possible) */
  'timer-period'?: number;
}

/**
 * Options of an audio backend.
 *
 * Discriminated by `driver` (`AudiodevDriver`).
 *
 * Since: 4.0
 *
 * QAPI union `Audiodev` (audio.json).
 */
export type Audiodev =
  | (AudiodevBase & { driver: 'none' } & AudiodevGenericOptions)
  | (AudiodevBase & { driver: 'alsa' } & AudiodevAlsaOptions) // if CONFIG_AUDIO_ALSA
  | (AudiodevBase & { driver: 'coreaudio' } & AudiodevCoreaudioOptions) // if CONFIG_AUDIO_COREAUDIO
  | (AudiodevBase & { driver: 'dbus' } & AudiodevDBusOptions) // if CONFIG_DBUS_DISPLAY
  | (AudiodevBase & { driver: 'dsound' } & AudiodevDsoundOptions) // if CONFIG_AUDIO_DSOUND
  | (AudiodevBase & { driver: 'jack' } & AudiodevJackOptions) // if CONFIG_AUDIO_JACK
  | (AudiodevBase & { driver: 'oss' } & AudiodevOssOptions) // if CONFIG_AUDIO_OSS
  | (AudiodevBase & { driver: 'pa' } & AudiodevPaOptions) // if CONFIG_AUDIO_PA
  | (AudiodevBase & { driver: 'pipewire' } & AudiodevPipewireOptions) // if CONFIG_AUDIO_PIPEWIRE
  | (AudiodevBase & { driver: 'sdl' } & AudiodevSdlOptions) // if CONFIG_AUDIO_SDL
  | (AudiodevBase & { driver: 'sndio' } & AudiodevSndioOptions) // if CONFIG_AUDIO_SNDIO
  | (AudiodevBase & { driver: 'spice' } & AudiodevGenericOptions) // if CONFIG_SPICE
  | (AudiodevBase & { driver: 'wav' } & AudiodevWavOptions);

// --------------------------------------------------------------------------
// acpi.json: ACPI

/**
 * Specify an ACPI table on the command line to load.
 *
 * Since: 1.5
 *
 * QAPI struct `AcpiTableOptions` (acpi.json).
 */
export interface AcpiTableOptions {
  /** table signature / identifier (4 bytes) */
  sig?: string;
  /** table revision number (dependent on signature, 1 byte) */
  rev?: number;
  /** OEM identifier (6 bytes) */
  oem_id?: string;
  /** OEM table identifier (8 bytes) */
  oem_table_id?: string;
  /** OEM-supplied revision number (4 bytes) */
  oem_rev?: number;
  /** identifier of the utility that created the table (4 bytes) */
  asl_compiler_id?: string;
  /** revision number of the utility that created the table (4 bytes) */
  asl_compiler_rev?: number;
  /**
   * colon (:) separated list of pathnames to load and concatenate as table data.  The resultant
   * binary blob is expected to have an ACPI table header.  At least one file is required.  This
   * field excludes `data`.
   */
  file?: string;
  /**
   * colon (:) separated list of pathnames to load and concatenate as table data.  The resultant
   * binary blob must not have an ACPI table header.  At least one file is required.  This field
   * excludes `file`.
   */
  data?: string;
}

/**
 * `ACPISlotType` (enum).
 *
 * QAPI enum `ACPISlotType` (acpi.json).
 */
export type ACPISlotType = 'DIMM' | 'CPU';

/**
 * OSPM Status Indication for a device For description of possible values of `source` and `status`
 * fields see "_OST (OSPM Status Indication)" chapter of ACPI5.0 spec.
 *
 * Since: 2.1
 *
 * QAPI struct `ACPIOSTInfo` (acpi.json).
 */
export interface ACPIOSTInfo {
  /** device ID associated with slot */
  device?: string;
  /** slot ID, unique per slot of a given `slot-type` */
  slot: string;
  /** type of the slot */
  'slot-type': ACPISlotType;
  /** an integer containing the source event */
  source: number;
  /** an integer containing the status code */
  status: number;
}

/**
 * Data of the `ACPI_DEVICE_OST` event.
 *
 * Emitted when guest executes ACPI _OST method.
 */
export interface AcpiDeviceOstEventData {
  /** OSPM Status Indication */
  info: ACPIOSTInfo;
}

// --------------------------------------------------------------------------
// pci.json: PCI

/**
 * A PCI device memory region
 *
 * Since: 0.14
 *
 * QAPI struct `PciMemoryRange` (pci.json).
 */
export interface PciMemoryRange {
  /** the starting address (guest physical) */
  base: number;
  /** the ending address (guest physical) */
  limit: number;
}

/**
 * Information about a PCI device I/O region.
 *
 * Since: 0.14
 *
 * QAPI struct `PciMemoryRegion` (pci.json).
 */
export interface PciMemoryRegion {
  /** the index of the Base Address Register for this region */
  bar: number;
  /**
   * - 'io' if the region is a PIO region
   * - 'memory' if the region is a MMIO region
   */
  type: string;
  /** memory address */
  address: number;
  /** memory size */
  size: number;
  /** if `type` is 'memory', true if the memory is prefetchable */
  prefetch?: boolean;
  /** if `type` is 'memory', true if the BAR is 64-bit */
  mem_type_64?: boolean;
}

/**
 * Information about a bus of a PCI Bridge device
 *
 * Since: 2.4
 *
 * QAPI struct `PciBusInfo` (pci.json).
 */
export interface PciBusInfo {
  /**
   * primary bus interface number.  This should be the number of the bus the device resides on.
   */
  number: number;
  /** secondary bus interface number.  This is the number of the main bus for the bridge */
  secondary: number;
  /** This is the highest number bus that resides below the bridge. */
  subordinate: number;
  /** The PIO range for all devices on this bridge */
  io_range: PciMemoryRange;
  /** The MMIO range for all devices on this bridge */
  memory_range: PciMemoryRange;
  /** The range of prefetchable MMIO for all devices on this bridge */
  prefetchable_range: PciMemoryRange;
}

/**
 * Information about a PCI Bridge device
 *
 * Since: 0.14
 *
 * QAPI struct `PciBridgeInfo` (pci.json).
 */
export interface PciBridgeInfo {
  /** information about the bus the device resides on */
  bus: PciBusInfo;
  /** a list of `PciDeviceInfo` for each device on this bridge */
  devices?: PciDeviceInfo[];
}

/**
 * Information about the Class of a PCI device
 *
 * Since: 2.4
 *
 * QAPI struct `PciDeviceClass` (pci.json).
 */
export interface PciDeviceClass {
  /**
   * a string description of the device's class (not stable, and should only be treated as
   * informational)
   */
  desc?: string;
  /** the class code of the device */
  class: number;
}

/**
 * Information about the Id of a PCI device
 *
 * Since: 2.4
 *
 * QAPI struct `PciDeviceId` (pci.json).
 */
export interface PciDeviceId {
  /** the PCI device id */
  device: number;
  /** the PCI vendor id */
  vendor: number;
  /** the PCI subsystem id (since 3.1) */
  subsystem?: number;
  /** the PCI subsystem vendor id (since 3.1) */
  'subsystem-vendor'?: number;
}

/**
 * Information about a PCI device
 *
 * Since: 0.14
 *
 * QAPI struct `PciDeviceInfo` (pci.json).
 */
export interface PciDeviceInfo {
  /** the bus number of the device */
  bus: number;
  /** the slot the device is located in */
  slot: number;
  /** the function of the slot used by the device */
  function: number;
  /** the class of the device */
  class_info: PciDeviceClass;
  /** the PCI device id */
  id: PciDeviceId;
  /** if an IRQ is assigned to the device, the IRQ number */
  irq?: number;
  /** the IRQ pin, zero means no IRQ (since 5.1) */
  irq_pin: number;
  /** the device name of the PCI device */
  qdev_id: string;
  /** if the device is a PCI bridge, the bridge information */
  pci_bridge?: PciBridgeInfo;
  /** a list of the PCI I/O regions associated with the device */
  regions: PciMemoryRegion[];
}

/**
 * Information about a PCI bus
 *
 * Since: 0.14
 *
 * QAPI struct `PciInfo` (pci.json).
 */
export interface PciInfo {
  /** the bus index */
  bus: number;
  /** a list of devices on this bus */
  devices: PciDeviceInfo[];
}

// --------------------------------------------------------------------------
// stats.json: Statistics

/**
 * Enumeration of statistics types
 *
 * Since: 7.1
 *
 * QAPI enum `StatsType` (stats.json).
 */
export type StatsType = 'cumulative' | 'instant' | 'peak' | 'linear-histogram' | 'log2-histogram';

/**
 * Enumeration of unit of measurement for statistics
 *
 * Since: 7.1
 *
 * QAPI enum `StatsUnit` (stats.json).
 */
export type StatsUnit = 'bytes' | 'seconds' | 'cycles' | 'boolean';

/**
 * Enumeration of statistics providers.
 *
 * Since: 7.1
 *
 * QAPI enum `StatsProvider` (stats.json).
 */
export type StatsProvider = 'kvm' | 'cryptodev';

/**
 * The kinds of objects on which one can request statistics.
 *
 * Since: 7.1
 *
 * QAPI enum `StatsTarget` (stats.json).
 */
export type StatsTarget = 'vm' | 'vcpu' | 'cryptodev';

/**
 * Indicates a set of statistics that should be returned by query-stats.
 *
 * Since: 7.1
 *
 * QAPI struct `StatsRequest` (stats.json).
 */
export interface StatsRequest {
  /** provider for which to return statistics. */
  provider: StatsProvider;
  /** statistics to be returned (all if omitted). */
  names?: string[];
}

/**
 * `StatsVCPUFilter` (struct).
 *
 * Since: 7.1
 *
 * QAPI struct `StatsVCPUFilter` (stats.json).
 */
export interface StatsVCPUFilter {
  /** list of QOM paths for the desired vCPU objects. */
  vcpus?: string[];
}

/** Common members of {@link StatsFilter}. */
export interface StatsFilterBase {
  /**
   * the kind of objects to query.  Note that each possible target may enable additional filtering
   * options
   */
  target: StatsTarget;
  /**
   * which providers to request statistics from, and optionally which named values to return within
   * each provider
   */
  providers?: StatsRequest[];
}

/**
 * The arguments to the query-stats command; specifies a target for which to request statistics and
 * optionally the required subset of information for that target.
 *
 * Discriminated by `target` (`StatsTarget`).
 *
 * Since: 7.1
 *
 * QAPI union `StatsFilter` (stats.json).
 */
export type StatsFilter =
  | (StatsFilterBase & { target: 'vm' })
  | (StatsFilterBase & { target: 'vcpu' } & StatsVCPUFilter)
  | (StatsFilterBase & { target: 'cryptodev' });

/**
 * `StatsValue` (alternate).
 *
 * - `scalar`: number — single unsigned 64-bit integers.
 * - `boolean`: boolean — single boolean value.
 * - `list`: number[] — list of unsigned 64-bit integers (used for histograms).
 *
 * Since: 7.1
 *
 * QAPI alternate `StatsValue` (stats.json).
 */
export type StatsValue = number | boolean | number[];

/**
 * `Stats` (struct).
 *
 * Since: 7.1
 *
 * QAPI struct `Stats` (stats.json).
 */
export interface Stats {
  /** name of stat. */
  name: string;
  /** stat value. */
  value: StatsValue;
}

/**
 * `StatsResult` (struct).
 *
 * Since: 7.1
 *
 * QAPI struct `StatsResult` (stats.json).
 */
export interface StatsResult {
  /** provider for this set of statistics. */
  provider: StatsProvider;
  /**
   * Path to the object for which the statistics are returned, if the object is exposed in the QOM
   * tree
   */
  'qom-path'?: string;
  /** list of statistics. */
  stats: Stats[];
}

/**
 * Schema for a single statistic.
 *
 * Since: 7.1
 *
 * QAPI struct `StatsSchemaValue` (stats.json).
 */
export interface StatsSchemaValue {
  /**
   * name of the statistic; each element of the schema is uniquely identified by a target, a
   * provider (both available in `StatsSchema`) and the name.
   */
  name: string;
  /** kind of statistic. */
  type: StatsType;
  /**
   * basic unit of measure for the statistic; if missing, the statistic is a simple number or
   * counter.
   */
  unit?: StatsUnit;
  /**
   * base for the multiple of `unit` in which the statistic is measured.  Only present if
   * `exponent` is non-zero; `base` and `exponent` together form a SI prefix (e.g., _nano-_ for
   * `base=10` and `exponent=-9`) or IEC binary prefix (e.g. _kibi-_ for `base=2` and
   * `exponent=10`)
   */
  base?: number;
  /**
   * exponent for the multiple of `unit` in which the statistic is expressed, or 0 for the basic
   * unit
   */
  exponent: number;
  /**
   * Present when `type` is "linear-histogram", contains the width of each bucket of the histogram.
   */
  'bucket-size'?: number;
}

/**
 * Schema for all available statistics for a provider and target.
 *
 * Since: 7.1
 *
 * QAPI struct `StatsSchema` (stats.json).
 */
export interface StatsSchema {
  /** provider for this set of statistics. */
  provider: StatsProvider;
  /** the kind of object that can be queried through the provider. */
  target: StatsTarget;
  /** list of statistics. */
  stats: StatsSchemaValue[];
}

/**
 * Arguments of the `query-stats-schemas` command.
 *
 * Return the schema for all available runtime-collected statistics.
 */
export interface QueryStatsSchemasArguments {
  /** a provider to restrict the query to. */
  provider?: StatsProvider;
}

// --------------------------------------------------------------------------
// virtio.json: Virtio devices

/**
 * Basic information about a given VirtIODevice
 *
 * Since: 7.2
 *
 * QAPI struct `VirtioInfo` (virtio.json).
 */
export interface VirtioInfo {
  /** The VirtIODevice's canonical QOM path */
  path: string;
  /** Name of the VirtIODevice */
  name: string;
}

/**
 * Information about a vhost device.  This information will only be displayed if the vhost device
 * is active.
 *
 * Since: 7.2
 *
 * QAPI struct `VhostStatus` (virtio.json).
 */
export interface VhostStatus {
  /** vhost_dev n_mem_sections */
  'n-mem-sections': number;
  /** vhost_dev n_tmp_sections */
  'n-tmp-sections': number;
  /** vhost_dev nvqs (number of virtqueues being used) */
  nvqs: number;
  /** vhost_dev vq_index */
  'vq-index': number;
  /** vhost_dev features */
  features: VirtioDeviceFeatures;
  /** vhost_dev acked_features */
  'acked-features': VirtioDeviceFeatures;
  /** vhost_dev backend_features */
  'backend-features': VirtioDeviceFeatures;
  /** vhost_dev protocol_features */
  'protocol-features': VhostDeviceProtocols;
  /** vhost_dev max_queues */
  'max-queues': number;
  /** vhost_dev backend_cap */
  'backend-cap': number;
  /** vhost_dev log_enabled flag */
  'log-enabled': boolean;
  /** vhost_dev log_size */
  'log-size': number;
}

/**
 * Full status of the virtio device with most VirtIODevice members. Also includes the full status
 * of the corresponding vhost device if the vhost device is active.
 *
 * Since: 7.2
 *
 * QAPI struct `VirtioStatus` (virtio.json).
 */
export interface VirtioStatus {
  /** VirtIODevice name */
  name: string;
  /** VirtIODevice ID */
  'device-id': number;
  /** VirtIODevice vhost_started flag */
  'vhost-started': boolean;
  /** VirtIODevice device_endian */
  'device-endian': string;
  /** VirtIODevice guest_features */
  'guest-features': VirtioDeviceFeatures;
  /** VirtIODevice host_features */
  'host-features': VirtioDeviceFeatures;
  /** VirtIODevice backend_features */
  'backend-features': VirtioDeviceFeatures;
  /**
   * VirtIODevice virtqueue count.  This is the number of active virtqueues being used by the
   * VirtIODevice.
   */
  'num-vqs': number;
  /** VirtIODevice configuration status (VirtioDeviceStatus) */
  status: VirtioDeviceStatus;
  /** VirtIODevice ISR */
  isr: number;
  /** VirtIODevice queue_sel */
  'queue-sel': number;
  /** VirtIODevice vm_running flag */
  'vm-running': boolean;
  /** VirtIODevice broken flag */
  broken: boolean;
  /** VirtIODevice disabled flag */
  disabled: boolean;
  /** VirtIODevice use_started flag */
  'use-started': boolean;
  /** VirtIODevice started flag */
  started: boolean;
  /** VirtIODevice start_on_kick flag */
  'start-on-kick': boolean;
  /** VirtIODevice disabled_legacy_check flag */
  'disable-legacy-check': boolean;
  /** VirtIODevice bus_name */
  'bus-name': string;
  /** VirtIODevice use_guest_notifier_mask flag */
  'use-guest-notifier-mask': boolean;
  /**
   * Corresponding vhost device info for a given VirtIODevice.  Present if the given VirtIODevice
   * has an active vhost device.
   */
  'vhost-dev'?: VhostStatus;
}

/**
 * Arguments of the `x-query-virtio-status` command.
 *
 * Poll for a comprehensive status of a given virtio device
 */
export interface XQueryVirtioStatusArguments {
  /** Canonical QOM path of the VirtIODevice */
  path: string;
}

/**
 * A structure defined to list the configuration statuses of a virtio device
 *
 * Since: 7.2
 *
 * QAPI struct `VirtioDeviceStatus` (virtio.json).
 */
export interface VirtioDeviceStatus {
  /** List of decoded configuration statuses of the virtio device */
  statuses: string[];
  /** Virtio device statuses bitmap that have not been decoded */
  'unknown-statuses'?: number;
}

/**
 * A structure defined to list the vhost user protocol features of a Vhost User device
 *
 * Since: 7.2
 *
 * QAPI struct `VhostDeviceProtocols` (virtio.json).
 */
export interface VhostDeviceProtocols {
  /** List of decoded vhost user protocol features of a vhost user device */
  protocols: string[];
  /** Vhost user device protocol features bitmap that have not been decoded */
  'unknown-protocols'?: number;
}

/**
 * The common fields that apply to most Virtio devices.  Some devices may not have their own
 * device-specific features (e.g. virtio-rng).
 *
 * Since: 7.2
 *
 * QAPI struct `VirtioDeviceFeatures` (virtio.json).
 */
export interface VirtioDeviceFeatures {
  /** List of transport features of the virtio device */
  transports: string[];
  /** List of device-specific features (if the device has unique features) */
  'dev-features'?: string[];
  /** Virtio device features bitmap that have not been decoded */
  'unknown-dev-features'?: number;
}

/**
 * Information of a VirtIODevice VirtQueue, including most members of the VirtQueue data structure.
 *
 * Since: 7.2
 *
 * QAPI struct `VirtQueueStatus` (virtio.json).
 */
export interface VirtQueueStatus {
  /** Name of the VirtIODevice that uses this VirtQueue */
  name: string;
  /** VirtQueue queue_index */
  'queue-index': number;
  /** VirtQueue inuse */
  inuse: number;
  /** VirtQueue vring.num */
  'vring-num': number;
  /** VirtQueue vring.num_default */
  'vring-num-default': number;
  /** VirtQueue vring.align */
  'vring-align': number;
  /** VirtQueue vring.desc (descriptor area) */
  'vring-desc': number;
  /** VirtQueue vring.avail (driver area) */
  'vring-avail': number;
  /** VirtQueue vring.used (device area) */
  'vring-used': number;
  /** VirtQueue last_avail_idx or return of vhost_dev vhost_get_vring_base (if vhost active) */
  'last-avail-idx'?: number;
  /** VirtQueue shadow_avail_idx */
  'shadow-avail-idx'?: number;
  /** VirtQueue used_idx */
  'used-idx': number;
  /** VirtQueue signalled_used */
  'signalled-used': number;
  /** VirtQueue signalled_used_valid flag */
  'signalled-used-valid': boolean;
}

/**
 * Arguments of the `x-query-virtio-queue-status` command.
 *
 * Return the status of a given VirtIODevice's VirtQueue
 */
export interface XQueryVirtioQueueStatusArguments {
  /** VirtIODevice canonical QOM path */
  path: string;
  /** VirtQueue index to examine */
  queue: number;
}

/**
 * Information of a vhost device's vhost_virtqueue, including most members of the vhost_dev
 * vhost_virtqueue data structure.
 *
 * Since: 7.2
 *
 * QAPI struct `VirtVhostQueueStatus` (virtio.json).
 */
export interface VirtVhostQueueStatus {
  /** Name of the VirtIODevice that uses this vhost_virtqueue */
  name: string;
  /** vhost_virtqueue kick */
  kick: number;
  /** vhost_virtqueue call */
  call: number;
  /** vhost_virtqueue desc */
  desc: number;
  /** vhost_virtqueue avail */
  avail: number;
  /** vhost_virtqueue used */
  used: number;
  /** vhost_virtqueue num */
  num: number;
  /** vhost_virtqueue desc_phys (descriptor area physical address) */
  'desc-phys': number;
  /** vhost_virtqueue desc_size */
  'desc-size': number;
  /** vhost_virtqueue avail_phys (driver area physical address) */
  'avail-phys': number;
  /** vhost_virtqueue avail_size */
  'avail-size': number;
  /** vhost_virtqueue used_phys (device area physical address) */
  'used-phys': number;
  /** vhost_virtqueue used_size */
  'used-size': number;
}

/**
 * Arguments of the `x-query-virtio-vhost-queue-status` command.
 *
 * Return information of a given vhost device's vhost_virtqueue
 */
export interface XQueryVirtioVhostQueueStatusArguments {
  /** VirtIODevice canonical QOM path */
  path: string;
  /** vhost_virtqueue index to examine */
  queue: number;
}

/**
 * Information regarding the vring descriptor area
 *
 * Since: 7.2
 *
 * QAPI struct `VirtioRingDesc` (virtio.json).
 */
export interface VirtioRingDesc {
  /** Guest physical address of the descriptor area */
  addr: number;
  /** Length of the descriptor area */
  len: number;
  /** List of descriptor flags */
  flags: string[];
}

/**
 * Information regarding the avail vring (a.k.a. driver area)
 *
 * Since: 7.2
 *
 * QAPI struct `VirtioRingAvail` (virtio.json).
 */
export interface VirtioRingAvail {
  /** VRingAvail flags */
  flags: number;
  /** VRingAvail index */
  idx: number;
  /** VRingAvail ring[] entry at provided index */
  ring: number;
}

/**
 * Information regarding the used vring (a.k.a. device area)
 *
 * Since: 7.2
 *
 * QAPI struct `VirtioRingUsed` (virtio.json).
 */
export interface VirtioRingUsed {
  /** VRingUsed flags */
  flags: number;
  /** VRingUsed index */
  idx: number;
}

/**
 * Information regarding a VirtQueue's VirtQueueElement including descriptor, driver, and device
 * areas
 *
 * Since: 7.2
 *
 * QAPI struct `VirtioQueueElement` (virtio.json).
 */
export interface VirtioQueueElement {
  /** Name of the VirtIODevice that uses this VirtQueue */
  name: string;
  /** Index of the element in the queue */
  index: number;
  /** List of descriptors (VirtioRingDesc) */
  descs: VirtioRingDesc[];
  /** VRingAvail info */
  avail: VirtioRingAvail;
  /** VRingUsed info */
  used: VirtioRingUsed;
}

/**
 * Arguments of the `x-query-virtio-queue-element` command.
 *
 * Return the information about a VirtQueue's VirtQueueElement
 */
export interface XQueryVirtioQueueElementArguments {
  /** VirtIODevice canonical QOM path */
  path: string;
  /** VirtQueue index to examine */
  queue: number;
  /** Index of the element in the queue (default: head of the queue) */
  index?: number;
}

/**
 * Describes the subset of virtqueues assigned to an IOThread.
 *
 * Since: 9.0
 *
 * QAPI struct `IOThreadVirtQueueMapping` (virtio.json).
 */
export interface IOThreadVirtQueueMapping {
  /** the id of IOThread object */
  iothread: string;
  /**
   * an optional array of virtqueue indices that will be handled by this IOThread.  When absent,
   * virtqueues are assigned round-robin across all IOThreadVirtQueueMappings provided.  Either all
   * IOThreadVirtQueueMappings must have `vqs` or none of them must have it.
   */
  vqs?: number[];
}

/**
 * Not used by QMP; hack to let us use IOThreadVirtQueueMappingList internally
 *
 * Since: 9.0
 *
 * QAPI struct `DummyVirtioForceArrays` (virtio.json).
 */
export interface DummyVirtioForceArrays {
  'unused-iothread-vq-mapping': IOThreadVirtQueueMapping[];
}

/**
 * `GranuleMode` (enum).
 *
 * Since: 9.0
 *
 * QAPI enum `GranuleMode` (virtio.json).
 */
export type GranuleMode = '4k' | '8k' | '16k' | '64k' | 'host';

/**
 * `VMAppleVirtioBlkVariant` (enum).
 *
 * Since: 9.2
 *
 * QAPI enum `VMAppleVirtioBlkVariant` (virtio.json).
 */
export type VMAppleVirtioBlkVariant = 'unspecified' | 'root' | 'aux';

// --------------------------------------------------------------------------
// vfio.json: VFIO devices

/**
 * An enumeration of the VFIO device migration states.
 *
 * Since: 9.1
 *
 * QAPI enum `QapiVfioMigrationState` (vfio.json).
 */
export type QapiVfioMigrationState =
  | 'stop'
  | 'running'
  | 'stop-copy'
  | 'resuming'
  | 'running-p2p'
  | 'pre-copy'
  | 'pre-copy-p2p';

/**
 * Data of the `VFIO_MIGRATION` event.
 *
 * This event is emitted when a VFIO device migration state is changed.
 */
export interface VfioMigrationEventData {
  /** The device's id, if it has one. */
  'device-id': string;
  /** The device's QOM path. */
  'qom-path': string;
  /** The new changed device migration state. */
  'device-state': QapiVfioMigrationState;
}

// --------------------------------------------------------------------------
// cryptodev.json: Cryptography devices

/**
 * The supported algorithm types of a crypto device.
 *
 * Since: 8.0
 *
 * QAPI enum `QCryptodevBackendAlgoType` (cryptodev.json).
 */
export type QCryptodevBackendAlgoType = 'sym' | 'asym';

/**
 * The supported service types of a crypto device.
 *
 * Since: 8.0
 *
 * QAPI enum `QCryptodevBackendServiceType` (cryptodev.json).
 */
export type QCryptodevBackendServiceType = 'cipher' | 'hash' | 'mac' | 'aead' | 'akcipher';

/**
 * The crypto device backend type
 *
 * Since: 8.0
 *
 * QAPI enum `QCryptodevBackendType` (cryptodev.json).
 */
export type QCryptodevBackendType = 'builtin' | 'vhost-user' | 'lkcf';

/**
 * Information about a queue of crypto device.
 *
 * Since: 8.0
 *
 * QAPI struct `QCryptodevBackendClient` (cryptodev.json).
 */
export interface QCryptodevBackendClient {
  /** the queue index of the crypto device */
  queue: number;
  /** the type of the crypto device */
  type: QCryptodevBackendType;
}

/**
 * Information about a crypto device.
 *
 * Since: 8.0
 *
 * QAPI struct `QCryptodevInfo` (cryptodev.json).
 */
export interface QCryptodevInfo {
  /** the id of the crypto device */
  id: string;
  /** supported service types of a crypto device */
  service: QCryptodevBackendServiceType[];
  /** the additional information of the crypto device */
  client: QCryptodevBackendClient[];
}

// --------------------------------------------------------------------------
// cxl.json: CXL devices

/**
 * CXL has a number of separate event logs for different types of events.  Each such event log is
 * handled and signaled independently.
 *
 * Since: 8.1
 *
 * QAPI enum `CxlEventLog` (cxl.json).
 */
export type CxlEventLog = 'informational' | 'warning' | 'failure' | 'fatal';

/**
 * Arguments of the `cxl-inject-general-media-event` command.
 *
 * Inject an event record for a General Media Event (CXL r3.0 8.2.9.2.1.1).  This event type is
 * reported via one of the event logs specified via the log parameter.
 */
export interface CxlInjectGeneralMediaEventArguments {
  /** CXL type 3 device canonical QOM path */
  path: string;
  /** event log to add the event to */
  log: CxlEventLog;
  /**
   * Event Record Flags.  See CXL r3.0 Table 8-42 Common Event Record Format, Event Record Flags
   * for subfield definitions.
   */
  flags: number;
  /**
   * Device Physical Address (relative to `path` device).  Note lower bits include some flags.  See
   * CXL r3.0 Table 8-43 General Media Event Record, Physical Address.
   */
  dpa: number;
  /**
   * Memory Event Descriptor with additional memory event information.  See CXL r3.0 Table 8-43
   * General Media Event Record, Memory Event Descriptor for bit definitions.
   */
  descriptor: number;
  /**
   * Type of memory event that occurred.  See CXL r3.0 Table 8-43 General Media Event Record,
   * Memory Event Type for possible values.
   */
  type: number;
  /**
   * Type of first transaction that caused the event to occur.  See CXL r3.0 Table 8-43 General
   * Media Event Record, Transaction Type for possible values.
   */
  'transaction-type': number;
  /**
   * The channel of the memory event location.  A channel is an interface that can be independently
   * accessed for a transaction.
   */
  channel?: number;
  /**
   * The rank of the memory event location.  A rank is a set of memory devices on a channel that
   * together execute a transaction.
   */
  rank?: number;
  /**
   * Bitmask that represents all devices in the rank associated with the memory event location.
   */
  device?: number;
  /**
   * Device specific component identifier for the event. May describe a field replaceable
   * sub-component of the device.
   */
  'component-id'?: string;
}

/**
 * Arguments of the `cxl-inject-dram-event` command.
 *
 * Inject an event record for a DRAM Event (CXL r3.0 8.2.9.2.1.2). This event type is reported via
 * one of the event logs specified via the log parameter.
 */
export interface CxlInjectDramEventArguments {
  /** CXL type 3 device canonical QOM path */
  path: string;
  /** Event log to add the event to */
  log: CxlEventLog;
  /**
   * Event Record Flags.  See CXL r3.0 Table 8-42 Common Event Record Format, Event Record Flags
   * for subfield definitions.
   */
  flags: number;
  /**
   * Device Physical Address (relative to `path` device).  Note lower bits include some flags.  See
   * CXL r3.0 Table 8-44 DRAM Event Record, Physical Address.
   */
  dpa: number;
  /**
   * Memory Event Descriptor with additional memory event information.  See CXL r3.0 Table 8-44
   * DRAM Event Record, Memory Event Descriptor for bit definitions.
   */
  descriptor: number;
  /**
   * Type of memory event that occurred.  See CXL r3.0 Table 8-44 DRAM Event Record, Memory Event
   * Type for possible values.
   */
  type: number;
  /**
   * Type of first transaction that caused the event to occur.  See CXL r3.0 Table 8-44 DRAM Event
   * Record, Transaction Type for possible values.
   */
  'transaction-type': number;
  /**
   * The channel of the memory event location.  A channel is an interface that can be independently
   * accessed for a transaction.
   */
  channel?: number;
  /**
   * The rank of the memory event location.  A rank is a set of memory devices on a channel that
   * together execute a transaction.
   */
  rank?: number;
  /** Identifies one or more nibbles that the error affects */
  'nibble-mask'?: number;
  /** Bank group of the memory event location, incorporating a number of Banks. */
  'bank-group'?: number;
  /**
   * Bank of the memory event location.  A single bank is accessed per read or write of the memory.
   */
  bank?: number;
  /** Row address within the DRAM. */
  row?: number;
  /** Column address within the DRAM. */
  column?: number;
  /**
   * Bits within each nibble.  Used in order of bits set in the nibble-mask.  Up to 4 nibbles may
   * be covered.
   */
  'correction-mask'?: number[];
}

/**
 * Arguments of the `cxl-inject-memory-module-event` command.
 *
 * Inject an event record for a Memory Module Event (CXL r3.0 8.2.9.2.1.3).  This event includes a
 * copy of the Device Health info at the time of the event.
 */
export interface CxlInjectMemoryModuleEventArguments {
  /** CXL type 3 device canonical QOM path */
  path: string;
  /** Event Log to add the event to */
  log: CxlEventLog;
  /**
   * Event Record Flags.  See CXL r3.0 Table 8-42 Common Event Record Format, Event Record Flags
   * for subfield definitions.
   */
  flags: number;
  /**
   * Device Event Type.  See CXL r3.0 Table 8-45 Memory Module Event Record for bit definitions for
   * bit definiions.
   */
  type: number;
  /**
   * Overall health summary bitmap.  See CXL r3.0 Table 8-100 Get Health Info Output Payload,
   * Health Status for bit definitions.
   */
  'health-status': number;
  /**
   * Overall media health summary.  See CXL r3.0 Table 8-100 Get Health Info Output Payload, Media
   * Status for bit definitions.
   */
  'media-status': number;
  /**
   * See CXL r3.0 Table 8-100 Get Health Info Output Payload, Additional Status for subfield
   * definitions.
   */
  'additional-status': number;
  /** Percentage (0-100) of factory expected life span. */
  'life-used': number;
  /** Device temperature in degrees Celsius. */
  temperature: number;
  /**
   * Number of times the device has been unable to determine whether data loss may have occurred.
   */
  'dirty-shutdown-count': number;
  /** Total number of correctable errors in volatile memory. */
  'corrected-volatile-error-count': number;
  /** Total number of correctable errors in persistent memory */
  'corrected-persistent-error-count': number;
}

/**
 * Arguments of the `cxl-inject-poison` command.
 *
 * Poison records indicate that a CXL memory device knows that a particular memory region may be
 * corrupted.  This may be because of locally detected errors (e.g. ECC failure) or poisoned writes
 * received from other components in the system.  This injection mechanism enables testing of the
 * OS handling of poison records which may be queried via the CXL mailbox.
 */
export interface CxlInjectPoisonArguments {
  /** CXL type 3 device canonical QOM path */
  path: string;
  /** Start address; must be 64 byte aligned. */
  start: number;
  /** Length of poison to inject; must be a multiple of 64 bytes. */
  length: number;
}

/**
 * Type of uncorrectable CXL error to inject.  These errors are reported via an AER uncorrectable
 * internal error with additional information logged at the CXL device.
 *
 * Since: 8.0
 *
 * QAPI enum `CxlUncorErrorType` (cxl.json).
 */
export type CxlUncorErrorType =
  | 'cache-data-parity'
  | 'cache-address-parity'
  | 'cache-be-parity'
  | 'cache-data-ecc'
  | 'mem-data-parity'
  | 'mem-address-parity'
  | 'mem-be-parity'
  | 'mem-data-ecc'
  | 'reinit-threshold'
  | 'rsvd-encoding'
  | 'poison-received'
  | 'receiver-overflow'
  | 'internal'
  | 'cxl-ide-tx'
  | 'cxl-ide-rx';

/**
 * Record of a single error including header log.
 *
 * Since: 8.0
 *
 * QAPI struct `CXLUncorErrorRecord` (cxl.json).
 */
export interface CXLUncorErrorRecord {
  /** Type of error */
  type: CxlUncorErrorType;
  /** 16 DWORD of header. */
  header: number[];
}

/**
 * Arguments of the `cxl-inject-uncorrectable-errors` command.
 *
 * Command to allow injection of multiple errors in one go.  This allows testing of multiple header
 * log handling in the OS.
 */
export interface CxlInjectUncorrectableErrorsArguments {
  /** CXL Type 3 device canonical QOM path */
  path: string;
  /** Errors to inject */
  errors: CXLUncorErrorRecord[];
}

/**
 * Type of CXL correctable error to inject
 *
 * Since: 8.0
 *
 * QAPI enum `CxlCorErrorType` (cxl.json).
 */
export type CxlCorErrorType =
  | 'cache-data-ecc'
  | 'mem-data-ecc'
  | 'crc-threshold'
  | 'retry-threshold'
  | 'cache-poison-received'
  | 'mem-poison-received'
  | 'physical';

/**
 * Arguments of the `cxl-inject-correctable-error` command.
 *
 * Command to inject a single correctable error.  Multiple error injection of this error type is
 * not interesting as there is no associated header log.  These errors are reported via AER as a
 * correctable internal error, with additional detail available from the CXL device.
 */
export interface CxlInjectCorrectableErrorArguments {
  /** CXL Type 3 device canonical QOM path */
  path: string;
  /** Type of error. */
  type: CxlCorErrorType;
}

/**
 * A single dynamic capacity extent.  This is a contiguous allocation of memory by Device Physical
 * Address within a single Dynamic Capacity Region on a CXL Type 3 Device.
 *
 * Since: 9.1
 *
 * QAPI struct `CxlDynamicCapacityExtent` (cxl.json).
 */
export interface CxlDynamicCapacityExtent {
  /** The offset (in bytes) to the start of the region where the extent belongs to. */
  offset: number;
  /** The length of the extent in bytes. */
  len: number;
}

/**
 * The policy to use for selecting which extents comprise the added capacity, as defined in Compute
 * Express Link (CXL) Specification, Revision 3.1, Table 7-70.
 *
 * Since: 9.1
 *
 * QAPI enum `CxlExtentSelectionPolicy` (cxl.json).
 */
export type CxlExtentSelectionPolicy = 'free' | 'contiguous' | 'prescriptive' | 'enable-shared-access';

/**
 * Arguments of the `cxl-add-dynamic-capacity` command.
 *
 * Initiate adding dynamic capacity extents to a host.  This simulates operations defined in
 * Compute Express Link (CXL) Specification, Revision 3.1, Section 7.6.7.6.5.  Note that,
 * currently, establishing success or failure of the full Add Dynamic Capacity flow requires out of
 * band communication with the OS of the CXL host.
 */
export interface CxlAddDynamicCapacityArguments {
  /** path to the CXL Dynamic Capacity Device in the QOM tree. */
  path: string;
  /**
   * The "Host ID" field as defined in Compute Express Link (CXL) Specification, Revision 3.1,
   * Table 7-70.
   */
  'host-id': number;
  /**
   * The "Selection Policy" bits as defined in Compute Express Link (CXL) Specification, Revision
   * 3.1, Table 7-70.  It specifies the policy to use for selecting which extents comprise the
   * added capacity.
   */
  'selection-policy': CxlExtentSelectionPolicy;
  /**
   * The "Region Number" field as defined in Compute Express Link (CXL) Specification, Revision
   * 3.1, Table 7-70.  Valid range is from 0-7.
   */
  region: number;
  /**
   * The "Tag" field as defined in Compute Express Link (CXL) Specification, Revision 3.1, Table
   * 7-70.
   */
  tag?: string;
  /**
   * The "Extent List" field as defined in Compute Express Link (CXL) Specification, Revision 3.1,
   * Table 7-70.
   */
  extents: CxlDynamicCapacityExtent[];
}

/**
 * The policy to use for selecting which extents comprise the released capacity, defined in the
 * "Flags" field in Compute Express Link (CXL) Specification, Revision 3.1, Table 7-71.
 *
 * Since: 9.1
 *
 * QAPI enum `CxlExtentRemovalPolicy` (cxl.json).
 */
export type CxlExtentRemovalPolicy = 'tag-based' | 'prescriptive';

/**
 * Arguments of the `cxl-release-dynamic-capacity` command.
 *
 * Initiate release of dynamic capacity extents from a host.  This simulates operations defined in
 * Compute Express Link (CXL) Specification, Revision 3.1, Section 7.6.7.6.6.  Note that,
 * currently, success or failure of the full Release Dynamic Capacity flow requires out of band
 * communication with the OS of the CXL host.
 */
export interface CxlReleaseDynamicCapacityArguments {
  /** path to the CXL Dynamic Capacity Device in the QOM tree. */
  path: string;
  /**
   * The "Host ID" field as defined in Compute Express Link (CXL) Specification, Revision 3.1,
   * Table 7-71.
   */
  'host-id': number;
  /**
   * Bit[3:0] of the "Flags" field as defined in Compute Express Link (CXL) Specification, Revision
   * 3.1, Table 7-71.
   */
  'removal-policy': CxlExtentRemovalPolicy;
  /**
   * Bit[4] of the "Flags" field in Compute Express Link (CXL) Specification, Revision 3.1, Table
   * 7-71.  When set, the device does not wait for a Release Dynamic Capacity command from the
   * host.  Instead, the host immediately looses access to the released capacity.
   */
  'forced-removal'?: boolean;
  /**
   * Bit[5] of the "Flags" field in Compute Express Link (CXL) Specification, Revision 3.1, Table
   * 7-71.  When set, the device should sanitize all released capacity as a result of this request.
   * This ensures that all user data and metadata is made permanently unavailable by whatever means
   * is appropriate for the media type.  Note that changing encryption keys is not sufficient.
   */
  'sanitize-on-release'?: boolean;
  /**
   * The "Region Number" field as defined in Compute Express Link Specification, Revision 3.1,
   * Table 7-71.  Valid range is from 0-7.
   */
  region: number;
  /**
   * The "Tag" field as defined in Compute Express Link (CXL) Specification, Revision 3.1, Table
   * 7-71.
   */
  tag?: string;
  /**
   * The "Extent List" field as defined in Compute Express Link (CXL) Specification, Revision 3.1,
   * Table 7-71.
   */
  extents: CxlDynamicCapacityExtent[];
}

// --------------------------------------------------------------------------
// uefi.json: UEFI Variable Store

/**
 * UEFI Variable.  Check the UEFI specifification for more detailed information on the fields.
 *
 * Since: 10.0
 *
 * QAPI struct `UefiVariable` (uefi.json).
 */
export interface UefiVariable {
  /** variable namespace GUID */
  guid: string;
  /** variable name, in UTF-8 encoding. */
  name: string;
  /** variable attributes. */
  attr: number;
  /** variable value, encoded as hex string. */
  data: string;
  /**
   * variable modification time.  EFI_TIME struct, encoded as hex string.  Used only for
   * authenticated variables, where the EFI_VARIABLE_TIME_BASED_AUTHENTICATED_WRITE_ACCESS
   * attribute bit is set.
   */
  time?: string;
  /**
   * variable certificate digest.  Used to verify the signature of updates for authenticated
   * variables.  UEFI has two kinds of authenticated variables.  The secure boot variables ('PK',
   * 'KEK', 'db' and 'dbx') have hard coded signature checking rules. For other authenticated
   * variables the firmware stores a digest of the signing certificate at variable creation time,
   * and any updates must be signed with the same certificate.
   */
  digest?: string;
}

/**
 * `UefiVarStore` (struct).
 *
 * Since: 10.0
 *
 * QAPI struct `UefiVarStore` (uefi.json).
 */
export interface UefiVarStore {
  /** currently always 2 */
  version: number;
  /** list of UEFI variables */
  variables: UefiVariable[];
}

// --------------------------------------------------------------------------
// Command and event maps

/**
 * Every QMP command by wire name: `args` is the `arguments` object (`void` when the command takes
 * none), `returns` the `return` value.
 *
 * Boxed commands take their (union) type as the whole arguments object.
 */
export interface QmpCommands {
  /** Query the run status of the VM */
  'query-status': { args: void; returns: StatusInfo };
  /** Set watchdog action. */
  'watchdog-set-action': { args: WatchdogSetActionArguments; returns: Record<string, never> };
  /** Set the actions that will be taken by the emulator in response to guest events. */
  'set-action': { args: SetActionArguments; returns: Record<string, never> };
  /** Pause an active job. */
  'job-pause': { args: JobPauseArguments; returns: Record<string, never> };
  /** Resume a paused job. */
  'job-resume': { args: JobResumeArguments; returns: Record<string, never> };
  /**
   * Instruct an active background job to cancel at the next opportunity. This command returns
   * immediately after marking the active job for cancellation.
   */
  'job-cancel': { args: JobCancelArguments; returns: Record<string, never> };
  /** Manually trigger completion of an active job in the READY state. */
  'job-complete': { args: JobCompleteArguments; returns: Record<string, never> };
  /**
   * Deletes a job that is in the CONCLUDED state.  This command only needs to be run explicitly
   * for jobs that don't have automatic dismiss enabled.
   */
  'job-dismiss': { args: JobDismissArguments; returns: Record<string, never> };
  /**
   * Instructs all jobs in a transaction (or a single job if it is not part of any transaction) to
   * finalize any graph changes and do any necessary cleanup.  This command requires that all
   * involved jobs are in the PENDING state.
   */
  'job-finalize': { args: JobFinalizeArguments; returns: Record<string, never> };
  /** Return information about jobs. */
  'query-jobs': { args: void; returns: JobInfo[] };
  /** Get a list of BlockInfo for all virtual block devices. */
  'query-block': { args: void; returns: BlockInfo[] };
  /** Query the `BlockStats` for all virtual block devices. */
  'query-blockstats': { args: QueryBlockstatsArguments; returns: BlockStats[] };
  /** Return information about long-running block device operations. */
  'query-block-jobs': { args: void; returns: BlockJobInfo[] };
  /** Resize a block image while a guest is running. */
  'block_resize': { args: BlockResizeArguments; returns: Record<string, never> };
  /** Takes a synchronous snapshot of a block device. */
  'blockdev-snapshot-sync': { args: BlockdevSnapshotSync; returns: Record<string, never> };
  /**
   * Takes a snapshot of a block device.
   *
   * Feature `allow-write-only-overlay`. If present, the check whether this operation is safe was
   * relaxed so that it can be used to change backing file of a destination of a blockdev-mirror. 
   * (since 5.0)
   */
  'blockdev-snapshot': { args: BlockdevSnapshot; returns: Record<string, never> };
  /**
   * Change the backing file in the image file metadata.  This does not cause QEMU to reopen the
   * image file to reparse the backing filename (it may, however, perform a reopen to change
   * permissions from r/o -> r/w -> r/o, if needed).  The new backing file string is written into
   * the image file metadata, and the QEMU internal strings are updated.
   */
  'change-backing-file': { args: ChangeBackingFileArguments; returns: Record<string, never> };
  /**
   * Live commit of data from overlay image nodes into backing nodes - i.e., writes data between
   * 'top' and 'base' into 'base'.
   */
  'block-commit': { args: BlockCommitArguments; returns: Record<string, never> };
  /**
   * Start a point-in-time copy of a block device to a new destination. The status of ongoing
   * drive-backup operations can be checked with query-block-jobs where the BlockJobInfo.type field
   * has the value 'backup'.  The operation can be stopped before it has completed using the
   * block-job-cancel command.
   *
   * @deprecated This command is deprecated.  Use `blockdev-backup` instead.
   */
  'drive-backup': { args: DriveBackup; returns: Record<string, never> };
  /**
   * Start a point-in-time copy of a block device to a new destination. The status of ongoing
   * blockdev-backup operations can be checked with query-block-jobs where the BlockJobInfo.type
   * field has the value 'backup'.  The operation can be stopped before it has completed using the
   * block-job-cancel command.
   */
  'blockdev-backup': { args: BlockdevBackup; returns: Record<string, never> };
  /** Get the named block driver list */
  'query-named-block-nodes': { args: QueryNamedBlockNodesArguments; returns: BlockDeviceInfo[] };
  /**
   * Get the block graph.
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-debug-query-block-graph': { args: void; returns: XDbgBlockGraph };
  /**
   * Start mirroring a block device's writes to a new destination. target specifies the target of
   * the new image.  If the file exists, or if it is a device, it will be used as the new
   * destination for writes.  If it does not exist, a new file will be created.  `format` specifies
   * the format of the mirror image, default is to probe if mode='existing', else the format of the
   * source.
   */
  'drive-mirror': { args: DriveMirror; returns: Record<string, never> };
  /** Create a dirty bitmap with a name on the node, and start tracking the writes. */
  'block-dirty-bitmap-add': { args: BlockDirtyBitmapAdd; returns: Record<string, never> };
  /**
   * Stop write tracking and remove the dirty bitmap that was created with block-dirty-bitmap-add. 
   * If the bitmap is persistent, remove it from its storage too.
   */
  'block-dirty-bitmap-remove': { args: BlockDirtyBitmap; returns: Record<string, never> };
  /**
   * Clear (reset) a dirty bitmap on the device, so that an incremental backup from this point in
   * time forward will only backup clusters modified after this clear operation.
   */
  'block-dirty-bitmap-clear': { args: BlockDirtyBitmap; returns: Record<string, never> };
  /** Enables a dirty bitmap so that it will begin tracking disk changes. */
  'block-dirty-bitmap-enable': { args: BlockDirtyBitmap; returns: Record<string, never> };
  /** Disables a dirty bitmap so that it will stop tracking disk changes. */
  'block-dirty-bitmap-disable': { args: BlockDirtyBitmap; returns: Record<string, never> };
  /**
   * Merge dirty bitmaps listed in `bitmaps` to the `target` dirty bitmap. Dirty bitmaps in
   * `bitmaps` will be unchanged, except if it also appears as the `target` bitmap.  Any bits
   * already set in `target` will still be set after the merge, i.e., this operation does not clear
   * the target.  On error, `target` is unchanged.
   */
  'block-dirty-bitmap-merge': { args: BlockDirtyBitmapMerge; returns: Record<string, never> };
  /**
   * Get bitmap SHA256.
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-debug-block-dirty-bitmap-sha256': { args: BlockDirtyBitmap; returns: BlockDirtyBitmapSha256 };
  /** Start mirroring a block device's writes to a new destination. */
  'blockdev-mirror': { args: BlockdevMirrorArguments; returns: Record<string, never> };
  /** Copy data from a backing file into a block device. */
  'block-stream': { args: BlockStreamArguments; returns: Record<string, never> };
  /** Set maximum speed for a background block operation. */
  'block-job-set-speed': { args: BlockJobSetSpeedArguments; returns: Record<string, never> };
  /** Stop an active background block operation. */
  'block-job-cancel': { args: BlockJobCancelArguments; returns: Record<string, never> };
  /** Pause an active background block operation. */
  'block-job-pause': { args: BlockJobPauseArguments; returns: Record<string, never> };
  /** Resume an active background block operation. */
  'block-job-resume': { args: BlockJobResumeArguments; returns: Record<string, never> };
  /**
   * Manually trigger completion of an active background block operation. This is supported for
   * drive mirroring, where it also switches the device to write to the target path only.  The
   * ability to complete is signaled with a BLOCK_JOB_READY event.
   */
  'block-job-complete': { args: BlockJobCompleteArguments; returns: Record<string, never> };
  /**
   * For jobs that have already concluded, remove them from the block-job-query list.  This command
   * only needs to be run for jobs which were started with QEMU 2.12+ job lifetime management
   * semantics.
   */
  'block-job-dismiss': { args: BlockJobDismissArguments; returns: Record<string, never> };
  /**
   * Once a job that has manual=true reaches the pending state, it can be instructed to finalize
   * any graph changes and do any necessary cleanup via this command.  For jobs in a transaction,
   * instructing one job to finalize will force ALL jobs in the transaction to finalize, so it is
   * only necessary to instruct a single member job to finalize.
   */
  'block-job-finalize': { args: BlockJobFinalizeArguments; returns: Record<string, never> };
  /** Change the block job's options. */
  'block-job-change': { args: BlockJobChangeOptions; returns: Record<string, never> };
  /** Creates a new block device. */
  'blockdev-add': { args: BlockdevOptions; returns: Record<string, never> };
  /**
   * Reopens one or more block devices using the given set of options. Any option not specified
   * will be reset to its default value regardless of its previous status.  If an option cannot be
   * changed or a particular driver does not support reopening then the command will return an
   * error.  All devices in the list are reopened in one transaction, so if one of them fails then
   * the whole transaction is cancelled.
   */
  'blockdev-reopen': { args: BlockdevReopenArguments; returns: Record<string, never> };
  /**
   * Deletes a block device that has been added using blockdev-add.  The command will fail if the
   * node is attached to a device or is otherwise being used.
   */
  'blockdev-del': { args: BlockdevDelArguments; returns: Record<string, never> };
  /**
   * Activate or inactivate a block device. Use this to manage the handover of block devices on
   * migration with qemu-storage-daemon.
   */
  'blockdev-set-active': { args: BlockdevSetActiveArguments; returns: Record<string, never> };
  /**
   * Starts a job to create an image format on a given node.  The job is automatically finalized,
   * but a manual job-dismiss is required.
   */
  'blockdev-create': { args: BlockdevCreateArguments; returns: Record<string, never> };
  /**
   * Starts a job to amend format specific options of an existing open block device The job is
   * automatically finalized, but a manual job-dismiss is required.
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * experimental.
   */
  'x-blockdev-amend': { args: XBlockdevAmendArguments; returns: Record<string, never> };
  /**
   * Change the write threshold for a block drive.  An event will be delivered if a write to this
   * block drive crosses the configured threshold.  The threshold is an offset, thus must be
   * non-negative. Default is no write threshold.  Setting the threshold to zero disables it.
   */
  'block-set-write-threshold': { args: BlockSetWriteThresholdArguments; returns: Record<string, never> };
  /**
   * Dynamically reconfigure the block driver state graph.
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * experimental.
   */
  'x-blockdev-change': { args: XBlockdevChangeArguments; returns: Record<string, never> };
  /**
   * Move `node` and its children into the `iothread`.  If `iothread` is null then move `node` and
   * its children into the main loop.
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * experimental and intended for test cases that need control over IOThreads only.
   */
  'x-blockdev-set-iothread': { args: XBlockdevSetIothreadArguments; returns: Record<string, never> };
  /**
   * Synchronously take an internal snapshot of a block device, when the format of the image used
   * supports it.  If the name is an empty string, or a snapshot with name already exists, the
   * operation will fail.
   */
  'blockdev-snapshot-internal-sync': { args: BlockdevSnapshotInternal; returns: Record<string, never> };
  /**
   * Synchronously delete an internal snapshot of a block device, when the format of the image used
   * support it.  The snapshot is identified by name or id or both.  One of the name or id is
   * required.  Return SnapshotInfo for the successfully deleted snapshot.
   */
  'blockdev-snapshot-delete-internal-sync': { args: BlockdevSnapshotDeleteInternalSyncArguments; returns: SnapshotInfo };
  /** Returns a list of information about each persistent reservation manager. */
  'query-pr-managers': { args: void; returns: PRManagerInfo[] };
  /** Ejects the medium from a removable drive. */
  'eject': { args: EjectArguments; returns: Record<string, never> };
  /**
   * Opens a block device's tray.  If there is a block driver state tree inserted as a medium, it
   * will become inaccessible to the guest (but it will remain associated to the block device, so
   * closing the tray will make it accessible again).
   */
  'blockdev-open-tray': { args: BlockdevOpenTrayArguments; returns: Record<string, never> };
  /**
   * Closes a block device's tray.  If there is a block driver state tree associated with the block
   * device (which is currently ejected), that tree will be loaded as the medium.
   */
  'blockdev-close-tray': { args: BlockdevCloseTrayArguments; returns: Record<string, never> };
  /**
   * Removes a medium (a block driver state tree) from a block device. That block device's tray
   * must currently be open (unless there is no attached guest device).
   */
  'blockdev-remove-medium': { args: BlockdevRemoveMediumArguments; returns: Record<string, never> };
  /**
   * Inserts a medium (a block driver state tree) into a block device. That block device's tray
   * must currently be open (unless there is no attached guest device) and there must be no medium
   * inserted already.
   */
  'blockdev-insert-medium': { args: BlockdevInsertMediumArguments; returns: Record<string, never> };
  /**
   * Changes the medium inserted into a block device by ejecting the current medium and loading a
   * new image file which is inserted as the new medium (this command combines blockdev-open-tray,
   * blockdev-remove-medium, blockdev-insert-medium and blockdev-close-tray).
   */
  'blockdev-change-medium': { args: BlockdevChangeMediumArguments; returns: Record<string, never> };
  /** Change I/O throttle limits for a block drive. */
  'block_set_io_throttle': { args: BlockIOThrottle; returns: Record<string, never> };
  /** Manage read, write and flush latency histograms for the device. */
  'block-latency-histogram-set': { args: BlockLatencyHistogramSetArguments; returns: Record<string, never> };
  /**
   * Start an NBD server listening on the given host and port.  Block devices can then be exported
   * using `nbd-server-add`.  The NBD server will present them as named exports; for example,
   * another QEMU instance could refer to them as "nbd:HOST:PORT:exportname=NAME".
   */
  'nbd-server-start': { args: NbdServerOptionsLegacy; returns: Record<string, never> };
  /**
   * Export a block node to QEMU's embedded NBD server.
   *
   * @deprecated This command is deprecated.  Use `block-export-add` instead.
   */
  'nbd-server-add': { args: NbdServerAddOptions; returns: Record<string, never> };
  /**
   * Remove NBD export by name.
   *
   * @deprecated This command is deprecated.  Use `block-export-del` instead.
   */
  'nbd-server-remove': { args: NbdServerRemoveArguments; returns: Record<string, never> };
  /**
   * Stop QEMU's embedded NBD server, and unregister all devices previously added via
   * `nbd-server-add`.
   */
  'nbd-server-stop': { args: void; returns: Record<string, never> };
  /** Creates a new block export. */
  'block-export-add': { args: BlockExportOptions; returns: Record<string, never> };
  /**
   * Request to remove a block export.  This drops the user's reference to the export, but the
   * export may still stay around after this command returns until the shutdown of the export has
   * completed.
   */
  'block-export-del': { args: BlockExportDelArguments; returns: Record<string, never> };
  'query-block-exports': { args: void; returns: BlockExportInfo[] };
  /** Returns information about current character devices. */
  'query-chardev': { args: void; returns: ChardevInfo[] };
  /** Returns information about character device backends. */
  'query-chardev-backends': { args: void; returns: ChardevBackendInfo[] };
  /** Write to a ring buffer character device. */
  'ringbuf-write': { args: RingbufWriteArguments; returns: Record<string, never> };
  /** Read from a ring buffer character device. */
  'ringbuf-read': { args: RingbufReadArguments; returns: string };
  /** Add a character device backend */
  'chardev-add': { args: ChardevAddArguments; returns: ChardevReturn };
  /** Change a character device backend */
  'chardev-change': { args: ChardevChangeArguments; returns: ChardevReturn };
  /** Remove a character device backend */
  'chardev-remove': { args: ChardevRemoveArguments; returns: Record<string, never> };
  /** Send a break to a character device */
  'chardev-send-break': { args: ChardevSendBreakArguments; returns: Record<string, never> };
  /**
   * Dump guest's memory to vmcore.  It is a synchronous operation that can take very long
   * depending on the amount of guest memory.
   */
  'dump-guest-memory': { args: DumpGuestMemoryArguments; returns: Record<string, never> };
  /** Query latest dump status. */
  'query-dump': { args: void; returns: DumpQueryResult };
  /** Returns the available formats for dump-guest-memory */
  'query-dump-guest-memory-capability': { args: void; returns: DumpGuestMemoryCapability };
  /** Sets the link status of a virtual network adapter. */
  'set_link': { args: SetLinkArguments; returns: Record<string, never> };
  /** Add a network backend. */
  'netdev_add': { args: Netdev; returns: Record<string, never> };
  /** Remove a network backend. */
  'netdev_del': { args: NetdevDelArguments; returns: Record<string, never> };
  /** Return rx-filter information for all NICs (or for the given NIC). */
  'query-rx-filter': { args: QueryRxFilterArguments; returns: RxFilterInfo[] };
  /**
   * Trigger generation of broadcast RARP frames to update network switches.  This can be useful
   * when network bonds fail-over the active slave.
   */
  'announce-self': { args: AnnounceParameters; returns: Record<string, never> };
  /**
   * Retrieve an eBPF object that can be loaded with libbpf.  Management applications (e.g.
   * libvirt) may load it and pass file descriptors to QEMU, so they can run running QEMU without
   * BPF capabilities.
   *
   * Only present when the QEMU build has `CONFIG_EBPF`.
   */
  'request-ebpf': { args: RequestEbpfArguments; returns: EbpfObject };
  /** Return rocker switch information. */
  'query-rocker': { args: QueryRockerArguments; returns: RockerSwitch };
  /** Return rocker switch port information. */
  'query-rocker-ports': { args: QueryRockerPortsArguments; returns: RockerPort[] };
  /** Return rocker OF-DPA flow information. */
  'query-rocker-of-dpa-flows': { args: QueryRockerOfDpaFlowsArguments; returns: RockerOfDpaFlow[] };
  /** Return rocker OF-DPA group information. */
  'query-rocker-of-dpa-groups': { args: QueryRockerOfDpaGroupsArguments; returns: RockerOfDpaGroup[] };
  /**
   * Return a list of supported TPM models
   *
   * Only present when the QEMU build has `CONFIG_TPM`.
   */
  'query-tpm-models': { args: void; returns: TpmModel[] };
  /**
   * Return a list of supported TPM types
   *
   * Only present when the QEMU build has `CONFIG_TPM`.
   */
  'query-tpm-types': { args: void; returns: TpmType[] };
  /**
   * Return information about the TPM device
   *
   * Only present when the QEMU build has `CONFIG_TPM`.
   */
  'query-tpm': { args: void; returns: TPMInfo[] };
  /** Set the password of a remote display server. */
  'set_password': { args: SetPasswordOptions; returns: Record<string, never> };
  /** Expire the password of a remote display server. */
  'expire_password': { args: ExpirePasswordOptions; returns: Record<string, never> };
  /**
   * Capture the contents of a screen and write it to a file.
   *
   * Only present when the QEMU build has `CONFIG_PIXMAN`.
   */
  'screendump': { args: ScreendumpArguments; returns: Record<string, never> };
  /**
   * Returns information about the current SPICE server
   *
   * Only present when the QEMU build has `CONFIG_SPICE`.
   */
  'query-spice': { args: void; returns: SpiceInfo };
  /**
   * Returns information about the current VNC server
   *
   * Only present when the QEMU build has `CONFIG_VNC`.
   */
  'query-vnc': { args: void; returns: VncInfo };
  /**
   * Returns a list of vnc servers.  The list can be empty.
   *
   * Only present when the QEMU build has `CONFIG_VNC`.
   */
  'query-vnc-servers': { args: void; returns: VncInfo2[] };
  /**
   * Change the VNC server password.
   *
   * Only present when the QEMU build has `CONFIG_VNC`.
   */
  'change-vnc-password': { args: ChangeVncPasswordArguments; returns: Record<string, never> };
  /** Returns information about each active mouse device */
  'query-mice': { args: void; returns: MouseInfo[] };
  /** Send keys to guest. */
  'send-key': { args: SendKeyArguments; returns: Record<string, never> };
  /** Send input event(s) to guest. */
  'input-send-event': { args: InputSendEventArguments; returns: Record<string, never> };
  /** Returns information about display configuration */
  'query-display-options': { args: void; returns: DisplayOptions };
  /** Reload display configuration. */
  'display-reload': { args: DisplayReloadOptions; returns: Record<string, never> };
  /** Update display configuration. */
  'display-update': { args: DisplayUpdateOptions; returns: Record<string, never> };
  /**
   * Set migration information for remote display.  This makes the server ask the client to
   * automatically reconnect using the new parameters once migration finished successfully.  Only
   * implemented for SPICE.
   */
  'client_migrate_info': { args: ClientMigrateInfoArguments; returns: Record<string, never> };
  /**
   * Returns information about current migration process.  If migration is active there will be
   * another json-object with RAM migration status.
   */
  'query-migrate': { args: void; returns: MigrationInfo };
  /** Enable/Disable the following migration capabilities (like xbzrle) */
  'migrate-set-capabilities': { args: MigrateSetCapabilitiesArguments; returns: Record<string, never> };
  /** Returns information about the current migration capabilities status */
  'query-migrate-capabilities': { args: void; returns: MigrationCapabilityStatus[] };
  /** Set various migration parameters. */
  'migrate-set-parameters': { args: MigrateSetParameters; returns: Record<string, never> };
  /** Returns information about the current migration parameters */
  'query-migrate-parameters': { args: void; returns: MigrationParameters };
  /**
   * Followup to a migration command to switch the migration to postcopy mode.  The postcopy-ram
   * capability must be set on both source and destination before the original migration command.
   */
  'migrate-start-postcopy': { args: void; returns: Record<string, never> };
  /**
   * Tell qemu that heartbeat is lost, request it to do takeover procedures.  If this command is
   * sent to the PVM, the Primary side will exit COLO mode.  If sent to the Secondary, the
   * Secondary side will run failover work, then takes over server operation to become the service
   * VM.
   *
   * Only present when the QEMU build has `CONFIG_REPLICATION`.
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * experimental.
   */
  'x-colo-lost-heartbeat': { args: void; returns: Record<string, never> };
  /**
   * Cancel the currently executing migration process.  Allows a new migration to be started right
   * after.  When postcopy-ram is in use, cancelling is not allowed after the postcopy phase has
   * started.
   */
  'migrate_cancel': { args: void; returns: Record<string, never> };
  /** Continue migration when it's in a paused state. */
  'migrate-continue': { args: MigrateContinueArguments; returns: Record<string, never> };
  /** Migrates the current running guest to another Virtual Machine. */
  'migrate': { args: MigrateArguments; returns: Record<string, never> };
  /** Start an incoming migration, the qemu must have been started with -incoming defer */
  'migrate-incoming': { args: MigrateIncomingArguments; returns: Record<string, never> };
  /**
   * Save the state of all devices to file.  The RAM and the block devices of the VM are not saved
   * by this command.
   */
  'xen-save-devices-state': { args: XenSaveDevicesStateArguments; returns: Record<string, never> };
  /** Enable or disable the global dirty log mode. */
  'xen-set-global-dirty-log': { args: XenSetGlobalDirtyLogArguments; returns: Record<string, never> };
  /**
   * Load the state of all devices from file.  The RAM and the block devices of the VM are not
   * loaded by this command.
   */
  'xen-load-devices-state': { args: XenLoadDevicesStateArguments; returns: Record<string, never> };
  /**
   * Enable or disable replication.
   *
   * Only present when the QEMU build has `CONFIG_REPLICATION`.
   */
  'xen-set-replication': { args: XenSetReplicationArguments; returns: Record<string, never> };
  /**
   * Query replication status while the vm is running.
   *
   * Only present when the QEMU build has `CONFIG_REPLICATION`.
   */
  'query-xen-replication-status': { args: void; returns: ReplicationStatus };
  /**
   * Xen uses this command to notify replication to trigger a checkpoint.
   *
   * Only present when the QEMU build has `CONFIG_REPLICATION`.
   */
  'xen-colo-do-checkpoint': { args: void; returns: Record<string, never> };
  /**
   * Query COLO status while the vm is running.
   *
   * Only present when the QEMU build has `CONFIG_REPLICATION`.
   */
  'query-colo-status': { args: void; returns: COLOStatus };
  /** Provide a recovery migration stream URI. */
  'migrate-recover': { args: MigrateRecoverArguments; returns: Record<string, never> };
  /** Pause a migration.  Currently it only supports postcopy. */
  'migrate-pause': { args: void; returns: Record<string, never> };
  /**
   * Start measuring dirty page rate of the VM.  Results can be retrieved with `query-dirty-rate`
   * after measurements are completed.
   */
  'calc-dirty-rate': { args: CalcDirtyRateArguments; returns: Record<string, never> };
  /** Query results of the most recent invocation of `calc-dirty-rate`. */
  'query-dirty-rate': { args: QueryDirtyRateArguments; returns: DirtyRateInfo };
  /** Set the upper limit of dirty page rate for virtual CPUs. */
  'set-vcpu-dirty-limit': { args: SetVcpuDirtyLimitArguments; returns: Record<string, never> };
  /** Cancel the upper limit of dirty page rate for virtual CPUs. */
  'cancel-vcpu-dirty-limit': { args: CancelVcpuDirtyLimitArguments; returns: Record<string, never> };
  /** Returns information about virtual CPU dirty page rate limits, if any. */
  'query-vcpu-dirty-limit': { args: void; returns: DirtyLimitInfo[] };
  /**
   * Returns information of migration threads
   *
   * @deprecated This command is deprecated with no replacement yet.
   */
  'query-migrationthreads': { args: void; returns: MigrationThreadInfo[] };
  /** Save a VM snapshot */
  'snapshot-save': { args: SnapshotSaveArguments; returns: Record<string, never> };
  /** Load a VM snapshot */
  'snapshot-load': { args: SnapshotLoadArguments; returns: Record<string, never> };
  /** Delete a VM snapshot */
  'snapshot-delete': { args: SnapshotDeleteArguments; returns: Record<string, never> };
  /**
   * Executes a number of transactionable QMP commands atomically.  If any operation fails, then
   * the entire set of actions will be abandoned and the appropriate error returned.
   */
  'transaction': { args: TransactionArguments; returns: Record<string, never> };
  /** Query the state of events. */
  'trace-event-get-state': { args: TraceEventGetStateArguments; returns: TraceEventInfo[] };
  /** Set the dynamic tracing state of events. */
  'trace-event-set-state': { args: TraceEventSetStateArguments; returns: Record<string, never> };
  /** Enable QMP capabilities. */
  'qmp_capabilities': { args: QmpCapabilitiesArguments; returns: Record<string, never> };
  /** Returns the current version of QEMU. */
  'query-version': { args: void; returns: VersionInfo };
  /** Return a list of supported QMP commands by this server */
  'query-commands': { args: void; returns: CommandInfo[] };
  /**
   * This command will cause the QEMU process to exit gracefully.  While every attempt is made to
   * send the QMP response before terminating, this is not guaranteed.  When using this interface,
   * a premature EOF would not be unexpected.
   */
  'quit': { args: void; returns: Record<string, never> };
  /**
   * Command query-qmp-schema exposes the QMP wire ABI as an array of SchemaInfo.  This lets QMP
   * clients figure out what commands and events are available in this QEMU, and their parameters
   * and results.
   */
  'query-qmp-schema': { args: void; returns: SchemaInfo[] };
  /** This command will list any properties of a object given a path in the object model. */
  'qom-list': { args: QomListArguments; returns: ObjectPropertyInfo[] };
  /** This command will get a property from a object model path and return the value. */
  'qom-get': { args: QomGetArguments; returns: unknown };
  /** This command will set a property from a object model path. */
  'qom-set': { args: QomSetArguments; returns: Record<string, never> };
  /** This command will return a list of types given search parameters */
  'qom-list-types': { args: QomListTypesArguments; returns: ObjectTypeInfo[] };
  /** List properties associated with a QOM object. */
  'qom-list-properties': { args: QomListPropertiesArguments; returns: ObjectPropertyInfo[] };
  /** Create a QOM object. */
  'object-add': { args: ObjectOptions; returns: Record<string, never> };
  /** Remove a QOM object. */
  'object-del': { args: ObjectDelArguments; returns: Record<string, never> };
  /** List properties associated with a device. */
  'device-list-properties': { args: DeviceListPropertiesArguments; returns: ObjectPropertyInfo[] };
  /**
   * Add a device.
   *
   * Feature `json-cli`. If present, the "-device" command line option supports JSON syntax with a
   * structure identical to the arguments of this command.
   *
   * Feature `json-cli-hotplug`. If present, the "-device" command line option supports JSON syntax
   * without the reference counting leak that broke hot-unplug
   */
  'device_add': { args: DeviceAddArguments; returns: Record<string, never> };
  /** Remove a device from a guest */
  'device_del': { args: DeviceDelArguments; returns: Record<string, never> };
  /**
   * Synchronize device configuration from host to guest part.  First, copy the configuration from
   * the host part (backend) to the guest part (frontend).  Then notify guest software that device
   * configuration changed.
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. The command is
   * experimental.
   */
  'device-sync-config': { args: DeviceSyncConfigArguments; returns: Record<string, never> };
  /** Returns information about all virtual CPUs. */
  'query-cpus-fast': { args: void; returns: CpuInfoFast[] };
  /** Return a list of supported machines */
  'query-machines': { args: QueryMachinesArguments; returns: MachineInfo[] };
  /** Return information on the current virtual machine. */
  'query-current-machine': { args: void; returns: CurrentMachineParams };
  /** Return information about the target for this QEMU */
  'query-target': { args: void; returns: TargetInfo };
  /** Query the guest UUID information. */
  'query-uuid': { args: void; returns: UuidInfo };
  /** Show Virtual Machine Generation ID */
  'query-vm-generation-id': { args: void; returns: GuidInfo };
  /** Performs a hard reset of a guest. */
  'system_reset': { args: void; returns: Record<string, never> };
  /** Requests that a guest perform a powerdown operation. */
  'system_powerdown': { args: void; returns: Record<string, never> };
  /**
   * Wake up guest from suspend.  If the guest has wake-up from suspend support enabled
   * (wakeup-suspend-support flag from query-current-machine), wake-up guest from suspend if the
   * guest is in SUSPENDED state.  Return an error otherwise.
   */
  'system_wakeup': { args: void; returns: Record<string, never> };
  /**
   * Injects a Non-Maskable Interrupt into the default CPU (x86/s390) or all CPUs (ppc64).  The
   * command fails when the guest doesn't support injecting.
   */
  'inject-nmi': { args: void; returns: Record<string, never> };
  /** Returns information about KVM acceleration */
  'query-kvm': { args: void; returns: KvmInfo };
  /** Save a portion of guest memory to a file. */
  'memsave': { args: MemsaveArguments; returns: Record<string, never> };
  /** Save a portion of guest physical memory to a file. */
  'pmemsave': { args: PmemsaveArguments; returns: Record<string, never> };
  /** Returns information for all memory backends. */
  'query-memdev': { args: void; returns: Memdev[] };
  'query-hotpluggable-cpus': { args: void; returns: HotpluggableCPU[] };
  /**
   * Runtime equivalent of '-numa' CLI option, available at preconfigure stage to configure numa
   * mapping before initializing machine.
   */
  'set-numa-node': { args: NumaOptions; returns: Record<string, never> };
  /** Request the balloon driver to change its balloon size. */
  'balloon': { args: BalloonArguments; returns: Record<string, never> };
  /** Return information about the balloon device. */
  'query-balloon': { args: void; returns: BalloonInfo };
  /**
   * Returns the hv-balloon driver data contained in the last received "STATUS" message from the
   * guest.
   */
  'query-hv-balloon-status-report': { args: void; returns: HvBalloonInfo };
  /**
   * Return the amount of initially allocated and present hotpluggable (if enabled) memory in
   * bytes.
   */
  'query-memory-size-summary': { args: void; returns: MemoryInfo };
  /** Lists available memory devices and their state */
  'query-memory-devices': { args: void; returns: MemoryDeviceInfo[] };
  /**
   * Query interrupt statistics
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-query-irq': { args: void; returns: HumanReadableText };
  /**
   * Query TCG compiler statistics
   *
   * Only present when the QEMU build has `CONFIG_TCG`.
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-query-jit': { args: void; returns: HumanReadableText };
  /**
   * Query NUMA topology information
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-query-numa': { args: void; returns: HumanReadableText };
  /**
   * Query TCG opcode counters
   *
   * Only present when the QEMU build has `CONFIG_TCG`.
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-query-opcount': { args: void; returns: HumanReadableText };
  /**
   * Query system ramblock information
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-query-ramblock': { args: void; returns: HumanReadableText };
  /**
   * Query information on the registered ROMS
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-query-roms': { args: void; returns: HumanReadableText };
  /**
   * Query information on the USB devices
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-query-usb': { args: void; returns: HumanReadableText };
  /**
   * Save the FDT in dtb format.
   *
   * Only present when the QEMU build has `CONFIG_FDT`.
   */
  'dumpdtb': { args: DumpdtbArguments; returns: Record<string, never> };
  /**
   * Query information on interrupt controller devices
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-query-interrupt-controllers': { args: void; returns: HumanReadableText };
  /**
   * Compares two CPU models, `modela` and `modelb`, returning how they compare in a specific
   * configuration.  The results indicates how both models compare regarding runnability.  This
   * result can be used by tooling to make decisions if a certain CPU model will run in a certain
   * configuration or if a compatible CPU model has to be created by baselining.
   *
   * Only present when the QEMU build has `TARGET_S390X`.
   */
  'query-cpu-model-comparison': { args: QueryCpuModelComparisonArguments; returns: CpuModelCompareInfo };
  /**
   * Baseline two CPU models, `modela` and `modelb`, creating a compatible third model.  The
   * created model will always be a static, migration-safe CPU model (see "static" CPU model
   * expansion for details).
   *
   * Only present when the QEMU build has `TARGET_S390X`.
   */
  'query-cpu-model-baseline': { args: QueryCpuModelBaselineArguments; returns: CpuModelBaselineInfo };
  /**
   * Expands a given CPU model, `model`, (or a combination of CPU model + additional options) to
   * different granularities, specified by `type`, allowing tooling to get an understanding what a
   * specific CPU model looks like in QEMU under a certain configuration.
   *
   * Only present when the QEMU build has `TARGET_S390X || TARGET_I386 || TARGET_ARM ||
   * TARGET_LOONGARCH64 || TARGET_RISCV`.
   */
  'query-cpu-model-expansion': { args: QueryCpuModelExpansionArguments; returns: CpuModelExpansionInfo };
  /**
   * Return a list of supported virtual CPU definitions
   *
   * Only present when the QEMU build has `TARGET_PPC || TARGET_ARM || TARGET_I386 || TARGET_S390X
   * || TARGET_MIPS || TARGET_LOONGARCH64 || TARGET_RISCV`.
   */
  'query-cpu-definitions': { args: void; returns: CpuDefinitionInfo[] };
  /**
   * Modify the topology by moving the CPU inside the topology tree, or by changing a modifier
   * attribute of a CPU.  Absent values will not be modified.
   *
   * Only present when the QEMU build has `TARGET_S390X && CONFIG_KVM`.
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * experimental.
   */
  'set-cpu-topology': { args: SetCpuTopologyArguments; returns: Record<string, never> };
  /**
   * Only present when the QEMU build has `TARGET_S390X && CONFIG_KVM`.
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * experimental.
   */
  'query-s390x-cpu-polarization': { args: void; returns: CpuPolarizationInfo };
  /**
   * Retrieve the record/replay information.  It includes current instruction count which may be
   * used for `replay-break` and `replay-seek` commands.
   */
  'query-replay': { args: void; returns: ReplayInfo };
  /**
   * Set replay breakpoint at instruction count `icount`.  Execution stops when the specified
   * instruction is reached.  There can be at most one breakpoint.  When breakpoint is set, any
   * prior one is removed.  The breakpoint may be set only in replay mode and only "in the future",
   * i.e. at instruction counts greater than the current one.  The current instruction count can be
   * observed with `query-replay`.
   */
  'replay-break': { args: ReplayBreakArguments; returns: Record<string, never> };
  /**
   * Remove replay breakpoint which was set with `replay-break`.  The command is ignored when there
   * are no replay breakpoints.
   */
  'replay-delete-break': { args: void; returns: Record<string, never> };
  /**
   * Automatically proceed to the instruction count `icount`, when replaying the execution.  The
   * command automatically loads nearest snapshot and replays the execution to find the desired
   * instruction. When there is no preceding snapshot or the execution is not replayed, then the
   * command fails.  Instruction count can be obtained with the `query-replay` command.
   */
  'replay-seek': { args: ReplaySeekArguments; returns: Record<string, never> };
  /**
   * Try to recover from hanging QEMU by yanking the specified instances. See `YankInstance` for
   * more information.
   */
  'yank': { args: YankArguments; returns: Record<string, never> };
  /** Query yank instances.  See `YankInstance` for more information. */
  'query-yank': { args: void; returns: YankInstance[] };
  /**
   * Allow client connections for VNC, Spice and socket based character devices to be passed in to
   * QEMU via SCM_RIGHTS.
   */
  'add_client': { args: AddClientArguments; returns: Record<string, never> };
  /** Return the name information of a guest. */
  'query-name': { args: void; returns: NameInfo };
  /** Returns a list of information about each iothread. */
  'query-iothreads': { args: void; returns: IOThreadInfo[] };
  /** Stop guest VM execution. */
  'stop': { args: void; returns: Record<string, never> };
  /** Resume guest VM execution. */
  'cont': { args: void; returns: Record<string, never> };
  /**
   * Exit from "preconfig" state
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * experimental.
   */
  'x-exit-preconfig': { args: void; returns: Record<string, never> };
  /**
   * Execute a command on the human monitor and return the output.
   *
   * Feature `savevm-monitor-nodes`. If present, HMP command savevm only snapshots monitor-owned
   * nodes if they have no parents.  This allows the use of 'savevm' with -blockdev.  (since 4.2)
   */
  'human-monitor-command': { args: HumanMonitorCommandArguments; returns: string };
  /**
   * Receive a file descriptor via SCM rights and assign it a name
   *
   * Only present when the QEMU build has `CONFIG_POSIX`.
   */
  'getfd': { args: GetfdArguments; returns: Record<string, never> };
  /**
   * Add a socket that was duplicated to QEMU process with WSADuplicateSocketW() via WSASocket() &
   * WSAPROTOCOL_INFOW structure and assign it a name (the SOCKET is associated with a CRT file
   * descriptor)
   *
   * Only present when the QEMU build has `CONFIG_WIN32`.
   */
  'get-win32-socket': { args: GetWin32SocketArguments; returns: Record<string, never> };
  /** Close a file descriptor previously passed via SCM rights */
  'closefd': { args: ClosefdArguments; returns: Record<string, never> };
  /** Add a file descriptor, that was passed via SCM rights, to an fd set. */
  'add-fd': { args: AddFdArguments; returns: AddfdInfo };
  /** Remove a file descriptor from an fd set. */
  'remove-fd': { args: RemoveFdArguments; returns: Record<string, never> };
  /** Return information describing all fd sets. */
  'query-fdsets': { args: void; returns: FdsetInfo[] };
  /** Query command line option schema. */
  'query-command-line-options': { args: QueryCommandLineOptionsArguments; returns: CommandLineOptionInfo[] };
  /**
   * This command will reset the RTC interrupt reinjection backlog.  Can be used if another
   * mechanism to synchronize guest time is in effect, for example QEMU guest agent's
   * guest-set-time command.
   *
   * Only present when the QEMU build has `TARGET_I386`.
   */
  'rtc-reset-reinjection': { args: void; returns: Record<string, never> };
  /**
   * Returns information about SEV
   *
   * Only present when the QEMU build has `TARGET_I386`.
   */
  'query-sev': { args: void; returns: SevInfo };
  /**
   * Query the SEV guest launch information.
   *
   * Only present when the QEMU build has `TARGET_I386`.
   */
  'query-sev-launch-measure': { args: void; returns: SevLaunchMeasureInfo };
  /**
   * This command is used to get the SEV capabilities, and is supported on AMD X86 platforms only.
   *
   * Only present when the QEMU build has `TARGET_I386`.
   */
  'query-sev-capabilities': { args: void; returns: SevCapability };
  /**
   * This command injects a secret blob into memory of SEV guest.
   *
   * Only present when the QEMU build has `TARGET_I386`.
   */
  'sev-inject-launch-secret': { args: SevInjectLaunchSecretArguments; returns: Record<string, never> };
  /**
   * This command is used to get the SEV attestation report, and is supported on AMD X86 platforms
   * only.
   *
   * Only present when the QEMU build has `TARGET_I386`.
   */
  'query-sev-attestation-report': { args: QuerySevAttestationReportArguments; returns: SevAttestationReport };
  /**
   * Dump guest's storage keys
   *
   * Only present when the QEMU build has `TARGET_S390X`.
   */
  'dump-skeys': { args: DumpSkeysArguments; returns: Record<string, never> };
  /**
   * This command is ARM-only.  It will return a list of GICCapability objects that describe its
   * capability bits.
   *
   * Only present when the QEMU build has `TARGET_ARM`.
   */
  'query-gic-capabilities': { args: void; returns: GICCapability[] };
  /**
   * Returns information about configured SGX capabilities of guest
   *
   * Only present when the QEMU build has `TARGET_I386`.
   */
  'query-sgx': { args: void; returns: SGXInfo };
  /**
   * Returns information about SGX capabilities of host
   *
   * Only present when the QEMU build has `TARGET_I386`.
   */
  'query-sgx-capabilities': { args: void; returns: SGXInfo };
  /**
   * Query the Xen event channels opened by the guest.
   *
   * Only present when the QEMU build has `TARGET_I386`.
   */
  'xen-event-list': { args: void; returns: EvtchnInfo[] };
  /**
   * Inject a Xen event channel port (interrupt) to the guest.
   *
   * Only present when the QEMU build has `TARGET_I386`.
   */
  'xen-event-inject': { args: XenEventInjectArguments; returns: Record<string, never> };
  /** Returns information about audiodev configuration */
  'query-audiodevs': { args: void; returns: Audiodev[] };
  /**
   * Return a list of ACPIOSTInfo for devices that support status reporting via ACPI _OST method.
   */
  'query-acpi-ospm-status': { args: void; returns: ACPIOSTInfo[] };
  /** Return information about the PCI bus topology of the guest. */
  'query-pci': { args: void; returns: PciInfo[] };
  /** Return runtime-collected statistics for objects such as the VM or its vCPUs. */
  'query-stats': { args: StatsFilter; returns: StatsResult[] };
  /** Return the schema for all available runtime-collected statistics. */
  'query-stats-schemas': { args: QueryStatsSchemasArguments; returns: StatsSchema[] };
  /**
   * Returns a list of all realized VirtIODevices
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-query-virtio': { args: void; returns: VirtioInfo[] };
  /**
   * Poll for a comprehensive status of a given virtio device
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-query-virtio-status': { args: XQueryVirtioStatusArguments; returns: VirtioStatus };
  /**
   * Return the status of a given VirtIODevice's VirtQueue
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-query-virtio-queue-status': { args: XQueryVirtioQueueStatusArguments; returns: VirtQueueStatus };
  /**
   * Return information of a given vhost device's vhost_virtqueue
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-query-virtio-vhost-queue-status': { args: XQueryVirtioVhostQueueStatusArguments; returns: VirtVhostQueueStatus };
  /**
   * Return the information about a VirtQueue's VirtQueueElement
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This command is
   * meant for debugging.
   */
  'x-query-virtio-queue-element': { args: XQueryVirtioQueueElementArguments; returns: VirtioQueueElement };
  /** Returns information about current crypto devices. */
  'query-cryptodev': { args: void; returns: QCryptodevInfo[] };
  /**
   * Inject an event record for a General Media Event (CXL r3.0 8.2.9.2.1.1).  This event type is
   * reported via one of the event logs specified via the log parameter.
   */
  'cxl-inject-general-media-event': { args: CxlInjectGeneralMediaEventArguments; returns: Record<string, never> };
  /**
   * Inject an event record for a DRAM Event (CXL r3.0 8.2.9.2.1.2). This event type is reported
   * via one of the event logs specified via the log parameter.
   */
  'cxl-inject-dram-event': { args: CxlInjectDramEventArguments; returns: Record<string, never> };
  /**
   * Inject an event record for a Memory Module Event (CXL r3.0 8.2.9.2.1.3).  This event includes
   * a copy of the Device Health info at the time of the event.
   */
  'cxl-inject-memory-module-event': { args: CxlInjectMemoryModuleEventArguments; returns: Record<string, never> };
  /**
   * Poison records indicate that a CXL memory device knows that a particular memory region may be
   * corrupted.  This may be because of locally detected errors (e.g. ECC failure) or poisoned
   * writes received from other components in the system.  This injection mechanism enables testing
   * of the OS handling of poison records which may be queried via the CXL mailbox.
   */
  'cxl-inject-poison': { args: CxlInjectPoisonArguments; returns: Record<string, never> };
  /**
   * Command to allow injection of multiple errors in one go.  This allows testing of multiple
   * header log handling in the OS.
   */
  'cxl-inject-uncorrectable-errors': { args: CxlInjectUncorrectableErrorsArguments; returns: Record<string, never> };
  /**
   * Command to inject a single correctable error.  Multiple error injection of this error type is
   * not interesting as there is no associated header log.  These errors are reported via AER as a
   * correctable internal error, with additional detail available from the CXL device.
   */
  'cxl-inject-correctable-error': { args: CxlInjectCorrectableErrorArguments; returns: Record<string, never> };
  /**
   * Initiate adding dynamic capacity extents to a host.  This simulates operations defined in
   * Compute Express Link (CXL) Specification, Revision 3.1, Section 7.6.7.6.5.  Note that,
   * currently, establishing success or failure of the full Add Dynamic Capacity flow requires out
   * of band communication with the OS of the CXL host.
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. For now this
   * command is subject to change.
   */
  'cxl-add-dynamic-capacity': { args: CxlAddDynamicCapacityArguments; returns: Record<string, never> };
  /**
   * Initiate release of dynamic capacity extents from a host.  This simulates operations defined
   * in Compute Express Link (CXL) Specification, Revision 3.1, Section 7.6.7.6.6.  Note that,
   * currently, success or failure of the full Release Dynamic Capacity flow requires out of band
   * communication with the OS of the CXL host.
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. For now this
   * command is subject to change.
   */
  'cxl-release-dynamic-capacity': { args: CxlReleaseDynamicCapacityArguments; returns: Record<string, never> };
}

/** Every QMP event by name, mapped to its `data` (`void` when the event carries none). */
export interface QmpEvents {
  /** Emitted when the virtual machine has shut down, indicating that qemu is about to exit. */
  SHUTDOWN: ShutdownEventData;
  /**
   * Emitted when the virtual machine is powered down through the power control system, such as via
   * ACPI.
   */
  POWERDOWN: void;
  /** Emitted when the virtual machine is reset */
  RESET: ResetEventData;
  /** Emitted when the virtual machine is stopped */
  STOP: void;
  /** Emitted when the virtual machine resumes execution */
  RESUME: void;
  /**
   * Emitted when guest enters a hardware suspension state, for example, S3 state, which is
   * sometimes called standby state
   */
  SUSPEND: void;
  /**
   * Emitted when guest enters a hardware suspension state with data saved on disk, for example, S4
   * state, which is sometimes called hibernate state
   */
  SUSPEND_DISK: void;
  /** Emitted when the guest has woken up from suspend state and is running */
  WAKEUP: void;
  /** Emitted when the watchdog device's timer is expired */
  WATCHDOG: WatchdogEventData;
  /** Emitted when guest OS panic is detected */
  GUEST_PANICKED: GuestPanickedEventData;
  /** Emitted when guest OS crash loaded is detected */
  GUEST_CRASHLOADED: GuestCrashloadedEventData;
  /** Emitted when guest submits a shutdown request via pvpanic interface */
  GUEST_PVSHUTDOWN: void;
  /** Emitted when a memory failure occurs on host side. */
  MEMORY_FAILURE: MemoryFailureEventData;
  /** Emitted when a job transitions to a different status. */
  JOB_STATUS_CHANGE: JobStatusChangeEventData;
  /**
   * Emitted when a disk image is being marked corrupt.  The image can be identified by its device
   * or node name.  The 'device' field is always present for compatibility reasons, but it can be
   * empty ("") if the image does not have a device name associated.
   */
  BLOCK_IMAGE_CORRUPTED: BlockImageCorruptedEventData;
  /** Emitted when a disk I/O error occurs */
  BLOCK_IO_ERROR: BlockIoErrorEventData;
  /** Emitted when a block job has completed */
  BLOCK_JOB_COMPLETED: BlockJobCompletedEventData;
  /** Emitted when a block job has been cancelled */
  BLOCK_JOB_CANCELLED: BlockJobCancelledEventData;
  /** Emitted when a block job encounters an error */
  BLOCK_JOB_ERROR: BlockJobErrorEventData;
  /** Emitted when a block job is ready to complete */
  BLOCK_JOB_READY: BlockJobReadyEventData;
  /**
   * Emitted when a block job is awaiting explicit authorization to finalize graph changes via
   * `block-job-finalize`.  If this job is part of a transaction, it will not emit this event until
   * the transaction has converged first.
   */
  BLOCK_JOB_PENDING: BlockJobPendingEventData;
  /**
   * Emitted when writes on block device reaches or exceeds the configured write threshold.  For
   * thin-provisioned devices, this means the device should be extended to avoid pausing for disk
   * exhaustion.  The event is one shot.  Once triggered, it needs to be re-registered with another
   * block-set-write-threshold command.
   */
  BLOCK_WRITE_THRESHOLD: BlockWriteThresholdEventData;
  /** Emitted by the Quorum block driver if it fails to establish a quorum */
  QUORUM_FAILURE: QuorumFailureEventData;
  /** Emitted to report a corruption of a Quorum file */
  QUORUM_REPORT_BAD: QuorumReportBadEventData;
  /**
   * Emitted whenever the tray of a removable device is moved by the guest or by HMP/QMP commands
   */
  DEVICE_TRAY_MOVED: DeviceTrayMovedEventData;
  /** Emitted whenever the connected status of a persistent reservation manager changes. */
  PR_MANAGER_STATUS_CHANGED: PrManagerStatusChangedEventData;
  /** Emitted when a block export is removed and its id can be reused. */
  BLOCK_EXPORT_DELETED: BlockExportDeletedEventData;
  /** Emitted when the guest opens or closes a virtio-serial port. */
  VSERPORT_CHANGE: VserportChangeEventData;
  /** Emitted when background dump has completed */
  DUMP_COMPLETED: DumpCompletedEventData;
  /**
   * Emitted once until the 'query-rx-filter' command is executed, the first event will always be
   * emitted
   */
  NIC_RX_FILTER_CHANGED: NicRxFilterChangedEventData;
  /**
   * Emitted when VIRTIO_NET_F_STANDBY was enabled during feature negotiation.  Failover primary
   * devices which were hidden (not hotplugged when requested) before will now be hotplugged by the
   * virtio-net standby device.
   */
  FAILOVER_NEGOTIATED: FailoverNegotiatedEventData;
  /** Emitted when the netdev stream backend is connected */
  NETDEV_STREAM_CONNECTED: NetdevStreamConnectedEventData;
  /** Emitted when the netdev stream backend is disconnected */
  NETDEV_STREAM_DISCONNECTED: NetdevStreamDisconnectedEventData;
  /** Emitted when the vhost-user chardev is connected */
  NETDEV_VHOST_USER_CONNECTED: NetdevVhostUserConnectedEventData;
  /** Emitted when the vhost-user chardev is disconnected */
  NETDEV_VHOST_USER_DISCONNECTED: NetdevVhostUserDisconnectedEventData;
  /**
   * Emitted when a SPICE client establishes a connection
   *
   * Only present when the QEMU build has `CONFIG_SPICE`.
   */
  SPICE_CONNECTED: SpiceConnectedEventData;
  /**
   * Emitted after initial handshake and authentication takes place (if any) and the SPICE channel
   * is up and running
   *
   * Only present when the QEMU build has `CONFIG_SPICE`.
   */
  SPICE_INITIALIZED: SpiceInitializedEventData;
  /**
   * Emitted when the SPICE connection is closed
   *
   * Only present when the QEMU build has `CONFIG_SPICE`.
   */
  SPICE_DISCONNECTED: SpiceDisconnectedEventData;
  /**
   * Emitted when SPICE migration has completed
   *
   * Only present when the QEMU build has `CONFIG_SPICE`.
   */
  SPICE_MIGRATE_COMPLETED: void;
  /**
   * Emitted when a VNC client establishes a connection
   *
   * Only present when the QEMU build has `CONFIG_VNC`.
   */
  VNC_CONNECTED: VncConnectedEventData;
  /**
   * Emitted after authentication takes place (if any) and the VNC session is made active
   *
   * Only present when the QEMU build has `CONFIG_VNC`.
   */
  VNC_INITIALIZED: VncInitializedEventData;
  /**
   * Emitted when the connection is closed
   *
   * Only present when the QEMU build has `CONFIG_VNC`.
   */
  VNC_DISCONNECTED: VncDisconnectedEventData;
  /** Emitted when a migration event happens */
  MIGRATION: MigrationEventData;
  /**
   * Emitted from the source side of a migration at the start of each pass (when it syncs the dirty
   * bitmap)
   */
  MIGRATION_PASS: MigrationPassEventData;
  /**
   * Emitted when VM finishes COLO mode due to some errors happening or at the request of users.
   */
  COLO_EXIT: ColoExitEventData;
  /**
   * Emitted from source side of a migration when migration state is WAIT_UNPLUG.  Device was
   * unplugged by guest operating system. Device resources in QEMU are kept on standby to be able
   * to re-plug it in case of migration failure.
   */
  UNPLUG_PRIMARY: UnplugPrimaryEventData;
  /**
   * Emitted whenever the device removal completion is acknowledged by the guest.  At this point,
   * it's safe to reuse the specified device ID.  Device removal can be initiated by the guest or
   * by HMP/QMP commands.
   */
  DEVICE_DELETED: DeviceDeletedEventData;
  /** Emitted when a device hot unplug fails due to a guest reported error. */
  DEVICE_UNPLUG_GUEST_ERROR: DeviceUnplugGuestErrorEventData;
  /**
   * Emitted when the guest changes the actual BALLOON level.  This value is equivalent to the
   * `actual` field return by the 'query-balloon' command
   */
  BALLOON_CHANGE: BalloonChangeEventData;
  /** Emitted when the hv-balloon driver receives a "STATUS" message from the guest. */
  HV_BALLOON_STATUS_REPORT: HvBalloonInfo;
  /**
   * Emitted when the size of a memory device changes.  Only emitted for memory devices that can
   * actually change the size (e.g., virtio-mem due to guest action).
   */
  MEMORY_DEVICE_SIZE_CHANGE: MemoryDeviceSizeChangeEventData;
  /**
   * Emitted when the guest asks to change the polarization.
   *
   * Only present when the QEMU build has `TARGET_S390X && CONFIG_KVM`.
   *
   * **Unstable** (feature `unstable`): may change incompatibly or be withdrawn. This event is
   * experimental.
   */
  CPU_POLARIZATION_CHANGE: CpuPolarizationChangeEventData;
  /** Emitted when the guest changes the RTC time. */
  RTC_CHANGE: RtcChangeEventData;
  /** Emitted when the client of a TYPE_VFIO_USER_SERVER closes the communication channel */
  VFU_CLIENT_HANGUP: VfuClientHangupEventData;
  /** Emitted when guest executes ACPI _OST method. */
  ACPI_DEVICE_OST: AcpiDeviceOstEventData;
  /** This event is emitted when a VFIO device migration state is changed. */
  VFIO_MIGRATION: VfioMigrationEventData;
}

/** Name of a QMP command. */
export type QmpCommandName = keyof QmpCommands;

/** Name of a QMP event. */
export type QmpEventName = keyof QmpEvents;

/** Arguments of command `K`. */
export type QmpCommandArgs<K extends QmpCommandName> = QmpCommands[K]['args'];

/** Return value of command `K`. */
export type QmpCommandReturn<K extends QmpCommandName> = QmpCommands[K]['returns'];

/** Every QMP command name, in schema order. */
export const QMP_COMMAND_NAMES = [
  'query-status',
  'watchdog-set-action',
  'set-action',
  'job-pause',
  'job-resume',
  'job-cancel',
  'job-complete',
  'job-dismiss',
  'job-finalize',
  'query-jobs',
  'query-block',
  'query-blockstats',
  'query-block-jobs',
  'block_resize',
  'blockdev-snapshot-sync',
  'blockdev-snapshot',
  'change-backing-file',
  'block-commit',
  'drive-backup',
  'blockdev-backup',
  'query-named-block-nodes',
  'x-debug-query-block-graph',
  'drive-mirror',
  'block-dirty-bitmap-add',
  'block-dirty-bitmap-remove',
  'block-dirty-bitmap-clear',
  'block-dirty-bitmap-enable',
  'block-dirty-bitmap-disable',
  'block-dirty-bitmap-merge',
  'x-debug-block-dirty-bitmap-sha256',
  'blockdev-mirror',
  'block-stream',
  'block-job-set-speed',
  'block-job-cancel',
  'block-job-pause',
  'block-job-resume',
  'block-job-complete',
  'block-job-dismiss',
  'block-job-finalize',
  'block-job-change',
  'blockdev-add',
  'blockdev-reopen',
  'blockdev-del',
  'blockdev-set-active',
  'blockdev-create',
  'x-blockdev-amend',
  'block-set-write-threshold',
  'x-blockdev-change',
  'x-blockdev-set-iothread',
  'blockdev-snapshot-internal-sync',
  'blockdev-snapshot-delete-internal-sync',
  'query-pr-managers',
  'eject',
  'blockdev-open-tray',
  'blockdev-close-tray',
  'blockdev-remove-medium',
  'blockdev-insert-medium',
  'blockdev-change-medium',
  'block_set_io_throttle',
  'block-latency-histogram-set',
  'nbd-server-start',
  'nbd-server-add',
  'nbd-server-remove',
  'nbd-server-stop',
  'block-export-add',
  'block-export-del',
  'query-block-exports',
  'query-chardev',
  'query-chardev-backends',
  'ringbuf-write',
  'ringbuf-read',
  'chardev-add',
  'chardev-change',
  'chardev-remove',
  'chardev-send-break',
  'dump-guest-memory',
  'query-dump',
  'query-dump-guest-memory-capability',
  'set_link',
  'netdev_add',
  'netdev_del',
  'query-rx-filter',
  'announce-self',
  'request-ebpf',
  'query-rocker',
  'query-rocker-ports',
  'query-rocker-of-dpa-flows',
  'query-rocker-of-dpa-groups',
  'query-tpm-models',
  'query-tpm-types',
  'query-tpm',
  'set_password',
  'expire_password',
  'screendump',
  'query-spice',
  'query-vnc',
  'query-vnc-servers',
  'change-vnc-password',
  'query-mice',
  'send-key',
  'input-send-event',
  'query-display-options',
  'display-reload',
  'display-update',
  'client_migrate_info',
  'query-migrate',
  'migrate-set-capabilities',
  'query-migrate-capabilities',
  'migrate-set-parameters',
  'query-migrate-parameters',
  'migrate-start-postcopy',
  'x-colo-lost-heartbeat',
  'migrate_cancel',
  'migrate-continue',
  'migrate',
  'migrate-incoming',
  'xen-save-devices-state',
  'xen-set-global-dirty-log',
  'xen-load-devices-state',
  'xen-set-replication',
  'query-xen-replication-status',
  'xen-colo-do-checkpoint',
  'query-colo-status',
  'migrate-recover',
  'migrate-pause',
  'calc-dirty-rate',
  'query-dirty-rate',
  'set-vcpu-dirty-limit',
  'cancel-vcpu-dirty-limit',
  'query-vcpu-dirty-limit',
  'query-migrationthreads',
  'snapshot-save',
  'snapshot-load',
  'snapshot-delete',
  'transaction',
  'trace-event-get-state',
  'trace-event-set-state',
  'qmp_capabilities',
  'query-version',
  'query-commands',
  'quit',
  'query-qmp-schema',
  'qom-list',
  'qom-get',
  'qom-set',
  'qom-list-types',
  'qom-list-properties',
  'object-add',
  'object-del',
  'device-list-properties',
  'device_add',
  'device_del',
  'device-sync-config',
  'query-cpus-fast',
  'query-machines',
  'query-current-machine',
  'query-target',
  'query-uuid',
  'query-vm-generation-id',
  'system_reset',
  'system_powerdown',
  'system_wakeup',
  'inject-nmi',
  'query-kvm',
  'memsave',
  'pmemsave',
  'query-memdev',
  'query-hotpluggable-cpus',
  'set-numa-node',
  'balloon',
  'query-balloon',
  'query-hv-balloon-status-report',
  'query-memory-size-summary',
  'query-memory-devices',
  'x-query-irq',
  'x-query-jit',
  'x-query-numa',
  'x-query-opcount',
  'x-query-ramblock',
  'x-query-roms',
  'x-query-usb',
  'dumpdtb',
  'x-query-interrupt-controllers',
  'query-cpu-model-comparison',
  'query-cpu-model-baseline',
  'query-cpu-model-expansion',
  'query-cpu-definitions',
  'set-cpu-topology',
  'query-s390x-cpu-polarization',
  'query-replay',
  'replay-break',
  'replay-delete-break',
  'replay-seek',
  'yank',
  'query-yank',
  'add_client',
  'query-name',
  'query-iothreads',
  'stop',
  'cont',
  'x-exit-preconfig',
  'human-monitor-command',
  'getfd',
  'get-win32-socket',
  'closefd',
  'add-fd',
  'remove-fd',
  'query-fdsets',
  'query-command-line-options',
  'rtc-reset-reinjection',
  'query-sev',
  'query-sev-launch-measure',
  'query-sev-capabilities',
  'sev-inject-launch-secret',
  'query-sev-attestation-report',
  'dump-skeys',
  'query-gic-capabilities',
  'query-sgx',
  'query-sgx-capabilities',
  'xen-event-list',
  'xen-event-inject',
  'query-audiodevs',
  'query-acpi-ospm-status',
  'query-pci',
  'query-stats',
  'query-stats-schemas',
  'x-query-virtio',
  'x-query-virtio-status',
  'x-query-virtio-queue-status',
  'x-query-virtio-vhost-queue-status',
  'x-query-virtio-queue-element',
  'query-cryptodev',
  'cxl-inject-general-media-event',
  'cxl-inject-dram-event',
  'cxl-inject-memory-module-event',
  'cxl-inject-poison',
  'cxl-inject-uncorrectable-errors',
  'cxl-inject-correctable-error',
  'cxl-add-dynamic-capacity',
  'cxl-release-dynamic-capacity',
] as const satisfies readonly QmpCommandName[];

/** Every QMP event name, in schema order. */
export const QMP_EVENT_NAMES = [
  'SHUTDOWN',
  'POWERDOWN',
  'RESET',
  'STOP',
  'RESUME',
  'SUSPEND',
  'SUSPEND_DISK',
  'WAKEUP',
  'WATCHDOG',
  'GUEST_PANICKED',
  'GUEST_CRASHLOADED',
  'GUEST_PVSHUTDOWN',
  'MEMORY_FAILURE',
  'JOB_STATUS_CHANGE',
  'BLOCK_IMAGE_CORRUPTED',
  'BLOCK_IO_ERROR',
  'BLOCK_JOB_COMPLETED',
  'BLOCK_JOB_CANCELLED',
  'BLOCK_JOB_ERROR',
  'BLOCK_JOB_READY',
  'BLOCK_JOB_PENDING',
  'BLOCK_WRITE_THRESHOLD',
  'QUORUM_FAILURE',
  'QUORUM_REPORT_BAD',
  'DEVICE_TRAY_MOVED',
  'PR_MANAGER_STATUS_CHANGED',
  'BLOCK_EXPORT_DELETED',
  'VSERPORT_CHANGE',
  'DUMP_COMPLETED',
  'NIC_RX_FILTER_CHANGED',
  'FAILOVER_NEGOTIATED',
  'NETDEV_STREAM_CONNECTED',
  'NETDEV_STREAM_DISCONNECTED',
  'NETDEV_VHOST_USER_CONNECTED',
  'NETDEV_VHOST_USER_DISCONNECTED',
  'SPICE_CONNECTED',
  'SPICE_INITIALIZED',
  'SPICE_DISCONNECTED',
  'SPICE_MIGRATE_COMPLETED',
  'VNC_CONNECTED',
  'VNC_INITIALIZED',
  'VNC_DISCONNECTED',
  'MIGRATION',
  'MIGRATION_PASS',
  'COLO_EXIT',
  'UNPLUG_PRIMARY',
  'DEVICE_DELETED',
  'DEVICE_UNPLUG_GUEST_ERROR',
  'BALLOON_CHANGE',
  'HV_BALLOON_STATUS_REPORT',
  'MEMORY_DEVICE_SIZE_CHANGE',
  'CPU_POLARIZATION_CHANGE',
  'RTC_CHANGE',
  'VFU_CLIENT_HANGUP',
  'ACPI_DEVICE_OST',
  'VFIO_MIGRATION',
] as const satisfies readonly QmpEventName[];

/** Static facts about a QMP command from its schema definition. */
export interface QmpCommandMeta {
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

/** Static facts about every QMP command. */
export const QMP_COMMAND_META: { readonly [K in QmpCommandName]: QmpCommandMeta } = {
  'query-status': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'watchdog-set-action': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'set-action': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'job-pause': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'job-resume': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'job-cancel': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'job-complete': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'job-dismiss': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'job-finalize': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-jobs': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-block': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'query-blockstats': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'query-block-jobs': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block_resize': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'blockdev-snapshot-sync': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'blockdev-snapshot': { allowOob: false, allowPreconfig: true, successResponse: true, features: ['allow-write-only-overlay'] },
  'change-backing-file': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-commit': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'drive-backup': { allowOob: false, allowPreconfig: true, successResponse: true, features: ['deprecated'] },
  'blockdev-backup': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'query-named-block-nodes': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'x-debug-query-block-graph': { allowOob: false, allowPreconfig: true, successResponse: true, features: ['unstable'] },
  'drive-mirror': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-dirty-bitmap-add': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-dirty-bitmap-remove': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-dirty-bitmap-clear': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-dirty-bitmap-enable': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-dirty-bitmap-disable': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-dirty-bitmap-merge': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'x-debug-block-dirty-bitmap-sha256': { allowOob: false, allowPreconfig: true, successResponse: true, features: ['unstable'] },
  'blockdev-mirror': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-stream': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-job-set-speed': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-job-cancel': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-job-pause': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-job-resume': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-job-complete': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-job-dismiss': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-job-finalize': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-job-change': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'blockdev-add': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'blockdev-reopen': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'blockdev-del': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'blockdev-set-active': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'blockdev-create': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'x-blockdev-amend': { allowOob: false, allowPreconfig: true, successResponse: true, features: ['unstable'] },
  'block-set-write-threshold': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'x-blockdev-change': { allowOob: false, allowPreconfig: true, successResponse: true, features: ['unstable'] },
  'x-blockdev-set-iothread': { allowOob: false, allowPreconfig: true, successResponse: true, features: ['unstable'] },
  'blockdev-snapshot-internal-sync': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'blockdev-snapshot-delete-internal-sync': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'query-pr-managers': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'eject': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'blockdev-open-tray': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'blockdev-close-tray': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'blockdev-remove-medium': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'blockdev-insert-medium': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'blockdev-change-medium': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'block_set_io_throttle': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-latency-histogram-set': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'nbd-server-start': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'nbd-server-add': { allowOob: false, allowPreconfig: true, successResponse: true, features: ['deprecated'] },
  'nbd-server-remove': { allowOob: false, allowPreconfig: true, successResponse: true, features: ['deprecated'] },
  'nbd-server-stop': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-export-add': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'block-export-del': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'query-block-exports': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'query-chardev': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'query-chardev-backends': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'ringbuf-write': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'ringbuf-read': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'chardev-add': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'chardev-change': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'chardev-remove': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'chardev-send-break': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'dump-guest-memory': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-dump': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-dump-guest-memory-capability': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'set_link': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'netdev_add': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'netdev_del': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'query-rx-filter': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'announce-self': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'request-ebpf': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_EBPF' },
  'query-rocker': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-rocker-ports': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-rocker-of-dpa-flows': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-rocker-of-dpa-groups': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-tpm-models': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_TPM' },
  'query-tpm-types': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_TPM' },
  'query-tpm': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_TPM' },
  'set_password': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'expire_password': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'screendump': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_PIXMAN' },
  'query-spice': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_SPICE' },
  'query-vnc': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_VNC' },
  'query-vnc-servers': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_VNC' },
  'change-vnc-password': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_VNC' },
  'query-mice': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'send-key': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'input-send-event': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-display-options': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'display-reload': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'display-update': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'client_migrate_info': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-migrate': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'migrate-set-capabilities': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-migrate-capabilities': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'migrate-set-parameters': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-migrate-parameters': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'migrate-start-postcopy': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'x-colo-lost-heartbeat': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'], if: 'CONFIG_REPLICATION' },
  'migrate_cancel': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'migrate-continue': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'migrate': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'migrate-incoming': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'xen-save-devices-state': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'xen-set-global-dirty-log': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'xen-load-devices-state': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'xen-set-replication': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_REPLICATION' },
  'query-xen-replication-status': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_REPLICATION' },
  'xen-colo-do-checkpoint': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_REPLICATION' },
  'query-colo-status': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_REPLICATION' },
  'migrate-recover': { allowOob: true, allowPreconfig: false, successResponse: true, features: [] },
  'migrate-pause': { allowOob: true, allowPreconfig: false, successResponse: true, features: [] },
  'calc-dirty-rate': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-dirty-rate': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'set-vcpu-dirty-limit': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'cancel-vcpu-dirty-limit': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-vcpu-dirty-limit': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-migrationthreads': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['deprecated'] },
  'snapshot-save': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'snapshot-load': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'snapshot-delete': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'transaction': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'trace-event-get-state': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'trace-event-set-state': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'qmp_capabilities': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'query-version': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'query-commands': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'quit': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'query-qmp-schema': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'qom-list': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'qom-get': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'qom-set': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'qom-list-types': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'qom-list-properties': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'object-add': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'object-del': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'device-list-properties': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'device_add': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['json-cli', 'json-cli-hotplug'] },
  'device_del': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'device-sync-config': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'] },
  'query-cpus-fast': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-machines': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-current-machine': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-target': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-uuid': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'query-vm-generation-id': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'system_reset': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'system_powerdown': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'system_wakeup': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'inject-nmi': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-kvm': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'memsave': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'pmemsave': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-memdev': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'query-hotpluggable-cpus': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'set-numa-node': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'balloon': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-balloon': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-hv-balloon-status-report': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-memory-size-summary': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-memory-devices': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'x-query-irq': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'] },
  'x-query-jit': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'], if: 'CONFIG_TCG' },
  'x-query-numa': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'] },
  'x-query-opcount': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'], if: 'CONFIG_TCG' },
  'x-query-ramblock': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'] },
  'x-query-roms': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'] },
  'x-query-usb': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'] },
  'dumpdtb': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_FDT' },
  'x-query-interrupt-controllers': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'] },
  'query-cpu-model-comparison': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_S390X' },
  'query-cpu-model-baseline': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_S390X' },
  'query-cpu-model-expansion': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_S390X || TARGET_I386 || TARGET_ARM || TARGET_LOONGARCH64 || TARGET_RISCV' },
  'query-cpu-definitions': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_PPC || TARGET_ARM || TARGET_I386 || TARGET_S390X || TARGET_MIPS || TARGET_LOONGARCH64 || TARGET_RISCV' },
  'set-cpu-topology': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'], if: 'TARGET_S390X && CONFIG_KVM' },
  'query-s390x-cpu-polarization': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'], if: 'TARGET_S390X && CONFIG_KVM' },
  'query-replay': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'replay-break': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'replay-delete-break': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'replay-seek': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'yank': { allowOob: true, allowPreconfig: false, successResponse: true, features: [] },
  'query-yank': { allowOob: true, allowPreconfig: false, successResponse: true, features: [] },
  'add_client': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-name': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'query-iothreads': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'stop': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'cont': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'x-exit-preconfig': { allowOob: false, allowPreconfig: true, successResponse: true, features: ['unstable'] },
  'human-monitor-command': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['savevm-monitor-nodes'] },
  'getfd': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_POSIX' },
  'get-win32-socket': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'CONFIG_WIN32' },
  'closefd': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'add-fd': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'remove-fd': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-fdsets': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-command-line-options': { allowOob: false, allowPreconfig: true, successResponse: true, features: [] },
  'rtc-reset-reinjection': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_I386' },
  'query-sev': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_I386' },
  'query-sev-launch-measure': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_I386' },
  'query-sev-capabilities': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_I386' },
  'sev-inject-launch-secret': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_I386' },
  'query-sev-attestation-report': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_I386' },
  'dump-skeys': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_S390X' },
  'query-gic-capabilities': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_ARM' },
  'query-sgx': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_I386' },
  'query-sgx-capabilities': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_I386' },
  'xen-event-list': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_I386' },
  'xen-event-inject': { allowOob: false, allowPreconfig: false, successResponse: true, features: [], if: 'TARGET_I386' },
  'query-audiodevs': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-acpi-ospm-status': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-pci': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-stats': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'query-stats-schemas': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'x-query-virtio': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'] },
  'x-query-virtio-status': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'] },
  'x-query-virtio-queue-status': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'] },
  'x-query-virtio-vhost-queue-status': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'] },
  'x-query-virtio-queue-element': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'] },
  'query-cryptodev': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'cxl-inject-general-media-event': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'cxl-inject-dram-event': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'cxl-inject-memory-module-event': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'cxl-inject-poison': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'cxl-inject-uncorrectable-errors': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'cxl-inject-correctable-error': { allowOob: false, allowPreconfig: false, successResponse: true, features: [] },
  'cxl-add-dynamic-capacity': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'] },
  'cxl-release-dynamic-capacity': { allowOob: false, allowPreconfig: false, successResponse: true, features: ['unstable'] },
};
