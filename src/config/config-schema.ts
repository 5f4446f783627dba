import { z } from 'zod';

export const AUTH_MODES = ['off', 'strict', 'all_except_health', 'auto'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

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
  log_retention_days: z.number().int().min(1).max(3650).optional(),
  request_timeout: z.number().int().min(1).optional(),
  upstream_proxy: z.looseObject({ enabled: z.boolean().optional(), url: z.string().optional() }).optional(),
  /**
   * agt's own key (Antigravity Tools has only `user_agent_override`, a whole User-Agent, which agt does not read):
   * the Antigravity version reported to Cloud Code. A string so that a bad value is reported, not a broken file.
   */
  antigravity_version: z.string().nullish(),
});

export type ProxyFileSection = z.infer<typeof proxyFileSectionSchema>;

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
