import type { QuotaProtectionSettings } from '../config/config-schema.js';
import { openHalfOpenGate, RATE_LIMIT_CLASSES, selectEntryProtection, type PoolEntry } from './pool-entry.js';
import type { ReadySet } from './ready-set.js';
import type { CandidateState, SelectionView } from './scheduling/index.js';

/** Random draws before the random pick falls back to a scan (most accounts cannot take this request). */
const RANDOM_DRAWS = 8;
const READY: CandidateState = Object.freeze({ kind: 'ready' });
const UNAVAILABLE: CandidateState = Object.freeze({ kind: 'unavailable' });

export interface SelectionContext {
  /** The model the client asked for; the upstream model of every account when `chooseModel` is absent. */
  model: string;
  chooseModel?: (accountId: string) => string | undefined;
  tried: ReadonlySet<string>;
}

/**
 * The live pool as a scheduling strategy sees it for one request (see `scheduling/scheduling-strategy.ts`): whether
 * each account can take the request — eligible, serving the model, not cooling for it, not held back by quota
 * protection, not busy with a half-open trial, not tried yet — plus the rotation and random picks over the accounts
 * that are not cooling (the ready set), the requests in flight and the quota left. Each account's upstream model is
 * chosen once per view.
 */
export class PoolSelectionView implements SelectionView {
  private readonly models = new Map<string, string | undefined>();

  constructor(
    private readonly entries: ReadonlyMap<string, PoolEntry>,
    private readonly ready: ReadySet<PoolEntry>,
    private readonly context: SelectionContext,
    private readonly now: number,
    private readonly protection: QuotaProtectionSettings | undefined,
    private readonly random: () => number,
  ) {}

  /** The upstream model this request would use on the account (undefined: the account serves nothing it can use). */
  modelFor(entry: PoolEntry): string | undefined {
    if (this.context.chooseModel === undefined) return this.context.model;
    if (this.models.has(entry.id)) return this.models.get(entry.id);
    const model = this.context.chooseModel(entry.id);
    this.models.set(entry.id, model);
    return model;
  }

  stateOf(accountId: string): CandidateState {
    const entry = this.entries.get(accountId);
    return entry === undefined ? UNAVAILABLE : this.stateOfEntry(entry);
  }

  stateOfEntry(entry: PoolEntry): CandidateState {
    if (!entry.eligible) return UNAVAILABLE;
    const model = this.modelFor(entry);
    if (model === undefined) return UNAVAILABLE;
    const now = this.now;
    if ((entry.modelsNotFound?.get(model) ?? 0) > now) return UNAVAILABLE;
    const modelUntil = entry.modelCooldowns?.get(model);
    if (entry.cooldownUntil > now) {
      if (entry.cooldownClass === null || !RATE_LIMIT_CLASSES.has(entry.cooldownClass)) return UNAVAILABLE;
      return { kind: 'rate_limited', until: Math.max(entry.cooldownUntil, modelUntil ?? 0) };
    }
    if (modelUntil !== undefined) {
      if (modelUntil > now) return { kind: 'rate_limited', until: modelUntil };
      // The model's cooldown is over: its next request is a half-open trial.
      entry.modelCooldowns?.delete(model);
      openHalfOpenGate(entry, model);
    }
    if (this.protection !== undefined && selectEntryProtection(entry, model, this.protection) !== undefined) return UNAVAILABLE;
    if (entry.halfOpen?.isBusy(model, now) === true || this.context.tried.has(entry.id)) return UNAVAILABLE;
    return READY;
  }

  nextInRotation(): string | undefined {
    return this.ready.next((entry) => this.stateOfEntry(entry) === READY)?.id;
  }

  randomReady(): string | undefined {
    for (let draw = 0; draw < RANDOM_DRAWS; draw++) {
      const entry = this.ready.random(this.random);
      if (entry === undefined) return undefined;
      if (this.stateOfEntry(entry) === READY) return entry.id;
    }
    const start = Math.floor(this.random() * this.ready.size);
    return this.ready.find(start, (entry) => this.stateOfEntry(entry) === READY)?.id;
  }

  inFlight(accountId: string): number {
    return this.entries.get(accountId)?.inFlight ?? 0;
  }

  quotaLeft(accountId: string): number {
    const entry = this.entries.get(accountId);
    if (entry === undefined) return 0;
    const model = this.modelFor(entry);
    return model === undefined ? 0 : (entry.quota.models.get(model)?.percentage ?? 100);
  }
}
