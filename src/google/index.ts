/**
 * @module google
 * Everything that speaks HTTP to Google. All requests go through undici with a dispatcher the caller owns
 * (a keep-alive `Agent`, or a `ProxyAgent` for an upstream proxy). Tokens never appear in errors or logs.
 */
export * from './oauth/index.js';
export * from './code-assist/index.js';
export { describeNetworkError, readNetworkErrorCode } from './read-network-error-code.js';
export { Agent, ProxyAgent } from './undici-parts.js';
