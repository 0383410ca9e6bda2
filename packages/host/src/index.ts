/**
 * `@polyvisor/host`: host services every hypervisor driver shares, behind
 * core's `networks` and `storage` sub-driver contracts (libvirt keeps them
 * in separate drivers for the same reason).
 * @module
 */
export * from './network/index.js';
export * from './storage/index.js';
