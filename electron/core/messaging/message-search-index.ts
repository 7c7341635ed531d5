import { createHmac } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database.js';
import type { SealedStore } from '../store/sealed-store.js';
import type { StoreKeys } from '../store/store-keys.js';
import { distinctWords, normalisedWords } from './search-text.js';

/** At most this many distinct words of a message are indexed (subject and sender first, then body). */
export const MAX_INDEXED_WORDS = 400;
/** Prefixes of each word are indexed from 2 characters (1 for a one-letter word) up to this length. */
export const MAX_PREFIX = 8;
const TOKEN_BYTES = 16;

/**
 * The blind tokens of one normalised prefix: HMAC-SHA256 with the store's message search key (HKDF
 * of the data key, one per key generation), cut to 16 bytes. Without the key a token says only
 * that two messages share it.
 */
function token(keys: StoreKeys, prefix: string): Buffer {
  return createHmac('sha256', keys.messageSearchKey).update(prefix, 'utf8').digest().subarray(0, TOKEN_BYTES);
}

/** Every prefix of a word that is indexed: lengths 2..8 (a one-letter word: itself). */
function prefixesOf(word: string): string[] {
  const chars = [...word];
  const prefixes: string[] = [];
  for (let length = Math.min(2, chars.length); length <= Math.min(MAX_PREFIX, chars.length); length++) prefixes.push(chars.slice(0, length).join(''));
  return prefixes;
}

/** The prefix a query term is looked up by: the term itself, cut to the longest indexed prefix. */
export function queryPrefix(term: string): string {
  return [...term].slice(0, MAX_PREFIX).join('');
}

/** A query uses at most this many words: enough for any search a person types, and a bounded statement. */
export const MAX_QUERY_TERMS = 16;

/** The normalised terms of a query, distinct, in order, the first 16. */
export function queryTerms(query: string): string[] {
  return [...new Set(normalisedWords(query))].slice(0, MAX_QUERY_TERMS);
}

export function ensureSearchTable(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS message_words (
      token BLOB NOT NULL,
      record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
      generation INTEGER NOT NULL,
      PRIMARY KEY (token, record_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS message_words_record ON message_words (record_id);
  `);
}

/** Replaces a message's tokens with those made under `keys` (at insert, and by a key rotation). */
const statements = new WeakMap<Db, { remove: Statement; insert: Statement }>();

/** Prepared once per file: a message inserts a hundred tokens or so. */
function statementsOf(db: Db): { remove: Statement; insert: Statement } {
  let prepared = statements.get(db);
  if (prepared === undefined) {
    prepared = { remove: db.prepare('DELETE FROM message_words WHERE record_id = ?'), insert: db.prepare('INSERT OR IGNORE INTO message_words (token, record_id, generation) VALUES (?, ?, ?)') };
    statements.set(db, prepared);
  }
  return prepared;
}

export function indexMessageWords(db: Db, recordId: number, texts: readonly string[], keys: StoreKeys, generation: number): void {
  const { remove, insert } = statementsOf(db);
  remove.run(recordId);
  for (const word of distinctWords(texts, MAX_INDEXED_WORDS)) {
    for (const prefix of prefixesOf(word)) insert.run(token(keys, prefix), recordId, generation);
  }
}

/**
 * The SQL condition and parameters selecting the record ids that hold a token for every term,
 * asked of each live key generation with its own key (records still under the old key in a
 * rotation left half-way are found too). Empty terms: no condition.
 */
export function wordMatch(store: SealedStore, terms: readonly string[], generations: readonly number[]): { sql: string; params: (Buffer | number)[] } {
  const prefixes = [...new Set(terms.map(queryPrefix))];
  const params: (Buffer | number)[] = [];
  const perGeneration = generations.map((generation) => {
    const keys = store.keysFor(generation);
    params.push(generation, ...prefixes.map((prefix) => token(keys, prefix)));
    return `(generation = ? AND token IN (${prefixes.map(() => '?').join(', ')}))`;
  });
  params.push(prefixes.length);
  return { sql: `SELECT record_id FROM message_words WHERE ${perGeneration.join(' OR ')} GROUP BY record_id HAVING count(*) = ?`, params };
}
