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
] as const;
export type BackupProblem = (typeof BACKUP_PROBLEMS)[number];

export class BackupFormatError extends Error {
  constructor(
    readonly problem: BackupProblem,
    readonly object: string,
    detail?: string,
  ) {
    super(`${problem}: ${object}${detail === undefined ? '' : ` (${detail})`}`);
    this.name = 'BackupFormatError';
  }
}
