/**
 * Durable state on disk for the KVM driver: the shared helpers from core
 * (atomic writes, private directories, lock files, process liveness).
 * @module
 */
export { ensurePrivateDir, writeFileAtomic, readFileIfExists, removeIfExists, pidAlive, procState, acquireLock, type FileLock } from '@polyvisor/core';
