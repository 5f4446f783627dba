import { describe, expect, it } from 'vitest';
import { buildResponsesOutputAssembler } from './build-responses-output-assembler.js';
import type { ResponsesToolIdentity } from './convert-responses-tools-to-gemini.js';

function build(catalog: Array<[string, ResponsesToolIdentity]> = []) {
  return buildResponsesOutputAssembler({ idSeed: 'abc', catalog: new Map(catalog) });
}

describe('buildResponsesOutputAssembler', () => {
  it('streams consecutive text into one message item, closed when asked', () => {
    const assembler = build();
    const opened = assembler.pushParts([{ text: 'Hel' }]);
    expect(opened.map((event) => event.type)).toEqual(['response.output_item.added', 'response.content_part.added', 'response.output_text.delta']);
    expect(opened[0]).toEqual({
      type: 'response.output_item.added',
      output_index: 0,
      item: { type: 'message', id: 'msg_abc_0', role: 'assistant', status: 'in_progress', content: [] },
    });
    expect(assembler.pushParts([{ text: 'lo' }, { text: '', thoughtSignature: 'ignored' }])).toEqual([
      { type: 'response.output_text.delta', item_id: 'msg_abc_0', output_index: 0, content_index: 0, delta: 'lo', logprobs: [] },
    ]);
    const closed = assembler.close('completed');
    const part = { type: 'output_text', text: 'Hello', annotations: [], logprobs: [] };
    expect(closed).toEqual([
      { type: 'response.output_text.done', item_id: 'msg_abc_0', output_index: 0, content_index: 0, text: 'Hello', logprobs: [] },
      { type: 'response.content_part.done', item_id: 'msg_abc_0', output_index: 0, content_index: 0, part },
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: { type: 'message', id: 'msg_abc_0', role: 'assistant', status: 'completed', content: [part] },
      },
    ]);
    expect(assembler.output).toEqual([closed[2].item]);
    expect(assembler.close('completed')).toEqual([]);
  });

  it('marks a message cut short as incomplete', () => {
    const assembler = build();
    assembler.pushParts([{ text: 'Echo: one tw' }]);
    assembler.close('incomplete');
    expect(assembler.output[0]).toEqual(expect.objectContaining({ type: 'message', status: 'incomplete' }));
  });

  it('streams thoughts as a reasoning item whose signature goes into encrypted_content', () => {
    const assembler = build();
    const events = [
      ...assembler.pushParts([{ text: 'Think', thought: true }]),
      ...assembler.pushParts([{ text: 'ing', thought: true, thoughtSignature: 'SIG' }, { text: 'Answer' }]),
      ...assembler.close('completed'),
    ];
    expect(events.map((event) => event.type)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
    ]);
    expect(events[1]).toEqual({
      type: 'response.reasoning_summary_part.added',
      item_id: 'rs_abc_0',
      output_index: 0,
      summary_index: 0,
      part: { type: 'summary_text', text: '' },
    });
    expect(assembler.output[0]).toEqual({
      type: 'reasoning',
      id: 'rs_abc_0',
      summary: [{ type: 'summary_text', text: 'Thinking' }],
      encrypted_content: 'agt-thought-signature:SIG',
    });
    expect(assembler.output[1]).toEqual(expect.objectContaining({ id: 'msg_abc_1', type: 'message' }));
  });

  it('streams a function call whole, arguments in pieces of at most 64 characters', () => {
    const assembler = build();
    const args = { text: 'x'.repeat(100) };
    const events = assembler.pushParts([{ functionCall: { name: 'f', args, id: 'call_9' } }]);
    const json = JSON.stringify(args);
    const deltas = events.filter((event) => event.type === 'response.function_call_arguments.delta').map((event) => event.delta as string);
    expect(deltas.length).toBe(2);
    expect(deltas.every((delta) => delta.length <= 64)).toBe(true);
    expect(deltas.join('')).toBe(json);
    expect(events[0]).toEqual({
      type: 'response.output_item.added',
      output_index: 0,
      item: { type: 'function_call', id: 'fc_abc_0', call_id: 'call_9', name: 'f', arguments: '', status: 'in_progress' },
    });
    expect(events.at(-2)).toEqual({ type: 'response.function_call_arguments.done', item_id: 'fc_abc_0', output_index: 0, name: 'f', arguments: json });
    expect(events.at(-1)).toEqual({
      type: 'response.output_item.done',
      output_index: 0,
      item: { type: 'function_call', id: 'fc_abc_0', call_id: 'call_9', name: 'f', arguments: json, status: 'completed' },
    });
  });

  it('gives calls without an id a unique call id, and never cuts a surrogate pair', () => {
    const assembler = build();
    const emoji = '😀'.repeat(40);
    const events = assembler.pushParts([{ functionCall: { name: 'f', args: { emoji } } }, { functionCall: { name: 'g' } }]);
    const calls = assembler.output.filter((item) => item.type === 'function_call');
    expect(calls.map((call) => call.call_id)).toEqual(['call_abc_1', 'call_abc_2']);
    expect(calls.map((call) => call.type === 'function_call' && call.arguments)).toEqual([JSON.stringify({ emoji }), '{}']);
    for (const event of events) {
      if (event.type !== 'response.function_call_arguments.delta') continue;
      const delta = event.delta as string;
      expect(delta.charCodeAt(delta.length - 1) >= 0xd800 && delta.charCodeAt(delta.length - 1) <= 0xdbff).toBe(false);
    }
  });

  it('carries a call’s new signature in a reasoning item before it, once', () => {
    const assembler = build();
    assembler.pushParts([
      { text: 'plan', thought: true, thoughtSignature: 'S1' },
      // Same signature as the thought: no extra item.
      { functionCall: { name: 'f' }, thoughtSignature: 'S1' },
      { text: 'then' },
      // Gemini 3 signs the call itself.
      { functionCall: { name: 'g' }, thoughtSignature: 'S2' },
      { functionCall: { name: 'h' } },
    ]);
    assembler.close('completed');
    expect(assembler.output.map((item) => [item.type, 'encrypted_content' in item ? item.encrypted_content : undefined])).toEqual([
      ['reasoning', 'agt-thought-signature:S1'],
      ['function_call', undefined],
      ['message', undefined],
      ['reasoning', 'agt-thought-signature:S2'],
      ['function_call', undefined],
      ['function_call', undefined],
    ]);
    expect(assembler.output[3]).toEqual({ type: 'reasoning', id: 'rs_abc_3', summary: [], encrypted_content: 'agt-thought-signature:S2' });
  });

  it('answers custom and namespaced tools with the client’s names', () => {
    const assembler = build([
      ['apply_patch', { kind: 'custom', name: 'apply_patch' }],
      ['mcp__files__read', { kind: 'function', name: 'read', namespace: 'mcp__files' }],
    ]);
    const events = assembler.pushParts([
      { functionCall: { name: 'apply_patch', args: { input: '*** Begin Patch' }, id: 'c1' } },
      { functionCall: { name: 'mcp__files__read', args: { path: 'a' }, id: 'c2' } },
      { functionCall: { name: 'apply_patch', args: { other: 1 }, id: 'c3' } },
    ]);
    expect(events.slice(0, 4)).toEqual([
      {
        type: 'response.output_item.added',
        output_index: 0,
        item: { type: 'custom_tool_call', id: 'ctc_abc_0', call_id: 'c1', name: 'apply_patch', input: '' },
      },
      { type: 'response.custom_tool_call_input.delta', item_id: 'ctc_abc_0', output_index: 0, delta: '*** Begin Patch' },
      { type: 'response.custom_tool_call_input.done', item_id: 'ctc_abc_0', output_index: 0, input: '*** Begin Patch' },
      {
        type: 'response.output_item.done',
        output_index: 0,
        item: { type: 'custom_tool_call', id: 'ctc_abc_0', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch' },
      },
    ]);
    expect(assembler.output[1]).toEqual(expect.objectContaining({ type: 'function_call', name: 'read', namespace: 'mcp__files', arguments: '{"path":"a"}' }));
    // A custom call the model answered with other arguments keeps them as JSON text.
    expect(assembler.output[2]).toEqual(expect.objectContaining({ type: 'custom_tool_call', input: '{"other":1}' }));
  });

  it('turns generated images into image_generation_call items and ignores parts it does not know', () => {
    const assembler = build();
    const events = assembler.pushParts([
      { text: 'Here:' },
      { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
      { executableCode: { code: 'print(1)' } },
      null as unknown as { text: string },
    ]);
    expect(events.map((event) => event.type)).toEqual([
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.output_item.done',
    ]);
    expect(assembler.output[1]).toEqual({ type: 'image_generation_call', id: 'ig_abc_1', status: 'completed', result: 'AAAA' });
  });

  it('shows a web search as a web_search_call item and cites its sources on the text', () => {
    const assembler = build();
    const search = { agtWebSearch: { id: 'w1', query: 'go release', sources: [{ url: 'https://go.dev', title: 'go.dev' }] } };
    const events = [
      ...assembler.pushParts([search, { text: 'Intro. ' }, { text: 'Go 1.26.', agtCitations: [{ url: 'https://go.dev', title: 'go.dev', citedText: 'Go 1.26.' }] }]),
      ...assembler.close('completed'),
    ];
    expect(events.slice(0, 5).map((event) => event.type)).toEqual([
      'response.output_item.added',
      'response.web_search_call.in_progress',
      'response.web_search_call.searching',
      'response.web_search_call.completed',
      'response.output_item.done',
    ]);
    const annotation = { type: 'url_citation', url: 'https://go.dev', title: 'go.dev', start_index: 7, end_index: 15 };
    expect(events).toContainEqual({ type: 'response.output_text.annotation.added', item_id: 'msg_abc_1', output_index: 1, content_index: 0, annotation_index: 0, annotation });
    expect(assembler.output).toEqual([
      { type: 'web_search_call', id: 'ws_w1', status: 'completed', action: { type: 'search', query: 'go release', sources: [{ type: 'url', url: 'https://go.dev' }] } },
      { type: 'message', id: 'msg_abc_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Intro. Go 1.26.', annotations: [annotation], logprobs: [] }] },
    ]);
  });
});
