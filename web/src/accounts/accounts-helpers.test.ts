import { describe, expect, it } from 'vitest';
import type { AccountView } from '../api';
import { selectActiveCooldowns } from './select-active-cooldowns';
import { sortAccounts } from './sort-accounts';
import { summarizeAccounts } from './summarize-accounts';

function account(id: string, state: AccountView['state']): AccountView {
  return { id, email: `${id}@example.com`, state, disabled: state === 'disabled', proxy_disabled: state === 'proxy_disabled' };
}

describe('summarizeAccounts', () => {
  it('counts every state', () => {
    const summary = summarizeAccounts([
      account('a', 'active'),
      account('b', 'active'),
      account('c', 'disabled'),
      account('d', 'cooling_down'),
      account('e', 'quota_protected'),
      account('f', 'proxy_disabled'),
    ]);
    expect(summary).toEqual({ total: 6, active: 2, disabled: 1, proxy_disabled: 1, cooling_down: 1, quota_protected: 1 });
  });
});

describe('selectActiveCooldowns', () => {
  it('keeps only running cooldowns, soonest first', () => {
    const now = 1_700_000_000_000;
    expect(selectActiveCooldowns({ 'gemini-2.5-pro': now + 9_000, 'gemini-2.5-flash': now + 1_000, old: now - 1 }, now)).toEqual([
      { model: 'gemini-2.5-flash', until: now + 1_000 },
      { model: 'gemini-2.5-pro', until: now + 9_000 },
    ]);
    expect(selectActiveCooldowns(null, now)).toEqual([]);
  });
});

describe('sortAccounts', () => {
  it('orders by email regardless of case, then by id, without touching the input', () => {
    const input = [account('b', 'active'), { ...account('z', 'active'), email: 'A@example.com' }, account('a', 'disabled'), { ...account('c', 'active'), email: 'a@example.com' }];
    expect(sortAccounts(input).map((item) => item.id)).toEqual(['a', 'c', 'z', 'b']);
    expect(input.map((item) => item.id)).toEqual(['b', 'z', 'a', 'c']);
  });
});
