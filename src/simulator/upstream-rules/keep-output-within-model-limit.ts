import { buildGoogleError } from '../send-google-error.js';
import type { UpstreamRule } from './upstream-rule.js';

/**
 * `maxOutputTokens` above the model's own limit (the `maxOutputTokens` its catalogue entry advertises) is refused
 * with the bare INVALID_ARGUMENT, naming no field.
 */
export const keepOutputWithinModelLimit: UpstreamRule = {
  name: 'keep-output-within-model-limit',
  source:
    'kittors/CliRelay PR #1025 (probed: Claude 64000 → 200, 64001 → 400 "Request contains an invalid argument."); ' +
    'V1ki/dsh-plugin-subscriptions#92 (65536 on the 65535 models gemini-3.1-pro-low, gemini-pro-agent, gemini-3.1-flash-lite → 400)',
  check({ request, model }) {
    const asked = request.generationConfig?.maxOutputTokens;
    if (typeof asked !== 'number' || asked <= model.maxOutputTokens) return undefined;
    return buildGoogleError(400, 'Request contains an invalid argument.');
  },
};
