/** Keeps the `sk-` prefix and the last four characters: `sk-••••••••3f9a`. Short values are fully masked. */
export function maskSecret(secret: string): string {
  if (secret === '') return '';
  if (secret.length <= 8) return '•'.repeat(secret.length);
  const prefix = secret.startsWith('sk-') ? 'sk-' : '';
  return `${prefix}${'•'.repeat(8)}${secret.slice(-4)}`;
}
