import { constants, createVerify, type KeyObject } from 'node:crypto';
import { certificatePublicKey } from './certificate-public-key.js';
import { parseCertificate, type CertificateInput } from './parsed-certificate.js';

/**
 * Signature schemes Airlock verifies. New signatures are RSA-PSS or ECDSA (Circular 15/2025);
 * PKCS#1 v1.5 is accepted for verifying older documents only. SHA-256 throughout.
 */
export type SignatureScheme = 'rsaPssSha256' | 'rsaPkcs1Sha256' | 'ecdsaSha256';

export interface SignatureVerifier {
  /** Feed the signed bytes as they stream past; nothing is buffered. */
  update(chunk: Uint8Array): void;
  /** True only for a signature by the certificate's key over exactly the bytes fed. */
  verify(signature: Uint8Array): boolean;
}

const MIN_RSA_BITS = 2048;

function keyOf(certificate: CertificateInput): KeyObject {
  return certificatePublicKey(parseCertificate(certificate).der);
}

/** node:crypto does the work; this only fixes the parameters and refuses weak or mismatched keys. */
export function createSignatureVerifier(scheme: SignatureScheme, certificate: CertificateInput): SignatureVerifier {
  const key = keyOf(certificate);
  const details = key.asymmetricKeyDetails ?? {};
  if (scheme === 'ecdsaSha256') {
    if (key.asymmetricKeyType !== 'ec' || details.namedCurve !== 'prime256v1') throw new Error('ECDSA verification needs a P-256 certificate');
  } else if (key.asymmetricKeyType !== 'rsa' || (details.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw new Error(`RSA verification needs a certificate of at least ${MIN_RSA_BITS} bits`);
  }
  const verifier = createVerify('sha256');
  return {
    update: (chunk) => void verifier.update(chunk),
    verify: (signature) => {
      try {
        if (scheme === 'rsaPssSha256') return verifier.verify({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
        if (scheme === 'rsaPkcs1Sha256') return verifier.verify({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
        return verifier.verify({ key, dsaEncoding: 'der' }, signature);
      } catch {
        return false; // a malformed signature is simply not a valid one
      }
    },
  };
}
