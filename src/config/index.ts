/** @module config — the validated settings: schema, defaults, and file < env < flags. */
export { AUTH_MODES, DEFAULT_SETTINGS, bindHostFor, resolveEffectiveAuthMode } from './config-schema.js';
export type { AuthMode, GatewaySettings, ProxyFileSection } from './config-schema.js';
export { GUI_CONFIG_FILE, generateApiKey, readGuiConfig, updateGuiConfigProxy } from './gui-config-file.js';
export { ConfigError, loadSettings, resolveDataDir } from './load-config.js';
export type { ConfigFlags, Environment, LoadedSettings } from './load-config.js';
export { LiveSettings } from './live-settings.js';
export { isValidAntigravityVersion, parseAntigravityVersion } from './parse-antigravity-version.js';
export type { SettingsPatch } from './live-settings.js';
export { DEFAULT_FRONT_DOOR_SETTINGS, DEFAULT_MAX_BODY_BYTES, readFrontDoorSettings } from './front-door-settings.js';
export type { FrontDoorSettings } from './front-door-settings.js';
