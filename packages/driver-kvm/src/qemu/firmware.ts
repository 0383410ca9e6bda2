/**
 * QEMU firmware descriptors (`docs/interop/firmware.json`) and libvirt's
 * firmware auto-selection for `<os firmware='efi'|'bios'>`: descriptors are
 * read from `/usr/share/qemu/firmware`, `/etc/qemu/firmware` and
 * `$XDG_CONFIG_HOME/qemu/firmware` (a file in a later directory replaces or,
 * when empty, masks one of the same name), ordered by file name, and the first
 * one matching the domain's architecture, machine type, requested features
 * and image format wins. Pure: callers read the files.
 * @module
 */
import type { DomainSpec } from '@polyvisor/core';

/** One parsed firmware descriptor. */
export interface FirmwareDescriptor {
  /** File name (sets the priority). */
  name: string;
  /** `interface-types` (`uefi`, `bios`). */
  interfaceTypes: string[];
  /** Mapping device (`flash`, `memory`, `kernel`). */
  device: string;
  /** Flash mode (`split`, `combined`, `stateless`). */
  mode?: string;
  /** Executable image (flash) or the memory-mapped image (memory). */
  executable?: { filename: string; format: string };
  /** NVRAM template (split flash). */
  nvramTemplate?: { filename: string; format: string };
  /** Supported targets. */
  targets: Array<{ architecture: string; machines: string[] }>;
  /** Features (`secure-boot`, `requires-smm`, `enrolled-keys`, ...). */
  features: string[];
}

/** Parses a descriptor; returns undefined for empty (masking) or invalid files. */
export function parseFirmwareDescriptor(name: string, text: string): FirmwareDescriptor | undefined {
  if (!text.trim()) return undefined;
  try {
    const j = JSON.parse(text) as Record<string, any>;
    const m = j.mapping ?? {};
    const device = String(m.device ?? '');
    const fmt = (x: any): { filename: string; format: string } | undefined => (x && typeof x.filename === 'string' ? { filename: x.filename, format: x.format ?? 'raw' } : undefined);
    const d: FirmwareDescriptor = {
      name,
      interfaceTypes: Array.isArray(j['interface-types']) ? j['interface-types'] : [],
      device,
      targets: Array.isArray(j.targets) ? j.targets.map((t: any) => ({ architecture: String(t.architecture), machines: Array.isArray(t.machines) ? t.machines.map(String) : [] })) : [],
      features: Array.isArray(j.features) ? j.features.map(String) : [],
    };
    if (device === 'flash') {
      d.mode = m.mode ?? 'split';
      d.executable = fmt(m.executable);
      d.nvramTemplate = fmt(m['nvram-template']);
      if (!d.executable) return undefined;
    } else if (device === 'memory') {
      if (typeof m.filename !== 'string') return undefined;
      d.executable = { filename: m.filename, format: 'raw' };
    } else if (device !== 'kernel') return undefined;
    if (!d.interfaceTypes.length || !d.targets.length) return undefined;
    return d;
  } catch {
    return undefined;
  }
}

/**
 * Merges descriptor directories, lowest priority first (`/usr/share`, `/etc`,
 * user config): later directories replace files of the same name, empty
 * files mask them; the result is sorted by file name and parsed.
 */
export function mergeFirmwareDirs(dirs: Array<Array<{ name: string; text: string }>>): FirmwareDescriptor[] {
  const byName = new Map<string, string>();
  for (const dir of dirs) for (const f of dir) if (f.name.endsWith('.json')) byName.set(f.name, f.text);
  return [...byName.keys()]
    .sort()
    .map((n) => parseFirmwareDescriptor(n, byName.get(n)!))
    .filter((d): d is FirmwareDescriptor => d !== undefined);
}

/** The firmware configuration a domain resolves to. */
export interface ResolvedFirmware {
  /** `-bios` image (memory-mapped ROM). */
  bios?: string;
  /** pflash0 image. */
  loader?: { path: string; format: string; readonly: boolean; secure: boolean };
  /** pflash1 variable store: a local path, or a raw network `<source>` (`nvram type='network'`). */
  nvram?: { path?: string; format: string; networkType?: string; source?: import('@polyvisor/core').XmlElement };
  /** SMM must be enabled. */
  smm: boolean;
}

function glob(pattern: string, s: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(s);
}

function smmState(spec: DomainSpec): boolean | undefined {
  const n = spec.features?.extra?.children?.find((c) => c.node.name === 'smm')?.node;
  if (!n) return undefined;
  return n.attrs.state !== 'off';
}

