// A PDF read for signing or checking (docs/signing.md "Errors": notPdf). pdf-lib reads leniently —
// it rebuilds a lost cross-reference table and hunts for a catalog the trailer does not name — and
// code that then reads the catalog fails with a TypeError. The file's skeleton is checked here
// first, so a damaged file is refused as notPdf with the part at fault, never as an internal fault.
import { EncryptedPDFError, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { SignatureError } from './signature-error.js';

/** How far from the end the final startxref may sit (ISO 32000-1 §7.5.5: in the last 1024 bytes). */
const TAIL = 1024;

/** The byte offset of the last cross-reference section, from the file's final startxref; a file without one was cut short. */
export function lastXrefOffset(pdf: Uint8Array): number {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const tail = bytes.subarray(Math.max(0, bytes.length - TAIL)).toString('latin1');
  const found = [...tail.matchAll(/startxref\s+(\d+)\s+%%EOF/g)].at(-1);
  if (found?.[1] === undefined) throw new SignatureError('notPdf', { reason: 'truncated' });
  return Number(found[1]);
}

/** The header, the final startxref and %%EOF, and a cross-reference table or stream where startxref points. */
function checkSkeleton(pdf: Uint8Array): void {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  if (!bytes.subarray(0, TAIL).toString('latin1').includes('%PDF-')) throw new SignatureError('notPdf', { reason: 'no header' });
  const offset = lastXrefOffset(bytes);
  const section = offset < bytes.length ? bytes.subarray(offset, offset + 4096).toString('latin1') : '';
  const table = /^\s*xref\s/.test(section);
  const stream = /^\s*\d+\s+\d+\s+obj\b/.test(section) && /\/Type\s*\/XRef\b/.test(section);
  if (!table && !stream) throw new SignatureError('notPdf', { reason: 'no xref' });
}

export async function loadPdf(pdf: Uint8Array): Promise<PDFDocument> {
  checkSkeleton(pdf);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (error) {
    throw new SignatureError('notPdf', { reason: error instanceof EncryptedPDFError ? 'encrypted' : 'unreadable' });
  }
  // pdf-lib leaves `catalog` undefined when neither the trailer nor any object is one.
  const catalog = doc.catalog as PDFDict | undefined;
  if (!(catalog instanceof PDFDict) || catalog.lookupMaybe(PDFName.of('Pages'), PDFDict) === undefined) throw new SignatureError('notPdf', { reason: 'no catalog' });
  return doc;
}
