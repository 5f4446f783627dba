import { isRecord } from '../read-request-body.js';
import { buildGoogleError } from '../send-google-error.js';
import type { UpstreamRule } from './upstream-rule.js';

/**
 * Claude models get the conversation as Anthropic messages, and Anthropic refuses a text block that is empty or only
 * whitespace: "messages: text content blocks must contain non-whitespace text" (anthropics/claude-code#23440);
 * lidge-jun/opencodex#430 traces an empty Gemini text part through Antigravity to that Anthropic 400. Thought parts
 * (thinking blocks) and the system instruction are not checked here.
 */
export const refuseBlankTextForClaude: UpstreamRule = {
  name: 'refuse-blank-text-for-claude',
  source: 'https://github.com/anthropics/claude-code/issues/23440 and https://github.com/lidge-jun/opencodex/pull/430',
  check({ request, model }) {
    if (model.kind !== 'claude') return undefined;
    for (const [contentIndex, content] of request.contents.entries()) {
      if (!isRecord(content) || !Array.isArray(content.parts)) continue;
      for (const part of content.parts) {
        if (!isRecord(part) || part.thought === true || typeof part.text !== 'string') continue;
        if (part.text.trim() !== '') continue;
        return buildGoogleError(400, `messages.${contentIndex}: text content blocks must contain non-whitespace text`);
      }
    }
    return undefined;
  },
};
