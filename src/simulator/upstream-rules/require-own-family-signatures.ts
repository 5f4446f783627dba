import { SKIP_THOUGHT_SIGNATURE } from '../../protocols/gemini/gemini-api.js';
import { isRecord } from '../read-request-body.js';
import { buildGoogleError, type GoogleErrorReply } from '../send-google-error.js';
import { readSimThoughtSignatureFamily, simulatedFamilyOf } from '../sim-thought-signature.js';
import type { UpstreamRule } from './upstream-rule.js';

/**
 * Thought signatures are checked by the family that issued them:
 * - a Gemini model refuses any signature it did not issue (a Claude one, a prefixed or truncated one) with
 *   "Corrupted thought signature." and takes only the `skip_thought_signature_validator` sentinel in its place;
 * - a Claude model refuses a thinking part whose signature is foreign, corrupt or the sentinel with Anthropic's
 *   "Invalid `signature` in `thinking` block" (wrapped as the message of a 400 INVALID_ARGUMENT), and an unsigned
 *   thinking part with "thinking.signature: Field required".
 */
export const requireOwnFamilySignatures: UpstreamRule = {
  name: 'require-own-family-signatures',
  source:
    'lbjlaq/Antigravity-Manager#970 and #402 ("Corrupted thought signature."), #498 and #777 (Claude\'s "Invalid ' +
    '`signature` in `thinking` block" inside the 400), router-for-me/CLIProxyAPI#570 (fabricated Claude signatures ' +
    'are refused), Antigravity-Manager handlers/common.rs (thinking.signature errors)',
  check({ request, model }) {
    const family = simulatedFamilyOf(model.id);
    for (const [contentIndex, content] of request.contents.entries()) {
      if (!isRecord(content) || !Array.isArray(content.parts)) continue;
      for (const [partIndex, part] of content.parts.entries()) {
        if (!isRecord(part)) continue;
        const signature = part.thoughtSignature;
        if (family === 'gemini') {
          if (signature === undefined || signature === SKIP_THOUGHT_SIGNATURE) continue;
          if (readSimThoughtSignatureFamily(signature) !== 'gemini') return buildGoogleError(400, 'Corrupted thought signature.');
          continue;
        }
        if (part.thought !== true) continue;
        const position = `messages.${contentIndex}.content.${partIndex}`;
        if (signature === undefined || signature === '') return claudeError(`${position}.thinking.signature: Field required`);
        if (readSimThoughtSignatureFamily(signature) !== 'claude') return claudeError(`${position}: Invalid \`signature\` in \`thinking\` block`);
      }
    }
    return undefined;
  },
};

function claudeError(message: string): GoogleErrorReply {
  const inner = { type: 'error', error: { type: 'invalid_request_error', message }, request_id: 'req_vrtx_sim' };
  return buildGoogleError(400, JSON.stringify(inner));
}
