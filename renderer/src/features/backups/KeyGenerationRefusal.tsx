import { useEffect, useRef, useState } from 'react';
import type { ErrorDetails } from '../../../../shared/ipc/errors.js';
import { ConfirmRow } from '../../components/ConfirmRow.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { formatWhen } from './backup-words.js';

type KeyGeneration = NonNullable<ErrorDetails['keyGeneration']>;

/**
 * After `backup.keyGenerationChanged` (docs/backup-repository.md "Accepting a new generation"): who
 * signed the new key and when, why the workstation did not take it by itself, and the officer's
 * "Accept this new key" behind a confirmation that says what accepting means. Focus moves into the
 * confirmation when it opens and back to the accept button when it is cancelled.
 */
export function KeyGenerationRefusal({ notice }: { notice: KeyGeneration }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const busy = useAirlock((state) => state.busy.keyHolders);
  const accept = useAirlock((state) => state.acceptKeyGeneration);
  const [asking, setAsking] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  // The confirmation focuses its own title; cancelled, focus comes back to the accept button.
  useEffect(() => {
    if (!asking && opened.current) opener.current?.focus();
    opened.current = asking;
  }, [asking]);
  return (
    <div className="key-generation">
      <p>
        {notice.signedBy === undefined
          ? t('backups.keyChange.noSigner', { generation: notice.generation })
          : t('backups.keyChange.signed', { generation: notice.generation, name: notice.signedBy, when: notice.signedAt === undefined ? '—' : formatWhen(language, notice.signedAt) })}
      </p>
      <p>{t(`backups.keyChange.reason.${notice.reason}`)}</p>
      {asking ? (
        <ConfirmRow
          id="backup-key-accept"
          title={t('backups.keyChange.confirmTitle')}
          confirm={t('backups.keyChange.confirmAccept')}
          cancel={t('backups.keyChange.confirmCancel')}
          busy={busy}
          onConfirm={() => void accept()}
          onCancel={() => setAsking(false)}
        >
          <p>{t('backups.keyChange.confirmDoes')}</p>
          <p>{t('backups.keyChange.confirmOnly')}</p>
        </ConfirmRow>
      ) : (
        <button type="button" className="button" ref={opener} onClick={() => setAsking(true)}>
          {t('backups.keyChange.accept')}
        </button>
      )}
    </div>
  );
}
