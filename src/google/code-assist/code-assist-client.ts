import { setTimeout as delay } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { getGlobalDispatcher } from '../undici-parts.js';
import type { z } from 'zod';
import { describeNetworkError, readNetworkErrorCode } from '../read-network-error-code.js';
import { normalizeCodeAssistBase } from '../oauth/resolve-google-endpoints.js';
import { buildAntigravityUserAgent, DEFAULT_ANTIGRAVITY_VERSION } from './antigravity-client-version.js';
import { classifyUpstreamFailure } from './classify-upstream-failure.js';
import { dispatchUpstreamRequest, type UpstreamResponseHead } from './dispatch-upstream-request.js';
import {
  fetchAvailableModelsResponseSchema,
  loadCodeAssistResponseSchema,
  onboardOperationSchema,
  quotaSummaryResponseSchema,
  readProjectId,
  type FetchAvailableModelsResponse,
  type LoadCodeAssistResponse,
  type OnboardOperation,
  type QuotaSummaryResponse,
} from './code-assist-api.js';
import { ProjectResolutionError } from './project-resolution-error.js';
import { UpstreamHttpError } from './upstream-http-error.js';
import { UnexpectedResponseError } from './unexpected-response-error.js';
import { UpstreamNetworkError } from './upstream-network-error.js';

/** A raw upstream answer whose body has NOT been read; the caller streams or reads it (and must consume it). */
export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Uint8Array> & { text(): Promise<string>; json(): Promise<unknown> };
  /** The base URL that answered. */
  endpoint: string;
}

export type CodeAssistMethod = 'generateContent' | 'streamGenerateContent' | 'countTokens';

export interface CodeAssistCallInput {
  accessToken: string;
  /** Sent as JSON (a string or bytes are sent as they are). */
  body: unknown;
  signal?: AbortSignal;
  /** Extra or overriding request headers, e.g. `x-goog-user-project`. */
  headers?: Record<string, string>;
}

export interface CodeAssistClient {
  /**
   * POST {base}/v1internal:{method}[?alt=sse] with endpoint fallback: on a network error or 408/404/5xx the next base
   * is tried (if any); anything else (including 429, 401, 403) returns at once. The body is not consumed. A network
   * error on the last base throws UpstreamNetworkError. Aborting `signal` closes the upstream request.
   */
  call(method: CodeAssistMethod, input: CodeAssistCallInput): Promise<UpstreamResponse>;
  loadCodeAssist(accessToken: string, signal?: AbortSignal): Promise<LoadCodeAssistResponse>;
  /**
   * The account's Cloud Code project: loadCodeAssist → `cloudaicompanionProject`; when absent, onboardUser with the
   * default allowed tier and poll the operation until it is done. Throws ProjectResolutionError when no project can
   * be had (never invents one); network failures surface as UpstreamNetworkError.
   */
  resolveProjectId(
    accessToken: string,
    options?: { signal?: AbortSignal; pollIntervalMs?: number; timeoutMs?: number },
  ): Promise<{ projectId: string; tier?: string }>;
  fetchAvailableModels(accessToken: string, projectId: string, signal?: AbortSignal): Promise<FetchAvailableModelsResponse>;
  /**
   * The 5-hour / weekly quota windows per model group. Often refused with 403 by the real backend
   * (lbjlaq/Antigravity-Manager#3426): callers treat that as "not available here", not as an account fault.
   */
  retrieveUserQuotaSummary(accessToken: string, projectId: string, signal?: AbortSignal): Promise<QuotaSummaryResponse>;
}

export interface CodeAssistClientOptions {
  /** Bases without `/v1internal`, tried in order. */
  baseUrls: string[];
  /** A keep-alive `Agent` or a `ProxyAgent`, owned by the caller. */
  dispatcher?: Dispatcher;
  /**
   * The Antigravity version reported in the User-Agent (default DEFAULT_ANTIGRAVITY_VERSION); a function is read on
   * every request, so a setting changed on the dashboard applies at once.
   */
  antigravityVersion?: string | (() => string);
  /** Replaces the whole User-Agent (tests); the version is then not used. */
  userAgent?: string;
  /** Time to the response headers; default 120 s. */
  headersTimeoutMs?: number;
  /** Longest silence between body chunks; default 300 s. */
  bodyTimeoutMs?: number;
}

