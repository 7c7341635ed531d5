import { nameAndOrganisation } from '../../../shared/domain/person-name.js';
import type { AuditRecorder } from '../audit-recorder.js';
import { certificateInfo } from './certificate-info.js';
import { pemOrDer } from './pem-or-der.js';
import type { CrlCache } from './revocation.js';

const MAX_CRL_BYTES = 10 * 1024 * 1024;

/** A CRL the user brings (base64 of a .crl or .pem file): verified against the known CAs, kept, audited. */
export class CrlImport {
  constructor(
    private readonly crls: CrlCache,
    /** The CAs a CRL may come from: pinned roots and configured intermediates. */
    private readonly knownIssuers: readonly (string | Uint8Array)[],
    private readonly audit: AuditRecorder,
  ) {}

  async import(base64: string) {
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length > MAX_CRL_BYTES) return { status: 'rejected' as const, reason: 'tooLarge' as const };
    const imported = await this.crls.import(pemOrDer(bytes), this.knownIssuers);
    const result = imported.status === 'rejected' ? imported : { ...imported, issuer: this.#issuerName(imported.issuer) };
    this.audit.record('crl.imported', result.status === 'rejected' ? 'refused' : 'ok', result.status === 'rejected' ? { reason: result.reason } : { issuer: result.issuer, outcome: result.status });
    return result;
  }

  /** The cache names the issuer by fingerprint; people read its name. */
  #issuerName(fingerprint: string): string {
    const subject = this.knownIssuers.map((issuer) => certificateInfo(issuer)).find((info) => info.fingerprint === fingerprint)?.subject;
    return subject === undefined ? fingerprint : nameAndOrganisation(subject);
  }
}
