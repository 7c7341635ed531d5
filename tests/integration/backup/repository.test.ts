import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { AuditInput } from '../../../electron/core/audit/audit-entry.js';
import { BackupFormatError } from '../../../electron/core/backup/backup-format-error.js';
import { backupFolder } from '../../../electron/core/backup/backup-run.js';
import { keyedChunks } from '../../../electron/core/backup/keyed-chunker.js';
import { sha256Hex } from '../../../electron/core/backup/pack.js';
import { checkRepository } from '../../../electron/core/backup/repository-check.js';
import { initRepository, openRepository, type Repository } from '../../../electron/core/backup/repository.js';
import { restoreSnapshot } from '../../../electron/core/backup/restore.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import { describeTree, generateTree } from '../../support/backup-tree.js';
import { createSoftHsmToken } from '../../support/softhsm-token.js';
import { softwareRecipient, type SoftwareRecipient } from '../../support/software-recipient.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { startedTokenCore, unlockedKeyHolders } from '../../support/token-core.js';

// Issue #16 items 1–2 on real files and a real SoftHSM token: the user's key (RSA) unwraps and
// signs on the token. The organisation's recovery key is a SOFTWARE stand-in (its private key is
// kept offline by the organisation, never on an official's token).

const problemOf = (error: unknown) => (error instanceof BackupFormatError ? `${error.problem} ${error.object}` : `other: ${String(error)}`);

