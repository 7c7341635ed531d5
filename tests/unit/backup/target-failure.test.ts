import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BackupTargetError, TARGET_ERROR_CODES } from '../../../electron/core/backup/backup-target.js';
import { targetFailure } from '../../../electron/core/backup/targets/target-failure.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import { translate } from '../../../renderer/src/i18n/catalog.js';

describe('target failures as the user hears them', () => {
  it('each user-facing target failure is its own code, translated in vi and en', () => {
    const expected = {
      full: 'backup.targetFull',
      unreachable: 'backup.targetUnreachable',
      refused: 'backup.targetRefused',
      'host-key-mismatch': 'backup.hostKeyMismatch',
      'read-back-mismatch': 'backup.targetWriteUnverified',
      missing: 'backup.targetDamaged',
      short: 'backup.targetDamaged',
    } as const;
    for (const [code, said] of Object.entries(expected)) {
      const cause = new BackupTargetError(code as keyof typeof expected, 'data/ab/x', 'why');
      const shown = targetFailure(cause);
      assert.ok(shown instanceof DomainError && shown.code === said, `${code} → ${String(shown)}`);
      assert.equal(shown.cause, cause);
      const vi = translate('vi', `error.${said}`);
      const en = translate('en', `error.${said}`);
      assert.notEqual(vi, en);
      assert.doesNotMatch(`${vi} ${en}`, /error\.|sftp|ENOSPC|fingerprint/i);
    }
  });

  it("the repository code's own mistakes and foreign errors are not dressed up as the user's", () => {
    for (const code of TARGET_ERROR_CODES.filter((item) => item === 'exists' || item === 'bad-name')) {
      const error = new BackupTargetError(code, 'config', 'why');
      assert.equal(targetFailure(error), error);
    }
    const other = new Error('bug');
    assert.equal(targetFailure(other), other);
  });
});
