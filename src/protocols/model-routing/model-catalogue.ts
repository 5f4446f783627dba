/**
 * One account's model catalogue: the `fetchAvailableModels` answer (reference B.3), read into plain data and kept
 * whole — quota, limits and capabilities of every model — so routing, the upstream limit passes and quota
 * (remaining fraction and reset time per model) all read the same fetch.
 */
export interface CatalogueQuota {
  /** 0…1; absent when the backend did not say (a missing fraction is not 0 %). */
  remainingFraction?: number;
  /** RFC 3339, as the backend sent it. */
  resetTime?: string;
}

export interface CatalogueModel {
  id: string;
  displayName?: string;
  maxTokens?: number;
  maxOutputTokens?: number;
  supportsThinking?: boolean;
  thinkingBudget?: number;
  supportsImages?: boolean;
  recommended?: boolean;
  /** Backend-internal helpers (tab completion, chat routing): never listed or routed to. */
  isInternal?: boolean;
  quota?: CatalogueQuota;
}

export interface ModelCatalogue {
  /** When the reply arrived (ms since the epoch). */
  fetchedAtMs: number;
  models: ReadonlyMap<string, CatalogueModel>;
  /** `deprecatedModelIds`: old id → the id that replaces it. */
  deprecated: ReadonlyMap<string, string>;
  defaultAgentModelId?: string;
  webSearchModelIds?: readonly string[];
  imageGenerationModelIds?: readonly string[];
}

/** Ids the backend lists that are tools of the IDE, not chat models (seen in real catalogues: `chat_20706`, `tab_flash_lite_preview`). */
const INTERNAL_ID = /^(chat|tab)_/;

/**
 * Reads a `fetchAvailableModels` reply (pure, never throws). Fields of the wrong type are dropped, not guessed;
 * `deprecatedModelIds` is read in both spellings peers have seen (`{old: {newModelId}}` and `{old: "new"}`).
 */
export function parseModelCatalogue(reply: unknown, fetchedAtMs: number): ModelCatalogue {
  const root = isRecord(reply) ? (isRecord(reply.response) && reply.models === undefined ? reply.response : reply) : {};
  const models = new Map<string, CatalogueModel>();
  if (isRecord(root.models)) {
    for (const [rawId, raw] of Object.entries(root.models)) {
      const id = rawId.trim();
      if (id === '' || /\s/.test(id) || !isRecord(raw)) continue;
      models.set(id, readModel(id, raw));
    }
  }
  const deprecated = new Map<string, string>();
  if (isRecord(root.deprecatedModelIds)) {
    for (const [oldId, replacement] of Object.entries(root.deprecatedModelIds)) {
      const newId = typeof replacement === 'string' ? replacement : isRecord(replacement) ? replacement.newModelId : undefined;
      if (typeof newId === 'string' && newId.trim() !== '' && newId.trim() !== oldId) deprecated.set(oldId, newId.trim());
    }
  }
  const catalogue: ModelCatalogue = { fetchedAtMs, models, deprecated };
  if (typeof root.defaultAgentModelId === 'string' && root.defaultAgentModelId !== '') catalogue.defaultAgentModelId = root.defaultAgentModelId;
  const webSearch = readIdList(root.webSearchModelIds);
  if (webSearch !== undefined) catalogue.webSearchModelIds = webSearch;
  const imageGeneration = readIdList(root.imageGenerationModelIds);
  if (imageGeneration !== undefined) catalogue.imageGenerationModelIds = imageGeneration;
  return catalogue;
}

/** True when the catalogue serves `id` as a chat model an agt client may be routed to. */
export function isServedModel(catalogue: ModelCatalogue, id: string): boolean {
  const model = catalogue.models.get(id);
  return model !== undefined && model.isInternal !== true && !catalogue.deprecated.has(id);
}

function readModel(id: string, raw: Record<string, unknown>): CatalogueModel {
  const model: CatalogueModel = { id };
  if (typeof raw.displayName === 'string' && raw.displayName !== '') model.displayName = raw.displayName;
  const maxTokens = readPositiveInteger(raw.maxTokens);
  if (maxTokens !== undefined) model.maxTokens = maxTokens;
  const maxOutputTokens = readPositiveInteger(raw.maxOutputTokens);
  if (maxOutputTokens !== undefined) model.maxOutputTokens = maxOutputTokens;
  const thinkingBudget = readPositiveInteger(raw.thinkingBudget);
  if (thinkingBudget !== undefined) model.thinkingBudget = thinkingBudget;
  if (typeof raw.supportsThinking === 'boolean') model.supportsThinking = raw.supportsThinking;
  if (typeof raw.supportsImages === 'boolean') model.supportsImages = raw.supportsImages;
  if (typeof raw.recommended === 'boolean') model.recommended = raw.recommended;
  if (raw.isInternal === true || INTERNAL_ID.test(id)) model.isInternal = true;
  if (isRecord(raw.quotaInfo)) {
    const quota: CatalogueQuota = {};
    const fraction = raw.quotaInfo.remainingFraction;
    if (typeof fraction === 'number' && Number.isFinite(fraction)) quota.remainingFraction = Math.min(1, Math.max(0, fraction));
    if (typeof raw.quotaInfo.resetTime === 'string' && raw.quotaInfo.resetTime !== '') quota.resetTime = raw.quotaInfo.resetTime;
    model.quota = quota;
  }
  return model;
}

/** A list of ids, or the `{id: true}` map form one peer has seen. */
function readIdList(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((id): id is string => typeof id === 'string' && id !== '');
  if (isRecord(value)) return Object.entries(value).filter(([, enabled]) => enabled === true).map(([id]) => id);
  return undefined;
}

function readPositiveInteger(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
