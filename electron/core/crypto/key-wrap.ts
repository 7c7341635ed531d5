import { createECDH, hkdfSync, publicEncrypt, constants, X509Certificate, type KeyObject } from 'node:crypto';
import { aeskw } from '@noble/ciphers/aes.js';

/**
 * A 256-bit key wrapped to one recipient certificate, so that only that recipient's token can
 * unwrap it. Used for the store's data key (and later for document file keys).
 * - RSA: RSA-OAEP with SHA-256 (MGF1-SHA-256), label empty.
 * - EC P-256: ECDH-ES — an ephemeral key pair per wrap; KEK = HKDF-SHA256(Z, salt = ephemeral
 *   point ‖ recipient point, info = "airlock key wrap v1"); key wrapped with AES-KW (RFC 3394).
 */
export type WrapScheme = 'rsa-oaep-sha256' | 'ecdh-es-p256-hkdf-sha256-a256kw';

export interface WrappedKey {
  /** SHA-256 fingerprint (hex) of the recipient's certificate. */
  readonly recipient: string;
  readonly scheme: WrapScheme;
  /** Ephemeral P-256 point (65 bytes) for ECDH-ES; empty for RSA. */
  readonly ephemeral: Uint8Array;
  readonly wrapped: Uint8Array;
}

/** What the recipient's token does for an unwrap; the private key never leaves it. */
export interface RecipientKeyOperations {
  decryptOaep(ciphertext: Uint8Array): Promise<Uint8Array>;
  deriveEcdh(publicPoint: Uint8Array): Promise<Uint8Array>;
}

const INFO = Buffer.from('airlock key wrap v1');

export function fingerprintOf(certificate: X509Certificate): string {
  return certificate.fingerprint256.replaceAll(':', '').toLowerCase();
}

function pointOf(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.concat([Buffer.of(4), Buffer.from(jwk.x ?? '', 'base64url'), Buffer.from(jwk.y ?? '', 'base64url')]);
}

function kek(sharedSecret: Uint8Array, ephemeral: Uint8Array, recipientPoint: Uint8Array, info: Uint8Array): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', sharedSecret, Buffer.concat([ephemeral, recipientPoint]), info, 32));
}

/** `info` separates uses: the store's data keys use the default, containers their own (docs/container.md). */
export function wrapKeyFor(key: Uint8Array, certificateDer: Uint8Array, info: Uint8Array = INFO): WrappedKey {
  if (key.length !== 32) throw new Error('only 256-bit keys are wrapped');
  const certificate = new X509Certificate(Buffer.from(certificateDer));
  const publicKey = certificate.publicKey;
  const recipient = fingerprintOf(certificate);
  if (publicKey.asymmetricKeyType === 'rsa') {
    if ((publicKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new Error('RSA recipients need at least 2048 bits');
    const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, key);
    return { recipient, scheme: 'rsa-oaep-sha256', ephemeral: new Uint8Array(0), wrapped };
  }
  if (publicKey.asymmetricKeyType === 'ec' && publicKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    const recipientPoint = pointOf(publicKey);
    const ephemeral = createECDH('prime256v1');
    const ephemeralPoint = ephemeral.generateKeys();
    const shared = ephemeral.computeSecret(recipientPoint);
    const wrappingKey = kek(shared, ephemeralPoint, recipientPoint, info);
    try {
      return { recipient, scheme: 'ecdh-es-p256-hkdf-sha256-a256kw', ephemeral: ephemeralPoint, wrapped: aeskw(wrappingKey).encrypt(key) };
    } finally {
      shared.fill(0);
      wrappingKey.fill(0);
    }
  }
  throw new Error('recipient certificate must hold an RSA ≥ 2048 or EC P-256 key');
}

/** Unwraps on the recipient's token; throws if the token's key is not the one wrapped to. */
export async function unwrapKeyWith(wrapped: WrappedKey, certificateDer: Uint8Array, token: RecipientKeyOperations, info: Uint8Array = INFO): Promise<Uint8Array> {
  if (wrapped.scheme === 'rsa-oaep-sha256') return token.decryptOaep(wrapped.wrapped);
  const recipientPoint = pointOf(new X509Certificate(Buffer.from(certificateDer)).publicKey);
  const shared = await token.deriveEcdh(wrapped.ephemeral);
  const wrappingKey = kek(shared, wrapped.ephemeral, recipientPoint, info);
  try {
    return aeskw(wrappingKey).decrypt(wrapped.wrapped);
  } finally {
    shared.fill(0);
    wrappingKey.fill(0);
  }
}
