import { buildAnthropicStreamEncoder, convertGeminiResponseToAnthropic, formatAnthropicError } from '../protocols/anthropic/index.js';
import { buildGeminiStreamEncoder, formatGeminiError } from '../protocols/gemini/index.js';
import { buildOpenAIStreamEncoder, convertGeminiResponseToOpenAI, formatOpenAIError } from '../protocols/openai/index.js';
import type { ClientProtocol, ProtocolAdapter } from './protocol-adapter.js';

export const openAIAdapter: ProtocolAdapter = {
  protocol: 'openai',
  buildEncoder: (context) => buildOpenAIStreamEncoder(context),
  convertResponse: (response, context) => convertGeminiResponseToOpenAI(response, context),
  formatError: formatOpenAIError,
};

/** Chat Completions for a request with `custom` tools: their calls go back as `type: "custom"` tool calls. */
export function buildOpenAIChatAdapter(customToolNames: ReadonlySet<string>): ProtocolAdapter {
  return {
    ...openAIAdapter,
    buildEncoder: (context) => buildOpenAIStreamEncoder({ ...context, customToolNames }),
    convertResponse: (response, context) => convertGeminiResponseToOpenAI(response, { ...context, customToolNames }),
  };
}

export const anthropicAdapter: ProtocolAdapter = {
  protocol: 'anthropic',
  buildEncoder: (context) => buildAnthropicStreamEncoder({ model: context.model, id: context.id }),
  // Anthropic clients expect named `ping` events during long pauses (e.g. while the model thinks).
  keepAliveFrame: 'event: ping\ndata: {"type": "ping"}\n\n',
  convertResponse: (response, context) => convertGeminiResponseToAnthropic(response, { model: context.model, id: context.id }),
  formatError: formatAnthropicError,
};

export const geminiAdapter: ProtocolAdapter = {
  protocol: 'gemini',
  buildEncoder: () => buildGeminiStreamEncoder(),
  convertResponse: (response) => response,
  formatError: formatGeminiError,
};

export const ADAPTERS: Record<ClientProtocol, ProtocolAdapter> = {
  openai: openAIAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
};
