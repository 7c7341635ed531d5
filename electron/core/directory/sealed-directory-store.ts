import type { DirectoryEntry, DirectoryStore } from './colleague-directory.js';
import type { CertificateInfo, ValidationResult } from '../certificates/types.js';
import type { LookupDerivations } from '../store/data-key-rotation.js';
import type { SealedStore } from '../store/sealed-store.js';

const COLLECTION = 'directory';

/** The stored form: JSON with the DER as base64 (a sealed record holds JSON, not bytes). */
interface StoredEntry {
  readonly fingerprint: string;
  readonly der: string;
  readonly intermediates: readonly string[];
  readonly info: CertificateInfo;
  readonly purpose: DirectoryEntry['purpose'];
  readonly validation: ValidationResult;
  readonly importedAt: string;
  readonly verifiedAt: string;
}

const toStored = (entry: DirectoryEntry): StoredEntry => ({
  ...entry,
  der: Buffer.from(entry.der).toString('base64'),
  intermediates: entry.intermediates.map((der) => Buffer.from(der).toString('base64')),
});
/** How a rotation re-makes the blind index of an entry (data-key-rotation.ts): its fingerprint. */
export const DIRECTORY_LOOKUPS: LookupDerivations = { [COLLECTION]: (value) => (value as StoredEntry).fingerprint };

const fromStored = (stored: StoredEntry): DirectoryEntry => ({
  ...stored,
  der: new Uint8Array(Buffer.from(stored.der, 'base64')),
  intermediates: stored.intermediates.map((der) => new Uint8Array(Buffer.from(der, 'base64'))),
});

/**
 * The colleagues' directory in the sealed settings store: who one corresponds with is itself
 * sensitive, so it is encrypted like the rest and found by a blind index of the fingerprint.
 * Locked workstation: every call fails with store.locked.
 */
export class SealedDirectoryStore implements DirectoryStore {
  constructor(private readonly store: () => SealedStore) {}

  get(fingerprint: string): Promise<DirectoryEntry | undefined> {
    const [record] = this.store().find<StoredEntry>(COLLECTION, fingerprint);
    return Promise.resolve(record === undefined ? undefined : fromStored(record.value));
  }

  put(entry: DirectoryEntry): Promise<void> {
    const store = this.store();
    // Replace in one transaction: a crash between the delete and the insert must not lose the colleague.
    store.database.transaction(() => {
      for (const record of store.find<StoredEntry>(COLLECTION, entry.fingerprint)) store.delete(record.id);
      store.put(COLLECTION, toStored(entry), entry.fingerprint);
    })();
    return Promise.resolve();
  }

  delete(fingerprint: string): Promise<boolean> {
    const store = this.store();
    const records = store.find<StoredEntry>(COLLECTION, fingerprint);
    for (const record of records) store.delete(record.id);
    return Promise.resolve(records.length > 0);
  }

  list(): Promise<DirectoryEntry[]> {
    return Promise.resolve(this.store().list<StoredEntry>(COLLECTION).map((record) => fromStored(record.value)));
  }
}
