import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CDPSession, Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { launchApp } from '../support/chromium-shell.js';
import { unlockOnLockScreen } from '../support/lock-screen.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';

/**
 * Playwright turns file-chooser interception on without waiting when a page gets its first
 * 'filechooser' listener; launchApp adds one for the page's life. Here a slow machine is made on
 * purpose (Chromium's CPU throttled 10x through CDP) and choosers are opened the way the e2e tests
 * do (waitForEvent beside the key press): without launchApp's listener the event never came.
 */
describe('File choosers in the Chromium shell under 10x CPU throttling (SoftHSM token, Documents screen)', () => {
  let token: SoftHsmToken;
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;
  let cdp: CDPSession;
  const choose = () => page.getByRole('button', { name: translate('vi', 'documents.open.choose') });

  before(async () => {
    token = await createSoftHsmToken();
    ({ shell, core } = await launchApp(token));
    page = shell.page;
    await unlockOnLockScreen(page, token.userPin);
    await page.getByRole('navigation', { name: translate('vi', 'nav.label') }).getByRole('button', { name: translate('vi', 'screen.documents.name'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: translate('vi', 'screen.documents.name') }).waitFor();
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 10 });
  });

  after(async () => {
    await cdp?.send('Emulation.setCPUThrottlingRate', { rate: 1 }).catch(() => undefined);
    await cdp?.detach().catch(() => undefined);
    await shell?.close();
    core?.stop();
    await token?.cleanup();
  });

  it('four choosers in a row, each opened from the keyboard beside waitForEvent, all arrive; those left unanswered keep nothing waiting', async () => {
    for (let round = 1; round <= 4; round += 1) {
      await choose().focus();
      // A generous bound, never a speed claim: without the launch listener the event never comes at all.
      const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 15_000 }), page.keyboard.press('Space')]);
      assert.equal(await chooser.element().evaluate((input) => input instanceof HTMLInputElement && input.type === 'file'), true, `round ${round}`);
      // Left unanswered on purpose: the next round's chooser still opens and arrives.
    }
  });
});
