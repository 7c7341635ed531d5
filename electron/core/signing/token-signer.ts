import { createHash } from 'node:crypto';
import { certificateInfo } from '../certificates/certificate-info.js';
import { sha256Hex } from '../certificates/parsed-certificate.js';
import { createSignatureVerifier } from '../certificates/signature-verifier.js';

/** New token signatures (audit, documents, zone intents): RSA-PSS or ECDSA, SHA-256 (Circular 15/2025); PKCS#1 v1.5 is refused. */
export const TOKEN_SIGNATURE_SCHEMES = ['rsaPssSha256', 'ecdsaSha256'] as const;
export type TokenSignatureScheme = (typeof TOKEN_SIGNATURE_SCHEMES)[number];

/**
 * A signing key on the token, as the audit log, the document container and zone intents need it. The scheme and certificate are known BEFORE signing, so
 * they are inside what is signed: a signature cannot be re-attributed to another certificate
 * (ECDSA admits a second key for a given signature). `sign` gets a SHA-256 digest, exactly what
 * TokenService.sign takes; RSA-PSS uses a 32-byte salt, ECDSA returns DER.
 */
export interface TokenSigner {
  readonly scheme: TokenSignatureScheme;
  readonly certificateDer: Uint8Array;
  sign(digest: Uint8Array): Promise<Uint8Array>;
  /**
   * Only a key held in this process (the software test signer of the benches): signs the bytes
   * themselves, since node:crypto hashes inside and cannot sign a given digest. A token signer
   * never has it, so its path stays SHA-256 here and the digest alone to C_Sign.
   */
  readonly signBytes?: (signed: Uint8Array) => Promise<Uint8Array>;
}

export interface SignerSummary {
  /** RFC 4514 subject, e.g. "CN=Nguyễn Văn An, O=…, C=VN". */
  readonly subject: string;
  readonly fingerprint: string;
  readonly notBefore: string;
  readonly notAfter: string;
}

export const fingerprintOf = (der: Uint8Array): string => sha256Hex(der);

/** True only for a valid signature by the certificate's key over exactly `signed`; never throws. */
export function signatureValid(scheme: string, certificateDer: Uint8Array, signed: Uint8Array, signature: Uint8Array): boolean {
  if (!(TOKEN_SIGNATURE_SCHEMES as readonly string[]).includes(scheme)) return false;
  try {
    const verifier = createSignatureVerifier(scheme as TokenSignatureScheme, certificateDer);
    verifier.update(signed);
    return verifier.verify(signature);
  } catch {
    return false; // unparsable certificate, wrong key type or a weak key
  }
}

/**
 * Signs `signed` on the token and checks the result at once: a token returning a signature that
 * does not verify (wrong key for the certificate, wrong mechanism) is refused before anything
 * relies on it, rather than discovered by the next verifier run.
 */
export async function signAndCheck(signer: TokenSigner, signed: Uint8Array): Promise<Uint8Array> {
  if (!(TOKEN_SIGNATURE_SCHEMES as readonly string[]).includes(signer.scheme)) throw new Error(`audit signatures use RSA-PSS or ECDSA, not ${String(signer.scheme)}`);
  createSignatureVerifier(signer.scheme, signer.certificateDer); // throws early for a certificate that does not fit the scheme
  const signature = signer.signBytes === undefined ? await signer.sign(createHash('sha256').update(signed).digest()) : await signer.signBytes(signed);
  if (!signatureValid(signer.scheme, signer.certificateDer, signed, signature)) throw new Error('the token signature does not verify with its certificate');
  return signature;
}

export function describeSigner(certificateDer: Uint8Array): SignerSummary {
  const info = certificateInfo(certificateDer);
  return { subject: info.subject.display, fingerprint: info.fingerprint, notBefore: info.notBefore, notAfter: info.notAfter };
}
