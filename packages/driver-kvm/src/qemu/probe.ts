/**
 * QMP-based capability probing, after libvirt's `virQEMUCapsInitQMP`: start
 * the binary with no machine (`-machine none`), talk to it over QMP and fill
 * the same {@link QemuCaps} record that {@link loadLibvirtCapsXml} reads
 * from libvirt's caps XML, with libvirt's flag names.
 *
 * The work is split in three layers so each can be tested on its own:
 * - {@link probeQemuCapsQmp} owns the QEMU process(es) and the private socket directory;
 * - {@link probeCapsOverQmp} / {@link queryCapsReplies} / {@link queryAccelReplies} run
 *   the QMP exchange on connected {@link QmpClient}s and collect the replies;
 * - {@link capsFromQmpReplies} turns the collected replies into a {@link QemuCaps}
 *   (pure, so recorded exchanges can be fed to it).
 *
 * Flags are derived the way libvirt derives them: from the introspected
 * schema (`query-qmp-schema` paths such as `netdev_add/arg-type/+user`),
 * command names, `qom-list-types`, `device-list-properties` /
 * `qom-list-properties` of a few types, `query-command-line-options`,
 * `query-tpm-models`/`-types`, `query-migrate-capabilities`, `query-kvm`
 * and `query-cpu-definitions`.
 * @module
 */
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbortError, ErrorCode, PolyvisorError, TimeoutError } from '@polyvisor/core';
import { QmpClient } from '../qmp/client.js';
import type { QemuAccel, QemuCaps, QemuCpuModelInfo, QemuHostCpuInfo, QemuMachineInfo } from './caps.js';

// ---------------------------------------------------------------------------
// Reply keys

/** A command that QEMU answered with an error, as kept in a replies map. */
export class QmpReplyError {
  /**
   * @param errorClass QMP error class (`GenericError`, `DeviceNotFound`, ...).
   * @param desc QMP error description.
   */
  constructor(
    /** QMP error class (`GenericError`, `DeviceNotFound`, ...). */
    readonly errorClass: string,
    /** QMP error description. */
    readonly desc: string,
  ) {}
}

/** JSON with object keys sorted recursively, so equal arguments give equal keys. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * The key of one command in a replies map (see {@link capsFromQmpReplies}):
 * the command name, then a space and the arguments as JSON with sorted keys
 * when there are any (`device-list-properties {"typename":"VGA"}`). Replies of
 * an extra accelerator pass are prefixed with the accelerator and a colon
 * (`tcg:query-machines`).
 */
export function qmpReplyKey(command: string, args?: object, accel?: QemuAccel): string {
  const a = args && Object.keys(args).length ? ` ${stableJson(args)}` : '';
  return `${accel ? `${accel}:` : ''}${command}${a}`;
}

// ---------------------------------------------------------------------------
// libvirt's probing tables (flag names are libvirt's capability names)

