import { randomBytes, X509Certificate } from 'node:crypto';
import { associatedData, associatedDataAround, SEAL_OVERHEAD, SealOpenError, type AssociatedDataAround } from '../crypto/field-cipher.js';
import { fingerprintOf, unwrapKeyWith, wrapKeyFor, type RecipientKeyOperations, type WrapScheme } from '../crypto/key-wrap.js';
import { DomainError } from '../domain-error.js';
import { isTokenUnavailable } from '../token/token-errors.js';
import type Database from 'better-sqlite3';
import { openDatabase, storeError, type Db } from './database.js';
import { StoreKeys } from './store-keys.js';
import { SCHEMA_VERSION, STORE_MIGRATIONS } from './store-schema.js';

export interface StoreRecipient {
  readonly certificateDer: Uint8Array;
  /** The user's own certificate, or the organisation's recovery certificate held by the cipher officer. */
  readonly role: 'user' | 'recovery';
}

export interface StoredRecord<T = unknown> {
  readonly id: number;
  readonly collection: string;
  readonly createdAt: string;
  readonly value: T;
}

/** A records row as selected by a capability's own query (joined with its tables), to be opened by openRow(). */
export interface RecordRow {
  id: number;
  collection: string;
  created_at: string;
  generation: number;
  body: Buffer;
}

/**
 * The same row as a tuple, in RECORD_COLUMNS' order, from a statement in better-sqlite3's raw() mode:
 * no object with named properties per row (better-sqlite3 builds one property by property, which cost
 * more per row than the opening's AES-GCM, docs/store.md "Speed").
 */
export type RecordTuple = readonly [id: number, collection: string, created_at: string, generation: number, body: Buffer];
/** The columns a RecordTuple is selected from, in its order. */
export const RECORD_COLUMNS = 'id, collection, created_at, generation, body';
// The store's own reads, as constants: a template literal would make a new string per call, hashed again by #rawSql's map.
const SELECT_BY_ID = `SELECT ${RECORD_COLUMNS} FROM records WHERE id = ?`;
const SELECT_BY_LOOKUP = `SELECT ${RECORD_COLUMNS} FROM records WHERE collection = ? AND lookup = ? AND generation = ? ORDER BY id`;
const SELECT_COLLECTION = `SELECT ${RECORD_COLUMNS} FROM records WHERE collection = ? ORDER BY id`;

const KEY_CHECK = Buffer.from('airlock key check v1');
const keyCheckData = (generation: number) => associatedData(['key_check', 'sealed', generation, SCHEMA_VERSION]);
// A record's binding: ['records', 'body', id, collection, SCHEMA_VERSION], its constant parts encoded
// once per collection (the store builds one for every value it reads; the native path takes the
// constant parts and the id and builds it inside the addon). Collections are a few names in the
// code; past 64 the rest are encoded whole each time rather than kept.
const bodyBindingOf = new Map<string, AssociatedDataAround>();
const bodyBinding = (collection: string): AssociatedDataAround => {
  let binding = bodyBindingOf.get(collection);
  if (binding === undefined) {
    binding = associatedDataAround(['records', 'body'], [collection, SCHEMA_VERSION]);
    if (bodyBindingOf.size < 64) bodyBindingOf.set(collection, binding);
  }
  return binding;
};
const bodyData = (id: number | bigint, collection: string): Uint8Array => bodyBinding(collection)(id);
/** A record that does not open (damaged, moved, wrong key): store.tampered, the record named in its cause. */
const tampered = (id: number, collection: string) => new DomainError('store.tampered', undefined, { cause: `record ${id} (${collection}) does not open` });

/** A page of rows as columns: what the cipher opens in one call (the bodies and ids) and what the records are made of. */
interface Page {
  readonly ids: number[];
  readonly collections: string[];
  readonly createdAts: string[];
  readonly generations: number[];
  readonly bodies: Buffer[];
  add(id: number, collection: string, createdAt: string, generation: number, body: Buffer): void;
}
function emptyPage(): Page {
  const page: Page = {
    ids: [],
    collections: [],
    createdAts: [],
    generations: [],
    bodies: [],
    add(id, collection, createdAt, generation, body) {
      page.ids.push(id);
      page.collections.push(collection);
      page.createdAts.push(createdAt);
      page.generations.push(generation);
      page.bodies.push(body);
    },
  };
  return page;
}

