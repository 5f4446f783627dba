import { en } from './en';
import type { MessageKey, Messages } from './en';

/** Dictionaries by language tag; add a file beside `en.ts` and list it here to offer another language. */
const DICTIONARIES: Record<string, Messages> = { en };

let active: Messages = en;
let activeLocale = 'en';

/** Switches the dictionary (falls back to English for unknown tags and for keys a dictionary lacks). */
export function setLocale(locale: string): void {
  const base = locale.toLowerCase().split('-')[0] ?? 'en';
  const dictionary = DICTIONARIES[locale] ?? DICTIONARIES[base];
  active = dictionary ?? en;
  activeLocale = dictionary === undefined ? 'en' : locale;
}

/** The language tag of the active dictionary, for `Intl` formatters. */
export function getLocale(): string {
  return activeLocale;
}

/** Looks up `key` and fills `{name}` placeholders from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template = active[key] ?? en[key];
  if (params === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
