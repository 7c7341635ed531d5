import { DocumentDecryptSection } from '../components/DocumentDecryptSection.js';
import { DocumentOpenForm } from '../components/DocumentOpenForm.js';
import { DocumentEncryptSection } from '../components/DocumentEncryptSection.js';
import { DocumentReportPanel } from '../components/DocumentReportPanel.js';
import { DocumentRecentList } from '../components/DocumentRecentList.js';
import { DocumentDropZone } from '../components/DocumentDropZone.js';
import { useT } from '../use-t.js';
import { useAirlock } from '../store-context.js';

/** Received documents (open after every check, read in the app, export on purpose), the recent list main keeps, and encrypting for colleagues. */
export function DocumentsScreen() {
  const t = useT();
  const opened = useAirlock((state) => state.documents.opened);
  const tooLarge = useAirlock((state) => state.documents.tooLarge);
  return (
    <>
      <h1>{t('screen.documents.name')}</h1>
      <p className="prose">{t('screen.documents.intro')}</p>
      <DocumentDropZone>
        {opened !== null ? <DocumentReportPanel report={opened} /> : tooLarge !== null ? <DocumentDecryptSection source={tooLarge} /> : <DocumentOpenForm />}
        <DocumentRecentList />
        <DocumentEncryptSection />
      </DocumentDropZone>
    </>
  );
}
