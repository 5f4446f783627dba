/**
 * Reads the standard Google RPC error JSON `{"error":{"code","message","status","details":[...]}}` from an upstream
 * body. Cloud Code sometimes wraps it in an array (`[{"error":{...}}]`), sends the bare inner object, or puts the
 * whole error JSON, stringified, inside `message`; all of these are unwrapped to the innermost error.
 * Returns undefined for bodies that are not such JSON (HTML error pages, plain text, empty).
 */
export interface GoogleRpcError {
  code?: number;
  message?: string;
  status?: string;
  details: Record<string, unknown>[];
}

const MAX_NESTING = 4;

export function parseGoogleErrorBody(text: string): GoogleRpcError | undefined {
  const value = parseLenientJson(text);
  return value === undefined ? undefined : unwrapGoogleError(value, 0);
}

/** JSON.parse that also repairs the stray duplicate comma Cloud Code sometimes emits inside streamed error JSON. */
export function parseLenientJson(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '' || (trimmed[0] !== '{' && trimmed[0] !== '[')) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    try {
      return JSON.parse(trimmed.replace(/,(\s*),/g, ',$1'));
    } catch {
      return undefined;
    }
  }
}

function unwrapGoogleError(value: unknown, depth: number): GoogleRpcError | undefined {
  if (depth > MAX_NESTING) return undefined;
  if (Array.isArray(value)) {
    for (const entry of value) {
      const found = unwrapGoogleError(entry, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const candidate = isRecord(value.error) ? value.error : value;
  if (!('message' in candidate) && !('code' in candidate) && !('details' in candidate) && !('status' in candidate)) {
    return undefined;
  }
  const outer: GoogleRpcError = {
    details: Array.isArray(candidate.details) ? candidate.details.filter(isRecord) : [],
  };
  if (typeof candidate.code === 'number') outer.code = candidate.code;
  if (typeof candidate.message === 'string') outer.message = candidate.message;
  if (typeof candidate.status === 'string') outer.status = candidate.status;
  const inner = outer.message === undefined ? undefined : unwrapStringifiedError(outer.message, depth + 1);
  if (inner === undefined) return outer;
  return {
    code: inner.code ?? outer.code,
    message: inner.message ?? outer.message,
    status: inner.status ?? outer.status,
    details: inner.details.length > 0 ? inner.details : outer.details,
  };
}

function unwrapStringifiedError(message: string, depth: number): GoogleRpcError | undefined {
  const start = message.search(/[[{]/);
  if (start < 0) return undefined;
  const parsed = parseLenientJson(message.slice(start));
  return parsed === undefined ? undefined : unwrapGoogleError(parsed, depth);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The first detail whose `@type` ends with `google.rpc.<typeName>`. */
export function findErrorDetail(error: GoogleRpcError, typeName: string): Record<string, unknown> | undefined {
  return error.details.find((detail) => {
    const type = detail['@type'];
    return typeof type === 'string' && type.endsWith(`.${typeName}`);
  });
}
