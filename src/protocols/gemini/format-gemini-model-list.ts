import { formatGeminiModel } from './format-gemini-model.js';
import type { GeminiModelDescription, GeminiModelDetails } from './format-gemini-model.js';

/**
 * The body of `GET /v1beta/models`. One page holds every model; there is no `nextPageToken`.
 * @see https://ai.google.dev/api/models#method:-models.list
 */
export function formatGeminiModelList(models: ReadonlyArray<string | (GeminiModelDetails & { id: string })>): { models: GeminiModelDescription[] } {
  return { models: models.map((model) => (typeof model === 'string' ? formatGeminiModel(model) : formatGeminiModel(model.id, model))) };
}
