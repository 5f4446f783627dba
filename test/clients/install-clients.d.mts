/** Types of `install-clients.mjs` (plain JavaScript so `.ci/run` can run it before the build). */
export interface ClientEntry {
  package: string;
  bin: string;
  versions: string[];
  /** Packages the client would fetch by itself at run time, installed beside it at the client's version. */
  companions?: string[];
}
export const VERSIONS_FILE: string;
export function clientsDirectory(): string;
export function readClientVersions(): Promise<Record<string, ClientEntry>>;
export function clientBinary(key: string, entry: ClientEntry, version: string): string;
export function ensureClientInstalled(key: string, version?: string, log?: (line: string) => void): Promise<string>;
export function clientCompanionsDirectory(key: string, version: string): string;
