/**
 * @module The rules the real Cloud Code backend enforces, applied in order by the simulator; the first
 * refusal wins. Add a rule in its own file (with its `source`) and list it here.
 */
import type { GoogleErrorReply } from '../send-google-error.js';
import { allowAtMostFiveStopSequences } from './allow-at-most-five-stop-sequences.js';
import { keepOutputWithinModelLimit } from './keep-output-within-model-limit.js';
import { refuseBlankTextForClaude } from './refuse-blank-text-for-claude.js';
import { refuseFlaggedSystemPrompt } from './refuse-flagged-system-prompt.js';
import { refuseSearchWithFunctions } from './refuse-search-with-functions.js';
import { refuseThinkingLevelWithBudget } from './refuse-thinking-level-with-budget.js';
import { requireClaudeBudgetBelowMaxTokens } from './require-claude-budget-below-max-tokens.js';
import { requireFunctionResponsesTogether } from './require-function-responses-together.js';
import { requireKnownSafetySettings } from './require-known-safety-settings.js';
import { requireOwnFamilySignatures } from './require-own-family-signatures.js';
import { requirePartData } from './require-part-data.js';
import { requireSignedFunctionCalls } from './require-signed-function-calls.js';
import { requireValidatedClaudeTools } from './require-validated-claude-tools.js';
import { requireValidFunctionNames } from './require-valid-function-names.js';
import { restrictImageModelRequests } from './restrict-image-model-requests.js';
import type { UpstreamRule, UpstreamRuleInput } from './upstream-rule.js';

export type { UpstreamRule, UpstreamRuleInput } from './upstream-rule.js';

export const UPSTREAM_RULES: readonly UpstreamRule[] = [
  requireValidFunctionNames,
  requireSignedFunctionCalls,
  refuseFlaggedSystemPrompt,
  requireKnownSafetySettings,
  requirePartData,
  refuseBlankTextForClaude,
  requireFunctionResponsesTogether,
  requireOwnFamilySignatures,
  restrictImageModelRequests,
  refuseSearchWithFunctions,
  keepOutputWithinModelLimit,
  requireClaudeBudgetBelowMaxTokens,
  allowAtMostFiveStopSequences,
  requireValidatedClaudeTools,
  refuseThinkingLevelWithBudget,
];

/** The first rule that refuses the envelope, with the refusal; undefined when every rule passes. */
export function applyUpstreamRules(
  input: UpstreamRuleInput,
  rules: readonly UpstreamRule[] = UPSTREAM_RULES,
): { rule: UpstreamRule; error: GoogleErrorReply } | undefined {
  for (const rule of rules) {
    const error = rule.check(input);
    if (error !== undefined) return { rule, error };
  }
  return undefined;
}
