/**
 * D-Bus error names and the mapping of polyvisor errors onto them: every
 * failure of a libvirt operation is `org.libvirt.Error` with the message, as
 * in libvirt-dbus.
 * @module
 */
import * as dbus from 'dbus-next';
import { PolyvisorError } from '@polyvisor/core';

/** D-Bus error names used by the service. */
export const DBUS_ERRORS = {
  /** Any libvirt/polyvisor failure (libvirt-dbus' only error name). */
  LIBVIRT: 'org.libvirt.Error',
  /** Wrong argument types or values at the D-Bus level. */
  INVALID_ARGS: 'org.freedesktop.DBus.Error.InvalidArgs',
  /** No object at the path. */
  UNKNOWN_OBJECT: 'org.freedesktop.DBus.Error.UnknownObject',
  /** No such method on the interface. */
  UNKNOWN_METHOD: 'org.freedesktop.DBus.Error.UnknownMethod',
  /** No such interface on the object. */
  UNKNOWN_INTERFACE: 'org.freedesktop.DBus.Error.UnknownInterface',
  /** No such property. */
  UNKNOWN_PROPERTY: 'org.freedesktop.DBus.Error.UnknownProperty',
  /** Write to a read-only property. */
  PROPERTY_READ_ONLY: 'org.freedesktop.DBus.Error.PropertyReadOnly',
  /** An argument exceeds the service's size limits. */
  LIMITS_EXCEEDED: 'org.freedesktop.DBus.Error.LimitsExceeded',
} as const;

/** An `org.libvirt.Error` with `message`. */
export function libvirtError(message: string): dbus.DBusError {
  return new dbus.DBusError(DBUS_ERRORS.LIBVIRT, message);
}

/** libvirt's "this function is not supported" error for `what` (e.g. `virDomainBlockPeek` or `Domain.BlockPeek`). */
export function unsupported(what: string): dbus.DBusError {
  return libvirtError(`this function is not supported by the connection driver: ${what}`);
}

/** libvirt's "unsupported flags" error when `flags` has bits outside `allowed`. */
export function checkFlags(flags: number, allowed: number, fn: string): void {
  const bad = (flags >>> 0) & ~allowed;
  if (bad !== 0) throw libvirtError(`unsupported flags (0x${(bad >>> 0).toString(16)}) in function ${fn}`);
}

/** True when `err` is already a D-Bus error. */
export function isDBusError(err: unknown): err is dbus.DBusError {
  return err instanceof dbus.DBusError || (err instanceof Error && err.name === 'DBusError' && typeof (err as { type?: unknown }).type === 'string');
}

/** Maps any thrown value to a D-Bus error (polyvisor errors → `org.libvirt.Error` with their message). */
export function toDBusError(err: unknown): dbus.DBusError {
  if (isDBusError(err)) return err;
  if (err instanceof PolyvisorError) return libvirtError(err.message);
  const msg = err instanceof Error ? err.message : String(err);
  return libvirtError(`internal error: ${msg}`);
}
