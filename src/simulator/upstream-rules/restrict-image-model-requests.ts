import { IMAGE_ASPECT_RATIOS, IMAGE_SIZES } from '../../protocols/images/index.js';
import { isRecord } from '../read-request-body.js';
import { buildGoogleError } from '../send-google-error.js';
import type { UpstreamRule } from './upstream-rule.js';

/**
 * Image models take no function tools and no system instruction (the Gemini API answers "Function calling is not
 * enabled for models/…" and "Developer instruction is not enabled for models/…"; every peer strips both for image
 * models), and `imageConfig` takes only the documented aspect ratios and sizes.
 */
export const restrictImageModelRequests: UpstreamRule = {
  name: 'restrict-image-model-requests',
  source:
    'lbjlaq/Antigravity-Manager proxy/mappers/common_utils.rs and mappers/claude/request.rs (tools and systemInstruction ' +
    'removed for image models); BerriAI/litellm#10313 (the "Function calling is not enabled" wording); ' +
    'https://ai.google.dev/gemini-api/docs/image-generation (aspectRatio / imageSize values)',
  check({ request, model }) {
    if (!model.generatesImages) return undefined;
    const hasFunctions = (Array.isArray(request.tools) ? request.tools : []).some(
      (tool) => isRecord(tool) && Array.isArray(tool.functionDeclarations) && tool.functionDeclarations.length > 0,
    );
    if (hasFunctions) return buildGoogleError(400, `Function calling is not enabled for models/${model.id}`);
    if (request.systemInstruction !== undefined) return buildGoogleError(400, `Developer instruction is not enabled for models/${model.id}`);
    const imageConfig = request.generationConfig?.imageConfig;
    if (isRecord(imageConfig)) {
      const { aspectRatio, imageSize } = imageConfig;
      if (aspectRatio !== undefined && !IMAGE_ASPECT_RATIOS.includes(String(aspectRatio))) {
        return buildGoogleError(400, `* GenerateContentRequest.generation_config.image_config.aspect_ratio: unsupported aspect ratio ${JSON.stringify(aspectRatio)}\n`);
      }
      if (imageSize !== undefined && !IMAGE_SIZES.includes(String(imageSize))) {
        return buildGoogleError(400, `* GenerateContentRequest.generation_config.image_config.image_size: unsupported image size ${JSON.stringify(imageSize)}\n`);
      }
    }
    return undefined;
  },
};
