import { BoundedTextCache } from '../../shared/bounded-text-cache.js';
import { deepFreeze } from '../../shared/deep-freeze.js';
/**
 * Cleans a JSON Schema (OpenAI / Anthropic tool parameters, MCP input schemas) into the OpenAPI 3.0 subset that
 * Gemini function declarations accept. Code Assist validates declarations strictly (`VALIDATED` mode, and the
 * same declarations reach Claude models), and one unknown keyword anywhere rejects the whole request with
 * `Unknown name "…": Cannot find field`, so the output is built from an allow-list, never by deleting keys.
 *
 * - Local `$ref`s (`#/$defs/…`, `#/definitions/…`, any JSON pointer) are inlined; one reference may be open at most
 *   MAX_OPEN_REFERENCES_PER_PATH times on a path, so recursive schemas end in a shallow summary.
 * - `type: [t, "null"]` and `anyOf`/`oneOf` with a null branch become `nullable: true`; `allOf` is merged.
 * - Enums must be strings for Gemini; other enum values, `const`, and constraints Gemini does not take
 *   (`minLength`, `pattern`, `default`, …) are kept for the model as a hint in `description`.
 * - Arrays always get `items` and objects always get `properties` (Gemini answers 400 `items: missing field`).
 * - Nesting is capped (MAX_SCHEMA_DEPTH, MAX_SCHEMA_NODES), so hostile input cannot overflow the stack.
 *
 * @see https://ai.google.dev/api/caching#Schema
 */
type JsonObject = Record<string, unknown>;

const MAX_SCHEMA_DEPTH = 32;
const MAX_OPEN_REFERENCES_PER_PATH = 2;
const MAX_SCHEMA_NODES = 10_000;
const MAX_HINT_VALUE_LENGTH = 80;

const KNOWN_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);
const SUPPORTED_STRING_FORMATS = new Set(['enum', 'date-time']);

/** Constraints Gemini rejects or Code Assist drops; the model still sees them in the description. */
const HINTED_KEYWORDS = [
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'default',
] as const;

/** Keywords that only make sense for one type, used when `type: [a, b]` is split into `anyOf` branches. */
const KEYWORDS_BY_TYPE_GROUP: Record<string, readonly string[]> = {
  object: ['properties', 'required', 'minProperties', 'maxProperties', 'additionalProperties', 'patternProperties', 'propertyNames'],
  array: ['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'],
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
};

interface CleanContext {
  root: JsonObject;
  /** How many times each `$ref` is open on the current path. */
  openReferences: Map<string, number>;
  nodesLeft: number;
}

interface TypeList {
  types: string[];
  includesNull: boolean;
}

/** Converted schemas kept, by the JSON text of the schema, and the most key text they may hold. */
const CACHE_MAX_ENTRIES = 1024;
const CACHE_MAX_KEY_CHARS = 16 * 1024 * 1024;
const conversions = new BoundedTextCache<Record<string, unknown>>(CACHE_MAX_ENTRIES, CACHE_MAX_KEY_CHARS);

/**
 * Converts `schema` (see above). Clients send the same tools on every turn (Claude Code: 24 tools, 40 KB of
 * schemas), so a conversion is kept by the schema's content, its JSON text, and served again: stringifying a
 * schema costs a fraction of cleaning it. A kept result is frozen, so no request can change it for the next
 * (the upstream passes copy what they change). Least recently used entries go first.
 */
export function convertJsonSchemaToGeminiSchema(schema: unknown): Record<string, unknown> | undefined {
  if (!isJsonObject(schema)) return undefined;
  let key: string;
  try {
    key = JSON.stringify(schema);
  } catch {
    // Circular or nested past the stack (not from a JSON body): converted as it is, and not kept.
    return convertUncached(schema);
  }
  const cached = conversions.get(key);
  if (cached !== undefined) return cached;
  const converted = deepFreeze(convertUncached(schema));
  conversions.set(key, converted);
  return converted;
}

