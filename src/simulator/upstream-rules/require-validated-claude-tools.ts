import { isRecord } from '../read-request-body.js';
import { buildGoogleError } from '../send-google-error.js';
import type { UpstreamRule } from './upstream-rule.js';

/**
 * Claude models take function declarations in `VALIDATED` mode only, and in that mode every object schema needs at
 * least one property. The simulator refuses both with the backend's bare INVALID_ARGUMENT. This is stricter than any
 * refusal recorded: it is the rule every working peer follows (opencode-antigravity-auth sets VALIDATED for Claude
 * and adds a placeholder because "Claude VALIDATED mode requires at least one property"), so agt is held to it.
 */
export const requireValidatedClaudeTools: UpstreamRule = {
  name: 'require-validated-claude-tools',
  source:
    'NoeFabris/opencode-antigravity-auth src/plugin/request.ts (mode VALIDATED for Claude) and request-helpers.ts ' +
    'addEmptySchemaPlaceholder; router-for-me/CLIProxyAPI internal/util/gemini_schema.go; antigravity-claude-proxy ' +
    'src/format/request-converter.js',
  check({ request, model }) {
    if (model.kind !== 'claude' || !Array.isArray(request.tools)) return undefined;
    const declarations = request.tools.flatMap((tool) => (isRecord(tool) && Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations : []));
    if (declarations.length === 0) return undefined;
    const mode = request.toolConfig?.functionCallingConfig?.mode;
    const forced = typeof mode === 'string' && ['ANY', 'NONE', 'VALIDATED'].includes(mode.toUpperCase());
    if (!forced) return buildGoogleError(400, 'Request contains an invalid argument.');
    if (declarations.some((declaration) => !isRecord(declaration) || hasEmptyObject(declaration.parameters ?? { type: 'object' }, 0))) {
      return buildGoogleError(400, 'Request contains an invalid argument.');
    }
    return undefined;
  },
};

function hasEmptyObject(schema: unknown, depth: number): boolean {
  if (!isRecord(schema) || depth > 32) return false;
  const properties = schema.properties;
  if (typeof schema.type === 'string' && schema.type.toLowerCase() === 'object' && (!isRecord(properties) || Object.keys(properties).length === 0)) return true;
  if (isRecord(properties) && Object.values(properties).some((child) => hasEmptyObject(child, depth + 1))) return true;
  if (hasEmptyObject(schema.items, depth + 1)) return true;
  for (const key of ['anyOf', 'oneOf']) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.some((branch) => hasEmptyObject(branch, depth + 1))) return true;
  }
  return false;
}
