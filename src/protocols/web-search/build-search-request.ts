import type { GeminiRequest } from '../gemini/gemini-api.js';
import type { WebSearchSource } from './web-search-parts.js';

/**
 * The `web_search` request agt sends when the model called its search function: the query alone, Google Search as
 * the only tool, and an instruction to summarise what the sources say (CLIProxyAPI builds its search request the
 * same way, `internal/translator/antigravity/claude/web_search.go`).
 */
export function buildSearchRequest(query: string): GeminiRequest {
  return {
    contents: [{ role: 'user', parts: [{ text: query }] }],
    systemInstruction: {
      parts: [
        {
          text:
            'You are a web search engine. Search the web for the query you are given and answer with a concise, factual ' +
            'summary of what the sources say. Do not address the user and do not ask questions.',
        },
      ],
    },
    tools: [{ googleSearch: {} }],
  };
}

/** What the model gets back for its search call: the grounded summary and the sources. */
export function formatSearchFunctionResponse(query: string, text: string, sources: readonly WebSearchSource[]): Record<string, unknown> {
  return {
    query,
    result: text === '' ? 'The search returned no answer.' : text,
    sources: sources.map((source) => ({ title: source.title, url: source.url })),
  };
}
