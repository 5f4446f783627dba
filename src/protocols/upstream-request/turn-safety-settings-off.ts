import { deepFreeze } from '../../shared/deep-freeze.js';
import type { UpstreamPayloadPass } from './upstream-payload.js';

/**
 * Google's adjustable safety filters off on every request, whatever protocol it came in by: each of the four
 * categories at threshold `OFF`, as the desktop app's proxies send them (Antigravity-Manager `build_safety_settings`
 * in `proxy/mappers/claude/request.rs` and the OpenAI handler; CLIProxyAPI `DefaultSafetySettings`). `OFF` and the
 * category names are the backend's own enum names (https://ai.google.dev/api/generate-content#harmblockthreshold);
 * the built-in core protections stay on regardless. A Gemini-native client's own settings win for the categories it
 * names; categories it leaves out are turned off too.
 */
export const SAFETY_CATEGORIES_OFF: readonly string[] = [
  'HARM_CATEGORY_HARASSMENT',
  'HARM_CATEGORY_HATE_SPEECH',
  'HARM_CATEGORY_SEXUALLY_EXPLICIT',
  'HARM_CATEGORY_DANGEROUS_CONTENT',
];

/** The settings of a request that names none (all but Gemini-native ones), made once and shared: frozen. */
const ALL_OFF = deepFreeze(SAFETY_CATEGORIES_OFF.map((category) => ({ category, threshold: 'OFF' })));

export const turnSafetySettingsOff: UpstreamPayloadPass = (payload) => {
  const given = Array.isArray(payload.request.safetySettings) ? payload.request.safetySettings : [];
  if (given.length === 0) return { ...payload, request: { ...payload.request, safetySettings: ALL_OFF } };
  const named = new Set(given.map((setting) => setting?.category));
  const missing = SAFETY_CATEGORIES_OFF.filter((category) => !named.has(category));
  if (missing.length === 0) return payload;
  const safetySettings = [...given, ...missing.map((category) => ({ category, threshold: 'OFF' }))];
  return { ...payload, request: { ...payload.request, safetySettings } };
};
