import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { launchApp } from '../support/chromium-shell.js';
import { seriousViolations } from '../support/axe.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { killedAtSpawn } from '../support/token-core.js';

describe('unlocking with a real SoftHSM2 token in the Chromium shell', () => {
  let hsm: SoftHsmToken;
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;
  let spawnKills: ReturnType<typeof killedAtSpawn> | undefined;

  before(async () => {
    hsm = await createSoftHsmToken();
    ({ shell, core } = await launchApp(hsm, {
      wrapLauncher: (real) => {
        spawnKills = killedAtSpawn(real);
        return spawnKills.launcher;
      },
    }));
    page = shell.page;
  });
  after(async () => {
    await shell?.close();
    core?.stop();
    await hsm?.cleanup();
  });

  const serious = (state: string) => seriousViolations(page, state);
  const pinField = (language: 'vi' | 'en' = 'vi') => page.getByLabel(translate(language, 'pin.label'), { exact: true });
  const isFocused = (locator: ReturnType<Page['locator']>) => locator.evaluate((element) => element === document.activeElement);
  /** How often a text appears in the main region: a warning said twice is noise. */
  const timesShown = async (text: string) => (await page.locator('#main').innerText()).split(text).length - 1;

  it('starts locked and offers the token found by serial', async () => {
    await page.getByRole('heading', { level: 1, name: translate('vi', 'lock.title') }).waitFor();
    const radio = page.getByRole('radiogroup', { name: translate('vi', 'lock.tokenLegend') }).getByRole('radio', { name: new RegExp(hsm.serial) });
    await radio.waitFor();
    assert.equal(await radio.isChecked(), true, 'the only token is preselected');
    assert.equal(await isFocused(pinField()), true, 'the PIN field has focus on arrival: typing goes into it');
    assert.deepEqual(await serious('lock screen with a token'), []);
  });

  it('answers a wrong PIN typed from the keyboard alone: the error above the field, the tries left once, focus back in the field, stays locked', async () => {
    const pin = pinField();
    await page.keyboard.type('000000');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: translate('vi', 'error.token.pinIncorrect') });
    await alert.waitFor();
    const text = await alert.innerText();
    assert.ok(text.includes(translate('vi', 'alert.code.token.pinIncorrect')), text);
    assert.ok(text.includes(translate('vi', 'pinTriesWarning.fewLeft')), text);
    assert.equal(await timesShown(translate('vi', 'pinTriesWarning.fewLeft')), 1, 'the tries left are said once');
    assert.equal(await pin.inputValue(), '', 'the PIN field is emptied');
    assert.equal(await isFocused(pin), true, 'focus is back in the PIN field, not on the button');
    const [alertBox, pinBox, headingBox] = await Promise.all([alert.boundingBox(), pin.boundingBox(), page.getByRole('heading', { level: 1 }).boundingBox()]);
    assert.ok(alertBox !== null && pinBox !== null && alertBox.y + alertBox.height <= pinBox.y, 'the error sits above the field');
    assert.ok(headingBox !== null && headingBox.y >= 0, 'the heading is not scrolled away');
    assert.equal(core.services.session.state().locked, true);
    assert.deepEqual(await serious('wrong PIN'), []);
  });

  it('says the same in English, once', async () => {
    await page.getByRole('button', { name: 'English', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: translate('en', 'error.token.pinIncorrect') });
    await alert.waitFor();
    assert.ok((await alert.innerText()).includes(translate('en', 'alert.code.token.pinIncorrect')));
    assert.equal(await timesShown(translate('en', 'pinTriesWarning.fewLeft')), 1);
    assert.deepEqual(await serious('wrong PIN (en)'), []);
    await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'vi');
  });

  it('unlocks with the right PIN; the PIN appears nowhere in the page afterwards', async () => {
    await page.getByLabel(translate('vi', 'pin.label'), { exact: true }).fill(hsm.userPin);
    await page.getByRole('button', { name: translate('vi', 'lock.unlock') }).click();
    await page.getByRole('navigation', { name: translate('vi', 'nav.label') }).waitFor();
    assert.equal(core.services.session.state().locked, false);
    assert.ok(!(await page.content()).includes(hsm.userPin));
    // The first screen that works, not one that says it is not built; the PIN's alert went with the lock.
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), translate('vi', 'screen.messages.name'));
    assert.equal(await page.getByRole('alert').filter({ hasText: translate('vi', 'error.token.pinIncorrect') }).count(), 0);
  });

  it('shows the certificates on the token with the Vietnamese holder name and an honest verdict', async () => {
    await page.getByRole('button', { name: translate('vi', 'screen.token.name'), exact: true }).click();
    const region = page.getByRole('region', { name: translate('vi', 'certificates.heading') });
    for (const holder of [hsm.pki.subjects.rsaLeaf.CN, hsm.pki.subjects.ecLeaf.CN]) {
      const card = region.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 5, name: holder }) });
      // No CRL imported yet: fail closed, and say what to do.
      await card.getByText(translate('vi', 'certificate.invalid.revocationUnknown')).waitFor();
    }
    assert.deepEqual(await serious('certificates'), []);
  });

  it('imports several CRL files at once through the browser’s chooser behind our own button, one outcome each by name; a typed path still works; the verdicts turn valid without a reload', async () => {
    const section = page.getByRole('region', { name: translate('vi', 'crl.heading') });
    // No control whose words come from the browser ("Choose File / No file chosen"): issue #13.
    assert.equal(await section.locator('input[type=file]:visible').count(), 0);
    assert.ok(!/Choose File|No file chosen/i.test(await section.innerText()));
    const dir = await mkdtemp(path.join(tmpdir(), 'airlock-e2e-crls-'));
    try {
      const files = { root: path.join(dir, 'root.crl'), junk: path.join(dir, 'not-a-crl.crl'), intermediate: path.join(dir, 'intermediate.crl') };
      await Promise.all([writeFile(files.root, hsm.pki.rootCrlDer), writeFile(files.junk, 'rác'), writeFile(files.intermediate, hsm.pki.crlDer)]);
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), section.getByRole('button', { name: translate('vi', 'crl.choose'), exact: true }).click()]);
      assert.equal(chooser.isMultiple(), true);
      await chooser.setFiles([files.root, files.intermediate]);
      const outcomes = section.getByRole('status').getByRole('listitem');
      await outcomes.nth(1).waitFor();
      const texts = await outcomes.allInnerTexts();
      assert.equal(texts.length, 2);
      // Each file by its name, the issuer by name and organisation, never "CN=…, O=…, C=VN".
      assert.ok(texts[0]?.includes('root.crl') && texts[0].includes(translate('vi', 'crl.stored', { issuer: `${hsm.pki.subjects.root.CN}, ${hsm.pki.subjects.root.O}` })), texts[0]);
      assert.ok(texts[1]?.includes('intermediate.crl') && texts[1].includes(translate('vi', 'crl.stored', { issuer: `${hsm.pki.subjects.intermediate.CN}, ${hsm.pki.subjects.intermediate.O}` })), texts[1]);
      assert.ok(!texts.join(' ').includes('CN='));
      assert.deepEqual(await serious('CRLs chosen'), []);
      // The typed paths, one a line, behind "Nhập đường dẫn".
      await section.locator('summary', { hasText: translate('vi', 'files.typePath') }).click();
      await section.getByLabel(translate('vi', 'crl.paths'), { exact: true }).fill([files.junk, ''].join('\n'));
      await section.getByRole('button', { name: translate('vi', 'crl.submit'), exact: true }).click();
      await section.getByRole('status').getByRole('listitem').filter({ hasText: translate('vi', 'crl.rejected.malformed') }).waitFor();
      assert.ok((await section.locator('.crl-outcome[role=status]').innerText()).includes('not-a-crl.crl'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const region = page.getByRole('region', { name: translate('vi', 'certificates.heading') });
    const valid = translate('vi', 'certificate.valid', { root: hsm.pki.subjects.root.CN });
    await region.getByText(valid).first().waitFor();
    assert.equal(await region.getByText(valid).count(), 2);
    assert.deepEqual(await serious('CRLs imported'), []);
  });

  it('shows the audit log with the wrong PIN typed while locked, and verifies it intact', async () => {
    await page.getByRole('button', { name: translate('vi', 'screen.audit.name'), exact: true }).click();
    // Issue #13: days are typed day/month/year in the app's own field, never the browser's date field (its locale's order).
    assert.equal(await page.locator('input[type=date]').count(), 0);
    const from = page.getByLabel(translate('vi', 'audit.filter.from'), { exact: true });
    assert.match(await from.inputValue(), /^\d{2}\/\d{2}\/\d{4}$/);
    const firstDay = await from.inputValue();
    await from.fill('12/31/2026');
    await page.getByRole('button', { name: translate('vi', 'audit.filter.apply'), exact: true }).click();
    await page.getByText(translate('vi', 'audit.filter.badDate'), { exact: true }).waitFor();
    assert.equal(await from.getAttribute('aria-invalid'), 'true');
    await from.fill(firstDay);
    await page.getByRole('button', { name: translate('vi', 'audit.filter.apply'), exact: true }).click();
    const table = page.getByRole('table');
    await table.getByText(translate('vi', 'audit.kind.token.pinWrong')).first().waitFor();
    // Issue #13: every detail in words, dates dd/mm/yyyy, no RFC 4514 names, hashes folded away.
    const tableText = await table.innerText();
    assert.match(tableText, /\b\d{2}\/\d{2}\/\d{4}\b/);
    assert.doesNotMatch(tableText, /\d{4}-\d{2}-\d{2}T/);
    for (const words of [translate('vi', 'audit.detail.outcome'), translate('vi', 'audit.value.outcome.stored'), translate('vi', 'certificate.technical')]) assert.ok(tableText.includes(words), words);
    for (const raw of ['outcome:', 'issuer:', 'signature:', 'CN=']) assert.ok(!tableText.includes(raw), raw);
    await page.getByRole('button', { name: translate('vi', 'audit.verify.button'), exact: true }).click();
    // The verdict sentence starts like the catalog's, whatever the counts are.
    const intactPrefix = translate('vi', 'audit.verify.intact', { entries: 0, checkpoint: 0, since: 0 }).split(':')[0] ?? '';
    await page.getByRole('status').filter({ hasText: intactPrefix }).first().waitFor();
    assert.deepEqual(await serious('audit screen'), []);
  });

  it('changes the PIN on the token screen through C_SetPIN, then locks when asked', async () => {
    await page.getByRole('button', { name: translate('vi', 'screen.token.name'), exact: true }).click();
    const form = page.getByRole('form', { name: translate('vi', 'pinChange.heading') });
    await form.getByLabel(translate('vi', 'pinChange.old'), { exact: true }).fill(hsm.userPin);
    await form.getByLabel(translate('vi', 'pinChange.new'), { exact: true }).fill('246810');
    await form.getByLabel(translate('vi', 'pinChange.repeat'), { exact: true }).fill('246810');
    await form.getByRole('button', { name: translate('vi', 'pinChange.submit'), exact: true }).click();
    await form.getByText(translate('vi', 'pinChange.done')).waitFor();
    assert.deepEqual(await serious('token screen'), []);
    // The new PIN is the token's now: prove it through the core.
    await core.services.tokens?.changePin({ serial: hsm.serial, label: hsm.label }, '246810', hsm.userPin);
    await page.getByRole('button', { name: translate('vi', 'lock.button') }).click();
    await page.getByRole('heading', { level: 1, name: translate('vi', 'lock.title') }).waitFor();
    assert.equal(core.services.session.state().locked, true);
  });

  it('says "restarting" on the lock screen while the killed token process is restarted, then unlocks', async () => {
    const pid = core.services.tokens?.processId;
    assert.ok(pid !== undefined);
    spawnKills?.killNext(2);
    process.kill(pid, 'SIGKILL');
    const restarting = page.getByRole('status').filter({ hasText: translate('vi', 'token.serviceRestarting') });
    await restarting.waitFor();
    assert.equal(await page.getByText(translate('vi', 'token.none')).count(), 0, 'not "plug your token in": the token is there, the service is not');
    assert.deepEqual(await serious('token service restarting'), []);
    // Two processes killed before ready, then one that lives: the token is offered again.
    await page.getByRole('radiogroup', { name: translate('vi', 'lock.tokenLegend') }).getByRole('radio', { name: new RegExp(hsm.serial) }).waitFor({ timeout: 10_000 });
    assert.equal(await restarting.count(), 0);
    await page.getByLabel(translate('vi', 'pin.label'), { exact: true }).fill(hsm.userPin);
    await page.getByRole('button', { name: translate('vi', 'lock.unlock') }).click();
    await page.getByRole('navigation', { name: translate('vi', 'nav.label') }).waitFor();
    assert.equal(core.services.session.state().locked, false);
  });
});
