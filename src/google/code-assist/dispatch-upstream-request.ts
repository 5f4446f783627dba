import type { Dispatcher } from 'undici';

/** A response body read through `dispatchUpstreamRequest`: async-iterable bytes, or read whole. */
export interface UpstreamResponseBody extends AsyncIterable<Uint8Array> {
  text(): Promise<string>;
  json(): Promise<unknown>;
  /** Reads and drops what is left (a small rest), or aborts the request when it is large, so the connection is freed. */
  dump(): Promise<void>;
}

export interface UpstreamRequestOptions {
  origin: string;
  /** Path and query. */
  path: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  headersTimeout: number;
  bodyTimeout: number;
}

export interface UpstreamResponseHead {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: UpstreamResponseBody;
}

/** Bytes received and not yet read beyond which undici stops reading the socket until the reader catches up. */
const HIGH_WATER_BYTES = 64 * 1024;
/** The most a `dump` reads before it aborts the request instead. */
const DUMP_LIMIT_BYTES = 128 * 1024;

/**
 * One request through an undici dispatcher with a handler of its own, in place of undici's `request()`: the answer's
 * chunks go into a queue that an async iterator reads, without the Readable stream, async iterator and async
 * resource `request()` builds for every response. Same contract: resolves at the response headers; aborting `signal`
 * aborts the request (rejecting with the signal's reason before the headers, failing the body's next read after);
 * the body's iterator `return()` (a reader that stops early) aborts the request and frees the socket; an error in the
 * middle of the body fails the next read. Reading stops while more than HIGH_WATER_BYTES wait to be read.
 */
export function dispatchUpstreamRequest(dispatcher: Dispatcher, options: UpstreamRequestOptions): Promise<UpstreamResponseHead> {
  return new Promise((resolve, reject) => {
    const receiver = new ResponseReceiver(options.signal, resolve, reject);
    if (options.signal?.aborted === true) {
      reject(options.signal.reason);
      return;
    }
    dispatcher.dispatch(
      {
        origin: options.origin,
        path: options.path,
        method: options.method,
        headers: options.headers,
        body: options.body,
        headersTimeout: options.headersTimeout,
        bodyTimeout: options.bodyTimeout,
      },
      receiver,
    );
  });
}

interface Waiter {
  resolve(result: IteratorResult<Uint8Array>): void;
  reject(error: unknown): void;
}

class ResponseReceiver implements Dispatcher.DispatchHandler, UpstreamResponseBody, AsyncIterator<Uint8Array> {
  private controller: Dispatcher.DispatchController | null = null;
  private started = false;
  private readonly queue: Buffer[] = [];
  private queueStart = 0;
  private queuedBytes = 0;
  private ended = false;
  private failure: unknown = null;
  private waiter: Waiter | null = null;
  /** Set when the reader stopped early: the abort that follows is not an error for anyone. */
  private closedByReader = false;
  private readonly onAbort: (() => void) | null = null;

  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly resolveHead: (head: UpstreamResponseHead) => void,
    private readonly rejectHead: (error: unknown) => void,
  ) {
    if (signal !== undefined && !signal.aborted) {
      this.onAbort = () => this.abort(signal.reason);
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  // --- undici's side -------------------------------------------------------------------------------------------

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal?.aborted === true) controller.abort(this.signal.reason as Error);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    if (statusCode < 200) return;
    this.started = true;
    this.resolveHead({ statusCode, headers, body: this });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.closedByReader) return;
    const waiter = this.waiter;
    if (waiter !== null) {
      this.waiter = null;
      waiter.resolve({ done: false, value: chunk });
      return;
    }
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    if (this.queuedBytes > HIGH_WATER_BYTES && !controller.paused) controller.pause();
  }

  onResponseEnd(): void {
    this.ended = true;
    this.release();
    const waiter = this.waiter;
    if (waiter !== null) {
      this.waiter = null;
      waiter.resolve({ done: true, value: undefined });
    }
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.release();
    if (!this.started) {
      this.rejectHead(error);
      return;
    }
    if (this.ended || this.closedByReader) return;
    this.failure = error;
    const waiter = this.waiter;
    if (waiter !== null) {
      this.waiter = null;
      waiter.reject(error);
    }
  }

  // --- the reader's side ---------------------------------------------------------------------------------------

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return this;
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.queueStart < this.queue.length) {
      const chunk = this.queue[this.queueStart] as Buffer;
      this.queueStart++;
      this.queuedBytes -= chunk.length;
      if (this.queueStart === this.queue.length) {
        this.queue.length = 0;
        this.queueStart = 0;
        if (this.controller?.paused === true) this.controller.resume();
      }
      return Promise.resolve({ done: false, value: chunk });
    }
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.ended || this.closedByReader) return Promise.resolve({ done: true, value: undefined });
    if (this.controller?.paused === true) this.controller.resume();
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<Uint8Array>> {
    this.stopReading();
    return Promise.resolve({ done: true, value: undefined });
  }

  async text(): Promise<string> {
    const chunks: Buffer[] = [];
    for (let read = await this.next(); read.done !== true; read = await this.next()) chunks.push(read.value as Buffer);
    return (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async dump(): Promise<void> {
    let read = 0;
    try {
      for (let next = await this.next(); next.done !== true; next = await this.next()) {
        read += next.value.length;
        if (read > DUMP_LIMIT_BYTES) {
          this.stopReading();
          return;
        }
      }
    } catch {
      // A body that fails while it is dropped has nothing left to drop.
    }
  }

  // --- both ----------------------------------------------------------------------------------------------------

  private stopReading(): void {
    if (this.ended || this.closedByReader) return;
    this.closedByReader = true;
    this.queue.length = 0;
    this.queueStart = 0;
    this.queuedBytes = 0;
    this.release();
    this.controller?.abort(new Error('the response body was closed before its end'));
  }

  private abort(reason: unknown): void {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    if (this.controller !== null) this.controller.abort(error);
    // Not dispatched yet: onRequestStart sees the aborted signal; the caller hears now.
    else this.rejectHead(reason);
  }

  /** The request is over: the signal no longer concerns it. */
  private release(): void {
    if (this.onAbort !== null) this.signal?.removeEventListener('abort', this.onAbort);
  }
}
