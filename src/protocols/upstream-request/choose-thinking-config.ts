import type { GeminiThinkingConfig } from '../gemini/gemini-api.js';
import type { CatalogueModel } from '../model-routing/model-catalogue.js';
import type { UpstreamPayloadPass } from './upstream-payload.js';

/**
 * How a model takes its thinking settings:
 * - `claude-thinking`: a Claude `…-thinking` model thinks only with a budget; without one it answers with
 *   `<thinking>` text instead of thought parts (antigravity-claude-proxy `src/format/request-converter.js`: "Cloud
 *   Code API requires thinking_budget to actually produce thinking blocks"), so it always gets one;
 * - `claude`: other Claude models take a budget when the client asks for thinking;
 * - `gemini-level`: Gemini 3 and later take `thinkingLevel` (https://ai.google.dev/gemini-api/docs/thinking: Gemini 3
 *   models use thinking levels; setting both a level and a budget is a 400);
 * - `gemini-budget`: Gemini 2.x takes `thinkingBudget`;
 * - `none`: the catalogue says the model does not think; a thinking config is dropped.
 */
export type ThinkingStyle = 'claude-thinking' | 'claude' | 'gemini-level' | 'gemini-budget' | 'none' | 'unknown';

/** Budget for a Claude thinking model when the client named none (the Anthropic default of Claude Code's adaptive thinking is "high"). */
export const DEFAULT_CLAUDE_THINKING_BUDGET = 16_384;
/** Anthropic's smallest thinking budget ("budget_tokens: must be ≥ 1024"). */
export const MIN_CLAUDE_THINKING_BUDGET = 1_024;

type Level = 'MINIMAL' | 'LOW' | 'MEDIUM' | 'HIGH';

/** Budgets a level stands for, the same steps as the OpenAI effort table (`thinking-budgets-by-effort.ts`). */
const BUDGET_BY_LEVEL: Record<Level, number> = { MINIMAL: 1_024, LOW: 1_024, MEDIUM: 8_192, HIGH: 24_576 };

export function readThinkingStyle(model: string, info?: CatalogueModel): ThinkingStyle {
  const id = model.toLowerCase();
  if (info?.supportsThinking === false) return 'none';
  if (id.startsWith('claude-')) return id.includes('thinking') ? 'claude-thinking' : 'claude';
  if (id.startsWith('gemini-')) {
    const version = /^gemini-(\d+)/.exec(id)?.[1];
    // `gemini-pro-agent` and `gemini-3-flash-agent` carry no 2.x version: they are Gemini 3.x.
    return version !== undefined && Number(version) < 3 ? 'gemini-budget' : 'gemini-level';
  }
  return 'unknown';
}

/**
 * Chooses the thinking settings by the upstream model of the attempt, never by the client's model name: the client's
 * request arrives as a budget (Anthropic `budget_tokens`; adaptive thinking, Anthropic `output_config.effort`, OpenAI
 * `reasoning_effort` / Responses `reasoning.effort` turned into budgets by the converters) or as a Gemini
 * `thinkingLevel`, and leaves as what the model takes (see ThinkingStyle). Image requests are left to their own pass.
 * The budget is kept under `maxOutputTokens` by capOutputTokens, which runs after this pass.
 */
export const chooseThinkingConfig: UpstreamPayloadPass = (payload, context) => {
  if (payload.requestType === 'image_gen') return payload;
  const style = readThinkingStyle(payload.model, context.modelInfo);
  const config = payload.request.generationConfig;
  const current = config?.thinkingConfig;
  const next = chooseConfig(style, current, payload.model, context.modelInfo);
  if (next === current) return payload;
  const { thinkingConfig: _previous, ...rest } = config ?? {};
  const generationConfig = next === undefined ? rest : { ...rest, thinkingConfig: next };
  return { ...payload, request: { ...payload.request, generationConfig } };
};

