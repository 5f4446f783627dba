import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureClientInstalled, readClientVersions } from './install-clients.mjs';
import { expectCleanRun, generationExchanges, markScenario } from './support/expect-clean-run.js';
import { readConfigSnippet } from './support/read-config-snippet.js';
import { recordClientFixture } from './support/record-client-fixture.js';
import { parseJsonLines, runClient } from './support/run-client.js';
import { NOTES_TEXT, startClientStack, type ClientStack, type ClientWorkspace } from './support/start-client-stack.js';

// A real client run takes seconds, and much longer on a loaded 2-core machine; installing one, a minute or two.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 600_000 });

/**
 * Codex CLI as `codex exec`, against a real `agt serve` over the simulated Google, with the README's provider
 * (the dashboard's snippet: `wire_api = "responses"`, the only wire Codex accepts) in a `config.toml` under a temporary
 * CODEX_HOME, with update checks, analytics, feedback and the plugin catalogue sync off. Its default model, and `gpt-5`: a plain prompt, the `--json` event
 * stream, and a tool round trip (the simulated model asks for `exec_command` with `cat notes.txt`; Codex runs it in
 * its sandbox and sends the output back).
 */
const { codex: codexEntry } = await readClientVersions();
const version = codexEntry.versions[0];
const PROMPT = 'Say hello to the client suite';

/**
 * The dashboard's Codex snippet (the README's `config.toml`: `wire_api = "responses"`, `model = "gpt-5"`), plus the
 * switches that keep Codex from calling anything but agt. `defaultModel` leaves the model line out.
 */
function buildCodexConfig(agtUrl: string, apiKey: string, defaultModel: boolean): string {
  const snippet = readConfigSnippet('codex-cli', agtUrl, apiKey)
    .split('\n')
    .filter((line) => !(defaultModel && line.startsWith('model = ')));
  const offline = [
    'check_for_update_on_startup = false',
    '',
    '[analytics]',
    'enabled = false',
    '',
    '[feedback]',
    'enabled = false',
    '',
    // The curated plugin catalogue is synced from github.com and chatgpt.com at start-up.
    '[features]',
    'plugins = false',
    '',
  ];
  // Top-level keys must come before the first table.
  const firstTable = snippet.findIndex((line) => line.startsWith('['));
  return [...snippet.slice(0, firstTable), offline[0], '', ...snippet.slice(firstTable), '', ...offline.slice(2)].join('\n');
}

describe(`Codex CLI ${version}`, () => {
  let stack: ClientStack;
  let binary: string;

  beforeAll(async () => {
    binary = await ensureClientInstalled('codex', version);
    stack = await startClientStack();
  }, 600_000);

  afterAll(async () => {
    await stack?.close();
  });

  async function codex(workspace: ClientWorkspace, args: string[], options: { defaultModel?: boolean } = {}) {
    const codexHome = join(workspace.home, '.codex');
    await mkdir(codexHome, { recursive: true });
    await writeFile(join(codexHome, 'config.toml'), buildCodexConfig(stack.agtUrl, stack.apiKey, options.defaultModel === true));
    return runClient({
      binary,
      args: ['exec', '--skip-git-repo-check', ...args],
      cwd: workspace.cwd,
      home: workspace.home,
      proxyEnv: stack.proxyEnv,
      env: { CODEX_HOME: codexHome, AGT_API_KEY: stack.apiKey },
    });
  }


  it('default model: a plain prompt', async () => {
    const workspace = await stack.makeWorkspace('codex-default-plain');
    const mark = markScenario(stack);
    const run = await codex(workspace, [PROMPT], { defaultModel: true });
    expectCleanRun(stack, mark, run);
    expect(run.stdout).toContain(PROMPT);
  });

  it('default model: a tool round trip', async () => {
    const workspace = await stack.makeWorkspace('codex-default-tool');
    const mark = markScenario(stack);
    // Codex's default model works in code mode ("responses lite"): its only tools arrive in an `additional_tools`
    // input item, and shell commands run through the `exec` tool (JavaScript calling the nested `tools.exec_command`).
    const script = "text(await tools.exec_command({cmd: 'cat notes.txt'}))";
    const run = await codex(workspace, [`call the tool functions__exec with ${JSON.stringify({ input: script })}`], { defaultModel: true });
    const exchanges = expectCleanRun(stack, mark, run);
    expect(run.stdout).toContain(NOTES_TEXT);
    await recordClientFixture('codex-default-tool', `codex ${version}`, generationExchanges(exchanges).at(-1), workspace);
  });

  it('gpt-5: a plain prompt', async () => {
    const workspace = await stack.makeWorkspace('codex-gpt5-plain');
    const mark = markScenario(stack);
    const run = await codex(workspace, [PROMPT]);
    const exchanges = expectCleanRun(stack, mark, run);
    expect(run.stdout).toContain(PROMPT);
    const requests = generationExchanges(exchanges);
    expect(requests.every((exchange) => exchange.path === '/v1/responses')).toBe(true);
    await recordClientFixture('codex-gpt-5-plain', `codex ${version}`, requests.at(-1), workspace);
  });

  it('gpt-5: the --json event stream', async () => {
    const workspace = await stack.makeWorkspace('codex-gpt5-stream');
    const mark = markScenario(stack);
    const run = await codex(workspace, ['--json', PROMPT]);
    expectCleanRun(stack, mark, run);
    const events = parseJsonLines(run.stdout);
    const message = events.find((event) => event.type === 'item.completed' && (event.item as { type?: string }).type === 'agent_message');
    expect((message?.item as { text?: string } | undefined)?.text).toContain(PROMPT);
    expect(events.at(-1)).toMatchObject({ type: 'turn.completed' });
  });

  it('gpt-5: a tool round trip (exec_command runs cat in the sandbox)', async () => {
    const workspace = await stack.makeWorkspace('codex-gpt5-tool');
    const mark = markScenario(stack);
    const run = await codex(workspace, ['--json', 'call the tool exec_command with {"cmd":"cat notes.txt"}']);
    const exchanges = expectCleanRun(stack, mark, run);
    const events = parseJsonLines(run.stdout);
    const command = events.find((event) => event.type === 'item.completed' && (event.item as { type?: string }).type === 'command_execution');
    expect(command?.item).toMatchObject({ exit_code: 0, aggregated_output: expect.stringContaining(NOTES_TEXT) });
    const answer = events.filter((event) => event.type === 'item.completed' && (event.item as { type?: string }).type === 'agent_message').at(-1);
    expect((answer?.item as { text?: string } | undefined)?.text).toContain(NOTES_TEXT);
    const requests = generationExchanges(exchanges);
    expect(requests.at(-1)?.requestBody).toContain('function_call_output');
    await recordClientFixture('codex-gpt-5-tool', `codex ${version}`, requests.at(-1), workspace);
  });
});
