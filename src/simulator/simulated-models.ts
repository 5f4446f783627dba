/**
 * The models the simulated Code Assist knows, and the catalogue each account is served: what
 * `fetchAvailableModels` lists and what `generateContent` accepts. A model outside the account's catalogue — an
 * unknown id, a retired one, or a deprecated id that has a replacement — gets the backend's 404
 * "Requested entity was not found." (the text Cloud Code answers for a model it does not serve:
 * NoeFabris/opencode-antigravity-auth#46 and #416, router-for-me/CLIProxyAPI#1251, lbjlaq/Antigravity-Manager#1749).
 *
 * The default catalogue is the Antigravity backend's in 2026-08/09 as the peers record it:
 * - router-for-me/CLIProxyAPI `internal/registry/models/models.json`, section `antigravity` (2026-08-22): ids,
 *   display names and limits of the Claude, Gemini 3.1 Pro, Gemini 3/3.5 Flash, Flash Lite, image and GPT-OSS models;
 * - Wei-Shaw/sub2api issue #7257 (2026-09-17): the Gemini 3.8 Flash tiers are served only with a tier suffix
 *   (`-high`, `-medium`, `-low`), never as the bare name;
 * - a peer's recorded catalogue (lbjlaq/Antigravity-Manager model mapping and a test fixture of 2026-09):
 *   `deprecatedModelIds` forwards `gemini-3.1-pro-high` to `gemini-pro-agent`;
 * - CliRelay PR #1025 and V1ki/dsh-plugin-subscriptions#92 (2026-09): the output limits are enforced per model
 *   (Claude 64000; Gemini 3.1 Pro, Flash Lite and 3.5 Flash 65535; Gemini 3 Flash 65536).
 * Gone from it: `gemini-2.5-*`, `gemini-3-pro-high/low`, `gemini-3-pro-image`, `claude-sonnet-4-6-thinking`; they stay
 * in the table so a test can give an account an older catalogue.
 */
export type SimulatedModelKind = 'gemini' | 'claude' | 'image' | 'other';

export interface SimulatedModel {
  id: string;
  displayName: string;
  kind: SimulatedModelKind;
  supportsThinking: boolean;
  supportsImages: boolean;
  maxTokens: number;
  maxOutputTokens: number;
  recommended: boolean;
  /** Image models answer with an inline image after the text. */
  generatesImages: boolean;
}

/** How a test describes a model of an account's catalogue: a known id, or a new model (its kind read from the id). */
export type SimulatedModelInput = string | (Partial<SimulatedModel> & { id: string });

export interface SimulatedCatalogue {
  models: readonly SimulatedModel[];
  /** `deprecatedModelIds`: old id → replacement. */
  deprecated: Readonly<Record<string, string>>;
}

function model(id: string, displayName: string, kind: SimulatedModelKind, options: Partial<SimulatedModel> = {}): SimulatedModel {
  const isClaude = kind === 'claude';
  return {
    id,
    displayName,
    kind,
    supportsThinking: kind !== 'other',
    supportsImages: kind !== 'other',
    maxTokens: isClaude ? 200_000 : kind === 'image' ? 131_072 : kind === 'other' ? 114_000 : 1_048_576,
    maxOutputTokens: isClaude ? 64_000 : kind === 'image' || kind === 'other' ? 32_768 : 65_535,
    recommended: true,
    generatesImages: kind === 'image',
    ...options,
  };
}

