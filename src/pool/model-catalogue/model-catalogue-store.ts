import { EventEmitter } from 'node:events';
import type { ModelCatalogue } from '../../protocols/model-routing/index.js';

/**
 * Every account's model catalogue, in memory: the last `fetchAvailableModels` answer read whole (per model its
 * limits, capabilities and `quotaInfo`, with the fetch time), so routing, the upstream limit passes and the quota
 * features read one fetch. Nothing here is written to the account files.
 *
 * Events: `change` (accountId) after a catalogue is stored or dropped.
 */
export class ModelCatalogueStore extends EventEmitter {
  private readonly byAccount = new Map<string, ModelCatalogue>();

  get(accountId: string): ModelCatalogue | undefined {
    return this.byAccount.get(accountId);
  }

  set(accountId: string, catalogue: ModelCatalogue): void {
    this.byAccount.set(accountId, catalogue);
    this.emit('change', accountId);
  }

  delete(accountId: string): void {
    if (this.byAccount.delete(accountId)) this.emit('change', accountId);
  }

  /** The fetch time of the account's catalogue (ms), or undefined when none is known. */
  fetchedAt(accountId: string): number | undefined {
    return this.byAccount.get(accountId)?.fetchedAtMs;
  }

  entries(): IterableIterator<[string, ModelCatalogue]> {
    return this.byAccount.entries();
  }
}
