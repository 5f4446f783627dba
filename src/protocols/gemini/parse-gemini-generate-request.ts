import { z } from 'zod';
import { deepFreeze } from '../../shared/deep-freeze.js';
import { GatewayError } from '../../shared/gateway-error.js';
import { KeptValidation, validateWithKeptValues, type KeptMemberRule } from '../kept-values/keep-validated-values.js';
import type { GeminiRequest } from './gemini-api.js';

/**
 * Reads an untrusted `generateContent` / `streamGenerateContent` / `countTokens` body. Google's REST surface takes
 * both proto JSON spellings (`systemInstruction` and `system_instruction`), so clients send either; the structural
 * keys are normalised to camelCase here, while data inside them (function arguments, function responses, schemas,
 * labels) is never touched. Validation is loose: it checks the types agt relies on and keeps unknown fields.
 * @see https://ai.google.dev/api/generate-content#request-body
 */
export function parseGeminiGenerateRequest(body: unknown): GeminiRequest {
  if (!isJsonObject(body)) throw new GatewayError('INVALID_REQUEST', 'Request body must be a JSON object');
  const normalised = normaliseKeys(body, REQUEST_SHAPE);
  if (typeof normalised.systemInstruction === 'string') {
    normalised.systemInstruction = { parts: [{ text: normalised.systemInstruction }] };
  }
  const reused = validateWithKeptValues(normalised, requestShell, KEPT_MEMBER_RULES);
  if (reused !== undefined) return reused as GeminiRequest;
  const result = requestSchema.safeParse(normalised);
  if (!result.success) {
    const details = result.error.issues.slice(0, 3).map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`);
    throw new GatewayError('INVALID_REQUEST', `Invalid request: ${details.join('; ')}`);
  }
  return result.data as GeminiRequest;
}

/** Which object levels are Gemini structure (keys renamed, children visited); everything else is opaque data. */
interface KeyShape {
  fields?: Record<string, KeyShape>;
  each?: KeyShape;
}

const KEYS_ONLY: KeyShape = { fields: {} };
const PART_SHAPE: KeyShape = {
  fields: {
    inlineData: KEYS_ONLY,
    fileData: KEYS_ONLY,
    functionCall: KEYS_ONLY,
    functionResponse: KEYS_ONLY,
    executableCode: KEYS_ONLY,
    codeExecutionResult: KEYS_ONLY,
    videoMetadata: KEYS_ONLY,
  },
};
const CONTENT_SHAPE: KeyShape = { fields: { parts: { each: PART_SHAPE } } };
const TOOL_SHAPE: KeyShape = {
  fields: {
    functionDeclarations: { each: KEYS_ONLY },
    googleSearch: KEYS_ONLY,
    googleSearchRetrieval: { fields: { dynamicRetrievalConfig: KEYS_ONLY } },
    codeExecution: KEYS_ONLY,
    urlContext: KEYS_ONLY,
  },
};
const REQUEST_SHAPE: KeyShape = {
  fields: {
    contents: { each: CONTENT_SHAPE },
    systemInstruction: CONTENT_SHAPE,
    tools: { each: TOOL_SHAPE },
    toolConfig: { fields: { functionCallingConfig: KEYS_ONLY, retrievalConfig: KEYS_ONLY } },
    generationConfig: { fields: { thinkingConfig: KEYS_ONLY, imageConfig: KEYS_ONLY } },
    safetySettings: { each: KEYS_ONLY },
  },
};

const SNAKE_CASE_KEY = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;

/**
 * Normalised copies of kept (deep-frozen) values, by identity and shape: `server/parse-json-body.ts` hands the same
 * frozen history entry, tool list or system instruction to every turn that sends the same bytes, so its copy is made
 * once, frozen too, and `validateWithKeptValues` can then reuse what it validated of it.
 */
const keptNormalised = new WeakMap<KeyShape, WeakMap<object, unknown>>();

function normaliseKeys(value: Record<string, unknown>, shape: KeyShape): Record<string, unknown> {
  return keptCopy(value, shape, copyWithNormalisedKeys) as Record<string, unknown>;
}

function keptCopy<T extends object>(value: T, shape: KeyShape, copy: (value: T, shape: KeyShape) => unknown): unknown {
  if (!Object.isFrozen(value)) return copy(value, shape);
  let byValue = keptNormalised.get(shape);
  if (byValue === undefined) keptNormalised.set(shape, (byValue = new WeakMap()));
  let kept = byValue.get(value);
  if (kept === undefined) byValue.set(value, (kept = deepFreeze(copy(value, shape))));
  return kept;
}

function copyWithNormalisedKeys(value: Record<string, unknown>, shape: KeyShape): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const camelKey = SNAKE_CASE_KEY.test(key) ? key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase()) : key;
    // When a client sends both spellings, the camelCase one wins.
    if (camelKey !== key && Object.hasOwn(value, camelKey)) continue;
    const childShape = shape.fields?.[camelKey];
    Object.defineProperty(result, camelKey, {
      value: childShape === undefined ? child : normaliseChild(child, childShape),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

function normaliseChild(value: unknown, shape: KeyShape): unknown {
  if (Array.isArray(value)) return shape.each === undefined ? value : keptCopy(value, shape.each, copyWithNormalisedItems);
  return isJsonObject(value) && shape.fields !== undefined ? normaliseKeys(value, shape) : value;
}

function copyWithNormalisedItems(items: unknown[], itemShape: KeyShape): unknown[] {
  return items.map((item) => (isJsonObject(item) ? normaliseKeys(item, itemShape) : item));
}

/** Opaque JSON objects (function args, schemas) are checked, not copied, so their keys survive exactly. */
const jsonObject = z.custom<Record<string, unknown>>(isJsonObject, { error: 'expected a JSON object' });

const partSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
  inlineData: z.looseObject({ mimeType: z.string(), data: z.string() }).optional(),
  fileData: z.looseObject({ mimeType: z.string().optional(), fileUri: z.string() }).optional(),
  functionCall: z.looseObject({ name: z.string(), args: jsonObject.optional(), id: z.string().optional() }).optional(),
  functionResponse: z.looseObject({ name: z.string(), response: jsonObject, id: z.string().optional() }).optional(),
});

const contentSchema = z.looseObject({
  role: z.string().optional(),
  parts: z
    .array(partSchema, { error: 'parts must be an array of Part objects' })
    .min(1, { error: 'parts must not be empty' }),
});

const functionDeclarationSchema = z.looseObject({
  name: z.string({ error: 'function declarations need a string name' }),
  description: z.string().optional(),
  parameters: jsonObject.optional(),
  parametersJsonSchema: jsonObject.optional(),
});

const optionalNumber = z.number().optional();
const optionalInteger = z.number().int().optional();

const requestSchema = z.looseObject({
  contents: z
    .array(contentSchema, { error: 'contents must be an array of Content objects ({role, parts})' })
    .min(1, { error: 'contents must not be empty' }),
  systemInstruction: z
    .looseObject({ role: z.string().optional(), parts: z.array(partSchema, { error: 'parts must be an array of Part objects' }) })
    .optional(),
  tools: z.array(z.looseObject({ functionDeclarations: z.array(functionDeclarationSchema).optional() })).optional(),
  toolConfig: z
    .looseObject({
      functionCallingConfig: z
        .looseObject({ mode: z.string().optional(), allowedFunctionNames: z.array(z.string()).optional() })
        .optional(),
    })
    .optional(),
  generationConfig: z
    .looseObject({
      temperature: optionalNumber,
      topP: optionalNumber,
      topK: optionalNumber,
      candidateCount: optionalInteger,
      maxOutputTokens: optionalInteger,
      stopSequences: z.array(z.string()).optional(),
      responseMimeType: z.string().optional(),
      responseSchema: jsonObject.optional(),
      thinkingConfig: z
        .looseObject({
          includeThoughts: z.boolean().optional(),
          thinkingBudget: optionalInteger,
          thinkingLevel: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  safetySettings: z.array(z.looseObject({ category: z.string(), threshold: z.string() })).optional(),
});

/** The request's schema with the members kept between requests left to `KEPT_MEMBER_RULES`. */
const requestShell = requestSchema.extend({
  contents: z.array(z.unknown(), { error: 'contents must be an array of Content objects ({role, parts})' }).min(1, { error: 'contents must not be empty' }),
  systemInstruction: z.unknown().optional(),
  tools: z.unknown().optional(),
});

/** History entries, the tool list and the system instruction kept between requests are validated once. */
const KEPT_MEMBER_RULES: readonly KeptMemberRule[] = [
  { member: 'contents', entries: new KeptValidation(contentSchema) },
  { member: 'systemInstruction', value: new KeptValidation(requestSchema.shape.systemInstruction) },
  { member: 'tools', value: new KeptValidation(requestSchema.shape.tools) },
];

function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'body';
  return path
    .map((segment, position) => (typeof segment === 'number' ? `[${segment}]` : `${position === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
