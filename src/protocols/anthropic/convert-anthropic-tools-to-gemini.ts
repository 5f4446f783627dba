import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from '../gemini/gemini-api.js';
import { convertJsonSchemaToGeminiSchema } from '../tool-schemas/convert-json-schema-to-gemini-schema.js';
import { isAnthropicWebSearchTool, type AnthropicTool, type AnthropicToolChoice } from './anthropic-messages-api.js';

export interface ConvertedTools {
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
}

/**
 * Converts `tools` and `tool_choice`. Client tools become one `functionDeclarations` entry with their
 * `input_schema` cleaned for Gemini; Anthropic's web search server tool becomes `{googleSearch:{}}`.
 * `tool_choice` maps auto/any/tool/none to AUTO/ANY/ANY + allowedFunctionNames/NONE, and is left out when there
 * is no function to choose from.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 * @see https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes
 */
export function convertAnthropicToolsToGemini(
  tools: AnthropicTool[] | null | undefined,
  toolChoice: AnthropicToolChoice | null | undefined,
): ConvertedTools {
  const declarations: GeminiFunctionDeclaration[] = [];
  let usesWebSearch = false;
  for (const [index, tool] of (tools ?? []).entries()) {
    if (isAnthropicWebSearchTool(tool)) {
      usesWebSearch = true;
      continue;
    }
    const declaration: GeminiFunctionDeclaration = { name: tool.name };
    if (typeof tool.description === 'string' && tool.description !== '') declaration.description = tool.description;
    const parameters = convertToolSchema(tool.input_schema, index);
    if (parameters !== undefined) declaration.parameters = parameters;
    declarations.push(declaration);
  }

  const converted: ConvertedTools = {};
  const geminiTools: GeminiTool[] = [];
  if (declarations.length > 0) geminiTools.push({ functionDeclarations: declarations });
  if (usesWebSearch) geminiTools.push({ googleSearch: {} });
  if (geminiTools.length > 0) converted.tools = geminiTools;
  if (declarations.length > 0 && toolChoice !== undefined && toolChoice !== null) {
    converted.toolConfig = { functionCallingConfig: convertToolChoice(toolChoice) };
  }
  return converted;
}

function convertToolChoice(toolChoice: AnthropicToolChoice): NonNullable<GeminiToolConfig['functionCallingConfig']> {
  switch (toolChoice.type) {
    case 'auto':
      return { mode: 'AUTO' };
    case 'any':
      return { mode: 'ANY' };
    case 'none':
      return { mode: 'NONE' };
    case 'tool':
      return { mode: 'ANY', allowedFunctionNames: [toolChoice.name] };
  }
}

function convertToolSchema(schema: unknown, index: number): Record<string, unknown> | undefined {
  try {
    return convertJsonSchemaToGeminiSchema(schema);
  } catch (error) {
    // The cleaner is meant to take anything; if a schema still defeats it, the client hears which tool.
    const reason = error instanceof Error ? error.message : 'unreadable schema';
    throw new GatewayError('INVALID_REQUEST', `tools.${index}.input_schema: cannot be converted (${reason})`, { cause: error });
  }
}
