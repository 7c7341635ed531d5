import { useEffect, useState } from 'react';
import { defaultAuditFilter } from './audit-filter.js';
import { AuditExport } from './AuditExport.js';
import { AuditFilterForm } from './AuditFilterForm.js';
import { AuditResults } from './AuditResults.js';
import { AuditVerify } from './AuditVerify.js';
import { useT } from '../../use-t.js';
import { useAirlock, useAirlockStore } from '../../store-context.js';

/**
 * The audit log for the official and the inspector: the integrity check first (it is about the
 * whole log), then the filtered entries, then the signed report of the days filtered.
 */
export function AuditScreen() {
  const t = useT();
  const store = useAirlockStore();
  // Coming back to the screen keeps the last filter; after a lock (which empties it) the last seven days.
  const [initial] = useState(() => store.getState().audit.filter ?? defaultAuditFilter(new Date()));
  const filter = useAirlock((state) => state.audit.filter);

  // Asked again on every visit: entries are added all the time, and a list is only as fresh as its read.
  useEffect(() => {
    void store.getState().queryAudit(initial);
  }, [store, initial]);

  return (
    <>
      <h1>{t('screen.audit.name')}</h1>
      <p className="prose">{t('screen.audit.intro')}</p>
      <AuditVerify />
      <div className="audit-section">
        <AuditFilterForm initial={initial} />
        <AuditResults />
      </div>
      {filter !== null && <AuditExport filter={filter} />}
    </>
  );
}