export const DEFAULT_USER_AGENT = buildAntigravityUserAgent(DEFAULT_ANTIGRAVITY_VERSION);

/**
 * What the Antigravity binaries send, call by call (router-for-me/CLIProxyAPI `internal/auth/antigravity/auth.go`
 * and its `auth_test.go`, which pin these headers; Antigravity-Manager v4.1.24 removed `x-goog-api-client` from
 * generate calls because the app's own egress does not carry it):
 * - generate, countTokens, loadCodeAssist, fetchAvailableModels: the short User-Agent only — no `x-goog-api-client`
 *   and no `Client-Metadata` header (the client metadata travels in the loadCodeAssist body instead);
 * - onboardUser and its operation polls: the Node control-plane form, the short User-Agent followed by
 *   `google-api-nodejs-client/10.3.0`, with `x-goog-api-client: gl-node/22.21.1`.
 */
const CONTROL_PLANE_USER_AGENT_SUFFIX = 'google-api-nodejs-client/10.3.0';
const CONTROL_PLANE_API_CLIENT = 'gl-node/22.21.1';
/** loadCodeAssist's `metadata`, as Antigravity-Manager (`project_resolver.rs`) and CLIProxyAPI send it. */
const LOAD_METADATA = Object.freeze({ ideType: 'ANTIGRAVITY' });
const DEFAULT_POLL_INTERVAL_MS = 2_000;
const DEFAULT_ONBOARD_TIMEOUT_MS = 60_000;

interface SendInput {
  httpMethod: 'GET' | 'POST';
  /** Appended to `{base}/v1internal`: `:method` or `/operations/...`. */
  path: string;
  accessToken: string;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  accept?: string;
  /** onboardUser and its polls speak with the Node control-plane headers. */
  controlPlane?: boolean;
}

