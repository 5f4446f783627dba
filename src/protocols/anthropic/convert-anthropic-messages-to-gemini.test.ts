import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../shared/deep-freeze.js';
import { encodeJsonUtf8 } from '../../shared/encode-json-utf8.js';
import { SKIP_THOUGHT_SIGNATURE } from '../gemini/gemini-api.js';
import { convertAnthropicMessagesToGemini } from './convert-anthropic-messages-to-gemini.js';
import { parseAnthropicMessagesRequest } from './parse-anthropic-messages-request.js';

/** Converts through the parser, as the route does. */
function convert(messages: unknown[]) {
  return convertAnthropicMessagesToGemini(parseAnthropicMessagesRequest({ model: 'm', max_tokens: 10, messages }).messages);
}

describe('roles and merging', () => {
  it('maps assistant to model and merges consecutive turns of the same role', () => {
    expect(
      convert([
        { role: 'user', content: 'one' },
        { role: 'user', content: [{ type: 'text', text: 'two' }, { type: 'text', text: 'three' }] },
        { role: 'assistant', content: 'four' },
        { role: 'assistant', content: [{ type: 'text', text: 'five' }] },
        { role: 'user', content: 'six' },
      ]),
    ).toEqual([
      { role: 'user', parts: [{ text: 'one' }, { text: 'two' }, { text: 'three' }] },
      { role: 'model', parts: [{ text: 'four' }, { text: 'five' }] },
      { role: 'user', parts: [{ text: 'six' }] },
    ]);
  });

  it('drops empty texts and turns left empty, then merges across the gap', () => {
    expect(
      convert([
        { role: 'user', content: 'a' },
        { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'xyz' }, { type: 'text', text: '' }] },
        { role: 'user', content: 'b' },
      ]),
    ).toEqual([{ role: 'user', parts: [{ text: 'a' }, { text: 'b' }] }]);
  });
});

describe('system entries inside messages (Claude Code, beta mid-conversation-system-2026-04-07)', () => {
  const reminder = (text: string) => ({ text: `<system-reminder>\n${text}\n</system-reminder>` });

  it('wraps a string or text-block system entry in <system-reminder> where it was sent', () => {
    expect(
      convert([
        { role: 'user', content: 'hello' },
        { role: 'system', content: 'Working directory: /tmp/x' },
        { role: 'assistant', content: 'hi' },
        { role: 'system', content: [{ type: 'text', text: 'Today is Monday', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Git: clean' }] },
        { role: 'user', content: 'next' },
      ]),
    ).toEqual([
      { role: 'user', parts: [{ text: 'hello' }, reminder('Working directory: /tmp/x')] },
      { role: 'model', parts: [{ text: 'hi' }] },
      { role: 'user', parts: [reminder('Today is Monday\nGit: clean'), { text: 'next' }] },
    ]);
  });

  it('keeps a system entry first when it opens the conversation, and alone at the end', () => {
    expect(
      convert([
        { role: 'system', content: 'Environment' },
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: 'hi' },
        { role: 'system', content: 'Later note' },
      ]),
    ).toEqual([
      { role: 'user', parts: [reminder('Environment'), { text: 'hello' }] },
      { role: 'model', parts: [{ text: 'hi' }] },
      { role: 'user', parts: [reminder('Later note')] },
    ]);
  });

  it('puts a reminder after the tool results that must open the turn after the calls', () => {
    expect(
      convert([
        { role: 'user', content: 'read it' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Read', input: { path: 'a' } }] },
        { role: 'system', content: 'File a changed on disk' },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 't1',
              content: [{ type: 'text', text: 'A' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBO' } }],
            },
            { type: 'text', text: 'go on' },
          ],
        },
      ]),
    ).toEqual([
      { role: 'user', parts: [{ text: 'read it' }] },
      { role: 'model', parts: [{ functionCall: { name: 'Read', args: { path: 'a' }, id: 't1' }, thoughtSignature: SKIP_THOUGHT_SIGNATURE }] },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'Read', id: 't1', response: { result: 'A' } } },
          { inlineData: { mimeType: 'image/png', data: 'iVBO' } },
          reminder('File a changed on disk'),
          { text: 'go on' },
        ],
      },
    ]);
  });

  it('drops an empty system entry', () => {
    expect(
      convert([
        { role: 'user', content: 'a' },
        { role: 'system', content: [] },
        { role: 'system', content: '  ' },
      ]),
    ).toEqual([{ role: 'user', parts: [{ text: 'a' }] }]);
  });
});

