import type { GeminiGenerationConfig, GeminiRequest } from '../gemini/gemini-api.js';
import { parseImageModelName } from '../images/parse-image-model-name.js';
import type { UpstreamPayloadPass } from './upstream-payload.js';

/**
 * An image model is asked as Antigravity asks it (Antigravity Tools `proxy/mappers/common_utils.rs`,
 * `mappers/claude/request.rs`; the lessons' envelope notes): `requestType: "image_gen"`, no tools, no tool config,
 * no system instruction and no thinking config — image models answer "Function calling is not enabled" /
 * "Developer instruction is not enabled" to those — and `generationConfig.imageConfig` with the aspect ratio and
 * size from the suffixes of the model name (upstream or, once mapped, the client's: `gemini-3-pro-image-16x9-4k`), which the client's own `imageConfig` overrides.
 * The suffixes are removed from the upstream model name.
 */
export const convertImageGenerationRequest: UpstreamPayloadPass = (payload, context) => {
  const image = parseImageModelName(payload.model);
  if (image === undefined) return payload;
  // The model mapping may already have cut the suffixes off (`gemini-3-pro-image*` → `gemini-3-pro-image`).
  const requested = context.clientModel === undefined ? undefined : parseImageModelName(context.clientModel);
  const aspectRatio = image.aspectRatio ?? requested?.aspectRatio;
  const imageSize = image.imageSize ?? requested?.imageSize;
  const { tools: _tools, toolConfig: _toolConfig, systemInstruction: _system, ...rest } = payload.request;
  const { thinkingConfig: _thinking, ...generationConfig }: GeminiGenerationConfig = payload.request.generationConfig ?? {};
  const imageConfig: Record<string, unknown> = {};
  if (aspectRatio !== undefined) imageConfig.aspectRatio = aspectRatio;
  if (imageSize !== undefined) imageConfig.imageSize = imageSize;
  const clientImageConfig = generationConfig.imageConfig;
  if (typeof clientImageConfig === 'object' && clientImageConfig !== null) Object.assign(imageConfig, clientImageConfig);
  const request: GeminiRequest = { ...rest };
  const config: GeminiGenerationConfig = { ...generationConfig };
  if (Object.keys(imageConfig).length > 0) config.imageConfig = imageConfig;
  else delete config.imageConfig;
  if (Object.keys(config).length > 0) request.generationConfig = config;
  return { model: image.model, requestType: 'image_gen', request };
};
