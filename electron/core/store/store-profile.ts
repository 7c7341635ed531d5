import { DomainError } from '../domain-error.js';
import type { SealedStore } from './sealed-store.js';

/**
 * Which kind of workstation a store file belongs to. A training workstation (`npm run training`)
 * and a real one must never open each other's files: the kind is written into every store file
 * when it is created and checked on every open, before any key is unwrapped.
 */
export type StoreProfile = 'workstation' | 'training';

const PROFILE_META = 'profile';

/** Written once, at creation. Plaintext like the key generation: it guards against a mix-up, not an attacker (the keys do that). */
export function markStoreProfile(store: SealedStore, profile: StoreProfile): void {
  store.setMeta(PROFILE_META, profile);
}

/**
 * Refuses (store.profileMismatch) a file of the other kind of workstation, or of a kind this
 * version does not know. A file from before the mark was written is a real workstation's: no
 * training store ever lacked it.
 */
export function assertStoreProfile(store: SealedStore, expected: StoreProfile): void {
  if ((store.meta(PROFILE_META) ?? 'workstation') !== expected) throw new DomainError('store.profileMismatch');
}
