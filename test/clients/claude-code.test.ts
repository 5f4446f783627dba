import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureClientInstalled, readClientVersions } from './install-clients.mjs';
import { expectCleanRun, generationExchanges, markScenario } from './support/expect-clean-run.js';
import { readConfigSnippet, readShellExports } from './support/read-config-snippet.js';
import { recordClientFixture } from './support/record-client-fixture.js';
import { parseJsonLines, runClient } from './support/run-client.js';
import { NOTES_TEXT, startClientStack, type ClientExchange, type ClientStack, type ClientWorkspace } from './support/start-client-stack.js';

// A real client run takes seconds, and much longer on a loaded 2-core machine; installing one, a minute or two.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 600_000 });

/**
 * Claude Code, the current release and the previous minor (pinned in client-versions.json), run as `claude -p`
 * against a real `agt serve` over the simulated Google, configured with the dashboard's snippet (the README's):
 * `ANTHROPIC_BASE_URL=<agt>` and `ANTHROPIC_AUTH_TOKEN`, plus Claude Code's own switches for no traffic but the API.
 * Each version: its default model (for which it sends `role: "system"` entries inside `messages`) and
 * `--model claude-sonnet-4-6`; a plain prompt (whose exact body is then counted on `count_tokens`, as the
 * interactive client does), the stream-json output, and a tool round trip (the simulated model
 * asks for `Read` on a real file, Claude Code reads it, the result goes back, the answer carries the file's text).
 */
const { 'claude-code': claudeCode } = await readClientVersions();
const PROMPT = 'Say hello to the client suite';
const SONNET = ['--model', 'claude-sonnet-4-6'];

describe.each(claudeCode.versions)('Claude Code %s', (version) => {
  let stack: ClientStack;
  let binary: string;

  beforeAll(async () => {
    binary = await ensureClientInstalled('claude-code', version);
    stack = await startClientStack();
  }, 600_000);

  afterAll(async () => {
    await stack?.close();
  });

  async function claude(workspace: ClientWorkspace, args: string[]) {
    return runClient({
      binary,
      args: ['-p', ...args],
      cwd: workspace.cwd,
      home: workspace.home,
      proxyEnv: stack.proxyEnv,
      env: {
        // ANTHROPIC_BASE_URL and ANTHROPIC_AUTH_TOKEN, as the dashboard's snippet exports them.
        ...readShellExports(readConfigSnippet('claude-code', stack.agtUrl, stack.apiKey)),
        // No telemetry, error reports, update checks or other calls home: only the API.
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_AUTOUPDATER: '1',
        DISABLE_TELEMETRY: '1',
        DISABLE_ERROR_REPORTING: '1',
      },
    });
  }

  /**
   * Claude Code calls `/v1/messages/count_tokens` with the body it would send (interactive `/context`, its token
   * warnings); `-p` never does, so the exact body it just sent is counted, with its own headers.
   */
  async function expectCountTokens(exchange: ClientExchange | undefined): Promise<void> {
    expect(exchange).toBeDefined();
    const { max_tokens: _maxTokens, stream: _stream, ...body } = JSON.parse(exchange?.requestBody ?? '{}') as Record<string, unknown>;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-api-key': stack.apiKey };
    for (const name of ['anthropic-version', 'anthropic-beta', 'x-claude-code-session-id']) {
      const value = exchange?.requestHeaders[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const response = await fetch(`${stack.agtUrl}/v1/messages/count_tokens?beta=true`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect((JSON.parse(text) as { input_tokens: number }).input_tokens).toBeGreaterThan(1000);
  }

  function readResult(stdout: string): { is_error: boolean; result: string } {
    const result = parseJsonLines(stdout).find((line) => line.type === 'result');
    expect(result, stdout).toBeDefined();
    return result as unknown as { is_error: boolean; result: string };
  }


  it('default model: a plain prompt (role "system" entries inside messages reach the model)', async () => {
    const workspace = await stack.makeWorkspace(`cc-${version}-default-plain`);
    const mark = markScenario(stack);
    const run = await claude(workspace, ['--output-format', 'json', PROMPT]);
    const exchanges = expectCleanRun(stack, mark, run);
    const result = readResult(run.stdout);
    expect(result.is_error).toBe(false);
    expect(result.result).toContain(PROMPT);
    const requests = generationExchanges(exchanges);
    const roles = requests.flatMap((exchange) => (JSON.parse(exchange.requestBody) as { messages: Array<{ role: string }> }).messages.map((message) => message.role));
    expect(roles).toContain('system');
    await expectCountTokens(requests.at(-1));
    await recordClientFixture(`claude-code-${version}-default-plain`, `claude-code ${version}`, requests.at(-1), workspace);
  });

  it('default model: a tool round trip', async () => {
    const workspace = await stack.makeWorkspace(`cc-${version}-default-tool`);
    const mark = markScenario(stack);
    const run = await claude(workspace, ['--output-format', 'json', `call the tool Read with {"file_path":"${workspace.notesPath}"}`]);
    expectCleanRun(stack, mark, run);
    const result = readResult(run.stdout);
    expect(result.is_error).toBe(false);
    expect(result.result).toContain(NOTES_TEXT);
  });

  it('claude-sonnet-4-6: a plain prompt', async () => {
    const workspace = await stack.makeWorkspace(`cc-${version}-sonnet-plain`);
    const mark = markScenario(stack);
    const run = await claude(workspace, [...SONNET, '--output-format', 'json', PROMPT]);
    const exchanges = expectCleanRun(stack, mark, run);
    expect(readResult(run.stdout)).toMatchObject({ is_error: false, result: expect.stringContaining(PROMPT) });
    await expectCountTokens(generationExchanges(exchanges).at(-1));
    await recordClientFixture(`claude-code-${version}-sonnet-plain`, `claude-code ${version}`, generationExchanges(exchanges).at(-1), workspace);
  });

  it('claude-sonnet-4-6: streaming output (stream-json), every event well formed', async () => {
    const workspace = await stack.makeWorkspace(`cc-${version}-sonnet-stream`);
    const mark = markScenario(stack);
    const run = await claude(workspace, [...SONNET, '--output-format', 'stream-json', '--verbose', PROMPT]);
    expectCleanRun(stack, mark, run);
    const events = parseJsonLines(run.stdout);
    expect(events[0]).toMatchObject({ type: 'system', subtype: 'init' });
    expect(events.some((event) => event.type === 'assistant')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'result', subtype: 'success', is_error: false, result: expect.stringContaining(PROMPT) });
  });

  it('claude-sonnet-4-6: a tool round trip (Read on a real file)', async () => {
    const workspace = await stack.makeWorkspace(`cc-${version}-sonnet-tool`);
    const mark = markScenario(stack);
    const run = await claude(workspace, [...SONNET, '--output-format', 'stream-json', '--verbose', `call the tool Read with {"file_path":"${workspace.notesPath}"}`]);
    const exchanges = expectCleanRun(stack, mark, run);
    const events = parseJsonLines(run.stdout);
    expect(events.at(-1)).toMatchObject({ type: 'result', subtype: 'success', result: expect.stringContaining(NOTES_TEXT) });
    const requests = generationExchanges(exchanges);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.at(-1)?.requestBody).toContain('tool_result');
    await recordClientFixture(`claude-code-${version}-sonnet-tool`, `claude-code ${version}`, requests.at(-1), workspace);
  });
});
