import { unlink } from 'node:fs/promises';
import type { LookupDerivations } from '../store/data-key-rotation.js';
import type { SealedStore } from '../store/sealed-store.js';

const COLLECTION = 'pendingParts';

/** How a rotation re-makes the blind index of a note (data-key-rotation.ts): the temporary file's path. */
export const PART_JOURNAL_LOOKUPS: LookupDerivations = { [COLLECTION]: (value) => (value as { path: string }).path };

/**
 * The temporary files of document writes in flight (encrypting, decrypting to a file). A crash or
 * a power cut cannot remove its temporary file — for a decryption, plaintext the user never
 * received — so each is noted here while it exists, sealed (its name tells of the target), and
 * the next unlock removes whatever a dead run left.
 */
export interface PartJournal {
  noteCreated(temporary: string): void;
  noteGone(temporary: string): void;
}

export class SealedPartJournal implements PartJournal {
  constructor(private readonly store: () => SealedStore) {}

  noteCreated(temporary: string): void {
    this.store().put(COLLECTION, { path: temporary }, temporary);
  }

  noteGone(temporary: string): void {
    // The workstation may have locked meanwhile (the job was aborted): the next unlock's sweep
    // finds the file already gone and only drops the note.
    try {
      const store = this.store();
      store.transaction(() => store.find(COLLECTION, temporary).forEach((record) => store.delete(record.id)));
    } catch {
      return;
    }
  }

  /** At unlock: removes every temporary file a dead run left behind; says how many files there were. */
  async sweep(): Promise<number> {
    const store = this.store();
    let removed = 0;
    for (const note of store.list<{ path: string }>(COLLECTION)) {
      if (await unlink(note.value.path).then(() => true, () => false)) removed++;
      store.delete(note.id);
    }
    return removed;
  }
}
