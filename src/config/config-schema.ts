import { z } from 'zod';

export const AUTH_MODES = ['off', 'strict', 'all_except_health', 'auto'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** `proxy.scheduling.mode`, PascalCase as the desktop app writes it (`proxy/sticky_config.rs`). */
export const SCHEDULING_MODES = ['CacheFirst', 'Balance', 'PerformanceFirst'] as const;
export type SchedulingMode = (typeof SCHEDULING_MODES)[number];

/** Reads a mode case- and separator-insensitively (`cache_first`, `cachefirst` → `CacheFirst`); forks write snake_case. */
export function parseSchedulingMode(value: unknown): SchedulingMode | undefined {
  if (typeof value !== 'string') return undefined;
  const folded = value.replace(/[-_\s]/g, '').toLowerCase();
  return SCHEDULING_MODES.find((mode) => mode.toLowerCase() === folded);
}

const schedulingModeSchema = z.preprocess((value) => parseSchedulingMode(value) ?? value, z.enum(SCHEDULING_MODES));

const quotaProtectionFileSchema = z.looseObject({
  enabled: z.boolean().optional(),
  threshold_percentage: z.number().int().min(1).max(99).optional(),
  monitored_models: z.array(z.string()).optional(),
});

/**
 * The `proxy` section of `gui_config.json`, as the desktop app writes it. Only the keys agt reads are
 * validated; the rest of the file is kept untouched on every save.
 */
export const proxyFileSectionSchema = z.looseObject({
  port: z.number().int().min(1).max(65535).optional(),
  allow_lan_access: z.boolean().optional(),
  auth_mode: z.enum(AUTH_MODES).optional(),
  api_key: z.string().optional(),
  admin_password: z.string().nullish(),
  custom_mapping: z.record(z.string(), z.string()).optional(),
  enable_logging: z.boolean().optional(),
  log_retention_days: z.number().int().min(0).max(3650).optional(),
  request_timeout: z.number().int().min(1).optional(),
  upstream_proxy: z.looseObject({ enabled: z.boolean().optional(), url: z.string().optional() }).optional(),
  scheduling: z
    .looseObject({ mode: schedulingModeSchema.optional(), max_wait_seconds: z.number().int().min(0).max(86_400).optional() })
    .optional(),
  preferred_account_id: z.string().nullish(),
  /** Read only when the top-level `quota_protection` (where the desktop app keeps it) is absent. */
  quota_protection: quotaProtectionFileSchema.optional(),
  /**
   * agt's own key (Antigravity Tools has only `user_agent_override`, a whole User-Agent, which agt does not read):
   * the Antigravity version reported to Cloud Code. A string so that a bad value is reported, not a broken file.
   */
  antigravity_version: z.string().nullish(),
});

export type ProxyFileSection = z.infer<typeof proxyFileSectionSchema>;

/**
 * The top-level keys of `gui_config.json` that agt reads besides `proxy`. The desktop app keeps these outside the
 * proxy section (`models/config.rs` `AppConfig`): `quota_protection`, and the quota auto-refresh as
 * `auto_refresh` + `refresh_interval` (minutes).
 */
export const guiConfigTopLevelSchema = z.looseObject({
  quota_protection: quotaProtectionFileSchema.optional(),
  auto_refresh: z.boolean().optional(),
  refresh_interval: z.number().int().min(0).max(10_080).optional(),
});

export type GuiConfigTopLevel = z.infer<typeof guiConfigTopLevelSchema>;

export interface SchedulingSettings {
  mode: SchedulingMode;
  /** CacheFirst waits this long for a briefly rate-limited bound account before moving the conversation. */
  maxWaitSeconds: number;
}

export interface QuotaProtectionSettings {
  enabled: boolean;
  /** An account whose remaining quota for a monitored model is below this (1-99 %) is skipped for that model. */
  thresholdPercentage: number;
  /** Upstream model names or family prefixes (`claude`). */
  monitoredModels: string[];
}

export interface GatewaySettings {
  port: number;
  allowLanAccess: boolean;
  apiKey: string;
  adminPassword: string | null;
  authMode: AuthMode;
  customMapping: Record<string, string>;
  enableLogging: boolean;
  logRetentionDays: number;
  /** Total deadline for one client request, all attempts included. */
  requestTimeoutSeconds: number;
  upstreamProxy: string | null;
  scheduling: SchedulingSettings;
  /** Fixed-account mode: every request goes to this account while it can serve. */
  preferredAccountId: string | null;
  quotaProtection: QuotaProtectionSettings;
  /** Background quota refresh period in minutes; 0 turns it off. */
  quotaRefreshIntervalMinutes: number;
  /** The Antigravity client version sent upstream; null means the built-in default. */
  antigravityVersion: string | null;
  /** Where `antigravityVersion` came from: `AGT_ANTIGRAVITY_VERSION` wins over the file and cannot be edited live. */
  antigravityVersionSource: 'env' | 'file' | 'default';
}

export const DEFAULT_SETTINGS: Omit<GatewaySettings, 'apiKey'> = {
  port: 8045,
  allowLanAccess: false,
  adminPassword: null,
  authMode: 'auto',
  customMapping: {},
  enableLogging: true,
  logRetentionDays: 30,
  requestTimeoutSeconds: 600,
  upstreamProxy: null,
  scheduling: { mode: 'Balance', maxWaitSeconds: 60 },
  preferredAccountId: null,
  // The desktop app's defaults (`models/config.rs`).
  quotaProtection: {
    enabled: false,
    thresholdPercentage: 10,
    monitoredModels: ['claude', 'gemini-3-pro-high', 'gemini-3-flash', 'gemini-3.1-flash-image'],
  },
  quotaRefreshIntervalMinutes: 10,
  antigravityVersion: null,
  antigravityVersionSource: 'default',
};

/** `auto` means off on loopback and all_except_health when the gateway listens on the LAN. */
export function resolveEffectiveAuthMode(mode: AuthMode, allowLanAccess: boolean): Exclude<AuthMode, 'auto'> {
  if (mode !== 'auto') return mode;
  return allowLanAccess ? 'all_except_health' : 'off';
}

export function bindHostFor(allowLanAccess: boolean): string {
  return allowLanAccess ? '0.0.0.0' : '127.0.0.1';
}
