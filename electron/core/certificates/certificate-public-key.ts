import { X509Certificate, type KeyObject } from 'node:crypto';
import { BoundedCache, VALIDATION_CACHE_CAPACITY } from './bounded-cache.js';
import { sha256Hex } from './parsed-certificate.js';

/**
 * A certificate's public key as node:crypto holds it, made once per content: OpenSSL's parse of
 * the whole certificate costs more than the signature check or key agreement that needs the key,
 * and every message uses the same few certificates. Keyed by the SHA-256 of the exact DER (other
 * bytes are another key); a KeyObject cannot be changed, and it is a public key: nothing to wipe.
 * Validity and usage are never decided here.
 */
const keys = new BoundedCache<string, KeyObject>(VALIDATION_CACHE_CAPACITY);

export function certificatePublicKey(der: Uint8Array): KeyObject {
  return keys.remember(sha256Hex(der), () => new X509Certificate(Buffer.from(der)).publicKey);
}
