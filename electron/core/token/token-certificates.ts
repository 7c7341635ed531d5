import type { TokenRef } from '../../../shared/domain/token.js';
import type { CertificatePurpose, TokenCertificate } from '../../../shared/domain/certificate.js';
import type { TokenService } from './token-service.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import { validateCertificate } from '../certificates/chain-validator.js';
import { parseCertificate } from '../certificates/parsed-certificate.js';
import type { RevocationSource } from '../certificates/revocation.js';
import type { TrustAnchors } from '../certificates/trust-anchors.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The certificates on a token, each judged against the pinned roots and the cached CRLs. CA
 * certificates found on the token serve as intermediates for the others; they are never trusted
 * as roots (only configuration pins roots).
 */
export class TokenCertificates {
  constructor(
    private readonly deps: {
      readonly tokens: TokenService;
      readonly anchors: TrustAnchors;
      /** Issuing CAs shipped with the configuration, for tokens that carry only their own certificate. */
      readonly intermediates: readonly (string | Uint8Array)[];
      readonly crls: RevocationSource;
      readonly now: () => Date;
    },
  ) {}

  async list(ref: TokenRef): Promise<TokenCertificate[]> {
    const objects = await this.deps.tokens.certificates(ref);
    const parsed = objects.flatMap((object) => {
      try {
        return [{ object, certificate: parseCertificate(object.der) }];
      } catch {
        return []; // an unreadable object on the token is skipped, not fatal
      }
    });
    const onToken = parsed.filter(({ certificate }) => certificateInfo(certificate).isCA).map(({ certificate }) => certificate);
    const intermediates = [...onToken, ...this.deps.intermediates];
    const now = this.deps.now();
    const leaves = parsed.filter(({ certificate }) => !onToken.includes(certificate));
    return Promise.all(
      leaves.map(async ({ object, certificate }) => {
        const info = certificateInfo(certificate);
        const purpose: CertificatePurpose = 'signature';
        const validation = await validateCertificate(certificate, { intermediates, anchors: this.deps.anchors, crls: this.deps.crls, at: now, purpose });
        return { keyId: object.keyId, label: object.label, info, purpose, validation, daysLeft: Math.floor((Date.parse(info.notAfter) - now.getTime()) / DAY_MS) };
      }),
    );
  }
}
