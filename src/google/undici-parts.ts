import { createRequire } from 'node:module';
import type * as Undici from 'undici';

/**
 * The parts of undici agt uses, each loaded from its own module: undici's index also loads fetch, WebSocket, the mock
 * agents, the cache stores and cookies (about 110 files), which took a quarter of the gateway's start with no account
 * files (README "Performance"). The types are undici's own; `undici-parts.test.ts` proves these are the very classes
 * and functions undici exports, so an upgrade that moves them fails there.
 */
const load = createRequire(import.meta.url);

export const Agent = load('undici/lib/dispatcher/agent.js') as typeof Undici.Agent;
export const ProxyAgent = load('undici/lib/dispatcher/proxy-agent.js') as typeof Undici.ProxyAgent;
export const getGlobalDispatcher = (load('undici/lib/global.js') as typeof Undici).getGlobalDispatcher;
const dispatcherRequest = load('undici/lib/api/api-request.js') as (this: Undici.Dispatcher, options: Undici.Dispatcher.RequestOptions) => Promise<Undici.Dispatcher.ResponseData>;

export type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher?: Undici.Dispatcher };

/** undici's `request(url, options)`, for an absolute http(s) URL: through `options.dispatcher`, or the global one. */
export function request(url: string | URL, { dispatcher = getGlobalDispatcher(), ...options }: RequestOptions): Promise<Undici.Dispatcher.ResponseData> {
  const parsed = new URL(url);
  return dispatcherRequest.call(dispatcher, { ...options, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` });
}
