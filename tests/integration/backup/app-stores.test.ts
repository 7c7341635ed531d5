import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { APP_STORES_PATH, backupAppStores } from '../../../electron/core/backup/app-stores.js';
import { checkRepository } from '../../../electron/core/backup/repository-check.js';
import type { Repository } from '../../../electron/core/backup/repository.js';
import { restoreSnapshot } from '../../../electron/core/backup/restore.js';
import { openDatabase } from '../../../electron/core/store/database.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { testSigner as signer, initTestRepository } from '../../support/backup/software-keys.js';

// The app's stores through SQLite's online backup API while another process keeps writing to
// one of them (a real WAL store on disk, a real child process). SOFTWARE test keys: the subject
// is the copy's consistency, not the token.
const writer = path.resolve(import.meta.dirname, '../../support/backup/store-writer.ts');
const rowsOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return { rows: (db.prepare('SELECT count(*) AS n FROM rows').get() as { n: number }).n, count: (db.prepare('SELECT count FROM totals').get() as { count: number }).count, integrity: db.pragma('integrity_check', { simple: true }) };
  } finally {
    db.close();
  }
};

describe('backup of the app’s stores through SQLite’s online backup API', () => {
  const teardown = teardownAfterSuite();
  let dir: string;
  let repository: Repository;

  before(async () => {
    dir = await teardown.tempDir('airlock-bstores-');
    repository = await initTestRepository(path.join(dir, 'repo'));
    teardown.defer(() => repository.close());
  });

  it('copies a store another process is writing into a consistent state, in a private folder removed afterwards; it restores and opens', async () => {
    const live = path.join(dir, 'settings.db');
    openDatabase(live, [{ version: 1, name: 'test rows', up: (db) => db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, payload BLOB); CREATE TABLE totals (count INTEGER); INSERT INTO totals VALUES (0)') }]).close();
    const quiet = path.join(dir, 'audit.db');
    openDatabase(quiet, [{ version: 1, name: 'entries', up: (db) => db.exec("CREATE TABLE entries (kind TEXT); INSERT INTO entries VALUES ('backup.initialised')") }]).close();
    const child = teardown.process(spawn(process.execPath, ['--import', 'tsx', writer, live], { stdio: ['ignore', 'pipe', 'inherit'] }));
    let committed = 0;
    child.stdout?.on('data', (chunk: Buffer) => (committed = Number(chunk.toString().trim().split('\n').at(-1))));
    while (committed < 500) await new Promise((resolve) => setTimeout(resolve, 50));

    const scratch = path.join(dir, 'scratch');
    await mkdir(scratch);
    const seen: string[] = [];
    const before = committed;
    const { snapshot, stats } = await backupAppStores(repository, [{ file: live, name: 'settings.db' }, { file: quiet, name: 'audit.db' }], signer, {
      scratch,
      onProgress: () => {
        if (seen.length > 0) return;
        void (async () => {
          for (const folder of await readdir(scratch)) {
            seen.push(`${folder.replace(/-\w+$/, '')} ${((await stat(path.join(scratch, folder))).mode & 0o777).toString(8)}`);
            for (const file of (await readdir(path.join(scratch, folder))).sort()) seen.push(`${file} ${((await stat(path.join(scratch, folder, file))).mode & 0o777).toString(8)}`);
          }
        })();
      },
    });
    const after = committed;
    child.kill('SIGKILL');
    assert.ok(after > before, `the writer went on committing during the backup (${before} → ${after})`);
    assert.deepEqual(seen, ['airlock-store-copy 700', 'audit.db 600', 'settings.db 600'], 'a private folder, private files');
    assert.deepEqual(await readdir(scratch), [], 'the copy folder is removed');
    assert.equal(stats.files, 2);
    assert.deepEqual((await repository.snapshot(snapshot)).paths, [APP_STORES_PATH]);

    await restoreSnapshot(repository, snapshot, path.join(dir, 'restored'));
    const copy = rowsOf(path.join(dir, 'restored', 'settings.db'));
    assert.equal(copy.integrity, 'ok');
    assert.equal(copy.rows, copy.count, 'rows and their count from the same commit');
    assert.ok(copy.rows >= before && copy.rows <= after + 25, `a state between the start and the end of the backup: ${copy.rows} in ${before}..${after}`);
    assert.equal(rowsOf(path.join(dir, 'restored', 'settings.db')).rows > 0, true);
    const audit = new Database(path.join(dir, 'restored', 'audit.db'), { readonly: true });
    assert.deepEqual(audit.prepare('SELECT kind FROM entries').all(), [{ kind: 'backup.initialised' }]);
    audit.close();
    assert.deepEqual((await checkRepository(repository)).problems, []);
  });
});
