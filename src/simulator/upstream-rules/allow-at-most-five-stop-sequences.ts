import { buildGoogleError } from '../send-google-error.js';
import type { UpstreamRule } from './upstream-rule.js';

/** More than five stop sequences are refused. */
export const allowAtMostFiveStopSequences: UpstreamRule = {
  name: 'allow-at-most-five-stop-sequences',
  source: 'continuedev/continue#7849 (the Vertex 400 text below, the same Gemini backend)',
  check({ request }) {
    const stops = request.generationConfig?.stopSequences;
    if (!Array.isArray(stops) || stops.length <= 5) return undefined;
    return buildGoogleError(
      400,
      `Unable to submit request because it has a stopSequences value of ${stops.length} but the supported range is from 1 ` +
        '(inclusive) to 6 (exclusive). Update the value and try again.',
    );
  },
};
