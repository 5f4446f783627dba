/**
 * Counts events over the last hour in one-minute buckets (requests and failures per account). The buckets are
 * allocated on the first event: most accounts of a large pool never see one between two restarts.
 */
export class HourlyCounter {
  private buckets: number[] | undefined;
  private minutes: number[] | undefined;

  add(nowMs: number, amount = 1): void {
    const buckets = (this.buckets ??= new Array<number>(60).fill(0));
    const minutes = (this.minutes ??= new Array<number>(60).fill(-1));
    const minute = Math.floor(nowMs / 60_000);
    const slot = minute % 60;
    if (minutes[slot] !== minute) {
      minutes[slot] = minute;
      buckets[slot] = 0;
    }
    buckets[slot] += amount;
  }

  total(nowMs: number): number {
    const { buckets, minutes } = this;
    if (buckets === undefined || minutes === undefined) return 0;
    const minute = Math.floor(nowMs / 60_000);
    let sum = 0;
    for (let slot = 0; slot < 60; slot++) if (minute - minutes[slot] < 60) sum += buckets[slot];
    return sum;
  }
}
