import { z } from 'zod';

/**
 * Wire shapes of the Cloud Code Assist `v1internal` answers agt reads (lessons-and-protocols.md B.3, after
 * gemini-cli `code_assist/types.ts`). Only the fields agt uses are typed; `looseObject` keeps the rest.
 */

/** `cloudaicompanionProject` is a plain id in loadCodeAssist and `{id, name}` in an onboarding result. */
const projectReferenceSchema = z.union([
  z.string(),
  z.looseObject({ id: z.string().nullish(), name: z.string().nullish() }),
]);

export const geminiUserTierSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  isDefault: z.boolean().nullish(),
  userDefinedCloudaicompanionProject: z.boolean().nullish(),
  hasAcceptedTos: z.boolean().nullish(),
  hasOnboardedPreviously: z.boolean().nullish(),
});
export type GeminiUserTier = z.infer<typeof geminiUserTierSchema>;

export const ineligibleTierSchema = z.looseObject({
  reasonCode: z.string().nullish(),
  reasonMessage: z.string().nullish(),
  tierId: z.string().nullish(),
  tierName: z.string().nullish(),
  validationErrorMessage: z.string().nullish(),
  validationUrl: z.string().nullish(),
});
export type IneligibleTier = z.infer<typeof ineligibleTierSchema>;

export const loadCodeAssistResponseSchema = z.looseObject({
  currentTier: geminiUserTierSchema.nullish(),
  allowedTiers: z.array(geminiUserTierSchema).nullish(),
  ineligibleTiers: z.array(ineligibleTierSchema).nullish(),
  cloudaicompanionProject: projectReferenceSchema.nullish(),
  paidTier: geminiUserTierSchema.nullish(),
});
export type LoadCodeAssistResponse = z.infer<typeof loadCodeAssistResponseSchema>;

/** The long-running operation returned by `onboardUser` and by `GET v1internal/<operation name>`. */
export const onboardOperationSchema = z.looseObject({
  name: z.string().nullish(),
  done: z.boolean().nullish(),
  response: z.looseObject({ cloudaicompanionProject: projectReferenceSchema.nullish() }).nullish(),
  error: z.looseObject({ code: z.number().nullish(), message: z.string().nullish() }).nullish(),
});
export type OnboardOperation = z.infer<typeof onboardOperationSchema>;

export const availableModelSchema = z.looseObject({
  displayName: z.string().nullish(),
  quotaInfo: z
    .looseObject({ remainingFraction: z.number().nullish(), resetTime: z.string().nullish() })
    .nullish(),
  maxTokens: z.number().nullish(),
  maxOutputTokens: z.number().nullish(),
  supportsImages: z.boolean().nullish(),
  supportsThinking: z.boolean().nullish(),
  thinkingBudget: z.number().nullish(),
  recommended: z.boolean().nullish(),
});
export type AvailableModel = z.infer<typeof availableModelSchema>;

export const fetchAvailableModelsResponseSchema = z.looseObject({
  models: z.record(z.string(), availableModelSchema).nullish(),
  deprecatedModelIds: z.record(z.string(), z.looseObject({ newModelId: z.string().nullish() })).nullish(),
});
export type FetchAvailableModelsResponse = z.infer<typeof fetchAvailableModelsResponseSchema>;

const quotaBucketSchema = z.looseObject({
  bucketId: z.string().nullish(),
  window: z.string().nullish(),
  remainingFraction: z.number().nullish(),
  resetTime: z.string().nullish(),
  displayName: z.string().nullish(),
  description: z.string().nullish(),
});

const quotaGroupSchema = z.looseObject({
  displayName: z.string().nullish(),
  description: z.string().nullish(),
  buckets: z.array(quotaBucketSchema).nullish(),
});

/**
 * `retrieveUserQuotaSummary`: the 5-hour and weekly windows per model group ("Gemini Models", "Claude and GPT
 * models"), as the Antigravity IDE's usage panel shows them (lessons-and-protocols.md B.3; Antigravity-Manager
 * `quota.rs`). Some callers see it wrapped in `response`.
 */
export const quotaSummaryResponseSchema = z.preprocess(
  (value) => (isObject(value) && value.groups === undefined && isObject(value.response) ? value.response : value),
  z.looseObject({ groups: z.array(quotaGroupSchema).nullish() }),
);
export type QuotaSummaryResponse = z.infer<typeof quotaSummaryResponseSchema>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The project id from either spelling of `cloudaicompanionProject`, or undefined when there is none. */
export function readProjectId(reference: z.infer<typeof projectReferenceSchema> | null | undefined): string | undefined {
  if (reference === null || reference === undefined) return undefined;
  const id = typeof reference === 'string' ? reference : reference.id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}
