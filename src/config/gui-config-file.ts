import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireFileLock } from '../shared/file-lock.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { guiConfigTopLevelSchema, proxyFileSectionSchema, type GuiConfigTopLevel, type ProxyFileSection } from './config-schema.js';

export const GUI_CONFIG_FILE = 'gui_config.json';
const LOCK_TIMEOUT_MS = 10_000;

export interface GuiConfigRead {
  /** The whole file (unknown keys kept), or {} when missing. */
  document: Record<string, unknown>;
  proxy: ProxyFileSection;
  /** The top-level keys agt reads besides `proxy` (`quota_protection`, `auto_refresh`, `refresh_interval`). */
  top: GuiConfigTopLevel;
  /** Set when the file exists but cannot be used; agt then runs on defaults and never overwrites it. */
  problem: string | null;
}

export function generateApiKey(): string {
  return `sk-${randomUUID().replaceAll('-', '')}`;
}

function unusable(problem: string, document: Record<string, unknown> = {}): GuiConfigRead {
  return { document, proxy: {}, top: {}, problem };
}

export async function readGuiConfig(dataDir: string): Promise<GuiConfigRead> {
  const path = join(dataDir, GUI_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { document: {}, proxy: {}, top: {}, problem: null };
    return unusable(`${path}: cannot read (${(error as Error).message})`);
  }
  const cleaned = text.replace(/^\uFEFF/, '').replace(/^\0+/, '');
  if (cleaned.trim() === '') return { document: {}, proxy: {}, top: {}, problem: null };
  let document: unknown;
  try {
    document = JSON.parse(cleaned);
  } catch (error) {
    return unusable(`${path}: invalid JSON (${(error as Error).message})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return unusable(`${path}: expected a JSON object`);
  }
  const record = document as Record<string, unknown>;
  const parsed = proxyFileSectionSchema.safeParse(record.proxy ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return unusable(`${path}: proxy.${issue?.path.join('.')}: ${issue?.message}`, record);
  }
  const top = guiConfigTopLevelSchema.safeParse(record);
  if (!top.success) {
    const issue = top.error.issues[0];
    return unusable(`${path}: ${issue?.path.join('.')}: ${issue?.message}`, record);
  }
  return { document: record, proxy: parsed.data, top: top.data, problem: null };
}

/**
 * Read-modify-write of `gui_config.json` under the cross-process lock `gui_config.json.lock` (the CLI and a running
 * gateway may both write): re-reads the file so edits made meanwhile (by the desktop app or another agt) survive,
 * lets `mutate` change the parsed document in place, validates the result and writes it atomically. Refuses to touch
 * a file it cannot parse, and writes nothing when the result would not validate.
 */
export async function updateGuiConfig(dataDir: string, mutate: (document: Record<string, unknown>) => void): Promise<GuiConfigRead> {
  const path = join(dataDir, GUI_CONFIG_FILE);
  const lock = await acquireFileLock(`${path}.lock`, { timeoutMs: LOCK_TIMEOUT_MS });
  try {
    const current = await readGuiConfig(dataDir);
    if (current.problem) throw new Error(`Not saving settings: ${current.problem}`);
    const document = structuredClone(current.document);
    mutate(document);
    const proxy = proxyFileSectionSchema.safeParse(document.proxy ?? {});
    const top = guiConfigTopLevelSchema.safeParse(document);
    const issue = !proxy.success ? proxy.error.issues[0] : !top.success ? top.error.issues[0] : undefined;
    if (issue !== undefined || !proxy.success || !top.success) {
      const where = !proxy.success ? `proxy.${issue?.path.join('.')}` : (issue?.path.join('.') ?? '');
      throw new Error(`Not saving settings: ${where}: ${issue?.message}`);
    }
    await writeFileAtomic(path, `${JSON.stringify(document, null, 2)}\n`);
    return { document, proxy: proxy.data, top: top.data, problem: null };
  } finally {
    await lock.release();
  }
}

/** Sets (or, for `undefined` values, deletes) keys of the `proxy` section; everything else in the file is kept. */
export async function updateGuiConfigProxy(dataDir: string, patch: Partial<ProxyFileSection>): Promise<ProxyFileSection> {
  const written = await updateGuiConfig(dataDir, (document) => {
    const proxy = { ...(document.proxy as Record<string, unknown> | undefined), ...patch };
    for (const [key, value] of Object.entries(patch)) if (value === undefined) delete proxy[key];
    document.proxy = proxy;
  });
  return written.proxy;
}
