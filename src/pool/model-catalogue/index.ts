/**
 * @module pool/model-catalogue — every account's `fetchAvailableModels` catalogue, kept in memory and refreshed in
 * the background through the pool's token path.
 */
export { ModelCatalogueStore } from './model-catalogue-store.js';
export { ModelCatalogueRefresher } from './refresh-model-catalogues.js';
export type { ModelCatalogueRefresherOptions } from './refresh-model-catalogues.js';
