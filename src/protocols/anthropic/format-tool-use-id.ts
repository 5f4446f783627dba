/**
 * An id for a `tool_use` block whose Gemini `functionCall` came without one. Derived from the message id so it is
 * unique across the conversation (tool results are matched by it) and stays deterministic for tests.
 */
export function formatToolUseId(messageId: string, counter: number): string {
  const suffix = messageId.replace(/^msg_/, '').replace(/[^A-Za-z0-9_-]/g, '');
  return `toolu_${suffix}_${counter}`;
}
