import type { GeminiCandidate, GeminiResponse } from '../gemini/gemini-api.js';
import type { AnthropicMessage, AnthropicResponseContentBlock } from './anthropic-messages-api.js';
import type { AnthropicWebSearchCitation, AnthropicWebSearchResult } from './format-anthropic-web-search.js';
import { buildAnthropicContentAssembler, type AnthropicContentEvent } from './build-anthropic-content-assembler.js';
import { convertGeminiUsageToAnthropic } from './convert-gemini-usage-to-anthropic.js';
import { mapGeminiFinishReasonToAnthropic } from './map-gemini-finish-reason-to-anthropic.js';

/**
 * Converts a whole Gemini response to an Anthropic message. Blocks follow the same rules as the stream (see
 * `buildAnthropicContentAssembler`); in addition a thinking block that never got a signature is returned as text,
 * since the client would send it back unsigned and Code Assist rejects unsigned thoughts.
 */
export function convertGeminiResponseToAnthropic(
  response: GeminiResponse,
  options: { model: string; id: string },
): AnthropicMessage {
  const candidate: GeminiCandidate | undefined = Array.isArray(response.candidates) ? response.candidates[0] : undefined;
  const assembler = buildAnthropicContentAssembler({ messageId: options.id });
  const events = [...assembler.push(candidate?.content?.parts), ...assembler.finish()];
  const finishReason = typeof candidate?.finishReason === 'string' ? candidate.finishReason : undefined;
  return {
    id: options.id,
    type: 'message',
    role: 'assistant',
    model: options.model,
    content: collectBlocks(events),
    stop_reason: mapGeminiFinishReasonToAnthropic(finishReason, assembler.hasToolUse()),
    stop_sequence: null,
    usage: convertGeminiUsageToAnthropic(response.usageMetadata),
  };
}

type DraftBlock =
  | { type: 'text'; text: string; citations?: AnthropicWebSearchCitation[] }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use' | 'server_tool_use'; id: string; name: string; json: string }
  | { type: 'web_search_tool_result'; tool_use_id: string; content: AnthropicWebSearchResult[] };

function collectBlocks(events: AnthropicContentEvent[]): AnthropicResponseContentBlock[] {
  const drafts: DraftBlock[] = [];
  for (const event of events) {
    if (event.type === 'content_block_start') {
      const block = event.content_block;
      if (block.type === 'text') drafts[event.index] = block.citations === undefined ? { type: 'text', text: '' } : { type: 'text', text: '', citations: [] };
      else if (block.type === 'thinking') drafts[event.index] = { type: 'thinking', thinking: '', signature: '' };
      else if (block.type === 'web_search_tool_result') drafts[event.index] = { ...block };
      else drafts[event.index] = { type: block.type, id: block.id, name: block.name, json: '' };
    } else if (event.type === 'content_block_delta') {
      applyDelta(drafts[event.index], event.delta);
    }
  }
  return drafts.map(finishBlock);
}

function applyDelta(draft: DraftBlock | undefined, delta: Extract<AnthropicContentEvent, { type: 'content_block_delta' }>['delta']): void {
  if (draft === undefined) return;
  if (draft.type === 'text' && delta.type === 'text_delta') draft.text += delta.text;
  else if (draft.type === 'text' && delta.type === 'citations_delta') draft.citations?.push(delta.citation);
  else if (draft.type === 'thinking' && delta.type === 'thinking_delta') draft.thinking += delta.thinking;
  else if (draft.type === 'thinking' && delta.type === 'signature_delta') draft.signature = delta.signature;
  else if ((draft.type === 'tool_use' || draft.type === 'server_tool_use') && delta.type === 'input_json_delta') draft.json += delta.partial_json;
}

function finishBlock(draft: DraftBlock): AnthropicResponseContentBlock {
  switch (draft.type) {
    case 'text':
      return draft;
    case 'thinking':
      return draft.signature === '' ? { type: 'text', text: draft.thinking } : draft;
    case 'tool_use':
      return { type: 'tool_use', id: draft.id, name: draft.name, input: parseInput(draft.json) };
    case 'server_tool_use':
      return { type: 'server_tool_use', id: draft.id, name: 'web_search', input: parseInput(draft.json) };
    case 'web_search_tool_result':
      return draft;
  }
}

function parseInput(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
