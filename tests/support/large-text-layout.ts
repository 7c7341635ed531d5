// What "laid out at large text" means for the e2e tests at 200 % (tests/e2e/large-text*.test.ts):
// each banner and the header on one line and nothing in them cut, banners + header at most a quarter
// of the height, the navigation at most two short rows, the page never scrolling either way (the
// middle scrolls, the bottom banner stays in view), axe clean.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { seriousViolations } from './axe.js';

export const LARGE_TEXT_VIEWPORT = { width: 1366, height: 768 } as const;
/** The banners and the header may take at most this share of the first view; the rest is the screen's. */
export const CHROME_SHARE = 0.25;
/** The navigation (above the screen at large text) may take at most this share: two short rows. */
export const NAV_SHARE = 0.16;
/** Screenshots of every screen, both languages, 100% and 200%: kept for people to look at (gitignored). */
export const SCREENS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts/screens');

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

/** The problems of the view as it is now, each named with `where`; `measured` gets the sizes for the log. */
export async function largeTextProblems(page: Page, where: string, measured: string[]): Promise<string[]> {
  const { height } = LARGE_TEXT_VIEWPORT;
  const problems: string[] = [];
  let chrome = 0;
  for (const [bar, selector] of Object.entries(BARS) as [keyof typeof BARS, string][]) {
    const layout = await layoutOf(page, selector, PARTS[bar]);
    chrome += layout.height;
    if (layout.belowFirstRow > 0) problems.push(`${where}: ${bar} takes more than one line (${layout.belowFirstRow} parts below the first row)`);
    if (layout.clipped.length > 0) problems.push(`${where}: ${bar} cuts text: ${layout.clipped.join(', ')}`);
  }
  const nav = await layoutOf(page, 'nav.main-nav', '.main-nav__button');
  if (nav.clipped.length > 0) problems.push(`${where}: the navigation cuts text: ${nav.clipped.join(', ')}`);
  const share = chrome / height;
  measured.push(`200% ${where}: banners + header ${Math.round(chrome)} px of ${height} (${Math.round(share * 100)}%)`);
  if (share > CHROME_SHARE) problems.push(`${where}: banners + header take ${Math.round(chrome)} px, ${Math.round(share * 100)}% of ${height}`);
  const view = await page.evaluate(() => ({
    overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    overflowY: document.documentElement.scrollHeight - document.documentElement.clientHeight,
    footerBottom: document.querySelector('footer')?.getBoundingClientRect().bottom ?? Infinity,
    nav: document.querySelector('nav.main-nav')?.getBoundingClientRect().height ?? 0,
  }));
  if (view.overflowX > 0) problems.push(`${where}: ${view.overflowX}px of horizontal scrolling`);
  // The banners stay in view: the middle scrolls, never the page (the bottom banner would leave the view).
  if (view.overflowY > 0) problems.push(`${where}: the whole page scrolls by ${view.overflowY}px`);
  if (view.footerBottom > height) problems.push(`${where}: the bottom banner ends at ${Math.round(view.footerBottom)}px, below the view`);
  measured.push(`200% ${where}: navigation ${Math.round(view.nav)} px (${Math.round((view.nav / height) * 100)}%)`);
  if (view.nav > NAV_SHARE * height) problems.push(`${where}: the navigation takes ${Math.round(view.nav)} px of ${height}`);
  problems.push(...(await seriousViolations(page, `200% ${where}`)));
  return problems;
}

/**
 * A part of a screen (a state such as the PIN field or the placement preview) laid out at large
 * text: nothing in it wider than its box (cut or scrolling sideways), nothing past the right edge
 * of the screen's scrolling middle.
 */
export async function partProblems(page: Page, selector: string, where: string): Promise<string[]> {
  return page.evaluate(
    ({ selector, where }) => {
      const part = document.querySelector(selector);
      if (part === null) return [`${where}: ${selector} is not shown`];
      const middle = part.closest('main') ?? document.documentElement;
      const right = middle.getBoundingClientRect().right;
      const problems: string[] = [];
      if (middle.scrollWidth > middle.clientWidth + 1) problems.push(`${where}: the screen scrolls sideways by ${middle.scrollWidth - middle.clientWidth}px`);
      for (const element of [part, ...part.querySelectorAll('*')]) {
        if (getComputedStyle(element).clipPath !== 'none') continue; // screen-reader-only text is clipped on purpose
        const name = `${element.tagName.toLowerCase()}.${String(element.className)}`;
        if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0) problems.push(`${where}: ${name} is ${element.scrollWidth - element.clientWidth}px wider than its box`);
        const box = element.getBoundingClientRect();
        if (box.width > 0 && box.right > right + 1) problems.push(`${where}: ${name} ends ${Math.round(box.right - right)}px past the screen's right edge`);
      }
      return problems;
    },
    { selector, where },
  );
}
