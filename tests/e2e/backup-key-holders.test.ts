// The Backups screen's Key holders section (#16 item 2) in the Chromium shell on the real core: a
// SoftHSM token and its test PKI, a signed zone policy with a USB target, the real sealed store and
// files. The zone helper is a STAND-IN (the switch is real, the network untouched); the recovery key
// a SOFTWARE stand-in's certificate. Driven from the keyboard (focus, Enter); the certificate file is
// given to the page's file chooser as a user would pick it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import type { AirlockApi } from '../../shared/ipc/api.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { launchBackupApp } from '../support/backup/backup-app.js';
import { seriousViolations } from '../support/axe.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';

describe('the Key holders section in Chromium: list, add from a certificate file, remove after confirming, new key (vi and en, keyboard, axe)', () => {
  let hsm: SoftHsmToken;
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;
  let api: AirlockApi;

  const t = (key: string, params?: Readonly<Record<string, string | number>>): string => (translate as (language: 'vi', key: string, params?: Readonly<Record<string, string | number>>) => string)('vi', key, params);
  const press = async (locator: ReturnType<Page['locator']>) => {
    await locator.focus();
    await page.keyboard.press('Enter');
  };
  const section = () => page.getByRole('region', { name: t('backups.keys.title') });

  before(async () => {
    hsm = await createSoftHsmToken();
    ({ shell, core, api } = await launchBackupApp(hsm, 'Khoá khôi phục của cơ quan'));
    page = shell.page;
    assert.ok((await api.backups.setTargetFolder({ target: 'usb', folder: path.join(hsm.dir, 'usb', 'SaoLuu') })).ok);
    assert.ok((await api.backups.init({ target: 'usb' })).ok);
  });
  after(async () => {
    await shell?.close();
    core?.stop();
    await hsm?.cleanup();
  });

  it('shows the token and the required recovery key; adds a colleague from a certificate file; a refused file is said in words', async () => {
    await press(page.getByRole('navigation').getByRole('button', { name: t('screen.backups.name'), exact: true }));
    await page.getByRole('heading', { level: 1, name: t('screen.backups.name') }).waitFor();
    await press(section().getByRole('button', { name: t('backups.keys.show') }));
    const rows = section().getByRole('table').getByRole('row');
    await rows.nth(2).waitFor();
    assert.equal(await rows.count(), 3, 'a header, the token and the recovery key');
    await section().getByText(t('backups.keys.required')).waitFor();
    await section().getByText(t('backups.keys.you'), { exact: false }).waitFor();
    assert.deepEqual(await seriousViolations(page, 'Key holders (vi)'), []);

    const [revoked] = await Promise.all([page.waitForEvent('filechooser'), press(section().getByRole('button', { name: t('backups.keys.add') }))]);
    await revoked.setFiles(hsm.pki.paths.revokedLeafCert);
    await page.getByText(t('error.backup.holderCertificateInvalid')).waitFor();
    assert.equal(await rows.count(), 3, 'nothing added');

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), press(section().getByRole('button', { name: t('backups.keys.add') }))]);
    await chooser.setFiles(hsm.pki.paths.ecLeafCert);
    await section().getByText(t('backups.keys.done.added')).waitFor();
    assert.equal(await rows.count(), 4);
    await section().getByRole('cell', { name: t('backups.keys.role.added') }).waitFor();
  });

  it('removes the colleague only after a confirmation that says what removal does not undo; Keep them changes nothing; then a new key', async () => {
    const removeButtons = section().getByRole('button', { name: /^Bỏ người giữ khoá / });
    assert.equal(await removeButtons.count(), 2, 'the token and the colleague; the recovery key has no button');
    await press(removeButtons.nth(1));
    const confirmation = section().getByRole('group');
    await confirmation.getByText(t('backups.keys.confirmDoesNot')).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H3', 'the confirmation takes the focus');
    assert.deepEqual(await seriousViolations(page, 'Key holder removal confirmation (vi)'), []);
    await press(confirmation.getByRole('button', { name: t('backups.keys.confirmKeep') }));
    await confirmation.waitFor({ state: 'detached' });
    assert.equal(await section().getByRole('table').getByRole('row').count(), 4);

    await press(removeButtons.nth(1));
    await press(section().getByRole('group').getByRole('button', { name: t('backups.keys.confirmRemove') }));
    await section().getByText(t('backups.keys.done.removed')).waitFor();
    assert.equal(await section().getByRole('table').getByRole('row').count(), 3);

    await press(section().getByRole('button', { name: t('backups.keys.rekey'), exact: true }));
    await section().getByText(t('backups.keys.done.rekeyed')).waitFor();
    await section().getByText(t('backups.keys.generation', { number: 2 })).waitFor();
    const rekeyed = await api.audit.query({ kind: 'backup.rekeyed', limit: 5 });
    assert.ok(rekeyed.ok);
    assert.deepEqual(rekeyed.value.map((event) => [event.result, event.details.generation]), [['ok', 2]]);
  });

  it('reads in English too, axe clean', async () => {
    assert.ok((await api.settings.setLanguage({ language: 'en' })).ok);
    await page.getByRole('heading', { name: translate('en', 'backups.keys.title') }).waitFor();
    await page.getByText(translate('en', 'backups.keys.rekeyHint')).waitFor();
    assert.deepEqual(await seriousViolations(page, 'Key holders (en)'), []);
    assert.ok((await api.settings.setLanguage({ language: 'vi' })).ok);
  });
});
