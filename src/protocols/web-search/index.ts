/**
 * @module Web search. Google Search runs as its own `web_search` request (Code Assist refuses it next to function
 * declarations); its outcome reaches the protocol encoders as agt's own parts (`web-search-parts.ts`).
 */
export { buildSearchRequest, formatSearchFunctionResponse } from './build-search-request.js';
export { convertGroundedAnswerToParts, type GroundedAnswer } from './convert-grounded-answer-to-parts.js';
export { MAX_SEARCHES_PER_RESPONSE, planWebSearch, removeSearchFunction, type WebSearchPlan } from './plan-web-search.js';
export { readWebSearchGrounding, type GroundingSupport, type WebSearchGrounding } from './read-web-search-grounding.js';
export {
  readCitations,
  readWebSearchCall,
  type CitedTextPart,
  type WebCitation,
  type WebSearchCall,
  type WebSearchCallPart,
  type WebSearchSource,
} from './web-search-parts.js';
