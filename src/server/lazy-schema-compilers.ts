import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type BuildValidator = NonNullable<CompilersFactory['buildValidator']>;
type BuildSerializer = NonNullable<CompilersFactory['buildSerializer']>;

/** Resolves Fastify's own dependencies from Fastify's location, as Fastify itself would. */
const requireFromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));

/**
 * Fastify's default JSON-schema compilers (Ajv for validation, fast-json-stringify for responses), loaded the first
 * time a route with a schema needs one. Fastify loads them when an app is created, which costs about 0.1 s of start;
 * agt declares no route schemas (bodies are checked with zod), so they normally stay unloaded.
 */
export function createLazySchemaCompilers(): CompilersFactory {
  let buildValidator: BuildValidator | undefined;
  let buildSerializer: BuildSerializer | undefined;
  return {
    buildValidator: (externalSchemas, options) => {
      buildValidator ??= (requireFromFastify('@fastify/ajv-compiler') as () => BuildValidator)();
      return buildValidator(externalSchemas, options);
    },
    buildSerializer: (externalSchemas, options) => {
      buildSerializer ??= (requireFromFastify('@fastify/fast-json-stringify-compiler') as () => BuildSerializer)();
      return buildSerializer(externalSchemas, options);
    },
  };
}
