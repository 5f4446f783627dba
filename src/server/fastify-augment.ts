declare module 'fastify' {
  interface FastifyRequest {
    /** The request body exactly as received (JSON routes), kept for the request log without re-serialising. */
    rawBodyText?: string;
    /** Set once the request has been written to the request log (generation routes do it themselves). */
    agtRecorded?: boolean;
    /** The error message sent to the client, for the request log. */
    agtError?: string;
  }
}

export {};
