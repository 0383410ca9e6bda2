export { buildQemuArgv, renderPrepared, formatArgsFile, parseArgsFile, tokenizeShell, shellQuote, type QemuCommand, type QemuArgvOptions, type BuildQemuArgvOptions } from './argv.js';
export { loadLibvirtCapsXml, probeQemuCaps, capsFromHelp, hasCap, findMachine, defaultMachine, formatQemuVersion, type QemuCaps, type QemuAccel, type QemuMachineInfo, type QemuCpuModelInfo, type QemuHostCpuInfo, type ProbeQemuCapsOptions, type QemuHelpOutput } from './caps.js';
export { applyQemuDefaults, type PreparedDomain, type QemuDefaultsOptions } from './defaults.js';
export * from './native.js';
export {
  probeQemuCapsQmp,
  probeCapsOverQmp,
  queryCapsReplies,
  queryAccelReplies,
  capsFromQmpReplies,
  qmpReplyKey,
  qmpSchemaPathExists,
  kvmUsable,
  QmpReplyError,
  type ProbeQemuCapsQmpOptions,
  type ProbeCapsOverQmpOptions,
  type QmpProbeOptions,
} from './probe.js';
