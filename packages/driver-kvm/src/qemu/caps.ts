/**
 * QEMU capabilities: what one QEMU binary supports (version, machine types,
 * capability flags, CPU models, host CPU). The record is filled either from
 * libvirt's `qemucapabilitiesdata/caps_*.xml` summaries
 * ({@link loadLibvirtCapsXml}) or by probing a binary ({@link probeQemuCaps}).
 * Capability flag names are libvirt's (`<flag name=...>`), so corpus data and
 * a live probe speak the same vocabulary.
 * @module
 */
import { execFile } from 'node:child_process';
import { childElements, ErrorCode, parseXmlDocument, PolyvisorError, textOf, type XmlElement } from '@polyvisor/core';

/** Accelerators a capability set is recorded for. */
export type QemuAccel = 'kvm' | 'tcg';

/** One machine type as reported by `query-machines`. */
export interface QemuMachineInfo {
  /** Canonical machine name (`pc-i440fx-10.0`). */
  name: string;
  /** Alias (`pc`, `q35`). */
  alias?: string;
  /** Whether this is the binary's default machine. */
  isDefault?: boolean;
  /** Maximum number of vCPUs. */
  maxCpus?: number;
  /** Whether CPU hotplug is supported. */
  hotplugCpus?: boolean;
  /** Default CPU QOM type (`qemu64-x86_64-cpu`). */
  defaultCpu?: string;
  /** Id of the default RAM backend (`pc.ram`). */
  defaultRamId?: string;
  /** Deprecated machine type. */
  deprecated?: boolean;
  /** Whether the machine has an `acpi` property. */
  acpi?: boolean;
  /** Legacy `-numa node,mem=` still supported. */
  numaMemSupported?: boolean;
}

/** One CPU model as reported by `query-cpu-definitions`. */
export interface QemuCpuModelInfo {
  /** Model name. */
  name: string;
  /** QOM type name. */
  typename?: string;
  /** Usable on this host with this accelerator. */
  usable?: boolean;
  /** Features blocking the model. */
  blockers?: string[];
  /** Deprecated model. */
  deprecated?: boolean;
}

/** The host CPU model as expanded by `query-cpu-model-expansion` (per accelerator). */
export interface QemuHostCpuInfo {
  /** Base model name (usually `base` or `host`). */
  model: string;
  /** Expanded properties (boolean features, numbers such as `family`, strings such as `vendor`). */
  props: Record<string, boolean | number | string>;
}

/** Everything the renderer needs to know about one QEMU binary. */
export interface QemuCaps {
  /** Emulator path the capabilities were taken from. */
  emulator?: string;
  /** Version as libvirt encodes it: major * 1_000_000 + minor * 1_000 + micro (QEMU 10.0.0 → 10000000). */
  version: number;
  /** Package string (`v10.0.0`, distribution suffixes). */
  package?: string;
  /** Guest architecture of the binary (`x86_64`). */
  arch: string;
  /** Capability flags (libvirt names, e.g. `pcie-root-port`, `netdev.user`, `device.json+hotplug`). */
  flags: Set<string>;
  /** Machine types per accelerator. */
  machines: Record<QemuAccel, QemuMachineInfo[]>;
  /** CPU models per accelerator. */
  cpuModels: Record<QemuAccel, QemuCpuModelInfo[]>;
  /** Host CPU expansion per accelerator, when known. */
  hostCpu: Partial<Record<QemuAccel, QemuHostCpuInfo>>;
  /** Supported Hyper-V enlightenments (`relaxed`, `vapic`, ...). */
  hypervCaps?: string[];
}

/** Whether `caps` has a capability flag. */
export function hasCap(caps: QemuCaps, flag: string): boolean {
  return caps.flags.has(flag);
}

/** Formats a libvirt-encoded version number as `major.minor.micro`. */
export function formatQemuVersion(v: number): string {
  return `${Math.floor(v / 1_000_000)}.${Math.floor(v / 1000) % 1000}.${v % 1000}`;
}

/** Finds a machine type by name or alias for an accelerator. */
export function findMachine(caps: QemuCaps, name: string, accel: QemuAccel = 'kvm'): QemuMachineInfo | undefined {
  const list = caps.machines[accel].length ? caps.machines[accel] : caps.machines[accel === 'kvm' ? 'tcg' : 'kvm'];
  return list.find((m) => m.name === name) ?? list.find((m) => m.alias === name);
}

/** The binary's default machine type for an accelerator. */
export function defaultMachine(caps: QemuCaps, accel: QemuAccel = 'kvm'): QemuMachineInfo | undefined {
  const list = caps.machines[accel].length ? caps.machines[accel] : caps.machines[accel === 'kvm' ? 'tcg' : 'kvm'];
  return list.find((m) => m.isDefault) ?? list[0];
}

