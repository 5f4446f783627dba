import type { AccountFile } from '../accounts/account-schema.js';

/**
 * The quota group a model belongs to, as the desktop app names them in `protected_models`
 * (`claude`, `gemini-3-pro-high`, `gemini-3-flash`, `gemini-3.1-flash-image`, `gemini-3-pro-image`).
 */
export function mapModelToQuotaGroup(model: string): string | null {
  const name = model.toLowerCase();
  if (name.includes('image')) return name.includes('flash') ? 'gemini-3.1-flash-image' : 'gemini-3-pro-image';
  if (name.includes('flash')) return 'gemini-3-flash';
  if (name.includes('pro')) return 'gemini-3-pro-high';
  if (/claude|opus|sonnet|haiku/.test(name)) return 'claude';
  return null;
}

/**
 * The default quota-protection hook: an account whose file lists the model's group in `protected_models`
 * (written by the desktop app's quota protection) is held back for that model only.
 */
export function isQuotaProtected(account: AccountFile, model: string): boolean {
  const protectedModels = account.protected_models;
  if (!protectedModels || protectedModels.length === 0) return false;
  const group = mapModelToQuotaGroup(model);
  return group !== null && protectedModels.includes(group);
}