function convertUncached(schema: JsonObject): Record<string, unknown> {
  const context: CleanContext = { root: schema, openReferences: new Map(), nodesLeft: MAX_SCHEMA_NODES };
  const cleaned = cleanSchema(schema, 0, context);
  if (cleaned.type === undefined && cleaned.anyOf === undefined) {
    // Function parameters are an object; `{}` means "no parameters".
    return { type: 'object', ...cleaned, properties: isJsonObject(cleaned.properties) ? cleaned.properties : {} };
  }
  return cleaned;
}

function cleanSchema(node: unknown, depth: number, context: CleanContext): JsonObject {
  if (!isJsonObject(node)) return {};
  if (depth > MAX_SCHEMA_DEPTH || context.nodesLeft <= 0) return summariseSchema(node);
  context.nodesLeft -= 1;

  if (typeof node.$ref === 'string') return cleanReference(node, node.$ref, depth, context);
  if (Array.isArray(node.allOf)) return cleanIntersection(node, node.allOf, depth, context);
  const hasUnion = Array.isArray(node.anyOf) || Array.isArray(node.oneOf);
  const typeList = readTypeList(node.type);
  if (!hasUnion && typeList.types.length > 1) return cleanSchema(splitTypesIntoUnion(node, typeList), depth, context);
  if (hasUnion) return cleanUnion(node, depth, context);
  return cleanSingleSchema(node, depth, context);
}

function cleanReference(node: JsonObject, reference: string, depth: number, context: CleanContext): JsonObject {
  const siblings = omitKeys(node, ['$ref']);
  const target = reference.startsWith('#') ? resolveJsonPointer(context.root, reference.slice(1)) : undefined;
  const openCount = context.openReferences.get(reference) ?? 0;
  if (target === undefined || openCount >= MAX_OPEN_REFERENCES_PER_PATH) {
    // Remote, unknown or too deeply recursive: keep what the siblings say plus the target's shape.
    const summary = isJsonObject(target) ? summariseSchema(target) : {};
    return finaliseSchema(mergeSchemas(cleanSchema(siblings, depth, context), summary));
  }
  context.openReferences.set(reference, openCount + 1);
  try {
    // Keywords written beside a `$ref` refine the target (JSON Schema 2019-09+), so they win.
    return cleanSchema({ ...(isJsonObject(target) ? target : {}), ...siblings }, depth + 1, context);
  } finally {
    context.openReferences.set(reference, openCount);
  }
}

function cleanIntersection(node: JsonObject, members: unknown[], depth: number, context: CleanContext): JsonObject {
  let merged = cleanSchema(omitKeys(node, ['allOf']), depth, context);
  const required = readStringArray(node.required);
  for (const member of members) {
    merged = mergeSchemas(merged, cleanSchema(member, depth + 1, context));
    // A member may require properties that another member declares, so gather the raw lists.
    if (isJsonObject(member)) required.push(...readStringArray(member.required));
  }
  merged.required = [...readStringArray(merged.required), ...required];
  return finaliseSchema(merged);
}

function cleanUnion(node: JsonObject, depth: number, context: CleanContext): JsonObject {
  const branches = [...asArray(node.anyOf), ...asArray(node.oneOf)];
  const base = cleanSingleSchema(omitKeys(node, ['anyOf', 'oneOf']), depth, context);
  let nullable = false;
  const kept: JsonObject[] = [];
  for (const branch of branches) {
    if (isNullSchema(branch)) nullable = true;
    else kept.push(cleanSchema(branch, depth + 1, context));
  }

  let result: JsonObject;
  if (kept.length === 0 || kept.some(acceptsAnything)) {
    // A branch that accepts anything makes the union say nothing beyond the parent.
    result = base;
  } else if (kept.length === 1) {
    result = finaliseSchema(mergeSchemas(base, kept[0]));
  } else if (kept.every(isStringEnumSchema)) {
    const values = [...new Set(kept.flatMap((branch) => branch.enum as string[]))];
    result = finaliseSchema(mergeSchemas(base, { type: 'string', enum: values }));
  } else {
    result = { ...base, anyOf: kept };
  }
  if (nullable || kept.some((branch) => branch.nullable === true)) result.nullable = true;
  return result;
}

