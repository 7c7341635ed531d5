import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Language } from '../../shared/domain/language.js';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { seriousViolations } from '../support/axe.js';
import { launchApp } from '../support/chromium-shell.js';
import { textSizeSetter } from '../support/text-size.js';

const SCREENS = ['messages', 'documents', 'signing', 'backups', 'zones', 'token', 'audit'] as const;
const VIEWPORT = { width: 1366, height: 768 };
/** The banners and the header may take at most this share of the first view; the rest is the screen's. */
const CHROME_SHARE = 0.25;
/** The navigation (above the screen at large text) may take at most this share: two short rows. */
const NAV_SHARE = 0.16;
/** Screenshots of every screen, both languages, 100% and 200%: kept for people to look at (gitignored). */
const SCREENS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts/screens');

const BARS = { 'top banner': 'header.classification-banner', header: 'section.controls', 'bottom banner': 'footer.classification-banner' } as const;
/** What sits side by side in each bar: one line means they all share one row. */
const PARTS: Record<keyof typeof BARS, string> = {
  'top banner': '.classification-banner__item',
  header: '.controls__name, .controls__actions .button',
  'bottom banner': '.classification-banner__item',
};

interface BarLayout {
  height: number;
  /** Pieces on a row below the first one's (0 when the bar is one line). */
  belowFirstRow: number;
  /** Elements in the bar whose text is cut (scroll size beyond their box). */
  clipped: string[];
}

async function layoutOf(page: Page, selector: string, parts: string): Promise<BarLayout> {
  return page.evaluate(
    ({ selector, parts }) => {
      const bar = document.querySelector(selector);
      if (bar === null) throw new Error(`${selector} missing`);
      const boxes = [...bar.querySelectorAll(parts)].map((element) => element.getBoundingClientRect()).filter((box) => box.height > 0);
      const firstRowBottom = Math.min(...boxes.map((box) => box.bottom));
      const clipped = [bar, ...bar.querySelectorAll('*')]
        .filter((element) => element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1)
        .filter((element) => getComputedStyle(element).clipPath === 'none') // screen-reader-only text is clipped on purpose
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
      return { height: bar.getBoundingClientRect().height, belowFirstRow: boxes.filter((box) => box.top >= firstRowBottom).length, clipped };
    },
    { selector, parts },
  );
}

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
        let chrome = 0;
        for (const [bar, selector] of Object.entries(BARS) as [keyof typeof BARS, string][]) {
          const layout = await layoutOf(page, selector, PARTS[bar]);
          chrome += layout.height;
          if (layout.belowFirstRow > 0) problems.push(`${language}/${screen}: ${bar} takes more than one line (${layout.belowFirstRow} parts below the first row)`);
          if (layout.clipped.length > 0) problems.push(`${language}/${screen}: ${bar} cuts text: ${layout.clipped.join(', ')}`);
        }
        const nav = await layoutOf(page, 'nav.main-nav', '.main-nav__button');
        if (nav.clipped.length > 0) problems.push(`${language}/${screen}: the navigation cuts text: ${nav.clipped.join(', ')}`);
        const share = chrome / VIEWPORT.height;
        measured.push(`200% ${language}/${screen}: banners + header ${Math.round(chrome)} px of ${VIEWPORT.height} (${Math.round(share * 100)}%)`);
        if (share > CHROME_SHARE) problems.push(`${language}/${screen}: banners + header take ${Math.round(chrome)} px, ${Math.round(share * 100)}% of ${VIEWPORT.height}`);
        const view = await page.evaluate(() => ({
          overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          overflowY: document.documentElement.scrollHeight - document.documentElement.clientHeight,
          footerBottom: document.querySelector('footer')?.getBoundingClientRect().bottom ?? Infinity,
          nav: document.querySelector('nav.main-nav')?.getBoundingClientRect().height ?? 0,
        }));
        if (view.overflowX > 0) problems.push(`${language}/${screen}: ${view.overflowX}px of horizontal scrolling`);
        // The banners stay in view: the middle scrolls, never the page (the bottom banner would leave the view).
        if (view.overflowY > 0) problems.push(`${language}/${screen}: the whole page scrolls by ${view.overflowY}px`);
        if (view.footerBottom > VIEWPORT.height) problems.push(`${language}/${screen}: the bottom banner ends at ${Math.round(view.footerBottom)}px, below the view`);
        measured.push(`200% ${language}/${screen}: navigation ${Math.round(view.nav)} px (${Math.round((view.nav / VIEWPORT.height) * 100)}%)`);
        if (view.nav > NAV_SHARE * VIEWPORT.height) problems.push(`${language}/${screen}: the navigation takes ${Math.round(view.nav)} px of ${VIEWPORT.height}`);
        problems.push(...(await seriousViolations(page, `200% ${language}/${screen}`)));
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
