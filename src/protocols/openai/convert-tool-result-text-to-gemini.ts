import { exceedsJsonDepth } from '../../shared/exceeds-json-depth.js';

/**
 * The `result` of a Gemini function response for a tool's text output (Chat Completions `tool` / `function`
 * messages, Responses `function_call_output` items): the output itself when it is a JSON object, else the text as
 * `{ content: text }` (also for JSON too deep to send on).
 */
export function convertToolResultTextToGemini(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && !exceedsJsonDepth(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Not JSON: plain text output.
  }
  return { content: text };
}
