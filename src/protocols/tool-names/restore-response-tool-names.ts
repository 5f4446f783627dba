import type { GeminiCandidate, GeminiResponse } from '../gemini/gemini-api.js';
import type { ToolNameMap } from './build-tool-name-map.js';

/**
 * Gives the `functionCall` parts of an upstream answer (a whole response or one stream chunk) the client's own tool
 * names back, before any protocol encoder sees them. Pure; a chunk without renamed calls is returned as is.
 */
export function restoreResponseToolNames(response: GeminiResponse, toolNames: ToolNameMap): GeminiResponse {
  if (toolNames.isIdentity || !Array.isArray(response.candidates)) return response;
  let changed = false;
  const candidates = response.candidates.map((candidate): GeminiCandidate => {
    const parts = candidate.content?.parts;
    if (!Array.isArray(parts)) return candidate;
    let partsChanged = false;
    const restored = parts.map((part) => {
      const name = part.functionCall?.name;
      if (typeof name !== 'string') return part;
      const clientName = toolNames.toClient(name);
      if (clientName === name) return part;
      partsChanged = true;
      return { ...part, functionCall: { ...part.functionCall!, name: clientName } };
    });
    if (!partsChanged) return candidate;
    changed = true;
    return { ...candidate, content: { ...candidate.content!, parts: restored } };
  });
  return changed ? { ...response, candidates } : response;
}
