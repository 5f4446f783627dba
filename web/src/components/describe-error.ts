import { ApiError } from '../api';
import { t } from '../i18n/t';

/** A sentence for an action that failed: the server's message plus its code, or the network failure. */
export function describeError(cause: unknown): string {
  if (cause instanceof ApiError) {
    if (cause.status === 0) return t('error.network', { message: cause.message });
    return cause.code !== undefined ? `${cause.message} (${cause.code})` : cause.message;
  }
  return cause instanceof Error ? cause.message : String(cause);
}
