import { describe, expect, it } from 'vitest';
import { mapOAuthErrorResponse } from './oauth-error.js';

describe('mapOAuthErrorResponse', () => {
  it.each([
    'Token has been expired or revoked.',
    'Bad Request',
    'reauth related error (invalid_rapt)',
  ])('invalid_grant "%s" → invalid_grant', (description) => {
    const error = mapOAuthErrorResponse(400, JSON.stringify({ error: 'invalid_grant', error_description: description }));
    expect(error.kind).toBe('invalid_grant');
    expect(error.status).toBe(400);
    expect(error.oauthError).toBe('invalid_grant');
    expect(error.description).toBe(description);
    expect(error.message).toBe(`invalid_grant: ${description}`);
  });

  it.each([
    [401, 'unauthorized_client', 'Unauthorized'],
    [401, 'invalid_client', 'The OAuth client was not found.'],
    [401, 'deleted_client', 'The OAuth client was deleted.'],
  ])('%i %s → client_config', (status, code, description) => {
    const error = mapOAuthErrorResponse(status, JSON.stringify({ error: code, error_description: description }));
    expect(error.kind).toBe('client_config');
    expect(error.message).toBe(`${code}: ${description}`);
  });

  it.each(['invalid_request', 'unsupported_grant_type', 'invalid_scope', 'something_new'])('%s → bad_request', (code) => {
    expect(mapOAuthErrorResponse(400, JSON.stringify({ error: code })).kind).toBe('bad_request');
  });

  it('decides invalid_grant by the error field only, not by a mention in the description', () => {
    const error = mapOAuthErrorResponse(
      400,
      JSON.stringify({ error: 'invalid_request', error_description: 'looks like invalid_grant but is not' }),
    );
    expect(error.kind).toBe('bad_request');
  });

  it('5xx and 429 are transient even with an OAuth body', () => {
    expect(mapOAuthErrorResponse(500, JSON.stringify({ error: 'internal_failure' })).kind).toBe('transient');
    expect(mapOAuthErrorResponse(503, '<html>Service Unavailable</html>').kind).toBe('transient');
    expect(mapOAuthErrorResponse(429, '').kind).toBe('transient');
  });

  it('a non-JSON 4xx is bad_request with the status', () => {
    const error = mapOAuthErrorResponse(403, '<html>Forbidden</html>');
    expect(error.kind).toBe('bad_request');
    expect(error.status).toBe(403);
    expect(error.message).toBe('token endpoint returned HTTP 403');
  });

  it('a Google API-style error object keeps its message', () => {
    const error = mapOAuthErrorResponse(400, JSON.stringify({ error: { code: 400, message: 'Invalid JSON payload' } }));
    expect(error.kind).toBe('bad_request');
    expect(error.message).toBe('token endpoint returned HTTP 400: Invalid JSON payload');
  });

  it('redacts secrets echoed in a description', () => {
    const error = mapOAuthErrorResponse(
      400,
      JSON.stringify({ error: 'invalid_grant', error_description: 'refresh_token=1//0gSECRETSECRETSECRET is bad' }),
    );
    expect(error.message).not.toContain('SECRETSECRET');
  });
});
