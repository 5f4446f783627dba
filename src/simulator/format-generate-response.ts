/**
 * Turning a simulated reply into the `response` of a generateContent answer, or into the chunks of a
 * streamGenerateContent answer: thought, function call and image each in their own chunk, text split by
 * words into a few pieces, and the last chunk carrying finishReason and usageMetadata.
 */
import type { GeminiCandidate, GeminiPart, GeminiResponse } from '../protocols/gemini/gemini-api.js';
import type { SimulatedReply } from './build-generate-reply.js';

export interface ReplyIdentity {
  modelVersion: string;
  responseId: string;
}

const MAX_TEXT_PIECES = 6;

export function formatGenerateResponse(reply: SimulatedReply, identity: ReplyIdentity): GeminiResponse {
  return {
    candidates: [
      {
        content: { role: 'model', parts: reply.parts },
        finishReason: reply.finishReason,
        index: 0,
        ...(reply.groundingMetadata === undefined ? {} : { groundingMetadata: reply.groundingMetadata }),
      },
    ],
    usageMetadata: reply.usageMetadata,
    modelVersion: identity.modelVersion,
    responseId: identity.responseId,
  };
}

export function formatGenerateChunks(reply: SimulatedReply, identity: ReplyIdentity): GeminiResponse[] {
  const chunkParts: GeminiPart[][] = [];
  for (const part of reply.parts) {
    if (typeof part.text === 'string' && part.thought !== true && Object.keys(part).length === 1) {
      for (const piece of splitTextIntoPieces(part.text)) chunkParts.push([{ text: piece }]);
    } else {
      chunkParts.push([part]);
    }
  }
  return chunkParts.map((parts, index) => {
    const candidate: GeminiCandidate = { content: { role: 'model', parts }, index: 0 };
    const chunk: GeminiResponse = { candidates: [candidate] };
    if (index === chunkParts.length - 1) {
      candidate.finishReason = reply.finishReason;
      // Gemini sends the grounding of a searched answer with its last chunk.
      if (reply.groundingMetadata !== undefined) candidate.groundingMetadata = reply.groundingMetadata;
      chunk.usageMetadata = reply.usageMetadata;
    }
    chunk.modelVersion = identity.modelVersion;
    chunk.responseId = identity.responseId;
    return chunk;
  });
}

/**
 * Splits text into up to six pieces (at least three when there are enough words), cutting only where a word
 * starts, so the pieces join back to the exact text.
 */
export function splitTextIntoPieces(text: string): string[] {
  const pieceCount = Math.max(3, Math.min(MAX_TEXT_PIECES, Math.ceil(text.length / 40)));
  const pieces: string[] = [];
  let start = 0;
  for (let index = 1; index < pieceCount; index += 1) {
    const cut = findWordStart(text, Math.max(start + 1, Math.floor((text.length * index) / pieceCount)));
    if (cut === -1) break;
    pieces.push(text.slice(start, cut));
    start = cut;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** The first index at or after `from` where a non-space follows a space, or -1. */
function findWordStart(text: string, from: number): number {
  for (let index = Math.max(from, 1); index < text.length; index += 1) {
    if (isSpace(text.charCodeAt(index - 1)) && !isSpace(text.charCodeAt(index))) return index;
  }
  return -1;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}
