import type { GeminiPart } from '../gemini/gemini-api.js';

/**
 * How a web search reaches the protocol encoders. agt runs searches itself (see `plan-web-search.ts`), so their
 * outcome travels inside the client-bound chunks as parts of agt's own (never sent upstream, never seen by Gemini
 * clients, who get `groundingMetadata` as Google sends it). Being parts, they keep their place among the text and
 * tool calls, also through `mergeGeminiChunks` for non-streaming clients.
 */
export interface WebSearchSource {
  url: string;
  title: string;
  /** The text of the answer that this source supports, when the search answer said so. */
  citedText?: string;
}

export interface WebSearchCall {
  /** Unique within the response; encoders prefix it (`srvtoolu_`, `ws_`). */
  id: string;
  query: string;
  sources: WebSearchSource[];
}

export interface WebCitation {
  url: string;
  title: string;
  /** The cited text (the text part itself). */
  citedText: string;
}

/** A part that stands for one search: Anthropic `server_tool_use` + `web_search_tool_result`, Responses `web_search_call`. */
export interface WebSearchCallPart extends GeminiPart {
  agtWebSearch: WebSearchCall;
}

/** A text part grounded by sources: Anthropic text block `citations`, OpenAI `url_citation` annotations. */
export interface CitedTextPart extends GeminiPart {
  text: string;
  agtCitations: WebCitation[];
}

export function readWebSearchCall(part: GeminiPart): WebSearchCall | undefined {
  const call = (part as Partial<WebSearchCallPart>).agtWebSearch;
  return typeof call === 'object' && call !== null && typeof call.id === 'string' ? call : undefined;
}

export function readCitations(part: GeminiPart): WebCitation[] {
  const citations = (part as Partial<CitedTextPart>).agtCitations;
  return Array.isArray(citations) ? citations : [];
}
