import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { nativeAead, type FieldAeadAddon } from '../crypto/native-aead.js';
import { BackupFormatError } from './backup-format-error.js';

export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const SEAL_OVERHEAD = NONCE_BYTES + TAG_BYTES;

/** nonce || AES-256-GCM(key, nonce, aad, plaintext) || tag, the nonce random (docs/backup-repository.md, "Sealing"). */
export function seal(key: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, nonce: Uint8Array = randomBytes(NONCE_BYTES)): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  return Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Throws BackupFormatError `sealBroken` naming `object` when the bytes do not authenticate. */
export function unseal(key: Uint8Array, aad: Uint8Array, sealed: Uint8Array, object: string): Buffer {
  if (sealed.length < SEAL_OVERHEAD) throw new BackupFormatError('sealBroken', object);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    const plaintext = decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES));
    // GCM's final() only checks the tag (no bytes): the update's output is returned once it passes, uncopied.
    const rest = decipher.final();
    return rest.length === 0 ? plaintext : Buffer.concat([plaintext, rest]);
  } catch {
    throw new BackupFormatError('sealBroken', object);
  }
}

/**
 * unseal() for readers that own the sealed bytes and will not read them again (a restore's blobs,
 * a checked pack's): with the native addon (one key schedule for every blob, no output buffer) the
 * plaintext is written over the ciphertext and returned as a view of `sealed`; without it (not
 * built, AIRLOCK_NATIVE_AEAD=off) it is node:crypto's new buffer, `sealed` left as it was. A seal
 * that does not authenticate throws `sealBroken`, and the addon has then overwritten the plaintext
 * with zeros: none of it is left to write. `destroy()` frees the key schedule (cleansed).
 */
export class InPlaceUnsealer {
  readonly #native: { readonly addon: FieldAeadAddon; context: object | undefined } | undefined;

  constructor(private readonly key: Uint8Array) {
    const native = nativeAead();
    this.#native = native.available ? { addon: native.addon, context: undefined } : undefined;
  }

  unseal(aad: Uint8Array, sealed: Buffer, object: string): Buffer {
    const native = this.#native;
    if (native === undefined) return unseal(this.key, aad, sealed, object);
    if (sealed.length < SEAL_OVERHEAD) throw new BackupFormatError('sealBroken', object);
    native.context ??= native.addon.create(this.key);
    // The output is exactly where the ciphertext is: OpenSSL's GCM decrypts in place (in == out).
    const plaintext = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
    if (native.addon.openInto(native.context, sealed, 0, aad, plaintext) !== plaintext.length) throw new BackupFormatError('sealBroken', object);
    return plaintext;
  }

  destroy(): void {
    if (this.#native?.context !== undefined) this.#native.addon.destroy(this.#native.context);
    if (this.#native !== undefined) this.#native.context = undefined;
  }
}

export const FILE_KINDS = { pack: 1, index: 2, snapshot: 3, lock: 4 } as const;
export type FileKind = keyof typeof FILE_KINDS;
export const PREFIX_BYTES = 10;
const MAGIC = Buffer.from('ALBK', 'ascii');

export function filePrefix(kind: FileKind, generation: number): Buffer {
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix[4] = 1;
  prefix[5] = FILE_KINDS[kind];
  prefix.writeUInt32LE(generation, 6);
  return prefix;
}

/** The generation a file was sealed under; `badPrefix` when it is not a file of this kind. */
export function readPrefix(bytes: Uint8Array, kind: FileKind, object: string): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < PREFIX_BYTES || !buffer.subarray(0, 4).equals(MAGIC) || buffer[4] !== 1 || buffer[5] !== FILE_KINDS[kind]) throw new BackupFormatError('badPrefix', object);
  return buffer.readUInt32LE(6);
}

export const aadOf = (text: string): Buffer => Buffer.from(`airlock-backup/1 ${text}`, 'ascii');
