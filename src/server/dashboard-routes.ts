import { readFile, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ServerDependencies } from './server-dependencies.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
};

async function loadFiles(directory: string, prefix = ''): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) for (const [name, body] of await loadFiles(path, `${prefix}${entry.name}/`)) files.set(name, body);
    else files.set(`${prefix}${entry.name}`, await readFile(path));
  }
  return files;
}

/** Serves the built dashboard (web/dist) from memory at `/`; assets are content-hashed and cached long. */
export async function registerDashboardRoutes(app: FastifyInstance, dependencies: ServerDependencies): Promise<void> {
  let files = new Map<string, Buffer>();
  if (dependencies.dashboardDir) {
    try {
      files = await loadFiles(dependencies.dashboardDir);
    } catch {
      dependencies.logger.warn({ dashboardDir: dependencies.dashboardDir }, 'Dashboard not built (run `npm run build:web`); serving the API only');
    }
  }
  const index = files.get('index.html');
  const sendIndex = async (_request: unknown, reply: import('fastify').FastifyReply) => {
    if (!index) return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('Dashboard not built: run `npm run build:web`');
    return reply.headers({ ...SECURITY_HEADERS, 'content-type': CONTENT_TYPES['.html'], 'cache-control': 'no-cache' }).send(index);
  };
  app.get('/', sendIndex);
  app.get('/index.html', sendIndex);
  app.get<{ Params: { '*': string } }>('/assets/*', async (request, reply) => {
    const name = `assets/${request.params['*']}`;
    const body = files.get(name);
    if (!body) return reply.code(404).send({ error: 'Not found', code: 'NOT_FOUND' });
    return reply
      .headers({ ...SECURITY_HEADERS, 'content-type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream', 'cache-control': 'public, max-age=31536000, immutable' })
      .send(body);
  });
  for (const icon of ['favicon.svg', 'favicon.ico']) {
    app.get(`/${icon}`, async (_request, reply) => {
      const body = files.get(icon);
      if (!body) return reply.code(404).send({ error: 'Not found', code: 'NOT_FOUND' });
      return reply.header('content-type', CONTENT_TYPES[extname(icon)]).send(body);
    });
  }
}
