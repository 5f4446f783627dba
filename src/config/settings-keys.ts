import type { SettingsPatch } from './apply-settings-patch.js';
import { AUTH_MODES, SCHEDULING_MODES, parseSchedulingMode, type AuthMode, type GatewaySettings } from './config-schema.js';
import { ConfigError } from './load-config.js';

/**
 * One setting as `agt config get|set` names it: the key is its place in `gui_config.json` (the desktop app's names),
 * `read` gives the value in effect, `parse` turns the text the user typed into a settings patch (or throws).
 */
export interface SettingKey {
  key: string;
  aliases: string[];
  description: string;
  /** Applies only when the gateway restarts. */
  restart?: boolean;
  /** Shown as `(set)` / `(not set)` in listings. */
  secret?: boolean;
  read(settings: GatewaySettings): unknown;
  parse(text: string): SettingsPatch;
}

function parseInteger(text: string, key: string, min: number, max: number): number {
  const value = Number(text.trim());
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${key}: expected a whole number from ${min} to ${max} (got "${text}")`);
  return value;
}

function parseBooleanText(text: string, key: string): boolean {
  if (/^(1|true|yes|on)$/i.test(text.trim())) return true;
  if (/^(0|false|no|off)$/i.test(text.trim())) return false;
  throw new ConfigError(`${key}: expected true or false (got "${text}")`);
}

function isNone(text: string): boolean {
  return /^(|none|null|off)$/i.test(text.trim());
}

export const SETTING_KEYS: readonly SettingKey[] = [
  {
    key: 'proxy.port',
    aliases: ['port'],
    description: 'port the gateway listens on (default 8045)',
    restart: true,
    read: (settings) => settings.port,
    parse: (text) => ({ port: parseInteger(text, 'proxy.port', 1, 65535) }),
  },
  {
    key: 'proxy.allow_lan_access',
    aliases: ['allow_lan_access'],
    description: 'listen on 0.0.0.0 instead of 127.0.0.1',
    restart: true,
    read: (settings) => settings.allowLanAccess,
    parse: (text) => ({ allowLanAccess: parseBooleanText(text, 'proxy.allow_lan_access') }),
  },
  {
    key: 'proxy.auth_mode',
    aliases: ['auth_mode'],
    description: `API key requirement: ${AUTH_MODES.join(' | ')}`,
    read: (settings) => settings.authMode,
    parse: (text) => {
      if (!(AUTH_MODES as readonly string[]).includes(text.trim())) throw new ConfigError(`proxy.auth_mode: expected one of ${AUTH_MODES.join(', ')} (got "${text}")`);
      return { authMode: text.trim() as AuthMode };
    },
  },
  {
    key: 'proxy.api_key',
    aliases: ['api_key'],
    description: 'the key clients send',
    secret: true,
    read: (settings) => settings.apiKey,
    parse: (text) => {
      if (text.trim().length < 8) throw new ConfigError('proxy.api_key: use at least 8 characters');
      return { apiKey: text.trim() };
    },
  },
  {
    key: 'proxy.admin_password',
    aliases: ['admin_password'],
    description: 'dashboard / admin API password ("none" falls back to the API key)',
    secret: true,
    read: (settings) => settings.adminPassword,
    parse: (text) => ({ adminPassword: isNone(text) ? null : text }),
  },
  {
    key: 'proxy.enable_logging',
    aliases: ['enable_logging'],
    description: 'record requests in the monitor and the statistics',
    read: (settings) => settings.enableLogging,
    parse: (text) => ({ enableLogging: parseBooleanText(text, 'proxy.enable_logging') }),
  },
  {
    key: 'proxy.log_retention_days',
    aliases: ['log_retention_days'],
    description: 'days the request log is kept (0 = forever)',
    read: (settings) => settings.logRetentionDays,
    parse: (text) => ({ logRetentionDays: parseInteger(text, 'proxy.log_retention_days', 0, 3650) }),
  },
  {
    key: 'proxy.scheduling.mode',
    aliases: ['scheduling.mode', 'scheduling'],
    description: `how requests pick accounts: ${SCHEDULING_MODES.join(' | ')}`,
    read: (settings) => settings.scheduling.mode,
    parse: (text) => {
      const mode = parseSchedulingMode(text);
      if (mode === undefined) throw new ConfigError(`proxy.scheduling.mode: expected one of ${SCHEDULING_MODES.join(', ')} (got "${text}")`);
      return { scheduling: { mode } };
    },
  },
  {
    key: 'proxy.scheduling.max_wait_seconds',
    aliases: ['scheduling.max_wait_seconds', 'max_wait_seconds'],
    description: 'CacheFirst: how long a conversation waits for its rate-limited account before moving',
    read: (settings) => settings.scheduling.maxWaitSeconds,
    parse: (text) => ({ scheduling: { maxWaitSeconds: parseInteger(text, 'proxy.scheduling.max_wait_seconds', 0, 3600) } }),
  },
  {
    key: 'proxy.preferred_account_id',
    aliases: ['preferred_account_id', 'fixed_account'],
    description: 'fixed-account mode: the account id every request goes to while it can serve ("none" turns it off)',
    read: (settings) => settings.preferredAccountId,
    parse: (text) => ({ preferredAccountId: isNone(text) ? null : text.trim() }),
  },
  {
    key: 'quota_protection.enabled',
    aliases: ['proxy.quota_protection.enabled'],
    description: 'skip an account for a model whose remaining quota is under the threshold',
    read: (settings) => settings.quotaProtection.enabled,
    parse: (text) => ({ quotaProtection: { enabled: parseBooleanText(text, 'quota_protection.enabled') } }),
  },
  {
    key: 'quota_protection.threshold_percentage',
    aliases: ['proxy.quota_protection.threshold_percentage'],
    description: 'quota protection threshold, 1-99 %',
    read: (settings) => settings.quotaProtection.thresholdPercentage,
    parse: (text) => ({ quotaProtection: { thresholdPercentage: parseInteger(text, 'quota_protection.threshold_percentage', 1, 99) } }),
  },
  {
    key: 'quota_protection.monitored_models',
    aliases: ['proxy.quota_protection.monitored_models'],
    description: 'comma-separated model names or family prefixes (e.g. claude,gemini-3-flash)',
    read: (settings) => settings.quotaProtection.monitoredModels.join(','),
    parse: (text) => ({
      quotaProtection: {
        monitoredModels: [...new Set(text.split(',').map((model) => model.trim()).filter((model) => model !== ''))],
      },
    }),
  },
  {
    key: 'quota_refresh_interval',
    aliases: ['refresh_interval', 'proxy.quota_refresh_interval'],
    description: 'minutes between background quota refreshes (0 = off); stored as auto_refresh + refresh_interval',
    read: (settings) => settings.quotaRefreshIntervalMinutes,
    parse: (text) => ({ quotaRefreshIntervalMinutes: parseInteger(text, 'quota_refresh_interval', 0, 10_080) }),
  },
];

/** The setting a user's key names (its `gui_config.json` path or an alias), case-insensitively. */
export function findSettingKey(name: string): SettingKey | undefined {
  const wanted = name.trim().toLowerCase();
  return SETTING_KEYS.find((entry) => entry.key === wanted || entry.aliases.includes(wanted));
}
