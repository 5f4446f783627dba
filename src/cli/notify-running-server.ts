import { loadSettings } from '../config/index.js';

/**
 * Asks a gateway running on this data directory to reload its pool at once. Best effort: the server's file
 * watcher picks the change up anyway, this only removes the debounce delay.
 */
export async function notifyRunningServer(dataDir: string): Promise<boolean> {
  try {
    const { settings } = await loadSettings(dataDir);
    const secret = settings.adminPassword || settings.apiKey;
    const response = await fetch(`http://127.0.0.1:${settings.port}/api/accounts/reload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}` },
      signal: AbortSignal.timeout(1500),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
