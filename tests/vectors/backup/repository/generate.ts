// Writes the committed repository vectors (docs/backup-repository.md, "Vectors"): a whole small
// repository in repo/ and vectors.json. Run by hand when the format changes:
// `node --import tsx tests/vectors/backup/repository/generate.ts`. Keys: the container vectors'
// committed test PKI (recipient-rsa holds as user, recipient-ec as recovery, signer signs).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, lutimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { backupFolder } from '../../../../electron/core/backup/backup-run.js';
import { padme } from '../../../../electron/core/backup/blob-codec.js';
import { initRepository, openRepository } from '../../../../electron/core/backup/repository.js';
import { generationKeys, keyCheckOf } from '../../../../electron/core/backup/repository-keys.js';
import { FolderTarget } from '../../../../electron/core/backup/targets/folder-target.js';
import { opensslSigner } from '../../../support/openssl-signer.js';
import { TEST_PKI as pki, testCertificateDer as der, testHolder } from '../../../support/backup/software-keys.js';
import { VECTOR_KEY_ID, VECTOR_MASTER_KEY, VECTOR_TREE } from './inputs.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const openssl = (args: readonly string[]) => Promise.resolve({ stdout: execFileSync('openssl', args, { cwd: pki, encoding: 'utf8' }), stderr: '' });

const tree = mkdtempSync(path.join(tmpdir(), 'airlock-vector-tree-'));
for (const entry of VECTOR_TREE) {
  const full = path.join(tree, entry.path);
  if (entry.type === 'dir') mkdirSync(full);
  else if (entry.type === 'symlink') symlinkSync(entry.target, full);
  else writeFileSync(full, Buffer.from(entry.base64, 'base64'), { mode: entry.mode });
}
for (const entry of [...VECTOR_TREE].reverse()) (entry.type === 'symlink' ? lutimesSync : utimesSync)(path.join(tree, entry.path), entry.mtime, entry.mtime);

const repoDir = path.join(here, 'repo');
rmSync(repoDir, { recursive: true, force: true });
const target = new FolderTarget(repoDir);
await initRepository(target, [{ certificateDer: der('recipient-rsa'), role: 'user' }, { certificateDer: der('recipient-ec'), role: 'recovery' }], () => undefined);
const repository = await openRepository(target, testHolder('recipient-rsa'));
const { snapshot } = await backupFolder(repository, tree, opensslSigner(openssl, path.join(pki, 'signer.key'), readFileSync(path.join(pki, 'signer.pem'), 'utf8')));
repository.close();
rmSync(tree, { recursive: true, force: true });
rmSync(path.join(repoDir, 'tmp'), { recursive: true, force: true });
for (const { name } of await target.list('locks/')) await target.remove(name);

const keys = generationKeys(1, VECTOR_MASTER_KEY);
const files = (await target.list('')).map((entry) => entry.name).sort();
const vectors = {
  derived: { masterKey: VECTOR_MASTER_KEY.toString('hex'), repository: VECTOR_KEY_ID, sealKey: keys.sealKey.toString('hex'), checkKey: keys.checkKey.toString('hex'), keyCheck: keyCheckOf(keys, VECTOR_KEY_ID) },
  padme: [1, 2, 9, 100, 1000, 524_288 + 33, 1_000_000, 1_048_577, 16_777_217].map((length) => [length, padme(length)]),
  repository: { snapshot, files, sha256: Object.fromEntries(files.map((name) => [name, createHash('sha256').update(readFileSync(path.join(repoDir, name))).digest('hex')])) },
};
writeFileSync(path.join(here, 'vectors.json'), JSON.stringify(vectors, null, 2) + '\n');
