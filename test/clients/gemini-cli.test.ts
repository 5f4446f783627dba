import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureClientInstalled, readClientVersions } from './install-clients.mjs';
import { expectCleanRun, generationExchanges, markScenario } from './support/expect-clean-run.js';
import { readConfigSnippet, readShellExports } from './support/read-config-snippet.js';
import { recordClientFixture } from './support/record-client-fixture.js';
import { parseJsonLines, runClient } from './support/run-client.js';
import { NOTES_TEXT, startClientStack, type ClientStack, type ClientWorkspace } from './support/start-client-stack.js';

// A real client run takes seconds, and much longer on a loaded 2-core machine; installing one, a minute or two.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 600_000 });

/**
 * Gemini CLI as `gemini -p`, against a real `agt serve` over the simulated Google, configured with the dashboard's
 * snippets (the README's: `GOOGLE_GEMINI_BASE_URL=<agt>`, `GEMINI_API_KEY`, API-key sign-in) with telemetry, usage statistics and update
 * checks off in `~/.gemini/settings.json`. Its default auto mode (a routing call to a small model, then the chosen
 * model) and `-m gemini-3.1-pro-preview`: a plain prompt, the stream-json output, and a tool round trip
 * (`read_file` on a real file; Gemini CLI replays the call with its `id` and `thoughtSignature`).
 */
const { 'gemini-cli': geminiEntry } = await readClientVersions();
const version = geminiEntry.versions[0];
const PROMPT = 'Say hello to the client suite';
const PRO = ['-m', 'gemini-3.1-pro-preview'];

/** Beside the dashboard's settings snippet (API-key sign-in): no telemetry, statistics or update checks. */
const OFFLINE_SETTINGS = {
  telemetry: { enabled: false },
  privacy: { usageStatisticsEnabled: false },
  general: { disableAutoUpdate: true, disableUpdateNag: true },
};

describe(`Gemini CLI ${version}`, () => {
  let stack: ClientStack;
  let binary: string;

  beforeAll(async () => {
    binary = await ensureClientInstalled('gemini-cli', version);
    stack = await startClientStack();
  }, 600_000);

  afterAll(async () => {
    await stack?.close();
  });

  async function gemini(workspace: ClientWorkspace, args: string[]) {
    await mkdir(join(workspace.home, '.gemini'), { recursive: true });
    const settings = { ...(JSON.parse(readConfigSnippet('gemini-cli-settings', stack.agtUrl, stack.apiKey)) as object), ...OFFLINE_SETTINGS };
    await writeFile(join(workspace.home, '.gemini', 'settings.json'), JSON.stringify(settings, null, 2));
    return runClient({
      binary,
      args,
      cwd: workspace.cwd,
      home: workspace.home,
      proxyEnv: stack.proxyEnv,
      env: {
        // GOOGLE_GEMINI_BASE_URL and GEMINI_API_KEY, as the dashboard's snippet exports them.
        ...readShellExports(readConfigSnippet('gemini-cli', stack.agtUrl, stack.apiKey)),
        // Headless runs need the folder trusted (Gemini CLI's trusted-folders check).
        GEMINI_CLI_TRUST_WORKSPACE: 'true',
      },
    });
  }

  function readJsonResult(stdout: string): { response?: string; error?: unknown } {
    const start = stdout.indexOf('{');
    expect(start, stdout).toBeGreaterThanOrEqual(0);
    return JSON.parse(stdout.slice(start)) as { response?: string; error?: unknown };
  }


  it('auto mode: a plain prompt (router call, then the chosen model)', async () => {
    const workspace = await stack.makeWorkspace('gemini-auto-plain');
    const mark = markScenario(stack);
    const run = await gemini(workspace, ['-p', PROMPT, '--output-format', 'json']);
    const exchanges = expectCleanRun(stack, mark, run);
    expect(readJsonResult(run.stdout).response).toContain(PROMPT);
    await recordClientFixture('gemini-cli-auto-router', `gemini-cli ${version}`, generationExchanges(exchanges)[0], workspace);
  });

  it('auto mode: a tool round trip', async () => {
    const workspace = await stack.makeWorkspace('gemini-auto-tool');
    const mark = markScenario(stack);
    const run = await gemini(workspace, ['-p', `call the tool read_file with {"file_path":"${workspace.notesPath}"}`, '--output-format', 'json']);
    expectCleanRun(stack, mark, run);
    expect(readJsonResult(run.stdout).response).toContain(NOTES_TEXT);
  });

  it('-m gemini-3.1-pro-preview: a plain prompt', async () => {
    const workspace = await stack.makeWorkspace('gemini-pro-plain');
    const mark = markScenario(stack);
    const run = await gemini(workspace, [...PRO, '-p', PROMPT, '--output-format', 'json']);
    const exchanges = expectCleanRun(stack, mark, run);
    expect(readJsonResult(run.stdout).response).toContain(PROMPT);
    await recordClientFixture('gemini-cli-pro-plain', `gemini-cli ${version}`, generationExchanges(exchanges).at(-1), workspace);
  });

  it('-m gemini-3.1-pro-preview: streaming output (stream-json)', async () => {
    const workspace = await stack.makeWorkspace('gemini-pro-stream');
    const mark = markScenario(stack);
    const run = await gemini(workspace, [...PRO, '-p', PROMPT, '--output-format', 'stream-json']);
    const exchanges = expectCleanRun(stack, mark, run);
    const events = parseJsonLines(run.stdout);
    const text = events.filter((event) => event.type === 'message' && event.role === 'assistant').map((event) => String(event.content)).join('');
    expect(text).toContain(PROMPT);
    expect(events.at(-1)).toMatchObject({ type: 'result', status: 'success' });
    const requests = generationExchanges(exchanges);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((exchange) => exchange.path.includes(':streamGenerateContent?alt=sse'))).toBe(true);
  });

  it('-m gemini-3.1-pro-preview: a tool round trip (read_file on a real file)', async () => {
    const workspace = await stack.makeWorkspace('gemini-pro-tool');
    const mark = markScenario(stack);
    const run = await gemini(workspace, [...PRO, '-p', `call the tool read_file with {"file_path":"${workspace.notesPath}"}`, '--output-format', 'stream-json']);
    const exchanges = expectCleanRun(stack, mark, run);
    const events = parseJsonLines(run.stdout);
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({ status: 'success' });
    const text = events.filter((event) => event.type === 'message' && event.role === 'assistant').map((event) => String(event.content)).join('');
    expect(text).toContain(NOTES_TEXT);
    const requests = generationExchanges(exchanges);
    expect(requests.at(-1)?.requestBody).toContain('functionResponse');
    await recordClientFixture('gemini-cli-pro-tool', `gemini-cli ${version}`, requests.at(-1), workspace);
  });
});
