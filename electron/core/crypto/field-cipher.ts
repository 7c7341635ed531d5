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

function checkKey(key: Uint8Array): Buffer {
  if (key.length !== KEY) throw new Error('AES-256 needs a 32-byte key');
  // Our own copy, so destroy() can wipe it whatever the caller does with theirs.
  return Buffer.from(key);
}

function split(sealed: Uint8Array): { nonce: Uint8Array; body: Uint8Array; tag: Uint8Array } {
  if (sealed.length < SEAL_OVERHEAD || sealed[0] !== VERSION) throw new SealOpenError();
  return { nonce: sealed.subarray(1, 1 + NONCE), body: sealed.subarray(1 + NONCE, sealed.length - TAG), tag: sealed.subarray(sealed.length - TAG) };
}

function liveKey(key: Buffer | undefined): Buffer {
  if (key === undefined) throw new Error('cipher key destroyed (store locked)');
  return key;
}

export function nodeFieldCipher(keyBytes: Uint8Array): FieldCipher {
  let key: Buffer | undefined = checkKey(keyBytes);
  return {
    implementation: 'node',
    seal(plaintext, associatedData, nonce = randomBytes(NONCE)) {
      const cipher = createCipheriv('aes-256-gcm', liveKey(key), nonce);
      cipher.setAAD(associatedData);
      return Buffer.concat([Buffer.of(VERSION), nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    },
    open(sealed, associatedData) {
      const { nonce, body, tag } = split(sealed);
      try {
        const decipher = createDecipheriv('aes-256-gcm', liveKey(key), nonce);
        decipher.setAAD(associatedData);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]);
      } catch (error) {
        if (key === undefined) throw error;
        throw new SealOpenError();
      }
    },
    destroy() {
      key?.fill(0);
      key = undefined;
    },
  };
}

export function nobleFieldCipher(keyBytes: Uint8Array): FieldCipher {
  let key: Buffer | undefined = checkKey(keyBytes);
  return {
    implementation: 'noble',
    seal(plaintext, associatedData, nonce = randomBytes(NONCE)) {
      return Buffer.concat([Buffer.of(VERSION), nonce, gcm(liveKey(key), nonce, associatedData).encrypt(plaintext)]);
    },
    open(sealed, associatedData) {
      if (sealed.length < SEAL_OVERHEAD || sealed[0] !== VERSION) throw new SealOpenError();
      try {
        return Buffer.from(gcm(liveKey(key), sealed.subarray(1, 1 + NONCE), associatedData).decrypt(sealed.subarray(1 + NONCE)));
      } catch (error) {
        if (key === undefined) throw error;
        throw new SealOpenError();
      }
    },
    destroy() {
      key?.fill(0);
      key = undefined;
    },
  };
}

/**
 * Where a value lives, as associated data: length-prefixed parts, so ("ab","c") and ("a","bc")
 * can never collide.
 */
export function associatedData(parts: readonly (string | number | bigint)[]): Uint8Array {
  const encoded = parts.map((part) => Buffer.from(String(part), 'utf8'));
  const out = Buffer.alloc(encoded.reduce((sum, part) => sum + 4 + part.length, 0));
  let offset = 0;
  for (const part of encoded) {
    offset = out.writeUInt32BE(part.length, offset);
    offset += part.copy(out, offset);
  }
  return out;
}
