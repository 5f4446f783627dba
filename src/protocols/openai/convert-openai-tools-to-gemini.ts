import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from '../gemini/gemini-api.js';
import { keepDeclaredToolLists } from '../tool-schemas/keep-declared-tool-lists.js';
import { buildCustomToolParameters } from './build-custom-tool-parameters.js';
import { convertClientSchemaToGemini } from './convert-client-schema-to-gemini.js';
import type { OpenAIChatRequest } from './openai-chat-api.js';

export interface ConvertedTools {
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  /** Names of the `custom` tools: their calls go back to the client as `type: "custom"` tool calls. */
  customToolNames?: ReadonlySet<string>;
}

type FunctionDefinition = NonNullable<OpenAIChatRequest['functions']>[number];
type ToolChoice = NonNullable<OpenAIChatRequest['tool_choice']>;
type FunctionCallingConfig = NonNullable<GeminiToolConfig['functionCallingConfig']>;

/**
 * Converts `tools` and the deprecated `functions` into Gemini function declarations with cleaned parameter schemas,
 * and `tool_choice` / `function_call` into `toolConfig.functionCallingConfig`:
 * - `function` tools keep their name and schema;
 * - `custom` tools (free-text input, optionally a Lark / regex grammar) become a function of one string `input`,
 *   the grammar in its description (`build-custom-tool-parameters.ts`); their calls go back as custom tool calls;
 * - tools of any other type are ignored: Chat Completions defines no other kind, and nothing agt reads needs them.
 * `tool_choice` may name a function or a custom tool, or narrow the tools with `allowed_tools`.
 * Without declarations there is nothing to choose from, so no toolConfig.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools
 * @see https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes
 */
export function convertOpenAIToolsToGemini(
  request: Pick<OpenAIChatRequest, 'tools' | 'tool_choice' | 'functions' | 'function_call'>,
  toolsSource?: string,
): ConvertedTools {
  // The deprecated `functions` join the declarations: a list is kept by the bytes of `tools` only without them.
  const declared = toolsSource !== undefined && (request.functions ?? []).length === 0 ? declareToolsOnce(request.tools, toolsSource) : declareTools(request);
  let declarations = declared.declarations as GeminiFunctionDeclaration[];
  if (declarations.length === 0) return {};

  const choice = convertToolChoice(request);
  if (choice?.allowed !== undefined) {
    const allowed = new Set(choice.allowed);
    declarations = declarations.filter((declaration) => allowed.has(declaration.name));
    if (declarations.length === 0) {
      throw new GatewayError('INVALID_REQUEST', 'tool_choice.allowed_tools.tools: none of them names a tool of the request');
    }
  }
  const converted: ConvertedTools = { tools: [{ functionDeclarations: declarations }] };
  if (choice !== undefined) converted.toolConfig = { functionCallingConfig: choice.config };
  if (declared.customToolNames.size > 0) converted.customToolNames = declared.customToolNames;
  return converted;
}

/** What a tool list declares, whatever the tool choice: a pure function of the list. */
interface DeclaredTools {
  declarations: readonly GeminiFunctionDeclaration[];
  customToolNames: ReadonlySet<string>;
}

/** Tool lists already declared, by the bytes of the request's `tools` value. */
const keepDeclared = keepDeclaredToolLists<DeclaredTools>();

function declareToolsOnce(tools: OpenAIChatRequest['tools'], toolsSource: string): DeclaredTools {
  return keepDeclared(toolsSource, () => declareTools({ tools }));
}

function declareTools(request: Pick<OpenAIChatRequest, 'tools' | 'functions'>): DeclaredTools {
  const declarations: GeminiFunctionDeclaration[] = [];
  const customToolNames = new Set<string>();
  (request.tools ?? []).forEach((tool, index) => {
    if (tool.type === 'function' && tool.function !== undefined) {
      declarations.push(convertFunctionDefinition(tool.function, `tools[${index}].function.parameters`));
    } else if (tool.type === 'custom' && tool.custom !== undefined) {
      const { name, description, format } = tool.custom;
      const declaration: GeminiFunctionDeclaration = { name };
      if (typeof description === 'string' && description !== '') declaration.description = description;
      const grammar = format?.type === 'grammar' ? (format.grammar ?? undefined) : undefined;
      const parameters = convertClientSchemaToGemini(buildCustomToolParameters(grammar), `tools[${index}].custom.format`);
      if (parameters !== undefined) declaration.parameters = parameters;
      declarations.push(declaration);
      customToolNames.add(name);
    }
  });
  (request.functions ?? []).forEach((definition, index) => {
    declarations.push(convertFunctionDefinition(definition, `functions[${index}].parameters`));
  });
  return { declarations, customToolNames };
}

function convertFunctionDefinition(definition: FunctionDefinition, parametersPath: string): GeminiFunctionDeclaration {
  const declaration: GeminiFunctionDeclaration = { name: definition.name };
  if (typeof definition.description === 'string' && definition.description !== '') {
    declaration.description = definition.description;
  }
  if (definition.parameters !== undefined && definition.parameters !== null) {
    const parameters = convertClientSchemaToGemini(definition.parameters, parametersPath);
    if (parameters !== undefined) declaration.parameters = parameters;
  }
  return declaration;
}

interface ConvertedToolChoice {
  config: FunctionCallingConfig;
  /** `allowed_tools`: the declarations are narrowed to these names. */
  allowed?: string[];
}

function convertToolChoice(request: Pick<OpenAIChatRequest, 'tool_choice' | 'function_call'>): ConvertedToolChoice | undefined {
  const { tool_choice: toolChoice, function_call: functionCall } = request;
  if (toolChoice !== undefined && toolChoice !== null) return convertNamedOrModeChoice(toolChoice);
  if (functionCall !== undefined && functionCall !== null) {
    if (typeof functionCall !== 'string') return { config: { mode: 'ANY', allowedFunctionNames: [functionCall.name] } };
    return { config: convertChoiceMode(functionCall) };
  }
  return undefined;
}

function convertNamedOrModeChoice(toolChoice: ToolChoice): ConvertedToolChoice {
  if (typeof toolChoice === 'string') return { config: convertChoiceMode(toolChoice) };
  switch (toolChoice.type) {
    case 'function':
      return { config: { mode: 'ANY', allowedFunctionNames: [toolChoice.function.name] } };
    case 'custom':
      return { config: { mode: 'ANY', allowedFunctionNames: [toolChoice.custom.name] } };
    case 'allowed_tools': {
      const { mode, tools } = toolChoice.allowed_tools;
      const allowed = tools.flatMap((tool) => {
        const name = tool.type === 'custom' ? tool.custom?.name : tool.function?.name;
        return name === undefined ? [] : [name];
      });
      return { config: convertChoiceMode(mode), allowed };
    }
  }
}

function convertChoiceMode(mode: 'none' | 'auto' | 'required'): { mode: 'NONE' | 'AUTO' | 'ANY' } {
  switch (mode) {
    case 'none':
      return { mode: 'NONE' };
    case 'auto':
      return { mode: 'AUTO' };
    case 'required':
      return { mode: 'ANY' };
  }
}
