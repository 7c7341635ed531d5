import { hkdfSync } from 'node:crypto';
import { storeFieldCipher, type FieldCipher } from '../crypto/field-cipher.js';
import { keyedHmac, type KeyedHmac } from '../crypto/keyed-hmac.js';

/**
 * The keys of one store file, all derived from its data key with HKDF-SHA256 so one unwrap
 * gives them all: the field cipher, the blind-index key, the audit chain key. Held only while
 * unlocked; destroy() overwrites every byte (the tests check the buffers).
 */
export class StoreKeys {
  readonly cipher: FieldCipher;
  readonly indexKey: Buffer;
  readonly chainKey: Buffer;
  /** The audit log's own blind-index key, distinct from the records' one. */
  readonly auditIndexKey: Buffer;
  /** The messages' word index key (messaging/message-search-index.ts), apart from the records' lookups. */
  readonly messageSearchKey: Buffer;
  /** Kept (while unlocked) only to re-wrap it to new recipients. */
  readonly dataKey: Buffer;
  readonly #raw: Buffer[];
  /** HMAC-SHA256 under indexKey, keyed once per unlock (the native path keeps its own states, freed by destroy()). */
  readonly #indexMac: KeyedHmac;

  constructor(dataKey: Uint8Array) {
    if (dataKey.length !== 32) throw new Error('data key must be 256 bits');
    this.dataKey = Buffer.from(dataKey);
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, 32));
    const fieldKey = derive('airlock store field v1');
    this.indexKey = derive('airlock store index v1');
    this.chainKey = derive('airlock audit chain v1');
    this.auditIndexKey = derive('airlock audit index v1');
    this.messageSearchKey = derive('airlock message search v1');
    this.cipher = storeFieldCipher(fieldKey);
    fieldKey.fill(0); // the cipher keeps its own copy
    this.#raw = [this.dataKey, this.indexKey, this.chainKey, this.auditIndexKey, this.messageSearchKey];
    this.#indexMac = keyedHmac(this.indexKey);
  }

  /** Keyed blind index of a lookup value: equal inputs match, nothing else is learnt from the file. */
  blindIndex(value: string): Buffer {
    return this.#indexMac.digest(value.normalize('NFC'), 16);
  }

  /** For the zeroization test: the raw key buffers this object holds. */
  rawBuffers(): readonly Buffer[] {
    return this.#raw;
  }

  /** Which HMAC the blind index runs on (for the bench's report and the tests). */
  get indexMacImplementation(): KeyedHmac['implementation'] {
    return this.#indexMac.implementation;
  }

  destroy(): void {
    this.cipher.destroy();
    this.#indexMac.destroy();
    for (const buffer of this.#raw) buffer.fill(0);
  }
}
