// The visible block on turned pages (/Rotate 90, 180, 270) and on a crop box away from 0,0, judged
// by poppler as a reader shows the page: the block is placed from the screen's place (fractions of
// the page as shown, the core's blockPlacement) at a corner, signed on the SoftHSM token, and
// pdftoppm's rendering has the block's ink in exactly that corner, laid out as on an unturned page;
// pdftotext reads the signer's name in order, left to right on one line; pdfsig finds it valid.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { degrees, PDFDocument } from 'pdf-lib';
import { signFile } from '../../../electron/core/document-signing/document-signing.js';
import { blockPlacement } from '../../../electron/core/document-signing/signature-placement.js';
import { BLOCK_HEIGHT, BLOCK_WIDTH } from '../../../shared/domain/signature-placement.js';
import { isDark, renderPage as render, type Raster } from '../../support/pdf-raster.js';
import { run, signingFixture, type SigningFixture } from '../../support/signing-fixture.js';
import { teardownAfterSuite } from '../../support/teardown.js';

/** Where the ink is: each pixel darker than light grey, as "left,top" from the shown page's top left. */
function ink(raster: Raster): { readonly dark: Set<string>; readonly box: { left: number; top: number; right: number; bottom: number } } {
  const dark = new Set<string>();
  const box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
  for (let row = 0; row < raster.height; row++) {
    for (let column = 0; column < raster.width; column++) {
      const at = (row * raster.width + column) * 3;
      if (!isDark(raster, at)) continue;
      dark.add(`${column},${row}`);
      box.left = Math.min(box.left, column);
      box.top = Math.min(box.top, row);
      box.right = Math.max(box.right, column + 1);
      box.bottom = Math.max(box.bottom, row + 1);
    }
  }
  return { dark, box };
}

/** The same ink moved so the block's corner is at 0,0: two blocks drawn alike match pixel for pixel, whatever page they are on. */
function fromCorner(found: ReturnType<typeof ink>): Set<string> {
  return new Set([...found.dark].map((at) => at.split(',').map(Number)).map(([column = 0, row = 0]) => `${column - found.box.left},${row - found.box.top}`));
}

/** pdftotext -bbox's words of page 1, in its reading order, with their boxes in the shown page's coordinates. */
async function words(file: string): Promise<{ text: string; xMin: number; yMin: number }[]> {
  const html = (await run('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'])).stdout;
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)].map((found) => ({ text: found[3] ?? '', xMin: Number(found[1]), yMin: Number(found[2]) }));
}

interface Page {
  readonly name: string;
  readonly rotate: number;
  /** As shown: the unturned size, swapped at 90 and 270, cut to the crop box. */
  readonly shown: { width: number; height: number };
  readonly crop?: [number, number, number, number];
  readonly media?: [number, number, number, number];
  /** The place picked on the shown page: a corner. */
  readonly corner: { x: 0 | 1; y: 0 | 1 };
}

const PAGES: readonly Page[] = [
  { name: 'unturned', rotate: 0, shown: { width: 595, height: 842 }, corner: { x: 1, y: 1 } },
  { name: '/Rotate 90', rotate: 90, shown: { width: 842, height: 595 }, corner: { x: 1, y: 1 } },
  { name: '/Rotate 180', rotate: 180, shown: { width: 595, height: 842 }, corner: { x: 1, y: 1 } },
  { name: '/Rotate 270', rotate: 270, shown: { width: 842, height: 595 }, corner: { x: 1, y: 1 } },
  { name: '/Rotate 90, top left', rotate: 90, shown: { width: 842, height: 595 }, corner: { x: 0, y: 0 } },
  { name: '/Rotate 270, crop box from (20, 60) on a media box from (-50, 30)', rotate: 270, media: [-50, 30, 700, 820], crop: [20, 60, 500, 700], shown: { width: 700, height: 500 }, corner: { x: 0, y: 1 } },
  { name: '/Rotate 180, crop box from (40, 100)', rotate: 180, crop: [40, 100, 480, 640], shown: { width: 480, height: 640 }, corner: { x: 1, y: 0 } },
];