describe('backup repository: init, backup, restore, incremental, check, key holders (SoftHSM token)', () => {
  const teardown = teardownAfterSuite();
  let dir: string;
  let user: TokenKeyHolder;
  let otherKey: TokenKeyHolder;
  let recovery: SoftwareRecipient;
  let target: FolderTarget;
  let repository: Repository;
  const audit: AuditInput[] = [];
  const record = (event: AuditInput) => void audit.push(event);

  before(async () => {
    dir = await teardown.tempDir('airlock-brepo-');
    const token = await teardown.fixture(createSoftHsmToken());
    const started = await startedTokenCore(token, path.join(dir, 'data'));
    teardown.defer(() => started.core.stop());
    ({ rsa: user, ec: otherKey } = await unlockedKeyHolders(started.core, token));
    recovery = await softwareRecipient('rsa', 'Recovery stand-in');
    target = new FolderTarget(path.join(dir, 'repo'));
    await initRepository(target, [{ certificateDer: user.certificateDer, role: 'user' }, { certificateDer: recovery.certificateDer, role: 'recovery' }], record);
    repository = await openRepository(target, user);
    teardown.defer(() => repository.close());
    await generateTree(path.join(dir, 'tree'));
  });

  let first: string;

  it('restores a generated tree byte for byte: contents, duplicates, empty files, symlinks, Vietnamese (NFC and NFD) names, modes and times', async () => {
    const { snapshot, stats } = await backupFolder(repository, path.join(dir, 'tree'), user.signer);
    first = snapshot;
    assert.ok(stats.reusedBlobs >= 1, 'the duplicate picture is stored once');
    await restoreSnapshot(repository, snapshot, path.join(dir, 'restored'));
    const [original, restored] = [await describeTree(path.join(dir, 'tree')), await describeTree(path.join(dir, 'restored'))];
    assert.ok(original.size > 50 && [...original.keys()].some((name) => name.normalize('NFC') !== name), 'the tree holds an NFD name');
    assert.deepEqual([...restored.keys()], [...original.keys()]);
    for (const [name, description] of original) assert.equal(restored.get(name), description, name);
    // On a remote target (each read a request) each pack run is read once whatever number of files it
    // feeds: ranged reads are at most one per tree blob and one per pack, far fewer than the files'
    // blobs. (The folder target itself reads blob by blob: cheaper locally, see restore-reads.ts.)
    let ranged = 0;
    class Counted extends FolderTarget {
      readonly readsAreRequests = true;
      override getRange(name: string, offset: number, length: number): Promise<Buffer> {
        ranged++;
        return super.getRange(name, offset, length);
      }
    }
    const counted = await openRepository(new Counted(path.join(dir, 'repo')), user);
    try {
      await restoreSnapshot(counted, snapshot, path.join(dir, 'restored-counted'));
    } finally {
      counted.close();
    }
    assert.deepEqual(await describeTree(path.join(dir, 'restored-counted')), restored);
    const folders = 1 + [...original.values()].filter((description) => description.startsWith('dir')).length;
    const packs = (await target.list('data/')).length;
    assert.ok(ranged <= folders + packs && ranged < stats.newDataBlobs, `${ranged} ranged reads for ${folders} trees, ${packs} packs, ${stats.newDataBlobs} data blobs`);
    const report = await checkRepository(repository);
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.unindexedPacks, []);
    const [listed] = await repository.snapshots();
    assert.equal(listed?.id, snapshot);
    assert.equal(sha256Hex(Buffer.from(listed?.body.certificate ?? '', 'base64')), sha256Hex(user.certificateDer), 'signed by the token key');
  });

  it('an incremental backup after edits stores only the new chunks, and both snapshots restore', async () => {
    const unchanged = await backupFolder(repository, path.join(dir, 'tree'), user.signer);
    assert.equal(unchanged.stats.newBlobs, 0, 'an unchanged tree stores nothing but its snapshot');
    const big = path.join(dir, 'tree', 'lưu trữ.bin');
    const bytes = await readFile(big);
    bytes.writeUInt8((bytes.at(-1000) ?? 0) ^ 0xff, bytes.length - 1000); // the last chunk changes
    await writeFile(big, bytes);
    await appendFile(path.join(dir, 'tree', 'Công văn đến', 'công-văn-7.txt'), '\nBổ sung.\n');
    await writeFile(path.join(dir, 'tree', 'mới.txt'), 'tệp mới\n');
    const sizeBefore = (await target.list('data/')).reduce((sum, entry) => sum + entry.size, 0);
    const edited = await backupFolder(repository, path.join(dir, 'tree'), user.signer);
    assert.equal(edited.stats.newDataBlobs, 3, 'the big file\'s last chunk, the edited letter and the new file');
    assert.equal(edited.stats.newBlobs - edited.stats.newDataBlobs, 2, 'two trees changed: the root and "Công văn đến"');
    // The repository's keyed chunker decides where the big file's last chunk starts (its key is new
    // each run, so a 2.5 MiB file is now and then one chunk): what is new is that chunk and the two
    // small files' and trees' few bytes, never the chunks before it.
    const chunks: number[] = [];
    for await (const chunk of keyedChunks(createReadStream(big), repository.current.chunker)) chunks.push(chunk.length);
    const lastChunk = chunks.at(-1) ?? 0;
    assert.ok(edited.stats.newBytes >= lastChunk && edited.stats.newBytes <= lastChunk + 64 * 1024, `only the changed chunk (${lastChunk} of ${chunks.join(', ')}): ${edited.stats.newBytes}`);
    const grown = (await target.list('data/')).reduce((sum, entry) => sum + entry.size, 0) - sizeBefore;
    // Sealing, Padmé padding and the pack's header and padding on top of the new bytes.
    assert.ok(grown <= 1.25 * edited.stats.newBytes + 256 * 1024, `the repository grew by ${grown} for ${edited.stats.newBytes} new bytes`);
    await restoreSnapshot(repository, edited.snapshot, path.join(dir, 'restored-2'));
    assert.deepEqual(await describeTree(path.join(dir, 'restored-2')), await describeTree(path.join(dir, 'tree')));
    await restoreSnapshot(repository, first, path.join(dir, 'restored-1'));
    assert.deepEqual(await describeTree(path.join(dir, 'restored-1')), await describeTree(path.join(dir, 'restored')));
    assert.deepEqual((await checkRepository(repository)).problems, []);
  });

  it('a flipped byte in a pack, an index file or a snapshot is found by check, naming the file; the repository is put back after each', async () => {
    for (const prefix of ['data/', 'index/', 'snapshots/', 'keys/']) {
      const [victim] = (await target.list(prefix)).sort((a, b) => a.name.localeCompare(b.name));
      assert.ok(victim !== undefined, prefix);
      const file = path.join(target.root, victim.name);
      const original = await readFile(file);
      for (const at of [0, 12, Math.floor(original.length / 2), original.length - 1]) {
        const damaged = Buffer.from(original);
        damaged.writeUInt8((damaged[at] ?? 0) ^ 0x01, at);
        await writeFile(file, damaged);
        const { problems } = await checkRepository(repository);
        assert.ok(problems.length > 0 && problems.every((problem) => problem.object === victim.name || (prefix === 'data/' && /^(index|snapshots)\//.test(problem.object))), `${victim.name} byte ${at}: ${JSON.stringify(problems)}`);
        assert.ok(problems.some((problem) => problem.object === victim.name), `${victim.name} byte ${at} is named`);
      }
      await writeFile(file, original);
    }
    assert.deepEqual((await checkRepository(repository)).problems, []);
  });

  it('opens with the recovery certificate, not with a token key that holds no key file; holders added and removed are audited; a re-key keeps old snapshots readable', async () => {
    await assert.rejects(openRepository(target, otherKey), (error) => problemOf(error) === 'notHolder keys/');
    const byRecovery = await openRepository(target, recovery);
    assert.equal((await byRecovery.snapshots()).length, 3);
    byRecovery.close();

    const added = await repository.addHolder({ certificateDer: otherKey.certificateDer, role: 'user' }, record);
    const second = await openRepository(target, otherKey);
    assert.equal((await second.snapshots()).length, 3, 'a new holder reads everything: nothing was re-encrypted');
    second.close();
    await repository.removeHolder(added, record);
    await assert.rejects(openRepository(target, otherKey), (error) => problemOf(error) === 'notHolder keys/');
    await assert.rejects(repository.removeHolder(sha256Hex(recovery.certificateDer), record), (error) => problemOf(error).startsWith('holderRequired'));
    assert.deepEqual(
      audit.map((event) => [event.kind, event.details?.['fingerprint'] ?? event.details?.['count']]),
      [
        ['backup.initialised', 2],
        ['backup.holderAdded', added],
        ['backup.holderRemoved', added],
      ],
    );

    const generation = await repository.rekey(record);
    assert.equal(generation, 2);
    const afterRekey = await backupFolder(repository, path.join(dir, 'tree'), user.signer);
    assert.ok(afterRekey.stats.newDataBlobs > 10, 'new data under the new key: stored again');
    const reopened = await openRepository(target, recovery);
    await restoreSnapshot(reopened, first, path.join(dir, 'restored-after-rekey'));
    assert.deepEqual(await describeTree(path.join(dir, 'restored-after-rekey')), await describeTree(path.join(dir, 'restored')));
    reopened.close();
    assert.deepEqual((await checkRepository(repository)).problems, []);
    assert.equal(audit.at(-1)?.kind, 'backup.rekeyed');
  });
});
