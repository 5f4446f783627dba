import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AUTH_MODES, SCHEDULING_MODES, isValidAntigravityVersion, parseSchedulingMode, resolveEffectiveAuthMode, type SettingsPatch } from '../../config/index.js';
import { DEFAULT_ANTIGRAVITY_VERSION } from '../../google/index.js';
import type { ServerDependencies } from '../server-dependencies.js';
import { listConfigFaults } from './list-config-faults.js';

const settingsBody = z
  .object({
    auth_mode: z.enum(AUTH_MODES).optional(),
    allow_lan_access: z.boolean().optional(),
    custom_mapping: z.record(z.string().min(1).max(200), z.string().min(1).max(200)).optional(),
    enable_logging: z.boolean().optional(),
    log_retention_days: z.number().int().min(0).max(3650).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    admin_password: z.string().max(200).nullable().optional(),
    scheduling: z
      .object({
        mode: z.preprocess((value) => parseSchedulingMode(value) ?? value, z.enum(SCHEDULING_MODES)).optional(),
        max_wait_seconds: z.number().int().min(0).max(3600).optional(),
      })
      .strict()
      .optional(),
    preferred_account_id: z.string().max(200).nullable().optional(),
    quota_protection: z
      .object({
        enabled: z.boolean().optional(),
        threshold_percentage: z.number().int().min(1).max(99).optional(),
        monitored_models: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
      })
      .strict()
      .optional(),
    quota_refresh_interval: z.number().int().min(0).max(10_080).optional(),
    antigravity_version: z.string().trim().refine(isValidAntigravityVersion, 'expected a version like 2.15.0').nullable().optional(),
  })
  .strict();

type SettingsBody = z.infer<typeof settingsBody>;

export function buildSettingsView(dependencies: ServerDependencies, request: FastifyRequest) {
  const settings = dependencies.settings.current;
  const host = request.headers.host ?? `127.0.0.1:${settings.port}`;
  return {
    port: settings.port,
    host: settings.allowLanAccess ? '0.0.0.0' : '127.0.0.1',
    allow_lan_access: settings.allowLanAccess,
    auth_mode: settings.authMode,
    effective_auth_mode: resolveEffectiveAuthMode(settings.authMode, settings.allowLanAccess),
    api_key: settings.apiKey,
    admin_password_set: Boolean(settings.adminPassword),
    custom_mapping: settings.customMapping,
    enable_logging: settings.enableLogging,
    log_retention_days: settings.logRetentionDays,
    scheduling: { mode: settings.scheduling.mode, max_wait_seconds: settings.scheduling.maxWaitSeconds },
    preferred_account_id: settings.preferredAccountId,
    quota_protection: {
      enabled: settings.quotaProtection.enabled,
      threshold_percentage: settings.quotaProtection.thresholdPercentage,
      monitored_models: settings.quotaProtection.monitoredModels,
    },
    quota_refresh_interval: settings.quotaRefreshIntervalMinutes,
    base_url: `http://${host}`,
    restart_required: dependencies.settings.restartRequired(),
    antigravity_version: settings.antigravityVersion ?? DEFAULT_ANTIGRAVITY_VERSION,
    antigravity_version_source: settings.antigravityVersionSource,
    antigravity_version_default: DEFAULT_ANTIGRAVITY_VERSION,
    config_faults: listConfigFaults(dependencies),
  };
}

function convertBodyToPatch(body: SettingsBody): SettingsPatch {
  return {
    authMode: body.auth_mode,
    allowLanAccess: body.allow_lan_access,
    customMapping: body.custom_mapping,
    enableLogging: body.enable_logging,
    logRetentionDays: body.log_retention_days,
    port: body.port,
    adminPassword: body.admin_password,
    scheduling: body.scheduling && { mode: body.scheduling.mode, maxWaitSeconds: body.scheduling.max_wait_seconds },
    preferredAccountId: body.preferred_account_id === '' ? null : body.preferred_account_id,
    quotaProtection: body.quota_protection && {
      enabled: body.quota_protection.enabled,
      thresholdPercentage: body.quota_protection.threshold_percentage,
      monitoredModels: body.quota_protection.monitored_models && [...new Set(body.quota_protection.monitored_models)],
    },
    quotaRefreshIntervalMinutes: body.quota_refresh_interval,
    antigravityVersion: body.antigravity_version,
  };
}

function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ error: message, code });
}

/**
 * `GET|PUT /api/settings` and `POST /api/settings/api-key/regenerate`. Saved to `gui_config.json` in the desktop
 * app's names (see src/config/apply-settings-patch.ts), then applied; the request log follows through the
 * settings' `change` event (app.ts), so a file edited by `agt config set` has the same effect.
 */
export function registerSettingsRoutes(app: FastifyInstance, dependencies: ServerDependencies): void {
  const { settings, store } = dependencies;

  app.get('/api/settings', async (request) => buildSettingsView(dependencies, request));

  app.put('/api/settings', async (request, reply) => {
    const parsed = settingsBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendError(reply, 400, 'INVALID_BODY', `Invalid body: ${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    const patch = convertBodyToPatch(parsed.data);
    if (parsed.data.antigravity_version !== undefined && settings.current.antigravityVersionSource === 'env') {
      return sendError(reply, 409, 'SET_BY_ENVIRONMENT', 'The Antigravity version is set by AGT_ANTIGRAVITY_VERSION, which wins over this setting; change or unset it and restart');
    }
    if (patch.preferredAccountId) {
      const account = await store.read(patch.preferredAccountId).catch(() => null);
      if (!account) return sendError(reply, 400, 'UNKNOWN_ACCOUNT', `preferred_account_id: no account with id ${patch.preferredAccountId}`);
    }
    try {
      await settings.update(patch);
    } catch (error) {
      return sendError(reply, 500, 'SETTINGS_NOT_SAVED', (error as Error).message);
    }
    return buildSettingsView(dependencies, request);
  });

  app.post('/api/settings/api-key/regenerate', async (_request, reply) => {
    const outside = settings.apiKeySetOutside();
    if (outside === 'flag') {
      return sendError(reply, 409, 'SET_BY_FLAG', 'The API key is set by --api-key, which wins over the saved one; change it there and restart');
    }
    if (outside === 'environment') {
      return sendError(reply, 409, 'SET_BY_ENVIRONMENT', 'The API key is set by ABV_API_KEY or API_KEY, which wins over the saved one; change or unset it and restart');
    }
    return { api_key: await settings.regenerateApiKey() };
  });
}
