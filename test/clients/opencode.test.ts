import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clientCompanionsDirectory, ensureClientInstalled, readClientVersions } from './install-clients.mjs';
import { expectCleanRun, generationExchanges, markScenario } from './support/expect-clean-run.js';
import { readConfigSnippet, SUITE_MODELS } from './support/read-config-snippet.js';
import { recordClientFixture } from './support/record-client-fixture.js';
import { parseJsonLines, runClient } from './support/run-client.js';
import { NOTES_TEXT, startClientStack, type ClientStack, type ClientWorkspace } from './support/start-client-stack.js';

// A real client run takes seconds, and much longer on a loaded 2-core machine; installing one, a minute or two.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 600_000 });

/**
 * OpenCode as `opencode run`, against a real `agt serve` over the simulated Google, with the dashboard's snippet (the
 * README's three providers) in `~/.config/opencode/opencode.json`: `@ai-sdk/openai-compatible` (Chat Completions), `@ai-sdk/anthropic`
 * (Messages) and `@ai-sdk/openai` (Responses), all with `baseURL: <agt>/v1`. Auto-update, sharing, the models.dev
 * catalogue fetch, default plugins and LSP downloads are off, and the `@opencode-ai/plugin` package OpenCode would
 * fetch from the npm registry into its config directory at every start is handed over pre-installed (see
 * `companions` in install-clients.mjs). For each provider: a plain prompt, the `--format json`
 * event stream, and a tool round trip (`read` on a real file).
 */
const { opencode: opencodeEntry } = await readClientVersions();
const version = opencodeEntry.versions[0];
const PROMPT = 'Say hello to the client suite';

/** The dashboard's OpenCode snippet (the README's three providers), with auto-update and sharing off. */
function buildOpencodeConfig(agtUrl: string, apiKey: string): unknown {
  return { ...(JSON.parse(readConfigSnippet('opencode', agtUrl, apiKey)) as object), autoupdate: false, share: 'disabled' };
}

const PROVIDERS = [
  { label: 'openai-compatible (Chat Completions)', model: `agt/${SUITE_MODELS.openaiModel}`, route: '/v1/chat/completions', fixture: 'opencode-chat' },
  { label: 'anthropic (Messages)', model: `agt-anthropic/${SUITE_MODELS.anthropicModel}`, route: '/v1/messages', fixture: 'opencode-anthropic' },
  { label: 'openai (Responses)', model: `agt-responses/${SUITE_MODELS.codexModel}`, route: '/v1/responses', fixture: 'opencode-responses' },
];

describe(`OpenCode ${version}`, () => {
  let stack: ClientStack;
  let binary: string;

  beforeAll(async () => {
    binary = await ensureClientInstalled('opencode', version);
    stack = await startClientStack();
  }, 600_000);

  afterAll(async () => {
    await stack?.close();
  });

  async function opencode(workspace: ClientWorkspace, args: string[]) {
    const configDir = join(workspace.home, '.config', 'opencode');
    await mkdir(configDir, { recursive: true });
    await writeFile(join(configDir, 'opencode.json'), JSON.stringify(buildOpencodeConfig(stack.agtUrl, stack.apiKey), null, 2));
    const companions = clientCompanionsDirectory('opencode', version);
    await copyFile(join(companions, 'package.json'), join(configDir, 'package.json'));
    await copyFile(join(companions, 'package-lock.json'), join(configDir, 'package-lock.json'));
    await symlink(join(companions, 'node_modules'), join(configDir, 'node_modules'));
    return runClient({
      binary,
      args: ['run', ...args],
      cwd: workspace.cwd,
      home: workspace.home,
      proxyEnv: stack.proxyEnv,
      env: {
        OPENCODE_DISABLE_AUTOUPDATE: '1',
        OPENCODE_DISABLE_MODELS_FETCH: '1',
        OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
        OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
      },
    });
  }

  function eventText(stdout: string): string {
    return parseJsonLines(stdout)
      .filter((event) => event.type === 'text')
      .map((event) => String((event.part as { text?: string } | undefined)?.text ?? ''))
      .join('');
  }

  describe.each(PROVIDERS)('provider $label', ({ model, route, fixture }) => {
    it('a plain prompt', async () => {
      const workspace = await stack.makeWorkspace(`${fixture}-plain`);
      const mark = markScenario(stack);
      const run = await opencode(workspace, ['-m', model, PROMPT]);
      const exchanges = expectCleanRun(stack, mark, run);
      expect(run.stdout).toContain(PROMPT);
      const requests = generationExchanges(exchanges);
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every((exchange) => exchange.path.startsWith(route))).toBe(true);
      await recordClientFixture(`${fixture}-plain`, `opencode ${version}`, requests.at(-1), workspace);
    });

    it('the --format json event stream', async () => {
      const workspace = await stack.makeWorkspace(`${fixture}-stream`);
      const mark = markScenario(stack);
      const run = await opencode(workspace, ['-m', model, '--format', 'json', PROMPT]);
      expectCleanRun(stack, mark, run);
      expect(eventText(run.stdout)).toContain(PROMPT);
      expect(parseJsonLines(run.stdout).some((event) => event.type === 'step_finish')).toBe(true);
    });

    it('a tool round trip (read on a real file)', async () => {
      const workspace = await stack.makeWorkspace(`${fixture}-tool`);
      const mark = markScenario(stack);
      const run = await opencode(workspace, ['-m', model, '--format', 'json', `call the tool read with {"filePath":"${workspace.notesPath}"}`]);
      const exchanges = expectCleanRun(stack, mark, run);
      const toolUse = parseJsonLines(run.stdout).find((event) => event.type === 'tool_use');
      expect(toolUse?.part, run.stdout.slice(0, 6000)).toMatchObject({ tool: 'read', state: { status: 'completed' } });
      expect(eventText(run.stdout)).toContain(NOTES_TEXT);
      await recordClientFixture(`${fixture}-tool`, `opencode ${version}`, generationExchanges(exchanges).at(-1), workspace);
    });
  });
});