function chooseConfig(
  style: ThinkingStyle,
  current: GeminiThinkingConfig | undefined,
  model: string,
  info: CatalogueModel | undefined,
): GeminiThinkingConfig | undefined {
  const budget = readBudget(current);
  const level = readLevel(current);
  switch (style) {
    case 'unknown':
      return current;
    case 'none':
      return undefined;
    case 'claude-thinking': {
      const asked = budget !== undefined && budget > 0 ? budget : level !== undefined ? BUDGET_BY_LEVEL[level] : undefined;
      const chosen = Math.max(MIN_CLAUDE_THINKING_BUDGET, asked ?? info?.thinkingBudget ?? DEFAULT_CLAUDE_THINKING_BUDGET);
      return same(current, { includeThoughts: current?.includeThoughts ?? true, thinkingBudget: chosen });
    }
    case 'claude': {
      if (current === undefined) return undefined;
      const asked = budget !== undefined ? budget : level !== undefined ? BUDGET_BY_LEVEL[level] : undefined;
      if (asked === undefined || asked <= 0) return undefined;
      return same(current, { includeThoughts: current.includeThoughts ?? true, thinkingBudget: Math.max(MIN_CLAUDE_THINKING_BUDGET, asked) });
    }
    case 'gemini-level': {
      if (current === undefined) return undefined;
      const pro = /pro/.test(model.toLowerCase());
      let chosen = level ?? (budget === undefined || budget < 0 ? undefined : levelForBudget(budget, pro));
      // Pro models have no minimal level (CLIProxyAPI models.json: gemini-pro-agent levels low/medium/high).
      if (pro && chosen === 'MINIMAL') chosen = 'LOW';
      const next: GeminiThinkingConfig = {};
      if (current.includeThoughts !== undefined) next.includeThoughts = current.includeThoughts;
      if (chosen !== undefined) next.thinkingLevel = chosen;
      return same(current, next);
    }
    case 'gemini-budget': {
      if (current === undefined) return undefined;
      if (level === undefined) return current.thinkingLevel === undefined ? current : withoutLevel(current);
      const next: GeminiThinkingConfig = { thinkingBudget: budget ?? BUDGET_BY_LEVEL[level] };
      if (current.includeThoughts !== undefined) next.includeThoughts = current.includeThoughts;
      return next;
    }
  }
}

/** 0 and tiny budgets are the least thinking a model allows; the steps follow BUDGET_BY_LEVEL. */
function levelForBudget(budget: number, pro: boolean): Level {
  if (budget === 0) return pro ? 'LOW' : 'MINIMAL';
  if (budget <= BUDGET_BY_LEVEL.LOW) return 'LOW';
  if (budget <= BUDGET_BY_LEVEL.MEDIUM) return 'MEDIUM';
  return 'HIGH';
}

function readBudget(config: GeminiThinkingConfig | undefined): number | undefined {
  const value = config?.thinkingBudget ?? (config as { thinking_budget?: unknown } | undefined)?.thinking_budget;
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : undefined;
}

function readLevel(config: GeminiThinkingConfig | undefined): Level | undefined {
  const value = typeof config?.thinkingLevel === 'string' ? config.thinkingLevel.toUpperCase() : undefined;
  return value === 'MINIMAL' || value === 'LOW' || value === 'MEDIUM' || value === 'HIGH' ? value : undefined;
}

function withoutLevel(config: GeminiThinkingConfig): GeminiThinkingConfig {
  const { thinkingLevel: _level, ...rest } = config;
  return rest;
}

/** The current object when nothing changed, so an unchanged payload stays the same object. */
function same(current: GeminiThinkingConfig | undefined, next: GeminiThinkingConfig): GeminiThinkingConfig {
  if (current === undefined) return next;
  const keys = new Set([...Object.keys(current), ...Object.keys(next)]);
  for (const key of keys) if ((current as Record<string, unknown>)[key] !== (next as Record<string, unknown>)[key]) return next;
  return current;
}
