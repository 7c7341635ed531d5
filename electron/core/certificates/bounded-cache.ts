/**
 * A least-recently-used map with a fixed capacity, for results that are pure functions of their
 * key (parses and signature checks keyed by content hashes): forgetting an entry only costs time.
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('a cache holds at least one entry');
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    // A Map iterates in insertion order: re-inserting makes this the most recently used.
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.capacity) break;
      this.#entries.delete(oldest);
    }
  }

  /** The cached value, or `compute`'s (remembered). */
  remember(key: K, compute: () => V): V {
    const held = this.get(key);
    if (held !== undefined) return held;
    const value = compute();
    this.set(key, value);
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** Certificates, paths and CRLs a workstation meets: colleagues, their CAs, a few roots. */
export const VALIDATION_CACHE_CAPACITY = 1024;
