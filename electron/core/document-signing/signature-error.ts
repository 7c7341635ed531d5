import { MessageError, type MessageProblem } from '../messaging/message-error.js';

/** The CMS verifier's problems a document signature shares with a message (messaging/message-error.ts). */
const CMS_PROBLEMS = ['malformed', 'algorithmUnsupported', 'tampered', 'signerMissing', 'signerMismatch', 'unknownSigner', 'signerExpired', 'signerRevoked', 'signerInvalid', 'attributeMissing'] as const satisfies readonly MessageProblem[];

/**
 * Every way signing a document or checking its signature can fail (docs/signing.md "Errors"); each is named to the user.
 * notPdf: not a PDF pdf-lib reads (or encrypted, or no page); noSignature: nothing signed in it; byteRangeInvalid: the
 * ByteRange does not start at 0, runs past the end, or its gap is not exactly the /Contents; tooLarge: the CMS made on
 * the token did not fit the room kept for it; changedAfter: a PDF signature holds, but pages or content were appended after
 * it (not only further signatures). `tampered`: the signed bytes are not what was signed.
 * Timestamps (B-T): timestampUnreachable: the authority did not answer (down, timeout, HTTP error); timestampRefused: it
 * answered with something other than a granted, well-formed token for our request (status, nonce); timestampInvalid: a
 * token that is not one or whose own signature does not hold; timestampMismatch:
 * the token stamps another value than this signature; timestampUntrusted: the authority's certificate does not chain to
 * the pinned roots (or its revocation status is unknown); timestampCertificateMismatch: the token's ESS signing-certificate(-v2)
 * does not name the certificate its signature holds under (or is missing); timestampAuthorityNotTsa: the authority's
 * certificate lacks RFC 3161's extended key usage (critical, timeStamping only); timestampAuthorityExpired: it was not
 * within its validity at the token's genTime; timestampAuthorityRevoked: the cached CRL lists it at or before genTime, or
 * after it with a reason that does not leave the key intact (RFC 3161 §4); timestampHashUnsupported: the token's imprint
 * hash is not SHA-256, -384 or -512. visibleBoxInvalid: the visible block's page or rectangle is not
 * on the document (or the file is not a PDF); blockFontMissing: the font the block is drawn in (shipped with the app,
 * block-font.ts) is missing or not a font — an installation fault, nothing is signed.
 */
export const SIGNATURE_PROBLEMS = [
  'notPdf',
  'noSignature',
  'byteRangeInvalid',
  'tooLarge',
  'changedAfter',
  ...CMS_PROBLEMS,
  'timestampUnreachable',
  'timestampRefused',
  'timestampInvalid',
  'timestampMismatch',
  'timestampUntrusted',
  'timestampCertificateMismatch',
  'timestampAuthorityNotTsa',
  'timestampAuthorityExpired',
  'timestampAuthorityRevoked',
  'timestampHashUnsupported',
  'visibleBoxInvalid',
  'blockFontMissing',
] as const;
export type SignatureProblem = (typeof SIGNATURE_PROBLEMS)[number];

/** `detail.reason`: the certificate reason for an untrusted signer; the attribute or part at fault otherwise. */
export class SignatureError extends Error {
  override readonly name = 'SignatureError';
  constructor(readonly problem: SignatureProblem, readonly detail: { readonly reason?: string } = {}) {
    super(`signature.${problem}${detail.reason === undefined ? '' : ` (${detail.reason})`}`);
  }
}

/** The shared CMS verifier speaks messaging's problems; a document signature names the same ones as its own. */
export function asSignatureError(error: unknown): unknown {
  if (!(error instanceof MessageError)) return error;
  const known = (SIGNATURE_PROBLEMS as readonly string[]).includes(error.problem);
  return new SignatureError(known ? (error.problem as SignatureProblem) : 'malformed', error.detail);
}
