/**
 * @module protocols/tool-schemas
 * Tool parameter schemas shared by every client protocol.
 */
export { convertJsonSchemaToGeminiSchema } from './convert-json-schema-to-gemini-schema.js';
