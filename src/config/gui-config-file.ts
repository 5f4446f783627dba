import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { proxyFileSectionSchema, type ProxyFileSection } from './config-schema.js';

export const GUI_CONFIG_FILE = 'gui_config.json';

export interface GuiConfigRead {
  /** The whole file (unknown keys kept), or {} when missing. */
  document: Record<string, unknown>;
  proxy: ProxyFileSection;
  /** Set when the file exists but cannot be used; agt then runs on defaults and never overwrites it. */
  problem: string | null;
}

export function generateApiKey(): string {
  return `sk-${randomUUID().replaceAll('-', '')}`;
}

export async function readGuiConfig(dataDir: string): Promise<GuiConfigRead> {
  const path = join(dataDir, GUI_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { document: {}, proxy: {}, problem: null };
    return { document: {}, proxy: {}, problem: `${path}: cannot read (${(error as Error).message})` };
  }
  const cleaned = text.replace(/^\uFEFF/, '').replace(/^\0+/, '');
  if (cleaned.trim() === '') return { document: {}, proxy: {}, problem: null };
  let document: unknown;
  try {
    document = JSON.parse(cleaned);
  } catch (error) {
    return { document: {}, proxy: {}, problem: `${path}: invalid JSON (${(error as Error).message})` };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { document: {}, proxy: {}, problem: `${path}: expected a JSON object` };
  }
  const record = document as Record<string, unknown>;
  const parsed = proxyFileSectionSchema.safeParse(record.proxy ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { document: record, proxy: {}, problem: `${path}: proxy.${issue?.path.join('.')}: ${issue?.message}` };
  }
  return { document: record, proxy: parsed.data, problem: null };
}

/**
 * Read-modify-write of the `proxy` section: re-reads the file so edits made meanwhile (by the desktop app or
 * another agt) survive, applies `patch`, writes atomically. Refuses to touch a file it cannot parse.
 */
export async function updateGuiConfigProxy(dataDir: string, patch: Partial<ProxyFileSection>): Promise<ProxyFileSection> {
  const current = await readGuiConfig(dataDir);
  if (current.problem) throw new Error(`Not saving settings: ${current.problem}`);
  const proxy = { ...(current.document.proxy as Record<string, unknown> | undefined), ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete proxy[key];
  await writeFileAtomic(join(dataDir, GUI_CONFIG_FILE), `${JSON.stringify({ ...current.document, proxy }, null, 2)}\n`);
  return proxyFileSectionSchema.parse(proxy);
}
