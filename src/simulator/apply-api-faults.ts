/**
 * Acting out the faults taken for a Code Assist or userinfo request: wait out latency, hang until the client
 * leaves, or answer with the fault's Google error. Stream-only kinds are left to the stream writer.
 */
import type { ServerResponse } from 'node:http';
import { buildFaultError, type FaultErrorContext } from './build-fault-error.js';
import { sendGoogleReply } from './send-google-error.js';
import type { TakenFaults } from './simulator-state.js';
import { waitForClientToLeave, waitForDelay } from './wait-for-delay.js';

/** Resolves true when the request has been answered (or abandoned) by a fault and the handler must stop. */
export async function applyApiFaults(
  response: ServerResponse,
  taken: TakenFaults,
  context: FaultErrorContext,
): Promise<boolean> {
  if (taken.delayMs > 0 && !(await waitForDelay(taken.delayMs, response))) return true;
  const fault = taken.terminal;
  if (fault === undefined) return false;
  if (fault.kind === 'hang') {
    await waitForClientToLeave(response);
    return true;
  }
  const error = buildFaultError(fault, context);
  if (error === undefined) return false;
  sendGoogleReply(response, error);
  return true;
}
