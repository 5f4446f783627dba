import { isRecord } from '../read-request-body.js';
import { buildGoogleError } from '../send-google-error.js';
import type { UpstreamRule } from './upstream-rule.js';

/**
 * A Claude model with a thinking budget needs `maxOutputTokens` above it (Anthropic's rule, passed through by Vertex
 * inside the Google error): a missing or smaller limit is refused.
 */
export const requireClaudeBudgetBelowMaxTokens: UpstreamRule = {
  name: 'require-claude-budget-below-max-tokens',
  source: 'router-for-me/CLIProxyAPI#424 and liuw1535/antigravity2api-nodejs#150 (the recorded 400 below)',
  check({ request, model }) {
    if (model.kind !== 'claude') return undefined;
    const config = request.generationConfig;
    const thinking = isRecord(config?.thinkingConfig) ? config.thinkingConfig : undefined;
    const budget = thinking?.thinkingBudget ?? thinking?.thinking_budget;
    if (typeof budget !== 'number' || budget <= 0) return undefined;
    const max = config?.maxOutputTokens;
    if (typeof max === 'number' && max > budget) return undefined;
    const inner = {
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message:
          '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at ' +
          'https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size',
      },
      request_id: 'req_vrtx_sim',
    };
    return buildGoogleError(400, JSON.stringify(inner));
  },
};
