import { GatewayError, isGatewayError } from '../../shared/gateway-error.js';
import { convertJsonSchemaToGeminiSchema } from '../tool-schemas/convert-json-schema-to-gemini-schema.js';

/**
 * Cleans a client-supplied JSON Schema (tool parameters, `response_format.json_schema.schema`) for Gemini. A
 * schema so hostile that cleaning it fails is reported as the client's `INVALID_REQUEST` naming `path`, never
 * as a gateway crash.
 */
export function convertClientSchemaToGemini(schema: unknown, path: string): Record<string, unknown> | undefined {
  try {
    return convertJsonSchemaToGeminiSchema(schema);
  } catch (error) {
    if (isGatewayError(error)) throw error;
    throw new GatewayError('INVALID_REQUEST', `${path}: is not a JSON Schema agt can convert`, { cause: error });
  }
}
