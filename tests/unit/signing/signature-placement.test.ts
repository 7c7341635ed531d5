// The screen's place (page from 1, fractions of the page as shown, from the top left) as the core's
// rectangle (page from 0, points in the page's own coordinates from the lower left), on real PDFs
// made with pdf-lib: crop boxes, /Rotate 90, 180, 270; and the shared rule the preview draws with.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { degrees, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { blockPlacement } from '../../../electron/core/document-signing/signature-placement.js';
import { SignatureError } from '../../../electron/core/document-signing/signature-error.js';
import { BLOCK_HEIGHT, BLOCK_WIDTH, blockCentre, pagePartOf, shownBlock } from '../../../shared/domain/signature-placement.js';

async function pdfWithPages(...pages: { size: [number, number]; crop?: [number, number, number, number]; media?: [number, number, number, number]; rotate?: number }[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (const { size, crop, media, rotate } of pages) {
    const page = doc.addPage(size);
    if (media !== undefined) page.setMediaBox(...media);
    if (crop !== undefined) page.setCropBox(...crop);
    if (rotate !== undefined) page.setRotation(degrees(rotate));
  }
  return doc.save();
}

describe('the visible block placement', () => {
  it('centres the block on the place picked, measured from the top as the screen shows the page', async () => {
    const pdf = await pdfWithPages({ size: [595, 842] }, { size: [595, 842] });
    assert.deepEqual(await blockPlacement(pdf, { page: 2, x: 0.5, y: 0.5 }), { page: 1, x: 595 / 2 - BLOCK_WIDTH / 2, y: 842 / 2 - BLOCK_HEIGHT / 2, width: BLOCK_WIDTH, height: BLOCK_HEIGHT });
    const bottomRight = await blockPlacement(pdf, { page: 1, x: 5 / 6, y: 7 / 8 });
    assert.equal(bottomRight.page, 0);
    assert.equal(bottomRight.x, 595 - BLOCK_WIDTH, 'centred at 5/6 of the width it would cross the right edge: moved in');
    assert.ok(Math.abs(bottomRight.y - (842 / 8 - BLOCK_HEIGHT / 2)) < 1e-9, 'near the bottom: a small y in PDF terms');
  });

  it('keeps the block inside the crop box: moved in from an edge, shrunk only on a page smaller than it', async () => {
    const pdf = await pdfWithPages({ size: [300, 400], crop: [10, 20, 280, 360] }, { size: [120, 50] });
    assert.deepEqual(await blockPlacement(pdf, { page: 1, x: 0, y: 0 }), { page: 0, x: 10, y: 20 + 360 - BLOCK_HEIGHT, width: BLOCK_WIDTH, height: BLOCK_HEIGHT });
    assert.deepEqual(await blockPlacement(pdf, { page: 1, x: 1, y: 1 }), { page: 0, x: 10 + 280 - BLOCK_WIDTH, y: 20, width: BLOCK_WIDTH, height: BLOCK_HEIGHT });
    assert.deepEqual(await blockPlacement(pdf, { page: 2, x: 0.5, y: 0.5 }), { page: 1, x: 0, y: 0, width: 120, height: 50 });
  });

  it('a page the document does not have is visibleBoxInvalid', async () => {
    const pdf = await pdfWithPages({ size: [595, 842] });
    await assert.rejects(blockPlacement(pdf, { page: 2, x: 0.5, y: 0.5 }), (error) => error instanceof SignatureError && error.problem === 'visibleBoxInvalid');
  });

  it('a page with /Rotate 90, 180 or 270: the place is on the page as shown, the rectangle in the page\'s own coordinates, turned with it', async () => {
    // A4 portrait (595 × 842) turned: at 90 and 270 it is shown landscape, 842 wide.
    const pdf = await pdfWithPages({ size: [595, 842], rotate: 90 }, { size: [595, 842], rotate: 180 }, { size: [595, 842], rotate: 270 }, { size: [595, 842], rotate: -90 });
    const bottomRight = { x: 1, y: 1 };
    // 90: turned clockwise, the page's left edge is shown on top, so the shown bottom right is the page's top right; the block stands 70 wide, 200 high.
    assert.deepEqual(await blockPlacement(pdf, { page: 1, ...bottomRight }), { page: 0, x: 595 - BLOCK_HEIGHT, y: 842 - BLOCK_WIDTH, width: BLOCK_HEIGHT, height: BLOCK_WIDTH });
    // 180: upside down, the shown bottom right is the page's top left.
    assert.deepEqual(await blockPlacement(pdf, { page: 2, ...bottomRight }), { page: 1, x: 0, y: 842 - BLOCK_HEIGHT, width: BLOCK_WIDTH, height: BLOCK_HEIGHT });
    // 270: the page's right edge on top, the shown bottom right is the page's bottom left.
    assert.deepEqual(await blockPlacement(pdf, { page: 3, ...bottomRight }), { page: 2, x: 0, y: 0, width: BLOCK_HEIGHT, height: BLOCK_WIDTH });
    assert.deepEqual(await blockPlacement(pdf, { page: 4, ...bottomRight }), { page: 3, x: 0, y: 0, width: BLOCK_HEIGHT, height: BLOCK_WIDTH }, '-90 is 270');
    // The shown top left at 90 is the page's bottom left, at 270 its top right; a place away from the edges is where it was picked.
    assert.deepEqual(await blockPlacement(pdf, { page: 1, x: 0, y: 0 }), { page: 0, x: 0, y: 0, width: BLOCK_HEIGHT, height: BLOCK_WIDTH });
    assert.deepEqual(await blockPlacement(pdf, { page: 3, x: 0, y: 0 }), { page: 2, x: 595 - BLOCK_HEIGHT, y: 842 - BLOCK_WIDTH, width: BLOCK_HEIGHT, height: BLOCK_WIDTH });
    // 90, centre at 1/4 across and 1/2 down the shown 842 × 595: 210.5 pt from the shown left = up the page, 297.5 pt down = right along it.
    assert.deepEqual(await blockPlacement(pdf, { page: 1, x: 0.25, y: 0.5 }), { page: 0, x: 297.5 - BLOCK_HEIGHT / 2, y: 210.5 - BLOCK_WIDTH / 2, width: BLOCK_HEIGHT, height: BLOCK_WIDTH });
  });

  it('a crop box that does not start at 0,0, turned: the rectangle lies in the crop box, measured from its corner', async () => {
    const pdf = await pdfWithPages({ size: [300, 400], crop: [10, 20, 280, 360], rotate: 90 }, { size: [300, 400], crop: [10, 20, 280, 360], rotate: 180 }, { size: [300, 400], media: [-50, 30, 400, 500], crop: [-20, 60, 300, 400], rotate: 270 });
    // 90: shown 360 × 280; its top left is the crop box's lower left.
    assert.deepEqual(await blockPlacement(pdf, { page: 1, x: 0, y: 0 }), { page: 0, x: 10, y: 20, width: BLOCK_HEIGHT, height: BLOCK_WIDTH });
    // 180: the shown top left is the crop box's lower right.
    assert.deepEqual(await blockPlacement(pdf, { page: 2, x: 0, y: 0 }), { page: 1, x: 10 + 280 - BLOCK_WIDTH, y: 20, width: BLOCK_WIDTH, height: BLOCK_HEIGHT });
    // 270 with a media box from (-50, 30): the shown bottom left is the crop box's upper left (-20, 60 + 400).
    assert.deepEqual(await blockPlacement(pdf, { page: 3, x: 0, y: 1 }), { page: 2, x: -20, y: 60 + 400 - BLOCK_WIDTH, width: BLOCK_HEIGHT, height: BLOCK_WIDTH });
  });

  it('a crop box reaching past the media box: only the part a reader shows (their overlap) counts; /Rotate inherited from the page tree counts', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([300, 400]);
    page.setCropBox(-100, -100, 300, 400); // overlaps the media box in [0 0 200 300]
    page.setRotation(degrees(0)); // its own /Rotate 0, over the page tree's
    const turned = doc.addPage([595, 842]);
    turned.node.delete(PDFName.of('Rotate'));
    doc.catalog.Pages().set(PDFName.of('Rotate'), PDFNumber.of(180));
    const pdf = await doc.save();
    assert.deepEqual(await blockPlacement(pdf, { page: 1, x: 1, y: 1 }), { page: 0, x: 0, y: 0, width: BLOCK_WIDTH, height: BLOCK_HEIGHT });
    assert.deepEqual(await blockPlacement(pdf, { page: 1, x: 1, y: 0 }), { page: 0, x: 0, y: 300 - BLOCK_HEIGHT, width: BLOCK_WIDTH, height: BLOCK_HEIGHT });
    // The tree's 180 on the second page: the shown bottom right is its top left.
    assert.deepEqual(await blockPlacement(pdf, { page: 2, x: 1, y: 1 }), { page: 1, x: 0, y: 842 - BLOCK_HEIGHT, width: BLOCK_WIDTH, height: BLOCK_HEIGHT });
  });
});

