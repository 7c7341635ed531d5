import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import type { Language } from '../../shared/domain/language.js';
import { CHROMIUM_APP_ORIGIN } from '../../electron/platform/origins.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { seriousViolations } from '../support/axe.js';
import { launchApp } from '../support/chromium-shell.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { teardownAfterSuite } from '../support/teardown.js';
import { textSizeSetter } from '../support/text-size.js';

// The Messages screen (issue #15) in the real Chromium shell on the real core and a SoftHSM
// token. This part needs no server: a workstation in no zone, where the core itself says messaging
// cannot be used; the screen must say so in plain words, in vi and en, keyboard only, axe clean,
// at 200% text too.

describe('Messages screen in the Chromium shell: the header says why messaging cannot be used here (real core, SoftHSM token, no zone)', () => {
  const teardown = teardownAfterSuite();
  let token: SoftHsmToken;
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;

  before(async () => {
    token = await teardown.fixture(createSoftHsmToken());
    ({ shell, core } = await teardown.adopt(launchApp(token), (app) => app.close()));
    page = shell.page;
    await page.getByRole('heading', { level: 1, name: translate('vi', 'lock.title') }).waitFor();
    await page.getByLabel(translate('vi', 'pin.label'), { exact: true }).fill(token.userPin);
    await page.getByRole('button', { name: translate('vi', 'lock.unlock') }).click();
    await page.getByRole('navigation', { name: translate('vi', 'nav.label') }).waitFor();
  });

  const setLanguage = async (language: Language) => {
    await page.getByRole('button', { name: language === 'vi' ? 'Tiếng Việt' : 'English', exact: true }).click();
    await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
  };

  it('lands on the Messages screen after unlocking; the navigation no longer says it is not built', async () => {
    await page.getByRole('heading', { level: 1, name: translate('vi', 'screen.messages.name') }).waitFor();
    const entry = page.getByRole('navigation', { name: translate('vi', 'nav.label') }).getByRole('button', { name: translate('vi', 'screen.messages.name'), exact: true });
    assert.equal(await entry.getAttribute('aria-current'), 'page');
    assert.ok(!((await entry.textContent()) ?? '').includes(translate('vi', 'nav.notBuilt')));
  });

  for (const language of ['vi', 'en'] as const) {
    it(`no zone: the core's status, said in plain words; no inbox or compose offered (${language}), axe clean`, async () => {
      await setLanguage(language);
      // What the core says, not what the screen assumes.
      const status = await core.dispatcher.dispatch('messages.status', {}, { frameUrl: `${CHROMIUM_APP_ORIGIN}/index.html`, isMainFrame: true });
      assert.ok(status.ok);
      assert.equal((status.value as { unavailable: string | null }).unavailable, 'noZone');
      const header = page.getByRole('region', { name: translate(language, 'messages.status.title') });
      await header.getByText(translate(language, 'messages.unavailable.noZone')).waitFor();
      // No policy on this workstation: the screen says so (and where to look) rather than naming a zone.
      await header.getByText(translate(language, 'messages.unavailable.noPolicy', { screen: translate(language, 'screen.zones.name') })).waitFor();
      assert.equal(await page.getByRole('navigation', { name: translate(language, 'messages.parts') }).count(), 0);
      assert.equal(await page.getByRole('button', { name: translate(language, 'messages.compose.submit') }).count(), 0);
      assert.equal(await page.getByRole('alert').filter({ hasText: /\S/ }).count(), 0);
      assert.deepEqual(await seriousViolations(page, `messages, no zone (${language})`), []);
    });
  }

  it('at 200% text the header reads without sideways scrolling, axe clean', async () => {
    await setLanguage('vi');
    const setTextSize = await textSizeSetter(page);
    try {
      await setTextSize(200);
      await page.getByText(translate('vi', 'messages.unavailable.noZone')).waitFor();
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
      assert.equal(sideways, false);
      assert.deepEqual(await seriousViolations(page, 'messages, no zone, 200%'), []);
    } finally {
      await setTextSize(100);
    }
  });
});
