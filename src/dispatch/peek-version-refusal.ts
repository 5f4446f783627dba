import { isClientVersionRefusalCompletion, mayBecomeClientVersionRefusal } from '../google/index.js';
import type { GeminiResponse } from '../protocols/gemini/gemini-api.js';

/** The refusal is one short sentence; a stream still undecided after this many chunks is a real answer. */
const MAX_HELD_CHUNKS = 8;

export interface VersionRefusalPeek {
  /** Every chunk read, in order, the first included: the caller streams them before reading on. */
  held: GeminiResponse[];
  /** The completion text when the whole completion is the client-version refusal. */
  refusal?: string;
}

/**
 * Cloud Code sometimes answers an outdated client version with a 200 whose whole completion is "This version of
 * Antigravity is no longer supported…" (Antigravity-Manager#1403, #2134; opencode-antigravity-auth#309). Before
 * anything reaches the client, read on from the first chunk only while the plain text so far could still be that
 * sentence; thoughts, function calls, images or any other text end the wait at once, so a normal answer is held back
 * by at most the chunks that spell the opening of the sentence.
 */
export async function peekVersionRefusal(
  first: GeminiResponse,
  readNext: () => Promise<GeminiResponse | undefined>,
): Promise<VersionRefusalPeek> {
  const held = [first];
  let text = '';
  let current: GeminiResponse | undefined = first;
  for (;;) {
    const plain = readPlainText(current);
    if (plain === undefined) return { held };
    text += plain;
    if (!mayBecomeClientVersionRefusal(text) && !isClientVersionRefusalCompletion(text)) return { held };
    if (isFinished(current) || held.length >= MAX_HELD_CHUNKS) break;
    current = await readNext();
    if (current === undefined) break;
    held.push(current);
  }
  return isClientVersionRefusalCompletion(text) ? { held, refusal: text.trim() } : { held };
}

/** The chunk's visible text, or undefined when it carries anything but plain text (the refusal never does). */
function readPlainText(chunk: GeminiResponse): string | undefined {
  let text = '';
  for (const candidate of chunk.candidates ?? []) {
    for (const part of candidate.content?.parts ?? []) {
      if (part.thought === true) return undefined;
      for (const key of Object.keys(part)) if (key !== 'text' && key !== 'thoughtSignature') return undefined;
      if (typeof part.text === 'string') text += part.text;
    }
  }
  return text;
}

function isFinished(chunk: GeminiResponse): boolean {
  return (chunk.candidates ?? []).some((candidate) => typeof candidate.finishReason === 'string' && candidate.finishReason !== '');
}
