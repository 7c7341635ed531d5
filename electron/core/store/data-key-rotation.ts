import { randomBytes } from 'node:crypto';
import { storeError } from './database.js';
import type { SealedStore, StoreRecipient } from './sealed-store.js';

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
  options: { batch?: number; onProgress?: (progress: RotationProgress) => void; signal?: AbortSignal; now?: () => Date } = {},
): Promise<{ finished: boolean }> {
  const db = store.database;
  const now = options.now ?? (() => new Date());
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
  const select = db.prepare('SELECT id, collection, generation, body FROM records WHERE generation != ? ORDER BY id LIMIT ?');
  const update = db.prepare('UPDATE records SET body = ?, generation = ? WHERE id = ?');
  const remaining = db.prepare('SELECT count(*) AS n FROM records WHERE generation != ?');
  try {
    for (;;) {
      if (options.signal?.aborted === true) return { finished: false };
      const rows = select.all(target, options.batch ?? 500) as { id: number; collection: string; generation: number; body: Buffer }[];
      if (rows.length === 0) break;
      db.transaction(() => {
        for (const row of rows) update.run(store.reseal(row, target), target, row.id);
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
