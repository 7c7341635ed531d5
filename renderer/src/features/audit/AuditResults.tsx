import { AUDIT_LIMIT } from './audit-filter.js';
import { errorMessageKey } from '../../i18n/catalog.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { AuditTable } from './AuditTable.js';

/**
 * What the last query found. Both regions stay mounted, so "reading", the count and a failure
 * are announced as they come, without moving focus away from the filter.
 */
export function AuditResults() {
  const t = useT();
  const entries = useAirlock((state) => state.audit.entries);
  const filter = useAirlock((state) => state.audit.filter);
  const found = entries?.status === 'done' ? entries.value : null;

  return (
    <>
      <div role="status" className="audit-status">
        {entries?.status === 'loading' && <p className="prose">{t('audit.entries.loading')}</p>}
        {found !== null && <p className="prose">{found.length === 0 ? t('audit.entries.none') : t('audit.entries.count', { count: found.length })}</p>}
        {/* The core stops at the limit: a full page may hide older entries, and the reader must know. */}
        {found !== null && found.length >= AUDIT_LIMIT && <p className="notice">{t('audit.entries.limited', { limit: AUDIT_LIMIT })}</p>}
      </div>
      <div role="alert" className="audit-status">
        {entries?.status === 'failed' && <p className="notice notice--danger">{t(errorMessageKey(entries.error))}</p>}
      </div>
      {found !== null && found.length > 0 && filter !== null && <AuditTable entries={found} filter={filter} />}
    </>
  );
}
