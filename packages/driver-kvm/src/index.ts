/**
 * `@polyvisor/driver-kvm`: the KVM/QEMU driver of polyvisor.
 *
 * This first piece holds the QAPI schema reader ({@link readQapiSchema}) and
 * the TypeScript bindings generated from QEMU's QAPI schema:
 *
 * - {@link Qmp}: every QMP type, plus {@link QmpCommands} / {@link QmpEvents}
 *   (command name → `{ args, returns }`, event name → data) and the runtime
 *   lists {@link QMP_COMMAND_NAMES}, {@link QMP_EVENT_NAMES}, {@link QMP_COMMAND_META}.
 * - {@link Qga}: the same for the QEMU guest agent (`guest-*` commands).
 * - {@link QmpClient}: the QMP client (typed commands, events, timeouts) over
 *   {@link JsonLineTransport}, and {@link GuestAgentClient} for `qemu-ga`.
 *
 * Importing the package has no side effects.
 * @module
 */

export {
  QapiSchemaError,
  readQapiSchema,
  type ReadQapiSchemaOptions,
} from './qapi/reader.js';
export * from './qapi/model.js';
export { emitQapiBindings, type EmitQapiOptions } from './qapi/emit.js';

/** Every QMP type generated from QEMU's QAPI schema, e.g. `Qmp.StatusInfo`, `Qmp.BlockdevOptions`. */
export * as Qmp from './qmp/generated/qapi.js';
/** Every QEMU guest agent type generated from `qga/qapi-schema.json`, e.g. `Qga.GuestOSInfo`. */
export * as Qga from './qga/generated/qga.js';

export {
  QMP_COMMAND_META,
  QMP_COMMAND_NAMES,
  QMP_EVENT_NAMES,
  QMP_SCHEMA_VERSION,
  type QmpCommandArgs,
  type QmpCommandMeta,
  type QmpCommandName,
  type QmpCommandReturn,
  type QmpCommands,
  type QmpEventName,
  type QmpEvents,
} from './qmp/generated/qapi.js';
export {
  QGA_COMMAND_META,
  QGA_COMMAND_NAMES,
  QGA_EVENT_NAMES,
  QGA_SCHEMA_VERSION,
  type QgaCommandArgs,
  type QgaCommandMeta,
  type QgaCommandName,
  type QgaCommandReturn,
  type QgaCommands,
  type QgaEventName,
  type QgaEvents,
} from './qga/generated/qga.js';

export * from './qmp/index.js';
export {
  DEFAULT_QGA_TIMEOUT_MS,
  GuestAgentClient,
  QGA_COMMAND_TIMEOUTS,
  type GuestAgentClientState,
  type GuestAgentConnectOptions,
  type GuestExecOptions,
  type GuestRunOptions,
  type GuestRunResult,
  type GuestShutdownMode,
  type QgaCommandParams,
  type QgaTimeoutTable,
} from './qga/client.js';

/** The driver itself: `openConnection('qemu:///system', { drivers: [kvmDriver] })`. */
export * from './driver/index.js';
/** The CLI and other tools load the driver under this name. */
export { kvmDriver as driver } from './driver/index.js';
/** The pure QEMU command-line renderer, capabilities and the `qemu-argv` native format. */
export * from './qemu/index.js';
