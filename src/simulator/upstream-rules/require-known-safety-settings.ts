import { isRecord } from '../read-request-body.js';
import { buildGoogleError } from '../send-google-error.js';
import type { UpstreamRule } from './upstream-rule.js';

/** The HarmCategory and HarmBlockThreshold names the Gemini API takes (https://ai.google.dev/api/generate-content). */
const CATEGORIES = new Set([
  'HARM_CATEGORY_UNSPECIFIED',
  'HARM_CATEGORY_HARASSMENT',
  'HARM_CATEGORY_HATE_SPEECH',
  'HARM_CATEGORY_SEXUALLY_EXPLICIT',
  'HARM_CATEGORY_DANGEROUS_CONTENT',
  'HARM_CATEGORY_CIVIC_INTEGRITY',
]);
const THRESHOLDS = new Set([
  'HARM_BLOCK_THRESHOLD_UNSPECIFIED',
  'BLOCK_LOW_AND_ABOVE',
  'BLOCK_MEDIUM_AND_ABOVE',
  'BLOCK_ONLY_HIGH',
  'BLOCK_NONE',
  'OFF',
]);

/**
 * A safety setting whose category or threshold is not one of the API's enum names is refused while the JSON is
 * parsed, with the proto-JSON "Invalid value at …" error every Google API gives for an unknown enum value.
 */
export const requireKnownSafetySettings: UpstreamRule = {
  name: 'require-known-safety-settings',
  source: 'https://ai.google.dev/api/generate-content#harmblockthreshold and #harmcategory (the enum names)',
  check({ request }) {
    const settings: unknown[] = Array.isArray(request.safetySettings) ? request.safetySettings : [];
    for (const [index, setting] of settings.entries()) {
      const category = isRecord(setting) ? setting.category : undefined;
      const threshold = isRecord(setting) ? setting.threshold : undefined;
      if (typeof category !== 'string' || !CATEGORIES.has(category)) {
        return buildGoogleError(400, `Invalid value at 'request.safety_settings[${index}].category' (type.googleapis.com/google.ai.generativelanguage.v1beta.HarmCategory), ${JSON.stringify(category ?? null)}`);
      }
      if (typeof threshold !== 'string' || !THRESHOLDS.has(threshold)) {
        return buildGoogleError(
          400,
          `Invalid value at 'request.safety_settings[${index}].threshold' (type.googleapis.com/google.ai.generativelanguage.v1beta.SafetySetting.HarmBlockThreshold), ${JSON.stringify(threshold ?? null)}`,
        );
      }
    }
    return undefined;
  },
};
