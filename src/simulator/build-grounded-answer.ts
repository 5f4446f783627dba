/**
 * The simulator's answer to a Google Search request: two sentences about the query, each backed by search results
 * in `groundingMetadata` (`webSearchQueries`, `searchEntryPoint`, `groundingChunks[].web {uri,title}`,
 * `groundingSupports[] {segment {startIndex,endIndex,text} (UTF-8 bytes), groundingChunkIndices}`), the shape
 * Gemini documents. Deterministic: the same query gets the same answer and sources.
 * @see https://ai.google.dev/gemini-api/docs/google-search#understanding-the-grounding-response
 */
export interface GroundedAnswer {
  text: string;
  groundingMetadata: Record<string, unknown>;
}

export function buildGroundedAnswer(query: string): GroundedAnswer {
  const subject = query.trim() === '' ? 'the query' : query.trim().slice(0, 200);
  const first = `According to the first source, ${subject} is well documented.`;
  const second = 'A second source confirms it.';
  const text = `${first} ${second}`;
  const slug = encodeURIComponent(subject.toLowerCase().replace(/\s+/g, '-').slice(0, 60));
  const firstEnd = Buffer.byteLength(first);
  return {
    text,
    groundingMetadata: {
      webSearchQueries: [subject],
      searchEntryPoint: { renderedContent: `<div class="sim-search">${escapeHtml(subject)}</div>` },
      groundingChunks: [
        { web: { uri: `https://sim-search.example/${slug}/1`, title: 'sim-search.example' } },
        { web: { uri: `https://docs.sim-search.example/${slug}`, title: 'docs.sim-search.example' } },
      ],
      groundingSupports: [
        { segment: { startIndex: 0, endIndex: firstEnd, text: first }, groundingChunkIndices: [0] },
        { segment: { startIndex: firstEnd + 1, endIndex: Buffer.byteLength(text), text: second }, groundingChunkIndices: [0, 1] },
      ],
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