/**
 * One encrypted SQLite file. Values are sealed with a data key that exists on disk only wrapped
 * to certificates (unwrapped on the token); unlocked keys live in memory until lock(), which
 * overwrites them. Each value is bound to its table, column, row id, collection and schema version.
 */
export class SealedStore {
  readonly #db: Db;
  readonly #keys = new Map<number, StoreKeys>();
  readonly #statements = new Map<string, Database.Statement>();
  readonly #rawStatements = new Map<string, Database.Statement>();
  #generation: number;
  /**
   * The id the next put() outside a transaction takes, kept from the last one that committed
   * (docs/store.md "Record ids"); undefined = ask SQLite for max(id) + 1.
   */
  #nextId: number | undefined;

  private constructor(db: Db) {
    this.#db = db;
    this.#generation = Number(this.#meta('generation') ?? 0);
  }

  /** Creates a new store file with a fresh data key wrapped to each recipient; it is left unlocked. */
  static create(path: string, recipients: readonly StoreRecipient[], now: () => Date = () => new Date()): SealedStore {
    if (!recipients.some((recipient) => recipient.role === 'user')) throw new Error('a store needs the user as a recipient');
    const store = new SealedStore(openDatabase(path, STORE_MIGRATIONS));
    if (store.#generation !== 0) {
      store.close();
      throw new Error(`${path} already holds a store`);
    }
    const dataKey = randomBytes(32);
    try {
      store.#db.transaction(() => store.#installGeneration(1, dataKey, recipients, now))();
      store.#generation = 1;
      store.#keys.set(1, new StoreKeys(dataKey));
    } finally {
      dataKey.fill(0);
    }
    return store;
  }

  /** Opens an existing file, locked: nothing can be read until unlock(). */
  static open(path: string): SealedStore {
    const store = new SealedStore(openDatabase(path, STORE_MIGRATIONS));
    if (store.#generation === 0) {
      store.close();
      throw new DomainError('store.corrupt');
    }
    return store;
  }

  get locked(): boolean {
    return !this.#keys.has(this.#generation);
  }

