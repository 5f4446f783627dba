/**
 * The answers of the non-generating Code Assist methods (pure): loadCodeAssist, the onboarding operation,
 * fetchAvailableModels and retrieveUserQuota (reference B.3).
 */
import type { OnboardOperation, SimulatedAccount } from './simulator-state.js';

const TIER_NAMES: Record<string, string> = {
  'free-tier': 'Gemini Code Assist for individuals',
  'legacy-tier': 'Gemini Code Assist for individuals (legacy)',
  'standard-tier': 'Gemini Code Assist',
};
const FREE_TIER = {
  id: 'free-tier',
  name: TIER_NAMES['free-tier'],
  description: 'Gemini Code Assist for individuals, free of charge.',
  userDefinedCloudaicompanionProject: false,
  isDefault: true,
};
const QUOTA_WINDOW_MS = 5 * 60 * 60 * 1000;

export function buildLoadCodeAssistReply(account: SimulatedAccount): Record<string, unknown> {
  if (!account.onboarded) return { allowedTiers: [FREE_TIER] };
  const reply: Record<string, unknown> = {
    currentTier: {
      id: account.tier,
      name: TIER_NAMES[account.tier] ?? account.tier,
      userDefinedCloudaicompanionProject: false,
      privacyNotice: { showNotice: false },
    },
    allowedTiers: [FREE_TIER],
    cloudaicompanionProject: account.projectId,
  };
  if (TIER_NAMES[account.tier] === undefined) reply.paidTier = { id: account.tier, name: account.tier };
  return reply;
}

export function buildOperationReply(operation: OnboardOperation, account: SimulatedAccount): Record<string, unknown> {
  if (operation.polls < 2) return { name: operation.name, done: false };
  return {
    name: operation.name,
    done: true,
    response: {
      '@type': 'type.googleapis.com/google.internal.cloud.code.v1internal.OnboardUserResponse',
      cloudaicompanionProject: { id: account.projectId, name: account.projectId },
    },
  };
}

/**
 * The account's catalogue in the `fetchAvailableModels` shape (reference B.3; the top-level lists as CLIProxyAPI
 * `sdk/cliproxy/antigravity_models.go` and a peer's recorded fixture read them): per model its quota, limits and
 * capabilities, plus `deprecatedModelIds`, `defaultAgentModelId`, `webSearchModelIds` and `imageGenerationModelIds`.
 */
export function buildAvailableModelsReply(account: SimulatedAccount, nowMs: number): Record<string, unknown> {
  const resetTime = account.quota.resetTime ?? formatResetTime(nowMs);
  const models: Record<string, unknown> = {};
  const { catalogue } = account;
  for (const model of catalogue.models) {
    models[model.id] = {
      displayName: model.displayName,
      quotaInfo: { remainingFraction: remainingFractionFor(account, model.id), resetTime },
      supportsImages: model.supportsImages,
      supportsThinking: model.supportsThinking,
      recommended: model.recommended,
      maxTokens: model.maxTokens,
      maxOutputTokens: model.maxOutputTokens,
    };
  }
  const deprecatedModelIds = Object.fromEntries(Object.entries(catalogue.deprecated).map(([oldId, newModelId]) => [oldId, { newModelId }]));
  const served = catalogue.models.filter((model) => !Object.hasOwn(catalogue.deprecated, model.id));
  const reply: Record<string, unknown> = {
    models,
    deprecatedModelIds,
    webSearchModelIds: served.filter((model) => model.kind === 'gemini').map((model) => model.id),
    imageGenerationModelIds: served.filter((model) => model.generatesImages).map((model) => model.id),
  };
  const defaultAgent = served.find((model) => model.kind === 'gemini');
  if (defaultAgent !== undefined) reply.defaultAgentModelId = defaultAgent.id;
  return reply;
}

export function buildUserQuotaReply(account: SimulatedAccount, nowMs: number): Record<string, unknown> {
  const resetTime = account.quota.resetTime ?? formatResetTime(nowMs);
  return {
    buckets: account.catalogue.models.map((model) => ({
      modelId: model.id,
      remainingFraction: remainingFractionFor(account, model.id),
      resetTime,
      tokenType: 'REQUESTS',
    })),
  };
}

function remainingFractionFor(account: SimulatedAccount, modelId: string): number {
  return account.quota.byModel.get(modelId) ?? account.quota.remainingFraction;
}

function formatResetTime(nowMs: number): string {
  return new Date(Math.ceil((nowMs + QUOTA_WINDOW_MS) / 60_000) * 60_000).toISOString().replace('.000Z', 'Z');
}
