import { useId } from 'react';
import type { AuditVerdict } from '../../../../shared/domain/audit.js';
import { errorMessageKey, type Translate } from '../../i18n/catalog.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { StatusLine } from '../../components/StatusLine.js';

type Intact = Extract<AuditVerdict, { ok: true }>;

/**
 * A log with entries but no signed checkpoint is intact as far as its chain goes, yet nothing in
 * it is vouched for by the token: someone with the data key alone could have rebuilt it. So that
 * case is a warning, not a tick.
 */
function IntactVerdict({ t, verdict }: { t: Translate; verdict: Intact }) {
  if (verdict.lastCheckpoint === undefined) {
    return (
      <StatusLine severity={verdict.entries === 0 ? 'ok' : 'warning'}>
        <p>{t('audit.verify.intactNoCheckpoint', { entries: verdict.entries })}</p>
      </StatusLine>
    );
  }
  return (
    <StatusLine severity="ok">
      <p>{t('audit.verify.intact', { entries: verdict.entries, checkpoint: verdict.lastCheckpoint, since: verdict.sinceCheckpoint })}</p>
    </StatusLine>
  );
}

/**
 * Checks the whole log (not only the rows shown) on demand. A good verdict is said politely;
 * tampering and failures go to the alert region, read out at once, in the strong red frame.
 */
export function AuditVerify() {
  const t = useT();
  const busy = useAirlock((state) => state.busy.auditVerify);
  const verdict = useAirlock((state) => state.audit.verdict);
  const verifyAudit = useAirlock((state) => state.verifyAudit);
  const headingId = useId();
  const done = verdict?.status === 'done' ? verdict.value : null;

  return (
    <section className="audit-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('audit.verify.heading')}</h2>
      <p className="prose">{t('audit.verify.intro')}</p>
      {/* aria-disabled, not disabled: a disabled button would drop keyboard focus to the page. */}
      <button type="button" className="button" aria-disabled={busy || undefined} onClick={() => void verifyAudit()}>
        {t('audit.verify.button')}
      </button>
      <div role="status" className="audit-outcome">
        {busy && <p className="prose">{t('audit.verify.busy')}</p>}
        {done?.ok === true && <IntactVerdict t={t} verdict={done} />}
      </div>
      <div role="alert" className="audit-outcome">
        {done?.ok === false && (
          <StatusLine severity="danger" strong>
            <p>{t(`audit.problem.${done.problem}`, { seq: done.firstBad })}</p>
            <p>{t('audit.verify.tamperedAction')}</p>
          </StatusLine>
        )}
        {verdict?.status === 'failed' && <p className="notice notice--danger">{t(errorMessageKey(verdict.error))}</p>}
      </div>
    </section>
  );
}
