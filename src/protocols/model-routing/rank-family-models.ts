import type { CatalogueModel } from './model-catalogue.js';

/** What the client's name asks for within a family: a thinking variant, a tier (`-high`, `-low`…). */
export interface FamilyPreference {
  thinking: boolean;
  tier?: Tier;
}

type Tier = 'high' | 'medium' | 'low';

/** Higher is stronger. `agent` ids are the backend's High tier (`gemini-pro-agent` is "Gemini 3.1 Pro (High)"). */
const TIER_RANK: Record<string, number> = { high: 4, agent: 4, tiered: 3, medium: 2, none: 2, low: 1, 'extra-low': 0 };

/** The preference a model name expresses: `…-thinking`, `…-high` / `-medium` / `-low`. */
export function readFamilyPreference(name: string): FamilyPreference {
  const lower = name.toLowerCase();
  const tier = /-(high|medium|low)$/.exec(lower)?.[1] as Tier | undefined;
  return tier === undefined ? { thinking: lower.includes('thinking') } : { thinking: lower.includes('thinking'), tier };
}

/**
 * Orders served models of one family from best to worst for a preference: newest version first (read from the
 * display name, "Gemini 3.5 Flash (High)", since ids like `gemini-3-flash-agent` do not carry it), then the
 * thinking variant the name asked for, then the tier it asked for, then the stronger tier, then `recommended`, then
 * the id, so the order never depends on the catalogue's key order.
 */
export function compareFamilyModels(left: CatalogueModel, right: CatalogueModel, preference: FamilyPreference): number {
  const version = compareVersions(readVersion(right), readVersion(left));
  if (version !== 0) return version;
  const thinking = Number(isThinkingVariant(right) === preference.thinking) - Number(isThinkingVariant(left) === preference.thinking);
  if (thinking !== 0) return thinking;
  if (preference.tier !== undefined) {
    const tierMatch = Number(readTier(right) === preference.tier) - Number(readTier(left) === preference.tier);
    if (tierMatch !== 0) return tierMatch;
  }
  const tier = (TIER_RANK[readTier(right)] ?? 2) - (TIER_RANK[readTier(left)] ?? 2);
  if (tier !== 0) return tier;
  const recommended = Number(right.recommended === true) - Number(left.recommended === true);
  if (recommended !== 0) return recommended;
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}

function isThinkingVariant(model: CatalogueModel): boolean {
  return model.id.toLowerCase().includes('thinking');
}

/** `[3, 5]` from "Gemini 3.5 Flash (High)", `gemini-3.8-flash-high` or `claude-opus-4-6-thinking`; `[]` when unknown. */
function readVersion(model: CatalogueModel): number[] {
  const fromName = model.displayName === undefined ? undefined : /\b(\d+(?:\.\d+)*)\b/.exec(model.displayName)?.[1];
  if (fromName !== undefined) return fromName.split('.').map(Number);
  const id = model.id.toLowerCase();
  const gemini = /^gemini-(\d+(?:\.\d+)*)-/.exec(id);
  if (gemini !== null) return gemini[1].split('.').map(Number);
  // Claude ids spell 4.6 as `4-6`; a trailing date (`-20250929`) is not part of the version.
  const claude = /(?:opus|sonnet|haiku|fable)-(\d{1,2})(?:-(\d{1,2}))?(?=-|$)/.exec(id);
  if (claude !== null) return claude[2] === undefined ? [Number(claude[1])] : [Number(claude[1]), Number(claude[2])];
  return [];
}

function compareVersions(left: number[], right: number[]): number {
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function readTier(model: CatalogueModel): string {
  const fromName = model.displayName === undefined ? undefined : /\((high|medium|low|tiered)\)/i.exec(model.displayName)?.[1];
  if (fromName !== undefined) return fromName.toLowerCase();
  const id = model.id.toLowerCase();
  const suffix = /-(extra-low|high|medium|low|tiered|agent)$/.exec(id)?.[1];
  return suffix ?? 'none';
}
