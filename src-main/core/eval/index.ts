// Evaluation: seqeval-compatible entity scores and the chunking they rest on.

export { evaluate } from './evaluate.js';
export { badTagReason, entitiesOf, isTag, parseTag, type EntitySpan, type ParsedTag } from './entities.js';
