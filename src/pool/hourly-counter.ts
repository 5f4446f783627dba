/** Counts events over the last hour in one-minute buckets (requests and failures per account). */
export class HourlyCounter {
  private readonly buckets = new Array<number>(60).fill(0);
  private readonly minutes = new Array<number>(60).fill(-1);

  add(nowMs: number, amount = 1): void {
    const minute = Math.floor(nowMs / 60_000);
    const slot = minute % 60;
    if (this.minutes[slot] !== minute) {
      this.minutes[slot] = minute;
      this.buckets[slot] = 0;
    }
    this.buckets[slot] += amount;
  }

  total(nowMs: number): number {
    const minute = Math.floor(nowMs / 60_000);
    let sum = 0;
    for (let slot = 0; slot < 60; slot++) if (minute - this.minutes[slot] < 60) sum += this.buckets[slot];
    return sum;
  }
}
