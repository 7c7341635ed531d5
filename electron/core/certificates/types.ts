// The certificate types live with the IPC contract (shared/domain/certificate.ts); re-exported
// here so the certificate modules keep one local import.
export {
  CERTIFICATE_INVALID_REASONS,
  type CertificateInfo,
  type CertificateInvalidReason,
  type CertificatePurpose,
  type DistinguishedName,
  type KeyAlgorithm,
  type KeyUsageName,
  type NameAttribute,
  type ValidationResult,
} from '../../../shared/domain/certificate.js';
