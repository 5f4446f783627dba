import { describe, expect, it } from 'vitest';
import { formatEncryptedContent, readThoughtSignature } from './format-encrypted-content.js';

describe('formatEncryptedContent / readThoughtSignature', () => {
  it('round-trips a thought signature', () => {
    const encrypted = formatEncryptedContent('CiQBjz1rX/abc==');
    expect(encrypted).toBe('agt-thought-signature:CiQBjz1rX/abc==');
    expect(readThoughtSignature(encrypted)).toBe('CiQBjz1rX/abc==');
  });

  it('reads nothing from content agt did not write', () => {
    expect(readThoughtSignature('gAAAAABo-openai-encrypted-reasoning')).toBeUndefined();
    expect(readThoughtSignature('agt-thought-signature:')).toBeUndefined();
    expect(readThoughtSignature(null)).toBeUndefined();
    expect(readThoughtSignature(undefined)).toBeUndefined();
  });
});
