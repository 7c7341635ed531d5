import { BoundedCache, VALIDATION_CACHE_CAPACITY } from './bounded-cache.js';
import { describeName } from './distinguished-name.js';
import { parseCertificate, type CertificateInput, type ParsedCertificate } from './parsed-certificate.js';
import type { CertificateInfo, KeyAlgorithm, KeyUsageName } from './types.js';
import {
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  type KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  type X509Certificate,
} from './x509.js';

const KEY_USAGE_NAMES: readonly KeyUsageName[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

/** Described once per certificate (by fingerprint: its content); each caller gets its own copy. */
const described = new BoundedCache<string, CertificateInfo>(VALIDATION_CACHE_CAPACITY);

/** Parses a certificate (DER or PEM) into plain data for the UI and the stores. */
export function certificateInfo(input: CertificateInput | ParsedCertificate): CertificateInfo {
  const parsed = parseCertificate(input);
  return structuredClone(described.remember(parsed.fingerprint, () => describe(parsed)));
}

function describe({ x509, fingerprint }: ParsedCertificate): CertificateInfo {
  const subject = describeName(x509.subjectName);
  const email = subject.email ?? alternativeEmail(x509);
  return {
    fingerprint,
    subject,
    issuer: describeName(x509.issuerName),
    serialNumber: x509.serialNumber.toLowerCase(),
    notBefore: x509.notBefore.toISOString(),
    notAfter: x509.notAfter.toISOString(),
    keyAlgorithm: keyAlgorithm(x509),
    keyUsage: keyUsageNames(x509),
    // Array.from: the library's list is an ASN.1 array subclass, and the UI needs a plain one.
    extendedKeyUsage: Array.from(x509.getExtension(ExtendedKeyUsageExtension)?.usages ?? [], String),
    isCA: x509.getExtension(BasicConstraintsExtension)?.ca === true,
    ...(email === undefined ? {} : { email }),
  };
}

/** Key usage flags, or undefined when the extension is absent (the validator fails closed on that). */
export function keyUsageFlags(x509: X509Certificate): number | undefined {
  return x509.getExtension(KeyUsagesExtension)?.usages;
}

export function hasKeyUsage(x509: X509Certificate, flag: KeyUsageFlags): boolean {
  return ((keyUsageFlags(x509) ?? 0) & flag) !== 0;
}

export function keyAlgorithm(x509: X509Certificate): KeyAlgorithm {
  const algorithm: Algorithm & { modulusLength?: number; namedCurve?: string } = x509.publicKey.algorithm;
  if (algorithm.modulusLength !== undefined && algorithm.name.startsWith('RSA')) return { kind: 'rsa', bits: algorithm.modulusLength };
  if (algorithm.name === 'ECDSA' && algorithm.namedCurve !== undefined) return { kind: 'ec', curve: algorithm.namedCurve };
  return { kind: 'other', name: algorithm.name };
}

function keyUsageNames(x509: X509Certificate): KeyUsageName[] {
  const flags = keyUsageFlags(x509) ?? 0;
  return KEY_USAGE_NAMES.filter((_, bit) => (flags & (1 << bit)) !== 0);
}

function alternativeEmail(x509: X509Certificate): string | undefined {
  try {
    return x509.getExtension(SubjectAlternativeNameExtension)?.names.items.find((name) => name.type === 'email')?.value;
  } catch {
    // Exotic otherName entries make the SAN unreadable to @peculiar/x509; the subject still describes the holder.
    return undefined;
  }
}
