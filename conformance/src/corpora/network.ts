import type { CorpusCheck } from '../framework.js';

/** Corpus checks for the network model. */
export const networkChecks: CorpusCheck[] = [];
