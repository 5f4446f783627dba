import type { GeminiRequest } from '../gemini/gemini-api.js';
import type { CatalogueModel } from '../model-routing/model-catalogue.js';

/** The kinds of call the Cloud Code backend distinguishes in the envelope's `requestType`. */
export type UpstreamRequestType = 'agent' | 'web_search' | 'image_gen';

/** What one attempt sends upstream, once the account (and so the upstream model) is known. */
export interface UpstreamPayload {
  /** The upstream model id. */
  model: string;
  requestType: UpstreamRequestType;
  request: GeminiRequest;
}

/** Facts about the attempt a pass may use; grows as the catalogue gives more (limits, capabilities). */
export interface UpstreamPassContext {
  /** The model name the client asked for, before mapping. */
  clientModel?: string;
  /**
   * What the account's `fetchAvailableModels` catalogue says about the upstream model (limits, thinking), when
   * the catalogue is known; passes fall back to the family's known limits without it.
   */
  modelInfo?: CatalogueModel;
  /** The conversation the request belongs to (see `protocols/conversation-id`). */
  conversationId?: string;
  /** The one retry after the backend refused a thought signature: thinking goes as plain text. */
  degradeThinking?: boolean;
}

/**
 * One pure rewrite that makes a payload acceptable to the real backend (limits, ordering, shapes). A pass
 * never mutates its input: it returns the same object when it has nothing to change, or a copy of only the
 * parts it changed, because the same converted request is finalized again for the next account on a retry.
 */
export type UpstreamPayloadPass = (payload: UpstreamPayload, context: UpstreamPassContext) => UpstreamPayload;
