export type GeminiModelAction = 'generateContent' | 'streamGenerateContent' | 'countTokens';

export interface GeminiModelActionTarget {
  model: string;
  action: GeminiModelAction;
}

const ACTIONS: ReadonlySet<string> = new Set<GeminiModelAction>(['generateContent', 'streamGenerateContent', 'countTokens']);

/**
 * Splits the `:model` segment of `POST /v1beta/models/:model` into model and method. The split is at the last
 * colon, because model ids never end in a method but may one day contain colons. A leading `models/` is removed.
 * Returns null for an unknown method or an empty model, which the route answers with 400/404.
 */
export function splitGeminiModelAction(path: string): GeminiModelActionTarget | null {
  const withoutPrefix = path.startsWith('models/') ? path.slice('models/'.length) : path;
  const colon = withoutPrefix.lastIndexOf(':');
  if (colon <= 0) return null;
  const model = withoutPrefix.slice(0, colon);
  const action = withoutPrefix.slice(colon + 1);
  if (!ACTIONS.has(action)) return null;
  return { model, action: action as GeminiModelAction };
}
