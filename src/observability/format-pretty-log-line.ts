/**
 * Turns one pino JSON line into a compact human line: `HH:MM:SS LEVEL msg key=value…`.
 * Used for the terminal only; files and pipes get the JSON lines unchanged.
 */

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

const LEVEL_COLOURS: Record<number, string> = {
  10: '\u001b[90m',
  20: '\u001b[36m',
  30: '\u001b[32m',
  40: '\u001b[33m',
  50: '\u001b[31m',
  60: '\u001b[35m',
};

const COLOUR_RESET = '\u001b[0m';

/** Fields printed in the fixed part of the line (or not at all). */
const FIXED_KEYS = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

export interface PrettyLogLineOptions {
  colour?: boolean;
}

export function formatPrettyLogLine(jsonLine: string, options: PrettyLogLineOptions = {}): string {
  let record: unknown;
  try {
    record = JSON.parse(jsonLine);
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return `${jsonLine.trimEnd()}\n`;
  const fields = record as Record<string, unknown>;

  const levelNumber = typeof fields.level === 'number' ? fields.level : 30;
  const levelName = (LEVEL_NAMES[levelNumber] ?? String(fields.level ?? 'INFO')).padEnd(5);
  const level = options.colour ? `${LEVEL_COLOURS[levelNumber] ?? ''}${levelName}${COLOUR_RESET}` : levelName;

  const parts = [formatClockTime(fields.time), level];
  if (typeof fields.msg === 'string' && fields.msg !== '') parts.push(fields.msg);
  for (const [key, value] of Object.entries(fields)) {
    if (FIXED_KEYS.has(key) || value === undefined) continue;
    parts.push(`${key}=${formatFieldValue(value)}`);
  }
  return `${parts.join(' ')}\n`;
}

function formatClockTime(time: unknown): string {
  const date = typeof time === 'number' || typeof time === 'string' ? new Date(time) : new Date();
  const valid = Number.isNaN(date.getTime()) ? new Date() : date;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(valid.getHours())}:${pad(valid.getMinutes())}:${pad(valid.getSeconds())}`;
}

function formatFieldValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (isSerializedError(value)) return JSON.stringify(value.message);
  return JSON.stringify(value) ?? String(value);
}

function isSerializedError(value: unknown): value is { message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'message' in value &&
    typeof value.message === 'string' &&
    ('stack' in value || 'type' in value)
  );
}