describe('blocks agt does not send as such', () => {
  it('turns ToolSearch tool_reference results into text naming the loaded tools', () => {
    const contents = convert([
      { role: 'user', content: 'find the tool' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'ts', name: 'ToolSearch', input: { query: 'notebook' } }] },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'ts',
            content: [
              { type: 'tool_reference', tool_name: 'NotebookEdit' },
              { type: 'tool_reference', tool_name: 'mcp__files__read' },
            ],
          },
        ],
      },
    ]);
    expect(contents[2]).toEqual({
      role: 'user',
      parts: [
        {
          functionResponse: {
            name: 'ToolSearch',
            id: 'ts',
            response: {
              result: 'Tool NotebookEdit is loaded and can be called now.\nTool mcp__files__read is loaded and can be called now.',
            },
          },
        },
      ],
    });
  });

  it('reads search_result blocks as text and drops block types it does not know', () => {
    expect(
      convert([
        {
          role: 'user',
          content: [
            { type: 'search_result', source: 'https://example.test/a', title: 'A', content: [{ type: 'text', text: 'alpha' }] },
            { type: 'container_upload', file_id: 'f1' },
            { type: 'text', text: 'summarize' },
          ],
        },
      ]),
    ).toEqual([{ role: 'user', parts: [{ text: 'A — https://example.test/a\nalpha' }, { text: 'summarize' }] }]);
  });
});

describe('media', () => {
  it('converts base64 and URL images and documents', () => {
    expect(
      convert([
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } },
            { type: 'image', source: { type: 'url', url: 'https://example.test/cat.webp?size=2' } },
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' } },
            { type: 'document', source: { type: 'url', url: 'https://example.test/paper' } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain words' } },
            { type: 'text', text: 'describe these' },
          ],
        },
      ]),
    ).toEqual([
      {
        role: 'user',
        parts: [
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0K' } },
          { fileData: { mimeType: 'image/webp', fileUri: 'https://example.test/cat.webp?size=2' } },
          { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0x' } },
          { fileData: { mimeType: 'application/pdf', fileUri: 'https://example.test/paper' } },
          { text: 'plain words' },
          { text: 'describe these' },
        ],
      },
    ]);
  });
});

describe('tool calls and results', () => {
  it('round-trips tool_use and tool_result with names, ids, errors and images', () => {
    expect(
      convert([
        { role: 'user', content: 'list and read' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Running both.' },
            { type: 'tool_use', id: 'toolu_1', name: 'list_files', input: { path: '.' } },
            { type: 'tool_use', id: 'toolu_2', name: 'read_image', input: { path: 'a.png' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.png\nb.txt', is_error: false },
            {
              type: 'tool_result',
              tool_use_id: 'toolu_2',
              content: [
                { type: 'text', text: 'here it is' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
                { type: 'text', text: 'done' },
              ],
            },
            { type: 'tool_result', tool_use_id: 'toolu_gone', content: 'no such file', is_error: true },
            { type: 'tool_result', tool_use_id: 'toolu_1' },
          ],
        },
      ]),
    ).toEqual([
      { role: 'user', parts: [{ text: 'list and read' }] },
      {
        role: 'model',
        parts: [
          { text: 'Running both.' },
          { functionCall: { name: 'list_files', args: { path: '.' }, id: 'toolu_1' }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
          { functionCall: { name: 'read_image', args: { path: 'a.png' }, id: 'toolu_2' }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'list_files', id: 'toolu_1', response: { result: 'a.png\nb.txt' } } },
          { functionResponse: { name: 'read_image', id: 'toolu_2', response: { result: 'here it is\ndone' } } },
          { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
          { functionResponse: { name: 'toolu_gone', id: 'toolu_gone', response: { error: 'no such file' } } },
          { functionResponse: { name: 'list_files', id: 'toolu_1', response: { result: '' } } },
        ],
      },
    ]);
  });
});

describe('thinking and signatures', () => {
  it('keeps signed thinking as a thought and signs the calls after it with that signature', () => {
    expect(
      convert([
        { role: 'user', content: 'go' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'plan A', signature: 'sig-A' },
            { type: 'tool_use', id: 't1', name: 'a', input: {} },
            { type: 'thinking', thinking: 'plan B', signature: 'sig-B' },
            { type: 'tool_use', id: 't2', name: 'b', input: { x: 1 } },
            { type: 'tool_use', id: 't3', name: 'c', input: {} },
          ],
        },
      ])[1],
    ).toEqual({
      role: 'model',
      parts: [
        { text: 'plan A', thought: true, thoughtSignature: 'sig-A' },
        { functionCall: { name: 'a', args: {}, id: 't1' }, thoughtSignature: 'sig-A' },
        { text: 'plan B', thought: true, thoughtSignature: 'sig-B' },
        { functionCall: { name: 'b', args: { x: 1 }, id: 't2' }, thoughtSignature: 'sig-B' },
        { functionCall: { name: 'c', args: {}, id: 't3' }, thoughtSignature: 'sig-B' },
      ],
    });
  });

  it('turns unsigned thinking into plain text and never lends a signature across messages', () => {
    expect(
      convert([
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'signed', signature: 'sig-1' }, { type: 'text', text: 'ok' }] },
        { role: 'user', content: 'again' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'no signature here', signature: '' },
            { type: 'thinking', thinking: 'nor here' },
            { type: 'tool_use', id: 't1', name: 'a', input: {} },
          ],
        },
      ]).slice(1),
    ).toEqual([
      { role: 'model', parts: [{ text: 'signed', thought: true, thoughtSignature: 'sig-1' }, { text: 'ok' }] },
      { role: 'user', parts: [{ text: 'again' }] },
      {
        role: 'model',
        parts: [
          { text: 'no signature here' },
          { text: 'nor here' },
          { functionCall: { name: 'a', args: {}, id: 't1' }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
        ],
      },
    ]);
  });

  it('carries the signature of an empty signed thinking block onto the call only', () => {
    expect(
      convert([
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: '', signature: 'sig-call' }, { type: 'tool_use', id: 't', name: 'a', input: {} }] },
      ])[1],
    ).toEqual({ role: 'model', parts: [{ functionCall: { name: 'a', args: {}, id: 't' }, thoughtSignature: 'sig-call' }] });
  });
});

