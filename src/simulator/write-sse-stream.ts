/**
 * Writing `streamGenerateContent?alt=sse` frames: all at once when there is no delay, else one frame per
 * `chunkDelayMs`; optionally destroying the socket after `cutAfterChunks` frames (a network failure mid-stream).
 */
import type { ServerResponse } from 'node:http';
import { waitForDelay } from './wait-for-delay.js';

export interface SseStreamPlan {
  frames: readonly string[];
  headers: Record<string, string>;
  chunkDelayMs: number;
  cutAfterChunks?: number;
  /** Called just before the simulator itself destroys the socket, so it is not counted as a client abort. */
  onCut?: () => void;
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
} as const;

export async function writeSseStream(response: ServerResponse, plan: SseStreamPlan): Promise<void> {
  response.writeHead(200, { ...SSE_HEADERS, ...plan.headers });
  const cutAfter = plan.cutAfterChunks;
  if (plan.chunkDelayMs <= 0 && cutAfter === undefined) {
    response.end(plan.frames.join(''));
    return;
  }
  const limit = cutAfter === undefined ? plan.frames.length : Math.min(cutAfter, plan.frames.length);
  for (let index = 0; index < limit; index += 1) {
    if (index > 0 && !(await waitForDelay(plan.chunkDelayMs, response))) return;
    if (response.destroyed) return;
    response.write(plan.frames[index]);
  }
  if (cutAfter === undefined) {
    response.end();
    return;
  }
  // A comment line flushes the headers even when no frame was sent; destroy once it has reached the socket.
  response.write(': sim cut\n\n', () => {
    plan.onCut?.();
    response.destroy();
  });
}

export function formatSseFrame(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}
