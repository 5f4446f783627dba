#!/usr/bin/env node
/**
 * `node bench/build-long-conversation.mjs` (after `npm run build`): writes
 * bench/fixtures/conversations/claude-code-long-tool-conversation.json, a Claude Code tool-using conversation of
 * about 1 MB, the size a working session reaches after an hour of reading and editing code.
 *
 * It starts from the recorded Claude Code tool turn (bench/fixtures/clients/claude-code-2.1.197-sonnet-tool.json:
 * 24 tools, three system blocks, one tool round trip) and appends the turns Claude Code sends back on every
 * request: assistant turns with a thinking block and its signature (the simulator's format, which agt hands out
 * prefixed with the family, `claude#sim-sig-claude-…`), a sentence of text and tool calls (Read, Bash, Grep through
 * Bash, Edit, sometimes two in parallel); user turns with the tool results: files in `cat -n` form, command
 * output, edit confirmations, and now and then a `<system-reminder>` block. The files are this repository's own
 * sources at a pinned commit (read with `git show`), so the text has real code's quotes, backslashes, newlines and
 * the odd non-ASCII character (—, →, é), and the output is the same on every run. As Claude Code does, only the
 * last block of the last message carries `cache_control`.
 *
 * Options: --bytes N (target size, default 1,000,000), --out FILE.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The commit whose sources fill the tool results (a commit of this repository; changing it changes the fixture). */
const SOURCE_COMMIT = '557b68edcc7d25d2e24a9d42866cd684a12ae61c';
const BASE_FIXTURE = join(ROOT, 'bench', 'fixtures', 'clients', 'claude-code-2.1.197-sonnet-tool.json');
const DEFAULT_OUT = join(ROOT, 'bench', 'fixtures', 'conversations', 'claude-code-long-tool-conversation.json');
const PROJECT = '/home/user/project';

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const index = argv.indexOf(name);
  return index === -1 ? fallback : argv[index + 1];
};
const targetBytes = Number(option('--bytes', '1000000'));
const outPath = resolve(option('--out', DEFAULT_OUT));

function git(args) {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The pinned commit, resolved from its (abbreviated) hash so a shallow or moved checkout fails loudly. */
const commit = git(['rev-parse', '--verify', `${SOURCE_COMMIT.slice(0, 7)}^{commit}`]).trim();
const sources = git(['ls-tree', '-r', '--name-only', commit, 'src'])
  .split('\n')
  .filter((path) => path.endsWith('.ts'))
  .sort();
const sourceCache = new Map();
const readSource = (path) => {
  if (!sourceCache.has(path)) sourceCache.set(path, git(['show', `${commit}:${path}`]));
  return sourceCache.get(path);
};

/** Deterministic choices: a counter hashed, never Math.random. */
function pick(list, seed) {
  const value = createHash('sha256').update(String(seed)).digest().readUInt32BE(0);
  return list[value % list.length];
}

/** The simulator's signature format (src/simulator/sim-thought-signature.ts), with agt's family prefix. */
function simSignature(seed) {
  const nonce = createHash('sha256').update(seed).digest('hex').slice(0, 48);
  const check = createHash('sha256').update(`sim-thought-check:claude:${nonce}`).digest('hex').slice(0, 16);
  return `claude#sim-sig-claude-${nonce}-${check}`;
}

function toolUseId(seed) {
  return `toolu_01${createHash('sha256').update(`tool:${seed}`).digest('base64url').replace(/[-_]/g, 'x').slice(0, 22)}`;
}

/** `cat -n` the way Claude Code's Read tool returns a file: right-aligned line numbers, a tab, the line. */
function catN(text, fromLine = 1, maxLines = 2000) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines
    .slice(fromLine - 1, fromLine - 1 + maxLines)
    .map((line, index) => `${String(fromLine + index).padStart(6)}\t${line}`)
    .join('\n');
}

const THOUGHTS = [
  (file) => `The user wants the request path to stay linear. ${file} is where the body is handled, so I should read it before changing anything — the parse, the depth check and the log copy all touch the same string.`,
  (file) => `Looking at ${file}: the function builds the upstream payload once and splices the request JSON in. I need to check whether anything upstream of it walks the whole body again, e.g. the redaction or the request log.`,
  (file) => `${file} exports a pure converter. Its tests sit beside it, so after the edit I should run just that file with vitest rather than the whole suite; the machine is shared.`,
  (file) => `I'm not sure the watcher in ${file} ignores agt's own writes. Let me grep for the debounce and the ignore list before assuming anything about reload behaviour.`,
  (file) => `The error in the last output points at ${file}. The stack shows the converter being called with an undefined schema → I should guard the missing "properties" case and keep unknown fields as they are.`,
];