function boolAttr(e: XmlElement, name: string): boolean | undefined {
  const v = e.attrs[name];
  return v === undefined ? undefined : v === 'yes';
}

function accelOf(e: XmlElement): QemuAccel {
  return e.attrs.type === 'tcg' ? 'tcg' : 'kvm';
}

/**
 * Reads libvirt's capability cache format (`<qemuCaps>`, as in
 * `tests/qemucapabilitiesdata/caps_<ver>_<arch>.xml`).
 * @throws PolyvisorError `INVALID_ARG` when the document is not a `<qemuCaps>`.
 */
export function loadLibvirtCapsXml(xmlText: string): QemuCaps {
  const root = parseXmlDocument(xmlText, 'QEMU capabilities');
  if (root.name !== 'qemuCaps') throw new PolyvisorError(ErrorCode.INVALID_ARG, `expected <qemuCaps>, got <${root.name}>`);
  const text = (name: string): string | undefined => {
    const e = childElements(root, name)[0];
    return e ? textOf(e).trim() : undefined;
  };
  const caps: QemuCaps = {
    emulator: text('emulator'),
    version: Number(text('version') ?? '0'),
    package: text('package'),
    arch: text('arch') ?? 'x86_64',
    flags: new Set(childElements(root, 'flag').map((f) => f.attrs.name ?? '')),
    machines: { kvm: [], tcg: [] },
    cpuModels: { kvm: [], tcg: [] },
    hostCpu: {},
  };
  for (const m of childElements(root, 'machine')) {
    const info: QemuMachineInfo = { name: m.attrs.name ?? '' };
    if (m.attrs.alias) info.alias = m.attrs.alias;
    if (m.attrs.default === 'yes') info.isDefault = true;
    if (m.attrs.maxCpus) info.maxCpus = Number(m.attrs.maxCpus);
    const hp = boolAttr(m, 'hotplugCpus');
    if (hp !== undefined) info.hotplugCpus = hp;
    if (m.attrs.defaultCPU) info.defaultCpu = m.attrs.defaultCPU;
    if (m.attrs.defaultRAMid) info.defaultRamId = m.attrs.defaultRAMid;
    if (m.attrs.deprecated === 'yes') info.deprecated = true;
    const acpi = boolAttr(m, 'acpi');
    if (acpi !== undefined) info.acpi = acpi;
    if (m.attrs.numaMemSupported === 'yes') info.numaMemSupported = true;
    caps.machines[accelOf(m)].push(info);
  }
  for (const c of childElements(root, 'cpu')) {
    const info: QemuCpuModelInfo = { name: c.attrs.name ?? '' };
    if (c.attrs.typename) info.typename = c.attrs.typename;
    const usable = boolAttr(c, 'usable');
    if (usable !== undefined) info.usable = usable;
    const blockers = childElements(c, 'blocker').map((b) => b.attrs.name ?? '');
    if (blockers.length) info.blockers = blockers;
    if (c.attrs.deprecated === 'yes') info.deprecated = true;
    caps.cpuModels[accelOf(c)].push(info);
  }
  for (const h of childElements(root, 'hostCPU')) {
    const props: Record<string, boolean | number | string> = {};
    for (const p of childElements(h, 'property')) {
      const name = p.attrs.name ?? '';
      const v = p.attrs.value ?? '';
      props[name] = p.attrs.type === 'boolean' ? v === 'true' : p.attrs.type === 'number' ? Number(v) : v;
    }
    caps.hostCpu[accelOf(h)] = { model: h.attrs.model ?? 'host', props };
  }
  const hv = childElements(root, 'hypervCapabilities')[0];
  if (hv) caps.hypervCaps = childElements(hv, 'cap').map((c) => c.attrs.name ?? '');
  return caps;
}

/** Options of {@link probeQemuCaps}. */
export interface ProbeQemuCapsOptions {
  /** Abort the probe. */
  signal?: AbortSignal;
  /** Timeout per helper invocation in milliseconds (default 10 s). */
  timeoutMs?: number;
}

function run(binary: string, args: string[], opts: ProbeQemuCapsOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: opts.timeoutMs ?? 10_000, signal: opts.signal, maxBuffer: 16 << 20 }, (err, stdout) => {
      if (err) reject(new PolyvisorError(ErrorCode.OPERATION_FAILED, `running ${binary} ${args.join(' ')} failed: ${err.message}`, { driver: 'kvm', cause: err }));
      else resolve(stdout);
    });
  });
}

