import type { ErrorCode } from '../../../shared/ipc/errors.js';
import type { AuditRecorder } from '../audit-recorder.js';
import { DomainError } from '../domain-error.js';
import type { Inbox } from './inbox.js';
import type { MessageTrackingStore } from './message-tracking-store.js';
import type { OutboxEntry, SealedOutbox } from './sealed-outbox.js';
import type { SentMessageStore } from './sent-message-store.js';

/** What one flush did; `stopped` says why it left the rest queued (the server down, the connection gone). */
export interface FlushResult {
  /** Entries every recipient of which the server now holds (or refused for good). */
  readonly sent: number;
  /** Entries still waiting, for the next flush. */
  readonly left: number;
  readonly stopped: ErrorCode | undefined;
}

/**
 * The Nats-Msg-Id of one recipient's copy. JetStream de-duplicates by id across the whole stream,
 * not per subject, so the copies of one message to several inboxes need an id each; the same copy
 * re-sent after a crash has the same id, and the server stores it once (docs/messaging.md "Sending").
 */
export function copyId(messageId: string, recipient: string): string {
  return `${messageId}/${recipient}`;
}

/** A server refusal that retrying will not change: that recipient's copy fails, the others go on. */
const REFUSED_FOR_GOOD: readonly ErrorCode[] = ['messaging.permissionDenied', 'messaging.recipientInvalid'];

/**
 * Sends the sealed outbox: composed messages and signed receipts alike, oldest first, each copy to
 * its recipient's inbox under its own id. `beginSend` before publishing and `markSent` after the
 * last copy was acknowledged make it exactly once across disconnects and crashes (docs/
 * messaging-store.md "Outbox"); a composed message's recipients already acknowledged (`stored`) are
 * not published again, so even a retry after the server's duplicate window duplicates nothing.
 * Called on every (re)connect and after each compose; flushes run one after another.
 */
export class OutboxSender {
  #running: Promise<unknown> = Promise.resolve();
  readonly #now: () => Date;

  constructor(
    private readonly options: {
      readonly outbox: SealedOutbox;
      readonly sent: SentMessageStore;
      readonly tracking: MessageTrackingStore;
      readonly audit: AuditRecorder;
      readonly now?: () => Date;
    },
  ) {
    this.#now = options.now ?? (() => new Date());
  }

  flush(inbox: Pick<Inbox, 'publish'>): Promise<FlushResult> {
    const next = this.#running.then(() => this.#flush(inbox));
    this.#running = next.catch(() => undefined);
    return next;
  }

  /** Messages and receipts not yet acknowledged by the server (the Messages screen's outbox count). */
  waiting(): number {
    return this.options.outbox.pending().length;
  }

  async #flush(inbox: Pick<Inbox, 'publish'>): Promise<FlushResult> {
    const pending = this.options.outbox.pending();
    let sent = 0;
    for (const [index, queued] of pending.entries()) {
      const entry = this.options.outbox.beginSend(queued.messageId);
      if (entry === undefined) continue;
      const stopped = await this.#send(inbox, entry);
      if (stopped !== undefined) return { sent, left: pending.length - index, stopped };
      this.options.outbox.markSent(entry.messageId, this.#now().toISOString());
      sent += 1;
    }
    return { sent, left: 0, stopped: undefined };
  }

  /** Publishes each copy not yet acknowledged; undefined when the entry is done, else why it stopped. */
  async #send(inbox: Pick<Inbox, 'publish'>, entry: OutboxEntry): Promise<ErrorCode | undefined> {
    const record = this.options.sent.get(entry.messageId);
    const fingerprintOf = new Map(record?.recipients.map((recipient) => [recipient.inbox, recipient.fingerprint]));
    const settled = new Set(this.options.tracking.deliveryOf(entry.messageId).filter((delivery) => delivery.state !== 'queued').map((delivery) => delivery.recipient));
    let failed = 0;
    let refusal: ErrorCode | undefined;
    for (const recipient of entry.recipients) {
      const fingerprint = fingerprintOf.get(recipient);
      if (fingerprint !== undefined && settled.has(fingerprint)) continue;
      try {
        await inbox.publish(recipient, entry.precedence, copyId(entry.messageId, recipient), entry.message);
      } catch (error) {
        const code = error instanceof DomainError ? error.code : 'messaging.unreachable';
        if (!REFUSED_FOR_GOOD.includes(code)) return code;
        failed += 1;
        refusal = code;
        this.#deliver(entry.messageId, fingerprint, 'failed', code);
        continue;
      }
      this.#deliver(entry.messageId, fingerprint, 'stored', undefined);
    }
    this.options.audit.record('message.sent', failed === 0 ? 'ok' : 'failed', { recipients: entry.recipients.length - failed, messageId: entry.messageId, ...(refusal === undefined ? {} : { code: refusal }) });
    return undefined;
  }

  /** Receipts have no sent record (fingerprint undefined): the server's de-duplication alone covers them. */
  #deliver(messageId: string, fingerprint: string | undefined, state: 'stored' | 'failed', reason: ErrorCode | undefined): void {
    if (fingerprint === undefined) return;
    this.options.tracking.setDelivery({ messageId, recipient: fingerprint, state, at: this.#now().toISOString(), ...(reason === undefined ? {} : { reason }) });
  }
}
