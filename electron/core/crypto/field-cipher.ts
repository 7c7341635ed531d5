import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { gcm } from '@noble/ciphers/aes.js';

/**
 * AES-256-GCM for sealed values (Circular 15/2025/TT-BKHCN names AES). Layout of a sealed value:
 *   version (1 byte, 0x01) ‖ nonce (12 random bytes) ‖ ciphertext ‖ tag (16 bytes)
 * The associated data binds a value to where it lives (see associatedData), so a value copied to
 * another row, column or table fails to open.
 *
 * Limit relied on: random 96-bit nonces, at most 2^32 seals per key (NIST SP 800-38D §8.3); the
 * store counts seals and rotates the data key long before. Two implementations give identical
 * bytes (test vectors in tests/unit/field-cipher.test.ts): node:crypto for speed, @noble/ciphers as
 * the independent cross-check the customer asked for.
 */
export interface FieldCipher {
  readonly implementation: 'node' | 'noble';
  seal(plaintext: Uint8Array, associatedData: Uint8Array, nonce?: Uint8Array): Uint8Array;
  /** Throws SealOpenError for any damage, wrong key or wrong associated data. */
  open(sealed: Uint8Array, associatedData: Uint8Array): Uint8Array;
  /** Overwrites the key; every later call throws. */
  destroy(): void;
}

export class SealOpenError extends Error {
  constructor() {
    super('sealed value cannot be opened');
    this.name = 'SealOpenError';
  }
}

const VERSION = 0x01;
const NONCE = 12;
const TAG = 16;
const KEY = 32;
export const SEAL_OVERHEAD = 1 + NONCE + TAG;

/** The raw AES-256-GCM primitive of one library: ciphertext ‖ 16-byte tag; decrypt throws on any mismatch. */
interface AesGcm {
  encrypt(key: Uint8Array, nonce: Uint8Array, associatedData: Uint8Array, plaintext: Uint8Array): Uint8Array;
  decrypt(key: Uint8Array, nonce: Uint8Array, associatedData: Uint8Array, sealed: Uint8Array): Uint8Array;
}

const NODE_GCM: AesGcm = {
  encrypt(key, nonce, associatedData, plaintext) {
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(associatedData);
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  },
  decrypt(key, nonce, associatedData, sealed) {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG });
    decipher.setAAD(associatedData);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG));
    // GCM is a stream mode: final() only checks the tag and yields nothing, so no concatenation.
    const rest = decipher.final();
    return rest.length === 0 ? plaintext : Buffer.concat([plaintext, rest]);
  },
};

const NOBLE_GCM: AesGcm = {
  encrypt: (key, nonce, associatedData, plaintext) => gcm(key, nonce, associatedData).encrypt(plaintext),
  decrypt: (key, nonce, associatedData, sealed) => gcm(key, nonce, associatedData).decrypt(sealed),
};

/** The framing, key ownership and error mapping, written once for both libraries. */
function fieldCipher(implementation: FieldCipher['implementation'], primitive: AesGcm, keyBytes: Uint8Array): FieldCipher {
  if (keyBytes.length !== KEY) throw new Error('AES-256 needs a 32-byte key');
  // Our own copy, so destroy() can wipe it whatever the caller does with theirs.
  let key: Buffer | undefined = Buffer.from(keyBytes);
  const liveKey = (): Buffer => {
    if (key === undefined) throw new Error('cipher key destroyed (store locked)');
    return key;
  };
  return {
    implementation,
    seal(plaintext, associatedData, nonce = randomBytes(NONCE)) {
      return Buffer.concat([Buffer.of(VERSION), nonce, primitive.encrypt(liveKey(), nonce, associatedData, plaintext)]);
    },
    open(sealed, associatedData) {
      const current = liveKey();
      if (sealed.length < SEAL_OVERHEAD || sealed[0] !== VERSION) throw new SealOpenError();
      try {
        return primitive.decrypt(current, sealed.subarray(1, 1 + NONCE), associatedData, sealed.subarray(1 + NONCE));
      } catch {
        throw new SealOpenError();
      }
    },
    destroy() {
      key?.fill(0);
      key = undefined;
    },
  };
}

export const nodeFieldCipher = (key: Uint8Array): FieldCipher => fieldCipher('node', NODE_GCM, key);
export const nobleFieldCipher = (key: Uint8Array): FieldCipher => fieldCipher('noble', NOBLE_GCM, key);

/**
 * Where a value lives, as associated data: length-prefixed parts, so ("ab","c") and ("a","bc")
 * can never collide.
 */
export function associatedData(parts: readonly (string | number | bigint)[]): Uint8Array {
  // Written straight into one buffer (no Buffer per part): the store builds this for every value it reads.
  const texts = parts.map(String);
  let size = 0;
  for (const text of texts) size += 4 + Buffer.byteLength(text, 'utf8');
  const out = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const text of texts) {
    const length = out.write(text, offset + 4, 'utf8');
    out.writeUInt32BE(length, offset);
    offset += 4 + length;
  }
  return out;
}
