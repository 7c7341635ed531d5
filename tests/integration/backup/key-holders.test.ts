// Issue #16 item 2 on a real SoftHSM token: key holders listed, added and removed without
// re-encrypting data, a re-key for new data, and what a removed holder who kept the master key can
// and cannot read (docs/backup-repository.md "Keys"). The user's key is the token's RSA key, the
// added holder the token's EC key (its own key file, unwrapped on the token like a colleague's
// token would). The organisation's recovery key is a SOFTWARE stand-in, as in repository.test.ts.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { AuditInput } from '../../../electron/core/audit/audit-entry.js';
import { BackupFormatError } from '../../../electron/core/backup/backup-format-error.js';
import { backupFolder } from '../../../electron/core/backup/backup-run.js';
import { blobIdOf, openBlob } from '../../../electron/core/backup/blob-codec.js';
import { sha256Hex } from '../../../electron/core/backup/pack.js';
import { checkRepository } from '../../../electron/core/backup/repository-check.js';
import { generationKeys } from '../../../electron/core/backup/repository-keys.js';
import { initRepository, openRepository, Repository } from '../../../electron/core/backup/repository.js';
import { restoreSnapshot } from '../../../electron/core/backup/restore.js';
import { decodeTree } from '../../../electron/core/backup/tree.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import { describeTree, generateTree } from '../../support/backup-tree.js';
import { createSoftHsmToken } from '../../support/softhsm-token.js';
import { softwareRecipient, type SoftwareRecipient } from '../../support/software-recipient.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { startedTokenCore, unlockedKeyHolders } from '../../support/token-core.js';

const problemOf = (error: unknown) => (error instanceof BackupFormatError ? error.problem : `other: ${String(error)}`);

