/**
 * Per-account request counters of the simulated Google, so a test can prove what reached "upstream".
 */
export const COUNTER_NAMES = [
  'refresh',
  'codeExchange',
  'tokenErrors',
  'userinfo',
  'loadCodeAssist',
  'onboardUser',
  'generate',
  'streamsAborted',
  'countTokens',
  'quota',
  'quotaSummary',
  /** Keyed by the name of the upstream rule that refused a generate envelope (not by account). */
  'ruleRejections',
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];

export type SimulatorCountersSnapshot = Record<CounterName, Record<string, number>> & { requests: number };

/** The key used when a request could not be tied to an account (unknown token). */
export const UNKNOWN_ACCOUNT_KEY = '(unknown)';

export class SimulatorCounters {
  requests = 0;
  private readonly byName = new Map<CounterName, Map<string, number>>(
    COUNTER_NAMES.map((name) => [name, new Map<string, number>()]),
  );

  increment(name: CounterName, email: string): void {
    const counts = this.byName.get(name);
    if (counts === undefined) return;
    counts.set(email, (counts.get(email) ?? 0) + 1);
  }

  snapshot(): SimulatorCountersSnapshot {
    const snapshot = { requests: this.requests } as SimulatorCountersSnapshot;
    for (const name of COUNTER_NAMES) snapshot[name] = Object.fromEntries(this.byName.get(name) ?? []);
    return snapshot;
  }

  reset(): void {
    this.requests = 0;
    for (const counts of this.byName.values()) counts.clear();
  }
}
