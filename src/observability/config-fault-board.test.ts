import { describe, expect, it } from 'vitest';
import { ConfigFaultBoard } from './config-fault-board.js';

function recordingLogger() {
  const lines: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  return {
    lines,
    error: (fields: Record<string, unknown>, message: string) => lines.push({ level: 'error', message, fields }),
    info: (fields: Record<string, unknown>, message: string) => lines.push({ level: 'info', message, fields }),
  };
}

describe('ConfigFaultBoard', () => {
  it('logs a fault once, counts repeats, and says when it is resolved', () => {
    const logger = recordingLogger();
    let clock = 1_000;
    const board = new ConfigFaultBoard(logger, () => clock);
    const changes: number[] = [];
    board.on('change', (faults: unknown[]) => changes.push(faults.length));

    board.report('client_version', 'Set AGT_ANTIGRAVITY_VERSION', 'This version of Antigravity is no longer supported.');
    clock = 2_000;
    board.report('client_version', 'Set AGT_ANTIGRAVITY_VERSION', 'This version of Antigravity is no longer supported.');
    expect(board.list()).toEqual([
      expect.objectContaining({ kind: 'client_version', count: 2, firstAt: 1_000, lastAt: 2_000, message: 'Set AGT_ANTIGRAVITY_VERSION' }),
    ]);
    expect(logger.lines.filter((line) => line.level === 'error')).toHaveLength(1);

    board.resolve('client_version', 'a request succeeded');
    board.resolve('client_version', 'again');
    expect(board.list()).toEqual([]);
    expect(logger.lines.map((line) => line.level)).toEqual(['error', 'info']);
    expect(changes).toEqual([1, 0]);
  });

  it('a new message (another version refused) is logged again', () => {
    const logger = recordingLogger();
    const board = new ConfigFaultBoard(logger);
    board.report('client_version', 'version 1.15.8 refused', 'old');
    board.report('client_version', 'version 2.0.0 refused', 'old');
    expect(logger.lines.filter((line) => line.level === 'error').map((line) => line.message)).toEqual(['version 1.15.8 refused', 'version 2.0.0 refused']);
    expect(board.list()[0]).toMatchObject({ message: 'version 2.0.0 refused', count: 1 });
  });
});
