import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_IMAGE_PNG_BASE64 } from '../../src/simulator/build-generate-reply.js';
import type { GoogleSimulator } from '../../src/simulator/index.js';
import { startTestGatewayBehindRecordingProxy, type GatewayBehindRecordingProxy, type RecordingProxy } from '../support/start-recording-proxy.js';
import type { TestGateway } from '../support/start-test-gateway.js';

/**
 * Image generation end to end: the official `openai` SDK's `client.images.generate` against agt over the simulated
 * Google, whose image model answers with an inline PNG and refuses tools, system instructions and unknown
 * `imageConfig` values as the real backend does. A recording pass-through shows what went upstream.
 */

interface ImageEnvelope {
  model?: string;
  requestType?: string;
  request?: { tools?: unknown; systemInstruction?: unknown; generationConfig?: { imageConfig?: Record<string, string> } };
}

describe('image generation through agt', () => {
  let setup: GatewayBehindRecordingProxy;
  let simulator: GoogleSimulator;
  let proxy: RecordingProxy;
  let agt: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    setup = await startTestGatewayBehindRecordingProxy();
    ({ simulator, proxy, agt } = setup);
    client = new OpenAI({ baseURL: `${agt.baseUrl}/v1`, apiKey: agt.apiKey, maxRetries: 0 });
  });

  afterAll(async () => {
    await setup?.close();
  });

  const rejections = () => ({ ...(simulator.state.counters().ruleRejections ?? {}) });
  const upstream = (index = -1) => proxy.calls.at(index)?.body as ImageEnvelope | undefined;

  it('client.images.generate returns b64_json; size and quality become imageConfig of an image_gen request', async () => {
    const before = rejections();
    const result = await client.images.generate({ model: 'gemini-3-pro-image', prompt: 'A cat on a mat', size: '1792x1024', quality: 'hd' });
    expect(result.data).toEqual([{ b64_json: SIM_IMAGE_PNG_BASE64, revised_prompt: 'Echo: A cat on a mat' }]);
    expect(result.created).toBeGreaterThan(0);
    expect(result.usage?.total_tokens).toBeGreaterThan(0);
    expect(upstream()).toMatchObject({
      // The image model the account serves today (the family's best); the name's suffixes still pick the shape.
      model: 'gemini-3.1-flash-image',
      requestType: 'image_gen',
      request: { generationConfig: { imageConfig: { aspectRatio: '16:9', imageSize: '4K' } } },
    });
    expect(upstream()?.request?.tools).toBeUndefined();
    expect(upstream()?.request?.systemInstruction).toBeUndefined();
    expect(rejections()).toEqual(before);
  });

  it('makes n images with one upstream request each; an OpenAI model name gets the default image model; url is a data URL', async () => {
    const calls = proxy.calls.length;
    const result = await client.images.generate({ model: 'dall-e-3', prompt: 'Two dogs', n: 2, response_format: 'url', size: '1024x1024' });
    expect(result.data).toHaveLength(2);
    for (const image of result.data ?? []) expect(image.url).toBe(`data:image/png;base64,${SIM_IMAGE_PNG_BASE64}`);
    expect(proxy.calls.length).toBe(calls + 2);
    expect(upstream()).toMatchObject({ model: 'gemini-3.1-flash-image', requestType: 'image_gen', request: { generationConfig: { imageConfig: { aspectRatio: '1:1' } } } });
  });

  it('client.images.edit sends the picture and the prompt to the image model', async () => {
    const before = rejections();
    const picture = Buffer.from(SIM_IMAGE_PNG_BASE64, 'base64');
    const result = await client.images.edit({
      image: await toFile(picture, 'cat.png', { type: 'image/png' }),
      prompt: 'Add a hat',
      size: '1024x1536',
    });
    expect(result.data?.[0]?.b64_json).toBe(SIM_IMAGE_PNG_BASE64);
    expect(result.data?.[0]?.revised_prompt).toBe(`Echo: Add a hat [image image/png ${picture.length} bytes]`);
    const sent = proxy.calls.at(-1)?.body.request?.contents?.[0]?.parts;
    expect(sent).toEqual([{ inlineData: { mimeType: 'image/png', data: SIM_IMAGE_PNG_BASE64 } }, { text: 'Add a hat' }]);
    expect(upstream()).toMatchObject({ requestType: 'image_gen', request: { generationConfig: { imageConfig: { aspectRatio: '2:3' } } } });
    expect(rejections()).toEqual(before);

    const json = await fetch(`${agt.baseUrl}/v1/images/edits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agt.apiKey}` },
      body: JSON.stringify({ prompt: 'x' }),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: { message: string } }).error.message).toMatch(/multipart\/form-data/);
  });

  it('refuses a malformed request with BadRequestError naming the field', async () => {
    await expect(client.images.generate({ prompt: '' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('prompt') });
    await expect(client.images.generate({ prompt: 'x', n: 20 })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('a chat request to an image model goes without tools or system instruction, a name suffix picks the shape, the image comes as Markdown', async () => {
    const before = rejections();
    const completion = await client.chat.completions.create({
      model: 'gemini-3-pro-image-9x16-2k',
      messages: [
        { role: 'system', content: 'You are an artist.' },
        { role: 'user', content: 'Draw a tower' },
      ],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }],
    });
    expect(completion.choices[0]?.message.content).toBe(`Echo: Draw a tower\n\n![image](data:image/png;base64,${SIM_IMAGE_PNG_BASE64})\n`);
    expect(upstream()).toMatchObject({
      // The image model the account serves today (the family's best); the name's suffixes still pick the shape.
      model: 'gemini-3.1-flash-image',
      requestType: 'image_gen',
      request: { generationConfig: { imageConfig: { aspectRatio: '9:16', imageSize: '2K' } } },
    });
    expect(rejections()).toEqual(before);
    const stream = await client.chat.completions.create({ model: 'gemini-3-pro-image', messages: [{ role: 'user', content: 'Draw a tower' }], stream: true });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe(completion.choices[0]?.message.content);
  });

  it('a Gemini client gets the inline image of an image model as is', async () => {
    const response = await fetch(`${agt.baseUrl}/v1beta/models/gemini-3-pro-image:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': agt.apiKey },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'A boat' }] }], generationConfig: { imageConfig: { aspectRatio: '4:3' } } }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { candidates: Array<{ content: { parts: Array<{ inlineData?: { data: string } }> } }> };
    expect(body.candidates[0]?.content.parts.find((part) => part.inlineData)?.inlineData?.data).toBe(SIM_IMAGE_PNG_BASE64);
    expect(upstream()?.request?.generationConfig?.imageConfig).toEqual({ aspectRatio: '4:3' });
  });
});
