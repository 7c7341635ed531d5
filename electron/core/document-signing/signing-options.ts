// What a caller may ask of a document signature beyond B-B (docs/signing.md "Options"): a visible
// block on a page of a PDF, and an RFC 3161 timestamp from a configured authority (PAdES B-T,
// CAdES-T for a .p7s). Both optional: without them a signature is exactly what it was before.
import type { SignatureProblem } from './signature-error.js';

/**
 * Where the visible signature block goes: a page (0 = the first) and a rectangle in PDF points
 * (1/72 inch), x/y its lower-left corner in the page's own coordinates (the crop box's, as a reader
 * shows the page, before any /Rotate). The rectangle must lie inside the page's crop box.
 */
export interface SignatureBlockPlacement {
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A timestamp authority (RFC 3161 over HTTP): its certificate must chain to the pinned roots. */
export interface TimestampAuthority {
  /** http: or https: URL the TimeStampReq is POSTed to. */
  readonly url: string;
  /** How long to wait for the whole answer; default TIMESTAMP_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  /**
   * Ends the request early: the signing job's, so a lock — and every zone switch starts with one —
   * closes the connection before the zone's network goes, as leaving a zone closes messaging's.
   */
  readonly signal?: AbortSignal;
}

export const TIMESTAMP_TIMEOUT_MS = 15_000;

/** The options of signFile / signPdf; every one may be left out. */
export interface DocumentSignOptions {
  /** PDF only: draw the signer's name, organisation and the time in this rectangle (absent: an invisible signature). */
  readonly visible?: SignatureBlockPlacement;
  /** Adds id-aa-signatureTimeStampToken over the signature value (absent: B-B, no timestamp). */
  readonly timestamp?: TimestampAuthority;
  /** Where the visible block's font is looked for (default blockFontCandidates(): the copy shipped with the app). */
  readonly blockFontFiles?: readonly string[];
}

/** A signature's timestamp token as the verifier found it (absent on the signature: none was attached). */
export interface TimestampCheck {
  /** genTime of the token (ISO 8601), when the token could be read at all. */
  readonly time: string | undefined;
  /** The authority's name (its certificate's CN, else the subject), when known. */
  readonly authority: string | undefined;
  /** True only when the token is signed by a TSA certificate that holds as of genTime (docs/signing.md "The authority's certificate") and its imprint is the SHA-256, -384 or -512 of this signature value. */
  readonly valid: boolean;
  /** Whether the token's message imprint is an accepted hash (SHA-256/384/512) of the signature value it is attached to. */
  readonly matches: boolean;
  readonly problem?: SignatureProblem;
  readonly reason?: string;
  /** On a valid token: what has happened to the authority's certificate since genTime without voiding the token. */
  readonly authorityNote?: TimestampAuthorityNote;
}

/** The authority's certificate after genTime (docs/signing.md "The authority's certificate"): both leave the token valid. */
export interface TimestampAuthorityNote {
  /** Its notAfter, when that is before now: the token was made while it was valid. */
  readonly expiredSince?: string;
  /** The revocation date, when it is after genTime with a reason that leaves the key intact (RFC 3161 §4). */
  readonly revokedSince?: string;
}
