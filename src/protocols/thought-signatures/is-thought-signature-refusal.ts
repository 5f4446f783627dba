/**
 * The backend's refusals of a thought signature, as seen in the peers' issues:
 * - Claude: "messages.1.content.0: Invalid `signature` in `thinking` block" (inside a 400 INVALID_ARGUMENT,
 *   lbjlaq/Antigravity-Manager#498, #777) and "thinking.signature: Field required" (AM `handlers/common.rs`);
 * - Gemini: "Corrupted thought signature." (Antigravity-Manager#970, #402) and, from Vertex, "Unable to submit
 *   request because Thought signature is not valid." (NoeFabris/opencode-antigravity-auth#368).
 */
const SIGNATURE_REFUSALS = [
  /invalid `?signature`? in `?thinking`? block/i,
  /thinking\.signature/i,
  /corrupted thought signature/i,
  /thought signature is not valid/i,
];

export function isThoughtSignatureRefusal(message: string): boolean {
  return SIGNATURE_REFUSALS.some((pattern) => pattern.test(message));
}
