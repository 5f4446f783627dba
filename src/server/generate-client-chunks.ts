import { generateWithWebSearch, type GenerateInput, type GenerateResult } from '../dispatch/index.js';
import type { GeminiResponse } from '../protocols/gemini/gemini-api.js';
import { isImageModel } from '../protocols/images/index.js';
import { resolveModelRoute } from '../protocols/model-routing/index.js';
import { selectModelFamily, tagResponseSignatures } from '../protocols/thought-signatures/index.js';
import { convertRequestToolNames, restoreResponseToolNames } from '../protocols/tool-names/index.js';
import { planWebSearch } from '../protocols/web-search/index.js';
import type { ServerDependencies } from './server-dependencies.js';

/** The model that runs web searches when the requested one cannot (Claude, image models). */
export const WEB_SEARCH_MODEL = 'gemini-3-flash';

export interface ClientChunkOptions {
  /** Gemini clients get Google's `groundingMetadata` as is; the other protocols get agt's search parts. */
  nativeGrounding?: boolean;
}

/**
 * One generation as the client's protocol encoder should see it: the request's tool names made acceptable
 * upstream (one map per request), web search run the way Code Assist allows (`planWebSearch`,
 * `generateWithWebSearch`), the dispatch through the pool, then every upstream chunk given the client's tool names
 * back and its thought signatures prefixed with the answering model's family.
 */
export async function generateClientChunks(
  dependencies: Pick<ServerDependencies, 'dispatcher' | 'settings'>,
  input: GenerateInput,
  options: ClientChunkOptions = {},
): Promise<GenerateResult> {
  const { request, toolNames } = convertRequestToolNames(input.request);
  const plan = planWebSearch(request);
  if (plan.mode === 'none') {
    // The usual case: the dispatcher maps each chunk as it reads it (no generator per mapping).
    const mapChunksFor = (model: string) => {
      const family = selectModelFamily(model);
      const tag = (chunk: GeminiResponse) => tagResponseSignatures(chunk, family);
      return toolNames.isIdentity ? tag : (chunk: GeminiResponse) => restoreResponseToolNames(tag(chunk), toolNames);
    };
    return dependencies.dispatcher.generate({ ...input, request, mapChunksFor });
  }
  const generate = async (attempt: GenerateInput): Promise<GenerateResult> => {
    const result = await dependencies.dispatcher.generate(attempt);
    const family = selectModelFamily(result.model);
    return { ...result, chunks: mapChunks(result.chunks, (chunk) => tagResponseSignatures(chunk, family)) };
  };
  const result = await generateWithWebSearch(generate, { ...input, request }, {
    plan,
    searchModel: selectSearchModel(input.model, dependencies.settings.current.customMapping),
    presentation: options.nativeGrounding === true ? 'gemini' : 'parts',
  });
  if (toolNames.isIdentity) return result;
  return { ...result, chunks: mapChunks(result.chunks, (chunk) => restoreResponseToolNames(chunk, toolNames)) };
}

/**
 * The requested model when it goes to a Gemini text model (it searches itself), else WEB_SEARCH_MODEL; either name is
 * resolved per account by the dispatcher like any other.
 */
function selectSearchModel(model: string, customMapping: Record<string, string>): string {
  const route = resolveModelRoute(model, customMapping);
  const searches = route.family === 'gemini-pro' || route.family === 'gemini-flash' || route.family === 'gemini-flash-lite';
  return searches && !isImageModel(route.target) ? model : WEB_SEARCH_MODEL;
}

async function* mapChunks(
  chunks: AsyncGenerator<GeminiResponse, void, undefined>,
  map: (chunk: GeminiResponse) => GeminiResponse,
): AsyncGenerator<GeminiResponse, void, undefined> {
  // Leaving this loop early (the client went away) returns the upstream generator, which closes the socket.
  for await (const chunk of chunks) yield map(chunk);
}
