import { useId } from 'react';
import { auditRange, type AuditFilter } from './audit-filter.js';
import { errorMessageKey } from '../../i18n/catalog.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { daysInWords } from './audit-view.js';
import { StatusLine } from '../../components/StatusLine.js';

/**
 * The inspector's copy of the days last filtered (what the table shows), whatever event or result
 * was picked: a report of a selection would hide what it left out. The days are said before the
 * button, so nobody exports a range they did not mean.
 */
export function AuditExport({ filter }: { filter: AuditFilter }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const busy = useAirlock((state) => state.busy.auditExport);
  const exported = useAirlock((state) => state.audit.exported);
  const exportAudit = useAirlock((state) => state.exportAudit);
  const headingId = useId();
  const range = auditRange(filter);
  // The store only keeps a filter whose days were checked; this guards the types, not the user.
  if (typeof range === 'string') return null;

  return (
    <section className="audit-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('audit.export.heading')}</h2>
      <p className="prose">{t('audit.export.intro', daysInWords(language, range))}</p>
      <button type="button" className="button" aria-disabled={busy || undefined} onClick={() => void exportAudit(range)}>
        {t('audit.export.button')}
      </button>
      <div role="status" className="audit-outcome">
        {busy && <p className="prose">{t('audit.export.busy')}</p>}
        {exported?.status === 'done' && (
          <StatusLine severity="ok">
            <p>{t('audit.export.done', { ...daysInWords(language, exported.value.range), entries: exported.value.entries })}</p>
            <p className="file-path">{exported.value.path}</p>
            <p>{t('audit.export.signed')}</p>
          </StatusLine>
        )}
      </div>
      <div role="alert" className="audit-outcome">
        {exported?.status === 'failed' && <p className="notice notice--danger">{t(errorMessageKey(exported.error))}</p>}
      </div>
    </section>
  );
}
