import type { GeminiResponse } from '../protocols/gemini/gemini-api.js';
import type { FormattedError, ProtocolError } from '../protocols/protocol-error.js';
import type { StreamEncoder } from '../protocols/stream-encoder.js';

export type ClientProtocol = 'openai' | 'anthropic' | 'gemini';

export interface ResponseContext {
  /** The model name the client asked for; echoed back in responses. */
  model: string;
  id: string;
  created: number;
  includeUsage: boolean;
}

/** What the shared generation flow needs from one client protocol. */
export interface ProtocolAdapter {
  protocol: ClientProtocol;
  buildEncoder(context: ResponseContext): StreamEncoder;
  /** A frame that keeps a silent stream alive without changing what the client reads (default: an SSE comment). */
  keepAliveFrame?: string;
  convertResponse(response: GeminiResponse, context: ResponseContext): unknown;
  formatError(error: ProtocolError): FormattedError;
}

/** Which protocol's error shape a path answers with (used before a route has parsed anything). */
export function protocolOfPath(path: string): ClientProtocol {
  if (path.startsWith('/v1beta') || path.startsWith('/v1/models/') && path.includes(':')) return 'gemini';
  if (path.startsWith('/v1/messages')) return 'anthropic';
  return 'openai';
}
