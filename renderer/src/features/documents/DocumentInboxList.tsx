import { useEffect, useId } from 'react';
import type { InboxFile } from '../../../../shared/domain/document.js';
import { formatCount, formatMoment } from '../../i18n/format.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';

/**
 * Received documents waiting in the inbox folder (AIRLOCK_INBOX_DIR), as main lists it: name, size,
 * when it arrived, newest first. "Open" runs the normal open with every check; the list itself
 * opens nothing, so it names no sender (the header's words are not checked before the open).
 */
export function DocumentInboxList() {
  const t = useT();
  const inbox = useAirlock((state) => state.documents.inbox);
  const load = useAirlock((state) => state.loadInbox);
  // The screen mounts at every arrival: the list is read afresh then, and on "Refresh".
  useEffect(() => void load(), [load]);
  return (
    <section aria-labelledby="inbox-title">
      <h2 id="inbox-title">{t('documents.inbox.title')}</h2>
      {inbox !== null && (
        <p className="prose">
          {t('documents.inbox.folder')} <span className="file-path">{inbox.folder}</span>
        </p>
      )}
      {inbox !== null && !inbox.present && <p className="prose">{t('documents.inbox.missing')}</p>}
      {inbox?.present === true && inbox.files.length === 0 && <p className="prose">{t('documents.inbox.empty')}</p>}
      {inbox !== null && inbox.files.length > 0 && (
        <ul className="recent-documents">
          {inbox.files.map((file) => (
            <InboxItem key={file.path} file={file} />
          ))}
        </ul>
      )}
      <button type="button" className="button" onClick={() => void load()}>
        {t('documents.inbox.refresh')}
      </button>
    </section>
  );
}

function InboxItem({ file }: { file: InboxFile }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const open = useAirlock((state) => state.openDocument);
  const ids = { name: useId(), open: useId() };
  const moment = formatMoment(language, file.receivedAt);
  const size = t('documents.report.bytes', { bytes: formatCount(language, file.bytes) });
  return (
    <li className="recent-documents__item">
      <p className="recent-documents__line">
        <strong id={ids.name}>{file.name}</strong> {t('documents.inbox.detail', { size, date: moment?.date ?? '', time: moment?.time ?? '' })}
      </p>
      {/* Every row has an "Open": named with its file, so a list of buttons still says which. */}
      <button type="button" id={ids.open} className="button" aria-labelledby={`${ids.open} ${ids.name}`} onClick={() => void open(file.path)}>
        {t('documents.inbox.open')}
      </button>
    </li>
  );
}
