import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The whole reply as received (status line, headers, body). */
  raw: string;
}

export interface RawRequest {
  method: string;
  /** Sent exactly as written: any path spelling, or an absolute-form URL. */
  target: string;
  /** Sent in this order, exactly as given; a `host` entry replaces the default Host. Null omits Host entirely. */
  headers?: Array<[string, string]>;
  host?: string | null;
  body?: string | Buffer;
  /** Give up reading after this long (a bypassed SSE route would never end); default 3 s. */
  timeoutMs?: number;
}

/**
 * One HTTP/1.1 request over a fresh TCP connection, written byte for byte: no client library normalises the
 * path, encodes it, or fills in headers. Reads until the server closes (Connection: close) or the timeout.
 */
export function sendRawRequest(port: number, request: RawRequest): Promise<RawResponse> {
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  if (request.host !== null) lines.push(`Host: ${request.host ?? `127.0.0.1:${port}`}`);
  for (const [name, value] of request.headers ?? []) lines.push(`${name}: ${value}`);
  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
  if (body !== undefined) lines.push(`Content-Length: ${body.length}`);
  lines.push('Connection: close', '', '');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(lines.join('\r\n'));
      if (body !== undefined) socket.write(body);
    });
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('utf8');
      const split = bytes.indexOf('\r\n\r\n');
      const head = (split === -1 ? bytes : bytes.subarray(0, split)).toString('latin1');
      const payloadBytes = split === -1 ? Buffer.alloc(0) : bytes.subarray(split + 4);
      const [statusLine, ...headerLines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const payload = (headers['transfer-encoding'] === 'chunked' ? dechunk(payloadBytes) : payloadBytes).toString('utf8');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0);
      resolve({ status, headers, body: payload, raw });
    };
    const timer = setTimeout(finish, request.timeoutMs ?? 3_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', finish);
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (chunks.length > 0) finish();
      else reject(error);
    });
  });
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
