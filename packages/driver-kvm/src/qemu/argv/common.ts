/**
 * Shared state and helpers of the QEMU command-line renderer.
 * @module
 */
import { ErrorCode, PolyvisorError, type DeviceAddress } from '@polyvisor/core';
import { hasCap } from '../caps.js';
import type { PreparedDomain } from '../defaults.js';
import { pciOf } from '../defaults.js';
import type { FirmwareDescriptor, ResolvedFirmware } from '../firmware.js';
import { applyOverrides, deviceOverrides } from './qemuns.js';

/** Options of the renderer (see `buildQemuArgv`). */
export interface BuildQemuArgvOptions {
  /** Domain id used in per-domain paths (libvirt's test harness uses -1). */
  domainId?: number;
  /** Per-driver state directory (`/var/lib/libvirt/qemu`). */
  libDir?: string;
  /** Per-driver runtime directory (`/var/run/libvirt/qemu`). */
  runDir?: string;
  /** Channel socket directory (`<libDir>/channel/target`). */
  channelDir?: string;
  /** Monitor socket path; when absent the monitor is passed as a pre-opened fd (`monitorFd`). */
  monitorPath?: string;
  /** Fd of a pre-opened monitor socket (default 1729, as in libvirt's tests). */
  monitorFd?: number;
  /** Incoming migration URI (`-incoming`). */
  incoming?: string;
  /** Start with the CPUs stopped (`-S`, default true). */
  startPaused?: boolean;
  /** Accelerator (default: `kvm` for `<domain type='kvm'>`, else `tcg`). */
  accel?: 'kvm' | 'tcg';
  /** Pre-opened file descriptors handed to QEMU (TAP devices, vhost-net, listening sockets). */
  fds?: {
    /** TAP fds per interface index. */
    tap?: Record<number, number[]>;
    /** vhost-net fds per interface index. */
    vhost?: Record<number, number[]>;
    /** Pre-opened vhost-user-gpu backend sockets per video index (default: the listening socket fd). */
    vhostUserGpu?: Record<number, number>;
    /** Pre-opened `/dev/vhost-scsi` fds per hostdev index (default 3). */
    vhostScsi?: Record<number, number>;
    /** Fd of a pre-opened listening socket for chardevs in bind mode (default 1729). */
    listenSocket?: number;
  };
  /** TCP port allocated for a VNC display with `autoport` (default 5900, i.e. display :0). */
  vncPort?: number;
  /** TCP port allocated for a SPICE display with `autoport` (default 5901, as in libvirt's harness). */
  spicePort?: number;
  /** Host DRM render node used when a display enables OpenGL without naming one (libvirt's harness: `/dev/dri/foo`). */
  renderNode?: string;
  /** Generates UUIDs the domain leaves to the hypervisor (`<genid/>`); libvirt's harness yields `00010203-0405-4607-8809-0a0b0c0d0e0f`. */
  generateUuid?: () => string;
  /** Current time (epoch seconds) for `<clock offset='variable'>` (default: now). */
  now?: number;
  /** The host's local-time offset from UTC in seconds for `basis='localtime'` (default: the process time zone's). */
  utcOffset?: number;
  /** Host NUMA nodes numad advised for `placement='auto'` (libvirt's harness: all 4 nodes of its fake host). */
  autoNodeset?: number[];
  /** vsock CID allocated for `<cid auto='yes'/>` and the pre-opened `/dev/vhost-vsock` fd (libvirt's harness: 42 / 6789). */
  vsock?: { cid?: number; fd?: number };
  /** Socket of the swtpm instance serving an emulated TPM (by alias); libvirt's harness uses `/dev/test`. */
  tpmSocket?: (alias: string) => string;
  /** `USER`/`LOGNAME` in the environment (default `test`). */
  user?: string;
  /** `PATH` in the environment (default `/bin`). */
  path?: string;
  /**
   * The domain master key (32 bytes, AES-256) secrets are encrypted with; defaults to the
   * fixed key of libvirt's test harness (bytes 0..31). The caller writes it to `master-key.aes`.
   */
  masterKey?: Uint8Array;
  /** Initialisation vector for secret encryption (16 bytes; libvirt's harness: bytes 0..15). */
  secretIv?: Uint8Array;
  /** Looks up the value of a libvirt secret (`<secret type usage|uuid>`); defaults to libvirt's test-harness value. */
  lookupSecret?: (ref: { type?: string; usage?: string; uuid?: string }) => string;
  /** Firmware descriptors for `<os firmware=...>` auto-selection, in priority order (see `firmware.ts`). */
  firmware?: FirmwareDescriptor[];
  /** hugetlbfs mounts (page size in KiB → mount point; the first is the default). */
  hugepageMounts?: Array<{ size: number; path: string }>;
  /** Per-driver NVRAM directory (`<libDir>/nvram`). */
  nvramDir?: string;
}

/** Renderer context. */
export class Ctx {
  /** argv built so far (emulator first). */
  readonly argv: string[] = [];
  /** Resolved firmware (loader / NVRAM), set before `-machine` is rendered. */
  fw?: ResolvedFirmware;
  /** pflash node names for `-machine` (`pflash0`, `pflash1`). */
  pflash: string[] = [];

  constructor(
    /** Prepared domain. */
    readonly p: PreparedDomain,
    /** Options. */
    readonly opts: BuildQemuArgvOptions,
  ) {}

  /** Adds an option and its value(s). */
  add(...words: string[]): void {
    this.argv.push(...words);
  }

  private overrides?: Map<string, Array<{ name: string; type: string; value?: string }>>;

