import { nativeAead } from '../crypto/native-aead.js';

/**
 * The keyed chunker's native cut finder: three more functions of native/field-aead (the field
 * cipher's addon, the same build and private OpenSSL), AES-128-ECB through EVP and the Gear steps in
 * C (docs/backup-repository.md "Speed"). Optional like the addon: absent (not built, an older build,
 * AIRLOCK_NATIVE_AEAD=off), the chunker runs its JavaScript loop, which decides every cut alike.
 */
export interface CutFinderAddon {
  /** A context holding copies of the cut key (its AES key schedule) and of both Gear tables. */
  cutCreate(cutKey: Uint8Array, gearA: Uint32Array, gearC: Uint32Array): object;
  /**
   * From the lanes in `state` (A, C), steps over piece[from…] (count bytes at most) deciding a cut
   * after each: the 0-based step that cuts, or -1 with the lanes after all steps written to `state`.
   */
  cutFind(context: object, piece: Uint8Array, from: number, count: number, cutBits: number, state: Uint32Array): number;
  /** Frees the PRF context (OpenSSL cleanses it) and overwrites the tables; later calls throw. */
  cutDestroy(context: object): void;
}

/** The addon's cut finder, when the addon is loaded and has one. */
export function nativeCutFinder(): CutFinderAddon | undefined {
  const status = nativeAead();
  if (!status.available) return undefined;
  const addon = status.addon as unknown as Partial<CutFinderAddon>;
  return typeof addon.cutCreate === 'function' && typeof addon.cutFind === 'function' && typeof addon.cutDestroy === 'function' ? (addon as CutFinderAddon) : undefined;
}
