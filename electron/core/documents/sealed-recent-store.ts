import type { RecentDocument, RecentDocumentStore } from './recent-documents.js';
import type { LookupDerivations } from '../store/data-key-rotation.js';
import type { SealedStore } from '../store/sealed-store.js';

const COLLECTION = 'recentDocuments';

/** How a rotation re-makes the blind index of an entry (data-key-rotation.ts): its path. */
export const RECENT_LOOKUPS: LookupDerivations = { [COLLECTION]: (value) => (value as RecentDocument).path };

/**
 * The recent documents in a sealed store: a classified document's file name and folder are
 * themselves sensitive, so each entry is sealed and found by a blind index of its path, never by
 * the path in clear. Locked workstation: every call fails with store.locked.
 */
export class SealedRecentStore implements RecentDocumentStore {
  constructor(private readonly store: () => Promise<SealedStore>) {}

  async list(): Promise<RecentDocument[]> {
    return (await this.store()).list<RecentDocument>(COLLECTION).map((record) => record.value);
  }

  async put(entry: RecentDocument, evicted: readonly string[]): Promise<void> {
    const store = await this.store();
    // One transaction: a crash between the delete and the insert must not lose the entry.
    store.transaction(() => {
      for (const path of [entry.path, ...evicted]) this.#deleteIn(store, path);
      store.put(COLLECTION, entry, entry.path);
    });
  }

  async delete(path: string): Promise<number> {
    const store = await this.store();
    return store.transaction(() => this.#deleteIn(store, path));
  }

  async clear(): Promise<number> {
    const store = await this.store();
    return store.transaction(() => store.list(COLLECTION).filter((record) => store.delete(record.id)).length);
  }

  #deleteIn(store: SealedStore, path: string): number {
    return store.find(COLLECTION, path).filter((record) => store.delete(record.id)).length;
  }
}
