/**
 * The Xen driver proper: connection, domain lifecycle, state on disk.
 * @module
 */
export { xenDriver, driver, XenConnection, runnerForUri, nodeInfoFromXl, capabilitiesFromXl, type XenDriverOptions } from './connection.js';
export { XenDomains, stateFromFlags, renderXlCfg, DEFAULT_POLL_INTERVAL_MS, type XenDomainsOptions } from './domains.js';
export { xenPathsFor, type XenPaths, type XenDomainStatus } from './store.js';
