import { BUILT_IN_MODEL_MAP } from './built-in-model-map.js';
import { compareModelPatternSpecificity, matchModelPattern } from './match-model-pattern.js';

export interface ModelRoute {
  /** The client's model name, without a leading `models/`. */
  requested: string;
  /** The Code Assist model id to send. */
  upstream: string;
  source: 'custom-exact' | 'custom-wildcard' | 'built-in' | 'passthrough';
}

const BUILT_IN_PATTERNS = Object.keys(BUILT_IN_MODEL_MAP)
  .filter((key) => key.includes('*'))
  .sort(compareModelPatternSpecificity);

/**
 * Decides which upstream model serves a client's model name, in this order: the user's exact `custom_mapping`
 * key, the user's most specific wildcard key, the built-in exact name, the most specific built-in wildcard, and
 * finally the name itself. Matching is case-sensitive. Ties between wildcards are broken by
 * compareModelPatternSpecificity, never by insertion order, so one config always routes the same way.
 */
export function resolveModelRoute(requested: string, customMapping: Record<string, string>): ModelRoute {
  const name = requested.startsWith('models/') ? requested.slice('models/'.length) : requested;

  const exactCustom = readTarget(customMapping, name);
  if (exactCustom !== undefined) return { requested: name, upstream: exactCustom, source: 'custom-exact' };

  const customPatterns = Object.keys(customMapping)
    .filter((key) => key.includes('*') && readTarget(customMapping, key) !== undefined)
    .sort(compareModelPatternSpecificity);
  const customPattern = customPatterns.find((pattern) => matchModelPattern(pattern, name));
  if (customPattern !== undefined) {
    return { requested: name, upstream: customMapping[customPattern], source: 'custom-wildcard' };
  }

  const exactBuiltIn = readTarget(BUILT_IN_MODEL_MAP, name);
  if (exactBuiltIn !== undefined) return { requested: name, upstream: exactBuiltIn, source: 'built-in' };
  const builtInPattern = BUILT_IN_PATTERNS.find((pattern) => matchModelPattern(pattern, name));
  if (builtInPattern !== undefined) return { requested: name, upstream: BUILT_IN_MODEL_MAP[builtInPattern], source: 'built-in' };

  return { requested: name, upstream: name, source: 'passthrough' };
}

/** Own, non-empty string targets only: `constructor` or `__proto__` as a model name must not hit Object.prototype. */
function readTarget(mapping: Readonly<Record<string, string>>, key: string): string | undefined {
  if (!Object.hasOwn(mapping, key)) return undefined;
  const target: unknown = mapping[key];
  return typeof target === 'string' && target !== '' ? target : undefined;
}
