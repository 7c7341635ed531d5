import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * EME-OAEP decoding (RFC 8017 §7.1.2) with SHA-256 and MGF1-SHA-256, for tokens whose module
 * lacks OAEP-SHA256 (SoftHSM 2.6.1 has only SHA-1): the RSA private operation still happens on
 * the token (CKM_RSA_X_509); only the padding is removed here. Hashing is node:crypto's.
 * Every check is folded into one flag and answered with one error, so a caller learns nothing
 * about which check failed (Manger's attack).
 */
const HASH_LENGTH = 32;

function mgf1(seed: Uint8Array, length: number): Buffer {
  const out = Buffer.alloc(Math.ceil(length / HASH_LENGTH) * HASH_LENGTH);
  const counter = Buffer.alloc(4);
  for (let i = 0; i * HASH_LENGTH < length; i++) {
    counter.writeUInt32BE(i);
    createHash('sha256').update(seed).update(counter).digest().copy(out, i * HASH_LENGTH);
  }
  return out.subarray(0, length);
}

export function oaepSha256Decode(encoded: Uint8Array, label: Uint8Array = new Uint8Array(0)): Buffer {
  const k = encoded.length;
  if (k < 2 * HASH_LENGTH + 2) throw new Error('decryption error');
  const maskedSeed = encoded.subarray(1, 1 + HASH_LENGTH);
  const maskedDb = encoded.subarray(1 + HASH_LENGTH);
  const seedMask = mgf1(maskedDb, HASH_LENGTH);
  const seed = Buffer.alloc(HASH_LENGTH);
  for (let i = 0; i < HASH_LENGTH; i++) seed[i] = (maskedSeed[i] ?? 0) ^ (seedMask[i] ?? 0);
  const dbMask = mgf1(seed, k - HASH_LENGTH - 1);
  const db = Buffer.alloc(k - HASH_LENGTH - 1);
  for (let i = 0; i < db.length; i++) db[i] = (maskedDb[i] ?? 0) ^ (dbMask[i] ?? 0);

  const labelHash = createHash('sha256').update(label).digest();
  let bad = (encoded[0] ?? 1) !== 0 ? 1 : 0;
  bad |= timingSafeEqual(db.subarray(0, HASH_LENGTH), labelHash) ? 0 : 1;
  // Find the 0x01 separator after the zero padding without branching on secret data.
  let separator = 0;
  let looking = 1;
  for (let i = HASH_LENGTH; i < db.length; i++) {
    const byte = db[i] ?? 0;
    const isOne = byte === 1 ? 1 : 0;
    const isZero = byte === 0 ? 1 : 0;
    separator += looking & isOne ? i : 0;
    bad |= looking & ~isOne & ~isZero & 1;
    looking &= isZero;
  }
  bad |= looking;
  if (bad !== 0) throw new Error('decryption error');
  return Buffer.from(db.subarray(separator + 1));
}
