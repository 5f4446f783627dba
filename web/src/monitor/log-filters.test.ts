import { describe, expect, it } from 'vitest';
import { formatLogQuery } from '../api';
import { EMPTY_LOG_FILTERS, convertFiltersToQuery, hasActiveFilters } from './log-filters';
import { mapStatusTone } from './map-status-tone';

describe('convertFiltersToQuery + formatLogQuery', () => {
  it('sends only paging when no filter is set', () => {
    expect(formatLogQuery(convertFiltersToQuery(EMPTY_LOG_FILTERS, 0, 50))).toBe('?limit=50&offset=0');
  });

  it('maps "errors" to errors_only=1 and a code to status=', () => {
    expect(formatLogQuery(convertFiltersToQuery({ ...EMPTY_LOG_FILTERS, status: 'errors' }, 50, 50))).toBe(
      '?limit=50&offset=50&errors_only=1',
    );
    expect(formatLogQuery(convertFiltersToQuery({ ...EMPTY_LOG_FILTERS, status: '429' }, 0, 50))).toBe(
      '?limit=50&offset=0&status=429',
    );
  });

  it('trims and encodes model, account and protocol', () => {
    const query = convertFiltersToQuery({ status: '', model: ' gemini-2.5-flash ', account: 'a+b@example.com', protocol: 'gemini' }, 0, 10);
    expect(formatLogQuery(query)).toBe('?limit=10&offset=0&model=gemini-2.5-flash&account=a%2Bb%40example.com&protocol=gemini');
  });

  it('knows when a filter is active', () => {
    expect(hasActiveFilters(EMPTY_LOG_FILTERS)).toBe(false);
    expect(hasActiveFilters({ ...EMPTY_LOG_FILTERS, model: 'x' })).toBe(true);
    expect(hasActiveFilters({ ...EMPTY_LOG_FILTERS, account: '   ' })).toBe(false);
  });
});

describe('mapStatusTone', () => {
  it('colours statuses by class', () => {
    expect([200, 304, 429, 401, 500, 503, 0].map(mapStatusTone)).toEqual(['green', 'blue', 'amber', 'amber', 'red', 'red', 'grey']);
  });
});
