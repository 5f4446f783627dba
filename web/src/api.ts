/**
 * Typed client for the gateway's admin API (`docs/admin-api.md`). The dashboard talks to nothing else.
 * Authentication rides on the `agt_session` cookie set by `POST /api/login`; any 401 (other than a failed login)
 * calls the handler registered with `setUnauthorizedHandler`, which sends the user back to the login form.
 * @module
 */

export type AccountState = 'active' | 'disabled' | 'proxy_disabled' | 'cooling_down' | 'quota_protected';

export interface AccountLastError {
  class: string;
  message: string;
  /** unix milliseconds */
  at: number;
}

export interface QuotaModel {
  name: string;
  percentage: number;
  reset_time?: string | null;
}

export interface AccountView {
  id: string;
  email: string;
  name?: string | null;
  state: AccountState;
  disabled: boolean;
  /** unix seconds */
  disabled_at?: number | null;
  disabled_reason?: string | null;
  proxy_disabled: boolean;
  /** unix seconds */
  proxy_disabled_at?: number | null;
  proxy_disabled_reason?: string | null;
  /** unix milliseconds */
  cooldown_until?: number | null;
  cooldown_reason?: string | null;
  /** model → unix milliseconds */
  model_cooldowns?: Record<string, number> | null;
  protected_models?: string[] | null;
  project_id?: string | null;
  last_error?: AccountLastError | null;
  requests_1h?: number;
  failures_1h?: number;
  quota?: { models?: QuotaModel[]; last_updated?: number | null; is_forbidden?: boolean | null; forbidden_reason?: string | null } | null;
  /** Requests in flight on the account now. */
  in_flight?: number;
  /** Back from a cooldown, its half-open trial request has not succeeded yet. */
  on_trial?: boolean;
  /** unix seconds */
  created_at?: number | null;
  /** unix seconds */
  last_used?: number | null;
}

export interface AccountProblem {
  file: string;
  reason: string;
}

export interface AccountList {
  accounts: AccountView[];
  problems: AccountProblem[];
  config_faults?: ConfigFault[];
}

/** A fault of agt's own configuration no account can fix, e.g. Google refusing the Antigravity client version. */
export interface ConfigFault {
  kind: string;
  /** What to do, naming the setting. */
  message: string;
  upstream_message: string;
  /** unix milliseconds */
  first_at: number;
  last_at: number;
  count: number;
}

export interface AddAccountResult {
  account: AccountView;
  created: boolean;
  reenabled: boolean;
}

export interface OAuthStart {
  url: string;
  state: string;
}

export interface OAuthStatus {
  status: 'pending' | 'done' | 'error';
  accountId?: string;
  error?: string;
  /** `WRONG_ACCOUNT`: a re-authorization signed in as someone else */
  code?: string;
}

export type AuthMode = 'off' | 'strict' | 'all_except_health' | 'auto';
export const AUTH_MODES: readonly AuthMode[] = ['off', 'strict', 'all_except_health', 'auto'];

export type SchedulingMode = 'CacheFirst' | 'Balance' | 'PerformanceFirst';
export const SCHEDULING_MODES: readonly SchedulingMode[] = ['CacheFirst', 'Balance', 'PerformanceFirst'];

export interface QuotaProtection {
  enabled: boolean;
  threshold_percentage: number;
  monitored_models: string[];
}

export interface Settings {
  port: number;
  host: string;
  allow_lan_access: boolean;
  auth_mode: AuthMode;
  effective_auth_mode: AuthMode;
  api_key: string;
  admin_password_set: boolean;
  custom_mapping: Record<string, string>;
  enable_logging: boolean;
  log_retention_days: number;
  scheduling: { mode: SchedulingMode; max_wait_seconds: number };
  preferred_account_id: string | null;
  quota_protection: QuotaProtection;
  /** minutes; 0 = off */
  quota_refresh_interval: number;
  base_url: string;
  /** The Antigravity version agt reports to Google (effective value). */
  antigravity_version: string;
  /** `env`: AGT_ANTIGRAVITY_VERSION (not editable here); `file`: saved setting; `default`: built-in. */
  antigravity_version_source: 'env' | 'file' | 'default';
  antigravity_version_default: string;
  config_faults: ConfigFault[];
}

