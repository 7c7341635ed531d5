import type { ErrorCode } from '../../../../shared/ipc/errors.js';
import { DomainError } from '../../domain-error.js';
import { BackupTargetError, type TargetErrorCode } from '../backup-target.js';

/**
 * What the user is told for each way a target fails. `exists` and `bad-name` are the repository
 * code's own mistakes (it never writes a name twice, nor a name outside the layout): not the user's.
 */
const SAID: Partial<Record<TargetErrorCode, ErrorCode>> = {
  full: 'backup.targetFull',
  unreachable: 'backup.targetUnreachable',
  refused: 'backup.targetRefused',
  'host-key-mismatch': 'backup.hostKeyMismatch',
  'read-back-mismatch': 'backup.targetWriteUnverified',
  missing: 'backup.targetDamaged',
  short: 'backup.targetDamaged',
};

/** The DomainError to show for a target's failure; anything else is returned unchanged (a bug: `ipc.internal`). */
export function targetFailure(error: unknown): unknown {
  if (!(error instanceof BackupTargetError)) return error;
  const code = SAID[error.code];
  return code === undefined ? error : new DomainError(code, undefined, { cause: error });
}
