import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from '../gemini/gemini-api.js';
import { convertClientSchemaToGemini } from './convert-client-schema-to-gemini.js';
import type { OpenAIChatRequest } from './openai-chat-api.js';

export interface ConvertedTools {
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
}

type FunctionDefinition = NonNullable<OpenAIChatRequest['functions']>[number];

/**
 * Converts `tools` (type `function`) and the deprecated `functions` into Gemini function declarations with
 * cleaned parameter schemas, and `tool_choice` / `function_call` into `toolConfig.functionCallingConfig`.
 * Tools of other types are ignored. Without declarations there is nothing to choose from, so no toolConfig.
 * @see https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes
 */
export function convertOpenAIToolsToGemini(
  request: Pick<OpenAIChatRequest, 'tools' | 'tool_choice' | 'functions' | 'function_call'>,
): ConvertedTools {
  const declarations: GeminiFunctionDeclaration[] = [];
  (request.tools ?? []).forEach((tool, index) => {
    if (tool.type === 'function' && tool.function !== undefined) {
      declarations.push(convertFunctionDefinition(tool.function, `tools[${index}].function.parameters`));
    }
  });
  (request.functions ?? []).forEach((definition, index) => {
    declarations.push(convertFunctionDefinition(definition, `functions[${index}].parameters`));
  });
  if (declarations.length === 0) return {};

  const functionCallingConfig = convertToolChoice(request);
  const tools: GeminiTool[] = [{ functionDeclarations: declarations }];
  return functionCallingConfig === undefined ? { tools } : { tools, toolConfig: { functionCallingConfig } };
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

function convertToolChoice(
  request: Pick<OpenAIChatRequest, 'tool_choice' | 'function_call'>,
): GeminiToolConfig['functionCallingConfig'] {
  const { tool_choice: toolChoice, function_call: functionCall } = request;
  if (toolChoice !== undefined && toolChoice !== null) {
    if (typeof toolChoice !== 'string') return { mode: 'ANY', allowedFunctionNames: [toolChoice.function.name] };
    return convertChoiceMode(toolChoice);
  }
  if (functionCall !== undefined && functionCall !== null) {
    if (typeof functionCall !== 'string') return { mode: 'ANY', allowedFunctionNames: [functionCall.name] };
    return convertChoiceMode(functionCall);
  }
  return undefined;
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
