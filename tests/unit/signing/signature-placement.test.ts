// The screen's place (page from 1, fractions from the top left) as the core's rectangle (page from
// 0, points from the crop box's lower left), on real PDFs made with pdf-lib.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { BLOCK_HEIGHT, BLOCK_WIDTH, blockPlacement } from '../../../electron/core/document-signing/signature-placement.js';
import { SignatureError } from '../../../electron/core/document-signing/signature-error.js';

async function pdfWithPages(...pages: { size: [number, number]; crop?: [number, number, number, number] }[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (const { size, crop } of pages) {
    const page = doc.addPage(size);
    if (crop !== undefined) page.setCropBox(...crop);
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
});
