// Public surface of the certificate module; the files behind it each hold one responsibility.
export { certificateInfo } from './certificate-info.js';
export { validateCertificate, type ValidationOptions } from './chain-validator.js';
export {
  CertificateError,
  parseCertificate,
  parseCertificates,
  type CertificateErrorCode,
  type CertificateInput,
  type ParsedCertificate,
} from './parsed-certificate.js';
export {
  CrlCache,
  MemoryCrlStore,
  type CrlImportResult,
  type CrlInput,
  type CrlRejection,
  type CrlStore,
  type RevocationReason,
  type RevocationSource,
  type RevocationStatus,
} from './revocation.js';
export { TrustAnchors } from './trust-anchors.js';
export * from './types.js';
export { createSignatureVerifier, type SignatureScheme, type SignatureVerifier } from './signature-verifier.js';
