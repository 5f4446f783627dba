import { en } from './en';
import type { MessageKey, Messages } from './en';
import { zhCN } from './zh-cn';
import { zhTW } from './zh-tw';

/** The languages the dashboard offers, each named in itself for the switch. */
export const LANGUAGES: ReadonlyArray<{ tag: string; name: string }> = [
  { tag: 'en', name: 'English' },
  { tag: 'zh-TW', name: '繁體中文' },
  { tag: 'zh-CN', name: '简体中文' },
];

/** Dictionaries by language tag; add a file beside `en.ts` and list it here (and in LANGUAGES) to offer another. */
const DICTIONARIES: Record<string, Messages> = { en, 'zh-TW': zhTW, 'zh-CN': zhCN };

let active: Messages = en;
let activeLocale = 'en';

/**
 * The dictionary tag for a browser language: Chinese written in Traditional characters (zh-TW, zh-HK, zh-MO,
 * zh-Hant) → zh-TW, other Chinese → zh-CN, any English → en; null when no dictionary fits.
 */
export function matchLanguage(locale: string): string | null {
  const lower = locale.toLowerCase();
  if (DICTIONARIES[locale] !== undefined) return locale;
  const exact = Object.keys(DICTIONARIES).find((tag) => tag.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  if (lower.startsWith('zh')) return /hant|-tw|-hk|-mo/.test(lower) ? 'zh-TW' : 'zh-CN';
  if (lower.split('-')[0] === 'en') return 'en';
  return null;
}

/** Switches the dictionary (falls back to English for unknown tags and for keys a dictionary lacks). */
export function setLocale(locale: string): void {
  const tag = matchLanguage(locale);
  active = tag === null ? en : (DICTIONARIES[tag] ?? en);
  // English keeps the browser's own tag (en-GB dates stay British); Chinese uses the dictionary's.
  activeLocale = tag === null ? 'en' : tag === 'en' ? locale : tag;
}

/** The language tag of the active dictionary, for `Intl` formatters. */
export function getLocale(): string {
  return activeLocale;
}

/** The dictionary in use (`en`, `zh-TW`, `zh-CN`), for the language switch. */
export function getLanguage(): string {
  return matchLanguage(activeLocale) ?? 'en';
}

/** Looks up `key` and fills `{name}` placeholders from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template = active[key] ?? en[key];
  if (params === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
