import { createHash } from 'node:crypto';

/**
 * Function names agt sends upstream as they are. Gemini documents `^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$`
 * (opencode-antigravity-auth's API notes), but the Code Assist refusal text lists only letters, digits, `_`, `.` and
 * `-` ("Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.) or dashes (-), with a maximum length of 64",
 * google-gemini/gemini-cli#2966), so agt keeps to that narrower set and renames anything else.
 */
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const MAX_LENGTH = 64;

/** Whether a client's tool name can go upstream unchanged. */
export function isSafeUpstreamToolName(name: string): boolean {
  return SAFE_NAME.test(name);
}

/**
 * The upstream name of a tool whose client name Gemini would refuse (Anthropic allows 128 characters and a leading
 * digit; MCP tools are named `mcp__<server>__<tool>`). Invalid characters become `_`, a name that does not start
 * with a letter or `_` gets a leading `_`, and a hash of the original name is added so two client names never
 * meet on one upstream name; a name too long keeps its head and its tail (an MCP tool's own name is at the end).
 * Pure and deterministic: the same tool gets the same upstream name on every turn of a conversation.
 * (CLIProxyAPI's `util.SanitizeFunctionName` cleans the same way but only truncates, so two long names can collide.)
 */
export function formatUpstreamToolName(name: string, hashLength = 8): string {
  let cleaned = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (!/^[A-Za-z_]/.test(cleaned)) cleaned = `_${cleaned}`;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, hashLength);
  if (cleaned.length + 1 + hash.length <= MAX_LENGTH) return `${cleaned}_${hash}`;
  const budget = MAX_LENGTH - hash.length - 2;
  const head = cleaned.slice(0, Math.ceil(budget / 2));
  const tail = cleaned.slice(cleaned.length - (budget - head.length));
  return `${head}_${hash}_${tail}`;
}
