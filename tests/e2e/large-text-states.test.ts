// The states large-text.test.ts cannot reach without a token, at the user's 200 % text in vi and en
// (the same checks: banners, header and navigation, the page never scrolling, axe) and each state
// itself with nothing cut or wider than the screen: the Backups screen's refused key generation
// and its confirmation (KeyGenerationRefusal), the Sign screen's PIN for each signature
// (SignaturePinField: the token's document signing key asks it, SoftHSM --always-auth) and the
// visible block's place on the preview (PlacementPreview). Screenshots beside the other screens'.
// The app as the Backups e2e tests run it (tests/support/backup/backup-app.ts: real core, SoftHSM
// token, a signed zone policy; the zone helper a STAND-IN, the recovery key a SOFTWARE stand-in).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import { openRepository } from '../../electron/core/backup/repository.js';
import { FolderTarget } from '../../electron/core/backup/targets/folder-target.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import type { Language } from '../../shared/domain/language.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { addAlwaysAuthSigningKey } from '../support/always-auth-key.js';
import { launchBackupApp } from '../support/backup/backup-app.js';
import { LARGE_TEXT_VIEWPORT, largeTextProblems, partProblems, SCREENS_DIR } from '../support/large-text-layout.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { textPdf } from '../support/text-pdf.js';
import { textSizeSetter } from '../support/text-size.js';

const LANGUAGES = ['vi', 'en'] as const;

describe('Large text: the refused backup key, the PIN for each signature and the placement preview at 200 % (Chromium shell, SoftHSM --always-auth, 1366×768)', () => {
  let hsm: SoftHsmToken;
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;
  let setTextSize: (percent: number) => Promise<void>;
  let pdf: string;
  const measured: string[] = [];

  before(async () => {
    hsm = await createSoftHsmToken();
    // After the token's own keys (a1a1): the session's key stays 01; the document signing key is this one (nonRepudiation).
    await addAlwaysAuthSigningKey(hsm);
    const launched = await launchBackupApp(hsm, 'Khoá khôi phục của cơ quan');
    ({ shell, core } = launched);
    page = shell.page;
    await page.setViewportSize(LARGE_TEXT_VIEWPORT);
    setTextSize = await textSizeSetter(page);
    mkdirSync(SCREENS_DIR, { recursive: true });
    const usbFolder = path.join(hsm.dir, 'usb', 'SaoLuu');
    assert.ok((await launched.api.backups.setTargetFolder({ target: 'usb', folder: usbFolder })).ok);
    assert.ok((await launched.api.backups.init({ target: 'usb' })).ok);
    // Someone who kept a key makes a new generation at the place, with no signed record: "Back up now" is refused.
    const kept = await openRepository(new FolderTarget(usbFolder), launched.recovery);
    try {
      await kept.rekey(() => undefined);
    } finally {
      kept.close();
    }
    const folder = path.join(hsm.dir, 'văn bản');
    await mkdir(folder);
    pdf = path.join(folder, 'Quyết định 12.pdf');
    await writeFile(pdf, textPdf([['Quyet dinh so 12/QD-UBND', 'Phe duyet ke hoach cong tac nam 2027']]));
  });
  after(async () => {
    await shell?.close();
    core?.stop();
    await hsm?.cleanup();
    console.log(`# screenshots: ${SCREENS_DIR}\n# ${measured.join('\n# ')}`);
  });

  const setLanguage = async (language: Language) => {
    await page.getByRole('button', { name: language === 'vi' ? 'Tiếng Việt' : 'English', exact: true }).click();
    await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
  };
  const openScreen = async (language: Language, screen: 'backups' | 'signing') => {
    const name = translate(language, `screen.${screen}.name`);
    await page.getByRole('navigation', { name: translate(language, 'nav.label') }).getByRole('button', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  };
  /** The screen's checks and the state's own, and a screenshot named for the state with `shown` in view. */
  const check = async (language: Language, state: string, selector: string, shown = selector): Promise<string[]> => {
    const where = `${language}/${state}`;
    await page.locator(shown).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS_DIR, `${language}-200-${state}.png`) });
    return [...(await largeTextProblems(page, where, measured)), ...(await partProblems(page, selector, where))];
  };

  it('the Backups screen’s refused key generation and its confirmation, in vi and en', async () => {
    await setTextSize(200);
    await openScreen('vi', 'backups');
    await page.getByRole('button', { name: translate('vi', 'backups.now'), exact: true }).click();
    await page.getByText(translate('vi', 'backups.keyChange.reason.unsigned')).waitFor({ timeout: 60_000 });
    const problems: string[] = [];
    for (const language of LANGUAGES) {
      await setLanguage(language);
      await page.getByText(translate(language, 'backups.keyChange.reason.unsigned')).waitFor();
      problems.push(...(await check(language, 'backups-key-refused', '.key-generation')));
      await page.getByRole('button', { name: translate(language, 'backups.keyChange.accept'), exact: true }).click();
      await page.getByRole('heading', { level: 3, name: translate(language, 'backups.keyChange.confirmTitle') }).waitFor();
      problems.push(...(await check(language, 'backups-key-confirm', '.key-generation')));
      await page.getByRole('button', { name: translate(language, 'backups.keyChange.confirmCancel'), exact: true }).click();
      await page.getByRole('button', { name: translate(language, 'backups.keyChange.accept'), exact: true }).waitFor();
    }
    assert.deepEqual(problems, []);
  });

  it('the Sign screen’s PIN for each signature and the placement preview, in vi and en', async () => {
    await setTextSize(200);
    const problems: string[] = [];
    for (const language of LANGUAGES) {
      await setLanguage(language);
      await openScreen(language, 'signing');
      if (language === 'vi') {
        await page.getByRole('button', { name: translate(language, 'signing.choose') }).focus();
        const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
        await chooser.setFiles(pdf);
        await page.locator('.pdf-page__text').getByText('Quyet dinh so 12/QD-UBND').waitFor();
        await page.getByRole('radio', { name: translate(language, 'signing.appearance.visible') }).check();
      }
      await page.getByLabel(translate(language, 'signing.pin.label'), { exact: true }).waitFor();
      problems.push(...(await check(language, 'signing-pin', 'fieldset:has(input[name="signaturePin"])')));
      await page.getByRole('application', { name: translate(language, 'signing.place.surface') }).waitFor();
      await page.locator('.placement-surface__block').waitFor();
      problems.push(...(await check(language, 'signing-placement', '.placement-picker', '.placement-surface__block')));
    }
    assert.deepEqual(problems, []);
  });
});