/** `qom-list-types` type → flag (libvirt's `virQEMUCapsObjectTypes`). */
const OBJECT_TYPE_FLAGS: ReadonlyArray<readonly [string, string]> = [
  ['hda-duplex', 'hda-duplex'],
  ['hda-micro', 'hda-micro'],
  ['hda-output', 'hda-output'],
  ['ccid-card-emulated', 'ccid-emulated'],
  ['ccid-card-passthru', 'ccid-passthru'],
  ['piix3-usb-uhci', 'piix3-usb-uhci'],
  ['piix4-usb-uhci', 'piix4-usb-uhci'],
  ['usb-ehci', 'usb-ehci'],
  ['ich9-usb-ehci1', 'ich9-usb-ehci1'],
  ['vt82c686b-usb-uhci', 'vt82c686b-usb-uhci'],
  ['pci-ohci', 'pci-ohci'],
  ['nec-usb-xhci', 'nec-usb-xhci'],
  ['qemu-xhci', 'qemu-xhci'],
  ['usb-redir', 'usb-redir'],
  ['usb-hub', 'usb-hub'],
  ['usb-storage', 'usb-storage'],
  ['usb-kbd', 'usb-kbd'],
  ['usb-audio', 'usb-audio'],
  ['usb-serial', 'usb-serial'],
  ['usb-mtp', 'usb-mtp'],
  ['ich9-ahci', 'ich9-ahci'],
  ['virtio-blk-ccw', 'virtio-ccw'],
  ['sclpconsole', 'sclpconsole'],
  ['sclplmconsole', 'sclplmconsole'],
  ['lsi53c895a', 'lsi'],
  ['virtio-scsi-pci', 'virtio-scsi-pci'],
  ['virtio-scsi-ccw', 'virtio-scsi-pci'],
  ['virtio-scsi-device', 'virtio-scsi-pci'],
  ['megasas', 'megasas'],
  ['mptsas1068', 'mptsas1068'],
  ['pvscsi', 'pvscsi'],
  ['dc390', 'dc390'],
  ['am53c974', 'am53c974'],
  ['scsi-block', 'scsi-block'],
  ['qxl', 'qxl'],
  ['VGA', 'VGA'],
  ['cirrus-vga', 'cirrus-vga'],
  ['vmware-svga', 'vmware-svga'],
  ['bochs-display', 'bochs-display'],
  ['ramfb', 'ramfb'],
  ['virtio-vga', 'virtio-vga'],
  ['virtio-gpu-pci', 'virtio-gpu'],
  ['virtio-gpu-device', 'virtio-gpu'],
  ['virtio-gpu-ccw', 'virtio-gpu-ccw'],
  ['virtio-gpu-gl-pci', 'virtio-gpu-gl-pci'],
  ['virtio-vga-gl', 'virtio-vga-gl'],
  ['vhost-user-gpu', 'vhost-user-gpu'],
  ['vhost-user-vga', 'vhost-user-vga'],
  ['virtio-rng-pci', 'virtio-rng'],
  ['virtio-rng-ccw', 'virtio-rng'],
  ['virtio-rng-device', 'virtio-rng'],
  ['rng-random', 'rng-random'],
  ['rng-egd', 'rng-egd'],
  ['rng-builtin', 'rng-builtin'],
  ['spapr-nvram', 'nvram'],
  ['pci-bridge', 'pci-bridge'],
  ['vfio-pci', 'vfio-pci'],
  ['i82801b11-bridge', 'dmi-to-pci-bridge'],
  ['virtio-mmio', 'virtio-mmio'],
  ['ich9-intel-hda', 'ich9-intel-hda'],
  ['pvpanic', 'pvpanic'],
  ['pvpanic-pci', 'pvpanic-pci'],
  ['pc-dimm', 'pc-dimm'],
  ['pci-serial', 'pci-serial'],
  ['isa-serial', 'isa-serial'],
  ['ioh3420', 'ioh3420'],
  ['x3130-upstream', 'x3130-upstream'],
  ['xio3130-downstream', 'xio3130-downstream'],
  ['pcie-root-port', 'pcie-root-port'],
  ['pcie-pci-bridge', 'pcie-pci-bridge'],
  ['pxb', 'pxb'],
  ['pxb-pcie', 'pxb-pcie'],
  ['rtl8139', 'rtl8139'],
  ['e1000', 'e1000'],
  ['virtio-net-pci', 'virtio-net'],
  ['virtio-net-ccw', 'virtio-net'],
  ['virtio-net-device', 'virtio-net'],
  ['virtio-keyboard-pci', 'virtio-keyboard'],
  ['virtio-keyboard-device', 'virtio-keyboard'],
  ['virtio-mouse-pci', 'virtio-mouse'],
  ['virtio-mouse-device', 'virtio-mouse'],
  ['virtio-tablet-pci', 'virtio-tablet'],
  ['virtio-tablet-device', 'virtio-tablet'],
  ['virtio-input-host-pci', 'virtio-input-host'],
  ['virtio-input-host-device', 'virtio-input-host'],
  ['input-linux', 'input-linux'],
  ['intel-iommu', 'intel-iommu'],
  ['virtio-iommu-pci', 'virtio-iommu-pci'],
  ['ivshmem-plain', 'ivshmem-plain'],
  ['ivshmem-doorbell', 'ivshmem-doorbell'],
  ['vhost-scsi', 'vhost-scsi'],
  ['vhost-user-blk', 'vhost-user-blk'],
  ['vhost-user-fs-device', 'vhost-user-fs'],
  ['vhost-vsock-device', 'vhost-vsock'],
  ['nvdimm', 'nvdimm'],
  ['virtio-pmem-pci', 'virtio-pmem-pci'],
  ['virtio-mem-pci', 'virtio-mem-pci'],
  ['vmcoreinfo', 'vmcoreinfo'],
  ['vmgenid', 'vmgenid'],
  ['mch', 'mch'],
  ['i8042', 'i8042'],
  ['vmport', 'machine-vmport-opt'],
  ['pr-manager-helper', 'pr-manager-helper'],
  ['dbus-vmstate', 'dbus-vmstate'],
  ['memory-backend-memfd', 'memory-backend-memfd'],
  ['thread-context', 'thread-context'],
  ['virtio-crypto-pci', 'virtio-crypto'],
  ['virtio-crypto-device', 'virtio-crypto'],
  ['cryptodev-backend-lkcf', 'cryptodev-backend-lkcf'],
  ['virtio-sound-pci', 'virtio-sound'],
  ['virtio-sound-device', 'virtio-sound'],
  ['acpi-erst', 'acpi-erst'],
  ['max-x86_64-cpu', 'x86-max-cpu'],
  ['tcg-accel', 'tcg'],
  ['sev-guest', 'sev-guest'],
  ['sgx-epc', 'sgx-epc'],
  ['spapr-pci-host-bridge', 'spapr-pci-host-bridge'],
  ['spapr-vty', 'spapr-vty'],
  ['spapr-tpm-proxy', 'spapr-tpm-proxy'],
  ['tpm-spapr', 'tpm-spapr'],
  ['pl011', 'pl011'],
  ['vfio-ccw', 'vfio-ccw'],
  ['vfio-ap', 'vfio-ap'],
  ['zpci', 'zpci'],
  ['s390-pv-guest', 's390-pv-guest'],
];

/** Types whose `-transitional` / `-non-transitional` variants imply `virtio-pci-non-transitional`. */
const TRANSITIONAL_BASES = ['virtio-blk-pci', 'virtio-net-pci', 'vhost-scsi-pci', 'virtio-rng-pci', 'virtio-9p-pci', 'virtio-balloon-pci', 'vhost-vsock-pci', 'virtio-scsi-pci', 'virtio-serial-pci'];

