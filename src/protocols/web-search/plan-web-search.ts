import type { GeminiFunctionDeclaration, GeminiRequest, GeminiTool } from '../gemini/gemini-api.js';

/** The search tools a request can carry: Gemini's, in both spellings, and the older retrieval tool. */
const SEARCH_TOOL_KEYS = ['googleSearch', 'google_search', 'googleSearchRetrieval', 'google_search_retrieval'];

/** Searches one response may run when the model asks for them (Anthropic's `max_uses` plays the same role). */
export const MAX_SEARCHES_PER_RESPONSE = 5;

/**
 * What to do with a request that asks for web search. Code Assist refuses Google Search next to function
 * declarations ("Multiple tools are supported only when they are all search tools."), so:
 * - `none`: no search was asked;
 * - `direct`: search is the only tool: the request itself runs as a `web_search` request with `googleSearch`
 *   (what Claude Code's WebSearch, a Codex turn without functions or a Gemini client with `googleSearch` send);
 * - `tool`: search next to function tools (Codex always sends `web_search` with its tools): the model gets the
 *   client's functions plus a `web_search(query)` function of agt's; when it calls it, agt runs the search as its
 *   own `web_search` request and hands the model the grounded answer, in the same response.
 */
export type WebSearchPlan =
  | { mode: 'none' }
  | { mode: 'direct'; request: GeminiRequest }
  | { mode: 'tool'; request: GeminiRequest; toolName: string };

export function planWebSearch(request: GeminiRequest): WebSearchPlan {
  const tools = Array.isArray(request.tools) ? request.tools : [];
  if (!tools.some(isSearchTool)) return { mode: 'none' };
  const otherTools = tools.flatMap((tool) => withoutSearch(tool));
  const declarations = otherTools.flatMap((tool) => tool.functionDeclarations ?? []);
  const functionsOff = request.toolConfig?.functionCallingConfig?.mode === 'NONE';
  if (declarations.length === 0 || functionsOff) {
    const { toolConfig: _toolConfig, ...rest } = request;
    return { mode: 'direct', request: { ...rest, tools: [{ googleSearch: {} }] } };
  }
  const toolName = chooseToolName(declarations);
  const searchDeclaration: GeminiFunctionDeclaration = {
    name: toolName,
    description:
      'Search the web with Google Search. Use it for recent events, facts you are not sure of, documentation, or ' +
      'whenever the user asks to look something up. Returns a summary of what the sources say, with their URLs.',
    parameters: { type: 'object', properties: { query: { type: 'string', description: 'The search query' } }, required: ['query'] },
  };
  const merged: GeminiTool[] = [];
  let added = false;
  for (const tool of otherTools) {
    if (!added && Array.isArray(tool.functionDeclarations)) {
      merged.push({ ...tool, functionDeclarations: [...tool.functionDeclarations, searchDeclaration] });
      added = true;
    } else {
      merged.push(tool);
    }
  }
  return { mode: 'tool', request: { ...request, tools: merged }, toolName };
}

/** The request of a later round once the search budget is spent: the client's tools only. */
export function removeSearchFunction(request: GeminiRequest, toolName: string): GeminiRequest {
  if (!Array.isArray(request.tools)) return request;
  return {
    ...request,
    tools: request.tools.map((tool) =>
      Array.isArray(tool.functionDeclarations) ? { ...tool, functionDeclarations: tool.functionDeclarations.filter((declaration) => declaration.name !== toolName) } : tool,
    ),
  };
}

function isSearchTool(tool: GeminiTool): boolean {
  return SEARCH_TOOL_KEYS.some((key) => tool[key] !== undefined && tool[key] !== null);
}

/** A tool entry without its search keys (one Gemini tool object may hold several kinds); empty ones disappear. */
function withoutSearch(tool: GeminiTool): GeminiTool[] {
  if (!isSearchTool(tool)) return [tool];
  const rest: GeminiTool = { ...tool };
  for (const key of SEARCH_TOOL_KEYS) delete rest[key];
  return Object.keys(rest).length === 0 ? [] : [rest];
}

function chooseToolName(declarations: readonly GeminiFunctionDeclaration[]): string {
  const taken = new Set(declarations.map((declaration) => declaration.name));
  for (const name of ['web_search', 'google_web_search', 'agt_web_search']) if (!taken.has(name)) return name;
  let suffix = 2;
  while (taken.has(`agt_web_search_${suffix}`)) suffix += 1;
  return `agt_web_search_${suffix}`;
}
