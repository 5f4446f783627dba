import { isServedModel, type CatalogueModel, type ModelCatalogue } from './model-catalogue.js';
import { FALLBACK_UPSTREAM_MODELS, MODEL_FAMILIES, classifyModelFamily, type ModelFamilyId } from './model-families.js';
import { compareFamilyModels, readFamilyPreference } from './rank-family-models.js';
import type { ModelRoute } from './resolve-model-route.js';

export interface UpstreamChoice {
  /** The upstream model id to send. */
  model: string;
  /**
   * `exact`: the account serves the name itself; `forwarded`: its catalogue's `deprecatedModelIds` names the
   * replacement; `family`: the best model of the name's family the account serves; `fallback`: the account's
   * catalogue is not known yet, so the built-in family table decides; `passthrough`: an unknown name sent as is to an
   * account whose catalogue is not known (the backend decides).
   */
  reason: 'exact' | 'forwarded' | 'family' | 'fallback' | 'passthrough';
}

/**
 * The upstream model one account should get for a route, or undefined when that account serves nothing the route
 * can use (the pool then skips it). With the account's catalogue: deprecation forwarding, then the exact name, then
 * the best served model of the family (and of its fallback family: a Flash for a Flash Lite). Without it: the name
 * when it is a known current id, else the family's default model, else the name itself.
 */
export function chooseUpstreamModel(route: ModelRoute, catalogue: ModelCatalogue | undefined): UpstreamChoice | undefined {
  const target = route.target;
  if (catalogue === undefined) return chooseWithoutCatalogue(route);

  const forwarded = catalogue.deprecated.get(target);
  if (forwarded !== undefined && isServedModel(catalogue, forwarded)) return { model: forwarded, reason: 'forwarded' };
  if (isServedModel(catalogue, target)) return { model: target, reason: 'exact' };

  const preference = readFamilyPreference(target);
  for (let family = route.family; family !== undefined; family = MODEL_FAMILIES[family].fallbackFamily) {
    const best = pickBestOfFamily(catalogue, family, preference);
    if (best !== undefined) return { model: best, reason: 'family' };
  }
  return undefined;
}

function chooseWithoutCatalogue(route: ModelRoute): UpstreamChoice {
  if (FALLBACK_UPSTREAM_MODELS.includes(route.target)) return { model: route.target, reason: 'fallback' };
  if (route.family === undefined) return { model: route.target, reason: 'passthrough' };
  const candidates = MODEL_FAMILIES[route.family].fallbackModels;
  const tier = readFamilyPreference(route.target).tier;
  const sameTier = tier === undefined ? undefined : candidates.find((model) => model.endsWith(`-${tier}`));
  return { model: sameTier ?? (candidates[0] as string), reason: 'fallback' };
}

function pickBestOfFamily(catalogue: ModelCatalogue, family: ModelFamilyId, preference: ReturnType<typeof readFamilyPreference>): string | undefined {
  let best: CatalogueModel | undefined;
  for (const model of catalogue.models.values()) {
    if (!isServedModel(catalogue, model.id) || classifyModelFamily(model.id) !== family) continue;
    if (best === undefined || compareFamilyModels(model, best, preference) < 0) best = model;
  }
  return best?.id;
}
