import { isRecord } from './is-record.js';
import type { WebSearchSource } from './web-search-parts.js';

/** One span of a grounded answer and the sources behind it. Offsets are UTF-8 bytes, as Gemini counts them. */
export interface GroundingSupport {
  startByte: number;
  endByte: number;
  sourceIndexes: number[];
}

export interface WebSearchGrounding {
  queries: string[];
  sources: WebSearchSource[];
  supports: GroundingSupport[];
}

/**
 * Reads a candidate's `groundingMetadata` (`webSearchQueries`, `groundingChunks[].web {uri,title}`,
 * `groundingSupports[] {segment {startIndex,endIndex}, groundingChunkIndices}`) into what agt shows clients.
 * Undefined when the answer was not grounded by a web search.
 * @see https://ai.google.dev/gemini-api/docs/google-search#understanding-the-grounding-response
 */
export function readWebSearchGrounding(metadata: unknown): WebSearchGrounding | undefined {
  if (!isRecord(metadata)) return undefined;
  const queries = Array.isArray(metadata.webSearchQueries) ? metadata.webSearchQueries.filter((query): query is string => typeof query === 'string') : [];
  const sources: WebSearchSource[] = [];
  const sourceIndexByChunk = new Map<number, number>();
  (Array.isArray(metadata.groundingChunks) ? metadata.groundingChunks : []).forEach((chunk, index) => {
    const web = isRecord(chunk) && isRecord(chunk.web) ? chunk.web : undefined;
    if (web === undefined || typeof web.uri !== 'string' || web.uri === '') return;
    sourceIndexByChunk.set(index, sources.length);
    sources.push({ url: web.uri, title: typeof web.title === 'string' && web.title !== '' ? web.title : web.uri });
  });
  const supports: GroundingSupport[] = [];
  for (const support of Array.isArray(metadata.groundingSupports) ? metadata.groundingSupports : []) {
    if (!isRecord(support) || !isRecord(support.segment)) continue;
    const startByte = typeof support.segment.startIndex === 'number' ? support.segment.startIndex : 0;
    const endByte = support.segment.endIndex;
    if (typeof endByte !== 'number' || endByte <= startByte) continue;
    const sourceIndexes = (Array.isArray(support.groundingChunkIndices) ? support.groundingChunkIndices : [])
      .map((index) => (typeof index === 'number' ? sourceIndexByChunk.get(index) : undefined))
      .filter((index): index is number => index !== undefined);
    if (sourceIndexes.length > 0) supports.push({ startByte, endByte, sourceIndexes });
  }
  supports.sort((left, right) => left.startByte - right.startByte);
  if (queries.length === 0 && sources.length === 0) return undefined;
  return { queries, sources, supports };
}
