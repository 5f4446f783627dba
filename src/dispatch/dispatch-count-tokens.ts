import { classifyUpstreamFailure, UpstreamNetworkError, type CodeAssistClient } from '../google/index.js';
import { createAcquireContext, type AccountPool } from '../pool/index.js';
import type { GeminiContent } from '../protocols/gemini/gemini-api.js';
import { GatewayError } from '../shared/gateway-error.js';

/**
 * `countTokens` through the pool: two accounts at most, no streaming. Returns null when no account or
 * upstream could answer, so the caller can fall back to a local estimate.
 */
export async function dispatchCountTokens(
  dependencies: { pool: AccountPool; codeAssist: Pick<CodeAssistClient, 'call'> },
  input: { model: string; contents: GeminiContent[]; signal: AbortSignal },
): Promise<number | null> {
  const context = createAcquireContext(input.model, input.signal);
  for (let attempt = 0; attempt < 2; attempt++) {
    let lease;
    try {
      lease = await dependencies.pool.acquire(context);
    } catch {
      return null;
    }
    try {
      const response = await dependencies.codeAssist.call('countTokens', {
        accessToken: lease.accessToken,
        body: { request: { model: `models/${input.model}`, contents: input.contents } },
        signal: input.signal,
      });
      const text = await response.body.text();
      if (response.status === 200) {
        const parsed = JSON.parse(text) as { totalTokens?: number };
        return typeof parsed.totalTokens === 'number' ? parsed.totalTokens : 0;
      }
      const failure = classifyUpstreamFailure(response.status, response.headers, text);
      if (failure.class === 'bad_request') throw new GatewayError('INVALID_REQUEST', failure.message);
      if (failure.class === 'not_found') throw new GatewayError('NOT_FOUND', failure.message);
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      if (!(error instanceof UpstreamNetworkError) && !(error instanceof SyntaxError)) throw error;
    }
  }
  return null;
}
