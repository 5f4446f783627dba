import { formatSseEvent } from '../../shared/sse.js';
import type { GeminiCandidate, GeminiResponse, GeminiUsageMetadata } from '../gemini/gemini-api.js';
import type { StreamEncoder } from '../stream-encoder.js';
import { buildAnthropicContentAssembler } from './build-anthropic-content-assembler.js';
import { convertGeminiUsageToAnthropic } from './convert-gemini-usage-to-anthropic.js';
import { formatAnthropicErrorBody } from './format-anthropic-error.js';
import { mapGeminiFinishReasonToAnthropic } from './map-gemini-finish-reason-to-anthropic.js';

/**
 * Where the stream is.
 * - `waiting`: nothing sent yet; the first push (or finish) sends `message_start`.
 * - `streaming`: `message_start` went out; content events follow.
 * - `ended`: `message_stop` or an error went out; everything after is ignored.
 */
type Phase = 'waiting' | 'streaming' | 'ended';

/**
 * Encodes Gemini chunks as an Anthropic Messages event stream. Every frame carries both `event: <type>` and
 * `data: <json with the same type>`: the Anthropic SDK dispatches on the event name and yields nothing for
 * frames without one.
 *
 * Order: `message_start`, then per block `content_block_start` → deltas → `content_block_stop`, then
 * `message_delta` (stop reason, usage) and `message_stop`. `fail()` ends the stream with `event: error` instead.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export function buildAnthropicStreamEncoder(options: { model: string; id: string; inputTokens?: number }): StreamEncoder {
  const assembler = buildAnthropicContentAssembler({ messageId: options.id });
  let phase: Phase = 'waiting';
  let usage: GeminiUsageMetadata | undefined;
  let finishReason: string | undefined;

  function start(chunk: GeminiResponse | undefined): string {
    phase = 'streaming';
    const inputTokens = options.inputTokens ?? convertGeminiUsageToAnthropic(chunk?.usageMetadata).input_tokens;
    return formatEvent({
      type: 'message_start',
      message: {
        id: options.id,
        type: 'message',
        role: 'assistant',
        content: [],
        model: options.model,
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: 1 },
      },
    });
  }

  return {
    push(chunk) {
      if (phase === 'ended') return '';
      let wire = phase === 'waiting' ? start(chunk) : '';
      if (typeof chunk.usageMetadata === 'object' && chunk.usageMetadata !== null) usage = chunk.usageMetadata;
      const candidate: GeminiCandidate | undefined = Array.isArray(chunk.candidates) ? chunk.candidates[0] : undefined;
      if (typeof candidate?.finishReason === 'string') finishReason = candidate.finishReason;
      for (const event of assembler.push(candidate?.content?.parts)) wire += formatEvent(event);
      return wire;
    },

    finish() {
      if (phase === 'ended') return '';
      let wire = phase === 'waiting' ? start(undefined) : '';
      for (const event of assembler.finish()) wire += formatEvent(event);
      const converted = convertGeminiUsageToAnthropic(usage);
      const deltaUsage: Record<string, number> = { output_tokens: converted.output_tokens };
      if (usage !== undefined) deltaUsage.input_tokens = converted.input_tokens;
      if (converted.cache_read_input_tokens !== undefined) deltaUsage.cache_read_input_tokens = converted.cache_read_input_tokens;
      wire += formatEvent({
        type: 'message_delta',
        delta: { stop_reason: mapGeminiFinishReasonToAnthropic(finishReason, assembler.hasToolUse()), stop_sequence: null },
        usage: deltaUsage,
      });
      wire += formatEvent({ type: 'message_stop' });
      phase = 'ended';
      return wire;
    },

    fail(error) {
      if (phase === 'ended') return '';
      phase = 'ended';
      return formatEvent(formatAnthropicErrorBody(error));
    },
  };
}

function formatEvent(event: { type: string; [field: string]: unknown }): string {
  return formatSseEvent(JSON.stringify(event), event.type);
}
