import type { CorpusCheck } from '../framework.js';

/** Corpus checks for the domain model. */
export const domainChecks: CorpusCheck[] = [];
