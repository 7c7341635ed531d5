import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, open, truncate, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { BackupFormatError } from '../../../electron/core/backup/backup-format-error.js';
import { BackupCancelledError, type BackupProgress } from '../../../electron/core/backup/backup-progress.js';
import { backupFolder } from '../../../electron/core/backup/backup-run.js';
import { BackupTargetError, type RangeReader } from '../../../electron/core/backup/backup-target.js';
import { packName } from '../../../electron/core/backup/pack.js';
import { openRepository, type Repository } from '../../../electron/core/backup/repository.js';
import { RestoreFileError, restoreSnapshot } from '../../../electron/core/backup/restore.js';
import { backupFailure } from '../../../electron/core/backup/backup-service.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import { decodeTree } from '../../../electron/core/backup/tree.js';
import { describeTree, generateTree } from '../../support/backup-tree.js';
import { testHolder as holder, testSigner as signer, initTestRepository } from '../../support/backup/software-keys.js';

// A restore from a local folder with worker threads: each file is written on a thread that reads
// the blobs from the pack files itself (file-restore-worker.ts). Real files, a real folder
// repository, real threads; the keys are the container vectors' committed SOFTWARE test keys.
const BIG = 'lưu trữ.bin'; // 2.6 MB, two or more blobs

/** Files this process holds open under `folder` (the worker threads' too: one process). */
async function openUnder(folder: string): Promise<string[]> {
  const links = await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return links.filter((link) => link.startsWith(`${folder}/`));
}

