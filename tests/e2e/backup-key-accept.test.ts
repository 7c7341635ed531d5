// The Backups screen after `backup.keyGenerationChanged` (#16, docs/backup-repository.md "Accepting a
// new generation") in the Chromium shell on the real core: a SoftHSM token and its test PKI, a signed
// zone policy with a USB target, the real sealed store and repository files. A key generation is
// planted at the place with no signed record, by someone who kept a key (the recovery key, a SOFTWARE
// stand-in: no token can hold it here), so "Back up now" is refused; the screen says why, Cancel
// changes nothing, the officer's accept (after the confirmation) lets the backup go through. The zone
// helper is a STAND-IN (the switch is real, the network untouched). Driven from the keyboard.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import type { AirlockApi } from '../../shared/ipc/api.js';
import type { Language } from '../../shared/domain/language.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { launchBackupApp } from '../support/backup/backup-app.js';
import { plantGeneration } from '../support/backup/cli-place.js';
import { seriousViolations } from '../support/axe.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import type { SoftwareRecipient } from '../support/software-recipient.js';

describe('Backups screen: a new key generation refused is explained, Cancel changes nothing, the officer’s accept lets backups run (vi and en, keyboard, axe)', () => {
  let hsm: SoftHsmToken;
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;
  let api: AirlockApi;
  let recovery: SoftwareRecipient;
  let usbFolder: string;

  const tr = (language: Language, key: string, params?: Readonly<Record<string, string | number>>): string => (translate as (language: Language, key: string, params?: Readonly<Record<string, string | number>>) => string)(language, key, params);
  const press = async (locator: ReturnType<Page['locator']>) => {
    await locator.focus();
    await page.keyboard.press('Enter');
  };
  const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
  const auditOf = async (kind: 'backup.keyGenerationAccepted' | 'backup.failed') => {
    const events = await api.audit.query({ kind, limit: 20 });
    assert.ok(events.ok);
    return events.value;
  };

  before(async () => {
    hsm = await createSoftHsmToken();
    ({ shell, core, api, recovery } = await launchBackupApp(hsm, 'Khoá khôi phục của cơ quan'));
    page = shell.page;
    usbFolder = path.join(hsm.dir, 'usb', 'SaoLuu');
    assert.ok((await api.backups.setTargetFolder({ target: 'usb', folder: usbFolder })).ok);
    assert.ok((await api.backups.init({ target: 'usb' })).ok);
  });
  after(async () => {
    await shell?.close();
    core?.stop();
    await hsm?.cleanup();
  });

  for (const [language, planted] of [['vi', 2], ['en', 3]] as const) {
    it(`${language}: Back up now is refused with the reason in words; Cancel keeps the refusal; Accept (confirmed) and the backup goes through`, async () => {
      const t = (key: string, params?: Readonly<Record<string, string | number>>) => tr(language, key, params);
      assert.ok((await api.settings.setLanguage({ language })).ok);
      await press(page.getByRole('navigation').getByRole('button', { name: t('screen.backups.name'), exact: true }));
      await page.getByRole('heading', { level: 1, name: t('screen.backups.name') }).waitFor();
      assert.equal(await plantGeneration(usbFolder, recovery), planted);

      await press(page.getByRole('button', { name: t('backups.now'), exact: true }));
      // Said once, in the job panel's status with the accept beside it: the list of backups is not asked again and raises no alert of its own.
      const refusalWords = page.getByText(t('error.backup.keyGenerationChanged'));
      await refusalWords.first().waitFor({ timeout: 60_000 });
      const saidOnce = async (when: string) => {
        assert.equal(await refusalWords.count(), 1, `the refusal's words on the screen ${when}`);
        assert.equal(await page.getByRole('status').getByText(t('error.backup.keyGenerationChanged')).count(), 1, `in the job panel ${when}`);
        assert.equal(await page.getByRole('alert').getByText(t('error.backup.keyGenerationChanged')).count(), 0, `no alert ${when}`);
      };
      await saidOnce('when refused');
      await page.getByText(t('backups.keyChange.noSigner', { generation: planted })).waitFor();
      await page.getByText(t('backups.keyChange.reason.unsigned')).waitFor();
      assert.deepEqual(await seriousViolations(page, `Key generation refused (${language})`), []);
      const refusals = (await auditOf('backup.failed')).filter((event) => event.details.code === 'backup.keyGenerationChanged' && event.details.generation === planted);
      assert.ok(refusals.length > 0, 'the refusal is audited');
      assert.deepEqual(new Set(refusals.map((event) => event.details.problem)), new Set(['unsigned']));

      // The confirmation says what accepting means and takes the focus; Cancel gives it back and changes nothing.
      const acceptButton = page.getByRole('button', { name: t('backups.keyChange.accept'), exact: true });
      await press(acceptButton);
      const confirmation = page.getByRole('group', { name: t('backups.keyChange.confirmTitle') });
      await confirmation.getByText(t('backups.keyChange.confirmDoes')).waitFor();
      await confirmation.getByText(t('backups.keyChange.confirmOnly')).waitFor();
      assert.equal(await focusedText(), t('backups.keyChange.confirmTitle'), 'the confirmation takes the focus');
      assert.deepEqual(await seriousViolations(page, `Key generation accept confirmation (${language})`), []);
      await press(confirmation.getByRole('button', { name: t('backups.keyChange.confirmCancel') }));
      await confirmation.waitFor({ state: 'detached' });
      assert.equal(await focusedText(), t('backups.keyChange.accept'), 'back on the accept button');
      assert.equal((await auditOf('backup.keyGenerationAccepted')).filter((event) => event.details.generation === planted).length, 0, 'nothing accepted by Cancel');
      await saidOnce('after Cancel');
      const refusedOpenings = (await auditOf('backup.failed')).filter((event) => event.details.code === 'backup.keyGenerationChanged' && event.details.generation === planted);
      assert.equal(refusedOpenings.length, 1, 'the place was opened and refused once (the run), not again for the list');
      const stillRefused = await api.backups.keyHolders({ target: 'usb' });
      assert.equal(stillRefused.ok ? undefined : stillRefused.error.code, 'backup.keyGenerationChanged', 'the place is still refused');

      await press(acceptButton);
      await press(page.getByRole('group', { name: t('backups.keyChange.confirmTitle') }).getByRole('button', { name: t('backups.keyChange.confirmAccept') }));
      await page.getByText(t('backups.keyChange.accepted', { generation: planted })).waitFor();
      await page.getByText(t('backups.keyChange.reason.unsigned')).waitFor({ state: 'detached' });
      const accepted = (await auditOf('backup.keyGenerationAccepted')).filter((event) => event.details.generation === planted);
      assert.deepEqual(accepted.map((event) => [event.result, event.details.outcome, event.details.target]), [['ok', 'acceptedByOfficer', 'usb']]);
      assert.deepEqual(await seriousViolations(page, `Key generation accepted (${language})`), []);

      await press(page.getByRole('button', { name: t('backups.now'), exact: true }));
      const [doneBefore] = t('backups.done.run', { files: 0, size: '\0' }).split(/\d+/);
      await page.getByText(doneBefore ?? '', { exact: false }).waitFor({ timeout: 60_000 });
      await page.getByRole('region', { name: t('backups.list') }).getByRole('row').nth(language === 'vi' ? 1 : 2).waitFor();
      const holders = await api.backups.keyHolders({ target: 'usb' });
      assert.ok(holders.ok, JSON.stringify(holders));
      assert.equal(holders.value.generation, planted);
    });
  }
});
