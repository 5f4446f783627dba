import { DEFAULT_SETTINGS, type AuthMode, type GatewaySettings, type QuotaProtectionSettings, type SchedulingSettings } from './config-schema.js';

/** A change to the settings, in agt's names; every field is optional and nested objects may be partial. */
export interface SettingsPatch {
  authMode?: AuthMode;
  allowLanAccess?: boolean;
  customMapping?: Record<string, string>;
  enableLogging?: boolean;
  logRetentionDays?: number;
  port?: number;
  adminPassword?: string | null;
  apiKey?: string;
  scheduling?: Partial<SchedulingSettings>;
  /** `null` turns fixed-account mode off. */
  preferredAccountId?: string | null;
  quotaProtection?: Partial<QuotaProtectionSettings>;
  quotaRefreshIntervalMinutes?: number;
  /** A version like `2.15.0`, or null to go back to the built-in default. */
  antigravityVersion?: string | null;
}

function objectAt(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = parent[key];
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  parent[key] = object;
  return object;
}

/**
 * Writes `patch` into a parsed `gui_config.json` in the desktop app's names and places: most keys in `proxy`,
 * `quota_protection` and the quota refresh (`auto_refresh` + `refresh_interval`) at the top level. Only the fields
 * the patch names change; unknown keys, and unknown fields inside `scheduling` / `quota_protection`, are kept.
 */
export function applySettingsPatchToDocument(document: Record<string, unknown>, patch: SettingsPatch): void {
  const proxy = objectAt(document, 'proxy');
  if (patch.authMode !== undefined) proxy.auth_mode = patch.authMode;
  if (patch.allowLanAccess !== undefined) proxy.allow_lan_access = patch.allowLanAccess;
  if (patch.customMapping !== undefined) proxy.custom_mapping = patch.customMapping;
  if (patch.enableLogging !== undefined) proxy.enable_logging = patch.enableLogging;
  if (patch.logRetentionDays !== undefined) proxy.log_retention_days = patch.logRetentionDays;
  if (patch.port !== undefined) proxy.port = patch.port;
  if (patch.adminPassword !== undefined) proxy.admin_password = patch.adminPassword;
  if (patch.apiKey !== undefined) proxy.api_key = patch.apiKey;
  // Objects are written whole (missing fields from the defaults): the desktop app's parser requires some of them.
  if (patch.scheduling !== undefined) {
    const scheduling = objectAt(proxy, 'scheduling');
    scheduling.mode = patch.scheduling.mode ?? scheduling.mode ?? DEFAULT_SETTINGS.scheduling.mode;
    scheduling.max_wait_seconds = patch.scheduling.maxWaitSeconds ?? scheduling.max_wait_seconds ?? DEFAULT_SETTINGS.scheduling.maxWaitSeconds;
  }
  if (patch.preferredAccountId !== undefined) proxy.preferred_account_id = patch.preferredAccountId;
  if (patch.antigravityVersion === null) delete proxy.antigravity_version;
  else if (patch.antigravityVersion !== undefined) proxy.antigravity_version = patch.antigravityVersion;
  if (patch.quotaProtection !== undefined) {
    // Where agt also reads it from when the top-level object is missing (see load-config.ts).
    const legacy = typeof proxy.quota_protection === 'object' && proxy.quota_protection !== null ? (proxy.quota_protection as Record<string, unknown>) : {};
    const protection = objectAt(document, 'quota_protection');
    const defaults = DEFAULT_SETTINGS.quotaProtection;
    protection.enabled = patch.quotaProtection.enabled ?? protection.enabled ?? legacy.enabled ?? defaults.enabled;
    protection.threshold_percentage =
      patch.quotaProtection.thresholdPercentage ?? protection.threshold_percentage ?? legacy.threshold_percentage ?? defaults.thresholdPercentage;
    protection.monitored_models =
      patch.quotaProtection.monitoredModels ?? protection.monitored_models ?? legacy.monitored_models ?? [...defaults.monitoredModels];
  }
  if (patch.quotaRefreshIntervalMinutes !== undefined) {
    // The desktop app runs its refresh timer from these two keys; it never sees a 0 interval, only auto_refresh off.
    const off = patch.quotaRefreshIntervalMinutes <= 0;
    document.auto_refresh = !off;
    document.refresh_interval = off ? (document.refresh_interval ?? DEFAULT_SETTINGS.quotaRefreshIntervalMinutes) : patch.quotaRefreshIntervalMinutes;
  }
}

/** The settings after `patch`, as a new frozen object. */
export function mergeSettingsPatch(settings: GatewaySettings, patch: SettingsPatch): GatewaySettings {
  const next: GatewaySettings = {
    ...settings,
    scheduling: { ...settings.scheduling, ...withoutUndefined(patch.scheduling ?? {}) },
    quotaProtection: { ...settings.quotaProtection, ...withoutUndefined(patch.quotaProtection ?? {}) },
  };
  const flat = ['authMode', 'allowLanAccess', 'customMapping', 'enableLogging', 'logRetentionDays', 'port', 'adminPassword', 'apiKey', 'preferredAccountId'] as const;
  for (const key of flat) {
    if (patch[key] !== undefined) (next as unknown as Record<string, unknown>)[key] = patch[key];
  }
  if (patch.quotaRefreshIntervalMinutes !== undefined) next.quotaRefreshIntervalMinutes = Math.max(0, patch.quotaRefreshIntervalMinutes);
  // AGT_ANTIGRAVITY_VERSION keeps winning over the saved value until the process restarts without it.
  if (patch.antigravityVersion !== undefined && next.antigravityVersionSource !== 'env') {
    next.antigravityVersion = patch.antigravityVersion;
    next.antigravityVersionSource = patch.antigravityVersion === null ? 'default' : 'file';
  }
  if (next.adminPassword === '') next.adminPassword = null;
  if (next.preferredAccountId === '') next.preferredAccountId = null;
  return Object.freeze(next);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
