const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "5 minutes ago" / "in 2 hours" for `thenMs` seen from `nowMs`; under 10 s either way reads "now". */
export function formatRelativeTime(thenMs: number, nowMs: number, locale = 'en'): string {
  const formatter = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  let amount = (thenMs - nowMs) / 1000;
  if (Math.abs(amount) < 10) return formatter.format(0, 'second');
  for (const [unit, size] of UNITS) {
    if (Math.abs(amount) < size) return formatter.format(Math.trunc(amount), unit);
    amount /= size;
  }
  return formatter.format(Math.trunc(amount), 'year');
}
