import { describe, expect, it } from 'vitest';
import type { GeminiPart } from '../../protocols/gemini/gemini-api.js';
import { findSimulatedModel } from '../simulated-models.js';
import { buildSimThoughtSignature } from '../sim-thought-signature.js';
import { requireOwnFamilySignatures } from './require-own-family-signatures.js';

const CLAUDE_SIGNATURE = buildSimThoughtSignature('claude', 'a');
const GEMINI_SIGNATURE = buildSimThoughtSignature('gemini', 'a');

function check(modelId: string, parts: GeminiPart[]) {
  const request = { contents: [{ role: 'user', parts: [{ text: 'x' }] }, { role: 'model', parts }, { role: 'user', parts: [{ text: 'y' }] }] };
  return requireOwnFamilySignatures.check({ envelope: {}, request, model: findSimulatedModel(modelId)!, headers: {} });
}

describe('requireOwnFamilySignatures', () => {
  it('lets each family see its own signatures and Gemini the sentinel', () => {
    expect(check('gemini-3-flash', [{ text: 't', thought: true, thoughtSignature: GEMINI_SIGNATURE }, { functionCall: { name: 'f' }, thoughtSignature: GEMINI_SIGNATURE }])).toBeUndefined();
    expect(check('gemini-3-flash', [{ functionCall: { name: 'f' }, thoughtSignature: 'skip_thought_signature_validator' }])).toBeUndefined();
    expect(check('claude-sonnet-4-6-thinking', [{ text: 't', thought: true, thoughtSignature: CLAUDE_SIGNATURE }, { functionCall: { name: 'f' } }])).toBeUndefined();
    expect(check('claude-sonnet-4-6-thinking', [{ text: 'plain' }])).toBeUndefined();
  });

  it('refuses a Claude signature on Gemini, and prefixed or corrupt ones', () => {
    for (const signature of [CLAUDE_SIGNATURE, `gemini#${GEMINI_SIGNATURE}`, GEMINI_SIGNATURE.slice(0, 40)]) {
      const refusal = check('gemini-3-flash', [{ functionCall: { name: 'f' }, thoughtSignature: signature }]);
      expect(refusal?.body.error).toMatchObject({ code: 400, message: 'Corrupted thought signature.', status: 'INVALID_ARGUMENT' });
    }
  });

  it('refuses foreign, fabricated and missing signatures on Claude thinking', () => {
    for (const signature of [GEMINI_SIGNATURE, 'skip_thought_signature_validator']) {
      const refusal = check('claude-opus-4-6-thinking', [{ text: 't', thought: true, thoughtSignature: signature }]);
      expect(refusal?.status).toBe(400);
      expect(JSON.parse(refusal!.body.error.message).error.message).toBe('messages.1.content.0: Invalid `signature` in `thinking` block');
    }
    const unsigned = check('claude-opus-4-6-thinking', [{ text: 'a' }, { text: 't', thought: true }]);
    expect(JSON.parse(unsigned!.body.error.message).error.message).toBe('messages.1.content.1.thinking.signature: Field required');
  });
});
