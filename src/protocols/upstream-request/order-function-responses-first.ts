import type { GeminiContent, GeminiPart } from '../gemini/gemini-api.js';
import type { UpstreamPayloadPass } from './upstream-payload.js';

/**
 * In a turn that answers tool calls, all `functionResponse` parts come first and together, and everything else
 * (the images a tool returned, the user's follow-up text) after them. Converting parallel tool results one by one
 * gives `[response A, image A, response B, image B]`, which the backend refuses for Claude: each tool result must
 * follow its call directly, and an image between two results breaks that
 * (badrisnarayanan/antigravity-claude-proxy#79, "prevent image inlineData from interleaving with functionResponse
 * blocks"). The order within each group is kept.
 */
export const orderFunctionResponsesFirst: UpstreamPayloadPass = (payload) => {
  let changed = false;
  const contents = payload.request.contents.map((content) => {
    const ordered = orderParts(content);
    if (ordered !== content) changed = true;
    return ordered;
  });
  return changed ? { ...payload, request: { ...payload.request, contents } } : payload;
};

function orderParts(content: GeminiContent): GeminiContent {
  const parts = content.parts;
  if (!Array.isArray(parts)) return content;
  const responses: GeminiPart[] = [];
  const others: GeminiPart[] = [];
  let outOfPlace = false;
  for (const part of parts) {
    if (isFunctionResponse(part)) {
      if (others.length > 0) outOfPlace = true;
      responses.push(part);
    } else {
      others.push(part);
    }
  }
  if (!outOfPlace) return content;
  return { ...content, parts: [...responses, ...others] };
}

function isFunctionResponse(part: GeminiPart): boolean {
  return typeof part === 'object' && part !== null && part.functionResponse !== undefined;
}
