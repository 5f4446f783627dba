import type { Dispatcher } from 'undici';
import agentModule from 'undici/lib/dispatcher/agent.js';
import proxyAgentModule from 'undici/lib/dispatcher/proxy-agent.js';
import globalModule from 'undici/lib/global.js';
import dispatcherRequest from 'undici/lib/api/api-request.js';

/**
 * The parts of undici agt uses, each imported from its own module (types: undici-modules.d.ts): undici's index also
 * loads fetch, WebSocket, the mock agents, the cache stores and cookies (about 110 files), which took a quarter of the
 * gateway's start with no account files (README "Performance"). `undici-parts.test.ts` proves these are the very
 * classes and functions undici exports, so an upgrade that moves them fails there.
 */
export const Agent = agentModule;
export const ProxyAgent = proxyAgentModule;
export const getGlobalDispatcher = globalModule.getGlobalDispatcher;

export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher?: Dispatcher };

/** undici's `request(url, options)`, for an absolute http(s) URL: through `options.dispatcher`, or the global one. */
export function request(url: string | URL, { dispatcher = getGlobalDispatcher(), ...options }: RequestOptions): Promise<Dispatcher.ResponseData> {
  const parsed = new URL(url);
  return dispatcherRequest.call(dispatcher, { ...options, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` });
}