/** `device-list-properties` device → property → flag (libvirt's `virQEMUCapsDeviceProps`). */
const DEVICE_PROP_FLAGS: ReadonlyArray<readonly [string, Readonly<Record<string, string>>]> = [
  ['virtio-blk-pci', { scsi: 'virtio-blk-pci.scsi', 'queue-size': 'virtio-blk.queue-size', 'acpi-index': 'acpi-index', 'iothread-vq-mapping': 'virtio-blk.iothread-mapping' }],
  ['virtio-net-pci', { 'acpi-index': 'acpi-index', rss: 'virtio-net.rss' }],
  ['virtio-scsi-pci', { 'acpi-index': 'acpi-index', 'iothread-vq-mapping': 'virtio-scsi.iothread-mapping' }],
  ['scsi-hd', { channel: 'scsi-disk.channel', rotation_rate: 'rotation-rate' }],
  ['PIIX4_PM', { 'acpi-root-pci-hotplug': 'piix4.acpi-root-pci-hotplug' }],
  ['usb-redir', { filter: 'usb-redir.filter' }],
  ['kvm-pit', { lost_tick_policy: 'kvm-pit-lost-tick-policy' }],
  ['VGA', { vgamem_mb: 'VGA.vgamem_mb' }],
  ['vmware-svga', { vgamem_mb: 'vmware-svga.vgamem_mb' }],
  ['qxl', { vgamem_mb: 'qxl.vgamem_mb', vram64_size_mb: 'qxl.vram64_size_mb' }],
  ['virtio-gpu-pci', { virgl: 'virtio-gpu.virgl', 'acpi-index': 'acpi-index', blob: 'virtio-gpu.blob' }],
  ['virtio-gpu-device', { virgl: 'virtio-gpu.virgl', 'acpi-index': 'acpi-index', blob: 'virtio-gpu.blob' }],
  ['virtio-balloon-pci', { 'deflate-on-oom': 'virtio-balloon-pci.deflate-on-oom', 'free-page-reporting': 'virtio-balloon.free-page-reporting', 'acpi-index': 'acpi-index' }],
  ['virtio-balloon-device', { 'deflate-on-oom': 'virtio-balloon-pci.deflate-on-oom', 'free-page-reporting': 'virtio-balloon.free-page-reporting', 'acpi-index': 'acpi-index' }],
  ['intel-iommu', { intremap: 'intel-iommu.intremap', 'caching-mode': 'intel-iommu.caching-mode', eim: 'intel-iommu.eim', 'device-iotlb': 'intel-iommu.device-iotlb', 'aw-bits': 'intel-iommu.aw-bits', 'dma-translation': 'intel-iommu.dma-translation' }],
  ['mch', { 'extended-tseg-mbytes': 'mch.extended-tseg-mbytes' }],
  ['nvdimm', { unarmed: 'nvdimm.unarmed' }],
  ['pcie-root-port', { hotplug: 'pcie-root-port.hotplug' }],
  ['usb-host', { hostdevice: 'usb-host.hostdevice', 'guest-resets-all': 'usb-host.guest-resets-all' }],
  ['vhost-user-fs-device', { bootindex: 'vhost-user-fs.bootindex' }],
  ['virtio-mem-pci', { prealloc: 'virtio-mem-pci.prealloc', 'dynamic-memslots': 'virtio-mem-pci.dynamic-memslots' }],
  ['virtio-iommu-pci', { 'boot-bypass': 'virtio-iommu.boot-bypass' }],
];

/** `qom-list-properties` object type → property → flag (libvirt's `virQEMUCapsObjectProps` and machine props). */
const OBJECT_PROP_FLAGS: ReadonlyArray<readonly [string, Readonly<Record<string, string>>]> = [
  ['memory-backend-file', { pmem: 'memory-backend-file.pmem', 'x-use-canonical-path-for-ramblock-id': 'memory-backend-file.x-use-canonical-path-for-ramblock-id', reserve: 'memory-backend-file.reserve', 'prealloc-threads': 'memory-backend-file.prealloc-threads' }],
  ['memory-backend-memfd', { hugetlb: 'memory-backend-memfd.hugetlb' }],
  ['max-x86_64-cpu', { 'unavailable-features': 'cpu-unavailable-features', migratable: 'cpu.migratable' }],
  ['none-machine', { 'confidential-guest-support': 'confidential-guest-support', shim: 'shim' }],
  ['generic-pc-machine', { i8042: 'machine-i8042-opt', hpet: 'machine-hpet' }],
];

/** Introspection paths → flag (libvirt's `virQEMUCapsQMPSchemaQueries`; syntax of `virQEMUQAPISchemaPathGet`). */
const SCHEMA_QUERY_FLAGS: ReadonlyArray<readonly [string, string]> = [
  ['blockdev-add/arg-type/+file/drop-cache', 'migration-file-drop-cache'],
  ['blockdev-add/arg-type/+nvme', 'drive-nvme'],
  ['blockdev-add/arg-type/+file/aio/^io_uring', 'aio.io_uring'],
  ['blockdev-add/arg-type/+rbd/encrypt', 'rbd-encryption'],
  ['blockdev-add/arg-type/+rbd/encrypt/parent', 'rbd-encryption-layering'],
  ['blockdev-add/arg-type/+rbd/encrypt/format/^luks-any', 'rbd-encryption-luks-any'],
  ['blockdev-add/arg-type/+nbd/tls-hostname', 'blockdev.nbd.tls-hostname'],
  ['blockdev-add/arg-type/+qcow2/discard-no-unref', 'qcow2-discard-no-unref'],
  ['blockdev-add/arg-type/+virtio-blk-vhost-vdpa/$fdset', 'virtio-blk-vhost-vdpa'],
  ['block-stream/arg-type/backing-mask-protocol', 'blockjob.backing-mask-protocol'],
  ['chardev-add/arg-type/backend/+socket/data/reconnect', 'chardev-reconnect'],
  ['chardev-add/arg-type/backend/+socket/data/reconnect-ms', 'chardev-reconnect-miliseconds'],
  ['chardev-add/arg-type/backend/+qemu-vdagent', 'chardev.qemu-vdagent'],
  ['device_add/$json-cli-hotplug', 'device.json+hotplug'],
  ['nbd-server-start/arg-type/tls-creds', 'nbd-tls'],
  ['netdev_add/arg-type/+user', 'netdev.user'],
  ['netdev_add/arg-type/+stream', 'netdev.stream'],
  ['netdev_add/arg-type/+stream/reconnect', 'netdev.stream.reconnect'],
  ['netdev_add/arg-type/+stream/reconnect-ms', 'netdev-stream-reconnect-miliseconds'],
  ['netdev_add/arg-type/+vhost-vdpa', 'netdev.vhost-vdpa'],
  // JSON support for -netdev came with the 'dgram' netdev type.
  ['netdev_add/arg-type/type/^dgram', 'netdev.json'],
  ['query-display-options/ret-type/+egl-headless/rendernode', 'egl-headless.rendernode'],
  ['query-display-options/ret-type/+sdl', 'sdl'],
  ['query-display-options/ret-type/+egl-headless', 'egl-headless'],
  ['query-display-options/ret-type/+dbus', 'display-dbus'],
  ['query-hotpluggable-cpus/ret-type/props/die-id', 'smp-dies'],
  ['query-hotpluggable-cpus/ret-type/props/cluster-id', 'smp-clusters'],
  ['screendump/arg-type/device', 'screendump_device'],
  ['screendump/arg-type/format/^png', 'screenshot-format-png'],
  ['set-numa-node/arg-type/+hmat-lb', 'numa.hmat'],
  ['object-add/arg-type/+sev-guest/kernel-hashes', 'sev-guest-kernel-hashes'],
  ['object-add/arg-type/+iothread/thread-pool-max', 'iothread.thread-pool-max'],
  ['calc-dirty-rate/arg-type/mode', 'dirtyrate-param.mode'],
  ['query-migrate/ret-type/blocked-reasons', 'migration.blocked-reasons'],
  ['migrate-incoming/arg-type/exit-on-error', 'migrate-incoming.exit-on-error'],
];