  /** Adds `-device` with a JSON value (applying `<qemu:override>` properties for its id). */
  device(props: Record<string, unknown>): void {
    this.overrides ??= deviceOverrides(this);
    const ov = typeof props.id === 'string' ? this.overrides.get(props.id) : undefined;
    if (ov) applyOverrides(props, ov);
    this.argv.push('-device', json(props));
  }

  /** Whether the caps have a flag. */
  cap(flag: string): boolean {
    return hasCap(this.p.caps, flag);
  }

  /** Domain id. */
  get domainId(): number {
    return this.opts.domainId ?? -1;
  }

  /** Per-domain private directory (`/var/lib/libvirt/qemu/domain--1-name`). */
  get domainLibDir(): string {
    return `${this.opts.libDir ?? '/var/lib/libvirt/qemu'}/domain-${this.domainId}-${shortName(this.p.spec.name)}`;
  }

  /** Per-domain runtime directory. */
  get domainRunDir(): string {
    return `${this.opts.runDir ?? '/var/run/libvirt/qemu'}/domain-${this.domainId}-${shortName(this.p.spec.name)}`;
  }

  /** Fd used for pre-opened listening sockets. */
  get listenFd(): number {
    return this.opts.fds?.listenSocket ?? 1729;
  }

  /** Raises an UNSUPPORTED error naming the domain. */
  unsupported(what: string): never {
    throw new PolyvisorError(ErrorCode.UNSUPPORTED, `domain "${this.p.spec.name}": ${what}`, { driver: 'kvm' });
  }

  /** Raises an INVALID_ARG error naming the domain. */
  invalid(what: string): never {
    throw new PolyvisorError(ErrorCode.INVALID_ARG, `domain "${this.p.spec.name}": ${what}`, { driver: 'kvm' });
  }

  /** JSON `bus`/`port` properties for a device's USB address (empty when not USB). */
  usbProps(addr: DeviceAddress | undefined): Record<string, unknown> {
    if (addr?.type !== 'usb' || !addr.attrs) return {};
    const b = Number(addr.attrs.bus ?? '0');
    const c = this.p.spec.devices?.controllers.find((x) => x.type === 'usb' && (x.index ?? 0) === b);
    return { bus: `${aliasOf(c, b === 0 ? 'usb' : `usb${b}`)}.0`, port: addr.attrs.port };
  }

  /** JSON `bus`/`addr` properties for a device's PCI address (empty when not PCI). */
  pciProps(addr: DeviceAddress | undefined): Record<string, unknown> {
    const a = pciOf(addr);
    if (!a) return {};
    const out: Record<string, unknown> = {};
    const ctl = this.p.spec.devices?.controllers.find((x) => x.type === 'pci' && (x.index ?? 0) === a.bus);
    out.bus = a.bus === 0 ? (this.p.q35 ? 'pcie.0' : 'pci.0') : aliasOf(ctl, `pci.${a.bus}`);
    if (a.multi) out.multifunction = true;
    else if (addr?.attrs?.multifunction === 'off') out.multifunction = false;
    out.addr = `0x${a.slot.toString(16)}${a.fn ? `.0x${a.fn.toString(16)}` : ''}`;
    return out;
  }
}

/** libvirt's short domain name used in paths (first 20 characters). */
export function shortName(name: string): string {
  return name.length > 20 ? name.slice(0, 20) : name;
}

/** JSON with libvirt's member order (insertion order), undefined members dropped. */
export function json(o: Record<string, unknown>): string {
  const s = JSON.stringify(o, (_k, v: unknown) => (typeof v === 'bigint' ? `__bigint__${v.toString()}__` : v));
  return s.replace(/"__bigint__(-?\d+)__"/g, '$1');
}

/** Escapes commas for QEMU's key=value option syntax. */
export function esc(s: string): string {
  return s.replace(/,/g, ',,');
}

/** Bytes of a KiB amount. */
export function kibToBytes(k: number): number {
  return k * 1024;
}

/** Virtio transport options from a `<driver>` element's attributes (`iommu`, `ats`, `packed`, `event_idx`, `ioeventfd`, ...). */
export function virtioOptions(attrs: Record<string, string> | undefined): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (!attrs) return o;
  const b = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : v === 'on' || v === 'yes');
  if (attrs.ioeventfd !== undefined) o.ioeventfd = b(attrs.ioeventfd);
  if (attrs.event_idx !== undefined) o.event_idx = b(attrs.event_idx);
  if (attrs.iommu !== undefined) o.iommu_platform = b(attrs.iommu);
  if (attrs.ats !== undefined) o.ats = b(attrs.ats);
  if (attrs.packed !== undefined) o.packed = b(attrs.packed);
  if (attrs.page_per_vq !== undefined) o['page-per-vq'] = b(attrs.page_per_vq);
  return o;
}

/** A device's id: its user alias (`ua-*`) when it has one, else libvirt's generated alias. */
export function aliasOf(dev: { alias?: { name: string } } | undefined, generated: string): string {
  const n = dev?.alias?.name;
  return n && n.startsWith('ua-') ? n : generated;
}

/** `acpi-index` of a device's `<acpi index=...>` (emitted right after its PCI address). */
export function acpiIndex(dev: { extra?: { children?: Array<{ node: { name: string; attrs: Record<string, string> } }> } } | undefined): Record<string, unknown> {
  const i = dev?.extra?.children?.find((c) => c.node.name === 'acpi')?.node.attrs.index;
  return i !== undefined ? { 'acpi-index': Number(i) } : {};
}
