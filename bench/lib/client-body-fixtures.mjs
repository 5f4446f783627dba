/**
 * The request bodies the client-body bench sends: what real clients send (recorded by the client suite into
 * bench/fixtures/clients/, see test/clients), a Claude Code conversation of about 1 MB
 * (bench/fixtures/conversations/, built by bench/build-long-conversation.mjs) and a 12 MB body of multi-byte text
 * (made here: a user message of Japanese text, 3 bytes a character, which the simulator echoes back whole).
 *
 * Each fixture is sent as recorded: same path, same headers (minus the transport ones the load generator sets
 * itself), same body bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The fixtures measured by default: one or two per client and protocol, and the two large bodies. */
export const DEFAULT_FIXTURES = [
  'claude-code-2.1.197-default-plain',
  'claude-code-2.1.328-sonnet-tool',
  'codex-gpt-5-tool',
  'gemini-cli-pro-tool',
  'opencode-chat-tool',
  'opencode-responses-tool',
  'qwen-code-anthropic-tool',
  'claude-code-long-tool-conversation',
  'multibyte-12mb',
];

/** Fixtures whose size makes closed-loop throughput at 16/64 meaningless (they would queue on the body budget). */
export const LATENCY_ONLY_FIXTURES = new Set(['multibyte-12mb']);

const DROPPED_HEADERS = new Set(['accept-encoding', 'content-length', 'host', 'connection', 'transfer-encoding', 'authorization', 'x-api-key', 'x-goog-api-key']);

function protocolOfPath(path) {
  if (path.startsWith('/v1/messages')) return 'Anthropic messages';
  if (path.startsWith('/v1/responses')) return 'OpenAI responses';
  if (path.startsWith('/v1/chat/completions')) return 'OpenAI chat';
  if (path.startsWith('/v1beta/')) return 'Gemini';
  return path;
}

function streamingOf(path, body) {
  if (path.includes(':streamGenerateContent')) return true;
  return body?.stream === true;
}

/**
 * The recorder scrubs every long hex string, the nonce inside the simulator's thought signatures included, which
 * leaves `sim-sig-<family>-000…-<check>` with a check that no longer matches: the simulator refuses it as corrupted
 * and agt retries without the signatures, two upstream calls instead of one. The check is computed again for the
 * zero nonce (the format of src/simulator/sim-thought-signature.ts), so the signature is intact as a real client's is.
 */
function repairScrubbedSignatures(json) {
  return json.replace(/sim-sig-(claude|gemini)-(0{48})-[0-9a-f]{16}/g, (_match, family, nonce) => {
    const check = createHash('sha256').update(`sim-thought-check:${family}:${nonce}`).digest('hex').slice(0, 16);
    return `sim-sig-${family}-${nonce}-${check}`;
  });
}

/** Appended to the last text of a fixture's conversation; its digits are rewritten for every request. */
const TURN_MARKER = ' [turn 0000000]';
const TURN_DIGITS = 7;

/** The conversation array of a request body, whatever its protocol. */
function conversationOf(body) {
  for (const member of ['messages', 'input', 'contents']) if (Array.isArray(body?.[member])) return body[member];
  return undefined;
}

/** Appends the turn marker to the last string named `text`, `content` or `output` in `value` (depth first, last first). */
function markLastText(value) {
  if (Array.isArray(value)) {
    for (let index = value.length - 1; index >= 0; index -= 1) if (markLastText(value[index])) return true;
    return false;
  }
  if (typeof value !== 'object' || value === null) return false;
  for (const key of Object.keys(value).reverse()) {
    if ((key === 'text' || key === 'content' || key === 'output') && typeof value[key] === 'string') {
      value[key] += TURN_MARKER;
      return true;
    }
    if (markLastText(value[key])) return true;
  }
  return false;
}

/**
 * Makes `bodyForRequest()`: the fixture's bytes with a different turn number in its last message for every request,
 * as the next turn of a session would be (a new last message after the same history), so no request is the exact
 * bytes of the one before. Without a conversation to mark, the bytes as they are.
 */
function withTurnNumbers(fixture, parsed) {
  const conversation = conversationOf(parsed);
  if (conversation === undefined || !markLastText(conversation.at(-1))) {
    const bytes = Buffer.from(fixture.body);
    return { ...fixture, bodyForRequest: () => bytes };
  }
  const body = JSON.stringify(parsed);
  const template = Buffer.from(body);
  const digitsAt = template.lastIndexOf(TURN_MARKER) + TURN_MARKER.length - TURN_DIGITS - 1;
  let turn = 0;
  return {
    ...fixture,
    body,
    bytes: template.length,
    bodyForRequest: () => {
      turn = (turn + 1) % 10 ** TURN_DIGITS;
      const bytes = Buffer.from(template);
      bytes.write(String(turn).padStart(TURN_DIGITS, '0'), digitsAt, 'latin1');
      return bytes;
    },
  };
}

function fromRecording(name, recording) {
  const headers = {};
  for (const [key, value] of Object.entries(recording.headers ?? {})) {
    if (!DROPPED_HEADERS.has(key.toLowerCase())) headers[key] = value;
  }
  headers['content-type'] ??= 'application/json';
  const body = repairScrubbedSignatures(JSON.stringify(recording.body));
  return withTurnNumbers({
    name,
    client: recording.client,
    protocol: protocolOfPath(recording.path),
    stream: streamingOf(recording.path, recording.body),
    path: recording.path,
    headers,
    body,
    bytes: Buffer.byteLength(body),
  }, JSON.parse(body));
}

/** 12 MB of multi-byte text in one OpenAI chat message (the case the body-size work started from). */
function buildMultibyteFixture(bytes) {
  const unit = '日本語のテキストを送ります。';
  const text = unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)));
  const parsed = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: text }] };
  const body = JSON.stringify(parsed);
  return withTurnNumbers({
    name: 'multibyte-12mb',
    client: 'generated: one user message of Japanese text (3 bytes a character)',
    protocol: 'OpenAI chat',
    stream: false,
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json' },
    body,
    bytes: Buffer.byteLength(body),
  }, parsed);
}

/**
 * @param {string} root the package root
 * @param {{ names?: string[], multibyteBytes?: number }} options names: fixture names (file names without .json)
 */
export function loadClientBodyFixtures(root, { names = DEFAULT_FIXTURES, multibyteBytes = 12_000_000 } = {}) {
  return names.map((name) => {
    if (name === 'multibyte-12mb') return buildMultibyteFixture(multibyteBytes);
    for (const directory of ['clients', 'conversations']) {
      try {
        return fromRecording(name, JSON.parse(readFileSync(join(root, 'bench', 'fixtures', directory, `${name}.json`), 'utf8')));
      } catch (error) {
        if (error.code !== 'ENOENT') throw error;
      }
    }
    throw new Error(`no fixture named ${name} in bench/fixtures/clients or bench/fixtures/conversations`);
  });
}
