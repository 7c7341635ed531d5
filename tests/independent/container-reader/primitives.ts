// The spec's "Conventions": u32, u88, canonical b64, fingerprints, HKDF, AES-256-GCM without AAD,
// AES-KW — all primitives from node:crypto.
import { createDecipheriv, createHash, hkdfSync } from 'node:crypto';

export const u32 = (n: number): Buffer => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(n);
  return out;
};

/** `u88(i) || flag`: the 12-byte GCM iv of chunk i. */
export function chunkIv(index: number, last: boolean): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeUIntBE(index, 5, 6); // u88 big-endian: the index (< 2^48) sits in bytes 5..10
  iv[11] = last ? 1 : 0;
  return iv;
}

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Canonical, non-empty standard base64, or null. */
export function b64(text: string): Buffer | null {
  if (text.length === 0 || !B64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

export const sha256 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

export const fingerprint = (der: Uint8Array): string => sha256(der).toString('hex');

export const hkdf = (ikm: Uint8Array, salt: Uint8Array, info: string): Buffer =>
  Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from(info, 'ascii'), 32));

/** AES-256-GCM open, no AAD, `sealed` = ciphertext || tag; null when the tag fails. */
export function openGcm(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array): Buffer | null {
  if (sealed.length < 16) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}

/** AES-KW (RFC 3394, default IV) unwrap; null when its integrity check fails. */
export function unwrapAesKw(kek: Uint8Array, wrapped: Uint8Array): Buffer | null {
  try {
    const decipher = createDecipheriv('id-aes256-wrap', kek, Buffer.from('A6A6A6A6A6A6A6A6', 'hex'));
    return Buffer.concat([decipher.update(wrapped), decipher.final()]);
  } catch {
    return null;
  }
}
