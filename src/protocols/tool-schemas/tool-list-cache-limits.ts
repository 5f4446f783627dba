/**
 * Bounds of the caches of converted tool lists (one per client protocol), keyed by the bytes of a request's `tools`
 * value: a few sessions' worth of distinct tool lists (a Claude Code list is about 60 KB), least recently used first out.
 */
export const TOOL_LIST_CACHE_MAX_ENTRIES = 64;
export const TOOL_LIST_CACHE_MAX_KEY_CHARS = 8 * 1024 * 1024;
