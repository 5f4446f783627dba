/**
 * One rule the real Cloud Code backend enforces on a `generateContent` / `streamGenerateContent` envelope.
 * The simulator applies every rule in `UPSTREAM_RULES` so a test fails the moment agt sends something the real
 * backend refuses. Each rule names its `source`: the peer code, issue or observed reply it was learned from.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { GeminiRequest } from '../../protocols/gemini/gemini-api.js';
import type { GoogleErrorReply } from '../send-google-error.js';
import type { SimulatedModel } from '../simulated-models.js';

export interface UpstreamRuleInput {
  /** The whole envelope as sent: `{project, requestId, request, model, userAgent, requestType, ...}`. */
  envelope: Record<string, unknown>;
  request: GeminiRequest;
  model: SimulatedModel;
  headers: IncomingHttpHeaders;
}

export interface UpstreamRule {
  /** Short kebab-case name, used in test titles and the rejection counter. */
  name: string;
  /** Where the rule comes from: a peer's file, an issue URL, or a recorded reply. */
  source: string;
  /** The backend's refusal, or undefined when the envelope passes. */
  check(input: UpstreamRuleInput): GoogleErrorReply | undefined;
}
