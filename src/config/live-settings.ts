import { EventEmitter } from 'node:events';
import type { AuthMode, GatewaySettings, ProxyFileSection } from './config-schema.js';
import { generateApiKey, updateGuiConfigProxy } from './gui-config-file.js';

export interface SettingsPatch {
  authMode?: AuthMode;
  allowLanAccess?: boolean;
  customMapping?: Record<string, string>;
  enableLogging?: boolean;
  logRetentionDays?: number;
  port?: number;
  adminPassword?: string | null;
  apiKey?: string;
  /** A version like `2.15.0`, or null to go back to the built-in default. */
  antigravityVersion?: string | null;
}

/**
 * The settings the running gateway reads on every request. Updates are saved to `gui_config.json` first
 * and then applied; auth mode, key, mapping and logging apply at once, port and LAN binding on restart.
 * Emits `change` with the new settings.
 */
export class LiveSettings extends EventEmitter {
  private value: GatewaySettings;
  /** The port and LAN flag the server is actually bound with. */
  readonly bound: { port: number; allowLanAccess: boolean };

  constructor(
    private readonly dataDir: string,
    initial: GatewaySettings,
  ) {
    super();
    this.value = Object.freeze({ ...initial });
    this.bound = { port: initial.port, allowLanAccess: initial.allowLanAccess };
  }

  get current(): GatewaySettings {
    return this.value;
  }

  /** True when a saved setting only takes effect after a restart. */
  restartRequired(): boolean {
    return this.value.port !== this.bound.port || this.value.allowLanAccess !== this.bound.allowLanAccess;
  }

  async update(patch: SettingsPatch): Promise<GatewaySettings> {
    const file: Partial<ProxyFileSection> = {};
    if (patch.authMode !== undefined) file.auth_mode = patch.authMode;
    if (patch.allowLanAccess !== undefined) file.allow_lan_access = patch.allowLanAccess;
    if (patch.customMapping !== undefined) file.custom_mapping = patch.customMapping;
    if (patch.enableLogging !== undefined) file.enable_logging = patch.enableLogging;
    if (patch.logRetentionDays !== undefined) file.log_retention_days = patch.logRetentionDays;
    if (patch.port !== undefined) file.port = patch.port;
    if (patch.adminPassword !== undefined) file.admin_password = patch.adminPassword;
    if (patch.apiKey !== undefined) file.api_key = patch.apiKey;
    // null removes the key (updateGuiConfigProxy deletes keys patched to undefined).
    if (patch.antigravityVersion !== undefined) file.antigravity_version = patch.antigravityVersion ?? undefined;
    await updateGuiConfigProxy(this.dataDir, file);
    const { antigravityVersion, ...rest } = patch;
    const next: GatewaySettings = { ...this.value };
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
    }
    // AGT_ANTIGRAVITY_VERSION keeps winning over the saved value until the process restarts without it.
    if (antigravityVersion !== undefined && next.antigravityVersionSource !== 'env') {
      next.antigravityVersion = antigravityVersion;
      next.antigravityVersionSource = antigravityVersion === null ? 'default' : 'file';
    }
    if (next.adminPassword === '') next.adminPassword = null;
    this.value = Object.freeze(next);
    this.emit('change', this.value);
    return this.value;
  }

  async regenerateApiKey(): Promise<string> {
    const apiKey = generateApiKey();
    await this.update({ apiKey });
    return apiKey;
  }
}
