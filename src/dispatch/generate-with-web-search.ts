import { SKIP_THOUGHT_SIGNATURE, type GeminiPart, type GeminiResponse, type GeminiUsageMetadata } from '../protocols/gemini/gemini-api.js';
import { mergeGeminiChunks } from '../protocols/gemini/index.js';
import {
  buildSearchRequest,
  convertGroundedAnswerToParts,
  formatSearchFunctionResponse,
  MAX_SEARCHES_PER_RESPONSE,
  removeSearchFunction,
  type WebSearchCallPart,
  type WebSearchPlan,
} from '../protocols/web-search/index.js';
import { generateId } from '../shared/ids.js';
import { redactSecrets } from '../shared/redact.js';
import type { GenerateInput, GenerateResult } from './dispatch-generate.js';

export type Generate = (input: GenerateInput) => Promise<GenerateResult>;

export interface WebSearchOptions {
  plan: Exclude<WebSearchPlan, { mode: 'none' }>;
  /** A Gemini model that can search (Claude and image models cannot). */
  searchModel: string;
  /**
   * `gemini`: Gemini clients get `groundingMetadata` as Google sends it; `parts`: the other protocols get agt's
   * search parts (`protocols/web-search/web-search-parts.ts`), which their encoders turn into native blocks.
   */
  presentation: 'gemini' | 'parts';
}

type Chunks = AsyncGenerator<GeminiResponse, void, undefined>;

/**
 * A request that asks for web search, run the way Code Assist allows (see `planWebSearch`):
 * - `direct`: the request goes to the search model as a `web_search` request; Gemini clients get its chunks as they
 *   are, the others get it gathered (the grounding arrives last) and cut into a search part and cited text;
 * - `tool`: the request goes out with the client's functions plus agt's search function. Chunks stream to the
 *   client as they come, without the search calls; when a round ends with search calls (and no client calls), agt
 *   runs each search as its own `web_search` request, shows the client the search, gives the model the grounded
 *   answer as the function's result, and asks again in the same response — at most MAX_SEARCHES_PER_RESPONSE
 *   searches, then the search function is withdrawn. The finish reason and the usage of all requests go out once,
 *   at the end. A search that fails is reported to the model as the function's error rather than failing the answer.
 * The first upstream request is made before this returns, so its failures still rotate accounts and reach the client
 * as a proper error; failures of later requests end the stream with a protocol error event.
 */
export async function generateWithWebSearch(generate: Generate, input: GenerateInput, options: WebSearchOptions): Promise<GenerateResult> {
  const searchInput = (request: GenerateInput['request']): GenerateInput => ({ ...input, model: options.searchModel, requestType: 'web_search', request });
  if (options.plan.mode === 'direct') {
    const result = await generate(searchInput(options.plan.request));
    if (options.presentation === 'gemini') return result;
    return { ...result, chunks: presentGroundedAnswer(result.chunks, lastUserText(input)) };
  }
  const plan = options.plan;
  const first = await generate({ ...input, request: plan.request });
  return { ...first, chunks: runToolRounds(generate, input, plan, first, searchInput, options.presentation) };
}

async function* presentGroundedAnswer(chunks: Chunks, fallbackQuery: string): Chunks {
  const collected: GeminiResponse[] = [];
  for await (const chunk of chunks) collected.push(chunk);
  const merged = mergeGeminiChunks(collected);
  const answer = convertGroundedAnswerToParts(merged, generateId(), fallbackQuery);
  const candidate = merged.candidates?.[0];
  yield withCandidates(merged, [{ content: { role: 'model', parts: answer.parts }, finishReason: candidate?.finishReason, index: 0 }], true);
}

