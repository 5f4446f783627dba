import type { UpstreamPayloadPass } from './upstream-payload.js';

/** The most stop sequences the backend takes ("…supported range is from 1 (inclusive) to 6 (exclusive)"). */
export const MAX_STOP_SEQUENCES = 5;

/**
 * Sends at most five stop sequences, the first five the client gave (empty ones dropped, an empty list removed):
 * Google refuses more with "Unable to submit request because it has a stopSequences value of N but the supported range
 * is from 1 (inclusive) to 6 (exclusive)" (continuedev/continue#7849), while Anthropic and OpenAI clients may send more.
 */
export const limitStopSequences: UpstreamPayloadPass = (payload) => {
  const config = payload.request.generationConfig;
  const stops = config?.stopSequences;
  if (!Array.isArray(stops)) return payload;
  const kept = stops.filter((stop) => typeof stop === 'string' && stop !== '').slice(0, MAX_STOP_SEQUENCES);
  if (kept.length === stops.length) return payload;
  const { stopSequences: _all, ...rest } = config ?? {};
  const generationConfig = kept.length === 0 ? rest : { ...rest, stopSequences: kept };
  return { ...payload, request: { ...payload.request, generationConfig } };
};
