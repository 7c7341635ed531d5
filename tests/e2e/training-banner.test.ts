import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { teardownAfterSuite } from '../support/teardown.js';
import type { Page } from 'playwright-core';
import type { Language } from '../../shared/domain/language.js';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { seriousViolations } from '../support/axe.js';
import { launchApp } from '../support/chromium-shell.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { trainingProfileFor } from '../support/training-profile.js';

const SCREENS = ['documents', 'zones', 'token', 'audit'] as const;
const VIEWPORT = { width: 1366, height: 768 };
/** styles.css: html { font-size: 112.5% } of the browser's text size (as tests/e2e/large-text.test.ts). */
const APP_ROOT_PERCENT = 112.5;
/** docs/ui.md gives the two banners and the header 25% at 200% text; the training banner may add one compact line. */
const CHROME_SHARE_WITH_TRAINING = 0.3;
/** Screenshots for people to look at (gitignored), as large-text.test.ts keeps them. */
const SHOTS = path.resolve(import.meta.dirname, '../../test-artifacts/screens');

describe('training workstation: the banner on every screen and the lock screen’s hint (real core, SoftHSM, Chromium)', () => {
  const teardown = teardownAfterSuite();
  let hsm: SoftHsmToken;
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;
  const measured: string[] = [];

  before(async () => {
    const [dir, token] = await Promise.all([teardown.tempDir('airlock-training-banner-'), teardown.fixture(createSoftHsmToken({ label: 'Tap huan Nguyen Van An' }))]);
    hsm = token;
    ({ shell, core } = await teardown.adopt(launchApp(hsm, { training: trainingProfileFor(hsm, dir) }), (app) => app.close()));
    page = shell.page;
    await page.setViewportSize(VIEWPORT);
    await mkdir(SHOTS, { recursive: true });
  });
  after(() => console.log(`# ${measured.join('\n# ')}`));

  const banner = (language: Language) => page.getByRole('complementary', { name: translate(language, 'training.banner.label') });
  const setLanguage = async (language: Language) => {
    await page.getByRole('button', { name: language === 'vi' ? 'Tiếng Việt' : 'English', exact: true }).click();
    await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
  };
  const setTextSize = (percent: number) => page.evaluate((size) => document.documentElement.style.setProperty('font-size', size, 'important'), `${APP_ROOT_PERCENT * (percent / 100)}%`);

  for (const language of ['vi', 'en'] as const) {
    it(`locked, in ${language}: the banner says it is for practice, the hint names the official, the token and the PIN; axe clean`, async () => {
      await setLanguage(language);
      await page.getByRole('heading', { level: 1, name: translate(language, 'lock.title') }).waitFor();
      assert.equal(await banner(language).locator('p').innerText(), `${translate(language, 'training.banner.title')} — ${translate(language, 'training.banner.text')}`);
      const hint = page.getByRole('region', { name: translate(language, 'training.hint.title') });
      const text = await hint.innerText();
      for (const expected of [hsm.pki.subjects.rsaLeaf.CN, hsm.pki.subjects.rsaLeaf.O, translate(language, 'training.hint.token', { label: hsm.label }), hsm.userPin, translate(language, 'training.role.official')]) {
        assert.ok(text.includes(expected), `${expected} in ${text}`);
      }
      // Nothing in the banner closes it: its one button starts the guided tour.
      assert.deepEqual(await banner(language).getByRole('button').allInnerTexts(), [translate(language, 'training.tour.open')]);
      assert.deepEqual(await seriousViolations(page, `lock screen (${language})`), []);
      await page.screenshot({ path: path.join(SHOTS, `training-lock-${language}.png`), fullPage: true });
    });
  }

  it('at 200% text the banner is one line and cuts nothing; the hint comes after the PIN field', async () => {
    for (const language of ['vi', 'en'] as const) {
      await setTextSize(200);
      await setLanguage(language);
      const layout = await page.evaluate(() => {
        const bars = ['aside.training-banner', 'header.classification-banner', 'section.controls', 'footer.classification-banner'].map((selector) => document.querySelector(selector));
        const [training] = bars;
        if (training == null || bars.some((bar) => bar === null)) throw new Error('a bar is missing');
        const text = training.querySelector('p');
        const lineHeight = text === null ? 0 : parseFloat(getComputedStyle(text).lineHeight);
        return {
          chrome: bars.reduce((sum, bar) => sum + (bar?.getBoundingClientRect().height ?? 0), 0),
          lines: text === null ? 0 : Math.round(text.getBoundingClientRect().height / lineHeight),
          clipped: [training, ...training.querySelectorAll('*')].some((element) => element.scrollWidth > element.clientWidth + 1),
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        };
      });
      measured.push(`200% ${language} lock screen: training banner ${layout.lines} line(s); banners + header ${Math.round(layout.chrome)} px of ${VIEWPORT.height}`);
      assert.equal(layout.lines, 1, `${language}: one line`);
      assert.equal(layout.clipped, false);
      assert.equal(layout.overflow, 0, 'no horizontal scrolling');
      assert.ok(layout.chrome <= CHROME_SHARE_WITH_TRAINING * VIEWPORT.height, `${language}: ${layout.chrome} px of chrome`);
      const [pin, hint] = await Promise.all([page.getByLabel(translate(language, 'pin.label'), { exact: true }).boundingBox(), page.locator('.training-hint').boundingBox()]);
      assert.ok(pin !== null && hint !== null && pin.y + pin.height <= hint.y, 'the hint comes after the PIN field: what to do stays first');
      assert.deepEqual(await seriousViolations(page, `200% lock screen (${language})`), []);
    }
    await setTextSize(100);
    await setLanguage('vi');
  });

  it('unlocks with the token and the PIN the hint shows; the banner stays on every screen, axe clean', async () => {
    const pin = (await page.locator('.training-hint__pin').first().innerText()).trim();
    await page.getByLabel(translate('vi', 'pin.label'), { exact: true }).fill(pin);
    await page.keyboard.press('Enter');
    const nav = page.getByRole('navigation', { name: translate('vi', 'nav.label') });
    await nav.waitFor();
    assert.equal(core.services.session.state().locked, false);
    for (const screen of SCREENS) {
      const name = translate('vi', `screen.${screen}.name`);
      await nav.getByRole('button', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      assert.equal(await banner('vi').isVisible(), true, `banner on ${screen}`);
      assert.deepEqual(await seriousViolations(page, `unlocked ${screen}`), []);
    }
    assert.equal(await page.locator('.training-hint').count(), 0, 'the hint is for the lock screen only');
  });
});
