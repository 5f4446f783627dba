/** A ready-to-copy client configuration, filled with the gateway's real base URL and API key. */
export interface ConfigSnippet {
  id: string;
  title: string;
  /** the file the text goes into, or where to enter it; empty for code to run */
  target: string;
  language: 'shell' | 'toml' | 'json' | 'python' | 'javascript' | 'text';
  text: string;
}

export interface ConfigSnippetOptions {
  /** e.g. `http://127.0.0.1:8045` (any trailing slash or `/v1` is removed) */
  baseUrl: string;
  apiKey: string;
  openaiModel?: string;
  anthropicModel?: string;
  geminiModel?: string;
  /** the model Codex CLI and the Responses provider of OpenCode ask for (default `gpt-5`) */
  codexModel?: string;
}

const DEFAULT_OPENAI_MODEL = 'gemini-2.5-flash';
const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-5';
const DEFAULT_GEMINI_MODEL = 'gemini-2.5-flash';
const DEFAULT_CODEX_MODEL = 'gpt-5';

/** Strips trailing slashes and a trailing `/v1`, so `/v1` is appended exactly once where a client needs it. */
export function normalizeBaseUrl(baseUrl: string): string {
  let url = baseUrl.trim().replace(/\/+$/, '');
  if (url.endsWith('/v1')) url = url.slice(0, -3);
  return url === '' ? 'http://127.0.0.1:8045' : url;
}

