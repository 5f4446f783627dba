import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiPart } from '../gemini/gemini-api.js';
import type { OpenAIUserContentPart } from './openai-chat-api.js';

const MIME_TYPES_BY_EXTENSION = new Map<string, string>(Object.entries({
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  html: 'text/html',
  csv: 'text/csv',
  json: 'application/json',
  mp3: 'audio/mp3',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  aac: 'audio/aac',
  m4a: 'audio/m4a',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
}));

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
      return convertUrlToGeminiPart(url, `${path}.image_url.url`, 'image/jpeg');
    }
    case 'input_audio':
      return { inlineData: { mimeType: `audio/${part.input_audio.format.toLowerCase()}`, data: part.input_audio.data } };
    case 'file': {
      const { file_data: fileData, filename } = part.file;
      if (typeof fileData !== 'string' || fileData === '') {
        throw new GatewayError('INVALID_REQUEST', `${path}.file.file_data: is required (uploaded file ids are not supported)`);
      }
      if (fileData.startsWith('data:')) return convertUrlToGeminiPart(fileData, `${path}.file.file_data`, 'application/pdf');
      // Some clients send bare base64 and let the file name tell the type.
      return { inlineData: { mimeType: guessMimeType(filename ?? '') ?? 'application/pdf', data: fileData } };
    }
  }
}

function convertUrlToGeminiPart(url: string, path: string, fallbackMimeType: string): GeminiPart {
  if (url.startsWith('data:')) return { inlineData: parseDataUrl(url, path) };
  if (/^(https?|gs):\/\//i.test(url)) {
    return { fileData: { mimeType: guessMimeType(url) ?? fallbackMimeType, fileUri: url } };
  }
  throw new GatewayError('INVALID_REQUEST', `${path}: must be a data: URL or an http(s) URL`);
}

/** `data:<mime>[;param…][;base64],<payload>` (RFC 2397). Non-base64 payloads are percent-decoded and re-encoded. */
function parseDataUrl(url: string, path: string): { mimeType: string; data: string } {
  const comma = url.indexOf(',');
  if (comma === -1) throw new GatewayError('INVALID_REQUEST', `${path}: malformed data URL (no comma)`);
  const header = url.slice('data:'.length, comma).split(';');
  const payload = url.slice(comma + 1);
  const mimeType = header[0] === '' ? 'text/plain' : header[0].toLowerCase();
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(mimeType)) {
    throw new GatewayError('INVALID_REQUEST', `${path}: malformed data URL media type`);
  }
  if (header.slice(1).some((parameter) => parameter.toLowerCase() === 'base64')) {
    return { mimeType, data: payload };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(payload);
  } catch {
    throw new GatewayError('INVALID_REQUEST', `${path}: malformed data URL (bad percent-encoding)`);
  }
  return { mimeType, data: Buffer.from(decoded, 'utf8').toString('base64') };
}

function guessMimeType(urlOrName: string): string | undefined {
  const withoutQuery = urlOrName.split(/[?#]/, 1)[0];
  const extension = /\.([a-z0-9]+)$/i.exec(withoutQuery)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : MIME_TYPES_BY_EXTENSION.get(extension);
}
