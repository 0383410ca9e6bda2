/**
 * Durable state on disk for host services: private directories, atomic
 * writes (temp file + fsync + rename) and lock files that two processes
 * cannot both hold. Same scheme as the KVM driver's state store.
 * @module
 */
export { ensurePrivateDir, writeFileAtomic, readFileIfExists, removeIfExists, acquireLock, type FileLock } from '@polyvisor/core';
