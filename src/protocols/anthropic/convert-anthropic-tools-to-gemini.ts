import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from '../gemini/gemini-api.js';
import { convertJsonSchemaToGeminiSchema } from '../tool-schemas/convert-json-schema-to-gemini-schema.js';
import { keepDeclaredToolLists } from '../tool-schemas/keep-declared-tool-lists.js';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-messages-api.js';
import { classifyAnthropicTool } from './classify-anthropic-tool.js';

export interface ConvertedTools {
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  /** Server tools left out of the upstream request (`type` or `type:name`), for the `x-agt-dropped-tools` header. */
  droppedTools?: string[];
}

/**
 * Converts `tools` and `tool_choice`. Client tools (custom ones and Anthropic-defined ones such as `bash_20250124`)
 * become one `functionDeclarations` entry with their input schema cleaned for Gemini; Anthropic's web search server
 * tool becomes `{googleSearch:{}}`; other server tools are dropped (see `classify-anthropic-tool.ts`).
 * `tool_choice` maps auto/any/tool/none to AUTO/ANY/ANY + allowedFunctionNames/NONE, and is left out when there
 * is no function to choose from. A `tool` choice naming a dropped server tool becomes AUTO: the model cannot be
 * forced to call a function that does not exist.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
 * @see https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes
 */
export function convertAnthropicToolsToGemini(
  tools: AnthropicTool[] | null | undefined,
  toolChoice: AnthropicToolChoice | null | undefined,
  toolsSource?: string,
): ConvertedTools {
  const declared = toolsSource === undefined ? declareTools(tools) : declareToolsOnce(tools, toolsSource);
  const converted: ConvertedTools = {};
  const geminiTools: GeminiTool[] = [];
  if (declared.declarations.length > 0) geminiTools.push({ functionDeclarations: declared.declarations as GeminiFunctionDeclaration[] });
  if (declared.usesWebSearch) geminiTools.push({ googleSearch: {} });
  if (geminiTools.length > 0) converted.tools = geminiTools;
  if (declared.declarations.length > 0 && toolChoice !== undefined && toolChoice !== null) {
    converted.toolConfig = { functionCallingConfig: convertToolChoice(toolChoice, declared.droppedNames) };
  }
  if (declared.droppedTools.length > 0) converted.droppedTools = [...declared.droppedTools];
  return converted;
}

/** What a tool list declares, whatever the tool choice: a pure function of the list. */
interface DeclaredTools {
  declarations: readonly GeminiFunctionDeclaration[];
  usesWebSearch: boolean;
  droppedTools: readonly string[];
  droppedNames: ReadonlySet<string>;
}

/** Tool lists already declared, by the bytes of the request's `tools` value. */
const keepDeclared = keepDeclaredToolLists<DeclaredTools>();

function declareToolsOnce(tools: AnthropicTool[] | null | undefined, toolsSource: string): DeclaredTools {
  return keepDeclared(toolsSource, () => declareTools(tools));
}

function declareTools(tools: AnthropicTool[] | null | undefined): DeclaredTools {
  const declarations: GeminiFunctionDeclaration[] = [];
  const droppedTools: string[] = [];
  const droppedNames = new Set<string>();
  let usesWebSearch = false;
  for (const [index, tool] of (tools ?? []).entries()) {
    const classified = classifyAnthropicTool(tool);
    if (classified.kind === 'web_search') {
      usesWebSearch = true;
      continue;
    }
    if (classified.kind === 'dropped') {
      droppedTools.push(classified.label);
      if (typeof tool.name === 'string') droppedNames.add(tool.name);
      continue;
    }
    const declaration: GeminiFunctionDeclaration = { name: classified.name };
    if (classified.description !== undefined) declaration.description = classified.description;
    const parameters = convertToolSchema(classified.inputSchema, index);
    if (parameters !== undefined) declaration.parameters = parameters;
    declarations.push(declaration);
  }
  return { declarations, usesWebSearch, droppedTools, droppedNames };
}

function convertToolChoice(
  toolChoice: AnthropicToolChoice,
  droppedNames: ReadonlySet<string>,
): NonNullable<GeminiToolConfig['functionCallingConfig']> {
  switch (toolChoice.type) {
    case 'auto':
      return { mode: 'AUTO' };
    case 'any':
      return { mode: 'ANY' };
    case 'none':
      return { mode: 'NONE' };
    case 'tool':
      return droppedNames.has(toolChoice.name) ? { mode: 'AUTO' } : { mode: 'ANY', allowedFunctionNames: [toolChoice.name] };
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
