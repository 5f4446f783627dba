declare module 'fastify' {
  interface FastifyRequest {
    /** The request body exactly as received (JSON routes), kept for the request log without re-serialising. */
    rawBodyText?: string;
  }
}

export {};
