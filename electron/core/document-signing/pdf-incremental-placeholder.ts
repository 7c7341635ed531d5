// A signature field with an empty /Contents, added to a PDF as an incremental update (ISO 32000-1
// §7.5.6): the original bytes stay exactly as they were, so every earlier signature still covers
// what it signed. @signpdf/placeholder-pdf-lib builds the field with pdf-lib; pdf-lib can only save
// a whole new file, so the objects it changed or added are written here after the old bytes, with
// their own cross-reference section pointing back (/Prev) to the previous one.
import { PDFDict, PDFName, PDFNumber, PDFArray, PDFString, type PDFDocument, type PDFObject, type PDFPage, type PDFRef } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { lastXrefOffset, loadPdf } from './pdf-structure.js';
import { drawBlock, embedBlockFont, pageRotation, placementPage, type SignatureBlockText } from './signature-block.js';
import { SignatureError } from './signature-error.js';
import type { SignatureBlockPlacement } from './signing-options.js';

/** Room for the CMS (hex doubles it): a 4096-bit RSA chain of three with attributes fits in 12 KiB. */
export const SIGNATURE_ROOM = 12 * 1024;
/** More room for a B-T signature: the timestamp token carries its own SignedData and the authority's chain. */
export const TIMESTAMP_ROOM = 8 * 1024;

export interface PlaceholderRequest {
  /** The signer's name as the signature dictionary's /Name (informational: the certificate decides). */
  readonly name: string;
  readonly reason: string;
  readonly location: string;
  /** The claimed signing time: the dictionary's /M entry (PAdES B-B has no signing-time attribute). */
  readonly signingTime: Date;
  /** Bytes kept for the CMS; default SIGNATURE_ROOM. */
  readonly room?: number;
  /** A visible block there, saying this (signature-block.ts); absent: an invisible field on the first page. */
  readonly visible?: { readonly placement: SignatureBlockPlacement; readonly text: SignatureBlockText; readonly fontFiles?: readonly string[] };
}

const serialize = (object: PDFObject): Buffer => {
  const bytes = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return Buffer.from(bytes);
};

/** `pdf` followed by an update adding an ETSI.CAdES.detached signature field (invisible, or with its block) with a /ByteRange placeholder. */
export async function withSignaturePlaceholder(pdf: Uint8Array, request: PlaceholderRequest): Promise<Buffer> {
  return await withIncrementalUpdate(pdf, async (doc) => {
    if (doc.getPageCount() === 0) throw new SignatureError('notPdf', { reason: 'no page' });
    const visible = request.visible;
    if (visible === undefined) {
      addPlaceholder(doc, request);
      return;
    }
    const page = placementPage(doc, visible.placement);
    const font = await embedBlockFont(doc, visible.fontFiles);
    const { x, y, width, height } = visible.placement;
    const widget = addPlaceholder(doc, request, { page, rect: [x, y, x + width, y + height] });
    drawBlock(doc, widget, font, visible.placement, visible.text, pageRotation(page));
    await doc.flush(); // writes the font subset's objects, which the update must hold
  });
}

/** `pdf` followed by one incremental update holding every object `change` altered or added in pdf-lib's model of it. */
export async function withIncrementalUpdate(pdf: Uint8Array, change: (doc: PDFDocument) => void | Promise<void>): Promise<Buffer> {
  const doc = await loadPdf(pdf);
  // pdf-lib forgets the numbers of the object and cross-reference streams it unpacked; new objects
  // must not reuse them, or the compressed objects of earlier revisions are lost to readers.
  doc.context.largestObjectNumber = Math.max(doc.context.largestObjectNumber, declaredSize(pdf) - 1);
  const before = new Map(doc.context.enumerateIndirectObjects().map(([ref, object]) => [ref.tag, serialize(object)]));
  await change(doc);
  const changed = doc.context.enumerateIndirectObjects().filter(([ref, object]) => !before.get(ref.tag)?.equals(serialize(object)));
  return appendUpdate(Buffer.from(pdf), doc, changed);
}

/** The new field's widget (field and widget are one dictionary, as the placeholder makes them). */
function addPlaceholder(doc: PDFDocument, request: PlaceholderRequest, where?: { readonly page: PDFPage; readonly rect: number[] }): PDFDict {
  const fieldName = freeFieldName(doc);
  pdflibAddPlaceholder({
    ...(where === undefined ? { pdfDoc: doc } : { pdfPage: where.page, widgetRect: where.rect }),
    reason: request.reason,
    contactInfo: '',
    name: request.name,
    location: request.location,
    signingTime: request.signingTime,
    signatureLength: request.room ?? SIGNATURE_ROOM,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'Airlock',
  });
  // The placeholder names every field "Signature1"; a second signer needs a name of its own.
  const fields = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict).lookup(PDFName.of('Fields'), PDFArray);
  const widget = fields.lookup(fields.size() - 1, PDFDict);
  widget.set(PDFName.of('T'), PDFString.of(fieldName));
  return widget;
}

function freeFieldName(doc: PDFDocument): string {
  const taken = new Set(doc.getForm().getFields().map((field) => field.getName()));
  let number = 1;
  while (taken.has(`Signature${number}`)) number++;
  return `Signature${number}`;
}

/** The largest /Size any trailer or cross-reference stream of the file declares. */
function declaredSize(pdf: Uint8Array): number {
  let size = 0;
  for (const found of Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1').matchAll(/\/Size\s+(\d+)/g)) size = Math.max(size, Number(found[1]));
  return size;
}

function appendUpdate(pdf: Buffer, doc: PDFDocument, changed: readonly [PDFRef, PDFObject][]): Buffer {
  const separator = Buffer.from(pdf.at(-1) === 0x0a ? '' : '\n');
  const parts: Buffer[] = [pdf, separator];
  let offset = pdf.length + separator.length;
  const entries: { number: number; generation: number; offset: number }[] = [];
  for (const [ref, object] of [...changed].sort(([a], [b]) => a.objectNumber - b.objectNumber)) {
    const piece = Buffer.concat([Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`), serialize(object), Buffer.from('\nendobj\n')]);
    entries.push({ number: ref.objectNumber, generation: ref.generationNumber, offset });
    parts.push(piece);
    offset += piece.length;
  }
  const xrefOffset = offset;
  // One subsection per run of consecutive object numbers; each entry is exactly 20 bytes (§7.5.4).
  const lines = ['xref'];
  let run: typeof entries = [];
  const flush = (): void => {
    if (run.length === 0) return;
    lines.push(`${run[0]?.number ?? 0} ${run.length}`, ...run.map((entry) => `${String(entry.offset).padStart(10, '0')} ${String(entry.generation).padStart(5, '0')} n\r`));
    run = [];
  };
  for (const entry of entries) {
    if (run.length > 0 && run[run.length - 1]?.number !== entry.number - 1) flush();
    run.push(entry);
  }
  flush();
  const info = doc.context.trailerInfo;
  const trailer = doc.context.obj({ Size: PDFNumber.of(doc.context.largestObjectNumber + 1), Prev: PDFNumber.of(lastXrefOffset(pdf)) });
  for (const [key, value] of [['Root', info.Root], ['Info', info.Info], ['ID', info.ID]] as const) if (value !== undefined) trailer.set(PDFName.of(key), value);
  parts.push(Buffer.from(`${lines.join('\n')}\ntrailer\n`), serialize(trailer), Buffer.from(`\nstartxref\n${xrefOffset}\n%%EOF\n`));
  return Buffer.concat(parts);
}
