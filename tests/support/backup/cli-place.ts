import { rm } from 'node:fs/promises';
import path from 'node:path';
import { openRepository } from '../../../electron/core/backup/repository.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import { cliFolder, type CliFolder } from '../airlock-cli.js';
import { createSoftHsmToken, type SoftHsmToken } from '../softhsm-token.js';
import { softwareRecipient, type SoftwareRecipient } from '../software-recipient.js';
import type { teardownAfterSuite } from '../teardown.js';
import { writeSignedPolicy } from '../zone-policy.js';
import { usbBackupPolicy } from './backup-zone-policy.js';

export interface CliPlace {
  readonly token: SoftHsmToken;
  readonly cli: CliFolder;
  readonly policyPath: string;
  /** The USB target's repository folder (not made yet). */
  readonly usb: string;
  /** The organisation's recovery key: a SOFTWARE stand-in (no token can hold it here). */
  readonly recovery: SoftwareRecipient;
}

/**
 * For `airlock backup …` tests: a SoftHSM token, the command's folder (roots, CRLs, PIN), a zone
 * policy signed with openssl whose USB target may be used in "van-phong", removed after the suite.
 */
export async function usbCliPlace(teardown: ReturnType<typeof teardownAfterSuite>): Promise<CliPlace> {
  const token = await teardown.fixture(createSoftHsmToken());
  const cli = await cliFolder(token);
  teardown.defer(() => rm(cli.dir, { recursive: true, force: true }));
  const recovery = await softwareRecipient('ec', 'Khoá khôi phục');
  const policyPath = path.join(cli.dir, 'policy', 'zones.policy.json');
  await writeSignedPolicy(token, policyPath, usbBackupPolicy(recovery.certificateDer));
  return { token, cli, policyPath, usb: path.join(cli.dir, 'usb', 'backups'), recovery };
}

/** Someone who kept a key (`kept`'s) makes a new key generation at the folder's repository with no signed record; answers it. */
export async function plantGeneration(folder: string, kept: SoftwareRecipient): Promise<number> {
  const repository = await openRepository(new FolderTarget(folder), kept);
  try {
    return await repository.rekey(() => undefined);
  } finally {
    repository.close();
  }
}
