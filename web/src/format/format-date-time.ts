/** A local date and time (`2024-05-01 14:03:07` style in the user's locale). */
export function formatDateTime(ms: number, locale?: string, timeZone?: string): string {
  return new Date(ms).toLocaleString(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone,
  });
}

/** Only the local time of day, for dense log tables. */
export function formatTimeOfDay(ms: number, locale?: string, timeZone?: string): string {
  return new Date(ms).toLocaleTimeString(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone,
  });
}
