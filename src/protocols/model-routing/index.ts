/**
 * @module protocols/model-routing
 * Which upstream model serves a client's model name (custom mapping, built-in aliases, passthrough), and which
 * names the model listings show.
 */
export { BUILT_IN_MODEL_MAP, UPSTREAM_MODELS } from './built-in-model-map.js';
export { resolveModelRoute } from './resolve-model-route.js';
export type { ModelRoute } from './resolve-model-route.js';
export { listServableModels } from './list-servable-models.js';
export { matchModelPattern, compareModelPatternSpecificity } from './match-model-pattern.js';