export function createCodeAssistClient(options: CodeAssistClientOptions): CodeAssistClient {
  const bases = options.baseUrls.map(normalizeCodeAssistBase).filter((base) => base !== '');
  if (bases.length === 0) throw new Error('createCodeAssistClient needs at least one Cloud Code base URL');
  const readVersion =
    typeof options.antigravityVersion === 'function'
      ? options.antigravityVersion
      : () => (options.antigravityVersion as string | undefined) ?? DEFAULT_ANTIGRAVITY_VERSION;
  let cachedVersion = '';
  let cachedUserAgent = '';
  function currentUserAgent(): string {
    if (options.userAgent !== undefined) return options.userAgent;
    const version = readVersion();
    if (version !== cachedVersion) {
      cachedVersion = version;
      cachedUserAgent = buildAntigravityUserAgent(version);
    }
    return cachedUserAgent;
  }
  // Each base as undici's dispatcher takes it: the origin, and the path in front of `/v1internal` (a base may have one).
  // A base that is no URL fails its requests as unreachable, as it always did, rather than the gateway's start.
  const targets = bases.map((base) => {
    const url = URL.canParse(base) ? new URL(base) : null;
    return { base, origin: url?.origin ?? null, prefix: `${url?.pathname.replace(/\/+$/, '') ?? ''}/v1internal` };
  });
  const headersTimeout = options.headersTimeoutMs ?? 120_000;
  const bodyTimeout = options.bodyTimeoutMs ?? 300_000;

  async function send(input: SendInput): Promise<UpstreamResponse> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${input.accessToken}`,
      'content-type': 'application/json',
      'user-agent': input.controlPlane === true ? `${currentUserAgent()} ${CONTROL_PLANE_USER_AGENT_SUFFIX}` : currentUserAgent(),
      accept: input.accept ?? 'application/json',
    };
    if (input.controlPlane === true) headers['x-goog-api-client'] = CONTROL_PLANE_API_CLIENT;
    for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
    const dispatcher = options.dispatcher ?? getGlobalDispatcher();
    for (let index = 0; index < targets.length; index += 1) {
      const { base, origin, prefix } = targets[index] as (typeof targets)[number];
      const isLast = index === targets.length - 1;
      let response: UpstreamResponseHead;
      try {
        if (origin === null || origin === 'null') throw new TypeError(`invalid URL: ${base}`);
        response = await dispatchUpstreamRequest(dispatcher, {
          origin,
          path: `${prefix}${input.path}`,
          method: input.httpMethod,
          headers,
          body: input.body,
          signal: input.signal,
          headersTimeout,
          bodyTimeout,
        });
      } catch (error) {
        // The caller gave up: no fallback, no wrapping.
        if (input.signal?.aborted) throw error;
        if (!isLast) continue;
        throw new UpstreamNetworkError(`Cloud Code unreachable at ${base}: ${describeNetworkError(error)}`, {
          code: readNetworkErrorCode(error),
          endpoint: base,
          cause: error,
        });
      }
      if (!isLast && shouldTryNextBase(response.statusCode)) {
        await response.body.dump().catch(() => undefined);
        continue;
      }
      return { status: response.statusCode, headers: response.headers, body: response.body, endpoint: base };
    }
    // Unreachable: the last base either returns or throws above.
    throw new UpstreamNetworkError('no Cloud Code base URL left to try');
  }

  async function sendJson<Schema extends z.ZodType>(
    method: string,
    schema: Schema,
    input: SendInput,
  ): Promise<z.infer<Schema>> {
    const response = await send(input);
    const text = await response.body.text();
    if (response.status < 200 || response.status >= 300) {
      throw new UpstreamHttpError(method, classifyUpstreamFailure(response.status, response.headers, text), response.endpoint);
    }
    let json: unknown;
    try {
      json = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new UnexpectedResponseError(`${method} returned a body that is not JSON (HTTP ${response.status})`, response.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? '' : ` at ${issue.path.join('.') || '(root)'}: ${issue.message}`;
      throw new UnexpectedResponseError(`${method} returned an unexpected body${where}`, response.status);
    }
    return parsed.data;
  }

  function postMethod<Schema extends z.ZodType>(
    method: string,
    schema: Schema,
    accessToken: string,
    body: unknown,
    signal: AbortSignal | undefined,
    controlPlane = false,
  ): Promise<z.infer<Schema>> {
    return sendJson(method, schema, { httpMethod: 'POST', path: `:${method}`, accessToken, body: JSON.stringify(body), signal, controlPlane });
  }

  function loadCodeAssist(accessToken: string, signal?: AbortSignal): Promise<LoadCodeAssistResponse> {
    return postMethod('loadCodeAssist', loadCodeAssistResponseSchema, accessToken, { metadata: LOAD_METADATA }, signal);
  }

  async function resolveProjectId(
    accessToken: string,
    resolveOptions: { signal?: AbortSignal; pollIntervalMs?: number; timeoutMs?: number } = {},
  ): Promise<{ projectId: string; tier?: string }> {
    const { signal } = resolveOptions;
    const pollIntervalMs = resolveOptions.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    const deadline = Date.now() + (resolveOptions.timeoutMs ?? DEFAULT_ONBOARD_TIMEOUT_MS);

    const load = await withResolutionError('loadCodeAssist', () => loadCodeAssist(accessToken, signal));
    const existingProject = readProjectId(load.cloudaicompanionProject);
    const currentTier = load.paidTier?.id ?? load.currentTier?.id ?? undefined;
    if (existingProject !== undefined) return withTier({ projectId: existingProject }, currentTier);

    const allowedTiers = load.allowedTiers ?? [];
    const ineligibleTiers = load.ineligibleTiers ?? [];
    if (allowedTiers.length === 0 && ineligibleTiers.length > 0) {
      const reasons = ineligibleTiers
        .map((tier) => tier.reasonMessage ?? tier.validationErrorMessage ?? tier.reasonCode ?? 'ineligible')
        .join('; ');
      const validationUrl = ineligibleTiers.find((tier) => tier.validationUrl)?.validationUrl ?? undefined;
      throw new ProjectResolutionError(`Google reports this account as not eligible for Cloud Code Assist: ${reasons}`, {
        validationUrl,
      });
    }

    // Free tier: no project in the body (a project there makes Google answer "Precondition Failed"). Other tiers
    // would take the user's own project, which agt does not have, so the body is the same.
    const tierId = allowedTiers.find((tier) => tier.isDefault === true)?.id ?? 'legacy-tier';
    // The control-plane metadata names the IDE and its version (CLIProxyAPI `antigravityControlPlaneMetadata`).
    const onboardBody = { tierId, metadata: { ideType: 'ANTIGRAVITY', ideVersion: readVersion(), ideName: 'antigravity' } };
    const onboard = (): Promise<OnboardOperation> =>
      withResolutionError('onboardUser', () => postMethod('onboardUser', onboardOperationSchema, accessToken, onboardBody, signal, true));

    let operation = await onboard();
    while (operation.done !== true) {
      if (Date.now() + pollIntervalMs > deadline) {
        throw new ProjectResolutionError(
          `Cloud Code onboarding to ${tierId} did not finish in time; try again later`,
        );
      }
      await delay(pollIntervalMs, undefined, signal === undefined ? undefined : { signal });
      const operationName = operation.name?.replace(/^\/+/, '');
      operation = operationName
        ? await withResolutionError('onboarding operation', () =>
            sendJson('getOperation', onboardOperationSchema, {
              httpMethod: 'GET',
              path: `/${operationName}`,
              accessToken,
              signal,
              controlPlane: true,
            }),
          )
        : await onboard();
    }
    if (operation.error) {
      throw new ProjectResolutionError(
        `Cloud Code onboarding to ${tierId} failed: ${operation.error.message ?? `code ${operation.error.code ?? 'unknown'}`}`,
      );
    }
    const projectId = readProjectId(operation.response?.cloudaicompanionProject);
    if (projectId === undefined) {
      throw new ProjectResolutionError(
        `Cloud Code onboarding to ${tierId} finished without a project; this account needs a Google Cloud project ` +
          'with Gemini for Google Cloud enabled',
      );
    }
    return { projectId, tier: tierId };
  }

  return {
    call(method, input) {
      const isStream = method === 'streamGenerateContent';
      return send({
        httpMethod: 'POST',
        path: `:${method}${isStream ? '?alt=sse' : ''}`,
        accessToken: input.accessToken,
        body: typeof input.body === 'string' || input.body instanceof Uint8Array ? input.body : JSON.stringify(input.body),
        signal: input.signal,
        headers: input.headers,
        accept: isStream ? 'text/event-stream' : 'application/json',
      });
    },
    loadCodeAssist,
    resolveProjectId,
    fetchAvailableModels(accessToken, projectId, signal) {
      return postMethod('fetchAvailableModels', fetchAvailableModelsResponseSchema, accessToken, { project: projectId }, signal);
    },
    retrieveUserQuotaSummary(accessToken, projectId, signal) {
      return postMethod('retrieveUserQuotaSummary', quotaSummaryResponseSchema, accessToken, { project: projectId }, signal);
    },
  };
}

/** 408, 404 and 5xx may be one base's problem; everything else is the same answer everywhere. */
export function shouldTryNextBase(status: number): boolean {
  return status === 408 || status === 404 || status >= 500;
}

function withTier(result: { projectId: string }, tier: string | undefined): { projectId: string; tier?: string } {
  return tier === undefined ? result : { ...result, tier };
}

/** HTTP failures become ProjectResolutionError (with the classified failure); network errors and aborts pass through. */
async function withResolutionError<T>(step: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof UpstreamHttpError) {
      throw new ProjectResolutionError(`Cloud Code project lookup failed at ${step}: ${error.message}`, {
        failure: error.failure,
        cause: error,
      });
    }
    if (error instanceof UpstreamNetworkError || error instanceof ProjectResolutionError) throw error;
    if (error instanceof UnexpectedResponseError) {
      throw new ProjectResolutionError(`Cloud Code project lookup failed at ${step}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
