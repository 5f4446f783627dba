import { GatewayError } from '../../shared/gateway-error.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../shared/exceeds-json-depth.js';

/**
 * Function-call `arguments` sent back by the client (a Chat Completions assistant `tool_calls[].function` or
 * `function_call`, a Responses `function_call` input item) as the object Gemini's `functionCall.args` needs. The
 * spec sends a JSON string; "" means no arguments, and the object itself is accepted from lenient clients. Anything
 * that is not a JSON object, or nests too deep to send on, is the client's `INVALID_REQUEST` naming `path`.
 */
export function parseFunctionCallArguments(value: string | Record<string, unknown>, path: string): Record<string, unknown> {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return {};
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new GatewayError('INVALID_REQUEST', `${path}: is not valid JSON`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new GatewayError('INVALID_REQUEST', `${path}: must be a JSON object`);
  }
  if (exceedsJsonDepth(parsed)) throw new GatewayError('INVALID_REQUEST', `${path}: nests deeper than ${MAX_JSON_DEPTH} levels`);
  return parsed as Record<string, unknown>;
}