function cleanSingleSchema(node: JsonObject, depth: number, context: CleanContext): JsonObject {
  const hints: string[] = [];
  const typeList = readTypeList(node.type);
  let type: string | undefined = typeList.types[0];
  let nullable = typeList.includesNull || node.nullable === true;

  let enumValues: string[] | undefined;
  const rawEnum = Array.isArray(node.enum) ? node.enum : 'const' in node ? [node.const] : undefined;
  if (rawEnum !== undefined) {
    if (rawEnum.includes(null)) nullable = true;
    const values = rawEnum.filter((value) => value !== null);
    if (values.length > 0 && values.every((value) => typeof value === 'string')) {
      enumValues = [...new Set(values as string[])];
      type ??= 'string';
    } else if (values.length > 0) {
      // Gemini only takes string enum values (400 `Invalid value at enum[0] (TYPE_STRING)`).
      hints.push(`allowed values: ${formatHintValue(values)}`);
    }
  }
  if (type === undefined) {
    if (isJsonObject(node.properties)) type = 'object';
    else if (node.items !== undefined || Array.isArray(node.prefixItems)) type = 'array';
  }

  const result: JsonObject = {};
  if (type !== undefined) result.type = type;
  if (nullable) result.nullable = true;
  if (enumValues !== undefined && type === 'string') result.enum = enumValues;
  else if (enumValues !== undefined) hints.push(`allowed values: ${formatHintValue(enumValues)}`);

  if (typeof node.format === 'string') {
    if (type === 'string' && SUPPORTED_STRING_FORMATS.has(node.format)) result.format = node.format;
    else hints.push(`format: ${node.format}`);
  }
  for (const bound of ['minimum', 'maximum'] as const) {
    const value = node[bound];
    if (typeof value === 'number' && Number.isFinite(value)) result[bound] = value;
  }
  for (const keyword of HINTED_KEYWORDS) {
    const value = node[keyword];
    // `false` (draft-04 `exclusiveMinimum`, `uniqueItems`) and a `null` default say nothing worth a hint.
    if (value !== undefined && value !== false && value !== null) hints.push(`${keyword}: ${formatHintValue(value)}`);
  }

  if (type === 'object') {
    const properties: JsonObject = {};
    if (isJsonObject(node.properties)) {
      for (const [name, child] of Object.entries(node.properties)) {
        setOwnProperty(properties, name, cleanSchema(child, depth + 1, context));
      }
    }
    result.properties = properties;
    const required = [...new Set(readStringArray(node.required))].filter((name) => Object.hasOwn(properties, name));
    if (required.length > 0) result.required = required;
  }
  if (type === 'array') result.items = cleanItems(node, depth, context);

  const description = typeof node.description === 'string' ? node.description : '';
  const hintText = hints.length > 0 ? `(${hints.join('; ')})` : '';
  const fullDescription = [description, hintText].filter((text) => text !== '').join(' ');
  if (fullDescription !== '') result.description = fullDescription;
  return result;
}

/** `items` as one schema, a tuple (`items: [...]` or `prefixItems`), or missing. */
function cleanItems(node: JsonObject, depth: number, context: CleanContext): JsonObject {
  const tuple = Array.isArray(node.items) ? node.items : Array.isArray(node.prefixItems) ? node.prefixItems : undefined;
  if (tuple !== undefined) {
    if (tuple.length === 0) return {};
    return tuple.length === 1 ? cleanSchema(tuple[0], depth + 1, context) : cleanSchema({ anyOf: tuple }, depth + 1, context);
  }
  return cleanSchema(node.items, depth + 1, context);
}

function splitTypesIntoUnion(node: JsonObject, typeList: TypeList): JsonObject {
  const shared = omitKeys(node, ['type', 'description']);
  const branches: JsonObject[] = typeList.types.map((type) => {
    const group = type === 'integer' ? 'number' : type;
    const foreignKeywords = Object.entries(KEYWORDS_BY_TYPE_GROUP)
      .filter(([name]) => name !== group)
      .flatMap(([, keywords]) => keywords);
    return { ...omitKeys(shared, foreignKeywords), type };
  });
  if (typeList.includesNull) branches.push({ type: 'null' });
  const union: JsonObject = { anyOf: branches };
  if (node.description !== undefined) union.description = node.description;
  return union;
}

