// The Sign documents screen in the built app (Chromium shell) with a SoftHSM token whose signing
// key asks its PIN for every signature (pkcs11-tool --always-auth): the screen asks "Mã PIN của thiết
// bị ký số" for this signature; from the keyboard only, a PIN too short is caught before the token
// is asked, a wrong one brings the form back with the file still chosen, the refusal and the PIN
// field focused, and no file; the right one signs (pdfsig: valid, trusted, that key's signer).
// Axe clean in Vietnamese and English.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import type { Language } from '../../shared/domain/language.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { addAlwaysAuthSigningKey, ALWAYS_AUTH_SUBJECT } from '../support/always-auth-key.js';
import { seriousViolations } from '../support/axe.js';
import { launchSigningApp, type SigningApp } from '../support/signing-app.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { run } from '../support/signing-fixture.js';

describe('the Sign documents screen asks the PIN for each signature when the key wants it (Chromium shell, SoftHSM --always-auth)', () => {
  let token: SoftHsmToken;
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;
  let folder: string;
  let nssDir: string;
  let openScreen: SigningApp['openScreen'];
  let chooseWith: SigningApp['choose'];

  before(async () => {
    token = await createSoftHsmToken();
    await addAlwaysAuthSigningKey(token);
    ({ shell, core, page, folder, nssDir, openScreen, choose: chooseWith } = await launchSigningApp(token, { name: 'Tờ trình 3.pdf', pages: [['To trinh so 3/TTr-UBND', 'De nghi phe duyet du toan 2027']] }));
  });
  after(async () => {
    await shell?.close();
    core?.stop();
    await token?.cleanup();
  });

  const choose = (language: Language, file: string) => chooseWith(translate(language, 'signing.choose'), file);
  const pinField = (language: Language) => page.getByLabel(translate(language, 'signing.pin.label'), { exact: true });
  /** Keyboard only: Tab from the PIN field to the submit button, Enter. */
  const submitFromPin = async (language: Language) => {
    await pinField(language).focus();
    const submit = page.getByRole('button', { name: translate(language, 'signing.submit'), exact: true });
    for (let step = 0; step < 5 && !(await submit.evaluate((button) => button === document.activeElement)); step++) await page.keyboard.press('Tab');
    assert.equal(await submit.evaluate((button) => button === document.activeElement), true, 'Tab reaches the sign button from the PIN field');
    await page.keyboard.press('Enter');
  };
  const signedFiles = async () => (await readdir(folder)).filter((name) => name !== 'Tờ trình 3.pdf');

  it('asks "Mã PIN của thiết bị ký số" for the chosen PDF, says why, axe clean', async () => {
    await openScreen('vi');
    await choose('vi', path.join(folder, 'Tờ trình 3.pdf'));
    await page.locator('.pdf-page__text').getByText('To trinh so 3/TTr-UBND').waitFor();
    await pinField('vi').waitFor();
    assert.equal(translate('vi', 'signing.pin.label'), 'Mã PIN của thiết bị ký số');
    await page.getByText(translate('vi', 'signing.pin.hint')).waitFor();
    assert.equal(await pinField('vi').getAttribute('type'), 'password');
    assert.deepEqual(await seriousViolations(page, 'PIN for this signature asked'), []);
  });

  it('a PIN too short is caught on the screen; a wrong one brings the form back with the refusal, the field focused and empty, and no file', async () => {
    await pinField('vi').focus();
    await page.keyboard.type('12');
    await submitFromPin('vi');
    await page.getByText(translate('vi', 'signing.problem.pin')).waitFor();
    assert.equal(await pinField('vi').inputValue(), '', 'the field is emptied at submit');

    await pinField('vi').focus();
    await page.keyboard.type('000000');
    await submitFromPin('vi');
    await page.getByText(translate('vi', 'error.token.pinIncorrect')).waitFor({ timeout: 60_000 });
    await page.waitForFunction((label) => document.activeElement instanceof HTMLInputElement && document.activeElement.labels?.[0]?.textContent === label, translate('vi', 'signing.pin.label'));
    assert.equal(await pinField('vi').inputValue(), '');
    // The file is still chosen: only the PIN is typed again.
    await page.locator('.pdf-page__text').getByText('To trinh so 3/TTr-UBND').waitFor();
    assert.deepEqual(await signedFiles(), []);
    assert.deepEqual(await seriousViolations(page, 'wrong PIN for this signature'), []);
  });

  it('the right PIN signs: a new file pdfsig finds valid and trusted, signed by the key that asks its PIN', async () => {
    await pinField('vi').focus();
    await page.keyboard.type(token.userPin);
    await submitFromPin('vi');
    const signedName = `Tờ trình 3 (${translate('vi', 'signing.signedSuffix')}).pdf`;
    await page.getByText(translate('vi', 'signing.done', { path: path.join(folder, signedName) })).waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { level: 4, name: translate('vi', 'signing.signature.valid', { number: 1, name: ALWAYS_AUTH_SUBJECT.CN }) }).waitFor({ timeout: 30_000 });
    assert.deepEqual(await signedFiles(), [signedName]);
    const said = (await run('pdfsig', ['-nssdir', `sql:${nssDir}`, path.join(folder, signedName)])).stdout;
    assert.match(said, /Signature is Valid\./);
    assert.match(said, /Certificate is Trusted\./);
    assert.match(said, new RegExp(`Signer Certificate Common Name: ${ALWAYS_AUTH_SUBJECT.CN}`));
  });

  it('in English: "Token PIN" asked for the next signature, axe clean', async () => {
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByRole('button', { name: translate('en', 'signing.again') }).click();
    await choose('en', path.join(folder, 'Tờ trình 3.pdf'));
    await pinField('en').waitFor();
    await page.getByText(translate('en', 'signing.pin.hint')).waitFor();
    assert.deepEqual(await seriousViolations(page, 'English PIN for this signature'), []);
  });
});
