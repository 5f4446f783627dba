/**
 * The Google RPC error a Code Assist / userinfo fault answers with, shaped like the real ones
 * (reference B.3 "Error format and 429 anatomy").
 */
import type { SimulatorFault } from './simulator-fault.js';
import { buildGoogleError, type GoogleErrorReply } from './send-google-error.js';

export const SIM_VALIDATION_URL = 'https://accounts.google.com/signin/continue?sim=1';
export const UNAUTHENTICATED_MESSAGE =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid ' +
  'authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';
const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';
const HELP = 'type.googleapis.com/google.rpc.Help';
const CLOUD_CODE_DOMAIN = 'cloudcode-pa.googleapis.com';
const DEFAULT_RETRY_DELAY_SECONDS = 60;

export interface FaultErrorContext {
  model?: string;
  projectId?: string;
  nowMs: number;
}

/** Builds the error reply of a terminal Code Assist fault kind; returns undefined for kinds that are not errors. */
export function buildFaultError(fault: SimulatorFault, context: FaultErrorContext): GoogleErrorReply | undefined {
  switch (fault.kind) {
    case '400':
      return buildGoogleError(400, 'Request contains an invalid argument.');
    case '404':
      return buildGoogleError(404, 'Requested entity was not found.');
    case '429':
      return buildRateLimitError(fault, context);
    case '429-bare':
      return buildBareRateLimitError();
    case '500':
      return buildGoogleError(500, 'Internal error encountered.');
    case '503':
      return buildGoogleError(503, 'The service is currently unavailable.');
    case '401':
      return buildUnauthenticatedError();
    case '403':
      return buildGoogleError(403, 'The caller does not have permission');
    case '403-validation':
      return buildGoogleError(403, 'Verify your account to continue.', [
        {
          '@type': ERROR_INFO,
          reason: 'VALIDATION_REQUIRED',
          domain: CLOUD_CODE_DOMAIN,
          metadata: { validation_url: SIM_VALIDATION_URL, validation_error_message: 'Verify your account to continue.' },
        },
        { '@type': HELP, links: [{ description: 'Verify your account', url: SIM_VALIDATION_URL }] },
      ]);
    case '403-service-disabled':
      return buildServiceDisabledError(context.projectId ?? 'unknown-project');
    case '413':
      // The shape a Google front end answers an oversized body with (seen by Gemini CLI users:
      // https://github.com/google-gemini/gemini-cli/issues/13776).
      return buildGoogleError(413, 'Request payload size exceeds the limit: 20971520 bytes.');
    default:
      return undefined;
  }
}

/**
 * The 429 with nothing in it but Google's generic sentence: what Cloud Code answers flagged prompts with quota left
 * (router-for-me/CLIProxyAPI#4696, decolua/9router#2964, can1357/oh-my-pi#11704 quote this exact body).
 */
export function buildBareRateLimitError(): GoogleErrorReply {
  return buildGoogleError(429, 'Resource has been exhausted (e.g. check quota).');
}

export function buildUnauthenticatedError(message = UNAUTHENTICATED_MESSAGE): GoogleErrorReply {
  const reply = buildGoogleError(401, message);
  reply.headers = { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' };
  return reply;
}

export function buildProjectDeniedError(project: string): GoogleErrorReply {
  return buildGoogleError(403, `Permission denied on resource project ${project}.`, [
    {
      '@type': ERROR_INFO,
      reason: 'CONSUMER_INVALID',
      domain: 'googleapis.com',
      metadata: { service: CLOUD_CODE_DOMAIN, consumer: `projects/${project}` },
    },
  ]);
}

function buildServiceDisabledError(projectId: string): GoogleErrorReply {
  const activationUrl = `https://console.developers.google.com/apis/api/cloudaicompanion.googleapis.com/overview?project=${projectId}`;
  return buildGoogleError(
    403,
    `Cloud Code Private API has not been used in project ${projectId} before or it is disabled. Enable it by ` +
      `visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action ` +
      'to propagate to our systems and retry.',
    [
      {
        '@type': ERROR_INFO,
        reason: 'SERVICE_DISABLED',
        domain: 'googleapis.com',
        metadata: { service: CLOUD_CODE_DOMAIN, consumer: `projects/${projectId}`, activationUrl },
      },
      { '@type': HELP, links: [{ description: 'Google developers console API activation', url: activationUrl }] },
    ],
  );
}

/**
 * What a model whose quota is used up answers until its window resets: 429 QUOTA_EXHAUSTED with the time left in
 * `quotaResetDelay` (default the 5-hour window).
 */
export function buildQuotaExhaustedError(model: string, resetTime: string | undefined, nowMs: number): GoogleErrorReply {
  const resetMs = resetTime === undefined ? Number.NaN : Date.parse(resetTime);
  const seconds = Number.isFinite(resetMs) ? Math.max(1, Math.ceil((resetMs - nowMs) / 1000)) : 5 * 60 * 60;
  const fault: SimulatorFault = { id: 'quota', target: 'generate', kind: '429', reason: 'QUOTA_EXHAUSTED', retryDelaySeconds: seconds, remaining: undefined };
  return buildRateLimitError(fault, { model, nowMs });
}

function buildRateLimitError(fault: SimulatorFault, context: FaultErrorContext): GoogleErrorReply {
  const seconds = fault.retryDelaySeconds ?? DEFAULT_RETRY_DELAY_SECONDS;
  const reason = fault.reason ?? 'RATE_LIMIT_EXCEEDED';
  const delay = `${seconds}s`;
  const resetAt = new Date(context.nowMs + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const message =
    reason === 'QUOTA_EXHAUSTED'
      ? `You have exhausted your quota on this model. Your quota will reset after ${delay}.`
      : `You have exhausted your capacity on this model. Your quota will reset after ${delay}.`;
  const metadata: Record<string, string> = { uiMessage: 'true', quotaResetDelay: delay, quotaResetTimeStamp: resetAt };
  if (context.model !== undefined) metadata.model = context.model;
  return buildGoogleError(429, message, [
    { '@type': ERROR_INFO, reason, domain: CLOUD_CODE_DOMAIN, metadata },
    { '@type': RETRY_INFO, retryDelay: delay },
  ]);
}
