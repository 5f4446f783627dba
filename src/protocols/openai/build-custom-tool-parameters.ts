/**
 * The parameters of the Gemini function that stands for an OpenAI `custom` tool (Chat Completions and Responses):
 * one string `input`, the tool's free text. Gemini has no grammar-constrained calls, so the grammar (Lark or regex)
 * goes into the parameter's description for the model to follow; the client still checks the input it gets.
 * @see https://platform.openai.com/docs/guides/function-calling#custom-tools
 */
export function buildCustomToolParameters(grammar: { syntax?: string | null; definition?: string | null } | undefined): Record<string, unknown> {
  return {
    type: 'object',
    properties: { input: { type: 'string', description: describeCustomInput(grammar) } },
    required: ['input'],
  };
}

/** The name of the one parameter of a custom tool's function. */
export const CUSTOM_TOOL_INPUT = 'input';

function describeCustomInput(grammar: { syntax?: string | null; definition?: string | null } | undefined): string {
  const base = 'The raw text input of this tool (plain text, not JSON).';
  const definition = grammar?.definition;
  if (typeof definition !== 'string' || definition === '') return base;
  const syntax = typeof grammar?.syntax === 'string' && grammar.syntax !== '' ? `${grammar.syntax} ` : '';
  return `${base} It must follow this ${syntax}grammar:\n${definition}`;
}
