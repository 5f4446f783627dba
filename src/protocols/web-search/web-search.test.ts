import { describe, expect, it } from 'vitest';
import type { GeminiRequest } from '../gemini/gemini-api.js';
import {
  buildSearchRequest,
  convertGroundedAnswerToParts,
  formatSearchFunctionResponse,
  planWebSearch,
  readCitations,
  readWebSearchCall,
  readWebSearchGrounding,
  removeSearchFunction,
} from './index.js';

const contents = [{ role: 'user', parts: [{ text: 'news?' }] }];
const FUNCTIONS = { functionDeclarations: [{ name: 'shell' }] };

describe('planWebSearch', () => {
  it('leaves requests without search alone', () => {
    expect(planWebSearch({ contents, tools: [FUNCTIONS] })).toEqual({ mode: 'none' });
    expect(planWebSearch({ contents })).toEqual({ mode: 'none' });
  });

  it('runs a search-only request as it is, with googleSearch alone', () => {
    for (const tool of [{ googleSearch: {} }, { google_search: {} }, { googleSearchRetrieval: {} }, { google_search_retrieval: { dynamicRetrievalConfig: {} } }]) {
      expect(planWebSearch({ contents, tools: [tool], toolConfig: { functionCallingConfig: { mode: 'AUTO' } } })).toEqual({
        mode: 'direct',
        request: { contents, tools: [{ googleSearch: {} }] },
      });
    }
    expect(planWebSearch({ contents, tools: [FUNCTIONS, { googleSearch: {} }], toolConfig: { functionCallingConfig: { mode: 'NONE' } } }).mode).toBe('direct');
  });

  it('offers search as a function next to the client functions, under a free name', () => {
    const plan = planWebSearch({ contents, tools: [{ ...FUNCTIONS, googleSearch: {} }] });
    expect(plan.mode).toBe('tool');
    if (plan.mode !== 'tool') return;
    expect(plan.toolName).toBe('web_search');
    expect(plan.request.tools).toEqual([{ functionDeclarations: [{ name: 'shell' }, expect.objectContaining({ name: 'web_search' })] }]);
    const taken = planWebSearch({ contents, tools: [{ functionDeclarations: [{ name: 'web_search' }, { name: 'google_web_search' }] }, { googleSearch: {} }] });
    expect(taken.mode === 'tool' && taken.toolName).toBe('agt_web_search');
    if (plan.mode === 'tool') expect(removeSearchFunction(plan.request, 'web_search').tools).toEqual([{ functionDeclarations: [{ name: 'shell' }] }]);
  });
});

const groundedText = 'Go 1.26 is out. It was released in February. Café!';
const grounded = {
  candidates: [
    {
      content: { role: 'model', parts: [{ text: 'thinking', thought: true }, { text: groundedText.slice(0, 20) }, { text: groundedText.slice(20) }] },
      finishReason: 'STOP',
      groundingMetadata: {
        webSearchQueries: ['latest go release'],
        groundingChunks: [{ web: { uri: 'https://go.dev/doc/go1.26', title: 'go.dev' } }, { web: { uri: 'https://example.com/go', title: 'example.com' } }, { retrievedContext: {} }],
        groundingSupports: [
          { segment: { startIndex: 0, endIndex: 15, text: 'Go 1.26 is out.' }, groundingChunkIndices: [0] },
          { segment: { startIndex: 16, endIndex: 44 }, groundingChunkIndices: [0, 1] },
          { segment: { startIndex: 45, endIndex: Buffer.byteLength(groundedText) }, groundingChunkIndices: [1, 9] },
        ],
      },
    },
  ],
};

describe('grounded answers', () => {
  it('reads queries, sources and supports', () => {
    const grounding = readWebSearchGrounding(grounded.candidates[0]!.groundingMetadata);
    expect(grounding?.queries).toEqual(['latest go release']);
    expect(grounding?.sources).toEqual([
      { url: 'https://go.dev/doc/go1.26', title: 'go.dev' },
      { url: 'https://example.com/go', title: 'example.com' },
    ]);
    expect(grounding?.supports.map((support) => support.sourceIndexes)).toEqual([[0], [0, 1], [1]]);
    expect(readWebSearchGrounding({})).toBeUndefined();
    expect(readWebSearchGrounding(null)).toBeUndefined();
  });

  it('cuts the answer at the grounded spans, on character boundaries', () => {
    const answer = convertGroundedAnswerToParts(grounded, 'abc', 'fallback');
    expect(answer.text).toBe(groundedText);
    expect(answer.parts.map((part) => (readWebSearchCall(part) ? 'search' : part.thought ? 'thought' : part.text))).toEqual([
      'thought',
      'search',
      'Go 1.26 is out.',
      ' ',
      'It was released in February.',
      ' ',
      'Café!',
    ]);
    expect(answer.parts.map((part) => part.text ?? '').join('')).toBe(`thinking${groundedText}`);
    expect(readCitations(answer.parts[4]!).map((citation) => citation.url)).toEqual(['https://go.dev/doc/go1.26', 'https://example.com/go']);
    expect(readCitations(answer.parts[3]!)).toEqual([]);
    expect(answer.call?.agtWebSearch).toMatchObject({ id: 'abc', query: 'latest go release' });
    expect(answer.sources[0]?.citedText).toBe('Go 1.26 is out. … It was released in February.');
  });

  it('passes an ungrounded answer through as text', () => {
    const answer = convertGroundedAnswerToParts({ candidates: [{ content: { role: 'model', parts: [{ text: 'no idea' }] } }] }, 'x', 'q');
    expect(answer).toEqual({ parts: [{ text: 'no idea' }], text: 'no idea', sources: [] });
  });

  it('builds the search request and the function response', () => {
    const request: GeminiRequest = buildSearchRequest('go release');
    expect(request.tools).toEqual([{ googleSearch: {} }]);
    expect(request.contents).toEqual([{ role: 'user', parts: [{ text: 'go release' }] }]);
    expect(formatSearchFunctionResponse('q', 'text', [{ url: 'u', title: 't', citedText: 'c' }])).toEqual({ query: 'q', result: 'text', sources: [{ title: 't', url: 'u' }] });
  });
});
