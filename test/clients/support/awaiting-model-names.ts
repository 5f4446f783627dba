/**
 * Client scenarios that fail today only because agt does not yet map the client's default model name to a served
 * model (issue 7 item 2, the model-routing work): Codex CLI 0.169.0 asks for `gpt-6.1-sol` when no model is
 * configured, and agt answers 404 "not served by any account". Skipped until that name resolves, then this list is
 * emptied; `AGT_CLIENTS_ALL=1` runs them anyway.
 */
const AWAITING_MODEL_NAMES = new Set<string>(['codex 0.169.0 default-model']);

export function awaitsModelName(scenario: string): boolean {
  return process.env.AGT_CLIENTS_ALL !== '1' && AWAITING_MODEL_NAMES.has(scenario);
}
