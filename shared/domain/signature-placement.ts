// Pure: where a visible signature block sits on a page as a reader sees it (after the page's
// /Rotate), the same in main and in the renderer. The core turns it into the widget's rectangle
// (electron/core/document-signing/signature-placement.ts) and the Sign screen draws the outline
// on the preview with it, so the outline the user sees is where the block is drawn.

/** The block's size in points as the reader sees it (about 7 × 2.5 cm): a Vietnamese name, an organisation and the time, in three lines. */
export const BLOCK_WIDTH = 200;
export const BLOCK_HEIGHT = 70;

/** A page's size in points as shown: width and height swapped for /Rotate 90 and 270. */
export interface ShownPageSize {
  readonly width: number;
  readonly height: number;
}

/** A point as fractions of the shown page's width and height from its top-left corner. */
export interface PageFraction {
  readonly x: number;
  readonly y: number;
}

/** The block on the shown page: its top-left corner and size in points from the shown page's top-left corner. */
export interface ShownBlock {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

const clamp = (value: number, low: number, high: number): number => Math.min(Math.max(value, low), high);

/** The block centred on `centre`, moved (never shrunk, unless the page is smaller than it) to lie inside the page. */
export function shownBlock(page: ShownPageSize, centre: PageFraction): ShownBlock {
  const width = Math.min(BLOCK_WIDTH, page.width);
  const height = Math.min(BLOCK_HEIGHT, page.height);
  return {
    left: clamp(centre.x * page.width - width / 2, 0, page.width - width),
    top: clamp(centre.y * page.height - height / 2, 0, page.height - height),
    width,
    height,
  };
}

/** The centre of the block where it really goes (after moving it inside the page), as fractions. */
export function blockCentre(page: ShownPageSize, centre: PageFraction): PageFraction {
  const block = shownBlock(page, centre);
  return { x: (block.left + block.width / 2) / page.width, y: (block.top + block.height / 2) / page.height };
}

/** The nine parts of a page (thirds across and down) that the block's place is named by. */
export const PAGE_PARTS = ['topLeft', 'topCentre', 'topRight', 'middleLeft', 'middleCentre', 'middleRight', 'bottomLeft', 'bottomCentre', 'bottomRight'] as const;
export type PagePart = (typeof PAGE_PARTS)[number];

/** Which third across and which third down the centre lies in: what the screen says in words. */
export function pagePartOf(centre: PageFraction): PagePart {
  const third = (value: number): number => Math.min(2, Math.max(0, Math.floor(value * 3)));
  return PAGE_PARTS[third(centre.y) * 3 + third(centre.x)] ?? 'middleCentre';
}
