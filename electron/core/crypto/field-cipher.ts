import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';
import { gcm } from '@noble/ciphers/aes.js';
import { nativeAead, type FieldAeadAddon } from './native-aead.js';

/**
 * AES-256-GCM for sealed values (Circular 15/2025/TT-BKHCN names AES). Layout of a sealed value:
 *   version (1 byte, 0x01) ‖ nonce (12 random bytes) ‖ ciphertext ‖ tag (16 bytes)
 * The associated data binds a value to where it lives (see associatedData), so a value copied to
 * another row, column or table fails to open.
 *
 * Limit relied on: random 96-bit nonces, at most 2^32 seals per key (NIST SP 800-38D §8.3); the
 * store counts seals and rotates the data key long before. Three implementations give identical
 * bytes (test vectors in tests/unit/field-cipher.test.ts): OpenSSL's EVP through native/field-aead
 * (one key schedule per unlock, the store's choice when it loads), node:crypto (the fallback, same
 * OpenSSL) and @noble/ciphers, the independent cross-check the customer asked for.
 */
export interface FieldCipher {
  readonly implementation: 'native' | 'node' | 'noble';
  seal(plaintext: Uint8Array, associatedData: Uint8Array, nonce?: Uint8Array): Uint8Array;
  /** Throws SealOpenError for any damage, wrong key or wrong associated data. */
  open(sealed: Uint8Array, associatedData: Uint8Array): Uint8Array;
  /**
   * open(), the plaintext handed to `use` and overwritten with zeros when it returns: `use` must not
   * keep it. The native path opens into one reused buffer, so a read makes no Buffer per value.
   */
  read<T>(sealed: Uint8Array, associatedData: Uint8Array, use: (plaintext: Buffer) => T): T;
  /**
   * open() decoded as UTF-8 text, as Buffer.toString('utf8') decodes it; the bytes are overwritten
   * before it returns. What the store parses every record from (it made this same string before, from
   * read()): the native path decodes in the addon, so no Buffer or view of the plaintext is made here.
   */
  openText(sealed: Uint8Array, associatedData: Uint8Array): string;
  /**
   * openText() under the associated data `binding.head ‖ part(id) ‖ binding.tail`, the bytes
   * associatedDataAround() gives for `id` (a safe integer), built by the native path inside the
   * addon and by the others in a buffer.
   */
  openTextAround(sealed: Uint8Array, binding: AssociatedDataAround, id: number): string;
  /**
   * openTextAround() of each value, ids[i] for sealed[i]: the texts in order, or SealOpenError with the
   * `index` of the first value that does not open, and none of the texts. The native path opens the
   * whole page in one call into the addon (a list's rows: no call, checks and wrapper per value).
   */
  openTextsAround(sealed: readonly Uint8Array[], binding: AssociatedDataAround, ids: readonly number[]): string[];
  /**
   * seal() of `text`'s UTF-8 bytes under openTextAround()'s associated data for `id`: what the store
   * writes every record with. The native path encodes the text and the associated data inside the
   * addon (no Buffer of the plaintext, no buffer of the binding); the others make both and overwrite
   * the plaintext bytes before returning.
   */
  sealTextAround(text: string, binding: AssociatedDataAround, id: number): Uint8Array;
  /** Overwrites the key; every later call throws. */
  destroy(): void;
}

export class SealOpenError extends Error {
  /** @param index which value of a page did not open (openTextsAround), when there was a page. */
  constructor(readonly index?: number) {
    super(index === undefined ? 'sealed value cannot be opened' : `sealed value ${index} of the page cannot be opened`);
    this.name = 'SealOpenError';
  }
}

const VERSION = 0x01;
const NONCE = 12;
const TAG = 16;
const KEY = 32;
export const SEAL_OVERHEAD = 1 + NONCE + TAG;
/** Nonces drawn from the OS CSPRNG this many at a time (docs/store.md "Nonces"): one call per 340 seals, not per seal. */
const NONCES_PER_DRAW = 340;
/** read() opens values up to this size in its reused buffer; larger ones get a buffer of their own. */
const SCRATCH_LIMIT = 64 * 1024;

/**
 * The raw AES-256-GCM primitive of one library, keyed once: ciphertext ‖ 16-byte tag out of encrypt.
 * decrypt reads value[offset…] = nonce ‖ ciphertext ‖ tag (an offset, not a subarray: the store calls
 * it for every value it reads) and throws on any mismatch. destroy() wipes whatever holds the key
 * (a buffer, a key schedule).
 */
