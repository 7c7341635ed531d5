// `airlock backup keys list|add <cert.pem>|remove <fingerprint>|rekey`: the key holders of a backup
// place (docs/backup-repository.md "Keys"), on the app's own BackupKeyHolders.
import path from 'node:path';
import type { KeyHoldersView } from '../../shared/domain/backup-key-holders.js';
import type { BackupService, BackupZonePort } from '../core/backup/backup-service.js';
import { BackupKeyHolders, type KeyHolderDeps } from '../core/backup/key-holder-service.js';
import { UsageError } from './cli-args.js';

export const KEY_COMMANDS = ['list', 'add', 'remove', 'rekey', 'accept'] as const;
export type KeyCommand = (typeof KEY_COMMANDS)[number];

export const KEYS_USAGE = `airlock backup keys <list|add CERT|remove FINGERPRINT|rekey|accept>, with the same options:
  keys list                  who holds the backup's key: subject, fingerprint, role (user, recovery, added), added at
  keys add CERT.pem|.cer     gives the key to a colleague's certificate (it must chain to AIRLOCK_TRUST_ANCHORS and
                             not be revoked by the --crl files); nothing is re-encrypted
  keys remove FINGERPRINT    removes a holder's key file (never the policy's recovery certificate nor the last token);
                             a holder who kept the key still reads what was backed up before: run keys rekey after it
  keys rekey                 a new key for data backed up from now on; older backups stay readable with the old key
  keys accept --known FILE --generation N
                             after a refusal (exit 12, backup.keyGenerationChanged): trust the key generation N the
                             place has now, as the refusal named it, and remember it in FILE. Accept only when you have
                             confirmed with the office that this re-key was theirs: new backups are written under that key
                             and may be readable by whoever made it. Another generation found now: exit 12, nothing accepted.
                             Also after backup.placeNotRemembered (a place FILE does not name yet): adds the place with
                             the generation N found there (audited firstSight), once you have checked it is the right place`;

/** Splits `keys <action> [argument] --options…`: the action, its one positional argument, the options left. */
export function splitKeysArgs(rest: readonly string[]): { action: KeyCommand; argument: string | undefined; options: string[] } {
  const [action, ...after] = rest;
  if (!(KEY_COMMANDS as readonly string[]).includes(action ?? '')) throw new UsageError(`backup keys: list, add, remove, rekey or accept, not ${action ?? '(none)'}`);
  const takes = action === 'add' || action === 'remove';
  const argument = takes && after[0] !== undefined && !after[0].startsWith('--') ? after[0] : undefined;
  if (takes && argument === undefined) throw new UsageError(action === 'add' ? 'backup keys add needs the certificate file' : 'backup keys remove needs the holder’s fingerprint');
  const holder = action === 'add' ? path.resolve(argument ?? '') : argument?.toLowerCase();
  if (action === 'remove' && !/^[0-9a-f]{64}$/.test(holder ?? '')) throw new UsageError('backup keys remove: the fingerprint is 64 hex digits (keys list shows it)');
  return { action: action as KeyCommand, argument: holder, options: argument === undefined ? after : after.slice(1) };
}

/** Runs one keys command of the key holders (accept is the service's own); the answer is what --json prints. */
export async function runKeysCommand(action: Exclude<KeyCommand, 'accept'>, argument: string | undefined, target: string, deps: { backups: BackupService; zones: BackupZonePort; trust: KeyHolderDeps['trust'] }): Promise<KeyHoldersView> {
  const holders = new BackupKeyHolders(deps);
  switch (action) {
    case 'list':
      return await holders.list(target);
    case 'add':
      return await holders.add(target, argument ?? '');
    case 'remove':
      return await holders.remove(target, argument ?? '');
    case 'rekey':
      return await holders.rekey(target);
  }
}

/** A change of the key holders the rules refused (BACKUP_USAGE exit 13); nothing was changed. */
export const KEY_HOLDER_REFUSALS: readonly string[] = ['backup.holderCertificateInvalid', 'backup.holderRequired', 'backup.lastHolder', 'backup.alreadyHolder', 'backup.holderNotFound'];
