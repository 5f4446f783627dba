import { formatGeminiModel } from './format-gemini-model.js';
import type { GeminiModelDescription } from './format-gemini-model.js';

/**
 * The body of `GET /v1beta/models`. One page holds every model; there is no `nextPageToken`.
 * @see https://ai.google.dev/api/models#method:-models.list
 */
export function formatGeminiModelList(models: string[]): { models: GeminiModelDescription[] } {
  return { models: models.map(formatGeminiModel) };
}
