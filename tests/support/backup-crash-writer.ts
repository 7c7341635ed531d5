// Child process for the backup crash test: backs up a folder again and again, adding new random
// files before each run, until it is killed. The repository is opened and snapshots are signed with
// the parent's REAL token: each unwrap and signature is asked of the parent (backup/token-from-parent.ts).
// Prints "pack <id>" after each pack is on the target and "snapshot <id> <resumed>" after each snapshot.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { backupFolder } from '../../electron/core/backup/backup-run.js';
import { openRepository } from '../../electron/core/backup/repository.js';
import { FolderTarget } from '../../electron/core/backup/targets/folder-target.js';
import type { TokenSignatureScheme } from '../../electron/core/signing/token-signer.js';
import { tokenFromParent } from './backup/token-from-parent.js';

const [repositoryPath = '', folder = '', scheme = 'rsaPssSha256', certificate = ''] = process.argv.slice(2);
const { key, signer } = tokenFromParent(Buffer.from(certificate, 'base64'), scheme as TokenSignatureScheme);
const repository = await openRepository(new FolderTarget(repositoryPath), key);
for (let round = 0; ; round++) {
  for (let i = 0; i < 6; i++) await writeFile(path.join(folder, `mới-${process.pid}-${round}-${i}.bin`), randomBytes(100_000 + Math.floor(Math.random() * 200_000)));
  const { snapshot, stats } = await backupFolder(repository, folder, signer, { packSize: 256 * 1024, onPackWritten: (id) => process.stdout.write(`pack ${id}\n`) });
  process.stdout.write(`snapshot ${snapshot} ${stats.resumedBlobs}\n`);
}
