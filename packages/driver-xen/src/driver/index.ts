/**
 * The Xen driver proper: connection, domain lifecycle, state on disk.
 * @module
 */
export { xenDriver, driver, XenConnection, runnerForUri, nodeInfoFromXl, capabilitiesFromXl, type XenDriverOptions } from './connection.js';
export { XenDomains, stateFromFlags, renderXlCfg, DEFAULT_POLL_INTERVAL_MS, DEFAULT_HOST_SAVE_DIR, type XenDomainsOptions } from './domains.js';
export { xenPathsFor, type XenPaths, type XenDomainStatus, type XenSavedImage } from './store.js';
export { diskAttachSpec, vifAttachSettings, randomXenMac, sameMac, findDiskIndex, findInterfaceIndex, devicesOf, emptyDevices } from './devices.js';
export { consoleDuplex } from './console.js';
export { DomainWatcher, DOMAIN_WATCH_PATHS, type DomainWatcherOptions } from './watch.js';
