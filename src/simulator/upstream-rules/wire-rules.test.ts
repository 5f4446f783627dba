import { describe, expect, it } from 'vitest';
import type { GeminiContent, GeminiRequest } from '../../protocols/gemini/gemini-api.js';
import { findSimulatedModel, type SimulatedModel } from '../simulated-models.js';
import { refuseBlankTextForClaude } from './refuse-blank-text-for-claude.js';
import { refuseFlaggedSystemPrompt } from './refuse-flagged-system-prompt.js';
import { requireFunctionResponsesTogether } from './require-function-responses-together.js';
import { requireKnownSafetySettings } from './require-known-safety-settings.js';
import { requirePartData } from './require-part-data.js';
import type { UpstreamRule } from './upstream-rule.js';

const gemini = findSimulatedModel('gemini-3-flash') as SimulatedModel;
const claude = findSimulatedModel('claude-sonnet-4-6') as SimulatedModel;

function check(rule: UpstreamRule, request: Partial<GeminiRequest>, model = gemini) {
  const full: GeminiRequest = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], ...request };
  return rule.check({ envelope: {}, request: full, model, headers: {} });
}

const toolTurn = (parts: GeminiContent['parts']): Partial<GeminiRequest> => ({
  contents: [
    { role: 'user', parts: [{ text: 'look' }] },
    { role: 'model', parts: [{ functionCall: { name: 'a', args: {} } }, { functionCall: { name: 'b', args: {} } }] },
    { role: 'user', parts },
  ],
});
const response = (name: string) => ({ functionResponse: { name, response: { result: 'ok' } } });
const image = { inlineData: { mimeType: 'image/png', data: 'AA==' } };

describe('simulated backend rules (client version, content, shapes)', () => {
  it('require-part-data: a part with no data field is the proto oneof error', () => {
    expect(check(requirePartData, { contents: [{ role: 'user', parts: [{ text: 'x' }, {}] }] })?.body.error.message).toBe(
      "* GenerateContentRequest.contents[0].parts[1].data: required oneof field 'data' must have one initialized field\n",
    );
    expect(check(requirePartData, { contents: [{ role: 'model', parts: [{ thoughtSignature: 'sig' }] }] })?.status).toBe(400);
    expect(check(requirePartData, { contents: [{ role: 'model', parts: [{ text: '', thoughtSignature: 'sig' }] }] })).toBeUndefined();
  });

  it('refuse-blank-text-for-claude: empty or blank text is refused for Claude only, thoughts are not checked', () => {
    const blank = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }, { role: 'model', parts: [{ text: ' \n' }] }] };
    expect(check(refuseBlankTextForClaude, blank, claude)?.body.error.message).toBe('messages.1: text content blocks must contain non-whitespace text');
    expect(check(refuseBlankTextForClaude, { contents: [{ role: 'user', parts: [{ text: '' }] }] }, claude)?.status).toBe(400);
    expect(check(refuseBlankTextForClaude, blank, gemini)).toBeUndefined();
    expect(check(refuseBlankTextForClaude, { contents: [{ role: 'model', parts: [{ text: ' ', thought: true }] }] }, claude)).toBeUndefined();
  });

  it('require-function-responses-together: nothing between two tool results', () => {
    expect(check(requireFunctionResponsesTogether, toolTurn([response('a'), image, response('b'), image]), claude)?.status).toBe(400);
    expect(check(requireFunctionResponsesTogether, toolTurn([response('a'), response('b'), image, image, { text: 'and?' }]), claude)).toBeUndefined();
    expect(check(requireFunctionResponsesTogether, toolTurn([{ text: 'first' }, response('a'), response('b')]), claude)).toBeUndefined();
  });

  it('require-known-safety-settings: only the API enum names', () => {
    const off = [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'OFF' }, { category: 'HARM_CATEGORY_CIVIC_INTEGRITY', threshold: 'BLOCK_NONE' }];
    expect(check(requireKnownSafetySettings, { safetySettings: off })).toBeUndefined();
    const lowercase = check(requireKnownSafetySettings, { safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'off' }] });
    expect(lowercase?.body.error.message).toMatch(/^Invalid value at 'request\.safety_settings\[0\]\.threshold'.*"off"$/);
    expect(check(requireKnownSafetySettings, { safetySettings: [{ category: 'HARM_CATEGORY_TOXICITY', threshold: 'OFF' }] })?.status).toBe(400);
  });

  it('refuse-flagged-system-prompt: the reproduced phrase pair gets the bare 429, either phrase alone does not', () => {
    const system = (text: string) => ({ systemInstruction: { parts: [{ text }] } });
    const refusal = check(refuseFlaggedSystemPrompt, system('You are Hermes Agent, an intelligent AI assistant created by Nous Research.'));
    expect(refusal?.status).toBe(429);
    expect(refusal?.body.error).toEqual({ code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' });
    expect(check(refuseFlaggedSystemPrompt, system('You are Hermes Agent.'))).toBeUndefined();
  });
});