/** A blank page (all the ink on it will be the block's), made with pdf-lib. */
async function blankPdf(page: Page): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const made = doc.addPage([595, 842]);
  if (page.media !== undefined) made.setMediaBox(...page.media);
  if (page.crop !== undefined) made.setCropBox(...page.crop);
  made.setRotation(degrees(page.rotate));
  return await doc.save();
}

describe('the visible block on a turned page or a moved crop box, where the user put it on the preview', () => {
  const teardown = teardownAfterSuite();
  let fx: SigningFixture;
  let upright: Set<string>;

  before(async () => {
    fx = await signingFixture(teardown);
  });

  for (const page of PAGES) {
    it(`${page.name}: the block's ink in the corner picked, laid out as on an unturned page; the name read in order; pdfsig: valid`, async () => {
      const input = path.join(fx.dir, `${page.name.replace(/[^a-z0-9]+/gi, '-')}.pdf`);
      const pdf = await blankPdf(page);
      await writeFile(input, pdf);
      const visible = await blockPlacement(pdf, { page: 1, ...page.corner });
      const signed = await signFile({ ...fx.request(fx.ec, input), visible });

      const report = await fx.pdfsig(signed.output);
      assert.match(report, /Signature is Valid\./, report);
      assert.match(report, /Certificate is Trusted\./, report);

      const raster = await render(signed.output);
      assert.deepEqual([raster.width, raster.height], [page.shown.width, page.shown.height], 'poppler shows the page turned and cut as the preview does');
      const found = ink(raster);
      const expected = { left: page.corner.x * (page.shown.width - BLOCK_WIDTH), top: page.corner.y * (page.shown.height - BLOCK_HEIGHT) };
      assert.ok(found.dark.size > 300, `the block is drawn (${found.dark.size} dark pixels)`);
      // All the ink is the block's frame and text: it spans the 200 × 70 block, lying across, at the corner picked.
      assert.ok(Math.abs(found.box.left - expected.left) <= 1 && Math.abs(found.box.top - expected.top) <= 1, `at the corner: ${JSON.stringify(found.box)} against ${JSON.stringify(expected)}`);
      assert.ok(Math.abs(found.box.right - found.box.left - BLOCK_WIDTH) <= 1 && Math.abs(found.box.bottom - found.box.top - BLOCK_HEIGHT) <= 1, `200 wide, 70 high as shown: ${JSON.stringify(found.box)}`);

      // Upright: the same pixels as the block on the unturned page (only the time's seconds may differ).
      const shape = fromCorner(found);
      if (page.rotate === 0 && page.crop === undefined) upright = shape;
      assert.ok(upright !== undefined, 'the unturned page comes first');
      const differing = [...shape].filter((at) => !upright.has(at)).length + [...upright].filter((at) => !shape.has(at)).length;
      assert.ok(differing < 0.1 * upright.size, `${differing} of ${upright.size} dark pixels differ from the unturned block`);

      const layout = (await run('pdftotext', ['-layout', '-f', '1', '-l', '1', signed.output, '-'])).stdout;
      assert.match(layout, /Ký bởi: Trần Thị Bình/, layout);
      assert.match(layout, /Cơ quan: Văn phòng Tỉnh uỷ Thừa Thiên Huế/, layout);
      // Left to right on one line of the shown page (sideways text would stack the words down, upside-down text right to left).
      const line = await words(signed.output);
      const name = ['Ký', 'bởi:', 'Trần', 'Thị', 'Bình'].map((word) => line.find((found) => found.text === word));
      assert.ok(name.every((word) => word !== undefined), JSON.stringify(line));
      for (let at = 1; at < name.length; at++) {
        const [before, after] = [name[at - 1], name[at]];
        assert.ok(before !== undefined && after !== undefined && after.xMin > before.xMin && Math.abs(after.yMin - before.yMin) < 1, `${JSON.stringify(before)} then ${JSON.stringify(after)}`);
      }
    });
  }
});
