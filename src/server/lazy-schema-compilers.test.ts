import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLazySchemaCompilers } from './lazy-schema-compilers.js';

describe('createLazySchemaCompilers', () => {
  it('gives a route with a JSON schema the same validation and serialization as Fastify’s defaults', async () => {
    const app = Fastify({ schemaController: { compilersFactory: createLazySchemaCompilers() } });
    app.post(
      '/things',
      {
        schema: {
          body: { type: 'object', required: ['count'], properties: { count: { type: 'integer' } } },
          response: { 200: { type: 'object', properties: { count: { type: 'integer' } } } },
        },
      },
      async (request) => ({ count: (request.body as { count: number }).count, secret: 'not in the response schema' }),
    );
    try {
      const ok = await app.inject({ method: 'POST', url: '/things', payload: { count: 2 } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ count: 2 });
      const bad = await app.inject({ method: 'POST', url: '/things', payload: { count: 'many' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toContain('count');
    } finally {
      await app.close();
    }
  });
});
