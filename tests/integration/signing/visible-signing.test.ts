// The visible signature block (docs/signing.md "Visible block") on a PDF signed on the SoftHSM
// token, judged by poppler: pdfsig (both signatures valid when the second is visible), pdftoppm
// (the block is drawn inside its rectangle and nowhere else), pdftotext (the Vietnamese name comes
// back letter for letter) and pdffonts (the font is embedded as a subset).
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { signFile } from '../../../electron/core/document-signing/document-signing.js';
import { verifyPdf } from '../../../electron/core/document-signing/pdf-signature-verifier.js';
import { SignatureError } from '../../../electron/core/document-signing/signature-error.js';
import { isDark, renderPage as render, type Raster } from '../../support/pdf-raster.js';
import { run, signingFixture, type SigningFixture } from '../../support/signing-fixture.js';
import { teardownAfterSuite } from '../../support/teardown.js';

const problemOf = (error: unknown): string => (error instanceof SignatureError ? `${error.problem}` : `other:${String(error)}`);

/** Pixels that differ between two renderings, split by whether they lie inside the box (PDF points, origin bottom-left). */
function differences(a: Raster, b: Raster, box: { x: number; y: number; width: number; height: number }): { inside: number; outside: number; darkInside: number } {
  assert.deepEqual([a.width, a.height], [b.width, b.height]);
  let inside = 0;
  let outside = 0;
  let darkInside = 0;
  for (let row = 0; row < a.height; row++) {
    for (let column = 0; column < a.width; column++) {
      const at = (row * a.width + column) * 3;
      const changed = a.pixels[at] !== b.pixels[at] || a.pixels[at + 1] !== b.pixels[at + 1] || a.pixels[at + 2] !== b.pixels[at + 2];
      const yUp = a.height - row - 0.5;
      const within = column + 0.5 >= box.x && column + 0.5 <= box.x + box.width && yUp >= box.y && yUp <= box.y + box.height;
      if (within && isDark(b, at)) darkInside++;
      if (changed && within) inside++;
      if (changed && !within) outside++;
    }
  }
  return { inside, outside, darkInside };
}

