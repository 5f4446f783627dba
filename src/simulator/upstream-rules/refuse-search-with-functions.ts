import { isRecord } from '../read-request-body.js';
import { buildGoogleError } from '../send-google-error.js';
import type { UpstreamRule } from './upstream-rule.js';

const SEARCH_TOOL_KEYS = ['googleSearch', 'google_search', 'googleSearchRetrieval', 'google_search_retrieval', 'urlContext', 'url_context'];

/**
 * Google Search (and the other search tools) may not be combined with function declarations in one request.
 */
export const refuseSearchWithFunctions: UpstreamRule = {
  name: 'refuse-search-with-functions',
  source:
    'googleapis/js-genai#1157 and #435, googleapis/dotnet-genai#248 (400 "Multiple tools are supported only when they ' +
    'are all search tools."); lbjlaq/Antigravity-Manager and CLIProxyAPI run search as its own web_search request',
  check({ request }) {
    const tools = Array.isArray(request.tools) ? request.tools.filter(isRecord) : [];
    const search = tools.some((tool) => SEARCH_TOOL_KEYS.some((key) => tool[key] !== undefined));
    const functions = tools.some((tool) => Array.isArray(tool.functionDeclarations) && tool.functionDeclarations.length > 0);
    return search && functions ? buildGoogleError(400, 'Multiple tools are supported only when they are all search tools.') : undefined;
  },
};
