import { DocumentDecryptSection } from './DocumentDecryptSection.js';
import { DocumentOpenForm } from './DocumentOpenForm.js';
import { DocumentEncryptSection } from './DocumentEncryptSection.js';
import { DocumentReportPanel } from './DocumentReportPanel.js';
import { DocumentRecentList } from './DocumentRecentList.js';
import { DocumentDropZone } from './DocumentDropZone.js';
import { DocumentInboxList } from './DocumentInboxList.js';
import { useEffect } from 'react';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';

/** Received documents (open after every check, read in the app, export on purpose), the recent list main keeps, and encrypting for colleagues. */
export function DocumentsScreen() {
  const t = useT();
  const opened = useAirlock((state) => state.documents.opened);
  const tooLarge = useAirlock((state) => state.documents.tooLarge);
  const loadPlaces = useAirlock((state) => state.loadPlaces);
  // Which chooser to use and the folders to propose: asked at each arrival (cleared at a lock).
  useEffect(() => void loadPlaces(), [loadPlaces]);
  return (
    <>
      <h1>{t('screen.documents.name')}</h1>
      <p className="prose">{t('screen.documents.intro')}</p>
      <DocumentDropZone>
        {opened !== null ? <DocumentReportPanel report={opened} /> : tooLarge !== null ? <DocumentDecryptSection source={tooLarge} /> : <DocumentOpenForm />}
        <DocumentInboxList />
        <DocumentRecentList />
        <DocumentEncryptSection />
      </DocumentDropZone>
    </>
  );
}
