import { describe, expect, it } from 'vitest';
import { limitStopSequences } from './limit-stop-sequences.js';
import type { UpstreamPayload } from './upstream-payload.js';

const withStops = (stopSequences: string[]): UpstreamPayload => ({
  model: 'gemini-3-flash',
  requestType: 'agent',
  request: { contents: [], generationConfig: { stopSequences, temperature: 0 } },
});

describe('limitStopSequences', () => {
  it('keeps the first five non-empty stop sequences', () => {
    const result = limitStopSequences(withStops(['a', '', 'b', 'c', 'd', 'e', 'f', 'g']), {});
    expect(result.request.generationConfig).toEqual({ stopSequences: ['a', 'b', 'c', 'd', 'e'], temperature: 0 });
  });

  it('drops an empty list and leaves five or fewer alone', () => {
    expect(limitStopSequences(withStops(['', '']), {}).request.generationConfig).toEqual({ temperature: 0 });
    const five = withStops(['a', 'b', 'c', 'd', 'e']);
    expect(limitStopSequences(five, {})).toBe(five);
  });
});
