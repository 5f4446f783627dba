import { describe, expect, it } from 'vitest';
import { ConversationBindings } from './conversation-bindings.js';
import { createSchedulingStrategies } from './create-scheduling-strategies.js';
import { selectPreferredAccount } from './select-preferred-account.js';
import type { CandidateState, SchedulingMode, SelectionDecision, SelectionRequest, SelectionView } from './scheduling-strategy.js';

/**
 * The strategies are pure decisions over a view of the pool. Here the view is a plain table of accounts (what the pool
 * would report for each one) and the clock is a number the test moves; the same strategies run inside the real pool in
 * account-pool-scheduling.test.ts and through `agt serve` in test/e2e/scheduling-and-quota.test.ts.
 */
interface TableAccount {
  state: CandidateState;
  inFlight?: number;
  quota?: number;
}

class TableView implements SelectionView {
  private cursor = 0;
  draws: number[] = [];
  constructor(readonly accounts: Map<string, TableAccount>) {}
  stateOf(id: string): CandidateState {
    return this.accounts.get(id)?.state ?? { kind: 'unavailable' };
  }
  private readyIds(): string[] {
    return [...this.accounts].filter(([, account]) => account.state.kind === 'ready').map(([id]) => id);
  }
  nextInRotation(): string | undefined {
    const ids = [...this.accounts.keys()];
    for (let step = 0; step < ids.length; step++) {
      const index = (this.cursor + step) % ids.length;
      if (this.accounts.get(ids[index] as string)?.state.kind === 'ready') {
        this.cursor = index + 1;
        return ids[index];
      }
    }
    return undefined;
  }
  randomReady(): string | undefined {
    const ready = this.readyIds();
    if (ready.length === 0) return undefined;
    const draw = this.draws.shift() ?? 0;
    return ready[draw % ready.length];
  }
  inFlight(id: string): number {
    return this.accounts.get(id)?.inFlight ?? 0;
  }
  quotaLeft(id: string): number {
    return this.accounts.get(id)?.quota ?? 100;
  }
}

const ready: CandidateState = { kind: 'ready' };
const unavailable: CandidateState = { kind: 'unavailable' };

function setup(ids = ['a', 'b', 'c']) {
  let now = 1_000_000;
  const bindings = new ConversationBindings({ ttlMs: 60_000 });
  const strategies = createSchedulingStrategies(bindings);
  const view = new TableView(new Map(ids.map((id) => [id, { state: ready }])));
  const request = (conversationId: string | undefined, extra: Partial<SelectionRequest> = {}): SelectionRequest => ({
    conversationId,
    now,
    maxWaitMs: 60_000,
    deadlineMs: undefined,
    mayWait: true,
    ...extra,
  });
  const pick = (mode: SchedulingMode, conversationId: string | undefined, extra: Partial<SelectionRequest> = {}): SelectionDecision =>
    strategies[mode].select(request(conversationId, extra), view);
  const used = (decision: SelectionDecision) => (decision.type === 'use' ? decision.accountId : decision.type);
  return {
    view,
    bindings,
    pick,
    used,
    advance: (ms: number) => {
      now += ms;
    },
    get now() {
      return now;
    },
    set: (id: string, account: TableAccount) => view.accounts.set(id, account),
  };
}

