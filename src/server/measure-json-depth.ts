/**
 * The deepest nesting of arrays and objects in a JSON text, counted without parsing it: one pass over the
 * characters, skipping string contents (escapes included). Stops counting as soon as the depth passes
 * `stopAbove`, so a hostile body of a million `[` costs no more than the limit. Invalid JSON is measured
 * as far as it goes; JSON.parse reports the syntax error afterwards.
 */
export function measureJsonDepth(text: string, stopAbove = Infinity): number {
  const QUOTE = 34;
  const BACKSLASH = 92;
  const OPEN_ARRAY = 91;
  const CLOSE_ARRAY = 93;
  const OPEN_OBJECT = 123;
  const CLOSE_OBJECT = 125;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
      continue;
    }
    if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      depth--;
    }
  }
  return deepest;
}
