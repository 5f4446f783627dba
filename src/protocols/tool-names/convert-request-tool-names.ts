import type { GeminiContent, GeminiPart, GeminiRequest, GeminiTool } from '../gemini/gemini-api.js';
import { buildToolNameMap, type ToolNameMap } from './build-tool-name-map.js';

export interface RequestWithUpstreamToolNames {
  request: GeminiRequest;
  toolNames: ToolNameMap;
}

/**
 * Renames every tool name of a converted request to one the backend accepts (see `formatUpstreamToolName`): the
 * function declarations, `toolConfig.functionCallingConfig.allowedFunctionNames`, and the `functionCall` /
 * `functionResponse` parts of the history, all through one map, so a call in the history still matches its
 * declaration. Returns the map, which turns the names of the answer back into the client's. Pure: the input is
 * not changed, and a request whose names are all acceptable is returned as is.
 */
export function convertRequestToolNames(request: GeminiRequest): RequestWithUpstreamToolNames {
  const toolNames = buildToolNameMap(collectToolNames(request));
  if (toolNames.isIdentity) return { request, toolNames };
  const rename = toolNames.toUpstream;
  const converted: GeminiRequest = { ...request, contents: request.contents.map((content) => renameContent(content, rename)) };
  if (Array.isArray(request.tools)) converted.tools = request.tools.map((tool) => renameTool(tool, rename));
  const calling = request.toolConfig?.functionCallingConfig;
  if (calling !== undefined && Array.isArray(calling.allowedFunctionNames)) {
    converted.toolConfig = {
      ...request.toolConfig,
      functionCallingConfig: { ...calling, allowedFunctionNames: calling.allowedFunctionNames.map(rename) },
    };
  }
  return { request: converted, toolNames };
}

function* collectToolNames(request: GeminiRequest): Generator<string> {
  for (const tool of request.tools ?? []) {
    for (const declaration of tool.functionDeclarations ?? []) if (typeof declaration.name === 'string') yield declaration.name;
  }
  for (const name of request.toolConfig?.functionCallingConfig?.allowedFunctionNames ?? []) if (typeof name === 'string') yield name;
  for (const content of request.contents) {
    for (const part of content.parts ?? []) {
      if (typeof part.functionCall?.name === 'string') yield part.functionCall.name;
      if (typeof part.functionResponse?.name === 'string') yield part.functionResponse.name;
    }
  }
}

function renameTool(tool: GeminiTool, rename: (name: string) => string): GeminiTool {
  if (!Array.isArray(tool.functionDeclarations)) return tool;
  return { ...tool, functionDeclarations: tool.functionDeclarations.map((declaration) => ({ ...declaration, name: rename(declaration.name) })) };
}

function renameContent(content: GeminiContent, rename: (name: string) => string): GeminiContent {
  if (!Array.isArray(content.parts)) return content;
  return { ...content, parts: content.parts.map((part) => renamePart(part, rename)) };
}

function renamePart(part: GeminiPart, rename: (name: string) => string): GeminiPart {
  if (part.functionCall !== undefined && typeof part.functionCall.name === 'string') {
    return { ...part, functionCall: { ...part.functionCall, name: rename(part.functionCall.name) } };
  }
  if (part.functionResponse !== undefined && typeof part.functionResponse.name === 'string') {
    return { ...part, functionResponse: { ...part.functionResponse, name: rename(part.functionResponse.name) } };
  }
  return part;
}
