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
import { unlockOnLockScreen } from '../support/lock-screen.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { importTestCrls, pemToDer } from '../support/softhsm/test-pki.js';
import { createServerPki } from '../support/nats/server-pki.js';
import { tokenKeyPair } from '../support/token-core.js';
import { issueCredentials } from '../../electron/core/messaging/credentials-issue.js';
import { ROSTER_FORMAT, saveRoster } from '../../electron/core/messaging/server-roster.js';
import { createUser } from '@nats-io/nkeys';
import path from 'node:path';
import { teardownAfterSuite } from '../support/teardown.js';
import { textSizeSetter } from '../support/text-size.js';
import { createZoneLab, type ZoneLab } from '../support/zone-lab.js';
import { helperSetup, labPolicy, writeSignedPolicy } from '../support/zone-policy.js';

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
    await unlockOnLockScreen(page, token.userPin);
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

// The same screen in the zones of a real signed policy, switched by the real privileged helper in
// the zone lab's network namespaces (root): the core's messaging service decides what the header
// says (a zone without messaging, a zone with messaging and no account yet), the screen names the
// policy's zones that allow messaging, and offers the cipher officer's hand-over.
describe('Messages screen in the zones of a real policy: where messaging runs, and the hand-over when there is no account yet (SoftHSM token, real namespaces and helper, root)', () => {
  const teardown = teardownAfterSuite();
  let token: SoftHsmToken;
  let lab: ZoneLab;
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;
  let dir: string;

  before(async () => {
    [token, lab, dir] = await Promise.all([teardown.fixture(createSoftHsmToken()), teardown.fixture(createZoneLab()), teardown.tempDir('airlock-e2e-messages-')]);
    const setup = await helperSetup(token, lab, dir);
    await writeSignedPolicy(token, setup.policyPath, labPolicy(lab));
    const helper = setup.supervise({});
    teardown.defer(() => helper.stop());
    ({ shell, core } = await teardown.adopt(launchApp(token, { zones: { policyPath: setup.policyPath, helper } }), (app) => app.close()));
    await importTestCrls(core.services.crls, token.pki);
    await core.services.zones.reloadPolicy();
    page = shell.page;
  });

  const unlock = () => unlockOnLockScreen(page, token.userPin);
  /** The switch itself is the Zones screen's (tests/e2e/zones.test.ts): asked of the core here, as that screen does; the workstation locks. */
  const switchTo = async (zone: string) => {
    const reply = await core.dispatcher.dispatch('zones.switch', { zone, reason: 'Đọc tin nhắn mật', token: { serial: token.serial, label: token.label }, pin: token.userPin }, { frameUrl: `${CHROMIUM_APP_ORIGIN}/index.html`, isMainFrame: true });
    assert.ok(reply.ok, JSON.stringify(reply));
    await unlock();
    await page.getByRole('heading', { level: 1, name: translate('vi', 'screen.messages.name') }).waitFor();
  };
  const header = (language: Language) => page.getByRole('region', { name: translate(language, 'messages.status.title') });
  const setLanguage = async (language: Language) => {
    await page.getByRole('button', { name: language === 'vi' ? 'Tiếng Việt' : 'English', exact: true }).click();
    await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
  };

  it('in the Internet zone: messaging not allowed here, and the zones of the policy that allow it are named (vi, en), axe clean', async () => {
    await unlock();
    await switchTo('internet');
    for (const language of ['vi', 'en'] as const) {
      await setLanguage(language);
      const zones = (names: readonly string[]) => names.join(` ${translate(language, 'messages.zoneOr')} `);
      await header(language).getByText(translate(language, 'messages.unavailable.zoneWithoutMessaging', { zone: language === 'vi' ? 'Mạng Internet' : 'Internet' })).waitFor();
      // From the signed policy: the cipher network and the office LAN list messaging.
      await header(language).getByText(translate(language, 'messages.unavailable.switchTo', { zones: zones(language === 'vi' ? ['Mạng cơ yếu', 'Mạng nội bộ cơ quan'] : ['Cipher network', 'Office LAN']), screen: translate(language, 'screen.zones.name') })).waitFor();
      assert.equal(await page.getByRole('button', { name: translate(language, 'messages.compose.submit') }).count(), 0);
      assert.deepEqual(await seriousViolations(page, `messages in the Internet zone (${language})`), []);
    }
    await setLanguage('vi');
  });

  it('in the cipher network without an account: the core says noCredentials; the screen explains the hand-over and offers the chooser, reached by Tab (vi, en, 200%), axe clean', async () => {
    await switchTo('co-yeu');
    const status = await core.dispatcher.dispatch('messages.status', {}, { frameUrl: `${CHROMIUM_APP_ORIGIN}/index.html`, isMainFrame: true });
    assert.ok(status.ok);
    assert.equal((status.value as { unavailable: string | null }).unavailable, 'noCredentials');
    for (const language of ['vi', 'en'] as const) {
      await setLanguage(language);
      await header(language).getByText(translate(language, 'messages.unavailable.noCredentials')).waitFor();
      await header(language).getByText(translate(language, 'messages.credentials.how')).waitFor();
      assert.deepEqual(await seriousViolations(page, `messages, no account yet (${language})`), []);
    }
    await setLanguage('vi');
    // Keyboard only: from the top of the screen (where the skip link lands), Tab reaches the chooser's button first (our own words, never the browser's control).
    const choose = page.getByRole('button', { name: translate('vi', 'messages.credentials.choose') });
    await page.locator('#main').focus();
    await page.keyboard.press('Tab');
    assert.ok(await choose.evaluate((element) => element === document.activeElement), 'the hand-over chooser is the first stop');
    assert.equal(await page.locator('input[type=file]:visible').count(), 0);
    const setTextSize = await textSizeSetter(page);
    try {
      await setTextSize(200);
      await choose.scrollIntoViewIfNeeded();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth), false);
      assert.deepEqual(await seriousViolations(page, 'messages, no account yet, 200%'), []);
    } finally {
      await setTextSize(100);
    }
  });

  it('the cipher officer’s real hand-over, chosen with the header’s button: the account is received and the workstation tries its server — out of reach from here — saying it keeps trying and nothing is lost (vi, en), axe clean', async () => {
    // The officer's command (electron/core/messaging/credentials-issue.ts): a new NKEY, the container
    // encrypted to An's certificate and signed on a token of the test PKI, the server file written.
    const { rsa, ec } = await tokenKeyPair(core, token);
    const officerDir = await teardown.tempDir('airlock-e2e-officer-');
    const pki = await createServerPki(officerDir, [lab.zone('co-yeu').gateway]);
    const rosterFile = path.join(officerDir, 'server.json');
    await saveRoster({ format: ROSTER_FORMAT, confFile: 'nats.conf', pidFile: 'nats.pid', server: { serverName: 'co-yeu-1', host: lab.zone('co-yeu').gateway, port: 4222, storeDir: 'jetstream', tls: { certFile: pki.server.certFile, keyFile: pki.server.keyFile, caFile: pki.rootFile }, adminNkey: createUser().getPublicKey() }, users: [] }, rosterFile);
    const issued = await issueCredentials({
      rosterFile,
      certificateDer: rsa.certificateDer,
      device: 'pc1',
      // The server this test runs none of: the workstation must say it cannot reach it.
      servers: [`tls://${lab.zone('co-yeu').gateway}:4222`],
      rootsPem: pki.rootPem,
      output: path.join(dir, 'ban-giao-tai-khoan.alc'),
      label: { level: 'mat', caveats: [], originator: 'Ban Cơ yếu', date: '2026-12-04', declassifyOn: null },
      signer: ec.signer,
      chain: [new Uint8Array(pemToDer(token.pki.intermediatePem))],
      replace: false,
    });
    const choose = page.getByRole('button', { name: translate('vi', 'messages.credentials.choose') });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), choose.click()]);
    await chooser.setFiles([issued.output]);
    await header('vi').getByText(translate('vi', 'messages.credentials.done', { user: issued.user })).waitFor();
    // Sealed in the zone's store, by the core: its status now has an account, and a connection that is not up.
    const status = await core.dispatcher.dispatch('messages.status', {}, { frameUrl: `${CHROMIUM_APP_ORIGIN}/index.html`, isMainFrame: true });
    assert.ok(status.ok);
    assert.equal((status.value as { available: boolean }).available, true);
    await header('vi').getByText(translate('vi', 'messages.connection.serverDown')).waitFor({ timeout: 30_000 });
    await header('vi').getByText(translate('vi', 'messages.connection.nothingLost')).waitFor();
    await header('vi').getByText(translate('vi', 'messages.status.outboxEmpty')).waitFor();
    // The parts of the screen are offered once messaging is available here.
    await page.getByRole('navigation', { name: translate('vi', 'messages.parts') }).waitFor();
    assert.deepEqual(await seriousViolations(page, 'messages, account received, server out of reach (vi)'), []);
    await setLanguage('en');
    await header('en').getByText(translate('en', 'messages.connection.serverDown')).waitFor();
    assert.deepEqual(await seriousViolations(page, 'messages, account received, server out of reach (en)'), []);
    await setLanguage('vi');
  });
});
