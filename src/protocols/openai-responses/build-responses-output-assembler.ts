import type { GeminiFunctionCall, GeminiPart } from '../gemini/gemini-api.js';
import { readCitations, readWebSearchCall, type WebSearchCall } from '../web-search/index.js';
import type { ResponsesToolCatalog } from './convert-responses-tools-to-gemini.js';
import { formatEncryptedContent } from './format-encrypted-content.js';
import type {
  ResponsesOutputItem,
  ResponsesOutputMessage,
  ResponsesOutputReasoning,
  ResponsesOutputText,
  ResponsesOutputWebSearchCall,
  ResponsesStreamEvent,
  ResponsesUrlCitation,
} from './openai-responses-api.js';

/**
 * Function-call arguments and custom-tool input are streamed in pieces of at most this many UTF-16 units, as
 * OpenAI does, so clients that accumulate `…arguments.delta` events are exercised the way they expect.
 */
const MAX_DELTA_PIECE_LENGTH = 64;

export interface ResponsesOutputAssemblerOptions {
  /** Unique per response (the hex of its id); output item ids and missing call ids are built from it. */
  idSeed: string;
  /** The request's tools by Gemini function name, to answer calls as function or custom tool calls. */
  catalog: ResponsesToolCatalog;
}

/** What happened to the output so far: events to stream, and the items as they stand. */
export interface ResponsesOutputAssembler {
  /** The streaming events for the parts of one upstream chunk, in order (without sequence numbers). */
  pushParts(parts: readonly GeminiPart[]): ResponsesStreamEvent[];
  /** Events closing the item still open; `incomplete` marks a message cut short (token limit, filter). */
  close(status: 'completed' | 'incomplete'): ResponsesStreamEvent[];
  /** The output items, each as its last `output_item.done` (or `.added`, while open) showed it. */
  readonly output: ResponsesOutputItem[];
}

type OpenItem =
  | { kind: 'message'; index: number; item: ResponsesOutputMessage; text: string; annotations: ResponsesUrlCitation[] }
  | { kind: 'reasoning'; index: number; item: ResponsesOutputReasoning; text: string; signature?: string };

