/**
 * Everything the simulated Google remembers, in memory: accounts, tokens, authorization codes, onboarding
 * operations, faults, settings and counters. The control API under `/_sim/` and in-process tests drive the
 * same methods.
 */
import { createHash, randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../shared/clock.js';
import { computeCachedTokens, type PromptSegment } from './compute-cached-tokens.js';
import { buildSimulatedCatalogue, DEFAULT_CATALOGUE, type SimulatedCatalogue, type SimulatedModelInput } from './simulated-models.js';
import { SimulatorCounters, type CounterName, type SimulatorCountersSnapshot } from './simulator-counters.js';
import {
  isFaultApplicable,
  isModifierFault,
  parseSimulatorFault,
  type SimulatorEndpoint,
  type SimulatorFault,
  type SimulatorFaultInput,
} from './simulator-fault.js';

export const DEFAULT_SIM_CLIENT_ID = '1071006060591-tmhssin2h21lcre235vtolojh4g403ep.apps.googleusercontent.com';
/**
 * The Antigravity desktop client's public installed-app secret (the pair every peer ships, see
 * src/google/oauth/google-oauth-constants.ts). The simulated token endpoint checks it by default, so a test fails
 * when agt presents anything but the configured client.
 */
export const DEFAULT_SIM_CLIENT_SECRET = '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';

/**
 * How the simulated backend refuses an outdated client version (src/simulator/check-client-version.ts): `503`, a
 * `404` as for newer models, or a `completion` — a 200 whose whole answer is the refusal sentence.
 */
export const CLIENT_VERSION_REFUSALS = ['503', '404', 'completion'] as const;
export type ClientVersionRefusal = (typeof CLIENT_VERSION_REFUSALS)[number];
export const DEFAULT_SIM_SCOPE = [
  'https://www.googleapis.com/auth/cloud-platform',
  'https://www.googleapis.com/auth/userinfo.email',
  'https://www.googleapis.com/auth/userinfo.profile',
  'https://www.googleapis.com/auth/cclog',
  'https://www.googleapis.com/auth/experimentsandconfigs',
].join(' ');

export interface SimulatorSettings {
  chunkDelayMs: number;
  accessTokenTtlSeconds: number;
  /** Generate requests whose Antigravity User-Agent reports a lower version are refused (default 2.9.0). */
  minClientVersion: string;
  /** How that refusal looks (default `503`). */
  clientVersionRefusal: ClientVersionRefusal;
  /**
   * When the simulated model calls a tool on its own: `first-offered` (default) calls the first declared function
   * unless the text says "no tools"; `on-request` calls one only when the text says `call the tool <name> with {…}`,
   * so the background requests of real clients (titles, memory, sub-agents) get text, as the client suite needs.
   */
  toolCalls: ToolCallMode;
}

export type ToolCallMode = 'first-offered' | 'on-request';

export interface SimulatorStateOptions extends Partial<SimulatorSettings> {
  clientId?: string;
  /** The secret the token endpoint requires (default DEFAULT_SIM_CLIENT_SECRET); null accepts any secret. */
  clientSecret?: string | null;
  clock?: Clock;
}

export interface CreateAccountInput {
  email: string;
  name?: string;
  projectId?: string;
  /** Default true; false leaves the account without a project until it is onboarded. */
  onboarded?: boolean;
  /** Tier id reported by loadCodeAssist (default `free-tier`). */
  tier?: string;
  /** The OAuth client the refresh token is bound to (default: the simulator's client). */
  clientId?: string;
  /** The account's model catalogue (default: DEFAULT_CATALOGUE, what the backend serves today). */
  models?: readonly SimulatedModelInput[];
  /** Its `deprecatedModelIds` when `models` is given (default none). */
  deprecatedModelIds?: Record<string, string>;
}

export interface CreatedAccount {
  email: string;
  refreshToken: string;
  projectId: string;
}

export interface SimulatedAccount {
  email: string;
  name: string;
  googleId: string;
  projectId: string;
  onboarded: boolean;
  tier: string;
  /**
   * What fetchAvailableModels and retrieveUserQuotaSummary report, per model (`byModel`, else `remainingFraction`).
   * Each generate request served spends `costPerRequest` of the model's fraction (0 = unlimited, the default); at 0
   * the model answers 429 QUOTA_EXHAUSTED until `resetTime`, when every model is full again.
   */
  quota: { remainingFraction: number; byModel: Map<string, number>; resetTime?: string; costPerRequest: number };
  /** What fetchAvailableModels lists and generate accepts for this account. */
  catalogue: SimulatedCatalogue;
}

export interface RefreshTokenRecord {
  email: string;
  clientId: string;
  scope: string;
  revoked: boolean;
}

export interface AuthorizationCodeRecord {
  email: string;
  clientId: string;
  redirectUri: string;
  codeChallenge?: string;
  codeChallengeMethod: 'S256' | 'plain';
  scope: string;
  used: boolean;
}

export interface OnboardOperation {
  name: string;
  email: string;
  polls: number;
}

export interface FaultMatch {
  email?: string;
  model?: string;
  stream?: boolean;
}

export interface TakenFaults {
  delayMs: number;
  chunkDelayMs?: number;
  rotateRefreshToken: boolean;
  /** The fault that answers the request, if any. */
  terminal?: SimulatorFault;
}

interface AccessTokenRecord {
  email: string;
  expiresAtMs: number;
}

/**
 * The newer models answer clients below 2.9.0 with a refusal (router-for-me/CLIProxyAPI a834917e, August 2026);
 * the simulator applies that floor to every model.
 */
export const DEFAULT_MIN_CLIENT_VERSION = '2.9.0';
/** Sessions the simulated prompt cache keeps; a test never comes near it, a benchmark stays bounded. */
const PROMPT_CACHE_SESSIONS = 1000;

const NO_FAULTS: TakenFaults = Object.freeze({ delayMs: 0, rotateRefreshToken: false });

export class SimulatorState {
  readonly clock: Clock;
  readonly settings: SimulatorSettings;
  private readonly initialSettings: SimulatorSettings;
  private readonly defaultClientId: string;
  private readonly clientSecrets = new Map<string, string | undefined>();
  private readonly accounts = new Map<string, SimulatedAccount>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly accessTokensByEmail = new Map<string, Set<string>>();
  private readonly codes = new Map<string, AuthorizationCodeRecord>();
  private readonly operations = new Map<string, OnboardOperation>();
  private faults: SimulatorFault[] = [];
  private readonly counts = new SimulatorCounters();
  private lastCreatedKey: string | undefined;
  private consentKey: string | undefined;
  private nextFaultId = 1;
  /** The last prompt of each session, per account: `email\nsessionId` → segments (oldest evicted first). */
  private readonly promptCache = new Map<string, PromptSegment[]>();

  constructor(options: SimulatorStateOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.defaultClientId = options.clientId ?? DEFAULT_SIM_CLIENT_ID;
    this.clientSecrets.set(this.defaultClientId, options.clientSecret === null ? undefined : (options.clientSecret ?? DEFAULT_SIM_CLIENT_SECRET));
    this.initialSettings = {
      chunkDelayMs: options.chunkDelayMs ?? 0,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3599,
      minClientVersion: options.minClientVersion ?? DEFAULT_MIN_CLIENT_VERSION,
      clientVersionRefusal: options.clientVersionRefusal ?? '503',
      toolCalls: options.toolCalls ?? 'first-offered',
    };
    this.settings = { ...this.initialSettings };
  }

  // ---- accounts -------------------------------------------------------------------------------------------

  createAccount(input: CreateAccountInput): CreatedAccount {
    const email = input.email.trim();
    if (!email.includes('@')) throw new Error('email must look like an email address');
    const key = email.toLowerCase();
    let account = this.accounts.get(key);
    if (account === undefined) {
      const hash = createHash('sha256').update(key).digest('hex');
      account = {
        email,
        name: input.name ?? nameFromEmail(email),
        googleId: `1${BigInt(`0x${hash.slice(0, 16)}`).toString().padStart(20, '0')}`,
        projectId: input.projectId ?? `sim-project-${hash.slice(0, 10)}`,
        onboarded: input.onboarded ?? true,
        tier: input.tier ?? 'free-tier',
        quota: { remainingFraction: 1, byModel: new Map(), costPerRequest: 0 },
        catalogue: DEFAULT_CATALOGUE,
      };
      this.accounts.set(key, account);
    } else {
      if (input.name !== undefined) account.name = input.name;
      if (input.projectId !== undefined) account.projectId = input.projectId;
      if (input.onboarded !== undefined) account.onboarded = input.onboarded;
      if (input.tier !== undefined) account.tier = input.tier;
    }
    if (input.models !== undefined) account.catalogue = buildSimulatedCatalogue(input.models, input.deprecatedModelIds);
    this.lastCreatedKey = key;
    if (input.clientId !== undefined && !this.clientSecrets.has(input.clientId)) {
      this.clientSecrets.set(input.clientId, undefined);
    }
    const refreshToken = this.issueRefreshToken(email, input.clientId);
    return { email: account.email, refreshToken, projectId: account.projectId };
  }

  findAccount(email: string): SimulatedAccount | undefined {
    return this.accounts.get(email.trim().toLowerCase());
  }

  listAccounts(): SimulatedAccount[] {
    return [...this.accounts.values()];
  }

  /** Invalidates every refresh and access token of the account (the user revoked agt's access). */
  revoke(email: string): void {
    const account = this.requireAccount(email);
    for (const record of this.refreshTokens.values()) {
      if (record.email === account.email) record.revoked = true;
    }
    this.expireAccessTokens(email);
  }

  /** A new valid refresh token for the account, as if the user authorised again. */
  issueRefreshToken(email: string, clientId?: string, scope = DEFAULT_SIM_SCOPE): string {
    const account = this.requireAccount(email);
    const token = `sim-rt-${randomToken()}`;
    this.refreshTokens.set(token, {
      email: account.email,
      clientId: clientId ?? this.defaultClientId,
      scope,
      revoked: false,
    });
    return token;
  }

  /** Makes the account's current access tokens fail upstream with 401; refreshing still works. */
  expireAccessTokens(email: string): void {
    const account = this.requireAccount(email);
    const tokens = this.accessTokensByEmail.get(account.email);
    if (tokens === undefined) return;
    for (const token of tokens) this.accessTokens.delete(token);
    tokens.clear();
  }

  setConsentAccount(email: string): void {
    this.consentKey = this.requireAccount(email).email.toLowerCase();
  }

  /** Who consents on the authorize page: the login hint, else the chosen consent account, else the newest. */
  pickConsentAccount(loginHint: string | undefined): SimulatedAccount | undefined {
    const hinted = loginHint === undefined ? undefined : this.findAccount(loginHint);
    if (hinted !== undefined) return hinted;
    const chosen = this.consentKey === undefined ? undefined : this.accounts.get(this.consentKey);
    if (chosen !== undefined) return chosen;
    return this.lastCreatedKey === undefined ? undefined : this.accounts.get(this.lastCreatedKey);
  }

  setQuota(email: string, quota: { remainingFraction?: number; model?: string; resetTime?: string; costPerRequest?: number }): void {
    const account = this.requireAccount(email);
    if (quota.remainingFraction !== undefined) {
      if (quota.model === undefined) {
        account.quota.remainingFraction = quota.remainingFraction;
        account.quota.byModel.clear();
      } else {
        account.quota.byModel.set(quota.model, quota.remainingFraction);
      }
    }
    if (quota.resetTime !== undefined) account.quota.resetTime = quota.resetTime;
    if (quota.costPerRequest !== undefined) account.quota.costPerRequest = quota.costPerRequest;
  }

  /**
   * Brings the account's quota up to date: a `resetTime` set by a test that has passed refills every model, as the
   * real quota window does. Call before reading `account.quota`.
   */
  settleQuota(account: SimulatedAccount): SimulatedAccount['quota'] {
    const { quota } = account;
    if (quota.resetTime !== undefined && Date.parse(quota.resetTime) <= this.clock.now()) {
      quota.resetTime = undefined;
      quota.remainingFraction = 1;
      quota.byModel.clear();
    }
    return quota;
  }

  /** The model's remaining fraction now (0…1). */
  remainingFraction(account: SimulatedAccount, modelId: string): number {
    const quota = this.settleQuota(account);
    return quota.byModel.get(modelId) ?? quota.remainingFraction;
  }

  /** One served request's cost, taken from the model's fraction (nothing when `costPerRequest` is 0). */
  spendQuota(account: SimulatedAccount, modelId: string): void {
    const cost = account.quota.costPerRequest;
    if (cost <= 0) return;
    // Rounded to whole millionths so a test's arithmetic (1 - 3 × 0.3) lands where it expects.
    const left = Math.round(Math.max(0, this.remainingFraction(account, modelId) - cost) * 1e6) / 1e6;
    account.quota.byModel.set(modelId, left);
  }

  /**
   * Replaces the account's model catalogue at run time (a model retired or added upstream); without `models` the
   * account gets the default catalogue back. Throws on an unknown model id given as a plain string.
   */
  setCatalogue(email: string, models?: readonly SimulatedModelInput[], deprecatedModelIds?: Record<string, string>): SimulatedCatalogue {
    const account = this.requireAccount(email);
    account.catalogue = models === undefined ? DEFAULT_CATALOGUE : buildSimulatedCatalogue(models, deprecatedModelIds);
    return account.catalogue;
  }

  markOnboarded(account: SimulatedAccount): void {
    account.onboarded = true;
  }

  // ---- OAuth clients and tokens ---------------------------------------------------------------------------

  isKnownClient(clientId: string): boolean {
    return this.clientSecrets.has(clientId);
  }

  /** The secret a client must present, or undefined when the simulator does not check it. */
  clientSecretFor(clientId: string): string | undefined {
    return this.clientSecrets.get(clientId);
  }

  findRefreshToken(token: string): RefreshTokenRecord | undefined {
    return this.refreshTokens.get(token);
  }

  /** Replaces a refresh token by a new one; the old one stops working. */
  rotateRefreshToken(token: string): string {
    const record = this.refreshTokens.get(token);
    if (record === undefined) throw new Error('unknown refresh token');
    record.revoked = true;
    const next = `sim-rt-${randomToken()}`;
    this.refreshTokens.set(next, { ...record, revoked: false });
    return next;
  }

  issueAccessToken(email: string): { accessToken: string; expiresIn: number } {
    const account = this.requireAccount(email);
    const accessToken = `sim-at-${randomToken()}`;
    const expiresIn = this.settings.accessTokenTtlSeconds;
    this.accessTokens.set(accessToken, { email: account.email, expiresAtMs: this.clock.now() + expiresIn * 1000 });
    let tokens = this.accessTokensByEmail.get(account.email);
    if (tokens === undefined) {
      tokens = new Set();
      this.accessTokensByEmail.set(account.email, tokens);
    }
    tokens.add(accessToken);
    return { accessToken, expiresIn };
  }

  /** The account a live access token belongs to; expired tokens are forgotten on the way. */
  findAccountByAccessToken(token: string): SimulatedAccount | undefined {
    const record = this.accessTokens.get(token);
    if (record === undefined) return undefined;
    if (record.expiresAtMs <= this.clock.now()) {
      this.accessTokens.delete(token);
      this.accessTokensByEmail.get(record.email)?.delete(token);
      return undefined;
    }
    return this.findAccount(record.email);
  }

  createAuthorizationCode(record: Omit<AuthorizationCodeRecord, 'used'>): string {
    const code = `sim-code-${randomToken()}`;
    this.codes.set(code, { ...record, used: false });
    return code;
  }

  findAuthorizationCode(code: string): AuthorizationCodeRecord | undefined {
    return this.codes.get(code);
  }

  // ---- onboarding -----------------------------------------------------------------------------------------

  startOnboarding(account: SimulatedAccount): OnboardOperation {
    const operation = { name: `operations/sim-onboard-${randomToken().slice(0, 12)}`, email: account.email, polls: 0 };
    this.operations.set(operation.name, operation);
    return operation;
  }

  findOperation(name: string): OnboardOperation | undefined {
    return this.operations.get(name);
  }

  // ---- faults ---------------------------------------------------------------------------------------------

  /** Adds a fault (validated like a control-API body; throws on an unknown kind or target). */
  addFault(input: SimulatorFaultInput): string {
    const fault = parseSimulatorFault(input);
    const id = `fault-${this.nextFaultId++}`;
    this.faults.push({ ...fault, id, remaining: fault.count });
    return id;
  }

  clearFaults(): void {
    this.faults = [];
  }

  listFaults(): SimulatorFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /**
   * Consumes the faults that apply to one request: modifiers (latency, slow stream, token rotation) in order,
   * up to the first fault that answers the request itself.
   */
  takeFaults(endpoint: SimulatorEndpoint, match: FaultMatch): TakenFaults {
    if (this.faults.length === 0) return NO_FAULTS;
    const taken: TakenFaults = { delayMs: 0, rotateRefreshToken: false };
    const email = match.email?.toLowerCase();
    for (const fault of this.faults) {
      if (fault.target !== 'any' && fault.target !== endpoint) continue;
      if (fault.email !== undefined && fault.email.toLowerCase() !== email) continue;
      if (fault.model !== undefined && fault.model !== match.model) continue;
      if (!isFaultApplicable(fault.kind, endpoint, match.stream === true)) continue;
      if (fault.remaining !== undefined) fault.remaining -= 1;
      if (!isModifierFault(fault.kind)) {
        taken.terminal = fault;
        break;
      }
      if (fault.kind === 'latency') taken.delayMs += fault.delayMs ?? 0;
      else if (fault.kind === 'slow-stream') taken.chunkDelayMs = fault.delayMs ?? 0;
      else taken.rotateRefreshToken = true;
    }
    this.faults = this.faults.filter((fault) => fault.remaining === undefined || fault.remaining > 0);
    return taken;
  }

  // ---- settings and counters ------------------------------------------------------------------------------

  updateSettings(settings: Partial<SimulatorSettings>): SimulatorSettings {
    if (settings.chunkDelayMs !== undefined) this.settings.chunkDelayMs = settings.chunkDelayMs;
    if (settings.accessTokenTtlSeconds !== undefined) {
      this.settings.accessTokenTtlSeconds = settings.accessTokenTtlSeconds;
    }
    if (settings.minClientVersion !== undefined) this.settings.minClientVersion = settings.minClientVersion;
    if (settings.clientVersionRefusal !== undefined) this.settings.clientVersionRefusal = settings.clientVersionRefusal;
    if (settings.toolCalls !== undefined) this.settings.toolCalls = settings.toolCalls;
    return { ...this.settings };
  }

  count(name: CounterName, email: string): void {
    this.counts.increment(name, email);
  }

  countRequest(): void {
    this.counts.requests += 1;
  }

  counters(): SimulatorCountersSnapshot {
    return this.counts.snapshot();
  }

  /** Forgets everything: accounts, tokens, codes, operations, faults, counters; settings return to the options. */
  /**
   * The simulated prompt cache: remembers this prompt for the account's session and answers how many of its
   * tokens the previous prompt of that session already held. Requests without a session cache nothing.
   */
  takeCachedTokens(email: string, sessionId: unknown, segments: PromptSegment[]): number {
    if (typeof sessionId !== 'string' || sessionId === '') return 0;
    const key = `${email}\n${sessionId}`;
    const cached = computeCachedTokens(this.promptCache.get(key), segments);
    this.promptCache.delete(key);
    this.promptCache.set(key, segments);
    if (this.promptCache.size > PROMPT_CACHE_SESSIONS) this.promptCache.delete(this.promptCache.keys().next().value as string);
    return cached;
  }

  reset(): void {
    this.accounts.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
    this.accessTokensByEmail.clear();
    this.codes.clear();
    this.operations.clear();
    this.faults = [];
    this.promptCache.clear();
    this.counts.reset();
    this.lastCreatedKey = undefined;
    this.consentKey = undefined;
    for (const clientId of [...this.clientSecrets.keys()]) {
      if (clientId !== this.defaultClientId) this.clientSecrets.delete(clientId);
    }
    Object.assign(this.settings, this.initialSettings);
  }

  private requireAccount(email: string): SimulatedAccount {
    const account = this.findAccount(email);
    if (account === undefined) throw new UnknownAccountError(email);
    return account;
  }
}

export class UnknownAccountError extends Error {
  constructor(email: string) {
    super(`no simulated account ${email}`);
    this.name = 'UnknownAccountError';
  }
}

function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

function nameFromEmail(email: string): string {
  const local = email.slice(0, email.indexOf('@'));
  const words = local.split(/[._+-]+/).filter((word) => word !== '');
  if (words.length === 0) return 'Simulated User';
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
}
