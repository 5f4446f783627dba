// node bench/measure-request-path.mjs [--base=DIR] N FIXTURE...: in process, mean time of agt's request path (parse, validate,
// convert, finalize, encode) per turn of each recorded client body, after 200 warm-up turns; with --base, the build in DIR
// (its dist/ and bench/) is measured the same way, right after. Run `npm run build` first.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const base = args.find((arg) => arg.startsWith('--base='));
const [nArg, ...names] = args.filter((arg) => arg !== base);
if (!(Number(nArg) > 0) || names.length === 0) {
  console.error('usage: node bench/measure-request-path.mjs [--base=DIR] N FIXTURE...');
  process.exit(2);
}
const roots = [join(dirname(fileURLToPath(import.meta.url)), '..'), ...(base ? [resolve(base.slice('--base='.length))] : [])];
for (const root of roots) console.log(`${root}: ${await measure(root)}`);

async function measure(root) {
const d = (p) => import(`${root}/dist/src/${p}`);
const { parseJsonBody } = await d('server/parse-json-body.js');
const { parseGeminiGenerateRequest, prepareGeminiRequest } = await d('protocols/gemini/index.js');
const { parseAnthropicMessagesRequest, convertAnthropicRequestToGemini } = await d('protocols/anthropic/index.js');
const { parseOpenAIChatRequest, convertOpenAIRequestToGemini } = await d('protocols/openai/index.js');
const { parseOpenAIResponsesRequest, convertOpenAIResponsesRequestToGemini } = await d('protocols/openai-responses/index.js');
const { finalizeUpstreamPayload } = await d('protocols/upstream-request/finalize-upstream-payload.js');
const { encodeJsonUtf8 } = await d('shared/encode-json-utf8.js');
const { loadClientBodyFixtures } = await import(`${root}/bench/lib/client-body-fixtures.mjs`);
const n = Number(nArg);
const out = [];
for (const name of names) {
  const [fixture] = loadClientBodyFixtures(root, { names: [name] });
  const bodies = Array.from({ length: n + 200 }, () => Buffer.from(fixture.bodyForRequest()));
  const run = (bytes) => {
    const parsed = parseJsonBody(bytes);
    let converted;
    if (fixture.path.startsWith('/v1/messages')) converted = convertAnthropicRequestToGemini(parseAnthropicMessagesRequest(parsed.value), { toolListKey: parsed.toolListKey });
    else if (fixture.path.startsWith('/v1/chat')) converted = convertOpenAIRequestToGemini(parseOpenAIChatRequest(parsed.value), { toolListKey: parsed.toolListKey });
    else if (fixture.path.startsWith('/v1/responses')) converted = convertOpenAIResponsesRequestToGemini(parseOpenAIResponsesRequest(parsed.value), { toolListKey: parsed.toolListKey });
    else converted = { request: prepareGeminiRequest(parseGeminiGenerateRequest(parsed.value)), model: 'gemini' };
    const fin = finalizeUpstreamPayload({ model: 'claude-sonnet-4-6', requestType: 'agent', request: converted.request }, { clientModel: converted.model, conversationId: 'x' });
    return encodeJsonUtf8(fin.request);
  };
  for (let i = 0; i < 200; i++) run(bodies[i]);
  const t0 = performance.now();
  for (let i = 200; i < n + 200; i++) run(bodies[i]);
  out.push(`${name} ${(((performance.now() - t0) / n) * 1000).toFixed(0)}µs`);
}
return out.join('  ');
}
