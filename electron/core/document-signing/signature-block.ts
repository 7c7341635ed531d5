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

/** A rectangle in the page's own (unrotated) coordinates: lower-left corner and size, in points. */
export interface PageArea {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type PageRotation = 0 | 90 | 180 | 270;

/**
 * The part of the page a reader shows: the crop box clipped to the media box (ISO 32000-1 §14.11.2),
 * corners in either order — as pdf.js, the preview's viewer, computes it.
 */
export function shownArea(page: PDFPage): PageArea {
  const crop = page.getCropBox();
  const media = page.getMediaBox();
  const span = (a: number, b: number): [number, number] => [Math.min(a, b), Math.max(a, b)];
  const [cx0, cx1] = span(crop.x, crop.x + crop.width);
  const [cy0, cy1] = span(crop.y, crop.y + crop.height);
  const [mx0, mx1] = span(media.x, media.x + media.width);
  const [my0, my1] = span(media.y, media.y + media.height);
  const x = Math.max(cx0, mx0);
  const y = Math.max(cy0, my0);
  const width = Math.min(cx1, mx1) - x;
  const height = Math.min(cy1, my1) - y;
  // A crop box outside the media box: readers fall back to the media box.
  return width > 0 && height > 0 ? { x, y, width, height } : { x: mx0, y: my0, width: mx1 - mx0, height: my1 - my0 };
}

/** The page's /Rotate (inherited too) as a quarter turn clockwise; a value that is not a multiple of 90 is shown unturned, as pdf.js and poppler do. */
export function pageRotation(page: PDFPage): PageRotation {
  const angle = page.getRotation().angle;
  if (!Number.isInteger(angle) || angle % 90 !== 0) return 0;
  return (((angle % 360) + 360) % 360) as PageRotation;
}

/** The page the block goes on, after checking the rectangle lies inside the part of it a reader shows. */
export function placementPage(doc: PDFDocument, placement: SignatureBlockPlacement): PDFPage {
  const { page: index, x, y, width, height } = placement;
  if (!Number.isInteger(index) || index < 0 || index >= doc.getPageCount()) throw new SignatureError('visibleBoxInvalid', { reason: `page ${index} of ${doc.getPageCount()}` });
  if (![x, y, width, height].every(Number.isFinite) || width <= 0 || height <= 0) throw new SignatureError('visibleBoxInvalid', { reason: 'rectangle' });
  const page = doc.getPage(index);
  const box = shownArea(page);
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
 * The appearance's /Matrix for a page shown turned by `rotation`: the block is drawn upright in its
 * own box [0 0 w h] (w × h as the reader sees it), then turned back by as much as the page is turned
 * forward, so a reader of the turned page sees it upright. A reader fits the turned box to /Rect
 * (ISO 32000-1 §12.5.5); the translations keep it at the origin anyway.
 */
export function appearanceMatrix(rotation: PageRotation, shown: { readonly width: number; readonly height: number }): number[] {
  switch (rotation) {
    case 0:
      return [1, 0, 0, 1, 0, 0];
    case 90:
      return [0, 1, -1, 0, shown.height, 0];
    case 180:
      return [-1, 0, 0, -1, shown.width, shown.height];
    case 270:
      return [0, -1, 1, 0, 0, shown.width];
  }
}

/**
 * Replaces the widget's empty appearance (the placeholder's) with the block: a thin frame and the
 * lines, each at the largest size up to 12 pt at which every line fits the rectangle. On a page
 * with /Rotate the rectangle is in the page's own coordinates and the block is drawn upright for
 * the reader of the turned page (its shown width is the rectangle's height at 90 and 270).
 */
export function drawBlock(doc: PDFDocument, widget: PDFDict, font: PDFFont, placement: SignatureBlockPlacement, text: SignatureBlockText, rotation: PageRotation = 0): void {
  const lines = blockLines(text);
  const turned = rotation === 90 || rotation === 270;
  const shown = { width: turned ? placement.height : placement.width, height: turned ? placement.width : placement.height };
  const room = { width: shown.width - 2 * PADDING, height: shown.height - 2 * PADDING };
  const widest = Math.max(...lines.map((line) => font.widthOfTextAtSize(line, 1)));
  const size = Math.min(MAX_FONT_SIZE, room.width / widest, room.height / (lines.length * LINE_HEIGHT));
  if (!(size >= MIN_FONT_SIZE)) throw new SignatureError('visibleBoxInvalid', { reason: `too small for the text (${size.toFixed(1)} pt)` });
  const ink = rgb(0.05, 0.15, 0.45);
  const operators: PDFOperator[] = [
    pushGraphicsState(),
    setStrokingColor(ink),
    setLineWidth(0.75),
    rectangle(0.5, 0.5, shown.width - 1, shown.height - 1),
    stroke(),
    setFillingColor(ink),
    beginText(),
    setFontAndSize('F1', size),
    // The lines centred in the height: the first baseline one ascent below their top, then one line down for each.
    moveText(PADDING, shown.height - PADDING - (room.height - lines.length * size * LINE_HEIGHT) / 2 - font.heightAtSize(size, { descender: false })),
    ...lines.flatMap((line, index) => [...(index === 0 ? [] : [moveText(0, -size * LINE_HEIGHT)]), showText(font.encodeText(line))]),
    endText(),
    popGraphicsState(),
  ];
  const appearance = doc.context.formXObject(operators, { BBox: [0, 0, shown.width, shown.height], Matrix: appearanceMatrix(rotation, shown), Resources: { Font: { F1: font.ref } } });
  // What a reader that rebuilds the appearance turns its text by (§12.5.6.19, counter-clockwise, like the matrix).
  if (rotation !== 0) widget.set(PDFName.of('MK'), doc.context.obj({ R: rotation }));
  const states = widget.lookup(PDFName.of('AP'), PDFDict);
  const empty = states.get(PDFName.of('N'));
  states.set(PDFName.of('N'), doc.context.register(appearance));
  // The placeholder's empty stream is referenced nowhere else: it is not written into the update.
  if (empty instanceof PDFRef) doc.context.delete(empty);
}