describe('Balance', () => {
  it('keeps a conversation on its account, spreads new conversations in rotation, and rotates requests without one', () => {
    const t = setup();
    expect(['x', 'y', 'z'].map((conversation) => t.used(t.pick('Balance', conversation)))).toEqual(['a', 'b', 'c']);
    for (let turn = 0; turn < 5; turn++) expect(t.used(t.pick('Balance', 'y'))).toBe('b');
    expect([t.used(t.pick('Balance', undefined)), t.used(t.pick('Balance', undefined))]).toEqual(['a', 'b']);
  });

  it('moves the conversation at once when its account cannot serve, and it stays on the new account after recovery', () => {
    const t = setup();
    expect(t.used(t.pick('Balance', 'conv'))).toBe('a');
    t.set('a', { state: { kind: 'rate_limited', until: t.now + 5_000 } });
    expect(t.used(t.pick('Balance', 'conv'))).toBe('b');
    t.set('a', { state: ready });
    expect(t.used(t.pick('Balance', 'conv'))).toBe('b');
    // Quota protection or a disable (both "unavailable" to the strategy) move it the same way.
    t.set('b', { state: unavailable });
    expect(t.used(t.pick('Balance', 'conv'))).toBe('c');
  });

  it('forgets a binding once its TTL has passed without a request, and renews it on every request', () => {
    const t = setup();
    expect(t.used(t.pick('Balance', 'conv'))).toBe('a');
    t.advance(50_000);
    expect(t.used(t.pick('Balance', 'conv'))).toBe('a');
    t.advance(50_000);
    expect(t.used(t.pick('Balance', 'conv'))).toBe('a');
    t.advance(60_001);
    expect(t.bindings.get('conv', t.now)).toBeUndefined();
    expect(t.used(t.pick('Balance', 'conv'))).toBe('b');
  });

  it('does not wait for a briefly rate-limited account: that is CacheFirst', () => {
    const t = setup();
    t.pick('Balance', 'conv');
    t.set('a', { state: { kind: 'rate_limited', until: t.now + 2_000 } });
    expect(t.pick('Balance', 'conv')).toEqual({ type: 'use', accountId: 'b' });
  });

  it('answers none when no account is ready', () => {
    const t = setup(['a']);
    t.set('a', { state: unavailable });
    expect(t.pick('Balance', 'conv')).toEqual({ type: 'none' });
  });
});

describe('CacheFirst', () => {
  it('waits for its briefly rate-limited account instead of moving, then uses it', () => {
    const t = setup();
    expect(t.used(t.pick('CacheFirst', 'conv'))).toBe('a');
    t.set('a', { state: { kind: 'rate_limited', until: t.now + 5_000 } });
    expect(t.pick('CacheFirst', 'conv')).toEqual({ type: 'wait', accountId: 'a', until: t.now + 5_000 });
    t.advance(5_000);
    t.set('a', { state: ready });
    expect(t.used(t.pick('CacheFirst', 'conv'))).toBe('a');
  });

  it('moves like Balance when the wait would exceed max_wait_seconds, pass the deadline, or is no longer allowed', () => {
    for (const [extra, until] of [
      [{ maxWaitMs: 4_000 }, 5_000],
      [{ deadlineMs: 1_000_000 + 3_000 }, 5_000],
      [{ mayWait: false }, 5_000],
      [{ maxWaitMs: 0 }, 1],
    ] as Array<[Partial<SelectionRequest>, number]>) {
      const t = setup();
      t.pick('CacheFirst', 'conv');
      t.set('a', { state: { kind: 'rate_limited', until: t.now + until } });
      expect(t.pick('CacheFirst', 'conv', extra), JSON.stringify(extra)).toEqual({ type: 'use', accountId: 'b' });
      // And the conversation now lives on the new account.
      t.set('a', { state: ready });
      expect(t.used(t.pick('CacheFirst', 'conv'))).toBe('b');
    }
  });

  it('never waits for an account that is unavailable for another reason (error cooldown, protection, disabled)', () => {
    const t = setup();
    t.pick('CacheFirst', 'conv');
    t.set('a', { state: unavailable });
    expect(t.pick('CacheFirst', 'conv')).toEqual({ type: 'use', accountId: 'b' });
  });
});

