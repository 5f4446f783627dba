import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from '../gemini/gemini-api.js';
import { keepDeclaredToolLists } from '../tool-schemas/keep-declared-tool-lists.js';
import { buildCustomToolParameters } from '../openai/build-custom-tool-parameters.js';
import { convertClientSchemaToGemini } from '../openai/convert-client-schema-to-gemini.js';
import { formatGeminiFunctionName } from './format-gemini-function-name.js';
import type { OpenAIResponsesRequestBody, ResponsesCustomTool, ResponsesFunctionTool, ResponsesTool } from './openai-responses-api.js';

/** What a Gemini function name stands for on the client side. */
export interface ResponsesToolIdentity {
  /** `custom` tools take one free-text input and are answered with `custom_tool_call` items. */
  kind: 'function' | 'custom';
  name: string;
  namespace?: string;
}

/** The client tools of one request, by the Gemini function name each was declared under. */
export type ResponsesToolCatalog = ReadonlyMap<string, ResponsesToolIdentity>;

export interface ConvertedResponsesTools {
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  catalog: ResponsesToolCatalog;
}

type FunctionCallingConfig = NonNullable<GeminiToolConfig['functionCallingConfig']>;

/**
 * Converts Responses tools to Gemini declarations:
 * - `function` tools keep their name and get cleaned parameter schemas;
 * - `custom` tools (free-text input, such as Codex's `apply_patch`) become a function with one string parameter
 *   `input`, whose description carries the tool's grammar so the model can follow it;
 * - the tools of a `namespace` are declared as `<namespace>__<name>` (see `formatGeminiFunctionName`);
 * - `web_search` becomes Google Search, which agt runs as its own request (Code Assist refuses it next to function
 *   declarations; see `protocols/web-search/plan-web-search.ts`).
 *
 * `tool_choice` becomes `toolConfig.functionCallingConfig`; `allowed_tools` narrows the declarations to the
 * allowed ones. Hosted tool choices (`file_search`, `mcp`…) are ignored like the hosted tools themselves.
 * @see https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes
 */
export function convertResponsesToolsToGemini(
  tools: readonly ResponsesTool[],
  toolChoice: OpenAIResponsesRequestBody['tool_choice'],
  toolsSource?: string,
): ConvertedResponsesTools {
  const declared = toolsSource === undefined ? declareTools(tools) : declareToolsOnce(tools, toolsSource);
  const catalog = declared.catalog;
  let declarations = declared.declarations as GeminiFunctionDeclaration[];
  const choice = convertToolChoice(toolChoice, catalog);
  if (choice?.allowed !== undefined) {
    const allowed = new Set(choice.allowed);
    declarations = declarations.filter((declaration) => allowed.has(declaration.name));
  }
  const search: GeminiTool[] = declared.webSearch && choice?.config.mode !== 'NONE' ? [{ googleSearch: {} }] : [];
  if (declarations.length === 0) return search.length > 0 ? { tools: search, catalog } : { catalog };
  // Search next to functions is split into its own request by agt before dispatch (protocols/web-search).
  const converted: ConvertedResponsesTools = { tools: [{ functionDeclarations: declarations }, ...search], catalog };
  if (choice !== undefined) converted.toolConfig = { functionCallingConfig: choice.config };
  return converted;
}

/** What a tool list declares, whatever the tool choice: a pure function of the list. */
interface DeclaredTools {
  declarations: readonly GeminiFunctionDeclaration[];
  catalog: ResponsesToolCatalog;
  webSearch: boolean;
}

/** Tool lists already declared, by the bytes of the request's `tools` value. */
const keepDeclared = keepDeclaredToolLists<DeclaredTools>();

function declareToolsOnce(tools: readonly ResponsesTool[], toolsSource: string): DeclaredTools {
  return keepDeclared(toolsSource, () => declareTools(tools));
}

function declareTools(tools: readonly ResponsesTool[]): DeclaredTools {
  const catalog = new Map<string, ResponsesToolIdentity>();
  const declarations: GeminiFunctionDeclaration[] = [];
  let webSearch = false;
  tools.forEach((tool, index) => {
    switch (tool.type) {
      case 'function':
      case 'custom':
        pushDefined(declarations, convertTool(tool, undefined, `tools[${index}]`, catalog));
        break;
      case 'namespace':
        tool.tools.forEach((child, childIndex) => {
          pushDefined(declarations, convertTool(child, tool.name, `tools[${index}].tools[${childIndex}]`, catalog));
        });
        break;
      case 'web_search':
        webSearch = true;
        break;
    }
  });
  return { declarations, catalog, webSearch };
}

