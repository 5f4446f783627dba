/**
 * The answers of the non-generating Code Assist methods (pure): loadCodeAssist, the onboarding operation,
 * fetchAvailableModels, retrieveUserQuota and retrieveUserQuotaSummary (reference B.3).
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
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

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

/**
 * `retrieveUserQuotaSummary`: a 5-hour and a weekly window for each of the two model groups the Antigravity IDE's
 * usage panel shows — "Gemini Models" and "Claude and GPT models" — with the bucket ids and windows a peer records
 * (`gemini-5h`, `gemini-weekly`, `3p-5h`, `3p-weekly`; Antigravity-Manager `quota.rs`, reference §2.1). A group's
 * fraction is its least-left model's; the weekly window resets a week out.
 */
export function buildQuotaSummaryReply(account: SimulatedAccount, nowMs: number): Record<string, unknown> {
  const fiveHourReset = account.quota.resetTime ?? formatResetTime(nowMs);
  const weeklyReset = formatResetTime(nowMs + WEEK_MS - QUOTA_WINDOW_MS);
  const groups = [
    { displayName: 'Gemini Models', prefix: 'gemini', kinds: ['gemini', 'image'] },
    { displayName: 'Claude and GPT models', prefix: '3p', kinds: ['claude', 'other'] },
  ].flatMap((group) => {
    const models = account.catalogue.models.filter((model) => group.kinds.includes(model.kind));
    if (models.length === 0) return [];
    const fraction = Math.min(...models.map((model) => remainingFractionFor(account, model.id)));
    return [
      {
        displayName: group.displayName,
        buckets: [
          { bucketId: `${group.prefix}-5h`, window: '5h', displayName: '5-hour limit', remainingFraction: fraction, resetTime: fiveHourReset },
          { bucketId: `${group.prefix}-weekly`, window: 'weekly', displayName: 'Weekly limit', remainingFraction: fraction, resetTime: weeklyReset },
        ],
      },
    ];
  });
  return { groups };
}

function remainingFractionFor(account: SimulatedAccount, modelId: string): number {
  return account.quota.byModel.get(modelId) ?? account.quota.remainingFraction;
}

function formatResetTime(nowMs: number): string {
  return new Date(Math.ceil((nowMs + QUOTA_WINDOW_MS) / 60_000) * 60_000).toISOString().replace('.000Z', 'Z');
}
