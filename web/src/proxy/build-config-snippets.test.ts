import { describe, expect, it } from 'vitest';
import { buildConfigSnippets, normalizeBaseUrl } from './build-config-snippets';

const KEY = 'sk-test-0123456789';

function snippetText(id: string, baseUrl = 'http://127.0.0.1:8045'): string {
  const snippet = buildConfigSnippets({ baseUrl, apiKey: KEY }).find((item) => item.id === id);
  if (snippet === undefined) throw new Error(`no snippet ${id}`);
  return snippet.text;
}

describe('normalizeBaseUrl', () => {
  it('removes trailing slashes and a trailing /v1', () => {
    expect(normalizeBaseUrl('http://127.0.0.1:8045/')).toBe('http://127.0.0.1:8045');
    expect(normalizeBaseUrl('http://127.0.0.1:8045/v1/')).toBe('http://127.0.0.1:8045');
    expect(normalizeBaseUrl('  ')).toBe('http://127.0.0.1:8045');
  });
});

describe('buildConfigSnippets', () => {
  it('has unique ids and puts the key in every snippet but the Gemini CLI settings file', () => {
    const snippets = buildConfigSnippets({ baseUrl: 'http://127.0.0.1:8045', apiKey: KEY });
    expect(new Set(snippets.map((item) => item.id)).size).toBe(snippets.length);
    for (const snippet of snippets) {
      if (snippet.id !== 'gemini-cli-settings') expect(snippet.text, snippet.id).toContain(KEY);
    }
  });

  it('gives Claude Code and the Anthropic SDK the bare origin', () => {
    const claude = snippetText('claude-code', 'http://127.0.0.1:8045/');
    expect(claude).toContain("export ANTHROPIC_BASE_URL='http://127.0.0.1:8045'\n");
    expect(claude).toContain(`export ANTHROPIC_AUTH_TOKEN='${KEY}'`);
    expect(claude).toContain('ANTHROPIC_API_KEY');
    expect(snippetText('anthropic-python')).toContain('base_url="http://127.0.0.1:8045",');
    expect(snippetText('anthropic-node')).not.toContain('/v1');
  });

  it('gives OpenAI clients and Codex the /v1 base exactly once', () => {
    expect(snippetText('openai-python', 'http://127.0.0.1:8045/v1')).toContain('base_url="http://127.0.0.1:8045/v1"');
    expect(snippetText('openai-node')).toContain('baseURL: "http://127.0.0.1:8045/v1"');
    const codex = snippetText('codex-cli');
    expect(codex).toContain('model_provider = "agt"');
    expect(codex).toContain('[model_providers.agt]');
    expect(codex).toContain('base_url = "http://127.0.0.1:8045/v1"');
    expect(codex).toContain('env_key = "AGT_API_KEY"');
    expect(codex).toContain('model = "gpt-5"');
  });

  it('offers Codex the Responses wire only (Codex refuses "chat")', () => {
    const codex = snippetText('codex-cli');
    expect(codex).toContain('wire_api = "responses"');
    expect(codex).not.toContain('wire_api = "chat"');
  });

  it('points Gemini CLI at the bare origin with an API key and API-key sign-in', () => {
    expect(snippetText('gemini-cli', 'http://127.0.0.1:8045/v1')).toContain("export GOOGLE_GEMINI_BASE_URL='http://127.0.0.1:8045'\n");
    expect(JSON.parse(snippetText('gemini-cli-settings'))).toEqual({ security: { auth: { selectedType: 'gemini-api-key' } } });
  });

  it('gives OpenCode three providers on the /v1 base, one per protocol', () => {
    const config = JSON.parse(snippetText('opencode')) as { provider: Record<string, { npm: string; options: { baseURL: string; apiKey: string } }> };
    expect(Object.values(config.provider).map((provider) => provider.npm)).toEqual(['@ai-sdk/openai-compatible', '@ai-sdk/anthropic', '@ai-sdk/openai']);
    for (const provider of Object.values(config.provider)) expect(provider.options).toEqual({ baseURL: 'http://127.0.0.1:8045/v1', apiKey: KEY });
  });

  it('gives Qwen Code /v1 in OpenAI mode and the bare origin in Anthropic mode', () => {
    expect(snippetText('qwen-code-openai')).toContain("export OPENAI_BASE_URL='http://127.0.0.1:8045/v1'");
    expect(snippetText('qwen-code-openai')).toContain('--auth-type openai');
    expect(snippetText('qwen-code-anthropic')).toContain("export ANTHROPIC_BASE_URL='http://127.0.0.1:8045'\n");
    expect(snippetText('qwen-code-anthropic')).toContain('--auth-type anthropic');
  });

  it('configures the Google SDK through httpOptions.baseUrl', () => {
    expect(snippetText('google-genai-node')).toContain('httpOptions: { baseUrl: "http://127.0.0.1:8045" }');
  });

  it('tells Cherry Studio to use the OpenAI provider with the bare address', () => {
    const cherry = snippetText('cherry-studio');
    expect(cherry).toContain('Provider type: OpenAI');
    expect(cherry).toContain('API address:   http://127.0.0.1:8045\n');
  });

  it('sends each protocol its own auth header in the curl examples', () => {
    expect(snippetText('curl-openai')).toContain(`'Authorization: Bearer ${KEY}'`);
    expect(snippetText('curl-anthropic')).toContain(`'x-api-key: ${KEY}'`);
    expect(snippetText('curl-anthropic')).toContain('anthropic-version: 2023-06-01');
    expect(snippetText('curl-gemini')).toContain('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(snippetText('curl-gemini')).toContain(`'x-goog-api-key: ${KEY}'`);
  });

  it('quotes a key with a single quote safely for the shell', () => {
    const text = buildConfigSnippets({ baseUrl: 'http://h:1', apiKey: "a'b" }).find((item) => item.id === 'claude-code')?.text;
    expect(text).toContain(`ANTHROPIC_AUTH_TOKEN='a'\\''b'`);
  });
});
