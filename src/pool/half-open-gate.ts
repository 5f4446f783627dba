/**
 * How long a trial request may hold its account before the gate gives up on it. A trial ends at its first chunk
 * (success) or its failure, so this only matters for a lease nobody released; it is longer than the dispatcher's
 * first-chunk timeout plus a token refresh.
 */
export const TRIAL_TIMEOUT_MS = 180_000;

/**
 * Half-open re-admission of one account (circuit-breaker style): when a cooldown ends — the whole account's, or one
 * model's — the account is not handed to every waiting request at once. The first request to pick it is its trial;
 * while the trial is in flight, other requests for the same model go elsewhere. A success re-admits the account fully;
 * a failure cools it again (the pool does that) and the next cooldown's end opens the gate again; a trial that ends
 * without either (the client left) lets the next request be the trial.
 */
export class HalfOpenGate {
  private accountWide = false;
  /** Allocated on the first model-level cooldown end: most accounts never have one. */
  private models: Set<string> | undefined;
  private trial: { ticket: number; expiresAt: number } | null = null;

  /** A cooldown ended: the next request for `model` (for any model, without one) is a trial. */
  open(model?: string): void {
    if (model === undefined) this.accountWide = true;
    else (this.models ??= new Set()).add(model);
  }

  /** True when requests for `model` must wait for a trial in flight (they go to other accounts). */
  isBusy(model: string, now: number): boolean {
    if (this.trial === null || this.trial.expiresAt <= now) return false;
    return this.accountWide || (this.models?.has(model) ?? false);
  }

  /** A lease for `model` was handed out: it becomes the trial when the gate is open for the model. */
  claim(model: string, ticket: number, now: number): boolean {
    if (!this.accountWide && !(this.models?.has(model) ?? false)) return false;
    this.trial = { ticket, expiresAt: now + TRIAL_TIMEOUT_MS };
    return true;
  }

  /** The account served `model`: fully re-admitted (for it, and account-wide). */
  succeed(model: string): void {
    this.accountWide = false;
    this.models?.delete(model);
    this.trial = null;
  }

  /** The lease `ticket` ended; when it was the trial and did not succeed, the next request becomes the trial. */
  release(ticket: number): void {
    if (this.trial?.ticket === ticket) this.trial = null;
  }

  /** Forgets everything (cooldowns cleared by the user, new credentials). */
  reset(): void {
    this.accountWide = false;
    this.models = undefined;
    this.trial = null;
  }

  /** Whether a trial is pending or in flight for any model (the dashboard and tests). */
  get isOpen(): boolean {
    return this.accountWide || (this.models?.size ?? 0) > 0;
  }
}
