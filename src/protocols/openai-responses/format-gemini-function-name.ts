const NAMESPACE_SEPARATOR = '__';

/**
 * The function name a Responses tool is declared under: its own name, or `<namespace>__<name>` for the tools of a
 * `namespace`. The name may still be too long or hold characters Gemini refuses: like every protocol's tool names,
 * it is made acceptable per request by `protocols/tool-names` (a reversible map), so this only joins. Pure: both
 * the tool declarations and the `function_call` items of the conversation history go through here.
 */
export function formatGeminiFunctionName(name: string, namespace?: string | null): string {
  if (namespace === undefined || namespace === null || namespace === '') return name;
  return `${namespace}${NAMESPACE_SEPARATOR}${name}`;
}
