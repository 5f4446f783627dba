import type { ResponsesToolCatalog } from './convert-responses-tools-to-gemini.js';
import type {
  ResponsesEcho,
  ResponsesError,
  ResponsesOutputItem,
  ResponsesResponse,
  ResponsesStatus,
  ResponsesUsage,
} from './openai-responses-api.js';

/** What every Response object of one request shares. */
export interface OpenAIResponsesContext {
  /** `resp_…`, shared by the streamed snapshots and the final object. */
  id: string;
  /** The model name the client asked for. */
  model: string;
  /** Unix seconds. */
  createdAt: number;
  /** The request settings echoed back (see `convertOpenAIResponsesRequestToGemini`). */
  echo: ResponsesEcho;
  /** The request's tools by Gemini function name. */
  catalog: ResponsesToolCatalog;
}

export interface ResponsesState {
  status: ResponsesStatus;
  output: ResponsesOutputItem[];
  usage: ResponsesUsage | null;
  error?: ResponsesError | null;
  incompleteDetails?: ResponsesResponse['incomplete_details'];
}

/**
 * One Response object in OpenAI's field set. `output_text` is left out on purpose: the API does not send it; the
 * SDKs compute it from `output`.
 */
export function formatResponsesResponse(context: OpenAIResponsesContext, state: ResponsesState): ResponsesResponse {
  return {
    id: context.id,
    object: 'response',
    created_at: context.createdAt,
    status: state.status,
    background: false,
    error: state.error ?? null,
    incomplete_details: state.incompleteDetails ?? null,
    ...context.echo,
    model: context.model,
    output: [...state.output],
    previous_response_id: null,
    truncation: 'disabled',
    usage: state.usage,
  };
}

/** The part of a response id that is unique, used to build its output item ids. */
export function readIdSeed(responseId: string): string {
  return responseId.startsWith('resp_') ? responseId.slice('resp_'.length) : responseId;
}
