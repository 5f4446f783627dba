import { expect } from 'vitest';
import type { ClientRun } from './run-client.js';
import type { ClientExchange, ClientStack } from './start-client-stack.js';

/** Where a scenario starts in the stack's records, so its checks see only its own traffic. */
export interface ScenarioMark {
  exchanges: number;
  escapes: number;
  ruleRejections: Record<string, number>;
}

export function markScenario(stack: ClientStack): ScenarioMark {
  return {
    exchanges: stack.exchanges.length,
    escapes: stack.escapes.length,
    ruleRejections: { ...stack.simulator.state.counters().ruleRejections },
  };
}

/**
 * The checks every scenario ends with: the client exited 0; it sent agt at least one request and got no 4xx/5xx
 * for any of them (a client that retried and recovered still fails here); the simulated backend refused nothing
 * agt sent (no upstream rule rejection); and the client tried to reach nothing but agt. Returns the scenario's
 * exchanges.
 */
export function expectCleanRun(stack: ClientStack, mark: ScenarioMark, run: ClientRun): ClientExchange[] {
  const exchanges = stack.exchanges.slice(mark.exchanges);
  const context = `exit ${run.code} after ${run.ms} ms\n--- stdout\n${run.stdout.slice(-3000)}\n--- stderr\n${run.stderr.slice(-3000)}`;
  const failed = exchanges
    .filter((exchange) => exchange.status === 0 || exchange.status >= 400)
    .map((exchange) => `${exchange.method} ${exchange.path} → ${exchange.status}: ${exchange.responseStart.slice(0, 500)}`);
  expect(failed, `agt answered errors the client saw\n${context}`).toEqual([]);
  const rejections = diffCounts(mark.ruleRejections, stack.simulator.state.counters().ruleRejections);
  expect(rejections, 'upstream rules refused what agt sent').toEqual({});
  expect(stack.escapes.slice(mark.escapes), `the client tried to reach something other than agt\n${context}`).toEqual([]);
  expect(run.code, context).toBe(0);
  expect(exchanges.length, `the client sent agt nothing\n${context}`).toBeGreaterThan(0);
  return exchanges;
}

/** The generation requests of a scenario (what the model was asked), oldest first. */
export function generationExchanges(exchanges: ClientExchange[]): ClientExchange[] {
  return exchanges.filter((exchange) => exchange.method === 'POST' && /\/messages(\?|$)|chat\/completions|\/responses|generatecontent/i.test(exchange.path));
}

function diffCounts(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const diff: Record<string, number> = {};
  for (const [name, count] of Object.entries(after)) {
    if (count > (before[name] ?? 0)) diff[name] = count - (before[name] ?? 0);
  }
  return diff;
}
