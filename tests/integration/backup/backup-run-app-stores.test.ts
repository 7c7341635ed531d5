// "Back up now" includes the app's own stores (#16, docs/backup-repository.md "The app's stores"):
// the backup service through the core's IPC dispatcher, a real SoftHSM token, a signed zone policy,
// the workstation's real sealed store files, and a real child process committing to settings.db
// while the run copies it. The zone helper is a STAND-IN (the switch is real, the network untouched);
// the recovery key a SOFTWARE stand-in, as in backup-service.test.ts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Core } from '../../../electron/core/core.js';
import { APP_STORES_PATH } from '../../../electron/core/backup/app-stores.js';
import { SealedStore } from '../../../electron/core/store/sealed-store.js';
import type { AuditEntryView } from '../../../shared/domain/audit.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import { startBackupCore, type BackupCore } from '../../support/backup/backup-core.js';
import { usbBackupPolicy } from '../../support/backup/backup-zone-policy.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { tokenKeyPair } from '../../support/token-core.js';

const writer = path.resolve(import.meta.dirname, '../../support/backup/store-writer.ts');

describe('"Back up now" backs up the app’s live sealed stores with the chosen folders (real token, store files, a concurrent writer)', () => {
  const teardown = teardownAfterSuite();
  let core: Core;
  let api: AirlockApi;
  let dir: string;
  let dataDir: string;
  let usbFolder: string;
  let ref: BackupCore['ref'];
  let job: BackupCore['job'];

  const backupAudit = async (): Promise<AuditEntryView[]> => {
    const entries: AuditEntryView[] = [];
    for (const kind of ['backup.started', 'backup.created', 'backup.failed'] as const) {
      const found = await api.audit.query({ kind, limit: 100 });
      assert.ok(found.ok, JSON.stringify(found));
      entries.push(...found.value);
    }
    return entries.sort((a, b) => a.seq - b.seq);
  };
  const copyFolders = async () => (await readdir(dataDir)).filter((name) => name.startsWith('airlock-store-copy-'));

  before(async () => {
    let switchTo: BackupCore['switchTo'];
    ({ dir, dataDir, core, api, ref, job, switchTo } = await startBackupCore(teardown, { prefix: 'airlock-backup-stores-', policy: usbBackupPolicy }));
    await switchTo('van-phong');
    usbFolder = path.join(dir, 'usb', 'Airlock backups');
    assert.ok((await api.backups.setTargetFolder({ target: 'usb', folder: usbFolder })).ok);
  });

  it('with no folder chosen, a run backs up the stores as one snapshot while another process commits to the zone’s store: a copy of one commit, whose files open with the token’s keys; the private copy folder is gone', async () => {
    // A table of the test's in the live zone's store (the sealed store's own tables untouched), written by a child process.
    // Not settings.db: the run itself writes there, and a foreign writer's commits would break its read-then-write transactions.
    const zoneDb = path.join(dataDir, 'zone-van-phong.db');
    const raw = new Database(zoneDb);
    raw.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, payload BLOB); CREATE TABLE totals (count INTEGER); INSERT INTO totals VALUES (0)');
    raw.close();
    const child = teardown.process(spawn(process.execPath, ['--import', 'tsx', writer, zoneDb], { stdio: ['ignore', 'pipe', 'inherit'] }));
    let committed = 0;
    child.stdout?.on('data', (chunk: Buffer) => (committed = Number(chunk.toString().trim().split('\n').at(-1))));
    while (committed < 300) await new Promise((resolve) => setTimeout(resolve, 50));
    const before = committed;
    const done = await job(await api.backups.run({ target: 'usb' }));
    const after = committed;
    child.kill('SIGKILL');
    assert.ok(done.ok && done.value.kind === 'run', JSON.stringify(done));
    assert.deepEqual([done.value.result.ok, done.value.result.snapshots], [true, 1]);
    assert.ok(after > before, `the writer went on committing during the run (${before} → ${after})`);
    assert.deepEqual(await copyFolders(), [], 'the private copy folder is removed');

    const listed = await api.backups.snapshots({ target: 'usb' });
    assert.ok(listed.ok, JSON.stringify(listed));
    assert.deepEqual(listed.value.map((snapshot) => [snapshot.paths, snapshot.level]), [[[APP_STORES_PATH], 'mat']]);
    const id = listed.value[0]?.id ?? assert.fail('no snapshot');
    const names = await api.backups.files({ target: 'usb', snapshot: id, folder: '' });
    assert.ok(names.ok, JSON.stringify(names));
    assert.deepEqual(names.value.map((entry) => entry.name).sort(), ['audit.db', 'settings.db', 'zone-van-phong.db'], 'settings, audit and the live zone’s store; no other zone’s');

    const restored = await job(await api.backups.restore({ target: 'usb', snapshot: id, destination: path.join(dir, 'restored') }));
    assert.ok(restored.ok && restored.value.kind === 'restore', JSON.stringify(restored));
    const folder = restored.value.folder;
    const copy = new Database(path.join(folder, 'zone-van-phong.db'), { readonly: true });
    const rows = (copy.prepare('SELECT count(*) AS n FROM rows').get() as { n: number }).n;
    const count = (copy.prepare('SELECT count FROM totals').get() as { count: number }).count;
    assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
    copy.close();
    assert.equal(rows, count, 'rows and their count from the same commit');
    assert.ok(rows >= before && rows <= after + 25, `a state between the start and the end of the run: ${rows} in ${before}..${after}`);

    // The restored stores open with the token's key, and hold what the app sealed in them.
    const { rsa, ec } = await tokenKeyPair(core, ref());
    for (const name of ['settings.db', 'zone-van-phong.db', 'audit.db']) {
      const store = SealedStore.open(path.join(folder, name));
      teardown.defer(() => store.close());
      let opened = false;
      for (const holder of [rsa, ec]) {
        try {
          await store.unlock(holder.certificateDer, holder.operations);
          opened = true;
          break;
        } catch {
          // the other key holds it
        }
      }
      assert.ok(opened, `${name} opens with the token`);
      if (name === 'settings.db') assert.equal((store.find<{ targetFolders: Record<string, string> }>('backup', 'state')[0]?.value.targetFolders['usb']), usbFolder);
      store.close();
    }
  });

  it('audits the run: started with its id and the number of snapshots, then each one made with the same id; a run with a folder makes the stores’ snapshot first', async () => {
    const source = path.join(dir, 'Công văn');
    await mkdir(source, { recursive: true });
    await writeFile(path.join(source, 'Báo cáo.txt'), 'Báo cáo tháng 12.');
    assert.ok((await api.backups.setFolders({ folders: [source] })).ok);
    const done = await job(await api.backups.run({ target: 'usb' }));
    assert.ok(done.ok && done.value.kind === 'run', JSON.stringify(done));
    assert.equal(done.value.result.snapshots, 2);
    const entries = (await backupAudit()).slice(-3);
    assert.deepEqual(entries.map((entry) => [entry.kind, entry.details['count'] ?? null, entry.details['file'] ?? null]), [
      ['backup.started', 2, null],
      ['backup.created', 3, APP_STORES_PATH],
      ['backup.created', 1, source],
    ]);
    const run = entries[0]?.details['run'];
    assert.match(String(run), /^[0-9a-f-]{36}$/);
    assert.ok(entries.every((entry) => entry.details['run'] === run));
  });

  it('a run cancelled while the stores are being backed up leaves no copy behind, makes no snapshot, and is audited failed with its run id', async () => {
    const before = await api.backups.snapshots({ target: 'usb' });
    assert.ok(before.ok);
    const aborted = new AbortController();
    let copies: string[] = [];
    await assert.rejects(
      core.services.backups.run('usb', 'manual', {
        signal: aborted.signal,
        progress: () => {
          if (aborted.signal.aborted) return;
          // The first progress of the run is the stores' pre-scan: the copy folder exists then.
          copies = readdirSync(dataDir).filter((name) => name.startsWith('airlock-store-copy-'));
          aborted.abort();
        },
      }),
      (error: unknown) => (error as { code?: string }).code === 'backup.cancelled',
    );
    assert.equal(copies.length, 1, 'the copy existed while the run was under way');
    assert.deepEqual(await copyFolders(), [], 'and is removed after the cancel');
    const afterCancel = await api.backups.snapshots({ target: 'usb' });
    assert.ok(afterCancel.ok);
    assert.deepEqual(afterCancel.value.map((snapshot) => snapshot.id), before.value.map((snapshot) => snapshot.id));
    const [started, failed] = (await backupAudit()).slice(-2);
    assert.deepEqual([started?.kind, failed?.kind, failed?.result, failed?.details['code']], ['backup.started', 'backup.failed', 'refused', 'backup.cancelled']);
    assert.equal(failed?.details['run'], started?.details['run']);
  });
});
