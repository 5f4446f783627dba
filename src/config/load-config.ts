import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AUTH_MODES,
  DEFAULT_SETTINGS,
  type AuthMode,
  type GatewaySettings,
  type GuiConfigTopLevel,
  type ProxyFileSection,
} from './config-schema.js';
import { generateApiKey, readGuiConfig, updateGuiConfigProxy } from './gui-config-file.js';
import { parseAntigravityVersion } from './parse-antigravity-version.js';

export interface ConfigFlags {
  dataDir?: string;
  port?: number;
  apiKey?: string;
  adminPassword?: string;
  authMode?: string;
  allowLanAccess?: boolean;
}

export type Environment = Record<string, string | undefined>;

/** `--data-dir` > `ABV_DATA_DIR` > `~/.antigravity_tools` (the desktop app's default). */
export function resolveDataDir(flag: string | undefined, env: Environment = process.env): string {
  const chosen = flag ?? env.ABV_DATA_DIR;
  if (chosen && chosen.trim() !== '') return resolve(chosen.replace(/^~(?=$|\/)/, homedir()));
  return join(homedir(), '.antigravity_tools');
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parseAuthMode(value: string, source: string): AuthMode {
  if ((AUTH_MODES as readonly string[]).includes(value)) return value as AuthMode;
  throw new ConfigError(`${source}: auth mode must be one of ${AUTH_MODES.join(', ')} (got "${value}")`);
}

function parsePort(value: string | number, source: string): number {
  const port = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${source}: invalid port "${value}"`);
  return port;
}

function parseBoolean(value: string, source: string): boolean {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${source}: expected true or false (got "${value}")`);
}

export interface LoadedSettings {
  settings: GatewaySettings;
  /** Problems worth one warning line (e.g. an unreadable gui_config.json). */
  warnings: string[];
}

/**
 * Settings with the precedence flag > environment > `gui_config.json` `proxy` section > default.
 * A missing `api_key` is generated and saved to the file (as the desktop app does) unless the file is broken or
 * `saveGeneratedKey` is false (a re-read by the running gateway: the key is then '').
 */
