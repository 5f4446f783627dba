import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiPart } from '../gemini/gemini-api.js';
import {
  convertOpenAIFileDataToGemini,
  convertOpenAIInputAudioToGemini,
  convertOpenAIMediaUrlToGemini,
  MEDIA_MIME_TYPES_BY_EXTENSION,
} from './convert-openai-media-to-gemini.js';
import type { OpenAIUserContentPart } from './openai-chat-api.js';

// Chat Completions has always recognised these extensions too; the Responses converter keeps the shorter list.
const MIME_TYPES_BY_EXTENSION: ReadonlyMap<string, string> = new Map([
  ...MEDIA_MIME_TYPES_BY_EXTENSION,
  ...Object.entries({
    bmp: 'image/bmp',
    svg: 'image/svg+xml',
    ogg: 'audio/ogg',
    flac: 'audio/flac',
    aac: 'audio/aac',
    m4a: 'audio/m4a',
    mov: 'video/quicktime',
    webm: 'video/webm',
  }),
]);

/**
 * Converts one part of a user message to a Gemini part. Returns undefined for parts Gemini cannot take as they
 * are (empty text); throws `INVALID_REQUEST`, naming `path`, for parts agt cannot represent.
 */
export function convertOpenAIContentPartToGemini(part: OpenAIUserContentPart, path: string): GeminiPart | undefined {
  switch (part.type) {
    case 'text':
      // Gemini rejects empty text parts.
      return part.text === '' ? undefined : { text: part.text };
    case 'image_url': {
      const url = typeof part.image_url === 'string' ? part.image_url : part.image_url.url;
      return convertOpenAIMediaUrlToGemini(url, `${path}.image_url.url`, 'image/jpeg', MIME_TYPES_BY_EXTENSION);
    }
    case 'input_audio':
      return convertOpenAIInputAudioToGemini(part.input_audio);
    case 'file': {
      const { file_data: fileData, filename } = part.file;
      if (typeof fileData !== 'string' || fileData === '') {
        throw new GatewayError('INVALID_REQUEST', `${path}.file.file_data: is required (uploaded file ids are not supported)`);
      }
      // Some clients send bare base64 and let the file name tell the type.
      return convertOpenAIFileDataToGemini(fileData, filename, `${path}.file.file_data`, MIME_TYPES_BY_EXTENSION);
    }
  }
}
