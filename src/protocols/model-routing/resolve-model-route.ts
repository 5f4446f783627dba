import { compareModelPatternSpecificity, matchModelPattern } from './match-model-pattern.js';
import { classifyModelFamily, type ModelFamilyId } from './model-families.js';

/**
 * What a client's model name asks for, decided once per request before any account is chosen. The upstream model
 * itself is chosen per attempt, for the account that serves it (chooseUpstreamModel).
 */
export interface ModelRoute {
  /** The client's model name, without a leading `models/`. */
  requested: string;
  /** The name to serve: the user's `custom_mapping` target, else the requested name. */
  target: string;
  source: 'custom-exact' | 'custom-wildcard' | 'client';
  /** The family of `target`, when it belongs to one. */
  family?: ModelFamilyId;
}

/**
 * Applies the user's `custom_mapping`: the exact key first, then the most specific wildcard key (ties broken by
 * compareModelPatternSpecificity, never by insertion order, so one config always routes the same way). Matching is
 * case-sensitive, as in Antigravity Tools. Without a match the client's own name is the target.
 */
export function resolveModelRoute(requested: string, customMapping: Record<string, string>): ModelRoute {
  const name = requested.startsWith('models/') ? requested.slice('models/'.length) : requested;

  const exactCustom = readTarget(customMapping, name);
  if (exactCustom !== undefined) return withFamily({ requested: name, target: exactCustom, source: 'custom-exact' });

  const customPatterns = Object.keys(customMapping)
    .filter((key) => key.includes('*') && readTarget(customMapping, key) !== undefined)
    .sort(compareModelPatternSpecificity);
  const customPattern = customPatterns.find((pattern) => matchModelPattern(pattern, name));
  if (customPattern !== undefined) {
    return withFamily({ requested: name, target: customMapping[customPattern] as string, source: 'custom-wildcard' });
  }
  return withFamily({ requested: name, target: name, source: 'client' });
}

function withFamily(route: ModelRoute): ModelRoute {
  const family = classifyModelFamily(route.target);
  return family === undefined ? route : { ...route, family };
}

/** Own, non-empty string targets only: `constructor` or `__proto__` as a model name must not hit Object.prototype. */
function readTarget(mapping: Readonly<Record<string, string>>, key: string): string | undefined {
  if (!Object.hasOwn(mapping, key)) return undefined;
  const target: unknown = mapping[key];
  return typeof target === 'string' && target.trim() !== '' ? target.trim() : undefined;
}