  /** Unwraps every key generation wrapped to this certificate, on its token. */
  async unlock(certificateDer: Uint8Array, token: RecipientKeyOperations): Promise<void> {
    const recipient = fingerprintOf(new X509Certificate(Buffer.from(certificateDer)));
    const rows = this.#sql('SELECT generation, scheme, ephemeral, wrapped FROM keyring WHERE recipient = ? ORDER BY generation').all(recipient) as { generation: number; scheme: WrapScheme; ephemeral: Buffer; wrapped: Buffer }[];
    if (!rows.some((row) => row.generation === this.#generation)) throw new DomainError('store.wrongToken');
    for (const row of rows) {
      const dataKey = await unwrapKeyWith({ recipient, scheme: row.scheme, ephemeral: row.ephemeral, wrapped: row.wrapped }, certificateDer, token).catch((error: unknown) => {
        // A token process killed mid-unwrap is not a wrong key: its token.serviceStopped goes up as is.
        if (isTokenUnavailable(error)) throw error;
        throw new DomainError('store.wrongToken', undefined, { cause: error });
      });
      const keys = new StoreKeys(dataKey);
      dataKey.fill(0);
      const check = this.#sql('SELECT sealed FROM key_check WHERE generation = ?').get(row.generation) as { sealed: Buffer } | undefined;
      try {
        if (check === undefined || !Buffer.from(keys.cipher.open(check.sealed, keyCheckData(row.generation))).equals(KEY_CHECK)) throw new SealOpenError();
      } catch {
        keys.destroy();
        throw new DomainError('store.tampered');
      }
      this.#keys.get(row.generation)?.destroy();
      this.#keys.set(row.generation, keys);
    }
  }

  /** Overwrites every key in memory. Reads and writes fail with store.locked until unlock(). */
  lock(): void {
    this.#nextId = undefined;
    for (const keys of this.#keys.values()) keys.destroy();
    this.#keys.clear();
  }

  put(collection: string, value: unknown, lookup?: string): number {
    const keys = this.#current();
    // The text is sealed as it is: the native cipher writes its UTF-8 bytes inside the addon.
    const text = JSON.stringify(value);
    // Inside a caller's transaction the row may still be rolled back with it: ask SQLite, and forget
    // the kept id. Outside one, the INSERT is its own commit, so once it returns the id is taken.
    const inTransaction = this.#db.inTransaction;
    const kept = inTransaction ? undefined : this.#nextId;
    this.#nextId = undefined;
    let id = 0;
    try {
      id = kept ?? this.#lastId() + 1;
      try {
        this.#insertSealed(keys, id, collection, text, lookup);
      } catch (error) {
        // Another writer of the file (the `airlock` command's audit records, while the app runs) took
        // the kept id: ask SQLite again and seal once more for the new id, so no record is lost.
        if (kept === undefined || (error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
        id = this.#lastId() + 1;
        this.#insertSealed(keys, id, collection, text, lookup);
      }
    } catch (error) {
      throw storeError(error);
    }
    if (!inTransaction) this.#nextId = id + 1;
    return id;
  }

  /**
   * One INSERT statement, atomic by itself: the id it binds the value to was read just before in
   * this synchronous call, and an id some other writer took since would fail on the primary key,
   * never overwrite a row (docs/store.md "Record ids").
   */
  #insertSealed(keys: StoreKeys, id: number, collection: string, text: string, lookup: string | undefined): void {
    const sealed = keys.cipher.sealTextAround(text, bodyBinding(collection), id);
    this.#sql('INSERT INTO records (id, collection, lookup, created_at, size, generation, body) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      id,
      collection,
      lookup === undefined ? null : keys.blindIndex(lookup),
      new Date().toISOString(),
      // The plaintext's length in bytes, as before: the sealed value less its fixed framing.
      sealed.length - SEAL_OVERHEAD,
      this.#generation,
      sealed,
    );
  }

  #lastId(): number {
    return (this.#sql('SELECT coalesce(max(id), 0) AS last FROM records').get() as { last: number }).last;
  }

  get<T = unknown>(id: number): StoredRecord<T> | undefined {
    const row = this.#rawSql(SELECT_BY_ID).get(id) as RecordTuple | undefined;
    return row === undefined ? undefined : this.#open<T>(row[0], row[1], row[2], row[3], row[4]);
  }

  /** Records whose lookup value equals `lookup`, found through the blind index (no plaintext on disk). */
  find<T = unknown>(collection: string, lookup: string): StoredRecord<T>[] {
    const rows = [...this.#keys.entries()].flatMap(([generation, keys]) =>
      this.#rawSql(SELECT_BY_LOOKUP).all(collection, keys.blindIndex(lookup), generation),
    ) as RecordTuple[];
    if (this.locked) throw new DomainError('store.locked');
    return this.openRowTuples<T>(rows.sort((a, b) => a[0] - b[0]));
  }

  /** Opens a row a capability selected itself (one statement for a whole page, joined with its own tables). */
  openRow<T = unknown>(row: RecordRow): StoredRecord<T> {
    return this.#open<T>(row.id, row.collection, row.created_at, row.generation, row.body);
  }

  /**
   * openRow() of every row, in order: rows of one key generation and collection (a page, in practice
   * all of them) opened in one call into the cipher. A row that does not open fails the whole call
   * with store.tampered naming its record; no record of the page is returned.
   */
  openRows<T = unknown>(rows: readonly RecordRow[]): StoredRecord<T>[] {
    const page = emptyPage();
    for (const row of rows) page.add(row.id, row.collection, row.created_at, row.generation, row.body);
    return this.#openPage<T>(page);
  }

  /** openRows() of tuples from a raw() statement selecting RECORD_COLUMNS. */
  openRowTuples<T = unknown>(rows: readonly RecordTuple[]): StoredRecord<T>[] {
    const page = emptyPage();
    for (const row of rows) page.add(row[0], row[1], row[2], row[3], row[4]);
    return this.#openPage<T>(page);
  }

  #openPage<T>(page: Page): StoredRecord<T>[] {
    const { ids, collections, createdAts, generations, bodies } = page;
    const records = new Array<StoredRecord<T>>(ids.length);
    for (let from = 0; from < ids.length; ) {
      const collection = collections[from] as string;
      const generation = generations[from] as number;
      const keys = this.keysFor(generation);
      let to = from + 1;
      while (to < ids.length && generations[to] === generation && collections[to] === collection) to++;
      const whole = from === 0 && to === ids.length;
      let texts: string[];
      try {
        texts = keys.cipher.openTextsAround(whole ? bodies : bodies.slice(from, to), bodyBinding(collection), whole ? ids : ids.slice(from, to));
      } catch (error) {
        if (error instanceof SealOpenError) throw tampered(ids[from + (error.index ?? 0)] ?? Number.NaN, collection);
        throw error;
      }
      for (let index = from; index < to; index++) {
        records[index] = { id: ids[index] as number, collection, createdAt: createdAts[index] as string, value: JSON.parse(texts[index - from] as string) as T };
      }
      from = to;
    }
    return records;
  }

  list<T = unknown>(collection: string): StoredRecord<T>[] {
    this.#current();
    return this.openRowTuples<T>(this.#rawSql(SELECT_COLLECTION).all(collection) as RecordTuple[]);
  }

  delete(id: number): boolean {
    this.#current();
    try {
      return this.#sql('DELETE FROM records WHERE id = ?').run(id).changes === 1;
    } catch (error) {
      throw storeError(error);
    }
  }

  /** Several writes as one: all of them are on disk after it returns, or none after a crash. */
  transaction<T>(work: () => T): T {
    try {
      return this.#db.transaction(work)();
    } catch (error) {
      throw storeError(error);
    }
  }

  /** SQLite's own integrity check, then every sealed value opened under its binding. */
  verify(): { ok: boolean; records: number; integrity: string; unreadable: number[] } {
    const integrity = (this.#db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
    this.#current();
    const unreadable: number[] = [];
    let records = 0;
    for (const row of this.#sql('SELECT id, collection, created_at, generation, body FROM records ORDER BY id').iterate() as IterableIterator<RecordRow>) {
      records++;
      try {
        this.openRow(row);
      } catch {
        unreadable.push(row.id);
      }
    }
    return { ok: integrity === 'ok' && unreadable.length === 0, records, integrity, unreadable };
  }

  /** Key rotation of the wrapping: the same data key, wrapped to a new list of certificates. */
  rewrap(recipients: readonly StoreRecipient[], now: () => Date = () => new Date()): void {
    const keys = this.#current();
    this.#db.transaction(() => {
      this.#sql('DELETE FROM keyring WHERE generation = ?').run(this.#generation);
      this.#wrapTo(this.#generation, keys.dataKey, recipients, now);
    })();
  }

  /** The certificates the current data key is wrapped to, with their roles. */
  recipients(): StoreRecipient[] {
    const rows = this.#sql('SELECT role, certificate FROM keyring WHERE generation = ? ORDER BY id').all(this.#generation) as { role: 'user' | 'recovery'; certificate: Buffer }[];
    return rows.map((row) => ({ certificateDer: new Uint8Array(row.certificate), role: row.role }));
  }

  /** The database for modules that keep their own tables in this file (the audit log). */
  get database(): Db {
    return this.#db;
  }

  keysFor(generation = this.#generation): StoreKeys {
    const keys = this.#keys.get(generation);
    if (keys === undefined) throw new DomainError('store.locked');
    return keys;
  }

  /** The key generations unlocked now: the current one, and the one a rotation left half-way. */
  get unlockedGenerations(): number[] {
    return [...this.#keys.keys()];
  }

  get generation(): number {
    return this.#generation;
  }

  close(): void {
    this.lock();
    this.#db.close();
  }

  /** Used by the rotation, which lives in its own module. */
  installGeneration(generation: number, dataKey: Uint8Array, recipients: readonly StoreRecipient[], now: () => Date): void {
    this.#installGeneration(generation, dataKey, recipients, now);
    this.#keys.set(generation, new StoreKeys(dataKey));
  }

  setGeneration(generation: number): void {
    this.#setMeta('generation', String(generation));
    this.#generation = generation;
  }

  /**
   * The record sealed under `target`, and its blind index made with `target`'s key: an index left
   * from the old generation would match no lookup once the record says `target` (find() asks each
   * generation with its own key). The lookup value itself is not stored, so `lookupOf` derives it
   * from the record's value; a record with an index and no `lookupOf` is refused. `reindex` makes a
   * capability's own blind indexes of the record again under `target` (the messages' words).
   */
  reseal(
    row: { id: number; collection: string; generation: number; body: Buffer; lookup: Buffer | null },
    target: number,
    lookupOf?: (value: unknown) => string,
    reindex?: (record: { id: number; value: unknown }, keys: StoreKeys, generation: number, db: Db) => void,
  ): { body: Buffer; lookup: Buffer | null } {
    const plaintext = Buffer.from(this.keysFor(row.generation).cipher.open(row.body, bodyData(row.id, row.collection)));
    try {
      const keys = this.keysFor(target);
      let lookup: Buffer | null = null;
      const value = row.lookup !== null || reindex !== undefined ? (JSON.parse(plaintext.toString('utf8')) as unknown) : undefined;
      if (row.lookup !== null) {
        if (lookupOf === undefined) throw new DomainError('store.rotationUnsupported', undefined, { cause: `no lookup derivation for the collection ${row.collection}` });
        lookup = keys.blindIndex(lookupOf(value));
      }
      reindex?.({ id: row.id, value }, keys, target, this.#db);
      return { body: Buffer.from(keys.cipher.seal(plaintext, bodyData(row.id, row.collection))), lookup };
    } finally {
      plaintext.fill(0);
    }
  }

  dropGeneration(generation: number): void {
    this.#sql('DELETE FROM keyring WHERE generation = ?').run(generation);
    this.#sql('DELETE FROM key_check WHERE generation = ?').run(generation);
    this.#keys.get(generation)?.destroy();
    this.#keys.delete(generation);
  }

  meta(name: string): string | undefined {
    return this.#meta(name);
  }

  setMeta(name: string, value: string | undefined): void {
    if (value === undefined) this.#sql('DELETE FROM store_meta WHERE name = ?').run(name);
    else this.#setMeta(name, value);
  }

  #installGeneration(generation: number, dataKey: Uint8Array, recipients: readonly StoreRecipient[], now: () => Date): void {
    this.#wrapTo(generation, dataKey, recipients, now);
    const keys = new StoreKeys(dataKey);
    try {
      this.#sql('INSERT INTO key_check (generation, sealed) VALUES (?, ?)').run(generation, keys.cipher.seal(KEY_CHECK, keyCheckData(generation)));
    } finally {
      keys.destroy();
    }
    if (generation === 1) this.#setMeta('generation', '1');
  }

  #wrapTo(generation: number, dataKey: Uint8Array, recipients: readonly StoreRecipient[], now: () => Date): void {
    const insert = this.#sql('INSERT INTO keyring (generation, recipient, role, scheme, ephemeral, wrapped, certificate, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const recipient of recipients) {
      const wrapped = wrapKeyFor(dataKey, recipient.certificateDer);
      insert.run(generation, wrapped.recipient, recipient.role, wrapped.scheme, wrapped.ephemeral, wrapped.wrapped, recipient.certificateDer, now().toISOString());
    }
  }

  #current(): StoreKeys {
    return this.keysFor(this.#generation);
  }

  #open<T>(id: number, collection: string, createdAt: string, generation: number, body: Buffer): StoredRecord<T> {
    const keys = this.keysFor(generation);
    let value: T;
    try {
      // The same string read() + toString made, decoded by the addon from bytes it then overwrites.
      value = JSON.parse(keys.cipher.openTextAround(body, bodyBinding(collection), id)) as T;
    } catch (error) {
      if (error instanceof SealOpenError) throw tampered(id, collection);
      throw error;
    }
    return { id, collection, createdAt, value };
  }

  /** #sql() in raw() mode: rows come back as tuples (RecordTuple), not objects. */
  #rawSql(text: string): Database.Statement {
    let statement = this.#rawStatements.get(text);
    if (statement === undefined) {
      statement = this.#db.prepare(text).raw();
      this.#rawStatements.set(text, statement);
    }
    return statement;
  }

  /** Prepared once per SQL text: compiling a statement costs more than the read it serves. */
  #sql(text: string): Database.Statement {
    let statement = this.#statements.get(text);
    if (statement === undefined) {
      statement = this.#db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }

  #meta(name: string): string | undefined {
    return (this.#sql('SELECT value FROM store_meta WHERE name = ?').get(name) as { value: string } | undefined)?.value;
  }

  #setMeta(name: string, value: string): void {
    this.#sql('INSERT INTO store_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
  }
}
