import { watch, type FSWatcher } from 'node:fs';
import { GUI_CONFIG_FILE } from './gui-config-file.js';

export interface WatchGuiConfigOptions {
  dataDir: string;
  onChange(): void;
  debounceMs?: number;
  logger?: { warn(details: object, message: string): void };
}

/**
 * Calls `onChange` (debounced) when `gui_config.json` may have changed: `agt config set`, the desktop app or an
 * editor wrote it. Watches the data directory, not the file, so atomic renames are seen. The caller re-reads the
 * file and compares, so its own writes cost one harmless re-read. Returns a stop function.
 */
export function watchGuiConfig(options: WatchGuiConfigOptions): () => void {
  const debounceMs = options.debounceMs ?? 150;
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher;
  try {
    watcher = watch(options.dataDir, { persistent: false }, (_event, fileName) => {
      if (fileName !== null && fileName !== GUI_CONFIG_FILE) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        options.onChange();
      }, debounceMs);
      timer.unref();
    });
  } catch (error) {
    options.logger?.warn({}, `Not watching ${GUI_CONFIG_FILE} (${(error as Error).message}); restart agt to apply outside edits`);
    return () => undefined;
  }
  watcher.on('error', (error) => options.logger?.warn({}, `Stopped watching ${GUI_CONFIG_FILE} (${error.message})`));
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    watcher.close();
  };
}
