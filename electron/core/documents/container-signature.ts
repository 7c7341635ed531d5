import { X509Certificate, createHash } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { ContainerError } from './container-error.js';

// Version 2's signed message and its one spelling of a signature value (docs/container.md
// "Version 2": "The signed message", "Signature values: one spelling each").

/** The schemes, spelled alike in header and trailer. */
export const V2_SCHEMES = { ecdsaSha256: 'ecdsa-p256-sha256', rsaPssSha256: 'rsa-pss-sha256' } as const;
export type V2SchemeName = (typeof V2_SCHEMES)[keyof typeof V2_SCHEMES];

const P256_N = p256.Point.CURVE().n;
const HALF_N = (P256_N - 1n) / 2n;
const V2_PREFIX = Buffer.from('airlock-container/2 signature\0', 'latin1');

/** certs-digest: SHA-256(u32(k) || u32(len) || der …), so no certificate can be added, dropped or changed. */
export function certificatesDigest(ders: readonly Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(ders.length);
  hash.update(length);
  for (const der of ders) {
    length.writeUInt32BE(der.length);
    hash.update(length).update(der);
  }
  return hash.digest();
}

/** M = "airlock-container/2 signature" || 0x00 || prefix-digest || chunks-digest || certs-digest (126 bytes). */
export function signatureInputV2(prefixDigest: Uint8Array, chunksDigest: Uint8Array, certsDigest: Uint8Array): Buffer {
  return Buffer.concat([V2_PREFIX, prefixDigest, chunksDigest, certsDigest]);
}

/** The writer's side: a token may return high S; (r, n − s) verifies for the same message and key. */
export function lowSValue(scheme: keyof typeof V2_SCHEMES, value: Uint8Array): Uint8Array {
  if (scheme !== 'ecdsaSha256') return value;
  const signature = p256.Signature.fromBytes(value, 'der');
  return signature.hasHighS() ? new p256.Signature(signature.r, P256_N - signature.s).toBytes('der') : value;
}

/**
 * The reader's side, before verifying: strict DER with 1 ≤ r, s < n and low S (ECDSA), or exactly
 * the modulus' length (RSA-PSS). Throws signatureHighS or signatureBad.
 */
export function checkValueSpelling(scheme: V2SchemeName, signerDer: Uint8Array, value: Uint8Array): void {
  if (scheme === 'ecdsa-p256-sha256') {
    let s: bigint;
    try {
      const signature = p256.Signature.fromBytes(value, 'der');
      if (!Buffer.from(signature.toBytes('der')).equals(value)) throw new Error('not DER');
      ({ s } = signature);
    } catch {
      throw new ContainerError('signatureBad', { reason: 'ECDSA value is not DER of 1 ≤ r, s < n' });
    }
    if (s > HALF_N) throw new ContainerError('signatureHighS');
    return;
  }
  let modulusBits: number | undefined;
  try {
    modulusBits = new X509Certificate(signerDer).publicKey.asymmetricKeyDetails?.modulusLength;
  } catch {
    modulusBits = undefined;
  }
  if (modulusBits === undefined || value.length !== Math.ceil(modulusBits / 8)) throw new ContainerError('signatureBad', { reason: 'RSA-PSS value is not as long as the modulus' });
}
