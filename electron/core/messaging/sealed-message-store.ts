import type { ClassificationLevel } from '../../../shared/domain/levels.js';
import type { AuditRecorder } from '../audit-recorder.js';
import { DomainError } from '../domain-error.js';
import type { RecordRow, SealedStore, StoredRecord } from '../store/sealed-store.js';
import { indexMessageWords, queryTerms, wordMatch } from './message-search-index.js';
import { ensureMessageTables, MESSAGES, searchableTexts } from './message-store-schema.js';
import type { ReceivedMessage } from './cms-message-reader.js';
import { PRECEDENCES, type Precedence } from './message-attributes.js';
import type { AttachmentRef } from './messaging-ports.js';
import { matchesAllTerms } from './search-text.js';

/** What the reader made of a message: trusted, or quarantined with the reason (a MessageProblem). */
export type MessageVerdict = { readonly trusted: true } | { readonly trusted: false; readonly problem: string };

export interface InboxMessage {
  /** The content identifier (Message-ID), also the Nats-Msg-Id it travelled under. */
  readonly messageId: string;
  readonly subject: string;
  readonly body: string;
  /** The signer as shown: name (and the certificate's fingerprint apart). */
  readonly sender: string;
  readonly senderFingerprint: string | undefined;
  readonly classification: ClassificationLevel;
  readonly precedence: Precedence;
  readonly receivedAt: string;
  readonly expiresAt: string;
  readonly receiptRequested: boolean;
  readonly verdict: MessageVerdict;
  /** The message this one answers, and its thread (oldest first). */
  readonly inReplyTo?: string | undefined;
  readonly references?: readonly string[] | undefined;
  /**
   * The signed message exactly as received (the CMS SignedData inside the envelope, DER): its
   * signature can be verified again at any time without the token, and it is what a forward carries.
   */
  readonly signedData: Uint8Array;
  /** The attachments the signed text names (where in the object store, what digest); absent in records from before. */
  readonly attachments?: readonly AttachmentRef[] | undefined;
  /** The forwarded originals the signed text carries (SignedData DER, each verified again when opened); absent in records from before. */
  readonly forwarded?: readonly Uint8Array[] | undefined;
}

/** The sealed form: the same, with the SignedData and the forwarded originals in base64 inside the sealed JSON. */
export type StoredMessage = Omit<InboxMessage, 'signedData' | 'forwarded'> & { readonly signedData: string; readonly forwarded?: readonly string[] | undefined };

export interface MessagePage {
  readonly messages: (InboxMessage & { readonly id: number })[];
  /** Give it back for the next page; absent on the last one. */
  readonly next: string | undefined;
}

interface PageRow extends RecordRow {
  rank: number;
  received_at: string;
}

const PAGE_COLUMNS = 'r.id, r.collection, r.created_at, r.generation, r.body, o.rank, o.received_at FROM message_order o JOIN records r ON r.id = o.record_id';
const PAGE_ORDER = 'ORDER BY o.rank DESC, o.received_at DESC, o.record_id DESC LIMIT ?';
/** A screen shows tens; a page of thousands would decrypt them all at once. */
export const MAX_PAGE = 200;

/**
 * The inbox of the live zone's sealed store: each message sealed whole (text, verdict, CMS bytes),
 * ordered by a clear precedence rank and time, found by blind word tokens (message-search-index.ts).
 * Holds no plaintext between calls: a lock leaves nothing to read. A sealed value or a rank altered
 * on disk is refused (store.tampered) and audited.
 */
export class SealedMessageStore {
  constructor(
    private readonly store: SealedStore,
    private readonly audit: AuditRecorder,
  ) {
    ensureMessageTables(store);
  }

  /** Stores a received message once: the same message id fetched again returns the first record. */
  add(message: InboxMessage): number {
    const keys = this.store.keysFor();
    const existing = this.store.find<StoredMessage>(MESSAGES, message.messageId)[0];
    if (existing !== undefined) return existing.id;
    const stored = storedMessage(message);
    return this.store.transaction(() => {
      const id = this.store.put(MESSAGES, stored, message.messageId);
      this.store.database.prepare('INSERT INTO message_order (record_id, rank, received_at) VALUES (?, ?, ?)').run(id, PRECEDENCES.indexOf(message.precedence), message.receivedAt);
      indexMessageWords(this.store.database, id, searchableTexts(message), keys, this.store.generation);
      return id;
    });
  }

  byMessageId(messageId: string): (InboxMessage & { readonly id: number }) | undefined {
    const record = this.#audited(() => this.store.find<StoredMessage>(MESSAGES, messageId)[0]);
    return record === undefined ? undefined : { id: record.id, ...inboxMessage(record.value) };
  }

