import type { Response as SdkResponse, ResponseOutputItem as SdkOutputItem, ResponseUsage as SdkUsage } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { convertGeminiResponseToOpenAIResponses } from './convert-gemini-response-to-openai-responses.js';
import type { OpenAIResponsesContext } from './format-responses-response.js';

const CONTEXT: OpenAIResponsesContext = {
  id: 'resp_feed',
  model: 'gemini-2.5-flash',
  createdAt: 1_710_000_000,
  catalog: new Map([['apply_patch', { kind: 'custom', name: 'apply_patch' }]]),
  echo: {
    instructions: 'Be brief.',
    max_output_tokens: 100,
    metadata: { trace: '1' },
    parallel_tool_calls: false,
    reasoning: { effort: 'low', summary: 'auto' },
    store: false,
    temperature: 0.5,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [{ type: 'custom', name: 'apply_patch' }],
    top_p: null,
  },
};

describe('convertGeminiResponseToOpenAIResponses', () => {
  it('builds a whole Response with echoed settings, items in part order and usage', () => {
    const response = convertGeminiResponseToOpenAIResponses(
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                { text: 'Plan.', thought: true, thoughtSignature: 'S' },
                { text: 'Patching now.' },
                { functionCall: { name: 'apply_patch', args: { input: '*** Begin Patch' }, id: 'call_7' }, thoughtSignature: 'S' },
              ],
            },
            finishReason: 'STOP',
          },
        ],
        usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 7, thoughtsTokenCount: 2, cachedContentTokenCount: 5, totalTokenCount: 29 },
      },
      CONTEXT,
    );
    expect(response).toEqual({
      id: 'resp_feed',
      object: 'response',
      created_at: 1_710_000_000,
      status: 'completed',
      background: false,
      error: null,
      incomplete_details: null,
      ...CONTEXT.echo,
      model: 'gemini-2.5-flash',
      output: [
        { type: 'reasoning', id: 'rs_feed_0', summary: [{ type: 'summary_text', text: 'Plan.' }], encrypted_content: 'agt-thought-signature:S' },
        {
          type: 'message',
          id: 'msg_feed_1',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Patching now.', annotations: [], logprobs: [] }],
        },
        { type: 'custom_tool_call', id: 'ctc_feed_2', call_id: 'call_7', name: 'apply_patch', input: '*** Begin Patch' },
      ],
      previous_response_id: null,
      truncation: 'disabled',
      usage: {
        input_tokens: 20,
        input_tokens_details: { cached_tokens: 5, cache_write_tokens: 0 },
        output_tokens: 9,
        output_tokens_details: { reasoning_tokens: 2 },
        total_tokens: 29,
      },
    });
  });

  it('reports a token limit, a safety stop and a blocked prompt as incomplete', () => {
    const limited = convertGeminiResponseToOpenAIResponses({ candidates: [{ content: { parts: [{ text: 'Echo: on' }] }, finishReason: 'MAX_TOKENS' }] }, CONTEXT);
    expect(limited.status).toBe('incomplete');
    expect(limited.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(limited.output[0]).toEqual(expect.objectContaining({ status: 'incomplete' }));

    const filtered = convertGeminiResponseToOpenAIResponses({ candidates: [{ content: { parts: [] }, finishReason: 'SAFETY' }] }, CONTEXT);
    expect(filtered).toEqual(expect.objectContaining({ status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [] }));

    const blocked = convertGeminiResponseToOpenAIResponses({ promptFeedback: { blockReason: 'OTHER' } }, CONTEXT);
    expect(blocked).toEqual(expect.objectContaining({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } }));
    expect(blocked.usage).toEqual(expect.objectContaining({ input_tokens: 0, output_tokens: 0, total_tokens: 0 }));
  });

  it('completes an empty answer with no output items', () => {
    const response = convertGeminiResponseToOpenAIResponses({}, CONTEXT);
    expect(response.status).toBe('completed');
    expect(response.output).toEqual([]);
  });
});

describe('the Response object against the official SDK types', () => {
  it('is assignable to openai’s Response (output_text aside, which the SDK computes)', () => {
    const response = convertGeminiResponseToOpenAIResponses({ candidates: [{ content: { parts: [{ text: 'x' }] } }] }, CONTEXT);
    // A compile-time check: a field agt sends with the wrong shape, or a required one it leaves out, fails tsc.
    const typed: Omit<SdkResponse, 'output_text'> = {
      ...response,
      // Echoed as the client sent them (typed loosely here), and null before the end of a stream (the SDK types say absent).
      tool_choice: 'auto',
      tools: [],
      text: { format: { type: 'text' } },
      reasoning: { effort: 'low', summary: 'auto' },
      usage: response.usage ?? undefined,
    };
    const items: SdkOutputItem[] = response.output;
    const usage: SdkUsage | undefined = response.usage ?? undefined;
    expect(typed.id).toBe('resp_feed');
    expect(items).toHaveLength(1);
    expect(usage?.total_tokens).toBe(0);
  });
});
