import type { GeminiPart } from '../../protocols/gemini/gemini-api.js';
import { isRecord } from '../read-request-body.js';
import { buildBareRateLimitError } from '../build-fault-error.js';
import type { UpstreamRule } from './upstream-rule.js';

/**
 * Cloud Code answers some prompts with a bare `429 RESOURCE_EXHAUSTED` ("Resource has been exhausted (e.g. check
 * quota).", no reason, no reset delay) although the account has quota: the trigger is the content. The reproduced
 * case is a system prompt naming both "Hermes Agent" and "Nous Research" (either alone is fine) — decolua/9router#2964
 * bisected it, router-for-me/CLIProxyAPI#4696 A/B-tested it; can1357/oh-my-pi#11704/#11689 show other phrases.
 * The simulator refuses exactly that pair, on every account, so a test can tell a content refusal from a quota one.
 */
export const FLAGGED_SYSTEM_PROMPT_PHRASES: readonly string[] = ['Hermes Agent', 'Nous Research'];

export const refuseFlaggedSystemPrompt: UpstreamRule = {
  name: 'refuse-flagged-system-prompt',
  source: 'https://github.com/decolua/9router/issues/2964 and https://github.com/router-for-me/CLIProxyAPI/issues/4696',
  check({ request }) {
    const parts = isRecord(request.systemInstruction) && Array.isArray(request.systemInstruction.parts) ? request.systemInstruction.parts : [];
    const text = parts.map((part: GeminiPart) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('\n');
    return FLAGGED_SYSTEM_PROMPT_PHRASES.every((phrase) => text.includes(phrase)) ? buildBareRateLimitError() : undefined;
  },
};
