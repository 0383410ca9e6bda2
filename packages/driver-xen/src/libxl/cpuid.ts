/**
 * `libxl_cpuid_policy_list` in JSON, built from `name=value` settings the way
 * `libxl_cpuid_parse_config` does: each CPUID feature name maps to a leaf,
 * optional subleaf, register and bit; a policy entry per (leaf, subleaf)
 * holds one 32-character string per register, most significant bit first,
 * with `x` for "leave as the default" and `0`/`1`/`k`/`s` for the setting.
 * @module
 */

/** One CPUID policy entry as libxl writes it to JSON. */
export interface LibxlCpuidLeaf {
  /** CPUID leaf (EAX input). */
  leaf: number;
  /** Subleaf (ECX input), absent when unused. */
  subleaf?: number;
  /** EAX policy string. */
  eax?: string;
  /** EBX policy string. */
  ebx?: string;
  /** ECX policy string. */
  ecx?: string;
  /** EDX policy string. */
  edx?: string;
}

type Reg = 'eax' | 'ebx' | 'ecx' | 'edx';

function bits(leaf: number, subleaf: number | undefined, reg: Reg, names: Array<[string, number]>): Array<[string, [number, number | undefined, Reg, number]]> {
  return names.map(([n, b]) => [n, [leaf, subleaf, reg, b]]);
}

/** Feature name → (leaf, subleaf, register, bit), libxl spellings (subset of `libxl_cpuid.c`). */
const FEATURES = new Map<string, [number, number | undefined, Reg, number]>([
  ...bits(1, undefined, 'edx', [
    ['fpu', 0], ['vme', 1], ['de', 2], ['pse', 3], ['tsc', 4], ['msr', 5], ['pae', 6], ['mce', 7], ['cmpxchg8', 8], ['apic', 9],
    ['sysenter', 11], ['mtrr', 12], ['pge', 13], ['mca', 14], ['cmov', 15], ['pat', 16], ['pse36', 17], ['psn', 18], ['clfsh', 19],
    ['ds', 21], ['acpi', 22], ['mmx', 23], ['fxsr', 24], ['sse', 25], ['sse2', 26], ['ss', 27], ['htt', 28], ['tm', 29], ['ia64', 30], ['pbe', 31],
  ]),
  ...bits(1, undefined, 'ecx', [
    ['sse3', 0], ['pclmulqdq', 1], ['dtes64', 2], ['monitor', 3], ['dscpl', 4], ['vmx', 5], ['smx', 6], ['est', 7], ['tm2', 8], ['ssse3', 9],
    ['cntxid', 10], ['fma', 12], ['cmpxchg16', 13], ['xtpr', 14], ['pdcm', 15], ['pcid', 17], ['dca', 18], ['sse4_1', 19], ['sse4_2', 20],
    ['x2apic', 21], ['movbe', 22], ['popcnt', 23], ['tsc-deadline', 24], ['aes', 25], ['xsave', 26], ['osxsave', 27], ['avx', 28], ['f16c', 29],
    ['rdrand', 30], ['hypervisor', 31],
  ]),
  ...bits(7, 0, 'ebx', [
    ['fsgsbase', 0], ['tsc_adjust', 1], ['sgx', 2], ['bmi1', 3], ['hle', 4], ['avx2', 5], ['smep', 7], ['bmi2', 8], ['erms', 9], ['invpcid', 10],
    ['rtm', 11], ['cmt', 12], ['mpx', 14], ['avx512f', 16], ['avx512dq', 17], ['rdseed', 18], ['adx', 19], ['smap', 20], ['avx512-ifma', 21],
    ['clflushopt', 23], ['clwb', 24], ['avx512pf', 26], ['avx512er', 27], ['avx512cd', 28], ['sha', 29], ['avx512bw', 30], ['avx512vl', 31],
  ]),
  ...bits(7, 0, 'ecx', [['prefetchwt1', 0], ['avx512-vbmi', 1], ['umip', 2], ['pku', 3], ['ospke', 4]]),
  ...bits(7, 0, 'edx', [['avx512-4vnniw', 2], ['avx512-4fmaps', 3], ['md-clear', 10], ['ibrsb', 26], ['stibp', 27], ['l1d-flush', 28], ['arch-caps', 29], ['ssbd', 31]]),
  ...bits(0x80000001, undefined, 'edx', [['syscall', 11], ['nx', 20], ['mmxext', 22], ['ffxsr', 25], ['page1gb', 26], ['rdtscp', 27], ['lm', 29], ['3dnowext', 30], ['3dnow', 31]]),
  ...bits(0x80000001, undefined, 'ecx', [
    ['lahfsahf', 0], ['cmplegacy', 1], ['svm', 2], ['extapic', 3], ['altmovcr8', 4], ['abm', 5], ['sse4a', 6], ['misalignsse', 7],
    ['3dnowprefetch', 8], ['osvw', 9], ['ibs', 10], ['xop', 11], ['skinit', 12], ['wdt', 13], ['lwp', 15], ['fma4', 16], ['nodeid', 19],
    ['tbm', 21], ['topoext', 22], ['perfctr_core', 23], ['perfctr_nb', 24],
  ]),
]);

/** True when libxl knows the CPUID feature `name`. */
export function isKnownCpuidFeature(name: string): boolean {
  return FEATURES.has(name);
}

/**
 * Applies `name=value` settings (value `0`, `1`, `x`, `k` or `s`) to a CPUID
 * policy list, in place, returning `false` for an unknown feature name.
 */
export function applyCpuidSetting(policy: LibxlCpuidLeaf[], name: string, value: string): boolean {
  const f = FEATURES.get(name);
  if (!f) return false;
  const [leaf, subleaf, reg, bit] = f;
  let entry = policy.find((p) => p.leaf === leaf && p.subleaf === subleaf);
  if (!entry) {
    entry = subleaf === undefined ? { leaf } : { leaf, subleaf };
    policy.push(entry);
  }
  const cur = (entry[reg] ?? 'x'.repeat(32)).split('');
  cur[31 - bit] = value;
  entry[reg] = cur.join('');
  return true;
}
