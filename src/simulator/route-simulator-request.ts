/**
 * Dispatches one request of the simulated Google by method and path (real Google paths on one base URL).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAuthorizeRequest } from './handle-authorize-request.js';
import { handleCodeAssistRequest, isCodeAssistMethod } from './handle-code-assist-request.js';
import { handleControlRequest } from './handle-control-request.js';
import { handleGenerateRequest } from './handle-generate-request.js';
import { handleTokenRequest } from './handle-token-request.js';
import { handleUserinfoRequest } from './handle-userinfo-request.js';
import { sendGoogleError } from './send-google-error.js';
import type { SimulatorState } from './simulator-state.js';

const METHOD_PREFIX = '/v1internal:';
const OPERATION_PREFIX = '/v1internal/operations/';
const TOKEN_PATHS = new Set(['/token', '/oauth2/v4/token', '/o/oauth2/token']);
const AUTHORIZE_PATHS = new Set(['/o/oauth2/v2/auth', '/o/oauth2/auth']);
const USERINFO_PATHS = new Set(['/oauth2/v2/userinfo', '/oauth2/v1/userinfo']);

export async function routeSimulatorRequest(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = request.url ?? '/';
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  if (path.startsWith('/_sim/')) return handleControlRequest(state, request, response, path);
  state.countRequest();
  const method = request.method ?? 'GET';

  if (method === 'POST' && path.startsWith(METHOD_PREFIX)) {
    const name = path.slice(METHOD_PREFIX.length);
    if (name === 'streamGenerateContent') return handleGenerateRequest(state, request, response, true);
    if (name === 'generateContent') return handleGenerateRequest(state, request, response, false);
    if (isCodeAssistMethod(name)) return handleCodeAssistRequest(state, request, response, name);
  } else if (method === 'GET' && path.startsWith(OPERATION_PREFIX)) {
    return handleCodeAssistRequest(state, request, response, 'getOperation', path.slice('/v1internal/'.length));
  } else if (method === 'POST' && TOKEN_PATHS.has(path)) {
    return handleTokenRequest(state, request, response);
  } else if (method === 'GET' && AUTHORIZE_PATHS.has(path)) {
    return handleAuthorizeRequest(state, response, new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart)));
  } else if (method === 'GET' && USERINFO_PATHS.has(path)) {
    return handleUserinfoRequest(state, request, response);
  }
  sendGoogleError(response, 404, `The requested URL ${path} was not found on this server.`);
}
