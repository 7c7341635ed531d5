import type { Precedence } from './message-attributes.js';
import type { SealedStore } from '../store/sealed-store.js';
import { OUTBOX } from './message-store-schema.js';

export type OutboxState = 'queued' | 'sending' | 'sent';

export interface OutboxEntry {
  /** The message's content identifier, published as Nats-Msg-Id: JetStream stores a re-send once. */
  readonly messageId: string;
  readonly state: OutboxState;
  /** The enveloped CMS message, made (signed, encrypted) once at compose time. */
  readonly message: Uint8Array;
  /** The recipients' inbox subjects or fingerprints, as the transport needs them. */
  readonly recipients: readonly string[];
  readonly precedence: Precedence;
  readonly queuedAt: string;
  readonly attempts: number;
  readonly sentAt: string | undefined;
}

type SealedEntry = Omit<OutboxEntry, 'message'> & { readonly message: string };

/**
 * Composed messages waiting to be sent, sealed. A message is made once, so every attempt — after a
 * disconnect or a crash in the middle of a send — publishes the SAME bytes under the SAME id, and
 * the server's de-duplication stores it once; a sent entry is never handed out again.
 */
export class SealedOutbox {
  constructor(private readonly store: SealedStore) {}

  /** Queues a message; queuing the same message id again changes nothing. */
  enqueue(entry: { readonly messageId: string; readonly message: Uint8Array; readonly recipients: readonly string[]; readonly precedence: Precedence; readonly queuedAt: string }): void {
    this.store.transaction(() => {
      if (this.#record(entry.messageId) !== undefined) return;
      this.#put({ ...entry, state: 'queued', attempts: 0, sentAt: undefined });
    });
  }

  /** What is left to send, oldest first: queued entries, and those a crash left in `sending`. */
  pending(): OutboxEntry[] {
    return this.store
      .list<SealedEntry>(OUTBOX)
      .map((record) => entryOf(record.value))
      .filter((entry) => entry.state !== 'sent')
      .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  /** Marks an attempt before publishing; undefined when the message is already sent (nothing to do). */
  beginSend(messageId: string): OutboxEntry | undefined {
    return this.store.transaction(() => {
      const entry = this.#entry(messageId);
      if (entry === undefined || entry.state === 'sent') return undefined;
      return this.#replace(entry, { state: 'sending', attempts: entry.attempts + 1 });
    });
  }

  /** After the server acknowledged the publish. */
  markSent(messageId: string, sentAt: string): void {
    this.store.transaction(() => {
      const entry = this.#entry(messageId);
      if (entry === undefined || entry.state === 'sent') return;
      this.#replace(entry, { state: 'sent', sentAt });
    });
  }

  get(messageId: string): OutboxEntry | undefined {
    return this.#entry(messageId);
  }

  #record(messageId: string) {
    return this.store.find<SealedEntry>(OUTBOX, messageId)[0];
  }

  #entry(messageId: string): OutboxEntry | undefined {
    const record = this.#record(messageId);
    return record === undefined ? undefined : entryOf(record.value);
  }

  /** The store has no update: the old record goes and the new one comes in the caller's transaction. */
  #replace(entry: OutboxEntry, change: Partial<OutboxEntry>): OutboxEntry {
    const record = this.#record(entry.messageId);
    if (record !== undefined) this.store.delete(record.id);
    const next = { ...entry, ...change };
    this.#put(next);
    return next;
  }

  #put(entry: OutboxEntry): void {
    const sealed: SealedEntry = { ...entry, message: Buffer.from(entry.message).toString('base64') };
    this.store.put(OUTBOX, sealed, entry.messageId);
  }
}

function entryOf(sealed: SealedEntry): OutboxEntry {
  return { ...sealed, message: new Uint8Array(Buffer.from(sealed.message, 'base64')), sentAt: sealed.sentAt ?? undefined };
}
