import { deepFreeze } from '../../shared/deep-freeze.js';
import { rememberJsonBytes } from '../../shared/encode-json-utf8.js';
import { SKIP_THOUGHT_SIGNATURE, type GeminiContent, type GeminiPart } from '../gemini/gemini-api.js';
import { parseClientSignature } from '../thought-signatures/format-client-signature.js';
import { selectModelFamily, type ModelFamily } from '../thought-signatures/select-model-family.js';
import type { UpstreamPayloadPass } from './upstream-payload.js';

/**
 * Sends each thought signature of the history only to the model family that issued it (signatures reach clients
 * as `<family>#<signature>`, see `formatClientSignature`), once the attempt's upstream model is known:
 * - a thought of the target's family goes back as it came, without the prefix;
 * - a thought from another family, of unknown origin, or unsigned becomes plain text, so Claude never sees
 *   unsigned or foreign thinking (antigravity-claude-proxy `src/format/content-converter.js` drops such blocks for
 *   Claude; Antigravity Tools turns them into text on a signature error; agt keeps the text as context);
 * - a `functionCall` whose signature is foreign or missing gets the `skip_thought_signature_validator` sentinel
 *   on a Gemini model, which requires a signature on calls and takes the sentinel (Antigravity Tools
 *   `mappers/claude/request.rs`, opencode-antigravity-auth `constants.ts`); on Claude and other models the
 *   signature is removed instead, since they neither need one on calls nor accept fabricated ones
 *   (CLIProxyAPI#570: "Antigravity/Vertex validates Claude thinking signatures and rejects fabricated ones";
 *   antigravity-claude-proxy sends call signatures to Gemini models only).
 *
 * With `context.degradeThinking` (the one retry after the backend refused a signature) every thought becomes text
 * and every signature goes, except the sentinel on Gemini calls; a Claude request also loses its thinking config,
 * since Claude with thinking on wants the turns of a tool loop to start with signed thinking.
 */
export const convertThoughtSignaturesForModel: UpstreamPayloadPass = (payload, context) => {
  const family = selectModelFamily(payload.model);
  const degrade = context.degradeThinking === true;
  let changed = false;
  const contents: GeminiContent[] = [];
  for (const content of payload.request.contents) {
    if (!Array.isArray(content.parts)) {
      contents.push(content);
      continue;
    }
    const parts: GeminiPart[] = [];
    let partsChanged = false;
    for (const part of content.parts) {
      const converted = convertPart(part, family, degrade);
      if (converted !== part) partsChanged = true;
      if (converted !== undefined) parts.push(converted);
    }
    if (partsChanged) changed = true;
    // A turn that held only empty foreign thoughts has nothing left; Gemini refuses empty `parts`.
    if (parts.length > 0) contents.push(partsChanged ? { ...content, parts } : content);
  }
  let request = changed ? { ...payload.request, contents } : payload.request;
  const generationConfig = request.generationConfig;
  if (degrade && family === 'claude' && generationConfig?.thinkingConfig !== undefined) {
    const { thinkingConfig: _dropped, ...rest } = generationConfig;
    request = { ...request, generationConfig: rest };
    changed = true;
  }
  return changed ? { ...payload, request } : payload;
};

/**
 * The conversions of parts that cannot change (the kept history of a conversation: see
 * `anthropic/convert-anthropic-messages-to-gemini.ts`), by part, family and degradation: frozen, with their JSON
 * encoded once, like the parts they come from. `null` stands for a part left out.
 */
const keptConversions = new WeakMap<GeminiPart, Map<string, GeminiPart | null>>();

function convertPart(part: GeminiPart, family: ModelFamily, degrade: boolean): GeminiPart | undefined {
  if (!Object.isFrozen(part)) return convertPartOnce(part, family, degrade);
  const key = degrade ? `${family}/degraded` : family;
  let kept = keptConversions.get(part);
  const known = kept?.get(key);
  if (known !== undefined) return known ?? undefined;
  const converted = convertPartOnce(part, family, degrade);
  if (converted !== undefined && converted !== part) rememberJsonBytes(deepFreeze(converted));
  if (kept === undefined) keptConversions.set(part, (kept = new Map()));
  kept.set(key, converted ?? null);
  return converted;
}

function convertPartOnce(part: GeminiPart, family: ModelFamily, degrade: boolean): GeminiPart | undefined {
  const value = typeof part.thoughtSignature === 'string' ? part.thoughtSignature : '';
  const parsed = value === '' || value === SKIP_THOUGHT_SIGNATURE ? undefined : parseClientSignature(value);
  const own = !degrade && parsed?.family === family;
  if (part.thought === true) {
    if (own) return { ...part, thoughtSignature: parsed!.signature };
    const text = typeof part.text === 'string' ? part.text : '';
    return text.trim() === '' ? undefined : { text };
  }
  if (value === '') return part;
  if (own) return { ...part, thoughtSignature: parsed!.signature };
  if (part.functionCall !== undefined && family === 'gemini') {
    return value === SKIP_THOUGHT_SIGNATURE ? part : { ...part, thoughtSignature: SKIP_THOUGHT_SIGNATURE };
  }
  const { thoughtSignature: _removed, ...rest } = part;
  return rest;
}
