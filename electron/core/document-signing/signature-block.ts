// The visible signature block (docs/signing.md "Visible block"): the signer's name and organisation
// from the certificate and the signing time, drawn in Vietnamese as the signature widget's normal
// appearance (/AP /N) — a form XObject inside the same incremental update as the field, so the page's
// own content is untouched and earlier signatures still cover exactly what they signed. The font
// carries Vietnamese diacritics (DejaVu Sans, shipped with the app: block-font.ts) and is embedded as
// a subset with a ToUnicode map (pdf-lib + @pdf-lib/fontkit), so text extraction gives the name back.
import { randomInt } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import {
  beginText,
  endText,
  PDFDict,
  PDFName,
  PDFRef,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingColor,
  setFontAndSize,
  setLineWidth,
  setStrokingColor,
  showText,
  stroke,
  moveText,
  type PDFDocument,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import { readBlockFont } from './block-font.js';
import { SignatureError } from './signature-error.js';
import type { SignatureBlockPlacement } from './signing-options.js';

/** What the block says: taken from the signer's certificate and the signature's /M time. */
export interface SignatureBlockText {
  readonly name: string;
  readonly organization: string | undefined;
  readonly signingTime: Date;
}

/** Smaller text than this is not readable on paper: such a rectangle is refused rather than drawn illegibly. */
const MIN_FONT_SIZE = 5;
const MAX_FONT_SIZE = 12;
const PADDING = 3;
const LINE_HEIGHT = 1.25;

/** Vietnam's time (UTC+7, no daylight saving), as the officials read it: 05/12/2026 09:17:48. */
export function vietnamTime(time: Date): string {
  const local = new Date(time.getTime() + 7 * 3600_000);
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} (GMT+7)`;
}

export function blockLines(text: SignatureBlockText): string[] {
  return [`Ký bởi: ${text.name}`, ...(text.organization === undefined ? [] : [`Cơ quan: ${text.organization}`]), `Ngày ký: ${vietnamTime(text.signingTime)}`];
}

/** The page the block goes on, after checking the rectangle lies inside its crop box (what a reader shows). */
export function placementPage(doc: PDFDocument, placement: SignatureBlockPlacement): PDFPage {
  const { page: index, x, y, width, height } = placement;
  if (!Number.isInteger(index) || index < 0 || index >= doc.getPageCount()) throw new SignatureError('visibleBoxInvalid', { reason: `page ${index} of ${doc.getPageCount()}` });
  if (![x, y, width, height].every(Number.isFinite) || width <= 0 || height <= 0) throw new SignatureError('visibleBoxInvalid', { reason: 'rectangle' });
  const page = doc.getPage(index);
  const box = page.getCropBox();
  if (x < box.x || y < box.y || x + width > box.x + box.width || y + height > box.y + box.height) {
    throw new SignatureError('visibleBoxInvalid', { reason: `outside the page [${box.x} ${box.y} ${box.x + box.width} ${box.y + box.height}]` });
  }
  return page;
}

/**
 * The embedded subset font, ready for drawing (the subset itself is written when the document is
 * flushed). Named with a subset tag, six capital letters and "+" (ISO 32000-1 §9.6.4), so readers
 * know it holds only some glyphs; random, so two blocks' subsets in one file never share a name.
 */
export async function embedBlockFont(doc: PDFDocument, fontFiles?: readonly string[]): Promise<PDFFont> {
  const font = await readBlockFont(fontFiles);
  const tag = Array.from({ length: 6 }, () => String.fromCharCode(65 + randomInt(26))).join('');
  doc.registerFontkit(fontkit);
  return await doc.embedFont(font.bytes, { subset: true, customName: `${tag}+${font.postscriptName}` });
}

/**
 * Replaces the widget's empty appearance (the placeholder's) with the block: a thin frame and the
 * lines, each at the largest size up to 12 pt at which every line fits the rectangle.
 */
export function drawBlock(doc: PDFDocument, widget: PDFDict, font: PDFFont, placement: SignatureBlockPlacement, text: SignatureBlockText): void {
  const lines = blockLines(text);
  const room = { width: placement.width - 2 * PADDING, height: placement.height - 2 * PADDING };
  const widest = Math.max(...lines.map((line) => font.widthOfTextAtSize(line, 1)));
  const size = Math.min(MAX_FONT_SIZE, room.width / widest, room.height / (lines.length * LINE_HEIGHT));
  if (!(size >= MIN_FONT_SIZE)) throw new SignatureError('visibleBoxInvalid', { reason: `too small for the text (${size.toFixed(1)} pt)` });
  const ink = rgb(0.05, 0.15, 0.45);
  const operators: PDFOperator[] = [
    pushGraphicsState(),
    setStrokingColor(ink),
    setLineWidth(0.75),
    rectangle(0.5, 0.5, placement.width - 1, placement.height - 1),
    stroke(),
    setFillingColor(ink),
    beginText(),
    setFontAndSize('F1', size),
    // The lines centred in the height: the first baseline one ascent below their top, then one line down for each.
    moveText(PADDING, placement.height - PADDING - (room.height - lines.length * size * LINE_HEIGHT) / 2 - font.heightAtSize(size, { descender: false })),
    ...lines.flatMap((line, index) => [...(index === 0 ? [] : [moveText(0, -size * LINE_HEIGHT)]), showText(font.encodeText(line))]),
    endText(),
    popGraphicsState(),
  ];
  const appearance = doc.context.formXObject(operators, { BBox: [0, 0, placement.width, placement.height], Resources: { Font: { F1: font.ref } } });
  const states = widget.lookup(PDFName.of('AP'), PDFDict);
  const empty = states.get(PDFName.of('N'));
  states.set(PDFName.of('N'), doc.context.register(appearance));
  // The placeholder's empty stream is referenced nowhere else: it is not written into the update.
  if (empty instanceof PDFRef) doc.context.delete(empty);
}
