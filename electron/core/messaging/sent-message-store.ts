import type { ClassificationLevel } from '../../../shared/domain/levels.js';
import type { SealedStore } from '../store/sealed-store.js';
import type { Precedence } from './message-attributes.js';
import { SENT, SENT_SIGNED } from './message-store-schema.js';

/** One addressee of a sent message: the directory's fingerprint and name, and the inbox it goes to. */
export interface SentRecipient {
  readonly fingerprint: string;
  readonly name: string;
  /** messagingIdOf(their certificate): the inbox subject token. */
  readonly inbox: string;
}

/** What the Sent view lists; the signed copy is kept apart so a page decrypts no message bodies. */
export interface SentMessage {
  readonly messageId: string;
  readonly subject: string;
  readonly classification: ClassificationLevel;
  readonly precedence: Precedence;
  readonly queuedAt: string;
  readonly recipients: readonly SentRecipient[];
}

interface SealedSignedCopy {
  readonly messageId: string;
  /** The SignedData as signed (DER, base64): a receipt is checked against its signature and attributes. */
  readonly signedData: string;
}

/** A Sent page cursor: the last entry's queuedAt and record id. */
export interface SentPage {
  readonly messages: (SentMessage & { readonly id: number })[];
  readonly next: string | undefined;
}

/**
 * The sender's own record of what was composed (docs/messaging-store.md "Sent"), sealed in the zone's
 * store beside the outbox: the addressees with their names (the directory may forget them later)
 * and the signed content, so a receipt that comes back days later can be verified against it.
 */
export class SentMessageStore {
  constructor(private readonly store: SealedStore) {}

  /** In the caller's transaction with the outbox entry: both or neither. */
  add(message: SentMessage, signedData: Uint8Array): void {
    if (this.store.find(SENT, message.messageId).length > 0) return;
    this.store.put(SENT, message, message.messageId);
    this.store.put(SENT_SIGNED, { messageId: message.messageId, signedData: Buffer.from(signedData).toString('base64') } satisfies SealedSignedCopy, message.messageId);
  }

  get(messageId: string): SentMessage | undefined {
    return this.store.find<SentMessage>(SENT, messageId)[0]?.value;
  }

  signedData(messageId: string): Uint8Array | undefined {
    const kept = this.store.find<SealedSignedCopy>(SENT_SIGNED, messageId)[0];
    return kept === undefined ? undefined : new Uint8Array(Buffer.from(kept.value.signedData, 'base64'));
  }

  /** Newest first. The list is small (what one official sent from this zone), opened whole per page. */
  page(options: { readonly limit: number; readonly after?: string | undefined }): SentPage {
    const after = options.after === undefined ? undefined : cursorKey(options.after);
    const all = this.store
      .list<SentMessage>(SENT)
      .map((record) => ({ id: record.id, ...record.value }))
      .sort((a, b) => b.queuedAt.localeCompare(a.queuedAt) || b.id - a.id)
      .filter((message) => after === undefined || message.queuedAt < after.queuedAt || (message.queuedAt === after.queuedAt && message.id < after.id));
    const messages = all.slice(0, options.limit);
    const last = messages.at(-1);
    return { messages, next: all.length > options.limit && last !== undefined ? Buffer.from(JSON.stringify([last.queuedAt, last.id])).toString('base64url') : undefined };
  }
}

function cursorKey(cursor: string): { queuedAt: string; id: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'number') throw new TypeError('not a sent page cursor');
  return { queuedAt: parsed[0], id: parsed[1] };
}
