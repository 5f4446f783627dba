import type { GeminiPart, GeminiResponse } from '../gemini/gemini-api.js';
import { readWebSearchGrounding, type WebSearchGrounding } from './read-web-search-grounding.js';
import type { CitedTextPart, WebSearchCallPart, WebSearchSource } from './web-search-parts.js';

/** Longest `citedText` kept per source (the text travels back to the model when the client replays it). */
const MAX_SOURCE_TEXT = 1000;

export interface GroundedAnswer {
  /** The search as a part, or undefined when the answer was not grounded (no query, no source). */
  call?: WebSearchCallPart;
  /** The answer's thoughts, then its text split at the grounded spans, each span a part citing its sources. */
  parts: GeminiPart[];
  /** The answer text as one string (for feeding it back to a model). */
  text: string;
  sources: WebSearchSource[];
}

/**
 * Turns the (merged) answer of a `web_search` request into parts the protocol encoders understand: one search part
 * (`agtWebSearch`: the query and the sources) and the answer text cut where `groundingSupports` say a span is backed
 * by sources, those spans carrying `agtCitations`. Offsets are UTF-8 bytes; a cut never splits a character.
 */
export function convertGroundedAnswerToParts(response: GeminiResponse, callId: string, fallbackQuery: string): GroundedAnswer {
  const candidate = response.candidates?.[0];
  const answerParts = Array.isArray(candidate?.content?.parts) ? candidate.content.parts : [];
  const thoughts = answerParts.filter((part) => part.thought === true && typeof part.text === 'string');
  const text = answerParts
    .filter((part) => part.thought !== true && typeof part.text === 'string')
    .map((part) => part.text as string)
    .join('');
  const grounding = readWebSearchGrounding(candidate?.groundingMetadata);
  if (grounding === undefined) return { parts: [...thoughts, ...(text === '' ? [] : [{ text }])], text, sources: [] };

  const bytes = Buffer.from(text, 'utf8');
  const spans = cutIntoSpans(bytes, grounding);
  const sources = grounding.sources.map((source) => ({ ...source }));
  const parts: GeminiPart[] = [...thoughts];
  for (const span of spans) {
    if (span.sourceIndexes.length === 0) {
      parts.push({ text: span.text });
      continue;
    }
    const cited: CitedTextPart = {
      text: span.text,
      agtCitations: span.sourceIndexes.map((index) => ({ url: sources[index]!.url, title: sources[index]!.title, citedText: span.text })),
    };
    parts.push(cited);
    for (const index of span.sourceIndexes) {
      const source = sources[index]!;
      const joined = source.citedText === undefined ? span.text : `${source.citedText} … ${span.text}`;
      source.citedText = joined.slice(0, MAX_SOURCE_TEXT);
    }
  }
  const call: WebSearchCallPart = { agtWebSearch: { id: callId, query: grounding.queries[0] ?? fallbackQuery, sources } };
  return { call, parts: [...parts.slice(0, thoughts.length), call, ...parts.slice(thoughts.length)], text, sources };
}

interface Span {
  text: string;
  sourceIndexes: number[];
}

function cutIntoSpans(bytes: Buffer, grounding: WebSearchGrounding): Span[] {
  const spans: Span[] = [];
  let position = 0;
  for (const support of grounding.supports) {
    const start = alignToCharacter(bytes, Math.max(support.startByte, position));
    const end = alignToCharacter(bytes, Math.min(support.endByte, bytes.length));
    if (end <= start) continue;
    if (start > position) spans.push({ text: bytes.subarray(position, start).toString('utf8'), sourceIndexes: [] });
    spans.push({ text: bytes.subarray(start, end).toString('utf8'), sourceIndexes: [...new Set(support.sourceIndexes)] });
    position = end;
  }
  if (position < bytes.length) spans.push({ text: bytes.subarray(position).toString('utf8'), sourceIndexes: [] });
  return spans.filter((span) => span.text !== '');
}

/** Moves a byte offset forward past UTF-8 continuation bytes, onto the start of a character. */
function alignToCharacter(bytes: Buffer, offset: number): number {
  let aligned = offset;
  while (aligned < bytes.length && (bytes[aligned]! & 0xc0) === 0x80) aligned += 1;
  return aligned;
}
