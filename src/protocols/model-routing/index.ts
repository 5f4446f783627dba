/**
 * @module protocols/model-routing
 * Which upstream model serves a client's model name: the user's custom mapping, the built-in model families, and
 * per account its `fetchAvailableModels` catalogue (deprecation forwarding, the best served model of a family); and
 * which names the model listings show.
 */
export { chooseUpstreamModel } from './choose-upstream-model.js';
export type { UpstreamChoice } from './choose-upstream-model.js';
export { listServableModels } from './list-servable-models.js';
export { compareModelPatternSpecificity, matchModelPattern } from './match-model-pattern.js';
export { isServedModel, parseModelCatalogue } from './model-catalogue.js';
export type { CatalogueModel, CatalogueQuota, ModelCatalogue } from './model-catalogue.js';
export { classifyModelFamily, FALLBACK_UPSTREAM_MODELS, MODEL_FAMILIES } from './model-families.js';
export type { ModelFamily, ModelFamilyId } from './model-families.js';
export { compareFamilyModels, readFamilyPreference } from './rank-family-models.js';
export type { FamilyPreference } from './rank-family-models.js';
export { resolveModelRoute } from './resolve-model-route.js';
export type { ModelRoute } from './resolve-model-route.js';
