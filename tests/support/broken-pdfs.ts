// Structurally broken PDFs, each made from a sound one (text-pdf.ts) so only the named part is
// wrong: what a damaged download or a half-copied file looks like to the signature verifier.
import { textPdf } from './text-pdf.js';

export type BrokenPdf = 'noCatalog' | 'noXref' | 'truncated';

/** The reason the verifier gives for each (docs/signing.md "Errors": notPdf). */
export const BROKEN_PDF_REASONS: Readonly<Record<BrokenPdf, string>> = { noCatalog: 'no catalog', noXref: 'no xref', truncated: 'truncated' };

export function brokenPdf(kind: BrokenPdf, sound: Buffer = textPdf([['Quyet dinh so 7/QD-UBND']])): Buffer {
  const text = sound.toString('latin1');
  const xref = text.lastIndexOf('\nxref\n') + 1;
  const trailer = text.lastIndexOf('trailer');
  switch (kind) {
    // The table is intact; the trailer names no /Root and the catalog object is no longer one (same length, so the offsets hold).
    case 'noCatalog':
      return Buffer.from(text.slice(0, trailer).replace('/Type /Catalog', '/Type /Unknown') + text.slice(trailer).replace(/\/Root \d+ \d+ R/, ''), 'latin1');
    // The table is gone; startxref still points where it was, now at the trailer.
    case 'noXref':
      return Buffer.from(text.slice(0, xref) + text.slice(trailer), 'latin1');
    // A copy cut short: the second half (its table, trailer and %%EOF) never arrived.
    case 'truncated':
      return sound.subarray(0, Math.floor(sound.length * 0.6));
  }
}
