import { z } from 'zod';

/**
 * OpenAI Images wire shapes (`POST /v1/images/generations`), limited to the fields agt reads; other fields
 * (`style`, `user`, `background`, `moderation`…) are accepted and ignored.
 * @see https://platform.openai.com/docs/api-reference/images/create
 */
export const openAIImageRequestSchema = z.looseObject({
  prompt: z.string().min(1, { error: 'must be a non-empty string' }),
  model: z.string().min(1, { error: 'must be a non-empty string' }).nullish(),
  n: z.number().int().min(1, { error: 'must be between 1 and 10' }).max(10, { error: 'must be between 1 and 10' }).nullish(),
  size: z.string().nullish(),
  quality: z.string().nullish(),
  response_format: z.enum(['b64_json', 'url'], { error: 'must be "b64_json" or "url"' }).nullish(),
  output_format: z.enum(['png', 'jpeg', 'webp'], { error: 'must be "png", "jpeg" or "webp"' }).nullish(),
  stream: z.boolean().nullish(),
});

export type OpenAIImageRequest = z.infer<typeof openAIImageRequestSchema>;

/** One generated image as OpenAI returns it. */
export interface OpenAIImage {
  b64_json?: string;
  url?: string;
  revised_prompt?: string;
}

export interface OpenAIImagesResponse {
  created: number;
  data: OpenAIImage[];
  output_format?: string;
  usage?: {
    input_tokens: number;
    output_tokens: number;
    total_tokens: number;
    input_tokens_details: { text_tokens: number; image_tokens: number };
  };
}
