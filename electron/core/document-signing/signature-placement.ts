// Where the screen's visible signature goes, in the core's terms (signing-options.ts): the screen
// picks a page (from 1) and the block's centre as fractions of the page *as shown* (turned by its
// /Rotate) from its top-left corner; the core wants a page from 0 and a rectangle in PDF points in
// the page's own, unrotated coordinates, from the lower left. The block is placed on the shown page
// by the rule the preview draws it with (shared/domain/signature-placement.ts), then each corner is
// carried back through the rotation.
import type { SignaturePlacement } from '../../../shared/domain/signature.js';
import { shownBlock } from '../../../shared/domain/signature-placement.js';
import { loadPdf } from './pdf-structure.js';
import { pageRotation, shownArea, type PageArea, type PageRotation } from './signature-block.js';
import { SignatureError } from './signature-error.js';
import type { SignatureBlockPlacement } from './signing-options.js';

/**
 * A point given in points from the shown page's top-left corner (right and down), in the page's
 * own coordinates. /Rotate turns the page clockwise for showing: at 90 the page's left edge is
 * shown on top, at 180 upside down, at 270 its right edge on top.
 */
export function toPageSpace(area: PageArea, rotation: PageRotation, right: number, down: number): { x: number; y: number } {
  switch (rotation) {
    case 0:
      return { x: area.x + right, y: area.y + area.height - down };
    case 90:
      return { x: area.x + down, y: area.y + right };
    case 180:
      return { x: area.x + area.width - right, y: area.y + down };
    case 270:
      return { x: area.x + area.width - down, y: area.y + area.height - right };
  }
}

/** The rectangle of the block centred on the picked place, moved (never shrunk, unless the page is smaller) to stay inside the page. */
export async function blockPlacement(pdf: Uint8Array, placement: SignaturePlacement): Promise<SignatureBlockPlacement> {
  const doc = await loadPdf(pdf);
  if (placement.page > doc.getPageCount()) throw new SignatureError('visibleBoxInvalid', { reason: `page ${placement.page} of ${doc.getPageCount()}` });
  const page = doc.getPage(placement.page - 1);
  const area = shownArea(page);
  const rotation = pageRotation(page);
  const turned = rotation === 90 || rotation === 270;
  const block = shownBlock({ width: turned ? area.height : area.width, height: turned ? area.width : area.height }, placement);
  const one = toPageSpace(area, rotation, block.left, block.top);
  const other = toPageSpace(area, rotation, block.left + block.width, block.top + block.height);
  return { page: placement.page - 1, x: Math.min(one.x, other.x), y: Math.min(one.y, other.y), width: Math.abs(other.x - one.x), height: Math.abs(other.y - one.y) };
}