export async function loadSettings(
  dataDir: string,
  flags: ConfigFlags = {},
  env: Environment = process.env,
  options: { saveGeneratedKey?: boolean } = {},
): Promise<LoadedSettings> {
  const warnings: string[] = [];
  const file = await readGuiConfig(dataDir);
  if (file.problem) warnings.push(`${file.problem}; using defaults and leaving the file untouched`);
  const proxy = file.proxy;
  const top = file.top;

  let apiKey = flags.apiKey ?? env.ABV_API_KEY ?? env.API_KEY ?? proxy.api_key ?? '';
  if (!apiKey && options.saveGeneratedKey !== false) {
    apiKey = generateApiKey();
    if (!file.problem) {
      try {
        await updateGuiConfigProxy(dataDir, { api_key: apiKey });
      } catch (error) {
        warnings.push(`could not save the generated API key: ${(error as Error).message}`);
      }
    }
  }

  const envAuthMode = env.ABV_AUTH_MODE ?? env.AUTH_MODE;
  const authMode = flags.authMode
    ? parseAuthMode(flags.authMode, '--auth-mode')
    : envAuthMode
      ? parseAuthMode(envAuthMode, 'ABV_AUTH_MODE')
      : (proxy.auth_mode ?? DEFAULT_SETTINGS.authMode);

  const port =
    flags.port !== undefined
      ? parsePort(flags.port, '--port')
      : env.ABV_PORT
        ? parsePort(env.ABV_PORT, 'ABV_PORT')
        : (proxy.port ?? DEFAULT_SETTINGS.port);

  const allowLanAccess =
    flags.allowLanAccess ??
    (env.ABV_ALLOW_LAN ? parseBoolean(env.ABV_ALLOW_LAN, 'ABV_ALLOW_LAN') : (proxy.allow_lan_access ?? DEFAULT_SETTINGS.allowLanAccess));

  const adminPassword = flags.adminPassword ?? env.ABV_WEB_PASSWORD ?? env.WEB_PASSWORD ?? proxy.admin_password ?? null;
  const { antigravityVersion, antigravityVersionSource } = resolveAntigravityVersion(env.AGT_ANTIGRAVITY_VERSION, proxy.antigravity_version, warnings);
  const proxyUrl = env.HTTPS_PROXY ?? env.https_proxy ?? (proxy.upstream_proxy?.enabled ? proxy.upstream_proxy.url : undefined);

  return {
    warnings,
    settings: {
      port,
      allowLanAccess,
      apiKey,
      adminPassword: adminPassword === '' ? null : adminPassword,
      authMode,
      customMapping: proxy.custom_mapping ?? {},
      enableLogging: proxy.enable_logging ?? DEFAULT_SETTINGS.enableLogging,
      logRetentionDays: proxy.log_retention_days ?? DEFAULT_SETTINGS.logRetentionDays,
      requestTimeoutSeconds: proxy.request_timeout ?? DEFAULT_SETTINGS.requestTimeoutSeconds,
      upstreamProxy: proxyUrl ? (/^[a-z]+:\/\//i.test(proxyUrl) ? proxyUrl : `http://${proxyUrl}`) : null,
      ...resolveQuotaSettings(proxy, top),
      antigravityVersion,
      antigravityVersionSource,
    },
  };
}

/** Scheduling, fixed account, quota protection and quota refresh from the file (the desktop app's keys), else defaults. */
export function resolveQuotaSettings(
  proxy: ProxyFileSection,
  top: GuiConfigTopLevel,
): Pick<GatewaySettings, 'scheduling' | 'preferredAccountId' | 'quotaProtection' | 'quotaRefreshIntervalMinutes'> {
  const protection = top.quota_protection ?? proxy.quota_protection;
  const defaults = DEFAULT_SETTINGS.quotaProtection;
  return {
    scheduling: {
      mode: proxy.scheduling?.mode ?? DEFAULT_SETTINGS.scheduling.mode,
      maxWaitSeconds: proxy.scheduling?.max_wait_seconds ?? DEFAULT_SETTINGS.scheduling.maxWaitSeconds,
    },
    preferredAccountId: proxy.preferred_account_id || null,
    quotaProtection: {
      enabled: protection?.enabled ?? defaults.enabled,
      thresholdPercentage: protection?.threshold_percentage ?? defaults.thresholdPercentage,
      monitoredModels: protection?.monitored_models ?? [...defaults.monitoredModels],
    },
    quotaRefreshIntervalMinutes:
      top.auto_refresh === false ? 0 : (top.refresh_interval ?? DEFAULT_SETTINGS.quotaRefreshIntervalMinutes),
  };
}

/** `AGT_ANTIGRAVITY_VERSION` (a bad value stops the start) > `proxy.antigravity_version` (a bad value warns) > default. */
function resolveAntigravityVersion(
  fromEnv: string | undefined,
  fromFile: string | null | undefined,
  warnings: string[],
): Pick<GatewaySettings, 'antigravityVersion' | 'antigravityVersionSource'> {
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const version = parseAntigravityVersion(fromEnv);
    if (version === undefined) throw new ConfigError(`AGT_ANTIGRAVITY_VERSION: expected a version like 2.15.0 (got "${fromEnv}")`);
    return { antigravityVersion: version, antigravityVersionSource: 'env' };
  }
  if (typeof fromFile === 'string' && fromFile.trim() !== '') {
    const version = parseAntigravityVersion(fromFile);
    if (version !== undefined) return { antigravityVersion: version, antigravityVersionSource: 'file' };
    warnings.push(`gui_config.json proxy.antigravity_version "${fromFile}" is not a version like 2.15.0; using the built-in default`);
  }
  return { antigravityVersion: null, antigravityVersionSource: 'default' };
}
