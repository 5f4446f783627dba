import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../shared/gateway-error.js';
import { convertOpenAIResponsesRequestToGemini } from './convert-openai-responses-request-to-gemini.js';
import { parseOpenAIResponsesRequest } from './parse-openai-responses-request.js';

function convert(body: Record<string, unknown>) {
  return convertOpenAIResponsesRequestToGemini(parseOpenAIResponsesRequest({ model: 'gemini-2.5-pro', input: 'hi', ...body }));
}

describe('convertOpenAIResponsesRequestToGemini', () => {
  it('converts a minimal request and echoes OpenAI’s defaults', () => {
    const converted = convert({});
    expect(converted).toEqual({
      model: 'gemini-2.5-pro',
      request: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] },
      stream: false,
      catalog: new Map(),
      echo: {
        instructions: null,
        max_output_tokens: null,
        metadata: {},
        parallel_tool_calls: true,
        reasoning: { effort: null, summary: null },
        store: false,
        temperature: null,
        text: { format: { type: 'text' } },
        tool_choice: 'auto',
        tools: [],
        top_p: null,
      },
    });
  });

  it('maps sampling settings, the output limit and structured output', () => {
    const converted = convert({
      max_output_tokens: 500,
      temperature: 0.2,
      top_p: 0.9,
      stream: true,
      store: true,
      text: { format: { type: 'json_schema', name: 'answer', strict: true, schema: { type: 'object', properties: { a: { type: 'string' } } } } },
    });
    expect(converted.stream).toBe(true);
    expect(converted.request.generationConfig).toEqual({
      maxOutputTokens: 500,
      temperature: 0.2,
      topP: 0.9,
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { a: { type: 'string' } } },
    });
    // Nothing is stored, whatever the client asked.
    expect(converted.echo.store).toBe(false);
    expect(converted.echo.text.format).toEqual(expect.objectContaining({ type: 'json_schema', name: 'answer' }));
    expect(convert({ text: { format: { type: 'json_object' } } }).request.generationConfig).toEqual({ responseMimeType: 'application/json' });
  });

  it('maps reasoning effort to a thinking budget with thoughts included', () => {
    expect(convert({ reasoning: { effort: 'low' } }).request.generationConfig).toEqual({ thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } });
    expect(convert({ reasoning: { effort: 'medium', summary: 'auto' } }).request.generationConfig?.thinkingConfig).toEqual({
      includeThoughts: true,
      thinkingBudget: 8192,
    });
    expect(convert({ reasoning: { effort: 'HIGH' } }).request.generationConfig?.thinkingConfig?.thinkingBudget).toBe(24576);
    expect(convert({ reasoning: { effort: 'none', summary: 'auto' } }).request.generationConfig).toBeUndefined();
    // A summary without an effort: the model's own budget, thoughts shown.
    expect(convert({ reasoning: { summary: 'detailed' } }).request.generationConfig).toEqual({ thinkingConfig: { includeThoughts: true } });
    // The client's model name decides nothing: the upstream model's kind does (upstream-request/choose-thinking-config).
    expect(convert({ model: 'claude-sonnet-4-5-thinking' }).request.generationConfig).toBeUndefined();
    expect(() => convert({ reasoning: { effort: 'extreme' } })).toThrow(GatewayError);
  });

  it('raises an output limit the thinking budget would swallow', () => {
    expect(convert({ reasoning: { effort: 'medium' }, max_output_tokens: 100 }).request.generationConfig?.maxOutputTokens).toBe(8292);
    expect(convert({ reasoning: { effort: 'low' }, max_output_tokens: 5000 }).request.generationConfig?.maxOutputTokens).toBe(5000);
  });

  it('declares tools, keeps the catalog, and echoes tools and tool_choice as sent', () => {
    const tools = [{ type: 'function', name: 'f', parameters: { type: 'object', properties: {} }, strict: false }, { type: 'web_search' }];
    const converted = convert({ tools, tool_choice: 'required', parallel_tool_calls: false, instructions: 'Be kind.' });
    // web_search stays as Google Search; agt splits it into its own request before dispatch.
    expect(converted.request.tools).toEqual([{ functionDeclarations: [{ name: 'f', parameters: { type: 'object', properties: {} } }] }, { googleSearch: {} }]);
    expect(converted.request.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(converted.request.systemInstruction).toEqual({ parts: [{ text: 'Be kind.' }] });
    expect(converted.catalog.get('f')).toEqual({ kind: 'function', name: 'f' });
    expect(converted.echo).toEqual(
      expect.objectContaining({ tools, tool_choice: 'required', parallel_tool_calls: false, instructions: 'Be kind.' }),
    );
  });
});
