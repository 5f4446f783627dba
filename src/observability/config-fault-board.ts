import { EventEmitter } from 'node:events';
import { redactSecrets } from '../shared/redact.js';

/**
 * Faults of agt's own configuration that no account can fix — today the client version Google refuses — kept in one
 * place so the log says each one once, loudly, and the dashboard shows it until it is gone (like a rejected OAuth
 * client, which is a configuration fault too, but this one belongs to no account).
 */
export type ConfigFaultKind = 'client_version';

export interface ConfigFault {
  kind: ConfigFaultKind;
  /** What the user should do, naming the setting. */
  message: string;
  /** Google's own words. */
  upstreamMessage: string;
  /** Unix milliseconds. */
  firstAt: number;
  lastAt: number;
  /** Requests that met the fault since it appeared. */
  count: number;
}

export interface ConfigFaultLogger {
  error(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

/** Emits `change` when a fault appears or is resolved (not on every repeat). */
export class ConfigFaultBoard extends EventEmitter {
  private readonly faults = new Map<ConfigFaultKind, ConfigFault>();

  constructor(
    private readonly logger: ConfigFaultLogger,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  /** Records one occurrence; the first of an episode (or one with a new message) is logged at error level. */
  report(kind: ConfigFaultKind, message: string, upstreamMessage: string): void {
    const at = this.now();
    const existing = this.faults.get(kind);
    if (existing !== undefined && existing.message === message) {
      existing.count += 1;
      existing.lastAt = at;
      return;
    }
    const fault: ConfigFault = { kind, message, upstreamMessage: redactSecrets(upstreamMessage).slice(0, 500), firstAt: at, lastAt: at, count: 1 };
    this.faults.set(kind, fault);
    this.logger.error({ event: 'config-fault', kind, upstream: fault.upstreamMessage }, message);
    this.emit('change', this.list());
  }

  /** The fault is gone (a request succeeded, or the setting changed). */
  resolve(kind: ConfigFaultKind, reason: string): void {
    const existing = this.faults.get(kind);
    if (existing === undefined) return;
    this.faults.delete(kind);
    this.logger.info({ event: 'config-fault-resolved', kind, occurrences: existing.count }, `Configuration fault resolved (${kind}): ${reason}`);
    this.emit('change', this.list());
  }

  has(kind: ConfigFaultKind): boolean {
    return this.faults.has(kind);
  }

  get size(): number {
    return this.faults.size;
  }

  list(): ConfigFault[] {
    return [...this.faults.values()].map((fault) => ({ ...fault }));
  }
}
