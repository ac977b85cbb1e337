// Evaluation: seqeval-compatible entity scores and the chunking they rest on.

export { evaluate } from './evaluate.js';
export { badTagReason, entitiesOf, parseTag, type EntitySpan, type ParsedTag } from './entities.js';
