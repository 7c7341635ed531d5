import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BackupCancelledError, PhaseProgress, ProgressMeter, scanFolder, type BackupProgress } from '../../../electron/core/backup/backup-progress.js';
import type { RangeReader } from '../../../electron/core/backup/backup-target.js';
import { backupFolder } from '../../../electron/core/backup/backup-run.js';
import { checkRepository } from '../../../electron/core/backup/repository-check.js';
import { openRepository, type Repository } from '../../../electron/core/backup/repository.js';
import { restoreDrill } from '../../../electron/core/backup/restore-drill.js';
import { restoreSnapshot } from '../../../electron/core/backup/restore.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import { progressPercent } from '../../../shared/domain/backup-progress.js';
import { describeTree, generateTree } from '../../support/backup-tree.js';
import { testHolder as holder, testSigner as signer, initTestRepository } from '../../support/backup/software-keys.js';

// Progress, ETA and cancelling of backup and restore on real files and a real folder repository.
// The keys are the container vectors' committed SOFTWARE test keys: the subject is the pipeline,
// not the token (the integration tests use the SoftHSM token).
const PACK = 256 * 1024;

describe('ProgressMeter', () => {
  it('reports done/total and an ETA from the rate so far, and never more than 100% when a file grew', () => {
    let now = 0;
    const seen: BackupProgress[] = [];
    const meter = new ProgressMeter({ files: 4, bytes: 1000 }, (p) => seen.push(p), () => now);
    now = 500;
    meter.advance(1, 100);
    assert.equal(seen.at(-1)?.etaMs, undefined, 'no ETA from half a second of work');
    now = 2000;
    meter.advance(1, 400);
    assert.deepEqual(seen.at(-1), { phase: 'working', done: 2, total: 4, bytes: 500, totalBytes: 1000, elapsedMs: 2000, etaMs: 2000 });
    now = 2050;
    meter.advance(0, 10);
    assert.equal(seen.length, 2, 'calls closer than 100 ms are dropped');
    now = 3000;
    meter.advance(3, 900);
    assert.deepEqual(seen.at(-1), { phase: 'working', done: 5, total: 5, bytes: 1410, totalBytes: 1410, elapsedMs: 3000, etaMs: 0 });
  });
});

describe('PhaseProgress (check, forget, prune, drill): the same shape as a backup', () => {
  it('reports every step in the one BackupProgress shape, the ETA from bytes when the phase counts them, else from steps; an aborted signal stops after the step', () => {
    let now = 0;
    const seen: BackupProgress[] = [];
    const packs = new PhaseProgress({ onProgress: (p) => seen.push(p) }, 'packs', 4, 1000, () => now);
    assert.deepEqual(seen.at(-1), { phase: 'packs', done: 0, total: 4, bytes: 0, totalBytes: 1000, elapsedMs: 0 });
    now = 2000;
    packs.step(250);
    assert.deepEqual(seen.at(-1), { phase: 'packs', done: 1, total: 4, bytes: 250, totalBytes: 1000, elapsedMs: 2000, etaMs: 6000 });
    assert.equal(progressPercent(seen.at(-1) as BackupProgress), 25);
    now = 0;
    const controller = new AbortController();
    const snapshots = new PhaseProgress({ onProgress: (p) => seen.push(p), signal: controller.signal }, 'snapshots', 10, undefined, () => now);
    now = 1000;
    snapshots.step();
    snapshots.step();
    assert.deepEqual(seen.at(-1), { phase: 'snapshots', done: 2, total: 10, bytes: 0, totalBytes: 0, elapsedMs: 1000, etaMs: 4000 });
    assert.equal(progressPercent(seen.at(-1) as BackupProgress), 20);
    controller.abort();
    assert.throws(() => snapshots.step(), BackupCancelledError);
    assert.equal(seen.at(-1)?.done, 3, 'the step is reported, then the cancel thrown');
  });
});

