/**
 * `GET /oauth2/v2/userinfo` with a Bearer access token (reference B.2).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyApiFaults } from './apply-api-faults.js';
import { buildUnauthenticatedError } from './build-fault-error.js';
import { readBearerToken } from './read-request-body.js';
import { sendGoogleReply, sendJson } from './send-google-error.js';
import type { SimulatorState } from './simulator-state.js';

export async function handleUserinfoRequest(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const account = state.findAccountByAccessToken(readBearerToken(request) ?? '');
  if (account === undefined) {
    sendGoogleReply(response, buildUnauthenticatedError('Request had invalid authentication credentials.'));
    return;
  }
  state.count('userinfo', account.email);
  const taken = state.takeFaults('userinfo', { email: account.email });
  if (await applyApiFaults(response, taken, { projectId: account.projectId, nowMs: state.clock.now() })) return;
  const [givenName = account.name, ...rest] = account.name.split(' ');
  sendJson(response, 200, {
    id: account.googleId,
    email: account.email,
    verified_email: true,
    name: account.name,
    given_name: givenName,
    family_name: rest.join(' '),
    picture: `https://lh3.googleusercontent.com/a/sim-${account.googleId}=s96-c`,
  });
}
