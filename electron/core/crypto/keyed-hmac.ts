import { createHmac } from 'node:crypto';
import { nativeAead, type FieldAeadAddon } from './native-aead.js';

/**
 * HMAC-SHA256 under one key for the life of an unlock: the store's blind indexes (docs/store.md
 * "Blind indexes"). The native path (native/field-aead, OpenSSL's EVP_MAC) computes the key's inner
 * and outer SHA-256 states once and restarts from them for each value; node:crypto's createHmac, the
 * fallback, builds an Hmac object and hashes the key's pads again for every call. Both give the
 * same bytes (tests/unit/keyed-hmac.test.ts checks them against @noble/hashes too). destroy() frees
 * the native context (OpenSSL cleanses the key and both states) or overwrites the fallback's copy of
 * the key; every later call throws.
 */
export interface KeyedHmac {
  readonly implementation: 'native' | 'node';
  /** The first `length` (1…32) bytes of HMAC-SHA256(key, UTF-8 of `text`). */
  digest(text: string, length: number): Buffer;
  destroy(): void;
}

const destroyedKey = (): never => {
  throw new Error('HMAC key destroyed (store locked)');
};

const checkedLength = (length: number) => {
  if (!Number.isInteger(length) || length < 1 || length > 32) throw new RangeError('an HMAC-SHA256 digest is 1 to 32 bytes');
  return length;
};

export function nodeKeyedHmac(keyBytes: Uint8Array): KeyedHmac {
  let key: Buffer | undefined = Buffer.from(keyBytes);
  return {
    implementation: 'node',
    digest: (text, length) =>
      createHmac('sha256', key ?? destroyedKey())
        .update(text, 'utf8')
        .digest()
        .subarray(0, checkedLength(length)),
    destroy() {
      key?.fill(0);
      key = undefined;
    },
  };
}

function nativeHmacWith(addon: FieldAeadAddon, keyBytes: Uint8Array): KeyedHmac {
  let context: object | undefined = addon.macCreate(keyBytes);
  return {
    implementation: 'native',
    digest: (text, length) => addon.mac(context ?? destroyedKey(), text, checkedLength(length)),
    destroy() {
      if (context !== undefined) addon.macDestroy(context);
      context = undefined;
    },
  };
}

/** The native path; throws when the addon is not there (nativeAead() says why). */
export function nativeKeyedHmac(keyBytes: Uint8Array): KeyedHmac {
  const native = nativeAead();
  if (!native.available) throw new Error(`native HMAC unavailable: ${native.reason}`);
  return nativeHmacWith(native.addon, keyBytes);
}

/** What the store uses: the native path when the addon loaded and passed its known-answer tests, else node:crypto. */
export const keyedHmac = (keyBytes: Uint8Array): KeyedHmac => (nativeAead().available ? nativeKeyedHmac(keyBytes) : nodeKeyedHmac(keyBytes));
