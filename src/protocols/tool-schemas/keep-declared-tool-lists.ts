import { BoundedTextCache } from '../../shared/bounded-text-cache.js';
import { deepFreeze } from '../../shared/deep-freeze.js';
import { rememberJsonBytes } from '../../shared/encode-json-utf8.js';
import type { GeminiFunctionDeclaration } from '../gemini/gemini-api.js';

/**
 * Bounds of each protocol's cache of declared tool lists: a few sessions' worth of distinct lists (a Claude Code list
 * is about 60 KB), least recently used first out.
 */
const MAX_ENTRIES = 64;
const MAX_KEY_CHARS = 8 * 1024 * 1024;

/**
 * A cache of what a client's tool list declares, by the bytes the client sent for `tools` (`toolsSource`, read as
 * Latin-1 by the body parser). Clients send the same list with every request of a session (Claude Code: 24 tools,
 * about 60 KB), and the same bytes always validate and convert to the same declarations: `declare` runs once per
 * distinct list. The declarations are frozen and their JSON encoded once, so the upstream request copies those
 * bytes instead of serializing the schemas again. One cache per protocol: its declaring function is its own.
 */
export function keepDeclaredToolLists<T extends { declarations: readonly GeminiFunctionDeclaration[] }>(): (toolsSource: string, declare: () => T) => T {
  const kept = new BoundedTextCache<T>(MAX_ENTRIES, MAX_KEY_CHARS);
  return (toolsSource, declare) => {
    const cached = kept.get(toolsSource);
    if (cached !== undefined) return cached;
    const declared = declare();
    deepFreeze(declared.declarations);
    rememberJsonBytes(declared.declarations);
    kept.set(toolsSource, declared);
    return declared;
  };
}