/** QEMU device names (from `-device help`) mapped to the libvirt flags they imply. */
const DEVICE_FLAGS: Record<string, string[]> = {
  'piix3-usb-uhci': ['piix3-usb-uhci'],
  'piix4-usb-uhci': ['piix4-usb-uhci'],
  'usb-ehci': ['usb-ehci'],
  'ich9-usb-ehci1': ['ich9-usb-ehci1'],
  'pci-ohci': ['pci-ohci'],
  'nec-usb-xhci': ['nec-usb-xhci'],
  'qemu-xhci': ['qemu-xhci'],
  'usb-redir': ['usb-redir'],
  'usb-hub': ['usb-hub'],
  'usb-storage': ['usb-storage'],
  'usb-kbd': ['usb-kbd'],
  'usb-audio': ['usb-audio'],
  'usb-host': ['usb-host.hostdevice'],
  'usb-mtp': ['usb-mtp'],
  'ich9-ahci': ['ich9-ahci'],
  'scsi-block': ['scsi-block'],
  'lsi53c895a': ['lsi'],
  'virtio-scsi-pci': ['virtio-scsi-pci'],
  megasas: ['megasas'],
  mptsas1068: ['mptsas1068'],
  pvscsi: ['pvscsi'],
  am53c974: ['am53c974'],
  dc390: ['dc390'],
  qxl: ['qxl'],
  VGA: ['VGA'],
  'cirrus-vga': ['cirrus-vga'],
  vmware_svga: ['vmware-svga'],
  'bochs-display': ['bochs-display'],
  ramfb: ['ramfb'],
  'virtio-vga': ['virtio-vga'],
  'virtio-gpu-pci': ['virtio-gpu'],
  'virtio-gpu-gl-pci': ['virtio-gpu-gl-pci'],
  'virtio-vga-gl': ['virtio-vga-gl'],
  'vhost-user-gpu': ['vhost-user-gpu'],
  'vhost-user-vga': ['vhost-user-vga'],
  'virtio-rng-pci': ['virtio-rng'],
  'virtio-balloon-pci': ['virtio-balloon-pci.deflate-on-oom'],
  'virtio-keyboard-pci': ['virtio-keyboard'],
  'virtio-mouse-pci': ['virtio-mouse'],
  'virtio-tablet-pci': ['virtio-tablet'],
  'virtio-input-host-pci': ['virtio-input-host'],
  'virtio-iommu-pci': ['virtio-iommu-pci'],
  'virtio-mem-pci': ['virtio-mem-pci'],
  'virtio-pmem-pci': ['virtio-pmem-pci'],
  'vhost-vsock-pci': ['vhost-vsock'],
  'vhost-scsi-pci': ['vhost-scsi'],
  'vhost-user-fs-pci': ['vhost-user-fs'],
  'vhost-user-blk-pci': ['vhost-user-blk'],
  'tpm-tis': ['tpm-tis'],
  'tpm-crb': ['tpm-crb'],
  'pci-bridge': ['pci-bridge'],
  'i82801b11-bridge': ['dmi-to-pci-bridge'],
  'pcie-root-port': ['pcie-root-port'],
  ioh3420: ['ioh3420'],
  'x3130-upstream': ['x3130-upstream'],
  'xio3130-downstream': ['xio3130-downstream'],
  pxb: ['pxb'],
  'pxb-pcie': ['pxb-pcie'],
  'pcie-pci-bridge': ['pcie-pci-bridge'],
  'vfio-pci': ['vfio-pci'],
  'intel-iommu': ['intel-iommu'],
  'ivshmem-plain': ['ivshmem-plain'],
  'ivshmem-doorbell': ['ivshmem-doorbell'],
  pvpanic: ['pvpanic'],
  'pvpanic-pci': ['pvpanic-pci'],
  'pci-serial': ['pci-serial'],
  'isa-serial': ['isa-serial'],
  'ich9-intel-hda': ['ich9-intel-hda'],
  'hda-duplex': ['hda-duplex'],
  'hda-micro': ['hda-micro'],
  'hda-output': ['hda-output'],
  'ccid-card-emulated': ['ccid-emulated'],
  'ccid-card-passthru': ['ccid-passthru'],
  rtl8139: ['rtl8139'],
  e1000: ['e1000'],
  'virtio-net-pci': ['virtio-net'],
  'pc-dimm': ['pc-dimm'],
  nvdimm: ['nvdimm'],
  vmcoreinfo: ['vmcoreinfo'],
  vmgenid: ['vmgenid'],
  'virtio-sound-pci': ['virtio-sound'],
  'acpi-erst': ['acpi-erst'],
  'virtio-crypto-pci': ['virtio-crypto'],
};

