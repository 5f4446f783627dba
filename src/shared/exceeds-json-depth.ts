/**
 * Deepest JSON nesting the protocol converters accept in function-call arguments and tool outputs sent upstream.
 * Protobuf's JSON parser (which reads Gemini's `Struct` fields) stops at 100 levels, and `JSON.stringify` would
 * overflow the stack on the way upstream long before a hostile value's nesting ends. (The HTTP server's limit on
 * whole request bodies is its own, checked on the bytes before parsing: `server/decode-json-body.ts`.)
 */
export const MAX_JSON_DEPTH = 100;

/** Whether `value` nests deeper than `limit`. Iterative, so measuring a hostile value cannot overflow the stack. */
export function exceedsJsonDepth(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    if (typeof entry.value !== 'object' || entry.value === null) continue;
    if (entry.depth > limit) return true;
    for (const child of Object.values(entry.value)) pending.push({ value: child, depth: entry.depth + 1 });
  }
  return false;
}
