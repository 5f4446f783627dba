/**
 * Pretty-prints a logged request or response body. Bodies arrive as JSON values or as strings that may hold JSON
 * (pretty-printed then) or SSE / plain text (shown as is).
 */
export function formatJsonBody(body: unknown): string {
  if (body === undefined || body === null || body === '') return '';
  if (typeof body === 'string') {
    const trimmed = body.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2);
      } catch {
        return body;
      }
    }
    return body;
  }
  try {
    return JSON.stringify(body, null, 2);
  } catch {
    return String(body);
  }
}
