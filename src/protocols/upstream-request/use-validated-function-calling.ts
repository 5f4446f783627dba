import type { UpstreamPayloadPass } from './upstream-payload.js';

/**
 * Claude models behind Code Assist take function declarations in `VALIDATED` mode, where the backend checks each
 * call against its schema; every peer sets it for Claude (opencode-antigravity-auth `src/plugin/request.ts`,
 * antigravity-claude-proxy `src/format/request-converter.js`, OmniRoute#4636). A client's explicit `ANY` (a forced
 * call) or `NONE` is kept; the default `AUTO`, or no mode, becomes `VALIDATED`.
 */
export const useValidatedFunctionCalling: UpstreamPayloadPass = (payload) => {
  if (!payload.model.toLowerCase().startsWith('claude-')) return payload;
  const tools = payload.request.tools;
  if (!Array.isArray(tools) || !tools.some((tool) => Array.isArray(tool.functionDeclarations) && tool.functionDeclarations.length > 0)) return payload;
  const calling = payload.request.toolConfig?.functionCallingConfig;
  const mode = typeof calling?.mode === 'string' ? calling.mode.toUpperCase() : undefined;
  if (mode !== undefined && mode !== 'AUTO') return payload;
  return {
    ...payload,
    request: { ...payload.request, toolConfig: { ...payload.request.toolConfig, functionCallingConfig: { ...calling, mode: 'VALIDATED' } } },
  };
};
