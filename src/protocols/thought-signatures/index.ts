/**
 * @module Thought signatures across model families: signatures go to clients prefixed with the family that issued
 * them, and come back to the upstream only when the target model is of that family (see
 * `upstream-request/convert-thought-signatures-for-model.ts`).
 */
export { formatClientSignature, parseClientSignature, type ParsedSignature } from './format-client-signature.js';
export { isThoughtSignatureRefusal } from './is-thought-signature-refusal.js';
export { selectModelFamily, type ModelFamily } from './select-model-family.js';
export { tagResponseSignatures } from './tag-response-signatures.js';
