import { describe, expect, it } from 'vitest';
import { formatClientSignature, isThoughtSignatureRefusal, parseClientSignature, selectModelFamily, tagResponseSignatures } from './index.js';

describe('thought signatures for clients', () => {
  it('tells the family from the upstream model', () => {
    expect(selectModelFamily('claude-opus-4-6-thinking')).toBe('claude');
    expect(selectModelFamily('gemini-3.1-pro-preview')).toBe('gemini');
    expect(selectModelFamily('gemini-3-pro-image')).toBe('gemini');
    expect(selectModelFamily('gpt-oss-120b-medium')).toBe('gpt');
  });

  it('prefixes signatures with their family, once, and reads them back', () => {
    expect(formatClientSignature('abc', 'claude')).toBe('claude#abc');
    expect(formatClientSignature('claude#abc', 'gemini')).toBe('claude#abc');
    expect(formatClientSignature('skip_thought_signature_validator', 'gemini')).toBe('skip_thought_signature_validator');
    expect(parseClientSignature('gemini#abc')).toEqual({ family: 'gemini', signature: 'abc' });
    expect(parseClientSignature('EqQBCgIYAhIM')).toEqual({ signature: 'EqQBCgIYAhIM' });
    expect(parseClientSignature('other#abc')).toEqual({ signature: 'other#abc' });
  });

  it('tags every signed part of a chunk', () => {
    const chunk = {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [{ text: 't', thought: true, thoughtSignature: 's1' }, { text: 'x' }, { functionCall: { name: 'f' }, thoughtSignature: 's2' }],
          },
        },
      ],
    };
    const tagged = tagResponseSignatures(chunk, 'claude');
    expect(tagged.candidates?.[0]?.content?.parts.map((part) => part.thoughtSignature)).toEqual(['claude#s1', undefined, 'claude#s2']);
    const plain = { candidates: [{ content: { role: 'model', parts: [{ text: 'x' }] } }] };
    expect(tagResponseSignatures(plain, 'gemini')).toBe(plain);
  });

  it('recognises the backend refusals of a signature', () => {
    expect(isThoughtSignatureRefusal('{"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content.0: Invalid `signature` in `thinking` block"}}')).toBe(true);
    expect(isThoughtSignatureRefusal('Corrupted thought signature.')).toBe(true);
    expect(isThoughtSignatureRefusal('Unable to submit request because Thought signature is not valid.. Learn more')).toBe(true);
    expect(isThoughtSignatureRefusal('messages.1.content.0.thinking.signature: Field required')).toBe(true);
    expect(isThoughtSignatureRefusal('Function call is missing a thought_signature in functionCall parts')).toBe(false);
  });
});
