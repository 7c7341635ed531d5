// Step 7 of "Opening": binding, (v2) the value's one spelling, then the signature over M.
import { X509Certificate, constants, verify } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { fail } from './errors.js';
import type { Header } from './header.js';
import { fingerprint, sha256, u32 } from './primitives.js';
import type { Trailer } from './trailer.js';

/** The order of P-256, as the text writes it. */
const N = BigInt('0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551');
/** Version 1's header/trailer scheme table: one row each. */
const V1_ROWS: Record<string, string> = { 'ecdsa-p256-sha256': 'ecdsaSha256', 'rsa-pss-sha256': 'rsaPssSha256' };

export function messageV1(file: Buffer, trailer: Trailer): Buffer {
  return Buffer.concat([Buffer.from('airlock-container/1 signature\0', 'ascii'), sha256(file.subarray(0, trailer.start))]);
}

export function messageV2(file: Buffer, payloadStart: number, leaves: Buffer[], certificates: Buffer[]): Buffer {
  const prefix = sha256(file.subarray(0, payloadStart));
  const chunks = sha256(...leaves);
  const certs = sha256(u32(certificates.length), ...certificates.flatMap((der) => [u32(der.length), der]));
  return Buffer.concat([Buffer.from('airlock-container/2 signature\0', 'ascii'), prefix, chunks, certs]);
}

function checkBinding(header: Header, trailer: Trailer): void {
  const scheme = header.version === 1 ? V1_ROWS[header.signerScheme] : header.signerScheme;
  if (fingerprint(trailer.signerCertificate) !== header.signerFingerprint || trailer.scheme !== scheme) {
    fail('signerMismatch', 'certificates[0] or scheme is not the header\'s signer line');
  }
}

function modulusLength(certificate: X509Certificate): number {
  const n = certificate.publicKey.export({ format: 'jwk' }).n;
  return n ? Buffer.from(n, 'base64url').length : 0;
}

/** Version 2: strict DER, 1 ≤ r, s < n, else signatureBad; s > (n − 1)/2: signatureHighS. */
function checkEcdsaSpelling(value: Buffer): void {
  let s: bigint;
  try {
    const parsed = p256.Signature.fromBytes(value, 'der');
    if (!Buffer.from(parsed.toBytes('der')).equals(value)) throw new Error('not the DER spelling');
    if (parsed.r < 1n || parsed.r >= N || parsed.s < 1n || parsed.s >= N) throw new Error('r or s out of range');
    s = parsed.s;
  } catch {
    return fail('signatureBad', 'ECDSA value is not strict DER');
  }
  if (s > (N - 1n) / 2n) fail('signatureHighS', 'ECDSA s is high');
}

function verifies(certificate: X509Certificate, ecdsa: boolean, message: Buffer, value: Buffer): boolean {
  const key = certificate.publicKey;
  try {
    if (ecdsa) {
      return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' &&
        verify('sha256', message, { key, dsaEncoding: 'der' }, value);
    }
    return key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 &&
      verify('sha256', message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, value);
  } catch {
    return false;
  }
}

/** Returns the signer's certificate once the signature holds. */
export function checkSignature(header: Header, trailer: Trailer, message: Buffer): X509Certificate {
  checkBinding(header, trailer);
  const ecdsa = header.signerScheme === 'ecdsa-p256-sha256';
  let signer: X509Certificate | null = null;
  try {
    signer = new X509Certificate(trailer.signerCertificate);
  } catch {
    signer = null;
  }
  if (header.version === 2) {
    if (ecdsa) checkEcdsaSpelling(trailer.signature);
    else if (!signer || trailer.signature.length !== modulusLength(signer)) fail('signatureBad', 'PSS value not the modulus\' length');
  }
  if (!signer || !verifies(signer, ecdsa, message, trailer.signature)) return fail('signatureBad', 'signature does not verify');
  return signer;
}
