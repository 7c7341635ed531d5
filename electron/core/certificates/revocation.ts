import { hasKeyUsage } from './certificate-info.js';
import { BoundedCache, VALIDATION_CACHE_CAPACITY } from './bounded-cache.js';
import { parseCertificate, sha256Hex, type CertificateInput, type ParsedCertificate } from './parsed-certificate.js';
import { KeyUsageFlags, PemConverter, X509Crl, X509CrlReason } from './x509.js';

/** Where CRLs live, keyed by the SHA-256 fingerprint of the CA certificate that signed them. */
export interface CrlStore {
  get(issuerFingerprint: string): Promise<Uint8Array | undefined>;
  put(issuerFingerprint: string, der: Uint8Array): Promise<void>;
}

export class MemoryCrlStore implements CrlStore {
  private readonly crls = new Map<string, Uint8Array>();

  get(issuerFingerprint: string): Promise<Uint8Array | undefined> {
    const der = this.crls.get(issuerFingerprint);
    return Promise.resolve(der === undefined ? undefined : Uint8Array.from(der));
  }

  put(issuerFingerprint: string, der: Uint8Array): Promise<void> {
    this.crls.set(issuerFingerprint, Uint8Array.from(der));
    return Promise.resolve();
  }
}

export type CrlInput = string | Uint8Array;

export type RevocationReason = keyof typeof X509CrlReason;

export type RevocationStatus =
  | { status: 'good' }
  | { status: 'revoked'; revokedAt: string; reason?: RevocationReason }
  /** `noCrl` also covers a stored CRL that no longer parses; every cause means "do not rely on it". */
  | { status: 'unknown'; cause: 'noCrl' | 'stale' | 'issuerMismatch' | 'badSignature' | 'unsupportedCrl' };

export type CrlRejection = 'malformed' | 'issuerUnknown' | 'badSignature' | 'issuerNotCrlSigner' | 'unsupportedCrl';

export type CrlImportResult =
  /** `stored`: now the CRL for its issuer; `olderIgnored`: a CRL at least as new was already held. */
  | { status: 'stored' | 'olderIgnored'; issuer: string; thisUpdate: string; nextUpdate?: string }
  | { status: 'rejected'; reason: CrlRejection };

/** What the chain validator needs to know about revocation (a fake in tests, `CrlCache` in the app). */
export interface RevocationSource {
  status(certificate: ParsedCertificate, issuer: ParsedCertificate, at: Date): Promise<RevocationStatus>;
}

/** RFC 7468 says "X509 CRL"; @peculiar/x509 writes "CRL". */
const CRL_PEM_TYPES = new Set(['X509 CRL', PemConverter.CrlTag]);

/** CRL extensions we process; a CRL with any other critical one must not be used (RFC 5280 §5.2). */
const UNDERSTOOD_CRL_EXTENSIONS = new Set(['2.5.29.20' /* cRLNumber */, '2.5.29.35' /* authorityKeyIdentifier */]);

/** Keeps the newest verified CRL per issuer and answers good / revoked / unknown, failing closed. */
export class CrlCache implements RevocationSource {
  constructor(private readonly store: CrlStore) {}

  /**
   * Imports a CRL (DER or PEM) once its signature verifies under one of `knownIssuers` (the CA
   * certificates of the chains Airlock knows). The CRL is filed under that issuer's fingerprint,
   * so a CRL from a look-alike CA never answers for the real one.
   */
  async import(input: CrlInput, knownIssuers: readonly (CertificateInput | ParsedCertificate)[]): Promise<CrlImportResult> {
    const crl = parseCrl(input);
    if (crl === undefined) return { status: 'rejected', reason: 'malformed' };
    if (!understood(crl)) return { status: 'rejected', reason: 'unsupportedCrl' };
    const named = knownIssuers.map((issuer) => parseCertificate(issuer)).filter((issuer) => issuer.x509.subject === crl.issuer);
    if (named.length === 0) return { status: 'rejected', reason: 'issuerUnknown' };
    const issuer = await firstAsync(named, (candidate) => verifies(crl, candidate));
    if (issuer === undefined) return { status: 'rejected', reason: 'badSignature' };
    if (!hasKeyUsage(issuer.x509, KeyUsageFlags.cRLSign)) return { status: 'rejected', reason: 'issuerNotCrlSigner' };
    const held = parseCrl((await this.store.get(issuer.fingerprint)) ?? new Uint8Array());
    const newer = held === undefined || crl.thisUpdate.getTime() > held.thisUpdate.getTime();
    if (newer) await this.store.put(issuer.fingerprint, new Uint8Array(crl.rawData));
    const kept = newer || held === undefined ? crl : held;
    return {
      status: newer ? 'stored' : 'olderIgnored',
      issuer: issuer.fingerprint,
      thisUpdate: kept.thisUpdate.toISOString(),
      ...(kept.nextUpdate === undefined ? {} : { nextUpdate: kept.nextUpdate.toISOString() }),
    };
  }

