/**
 * The Xen toolstack runner: {@link XlRunner} with local and SSH transports,
 * and the typed {@link Xl} wrapper.
 * @module
 */
export * from './runner.js';
export * from './xl.js';
