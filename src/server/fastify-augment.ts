declare module 'fastify' {
  interface FastifyRequest {
    /** The request body as received (JSON routes), or its beginning when long, for the request log; absent when logging is off. */
    rawBodyText?: string;
    /** UTF-8 size of the whole body when `rawBodyText` holds only its beginning (see keepBodyForLog). */
    rawBodyBytes?: number;
    /** Set once the request has been written to the request log (generation routes do it themselves). */
    agtRecorded?: boolean;
    /** The error message sent to the client, for the request log. */
    agtError?: string;
  }
}

export {};
