/**
 * Whose thought signatures an upstream model issues and accepts. A signature is valid only for the family that
 * issued it: a Claude signature sent to Gemini is refused ("Corrupted thought signature.",
 * lbjlaq/Antigravity-Manager#970, after switching from Opus to Gemini 3 Flash mid-task) and a foreign one sent to
 * Claude is refused too ("Invalid `signature` in `thinking` block", Antigravity-Manager#498, #777).
 */
export type ModelFamily = 'claude' | 'gemini' | 'gpt';

export function selectModelFamily(upstreamModel: string): ModelFamily {
  const model = upstreamModel.toLowerCase();
  if (model.includes('claude')) return 'claude';
  // Antigravity also serves gpt-oss; it is neither Gemini nor Claude.
  if (model.startsWith('gpt')) return 'gpt';
  return 'gemini';
}
