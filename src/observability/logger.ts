import pino from 'pino';
import { redactSecrets } from '../shared/redact.js';
import { formatPrettyLogLine } from './format-pretty-log-line.js';

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** pino level name; `info` by default, `silent` turns logging off. */
  level?: string;
  /** A stream, or a file path (appended to, parent folders created). stdout when absent. */
  destination?: NodeJS.WritableStream | string;
  /** Print `HH:MM:SS LEVEL msg key=value…` instead of JSON lines (meant for a TTY). */
  pretty?: boolean;
}

const SECRET_KEYS = ['access_token', 'refresh_token', 'id_token', 'client_secret', 'authorization', 'api_key', 'password'];
const SECRET_HEADERS = ['authorization', '["x-api-key"]', '["x-goog-api-key"]', 'cookie'];

/**
 * Key paths censored to `***` before a line is written: the secret keys at the top level and one level down
 * (`{ token: { refresh_token } }`), and the credential headers of a request object.
 */
const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_HEADERS.map((header) => joinPath('headers', header)),
  ...SECRET_HEADERS.map((header) => joinPath('req.headers', header)),
];

function joinPath(prefix: string, key: string): string {
  return key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`;
}

/**
 * The structured logger: pino with secret redaction. Key-based redaction covers known field names; every
 * top-level string value, the message and error messages/stacks also go through `redactSecrets`, so a token
 * quoted inside an upstream error text is scrubbed too.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pinoOptions: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '***' },
    serializers: {
      msg: redactMessage,
      err: serializeRedactedError,
      error: serializeRedactedError,
    },
    formatters: { log: redactTopLevelStrings },
  };
  return pino(pinoOptions, buildDestination(options));
}

function buildDestination(options: LoggerOptions): pino.DestinationStream {
  const target =
    typeof options.destination === 'string'
      ? pino.destination({ dest: options.destination, mkdir: true, sync: false })
      : (options.destination ?? pino.destination(1));
  if (!options.pretty) return target;
  const colour = 'isTTY' in target && target.isTTY === true;
  return {
    write(line: string) {
      target.write(formatPrettyLogLine(line, { colour }));
    },
  };
}

function redactMessage(message: unknown): unknown {
  return typeof message === 'string' ? redactSecrets(message) : message;
}

function serializeRedactedError(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (!(value instanceof Error)) return value;
  const serialized: Record<string, unknown> = { ...pino.stdSerializers.err(value) };
  for (const key of ['message', 'stack'] as const) {
    const text = serialized[key];
    if (typeof text === 'string') serialized[key] = redactSecrets(text);
  }
  return serialized;
}

/** Copies the object only when a string actually changes, so ordinary lines cost a scan and nothing more. */
function redactTopLevelStrings(object: Record<string, unknown>): Record<string, unknown> {
  let result = object;
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (typeof value !== 'string') continue;
    const redacted = redactSecrets(value);
    if (redacted === value) continue;
    if (result === object) result = { ...object };
    result[key] = redacted;
  }
  return result;
}
