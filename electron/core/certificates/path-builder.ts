import type { ParsedCertificate } from './parsed-certificate.js';
import type { TrustAnchors } from './trust-anchors.js';
import { AuthorityKeyIdentifierExtension, SubjectKeyIdentifierExtension, X509ChainBuilder, type X509Certificate } from './x509.js';

export type PathResult =
  /** Leaf first, ending at (and including) the first pinned anchor met. */
  | { found: true; path: ParsedCertificate[] }
  | { found: false; reason: 'chainUnknownRoot' | 'badSignature'; culprit: ParsedCertificate };

/**
 * Builds a path from `leaf` to a pinned anchor with @peculiar/x509's chain builder. The builder
 * silently skips an issuer whose signature does not verify, so when no anchor is reached we look
 * again by name and key identifier: an issuer that is there but does not verify is a bad
 * signature, not a missing root.
 */
export async function buildPath(leaf: ParsedCertificate, intermediates: readonly ParsedCertificate[], anchors: TrustAnchors): Promise<PathResult> {
  // Anchors first: when a cross-certificate also matches, the builder takes the pinned issuer.
  const pool = uniqueByFingerprint([...anchors.certificates, ...intermediates]);
  const byObject = new Map<X509Certificate, ParsedCertificate>([[leaf.x509, leaf], ...pool.map((item) => [item.x509, item] as const)]);
  let built: X509Certificate[];
  try {
    built = [...(await new X509ChainBuilder({ certificates: pool.map((item) => item.x509) }).build(leaf.x509))];
  } catch {
    return { found: false, reason: 'chainUnknownRoot', culprit: leaf }; // a cycle among the supplied certificates
  }
  const path = built.map((x509) => byObject.get(x509) ?? leaf);
  const anchorAt = path.findIndex((item) => anchors.has(item.fingerprint));
  if (anchorAt >= 0) return { found: true, path: path.slice(0, anchorAt + 1) };
  const top = path[path.length - 1] ?? leaf;
  const namedIssuerExists = !isSelfIssued(top.x509) && pool.some((candidate) => couldHaveIssued(candidate, top));
  return { found: false, reason: namedIssuerExists ? 'badSignature' : 'chainUnknownRoot', culprit: top };
}

export function isSelfIssued(x509: X509Certificate): boolean {
  return x509.subject === x509.issuer;
}

/** Name match, and key identifiers agree when both are present (the builder's own rule). */
function couldHaveIssued(candidate: ParsedCertificate, child: ParsedCertificate): boolean {
  if (candidate.fingerprint === child.fingerprint || candidate.x509.subject !== child.x509.issuer) return false;
  const authorityKeyId = child.x509.getExtension(AuthorityKeyIdentifierExtension)?.keyId;
  const subjectKeyId = candidate.x509.getExtension(SubjectKeyIdentifierExtension)?.keyId;
  return authorityKeyId === undefined || subjectKeyId === undefined || authorityKeyId === subjectKeyId;
}

function uniqueByFingerprint(items: readonly ParsedCertificate[]): ParsedCertificate[] {
  return [...new Map(items.map((item) => [item.fingerprint, item])).values()];
}
