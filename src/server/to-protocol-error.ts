import { kindForStatus, type ProtocolError } from '../protocols/protocol-error.js';
import { isGatewayError } from '../shared/gateway-error.js';

/**
 * Any error thrown while serving a protocol route, as the protocol-neutral description each client
 * protocol formats. Fastify's own errors (bad JSON, body too large, wrong content type) keep their 4xx.
 */
export function toProtocolError(error: unknown): ProtocolError {
  if (isGatewayError(error)) {
    const kind = error.code === 'NO_ACCOUNTS' ? 'overloaded' : kindForStatus(error.status);
    const described: ProtocolError = { status: error.status, kind, message: error.message, retryAfterSeconds: error.retryAfterSeconds };
    if (error.errorClass !== undefined) described.errorClass = error.errorClass;
    if (error.noRetry) described.noRetry = true;
    return described;
  }
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const code = (error as { code?: string }).code;
    const message =
      code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error as Error).name === 'SyntaxError'
        ? `Invalid request body: ${(error as Error).message}`
        : (error as Error).message;
    return { status: statusCode, kind: kindForStatus(statusCode), message };
  }
  if ((error as Error)?.name === 'TimeoutError') {
    return { status: 504, kind: 'timeout', message: 'The request took longer than the configured request timeout' };
  }
  return { status: 500, kind: 'api_error', message: 'Internal gateway error' };
}