/**
 * Turns Gemini parts into Responses output items and the events that stream them, for both paths: the stream
 * encoder sends the events, the non-streaming converter keeps only the items, so the two always agree.
 *
 * - Consecutive answer text becomes one `message` item with one `output_text` part.
 * - Consecutive thoughts become one `reasoning` item with one `summary_text` part; its thought signature goes
 *   into `encrypted_content` (see `format-encrypted-content.ts`).
 * - Each `functionCall` becomes a `function_call` item, or a `custom_tool_call` for a custom tool. A call
 *   signed with a signature no reasoning item carried yet (Gemini 3 signs calls, not thoughts) is preceded by
 *   a reasoning item with an empty summary, so the signature reaches the client and comes back.
 * - Generated images become `image_generation_call` items.
 * - A web search agt ran (`agtWebSearch` part) becomes a `web_search_call` item with its query and sources, and text
 *   backed by search sources (`agtCitations`) gets `url_citation` annotations on its `output_text`.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export function buildResponsesOutputAssembler(options: ResponsesOutputAssemblerOptions): ResponsesOutputAssembler {
  const output: ResponsesOutputItem[] = [];
  let open: OpenItem | undefined;
  let lastSignature: string | undefined;
  let callCount = 0;

  function nextId(prefix: string): string {
    return `${prefix}_${options.idSeed}_${output.length}`;
  }

  function closeOpen(status: 'completed' | 'incomplete'): ResponsesStreamEvent[] {
    const item = open;
    if (item === undefined) return [];
    open = undefined;
    const base = { item_id: item.item.id, output_index: item.index };
    if (item.kind === 'message') {
      const part: ResponsesOutputText = { type: 'output_text', text: item.text, annotations: item.annotations, logprobs: [] };
      const done: ResponsesOutputMessage = { ...item.item, status, content: [part] };
      output[item.index] = done;
      return [
        { type: 'response.output_text.done', ...base, content_index: 0, text: item.text, logprobs: [] },
        { type: 'response.content_part.done', ...base, content_index: 0, part },
        { type: 'response.output_item.done', output_index: item.index, item: done },
      ];
    }
    const part = { type: 'summary_text' as const, text: item.text };
    const done: ResponsesOutputReasoning = { ...item.item, summary: [part] };
    if (item.signature !== undefined) {
      done.encrypted_content = formatEncryptedContent(item.signature);
      lastSignature = item.signature;
    }
    output[item.index] = done;
    return [
      { type: 'response.reasoning_summary_text.done', ...base, summary_index: 0, text: item.text },
      { type: 'response.reasoning_summary_part.done', ...base, summary_index: 0, part },
      { type: 'response.output_item.done', output_index: item.index, item: done },
    ];
  }

  function openMessage(events: ResponsesStreamEvent[]): OpenItem & { kind: 'message' } {
    if (open?.kind === 'message') return open;
    events.push(...closeOpen('completed'));
    const item: ResponsesOutputMessage = { type: 'message', id: nextId('msg'), role: 'assistant', status: 'in_progress', content: [] };
    const opened = { kind: 'message' as const, index: output.length, item, text: '', annotations: [] as ResponsesUrlCitation[] };
    output.push(item);
    open = opened;
    events.push(
      { type: 'response.output_item.added', output_index: opened.index, item },
      {
        type: 'response.content_part.added',
        item_id: item.id,
        output_index: opened.index,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
      },
    );
    return opened;
  }

  function openReasoning(events: ResponsesStreamEvent[]): OpenItem & { kind: 'reasoning' } {
    if (open?.kind === 'reasoning') return open;
    events.push(...closeOpen('completed'));
    const item: ResponsesOutputReasoning = { type: 'reasoning', id: nextId('rs'), summary: [] };
    const opened = { kind: 'reasoning' as const, index: output.length, item, text: '' };
    output.push(item);
    open = opened;
    events.push(
      { type: 'response.output_item.added', output_index: opened.index, item },
      {
        type: 'response.reasoning_summary_part.added',
        item_id: item.id,
        output_index: opened.index,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      },
    );
    return opened;
  }

  /** A whole item at once: `output_item.added`, its `between` events, `output_item.done`. */
  function emitWholeItem(
    events: ResponsesStreamEvent[],
    added: ResponsesOutputItem,
    done: ResponsesOutputItem,
    between: (index: number) => ResponsesStreamEvent[] = () => [],
  ): void {
    const index = output.length;
    output.push(done);
    events.push({ type: 'response.output_item.added', output_index: index, item: added });
    for (const event of between(index)) events.push(event);
    events.push({ type: 'response.output_item.done', output_index: index, item: done });
  }

  function emitCall(events: ResponsesStreamEvent[], call: GeminiFunctionCall, signature: string | undefined): void {
    events.push(...closeOpen('completed'));
    if (signature !== undefined && signature !== lastSignature) {
      lastSignature = signature;
      const reasoning: ResponsesOutputReasoning = {
        type: 'reasoning',
        id: nextId('rs'),
        summary: [],
        encrypted_content: formatEncryptedContent(signature),
      };
      emitWholeItem(events, reasoning, reasoning);
    }
    callCount += 1;
    const callId = typeof call.id === 'string' && call.id !== '' ? call.id : `call_${options.idSeed}_${callCount}`;
    const identity = options.catalog.get(call.name) ?? { kind: 'function' as const, name: call.name };
    const namespace = identity.namespace === undefined ? {} : { namespace: identity.namespace };
    const args = call.args ?? {};
    if (identity.kind === 'custom') {
      const input = typeof args.input === 'string' ? args.input : JSON.stringify(args);
      const id = nextId('ctc');
      const base = { type: 'custom_tool_call' as const, id, call_id: callId, name: identity.name, ...namespace };
      emitWholeItem(events, { ...base, input: '' }, { ...base, input }, (index) => [
        ...splitIntoPieces(input).map((delta) => ({ type: 'response.custom_tool_call_input.delta', item_id: id, output_index: index, delta })),
        { type: 'response.custom_tool_call_input.done', item_id: id, output_index: index, input },
      ]);
      return;
    }
    const argumentsText = JSON.stringify(args);
    const id = nextId('fc');
    const base = { type: 'function_call' as const, id, call_id: callId, name: identity.name, ...namespace };
    emitWholeItem(
      events,
      { ...base, arguments: '', status: 'in_progress' },
      { ...base, arguments: argumentsText, status: 'completed' },
      (index) => [
        ...splitIntoPieces(argumentsText).map((delta) => ({
          type: 'response.function_call_arguments.delta',
          item_id: id,
          output_index: index,
          delta,
        })),
        { type: 'response.function_call_arguments.done', item_id: id, output_index: index, name: identity.name, arguments: argumentsText },
      ],
    );
  }

  function emitWebSearch(events: ResponsesStreamEvent[], call: WebSearchCall): void {
    events.push(...closeOpen('completed'));
    const id = `ws_${call.id}`;
    const added: ResponsesOutputWebSearchCall = { type: 'web_search_call', id, status: 'in_progress', action: { type: 'search', query: call.query } };
    const done: ResponsesOutputWebSearchCall = {
      ...added,
      status: 'completed',
      action: { type: 'search', query: call.query, sources: call.sources.map((source) => ({ type: 'url', url: source.url })) },
    };
    emitWholeItem(events, added, done, (index) =>
      ['in_progress', 'searching', 'completed'].map((stage) => ({ type: `response.web_search_call.${stage}`, item_id: id, output_index: index })),
    );
  }

  return {
    output,

    pushParts(parts: readonly GeminiPart[]): ResponsesStreamEvent[] {
      const events: ResponsesStreamEvent[] = [];
      for (const part of parts) {
        if (typeof part !== 'object' || part === null) continue;
        const signature = typeof part.thoughtSignature === 'string' && part.thoughtSignature !== '' ? part.thoughtSignature : undefined;
        const search = readWebSearchCall(part);
        if (search !== undefined) {
          emitWebSearch(events, search);
        } else if (part.functionCall !== undefined && typeof part.functionCall?.name === 'string') {
          emitCall(events, part.functionCall, signature);
        } else if (typeof part.text === 'string' && part.thought === true) {
          if (part.text === '') {
            if (open?.kind === 'reasoning' && signature !== undefined) open.signature = signature;
            continue;
          }
          const reasoning = openReasoning(events);
          reasoning.text += part.text;
          if (signature !== undefined) reasoning.signature = signature;
          events.push({
            type: 'response.reasoning_summary_text.delta',
            item_id: reasoning.item.id,
            output_index: reasoning.index,
            summary_index: 0,
            delta: part.text,
          });
        } else if (typeof part.text === 'string') {
          // Gemini sends signature-only parts with empty text; they have nothing to show.
          if (part.text === '') continue;
          const message = openMessage(events);
          const start = message.text.length;
          message.text += part.text;
          events.push({
            type: 'response.output_text.delta',
            item_id: message.item.id,
            output_index: message.index,
            content_index: 0,
            delta: part.text,
            logprobs: [],
          });
          for (const citation of readCitations(part)) {
            const annotation: ResponsesUrlCitation = { type: 'url_citation', url: citation.url, title: citation.title, start_index: start, end_index: message.text.length };
            events.push({
              type: 'response.output_text.annotation.added',
              item_id: message.item.id,
              output_index: message.index,
              content_index: 0,
              annotation_index: message.annotations.length,
              annotation,
            });
            message.annotations.push(annotation);
          }
        } else if (typeof part.inlineData?.data === 'string') {
          events.push(...closeOpen('completed'));
          const id = nextId('ig');
          emitWholeItem(
            events,
            { type: 'image_generation_call', id, status: 'in_progress', result: null },
            { type: 'image_generation_call', id, status: 'completed', result: part.inlineData.data },
          );
        }
      }
      return events;
    },

    close(status: 'completed' | 'incomplete'): ResponsesStreamEvent[] {
      return closeOpen(status);
    },
  };
}

/** Splits text into pieces of at most MAX_DELTA_PIECE_LENGTH units without cutting a surrogate pair. */
function splitIntoPieces(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + MAX_DELTA_PIECE_LENGTH, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}
