import { nameAndOrganisation } from '../../../shared/domain/person-name.js';
import type { CertificateInfo, DistinguishedName, TokenCertificate, ValidationResult } from '../../../shared/domain/certificate.js';

// Pure: what the certificate cards show, apart from the words, so it can be tested under plain Node.

/** How a status line looks. Colour always comes with its own icon shape and a sentence. */
export type Severity = 'ok' | 'warning' | 'danger';

/**
 * Upper-case pairs, "3F A2 9C": easier to compare by eye and to read out to a cipher officer over
 * the phone, and the spaces let a long fingerprint wrap at large text sizes.
 */
export function hexPairs(hex: string): string {
  const even = hex.length % 2 === 1 ? `0${hex}` : hex;
  return (even.toUpperCase().match(/../g) ?? []).join(' ');
}

/** The holder as the certificate names them (Vietnamese as given), else what the token calls it. */
export function holderName(certificate: TokenCertificate): string {
  const { commonName, display } = certificate.info.subject;
  return commonName ?? (certificate.label.trim() !== '' ? certificate.label : display);
}

/** "VGCA Class 2, Ban Cơ yếu Chính phủ": a CA's name and its organisation, each once. */
export function authorityName(name: DistinguishedName): string {
  return nameAndOrganisation(name);
}

/** The pinned root the chain ends at (the chain runs from the certificate itself up to the root). */
export function trustedRoot(chain: readonly CertificateInfo[]): string | null {
  const root = chain.at(-1);
  return root === undefined ? null : (root.subject.commonName ?? authorityName(root.subject));
}

/**
 * A missing or stale CRL is put right at the desk by importing a new one, so it is a warning;
 * every other failure means the certificate must not be used, so it is an alarm.
 */
export function verdictSeverity(validation: ValidationResult): Severity {
  if (validation.status === 'valid') return 'ok';
  return validation.reason === 'revocationUnknown' ? 'warning' : 'danger';
}

/** The fingerprint to name as the culprit when it is not the certificate itself (a CA above it), else null. */
export function culpritAbove(certificate: TokenCertificate): string | null {
  const { validation, info } = certificate;
  return validation.status === 'invalid' && validation.certificate !== info.fingerprint ? validation.certificate : null;
}
