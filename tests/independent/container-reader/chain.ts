// Step 8 of "Opening": the signer's chain now (docs/container.md "The signer's chain"): build a path
// to a pinned root, then the checks in the text's order. Certificates and CRLs are parsed and
// their signatures checked by @peculiar/x509 (no ASN.1 by hand).
import 'reflect-metadata'; // @peculiar/x509's dependency injection needs it loaded first
import * as x509 from '@peculiar/x509';
import { fail } from './errors.js';

export interface Trust {
  roots: x509.X509Certificate[];
  crls: x509.X509Crl[];
}

/** The extensions the text lists as understood; any other one marked critical is refused. */
const UNDERSTOOD = new Set(['2.5.29.15', '2.5.29.19', '2.5.29.37', '2.5.29.17', '2.5.29.14', '2.5.29.35', '2.5.29.31', '1.3.6.1.5.5.7.1.1']);
const MAX_PATH = 10;
const invalid = (reason: string): never => fail('signerInvalid', reason, { reason });
const same = (a: x509.X509Certificate, b: x509.X509Certificate): boolean => Buffer.from(a.rawData).equals(Buffer.from(b.rawData));
const flagsOf = (certificate: x509.X509Certificate): number => certificate.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;

/** Named as the child's issuer: subject = issuer, and the key identifiers agree where both exist. */
function namedIssuer(candidate: x509.X509Certificate, child: x509.X509Certificate): boolean {
  if (same(candidate, child) || candidate.subject !== child.issuer) return false;
  const authority = child.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
  const subject = candidate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  return authority === undefined || subject === undefined || authority === subject;
}

const signedBy = (child: x509.X509Certificate, issuer: x509.X509Certificate): Promise<boolean> =>
  child.verify({ publicKey: issuer.publicKey, signatureOnly: true });

/** signer → … → root; pinned roots are tried before hints. */
async function buildPath(signer: x509.X509Certificate, hints: x509.X509Certificate[], trust: Trust): Promise<x509.X509Certificate[]> {
  const path = [signer];
  for (;;) {
    const child = path[path.length - 1] as x509.X509Certificate;
    if (trust.roots.some((root) => same(root, child))) return path;
    if (path.length > MAX_PATH) return invalid('chainUnknownRoot');
    const named = [...trust.roots, ...hints].filter((c) => namedIssuer(c, child) && !path.some((p) => same(p, c)));
    let issuer: x509.X509Certificate | undefined;
    for (const candidate of named) {
      if (await signedBy(child, candidate)) {
        issuer = candidate;
        break;
      }
    }
    if (!issuer) return invalid(named.length > 0 ? 'badSignature' : 'chainUnknownRoot');
    path.push(issuer);
  }
}

async function revocationOf(child: x509.X509Certificate, issuer: x509.X509Certificate, trust: Trust, now: Date): Promise<'good' | 'revoked' | 'unknown'> {
  let newest: x509.X509Crl | undefined;
  for (const crl of trust.crls) {
    if (crl.issuer !== issuer.subject || !(flagsOf(issuer) & x509.KeyUsageFlags.cRLSign)) continue;
    if (!(await crl.verify({ publicKey: issuer.publicKey }))) continue;
    if (!newest || crl.thisUpdate > newest.thisUpdate) newest = crl;
  }
  if (!newest?.nextUpdate || now > newest.nextUpdate) return 'unknown';
  const entry = newest.findRevoked(child);
  return entry && entry.reason !== x509.X509CrlReason.removeFromCRL ? 'revoked' : 'good';
}

/** The checks of step 8 in the text's order; the first failure is the reason. */
export async function checkChain(signerDer: Buffer, hintDers: Buffer[], trust: Trust, now: Date): Promise<x509.X509Certificate> {
  const signer = new x509.X509Certificate(new Uint8Array(signerDer));
  const hints = hintDers.flatMap((der) => {
    try {
      return [new x509.X509Certificate(new Uint8Array(der))];
    } catch {
      return []; // a hint that does not parse is skipped
    }
  });
  const path = await buildPath(signer, hints, trust);
  for (const item of path) {
    if (now < item.notBefore) invalid('notYetValid');
    if (now > item.notAfter) invalid('expired');
  }
  const issuers = path.slice(1);
  if (issuers.some((c) => c.getExtension(x509.BasicConstraintsExtension)?.ca !== true || !(flagsOf(c) & x509.KeyUsageFlags.keyCertSign))) invalid('notCA');
  issuers.forEach((authority, i) => {
    const limit = authority.getExtension(x509.BasicConstraintsExtension)?.pathLength;
    const below = path.slice(1, i + 1).filter((c) => c.subject !== c.issuer).length;
    if (limit !== undefined && below > limit) invalid('pathLengthExceeded');
  });
  if (path.some((c) => c.extensions.some((e) => e.critical && !UNDERSTOOD.has(e.type)))) invalid('unsupportedCriticalExtension');
  if (!(flagsOf(signer) & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation))) invalid('wrongKeyUsage');
  let unknown = false;
  for (let i = 0; i + 1 < path.length; i += 1) {
    const status = await revocationOf(path[i] as x509.X509Certificate, path[i + 1] as x509.X509Certificate, trust, now);
    if (status === 'revoked') invalid('revoked');
    if (status === 'unknown') unknown = true;
  }
  if (unknown) invalid('revocationUnknown');
  return signer;
}

export const commonNameOf = (certificate: x509.X509Certificate): string =>
  certificate.subjectName.getField('CN')[0] ?? '';

const isPem = (bytes: Buffer): boolean => bytes.subarray(0, 10).toString('latin1') === '-----BEGIN';

/** The pinned roots and CRLs, each from PEM or DER. */
export const trustOf = (roots: Buffer[], crls: Buffer[]): Trust => ({
  roots: roots.map((b) => (isPem(b) ? new x509.X509Certificate(b.toString('latin1')) : new x509.X509Certificate(new Uint8Array(b)))),
  crls: crls.map((b) => (isPem(b) ? new x509.X509Crl(b.toString('latin1')) : new x509.X509Crl(new Uint8Array(b)))),
});
