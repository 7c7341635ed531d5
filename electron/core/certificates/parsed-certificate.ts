import { createHash, X509Certificate as OpenSslCertificate } from 'node:crypto';
import { BoundedCache, VALIDATION_CACHE_CAPACITY } from './bounded-cache.js';
import { PemConverter, X509Certificate } from './x509.js';

/** A certificate as the caller hands it over: DER bytes (a Buffer is fine) or PEM text. */
export type CertificateInput = string | Uint8Array;

/** A certificate parsed once, with the fingerprint that identifies it everywhere. */
export interface ParsedCertificate {
  readonly x509: X509Certificate;
  readonly der: Uint8Array;
  /** Lower-case hex SHA-256 of `der`. */
  readonly fingerprint: string;
}

export type CertificateErrorCode = 'certificate.malformed' | 'certificate.anchorNotCA';

/** Bad input or configuration, by code; the IPC layer maps it to a user-facing error. */
export class CertificateError extends Error {
  constructor(readonly code: CertificateErrorCode) {
    super(code);
    this.name = 'CertificateError';
  }
}

const CERTIFICATE_PEM_TYPE = 'CERTIFICATE';

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Parses exactly one certificate; a PEM bundle with several is refused as ambiguous. */
export function parseCertificate(input: CertificateInput | ParsedCertificate): ParsedCertificate {
  if (isParsed(input)) return input;
  const all = parseCertificates(input);
  if (all.length !== 1 || all[0] === undefined) throw new CertificateError('certificate.malformed');
  return all[0];
}

/** Parses one DER certificate or every CERTIFICATE block of a PEM bundle. */
export function parseCertificates(input: CertificateInput): ParsedCertificate[] {
  return derBlocks(input).map(fromDer);
}

function derBlocks(input: CertificateInput): Uint8Array[] {
  if (typeof input !== 'string') return [input];
  let blocks: ReturnType<typeof PemConverter.decodeWithHeaders>;
  try {
    blocks = PemConverter.decodeWithHeaders(input);
  } catch {
    throw new CertificateError('certificate.malformed');
  }
  // Strings must be PEM: hex or bare base64 would be guessed at, and a guess is not a parse.
  if (blocks.length === 0 || blocks.some((block) => block.type !== CERTIFICATE_PEM_TYPE)) {
    throw new CertificateError('certificate.malformed');
  }
  return blocks.map((block) => new Uint8Array(block.rawData));
}

/**
 * Parses by the SHA-256 of the exact bytes: the same bytes always parse the same way, and any
 * other bytes (a tampered certificate) are another key. Only successful parses are kept.
 */
const parsedByDigest = new BoundedCache<string, ParsedCertificate>(VALIDATION_CACHE_CAPACITY);

function fromDer(bytes: Uint8Array): ParsedCertificate {
  const digest = sha256Hex(bytes);
  const held = parsedByDigest.get(digest);
  if (held !== undefined) return held;
  const parsed = parseDer(bytes);
  parsedByDigest.set(digest, parsed);
  return parsed;
}

function parseDer(bytes: Uint8Array): ParsedCertificate {
  // Own copy: the caller's Buffer may be pooled or reused after we return.
  const der = Uint8Array.from(bytes);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
    // One certificate, one fingerprint: trailing bytes or a non-DER encoding would give the same
    // certificate a second ID, so the bytes must be exactly what OpenSSL reads back.
    if (Buffer.compare(new OpenSslCertificate(der).raw, der) !== 0) throw new Error('not DER');
  } catch {
    throw new CertificateError('certificate.malformed');
  }
  // Frozen: the object is shared by every caller that hands over the same bytes.
  return Object.freeze({ x509, der, fingerprint: sha256Hex(der) });
}

function isParsed(input: CertificateInput | ParsedCertificate): input is ParsedCertificate {
  return typeof input === 'object' && !(input instanceof Uint8Array);
}
