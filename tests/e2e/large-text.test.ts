import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Language } from '../../shared/domain/language.js';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { launchApp } from '../support/chromium-shell.js';
import { CHROME_SHARE, LARGE_TEXT_VIEWPORT, largeTextProblems, NAV_SHARE, SCREENS_DIR } from '../support/large-text-layout.js';
import { textSizeSetter } from '../support/text-size.js';

const SCREENS = ['messages', 'documents', 'signing', 'backups', 'zones', 'token', 'audit'] as const;
const VIEWPORT = LARGE_TEXT_VIEWPORT;

describe('Large text: banners and header leave the first view to the screen (real Chromium, 1366×768)', () => {
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;
  let setTextSize: (percent: number) => Promise<void>;
  const measured: string[] = [];

  before(async () => {
    ({ shell, core } = await launchApp());
    page = shell.page;
    setTextSize = await textSizeSetter(page);
    await page.setViewportSize(VIEWPORT);
    await page.getByRole('navigation', { name: translate('vi', 'nav.label') }).waitFor();
    mkdirSync(SCREENS_DIR, { recursive: true });
  });
  after(async () => {
    await shell?.close();
    core?.stop();
    console.log(`# screenshots: ${SCREENS_DIR}\n# ${measured.join('\n# ')}`);
  });

  // The user's 200% text is Chromium's own font-size preference at 32 px (not a style on the page: a
  // media query's `em` follows only the preference); the app's root is then 36 px (z200-vi-documents.png).
  const setLanguage = async (language: Language) => {
    await page.getByRole('button', { name: language === 'vi' ? 'Tiếng Việt' : 'English', exact: true }).click();
    await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
  };
  const openScreen = async (language: Language, screen: (typeof SCREENS)[number]) => {
    const name = translate(language, `screen.${screen}.name`);
    await page.getByRole('navigation', { name: translate(language, 'nav.label') }).getByRole('button', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  };

  for (const language of ['vi', 'en'] as const) {
    it(`at 200% text in ${language}: each banner and the header is one line, nothing cut, together at most ${CHROME_SHARE * 100}% of the height; the page never scrolls (the bottom banner stays in view); the navigation at most ${NAV_SHARE * 100}%; axe clean`, async () => {
      await setTextSize(200);
      await setLanguage(language);
      const problems: string[] = [];
      for (const screen of SCREENS) {
        await openScreen(language, screen);
        problems.push(...(await largeTextProblems(page, `${language}/${screen}`, measured)));
      }
      assert.deepEqual(problems, []);
    });
  }

  it('keeps a screenshot of every screen, and of the lock screen, in vi and en at 100% and 200%', async () => {
    const files: string[] = [];
    for (const percent of [100, 200]) {
      await setTextSize(percent);
      for (const language of ['vi', 'en'] as const) {
        await setLanguage(language);
        for (const screen of SCREENS) {
          await openScreen(language, screen);
          const file = path.join(SCREENS_DIR, `${language}-${percent}-${screen}.png`);
          await page.screenshot({ path: file });
          files.push(file);
        }
      }
    }
    // The lock screen last: without a token service the session stays locked from here on.
    await page.getByRole('button', { name: translate('en', 'lock.button') }).click();
    for (const percent of [100, 200]) {
      await setTextSize(percent);
      for (const language of ['vi', 'en'] as const) {
        await setLanguage(language);
        await page.getByRole('heading', { level: 1, name: translate(language, 'lock.title') }).waitFor();
        const file = path.join(SCREENS_DIR, `${language}-${percent}-lock.png`);
        await page.screenshot({ path: file });
        files.push(file);
      }
    }
    assert.equal(files.length, 2 * 2 * (SCREENS.length + 1));
  });
});
