import { createHmac, timingSafeEqual } from 'node:crypto';
import { associatedData, SealOpenError, type FieldCipher } from '../crypto/field-cipher.js';
import { DomainError } from '../domain-error.js';
import { parseEvent, type AuditEvent, type AuditKind } from './audit-entry.js';
import { canonicalJson } from '../signing/canonical-json.js';

/** One row of audit_log as SQLite returns it. */
export interface AuditRow {
  seq: number;
  at: string;
  kind_index: Buffer;
  sealed: Buffer;
  prev_hash: Buffer;
  entry_hash: Buffer;
}

export type UnhashedRow = Omit<AuditRow, 'entry_hash'>;

export const HASH_LENGTH = 32;
export const KIND_INDEX_LENGTH = 16;
/** prev_hash of entry 1. */
export const GENESIS_HASH: Buffer = Buffer.alloc(HASH_LENGTH);
/** Bound into each sealed entry's associated data; bump when the sealed JSON changes shape. */
export const ENTRY_FORMAT = 1;

const ENTRY_LABEL = Buffer.from('airlock-audit-entry-v1', 'utf8');
const HEAD_LABEL = Buffer.from('airlock-audit-head-v1', 'utf8');

const u64 = (value: number) => {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(value));
  return out;
};
const u32 = (value: number) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
};

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The keyed half of the log: the chain MAC, the kind blind index and the entry seal. The keys
 * are our own copies (the caller's may be wiped or reused), overwritten by destroy(); after that
 * every call throws store.locked instead of silently computing with a zeroed key.
 */
export class AuditKeys {
  #chainKey: Buffer | undefined;
  #indexKey: Buffer | undefined;
  readonly #cipher: FieldCipher;

  constructor(cipher: FieldCipher, chainKey: Uint8Array, indexKey: Uint8Array) {
    if (chainKey.length !== HASH_LENGTH || indexKey.length !== HASH_LENGTH) throw new Error('audit keys must be 256 bits');
    if (sameBytes(chainKey, indexKey)) throw new Error('the chain key and the index key must differ');
    this.#cipher = cipher;
    this.#chainKey = Buffer.from(chainKey);
    this.#indexKey = Buffer.from(indexKey);
  }

  /**
   * HMAC-SHA256(chainKey, label ‖ prev_hash ‖ seq u64 ‖ len(at) u32 ‖ at ‖ kind_index ‖ len(sealed) u32 ‖ sealed).
   * Keyed, so a chain edited with file access alone cannot be made consistent again; length
   * prefixes, so bytes cannot move between `at` and `sealed` without changing the MAC.
   * `asSeq` recomputes as if the row sat elsewhere (the verifier uses it to recognise moved rows).
   */
  entryHash(row: UnhashedRow, asSeq: number = row.seq): Buffer {
    const at = Buffer.from(row.at, 'utf8');
    return createHmac('sha256', this.#live(this.#chainKey))
      .update(ENTRY_LABEL)
      .update(row.prev_hash)
      .update(u64(asSeq))
      .update(u32(at.length))
      .update(at)
      .update(row.kind_index)
      .update(u32(row.sealed.length))
      .update(row.sealed)
      .digest();
  }

  /** MAC of the head record: without the key, the head cannot be moved back after a truncation. */
  headMac(seq: number, entryHash: Uint8Array): Buffer {
    return createHmac('sha256', this.#live(this.#chainKey)).update(HEAD_LABEL).update(u64(seq)).update(entryHash).digest();
  }

  /** Blind index: filtering by kind needs the key; equal kinds still look equal in the file. */
  kindIndex(kind: AuditKind): Buffer {
    return createHmac('sha256', this.#live(this.#indexKey)).update(kind, 'utf8').digest().subarray(0, KIND_INDEX_LENGTH);
  }

  seal(event: AuditEvent, seq: number): Buffer {
    const json = Buffer.from(canonicalJson(event), 'utf8');
    return Buffer.from(this.#withCipher(() => this.#cipher.seal(json, sealedData(seq))));
  }

  /** The event, or undefined when the seal does not open here or holds no well-formed event. */
  open(sealed: Uint8Array, seq: number): AuditEvent | undefined {
    let plaintext: Uint8Array;
    try {
      plaintext = this.#withCipher(() => this.#cipher.open(sealed, sealedData(seq)));
    } catch (error) {
      if (error instanceof SealOpenError) return undefined;
      throw error;
    }
    return parseEvent(Buffer.from(plaintext).toString('utf8'));
  }

  /** Opens an entry and checks its plaintext columns agree with what was sealed. */
  openRow(row: Pick<AuditRow, 'seq' | 'at' | 'kind_index' | 'sealed'>): AuditEvent | undefined {
    const event = this.open(row.sealed, row.seq);
    if (event === undefined || event.at !== row.at || !sameBytes(this.kindIndex(event.kind), row.kind_index)) return undefined;
    return event;
  }

  destroy(): void {
    this.#chainKey?.fill(0);
    this.#indexKey?.fill(0);
    this.#chainKey = undefined;
    this.#indexKey = undefined;
  }

  #live(key: Buffer | undefined): Buffer {
    if (key === undefined) throw new DomainError('store.locked');
    return key;
  }

  /** The store destroys its cipher on lock; that is store.locked here, not a damaged entry. */
  #withCipher<T>(work: () => T): T {
    this.#live(this.#chainKey);
    try {
      return work();
    } catch (error) {
      if (error instanceof SealOpenError) throw error;
      throw new DomainError('store.locked', undefined, { cause: error });
    }
  }
}

function sealedData(seq: number): Uint8Array {
  return associatedData(['audit_log', 'sealed', seq, ENTRY_FORMAT]);
}
