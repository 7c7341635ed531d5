import { randomBytes } from 'node:crypto';
import { DomainError } from '../domain-error.js';
import { storeError, type Db } from './database.js';
import type { SealedStore, StoreRecipient } from './sealed-store.js';
import type { StoreKeys } from './store-keys.js';

/**
 * A collection that also keeps blind indexes in its own tables (the messages' words): how its
 * lookup value follows from the record, and how its other indexes are made again under the new
 * generation's keys, in the same transaction as the record's re-sealing.
 */
export interface RecordIndexer {
  readonly lookup: (value: unknown) => string;
  readonly reindex: (record: { id: number; value: unknown }, keys: StoreKeys, generation: number, db: Db) => void;
}

/** Declares that `collection` keeps blind indexes in its own tables: a rotation then requires its RecordIndexer. */
export function declareIndexedCollection(store: SealedStore, collection: string): void {
  if (store.meta(`reindex.${collection}`) === undefined) store.setMeta(`reindex.${collection}`, '1');
}

/**
 * For each collection whose records are found by a lookup value (put's third argument), how that
 * value follows from the record's value. The store keeps only a keyed hash of it, made with the
 * generation's key, so a rotation must make it again under the new key from the value itself.
 */
export type LookupDerivations = Readonly<Record<string, ((value: unknown) => string) | RecordIndexer>>;

export interface RotationProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * Replaces the data key itself: a new key generation, then every record re-sealed under it in
 * batches, each batch one transaction. A crash or a cancel leaves both generations wrapped to the
 * recipients, so the next unlock loads both and a second call resumes where the first stopped.
 * The old generation is dropped in the same transaction that makes the new one current.
 */
export async function rotateDataKey(
  store: SealedStore,
  recipients: readonly StoreRecipient[],
  options: { lookups?: LookupDerivations; batch?: number; onProgress?: (progress: RotationProgress) => void; signal?: AbortSignal; now?: () => Date } = {},
): Promise<{ finished: boolean }> {
  const db = store.database;
  const now = options.now ?? (() => new Date());
  const lookups = options.lookups ?? {};
  // Refused before anything changes: a record whose index could not be made again would be lost to find().
  for (const { collection } of db.prepare('SELECT DISTINCT collection FROM records WHERE lookup IS NOT NULL').all() as { collection: string }[]) {
    if (!Object.hasOwn(lookups, collection)) throw new DomainError('store.rotationUnsupported', undefined, { cause: `no lookup derivation for the collection ${collection}` });
  }
  // A collection that keeps blind indexes of its own said so (declareIndexedCollection): without its indexer they would be left under the old key.
  for (const { name } of db.prepare(`SELECT name FROM store_meta WHERE name LIKE 'reindex.%'`).all() as { name: string }[]) {
    const collection = name.slice('reindex.'.length);
    if (typeof lookups[collection] !== 'object') throw new DomainError('store.rotationUnsupported', undefined, { cause: `no indexer for the collection ${collection}` });
  }
  let target = Number(store.meta('rotation.target') ?? 0);
  if (target === 0) {
    target = store.generation + 1;
    const dataKey = randomBytes(32);
    try {
      db.transaction(() => {
        store.installGeneration(target, dataKey, recipients, now);
        store.setMeta('rotation.target', String(target));
      })();
    } finally {
      dataKey.fill(0);
    }
  }
  const total = (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
  const select = db.prepare('SELECT id, collection, generation, body, lookup FROM records WHERE generation != ? ORDER BY id LIMIT ?');
  const update = db.prepare('UPDATE records SET body = ?, lookup = ?, generation = ? WHERE id = ?');
  const remaining = db.prepare('SELECT count(*) AS n FROM records WHERE generation != ?');
  try {
    for (;;) {
      if (options.signal?.aborted === true) return { finished: false };
      const rows = select.all(target, options.batch ?? 500) as { id: number; collection: string; generation: number; body: Buffer; lookup: Buffer | null }[];
      if (rows.length === 0) break;
      db.transaction(() => {
        for (const row of rows) {
          const derivation = lookups[row.collection];
          const resealed = typeof derivation === 'object' ? store.reseal(row, target, derivation.lookup, derivation.reindex) : store.reseal(row, target, derivation);
          update.run(resealed.body, resealed.lookup, target, row.id);
        }
      })();
      options.onProgress?.({ done: total - (remaining.get(target) as { n: number }).n, total });
      // Yield between batches so the UI stays responsive and a cancel can arrive.
      await new Promise((resolve) => setImmediate(resolve));
    }
    db.transaction(() => {
      for (const { generation } of db.prepare('SELECT DISTINCT generation FROM key_check WHERE generation != ?').all(target) as { generation: number }[]) store.dropGeneration(generation);
      store.setGeneration(target);
      store.setMeta('rotation.target', undefined);
    })();
    return { finished: true };
  } catch (error) {
    throw storeError(error);
  }
}