/** Command names → flag (libvirt's `virQEMUCapsCommands`). */
const COMMAND_FLAGS: ReadonlyArray<readonly [string, string]> = [
  ['query-vnc', 'vnc'],
  ['rtc-reset-reinjection', 'rtc-reset-reinjection'],
  ['query-cpu-model-expansion', 'query-cpu-model-expansion'],
  ['query-cpu-definitions', 'query-cpu-definitions'],
  ['query-cpu-model-baseline', 'query-cpu-model-baseline'],
  ['query-cpu-model-comparison', 'query-cpu-model-comparison'],
  ['set-action', 'set-action'],
  ['query-dirty-rate', 'query-dirty-rate'],
  ['calc-dirty-rate', 'calc-dirty-rate'],
  ['sev-inject-launch-secret', 'sev-inject-launch-secret'],
  ['query-stats', 'query-stats'],
  ['query-stats-schemas', 'query-stats-schemas'],
  ['display-reload', 'display-reload'],
  ['blockdev-set-active', 'blockdev-set-active'],
];

/** `query-command-line-options` option (+ parameter) → flag (libvirt's `virQEMUCapsCommandLine`). */
const COMMAND_LINE_FLAGS: ReadonlyArray<readonly [string, string | undefined, string]> = [
  ['fsdev', 'multidevs', 'fsdev.multidevs'],
  ['machine', 'hpet', 'machine-hpet'],
  ['sandbox', undefined, 'seccomp-sandbox'],
  ['spice', undefined, 'spice'],
  ['spice', 'gl', 'spice-gl'],
  ['spice', 'rendernode', 'spice-rendernode'],
  ['vnc', 'power-control', 'vnc-power-control'],
  ['run-with', 'async-teardown', 'run-with.async-teardown'],
];

/** `query-tpm-models` / `query-tpm-types` values → flag. */
const TPM_MODEL_FLAGS: Readonly<Record<string, string>> = { 'tpm-tis': 'tpm-tis', 'tpm-crb': 'tpm-crb', 'tpm-spapr': 'tpm-spapr' };
const TPM_TYPE_FLAGS: Readonly<Record<string, string>> = { passthrough: 'tpm-passthrough', emulator: 'tpm-emulator' };

/** libvirt's Hyper-V enlightenment names (`virDomainHyperv`), reported when QEMU's full `host` expansion enables `hv-<name>`. */
const HYPERV_FEATURES = ['relaxed', 'vapic', 'spinlocks', 'vpindex', 'runtime', 'synic', 'stimer', 'reset', 'vendor_id', 'frequencies', 'reenlightenment', 'tlbflush', 'ipi', 'evmcs', 'avic', 'emsr_bitmap', 'xmm_input'];

/** libvirt's preferred default machine per guest architecture (it overrides QEMU's own default). */
const PREFERRED_MACHINES: Readonly<Record<string, string>> = { x86_64: 'pc', i386: 'pc', aarch64: 'virt', arm: 'virt', riscv64: 'virt', riscv32: 'virt', ppc64: 'pseries', ppc: 'g3beige', s390x: 's390-ccw-virtio', sparc: 'SS-5', sparc64: 'sun4u', mips: 'malta', mipsel: 'malta', mips64: 'malta', mips64el: 'malta' };

/** Device types whose properties matter (queried with `device-list-properties` when present). */
const PROPERTY_DEVICES = DEVICE_PROP_FLAGS.map(([t]) => t);
/**
 * Object types whose properties matter, queried with `qom-list-properties`:
 * ordinary types when `qom-list-types` lists them, machine base types
 * (abstract, so never listed) always, as libvirt does.
 */
const PROPERTY_OBJECTS = OBJECT_PROP_FLAGS.map(([t]) => t);
const isMachineType = (t: string): boolean => t.endsWith('-machine');

// ---------------------------------------------------------------------------
// Schema traversal (libvirt's virQEMUQAPISchemaPathGet)

interface SchemaEntry {
  name: string;
  'meta-type': string;
  'arg-type'?: string;
  'ret-type'?: string;
  'element-type'?: string;
  'json-type'?: string;
  members?: Array<{ name?: string; type?: string; default?: unknown; features?: string[] } | string>;
  values?: string[];
  variants?: Array<{ case: string; type: string }>;
  features?: string[];
}

/**
 * Whether an introspection path exists in the schema. Components after the
 * command or event name: a member name (`*name`: the member must be
 * optional), `+case` (a union variant), `^value` (an enum value), `!type`
 * (a builtin JSON type), `$feature` (a feature flag). Arrays are flattened
 * and alternates tried member by member, as libvirt does.
 */
export function qmpSchemaPathExists(schema: ReadonlyMap<string, unknown>, path: string): boolean {
  const parts = path.split('/');
  const head = parts.shift()!;
  if (!schema.has(head)) return false;
  return traverse(schema as ReadonlyMap<string, SchemaEntry>, head, parts, 0) === true;
}

function hasFeature(e: { features?: unknown }, name: string): boolean {
  return Array.isArray(e.features) && e.features.includes(name);
}

