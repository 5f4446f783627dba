import { describe, expect, it } from 'vitest';
import { parseHashRoute } from '../hooks/use-hash-route';
import { en } from './en';
import { getLocale, setLocale, t } from './t';

describe('t', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('account.since', { time: 'T', relative: 'R' })).toBe('since T (R)');
    expect(t('account.since', { time: 'T' })).toBe('since T ({relative})');
    expect(t('state.active')).toBe('Active');
  });

  it('falls back to English for languages without a dictionary', () => {
    setLocale('xx-YY');
    expect(getLocale()).toBe('en');
    expect(t('nav.accounts')).toBe('Accounts');
    setLocale('en-US');
    expect(getLocale()).toBe('en-US');
  });

  it('has no empty strings', () => {
    for (const [key, value] of Object.entries(en)) expect(value.trim(), key).not.toBe('');
  });
});

describe('parseHashRoute', () => {
  it('reads the page from the hash and defaults to accounts', () => {
    expect(parseHashRoute('#/proxy')).toBe('proxy');
    expect(parseHashRoute('#/monitor?x=1')).toBe('monitor');
    expect(parseHashRoute('#monitor')).toBe('monitor');
    expect(parseHashRoute('')).toBe('accounts');
    expect(parseHashRoute('#/nope')).toBe('accounts');
  });
});
