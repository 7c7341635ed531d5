import { certificateInfo, hasKeyUsage } from './certificate-info.js';
import { CertificateError, parseCertificates, type CertificateInput, type ParsedCertificate } from './parsed-certificate.js';
import type { CertificateInfo } from './types.js';
import { BasicConstraintsExtension, KeyUsageFlags } from './x509.js';

/**
 * The pinned root (or pinned sub-) CAs a path must end at. They come only from Airlock's own
 * configuration, never from the OS store: a CA the OS trusts is not a CA the government trusts.
 */
export class TrustAnchors {
  private readonly byFingerprint: ReadonlyMap<string, ParsedCertificate>;

  private constructor(anchors: readonly ParsedCertificate[]) {
    this.byFingerprint = new Map(anchors.map((anchor) => [anchor.fingerprint, anchor]));
  }

  /**
   * Loads anchors from configuration: each source is DER or PEM (a PEM bundle may hold several).
   * Throws `certificate.malformed` or `certificate.anchorNotCA`: a bad pin is a configuration bug
   * that should stop start-up, not a certificate to skip silently.
   */
  static load(sources: readonly CertificateInput[]): TrustAnchors {
    const anchors = sources.flatMap((source) => parseCertificates(source));
    for (const anchor of anchors) {
      const constraints = anchor.x509.getExtension(BasicConstraintsExtension);
      if (constraints?.ca !== true || !hasKeyUsage(anchor.x509, KeyUsageFlags.keyCertSign)) {
        throw new CertificateError('certificate.anchorNotCA');
      }
    }
    return new TrustAnchors(anchors);
  }

  get certificates(): readonly ParsedCertificate[] {
    return [...this.byFingerprint.values()];
  }

  has(fingerprint: string): boolean {
    return this.byFingerprint.has(fingerprint);
  }

  get(fingerprint: string): ParsedCertificate | undefined {
    return this.byFingerprint.get(fingerprint);
  }

  list(): CertificateInfo[] {
    return this.certificates.map((anchor) => certificateInfo(anchor));
  }
}
