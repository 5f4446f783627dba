import type { WebCitation, WebSearchCall } from '../web-search/index.js';

/** One result of a `web_search_tool_result` block. */
export interface AnthropicWebSearchResult {
  type: 'web_search_result';
  url: string;
  title: string;
  encrypted_content: string;
  page_age: null;
}

/** A `web_search_result_location` citation of a text block. */
export interface AnthropicWebSearchCitation {
  type: 'web_search_result_location';
  url: string;
  title: string;
  encrypted_index: string;
  cited_text: string;
}

/** Anthropic caps `cited_text` at 150 characters. */
const MAX_CITED_TEXT = 150;

export function formatServerToolUseId(call: WebSearchCall): string {
  return `srvtoolu_${call.id}`;
}

/**
 * The results of a search as Anthropic returns them. `encrypted_content` is opaque to clients, which send it back
 * with the history: agt puts the text the source supported in it, so a later turn can still tell the model what
 * the source said (see `convertAnthropicMessagesToGemini`).
 */
export function formatAnthropicWebSearchResults(call: WebSearchCall): AnthropicWebSearchResult[] {
  return call.sources.map((source) => ({
    type: 'web_search_result',
    url: source.url,
    title: source.title,
    encrypted_content: Buffer.from(JSON.stringify({ title: source.title, url: source.url, text: source.citedText ?? '' })).toString('base64'),
    page_age: null,
  }));
}

export function formatAnthropicCitation(citation: WebCitation): AnthropicWebSearchCitation {
  return {
    type: 'web_search_result_location',
    url: citation.url,
    title: citation.title,
    encrypted_index: Buffer.from(`${citation.url}\n${citation.citedText.slice(0, MAX_CITED_TEXT)}`).toString('base64'),
    cited_text: citation.citedText.slice(0, MAX_CITED_TEXT),
  };
}

/** The text a replayed `web_search_result` stands for: what agt put in `encrypted_content`, or its title and URL. */
export function readAnthropicWebSearchResultText(result: unknown): string {
  if (typeof result !== 'object' || result === null) return '';
  const { url, title, encrypted_content: encrypted } = result as { url?: unknown; title?: unknown; encrypted_content?: unknown };
  const heading = `${typeof title === 'string' ? title : ''} (${typeof url === 'string' ? url : ''})`;
  if (typeof encrypted !== 'string') return heading;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(encrypted, 'base64').toString('utf8'));
    const text = typeof decoded === 'object' && decoded !== null ? (decoded as { text?: unknown }).text : undefined;
    return typeof text === 'string' && text !== '' ? `${heading}: ${text}` : heading;
  } catch {
    // Anthropic's own encrypted content: nothing agt can read.
    return heading;
  }
}
