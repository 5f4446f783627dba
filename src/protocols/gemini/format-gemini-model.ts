export interface GeminiModelDescription {
  name: string;
  version: string;
  displayName: string;
  description: string;
  inputTokenLimit: number;
  outputTokenLimit: number;
  supportedGenerationMethods: string[];
}

/** What the account's catalogue says about the model serving an id, when known. */
export interface GeminiModelDetails {
  displayName?: string;
  maxTokens?: number;
  maxOutputTokens?: number;
}

/** Limits of the upstream families when no catalogue says; an alias the table does not know gets the Gemini defaults. */
const TOKEN_LIMITS: ReadonlyArray<{ prefix: string; input: number; output: number }> = [
  { prefix: 'gemini-3-pro-image', input: 65_536, output: 32_768 },
  { prefix: 'claude-', input: 200_000, output: 64_000 },
  { prefix: 'gemini-', input: 1_048_576, output: 65_536 },
];
const DEFAULT_LIMITS = { input: 1_048_576, output: 65_536 };
const UPPERCASE_WORDS = new Set(['gpt', 'ai']);

/**
 * One entry of `GET /v1beta/models` (and the body of `GET /v1beta/models/:model`) in the Gemini API's Model shape,
 * so `@google/genai` `models.list()` / `models.get()` and clients that filter on `supportedGenerationMethods` work.
 * @see https://ai.google.dev/api/models#Model
 */
export function formatGeminiModel(model: string, details: GeminiModelDetails = {}): GeminiModelDescription {
  const id = model.startsWith('models/') ? model.slice('models/'.length) : model;
  const limits = TOKEN_LIMITS.find((entry) => id.startsWith(entry.prefix)) ?? DEFAULT_LIMITS;
  const displayName = details.displayName ?? formatDisplayName(id);
  return {
    name: `models/${id}`,
    version: '001',
    displayName,
    description: `${displayName}, served by agt through Google Cloud Code Assist`,
    inputTokenLimit: details.maxTokens ?? limits.input,
    outputTokenLimit: details.maxOutputTokens ?? limits.output,
    supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
  };
}

/** `claude-sonnet-4-6-thinking` → `Claude Sonnet 4.6 Thinking`, `gemini-2.5-flash` → `Gemini 2.5 Flash`. */
function formatDisplayName(id: string): string {
  const words: string[] = [];
  for (const segment of id.split('-').filter((part) => part !== '')) {
    const previous = words.at(-1);
    if (/^\d{1,2}$/.test(segment) && previous !== undefined && /^\d+(\.\d+)*$/.test(previous)) {
      words[words.length - 1] = `${previous}.${segment}`;
    } else if (UPPERCASE_WORDS.has(segment.toLowerCase())) {
      words.push(segment.toUpperCase());
    } else {
      words.push(segment.charAt(0).toUpperCase() + segment.slice(1));
    }
  }
  return words.join(' ');
}
