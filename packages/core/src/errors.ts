/**
 * The single error tree of polyvisor. Every public operation of every driver
 * throws a {@link PolyvisorError} (or a subclass) carrying a stable `code`.
 * @module
 */

/** Stable machine-readable error codes, modelled on libvirt's `virErrorNumber`. */
export const ErrorCode = {
  /** Internal failure that should never happen. */
  INTERNAL: 'INTERNAL',
  /** A URI could not be parsed. */
  INVALID_URI: 'INVALID_URI',
  /** No driver handles the URI's scheme. */
  NO_DRIVER: 'NO_DRIVER',
  /** Connecting to the hypervisor failed. */
  CONNECT_FAILED: 'CONNECT_FAILED',
  /** The driver does not implement the operation. */
  UNSUPPORTED: 'UNSUPPORTED',
  /** An argument is invalid. */
  INVALID_ARG: 'INVALID_ARG',
  /** XML is malformed or does not match the model. */
  XML_ERROR: 'XML_ERROR',
  /** The operation is not valid in the object's current state. */
  OPERATION_INVALID: 'OPERATION_INVALID',
  /** The operation failed on the hypervisor side. */
  OPERATION_FAILED: 'OPERATION_FAILED',
  /** The hypervisor reported an error (QMP class or toolstack exit kept in `detail`). */
  HYPERVISOR_ERROR: 'HYPERVISOR_ERROR',
  /** The operation did not finish within its timeout. */
  TIMEOUT: 'TIMEOUT',
  /** The operation was aborted through its AbortSignal. */
  ABORTED: 'ABORTED',
  /** No domain matched. */
  NO_DOMAIN: 'NO_DOMAIN',
  /** No network matched. */
  NO_NETWORK: 'NO_NETWORK',
  /** No storage pool matched. */
  NO_STORAGE_POOL: 'NO_STORAGE_POOL',
  /** No storage volume matched. */
  NO_STORAGE_VOL: 'NO_STORAGE_VOL',
  /** An object with the same name or UUID already exists. */
  DUPLICATE: 'DUPLICATE',
  /** The connection was closed. */
  CONNECTION_CLOSED: 'CONNECTION_CLOSED',
  /** Another process holds the lock. */
  RESOURCE_BUSY: 'RESOURCE_BUSY',
  /** A system call or host command failed. */
  SYSTEM_ERROR: 'SYSTEM_ERROR',
} as const;

/** One of the values of {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Options accepted by the {@link PolyvisorError} constructor. */
export interface PolyvisorErrorOptions {
  /** Driver that raised the error (`test`, `kvm`, `xen`, ...). */
  driver?: string;
  /** Public operation that failed, e.g. `domain.start`. */
  operation?: string;
  /** The underlying error. */
  cause?: unknown;
  /** Extra structured detail (QMP error class, xl exit code, XML path, ...). */
  detail?: Record<string, unknown>;
}

/**
 * Root of polyvisor's error tree. `code` is stable and meant for programs;
 * `message` is for humans and is prefixed with the driver name as
 * `[driver] message`.
 */
export class PolyvisorError extends Error {
  /** Stable error code. */
  readonly code: ErrorCode;
  /** Driver that raised the error, if any. */
  readonly driver?: string;
  /** Operation that failed, if known. */
  readonly operation?: string;
  /** Extra structured detail. */
  readonly detail?: Record<string, unknown>;

  /** Creates an error with a code, a human message and optional context. */
  constructor(code: ErrorCode, message: string, options: PolyvisorErrorOptions = {}) {
    super(options.driver ? `[${options.driver}] ${message}` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PolyvisorError';
    this.code = code;
    if (options.driver !== undefined) this.driver = options.driver;
    if (options.operation !== undefined) this.operation = options.operation;
    if (options.detail !== undefined) this.detail = options.detail;
  }
}

/** Raised when XML is malformed or does not fit the model; `path` names the offending element. */
export class XmlError extends PolyvisorError {
  /** XPath-like location of the offending element or attribute, e.g. `/domain/devices/disk[1]/target/@dev`. */
  readonly path: string;
  /** Creates an XML error located at `path`. */
  constructor(message: string, path: string, options: PolyvisorErrorOptions = {}) {
    super(ErrorCode.XML_ERROR, path ? `${message} (at ${path})` : message, { ...options, detail: { ...options.detail, path } });
    this.name = 'XmlError';
    this.path = path;
  }
}

/** Raised when a driver lacks an operation. */
export class UnsupportedError extends PolyvisorError {
  /** Creates an "unsupported" error naming the driver and operation. */
  constructor(driver: string, operation: string) {
    super(ErrorCode.UNSUPPORTED, `operation ${operation} is not supported by this driver`, { driver, operation });
    this.name = 'UnsupportedError';
  }
}

/** Raised when an operation exceeds its timeout. */
export class TimeoutError extends PolyvisorError {
  /** Creates a timeout error. */
  constructor(message: string, options: PolyvisorErrorOptions = {}) {
    super(ErrorCode.TIMEOUT, message, options);
    this.name = 'TimeoutError';
  }
}

/** Raised when an operation is cancelled through its AbortSignal. */
export class AbortError extends PolyvisorError {
  /** Creates an abort error. */
  constructor(message = 'operation aborted', options: PolyvisorErrorOptions = {}) {
    super(ErrorCode.ABORTED, message, options);
    this.name = 'AbortError';
  }
}

/** Raised when the hypervisor reports an error; `detail.class` keeps e.g. the QMP error class. */
export class HypervisorError extends PolyvisorError {
  /** Creates a hypervisor error. */
  constructor(message: string, options: PolyvisorErrorOptions = {}) {
    super(ErrorCode.HYPERVISOR_ERROR, message, options);
    this.name = 'HypervisorError';
  }
}

/** True when `err` is a {@link PolyvisorError}, optionally with the given code. */
export function isPolyvisorError(err: unknown, code?: ErrorCode): err is PolyvisorError {
  return err instanceof PolyvisorError && (code === undefined || err.code === code);
}

const NOT_FOUND: ReadonlySet<string> = new Set([ErrorCode.NO_DOMAIN, ErrorCode.NO_NETWORK, ErrorCode.NO_STORAGE_POOL, ErrorCode.NO_STORAGE_VOL]);

/** True when `err` says an object (domain, network, pool, volume) does not exist. */
export function isNotFound(err: unknown): err is PolyvisorError {
  return err instanceof PolyvisorError && NOT_FOUND.has(err.code);
}

/** True when `err` says the driver does not implement an operation. */
export function isUnsupported(err: unknown): err is PolyvisorError {
  return isPolyvisorError(err, ErrorCode.UNSUPPORTED);
}

/** True when `err` is a timeout. */
export function isTimeout(err: unknown): err is PolyvisorError {
  return isPolyvisorError(err, ErrorCode.TIMEOUT);
}

/** True when `err` is an abort through an AbortSignal. */
export function isAborted(err: unknown): err is PolyvisorError {
  return isPolyvisorError(err, ErrorCode.ABORTED);
}

/** True when `err` says the operation is invalid in the object's current state. */
export function isOperationInvalid(err: unknown): err is PolyvisorError {
  return isPolyvisorError(err, ErrorCode.OPERATION_INVALID);
}
