import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Lets a long synchronous loop give the event loop a turn every `sliceMs` of work: `if (slice.isOver()) await
 * slice.next();` between items. Bulk work (reading thousands of account files) then costs its real CPU time and no
 * promise per item, while timers, sockets and watchers still run at least every `sliceMs`.
 */
export class TimeSlice {
  private startedAt = performance.now();

  constructor(private readonly sliceMs: number) {}

  isOver(): boolean {
    return performance.now() - this.startedAt >= this.sliceMs;
  }

  async next(): Promise<void> {
    await nextTurn();
    this.startedAt = performance.now();
  }
}
