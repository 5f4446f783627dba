/**
 * Media conversions shared by the Chat Completions and Responses content-part converters: both APIs carry images
 * and files as data: URLs, http(s) URLs or bare base64, and audio as `{ data, format }`. Errors name `path`.
 */
import { GatewayError } from '../../shared/gateway-error.js';
import type { GeminiPart } from '../gemini/gemini-api.js';

/**
 * The file extensions both converters map to a MIME type. Chat Completions recognises a few more
 * (`convert-openai-content-part-to-gemini.ts`); the table is a parameter so each keeps the list it has.
 */
export const MEDIA_MIME_TYPES_BY_EXTENSION: ReadonlyMap<string, string> = new Map(Object.entries({
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
 * A data: URL becomes inline data; an http(s) or gs:// URL becomes a file reference typed by its extension, or
 * by `fallbackMimeType`. Anything else is refused.
 */
export function convertOpenAIMediaUrlToGemini(
  url: string,
  path: string,
  fallbackMimeType: string,
  mimeTypesByExtension: ReadonlyMap<string, string>,
): GeminiPart {
  if (url.startsWith('data:')) return { inlineData: parseDataUrl(url, path) };
  if (/^(https?|gs):\/\//i.test(url)) {
    return { fileData: { mimeType: guessMimeType(url, mimeTypesByExtension) ?? fallbackMimeType, fileUri: url } };
  }
  throw new GatewayError('INVALID_REQUEST', `${path}: must be a data: URL or an http(s) URL`);
}

/** File data given as a data: URL, or as bare base64 typed by the file name (PDF when the name does not tell). */
export function convertOpenAIFileDataToGemini(
  fileData: string,
  filename: string | null | undefined,
  path: string,
  mimeTypesByExtension: ReadonlyMap<string, string>,
): GeminiPart {
  if (fileData.startsWith('data:')) return { inlineData: parseDataUrl(fileData, path) };
  return { inlineData: { mimeType: guessMimeType(filename ?? '', mimeTypesByExtension) ?? 'application/pdf', data: fileData } };
}

/** `{ data, format: 'MP3' }` → inline `audio/mp3` data. */
export function convertOpenAIInputAudioToGemini(inputAudio: { data: string; format: string }): GeminiPart {
  return { inlineData: { mimeType: `audio/${inputAudio.format.toLowerCase()}`, data: inputAudio.data } };
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

/** The MIME type a URL's or file name's extension stands for in `mimeTypesByExtension` (query and fragment ignored). */
export function guessMimeType(urlOrName: string, mimeTypesByExtension: ReadonlyMap<string, string>): string | undefined {
  const withoutQuery = urlOrName.split(/[?#]/, 1)[0];
  const extension = /\.([a-z0-9]+)$/i.exec(withoutQuery)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : mimeTypesByExtension.get(extension);
}
