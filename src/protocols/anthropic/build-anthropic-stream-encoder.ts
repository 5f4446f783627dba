import { formatSseEvent } from '../../shared/sse.js';
import type { GeminiCandidate, GeminiResponse, GeminiUsageMetadata } from '../gemini/gemini-api.js';
import type { StreamEncoder } from '../stream-encoder.js';
import type { AnthropicUsage } from './anthropic-messages-api.js';
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
 * Usage carries all four figures in both `message_start` (what the first chunk tells) and `message_delta` (the final
 * input, cache and output counts, cumulative, which the SDKs copy over the start's).
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export function buildAnthropicStreamEncoder(options: { model: string; id: string; inputTokens?: number }): StreamEncoder {
  const assembler = buildAnthropicContentAssembler({ messageId: options.id });
  let phase: Phase = 'waiting';
  let usage: GeminiUsageMetadata | undefined;
  let finishReason: string | undefined;
  let startUsage: AnthropicUsage | undefined;

  function start(chunk: GeminiResponse | undefined): string {
    phase = 'streaming';
    const known = convertGeminiUsageToAnthropic(chunk?.usageMetadata);
    startUsage = { ...known, input_tokens: options.inputTokens ?? known.input_tokens, output_tokens: 1 };
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
        usage: startUsage,
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
      // The final figures, cumulative as Anthropic's are: the SDKs overwrite the message_start usage with them.
      // Without any upstream usage the input figures of message_start stand.
      const converted = convertGeminiUsageToAnthropic(usage);
      const deltaUsage: AnthropicUsage =
        usage === undefined && startUsage !== undefined ? { ...startUsage, output_tokens: converted.output_tokens } : converted;
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
