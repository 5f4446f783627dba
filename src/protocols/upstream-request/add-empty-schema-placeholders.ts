import type { GeminiFunctionDeclaration, GeminiTool } from '../gemini/gemini-api.js';
import { deepFreeze } from '../../shared/deep-freeze.js';
import { rememberJsonBytes } from '../../shared/encode-json-utf8.js';
import type { UpstreamPayloadPass } from './upstream-payload.js';

/** The placeholder the peers use, so a model trained on their traffic fills it sensibly. */
export const PLACEHOLDER_PROPERTY = 'reason';
const PLACEHOLDER_SCHEMA = Object.freeze({ type: 'string', description: 'Brief explanation of why you are calling this tool' });

type Schema = Record<string, unknown>;

/**
 * In `VALIDATED` mode Claude needs every object schema of a function declaration to have at least one property
 * (opencode-antigravity-auth `request-helpers.ts` addEmptySchemaPlaceholder, CLIProxyAPI `internal/util/gemini_schema.go`
 * addEmptySchemaPlaceholder): a tool without parameters, or an object property declared as `{type: object}`,
 * gets a required `reason` string property, as those peers send it. Only for Claude models.
 */
export const addEmptySchemaPlaceholders: UpstreamPayloadPass = (payload) => {
  if (!payload.model.toLowerCase().startsWith('claude-') || !Array.isArray(payload.request.tools)) return payload;
  let changed = false;
  const tools = payload.request.tools.map((tool): GeminiTool => {
    if (!Array.isArray(tool.functionDeclarations)) return tool;
    const functionDeclarations = fillDeclarations(tool.functionDeclarations);
    if (functionDeclarations === tool.functionDeclarations) return tool;
    changed = true;
    return { ...tool, functionDeclarations };
  });
  return changed ? { ...payload, request: { ...payload.request, tools } } : payload;
};

/**
 * Filled declaration lists of frozen (cached, shared) lists: a client's tool list converted once (see
 * `convert-anthropic-tools-to-gemini.ts`) is filled once too, and the result is frozen with its JSON encoded once.
 */
const filledFrozenLists = new WeakMap<readonly GeminiFunctionDeclaration[], GeminiFunctionDeclaration[]>();

function fillDeclarations(declarations: GeminiFunctionDeclaration[]): GeminiFunctionDeclaration[] {
  const frozen = Object.isFrozen(declarations);
  const known = frozen ? filledFrozenLists.get(declarations) : undefined;
  if (known !== undefined) return known;
  let changed = false;
  const filled = declarations.map((declaration): GeminiFunctionDeclaration => {
    const parameters = fillSchema(isSchema(declaration.parameters) ? declaration.parameters : { type: 'object' }, 0);
    if (parameters === declaration.parameters) return declaration;
    changed = true;
    return { ...declaration, parameters };
  });
  const result = changed ? filled : declarations;
  if (frozen) {
    deepFreeze(result);
    rememberJsonBytes(result);
    filledFrozenLists.set(declarations, result);
  }
  return result;
}

const MAX_DEPTH = 32;

function fillSchema(schema: Schema, depth: number): Schema {
  if (depth > MAX_DEPTH) return schema;
  let result = schema;
  const set = (key: string, value: unknown) => {
    if (result === schema) result = { ...schema };
    result[key] = value;
  };
  if (isSchema(schema.properties)) {
    let properties: Schema | undefined;
    for (const [name, child] of Object.entries(schema.properties)) {
      if (!isSchema(child)) continue;
      const filled = fillSchema(child, depth + 1);
      if (filled !== child) (properties ??= { ...(schema.properties as Schema) })[name] = filled;
    }
    if (properties !== undefined) set('properties', properties);
  }
  if (isSchema(schema.items)) {
    const items = fillSchema(schema.items, depth + 1);
    if (items !== schema.items) set('items', items);
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    const filled = branches.map((branch) => (isSchema(branch) ? fillSchema(branch, depth + 1) : branch));
    if (filled.some((branch, index) => branch !== branches[index])) set(key, filled);
  }
  const isObject = typeof schema.type === 'string' && schema.type.toLowerCase() === 'object';
  const current = result.properties;
  if (isObject && (!isSchema(current) || Object.keys(current).length === 0)) {
    set('properties', { [PLACEHOLDER_PROPERTY]: { ...PLACEHOLDER_SCHEMA } });
    set('required', [PLACEHOLDER_PROPERTY]);
  }
  return result;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
