import type { ModelCatalogueStore } from '../pool/index.js';
import { chooseUpstreamModel, type ModelCatalogue, type ModelRoute } from '../protocols/model-routing/index.js';

/** Choices already made per catalogue object and target: a catalogue is replaced, never changed, on a new fetch. */
const choices = new WeakMap<ModelCatalogue, Map<string, string | null>>();

/**
 * The pool's per-account model choice for one route: the account's catalogue (when known) decides through
 * chooseUpstreamModel, memoised per catalogue so selecting among many accounts stays O(1) per account.
 */
export function createModelChooser(route: ModelRoute, catalogues: ModelCatalogueStore | undefined): (accountId: string) => string | undefined {
  return (accountId) => {
    const catalogue = catalogues?.get(accountId);
    if (catalogue === undefined) return chooseUpstreamModel(route, undefined)?.model;
    let byTarget = choices.get(catalogue);
    if (byTarget === undefined) {
      byTarget = new Map();
      choices.set(catalogue, byTarget);
    }
    let model = byTarget.get(route.target);
    if (model === undefined) {
      model = chooseUpstreamModel(route, catalogue)?.model ?? null;
      byTarget.set(route.target, model);
    }
    return model ?? undefined;
  };
}
