import type { AuditLog } from './audit-log.js';
import type { AuditKind, AuditResult, RecordedDetails } from './audit-entry.js';
import type { TokenSigner } from '../signing/token-signer.js';
import type { InboxEvent } from './audit-inbox.js';

/** The locked-time mailbox (audit-inbox.ts), as the vault offers it. */
export interface AuditInboxPort {
  /** Seals the event to the inbox public key and writes it; false when there is no inbox yet (first run). */
  deposit(event: InboxEvent): boolean;
  /** Moves every waiting event into the log (called at unlock). */
  drain(append: (event: InboxEvent) => void): number;
}

export interface AuditTrailLog {
  event(name: string, fields: Record<string, string | number | boolean>): void;
}

/** Most events a locked workstation keeps in memory for the log; older ones are counted, not kept. */
const PENDING_LIMIT = 10_000;
const CHECKPOINT_POLICY = { everyEntries: 50, everyMs: 60 * 60 * 1000 };

type Pending = InboxEvent;

/**
 * Where every security event goes. While unlocked it is appended to the sealed, chained log at
 * once; while locked (wrong PINs, token plugged in or out, the lock itself) the log's key is not
 * in memory, so events go to the inbox — sealed to its public key, on disk at once — and move
 * into the log at the next unlock with the time they happened. Only on a workstation's very first
 * run (no inbox key yet) do events wait in memory. A checkpoint signed by the token follows every
 * unlock and every 50 entries.
 */
export class AuditTrail {
  #log: AuditLog | undefined;
  #signer: TokenSigner | undefined;
  #pending: Pending[] = [];
  #dropped = 0;
  #checkpointing = false;
  readonly #observers = new Set<() => void>();

  constructor(
    private readonly diagnostics: AuditTrailLog,
    private readonly inbox: () => AuditInboxPort | undefined = () => undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Told after every event recorded (to the log or the inbox): the guided tour looks at the log again. */
  observe(observer: () => void): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  record(kind: AuditKind, result: AuditResult, details: RecordedDetails = {}): void {
    try {
      this.#record(kind, result, details);
    } finally {
      for (const observer of this.#observers) observer();
    }
  }

  #record(kind: AuditKind, result: AuditResult, details: RecordedDetails): void {
    const log = this.#log;
    if (log === undefined) {
      const event = { kind, result, details, occurredAt: this.now().toISOString() };
      try {
        if (this.inbox()?.deposit(event) === true) return;
      } catch (error) {
        this.diagnostics.event('audit.inboxFailed', { kind, error: error instanceof Error ? error.message : String(error) });
      }
      if (this.#pending.length >= PENDING_LIMIT) {
        this.#pending.shift();
        this.#dropped++;
      }
      this.#pending.push(event);
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
  async attach(log: AuditLog, signer: TokenSigner): Promise<void> {
    this.#log = log;
    this.#signer = signer;
    try {
      this.inbox()?.drain((event) => this.#appendLate(log, event));
    } catch (error) {
      this.diagnostics.event('audit.inboxFailed', { error: error instanceof Error ? error.message : String(error) });
    }
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
