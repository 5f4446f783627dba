/** The model ids Code Assist serves to Antigravity accounts; what `/v1/models` always lists. */
export const UPSTREAM_MODELS: readonly string[] = Object.freeze([
  'gemini-2.5-flash',
  'gemini-2.5-pro',
  'gemini-3-flash',
  'gemini-3-pro-high',
  'gemini-3-pro-low',
  'gemini-3.1-pro-preview',
  'claude-sonnet-4-6',
  'claude-sonnet-4-6-thinking',
  'claude-opus-4-6-thinking',
  'gemini-3-pro-image',
]);

/**
 * Client model names → upstream ids, applied after the user's `custom_mapping`. Keys may contain `*`; exact keys
 * beat patterns and among patterns the most specific wins (see resolveModelRoute). Every upstream id maps to itself
 * first, so `claude-sonnet-4-6-thinking` is never caught by the `claude-sonnet-4*` pattern.
 *
 * Choices: Claude Code's background model (haiku) goes to Sonnet, which every account can serve; OpenAI's small and
 * older models go to Gemini 2.5 Flash, its reasoning flagships (o1, o3, GPT-5) to Gemini 2.5 Pro.
 */
export const BUILT_IN_MODEL_MAP: Readonly<Record<string, string>> = Object.freeze({
  ...Object.fromEntries(UPSTREAM_MODELS.map((model) => [model, model])),

  // Anthropic names (Claude Code, Anthropic SDK)
  'claude-opus-4*': 'claude-opus-4-6-thinking',
  'claude-3-opus*': 'claude-opus-4-6-thinking',
  'claude-sonnet-4*': 'claude-sonnet-4-6',
  'claude-sonnet-4-5*': 'claude-sonnet-4-6',
  'claude-sonnet-4-6-thinking*': 'claude-sonnet-4-6-thinking',
  'claude-3-5-sonnet*': 'claude-sonnet-4-6',
  'claude-3-7-sonnet*': 'claude-sonnet-4-6',
  'claude-haiku*': 'claude-sonnet-4-6',
  'claude-3-5-haiku*': 'claude-sonnet-4-6',
  'claude-3-haiku*': 'claude-sonnet-4-6',

  // OpenAI names (OpenAI SDK, Codex CLI, Cherry Studio defaults)
  'gpt-3.5*': 'gemini-2.5-flash',
  'gpt-4*': 'gemini-2.5-flash',
  'gpt-4o*': 'gemini-2.5-flash',
  'gpt-5*': 'gemini-2.5-pro',
  'gpt-5-mini*': 'gemini-2.5-flash',
  'gpt-5-nano*': 'gemini-2.5-flash',
  'o1*': 'gemini-2.5-pro',
  'o1-mini*': 'gemini-2.5-flash',
  'o3*': 'gemini-2.5-pro',
  'o3-mini*': 'gemini-2.5-flash',
  'o4*': 'gemini-2.5-flash',

  // Gemini names the public API uses but Code Assist spells differently
  'gemini-3-pro': 'gemini-3.1-pro-preview',
  'gemini-3-pro-preview': 'gemini-3.1-pro-preview',
  'gemini-3.1-pro': 'gemini-3.1-pro-preview',
  'gemini-3.1-pro-high': 'gemini-3-pro-high',
  'gemini-3.1-pro-low': 'gemini-3-pro-low',
  'gemini-3-flash-preview': 'gemini-3-flash',
  'gemini-3-pro-image*': 'gemini-3-pro-image',
  'gemini-2.5-flash-*': 'gemini-2.5-flash',
  'gemini-2.5-flash-image*': 'gemini-3-pro-image',
  'gemini-2.5-pro-*': 'gemini-2.5-pro',
  'gemini-2.0-*': 'gemini-2.5-flash',
  'gemini-1.5-*': 'gemini-2.5-flash',
  'gemini-flash-latest': 'gemini-2.5-flash',
  'gemini-pro-latest': 'gemini-2.5-pro',
  'internal-background-task': 'gemini-2.5-flash',
});