/** Picks the first descriptor matching the domain (libvirt's `qemuFirmwareMatchDomain`). */
export function selectFirmware(spec: DomainSpec, descriptors: FirmwareDescriptor[], machine: string, arch: string, newDomain = false): FirmwareDescriptor | undefined {
  const os = spec.os;
  const iface = os.firmware === 'efi' ? 'uefi' : 'bios';
  // Existing domains keep raw images unless told otherwise; new ones take the first match (qcow2 ranks first).
  const wantFormat = os.loader?.format ?? os.nvram?.format ?? (newDomain ? undefined : 'raw');
  const smm = smmState(spec);
  for (const d of descriptors) {
    if (!d.interfaceTypes.includes(iface)) continue;
    if (!d.targets.some((t) => t.architecture === arch && t.machines.some((m) => glob(m, machine)))) continue;
    let ok = true;
    for (const f of os.firmwareFeatures?.features ?? []) if (d.features.includes(f.name) !== f.enabled) ok = false;
    if (!ok) continue;
    if (os.loader?.secure === true && !d.features.includes('secure-boot')) continue;
    if (os.loader?.secure === false && d.features.includes('secure-boot')) continue;
    if (smm === false && d.features.includes('requires-smm')) continue;
    if (iface === 'uefi') {
      if (d.device !== 'flash') continue;
      if (os.loader?.path && d.executable?.filename !== os.loader.path) continue;
      if (wantFormat && d.executable?.format !== wantFormat) continue;
      if (d.mode === 'combined' && (os.nvram || os.loader?.stateless)) continue;
      if (d.mode === 'stateless' && os.nvram) continue;
      if (d.features.some((f) => f === 'amd-sev-snp' || f === 'intel-tdx') && !d.features.includes('verbose-dynamic')) continue;
    } else if (d.device !== 'memory') continue;
    return d;
  }
  return undefined;
}

/**
 * Resolves the loader / NVRAM of a domain: manual `<loader>`/`<nvram>` as
 * given (with libvirt's default NVRAM path), or auto-selection through
 * `descriptors`.
 * @returns undefined when the domain uses the emulator's built-in firmware.
 */
export function resolveFirmware(spec: DomainSpec, descriptors: FirmwareDescriptor[] | undefined, machine: string, arch: string, nvramDir: string, fail: (msg: string) => never, newDomain = false): ResolvedFirmware | undefined {
  const os = spec.os;
  let loader = os.loader ? { ...os.loader } : undefined;
  const nvram = os.nvram ? { ...os.nvram } : undefined;
  let nvramTemplateFormat: string | undefined;
  let smm = false;
  let stateless = loader?.stateless === true;
  if (os.firmware) {
    const d = selectFirmware(spec, descriptors ?? [], machine, arch, newDomain);
    if (!d) return fail(`unable to find any firmware to satisfy '${os.firmware}'`);
    if (d.device === 'memory') return { bios: d.executable!.filename, smm: false };
    const requiresSmm = d.features.includes('requires-smm');
    const secure = d.features.includes('secure-boot') && requiresSmm;
    loader = { ...(loader ?? {}), path: d.executable!.filename, format: d.executable!.format as 'raw' | 'qcow2', readonly: true, type: 'pflash', secure };
    smm = requiresSmm;
    if (d.mode === 'stateless' || d.mode === 'combined') stateless = true;
    nvramTemplateFormat = d.nvramTemplate?.format;
  }
  if (!loader?.path) return undefined;
  if (loader.type !== 'pflash') return { bios: loader.path, smm: false };
  const format = loader.format ?? 'raw';
  const readonly = loader.readonly === true;
  const out: ResolvedFirmware = { loader: { path: loader.path, format, readonly, secure: loader.secure === true }, smm: smm || loader.secure === true };
  if (readonly && !stateless) {
    const nvFormat = nvramTemplateFormat ?? nvram?.format ?? format;
    const netType = nvram?.extra?.attrs?.type;
    const source = nvram?.extra?.children?.find((c) => c.node.name === 'source')?.node;
    if (netType === 'network' && source) out.nvram = { format: nvFormat, networkType: 'network', source };
    else if (netType === 'file' && source?.attrs.file) out.nvram = { path: source.attrs.file, format: nvFormat };
    else out.nvram = { path: nvram?.path ?? `${nvramDir}/${spec.name}_VARS.${nvFormat === 'qcow2' ? 'qcow2' : 'fd'}`, format: nvFormat };
  }
  return out;
}
