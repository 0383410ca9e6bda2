/**
 * `qemu-argv` native format: renders a domain as the QEMU command line
 * libvirt's `.args` files use (environment lines, then the emulator and its
 * options), for `polyvisor domxml-to-native qemu-argv`.
 *
 * Capabilities come from, in order: the `capsFile` option or the
 * `POLYVISOR_QEMU_CAPS_FILE` environment variable (a libvirt
 * `qemucapabilitiesdata/caps_*.xml` file), a caller-supplied record, or the
 * built-in {@link BUILTIN_QEMU_72_CAPS}.
 *
 * **Limitation:** the built-in record describes QEMU 7.2 for x86_64 as
 * derived from `qemu-system-x86_64 -machine help`, `-device help` and
 * `-cpu help` (Debian 12's 7.2 build). Flags that libvirt derives from
 * `query-qmp-schema` or device properties are approximated, so output for
 * another binary may differ from what libvirt would generate. A live probe
 * through QMP fills a {@link QemuCaps} precisely.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { DomainSpec, NativeFormat } from '@polyvisor/core';
import { loadLibvirtCapsXml, type QemuCaps, type QemuMachineInfo } from './caps.js';
import { buildQemuArgv, formatArgsFile, type QemuArgvOptions } from './argv.js';

const MACHINES_72: QemuMachineInfo[] = [
  { name: 'microvm' },
  { name: 'pc-i440fx-7.2', alias: 'pc', isDefault: true },
  { name: 'pc-i440fx-7.1' },
  { name: 'pc-i440fx-7.0' },
  { name: 'pc-i440fx-6.2' },
  { name: 'pc-i440fx-6.1' },
  { name: 'pc-i440fx-6.0' },
  { name: 'pc-i440fx-5.2' },
  { name: 'pc-i440fx-5.1' },
  { name: 'pc-i440fx-5.0' },
  { name: 'pc-i440fx-4.2' },
  { name: 'pc-i440fx-4.1' },
  { name: 'pc-i440fx-4.0' },
  { name: 'pc-i440fx-3.1' },
  { name: 'pc-i440fx-3.0' },
  { name: 'pc-i440fx-2.9' },
  { name: 'pc-i440fx-2.8' },
  { name: 'pc-i440fx-2.7' },
  { name: 'pc-i440fx-2.6' },
  { name: 'pc-i440fx-2.5' },
  { name: 'pc-i440fx-2.4' },
  { name: 'pc-i440fx-2.3' },
  { name: 'pc-i440fx-2.2' },
  { name: 'pc-i440fx-2.12' },
  { name: 'pc-i440fx-2.11' },
  { name: 'pc-i440fx-2.10' },
  { name: 'pc-i440fx-2.1' },
  { name: 'pc-i440fx-2.0' },
  { name: 'pc-i440fx-1.7' },
  { name: 'pc-i440fx-1.6' },
  { name: 'pc-i440fx-1.5' },
  { name: 'pc-i440fx-1.4' },
  { name: 'pc-q35-7.2', alias: 'q35' },
  { name: 'pc-q35-7.1' },
  { name: 'pc-q35-7.0' },
  { name: 'pc-q35-6.2' },
  { name: 'pc-q35-6.1' },
  { name: 'pc-q35-6.0' },
  { name: 'pc-q35-5.2' },
  { name: 'pc-q35-5.1' },
  { name: 'pc-q35-5.0' },
  { name: 'pc-q35-4.2' },
  { name: 'pc-q35-4.1' },
  { name: 'pc-q35-4.0.1' },
  { name: 'pc-q35-4.0' },
  { name: 'pc-q35-3.1' },
  { name: 'pc-q35-3.0' },
  { name: 'pc-q35-2.9' },
  { name: 'pc-q35-2.8' },
  { name: 'pc-q35-2.7' },
  { name: 'pc-q35-2.6' },
  { name: 'pc-q35-2.5' },
  { name: 'pc-q35-2.4' },
  { name: 'pc-q35-2.12' },
  { name: 'pc-q35-2.11' },
  { name: 'pc-q35-2.10' },
  { name: 'isapc' },
  { name: 'none' },
  { name: 'x-remote' },
];

const FLAGS_72 = ['VGA', 'acpi-erst', 'am53c974', 'bochs-display', 'canonical-cpu-features', 'ccid-emulated', 'ccid-passthru', 'chardev-reconnect', 'cirrus-vga', 'cpu-unavailable-features', 'dc390', 'device.json+hotplug', 'dmi-to-pci-bridge', 'e1000', 'hda-duplex', 'hda-micro', 'hda-output', 'i8042', 'ich9-ahci', 'ich9-intel-hda', 'ich9-usb-ehci1', 'intel-iommu', 'ioh3420', 'isa-serial', 'ivshmem-doorbell', 'ivshmem-plain', 'kvm', 'lsi', 'machine-hpet', 'machine-i8042-opt', 'megasas', 'memory-backend-memfd', 'mptsas1068', 'nec-usb-xhci', 'netdev.json', 'netdev.user', 'nvdimm', 'pc-dimm', 'pci-bridge', 'pci-ohci', 'pci-serial', 'pcie-pci-bridge', 'pcie-root-port', 'piix3-usb-uhci', 'piix4-usb-uhci', 'pvpanic', 'pvpanic-pci', 'pvscsi', 'pxb', 'pxb-pcie', 'qemu-xhci', 'query-cpu-definitions', 'query-cpu-model-expansion', 'qxl', 'ramfb', 'rng-builtin', 'rng-egd', 'rng-random', 'rtl8139', 'scsi-block', 'seccomp-sandbox', 'set-action', 'smp-dies', 'tcg', 'tpm-crb', 'tpm-emulator', 'tpm-passthrough', 'tpm-tis', 'usb-audio', 'usb-ehci', 'usb-host.hostdevice', 'usb-hub', 'usb-kbd', 'usb-mtp', 'usb-redir', 'usb-storage', 'vfio-pci', 'vhost-scsi', 'vhost-user-blk', 'vhost-user-fs', 'vhost-user-gpu', 'vhost-user-vga', 'vhost-vsock', 'virtio-balloon-pci.deflate-on-oom', 'virtio-crypto', 'virtio-gpu', 'virtio-gpu-gl-pci', 'virtio-input-host', 'virtio-iommu-pci', 'virtio-keyboard', 'virtio-mem-pci', 'virtio-mouse', 'virtio-net', 'virtio-pci-non-transitional', 'virtio-pmem-pci', 'virtio-rng', 'virtio-scsi-pci', 'virtio-tablet', 'virtio-vga', 'virtio-vga-gl', 'vmcoreinfo', 'vmgenid', 'vnc', 'x3130-upstream', 'xio3130-downstream'];

const CPUS_72 = ['486', '486-v1', 'Broadwell', 'Broadwell-IBRS', 'Broadwell-noTSX', 'Broadwell-noTSX-IBRS', 'Broadwell-v1', 'Broadwell-v2', 'Broadwell-v3', 'Broadwell-v4', 'Cascadelake-Server', 'Cascadelake-Server-noTSX', 'Cascadelake-Server-v1', 'Cascadelake-Server-v2', 'Cascadelake-Server-v3', 'Cascadelake-Server-v4', 'Cascadelake-Server-v5', 'Conroe', 'Conroe-v1', 'Cooperlake', 'Cooperlake-v1', 'Cooperlake-v2', 'Denverton', 'Denverton-v1', 'Denverton-v2', 'Denverton-v3', 'Dhyana', 'Dhyana-v1', 'Dhyana-v2', 'EPYC', 'EPYC-IBPB', 'EPYC-Milan', 'EPYC-Milan-v1', 'EPYC-Rome', 'EPYC-Rome-v1', 'EPYC-Rome-v2', 'EPYC-v1', 'EPYC-v2', 'EPYC-v3', 'Haswell', 'Haswell-IBRS', 'Haswell-noTSX', 'Haswell-noTSX-IBRS', 'Haswell-v1', 'Haswell-v2', 'Haswell-v3', 'Haswell-v4', 'Icelake-Server', 'Icelake-Server-noTSX', 'Icelake-Server-v1', 'Icelake-Server-v2', 'Icelake-Server-v3', 'Icelake-Server-v4', 'Icelake-Server-v5', 'Icelake-Server-v6', 'IvyBridge', 'IvyBridge-IBRS', 'IvyBridge-v1', 'IvyBridge-v2', 'KnightsMill', 'KnightsMill-v1', 'Nehalem', 'Nehalem-IBRS', 'Nehalem-v1', 'Nehalem-v2', 'Opteron_G1', 'Opteron_G1-v1', 'Opteron_G2', 'Opteron_G2-v1', 'Opteron_G3', 'Opteron_G3-v1', 'Opteron_G4', 'Opteron_G4-v1', 'Opteron_G5', 'Opteron_G5-v1', 'Penryn', 'Penryn-v1', 'SandyBridge', 'SandyBridge-IBRS', 'SandyBridge-v1', 'SandyBridge-v2', 'Skylake-Client', 'Skylake-Client-IBRS', 'Skylake-Client-noTSX-IBRS', 'Skylake-Client-v1', 'Skylake-Client-v2', 'Skylake-Client-v3', 'Skylake-Client-v4', 'Skylake-Server', 'Skylake-Server-IBRS', 'Skylake-Server-noTSX-IBRS', 'Skylake-Server-v1', 'Skylake-Server-v2', 'Skylake-Server-v3', 'Skylake-Server-v4', 'Skylake-Server-v5', 'Snowridge', 'Snowridge-v1', 'Snowridge-v2', 'Snowridge-v3', 'Snowridge-v4', 'Westmere', 'Westmere-IBRS', 'Westmere-v1', 'Westmere-v2', 'athlon', 'athlon-v1', 'core2duo', 'core2duo-v1', 'coreduo', 'coreduo-v1', 'kvm32', 'kvm32-v1', 'kvm64', 'kvm64-v1', 'n270', 'n270-v1', 'pentium', 'pentium-v1', 'pentium2', 'pentium2-v1', 'pentium3', 'pentium3-v1', 'phenom', 'phenom-v1', 'qemu32', 'qemu32-v1', 'qemu64', 'qemu64-v1', 'base', 'host', 'max'];

function machines72(): QemuMachineInfo[] {
  return MACHINES_72.map((m) => ({ ...m, acpi: m.name !== 'x-remote', ...(/^(pc|q35|isapc)/.test(m.name) ? { defaultRamId: 'pc.ram' } : {}) }));
}

/** Built-in capabilities of QEMU 7.2 for x86_64 (see the module notes for the limitation). */
export const BUILTIN_QEMU_72_CAPS: QemuCaps = {
  emulator: '/usr/bin/qemu-system-x86_64',
  version: 7_002_000,
  arch: 'x86_64',
  flags: new Set(FLAGS_72),
  machines: { kvm: machines72(), tcg: machines72() },
  cpuModels: { kvm: CPUS_72.map((name) => ({ name, usable: true })), tcg: CPUS_72.map((name) => ({ name, usable: true })) },
  hostCpu: {},
};

