/**
 * Arguments for a simulated function call, built from the declaration's JSON schema: every required property
 * (or every property when none is required) gets a placeholder of its type — string "sim" (or the first enum
 * value), number/integer its `minimum` or 1, boolean true, array [], object {}.
 */
export function buildFunctionCallArgs(schema: unknown): Record<string, unknown> {
  if (!isRecord(schema) || !isRecord(schema.properties)) return {};
  const properties = schema.properties;
  const required = Array.isArray(schema.required)
    ? schema.required.filter((name): name is string => typeof name === 'string' && name in properties)
    : [];
  const names = required.length > 0 ? required : Object.keys(properties);
  const args: Record<string, unknown> = {};
  for (const name of names) args[name] = buildPlaceholder(properties[name]);
  return args;
}

function buildPlaceholder(schema: unknown): unknown {
  if (!isRecord(schema)) return 'sim';
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  switch (readType(schema.type)) {
    case 'number':
    case 'integer':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return 'sim';
  }
}

/** Gemini schemas spell types in upper case; JSON Schema may give a list such as ["string", "null"]. */
function readType(type: unknown): string | undefined {
  if (typeof type === 'string') return type.toLowerCase();
  if (Array.isArray(type)) {
    const first = type.find((entry) => typeof entry === 'string' && entry.toLowerCase() !== 'null');
    return typeof first === 'string' ? first.toLowerCase() : undefined;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
