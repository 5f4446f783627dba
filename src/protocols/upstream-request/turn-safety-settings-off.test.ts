import { describe, expect, it } from 'vitest';
import { SAFETY_CATEGORIES_OFF, turnSafetySettingsOff } from './turn-safety-settings-off.js';
import type { UpstreamPayload } from './upstream-payload.js';

const base: UpstreamPayload = { model: 'gemini-3-flash', requestType: 'agent', request: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] } };

describe('turnSafetySettingsOff', () => {
  it('turns the four categories off when the client says nothing', () => {
    expect(turnSafetySettingsOff(base, {}).request.safetySettings).toEqual(SAFETY_CATEGORIES_OFF.map((category) => ({ category, threshold: 'OFF' })));
    expect(base.request.safetySettings).toBeUndefined();
    const empty = { ...base, request: { ...base.request, safetySettings: [] } };
    expect(turnSafetySettingsOff(empty, {}).request.safetySettings).toEqual(SAFETY_CATEGORIES_OFF.map((category) => ({ category, threshold: 'OFF' })));
    // Shared between requests: nothing can change it.
    expect(Object.isFrozen(turnSafetySettingsOff(base, {}).request.safetySettings?.[0])).toBe(true);
  });

  it("keeps a Gemini client's own threshold for the categories it names", () => {
    const own = { ...base, request: { ...base.request, safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_ONLY_HIGH' }] } };
    const settings = turnSafetySettingsOff(own, {}).request.safetySettings ?? [];
    expect(settings).toContainEqual({ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_ONLY_HIGH' });
    expect(settings.filter((setting) => setting.category === 'HARM_CATEGORY_HATE_SPEECH')).toHaveLength(1);
    expect(settings).toHaveLength(4);
  });

  it('changes nothing when every category is already set', () => {
    const full = turnSafetySettingsOff(base, {});
    expect(turnSafetySettingsOff(full, {})).toBe(full);
  });
});
