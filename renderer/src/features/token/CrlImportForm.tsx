import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Language } from '../../../../shared/domain/language.js';
import { CRL_IMPORT_HEADING, crlPaths, type CrlAccepted, type CrlFileImport } from './crl-import.js';
import { errorMessageKey, type Translate } from '../../i18n/catalog.js';
import { formatMoment } from '../../i18n/format.js';
import { FormRow } from '../../components/FormRow.js';
import { FileChooser, TypedPathDisclosure } from '../../components/FileChooser.js';
import { useT } from '../../use-t.js';
import { useAirlock, useAirlockStore } from '../../store-context.js';
import { StatusLine } from '../../components/StatusLine.js';

/**
 * A CRL the core kept (or already had newer), and whether it can answer yet. A list past its
 * end, or without one, is kept but checks nothing: saying "imported" alone would leave the
 * official wondering why every certificate still reads "revocation unknown".
 */
function AcceptedCrl({ t, language, result }: { t: Translate; language: Language; result: CrlAccepted }) {
  const until = result.nextUpdate === undefined ? null : formatMoment(language, result.nextUpdate);
  const current = result.freshness === 'current' && until !== null;
  return (
    <StatusLine severity={current ? 'ok' : 'warning'}>
      <p>{result.status === 'stored' ? t('crl.stored', { issuer: result.issuer }) : t('crl.olderIgnored', { issuer: result.issuer })}</p>
      {until === null || result.freshness === 'undated' ? (
        <p>{t('crl.undated')}</p>
      ) : (
        <p>{t(current ? 'crl.validUntil' : 'crl.expired', until)}</p>
      )}
    </StatusLine>
  );
}

/** One file's outcome, headed by its name, so a list of several reads file by file. */
function CrlFileOutcome({ t, language, item }: { t: Translate; language: Language; item: CrlFileImport }) {
  const { file, result } = item;
  return (
    <li className="crl-outcome__file">
      <p className="crl-outcome__name">
        <strong>{file}</strong>
      </p>
      {result.status === 'rejected' ? (
        // A bad signature may mean tampering: the strong frame, as for a tampered audit log.
        <StatusLine severity="danger" strong={result.reason === 'badSignature'}>
          <p>{t(`crl.rejected.${result.reason}`)}</p>
        </StatusLine>
      ) : (
        <AcceptedCrl t={t} language={language} result={result} />
      )}
    </li>
  );
}

/**
 * Imports CRL files from approved media, several at once: chosen with our own labelled button (the
 * shell's dialog or the browser's, never the browser's control, whose words the page cannot
 * translate), or their paths typed, one a line, behind "Type a path". Only the core reads the
 * files and decides whether each is genuine; each file's outcome is said on its own.
 */
export function CrlImportForm() {
  const t = useT();
  const store = useAirlockStore();
  const language = useAirlock((state) => state.language);
  const busy = useAirlock((state) => state.busy.crlImport);
  const report = useAirlock((state) => state.crlImport);
  const importCrl = useAirlock((state) => state.importCrl);
  const loadPlaces = useAirlock((state) => state.loadPlaces);
  // Which chooser this shell has (its own dialog, or the browser's).
  useEffect(() => void loadPlaces(), [loadPlaces]);
  const [text, setText] = useState('');
  const [noFile, setNoFile] = useState(false);
  const pathsField = useRef<HTMLTextAreaElement>(null);
  const headingId = CRL_IMPORT_HEADING;
  const problemId = useId();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (store.getState().busy.crlImport) return;
    const paths = crlPaths(text);
    setNoFile(paths.length === 0);
    if (paths.length === 0) {
      pathsField.current?.focus();
      return;
    }
    void importCrl(paths);
  };

  return (
    <section className="crl-section" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1}>
        {t('crl.heading')}
      </h2>
      <p className="prose">{t('crl.intro')}</p>
      <FileChooser label={t('crl.choose')} purpose="crl" accept=".crl,.pem,.der" primary onChosen={(paths) => !store.getState().busy.crlImport && void importCrl(paths)} />
      <TypedPathDisclosure>
        <form noValidate onSubmit={onSubmit}>
          <FormRow label={t('crl.paths')} hint={t('crl.pathsHint')} invalid={noFile} describedBy={noFile ? [problemId] : []}>
            {(field) => (
              <textarea
                {...field}
                ref={pathsField}
                rows={3}
                spellCheck={false}
                autoComplete="off"
                className={`${field.className} crl-paths`}
                value={text}
                onChange={(event) => {
                  setText(event.target.value);
                  setNoFile(false);
                }}
              />
            )}
          </FormRow>
          <div role="alert" className="field-problem-region">
            {noFile && (
              <p id={problemId} className="field-problem">
                {t('crl.noFile')}
              </p>
            )}
          </div>
          {/* aria-disabled, not disabled: a disabled button would drop keyboard focus to the page. */}
          <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
            {t('crl.submit')}
          </button>
        </form>
      </TypedPathDisclosure>
      <div role="status" className="crl-outcome">
        {busy && <p className="prose">{t('crl.busy')}</p>}
        {report?.status === 'done' && (
          <ul className="crl-outcome__files">
            {report.files.map((item, index) => (
              <CrlFileOutcome key={`${index}-${item.file}`} t={t} language={language} item={item} />
            ))}
          </ul>
        )}
      </div>
      <div role="alert" className="crl-outcome">
        {report?.status === 'failed' && <p className="notice notice--danger">{t(errorMessageKey(report.error))}</p>}
      </div>
    </section>
  );
}
