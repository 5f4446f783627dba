declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The request body's bytes as received (JSON routes), or a copy of its beginning when long, for the request log
     * (which decodes and redacts it when writing); absent when logging is off.
     */
    rawBodyForLog?: Uint8Array;
    /** Size in bytes of the whole body when `rawBodyForLog` holds only its beginning (see keepBodyForLog). */
    rawBodyBytes?: number;
    /**
     * The bytes of the JSON body's top-level `tools` value (an array), read as Latin-1: the key under which the
     * protocol converters keep a converted tool list, since clients send the same list with every request.
     */
    toolsSource?: string;
    /** Set once the request has been written to the request log (generation routes do it themselves). */
    agtRecorded?: boolean;
    /** The error message sent to the client, for the request log. */
    agtError?: string;
  }
}

export {};
