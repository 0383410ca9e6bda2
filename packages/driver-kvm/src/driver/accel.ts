/**
 * Is KVM usable here? `/dev/kvm` existing is not enough: a software KVM
 * (`kvm_pvm`) answers `query-kvm` as enabled but cannot run a stock guest
 * kernel. `POLYVISOR_ACCEL=kvm|tcg` forces the answer.
 * @module
 */
import { accessSync, constants, existsSync } from 'node:fs';

/** The result of the KVM probe. */
export interface KvmProbe {
  /** True when `-accel kvm` can run guests. */
  usable: boolean;
  /** Why (for `host.capabilities()` and messages). */
  reason: string;
}

/** Probes KVM usability (cheap: file checks only). */
export function probeKvm(env: NodeJS.ProcessEnv = process.env): KvmProbe {
  const forced = env.POLYVISOR_ACCEL;
  if (forced === 'tcg') return { usable: false, reason: 'POLYVISOR_ACCEL=tcg forces TCG' };
  if (forced === 'kvm') return { usable: true, reason: 'POLYVISOR_ACCEL=kvm forces KVM' };
  if (!existsSync('/dev/kvm')) return { usable: false, reason: '/dev/kvm does not exist' };
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return { usable: false, reason: '/dev/kvm is not accessible to this user' };
  }
  if (existsSync('/sys/module/kvm_pvm')) return { usable: false, reason: '/dev/kvm is provided by kvm_pvm (software nested virtualisation) and cannot run a stock guest kernel' };
  return { usable: true, reason: '/dev/kvm is usable' };
}

/** Picks the accelerator for a domain type: `kvm` when asked for and usable, else TCG. */
export function chooseAccel(domainType: string, probe: KvmProbe): 'kvm' | 'tcg' {
  return domainType === 'kvm' && probe.usable ? 'kvm' : 'tcg';
}
