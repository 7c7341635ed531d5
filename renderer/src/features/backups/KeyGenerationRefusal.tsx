import { useEffect, useRef, useState } from 'react';
import type { ErrorDetails } from '../../../../shared/ipc/errors.js';
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
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (asking) heading.current?.focus();
    else if (opened.current) opener.current?.focus();
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
        <div className="notice" role="group" aria-labelledby="backup-key-accept">
          <h3 id="backup-key-accept" ref={heading} tabIndex={-1}>
            {t('backups.keyChange.confirmTitle')}
          </h3>
          <p>{t('backups.keyChange.confirmDoes')}</p>
          <p>{t('backups.keyChange.confirmOnly')}</p>
          <div className="button-row">
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void accept()}>
              {t('backups.keyChange.confirmAccept')}
            </button>
            <button type="button" className="button" onClick={() => setAsking(false)}>
              {t('backups.keyChange.confirmCancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button" ref={opener} onClick={() => setAsking(true)}>
          {t('backups.keyChange.accept')}
        </button>
      )}
    </div>
  );
}
