import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiPart } from '../gemini/gemini-api.js';
import {
  convertOpenAIFileDataToGemini,
  convertOpenAIInputAudioToGemini,
  convertOpenAIMediaUrlToGemini,
  guessMimeType,
  MEDIA_MIME_TYPES_BY_EXTENSION,
} from '../openai/convert-openai-media-to-gemini.js';
import type { ResponsesMessageContentPart } from './openai-responses-api.js';

/**
 * Converts one content part of an input message (or of a tool output) to a Gemini part. Returns undefined for
 * parts Gemini cannot take as they are (empty text); throws `INVALID_REQUEST` naming `path` for parts agt cannot
 * represent, such as uploaded-file ids (agt has no file store).
 */
export function convertResponsesContentPartToGemini(part: ResponsesMessageContentPart, path: string): GeminiPart | undefined {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      // Gemini rejects empty text parts.
      return part.text === '' ? undefined : { text: part.text };
    case 'refusal':
      return part.refusal === '' ? undefined : { text: part.refusal };
    case 'input_image': {
      if (typeof part.image_url === 'string' && part.image_url !== '') {
        return convertOpenAIMediaUrlToGemini(part.image_url, `${path}.image_url`, 'image/jpeg', MEDIA_MIME_TYPES_BY_EXTENSION);
      }
      if (typeof part.file_id === 'string' && part.file_id !== '') throw refuseFileId(`${path}.file_id`);
      throw new GatewayError('INVALID_REQUEST', `${path}.image_url: is required (a data: URL or an http(s) URL)`);
    }
    case 'input_file': {
      const fileData = part.file_data;
      if (typeof fileData === 'string' && fileData !== '') {
        // The spec's file_data is base64 without a header (the file name tells the type); some clients send a data: URL.
        return convertOpenAIFileDataToGemini(fileData, part.filename, `${path}.file_data`, MEDIA_MIME_TYPES_BY_EXTENSION);
      }
      if (typeof part.file_url === 'string' && part.file_url !== '') {
        const fallbackMimeType = guessMimeType(part.filename ?? '', MEDIA_MIME_TYPES_BY_EXTENSION) ?? 'application/pdf';
        return convertOpenAIMediaUrlToGemini(part.file_url, `${path}.file_url`, fallbackMimeType, MEDIA_MIME_TYPES_BY_EXTENSION);
      }
      if (typeof part.file_id === 'string' && part.file_id !== '') throw refuseFileId(`${path}.file_id`);
      throw new GatewayError('INVALID_REQUEST', `${path}.file_data: is required (base64 data or a data: URL)`);
    }
    case 'input_audio':
      return convertOpenAIInputAudioToGemini(part.input_audio);
  }
}

function refuseFileId(path: string): GatewayError {
  return new GatewayError('INVALID_REQUEST', `${path}: uploaded files are not supported (agt stores no files); send the data inline`);
}