describe('PerformanceFirst', () => {
  it('binds nothing: the same conversation goes to whichever of two random accounts is less busy', () => {
    const t = setup(['a', 'b', 'c', 'd']);
    t.set('a', { state: ready, inFlight: 3 });
    t.set('b', { state: ready, inFlight: 1 });
    t.set('c', { state: ready, inFlight: 0 });
    t.view.draws = [0, 1];
    expect(t.used(t.pick('PerformanceFirst', 'conv'))).toBe('b');
    t.view.draws = [0, 2];
    expect(t.used(t.pick('PerformanceFirst', 'conv'))).toBe('c');
    t.view.draws = [3, 1];
    expect(t.used(t.pick('PerformanceFirst', 'conv'))).toBe('d');
    expect(t.bindings.size).toBe(0);
  });

  it('breaks a tie in load by the quota left for the model', () => {
    const t = setup(['a', 'b']);
    t.set('a', { state: ready, quota: 20 });
    t.set('b', { state: ready, quota: 80 });
    t.view.draws = [0, 1];
    expect(t.used(t.pick('PerformanceFirst', undefined))).toBe('b');
    t.view.draws = [1, 0];
    expect(t.used(t.pick('PerformanceFirst', undefined))).toBe('b');
  });

  it('uses the only ready account, and answers none without one', () => {
    const t = setup(['a', 'b']);
    t.set('a', { state: { kind: 'rate_limited', until: t.now + 1_000 } });
    expect(t.used(t.pick('PerformanceFirst', 'conv'))).toBe('b');
    t.set('b', { state: unavailable });
    expect(t.pick('PerformanceFirst', 'conv')).toEqual({ type: 'none' });
  });
});

describe('the three modes differ on the same sequence', () => {
  it('a conversation whose account is rate-limited for 5 s: Balance moves, CacheFirst waits, PerformanceFirst never bound it', () => {
    const outcomes: Record<string, unknown[]> = {};
    for (const mode of ['Balance', 'CacheFirst', 'PerformanceFirst'] as const) {
      const t = setup();
      t.view.draws = [2, 2, 2, 2, 1, 1];
      const first = t.used(t.pick(mode, 'conv'));
      t.set(first as string, { state: { kind: 'rate_limited', until: t.now + 5_000 } });
      const second = t.pick(mode, 'conv');
      outcomes[mode] = [first, second.type === 'use' ? second.accountId : second.type];
    }
    expect(outcomes).toEqual({ Balance: ['a', 'b'], CacheFirst: ['a', 'wait'], PerformanceFirst: ['c', 'b'] });
  });
});

describe('fixed account', () => {
  it('is picked while it can serve, and not while it cannot', () => {
    const t = setup();
    expect(selectPreferredAccount('b', t.view)).toBe('b');
    t.set('b', { state: { kind: 'rate_limited', until: t.now + 1 } });
    expect(selectPreferredAccount('b', t.view)).toBeUndefined();
    expect(selectPreferredAccount(null, t.view)).toBeUndefined();
    expect(selectPreferredAccount('gone', t.view)).toBeUndefined();
  });
});

describe('ConversationBindings', () => {
  it('drops every binding of a disabled or removed account and keeps the others', () => {
    const bindings = new ConversationBindings({ ttlMs: 1_000 });
    bindings.set('x', 'a', 0);
    bindings.set('y', 'a', 0);
    bindings.set('z', 'b', 0);
    bindings.set('y', 'b', 10);
    expect([bindings.countFor('a'), bindings.countFor('b')]).toEqual([1, 2]);
    bindings.dropAccount('b');
    expect([bindings.get('x', 20), bindings.get('y', 20), bindings.get('z', 20)]).toEqual(['a', undefined, undefined]);
  });

  it('stays bounded: expired and least recently used bindings go first', () => {
    const bindings = new ConversationBindings({ ttlMs: 1_000, maxBindings: 3 });
    for (const [index, id] of ['p', 'q', 'r', 's'].entries()) bindings.set(id, 'a', index);
    expect(bindings.size).toBe(3);
    expect(bindings.get('p', 10)).toBeUndefined();
    bindings.set('t', 'a', 2_000);
    expect(bindings.size).toBe(1);
    expect(bindings.countFor('a')).toBe(1);
  });
});
