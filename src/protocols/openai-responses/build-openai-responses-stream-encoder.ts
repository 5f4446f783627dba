import { formatSseEvent } from '../../shared/sse.js';
import type { GeminiPart, GeminiResponse, GeminiUsageMetadata } from '../gemini/gemini-api.js';
import { mapProtocolErrorKindToOpenAI } from '../openai/map-protocol-error-kind-to-openai.js';
import type { ProtocolError } from '../protocol-error.js';
import type { StreamEncoder } from '../stream-encoder.js';
import { buildResponsesOutputAssembler } from './build-responses-output-assembler.js';
import { convertGeminiUsageToResponses } from './convert-gemini-usage-to-responses.js';
import { formatResponsesResponse, readIdSeed, type OpenAIResponsesContext } from './format-responses-response.js';
import { mapGeminiFinishReasonToResponses } from './map-gemini-finish-reason-to-responses.js';
import type { ResponsesError, ResponsesStreamEvent } from './openai-responses-api.js';

/**
 * - `waiting`: nothing sent yet; `response.created` and `response.in_progress` go out with the first chunk (or the
 *   end, or the failure), so every stream opens with them as the SDKs require.
 * - `streaming`: items are being added, streamed and closed.
 * - `ended`: `finish()` or `fail()` ran; every later call returns "".
 */
type EncoderPhase = 'waiting' | 'streaming' | 'ended';

/**
 * Encodes Gemini stream chunks as Responses API server-sent events: each frame has `event: <type>` and a JSON
 * `data` with the same `type` and a `sequence_number` counting from 0. The items and their events come from the
 * output assembler; the stream ends with `response.completed` (or `response.incomplete`) carrying the whole
 * Response with usage. A failure after the 200 sends an `error` event (with a top-level `error` object, which is
 * what makes openai-node and openai-python throw) and then the terminal `response.failed` (what Codex reads).
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export function buildOpenAIResponsesStreamEncoder(context: OpenAIResponsesContext): StreamEncoder {
  const assembler = buildResponsesOutputAssembler({ idSeed: readIdSeed(context.id), catalog: context.catalog });
  let phase: EncoderPhase = 'waiting';
  let sequenceNumber = 0;
  let finishReason: string | undefined;
  let promptBlocked = false;
  let usage: GeminiUsageMetadata | undefined;

  function formatEvents(events: readonly ResponsesStreamEvent[]): string {
    let text = '';
    for (const event of events) {
      text += formatSseEvent(JSON.stringify({ ...event, sequence_number: sequenceNumber }), event.type);
      sequenceNumber += 1;
    }
    return text;
  }

  function startOnce(): string {
    if (phase !== 'waiting') return '';
    phase = 'streaming';
    const response = formatResponsesResponse(context, { status: 'in_progress', output: [], usage: null });
    return formatEvents([
      { type: 'response.created', response },
      { type: 'response.in_progress', response },
    ]);
  }

  return {
    push(chunk: GeminiResponse): string {
      if (phase === 'ended') return '';
      const candidate = chunk.candidates?.[0];
      if (typeof candidate?.finishReason === 'string') finishReason = candidate.finishReason;
      if (chunk.usageMetadata !== undefined) usage = chunk.usageMetadata;
      if (candidate === undefined && typeof chunk.promptFeedback?.blockReason === 'string') promptBlocked = true;
      const parts: GeminiPart[] = Array.isArray(candidate?.content?.parts) ? candidate.content.parts : [];
      const events = assembler.pushParts(parts);
      // Nothing to say yet (an empty keep-alive chunk): no bytes, so the stream opens with real content.
      if (events.length === 0 && phase === 'waiting') return '';
      return startOnce() + formatEvents(events);
    },

    finish(): string {
      if (phase === 'ended') return '';
      let text = startOnce();
      phase = 'ended';
      const outcome = mapGeminiFinishReasonToResponses(finishReason, promptBlocked);
      text += formatEvents(assembler.close(outcome.status));
      const response = formatResponsesResponse(context, {
        status: outcome.status,
        output: assembler.output,
        usage: convertGeminiUsageToResponses(usage),
        incompleteDetails: outcome.incomplete_details,
      });
      const type = outcome.status === 'completed' ? 'response.completed' : 'response.incomplete';
      return text + formatEvents([{ type, response }]);
    },

    fail(error: ProtocolError): string {
      if (phase === 'ended') return '';
      let text = startOnce();
      phase = 'ended';
      const { type, code } = mapProtocolErrorKindToOpenAI(error.kind);
      const responseError: ResponsesError = {
        code: error.kind === 'rate_limit' ? 'rate_limit_exceeded' : 'server_error',
        message: error.message,
      };
      // Items still open are left as they were added: their `output_item.done` never came, so clients that
      // record finished items (Codex) do not keep a half answer.
      const response = formatResponsesResponse(context, {
        status: 'failed',
        output: assembler.output,
        usage: usage === undefined ? null : convertGeminiUsageToResponses(usage),
        error: responseError,
      });
      text += formatEvents([
        { type: 'error', code, message: error.message, param: null, error: { type, code, message: error.message, param: null } },
        { type: 'response.failed', response },
      ]);
      return text;
    },
  };
}
