import { isRecord } from '../read-request-body.js';
import { buildGoogleError } from '../send-google-error.js';
import type { UpstreamRule } from './upstream-rule.js';

/** Gemini's function name rule (opencode-antigravity-auth API notes; the backend's text below says the same). */
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

/**
 * Function declarations whose name Gemini refuses (too long, a leading digit, spaces, slashes…) fail the whole
 * request, one line per bad name. Anthropic allows 128 characters and a leading digit, so MCP tools with long
 * names reach agt routinely.
 */
export const requireValidFunctionNames: UpstreamRule = {
  name: 'require-valid-function-names',
  source:
    'https://github.com/google-gemini/gemini-cli/issues/2966 and #6704 (the Code Assist 400, one line per bad name); ' +
    'CLIProxyAPI internal/util SanitizeFunctionName',
  check({ request }) {
    const lines: string[] = [];
    (Array.isArray(request.tools) ? request.tools : []).forEach((tool, toolIndex) => {
      if (!isRecord(tool) || !Array.isArray(tool.functionDeclarations)) return;
      tool.functionDeclarations.forEach((declaration, index) => {
        const name = isRecord(declaration) ? declaration.name : undefined;
        if (typeof name === 'string' && FUNCTION_NAME.test(name)) return;
        lines.push(
          `* GenerateContentRequest.tools[${toolIndex}].function_declarations[${index}].name: Invalid function name. Must start ` +
            'with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.) or dashes (-), ' +
            'with a maximum length of 64.\n',
        );
      });
    });
    return lines.length === 0 ? undefined : buildGoogleError(400, lines.join(''));
  },
};
