/**
 * Thinking budgets (tokens) for OpenAI reasoning efforts (`reasoning_effort` in Chat Completions,
 * `reasoning.effort` in Responses); `none` turns thinking off.
 */
export const THINKING_BUDGETS_BY_EFFORT: ReadonlyMap<string, number | undefined> = new Map([
  ['none', undefined],
  ['minimal', 1024],
  ['low', 1024],
  ['medium', 8192],
  ['high', 24576],
  ['xhigh', 24576],
]);

/** Budget for models whose name asks for thinking (`…-thinking`) when the client gave no effort. */
export const DEFAULT_THINKING_BUDGET = 24576;
