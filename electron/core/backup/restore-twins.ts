import type { FileHandle } from 'node:fs/promises';

/** What a restore does with a file whose content another file of the snapshot has too. */
export type TwinRole =
  /** Restored from its blobs, with its file opened for reading too (`wx+`); `keep` it once written (undefined: it failed). */
  | { readonly role: 'first'; readonly keep: (handle: FileHandle | undefined, mtime: number) => void }
  /** Copied from the first one (undefined: it failed, restore this one from its blobs); `copied` once done or failed. */
  | { readonly role: 'copy'; readonly source: Promise<FileHandle | undefined>; readonly copied: () => Promise<void> };

interface Kept {
  readonly source: Promise<{ handle: FileHandle; mtime: number } | undefined>;
  left: number;
}

// Sources kept open at once: a file descriptor each, held until their last copy is made.
const KEPT_AT_MOST = 256;

/**
 * Files of a restore with the same content: the same blob list, so the same bytes (a duplicated
 * file). The first one met is restored from its blobs and kept open; the others are copied from
 * that open file on a worker thread (file-restore-worker.ts), so a duplicate's blobs are read,
 * decrypted and checked once, as restic's restorer writes a blob to all its places. The source is
 * the file this restore created (O_EXCL) and still holds open, never a path looked up again; its
 * times are set again before it is closed (reading it may have moved its access time).
 */
export class IdenticalFiles {
  readonly #uses = new Map<string, number>();
  readonly #kept = new Map<string, Kept>();

  /** Notes a file the restore will write (before the restore starts). */
  count(content: readonly string[]): void {
    if (content.length === 0) return; // an empty file costs nothing to write
    const key = content.join();
    this.#uses.set(key, (this.#uses.get(key) ?? 0) + 1);
  }

  /** The role of this file, or undefined: restored from its blobs like any other. */
  take(content: readonly string[]): TwinRole | undefined {
    const key = content.join();
    if ((this.#uses.get(key) ?? 0) < 2) return undefined;
    const kept = this.#kept.get(key);
    if (kept !== undefined) {
      const source = kept.source.then((found) => found?.handle);
      return { role: 'copy', source, copied: () => this.#copied(key, kept) };
    }
    if (this.#kept.size >= KEPT_AT_MOST) return undefined;
    let keep: (handle: FileHandle | undefined, mtime: number) => void = () => undefined;
    const source = new Promise<{ handle: FileHandle; mtime: number } | undefined>((resolve) => (keep = (handle, mtime) => resolve(handle === undefined ? undefined : { handle, mtime })));
    this.#kept.set(key, { source, left: (this.#uses.get(key) ?? 0) - 1 });
    return { role: 'first', keep };
  }

  async #copied(key: string, kept: Kept): Promise<void> {
    if (--kept.left > 0) return;
    this.#kept.delete(key);
    await release(await kept.source);
  }

  /** Closes every source still kept (a restore that ended before their copies: a failure, a cancel). */
  async close(): Promise<void> {
    const kept = [...this.#kept.values()];
    this.#kept.clear();
    await Promise.all(kept.map(async ({ source }) => release(await source)));
  }
}

async function release(source: { handle: FileHandle; mtime: number } | undefined): Promise<void> {
  if (source === undefined) return;
  try {
    await source.handle.utimes(source.mtime, source.mtime);
  } finally {
    await source.handle.close();
  }
}
