import type { RecentDocumentView } from '../../../shared/domain/document.js';

export type RecentDocument = RecentDocumentView;

/** How many containers the list remembers; older ones fall off. */
export const RECENT_LIMIT = 20;

/**
 * Where the list is kept: the live zone's sealed store (the settings store when no zone is live),
 * or memory in a core without data folder. Async: a zone's store opens on first use.
 */
export interface RecentDocumentStore {
  /** Every entry, in the order they were written. */
  list(): Promise<RecentDocument[]>;
  /** Writes `entry` in place of any entry with its path and drops the `evicted` paths, as one change. */
  put(entry: RecentDocument, evicted: readonly string[]): Promise<void>;
  /** Removes the entries with this path; says how many. */
  delete(path: string): Promise<number>;
  clear(): Promise<number>;
}

export class MemoryRecentStore implements RecentDocumentStore {
  #entries: RecentDocument[] = [];

  list(): Promise<RecentDocument[]> {
    return Promise.resolve(this.#entries.map((entry) => ({ ...entry })));
  }

  put(entry: RecentDocument, evicted: readonly string[]): Promise<void> {
    const gone = new Set([entry.path, ...evicted]);
    this.#entries = [...this.#entries.filter((item) => !gone.has(item.path)), { ...entry }];
    return Promise.resolve();
  }

  delete(path: string): Promise<number> {
    const before = this.#entries.length;
    this.#entries = this.#entries.filter((item) => item.path !== path);
    return Promise.resolve(before - this.#entries.length);
  }

  clear(): Promise<number> {
    const count = this.#entries.length;
    this.#entries = [];
    return Promise.resolve(count);
  }
}

/**
 * The containers opened successfully, newest first: one entry per path (opening it again moves it
 * to the top), at most RECENT_LIMIT. Only a convenience: reopening runs every check again.
 */
export class RecentDocuments {
  constructor(private readonly store: RecentDocumentStore) {}

  async remember(entry: RecentDocument): Promise<void> {
    const others = (await this.list()).filter((item) => item.path !== entry.path);
    await this.store.put(entry, others.slice(RECENT_LIMIT - 1).map((item) => item.path));
  }

  async list(): Promise<RecentDocument[]> {
    // Reversed first: of two entries with the same time, the one written last is the newer.
    return (await this.store.list()).reverse().sort((a, b) => (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : 0));
  }

  forget(path: string): Promise<number> {
    return this.store.delete(path);
  }

  clear(): Promise<number> {
    return this.store.clear();
  }
}
