import type { GeminiPart } from '../gemini/gemini-api.js';
import { readCitations } from '../web-search/index.js';
import type { OpenAIUrlCitation } from './openai-chat-api.js';

/**
 * The `url_citation` annotations of a text part backed by web search sources (see `protocols/web-search`), placed at
 * `offset`, the characters of content before the part.
 * @see https://platform.openai.com/docs/guides/tools-web-search
 */
export function formatUrlCitations(part: GeminiPart, offset: number): OpenAIUrlCitation[] {
  const text = typeof part.text === 'string' ? part.text : '';
  return readCitations(part).map((citation) => ({
    type: 'url_citation',
    url_citation: { url: citation.url, title: citation.title, start_index: offset, end_index: offset + text.length },
  }));
}
