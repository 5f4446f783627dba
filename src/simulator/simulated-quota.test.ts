import { describe, expect, it } from 'vitest';
import type { GoogleSimulator } from './index.js';
import { buildEnvelope, postJson, signInAccount, startSimulatorForTestFile, userText } from './simulator-test-client.js';

let simulator: GoogleSimulator;
startSimulatorForTestFile((started) => (simulator = started));

interface AvailableModels {
  models: Record<string, { quotaInfo: { remainingFraction: number; resetTime: string } }>;
}

async function fractionOf(accessToken: string, model: string): Promise<number> {
  const reply = (await (await postJson(`${simulator.url}/v1internal:fetchAvailableModels`, {}, accessToken)).json()) as AvailableModels;
  return reply.models[model]?.quotaInfo.remainingFraction as number;
}

const control = (email: string, body: unknown) =>
  fetch(`${simulator.url}/_sim/accounts/${encodeURIComponent(email)}/quota`, { method: 'POST', body: JSON.stringify(body) });

describe('simulated quota', () => {
  it('spends each served request from its model, answers 429 QUOTA_EXHAUSTED at zero, and refills when the window resets', async () => {
    const account = await signInAccount(simulator, { email: 'spender@example.com' });
    const resetTime = new Date(Date.now() + 60 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect((await control('spender@example.com', { costPerRequest: 0.4, resetTime })).status).toBe(200);
    const generate = () => postJson(`${simulator.url}/v1internal:generateContent`, buildEnvelope(account.projectId, userText('hi')), account.accessToken);

    expect((await generate()).status).toBe(200);
    expect(await fractionOf(account.accessToken, 'gemini-3-flash')).toBe(0.6);
    // Other models keep their own quota.
    expect(await fractionOf(account.accessToken, 'claude-sonnet-4-6')).toBe(1);
    expect((await generate()).status).toBe(200);
    expect((await generate()).status).toBe(200);
    expect(await fractionOf(account.accessToken, 'gemini-3-flash')).toBe(0);

    const refused = await generate();
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { status: string; details: Array<Record<string, unknown>> } };
    expect(body.error.status).toBe('RESOURCE_EXHAUSTED');
    const info = body.error.details.find((detail) => detail.reason === 'QUOTA_EXHAUSTED') as { metadata: { quotaResetDelay: string; model: string } };
    expect(info.metadata.model).toBe('gemini-3-flash');
    expect(Number.parseInt(info.metadata.quotaResetDelay, 10)).toBeGreaterThan(3_500);

    // The window resets: every model is full again.
    expect((await control('spender@example.com', { resetTime: new Date(Date.now() - 1000).toISOString() })).status).toBe(200);
    expect(await fractionOf(account.accessToken, 'gemini-3-flash')).toBe(1);
    expect((await generate()).status).toBe(200);
  });

  it('serves retrieveUserQuotaSummary with a 5-hour and a weekly window per model group, and can refuse it with 403', async () => {
    const account = await signInAccount(simulator, { email: 'summary@example.com' });
    simulator.state.setQuota('summary@example.com', { model: 'claude-opus-4-6-thinking', remainingFraction: 0.3 });
    const reply = await postJson(`${simulator.url}/v1internal:retrieveUserQuotaSummary`, { project: account.projectId }, account.accessToken);
    expect(reply.status).toBe(200);
    const { groups } = (await reply.json()) as { groups: Array<{ displayName: string; buckets: Array<Record<string, unknown>> }> };
    expect(groups.map((group) => group.displayName)).toEqual(['Gemini Models', 'Claude and GPT models']);
    expect(groups[0]?.buckets.map((bucket) => [bucket.bucketId, bucket.window, bucket.remainingFraction])).toEqual([
      ['gemini-5h', '5h', 1],
      ['gemini-weekly', 'weekly', 1],
    ]);
    expect(groups[1]?.buckets.map((bucket) => [bucket.bucketId, bucket.remainingFraction])).toEqual([
      ['3p-5h', 0.3],
      ['3p-weekly', 0.3],
    ]);
    expect(simulator.state.counters().quotaSummary['summary@example.com']).toBe(1);

    simulator.state.addFault({ target: 'quotaSummary', kind: '403' });
    const refused = await postJson(`${simulator.url}/v1internal:retrieveUserQuotaSummary`, {}, account.accessToken);
    expect(refused.status).toBe(403);
    // fetchAvailableModels is not affected.
    expect(await fractionOf(account.accessToken, 'gemini-3-flash')).toBe(1);
    simulator.state.clearFaults();
  });

  it('refuses a quota control body it cannot use', async () => {
    await signInAccount(simulator, { email: 'bad@example.com' });
    expect((await control('bad@example.com', {})).status).toBe(400);
    expect((await control('bad@example.com', { remainingFraction: 2 })).status).toBe(400);
    expect((await control('bad@example.com', { resetTime: 'tomorrow' })).status).toBe(400);
    expect((await control('nobody@example.com', { remainingFraction: 0.5 })).status).toBe(404);
  });
});
