import { declareIndexedCollection, type LookupDerivations } from '../store/data-key-rotation.js';
import type { SealedStore } from '../store/sealed-store.js';
import { ensureSearchTable, indexMessageWords } from './message-search-index.js';
import type { StoredMessage } from './sealed-message-store.js';
import { CREDENTIALS_LOOKUPS } from './sealed-credentials-store.js';

export const MESSAGES = 'messages';
export const RECEIPTS = 'messageReceipts';
export const DELIVERY = 'messageDelivery';
export const OUTBOX = 'outbox';
/** First opening of a message (message-marks.ts). */
export const READ_MARKS = 'messageReads';
/** Trusted messages by thread root (message-marks.ts). */
export const THREADS = 'messageThreads';
/** The sender's record of each composed message, and its signed copy (sent-message-store.ts). */
export const SENT = 'messagesSent';
export const SENT_SIGNED = 'messagesSentSigned';

/** The texts a message is searched by, in the order their words are indexed (the bound keeps the first). */
export const searchableTexts = (message: Pick<StoredMessage, 'subject' | 'sender' | 'body'>): string[] => [message.subject, message.sender, message.body];

/**
 * The messaging tables beside the store's records, in the zone's file (docs/messaging-store.md).
 * `message_order` holds each inbox message's precedence rank and reception time in clear, so a
 * page is one indexed query; the rank is checked against the sealed value on every read.
 */
export function ensureMessageTables(store: SealedStore): void {
  const db = store.database;
  declareIndexedCollection(store, MESSAGES);
  db.exec(`
    CREATE TABLE IF NOT EXISTS message_order (
      record_id INTEGER PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
      rank INTEGER NOT NULL,
      received_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS message_order_page ON message_order (rank DESC, received_at DESC, record_id DESC);
  `);
  ensureSearchTable(db);
}

/**
 * How a key rotation makes the messaging indexes again under the new key: the messages' id lookup
 * and word tokens, the receipts', delivery states', outbox entries', read marks' and sent records'
 * message id, the thread links' thread id, the credentials' official.
 */
export const MESSAGE_STORE_LOOKUPS: LookupDerivations = {
  [MESSAGES]: {
    lookup: (value) => (value as StoredMessage).messageId,
    reindex: (record, keys, generation, db) => indexMessageWords(db, record.id, searchableTexts(record.value as StoredMessage), keys, generation),
  },
  [RECEIPTS]: (value) => (value as { messageId: string }).messageId,
  [DELIVERY]: (value) => (value as { messageId: string }).messageId,
  [OUTBOX]: (value) => (value as { messageId: string }).messageId,
  [READ_MARKS]: (value) => (value as { messageId: string }).messageId,
  [THREADS]: (value) => (value as { threadId: string }).threadId,
  ...CREDENTIALS_LOOKUPS,
  [SENT]: (value) => (value as { messageId: string }).messageId,
  [SENT_SIGNED]: (value) => (value as { messageId: string }).messageId,
};