describe('backup key holders: list, add, remove, re-key; a removed holder who kept the master key (SoftHSM token)', () => {
  const teardown = teardownAfterSuite();
  let dir: string;
  let user: TokenKeyHolder;
  let colleague: TokenKeyHolder;
  let recovery: SoftwareRecipient;
  let target: FolderTarget;
  let repository: Repository;
  const audit: AuditInput[] = [];
  const record = (event: AuditInput) => void audit.push(event);
  const fingerprint = (der: Uint8Array) => sha256Hex(Buffer.from(der));

  before(async () => {
    dir = await teardown.tempDir('airlock-bkeys-');
    const token = await teardown.fixture(createSoftHsmToken());
    const started = await startedTokenCore(token, path.join(dir, 'data'));
    teardown.defer(() => started.core.stop());
    ({ rsa: user, ec: colleague } = await unlockedKeyHolders(started.core, token));
    recovery = await softwareRecipient('rsa', 'Khoá khôi phục của cơ quan');
    target = new FolderTarget(path.join(dir, 'repo'));
    await initRepository(target, [{ certificateDer: user.certificateDer, role: 'user' }, { certificateDer: recovery.certificateDer, role: 'recovery' }], record);
    repository = await openRepository(target, user);
    teardown.defer(() => repository.close());
    await generateTree(path.join(dir, 'before'));
  });

  it('adds a holder by certificate, removes it, re-keys: the removed token no longer opens, its kept master key reads old data only, recovery reads all', async () => {
    const old = await backupFolder(repository, path.join(dir, 'before'), user.signer);
    const listed = await repository.holders();
    assert.deepEqual(
      listed.map((holder) => [holder.fingerprint, holder.role, holder.subject.includes('CN=')]).sort(),
      [[fingerprint(user.certificateDer), 'user', true], [fingerprint(recovery.certificateDer), 'recovery', true]].sort(),
    );
    assert.ok(listed.every((holder) => !Number.isNaN(Date.parse(holder.added))));

    // Added: a key file of its own; nothing re-encrypted (the same packs open under the same key).
    const dataBefore = (await target.list('data/')).map((item) => item.name).sort();
    const added = await repository.addHolder({ certificateDer: colleague.certificateDer, role: 'added' }, record);
    assert.deepEqual((await target.list('data/')).map((item) => item.name).sort(), dataBefore);
    await assert.rejects(repository.addHolder({ certificateDer: colleague.certificateDer, role: 'added' }, record), (error) => problemOf(error) === 'alreadyHolder');
    assert.equal((await repository.holders()).find((holder) => holder.fingerprint === added)?.role, 'added');

    // While a holder, the colleague opens on the token and could keep the master key: that is what it keeps.
    const asColleague = await openRepository(target, colleague);
    assert.equal((await asColleague.snapshots()).length, 1);
    const keptKey = Buffer.from(asColleague.allGenerations[0]?.masterKey ?? []);
    const keyFiles = await Promise.all((await target.list('keys/')).map(async ({ name }) => ({ name, bytes: await readFile(path.join(dir, 'repo', name)) })));
    const keptKeyFile = keyFiles.find(({ bytes }) => (JSON.parse(bytes.toString('utf8')) as { holder: string }).holder === added);
    assert.ok(keptKey.length === 32 && keptKeyFile !== undefined);
    asColleague.close();

    // Refusals: the recovery certificate the policy requires, then the last token holder.
    await assert.rejects(repository.removeHolder(fingerprint(recovery.certificateDer), record, [fingerprint(recovery.certificateDer)]), (error) => problemOf(error) === 'holderRequired');
    await assert.rejects(repository.removeHolder('00'.repeat(32), record), (error) => problemOf(error) === 'holderNotFound');
    await repository.removeHolder(added, record);
    await assert.rejects(repository.removeHolder(fingerprint(user.certificateDer), record), (error) => problemOf(error) === 'lastHolder');
    await assert.rejects(openRepository(target, colleague), (error) => problemOf(error) === 'notHolder', 'the removed token finds no key file of its own');
    assert.deepEqual((await target.list('locks/')).map((item) => item.name), [], 'every change released its exclusive lock');

    // Honest: the kept master key still reads everything written before (no re-encryption happened).
    const kept = new Repository(target, repository.config, [generationKeys(1, keptKey)]);
    await restoreSnapshot(kept, old.snapshot, path.join(dir, 'kept-reads-old'));
    assert.deepEqual(await describeTree(path.join(dir, 'kept-reads-old')), await describeTree(path.join(dir, 'before')));

    // Re-key, then a backup of new data.
    const indexBefore = new Set((await target.list('index/')).map((item) => item.name));
    assert.equal(await repository.rekey(record), 2);
    await assert.rejects(openRepository(target, colleague), (error) => problemOf(error) === 'notHolder');
    await generateTree(path.join(dir, 'after'));
    await writeFile(path.join(dir, 'after', 'mới sau khi đổi khoá.txt'), 'Dữ liệu viết sau khi đổi khoá.');
    const fresh = await backupFolder(repository, path.join(dir, 'after'), user.signer);

    // The kept key opens no part of the new snapshot: not the snapshot file, not its index, not one of its blobs.
    await assert.rejects(kept.snapshot(fresh.snapshot), (error) => problemOf(error) === 'sealBroken');
    const { blobs } = await repository.loadIndex();
    const newIndex = (await target.list('index/')).filter((item) => !indexBefore.has(item.name));
    assert.equal(newIndex.length, 1);
    const newBlobs = [...blobs].filter(([, location]) => location.generation === 2);
    assert.ok(newBlobs.length > 10, 'the new snapshot stored its data again, under generation 2');
    const posingAsNext = generationKeys(2, keptKey);
    for (const [id, location] of newBlobs) {
      await assert.rejects(kept.readBlob(id, location), (error) => problemOf(error) === 'sealBroken');
      const sealed = await target.getRange(`data/${location.pack.slice(0, 2)}/${location.pack}`, location.offset, location.length);
      await assert.rejects(openBlob(posingAsNext, location.type, Buffer.from(id, 'hex'), sealed, location.pack), (error) => problemOf(error) === 'sealBroken');
    }
    // Nor can it test whether a known file is in the new data: its blob-id key gives other ids.
    const knownText = Buffer.from('Dữ liệu viết sau khi đổi khoá.');
    assert.ok(blobs.has(blobIdOf(repository.current, knownText).toString('hex')));
    assert.ok(!blobs.has(blobIdOf(posingAsNext, knownText).toString('hex')));
    // The new snapshot reaches no generation-1 blob: nothing new is readable through old blobs.
    const reached = await reachedBlobs(repository, fresh.snapshot);
    assert.ok(reached.size > 10 && [...reached].every((id) => blobs.get(id)?.generation === 2));

    // A copy of the removed holder's old key file, put back, does not help: it holds generation 1 only.
    await writeFile(path.join(dir, 'repo', keptKeyFile.name), keptKeyFile.bytes);
    const reopened = await openRepository(target, colleague);
    assert.deepEqual(reopened.allGenerations.map((keys) => keys.generation), [1]);
    await assert.rejects(reopened.snapshot(fresh.snapshot), (error) => problemOf(error) === 'sealBroken');
    reopened.close();
    await target.remove(keptKeyFile.name);

    // An interrupted re-key leaves a holder its old key file beside the new one: the newer set opens.
    const userOld = keyFiles.find(({ bytes }) => (JSON.parse(bytes.toString('utf8')) as { holder: string }).holder === fingerprint(user.certificateDer));
    assert.ok(userOld !== undefined);
    await writeFile(path.join(dir, 'repo', userOld.name), userOld.bytes);
    // Whichever the target lists first (the names are content hashes: the order is chance).
    const reversed = Object.assign(Object.create(target) as FolderTarget, { list: async (prefix: string) => (await target.list(prefix)).reverse() });
    for (const listing of [target, reversed]) {
      const both = await openRepository(listing, user);
      assert.deepEqual(both.allGenerations.map((keys) => keys.generation), [1, 2]);
      both.close();
    }
    await target.remove(userOld.name);

    // The recovery certificate opens everything, old and new.
    const byRecovery = await openRepository(target, recovery);
    await restoreSnapshot(byRecovery, old.snapshot, path.join(dir, 'recovery-old'));
    await restoreSnapshot(byRecovery, fresh.snapshot, path.join(dir, 'recovery-new'));
    assert.deepEqual(await describeTree(path.join(dir, 'recovery-old')), await describeTree(path.join(dir, 'before')));
    assert.deepEqual(await describeTree(path.join(dir, 'recovery-new')), await describeTree(path.join(dir, 'after')));
    assert.deepEqual(byRecovery.allGenerations.map((keys) => keys.generation), [1, 2]);
    byRecovery.close();
    kept.close();

    // Roles and first-added dates survive the re-key; every change audited.
    assert.deepEqual((await repository.holders()).map((holder) => [holder.fingerprint, holder.role, holder.added]).sort(), listed.map((holder) => [holder.fingerprint, holder.role, holder.added]).sort());
    assert.deepEqual(
      audit.map((event) => [event.kind, event.details?.['fingerprint'] ?? event.details?.['generation'] ?? event.details?.['count'], event.details?.['role']]),
      [
        ['backup.initialised', 2, undefined],
        ['backup.holderAdded', added, 'added'],
        ['backup.holderRemoved', added, 'added'],
        ['backup.rekeyed', 2, undefined],
      ],
    );
    assert.deepEqual((await checkRepository(repository)).problems, []);
  });
});

/** Every blob id the snapshot's trees reach (trees and data). */
async function reachedBlobs(repository: Repository, snapshot: string): Promise<Set<string>> {
  const { blobs } = await repository.loadIndex();
  const reached = new Set<string>();
  const walk = async (tree: string): Promise<void> => {
    reached.add(tree);
    const location = blobs.get(tree);
    assert.ok(location !== undefined);
    for (const node of decodeTree(await repository.readBlob(tree, location), tree)) {
      if (node.type === 'dir') await walk(node.subtree);
      if (node.type === 'file') node.content.forEach((id) => reached.add(id));
    }
  };
  await walk((await repository.snapshot(snapshot)).tree);
  return reached;
}