  /** One page of the inbox, most urgent first, then newest: one statement per page. */
  page(options: { limit: number; after?: string }): MessagePage {
    this.store.keysFor();
    const { sql, params } = afterCursor(options.after);
    const rows = this.store.database.prepare(`SELECT ${PAGE_COLUMNS} ${sql === '' ? '' : `WHERE ${sql}`} ${PAGE_ORDER}`).all(...params, pageLimit(options.limit)) as PageRow[];
    return this.#audited(() => this.#page(rows, options.limit, []));
  }

  /**
   * Messages holding every word of `query` (each a prefix of a word, diacritics and case ignored),
   * in inbox order, one statement per page; only the matches are decrypted, and each is checked
   * again on its text (a truncated-token collision or an altered index row is not returned).
   */
  search(query: string, options: { limit: number; after?: string }): MessagePage {
    this.store.keysFor();
    const terms = queryTerms(query);
    if (terms.length === 0) return { messages: [], next: undefined };
    const match = wordMatch(this.store, terms, this.store.unlockedGenerations);
    const cursor = afterCursor(options.after);
    const where = [`o.record_id IN (${match.sql})`, ...(cursor.sql === '' ? [] : [cursor.sql])].join(' AND ');
    const rows = this.store.database.prepare(`SELECT ${PAGE_COLUMNS} WHERE ${where} ${PAGE_ORDER}`).all(...match.params, ...cursor.params, pageLimit(options.limit)) as PageRow[];
    return this.#audited(() => this.#page(rows, options.limit, terms));
  }

  delete(messageId: string): boolean {
    return this.store.transaction(() => this.store.find(MESSAGES, messageId).filter((record) => this.store.delete(record.id)).length > 0);
  }

  #audited<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof DomainError && error.code === 'store.tampered') this.audit.record('message.storeTampered', 'refused', { code: error.code });
      throw error;
    }
  }

  #page(rows: readonly PageRow[], limit: number, terms: readonly string[]): MessagePage {
    // The whole page opened in one call into the cipher (a damaged row refuses the page, store.tampered).
    const records = this.store.openRows<StoredMessage>(rows);
    const messages = rows.flatMap((row, index) => {
      const record = records[index] as StoredRecord<StoredMessage>;
      // The rank is clear on disk for the ordering; one that disagrees with the sealed value was altered.
      if (PRECEDENCES.indexOf(record.value.precedence) !== row.rank || record.value.receivedAt !== row.received_at) throw new DomainError('store.tampered');
      if (terms.length > 0 && !matchesAllTerms(searchableTexts(record.value), terms)) return [];
      return [{ id: record.id, ...inboxMessage(record.value) }];
    });
    const last = rows.at(-1);
    return { messages, next: rows.length < limit || last === undefined ? undefined : cursorOf(last) };
  }
}

/** A message the reader verified, as the inbox keeps it. */
export function inboxMessageOf(received: ReceivedMessage, receivedAt: Date): InboxMessage {
  return {
    messageId: received.text.messageId,
    subject: received.text.subject,
    body: received.text.body,
    sender: received.signer.subject.commonName ?? received.signer.subject.display,
    senderFingerprint: received.signer.fingerprint,
    classification: received.classification,
    precedence: received.precedence,
    receivedAt: receivedAt.toISOString(),
    expiresAt: received.expiresAt.toISOString(),
    receiptRequested: received.receiptRequest !== undefined,
    verdict: { trusted: true },
    inReplyTo: received.text.inReplyTo,
    references: received.text.references,
    signedData: received.signedData,
    attachments: received.text.attachments ?? [],
    forwarded: (received.text.forwarded ?? []).map((original) => new Uint8Array(original)),
  };
}

function pageLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new RangeError(`a page holds 1 to ${MAX_PAGE} messages`);
  return limit;
}

/** The sealed JSON of a message (bytes as base64). */
function storedMessage(message: InboxMessage): StoredMessage {
  const { forwarded, ...rest } = message;
  return { ...rest, signedData: Buffer.from(message.signedData).toString('base64'), ...(forwarded === undefined ? {} : { forwarded: forwarded.map((original) => Buffer.from(original).toString('base64')) }) };
}

/** A sealed record read back; one from before attachments were kept has none. */
export function inboxMessage(stored: StoredMessage): InboxMessage {
  const { forwarded, ...rest } = stored;
  const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
  return { ...rest, signedData: fromBase64(stored.signedData), attachments: stored.attachments ?? [], forwarded: (forwarded ?? []).map(fromBase64) };
}

/** A cursor is the last row's sort key: rank, reception time, record id (base64url JSON). */
function cursorOf(row: PageRow): string {
  return Buffer.from(JSON.stringify([row.rank, row.received_at, row.id])).toString('base64url');
}

function afterCursor(cursor: string | undefined): { sql: string; params: (number | string)[] } {
  if (cursor === undefined) return { sql: '', params: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[0] !== 'number' || typeof parsed[1] !== 'string' || typeof parsed[2] !== 'number') throw new TypeError('not a message page cursor');
  return { sql: '(o.rank, o.received_at, o.record_id) < (?, ?, ?)', params: parsed as [number, string, number] };
}