async function* runToolRounds(
  generate: Generate,
  input: GenerateInput,
  plan: Extract<WebSearchPlan, { mode: 'tool' }>,
  first: GenerateResult,
  searchInput: (request: GenerateInput['request']) => GenerateInput,
  presentation: WebSearchOptions['presentation'],
): Chunks {
  let request = plan.request;
  let result = first;
  let searches = 0;
  let usage: GeminiUsageMetadata | undefined;
  for (;;) {
    const round: GeminiResponse[] = [];
    const searchCalls: GeminiPart[] = [];
    let clientCalls = false;
    for await (const chunk of result.chunks) {
      round.push(chunk);
      const parts = chunk.candidates?.[0]?.content?.parts ?? [];
      for (const part of parts) {
        if (part.functionCall?.name === plan.toolName) searchCalls.push(part);
        else if (part.functionCall !== undefined) clientCalls = true;
      }
      const kept = parts.filter((part) => part.functionCall?.name !== plan.toolName);
      if (kept.length > 0) yield withCandidates(chunk, [{ content: { role: 'model', parts: kept }, index: 0 }]);
    }
    const merged = mergeGeminiChunks(round);
    usage = addUsage(usage, merged.usageMetadata);
    if (searchCalls.length === 0 || clientCalls || searches >= MAX_SEARCHES_PER_RESPONSE) {
      yield withCandidates({ ...merged, usageMetadata: usage }, [{ finishReason: merged.candidates?.[0]?.finishReason, index: 0 }], true);
      return;
    }

    const responses: GeminiPart[] = [];
    for (const call of searchCalls) {
      const query = readQuery(call);
      const id = call.functionCall?.id;
      if (searches >= MAX_SEARCHES_PER_RESPONSE || query === '') {
        const error = query === '' ? 'the query is empty' : 'no more searches are allowed in this answer';
        responses.push({ functionResponse: { name: plan.toolName, ...(id ? { id } : {}), response: { error } } });
        continue;
      }
      searches += 1;
      try {
        const searched = await generate(searchInput(buildSearchRequest(query)));
        const answerChunks: GeminiResponse[] = [];
        for await (const chunk of searched.chunks) answerChunks.push(chunk);
        const answer = mergeGeminiChunks(answerChunks);
        usage = addUsage(usage, answer.usageMetadata);
        const grounded = convertGroundedAnswerToParts(answer, generateId(), query);
        if (presentation === 'gemini') {
          const grounding = answer.candidates?.[0]?.groundingMetadata ?? { webSearchQueries: [query] };
          yield { candidates: [{ index: 0, groundingMetadata: grounding }] };
        } else {
          const part: WebSearchCallPart = grounded.call ?? { agtWebSearch: { id: generateId(), query, sources: [] } };
          yield { candidates: [{ content: { role: 'model', parts: [part] }, index: 0 }] };
        }
        responses.push({ functionResponse: { name: plan.toolName, ...(id ? { id } : {}), response: formatSearchFunctionResponse(query, grounded.text, grounded.sources) } });
      } catch (error) {
        input.signal.throwIfAborted();
        const message = redactSecrets(error instanceof Error ? error.message : String(error));
        responses.push({ functionResponse: { name: plan.toolName, ...(id ? { id } : {}), response: { error: `the web search failed: ${message}` } } });
      }
    }
    // Calls the model made without a signature (no thinking) get the sentinel, as the converters give history calls;
    // the signature pass removes it again for models that take none.
    const modelTurn = (merged.candidates?.[0]?.content?.parts ?? []).map((part) =>
      part.functionCall !== undefined && (typeof part.thoughtSignature !== 'string' || part.thoughtSignature === '')
        ? { ...part, thoughtSignature: SKIP_THOUGHT_SIGNATURE }
        : part,
    );
    request = {
      ...request,
      contents: [...request.contents, { role: 'model', parts: modelTurn }, { role: 'user', parts: responses }],
    };
    if (searches >= MAX_SEARCHES_PER_RESPONSE) request = removeSearchFunction(request, plan.toolName);
    result = await generate({ ...input, request });
  }
}

/** A chunk with other candidates; the usage stays only on the last chunk (`keepUsage`), summed over the requests. */
function withCandidates(chunk: GeminiResponse, candidates: NonNullable<GeminiResponse['candidates']>, keepUsage = false): GeminiResponse {
  const { candidates: _candidates, usageMetadata, ...rest } = chunk;
  const next: GeminiResponse = { ...rest, candidates };
  if (keepUsage && usageMetadata !== undefined) next.usageMetadata = usageMetadata;
  return next;
}

function addUsage(total: GeminiUsageMetadata | undefined, next: GeminiUsageMetadata | undefined): GeminiUsageMetadata | undefined {
  if (next === undefined) return total;
  if (total === undefined) return { ...next };
  const sum: GeminiUsageMetadata = { ...total };
  for (const key of ['promptTokenCount', 'candidatesTokenCount', 'thoughtsTokenCount', 'cachedContentTokenCount', 'totalTokenCount'] as const) {
    if (typeof next[key] === 'number') sum[key] = (sum[key] ?? 0) + next[key];
  }
  return sum;
}

function readQuery(call: GeminiPart): string {
  const query = call.functionCall?.args?.query;
  return typeof query === 'string' ? query.trim() : '';
}

/** What the user asked last: the query a search part names when the answer reports none. */
function lastUserText(input: GenerateInput): string {
  for (let index = input.request.contents.length - 1; index >= 0; index -= 1) {
    const content = input.request.contents[index];
    if (content?.role !== 'user') continue;
    const text = (content.parts ?? [])
      .map((part) => (typeof part.text === 'string' && part.thought !== true ? part.text : ''))
      .join(' ')
      .trim();
    if (text !== '') return text.slice(0, 200);
  }
  return '';
}
