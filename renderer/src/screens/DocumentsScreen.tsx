import { DocumentOpenForm } from '../components/DocumentOpenForm.js';
import { DocumentEncryptSection } from '../components/DocumentEncryptSection.js';
import { DocumentReportPanel } from '../components/DocumentReportPanel.js';
import { LevelBadge } from '../components/LevelBadge.js';
import { formatMoment } from '../i18n/format.js';
import { useT } from '../use-t.js';
import { useAirlock } from '../store-context.js';

/** Received documents (open after every check, read in the app, export on purpose), this session's list, and encrypting for colleagues. */
export function DocumentsScreen() {
  const t = useT();
  const opened = useAirlock((state) => state.documents.opened);
  const recent = useAirlock((state) => state.documents.recent);
  const language = useAirlock((state) => state.language);
  return (
    <>
      <h1>{t('screen.documents.name')}</h1>
      <p className="prose">{t('screen.documents.intro')}</p>
      {opened === null ? <DocumentOpenForm /> : <DocumentReportPanel report={opened} />}
      <section aria-labelledby="recent-documents-title">
        <h2 id="recent-documents-title">{t('documents.recent.title')}</h2>
        {recent.length === 0 ? (
          <p className="prose">{t('documents.recent.none')}</p>
        ) : (
          <ul className="recent-documents">
            {recent.map((item) => {
              const moment = formatMoment(language, item.at);
              return (
                <li key={`${item.at}-${item.fileName}`}>
                  <LevelBadge level={item.level} /> {t('documents.recent.item', { name: item.fileName, signer: item.signer, time: moment?.time ?? '' })}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <DocumentEncryptSection />
    </>
  );
}
