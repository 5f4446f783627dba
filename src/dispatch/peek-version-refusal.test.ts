import { describe, expect, it } from 'vitest';
import type { GeminiPart, GeminiResponse } from '../protocols/gemini/gemini-api.js';
import { peekVersionRefusal } from './peek-version-refusal.js';

function chunk(parts: GeminiPart[], finishReason?: string): GeminiResponse {
  return { candidates: [{ content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}) }] };
}

function reader(chunks: GeminiResponse[]) {
  let reads = 0;
  return {
    next: async () => {
      reads += 1;
      return chunks.shift();
    },
    reads: () => reads,
  };
}

describe('peekVersionRefusal', () => {
  it('recognises the refusal spelled over several chunks', async () => {
    const rest = reader([chunk([{ text: 'no longer supported. Please update ' }]), chunk([{ text: 'to receive the latest features!' }], 'STOP')]);
    const peek = await peekVersionRefusal(chunk([{ text: 'This version of Antigravity is ' }]), rest.next);
    expect(peek.refusal).toBe('This version of Antigravity is no longer supported. Please update to receive the latest features!');
    expect(peek.held).toHaveLength(3);
  });

  it('lets an ordinary answer through at once', async () => {
    const rest = reader([chunk([{ text: ' world' }], 'STOP')]);
    const peek = await peekVersionRefusal(chunk([{ text: 'Hello' }]), rest.next);
    expect(peek).toEqual({ held: [chunk([{ text: 'Hello' }])] });
    expect(rest.reads()).toBe(0);
  });

  it('never holds back thoughts or function calls', async () => {
    const rest = reader([chunk([{ text: 'This version of Antigravity is no longer supported.' }], 'STOP')]);
    expect((await peekVersionRefusal(chunk([{ text: 'thinking', thought: true }]), rest.next)).refusal).toBeUndefined();
    expect((await peekVersionRefusal(chunk([{ functionCall: { name: 'f', args: {} } }]), rest.next)).refusal).toBeUndefined();
    expect(rest.reads()).toBe(0);
  });

  it('an answer that only starts like the refusal is streamed on', async () => {
    const rest = reader([chunk([{ text: 'is great, and this is a real answer.' }], 'STOP')]);
    const peek = await peekVersionRefusal(chunk([{ text: 'This version of Antigravity ' }]), rest.next);
    expect(peek.refusal).toBeUndefined();
    expect(peek.held).toHaveLength(2);
  });
});
