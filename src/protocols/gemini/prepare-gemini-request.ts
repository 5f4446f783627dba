import { deepFreeze } from '../../shared/deep-freeze.js';
import { rememberJsonBytes } from '../../shared/encode-json-utf8.js';
import { convertJsonSchemaToGeminiSchema } from '../tool-schemas/convert-json-schema-to-gemini-schema.js';
import { SKIP_THOUGHT_SIGNATURE } from './gemini-api.js';
import type { GeminiContent, GeminiFunctionDeclaration, GeminiPart, GeminiRequest, GeminiTool } from './gemini-api.js';

/**
 * Normalises a parsed Gemini request for Code Assist, without mutating it:
 * - every content gets a role (`user` by default; `assistant` → `model`, `function`/`tool` → `user`), since Code
 *   Assist only takes `user` and `model`;
 * - every `functionCall` in a model turn carries a `thoughtSignature`: Code Assist rejects a replayed call without
 *   one, and accepts the SKIP_THOUGHT_SIGNATURE sentinel when the client never kept the real signature;
 * - function parameter schemas are cleaned into Gemini's schema subset (`parametersJsonSchema` is folded into
 *   `parameters`, since both at once is a 400).
 */
export function prepareGeminiRequest(request: GeminiRequest): GeminiRequest {
  const prepared: GeminiRequest = { ...request, contents: request.contents.map((content) => keptResult(content, prepareContent)) };
  if (Array.isArray(request.tools)) prepared.tools = keptResult(request.tools, prepareTools);
  const system = request.systemInstruction;
  if (system !== undefined && system !== null && Object.isFrozen(system)) rememberJsonBytes(system);
  return prepared;
}

/**
 * What was prepared of kept (deep-frozen) values, by identity: the parser and `validateWithKeptValues` hand the same
 * frozen history entry and tool list to every turn that sends the same bytes (see `server/parse-json-body.ts`), so
 * each is prepared once, frozen, with its JSON encoded once (`rememberJsonBytes`).
 */
const keptPrepared = new WeakMap<object, object>();

function keptResult<T extends object>(value: T, prepare: (value: T) => T): T {
  if (!Object.isFrozen(value)) return prepare(value);
  let kept = keptPrepared.get(value) as T | undefined;
  if (kept === undefined) {
    kept = deepFreeze(prepare(value));
    rememberJsonBytes(kept);
    keptPrepared.set(value, kept);
  }
  return kept;
}

function prepareTools(tools: GeminiTool[]): GeminiTool[] {
  return tools.map(prepareTool);
}

function prepareContent(content: GeminiContent): GeminiContent {
  const role = mapContentRole(content.role);
  const parts = role === 'model' ? content.parts.map(addMissingThoughtSignature) : content.parts;
  return { ...content, role, parts };
}

function mapContentRole(role: string | undefined): string {
  if (role === undefined || role === '') return 'user';
  if (role === 'assistant') return 'model';
  if (role === 'function' || role === 'tool') return 'user';
  return role;
}

function addMissingThoughtSignature(part: GeminiPart): GeminiPart {
  if (part.functionCall === undefined) return part;
  if (typeof part.thoughtSignature === 'string' && part.thoughtSignature !== '') return part;
  return { ...part, thoughtSignature: SKIP_THOUGHT_SIGNATURE };
}

function prepareTool(tool: GeminiTool): GeminiTool {
  if (!Array.isArray(tool.functionDeclarations)) return tool;
  return { ...tool, functionDeclarations: tool.functionDeclarations.map(prepareFunctionDeclaration) };
}

function prepareFunctionDeclaration(declaration: GeminiFunctionDeclaration): GeminiFunctionDeclaration {
  const { parametersJsonSchema, parameters, ...rest } = declaration as GeminiFunctionDeclaration & {
    parametersJsonSchema?: unknown;
  };
  const cleaned = convertJsonSchemaToGeminiSchema(parameters ?? parametersJsonSchema);
  return cleaned === undefined ? rest : { ...rest, parameters: cleaned };
}