describe('backup and restore: progress from a pre-scan, cancelling, resuming', () => {
  let dir: string;
  let repository: Repository;
  const tree = () => path.join(dir, 'tree');

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-bprogress-'));
    repository = await initTestRepository(path.join(dir, 'repo'));
    await generateTree(tree());
  });
  after(async () => {
    repository.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a cancelled backup throws BackupCancelledError, writes no snapshot, leaves a clean repository with its packs indexed; the re-run reuses them and restores exactly', async () => {
    const controller = new AbortController();
    let packs = 0;
    const cancelled = backupFolder(repository, tree(), signer, { packSize: PACK, signal: controller.signal, onPackWritten: () => ++packs === 3 && controller.abort() });
    await assert.rejects(cancelled, BackupCancelledError);
    assert.deepEqual(await repository.snapshots(), []);
    assert.deepEqual(await repository.target.list('locks/'), [], 'the lock is released');
    const report = await checkRepository(repository);
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.unindexedPacks, [], 'the packs written before the cancel are indexed');
    const stored = (await repository.loadIndex()).blobs.size;
    assert.ok(stored >= 3, `blobs kept: ${stored}`);

    const { snapshot, stats } = await backupFolder(repository, tree(), signer, { packSize: PACK });
    assert.ok(stats.reusedBlobs >= stored, `the re-run reuses the ${stored} blobs the cancelled run stored (reused ${stats.reusedBlobs})`);
    await restoreSnapshot(repository, snapshot, path.join(dir, 'restored'));
    assert.deepEqual(await describeTree(path.join(dir, 'restored')), await describeTree(tree()));
  });

  it('a cancel that comes after the last chunk was taken, while the packs are still written, cancels too: no snapshot, the packs indexed', async () => {
    // One small file (one chunk) and a pack per blob: its pack is written only after the folder is
    // walked (when the tree blob fills the next pack), so every chunk was taken before the abort.
    // Before the check after the last pack, this run finished and wrote a snapshot (a flaky
    // blob-workers-chunking test under load: the threads took every chunk before the first pack).
    const late = path.join(dir, 'late');
    await mkdir(late);
    await writeFile(path.join(late, 'một tệp.bin'), randomBytes(100 * 1024));
    const controller = new AbortController();
    const before = (await repository.snapshots()).length;
    const cancelled = backupFolder(repository, late, signer, { workers: 0, packSize: 1, signal: controller.signal, onPackWritten: () => controller.abort() });
    await assert.rejects(cancelled, BackupCancelledError);
    assert.equal((await repository.snapshots()).length, before, 'no snapshot');
    const report = await checkRepository(repository);
    assert.deepEqual([report.problems, report.unindexedPacks], [[], []], 'the packs written are indexed');
  });

  it('backup progress: scanning first, then totals equal to the folder from the first working report, done = total at the end', async () => {
    await writeFile(path.join(tree(), 'thêm.txt'), 'một tệp mới\n');
    const totals = await scanFolder(tree());
    assert.ok(totals.files > 50 && totals.bytes > 5_000_000, JSON.stringify(totals));
    const seen: BackupProgress[] = [];
    await backupFolder(repository, tree(), signer, { packSize: PACK, onProgress: (p) => seen.push(p) });
    assert.equal(seen[0]?.phase, 'scanning');
    const working = seen.filter((p) => p.phase === 'working');
    assert.ok(working.length > 0);
    for (const p of working) assert.deepEqual([p.total, p.totalBytes], [totals.files, totals.bytes]);
    for (let i = 1; i < working.length; i++) assert.ok((working[i]?.bytes ?? 0) >= (working[i - 1]?.bytes ?? 0), 'bytes never go back');
    const last = seen.at(-1);
    assert.equal(last?.phase, 'finishing');
    assert.deepEqual([last?.done, last?.bytes], [totals.files, totals.bytes]);
  });

  it('restore progress has the snapshot’s totals; a cancelled restore removes the file it was writing and leaves whole files only', async () => {
    const [latest] = (await repository.snapshots()).slice(-1);
    assert.ok(latest !== undefined);
    const seen: BackupProgress[] = [];
    await restoreSnapshot(repository, latest.id, path.join(dir, 'full'), { onProgress: (p) => seen.push(p) });
    assert.deepEqual([seen.at(-1)?.done, seen.at(-1)?.bytes, seen.at(-1)?.total, seen.at(-1)?.totalBytes], [latest.body.files, latest.body.bytes, latest.body.files, latest.body.bytes]);

    // Cancelled while 'lưu trữ.bin' (2.6 MB, three blobs) is being written: the folder target is the
    // real one, its reads watched so the abort comes when the pack run holding its first blob is read
    // (a restore reads a run at its first blob; no other run is over 600 kB: the packs are small, the
    // text files small, the pictures come after it in name order).
    const controller = new AbortController();
    class Watched extends FolderTarget {
      override getRange(name: string, offset: number, length: number): Promise<Buffer> {
        if (length > 600_000) controller.abort();
        return super.getRange(name, offset, length);
      }
      // A local restore reads through one open file per pack (openRanges): watched the same way.
      override async openRanges(name: string): Promise<RangeReader> {
        const reader = await super.openRanges(name);
        return {
          read: (offset, length) => {
            if (length > 600_000) controller.abort();
            return reader.read(offset, length);
          },
          close: () => reader.close(),
        };
      }
    }
    const watched = await openRepository(new Watched(path.join(dir, 'repo')), holder('recipient-rsa'));
    const partial = path.join(dir, 'partial');
    try {
      await assert.rejects(restoreSnapshot(watched, latest.id, partial, { signal: controller.signal }), BackupCancelledError);
    } finally {
      watched.close();
    }
    const original = await describeTree(tree());
    const restored = await describeTree(partial);
    assert.equal(restored.has('lưu trữ.bin'), false, 'the file being written is removed');
    const files = [...restored].filter(([, d]) => d.startsWith('file'));
    assert.ok(files.length >= 50, `the files before it are restored: ${files.length}`);
    for (const [name, description] of files) assert.equal(description, original.get(name), `${name} is whole`);
    assert.deepEqual(await repository.target.list('locks/'), []);
  });

  it('the restore drill: scanning with the snapshot’s totals first, then compare blob by blob inside a large file; a cancel stops at the next blob of that file', async () => {
    const big = path.join(dir, 'lớn');
    await mkdir(big);
    await writeFile(path.join(big, 'nhỏ.txt'), 'một tệp nhỏ\n');
    await writeFile(path.join(big, 'ảnh lớn.bin'), randomBytes(16 * 1024 * 1024));
    const totals = await scanFolder(big);
    const { snapshot } = await backupFolder(repository, big, signer, { packSize: PACK });
    const seen: BackupProgress[] = [];
    const report = await restoreDrill(repository, snapshot, big, { onProgress: (p) => seen.push(p) });
    assert.deepEqual(report.differences, []);
    const firstCompare = seen.findIndex((p) => p.phase === 'compare');
    assert.ok(firstCompare > 0, 'the pre-scan reports first');
    assert.ok(seen.slice(0, firstCompare).every((p) => p.phase === 'scanning' && p.done === 0 && p.etaMs === undefined));
    assert.deepEqual([seen[firstCompare - 1]?.total, seen[firstCompare - 1]?.totalBytes], [totals.files, totals.bytes], 'the pre-scan ends with the totals');
    const compare = seen.slice(firstCompare);
    assert.ok(compare.every((p) => p.phase === 'compare' && p.total === totals.files && p.totalBytes === totals.bytes));
    const inside = compare.filter((p) => p.bytes > 100 && p.bytes < totals.bytes && p.done === 1);
    assert.ok(inside.length >= 2, `reports while the large file is compared, blob by blob: ${JSON.stringify(compare.map((p) => [p.done, p.bytes]))}`);
    for (let i = 1; i < compare.length; i++) assert.ok((compare[i]?.bytes ?? 0) >= (compare[i - 1]?.bytes ?? 0), 'bytes never go back');
    assert.deepEqual([compare.at(-1)?.done, compare.at(-1)?.bytes], [totals.files, totals.bytes]);

    // Cancelled after the large file's first blob (the tree is in byte order: nhỏ.txt, then ảnh lớn.bin): nothing more of it is read.
    const controller = new AbortController();
    const cancelledAt: BackupProgress[] = [];
    await assert.rejects(
      restoreDrill(repository, snapshot, big, {
        signal: controller.signal,
        onProgress: (p) => {
          cancelledAt.push(p);
          if (p.phase === 'compare' && p.bytes > 1000) controller.abort();
        },
      }),
      BackupCancelledError,
    );
    const last = cancelledAt.at(-1);
    assert.ok(last !== undefined && last.done === 1 && last.bytes > 1000 && last.bytes <= 8 * 1024 * 1024 + 100, `stopped inside the large file, after one blob: ${JSON.stringify(last)}`);
    assert.deepEqual(await repository.target.list('locks/'), []);
  });
});
