import { formatSseEvent } from '../../shared/sse.js';
import type { ProtocolError } from '../protocol-error.js';
import type { StreamEncoder } from '../stream-encoder.js';
import { formatGeminiError } from './format-gemini-error.js';
import type { GeminiResponse } from './gemini-api.js';

/**
 * Gemini-native `streamGenerateContent?alt=sse`: each upstream chunk, already unwrapped from the Code Assist
 * `response` envelope, goes out as one `data: <GenerateContentResponse>` frame. There is no `event:` name and no
 * `[DONE]`: the stream ends when the connection closes. A failure after the 200 is one
 * `data: {"error":{…}}` frame, which the Google SDKs raise as an API error.
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
      return formatSseEvent(JSON.stringify(formatGeminiError(error).body));
    },
  };
}
