/** What the upstream (or a proxy in front of it) says when a request body is too big for it. */
const SIZE_REFUSAL = /request (?:entity |payload )?(?:is )?too large|payload (?:is )?too large|payload size exceeds|maximum request body size|request body size \S+ exceed|request_too_large|exceeds the maximum (?:allowed )?(?:request |payload )?size/i;

/**
 * Whether the upstream refused a request for its size (413, or a size message with any status). Such a refusal is
 * the request's own: another account would refuse it the same way, so it is answered at once (413) instead of
 * being sent — a copy of a large body each time — to the next account.
 */
export function isSizeRefusal(status: number, message: string): boolean {
  return status === 413 || SIZE_REFUSAL.test(message);
}
