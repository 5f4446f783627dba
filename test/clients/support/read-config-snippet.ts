import { buildConfigSnippets } from '../../../web/src/proxy/build-config-snippets.js';

/** The model names the suite asks for: each maps to a model the simulator serves. */
export const SUITE_MODELS = { openaiModel: 'gemini-3-flash', anthropicModel: 'claude-sonnet-4-6', codexModel: 'gpt-5' } as const;

/**
 * The dashboard's ready-to-copy configuration `id` (web/src/proxy/build-config-snippets.ts, the same text the README
 * shows) for an agt at `agtUrl`: the suite configures every client with it, so what users copy is what was run.
 */
export function readConfigSnippet(id: string, agtUrl: string, apiKey: string): string {
  const snippet = buildConfigSnippets({ baseUrl: agtUrl, apiKey, ...SUITE_MODELS }).find((item) => item.id === id);
  if (snippet === undefined) throw new Error(`the dashboard has no config snippet "${id}"`);
  return snippet.text;
}

/** The variables a shell snippet exports (`export NAME='value'` lines, not commented ones). */
export function readShellExports(text: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^export ([A-Z_][A-Z0-9_]*)='((?:[^']|'\\'')*)'$/.exec(line.trim());
    if (match !== null) variables[match[1]] = match[2].replace(/'\\''/g, "'");
  }
  return variables;
}
