/** `1234567` → `1.2M` (locale-aware compact notation; `1.2百万` in Chinese), small numbers unchanged. */
export function formatCompactNumber(value: number, locale = 'en'): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** `1234567` → `1,234,567` in the locale's grouping. */
export function formatInteger(value: number, locale = 'en'): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}