describe('cache_control', () => {
  it('never reaches the Gemini contents', () => {
    const contents = convert([
      { role: 'user', content: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral' } }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'n', input: {}, cache_control: { type: 'ephemeral' } }] },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 't',
            cache_control: { type: 'ephemeral', ttl: '1h' },
            content: [{ type: 'text', text: 'r', cache_control: { type: 'ephemeral' } }],
          },
          { type: 'image', source: { type: 'base64', media_type: 'image/gif', data: 'R0lG' }, cache_control: { type: 'ephemeral' } },
        ],
      },
    ]);
    expect(JSON.stringify(contents)).not.toContain('cache_control');
    expect(contents).toEqual([
      { role: 'user', parts: [{ text: 'a' }] },
      { role: 'model', parts: [{ functionCall: { name: 'n', args: {}, id: 't' }, thoughtSignature: SKIP_THOUGHT_SIGNATURE }] },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'n', id: 't', response: { result: 'r' } } },
          { inlineData: { mimeType: 'image/gif', data: 'R0lG' } },
        ],
      },
    ]);
  });
});

describe('history entries kept between requests (deep-frozen by the body parser)', () => {
  const question = { role: 'user', content: 'q' };
  const call = (name: string) => ({ role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name, input: { path: 'a.ts' } }] });
  const keptResult = deepFreeze({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'x'.repeat(600) }] });

  it('converts a kept message once, and again when a tool it answers got another name in the history', () => {
    const first = convert([question, call('read'), keptResult]);
    const again = convert([question, call('read'), keptResult]);
    const renamed = convert([question, call('write'), keptResult]);
    expect(first[2].parts[0].functionResponse?.name).toBe('read');
    expect(again[2].parts[0]).toBe(first[2].parts[0]);
    expect(renamed[2].parts[0].functionResponse?.name).toBe('write');
    expect(convert([question, keptResult])[0].parts[1].functionResponse?.name).toBe('call_1');
  });

  it('never lets a merge or a reminder change what is kept', () => {
    const kept = deepFreeze({ role: 'user', content: [{ type: 'text', text: 'y'.repeat(600) }] });
    const merged = convert([kept, { role: 'user', content: 'after' }]);
    expect(merged).toEqual([{ role: 'user', parts: [{ text: 'y'.repeat(600) }, { text: 'after' }] }]);
    const reminded = convert([{ role: 'system', content: 'note' }, kept]);
    expect(reminded[0].parts).toHaveLength(2);
    expect(convert([kept])).toEqual([{ role: 'user', parts: [{ text: 'y'.repeat(600) }] }]);
  });

  it('gives the same contents and the same JSON as the same history not kept', () => {
    const history = [question, call('read'), keptResult, { role: 'assistant', content: 'done' }];
    const kept = convert(history);
    const fresh = convert(JSON.parse(JSON.stringify(history)) as unknown[]);
    expect(kept).toEqual(fresh);
    expect(encodeJsonUtf8(kept).equals(Buffer.from(JSON.stringify(fresh)))).toBe(true);
  });
});
