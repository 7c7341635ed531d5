import type { Page } from 'playwright-core';
import type { Language } from '../../shared/domain/language.js';
import { translate } from '../../renderer/src/i18n/catalog.js';

/** Unlocks the app from its lock screen as a user does: waits for the screen, types the PIN, presses "Mở khoá"; done when the navigation shows. */
export async function unlockOnLockScreen(page: Page, pin: string, language: Language = 'vi'): Promise<void> {
  await page.getByRole('heading', { level: 1, name: translate(language, 'lock.title') }).waitFor();
  await page.getByLabel(translate(language, 'pin.label'), { exact: true }).fill(pin);
  await page.getByRole('button', { name: translate(language, 'lock.unlock') }).click();
  await page.getByRole('navigation', { name: translate(language, 'nav.label') }).waitFor();
}