function quoteShell(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Client configurations for the proxy page. Each client gets the base URL it expects: the OpenAI family needs
 * `/v1`, Anthropic clients and Claude Code take the bare origin, Google's SDK and Gemini CLI take the origin,
 * and Cherry Studio appends `/v1/chat/completions` itself. The client suite (test/clients/) runs the real Claude
 * Code, Codex CLI, Gemini CLI, OpenCode and Qwen Code with exactly these snippets, so what the dashboard offers is
 * what was verified.
 */
export function buildConfigSnippets(options: ConfigSnippetOptions): ConfigSnippet[] {
  const base = normalizeBaseUrl(options.baseUrl);
  const openaiBase = `${base}/v1`;
  const key = options.apiKey;
  const json = JSON.stringify;
  const openaiModel = options.openaiModel ?? DEFAULT_OPENAI_MODEL;
  const anthropicModel = options.anthropicModel ?? DEFAULT_ANTHROPIC_MODEL;
  const geminiModel = options.geminiModel ?? DEFAULT_GEMINI_MODEL;
  const codexModel = options.codexModel ?? DEFAULT_CODEX_MODEL;

  return [
    {
      id: 'claude-code',
      title: 'Claude Code',
      target: '',
      language: 'shell',
      text: [
        `export ANTHROPIC_BASE_URL=${quoteShell(base)}`,
        `export ANTHROPIC_AUTH_TOKEN=${quoteShell(key)}`,
        '# or, sent as x-api-key instead of a Bearer token (set only one of the two):',
        `# export ANTHROPIC_API_KEY=${quoteShell(key)}`,
        'claude',
      ].join('\n'),
    },
    {
      id: 'claude-code-settings',
      title: 'Claude Code (settings file)',
      target: '~/.claude/settings.json',
      language: 'json',
      text: JSON.stringify({ env: { ANTHROPIC_BASE_URL: base, ANTHROPIC_AUTH_TOKEN: key } }, null, 2),
    },
    {
      id: 'codex-cli',
      title: 'Codex CLI',
      target: '~/.codex/config.toml',
      language: 'toml',
      text: [
        'model_provider = "agt"',
        `model = ${json(codexModel)}`,
        '',
        '[model_providers.agt]',
        'name = "agt"',
        `base_url = ${json(openaiBase)}`,
        'env_key = "AGT_API_KEY"',
        '# Codex speaks only the Responses API to a custom provider ("chat" is refused by Codex itself).',
        'wire_api = "responses"',
        '',
        '# then, in the shell that runs codex:',
        `# export AGT_API_KEY=${quoteShell(key)}`,
      ].join('\n'),
    },
    {
      id: 'gemini-cli',
      title: 'Gemini CLI',
      target: '',
      language: 'shell',
      text: [
        `export GOOGLE_GEMINI_BASE_URL=${quoteShell(base)}`,
        `export GEMINI_API_KEY=${quoteShell(key)}`,
        'gemini',
      ].join('\n'),
    },
    {
      id: 'gemini-cli-settings',
      title: 'Gemini CLI (settings file: API-key sign-in)',
      target: '~/.gemini/settings.json',
      language: 'json',
      text: JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }, null, 2),
    },
    {
      id: 'opencode',
      title: 'OpenCode (three providers: Chat Completions, Anthropic, Responses)',
      target: '~/.config/opencode/opencode.json',
      language: 'json',
      text: JSON.stringify(
        {
          $schema: 'https://opencode.ai/config.json',
          provider: {
            agt: {
              npm: '@ai-sdk/openai-compatible',
              name: 'agt',
              options: { baseURL: openaiBase, apiKey: key },
              models: { [openaiModel]: { name: openaiModel } },
            },
            'agt-anthropic': {
              npm: '@ai-sdk/anthropic',
              name: 'agt (Anthropic)',
              options: { baseURL: openaiBase, apiKey: key },
              models: { [anthropicModel]: { name: anthropicModel } },
            },
            'agt-responses': {
              npm: '@ai-sdk/openai',
              name: 'agt (Responses)',
              options: { baseURL: openaiBase, apiKey: key },
              models: { [codexModel]: { name: codexModel } },
            },
          },
        },
        null,
        2,
      ),
    },
    {
      id: 'qwen-code-openai',
      title: 'Qwen Code (OpenAI mode)',
      target: '',
      language: 'shell',
      text: [
        `export OPENAI_BASE_URL=${quoteShell(openaiBase)}`,
        `export OPENAI_API_KEY=${quoteShell(key)}`,
        `qwen --auth-type openai -m ${quoteShell(openaiModel)}`,
      ].join('\n'),
    },
    {
      id: 'qwen-code-anthropic',
      title: 'Qwen Code (Anthropic mode)',
      target: '',
      language: 'shell',
      text: [
        `export ANTHROPIC_BASE_URL=${quoteShell(base)}`,
        `export ANTHROPIC_API_KEY=${quoteShell(key)}`,
        `qwen --auth-type anthropic -m ${quoteShell(anthropicModel)}`,
      ].join('\n'),
    },
    {
      id: 'openai-python',
      title: 'OpenAI SDK (Python)',
      target: '',
      language: 'python',
      text: [
        'from openai import OpenAI',
        '',
        `client = OpenAI(base_url=${json(openaiBase)}, api_key=${json(key)})`,
        'reply = client.chat.completions.create(',
        `    model=${json(openaiModel)},`,
        '    messages=[{"role": "user", "content": "Hello"}],',
        ')',
        'print(reply.choices[0].message.content)',
      ].join('\n'),
    },
    {
      id: 'openai-node',
      title: 'OpenAI SDK (Node)',
      target: '',
      language: 'javascript',
      text: [
        "import OpenAI from 'openai';",
        '',
        `const client = new OpenAI({ baseURL: ${json(openaiBase)}, apiKey: ${json(key)} });`,
        'const reply = await client.chat.completions.create({',
        `  model: ${json(openaiModel)},`,
        "  messages: [{ role: 'user', content: 'Hello' }],",
        '});',
        'console.log(reply.choices[0].message.content);',
      ].join('\n'),
    },
    {
      id: 'anthropic-python',
      title: 'Anthropic SDK (Python)',
      target: '',
      language: 'python',
      text: [
        'import anthropic',
        '',
        `client = anthropic.Anthropic(base_url=${json(base)}, api_key=${json(key)})`,
        'message = client.messages.create(',
        `    model=${json(anthropicModel)},`,
        '    max_tokens=1024,',
        '    messages=[{"role": "user", "content": "Hello"}],',
        ')',
        'print(message.content[0].text)',
      ].join('\n'),
    },
    {
      id: 'anthropic-node',
      title: 'Anthropic SDK (Node)',
      target: '',
      language: 'javascript',
      text: [
        "import Anthropic from '@anthropic-ai/sdk';",
        '',
        `const client = new Anthropic({ baseURL: ${json(base)}, apiKey: ${json(key)} });`,
        'const message = await client.messages.create({',
        `  model: ${json(anthropicModel)},`,
        '  max_tokens: 1024,',
        "  messages: [{ role: 'user', content: 'Hello' }],",
        '});',
        'console.log(message.content);',
      ].join('\n'),
    },
    {
      id: 'google-genai-node',
      title: 'Google GenAI SDK (Node)',
      target: '',
      language: 'javascript',
      text: [
        "import { GoogleGenAI } from '@google/genai';",
        '',
        'const ai = new GoogleGenAI({',
        `  apiKey: ${json(key)},`,
        `  httpOptions: { baseUrl: ${json(base)} },`,
        '});',
        'const response = await ai.models.generateContent({',
        `  model: ${json(geminiModel)},`,
        "  contents: 'Hello',",
        '});',
        'console.log(response.text);',
      ].join('\n'),
    },
    {
      id: 'google-genai-python',
      title: 'Google GenAI SDK (Python)',
      target: '',
      language: 'python',
      text: [
        'from google import genai',
        'from google.genai import types',
        '',
        'client = genai.Client(',
        `    api_key=${json(key)},`,
        `    http_options=types.HttpOptions(base_url=${json(base)}),`,
        ')',
        `response = client.models.generate_content(model=${json(geminiModel)}, contents="Hello")`,
        'print(response.text)',
      ].join('\n'),
    },
    {
      id: 'cherry-studio',
      title: 'Cherry Studio',
      target: 'Settings → Model Provider → Add',
      language: 'text',
      text: [
        'Provider type: OpenAI',
        `API address:   ${base}`,
        `API key:       ${key}`,
        `Models:        ${openaiModel}, ${anthropicModel} (Manage → add)`,
        '',
        'Cherry Studio appends /v1/chat/completions to the address itself.',
      ].join('\n'),
    },
    {
      id: 'curl-openai',
      title: 'curl — OpenAI Chat Completions',
      target: '',
      language: 'shell',
      text: [
        `curl ${base}/v1/chat/completions \\`,
        `  -H ${quoteShell(`Authorization: Bearer ${key}`)} \\`,
        "  -H 'Content-Type: application/json' \\",
        `  -d ${quoteShell(json({ model: openaiModel, messages: [{ role: 'user', content: 'Hello' }] }))}`,
      ].join('\n'),
    },
    {
      id: 'curl-anthropic',
      title: 'curl — Anthropic Messages',
      target: '',
      language: 'shell',
      text: [
        `curl ${base}/v1/messages \\`,
        `  -H ${quoteShell(`x-api-key: ${key}`)} \\`,
        "  -H 'anthropic-version: 2023-06-01' \\",
        "  -H 'Content-Type: application/json' \\",
        `  -d ${quoteShell(json({ model: anthropicModel, max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }] }))}`,
      ].join('\n'),
    },
    {
      id: 'curl-gemini',
      title: 'curl — Gemini generateContent',
      target: '',
      language: 'shell',
      text: [
        `curl ${base}/v1beta/models/${geminiModel}:generateContent \\`,
        `  -H ${quoteShell(`x-goog-api-key: ${key}`)} \\`,
        "  -H 'Content-Type: application/json' \\",
        `  -d ${quoteShell(json({ contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] }))}`,
      ].join('\n'),
    },
    {
      id: 'curl-models',
      title: 'curl — list models',
      target: '',
      language: 'shell',
      text: `curl ${base}/v1/models -H ${quoteShell(`Authorization: Bearer ${key}`)}`,
    },
  ];
}
