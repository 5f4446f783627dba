import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiInlineData } from '../gemini/gemini-api.js';
import { parseOpenAIImageRequest } from './parse-openai-image-request.js';
import type { OpenAIImageRequest } from './openai-images-api.js';

export interface OpenAIImageEditRequest {
  body: OpenAIImageRequest;
  /** The pictures to edit (`image`, or `image[]` for several), base64. */
  images: GeminiInlineData[];
  /** The optional mask: Gemini takes no masks, so it is sent as one more picture the prompt refers to. */
  mask?: GeminiInlineData;
}

const MAX_IMAGES = 16;

/**
 * Reads the multipart form of `POST /v1/images/edits` (what the OpenAI SDK's `client.images.edit` sends): the
 * files `image` / `image[]` and `mask`, and the text fields of a generation request (`prompt`, `model`, `n`, `size`,
 * `quality`, `response_format`…), validated like `/v1/images/generations`.
 * @see https://platform.openai.com/docs/api-reference/images/createEdit
 */
export async function parseOpenAIImageEditForm(form: FormData): Promise<OpenAIImageEditRequest> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string' || name === 'image' || name === 'image[]' || name === 'mask') continue;
    fields[name] = name === 'n' ? Number(value) : name === 'stream' ? value === 'true' : value;
  }
  const body = parseOpenAIImageRequest(fields);
  const files = [...form.getAll('image'), ...form.getAll('image[]')];
  if (files.length === 0) throw new GatewayError('INVALID_REQUEST', 'image: at least one image file is required');
  if (files.length > MAX_IMAGES) throw new GatewayError('INVALID_REQUEST', `image: at most ${MAX_IMAGES} images`);
  const images = await Promise.all(files.map((file, index) => readImage(file, files.length === 1 ? 'image' : `image[${index}]`)));
  const maskFile = form.get('mask');
  const edit: OpenAIImageEditRequest = { body, images };
  if (maskFile !== null) edit.mask = await readImage(maskFile, 'mask');
  return edit;
}

async function readImage(value: FormDataEntryValue, field: string): Promise<GeminiInlineData> {
  if (typeof value === 'string') {
    // A data URL in a text field is taken too (some clients send it that way).
    const match = /^data:([^;,]+);base64,(.+)$/s.exec(value);
    if (match === null) throw new GatewayError('INVALID_REQUEST', `${field}: must be an image file`);
    return { mimeType: match[1]!, data: match[2]! };
  }
  const bytes = Buffer.from(await value.arrayBuffer());
  if (bytes.length === 0) throw new GatewayError('INVALID_REQUEST', `${field}: the file is empty`);
  return { mimeType: value.type !== '' && value.type !== 'application/octet-stream' ? value.type : guessImageType(bytes), data: bytes.toString('base64') };
}

/** PNG, JPEG, WebP and GIF by their first bytes; PNG otherwise (the type OpenAI's edit endpoint takes). */
function guessImageType(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (bytes.subarray(0, 3).toString('latin1') === 'GIF') return 'image/gif';
  return 'image/png';
}
