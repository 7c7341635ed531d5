import type { SignatureCheck, SignatureReport } from '../../../../shared/domain/signature.js';
import type { MessageKey } from '../../i18n/catalog.js';
import { formatMoment } from '../../i18n/format.js';
import { DetailList, type Detail } from '../../components/DetailList.js';
import { StatusLine } from '../../components/StatusLine.js';
import { TechnicalDetails } from '../../components/TechnicalDetails.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { LazyPdfDocument } from '../documents/LazyPdfDocument.js';
import type { CheckedFile } from './signing.js';
import { usePdfBytes } from './pdf-bytes.js';

const VERDICT = {
  valid: { severity: 'ok', text: 'signing.verdict.valid' },
  changedAfter: { severity: 'warning', text: 'signing.verdict.changedAfter' },
  invalid: { severity: 'danger', text: 'signing.verdict.invalid' },
} as const satisfies Record<SignatureReport['verdict'], { severity: 'ok' | 'warning' | 'danger'; text: MessageKey }>;

/**
 * A checked file: the document from memory (the PDF, or the PDF a .p7s signs) with its signatures
 * beside it, and the verdict first, in plain words.
 */
export function CheckedFileView({ checked, title }: { checked: CheckedFile; title: string }) {
  const t = useT();
  const pdf = usePdfBytes(checked.preview?.pdf ?? null);
  return (
    <section className="signature-check" aria-label={title}>
      {checked.report === null ? (
        <p role="status">{t('signing.checking')}</p>
      ) : (
        <>
          <div role="status">
            <StatusLine severity={VERDICT[checked.report.verdict].severity} strong={checked.report.verdict !== 'valid'}>
              <p>{t(VERDICT[checked.report.verdict].text, { file: checked.report.fileName })}</p>
            </StatusLine>
          </div>
          <div className={pdf === null ? 'signature-check__body' : 'signature-check__body signature-check__body--with-document'}>
            {pdf !== null && (
              <div className="signature-check__document">
                <LazyPdfDocument bytes={pdf} />
              </div>
            )}
            <SignatureList report={checked.report} />
          </div>
        </>
      )}
    </section>
  );
}

function SignatureList({ report }: { report: SignatureReport }) {
  const t = useT();
  return (
    <div className="signature-check__signatures">
      <h3>{t('signing.signatures.title', { count: report.signatures.length })}</h3>
      <ol className="signature-list">
        {report.signatures.map((check, index) => (
          <li key={check.field ?? index} className="signature-list__item">
            <SignatureEntry check={check} number={index + 1} />
          </li>
        ))}
      </ol>
    </div>
  );
}

function SignatureEntry({ check, number }: { check: SignatureCheck; number: number }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const moment = check.time === undefined ? null : formatMoment(language, check.time);
  const details: Detail[] = [];
  if (check.signer !== undefined) {
    details.push({ term: t('signing.signature.signer'), value: check.signer.name });
    if (check.signer.organization !== undefined) details.push({ term: t('signing.signature.organization'), value: check.signer.organization });
    details.push({ term: t('signing.signature.chain'), value: t('signing.signature.chainTrusted') });
    details.push({ term: t('signing.signature.revocation'), value: t('signing.signature.notRevoked') });
    if (check.certificateCheckedAt !== undefined) {
      const judged = formatMoment(language, check.certificateCheckedAt.time);
      details.push({ term: t('signing.signature.checkedAt'), value: t(`signing.checkedAt.${check.certificateCheckedAt.basis}`, { time: judged === null ? '?' : `${judged.time} ${judged.date}` }) });
    }
  }
  if (moment !== null) details.push({ term: t(check.timeKind === 'signed' ? 'signing.signature.timeSigned' : 'signing.signature.timeClaimed'), value: `${moment.time} ${moment.date}` });
  if (check.timestamp !== undefined) {
    const stamped = check.timestamp.time === undefined ? null : formatMoment(language, check.timestamp.time);
    details.push({ term: t('signing.signature.timestamp'), value: check.timestamp.valid ? t('signing.timestamp.valid', { time: stamped === null ? '?' : `${stamped.time} ${stamped.date}`, authority: check.timestamp.authority ?? '?' }) : t('signing.timestamp.invalid') });
    // A valid token whose authority's certificate has since expired or been revoked (key intact): the time still holds, and the user is told.
    for (const [key, at] of [['authorityExpiredSince', check.timestamp.authorityExpiredSince], ['authorityRevokedSince', check.timestamp.authorityRevokedSince]] as const) {
      const when = at === undefined ? null : formatMoment(language, at);
      if (when !== null) details.push({ term: t('signing.signature.timestampAuthority'), value: t(`signing.timestamp.${key}`, { time: `${when.time} ${when.date}` }) });
    }
  }
  if (check.coverage !== undefined) details.push({ term: t('signing.signature.coverage'), value: t(`signing.coverage.${check.coverage}`) });
  const technical: Detail[] = [
    ...(check.signer === undefined ? [] : [{ term: t('signing.signature.subject'), value: check.signer.subject }, { term: t('signing.signature.fingerprint'), value: check.signer.fingerprint, hex: true }]),
    ...(check.field === undefined ? [] : [{ term: t('signing.signature.field'), value: check.field }]),
  ];
  return (
    <>
      <h4>{check.valid ? t('signing.signature.valid', { number, name: check.signer?.name ?? '' }) : t('signing.signature.invalid', { number })}</h4>
      {check.problem !== undefined && (
        <StatusLine severity="danger">
          <p>{t(`error.signature.${check.problem}`)}</p>
        </StatusLine>
      )}
      {check.valid && check.coverage === 'changesAppended' && (
        <StatusLine severity="warning">
          <p>{t('error.signature.changedAfter')}</p>
        </StatusLine>
      )}
      <DetailList details={details} />
      <TechnicalDetails details={technical} />
    </>
  );
}
