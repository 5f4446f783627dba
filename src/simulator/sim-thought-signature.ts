/**
 * The simulator's thought signatures. Like the real ones they are opaque to clients, bound to the model family
 * that issued them and tamper-evident: `sim-sig-<family>-<nonce>-<check>`, where the check is a hash of family
 * and nonce, so a truncated, prefixed or foreign signature is recognised as such (the backend answers "Corrupted
 * thought signature." / "Invalid `signature` in `thinking` block", see `upstream-rules/`).
 */
import { createHash } from 'node:crypto';

export type SimulatedFamily = 'claude' | 'gemini';

const PATTERN = /^sim-sig-(claude|gemini)-([0-9a-f]{48})-([0-9a-f]{16})$/;

export function simulatedFamilyOf(modelId: string): SimulatedFamily {
  return modelId.includes('claude') ? 'claude' : 'gemini';
}

export function buildSimThoughtSignature(family: SimulatedFamily, seed: string): string {
  const nonce = createHash('sha256').update(seed).digest('hex').slice(0, 48);
  return `sim-sig-${family}-${nonce}-${computeCheck(family, nonce)}`;
}

/** The family that issued a simulator signature, or undefined when the text is not an intact one. */
export function readSimThoughtSignatureFamily(signature: unknown): SimulatedFamily | undefined {
  if (typeof signature !== 'string') return undefined;
  const match = PATTERN.exec(signature);
  if (match === null) return undefined;
  const family = match[1] as SimulatedFamily;
  return computeCheck(family, match[2]!) === match[3] ? family : undefined;
}

function computeCheck(family: string, nonce: string): string {
  return createHash('sha256').update(`sim-thought-check:${family}:${nonce}`).digest('hex').slice(0, 16);
}
