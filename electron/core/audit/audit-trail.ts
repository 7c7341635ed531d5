import type { AuditLog } from './audit-log.js';
import type { AuditDetails, AuditKind, AuditResult } from './audit-entry.js';
import type { AuditSigner } from './audit-signer.js';

export interface AuditTrailLog {
  event(name: string, fields: Record<string, string | number | boolean>): void;
}

/** Most events a locked workstation keeps in memory for the log; older ones are counted, not kept. */
const PENDING_LIMIT = 10_000;
const CHECKPOINT_POLICY = { everyEntries: 50, everyMs: 60 * 60 * 1000 };

interface Pending {
  readonly kind: AuditKind;
  readonly result: AuditResult;
  readonly details: AuditDetails;
  readonly occurredAt: string;
}

/**
 * Where every security event goes. While unlocked it is appended to the sealed, chained log at
 * once; while locked (wrong PINs, token plugged in or out, the lock itself) the log's key is not
 * in memory, so events wait here and are written at the next unlock, each with the time it
 * happened. Known gap: events of a locked session are lost if the machine dies before an unlock
 * (docs/audit.md). A checkpoint signed by the token follows every unlock and every 50 entries.
 */
export class AuditTrail {
  #log: AuditLog | undefined;
  #signer: AuditSigner | undefined;
  #pending: Pending[] = [];
  #dropped = 0;
  #checkpointing = false;

  constructor(
    private readonly diagnostics: AuditTrailLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(kind: AuditKind, result: AuditResult, details: AuditDetails = {}): void {
    const log = this.#log;
    if (log === undefined) {
      if (this.#pending.length >= PENDING_LIMIT) {
        this.#pending.shift();
        this.#dropped++;
      }
      this.#pending.push({ kind, result, details, occurredAt: this.now().toISOString() });
      return;
    }
    try {
      log.append({ kind, result, details });
    } catch (error) {
      this.diagnostics.event('audit.appendFailed', { kind, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (log.needsCheckpoint(CHECKPOINT_POLICY)) void this.checkpoint();
  }

  /** At unlock: the waiting events first (in order, with their own times), then a signed checkpoint. */
  async attach(log: AuditLog, signer: AuditSigner): Promise<void> {
    this.#log = log;
    this.#signer = signer;
    const pending = this.#pending;
    this.#pending = [];
    for (const event of pending) this.#appendLate(log, event);
    if (this.#dropped > 0) {
      this.diagnostics.event('audit.pendingDropped', { count: this.#dropped });
      this.#dropped = 0;
    }
    await this.checkpoint();
  }

  detach(): void {
    this.#log = undefined;
    this.#signer = undefined;
  }

  async checkpoint(): Promise<void> {
    const log = this.#log;
    const signer = this.#signer;
    if (log === undefined || signer === undefined || this.#checkpointing) return;
    this.#checkpointing = true;
    try {
      await log.checkpoint(signer);
    } catch (error) {
      // A pulled token mid-checkpoint: the next unlock makes a new one.
      this.diagnostics.event('audit.checkpointFailed', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.#checkpointing = false;
    }
  }

  #appendLate(log: AuditLog, event: Pending): void {
    try {
      log.append({ kind: event.kind, result: event.result, details: { ...event.details, occurredAt: event.occurredAt, recordedLate: true } });
    } catch (error) {
      this.diagnostics.event('audit.appendFailed', { kind: event.kind, error: error instanceof Error ? error.message : String(error) });
    }
  }
}
