import { useEffect, useId } from 'react';
import type { RecentDocument } from './documents.js';
import { formatMoment } from '../../i18n/format.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { LevelBadge } from '../../components/LevelBadge.js';

/**
 * Containers opened before, as main keeps them (sealed in the settings store): Open runs every
 * check again through the normal open; Remove only shortens the list, the file stays.
 */
export function DocumentRecentList() {
  const t = useT();
  const recent = useAirlock((state) => state.documents.recent);
  const load = useAirlock((state) => state.loadRecentDocuments);
  const forget = useAirlock((state) => state.forgetRecentDocument);
  // The screen mounts after every unlock, so this also reloads what a lock emptied.
  useEffect(() => void load(), [load]);
  return (
    <section aria-labelledby="recent-documents-title">
      <h2 id="recent-documents-title">{t('documents.recent.title')}</h2>
      {recent.length === 0 ? (
        <p className="prose">{t('documents.recent.none')}</p>
      ) : (
        <>
          <p className="prose">{t('documents.recent.note')}</p>
          <ul className="recent-documents">
            {recent.map((item) => (
              <RecentItem key={item.path} item={item} />
            ))}
          </ul>
          <button type="button" className="button" onClick={() => void forget(null)}>
            {t('documents.recent.clear')}
          </button>
        </>
      )}
    </section>
  );
}

function RecentItem({ item }: { item: RecentDocument }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const open = useAirlock((state) => state.openDocument);
  const forget = useAirlock((state) => state.forgetRecentDocument);
  const ids = { name: useId(), path: useId(), open: useId(), forget: useId() };
  const moment = formatMoment(language, item.openedAt);
  // Every row has the same two buttons: each is named with its document and path, so a list of buttons still says which.
  return (
    <li className="recent-documents__item">
      <p className="recent-documents__line">
        <LevelBadge level={item.level} /> <strong id={ids.name}>{item.fileName}</strong> {t('documents.recent.detail', { signer: item.signer, date: moment?.date ?? '', time: moment?.time ?? '' })}
      </p>
      <p id={ids.path} className="recent-documents__line file-path">
        {item.path}
      </p>
      <div className="button-row">
        <button type="button" id={ids.open} className="button" aria-labelledby={`${ids.open} ${ids.name} ${ids.path}`} onClick={() => void open(item.path)}>
          {t('documents.recent.open')}
        </button>
        <button type="button" id={ids.forget} className="button" aria-labelledby={`${ids.forget} ${ids.name} ${ids.path}`} onClick={() => void forget(item.path)}>
          {t('documents.recent.forget')}
        </button>
      </div>
    </li>
  );
}
