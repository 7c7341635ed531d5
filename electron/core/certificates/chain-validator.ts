import { certificateInfo, hasKeyUsage, keyAlgorithm, keyUsageFlags } from './certificate-info.js';
import { parseCertificate, type CertificateInput, type ParsedCertificate } from './parsed-certificate.js';
import { buildPath, isSelfIssued } from './path-builder.js';
import type { RevocationSource } from './revocation.js';
import { certificateSignatureValid } from './signature-check-cache.js';
import type { TrustAnchors } from './trust-anchors.js';
import type { CertificateInvalidReason, CertificatePurpose, ValidationResult } from './types.js';
import { BasicConstraintsExtension, KeyUsageFlags } from './x509.js';

export interface ValidationOptions {
  /** Untrusted helpers for path building (e.g. sent along with a message); unparsable ones are ignored. */
  intermediates: readonly (CertificateInput | ParsedCertificate)[];
  anchors: TrustAnchors;
  crls: RevocationSource;
  at: Date;
  purpose: CertificatePurpose;
}

type Failure = { reason: CertificateInvalidReason; culprit: ParsedCertificate };

/** Extensions whose meaning we enforce or that carry no constraint; any other critical one fails. */
const UNDERSTOOD_EXTENSIONS = new Set([
  '2.5.29.15', // keyUsage
  '2.5.29.19', // basicConstraints
  '2.5.29.37', // extKeyUsage (informational here)
  '2.5.29.17', // subjectAltName
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.31', // cRLDistributionPoints
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
]);

/**
 * Validates `leaf` for `purpose` at `at` against pinned anchors (RFC 5280 path validation, minus
 * policy and name-constraint processing, whose critical extensions are refused). Checks run in a
 * fixed order so each certificate problem has one stable reason; the first failure is returned.
 * Throws `CertificateError('certificate.malformed')` only when `leaf` itself cannot be parsed.
 */
export async function validateCertificate(leaf: CertificateInput | ParsedCertificate, options: ValidationOptions): Promise<ValidationResult> {
  const subject = parseCertificate(leaf);
  const built = await buildPath(subject, parseLenient(options.intermediates), options.anchors);
  if (!built.found) return invalid({ reason: built.reason, culprit: built.culprit });
  const path = built.path;
  const failure =
    (await checkSignatures(path)) ??
    checkValidity(path, options.at) ??
    checkAuthorities(path) ??
    checkPathLength(path) ??
    checkCriticalExtensions(path) ??
    checkPurpose(subject, options.purpose) ??
    (await checkRevocation(path, options.crls, options.at));
  return failure === undefined ? { status: 'valid', chain: path.map((item) => certificateInfo(item)) } : invalid(failure);
}

function invalid({ reason, culprit }: Failure): ValidationResult {
  return { status: 'invalid', reason, certificate: culprit.fingerprint };
}

function parseLenient(inputs: ValidationOptions['intermediates']): ParsedCertificate[] {
  return inputs.flatMap((input) => {
    try {
      return [parseCertificate(input)];
    } catch {
      return [];
    }
  });
}

/**
 * Every link, again: the builder's own checks are not our contract. The anchor is trusted as
 * configured. Each link's answer is remembered by content (signature-check-cache.ts).
 */
async function checkSignatures(path: readonly ParsedCertificate[]): Promise<Failure | undefined> {
  for (const [index, child] of path.entries()) {
    const issuer = path[index + 1];
    if (issuer === undefined) break;
    const verified = await certificateSignatureValid(child, issuer);
    if (!verified) return { reason: 'badSignature', culprit: child };
  }
  return undefined;
}

/** Every certificate in the path, the anchor included: an expired root is not a trusted one. */
function checkValidity(path: readonly ParsedCertificate[], at: Date): Failure | undefined {
  for (const item of path) {
    if (at.getTime() < item.x509.notBefore.getTime()) return { reason: 'notYetValid', culprit: item };
    if (at.getTime() > item.x509.notAfter.getTime()) return { reason: 'expired', culprit: item };
  }
  return undefined;
}

/** An issuer must say it is a CA and may sign certificates; otherwise any end entity could mint certificates. */
function checkAuthorities(path: readonly ParsedCertificate[]): Failure | undefined {
  const issuer = path.slice(1).find((item) => item.x509.getExtension(BasicConstraintsExtension)?.ca !== true || !hasKeyUsage(item.x509, KeyUsageFlags.keyCertSign));
  return issuer === undefined ? undefined : { reason: 'notCA', culprit: issuer };
}

/** pathLenConstraint counts the non-self-issued intermediates below a CA; the culprit is that CA. */
function checkPathLength(path: readonly ParsedCertificate[]): Failure | undefined {
  for (let index = path.length - 1; index >= 1; index--) {
    const authority = path[index];
    const limit = authority?.x509.getExtension(BasicConstraintsExtension)?.pathLength;
    if (authority === undefined || limit === undefined) continue;
    const below = path.slice(1, index).filter((item) => !isSelfIssued(item.x509)).length;
    if (below > limit) return { reason: 'pathLengthExceeded', culprit: authority };
  }
  return undefined;
}

/** RFC 5280 §4.2: a certificate with a critical extension we do not process must be rejected. */
function checkCriticalExtensions(path: readonly ParsedCertificate[]): Failure | undefined {
  const culprit = path.find((item) => item.x509.extensions.some((extension) => extension.critical && !UNDERSTOOD_EXTENSIONS.has(extension.type)));
  return culprit === undefined ? undefined : { reason: 'unsupportedCriticalExtension', culprit };
}

/** A leaf without a keyUsage extension is refused for every purpose: government certificates always carry one. */
function checkPurpose(leaf: ParsedCertificate, purpose: CertificatePurpose): Failure | undefined {
  const flags = keyUsageFlags(leaf.x509) ?? 0;
  const kind = keyAlgorithm(leaf.x509).kind;
  const allowed =
    purpose === 'signature'
      ? (flags & (KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation)) !== 0
      : purpose === 'encryption'
        ? kind === 'rsa' && (flags & KeyUsageFlags.keyEncipherment) !== 0
        : kind === 'ec' && (flags & KeyUsageFlags.keyAgreement) !== 0;
  return allowed ? undefined : { reason: 'wrongKeyUsage', culprit: leaf };
}

/** Every non-anchor certificate; a revocation anywhere outranks an unknown status elsewhere. */
async function checkRevocation(path: readonly ParsedCertificate[], crls: RevocationSource, at: Date): Promise<Failure | undefined> {
  let unknown: ParsedCertificate | undefined;
  for (const [index, item] of path.entries()) {
    const issuer = path[index + 1];
    if (issuer === undefined) break;
    const status = await crls.status(item, issuer, at);
    if (status.status === 'revoked') return { reason: 'revoked', culprit: item };
    if (status.status === 'unknown') unknown ??= item;
  }
  return unknown === undefined ? undefined : { reason: 'revocationUnknown', culprit: unknown };
}
