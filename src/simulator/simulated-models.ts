/**
 * The models the simulated Code Assist serves: the 404 check of generate and the fetchAvailableModels list.
 */
export interface SimulatedModel {
  id: string;
  displayName: string;
  supportsThinking: boolean;
  supportsImages: boolean;
  maxTokens: number;
  maxOutputTokens: number;
  /** Image models answer with an inline image after the text. */
  generatesImages: boolean;
}

function model(
  id: string,
  displayName: string,
  family: 'gemini' | 'claude' | 'image',
  supportsThinking: boolean,
): SimulatedModel {
  const isClaude = family === 'claude';
  return {
    id,
    displayName,
    supportsThinking,
    supportsImages: true,
    maxTokens: isClaude ? 200_000 : family === 'image' ? 65_536 : 1_048_576,
    maxOutputTokens: isClaude ? 64_000 : family === 'image' ? 32_768 : 65_535,
    generatesImages: family === 'image',
  };
}

export const SIMULATED_MODELS: readonly SimulatedModel[] = [
  model('gemini-2.5-flash', 'Gemini 2.5 Flash', 'gemini', true),
  model('gemini-2.5-pro', 'Gemini 2.5 Pro', 'gemini', true),
  model('gemini-3-flash', 'Gemini 3 Flash', 'gemini', true),
  model('gemini-3-pro-high', 'Gemini 3 Pro (High)', 'gemini', true),
  model('gemini-3-pro-low', 'Gemini 3 Pro (Low)', 'gemini', true),
  model('gemini-3.1-pro-preview', 'Gemini 3.1 Pro Preview', 'gemini', true),
  model('claude-sonnet-4-6', 'Claude Sonnet 4.6', 'claude', false),
  model('claude-sonnet-4-6-thinking', 'Claude Sonnet 4.6 (Thinking)', 'claude', true),
  model('claude-opus-4-6-thinking', 'Claude Opus 4.6 (Thinking)', 'claude', true),
  model('gemini-3-pro-image', 'Gemini 3 Pro Image', 'image', false),
];

const MODELS_BY_ID = new Map(SIMULATED_MODELS.map((entry) => [entry.id, entry]));

/** Looks a model up by id; a `models/` prefix is accepted. */
export function findSimulatedModel(id: unknown): SimulatedModel | undefined {
  if (typeof id !== 'string') return undefined;
  return MODELS_BY_ID.get(id.startsWith('models/') ? id.slice('models/'.length) : id);
}
