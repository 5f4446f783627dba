/**
 * agt keeps no state, so the Gemini thought signature of a turn travels to the client inside the `reasoning`
 * output item's `encrypted_content` (the field OpenAI uses for the same purpose with `store: false`), and comes
 * back with the reasoning item in the next request's input. The prefix tells agt's signatures apart from
 * OpenAI's own encrypted reasoning, which a client might replay after switching providers and which Code Assist
 * would refuse as an invalid signature.
 */
const SIGNATURE_PREFIX = 'agt-thought-signature:';

export function formatEncryptedContent(thoughtSignature: string): string {
  return `${SIGNATURE_PREFIX}${thoughtSignature}`;
}

/** The Gemini thought signature inside `encrypted_content`, or undefined when agt did not write it. */
export function readThoughtSignature(encryptedContent: string | null | undefined): string | undefined {
  if (typeof encryptedContent !== 'string' || !encryptedContent.startsWith(SIGNATURE_PREFIX)) return undefined;
  const signature = encryptedContent.slice(SIGNATURE_PREFIX.length);
  return signature === '' ? undefined : signature;
}
