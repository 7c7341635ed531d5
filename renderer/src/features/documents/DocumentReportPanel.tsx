import { useState, type FormEvent } from 'react';
import { isPlainFileName, OutputName } from '../../components/OutputName.js';
import { inFolder, safeFileName } from '../../../../shared/domain/file-name.js';
import type { DocumentReport } from '../../../../shared/domain/document.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { DetailList } from '../../components/DetailList.js';
import { DocumentViewer } from './DocumentViewer.js';
import { LevelBadge } from '../../components/LevelBadge.js';
import { StatusLine } from '../../components/StatusLine.js';
import { TechnicalDetails } from '../../components/TechnicalDetails.js';
import { hexPairs } from '../../components/certificate-view.js';
import { formatDay } from '../../i18n/format.js';
import { nameAndOrganisation } from '../../../../shared/domain/person-name.js';

/**
 * What opening proved, in words: who signed (the name from the certificate), that the chain is
 * valid, the label, the recipients. Then the content (from memory), an explicit export, and close.
 */
export function DocumentReportPanel({ report }: { report: DocumentReport }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const view = useAirlock((state) => state.documents.view);
  const exported = useAirlock((state) => state.documents.exported);
  const show = useAirlock((state) => state.showDocument);
  const close = useAirlock((state) => state.closeDocument);
  const { label } = report;
  return (
    <section aria-labelledby="document-report-title">
      <h2 id="document-report-title">{t('documents.report.title', { name: report.fileName })}</h2>
      <StatusLine severity="ok">
        <p>{t('documents.report.verified', { name: report.signer.name })}</p>
      </StatusLine>
      <p>
        {t('documents.report.level')} <LevelBadge level={label.level} />
      </p>
      <DetailList
        details={[
          { term: t('documents.report.signer'), value: nameAndOrganisation({ commonName: report.signer.name, organization: report.signer.organization, display: report.signer.subject }) },
          { term: t('documents.report.originator'), value: label.originator },
          { term: t('documents.report.date'), value: formatDay(language, label.date) ?? label.date },
          { term: t('documents.report.declassifyOn'), value: label.declassifyOn === null ? t('documents.report.never') : (formatDay(language, label.declassifyOn) ?? label.declassifyOn) },
          { term: t('documents.report.caveats'), value: label.caveats.length === 0 ? t('documents.report.none') : label.caveats.join('; ') },
          { term: t('documents.report.recipients'), value: String(report.recipients.length) },
          { term: t('documents.report.size'), value: t('documents.report.bytes', { bytes: report.bytes }) },
        ]}
      />
      <TechnicalDetails
        details={[
          { term: t('documents.report.subject'), value: report.signer.subject },
          { term: t('documents.report.fingerprint'), value: hexPairs(report.signer.fingerprint), hex: true },
        ]}
      />
      <div className="button-row">
        {view === null && (
          <button type="button" className="button button--primary" onClick={() => void show()}>
            {t('documents.report.view')}
          </button>
        )}
        <button type="button" className="button" onClick={() => void close()}>
          {t('documents.report.close')}
        </button>
      </div>
      {view !== null && <DocumentViewer view={view} />}
      <DocumentExport report={report} />
      {exported !== null && (
        <StatusLine severity="warning">
          <p>{t('documents.export.done', { path: exported })}</p>
        </StatusLine>
      )}
    </section>
  );
}

/**
 * Plaintext to disk: a deliberate second step, with a warning; the policy may refuse it. Proposed:
 * the sender's file name in the folder for decrypted files (files.places); Electron's save dialog
 * chooses elsewhere. A name already taken gets " (2)"… in main, never an overwrite.
 */
function DocumentExport({ report }: { report: DocumentReport }) {
  const t = useT();
  const exportTo = useAirlock((state) => state.exportDocument);
  const places = useAirlock((state) => state.documents.places);
  const [name, setName] = useState(() => safeFileName(report.fileName, 'tai-lieu'));
  const [problem, setProblem] = useState(false);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(!isPlainFileName(name));
    if (places !== null && isPlainFileName(name)) void exportTo(inFolder(places.exports, name.trim()));
  };
  return (
    <form className="pin-form" noValidate onSubmit={onSubmit} aria-labelledby="document-export-title">
      <h3 id="document-export-title">{t('documents.export.title')}</h3>
      <p className="prose">{t('documents.export.warning')}</p>
      <OutputName folder={places?.exports ?? null} name={name} onChange={setName} problem={problem} />
      <div className="button-row">
        <button type="submit" className="button">
          {t('documents.export.submit')}
        </button>
        {places?.dialogs === true && (
          <button type="button" className="button" onClick={() => void exportTo(null)}>
            {t('files.chooseSave')}
          </button>
        )}
      </div>
    </form>
  );
}
