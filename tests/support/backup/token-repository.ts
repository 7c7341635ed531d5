// A new repository in a temporary folder, opened with the RSA key of a real SoftHSM token (the
// recovery holder a software stand-in: the organisation keeps its key offline, never on a token).
import path from 'node:path';
import { initRepository, openRepository, type Repository } from '../../../electron/core/backup/repository.js';
import type { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import { createSoftHsmToken } from '../softhsm-token.js';
import { softwareRecipient } from '../software-recipient.js';
import type { Teardown } from '../teardown.js';
import { startedTokenCore, unlockedKeyHolders } from '../token-core.js';

export async function tokenRepository<T extends FolderTarget>(
  teardown: Teardown,
  prefix: string,
  makeTarget: (root: string) => T,
): Promise<{ dir: string; user: TokenKeyHolder; target: T; repository: Repository }> {
  const dir = await teardown.tempDir(prefix);
  const token = await teardown.fixture(createSoftHsmToken());
  const started = await startedTokenCore(token, path.join(dir, 'data'));
  teardown.defer(() => started.core.stop());
  const { rsa: user } = await unlockedKeyHolders(started.core, token);
  const recovery = await softwareRecipient('rsa', 'Recovery stand-in');
  const target = makeTarget(path.join(dir, 'repo'));
  await initRepository(target, [{ certificateDer: user.certificateDer, role: 'user' }, { certificateDer: recovery.certificateDer, role: 'recovery' }], () => undefined);
  const repository = await openRepository(target, user);
  teardown.defer(() => repository.close());
  return { dir, user, target, repository };
}