/** Scalars of `first` win; `properties` and `required` are unioned. */
function mergeSchemas(first: JsonObject, second: JsonObject): JsonObject {
  const merged: JsonObject = { ...second, ...first };
  if (isJsonObject(first.properties) || isJsonObject(second.properties)) {
    merged.properties = { ...asObject(second.properties), ...asObject(first.properties) };
  }
  const required = [...readStringArray(first.required), ...readStringArray(second.required)];
  if (required.length > 0) merged.required = required;
  return merged;
}

/** Restores the invariants after merging cleaned schemas. */
function finaliseSchema(schema: JsonObject): JsonObject {
  if (schema.type === undefined && schema.anyOf === undefined) {
    if (isJsonObject(schema.properties)) schema.type = 'object';
    else if (schema.items !== undefined) schema.type = 'array';
  }
  if (schema.type === 'object' && !isJsonObject(schema.properties)) schema.properties = {};
  if (schema.type === 'array' && !isJsonObject(schema.items)) schema.items = {};
  if (schema.type !== 'object') delete schema.properties;
  const properties = asObject(schema.properties);
  const required = [...new Set(readStringArray(schema.required))].filter((name) => Object.hasOwn(properties, name));
  if (required.length > 0) schema.required = required;
  else delete schema.required;
  return schema;
}

/** A shallow stand-in for a schema that is too deep or recursive to inline. */
function summariseSchema(node: JsonObject): JsonObject {
  const typeList = readTypeList(node.type);
  let type = typeList.types[0];
  if (type === undefined && isJsonObject(node.properties)) type = 'object';
  if (type === undefined && node.items !== undefined) type = 'array';
  const summary: JsonObject = {};
  if (type !== undefined) summary.type = type;
  if (typeList.includesNull || node.nullable === true) summary.nullable = true;
  if (typeof node.description === 'string') summary.description = node.description;
  if (type === 'object') summary.properties = {};
  if (type === 'array') summary.items = {};
  return summary;
}

function readTypeList(value: unknown): TypeList {
  const raw = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  const types: string[] = [];
  let includesNull = false;
  for (const entry of raw) {
    if (typeof entry !== 'string') continue;
    const type = entry.toLowerCase();
    if (type === 'null') includesNull = true;
    else if (KNOWN_TYPES.has(type) && !types.includes(type)) types.push(type);
  }
  return { types, includesNull };
}

function isNullSchema(value: unknown): boolean {
  if (!isJsonObject(value)) return false;
  const typeList = readTypeList(value.type);
  if (typeList.includesNull && typeList.types.length === 0) return true;
  if (value.type === undefined && 'const' in value && value.const === null) return true;
  return value.type === undefined && Array.isArray(value.enum) && value.enum.length > 0 && value.enum.every((entry) => entry === null);
}

function acceptsAnything(schema: JsonObject): boolean {
  return Object.keys(schema).every((key) => key === 'description' || key === 'nullable');
}

function isStringEnumSchema(schema: JsonObject): boolean {
  return (
    schema.type === 'string' &&
    Array.isArray(schema.enum) &&
    Object.keys(schema).every((key) => key === 'type' || key === 'enum' || key === 'description' || key === 'nullable')
  );
}

/** RFC 6901 pointer (the part after `#`), own properties only, so `#/__proto__` resolves to nothing. */
function resolveJsonPointer(root: JsonObject, pointer: string): unknown {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pointer);
  } catch {
    return undefined;
  }
  if (decoded === '') return root;
  if (!decoded.startsWith('/')) return undefined;
  let current: unknown = root;
  for (const rawSegment of decoded.slice(1).split('/')) {
    const segment = rawSegment.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (isJsonObject(current) && Object.hasOwn(current, segment)) {
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

function formatHintValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Circular or too deep to serialise: the hint is optional.
    text = '…';
  }
  return text.length > MAX_HINT_VALUE_LENGTH ? `${text.slice(0, MAX_HINT_VALUE_LENGTH)}…` : text;
}

/** Property names come from the client; assignment would let `__proto__` change the prototype. */
function setOwnProperty(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function omitKeys(node: JsonObject, keys: readonly string[]): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (!keys.includes(key)) setOwnProperty(result, key, value);
  }
  return result;
}

function readStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asObject(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
