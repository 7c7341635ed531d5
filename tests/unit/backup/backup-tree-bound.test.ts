import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backupFolder } from '../../../electron/core/backup/backup-run.js';
import { checkRepository } from '../../../electron/core/backup/repository-check.js';
import type { Repository } from '../../../electron/core/backup/repository.js';
import { TREE_MAXIMUM } from '../../../electron/core/backup/tree.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import { translate } from '../../../renderer/src/i18n/catalog.js';
import { initTestRepository, testSigner as signer } from '../../support/backup/software-keys.js';

// The tree bound (TREE_MAXIMUM, 64 MiB: a reader refuses a larger tree) met by a real backup of a
// real folder, not only by encodeTree. Its cheapest honest form: a folder of symbolic links whose
// targets are long (a tree entry records the target, ~4 KB each), so about 16 500 entries pass
// 64 MiB — made in about a second, where files with long names would need ~200 000 entries.
// SOFTWARE test keys: the subject is the walk and the bound, not the token.
const SEGMENT = 'thư-mục-rất-dài/';
const TARGET = `/mnt/lưu trữ/${SEGMENT.repeat(Math.floor(3800 / Buffer.byteLength(SEGMENT)))}`; // under PATH_MAX (4096 bytes) in UTF-8

describe('a folder whose tree would be over the bound', () => {
  let dir = '';
  let repository: Repository;
  let earlier = '';
  const big = () => path.join(dir, 'nguồn', 'Hồ sơ liên kết');

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-treebound-'));
    repository = await initTestRepository(path.join(dir, 'repo'));
    await mkdir(big(), { recursive: true });
    await writeFile(path.join(dir, 'nguồn', 'công văn.txt'), 'Công văn số 12\n');
    ({ snapshot: earlier } = await backupFolder(repository, path.join(dir, 'nguồn'), signer));
    const entry = Buffer.byteLength(TARGET) + 120; // the target plus the name, mode and time around it
    const count = Math.ceil(TREE_MAXIMUM / entry) + 200;
    for (let i = 0; i < count; i += 500) await Promise.all(Array.from({ length: Math.min(500, count - i) }, (_, j) => symlink(`${TARGET}${i + j}`, path.join(big(), `liên kết ${i + j}`))));
  });
  after(async () => {
    repository.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is refused with backup.folderTooLarge naming that folder, in Vietnamese and English; no snapshot is made, the earlier one stays, the repository checks clean', async () => {
    await assert.rejects(backupFolder(repository, path.join(dir, 'nguồn'), signer), (error: unknown) => {
      assert.ok(error instanceof DomainError, String(error));
      assert.equal(error.code, 'backup.folderTooLarge');
      assert.equal(error.details?.path, big());
      // What the Backups screen shows: the message and the folder it names (BackupJobPanel).
      for (const language of ['vi', 'en'] as const) {
        const said = `${translate(language, 'error.backup.folderTooLarge')} ${translate(language, 'backups.failedAt', { path: error.details.path })}`;
        assert.ok(said.includes(big()), said);
        assert.match(said, language === 'vi' ? /quá nhiều mục/ : /too many entries/);
      }
      return true;
    });
    assert.deepEqual((await repository.snapshots()).map((snapshot) => snapshot.id), [earlier]);
    const report = await checkRepository(repository, { readData: 'all' });
    assert.deepEqual(report.problems, []);
    assert.equal(report.snapshots, 1);
  });
});
