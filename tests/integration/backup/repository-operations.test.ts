import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { appendFile, chmod, mkdir, readFile, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { AuditInput } from '../../../electron/core/audit/audit-entry.js';
import { BackupFormatError } from '../../../electron/core/backup/backup-format-error.js';
import { BackupCancelledError, type BackupProgress } from '../../../electron/core/backup/backup-progress.js';
import { backupFolder } from '../../../electron/core/backup/backup-run.js';
import { blobIdOf, sealBlob } from '../../../electron/core/backup/blob-codec.js';
import { forgetSnapshots } from '../../../electron/core/backup/forget.js';
import { buildIndexFile, indexName } from '../../../electron/core/backup/index-file.js';
import { buildPack, packName } from '../../../electron/core/backup/pack.js';
import { pruneRepository } from '../../../electron/core/backup/prune.js';
import { checkRepository } from '../../../electron/core/backup/repository-check.js';
import type { Repository } from '../../../electron/core/backup/repository.js';
import { restoreDrill } from '../../../electron/core/backup/restore-drill.js';
import { restoreSnapshot } from '../../../electron/core/backup/restore.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import { describeTree, generateTree } from '../../support/backup-tree.js';
import { tokenRepository } from '../../support/backup/token-repository.js';
import { teardownAfterSuite } from '../../support/teardown.js';

// Issue #16 item 3 (check with data, forget, prune, restore drill) on real files, with the
// repository opened and snapshots signed on a real SoftHSM token (the recovery holder a software
// stand-in, as in repository.test.ts).

// A report's counts, without its times.
const counts = (step: BackupProgress | undefined) => (step === undefined ? undefined : { phase: step.phase, done: step.done, total: step.total, bytes: step.bytes, totalBytes: step.totalBytes });
const dataSize = async (target: FolderTarget) => (await target.list('data/')).reduce((sum, entry) => sum + entry.size, 0);

describe('repository operations: check with data, forget, prune, restore drill (SoftHSM token)', () => {
  const teardown = teardownAfterSuite();
  let dir: string;
  let user: TokenKeyHolder;
  let target: FolderTarget;
  let repository: Repository;
  const audit: AuditInput[] = [];
  const tree = () => path.join(dir, 'tree');

  before(async () => {
    ({ dir, user, target, repository } = await tokenRepository(teardown, 'airlock-bops-', (root) => new FolderTarget(root)));
    await generateTree(tree());
  });

  it('check with data opens every blob; the parts 1/3, 2/3, 3/3 open each pack exactly once; progress counts packs and bytes from the listing', async () => {
    await backupFolder(repository, tree(), user.signer, { packSize: 512 * 1024 });
    const packs = await target.list('data/');
    assert.ok(packs.length >= 4, `several packs: ${packs.length}`);
    const progress: BackupProgress[] = [];
    const all = await checkRepository(repository, { readData: 'all' }, { onProgress: (step) => progress.push(step) });
    assert.deepEqual(all.problems, []);
    assert.equal(all.dataPacks, packs.length);
    const threaded = await checkRepository(repository, { readData: 'all', workers: 2 });
    assert.deepEqual({ ...threaded, problems: [...threaded.problems] }, { ...all, problems: [] }, 'worker threads open the same blobs, find the same');
    const packSteps = progress.filter((step) => step.phase === 'packs');
    assert.deepEqual(counts(packSteps.at(-1)), { phase: 'packs', done: packs.length, total: packs.length, bytes: await dataSize(target), totalBytes: await dataSize(target) });
    const parts = [];
    for (let subset = 1; subset <= 3; subset++) parts.push((await checkRepository(repository, { readData: { subset, of: 3 } })).dataPacks);
    assert.equal(parts.reduce((sum, count) => sum + count, 0), packs.length, `${parts.join(' + ')}`);
    assert.equal((await checkRepository(repository)).dataPacks, 0, 'the structure check alone opens no blob');
    await assert.rejects(checkRepository(repository, { readData: { subset: 4, of: 3 } }), RangeError);
    assert.deepEqual(await target.list('locks/'), []);
  });

  it('a data check cancelled after its first pack stops with the same BackupCancelledError as a backup, and leaves no lock behind', async () => {
    const controller = new AbortController();
    const seen: BackupProgress[] = [];
    const cancelled = checkRepository(repository, { readData: 'all' }, {
      signal: controller.signal,
      onProgress: (step) => {
        seen.push(step);
        if (step.phase === 'packs' && step.done === 1) controller.abort();
      },
    });
    await assert.rejects(cancelled, BackupCancelledError);
    assert.equal(seen.filter((step) => step.phase === 'packs').at(-1)?.done, 1, 'nothing read after the cancel');
    assert.deepEqual(await target.list('locks/'), []);
  });

  it('a pack whose hash and header are right but whose blob is not what its id says passes the structure check and fails the data check, naming the pack', async () => {
    const keys = repository.current;
    const chunk = randomBytes(3000);
    const wrongId = blobIdOf(keys, Buffer.from('something else'));
    const pack = buildPack(keys, [{ type: 'data', id: wrongId, sealed: await sealBlob(keys, 'data', wrongId, chunk) }]);
    await target.put(packName(pack.id), pack.parts);
    const index = buildIndexFile(keys, [{ pack: pack.id, generation: keys.generation, entries: pack.entries }]);
    await target.put(indexName(index.id), index.bytes);
    assert.deepEqual((await checkRepository(repository)).problems, [], 'the structure is sound');
    // On this thread and on worker threads (the problem crosses back with its kind, pack and detail).
    for (const workers of [0, 2]) {
      const { problems, dataPacks } = await checkRepository(repository, { readData: 'all', workers });
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0]?.object, packName(pack.id));
      assert.equal(problems[0]?.problem, 'malformed');
      assert.match(problems[0]?.detail ?? '', new RegExp(`${wrongId.toString('hex')} does not match its id`));
      assert.equal(dataPacks, (await target.list('data/')).length, `${workers} threads`);
    }
    await target.remove(indexName(index.id));
    await target.remove(packName(pack.id));
    assert.deepEqual((await checkRepository(repository, { readData: 'all' })).problems, []);
  });

  it('a flipped byte in the blob area of a pack, in an index or in a snapshot is named by check with data', async () => {
    for (const prefix of ['data/', 'index/', 'snapshots/']) {
      const [victim] = (await target.list(prefix)).sort((a, b) => a.name.localeCompare(b.name));
      assert.ok(victim !== undefined);
      const file = path.join(target.root, victim.name);
      const original = await readFile(file);
      const damaged = Buffer.from(original);
      const at = 10 + Math.floor(Math.random() * Math.min(original.length - 10, 4096));
      damaged.writeUInt8((damaged[at] ?? 0) ^ 0x80, at);
      await writeFile(file, damaged);
      const { problems } = await checkRepository(repository, { readData: 'all' });
      assert.ok(problems.some((problem) => problem.object === victim.name), `${victim.name} byte ${at}: ${JSON.stringify(problems)}`);
      await writeFile(file, original);
    }
    assert.deepEqual((await checkRepository(repository, { readData: 'all' })).problems, []);
  });

  let kept: string[] = [];
  let forgotten: string[] = [];

  it('forget keeps the last 2 snapshots and removes the others under the exclusive lock; a damaged snapshot is never removed; a policy that keeps nothing is refused', async () => {
    const big = path.join(tree(), 'lưu trữ.bin');
    for (let round = 0; round < 3; round++) {
      await writeFile(big, randomBytes(2600 * 1024)); // a new big file each time: the old one's chunks become unused
      await appendFile(path.join(tree(), 'Công văn đến', 'công-văn-3.txt'), `\nbổ sung ${round}\n`);
      await backupFolder(repository, tree(), user.signer, { packSize: 512 * 1024 });
    }
    const before = await repository.snapshots();
    assert.equal(before.length, 4);
    await assert.rejects(forgetSnapshots(repository, {}), (error) => error instanceof DomainError && error.code === 'backup.retentionPolicyEmpty');
    const dry = await forgetSnapshots(repository, { last: 2 }, { dryRun: true });
    assert.equal(dry.removed.length, 2);
    assert.equal((await repository.snapshots()).length, 4, 'a dry run removes nothing');

    const release = await repository.lock(false);
    await assert.rejects(forgetSnapshots(repository, { last: 2 }), /locked/, 'not while another operation holds a lock');
    await release();

    const report = await forgetSnapshots(repository, { last: 2 }, { audit: (event) => void audit.push(event) });
    kept = report.kept.map((snapshot) => snapshot.id);
    forgotten = report.removed.map((snapshot) => snapshot.id);
    assert.deepEqual(kept, before.slice(2).map((snapshot) => snapshot.id).reverse());
    assert.deepEqual(report.kept.map((snapshot) => snapshot.reasons), [['last'], ['last']]);
    assert.deepEqual(new Set(forgotten), new Set(before.slice(0, 2).map((snapshot) => snapshot.id)));
    assert.deepEqual((await repository.snapshots()).map((snapshot) => snapshot.id).sort(), [...kept].sort());
    assert.deepEqual(audit.at(-1), { kind: 'backup.forgotten', result: 'ok', details: { count: 2 } });
    assert.deepEqual((await target.list('locks/')), [], 'the lock is gone');

    const [victim] = kept;
    const file = path.join(target.root, 'snapshots', victim ?? '');
    const original = await readFile(file);
    await writeFile(file, Buffer.concat([original.subarray(0, 20), Buffer.from([(original[20] ?? 0) ^ 1]), original.subarray(21)]));
    const withDamage = await forgetSnapshots(repository, { last: 1 }, { dryRun: true });
    assert.deepEqual(withDamage.unreadable, [{ id: victim, problem: 'hashMismatch' }]);
    assert.ok(!withDamage.removed.some((snapshot) => snapshot.id === victim));
    await writeFile(file, original);
  });

  it('prune removes the forgotten snapshots\' data and repacks, never a blob a kept snapshot needs: both kept snapshots restore byte for byte, check with data is clean', async () => {
    const restoredBefore = [];
    for (const id of kept) {
      await restoreSnapshot(repository, id, path.join(dir, `before-${id.slice(0, 8)}`));
      restoredBefore.push(await describeTree(path.join(dir, `before-${id.slice(0, 8)}`)));
    }
    const sizeBefore = await dataSize(target);
    const dry = await pruneRepository(repository, { repackUnused: 0, dryRun: true });
    assert.equal(await dataSize(target), sizeBefore, 'a dry run changes nothing');
    const progress: BackupProgress[] = [];
    const report = await pruneRepository(repository, { repackUnused: 0, packSize: 512 * 1024, audit: (event) => void audit.push(event) }, { onProgress: (step) => progress.push(step) });
    assert.equal(report.snapshots, 2);
    assert.ok(report.unusedBlobs >= 4, `the two old big files' chunks: ${report.unusedBlobs}`);
    assert.ok(report.packsRemoved >= 2, `${report.packsRemoved}`);
    assert.equal(report.bytesAfter, await dataSize(target));
    assert.ok(report.bytesAfter < sizeBefore - 2 * 2600 * 1024, `reclaimed ${sizeBefore - report.bytesAfter} of ${sizeBefore}`);
    assert.deepEqual([dry.packsRemoved, dry.packsRepacked, dry.unusedBlobs, dry.usedBlobs], [report.packsRemoved, report.packsRepacked, report.unusedBlobs, report.usedBlobs], 'the dry run said what prune did');
    assert.equal((await target.list('index/')).length, 1, 'one index file names every pack');
    assert.deepEqual(audit.at(-1)?.kind, 'backup.pruned');
    assert.ok(progress.some((step) => step.phase === 'snapshots' && step.done === 2 && step.total === 2));
    const check = await checkRepository(repository, { readData: 'all' });
    assert.deepEqual(check.problems, []);
    assert.deepEqual(check.unindexedPacks, []);
    for (const [i, id] of kept.entries()) {
      await restoreSnapshot(repository, id, path.join(dir, `after-${id.slice(0, 8)}`));
      assert.deepEqual(await describeTree(path.join(dir, `after-${id.slice(0, 8)}`)), restoredBefore[i], `snapshot ${id} restores as before`);
    }
    const again = await pruneRepository(repository, { repackUnused: 0 });
    assert.equal(again.packsRemoved + again.packsWritten, 0, 'a second prune finds nothing to do');
  });

  it('the restore drill writes no plaintext anywhere: mid-drill and after, no file under the temporary folder, the working folder, the repository or the test folder (besides the source) holds the source\'s words', async () => {
    const sentinel = `mật-${randomBytes(16).toString('hex')}`;
    const source = path.join(dir, 'nguồn mật');
    await mkdir(path.join(source, 'hồ sơ'), { recursive: true });
    await writeFile(path.join(source, 'hồ sơ', 'tờ trình.txt'), `Tài liệu mật: ${sentinel}\n`);
    // Several chunks, the words in more than one of them.
    await writeFile(path.join(source, 'lưu trữ.bin'), Buffer.concat([Buffer.from(sentinel), randomBytes(2 * 1024 * 1024), Buffer.from(sentinel), randomBytes(1024 * 1024)]));
    const { snapshot } = await backupFolder(repository, source, user.signer);
    const temporary = path.join(dir, 'tmp-trống');
    const working = path.join(dir, 'cwd-trống');
    await mkdir(temporary);
    await mkdir(working);
    const holding = (): string[] => {
      const found = new Set<string>();
      const walk = (folder: string): void => {
        for (const entry of readdirSync(folder, { withFileTypes: true })) {
          const full = path.join(folder, entry.name);
          if (full === source) continue;
          if (entry.isDirectory()) walk(full);
          else if (entry.isFile() && readFileSync(full).includes(sentinel)) found.add(full);
        }
      };
      for (const area of [temporary, working, target.root, dir]) walk(area);
      return [...found];
    };
    const seen: string[][] = [];
    const saved = { tmp: process.env.TMPDIR, cwd: process.cwd() };
    process.env.TMPDIR = temporary;
    process.chdir(working);
    try {
      assert.equal(tmpdir(), temporary);
      const report = await restoreDrill(repository, snapshot, source, { onProgress: () => void seen.push(holding()) });
      assert.deepEqual(report.differences, []);
      assert.equal(report.files, 2);
    } finally {
      process.chdir(saved.cwd);
      if (saved.tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved.tmp;
    }
    seen.push(holding());
    assert.ok(seen.length >= 3, `looked ${seen.length} times`);
    assert.deepEqual(seen.filter((found) => found.length > 0), [], 'plaintext of the source on disk');
  });

  it('the restore drill compares the snapshot with its live folder: no difference, nothing written, progress counts files and bytes', async () => {
    const before = await describeTree(tree());
    const progress: BackupProgress[] = [];
    const report = await restoreDrill(repository, kept[0] ?? '', tree(), { onProgress: (step) => progress.push(step) });
    assert.deepEqual(report.differences, []);
    assert.ok(report.files > 50 && report.symlinks === 2 && report.directories === 4, JSON.stringify(report));
    assert.deepEqual(await describeTree(tree()), before, 'the live folder is only read');
    assert.deepEqual(counts(progress.at(-1)), { phase: 'compare', done: report.files, total: report.files, bytes: report.bytes, totalBytes: report.bytes });
    assert.deepEqual(await target.list('locks/'), []);
    await assert.rejects(restoreDrill(repository, kept[0] ?? '', path.join(dir, 'không có')), (error) => error instanceof DomainError && error.code === 'backup.drillSourceMissing');
  });

  it('a cancelled drill stops with BackupCancelledError after its first file and leaves no lock', async () => {
    const controller = new AbortController();
    const seen: BackupProgress[] = [];
    const drill = restoreDrill(repository, kept[0] ?? '', tree(), {
      signal: controller.signal,
      onProgress: (step) => {
        seen.push(step);
        if (step.done === 1) controller.abort();
      },
    });
    await assert.rejects(drill, BackupCancelledError);
    assert.equal(seen.at(-1)?.done, 1, 'nothing compared after the cancel');
    assert.deepEqual(await target.list('locks/'), []);
  });

  it('the restore drill names each kind of difference with the live folder: content, size, type, mode, missing, extra, link target, times', async () => {
    const folder = tree();
    const letter = path.join(folder, 'Công văn đến', 'công-văn-5.txt');
    const bytes = await readFile(letter);
    bytes.writeUInt8((bytes[3] ?? 0) ^ 1, 3);
    await writeFile(letter, bytes);
    await appendFile(path.join(folder, 'Công văn đến', 'công-văn-6.txt'), 'thêm một dòng\n');
    await chmod(path.join(folder, 'chạy.sh'), 0o755);
    await unlink(path.join(folder, 'rỗng.txt'));
    await writeFile(path.join(folder, 'lạ.txt'), 'không có trong bản sao lưu');
    await unlink(path.join(folder, 'liên kết'));
    await symlink('chỗ khác', path.join(folder, 'liên kết'));
    const nfd = path.join(folder, 'Nguye\u0302\u0303n.txt');
    await unlink(nfd);
    await mkdir(nfd);
    const report = await restoreDrill(repository, kept[0] ?? '', folder);
    const found = report.differences.map((difference) => `${difference.kind} ${difference.path}`).sort();
    assert.deepEqual(
      found,
      [
        'content Công văn đến/công-văn-5.txt',
        'mtime Công văn đến/công-văn-5.txt',
        'size Công văn đến/công-văn-6.txt',
        'mtime Công văn đến/công-văn-6.txt',
        'mode chạy.sh',
        'missing rỗng.txt',
        'extra lạ.txt',
        'target liên kết',
        'mtime liên kết',
        'type Nguye\u0302\u0303n.txt',
      ].sort(),
    );
    assert.deepEqual(report.differences.find((difference) => difference.kind === 'type'), { path: 'Nguye\u0302\u0303n.txt', kind: 'type', expected: 'file', found: 'dir' });
  });

  it('the drill opens every blob of the snapshot even where the live data is gone: against an empty folder with a byte flipped inside each data blob, it stops with the format error naming a pack instead of reporting "missing" only', async () => {
    const { blobs } = await repository.loadIndex();
    const treePacks = new Set([...blobs.values()].filter((location) => location.type === 'tree').map((location) => location.pack));
    // Only packs that hold no tree blob are touched: the snapshot's trees still read, so only opening the data can fail.
    const victims = [...blobs.values()].filter((location) => location.type === 'data' && !treePacks.has(location.pack));
    assert.ok(victims.length > 0, 'data blobs in packs of their own');
    const originals = new Map<string, Buffer>();
    for (const location of victims) {
      const file = path.join(target.root, packName(location.pack));
      const bytes = originals.has(file) ? await readFile(file) : await readFile(file).then((read) => (originals.set(file, Buffer.from(read)), read));
      const at = location.offset + Math.floor(location.length / 2);
      bytes.writeUInt8((bytes[at] ?? 0) ^ 0x01, at);
      await writeFile(file, bytes);
    }
    const empty = path.join(dir, 'thư mục trống');
    await mkdir(empty);
    try {
      await assert.rejects(restoreDrill(repository, kept[0] ?? '', empty), (error) => error instanceof BackupFormatError && [...originals.keys()].some((file) => file.endsWith(error.object)));
    } finally {
      for (const [file, bytes] of originals) await writeFile(file, bytes);
    }
    const report = await restoreDrill(repository, kept[0] ?? '', empty);
    assert.ok(report.differences.length > 0 && report.differences.every((difference) => difference.kind === 'missing'), JSON.stringify(report.differences.slice(0, 3)));
  });
});
