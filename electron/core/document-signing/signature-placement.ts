// Where the screen's visible signature goes, in the core's terms (signing-options.ts): the screen
// picks a page (from 1) and a place as fractions of the page from its top-left corner; the core
// wants a page from 0 and a rectangle in PDF points inside the page's crop box, from its lower left.
import type { SignaturePlacement } from '../../../shared/domain/signature.js';
import { loadPdf } from './pdf-structure.js';
import { SignatureError } from './signature-error.js';
import type { SignatureBlockPlacement } from './signing-options.js';

/** The block's size in points (about 7 × 2.5 cm): room for a Vietnamese name, an organisation and the time, in three lines. */
export const BLOCK_WIDTH = 200;
export const BLOCK_HEIGHT = 70;

/** The rectangle centred on the picked place, moved (never shrunk, unless the page is smaller) to stay inside the crop box. */
export async function blockPlacement(pdf: Uint8Array, placement: SignaturePlacement): Promise<SignatureBlockPlacement> {
  const doc = await loadPdf(pdf);
  if (placement.page > doc.getPageCount()) throw new SignatureError('visibleBoxInvalid', { reason: `page ${placement.page} of ${doc.getPageCount()}` });
  const box = doc.getPage(placement.page - 1).getCropBox();
  const width = Math.min(BLOCK_WIDTH, box.width);
  const height = Math.min(BLOCK_HEIGHT, box.height);
  const clamp = (value: number, low: number, high: number): number => Math.min(Math.max(value, low), high);
  return {
    page: placement.page - 1,
    x: clamp(box.x + placement.x * box.width - width / 2, box.x, box.x + box.width - width),
    // The screen measures from the top, PDF from the bottom.
    y: clamp(box.y + (1 - placement.y) * box.height - height / 2, box.y, box.y + box.height - height),
    width,
    height,
  };
}
