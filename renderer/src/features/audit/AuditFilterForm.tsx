import { useId, useRef, useState, type FormEvent } from 'react';
import { AUDIT_KINDS, AUDIT_RESULTS, auditRange, isAuditKind, isAuditResult, isDay, type AuditFilter, type AuditRangeProblem } from './audit-filter.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';

/** The select value for "all"; no kind or result is spelt like this. */
const ALL = 'all';

/**
 * Days, event and result, applied with "Lọc". Nothing is asked until the user applies, so the
 * table never changes under the reader while they are still choosing.
 */
export function AuditFilterForm({ initial }: { initial: AuditFilter }) {
  const t = useT();
  const queryAudit = useAirlock((state) => state.queryAudit);
  const [draft, setDraft] = useState(initial);
  const [problem, setProblem] = useState<AuditRangeProblem | null>(null);
  const fromField = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const fromId = useId();
  const toId = useId();
  const kindId = useId();
  const resultId = useId();
  const problemId = useId();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const range = auditRange(draft);
    if (typeof range === 'string') {
      setProblem(range);
      fromField.current?.focus();
      return;
    }
    setProblem(null);
    void queryAudit(draft);
  };

  // A bad day marks the field that holds it; days in the wrong order mark both.
  const invalidFrom = problem === 'audit.filter.fromAfterTo' || (problem !== null && !isDay(draft.fromDate));
  const invalidTo = problem === 'audit.filter.fromAfterTo' || (problem !== null && !isDay(draft.toDate));
  const dayProps = (invalid: boolean) => ({
    className: 'field__input',
    'aria-invalid': invalid || undefined,
    'aria-describedby': invalid ? problemId : undefined,
  });

  return (
    <form className="audit-filter" noValidate aria-labelledby={headingId} onSubmit={onSubmit}>
      <h2 id={headingId} className="audit-filter__heading">
        {t('audit.filter.heading')}
      </h2>
      <div className="audit-filter__fields">
        <div className="field audit-filter__field">
          <label className="field__label" htmlFor={fromId}>
            {t('audit.filter.from')}
          </label>
          <input
            ref={fromField}
            id={fromId}
            type="date"
            value={draft.fromDate}
            onChange={(event) => {
              setDraft({ ...draft, fromDate: event.target.value });
            }}
            {...dayProps(invalidFrom)}
          />
        </div>
        <div className="field audit-filter__field">
          <label className="field__label" htmlFor={toId}>
            {t('audit.filter.to')}
          </label>
          <input
            id={toId}
            type="date"
            value={draft.toDate}
            onChange={(event) => {
              setDraft({ ...draft, toDate: event.target.value });
            }}
            {...dayProps(invalidTo)}
          />
        </div>
        <div className="field audit-filter__field">
          <label className="field__label" htmlFor={kindId}>
            {t('audit.filter.kind')}
          </label>
          <select
            id={kindId}
            className="field__input"
            value={draft.kind ?? ALL}
            onChange={(event) => {
              const value = event.target.value;
              setDraft({ ...draft, kind: isAuditKind(value) ? value : null });
            }}
          >
            <option value={ALL}>{t('audit.filter.all')}</option>
            {AUDIT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`audit.kind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field audit-filter__field">
          <label className="field__label" htmlFor={resultId}>
            {t('audit.filter.result')}
          </label>
          <select
            id={resultId}
            className="field__input"
            value={draft.result ?? ALL}
            onChange={(event) => {
              const value = event.target.value;
              setDraft({ ...draft, result: isAuditResult(value) ? value : null });
            }}
          >
            <option value={ALL}>{t('audit.filter.all')}</option>
            {AUDIT_RESULTS.map((result) => (
              <option key={result} value={result}>
                {t(`audit.result.${result}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div role="alert" className="field-problem-region">
        {problem !== null && (
          <p id={problemId} className="field-problem">
            {t(problem)}
          </p>
        )}
      </div>
      <button type="submit" className="button button--primary">
        {t('audit.filter.apply')}
      </button>
    </form>
  );
}
