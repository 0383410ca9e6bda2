import type { CorpusCheck } from '../framework.js';
import { networkChecks } from './network.js';
import { storageChecks } from './storage.js';
import { domainChecks } from './domain.js';
import { qemuArgsChecks } from './qemu-args.js';
import { hostNetworkChecks } from './host-network.js';
import { xenChecks } from './xen.js';

/** Every corpus check, in print order. */
export const checks: CorpusCheck[] = [...networkChecks, ...storageChecks, ...domainChecks, ...qemuArgsChecks, ...hostNetworkChecks, ...xenChecks];