describe('restore on worker threads from a local folder', () => {
  let dir = '';
  let repository: Repository;
  let snapshot = '';
  const tree = () => path.join(dir, 'tree');
  const repo = () => path.join(dir, 'repo');
  /** A copy of the repository to damage, opened. */
  const copyOf = async (name: string): Promise<Repository> => {
    await cp(repo(), path.join(dir, name), { recursive: true });
    return openRepository(new FolderTarget(path.join(dir, name)), holder('recipient-rsa'));
  };
  /** Where the blobs of BIG lie (the largest data blobs of the tree). */
  const bigBlob = async (of: Repository) => {
    const { blobs } = await of.loadIndex();
    const data = [...blobs.values()].filter((location) => location.type === 'data').sort((a, b) => b.length - a.length);
    return data[0] as (typeof data)[number];
  };

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-rworkers-'));
    repository = await initTestRepository(repo());
    await generateTree(tree());
    ({ snapshot } = await backupFolder(repository, tree(), signer, { packSize: 256 * 1024 }));
  });
  after(async () => {
    repository.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('restores byte for byte (contents, duplicates, empty files, symlinks, NFD names, modes, times) with the file data read on the threads only, progress to the totals, no pack left open', async () => {
    let rangedData = 0;
    let opened = 0;
    class Watched extends FolderTarget {
      override getRange(name: string, offset: number, length: number): Promise<Buffer> {
        if (name.startsWith('data/')) rangedData++;
        return super.getRange(name, offset, length);
      }
      override openRanges(name: string): Promise<RangeReader> {
        opened++;
        return super.openRanges(name);
      }
    }
    const watched = await openRepository(new Watched(repo()), holder('recipient-rsa'));
    const seen: BackupProgress[] = [];
    try {
      await restoreSnapshot(watched, snapshot, path.join(dir, 'restored'), { workers: 2, onProgress: (p) => seen.push(p) });
    } finally {
      watched.close();
    }
    assert.deepEqual(await describeTree(path.join(dir, 'restored')), await describeTree(tree()));
    // The main thread reads only the trees (one per folder: 5); the files' blobs (more than 60) are read on the threads.
    assert.ok(rangedData <= 5, `${rangedData} ranged reads of packs on the main thread`);
    assert.equal(opened, 0, 'no pack opened for reading on the main thread');
    const [listed] = await repository.snapshots();
    const last = seen.at(-1);
    assert.deepEqual([last?.phase, last?.done, last?.bytes, last?.totalBytes], ['finishing', listed?.body.files, listed?.body.bytes, listed?.body.bytes]);
    assert.deepEqual(await openUnder(repo()), [], 'the threads closed every pack');
  });

  it('a duplicated file is copied from the first one restored: its blobs are handed to a thread once, both files whole with their own modes and times', async () => {
    let asked = 0;
    class Watched extends FolderTarget {
      override localFile(name: string): string {
        if (name.startsWith('data/')) asked++;
        return super.localFile(name);
      }
    }
    const watched = await openRepository(new Watched(repo()), holder('recipient-rsa'));
    try {
      await restoreSnapshot(watched, snapshot, path.join(dir, 'one-copy'), { workers: 2, paths: ['ảnh/bản sao.png'] });
      const blobsOfOne = asked;
      assert.ok(blobsOfOne >= 1);
      asked = 0;
      await restoreSnapshot(watched, snapshot, path.join(dir, 'both-copies'), { workers: 2, paths: ['ảnh'] });
      assert.equal(asked, blobsOfOne, 'the second file of the same content is not read from the packs');
    } finally {
      watched.close();
    }
    const original = await describeTree(path.join(tree(), 'ảnh'));
    assert.deepEqual(await describeTree(path.join(dir, 'both-copies', 'ảnh')), original);
    assert.equal(original.size, 2);
    assert.deepEqual(await openUnder(path.join(dir, 'both-copies')), [], 'the kept first file is closed');
  });

  it('a damaged blob fails the restore with sealBroken naming its pack; the bytes before it are whole, none of the damaged blob is written', async () => {
    const damaged = await copyOf('repo-damaged');
    try {
      const location = await bigBlob(damaged);
      const failed = await describeTree(tree());
      const file = path.join(dir, 'repo-damaged', ...packName(location.pack).split('/'));
      const handle = await open(file, 'r+');
      const byte = Buffer.alloc(1);
      await handle.read(byte, 0, 1, location.offset + Math.floor(location.length / 2));
      byte[0] = (byte[0] as number) ^ 0x01;
      await handle.write(byte, 0, 1, location.offset + Math.floor(location.length / 2));
      await handle.close();
      await assert.rejects(restoreSnapshot(damaged, snapshot, path.join(dir, 'restored-damaged'), { workers: 2 }), (failure: unknown) => {
        assert.ok(failure instanceof RestoreFileError && failed.has(failure.file), String(failure)); // the first file that needs the pack
        const error = failure.cause;
        assert.ok(error instanceof BackupFormatError, String(error));
        assert.equal(error.problem, 'sealBroken');
        assert.equal(error.object, packName(location.pack));
        return true;
      });
      assert.deepEqual(await openUnder(path.join(dir, 'repo-damaged')), []);
    } finally {
      damaged.close();
    }
    // Whatever was written is the start of its original: a damaged blob is never written.
    const original = await describeTree(tree());
    for (const [name, description] of await describeTree(path.join(dir, 'restored-damaged'))) {
      if (!description.startsWith('file')) continue;
      const [restored, source] = [await readFile(path.join(dir, 'restored-damaged', name)), await readFile(path.join(tree(), name))];
      assert.ok(source.subarray(0, restored.length).equals(restored), `${name} holds only its original's first bytes`);
      assert.ok(original.has(name));
    }
  });

  it('a missing pack fails with the target error `missing` naming the pack', async () => {
    const broken = await copyOf('repo-missing');
    try {
      const location = await bigBlob(broken);
      const failed = await describeTree(tree());
      await rm(path.join(dir, 'repo-missing', ...packName(location.pack).split('/')));
      await assert.rejects(restoreSnapshot(broken, snapshot, path.join(dir, 'restored-missing'), { workers: 2 }), (failure: unknown) => {
        assert.ok(failure instanceof RestoreFileError && failed.has(failure.file), String(failure)); // the first file that needs the pack
        const error = failure.cause;
        assert.ok(error instanceof BackupTargetError, String(error));
        assert.equal(error.code, 'missing');
        assert.equal(error.object, packName(location.pack));
        return true;
      });
    } finally {
      broken.close();
    }
  });

  it('a file that already exists in the destination is refused (EEXIST) and left as it was', async () => {
    const destination = path.join(dir, 'restored-existing');
    await restoreSnapshot(repository, snapshot, destination, { workers: 2, paths: ['Công văn đến'] });
    await writeFile(path.join(destination, BIG), 'đã có từ trước\n');
    await assert.rejects(restoreSnapshot(repository, snapshot, destination, { workers: 2, paths: [BIG] }), (error: NodeJS.ErrnoException) => error.code === 'EEXIST');
    assert.equal(await readFile(path.join(destination, BIG), 'utf8'), 'đã có từ trước\n');
  });

  it('a duplicated file whose first copy cannot be created (its path too long in the destination, ENAMETOOLONG) fails the restore naming it, without the second copy waiting for it forever', { timeout: 60_000 }, async () => {
    // Real paths near Linux's PATH_MAX (4096): the folders fit in both places, the first file's name
    // (first in byte order) only in the source; its twin, a short name, fits in both.
    const source = path.join(dir, 'deep');
    const folder = path.join(source, ...Array.from({ length: 15 }, (_, index) => `${index}`.padEnd(240, 'd')));
    const longName = 'a'.repeat(150);
    await mkdir(folder, { recursive: true });
    const content = Buffer.alloc(900_000, 7);
    await writeFile(path.join(folder, longName), content);
    await writeFile(path.join(folder, 'b'), content);
    const deepRepository = await initTestRepository(path.join(dir, 'repo-deep'));
    try {
      const made = await backupFolder(deepRepository, source, signer);
      // The destination's path is longer than the source's by about 460 bytes (two names of ≤ 255).
      const longer = 4096 - Buffer.byteLength(path.join(folder, 'b')) + Buffer.byteLength(source) - Buffer.byteLength(dir) - 20;
      const destination = path.join(dir, 'x'.repeat(200), 'y'.repeat(longer - 202));
      assert.ok(longer - 202 > 0 && longer - 202 < 256);
      assert.ok(Buffer.byteLength(path.join(destination, path.relative(source, folder), longName)) >= 4096, 'the first copy does not fit');
      assert.ok(Buffer.byteLength(path.join(destination, path.relative(source, folder), 'b')) < 4096, 'its twin does');
      await assert.rejects(restoreSnapshot(deepRepository, made.snapshot, destination, { workers: 2 }), (error: unknown) => {
        const cause = error instanceof RestoreFileError ? (error.cause as NodeJS.ErrnoException | undefined) : (error as NodeJS.ErrnoException);
        return cause?.code === 'ENAMETOOLONG';
      });
      assert.deepEqual(await openUnder(destination), [], 'nothing left open');
    } finally {
      deepRepository.close();
    }
  });

  it('a cancel while a file is on a thread stops the thread before its next blob and removes that file; files restored before it are whole', async () => {
    // The abort comes as the main thread hands BIG to a thread (it asks where BIG's large blobs
    // lie: no other file has a blob over 600 kB before it in name order), so the thread has the
    // file made and is told to stop before it writes a blob.
    const controller = new AbortController();
    let handedOver = 0;
    class Watched extends FolderTarget {
      override localFile(name: string): string {
        const file = super.localFile(name);
        if (name.startsWith('data/') && readFileSync(file).length > 600_000 && handedOver++ === 0) controller.abort();
        return file;
      }
    }
    const watched = await openRepository(new Watched(repo()), holder('recipient-rsa'));
    const partial = path.join(dir, 'partial');
    try {
      await assert.rejects(restoreSnapshot(watched, snapshot, partial, { workers: 2, signal: controller.signal }), BackupCancelledError);
    } finally {
      watched.close();
    }
    assert.ok(handedOver > 0, 'BIG was handed to a thread');
    const original = await describeTree(tree());
    const restored = await describeTree(partial);
    assert.equal(restored.has(BIG), false, 'the file being written is removed');
    const files = [...restored].filter(([, d]) => d.startsWith('file'));
    // 52 files come before BIG in name order; up to 5 of them (3 files per thread are under way at
    // once, across folders) can still be on a thread at the cancel, and are removed like BIG.
    assert.ok(files.length >= 52 - 5, `the files before it are restored: ${files.length}`);
    for (const [name, description] of files) assert.equal(description, original.get(name), `${name} is whole`);
    assert.deepEqual(await repository.target.list('locks/'), []);
    assert.deepEqual(await openUnder(repo()), []);
  });

  /** After a failed restore into `into`: every file there is whole (as in the tree), `failed` is not there at all. */
  const onlyWholeFiles = async (into: string, failed: string) => {
    const original = await describeTree(tree());
    const restored = await describeTree(into);
    assert.equal(restored.has(failed), false, `${failed}, half written, is removed`);
    const files = [...restored].filter(([, d]) => d.startsWith('file'));
    for (const [name, description] of files) assert.equal(description, original.get(name), `${name} is whole`);
    return files.length;
  };

  it('a pack cut short under the last blob of a file fails the restore naming that file and the pack; the half-written file is removed, the other files are whole', async () => {
    const cut = await copyOf('repo-cut');
    const into = path.join(dir, 'restored-cut');
    try {
      // BIG's last blob (its first ones are written before the thread reaches it): a real read that comes up short.
      const { blobs } = await cut.loadIndex();
      const root = (await cut.snapshot(snapshot)).tree;
      const nodes = decodeTree(await cut.readBlob(root, blobs.get(root) as NonNullable<ReturnType<typeof blobs.get>>), 'root');
      const big = nodes.find((node) => node.name === BIG);
      // Two or more blobs (the cuts depend on the repository's random chunker key).
      assert.ok(big?.type === 'file' && big.content.length >= 2, `${BIG} has several blobs`);
      const last = blobs.get(big.content.at(-1) as string);
      assert.ok(last !== undefined, 'its last blob is indexed');
      await truncate(path.join(dir, 'repo-cut', ...packName(last.pack).split('/')), last.offset + 10);
      await assert.rejects(restoreSnapshot(cut, snapshot, into, { workers: 2 }), (error: unknown) => {
        assert.ok(error instanceof RestoreFileError, String(error));
        assert.equal(error.file, BIG);
        assert.match(error.message, /lưu trữ\.bin/);
        assert.ok(error.cause instanceof BackupTargetError, String(error.cause));
        assert.deepEqual([error.cause.code, error.cause.object], ['short', packName(last.pack)]);
        // The user is told what its cause says (the backup place is damaged), with the file named.
        const said = backupFailure(error);
        assert.ok(said instanceof DomainError && said.code === 'backup.targetDamaged', String(said));
        assert.equal(said.details?.path, BIG);
        return true;
      });
      assert.deepEqual(await openUnder(path.join(dir, 'repo-cut')), []);
    } finally {
      cut.close();
    }
    assert.ok((await onlyWholeFiles(into, BIG)) >= 1, 'other files are restored');
  });

  it('worker threads that end while a file is handed to them fail the restore naming a file that failed, without hanging; the files being written are removed, the files restored before are whole', async () => {
    // The threads are ended for real (Worker.terminate, as an out-of-memory or a crash ends one), at
    // the moment the main thread hands BIG over (it asks where BIG's large blobs lie, as above).
    const threads: Worker[] = [];
    const started = (worker: Worker) => void threads.push(worker);
    process.on('worker', started);
    let handedOver = 0;
    class Watched extends FolderTarget {
      override localFile(name: string): string {
        const file = super.localFile(name);
        if (name.startsWith('data/') && readFileSync(file).length > 600_000 && handedOver++ === 0) for (const thread of threads) void thread.terminate();
        return file;
      }
    }
    const watched = await openRepository(new Watched(repo()), holder('recipient-rsa'));
    const into = path.join(dir, 'restored-ended');
    let failed = '';
    try {
      await assert.rejects(restoreSnapshot(watched, snapshot, into, { workers: 2 }), (error: unknown) => {
        // BIG, or a file the walk handed over after it (they fail too: no thread is left).
        assert.ok(error instanceof RestoreFileError, String(error));
        failed = error.file;
        assert.ok(error.message.includes(failed), error.message);
        assert.match(String(error.cause), /a blob worker ended with code 1/);
        const said = backupFailure(error);
        assert.ok(said instanceof DomainError && said.code === 'backup.restoreFileFailed', String(said));
        assert.equal(said.details?.path, failed);
        return true;
      });
    } finally {
      process.off('worker', started);
      watched.close();
    }
    assert.equal(threads.length, 2);
    assert.ok(handedOver > 0, 'BIG was handed to a thread');
    assert.ok((await describeTree(tree())).has(failed), failed);
    // The files under way when the threads ended (BIG and up to 5 others: 3 a thread, as in the cancel above) fail with them.
    const whole = await onlyWholeFiles(into, failed);
    assert.ok(whole >= 52 - 5, `the files before it are restored: ${whole}`);
    assert.equal((await describeTree(into)).has(BIG), false, 'BIG, on an ended thread, is removed');
    assert.deepEqual(await repository.target.list('locks/'), []);
    assert.deepEqual(await openUnder(repo()), []);
  });
});
