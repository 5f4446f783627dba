import type { GenerateInput, GenerateResult } from '../dispatch/index.js';
import type { GeminiResponse } from '../protocols/gemini/gemini-api.js';
import { selectModelFamily, tagResponseSignatures } from '../protocols/thought-signatures/index.js';
import { convertRequestToolNames, restoreResponseToolNames } from '../protocols/tool-names/index.js';
import type { ServerDependencies } from './server-dependencies.js';

/**
 * One generation as the client's protocol encoder should see it: the request's tool names made acceptable
 * upstream (one map per request), the dispatch through the pool, then every upstream chunk given the client's
 * tool names back and its thought signatures prefixed with the answering model's family.
 */
export async function generateClientChunks(dependencies: Pick<ServerDependencies, 'dispatcher'>, input: GenerateInput): Promise<GenerateResult> {
  const { request, toolNames } = convertRequestToolNames(input.request);
  const result = await dependencies.dispatcher.generate({ ...input, request });
  const family = selectModelFamily(result.model);
  const adapt = (chunk: GeminiResponse) => tagResponseSignatures(restoreResponseToolNames(chunk, toolNames), family);
  return { ...result, chunks: mapChunks(result.chunks, adapt) };
}

async function* mapChunks(
  chunks: AsyncGenerator<GeminiResponse, void, undefined>,
  map: (chunk: GeminiResponse) => GeminiResponse,
): AsyncGenerator<GeminiResponse, void, undefined> {
  // Leaving this loop early (the client went away) returns the upstream generator, which closes the socket.
  for await (const chunk of chunks) yield map(chunk);
}
