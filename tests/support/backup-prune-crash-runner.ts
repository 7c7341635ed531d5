// Child process for the prune crash test: prunes the repository once (small packs, every partly used
// pack repacked) and prints "step <kind> <name>" after each file is written or removed, then "done".
// The repository is opened with the parent's REAL token (backup/token-from-parent.ts).
import { pruneRepository } from '../../electron/core/backup/prune.js';
import { openRepository } from '../../electron/core/backup/repository.js';
import { FolderTarget } from '../../electron/core/backup/targets/folder-target.js';
import { tokenFromParent } from './backup/token-from-parent.js';

const [repositoryPath = '', certificate = ''] = process.argv.slice(2);
const { key } = tokenFromParent(Buffer.from(certificate, 'base64'), 'rsaPssSha256');
const repository = await openRepository(new FolderTarget(repositoryPath), key);
await pruneRepository(repository, { repackUnused: 0, packSize: 256 * 1024, onStep: (kind, name) => process.stdout.write(`step ${kind} ${name}\n`) });
process.stdout.write('done\n');
process.exit(0);
