import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureClientInstalled, readClientVersions } from './install-clients.mjs';
import { expectCleanRun, generationExchanges, markScenario } from './support/expect-clean-run.js';
import { readConfigSnippet, readShellExports, SUITE_MODELS } from './support/read-config-snippet.js';
import { recordClientFixture } from './support/record-client-fixture.js';
import { parseJsonLines, runClient } from './support/run-client.js';
import { NOTES_TEXT, startClientStack, type ClientStack, type ClientWorkspace } from './support/start-client-stack.js';

// A real client run takes seconds, and much longer on a loaded 2-core machine; installing one, a minute or two.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 600_000 });

/**
 * Qwen Code, one-shot (`qwen <prompt>`), against a real `agt serve` over the simulated Google, configured with the
 * dashboard's snippets, in its OpenAI mode
 * (`--auth-type openai`, `OPENAI_BASE_URL=<agt>/v1`) and its Anthropic mode (`--auth-type anthropic`,
 * `ANTHROPIC_BASE_URL=<agt>`), with telemetry, usage statistics, auto-update and the background memory agents off
 * in `~/.qwen/settings.json`. For each mode: a plain prompt, the stream-json output, and a tool round trip
 * (`read_file` on a real file).
 */
const { 'qwen-code': qwenEntry } = await readClientVersions();
const version = qwenEntry.versions[0];
const PROMPT = 'Say hello to the client suite';

const SETTINGS = {
  telemetry: { enabled: false },
  privacy: { usageStatisticsEnabled: false },
  general: { enableAutoUpdate: false },
  memory: { enableManagedAutoMemory: false, enableManagedAutoDream: false },
};

const MODES = [
  { mode: 'openai', model: SUITE_MODELS.openaiModel, route: '/v1/chat/completions' },
  { mode: 'anthropic', model: SUITE_MODELS.anthropicModel, route: '/v1/messages' },
] as const;

describe(`Qwen Code ${version}`, () => {
  let stack: ClientStack;
  let binary: string;

  beforeAll(async () => {
    binary = await ensureClientInstalled('qwen-code', version);
    stack = await startClientStack();
  }, 600_000);

  afterAll(async () => {
    await stack?.close();
  });

  async function qwen(workspace: ClientWorkspace, mode: 'openai' | 'anthropic', args: string[]) {
    await mkdir(join(workspace.home, '.qwen'), { recursive: true });
    await writeFile(join(workspace.home, '.qwen', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
    // OPENAI_* or ANTHROPIC_* as the dashboard's snippet for the mode exports them.
    const env = readShellExports(readConfigSnippet(`qwen-code-${mode}`, stack.agtUrl, stack.apiKey));
    return runClient({ binary, args: ['--auth-type', mode, ...args], cwd: workspace.cwd, home: workspace.home, proxyEnv: stack.proxyEnv, env });
  }

  /** The final `result` event of `-o json` (one JSON array) or `-o stream-json` (JSON lines). */
  function readResult(stdout: string): { is_error?: boolean; result?: string } | undefined {
    const start = stdout.indexOf('[');
    const events = start >= 0 && stdout.trimEnd().endsWith(']') ? (JSON.parse(stdout.slice(start)) as Array<Record<string, unknown>>) : parseJsonLines(stdout);
    return events.filter((event) => event.type === 'result').at(-1) as { is_error?: boolean; result?: string } | undefined;
  }

  describe.each(MODES)('$mode mode', ({ mode, model, route }) => {
    it('a plain prompt', async () => {
      const workspace = await stack.makeWorkspace(`qwen-${mode}-plain`);
      const mark = markScenario(stack);
      const run = await qwen(workspace, mode, ['-m', model, '-o', 'json', PROMPT]);
      const exchanges = expectCleanRun(stack, mark, run);
      expect(readResult(run.stdout), run.stdout.slice(-2000)).toMatchObject({ is_error: false, result: expect.stringContaining(PROMPT) });
      const requests = generationExchanges(exchanges);
      expect(requests.every((exchange) => exchange.path.startsWith(route))).toBe(true);
      await recordClientFixture(`qwen-code-${mode}-plain`, `qwen-code ${version}`, requests.at(-1), workspace);
    });

    it('streaming output (stream-json)', async () => {
      const workspace = await stack.makeWorkspace(`qwen-${mode}-stream`);
      const mark = markScenario(stack);
      const run = await qwen(workspace, mode, ['-m', model, '-o', 'stream-json', PROMPT]);
      expectCleanRun(stack, mark, run);
      expect(readResult(run.stdout), run.stdout.slice(-2000)).toMatchObject({ is_error: false, result: expect.stringContaining(PROMPT) });
    });

    it('a tool round trip (read_file on a real file)', async () => {
      const workspace = await stack.makeWorkspace(`qwen-${mode}-tool`);
      const mark = markScenario(stack);
      const run = await qwen(workspace, mode, ['-m', model, '-o', 'json', `call the tool read_file with {"file_path":"${workspace.notesPath}"}`]);
      const exchanges = expectCleanRun(stack, mark, run);
      expect(readResult(run.stdout), run.stdout.slice(-2000)).toMatchObject({ is_error: false, result: expect.stringContaining(NOTES_TEXT) });
      await recordClientFixture(`qwen-code-${mode}-tool`, `qwen-code ${version}`, generationExchanges(exchanges).at(-1), workspace);
    });
  });
});