describe('the shared rule the preview draws the block with', () => {
  const a4 = { width: 595, height: 842 };

  it('centres the block on the point, moves it inside the page, and names its centre', () => {
    assert.deepEqual(shownBlock(a4, { x: 0.5, y: 0.5 }), { left: 297.5 - 100, top: 421 - 35, width: BLOCK_WIDTH, height: BLOCK_HEIGHT });
    assert.deepEqual(shownBlock(a4, { x: 1, y: 0 }), { left: 595 - BLOCK_WIDTH, top: 0, width: BLOCK_WIDTH, height: BLOCK_HEIGHT });
    assert.deepEqual(shownBlock({ width: 120, height: 50 }, { x: 0.9, y: 0.1 }), { left: 0, top: 0, width: 120, height: 50 });
    assert.deepEqual(blockCentre(a4, { x: 1, y: 1 }), { x: (595 - 100) / 595, y: (842 - 35) / 842 });
    assert.deepEqual(blockCentre(a4, { x: 0.4, y: 0.3 }), { x: 0.4, y: 0.3 });
  });

  it('says which third across and down the centre is in', () => {
    assert.equal(pagePartOf({ x: 0.9, y: 0.95 }), 'bottomRight');
    assert.equal(pagePartOf({ x: 0, y: 0 }), 'topLeft');
    assert.equal(pagePartOf({ x: 1, y: 1 }), 'bottomRight');
    assert.equal(pagePartOf({ x: 0.5, y: 0.34 }), 'middleCentre');
    assert.equal(pagePartOf({ x: 0.2, y: 0.5 }), 'middleLeft');
    assert.equal(pagePartOf({ x: 0.5, y: 0.1 }), 'topCentre');
  });
});