describe('the visible signature block', () => {
  const teardown = teardownAfterSuite();
  let fx: SigningFixture;

  before(async () => {
    fx = await signingFixture(teardown);
  });

  it('a second signer signs visibly after an invisible first: pdfsig finds both valid; the block is drawn only in its rectangle; pdftotext reads the Vietnamese name; the font is an embedded subset', async () => {
    const original = await fx.letter('tờ trình.pdf');
    const once = await signFile(fx.request(fx.rsa, original));
    const box = { page: 0, x: 320, y: 60, width: 240, height: 64 };
    const twice = await signFile({ ...fx.request(fx.ec, once.output), visible: box });

    const report = await fx.pdfsig(twice.output);
    assert.equal(report.match(/Signature is Valid\./g)?.length, 2, report);
    assert.equal(report.match(/Certificate is Trusted\./g)?.length, 2, report);
    const verdict = await verifyPdf(await readFile(twice.output), fx.trust);
    assert.equal(verdict.valid, true, JSON.stringify(verdict));
    assert.deepEqual(verdict.signatures.map((check) => [check.valid, check.coverage]), [[true, 'signaturesAppended'], [true, 'wholeDocument']]);

    const change = differences(await render(once.output), await render(twice.output), box);
    assert.equal(change.outside, 0, 'nothing drawn outside the rectangle');
    assert.ok(change.inside > 500, `the block is drawn (${change.inside} pixels changed)`);
    assert.ok(change.darkInside > 300, `with dark ink (${change.darkInside} dark pixels)`);

    const text = (await run('pdftotext', ['-f', '1', '-l', '1', twice.output, '-'])).stdout;
    assert.match(text, /Ký bởi: Trần Thị Bình/);
    assert.match(text, /Cơ quan: Văn phòng Tỉnh uỷ Thừa Thiên Huế/);
    assert.match(text, /Ngày ký: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} \(GMT\+7\)/);
    const fonts = (await run('pdffonts', [twice.output])).stdout;
    assert.match(fonts, /^[A-Z]{6}\+DejaVuSans\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/m, fonts);
    // A subset: the whole DejaVu Sans is 757 KB; the update holding the block and the CMS is far smaller.
    const added = (await readFile(twice.output)).length - (await readFile(once.output)).length;
    assert.ok(added < 80 * 1024, `${added} bytes added`);
  });

  it('a first visible signature, then a second visible one elsewhere on the page: both valid, both names read back', async () => {
    const original = await fx.letter('hai chữ ký.pdf');
    const once = await signFile({ ...fx.request(fx.rsa, original), visible: { page: 0, x: 40, y: 60, width: 240, height: 64 } });
    const twice = await signFile({ ...fx.request(fx.ec, once.output), visible: { page: 0, x: 320, y: 60, width: 240, height: 64 } });
    const report = await fx.pdfsig(twice.output);
    assert.equal(report.match(/Signature is Valid\./g)?.length, 2, report);
    assert.equal((await verifyPdf(await readFile(twice.output), fx.trust)).valid, true);
    const text = (await run('pdftotext', ['-f', '1', '-l', '1', twice.output, '-'])).stdout;
    assert.match(text, /Nguyễn Văn An/);
    assert.match(text, /Trần Thị Bình/);
  });

  it('a page or rectangle not on the document, a rectangle too small for the text, a block on a .p7s: visibleBoxInvalid, no file', async () => {
    const original = await fx.letter('sai vị trí.pdf');
    const listing = await readdir(fx.dir);
    // textPdf's pages are A4: 595 × 842 points.
    for (const visible of [
      { page: 1, x: 10, y: 10, width: 200, height: 50 },
      { page: -1, x: 10, y: 10, width: 200, height: 50 },
      { page: 0, x: 500, y: 10, width: 200, height: 50 },
      { page: 0, x: 10, y: 800, width: 200, height: 50 },
      { page: 0, x: -5, y: 10, width: 200, height: 50 },
      { page: 0, x: 10, y: 10, width: 0, height: 50 },
      { page: 0, x: 10, y: 10, width: Number.NaN, height: 50 },
      { page: 0, x: 10, y: 10, width: 40, height: 12 },
    ]) {
      await assert.rejects(signFile({ ...fx.request(fx.ec, original), visible }), (error) => problemOf(error) === 'visibleBoxInvalid', JSON.stringify(visible));
    }
    await assert.rejects(signFile({ ...fx.request(fx.ec, original), format: 'p7s', visible: { page: 0, x: 10, y: 10, width: 200, height: 50 } }), (error) => problemOf(error) === 'visibleBoxInvalid');
    assert.deepEqual(await readdir(fx.dir), listing, 'no output, no temporary file');
  });

  it('the block\'s font missing or not a font: blockFontMissing naming where it looked, no file', async () => {
    const original = await fx.letter('thiếu phông.pdf');
    const notFont = path.join(fx.dir, 'not-a-font.ttf');
    await writeFile(notFont, 'not a TrueType font');
    const listing = await readdir(fx.dir);
    const visible = { page: 0, x: 320, y: 60, width: 240, height: 64 };
    for (const blockFontFiles of [[], [path.join(fx.dir, 'absent', 'DejaVuSans.ttf')], [notFont]]) {
      await assert.rejects(
        signFile({ ...fx.request(fx.ec, original), visible, blockFontFiles }),
        (error) => problemOf(error) === 'blockFontMissing' && (blockFontFiles.length === 0 || (error as SignatureError).message.includes(blockFontFiles[0] ?? '')),
        JSON.stringify(blockFontFiles),
      );
    }
    assert.deepEqual(await readdir(fx.dir), listing, 'no output, no temporary file');
  });
});
