import type { CorpusCheck } from '../framework.js';
import { networkChecks } from './network.js';
import { storageChecks } from './storage.js';
import { domainChecks } from './domain.js';

/** Every corpus check, in print order. */
export const checks: CorpusCheck[] = [...networkChecks, ...storageChecks, ...domainChecks];
