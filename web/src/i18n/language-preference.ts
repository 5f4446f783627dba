import { matchLanguage } from './t';

/** Where the chosen language is remembered (per browser, like the session cookie is). */
export const LANGUAGE_STORAGE_KEY = 'agt.language';

/** The language to start with: the one chosen before, else the browser's. */
export function readLanguagePreference(storage: Pick<Storage, 'getItem'> | undefined, browserLanguages: readonly string[]): string {
  let saved: string | null = null;
  try {
    saved = storage?.getItem(LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    // Storage can be disabled (privacy settings); the browser's language is the fallback.
  }
  if (saved !== null && matchLanguage(saved) !== null) return saved;
  for (const language of browserLanguages) if (matchLanguage(language) !== null) return language;
  return 'en';
}

export function saveLanguagePreference(storage: Pick<Storage, 'setItem'> | undefined, tag: string): void {
  try {
    storage?.setItem(LANGUAGE_STORAGE_KEY, tag);
  } catch {
    // Not remembered then; the switch still applies to this page.
  }
}
