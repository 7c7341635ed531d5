import { z } from 'zod';
import { JobStart } from './job.js';
import { LocalPath } from './document.js';
import { Pin } from './token.js';

/**
 * Why a document signature does not hold (docs/signing.md "Errors"); the UI words each as
 * `error.signature.<problem>`. Restated here from electron/core/document-signing/signature-error.ts
 * (the shared contract may not import the core); tests/unit/signing/signature-report.test.ts keeps them equal.
 */
export const SIGNATURE_PROBLEM_CODES = ['notPdf', 'noSignature', 'byteRangeInvalid', 'tooLarge', 'changedAfter', 'malformed', 'algorithmUnsupported', 'tampered', 'signerMissing', 'signerMismatch', 'unknownSigner', 'signerExpired', 'signerRevoked', 'signerInvalid', 'attributeMissing', 'timestampUnreachable', 'timestampRefused', 'timestampInvalid', 'timestampMismatch', 'timestampUntrusted', 'timestampCertificateMismatch', 'timestampAuthorityNotTsa', 'timestampAuthorityExpired', 'timestampAuthorityRevoked', 'timestampHashUnsupported', 'visibleBoxInvalid', 'blockFontMissing'] as const;
export const SignatureProblem = z.enum(SIGNATURE_PROBLEM_CODES);
export type SignatureProblem = z.infer<typeof SignatureProblem>;

/** What a PDF holds after the revision a signature covers (pdf-signature-verifier.ts). */
export const SignatureCoverage = z.enum(['wholeDocument', 'signaturesAppended', 'changesAppended']);
export type SignatureCoverage = z.infer<typeof SignatureCoverage>;

/** The signer as the certificate names them: the person, their organisation, RFC 4514 and the SHA-256 fingerprint for the details. */
export const SignatureSigner = z.strictObject({ name: z.string().max(1024), organization: z.string().max(1024).optional(), subject: z.string().max(4096), fingerprint: z.string().max(128) });
export type SignatureSigner = z.infer<typeof SignatureSigner>;

/**
 * One signature, checked: a valid one names its signer (its chain reached a pinned root and no
 * cached CRL revokes it); an invalid one says why. `time`: the signed signing-time of a .p7s, or
 * the time a PDF signature's dictionary claims (/M: PAdES B-B signs no time).
 */
/** An RFC 3161 timestamp on the signature (PAdES B-T, CAdES-T): when, by whom, whether it holds. */
export const SignatureTimestamp = z.strictObject({
  time: z.iso.datetime().optional(),
  authority: z.string().max(1024).optional(),
  valid: z.boolean(),
  /** On a valid timestamp: the authority's certificate expired after it was made (its notAfter). */
  authorityExpiredSince: z.iso.datetime().optional(),
  /** On a valid timestamp: the authority's certificate was revoked after it was made, the key not compromised (RFC 3161 §4). */
  authorityRevokedSince: z.iso.datetime().optional(),
});
export type SignatureTimestamp = z.infer<typeof SignatureTimestamp>;

export const SignatureCheck = z.strictObject({
  field: z.string().max(1024).optional(),
  valid: z.boolean(),
  signer: SignatureSigner.optional(),
  problem: SignatureProblem.optional(),
  time: z.iso.datetime().optional(),
  timeKind: z.enum(['signed', 'claimed']),
  coverage: SignatureCoverage.optional(),
  /** Present when a timestamp is attached; one that does not hold makes the signature invalid (its problem says why). */
  timestamp: SignatureTimestamp.optional(),
  /** When the signer's certificate was judged: a valid timestamp's time, else the moment of checking. */
  certificateCheckedAt: z.strictObject({ time: z.iso.datetime(), basis: z.enum(['timestamp', 'now']) }).optional(),
});
export type SignatureCheck = z.infer<typeof SignatureCheck>;

/**
 * A file's signatures and the verdict in one word: `valid` (every signature holds, nothing but
 * further signatures after any of them), `changedAfter` (they hold, but content was appended after
 * one), `invalid` (at least one does not hold).
 */
export const SignatureReport = z.strictObject({
  fileName: z.string().max(1024),
  format: z.enum(['pades', 'p7s']),
  verdict: z.enum(['valid', 'changedAfter', 'invalid']),
  signatures: z.array(SignatureCheck).max(256),
});
export type SignatureReport = z.infer<typeof SignatureReport>;

/**
 * Where a visible signature block goes: a page (from 1) and the block's centre as fractions of the
 * page's width and height from its top-left corner, as picked on the preview.
 */
export const SignaturePlacement = z.strictObject({ page: z.number().int().min(1).max(100_000), x: z.number().min(0).max(1), y: z.number().min(0).max(1) });
export type SignaturePlacement = z.infer<typeof SignaturePlacement>;

export const SignatureAppearance = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('invisible') }), z.strictObject({ kind: z.literal('visible'), placement: SignaturePlacement })]);
export type SignatureAppearance = z.infer<typeof SignatureAppearance>;

/** Sign `source` as a job: PAdES for a PDF, a detached .p7s for any other file (or a PDF asked so); `output`: absent, beside the source. */
export const SignRequest = z.strictObject({
  source: LocalPath,
  output: LocalPath.optional(),
  format: z.enum(['pades', 'p7s']).optional(),
  appearance: SignatureAppearance.default({ kind: 'invisible' }),
  /** Add a trusted time (RFC 3161, PAdES B-T / CAdES-T) from the live zone's authority; refused where the zone names none. */
  timestamp: z.boolean().optional(),
  /** The token's PIN for this one signature, when the signing key asks it each time (`signing.options` pinPerSignature); main uses it once and drops it. */
  pin: Pin.optional(),
  ...JobStart,
});
export type SignRequest = z.input<typeof SignRequest>;

/** Check a signed PDF, or a .p7s against the file it signs (`content`; absent: the .p7s's name without ".p7s"). */
export const VerifyRequest = z.strictObject({ path: LocalPath, content: LocalPath.optional() });
export type VerifyRequest = z.infer<typeof VerifyRequest>;

/** A file chosen for signing or checking, for the screen: its name, size, and a PDF's bytes for the viewer (memory only). */
export const SigningPreview = z.strictObject({ fileName: z.string().max(1024), bytes: z.number().int().nonnegative(), pdf: z.base64().nullable() });
export type SigningPreview = z.infer<typeof SigningPreview>;
