import { z } from 'zod';

/**
 * Certificates as the UI and the stores see them: plain, serialisable, Vietnamese names kept in
 * NFC. The main process parses with @peculiar/x509 (electron/core/certificates) and returns these.
 */
export const CertificatePurpose = z.enum(['signature', 'encryption', 'keyAgreement']);
export type CertificatePurpose = z.infer<typeof CertificatePurpose>;

export const KeyUsageName = z.enum(['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly']);
export type KeyUsageName = z.infer<typeof KeyUsageName>;

/** A name attribute without a field of its own (UID, personal-ID numbers, title…), kept by OID. */
export const NameAttribute = z.strictObject({
  oid: z.string(),
  /** Short name when the OID is well known (e.g. `UID`), for display only. */
  label: z.string().optional(),
  /** Decoded text, or `#` + hex DER (RFC 4514) when the value is not a string type. */
  value: z.string(),
});
export type NameAttribute = z.infer<typeof NameAttribute>;

export const DistinguishedName = z.strictObject({
  /** RFC 4514 order (most specific first), Unicode NFC, e.g. "CN=Nguyễn Văn An, O=…, C=VN". */
  display: z.string(),
  commonName: z.string().optional(),
  organization: z.string().optional(),
  organizationalUnits: z.array(z.string()),
  locality: z.string().optional(),
  /** stateOrProvinceName: the province or centrally-governed city. */
  province: z.string().optional(),
  country: z.string().optional(),
  email: z.string().optional(),
  otherAttributes: z.array(NameAttribute),
});
export type DistinguishedName = z.infer<typeof DistinguishedName>;

export const KeyAlgorithm = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rsa'), bits: z.number().int() }),
  z.strictObject({ kind: z.literal('ec'), curve: z.string() }),
  z.strictObject({ kind: z.literal('other'), name: z.string() }),
]);
export type KeyAlgorithm = z.infer<typeof KeyAlgorithm>;

export const CertificateInfo = z.strictObject({
  /** Lower-case hex SHA-256 of the DER encoding: the certificate's ID everywhere in Airlock. */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  subject: DistinguishedName,
  issuer: DistinguishedName,
  /** Lower-case hex, as encoded (leading zero octets kept). */
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  keyAlgorithm: KeyAlgorithm,
  keyUsage: z.array(KeyUsageName),
  /** Extended key usage OIDs, in certificate order. */
  extendedKeyUsage: z.array(z.string()),
  isCA: z.boolean(),
  /** Subject email, else the first rfc822Name of the subject alternative name. */
  email: z.string().optional(),
});
export type CertificateInfo = z.infer<typeof CertificateInfo>;

/** Why a certificate did not validate; the UI translates each code (vi/en). */
export const CERTIFICATE_INVALID_REASONS = [
  'chainUnknownRoot',
  'expired',
  'notYetValid',
  'revoked',
  'revocationUnknown',
  'badSignature',
  'notCA',
  'pathLengthExceeded',
  'wrongKeyUsage',
  'unsupportedCriticalExtension',
] as const;
export const CertificateInvalidReason = z.enum(CERTIFICATE_INVALID_REASONS);
export type CertificateInvalidReason = z.infer<typeof CertificateInvalidReason>;

export const ValidationResult = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('valid'), chain: z.array(CertificateInfo) }),
  z.strictObject({
    status: z.literal('invalid'),
    reason: CertificateInvalidReason,
    /** Fingerprint of the culprit: the certificate that failed, or the CA whose constraint was broken. */
    certificate: z.string(),
  }),
]);
export type ValidationResult = z.infer<typeof ValidationResult>;

/** A certificate found on a token, with the verdict of the pinned roots and cached CRLs. */
export const TokenCertificate = z.strictObject({
  keyId: z.string(),
  label: z.string(),
  info: CertificateInfo,
  purpose: CertificatePurpose,
  validation: ValidationResult,
  /** Days until notAfter (negative once expired), so the UI can warn ahead of time. */
  daysLeft: z.number().int(),
});
export type TokenCertificate = z.infer<typeof TokenCertificate>;

/** Why an imported CRL was not kept. */
export const CRL_REJECTIONS = ['malformed', 'issuerUnknown', 'badSignature', 'issuerNotCrlSigner', 'unsupportedCrl', 'tooLarge', 'unreadable'] as const;

export const CrlImportOutcome = z.discriminatedUnion('status', [
  z.strictObject({ status: z.enum(['stored', 'olderIgnored']), issuer: z.string(), thisUpdate: z.string(), nextUpdate: z.string().optional() }),
  z.strictObject({ status: z.literal('rejected'), reason: z.enum(CRL_REJECTIONS) }),
]);
export type CrlImportOutcome = z.infer<typeof CrlImportOutcome>;

/** CRL files by path (a chooser's or typed), several at once; main reads them. */
export const CrlFilesRequest = z.strictObject({ paths: z.array(z.string().min(1).max(4096)).min(1).max(50) });

/** Each file's own outcome, in the order given: one bad file does not hide the others. */
export const CrlFilesOutcome = z.array(z.strictObject({ file: z.string(), outcome: CrlImportOutcome }));
export type CrlFilesOutcome = z.infer<typeof CrlFilesOutcome>;

/** A CRL as bytes the user chose (public, signed data), base64 on the wire; 10 MiB at most. */
export const CrlImportRequest = z.strictObject({ crl: z.base64().max(14_000_000) });
