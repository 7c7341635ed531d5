import type { AuditRecorder } from '../audit-recorder.js';
import { CrlImport } from './crl-import.js';
import { certificateHandlers } from './handlers.js';
import { parseCertificates } from './parsed-certificate.js';
import { CrlCache, MemoryCrlStore, type CrlStore } from './revocation.js';
import { TrustAnchors } from './trust-anchors.js';

/** Whom a certificate must chain to: what every capability that validates one receives. */
export interface CertificateTrust {
  readonly anchors: TrustAnchors;
  readonly intermediates: readonly (string | Uint8Array)[];
  readonly crls: CrlCache;
}

export interface CertificatesDeps {
  /** Pinned root CAs (PEM/DER, never the OS store) and configured intermediates; no roots: nothing validates. */
  readonly trust: { readonly anchors: readonly (string | Uint8Array)[]; readonly intermediates?: readonly (string | Uint8Array)[] } | undefined;
  /** The platform's CRL store; absent: memory. */
  readonly crlStore: CrlStore | undefined;
  readonly audit: AuditRecorder;
}

/** Trust anchors, the CRL cache and the CRL import, with the certificates.* handlers. */
export function createCertificates({ trust, crlStore, audit }: CertificatesDeps) {
  const anchors = TrustAnchors.load(trust?.anchors ?? []);
  const intermediates = trust?.intermediates ?? [];
  const crls = new CrlCache(crlStore ?? new MemoryCrlStore());
  /** The CAs a CRL may come from: pinned roots and configured intermediates. */
  const knownIssuers = [...(trust?.anchors ?? []), ...intermediates];
  const crlImport = new CrlImport(crls, knownIssuers, audit);
  return {
    trust: { anchors, intermediates, crls } satisfies CertificateTrust,
    knownIssuers,
    /** The configured intermediates as DER, embedded in what this workstation signs. */
    intermediateDers: (): readonly Uint8Array[] => intermediates.flatMap((item) => parseCertificates(typeof item === 'string' ? item : new Uint8Array(item)).map((certificate) => certificate.der)),
    handlers: certificateHandlers(crlImport),
  };
}
