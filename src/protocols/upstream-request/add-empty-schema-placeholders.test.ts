import { describe, expect, it } from 'vitest';
import type { GeminiTool } from '../gemini/gemini-api.js';
import { deepFreeze } from '../../shared/deep-freeze.js';
import { addEmptySchemaPlaceholders } from './add-empty-schema-placeholders.js';
import type { UpstreamPayload } from './upstream-payload.js';

const REASON = { reason: { type: 'string', description: 'Brief explanation of why you are calling this tool' } };
const payload = (model: string, tools: GeminiTool[]): UpstreamPayload => ({ model, requestType: 'agent', request: { contents: [], tools } });

describe('addEmptySchemaPlaceholders', () => {
  it('gives every empty object schema of a Claude function a required placeholder property, at any depth', () => {
    const input = payload('claude-sonnet-4-6', [
      {
        functionDeclarations: [
          { name: 'no_params' },
          { name: 'empty', parameters: { type: 'object', properties: {} } },
          {
            name: 'nested',
            parameters: {
              type: 'object',
              properties: {
                options: { type: 'object' },
                list: { type: 'array', items: { type: 'OBJECT', properties: {} } },
                name: { type: 'string' },
              },
              required: ['name'],
            },
          },
        ],
      },
    ]);
    const copy = structuredClone(input);
    const [declarations] = (addEmptySchemaPlaceholders(input, {}).request.tools ?? []).map((tool) => tool.functionDeclarations);
    expect(declarations?.[0]?.parameters).toEqual({ type: 'object', properties: REASON, required: ['reason'] });
    expect(declarations?.[1]?.parameters).toEqual({ type: 'object', properties: REASON, required: ['reason'] });
    expect(declarations?.[2]?.parameters).toEqual({
      type: 'object',
      properties: {
        options: { type: 'object', properties: REASON, required: ['reason'] },
        list: { type: 'array', items: { type: 'OBJECT', properties: REASON, required: ['reason'] } },
        name: { type: 'string' },
      },
      required: ['name'],
    });
    expect(input).toEqual(copy);
  });

  it('leaves Gemini models and schemas that already have properties as they are', () => {
    const full = payload('claude-sonnet-4-6', [{ functionDeclarations: [{ name: 'f', parameters: { type: 'object', properties: { q: { type: 'string' } } } }] }]);
    expect(addEmptySchemaPlaceholders(full, {})).toBe(full);
    const gemini = payload('gemini-3-flash', [{ functionDeclarations: [{ name: 'f' }] }]);
    expect(addEmptySchemaPlaceholders(gemini, {})).toBe(gemini);
  });
});

describe('addEmptySchemaPlaceholders: shared (frozen) declaration lists', () => {
  it('fills a frozen list once, into a frozen list equal to what an unfrozen copy gives', () => {
    const declarations = [{ name: 'no_params' }, { name: 'p', parameters: { type: 'object', properties: { a: { type: 'string' } } } }];
    const frozen = deepFreeze(structuredClone(declarations));
    const first = addEmptySchemaPlaceholders(payload('claude-sonnet-4-6', [{ functionDeclarations: frozen }]), {});
    const second = addEmptySchemaPlaceholders(payload('claude-sonnet-4-6', [{ functionDeclarations: frozen }]), {});
    const unfrozen = addEmptySchemaPlaceholders(payload('claude-sonnet-4-6', [{ functionDeclarations: declarations }]), {});
    expect(first.request.tools).toEqual(unfrozen.request.tools);
    expect(second.request.tools?.[0]?.functionDeclarations).toBe(first.request.tools?.[0]?.functionDeclarations);
    expect(Object.isFrozen(first.request.tools?.[0]?.functionDeclarations?.[0]?.parameters)).toBe(true);
    expect(frozen[0]).toEqual({ name: 'no_params' });
  });
});
