import type { GeminiGenerationConfig, GeminiThinkingConfig } from '../gemini/gemini-api.js';
import { MIN_CLAUDE_THINKING_BUDGET } from './choose-thinking-config.js';
import type { UpstreamPayloadPass } from './upstream-payload.js';

/** Claude's output limit behind Code Assist: 64000 works, 64001 is a 400 (CliRelay PR #1025, probed on the live backend). */
export const CLAUDE_MAX_OUTPUT_TOKENS = 64_000;
/**
 * Gemini's when the catalogue does not say: the backend advertises 65535 for Gemini 3.1 Pro, Flash Lite and 3.5 Flash
 * and refuses 65536 there (V1ki/dsh-plugin-subscriptions#92); Gemini 3 Flash takes 65536. The lower one is safe for all.
 */
export const GEMINI_MAX_OUTPUT_TOKENS = 65_535;

/**
 * Keeps `maxOutputTokens` within the upstream model's limit — the account catalogue's `maxOutputTokens`, else the
 * family's known limit — since the backend refuses anything above it with a bare "Request contains an invalid
 * argument." (Claude Code sends `max_tokens` 128000). Then keeps a thinking budget strictly under it, as Claude
 * requires ("`max_tokens` must be greater than `thinking.budget_tokens`", CLIProxyAPI#424) and the opencode-antigravity-auth
 * API notes state for every model: a Claude request with a budget and no `maxOutputTokens` gets the model's limit
 * (the backend's default may be below the budget); a budget that does not fit is lowered; when even Claude's minimum
 * budget (1024) does not fit, `maxOutputTokens` is raised to leave the client's allowance after the minimum thinking.
 */
export const capOutputTokens: UpstreamPayloadPass = (payload, context) => {
  const config = payload.request.generationConfig;
  const model = payload.model.toLowerCase();
  const claude = model.startsWith('claude-');
  const limit = context.modelInfo?.maxOutputTokens ?? (claude ? CLAUDE_MAX_OUTPUT_TOKENS : model.startsWith('gemini-') ? GEMINI_MAX_OUTPUT_TOKENS : undefined);
  const thinking = config?.thinkingConfig;
  const budget = typeof thinking?.thinkingBudget === 'number' && thinking.thinkingBudget > 0 ? thinking.thinkingBudget : undefined;

  let maxOutputTokens = typeof config?.maxOutputTokens === 'number' ? config.maxOutputTokens : undefined;
  if (maxOutputTokens !== undefined && limit !== undefined && maxOutputTokens > limit) maxOutputTokens = limit;
  if (budget !== undefined && maxOutputTokens === undefined && claude) maxOutputTokens = limit;

  let thinkingBudget = budget;
  if (budget !== undefined && maxOutputTokens !== undefined && budget >= maxOutputTokens) {
    const minimum = claude ? MIN_CLAUDE_THINKING_BUDGET : 1;
    if (maxOutputTokens - 1 >= minimum) {
      thinkingBudget = maxOutputTokens - 1;
    } else {
      thinkingBudget = minimum;
      maxOutputTokens = Math.min(limit ?? Number.MAX_SAFE_INTEGER, minimum + maxOutputTokens);
    }
  }

  if (maxOutputTokens === config?.maxOutputTokens && thinkingBudget === budget) return payload;
  const generationConfig: GeminiGenerationConfig = { ...config };
  if (maxOutputTokens !== undefined) generationConfig.maxOutputTokens = maxOutputTokens;
  if (thinkingBudget !== budget) generationConfig.thinkingConfig = { ...(thinking as GeminiThinkingConfig), thinkingBudget };
  return { ...payload, request: { ...payload.request, generationConfig } };
};
