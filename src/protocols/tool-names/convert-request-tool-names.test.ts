import { describe, expect, it } from 'vitest';
import type { GeminiRequest } from '../gemini/gemini-api.js';
import { convertRequestToolNames } from './convert-request-tool-names.js';
import { restoreResponseToolNames } from './restore-response-tool-names.js';

const LONG = `mcp__plugin_playwright_playwright__${'browser_take_screenshot_'.repeat(3)}`;

const request: GeminiRequest = {
  contents: [
    { role: 'user', parts: [{ text: 'go' }] },
    { role: 'model', parts: [{ functionCall: { name: LONG, args: {}, id: 'c1' }, thoughtSignature: 's' }] },
    { role: 'user', parts: [{ functionResponse: { name: LONG, id: 'c1', response: { result: 'ok' } } }] },
  ],
  tools: [{ functionDeclarations: [{ name: LONG }, { name: 'Read' }] }],
  toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [LONG] } },
};

describe('convertRequestToolNames', () => {
  it('renames declarations, allowed names and history parts through one map', () => {
    const { request: converted, toolNames } = convertRequestToolNames(request);
    const upstream = toolNames.toUpstream(LONG);
    expect(upstream).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/);
    expect(converted.tools?.[0]?.functionDeclarations?.map((declaration) => declaration.name)).toEqual([upstream, 'Read']);
    expect(converted.toolConfig?.functionCallingConfig).toEqual({ mode: 'ANY', allowedFunctionNames: [upstream] });
    expect(converted.contents[1]?.parts[0]?.functionCall?.name).toBe(upstream);
    expect(converted.contents[1]?.parts[0]?.thoughtSignature).toBe('s');
    expect(converted.contents[2]?.parts[0]?.functionResponse?.name).toBe(upstream);
    expect(request.tools?.[0]?.functionDeclarations?.[0]?.name).toBe(LONG);
  });

  it('gives the same upstream name on every turn', () => {
    const first = convertRequestToolNames({ contents: [{ role: 'user', parts: [{ text: 'a' }] }], tools: request.tools });
    const second = convertRequestToolNames(request);
    expect(first.toolNames.toUpstream(LONG)).toBe(second.toolNames.toUpstream(LONG));
  });

  it('returns a request with acceptable names untouched', () => {
    const plain: GeminiRequest = { contents: [{ role: 'user', parts: [{ text: 'a' }] }], tools: [{ functionDeclarations: [{ name: 'Read' }] }] };
    expect(convertRequestToolNames(plain).request).toBe(plain);
  });

  it('restores the client names in answers', () => {
    const { toolNames } = convertRequestToolNames(request);
    const chunk = {
      candidates: [{ content: { role: 'model', parts: [{ text: 'x' }, { functionCall: { name: toolNames.toUpstream(LONG), args: { a: 1 } } }] } }],
    };
    const restored = restoreResponseToolNames(chunk, toolNames);
    expect(restored.candidates?.[0]?.content?.parts[1]?.functionCall).toEqual({ name: LONG, args: { a: 1 } });
    expect(chunk.candidates[0]?.content.parts[1]?.functionCall?.name).not.toBe(LONG);
    const untouched = { candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'Read' } }] } }] };
    expect(restoreResponseToolNames(untouched, toolNames)).toBe(untouched);
  });
});
