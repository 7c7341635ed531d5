// The Sign documents screen in the built app (Chromium shell, SoftHSM token): a PDF chosen, seen
// in the viewer, the visible block's place picked on the preview (the next page, a click, the arrow
// keys), signed from the keyboard on the token as a new file that poppler's pdfsig finds valid and
// trusted and pdftoppm shows the block on where it was put; checked in the app; then a PDF changed
// after signing, checked: not to be trusted.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { BLOCK_HEIGHT, BLOCK_WIDTH, blockCentre, shownBlock, type PageFraction } from '../../shared/domain/signature-placement.js';
import { seriousViolations } from '../support/axe.js';
import { changedBox, renderPage } from '../support/pdf-raster.js';
import { launchSigningApp, type SigningApp } from '../support/signing-app.js';
import { run } from '../support/signing-fixture.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';

describe('signing and checking a PDF on the Sign documents screen (Chromium shell, SoftHSM token, pdfsig)', () => {
  let token: SoftHsmToken;
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;
  let folder: string;
  let nssDir: string;
  let openScreen: SigningApp['openScreen'];
  let choose: SigningApp['choose'];
  const signedName = `Quyết định 12 (${translate('vi', 'signing.signedSuffix')}).pdf`;

  before(async () => {
    token = await createSoftHsmToken();
    ({ shell, core, page, folder, nssDir, openScreen, choose } = await launchSigningApp(token, { name: 'Quyết định 12.pdf', pages: [['Quyet dinh so 12/QD-UBND', 'Phe duyet ke hoach cong tac nam 2027'], ['Noi nhan: UBND tinh']] }));
  });
  after(async () => {
    await shell?.close();
    core?.stop();
    await token?.cleanup();
  });

  it('finds the screen in the navigation as "Ký số văn bản", axe clean', async () => {
    await openScreen('vi');
    await page.getByRole('heading', { level: 2, name: translate('vi', 'signing.sign.title') }).waitFor();
    await page.getByRole('heading', { level: 2, name: translate('vi', 'signing.check.title') }).waitFor();
    assert.deepEqual(await seriousViolations(page, 'empty Sign documents screen'), []);
  });

  it('shows the chosen PDF from memory, takes a visible signature at a place picked on the preview (the next page, a click, the arrow keys), and signs from the keyboard: a new file beside it with the block there, checked valid', async () => {
    const original = await readFile(path.join(folder, 'Quyết định 12.pdf'));
    await choose(translate('vi', 'signing.choose'), path.join(folder, 'Quyết định 12.pdf'));
    await page.locator('.pdf-page__text').getByText('Quyet dinh so 12/QD-UBND').waitFor();
    assert.equal(await page.getByRole('radio', { name: translate('vi', 'signing.appearance.invisible') }).isChecked(), true);
    // The token's keys sign with the unlock's login alone (no CKA_ALWAYS_AUTHENTICATE): no PIN is asked again.
    assert.equal(await page.getByLabel(translate('vi', 'signing.pin.label'), { exact: true }).count(), 0);
    // Keyboard: from the invisible option the arrow key moves to the visible one; the places' sheet appears, bottom right first.
    await page.getByRole('radio', { name: translate('vi', 'signing.appearance.invisible') }).focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getByRole('radio', { name: translate('vi', 'signing.appearance.visible') }).isChecked(), true);
    await page.getByRole('radiogroup', { name: translate('vi', 'signing.place.where') }).waitFor();
    assert.equal(await page.getByRole('radio', { name: translate('vi', 'signing.place.bottomRight') }).isChecked(), true);
    await page.getByRole('radio', { name: translate('vi', 'signing.place.bottomRight') }).focus();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getByRole('radio', { name: translate('vi', 'signing.place.bottomCentre') }).isChecked(), true);
    assert.equal(await page.getByLabel(translate('vi', 'signing.place.page')).inputValue(), '1');
    assert.equal(await page.getByLabel(translate('vi', 'files.name')).inputValue(), signedName);

    // The preview: the chosen page from memory, the block's outline where the core will draw it, said in words.
    const a4 = { width: 595, height: 842 };
    const saidAt = (spot: PageFraction, part: string, number: number): string => {
      const centre = blockCentre(a4, spot);
      return translate('vi', 'signing.place.at', { where: translate('vi', `signing.place.part.${part}` as 'signing.place.part.topLeft'), page: number, left: Math.round(centre.x * 100), top: Math.round(centre.y * 100) });
    };
    const surface = page.getByRole('application', { name: translate('vi', 'signing.place.surface') });
    await surface.waitFor();
    await page.getByText(saidAt({ x: 1 / 2, y: 7 / 8 }, 'bottomCentre', 1), { exact: true }).waitFor();
    const outline = page.locator('.placement-surface__block');
    const frame = async () => {
      const [whole, block] = [await surface.boundingBox(), await outline.boundingBox()];
      assert.ok(whole !== null && block !== null);
      return { left: (block.x - whole.x) / whole.width, top: (block.y - whole.y) / whole.height, width: block.width / whole.width, height: block.height / whole.height };
    };
    const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 0.01, `${what}: ${actual} against ${expected}`);
    const drawn = await frame();
    near(drawn.width, BLOCK_WIDTH / 595, 'the outline is the block\'s real width');
    near(drawn.height, BLOCK_HEIGHT / 842, 'and its real height');
    near(drawn.top, (7 / 8) - BLOCK_HEIGHT / 2 / 842, 'centred on the place');

    // The next page, with the button: the field and the words follow.
    await page.getByRole('button', { name: translate('vi', 'documents.viewer.pdfNext') }).click();
    assert.equal(await page.getByLabel(translate('vi', 'signing.place.page')).inputValue(), '2');
    await page.getByText(saidAt({ x: 1 / 2, y: 7 / 8 }, 'bottomCentre', 2), { exact: true }).waitFor();
    await page.locator('.pdf-page__text').getByText('Noi nhan: UBND tinh').waitFor();
    // A page the document does not have, typed: said plainly; then back to 2.
    await page.getByLabel(translate('vi', 'signing.place.page')).fill('3');
    await page.getByText(translate('vi', 'signing.place.pageOutside', { count: 2 })).waitFor();
    await page.getByLabel(translate('vi', 'signing.place.page')).fill('2');

    // A click (or tap) puts the block's centre there: a fifth across, a quarter down.
    const box = await surface.boundingBox();
    assert.ok(box !== null);
    await surface.click({ position: { x: box.width * 0.2, y: box.height * 0.25 } });
    await page.getByText(saidAt({ x: 0.2, y: 0.25 }, 'topLeft', 2), { exact: true }).waitFor();
    near((await frame()).left, 0.2 - BLOCK_WIDTH / 2 / 595, 'the outline follows the click');
    assert.equal(await page.getByRole('radio', { name: translate('vi', 'signing.place.bottomCentre') }).isChecked(), false, 'no quick place is chosen now');
    // Keyboard: the surface has focus; two steps right (5 % each), one fine step down (Shift: 1 %).
    await surface.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await page.getByText(saidAt({ x: 0.3, y: 0.26 }, 'topLeft', 2), { exact: true }).waitFor();
    // Up past the top edge: the block stops at the edge, as the core will put it.
    for (let step = 0; step < 8; step++) await page.keyboard.press('ArrowUp');
    const spot = { x: 0.3, y: 0 };
    await page.getByText(saidAt(spot, 'topLeft', 2), { exact: true }).waitFor();
    near((await frame()).top, 0, 'the outline at the top edge');
    assert.deepEqual(await seriousViolations(page, 'PDF chosen for signing, place picked on the preview'), []);

    // Keyboard only: focus walks to the submit button, Enter signs.
    const submit = page.getByRole('button', { name: translate('vi', 'signing.submit'), exact: true });
    await submit.focus();
    await page.keyboard.press('Enter');
    const output = path.join(folder, signedName);
    await page.getByText(translate('vi', 'signing.done', { path: output })).waitFor({ timeout: 60_000 });
    await page.getByText(translate('vi', 'signing.verdict.valid', { file: signedName })).waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { level: 4, name: translate('vi', 'signing.signature.valid', { number: 1, name: token.pki.subjects.rsaLeaf.CN }) }).or(page.getByRole('heading', { level: 4, name: translate('vi', 'signing.signature.valid', { number: 1, name: token.pki.subjects.ecLeaf.CN }) })).waitFor();
    await page.getByText(translate('vi', 'signing.coverage.wholeDocument'), { exact: true }).waitFor();
    assert.deepEqual(await seriousViolations(page, 'signed and checked'), []);

    assert.deepEqual(await readFile(path.join(folder, 'Quyết định 12.pdf')), original, 'the original is untouched');
    assert.deepEqual((await readdir(folder)).sort(), ['Quyết định 12.pdf', signedName].sort(), 'one new file, no temporary one left');
    const said = (await run('pdfsig', ['-nssdir', `sql:${nssDir}`, output])).stdout;
    assert.match(said, /Signature is Valid\./);
    assert.match(said, /Certificate is Trusted\./);
    assert.match(said, /Total document signed/);
    // The block is drawn on page 2, where the outline was: the signer's name is in poppler's text of
    // page 2, and what changed in pdftoppm's rendering of it is the block, at the place picked.
    const text = (await run('pdftotext', ['-f', '2', '-l', '2', output, '-'])).stdout;
    assert.ok([token.pki.subjects.rsaLeaf.CN, token.pki.subjects.ecLeaf.CN].some((name) => text.includes(name)), text);
    const expected = shownBlock(a4, spot);
    const changed = changedBox(await renderPage(path.join(folder, 'Quyết định 12.pdf'), 2), await renderPage(output, 2));
    assert.ok(changed !== null, 'the block is drawn');
    assert.ok(Math.abs(changed.left - expected.left) <= 1 && Math.abs(changed.top - expected.top) <= 1 && Math.abs(changed.right - expected.left - expected.width) <= 1 && Math.abs(changed.bottom - expected.top - expected.height) <= 1, `${JSON.stringify(changed)} against ${JSON.stringify(expected)}`);
    assert.equal(changedBox(await renderPage(path.join(folder, 'Quyết định 12.pdf'), 1), await renderPage(output, 1)), null, 'page 1 unchanged');
  });

  it('checks a copy changed after signing: not to be trusted, the signature named tampered, the document shown beside it', async () => {
    const bytes = await readFile(path.join(folder, signedName));
    const at = bytes.indexOf('Phe duyet');
    assert.ok(at > 0);
    bytes.write('Huy  bo  ', at, 'latin1');
    const tampered = path.join(folder, 'bản bị sửa.pdf');
    await writeFile(tampered, bytes);
    await choose(translate('vi', 'signing.check.choose'), tampered);
    await page.getByText(translate('vi', 'signing.verdict.invalid', { file: 'bản bị sửa.pdf' })).waitFor();
    await page.getByRole('heading', { level: 4, name: translate('vi', 'signing.signature.invalid', { number: 1 }) }).waitFor();
    await page.getByText(translate('vi', 'error.signature.tampered'), { exact: true }).waitFor();
    await page.getByRole('region', { name: translate('vi', 'signing.check.result') }).locator('.pdf-page__text').getByText('Huy  bo').waitFor();
    assert.deepEqual(await seriousViolations(page, 'tampered PDF checked'), []);
  });

  it('in English: the signed file checked valid; locking empties the screen', async () => {
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByRole('button', { name: translate('en', 'signing.check.close') }).click();
    await choose(translate('en', 'signing.check.choose'), path.join(folder, signedName));
    await page.getByText(translate('en', 'signing.verdict.valid', { file: signedName })).waitFor();
    assert.deepEqual(await seriousViolations(page, 'English check'), []);
    await page.getByRole('button', { name: translate('en', 'lock.button'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: translate('en', 'lock.title') }).waitFor();
    assert.ok(!(await page.content()).includes(signedName));
  });
});
