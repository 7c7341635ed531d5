import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstat, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BackupFormatError } from '../../../electron/core/backup/backup-format-error.js';
import { backupFolder } from '../../../electron/core/backup/backup-run.js';
import { checkRepository } from '../../../electron/core/backup/repository-check.js';
import type { Repository } from '../../../electron/core/backup/repository.js';
import { RestoreFileError, restoreSnapshot } from '../../../electron/core/backup/restore.js';
import { decodeTree } from '../../../electron/core/backup/tree.js';
import { describeTree, generateTree } from '../../support/backup-tree.js';
import { testSigner as signer, initTestRepository } from '../../support/backup/software-keys.js';

// Incremental backups against the parent snapshot, and the worker threads that seal and open
// blobs, on real files and a real folder repository; SOFTWARE test keys (the subject is the pipeline).

describe('incremental backup by metadata, and blobs sealed and opened on worker threads', () => {
  let dir: string;
  let repository: Repository;
  const tree = () => path.join(dir, 'tree');

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-bincr-'));
    repository = await initTestRepository(path.join(dir, 'repo'));
    await generateTree(tree());
  });
  after(async () => {
    repository.close();
    await rm(dir, { recursive: true, force: true });
  });

  let first: string;

  it('on worker threads and on this thread a backup makes the same trees and blobs; the worker-sealed snapshot restores exactly on both', async () => {
    const threaded = await backupFolder(repository, tree(), signer, { workers: 2, parent: false });
    first = threaded.snapshot;
    assert.ok(threaded.stats.newDataBlobs > 10);
    const inline = await backupFolder(repository, tree(), signer, { workers: 0, parent: false });
    assert.equal(inline.stats.newBlobs, 0, 'every blob the threads sealed is the one this thread would have');
    assert.equal((await repository.snapshot(inline.snapshot)).tree, (await repository.snapshot(first)).tree);
    await restoreSnapshot(repository, first, path.join(dir, 'r-threads'), { workers: 2 });
    await restoreSnapshot(repository, first, path.join(dir, 'r-inline'), { workers: 0 });
    const original = await describeTree(tree());
    assert.deepEqual(await describeTree(path.join(dir, 'r-threads')), original);
    assert.deepEqual(await describeTree(path.join(dir, 'r-inline')), original);
  });

  it('takes unchanged files from the parent unread, and reads a file whose content changed under the same size and mtime (its ctime moved)', async () => {
    const same = await backupFolder(repository, tree(), signer);
    assert.equal(same.stats.parent !== undefined, true);
    assert.equal(same.stats.unchangedFiles, same.stats.files, 'nothing changed: no file read');
    assert.equal(same.stats.newBlobs, 0);

    // Same length, the old mtime put back: only ctime (which no one can set) tells.
    const sly = path.join(tree(), 'lưu trữ.bin');
    const { mtimeNs } = await lstat(sly, { bigint: true });
    const bytes = await readFile(sly);
    bytes[10] = (bytes[10] ?? 0) ^ 0xff;
    await writeFile(sly, bytes);
    // touch sets the nanoseconds exactly (utimes takes a double).
    execFileSync('touch', ['-m', '-d', `@${mtimeNs / 1_000_000_000n}.${(mtimeNs % 1_000_000_000n).toString().padStart(9, '0')}`, sly]);
    assert.equal((await lstat(sly, { bigint: true })).mtimeNs, mtimeNs);
    await writeFile(path.join(tree(), 'thêm.txt'), 'tệp thêm\n');
    const edited = await backupFolder(repository, tree(), signer);
    assert.equal(edited.stats.files - edited.stats.unchangedFiles, 2, 'the sly edit and the new file are read, nothing else');
    assert.equal(edited.stats.newDataBlobs, 2, 'the first chunk of the edited file and the new file');
    await restoreSnapshot(repository, edited.snapshot, path.join(dir, 'r-edited'));
    assert.deepEqual(await describeTree(path.join(dir, 'r-edited')), await describeTree(tree()));
    assert.deepEqual((await checkRepository(repository)).problems, []);

    const full = await backupFolder(repository, tree(), signer, { parent: false });
    assert.deepEqual([full.stats.unchangedFiles, full.stats.newBlobs, full.stats.parent], [0, 0, undefined], 'parent: false reads every file');
  });

  it('a damaged blob opened on a worker thread is named like on the main thread: the pack, as BackupFormatError', async () => {
    const { blobs } = await repository.loadIndex();
    // The second chunk of 'lưu trữ.bin' in the first snapshot.
    const root = (await repository.snapshot(first)).tree;
    const nodes = decodeTree(await repository.readBlob(root, blobs.get(root) ?? assert.fail('root tree')), 'root');
    const big = nodes.find((node) => node.name === 'lưu trữ.bin');
    const id = big?.type === 'file' ? big.content[1] : undefined;
    const location = blobs.get(id ?? '');
    assert.ok(location !== undefined);
    const file = path.join(dir, 'repo', 'data', location.pack.slice(0, 2), location.pack);
    const original = await readFile(file);
    const damaged = Buffer.from(original);
    damaged[location.offset + 100] = (damaged[location.offset + 100] ?? 0) ^ 1;
    await rm(file);
    await writeFile(file, damaged);
    try {
      for (const workers of [2, 0]) {
        await assert.rejects(
          restoreSnapshot(repository, first, path.join(dir, `r-damaged-${workers}`), { workers }),
          (failure) => {
            // The file that needs the blob, named, with the pack's problem as the cause — the same either way.
            assert.ok(failure instanceof RestoreFileError && failure.file === 'lưu trữ.bin', String(failure));
            const error = failure.cause;
            return error instanceof BackupFormatError && error.problem === 'sealBroken' && error.object === `data/${location.pack.slice(0, 2)}/${location.pack}`;
          },
        );
      }
    } finally {
      await rm(file);
      await writeFile(file, original);
    }
  });
});
