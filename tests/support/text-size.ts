import type { Page } from 'playwright-core';

/** Chromium's default text size (chrome://settings/fonts "Font size"), which a user's 200% doubles. */
const DEFAULT_STANDARD_PX = 16;
const DEFAULT_FIXED_PX = 13;
/** styles.css: html { font-size: 112.5% } of the browser's text size. */
const APP_ROOT_PERCENT = 112.5;

/**
 * Sets the user's text size as Chromium's own preference does (CDP Page.setFontSizes, the setting
 * behind chrome://settings/fonts), not by restyling the page: the root `rem`, `em` in media
 * queries and everything else follow it as they do for a real user. Waits until the page has
 * taken it (the app's root at 112.5% of it).
 */
export async function textSizeSetter(page: Page): Promise<(percent: number) => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  return async (percent) => {
    const standard = (DEFAULT_STANDARD_PX * percent) / 100;
    await cdp.send('Page.setFontSizes', { fontSizes: { standard, fixed: Math.round((DEFAULT_FIXED_PX * percent) / 100) } });
    await page.waitForFunction((root) => getComputedStyle(document.documentElement).fontSize === `${root}px`, (standard * APP_ROOT_PERCENT) / 100);
  };
}
