import type { CorpusCheck } from '../framework.js';

/** Corpus checks for the storage model. */
export const storageChecks: CorpusCheck[] = [];
