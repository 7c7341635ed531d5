import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BackupProgress } from '../../../electron/core/backup/backup-progress.js';
import { backupFolder } from '../../../electron/core/backup/backup-run.js';
import { checkRepository } from '../../../electron/core/backup/repository-check.js';
import type { Repository } from '../../../electron/core/backup/repository.js';
import { restoreSnapshot } from '../../../electron/core/backup/restore.js';
import { describeTree } from '../../support/backup-tree.js';
import { testSigner as signer, initTestRepository } from '../../support/backup/software-keys.js';

// The backup's walk does not wait at a folder's end for that folder's files: a large file of one
// folder is chunked on a worker thread while the next folder's files are read. Real files, a real
// folder repository; SOFTWARE test keys (the subject is the pipeline, not the token).
const BIG = 64 * 1024 * 1024;

describe('the backup walk goes on while files are read', () => {
  let dir: string;
  let repository: Repository;
  const tree = () => path.join(dir, 'tree');

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-bwalk-'));
    repository = await initTestRepository(path.join(dir, 'repo'));
    // "a" first in the walk: one large file (sparse: cheap to make and to store, ~0.5 s to chunk
    // on a thread), then "b" with small files and a folder of its own.
    await mkdir(path.join(tree(), 'a'), { recursive: true });
    await writeFile(path.join(tree(), 'a', 'lớn.bin'), '');
    await truncate(path.join(tree(), 'a', 'lớn.bin'), BIG);
    await mkdir(path.join(tree(), 'b', 'c'), { recursive: true });
    await writeFile(path.join(tree(), 'b', 'nhỏ 1'), randomBytes(100_000));
    await writeFile(path.join(tree(), 'b', 'c', 'nhỏ 2'), randomBytes(50_000));
  });
  after(async () => {
    repository.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("a later folder's small files are done before the earlier folder's large file is (one worker thread), and the snapshot checks clean and restores exactly", async () => {
    const seen: BackupProgress[] = [];
    const { snapshot, stats } = await backupFolder(repository, tree(), signer, { workers: 1, onProgress: (p) => seen.push({ ...p }) });
    assert.equal(stats.files, 3);
    const working = seen.filter((p) => p.phase === 'working');
    // Waiting at a/'s end (as before), no file is done until all of a/lớn.bin is: done ≥ 1 only with bytes ≥ BIG.
    assert.ok(
      working.some((p) => p.done >= 1 && p.bytes < BIG),
      `a small file of b/ counted before the large file of a/ ended: ${JSON.stringify(working.map((p) => [p.done, p.bytes]))}`,
    );
    const report = await checkRepository(repository, { readData: 'all' });
    assert.deepEqual(report.problems, []);
    await restoreSnapshot(repository, snapshot, path.join(dir, 'restored'));
    assert.deepEqual(await describeTree(path.join(dir, 'restored')), await describeTree(tree()));
  });
});
