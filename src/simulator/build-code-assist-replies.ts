/**
 * The answers of the non-generating Code Assist methods (pure): loadCodeAssist, the onboarding operation,
 * fetchAvailableModels and retrieveUserQuota (reference B.3).
 */
import { SIMULATED_MODELS } from './simulated-models.js';
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

export function buildAvailableModelsReply(account: SimulatedAccount, nowMs: number): Record<string, unknown> {
  const resetTime = account.quota.resetTime ?? formatResetTime(nowMs);
  const models: Record<string, unknown> = {};
  for (const model of SIMULATED_MODELS) {
    models[model.id] = {
      displayName: model.displayName,
      quotaInfo: { remainingFraction: remainingFractionFor(account, model.id), resetTime },
      supportsImages: model.supportsImages,
      supportsThinking: model.supportsThinking,
      recommended: true,
      maxTokens: model.maxTokens,
      maxOutputTokens: model.maxOutputTokens,
    };
  }
  return { models };
}

export function buildUserQuotaReply(account: SimulatedAccount, nowMs: number): Record<string, unknown> {
  const resetTime = account.quota.resetTime ?? formatResetTime(nowMs);
  return {
    buckets: SIMULATED_MODELS.map((model) => ({
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