function traverse(schema: ReadonlyMap<string, SchemaEntry>, typeName: string, rest: string[], depth: number): boolean {
  if (depth > 1000) return false;
  const cur = schema.get(typeName);
  if (!cur) return false;
  if (rest.length === 0) return true;
  const [q, ...tail] = rest as [string, ...string[]];
  const mod = /^[A-Za-z]/.test(q) ? '' : q[0]!;
  const name = mod ? q.slice(1) : q;
  switch (cur['meta-type']) {
    case 'command':
    case 'event': {
      if (mod === '$') return tail.length === 0 && hasFeature(cur, name);
      if (mod) return false;
      const t = (cur as unknown as Record<string, unknown>)[name];
      return typeof t === 'string' && traverse(schema, t, tail, depth + 1);
    }
    case 'object': {
      if (mod === '^' || mod === '!') return false;
      if (mod === '$') return tail.length === 0 && hasFeature(cur, name);
      if (mod === '+') {
        const v = cur.variants?.find((x) => x.case === name);
        return !!v && traverse(schema, v.type, tail, depth + 1);
      }
      const m = cur.members?.find((x): x is { name: string; type: string; default?: unknown } => typeof x === 'object' && x.name === name);
      if (!m) return false;
      if (mod === '*' && !('default' in m)) return false;
      return traverse(schema, m.type, tail, depth + 1);
    }
    case 'array':
      return typeof cur['element-type'] === 'string' && traverse(schema, cur['element-type'], rest, depth + 1);
    case 'enum': {
      if (mod !== '^') return false;
      let feature: string | undefined;
      if (tail.length) {
        if (tail.length > 1 || !tail[0]!.startsWith('$')) return false;
        feature = tail[0]!.slice(1);
      }
      if (Array.isArray(cur.members) && cur.members.length && typeof cur.members[0] === 'object') {
        const m = cur.members.find((x) => typeof x === 'object' && x.name === name) as { features?: string[] } | undefined;
        return !!m && (feature === undefined || hasFeature(m, feature));
      }
      const values = cur.values ?? (cur.members as string[] | undefined) ?? [];
      return feature === undefined && values.includes(name);
    }
    case 'builtin':
      return mod === '!' && tail.length === 0 && cur['json-type'] === name;
    case 'alternate':
      return (cur.members ?? []).some((m) => typeof m === 'object' && typeof m.type === 'string' && traverse(schema, m.type, rest, depth + 1));
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// Pure parsing

interface MachineReply {
  name: string;
  alias?: string;
  'is-default'?: boolean;
  'cpu-max'?: number;
  'hotpluggable-cpus'?: boolean;
  'default-cpu-type'?: string;
  'default-ram-id'?: string;
  'numa-mem-supported'?: boolean;
  deprecated?: boolean;
  acpi?: boolean;
}

interface CpuDefReply {
  name: string;
  typename?: string;
  'unavailable-features'?: string[];
  deprecated?: boolean;
}

function ok<T>(replies: ReadonlyMap<string, unknown>, key: string): T | undefined {
  const v = replies.get(key);
  return v === undefined || v instanceof QmpReplyError ? undefined : (v as T);
}

function names(list: unknown): string[] {
  return Array.isArray(list) ? list.map((x) => (typeof x === 'string' ? x : (x as { name?: string })?.name)).filter((x): x is string => typeof x === 'string') : [];
}

function parseMachines(list: MachineReply[] | undefined, arch: string): QemuMachineInfo[] {
  const out: QemuMachineInfo[] = [];
  let preferred = -1;
  let qemuDefault = -1;
  const want = PREFERRED_MACHINES[arch];
  for (const m of list ?? []) {
    if (m.name === 'none') continue;
    const info: QemuMachineInfo = { name: m.name };
    if (m.alias) info.alias = m.alias;
    if (typeof m['cpu-max'] === 'number') info.maxCpus = m['cpu-max'];
    if (m['hotpluggable-cpus']) info.hotplugCpus = true;
    if (m['default-cpu-type']) info.defaultCpu = m['default-cpu-type'];
    if (m['default-ram-id']) info.defaultRamId = m['default-ram-id'];
    if (m.deprecated) info.deprecated = true;
    if (m.acpi !== undefined) info.acpi = m.acpi;
    if (m['numa-mem-supported']) info.numaMemSupported = true;
    out.push(info);
    if (want && (m.alias === want || m.name === want)) preferred = out.length - 1;
    if (m['is-default']) qemuDefault = out.length - 1;
  }
  // libvirt prefers its historical default over QEMU's and lists it first.
  const def = preferred >= 0 ? preferred : qemuDefault;
  if (def >= 0) {
    const [d] = out.splice(def, 1);
    d!.isDefault = true;
    out.unshift(d!);
  }
  return out;
}

function parseCpuModels(list: CpuDefReply[] | undefined): QemuCpuModelInfo[] {
  return (list ?? []).map((c) => {
    const info: QemuCpuModelInfo = { name: c.name };
    if (c.typename) info.typename = c.typename;
    const blockers = c['unavailable-features'];
    if (Array.isArray(blockers)) {
      info.usable = blockers.length === 0;
      if (blockers.length) info.blockers = [...blockers];
    }
    if (c.deprecated) info.deprecated = true;
    return info;
  });
}

function parseHostCpu(reply: unknown): QemuHostCpuInfo | undefined {
  const model = (reply as { model?: { name?: string; props?: Record<string, unknown> } } | undefined)?.model;
  if (!model?.name) return undefined;
  const props: Record<string, boolean | number | string> = {};
  for (const [k, v] of Object.entries(model.props ?? {})) if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') props[k] = v;
  return { model: model.name, props };
}

/** Arguments of the static host-CPU expansion libvirt runs per accelerator (`host` when accelerated, `max` under TCG). */
function hostExpansionArgs(accel: QemuAccel): object {
  return { type: 'static', model: { name: accel === 'kvm' ? 'host' : 'max' } };
}
const HYPERV_EXPANSION_ARGS = { type: 'full', model: { name: 'host', props: { migratable: false, 'hv-passthrough': true } } };

function kvmEnabled(reply: unknown): boolean {
  const r = reply as { present?: boolean; enabled?: boolean } | undefined;
  return !!(r?.present && r.enabled);
}

/**
 * Builds a {@link QemuCaps} record from QMP replies (pure). Keys are made with
 * {@link qmpReplyKey}; values are the `return` payloads, or
 * {@link QmpReplyError} for commands QEMU refused. Expected keys (missing
 * ones just contribute nothing): `query-version`, `query-target`,
 * `query-qmp-schema`, `query-kvm`, `qom-list-types`,
 * `device-list-properties {"typename":...}`, `qom-list-properties {"typename":...}`,
 * `query-machines`, `query-cpu-definitions`, `query-tpm-models`,
 * `query-tpm-types`, `query-command-line-options`,
 * `query-migrate-capabilities`, `query-sev-capabilities`,
 * `query-sgx-capabilities`, `query-cpu-model-expansion {...}`. The
 * monitor's accelerator is KVM when its `query-kvm` says present and enabled,
 * else TCG (as in libvirt); replies of another accelerator's pass are keyed
 * `<accel>:<key>` (`query-kvm`, `query-machines`, `query-cpu-definitions`,
 * `query-cpu-model-expansion`). An accelerator without its own pass gets a
 * copy of the monitor's machine and CPU model lists.
 */
export function capsFromQmpReplies(replies: ReadonlyMap<string, unknown>): QemuCaps {
  const ver = ok<{ qemu?: { major: number; minor: number; micro: number }; package?: string }>(replies, 'query-version');
  const q = ver?.qemu;
  const arch = ok<{ arch?: string }>(replies, 'query-target')?.arch ?? 'x86_64';
  const flags = new Set<string>();

  // query-qmp-schema: paths and command names.
  const schemaList = ok<SchemaEntry[]>(replies, 'query-qmp-schema');
  if (Array.isArray(schemaList)) {
    const schema = new Map(schemaList.map((e) => [e.name, e]));
    for (const [path, flag] of SCHEMA_QUERY_FLAGS) if (qmpSchemaPathExists(schema, path)) flags.add(flag);
    for (const [cmd, flag] of COMMAND_FLAGS) if (schema.get(cmd)?.['meta-type'] === 'command') flags.add(flag);
  }

  // query-kvm decides the accelerator of this monitor.
  const mainKvm = kvmEnabled(ok(replies, 'query-kvm'));
  const mainAccel: QemuAccel = mainKvm ? 'kvm' : 'tcg';
  if (mainKvm || kvmEnabled(ok(replies, qmpReplyKey('query-kvm', undefined, 'kvm')))) flags.add('kvm');

  // qom-list-types.
  const types = new Set(names(ok(replies, 'qom-list-types')));
  for (const [type, flag] of OBJECT_TYPE_FLAGS) if (types.has(type)) flags.add(flag);
  if (TRANSITIONAL_BASES.some((b) => types.has(`${b}-transitional`) || types.has(`${b}-non-transitional`))) flags.add('virtio-pci-non-transitional');

  // device-list-properties / qom-list-properties.
  for (const [dev, props] of DEVICE_PROP_FLAGS) {
    const have = new Set(names(ok(replies, qmpReplyKey('device-list-properties', { typename: dev }))));
    for (const [prop, flag] of Object.entries(props)) if (have.has(prop)) flags.add(flag);
  }
  for (const [obj, props] of OBJECT_PROP_FLAGS) {
    const have = new Set(names(ok(replies, qmpReplyKey('qom-list-properties', { typename: obj }))));
    for (const [prop, flag] of Object.entries(props)) if (have.has(prop)) flags.add(flag);
  }

  // CPU definitions.
  const cpuDefs = ok<CpuDefReply[]>(replies, 'query-cpu-definitions');
  if (cpuDefs?.some((c) => c.name === 'max')) flags.add('cpu-max');

  // TPM, command line, migration.
  for (const m of names(ok(replies, 'query-tpm-models'))) if (TPM_MODEL_FLAGS[m]) flags.add(TPM_MODEL_FLAGS[m]);
  for (const t of names(ok(replies, 'query-tpm-types'))) if (TPM_TYPE_FLAGS[t]) flags.add(TPM_TYPE_FLAGS[t]);
  const cmdline = ok<Array<{ option: string; parameters?: Array<{ name: string }> }>>(replies, 'query-command-line-options');
  if (Array.isArray(cmdline)) {
    for (const [option, param, flag] of COMMAND_LINE_FLAGS) {
      const o = cmdline.find((x) => x.option === option);
      if (o && (param === undefined || o.parameters?.some((p) => p.name === param))) flags.add(flag);
    }
  }
  const migCaps = ok<Array<{ capability?: string; state?: boolean }>>(replies, 'query-migrate-capabilities');
  if (migCaps?.some((c) => c.capability === 'rdma-pin-all')) flags.add('migrate-rdma');
  // SEV / SGX objects exist in every x86 build; libvirt keeps the flags only when the host supports them.
  if (flags.has('sev-guest') && !ok(replies, 'query-sev-capabilities')) flags.delete('sev-guest');
  if (flags.has('sgx-epc') && !ok(replies, 'query-sgx-capabilities')) flags.delete('sgx-epc');

  // libvirt's post-processing.
  if (flags.has('cpu-unavailable-features')) flags.add('canonical-cpu-features');

  const caps: QemuCaps = {
    version: q ? q.major * 1_000_000 + q.minor * 1000 + q.micro : 0,
    arch,
    flags,
    machines: { kvm: [], tcg: [] },
    cpuModels: { kvm: [], tcg: [] },
    hostCpu: {},
  };
  if (ver?.package !== undefined) caps.package = ver.package;

  caps.machines[mainAccel] = parseMachines(ok(replies, 'query-machines'), arch);
  caps.cpuModels[mainAccel] = parseCpuModels(cpuDefs);
  const mainHost = parseHostCpu(ok(replies, qmpReplyKey('query-cpu-model-expansion', hostExpansionArgs(mainAccel))));
  if (mainHost) caps.hostCpu[mainAccel] = mainHost;
  const other: QemuAccel = mainAccel === 'kvm' ? 'tcg' : 'kvm';
  const otherMachines = ok<MachineReply[]>(replies, qmpReplyKey('query-machines', undefined, other));
  caps.machines[other] = otherMachines ? parseMachines(otherMachines, arch) : caps.machines[mainAccel].map((m) => ({ ...m }));
  const otherCpus = ok<CpuDefReply[]>(replies, qmpReplyKey('query-cpu-definitions', undefined, other));
  caps.cpuModels[other] = otherCpus ? parseCpuModels(otherCpus) : caps.cpuModels[mainAccel].map((c) => ({ ...c, ...(c.blockers ? { blockers: [...c.blockers] } : {}) }));
  const otherHost = parseHostCpu(ok(replies, qmpReplyKey('query-cpu-model-expansion', hostExpansionArgs(other), other)));
  if (otherHost) caps.hostCpu[other] = otherHost;

  // Hyper-V enlightenments from the full `host` expansion (KVM only).
  const hvKey = qmpReplyKey('query-cpu-model-expansion', HYPERV_EXPANSION_ARGS, mainAccel === 'kvm' ? undefined : 'kvm');
  const hv = (ok<{ model?: { props?: Record<string, unknown> } }>(replies, hvKey))?.model?.props;
  if (hv) {
    const list = HYPERV_FEATURES.filter((f) => {
      const v = hv[`hv-${f.replace(/_/g, '-')}`];
      return v === true || (typeof v === 'number' && v > 0) || (typeof v === 'string' && v !== '');
    });
    if (list.length) caps.hypervCaps = list;
  }
  return caps;
}

// ---------------------------------------------------------------------------
// The QMP exchange

/** Options of the QMP exchange ({@link queryCapsReplies}, {@link probeCapsOverQmp}). */
export interface QmpProbeOptions {
  /** Aborts the exchange. */
  signal?: AbortSignal;
  /** Timeout per command in milliseconds (default: the client's per-command table). */
  timeoutMs?: number;
}

async function ask(client: QmpClient, into: Map<string, unknown>, command: string, args: object | undefined, opts: QmpProbeOptions, accel?: QemuAccel): Promise<unknown> {
  const key = qmpReplyKey(command, args, accel);
  try {
    const callOpts = { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) };
    const r = await client.execute(command, args, callOpts);
    into.set(key, r);
    return r;
  } catch (err) {
    if (err instanceof PolyvisorError && err.code === ErrorCode.HYPERVISOR_ERROR) {
      const d = err.detail as { class?: string; desc?: string } | undefined;
      const e = new QmpReplyError(d?.class ?? 'GenericError', d?.desc ?? err.message);
      into.set(key, e);
      return e;
    }
    throw err;
  }
}

/**
 * Runs libvirt's main probing sequence on a connected monitor and returns
 * the replies keyed by {@link qmpReplyKey}. Command errors are kept as
 * {@link QmpReplyError}; transport errors, timeouts and aborts reject.
 */
export async function queryCapsReplies(client: QmpClient, opts: QmpProbeOptions = {}): Promise<Map<string, unknown>> {
  const r = new Map<string, unknown>();
  await ask(client, r, 'query-version', undefined, opts);
  await ask(client, r, 'query-target', undefined, opts);
  await ask(client, r, 'query-qmp-schema', undefined, opts);
  const kvm = await ask(client, r, 'query-kvm', undefined, opts);
  const accel: QemuAccel = kvmEnabled(kvm) ? 'kvm' : 'tcg';
  const types = new Set(names(await ask(client, r, 'qom-list-types', undefined, opts)));
  for (const dev of PROPERTY_DEVICES) if (types.has(dev)) await ask(client, r, 'device-list-properties', { typename: dev }, opts);
  for (const obj of PROPERTY_OBJECTS) if (types.has(obj) || isMachineType(obj)) await ask(client, r, 'qom-list-properties', { typename: obj }, opts);
  await ask(client, r, 'query-machines', undefined, opts);
  await ask(client, r, 'query-cpu-definitions', undefined, opts);
  await ask(client, r, 'query-tpm-models', undefined, opts);
  await ask(client, r, 'query-tpm-types', undefined, opts);
  await ask(client, r, 'query-command-line-options', undefined, opts);
  await ask(client, r, 'query-migrate-capabilities', undefined, opts);
  if (types.has('sev-guest')) await ask(client, r, 'query-sev-capabilities', undefined, opts);
  if (types.has('sgx-epc')) await ask(client, r, 'query-sgx-capabilities', undefined, opts);
  await ask(client, r, 'query-cpu-model-expansion', hostExpansionArgs(accel), opts);
  if (accel === 'kvm') await ask(client, r, 'query-cpu-model-expansion', HYPERV_EXPANSION_ARGS, opts);
  return r;
}

/**
 * Runs the per-accelerator part of the probe (libvirt's second, TCG-only
 * pass) on a monitor of the same binary started with accelerator `accel`,
 * adding `<accel>:`-prefixed replies to `into`.
 */
export async function queryAccelReplies(client: QmpClient, accel: QemuAccel, into: Map<string, unknown>, opts: QmpProbeOptions = {}): Promise<void> {
  if (accel === 'kvm') await ask(client, into, 'query-kvm', undefined, opts, accel);
  await ask(client, into, 'query-cpu-definitions', undefined, opts, accel);
  await ask(client, into, 'query-cpu-model-expansion', hostExpansionArgs(accel), opts, accel);
  if (accel === 'kvm') await ask(client, into, 'query-cpu-model-expansion', HYPERV_EXPANSION_ARGS, opts, accel);
  await ask(client, into, 'query-machines', undefined, opts, accel);
}

/** Options of {@link probeCapsOverQmp}. */
export interface ProbeCapsOverQmpOptions extends QmpProbeOptions {
  /** Monitors of the same binary started with another accelerator, for that accelerator's machine and CPU lists. */
  accelClients?: Partial<Record<QemuAccel, QmpClient>>;
}

/**
 * Probes the capabilities of the QEMU behind a connected monitor (and,
 * optionally, monitors of the same binary under other accelerators):
 * {@link queryCapsReplies} + {@link queryAccelReplies} + {@link capsFromQmpReplies}.
 */
export async function probeCapsOverQmp(client: QmpClient, opts: ProbeCapsOverQmpOptions = {}): Promise<QemuCaps> {
  const replies = await queryCapsReplies(client, opts);
  const mainAccel: QemuAccel = kvmEnabled(ok(replies, 'query-kvm')) ? 'kvm' : 'tcg';
  for (const [accel, c] of Object.entries(opts.accelClients ?? {}) as Array<[QemuAccel, QmpClient | undefined]>) {
    if (c && accel !== mainAccel) await queryAccelReplies(c, accel, replies, opts);
  }
  return capsFromQmpReplies(replies);
}

// ---------------------------------------------------------------------------
// Process management

/** Options of {@link probeQemuCapsQmp}. */
export interface ProbeQemuCapsQmpOptions {
  /** Aborts the probe (QEMU is killed and the directory removed). */
  signal?: AbortSignal;
  /** Deadline for the whole probe in milliseconds (default 60 s). */
  timeoutMs?: number;
  /**
   * Accelerators to probe, one QEMU process each (default: `tcg`, plus `kvm`
   * when `/dev/kvm` is readable and writable). `kvm` is skipped when
   * `/dev/kvm` is not usable; an accelerator not probed gets a copy of the
   * probed lists.
   */
  accel?: QemuAccel[];
  /** Parent of the private socket directory (default: the OS temporary directory). */
  tmpDir?: string;
}

/** Whether this process can open `/dev/kvm` read-write (libvirt's `virQEMUCapsKVMUsable`). */
export async function kvmUsable(): Promise<boolean> {
  try {
    await access('/dev/kvm', fsConstants.R_OK | fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}

interface ProbeProcess {
  client: QmpClient;
  stop(): Promise<void>;
}

async function startProbeProcess(binary: string, accel: QemuAccel, signal: AbortSignal, parent: string): Promise<ProbeProcess> {
  const dir = await mkdtemp(join(parent, 'polyvisor-qemucaps-'));
  await chmod(dir, 0o700);
  const sock = join(dir, 'qmp.sock');
  const args = ['-S', '-no-user-config', '-nodefaults', '-nographic', '-machine', `none,accel=${accel}`, '-qmp', `unix:${sock.replace(/,/g, ',,')},server=on,wait=off`];
  let stderr = '';
  let exited: { code: number | null; sig: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const exitedP = new Promise<void>((resolve) => {
    child.once('exit', (code, sig) => {
      exited = { code, sig };
      resolve();
    });
    child.once('error', (e) => {
      spawnError = e;
      if (child.pid === undefined) {
        exited = { code: null, sig: null };
        resolve();
      }
    });
  });
  child.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 8192) stderr += d.toString();
  });
  let client: QmpClient | undefined;
  const stop = async (): Promise<void> => {
    await client?.close().catch(() => undefined);
    if (!exited) {
      child.kill('SIGKILL');
      await exitedP;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (;;) {
      if (signal.aborted) throw signal.reason;
      if (exited) {
        throw new PolyvisorError(
          ErrorCode.OPERATION_FAILED,
          `${binary} exited before its QMP monitor was ready (${spawnError ? spawnError.message : exited.sig ?? `code ${exited.code}`})${stderr.trim() ? `: ${stderr.trim()}` : ''}`,
          { driver: 'kvm', operation: 'qemu.probe' },
        );
      }
      try {
        client = await QmpClient.connect({ path: sock }, { signal, timeoutMs: 10_000 });
        break;
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        // The socket may not exist yet: retry shortly, unless QEMU is gone.
        await new Promise((r) => setTimeout(r, 20));
        if (exited) continue;
        if (!(err instanceof PolyvisorError) || err.code !== ErrorCode.CONNECT_FAILED) throw err;
      }
    }
    return { client, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Probes a QEMU binary over QMP, like libvirt: runs
 * `<binary> -S -no-user-config -nodefaults -nographic -machine none,accel=<accel> -qmp unix:<dir>/qmp.sock,server=on,wait=off`
 * (argv, no shell) in a private `0700` temporary directory, one process per
 * accelerator (see {@link ProbeQemuCapsQmpOptions.accel}), and fills a
 * {@link QemuCaps} through {@link probeCapsOverQmp}. Every QEMU started is
 * killed and its directory removed, also on failure, timeout or abort.
 * @throws PolyvisorError `OPERATION_FAILED` (QEMU did not start), `CONNECT_FAILED`, `TIMEOUT`, `ABORTED`.
 */
export async function probeQemuCapsQmp(binary: string, opts: ProbeQemuCapsQmpOptions = {}): Promise<QemuCaps> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const ctl = new AbortController();
  const onAbort = () => ctl.abort(new AbortError(`probing ${binary} aborted`, { driver: 'kvm', operation: 'qemu.probe', cause: opts.signal?.reason }));
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => ctl.abort(new TimeoutError(`probing ${binary} timed out after ${timeoutMs} ms`, { driver: 'kvm', operation: 'qemu.probe', detail: { timeoutMs } })), timeoutMs);
  timer.unref?.();
  const procs: ProbeProcess[] = [];
  try {
    let accels = opts.accel ?? ['tcg', 'kvm'];
    if (accels.includes('kvm') && !(await kvmUsable())) accels = accels.filter((a) => a !== 'kvm');
    if (accels.length === 0) throw new PolyvisorError(ErrorCode.UNSUPPORTED, `no usable accelerator to probe ${binary} with`, { driver: 'kvm', operation: 'qemu.probe' });
    const main = accels.includes('tcg') ? 'tcg' : accels[0]!;
    const mainProc = await startProbeProcess(binary, main, ctl.signal, opts.tmpDir ?? tmpdir());
    procs.push(mainProc);
    const accelClients: Partial<Record<QemuAccel, QmpClient>> = {};
    for (const a of accels) {
      if (a === main) continue;
      const p = await startProbeProcess(binary, a, ctl.signal, opts.tmpDir ?? tmpdir());
      procs.push(p);
      accelClients[a] = p.client;
    }
    const caps = await probeCapsOverQmp(mainProc.client, { signal: ctl.signal, accelClients });
    caps.emulator = binary;
    return caps;
  } catch (err) {
    if (ctl.signal.aborted && ctl.signal.reason instanceof PolyvisorError) throw ctl.signal.reason;
    throw err;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    await Promise.all(procs.map((p) => p.stop()));
  }
}
