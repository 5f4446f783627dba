import { EventEmitter } from 'node:events';
import { applySettingsPatchToDocument, mergeSettingsPatch, type SettingsPatch } from './apply-settings-patch.js';
import type { GatewaySettings } from './config-schema.js';
import { generateApiKey, readGuiConfig, updateGuiConfig } from './gui-config-file.js';
import { loadSettings, type ConfigFlags, type Environment } from './load-config.js';

export type { SettingsPatch } from './apply-settings-patch.js';

export interface LiveSettingsOptions {
  /** The flags and environment the gateway started with: they keep winning over the file on every reload. */
  flags?: ConfigFlags;
  env?: Environment;
}

/**
 * The settings the running gateway reads on every request. Updates are saved to `gui_config.json` first
 * and then applied; auth mode, key, mapping, logging, scheduling, fixed account, quota protection and the quota
 * refresh apply at once, port and LAN binding on restart. `reload()` re-reads the file (another process —
 * `agt config set`, the desktop app — changed it). Emits `change` with the new settings whenever they differ.
 */
export class LiveSettings extends EventEmitter {
  private value: GatewaySettings;
  /** Bumped by every `update`: a reload that read the file before an update finished must not undo it. */
  private updates = 0;
  /** The port and LAN flag the server is actually bound with. */
  readonly bound: { port: number; allowLanAccess: boolean };

  constructor(
    private readonly dataDir: string,
    initial: GatewaySettings,
    private readonly options: LiveSettingsOptions = {},
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
    // Port 0 (`--port 0`) means "any free port": the one bound is the answer, not a pending change.
    const portChanged = this.value.port !== 0 && this.value.port !== this.bound.port;
    return portChanged || this.value.allowLanAccess !== this.bound.allowLanAccess;
  }

  async update(patch: SettingsPatch): Promise<GatewaySettings> {
    this.updates += 1;
    await updateGuiConfig(this.dataDir, (document) => applySettingsPatchToDocument(document, patch));
    this.replace(mergeSettingsPatch(this.value, patch));
    return this.value;
  }

  /**
   * Re-reads `gui_config.json` with the start-up precedence (flags and environment still win). A file that cannot
   * be used changes nothing; the problem is returned for one warning line.
   */
  async reload(): Promise<{ changed: boolean; problem: string | null }> {
    const updatesBefore = this.updates;
    const file = await readGuiConfig(this.dataDir);
    if (file.problem) return { changed: false, problem: file.problem };
    // Other warnings (a bad proxy.antigravity_version falls back to the default) do not block the rest.
    const { settings } = await loadSettings(this.dataDir, this.options.flags, this.options.env ?? process.env, { saveGeneratedKey: false });
    // A key generated because the file has none must not replace the key clients are using.
    // An update ran meanwhile: what was read may be older than it (the update's own write brings another reload).
    if (this.updates !== updatesBefore) return { changed: false, problem: null };
    const next = { ...settings, apiKey: settings.apiKey === '' ? this.value.apiKey : settings.apiKey };
    const changed = JSON.stringify(next) !== JSON.stringify(this.value);
    if (changed) this.replace(Object.freeze(next));
    return { changed, problem: null };
  }

  /**
   * Where the API key comes from when it is not the saved one: `--api-key`, or `ABV_API_KEY` / `API_KEY` (the same
   * precedence as the start). Such a key wins over the file on every reload, so a key saved from the API would be
   * replaced by it again a moment later; the API refuses to change it instead.
   */
  apiKeySetOutside(): 'flag' | 'environment' | null {
    if (this.options.flags?.apiKey !== undefined) return 'flag';
    const env = this.options.env ?? process.env;
    if (env.ABV_API_KEY !== undefined || env.API_KEY !== undefined) return 'environment';
    return null;
  }

  async regenerateApiKey(): Promise<string> {
    const apiKey = generateApiKey();
    await this.update({ apiKey });
    return apiKey;
  }

  private replace(next: GatewaySettings): void {
    this.value = next;
    this.emit('change', this.value);
  }
}
