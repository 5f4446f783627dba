import { classifyUpstreamFailure, UpstreamNetworkError, type CodeAssistClient } from '../google/index.js';
import { createAcquireContext, type AccountPool, type ModelCatalogueStore } from '../pool/index.js';
import type { GeminiContent } from '../protocols/gemini/gemini-api.js';
import { resolveModelRoute } from '../protocols/model-routing/index.js';
import { GatewayError } from '../shared/gateway-error.js';
import { createModelChooser } from './create-model-chooser.js';

/**
 * `countTokens` through the pool: two accounts at most, no streaming, the model chosen per account as for
 * generation (`input.model` is the client's name). Returns null when the backend has no count — it refuses or fails
 * countTokens (some models do not support it), or answers without `totalTokens` — or no account could ask, so the
 * caller falls back to its local estimate; a client counting tokens is better served by an estimate than an error.
 * Only "no account serves this model" stays an error (the 404 generation would give).
 */
export async function dispatchCountTokens(
  dependencies: {
    pool: AccountPool;
    codeAssist: Pick<CodeAssistClient, 'call'>;
    catalogues?: ModelCatalogueStore;
    settings?: { current: { customMapping: Record<string, string> } };
  },
  input: { model: string; contents: GeminiContent[]; signal: AbortSignal },
): Promise<number | null> {
  const route = resolveModelRoute(input.model, dependencies.settings?.current.customMapping ?? {});
  const context = createAcquireContext(route.requested, input.signal, createModelChooser(route, dependencies.catalogues));
  try {
    return await countWithPool(dependencies, input, context);
  } finally {
    dependencies.pool.release(context);
  }
}

async function countWithPool(
  dependencies: Parameters<typeof dispatchCountTokens>[0],
  input: Parameters<typeof dispatchCountTokens>[1],
  context: ReturnType<typeof createAcquireContext>,
): Promise<number | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    let lease;
    try {
      lease = await dependencies.pool.acquire(context);
    } catch (error) {
      // No account serves the model: the same 404 generation gives, rather than an estimate for a model that does not exist.
      if (error instanceof GatewayError && error.code === 'NOT_FOUND') throw error;
      return null;
    }
    try {
      const response = await dependencies.codeAssist.call('countTokens', {
        accessToken: lease.accessToken,
        body: { request: { model: `models/${lease.model}`, contents: input.contents } },
        signal: input.signal,
      });
      const text = await response.body.text();
      if (response.status === 200) {
        const parsed = JSON.parse(text) as { totalTokens?: unknown };
        return typeof parsed.totalTokens === 'number' ? parsed.totalTokens : null;
      }
      // A refusal about the request or the model is the same on every account: estimate instead of asking again.
      const failure = classifyUpstreamFailure(response.status, response.headers, text);
      if (failure.class === 'bad_request' || failure.class === 'not_found' || failure.class === 'client_outdated') return null;
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      if (!(error instanceof UpstreamNetworkError) && !(error instanceof SyntaxError)) throw error;
    }
  }
  return null;
}
