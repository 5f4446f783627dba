import { redactSecrets } from '../../shared/redact.js';
import { truncateReason } from '../../shared/truncate-reason.js';
import { isClientVersionRefusal } from './detect-client-version-refusal.js';
import { findErrorDetail, isRecord, parseGoogleErrorBody, type GoogleRpcError } from './parse-google-error-body.js';
import { parseRetryDelay } from './parse-retry-delay.js';

/**
 * What a non-2xx Cloud Code answer means for the account that got it:
 * - `rate_limit`: short-term 429; wait `retryAfterMs` (or a default) and try again, maybe elsewhere.
 * - `bare_rate_limit`: a 429 RESOURCE_EXHAUSTED with no quota details at all (no reason, no reset delay, no
 *   QuotaFailure): Cloud Code answers this to prompts its classifier flags, with quota left
 *   (router-for-me/CLIProxyAPI#4696, decolua/9router#2964, can1357/oh-my-pi#11704 and #11689), so it is not
 *   evidence about the account.
 * - `client_outdated`: the backend refused agt's client version ("This version of Antigravity is no longer
 *   supported…", any status): a configuration fault, never the account's.
 * - `quota_exhausted`: the account's quota for this model is gone until a reset (daily/long quota).
 * - `capacity`: Google has no capacity for the model right now; not the account's fault.
 * - `unauthorized`: 401; refresh the access token once, then rotate.
 * - `validation_required`: 403 asking the user to verify the account at `validationUrl`.
 * - `project_problem`: 403 about the Cloud project (API disabled, invalid project); re-resolve/onboard the project.
 * - `forbidden`: any other 403.
 * - `not_found`: 404 (unknown model or method). `bad_request`: 400 and other 4xx. `server`: 5xx, 529, 408, 499.
 */
export type UpstreamFailureClass =
  | 'client_outdated'
  | 'rate_limit'
  | 'bare_rate_limit'
  | 'quota_exhausted'
  | 'capacity'
  | 'unauthorized'
  | 'validation_required'
  | 'project_problem'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'server';

export interface UpstreamFailure {
  class: UpstreamFailureClass;
  status: number;
  /** Google's message with secrets redacted, at most 500 bytes. */
  message: string;
  retryAfterMs?: number;
  model?: string;
  validationUrl?: string;
  /** `google.rpc.ErrorInfo.reason`, e.g. `RATE_LIMIT_EXCEEDED`. */
  reason?: string;
}

const MESSAGE_LIMIT_BYTES = 500;
/** gemini-cli treats a RATE_LIMIT_EXCEEDED asking for more than 5 minutes as terminal; so do we for "capacity" text. */
const LONG_DELAY_MS = 5 * 60_000;
/** "exhausted your capacity" with no delay or one this short is a momentary model-capacity shortage. */
const SHORT_CAPACITY_DELAY_MS = 10_000;

const QUOTA_REASONS = new Set(['QUOTA_EXHAUSTED', 'INSUFFICIENT_G1_CREDITS_BALANCE']);
const CAPACITY_REASONS = new Set(['MODEL_CAPACITY_EXHAUSTED', 'MODEL_CAPACITY_EXCEEDED']);
const PROJECT_REASONS = new Set(['SERVICE_DISABLED', 'CONSUMER_INVALID', 'USER_PROJECT_DENIED', 'PROJECT_INVALID']);

/**
 * Classifies an upstream failure from its status, headers and body text (pure; never throws).
 * The body may be `{error:{...}}`, `[{error:{...}}]`, the bare inner object, the error JSON stringified inside
 * `message`, or not JSON at all.
 */
export function classifyUpstreamFailure(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  bodyText: string,
): UpstreamFailure {
  const error = parseGoogleErrorBody(bodyText);
  const errorInfo = error === undefined ? undefined : findErrorDetail(error, 'ErrorInfo');
  const reason = typeof errorInfo?.reason === 'string' ? errorInfo.reason : undefined;
  const metadata = isRecord(errorInfo?.metadata) ? errorInfo.metadata : undefined;
  const model = typeof metadata?.model === 'string' && metadata.model !== '' ? metadata.model : undefined;
  const rawMessage = error?.message ?? bodyText;
  const message = formatMessage(rawMessage, status);
  const retryAfterMs = parseRetryDelay({ headers, text: bodyText });

  const failure: UpstreamFailure = { class: 'server', status, message };
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  if (model !== undefined) failure.model = model;
  if (reason !== undefined) failure.reason = reason;
  const lowerMessage = rawMessage.toLowerCase();

  if (isClientVersionRefusal(rawMessage) || isClientVersionRefusal(bodyText)) {
    failure.class = 'client_outdated';
  } else if (status === 429) {
    failure.class = isBareTooManyRequests(error, reason, lowerMessage, retryAfterMs)
      ? 'bare_rate_limit'
      : classifyTooManyRequests(error, reason, lowerMessage, retryAfterMs);
  } else if (status === 401) {
    failure.class = 'unauthorized';
  } else if (status === 403) {
    if (reason === 'VALIDATION_REQUIRED' || /verify your account|validation required/.test(lowerMessage)) {
      failure.class = 'validation_required';
      const validationUrl = findValidationUrl(error, metadata, rawMessage);
      if (validationUrl !== undefined) failure.validationUrl = validationUrl;
    } else if ((reason !== undefined && PROJECT_REASONS.has(reason)) || isProjectProblemText(lowerMessage)) {
      failure.class = 'project_problem';
    } else {
      failure.class = 'forbidden';
    }
  } else if (status === 404) {
    failure.class = 'not_found';
  } else if (status === 408 || status === 499) {
    failure.class = 'server';
  } else if (status >= 400 && status < 500) {
    failure.class = 'bad_request';
  } else if (reason !== undefined && CAPACITY_REASONS.has(reason)) {
    // A 503 "No capacity available for model …" with an explicit capacity reason is about the model, not the server.
    failure.class = 'capacity';
  } else {
    failure.class = 'server';
  }
  return failure;
}

