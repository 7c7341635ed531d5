// The Backups screen (#16) in the Chromium shell on the real core: a SoftHSM token, a signed zone
// policy with a USB target (tests/support/backup/backup-zone-policy.ts), the real sealed store and
// files. The zone helper is a STAND-IN (the switch is real, the network untouched); the recovery key
// a SOFTWARE stand-in's certificate. Driven from the keyboard: focus, typing, Enter and Space.
import assert from 'node:assert/strict';
import { mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { packName } from '../../electron/core/backup/pack.js';
import { openRepository } from '../../electron/core/backup/repository.js';
import { FolderTarget } from '../../electron/core/backup/targets/folder-target.js';
import { decodeTree } from '../../electron/core/backup/tree.js';
import type { Core } from '../../electron/core/core.js';
import type { ChromiumShell } from '../../electron/shells/chromium/chromium-shell.js';
import type { AirlockApi } from '../../shared/ipc/api.js';
import { translate } from '../../renderer/src/i18n/catalog.js';
import { launchBackupApp } from '../support/backup/backup-app.js';
import type { SoftwareRecipient } from '../support/software-recipient.js';
import { seriousViolations } from '../support/axe.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';

describe('the Backups screen in Chromium: back up now, the list, check, the restore wizard, a restore that fails at a file (vi and en, keyboard, axe)', () => {
  let hsm: SoftHsmToken;
  let shell: ChromiumShell;
  let core: Core;
  let page: Page;
  let api: AirlockApi;
  let recovery: SoftwareRecipient;
  let source: string;
  let drive: string;

  /** The Vietnamese text of a key, with its parameters (keys come from this test, checked by the catalog at run time). */
  const t = (key: string, params?: Readonly<Record<string, string | number>>): string => (translate as (language: 'vi', key: string, params?: Readonly<Record<string, string | number>>) => string)('vi', key, params);
  /** Focus then Enter: what a keyboard user does on a button or in a form's field. */
  const press = async (locator: ReturnType<Page['locator']>) => {
    await locator.focus();
    await page.keyboard.press('Enter');
  };

  before(async () => {
    hsm = await createSoftHsmToken();
    ({ shell, core, api, recovery } = await launchBackupApp(hsm, 'Khoá khôi phục'));
    page = shell.page;
    source = path.join(hsm.dir, 'Công văn');
    await mkdir(path.join(source, 'Tháng 12'), { recursive: true });
    await writeFile(path.join(source, 'Tháng 12', 'Báo cáo.txt'), 'Báo cáo tháng 12.');
    await writeFile(path.join(source, 'Kế hoạch.txt'), 'Kế hoạch năm.');
    drive = path.join(hsm.dir, 'usb', 'SaoLuu');
  });
  after(async () => {
    await shell?.close();
    core?.stop();
    await hsm?.cleanup();
  });

  it('lists the place the zone allows, takes the drive folder and the folders to back up, and backs up now with the keyboard', async () => {
    await press(page.getByRole('navigation').getByRole('button', { name: t('screen.backups.name'), exact: true }));
    await page.getByRole('heading', { level: 1, name: t('screen.backups.name') }).waitFor();
    await page.getByRole('radio', { name: /Ổ USB của phòng/ }).waitFor();
    await page.getByLabel(t('backups.driveFolder')).focus();
    await page.keyboard.type(drive);
    await page.keyboard.press('Enter');
    await page.getByText(t('backups.never')).waitFor();
    await page.getByLabel(t('backups.folders')).focus();
    await page.keyboard.type(source);
    await press(page.getByRole('button', { name: t('backups.saveFolders') }));
    assert.deepEqual(await seriousViolations(page, 'Backups screen before the first backup (vi)'), []);
    await press(page.getByRole('button', { name: t('backups.now'), exact: true }));
    // The folder's two files and the app's three stores (settings, audit, the zone's), whose size varies.
    const [doneBefore, doneAfter] = t('backups.done.run', { files: 5, size: '\0' }).split('\0');
    await page.getByText(new RegExp(`^${escape(doneBefore ?? '')}[\\d.,]+ [KM]B${escape(doneAfter ?? '')}$`)).waitFor({ timeout: 60_000 });
    const rows = page.getByRole('table').getByRole('row');
    await rows.nth(2).waitFor();
    assert.equal(await rows.count(), 3, 'a header, the folder’s backup and the app’s data');
    assert.ok(((await rows.nth(1).textContent()) ?? '').includes(source), 'the folder’s, newest first');
    assert.ok(((await rows.nth(2).textContent()) ?? '').includes(t('backups.appStores')), 'the app’s stores, in words');
    assert.ok(((await rows.nth(1).textContent()) ?? '').includes(t('classification.mat')), 'the level it may hold');
    assert.deepEqual(await seriousViolations(page, 'Backups screen after a backup (vi)'), []);
  });

  it('checks the backups: intact', async () => {
    await press(page.getByRole('button', { name: t('backups.verify'), exact: true }));
    await page.getByText(t('backups.done.verifyClean', { count: 2 })).waitFor({ timeout: 60_000 });
  });

  it('test-restores a backup with its row\'s button: matches the current data, then names what changed, in words', async () => {
    // Only the folder's backup has the button: the app's stores (backed up first) have no folder to compare with.
    assert.equal(await page.getByRole('button', { name: /^Thử khôi phục bản sao lưu lúc / }).count(), 1);
    const drill = page.getByRole('row').filter({ hasText: source }).getByRole('button', { name: /^Thử khôi phục bản sao lưu lúc / });
    await press(drill);
    await page.getByText(/^Bản sao lưu khôi phục được, khớp với dữ liệu hiện tại \(2 tệp, /).waitFor({ timeout: 60_000 });
    const plan = path.join(source, 'Kế hoạch.txt');
    await writeFile(plan, 'Kế hoạch năm, bản sửa.');
    try {
      await press(drill);
      await page.getByText(t('backups.done.drillDifferent', { count: 2, folder: source })).waitFor({ timeout: 60_000 });
      await page.getByRole('listitem').filter({ hasText: `Kế hoạch.txt: ${t('backups.difference.size')}` }).waitFor();
      assert.deepEqual(await seriousViolations(page, 'restore drill with differences (vi)'), []);
    } finally {
      await writeFile(plan, 'Kế hoạch năm.');
    }
  });

  it('restores one chosen file through the four steps of the wizard into a new folder', async () => {
    await press(page.getByRole('button', { name: t('backups.restore') }));
    await page.getByRole('heading', { name: t('backups.wizard.stepOf', { number: 1, name: t('backups.wizard.step.snapshot') }) }).waitFor();
    await press(page.getByRole('button', { name: new RegExp(`^Bản lúc .*: ${escape(source)} `) }));
    await page.getByRole('heading', { name: t('backups.wizard.stepOf', { number: 2, name: t('backups.wizard.step.files') }) }).waitFor();
    await page.getByRole('checkbox', { name: /Kế hoạch\.txt/ }).focus();
    await page.keyboard.press('Space');
    assert.equal(await page.getByRole('checkbox', { name: /Kế hoạch\.txt/ }).isChecked(), true);
    await press(page.getByRole('button', { name: t('backups.wizard.next') }));
    const into = path.join(hsm.dir, 'Khôi phục');
    await page.getByLabel(t('backups.wizard.destination')).focus();
    await page.keyboard.type(into);
    await press(page.getByRole('button', { name: t('backups.wizard.next') }));
    await page.getByRole('heading', { name: t('backups.wizard.stepOf', { number: 4, name: t('backups.wizard.step.confirm') }) }).waitFor();
    assert.deepEqual(await seriousViolations(page, 'restore wizard, confirm (vi)'), []);
    await press(page.getByRole('button', { name: t('backups.wizard.start'), exact: true }));
    await page.getByText(/^Đã khôi phục 1 tệp vào thư mục mới /).waitFor({ timeout: 60_000 });
    const [made] = await readdir(into);
    assert.match(made ?? '', /^Khôi phục /);
    assert.deepEqual(await readdir(path.join(into, made ?? '')), ['Kế hoạch.txt']);
    assert.equal(await readFile(path.join(into, made ?? '', 'Kế hoạch.txt'), 'utf8'), 'Kế hoạch năm.');
  });

  it('reads in English too, axe clean', async () => {
    assert.ok((await api.settings.setLanguage({ language: 'en' })).ok);
    await page.getByRole('heading', { level: 1, name: translate('en', 'screen.backups.name') }).waitFor();
    await page.getByRole('button', { name: translate('en', 'backups.now'), exact: true }).waitFor();
    await page.getByRole('heading', { name: translate('en', 'backups.list') }).waitFor();
    assert.deepEqual(await seriousViolations(page, 'Backups screen (en)'), []);
    assert.ok((await api.settings.setLanguage({ language: 'vi' })).ok);
  });
  it('names the file a restore failed at, in words (vi then en), when its blob is damaged on the backup place; the half-written file is removed', async () => {
    // Damage for real the blob of "Kế hoạch.txt" in the folder's backup, inside its pack (found with
    // the recovery key, as the organisation would): a few of its sealed bytes flipped, so it no longer opens.
    // Not cut short: in a backup this small the pack also holds the trees the wizard lists after it.
    const repository = await openRepository(new FolderTarget(drive), recovery);
    try {
      const folderSnapshots = (await repository.snapshots()).filter((snapshot) => snapshot.body.paths.includes(source));
      const newest = folderSnapshots.sort((a, b) => b.body.time.localeCompare(a.body.time))[0];
      assert.ok(newest !== undefined, 'the folder’s backup');
      const { blobs } = await repository.loadIndex();
      const root = newest.body.tree;
      const rootAt = blobs.get(root);
      assert.ok(rootAt !== undefined, 'its tree is indexed');
      const plan = decodeTree(await repository.readBlob(root, rootAt), 'root').find((node) => node.name === 'Kế hoạch.txt');
      assert.ok(plan?.type === 'file' && plan.content.length === 1, 'Kế hoạch.txt is one blob');
      const blob = blobs.get(plan.content[0] as string);
      assert.ok(blob !== undefined && blob.type === 'data' && blob.length > 28, 'its blob is indexed, longer than the bytes flipped');
      const pack = await open(path.join(drive, ...packName(blob.pack).split('/')), 'r+');
      try {
        const sealed = Buffer.alloc(8);
        await pack.read(sealed, 0, sealed.length, blob.offset + 20);
        await pack.write(sealed.map((byte) => byte ^ 0xff), 0, sealed.length, blob.offset + 20);
      } finally {
        await pack.close();
      }
    } finally {
      repository.close();
    }
    await press(page.getByRole('button', { name: t('backups.restore') }));
    await press(page.getByRole('button', { name: new RegExp(`^Bản lúc .*: ${escape(source)} `) }));
    await page.getByRole('checkbox', { name: /Kế hoạch\.txt/ }).focus();
    await page.keyboard.press('Space');
    await press(page.getByRole('button', { name: t('backups.wizard.next') }));
    const into = path.join(hsm.dir, 'Khôi phục hỏng');
    await page.getByLabel(t('backups.wizard.destination')).focus();
    await page.keyboard.type(into);
    await press(page.getByRole('button', { name: t('backups.wizard.next') }));
    await press(page.getByRole('button', { name: t('backups.wizard.start'), exact: true }));
    const status = page.getByRole('status').filter({ hasText: t('backups.failed.restore') });
    await status.waitFor({ timeout: 60_000 });
    assert.deepEqual(await status.locator('p').allTextContents(), [t('backups.failed.restore'), t('error.backup.repositoryDamaged'), t('backups.failedAt', { path: 'Kế hoạch.txt' })]);
    assert.equal(await page.getByText('Kế hoạch.txt').count(), 1, 'the file named once');
    // The new folder was made; the file begun in it was removed.
    const [made] = await readdir(into);
    assert.match(made ?? '', /^Khôi phục /);
    assert.deepEqual(await readdir(path.join(into, made ?? '')), []);
    assert.deepEqual(await seriousViolations(page, 'restore failed at a file (vi)'), []);
    try {
      assert.ok((await api.settings.setLanguage({ language: 'en' })).ok);
      const statusEn = page.getByRole('status').filter({ hasText: translate('en', 'backups.failed.restore') });
      await statusEn.getByText(translate('en', 'backups.failedAt', { path: 'Kế hoạch.txt' }), { exact: true }).waitFor();
      assert.equal(await page.getByText('Kế hoạch.txt').count(), 1, 'the file named once (en)');
      assert.deepEqual(await statusEn.locator('p').allTextContents(), [translate('en', 'backups.failed.restore'), translate('en', 'error.backup.repositoryDamaged'), translate('en', 'backups.failedAt', { path: 'Kế hoạch.txt' })]);
      assert.deepEqual(await seriousViolations(page, 'restore failed at a file (en)'), []);
    } finally {
      assert.ok((await api.settings.setLanguage({ language: 'vi' })).ok);
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
