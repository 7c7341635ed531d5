import { useId, useRef, useState, type FormEvent } from 'react';
import type { Language } from '../../../../shared/domain/language.js';
import { CRL_IMPORT_HEADING, type CrlAccepted } from './crl-import.js';
import { errorMessageKey, type Translate } from '../../i18n/catalog.js';
import { formatMoment } from '../../i18n/format.js';
import { FormRow } from '../../components/FormRow.js';
import { useT } from '../../use-t.js';
import { useAirlock, useAirlockStore } from '../../store-context.js';
import { StatusLine } from '../../components/StatusLine.js';

/** The file types cipher officers hand out; the core tells DER from PEM by the content, not the name. */
const CRL_FILE_TYPES = '.crl,.der,.pem,.cer';

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

/**
 * Imports a CRL file from approved media. The file goes to the core as chosen: only the core
 * decides whether it is genuine. Good news is said politely; a refusal goes to the alert region.
 */
export function CrlImportForm() {
  const t = useT();
  const store = useAirlockStore();
  const language = useAirlock((state) => state.language);
  const busy = useAirlock((state) => state.busy.crlImport);
  const result = useAirlock((state) => state.crlImport);
  const importCrl = useAirlock((state) => state.importCrl);
  const [noFile, setNoFile] = useState(false);
  const fileField = useRef<HTMLInputElement>(null);
  const headingId = CRL_IMPORT_HEADING;
  const problemId = useId();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (store.getState().busy.crlImport) return;
    const file = fileField.current?.files?.[0];
    setNoFile(file === undefined);
    if (file === undefined) {
      fileField.current?.focus();
      return;
    }
    void importCrl(file);
  };

  return (
    <section className="crl-section" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1}>{t('crl.heading')}</h2>
      <p className="prose">{t('crl.intro')}</p>
      <form noValidate onSubmit={onSubmit}>
        <FormRow label={t('crl.file')} invalid={noFile} describedBy={noFile ? [problemId] : []}>
          {(field) => <input {...field} ref={fileField} type="file" accept={CRL_FILE_TYPES} className={`${field.className} crl-file`} onChange={() => setNoFile(false)} />}
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
      <div role="status" className="crl-outcome">
        {busy && <p className="prose">{t('crl.busy')}</p>}
        {(result?.status === 'stored' || result?.status === 'olderIgnored') && <AcceptedCrl t={t} language={language} result={result} />}
      </div>
      <div role="alert" className="crl-outcome">
        {result?.status === 'rejected' && (
          // A bad signature may mean tampering: the strong frame, as for a tampered audit log.
          <StatusLine severity="danger" strong={result.reason === 'badSignature'}>
            <p>{t(`crl.rejected.${result.reason}`)}</p>
          </StatusLine>
        )}
        {result?.status === 'failed' && <p className="notice notice--danger">{t(errorMessageKey(result.error))}</p>}
      </div>
    </section>
  );
}