function classifyTooManyRequests(
  error: GoogleRpcError | undefined,
  reason: string | undefined,
  lowerMessage: string,
  retryAfterMs: number | undefined,
): UpstreamFailureClass {
  if (reason !== undefined && QUOTA_REASONS.has(reason)) return 'quota_exhausted';
  if (hasDailyQuotaViolation(error)) return 'quota_exhausted';
  if (reason !== undefined && CAPACITY_REASONS.has(reason)) return 'capacity';
  if (lowerMessage.includes('exhausted your capacity')) {
    // Antigravity says "You have exhausted your capacity on this model. Your quota will reset after 4h2m…" both
    // for momentary shortages (reset after 0s) and for a used-up model quota (reset after hours).
    if (retryAfterMs === undefined || retryAfterMs <= SHORT_CAPACITY_DELAY_MS) return 'capacity';
    if (retryAfterMs > LONG_DELAY_MS) return 'quota_exhausted';
    return 'rate_limit';
  }
  if (reason === undefined && /\bcapacity\b/.test(lowerMessage)) return 'capacity';
  return 'rate_limit';
}

/**
 * Nothing in the 429 says what ran out: no ErrorInfo reason, no reset delay (body or headers), no QuotaFailure,
 * and no capacity/quota-reset wording beyond Google's generic "Resource has been exhausted (e.g. check quota)."
 * (the whole body in the issues above: `{"error":{"code":429,"message":"Resource has been exhausted (e.g. check
 * quota).","status":"RESOURCE_EXHAUSTED"}}`).
 */
function isBareTooManyRequests(
  error: GoogleRpcError | undefined,
  reason: string | undefined,
  lowerMessage: string,
  retryAfterMs: number | undefined,
): boolean {
  // A 429 that is not Google's RPC error (an HTML or plain-text page from something in between) stays a rate limit.
  if (error === undefined || reason !== undefined || retryAfterMs !== undefined) return false;
  if (findErrorDetail(error, 'QuotaFailure') !== undefined) return false;
  return !/capacity|will reset|per ?day|daily/.test(lowerMessage);
}

function hasDailyQuotaViolation(error: GoogleRpcError | undefined): boolean {
  if (error === undefined) return false;
  const quotaFailure = findErrorDetail(error, 'QuotaFailure');
  const violations = Array.isArray(quotaFailure?.violations) ? quotaFailure.violations : [];
  return violations.some((violation) => {
    if (!isRecord(violation)) return false;
    const quotaId = typeof violation.quotaId === 'string' ? violation.quotaId : '';
    return quotaId.includes('PerDay') || quotaId.includes('Daily');
  });
}

function isProjectProblemText(lowerMessage: string): boolean {
  if (lowerMessage.includes('has not been used in project')) return true;
  if (lowerMessage.includes('invalid project resource name')) return true;
  if (lowerMessage.includes('consumer_invalid') || lowerMessage.includes('service_disabled')) return true;
  if (/denied on resource.{0,120}?\bprojects?\b/.test(lowerMessage)) return true;
  return (
    /\bproject\b/.test(lowerMessage) &&
    /(not found|does not exist|was not found|invalid|is disabled|has been deleted|not exist)/.test(lowerMessage)
  );
}

function findValidationUrl(
  error: GoogleRpcError | undefined,
  metadata: Record<string, unknown> | undefined,
  rawMessage: string,
): string | undefined {
  const fromMetadata = [metadata?.validation_url, metadata?.validationUrl, metadata?.appeal_url, metadata?.appealUrl];
  if (error !== undefined) {
    for (const detail of error.details) {
      if (!isRecord(detail.metadata)) continue;
      fromMetadata.push(detail.metadata.validation_url, detail.metadata.validationUrl, detail.metadata.appeal_url);
    }
    const help = findErrorDetail(error, 'Help');
    if (Array.isArray(help?.links)) {
      for (const link of help.links) if (isRecord(link)) fromMetadata.push(link.url);
    }
  }
  for (const candidate of fromMetadata) {
    if (typeof candidate === 'string' && /^https:\/\//i.test(candidate)) return candidate;
  }
  const inMessage = /https:\/\/[^\s"'<>)\]]+/i.exec(rawMessage);
  return inMessage === null ? undefined : inMessage[0].replace(/[.,;:]+$/, '');
}

function formatMessage(rawMessage: string, status: number): string {
  const cleaned = redactSecrets(rawMessage.replace(/\s+/g, ' ').trim());
  return truncateReason(cleaned === '' ? `HTTP ${status}` : cleaned, MESSAGE_LIMIT_BYTES);
}