function pushDefined<T>(list: T[], value: T | undefined): void {
  if (value !== undefined) list.push(value);
}

function convertTool(
  tool: ResponsesFunctionTool | ResponsesCustomTool,
  namespace: string | undefined,
  path: string,
  catalog: Map<string, ResponsesToolIdentity>,
): GeminiFunctionDeclaration | undefined {
  const geminiName = formatGeminiFunctionName(tool.name, namespace);
  // A tool declared twice (in `tools` and again in an `additional_tools` item) is declared once: Gemini refuses
  // duplicate function names.
  if (catalog.has(geminiName)) return undefined;
  catalog.set(geminiName, namespace === undefined ? { kind: tool.type, name: tool.name } : { kind: tool.type, name: tool.name, namespace });
  const declaration: GeminiFunctionDeclaration = { name: geminiName };
  if (typeof tool.description === 'string' && tool.description !== '') declaration.description = tool.description;
  if (tool.type === 'function') {
    if (tool.parameters !== undefined && tool.parameters !== null) {
      const parameters = convertClientSchemaToGemini(tool.parameters, `${path}.parameters`);
      if (parameters !== undefined) declaration.parameters = parameters;
    }
    return declaration;
  }
  const format = tool.format;
  const parameters = convertClientSchemaToGemini(buildCustomToolParameters(format?.type === 'grammar' ? format : undefined), `${path}.format`);
  if (parameters !== undefined) declaration.parameters = parameters;
  return declaration;
}

interface ConvertedToolChoice {
  config: FunctionCallingConfig;
  /** Gemini names the declarations are narrowed to (`allowed_tools`). */
  allowed?: string[];
}

function convertToolChoice(
  toolChoice: OpenAIResponsesRequestBody['tool_choice'],
  catalog: ResponsesToolCatalog,
): ConvertedToolChoice | undefined {
  if (toolChoice === undefined || toolChoice === null) return undefined;
  if (toolChoice === 'none') return { config: { mode: 'NONE' } };
  if (toolChoice === 'auto') return { config: { mode: 'AUTO' } };
  if (toolChoice === 'required') return { config: { mode: 'ANY' } };
  switch (toolChoice.type) {
    case 'function':
    case 'custom': {
      const name = readToolName(toolChoice.name, 'tool_choice.name', catalog);
      return { config: { mode: 'ANY', allowedFunctionNames: [name] } };
    }
    case 'allowed_tools': {
      const mode = toolChoice.mode;
      if (mode !== 'auto' && mode !== 'required') {
        throw new GatewayError('INVALID_REQUEST', 'tool_choice.mode: must be "auto" or "required"');
      }
      if (!Array.isArray(toolChoice.tools)) {
        throw new GatewayError('INVALID_REQUEST', 'tool_choice.tools: must be an array of tools');
      }
      const allowed: string[] = [];
      toolChoice.tools.forEach((tool: unknown, index) => {
        if (typeof tool !== 'object' || tool === null) {
          throw new GatewayError('INVALID_REQUEST', `tool_choice.tools[${index}]: must be an object`);
        }
        const { type, name } = tool as { type?: unknown; name?: unknown };
        if (type === 'function' || type === 'custom') allowed.push(readToolName(name, `tool_choice.tools[${index}].name`, catalog));
      });
      return { config: { mode: mode === 'auto' ? 'AUTO' : 'ANY' }, allowed };
    }
    default:
      // Hosted tools (file_search, web_search_preview, mcp, shell, apply_patch…) are not forced.
      return undefined;
  }
}

function readToolName(value: unknown, path: string, catalog: ResponsesToolCatalog): string {
  if (typeof value !== 'string' || value === '') throw new GatewayError('INVALID_REQUEST', `${path}: must be a non-empty string`);
  if (catalog.has(value)) return value;
  for (const [geminiName, identity] of catalog) if (identity.name === value) return geminiName;
  throw new GatewayError('INVALID_REQUEST', `${path}: no function or custom tool is named ${JSON.stringify(value.slice(0, 100))}`);
}