const GREPS = ['JSON.parse', 'Buffer.from', 'redactSecrets', 'structuredClone', 'setImmediate', 'cork', 'toString(', 'new Map('];

function grepOutput(pattern, seed) {
  const hits = [];
  for (const path of sources) {
    if (hits.length >= 60) break;
    if (pick([true, false, false], `${seed}:${path}`) === false) continue;
    const lines = readSource(path).split('\n');
    lines.forEach((line, index) => {
      if (hits.length < 60 && line.includes(pattern)) hits.push(`${path}:${index + 1}:${line}`);
    });
  }
  return hits.join('\n') || '(no matches)';
}

const base = JSON.parse(readFileSync(BASE_FIXTURE, 'utf8'));
const body = JSON.parse(JSON.stringify(base.body));
const messages = body.messages;
for (const message of messages) {
  if (Array.isArray(message.content)) for (const block of message.content) delete block.cache_control;
}

let turn = 0;
let fileIndex = 0;
const nextFile = () => sources[(fileIndex += 7) % sources.length];
const size = () => Buffer.byteLength(JSON.stringify(body));

while (size() < targetBytes) {
  turn += 1;
  const kind = pick(['read', 'read', 'read', 'bash', 'grep', 'edit', 'parallel'], `kind:${turn}`);
  const file = nextFile();
  const thinking = { type: 'thinking', thinking: `${pick(THOUGHTS, `thought:${turn}`)(file)}\n\n${pick(THOUGHTS, `thought2:${turn}`)(nextFile())}`, signature: simSignature(`long-conversation:${turn}`) };
  const assistant = [thinking];
  const results = [];
  const call = (name, input, output) => {
    const id = toolUseId(`${turn}:${assistant.length}`);
    assistant.push({ type: 'tool_use', id, name, input });
    results.push({ tool_use_id: id, type: 'tool_result', content: output });
  };
  if (kind === 'read' || kind === 'parallel') {
    assistant.push({ type: 'text', text: `Let me read ${file}.` });
    call('Read', { file_path: `${PROJECT}/${file}` }, catN(readSource(file)));
    if (kind === 'parallel') {
      const other = nextFile();
      call('Read', { file_path: `${PROJECT}/${other}` }, catN(readSource(other)));
    }
  } else if (kind === 'bash') {
    call('Bash', { command: `npx vitest run ${file.replace(/\.ts$/, '.test.ts')}`, description: 'Run the tests beside the changed file' }, [
      '',
      ` RUN  v4.1.5 ${PROJECT}`,
      '',
      ` ✓ ${file.replace(/\.ts$/, '.test.ts')} (${(turn % 17) + 3} tests) ${(turn * 37) % 900}ms`,
      '',
      ' Test Files  1 passed (1)',
      `      Tests  ${(turn % 17) + 3} passed (${(turn % 17) + 3})`,
      `   Duration  ${((turn * 53) % 4000) / 1000 + 1}s`,
    ].join('\n'));
  } else if (kind === 'grep') {
    const pattern = pick(GREPS, `grep:${turn}`);
    call('Bash', { command: `grep -rn "${pattern}" src`, description: `Find uses of ${pattern}` }, grepOutput(pattern, turn));
  } else {
    const lines = readSource(file).split('\n');
    const start = Math.min(lines.length - 1, (turn * 13) % Math.max(1, lines.length - 6));
    const oldString = lines.slice(start, start + 4).join('\n');
    const newString = `${oldString}\n// checked: the body is read once here`;
    call('Edit', { file_path: `${PROJECT}/${file}`, old_string: oldString, new_string: newString },
      `The file ${PROJECT}/${file} has been updated. Here's the result of running \`cat -n\` on a snippet of the edited file:\n${catN(`${newString}\n`, start + 1)}`);
  }
  messages.push({ role: 'assistant', content: assistant });
  if (turn % 6 === 0) results.push({ type: 'text', text: `<system-reminder>\nThe TodoWrite tool hasn't been used recently. If you're working on tasks that would benefit from tracking progress, consider using it. Make sure that you NEVER mention this reminder to the user\n</system-reminder>` });
  messages.push({ role: 'user', content: results });
}
const last = messages.at(-1).content.at(-1);
last.cache_control = { type: 'ephemeral' };

const fixture = {
  client: `${base.client} (long tool conversation: ${turn} more turns built by bench/build-long-conversation.mjs from ${SOURCE_COMMIT.slice(0, 7)})`,
  method: base.method,
  path: base.path,
  headers: base.headers,
  body,
};
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${JSON.stringify(fixture, null, 1)}\n`);
process.stderr.write(`wrote ${outPath}: ${messages.length} messages, body ${size().toLocaleString('en-US')} bytes\n`);
