import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../shared/gateway-error.js';
import { convertJsonSchemaToGeminiSchema } from '../tool-schemas/convert-json-schema-to-gemini-schema.js';
import { convertClientSchemaToGemini } from './convert-client-schema-to-gemini.js';

describe('convertClientSchemaToGemini', () => {
  it('returns what the schema cleaner returns', () => {
    const schema = { type: 'object', properties: { a: { type: ['string', 'null'] } }, $defs: {} };
    expect(convertClientSchemaToGemini(schema, 'tools[0].function.parameters')).toEqual(convertJsonSchemaToGeminiSchema(schema));
  });

  it('turns a failure inside the cleaner into INVALID_REQUEST naming the field', () => {
    // A getter that throws stands in for any schema the cleaner cannot handle.
    const hostile = Object.defineProperty({ type: 'object' }, 'properties', {
      enumerable: true,
      get() {
        throw new TypeError('boom');
      },
    });
    expect(() => convertClientSchemaToGemini(hostile, 'tools[2].function.parameters')).toThrow(
      new GatewayError('INVALID_REQUEST', 'tools[2].function.parameters: is not a JSON Schema agt can convert'),
    );
  });
});
