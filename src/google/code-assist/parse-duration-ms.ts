/**
 * Parses the duration spellings Google and Antigravity use into milliseconds (not rounded):
 * protobuf Duration strings (`"0.539477544s"`), Go durations (`"1h2m3.5s"`, `"510.79ms"`), words
 * (`"3 seconds"`, `"2 minutes"`), a bare number of seconds (`"41"`, `41`), and `{seconds, nanos}` objects.
 * Returns undefined for anything else, including negative values.
 */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value === 'string') return parseDurationText(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
    if (seconds === undefined && nanos === undefined) return undefined;
    const wholeSeconds = toNumber(seconds ?? 0);
    const nanoseconds = toNumber(nanos ?? 0);
    if (wholeSeconds === undefined || nanoseconds === undefined) return undefined;
    const total = wholeSeconds * 1000 + nanoseconds / 1e6;
    return total >= 0 ? total : undefined;
  }
  return undefined;
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

const COMPONENT = /(\d+(?:\.\d+)?)\s*(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)(?![a-z])/giy;

function parseDurationText(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  let total = 0;
  let position = 0;
  let matched = false;
  COMPONENT.lastIndex = 0;
  while (position < trimmed.length) {
    COMPONENT.lastIndex = position;
    const match = COMPONENT.exec(trimmed);
    if (match === null) return undefined;
    total += Number(match[1]) * (UNIT_MS[match[2]] ?? Number.NaN);
    matched = true;
    position = COMPONENT.lastIndex;
    while (position < trimmed.length && /[\s,]/.test(trimmed[position] ?? '')) position += 1;
    if (trimmed.startsWith('and ', position)) position += 4;
  }
  return matched && Number.isFinite(total) ? total : undefined;
}

function toNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}
