/**
 * Scripted failures of the simulated Google: what a fault is, which endpoint it can fire on, and how a
 * control-API body becomes one. A fault without `count` stays active until the faults are cleared.
 */
export const FAULT_TARGETS = [
  'token',
  'generate',
  'userinfo',
  'loadCodeAssist',
  'onboardUser',
  'countTokens',
  'quota',
  'quotaSummary',
  'any',
] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

/** The endpoints a request can hit; `quota` covers fetchAvailableModels and retrieveUserQuota, `quotaSummary` retrieveUserQuotaSummary. */
export type SimulatorEndpoint = Exclude<FaultTarget, 'any'>;

export const FAULT_KINDS = [
  '400',
  '404',
  '429',
  '429-bare',
  '500',
  '503',
  '401',
  '403',
  '403-validation',
  '403-service-disabled',
  '413',
  'latency',
  'hang',
  'cut-stream',
  'empty-stream',
  'slow-stream',
  'token-500',
  'token-unauthorized_client',
  'token-invalid_client',
  'token-reset',
  'rotate-refresh-token',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const RATE_LIMIT_REASONS = ['RATE_LIMIT_EXCEEDED', 'QUOTA_EXHAUSTED', 'MODEL_CAPACITY_EXHAUSTED'] as const;
export type RateLimitReason = (typeof RATE_LIMIT_REASONS)[number];

export interface SimulatorFaultInput {
  target: FaultTarget;
  kind: FaultKind;
  /** Only requests of this account (matched case-insensitively). */
  email?: string;
  /** Only generate requests for this model. */
  model?: string;
  /** How many matching requests the fault answers; unlimited when absent. */
  count?: number;
  /** `latency`: wait before answering; `slow-stream`: wait between stream chunks. */
  delayMs?: number;
  /** `429`: the reset delay put in `quotaResetDelay` and `RetryInfo.retryDelay` (default 60). */
  retryDelaySeconds?: number;
  /** `429`: the ErrorInfo reason (default RATE_LIMIT_EXCEEDED). */
  reason?: RateLimitReason;
  /** `cut-stream`: how many chunks to send before the socket is destroyed (default 1). */
  afterChunks?: number;
}

export interface SimulatorFault extends SimulatorFaultInput {
  id: string;
  /** Requests still to answer; undefined means unlimited. */
  remaining: number | undefined;
}

/** Kinds that change how a request is answered without answering it themselves. */
const MODIFIER_KINDS: ReadonlySet<FaultKind> = new Set(['latency', 'slow-stream', 'rotate-refresh-token']);

const TOKEN_KINDS: ReadonlySet<FaultKind> = new Set([
  'token-500',
  'token-unauthorized_client',
  'token-invalid_client',
  'token-reset',
  'rotate-refresh-token',
  '500',
  '503',
  'latency',
  'hang',
]);

const API_KINDS: ReadonlySet<FaultKind> = new Set([
  '400',
  '404',
  '429',
  '429-bare',
  '500',
  '503',
  '401',
  '403',
  '403-validation',
  '403-service-disabled',
  '413',
  'latency',
  'hang',
]);

const STREAM_ONLY_KINDS: ReadonlySet<FaultKind> = new Set(['cut-stream', 'empty-stream', 'slow-stream']);

export function isModifierFault(kind: FaultKind): boolean {
  return MODIFIER_KINDS.has(kind);
}

/** Whether a fault of this kind can fire on this endpoint (a stream-only kind needs a streaming request). */
export function isFaultApplicable(kind: FaultKind, endpoint: SimulatorEndpoint, stream: boolean): boolean {
  if (endpoint === 'token') return TOKEN_KINDS.has(kind);
  if (API_KINDS.has(kind)) return true;
  return endpoint === 'generate' && stream && STREAM_ONLY_KINDS.has(kind);
}

/** Reads a fault from an untrusted control-API body; throws an Error with a readable message when invalid. */
export function parseSimulatorFault(input: unknown): SimulatorFaultInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error('fault must be a JSON object');
  }
  const record = input as Record<string, unknown>;
  const target = record.target ?? 'any';
  if (typeof target !== 'string' || !(FAULT_TARGETS as readonly string[]).includes(target)) {
    throw new Error(`fault target must be one of ${FAULT_TARGETS.join(', ')}`);
  }
  const kind = record.kind === 'rotateRefreshToken' ? 'rotate-refresh-token' : record.kind;
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const fault: SimulatorFaultInput = { target: target as FaultTarget, kind: kind as FaultKind };
  if (record.email !== undefined) fault.email = readString(record.email, 'email');
  if (record.model !== undefined) fault.model = readString(record.model, 'model');
  if (record.count !== undefined) fault.count = readNumber(record.count, 'count', 1);
  if (record.delayMs !== undefined) fault.delayMs = readNumber(record.delayMs, 'delayMs', 0);
  if (record.retryDelaySeconds !== undefined) {
    fault.retryDelaySeconds = readNumber(record.retryDelaySeconds, 'retryDelaySeconds', 0);
  }
  if (record.afterChunks !== undefined) fault.afterChunks = readNumber(record.afterChunks, 'afterChunks', 0);
  if (record.reason !== undefined) {
    if (typeof record.reason !== 'string' || !(RATE_LIMIT_REASONS as readonly string[]).includes(record.reason)) {
      throw new Error(`fault reason must be one of ${RATE_LIMIT_REASONS.join(', ')}`);
    }
    fault.reason = record.reason as RateLimitReason;
  }
  return fault;
}

function readString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`fault ${name} must be a non-empty string`);
  return value;
}

function readNumber(value: unknown, name: string, minimum: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum) {
    throw new Error(`fault ${name} must be a number >= ${minimum}`);
  }
  return value;
}