/** Every model the simulator can describe. */
export const SIMULATED_MODELS: readonly SimulatedModel[] = [
  // Served today (DEFAULT_CATALOGUE_IDS).
  model('claude-opus-4-6-thinking', 'Claude Opus 4.6 (Thinking)', 'claude'),
  model('claude-sonnet-4-6', 'Claude Sonnet 4.6', 'claude'),
  model('gemini-pro-agent', 'Gemini 3.1 Pro (High)', 'gemini'),
  model('gemini-3.1-pro-low', 'Gemini 3.1 Pro (Low)', 'gemini'),
  model('gemini-3-flash', 'Gemini 3 Flash', 'gemini', { maxOutputTokens: 65_536 }),
  model('gemini-3-flash-agent', 'Gemini 3.5 Flash (High)', 'gemini', { maxOutputTokens: 65_536 }),
  model('gemini-3.5-flash-low', 'Gemini 3.5 Flash (Medium)', 'gemini'),
  model('gemini-3.5-flash-extra-low', 'Gemini 3.5 Flash (Low)', 'gemini'),
  model('gemini-3.8-flash-high', 'Gemini 3.8 Flash (High)', 'gemini', { maxOutputTokens: 65_536 }),
  model('gemini-3.8-flash-medium', 'Gemini 3.8 Flash (Medium)', 'gemini', { maxOutputTokens: 65_536 }),
  model('gemini-3.8-flash-low', 'Gemini 3.8 Flash (Low)', 'gemini', { maxOutputTokens: 65_536 }),
  model('gemini-3.1-flash-lite', 'Gemini 3.1 Flash Lite', 'gemini'),
  model('gemini-3.1-flash-image', 'Gemini 3.1 Flash Image', 'image'),
  model('gpt-oss-120b-medium', 'GPT-OSS 120B (Medium)', 'other'),
  // An IDE helper the real catalogue lists next to the chat models (Wei-Shaw/sub2api DefaultAntigravityModelMapping).
  model('tab_flash_lite_preview', 'Tab Flash Lite Preview', 'other', { recommended: false }),
  // Retired, for tests that give an account an older catalogue.
  model('gemini-3.1-pro-high', 'Gemini 3.1 Pro (High)', 'gemini'),
  model('gemini-3-pro-high', 'Gemini 3 Pro (High)', 'gemini'),
  model('gemini-3-pro-low', 'Gemini 3 Pro (Low)', 'gemini'),
  model('gemini-3-pro-image', 'Gemini 3 Pro Image', 'image', { maxOutputTokens: 32_768 }),
  model('gemini-2.5-flash', 'Gemini 2.5 Flash', 'gemini', { maxOutputTokens: 65_536 }),
  model('gemini-2.5-pro', 'Gemini 2.5 Pro', 'gemini', { maxOutputTokens: 65_536 }),
  model('claude-sonnet-4-6-thinking', 'Claude Sonnet 4.6 (Thinking)', 'claude'),
];

export const DEFAULT_CATALOGUE_IDS: readonly string[] = [
  'claude-opus-4-6-thinking',
  'claude-sonnet-4-6',
  'gemini-pro-agent',
  'gemini-3.1-pro-low',
  'gemini-3-flash',
  'gemini-3-flash-agent',
  'gemini-3.5-flash-low',
  'gemini-3.5-flash-extra-low',
  'gemini-3.8-flash-high',
  'gemini-3.8-flash-medium',
  'gemini-3.8-flash-low',
  'gemini-3.1-flash-lite',
  'gemini-3.1-flash-image',
  'gpt-oss-120b-medium',
  'tab_flash_lite_preview',
];

export const DEFAULT_DEPRECATED_MODEL_IDS: Readonly<Record<string, string>> = Object.freeze({ 'gemini-3.1-pro-high': 'gemini-pro-agent' });

const MODELS_BY_ID = new Map(SIMULATED_MODELS.map((entry) => [entry.id, entry]));

export const DEFAULT_CATALOGUE: SimulatedCatalogue = Object.freeze({
  models: DEFAULT_CATALOGUE_IDS.map((id) => MODELS_BY_ID.get(id) as SimulatedModel),
  deprecated: DEFAULT_DEPRECATED_MODEL_IDS,
});

/** Builds a catalogue from test input; throws on an unknown id given as a plain string. */
export function buildSimulatedCatalogue(models: readonly SimulatedModelInput[], deprecated: Record<string, string> = {}): SimulatedCatalogue {
  const built = models.map((input) => {
    if (typeof input === 'string') {
      const known = MODELS_BY_ID.get(input);
      if (known === undefined) throw new Error(`unknown simulated model ${input}; describe it as an object with an id`);
      return known;
    }
    const base = MODELS_BY_ID.get(input.id) ?? model(input.id, input.displayName ?? input.id, inferKind(input.id));
    return { ...base, ...input };
  });
  return { models: built, deprecated: { ...deprecated } };
}

/** The model of the catalogue that serves `id` (a `models/` prefix is accepted); deprecated ids are not served. */
export function findServedModel(catalogue: SimulatedCatalogue, id: unknown): SimulatedModel | undefined {
  if (typeof id !== 'string') return undefined;
  const name = id.startsWith('models/') ? id.slice('models/'.length) : id;
  if (Object.hasOwn(catalogue.deprecated, name)) return undefined;
  return catalogue.models.find((entry) => entry.id === name);
}

function inferKind(id: string): SimulatedModelKind {
  if (id.includes('image')) return 'image';
  if (id.startsWith('claude-')) return 'claude';
  if (id.startsWith('gemini-')) return 'gemini';
  return 'other';
}

/** Any model the simulator can describe, whatever an account serves (a `models/` prefix is accepted). */
export function findSimulatedModel(id: unknown): SimulatedModel | undefined {
  if (typeof id !== 'string') return undefined;
  return MODELS_BY_ID.get(id.startsWith('models/') ? id.slice('models/'.length) : id);
}