  /**
   * The status of `certificate` at `at`, from the CRL of `issuer` (its issuer in a built path).
   * The stored CRL is checked again against that issuer: the store may be backed by disk.
   */
  async status(certificate: ParsedCertificate, issuer: ParsedCertificate, at: Date): Promise<RevocationStatus> {
    const der = await this.store.get(issuer.fingerprint);
    if (der === undefined) return { status: 'unknown', cause: 'noCrl' };
    const checked = await checkedCrls.remember(`${sha256Hex(der)}:${issuer.fingerprint}`, () => checkStoredCrl(der, issuer));
    if (!(checked instanceof X509Crl)) return { status: 'unknown', cause: checked };
    const crl = checked;
    // A CRL without nextUpdate gives no freshness promise at all: treat it as stale.
    if (crl.nextUpdate === undefined || at.getTime() > crl.nextUpdate.getTime()) return { status: 'unknown', cause: 'stale' };
    const entry = crl.findRevoked(certificate.x509);
    // removeFromCRL only lifts a hold; any other listing counts, whatever its date (fail closed).
    if (entry === null || entry.reason === X509CrlReason.removeFromCRL) return { status: 'good' };
    const reason = entry.reason === undefined ? undefined : (X509CrlReason[entry.reason] as RevocationReason | undefined);
    return { status: 'revoked', revokedAt: entry.revocationDate.toISOString(), ...(reason === undefined ? {} : { reason }) };
  }
}

/**
 * A stored CRL's parse and signature check under an issuer depend only on the CRL's bytes and the
 * issuer certificate, so they are kept under the SHA-256 of both: the store is read on every call
 * and a replaced or altered CRL is other bytes, checked afresh. Freshness (nextUpdate) and the
 * certificate's listing are evaluated at `at` on every call, never cached.
 */
const checkedCrls = new BoundedCache<string, Promise<X509Crl | 'noCrl' | 'issuerMismatch' | 'unsupportedCrl' | 'badSignature'>>(VALIDATION_CACHE_CAPACITY);

async function checkStoredCrl(der: Uint8Array, issuer: ParsedCertificate): Promise<X509Crl | 'noCrl' | 'issuerMismatch' | 'unsupportedCrl' | 'badSignature'> {
  const crl = parseCrl(der);
  if (crl === undefined) return 'noCrl';
  if (crl.issuer !== issuer.x509.subject) return 'issuerMismatch';
  if (!understood(crl)) return 'unsupportedCrl';
  return (await verifies(crl, issuer)) ? crl : 'badSignature';
}

function parseCrl(input: CrlInput): X509Crl | undefined {
  try {
    if (typeof input === 'string') {
      const blocks = PemConverter.decodeWithHeaders(input);
      const [block] = blocks;
      return blocks.length === 1 && block !== undefined && CRL_PEM_TYPES.has(block.type) ? new X509Crl(block.rawData) : undefined;
    }
    return input.byteLength === 0 ? undefined : new X509Crl(Uint8Array.from(input));
  } catch {
    return undefined;
  }
}

function understood(crl: X509Crl): boolean {
  return crl.extensions.every((extension) => !extension.critical || UNDERSTOOD_CRL_EXTENSIONS.has(extension.type));
}

async function verifies(crl: X509Crl, issuer: ParsedCertificate): Promise<boolean> {
  try {
    // Pass the PublicKey, not the certificate: given a certificate, X509Crl.verify (2.2.0) mixes in
    // the certificate's own signature algorithm, so an EC CA certified by an RSA root never verifies.
    return await crl.verify({ publicKey: issuer.x509.publicKey });
  } catch {
    return false;
  }
}

async function firstAsync<T>(items: readonly T[], test: (item: T) => Promise<boolean>): Promise<T | undefined> {
  for (const item of items) if (await test(item)) return item;
  return undefined;
}