/** Options of {@link createQemuArgvFormat}. */
export interface QemuArgvFormatOptions {
  /** A libvirt caps XML file to read (overrides `POLYVISOR_QEMU_CAPS_FILE`). */
  capsFile?: string;
  /** A capabilities record (e.g. from a live probe). */
  caps?: QemuCaps;
  /** Renderer options (domain id, directories, fds). */
  argv?: QemuArgvOptions;
  /** Environment to read `POLYVISOR_QEMU_CAPS_FILE` from (default `process.env`). */
  env?: Record<string, string | undefined>;
}

/** Resolves the capabilities for {@link createQemuArgvFormat}: caps file option, `POLYVISOR_QEMU_CAPS_FILE`, caller record, built-in 7.2. */
export function resolveQemuCaps(opts: QemuArgvFormatOptions = {}): QemuCaps {
  const file = opts.capsFile ?? (opts.env ?? process.env).POLYVISOR_QEMU_CAPS_FILE;
  if (file) return loadLibvirtCapsXml(readFileSync(file, 'utf8'));
  return opts.caps ?? BUILTIN_QEMU_72_CAPS;
}

/** Creates a `qemu-argv` native format bound to a capability source. */
export function createQemuArgvFormat(opts: QemuArgvFormatOptions = {}): NativeFormat {
  return {
    name: 'qemu-argv',
    description: 'QEMU command line (libvirt .args format: environment, emulator and options)',
    toNative(spec: DomainSpec): string {
      return formatArgsFile(buildQemuArgv(spec, resolveQemuCaps(opts), opts.argv));
    },
  };
}

/** The `qemu-argv` native format with default capability resolution (`POLYVISOR_QEMU_CAPS_FILE` or the built-in QEMU 7.2 record). */
export const qemuArgvFormat: NativeFormat = createQemuArgvFormat();
