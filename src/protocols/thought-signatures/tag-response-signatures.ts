import type { GeminiCandidate, GeminiResponse } from '../gemini/gemini-api.js';
import { formatClientSignature } from './format-client-signature.js';
import type { ModelFamily } from './select-model-family.js';

/**
 * Prefixes every `thoughtSignature` of an upstream answer (a whole response or one stream chunk) with the family of
 * the model that answered (see `formatClientSignature`), before the protocol encoders hand it to the client. Pure;
 * a chunk without signatures is returned as is.
 */
export function tagResponseSignatures(response: GeminiResponse, family: ModelFamily): GeminiResponse {
  if (!Array.isArray(response.candidates)) return response;
  let changed = false;
  const candidates = response.candidates.map((candidate): GeminiCandidate => {
    const parts = candidate.content?.parts;
    if (!Array.isArray(parts) || !parts.some((part) => typeof part.thoughtSignature === 'string' && part.thoughtSignature !== '')) return candidate;
    changed = true;
    const tagged = parts.map((part) =>
      typeof part.thoughtSignature === 'string' && part.thoughtSignature !== ''
        ? { ...part, thoughtSignature: formatClientSignature(part.thoughtSignature, family) }
        : part,
    );
    return { ...candidate, content: { ...candidate.content!, parts: tagged } };
  });
  return changed ? { ...response, candidates } : response;
}
