import { describe, expect, it } from 'vitest';
import { buildSimThoughtSignature, readSimThoughtSignatureFamily, simulatedFamilyOf } from './sim-thought-signature.js';

describe('simulator thought signatures', () => {
  it('encode the issuing family and survive only intact', () => {
    const claude = buildSimThoughtSignature('claude', 'seed');
    const gemini = buildSimThoughtSignature('gemini', 'seed');
    expect(claude.length).toBeGreaterThanOrEqual(50);
    expect(readSimThoughtSignatureFamily(claude)).toBe('claude');
    expect(readSimThoughtSignatureFamily(gemini)).toBe('gemini');
    expect(readSimThoughtSignatureFamily(`claude#${claude}`)).toBeUndefined();
    expect(readSimThoughtSignatureFamily(claude.slice(0, -1))).toBeUndefined();
    expect(readSimThoughtSignatureFamily(claude.replace('sim-sig-claude', 'sim-sig-gemini'))).toBeUndefined();
    expect(readSimThoughtSignatureFamily('skip_thought_signature_validator')).toBeUndefined();
    expect(buildSimThoughtSignature('claude', 'seed')).toBe(claude);
  });

  it('tells the family from the model id', () => {
    expect(simulatedFamilyOf('claude-sonnet-4-6-thinking')).toBe('claude');
    expect(simulatedFamilyOf('gemini-3-flash')).toBe('gemini');
  });
});
