import { describe, expect, it } from 'vitest';
import { classifyUpstreamFailure } from './classify-upstream-failure.js';

/** gemini-cli googleQuotaErrors.test.ts: the Cloud Code 429 (lessons-and-protocols.md B.3). */
const CLOUD_CODE_429 = {
  code: 429,
  message: 'You have exhausted your capacity on this model. Your quota will reset after 0s.',
  details: [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'RATE_LIMIT_EXCEEDED',
      domain: 'cloudcode-pa.googleapis.com',
      metadata: {
        uiMessage: 'true',
        model: 'gemini-2.5-pro',
        quotaResetDelay: '539.477544ms',
        quotaResetTimeStamp: '2025-10-20T19:14:08Z',
      },
    },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.539477544s' },
  ],
};

function googleError(code: number, status: string, message: string, details: unknown[] = []): string {
  return JSON.stringify({ error: { code, message, status, details } });
}

function errorInfo(reason: string, metadata: Record<string, string> = {}): Record<string, unknown> {
  return { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'cloudcode-pa.googleapis.com', metadata };
}

describe('classifyUpstreamFailure', () => {
  describe('429', () => {
    it('reads the gemini-cli Cloud Code example: 540 ms, model, reason', () => {
      const failure = classifyUpstreamFailure(429, {}, JSON.stringify({ error: CLOUD_CODE_429 }));
      expect(failure).toMatchObject({
        status: 429,
        retryAfterMs: 540,
        model: 'gemini-2.5-pro',
        reason: 'RATE_LIMIT_EXCEEDED',
        message: 'You have exhausted your capacity on this model. Your quota will reset after 0s.',
      });
      // "exhausted your capacity" with a sub-second reset is a momentary capacity shortage.
      expect(failure.class).toBe('capacity');
    });

    it('reads the same error as a bare inner object', () => {
      const failure = classifyUpstreamFailure(429, {}, JSON.stringify(CLOUD_CODE_429));
      expect(failure).toMatchObject({ retryAfterMs: 540, model: 'gemini-2.5-pro' });
    });

    it('QUOTA_EXHAUSTED → quota_exhausted with the reset delay', () => {
      const body = googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded.', [
        errorInfo('QUOTA_EXHAUSTED', { model: 'claude-sonnet-4-5', quotaResetDelay: '1h2m3.5s' }),
      ]);
      expect(classifyUpstreamFailure(429, {}, body)).toMatchObject({
        class: 'quota_exhausted',
        retryAfterMs: 3_723_500,
        model: 'claude-sonnet-4-5',
        reason: 'QUOTA_EXHAUSTED',
      });
    });

    it('a per-day QuotaFailure violation → quota_exhausted', () => {
      const body = googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric', [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }],
        },
      ]);
      expect(classifyUpstreamFailure(429, {}, body).class).toBe('quota_exhausted');
    });

    it('a per-minute QuotaFailure violation stays a rate limit', () => {
      const body = googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric', [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel' }],
        },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: { seconds: 12, nanos: 500_000_000 } },
      ]);
      expect(classifyUpstreamFailure(429, {}, body)).toMatchObject({ class: 'rate_limit', retryAfterMs: 12_500 });
    });

    it('MODEL_CAPACITY_EXHAUSTED → capacity', () => {
      const body = googleError(429, 'RESOURCE_EXHAUSTED', 'No capacity available for model gemini-3-pro-high', [
        errorInfo('MODEL_CAPACITY_EXHAUSTED', { model: 'gemini-3-pro-high' }),
      ]);
      expect(classifyUpstreamFailure(429, {}, body)).toMatchObject({ class: 'capacity', model: 'gemini-3-pro-high' });
    });

    it('"exhausted your capacity" with a reset hours away → quota_exhausted', () => {
      const body = googleError(
        429,
        'RESOURCE_EXHAUSTED',
        'You have exhausted your capacity on this model. Your quota will reset after 4h2m10s.',
      );
      expect(classifyUpstreamFailure(429, {}, body)).toMatchObject({
        class: 'quota_exhausted',
        retryAfterMs: (4 * 3600 + 2 * 60 + 10) * 1000,
      });
    });

    it('a plain RATE_LIMIT_EXCEEDED with Retry-After → rate_limit', () => {
      const body = googleError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', [
        errorInfo('RATE_LIMIT_EXCEEDED'),
      ]);
      expect(classifyUpstreamFailure(429, { 'retry-after': '7' }, body)).toMatchObject({
        class: 'rate_limit',
        retryAfterMs: 7000,
        reason: 'RATE_LIMIT_EXCEEDED',
      });
    });

    it('the bare 429 of a flagged prompt (CLIProxyAPI#4696, 9router#2964) → bare_rate_limit', () => {
      const body = JSON.stringify({ error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } });
      expect(classifyUpstreamFailure(429, {}, body)).toEqual({
        class: 'bare_rate_limit',
        status: 429,
        message: 'Resource has been exhausted (e.g. check quota).',
      });
    });

    it('any detail that says what ran out makes a 429 an ordinary rate limit again', () => {
      const bare = { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' };
      expect(classifyUpstreamFailure(429, { 'retry-after': '3' }, JSON.stringify({ error: bare })).class).toBe('rate_limit');
      const withQuotaFailure = { ...bare, details: [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'PerMinute' }] }] };
      expect(classifyUpstreamFailure(429, {}, JSON.stringify({ error: withQuotaFailure })).class).toBe('rate_limit');
      const capacity = { ...bare, message: 'No capacity available for model gemini-3-flash' };
      expect(classifyUpstreamFailure(429, {}, JSON.stringify({ error: capacity })).class).toBe('capacity');
    });

    it('a non-JSON 429 is a rate limit with the text as message', () => {
      const failure = classifyUpstreamFailure(429, {}, 'Too Many Requests');
      expect(failure).toEqual({ class: 'rate_limit', status: 429, message: 'Too Many Requests' });
    });
  });

  it('401 → unauthorized', () => {
    const body = googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    expect(classifyUpstreamFailure(401, {}, body)).toMatchObject({
      class: 'unauthorized',
      message: 'Request had invalid authentication credentials.',
    });
  });

  describe('403', () => {
    it('VALIDATION_REQUIRED with a validation_url in metadata', () => {
      const body = googleError(403, 'PERMISSION_DENIED', 'Verify your account to continue.', [
        errorInfo('VALIDATION_REQUIRED', { validation_url: 'https://accounts.google.com/signin/continue?sarp=1' }),
      ]);
      expect(classifyUpstreamFailure(403, {}, body)).toMatchObject({
        class: 'validation_required',
        reason: 'VALIDATION_REQUIRED',
        validationUrl: 'https://accounts.google.com/signin/continue?sarp=1',
      });
    });

    it('"verify your account" text with the link in the message', () => {
      const body = googleError(403, 'PERMISSION_DENIED', 'To continue, verify your account at https://g.co/verify-me.');
      expect(classifyUpstreamFailure(403, {}, body)).toMatchObject({
        class: 'validation_required',
        validationUrl: 'https://g.co/verify-me',
      });
    });

    it('VALIDATION_REQUIRED with an appeal_url and a Help link', () => {
      const body = googleError(403, 'PERMISSION_DENIED', 'Account needs review', [
        errorInfo('VALIDATION_REQUIRED', { appeal_url: 'https://support.google.com/appeal' }),
        { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ url: 'https://example.com/help' }] },
      ]);
      expect(classifyUpstreamFailure(403, {}, body).validationUrl).toBe('https://support.google.com/appeal');
    });

    it('SERVICE_DISABLED → project_problem (and its enable-link is not a validation URL)', () => {
      const body = googleError(
        403,
        'PERMISSION_DENIED',
        'Gemini for Google Cloud API has not been used in project 123456 before or it is disabled. Enable it by ' +
          'visiting https://console.developers.google.com/apis/api/cloudaicompanion.googleapis.com/overview?project=123456 then retry.',
        [errorInfo('SERVICE_DISABLED', { consumer: 'projects/123456' })],
      );
      const failure = classifyUpstreamFailure(403, {}, body);
      expect(failure).toMatchObject({ class: 'project_problem', reason: 'SERVICE_DISABLED' });
      expect(failure.validationUrl).toBeUndefined();
    });

    it('"has not been used in project" without ErrorInfo → project_problem', () => {
      const body = googleError(403, 'PERMISSION_DENIED', 'API has not been used in project 42 before or it is disabled.');
      expect(classifyUpstreamFailure(403, {}, body).class).toBe('project_problem');
    });

    it('CONSUMER_INVALID → project_problem', () => {
      const body = googleError(403, 'PERMISSION_DENIED', 'Permission denied on resource project bamboo-precept-lgxtn.', [
        errorInfo('CONSUMER_INVALID'),
      ]);
      expect(classifyUpstreamFailure(403, {}, body)).toMatchObject({ class: 'project_problem', reason: 'CONSUMER_INVALID' });
    });

    it('"Invalid project resource name" → project_problem', () => {
      const body = googleError(403, 'PERMISSION_DENIED', 'Invalid project resource name projects/');
      expect(classifyUpstreamFailure(403, {}, body).class).toBe('project_problem');
    });

    it('a permission denied on a project resource → project_problem', () => {
      const body = googleError(
        403,
        'PERMISSION_DENIED',
        "Permission 'cloudaicompanion.companions.generateChat' denied on resource '//cloudaicompanion.googleapis.com/projects/x/locations/global'",
      );
      expect(classifyUpstreamFailure(403, {}, body).class).toBe('project_problem');
    });

    it('any other 403 → forbidden', () => {
      const body = googleError(403, 'PERMISSION_DENIED', 'The caller does not have permission');
      expect(classifyUpstreamFailure(403, {}, body)).toEqual({
        class: 'forbidden',
        status: 403,
        message: 'The caller does not have permission',
      });
    });
  });

  it('404 → not_found with the message', () => {
    const body = googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
    expect(classifyUpstreamFailure(404, {}, body)).toMatchObject({ class: 'not_found', message: 'Requested entity was not found.' });
  });

  it('400 → bad_request', () => {
    const body = googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unknown name "foo"');
    expect(classifyUpstreamFailure(400, {}, body).class).toBe('bad_request');
  });

  it.each([500, 502, 503, 504, 529])('%i → server', (status) => {
    expect(classifyUpstreamFailure(status, {}, '<html><body>Bad Gateway</body></html>').class).toBe('server');
  });

  it('503 with MODEL_CAPACITY_EXHAUSTED → capacity', () => {
    const body = googleError(503, 'UNAVAILABLE', 'No capacity available for model claude-opus-4-5 on the server', [
      errorInfo('MODEL_CAPACITY_EXHAUSTED', { model: 'claude-opus-4-5' }),
    ]);
    expect(classifyUpstreamFailure(503, {}, body)).toMatchObject({ class: 'capacity', model: 'claude-opus-4-5' });
  });

  describe('body shapes', () => {
    it('unwraps an array-wrapped error', () => {
      const body = JSON.stringify([{ error: { ...CLOUD_CODE_429, status: 'RESOURCE_EXHAUSTED' } }]);
      expect(classifyUpstreamFailure(429, {}, body)).toMatchObject({ retryAfterMs: 540, model: 'gemini-2.5-pro' });
    });

    it('unwraps an error stringified inside message', () => {
      const inner = JSON.stringify({
        error: {
          code: 403,
          message: 'Verify your account to continue.',
          status: 'PERMISSION_DENIED',
          details: [errorInfo('VALIDATION_REQUIRED', { validation_url: 'https://accounts.google.com/v' })],
        },
      });
      const body = JSON.stringify({ error: { code: 403, message: inner, status: 'PERMISSION_DENIED' } });
      expect(classifyUpstreamFailure(403, {}, body)).toMatchObject({
        class: 'validation_required',
        message: 'Verify your account to continue.',
        validationUrl: 'https://accounts.google.com/v',
      });
    });

    it('repairs the stray duplicate comma seen in streamed error JSON', () => {
      const body = '{"error":{"code":429,,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}}';
      expect(classifyUpstreamFailure(429, {}, body)).toMatchObject({ class: 'bare_rate_limit', message: 'Resource exhausted' });
    });

    it.each(['', 'null', '[]', '{"unrelated":true}', '{not json', '\u0000\u0001binary'])('tolerates garbage %j', (body) => {
      const failure = classifyUpstreamFailure(500, {}, body);
      expect(failure.class).toBe('server');
      expect(failure.status).toBe(500);
      expect(typeof failure.message).toBe('string');
      expect(failure.message.length).toBeGreaterThan(0);
    });

    it('redacts secrets and caps the message at 500 bytes', () => {
      const message = `bad token ya29.a0AfH6SMBsecretsecret and Bearer abc.def ${'x'.repeat(2000)}`;
      const failure = classifyUpstreamFailure(400, {}, googleError(400, 'INVALID_ARGUMENT', message));
      expect(failure.message).not.toContain('ya29.a0AfH6SMBsecretsecret');
      expect(failure.message).not.toContain('abc.def');
      expect(Buffer.byteLength(failure.message)).toBeLessThanOrEqual(500);
      expect(failure.message.endsWith('...')).toBe(true);
    });

    it('uses HTTP <status> when there is no message at all', () => {
      expect(classifyUpstreamFailure(502, {}, '   ').message).toBe('HTTP 502');
    });
  });

  describe('client version refusal', () => {
    const texts = [
      'This version of Antigravity is no longer supported. Please update to receive the latest features!',
      'This version of Antigravity is no longer supported. Please upgrade to receive the latest features.',
      'Your current version of Antigravity is out of date. Please visit https://antigravity.google/download to download and install the latest version.',
    ];
    for (const [status, name] of [[503, 'UNAVAILABLE'], [404, 'NOT_FOUND'], [400, 'INVALID_ARGUMENT'], [429, 'RESOURCE_EXHAUSTED']] as const) {
      it(`${status} with the refusal text → client_outdated, never an account class`, () => {
        for (const text of texts) {
          expect(classifyUpstreamFailure(status, {}, googleError(status, name, text))).toMatchObject({ class: 'client_outdated', status, message: text });
        }
      });
    }

    it('is recognised in a body that is not JSON', () => {
      expect(classifyUpstreamFailure(503, {}, `upstream: ${texts[0]}`).class).toBe('client_outdated');
    });
  });
});
