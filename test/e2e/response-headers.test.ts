import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';

/** Every protocol response carries a request id and the mapped model, and never an account email. */
describe('response headers', () => {
  let test: TestGateway;
  beforeAll(async () => {
    test = await startTestGateway({ accounts: 2 });
  });
  afterAll(async () => test?.close());

  it.each([false, true])('stream=%s: request-id, x-request-id and x-agt-mapped-model; no email', async (stream) => {
    const response = await fetch(`${test.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${test.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', stream, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_[0-9a-f]{22}$/);
    expect(response.headers.get('x-request-id')).toBe(response.headers.get('request-id'));
    // gpt-4o is a Flash-family name: the best Flash the account serves (Gemini 3.8 Flash High in today's catalogue).
    expect(response.headers.get('x-agt-mapped-model')).toBe('gemini-3.8-flash-high');
    const all = JSON.stringify([...response.headers.entries()]);
    for (const email of test.emails) expect(all).not.toContain(email);
  });

  it('errors carry the request id too', async () => {
    const response = await fetch(`${test.baseUrl}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await response.text();
    expect(response.status).toBe(401);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
  });
});
