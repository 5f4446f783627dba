/**
 * The built-in model families: which client model names belong together, and which upstream model serves a
 * family when the account's own catalogue (`fetchAvailableModels`) is not known yet.
 *
 * The catalogue of each account is the truth for what is served; this table only (1) sorts any name — a client's or
 * an upstream id — into a family, so a new name of a known family (`claude-opus-5-5`, `gpt-5.5`,
 * `gemini-3.5-flash-lite`) finds the best model of its family that the chosen account serves, and (2) gives the
 * fallback model of each family for accounts whose catalogue has not been fetched yet.
 *
 * The fallback ids are the ones the Antigravity backend served in 2026-08/09 according to the peers:
 * router-for-me/CLIProxyAPI `internal/registry/models/models.json` (section `antigravity`, 2026-08-22),
 * Wei-Shaw/sub2api `DefaultAntigravityModelMapping` and issue #7257, lbjlaq/Antigravity-Manager
 * `proxy/common/model_mapping.rs` (2026-08-22). Gone by then: `gemini-2.5-*`, `gemini-3-pro-high/low`,
 * `gemini-3-pro-image`, `gemini-3.1-pro-preview` (a Gemini CLI id, never an Antigravity one).
 */
export type ModelFamilyId =
  | 'claude-opus'
  | 'claude-sonnet'
  | 'gemini-pro'
  | 'gemini-flash'
  | 'gemini-flash-lite'
  | 'gemini-image'
  | 'gpt-oss';

export interface ModelFamily {
  id: ModelFamilyId;
  /** Served when the account's catalogue is unknown; the first entry is the family's default. */
  fallbackModels: readonly string[];
  /** Tried when the account serves nothing of this family (a lighter model is better than none). */
  fallbackFamily?: ModelFamilyId;
  /** A family alias `/v1/models` lists when some account serves the family (documented in the README). */
  listedAlias: string;
}

export const MODEL_FAMILIES: Readonly<Record<ModelFamilyId, ModelFamily>> = Object.freeze({
  'claude-opus': { id: 'claude-opus', fallbackModels: ['claude-opus-4-6-thinking'], listedAlias: 'claude-opus-latest' },
  'claude-sonnet': { id: 'claude-sonnet', fallbackModels: ['claude-sonnet-4-6'], listedAlias: 'claude-sonnet-latest' },
  'gemini-pro': { id: 'gemini-pro', fallbackModels: ['gemini-pro-agent', 'gemini-3.1-pro-low'], listedAlias: 'gemini-pro-latest' },
  'gemini-flash': { id: 'gemini-flash', fallbackModels: ['gemini-3-flash'], listedAlias: 'gemini-flash-latest' },
  'gemini-flash-lite': {
    id: 'gemini-flash-lite',
    fallbackModels: ['gemini-3.1-flash-lite'],
    fallbackFamily: 'gemini-flash',
    listedAlias: 'gemini-flash-lite-latest',
  },
  'gemini-image': { id: 'gemini-image', fallbackModels: ['gemini-3.1-flash-image'], listedAlias: 'gemini-flash-image-latest' },
  'gpt-oss': { id: 'gpt-oss', fallbackModels: ['gpt-oss-120b-medium'], listedAlias: 'gpt-oss-latest' },
});

/** Every fallback model: what an account is assumed to serve before its catalogue is known. */
export const FALLBACK_UPSTREAM_MODELS: readonly string[] = Object.freeze(
  Object.values(MODEL_FAMILIES).flatMap((family) => family.fallbackModels),
);

/**
 * Name rules, first match wins, tested on the lower-cased name. Client names and upstream ids go through the same
 * rules, so `gemini-pro-agent` (the backend's id for Gemini 3.1 Pro High) and `gemini-3.1-pro-preview` (Gemini CLI's
 * name) both land in `gemini-pro`.
 *
 * Choices: Claude Code's background model (haiku) has no Antigravity counterpart and goes to Sonnet; OpenAI's
 * flagships and reasoning models (GPT-5.x, o1, o3) go to Gemini Pro, their small models (mini, nano, GPT-4.x,
 * GPT-3.5, o4-mini) to Gemini Flash. A newer GPT generation is a flagship until it says mini/nano.
 */
const FAMILY_RULES: ReadonlyArray<readonly [RegExp, ModelFamilyId]> = [
  [/^(gemini-.*image|imagen-)/, 'gemini-image'],
  [/^gemini-.*flash-lite/, 'gemini-flash-lite'],
  [/^gemini-.*flash/, 'gemini-flash'],
  [/^gemini-.*pro/, 'gemini-pro'],
  [/^gemini-(exp|ultra)/, 'gemini-pro'],
  [/^(claude-.*)?(opus|fable)/, 'claude-opus'],
  [/^(claude-.*)?(sonnet|haiku)/, 'claude-sonnet'],
  [/^claude-/, 'claude-sonnet'],
  [/^gpt-oss/, 'gpt-oss'],
  [/^gpt-\d.*-(mini|nano)/, 'gemini-flash'],
  [/^(gpt-[34]|chatgpt-|codex-mini)/, 'gemini-flash'],
  // GPT-5 and every later flagship (`gpt-5.5`, `gpt-6.1-sol`, Codex's defaults).
  [/^gpt-\d/, 'gemini-pro'],
  [/^o[13]-mini/, 'gemini-flash'],
  [/^o[13](-|$)/, 'gemini-pro'],
  [/^o4(-|$)/, 'gemini-flash'],
  [/^internal-background-task$/, 'gemini-flash'],
];

/** The family a model name belongs to, or undefined for names agt knows nothing about (`mistral-large`). */
export function classifyModelFamily(name: string): ModelFamilyId | undefined {
  const lower = name.toLowerCase();
  for (const [pattern, family] of FAMILY_RULES) if (pattern.test(lower)) return family;
  return undefined;
}