/**
 * Probes a QEMU binary through its help output (`-version`, `-machine help`,
 * `-device help`, `-cpu help`). This is a coarse probe: flags that libvirt
 * derives from `query-qmp-schema` or device properties are approximated
 * from the QEMU version. A QMP-based probe (`query-machines`,
 * `query-qmp-schema`, `device-list-properties`) can fill the same record
 * precisely.
 * @throws PolyvisorError `OPERATION_FAILED` when the binary cannot be run.
 */
export async function probeQemuCaps(binary: string, opts: ProbeQemuCapsOptions = {}): Promise<QemuCaps> {
  const verOut = await run(binary, ['-version'], opts);
  const m = /version (\d+)\.(\d+)\.(\d+)/.exec(verOut);
  const version = m ? Number(m[1]) * 1_000_000 + Number(m[2]) * 1000 + Number(m[3]) : 0;
  const pkg = /\(([^)]*)\)/.exec(verOut.split('\n')[0] ?? '')?.[1];
  const archM = /qemu-system-([a-z0-9_]+)/.exec(binary);
  const machinesOut = await run(binary, ['-machine', 'help'], opts);
  const devicesOut = await run(binary, ['-device', 'help'], opts);
  const cpuOut = await run(binary, ['-cpu', 'help'], opts).catch(() => '');
  return capsFromHelp({ binary, version, pkg, arch: archM?.[1] ?? 'x86_64', machinesOut, devicesOut, cpuOut });
}

/** Inputs of {@link capsFromHelp}. */
export interface QemuHelpOutput {
  /** Binary path. */
  binary: string;
  /** libvirt-encoded version number. */
  version: number;
  /** Package string. */
  pkg?: string;
  /** Guest architecture. */
  arch: string;
  /** `-machine help` output. */
  machinesOut: string;
  /** `-device help` output. */
  devicesOut: string;
  /** `-cpu help` output. */
  cpuOut: string;
}

/** Builds a {@link QemuCaps} record from QEMU's help texts (pure; used by {@link probeQemuCaps}). */
export function capsFromHelp(h: QemuHelpOutput): QemuCaps {
  const machines: QemuMachineInfo[] = [];
  for (const line of h.machinesOut.split('\n')) {
    const mm = /^(\S+)\s+(.*)$/.exec(line.trim());
    if (!mm || line.startsWith('Supported machines')) continue;
    const [, name, desc] = mm as unknown as [string, string, string];
    const alias = /\(alias of ([^)]+)\)/.exec(desc);
    if (alias) {
      const target = alias[1]!;
      const existing = machines.find((x) => x.name === target);
      if (existing) existing.alias = name;
      else machines.push({ name: target, alias: name });
      continue;
    }
    const info = machines.find((x) => x.name === name) ?? { name };
    if (!machines.includes(info)) machines.push(info);
    if (desc.includes('(default)')) info.isDefault = true;
    if (desc.includes('deprecated')) info.deprecated = true;
    info.acpi = !/^(none|x-remote)$/.test(name);
    if (/^pc|^q35|^isapc/.test(name) || (info.alias && /^pc|^q35/.test(info.alias))) info.defaultRamId = 'pc.ram';
  }
  const flags = new Set<string>(['kvm', 'tcg', 'seccomp-sandbox', 'vnc', 'netdev.user', 'device.json+hotplug', 'netdev.json', 'query-cpu-definitions', 'query-cpu-model-expansion', 'virtio-pci-non-transitional', 'chardev-reconnect', 'memory-backend-memfd', 'cpu-unavailable-features', 'canonical-cpu-features', 'machine-i8042-opt', 'i8042', 'machine-hpet', 'smp-dies', 'set-action', 'rng-random', 'rng-egd', 'rng-builtin', 'tpm-passthrough', 'tpm-emulator']);
  for (const line of h.devicesOut.split('\n')) {
    const dm = /^name "([^"]+)"/.exec(line.trim());
    if (!dm) continue;
    for (const f of DEVICE_FLAGS[dm[1]!] ?? []) flags.add(f);
  }
  if (h.version >= 8_000_000) flags.add('smp-clusters');
  const cpuModels: QemuCpuModelInfo[] = [];
  for (const line of h.cpuOut.split('\n')) {
    const cm = /^x86\s+(\S+)/.exec(line.trim());
    if (cm) cpuModels.push({ name: cm[1]!, usable: true });
  }
  return {
    emulator: h.binary,
    version: h.version,
    package: h.pkg,
    arch: h.arch,
    flags,
    machines: { kvm: machines, tcg: machines.map((x) => ({ ...x })) },
    cpuModels: { kvm: cpuModels, tcg: cpuModels.map((x) => ({ ...x })) },
    hostCpu: {},
  };
}