export interface SettingsUpdate {
  auth_mode?: AuthMode;
  allow_lan_access?: boolean;
  custom_mapping?: Record<string, string>;
  enable_logging?: boolean;
  log_retention_days?: number;
  port?: number;
  admin_password?: string;
  scheduling?: { mode?: SchedulingMode; max_wait_seconds?: number };
  preferred_account_id?: string | null;
  quota_protection?: Partial<QuotaProtection>;
  quota_refresh_interval?: number;
  /** A version like `2.15.0`, or null for the built-in default. */
  antigravity_version?: string | null;
}

export type UpdatedSettings = Settings & { restart_required: boolean };

export type LogProtocol = 'openai' | 'anthropic' | 'gemini';

export interface LogSummary {
  id: string;
  /** unix milliseconds */
  timestamp: number;
  method: string;
  url: string;
  status: number;
  /** milliseconds */
  duration: number;
  model?: string | null;
  mapped_model?: string | null;
  account_email?: string | null;
  protocol?: LogProtocol | null;
  input_tokens?: number | null;
  output_tokens?: number | null;
  cached_tokens?: number | null;
  error?: string | null;
}

export interface LogDetail extends LogSummary {
  request_body?: unknown;
  response_body?: unknown;
}

export interface LogQuery {
  limit?: number;
  offset?: number;
  status?: string;
  model?: string;
  account?: string;
  protocol?: string;
  errorsOnly?: boolean;
}

export interface LogPage {
  total: number;
  items: LogSummary[];
}

/** An admin API failure: the HTTP status plus the server's `{error, code}` body when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;

  constructor(status: number, message: string, code?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

let unauthorizedHandler: (() => void) | undefined;

/** Called whenever an API call answers 401 (the session expired or was never there). */
export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  unauthorizedHandler = handler;
}

function readErrorBody(status: number, statusText: string, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    const message = typeof record.error === 'string' ? record.error : undefined;
    const code = typeof record.code === 'string' ? record.code : undefined;
    if (message !== undefined) return new ApiError(status, message, code);
  }
  return new ApiError(status, `${status} ${statusText}`.trim());
}

/**
 * Every state-changing call carries a JSON body (`{}` when the action needs none) with `content-type:
 * application/json`: the gateway's CSRF guard refuses state changes that could come from a plain HTML form.
 */
async function requestJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const sendsBody = method !== 'GET' && method !== 'HEAD';
  if (sendsBody) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: sendsBody ? JSON.stringify(body ?? {}) : undefined,
    });
  } catch (cause) {
    throw new ApiError(0, cause instanceof Error ? cause.message : String(cause));
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok) {
    const error = readErrorBody(response.status, response.statusText, parsed);
    if (response.status === 401 && path !== '/api/login') unauthorizedHandler?.();
    throw error;
  }
  return parsed as T;
}

function encodeId(id: string): string {
  return encodeURIComponent(id);
}

export function login(password: string): Promise<{ ok: boolean }> {
  return requestJson('POST', '/api/login', { password });
}

export function logout(): Promise<{ ok: boolean }> {
  return requestJson('POST', '/api/logout');
}

export function getSession(): Promise<{ authenticated: boolean }> {
  return requestJson('GET', '/api/session');
}

export async function listAccounts(): Promise<AccountList> {
  const list = await requestJson<Partial<AccountList>>('GET', '/api/accounts');
  return { accounts: list.accounts ?? [], problems: list.problems ?? [], config_faults: list.config_faults ?? [] };
}

export function addAccountByRefreshToken(refreshToken: string): Promise<AddAccountResult> {
  return requestJson('POST', '/api/accounts', { refreshToken });
}

export function toggleAccountProxy(id: string, enable: boolean, reason?: string): Promise<{ account: AccountView }> {
  const body: { enable: boolean; reason?: string } = { enable };
  if (reason !== undefined && reason !== '') body.reason = reason;
  return requestJson('POST', `/api/accounts/${encodeId(id)}/toggle-proxy`, body);
}

export function deleteAccount(id: string): Promise<{ ok: boolean }> {
  return requestJson('DELETE', `/api/accounts/${encodeId(id)}`);
}

