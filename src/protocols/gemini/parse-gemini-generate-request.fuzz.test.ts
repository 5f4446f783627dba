import { describe, it, expect } from 'vitest';
import { createSeededRandom, type SeededRandom } from '../../../test/support/create-seeded-random.js';
import { GatewayError } from '../../shared/gateway-error.js';
import { parseGeminiGenerateRequest } from './parse-gemini-generate-request.js';

const HOSTILE_KEYS = [
  'contents', 'parts', 'role', 'text', 'functionCall', 'function_call', 'args', 'name', 'generationConfig',
  'generation_config', 'system_instruction', 'systemInstruction', 'tools', 'functionDeclarations', 'inline_data',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', 'thought_signature', 'tool_config',
];

function randomValue(random: SeededRandom, depth: number): unknown {
  const choice = random.int(depth > 4 ? 9 : 12);
  switch (choice) {
    case 0: return null;
    case 1: return random.next() < 0.5;
    case 2: return random.pick([0, -1, 1.5, Number.MAX_SAFE_INTEGER, 1e308, -0]);
    case 3: return random.pick(['', 'user', 'model', '\u0000', '{"a":1}', 'x'.repeat(1000), '\ud800']);
    case 4: return [];
    case 5: return {};
    case 6: return 'text';
    case 7: return Object.create(null) as unknown;
    case 8: return 42;
    case 9: return Array.from({ length: random.int(4) }, () => randomValue(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      const count = random.int(4);
      for (let index = 0; index < count; index += 1) {
        const key = random.pick(HOSTILE_KEYS);
        Object.defineProperty(object, key, { value: randomValue(random, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return object;
    }
  }
}

/** Replaces one random node of a valid body, so most mutants are near-valid and reach deep validation. */
function mutate(value: unknown, random: SeededRandom, depth = 0): unknown {
  if (random.next() < 0.25 || depth > 6) return randomValue(random, depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return [randomValue(random, depth)];
    const copy = [...value];
    const index = random.int(copy.length);
    copy[index] = mutate(copy[index], random, depth + 1);
    return copy;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return randomValue(random, depth);
    const copy: Record<string, unknown> = { ...value };
    const [key, child] = random.pick(entries);
    copy[key] = mutate(child, random, depth + 1);
    return copy;
  }
  return randomValue(random, depth);
}

const VALID_BODY = {
  contents: [
    { role: 'user', parts: [{ text: 'hi' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }] },
    { role: 'model', parts: [{ functionCall: { name: 'f', args: { a: 1 } }, thoughtSignature: 's' }] },
    { role: 'user', parts: [{ functionResponse: { name: 'f', response: { ok: true } } }] },
  ],
  system_instruction: { parts: [{ text: 'sys' }] },
  generationConfig: { temperature: 0.2, maxOutputTokens: 10, thinkingConfig: { includeThoughts: true } },
  tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'object' } }] }],
  toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
};

describe('parseGeminiGenerateRequest fuzz', () => {
  it('answers 2,000 hostile bodies with a result or INVALID_REQUEST only', () => {
    const random = createSeededRandom(20_240_601);
    let accepted = 0;
    let rejected = 0;
    for (let round = 0; round < 2_000; round += 1) {
      const body = round % 4 === 0 ? randomValue(random, 0) : mutate(VALID_BODY, random);
      let outcome: unknown;
      try {
        outcome = parseGeminiGenerateRequest(body);
      } catch (error) {
        if (!(error instanceof GatewayError) || error.code !== 'INVALID_REQUEST') {
          throw new Error(`round ${round}: unexpected ${String(error)} for ${safeStringify(body)}`);
        }
        expect(error.message.length).toBeGreaterThan(0);
        rejected += 1;
        continue;
      }
      const request = outcome as { contents: Array<{ parts: unknown[] }> };
      expect(Array.isArray(request.contents) && request.contents.length > 0).toBe(true);
      for (const content of request.contents) expect(content.parts.length).toBeGreaterThan(0);
      expect(Object.getPrototypeOf(request)).toBe(Object.prototype);
      accepted += 1;
    }
    // The mutation must exercise both outcomes, or the test proves nothing.
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });
});

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 500) ?? String(value);
  } catch {
    return '<unserialisable>';
  }
}
