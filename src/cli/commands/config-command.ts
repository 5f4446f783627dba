import { AccountStore } from '../../accounts/index.js';
import {
  applySettingsPatchToDocument,
  ConfigError,
  findSettingKey,
  GUI_CONFIG_FILE,
  loadSettings,
  SETTING_KEYS,
  updateGuiConfig,
  type SettingKey,
} from '../../config/index.js';
import { CliError, type CliOutput } from '../cli-output.js';

function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  return String(value);
}

function unknownKey(name: string): CliError {
  return new CliError(`Unknown setting "${name}". Known settings:\n${SETTING_KEYS.map((entry) => `  ${entry.key}`).join('\n')}`, 2);
}

/**
 * `agt config get [key]`: the value a gateway started now would use (file, then environment; flags do not apply).
 * Without a key, every setting with its description; secrets show only whether they are set.
 */
export async function getConfig(dataDir: string, key: string | undefined, output: CliOutput, env: Record<string, string | undefined> = process.env): Promise<void> {
  const { settings, warnings } = await loadSettings(dataDir, {}, env, { saveGeneratedKey: false });
  for (const warning of warnings) output.err(`warning: ${warning}`);
  if (key !== undefined) {
    const entry = findSettingKey(key);
    if (entry === undefined) throw unknownKey(key);
    output.out(formatValue(entry.read(settings)));
    return;
  }
  const width = Math.max(...SETTING_KEYS.map((entry) => entry.key.length));
  for (const entry of SETTING_KEYS) {
    const value = entry.read(settings);
    const shown = entry.secret ? (value ? '(set)' : '(not set)') : formatValue(value);
    output.out(`${entry.key.padEnd(width)}  ${shown.padEnd(16)}  ${entry.description}${entry.restart ? ' (after a restart)' : ''}`);
  }
}

/** `proxy.preferred_account_id` accepts an id, an id prefix or an email; the file stores the id. */
async function resolveAccountId(dataDir: string, text: string): Promise<string> {
  const store = new AccountStore({ dataDir });
  await store.init();
  const account = await store.find(text.trim());
  if (!account) throw new CliError(`No account matches "${text}" (use an id, an id prefix or an email; see \`agt accounts list\`)`);
  return account.id;
}

/**
 * `agt config set <key> <value>`: one locked, atomic read-modify-write of `gui_config.json` (unknown keys kept).
 * A running gateway watches the file and applies the change within a second.
 */
export async function setConfig(dataDir: string, key: string, value: string, output: CliOutput): Promise<void> {
  const entry: SettingKey | undefined = findSettingKey(key);
  if (entry === undefined) throw unknownKey(key);
  let patch;
  try {
    patch = entry.parse(value);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 2);
    throw error;
  }
  if (patch.preferredAccountId) patch.preferredAccountId = await resolveAccountId(dataDir, patch.preferredAccountId);
  try {
    await updateGuiConfig(dataDir, (document) => applySettingsPatchToDocument(document, patch));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const { settings } = await loadSettings(dataDir, {}, {}, { saveGeneratedKey: false });
  const shown = entry.secret ? '(set)' : formatValue(entry.read(settings));
  output.out(`${entry.key} = ${shown} (saved to ${GUI_CONFIG_FILE})`);
  output.out(entry.restart ? 'A running gateway applies this after a restart.' : 'A running gateway applies this within a second.');
}