export function refreshAccountQuota(id: string): Promise<{ account: AccountView }> {
  return requestJson('POST', `/api/accounts/${encodeId(id)}/refresh-quota`);
}

export function reloadAccounts(): Promise<{ count: number }> {
  return requestJson('POST', '/api/accounts/reload');
}

/** `loginHint`: the account being re-authorized, so Google (and the simulator) signs in as it. */
export function startOAuth(loginHint?: string): Promise<OAuthStart> {
  return requestJson('POST', '/api/accounts/oauth/start', loginHint === undefined ? {} : { loginHint });
}

export type BulkAction = 'enable' | 'disable' | 'delete' | 'refresh';

export interface BulkAnswer {
  action: BulkAction;
  succeeded: number;
  failed: number;
  results: Array<{ id: string; ok: boolean; code?: string; error?: string }>;
}

export function runBulkAction(action: BulkAction, ids: string[], reason?: string): Promise<BulkAnswer> {
  return requestJson('POST', '/api/accounts/bulk', reason === undefined ? { action, ids } : { action, ids, reason });
}

/** Antigravity Tools' export format. */
export interface ExportedAccount {
  email: string;
  refresh_token: string;
}

export function exportAccounts(ids?: string[]): Promise<ExportedAccount[]> {
  return requestJson('POST', '/api/accounts/export', ids === undefined ? {} : { ids });
}

export interface ImportAnswer {
  imported: number;
  failed: number;
  results: Array<{ email: string | null; ok: boolean; account_email?: string; created?: boolean; reenabled?: boolean; code?: string; error?: string }>;
}

export function importAccounts(entries: unknown): Promise<ImportAnswer> {
  return requestJson('POST', '/api/accounts/import', entries);
}

export interface StatsTotals {
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  avg_duration_ms: number;
}

export interface StatsBucket extends StatsTotals {
  /** unix milliseconds */
  start: number;
}

export interface StatsGroup extends StatsTotals {
  key: string;
}

export interface StatsOverview {
  from: number;
  to: number;
  bucket: 'hour' | 'day';
  backfilling: boolean;
  totals: StatsTotals;
  timeline: StatsBucket[];
  by_model: StatsGroup[];
  by_account: StatsGroup[];
  by_client_key: StatsGroup[];
  by_protocol: StatsGroup[];
}

export function getStats(query: { range: string; bucket?: 'hour' | 'day'; utcOffset?: number }): Promise<StatsOverview> {
  const params = new URLSearchParams({ range: query.range });
  if (query.bucket !== undefined) params.set('bucket', query.bucket);
  if (query.utcOffset !== undefined) params.set('utc_offset', String(query.utcOffset));
  return requestJson('GET', `/api/stats?${params.toString()}`);
}

export function getOAuthStatus(state: string): Promise<OAuthStatus> {
  return requestJson('GET', `/api/accounts/oauth/status?state=${encodeURIComponent(state)}`);
}

export function getSettings(): Promise<Settings> {
  return requestJson('GET', '/api/settings');
}

export function updateSettings(update: SettingsUpdate): Promise<UpdatedSettings> {
  return requestJson('PUT', '/api/settings', update);
}

export function regenerateApiKey(): Promise<{ api_key: string }> {
  return requestJson('POST', '/api/settings/api-key/regenerate');
}

/** Builds the query string of `GET /api/logs`, leaving out empty filters. */
export function formatLogQuery(query: LogQuery): string {
  const params = new URLSearchParams();
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.offset !== undefined) params.set('offset', String(query.offset));
  if (query.status) params.set('status', query.status);
  if (query.model) params.set('model', query.model);
  if (query.account) params.set('account', query.account);
  if (query.protocol) params.set('protocol', query.protocol);
  if (query.errorsOnly) params.set('errors_only', '1');
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export async function listLogs(query: LogQuery): Promise<LogPage> {
  const page = await requestJson<Partial<LogPage>>('GET', `/api/logs${formatLogQuery(query)}`);
  return { total: page.total ?? 0, items: page.items ?? [] };
}

export function getLog(id: string): Promise<LogDetail> {
  return requestJson('GET', `/api/logs/${encodeId(id)}`);
}

export const LOG_EXPORT_URL = '/api/logs/export';
export const EVENTS_URL = '/api/events';
