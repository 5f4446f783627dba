import { describe, expect, it } from 'vitest';
import { formatPrettyLogLine } from './format-pretty-log-line.js';

describe('formatPrettyLogLine', () => {
  const time = new Date(2030, 4, 6, 7, 8, 9).toISOString();

  it('formats time, level, message and extra fields', () => {
    const line = JSON.stringify({ level: 40, time, msg: 'cooling down', model: 'gemini-2.5-pro', until: 17, note: 'a b' });
    expect(formatPrettyLogLine(line)).toBe('07:08:09 WARN  cooling down model=gemini-2.5-pro until=17 note="a b"\n');
  });

  it('shows only the message of a serialized error', () => {
    const line = JSON.stringify({ level: 50, time, msg: 'failed', err: { type: 'Error', message: 'socket hang up', stack: 'Error: …' } });
    expect(formatPrettyLogLine(line)).toBe('07:08:09 ERROR failed err="socket hang up"\n');
  });

  it('colours the level when asked', () => {
    const line = JSON.stringify({ level: 30, time, msg: 'ok' });
    expect(formatPrettyLogLine(line, { colour: true })).toBe('07:08:09 \u001b[32mINFO \u001b[0m ok\n');
  });

  it('passes through text that is not JSON', () => {
    expect(formatPrettyLogLine('plain text')).toBe('plain text\n');
  });
});
