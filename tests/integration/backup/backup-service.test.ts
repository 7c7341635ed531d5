// The backup service through the core's IPC dispatcher (#16): a real SoftHSM token, a signed zone
// policy with a removable-media target and the organisation's recovery certificate, the real
// sealed settings store, real files. The zone helper is a STAND-IN (tests/support/stand-in-zone-helper.ts):
// the switch is real, the network untouched. The recovery key is a SOFTWARE stand-in (its private
// key in this process) so the test can show the recovery holder opens what the service made.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import { openRepository } from '../../../electron/core/backup/repository.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import { backupEvents } from '../../../shared/ipc/contracts/backup.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import { startBackupCore, type BackupCore } from '../../support/backup/backup-core.js';
import { usbBackupPolicy } from '../../support/backup/backup-zone-policy.js';
import type { SoftwareRecipient } from '../../support/software-recipient.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { tokenKeyPair } from '../../support/token-core.js';

describe('backup service through the core: targets by zone, init, back up, list, restore, verify, schedule (real token, store, files)', () => {
  const teardown = teardownAfterSuite();
  let core: Core;
  let api: AirlockApi;
  let dir: string;
  let usbFolder: string;
  let source: string;
  let recovery: SoftwareRecipient;
  let events: BackupCore['events'];
  let ref: BackupCore['ref'];
  let unlock: BackupCore['unlock'];
  let switchTo: BackupCore['switchTo'];
  let job: BackupCore['job'];

  const auditOf = async (kind: Parameters<AirlockApi['audit']['query']>[0]['kind']) => {
    const found = await api.audit.query({ kind, limit: 50 });
    assert.ok(found.ok, JSON.stringify(found));
    return found.value;
  };

  before(async () => {
    ({ dir, core, api, recovery, events, ref, unlock, switchTo, job } = await startBackupCore(teardown, { prefix: 'airlock-backup-service-', policy: usbBackupPolicy }));
    usbFolder = path.join(dir, 'usb', 'Airlock backups');
    source = path.join(dir, 'Công văn');
    await mkdir(path.join(source, 'Tháng 12'), { recursive: true });
    await writeFile(path.join(source, 'Tháng 12', 'Báo cáo.txt'), 'Báo cáo tình hình tháng 12.');
    await writeFile(path.join(source, 'ảnh.bin'), randomBytes(700_000));
  });

  it('lists only the places the live zone may use: none in the cipher network, the USB drive in the office LAN', async () => {
    await switchTo('co-yeu');
    const cipher = await api.backups.status({});
    assert.ok(cipher.ok, JSON.stringify(cipher));
    assert.deepEqual(cipher.value.targets, []);
    const refused = await api.backups.init({ target: 'usb' });
    assert.equal(refused.ok ? undefined : refused.error.code, 'backup.targetNotAllowed');
    assert.equal((await auditOf('backup.failed')).filter((event) => event.result === 'refused' && event.details.code === 'backup.targetNotAllowed').length, 1);
    await switchTo('van-phong');
    const office = await api.backups.status({});
    assert.ok(office.ok);
    assert.deepEqual(
      office.value.targets.map((target) => [target.id, target.kind, target.folder, target.repository]),
      [['usb', 'removableMedia', null, null]],
    );
  });

  it('refuses to back up before a folder on the drive is chosen, and remembers the failed run', async () => {
    const noDrive = await job(await api.backups.run({ target: 'usb' }));
    assert.equal(noDrive.ok ? undefined : noDrive.error.code, 'backup.folderNotChosen');
    const status = await api.backups.status({});
    assert.ok(status.ok);
    assert.equal(status.value.targets[0]?.lastRun?.ok, false);
    assert.equal(status.value.targets[0]?.lastRun?.code, 'backup.folderNotChosen');
    assert.ok((await api.backups.setTargetFolder({ target: 'usb', folder: usbFolder })).ok);
  });

  it('"Back up now" makes the repository on first use (user and recovery holders), signs a snapshot of the app’s stores and one of the folder at the zone’s level, and audits them', async () => {
    assert.ok((await api.backups.setFolders({ folders: [source] })).ok);
    const done = await job(await api.backups.run({ target: 'usb' }));
    assert.ok(done.ok, JSON.stringify(done));
    assert.equal(done.value.kind, 'run');
    if (done.value.kind !== 'run') return;
    // The stores (settings, audit, the office LAN's) and the folder's two files (backup-run-app-stores.test.ts tests the stores' part).
    assert.deepEqual([done.value.result.ok, done.value.result.snapshots, done.value.result.files, done.value.result.trigger], [true, 2, 3 + 2, 'manual']);
    // The one progress shape of the contract, counted from the folder's pre-scan.
    const progress = events.filter((event) => event.name === 'backups.progress').map((event) => backupEvents['backups.progress'].parse(event.payload));
    assert.ok(progress.length > 0);
    assert.ok(progress.every((step) => ['scanning', 'working', 'finishing'].includes(step.phase) && step.done <= step.total && step.bytes <= step.totalBytes), JSON.stringify(progress));
    const status = await api.backups.status({});
    assert.ok(status.ok);
    assert.match(status.value.targets[0]?.repository ?? '', /^[0-9a-f]{32}$/);
    assert.equal((await auditOf('backup.initialised')).length, 1);
    const created = await auditOf('backup.created');
    assert.deepEqual(created.map((event) => [event.details.file, event.details.level]).reverse(), [['airlock:stores', 'mat'], [source, 'mat']]);
    // The organisation's recovery key opens what the service made (the user's is the token's).
    const byRecovery = await openRepository(new FolderTarget(usbFolder), recovery);
    assert.equal(byRecovery.config.id, status.value.targets[0]?.repository);
    byRecovery.close();
  });

  it('lists the backup with its date, size and level; shows its folders; restores one chosen file into a new folder twice, never overwriting', async () => {
    const snapshots = await api.backups.snapshots({ target: 'usb' });
    assert.ok(snapshots.ok, JSON.stringify(snapshots));
    assert.deepEqual(snapshots.value.map((snapshot) => snapshot.paths), [[source], ['airlock:stores']], 'newest first');
    const [snapshot] = snapshots.value;
    assert.ok(snapshot !== undefined);
    assert.deepEqual([snapshot.level, snapshot.restorable, snapshot.files, snapshot.bytes, snapshot.paths], ['mat', true, 2, 700_000 + Buffer.byteLength('Báo cáo tình hình tháng 12.'), [source]]);
    const top = await api.backups.files({ target: 'usb', snapshot: snapshot.id, folder: '' });
    assert.ok(top.ok, JSON.stringify(top));
    assert.deepEqual(top.value.map((entry) => [entry.name, entry.type]).sort(), [['Tháng 12', 'dir'], ['ảnh.bin', 'file']].sort());
    const inner = await api.backups.files({ target: 'usb', snapshot: snapshot.id, folder: 'Tháng 12' });
    assert.ok(inner.ok);
    assert.deepEqual(inner.value, [{ name: 'Báo cáo.txt', type: 'file', size: Buffer.byteLength('Báo cáo tình hình tháng 12.') }]);
    const into = path.join(dir, 'Khôi phục');
    const folders: string[] = [];
    for (let round = 0; round < 2; round++) {
      const restored = await job(await api.backups.restore({ target: 'usb', snapshot: snapshot.id, destination: into, paths: ['Tháng 12/Báo cáo.txt'] }));
      assert.ok(restored.ok && restored.value.kind === 'restore', JSON.stringify(restored));
      assert.equal(restored.value.files, 1);
      folders.push(restored.value.folder);
      assert.equal(await readFile(path.join(restored.value.folder, 'Tháng 12', 'Báo cáo.txt'), 'utf8'), 'Báo cáo tình hình tháng 12.');
      assert.deepEqual(await readdir(restored.value.folder), ['Tháng 12'], 'only the chosen file and the folder leading to it');
    }
    assert.notEqual(folders[0], folders[1]);
    assert.match(path.basename(folders[1] ?? ''), /^Khôi phục \d{4}-\d\d-\d\d \d\d-\d\d \(2\)$/);
    assert.equal((await auditOf('backup.restored')).filter((event) => event.result === 'ok').length, 2);
  });

  it('the restore drill (a job) compares the backup with its folder as it is now: the same, then a changed report named; audited ok then failed; no folder written', async () => {
    const listed = await api.backups.snapshots({ target: 'usb' });
    assert.ok(listed.ok);
    const snapshot = listed.value.find((item) => item.paths[0] === source)?.id ?? '';
    const beside = async () => (await readdir(dir)).sort();
    const before = await beside();
    const same = await job(await api.backups.drill({ target: 'usb', snapshot }));
    assert.ok(same.ok && same.value.kind === 'drill', JSON.stringify(same));
    assert.deepEqual([same.value.folder, same.value.files, same.value.differenceCount, same.value.differences], [source, 2, 0, []]);
    const comparing = events.filter((event) => event.name === 'backups.progress' && (event.payload as { job: string }).job === same.job).map((event) => backupEvents['backups.progress'].parse(event.payload));
    // The pre-scan of the snapshot's trees (scanning: totals growing, nothing done), then the comparison with its totals; the job sends at most one event per 200 ms.
    const firstCompare = comparing.findIndex((step) => step.phase === 'compare');
    const scanned = firstCompare < 0 ? comparing : comparing.slice(0, firstCompare);
    assert.ok(comparing.length > 0 && scanned.every((step) => step.phase === 'scanning' && step.done === 0 && step.total <= 2) && comparing.slice(scanned.length).every((step) => step.phase === 'compare' && step.total === 2), JSON.stringify(comparing));
    const report = path.join(source, 'Tháng 12', 'Báo cáo.txt');
    await writeFile(report, 'Báo cáo tình hình tháng 11.');
    try {
      const changed = await job(await api.backups.drill({ target: 'usb', snapshot }));
      assert.ok(changed.ok && changed.value.kind === 'drill', JSON.stringify(changed));
      assert.deepEqual(changed.value.differences.map((item) => `${item.kind} ${item.path}`).sort(), ['content Tháng 12/Báo cáo.txt', 'mtime Tháng 12/Báo cáo.txt']);
    } finally {
      await writeFile(report, 'Báo cáo tình hình tháng 12.');
    }
    assert.deepEqual(await beside(), before, 'nothing new beside the source and the drive folder');
    // The app's stores change all the time and have no folder to compare with: said, not guessed.
    const stores = listed.value.find((item) => item.paths[0] !== source)?.id ?? '';
    const noFolder = await job(await api.backups.drill({ target: 'usb', snapshot: stores }));
    assert.equal(noFolder.ok ? undefined : noFolder.error.code, 'backup.drillSourceMissing');
    const drilled = await auditOf('backup.drilled');
    assert.deepEqual(drilled.map((event) => [event.result, event.details.hash, event.details.entries]), [['failed', snapshot, 2], ['ok', snapshot, 0]], 'newest first');
    assert.equal((await auditOf('backup.failed')).filter((event) => event.details.action === 'drill' && event.details.code === 'backup.drillSourceMissing').length, 1);
  });

  it('verify is clean, then names the flipped pack; both audited', async () => {
    const clean = await job(await api.backups.verify({ target: 'usb' }));
    assert.ok(clean.ok && clean.value.kind === 'verify', JSON.stringify(clean));
    assert.deepEqual([clean.value.clean, clean.value.snapshots, clean.value.problems, clean.value.dataBlobs], [true, 2, [], 0]);
    const withData = await job(await api.backups.verify({ target: 'usb', data: 'all' }));
    assert.ok(withData.ok && withData.value.kind === 'verify', JSON.stringify(withData));
    const checking = events.filter((event) => event.name === 'backups.progress' && (event.payload as { job: string }).job === withData.job).map((event) => backupEvents['backups.progress'].parse(event.payload));
    assert.ok(checking.some((step) => step.phase === 'packs' && step.total > 0), `a check reports in the same shape: ${JSON.stringify(checking)}`);
    assert.equal(withData.value.clean, true);
    assert.ok(withData.value.dataBlobs >= 3, 'two files and the trees opened');
    const packDir = path.join(usbFolder, 'data');
    const [sub] = await readdir(packDir);
    const [pack] = await readdir(path.join(packDir, sub ?? ''));
    const packPath = path.join(packDir, sub ?? '', pack ?? '');
    const bytes = await readFile(packPath);
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    await writeFile(packPath, bytes);
    const damaged = await job(await api.backups.verify({ target: 'usb' }));
    assert.ok(damaged.ok && damaged.value.kind === 'verify', JSON.stringify(damaged));
    assert.equal(damaged.value.clean, false);
    assert.ok(damaged.value.problems.some((problem) => problem.object === `data/${sub}/${pack}` && problem.problem === 'hashMismatch'), JSON.stringify(damaged.value.problems));
    const verified = await auditOf('backup.verified');
    assert.deepEqual(verified.map((event) => event.result).sort(), ['failed', 'ok', 'ok']);
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    await writeFile(packPath, bytes);
  });

  it('a cancelled run leaves earlier backups and is remembered; the schedule runs while unlocked and remembers its result', async () => {
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(core.services.backups.run('usb', 'manual', { signal: aborted.signal, progress: () => undefined }), (error: unknown) => (error as { code?: string }).code === 'backup.cancelled');
    const afterCancel = await api.backups.status({});
    assert.ok(afterCancel.ok);
    assert.equal(afterCancel.value.targets[0]?.lastRun?.code, 'backup.cancelled');
    assert.ok((await api.backups.setSchedule({ everyHours: 24, target: 'usb' })).ok);
    assert.equal(await core.services.backupSchedule.tick(), 'usb');
    const scheduled = await api.backups.status({});
    assert.ok(scheduled.ok);
    assert.deepEqual([scheduled.value.lastScheduled?.ok, scheduled.value.lastScheduled?.trigger], [true, 'scheduled']);
    assert.equal(await core.services.backupSchedule.tick(), undefined, 'not due again within the period');
    const listed = await api.backups.snapshots({ target: 'usb' });
    assert.ok(listed.ok);
    assert.equal(listed.value.length, 4, 'two runs of two snapshots');
    assert.ok((await api.session.lock({})).ok);
    assert.equal(await core.services.backupSchedule.tick(), undefined, 'locked: no run');
    await unlock();
    await switchTo('van-phong');
  });

  it('forget by the retention settings keeps the newest of each kind (the stores, the folder), prune reclaims the rest; a dry run removes nothing; audited', async () => {
    assert.ok((await api.backups.setRetention({ last: 1, daily: 0, weekly: 0, monthly: 0 })).ok);
    const before = await api.backups.snapshots({ target: 'usb' });
    assert.ok(before.ok);
    // Newest first: the scheduled run's folder and stores, then the first run's.
    assert.equal(before.value.length, 4);
    const older = [before.value[2]?.id, before.value[3]?.id].sort();
    const dry = await job(await api.backups.forget({ target: 'usb', prune: true, dryRun: true }));
    assert.ok(dry.ok && dry.value.kind === 'forget', JSON.stringify(dry));
    assert.deepEqual([dry.value.dryRun, dry.value.kept, [...dry.value.removed].sort()], [true, 2, older]);
    const still = await api.backups.snapshots({ target: 'usb' });
    assert.ok(still.ok);
    assert.equal(still.value.length, 4);
    const done = await job(await api.backups.forget({ target: 'usb', prune: true }));
    assert.ok(done.ok && done.value.kind === 'forget', JSON.stringify(done));
    assert.deepEqual([done.value.kept, [...done.value.removed].sort()], [2, older]);
    const after = await api.backups.snapshots({ target: 'usb' });
    assert.ok(after.ok);
    assert.deepEqual(after.value.map((snapshot) => snapshot.id), [before.value[0]?.id, before.value[1]?.id]);
    assert.equal((await auditOf('backup.forgotten')).filter((event) => event.details.target === 'usb').length, 1);
    const clean = await job(await api.backups.verify({ target: 'usb', data: 'all' }));
    assert.ok(clean.ok && clean.value.kind === 'verify' && clean.value.clean, JSON.stringify(clean));
  });

  it('a backup at Mật is listed but not restored in the Internet zone (unclassified); refused and audited', async () => {
    await switchTo('internet');
    const listed = await api.backups.snapshots({ target: 'usb' });
    assert.ok(listed.ok, JSON.stringify(listed));
    assert.ok(listed.value.every((snapshot) => snapshot.level === 'mat' && !snapshot.restorable));
    const id = listed.value[0]?.id ?? assert.fail('no snapshot');
    const refused = await job(await api.backups.restore({ target: 'usb', snapshot: id, destination: path.join(dir, 'internet-restore') }));
    assert.equal(refused.ok ? undefined : refused.error.code, 'backup.restoreNotAllowed');
    const files = await api.backups.files({ target: 'usb', snapshot: id, folder: '' });
    assert.equal(files.ok ? undefined : files.error.code, 'backup.restoreNotAllowed');
    assert.ok((await auditOf('backup.restored')).some((event) => event.result === 'refused' && event.details.level === 'mat' && event.details.zone === 'internet'));
    await switchTo('van-phong');
  });

  it('a key generation planted on the target (a re-key made elsewhere) is refused, and audited', async () => {
    const { rsa, ec } = await tokenKeyPair(core, ref());
    const known = (await api.backups.status({})).ok;
    assert.ok(known);
    let planted;
    for (const key of [rsa, ec]) {
      try {
        planted = await openRepository(new FolderTarget(usbFolder), key);
        break;
      } catch {
        // the other key holds it
      }
    }
    assert.ok(planted !== undefined);
    await planted.rekey(() => undefined);
    planted.close();
    const refused = await job(await api.backups.verify({ target: 'usb' }));
    assert.equal(refused.ok ? undefined : refused.error.code, 'backup.keyGenerationChanged');
    assert.ok((await auditOf('backup.failed')).some((event) => event.details.code === 'backup.keyGenerationChanged' && event.details.generation === 2));
  });
});
