import type { ErrorCode } from '../../../shared/ipc/errors.js';
import { DomainError } from '../domain-error.js';
import { BackupCancelledError } from './backup-progress.js';

/**
 * A repository object that is not what the format says (docs/backup-repository.md, "Check"). `object`
 * names it as on the target (`data/ab/ab12…`, `index/…`, `snapshots/…`, `keys/…`, `config`), so a
 * report says which file is damaged.
 */
export const BACKUP_PROBLEMS = [
  'hashMismatch',
  'badPrefix',
  'sealBroken',
  'malformed',
  'indexMismatch',
  'packMissing',
  'blobMissing',
  'badSignature',
  'keyCheckMismatch',
  'notHolder',
  'keyFileInvalid',
  'locked',
  'lastHolder',
  'holderRequired',
  'alreadyHolder',
  'holderNotFound',
] as const;
export type BackupProblem = (typeof BACKUP_PROBLEMS)[number];

export class BackupFormatError extends Error {
  constructor(
    readonly problem: BackupProblem,
    readonly object: string,
    readonly detail?: string,
  ) {
    super(`${problem}: ${object}${detail === undefined ? '' : ` (${detail})`}`);
    this.name = 'BackupFormatError';
  }
}

const SAID: Record<BackupProblem, ErrorCode> = {
  hashMismatch: 'backup.repositoryDamaged',
  badPrefix: 'backup.repositoryDamaged',
  sealBroken: 'backup.repositoryDamaged',
  malformed: 'backup.repositoryDamaged',
  indexMismatch: 'backup.repositoryDamaged',
  packMissing: 'backup.repositoryDamaged',
  blobMissing: 'backup.repositoryDamaged',
  badSignature: 'backup.snapshotSignatureInvalid',
  keyCheckMismatch: 'backup.notThisRepository',
  notHolder: 'backup.notKeyHolder',
  keyFileInvalid: 'backup.notKeyHolder',
  locked: 'backup.repositoryLocked',
  lastHolder: 'backup.lastHolder',
  holderRequired: 'backup.holderRequired',
  alreadyHolder: 'backup.alreadyHolder',
  holderNotFound: 'backup.holderNotFound',
};

/**
 * The DomainError the user is told for a repository problem (the damaged object stays in the cause,
 * for the log and check's report); an operation cancelled by its AbortSignal (BackupCancelledError) is `backup.cancelled`.
 */
export function repositoryFailure(error: unknown): unknown {
  if (error instanceof BackupCancelledError) return new DomainError('backup.cancelled', undefined, { cause: error });
  return error instanceof BackupFormatError ? new DomainError(SAID[error.problem], undefined, { cause: error }) : error;
}
