import { isServedModel, type ModelCatalogue } from './model-catalogue.js';
import { FALLBACK_UPSTREAM_MODELS, MODEL_FAMILIES, classifyModelFamily, type ModelFamilyId } from './model-families.js';

/**
 * The model ids `/v1/models` and `/v1beta/models` list, sorted and unique:
 * - every model some active account serves (the union of their catalogues; an account whose catalogue is not known
 *   yet counts with the built-in fallback models), without deprecated ids and backend-internal helpers;
 * - the family alias (`claude-opus-latest`, `gemini-flash-latest`…) of every family that is served;
 * - the exact keys of the user's `custom_mapping` (wildcard keys are not names).
 *
 * `catalogues` holds one entry per active account: its catalogue, or undefined when not fetched yet.
 */
export function listServableModels(
  catalogues: Iterable<ModelCatalogue | undefined>,
  customMapping: Record<string, string>,
): string[] {
  const served = new Set<string>();
  for (const catalogue of catalogues) {
    if (catalogue === undefined) {
      for (const model of FALLBACK_UPSTREAM_MODELS) served.add(model);
      continue;
    }
    for (const id of catalogue.models.keys()) if (isServedModel(catalogue, id)) served.add(id);
  }
  const names = new Set(served);
  const families = new Set<ModelFamilyId>();
  for (const id of served) {
    const family = classifyModelFamily(id);
    if (family !== undefined) families.add(family);
  }
  for (const family of families) names.add(MODEL_FAMILIES[family].listedAlias);
  for (const [key, target] of Object.entries(customMapping)) {
    if (!key.includes('*') && key !== '' && typeof target === 'string' && target !== '') names.add(key);
  }
  return [...names].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
}