interface KeyedAesGcm {
  encrypt(nonce: Uint8Array, associatedData: Uint8Array, plaintext: Uint8Array): Uint8Array;
  decrypt(value: Uint8Array, offset: number, associatedData: Uint8Array): Uint8Array;
  /** decrypt() into `out` (large enough); false when it does not authenticate, `out` then cleansed. */
  decryptInto?(value: Uint8Array, offset: number, associatedData: Uint8Array, out: Buffer): boolean;
  /** decrypt() as UTF-8 text, null when it does not authenticate; the plaintext bytes cleansed. */
  decryptText?(value: Uint8Array, offset: number, associatedData: Uint8Array): string | null;
  /** decryptText() under head ‖ part(id) ‖ tail, built by the library. */
  decryptTextAround?(value: Uint8Array, offset: number, head: Uint8Array, id: number, tail: Uint8Array): string | null;
  /** decryptTextAround() of a page of whole stored values (version ‖ nonce ‖ …): the texts, or the index of the first that does not open. */
  decryptTextsAround?(version: number, values: readonly Uint8Array[], head: Uint8Array, ids: readonly number[], tail: Uint8Array): string[] | number;
  /** version ‖ nonce ‖ encrypt() in one buffer. */
  encryptValue?(version: number, nonce: Uint8Array, associatedData: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** encryptValue() of text's UTF-8 under head ‖ part(id) ‖ tail, both encoded by the library. */
  encryptTextAround?(version: number, nonce: Uint8Array, head: Uint8Array, id: number, tail: Uint8Array, text: string): Uint8Array;
  destroy(): void;
}

const destroyedKey = (): never => {
  throw new Error('cipher key destroyed (store locked)');
};

const failOpen = (): never => {
  throw new SealOpenError();
};

/** A library that takes the key at every call: our own copy of it, wiped by destroy(). */
function keyedByCopy(keyBytes: Uint8Array, primitive: (key: Buffer) => Omit<KeyedAesGcm, 'destroy'>): KeyedAesGcm {
  let key: Buffer | undefined = Buffer.from(keyBytes);
  const live = () => primitive(key ?? destroyedKey());
  return {
    encrypt: (nonce, associatedData, plaintext) => live().encrypt(nonce, associatedData, plaintext),
    decrypt: (value, offset, associatedData) => live().decrypt(value, offset, associatedData),
    destroy() {
      key?.fill(0);
      key = undefined;
    },
  };
}

const nodeGcm = (keyBytes: Uint8Array): KeyedAesGcm =>
  keyedByCopy(keyBytes, (key) => ({
    encrypt(nonce, associatedData, plaintext) {
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(associatedData);
      return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    },
    decrypt(value, offset, associatedData) {
      const decipher = createDecipheriv('aes-256-gcm', key, value.subarray(offset, offset + NONCE), { authTagLength: TAG });
      decipher.setAAD(associatedData);
      decipher.setAuthTag(value.subarray(value.length - TAG));
      const plaintext = decipher.update(value.subarray(offset + NONCE, value.length - TAG));
      // GCM is a stream mode: final() only checks the tag and yields nothing, so no concatenation.
      const rest = decipher.final();
      return rest.length === 0 ? plaintext : Buffer.concat([plaintext, rest]);
    },
  }));

const nobleGcm = (keyBytes: Uint8Array): KeyedAesGcm =>
  keyedByCopy(keyBytes, (key) => ({
    encrypt: (nonce, associatedData, plaintext) => gcm(key, nonce, associatedData).encrypt(plaintext),
    decrypt: (value, offset, associatedData) => gcm(key, value.subarray(offset, offset + NONCE), associatedData).decrypt(value.subarray(offset + NONCE)),
  }));

/**
 * OpenSSL's EVP AES-256-GCM through native/field-aead: the key schedule made once, in an EVP context
 * that destroy() frees (OpenSSL cleanses it). No copy of the key stays in JavaScript.
 */
function nativeGcm(addon: FieldAeadAddon, keyBytes: Uint8Array): KeyedAesGcm {
  let context: object | undefined = addon.create(keyBytes);
  const live = (): object => context ?? destroyedKey();
  return {
    encrypt: (nonce, associatedData, plaintext) => addon.seal(live(), nonce, associatedData, plaintext),
    decrypt: (value, offset, associatedData) => addon.open(live(), value, offset, associatedData) ?? failOpen(),
    decryptInto: (value, offset, associatedData, out) => addon.openInto(live(), value, offset, associatedData, out) >= 0,
    decryptText: (value, offset, associatedData) => addon.openText(live(), value, offset, associatedData),
    decryptTextAround: (value, offset, head, id, tail) => addon.openTextAround(live(), value, offset, head, id, tail),
    ...(addon.openTextsAround === undefined ? {} : { decryptTextsAround: (version, values, head, ids, tail) => addon.openTextsAround?.(live(), version, values, head, ids, tail) ?? failOpen() }),
    encryptValue: (version, nonce, associatedData, plaintext) => addon.sealValue(live(), version, nonce, associatedData, plaintext),
    encryptTextAround: (version, nonce, head, id, tail, text) => addon.sealTextAround(live(), version, nonce, head, id, tail, text),
    destroy() {
      if (context !== undefined) addon.destroy(context);
      context = undefined;
    },
  };
}

/** The framing and error mapping, written once for every library. */
function fieldCipher(implementation: FieldCipher['implementation'], makePrimitive: (key: Uint8Array) => KeyedAesGcm, keyBytes: Uint8Array): FieldCipher {
  if (keyBytes.length !== KEY) throw new Error('AES-256 needs a 32-byte key');
  const primitive = makePrimitive(keyBytes);
  let destroyed = false;
  const usable = () => {
    if (destroyed) destroyedKey();
  };
  // Random nonces, NONCES_PER_DRAW at a time: every byte comes from the CSPRNG and is handed out once.
  let nonces: Buffer | undefined;
  let nextNonce = 0;
  const freshNonce = (): Buffer => {
    if (nonces === undefined || nextNonce === nonces.length) {
      nonces = randomFillSync(nonces ?? Buffer.allocUnsafeSlow(NONCES_PER_DRAW * NONCE));
      nextNonce = 0;
    }
    nextNonce += NONCE;
    return nonces.subarray(nextNonce - NONCE, nextNonce);
  };
  // A text from the addon: checked framing, any failure of the library taken as damage (usable() has told a locked key apart).
  const opened = (sealed: Uint8Array, decrypt: () => string | null | undefined): string => {
    usable();
    if (sealed.length < SEAL_OVERHEAD || sealed[0] !== VERSION) throw new SealOpenError();
    let text: string | null | undefined;
    try {
      text = decrypt();
    } catch {
      throw new SealOpenError();
    }
    return text ?? failOpen();
  };
  // read()'s plaintext buffer, reused while it is not in use and the value fits; zeros between reads.
  let scratch: Buffer | undefined;
  let reading = false;
  const cipher: FieldCipher = {
    implementation,
    seal(plaintext, associatedData, nonce) {
      usable();
      // A view into the pool, used before anything can refill it; the value gets a copy of it.
      nonce ??= freshNonce();
      if (primitive.encryptValue !== undefined) return primitive.encryptValue(VERSION, nonce, associatedData, plaintext);
      return Buffer.concat([Buffer.of(VERSION), nonce, primitive.encrypt(nonce, associatedData, plaintext)]);
    },
    open(sealed, associatedData) {
      usable();
      if (sealed.length < SEAL_OVERHEAD || sealed[0] !== VERSION) throw new SealOpenError();
      try {
        return primitive.decrypt(sealed, 1, associatedData);
      } catch {
        // usable() has told a locked store apart already; anything else is damage and opens nothing.
        throw new SealOpenError();
      }
    },
    read(sealed, associatedData, use) {
      usable();
      const length = sealed.length - SEAL_OVERHEAD;
      if (primitive.decryptInto === undefined || reading || length > SCRATCH_LIMIT) {
        const opened = cipher.open(sealed, associatedData);
        // A view of the one plaintext buffer (no copy), so the buffer wiped is the only one there is.
        const plaintext = Buffer.from(opened.buffer, opened.byteOffset, opened.byteLength);
        try {
          return use(plaintext);
        } finally {
          plaintext.fill(0);
        }
      }
      if (sealed[0] !== VERSION || length < 0) throw new SealOpenError();
      if (scratch === undefined || scratch.length < length) scratch = Buffer.alloc(Math.max(4096, 2 ** Math.ceil(Math.log2(length))));
      let opened: boolean;
      try {
        opened = primitive.decryptInto(sealed, 1, associatedData, scratch);
      } catch {
        throw new SealOpenError();
      }
      if (!opened) throw new SealOpenError();
      reading = true;
      try {
        return use(scratch.subarray(0, length));
      } finally {
        scratch.fill(0, 0, length);
        reading = false;
      }
    },
    openText(sealed, associatedData) {
      if (primitive.decryptText === undefined) return cipher.read(sealed, associatedData, (plaintext) => plaintext.toString('utf8'));
      return opened(sealed, () => primitive.decryptText?.(sealed, 1, associatedData));
    },
    openTextAround(sealed, binding, id) {
      if (primitive.decryptTextAround === undefined || !Number.isSafeInteger(id)) return cipher.openText(sealed, binding(id));
      return opened(sealed, () => primitive.decryptTextAround?.(sealed, 1, binding.head, id, binding.tail));
    },
    openTextsAround(sealed, binding, ids) {
      usable();
      if (sealed.length !== ids.length) throw new Error('openTextsAround needs one id per value');
      if (primitive.decryptTextsAround === undefined || !ids.every((id) => Number.isSafeInteger(id))) {
        return sealed.map((value, index) => {
          try {
            return cipher.openTextAround(value, binding, ids[index] ?? Number.NaN);
          } catch (error) {
            throw error instanceof SealOpenError ? new SealOpenError(index) : error;
          }
        });
      }
      let texts: string[] | number;
      try {
        texts = primitive.decryptTextsAround(VERSION, sealed, binding.head, ids, binding.tail);
      } catch {
        // usable() has told a locked key apart; anything else the addon refused is damage: nothing opens.
        throw new SealOpenError();
      }
      if (typeof texts === 'number') throw new SealOpenError(texts);
      return texts;
    },
    sealTextAround(text, binding, id) {
      usable();
      if (primitive.encryptTextAround !== undefined && Number.isSafeInteger(id)) return primitive.encryptTextAround(VERSION, freshNonce(), binding.head, id, binding.tail, text);
      const plaintext = Buffer.from(text, 'utf8');
      try {
        return cipher.seal(plaintext, binding(id));
      } finally {
        plaintext.fill(0);
      }
    },
    destroy() {
      destroyed = true;
      nonces?.fill(0);
      nonces = undefined;
      scratch?.fill(0);
      scratch = undefined;
      primitive.destroy();
    },
  };
  return cipher;
}

export const nodeFieldCipher = (key: Uint8Array): FieldCipher => fieldCipher('node', nodeGcm, key);
export const nobleFieldCipher = (key: Uint8Array): FieldCipher => fieldCipher('noble', nobleGcm, key);

/** The native path; throws when the addon is not there (nativeAead() says why). */
export function nativeFieldCipher(key: Uint8Array): FieldCipher {
  const native = nativeAead();
  if (!native.available) throw new Error(`native AES-GCM unavailable: ${native.reason}`);
  return fieldCipher('native', (bytes) => nativeGcm(native.addon, bytes), key);
}

/** What the store uses: the native path when it loaded and passed its known-answer test, else node:crypto. */
export const storeFieldCipher = (key: Uint8Array): FieldCipher => (nativeAead().available ? nativeFieldCipher(key) : nodeFieldCipher(key));

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

/** associatedDataAround()'s encoder, with the constant bytes before and after the part that changes. */
export interface AssociatedDataAround {
  (value: string | number | bigint): Uint8Array;
  readonly head: Uint8Array;
  readonly tail: Uint8Array;
}

/**
 * associatedData([...before, value, ...after]) with `before` and `after` encoded once: the same bytes
 * (the encoding is a concatenation of parts), for bindings where only the row id changes per value.
 */
export function associatedDataAround(before: readonly (string | number | bigint)[], after: readonly (string | number | bigint)[]): AssociatedDataAround {
  const head = associatedData(before);
  const tail = associatedData(after);
  const encode = (value: string | number | bigint) => {
    const text = String(value);
    const length = Buffer.byteLength(text, 'utf8');
    const out = Buffer.allocUnsafe(head.length + 4 + length + tail.length);
    out.set(head, 0);
    out.writeUInt32BE(length, head.length);
    out.write(text, head.length + 4, 'utf8');
    out.set(tail, head.length + 4 + length);
    return out;
  };
  return Object.assign(encode, { head, tail });
}
