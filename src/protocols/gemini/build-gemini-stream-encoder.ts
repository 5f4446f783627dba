import { formatSseEvent } from '../../shared/sse.js';
import type { ProtocolError } from '../protocol-error.js';
import type { StreamEncoder } from '../stream-encoder.js';
import { formatGeminiError } from './format-gemini-error.js';
import type { GeminiResponse } from './gemini-api.js';

/**
 * Gemini-native `streamGenerateContent?alt=sse`: each upstream chunk, already unwrapped from the Code Assist
 * `response` envelope, goes out as one `data: <GenerateContentResponse>` frame. There is no `event:` name and no
 * `[DONE]`: the stream ends when the connection closes. A failure after the 200 is written twice: as a
 * `data: {"error":{…}}` frame, which SSE parsers and the Python SDK read as the error, and then as a bare JSON
 * line, the form both Google SDKs also accept outside `data:` frames: `@google/genai` for JavaScript recognises
 * only that form, and without it ends a broken stream as if the answer were complete.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export function buildGeminiStreamEncoder(): StreamEncoder {
  let ended = false;
  return {
    push(chunk: GeminiResponse): string {
      if (ended) return '';
      return formatSseEvent(JSON.stringify(chunk));
    },
    finish(): string {
      ended = true;
      return '';
    },
    fail(error: ProtocolError): string {
      if (ended) return '';
      ended = true;
      const body = JSON.stringify(formatGeminiError(error).body);
      // One newline and no blank line after the bare copy: when it shares a network read with the frame, the JS
      // SDK is left holding an unterminated segment at the end and throws instead of returning quietly.
      return `${formatSseEvent(body)}${body}\n`;
    },
  };
}
