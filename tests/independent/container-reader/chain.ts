// Step 8 of "Opening": the signer's chain now, to a pinned root, with CRLs, for digital signature
// use. Certificates and CRLs are parsed and checked by @peculiar/x509 (no ASN.1 by hand).
import 'reflect-metadata'; // @peculiar/x509's dependency injection needs it loaded first
import * as x509 from '@peculiar/x509';
import { fail } from './errors.js';

export interface Trust {
  roots: x509.X509Certificate[];
  crls: x509.X509Crl[];
}

/** The extensions a reader understands; any other one marked critical is refused. */
const KNOWN = new Set(['2.5.29.19', '2.5.29.15', '2.5.29.37', '2.5.29.14', '2.5.29.35', '2.5.29.17', '2.5.29.31']);
const invalid = (reason: string): never => fail('signerInvalid', reason, { reason });

async function issuerOf(certificate: x509.X509Certificate, candidates: x509.X509Certificate[]): Promise<x509.X509Certificate | null> {
  for (const candidate of candidates) {
    if (candidate.subject !== certificate.issuer) continue;
    if (await certificate.verify({ publicKey: candidate.publicKey, signatureOnly: true })) return candidate;
  }
  return null;
}

function checkTime(certificate: x509.X509Certificate, now: Date): void {
  if (now < certificate.notBefore) invalid('notYetValid');
  if (now > certificate.notAfter) invalid('expired');
}

function checkCriticals(certificate: x509.X509Certificate): void {
  if (certificate.extensions.some((e) => e.critical && !KNOWN.has(e.type))) invalid('unsupportedCriticalExtension');
}

async function checkRevocation(certificate: x509.X509Certificate, issuer: x509.X509Certificate, trust: Trust, now: Date): Promise<void> {
  for (const crl of trust.crls) {
    if (crl.issuer !== issuer.subject || !(await crl.verify({ publicKey: issuer.publicKey }))) continue;
    if (now < crl.thisUpdate || (crl.nextUpdate && now > crl.nextUpdate)) continue;
    if (crl.findRevoked(certificate)) invalid('revoked');
    return;
  }
  invalid('revocationUnknown');
}

/** Builds signer → … → pinned root from the roots and the trailer's other certificates (hints). */
export async function checkChain(signerDer: Buffer, hints: Buffer[], trust: Trust, now: Date): Promise<x509.X509Certificate> {
  const signer = new x509.X509Certificate(new Uint8Array(signerDer));
  const intermediates: x509.X509Certificate[] = [];
  for (const der of hints) {
    try {
      intermediates.push(new x509.X509Certificate(new Uint8Array(der)));
    } catch {
      // a hint that does not parse is skipped
    }
  }
  const usage = signer.getExtension(x509.KeyUsagesExtension);
  if (usage && !(usage.usages & x509.KeyUsageFlags.digitalSignature)) invalid('wrongKeyUsage');
  let current = signer;
  for (let depth = 0; depth <= 10; depth += 1) {
    checkTime(current, now);
    checkCriticals(current);
    const root = await issuerOf(current, trust.roots);
    const issuer = root ?? (await issuerOf(current, intermediates.filter((c) => c !== current)));
    if (!issuer) {
      if (trust.roots.some((r) => r.subject === current.issuer)) invalid('badSignature');
      return invalid('chainUnknownRoot');
    }
    const constraints = issuer.getExtension(x509.BasicConstraintsExtension);
    if (!constraints?.ca) invalid('notCA');
    if (constraints?.pathLength !== undefined && depth > constraints.pathLength) invalid('pathLengthExceeded');
    await checkRevocation(current, issuer, trust, now);
    if (root) {
      checkTime(root, now);
      return signer;
    }
    current = issuer;
  }
  return invalid('chainUnknownRoot');
}

export const commonNameOf = (certificate: x509.X509Certificate): string =>
  certificate.subjectName.getField('CN')[0] ?? '';

const isPem = (bytes: Buffer): boolean => bytes.subarray(0, 10).toString('latin1') === '-----BEGIN';

/** The pinned roots and CRLs, each from PEM or DER. */
export const trustOf = (roots: Buffer[], crls: Buffer[]): Trust => ({
  roots: roots.map((b) => (isPem(b) ? new x509.X509Certificate(b.toString('latin1')) : new x509.X509Certificate(new Uint8Array(b)))),
  crls: crls.map((b) => (isPem(b) ? new x509.X509Crl(b.toString('latin1')) : new x509.X509Crl(new Uint8Array(b)))),
});
