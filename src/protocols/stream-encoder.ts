import type { GeminiResponse } from './gemini/gemini-api.js';
import type { ProtocolError } from './protocol-error.js';

/**
 * Turns upstream Gemini chunks into one client protocol's streaming wire text. Pure and stateful: one
 * encoder per response. The route writes whatever each call returns, in order.
 */
export interface StreamEncoder {
  /** Wire text for one upstream chunk; may be the empty string. */
  push(chunk: GeminiResponse): string;
  /** Closing frames after the upstream ended normally (usage, finish reason, `[DONE]` / `message_stop`). */
  finish(): string;
  /** Frames that end the stream with a protocol-correct error after the 200 has gone out. */
  fail(error: ProtocolError): string;
}

/** What the server knows of a request beyond its parsed body, for the protocol converters. */
export interface ConvertRequestOptions {
  /**
   * The bytes of the body's `tools` value as the client sent them (read as Latin-1): when given, a converted tool
   * list is kept under them and served again for the same bytes. Must come from the same body as the parsed one.
   */
  toolsSource?: string;
}

/** What every protocol's request converter returns. */
export interface ConvertedRequest {
  /** The model name the client asked for (before mapping). */
  model: string;
  request: import('./gemini/gemini-api.js').GeminiRequest;
  stream: boolean;
  /**
   * Tools of the client's request that only the real vendor's servers can run, left out of the upstream request;
   * the response names them in `x-agt-dropped-tools` (see README, "Tools the backend cannot run").
   */
  droppedTools?: string[];
}
