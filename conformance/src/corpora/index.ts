import type { CorpusCheck } from '../framework.js';

/** Every corpus check, in print order. Each corpus module adds its checks here. */
export const checks: CorpusCheck[] = [];
