/**
 * The QMP side of the KVM driver: the line-delimited JSON transport, the
 * per-command timeout table and the {@link QmpClient}.
 * @module
 */
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  JsonLineTransport,
  QGA_DELIMITER,
  describeTarget,
  validateSocketPath,
  validateSocketTarget,
  type SocketTarget,
  type TransportCloseInfo,
  type TransportConnectOptions,
  type TransportHandlers,
} from './transport.js';
export { DEFAULT_QMP_TIMEOUT_MS, QMP_COMMAND_TIMEOUTS, qmpCommandTimeout, type QmpTimeoutTable } from './timeouts.js';
export {
  QmpClient,
  qmpErrorClass,
  type QmpCallOptions,
  type QmpClientState,
  type QmpCloseInfo,
  type QmpCommandParams,
  type QmpConnectOptions,
  type QmpEvent,
  type QmpEventData,
  type QmpEventFilter,
  type QmpEventOf,
  type QmpEventSubscription,
  type QmpGreeting,
  type QmpReconnectOptions,
  type QmpTimestamp,
} from './client.js';
