import type { GeminiContent, GeminiPart } from '../gemini/gemini-api.js';
import type { UpstreamPayloadPass } from './upstream-payload.js';

/**
 * Drops text parts that hold nothing but whitespace, and parts that hold nothing at all, from the turns and the
 * system instruction. The backend refuses both: a part with no data is `400 … parts[0].data: required oneof field
 * 'data' must have one initialized field` (router-for-me/CLIProxyAPI#1292), and for Claude models an empty or blank
 * text becomes an Anthropic text block that is refused with "text content blocks must contain non-whitespace text"
 * (anthropics/claude-code#23440; lidge-jun/opencodex#430 traces it through Antigravity). Clients produce them from
 * empty assistant turns, blank tool outputs and compacted histories.
 *
 * Thought parts and parts carrying a thought signature are kept even when their text is empty: the signature is what
 * the backend needs back. A turn left with no parts is removed, and turns of the same role that its removal brings
 * together are merged. When nothing at all would be left, the payload goes as it is and the backend's own error
 * reaches the client.
 */
export const dropBlankTextParts: UpstreamPayloadPass = (payload) => {
  const request = payload.request;
  let changed = false;
  const contents: GeminiContent[] = [];
  let droppedSinceLast = false;
  for (const content of request.contents) {
    const parts = Array.isArray(content.parts) ? content.parts.filter((part) => !isBlank(part)) : content.parts;
    if (parts !== content.parts && parts.length !== content.parts.length) changed = true;
    if (Array.isArray(parts) && parts.length === 0) {
      changed = true;
      droppedSinceLast = true;
      continue;
    }
    const previous = contents.at(-1);
    if (droppedSinceLast && previous !== undefined && previous.role === content.role) {
      contents[contents.length - 1] = { ...previous, parts: [...previous.parts, ...parts] };
    } else {
      contents.push(parts === content.parts ? content : { ...content, parts });
    }
    droppedSinceLast = false;
  }
  if (contents.length === 0) return payload;

  let systemInstruction = request.systemInstruction;
  if (systemInstruction !== undefined && Array.isArray(systemInstruction.parts)) {
    const parts = systemInstruction.parts.filter((part) => !isBlank(part));
    if (parts.length !== systemInstruction.parts.length) {
      changed = true;
      systemInstruction = parts.length === 0 ? undefined : { ...systemInstruction, parts };
    }
  }
  if (!changed) return payload;
  const next = { ...request, contents };
  if (systemInstruction === undefined) delete next.systemInstruction;
  else next.systemInstruction = systemInstruction;
  return { ...payload, request: next };
};

/** A part with no data, or plain text that is empty or whitespace. */
export function isBlank(part: GeminiPart): boolean {
  if (typeof part !== 'object' || part === null) return false;
  if (part.thought === true || part.thoughtSignature !== undefined) return false;
  const keys = Object.keys(part).filter((key) => part[key] !== undefined);
  if (keys.length === 0) return true;
  if (!keys.every((key) => key === 'text' || key === 'thought')) return false;
  return typeof part.text !== 'string' || part.text.trim() === '';
}
