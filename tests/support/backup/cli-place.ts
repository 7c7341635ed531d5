import { mkdir, rm } from 'node:fs/promises';
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
  /** The officer's --known file: not there yet (its folder is, 0700): the first command names it with --new-known. */
  readonly known: string;
}

/**
 * For `airlock backup …` tests: a SoftHSM token, the command's folder (roots, CRLs, PIN), the zone
 * policy `policy` makes from the recovery certificate, signed with openssl, and where the officer's
 * --known file goes; removed after the suite.
 */
export async function cliPlace(teardown: ReturnType<typeof teardownAfterSuite>, policy: (recoveryCertificateDer: Uint8Array) => Record<string, unknown>): Promise<Omit<CliPlace, 'usb'>> {
  const token = await teardown.fixture(createSoftHsmToken());
  const cli = await cliFolder(token);
  teardown.defer(() => rm(cli.dir, { recursive: true, force: true }));
  const recovery = await softwareRecipient('ec', 'Khoá khôi phục');
  const policyPath = path.join(cli.dir, 'policy', 'zones.policy.json');
  await writeSignedPolicy(token, policyPath, policy(recovery.certificateDer));
  // The officer's own folder; the memory in it is made by the first command (--new-known), never implicitly.
  const officer = path.join(cli.dir, 'officer');
  await mkdir(officer, { mode: 0o700 });
  return { token, cli, policyPath, recovery, known: path.join(officer, 'known-keys.json') };
}

/** `cliPlace` with the USB target that "van-phong" may use (usbBackupPolicy). */
export async function usbCliPlace(teardown: ReturnType<typeof teardownAfterSuite>): Promise<CliPlace> {
  const place = await cliPlace(teardown, usbBackupPolicy);
  return { ...place, usb: path.join(place.cli.dir, 'usb', 'backups') };
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
