export { kvmDriver, KvmConnection, type KvmDriverOptions } from './connection.js';
export { KvmDomains, type ArgvRenderer, type RuntimePaths, type KvmDomainsOptions } from './domains.js';
export { kvmPathsFor, type KvmPaths } from './paths.js';
export { probeKvm, chooseAccel, type KvmProbe } from './accel.js';
export { defaultArgvRenderer, qemuCapsFor, materializeFds, DEFAULT_EMULATOR } from './argv-renderer.js';
export type { DomainStatus } from './status.js';
