import { describe, expect, it } from 'vitest';
import type { GeminiResponse } from '../gemini/gemini-api.js';
import type { CitedTextPart, WebSearchCallPart } from '../web-search/index.js';
import { convertGeminiResponseToAnthropic } from './convert-gemini-response-to-anthropic.js';
import { convertAnthropicMessagesToGemini } from './convert-anthropic-messages-to-gemini.js';
import { readAnthropicWebSearchResultText } from './format-anthropic-web-search.js';

const search: WebSearchCallPart = {
  agtWebSearch: { id: 'x1', query: 'go release', sources: [{ url: 'https://go.dev', title: 'go.dev', citedText: 'Go 1.26 is out.' }] },
};
const cited: CitedTextPart = { text: 'Go 1.26 is out.', agtCitations: [{ url: 'https://go.dev', title: 'go.dev', citedText: 'Go 1.26 is out.' }] };

describe('Anthropic web search blocks', () => {
  const response: GeminiResponse = {
    candidates: [{ content: { role: 'model', parts: [{ text: 'Let me look. ' }, search, cited, { text: ' Enjoy.' }] }, finishReason: 'STOP' }],
  };

  it('answers a search part with server_tool_use + web_search_tool_result, and cited text with citations', () => {
    const message = convertGeminiResponseToAnthropic(response, { model: 'm', id: 'msg_1' });
    expect(message.content).toEqual([
      { type: 'text', text: 'Let me look. ' },
      { type: 'server_tool_use', id: 'srvtoolu_x1', name: 'web_search', input: { query: 'go release' } },
      {
        type: 'web_search_tool_result',
        tool_use_id: 'srvtoolu_x1',
        content: [{ type: 'web_search_result', url: 'https://go.dev', title: 'go.dev', encrypted_content: expect.any(String), page_age: null }],
      },
      {
        type: 'text',
        text: 'Go 1.26 is out.',
        citations: [{ type: 'web_search_result_location', url: 'https://go.dev', title: 'go.dev', encrypted_index: expect.any(String), cited_text: 'Go 1.26 is out.' }],
      },
      { type: 'text', text: ' Enjoy.' },
    ]);
    expect(message.stop_reason).toBe('end_turn');
  });

  it('reads replayed results back as text, including what agt put in encrypted_content', () => {
    const message = convertGeminiResponseToAnthropic(response, { model: 'm', id: 'msg_1' });
    const result = message.content[2] as { content: unknown[] };
    expect(readAnthropicWebSearchResultText(result.content[0])).toBe('go.dev (https://go.dev): Go 1.26 is out.');
    expect(readAnthropicWebSearchResultText({ url: 'https://a.example', title: 'A', encrypted_content: 'Eq0Anthropic==' })).toBe('A (https://a.example)');
    const contents = convertAnthropicMessagesToGemini([
      { role: 'user', content: 'q' },
      { role: 'assistant', content: message.content as never },
    ]);
    const text = contents[1]?.parts.map((part) => part.text).join('|');
    expect(text).toBe('Let me look. |(Searched the web for: go release)|(Web search results:\n- go.dev (https://go.dev): Go 1.26 is out.)|Go 1.26 is out.| Enjoy.');
  });
});
