import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiPart } from '../gemini/gemini-api.js';
import type { ResponsesMessageContentPart } from './openai-responses-api.js';

const MIME_TYPES_BY_EXTENSION = new Map<string, string>(Object.entries({
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  html: 'text/html',
  csv: 'text/csv',
  json: 'application/json',
  mp3: 'audio/mp3',
  wav: 'audio/wav',
  mp4: 'video/mp4',
}));

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
        return convertUrlToGeminiPart(part.image_url, `${path}.image_url`, 'image/jpeg');
      }
      if (typeof part.file_id === 'string' && part.file_id !== '') throw refuseFileId(`${path}.file_id`);
      throw new GatewayError('INVALID_REQUEST', `${path}.image_url: is required (a data: URL or an http(s) URL)`);
    }
    case 'input_file': {
      const fileData = part.file_data;
      if (typeof fileData === 'string' && fileData !== '') {
        if (fileData.startsWith('data:')) return { inlineData: parseDataUrl(fileData, `${path}.file_data`) };
        // The spec's file_data is base64 without a header; the file name tells the type.
        return { inlineData: { mimeType: guessMimeType(part.filename ?? '') ?? 'application/pdf', data: fileData } };
      }
      if (typeof part.file_url === 'string' && part.file_url !== '') {
        return convertUrlToGeminiPart(part.file_url, `${path}.file_url`, guessMimeType(part.filename ?? '') ?? 'application/pdf');
      }
      if (typeof part.file_id === 'string' && part.file_id !== '') throw refuseFileId(`${path}.file_id`);
      throw new GatewayError('INVALID_REQUEST', `${path}.file_data: is required (base64 data or a data: URL)`);
    }
    case 'input_audio':
      return { inlineData: { mimeType: `audio/${part.input_audio.format.toLowerCase()}`, data: part.input_audio.data } };
  }
}

function refuseFileId(path: string): GatewayError {
  return new GatewayError('INVALID_REQUEST', `${path}: uploaded files are not supported (agt stores no files); send the data inline`);
}

function convertUrlToGeminiPart(url: string, path: string, fallbackMimeType: string): GeminiPart {
  if (url.startsWith('data:')) return { inlineData: parseDataUrl(url, path) };
  if (/^(https?|gs):\/\//i.test(url)) return { fileData: { mimeType: guessMimeType(url) ?? fallbackMimeType, fileUri: url } };
  throw new GatewayError('INVALID_REQUEST', `${path}: must be a data: URL or an http(s) URL`);
}

/** `data:<mime>[;param…][;base64],<payload>` (RFC 2397). Non-base64 payloads are percent-decoded and re-encoded. */
function parseDataUrl(url: string, path: string): { mimeType: string; data: string } {
  const comma = url.indexOf(',');
  if (comma === -1) throw new GatewayError('INVALID_REQUEST', `${path}: malformed data URL (no comma)`);
  const header = url.slice('data:'.length, comma).split(';');
  const payload = url.slice(comma + 1);
  const mimeType = header[0] === '' ? 'text/plain' : header[0].toLowerCase();
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(mimeType)) throw new GatewayError('INVALID_REQUEST', `${path}: malformed data URL media type`);
  if (header.slice(1).some((parameter) => parameter.toLowerCase() === 'base64')) return { mimeType, data: payload };
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
