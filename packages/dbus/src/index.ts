/**
 * `@polyvisor/dbus`: a D-Bus API service compatible with libvirt-dbus,
 * serving polyvisor connections as `org.libvirt` objects.
 * @module
 */
export { startDbusService, hypervisorVersion, POLYVISOR_LIB_VERSION, type BusChoice, type DbusService, type DbusServiceOptions } from './service.js';
export {
  connectPathFor, domainPath, networkPath, storagePoolPath, storageVolPath, domainSnapshotPath, encodeUuid, decodeUuid, escapeString, unescapeString, WELL_KNOWN_CONNECT_PATHS,
} from './paths.js';
export {
  loadInterfaceSpecs, parseInterfaceXml, createInterfaceClass, INTERFACES_DIR, SERVED_INTERFACES,
  type ArgSpec, type MethodSpec, type PropertySpec, type SignalSpec, type InterfaceSpec, type InterfaceBackend, type ServiceInterface, type ServiceInterfaceClass, type ServedInterfaceName,
} from './interfaces.js';
export { DOMAIN_EVENT, DOMAIN_EVENT_DETAIL, NETWORK_EVENT, STORAGE_POOL_EVENT, DOMAIN_STATE, STORAGE_POOL_STATE, STORAGE_VOL_TYPE, FLAGS, METADATA_TYPE, domainEventCodes, domainStateCodes } from './codes.js';
export { DBUS_ERRORS, libvirtError, toDBusError } from './errors.js';
export { registerDbusVerb, type DbusVerbContext } from './cli.js';
export { systemPolicy, POLICY_FILE, type SystemPolicyOptions } from './policy.js';
