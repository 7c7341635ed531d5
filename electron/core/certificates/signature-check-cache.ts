import { BoundedCache, VALIDATION_CACHE_CAPACITY } from './bounded-cache.js';
import { sha256Hex, type ParsedCertificate } from './parsed-certificate.js';

/**
 * Whether `child`'s signature verifies under `issuer`'s public key. The answer depends only on the
 * child's bytes and the issuer's SubjectPublicKeyInfo, so it is kept under the SHA-256 of both:
 * a changed byte in either is another key and is verified afresh. Validity dates, key usage and
 * revocation are never cached here: the chain validator evaluates them on every call.
 */
const checked = new BoundedCache<string, Promise<boolean>>(VALIDATION_CACHE_CAPACITY);

export function certificateSignatureValid(child: ParsedCertificate, issuer: ParsedCertificate): Promise<boolean> {
  const key = `${child.fingerprint}:${sha256Hex(new Uint8Array(issuer.x509.publicKey.rawData))}`;
  return checked.remember(key, () => child.x509.verify({ publicKey: issuer.x509, signatureOnly: true }).catch(() => false));
}
