/** @module config — the validated settings: schema, defaults, and file < env < flags. */
export {
  AUTH_MODES,
  DEFAULT_SETTINGS,
  SCHEDULING_MODES,
  bindHostFor,
  parseSchedulingMode,
  resolveEffectiveAuthMode,
} from './config-schema.js';
export type {
  AuthMode,
  GatewaySettings,
  GuiConfigTopLevel,
  ProxyFileSection,
  QuotaProtectionSettings,
  SchedulingMode,
  SchedulingSettings,
} from './config-schema.js';
export { applySettingsPatchToDocument, mergeSettingsPatch } from './apply-settings-patch.js';
export type { SettingsPatch } from './apply-settings-patch.js';
export { GUI_CONFIG_FILE, generateApiKey, readGuiConfig, updateGuiConfig, updateGuiConfigProxy } from './gui-config-file.js';
export { ConfigError, loadSettings, resolveDataDir } from './load-config.js';
export type { ConfigFlags, Environment, LoadedSettings } from './load-config.js';
export { LiveSettings } from './live-settings.js';
export type { LiveSettingsOptions } from './live-settings.js';
export { watchGuiConfig } from './watch-gui-config.js';
export { SETTING_KEYS, findSettingKey } from './settings-keys.js';
export type { SettingKey } from './settings-keys.js';
export { isValidAntigravityVersion, parseAntigravityVersion } from './parse-antigravity-version.js';
export { DEFAULT_FRONT_DOOR_SETTINGS, DEFAULT_MAX_BODY_BYTES, readFrontDoorSettings } from './front-door-settings.js';
export type { FrontDoorSettings } from './front-door-settings.js';
