/**
 * The simulator's deterministic answer to a Gemini request (pure). From the last `user` content:
 * - JSON output asked with a schema (`responseMimeType: application/json` and `responseJsonSchema` or `responseSchema`,
 *   as Gemini CLI's model router asks) → that JSON, built from the schema like call arguments;
 * - function responses → `Tool <name> returned: <JSON>`;
 * - else `call the tool <name> with {<JSON arguments>}` in the text → a functionCall of that declared function with
 *   exactly those arguments (how the client suite makes a real client run a real tool, e.g. read a file), or a text
 *   saying the tool is not offered;
 * - else, when functions are declared and the text does not say "no tools" → a functionCall of the first one
 *   (unless the `toolCalls` setting is `on-request`);
 * - else, when Google Search is offered → a grounded answer with `groundingMetadata` (`build-grounded-answer.ts`);
 * - else `Echo: <text>` plus ` [image <mime> <bytes> bytes]` per inline image.
 * Thinking (includeThoughts or a positive thinkingBudget; Claude only with a budget) adds a signed thought part first.
 */
import type {
  GeminiContent,
  GeminiFunctionDeclaration,
  GeminiPart,
  GeminiRequest,
  GeminiThinkingConfig,
  GeminiUsageMetadata,
} from '../protocols/gemini/gemini-api.js';
import { buildFunctionCallArgs } from './build-function-call-args.js';
import { buildGroundedAnswer } from './build-grounded-answer.js';
import { countContentTokens, countPartCharacters, countTextTokens } from './count-content-tokens.js';
import { buildSimThoughtSignature, simulatedFamilyOf } from './sim-thought-signature.js';

/** A 1×1 transparent PNG, the "generated image" of image models. */
export const SIM_IMAGE_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export interface SimulatedReply {
  /** The reply parts in order: thought, then text or functionCall, then an image for image models. */
  parts: GeminiPart[];
  /** Google Search requests: the grounding of the answer (see `build-grounded-answer.ts`). */
  groundingMetadata?: Record<string, unknown>;
  finishReason: 'STOP' | 'MAX_TOKENS';
  usageMetadata: GeminiUsageMetadata;
}

export interface GenerateReplyOptions {
  model: string;
  generatesImages?: boolean;
  /** `on-request`: call a tool only when the text asks for one by name (default `first-offered`). */
  toolCalls?: 'first-offered' | 'on-request';
}

export function buildGenerateReply(request: GeminiRequest, options: GenerateReplyOptions): SimulatedReply {
  const userParts = findLastUserContent(request.contents)?.parts ?? [];
  const userText = collectUserText(userParts);
  const parts: GeminiPart[] = [];
  let finishReason: SimulatedReply['finishReason'] = 'STOP';
  let thoughtsTokenCount: number | undefined;
  let signature: string | undefined;

  if (wantsThinking(request, options.model)) {
    signature = buildSimThoughtSignature(simulatedFamilyOf(options.model), `${options.model}\n${userText}`);
    const thoughtText = `Thinking about: ${userText.slice(0, 40)}`;
    parts.push({ text: thoughtText, thought: true, thoughtSignature: signature });
    thoughtsTokenCount = countTextTokens(thoughtText);
  }

  let candidateCharacters: number;
  let groundingMetadata: Record<string, unknown> | undefined;
  const functionResponses = userParts.filter((part) => part?.functionResponse !== undefined);
  const directive = functionResponses.length === 0 ? readCallDirective(userText) : undefined;
  const declaration =
    directive !== undefined
      ? findDeclaration(request, directive.name)
      : functionResponses.length === 0 && options.toolCalls !== 'on-request'
        ? pickFunctionDeclaration(request, userText)
        : undefined;
  if (declaration !== undefined) {
    const callPart: GeminiPart = {
      functionCall: {
        name: declaration.name,
        args: directive?.args ?? buildFunctionCallArgs(readParameterSchema(declaration)),
        id: `call_${countHistoryFunctionCalls(request.contents) + 1}`,
      },
    };
    if (signature !== undefined) callPart.thoughtSignature = signature;
    parts.push(callPart);
    candidateCharacters = countPartCharacters(callPart);
  } else if (functionResponses.length === 0 && directive === undefined && asksGoogleSearch(request)) {
    const grounded = buildGroundedAnswer(userText);
    groundingMetadata = grounded.groundingMetadata;
    parts.push({ text: grounded.text });
    candidateCharacters = grounded.text.length;
  } else {
    let text =
      buildJsonAnswer(request) ??
      (functionResponses.length > 0
        ? functionResponses.map((part) => describeFunctionResponse(part)).join('\n')
        : directive !== undefined
          ? `No tool named ${directive.name} is offered (offered: ${listDeclarations(request).map((entry) => entry.name).join(', ') || 'none'})`
          : `Echo: ${userText}${describeImages(userParts)}`);
    const limit = request.generationConfig?.maxOutputTokens;
    if (typeof limit === 'number' && limit > 0 && countTextTokens(text) > limit) {
      text = text.slice(0, limit * 4);
      finishReason = 'MAX_TOKENS';
    }
    parts.push({ text });
    candidateCharacters = text.length;
    if (options.generatesImages === true && finishReason === 'STOP') {
      parts.push({ inlineData: { mimeType: 'image/png', data: SIM_IMAGE_PNG_BASE64 } });
    }
  }

  const promptTokenCount = countContentTokens(request.contents, request.systemInstruction);
  const candidatesTokenCount = Math.ceil(candidateCharacters / 4);
  const usageMetadata: GeminiUsageMetadata = {
    promptTokenCount,
    candidatesTokenCount,
    totalTokenCount: promptTokenCount + candidatesTokenCount + (thoughtsTokenCount ?? 0),
  };
  if (thoughtsTokenCount !== undefined) usageMetadata.thoughtsTokenCount = thoughtsTokenCount;
  const reply: SimulatedReply = { parts, finishReason, usageMetadata };
  if (groundingMetadata !== undefined) reply.groundingMetadata = groundingMetadata;
  return reply;
}

