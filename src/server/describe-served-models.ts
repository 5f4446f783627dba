import {
  chooseUpstreamModel,
  listServableModels,
  resolveModelRoute,
  type CatalogueModel,
  type ModelCatalogue,
} from '../protocols/model-routing/index.js';
import type { ServerDependencies } from './server-dependencies.js';

/** One entry of the model listings: an id a client may send, described by the upstream model that serves it. */
export interface ServedModel {
  id: string;
  displayName?: string;
  maxTokens?: number;
  maxOutputTokens?: number;
}

type ModelSources = Pick<ServerDependencies, 'pool' | 'catalogues' | 'settings'>;

/** The catalogue of every active account (undefined for those not fetched yet). */
function activeCatalogues(dependencies: ModelSources): Array<ModelCatalogue | undefined> {
  return dependencies.pool.eligibleAccountIds().map((id) => dependencies.catalogues.get(id));
}

/**
 * What `GET /v1/models` and `GET /v1beta/models` list (see listServableModels: the union of what active accounts
 * serve, the family aliases of served families, the user's exact custom names), each described by the model that
 * serves it on the first account that has one.
 */
export function listServedModels(dependencies: ModelSources): ServedModel[] {
  const catalogues = activeCatalogues(dependencies);
  const customMapping = dependencies.settings.current.customMapping;
  return listServableModels(catalogues, customMapping).map((id) => describe(id, catalogues, customMapping) ?? { id });
}

/**
 * `GET /v1/models/<name>`: the model when some active account would serve the name (exactly, through the custom
 * mapping or its family); undefined — a 404 — otherwise. A name agt knows nothing about is not found even though a
 * request for it would be tried upstream on accounts whose catalogue is not known yet.
 */
export function findServedModel(dependencies: ModelSources, name: string): ServedModel | undefined {
  return describe(name, activeCatalogues(dependencies), dependencies.settings.current.customMapping);
}

function describe(name: string, catalogues: Array<ModelCatalogue | undefined>, customMapping: Record<string, string>): ServedModel | undefined {
  const route = resolveModelRoute(name, customMapping);
  let found: ServedModel | undefined;
  for (const catalogue of catalogues) {
    const choice = chooseUpstreamModel(route, catalogue);
    if (choice === undefined || choice.reason === 'passthrough') continue;
    const info: CatalogueModel | undefined = catalogue?.models.get(choice.model);
    if (info === undefined) {
      found ??= { id: route.requested };
      continue;
    }
    return { id: route.requested, displayName: info.displayName, maxTokens: info.maxTokens, maxOutputTokens: info.maxOutputTokens };
  }
  return found;
}
