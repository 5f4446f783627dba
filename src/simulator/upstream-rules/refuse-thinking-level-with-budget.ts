import { isRecord } from '../read-request-body.js';
import { buildGoogleError } from '../send-google-error.js';
import type { UpstreamRule } from './upstream-rule.js';

/** A Gemini thinking config with both a level and a budget is refused. */
export const refuseThinkingLevelWithBudget: UpstreamRule = {
  name: 'refuse-thinking-level-with-budget',
  source: 'https://ai.google.dev/gemini-api/docs/thinking ("you cannot use both thinkingLevel and thinkingBudget in the same request; doing so returns a 400 error")',
  check({ request }) {
    const thinking = request.generationConfig?.thinkingConfig;
    if (!isRecord(thinking) || thinking.thinkingLevel === undefined) return undefined;
    if (thinking.thinkingBudget === undefined && thinking.thinking_budget === undefined) return undefined;
    return buildGoogleError(400, 'Request contains an invalid argument.');
  },
};
