import type { GeminiContent } from '../../protocols/gemini/gemini-api.js';
import { isRecord } from '../read-request-body.js';
import { buildGoogleError } from '../send-google-error.js';
import { simulatedFamilyOf } from '../sim-thought-signature.js';
import type { UpstreamRule } from './upstream-rule.js';

/**
 * On Gemini models, a model turn whose first functionCall part has no thought signature is refused (the sentinel
 * `skip_thought_signature_validator` counts as one). Later parallel calls of a turn need none. Claude models do not
 * ask for signatures on calls (antigravity-claude-proxy `src/format/content-converter.js` sends them to Gemini only).
 */
export const requireSignedFunctionCalls: UpstreamRule = {
  name: 'require-signed-function-calls',
  source: 'https://ai.google.dev/gemini-api/docs/thought-signatures (the 400 text is the backend\'s own)',
  check({ request, model }) {
    if (simulatedFamilyOf(model.id) !== 'gemini') return undefined;
    const missing = findUnsignedFunctionCall(request.contents);
    if (missing === undefined) return undefined;
    return buildGoogleError(
      400,
      'Function call is missing a thought_signature in functionCall parts. This is required for tools to work ' +
        `correctly, and missing thought_signature may lead to degraded model performance. Additional data, ` +
        `function call \`default_api:${missing.name}\` , position ${missing.position}. Please refer to ` +
        'https://ai.google.dev/gemini-api/docs/thought-signatures for more details.',
    );
  },
};

function findUnsignedFunctionCall(contents: readonly GeminiContent[]): { name: string; position: number } | undefined {
  for (let index = 0; index < contents.length; index += 1) {
    const content = contents[index];
    if (!isRecord(content) || content.role !== 'model' || !Array.isArray(content.parts)) continue;
    const call = content.parts.find((part) => isRecord(part) && part.functionCall !== undefined);
    if (call === undefined) continue;
    if (typeof call.thoughtSignature === 'string' && call.thoughtSignature !== '') continue;
    return { name: String(call.functionCall?.name ?? ''), position: index + 1 };
  }
  return undefined;
}
