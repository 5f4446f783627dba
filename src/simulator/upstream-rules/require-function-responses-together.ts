import { isRecord } from '../read-request-body.js';
import { buildGoogleError } from '../send-google-error.js';
import type { UpstreamRule } from './upstream-rule.js';

/**
 * The answers to a turn's tool calls must come together: a part of another kind (an image a tool returned, text)
 * between two `functionResponse` parts makes the backend refuse the request, since on the Claude side each tool
 * result has to follow its call directly (badrisnarayanan/antigravity-claude-proxy#79: `[functionResponse1,
 * inlineData1, functionResponse2, inlineData2]` → 400; the fix sends the images after all the responses). The issue
 * does not quote the 400's text; the one below follows Anthropic's wording for a misplaced tool result.
 */
export const requireFunctionResponsesTogether: UpstreamRule = {
  name: 'require-function-responses-together',
  source: 'https://github.com/badrisnarayanan/antigravity-claude-proxy/pull/79',
  check({ request }) {
    for (const [contentIndex, content] of request.contents.entries()) {
      if (!isRecord(content) || !Array.isArray(content.parts)) continue;
      const kinds = content.parts.map((part) => isRecord(part) && part.functionResponse !== undefined);
      const first = kinds.indexOf(true);
      const last = kinds.lastIndexOf(true);
      if (first === -1 || kinds.slice(first, last + 1).every(Boolean)) continue;
      return buildGoogleError(
        400,
        `messages.${contentIndex}.content: tool_result blocks must come before any other content in the message that answers tool_use blocks`,
      );
    }
    return undefined;
  },
};
