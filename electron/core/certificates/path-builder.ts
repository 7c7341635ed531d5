import { BoundedCache, VALIDATION_CACHE_CAPACITY } from './bounded-cache.js';
import { sha256Hex, type ParsedCertificate } from './parsed-certificate.js';
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
  const byFingerprint = new Map([...pool, leaf].map((item) => [item.fingerprint, item]));
  const key = sha256Hex(Buffer.from([leaf, ...pool].map((item) => item.fingerprint).join(' ') + '|' + anchors.certificates.map((item) => item.fingerprint).join(' ')));
  const built = await builtPaths.remember(key, () => search(leaf, pool, anchors).then(byFingerprints));
  const found = (fingerprint: string): ParsedCertificate => byFingerprint.get(fingerprint) ?? leaf;
  return built.found ? { found: true, path: built.path.map(found) } : { found: false, reason: built.reason, culprit: found(built.culprit) };
}

type RememberedPath = { found: true; path: string[] } | { found: false; reason: 'chainUnknownRoot' | 'badSignature'; culprit: string };

/**
 * A path is a function of the leaf, the pool in its order and the anchors, all named by content
 * (fingerprints): the same inputs give the same path, any other certificate is another key. Only
 * the path is remembered; its dates, key usages and revocation are checked on every validation.
 */
const builtPaths = new BoundedCache<string, Promise<RememberedPath>>(VALIDATION_CACHE_CAPACITY);

function byFingerprints(result: PathResult): RememberedPath {
  return result.found ? { found: true, path: result.path.map((item) => item.fingerprint) } : { found: false, reason: result.reason, culprit: result.culprit.fingerprint };
}

async function search(leaf: ParsedCertificate, pool: readonly ParsedCertificate[], anchors: TrustAnchors): Promise<PathResult> {
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
