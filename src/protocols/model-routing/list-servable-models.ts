import { BUILT_IN_MODEL_MAP, UPSTREAM_MODELS } from './built-in-model-map.js';

/**
 * The model ids `/v1/models` and `/v1beta/models` list: every upstream model plus every exact alias a client may
 * send (built-in and `custom_mapping` keys). Wildcard keys are left out because they are not names. Sorted and
 * unique, so the list is stable between calls.
 */
export function listServableModels(customMapping: Record<string, string>): string[] {
  const names = new Set<string>(UPSTREAM_MODELS);
  for (const key of Object.keys(BUILT_IN_MODEL_MAP)) if (!key.includes('*')) names.add(key);
  for (const [key, target] of Object.entries(customMapping)) {
    if (!key.includes('*') && key !== '' && typeof target === 'string' && target !== '') names.add(key);
  }
  return [...names].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
}
