import type { RecentDocumentView } from '../../../shared/domain/document.js';

export type RecentDocument = RecentDocumentView;

/** How many containers the list remembers; older ones fall off. */
export const RECENT_LIMIT = 20;

/** Where the list is kept: the sealed settings store, or memory in a core without data folder. */
export interface RecentDocumentStore {
  /** Every entry, in the order they were written. */
  list(): RecentDocument[];
  /** Writes `entry` in place of any entry with its path and drops the `evicted` paths, as one change. */
  put(entry: RecentDocument, evicted: readonly string[]): void;
  /** Removes the entries with this path; says how many. */
  delete(path: string): number;
  clear(): number;
}

export class MemoryRecentStore implements RecentDocumentStore {
  #entries: RecentDocument[] = [];

  list(): RecentDocument[] {
    return this.#entries.map((entry) => ({ ...entry }));
  }

  put(entry: RecentDocument, evicted: readonly string[]): void {
    const gone = new Set([entry.path, ...evicted]);
    this.#entries = [...this.#entries.filter((item) => !gone.has(item.path)), { ...entry }];
  }

  delete(path: string): number {
    const before = this.#entries.length;
    this.#entries = this.#entries.filter((item) => item.path !== path);
    return before - this.#entries.length;
  }

  clear(): number {
    const count = this.#entries.length;
    this.#entries = [];
    return count;
  }
}

/**
 * The containers opened successfully, newest first: one entry per path (opening it again moves it
 * to the top), at most RECENT_LIMIT. Only a convenience: reopening runs every check again.
 */
export class RecentDocuments {
  constructor(private readonly store: RecentDocumentStore) {}

  remember(entry: RecentDocument): void {
    const others = this.list().filter((item) => item.path !== entry.path);
    this.store.put(entry, others.slice(RECENT_LIMIT - 1).map((item) => item.path));
  }

  list(): RecentDocument[] {
    // Reversed first: of two entries with the same time, the one written last is the newer.
    return this.store
      .list()
      .reverse()
      .sort((a, b) => (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : 0));
  }

  forget(path: string): number {
    return this.store.delete(path);
  }

  clear(): number {
    return this.store.clear();
  }
}
