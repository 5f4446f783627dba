import { formatUpstreamToolName, isSafeUpstreamToolName } from './format-upstream-tool-name.js';

/** The tool names of one request: client name ⇄ upstream name, one to one. */
export interface ToolNameMap {
  /** The upstream name of a client name (a name the map has not seen is formatted the same way). */
  toUpstream(clientName: string): string;
  /** The client's own name for an upstream name; a name agt did not rename comes back unchanged. */
  toClient(upstreamName: string): string;
  /** True when no name had to change, so requests and responses can go through untouched. */
  readonly isIdentity: boolean;
}

const HASH_LENGTHS = [8, 12, 16, 24, 64];

/**
 * Builds the map for a set of client names. Names Gemini accepts keep their name; the others get
 * `formatUpstreamToolName`, whose hash is lengthened in the (astronomically rare) case it meets another name of
 * the request. The result does not depend on the order of the names.
 */
export function buildToolNameMap(names: Iterable<string>): ToolNameMap {
  const toUpstream = new Map<string, string>();
  const toClient = new Map<string, string>();
  const renamed: string[] = [];
  for (const name of new Set(names)) {
    if (isSafeUpstreamToolName(name)) {
      toUpstream.set(name, name);
      toClient.set(name, name);
    } else {
      renamed.push(name);
    }
  }
  for (const name of renamed.sort()) {
    const upstream = HASH_LENGTHS.map((length) => formatUpstreamToolName(name, length)).find((candidate) => !toClient.has(candidate));
    // Only a SHA-256 collision could exhaust the candidates; the last one is then used as is.
    const chosen = upstream ?? formatUpstreamToolName(name, 64);
    toUpstream.set(name, chosen);
    toClient.set(chosen, name);
  }
  const isIdentity = renamed.length === 0;
  return {
    isIdentity,
    toUpstream: (clientName) => toUpstream.get(clientName) ?? (isSafeUpstreamToolName(clientName) ? clientName : formatUpstreamToolName(clientName)),
    toClient: (upstreamName) => toClient.get(upstreamName) ?? upstreamName,
  };
}

/** The map of a request without tools. */
export const IDENTITY_TOOL_NAMES: ToolNameMap = buildToolNameMap([]);
