import assert from 'node:assert/strict';
import { cp, lstat, mkdtemp, readFile, readlink, rename, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { padme } from '../../../electron/core/backup/blob-codec.js';
import { BackupFormatError } from '../../../electron/core/backup/backup-format-error.js';
import { sha256Hex } from '../../../electron/core/backup/pack.js';
import { checkRepository } from '../../../electron/core/backup/repository-check.js';
import { openRepository } from '../../../electron/core/backup/repository.js';
import { generationKeys, keyCheckOf } from '../../../electron/core/backup/repository-keys.js';
import { restoreSnapshot } from '../../../electron/core/backup/restore.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import { VECTOR_KEY_ID, VECTOR_MASTER_KEY, VECTOR_TREE } from '../../vectors/backup/repository/inputs.js';
import { testCertificateDer as der, testHolder as holder } from '../../support/backup/software-keys.js';

// The committed repository (tests/vectors/backup/repository, docs/backup-repository.md "Vectors"),
// opened with the container vectors' committed SOFTWARE test keys: the subject is the format.
const here = new URL('../../vectors/backup/repository/', import.meta.url).pathname;
const vectors = JSON.parse(readFileSync(path.join(here, 'vectors.json'), 'utf8')) as {
  derived: Record<string, string>;
  padme: [number, number][];
  repository: { snapshot: string; files: string[]; sha256: Record<string, string> };
};
const problemOf = (error: unknown) => (error instanceof BackupFormatError ? `${error.problem} ${error.object}` : `other: ${String(error)}`);
const scratch: string[] = [];
after(() => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A copy of the vector repository to damage. */
async function copy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'airlock-brepo-vector-'));
  scratch.push(dir);
  await cp(path.join(here, 'repo'), path.join(dir, 'repo'), { recursive: true });
  return path.join(dir, 'repo');
}

describe('backup repository vectors (tests/vectors/backup/repository)', () => {
  it('derived keys, the key check and Padmé lengths', () => {
    const keys = generationKeys(1, VECTOR_MASTER_KEY);
    assert.deepEqual(
      { masterKey: VECTOR_MASTER_KEY.toString('hex'), repository: VECTOR_KEY_ID, sealKey: keys.sealKey.toString('hex'), checkKey: keys.checkKey.toString('hex'), keyCheck: keyCheckOf(keys, VECTOR_KEY_ID) },
      vectors.derived,
    );
    for (const [length, padded] of vectors.padme) assert.equal(padme(length), padded, `padme(${length})`);
  });

  it('the committed repository opens with the user and the recovery key, checks clean and restores the tree exactly', async () => {
    for (const name of vectors.repository.files) assert.equal(sha256Hex(await readFile(path.join(here, 'repo', name))), vectors.repository.sha256[name], name);
    for (const key of ['recipient-rsa', 'recipient-ec']) {
      const repository = await openRepository(new FolderTarget(path.join(here, 'repo')), holder(key));
      const snapshots = await repository.snapshots();
      assert.deepEqual(snapshots.map((snapshot) => snapshot.id), [vectors.repository.snapshot]);
      assert.equal(sha256Hex(Buffer.from(snapshots[0]?.body.certificate ?? '', 'base64')), sha256Hex(der('signer')), 'signed by the vectors\' signer');
      const report = await checkRepository(repository);
      assert.deepEqual(report.problems, []);
      const into = path.join(path.dirname(await copy()), 'restored');
      await restoreSnapshot(repository, vectors.repository.snapshot, into);
      for (const entry of VECTOR_TREE) {
        const full = path.join(into, entry.path);
        const info = await lstat(full, { bigint: true });
        assert.equal(info.mtimeNs / 1000n, BigInt(Math.round(entry.mtime * 1e6)), `${entry.path} time`);
        if (entry.type === 'file') {
          assert.equal((await readFile(full)).toString('base64'), entry.base64, entry.path);
          assert.equal(Number(info.mode & 0o7777n), entry.mode, `${entry.path} mode`);
        }
        if (entry.type === 'symlink') assert.equal(await readlink(full), entry.target);
      }
      repository.close();
    }
  });

  it('negative: a certificate with no key file; a flipped byte in each kind of file, named; a re-named damaged index or snapshot does not open', async () => {
    await assert.rejects(openRepository(new FolderTarget(path.join(here, 'repo')), holder('signer')), (error) => problemOf(error).startsWith('notHolder'));
    const kinds = ['data/', 'index/', 'snapshots/', 'keys/'];
    for (const kind of kinds) {
      const victim = vectors.repository.files.find((name) => name.startsWith(kind)) ?? '';
      const repo = await copy();
      const bytes = await readFile(path.join(repo, victim));
      bytes.writeUInt8((bytes[bytes.length >> 1] ?? 0) ^ 0x80, bytes.length >> 1);
      await writeFile(path.join(repo, victim), bytes);
      // A damaged key file locks out only its own holder: the other one opens and check names it.
      const repository = await openRepository(new FolderTarget(repo), holder('recipient-rsa')).catch(() => openRepository(new FolderTarget(repo), holder('recipient-ec')));
      const { problems } = await checkRepository(repository);
      assert.ok(problems.some((problem) => problem.object === victim && problem.problem === 'hashMismatch'), `${victim}: ${JSON.stringify(problems)}`);
      repository.close();
    }
    for (const kind of ['index/', 'snapshots/']) {
      const victim = vectors.repository.files.find((name) => name.startsWith(kind)) ?? '';
      const repo = await copy();
      const bytes = await readFile(path.join(repo, victim));
      bytes.writeUInt8((bytes[30] ?? 0) ^ 0x01, 30); // inside the sealed part
      const renamed = `${kind}${sha256Hex(bytes)}`;
      await writeFile(path.join(repo, victim), bytes);
      await rename(path.join(repo, victim), path.join(repo, renamed));
      const repository = await openRepository(new FolderTarget(repo), holder('recipient-rsa'));
      const { problems } = await checkRepository(repository);
      assert.ok(problems.some((problem) => problem.object === renamed && problem.problem === 'sealBroken'), `${renamed}: ${JSON.stringify(problems)}`);
      repository.close();
    }
    const repo = await copy();
    const config = JSON.parse(await readFile(path.join(repo, 'config'), 'utf8')) as { keyCheck: string };
    await writeFile(path.join(repo, 'config'), JSON.stringify({ ...config, keyCheck: '0'.repeat(64) }));
    await assert.rejects(openRepository(new FolderTarget(repo), holder('recipient-rsa')), (error) => problemOf(error).startsWith('keyCheckMismatch keys/'));
  });
});