function findLastUserContent(contents: readonly GeminiContent[]): GeminiContent | undefined {
  for (let index = contents.length - 1; index >= 0; index -= 1) {
    const content = contents[index];
    if (content?.role === 'user' && Array.isArray(content.parts)) return content;
  }
  return undefined;
}

function collectUserText(parts: readonly GeminiPart[]): string {
  const texts: string[] = [];
  for (const part of parts) {
    if (typeof part?.text === 'string' && part.thought !== true) texts.push(part.text);
  }
  return texts.join('\n');
}

function asksGoogleSearch(request: GeminiRequest): boolean {
  return Array.isArray(request.tools) && request.tools.some((tool) => tool?.googleSearch !== undefined || tool?.google_search !== undefined);
}

/**
 * Claude thinks only with a budget: `includeThoughts` alone is ignored and the answer comes without thought parts
 * (antigravity-claude-proxy `src/format/request-converter.js`: "Cloud Code API requires thinking_budget to actually
 * produce thinking blocks"). Gemini thinks with `includeThoughts` or a positive budget.
 */
function wantsThinking(request: GeminiRequest, model: string): boolean {
  const thinking = request.generationConfig?.thinkingConfig as (GeminiThinkingConfig & { thinking_budget?: unknown }) | undefined;
  if (thinking === undefined) return false;
  const budget = thinking.thinkingBudget ?? thinking.thinking_budget;
  const positiveBudget = typeof budget === 'number' && budget > 0;
  if (model.startsWith('claude-')) return positiveBudget;
  return thinking.includeThoughts === true || positiveBudget;
}

/** The JSON a schema-constrained request asks for, or undefined when the request does not ask for JSON. */
function buildJsonAnswer(request: GeminiRequest): string | undefined {
  const config = request.generationConfig as { responseMimeType?: unknown; responseJsonSchema?: unknown; responseSchema?: unknown } | undefined;
  if (typeof config?.responseMimeType !== 'string' || config.responseMimeType.toLowerCase() !== 'application/json') return undefined;
  const schema = config.responseJsonSchema ?? config.responseSchema;
  return schema === undefined ? undefined : JSON.stringify(buildFunctionCallArgs(schema));
}

/** `call the tool <name> with {…}`: the name and the JSON object that follows on the same line. */
const CALL_DIRECTIVE = /call the tool ([A-Za-z_][\w.:-]*) with (\{.*\})/i;

function readCallDirective(text: string): { name: string; args: Record<string, unknown> } | undefined {
  const match = CALL_DIRECTIVE.exec(text);
  if (match === null) return undefined;
  // Some clients quote the prompt they were given (OpenCode sends `"call … {\"path\":\"…\"}"`): undo that escaping.
  for (const candidate of [match[2], match[2].replace(/\\"/g, '"')]) {
    try {
      const args: unknown = JSON.parse(candidate);
      if (typeof args === 'object' && args !== null && !Array.isArray(args)) return { name: match[1], args: args as Record<string, unknown> };
    } catch {
      // Not JSON: try the next reading, or the text is just text.
    }
  }
  return undefined;
}

function listDeclarations(request: GeminiRequest): GeminiFunctionDeclaration[] {
  const declarations: GeminiFunctionDeclaration[] = [];
  if (!Array.isArray(request.tools)) return declarations;
  for (const tool of request.tools) {
    if (Array.isArray(tool?.functionDeclarations)) declarations.push(...tool.functionDeclarations);
  }
  return declarations;
}

function findDeclaration(request: GeminiRequest, name: string): GeminiFunctionDeclaration | undefined {
  return listDeclarations(request).find((declaration) => declaration?.name === name);
}

function pickFunctionDeclaration(request: GeminiRequest, userText: string): GeminiFunctionDeclaration | undefined {
  if (!Array.isArray(request.tools) || /no tools/i.test(userText)) return undefined;
  const calling = request.toolConfig?.functionCallingConfig;
  if (calling?.mode === 'NONE') return undefined;
  const declarations = listDeclarations(request);
  const allowed = calling?.allowedFunctionNames;
  if (Array.isArray(allowed) && allowed.length > 0) {
    const match = declarations.find((declaration) => allowed.includes(declaration?.name));
    if (match !== undefined) return match;
  }
  return declarations.find((declaration) => typeof declaration?.name === 'string');
}

/** Gemini declarations carry `parameters`; newer clients send `parametersJsonSchema` instead. */
function readParameterSchema(declaration: GeminiFunctionDeclaration): unknown {
  return declaration.parameters ?? (declaration as { parametersJsonSchema?: unknown }).parametersJsonSchema;
}

function countHistoryFunctionCalls(contents: readonly GeminiContent[]): number {
  let calls = 0;
  for (const content of contents) {
    if (content?.role !== 'model' || !Array.isArray(content.parts)) continue;
    for (const part of content.parts) if (part?.functionCall !== undefined) calls += 1;
  }
  return calls;
}

function describeFunctionResponse(part: GeminiPart): string {
  const response = part.functionResponse;
  return `Tool ${response?.name ?? ''} returned: ${JSON.stringify(response?.response ?? null)}`;
}

function describeImages(parts: readonly GeminiPart[]): string {
  let description = '';
  for (const part of parts) {
    const inline = part?.inlineData;
    if (inline === undefined || typeof inline.data !== 'string') continue;
    description += ` [image ${inline.mimeType} ${Buffer.byteLength(inline.data, 'base64')} bytes]`;
  }
  return description;
}
