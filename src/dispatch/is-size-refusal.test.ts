import { describe, expect, it } from 'vitest';
import { isSizeRefusal } from './is-size-refusal.js';

describe('isSizeRefusal', () => {
  it('recognises 413 and the size messages upstreams and proxies give, whatever the status', () => {
    expect(isSizeRefusal(413, '')).toBe(true);
    expect(isSizeRefusal(400, 'Request payload size exceeds the limit: 20971520 bytes.')).toBe(true);
    expect(isSizeRefusal(500, 'Maximum request body size 1048576 exceeded, actual body size 1056562')).toBe(true);
    expect(isSizeRefusal(503, 'Request Entity Too Large')).toBe(true);
    expect(isSizeRefusal(400, 'request_too_large')).toBe(true);
  });

  it('leaves every other failure to the rotation policy', () => {
    expect(isSizeRefusal(429, 'You have exhausted your capacity on this model.')).toBe(false);
    expect(isSizeRefusal(500, 'Internal error encountered.')).toBe(false);
    expect(isSizeRefusal(400, 'Invalid JSON payload received. Unknown name "foo"')).toBe(false);
    expect(isSizeRefusal(400, 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).')).toBe(false);
  });
});
