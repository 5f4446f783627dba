import { SKIP_THOUGHT_SIGNATURE } from '../gemini/gemini-api.js';
import type { ModelFamily } from './select-model-family.js';

const FAMILIES: readonly ModelFamily[] = ['claude', 'gemini', 'gpt'];

/**
 * The signature a client receives: the upstream one prefixed with the family of the model that issued it
 * (`claude#…`, `gemini#…`). agt keeps no state, so the prefix is how it knows, when the client replays its history
 * (possibly to another model, another account or after a restart), which family may see the signature. CLIProxyAPI
 * hands out signatures the same way (`claude#<signature>`, its signature cache's `ProcessResponseSignature`).
 */
export function formatClientSignature(signature: string, family: ModelFamily): string {
  if (signature === '' || signature === SKIP_THOUGHT_SIGNATURE || parseClientSignature(signature).family !== undefined) return signature;
  return `${family}#${signature}`;
}

export interface ParsedSignature {
  /** The issuing family, when agt prefixed the signature; undefined for anything else (unknown origin). */
  family?: ModelFamily;
  /** The signature as the upstream issued it. */
  signature: string;
}

export function parseClientSignature(value: string): ParsedSignature {
  const separator = value.indexOf('#');
  if (separator > 0) {
    const family = value.slice(0, separator) as ModelFamily;
    if (FAMILIES.includes(family)) return { family, signature: value.slice(separator + 1) };
  }
  return { signature: value };
}
